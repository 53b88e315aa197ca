/* limn-span-view.c
 *
 * The object, its layout and scrolling. The span model lives in
 * limn-span-view-spans.c, drawing in limn-span-view-draw.c, pointer and
 * keys in limn-span-view-input.c.
 *
 * Scrolling: the adjustment's value is in document pixels; blocks above and
 * below the viewport carry estimated heights until they come into view.
 * Whenever real heights replace estimates, the view keeps one block (the
 * anchor, normally the first visible one) where it was on screen, so the text
 * under the reader's eyes never jumps.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "model/limn-util.h"
#include "limn-focus-ring.h"
#include "limn-span-view-private.h"

enum {
  PROP_0,
  PROP_SELECTED_ID,
  PROP_HAS_SELECTION,
  N_PROPS,

  PROP_HADJUSTMENT = N_PROPS,
  PROP_VADJUSTMENT,
  PROP_HSCROLL_POLICY,
  PROP_VSCROLL_POLICY,
};

enum {
  FIRST_FRAME,
  REGION_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE_WITH_CODE (LimnSpanView, limn_span_view, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SCROLLABLE, NULL))

/* Span items */

/* Colours and fonts */

static void
update_colors (LimnSpanView *self)
{
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS /* GtkStyleContext is how GTK 4.8 gives theme colours */
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));
  GdkRGBA accent;

  gtk_style_context_get_color (context, &self->fg);
  if (!gtk_style_context_lookup_color (context, "accent_bg_color", &accent) &&
      !gtk_style_context_lookup_color (context, "theme_selected_bg_color", &accent))
    gdk_rgba_parse (&accent, "#3584e4");
  G_GNUC_END_IGNORE_DEPRECATIONS

  self->dim_fg = self->fg;
  self->dim_fg.alpha *= 0.55;
  self->caret = self->fg;
  self->selection = accent;
  self->selection.alpha = 0.3;
}

static PangoFontDescription *
body_font (LimnSpanView *self)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  PangoFontDescription *font = pango_font_description_copy (pango_context_get_font_description (context));
  int size = pango_font_description_get_size (font);

  /* Reading text: a little larger than the interface font. */
  if (size <= 0)
    pango_font_description_set_size (font, 12 * PANGO_SCALE);
  else if (pango_font_description_get_size_is_absolute (font))
    pango_font_description_set_absolute_size (font, size * 1.1);
  else
    pango_font_description_set_size (font, (int) (size * 1.1));

  return font;
}

static PangoContext *
create_context (LimnSpanView               *self,
                PangoDirection              direction,
                const PangoFontDescription *font)
{
  PangoContext *context = gtk_widget_create_pango_context (GTK_WIDGET (self));
  const char *language = self->task ? limn_task_get_language (self->task) : NULL;

  pango_context_set_base_dir (context, direction);
  pango_context_set_font_description (context, font);
  if (language != NULL && language[0] != '\0')
    pango_context_set_language (context, pango_language_from_string (language));

  return context;
}

/* Lays the text out afresh for @width (a new task, width, font or
 * language), keeping the block at the top of the viewport in place. */
