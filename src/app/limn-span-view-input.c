/* limn-span-view-input.c
 *
 * Pointer, keys and caret movement. Every position the caret or a selection
 * end can take is a grapheme cursor position (PangoLogAttr.is_cursor_position),
 * so an emoji ZWJ sequence or a letter with its combining marks is never cut.
 * Keys are class bindings on installed actions, like GtkTextView's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "limn-span-view-private.h"

/* Helpers on blocks */

static LimnTextBlock *
get_block (LimnSpanView *self,
           guint         index)
{
  return limn_span_view_layout_get_block (self->layout, index);
}

static guint
n_blocks (LimnSpanView *self)
{
  return limn_span_view_layout_get_n_blocks (self->layout);
}

static gint64
n_chars (LimnSpanView *self)
{
  return self->text ? limn_text_index_get_n_chars (self->text) : 0;
}

/* The log attributes of block @index: one per character, plus one for the
 * end; indexed by code point minus the block's start. */
static const PangoLogAttr *
block_attrs (LimnSpanView *self,
             guint         index,
             int          *n_chars_out)
{
  PangoLayout *layout = limn_span_view_measure (self, index);
  int n_attrs = 0;
  const PangoLogAttr *attrs = pango_layout_get_log_attrs_readonly (layout, &n_attrs);

  *n_chars_out = MAX (n_attrs - 1, 0);

  return attrs;
}

static gboolean
usable (LimnSpanView *self)
{
  return self->layout != NULL && self->configured;
}

gint64
limn_span_view_snap_cp (LimnSpanView *self,
                        gint64        cp,
                        int           direction)
{
  const PangoLogAttr *attrs;
  LimnTextBlock *block;
  guint index;
  int n;
  gint64 i;

  if (!usable (self))
    return CLAMP (cp, 0, n_chars (self));

  cp = CLAMP (cp, 0, n_chars (self));
  index = limn_span_view_layout_block_at_cp (self->layout, cp);
  block = get_block (self, index);

  /* Inside a paragraph's "\n" or "\r\n". */
  if (cp > block->cp_end)
    {
      if (direction > 0 && index + 1 < n_blocks (self))
        return get_block (self, index + 1)->cp_start;
      return block->cp_end;
    }

  if (cp == block->cp_start || cp == block->cp_end)
    return cp;

  attrs = block_attrs (self, index, &n);
  i = MIN (cp - block->cp_start, n);
  if (direction < 0)
    while (i > 0 && !attrs[i].is_cursor_position)
      i--;
  else
    while (i < n && !attrs[i].is_cursor_position)
      i++;

  return block->cp_start + i;
}

/* The next cursor position after @cp inside block @index, or its end. */
static gint64
next_in_block (LimnSpanView *self,
               guint         index,
               gint64        cp)
{
  LimnTextBlock *block = get_block (self, index);
  const PangoLogAttr *attrs;
  gint64 i;
  int n;

  if (cp >= block->cp_end)
    return block->cp_end;

  attrs = block_attrs (self, index, &n);
  i = MAX (cp - block->cp_start + 1, 0);
  while (i < n && !attrs[i].is_cursor_position)
    i++;

  return block->cp_start + MIN (i, n);
}

static gint64
prev_in_block (LimnSpanView *self,
               guint         index,
               gint64        cp)
{
  LimnTextBlock *block = get_block (self, index);
  const PangoLogAttr *attrs;
  gint64 i;
  int n;

  if (cp <= block->cp_start)
    return block->cp_start;

  attrs = block_attrs (self, index, &n);
  i = MIN (cp - block->cp_start, n) - 1;
  while (i > 0 && !attrs[i].is_cursor_position)
    i--;

  return block->cp_start + MAX (i, 0);
}

static gint64
next_cursor (LimnSpanView *self,
             gint64        cp)
{
  guint index = limn_span_view_layout_block_at_cp (self->layout, cp);
  LimnTextBlock *block = get_block (self, index);

  if (cp >= block->cp_end)
    return index + 1 < n_blocks (self) ? get_block (self, index + 1)->cp_start : block->cp_end;

  return next_in_block (self, index, cp);
}

