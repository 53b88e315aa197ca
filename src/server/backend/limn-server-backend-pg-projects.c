/* limn-server-backend-pg-projects.c
 *
 * PostgreSQL storage calls on projects (with their labels, guidelines and
 * settings), tasks and their images, and the counts people ask for; the
 * same SQL meaning as limn-server-backend-sqlite-projects.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <string.h>

#include "limn-server-backend-pg-private.h"

/* Projects */

#define SETTINGS_COLUMNS \
  "overlap, gold_rate, audit_rate, confidence_steps, lease_seconds, review_threshold, " \
  "senior_threshold, agreement_threshold, match_iou, auto_propose_campaigns, qualification"
#define SETTINGS_N_COLUMNS 11

static void
read_settings (const PGresult     *res,
               int                 row,
               int                 first,
               LimnServerSettings *settings)
{
  settings->overlap = limn_pg_int64 (res, row, first);
  settings->gold_rate = limn_pg_double (res, row, first + 1);
  settings->audit_rate = limn_pg_double (res, row, first + 2);
  settings->confidence_steps = limn_pg_int64 (res, row, first + 3);
  settings->lease_seconds = limn_pg_int64 (res, row, first + 4);
  settings->review_threshold = limn_pg_double (res, row, first + 5);
  settings->senior_threshold = limn_pg_double (res, row, first + 6);
  settings->agreement_threshold = limn_pg_double (res, row, first + 7);
  settings->match_iou = limn_pg_double (res, row, first + 8);
  settings->auto_propose_campaigns = limn_pg_int64 (res, row, first + 9);
  settings->guardrails = NULL;
  limn_server_settings_read_qualification (settings, limn_pg_text (res, row, first + 10));
  settings->hidden_task_fields = NULL;
}

static gboolean
pg_insert_label (LimnServerTxn          *txn,
                 const char             *project_id,
                 const LimnServerLabel  *label,
                 gint64                  position,
                 GError                **error)
{
  static const LimnPgStatement stmt = {
    "insert_label",
    "INSERT INTO labels (id, project_id, position, name, color, hotkey, description, retired_us, "
    "names, descriptions) "
    "VALUES ($1, $2, $3, $4, $5, $6, coalesce ($7, ''), nullif ($8::bigint, 0), $9, $10)", 10,
  };
  LimnPgNum pos, retired;
  const char *values[] = {
    label->id, project_id, limn_pg_int64_param (&pos, position), label->name, label->color,
    label->hotkey, label->description, limn_pg_int64_param (&retired, label->retired_us),
    label->names, label->descriptions,
  };

  return limn_pg_run (txn, &stmt, values, NULL, error);
}

static gboolean
pg_update_label (LimnServerTxn          *txn,
                 const LimnServerLabel  *label,
                 GError                **error)
{
  static const LimnPgStatement stmt = {
    "update_label",
    "UPDATE labels SET name = $1, color = $2, hotkey = $3, description = coalesce ($4, ''), "
    "retired_us = nullif ($5::bigint, 0), names = $6, descriptions = $7 WHERE id = $8", 8,
  };
  LimnPgNum retired;
  const char *values[] = {
    label->name, label->color, label->hotkey, label->description,
    limn_pg_int64_param (&retired, label->retired_us), label->names, label->descriptions,
    label->id,
  };

  return limn_pg_run (txn, &stmt, values, NULL, error);
}

static gboolean
pg_insert_guideline (LimnServerTxn  *txn,
                     const char     *project_id,
                     gint64          version,
                     const char     *body,
                     const char     *summary,
                     const char     *translations,
                     const char     *published_by,
                     gint64          now_us,
                     GError        **error)
{
  static const LimnPgStatement stmt = {
    "insert_guideline",
    "INSERT INTO guidelines (project_id, version, body, published_us, summary, published_by, "
    "translations) VALUES ($1, $2, $3, $4, coalesce ($5, ''), $6, $7)", 7,
  };
  LimnPgNum v, now;
  /* NULL or "" (none): NULL in the table, as on SQLite. */
  const char *values[] = {
    project_id, limn_pg_int64_param (&v, version), body, limn_pg_int64_param (&now, now_us),
    summary, published_by, translations != NULL && translations[0] != '\0' ? translations : NULL,
  };

  return limn_pg_run (txn, &stmt, values, NULL, error);
}

