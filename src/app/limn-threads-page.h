/* limn-threads-page.h
 *
 * The "Feedback" page (docs/review.md, "Feedback channels"): the
 * annotator's ambiguity reports as threads (open, answered, closed) with
 * their unread counts, one thread's messages with a reply box (Ctrl+Enter
 * sends; the reply is queued for the server like any work) and "Mark
 * Resolved", and the coaching notes reviewers wrote. What is shown is
 * marked read. Built the first time it is shown; reloads when sync
 * applies changes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "limn-page.h"

G_BEGIN_DECLS

#define LIMN_TYPE_THREADS_PAGE (limn_threads_page_get_type ())

G_DECLARE_FINAL_TYPE (LimnThreadsPage, limn_threads_page, LIMN, THREADS_PAGE, GtkWidget)

/* Whether the signed-in user has a team project open (local work has no
 * threads): the page table's may_open. */
gboolean    limn_threads_page_may_open        (LimnSession     *session);

/* Shows @thread_id once the list has it (another page asked). */
void        limn_threads_page_show_thread     (LimnThreadsPage *self,
                                               const char      *thread_id);

/* For tests */
GtkWidget  *limn_threads_page_get_thread_list (LimnThreadsPage *self);
GtkWidget  *limn_threads_page_get_message_list (LimnThreadsPage *self);
GtkWidget  *limn_threads_page_get_reply_view  (LimnThreadsPage *self);
GtkWidget  *limn_threads_page_get_send_button (LimnThreadsPage *self);
GtkWidget  *limn_threads_page_get_notes_list  (LimnThreadsPage *self);
/* The thread shown, or NULL. */
const char *limn_threads_page_get_thread_id   (LimnThreadsPage *self);
/* A load or a send is on its way. */
gboolean    limn_threads_page_is_busy         (LimnThreadsPage *self);

G_END_DECLS
