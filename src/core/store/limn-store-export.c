/* limn-store-export.c
 *
 * A project read into a dataset in one read transaction, task by task (so
 * a cancel or a progress report comes between tasks), and the async calls
 * that do it, and the writing, on a thread with a connection of its own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-store"

#include "config.h"

#include <inttypes.h>

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "formats/limn-consensus.h"
#include "formats/limn-provenance.h"
#include "limn-store-export.h"
#include "limn-store-private.h"

void
limn_export_options_init (LimnExportOptions *options)
{
  g_return_if_fail (options != NULL);

  *options = (LimnExportOptions) {
    .work = LIMN_EXPORT_ALL,
    .annotator = NULL,
    .suggestions = TRUE,
    .provenance = TRUE,
    .min_iou = 0.5,
    .consensus = LIMN_TRUTH_MAJORITY_VOTE,
  };
}

/* One submitted revision, as chosen for the export. */
typedef struct
{
  LimnAnnotation *annotation;
  char           *reviewer;    /* who accepted it, or whose correction it is */
} Revision;

static void
revision_free (gpointer data)
{
  Revision *r = data;

  g_clear_pointer (&r->annotation, limn_annotation_unref);
  g_free (r->reviewer);
  g_free (r);
}

typedef struct
{
  LimnStore          *store;
  LimnDataset        *dataset;
  const LimnExportOptions *options;
  GHashTable         *labels;      /* label id → index + 1 */
  LimnConsensus      *consensus;   /* LIMN_EXPORT_CONSENSUS */
  guint64             n_unknown;   /* regions whose label is not the project's */
} Export;

static int
label_index (Export     *e,
             const char *label_id)
{
  gpointer v = label_id ? g_hash_table_lookup (e->labels, label_id) : NULL;

  if (v == NULL)
    {
      e->n_unknown++;
      return -1;
    }

  return GPOINTER_TO_INT (v) - 1;
}

/* The latest submitted revision of each annotator of @task_id (only
 * @annotator's when given), with the reviewer who accepted it or whose
 * correction it is. */
static GPtrArray *
load_revisions (Export      *e,
                const char  *task_id,
                const char  *annotator,
                GError     **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (revision_free);
  LimnSqlite *sql = e->store->sql;
  sqlite3_stmt *stmt;
  int rc;

  stmt = limn_sqlite_prepare (sql,
                              "SELECT a.id, "
                              "  (SELECT r.reviewer FROM reviews r "
                              "   WHERE (r.annotation_id = a.id AND r.verdict = 'accept') "
                              "      OR r.correction_id = a.id "
                              "   ORDER BY r.created_us DESC LIMIT 1) "
                              "FROM annotations a "
                              "WHERE a.task_id = ?1 AND a.state = 'submitted' "
                              "  AND (?2 IS NULL OR a.annotator = ?2) "
                              "  AND a.revision = (SELECT MAX (b.revision) FROM annotations b "
                              "                    WHERE b.task_id = a.task_id "
                              "                      AND b.annotator = a.annotator "
                              "                      AND b.state = 'submitted') "
                              "ORDER BY a.annotator",
                              error);
  if (stmt == NULL)
    return NULL;

  limn_sqlite_bind_text (stmt, 1, task_id);
  limn_sqlite_bind_text (stmt, 2, annotator);

  /* Ids first: loading a revision reuses prepared statements. */
  {
    g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GPtrArray) reviewers = g_ptr_array_new_with_free_func (g_free);

    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        g_ptr_array_add (ids, limn_sqlite_column_dup (stmt, 0));
        g_ptr_array_add (reviewers, limn_sqlite_column_dup (stmt, 1));
      }
    sqlite3_reset (stmt);
    if (rc != SQLITE_DONE)
      {
        limn_sqlite_set_error (sql, rc, error);
        return NULL;
      }

    for (guint i = 0; i < ids->len; i++)
      {
        Revision *r;
        LimnAnnotation *a = limn_store_load_annotation (e->store, g_ptr_array_index (ids, i), error);

        if (a == NULL)
          return NULL;
        r = g_new0 (Revision, 1);
        r->annotation = a;
        r->reviewer = g_strdup (g_ptr_array_index (reviewers, i));
        g_ptr_array_add (out, r);
      }
  }

  return g_steal_pointer (&out);
}

