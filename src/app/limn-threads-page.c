/* limn-threads-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "limn-flag-dialog.h"
#include "charts/limn-chart-format.h"
#include "limn-threads-page.h"
#include "limn-when.h"
#include "model/limn-util.h"
#include "store/limn-store-feedback-jobs.h"

struct _LimnThreadsPage
{
  GtkWidget        parent_instance;

  /* Template children */
  GtkStack        *stack;
  AdwStatusPage   *empty_page;
  GtkListBox      *thread_list;
  GtkWidget       *notes_heading;
  GtkListBox      *notes_list;
  GtkStack        *thread_stack;
  GtkLabel        *thread_title;
  GtkLabel        *thread_subtitle;
  GtkWidget       *resolve_button;
  GtkListBox      *message_list;
  GtkTextView     *reply_view;
  GtkWidget       *send_button;
  GtkScrolledWindow *messages_scroller;

  LimnSession     *session;
  LimnStoreWorker *worker;
  char            *project_id;
  LimnThread      *thread;         /* the one shown, with its replies */
  char            *selected_id;    /* kept across reloads */
  GCancellable    *cancellable;
  guint            n_busy;
  gboolean         rebuilding;     /* the list is being refilled: no selection events */
};

static void limn_threads_page_page_init (LimnPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LimnThreadsPage, limn_threads_page, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (LIMN_TYPE_PAGE, limn_threads_page_page_init))

enum {
  PROP_0,
  PROP_SUBTITLE,
  N_PROPS
};

static void load (LimnThreadsPage *self);
static void load_thread (LimnThreadsPage *self, const char *thread_id);

gboolean
limn_threads_page_may_open (LimnSession *session)
{
  LimnProject *project = limn_session_get_project (session);

  return project != NULL && limn_project_get_server_url (project) != NULL;
}

static const char *
state_label (LimnFlagState state)
{
  switch (state)
    {
    case LIMN_FLAG_ANSWERED: return _("Answered");
    case LIMN_FLAG_CLOSED: return _("Resolved");
    case LIMN_FLAG_OPEN:
    default: return _("Waiting for an answer");
    }
}

static const char *
state_icon (LimnFlagState state)
{
  switch (state)
    {
    case LIMN_FLAG_ANSWERED: return "mail-unread-symbolic";
    case LIMN_FLAG_CLOSED: return "object-select-symbolic";
    case LIMN_FLAG_OPEN:
    default: return "flag-symbolic";
    }
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *row;

  while ((row = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, row);
}

static void
set_busy (LimnThreadsPage *self,
          gboolean         busy)
{
  if (busy)
    self->n_busy++;
  else if (self->n_busy > 0)
    self->n_busy--;
}

static void
update_actions (LimnThreadsPage *self)
{
  gboolean open = self->thread != NULL && limn_thread_get_state (self->thread) != LIMN_FLAG_CLOSED;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "feedback.send", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "feedback.resolve",
                                 open && limn_thread_get_mine (self->thread));
  gtk_widget_set_sensitive (GTK_WIDGET (self->reply_view), open);
}

/* The list */

static GtkWidget *
thread_row (LimnThread *thread)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *icon = gtk_image_new_from_icon_name (state_icon (limn_thread_get_state (thread)));
  GtkWidget *title = gtk_label_new (limn_flag_dialog_category_label (limn_thread_get_category (thread)));
  GtkWidget *subtitle;
  guint n_unread = limn_thread_get_n_unread (thread);
  g_autofree char *sub = NULL;
  g_autofree char *description = NULL;

  sub = g_strdup_printf ("%s · %s", limn_thread_get_task_title (thread) ? limn_thread_get_task_title (thread)
                                                                        : _("A task no longer here"),
                         state_label (limn_thread_get_state (thread)));
  subtitle = gtk_label_new (sub);

  gtk_widget_set_valign (icon, GTK_ALIGN_CENTER);
  if (limn_thread_get_state (thread) == LIMN_FLAG_ANSWERED)
    gtk_widget_add_css_class (icon, "accent");
  else if (limn_thread_get_state (thread) == LIMN_FLAG_CLOSED)
    gtk_widget_add_css_class (icon, "success");
  else
    gtk_widget_add_css_class (icon, "dim-label");

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  if (n_unread > 0)
    gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (text), title);
  gtk_box_append (GTK_BOX (text), subtitle);

  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), text);

  if (n_unread > 0)
    {
      g_autofree char *count = limn_format_count (n_unread);
      GtkWidget *badge = gtk_label_new (count);

      gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (badge, "limn-state-pill");
      gtk_widget_add_css_class (badge, "accent");
      gtk_widget_add_css_class (badge, "caption-heading");
      gtk_box_append (GTK_BOX (box), badge);
    }

  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "thread", g_object_ref (thread), g_object_unref);

  description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, %s, %u unread", "%s, %s, %u unread", n_unread),
                                 gtk_label_get_text (GTK_LABEL (title)), sub, n_unread);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, description, -1);

  return row;
}