static void
relayout (LimnSpanView *self,
          int           width)
{
  PangoFontDescription *font = body_font (self);
  PangoContext *ltr;
  PangoContext *rtl;
  PangoFontMetrics *metrics;
  LimnSpanViewMetrics *m = &self->metrics;
  gboolean keep = self->configured;
  guint anchor = 0;
  double offset = 0;
  double fraction = -1;
  int caption_size;
  int margin;
  int available;
  int column;

  if (keep)
    {
      double value = gtk_adjustment_get_value (self->vadjustment);
      gint64 top;
      int height;

      anchor = limn_span_view_layout_block_at_y (self->layout, (gint64) value - SPAN_VIEW_TOP_MARGIN);
      top = limn_span_view_block_top (self, anchor);
      height = limn_span_view_layout_get_block (self->layout, anchor)->height;
      offset = value - top;
      if (offset >= 0 && offset < height)
        fraction = offset / height;
    }

  ltr = create_context (self, PANGO_DIRECTION_LTR, font);
  rtl = create_context (self, PANGO_DIRECTION_RTL, font);
  metrics = pango_context_get_metrics (ltr, font, pango_context_get_language (ltr));

  m->line_height = MAX (1, PANGO_PIXELS_CEIL (pango_font_metrics_get_height (metrics)));
  if (pango_font_metrics_get_height (metrics) <= 0)
    m->line_height = MAX (1, PANGO_PIXELS_CEIL (pango_font_metrics_get_ascent (metrics) +
                                                pango_font_metrics_get_descent (metrics)));
  m->char_width = MAX (1, PANGO_PIXELS (pango_font_metrics_get_approximate_char_width (metrics)));

  g_clear_pointer (&self->caption_font, pango_font_description_free);
  self->caption_font = pango_font_description_copy (font);
  caption_size = pango_font_description_get_size (font) * 72 / 100;
  if (pango_font_description_get_size_is_absolute (font))
    pango_font_description_set_absolute_size (self->caption_font, caption_size);
  else
    pango_font_description_set_size (self->caption_font, caption_size);
  pango_font_description_set_weight (self->caption_font, PANGO_WEIGHT_SEMIBOLD);
  limn_span_view_drop_chips (self);

  /* Captions sit in a band above each line, lane bars in one below it. */
  m->caption_band = MAX (10, m->line_height * 3 / 4) + 3;
  m->lane_band = 3 + SPAN_VIEW_MAX_LANES * (SPAN_VIEW_BAR_HEIGHT + SPAN_VIEW_BAR_GAP) +
                 limn_span_view_overlay_band (self);
  m->para_gap = m->line_height / 2;

  margin = MIN (SPAN_VIEW_SIDE_MARGIN, width / 12);
  available = MAX (width - 2 * margin, 40);
  column = MIN (available, SPAN_VIEW_MAX_LINE_CHARS * m->char_width);
  m->width = column;
  self->column_x = MAX (0, (width - column) / 2);

  limn_span_view_layout_configure (self->layout, ltr, rtl, m);
  self->configured = TRUE;
  pango_font_metrics_unref (metrics);
  g_object_unref (ltr);
  g_object_unref (rtl);
  g_clear_pointer (&self->body_font, pango_font_description_free);
  self->body_font = font;
  self->metrics_valid = TRUE;

  if (keep)
    {
      limn_span_view_layout_ensure (self->layout, anchor, NULL);
      if (fraction >= 0)
        offset = fraction * limn_span_view_layout_get_block (self->layout, anchor)->height;
      self->pending_anchor = TRUE;
      self->anchor_block = anchor;
      self->anchor_offset = offset;
    }
}

/* Scrolling */

gint64
limn_span_view_block_top (LimnSpanView *self,
                          guint         index)
{
  return SPAN_VIEW_TOP_MARGIN + limn_span_view_layout_get_y (self->layout, index);
}

static double
document_height (LimnSpanView *self)
{
  if (self->layout == NULL || !self->configured)
    return 0;

  return SPAN_VIEW_TOP_MARGIN + limn_span_view_layout_get_height (self->layout) + SPAN_VIEW_BOTTOM_MARGIN;
}

void
limn_span_view_sync_adjustment (LimnSpanView *self,
                                double        value)
{
  double page = MAX (self->alloc_height, 0);
  double upper = MAX (document_height (self), page);
  double step = self->metrics.line_height + self->metrics.caption_band + self->metrics.lane_band;

  self->in_update = TRUE;
  gtk_adjustment_configure (self->vadjustment, value, 0, upper, MAX (step, 1), page * 0.9, page);
  self->in_update = FALSE;
}

static void queue_prefetch (LimnSpanView *self);

/* Measures the blocks around the viewport and places the viewport so that
 * its anchor block stays where it was on screen. */
