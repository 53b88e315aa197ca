/* limn-server-backend-sqlite-projects.c
 *
 * Storage calls on projects (with their labels, guidelines and settings),
 * tasks and their images, and the counts people ask for.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include "limn-server-backend-sqlite-private.h"

/* Projects */

#define SETTINGS_COLUMNS \
  "overlap, gold_rate, audit_rate, confidence_steps, lease_seconds, review_threshold, " \
  "senior_threshold, agreement_threshold, match_iou, auto_propose_campaigns, qualification"
#define SETTINGS_N_COLUMNS 11

/* The SETTINGS_COLUMNS of @stmt's row from column @first. */
static void
read_settings (sqlite3_stmt       *stmt,
               int                 first,
               LimnServerSettings *settings)
{
  settings->overlap = sqlite3_column_int64 (stmt, first);
  settings->gold_rate = sqlite3_column_double (stmt, first + 1);
  settings->audit_rate = sqlite3_column_double (stmt, first + 2);
  settings->confidence_steps = sqlite3_column_int64 (stmt, first + 3);
  settings->lease_seconds = sqlite3_column_int64 (stmt, first + 4);
  settings->review_threshold = sqlite3_column_double (stmt, first + 5);
  settings->senior_threshold = sqlite3_column_double (stmt, first + 6);
  settings->agreement_threshold = sqlite3_column_double (stmt, first + 7);
  settings->match_iou = sqlite3_column_double (stmt, first + 8);
  settings->auto_propose_campaigns = sqlite3_column_int64 (stmt, first + 9);
  settings->guardrails = NULL;
  limn_server_settings_read_qualification (settings,
                                           (const char *)sqlite3_column_text (stmt, first + 10));
  settings->hidden_task_fields = NULL;
}

static gboolean
sqlite_insert_label (LimnServerTxn          *txn,
                     const char             *project_id,
                     const LimnServerLabel  *label,
                     gint64                  position,
                     GError                **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (sql,
                              "INSERT INTO labels (id, project_id, position, name, color, hotkey, "
                              "description, retired_us, names, descriptions) "
                              "VALUES (?, ?, ?, ?, ?, ?, coalesce (?, ''), nullif (?, 0), ?, ?)",
                              error);
  if (stmt == NULL)
    return FALSE;
  limn_sqlite_bind_text (stmt, 1, label->id);
  limn_sqlite_bind_text (stmt, 2, project_id);
  sqlite3_bind_int64 (stmt, 3, position);
  limn_sqlite_bind_text (stmt, 4, label->name);
  limn_sqlite_bind_text (stmt, 5, label->color);
  limn_sqlite_bind_text (stmt, 6, label->hotkey);
  limn_sqlite_bind_text (stmt, 7, label->description);
  sqlite3_bind_int64 (stmt, 8, label->retired_us);
  limn_sqlite_bind_text (stmt, 9, label->names);
  limn_sqlite_bind_text (stmt, 10, label->descriptions);

  return limn_sqlite_step_done (sql, stmt, error);
}

