/* fuzz-import.c
 *
 * Making a project from Limn's own sources (store/limn-store-import.c):
 * the same readers as fuzz-formats, then the checks and the one
 * transaction of the import, into a store on disk. The first byte picks
 * the source; the rest becomes its file:
 *
 *   0 a project file (project.json, beside a.png)
 *   1 a folder of images, by its labels.txt
 *   2 a text file of lines (a.txt), labels "cat" and "dog"
 *   3 a JSON Lines text file (a.jsonl), the same labels
 *   4 a label list as typed in the app (limn_import_parse_labels)
 *
 * The import's promise: a project, stored, or a LIMN_IMPORT_ERROR that
 * changed nothing (the store's projects are the same before and after).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>

#include "limn-fuzz.h"
#include "limn-test-util.h"
#include "store/limn-store-import.h"

static LimnStore *store;
static char *store_dir;

static void
close_store (void)
{
  g_clear_object (&store);
  limn_test_rm_rf (store_dir);
  g_clear_pointer (&store_dir, g_free);
}

static guint
n_projects (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) projects = limn_store_list_projects (store, &error);

  g_assert_no_error (error);
  return projects->len;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const char * const labels[] = { "cat", "dog", NULL };
  static const struct { LimnImportKind kind; const char *file; gboolean folder; } sources[] = {
    { LIMN_IMPORT_PROJECT_FILE, "project.json", FALSE },
    { LIMN_IMPORT_IMAGE_FOLDER, "labels.txt", TRUE },
    { LIMN_IMPORT_TEXT_FILE, "a.txt", FALSE },
    { LIMN_IMPORT_TEXT_FILE, "a.jsonl", FALSE },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnProject) project = NULL;
  g_autofree char *path = NULL;
  guint which, before;

  if (size == 0)
    return 0;

  which = data[0] % (G_N_ELEMENTS (sources) + 1);
  if (which == G_N_ELEMENTS (sources))
    {
      g_autofree char *text = g_strndup ((const char *)data + 1, size - 1);
      g_auto(GStrv) parsed = limn_import_parse_labels (text, &error);

      if (parsed != NULL)
        g_assert_true (g_strv_length (parsed) >= 1 &&
                       g_strv_length (parsed) <= LIMN_IMPORT_MAX_LABELS);
      else
        g_assert_true (error->domain == LIMN_IMPORT_ERROR);
      return 0;
    }

  if (store == NULL)
    {
      g_autofree char *db = NULL;

      store_dir = limn_test_mkdtemp ();
      db = g_build_filename (store_dir, "limn.db", NULL);
      store = limn_store_open (db, &error);
      g_assert_no_error (error);
      atexit (close_store);
    }

  path = limn_fuzz_write (sources[which].file, data + 1, size - 1);
  before = n_projects ();
  project = limn_store_import_source (store, sources[which].kind,
                                      sources[which].folder ? limn_fuzz_folder () : path, NULL,
                                      sources[which].folder ? NULL : labels, &error);
  if (project == NULL)
    {
      g_assert_true (error != NULL && error->domain == LIMN_IMPORT_ERROR);
      g_assert_cmpuint (n_projects (), ==, before);
    }
  else
    {
      g_autoptr(LimnProject) stored = limn_store_load_project (store, limn_project_get_id (project),
                                                               &error);

      g_assert_no_error (error);
      g_assert_nonnull (stored);
    }
  limn_fuzz_restore (sources[which].file);

  return 0;
}