static void
update_viewport (LimnSpanView *self)
{
  double page = self->alloc_height;
  double margin = page / 2;
  guint n;
  guint anchor;
  double offset;
  double value = 0;

  if (self->layout == NULL || !self->configured)
    return;

  n = limn_span_view_layout_get_n_blocks (self->layout);

  if (self->pending_anchor)
    {
      anchor = MIN (self->anchor_block, n - 1);
      offset = self->anchor_offset;
      self->pending_anchor = FALSE;
    }
  else
    {
      value = gtk_adjustment_get_value (self->vadjustment);
      anchor = limn_span_view_layout_block_at_y (self->layout, (gint64) floor (value) - SPAN_VIEW_TOP_MARGIN);
      offset = value - limn_span_view_block_top (self, anchor);
    }

  for (guint attempt = 0; attempt < 4; attempt++)
    {
      double clamped;
      double need;
      double covered;
      guint i;

      limn_span_view_layout_ensure (self->layout, anchor, NULL);

      need = MAX (0, -offset) + margin;
      covered = 0;
      for (i = anchor; i > 0 && covered < need;)
        {
          i--;
          limn_span_view_layout_ensure (self->layout, i, NULL);
          covered += limn_span_view_layout_get_block (self->layout, i)->height;
        }

      need = offset + page + margin;
      covered = 0;
      for (i = anchor; i < n && covered < need; i++)
        {
          limn_span_view_layout_ensure (self->layout, i, NULL);
          covered += limn_span_view_layout_get_block (self->layout, i)->height;
        }

      value = limn_span_view_block_top (self, anchor) + offset;
      clamped = CLAMP (value, 0, MAX (0, document_height (self) - page));
      if (fabs (clamped - value) < 0.5)
        break;

      /* Past an end: re-anchor where the viewport really is and measure
       * what that shows. */
      value = clamped;
      anchor = limn_span_view_layout_block_at_y (self->layout, (gint64) floor (value) - SPAN_VIEW_TOP_MARGIN);
      offset = value - limn_span_view_block_top (self, anchor);
    }

  limn_span_view_sync_adjustment (self, value);
  queue_prefetch (self);
}

PangoLayout *
limn_span_view_measure (LimnSpanView *self,
                        guint         index)
{
  gint64 top = limn_span_view_block_top (self, index);
  int old_height = limn_span_view_layout_get_block (self->layout, index)->height;
  PangoLayout *layout;
  int delta = 0;

  layout = limn_span_view_layout_ensure (self->layout, index, &delta);

  if (delta != 0 && !self->in_snapshot)
    {
      double old_value = gtk_adjustment_get_value (self->vadjustment);
      double value = old_value;

      /* A block above the viewport grew or shrank: move with it, so what is
       * on screen stays put. */
      if (top < old_value)
        value += delta;
      limn_span_view_sync_adjustment (self, value);

      /* Wholly above or below the viewport, nothing visible changed. */
      if (top < old_value + self->alloc_height && top + old_height > old_value)
        gtk_widget_queue_draw (GTK_WIDGET (self));
    }
  else if (delta != 0)
    gtk_widget_queue_allocate (GTK_WIDGET (self));

  return layout;
}

/* Lays out the blocks just outside the viewport while the main loop is
 * idle, so scrolling finds them ready and a frame only draws. Below first
 * (reading goes down), then above; a few milliseconds at a time. */
static gboolean
prefetch_cb (gpointer user_data)
{
  LimnSpanView *self = user_data;
  gint64 deadline = g_get_monotonic_time () + 3000;
  double value;
  double page;
  guint first;
  guint n;
  gint64 limit;

  if (self->layout == NULL || !self->configured || self->alloc_height <= 0)
    goto done;

  value = gtk_adjustment_get_value (self->vadjustment);
  page = self->alloc_height;
  n = limn_span_view_layout_get_n_blocks (self->layout);
  first = limn_span_view_layout_block_at_y (self->layout, (gint64) value - SPAN_VIEW_TOP_MARGIN);

  limit = (gint64) (value + 3 * page);
  for (guint i = first; i < n && limn_span_view_block_top (self, i) < limit; i++)
    {
      if (limn_span_view_layout_get_block (self->layout, i)->measured)
        continue;
      limn_span_view_measure (self, i);
      if (g_get_monotonic_time () > deadline)
        return G_SOURCE_CONTINUE;
    }

  for (guint i = first; i > 0; i--)
    {
      value = gtk_adjustment_get_value (self->vadjustment);
      if (limn_span_view_block_top (self, i - 1) + limn_span_view_layout_get_block (self->layout, i - 1)->height
          < value - 1.5 * page)
        break;
      if (limn_span_view_layout_get_block (self->layout, i - 1)->measured)
        continue;
      limn_span_view_measure (self, i - 1);
      if (g_get_monotonic_time () > deadline)
        return G_SOURCE_CONTINUE;
    }

done:
  self->prefetch_id = 0;
  return G_SOURCE_REMOVE;
}

