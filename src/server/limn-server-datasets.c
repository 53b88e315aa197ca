/* limn-server-datasets.c
 *
 * Making, listing, reading and exporting dataset versions; building the
 * dataset itself is limn-server-dataset-build.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <inttypes.h>

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "json/limn-json-writer.h"
#include "limn-server-audit.h"
#include "limn-server-dataset-snapshot.h"
#include "limn-server-datasets.h"
#include "limn-server-pseudonyms.h"

static char *
iso_time (gint64 us)
{
  g_autoptr(GDateTime) t = g_date_time_new_from_unix_utc (us / G_USEC_PER_SEC);

  return t ? g_date_time_format_iso8601 (t) : g_strdup ("");
}

static JsonObject *
manifest_new (const LimnServerDataset *d,
              LimnDataset             *dataset,
              guint                    n_revisions)
{
  JsonObject *m = json_object_new ();
  JsonArray *labels = json_array_new ();
  JsonArray *files = json_array_new ();
  JsonObject *file = json_object_new ();
  g_autofree char *created = iso_time (d->created_us);

  json_object_set_string_member (m, "project_id", d->project_id);
  json_object_set_int_member (m, "version", d->version);
  json_object_set_string_member (m, "from", d->method);
  json_object_set_double_member (m, "min_iou", d->min_iou);
  json_object_set_int_member (m, "guideline_version", d->guideline_version);
  for (guint i = 0; i < limn_dataset_get_n_labels (dataset); i++)
    json_array_add_string_element (labels, limn_dataset_get_label (dataset, i)->name);
  json_object_set_array_member (m, "labels", labels);
  json_object_set_string_member (m, "created", created);
  json_object_set_int_member (m, "created_us", d->created_us);
  json_object_set_string_member (m, "created_by", d->created_by);
  json_object_set_string_member (m, "note", d->note ? d->note : "");
  json_object_set_int_member (m, "items", d->items);
  json_object_set_int_member (m, "regions", d->regions);
  json_object_set_int_member (m, "revisions", n_revisions);
  json_object_set_string_member (file, "path", "snapshot.json");
  json_object_set_string_member (file, "sha256", d->snapshot_sha256);
  json_object_set_int_member (file, "size", g_bytes_get_size (d->snapshot));
  json_array_add_object_element (files, file);
  json_object_set_array_member (m, "files", files);

  return m;
}

LimnServerDataset *
limn_server_datasets_create (LimnServerBackend        *backend,
                             const char               *project_id,
                             LimnServerDatasetMethod   method,
                             double                    min_iou,
                             const char               *note,
                             const char               *created_by,
                             GError                  **error)
{
  g_autoptr(LimnServerTxn) txn = limn_server_backend_begin (backend, LIMN_SERVER_TXN_WRITE, error);
  g_autoptr(LimnServerDataset) d = NULL;

  if (txn == NULL)
    return NULL;
  d = limn_server_datasets_create_in (txn, project_id, method, min_iou, note, created_by, error);
  if (d == NULL || !limn_server_txn_commit (txn, error))
    return NULL;

  return g_steal_pointer (&d);
}

LimnServerDataset *
limn_server_datasets_create_in (LimnServerTxn            *txn,
                                const char               *project_id,
                                LimnServerDatasetMethod   method,
                                double                    min_iou,
                                const char               *note,
                                const char               *created_by,
                                GError                  **error)
{
  g_autoptr(LimnServerProject) project = NULL;
  g_autoptr(LimnServerDataset) d = g_new0 (LimnServerDataset, 1);
  g_autoptr(LimnDataset) dataset = NULL;
  g_autoptr(JsonObject) manifest = NULL;
  g_autoptr(JsonObject) detail = limn_server_audit_admin_detail ();
  g_autofree char *version = NULL;
  LimnDatasetCounts counts;
  guint n_revisions = 0;
  gint64 latest = 0;

  if (!txn->store->get_project (txn, project_id, &project, error))
    return NULL;
  if (project == NULL)
    {
      g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_NOT_FOUND,
                   _("There is no project “%s”."), project_id);
      return NULL;
    }
  if (!txn->store->latest_dataset_version (txn, project_id, &latest, error))
    return NULL;

  dataset = limn_server_dataset_build (txn, project, method, min_iou, &n_revisions, error);
  if (dataset == NULL)
    return NULL;

  d->project_id = g_strdup (project_id);
  d->version = latest + 1;
  d->method = g_strdup (limn_server_dataset_method_to_string (method));
  d->min_iou = min_iou;
  d->guideline_version = project->guideline_version;
  d->note = g_strdup (note ? note : "");
  d->created_by = g_strdup (created_by);
  d->created_us = g_get_real_time ();

  version = g_strdup_printf ("%" PRId64, d->version);
  limn_dataset_set_attr (dataset, "dataset_version", version);
  if (project->guideline_version > 0)
    {
      g_autofree char *g = g_strdup_printf ("%" PRId64, project->guideline_version);

      limn_dataset_set_attr (dataset, "guideline_version", g);
    }
  limn_dataset_get_counts (dataset, &counts);
  d->items = counts.items;
  d->regions = counts.boxes + counts.spans;
  d->snapshot = limn_server_snapshot_write (dataset);
  d->snapshot_sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, d->snapshot);
  manifest = manifest_new (d, dataset, n_revisions);
  d->manifest = limn_json_writer_object_to_string (manifest);

  json_object_set_string_member (detail, "project_id", project_id);
  json_object_set_int_member (detail, "version", d->version);
  json_object_set_string_member (detail, "from", d->method);
  if (!txn->store->insert_dataset (txn, d, error) ||
      !limn_server_audit_add (txn, NULL, "admin.dataset.create", detail, error))
    return NULL;

  return g_steal_pointer (&d);
}

GPtrArray *
limn_server_datasets_list (LimnServerBackend  *backend,
                           const char         *project_id,
                           GError            **error)
{
  g_autoptr(LimnServerTxn) txn = limn_server_backend_begin (backend, LIMN_SERVER_TXN_READ, error);
  g_autoptr(LimnServerProject) project = NULL;

  if (txn == NULL || !txn->store->get_project (txn, project_id, &project, error))
    return NULL;
  if (project == NULL)
    {
      g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_NOT_FOUND,
                   _("There is no project “%s”."), project_id);
      return NULL;
    }
  return txn->store->list_datasets (txn, project_id, error);
}

LimnServerDataset *
limn_server_datasets_get (LimnServerBackend  *backend,
                          const char         *project_id,
                          gint64              version,
                          GError            **error)
{
  g_autoptr(LimnServerTxn) txn = limn_server_backend_begin (backend, LIMN_SERVER_TXN_READ, error);
  g_autoptr(LimnServerDataset) d = NULL;
  g_autofree char *sha = NULL;

  if (txn == NULL || !txn->store->get_dataset (txn, project_id, version, &d, error))
    return NULL;
  if (d == NULL)
    {
      g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_NOT_FOUND,
                   _("The project “%s” has no dataset version %" PRId64 "."),
                   project_id, version);
      return NULL;
    }

  /* The bytes must be the ones the manifest vouches for. */
  sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, d->snapshot);
  if (g_strcmp0 (sha, d->snapshot_sha256) != 0)
    {
      g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_CORRUPT,
                   _("Dataset version %" PRId64 " is damaged: its snapshot’s SHA-256 "
                     "is not the one in its manifest."), version);
      return NULL;
    }

  return g_steal_pointer (&d);
}

