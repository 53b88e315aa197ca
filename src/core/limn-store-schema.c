/* limn-store-schema.c
 *
 * The schema as a list of forward migrations keyed on PRAGMA user_version.
 * Never edit a migration that has shipped: add the next one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "limn-store-private.h"

/* Version 1 (design §3). Rooms left for later issues: projects.server_url
 * and remote ids (sync), assignments' full state set and lease (claims),
 * annotations.parent_id/revision/state 'conflicted' (review, conflicts),
 * outbox and sync_state (sync). Messages and reviews come as migrations. */
static const char migration_1[] =
  "CREATE TABLE meta ("
  "  key TEXT PRIMARY KEY,"
  "  value TEXT NOT NULL"
  ");"

  "CREATE TABLE projects ("
  "  id TEXT PRIMARY KEY,"
  "  name TEXT NOT NULL,"
  "  kind TEXT NOT NULL CHECK (kind IN ('image', 'text', 'both')),"
  "  source_path TEXT,"
  "  server_url TEXT,"
  "  remote_id TEXT,"
  "  confidence_steps INTEGER NOT NULL DEFAULT 5 CHECK (confidence_steps BETWEEN 2 AND 10),"
  "  settings TEXT NOT NULL DEFAULT '{}',"
  "  created_us INTEGER NOT NULL,"
  "  updated_us INTEGER NOT NULL"
  ");"

  "CREATE TABLE labels ("
  "  id TEXT PRIMARY KEY,"
  "  project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"
  "  name TEXT NOT NULL,"
  "  color TEXT NOT NULL,"
  "  hotkey TEXT,"
  "  description TEXT NOT NULL DEFAULT '',"
  "  examples TEXT NOT NULL DEFAULT '[]',"
  "  UNIQUE (project_id, name)"
  ");"

  "CREATE TABLE guidelines ("
  "  project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,"
  "  version INTEGER NOT NULL,"
  "  body TEXT NOT NULL,"
  "  published_us INTEGER NOT NULL,"
  "  PRIMARY KEY (project_id, version)"
  ");"

  "CREATE TABLE tasks ("
  "  id TEXT PRIMARY KEY,"
  "  project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"
  "  kind TEXT NOT NULL CHECK (kind IN ('image', 'text')),"
  "  title TEXT NOT NULL,"
  "  media_path TEXT,"
  "  media_sha256 TEXT,"
  "  width INTEGER,"
  "  height INTEGER,"
  "  text TEXT,"
  "  text_length INTEGER,"
  "  language TEXT,"
  "  direction TEXT NOT NULL DEFAULT 'auto' CHECK (direction IN ('ltr', 'rtl', 'auto')),"
  "  meta TEXT NOT NULL DEFAULT '{}',"
  "  created_us INTEGER NOT NULL"
  ");"
  "CREATE INDEX tasks_by_project ON tasks (project_id, position);"

  /* Model suggestions: kept apart from anyone's annotation. */
  "CREATE TABLE pre_annotations ("
  "  id TEXT PRIMARY KEY,"
  "  task_id TEXT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"
  "  kind TEXT NOT NULL CHECK (kind IN ('box', 'span')),"
  "  label_id TEXT NOT NULL,"
  "  x REAL, y REAL, w REAL, h REAL,"
  "  start_cp INTEGER, end_cp INTEGER, text TEXT,"
  "  score REAL,"
  "  model_version TEXT"
  ");"
  "CREATE INDEX pre_annotations_by_task ON pre_annotations (task_id, position);"

  "CREATE TABLE assignments ("
  "  task_id TEXT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,"
  "  annotator TEXT NOT NULL,"
  "  status TEXT NOT NULL CHECK (status IN ('new', 'assigned', 'in_progress', 'submitted',"
  "                                         'accepted', 'needs_rework', 'skipped', 'expired')),"
  "  lease_expires_us INTEGER,"
  "  updated_us INTEGER NOT NULL,"
  "  PRIMARY KEY (task_id, annotator)"
  ");"

  "CREATE TABLE annotations ("
  "  id TEXT PRIMARY KEY,"
  "  task_id TEXT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,"
  "  annotator TEXT NOT NULL,"
  "  revision INTEGER NOT NULL CHECK (revision >= 1),"
  "  parent_id TEXT REFERENCES annotations (id),"
  "  guideline_version INTEGER,"
  "  state TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'skipped', 'conflicted')),"
  "  confidence REAL CHECK (confidence IS NULL OR (confidence >= 0 AND confidence <= 1)),"
  "  active_ms INTEGER NOT NULL DEFAULT 0 CHECK (active_ms >= 0),"
  "  wall_ms INTEGER NOT NULL DEFAULT 0 CHECK (wall_ms >= 0),"
  "  region_count INTEGER NOT NULL DEFAULT 0,"
  "  created_us INTEGER NOT NULL,"
  "  updated_us INTEGER NOT NULL,"
  "  submitted_us INTEGER"
  ");"
  "CREATE INDEX annotations_by_task ON annotations (task_id, annotator, revision);"
  /* One open draft per task and annotator. */
  "CREATE UNIQUE INDEX one_draft ON annotations (task_id, annotator) WHERE state = 'draft';"

  /* Region ids persist across revisions, so the key is (annotation, id). */
  "CREATE TABLE regions ("
  "  annotation_id TEXT NOT NULL REFERENCES annotations (id) ON DELETE CASCADE,"
  "  id TEXT NOT NULL,"
  "  position INTEGER NOT NULL,"
  "  kind TEXT NOT NULL CHECK (kind IN ('box', 'span')),"
  "  label_id TEXT NOT NULL,"
  "  confidence REAL CHECK (confidence IS NULL OR (confidence >= 0 AND confidence <= 1)),"
  "  x REAL, y REAL, w REAL, h REAL,"
  "  start_cp INTEGER, end_cp INTEGER, text TEXT,"
  "  source TEXT NOT NULL DEFAULT 'human' CHECK (source IN ('human', 'model')),"
  "  score REAL,"
  "  model_version TEXT,"
  "  suggestion_id TEXT,"
  "  PRIMARY KEY (annotation_id, id),"
  "  CHECK ((kind = 'box' AND w > 0 AND h > 0) OR"
  "         (kind = 'span' AND start_cp >= 0 AND end_cp >= start_cp))"
  ");"

  "CREATE TABLE rejected_suggestions ("
  "  annotation_id TEXT NOT NULL REFERENCES annotations (id) ON DELETE CASCADE,"
  "  suggestion_id TEXT NOT NULL,"
  "  PRIMARY KEY (annotation_id, suggestion_id)"
  ");"

  /* The event log: append-only, enforced by triggers. No foreign keys: an
   * event outlives whatever it was about. */
  "CREATE TABLE events ("
  "  seq INTEGER PRIMARY KEY,"
  "  id TEXT NOT NULL UNIQUE,"
  "  session_id TEXT NOT NULL,"
  "  annotator TEXT NOT NULL,"
  "  project_id TEXT,"
  "  task_id TEXT,"
  "  type TEXT NOT NULL,"
  "  wall_us INTEGER NOT NULL,"
  "  mono_us INTEGER NOT NULL,"
  "  payload TEXT NOT NULL DEFAULT '{}'"
  ");"
  "CREATE INDEX events_by_task ON events (task_id, seq);"
  "CREATE TRIGGER events_no_update BEFORE UPDATE ON events"
  "  BEGIN SELECT RAISE (ABORT, 'events are append-only'); END;"
  "CREATE TRIGGER events_no_delete BEFORE DELETE ON events"
  "  BEGIN SELECT RAISE (ABORT, 'events are append-only'); END;"

  "CREATE TABLE flags ("
  "  id TEXT PRIMARY KEY,"
  "  task_id TEXT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,"
  "  region_id TEXT,"
  "  annotator TEXT NOT NULL,"
  "  category TEXT NOT NULL,"
  "  body TEXT NOT NULL,"
  "  state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'answered', 'closed')),"
  "  created_us INTEGER NOT NULL"
  ");"
  "CREATE INDEX flags_by_task ON flags (task_id, annotator);"

  /* Marked sent only in the transaction that stores the server's answer. */
  "CREATE TABLE outbox ("
  "  seq INTEGER PRIMARY KEY,"
  "  kind TEXT NOT NULL,"
  "  item_id TEXT NOT NULL,"
  "  project_id TEXT,"
  "  payload TEXT NOT NULL,"
  "  created_us INTEGER NOT NULL,"
  "  batch_key TEXT,"
  "  acked_us INTEGER,"
  "  result TEXT,"
  "  UNIQUE (kind, item_id)"
  ");"
  "CREATE INDEX outbox_pending ON outbox (seq) WHERE acked_us IS NULL;"

  "CREATE TABLE sync_state ("
  "  server_url TEXT PRIMARY KEY,"
  "  cursor TEXT,"
  "  last_success_us INTEGER,"
  "  last_error TEXT"
  ");"

  /* Each migration sets its own version, inside its transaction. */
  "PRAGMA user_version = 1;";