gboolean
limn_span_view_cursor_rect (LimnSpanView    *self,
                            gint64           cp,
                            guint           *block_out,
                            graphene_rect_t *rect)
{
  PangoRectangle strong;
  PangoLayout *layout;
  guint index;
  double top;

  if (!usable (self))
    return FALSE;

  index = limn_span_view_layout_block_at_cp (self->layout, CLAMP (cp, 0, n_chars (self)));
  layout = limn_span_view_measure (self, index);
  pango_layout_get_cursor_pos (layout, limn_span_view_layout_cp_to_index (self->layout, index, cp),
                               &strong, NULL);

  top = limn_span_view_block_top (self, index) + limn_span_view_layout_get_text_top (self->layout, index);
  *rect = GRAPHENE_RECT_INIT (self->column_x + pango_units_to_double (strong.x),
                              top + pango_units_to_double (strong.y),
                              0,
                              pango_units_to_double (strong.height));
  if (block_out)
    *block_out = index;

  return TRUE;
}

/* The cursor position nearest to the document point (@x in widget
 * coordinates, @y in document coordinates); @char_cp gets the character
 * under the point, or -1 when the point is beside the text. */
static gint64
cp_at_point (LimnSpanView *self,
             double        x,
             double        y,
             gint64       *char_cp)
{
  PangoLayout *layout;
  guint index;
  int byte_index = 0;
  int trailing = 0;
  gboolean inside;
  gint64 cp;
  double ly;

  index = limn_span_view_layout_block_at_y (self->layout, (gint64) floor (y) - SPAN_VIEW_TOP_MARGIN);
  layout = limn_span_view_measure (self, index);
  ly = y - limn_span_view_block_top (self, index) - limn_span_view_layout_get_text_top (self->layout, index);

  inside = pango_layout_xy_to_index (layout,
                                     (int) ((x - self->column_x) * PANGO_SCALE),
                                     (int) (ly * PANGO_SCALE),
                                     &byte_index, &trailing);
  cp = limn_span_view_layout_index_to_cp (self->layout, index, byte_index);

  if (char_cp)
    *char_cp = inside && cp < get_block (self, index)->cp_end ? cp : -1;

  if (trailing > 0)
    cp = next_in_block (self, index, cp);

  return cp;
}

/* Movement */

static gint64
move_visually (LimnSpanView *self,
               gint64        cp,
               int           count)
{
  guint index = limn_span_view_layout_block_at_cp (self->layout, cp);

  while (count != 0)
    {
      int direction = count > 0 ? 1 : -1;
      PangoLayout *layout = limn_span_view_measure (self, index);
      int byte_index = limn_span_view_layout_cp_to_index (self->layout, index, cp);
      int new_index = 0;
      int trailing = 0;

      pango_layout_move_cursor_visually (layout, TRUE, byte_index, 0, direction, &new_index, &trailing);

      if (new_index < 0)
        {
          LimnTextBlock *prev;

          if (index == 0)
            break;
          index--;
          prev = get_block (self, index);
          cp = prev->cp_end;
          /* The same position seen from the block before: move on. */
          if (!prev->para_end)
            continue;
        }
      else if (new_index == G_MAXINT)
        {
          if (index + 1 >= n_blocks (self))
            break;
          index++;
          cp = get_block (self, index)->cp_start;
          if (!get_block (self, index - 1)->para_end)
            continue;
        }
      else
        {
          cp = limn_span_view_layout_index_to_cp (self->layout, index, new_index);
          if (trailing > 0)
            cp = next_in_block (self, index, cp);
        }

      count -= direction;
    }

  return cp;
}

static gint64
next_word_end (LimnSpanView *self,
               gint64        cp)
{
  guint index = limn_span_view_layout_block_at_cp (self->layout, cp);
  LimnTextBlock *block = get_block (self, index);
  gint64 i = cp - block->cp_start + 1;

  for (;;)
    {
      int n;
      const PangoLogAttr *attrs = block_attrs (self, index, &n);

      for (; i <= n; i++)
        if (attrs[i].is_word_end)
          return block->cp_start + i;

      if (index + 1 >= n_blocks (self))
        return block->cp_end;

      index++;
      block = get_block (self, index);
      i = 1;
    }
}

