/* limn-store-schema.c
 *
 * The schema as a list of forward migrations keyed on PRAGMA user_version.
 * Never edit a migration that has shipped: add the next one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-store"

#include "config.h"

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

/* Version 2: sync (docs/sync.md). Accounts (a server, a user and where
 * their token is kept), the outbox rebuilt so an event row can point at its
 * event instead of copying it, batches with a fixed identity, sync state
 * per account, the server's ids and leases on assignments, each submitted
 * revision's sync status, and gold answers for feedback. Migration 1's
 * outbox and sync_state were placeholders no release wrote to; the outbox
 * is copied over all the same. */
static const char migration_2[] =
  "CREATE TABLE accounts ("
  "  id TEXT PRIMARY KEY,"
  "  server_url TEXT NOT NULL,"
  "  project_id TEXT,"                    /* the token's project; NULL for a server admin */
  "  user_id TEXT NOT NULL,"
  "  user_name TEXT NOT NULL,"
  "  role TEXT NOT NULL,"
  /* 'none': the token was given for one session and not kept. */
  "  token_ref TEXT NOT NULL CHECK (token_ref IN ('secret-service', 'file', 'none')),"
  "  allow_insecure INTEGER NOT NULL DEFAULT 0 CHECK (allow_insecure IN (0, 1)),"
  "  created_us INTEGER NOT NULL,"
  "  last_used_us INTEGER NOT NULL"
  ");"
  "CREATE UNIQUE INDEX accounts_identity ON accounts (server_url, user_id, IFNULL (project_id, ''));"

  "DROP TABLE sync_state;"
  "CREATE TABLE sync_state ("
  "  account_id TEXT PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,"
  "  cursor TEXT NOT NULL DEFAULT '0',"
  "  last_attempt_us INTEGER,"
  "  last_success_us INTEGER,"
  "  last_error TEXT,"
  "  last_error_us INTEGER"
  ");"

  /* An event's row points at the event (events are append-only, so the
   * item's bytes never change); annotations and flags carry their item's
   * JSON, frozen when queued. */
  "CREATE TABLE outbox_v2 ("
  "  seq INTEGER PRIMARY KEY,"
  "  kind TEXT NOT NULL,"
  "  item_id TEXT NOT NULL,"
  "  project_id TEXT,"
  "  event_seq INTEGER,"
  "  payload TEXT,"
  "  created_us INTEGER NOT NULL,"
  "  batch_key TEXT,"
  "  acked_us INTEGER,"
  "  result TEXT CHECK (result IS NULL OR result IN ('applied', 'duplicate', 'conflict', 'rejected')),"
  "  reason TEXT,"
  "  UNIQUE (kind, item_id),"
  "  CHECK (payload IS NOT NULL OR event_seq IS NOT NULL)"
  ");"
  "INSERT INTO outbox_v2 (seq, kind, item_id, project_id, payload, created_us, batch_key, acked_us, result) "
  "  SELECT seq, kind, item_id, project_id, payload, created_us, batch_key, acked_us,"
  "    CASE WHEN result IN ('applied', 'duplicate', 'conflict', 'rejected') THEN result END"
  "  FROM outbox;"
  "DROP TABLE outbox;"
  "ALTER TABLE outbox_v2 RENAME TO outbox;"
  "CREATE INDEX outbox_pending ON outbox (seq) WHERE acked_us IS NULL;"
  "CREATE INDEX outbox_by_batch ON outbox (batch_key, seq) WHERE batch_key IS NOT NULL AND acked_us IS NULL;"
  /* A batch is re-sent byte for byte: what it is made of never changes. */
  "CREATE TRIGGER outbox_items_frozen BEFORE UPDATE OF kind, item_id, event_seq, payload ON outbox"
  "  BEGIN SELECT RAISE (ABORT, 'outbox items are immutable'); END;"

  /* key is the Idempotency-Key; body_sha256 proves a rebuilt body is the
   * one first sent. */
  "CREATE TABLE outbox_batches ("
  "  key TEXT PRIMARY KEY,"
  "  account_id TEXT NOT NULL,"
  "  n_items INTEGER NOT NULL CHECK (n_items > 0),"
  "  body_sha256 TEXT NOT NULL,"
  "  created_us INTEGER NOT NULL,"
  "  sent_count INTEGER NOT NULL DEFAULT 0,"
  "  acked_us INTEGER"
  ");"
  "CREATE INDEX outbox_batches_open ON outbox_batches (account_id, created_us) WHERE acked_us IS NULL;"

  "ALTER TABLE tasks ADD COLUMN media_size INTEGER;"
  "ALTER TABLE assignments ADD COLUMN server_assignment_id TEXT;"
  /* Set when the server says the lease ended, even over a local submit
   * still in the outbox: a refusal of that submit is then a conflict. */
  "ALTER TABLE assignments ADD COLUMN expired_us INTEGER;"
  "ALTER TABLE annotations ADD COLUMN sync_status TEXT"
  "  CHECK (sync_status IS NULL OR sync_status IN ('pending', 'applied', 'conflict', 'rejected'));"
  "ALTER TABLE annotations ADD COLUMN sync_reason TEXT;"

  /* Kept from the server's change feed; shown only after the local submit. */
  "CREATE TABLE gold ("
  "  task_id TEXT PRIMARY KEY REFERENCES tasks (id) ON DELETE CASCADE,"
  "  regions TEXT NOT NULL,"
  "  received_us INTEGER NOT NULL"
  ");"

  "PRAGMA user_version = 2;";