static gboolean
pg_latest_guideline_version (LimnServerTxn  *txn,
                             const char     *project_id,
                             gint64         *version,
                             GError        **error)
{
  static const LimnPgStatement stmt = {
    "latest_guideline_version",
    "SELECT coalesce (max (version), 0) FROM guidelines WHERE project_id = $1", 1,
  };
  const char *values[] = { project_id };

  return limn_pg_query_int64 (txn, &stmt, values, version, error);
}

static gboolean
pg_insert_project (LimnServerTxn            *txn,
                   const LimnServerProject  *project,
                   gint64                    now_us,
                   GError                  **error)
{
  static const LimnPgStatement stmt = {
    "insert_project",
    "INSERT INTO projects (id, name, kind, overlap, gold_rate, audit_rate, confidence_steps, "
    "lease_seconds, created_us, review_threshold, senior_threshold, agreement_threshold, "
    "match_iou) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)", 13,
  };
  const LimnServerSettings *s = &project->settings;
  LimnPgNum n[10];
  const char *values[] = {
    project->id, project->name, project->kind,
    limn_pg_int64_param (&n[0], s->overlap),
    limn_pg_double_param (&n[1], s->gold_rate),
    limn_pg_double_param (&n[2], s->audit_rate),
    limn_pg_int64_param (&n[3], s->confidence_steps),
    limn_pg_int64_param (&n[4], s->lease_seconds),
    limn_pg_int64_param (&n[5], now_us),
    limn_pg_double_param (&n[6], s->review_threshold),
    limn_pg_double_param (&n[7], s->senior_threshold),
    limn_pg_double_param (&n[8], s->agreement_threshold),
    limn_pg_double_param (&n[9], s->match_iou),
  };

  if (!limn_pg_run (txn, &stmt, values, NULL, error))
    return FALSE;

  for (guint i = 0; project->labels != NULL && i < project->labels->len; i++)
    if (!pg_insert_label (txn, project->id, g_ptr_array_index (project->labels, i), i, error))
      return FALSE;

  if (project->guideline_version <= 0)
    return TRUE;

  return pg_insert_guideline (txn, project->id, project->guideline_version,
                              project->guidelines, project->guidelines_summary,
                              project->guidelines_translations, NULL,
                              project->guidelines_published_us, error);
}

static gpointer
read_label (const PGresult *res,
            int             row)
{
  LimnServerLabel *label = g_new0 (LimnServerLabel, 1);

  label->id = limn_pg_dup (res, row, 0);
  label->name = limn_pg_dup (res, row, 1);
  label->color = limn_pg_dup (res, row, 2);
  label->hotkey = limn_pg_dup (res, row, 3);
  label->description = limn_pg_dup (res, row, 4);
  label->retired_us = limn_pg_int64 (res, row, 5);
  label->names = limn_pg_dup (res, row, 6);
  label->descriptions = limn_pg_dup (res, row, 7);
  return label;
}