static gboolean
sqlite_update_label (LimnServerTxn          *txn,
                     const LimnServerLabel  *label,
                     GError                **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (sql,
                              "UPDATE labels SET name = ?, color = ?, hotkey = ?, "
                              "description = coalesce (?, ''), retired_us = nullif (?, 0), "
                              "names = ?, descriptions = ? "
                              "WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  limn_sqlite_bind_text (stmt, 1, label->name);
  limn_sqlite_bind_text (stmt, 2, label->color);
  limn_sqlite_bind_text (stmt, 3, label->hotkey);
  limn_sqlite_bind_text (stmt, 4, label->description);
  sqlite3_bind_int64 (stmt, 5, label->retired_us);
  limn_sqlite_bind_text (stmt, 6, label->names);
  limn_sqlite_bind_text (stmt, 7, label->descriptions);
  limn_sqlite_bind_text (stmt, 8, label->id);

  return limn_sqlite_step_done (sql, stmt, error);
}

static gboolean
sqlite_insert_guideline (LimnServerTxn  *txn,
                         const char     *project_id,
                         gint64          version,
                         const char     *body,
                         const char     *summary,
                         const char     *translations,
                         const char     *published_by,
                         gint64          now_us,
                         GError        **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (sql,
                              "INSERT INTO guidelines (project_id, version, body, published_us, "
                              "summary, published_by, translations) "
                              "VALUES (?, ?, ?, ?, coalesce (?, ''), ?, ?)",
                              error);
  if (stmt == NULL)
    return FALSE;
  limn_sqlite_bind_text (stmt, 1, project_id);
  sqlite3_bind_int64 (stmt, 2, version);
  limn_sqlite_bind_text (stmt, 3, body);
  sqlite3_bind_int64 (stmt, 4, now_us);
  limn_sqlite_bind_text (stmt, 5, summary);
  limn_sqlite_bind_text (stmt, 6, published_by);
  /* NULL or "" (none): NULL in the table. */
  limn_sqlite_bind_text (stmt, 7, translations != NULL && translations[0] != '\0' ? translations : NULL);

  return limn_sqlite_step_done (sql, stmt, error);
}

static gboolean
sqlite_latest_guideline_version (LimnServerTxn  *txn,
                                 const char     *project_id,
                                 gint64         *version,
                                 GError        **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (sql,
                              "SELECT coalesce (max (version), 0) FROM guidelines "
                              "WHERE project_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  limn_sqlite_bind_text (stmt, 1, project_id);

  return limn_sqlite_query_int (sql, stmt, version, error);
}

static gboolean
sqlite_insert_project (LimnServerTxn            *txn,
                       const LimnServerProject  *project,
                       gint64                    now_us,
                       GError                  **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (sql,
                              "INSERT INTO projects (id, name, kind, overlap, gold_rate, audit_rate, "
                              "confidence_steps, lease_seconds, created_us, review_threshold, "
                              "senior_threshold, agreement_threshold, match_iou) "
                              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  limn_sqlite_bind_text (stmt, 1, project->id);
  limn_sqlite_bind_text (stmt, 2, project->name);
  limn_sqlite_bind_text (stmt, 3, project->kind);
  sqlite3_bind_int64 (stmt, 4, project->settings.overlap);
  sqlite3_bind_double (stmt, 5, project->settings.gold_rate);
  sqlite3_bind_double (stmt, 6, project->settings.audit_rate);
  sqlite3_bind_int64 (stmt, 7, project->settings.confidence_steps);
  sqlite3_bind_int64 (stmt, 8, project->settings.lease_seconds);
  sqlite3_bind_int64 (stmt, 9, now_us);
  sqlite3_bind_double (stmt, 10, project->settings.review_threshold);
  sqlite3_bind_double (stmt, 11, project->settings.senior_threshold);
  sqlite3_bind_double (stmt, 12, project->settings.agreement_threshold);
  sqlite3_bind_double (stmt, 13, project->settings.match_iou);
  if (!limn_sqlite_step_done (sql, stmt, error))
    return FALSE;

  for (guint i = 0; project->labels != NULL && i < project->labels->len; i++)
    if (!sqlite_insert_label (txn, project->id, g_ptr_array_index (project->labels, i), i, error))
      return FALSE;

  if (project->guideline_version <= 0)
    return TRUE;

  return sqlite_insert_guideline (txn, project->id, project->guideline_version,
                                  project->guidelines, project->guidelines_summary,
                                  project->guidelines_translations, NULL,
                                  project->guidelines_published_us, error);
}

static gpointer
read_label (sqlite3_stmt *stmt)
{
  LimnServerLabel *label = g_new0 (LimnServerLabel, 1);

  label->id = limn_sqlite_column_dup (stmt, 0);
  label->name = limn_sqlite_column_dup (stmt, 1);
  label->color = limn_sqlite_column_dup (stmt, 2);
  label->hotkey = limn_sqlite_column_dup (stmt, 3);
  label->description = limn_sqlite_column_dup (stmt, 4);
  label->retired_us = sqlite3_column_int64 (stmt, 5);
  label->names = limn_sqlite_column_dup (stmt, 6);
  label->descriptions = limn_sqlite_column_dup (stmt, 7);
  return label;
}

static gboolean
sqlite_get_project (LimnServerTxn      *txn,
                    const char         *project_id,
                    LimnServerProject **out,
                    GError            **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  g_autoptr(LimnServerProject) project = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row;

  *out = NULL;
  stmt = limn_sqlite_prepare (sql,
                              "SELECT id, name, kind, guardrails, " SETTINGS_COLUMNS ", "
                              "hidden_task_fields FROM projects WHERE id = ?",
                              error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, project_id);
  if (!limn_sqlite_step_row (sql, stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    {
      sqlite3_reset (stmt);
      return TRUE;
    }

  project = g_new0 (LimnServerProject, 1);
  project->id = limn_sqlite_column_dup (stmt, 0);
  project->name = limn_sqlite_column_dup (stmt, 1);
  project->kind = limn_sqlite_column_dup (stmt, 2);
  project->guardrails = limn_sqlite_column_dup (stmt, 3);
  read_settings (stmt, 4, &project->settings);
  project->hidden_task_fields = limn_sqlite_column_dup (stmt, 4 + SETTINGS_N_COLUMNS);
  sqlite3_reset (stmt);

  stmt = limn_sqlite_prepare (sql,
                              "SELECT id, name, color, hotkey, description, coalesce (retired_us, 0), "
                              "names, descriptions "
                              "FROM labels "
                              "WHERE project_id = ? ORDER BY position", error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, project_id);
  project->labels = limn_server_sqlite_collect_rows (sql, stmt, read_label,
                                                     (GDestroyNotify)limn_server_label_free, error);
  if (project->labels == NULL)
    return FALSE;

  stmt = limn_sqlite_prepare (sql,
                              "SELECT version, body, published_us, summary, translations FROM guidelines "
                              "WHERE project_id = ? ORDER BY version DESC LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, project_id);
  if (!limn_sqlite_step_row (sql, stmt, &has_row, error))
    return FALSE;
  if (has_row)
    {
      project->guideline_version = sqlite3_column_int64 (stmt, 0);
      project->guidelines = limn_sqlite_column_dup (stmt, 1);
      project->guidelines_published_us = sqlite3_column_int64 (stmt, 2);
      project->guidelines_summary = limn_sqlite_column_dup (stmt, 3);
      project->guidelines_translations = limn_sqlite_column_dup (stmt, 4);
    }
  sqlite3_reset (stmt);

  *out = g_steal_pointer (&project);
  return TRUE;
}

static GPtrArray *
sqlite_list_project_ids (LimnServerTxn  *txn,
                         GError        **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (sql, "SELECT id FROM projects ORDER BY created_us, id", error);
  if (stmt == NULL)
    return NULL;

  return limn_server_sqlite_collect_ids (sql, stmt, error);
}

static gboolean
sqlite_get_settings (LimnServerTxn       *txn,
                     const char          *project_id,
                     LimnServerSettings  *settings,
                     gboolean            *found,
                     GError             **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (sql,
                              "SELECT " SETTINGS_COLUMNS " FROM projects WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, project_id);
  if (!limn_sqlite_step_row (sql, stmt, found, error))
    return FALSE;

  if (*found)
    read_settings (stmt, 0, settings);
  sqlite3_reset (stmt);

  return TRUE;
}

static gboolean
sqlite_update_settings (LimnServerTxn             *txn,
                        const char                *project_id,
                        const LimnServerSettings  *settings,
                        GError                   **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (sql,
                              "UPDATE projects SET overlap = coalesce (?1, overlap), "
                              "gold_rate = coalesce (?2, gold_rate), "
                              "audit_rate = coalesce (?3, audit_rate), "
                              "confidence_steps = coalesce (?4, confidence_steps), "
                              "lease_seconds = coalesce (?5, lease_seconds), "
                              "review_threshold = coalesce (?7, review_threshold), "
                              "senior_threshold = coalesce (?8, senior_threshold), "
                              "agreement_threshold = coalesce (?9, agreement_threshold), "
                              "match_iou = coalesce (?10, match_iou), "
                              "auto_propose_campaigns = coalesce (?11, auto_propose_campaigns), "
                              "guardrails = CASE WHEN ?12 IS NULL THEN guardrails "
                              "                  ELSE nullif (?12, '') END, "
                              "qualification = CASE WHEN ?13 IS NULL THEN qualification "
                              "                     ELSE nullif (?13, '') END, "
                              "hidden_task_fields = CASE WHEN ?14 IS NULL THEN hidden_task_fields "
                              "                          ELSE nullif (?14, '') END "
                              "WHERE id = ?6", error);
  if (stmt == NULL)
    return FALSE;

  if (settings->overlap >= 0)
    sqlite3_bind_int64 (stmt, 1, settings->overlap);
  if (settings->gold_rate >= 0)
    sqlite3_bind_double (stmt, 2, settings->gold_rate);
  if (settings->audit_rate >= 0)
    sqlite3_bind_double (stmt, 3, settings->audit_rate);
  if (settings->confidence_steps >= 0)
    sqlite3_bind_int64 (stmt, 4, settings->confidence_steps);
  if (settings->lease_seconds >= 0)
    sqlite3_bind_int64 (stmt, 5, settings->lease_seconds);
  limn_sqlite_bind_text (stmt, 6, project_id);
  if (settings->review_threshold >= 0)
    sqlite3_bind_double (stmt, 7, settings->review_threshold);
  if (settings->senior_threshold >= 0)
    sqlite3_bind_double (stmt, 8, settings->senior_threshold);
  if (settings->agreement_threshold >= 0)
    sqlite3_bind_double (stmt, 9, settings->agreement_threshold);
  if (settings->match_iou >= 0)
    sqlite3_bind_double (stmt, 10, settings->match_iou);
  if (settings->auto_propose_campaigns >= 0)
    sqlite3_bind_int64 (stmt, 11, settings->auto_propose_campaigns);
  if (settings->guardrails != NULL)
    limn_sqlite_bind_text (stmt, 12, settings->guardrails);
  if (settings->qualification != NULL)
    limn_sqlite_bind_text (stmt, 13, settings->qualification);
  if (settings->hidden_task_fields != NULL)
    limn_sqlite_bind_text (stmt, 14, settings->hidden_task_fields);

  return limn_sqlite_step_done (sql, stmt, error);
}

static gpointer
read_status (sqlite3_stmt *stmt)
{
  LimnServerProjectStatus *s = g_new0 (LimnServerProjectStatus, 1);

  s->project_id = limn_sqlite_column_dup (stmt, 0);
  s->name = limn_sqlite_column_dup (stmt, 1);
  s->kind = limn_sqlite_column_dup (stmt, 2);
  s->tasks = sqlite3_column_int64 (stmt, 3);
  s->gold = sqlite3_column_int64 (stmt, 4);
  s->assigned = sqlite3_column_int64 (stmt, 5);
  s->submitted = sqlite3_column_int64 (stmt, 6);
  s->expired = sqlite3_column_int64 (stmt, 7);
  s->annotations = sqlite3_column_int64 (stmt, 8);
  s->conflicts = sqlite3_column_int64 (stmt, 9);
  s->flags = sqlite3_column_int64 (stmt, 10);
  s->events = sqlite3_column_int64 (stmt, 11);
  return s;
}

static GPtrArray *
sqlite_project_status (LimnServerTxn  *txn,
                       const char     *project_id,
                       GError        **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (sql,
                              "SELECT p.id, p.name, p.kind, "
                              "(SELECT count(*) FROM tasks t WHERE t.project_id = p.id), "
                              "(SELECT count(*) FROM tasks t WHERE t.project_id = p.id AND t.is_gold), "
                              "(SELECT count(*) FROM assignments a WHERE a.project_id = p.id "
                              " AND a.status = 'assigned'), "
                              "(SELECT count(*) FROM assignments a WHERE a.project_id = p.id "
                              " AND a.status = 'submitted'), "
                              "(SELECT count(*) FROM assignments a WHERE a.project_id = p.id "
                              " AND a.status = 'expired'), "
                              "(SELECT count(*) FROM annotations n WHERE n.project_id = p.id), "
                              "(SELECT count(*) FROM annotations n WHERE n.project_id = p.id "
                              " AND n.state = 'conflicted'), "
                              "(SELECT count(*) FROM flags f WHERE f.project_id = p.id), "
                              "(SELECT count(*) FROM events e WHERE e.project_id = p.id) "
                              "FROM projects p WHERE ?1 IS NULL OR p.id = ?1 "
                              "ORDER BY p.created_us, p.id", error);
  if (stmt == NULL)
    return NULL;

  limn_sqlite_bind_text (stmt, 1, project_id);
  return limn_server_sqlite_collect_rows (sql, stmt, read_status,
                                         (GDestroyNotify)limn_server_project_status_free, error);
}

/* The count @query selects, with ?1 the project or NULL. */
static gboolean
count_rows (LimnSqlite   *sql,
            const char   *query,
            const char   *project_id,
            gint64       *out,
            GError      **error)
{
  sqlite3_stmt *stmt = limn_sqlite_prepare (sql, query, error);

  if (stmt == NULL)
    return FALSE;
  limn_sqlite_bind_text (stmt, 1, project_id);

  return limn_sqlite_query_int (sql, stmt, out, error);
}

/* ?1: the project, or NULL for all. */
#define IN_PROJECT "WHERE (?1 IS NULL OR project_id = ?1)"

static LimnServerInventory *
sqlite_inventory (LimnServerTxn  *txn,
                  const char     *project_id,
                  GError        **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
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
    { &inventory->tasks_gold, FALSE, "SELECT count(*) FROM tasks " IN_PROJECT " AND is_gold" },
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
      "WHERE (?1 IS NULL OR i.project_id = ?1) AND r.state = 'applied'" },
    { &inventory->reviews_conflicted, FALSE,
      "SELECT count(*) FROM reviews r JOIN review_items i ON i.id = r.item_id "
      "WHERE (?1 IS NULL OR i.project_id = ?1) AND r.state = 'conflicted'" },
    { &inventory->messages, FALSE,
      "SELECT count(*) FROM messages m JOIN flags f ON f.id = m.thread_id "
      "WHERE (?1 IS NULL OR f.project_id = ?1)" },
    { &inventory->notes, FALSE, "SELECT count(*) FROM notes " IN_PROJECT },
    { &inventory->guideline_acks, FALSE, "SELECT count(*) FROM guideline_acks " IN_PROJECT },
  };
  sqlite3_stmt *stmt;

  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    {
      if (counts[i].server_wide && project_id != NULL)
        *counts[i].out = -1;
      else if (!count_rows (sql, counts[i].query, project_id, counts[i].out, error))
        return NULL;
    }

  stmt = limn_sqlite_prepare (sql,
                              "SELECT type, count(*) FROM events " IN_PROJECT " "
                              "GROUP BY type ORDER BY type", error);
  if (stmt == NULL)
    return NULL;
  limn_sqlite_bind_text (stmt, 1, project_id);
  for (;;)
    {
      gboolean has_row;

      if (!limn_sqlite_step_row (sql, stmt, &has_row, error))
        return NULL;
      if (!has_row)
        break;
      limn_server_inventory_add_event_type (inventory, (const char *)sqlite3_column_text (stmt, 0),
                                            sqlite3_column_int64 (stmt, 1));
    }
  sqlite3_reset (stmt);

  if (project_id != NULL)
    return g_steal_pointer (&inventory);

  stmt = limn_sqlite_prepare (sql,
                              "SELECT action, count(*), "
                              "count(*) FILTER (WHERE token_id IS NOT NULL AND user_id IS NOT NULL) "
                              "FROM audit_log GROUP BY action ORDER BY action", error);
  if (stmt == NULL)
    return NULL;
  for (;;)
    {
      gboolean has_row;

      if (!limn_sqlite_step_row (sql, stmt, &has_row, error))
        return NULL;
      if (!has_row)
        break;
      limn_server_inventory_add_audit_action (inventory,
                                              (const char *)sqlite3_column_text (stmt, 0),
                                              sqlite3_column_int64 (stmt, 1),
                                              sqlite3_column_int64 (stmt, 2));
    }
  sqlite3_reset (stmt);

  return g_steal_pointer (&inventory);
}

/* Tasks */

static GHashTable *
sqlite_get_tasks (LimnServerTxn       *txn,
                  const char * const  *task_ids,
                  GError             **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  g_autoptr(GHashTable) tasks = NULL;
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (sql,
                              "SELECT " LIMN_SERVER_SQLITE_TASK_COLUMNS " FROM tasks t WHERE t.id = ?",
                              error);
  if (stmt == NULL)
    return NULL;

  tasks = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                 (GDestroyNotify)limn_server_task_free);
  for (guint i = 0; task_ids != NULL && task_ids[i] != NULL; i++)
    {
      gboolean has_row;

      if (g_hash_table_contains (tasks, task_ids[i]))
        continue;

      sqlite3_reset (stmt);
      limn_sqlite_bind_text (stmt, 1, task_ids[i]);
      if (!limn_sqlite_step_row (sql, stmt, &has_row, error))
        return NULL;
      if (has_row)
        {
          LimnServerTask *task = limn_server_sqlite_read_task (stmt, 0);

          g_hash_table_insert (tasks, task->id, task);
        }
      sqlite3_reset (stmt);
    }

  return g_steal_pointer (&tasks);
}

static gboolean
sqlite_lookup_task_project (LimnServerTxn  *txn,
                            const char     *task_id,
                            char          **project_id,
                            GError        **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt = limn_sqlite_prepare (sql, "SELECT project_id FROM tasks WHERE id = ?", error);

  *project_id = NULL;
  if (stmt == NULL)
    return FALSE;
  limn_sqlite_bind_text (stmt, 1, task_id);

  return limn_server_sqlite_query_text (sql, stmt, project_id, error);
}

static gboolean
sqlite_next_task_position (LimnServerTxn  *txn,
                           const char     *project_id,
                           gint64         *position,
                           GError        **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (sql,
                              "SELECT coalesce (max (position) + 1, 0) FROM tasks WHERE project_id = ?",
                              error);
  if (stmt == NULL)
    return FALSE;
  limn_sqlite_bind_text (stmt, 1, project_id);

  return limn_sqlite_query_int (sql, stmt, position, error);
}

static gboolean
sqlite_insert_task (LimnServerTxn         *txn,
                    const LimnServerTask  *task,
                    gint64                 now_us,
                    GError               **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (sql,
                              "INSERT INTO tasks (id, project_id, position, kind, title, "
                              "media_sha256, media_size, width, height, mime, text, language, "
                              "direction, suggestions, created_us) "
                              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
                              "coalesce (?13, 'auto'), coalesce (?14, '[]'), ?15)", error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, task->id);
  limn_sqlite_bind_text (stmt, 2, task->project_id);
  sqlite3_bind_int64 (stmt, 3, task->position);
  limn_sqlite_bind_text (stmt, 4, task->kind);
  limn_sqlite_bind_text (stmt, 5, task->title);
  limn_sqlite_bind_text (stmt, 6, task->media_sha256);
  if (task->media_sha256 != NULL)
    {
      sqlite3_bind_int64 (stmt, 7, task->media_size);
      sqlite3_bind_int64 (stmt, 8, task->width);
      sqlite3_bind_int64 (stmt, 9, task->height);
    }
  limn_sqlite_bind_text (stmt, 10, task->mime);
  limn_sqlite_bind_text (stmt, 11, task->text);
  limn_sqlite_bind_text (stmt, 12, task->language);
  limn_sqlite_bind_text (stmt, 13, task->direction);
  limn_sqlite_bind_text (stmt, 14, task->suggestions);
  sqlite3_bind_int64 (stmt, 15, now_us);

  return limn_sqlite_step_done (sql, stmt, error);
}

static gboolean
sqlite_set_task_gold (LimnServerTxn  *txn,
                      const char     *task_id,
                      const char     *answer_json,
                      GError        **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (sql, "UPDATE tasks SET is_gold = 1, gold_answer = ? WHERE id = ?",
                              error);
  if (stmt == NULL)
    return FALSE;
  limn_sqlite_bind_text (stmt, 1, answer_json);
  limn_sqlite_bind_text (stmt, 2, task_id);

  return limn_sqlite_step_done (sql, stmt, error);
}

static gboolean
sqlite_get_task_gold (LimnServerTxn  *txn,
                      const char     *task_id,
                      gboolean       *is_gold,
                      char          **answer_json,
                      GError        **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;
  gboolean has_row;

  *is_gold = FALSE;
  *answer_json = NULL;
  stmt = limn_sqlite_prepare (sql, "SELECT is_gold, gold_answer FROM tasks WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, task_id);
  if (!limn_sqlite_step_row (sql, stmt, &has_row, error))
    return FALSE;
  if (has_row)
    {
      *is_gold = sqlite3_column_int (stmt, 0) != 0;
      *answer_json = limn_sqlite_column_dup (stmt, 1);
    }
  sqlite3_reset (stmt);

  return TRUE;
}

static gboolean
sqlite_find_media (LimnServerTxn  *txn,
                   const char     *sha256,
                   const char     *project_id,
                   const char     *holder,
                   gboolean       *found,
                   char          **mime,
                   GError        **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  *mime = NULL;
  if (holder != NULL)
    /* Any assignment row: a task they hold, held or submitted. */
    stmt = limn_sqlite_prepare (sql,
                                "SELECT t.mime FROM tasks t JOIN assignments a ON a.task_id = t.id "
                                "WHERE t.media_sha256 = ?1 AND (?2 IS NULL OR t.project_id = ?2) "
                                "AND a.annotator = ?3 LIMIT 1", error);
  else
    stmt = limn_sqlite_prepare (sql,
                                "SELECT mime FROM tasks WHERE media_sha256 = ?1 "
                                "AND (?2 IS NULL OR project_id = ?2) LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, sha256);
  limn_sqlite_bind_text (stmt, 2, project_id);
  if (holder != NULL)
    limn_sqlite_bind_text (stmt, 3, holder);

  if (!limn_sqlite_step_row (sql, stmt, found, error))
    return FALSE;
  if (*found)
    *mime = limn_sqlite_column_dup (stmt, 0);
  sqlite3_reset (stmt);

  return TRUE;
}

static gpointer
read_gold_answer (sqlite3_stmt *stmt)
{
  LimnServerGoldAnswer *answer = g_new0 (LimnServerGoldAnswer, 1);

  answer->annotator = limn_sqlite_column_dup (stmt, 0);
  answer->task_id = limn_sqlite_column_dup (stmt, 1);
  answer->regions = limn_sqlite_column_dup (stmt, 2);
  answer->gold = limn_sqlite_column_dup (stmt, 3);
  answer->annotator_id = limn_sqlite_column_dup (stmt, 4);
  answer->received_us = sqlite3_column_int64 (stmt, 5);
  return answer;
}

static GPtrArray *
sqlite_list_gold_answers (LimnServerTxn  *txn,
                          const char     *project_id,
                          GError        **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (sql,
                              "SELECT u.name, n.task_id, n.regions, t.gold_answer, n.annotator, n.received_us "
                              "FROM annotations n JOIN tasks t ON t.id = n.task_id "
                              "JOIN users u ON u.id = n.annotator "
                              "WHERE n.project_id = ? AND t.is_gold "
                              "ORDER BY n.received_us, n.rowid", error);
  if (stmt == NULL)
    return NULL;

  limn_sqlite_bind_text (stmt, 1, project_id);
  return limn_server_sqlite_collect_rows (sql, stmt, read_gold_answer,
                                         (GDestroyNotify)limn_server_gold_answer_free, error);
}

void
limn_server_sqlite_projects_init (LimnServerBackendInterface *iface)
{
  iface->insert_project = sqlite_insert_project;
  iface->get_project = sqlite_get_project;
  iface->list_project_ids = sqlite_list_project_ids;
  iface->get_settings = sqlite_get_settings;
  iface->update_settings = sqlite_update_settings;
  iface->project_status = sqlite_project_status;
  iface->inventory = sqlite_inventory;
  iface->get_tasks = sqlite_get_tasks;
  iface->lookup_task_project = sqlite_lookup_task_project;
  iface->next_task_position = sqlite_next_task_position;
  iface->insert_task = sqlite_insert_task;
  iface->set_task_gold = sqlite_set_task_gold;
  iface->get_task_gold = sqlite_get_task_gold;
  iface->list_gold_answers = sqlite_list_gold_answers;
  iface->find_media = sqlite_find_media;
  iface->insert_label = sqlite_insert_label;
  iface->update_label = sqlite_update_label;
  iface->insert_guideline = sqlite_insert_guideline;
  iface->latest_guideline_version = sqlite_latest_guideline_version;
}
