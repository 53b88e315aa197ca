/* limn-store-import-stream.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "limn-store-import-private.h"
#include "limn-store-import-stream.h"
#include "limn-store-private.h"

typedef struct
{
  LimnStore          *store;
  const LimnFormat   *format;
  const char         *project_id;   /* NULL: a new project */
  LimnFormatProblems *problems;
  LimnImportInto      into;
  gboolean            opened;
  gint64              last_rowid;   /* of the tasks before the import */
  GPtrArray          *deferred;     /* the CREATE INDEX of each index dropped */
} Stream;

/* Secondary indexes nothing reads while an import runs (the import looks
 * tasks up by id and revisions by task, annotator and revision), each one
 * more random B-tree insert per row. Once the import has made more tasks
 * than the store held before, they are dropped and built again, sorted,
 * from their own CREATE INDEX before the commit: the same indexes, in the
 * same transaction, at a cost bounded by the import's own rows. */
#define INDEX_SORT_KIB 4096

static const char * const deferrable[] = {
  "tasks_by_project",
  "annotations_by_annotator",
  "regions_labels",
};

static gboolean
indexes_defer (LimnStore  *store,
               GPtrArray  *deferred,
               GError    **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (deferrable); i++)
    {
      sqlite3_stmt *stmt = limn_sqlite_prepare (store->sql,
                                                "SELECT sql FROM main.sqlite_schema "
                                                "WHERE type = 'index' AND name = ?",
                                                error);
      g_autofree char *create = NULL;
      g_autofree char *drop = NULL;
      int rc;

      if (stmt == NULL)
        return FALSE;
      limn_sqlite_bind_text (stmt, 1, deferrable[i]);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        create = limn_sqlite_column_dup (stmt, 0);
      sqlite3_reset (stmt);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return limn_sqlite_set_error (store->sql, rc, error);
      if (create == NULL)
        continue;

      /* Names from the fixed list above. */
      drop = g_strconcat ("DROP INDEX main.", deferrable[i], NULL);
      if (!limn_sqlite_exec (store->sql, drop, error))
        return FALSE;
      g_ptr_array_add (deferred, g_steal_pointer (&create));
    }

  return TRUE;
}

static gboolean
indexes_build (LimnStore  *store,
               GPtrArray  *deferred,
               GError    **error)
{
  /* SQLite's sorter takes as much memory as the page cache may: with the
   * import's 32 MiB cache still full, building an index would double the
   * import's memory. The cache's pages go to the WAL first (they are
   * written there at the commit anyway). */
  if (!limn_sqlite_exec (store->sql,
                         "PRAGMA main.cache_size = -" G_STRINGIFY (INDEX_SORT_KIB), error))
    return FALSE;

  for (guint i = 0; i < deferred->len; i++)
    if (!limn_sqlite_exec (store->sql, g_ptr_array_index (deferred, i), error))
      return FALSE;

  g_ptr_array_set_size (deferred, 0);
  return TRUE;
}

/* A stream may hand over one item's records apart, and remembering the
 * tasks it made in memory would grow with the file. The tasks table says
 * it: a row this import inserted has a rowid past the largest before it
 * (no task is deleted meanwhile). Only ids that were already in the store
 * (another project's task) are noted, in a temporary table. */
static gboolean
seen_reset (LimnStore  *store,
            gint64     *last_rowid,
            GError    **error)
{
  sqlite3_stmt *stmt;

  if (!limn_sqlite_exec (store->sql,
                         "CREATE TEMP TABLE IF NOT EXISTS import_seen "
                         "  (task_id TEXT PRIMARY KEY) WITHOUT ROWID", error) ||
      !limn_sqlite_exec (store->sql, "DELETE FROM temp.import_seen", error))
    return FALSE;

  stmt = limn_sqlite_prepare (store->sql, "SELECT IFNULL (MAX (rowid), 0) FROM tasks", error);
  return stmt != NULL && limn_sqlite_query_int (store->sql, stmt, last_rowid, error);
}

/* Pages of the store the import keeps in memory (32 MiB): the tasks,
 * annotations and regions go in by random ids, so every insert lands on
 * another page of each index; with SQLite's default 2 MiB most of them
 * were spilled to the WAL and read back, over and over. A fixed size:
 * memory stays bounded. */
#define IMPORT_CACHE_KIB 32768

