/* limn-server-backend-sqlite-schema.c
 *
 * The server's schema (its own, not the desktop client's) as forward
 * migrations keyed on PRAGMA user_version. Never edit a migration that has
 * shipped: add the next one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include "limn-server-backend-sqlite-private.h"

static const char migration_1[] =
  "CREATE TABLE users ("
  "  id TEXT PRIMARY KEY,"
  "  name TEXT NOT NULL UNIQUE,"
  "  created_us INTEGER NOT NULL"
  ");"

  "CREATE TABLE projects ("
  "  id TEXT PRIMARY KEY,"
  "  name TEXT NOT NULL,"
  "  kind TEXT NOT NULL CHECK (kind IN ('image', 'text', 'both')),"
  "  overlap INTEGER NOT NULL DEFAULT 1 CHECK (overlap >= 1),"
  "  gold_rate REAL NOT NULL DEFAULT 0 CHECK (gold_rate >= 0 AND gold_rate <= 1),"
  "  audit_rate REAL NOT NULL DEFAULT 0 CHECK (audit_rate >= 0 AND audit_rate <= 1),"
  "  confidence_steps INTEGER NOT NULL DEFAULT 5 CHECK (confidence_steps BETWEEN 2 AND 10),"
  "  lease_seconds INTEGER NOT NULL DEFAULT 86400 CHECK (lease_seconds >= 1),"
  "  created_us INTEGER NOT NULL"
  ");"

  /* Only the SHA-256 of a token is kept; the token itself is shown once. */
  "CREATE TABLE tokens ("
  "  id TEXT PRIMARY KEY,"
  "  user_id TEXT NOT NULL REFERENCES users (id),"
  "  project_id TEXT REFERENCES projects (id),"
  "  role TEXT NOT NULL CHECK (role IN ('annotator', 'reviewer', 'admin')),"
  "  sha256 TEXT NOT NULL UNIQUE,"
  "  created_us INTEGER NOT NULL,"
  "  revoked_us INTEGER,"
  "  CHECK (project_id IS NOT NULL OR role = 'admin')"
  ");"
  "CREATE INDEX tokens_by_project ON tokens (project_id, user_id);"

  "CREATE TABLE labels ("
  "  id TEXT PRIMARY KEY,"
  "  project_id TEXT NOT NULL REFERENCES projects (id),"
  "  position INTEGER NOT NULL,"
  "  name TEXT NOT NULL,"
  "  color TEXT NOT NULL,"
  "  hotkey TEXT,"
  "  description TEXT NOT NULL DEFAULT '',"
  "  UNIQUE (project_id, name)"
  ");"

  "CREATE TABLE guidelines ("
  "  project_id TEXT NOT NULL REFERENCES projects (id),"
  "  version INTEGER NOT NULL CHECK (version >= 1),"
  "  body TEXT NOT NULL,"
  "  published_us INTEGER NOT NULL,"
  "  PRIMARY KEY (project_id, version)"
  ");"

  "CREATE TABLE tasks ("
  "  id TEXT PRIMARY KEY,"
  "  project_id TEXT NOT NULL REFERENCES projects (id),"
  "  position INTEGER NOT NULL,"
  "  kind TEXT NOT NULL CHECK (kind IN ('image', 'text')),"
  "  title TEXT NOT NULL,"
  "  media_sha256 TEXT,"
  "  media_size INTEGER,"
  "  width INTEGER,"
  "  height INTEGER,"
  "  mime TEXT,"
  "  text TEXT,"
  "  language TEXT,"
  "  direction TEXT NOT NULL DEFAULT 'auto' CHECK (direction IN ('ltr', 'rtl', 'auto')),"
  "  suggestions TEXT NOT NULL DEFAULT '[]',"
  "  is_gold INTEGER NOT NULL DEFAULT 0 CHECK (is_gold IN (0, 1)),"
  "  gold_answer TEXT,"
  "  created_us INTEGER NOT NULL,"
  "  CHECK ((kind = 'image' AND media_sha256 IS NOT NULL AND width > 0 AND height > 0) OR"
  "         (kind = 'text' AND text IS NOT NULL)),"
  "  CHECK (is_gold = 0 OR gold_answer IS NOT NULL)"
  ");"
  "CREATE INDEX tasks_by_project ON tasks (project_id, is_gold, position);"
  "CREATE INDEX tasks_by_media ON tasks (media_sha256);"

  /* One row per task and annotator, ever: nobody gets a task twice, not
   * even after their lease expired. */
  "CREATE TABLE assignments ("
  "  id TEXT PRIMARY KEY,"
  "  task_id TEXT NOT NULL REFERENCES tasks (id),"
  "  project_id TEXT NOT NULL REFERENCES projects (id),"
  "  annotator TEXT NOT NULL REFERENCES users (id),"
  "  status TEXT NOT NULL CHECK (status IN ('assigned', 'submitted', 'expired')),"
  "  assigned_us INTEGER NOT NULL,"
  "  lease_expires_us INTEGER NOT NULL,"
  "  submitted_us INTEGER,"
  "  gold_revealed_us INTEGER,"
  "  UNIQUE (task_id, annotator)"
  ");"
  "CREATE INDEX assignments_by_annotator ON assignments (annotator, project_id, status, assigned_us);"
  "CREATE INDEX assignments_by_lease ON assignments (status, lease_expires_us);"

  /* The id is the client's UUID, so a re-sent revision is a duplicate. */
  "CREATE TABLE annotations ("
  "  id TEXT PRIMARY KEY,"
  "  task_id TEXT NOT NULL REFERENCES tasks (id),"
  "  project_id TEXT NOT NULL REFERENCES projects (id),"
  "  annotator TEXT NOT NULL REFERENCES users (id),"
  "  assignment_id TEXT REFERENCES assignments (id),"
  "  revision INTEGER NOT NULL CHECK (revision >= 1),"
  "  parent_id TEXT,"
  "  guideline_version INTEGER,"
  "  state TEXT NOT NULL CHECK (state IN ('submitted', 'conflicted')),"
  "  conflict_reason TEXT,"
  "  confidence REAL CHECK (confidence IS NULL OR (confidence >= 0 AND confidence <= 1)),"
  "  active_ms INTEGER NOT NULL CHECK (active_ms >= 0),"
  "  wall_ms INTEGER NOT NULL CHECK (wall_ms >= 0),"
  "  created_us INTEGER NOT NULL,"
  "  submitted_us INTEGER NOT NULL,"
  "  received_us INTEGER NOT NULL,"
  "  regions TEXT NOT NULL,"
  "  region_count INTEGER NOT NULL,"
  "  rejected_suggestions TEXT NOT NULL DEFAULT '[]'"
  ");"
  "CREATE INDEX annotations_by_task ON annotations (task_id, annotator, revision);"
  "CREATE INDEX annotations_by_project ON annotations (project_id, state);"

  /* Append-only, enforced by triggers; no foreign keys: an event outlives
   * whatever it was about. */
  "CREATE TABLE events ("
  "  seq INTEGER PRIMARY KEY,"
  "  id TEXT NOT NULL UNIQUE,"
  "  user_id TEXT NOT NULL,"
  "  project_id TEXT NOT NULL,"
  "  task_id TEXT,"
  "  session_id TEXT NOT NULL,"
  "  type TEXT NOT NULL,"
  "  wall_us INTEGER NOT NULL,"
  "  mono_us INTEGER NOT NULL,"
  "  payload TEXT NOT NULL DEFAULT '{}',"
  "  received_us INTEGER NOT NULL"
  ");"
  "CREATE INDEX events_by_project ON events (project_id, seq);"
  "CREATE TRIGGER events_no_update BEFORE UPDATE ON events"
  "  BEGIN SELECT RAISE (ABORT, 'events are append-only'); END;"
  "CREATE TRIGGER events_no_delete BEFORE DELETE ON events"
  "  BEGIN SELECT RAISE (ABORT, 'events are append-only'); END;"

  "CREATE TABLE flags ("
  "  id TEXT PRIMARY KEY,"
  "  task_id TEXT NOT NULL REFERENCES tasks (id),"
  "  project_id TEXT NOT NULL REFERENCES projects (id),"
  "  user_id TEXT NOT NULL REFERENCES users (id),"
  "  region_id TEXT,"
  "  category TEXT NOT NULL,"
  "  body TEXT NOT NULL,"
  "  state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'answered', 'closed')),"
  "  created_us INTEGER NOT NULL,"
  "  received_us INTEGER NOT NULL"
  ");"
  "CREATE INDEX flags_by_project ON flags (project_id, state);"

  /* A batch's answer, stored in the transaction that applied it. */
  "CREATE TABLE idempotency ("
  "  user_id TEXT NOT NULL REFERENCES users (id),"
  "  key TEXT NOT NULL,"
  "  request_sha256 TEXT NOT NULL,"
  "  status INTEGER NOT NULL,"
  "  body BLOB NOT NULL,"
  "  created_us INTEGER NOT NULL,"
  "  PRIMARY KEY (user_id, key)"
  ");"

  "CREATE TABLE changes ("
  "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  recipient TEXT NOT NULL REFERENCES users (id),"
  "  project_id TEXT,"
  "  kind TEXT NOT NULL,"
  "  data TEXT NOT NULL,"
  "  created_us INTEGER NOT NULL"
  ");"
  "CREATE INDEX changes_by_recipient ON changes (recipient, seq);"

  /* Who did what, when, with which token. Append-only by trigger. */
  "CREATE TABLE audit_log ("
  "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  time_us INTEGER NOT NULL,"
  "  user_id TEXT,"
  "  token_id TEXT,"
  "  action TEXT NOT NULL,"
  "  detail TEXT NOT NULL DEFAULT '{}'"
  ");"
  "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log"
  "  BEGIN SELECT RAISE (ABORT, 'the audit log is append-only'); END;"
  "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log"
  "  BEGIN SELECT RAISE (ABORT, 'the audit log is append-only'); END;"

  "PRAGMA user_version = 1;";

