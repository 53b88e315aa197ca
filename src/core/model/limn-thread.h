/* limn-thread.h
 *
 * A flag and the replies to it (docs/review.md, "Feedback channels"): an
 * annotator's ambiguity report is a thread that reviewers and admins
 * answer and the annotator closes. An immutable snapshot with read-only
 * properties for list views (unread counts, last activity); its replies
 * are loaded with it when one thread is opened.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "limn-message.h"

G_BEGIN_DECLS

/* What the store fills in. */
typedef struct
{
  const LimnFlag *flag;            /* the report; annotator is a user name, or the local id */
  const char     *project_id;
  const char     *task_title;      /* when the task is here, else NULL */
  gboolean        mine;            /* the local annotator's own flag */
  guint           n_messages;
  guint           n_unread;        /* the flag itself (received, unread) and replies */
  gint64          last_activity_us;
  GPtrArray      *messages;        /* LimnMessage, oldest first; NULL in lists */
} LimnThreadInfo;

#define LIMN_TYPE_THREAD (limn_thread_get_type ())

G_DECLARE_FINAL_TYPE (LimnThread, limn_thread, LIMN, THREAD, GObject)

LimnThread     *limn_thread_new                 (const LimnThreadInfo *info);
const char     *limn_thread_get_id              (LimnThread *self);
const char     *limn_thread_get_project_id      (LimnThread *self);
const char     *limn_thread_get_task_id         (LimnThread *self);
const char     *limn_thread_get_task_title      (LimnThread *self);
const char     *limn_thread_get_region_id       (LimnThread *self);
const char     *limn_thread_get_annotator       (LimnThread *self);
const char     *limn_thread_get_category        (LimnThread *self);
const char     *limn_thread_get_body            (LimnThread *self);
LimnFlagState   limn_thread_get_state           (LimnThread *self);
gint64          limn_thread_get_created_us      (LimnThread *self);
gint64          limn_thread_get_last_activity_us (LimnThread *self);
gboolean        limn_thread_get_mine            (LimnThread *self);
guint           limn_thread_get_n_messages      (LimnThread *self);
guint           limn_thread_get_n_unread        (LimnThread *self);
/* Returns: (transfer none) (element-type LimnMessage): the replies, oldest
 * first; empty for threads of a list. */
GPtrArray      *limn_thread_get_messages        (LimnThread *self);

G_END_DECLS
