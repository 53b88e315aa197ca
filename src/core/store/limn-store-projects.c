/* limn-store-projects.c
 *
 * Projects, labels, guidelines, tasks and their suggestions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "limn-store-private.h"
#include "model/limn-translations.h"

static gboolean
save_labels (LimnStore    *self,
             LimnProject  *project,
             GError      **error)
{
  GListModel *labels = limn_project_get_labels (project);
  guint n = g_list_model_get_n_items (labels);
  sqlite3_stmt *stmt;

  /* Labels keep their ids (regions refer to them); ones no longer listed
   * stay, so old annotations still resolve their label's name. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LimnLabel) label = g_list_model_get_item (labels, i);

      stmt = limn_sqlite_prepare (self->sql,
                                  LIMN_STORE_UPSERT_LABEL,
                                  error);
      if (stmt == NULL)
        return FALSE;

      limn_sqlite_bind_text (stmt, 1, limn_label_get_id (label));
      limn_sqlite_bind_text (stmt, 2, limn_project_get_id (project));
      sqlite3_bind_int (stmt, 3, i);
      limn_sqlite_bind_text (stmt, 4, limn_label_get_name (label));
      limn_sqlite_bind_text (stmt, 5, limn_label_get_color (label));
      limn_sqlite_bind_text (stmt, 6, limn_label_get_hotkey (label));
      limn_sqlite_bind_text (stmt, 7, limn_label_get_description (label));
      limn_store_bind_retired (stmt, 8, label);
      limn_store_bind_translations (stmt, 9, label);

      if (!limn_sqlite_step_done (self->sql, stmt, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
save_guidelines (LimnStore    *self,
                 LimnProject  *project,
                 GError      **error)
{
  g_autofree char *translations = NULL;
  sqlite3_stmt *stmt;

  /* Version 0 is "none published yet" (a team project whose server sent
   * none): stored, it would read as a version waiting for an ack. */
  if (limn_project_get_guideline_version (project) <= 0)
    return TRUE;

  translations = limn_translations_to_json (limn_project_get_guidelines_translations (project));

  stmt = limn_sqlite_prepare (self->sql,
                              "INSERT INTO guidelines (project_id, version, body, published_us, "
                              "                        translations) "
                              "VALUES (?, ?, ?, ?, ?) "
                              "ON CONFLICT (project_id, version) DO UPDATE "
                              "  SET body = excluded.body, translations = excluded.translations",
                              error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, limn_project_get_id (project));
  sqlite3_bind_int64 (stmt, 2, limn_project_get_guideline_version (project));
  limn_sqlite_bind_text (stmt, 3, limn_project_get_guidelines (project));
  sqlite3_bind_int64 (stmt, 4, g_get_real_time ());
  limn_sqlite_bind_text (stmt, 5, translations);

  return limn_sqlite_step_done (self->sql, stmt, error);
}

/* Inserts or updates a project with its labels and current guidelines. */
gboolean
limn_store_save_project (LimnStore    *self,
                         LimnProject  *project,
                         GError      **error)
{
  sqlite3_stmt *stmt;
  gint64 now = g_get_real_time ();

  g_return_val_if_fail (LIMN_IS_STORE (self), FALSE);
  g_return_val_if_fail (LIMN_IS_PROJECT (project), FALSE);

  if (!limn_store_begin (self, error))
    return FALSE;

  /* The guardrails live in the settings JSON (a team project's server
   * settings are kept there whole, limn_store_set_project_remote()). */
  stmt = limn_sqlite_prepare (self->sql,
                              "INSERT INTO projects (id, name, kind, source_path, "
                              "                      confidence_steps, created_us, updated_us, "
                              "                      settings) "
                              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
                              "        CASE WHEN ?8 IS NULL THEN '{}' "
                              "             ELSE json_object ('guardrails', json (?8)) END) "
                              "ON CONFLICT (id) DO UPDATE SET name = excluded.name, "
                              "  kind = excluded.kind, source_path = excluded.source_path, "
                              "  confidence_steps = excluded.confidence_steps, "
                              "  updated_us = excluded.updated_us, "
                              "  settings = CASE WHEN ?8 IS NULL "
                              "    THEN json_remove (iif (json_valid (settings), settings, '{}'), "
                              "                      '$.guardrails') "
                              "    ELSE json_set (iif (json_valid (settings), settings, '{}'), "
                              "                   '$.guardrails', json (?8)) END",
                              error);
  if (stmt == NULL)
    goto fail;

  limn_sqlite_bind_text (stmt, 1, limn_project_get_id (project));
  limn_sqlite_bind_text (stmt, 2, limn_project_get_name (project));
  limn_sqlite_bind_text (stmt, 3, limn_project_kind_to_string (limn_project_get_kind (project)));
  limn_sqlite_bind_text (stmt, 4, limn_project_get_source_path (project));
  sqlite3_bind_int (stmt, 5, limn_project_get_confidence_steps (project));
  sqlite3_bind_int64 (stmt, 6, now);
  sqlite3_bind_int64 (stmt, 7, now);
  limn_sqlite_bind_text (stmt, 8, limn_project_get_guardrails (project));

  if (!limn_sqlite_step_done (self->sql, stmt, error) ||
      !save_labels (self, project, error) ||
      !save_guidelines (self, project, error))
    goto fail;

  return limn_store_commit (self, error);

fail:
  limn_store_rollback (self);
  return FALSE;
}

