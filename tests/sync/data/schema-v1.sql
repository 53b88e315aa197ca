-- The schema of Limn's first release (database version 1), exactly as
-- src/core/limn-store-schema.c's migration 1 creates it, with a few rows:
-- tests/sync/test-sync-outbox.c opens it to check migration 2 keeps them.
CREATE TABLE meta (  key TEXT PRIMARY KEY,  value TEXT NOT NULL);
CREATE TABLE projects (  id TEXT PRIMARY KEY,  name TEXT NOT NULL,  kind TEXT NOT NULL CHECK (kind IN ('image', 'text', 'both')),  source_path TEXT,  server_url TEXT,  remote_id TEXT,  confidence_steps INTEGER NOT NULL DEFAULT 5 CHECK (confidence_steps BETWEEN 2 AND 10),  settings TEXT NOT NULL DEFAULT '{}',  created_us INTEGER NOT NULL,  updated_us INTEGER NOT NULL);
CREATE TABLE labels (  id TEXT PRIMARY KEY,  project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,  position INTEGER NOT NULL,  name TEXT NOT NULL,  color TEXT NOT NULL,  hotkey TEXT,  description TEXT NOT NULL DEFAULT '',  examples TEXT NOT NULL DEFAULT '[]',  UNIQUE (project_id, name));
CREATE TABLE guidelines (  project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,  version INTEGER NOT NULL,  body TEXT NOT NULL,  published_us INTEGER NOT NULL,  PRIMARY KEY (project_id, version));
CREATE TABLE tasks (  id TEXT PRIMARY KEY,  project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,  position INTEGER NOT NULL,  kind TEXT NOT NULL CHECK (kind IN ('image', 'text')),  title TEXT NOT NULL,  media_path TEXT,  media_sha256 TEXT,  width INTEGER,  height INTEGER,  text TEXT,  text_length INTEGER,  language TEXT,  direction TEXT NOT NULL DEFAULT 'auto' CHECK (direction IN ('ltr', 'rtl', 'auto')),  meta TEXT NOT NULL DEFAULT '{}',  created_us INTEGER NOT NULL);
CREATE INDEX tasks_by_project ON tasks (project_id, position);
CREATE TABLE pre_annotations (  id TEXT PRIMARY KEY,  task_id TEXT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,  position INTEGER NOT NULL,  kind TEXT NOT NULL CHECK (kind IN ('box', 'span')),  label_id TEXT NOT NULL,  x REAL, y REAL, w REAL, h REAL,  start_cp INTEGER, end_cp INTEGER, text TEXT,  score REAL,  model_version TEXT);
CREATE INDEX pre_annotations_by_task ON pre_annotations (task_id, position);
CREATE TABLE assignments (  task_id TEXT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,  annotator TEXT NOT NULL,  status TEXT NOT NULL CHECK (status IN ('new', 'assigned', 'in_progress', 'submitted',                                         'accepted', 'needs_rework', 'skipped', 'expired')),  lease_expires_us INTEGER,  updated_us INTEGER NOT NULL,  PRIMARY KEY (task_id, annotator));
CREATE TABLE annotations (  id TEXT PRIMARY KEY,  task_id TEXT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,  annotator TEXT NOT NULL,  revision INTEGER NOT NULL CHECK (revision >= 1),  parent_id TEXT REFERENCES annotations (id),  guideline_version INTEGER,  state TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'skipped', 'conflicted')),  confidence REAL CHECK (confidence IS NULL OR (confidence >= 0 AND confidence <= 1)),  active_ms INTEGER NOT NULL DEFAULT 0 CHECK (active_ms >= 0),  wall_ms INTEGER NOT NULL DEFAULT 0 CHECK (wall_ms >= 0),  region_count INTEGER NOT NULL DEFAULT 0,  created_us INTEGER NOT NULL,  updated_us INTEGER NOT NULL,  submitted_us INTEGER);
CREATE INDEX annotations_by_task ON annotations (task_id, annotator, revision);
CREATE UNIQUE INDEX one_draft ON annotations (task_id, annotator) WHERE state = 'draft';
CREATE TABLE regions (  annotation_id TEXT NOT NULL REFERENCES annotations (id) ON DELETE CASCADE,  id TEXT NOT NULL,  position INTEGER NOT NULL,  kind TEXT NOT NULL CHECK (kind IN ('box', 'span')),  label_id TEXT NOT NULL,  confidence REAL CHECK (confidence IS NULL OR (confidence >= 0 AND confidence <= 1)),  x REAL, y REAL, w REAL, h REAL,  start_cp INTEGER, end_cp INTEGER, text TEXT,  source TEXT NOT NULL DEFAULT 'human' CHECK (source IN ('human', 'model')),  score REAL,  model_version TEXT,  suggestion_id TEXT,  PRIMARY KEY (annotation_id, id),  CHECK ((kind = 'box' AND w > 0 AND h > 0) OR         (kind = 'span' AND start_cp >= 0 AND end_cp >= start_cp)));
CREATE TABLE rejected_suggestions (  annotation_id TEXT NOT NULL REFERENCES annotations (id) ON DELETE CASCADE,  suggestion_id TEXT NOT NULL,  PRIMARY KEY (annotation_id, suggestion_id));
CREATE TABLE events (  seq INTEGER PRIMARY KEY,  id TEXT NOT NULL UNIQUE,  session_id TEXT NOT NULL,  annotator TEXT NOT NULL,  project_id TEXT,  task_id TEXT,  type TEXT NOT NULL,  wall_us INTEGER NOT NULL,  mono_us INTEGER NOT NULL,  payload TEXT NOT NULL DEFAULT '{}');
CREATE INDEX events_by_task ON events (task_id, seq);
CREATE TRIGGER events_no_update BEFORE UPDATE ON events  BEGIN SELECT RAISE (ABORT, 'events are append-only');
 END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events  BEGIN SELECT RAISE (ABORT, 'events are append-only');
 END;