static gint64
prev_word_start (LimnSpanView *self,
                 gint64        cp)
{
  guint index = limn_span_view_layout_block_at_cp (self->layout, cp);
  LimnTextBlock *block = get_block (self, index);
  gint64 i = MIN (cp, block->cp_end) - block->cp_start - 1;

  for (;;)
    {
      int n;
      const PangoLogAttr *attrs = block_attrs (self, index, &n);

      for (i = MIN (i, n); i >= 0; i--)
        if (attrs[i].is_word_start)
          return block->cp_start + i;

      if (index == 0)
        return 0;

      index--;
      block = get_block (self, index);
      i = block->cp_end - block->cp_start - 1;
    }
}

static int
line_x_offset (PangoLayout *layout,
               int          line_no)
{
  PangoLayoutIter *iter = pango_layout_get_iter (layout);
  PangoRectangle logical;

  for (int i = 0; i < line_no && pango_layout_iter_next_line (iter); i++)
    ;
  pango_layout_iter_get_line_extents (iter, NULL, &logical);
  pango_layout_iter_free (iter);

  return logical.x;
}

/* The position in display line @line_no of block @index nearest to
 * preferred_x. */
static gint64
cp_in_line (LimnSpanView *self,
            guint         index,
            int           line_no)
{
  PangoLayout *layout = limn_span_view_measure (self, index);
  PangoLayoutLine *line = pango_layout_get_line_readonly (layout, line_no);
  int n_lines = pango_layout_get_line_count (layout);
  int x = (int) (self->preferred_x * PANGO_SCALE) - line_x_offset (layout, line_no);
  int byte_index = 0;
  int trailing = 0;
  gint64 cp;

  pango_layout_line_x_to_index (line, x, &byte_index, &trailing);
  cp = limn_span_view_layout_index_to_cp (self->layout, index, byte_index);

  /* Past a wrapped line's end would show the caret on the next line. */
  if (trailing > 0 && (byte_index < line->start_index + line->length - 1 || line_no == n_lines - 1))
    cp = next_in_block (self, index, cp);

  return cp;
}

static gint64
move_lines (LimnSpanView *self,
            gint64        cp,
            int           count)
{
  guint index = limn_span_view_layout_block_at_cp (self->layout, cp);
  PangoLayout *layout = limn_span_view_measure (self, index);
  int byte_index = limn_span_view_layout_cp_to_index (self->layout, index, cp);
  PangoRectangle strong;
  int line_no = 0;
  int target;

  pango_layout_index_to_line_x (layout, byte_index, FALSE, &line_no, NULL);
  if (self->preferred_x < 0)
    {
      pango_layout_get_cursor_pos (layout, byte_index, &strong, NULL);
      self->preferred_x = pango_units_to_double (strong.x);
    }

  target = line_no + count;
  while (target < 0)
    {
      if (index == 0)
        return 0;
      index--;
      target += pango_layout_get_line_count (limn_span_view_measure (self, index));
    }
  for (;;)
    {
      int n_lines = pango_layout_get_line_count (limn_span_view_measure (self, index));

      if (target < n_lines)
        break;
      if (index + 1 >= n_blocks (self))
        return n_chars (self);
      target -= n_lines;
      index++;
    }

  return cp_in_line (self, index, target);
}

static gint64
move_line_end (LimnSpanView *self,
               gint64        cp,
               int           direction)
{
  guint index = limn_span_view_layout_block_at_cp (self->layout, cp);
  PangoLayout *layout = limn_span_view_measure (self, index);
  int byte_index = limn_span_view_layout_cp_to_index (self->layout, index, cp);
  PangoLayoutLine *line;
  int line_no = 0;

  pango_layout_index_to_line_x (layout, byte_index, FALSE, &line_no, NULL);
  line = pango_layout_get_line_readonly (layout, line_no);

  if (direction < 0)
    return limn_span_view_layout_index_to_cp (self->layout, index, line->start_index);

  cp = limn_span_view_layout_index_to_cp (self->layout, index, line->start_index + line->length);
  /* Stay on this line: a wrapped line's end is where the next one starts. */
  if (line_no < pango_layout_get_line_count (layout) - 1)
    cp = prev_in_block (self, index, cp);

  return cp;
}

