/* limn-sync-indicator.c
 *
 * The header bar's sync state, in what the annotator cares about: whether
 * their submitted tasks have reached the team server. Five states: all
 * sent; sending; waiting to retry (the server said "not now": a clock and
 * a countdown, no warning); offline; and needs attention, the only one
 * with a warning, for what a person must mend (signed out, token revoked,
 * a server that breaks the protocol, a full disk). A popover has the
 * details, Sync Now, Get More Tasks and Sign Out. It only shows what
 * LimnSyncClient reports.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "limn-sync-indicator.h"
#include "limn-when.h"

struct _LimnSyncIndicator
{
  GtkWidget       parent_instance;

  GtkMenuButton  *button;
  GtkImage       *icon;
  GtkLabel       *count_label;
  GtkLabel       *title_label;
  GtkLabel       *detail_label;
  GtkLabel       *account_label;
  GtkWidget      *claiming_box;
  GtkWidget      *sign_in_button;
  GtkWidget      *sync_now_button;
  GtkSpinner     *claiming_spinner;

  LimnSyncClient *client;
  char           *summary;
  guint           tick_id;       /* the countdown to the next try, every second */
  guint           refresh_id;    /* "Last synced at 14:05" stays current */
};

G_DEFINE_FINAL_TYPE (LimnSyncIndicator, limn_sync_indicator, GTK_TYPE_WIDGET)

static gboolean tick_cb (gpointer data);

static char *
format_time (gint64 us)
{
  char *text = limn_format_when (us);

  if (*text == '\0')
    {
      g_free (text);
      return g_strdup ("?");
    }
  return text;
}

/* Seconds until the next automatic try, or -1 when none is set. */
static gint64
seconds_to_retry (LimnSyncClient *client)
{
  gint64 next = limn_sync_client_get_next_retry_us (client);

  if (next <= 0)
    return -1;

  return MAX ((next - g_get_real_time () + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC, 0);
}

static char *
waiting_text (gint64 n_tasks)
{
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" PRId64 " task waiting to be sent",
                                       "%" PRId64 " tasks waiting to be sent", n_tasks), n_tasks);
}

static void
update (LimnSyncIndicator *self)
{
  LimnSyncState state;
  gint64 n_tasks, last, retry_s;
  const char *icon = "emblem-ok-symbolic";
  g_autofree char *title = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *synced = NULL;
  g_autofree char *count = NULL;
  g_autofree char *account = NULL;
  gboolean countdown = FALSE;

  if (self->client == NULL)
    return;

  state = limn_sync_client_get_state (self->client);
  n_tasks = limn_sync_client_get_n_waiting_tasks (self->client);
  last = limn_sync_client_get_last_success_us (self->client);
  retry_s = seconds_to_retry (self->client);

  if (n_tasks > 0)
    count = g_strdup_printf ("%" PRId64, n_tasks);

  if (last > 0)
    {
      g_autofree char *when = format_time (last);

      /* Translators: %s is a time like 14:05 */
      synced = g_strdup_printf (_("Last synced at %s."), when);
    }
  else
    synced = g_strdup (_("Not synced yet."));

  switch (state)
    {
    case LIMN_SYNC_STATE_OFFLINE:
      icon = "network-offline-symbolic";
      title = n_tasks > 0
        ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Offline: %" PRId64 " task waiting",
                                        "Offline: %" PRId64 " tasks waiting", n_tasks), n_tasks)
        : g_strdup (_("Offline"));
      if (retry_s >= 0)
        detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "Your work is saved on this computer. Limn tries the server "
                                               "again in %" PRId64 " second. %s",
                                               "Your work is saved on this computer. Limn tries the server "
                                               "again in %" PRId64 " seconds. %s", retry_s),
                                  retry_s, synced);
      else
        detail = g_strdup_printf (_("Your work is saved on this computer and is sent when the network is back. %s"),
                                  synced);
      countdown = retry_s >= 0;
      break;

    case LIMN_SYNC_STATE_SYNCING:
      icon = "emblem-synchronizing-symbolic";
      title = n_tasks > 0
        ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Sending %" PRId64 " task…",
                                        "Sending %" PRId64 " tasks…", n_tasks), n_tasks)
        : g_strdup (_("Syncing…"));
      detail = g_steal_pointer (&synced);
      break;

    case LIMN_SYNC_STATE_RETRYING:
      /* The server's own trouble, and temporary: a clock, not a warning. */
      icon = "document-open-recent-symbolic";
      if (retry_s >= 0)
        title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Will retry in %" PRId64 " s",
                                              "Will retry in %" PRId64 " s", retry_s), retry_s);
      else
        title = g_strdup (_("The server is busy"));
      {
        g_autofree char *waiting = n_tasks > 0 ? waiting_text (n_tasks) : NULL;
        const char *why = limn_sync_client_get_last_error (self->client);

        /* Translators: the server's trouble, then "n tasks waiting", then when it last worked */
        detail = g_strdup_printf (_("%s Nothing is lost. %s%s%s"),
                                  why ? why : _("The team server asked Limn to wait."),
                                  waiting ? waiting : "", waiting ? ". " : "", synced);
      }
      countdown = retry_s >= 0;
      break;

    case LIMN_SYNC_STATE_ERROR:
      icon = "dialog-warning-symbolic";
      title = g_strdup (_("Sync needs attention"));
      detail = g_strdup (limn_sync_client_get_last_error (self->client));
      break;

    case LIMN_SYNC_STATE_IDLE:
    default:
      if (n_tasks > 0)
        {
          icon = "document-open-recent-symbolic";
          title = waiting_text (n_tasks);
        }
      else
        title = g_strdup (_("All work sent"));
      detail = g_steal_pointer (&synced);
      break;
    }

  if (limn_sync_client_get_server_url (self->client) != NULL)
    account = g_strdup_printf (_("%s on %s"),
                               limn_sync_client_get_user_name (self->client)
                                 ? limn_sync_client_get_user_name (self->client) : _("Signed in"),
                               limn_sync_client_get_server_url (self->client));

  /* A revoked token is mended by signing in again: offer it first. */
  {
    gboolean sign_in = state == LIMN_SYNC_STATE_ERROR &&
                       limn_sync_client_get_last_error_code (self->client) == LIMN_SYNC_ERROR_UNAUTHORIZED;

    gtk_widget_set_visible (self->sign_in_button, sign_in);
    if (sign_in)
      gtk_widget_remove_css_class (self->sync_now_button, "suggested-action");
    else
      gtk_widget_add_css_class (self->sync_now_button, "suggested-action");
  }

  gtk_image_set_from_icon_name (self->icon, icon);
  if (state == LIMN_SYNC_STATE_ERROR)
    gtk_widget_add_css_class (GTK_WIDGET (self->icon), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->icon), "warning");
  gtk_label_set_text (self->count_label, count ? count : "");
  gtk_widget_set_visible (GTK_WIDGET (self->count_label), count != NULL);
  gtk_label_set_text (self->title_label, title);
  gtk_label_set_text (self->detail_label, detail ? detail : "");
  gtk_label_set_text (self->account_label, account ? account : "");

  g_free (self->summary);
  /* "Sending 2 tasks…" ends a sentence already. */
  self->summary = g_strdup_printf (g_str_has_suffix (title, "…") ? "%s %s" : "%s. %s", title, detail ? detail : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), self->summary);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->summary, -1);

  /* Count down while a retry is due; otherwise nothing changes by itself. */
  if (countdown && self->tick_id == 0)
    self->tick_id = g_timeout_add_seconds (1, tick_cb, self);
  else if (!countdown)
    g_clear_handle_id (&self->tick_id, g_source_remove);
}