static GtkWidget *
note_row (const LimnNote *note)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *when = limn_format_when (note->created_us);
  g_autofree char *title = g_strdup_printf ("%s · %s", note->author ? note->author : _("A reviewer"), when);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), note->body);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("user-available-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);

  return row;
}

static guint
count_unread (GPtrArray  *threads,
              const char *except)
{
  guint n = 0;

  for (guint i = 0; i < threads->len; i++)
    {
      LimnThread *t = g_ptr_array_index (threads, i);

      if (g_strcmp0 (limn_thread_get_id (t), except) != 0)
        n += limn_thread_get_n_unread (t);
    }

  return n;
}

static void
feedback_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(LimnThreadsPage) self = data;
  g_autoptr(LimnFeedbackContents) contents = NULL;
  g_autoptr(GError) error = NULL;
  GtkListBoxRow *selected = NULL;

  set_busy (self, FALSE);
  contents = limn_store_jobs_feedback_finish (LIMN_STORE_WORKER (object), result, &error);
  if (contents == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", error->message);
      return;
    }

  self->rebuilding = TRUE;
  clear_list (self->thread_list);
  for (guint i = 0; i < contents->threads->len; i++)
    {
      LimnThread *t = g_ptr_array_index (contents->threads, i);
      GtkWidget *row = thread_row (t);

      gtk_list_box_append (self->thread_list, row);
      if (g_strcmp0 (limn_thread_get_id (t), self->selected_id) == 0)
        selected = GTK_LIST_BOX_ROW (row);
    }
  if (selected != NULL)
    gtk_list_box_select_row (self->thread_list, selected);
  self->rebuilding = FALSE;

  clear_list (self->notes_list);
  for (guint i = contents->notes->len; i > 0; i--)
    gtk_list_box_append (self->notes_list, note_row (g_ptr_array_index (contents->notes, i - 1)));
  gtk_widget_set_visible (self->notes_heading, contents->notes->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->notes_list), contents->notes->len > 0);

  if (contents->threads->len == 0 && contents->notes->len == 0)
    {
      if (adw_status_page_get_icon_name (self->empty_page) == NULL)
        adw_status_page_set_icon_name (self->empty_page, "mail-unread-symbolic");
      gtk_stack_set_visible_child_name (self->stack, "empty");
    }
  else
    gtk_stack_set_visible_child_name (self->stack, "threads");

  /* The open thread is read as it is shown: it does not count. */
  limn_page_set_badge (LIMN_PAGE (self), count_unread (contents->threads,
                                                       gtk_widget_get_mapped (GTK_WIDGET (self)) ? self->selected_id
                                                                                                 : NULL));

  if (self->selected_id != NULL && selected != NULL)
    load_thread (self, self->selected_id);
  else if (selected == NULL && contents->threads->len > 0 && gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_list_box_select_row (self->thread_list, gtk_list_box_get_row_at_index (self->thread_list, 0));
  else if (selected == NULL)
    {
      g_clear_object (&self->thread);
      g_clear_pointer (&self->selected_id, g_free);
      gtk_stack_set_visible_child_name (self->thread_stack, "none");
      update_actions (self);
    }

  limn_page_content_ready (LIMN_PAGE (self));
}