static void
move_pages (LimnSpanView *self,
            int           count,
            gboolean      extend)
{
  graphene_rect_t rect;
  graphene_rect_t new_rect;
  double value = gtk_adjustment_get_value (self->vadjustment);
  double page = MAX (self->alloc_height * 0.9, 1);
  double screen_y;
  double y;
  guint index;
  gint64 cp;

  if (!limn_span_view_cursor_rect (self, self->cursor, NULL, &rect))
    return;

  if (self->preferred_x < 0)
    self->preferred_x = rect.origin.x - self->column_x;

  screen_y = rect.origin.y - value;
  y = rect.origin.y + rect.size.height / 2 + count * page;

  if (y < SPAN_VIEW_TOP_MARGIN)
    cp = 0;
  else if (y >= SPAN_VIEW_TOP_MARGIN + limn_span_view_layout_get_height (self->layout))
    cp = n_chars (self);
  else
    cp = cp_at_point (self, self->column_x + self->preferred_x, y, NULL);

  limn_span_view_set_cursor (self, cp, extend);

  /* Keep the caret where it was on screen, as GtkTextView does. */
  if (limn_span_view_cursor_rect (self, cp, &index, &new_rect))
    {
      self->pending_anchor = TRUE;
      self->anchor_block = index;
      self->anchor_offset = new_rect.origin.y - screen_y - limn_span_view_block_top (self, index);
      gtk_widget_queue_allocate (GTK_WIDGET (self));
    }
}

static void
move_cursor (LimnSpanView *self,
             LimnSpanStep  step,
             int           count,
             gboolean      extend)
{
  gint64 cp = self->cursor;
  guint index;

  if (!usable (self) || count == 0)
    return;

  if (step != LIMN_SPAN_STEP_LINES && step != LIMN_SPAN_STEP_PAGES)
    self->preferred_x = -1;

  limn_span_view_select_item (self, NULL, FALSE);

  /* Left or Right on a selection collapses it to that side. */
  if (step == LIMN_SPAN_STEP_CHARS && !extend && self->cursor != self->anchor)
    {
      gint64 start = MIN (self->cursor, self->anchor);
      gint64 end = MAX (self->cursor, self->anchor);
      gboolean rtl = limn_span_view_layout_is_rtl (self->layout,
                                                   limn_span_view_layout_block_at_cp (self->layout, cp));

      limn_span_view_set_cursor (self, (count > 0) != rtl ? end : start, FALSE);
      limn_span_view_scroll_to_cp (self, self->cursor, FALSE);
      return;
    }

  switch (step)
    {
    case LIMN_SPAN_STEP_CHARS:
      cp = move_visually (self, cp, count);
      break;

    case LIMN_SPAN_STEP_WORDS:
      /* Ctrl+Right goes towards the right also in right-to-left text. */
      index = limn_span_view_layout_block_at_cp (self->layout, cp);
      if (limn_span_view_layout_is_rtl (self->layout, index))
        count = -count;
      for (; count > 0; count--)
        cp = next_word_end (self, cp);
      for (; count < 0; count++)
        cp = prev_word_start (self, cp);
      break;

    case LIMN_SPAN_STEP_LINES:
      cp = move_lines (self, cp, count);
      break;

    case LIMN_SPAN_STEP_LINE_ENDS:
      cp = move_line_end (self, cp, count);
      break;

    case LIMN_SPAN_STEP_PAGES:
      move_pages (self, count, extend);
      return;

    case LIMN_SPAN_STEP_DOCUMENT:
      cp = count < 0 ? 0 : n_chars (self);
      break;

    default:
      g_return_if_reached ();
    }

  limn_span_view_set_cursor (self, cp, extend);
  limn_span_view_scroll_to_cp (self, self->cursor, FALSE);
}

/* Spans by key */

