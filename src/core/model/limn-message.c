/* limn-message.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-model"

#include "config.h"

#include "limn-message.h"

G_DEFINE_BOXED_TYPE (LimnMessage, limn_message, limn_message_copy, limn_message_free)

LimnMessage *
limn_message_new (const char *thread_id,
                  const char *body)
{
  LimnMessage *self = g_new0 (LimnMessage, 1);

  self->id = g_uuid_string_random ();
  self->thread_id = g_strdup (thread_id);
  self->body = g_strdup (body ? body : "");
  self->created_us = g_get_real_time ();
  self->mine = TRUE;
  self->read = TRUE;

  return self;
}

void
limn_message_set_state (LimnMessage   *message,
                        LimnFlagState  state)
{
  g_return_if_fail (message != NULL);

  message->sets_state = TRUE;
  message->state = state;
}

LimnMessage *
limn_message_copy (const LimnMessage *message)
{
  LimnMessage *self = g_new0 (LimnMessage, 1);

  *self = *message;
  self->id = g_strdup (message->id);
  self->thread_id = g_strdup (message->thread_id);
  self->task_id = g_strdup (message->task_id);
  self->author = g_strdup (message->author);
  self->body = g_strdup (message->body);
  self->sync_status = g_strdup (message->sync_status);
  self->sync_reason = g_strdup (message->sync_reason);

  return self;
}

void
limn_message_free (LimnMessage *message)
{
  if (message == NULL)
    return;

  g_free (message->id);
  g_free (message->thread_id);
  g_free (message->task_id);
  g_free (message->author);
  g_free (message->body);
  g_free (message->sync_status);
  g_free (message->sync_reason);
  g_free (message);
}