static void
queue_prefetch (LimnSpanView *self)
{
  /* Below redraw priority: a frame always goes first. */
  if (self->prefetch_id == 0)
    self->prefetch_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, prefetch_cb, self, NULL);
}

void
limn_span_view_scroll_to_cp (LimnSpanView *self,
                             gint64        cp,
                             gboolean      center)
{
  graphene_rect_t rect;
  double value;
  double page;
  double top;
  double bottom;
  double target;
  guint block;

  if (self->layout == NULL || !self->configured || self->alloc_height <= 0)
    return;

  if (!limn_span_view_cursor_rect (self, cp, &block, &rect))
    return;

  value = gtk_adjustment_get_value (self->vadjustment);
  page = self->alloc_height;
  top = rect.origin.y - self->metrics.caption_band - 4;
  bottom = rect.origin.y + rect.size.height + self->metrics.lane_band + 4;

  if (top >= value && bottom <= value + page)
    return;

  if (center || top < value - page || bottom > value + 2 * page)
    target = top - page / 3;
  else if (top < value)
    target = top;
  else
    target = bottom - page;

  self->pending_anchor = TRUE;
  self->anchor_block = block;
  self->anchor_offset = target - limn_span_view_block_top (self, block);
  update_viewport (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Selection and cursor */

static void
update_has_selection (LimnSpanView *self)
{
  gboolean has_selection = self->cursor != self->anchor;

  if (has_selection != self->has_selection)
    {
      self->has_selection = has_selection;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_SELECTION]);
    }
}

