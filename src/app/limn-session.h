/* limn-session.h
 *
 * What the window's pages share once the store is open: the writer
 * thread, the event log, the annotator's activity (active and idle time),
 * the sync client, the settings and the project that is open. The window
 * makes one; pages read it and never reach into each other.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "events/limn-activity.h"
#include "events/limn-event-log.h"
#include "model/limn-project.h"
#include "store/limn-store-worker.h"
#include "sync/limn-sync-client.h"

G_BEGIN_DECLS

#define LIMN_TYPE_SESSION (limn_session_get_type ())

G_DECLARE_FINAL_TYPE (LimnSession, limn_session, LIMN, SESSION, GObject)

/* Starts the event log (recording session_started) and the activity
 * clock on @worker's store. */
LimnSession     *limn_session_new             (LimnStoreWorker *worker,
                                               GSettings       *settings);
LimnStoreWorker *limn_session_get_worker      (LimnSession     *self);
LimnEventLog    *limn_session_get_log         (LimnSession     *self);
LimnActivity    *limn_session_get_activity    (LimnSession     *self);
GSettings       *limn_session_get_settings    (LimnSession     *self);
/* Returns: (nullable): until sync is set up. */
LimnSyncClient  *limn_session_get_sync_client (LimnSession     *self);
void             limn_session_set_sync_client (LimnSession     *self,
                                               LimnSyncClient  *client);
/* Returns: (nullable): the project open in the window. */
LimnProject     *limn_session_get_project     (LimnSession     *self);
void             limn_session_set_project     (LimnSession     *self,
                                               LimnProject     *project);

G_END_DECLS