static LimnDatasetRegion *
add_region (Export                *e,
            LimnDatasetAnnotation *set,
            const LimnRegion      *region)
{
  int label = label_index (e, region->label_id);

  return label < 0 ? NULL : limn_dataset_annotation_add_region (set, label, region);
}

static void
add_revision (Export          *e,
              LimnDatasetItem *item,
              const Revision  *rev)
{
  LimnDatasetAnnotation *set = limn_dataset_item_annotation (item, rev->annotation->annotator);
  LimnProvenance provenance = {
    rev->annotation->annotator, rev->annotation->submitted_us,
    rev->annotation->guideline_version, rev->reviewer,
  };

  for (guint i = 0; i < rev->annotation->regions->len; i++)
    {
      const LimnRegion *region = g_ptr_array_index (rev->annotation->regions, i);
      LimnDatasetRegion *d = add_region (e, set, region);

      if (d != NULL && e->options->provenance)
        limn_provenance_set (d, &provenance, region);
    }
}

/* The item's objects for the consensus (limn-consensus.h); labels are
 * chosen once every item is read. As on the server, an item gets a
 * consensus annotation only when something is kept, and each annotator's
 * guideline version goes with their work. */
static gboolean
add_consensus (Export           *e,
               LimnDatasetItem  *item,
               GPtrArray        *revisions,
               GError          **error)
{
  g_autofree LimnConsensusWork *work = g_new0 (LimnConsensusWork, revisions->len + 1);

  if (revisions->len == 0 || limn_dataset_get_n_labels (e->dataset) == 0)
    return TRUE;

  for (guint k = 0; k < revisions->len; k++)
    {
      const LimnAnnotation *a = ((Revision *) g_ptr_array_index (revisions, k))->annotation;

      work[k].annotator = a->annotator;
      work[k].guideline_version = a->guideline_version;
      work[k].regions = a->regions;
      /* Counted for the debug line only: the consensus leaves them out. */
      for (guint i = 0; i < a->regions->len; i++)
        label_index (e, ((LimnRegion *) g_ptr_array_index (a->regions, i))->label_id);
    }

  return limn_consensus_add_item (e->consensus, item, work, revisions->len, error);
}

/* Suggestions, one set per model version. */
static gboolean
add_suggestions (Export           *e,
                 LimnDatasetItem  *item,
                 const char       *task_id,
                 GError          **error)
{
  g_autoptr(GPtrArray) regions = limn_store_load_suggestions (e->store, task_id, error);

  if (regions == NULL)
    return FALSE;

  for (guint i = 0; i < regions->len; i++)
    {
      const LimnRegion *r = g_ptr_array_index (regions, i);
      LimnDatasetAnnotation *set = limn_dataset_item_suggestion (item, NULL, r->model_version);
      LimnDatasetRegion *d = add_region (e, set, r);

      if (d == NULL)
        continue;
      d->score = r->score;
      if (e->options->provenance && r->model_version != NULL)
        limn_attrs_set (&d->attrs, "provenance:model_version", r->model_version);
    }

  return TRUE;
}