static gboolean
pg_get_project (LimnServerTxn      *txn,
                const char         *project_id,
                LimnServerProject **out,
                GError            **error)
{
  static const LimnPgStatement project_stmt = {
    "get_project",
    "SELECT id, name, kind, guardrails, " SETTINGS_COLUMNS ", hidden_task_fields "
    "FROM projects WHERE id = $1", 1,
  };
  static const LimnPgStatement labels_stmt = {
    "get_project_labels",
    "SELECT id, name, color, hotkey, description, coalesce (retired_us, 0), names, descriptions "
    "FROM labels WHERE project_id = $1 ORDER BY position", 1,
  };
  static const LimnPgStatement guideline_stmt = {
    "get_project_guideline",
    "SELECT version, body, published_us, summary, translations FROM guidelines "
    "WHERE project_id = $1 ORDER BY version DESC LIMIT 1", 1,
  };
  const char *values[] = { project_id };
  g_autoptr(LimnServerProject) project = NULL;
  g_autoptr(PGresult) res = NULL;
  g_autoptr(PGresult) guideline = NULL;

  *out = NULL;
  if (!limn_pg_run (txn, &project_stmt, values, &res, error))
    return FALSE;
  if (PQntuples (res) == 0)
    return TRUE;

  project = g_new0 (LimnServerProject, 1);
  project->id = limn_pg_dup (res, 0, 0);
  project->name = limn_pg_dup (res, 0, 1);
  project->kind = limn_pg_dup (res, 0, 2);
  project->guardrails = limn_pg_dup (res, 0, 3);
  read_settings (res, 0, 4, &project->settings);
  project->hidden_task_fields = limn_pg_dup (res, 0, 4 + SETTINGS_N_COLUMNS);

  project->labels = limn_pg_collect_rows (txn, &labels_stmt, values, read_label,
                                          (GDestroyNotify)limn_server_label_free, error);
  if (project->labels == NULL)
    return FALSE;

  if (!limn_pg_run (txn, &guideline_stmt, values, &guideline, error))
    return FALSE;
  if (PQntuples (guideline) > 0)
    {
      project->guideline_version = limn_pg_int64 (guideline, 0, 0);
      project->guidelines = limn_pg_dup (guideline, 0, 1);
      project->guidelines_published_us = limn_pg_int64 (guideline, 0, 2);
      project->guidelines_summary = limn_pg_dup (guideline, 0, 3);
      project->guidelines_translations = limn_pg_dup (guideline, 0, 4);
    }

  *out = g_steal_pointer (&project);
  return TRUE;
}

static GPtrArray *
pg_list_project_ids (LimnServerTxn  *txn,
                     GError        **error)
{
  static const LimnPgStatement stmt = {
    "list_project_ids", "SELECT id FROM projects ORDER BY created_us, id", 0,
  };

  return limn_pg_collect_ids (txn, &stmt, NULL, error);
}

static gboolean
pg_get_settings (LimnServerTxn       *txn,
                 const char          *project_id,
                 LimnServerSettings  *settings,
                 gboolean            *found,
                 GError             **error)
{
  static const LimnPgStatement stmt = {
    "get_settings", "SELECT " SETTINGS_COLUMNS " FROM projects WHERE id = $1", 1,
  };
  const char *values[] = { project_id };
  g_autoptr(PGresult) res = NULL;

  *found = FALSE;
  if (!limn_pg_run (txn, &stmt, values, &res, error))
    return FALSE;

  *found = PQntuples (res) > 0;
  if (*found)
    read_settings (res, 0, 0, settings);

  return TRUE;
}

