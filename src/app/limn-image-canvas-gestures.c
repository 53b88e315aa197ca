/* limn-image-canvas-gestures.c
 *
 * How the canvas responds to the pointer and the keyboard: the hovered box
 * and the cursor, drawing, moving and resizing boxes, panning and zooming,
 * and the key actions that make every edit possible without a mouse. Edits
 * reach the draft once, at the end of a gesture.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include <math.h>

#include "limn-image-canvas-private.h"
#include "model/limn-util.h"

#define DEAD_ZONE       3.0                 /* logical px before a press becomes a drag */
#define MIN_NEW_BOX     2.0                 /* image px: smaller drags are clicks */
#define WHEEL_ZOOM_STEP 1.189207115002721   /* 2^(1/4) per wheel click */
#define KEY_ZOOM_STEP   1.414213562373095   /* 2^(1/2) per key press */
#define WHEEL_PAN_STEP  48.0                /* logical px per wheel click */

static void
image_point_for_drag (LimnImageCanvas *self,
                      double           offset_x,
                      double           offset_y,
                      double          *ix,
                      double          *iy)
{
  limn_image_canvas_widget_to_image (self,
                                     self->drag_start_x + offset_x,
                                     self->drag_start_y + offset_y,
                                     ix, iy);
}

static void
drag_begin_cb (GtkGestureDrag  *gesture,
               double           x,
               double           y,
               LimnImageCanvas *self)
{
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));
  CanvasItem *selected;
  CanvasItem *item;
  double ix, iy;

  gtk_widget_grab_focus (GTK_WIDGET (self));

  if (!limn_image_canvas_has_image (self) || self->drag_mode != CANVAS_DRAG_NONE)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }

  self->drag_start_x = x;
  self->drag_start_y = y;
  self->drag_active = FALSE;
  limn_image_canvas_widget_to_image (self, x, y, &ix, &iy);
  self->drag_start_ix = ix;
  self->drag_start_iy = iy;
  g_clear_pointer (&self->drag_id, g_free);

  if (button == GDK_BUTTON_MIDDLE || (button == GDK_BUTTON_PRIMARY && self->space_held))
    {
      self->drag_mode = CANVAS_DRAG_PAN;
      self->pan_start_x = self->offset_x;
      self->pan_start_y = self->offset_y;
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
      limn_image_canvas_update_cursor (self);
      return;
    }

  if (button != GDK_BUTTON_PRIMARY)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);

  /* The selected box's handles come first, even where they overlap
   * another box. */
  selected = limn_image_canvas_lookup_item (self, self->selected_id);
  if (selected != NULL && !selected->suggestion && limn_image_canvas_editable (self))
    {
      LimnHandle handle = limn_box_hit_handle (&selected->region->box, ix, iy, 6.0 / self->zoom);

      if (handle != LIMN_HANDLE_NONE && handle != LIMN_HANDLE_BODY)
        {
          self->drag_mode = CANVAS_DRAG_RESIZE;
          self->drag_handle = handle;
          self->drag_id = g_strdup (selected->region->id);
          self->drag_orig = self->drag_box = selected->region->box;
          limn_image_canvas_update_cursor (self);
          return;
        }
    }

  item = limn_image_canvas_item_at (self, ix, iy);
  /* A click there (not a drag) activates a review overlay's region. */
  self->overlay_press = item == NULL ? limn_image_canvas_overlay_item_at (self, ix, iy) : G_MAXUINT;
  if (item != NULL)
    {
      limn_image_canvas_set_selected (self, item->region->id);
      self->drag_id = g_strdup (item->region->id);
      if (item->suggestion || !limn_image_canvas_editable (self))
        self->drag_mode = CANVAS_DRAG_SELECT;
      else
        {
          self->drag_mode = CANVAS_DRAG_MOVE;
          self->drag_handle = LIMN_HANDLE_BODY;
          self->drag_orig = self->drag_box = item->region->box;
        }
    }
  else if (limn_image_canvas_editable (self))
    {
      self->drag_mode = CANVAS_DRAG_CREATE;
      self->drag_box = limn_box_from_corners (ix, iy, ix, iy);
    }
  else if (self->overlay_press != G_MAXUINT)
    self->drag_mode = CANVAS_DRAG_OVERLAY;

  limn_image_canvas_update_cursor (self);
}