static gboolean
add_task (Export        *e,
          sqlite3_stmt  *row,
          GError       **error)
{
  const char *id = (const char *) sqlite3_column_text (row, 0);
  const char *kind = (const char *) sqlite3_column_text (row, 1);
  const char *title = (const char *) sqlite3_column_text (row, 2);
  const char *annotator = e->options->work == LIMN_EXPORT_ANNOTATOR ? e->options->annotator : NULL;
  g_autoptr(GPtrArray) revisions = NULL;
  LimnDatasetItem *item;

  if (g_strcmp0 (kind, "text") == 0)
    {
      item = limn_dataset_add_text (e->dataset, id, (const char *) sqlite3_column_text (row, 6));
      limn_attrs_set (&item->attrs, "language", (const char *) sqlite3_column_text (row, 7));
      limn_attrs_set (&item->attrs, "direction", (const char *) sqlite3_column_text (row, 8));
    }
  else
    {
      const char *path = (const char *) sqlite3_column_text (row, 3);
      g_autofree char *name = path ? g_path_get_basename (path) : g_strdup (title);

      item = limn_dataset_add_image (e->dataset, name, path,
                                     sqlite3_column_int (row, 4), sqlite3_column_int (row, 5));
    }
  limn_attrs_set (&item->attrs, "id", id);

  revisions = load_revisions (e, id, annotator, error);
  if (revisions == NULL)
    return FALSE;

  if (e->options->work == LIMN_EXPORT_CONSENSUS)
    {
      if (!add_consensus (e, item, revisions, error))
        return FALSE;
    }
  else
    for (guint i = 0; i < revisions->len; i++)
      {
        const Revision *rev = g_ptr_array_index (revisions, i);

        if (e->options->work != LIMN_EXPORT_ACCEPTED || rev->reviewer != NULL)
          add_revision (e, item, rev);
      }

  return !e->options->suggestions || add_suggestions (e, item, id, error);
}

static void
add_labels (Export      *e,
            LimnProject *project)
{
  GListModel *labels = limn_project_get_labels (project);

  for (guint i = 0; i < g_list_model_get_n_items (labels); i++)
    {
      g_autoptr(LimnLabel) label = g_list_model_get_item (labels, i);
      guint index = limn_dataset_add_label (e->dataset, limn_label_get_name (label), NULL,
                                            limn_label_get_color (label));
      LimnDatasetLabel *d = limn_dataset_edit_label (e->dataset, index);
      const char *description = limn_label_get_description (label);

      limn_attrs_set (&d->attrs, "hotkey", limn_label_get_hotkey (label));
      if (description != NULL && description[0] != '\0')
        limn_attrs_set (&d->attrs, "description", description);
      g_hash_table_insert (e->labels, g_strdup (limn_label_get_id (label)),
                           GINT_TO_POINTER (index + 1));
      limn_consensus_map_label (e->consensus, limn_label_get_id (label), index);
    }
}

static void
set_project_attrs (LimnDataset *dataset,
                   LimnProject *project)
{
  g_autofree char *steps = g_strdup_printf ("%u", limn_project_get_confidence_steps (project));
  const char *guidelines = limn_project_get_guidelines (project);

  limn_dataset_set_attr (dataset, "id", limn_project_get_id (project));
  limn_dataset_set_attr (dataset, "name", limn_project_get_name (project));
  limn_dataset_set_attr (dataset, "kind", limn_project_kind_to_string (limn_project_get_kind (project)));
  limn_dataset_set_attr (dataset, "confidence_steps", steps);
  if (guidelines != NULL && guidelines[0] != '\0')
    limn_dataset_set_attr (dataset, "guidelines", guidelines);
  if (limn_project_get_guardrails (project) != NULL)
    limn_dataset_set_attr (dataset, "guardrails", limn_project_get_guardrails (project));
}