static gboolean
pg_update_settings (LimnServerTxn             *txn,
                    const char                *project_id,
                    const LimnServerSettings  *settings,
                    GError                   **error)
{
  static const LimnPgStatement stmt = {
    "update_settings",
    "UPDATE projects SET overlap = coalesce ($1::bigint, overlap), "
    "gold_rate = coalesce ($2::float8, gold_rate), "
    "audit_rate = coalesce ($3::float8, audit_rate), "
    "confidence_steps = coalesce ($4::bigint, confidence_steps), "
    "lease_seconds = coalesce ($5::bigint, lease_seconds), "
    "review_threshold = coalesce ($7::float8, review_threshold), "
    "senior_threshold = coalesce ($8::float8, senior_threshold), "
    "agreement_threshold = coalesce ($9::float8, agreement_threshold), "
    "match_iou = coalesce ($10::float8, match_iou), "
    "auto_propose_campaigns = coalesce ($11::bigint, auto_propose_campaigns), "
    /* NULL: leave the rules; "": remove them. */
    "guardrails = CASE WHEN $12::text IS NULL THEN guardrails ELSE nullif ($12, '') END, "
    "qualification = CASE WHEN $13::text IS NULL THEN qualification ELSE nullif ($13, '') END, "
    "hidden_task_fields = CASE WHEN $14::text IS NULL THEN hidden_task_fields "
    "                          ELSE nullif ($14, '') END "
    "WHERE id = $6", 14,
  };
  const LimnServerSettings *s = settings;
  LimnPgNum n[10];
  const char *values[] = {
    s->overlap >= 0 ? limn_pg_int64_param (&n[0], s->overlap) : NULL,
    s->gold_rate >= 0 ? limn_pg_double_param (&n[1], s->gold_rate) : NULL,
    s->audit_rate >= 0 ? limn_pg_double_param (&n[2], s->audit_rate) : NULL,
    s->confidence_steps >= 0 ? limn_pg_int64_param (&n[3], s->confidence_steps) : NULL,
    s->lease_seconds >= 0 ? limn_pg_int64_param (&n[4], s->lease_seconds) : NULL,
    project_id,
    s->review_threshold >= 0 ? limn_pg_double_param (&n[5], s->review_threshold) : NULL,
    s->senior_threshold >= 0 ? limn_pg_double_param (&n[6], s->senior_threshold) : NULL,
    s->agreement_threshold >= 0 ? limn_pg_double_param (&n[7], s->agreement_threshold) : NULL,
    s->match_iou >= 0 ? limn_pg_double_param (&n[8], s->match_iou) : NULL,
    s->auto_propose_campaigns >= 0
      ? limn_pg_int64_param (&n[9], s->auto_propose_campaigns) : NULL,
    s->guardrails,
    s->qualification,
    s->hidden_task_fields,
  };

  return limn_pg_run (txn, &stmt, values, NULL, error);
}

static gpointer
read_status (const PGresult *res,
             int             row)
{
  LimnServerProjectStatus *s = g_new0 (LimnServerProjectStatus, 1);

  s->project_id = limn_pg_dup (res, row, 0);
  s->name = limn_pg_dup (res, row, 1);
  s->kind = limn_pg_dup (res, row, 2);
  s->tasks = limn_pg_int64 (res, row, 3);
  s->gold = limn_pg_int64 (res, row, 4);
  s->assigned = limn_pg_int64 (res, row, 5);
  s->submitted = limn_pg_int64 (res, row, 6);
  s->expired = limn_pg_int64 (res, row, 7);
  s->annotations = limn_pg_int64 (res, row, 8);
  s->conflicts = limn_pg_int64 (res, row, 9);
  s->flags = limn_pg_int64 (res, row, 10);
  s->events = limn_pg_int64 (res, row, 11);
  return s;
}

static GPtrArray *
pg_project_status (LimnServerTxn  *txn,
                   const char     *project_id,
                   GError        **error)
{
  static const LimnPgStatement stmt = {
    "project_status",
    "SELECT p.id, p.name, p.kind, "
    "(SELECT count(*) FROM tasks t WHERE t.project_id = p.id), "
    "(SELECT count(*) FROM tasks t WHERE t.project_id = p.id AND t.is_gold = 1), "
    "(SELECT count(*) FROM assignments a WHERE a.project_id = p.id AND a.status = 'assigned'), "
    "(SELECT count(*) FROM assignments a WHERE a.project_id = p.id AND a.status = 'submitted'), "
    "(SELECT count(*) FROM assignments a WHERE a.project_id = p.id AND a.status = 'expired'), "
    "(SELECT count(*) FROM annotations n WHERE n.project_id = p.id), "
    "(SELECT count(*) FROM annotations n WHERE n.project_id = p.id AND n.state = 'conflicted'), "
    "(SELECT count(*) FROM flags f WHERE f.project_id = p.id), "
    "(SELECT count(*) FROM events e WHERE e.project_id = p.id) "
    "FROM projects p WHERE $1::text IS NULL OR p.id = $1 "
    "ORDER BY p.created_us, p.id", 1,
  };
  const char *values[] = { project_id };

  return limn_pg_collect_rows (txn, &stmt, values, read_status,
                               (GDestroyNotify)limn_server_project_status_free, error);
}