static void
load (LimnThreadsPage *self)
{
  if (self->worker == NULL || self->project_id == NULL)
    return;

  set_busy (self, TRUE);
  /* Notes are read when the page is on screen. */
  limn_store_jobs_feedback_async (self->worker, self->project_id, gtk_widget_get_mapped (GTK_WIDGET (self)),
                                  self->cancellable, feedback_cb, g_object_ref (self));
}

/* One thread */

static GtkWidget *
message_row (const char *author,
             gint64      created_us,
             const char *body,
             gboolean    mine,
             gboolean    pending)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *header, *text;
  g_autofree char *when = limn_format_when (created_us);
  g_autofree char *head = NULL;

  if (pending)
    /* Translators: %s is when; the reply waits in the outbox */
    head = g_strdup_printf (_("You · %s · not sent yet"), when);
  else
    head = g_strdup_printf ("%s · %s", mine ? _("You") : author ? author : _("A reviewer"), when);

  header = gtk_label_new (head);
  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_widget_add_css_class (header, "caption-heading");
  if (!mine)
    gtk_widget_add_css_class (header, "accent");
  else
    gtk_widget_add_css_class (header, "dim-label");

  text = gtk_label_new (body);
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (text), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (text), TRUE);

  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), text);
  gtk_widget_add_css_class (box, "thread-message");
  if (mine)
    gtk_widget_add_css_class (box, "mine");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);

  return row;
}

static void
show_thread (LimnThreadsPage *self)
{
  LimnThread *t = self->thread;
  GPtrArray *messages = limn_thread_get_messages (t);
  g_autofree char *subtitle = NULL;
  g_autofree char *when = limn_format_when (limn_thread_get_created_us (t));

  gtk_label_set_text (self->thread_title, limn_flag_dialog_category_label (limn_thread_get_category (t)));
  /* Translators: the task, the thread's state, when it was reported */
  subtitle = g_strdup_printf (_("%s · %s · reported %s"),
                              limn_thread_get_task_title (t) ? limn_thread_get_task_title (t) : _("A task no longer here"),
                              state_label (limn_thread_get_state (t)), when);
  gtk_label_set_text (self->thread_subtitle, subtitle);

  clear_list (self->message_list);
  gtk_list_box_append (self->message_list,
                       message_row (limn_thread_get_annotator (t), limn_thread_get_created_us (t),
                                    limn_thread_get_body (t), limn_thread_get_mine (t), FALSE));
  for (guint i = 0; messages != NULL && i < messages->len; i++)
    {
      const LimnMessage *m = g_ptr_array_index (messages, i);

      gtk_list_box_append (self->message_list,
                           message_row (m->author, m->created_us, m->body, m->mine,
                                        m->mine && g_strcmp0 (m->sync_status, "pending") == 0));
    }

  gtk_stack_set_visible_child_name (self->thread_stack, "thread");
  update_actions (self);
}

static void
thread_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(LimnThreadsPage) self = data;
  g_autoptr(LimnThread) thread = NULL;
  g_autoptr(GError) error = NULL;

  set_busy (self, FALSE);
  thread = limn_store_jobs_load_thread_finish (LIMN_STORE_WORKER (object), result, &error);
  if (thread == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", error->message);
      return;
    }
  if (g_strcmp0 (limn_thread_get_id (thread), self->selected_id) != 0)
    return;

  g_set_object (&self->thread, thread);
  show_thread (self);
}

static void
load_thread (LimnThreadsPage *self,
             const char      *thread_id)
{
  set_busy (self, TRUE);
  limn_store_jobs_load_thread_async (self->worker, thread_id, gtk_widget_get_mapped (GTK_WIDGET (self)),
                                     self->cancellable, thread_cb, g_object_ref (self));
}