static void
cycle_spans (LimnSpanView *self,
             int           direction)
{
  LimnSpanItem *current = limn_span_view_lookup_item (self, self->selected_id);
  LimnSpanItem *next = NULL;
  guint n = self->order->len;

  limn_span_view_ensure_order (self);

  if (n == 0)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }

  if (current != NULL)
    next = g_ptr_array_index (self->order, (current->order + n + direction) % n);
  else if (direction > 0)
    {
      /* The first span at or after the caret; regions come first. */
      for (guint i = 0; i < n && next == NULL; i++)
        {
          LimnSpanItem *item = g_ptr_array_index (self->order, i);

          if (item->start >= self->cursor)
            next = item;
        }
      if (next == NULL)
        next = g_ptr_array_index (self->order, 0);
    }
  else
    {
      for (guint i = self->n_regions; i > 0 && next == NULL; i--)
        {
          LimnSpanItem *item = g_ptr_array_index (self->order, i - 1);

          if (item->start < self->cursor)
            next = item;
        }
      for (guint i = n; i > self->n_regions && next == NULL; i--)
        {
          LimnSpanItem *item = g_ptr_array_index (self->order, i - 1);

          if (item->start < self->cursor)
            next = item;
        }
      if (next == NULL)
        next = g_ptr_array_index (self->order, n - 1);
    }

  self->preferred_x = -1;
  limn_span_view_set_cursor (self, next->start, FALSE);
  limn_span_view_select_item (self, next, TRUE);
}

static void
next_span_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  cycle_spans (LIMN_SPAN_VIEW (widget), 1);
}

static void
previous_span_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  cycle_spans (LIMN_SPAN_VIEW (widget), -1);
}

static void
delete_selected_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  LimnSpanView *self = LIMN_SPAN_VIEW (widget);
  LimnSpanItem *item = limn_span_view_lookup_item (self, self->selected_id);
  g_autofree char *id = NULL;
  gint64 start;
  gboolean done;

  if (item == NULL || self->draft == NULL)
    {
      gtk_widget_error_bell (widget);
      return;
    }

  id = g_strdup (item->region->id);
  start = item->start;
  if (item->is_suggestion)
    done = limn_draft_reject_suggestion (self->draft, id);
  else
    done = limn_draft_remove_region (self->draft, id);

  if (!done)
    {
      gtk_widget_error_bell (widget);
      return;
    }

  /* Tab from here goes on to the next span. */
  limn_span_view_select_item (self, NULL, FALSE);
  limn_span_view_set_cursor (self, start, FALSE);
}

static void
accept_selected_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  LimnSpanView *self = LIMN_SPAN_VIEW (widget);
  LimnSpanItem *item = limn_span_view_lookup_item (self, self->selected_id);
  g_autofree char *region_id = NULL;
  const char *accepted;

  if (item == NULL || !item->is_suggestion || self->draft == NULL)
    {
      gtk_widget_error_bell (widget);
      return;
    }

  accepted = limn_draft_accept_suggestion (self->draft, item->region->id);
  if (accepted == NULL)
    {
      gtk_widget_error_bell (widget);
      return;
    }

  region_id = g_strdup (accepted);
  limn_span_view_select_item (self, limn_span_view_lookup_item (self, region_id), FALSE);
}

static void
select_all_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  LimnSpanView *self = LIMN_SPAN_VIEW (widget);

  limn_span_view_select_item (self, NULL, FALSE);
  limn_span_view_set_cursor (self, 0, FALSE);
  limn_span_view_set_cursor (self, n_chars (self), TRUE);
}

static void
escape_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LimnSpanView *self = LIMN_SPAN_VIEW (widget);

  if (self->selected_id != NULL)
    limn_span_view_select_item (self, NULL, FALSE);
  else
    limn_span_view_set_cursor (self, self->cursor, FALSE);
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LimnSpanView *self = LIMN_SPAN_VIEW (widget);
  LimnSpanItem *item = limn_span_view_lookup_item (self, self->selected_id);
  g_autofree char *text = NULL;

  if (self->text == NULL)
    return;

  if (self->cursor != self->anchor)
    text = limn_text_index_substring (self->text, MIN (self->cursor, self->anchor),
                                      MAX (self->cursor, self->anchor));
  else if (item != NULL)
    text = limn_text_index_substring (self->text, item->start, item->end);

  if (text != NULL)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
}

static void
move_cursor_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  int step = 0;
  int count = 0;
  gboolean extend = FALSE;

  g_variant_get (parameter, "(iib)", &step, &count, &extend);
  move_cursor (LIMN_SPAN_VIEW (widget), step, count, extend);
}

/* Pointer */