static gboolean
cache_grow (LimnStore  *store,
            gint64     *old,
            GError    **error)
{
  sqlite3_stmt *stmt = limn_sqlite_prepare (store->sql, "PRAGMA main.cache_size", error);

  if (stmt == NULL || !limn_sqlite_query_int (store->sql, stmt, old, error))
    return FALSE;

  return limn_sqlite_exec (store->sql,
                           "PRAGMA main.cache_size = -" G_STRINGIFY (IMPORT_CACHE_KIB), error);
}

static void
cache_restore (LimnStore *store,
               gint64     pages)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA main.cache_size = %" G_GINT64_FORMAT, pages);

  /* Only the memory it holds: a failure changes nothing stored. */
  limn_sqlite_exec (store->sql, sql, NULL);
}

static gboolean
seen_first (LimnStore   *store,
            gpointer     data,
            const char  *task_id,
            gboolean    *first,
            GError     **error)
{
  Stream *s = data;
  sqlite3_stmt *stmt = limn_sqlite_prepare (store->sql, "SELECT rowid FROM tasks WHERE id = ?",
                                            error);
  gint64 rowid = 0;
  int rc;

  if (stmt == NULL)
    return FALSE;
  limn_sqlite_bind_text (stmt, 1, task_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    rowid = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return limn_sqlite_set_error (store->sql, rc, error);

  if (rc == SQLITE_DONE || rowid > s->last_rowid)
    {
      /* Not there: its first record (an item left out, such as a missing
       * image, is not there either, and is left out again). */
      *first = rc == SQLITE_DONE;
      return TRUE;
    }

  stmt = limn_sqlite_prepare (store->sql,
                              "INSERT OR IGNORE INTO temp.import_seen (task_id) VALUES (?)",
                              error);
  if (stmt == NULL)
    return FALSE;
  limn_sqlite_bind_text (stmt, 1, task_id);
  if (!limn_sqlite_step_done (store->sql, stmt, error))
    return FALSE;

  *first = sqlite3_changes (limn_store_get_db (store)) > 0;
  return TRUE;
}

/* The project, made (or loaded) when the first item arrives: a format
 * read whole sets the dataset's attributes before it hands anything over. */
static gboolean
stream_open (Stream       *s,
             LimnDataset  *dataset,
             GError      **error)
{
  g_autoptr(LimnProject) project = NULL;

  if (s->project_id != NULL)
    {
      project = limn_store_load_project (s->store, s->project_id, error);
      if (project == NULL)
        return FALSE;
    }
  else
    {
      /* A format of one kind makes a project of that kind, whatever its
       * first records are. */
      if (limn_dataset_get_attr (dataset, "kind") == NULL && s->format->kind != 0 &&
          s->format->kind != (LIMN_FORMAT_IMAGES | LIMN_FORMAT_TEXTS))
        limn_dataset_set_attr (dataset, "kind",
                               limn_project_kind_to_string (s->format->kind == LIMN_FORMAT_IMAGES
                                                            ? LIMN_PROJECT_IMAGE
                                                            : LIMN_PROJECT_TEXT));
      project = limn_store_import_make_project (dataset);
      if (!limn_store_save_project (s->store, project, error))
        return FALSE;
    }

  if (!limn_import_into_open (&s->into, s->store, project, s->problems, error))
    return FALSE;
  s->into.own_ids = s->project_id == NULL;
  s->into.seen = seen_first;
  s->into.seen_data = s;
  s->opened = TRUE;

  return TRUE;
}

static gboolean
stream_sink (LimnDataset      *dataset,
             LimnDatasetItem  *item,
             gpointer          user_data,
             GError          **error)
{
  Stream *s = user_data;

  if (!s->opened && !stream_open (s, dataset, error))
    return FALSE;

  /* Labels as they appear, by the read's policy (added, or their
   * regions skipped by the reader). */
  if (!limn_import_into_map_labels (&s->into, dataset, error) ||
      !limn_import_into_item (&s->into, item, error))
    return FALSE;

  if (s->deferred == NULL && (gint64) s->into.report.added > s->last_rowid)
    {
      s->deferred = g_ptr_array_new_with_free_func (g_free);
      return indexes_defer (s->store, s->deferred, error);
    }

  return TRUE;
}

/**
 * limn_store_import_stream:
 * @options: (nullable): how to read @path; its progress callback, if any,
 *   is called on this thread
 * @labels: (nullable): the label set to start from (with
 *   %LIMN_FORMAT_LABELS_SKIP in @options, the only labels kept)
 * @project_id: (nullable): the local project to add to
 *   (limn_store_import_into()); %NULL makes a new one, named after the
 *   file unless the format names it, with the annotations as submitted
 *   revisions (limn_store_import_labeled())
 * @report: (nullable): what was matched, added and skipped
 * @problems: (nullable): the read's problems, and the items left out
 *
 * Reads @path with @format straight into the store, item by item, in one
 * transaction; memory stays bounded by the reader's (one record for the
 * JSON Lines formats), not the file. A record of an item that an earlier
 * record made a task of adds its work to that task. A new image that is
 * not on this computer is skipped and reported, not fatal. On any error,
 * or when @cancellable is cancelled before the commit, nothing is written.
 *
 * Returns: (transfer full): the project as stored
 */
LimnProject *
limn_store_import_stream (LimnStore                    *store,
                          const LimnFormat             *format,
                          const char                   *path,
                          const LimnFormatReadOptions  *options,
                          const char * const           *labels,
                          const char                   *project_id,
                          LimnImportReport             *report,
                          LimnFormatProblems           *problems,
                          GCancellable                 *cancellable,
                          GError                      **error)
{
  g_autoptr(LimnDataset) dataset = limn_dataset_new ();
  g_autoptr(LimnFormatProblems) own_problems = NULL;
  g_autoptr(LimnProject) project = NULL;
  Stream s = { 0 };
  gint64 cache_pages = 0;

  g_return_val_if_fail (LIMN_IS_STORE (store), NULL);
  g_return_val_if_fail (format != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);

  if (problems == NULL)
    problems = own_problems = limn_format_problems_new ();

  for (guint i = 0; labels != NULL && labels[i] != NULL; i++)
    limn_dataset_add_label (dataset, labels[i], NULL, NULL);

  /* What the new project is called and where it came from, when the
   * format does not say. */
  if (project_id == NULL)
    {
      g_autofree char *name = g_filename_display_basename (path);
      char *dot = strrchr (name, '.');

      if (dot != NULL && dot != name)
        *dot = '\0';
      limn_dataset_set_attr (dataset, "name", name);
      limn_dataset_set_attr (dataset, "source", path);
    }

  s.store = store;
  s.format = format;
  s.project_id = project_id;
  s.problems = problems;

  if (!limn_store_begin (store, error))
    return NULL;
  /* Any error rolls everything back: per-item savepoints would only
   * copy each page they touch into a statement journal. */
  limn_sqlite_flatten_nested (store->sql);
  if (!cache_grow (store, &cache_pages, error))
    goto fail;
  if (!seen_reset (store, &s.last_rowid, error))
    goto fail;

  limn_dataset_set_sink (dataset, stream_sink, &s);
  if (!limn_format_read (format, path, dataset, options, problems, cancellable, error))
    goto fail;

  if (!s.opened && project_id == NULL)
    {
      g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_NO_TASKS,
                   _("There is nothing to label: no images or texts."));
      goto fail;
    }
  if (!s.opened && !stream_open (&s, dataset, error))
    goto fail;
  if (limn_dataset_get_n_labels (dataset) == 0 && project_id == NULL)
    {
      g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_NO_LABELS,
                   _("Add at least one label: annotators need something to label with."));
      goto fail;
    }
  /* Labels the reader added after the last item (a label set with unused labels). */
  if (!limn_import_into_map_labels (&s.into, dataset, error))
    goto fail;
  if (project_id == NULL && s.into.report.added + s.into.report.matched == 0)
    {
      g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_NO_TASKS,
                   _("There is nothing to label: every item was left out (see the problems)."));
      goto fail;
    }
  /* Cancelled after the last record: still nothing written. */
  if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
      !limn_sqlite_exec (store->sql, "DELETE FROM temp.import_seen", error) ||
      (s.deferred != NULL && !indexes_build (store, s.deferred, error)))
    goto fail;
  if (!limn_store_commit (store, error))
    {
      cache_restore (store, cache_pages);
      limn_import_into_clear (&s.into);
      g_clear_pointer (&s.deferred, g_ptr_array_unref);
      return NULL;
    }
  cache_restore (store, cache_pages);
  g_clear_pointer (&s.deferred, g_ptr_array_unref);

  if (report != NULL)
    *report = s.into.report;
  project = g_object_ref (s.into.project);
  limn_import_into_clear (&s.into);
  return g_steal_pointer (&project);

fail:
  limn_import_into_clear (&s.into);
  /* The rollback brings back any index dropped. */
  limn_store_rollback (store);
  g_clear_pointer (&s.deferred, g_ptr_array_unref);
  if (cache_pages != 0)
    cache_restore (store, cache_pages);
  return NULL;
}