/* $1: the project, or NULL for all. */
#define IN_PROJECT "WHERE ($1::text IS NULL OR project_id = $1)"

static LimnServerInventory *
pg_inventory (LimnServerTxn  *txn,
              const char     *project_id,
              GError        **error)
{
  g_autoptr(LimnServerInventory) inventory = limn_server_inventory_new ();
  const struct
  {
    gint64     *out;
    gboolean    server_wide;    /* no meaning within one project */
    const char *query;
  } counts[] = {
    { &inventory->users, TRUE, "SELECT count(*) FROM users" },
    { &inventory->projects, TRUE, "SELECT count(*) FROM projects" },
    { &inventory->batches, TRUE, "SELECT count(*) FROM idempotency" },
    { &inventory->audit, TRUE, "SELECT count(*) FROM audit_log" },
    { &inventory->tokens, FALSE, "SELECT count(*) FROM tokens " IN_PROJECT },
    { &inventory->tokens_revoked, FALSE,
      "SELECT count(*) FROM tokens " IN_PROJECT " AND revoked_us IS NOT NULL" },
    { &inventory->labels, FALSE, "SELECT count(*) FROM labels " IN_PROJECT },
    { &inventory->guidelines, FALSE, "SELECT count(*) FROM guidelines " IN_PROJECT },
    { &inventory->tasks, FALSE, "SELECT count(*) FROM tasks " IN_PROJECT },
    { &inventory->tasks_gold, FALSE, "SELECT count(*) FROM tasks " IN_PROJECT " AND is_gold = 1" },
    { &inventory->assignments[LIMN_SERVER_LEASE_ASSIGNED], FALSE,
      "SELECT count(*) FROM assignments " IN_PROJECT " AND status = 'assigned'" },
    { &inventory->assignments[LIMN_SERVER_LEASE_SUBMITTED], FALSE,
      "SELECT count(*) FROM assignments " IN_PROJECT " AND status = 'submitted'" },
    { &inventory->assignments[LIMN_SERVER_LEASE_EXPIRED], FALSE,
      "SELECT count(*) FROM assignments " IN_PROJECT " AND status = 'expired'" },
    { &inventory->assignments[LIMN_SERVER_LEASE_ACCEPTED], FALSE,
      "SELECT count(*) FROM assignments " IN_PROJECT " AND status = 'accepted'" },
    { &inventory->annotations_submitted, FALSE,
      "SELECT count(*) FROM annotations " IN_PROJECT " AND state = 'submitted'" },
    { &inventory->annotations_conflicted, FALSE,
      "SELECT count(*) FROM annotations " IN_PROJECT " AND state = 'conflicted'" },
    { &inventory->events, FALSE, "SELECT count(*) FROM events " IN_PROJECT },
    { &inventory->flags_open, FALSE, "SELECT count(*) FROM flags " IN_PROJECT " AND state = 'open'" },
    { &inventory->flags_answered, FALSE,
      "SELECT count(*) FROM flags " IN_PROJECT " AND state = 'answered'" },
    { &inventory->flags_closed, FALSE,
      "SELECT count(*) FROM flags " IN_PROJECT " AND state = 'closed'" },
    { &inventory->changes, FALSE, "SELECT count(*) FROM changes " IN_PROJECT },
    { &inventory->review_items[LIMN_SERVER_REVIEW_OPEN], FALSE,
      "SELECT count(*) FROM review_items " IN_PROJECT " AND state = 'open'" },
    { &inventory->review_items[LIMN_SERVER_REVIEW_LEASED], FALSE,
      "SELECT count(*) FROM review_items " IN_PROJECT " AND state = 'leased'" },
    { &inventory->review_items[LIMN_SERVER_REVIEW_DECIDED], FALSE,
      "SELECT count(*) FROM review_items " IN_PROJECT " AND state = 'decided'" },
    { &inventory->reviews_applied, FALSE,
      "SELECT count(*) FROM reviews r JOIN review_items i ON i.id = r.item_id "
      "WHERE ($1::text IS NULL OR i.project_id = $1) AND r.state = 'applied'" },
    { &inventory->reviews_conflicted, FALSE,
      "SELECT count(*) FROM reviews r JOIN review_items i ON i.id = r.item_id "
      "WHERE ($1::text IS NULL OR i.project_id = $1) AND r.state = 'conflicted'" },
    { &inventory->messages, FALSE,
      "SELECT count(*) FROM messages m JOIN flags f ON f.id = m.thread_id "
      "WHERE ($1::text IS NULL OR f.project_id = $1)" },
    { &inventory->notes, FALSE, "SELECT count(*) FROM notes " IN_PROJECT },
    { &inventory->guideline_acks, FALSE, "SELECT count(*) FROM guideline_acks " IN_PROJECT },
  };
  const char *values[] = { project_id };
  g_autoptr(PGresult) types = NULL;
  g_autoptr(PGresult) actions = NULL;

  /* Rare (admin status): run as they are, not prepared. */
  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    {
      g_autoptr(PGresult) res = NULL;
      gboolean takes_project = strstr (counts[i].query, "$1") != NULL;

      if (counts[i].server_wide && project_id != NULL)
        {
          *counts[i].out = -1;
          continue;
        }
      if (!limn_pg_exec (txn, counts[i].query, takes_project ? 1 : 0,
                         takes_project ? values : NULL, &res, error))
        return NULL;
      *counts[i].out = limn_pg_int64 (res, 0, 0);
    }

  if (!limn_pg_exec (txn, "SELECT type, count(*) FROM events " IN_PROJECT " "
                     "GROUP BY type ORDER BY type", 1, values, &types, error))
    return NULL;
  for (int i = 0; i < PQntuples (types); i++)
    limn_server_inventory_add_event_type (inventory, limn_pg_text (types, i, 0),
                                          limn_pg_int64 (types, i, 1));

  if (project_id != NULL)
    return g_steal_pointer (&inventory);

  if (!limn_pg_exec (txn, "SELECT action, count(*), "
                     "count(*) FILTER (WHERE token_id IS NOT NULL AND user_id IS NOT NULL) "
                     "FROM audit_log GROUP BY action ORDER BY action", 0, NULL, &actions, error))
    return NULL;
  for (int i = 0; i < PQntuples (actions); i++)
    limn_server_inventory_add_audit_action (inventory, limn_pg_text (actions, i, 0),
                                            limn_pg_int64 (actions, i, 1),
                                            limn_pg_int64 (actions, i, 2));

  return g_steal_pointer (&inventory);
}

