/* limn-sync-indicator.c
 *
 * The header bar's sync state: offline, n queued, syncing, synced at …, or
 * an error with its details, and a popover with Sync Now, Get More Tasks
 * and Sign Out. It only shows what LimnSyncClient reports.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-sync-indicator"

#include "config.h"

#include <glib/gi18n.h>

#include "limn-sync-indicator.h"

struct _LimnSyncIndicator
{
  GtkWidget       parent_instance;

  GtkMenuButton  *button;
  GtkImage       *icon;
  GtkLabel       *count_label;
  GtkLabel       *title_label;
  GtkLabel       *detail_label;
  GtkLabel       *account_label;

  LimnSyncClient *client;
  char           *summary;
  guint           tick_id;
};

G_DEFINE_FINAL_TYPE (LimnSyncIndicator, limn_sync_indicator, GTK_TYPE_WIDGET)

static char *
format_time (gint64 us)
{
  g_autoptr(GDateTime) then = g_date_time_new_from_unix_local (us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (then == NULL)
    return g_strdup ("?");

  if (g_date_time_get_year (then) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (then) == g_date_time_get_day_of_year (now))
    return g_date_time_format (then, "%H:%M");

  return g_date_time_format (then, "%x %H:%M");
}

static void
update (LimnSyncIndicator *self)
{
  LimnSyncState state;
  gint64 pending, last;
  const char *icon = "emblem-ok-symbolic";
  g_autofree char *title = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *count = NULL;
  g_autofree char *account = NULL;

  if (self->client == NULL)
    return;

  state = limn_sync_client_get_state (self->client);
  pending = limn_sync_client_get_n_pending (self->client);
  last = limn_sync_client_get_last_success_us (self->client);

  if (pending > 0)
    count = g_strdup_printf ("%" G_GINT64_FORMAT, pending);

  if (last > 0)
    {
      g_autofree char *when = format_time (last);

      /* Translators: %s is a time like 14:05 */
      detail = g_strdup_printf (_("Last synced at %s."), when);
    }
  else
    detail = g_strdup (_("Not synced yet."));

  switch (state)
    {
    case LIMN_SYNC_STATE_OFFLINE:
      icon = "network-offline-symbolic";
      title = pending > 0
        ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Offline: %" G_GINT64_FORMAT " change waiting",
                                        "Offline: %" G_GINT64_FORMAT " changes waiting", pending), pending)
        : g_strdup (_("Offline"));
      break;

    case LIMN_SYNC_STATE_SYNCING:
      icon = "emblem-synchronizing-symbolic";
      title = g_strdup (_("Syncing…"));
      break;

    case LIMN_SYNC_STATE_ERROR:
      icon = "dialog-warning-symbolic";
      title = g_strdup (_("Sync needs attention"));
      g_free (detail);
      detail = g_strdup (limn_sync_client_get_last_error (self->client));
      break;

    case LIMN_SYNC_STATE_IDLE:
    default:
      if (pending > 0)
        {
          icon = "emblem-synchronizing-symbolic";
          title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" G_GINT64_FORMAT " change queued",
                                                "%" G_GINT64_FORMAT " changes queued", pending), pending);
        }
      else
        title = g_strdup (_("All work sent"));
      break;
    }

  if (limn_sync_client_get_server_url (self->client) != NULL)
    account = g_strdup_printf (_("%s on %s"),
                               limn_sync_client_get_user_name (self->client)
                                 ? limn_sync_client_get_user_name (self->client) : _("Signed in"),
                               limn_sync_client_get_server_url (self->client));

  gtk_image_set_from_icon_name (self->icon, icon);
  gtk_label_set_text (self->count_label, count ? count : "");
  gtk_widget_set_visible (GTK_WIDGET (self->count_label), count != NULL);
  gtk_label_set_text (self->title_label, title);
  gtk_label_set_text (self->detail_label, detail ? detail : "");
  gtk_label_set_text (self->account_label, account ? account : "");

  g_free (self->summary);
  self->summary = g_strdup_printf ("%s. %s", title, detail ? detail : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), self->summary);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->summary, -1);
}

static gboolean
tick_cb (gpointer data)
{
  update (data);
  return G_SOURCE_CONTINUE;
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
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "syncindicator");
}

static void
limn_sync_indicator_init (LimnSyncIndicator *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* "Last synced at 14:05" and "n queued" stay current without events. */
  self->tick_id = g_timeout_add_seconds (30, tick_cb, self);
}