/* Version 3: review, rework and feedback (docs/review.md, "Client
 * store"). Verdicts, both those on my work (from the change feed) and
 * those I give as a reviewer (queued); review items leased or listed for a
 * reviewer, with the annotations of others stored as revisions of their
 * authors (so a correction's parent_id resolves and a correction is edited
 * like any draft); a reviewer's verdict being made; replies in flag
 * threads; guideline acknowledgements; coaching notes; retired labels; a
 * rework lease's mark; a revision's author. Flags are rebuilt without
 * their tasks' foreign key: a reviewer's threads speak of tasks this
 * client never leased, and a thread outlives its task like an event. */
static const char migration_3[] =
  "CREATE TABLE flags_v3 ("
  "  id TEXT PRIMARY KEY,"
  "  task_id TEXT NOT NULL,"
  "  project_id TEXT,"
  "  region_id TEXT,"
  "  annotator TEXT NOT NULL,"
  "  category TEXT NOT NULL,"
  "  body TEXT NOT NULL,"
  "  state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'answered', 'closed')),"
  "  created_us INTEGER NOT NULL,"
  /* 'server': received in a thread list; unread until read_us is set. */
  "  origin TEXT NOT NULL DEFAULT 'local' CHECK (origin IN ('local', 'server')),"
  "  read_us INTEGER"
  ");"
  "INSERT INTO flags_v3 (id, task_id, project_id, region_id, annotator, category, body, state,"
  "                      created_us, read_us) "
  "  SELECT f.id, f.task_id, (SELECT t.project_id FROM tasks t WHERE t.id = f.task_id), f.region_id,"
  "    f.annotator, f.category, f.body, f.state, f.created_us, f.created_us FROM flags f;"
  "DROP TABLE flags;"
  "ALTER TABLE flags_v3 RENAME TO flags;"
  "CREATE INDEX flags_by_task ON flags (task_id, annotator);"
  "CREATE INDEX flags_by_project ON flags (project_id, created_us);"

  /* Replies in a flag's thread (thread_id = the flag's id, which may not
   * be here yet: a reply can come before the thread list). */
  "CREATE TABLE messages ("
  "  id TEXT PRIMARY KEY,"
  "  thread_id TEXT NOT NULL,"
  "  project_id TEXT,"
  "  task_id TEXT,"
  "  author TEXT NOT NULL,"
  "  body TEXT NOT NULL,"
  "  state TEXT CHECK (state IS NULL OR state IN ('open', 'answered', 'closed')),"
  "  created_us INTEGER NOT NULL,"
  "  origin TEXT NOT NULL CHECK (origin IN ('local', 'server')),"
  "  read_us INTEGER,"
  "  sync_status TEXT CHECK (sync_status IS NULL OR sync_status IN ('pending', 'applied', 'conflict', 'rejected')),"
  "  sync_reason TEXT"
  ");"
  "CREATE INDEX messages_by_thread ON messages (thread_id, created_us);"

  /* Verdicts. 'local': given here by a reviewer, queued (sync_status);
   * 'server': on my work from the change feed, or another reviewer's
   * from a review item's history. Pinned comments and a received
   * correction are kept as JSON, as received. */
  "CREATE TABLE reviews ("
  "  id TEXT PRIMARY KEY,"
  "  task_id TEXT NOT NULL,"
  "  item_id TEXT,"
  "  annotation_id TEXT,"
  "  reviewer TEXT NOT NULL,"
  "  verdict TEXT NOT NULL CHECK (verdict IN ('accept', 'correct', 'send_back')),"
  "  reason_code TEXT,"
  "  comment TEXT NOT NULL DEFAULT '',"
  "  comments TEXT NOT NULL DEFAULT '[]',"
  "  correction_id TEXT,"
  "  correction TEXT,"
  "  guideline_version INTEGER,"
  "  active_ms INTEGER NOT NULL DEFAULT 0 CHECK (active_ms >= 0),"
  "  created_us INTEGER NOT NULL,"
  "  origin TEXT NOT NULL CHECK (origin IN ('local', 'server')),"
  "  read_us INTEGER,"
  "  sync_status TEXT CHECK (sync_status IS NULL OR sync_status IN ('pending', 'applied', 'conflict', 'rejected')),"
  "  sync_reason TEXT,"
  "  CHECK (verdict != 'send_back' OR reason_code IS NOT NULL)"
  ");"
  "CREATE INDEX reviews_by_task ON reviews (task_id, created_us);"

  /* What a reviewer sees: listed from the queue, or leased with the
   * annotations (their ids, in the order received; the revisions are in
   * annotations), the gold answer and the item's state. */
  "CREATE TABLE review_items ("
  "  id TEXT PRIMARY KEY,"
  "  project_id TEXT NOT NULL,"
  "  task_id TEXT NOT NULL,"
  "  annotation_id TEXT,"
  "  title TEXT NOT NULL DEFAULT '',"
  "  kind TEXT NOT NULL DEFAULT 'image' CHECK (kind IN ('image', 'text')),"
  "  reasons TEXT NOT NULL DEFAULT '[]',"
  "  min_level INTEGER NOT NULL DEFAULT 1,"
  "  state TEXT NOT NULL CHECK (state IN ('open', 'leased', 'decided')),"
  "  holder TEXT,"
  "  annotators TEXT NOT NULL DEFAULT '[]',"
  "  labels TEXT NOT NULL DEFAULT '[]',"
  "  created_us INTEGER NOT NULL,"
  "  listed_us INTEGER,"
  /* Set once this client holds the lease and the item's contents. */
  "  lease_expires_us INTEGER,"
  "  annotation_ids TEXT,"
  "  gold TEXT,"
  /* The verdict given here (reviews.id), once queued. */
  "  review_id TEXT"
  ");"
  "CREATE INDEX review_items_by_project ON review_items (project_id, created_us);"

  "CREATE TABLE review_drafts ("
  "  item_id TEXT PRIMARY KEY REFERENCES review_items (id) ON DELETE CASCADE,"
  "  id TEXT NOT NULL,"
  "  verdict TEXT CHECK (verdict IS NULL OR verdict IN ('accept', 'correct', 'send_back')),"
  "  reason_code TEXT,"
  "  comment TEXT NOT NULL DEFAULT '',"
  "  comments TEXT NOT NULL DEFAULT '[]',"
  "  correction_id TEXT,"
  "  active_ms INTEGER NOT NULL DEFAULT 0 CHECK (active_ms >= 0),"
  "  updated_us INTEGER NOT NULL"
  ");"

  "ALTER TABLE guidelines ADD COLUMN summary TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE guidelines ADD COLUMN published_by TEXT;"
  /* An acknowledgement is queued once: the first row stands. */
  "CREATE TABLE guideline_acks ("
  "  project_id TEXT NOT NULL,"
  "  version INTEGER NOT NULL,"
  "  id TEXT NOT NULL UNIQUE,"
  "  acked_us INTEGER NOT NULL,"
  "  synced INTEGER NOT NULL DEFAULT 0 CHECK (synced IN (0, 1)),"
  "  PRIMARY KEY (project_id, version)"
  ");"

  /* Coaching notes: written here by a reviewer about @annotator, or
   * received about me. */
  "CREATE TABLE notes ("
  "  id TEXT PRIMARY KEY,"
  "  project_id TEXT,"
  "  annotator TEXT NOT NULL,"
  "  author TEXT NOT NULL,"
  "  body TEXT NOT NULL,"
  "  created_us INTEGER NOT NULL,"
  "  origin TEXT NOT NULL CHECK (origin IN ('local', 'server')),"
  "  read_us INTEGER,"
  "  sync_status TEXT CHECK (sync_status IS NULL OR sync_status IN ('pending', 'applied', 'conflict', 'rejected')),"
  "  sync_reason TEXT"
  ");"
  "CREATE INDEX notes_by_annotator ON notes (annotator, created_us);"

  /* A retired label stays for old annotations and is refused in new ones. */
  "ALTER TABLE labels ADD COLUMN retired_us INTEGER;"
  /* A sent-back task's lease: first in the annotator's list until resubmitted. */
  "ALTER TABLE assignments ADD COLUMN rework INTEGER NOT NULL DEFAULT 0 CHECK (rework IN (0, 1));"
  /* NULL: the annotator; a reviewer's name for a correction. */
  "ALTER TABLE annotations ADD COLUMN author TEXT;"

  "PRAGMA user_version = 3;";