static void
thread_selected_cb (LimnThreadsPage *self,
                    GtkListBoxRow   *row)
{
  LimnThread *t;

  if (self->rebuilding || row == NULL || self->worker == NULL)
    return;

  t = g_object_get_data (G_OBJECT (row), "thread");
  if (g_strcmp0 (limn_thread_get_id (t), self->selected_id) == 0 && self->thread != NULL)
    return;

  g_free (self->selected_id);
  self->selected_id = g_strdup (limn_thread_get_id (t));
  load_thread (self, self->selected_id);

  /* Shown, so read: the row and the badge follow. */
  if (limn_thread_get_n_unread (t) > 0)
    load (self);
}

/* Replies */

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      data)
{
  g_autoptr(LimnThreadsPage) self = data;
  g_autoptr(GError) error = NULL;

  set_busy (self, FALSE);
  if (!limn_store_jobs_feedback_done_finish (LIMN_STORE_WORKER (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", error->message);
      return;
    }

  /* What was written is in the outbox: the box is free again. */
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->reply_view), "", -1);
  load (self);

  /* The sync client sends it when it can. */
  if (self->session != NULL && limn_session_get_sync_client (self->session) != NULL)
    limn_sync_client_sync_now (limn_session_get_sync_client (self->session));
}

static char *
reply_text (LimnThreadsPage *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->reply_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
}

static void
queue (LimnThreadsPage *self,
       LimnMessage     *message)
{
  set_busy (self, TRUE);
  limn_store_jobs_queue_message_async (self->worker, message, NULL, sent_cb, g_object_ref (self));
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LimnThreadsPage *self = LIMN_THREADS_PAGE (widget);
  g_autofree char *text = reply_text (self);

  if (self->thread == NULL || self->worker == NULL || text[0] == '\0')
    {
      gtk_widget_error_bell (widget);
      return;
    }

  queue (self, limn_message_new (limn_thread_get_id (self->thread), text));
}

static void
resolve_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  LimnThreadsPage *self = LIMN_THREADS_PAGE (widget);
  g_autofree char *text = reply_text (self);
  LimnMessage *message;

  if (self->thread == NULL || self->worker == NULL)
    return;

  /* A reply being written goes with it; else a word the reviewer reads. */
  message = limn_message_new (limn_thread_get_id (self->thread), text[0] != '\0' ? text : _("Resolved, thank you."));
  limn_message_set_state (message, LIMN_FLAG_CLOSED);
  queue (self, message);
}

/* LimnPage */

static void
set_session (LimnPage    *page,
             LimnSession *session)
{
  LimnThreadsPage *self = LIMN_THREADS_PAGE (page);

  g_set_object (&self->session, session);
  g_set_object (&self->worker, limn_session_get_worker (session));
}

static void
show_project (LimnPage            *page,
              LimnProjectContents *contents)
{
  LimnThreadsPage *self = LIMN_THREADS_PAGE (page);

  if (limn_set_str (&self->project_id, limn_project_get_id (contents->project)))
    {
      g_clear_object (&self->thread);
      g_clear_pointer (&self->selected_id, g_free);
      gtk_stack_set_visible_child_name (self->thread_stack, "none");
    }
  load (self);
}

static void
reload (LimnPage *page)
{
  load (LIMN_THREADS_PAGE (page));
}

static void
close_page (LimnPage *page)
{
  g_cancellable_cancel (LIMN_THREADS_PAGE (page)->cancellable);
}

static void
limn_threads_page_page_init (LimnPageInterface *iface)
{
  iface->set_session = set_session;
  iface->show_project = show_project;
  iface->reload = reload;
  iface->close = close_page;
}

static void
threads_fetched_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      data)
{
  g_autoptr(LimnThreadsPage) self = data;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GError) error = NULL;

  set_busy (self, FALSE);
  /* Offline is normal: what the store has is shown already. */
  ids = limn_sync_client_threads_finish (LIMN_SYNC_CLIENT (object), result, &error);
  if (ids != NULL)
    load (self);
}

/* Shown: what is on screen is read now, and the server asked for the
 * threads' latest state (the change feed brings replies anyway). */