/* Pseudonyms */

static const char *
pseudonym_of (GHashTable *cache,
              GBytes     *secret,
              const char *project_id,
              const char *user_id)
{
  char *p = g_hash_table_lookup (cache, user_id);

  if (p == NULL)
    {
      p = limn_server_pseudonym (secret, project_id, user_id);
      g_hash_table_insert (cache, g_strdup (user_id), p);
    }
  return p;
}

static void
pseudonymize_attr (LimnAttrs  *attrs,
                   const char *key,
                   GHashTable *cache,
                   GBytes     *secret,
                   const char *project_id)
{
  const char *value = limn_attrs_get (*attrs, key);
  g_auto(GStrv) ids = NULL;
  g_autoptr(GString) out = NULL;

  if (value == NULL || value[0] == '\0')
    return;
  ids = g_strsplit (value, ",", -1);
  out = g_string_new (NULL);
  for (guint i = 0; ids[i] != NULL; i++)
    g_string_append_printf (out, "%s%s", i ? "," : "",
                            pseudonym_of (cache, secret, project_id, ids[i]));
  limn_attrs_set (attrs, key, out->str);
}

/* Every user id in @dataset (annotators, reviewers) to its pseudonym. */
static void
pseudonymize (LimnDataset *dataset,
              GBytes      *secret,
              const char  *project_id)
{
  static const char * const keys[] = {
    "provenance:annotator", "provenance:reviewer", "provenance:annotators", NULL
  };
  g_autoptr(GHashTable) cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; i < limn_dataset_get_n_items (dataset); i++)
    {
      LimnDatasetItem *item = limn_dataset_get_item (dataset, i);

      for (guint s = 0; s < item->annotations->len; s++)
        {
          LimnDatasetAnnotation *a = g_ptr_array_index (item->annotations, s);

          if (a->annotator != NULL && !g_str_equal (a->annotator, LIMN_SERVER_DATASET_CONSENSUS))
            {
              char *p = g_strdup (pseudonym_of (cache, secret, project_id, a->annotator));

              g_free (a->annotator);
              a->annotator = p;
            }
          for (guint r = 0; r < a->regions->len; r++)
            for (guint k = 0; keys[k] != NULL; k++)
              pseudonymize_attr (&g_array_index (a->regions, LimnDatasetRegion, r).attrs, keys[k],
                                 cache, secret, project_id);
        }
    }
}

