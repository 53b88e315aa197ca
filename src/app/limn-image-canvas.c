/* limn-image-canvas.c
 *
 * The image canvas as a widget: its properties and signal, its public
 * setters (task, draft, project, selection, labels), and the widget and
 * object life cycle. The rest lives by concept beside it:
 *
 * - limn-image-canvas-items.c: the boxes, their grid index, hit testing;
 * - limn-image-canvas-view.c: zoom, pan and coordinate conversions;
 * - limn-image-canvas-loading.c: loading the image, the canvas's state;
 * - limn-image-canvas-tiles.c: the picture cached in tiles, per zoom;
 * - limn-image-canvas-grid.c: finding boxes in a rectangle;
 * - limn-image-canvas-overlays.c: the review overlays and the diff;
 * - limn-image-canvas-comments.c: comments pinned on regions;
 * - limn-image-canvas-paint.c: what a tile and a frame draw;
 * - limn-image-canvas-gestures.c: pointer, keys and actions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include "limn-image-canvas.h"
#include "limn-image-canvas-private.h"
#include "model/limn-util.h"

#define DEFAULT_MAX_PIXELS   (G_GUINT64_CONSTANT (100) * 1000 * 1000)

G_DEFINE_ENUM_TYPE (LimnImageCanvasState, limn_image_canvas_state,
                    G_DEFINE_ENUM_VALUE (LIMN_IMAGE_CANVAS_STATE_EMPTY, "empty"),
                    G_DEFINE_ENUM_VALUE (LIMN_IMAGE_CANVAS_STATE_LOADING, "loading"),
                    G_DEFINE_ENUM_VALUE (LIMN_IMAGE_CANVAS_STATE_READY, "ready"),
                    G_DEFINE_ENUM_VALUE (LIMN_IMAGE_CANVAS_STATE_ERROR, "error"))

G_DEFINE_FINAL_TYPE (LimnImageCanvas, limn_image_canvas, GTK_TYPE_WIDGET)

enum {
  FIRST_FRAME,
  REGION_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[CANVAS_N_PROPS];
static guint signals[N_SIGNALS];

void
limn_image_canvas_notify (LimnImageCanvas *self,
                          CanvasProp       prop)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

void
limn_image_canvas_emit_region_activated (LimnImageCanvas  *self,
                                         LimnOverlayLayer *layer,
                                         const char       *region_id)
{
  g_signal_emit (self, signals[REGION_ACTIVATED], 0, layer, region_id);
}

/* ------------------------------------------------------------------------ */
/* Selection and labels                                                     */

void
limn_image_canvas_set_selected (LimnImageCanvas *self,
                                const char      *id)
{
  if (limn_set_str (&self->selected_id, id))
    {
      limn_image_canvas_update_actions (self);
      limn_image_canvas_update_cursor (self);
      limn_image_canvas_update_accessible_selection (self);
      gtk_widget_queue_draw (GTK_WIDGET (self));
      g_object_notify_by_pspec (G_OBJECT (self), properties[CANVAS_PROP_SELECTED_ID]);
    }
}

void
limn_image_canvas_select (LimnImageCanvas *self,
                          const char      *id)
{
  CanvasItem *item;

  g_return_if_fail (LIMN_IS_IMAGE_CANVAS (self));

  item = limn_image_canvas_lookup_item (self, id);
  limn_image_canvas_set_selected (self, item ? id : NULL);
  if (item != NULL && gtk_widget_get_width (GTK_WIDGET (self)) > 0)
    limn_image_canvas_ensure_visible (self, &item->region->box);
}

const char *
limn_image_canvas_get_selected (LimnImageCanvas *self)
{
  g_return_val_if_fail (LIMN_IS_IMAGE_CANVAS (self), NULL);

  return self->selected_id;
}

void
limn_image_canvas_set_active_label (LimnImageCanvas *self,
                                    const char      *label_id)
{
  g_return_if_fail (LIMN_IS_IMAGE_CANVAS (self));

  if (limn_set_str (&self->active_label, label_id))
    g_object_notify_by_pspec (G_OBJECT (self), properties[CANVAS_PROP_ACTIVE_LABEL]);
}

const char *
limn_image_canvas_get_active_label (LimnImageCanvas *self)
{
  g_return_val_if_fail (LIMN_IS_IMAGE_CANVAS (self), NULL);

  return self->active_label;
}