static LimnSpanItem *
item_at_point (LimnSpanView *self,
               double        x,
               double        y)
{
  double shift = gtk_adjustment_get_value (self->vadjustment) - self->hits_value;
  graphene_point_t point = GRAPHENE_POINT_INIT (x, y + shift);
  gint64 char_cp = -1;

  /* Captions and lane bars first: they name one span exactly. */
  for (guint i = self->hits->len; i > 0; i--)
    {
      LimnSpanHit *hit = &g_array_index (self->hits, LimnSpanHit, i - 1);

      if (graphene_rect_contains_point (&hit->rect, &point))
        return hit->item;
    }

  cp_at_point (self, x, y + gtk_adjustment_get_value (self->vadjustment), &char_cp);

  return limn_span_view_item_at (self, char_cp);
}

static void
select_word_at (LimnSpanView *self,
                gint64        cp)
{
  guint index = limn_span_view_layout_block_at_cp (self->layout, cp);
  LimnTextBlock *block = get_block (self, index);
  const PangoLogAttr *attrs;
  gint64 i, s, e;
  int n;

  attrs = block_attrs (self, index, &n);
  i = CLAMP (cp - block->cp_start, 0, n);

  s = i;
  while (s > 0 && !attrs[s].is_word_start)
    s--;
  e = s + 1;
  while (e < n && !attrs[e].is_word_end)
    e++;

  if (attrs[s].is_word_start && e <= n && attrs[e].is_word_end && e > i)
    {
      limn_span_view_set_cursor (self, block->cp_start + s, FALSE);
      limn_span_view_set_cursor (self, block->cp_start + e, TRUE);
    }
  else
    {
      /* Not in a word: the character (grapheme) there. */
      gint64 start = limn_span_view_snap_cp (self, cp, -1);

      limn_span_view_set_cursor (self, start, FALSE);
      limn_span_view_set_cursor (self, next_cursor (self, start), TRUE);
    }
}

static void
select_paragraph_at (LimnSpanView *self,
                     gint64        cp)
{
  guint first = limn_span_view_layout_block_at_cp (self->layout, cp);
  guint last = first;

  while (first > 0 && !get_block (self, first)->para_start)
    first--;
  while (last + 1 < n_blocks (self) && !get_block (self, last)->para_end)
    last++;

  limn_span_view_set_cursor (self, get_block (self, first)->cp_start, FALSE);
  limn_span_view_set_cursor (self, get_block (self, last)->cp_end, TRUE);
}

static void
click_pressed_cb (GtkGestureClick *gesture,
                  int              n_press,
                  double           x,
                  double           y,
                  LimnSpanView    *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
  gint64 char_cp = -1;
  gint64 cp;

  gtk_widget_grab_focus (GTK_WIDGET (self));

  if (!usable (self))
    return;

  self->press_x = x;
  self->press_y = y;
  self->press_count = (state & GDK_SHIFT_MASK) ? 0 : n_press;
  self->dragging = FALSE;
  self->preferred_x = -1;

  cp = cp_at_point (self, x, y + gtk_adjustment_get_value (self->vadjustment), &char_cp);

  if (state & GDK_SHIFT_MASK)
    {
      limn_span_view_select_item (self, NULL, FALSE);
      limn_span_view_set_cursor (self, cp, TRUE);
    }
  else if (n_press == 1)
    limn_span_view_set_cursor (self, cp, FALSE);
  else if (n_press == 2)
    {
      limn_span_view_select_item (self, NULL, FALSE);
      select_word_at (self, char_cp >= 0 ? char_cp : cp);
    }
  else
    {
      limn_span_view_select_item (self, NULL, FALSE);
      select_paragraph_at (self, cp);
    }
}

static void
click_released_cb (GtkGestureClick *gesture,
                   int              n_press,
                   double           x,
                   double           y,
                   LimnSpanView    *self)
{
  if (!usable (self) || self->dragging || self->press_count != 1 || n_press != 1)
    return;

  /* A click on a comment's marker opens it; on a review overlay's
   * underline, activates that. */
  if (limn_span_view_open_comment_at (self, self->press_x, self->press_y))
    return;
  if (limn_span_view_activate_overlay_at (self, self->press_x, self->press_y))
    return;

  /* A click, not a drag: select the span there (the shortest wins), or
   * deselect. */
  limn_span_view_select_item (self, item_at_point (self, self->press_x, self->press_y), FALSE);
}

