/* limn-review-page-notes.c
 *
 * Coaching notes from the Review page: a "Note to <annotator>…" button
 * for each annotator of the item on screen, opening a popover where the
 * reviewer writes to that annotator (Send, or Ctrl+Enter). The note is
 * kept with the annotator, not the task (docs/review.md, kind note):
 * queued in the outbox through a writer job and sent by the sync client;
 * the annotator reads it on their Feedback page. Notes written here to the
 * item's annotators are listed in the history expander.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include <glib/gi18n.h>

#include "limn-accessible.h"
#include "limn-review-page-private.h"
#include "limn-when.h"

typedef struct
{
  LimnReviewPage *page;     /* unowned: the popover is inside it */
  char           *annotator;
  GtkPopover     *popover;
  GtkTextView    *text_view;
  GtkWidget      *send_button;
  guint           sending : 1;
} NoteEditor;

static void
note_editor_free (gpointer data)
{
  NoteEditor *e = data;

  g_free (e->annotator);
  g_free (e);
}

static char *
editor_text (NoteEditor *e)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (e->text_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
}

static void
update_send (NoteEditor *e)
{
  g_autofree char *text = editor_text (e);

  gtk_widget_set_sensitive (e->send_button, text[0] != '\0' && !e->sending);
}

typedef struct
{
  LimnReviewPage *page;
  GtkWidget      *button;   /* the editor's menu button, kept alive */
} SendData;

static void
queued_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      data)
{
  SendData *d = data;
  g_autoptr(LimnReviewPage) self = d->page;
  g_autoptr(GtkWidget) button = d->button;
  NoteEditor *e = g_object_get_data (G_OBJECT (button), "limn-note-editor");
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnNote) note = limn_store_jobs_review_queue_note_finish (LIMN_STORE_WORKER (object), result, &error);
  g_autofree char *message = NULL;

  g_free (d);
  if (e != NULL)
    {
      e->sending = FALSE;
      update_send (e);
    }
  if (note == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        limn_review_page_toast (self, error->message);
      return;
    }

  if (e != NULL)
    {
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (e->text_view), "", -1);
      gtk_popover_popdown (e->popover);
    }
  /* Translators: %s is an annotator's user name */
  message = g_strdup_printf (_("Note saved; it reaches %s with the next sync"), note->annotator);
  limn_review_page_toast (self, message);

  /* Listed with the item still on screen when it is one of its annotators'. */
  if (self->contents != NULL && self->contents->notes != NULL)
    for (guint i = 0; i < self->contents->annotations->len; i++)
      if (g_strcmp0 (((LimnAnnotation *) g_ptr_array_index (self->contents->annotations, i))->annotator,
                     note->annotator) == 0)
        {
          g_ptr_array_add (self->contents->notes, g_steal_pointer (&note));
          limn_review_page_show_history (self);
          break;
        }
  if (self->sync != NULL)
    limn_sync_client_sync_now (self->sync);
}

static void
send_note (GtkWidget *button)
{
  NoteEditor *e = g_object_get_data (G_OBJECT (button), "limn-note-editor");
  LimnReviewPage *self = e->page;
  g_autofree char *text = editor_text (e);
  g_autoptr(LimnNote) note = NULL;
  SendData *d;

  if (text[0] == '\0' || e->sending || self->worker == NULL || self->project == NULL)
    {
      gtk_widget_error_bell (GTK_WIDGET (e->text_view));
      return;
    }
  note = limn_note_new (limn_project_get_id (self->project), e->annotator, text);
  e->sending = TRUE;
  update_send (e);
  d = g_new0 (SendData, 1);
  d->page = g_object_ref (self);
  d->button = g_object_ref (button);
  limn_store_jobs_review_queue_note_async (self->worker, note, NULL, queued_cb, d);
}

/* Ctrl+Enter sends, before the window's accelerator (Accept) sees it. */
static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkWidget             *button)
{
  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_ISO_Enter) &&
      (state & GDK_CONTROL_MASK) != 0)
    {
      send_note (button);
      return TRUE;
    }
  return FALSE;
}

