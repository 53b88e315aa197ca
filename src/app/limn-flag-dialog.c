/* limn-flag-dialog.c
 *
 * Asking the leads about a task: a reason from a short list and a note.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include <glib/gi18n.h>

#include "limn-accessible.h"
#include "charts/limn-chart-format.h"
#include "limn-flag-dialog.h"

#define MIN_TEXT_CHARS 3      /* not counting spaces */
#define MAX_TEXT_CHARS 2000

struct _LimnFlagDialog
{
  AdwMessageDialog  parent_instance;

  /* Template children */
  GtkDropDown      *category_dropdown;
  GtkTextView      *text_view;
  GtkLabel         *placeholder_label;
  GtkLabel         *hint_label;
  GtkWidget        *region_list;
  AdwActionRow     *region_row;
  GtkSwitch        *region_switch;
};

G_DEFINE_FINAL_TYPE (LimnFlagDialog, limn_flag_dialog, ADW_TYPE_MESSAGE_DIALOG)

enum {
  FLAG,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* In the order the drop-down shows them. */
static const struct {
  const char *id;
  const char *label;
} categories[] = {
  { "guideline-gap", N_("The guidelines do not cover this") },
  { "label-conflict", N_("Two labels fit equally") },
  { "bad-data", N_("Bad or unreadable data") },
  { "other", N_("Other") },
};

const char *
limn_flag_dialog_category_label (const char *category)
{
  for (guint i = 0; i < G_N_ELEMENTS (categories); i++)
    if (g_strcmp0 (categories[i].id, category) == 0)
      return g_dgettext (GETTEXT_PACKAGE, categories[i].label);

  return category != NULL ? category : g_dgettext (GETTEXT_PACKAGE, categories[G_N_ELEMENTS (categories) - 1].label);
}

static char *
get_text (LimnFlagDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter start, end;
  char *text;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);

  return g_strstrip (text);
}

static guint
count_non_space (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      n++;

  return n;
}

static gboolean
text_is_valid (const char *text)
{
  return count_non_space (text) >= MIN_TEXT_CHARS &&
         g_utf8_strlen (text, -1) <= MAX_TEXT_CHARS;
}

static const char *
get_category (LimnFlagDialog *self)
{
  guint selected = gtk_drop_down_get_selected (self->category_dropdown);

  if (selected >= G_N_ELEMENTS (categories))
    selected = G_N_ELEMENTS (categories) - 1;

  return categories[selected].id;
}

static void
update_state (LimnFlagDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  g_autofree char *text = get_text (self);
  glong length = g_utf8_strlen (text, -1);
  gboolean valid = text_is_valid (text);

  gtk_widget_set_visible (GTK_WIDGET (self->placeholder_label),
                          gtk_text_buffer_get_char_count (buffer) == 0);

  if (length > MAX_TEXT_CHARS)
    {
      g_autofree char *message = limn_format_localize_digits_take (
        g_strdup_printf (ngettext ("%ld character too long: a note can have up to %d.",
                                   "%ld characters too long: a note can have up to %d.",
                                   length - MAX_TEXT_CHARS),
                         length - MAX_TEXT_CHARS, MAX_TEXT_CHARS));

      gtk_label_set_text (self->hint_label, message);
      gtk_widget_remove_css_class (GTK_WIDGET (self->hint_label), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->hint_label), "error");
    }
  else
    {
      gtk_label_set_text (self->hint_label,
                          _("A few words are enough. Press Ctrl+Enter to send."));
      gtk_widget_remove_css_class (GTK_WIDGET (self->hint_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->hint_label), "dim-label");
    }

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "flag", valid);
}

static void
confirm_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  LimnFlagDialog *self = LIMN_FLAG_DIALOG (widget);
  g_autofree char *text = get_text (self);

  /* Ctrl+Enter is taken either way: it is never a new line. */
  if (!text_is_valid (text))
    {
      gtk_widget_error_bell (widget);
      return;
    }

  /* As if "Flag" were clicked: one response, then the dialog goes away.
   * Destroying (not closing) keeps the close response, "cancel", unsent. */
  g_object_ref (self);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (self), "flag");
  gtk_window_destroy (GTK_WINDOW (self));
  g_object_unref (self);
}