static gboolean
read_tasks (Export              *e,
            const char          *project_id,
            LimnExportProgress   progress,
            gpointer             user_data,
            GCancellable        *cancellable,
            GError             **error)
{
  LimnSqlite *sql = e->store->sql;
  sqlite3_stmt *stmt;
  gint64 total = 0;
  guint done = 0;
  int rc;

  stmt = limn_sqlite_prepare (sql, "SELECT COUNT(*) FROM tasks WHERE project_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  limn_sqlite_bind_text (stmt, 1, project_id);
  if (!limn_sqlite_query_int (sql, stmt, &total, error))
    return FALSE;

  /* Its own statement, not the cache's: the loop below runs others. */
  rc = sqlite3_prepare_v2 (limn_store_get_db (e->store),
                           "SELECT id, kind, title, media_path, width, height, text, language, "
                           "  direction FROM tasks WHERE project_id = ? ORDER BY position",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return limn_sqlite_set_error (sql, rc, error);

  limn_sqlite_bind_text (stmt, 1, project_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
          !add_task (e, stmt, error))
        {
          sqlite3_finalize (stmt);
          return FALSE;
        }
      if (progress != NULL)
        progress (++done, total, user_data);
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    return limn_sqlite_set_error (sql, rc, error);

  return TRUE;
}

/**
 * limn_store_export_dataset:
 * @options: (nullable): the defaults (limn_export_options_init()) if %NULL
 *
 * Returns: (transfer full): the project as a dataset, or %NULL with @error
 */
LimnDataset *
limn_store_export_dataset (LimnStore                *store,
                           const char               *project_id,
                           const LimnExportOptions  *options,
                           LimnExportProgress        progress,
                           gpointer                  user_data,
                           GCancellable             *cancellable,
                           GError                  **error)
{
  g_autoptr(LimnDataset) dataset = limn_dataset_new ();
  g_autoptr(GHashTable) labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(LimnConsensus) consensus = NULL;
  g_autoptr(LimnProject) project = NULL;
  LimnConsensusOptions consensus_options;
  LimnExportOptions defaults;
  Export e = { 0 };
  gboolean ok;

  g_return_val_if_fail (LIMN_IS_STORE (store), NULL);
  g_return_val_if_fail (project_id != NULL, NULL);

  if (options == NULL)
    {
      limn_export_options_init (&defaults);
      options = &defaults;
    }
  if (options->work == LIMN_EXPORT_ANNOTATOR && options->annotator == NULL)
    {
      g_set_error_literal (error, LIMN_STORE_ERROR, LIMN_STORE_ERROR_INVALID,
                           _("Choose whose work to export."));
      return NULL;
    }

  /* A reader's snapshot, without the write lock the store's writer
   * thread needs. */
  if (!limn_sqlite_begin (store->sql, FALSE, error))
    return NULL;

  project = limn_store_load_project (store, project_id, error);
  if (project == NULL)
    {
      limn_sqlite_rollback (store->sql);
      return NULL;
    }

  e.store = store;
  e.dataset = dataset;
  e.options = options;
  e.labels = labels;
  /* The seed is fixed: the same project exports the same labels every
   * time. */
  limn_consensus_options_init (&consensus_options);
  consensus_options.method = options->consensus;
  consensus_options.min_iou = options->min_iou;
  consensus_options.seed = LIMN_EXPORT_CONSENSUS_SEED;
  consensus_options.provenance = options->provenance;
  consensus = limn_consensus_new (dataset, &consensus_options);
  e.consensus = consensus;
  set_project_attrs (dataset, project);
  add_labels (&e, project);

  ok = read_tasks (&e, project_id, progress, user_data, cancellable, error) &&
       (options->work != LIMN_EXPORT_CONSENSUS ||
        limn_consensus_finish (consensus, NULL, error));
  if (!ok)
    {
      limn_sqlite_rollback (store->sql);
      return NULL;
    }
  if (!limn_sqlite_commit (store->sql, error))
    return NULL;

  if (e.n_unknown > 0)
    g_debug ("Export: %" PRIu64 " regions with a label not in the project left out",
             e.n_unknown);

  return g_steal_pointer (&dataset);
}

GPtrArray *
limn_store_export_list_annotators (LimnStore    *store,
                                   const char   *project_id,
                                   GError      **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (LIMN_IS_STORE (store), NULL);

  stmt = limn_sqlite_prepare (store->sql,
                              "SELECT DISTINCT a.annotator FROM annotations a "
                              "JOIN tasks t ON t.id = a.task_id "
                              "WHERE t.project_id = ? AND a.state = 'submitted' "
                              "ORDER BY a.annotator",
                              error);
  if (stmt == NULL)
    return NULL;

  limn_sqlite_bind_text (stmt, 1, project_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (out, limn_sqlite_column_dup (stmt, 0));
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      limn_sqlite_set_error (store->sql, rc, error);
      return NULL;
    }

  return g_steal_pointer (&out);
}

/* Async: a thread, a connection of its own */

typedef struct
{
  char                   *db_path;
  char                   *project_id;
  LimnExportOptions       options;
  char                   *annotator;
  const LimnFormat       *format;
  char                   *path;
  LimnFormatWriteOptions  write_options;
  char                   *write_annotator;
  LimnExportProgress      progress;
  gpointer                progress_data;
  GMainContext           *context;
  guint                   last_permille;
  guint                   steps;         /* writing: the whole job's, reading 9/10 of them */
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;

  g_free (job->db_path);
  g_free (job->project_id);
  g_free (job->annotator);
  g_free (job->path);
  g_free (job->write_annotator);
  g_clear_pointer (&job->context, g_main_context_unref);
  g_free (job);
}

static Job *
job_new (const char              *db_path,
         const char              *project_id,
         const LimnExportOptions *options)
{
  Job *job = g_new0 (Job, 1);

  job->db_path = g_strdup (db_path);
  job->project_id = g_strdup (project_id);
  if (options != NULL)
    job->options = *options;
  else
    limn_export_options_init (&job->options);
  job->annotator = g_strdup (job->options.annotator);
  job->options.annotator = job->annotator;

  return job;
}

typedef struct
{
  LimnExportProgress progress;
  gpointer           data;
  guint              done;
  guint              total;
} ProgressCall;

static gboolean
progress_idle (gpointer data)
{
  ProgressCall *call = data;

  call->progress (call->done, call->total, call->data);
  return G_SOURCE_REMOVE;
}

static void
job_report (Job   *job,
            guint  done,
            guint  total)
{
  guint permille = total ? (guint) ((guint64) done * 1000 / total) : 1000;
  ProgressCall *call;

  if (job->progress == NULL || (permille == job->last_permille && done != total))
    return;
  job->last_permille = permille;

  call = g_new (ProgressCall, 1);
  *call = (ProgressCall) { job->progress, job->progress_data, done, total };
  g_main_context_invoke_full (job->context, G_PRIORITY_DEFAULT, progress_idle, call, g_free);
}

/* On the thread: passed on to the caller's context, at most once per
 * thousandth. When the job writes too, reading is the first nine tenths
 * of the whole and writing the last tenth: the writers report nothing
 * while they work, so writing's tenth comes whole when it is done. */
static void
job_progress (guint    done,
              guint    total,
              gpointer user_data)
{
  Job *job = user_data;

  if (job->format == NULL)
    {
      job_report (job, done, total);
      return;
    }

  total = MAX (total, 1);
  job->steps = total <= G_MAXUINT / 10 ? 10 * total : G_MAXUINT;
  job_report (job, (guint) ((guint64) done * (job->steps / 10 * 9) / total), job->steps);
}

static LimnDataset *
job_read (Job           *job,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autoptr(LimnStore) store = limn_store_open (job->db_path, error);

  if (store == NULL)
    return NULL;

  return limn_store_export_dataset (store, job->project_id, &job->options, job_progress, job,
                                    cancellable, error);
}

static void
read_thread (GTask        *task,
             gpointer      source,
             gpointer      data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  LimnDataset *dataset = job_read (data, cancellable, &error);

  if (dataset == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, dataset, (GDestroyNotify) limn_dataset_free);
}

void
limn_store_export_read_async (const char               *db_path,
                              const char               *project_id,
                              const LimnExportOptions  *options,
                              GCancellable             *cancellable,
                              GAsyncReadyCallback       callback,
                              gpointer                  user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_return_if_fail (db_path != NULL);
  g_return_if_fail (project_id != NULL);

  g_task_set_source_tag (task, limn_store_export_read_async);
  g_task_set_task_data (task, job_new (db_path, project_id, options), job_free);
  g_task_run_in_thread (task, read_thread);
}

LimnDataset *
limn_store_export_read_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
remove_tree (const char *path)
{
  GDir *dir = g_file_test (path, G_FILE_TEST_IS_SYMLINK) ? NULL : g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      remove_tree (child);
    }
  g_clear_pointer (&dir, g_dir_close);
  g_remove (path);
}

/* Everything written in @scratch moves to @parent; a name already there is
 * replaced when it is a file or an empty folder (rename(2) does both). */
static gboolean
move_out (const char  *scratch,
          const char  *parent,
          GError     **error)
{
  g_autoptr(GDir) dir = g_dir_open (scratch, 0, error);
  const char *name;

  if (dir == NULL)
    return FALSE;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *from = g_build_filename (scratch, name, NULL);
      g_autofree char *to = g_build_filename (parent, name, NULL);

      if (g_rename (from, to) != 0)
        {
          int saved = errno;
          g_autofree char *shown = g_filename_display_name (to);

          if (saved == ENOTEMPTY || saved == EEXIST || saved == EISDIR || saved == ENOTDIR)
            g_set_error (error, LIMN_FORMAT_ERROR, LIMN_FORMAT_ERROR_WRITE,
                         _("“%s” is already there and is not empty: choose an empty folder "
                           "or a new name."), shown);
          else
            g_set_error (error, LIMN_FORMAT_ERROR, LIMN_FORMAT_ERROR_WRITE,
                         _("Could not write “%s”: %s"), shown, g_strerror (saved));
          return FALSE;
        }
    }

  return TRUE;
}