/* An assignment's position: the annotator's own count of tasks in the
 * project, sent instead of the task's place in the pool (where gold, drawn
 * at random, stood out). Existing rows are numbered in the order they were
 * made. */
static const char migration_2[] =
  "ALTER TABLE assignments ADD COLUMN position INTEGER NOT NULL DEFAULT 0;"
  "UPDATE assignments SET position = (SELECT count(*) FROM assignments b "
  "  WHERE b.annotator = assignments.annotator AND b.project_id = assignments.project_id "
  "  AND b.rowid < assignments.rowid);"
  "PRAGMA user_version = 2;";

/* Version 3 (issue 17): each change numbered in its recipient's own
 * sequence, so a cursor counts nobody else's changes; the token that sent
 * a stored batch answer, so another token's request is not a replay; and
 * the answers by age, for pruning. Existing changes are numbered in the
 * order they were written. */
static const char migration_3[] =
  "ALTER TABLE changes ADD COLUMN recipient_seq INTEGER;"
  "UPDATE changes SET recipient_seq = numbered.n FROM"
  "  (SELECT seq, row_number () OVER (PARTITION BY recipient ORDER BY seq) AS n FROM changes)"
  "  AS numbered WHERE changes.seq = numbered.seq;"
  "CREATE UNIQUE INDEX changes_by_recipient_seq ON changes (recipient, recipient_seq);"
  "ALTER TABLE idempotency ADD COLUMN token_id TEXT;"
  "CREATE INDEX idempotency_by_age ON idempotency (created_us);"
  "PRAGMA user_version = 3;";

