/* limn-reliability.h
 *
 * What the crash and power-loss suites share:
 *
 * - a team: the real limn-server on a loopback port with an image project
 *   and an annotator, and a client data folder signed in to it that holds
 *   leases on every task (claimed once, through the sync client);
 * - the child's work: in its own process, open that folder's store and sync
 *   client, and label and submit tasks exactly as the app does (events
 *   through LimnEventLog into the writer, draft autosaves, flags, the
 *   submit job), printing "done <annotation id>" on stdout once each submit
 *   job has completed, and asking the sync client to send after each; it
 *   never stops by itself;
 * - the checks a parent runs on the folder after the child died: the store
 *   reopens, PRAGMA integrity_check is ok, every submit reported done is
 *   there, and the outbox is consistent with what it stands for.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "limn-server-test.h"

G_BEGIN_DECLS

typedef struct
{
  LimnTestServer *server;
  guint           n_clients;
  /* The current client: */
  char           *project_id;
  char           *client_dir;
  char           *db_path;
} LimnRelTeam;

/* Starts the server. */
LimnRelTeam *limn_rel_team_new                (void);
void         limn_rel_team_free               (LimnRelTeam   *team);
/* A fresh project with @n_tasks images and an annotator of its own, and a
 * client folder signed in as them that has claimed every task; it replaces
 * the previous client (whose folder is removed). A long run starts a new
 * client now and then, so each check reads a database of bounded size. */
void         limn_rel_team_new_client         (LimnRelTeam   *team,
                                               guint          n_tasks);

/* "LIMN_SOAK=1" in the environment. */
gboolean     limn_rel_soak                    (void);

/* The child's side. Runs until killed; with @finish, labels nothing and
 * syncs until the outbox is empty, then returns 0. Half the children (by
 * @seed) checkpoint the WAL every few pages, so faults land in
 * checkpoints too. */
int          limn_rel_child_run               (const char    *dir,
                                               guint32        seed,
                                               gboolean       finish);

/* Spawns `@self_exe --child DIR SEED [EXTRA…]` with stdout piped. */
GSubprocess *limn_rel_spawn_child             (const char    *self_exe,
                                               const char    *dir,
                                               guint32        seed,
                                               const char    *extra1,
                                               const char    *extra2);
/* Reads one "done <id>" line into @reported; FALSE at the end of output. */
gboolean     limn_rel_read_done               (GDataInputStream *lines,
                                               GHashTable    *reported);

typedef struct
{
  guint submitted;     /* submitted (or conflicted) revisions on disk */
  guint acked;         /* outbox rows the server answered */
  guint pending;       /* outbox rows still to send */
  guint open_batches;  /* batches made, not answered */
  guint events;
} LimnRelCounts;

/* Reopens the client database at @db_path through LimnStore (as the app
 * does at start), checks its integrity and every invariant, and that
 * every id in @reported is a submitted revision with its outbox row.
 * Fails the test with what broke and @what (e.g. "kill 17"). If the store
 * refuses to open the file with a LimnStoreError and @refusal is not
 * NULL, returns FALSE with that error instead. */
gboolean     limn_rel_check_client            (const char    *db_path,
                                               GHashTable    *reported,
                                               const char    *what,
                                               LimnRelCounts *counts,
                                               GError       **refusal);

/* The last step: the server holds exactly one copy of every event,
 * annotation and flag the client stored, every reported submit among them,
 * and the client's outbox is drained. */
void         limn_rel_check_exactly_once      (LimnRelTeam   *team,
                                               GHashTable    *reported);

G_END_DECLS