/* A row the file cannot parse shows the default texts: better than no
 * project at all. */
static void
load_translations (const char *owner,
                   const char *json,
                   GHashTable *into)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) texts = limn_translations_from_json (json, &error);
  GHashTableIter iter;
  gpointer tag, text;

  if (texts == NULL)
    {
      g_warning ("%s: unreadable translations: %s", owner, error->message);
      return;
    }

  g_hash_table_iter_init (&iter, texts);
  while (g_hash_table_iter_next (&iter, &tag, &text))
    g_hash_table_insert (into, g_strdup (tag), g_strdup (text));
}

static gboolean
load_labels (LimnStore    *self,
             LimnProject  *project,
             GError      **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = limn_sqlite_prepare (self->sql,
                              "SELECT id, name, color, hotkey, description, retired_us, names, descriptions "
                              "FROM labels "
                              "WHERE project_id = ? ORDER BY position",
                              error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, limn_project_get_id (project));

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(LimnLabel) label = NULL;

      label = limn_label_new ((const char *)sqlite3_column_text (stmt, 0),
                              (const char *)sqlite3_column_text (stmt, 1),
                              (const char *)sqlite3_column_text (stmt, 2),
                              (const char *)sqlite3_column_text (stmt, 3));
      limn_label_set_description (label, (const char *)sqlite3_column_text (stmt, 4));
      limn_label_set_retired (label, sqlite3_column_type (stmt, 5) != SQLITE_NULL);
      load_translations (limn_label_get_id (label), (const char *)sqlite3_column_text (stmt, 6),
                         limn_label_get_names (label));
      load_translations (limn_label_get_id (label), (const char *)sqlite3_column_text (stmt, 7),
                         limn_label_get_descriptions (label));
      limn_project_add_label (project, label);
    }

  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    return limn_sqlite_set_error (self->sql, rc, error);

  return TRUE;
}

static gboolean
load_guidelines (LimnStore    *self,
                 LimnProject  *project,
                 GError      **error)
{
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (self->sql,
                              "SELECT version, body, translations FROM guidelines WHERE project_id = ? "
                              "ORDER BY version DESC LIMIT 1",
                              error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, limn_project_get_id (project));
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      limn_project_set_guidelines (project,
                                   sqlite3_column_int64 (stmt, 0),
                                   (const char *)sqlite3_column_text (stmt, 1));
      load_translations (limn_project_get_id (project),
                         (const char *)sqlite3_column_text (stmt, 2),
                         limn_project_get_guidelines_translations (project));
    }
  sqlite3_reset (stmt);

  return TRUE;
}

static LimnProject *
project_from_row (sqlite3_stmt *stmt)
{
  LimnProjectKind kind = LIMN_PROJECT_BOTH;
  LimnProject *project;

  limn_project_kind_from_string ((const char *)sqlite3_column_text (stmt, 2), &kind);
  project = limn_project_new ((const char *)sqlite3_column_text (stmt, 0),
                              (const char *)sqlite3_column_text (stmt, 1),
                              kind);
  limn_project_set_source_path (project, (const char *)sqlite3_column_text (stmt, 3));
  limn_project_set_confidence_steps (project, sqlite3_column_int (stmt, 4));
  limn_project_set_server_url (project, (const char *)sqlite3_column_text (stmt, 5));
  limn_project_set_guardrails (project, (const char *)sqlite3_column_text (stmt, 6));

  return project;
}

