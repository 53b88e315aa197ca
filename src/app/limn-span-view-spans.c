/* limn-span-view-spans.c
 *
 * The span view's model: the items (spans and suggestions) built from the
 * draft with their lanes and interval index, hit testing, label colours
 * and names, the accessible summary, selection, and labeling a selection.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include <glib/gi18n.h>

#include "limn-span-view-private.h"
#include "charts/limn-chart-format.h"
#include "model/limn-contrast.h"
#include "model/limn-util.h"

void
limn_span_view_item_free (gpointer data)
{
  LimnSpanItem *item = data;

  limn_region_unref (item->region);
  g_free (item);
}

static void
add_item (LimnSpanView     *self,
          const LimnRegion *region,
          gboolean          is_suggestion,
          gint64            n_chars)
{
  LimnSpanItem *item;
  gint64 start;
  gint64 end;

  if (region == NULL || region->kind != LIMN_REGION_SPAN || region->id == NULL)
    return;

  /* Offsets come from the store, imports or the server: show what can be
   * shown, never trust them. */
  start = CLAMP (region->start, 0, n_chars);
  end = CLAMP (region->end, 0, n_chars);
  if (start > end || g_hash_table_contains (self->items_by_id, region->id))
    return;

  item = g_new0 (LimnSpanItem, 1);
  item->region = limn_region_ref ((LimnRegion *) region);
  item->is_suggestion = is_suggestion;
  item->start = start;
  item->end = end;

  limn_span_index_add (self->spans, start, end, item);
  g_ptr_array_add (self->order, item);
  g_hash_table_insert (self->items_by_id, item->region->id, item);

  if (is_suggestion)
    self->n_suggestions++;
  else
    self->n_regions++;
}

static int
compare_items (gconstpointer a,
               gconstpointer b)
{
  const LimnSpanItem *x = *(LimnSpanItem * const *) a;
  const LimnSpanItem *y = *(LimnSpanItem * const *) b;

  if (x->is_suggestion != y->is_suggestion)
    return x->is_suggestion ? 1 : -1;
  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  if (x->end != y->end)
    return x->end < y->end ? -1 : 1;
  return g_strcmp0 (x->region->id, y->region->id);
}

