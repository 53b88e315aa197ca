/* limn-review-page-history.c
 *
 * The Review page's "History (N)" expander: the task's revisions (who,
 * when, under which guideline version) and the verdicts on it (reason and
 * comments), oldest first, as the store keeps them from the claim's
 * history and everyone's revisions; then the coaching notes written here
 * to the item's annotators. Compact: folded until asked for.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include <glib/gi18n.h>

#include "limn-history-row.h"
#include "charts/limn-chart-format.h"
#include "limn-review-page-private.h"

void
limn_review_page_show_history (LimnReviewPage *self)
{
  GPtrArray *entries = self->contents != NULL ? self->contents->history : NULL;
  GPtrArray *notes = self->contents != NULL ? self->contents->notes : NULL;
  guint n_notes = notes != NULL ? notes->len : 0;
  guint n = entries != NULL ? entries->len : 0;
  g_autofree char *title = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->history_list))) != NULL)
    gtk_list_box_remove (self->history_list, child);
  for (guint i = 0; i < n; i++)
    gtk_list_box_append (self->history_list, limn_history_row_new (g_ptr_array_index (entries, i)));
  /* Coaching notes are the annotator's, not the task's: after it. */
  for (guint i = 0; i < n_notes; i++)
    gtk_list_box_append (self->history_list, limn_review_page_note_row_new (g_ptr_array_index (notes, i)));
  n += n_notes;

  /* Translators: %u is the number of entries in a task's history */
  title = limn_format_localize_digits_take (g_strdup_printf (_("History (%u)"), n));
  gtk_expander_set_label (self->history_expander, title);
  /* GTK 4.8's expander (a button to AT-SPI) takes no name from its label. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->history_expander), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  gtk_widget_set_visible (GTK_WIDGET (self->history_expander), n > 0);
}
