/* limn-event.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-events"

#include "config.h"

#include "limn-event.h"
#include "model/limn-id.h"

G_DEFINE_BOXED_TYPE (LimnEvent, limn_event, limn_event_copy, limn_event_free)

LimnEvent *
limn_event_new (const char *type)
{
  LimnEvent *self = g_new0 (LimnEvent, 1);

  /* Time-ordered: the event logs here and on the server index events by
   * id, and a random id would write all over those indexes. */
  self->id = limn_id_new_time_ordered ();
  self->type = g_strdup (type);
  self->payload = g_strdup ("{}");

  return self;
}

LimnEvent *
limn_event_copy (const LimnEvent *event)
{
  LimnEvent *self = g_new0 (LimnEvent, 1);

  *self = *event;
  self->id = g_strdup (event->id);
  self->session_id = g_strdup (event->session_id);
  self->annotator = g_strdup (event->annotator);
  self->project_id = g_strdup (event->project_id);
  self->task_id = g_strdup (event->task_id);
  self->type = g_strdup (event->type);
  self->payload = g_strdup (event->payload);

  return self;
}

void
limn_event_free (LimnEvent *event)
{
  if (event == NULL)
    return;

  g_free (event->id);
  g_free (event->session_id);
  g_free (event->annotator);
  g_free (event->project_id);
  g_free (event->task_id);
  g_free (event->type);
  g_free (event->payload);
  g_free (event);
}
