/* limn-event-log.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-events"

#include "config.h"

#include "json/limn-json-writer.h"
#include "limn-event-log.h"
#include "model/limn-util.h"

struct _LimnEventLog
{
  GObject            parent_instance;

  char              *session_id;
  char              *annotator;
  char              *project_id;
  char              *task_id;
  LimnClock         *clock;
  LimnEventSinkFunc  sink;
  gpointer           sink_data;
  GDestroyNotify     sink_destroy;
};

G_DEFINE_FINAL_TYPE (LimnEventLog, limn_event_log, G_TYPE_OBJECT)

static void
limn_event_log_finalize (GObject *object)
{
  LimnEventLog *self = (LimnEventLog *)object;

  if (self->sink_destroy != NULL)
    self->sink_destroy (self->sink_data);

  g_free (self->session_id);
  g_free (self->annotator);
  g_free (self->project_id);
  g_free (self->task_id);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (limn_event_log_parent_class)->finalize (object);
}

static void
limn_event_log_class_init (LimnEventLogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = limn_event_log_finalize;
}

static void
limn_event_log_init (LimnEventLog *self)
{
}

/**
 * limn_event_log_new:
 * @session_id: (nullable): this run's id, or %NULL for a fresh UUID
 * @clock: (nullable): where time comes from; the real clock if %NULL
 * @sink: receives each event, with ownership
 */
LimnEventLog *
limn_event_log_new (const char        *session_id,
                    const char        *annotator,
                    LimnClock         *clock,
                    LimnEventSinkFunc  sink,
                    gpointer           sink_data,
                    GDestroyNotify     sink_destroy)
{
  LimnEventLog *self;

  g_return_val_if_fail (annotator != NULL, NULL);
  g_return_val_if_fail (sink != NULL, NULL);

  self = g_object_new (LIMN_TYPE_EVENT_LOG, NULL);
  self->session_id = session_id ? g_strdup (session_id) : g_uuid_string_random ();
  self->annotator = g_strdup (annotator);
  self->clock = g_object_ref (clock ? clock : limn_clock_get_default ());
  self->sink = sink;
  self->sink_data = sink_data;
  self->sink_destroy = sink_destroy;

  return self;
}

const char *
limn_event_log_get_session_id (LimnEventLog *self)
{
  g_return_val_if_fail (LIMN_IS_EVENT_LOG (self), NULL);
  return self->session_id;
}

const char *
limn_event_log_get_annotator (LimnEventLog *self)
{
  g_return_val_if_fail (LIMN_IS_EVENT_LOG (self), NULL);
  return self->annotator;
}

LimnClock *
limn_event_log_get_clock (LimnEventLog *self)
{
  g_return_val_if_fail (LIMN_IS_EVENT_LOG (self), NULL);
  return self->clock;
}

/* Events recorded after this belong to @task_id of @project_id. */
void
limn_event_log_set_context (LimnEventLog *self,
                            const char   *project_id,
                            const char   *task_id)
{
  g_return_if_fail (LIMN_IS_EVENT_LOG (self));

  limn_set_str (&self->project_id, project_id);
  limn_set_str (&self->task_id, task_id);
}

/**
 * limn_event_log_record:
 * @payload: (nullable) (transfer none): details of the action
 *
 * Stamps one action and passes it to the sink. Costs a UUID, two clock
 * reads and a small JSON serialization; never blocks.
 */
void
limn_event_log_record (LimnEventLog *self,
                       const char   *type,
                       JsonObject   *payload)
{
  LimnEvent *event;

  g_return_if_fail (LIMN_IS_EVENT_LOG (self));
  g_return_if_fail (type != NULL);

  event = limn_event_new (type);
  event->session_id = g_strdup (self->session_id);
  event->annotator = g_strdup (self->annotator);
  event->project_id = g_strdup (self->project_id);
  event->task_id = g_strdup (self->task_id);
  event->wall_us = limn_clock_get_wall_us (self->clock);
  event->mono_us = limn_clock_get_mono_us (self->clock);

  if (payload != NULL)
    {
      g_free (event->payload);
      event->payload = limn_json_writer_object_to_string (payload);
    }

  self->sink (event, self->sink_data);
}
