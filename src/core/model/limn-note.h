/* limn-note.h
 *
 * A coaching note from a reviewer to one annotator, kept with the
 * annotator and shown to them: written here by a reviewer (queued for the
 * server), or received.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct
{
  char     *id;
  char     *project_id;
  char     *annotator;      /* whom it is for (a user name) */
  char     *author;         /* who wrote it (NULL while written here) */
  char     *body;
  gint64    created_us;
  gboolean  mine;           /* written here */
  gboolean  read;
  char     *sync_status;    /* written here: "pending", "applied", "conflict", "rejected" */
  char     *sync_reason;
} LimnNote;

#define LIMN_TYPE_NOTE (limn_note_get_type ())

GType      limn_note_get_type (void) G_GNUC_CONST;
/* A note written here for @annotator: a fresh id, now. */
LimnNote  *limn_note_new      (const char     *project_id,
                               const char     *annotator,
                               const char     *body);
LimnNote  *limn_note_copy     (const LimnNote *note);
void       limn_note_free     (LimnNote       *note);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnNote, limn_note_free)

G_END_DECLS