/* The label hotkey: relabels the selected box (accepting a selected
 * suggestion with that label, as one undo step), else picks the label for
 * the next new box. */
void
limn_image_canvas_apply_label (LimnImageCanvas *self,
                               const char      *label_id)
{
  CanvasItem *item;

  g_return_if_fail (LIMN_IS_IMAGE_CANVAS (self));
  g_return_if_fail (label_id != NULL);

  item = limn_image_canvas_lookup_item (self, self->selected_id);
  if (item == NULL || !limn_image_canvas_editable (self))
    {
      limn_image_canvas_set_active_label (self, label_id);
      return;
    }

  if (item->suggestion)
    {
      g_autofree char *suggestion_id = g_strdup (item->region->id);
      g_autofree char *region_id = NULL;

      limn_draft_begin_group (self->draft);
      region_id = g_strdup (limn_draft_accept_suggestion (self->draft, suggestion_id));
      if (region_id != NULL)
        limn_draft_set_region_label (self->draft, region_id, label_id);
      limn_draft_end_group (self->draft);
      if (region_id != NULL)
        limn_image_canvas_set_selected (self, region_id);
    }
  else
    {
      g_autofree char *region_id = g_strdup (item->region->id);

      limn_draft_set_region_label (self->draft, region_id, label_id);
    }
}

/* The label a new box gets: the active one, else the project's first. */
const char *
limn_image_canvas_label_for_new_box (LimnImageCanvas *self)
{
  if (self->active_label != NULL)
    return self->active_label;

  if (self->project != NULL)
    {
      GListModel *labels = limn_project_get_labels (self->project);

      if (g_list_model_get_n_items (labels) > 0)
        {
          g_autoptr(LimnLabel) label = g_list_model_get_item (labels, 0);

          return limn_label_get_id (label);
        }
    }

  return NULL;
}

/* ------------------------------------------------------------------------ */
/* Task, project and settings                                               */

