/* limn-server-backend-pg-schema.c
 *
 * The server's schema on PostgreSQL, as forward migrations numbered in a
 * schema_version table (their own numbering: PostgreSQL migration 1 is
 * the SQLite schema as it stands at its version 10; migration 2 brings
 * it to SQLite's version 12, migration 3 to its version 15). Never edit a migration that has shipped:
 * add the next one.
 *
 * Types: BIGINT for gint64 (microseconds, counts, positions), BIGSERIAL
 * for the sequences SQLite numbered itself, TEXT, BYTEA for blobs, DOUBLE
 * PRECISION for REAL; 0/1 flags stay integers, as the SQL of the facets
 * compares them with numbers. Where SQLite's queries break ties by rowid
 * (the order rows were inserted), a table has recv_seq. Triggers that refuse a change, or keep a
 * counter, are PL/pgSQL functions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "limn-server-backend-pg-private.h"

static const char migration_1[] =
  "CREATE TABLE users ("
  "  id TEXT PRIMARY KEY,"
  "  name TEXT NOT NULL UNIQUE,"
  "  created_us BIGINT NOT NULL"
  ");"

  "CREATE TABLE projects ("
  "  id TEXT PRIMARY KEY,"
  "  name TEXT NOT NULL,"
  "  kind TEXT NOT NULL CHECK (kind IN ('image', 'text', 'both')),"
  "  overlap BIGINT NOT NULL DEFAULT 1 CHECK (overlap >= 1),"
  "  gold_rate DOUBLE PRECISION NOT NULL DEFAULT 0 CHECK (gold_rate >= 0 AND gold_rate <= 1),"
  "  audit_rate DOUBLE PRECISION NOT NULL DEFAULT 0 CHECK (audit_rate >= 0 AND audit_rate <= 1),"
  "  confidence_steps BIGINT NOT NULL DEFAULT 5 CHECK (confidence_steps BETWEEN 2 AND 10),"
  "  lease_seconds BIGINT NOT NULL DEFAULT 86400 CHECK (lease_seconds >= 1),"
  "  created_us BIGINT NOT NULL,"
  "  review_threshold DOUBLE PRECISION NOT NULL DEFAULT 0.4"
  "    CHECK (review_threshold >= 0 AND review_threshold <= 1),"
  "  senior_threshold DOUBLE PRECISION NOT NULL DEFAULT 0.2"
  "    CHECK (senior_threshold >= 0 AND senior_threshold <= 1),"
  "  agreement_threshold DOUBLE PRECISION NOT NULL DEFAULT 0.5"
  "    CHECK (agreement_threshold >= 0 AND agreement_threshold <= 1),"
  "  match_iou DOUBLE PRECISION NOT NULL DEFAULT 0.5 CHECK (match_iou > 0 AND match_iou <= 1),"
  "  team_version BIGINT NOT NULL DEFAULT 0,"
  "  auto_propose_campaigns BIGINT NOT NULL DEFAULT 1 CHECK (auto_propose_campaigns IN (0, 1))"
  ");"

  /* Only the SHA-256 of a token is kept; the token itself is shown once. */
  "CREATE TABLE tokens ("
  "  id TEXT PRIMARY KEY,"
  "  user_id TEXT NOT NULL REFERENCES users (id),"
  "  project_id TEXT REFERENCES projects (id),"
  "  role TEXT NOT NULL CHECK (role IN ('annotator', 'reviewer', 'admin')),"
  "  sha256 TEXT NOT NULL UNIQUE,"
  "  created_us BIGINT NOT NULL,"
  "  revoked_us BIGINT,"
  "  CHECK (project_id IS NOT NULL OR role = 'admin')"
  ");"
  "CREATE INDEX tokens_by_project ON tokens (project_id, user_id);"

  "CREATE TABLE labels ("
  "  id TEXT PRIMARY KEY,"
  "  project_id TEXT NOT NULL REFERENCES projects (id),"
  "  position BIGINT NOT NULL,"
  "  name TEXT NOT NULL,"
  "  color TEXT NOT NULL,"
  "  hotkey TEXT,"
  "  description TEXT NOT NULL DEFAULT '',"
  "  retired_us BIGINT,"
  "  UNIQUE (project_id, name)"
  ");"

  "CREATE TABLE guidelines ("
  "  project_id TEXT NOT NULL REFERENCES projects (id),"
  "  version BIGINT NOT NULL CHECK (version >= 1),"
  "  body TEXT NOT NULL,"
  "  published_us BIGINT NOT NULL,"
  "  summary TEXT NOT NULL DEFAULT '',"
  "  published_by TEXT,"
  "  PRIMARY KEY (project_id, version)"
  ");"

  "CREATE TABLE tasks ("
  "  id TEXT PRIMARY KEY,"
  "  project_id TEXT NOT NULL REFERENCES projects (id),"
  "  position BIGINT NOT NULL,"
  "  kind TEXT NOT NULL CHECK (kind IN ('image', 'text')),"
  "  title TEXT NOT NULL,"
  "  media_sha256 TEXT,"
  "  media_size BIGINT,"
  "  width BIGINT,"
  "  height BIGINT,"
  "  mime TEXT,"
  "  text TEXT,"
  "  language TEXT,"
  "  direction TEXT NOT NULL DEFAULT 'auto' CHECK (direction IN ('ltr', 'rtl', 'auto')),"
  "  suggestions TEXT NOT NULL DEFAULT '[]',"
  "  is_gold BIGINT NOT NULL DEFAULT 0 CHECK (is_gold IN (0, 1)),"
  "  gold_answer TEXT,"
  "  created_us BIGINT NOT NULL,"
  "  CHECK ((kind = 'image' AND media_sha256 IS NOT NULL AND width > 0 AND height > 0) OR"
  "         (kind = 'text' AND text IS NOT NULL)),"
  "  CHECK (is_gold = 0 OR gold_answer IS NOT NULL)"
  ");"
  "CREATE INDEX tasks_by_project ON tasks (project_id, is_gold, position);"
  "CREATE INDEX tasks_by_media ON tasks (media_sha256);"

  /* One row per task and annotator, ever: nobody gets a task twice, not
   * even after their lease expired. */
  "CREATE TABLE assignments ("
  "  recv_seq BIGSERIAL UNIQUE,"
  "  id TEXT PRIMARY KEY,"
  "  task_id TEXT NOT NULL REFERENCES tasks (id),"
  "  project_id TEXT NOT NULL REFERENCES projects (id),"
  "  annotator TEXT NOT NULL REFERENCES users (id),"
  "  status TEXT NOT NULL CHECK (status IN ('assigned', 'submitted', 'expired',"
  "                                         'needs_rework', 'accepted')),"
  "  assigned_us BIGINT NOT NULL,"
  "  lease_expires_us BIGINT NOT NULL,"
  "  submitted_us BIGINT,"
  "  gold_revealed_us BIGINT,"
  "  position BIGINT NOT NULL DEFAULT 0,"
  "  rework BIGINT NOT NULL DEFAULT 0 CHECK (rework IN (0, 1)),"
  "  UNIQUE (task_id, annotator)"
  ");"
  "CREATE INDEX assignments_by_annotator ON assignments (annotator, project_id, status, assigned_us);"
  "CREATE INDEX assignments_by_lease ON assignments (status, lease_expires_us);"
  "CREATE INDEX assignments_by_task ON assignments (task_id, status);"

  /* The id is the client's UUID, so a re-sent revision is a duplicate.
   * recv_seq keeps the order they were received in (SQLite's rowid). */
  "CREATE TABLE annotations ("
  "  recv_seq BIGSERIAL UNIQUE,"
  "  id TEXT PRIMARY KEY,"
  "  task_id TEXT NOT NULL REFERENCES tasks (id),"
  "  project_id TEXT NOT NULL REFERENCES projects (id),"
  "  annotator TEXT NOT NULL REFERENCES users (id),"
  "  assignment_id TEXT REFERENCES assignments (id),"
  "  revision BIGINT NOT NULL CHECK (revision >= 1),"
  "  parent_id TEXT,"
  "  guideline_version BIGINT,"
  "  state TEXT NOT NULL CHECK (state IN ('submitted', 'conflicted')),"
  "  conflict_reason TEXT,"
  "  confidence DOUBLE PRECISION"
  "    CHECK (confidence IS NULL OR (confidence >= 0 AND confidence <= 1)),"
  "  active_ms BIGINT NOT NULL CHECK (active_ms >= 0),"
  "  wall_ms BIGINT NOT NULL CHECK (wall_ms >= 0),"
  "  created_us BIGINT NOT NULL,"
  "  submitted_us BIGINT NOT NULL,"
  "  received_us BIGINT NOT NULL,"
  "  regions TEXT NOT NULL,"
  "  region_count BIGINT NOT NULL,"
  "  rejected_suggestions TEXT NOT NULL DEFAULT '[]',"
  "  author TEXT,"
  "  region_labels TEXT NOT NULL DEFAULT '',"
  "  model_regions BIGINT NOT NULL DEFAULT 0"
  ");"
  "CREATE INDEX annotations_by_task ON annotations (task_id, annotator, revision);"
  "CREATE INDEX annotations_by_project ON annotations (project_id, state);"

  /* Refuses a change to an append-only table; the message is its
   * argument. */
  "CREATE FUNCTION limn_append_only () RETURNS trigger LANGUAGE plpgsql AS $$"
  "  BEGIN RAISE EXCEPTION '%', TG_ARGV[0]; END $$;"

  /* Append-only, enforced by triggers; no foreign keys: an event outlives
   * whatever it was about. */
  "CREATE TABLE events ("
  "  seq BIGSERIAL PRIMARY KEY,"
  "  id TEXT NOT NULL UNIQUE,"
  "  user_id TEXT NOT NULL,"
  "  project_id TEXT NOT NULL,"
  "  task_id TEXT,"
  "  session_id TEXT NOT NULL,"
  "  type TEXT NOT NULL,"
  "  wall_us BIGINT NOT NULL,"
  "  mono_us BIGINT NOT NULL,"
  "  payload TEXT NOT NULL DEFAULT '{}',"
  "  received_us BIGINT NOT NULL"
  ");"
  "CREATE INDEX events_by_project ON events (project_id, seq);"
  "CREATE TRIGGER events_no_change BEFORE UPDATE OR DELETE ON events"
  "  FOR EACH ROW EXECUTE FUNCTION limn_append_only ('events are append-only');"

  "CREATE TABLE flags ("
  "  recv_seq BIGSERIAL UNIQUE,"
  "  id TEXT PRIMARY KEY,"
  "  task_id TEXT NOT NULL REFERENCES tasks (id),"
  "  project_id TEXT NOT NULL REFERENCES projects (id),"
  "  user_id TEXT NOT NULL REFERENCES users (id),"
  "  region_id TEXT,"
  "  category TEXT NOT NULL,"
  "  body TEXT NOT NULL,"
  "  state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'answered', 'closed')),"
  "  created_us BIGINT NOT NULL,"
  "  received_us BIGINT NOT NULL"
  ");"
  "CREATE INDEX flags_by_project ON flags (project_id, state);"
  "CREATE INDEX flags_by_task ON flags (task_id);"

  /* A batch's answer, stored in the transaction that applied it. */
  "CREATE TABLE idempotency ("
  "  user_id TEXT NOT NULL REFERENCES users (id),"
  "  key TEXT NOT NULL,"
  "  request_sha256 TEXT NOT NULL,"
  "  status BIGINT NOT NULL,"
  "  body BYTEA NOT NULL,"
  "  created_us BIGINT NOT NULL,"
  "  token_id TEXT,"
  "  PRIMARY KEY (user_id, key)"
  ");"
  "CREATE INDEX idempotency_by_age ON idempotency (created_us);"

  /* seq is taken inside the write transaction, under the writers' lock:
   * commit-ordered (docs/postgresql.md). */
  "CREATE TABLE changes ("
  "  seq BIGSERIAL PRIMARY KEY,"
  "  recipient TEXT NOT NULL REFERENCES users (id),"
  "  project_id TEXT,"
  "  kind TEXT NOT NULL,"
  "  data TEXT NOT NULL,"
  "  created_us BIGINT NOT NULL,"
  "  recipient_seq BIGINT"
  ");"
  "CREATE INDEX changes_by_recipient ON changes (recipient, seq);"
  "CREATE UNIQUE INDEX changes_by_recipient_seq ON changes (recipient, recipient_seq);"

  /* Who did what, when, with which token. Append-only by trigger. */
  "CREATE TABLE audit_log ("
  "  seq BIGSERIAL PRIMARY KEY,"
  "  time_us BIGINT NOT NULL,"
  "  user_id TEXT,"
  "  token_id TEXT,"
  "  action TEXT NOT NULL,"
  "  detail TEXT NOT NULL DEFAULT '{}'"
  ");"
  "CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit_log"
  "  FOR EACH ROW EXECUTE FUNCTION limn_append_only ('the audit log is append-only');"

  /* Review, rework and feedback (docs/review.md). */
  "CREATE TABLE reviewers ("
  "  project_id TEXT NOT NULL REFERENCES projects (id),"
  "  user_id TEXT NOT NULL REFERENCES users (id),"
  "  level BIGINT NOT NULL CHECK (level IN (1, 2)),"
  "  PRIMARY KEY (project_id, user_id)"
  ");"

  /* At most one item per task that is not decided: a new reason merges. */
  "CREATE TABLE review_items ("
  "  recv_seq BIGSERIAL UNIQUE,"
  "  id TEXT PRIMARY KEY,"
  "  project_id TEXT NOT NULL REFERENCES projects (id),"
  "  task_id TEXT NOT NULL REFERENCES tasks (id),"
  "  annotation_id TEXT REFERENCES annotations (id),"
  "  reasons TEXT NOT NULL DEFAULT '[]',"
  "  min_level BIGINT NOT NULL DEFAULT 1 CHECK (min_level IN (1, 2)),"
  "  state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'leased', 'decided')),"
  "  holder TEXT REFERENCES users (id),"
  "  lease_expires_us BIGINT,"
  "  created_us BIGINT NOT NULL,"
  "  decided_us BIGINT,"
  "  round BIGINT NOT NULL DEFAULT 1 CHECK (round >= 1)"
  ");"
  "CREATE UNIQUE INDEX review_items_undecided ON review_items (task_id) WHERE state <> 'decided';"
  "CREATE INDEX review_items_by_project ON review_items (project_id, state, created_us);"
  "CREATE INDEX review_items_by_task ON review_items (task_id, created_us);"

  /* One per decision, by the client's id; a conflicted one is kept and
   * not acted on. */
  "CREATE TABLE reviews ("
  "  recv_seq BIGSERIAL UNIQUE,"
  "  id TEXT PRIMARY KEY,"
  "  item_id TEXT NOT NULL REFERENCES review_items (id),"
  "  reviewer TEXT NOT NULL REFERENCES users (id),"
  "  annotation_id TEXT NOT NULL REFERENCES annotations (id),"
  "  verdict TEXT NOT NULL CHECK (verdict IN ('accept', 'correct', 'send_back')),"
  "  reason_code TEXT CHECK (reason_code IS NULL OR reason_code IN ('missed_object',"
  "    'wrong_label', 'loose_box', 'wrong_span', 'guideline', 'other')),"
  "  comment TEXT NOT NULL DEFAULT '',"
  "  correction_id TEXT REFERENCES annotations (id),"
  "  state TEXT NOT NULL DEFAULT 'applied' CHECK (state IN ('applied', 'conflicted')),"
  "  active_ms BIGINT NOT NULL DEFAULT 0 CHECK (active_ms >= 0),"
  "  created_us BIGINT NOT NULL,"
  "  received_us BIGINT NOT NULL"
  ");"
  "CREATE INDEX reviews_by_item ON reviews (item_id);"

  "CREATE TABLE review_comments ("
  "  id TEXT PRIMARY KEY,"
  "  review_id TEXT NOT NULL REFERENCES reviews (id),"
  "  task_id TEXT NOT NULL REFERENCES tasks (id),"
  "  region_id TEXT,"
  "  body TEXT NOT NULL,"
  "  position BIGINT NOT NULL DEFAULT 0"
  ");"
  "CREATE INDEX review_comments_by_review ON review_comments (review_id, position);"

  "CREATE TABLE messages ("
  "  recv_seq BIGSERIAL UNIQUE,"
  "  id TEXT PRIMARY KEY,"
  "  thread_id TEXT NOT NULL REFERENCES flags (id),"
  "  author TEXT NOT NULL REFERENCES users (id),"
  "  body TEXT NOT NULL,"
  "  created_us BIGINT NOT NULL,"
  "  received_us BIGINT NOT NULL"
  ");"
  "CREATE INDEX messages_by_thread ON messages (thread_id, received_us);"

  "CREATE TABLE guideline_acks ("
  "  project_id TEXT NOT NULL REFERENCES projects (id),"
  "  user_id TEXT NOT NULL REFERENCES users (id),"
  "  version BIGINT NOT NULL,"
  "  acked_us BIGINT NOT NULL,"
  "  PRIMARY KEY (project_id, user_id, version)"
  ");"

  "CREATE TABLE notes ("
  "  id TEXT PRIMARY KEY,"
  "  project_id TEXT NOT NULL REFERENCES projects (id),"
  "  annotator TEXT NOT NULL REFERENCES users (id),"
  "  author TEXT NOT NULL REFERENCES users (id),"
  "  body TEXT NOT NULL,"
  "  created_us BIGINT NOT NULL"
  ");"

  /* The stratified audit's quotas: annotations seen and sampled per
   * stratum ("annotator:ID", "label:ID", "source:human|model"). */
  "CREATE TABLE audit_strata ("
  "  project_id TEXT NOT NULL REFERENCES projects (id),"
  "  stratum TEXT NOT NULL,"
  "  seen BIGINT NOT NULL DEFAULT 0,"
  "  sampled BIGINT NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (project_id, stratum)"
  ");"

  /* The server's own values and the team dashboard's alerts. */
  "CREATE TABLE server_meta ("
  "  key TEXT PRIMARY KEY,"
  "  value BYTEA NOT NULL"
  ");"
  "CREATE TABLE alerts ("
  "  recv_seq BIGSERIAL UNIQUE,"
  "  id TEXT PRIMARY KEY,"
  "  project_id TEXT NOT NULL REFERENCES projects (id),"
  "  kind TEXT NOT NULL,"
  "  key TEXT NOT NULL,"
  "  subject TEXT NOT NULL,"
  "  value DOUBLE PRECISION,"
  "  threshold DOUBLE PRECISION,"
  "  message TEXT NOT NULL,"
  "  data TEXT NOT NULL DEFAULT '{}',"
  "  since_us BIGINT NOT NULL,"
  "  updated_us BIGINT NOT NULL,"
  "  cleared_us BIGINT"
  ");"
  "CREATE UNIQUE INDEX alerts_active ON alerts (project_id, kind, key) WHERE cleared_us IS NULL;"
  "CREATE INDEX alerts_by_project ON alerts (project_id, since_us);"

  /* The team dashboard's change counter per project (SQLite migration
   * 6), kept by triggers: the row's project, or (reviews) its item's. */
  "CREATE FUNCTION limn_team_version_bump () RETURNS trigger LANGUAGE plpgsql AS $$"
  "  DECLARE"
  "    row_project TEXT;"
  "  BEGIN"
  "    IF TG_TABLE_NAME = 'reviews' THEN"
  "      SELECT project_id INTO row_project FROM review_items WHERE id = NEW.item_id;"
  "    ELSIF TG_OP = 'DELETE' THEN"
  "      row_project := OLD.project_id;"
  "    ELSE"
  "      row_project := NEW.project_id;"
  "    END IF;"
  "    UPDATE projects SET team_version = team_version + 1 WHERE id = row_project;"
  "    RETURN NULL;"
  "  END $$;"
  "CREATE TRIGGER team_version_annotations AFTER INSERT OR UPDATE ON annotations"
  "  FOR EACH ROW EXECUTE FUNCTION limn_team_version_bump ();"
  "CREATE TRIGGER team_version_reviews AFTER INSERT OR UPDATE ON reviews"
  "  FOR EACH ROW EXECUTE FUNCTION limn_team_version_bump ();"
  "CREATE TRIGGER team_version_tasks AFTER INSERT OR UPDATE OR DELETE ON tasks"
  "  FOR EACH ROW EXECUTE FUNCTION limn_team_version_bump ();"
  "CREATE TRIGGER team_version_labels AFTER INSERT OR UPDATE OR DELETE ON labels"
  "  FOR EACH ROW EXECUTE FUNCTION limn_team_version_bump ();"
  "CREATE FUNCTION limn_team_version_settings () RETURNS trigger LANGUAGE plpgsql AS $$"
  "  BEGIN"
  "    UPDATE projects SET team_version = team_version + 1 WHERE id = NEW.id;"
  "    RETURN NULL;"
  "  END $$;"
  /* pg_trigger_depth: its own UPDATE of team_version does not fire it
   * again (UPDATE OF fires on the columns named in SET only, but say so). */
  "CREATE TRIGGER team_version_settings AFTER UPDATE OF overlap, match_iou, agreement_threshold"
  "  ON projects FOR EACH ROW WHEN (pg_trigger_depth () < 1)"
  "  EXECUTE FUNCTION limn_team_version_settings ();"

  /* Dataset versions, immutable. */
  "CREATE TABLE datasets ("
  "  project_id TEXT NOT NULL REFERENCES projects (id),"
  "  version BIGINT NOT NULL CHECK (version >= 1),"
  "  method TEXT NOT NULL CHECK (method IN ('accepted', 'majority', 'dawid-skene')),"
  "  min_iou DOUBLE PRECISION NOT NULL,"
  "  guideline_version BIGINT NOT NULL DEFAULT 0,"
  "  note TEXT NOT NULL DEFAULT '',"
  "  created_by TEXT NOT NULL,"
  "  created_us BIGINT NOT NULL,"
  "  items BIGINT NOT NULL,"
  "  regions BIGINT NOT NULL,"
  "  manifest TEXT NOT NULL,"
  "  snapshot BYTEA NOT NULL,"
  "  snapshot_sha256 TEXT NOT NULL,"
  "  PRIMARY KEY (project_id, version)"
  ");"
  "CREATE TRIGGER datasets_no_change BEFORE UPDATE OR DELETE ON datasets"
  "  FOR EACH ROW EXECUTE FUNCTION limn_append_only ('dataset versions are immutable');"

  /* Relabel campaigns (SQLite migrations 8 to 10). */
  "CREATE TABLE campaigns ("
  "  recv_seq BIGSERIAL UNIQUE,"
  "  id TEXT PRIMARY KEY,"
  "  project_id TEXT NOT NULL REFERENCES projects (id),"
  "  state TEXT NOT NULL CHECK (state IN ('proposed', 'approved', 'running', 'done',"
  "                                       'rolled_back', 'cancelled')),"
  "  scope TEXT NOT NULL,"
  "  reason TEXT NOT NULL,"
  "  proposed_by TEXT REFERENCES users (id),"
  "  proposed_from_alert TEXT REFERENCES alerts (id),"
  "  approved_by TEXT REFERENCES users (id),"
  "  dataset_from TEXT NOT NULL CHECK (dataset_from IN ('accepted', 'majority', 'dawid-skene')),"
  "  base_version BIGINT NOT NULL DEFAULT 0,"
  "  result_version BIGINT NOT NULL DEFAULT 0,"
  "  comparison TEXT,"
  "  created_us BIGINT NOT NULL,"
  "  updated_us BIGINT NOT NULL,"
  "  finished_by TEXT REFERENCES users (id),"
  "  rolled_back_by TEXT REFERENCES users (id),"
  "  cancelled_by TEXT REFERENCES users (id),"
  "  proposed_from_guidelines BIGINT CHECK (proposed_from_guidelines > 0),"
  "  CHECK (proposed_by IS NOT NULL OR proposed_from_alert IS NOT NULL OR"
  "         proposed_from_guidelines IS NOT NULL),"
  "  CHECK (approved_by IS NULL OR proposed_by IS NULL OR approved_by <> proposed_by)"
  ");"
  "CREATE TABLE campaign_items ("
  "  campaign_id TEXT NOT NULL REFERENCES campaigns (id),"
  "  task_id TEXT NOT NULL REFERENCES tasks (id),"
  "  annotator TEXT NOT NULL REFERENCES users (id),"
  "  state TEXT NOT NULL CHECK (state IN ('proposed', 'pending', 'reworked', 'withdrawn')),"
  "  base_annotation_id TEXT REFERENCES annotations (id),"
  "  result_annotation_id TEXT REFERENCES annotations (id),"
  "  prior_state TEXT CHECK (prior_state IN ('assigned', 'submitted', 'expired', 'accepted')),"
  "  prior_rework BIGINT NOT NULL DEFAULT 0 CHECK (prior_rework IN (0, 1)),"
  "  PRIMARY KEY (campaign_id, task_id, annotator)"
  ");"
  "CREATE INDEX campaigns_by_project ON campaigns (project_id, created_us);"
  "CREATE INDEX campaigns_by_alert ON campaigns (proposed_from_alert)"
  "  WHERE proposed_from_alert IS NOT NULL;"
  "CREATE UNIQUE INDEX campaigns_open_by_guidelines"
  "  ON campaigns (project_id, proposed_from_guidelines)"
  "  WHERE proposed_from_guidelines IS NOT NULL AND state IN ('proposed', 'approved', 'running');";

