/* limn-message.h
 *
 * One reply in a flag's thread (docs/review.md): written here and queued
 * for the server, or received. A reviewer's reply may answer the thread,
 * the annotator's may close it (@state).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "limn-flag.h"

G_BEGIN_DECLS

typedef struct
{
  char          *id;
  char          *thread_id;      /* the flag's id */
  char          *task_id;        /* when known */
  char          *author;         /* the author's user name (NULL while written here) */
  char          *body;
  gint64         created_us;
  gboolean       sets_state;     /* the message moves the thread to @state */
  LimnFlagState  state;
  gboolean       mine;           /* written here */
  gboolean       read;
  char          *sync_status;    /* written here: "pending", "applied", "conflict", "rejected" */
  char          *sync_reason;
} LimnMessage;

#define LIMN_TYPE_MESSAGE (limn_message_get_type ())

GType        limn_message_get_type (void) G_GNUC_CONST;
/* A reply written here: a fresh id, now. */
LimnMessage *limn_message_new      (const char        *thread_id,
                                    const char        *body);
/* The reply also answers or closes the thread. */
void         limn_message_set_state (LimnMessage      *message,
                                     LimnFlagState     state);
LimnMessage *limn_message_copy     (const LimnMessage *message);
void         limn_message_free     (LimnMessage       *message);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnMessage, limn_message_free)

G_END_DECLS