static void
extend_to_pointer (LimnSpanView *self)
{
  double value = gtk_adjustment_get_value (self->vadjustment);
  gint64 cp = cp_at_point (self, self->drag_x, self->drag_y + value, NULL);

  limn_span_view_set_cursor (self, cp, TRUE);
}

static gboolean
autoscroll_cb (GtkWidget     *widget,
               GdkFrameClock *clock,
               gpointer       user_data)
{
  LimnSpanView *self = LIMN_SPAN_VIEW (widget);
  double dy = 0;

  if (self->drag_y < 0)
    dy = self->drag_y;
  else if (self->drag_y > self->alloc_height)
    dy = self->drag_y - self->alloc_height;

  if (!self->dragging || dy == 0)
    {
      self->autoscroll_id = 0;
      return G_SOURCE_REMOVE;
    }

  gtk_adjustment_set_value (self->vadjustment,
                            gtk_adjustment_get_value (self->vadjustment) + CLAMP (dy, -60, 60) / 2);
  extend_to_pointer (self);

  return G_SOURCE_CONTINUE;
}

static void
drag_update_cb (GtkGestureDrag *gesture,
                double          offset_x,
                double          offset_y,
                LimnSpanView   *self)
{
  double x = self->press_x + offset_x;
  double y = self->press_y + offset_y;

  if (!usable (self) || self->press_count > 1)
    return;

  if (!self->dragging)
    {
      if (!gtk_drag_check_threshold (GTK_WIDGET (self), self->press_x, self->press_y, x, y))
        return;
      self->dragging = TRUE;
      limn_span_view_select_item (self, NULL, FALSE);
    }

  self->drag_x = x;
  self->drag_y = y;
  extend_to_pointer (self);

  if ((y < 0 || y > self->alloc_height) && self->autoscroll_id == 0)
    self->autoscroll_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), autoscroll_cb, NULL, NULL);
}

static void
drag_end_cb (GtkGestureDrag *gesture,
             double          offset_x,
             double          offset_y,
             LimnSpanView   *self)
{
  if (self->autoscroll_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->autoscroll_id);
      self->autoscroll_id = 0;
    }
}

static void
focus_changed_cb (GtkEventControllerFocus *controller,
                  LimnSpanView            *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
limn_span_view_stop_input (LimnSpanView *self)
{
  if (self->autoscroll_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->autoscroll_id);
      self->autoscroll_id = 0;
    }
}

