/* limn-history-row.c
 *
 * One entry of a task's history as a row: a revision (who, when, under
 * which guideline version) or a verdict (with its reason and comments).
 * The annotator's rework banner and the reviewer's page list the same
 * history the same way.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <inttypes.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "limn-history-row.h"
#include "limn-when.h"

static const char *
reviewer_name (const LimnReviewVerdict *review)
{
  return review->reviewer != NULL ? review->reviewer : _("a reviewer");
}

/* "Sent back by rita: Missed an object" and the like. */
char *
limn_history_verdict_title (const LimnReviewVerdict *review)
{
  switch (review->verdict)
    {
    case LIMN_VERDICT_SEND_BACK:
      /* Translators: %s is the reviewer, then the reason ("Missed an object") */
      return g_strdup_printf (_("Sent back by %s: %s"), reviewer_name (review),
                              limn_send_back_reason_label (review->reason_code));
    case LIMN_VERDICT_CORRECT:
      /* Translators: %s is the reviewer */
      return g_strdup_printf (_("Accepted with corrections by %s"), reviewer_name (review));
    case LIMN_VERDICT_ACCEPT:
      /* Translators: %s is the reviewer */
      return g_strdup_printf (_("Accepted by %s"), reviewer_name (review));
    case LIMN_VERDICT_NONE:
    default:
      return g_strdup ("");
    }
}

GtkWidget *
limn_history_row_new (const LimnHistoryEntry *entry)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *when = limn_format_when (entry->when_us);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  const char *who = entry->who != NULL ? entry->who : _("You");
  const char *icon;

  if (entry->kind == LIMN_HISTORY_REVISION)
    {
      if (entry->correction)
        /* Translators: %lld is a revision number, %s the reviewer */
        title = g_strdup_printf (_("Revision %" PRId64 " · corrected by %s"), entry->revision, who);
      else
        /* Translators: %lld is a revision number, %s who made it */
        title = g_strdup_printf (_("Revision %" PRId64 " · %s"), entry->revision, who);
      /* Translators: when, and the guideline version it was made under */
      subtitle = g_strdup_printf (_("%s · guidelines version %" PRId64), when, entry->guideline_version);
      icon = entry->correction ? "document-edit-symbolic" : "document-send-symbolic";
    }
  else
    {
      const LimnReviewVerdict *review = entry->review;
      GString *text = g_string_new (when);

      title = limn_history_verdict_title (review);
      if (review->guideline_version > 0)
        g_string_append_printf (text, _(" · guidelines version %" PRId64), review->guideline_version);
      if (review->comment != NULL && review->comment[0] != '\0')
        g_string_append_printf (text, "\n%s", review->comment);
      for (guint i = 0; review->comments != NULL && i < review->comments->len; i++)
        g_string_append_printf (text, "\n• %s",
                                ((LimnReviewComment *) g_ptr_array_index (review->comments, i))->body);
      subtitle = g_string_free (text, FALSE);
      icon = review->verdict == LIMN_VERDICT_SEND_BACK ? "mail-reply-sender-symbolic" : "object-select-symbolic";
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name (icon));

  return row;
}