CREATE TABLE flags (  id TEXT PRIMARY KEY,  task_id TEXT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,  region_id TEXT,  annotator TEXT NOT NULL,  category TEXT NOT NULL,  body TEXT NOT NULL,  state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'answered', 'closed')),  created_us INTEGER NOT NULL);
CREATE INDEX flags_by_task ON flags (task_id, annotator);
CREATE TABLE outbox (  seq INTEGER PRIMARY KEY,  kind TEXT NOT NULL,  item_id TEXT NOT NULL,  project_id TEXT,  payload TEXT NOT NULL,  created_us INTEGER NOT NULL,  batch_key TEXT,  acked_us INTEGER,  result TEXT,  UNIQUE (kind, item_id));
CREATE INDEX outbox_pending ON outbox (seq) WHERE acked_us IS NULL;
CREATE TABLE sync_state (  server_url TEXT PRIMARY KEY,  cursor TEXT,  last_success_us INTEGER,  last_error TEXT);
PRAGMA user_version = 1;

INSERT INTO meta VALUES ('local_annotator', '6f0c2c1e-1b1b-4c9e-9a43-3d2f7f1d0a01');
INSERT INTO projects (id, name, kind, created_us, updated_us) VALUES ('p-local', 'Local', 'image', 1, 1);
INSERT INTO tasks (id, project_id, position, kind, title, created_us) VALUES ('t-local', 'p-local', 0, 'image', 'a.jpg', 1);
INSERT INTO assignments (task_id, annotator, status, updated_us) VALUES ('t-local', '6f0c2c1e-1b1b-4c9e-9a43-3d2f7f1d0a01', 'in_progress', 1);
INSERT INTO annotations (id, task_id, annotator, revision, state, created_us, updated_us) VALUES ('a-1', 't-local', '6f0c2c1e-1b1b-4c9e-9a43-3d2f7f1d0a01', 1, 'submitted', 1, 1);
INSERT INTO events (id, session_id, annotator, project_id, task_id, type, wall_us, mono_us) VALUES ('e-1', 's', 'x', 'p-local', 't-local', 'task_opened', 1, 1);
INSERT INTO outbox (kind, item_id, project_id, payload, created_us, result) VALUES ('flag', 'f-1', 'p-local', '{"kind":"flag"}', 5, 'weird');
INSERT INTO sync_state (server_url, cursor) VALUES ('https://old.example', '17');