static gboolean
tick_cb (gpointer data)
{
  update (data);
  return G_SOURCE_CONTINUE;
}

GtkWidget *
limn_sync_indicator_get_button (LimnSyncIndicator *self)
{
  g_return_val_if_fail (LIMN_IS_SYNC_INDICATOR (self), NULL);
  return GTK_WIDGET (self->button);
}

static gboolean
refresh_cb (gpointer data)
{
  update (data);
  return G_SOURCE_CONTINUE;
}

void
limn_sync_indicator_set_claiming (LimnSyncIndicator *self,
                                  gboolean           claiming)
{
  g_return_if_fail (LIMN_IS_SYNC_INDICATOR (self));

  gtk_widget_set_visible (self->claiming_box, claiming);
  gtk_spinner_set_spinning (self->claiming_spinner, claiming);
}

void
limn_sync_indicator_set_client (LimnSyncIndicator *self,
                                LimnSyncClient    *client)
{
  g_return_if_fail (LIMN_IS_SYNC_INDICATOR (self));

  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);

  if (!g_set_object (&self->client, client))
    return;

  if (client != NULL)
    g_signal_connect_swapped (client, "notify", G_CALLBACK (update), self);

  update (self);
}

const char *
limn_sync_indicator_get_summary (LimnSyncIndicator *self)
{
  g_return_val_if_fail (LIMN_IS_SYNC_INDICATOR (self), NULL);
  return self->summary;
}

static void
limn_sync_indicator_dispose (GObject *object)
{
  LimnSyncIndicator *self = (LimnSyncIndicator *)object;

  limn_sync_indicator_set_client (self, NULL);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_pointer (&self->summary, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), LIMN_TYPE_SYNC_INDICATOR);

  G_OBJECT_CLASS (limn_sync_indicator_parent_class)->dispose (object);
}

static void
limn_sync_indicator_class_init (LimnSyncIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = limn_sync_indicator_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, LIMN_RESOURCE_PATH "/ui/limn-sync-indicator.ui");
  gtk_widget_class_bind_template_child (widget_class, LimnSyncIndicator, button);
  gtk_widget_class_bind_template_child (widget_class, LimnSyncIndicator, icon);
  gtk_widget_class_bind_template_child (widget_class, LimnSyncIndicator, count_label);
  gtk_widget_class_bind_template_child (widget_class, LimnSyncIndicator, title_label);
  gtk_widget_class_bind_template_child (widget_class, LimnSyncIndicator, detail_label);
  gtk_widget_class_bind_template_child (widget_class, LimnSyncIndicator, account_label);
  gtk_widget_class_bind_template_child (widget_class, LimnSyncIndicator, claiming_box);
  gtk_widget_class_bind_template_child (widget_class, LimnSyncIndicator, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, LimnSyncIndicator, sync_now_button);
  gtk_widget_class_bind_template_child (widget_class, LimnSyncIndicator, claiming_spinner);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "syncindicator");
}

static void
limn_sync_indicator_init (LimnSyncIndicator *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->refresh_id = g_timeout_add_seconds (30, refresh_cb, self);
}