void
limn_span_view_set_cursor (LimnSpanView *self,
                           gint64        cursor,
                           gboolean      extend)
{
  gint64 n_chars = self->text ? limn_text_index_get_n_chars (self->text) : 0;

  self->cursor = CLAMP (cursor, 0, n_chars);
  if (!extend)
    self->anchor = self->cursor;
  self->anchor = CLAMP (self->anchor, 0, n_chars);

  update_has_selection (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
limn_span_view_select_item (LimnSpanView *self,
                            LimnSpanItem *item,
                            gboolean      scroll)
{
  if (limn_set_str (&self->selected_id, item ? item->region->id : NULL))
    {
      limn_span_view_update_accessible (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ID]);
    }

  if (item != NULL)
    {
      /* A span and a text selection never coexist: a label hotkey applies
       * to exactly one of them. */
      self->anchor = self->cursor;
      update_has_selection (self);
      if (scroll)
        limn_span_view_scroll_to_cp (self, item->start, FALSE);
    }

  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* GtkScrollable */

static void
hadjustment_value_changed_cb (GtkAdjustment *adjustment,
                              LimnSpanView  *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
vadjustment_value_changed_cb (GtkAdjustment *adjustment,
                              LimnSpanView  *self)
{
  if (self->in_update)
    return;

  /* Measuring what comes into view happens in the frame's layout phase. */
  gtk_widget_queue_allocate (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
set_adjustment (LimnSpanView   *self,
                GtkAdjustment **slot,
                GtkAdjustment  *adjustment,
                GCallback       callback)
{
  if (adjustment != NULL && *slot == adjustment)
    return;

  if (*slot != NULL)
    {
      g_signal_handlers_disconnect_by_func (*slot, callback, self);
      g_clear_object (slot);
    }

  if (adjustment == NULL)
    adjustment = gtk_adjustment_new (0, 0, 0, 0, 0, 0);

  *slot = g_object_ref_sink (adjustment);
  g_signal_connect (adjustment, "value-changed", callback, self);
}

/* GtkWidget */

static void
limn_span_view_measure_widget (GtkWidget      *widget,
                               GtkOrientation  orientation,
                               int             for_size,
                               int            *minimum,
                               int            *natural,
                               int            *minimum_baseline,
                               int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 120;
      *natural = 720;
    }
  else
    {
      *minimum = 80;
      *natural = 480;
    }
}

static void
limn_span_view_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  LimnSpanView *self = LIMN_SPAN_VIEW (widget);
  gboolean width_changed = width != self->alloc_width;

  self->alloc_width = width;
  self->alloc_height = height;
  limn_span_view_allocate_comments (self);

  self->in_update = TRUE;
  gtk_adjustment_configure (self->hadjustment, 0, 0, width, width * 0.1, width * 0.9, width);
  self->in_update = FALSE;

  if (self->layout == NULL)
    {
      limn_span_view_sync_adjustment (self, 0);
      return;
    }

  if (!self->configured || !self->metrics_valid || width_changed)
    relayout (self, width);

  update_viewport (self);
}

static void
limn_span_view_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  limn_span_view_snapshot_text (LIMN_SPAN_VIEW (widget), snapshot);
  limn_focus_ring_snapshot (widget, snapshot);
}

/* The focus ring follows keyboard focus, which only changes state flags. */
static void
limn_span_view_state_flags_changed (GtkWidget     *widget,
                                    GtkStateFlags  previous)
{
  GtkStateFlags ring = GTK_STATE_FLAG_FOCUSED | GTK_STATE_FLAG_FOCUS_VISIBLE;

  GTK_WIDGET_CLASS (limn_span_view_parent_class)->state_flags_changed (widget, previous);
  if ((previous & ring) != (gtk_widget_get_state_flags (widget) & ring))
    gtk_widget_queue_draw (widget);
}

static void
limn_span_view_css_changed (GtkWidget         *widget,
                            GtkCssStyleChange *change)
{
  LimnSpanView *self = LIMN_SPAN_VIEW (widget);
  GdkRGBA old_fg = self->fg;
  PangoFontDescription *font;

  GTK_WIDGET_CLASS (limn_span_view_parent_class)->css_changed (widget, change);

  /* This runs for every state change (hover, focus …): redo only what the
   * change touched, never the whole layout for nothing. */
  update_colors (self);
  if (!gdk_rgba_equal (&old_fg, &self->fg))
    {
      if (self->layout != NULL)
        limn_span_view_layout_drop_nodes (self->layout);
      limn_span_view_drop_chips (self);
      /* The theme flipped: label colours are adjusted per background. */
      limn_span_view_rebuild_label_colors (self);
    }

  font = body_font (self);
  if (self->body_font == NULL || !pango_font_description_equal (font, self->body_font))
    {
      self->metrics_valid = FALSE;
      gtk_widget_queue_resize (widget);
    }
  pango_font_description_free (font);

  gtk_widget_queue_draw (widget);
}

static void
limn_span_view_system_setting_changed (GtkWidget         *widget,
                                       GtkSystemSetting   setting)
{
  LimnSpanView *self = LIMN_SPAN_VIEW (widget);

  GTK_WIDGET_CLASS (limn_span_view_parent_class)->system_setting_changed (widget, setting);

  self->metrics_valid = FALSE;
  gtk_widget_queue_resize (widget);
}

/* GObject */

static void
clear_task (LimnSpanView *self)
{
  g_clear_handle_id (&self->prefetch_id, g_source_remove);
  if (self->draft != NULL)
    g_clear_signal_handler (&self->draft_changed_id, self->draft);
  g_clear_object (&self->draft);
  g_clear_object (&self->task);
  g_clear_pointer (&self->layout, limn_span_view_layout_free);
  g_clear_pointer (&self->text, limn_text_index_unref);
  self->configured = FALSE;

  if (self->first_frame_clock != NULL)
    g_clear_signal_handler (&self->first_frame_id, self->first_frame_clock);
  g_clear_object (&self->first_frame_clock);
}

static void
limn_span_view_dispose (GObject *object)
{
  LimnSpanView *self = LIMN_SPAN_VIEW (object);

  limn_span_view_stop_input (self);
  limn_span_view_dispose_overlays (self);
  limn_span_view_dispose_comments (self);
  clear_task (self);
  if (self->spans != NULL)
    limn_span_index_clear (self->spans);
  if (self->project != NULL)
    g_clear_signal_handler (&self->labels_changed_id, limn_project_get_labels (self->project));
  g_clear_object (&self->project);

  if (self->hadjustment != NULL)
    g_signal_handlers_disconnect_by_func (self->hadjustment, hadjustment_value_changed_cb, self);
  if (self->vadjustment != NULL)
    g_signal_handlers_disconnect_by_func (self->vadjustment, vadjustment_value_changed_cb, self);
  g_clear_object (&self->hadjustment);
  g_clear_object (&self->vadjustment);

  G_OBJECT_CLASS (limn_span_view_parent_class)->dispose (object);
}

static void
limn_span_view_finalize (GObject *object)
{
  LimnSpanView *self = LIMN_SPAN_VIEW (object);

  g_clear_pointer (&self->spans, limn_span_index_free);
  g_clear_pointer (&self->order, g_ptr_array_unref);
  g_clear_pointer (&self->items_by_id, g_hash_table_unref);
  g_clear_pointer (&self->label_colors, g_hash_table_unref);
  g_clear_pointer (&self->chips, g_hash_table_unref);
  g_clear_pointer (&self->caption_font, pango_font_description_free);
  g_clear_pointer (&self->body_font, pango_font_description_free);
  g_clear_pointer (&self->hits, g_array_unref);
  limn_span_view_finalize_overlays (self);
  limn_span_view_finalize_comments (self);
  g_free (self->selected_id);

  G_OBJECT_CLASS (limn_span_view_parent_class)->finalize (object);
}

static void
limn_span_view_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  LimnSpanView *self = LIMN_SPAN_VIEW (object);

  switch (prop_id)
    {
    case PROP_SELECTED_ID:
      g_value_set_string (value, self->selected_id);
      break;

    case PROP_HAS_SELECTION:
      g_value_set_boolean (value, self->has_selection);
      break;

    case PROP_HADJUSTMENT:
      g_value_set_object (value, self->hadjustment);
      break;

    case PROP_VADJUSTMENT:
      g_value_set_object (value, self->vadjustment);
      break;

    case PROP_HSCROLL_POLICY:
      g_value_set_enum (value, self->hscroll_policy);
      break;

    case PROP_VSCROLL_POLICY:
      g_value_set_enum (value, self->vscroll_policy);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
limn_span_view_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  LimnSpanView *self = LIMN_SPAN_VIEW (object);

  switch (prop_id)
    {
    case PROP_SELECTED_ID:
      limn_span_view_select (self, g_value_get_string (value));
      break;

    case PROP_HADJUSTMENT:
      set_adjustment (self, &self->hadjustment, g_value_get_object (value),
                      G_CALLBACK (hadjustment_value_changed_cb));
      break;

    case PROP_VADJUSTMENT:
      set_adjustment (self, &self->vadjustment, g_value_get_object (value),
                      G_CALLBACK (vadjustment_value_changed_cb));
      gtk_widget_queue_allocate (GTK_WIDGET (self));
      break;

    case PROP_HSCROLL_POLICY:
      self->hscroll_policy = g_value_get_enum (value);
      break;

    case PROP_VSCROLL_POLICY:
      self->vscroll_policy = g_value_get_enum (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
limn_span_view_class_init (LimnSpanViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = limn_span_view_dispose;
  object_class->finalize = limn_span_view_finalize;
  object_class->get_property = limn_span_view_get_property;
  object_class->set_property = limn_span_view_set_property;

  widget_class->measure = limn_span_view_measure_widget;
  widget_class->size_allocate = limn_span_view_size_allocate;
  widget_class->snapshot = limn_span_view_snapshot;
  widget_class->css_changed = limn_span_view_css_changed;
  widget_class->state_flags_changed = limn_span_view_state_flags_changed;
  widget_class->system_setting_changed = limn_span_view_system_setting_changed;
  widget_class->query_tooltip = limn_span_view_query_tooltip;

  /**
   * LimnSpanView:selected-id:
   *
   * The id of the selected span region or suggestion, or %NULL.
   */
  properties[PROP_SELECTED_ID] =
    g_param_spec_string ("selected-id", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * LimnSpanView:has-selection:
   *
   * Whether some text is selected (a label hotkey would create a span).
   */
  properties[PROP_HAS_SELECTION] =
    g_param_spec_boolean ("has-selection", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_object_class_override_property (object_class, PROP_HADJUSTMENT, "hadjustment");
  g_object_class_override_property (object_class, PROP_VADJUSTMENT, "vadjustment");
  g_object_class_override_property (object_class, PROP_HSCROLL_POLICY, "hscroll-policy");
  g_object_class_override_property (object_class, PROP_VSCROLL_POLICY, "vscroll-policy");

  /**
   * LimnSpanView::first-frame:
   *
   * Emitted once per task, after the first frame showing its text was
   * painted.
   */
  signals[FIRST_FRAME] =
    g_signal_new ("first-frame",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * LimnSpanView::region-activated:
   * @layer: (nullable): the LimnOverlayLayer, or %NULL for a span of the diff
   * @region_id: the span's id
   *
   * A review overlay's underline was clicked.
   */
  signals[REGION_ACTIVATED] =
    g_signal_new ("region-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, LIMN_TYPE_OVERLAY_LAYER, G_TYPE_STRING);

  gtk_widget_class_set_css_name (widget_class, "limnspanview");
  /* For now a screen reader gets the role, a label and "N spans" as the
   * description. The text itself and the caret need GtkAccessibleText
   * (GTK 4.14); Debian 12's 4.8 has no way for a custom widget to expose
   * them, so full text accessibility comes with a newer GTK. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_DOCUMENT);

  limn_span_view_class_init_input (widget_class);
}

static void
limn_span_view_init (LimnSpanView *self)
{
  self->spans = limn_span_index_new (limn_span_view_item_free);
  self->order = g_ptr_array_new ();
  self->items_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->label_colors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->hits = g_array_new (FALSE, FALSE, sizeof (LimnSpanHit));
  self->preferred_x = -1;
  limn_span_view_init_overlays (self);
  limn_span_view_init_comments (self);

  set_adjustment (self, &self->hadjustment, NULL, G_CALLBACK (hadjustment_value_changed_cb));
  set_adjustment (self, &self->vadjustment, NULL, G_CALLBACK (vadjustment_value_changed_cb));

  gtk_widget_add_css_class (GTK_WIDGET (self), "view");
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_focus_on_click (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "text");

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Text to annotate"),
                                  -1);
  limn_span_view_update_accessible (self);
  update_colors (self);

  limn_span_view_init_input (self);
}

/* Public API */

GtkWidget *
limn_span_view_new (void)
{
  return g_object_new (LIMN_TYPE_SPAN_VIEW, NULL);
}

void
limn_span_view_set_project (LimnSpanView *self,
                            LimnProject  *project)
{
  g_return_if_fail (LIMN_IS_SPAN_VIEW (self));
  g_return_if_fail (project == NULL || LIMN_IS_PROJECT (project));

  if (self->project == project)
    return;

  if (self->project != NULL)
    g_clear_signal_handler (&self->labels_changed_id, limn_project_get_labels (self->project));
  g_set_object (&self->project, project);
  if (project != NULL)
    self->labels_changed_id = g_signal_connect (limn_project_get_labels (project), "items-changed",
                                                G_CALLBACK (limn_span_view_labels_changed_cb), self);

  limn_span_view_rebuild_label_colors (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
limn_span_view_set_task (LimnSpanView  *self,
                         LimnTask      *task,
                         LimnTextIndex *text,
                         LimnDraft     *draft)
{
  g_return_if_fail (LIMN_IS_SPAN_VIEW (self));
  g_return_if_fail (task == NULL || LIMN_IS_TASK (task));
  g_return_if_fail (draft == NULL || LIMN_IS_DRAFT (draft));

  clear_task (self);

  /* Spans mean nothing without their text. */
  if (text != NULL)
    {
      self->text = limn_text_index_ref (text);
      self->task = task ? g_object_ref (task) : NULL;
      self->draft = draft ? g_object_ref (draft) : NULL;
      self->layout = limn_span_view_layout_new (text,
                                                task ? limn_task_get_direction (task)
                                                     : LIMN_TEXT_DIRECTION_AUTO);
    }

  if (self->draft != NULL)
    self->draft_changed_id = g_signal_connect (self->draft, "changed",
                                               G_CALLBACK (limn_span_view_draft_changed_cb), self);

  self->metrics_valid = FALSE;
  self->first_frame_done = FALSE;
  self->pending_anchor = FALSE;
  self->preferred_x = -1;
  self->cursor = 0;
  self->anchor = 0;
  update_has_selection (self);
  if (limn_set_str (&self->selected_id, NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ID]);

  limn_span_view_rebuild_spans (self);
  /* Overlay offsets are clamped to the text. */
  limn_span_view_rebuild_overlays (self);

  limn_span_view_sync_adjustment (self, 0);
  if (self->layout != NULL && self->alloc_width > 0)
    {
      relayout (self, self->alloc_width);
      update_viewport (self);
    }

  gtk_widget_queue_resize (GTK_WIDGET (self));
}