static void
draft_changed_cb (LimnImageCanvas *self)
{
  limn_image_canvas_rebuild_items (self);

  if (self->selected_id != NULL && limn_image_canvas_lookup_item (self, self->selected_id) == NULL)
    limn_image_canvas_set_selected (self, NULL);
  if (self->hover_id != NULL && limn_image_canvas_lookup_item (self, self->hover_id) == NULL)
    g_clear_pointer (&self->hover_id, g_free);

  limn_image_canvas_update_actions (self);
  limn_image_canvas_update_hover (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
limn_image_canvas_set_task (LimnImageCanvas *self,
                            LimnTask        *task,
                            LimnDraft       *draft)
{
  g_return_if_fail (LIMN_IS_IMAGE_CANVAS (self));
  g_return_if_fail (task == NULL || LIMN_IS_TASK (task));
  g_return_if_fail (draft == NULL || LIMN_IS_DRAFT (draft));

  limn_image_canvas_cancel_drag (self);

  if (self->draft != NULL)
    {
      g_clear_signal_handler (&self->draft_changed_id, self->draft);
      g_clear_object (&self->draft);
    }

  if (self->task != task)
    {
      limn_image_canvas_clear_image (self);
      g_set_object (&self->task, task);
      if (task != NULL)
        limn_image_canvas_start_loading (self);
      else
        limn_image_canvas_set_state (self, LIMN_IMAGE_CANVAS_STATE_EMPTY, NULL);
    }

  if (draft != NULL)
    {
      self->draft = g_object_ref (draft);
      self->draft_changed_id = g_signal_connect_swapped (draft, "changed",
                                                         G_CALLBACK (draft_changed_cb), self);
    }

  g_clear_pointer (&self->hover_id, g_free);
  limn_image_canvas_set_selected (self, NULL);
  limn_image_canvas_rebuild_items (self);
  limn_image_canvas_update_actions (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
limn_image_canvas_set_project (LimnImageCanvas *self,
                               LimnProject     *project)
{
  g_return_if_fail (LIMN_IS_IMAGE_CANVAS (self));
  g_return_if_fail (project == NULL || LIMN_IS_PROJECT (project));

  if (g_set_object (&self->project, project))
    {
      g_hash_table_remove_all (self->chip_layouts);
      limn_image_canvas_rebuild_items (self);
      /* Label names in the diff's chips. */
      limn_image_canvas_rebuild_overlays (self);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

void
limn_image_canvas_set_max_pixels (LimnImageCanvas *self,
                                  guint64          max_pixels)
{
  g_return_if_fail (LIMN_IS_IMAGE_CANVAS (self));

  self->max_pixels = max_pixels;
}

void
limn_image_canvas_set_show_crosshair (LimnImageCanvas *self,
                                      gboolean         show_crosshair)
{
  g_return_if_fail (LIMN_IS_IMAGE_CANVAS (self));

  show_crosshair = !!show_crosshair;
  if (self->show_crosshair != show_crosshair)
    {
      self->show_crosshair = show_crosshair;
      gtk_widget_queue_draw (GTK_WIDGET (self));
      g_object_notify_by_pspec (G_OBJECT (self), properties[CANVAS_PROP_SHOW_CROSSHAIR]);
    }
}

gboolean
limn_image_canvas_get_show_crosshair (LimnImageCanvas *self)
{
  g_return_val_if_fail (LIMN_IS_IMAGE_CANVAS (self), FALSE);

  return self->show_crosshair;
}

const GError *
limn_image_canvas_get_error (LimnImageCanvas *self)
{
  g_return_val_if_fail (LIMN_IS_IMAGE_CANVAS (self), NULL);
  return self->state == LIMN_IMAGE_CANVAS_STATE_ERROR ? self->error : NULL;
}

void
limn_image_canvas_reload (LimnImageCanvas *self)
{
  g_return_if_fail (LIMN_IS_IMAGE_CANVAS (self));

  if (self->task == NULL || self->state == LIMN_IMAGE_CANVAS_STATE_READY)
    return;

  limn_image_canvas_clear_image (self);
  limn_image_canvas_start_loading (self);
  limn_image_canvas_update_actions (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

LimnImageCanvasState
limn_image_canvas_get_state (LimnImageCanvas *self)
{
  g_return_val_if_fail (LIMN_IS_IMAGE_CANVAS (self), LIMN_IMAGE_CANVAS_STATE_EMPTY);

  return self->state;
}

const char *
limn_image_canvas_get_error_message (LimnImageCanvas *self)
{
  g_return_val_if_fail (LIMN_IS_IMAGE_CANVAS (self), NULL);

  return self->error_message;
}

double
limn_image_canvas_get_zoom (LimnImageCanvas *self)
{
  g_return_val_if_fail (LIMN_IS_IMAGE_CANVAS (self), 1.0);

  return self->zoom;
}

void
limn_image_canvas_get_image_size (LimnImageCanvas *self,
                                  int             *width,
                                  int             *height)
{
  g_return_if_fail (LIMN_IS_IMAGE_CANVAS (self));

  if (width)
    *width = self->image_width;
  if (height)
    *height = self->image_height;
}

gboolean
limn_image_canvas_get_full_resolution (LimnImageCanvas *self)
{
  g_return_val_if_fail (LIMN_IS_IMAGE_CANVAS (self), FALSE);

  return self->pyramid != NULL;
}

/* ------------------------------------------------------------------------ */
/* Widget and object                                                        */

/* ::first-frame is emitted once the frame that shows the image and its
 * boxes has been painted, which is what the user sees. */
static void
after_paint_cb (GdkFrameClock   *clock,
                LimnImageCanvas *self)
{
  if (self->frame_has_image && !self->first_frame_emitted)
    {
      self->first_frame_emitted = TRUE;
      g_signal_emit (self, signals[FIRST_FRAME], 0);
    }
}

static void
limn_image_canvas_realize (GtkWidget *widget)
{
  LimnImageCanvas *self = LIMN_IMAGE_CANVAS (widget);

  GTK_WIDGET_CLASS (limn_image_canvas_parent_class)->realize (widget);

  self->frame_clock = g_object_ref (gtk_widget_get_frame_clock (widget));
  self->after_paint_id = g_signal_connect (self->frame_clock, "after-paint",
                                           G_CALLBACK (after_paint_cb), self);
}

static void
limn_image_canvas_unrealize (GtkWidget *widget)
{
  LimnImageCanvas *self = LIMN_IMAGE_CANVAS (widget);

  if (self->frame_clock != NULL)
    {
      g_clear_signal_handler (&self->after_paint_id, self->frame_clock);
      g_clear_object (&self->frame_clock);
    }
  limn_image_canvas_unrealize_tiles (self);

  GTK_WIDGET_CLASS (limn_image_canvas_parent_class)->unrealize (widget);
}

static void
limn_image_canvas_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  LimnImageCanvas *self = LIMN_IMAGE_CANVAS (widget);
  int min_w, min_h;

  gtk_widget_measure (self->spinner, GTK_ORIENTATION_HORIZONTAL, -1, &min_w, NULL, NULL, NULL);
  gtk_widget_measure (self->spinner, GTK_ORIENTATION_VERTICAL, -1, &min_h, NULL, NULL, NULL);
  min_w = MAX (min_w, 32);
  min_h = MAX (min_h, 32);
  gtk_widget_size_allocate (self->spinner,
                            &(GtkAllocation) { (width - min_w) / 2, (height - min_h) / 2, min_w, min_h },
                            -1);

  limn_image_canvas_allocate_view (self);
  limn_image_canvas_allocate_comments (self);
}

static void
limn_image_canvas_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  *minimum = 64;
  *natural = 640;
}

/* The focus ring follows keyboard focus, which only changes state flags. */
static void
limn_image_canvas_state_flags_changed (GtkWidget     *widget,
                                       GtkStateFlags  previous)
{
  GtkStateFlags ring = GTK_STATE_FLAG_FOCUSED | GTK_STATE_FLAG_FOCUS_VISIBLE;

  GTK_WIDGET_CLASS (limn_image_canvas_parent_class)->state_flags_changed (widget, previous);
  if ((previous & ring) != (gtk_widget_get_state_flags (widget) & ring))
    gtk_widget_queue_draw (widget);
}

static void
limn_image_canvas_css_changed (GtkWidget         *widget,
                               GtkCssStyleChange *change)
{
  LimnImageCanvas *self = LIMN_IMAGE_CANVAS (widget);

  GTK_WIDGET_CLASS (limn_image_canvas_parent_class)->css_changed (widget, change);

  /* Fonts may have changed. */
  g_hash_table_remove_all (self->chip_layouts);
  self->items_serial++;
}

static void
limn_image_canvas_dispose (GObject *object)
{
  LimnImageCanvas *self = LIMN_IMAGE_CANVAS (object);

  limn_image_canvas_set_task (self, NULL, NULL);
  g_clear_handle_id (&self->refine_id, g_source_remove);
  g_clear_pointer (&self->spinner, gtk_widget_unparent);
  g_clear_object (&self->project);
  limn_image_canvas_dispose_overlays (self);
  limn_image_canvas_dispose_comments (self);

  G_OBJECT_CLASS (limn_image_canvas_parent_class)->dispose (object);
}

static void
limn_image_canvas_finalize (GObject *object)
{
  LimnImageCanvas *self = LIMN_IMAGE_CANVAS (object);

  limn_image_canvas_finalize_items (self);
  limn_image_canvas_finalize_overlays (self);
  limn_image_canvas_finalize_comments (self);
  limn_image_canvas_finalize_tiles (self);
  g_hash_table_unref (self->chip_layouts);
  g_clear_pointer (&self->preview_surface, cairo_surface_destroy);
  g_free (self->scratch);
  g_array_unref (self->order);
  g_array_unref (self->colors);
  g_free (self->active_label);
  g_free (self->selected_id);
  g_free (self->hover_id);
  g_free (self->error_message);
  g_clear_error (&self->error);
  g_free (self->drag_id);
  g_free (self->last_click_id);

  G_OBJECT_CLASS (limn_image_canvas_parent_class)->finalize (object);
}

static void
limn_image_canvas_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  LimnImageCanvas *self = LIMN_IMAGE_CANVAS (object);

  switch (prop_id)
    {
    case CANVAS_PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;
    case CANVAS_PROP_SELECTED_ID:
      g_value_set_string (value, self->selected_id);
      break;
    case CANVAS_PROP_ACTIVE_LABEL:
      g_value_set_string (value, self->active_label);
      break;
    case CANVAS_PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case CANVAS_PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error_message);
      break;
    case CANVAS_PROP_SHOW_CROSSHAIR:
      g_value_set_boolean (value, self->show_crosshair);
      break;
    case CANVAS_PROP_FULL_RESOLUTION:
      g_value_set_boolean (value, self->pyramid != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
limn_image_canvas_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  LimnImageCanvas *self = LIMN_IMAGE_CANVAS (object);

  switch (prop_id)
    {
    case CANVAS_PROP_SELECTED_ID:
      limn_image_canvas_select (self, g_value_get_string (value));
      break;
    case CANVAS_PROP_ACTIVE_LABEL:
      limn_image_canvas_set_active_label (self, g_value_get_string (value));
      break;
    case CANVAS_PROP_SHOW_CROSSHAIR:
      limn_image_canvas_set_show_crosshair (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
limn_image_canvas_class_init (LimnImageCanvasClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = limn_image_canvas_dispose;
  object_class->finalize = limn_image_canvas_finalize;
  object_class->get_property = limn_image_canvas_get_property;
  object_class->set_property = limn_image_canvas_set_property;

  widget_class->snapshot = limn_image_canvas_snapshot;
  widget_class->measure = limn_image_canvas_measure;
  widget_class->size_allocate = limn_image_canvas_size_allocate;
  widget_class->realize = limn_image_canvas_realize;
  widget_class->unrealize = limn_image_canvas_unrealize;
  widget_class->css_changed = limn_image_canvas_css_changed;
  widget_class->state_flags_changed = limn_image_canvas_state_flags_changed;
  widget_class->query_tooltip = limn_image_canvas_query_tooltip;

  /**
   * LimnImageCanvas:zoom:
   *
   * Logical pixels per image pixel.
   */
  properties[CANVAS_PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, 0, G_MAXDOUBLE, 1.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[CANVAS_PROP_SELECTED_ID] =
    g_param_spec_string ("selected-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[CANVAS_PROP_ACTIVE_LABEL] =
    g_param_spec_string ("active-label", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[CANVAS_PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       LIMN_TYPE_IMAGE_CANVAS_STATE, LIMN_IMAGE_CANVAS_STATE_EMPTY,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[CANVAS_PROP_ERROR_MESSAGE] =
    g_param_spec_string ("error-message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[CANVAS_PROP_SHOW_CROSSHAIR] =
    g_param_spec_boolean ("show-crosshair", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[CANVAS_PROP_FULL_RESOLUTION] =
    g_param_spec_boolean ("full-resolution", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, CANVAS_N_PROPS, properties);

  /**
   * LimnImageCanvas::first-frame:
   *
   * The first frame showing the task's image (preview or full) with its
   * boxes has been painted.
   */
  signals[FIRST_FRAME] =
    g_signal_new ("first-frame", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * LimnImageCanvas::region-activated:
   * @layer: (nullable): the LimnOverlayLayer, or %NULL for a region of the diff
   * @region_id: the region's id
   *
   * A review overlay's region was clicked where no editable box is (to pin
   * a comment on it, say).
   */
  signals[REGION_ACTIVATED] =
    g_signal_new ("region-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, LIMN_TYPE_OVERLAY_LAYER, G_TYPE_STRING);

  gtk_widget_class_set_css_name (widget_class, "limn-image-canvas");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);

  limn_image_canvas_class_init_actions (widget_class);
}

static void
limn_image_canvas_init (LimnImageCanvas *self)
{
  limn_image_canvas_init_items (self);
  limn_image_canvas_init_overlays (self);
  limn_image_canvas_init_comments (self);
  limn_image_canvas_init_tiles (self);
  self->chip_layouts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->order = g_array_new (FALSE, FALSE, sizeof (guint));
  self->colors = g_array_new (FALSE, FALSE, sizeof (GdkRGBA));
  self->order_serial = G_MAXUINT;
  self->max_pixels = DEFAULT_MAX_PIXELS;
  self->show_crosshair = TRUE;
  self->zoom = 1.0;
  self->fitted = TRUE;

  self->spinner = gtk_spinner_new ();
  {
    /* Light on the canvas's dark background, whatever the theme. */
    g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

    gtk_css_provider_load_from_data (provider, "spinner { color: rgba(255,255,255,0.8); }", -1);
    gtk_style_context_add_provider (gtk_widget_get_style_context (self->spinner),
                                    GTK_STYLE_PROVIDER (provider),
                                    GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }
  gtk_widget_set_visible (self->spinner, FALSE);
  gtk_widget_set_parent (self->spinner, GTK_WIDGET (self));

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
  /* A photo is not text: in a right-to-left language the image, its boxes,
   * their chips and the arrow keys keep the image's own left and right. */
  gtk_widget_set_direction (GTK_WIDGET (self), GTK_TEXT_DIR_LTR);

  limn_image_canvas_init_gestures (self);
  limn_image_canvas_update_accessible_label (self);
  limn_image_canvas_update_actions (self);
}

GtkWidget *
limn_image_canvas_new (void)
{
  return g_object_new (LIMN_TYPE_IMAGE_CANVAS, NULL);
}