/* Tasks */

static GHashTable *
pg_get_tasks (LimnServerTxn       *txn,
              const char * const  *task_ids,
              GError             **error)
{
  static const LimnPgStatement stmt = {
    "get_tasks",
    "SELECT " LIMN_PG_TASK_COLUMNS " FROM tasks t WHERE t.id = ANY ($1::text[])", 1,
  };
  g_autoptr(GHashTable) tasks = NULL;
  g_autoptr(GString) array = g_string_new ("{");
  g_autoptr(PGresult) res = NULL;
  const char *values[1];

  tasks = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                 (GDestroyNotify)limn_server_task_free);
  if (task_ids == NULL || task_ids[0] == NULL)
    return g_steal_pointer (&tasks);

  /* One round trip: the ids as a text[] literal, each quoted. */
  for (guint i = 0; task_ids[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (array, ',');
      g_string_append_c (array, '"');
      for (const char *p = task_ids[i]; *p != '\0'; p++)
        {
          if (*p == '"' || *p == '\\')
            g_string_append_c (array, '\\');
          g_string_append_c (array, *p);
        }
      g_string_append_c (array, '"');
    }
  g_string_append_c (array, '}');
  values[0] = array->str;

  if (!limn_pg_run (txn, &stmt, values, &res, error))
    return NULL;
  for (int i = 0; i < PQntuples (res); i++)
    {
      LimnServerTask *task = limn_pg_read_task (res, i, 0);

      g_hash_table_insert (tasks, task->id, task);
    }

  return g_steal_pointer (&tasks);
}