static void
drag_update_cb (GtkGestureDrag  *gesture,
                double           offset_x,
                double           offset_y,
                LimnImageCanvas *self)
{
  double ix, iy, dx, dy;

  switch (self->drag_mode)
    {
    case CANVAS_DRAG_NONE:
    case CANVAS_DRAG_SELECT:
      return;

    case CANVAS_DRAG_OVERLAY:
      /* Moved past the dead zone: not a click. */
      self->drag_active |= hypot (offset_x, offset_y) >= DEAD_ZONE;
      return;

    case CANVAS_DRAG_PAN:
      self->offset_x = self->pan_start_x + offset_x;
      self->offset_y = self->pan_start_y + offset_y;
      self->fitted = FALSE;
      limn_image_canvas_clamp_view (self);
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return;

    case CANVAS_DRAG_CREATE:
    case CANVAS_DRAG_MOVE:
    case CANVAS_DRAG_RESIZE:
    default:
      break;
    }

  if (!self->drag_active)
    {
      if (hypot (offset_x, offset_y) < DEAD_ZONE)
        return;
      self->drag_active = TRUE;
      g_clear_pointer (&self->hover_id, g_free);
    }

  image_point_for_drag (self, offset_x, offset_y, &ix, &iy);
  dx = ix - self->drag_start_ix;
  dy = iy - self->drag_start_iy;

  switch (self->drag_mode)
    {
    case CANVAS_DRAG_CREATE:
      self->drag_box = limn_box_from_corners (self->drag_start_ix, self->drag_start_iy, ix, iy);
      self->drag_box = limn_box_clamp (&self->drag_box, self->image_width, self->image_height);
      break;

    case CANVAS_DRAG_MOVE:
      self->drag_box = limn_box_translate_within (&self->drag_orig, dx, dy,
                                                  self->image_width, self->image_height);
      break;

    case CANVAS_DRAG_RESIZE:
      {
        LimnBox b = limn_box_drag_handle (&self->drag_orig, self->drag_handle, dx, dy, 1.0);

        b = limn_box_clamp (&b, self->image_width, self->image_height);
        b.w = MAX (b.w, 1.0);
        b.h = MAX (b.h, 1.0);
        b.x = MIN (b.x, self->image_width - b.w);
        b.y = MIN (b.y, self->image_height - b.h);
        self->drag_box = b;
      }
      break;

    case CANVAS_DRAG_NONE:
    case CANVAS_DRAG_OVERLAY:
    case CANVAS_DRAG_PAN:
    case CANVAS_DRAG_SELECT:
    default:
      break;
    }

  limn_image_canvas_update_cursor (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
is_double_click (LimnImageCanvas *self,
                 const char      *id)
{
  GtkSettings *settings = gtk_widget_get_settings (GTK_WIDGET (self));
  gint64 now = g_get_monotonic_time ();
  int double_click_ms = 400;
  gboolean result;

  g_object_get (settings, "gtk-double-click-time", &double_click_ms, NULL);
  result = id != NULL && g_strcmp0 (id, self->last_click_id) == 0 &&
           now - self->last_click_time <= (gint64)double_click_ms * 1000;

  /* A double click does not start a triple. */
  self->last_click_time = result ? 0 : now;
  limn_set_str (&self->last_click_id, id);

  return result;
}

static void
drag_end_cb (GtkGestureDrag  *gesture,
             double           offset_x,
             double           offset_y,
             LimnImageCanvas *self)
{
  CanvasDragMode mode = self->drag_mode;
  g_autofree char *id = g_steal_pointer (&self->drag_id);
  gboolean active = self->drag_active;
  LimnBox box = self->drag_box;

  self->drag_mode = CANVAS_DRAG_NONE;
  self->drag_active = FALSE;

  switch (mode)
    {
    case CANVAS_DRAG_CREATE:
      if (!active || box.w < MIN_NEW_BOX || box.h < MIN_NEW_BOX || !limn_image_canvas_editable (self))
        {
          /* A click on empty space, or on a review overlay's region. */
          is_double_click (self, NULL);
          limn_image_canvas_set_selected (self, NULL);
          if (!active)
            limn_image_canvas_activate_overlay (self, self->overlay_press);
        }
      else
        {
          g_autoptr(LimnRegion) region =
            limn_region_new_box (NULL, limn_image_canvas_label_for_new_box (self), &box);

          if (limn_draft_add_region (self->draft, region))
            limn_image_canvas_set_selected (self, region->id);
        }
      break;

    case CANVAS_DRAG_MOVE:
      if (active)
        limn_draft_move_region (self->draft, id, &box);
      else
        is_double_click (self, id);
      break;

    case CANVAS_DRAG_RESIZE:
      if (active)
        limn_draft_resize_region (self->draft, id, &box);
      break;

    case CANVAS_DRAG_SELECT:
      if (is_double_click (self, id) && limn_image_canvas_editable (self) &&
          limn_draft_lookup_suggestion (self->draft, id) != NULL)
        {
          const char *region_id = limn_draft_accept_suggestion (self->draft, id);

          if (region_id != NULL)
            limn_image_canvas_set_selected (self, region_id);
        }
      break;

    case CANVAS_DRAG_OVERLAY:
      if (!active)
        limn_image_canvas_activate_overlay (self, self->overlay_press);
      break;

    case CANVAS_DRAG_PAN:
    case CANVAS_DRAG_NONE:
    default:
      break;
    }

  self->overlay_press = G_MAXUINT;
  limn_image_canvas_update_hover (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Escape during a drag: nothing was written to the draft yet, so dropping
 * the gesture restores the box. */
void
limn_image_canvas_cancel_drag (LimnImageCanvas *self)
{
  if (self->drag_mode == CANVAS_DRAG_NONE)
    return;

  if (self->drag_mode == CANVAS_DRAG_PAN)
    {
      self->offset_x = self->pan_start_x;
      self->offset_y = self->pan_start_y;
      limn_image_canvas_clamp_view (self);
    }

  self->drag_mode = CANVAS_DRAG_NONE;
  self->drag_active = FALSE;
  g_clear_pointer (&self->drag_id, g_free);
  if (self->drag_gesture != NULL)
    gtk_event_controller_reset (GTK_EVENT_CONTROLLER (self->drag_gesture));
  limn_image_canvas_update_hover (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* What is under the pointer: the hovered box (highlighted) and the cursor
 * that says what a press there would do. */
static void
set_hover (LimnImageCanvas *self,
           const char      *id)
{
  if (limn_set_str (&self->hover_id, id))
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
limn_image_canvas_update_cursor (LimnImageCanvas *self)
{
  static const char *handle_cursors[] = {
    [LIMN_HANDLE_NONE] = "crosshair",
    [LIMN_HANDLE_TOP_LEFT] = "nw-resize",
    [LIMN_HANDLE_TOP] = "n-resize",
    [LIMN_HANDLE_TOP_RIGHT] = "ne-resize",
    [LIMN_HANDLE_RIGHT] = "e-resize",
    [LIMN_HANDLE_BOTTOM_RIGHT] = "se-resize",
    [LIMN_HANDLE_BOTTOM] = "s-resize",
    [LIMN_HANDLE_BOTTOM_LEFT] = "sw-resize",
    [LIMN_HANDLE_LEFT] = "w-resize",
    [LIMN_HANDLE_BODY] = "move",
  };
  const char *name = "default";

  if (!limn_image_canvas_has_image (self))
    name = "default";
  else if (self->drag_mode == CANVAS_DRAG_PAN)
    name = "grabbing";
  else if (self->space_held)
    name = "grab";
  else if (self->drag_mode == CANVAS_DRAG_RESIZE)
    name = handle_cursors[self->drag_handle];
  else if (self->drag_mode == CANVAS_DRAG_MOVE && self->drag_active)
    name = "move";
  else if (self->drag_mode == CANVAS_DRAG_CREATE)
    name = "crosshair";
  else if (self->pointer_inside)
    {
      CanvasItem *selected = limn_image_canvas_lookup_item (self, self->selected_id);
      double ix, iy;

      limn_image_canvas_widget_to_image (self, self->pointer_x, self->pointer_y, &ix, &iy);
      name = "crosshair";

      if (selected != NULL && !selected->suggestion)
        {
          LimnHandle handle = limn_box_hit_handle (&selected->region->box, ix, iy,
                                                   (HANDLE_SIZE / 2 + 2) / self->zoom);

          if (handle != LIMN_HANDLE_NONE)
            name = handle_cursors[handle];
        }
      if (g_str_equal (name, "crosshair") &&
          (self->hover_id != NULL || (self->overlay_hover != G_MAXUINT && !limn_image_canvas_editable (self))))
        name = "pointer";
      if (g_str_equal (name, "move") && g_strcmp0 (self->hover_id, self->selected_id) != 0)
        name = "pointer";
      if (limn_image_canvas_comment_at (self, self->pointer_x, self->pointer_y) != NULL)
        name = "pointer";
    }

  if (self->cursor_name != name)
    {
      self->cursor_name = name;
      gtk_widget_set_cursor_from_name (GTK_WIDGET (self), name);
    }
}

void
limn_image_canvas_update_hover (LimnImageCanvas *self)
{
  CanvasItem *item = NULL;
  guint overlay = G_MAXUINT;

  if (self->pointer_inside && limn_image_canvas_has_image (self) &&
      (self->drag_mode == CANVAS_DRAG_NONE || self->drag_mode == CANVAS_DRAG_SELECT))
    {
      double ix, iy;

      limn_image_canvas_widget_to_image (self, self->pointer_x, self->pointer_y, &ix, &iy);
      item = limn_image_canvas_item_at (self, ix, iy);
      if (item == NULL)
        overlay = limn_image_canvas_overlay_item_at (self, ix, iy);
    }

  if (self->drag_mode == CANVAS_DRAG_NONE || self->drag_mode == CANVAS_DRAG_SELECT)
    {
      set_hover (self, item ? item->region->id : NULL);
      if (self->overlay_hover != overlay)
        {
          self->overlay_hover = overlay;
          gtk_widget_queue_draw (GTK_WIDGET (self));
        }
    }

  /* The crosshair follows the pointer. */
  if (self->show_crosshair && limn_image_canvas_has_image (self))
    gtk_widget_queue_draw (GTK_WIDGET (self));

  limn_image_canvas_update_cursor (self);
}


static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           LimnImageCanvas          *self)
{
  self->pointer_x = x;
  self->pointer_y = y;
  self->pointer_inside = TRUE;
  limn_image_canvas_update_hover (self);
}

static void
leave_cb (GtkEventControllerMotion *controller,
          LimnImageCanvas          *self)
{
  self->pointer_inside = FALSE;
  limn_image_canvas_update_hover (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           LimnImageCanvas          *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  gboolean wheel = gtk_event_controller_scroll_get_unit (controller) == GDK_SCROLL_UNIT_WHEEL;

  if (!limn_image_canvas_has_image (self))
    return FALSE;

  if (state & GDK_CONTROL_MASK)
    {
      double wx = self->pointer_inside ? self->pointer_x : gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
      double wy = self->pointer_inside ? self->pointer_y : gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
      /* Touchpads send pixels: about 40 of them make one wheel click. */
      double clicks = wheel ? dy : dy / 40.0;

      limn_image_canvas_zoom_at (self, self->zoom * pow (WHEEL_ZOOM_STEP, -clicks), wx, wy);
      return TRUE;
    }

  if (state & GDK_SHIFT_MASK)
    {
      double t = dx;

      dx = dy;
      dy = t;
    }

  if (wheel)
    {
      dx *= WHEEL_PAN_STEP;
      dy *= WHEEL_PAN_STEP;
    }

  limn_image_canvas_pan_by (self, -dx, -dy);
  return TRUE;
}

/* Space held turns a left drag into a pan, as in GIMP and Photoshop. */
static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                LimnImageCanvas       *self)
{
  if (keyval != GDK_KEY_space)
    return FALSE;

  if (!self->space_held)
    {
      self->space_held = TRUE;
      limn_image_canvas_update_cursor (self);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }

  return TRUE;
}

static void
key_released_cb (GtkEventControllerKey *controller,
                 guint                  keyval,
                 guint                  keycode,
                 GdkModifierType        state,
                 LimnImageCanvas       *self)
{
  if (keyval == GDK_KEY_space && self->space_held)
    {
      self->space_held = FALSE;
      limn_image_canvas_update_cursor (self);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
focus_leave_cb (GtkEventControllerFocus *controller,
                LimnImageCanvas         *self)
{
  self->space_held = FALSE;
  limn_image_canvas_update_cursor (self);
}

void
limn_image_canvas_init_gestures (LimnImageCanvas *self)
{
  GtkEventController *controller;

  self->drag_gesture = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (self->drag_gesture), 0);
  g_signal_connect (self->drag_gesture, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (self->drag_gesture, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (self->drag_gesture, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (self->drag_gesture));

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "enter", G_CALLBACK (motion_cb), self);
  g_signal_connect (controller, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (controller, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect (controller, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  g_signal_connect (controller, "key-released", G_CALLBACK (key_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_focus_new ();
  g_signal_connect (controller, "leave", G_CALLBACK (focus_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

/* ------------------------------------------------------------------------ */
/* Actions                                                                  */

static CanvasItem *
selected_item (LimnImageCanvas *self)
{
  return limn_image_canvas_lookup_item (self, self->selected_id);
}

static CanvasItem *
selected_region (LimnImageCanvas *self)
{
  CanvasItem *item = selected_item (self);

  return item != NULL && !item->suggestion ? item : NULL;
}

void
limn_image_canvas_update_actions (LimnImageCanvas *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  CanvasItem *item = selected_item (self);
  gboolean image = limn_image_canvas_has_image (self);
  gboolean editable = image && limn_image_canvas_editable (self);
  gboolean region = editable && item != NULL && !item->suggestion;
  gboolean suggestion = editable && item != NULL && item->suggestion;

  gtk_widget_action_set_enabled (widget, "canvas.zoom-in", image);
  gtk_widget_action_set_enabled (widget, "canvas.zoom-out", image);
  gtk_widget_action_set_enabled (widget, "canvas.zoom-fit", image);
  gtk_widget_action_set_enabled (widget, "canvas.zoom-one-to-one", image);
  gtk_widget_action_set_enabled (widget, "canvas.nudge", region);
  gtk_widget_action_set_enabled (widget, "canvas.grow", region);
  gtk_widget_action_set_enabled (widget, "canvas.select-next", image && self->items->len > 0);
  gtk_widget_action_set_enabled (widget, "canvas.select-previous", image && self->items->len > 0);
  gtk_widget_action_set_enabled (widget, "canvas.new-box", editable);
  gtk_widget_action_set_enabled (widget, "canvas.delete", region || suggestion);
  gtk_widget_action_set_enabled (widget, "canvas.accept", suggestion);
  gtk_widget_action_set_enabled (widget, "canvas.escape",
                                 item != NULL || self->drag_mode != CANVAS_DRAG_NONE);
}

static void
zoom_anchor (LimnImageCanvas *self,
             double          *wx,
             double          *wy)
{
  if (self->pointer_inside)
    {
      *wx = self->pointer_x;
      *wy = self->pointer_y;
    }
  else
    {
      *wx = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
      *wy = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
    }
}

static void
zoom_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  LimnImageCanvas *self = LIMN_IMAGE_CANVAS (widget);
  double wx, wy;

  zoom_anchor (self, &wx, &wy);
  limn_image_canvas_zoom_at (self, self->zoom * KEY_ZOOM_STEP, wx, wy);
}

static void
zoom_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  LimnImageCanvas *self = LIMN_IMAGE_CANVAS (widget);
  double wx, wy;

  zoom_anchor (self, &wx, &wy);
  limn_image_canvas_zoom_at (self, self->zoom / KEY_ZOOM_STEP, wx, wy);
}

static void
zoom_fit_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  limn_image_canvas_zoom_fit (LIMN_IMAGE_CANVAS (widget));
}

static void
zoom_one_to_one_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  limn_image_canvas_zoom_one_to_one (LIMN_IMAGE_CANVAS (widget));
}

/* Arrows move the selected box by whole image pixels. */
static void
nudge_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  LimnImageCanvas *self = LIMN_IMAGE_CANVAS (widget);
  CanvasItem *item = selected_region (self);
  g_autofree char *id = NULL;
  LimnBox box;
  int dx, dy;

  if (item == NULL || !limn_image_canvas_editable (self))
    return;

  g_variant_get (parameter, "(ii)", &dx, &dy);
  id = g_strdup (item->region->id);
  box = limn_box_translate_within (&item->region->box, dx, dy,
                                   self->image_width, self->image_height);
  if (limn_draft_move_region (self->draft, id, &box))
    limn_image_canvas_ensure_visible (self, &box);
}

/* Shift+arrows move the right or bottom edge: grow or shrink. */
static void
grow_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LimnImageCanvas *self = LIMN_IMAGE_CANVAS (widget);
  CanvasItem *item = selected_region (self);
  g_autofree char *id = NULL;
  LimnBox box;
  int dx, dy;

  if (item == NULL || !limn_image_canvas_editable (self))
    return;

  g_variant_get (parameter, "(ii)", &dx, &dy);
  id = g_strdup (item->region->id);
  box = limn_box_drag_handle (&item->region->box,
                              dx != 0 ? LIMN_HANDLE_RIGHT : LIMN_HANDLE_BOTTOM,
                              dx, dy, 1.0);
  box.w = MIN (box.w, self->image_width - box.x);
  box.h = MIN (box.h, self->image_height - box.y);
  limn_draft_resize_region (self->draft, id, &box);
}

static void
select_step (LimnImageCanvas *self,
             int              step)
{
  guint n = self->items->len;
  int index = -1;
  CanvasItem *item;

  if (n == 0)
    return;

  for (guint i = 0; i < n && self->selected_id != NULL; i++)
    {
      CanvasItem *it = g_ptr_array_index (self->items, i);

      if (g_strcmp0 (it->region->id, self->selected_id) == 0)
        {
          index = i;
          break;
        }
    }

  if (index < 0)
    index = step > 0 ? 0 : (int)n - 1;
  else
    index = (index + step + (int)n) % (int)n;

  item = g_ptr_array_index (self->items, index);
  limn_image_canvas_set_selected (self, item->region->id);
  limn_image_canvas_ensure_visible (self, &item->region->box);
}

static void
select_next_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  select_step (LIMN_IMAGE_CANVAS (widget), 1);
}

static void
select_previous_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  select_step (LIMN_IMAGE_CANVAS (widget), -1);
}

/* Ctrl+B / Insert: a box at the pointer (or the view's centre), a tenth of
 * the visible image in size, ready to be adjusted with the arrows. */
static void
new_box_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  LimnImageCanvas *self = LIMN_IMAGE_CANVAS (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  g_autoptr(LimnRegion) region = NULL;
  double vx1, vy1, vx2, vy2, cx, cy, w, h;
  LimnBox box;

  if (!limn_image_canvas_editable (self) || !limn_image_canvas_has_image (self))
    return;

  limn_image_canvas_widget_to_image (self, 0, 0, &vx1, &vy1);
  limn_image_canvas_widget_to_image (self, width, height, &vx2, &vy2);
  vx1 = MAX (vx1, 0);
  vy1 = MAX (vy1, 0);
  vx2 = MIN (vx2, self->image_width);
  vy2 = MIN (vy2, self->image_height);

  w = MAX (round ((vx2 - vx1) / 10), 1);
  h = MAX (round ((vy2 - vy1) / 10), 1);

  cx = (vx1 + vx2) / 2;
  cy = (vy1 + vy2) / 2;
  if (self->pointer_inside)
    {
      double px, py;

      limn_image_canvas_widget_to_image (self, self->pointer_x, self->pointer_y, &px, &py);
      if (px >= 0 && py >= 0 && px <= self->image_width && py <= self->image_height)
        {
          cx = px;
          cy = py;
        }
    }

  box = (LimnBox) { round (cx - w / 2), round (cy - h / 2), w, h };
  box = limn_box_translate_within (&box, 0, 0, self->image_width, self->image_height);

  region = limn_region_new_box (NULL, limn_image_canvas_label_for_new_box (self), &box);
  if (limn_draft_add_region (self->draft, region))
    limn_image_canvas_set_selected (self, region->id);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LimnImageCanvas *self = LIMN_IMAGE_CANVAS (widget);
  CanvasItem *item = selected_item (self);
  g_autofree char *id = NULL;

  if (item == NULL || !limn_image_canvas_editable (self))
    return;

  id = g_strdup (item->region->id);
  if (item->suggestion)
    limn_draft_reject_suggestion (self->draft, id);
  else
    limn_draft_remove_region (self->draft, id);
}

static void
accept_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LimnImageCanvas *self = LIMN_IMAGE_CANVAS (widget);
  CanvasItem *item = selected_item (self);
  g_autofree char *id = NULL;
  const char *region_id;

  if (item == NULL || !item->suggestion || !limn_image_canvas_editable (self))
    return;

  id = g_strdup (item->region->id);
  region_id = limn_draft_accept_suggestion (self->draft, id);
  if (region_id != NULL)
    limn_image_canvas_set_selected (self, region_id);
}

static void
escape_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LimnImageCanvas *self = LIMN_IMAGE_CANVAS (widget);

  if (self->drag_mode != CANVAS_DRAG_NONE)
    limn_image_canvas_cancel_drag (self);
  else
    limn_image_canvas_set_selected (self, NULL);
  limn_image_canvas_update_actions (self);
}

static void
bind_arrows (GtkWidgetClass *widget_class,
             GdkModifierType mods,
             const char     *action,
             int             step)
{
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, mods, action, "(ii)", -step, 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, mods, action, "(ii)", step, 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, mods, action, "(ii)", 0, -step);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, mods, action, "(ii)", 0, step);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Left, mods, action, "(ii)", -step, 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Right, mods, action, "(ii)", step, 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Up, mods, action, "(ii)", 0, -step);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Down, mods, action, "(ii)", 0, step);
}

void
limn_image_canvas_class_init_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "canvas.zoom-in", NULL, zoom_in_action);
  gtk_widget_class_install_action (widget_class, "canvas.zoom-out", NULL, zoom_out_action);
  gtk_widget_class_install_action (widget_class, "canvas.zoom-fit", NULL, zoom_fit_action);
  gtk_widget_class_install_action (widget_class, "canvas.zoom-one-to-one", NULL, zoom_one_to_one_action);
  gtk_widget_class_install_action (widget_class, "canvas.nudge", "(ii)", nudge_action);
  gtk_widget_class_install_action (widget_class, "canvas.grow", "(ii)", grow_action);
  gtk_widget_class_install_action (widget_class, "canvas.select-next", NULL, select_next_action);
  gtk_widget_class_install_action (widget_class, "canvas.select-previous", NULL, select_previous_action);
  gtk_widget_class_install_action (widget_class, "canvas.new-box", NULL, new_box_action);
  gtk_widget_class_install_action (widget_class, "canvas.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "canvas.accept", NULL, accept_action);
  gtk_widget_class_install_action (widget_class, "canvas.escape", NULL, escape_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, 0, "canvas.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, 0, "canvas.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "canvas.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "canvas.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "canvas.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, 0, "canvas.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, 0, "canvas.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "canvas.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "canvas.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "canvas.zoom-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0, GDK_CONTROL_MASK, "canvas.zoom-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_CONTROL_MASK, "canvas.zoom-one-to-one", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_1, GDK_CONTROL_MASK, "canvas.zoom-one-to-one", NULL);

  bind_arrows (widget_class, 0, "canvas.nudge", 1);
  bind_arrows (widget_class, GDK_CONTROL_MASK, "canvas.nudge", 10);
  bind_arrows (widget_class, GDK_SHIFT_MASK, "canvas.grow", 1);
  bind_arrows (widget_class, GDK_SHIFT_MASK | GDK_CONTROL_MASK, "canvas.grow", 10);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Tab, 0, "canvas.select-next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Tab, 0, "canvas.select-next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_ISO_Left_Tab, GDK_SHIFT_MASK, "canvas.select-previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Tab, GDK_SHIFT_MASK, "canvas.select-previous", NULL);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_b, GDK_CONTROL_MASK, "canvas.new-box", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Insert, 0, "canvas.new-box", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Insert, 0, "canvas.new-box", NULL);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "canvas.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, "canvas.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_BackSpace, 0, "canvas.delete", NULL);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "canvas.accept", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, 0, "canvas.accept", NULL);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "canvas.escape", NULL);
}