static void
limn_threads_page_map (GtkWidget *widget)
{
  LimnThreadsPage *self = LIMN_THREADS_PAGE (widget);
  LimnSyncClient *sync = self->session != NULL ? limn_session_get_sync_client (self->session) : NULL;

  GTK_WIDGET_CLASS (limn_threads_page_parent_class)->map (widget);
  load (self);

  if (sync != NULL && self->project_id != NULL)
    {
      set_busy (self, TRUE);
      limn_sync_client_threads_async (sync, self->project_id, self->cancellable, threads_fetched_cb,
                                      g_object_ref (self));
    }
}

void
limn_threads_page_show_thread (LimnThreadsPage *self,
                               const char      *thread_id)
{
  g_return_if_fail (LIMN_IS_THREADS_PAGE (self));

  /* The list's reload selects it and loads it. */
  if (limn_set_str (&self->selected_id, thread_id))
    g_clear_object (&self->thread);
  load (self);
}

/* For tests */

GtkWidget *
limn_threads_page_get_thread_list (LimnThreadsPage *self)
{
  return GTK_WIDGET (self->thread_list);
}

GtkWidget *
limn_threads_page_get_message_list (LimnThreadsPage *self)
{
  return GTK_WIDGET (self->message_list);
}

GtkWidget *
limn_threads_page_get_reply_view (LimnThreadsPage *self)
{
  return GTK_WIDGET (self->reply_view);
}

GtkWidget *
limn_threads_page_get_send_button (LimnThreadsPage *self)
{
  return self->send_button;
}

GtkWidget *
limn_threads_page_get_notes_list (LimnThreadsPage *self)
{
  return GTK_WIDGET (self->notes_list);
}

const char *
limn_threads_page_get_thread_id (LimnThreadsPage *self)
{
  return self->thread != NULL ? limn_thread_get_id (self->thread) : NULL;
}

gboolean
limn_threads_page_is_busy (LimnThreadsPage *self)
{
  return self->n_busy > 0;
}

/* GObject */

static void
limn_threads_page_dispose (GObject *object)
{
  LimnThreadsPage *self = LIMN_THREADS_PAGE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), LIMN_TYPE_THREADS_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->thread);
  g_clear_object (&self->worker);
  g_clear_object (&self->session);
  g_clear_pointer (&self->project_id, g_free);
  g_clear_pointer (&self->selected_id, g_free);

  G_OBJECT_CLASS (limn_threads_page_parent_class)->dispose (object);
}

static void
limn_threads_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_SUBTITLE:
      g_value_set_string (value, NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
limn_threads_page_class_init (LimnThreadsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = limn_threads_page_dispose;
  object_class->get_property = limn_threads_page_get_property;
  g_object_class_override_property (object_class, PROP_SUBTITLE, "subtitle");
  widget_class->map = limn_threads_page_map;

  gtk_widget_class_set_template_from_resource (widget_class, LIMN_RESOURCE_PATH "/ui/limn-threads-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LimnThreadsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, LimnThreadsPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, LimnThreadsPage, thread_list);
  gtk_widget_class_bind_template_child (widget_class, LimnThreadsPage, notes_heading);
  gtk_widget_class_bind_template_child (widget_class, LimnThreadsPage, notes_list);
  gtk_widget_class_bind_template_child (widget_class, LimnThreadsPage, thread_stack);
  gtk_widget_class_bind_template_child (widget_class, LimnThreadsPage, thread_title);
  gtk_widget_class_bind_template_child (widget_class, LimnThreadsPage, thread_subtitle);
  gtk_widget_class_bind_template_child (widget_class, LimnThreadsPage, resolve_button);
  gtk_widget_class_bind_template_child (widget_class, LimnThreadsPage, message_list);
  gtk_widget_class_bind_template_child (widget_class, LimnThreadsPage, reply_view);
  gtk_widget_class_bind_template_child (widget_class, LimnThreadsPage, send_button);
  gtk_widget_class_bind_template_child (widget_class, LimnThreadsPage, messages_scroller);
  gtk_widget_class_bind_template_callback (widget_class, thread_selected_cb);

  gtk_widget_class_install_action (widget_class, "feedback.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "feedback.resolve", NULL, resolve_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "threadspage");
}

static void
limn_threads_page_init (LimnThreadsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  update_actions (self);
}