static void
limn_flag_dialog_response (AdwMessageDialog *dialog,
                           const char       *response)
{
  LimnFlagDialog *self = LIMN_FLAG_DIALOG (dialog);
  g_autofree char *text = NULL;

  if (g_strcmp0 (response, "flag") != 0)
    return;

  text = get_text (self);
  if (!text_is_valid (text))
    return;

  g_signal_emit (self, signals[FLAG], 0, get_category (self), text);
}

static void
limn_flag_dialog_map (GtkWidget *widget)
{
  LimnFlagDialog *self = LIMN_FLAG_DIALOG (widget);

  GTK_WIDGET_CLASS (limn_flag_dialog_parent_class)->map (widget);

  /* The note is what the user came to write. */
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

static void
limn_flag_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LIMN_TYPE_FLAG_DIALOG);

  G_OBJECT_CLASS (limn_flag_dialog_parent_class)->dispose (object);
}

static void
limn_flag_dialog_class_init (LimnFlagDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  AdwMessageDialogClass *dialog_class = ADW_MESSAGE_DIALOG_CLASS (klass);

  object_class->dispose = limn_flag_dialog_dispose;
  widget_class->map = limn_flag_dialog_map;
  dialog_class->response = limn_flag_dialog_response;

  /**
   * LimnFlagDialog::flag:
   * @category: "guideline-gap", "label-conflict", "bad-data" or "other"
   * @text: the note, trimmed
   */
  signals[FLAG] =
    g_signal_new ("flag",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               LIMN_RESOURCE_PATH "/ui/limn-flag-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, LimnFlagDialog, category_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LimnFlagDialog, text_view);
  gtk_widget_class_bind_template_child (widget_class, LimnFlagDialog, placeholder_label);
  gtk_widget_class_bind_template_child (widget_class, LimnFlagDialog, hint_label);
  gtk_widget_class_bind_template_child (widget_class, LimnFlagDialog, region_list);
  gtk_widget_class_bind_template_child (widget_class, LimnFlagDialog, region_row);
  gtk_widget_class_bind_template_child (widget_class, LimnFlagDialog, region_switch);

  gtk_widget_class_install_action (widget_class, "flag.confirm", NULL, confirm_action);
}

static void
limn_flag_dialog_init (LimnFlagDialog *self)
{
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  limn_accessible_label_popup_button (GTK_WIDGET (self->category_dropdown), _("Reason"));

  for (guint i = 0; i < G_N_ELEMENTS (categories); i++)
    gtk_string_list_append (model, _(categories[i].label));
  gtk_drop_down_set_model (self->category_dropdown, G_LIST_MODEL (model));

  g_signal_connect_object (gtk_text_view_get_buffer (self->text_view), "changed",
                           G_CALLBACK (update_state), self,
                           G_CONNECT_SWAPPED);

  update_state (self);
}

void
limn_flag_dialog_set_region (LimnFlagDialog *self,
                             const char     *label_name,
                             gboolean        span)
{
  g_autofree char *title = NULL;

  g_return_if_fail (LIMN_IS_FLAG_DIALOG (self));

  gtk_widget_set_visible (self->region_list, label_name != NULL);
  if (label_name == NULL)
    return;

  title = span
    /* Translators: %s is a label's name: "About the selected Person span" */
    ? g_strdup_printf (_("About the selected %s span"), label_name)
    /* Translators: %s is a label's name: "About the selected Car box" */
    : g_strdup_printf (_("About the selected %s box"), label_name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->region_row), title);
}

gboolean
limn_flag_dialog_get_about_region (LimnFlagDialog *self)
{
  g_return_val_if_fail (LIMN_IS_FLAG_DIALOG (self), FALSE);

  return gtk_widget_get_visible (self->region_list) && gtk_switch_get_active (self->region_switch);
}

GtkWidget *
limn_flag_dialog_get_region_switch (LimnFlagDialog *self)
{
  g_return_val_if_fail (LIMN_IS_FLAG_DIALOG (self), NULL);
  return gtk_widget_get_visible (self->region_list) ? GTK_WIDGET (self->region_switch) : NULL;
}

LimnFlagDialog *
limn_flag_dialog_new (GtkWindow  *parent,
                      const char *task_title)
{
  g_autofree char *body = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (task_title != NULL, NULL);

  /* Translators: %s is the title of a task, e.g. a file name. */
  body = g_strdup_printf (_("Tell the leads what is unclear about “%s”. "
                            "The task stays in your list."),
                          task_title);

  return g_object_new (LIMN_TYPE_FLAG_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       "body", body,
                       NULL);
}
