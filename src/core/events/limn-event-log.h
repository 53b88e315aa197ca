/* limn-event-log.h
 *
 * Stamps user actions with identity and time and hands them to a sink (the
 * store's writer in the app, a list in tests). Recording never touches disk.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "limn-clock.h"
#include "limn-event.h"

G_BEGIN_DECLS

/* Takes ownership of @event. */
typedef void (*LimnEventSinkFunc) (LimnEvent *event,
                                   gpointer   user_data);

#define LIMN_TYPE_EVENT_LOG (limn_event_log_get_type ())

G_DECLARE_FINAL_TYPE (LimnEventLog, limn_event_log, LIMN, EVENT_LOG, GObject)

LimnEventLog *limn_event_log_new            (const char        *session_id,
                                             const char        *annotator,
                                             LimnClock         *clock,
                                             LimnEventSinkFunc  sink,
                                             gpointer           sink_data,
                                             GDestroyNotify     sink_destroy);
const char   *limn_event_log_get_session_id (LimnEventLog      *self);
const char   *limn_event_log_get_annotator  (LimnEventLog      *self);
LimnClock    *limn_event_log_get_clock      (LimnEventLog      *self);
void          limn_event_log_set_context    (LimnEventLog      *self,
                                             const char        *project_id,
                                             const char        *task_id);
void          limn_event_log_record         (LimnEventLog      *self,
                                             const char        *type,
                                             JsonObject        *payload);

G_END_DECLS
