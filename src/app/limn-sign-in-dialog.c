/* limn-sign-in-dialog.c
 *
 * Signing in to a team server: its address and the token a lead issued.
 * Plain http to anything but this computer is refused unless the user turns
 * on the switch that appears for exactly that case. The token is kept by
 * the sync client (Secret Service, else a 0600 file), never here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include <glib/gi18n.h>

#include "limn-sign-in-dialog.h"
#include "limn-accessible.h"
#include "sync/limn-sync-error.h"

struct _LimnSignInDialog
{
  AdwWindow       parent_instance;

  AdwEntryRow    *url_row;
  AdwEntryRow    *token_row;
  AdwActionRow   *insecure_row;
  GtkSwitch      *insecure_switch;
  GtkLabel       *error_label;
  GtkButton      *sign_in_button;
  GtkSpinner     *spinner;

  LimnSyncClient *client;
  GCancellable   *cancellable;
};

G_DEFINE_FINAL_TYPE (LimnSignInDialog, limn_sign_in_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNED_IN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_error (LimnSignInDialog *self,
            const char       *message)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static gboolean
is_blank (const char *s)
{
  for (; s != NULL && *s != '\0'; s++)
    if (!g_ascii_isspace (*s))
      return FALSE;

  return TRUE;
}

/* Checks as the user types; the insecure switch appears only when it is
 * what stands between them and signing in. */
static void
validate (LimnSignInDialog *self)
{
  const char *url = gtk_editable_get_text (GTK_EDITABLE (self->url_row));
  const char *token = gtk_editable_get_text (GTK_EDITABLE (self->token_row));
  g_autoptr(GError) error = NULL;
  g_autofree char *normal = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (url));
  g_autofree char *token_trimmed = g_strstrip (g_strdup (token));
  gboolean valid = FALSE;

  if (trimmed[0] != '\0')
    {
      normal = limn_sync_url_normalize (trimmed, FALSE, &error);
      if (normal == NULL && g_error_matches (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_INSECURE))
        {
          gtk_widget_set_visible (GTK_WIDGET (self->insecure_row), TRUE);
          if (gtk_switch_get_active (self->insecure_switch))
            {
              g_clear_error (&error);
              normal = limn_sync_url_normalize (trimmed, TRUE, &error);
            }
        }
      else
        gtk_widget_set_visible (GTK_WIDGET (self->insecure_row), FALSE);

      valid = normal != NULL && token_trimmed[0] != '\0';
      show_error (self, normal == NULL && error != NULL &&
                        !g_error_matches (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_INSECURE)
                        ? error->message : NULL);
    }
  else
    show_error (self, NULL);

  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_in_button),
                            valid && self->cancellable == NULL);
}

static void
sign_in_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(LimnSignInDialog) self = data;
  g_autoptr(GError) error = NULL;

  g_clear_object (&self->cancellable);
  gtk_spinner_stop (self->spinner);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);

  if (!limn_sync_client_sign_in_finish (LIMN_SYNC_CLIENT (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error->message);
      validate (self);
      return;
    }

  g_signal_emit (self, signals[SIGNED_IN], 0);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
sign_in_clicked_cb (LimnSignInDialog *self)
{
  g_autofree char *url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->url_row))));
  g_autofree char *token = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->token_row))));
  LimnSyncServerFlags flags = LIMN_SYNC_SERVER_DEFAULT;

  if (self->cancellable != NULL || is_blank (url) || is_blank (token))
    return;

  if (gtk_widget_get_visible (GTK_WIDGET (self->insecure_row)) &&
      gtk_switch_get_active (self->insecure_switch))
    flags |= LIMN_SYNC_SERVER_ALLOW_INSECURE;

  show_error (self, NULL);
  self->cancellable = g_cancellable_new ();
  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_in_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), TRUE);
  gtk_spinner_start (self->spinner);

  limn_sync_client_sign_in_async (self->client, url, token, flags, self->cancellable,
                                  sign_in_cb, g_object_ref (self));
}

static void
cancel_clicked_cb (LimnSignInDialog *self)
{
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
limn_sign_in_dialog_dispose (GObject *object)
{
  LimnSignInDialog *self = (LimnSignInDialog *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);

  gtk_widget_dispose_template (GTK_WIDGET (self), LIMN_TYPE_SIGN_IN_DIALOG);

  G_OBJECT_CLASS (limn_sign_in_dialog_parent_class)->dispose (object);
}

static void
limn_sign_in_dialog_class_init (LimnSignInDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = limn_sign_in_dialog_dispose;

  /**
   * LimnSignInDialog::signed-in:
   *
   * The client now has an account and its token; the dialog closes.
   */
  signals[SIGNED_IN] =
    g_signal_new ("signed-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, LIMN_RESOURCE_PATH "/ui/limn-sign-in-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, LimnSignInDialog, url_row);
  gtk_widget_class_bind_template_child (widget_class, LimnSignInDialog, token_row);
  gtk_widget_class_bind_template_child (widget_class, LimnSignInDialog, insecure_row);
  gtk_widget_class_bind_template_child (widget_class, LimnSignInDialog, insecure_switch);
  gtk_widget_class_bind_template_child (widget_class, LimnSignInDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, LimnSignInDialog, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, LimnSignInDialog, spinner);
  gtk_widget_class_bind_template_callback (widget_class, validate);
  gtk_widget_class_bind_template_callback (widget_class, sign_in_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
limn_sign_in_dialog_init (LimnSignInDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  limn_accessible_label_password_peek (ADW_PASSWORD_ENTRY_ROW (self->token_row));
}

LimnSignInDialog *
limn_sign_in_dialog_new (GtkWindow      *parent,
                         LimnSyncClient *client)
{
  LimnSignInDialog *self;
  const char *url;

  g_return_val_if_fail (LIMN_IS_SYNC_CLIENT (client), NULL);

  self = g_object_new (LIMN_TYPE_SIGN_IN_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->client = g_object_ref (client);

  /* Signing in again: start from the server the user had. */
  url = limn_sync_client_get_server_url (client);
  if (url != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->url_row), url);

  /* Typing starts in the first field that needs it. */
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (url != NULL ? self->token_row : self->url_row));

  validate (self);

  return self;
}