void
limn_span_view_update_accessible (LimnSpanView *self)
{
  g_autofree char *spans = NULL;
  g_autofree char *description = NULL;
  LimnSpanItem *selected;

  spans = limn_format_localize_digits_take (g_strdup_printf (ngettext ("%u span", "%u spans", self->n_regions),
                                                             self->n_regions));
  if (self->n_suggestions > 0)
    {
      g_autofree char *suggestions = limn_format_localize_digits_take (
        g_strdup_printf (ngettext ("%u suggestion", "%u suggestions", self->n_suggestions),
                         self->n_suggestions));

      /* Translators: "3 spans, 2 suggestions" */
      description = g_strdup_printf (C_("span view description", "%s, %s"), spans, suggestions);
    }
  else
    description = g_steal_pointer (&spans);

  /* GTK 4.8 has no accessible text for a custom widget (4.14 does), so the
   * selected span, its label and its words go into the description. */
  selected = limn_span_view_lookup_item (self, self->selected_id);
  if (selected != NULL && self->text != NULL)
    {
      const char *text = limn_text_index_get_text (self->text);
      gsize from = limn_text_index_char_to_byte (self->text, selected->start);
      gsize to = limn_text_index_char_to_byte (self->text, selected->end);
      g_autofree char *words = g_strndup (text + from, to - from);
      g_autofree char *label = limn_span_view_get_label_name (self, selected->region->label_id);
      g_autofree char *counts = g_steal_pointer (&description);

      description = selected->is_suggestion
        /* Translators: span counts, then the selected suggestion's label and its text */
        ? g_strdup_printf (_("%s. Selected suggestion: %s, “%s”"), counts, label ? label : "", words)
        /* Translators: span counts, then the selected span's label and its text */
        : g_strdup_printf (_("%s. Selected span: %s, “%s”"), counts, label ? label : "", words);
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

void
limn_span_view_rebuild_spans (LimnSpanView *self)
{
  gint64 n_chars = self->text ? limn_text_index_get_n_chars (self->text) : 0;

  g_hash_table_remove_all (self->items_by_id);
  g_ptr_array_set_size (self->order, 0);
  limn_span_index_clear (self->spans);
  self->n_regions = 0;
  self->n_suggestions = 0;
  g_array_set_size (self->hits, 0);

  if (self->draft != NULL && self->text != NULL)
    {
      guint n = limn_draft_get_n_regions (self->draft);

      for (guint i = 0; i < n; i++)
        add_item (self, limn_draft_get_region (self->draft, i), FALSE, n_chars);

      n = limn_draft_get_n_suggestions (self->draft);
      for (guint i = 0; i < n; i++)
        add_item (self, limn_draft_get_suggestion (self->draft, i), TRUE, n_chars);
    }

  limn_span_index_build (self->spans);
  self->order_dirty = TRUE;

  if (self->selected_id != NULL && !g_hash_table_contains (self->items_by_id, self->selected_id))
    {
      g_clear_pointer (&self->selected_id, g_free);
      g_object_notify (G_OBJECT (self), "selected-id");
    }

  limn_span_view_update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
limn_span_view_draft_changed_cb (LimnDraft    *draft,
                                 LimnSpanView *self)
{
  limn_span_view_rebuild_spans (self);
}

/* The Tab order costs a sort of every span: only Tab needs it, so it is
 * made then, not on every edit. */
void
limn_span_view_ensure_order (LimnSpanView *self)
{
  if (!self->order_dirty)
    return;

  g_ptr_array_sort (self->order, compare_items);
  for (guint i = 0; i < self->order->len; i++)
    ((LimnSpanItem *) g_ptr_array_index (self->order, i))->order = i;
  self->order_dirty = FALSE;
}

LimnSpanItem *
limn_span_view_lookup_item (LimnSpanView *self,
                            const char   *id)
{
  if (id == NULL)
    return NULL;

  return g_hash_table_lookup (self->items_by_id, id);
}

typedef struct
{
  LimnSpanItem *best;
} ItemAt;

static gboolean
item_at_cb (const LimnSpanEntry *entry,
            gpointer             user_data)
{
  ItemAt *at = user_data;
  LimnSpanItem *item = entry->data;

  /* The shortest span wins; between equals, a region before a suggestion. */
  if (at->best == NULL ||
      item->end - item->start < at->best->end - at->best->start ||
      (item->end - item->start == at->best->end - at->best->start &&
       at->best->is_suggestion && !item->is_suggestion))
    at->best = item;

  return TRUE;
}

LimnSpanItem *
limn_span_view_item_at (LimnSpanView *self,
                        gint64        cp)
{
  ItemAt at = { NULL };

  if (cp < 0)
    return NULL;

  limn_span_index_query (self->spans, cp, cp + 1, item_at_cb, &at);

  return at.best;
}

void
limn_span_view_rebuild_label_colors (LimnSpanView *self)
{
  GListModel *labels;
  guint n;

  double bg[3];

  g_hash_table_remove_all (self->label_colors);
  limn_span_view_drop_chips (self);

  /* Light text means the dark theme. */
  limn_color_parse (limn_color_relative_luminance (self->fg.red, self->fg.green, self->fg.blue) > 0.5
                    ? LIMN_BACKGROUND_DARK : LIMN_BACKGROUND_LIGHT,
                    &bg[0], &bg[1], &bg[2]);

  if (self->project == NULL)
    return;

  labels = limn_project_get_labels (self->project);
  n = g_list_model_get_n_items (labels);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LimnLabel) label = g_list_model_get_item (labels, i);
      GdkRGBA *color = g_new0 (GdkRGBA, 1);
      double r, g, b;
      double given[3], drawn[3];

      limn_label_get_rgb (label, &r, &g, &b);
      given[0] = r, given[1] = g, given[2] = b;
      /* The drawn colour reaches 3:1 on this theme's text background
       * (WCAG 1.4.11); the project's colour stays as given. */
      limn_color_ensure_contrast (given, bg, LIMN_CONTRAST_NON_TEXT, drawn);
      color->red = drawn[0];
      color->green = drawn[1];
      color->blue = drawn[2];
      color->alpha = 1.0;
      g_hash_table_insert (self->label_colors, g_strdup (limn_label_get_id (label)), color);
    }
}

void
limn_span_view_labels_changed_cb (GListModel   *model,
                                  guint         position,
                                  guint         removed,
                                  guint         added,
                                  LimnSpanView *self)
{
  limn_span_view_rebuild_label_colors (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
limn_span_view_get_label_color (LimnSpanView *self,
                                const char   *label_id,
                                GdkRGBA      *color)
{
  const GdkRGBA *found = label_id ? g_hash_table_lookup (self->label_colors, label_id) : NULL;

  if (found != NULL)
    *color = *found;
  else
    *color = (GdkRGBA) { 0.55, 0.55, 0.58, 1.0 };
}

char *
limn_span_view_get_label_name (LimnSpanView *self,
                               const char   *label_id)
{
  LimnLabel *label = NULL;

  if (self->project != NULL && label_id != NULL)
    label = limn_project_lookup_label (self->project, label_id);

  if (label != NULL)
    return g_strdup (limn_label_get_display_name (label, NULL));

  return g_strdup (label_id ? label_id : _("Unlabeled"));
}

static gunichar
char_at (LimnSpanView *self,
         gint64        cp)
{
  return g_utf8_get_char (limn_text_index_get_text (self->text) +
                          limn_text_index_char_to_byte (self->text, cp));
}

static void
create_span (LimnSpanView *self,
             const char   *label_id)
{
  g_autoptr(LimnRegion) region = NULL;
  g_autofree char *id = NULL;
  g_autofree char *covered = NULL;
  gint64 start = MIN (self->cursor, self->anchor);
  gint64 end = MAX (self->cursor, self->anchor);

  while (start < end && g_unichar_isspace (char_at (self, start)))
    start++;
  while (end > start && g_unichar_isspace (char_at (self, end - 1)))
    end--;

  /* Inward to grapheme boundaries: a span never cuts an emoji sequence or a
   * letter from its combining marks. */
  start = limn_span_view_snap_cp (self, start, 1);
  end = limn_span_view_snap_cp (self, end, -1);

  if (start >= end)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }

  id = g_uuid_string_random ();
  covered = limn_text_index_substring (self->text, start, end);
  region = limn_region_new_span (id, label_id, start, end, covered);

  if (!limn_draft_add_region (self->draft, region))
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }

  /* The new span is selected, so a second hotkey corrects its label. */
  limn_span_view_set_cursor (self, end, FALSE);
  limn_span_view_select_item (self, limn_span_view_lookup_item (self, id), FALSE);
}

void
limn_span_view_apply_label (LimnSpanView *self,
                            const char   *label_id)
{
  LimnSpanItem *item;

  g_return_if_fail (LIMN_IS_SPAN_VIEW (self));

  if (self->draft == NULL || self->text == NULL || label_id == NULL || limn_draft_get_read_only (self->draft))
    return;

  if (self->cursor != self->anchor)
    {
      create_span (self, label_id);
      return;
    }

  item = limn_span_view_lookup_item (self, self->selected_id);
  if (item == NULL)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }

  if (!item->is_suggestion)
    {
      limn_draft_set_region_label (self->draft, item->region->id, label_id);
    }
  else
    {
      g_autofree char *suggestion_id = g_strdup (item->region->id);
      g_autofree char *region_id = NULL;
      const char *accepted;

      limn_draft_begin_group (self->draft);
      accepted = limn_draft_accept_suggestion (self->draft, suggestion_id);
      if (accepted != NULL)
        {
          region_id = g_strdup (accepted);
          limn_draft_set_region_label (self->draft, region_id, label_id);
        }
      limn_draft_end_group (self->draft);

      if (region_id != NULL)
        limn_span_view_select_item (self, limn_span_view_lookup_item (self, region_id), FALSE);
    }
}