/* Review, rework and feedback (docs/review.md). One migration, so that a
 * concurrent one renumbers by changing a digit.
 *
 * assignments gains two statuses, and SQLite cannot widen a CHECK in
 * place: the table is rebuilt. annotations refer to it, so the rows are
 * copied aside, the table dropped (deferred foreign keys count the
 * annotations left without their assignment), made anew and filled again
 * (which settles that count), all in this transaction. */
static const char migration_4[] =
  "ALTER TABLE projects ADD COLUMN review_threshold REAL NOT NULL DEFAULT 0.4"
  "  CHECK (review_threshold >= 0 AND review_threshold <= 1);"
  "ALTER TABLE projects ADD COLUMN senior_threshold REAL NOT NULL DEFAULT 0.2"
  "  CHECK (senior_threshold >= 0 AND senior_threshold <= 1);"
  "ALTER TABLE projects ADD COLUMN agreement_threshold REAL NOT NULL DEFAULT 0.5"
  "  CHECK (agreement_threshold >= 0 AND agreement_threshold <= 1);"
  "ALTER TABLE projects ADD COLUMN match_iou REAL NOT NULL DEFAULT 0.5"
  "  CHECK (match_iou > 0 AND match_iou <= 1);"

  "PRAGMA defer_foreign_keys = ON;"
  "CREATE TEMP TABLE assignments_v2 AS SELECT * FROM assignments;"
  "DROP TABLE assignments;"
  "CREATE TABLE assignments ("
  "  id TEXT PRIMARY KEY,"
  "  task_id TEXT NOT NULL REFERENCES tasks (id),"
  "  project_id TEXT NOT NULL REFERENCES projects (id),"
  "  annotator TEXT NOT NULL REFERENCES users (id),"
  "  status TEXT NOT NULL CHECK (status IN ('assigned', 'submitted', 'expired',"
  "                                         'needs_rework', 'accepted')),"
  "  assigned_us INTEGER NOT NULL,"
  "  lease_expires_us INTEGER NOT NULL,"
  "  submitted_us INTEGER,"
  "  gold_revealed_us INTEGER,"
  "  position INTEGER NOT NULL DEFAULT 0,"
  "  rework INTEGER NOT NULL DEFAULT 0 CHECK (rework IN (0, 1)),"
  "  UNIQUE (task_id, annotator)"
  ");"
  "INSERT INTO assignments (id, task_id, project_id, annotator, status, assigned_us,"
  "  lease_expires_us, submitted_us, gold_revealed_us, position)"
  "  SELECT id, task_id, project_id, annotator, status, assigned_us, lease_expires_us,"
  "  submitted_us, gold_revealed_us, position FROM assignments_v2;"
  "DROP TABLE assignments_v2;"
  "CREATE INDEX assignments_by_annotator ON assignments (annotator, project_id, status, assigned_us);"
  "CREATE INDEX assignments_by_lease ON assignments (status, lease_expires_us);"
  "CREATE INDEX assignments_by_task ON assignments (task_id, status);"

  /* NULL: the annotator made it; else the reviewer of a correction (a
   * user id; no REFERENCES, so that the column can be dropped again). */
  "ALTER TABLE annotations ADD COLUMN author TEXT;"

  "CREATE TABLE reviewers ("
  "  project_id TEXT NOT NULL REFERENCES projects (id),"
  "  user_id TEXT NOT NULL REFERENCES users (id),"
  "  level INTEGER NOT NULL CHECK (level IN (1, 2)),"
  "  PRIMARY KEY (project_id, user_id)"
  ");"

  /* At most one item per task that is not decided: a new reason merges. */
  "CREATE TABLE review_items ("
  "  id TEXT PRIMARY KEY,"
  "  project_id TEXT NOT NULL REFERENCES projects (id),"
  "  task_id TEXT NOT NULL REFERENCES tasks (id),"
  "  annotation_id TEXT REFERENCES annotations (id),"
  "  reasons TEXT NOT NULL DEFAULT '[]',"
  "  min_level INTEGER NOT NULL DEFAULT 1 CHECK (min_level IN (1, 2)),"
  "  state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'leased', 'decided')),"
  "  holder TEXT REFERENCES users (id),"
  "  lease_expires_us INTEGER,"
  "  created_us INTEGER NOT NULL,"
  "  decided_us INTEGER,"
  "  round INTEGER NOT NULL DEFAULT 1 CHECK (round >= 1)"
  ");"
  "CREATE UNIQUE INDEX review_items_undecided ON review_items (task_id) WHERE state <> 'decided';"
  "CREATE INDEX review_items_by_project ON review_items (project_id, state, created_us);"
  "CREATE INDEX review_items_by_task ON review_items (task_id, created_us);"

  /* One per decision, by the client's id; a conflicted one is kept and
   * not acted on. */
  "CREATE TABLE reviews ("
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
  "  active_ms INTEGER NOT NULL DEFAULT 0 CHECK (active_ms >= 0),"
  "  created_us INTEGER NOT NULL,"
  "  received_us INTEGER NOT NULL"
  ");"
  "CREATE INDEX reviews_by_item ON reviews (item_id);"

  "CREATE TABLE review_comments ("
  "  id TEXT PRIMARY KEY,"
  "  review_id TEXT NOT NULL REFERENCES reviews (id),"
  "  task_id TEXT NOT NULL REFERENCES tasks (id),"
  "  region_id TEXT,"
  "  body TEXT NOT NULL,"
  "  position INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE INDEX review_comments_by_review ON review_comments (review_id, position);"

  "CREATE TABLE messages ("
  "  id TEXT PRIMARY KEY,"
  "  thread_id TEXT NOT NULL REFERENCES flags (id),"
  "  author TEXT NOT NULL REFERENCES users (id),"
  "  body TEXT NOT NULL,"
  "  created_us INTEGER NOT NULL,"
  "  received_us INTEGER NOT NULL"
  ");"
  "CREATE INDEX messages_by_thread ON messages (thread_id, received_us);"
  "CREATE INDEX flags_by_task ON flags (task_id);"

  "ALTER TABLE guidelines ADD COLUMN summary TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE guidelines ADD COLUMN published_by TEXT;"
  "CREATE TABLE guideline_acks ("
  "  project_id TEXT NOT NULL REFERENCES projects (id),"
  "  user_id TEXT NOT NULL REFERENCES users (id),"
  "  version INTEGER NOT NULL,"
  "  acked_us INTEGER NOT NULL,"
  "  PRIMARY KEY (project_id, user_id, version)"
  ");"

  /* A retired label stays for the annotations that use it. */
  "ALTER TABLE labels ADD COLUMN retired_us INTEGER;"

  "CREATE TABLE notes ("
  "  id TEXT PRIMARY KEY,"
  "  project_id TEXT NOT NULL REFERENCES projects (id),"
  "  annotator TEXT NOT NULL REFERENCES users (id),"
  "  author TEXT NOT NULL REFERENCES users (id),"
  "  body TEXT NOT NULL,"
  "  created_us INTEGER NOT NULL"
  ");"

  /* The stratified audit's quotas: annotations seen and sampled per
   * stratum ("annotator:ID", "label:ID", "source:human|model"). */
  "CREATE TABLE audit_strata ("
  "  project_id TEXT NOT NULL REFERENCES projects (id),"
  "  stratum TEXT NOT NULL,"
  "  seen INTEGER NOT NULL DEFAULT 0,"
  "  sampled INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (project_id, stratum)"
  ");"
  "PRAGMA user_version = 4;";