static gboolean
pg_lookup_task_project (LimnServerTxn  *txn,
                        const char     *task_id,
                        char          **project_id,
                        GError        **error)
{
  static const LimnPgStatement stmt = {
    "lookup_task_project", "SELECT project_id FROM tasks WHERE id = $1", 1,
  };
  const char *values[] = { task_id };

  return limn_pg_query_text (txn, &stmt, values, project_id, error);
}

static gboolean
pg_next_task_position (LimnServerTxn  *txn,
                       const char     *project_id,
                       gint64         *position,
                       GError        **error)
{
  static const LimnPgStatement stmt = {
    "next_task_position",
    "SELECT coalesce (max (position) + 1, 0) FROM tasks WHERE project_id = $1", 1,
  };
  const char *values[] = { project_id };

  return limn_pg_query_int64 (txn, &stmt, values, position, error);
}

static gboolean
pg_insert_task (LimnServerTxn         *txn,
                const LimnServerTask  *task,
                gint64                 now_us,
                GError               **error)
{
  static const LimnPgStatement stmt = {
    "insert_task",
    "INSERT INTO tasks (id, project_id, position, kind, title, media_sha256, media_size, width, "
    "height, mime, text, language, direction, suggestions, created_us) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, coalesce ($13, 'auto'), "
    "coalesce ($14, '[]'), $15)", 15,
  };
  gboolean media = task->media_sha256 != NULL;
  LimnPgNum n[5];
  const char *values[] = {
    task->id, task->project_id, limn_pg_int64_param (&n[0], task->position), task->kind,
    task->title, task->media_sha256,
    media ? limn_pg_int64_param (&n[1], task->media_size) : NULL,
    media ? limn_pg_int64_param (&n[2], task->width) : NULL,
    media ? limn_pg_int64_param (&n[3], task->height) : NULL,
    task->mime, task->text, task->language, task->direction, task->suggestions,
    limn_pg_int64_param (&n[4], now_us),
  };

  return limn_pg_run (txn, &stmt, values, NULL, error);
}

static gboolean
pg_set_task_gold (LimnServerTxn  *txn,
                  const char     *task_id,
                  const char     *answer_json,
                  GError        **error)
{
  static const LimnPgStatement stmt = {
    "set_task_gold", "UPDATE tasks SET is_gold = 1, gold_answer = $1 WHERE id = $2", 2,
  };
  const char *values[] = { answer_json, task_id };

  return limn_pg_run (txn, &stmt, values, NULL, error);
}

static gboolean
pg_get_task_gold (LimnServerTxn  *txn,
                  const char     *task_id,
                  gboolean       *is_gold,
                  char          **answer_json,
                  GError        **error)
{
  static const LimnPgStatement stmt = {
    "get_task_gold", "SELECT is_gold, gold_answer FROM tasks WHERE id = $1", 1,
  };
  const char *values[] = { task_id };
  g_autoptr(PGresult) res = NULL;

  *is_gold = FALSE;
  *answer_json = NULL;
  if (!limn_pg_run (txn, &stmt, values, &res, error))
    return FALSE;
  if (PQntuples (res) > 0)
    {
      *is_gold = limn_pg_int64 (res, 0, 0) != 0;
      *answer_json = limn_pg_dup (res, 0, 1);
    }

  return TRUE;
}