/* Version 4: the personal dashboard (docs/metrics.md §8). The team's
 * figures as the server last sent them, and indexes so the dashboard reads
 * one annotator's revisions, the verdicts on them and their feedback
 * without scanning a table that grows with the team's work. Written so it
 * can run on a file that already has any of it. */
static const char migration_4[] =
  "CREATE TABLE IF NOT EXISTS team_figures ("
  "  project_id TEXT PRIMARY KEY,"
  "  body TEXT,"                          /* NULL: the server had none to give */
  "  received_us INTEGER NOT NULL"
  ");"
  "CREATE INDEX IF NOT EXISTS annotations_by_annotator ON annotations (annotator, state, task_id, revision);"
  "CREATE INDEX IF NOT EXISTS reviews_by_annotation ON reviews (annotation_id, created_us);"
  /* Label counts of my revisions read from the index alone. */
  "CREATE INDEX IF NOT EXISTS regions_labels ON regions (annotation_id, label_id);"
  "CREATE INDEX IF NOT EXISTS messages_by_project ON messages (project_id, created_us);"
  "CREATE INDEX IF NOT EXISTS notes_by_project ON notes (project_id, created_us);"

  "PRAGMA user_version = 4;";

/* Version 5: label names and descriptions, and guidelines, in other
 * languages: JSON
 * objects from BCP 47 tags to texts (limn-translations.h); shown in the
 * user's language, the default name staying the label's identity. */
static const char migration_5[] =
  "ALTER TABLE labels ADD COLUMN names TEXT NOT NULL DEFAULT '{}';"
  "ALTER TABLE labels ADD COLUMN descriptions TEXT NOT NULL DEFAULT '{}';"
  "ALTER TABLE guidelines ADD COLUMN translations TEXT NOT NULL DEFAULT '{}';"

  "PRAGMA user_version = 5;";

static const char * const migrations[] = {
  NULL,           /* version 0: the empty file */
  migration_1,
  migration_2,
  migration_3,
  migration_4,
  migration_5,
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == LIMN_STORE_SCHEMA_VERSION + 1);

/* synchronous=FULL makes every commit (events, submits, outbox) durable
 * across power loss; writes are batched, so the fsync cost is shared. */
static const LimnSqliteSchema schema = {
  .migrations = migrations,
  .version = LIMN_STORE_SCHEMA_VERSION,
  .pragmas = "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;",
};

const LimnSqliteSchema *
limn_store_get_schema (void)
{
  return &schema;
}