/* Version 5 (issue 19): the server's own values (the secret pseudonyms
 * are made with, created at first start, never sent) and the team
 * dashboard's alerts, one row from when an alert fires until it clears;
 * at most one active per project, kind and key. */
static const char migration_5[] =
  "CREATE TABLE server_meta ("
  "  key TEXT PRIMARY KEY,"
  "  value BLOB NOT NULL"
  ");"
  "CREATE TABLE alerts ("
  "  id TEXT PRIMARY KEY,"
  "  project_id TEXT NOT NULL REFERENCES projects (id),"
  "  kind TEXT NOT NULL,"
  "  key TEXT NOT NULL,"
  "  subject TEXT NOT NULL,"
  "  value REAL,"
  "  threshold REAL,"
  "  message TEXT NOT NULL,"
  "  data TEXT NOT NULL DEFAULT '{}',"
  "  since_us INTEGER NOT NULL,"
  "  updated_us INTEGER NOT NULL,"
  "  cleared_us INTEGER"
  ");"
  "CREATE UNIQUE INDEX alerts_active ON alerts (project_id, kind, key) WHERE cleared_us IS NULL;"
  "CREATE INDEX alerts_by_project ON alerts (project_id, since_us);"
  "PRAGMA user_version = 5;";

/* Version 6 (issue 19, cost): what the team dashboard reads of an
 * answer without parsing its regions — their label ids joined by ','
 * (SQL group_concat order: a multiset, the order does not matter) and
 * how many came from a model suggestion, filled by the INSERT that
 * stores the annotation (sqlite_insert_annotation, the same expressions)
 * and here for the rows there are. And a counter per project that every change the
 * dashboard's figures depend on moves (answers, reviews, tasks, gold,
 * labels, the settings it reads), kept by triggers, so a computed
 * dashboard is reused until it moves (limn-server-team-cache.c). */