static GtkWidget *
note_button_new (LimnReviewPage *self,
                 const char     *annotator)
{
  NoteEditor *e = g_new0 (NoteEditor, 1);
  /* Translators: %s is an annotator's user name */
  g_autofree char *label = g_strdup_printf (_("Note to %s…"), annotator);
  /* Translators: %s is an annotator's user name */
  g_autofree char *hint = g_strdup_printf (_("A coaching note for %s, kept with them and shown on their "
                                             "Feedback page, whatever task they work on."), annotator);
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *caption = gtk_label_new (hint);
  GtkWidget *frame = gtk_frame_new (NULL);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkEventController *keys = gtk_event_controller_key_new ();

  e->page = self;
  e->annotator = g_strdup (annotator);
  e->popover = GTK_POPOVER (gtk_popover_new ());
  e->text_view = GTK_TEXT_VIEW (gtk_text_view_new ());
  e->send_button = gtk_button_new_with_mnemonic (_("_Send"));

  gtk_label_set_xalign (GTK_LABEL (caption), 0);
  gtk_label_set_wrap (GTK_LABEL (caption), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (caption), 36);
  /* As wide as it may be: a popover measures a wrapping label's height at
   * one width and gives it another, which cut the Send button off. */
  gtk_label_set_width_chars (GTK_LABEL (caption), 36);
  gtk_widget_add_css_class (caption, "caption");
  gtk_widget_add_css_class (caption, "dim-label");
  gtk_box_append (GTK_BOX (box), caption);

  gtk_text_view_set_wrap_mode (e->text_view, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (e->text_view, 6);
  gtk_text_view_set_bottom_margin (e->text_view, 6);
  gtk_text_view_set_left_margin (e->text_view, 6);
  gtk_text_view_set_right_margin (e->text_view, 6);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (e->text_view));
  gtk_widget_set_size_request (scrolled, 280, 96);
  gtk_frame_set_child (GTK_FRAME (frame), scrolled);
  gtk_box_append (GTK_BOX (box), frame);

  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  gtk_widget_set_tooltip_text (e->send_button, _("Send the Note (Ctrl+Return)"));
  gtk_widget_add_css_class (e->send_button, "suggested-action");
  gtk_widget_set_sensitive (e->send_button, FALSE);
  gtk_box_append (GTK_BOX (buttons), e->send_button);
  gtk_box_append (GTK_BOX (box), buttons);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_popover_set_child (e->popover, box);
  gtk_popover_set_default_widget (e->popover, GTK_WIDGET (e->text_view));
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), GTK_WIDGET (e->popover));
  gtk_menu_button_set_label (GTK_MENU_BUTTON (button), label);
  /* GTK 4.8 does not name the button inside from the label. */
  limn_accessible_label_popup_button (button, label);
  gtk_menu_button_set_always_show_arrow (GTK_MENU_BUTTON (button), FALSE);
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_widget_add_css_class (button, "flat");
  g_object_set_data_full (G_OBJECT (button), "limn-note-editor", e, note_editor_free);

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (key_pressed_cb), button, 0);
  gtk_widget_add_controller (GTK_WIDGET (e->popover), keys);
  g_signal_connect_swapped (gtk_text_view_get_buffer (e->text_view), "changed", G_CALLBACK (update_send), e);
  g_signal_connect_swapped (e->send_button, "clicked", G_CALLBACK (send_note), button);
  return button;
}

void
limn_review_page_show_notes (LimnReviewPage *self)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *annotations = self->contents != NULL ? self->contents->annotations : NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->notes_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->notes_box), child);
  for (guint i = 0; annotations != NULL && i < annotations->len; i++)
    {
      LimnAnnotation *a = g_ptr_array_index (annotations, i);

      if (a->annotator != NULL && g_hash_table_add (seen, a->annotator))
        gtk_box_append (GTK_BOX (self->notes_box), note_button_new (self, a->annotator));
    }
  gtk_widget_set_visible (self->notes_box, gtk_widget_get_first_child (self->notes_box) != NULL);
}

GtkWidget *
limn_review_page_note_row_new (const LimnNote *note)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *when = limn_format_when (note->created_us);
  /* Translators: %s is an annotator's user name */
  g_autofree char *title = g_strdup_printf (_("Note to %s"), note->annotator);
  g_autofree char *subtitle = g_strdup_printf ("%s\n%s", note->body, when);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_add_css_class (row, "property");
  return row;
}
