/* limn-history.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-model"

#include "config.h"

#include "limn-history.h"

G_DEFINE_BOXED_TYPE (LimnHistoryEntry, limn_history_entry, limn_history_entry_copy,
                     limn_history_entry_free)

LimnHistoryEntry *
limn_history_entry_copy (const LimnHistoryEntry *entry)
{
  LimnHistoryEntry *self = g_new0 (LimnHistoryEntry, 1);

  *self = *entry;
  self->who = g_strdup (entry->who);
  self->annotation_id = g_strdup (entry->annotation_id);
  self->parent_id = g_strdup (entry->parent_id);
  self->review = entry->review ? limn_review_verdict_copy (entry->review) : NULL;

  return self;
}

void
limn_history_entry_free (LimnHistoryEntry *entry)
{
  if (entry == NULL)
    return;

  g_free (entry->who);
  g_free (entry->annotation_id);
  g_free (entry->parent_id);
  g_clear_pointer (&entry->review, limn_review_verdict_free);
  g_free (entry);
}