static const char migration_6[] =
  "ALTER TABLE annotations ADD COLUMN region_labels TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE annotations ADD COLUMN model_regions INTEGER NOT NULL DEFAULT 0;"
  "UPDATE annotations SET"
  "  region_labels = coalesce ((SELECT group_concat (json_extract (r.value, '$.label'), ',')"
  "                             FROM json_each (annotations.regions) r), ''),"
  "  model_regions = (SELECT count (*) FROM json_each (annotations.regions) r"
  "                   WHERE json_extract (r.value, '$.source') = 'model');"
  "ALTER TABLE projects ADD COLUMN team_version INTEGER NOT NULL DEFAULT 0;"
  "CREATE TRIGGER team_version_annotation_insert AFTER INSERT ON annotations BEGIN"
  "  UPDATE projects SET team_version = team_version + 1 WHERE id = NEW.project_id; END;"
  "CREATE TRIGGER team_version_annotation_update AFTER UPDATE ON annotations BEGIN"
  "  UPDATE projects SET team_version = team_version + 1 WHERE id = NEW.project_id; END;"
  "CREATE TRIGGER team_version_review_insert AFTER INSERT ON reviews BEGIN"
  "  UPDATE projects SET team_version = team_version + 1"
  "  WHERE id = (SELECT project_id FROM review_items WHERE id = NEW.item_id); END;"
  "CREATE TRIGGER team_version_review_update AFTER UPDATE ON reviews BEGIN"
  "  UPDATE projects SET team_version = team_version + 1"
  "  WHERE id = (SELECT project_id FROM review_items WHERE id = NEW.item_id); END;"
  "CREATE TRIGGER team_version_task_insert AFTER INSERT ON tasks BEGIN"
  "  UPDATE projects SET team_version = team_version + 1 WHERE id = NEW.project_id; END;"
  "CREATE TRIGGER team_version_task_update AFTER UPDATE ON tasks BEGIN"
  "  UPDATE projects SET team_version = team_version + 1 WHERE id = NEW.project_id; END;"
  "CREATE TRIGGER team_version_task_delete AFTER DELETE ON tasks BEGIN"
  "  UPDATE projects SET team_version = team_version + 1 WHERE id = OLD.project_id; END;"
  "CREATE TRIGGER team_version_label_insert AFTER INSERT ON labels BEGIN"
  "  UPDATE projects SET team_version = team_version + 1 WHERE id = NEW.project_id; END;"
  "CREATE TRIGGER team_version_label_update AFTER UPDATE ON labels BEGIN"
  "  UPDATE projects SET team_version = team_version + 1 WHERE id = NEW.project_id; END;"
  "CREATE TRIGGER team_version_label_delete AFTER DELETE ON labels BEGIN"
  "  UPDATE projects SET team_version = team_version + 1 WHERE id = OLD.project_id; END;"
  "CREATE TRIGGER team_version_settings AFTER UPDATE OF overlap, match_iou, agreement_threshold"
  "  ON projects BEGIN"
  "  UPDATE projects SET team_version = team_version + 1 WHERE id = NEW.id; END;"
  "PRAGMA user_version = 6;";

/* Version 7 (issue 20): dataset versions, numbered per project and
 * immutable (triggers refuse an update or a delete): the snapshot the
 * server keeps (canonical JSON of the regions as exported, with their
 * provenance) and its manifest, so version N exports the same bytes
 * whenever it is asked for. */
static const char migration_7[] =
  "CREATE TABLE datasets ("
  "  project_id TEXT NOT NULL REFERENCES projects (id),"
  "  version INTEGER NOT NULL CHECK (version >= 1),"
  "  method TEXT NOT NULL CHECK (method IN ('accepted', 'majority', 'dawid-skene')),"
  "  min_iou REAL NOT NULL,"
  "  guideline_version INTEGER NOT NULL DEFAULT 0,"
  "  note TEXT NOT NULL DEFAULT '',"
  "  created_by TEXT NOT NULL,"
  "  created_us INTEGER NOT NULL,"
  "  items INTEGER NOT NULL,"
  "  regions INTEGER NOT NULL,"
  "  manifest TEXT NOT NULL,"
  "  snapshot BLOB NOT NULL,"
  "  snapshot_sha256 TEXT NOT NULL,"
  "  PRIMARY KEY (project_id, version)"
  ");"
  "CREATE TRIGGER datasets_no_update BEFORE UPDATE ON datasets"
  "  BEGIN SELECT RAISE (ABORT, 'dataset versions are immutable'); END;"
  "CREATE TRIGGER datasets_no_delete BEFORE DELETE ON datasets"
  "  BEGIN SELECT RAISE (ABORT, 'dataset versions are immutable'); END;"
  "PRAGMA user_version = 7;";