gboolean
limn_span_view_get_selection (LimnSpanView *self,
                              gint64       *start,
                              gint64       *end)
{
  g_return_val_if_fail (LIMN_IS_SPAN_VIEW (self), FALSE);

  if (start)
    *start = MIN (self->cursor, self->anchor);
  if (end)
    *end = MAX (self->cursor, self->anchor);

  return self->cursor != self->anchor;
}

void
limn_span_view_set_selection (LimnSpanView *self,
                              gint64        start,
                              gint64        end)
{
  g_return_if_fail (LIMN_IS_SPAN_VIEW (self));

  limn_span_view_select_item (self, NULL, FALSE);
  limn_span_view_set_cursor (self, start, FALSE);
  limn_span_view_set_cursor (self, end, TRUE);
  self->preferred_x = -1;
  limn_span_view_scroll_to_cp (self, self->cursor, FALSE);
}

const char *
limn_span_view_get_selected (LimnSpanView *self)
{
  g_return_val_if_fail (LIMN_IS_SPAN_VIEW (self), NULL);

  return self->selected_id;
}

void
limn_span_view_select (LimnSpanView *self,
                       const char   *id)
{
  LimnSpanItem *item;

  g_return_if_fail (LIMN_IS_SPAN_VIEW (self));

  item = limn_span_view_lookup_item (self, id);
  if (item != NULL)
    limn_span_view_set_cursor (self, item->start, FALSE);
  limn_span_view_select_item (self, item, TRUE);
}
