/* limn-review-page-thread.c
 *
 * A flagged item's thread in the Review page's side panel: the flag's
 * text (the legend shows it too), the replies so far, and a reply box
 * with Reply and Mark Answered. A reply is queued in the outbox through a
 * writer job, as on the Feedback page, and sent by the sync client.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include <glib/gi18n.h>

#include "limn-review-page-private.h"
#include "limn-when.h"
#include "model/limn-flag.h"
#include "store/limn-store-feedback-jobs.h"

static GtkWidget *
message_row (const char *author,
             const char *body,
             gint64      when_us)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *when = limn_format_when (when_us);
  /* Translators: who wrote a message, and when */
  g_autofree char *title = g_strdup_printf (_("%s · %s"), author != NULL ? author : _("You"), when);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), body);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_add_css_class (row, "property");
  return row;
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
fill (LimnReviewPage *self,
      LimnThread     *thread)
{
  GPtrArray *messages = limn_thread_get_messages (thread);

  clear_list (self->thread_list);
  gtk_list_box_append (self->thread_list,
                       message_row (limn_thread_get_annotator (thread), limn_thread_get_body (thread),
                                    limn_thread_get_created_us (thread)));
  for (guint i = 0; messages != NULL && i < messages->len; i++)
    {
      LimnMessage *m = g_ptr_array_index (messages, i);

      gtk_list_box_append (self->thread_list, message_row (m->author, m->body, m->created_us));
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->answer_button),
                            limn_thread_get_state (thread) == LIMN_FLAG_OPEN);
}

static void
thread_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(LimnReviewPage) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnThread) thread = limn_store_jobs_load_thread_finish (LIMN_STORE_WORKER (object), result, &error);

  if (thread == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        limn_review_page_toast (self, error->message);
      return;
    }
  if (g_strcmp0 (limn_thread_get_id (thread), self->thread_id) != 0)
    return;
  fill (self, thread);
}

static void
load (LimnReviewPage *self)
{
  limn_store_jobs_load_thread_async (self->worker, self->thread_id, TRUE, self->item_cancellable,
                                     thread_cb, g_object_ref (self));
}

void
limn_review_page_show_thread (LimnReviewPage *self)
{
  LimnFlag *flag = NULL;

  g_clear_pointer (&self->thread_id, g_free);
  clear_list (self->thread_list);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->reply_view), "", -1);

  /* The item's flag: the first raised on the task (one a task, mostly). */
  if (self->contents != NULL && self->contents->flags->len > 0)
    flag = g_ptr_array_index (self->contents->flags, 0);
  gtk_widget_set_visible (self->thread_box, flag != NULL);
  if (flag == NULL || self->worker == NULL)
    return;

  self->thread_id = g_strdup (flag->id);
  load (self);
}

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      data)
{
  g_autoptr(LimnReviewPage) self = data;
  g_autoptr(GError) error = NULL;

  if (!limn_store_jobs_feedback_done_finish (LIMN_STORE_WORKER (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        limn_review_page_toast (self, error->message);
      return;
    }

  /* In the outbox: the box is free again, and the sync client sends it. */
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->reply_view), "", -1);
  if (self->thread_id != NULL)
    load (self);
  if (self->sync != NULL)
    limn_sync_client_sync_now (self->sync);
}

static char *
reply_text (LimnReviewPage *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->reply_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
}

/* Reply: the text as a message (the server marks the flag answered). */
void
limn_review_page_reply (LimnReviewPage *self)
{
  g_autofree char *text = reply_text (self);

  if (self->thread_id == NULL || self->worker == NULL || text[0] == '\0')
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  limn_store_jobs_queue_message_async (self->worker, limn_message_new (self->thread_id, text), NULL,
                                       sent_cb, g_object_ref (self));
}

/* Mark Answered: the reply being written goes with it, else a short word
 * the annotator reads. */
void
limn_review_page_mark_answered (LimnReviewPage *self)
{
  g_autofree char *text = reply_text (self);
  LimnMessage *message;

  if (self->thread_id == NULL || self->worker == NULL)
    return;
  message = limn_message_new (self->thread_id, text[0] != '\0' ? text : _("Answered."));
  limn_message_set_state (message, LIMN_FLAG_ANSWERED);
  limn_store_jobs_queue_message_async (self->worker, message, NULL, sent_cb, g_object_ref (self));
}