/* SQLite migrations 11 and 12: label names and descriptions per language
 * (issue 21: JSON objects of language tag to text, NULL when the project
 * gives none), and a project's guardrails (issue 23, docs/guardrails.md:
 * the rules JSON as the admin set it, NULL for none). */
static const char migration_2[] =
  "ALTER TABLE labels ADD COLUMN names TEXT;"
  "ALTER TABLE labels ADD COLUMN descriptions TEXT;"
  "ALTER TABLE projects ADD COLUMN guardrails TEXT;";

/* SQLite migrations 13 to 15 (issue 23): a project's qualification rule
 * (docs/training.md) and the task fields it hides from annotators
 * (docs/security.md, "Privacy"), NULL for none; guideline experiments,
 * at most one running per project (the partial unique index). */
static const char migration_3[] =
  "ALTER TABLE projects ADD COLUMN qualification TEXT;"
  "ALTER TABLE projects ADD COLUMN hidden_task_fields TEXT;"
  "CREATE TABLE experiments ("
  "  id TEXT PRIMARY KEY,"
  "  project_id TEXT NOT NULL REFERENCES projects (id),"
  "  state TEXT NOT NULL CHECK (state IN ('running', 'done', 'accepted', 'rejected')),"
  "  version_a BIGINT NOT NULL CHECK (version_a >= 1),"
  "  version_b BIGINT NOT NULL DEFAULT 0 CHECK (version_b >= 0),"
  "  draft TEXT,"
  "  split TEXT NOT NULL CHECK (split IN ('random', 'balanced')),"
  "  per_arm BIGINT NOT NULL CHECK (per_arm >= 1),"
  "  stop_items BIGINT NOT NULL CHECK (stop_items >= 1),"
  "  stop_days BIGINT NOT NULL DEFAULT 0 CHECK (stop_days >= 0),"
  "  arms TEXT NOT NULL,"
  "  pool TEXT NOT NULL,"
  "  result TEXT,"
  "  started_by TEXT NOT NULL REFERENCES users (id),"
  "  decided_by TEXT REFERENCES users (id),"
  "  started_us BIGINT NOT NULL,"
  "  ended_us BIGINT NOT NULL DEFAULT 0,"
  "  decided_us BIGINT NOT NULL DEFAULT 0,"
  "  published_version BIGINT NOT NULL DEFAULT 0,"
  "  seed BIGINT NOT NULL DEFAULT 0,"
  "  CHECK (version_b > 0 OR draft IS NOT NULL)"
  ");"
  "CREATE UNIQUE INDEX experiments_running ON experiments (project_id)"
  "  WHERE state = 'running';";