LimnProject *
limn_store_load_project (LimnStore   *self,
                         const char  *project_id,
                         GError     **error)
{
  g_autoptr(LimnProject) project = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (LIMN_IS_STORE (self), NULL);

  stmt = limn_sqlite_prepare (self->sql,
                              "SELECT id, name, kind, source_path, confidence_steps, server_url, "
                              "  iif (json_valid (settings), json_extract (settings, '$.guardrails'), NULL) "
                              "FROM projects WHERE id = ?",
                              error);
  if (stmt == NULL)
    return NULL;

  limn_sqlite_bind_text (stmt, 1, project_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    project = project_from_row (stmt);
  sqlite3_reset (stmt);

  if (project == NULL)
    {
      g_set_error (error, LIMN_STORE_ERROR, LIMN_STORE_ERROR_NOT_FOUND,
                   _("There is no project “%s” in this database."), project_id);
      return NULL;
    }

  if (!load_labels (self, project, error) ||
      !load_guidelines (self, project, error))
    return NULL;

  return g_steal_pointer (&project);
}

/**
 * limn_store_list_projects:
 *
 * Returns: (transfer full) (element-type LimnProject): projects, most
 *   recently updated first, with their labels
 */
GPtrArray *
limn_store_list_projects (LimnStore  *self,
                          GError    **error)
{
  g_autoptr(GPtrArray) projects = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (LIMN_IS_STORE (self), NULL);

  stmt = limn_sqlite_prepare (self->sql,
                              "SELECT id, name, kind, source_path, confidence_steps, server_url, "
                              "  iif (json_valid (settings), json_extract (settings, '$.guardrails'), NULL) "
                              "FROM projects ORDER BY updated_us DESC",
                              error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (projects, project_from_row (stmt));
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      limn_sqlite_set_error (self->sql, rc, error);
      return NULL;
    }

  for (guint i = 0; i < projects->len; i++)
    if (!load_labels (self, g_ptr_array_index (projects, i), error) ||
        !load_guidelines (self, g_ptr_array_index (projects, i), error))
      return NULL;

  return g_steal_pointer (&projects);
}

/* Tasks */

#define TASK_INSERT \
  "INSERT INTO tasks (id, project_id, position, kind, title, media_path, " \
  "  media_sha256, width, height, text, text_length, language, direction, " \
  "  created_us) " \
  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "

static void
bind_task (sqlite3_stmt *stmt,
           LimnTask     *task,
           const char   *text)
{
  limn_sqlite_bind_text (stmt, 1, limn_task_get_id (task));
  limn_sqlite_bind_text (stmt, 2, limn_task_get_project_id (task));
  sqlite3_bind_int64 (stmt, 3, limn_task_get_position (task));
  limn_sqlite_bind_text (stmt, 4, limn_task_get_kind (task) == LIMN_TASK_TEXT ? "text" : "image");
  limn_sqlite_bind_text (stmt, 5, limn_task_get_title (task));
  limn_sqlite_bind_text (stmt, 6, limn_task_get_media_path (task));
  limn_sqlite_bind_text (stmt, 7, limn_task_get_media_sha256 (task));
  if (limn_task_get_width (task) > 0)
    {
      sqlite3_bind_int (stmt, 8, limn_task_get_width (task));
      sqlite3_bind_int (stmt, 9, limn_task_get_height (task));
    }
  limn_sqlite_bind_text (stmt, 10, text);
  if (text != NULL)
    sqlite3_bind_int64 (stmt, 11, limn_task_get_text_length (task));
  limn_sqlite_bind_text (stmt, 12, limn_task_get_language (task));
  limn_sqlite_bind_text (stmt, 13, limn_text_direction_to_string (limn_task_get_direction (task)));
  sqlite3_bind_int64 (stmt, 14, g_get_real_time ());
}

/**
 * limn_store_save_task:
 * @text: (nullable): the document, for text tasks
 *
 * Inserts or updates a task. Annotations on it are kept.
 */
gboolean
limn_store_save_task (LimnStore   *self,
                      LimnTask    *task,
                      const char  *text,
                      GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (LIMN_IS_STORE (self), FALSE);
  g_return_val_if_fail (LIMN_IS_TASK (task), FALSE);

  stmt = limn_sqlite_prepare (self->sql,
                              TASK_INSERT
                              "ON CONFLICT (id) DO UPDATE SET position = excluded.position, "
                              "  title = excluded.title, media_path = excluded.media_path, "
                              "  media_sha256 = excluded.media_sha256, width = excluded.width, "
                              "  height = excluded.height, text = excluded.text, "
                              "  text_length = excluded.text_length, language = excluded.language, "
                              "  direction = excluded.direction",
                              error);
  if (stmt == NULL)
    return FALSE;

  bind_task (stmt, task, text);
  return limn_sqlite_step_done (self->sql, stmt, error);
}

/* As limn_store_save_task(); *@inserted says whether the row is new. A
 * new task row has nothing on it yet (foreign keys are on: no orphaned
 * annotation, suggestion or assignment can name it), which lets an import
 * skip looking for earlier work. */
gboolean
limn_store_insert_task (LimnStore   *self,
                        LimnTask    *task,
                        const char  *text,
                        gboolean    *inserted,
                        GError     **error)
{
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (self->sql, TASK_INSERT "ON CONFLICT (id) DO NOTHING", error);
  if (stmt == NULL)
    return FALSE;
  bind_task (stmt, task, text);
  if (!limn_sqlite_step_done (self->sql, stmt, error))
    return FALSE;

  *inserted = sqlite3_changes (limn_store_get_db (self)) > 0;
  return *inserted || limn_store_save_task (self, task, text, error);
}

/* Replaces a task's suggestions (a newer model run supersedes the old). */
gboolean
limn_store_save_suggestions (LimnStore   *self,
                             const char  *task_id,
                             GPtrArray   *suggestions,
                             GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (LIMN_IS_STORE (self), FALSE);

  if (!limn_store_begin (self, error))
    return FALSE;

  stmt = limn_sqlite_prepare (self->sql, "DELETE FROM pre_annotations WHERE task_id = ?", error);
  if (stmt == NULL)
    goto fail;
  limn_sqlite_bind_text (stmt, 1, task_id);
  if (!limn_sqlite_step_done (self->sql, stmt, error))
    goto fail;

  for (guint i = 0; suggestions != NULL && i < suggestions->len; i++)
    {
      const LimnRegion *r = g_ptr_array_index (suggestions, i);

      stmt = limn_sqlite_prepare (self->sql,
                                  "INSERT INTO pre_annotations (id, task_id, position, kind, label_id, "
                                  "  x, y, w, h, start_cp, end_cp, text, score, model_version) "
                                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                  error);
      if (stmt == NULL)
        goto fail;

      limn_sqlite_bind_text (stmt, 1, r->id);
      limn_sqlite_bind_text (stmt, 2, task_id);
      sqlite3_bind_int (stmt, 3, i);
      limn_sqlite_bind_text (stmt, 4, limn_region_kind_to_string (r->kind));
      limn_sqlite_bind_text (stmt, 5, r->label_id);
      if (r->kind == LIMN_REGION_BOX)
        {
          sqlite3_bind_double (stmt, 6, r->box.x);
          sqlite3_bind_double (stmt, 7, r->box.y);
          sqlite3_bind_double (stmt, 8, r->box.w);
          sqlite3_bind_double (stmt, 9, r->box.h);
        }
      else
        {
          sqlite3_bind_int64 (stmt, 10, r->start);
          sqlite3_bind_int64 (stmt, 11, r->end);
          limn_sqlite_bind_text (stmt, 12, r->text);
        }
      limn_store_bind_double_or_null (stmt, 13, r->score);
      limn_sqlite_bind_text (stmt, 14, r->model_version);

      if (!limn_sqlite_step_done (self->sql, stmt, error))
        goto fail;
    }

  return limn_store_commit (self, error);

fail:
  limn_store_rollback (self);
  return FALSE;
}

static LimnTaskStatus
status_from_assignment (const char *status)
{
  LimnTaskStatus task_status = LIMN_TASK_STATUS_NEW;

  /* 'assigned' and 'expired' are new to the annotator. */
  if (g_strcmp0 (status, "assigned") == 0 || g_strcmp0 (status, "expired") == 0)
    return LIMN_TASK_STATUS_NEW;
  limn_task_status_from_string (status, &task_status);

  return task_status;
}

/* A rework lease stays "needs rework" while the annotator edits it, until
 * the next revision is submitted. */
#define REWORK_STATUS \
  "CASE WHEN a.rework = 1 AND a.status IN ('assigned', 'in_progress') THEN 'needs_rework' " \
  "ELSE a.status END"

#define TASK_COLUMNS \
  "t.id, t.project_id, t.kind, t.position, t.title, t.media_path, t.media_sha256, " \
  "t.width, t.height, t.text_length, t.language, t.direction, " \
  "(SELECT " REWORK_STATUS " FROM assignments a WHERE a.task_id = t.id AND a.annotator = ?1), " \
  "EXISTS (SELECT 1 FROM flags f WHERE f.task_id = t.id AND f.annotator = ?1 AND f.state = 'open'), " \
  "(SELECT n.region_count FROM annotations n WHERE n.task_id = t.id AND n.annotator = ?1 " \
  "   ORDER BY n.revision DESC LIMIT 1), " \
  "EXISTS (SELECT 1 FROM annotations c WHERE c.task_id = t.id AND c.annotator = ?1 " \
  "   AND (c.state = 'conflicted' OR c.sync_status = 'conflict')), " \
  "EXISTS (SELECT 1 FROM annotations u WHERE u.task_id = t.id AND u.annotator = ?1 " \
  "   AND u.sync_status = 'pending') "

static LimnTask *
task_from_row (sqlite3_stmt *stmt)
{
  LimnTask *task;

  task = limn_task_new ((const char *)sqlite3_column_text (stmt, 0),
                        (const char *)sqlite3_column_text (stmt, 1),
                        g_strcmp0 ((const char *)sqlite3_column_text (stmt, 2), "text") == 0
                          ? LIMN_TASK_TEXT : LIMN_TASK_IMAGE,
                        sqlite3_column_int64 (stmt, 3),
                        (const char *)sqlite3_column_text (stmt, 4));
  limn_task_set_media_path (task, (const char *)sqlite3_column_text (stmt, 5));
  limn_task_set_media_sha256 (task, (const char *)sqlite3_column_text (stmt, 6));
  limn_task_set_size (task, sqlite3_column_int (stmt, 7), sqlite3_column_int (stmt, 8));
  limn_task_set_text_length (task, sqlite3_column_int64 (stmt, 9));
  limn_task_set_language (task, (const char *)sqlite3_column_text (stmt, 10),
                          limn_text_direction_from_string ((const char *)sqlite3_column_text (stmt, 11)));
  limn_task_set_status (task, status_from_assignment ((const char *)sqlite3_column_text (stmt, 12)));
  limn_task_set_flagged (task, sqlite3_column_int (stmt, 13) != 0);
  limn_task_set_n_regions (task, sqlite3_column_int (stmt, 14));
  limn_task_set_conflicted (task, sqlite3_column_int (stmt, 15) != 0);
  limn_task_set_unsent (task, sqlite3_column_int (stmt, 16) != 0);

  return task;
}

/**
 * limn_store_list_tasks:
 * @annotator: whose status, flags and region counts to report
 *
 * A remote project's tasks are those @annotator leased (a reviewer's
 * review items store their tasks too, for the review page only). Tasks
 * sent back for rework come first, then all in the project's order.
 *
 * Returns: (transfer full) (element-type LimnTask): the project's tasks in order
 */
GPtrArray *
limn_store_list_tasks (LimnStore   *self,
                       const char  *project_id,
                       const char  *annotator,
                       GError     **error)
{
  g_autoptr(GPtrArray) tasks = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (LIMN_IS_STORE (self), NULL);

  stmt = limn_sqlite_prepare (self->sql,
                              "SELECT " TASK_COLUMNS ", EXISTS (SELECT 1 FROM assignments a "
                              "  WHERE a.task_id = t.id AND a.annotator = ?1 "
                              "    AND (" REWORK_STATUS ") = 'needs_rework') AS rework "
                              "FROM tasks t JOIN projects p ON p.id = t.project_id "
                              "WHERE t.project_id = ?2 AND (p.server_url IS NULL OR EXISTS ("
                              "  SELECT 1 FROM assignments a WHERE a.task_id = t.id AND a.annotator = ?1)) "
                              "ORDER BY rework DESC, t.position",
                              error);
  if (stmt == NULL)
    return NULL;

  limn_sqlite_bind_text (stmt, 1, annotator);
  limn_sqlite_bind_text (stmt, 2, project_id);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (tasks, task_from_row (stmt));
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      limn_sqlite_set_error (self->sql, rc, error);
      return NULL;
    }

  return g_steal_pointer (&tasks);
}