void
limn_span_view_init_input (LimnSpanView *self)
{
  GtkGesture *click = gtk_gesture_click_new ();
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkEventController *focus = gtk_event_controller_focus_new ();

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "pressed", G_CALLBACK (click_pressed_cb), self);
  g_signal_connect (click, "released", G_CALLBACK (click_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  g_signal_connect (focus, "enter", G_CALLBACK (focus_changed_cb), self);
  g_signal_connect (focus, "leave", G_CALLBACK (focus_changed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), focus);
}

static void
add_move_binding (GtkWidgetClass  *widget_class,
                  guint            keyval,
                  GdkModifierType  modifiers,
                  LimnSpanStep     step,
                  int              count)
{
  gtk_widget_class_add_binding_action (widget_class, keyval, modifiers,
                                       "span-view.move-cursor", "(iib)", step, count, FALSE);
  gtk_widget_class_add_binding_action (widget_class, keyval, modifiers | GDK_SHIFT_MASK,
                                       "span-view.move-cursor", "(iib)", step, count, TRUE);
}

void
limn_span_view_class_init_input (GtkWidgetClass *widget_class)
{
  static const struct { guint key, kp; } lr[] = {
    { GDK_KEY_Left, GDK_KEY_KP_Left }, { GDK_KEY_Right, GDK_KEY_KP_Right },
  };

  gtk_widget_class_install_action (widget_class, "span-view.move-cursor", "(iib)", move_cursor_action);
  gtk_widget_class_install_action (widget_class, "span-view.select-all", NULL, select_all_action);
  gtk_widget_class_install_action (widget_class, "span-view.escape", NULL, escape_action);
  gtk_widget_class_install_action (widget_class, "span-view.next-span", NULL, next_span_action);
  gtk_widget_class_install_action (widget_class, "span-view.previous-span", NULL, previous_span_action);
  gtk_widget_class_install_action (widget_class, "span-view.delete-selected", NULL, delete_selected_action);
  gtk_widget_class_install_action (widget_class, "span-view.accept-selected", NULL, accept_selected_action);
  gtk_widget_class_install_action (widget_class, "span-view.copy", NULL, copy_action);

  for (guint i = 0; i < G_N_ELEMENTS (lr); i++)
    {
      int count = i == 0 ? -1 : 1;

      add_move_binding (widget_class, lr[i].key, 0, LIMN_SPAN_STEP_CHARS, count);
      add_move_binding (widget_class, lr[i].kp, 0, LIMN_SPAN_STEP_CHARS, count);
      add_move_binding (widget_class, lr[i].key, GDK_CONTROL_MASK, LIMN_SPAN_STEP_WORDS, count);
      add_move_binding (widget_class, lr[i].kp, GDK_CONTROL_MASK, LIMN_SPAN_STEP_WORDS, count);
    }

  add_move_binding (widget_class, GDK_KEY_Up, 0, LIMN_SPAN_STEP_LINES, -1);
  add_move_binding (widget_class, GDK_KEY_KP_Up, 0, LIMN_SPAN_STEP_LINES, -1);
  add_move_binding (widget_class, GDK_KEY_Down, 0, LIMN_SPAN_STEP_LINES, 1);
  add_move_binding (widget_class, GDK_KEY_KP_Down, 0, LIMN_SPAN_STEP_LINES, 1);
  add_move_binding (widget_class, GDK_KEY_Home, 0, LIMN_SPAN_STEP_LINE_ENDS, -1);
  add_move_binding (widget_class, GDK_KEY_KP_Home, 0, LIMN_SPAN_STEP_LINE_ENDS, -1);
  add_move_binding (widget_class, GDK_KEY_End, 0, LIMN_SPAN_STEP_LINE_ENDS, 1);
  add_move_binding (widget_class, GDK_KEY_KP_End, 0, LIMN_SPAN_STEP_LINE_ENDS, 1);
  add_move_binding (widget_class, GDK_KEY_Home, GDK_CONTROL_MASK, LIMN_SPAN_STEP_DOCUMENT, -1);
  add_move_binding (widget_class, GDK_KEY_KP_Home, GDK_CONTROL_MASK, LIMN_SPAN_STEP_DOCUMENT, -1);
  add_move_binding (widget_class, GDK_KEY_End, GDK_CONTROL_MASK, LIMN_SPAN_STEP_DOCUMENT, 1);
  add_move_binding (widget_class, GDK_KEY_KP_End, GDK_CONTROL_MASK, LIMN_SPAN_STEP_DOCUMENT, 1);
  add_move_binding (widget_class, GDK_KEY_Page_Up, 0, LIMN_SPAN_STEP_PAGES, -1);
  add_move_binding (widget_class, GDK_KEY_KP_Page_Up, 0, LIMN_SPAN_STEP_PAGES, -1);
  add_move_binding (widget_class, GDK_KEY_Page_Down, 0, LIMN_SPAN_STEP_PAGES, 1);
  add_move_binding (widget_class, GDK_KEY_KP_Page_Down, 0, LIMN_SPAN_STEP_PAGES, 1);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, GDK_CONTROL_MASK, "span-view.select-all", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK, "span-view.copy", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "span-view.escape", NULL);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Tab, 0, "span-view.next-span", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Tab, 0, "span-view.next-span", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Tab, GDK_SHIFT_MASK, "span-view.previous-span", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_ISO_Left_Tab, GDK_SHIFT_MASK, "span-view.previous-span", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_ISO_Left_Tab, 0, "span-view.previous-span", NULL);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "span-view.delete-selected", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, "span-view.delete-selected", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_BackSpace, 0, "span-view.delete-selected", NULL);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "span-view.accept-selected", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, 0, "span-view.accept-selected", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_ISO_Enter, 0, "span-view.accept-selected", NULL);
}