/* Writing */

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

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

/* Every file under @dir, as paths relative to @root, sorted. */
static void
collect_files (const char *root,
               const char *dir,
               GPtrArray  *out)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        g_ptr_array_add (out, g_strdup (path + strlen (root) + 1));
      else if (g_file_test (path, G_FILE_TEST_IS_DIR))
        collect_files (root, path, out);
      else
        g_ptr_array_add (out, g_strdup (path + strlen (root) + 1));
    }
}

static JsonArray *
checksum_files (const char  *root,
                GError     **error)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonArray) out = json_array_new ();

  collect_files (root, root, files);
  g_ptr_array_sort (files, compare_strings);
  for (guint i = 0; i < files->len; i++)
    {
      const char *rel = g_ptr_array_index (files, i);
      g_autofree char *path = g_build_filename (root, rel, NULL);
      g_autofree char *contents = NULL;
      g_autofree char *sha = NULL;
      JsonObject *o;
      gsize length;

      if (!g_file_get_contents (path, &contents, &length, error))
        return NULL;
      sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *)contents, length);
      o = json_object_new ();
      json_object_set_string_member (o, "path", rel);
      json_object_set_string_member (o, "sha256", sha);
      json_object_set_int_member (o, "size", length);
      json_array_add_object_element (out, o);
    }
  return g_steal_pointer (&out);
}

/* Every entry of @scratch into @parent; nothing is replaced. */
static gboolean
move_out (const char  *scratch,
          const char  *parent,
          GError     **error)
{
  g_autoptr(GDir) dir = g_dir_open (scratch, 0, error);
  g_autoptr(GPtrArray) moved = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL)
    return FALSE;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *from = g_build_filename (scratch, name, NULL);
      g_autofree char *to = g_build_filename (parent, name, NULL);

      if (g_file_test (to, G_FILE_TEST_EXISTS) || g_rename (from, to) != 0)
        {
          int saved = g_file_test (to, G_FILE_TEST_EXISTS) ? EEXIST : errno;

          /* Take back what was moved: all or nothing. */
          for (guint i = 0; i < moved->len; i++)
            remove_tree (g_ptr_array_index (moved, i));
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("Could not write “%s”: %s"), to,
                       saved == EEXIST ? _("it exists already") : g_strerror (saved));
          return FALSE;
        }
      g_ptr_array_add (moved, g_steal_pointer (&to));
    }
  return TRUE;
}