LimnTask *
limn_store_load_task (LimnStore   *self,
                      const char  *task_id,
                      const char  *annotator,
                      GError     **error)
{
  LimnTask *task = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (LIMN_IS_STORE (self), NULL);

  stmt = limn_sqlite_prepare (self->sql, "SELECT " TASK_COLUMNS "FROM tasks t WHERE t.id = ?2",
                              error);
  if (stmt == NULL)
    return NULL;

  limn_sqlite_bind_text (stmt, 1, annotator);
  limn_sqlite_bind_text (stmt, 2, task_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    task = task_from_row (stmt);
  sqlite3_reset (stmt);

  if (task == NULL)
    g_set_error (error, LIMN_STORE_ERROR, LIMN_STORE_ERROR_NOT_FOUND,
                 _("There is no task “%s” in this database."), task_id);

  return task;
}

guint
limn_store_count_tasks (LimnStore   *self,
                        const char  *project_id,
                        GError     **error)
{
  sqlite3_stmt *stmt;
  guint n = 0;

  stmt = limn_sqlite_prepare (self->sql, "SELECT COUNT(*) FROM tasks WHERE project_id = ?", error);
  if (stmt == NULL)
    return 0;

  limn_sqlite_bind_text (stmt, 1, project_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);

  return n;
}

char *
limn_store_load_task_text (LimnStore   *self,
                           const char  *task_id,
                           GError     **error)
{
  sqlite3_stmt *stmt;
  char *text = NULL;
  gboolean found = FALSE;

  g_return_val_if_fail (LIMN_IS_STORE (self), NULL);

  stmt = limn_sqlite_prepare (self->sql, "SELECT text FROM tasks WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;

  limn_sqlite_bind_text (stmt, 1, task_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      found = TRUE;
      text = limn_sqlite_column_dup (stmt, 0);
    }
  sqlite3_reset (stmt);

  if (!found)
    g_set_error (error, LIMN_STORE_ERROR, LIMN_STORE_ERROR_NOT_FOUND,
                 _("There is no task “%s” in this database."), task_id);
  else if (text == NULL)
    text = g_strdup ("");

  return text;
}

/**
 * limn_store_load_suggestions:
 *
 * Returns: (transfer full) (element-type LimnRegion): the task's model
 *   suggestions, as regions with source MODEL
 */
GPtrArray *
limn_store_load_suggestions (LimnStore   *self,
                             const char  *task_id,
                             GError     **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_region_unref);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (LIMN_IS_STORE (self), NULL);

  stmt = limn_sqlite_prepare (self->sql,
                              "SELECT id, kind, label_id, x, y, w, h, start_cp, end_cp, text, score, "
                              "  model_version FROM pre_annotations WHERE task_id = ? ORDER BY position",
                              error);
  if (stmt == NULL)
    return NULL;

  limn_sqlite_bind_text (stmt, 1, task_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *id = (const char *)sqlite3_column_text (stmt, 0);
      const char *label = (const char *)sqlite3_column_text (stmt, 2);
      LimnRegion *region;

      if (g_strcmp0 ((const char *)sqlite3_column_text (stmt, 1), "span") == 0)
        region = limn_region_new_span (id, label,
                                       sqlite3_column_int64 (stmt, 7),
                                       sqlite3_column_int64 (stmt, 8),
                                       (const char *)sqlite3_column_text (stmt, 9));
      else
        {
          LimnBox box = {
            sqlite3_column_double (stmt, 3), sqlite3_column_double (stmt, 4),
            sqlite3_column_double (stmt, 5), sqlite3_column_double (stmt, 6),
          };
          region = limn_region_new_box (id, label, &box);
        }

      limn_region_set_model (region,
                             sqlite3_column_type (stmt, 10) == SQLITE_NULL
                               ? LIMN_SCORE_UNSET : sqlite3_column_double (stmt, 10),
                             (const char *)sqlite3_column_text (stmt, 11),
                             NULL);
      g_ptr_array_add (out, region);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      limn_sqlite_set_error (self->sql, rc, error);
      return NULL;
    }

  return g_steal_pointer (&out);
}
