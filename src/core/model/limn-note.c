/* limn-note.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-model"

#include "config.h"

#include "limn-note.h"

G_DEFINE_BOXED_TYPE (LimnNote, limn_note, limn_note_copy, limn_note_free)

LimnNote *
limn_note_new (const char *project_id,
               const char *annotator,
               const char *body)
{
  LimnNote *self = g_new0 (LimnNote, 1);

  self->id = g_uuid_string_random ();
  self->project_id = g_strdup (project_id);
  self->annotator = g_strdup (annotator);
  self->body = g_strdup (body ? body : "");
  self->created_us = g_get_real_time ();
  self->mine = TRUE;
  self->read = TRUE;

  return self;
}

LimnNote *
limn_note_copy (const LimnNote *note)
{
  LimnNote *self = g_new0 (LimnNote, 1);

  *self = *note;
  self->id = g_strdup (note->id);
  self->project_id = g_strdup (note->project_id);
  self->annotator = g_strdup (note->annotator);
  self->author = g_strdup (note->author);
  self->body = g_strdup (note->body);
  self->sync_status = g_strdup (note->sync_status);
  self->sync_reason = g_strdup (note->sync_reason);

  return self;
}

void
limn_note_free (LimnNote *note)
{
  if (note == NULL)
    return;

  g_free (note->id);
  g_free (note->project_id);
  g_free (note->annotator);
  g_free (note->author);
  g_free (note->body);
  g_free (note->sync_status);
  g_free (note->sync_reason);
  g_free (note);
}