static LimnFormatProblems *
job_write (Job           *job,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(LimnDataset) dataset = job_read (job, cancellable, error);
  g_autoptr(LimnFormatProblems) problems = limn_format_problems_new ();
  g_autofree char *parent = g_path_get_dirname (job->path);
  g_autofree char *base = g_path_get_basename (job->path);
  g_autofree char *template = g_build_filename (parent, ".limn-export-XXXXXX", NULL);
  g_autofree char *out = NULL;
  gboolean ok;

  if (dataset == NULL)
    return NULL;

  if (g_mkdtemp (template) == NULL)
    {
      int saved = errno;
      g_autofree char *shown = g_filename_display_name (parent);

      g_set_error (error, LIMN_FORMAT_ERROR, LIMN_FORMAT_ERROR_WRITE,
                   _("Could not write in “%s”: %s"), shown, g_strerror (saved));
      return NULL;
    }

  out = g_build_filename (template, base, NULL);
  ok = limn_format_write (job->format, dataset, out, &job->write_options, problems, error) &&
       !g_cancellable_set_error_if_cancelled (cancellable, error) &&
       move_out (template, parent, error);
  remove_tree (template);
  if (!ok)
    return NULL;

  limn_format_problems_rebase (problems, template, parent);
  job_report (job, MAX (job->steps, 1), MAX (job->steps, 1));
  return g_steal_pointer (&problems);
}