/* Version 8 (issue 20): relabel campaigns. A campaign keeps its query
 * (JSON), who proposed and who approved it, and the dataset versions it
 * started from and made; its items are the answers to redo, with the
 * revision they started from, so a rollback knows what to restore. */
static const char migration_8[] =
  "CREATE TABLE campaigns ("
  "  id TEXT PRIMARY KEY,"
  "  project_id TEXT NOT NULL REFERENCES projects (id),"
  "  state TEXT NOT NULL CHECK (state IN ('proposed', 'approved', 'running', 'done',"
  "                                       'rolled_back', 'cancelled')),"
  "  scope TEXT NOT NULL,"
  "  reason TEXT NOT NULL,"
  "  proposed_by TEXT NOT NULL REFERENCES users (id),"
  "  proposed_from_alert TEXT REFERENCES alerts (id),"
  "  approved_by TEXT REFERENCES users (id),"
  "  dataset_from TEXT NOT NULL CHECK (dataset_from IN ('accepted', 'majority', 'dawid-skene')),"
  "  base_version INTEGER NOT NULL DEFAULT 0,"
  "  result_version INTEGER NOT NULL DEFAULT 0,"
  "  comparison TEXT,"
  "  created_us INTEGER NOT NULL,"
  "  updated_us INTEGER NOT NULL,"
  "  CHECK (approved_by IS NULL OR approved_by <> proposed_by)"
  ");"
  "CREATE INDEX campaigns_by_project ON campaigns (project_id, created_us);"
  "CREATE TABLE campaign_items ("
  "  campaign_id TEXT NOT NULL REFERENCES campaigns (id),"
  "  task_id TEXT NOT NULL REFERENCES tasks (id),"
  "  annotator TEXT NOT NULL REFERENCES users (id),"
  "  state TEXT NOT NULL CHECK (state IN ('proposed', 'pending', 'reworked', 'withdrawn')),"
  "  base_annotation_id TEXT REFERENCES annotations (id),"
  "  result_annotation_id TEXT REFERENCES annotations (id),"
  "  PRIMARY KEY (campaign_id, task_id, annotator)"
  ");"
  "PRAGMA user_version = 8;";

/* Version 9 (issue 20): what campaigns learned after their first day. A
 * proposal may come from an alert with nobody behind it (proposed_by
 * NULL, so the table is made again: SQLite cannot drop a NOT NULL); who
 * finished, rolled back or cancelled it; each item keeps its assignment's
 * state from before the campaign, so a take-back restores it; a project
 * may turn off the server's proposals from alerts. Renaming the tables
 * first keeps the foreign keys pointing at the right table throughout. */
static const char migration_9[] =
  "ALTER TABLE campaign_items RENAME TO campaign_items_8;"
  "ALTER TABLE campaigns RENAME TO campaigns_8;"
  "CREATE TABLE campaigns ("
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
  "  base_version INTEGER NOT NULL DEFAULT 0,"
  "  result_version INTEGER NOT NULL DEFAULT 0,"
  "  comparison TEXT,"
  "  created_us INTEGER NOT NULL,"
  "  updated_us INTEGER NOT NULL,"
  "  finished_by TEXT REFERENCES users (id),"
  "  rolled_back_by TEXT REFERENCES users (id),"
  "  cancelled_by TEXT REFERENCES users (id),"
  "  CHECK (proposed_by IS NOT NULL OR proposed_from_alert IS NOT NULL),"
  "  CHECK (approved_by IS NULL OR proposed_by IS NULL OR approved_by <> proposed_by)"
  ");"
  "INSERT INTO campaigns (id, project_id, state, scope, reason, proposed_by, proposed_from_alert,"
  "  approved_by, dataset_from, base_version, result_version, comparison, created_us, updated_us)"
  "  SELECT id, project_id, state, scope, reason, proposed_by, proposed_from_alert, approved_by,"
  "    dataset_from, base_version, result_version, comparison, created_us, updated_us"
  "  FROM campaigns_8;"
  "CREATE TABLE campaign_items ("
  "  campaign_id TEXT NOT NULL REFERENCES campaigns (id),"
  "  task_id TEXT NOT NULL REFERENCES tasks (id),"
  "  annotator TEXT NOT NULL REFERENCES users (id),"
  "  state TEXT NOT NULL CHECK (state IN ('proposed', 'pending', 'reworked', 'withdrawn')),"
  "  base_annotation_id TEXT REFERENCES annotations (id),"
  "  result_annotation_id TEXT REFERENCES annotations (id),"
  "  prior_state TEXT CHECK (prior_state IN ('assigned', 'submitted', 'expired', 'accepted')),"
  "  prior_rework INTEGER NOT NULL DEFAULT 0 CHECK (prior_rework IN (0, 1)),"
  "  PRIMARY KEY (campaign_id, task_id, annotator)"
  ");"
  "INSERT INTO campaign_items (campaign_id, task_id, annotator, state, base_annotation_id,"
  "  result_annotation_id)"
  "  SELECT campaign_id, task_id, annotator, state, base_annotation_id, result_annotation_id"
  "  FROM campaign_items_8;"
  "DROP TABLE campaign_items_8;"
  "DROP TABLE campaigns_8;"
  "CREATE INDEX campaigns_by_project ON campaigns (project_id, created_us);"
  "CREATE INDEX campaigns_by_alert ON campaigns (proposed_from_alert)"
  "  WHERE proposed_from_alert IS NOT NULL;"
  "ALTER TABLE projects ADD COLUMN auto_propose_campaigns INTEGER NOT NULL DEFAULT 1"
  "  CHECK (auto_propose_campaigns IN (0, 1));"
  "PRAGMA user_version = 9;";