static gboolean
pg_find_media (LimnServerTxn  *txn,
               const char     *sha256,
               const char     *project_id,
               const char     *holder,
               gboolean       *found,
               char          **mime,
               GError        **error)
{
  /* Any assignment row: a task they hold, held or submitted. */
  static const LimnPgStatement held = {
    "find_media_held",
    "SELECT t.mime FROM tasks t JOIN assignments a ON a.task_id = t.id "
    "WHERE t.media_sha256 = $1 AND ($2::text IS NULL OR t.project_id = $2) "
    "AND a.annotator = $3 LIMIT 1", 3,
  };
  static const LimnPgStatement any = {
    "find_media",
    "SELECT mime FROM tasks WHERE media_sha256 = $1 "
    "AND ($2::text IS NULL OR project_id = $2) LIMIT 1", 2,
  };
  const char *values[] = { sha256, project_id, holder };
  g_autoptr(PGresult) res = NULL;

  *found = FALSE;
  *mime = NULL;
  if (!limn_pg_run (txn, holder != NULL ? &held : &any, values, &res, error))
    return FALSE;

  *found = PQntuples (res) > 0;
  if (*found)
    *mime = limn_pg_dup (res, 0, 0);

  return TRUE;
}

static gpointer
read_gold_answer (const PGresult *res,
                  int             row)
{
  LimnServerGoldAnswer *answer = g_new0 (LimnServerGoldAnswer, 1);

  answer->annotator = limn_pg_dup (res, row, 0);
  answer->task_id = limn_pg_dup (res, row, 1);
  answer->regions = limn_pg_dup (res, row, 2);
  answer->gold = limn_pg_dup (res, row, 3);
  answer->annotator_id = limn_pg_dup (res, row, 4);
  answer->received_us = limn_pg_int64 (res, row, 5);
  return answer;
}

static GPtrArray *
pg_list_gold_answers (LimnServerTxn  *txn,
                      const char     *project_id,
                      GError        **error)
{
  static const LimnPgStatement stmt = {
    "list_gold_answers",
    "SELECT u.name, n.task_id, n.regions, t.gold_answer, n.annotator, n.received_us "
    "FROM annotations n JOIN tasks t ON t.id = n.task_id JOIN users u ON u.id = n.annotator "
    "WHERE n.project_id = $1 AND t.is_gold = 1 ORDER BY n.received_us, n.recv_seq", 1,
  };
  const char *values[] = { project_id };

  return limn_pg_collect_rows (txn, &stmt, values, read_gold_answer,
                               (GDestroyNotify)limn_server_gold_answer_free, error);
}

void
limn_server_pg_projects_init (LimnServerBackendInterface *iface)
{
  iface->insert_project = pg_insert_project;
  iface->get_project = pg_get_project;
  iface->list_project_ids = pg_list_project_ids;
  iface->get_settings = pg_get_settings;
  iface->update_settings = pg_update_settings;
  iface->project_status = pg_project_status;
  iface->inventory = pg_inventory;
  iface->get_tasks = pg_get_tasks;
  iface->lookup_task_project = pg_lookup_task_project;
  iface->next_task_position = pg_next_task_position;
  iface->insert_task = pg_insert_task;
  iface->set_task_gold = pg_set_task_gold;
  iface->get_task_gold = pg_get_task_gold;
  iface->list_gold_answers = pg_list_gold_answers;
  iface->find_media = pg_find_media;
  iface->insert_label = pg_insert_label;
  iface->update_label = pg_update_label;
  iface->insert_guideline = pg_insert_guideline;
  iface->latest_guideline_version = pg_latest_guideline_version;
}