static void
write_thread (GTask        *task,
              gpointer      source,
              gpointer      data,
              GCancellable *cancellable)
{
  GError *error = NULL;
  LimnFormatProblems *problems = job_write (data, cancellable, &error);

  if (problems == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, problems, (GDestroyNotify) limn_format_problems_free);
}

void
limn_store_export_write_async (const char                   *db_path,
                               const char                   *project_id,
                               const LimnExportOptions      *options,
                               const LimnFormat             *format,
                               const char                   *path,
                               const LimnFormatWriteOptions *write_options,
                               LimnExportProgress            progress,
                               gpointer                      progress_data,
                               GCancellable                 *cancellable,
                               GAsyncReadyCallback           callback,
                               gpointer                      user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  Job *job;

  g_return_if_fail (db_path != NULL);
  g_return_if_fail (project_id != NULL);
  g_return_if_fail (format != NULL);
  g_return_if_fail (path != NULL);

  job = job_new (db_path, project_id, options);
  job->format = format;
  job->path = g_strdup (path);
  if (write_options != NULL)
    job->write_options = *write_options;
  job->write_annotator = g_strdup (job->write_options.annotator);
  job->write_options.annotator = job->write_annotator;
  job->progress = progress;
  job->progress_data = progress_data;
  job->context = g_main_context_ref_thread_default ();
  job->last_permille = G_MAXUINT;

  g_task_set_source_tag (task, limn_store_export_write_async);
  g_task_set_task_data (task, job, job_free);
  g_task_run_in_thread (task, write_thread);
}

LimnFormatProblems *
limn_store_export_write_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