/* Version 10 (issue 20): the server also proposes a campaign when a
 * guideline version says which labels it changes, with nobody behind it
 * and no alert: proposed_from_guidelines is that version, and the table
 * is made again to let it stand for the proposer (SQLite cannot change a
 * CHECK). At most one open campaign per project and guideline version. */
static const char migration_10[] =
  "ALTER TABLE campaign_items RENAME TO campaign_items_9;"
  "ALTER TABLE campaigns RENAME TO campaigns_9;"
  "CREATE TABLE campaigns ("
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
  "  base_version INTEGER NOT NULL DEFAULT 0,"
  "  result_version INTEGER NOT NULL DEFAULT 0,"
  "  comparison TEXT,"
  "  created_us INTEGER NOT NULL,"
  "  updated_us INTEGER NOT NULL,"
  "  finished_by TEXT REFERENCES users (id),"
  "  rolled_back_by TEXT REFERENCES users (id),"
  "  cancelled_by TEXT REFERENCES users (id),"
  "  proposed_from_guidelines INTEGER CHECK (proposed_from_guidelines > 0),"
  "  CHECK (proposed_by IS NOT NULL OR proposed_from_alert IS NOT NULL OR"
  "         proposed_from_guidelines IS NOT NULL),"
  "  CHECK (approved_by IS NULL OR proposed_by IS NULL OR approved_by <> proposed_by)"
  ");"
  "INSERT INTO campaigns (id, project_id, state, scope, reason, proposed_by, proposed_from_alert,"
  "  approved_by, dataset_from, base_version, result_version, comparison, created_us, updated_us,"
  "  finished_by, rolled_back_by, cancelled_by)"
  "  SELECT id, project_id, state, scope, reason, proposed_by, proposed_from_alert, approved_by,"
  "    dataset_from, base_version, result_version, comparison, created_us, updated_us,"
  "    finished_by, rolled_back_by, cancelled_by"
  "  FROM campaigns_9;"
  "CREATE TABLE campaign_items ("
  "  campaign_id TEXT NOT NULL REFERENCES campaigns (id),"
  "  task_id TEXT NOT NULL REFERENCES tasks (id),"
  "  annotator TEXT NOT NULL REFERENCES users (id),"
  "  state TEXT NOT NULL CHECK (state IN ('proposed', 'pending', 'reworked', 'withdrawn')),"
  "  base_annotation_id TEXT REFERENCES annotations (id),"
  "  result_annotation_id TEXT REFERENCES annotations (id),"
  "  prior_state TEXT CHECK (prior_state IN ('assigned', 'submitted', 'expired', 'accepted')),"
  "  prior_rework INTEGER NOT NULL DEFAULT 0 CHECK (prior_rework IN (0, 1)),"
  "  PRIMARY KEY (campaign_id, task_id, annotator)"
  ");"
  "INSERT INTO campaign_items (campaign_id, task_id, annotator, state, base_annotation_id,"
  "  result_annotation_id, prior_state, prior_rework)"
  "  SELECT campaign_id, task_id, annotator, state, base_annotation_id, result_annotation_id,"
  "    prior_state, prior_rework"
  "  FROM campaign_items_9;"
  "DROP TABLE campaign_items_9;"
  "DROP TABLE campaigns_9;"
  "CREATE INDEX campaigns_by_project ON campaigns (project_id, created_us);"
  "CREATE INDEX campaigns_by_alert ON campaigns (proposed_from_alert)"
  "  WHERE proposed_from_alert IS NOT NULL;"
  "CREATE UNIQUE INDEX campaigns_open_by_guidelines"
  "  ON campaigns (project_id, proposed_from_guidelines)"
  "  WHERE proposed_from_guidelines IS NOT NULL AND state IN ('proposed', 'approved', 'running');"
  "PRAGMA user_version = 10;";

/* Label names and descriptions per language (issue 21): JSON objects of
 * language tag to text, NULL when the project gives none. */
static const char migration_11[] =
  "ALTER TABLE labels ADD COLUMN names TEXT;"
  "ALTER TABLE labels ADD COLUMN descriptions TEXT;"
  "PRAGMA user_version = 11;";