static const char * const migrations[] = {
  NULL,           /* version 0: the empty file */
  migration_1,
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == LIMN_STORE_SCHEMA_VERSION + 1);

/* Brings the file from @from_version to LIMN_STORE_SCHEMA_VERSION, each
 * step in its own transaction together with its user_version bump, so a
 * crash mid-upgrade leaves the previous version intact. */
gboolean
limn_store_migrate (LimnStore  *self,
                    int         from_version,
                    GError    **error)
{
  sqlite3 *db = limn_store_get_db (self);

  for (int v = from_version + 1; v <= LIMN_STORE_SCHEMA_VERSION; v++)
    {
      int rc;

      if (!limn_store_begin (self, error))
        return FALSE;

      /* Fixed DDL text compiled into Limn; nothing here comes from input. */
      rc = sqlite3_exec (db, migrations[v], NULL, NULL, NULL);

      if (rc != SQLITE_OK)
        {
          limn_store_set_error (self, rc, error);
          limn_store_rollback (self);
          g_prefix_error (error, _("Could not upgrade the database to version %d: "), v);
          return FALSE;
        }

      if (!limn_store_commit (self, error))
        return FALSE;

      g_debug ("Migrated %s to schema %d", limn_store_get_path (self), v);
    }

  return TRUE;
}
