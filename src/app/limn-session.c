/* limn-session.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include "events/limn-event.h"
#include "limn-session.h"

struct _LimnSession
{
  GObject          parent_instance;

  LimnStoreWorker *worker;
  LimnEventLog    *log;
  LimnActivity    *activity;
  GSettings       *settings;
  LimnSyncClient  *sync;
  LimnProject     *project;
};

G_DEFINE_FINAL_TYPE (LimnSession, limn_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SYNC_CLIENT,
  PROP_PROJECT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
idle_threshold_changed_cb (LimnSession *self)
{
  limn_activity_set_idle_threshold (self->activity,
                                    (gint64)g_settings_get_uint (self->settings, "idle-threshold") * G_USEC_PER_SEC);
}

static void
sink_event (LimnEvent *event,
            gpointer   data)
{
  limn_store_worker_append_event (data, event);
}

static void
limn_session_dispose (GObject *object)
{
  LimnSession *self = LIMN_SESSION (object);

  g_clear_object (&self->sync);
  g_clear_object (&self->project);

  G_OBJECT_CLASS (limn_session_parent_class)->dispose (object);
}

static void
limn_session_finalize (GObject *object)
{
  LimnSession *self = LIMN_SESSION (object);

  g_clear_object (&self->activity);
  g_clear_object (&self->log);
  g_clear_object (&self->worker);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (limn_session_parent_class)->finalize (object);
}

static void
limn_session_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  LimnSession *self = LIMN_SESSION (object);

  switch (prop_id)
    {
    case PROP_SYNC_CLIENT:
      g_value_set_object (value, self->sync);
      break;
    case PROP_PROJECT:
      g_value_set_object (value, self->project);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
limn_session_class_init (LimnSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = limn_session_dispose;
  object_class->finalize = limn_session_finalize;
  object_class->get_property = limn_session_get_property;

  properties[PROP_SYNC_CLIENT] =
    g_param_spec_object ("sync-client", NULL, NULL, LIMN_TYPE_SYNC_CLIENT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROJECT] =
    g_param_spec_object ("project", NULL, NULL, LIMN_TYPE_PROJECT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
limn_session_init (LimnSession *self)
{
}

LimnSession *
limn_session_new (LimnStoreWorker *worker,
                  GSettings       *settings)
{
  LimnSession *self;
  JsonObject *payload;

  g_return_val_if_fail (LIMN_IS_STORE_WORKER (worker), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (LIMN_TYPE_SESSION, NULL);
  self->worker = g_object_ref (worker);
  self->settings = g_object_ref (settings);
  self->log = limn_event_log_new (NULL, limn_store_worker_get_annotator (worker), NULL,
                                  sink_event, g_object_ref (worker), g_object_unref);
  self->activity = limn_activity_new (NULL, self->log);
  idle_threshold_changed_cb (self);
  g_signal_connect_object (settings, "changed::idle-threshold",
                           G_CALLBACK (idle_threshold_changed_cb), self, G_CONNECT_SWAPPED);

  payload = json_object_new ();
  json_object_set_string_member (payload, "version", PACKAGE_VERSION);
  limn_event_log_record (self->log, LIMN_EVENT_SESSION_STARTED, payload);
  json_object_unref (payload);

  return self;
}

LimnStoreWorker *
limn_session_get_worker (LimnSession *self)
{
  g_return_val_if_fail (LIMN_IS_SESSION (self), NULL);
  return self->worker;
}

LimnEventLog *
limn_session_get_log (LimnSession *self)
{
  g_return_val_if_fail (LIMN_IS_SESSION (self), NULL);
  return self->log;
}

LimnActivity *
limn_session_get_activity (LimnSession *self)
{
  g_return_val_if_fail (LIMN_IS_SESSION (self), NULL);
  return self->activity;
}

GSettings *
limn_session_get_settings (LimnSession *self)
{
  g_return_val_if_fail (LIMN_IS_SESSION (self), NULL);
  return self->settings;
}

LimnSyncClient *
limn_session_get_sync_client (LimnSession *self)
{
  g_return_val_if_fail (LIMN_IS_SESSION (self), NULL);
  return self->sync;
}

void
limn_session_set_sync_client (LimnSession    *self,
                              LimnSyncClient *client)
{
  g_return_if_fail (LIMN_IS_SESSION (self));

  if (g_set_object (&self->sync, client))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNC_CLIENT]);
}

LimnProject *
limn_session_get_project (LimnSession *self)
{
  g_return_val_if_fail (LIMN_IS_SESSION (self), NULL);
  return self->project;
}

void
limn_session_set_project (LimnSession *self,
                          LimnProject *project)
{
  g_return_if_fail (LIMN_IS_SESSION (self));

  if (g_set_object (&self->project, project))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECT]);
}