/* Version 12 (issue 23): a project's guardrails (docs/guardrails.md),
 * the rules JSON as the admin set it ({"rules": [...]}), NULL for none.
 * Overrides need nothing new: they are events (type guardrail_override). */
static const char migration_12[] =
  "ALTER TABLE projects ADD COLUMN guardrails TEXT;"
  "PRAGMA user_version = 12;";

/* Version 13 (issue 23): a project's qualification rule
 * (docs/training.md), the JSON as the admin set it, NULL for none. Who
 * passed is worked out from the gold answers, so nothing else is stored. */
static const char migration_13[] =
  "ALTER TABLE projects ADD COLUMN qualification TEXT;"
  "PRAGMA user_version = 13;";

/* Version 14 (issue 23, privacy): the task fields a project hides from
 * annotators (docs/security.md, "Privacy"), joined by commas; NULL for
 * none. */
static const char migration_14[] =
  "ALTER TABLE projects ADD COLUMN hidden_task_fields TEXT;"
  "PRAGMA user_version = 14;";

/* Version 15 (issue 23): guideline experiments. One row each: the arms
 * (user id → a | b) and the pool (task ids) are JSON fixed at start, the
 * result JSON is computed when it is done; seed drew the split and draws
 * the result's bootstrap. Version b is a published
 * version or, when version_b is 0, the draft kept here until accepted.
 * At most one running experiment per project. */
static const char migration_15[] =
  "CREATE TABLE experiments ("
  "  id TEXT PRIMARY KEY,"
  "  project_id TEXT NOT NULL REFERENCES projects (id),"
  "  state TEXT NOT NULL CHECK (state IN ('running', 'done', 'accepted', 'rejected')),"
  "  version_a INTEGER NOT NULL CHECK (version_a >= 1),"
  "  version_b INTEGER NOT NULL DEFAULT 0 CHECK (version_b >= 0),"
  "  draft TEXT,"
  "  split TEXT NOT NULL CHECK (split IN ('random', 'balanced')),"
  "  per_arm INTEGER NOT NULL CHECK (per_arm >= 1),"
  "  stop_items INTEGER NOT NULL CHECK (stop_items >= 1),"
  "  stop_days INTEGER NOT NULL DEFAULT 0 CHECK (stop_days >= 0),"
  "  arms TEXT NOT NULL,"
  "  pool TEXT NOT NULL,"
  "  result TEXT,"
  "  started_by TEXT NOT NULL REFERENCES users (id),"
  "  decided_by TEXT REFERENCES users (id),"
  "  started_us INTEGER NOT NULL,"
  "  ended_us INTEGER NOT NULL DEFAULT 0,"
  "  decided_us INTEGER NOT NULL DEFAULT 0,"
  "  published_version INTEGER NOT NULL DEFAULT 0,"
  "  seed INTEGER NOT NULL DEFAULT 0,"
  "  CHECK (version_b > 0 OR draft IS NOT NULL)"
  ");"
  "CREATE UNIQUE INDEX experiments_running ON experiments (project_id)"
  "  WHERE state = 'running';"
  "PRAGMA user_version = 15;";
/* Version 16 (issue 21): a guideline version's text in other languages,
 * a JSON object of language tag to Markdown, NULL when it has none.
 * Numbered 16: 13 to 15 belong to branches merged beside this one. */
static const char migration_16[] =
  "ALTER TABLE guidelines ADD COLUMN translations TEXT;"
  "PRAGMA user_version = 16;";

static const char * const migrations[] = {
  NULL,           /* version 0: the empty file */
  migration_1,
  migration_2,
  migration_3,
  migration_4,
  migration_5,
  migration_6,
  migration_7,
  migration_8,
  migration_9,
  migration_10,
  migration_11,
  migration_12,
  migration_13,
  migration_14,
  migration_15,
  migration_16,
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == LIMN_SERVER_SCHEMA_VERSION + 1);

/* A batch of 5,000 events with random ids (Limn's are time-ordered now,
 * but any UUID is allowed) inserts into random places of the id index: a
 * larger page cache and memory-mapped reads halve its time (pread was a
 * tenth of it with SQLite's 2 MiB default). Such a batch dirties most of
 * that index's pages, so its commit writes ~2,500 pages to the WAL: with
 * SQLite's default of a checkpoint every 1,000 pages, each commit copied
 * them all into the database again. Every 10,000 pages (the WAL then grows
 * to ~40–50 MiB) a checkpoint writes each page once for four batches: a
 * quarter less written, 4 µs less CPU per event. synchronous=FULL: an
 * acknowledged batch survives power loss. */
static const LimnSqliteSchema schema = {
  .migrations = migrations,
  .version = LIMN_SERVER_SCHEMA_VERSION,
  .pragmas = "PRAGMA synchronous = FULL;"
             "PRAGMA foreign_keys = ON;"
             "PRAGMA cache_size = -16384;"
             "PRAGMA mmap_size = 268435456;"
             "PRAGMA temp_store = MEMORY;"
             "PRAGMA wal_autocheckpoint = 10000;",
};

const LimnSqliteSchema *
limn_server_sqlite_get_schema (void)
{
  return &schema;
}