/* SQLite migration 16 (issue 21): a guideline version's text in other
 * languages, a JSON object of language tag to Markdown, NULL for none. */
static const char migration_4[] =
  "ALTER TABLE guidelines ADD COLUMN translations TEXT;";

static const char * const migrations[] = {
  NULL,           /* version 0: the empty database */
  migration_1,
  migration_2,
  migration_3,
  migration_4,
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == LIMN_SERVER_PG_SCHEMA_VERSION + 1);

static gboolean
command (PGconn      *pg,
         const char  *sql,
         const char  *what,
         PGresult   **out,
         GError     **error)
{
  PGresult *res = PQexec (pg, sql);
  ExecStatusType status = PQresultStatus (res);

  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    {
      limn_pg_set_error (error, pg, res, what);
      PQclear (res);
      return FALSE;
    }

  if (out != NULL)
    *out = res;
  else
    PQclear (res);

  return TRUE;
}

static gboolean
migrate_locked (PGconn      *pg,
                const char  *uri,
                GError     **error)
{
  g_autoptr(PGresult) res = NULL;
  gint64 version = 0;

  if (!command (pg, "SELECT to_regclass ('schema_version') IS NOT NULL", "the schema version",
                &res, error))
    return FALSE;

  if (g_str_equal (PQgetvalue (res, 0, 0), "t"))
    {
      g_clear_pointer (&res, PQclear);
      if (!command (pg, "SELECT version FROM schema_version", "the schema version", &res, error))
        return FALSE;
      if (PQntuples (res) > 0)
        version = g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL, 10);
    }
  else if (!command (pg, "CREATE TABLE schema_version (version BIGINT NOT NULL);"
                     "INSERT INTO schema_version VALUES (0)", "the schema version", NULL, error))
    return FALSE;

  if (version > LIMN_SERVER_PG_SCHEMA_VERSION)
    {
      g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_NEWER_VERSION,
                   _("“%s” was written by a newer limn-server (database version %d; this "
                     "version understands up to %d). Update limn-server; the database has "
                     "not been changed."),
                   uri, (int)version, LIMN_SERVER_PG_SCHEMA_VERSION);
      return FALSE;
    }

  for (gint64 v = version + 1; v <= LIMN_SERVER_PG_SCHEMA_VERSION; v++)
    {
      g_autofree char *set = g_strdup_printf ("UPDATE schema_version SET version = %d",
                                              (int)v);
      g_autoptr(GError) local_error = NULL;

      if (!command (pg, migrations[v], "a migration", NULL, &local_error) ||
          !command (pg, set, "the schema version", NULL, &local_error))
        {
          g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_FAILED,
                       _("Could not upgrade the server database to version %d: %s"),
                       (int)v, local_error->message);
          return FALSE;
        }
    }

  return TRUE;
}

gboolean
limn_pg_migrate (PGconn      *pg,
                 const char  *uri,
                 GError     **error)
{
  gboolean ok;

  /* Under the writers' lock, so that two instances starting at once do
   * not both migrate; all of it in one transaction (PostgreSQL's DDL is
   * transactional): a failed upgrade leaves the database as it was. */
  if (!command (pg, "BEGIN ISOLATION LEVEL READ COMMITTED; "
                "SELECT pg_advisory_xact_lock (" LIMN_PG_WRITE_LOCK_KEY ")",
                "BEGIN", NULL, error))
    return FALSE;

  ok = migrate_locked (pg, uri, error);
  if (!command (pg, ok ? "COMMIT" : "ROLLBACK", "COMMIT", NULL, ok ? error : NULL))
    ok = FALSE;

  return ok;
}
