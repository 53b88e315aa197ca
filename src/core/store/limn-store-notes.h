/* limn-store-notes.h
 *
 * Coaching notes (docs/review.md): written here by a reviewer about an
 * annotator and queued for the server, or received about me.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "limn-store.h"
#include "model/limn-note.h"

G_BEGIN_DECLS

/* A note written here (limn_note_new()); queued when its project is
 * remote. */
gboolean     limn_store_queue_note          (LimnStore       *self,
                                             LimnNote        *note,
                                             GError         **error);
/* A note change: for me, added once, unread. @annotator: my user name on
 * that server (nullable). */
gboolean     limn_store_sync_apply_note     (LimnStore       *self,
                                             const LimnNote  *note,
                                             const char      *annotator,
                                             GError         **error);
/* Returns: (element-type LimnNote): notes received (@annotator NULL) or
 * written here about @annotator, oldest first. */
GPtrArray   *limn_store_list_notes          (LimnStore       *self,
                                             const char      *annotator,
                                             GError         **error);
gboolean     limn_store_mark_notes_read     (LimnStore       *self,
                                             GError         **error);
gint64       limn_store_count_unread_notes  (LimnStore       *self,
                                             GError         **error);

G_END_DECLS