static JsonArray *
problems_to_json (LimnFormatProblems *problems)
{
  JsonArray *out = json_array_new ();

  for (guint i = 0; i < limn_format_problems_get_n (problems); i++)
    {
      const LimnFormatProblem *p = limn_format_problems_get (problems, i);
      JsonObject *o = json_object_new ();

      json_object_set_string_member (o, "where", p->where);
      json_object_set_string_member (o, "kind", p->kind);
      json_object_set_string_member (o, "action", limn_format_action_to_string (p->action));
      json_object_set_string_member (o, "detail", p->detail);
      json_array_add_object_element (out, o);
    }
  return out;
}

char *
limn_server_datasets_export (LimnServerBackend   *backend,
                             const char          *project_id,
                             gint64               version,
                             const LimnFormat    *format,
                             const char          *path,
                             gboolean             names,
                             LimnFormatProblems  *problems,
                             GError             **error)
{
  g_autoptr(LimnServerDataset) d = limn_server_datasets_get (backend, project_id, version, error);
  g_autoptr(LimnDataset) dataset = NULL;
  g_autoptr(GBytes) secret = NULL;
  g_autoptr(JsonNode) stored = NULL;
  g_autoptr(JsonObject) manifest = NULL;
  g_autoptr(JsonArray) files = NULL;
  g_autofree char *parent = NULL;
  g_autofree char *base = NULL;
  g_autofree char *scratch = NULL;
  g_autofree char *target = NULL;
  g_autofree char *scratch_prefix = NULL;
  g_autofree char *manifest_path = NULL;
  g_autofree char *text = NULL;

  if (d == NULL)
    return NULL;
  dataset = limn_server_snapshot_read (d->snapshot, error);
  if (dataset == NULL)
    return NULL;

  if (!names)
    {
      secret = limn_server_pseudonym_secret (backend, error);
      if (secret == NULL)
        return NULL;
      pseudonymize (dataset, secret, project_id);
    }

  parent = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  manifest_path = g_strconcat (path, ".manifest.json", NULL);
  if (g_file_test (path, G_FILE_TEST_EXISTS) || g_file_test (manifest_path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("“%s” or its manifest exists already: choose a new path."), path);
      return NULL;
    }

  /* Beside the output, so the move into place is a rename. */
  scratch = g_build_filename (parent, ".limn-export-XXXXXX", NULL);
  if (g_mkdir_with_parents (parent, 0755) != 0 || g_mkdtemp (scratch) == NULL)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not write in “%s”: %s"), parent, g_strerror (saved));
      return NULL;
    }
  target = g_build_filename (scratch, base, NULL);

  if (!limn_format_write (format, dataset, target, NULL, problems, error))
    goto failed;
  files = checksum_files (scratch, error);
  if (files == NULL)
    goto failed;

  /* Where a problem is, relative to the output's folder: the manifest
   * does not depend on where the scratch folder was. */
  scratch_prefix = g_strconcat (scratch, G_DIR_SEPARATOR_S, NULL);
  limn_format_problems_rebase (problems, scratch_prefix, "");

  stored = json_from_string (d->manifest, NULL);
  manifest = json_object_new ();
  json_object_set_member (manifest, "dataset", stored && JSON_NODE_HOLDS_OBJECT (stored)
                                               ? json_node_ref (stored)
                                               : json_node_new (JSON_NODE_NULL));
  json_object_set_string_member (manifest, "format", format->id);
  json_object_set_boolean_member (manifest, "names", names);
  json_object_set_array_member (manifest, "files", g_steal_pointer (&files));
  json_object_set_array_member (manifest, "lost", problems_to_json (problems));
  text = limn_json_writer_object_to_string (manifest);

  {
    g_autofree char *manifest_name = g_strconcat (base, ".manifest.json", NULL);
    g_autofree char *in_scratch = g_build_filename (scratch, manifest_name, NULL);
    g_autofree char *with_newline = g_strconcat (text, "\n", NULL);

    if (!g_file_set_contents (in_scratch, with_newline, -1, error) ||
        !move_out (scratch, parent, error))
      goto failed;
  }
  remove_tree (scratch);

  return g_steal_pointer (&text);

failed:
  remove_tree (scratch);
  return NULL;
}
