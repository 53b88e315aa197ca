/* test-import-export.c
 *
 * The Import and Export dialogs driven by real clicks under Xvfb against
 * a real store file: labelme-voc's labelme JSON (copied: the shared data
 * is never written) imported with one label skipped, asserted on the
 * database; the demo project, with an annotator's submitted boxes,
 * exported to COCO and to YOLO and read back with the core readers; an
 * export cancelled midway leaves nothing; the Work row chosen with the
 * keys (accepted only, Dawid–Skene); a COCO file added to the open demo
 * project with "Add to this project" clicked, summed up with the final
 * read's problems. Screenshots of both dialogs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "formats/limn-format.h"
#include "limn-export-dialog.h"
#include "limn-gui-test.h"
#include "limn-import-dialog.h"
#include "limn-resources.h"
#include "limn-test-util.h"
#include "store/limn-store-export.h"
#include "store/limn-store-import.h"
#include "store/limn-store-jobs.h"
#include "store/limn-store-worker.h"

typedef struct
{
  char                *dir;
  char                *db;
  LimnStoreWorker     *worker;
  GtkWindow           *parent;

  LimnProject         *project;     /* from "project-created" */
  char                *exported;    /* from "exported" */
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = limn_test_mkdtemp ();
  f->db = g_build_filename (f->dir, "limn.db", NULL);
  f->worker = limn_store_worker_open_sync (f->db, &error);
  g_assert_no_error (error);

  f->parent = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->parent, 900, 760);
  limn_gui_test_show (f->parent);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  gtk_window_destroy (f->parent);
  limn_gui_test_spin (50);

  g_clear_object (&f->project);
  g_clear_pointer (&f->exported, g_free);
  g_assert_true (limn_store_worker_close (f->worker, NULL));
  g_clear_object (&f->worker);
  limn_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->db);
}

static GtkWidget *
child (gpointer    widget,
       GType       type,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

static void
click_center (GtkWidget *widget)
{
  limn_gui_test_click (widget, gtk_widget_get_width (widget) / 2.0,
                       gtk_widget_get_height (widget) / 2.0, 1);
}

static void
collect_checks (GtkWidget *widget,
                GPtrArray *out)
{
  if (GTK_IS_CHECK_BUTTON (widget))
    g_ptr_array_add (out, widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_checks (c, out);
}

static gboolean
import_ready (gpointer data)
{
  return limn_import_dialog_is_ready (data);
}

static gboolean
export_ready (gpointer data)
{
  return limn_export_dialog_is_ready (data);
}

static gboolean
have_project (gpointer data)
{
  return ((Fixture *) data)->project != NULL;
}

static gboolean
have_exported (gpointer data)
{
  return ((Fixture *) data)->exported != NULL;
}

static void
project_created_cb (GtkWidget           *dialog,
                    LimnProjectContents *contents,
                    Fixture             *f)
{
  g_set_object (&f->project, contents->project);
}

static void
exported_cb (GtkWidget  *dialog,
             const char *folder,
             Fixture    *f)
{
  g_free (f->exported);
  f->exported = g_strdup (folder);
}

static LimnDataset *
read_back (const char         *format_id,
           const char         *path,
           LimnFormatProblems *problems)
{
  g_autoptr(GError) error = NULL;
  LimnDataset *dataset = limn_dataset_new ();

  g_assert_true (limn_format_read (limn_format_lookup (format_id), path, dataset, NULL, problems,
                                   NULL, &error));
  g_assert_no_error (error);
  return dataset;
}

/* labelme-voc's JSON and images in a folder of the test's own. */
static char *
copy_labelme (Fixture *f)
{
  g_autofree char *src = g_build_filename (g_getenv ("LIMN_SHARED_DATA"), "labelme-voc", NULL);
  char *dst = g_build_filename (f->dir, "labelme", NULL);
  g_autoptr(GDir) dir = g_dir_open (src, 0, NULL);
  const char *name;

  if (dir == NULL)
    return NULL;
  g_assert_cmpint (g_mkdir (dst, 0755), ==, 0);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *from = g_build_filename (src, name, NULL);
      g_autofree char *to = g_build_filename (dst, name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      if (!g_str_has_suffix (name, ".json") && !g_str_has_suffix (name, ".jpg"))
        continue;
      g_assert_true (g_file_get_contents (from, &contents, &length, NULL));
      g_assert_true (g_file_set_contents (to, contents, length, NULL));
    }

  return dst;
}

static guint64
count_label (LimnDataset *dataset,
             const char  *name)
{
  int label = limn_dataset_find_label (dataset, name);
  guint64 n = 0;

  for (guint i = 0; i < limn_dataset_get_n_items (dataset); i++)
    {
      LimnDatasetItem *item = limn_dataset_get_item (dataset, i);

      for (guint j = 0; j < item->annotations->len; j++)
        {
          LimnDatasetAnnotation *a = g_ptr_array_index (item->annotations, j);

          for (guint r = 0; r < a->regions->len; r++)
            n += (int) g_array_index (a->regions, LimnDatasetRegion, r).label == label;
        }
    }

  return n;
}

static void
test_import_labelme (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *folder = copy_labelme (f);
  g_autoptr(LimnDataset) source = NULL;
  g_autoptr(LimnStore) store = NULL;
  g_autoptr(GPtrArray) tasks = NULL;
  g_autoptr(GPtrArray) checks = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *shot = NULL;
  LimnImportDialog *dialog;
  LimnDatasetCounts counts;
  const char *skipped;
  const char *problems;
  guint64 n_regions = 0;
  guint n_annotated = 0;

  if (folder == NULL)
    {
      g_test_skip ("../shared/data/labelme-voc is not here");
      return;
    }

  /* What the core reader finds: the dialog must import the same. */
  source = read_back ("labelme", folder, NULL);
  limn_dataset_get_counts (source, &counts);
  g_assert_cmpuint (counts.items, ==, 3);
  g_assert_cmpuint (counts.boxes, >, 0);

  dialog = limn_import_dialog_new (f->parent, f->worker);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_signal_connect (dialog, "project-created", G_CALLBACK (project_created_cb), f);
  limn_gui_test_show (GTK_WINDOW (dialog));

  limn_import_dialog_set_path (dialog, folder);
  g_assert_true (limn_gui_test_wait_until (import_ready, dialog, 10000));
  limn_gui_test_spin (200);
  shot = limn_gui_test_screenshot (GTK_WIDGET (dialog), "import-dialog");
  g_test_message ("screenshot: %s", shot);

  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (child (dialog, LIMN_TYPE_IMPORT_DIALOG, "format_row"))),
                   ==, "labelme JSON");

  /* Skip the first label with a real click on its box. */
  collect_checks (child (dialog, LIMN_TYPE_IMPORT_DIALOG, "labels_group"), checks);
  g_assert_cmpuint (checks->len, ==, limn_dataset_get_n_labels (source));
  skipped = limn_dataset_get_label (source, 0)->name;
  click_center (g_ptr_array_index (checks, 0));
  g_assert_false (gtk_check_button_get_active (g_ptr_array_index (checks, 0)));

  click_center (child (dialog, LIMN_TYPE_IMPORT_DIALOG, "import_button"));
  g_assert_true (limn_gui_test_wait_until (have_project, f, 20000));
  limn_gui_test_spin (200);

  /* The last page sums it up until Done. */
  g_assert_true (gtk_widget_get_visible (child (dialog, LIMN_TYPE_IMPORT_DIALOG, "summary_page")));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child (dialog, LIMN_TYPE_IMPORT_DIALOG, "added_label"))),
                   ==, "3");
  /* The skipped label's regions: problems of the final read only. */
  g_assert_true (g_str_has_prefix (limn_import_dialog_get_summary (dialog),
                                   "0 matched, 3 added, 0 skipped; "));
  problems = gtk_label_get_text (GTK_LABEL (child (dialog, LIMN_TYPE_IMPORT_DIALOG,
                                                   "final_problems_label")));
  g_assert_nonnull (strstr (problems, skipped));
  /* The kind in words, not its id. */
  g_assert_nonnull (strstr (problems, limn_format_problem_kind_describe ("unknown-label")));
  g_assert_null (strstr (problems, "unknown-label"));
  g_clear_pointer (&shot, g_free);
  shot = limn_gui_test_screenshot (GTK_WIDGET (dialog), "import-summary");
  g_test_message ("screenshot: %s", shot);
  click_center (child (dialog, LIMN_TYPE_IMPORT_DIALOG, "cancel_button"));
  limn_gui_test_spin (100);
  g_assert_null (dialog);

  /* The database: three tasks, each with the local annotator's submitted
   * revision holding the boxes of every label but the skipped one. */
  store = limn_store_open (f->db, &error);
  g_assert_no_error (error);
  tasks = limn_store_list_tasks (store, limn_project_get_id (f->project),
                                 limn_store_get_local_annotator (store), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tasks->len, ==, 3);
  for (guint i = 0; i < tasks->len; i++)
    {
      g_autoptr(LimnAnnotation) a = limn_store_load_latest (store, limn_task_get_id (g_ptr_array_index (tasks, i)),
                                                            limn_store_get_local_annotator (store), &error);

      g_assert_no_error (error);
      /* An image whose boxes were all of the skipped label has none. */
      if (a == NULL)
        continue;
      n_annotated++;
      g_assert_cmpint (a->state, ==, LIMN_ANNOTATION_SUBMITTED);
      for (guint r = 0; r < a->regions->len; r++)
        {
          const LimnRegion *region = g_ptr_array_index (a->regions, r);
          LimnLabel *label = limn_project_lookup_label (f->project, region->label_id);

          g_assert_nonnull (label);
          g_assert_cmpstr (limn_label_get_name (label), !=, skipped);
        }
      n_regions += a->regions->len;
    }
  g_assert_cmpuint (n_annotated, >=, 1);
  g_assert_cmpuint (n_regions, ==, counts.boxes - count_label (source, skipped));
  g_assert_null (limn_project_lookup_label_by_name (f->project, skipped));
}

/* The demo project with two submitted boxes on its first task. */
typedef struct
{
  const char *path;
} DemoData;

static gpointer
demo_job (LimnStore  *store,
          gpointer    data,
          GError    **error)
{
  g_autoptr(LimnProject) project = NULL;
  g_autoptr(GPtrArray) tasks = NULL;
  g_autoptr(LimnAnnotation) a = NULL;
  g_autoptr(LimnLabel) first = NULL;
  LimnBox one = { 10, 20, 100, 50 }, two = { 200.5, 40.25, 60, 80 };
  LimnTask *task;

  project = limn_store_import_source (store, LIMN_IMPORT_PROJECT_FILE, data, NULL, NULL, error);
  if (project == NULL)
    return NULL;
  tasks = limn_store_list_tasks (store, limn_project_get_id (project),
                                 limn_store_get_local_annotator (store), error);
  if (tasks == NULL)
    return NULL;

  /* An image task to annotate. */
  task = NULL;
  for (guint i = 0; i < tasks->len && task == NULL; i++)
    if (limn_task_get_kind (g_ptr_array_index (tasks, i)) == LIMN_TASK_IMAGE)
      task = g_ptr_array_index (tasks, i);
  g_assert_nonnull (task);

  first = g_list_model_get_item (limn_project_get_labels (project), 0);
  a = limn_annotation_new (NULL, limn_task_get_id (task), limn_store_get_local_annotator (store));
  a->state = LIMN_ANNOTATION_SUBMITTED;
  a->submitted_us = g_get_real_time ();
  g_ptr_array_add (a->regions, limn_region_new_box (NULL, limn_label_get_id (first), &one));
  g_ptr_array_add (a->regions, limn_region_new_box (NULL, limn_label_get_id (first), &two));
  if (!limn_store_save_annotation (store, a, error))
    return NULL;

  return g_steal_pointer (&project);
}

static LimnProject *
make_demo (Fixture *f)
{
  g_autofree char *demo = g_build_filename (LIMN_SOURCE_DEMO_DIR, "project.json", NULL);
  g_autoptr(GError) error = NULL;
  LimnProject *project = limn_store_worker_run_sync (f->worker, demo_job, demo, &error);

  g_assert_no_error (error);
  g_assert_nonnull (project);
  return project;
}

/* Opens the Work row's list with a click and moves to @row with the
 * arrow keys, as a person would. */
static void
choose_work (LimnExportDialog *dialog,
             guint             row)
{
  GtkWidget *work = child (dialog, LIMN_TYPE_EXPORT_DIALOG, "work_row");
  guint from = adw_combo_row_get_selected (ADW_COMBO_ROW (work));
  g_autoptr(GString) keys = g_string_new (NULL);

  click_center (work);
  limn_gui_test_spin (300);
  for (guint i = from; i < row; i++)
    g_string_append (keys, "Down ");
  for (guint i = row; i < from; i++)
    g_string_append (keys, "Up ");
  g_string_append (keys, "Return");
  limn_gui_test_keys (GTK_WINDOW (dialog), keys->str);
  limn_gui_test_spin (300);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (work)), ==, row);
}

static void
export_with_dialog (Fixture     *f,
                    LimnProject *project,
                    const char  *format_id,
                    const char  *path,
                    const char  *screenshot)
{
  LimnExportDialog *dialog = limn_export_dialog_new (f->parent, f->worker, project);

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_signal_connect (dialog, "exported", G_CALLBACK (exported_cb), f);
  limn_gui_test_show (GTK_WINDOW (dialog));
  g_assert_true (limn_export_dialog_set_format (dialog, format_id));
  limn_export_dialog_set_destination (dialog, path);
  g_assert_true (limn_gui_test_wait_until (export_ready, dialog, 10000));
  limn_gui_test_spin (200);

  if (screenshot != NULL)
    {
      g_autofree char *shot = limn_gui_test_screenshot (GTK_WIDGET (dialog), screenshot);

      g_test_message ("screenshot: %s", shot);
    }

  g_clear_pointer (&f->exported, g_free);
  click_center (child (dialog, LIMN_TYPE_EXPORT_DIALOG, "export_button"));
  g_assert_true (limn_gui_test_wait_until (have_exported, f, 20000));
  limn_gui_test_spin (50);
  g_assert_null (dialog);
}

static guint64
count_boxes (LimnDataset *dataset)
{
  LimnDatasetCounts counts;

  limn_dataset_get_counts (dataset, &counts);
  return counts.boxes;
}

static void
test_export_demo (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(LimnProject) project = make_demo (f);
  g_autofree char *coco = g_build_filename (f->dir, "demo-coco.json", NULL);
  g_autofree char *yolo = g_build_filename (f->dir, "demo-yolo", NULL);
  g_autoptr(LimnDataset) from_coco = NULL;
  g_autoptr(LimnDataset) from_yolo = NULL;
  guint n_tasks;

  n_tasks = limn_project_get_kind (project) == LIMN_PROJECT_TEXT ? 0 : 1;
  g_assert_cmpuint (n_tasks, ==, 1);

  export_with_dialog (f, project, "coco", coco, "export-dialog");
  g_assert_cmpstr (f->exported, ==, f->dir);
  from_coco = read_back ("coco", coco, NULL);
  g_assert_cmpuint (count_boxes (from_coco), ==, 2);

  export_with_dialog (f, project, "yolo", yolo, NULL);
  g_assert_cmpstr (f->exported, ==, yolo);
  from_yolo = read_back ("yolo", yolo, NULL);
  g_assert_cmpuint (count_boxes (from_yolo), ==, 2);
}

/* The demo has submitted work and no reviews: "Accepted by a reviewer
 * only" would export nothing, and the dialog says so; the suggestions
 * note names the dialog's own switch. */
static void
test_export_accepted_warning (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(LimnProject) project = make_demo (f);
  g_autofree char *out = g_build_filename (f->dir, "demo-accepted.json", NULL);
  g_autofree char *shot = NULL;
  LimnExportDialog *dialog = limn_export_dialog_new (f->parent, f->worker, project);
  GtkWidget *losses = child (dialog, LIMN_TYPE_EXPORT_DIALOG, "losses_label");

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  limn_gui_test_show (GTK_WINDOW (dialog));
  g_assert_true (limn_export_dialog_set_format (dialog, "coco"));
  limn_export_dialog_set_destination (dialog, out);
  g_assert_true (limn_gui_test_wait_until (export_ready, dialog, 10000));
  g_assert_null (strstr (gtk_label_get_text (GTK_LABEL (losses)), "accepted by a reviewer"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (losses)), "“Include Suggestions”"));
  g_assert_null (strstr (gtk_label_get_text (GTK_LABEL (losses)), "suggestions option"));

  g_assert_false (gtk_widget_get_visible (child (dialog, LIMN_TYPE_EXPORT_DIALOG, "empty_group")));

  /* "Accepted by a reviewer only", the second row, chosen with the keys. */
  choose_work (dialog, 1);
  g_assert_true (limn_gui_test_wait_until (export_ready, dialog, 10000));
  limn_gui_test_spin (200);
  /* A warning of its own, not one of the format's losses. */
  g_assert_true (gtk_widget_get_visible (child (dialog, LIMN_TYPE_EXPORT_DIALOG, "empty_group")));
  g_assert_null (strstr (gtk_label_get_text (GTK_LABEL (losses)), "accepted by a reviewer"));
  shot = limn_gui_test_screenshot (GTK_WIDGET (dialog), "export-accepted-warning");
  g_test_message ("screenshot: %s", shot);

  /* Its button goes back to everyone's latest. */
  click_center (child (dialog, LIMN_TYPE_EXPORT_DIALOG, "show_all_button"));
  g_assert_true (limn_gui_test_wait_until (export_ready, dialog, 10000));
  limn_gui_test_spin (100);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (child (dialog, LIMN_TYPE_EXPORT_DIALOG,
                                                                       "work_row"))), ==, 0);
  g_assert_false (gtk_widget_get_visible (child (dialog, LIMN_TYPE_EXPORT_DIALOG, "empty_group")));

  gtk_window_destroy (GTK_WINDOW (dialog));
  limn_gui_test_spin (50);
}

/* The Dawid–Skene consensus chosen with a click and the keys, exported
 * to COCO: each region says how its label was chosen. */
static void
test_export_dawid_skene (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(LimnProject) project = make_demo (f);
  g_autofree char *out = g_build_filename (f->dir, "demo-ds.json", NULL);
  g_autoptr(LimnDataset) back = NULL;
  g_autofree char *shot = NULL;
  LimnExportDialog *dialog = limn_export_dialog_new (f->parent, f->worker, project);
  guint n = 0;

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_signal_connect (dialog, "exported", G_CALLBACK (exported_cb), f);
  limn_gui_test_show (GTK_WINDOW (dialog));
  g_assert_true (limn_export_dialog_set_format (dialog, "coco"));
  limn_export_dialog_set_destination (dialog, out);
  g_assert_true (limn_gui_test_wait_until (export_ready, dialog, 10000));

  choose_work (dialog, 3);
  g_assert_true (limn_gui_test_wait_until (export_ready, dialog, 10000));
  limn_gui_test_spin (200);
  shot = limn_gui_test_screenshot (GTK_WIDGET (dialog), "export-dawid-skene");
  g_test_message ("screenshot: %s", shot);

  click_center (child (dialog, LIMN_TYPE_EXPORT_DIALOG, "export_button"));
  g_assert_true (limn_gui_test_wait_until (have_exported, f, 20000));
  limn_gui_test_spin (50);
  g_assert_null (dialog);

  back = read_back ("coco", out, NULL);
  for (guint i = 0; i < limn_dataset_get_n_items (back); i++)
    {
      LimnDatasetItem *item = limn_dataset_get_item (back, i);

      for (guint j = 0; j < item->annotations->len; j++)
        {
          LimnDatasetAnnotation *a = g_ptr_array_index (item->annotations, j);

          for (guint r = 0; r < a->regions->len; r++)
            {
              LimnDatasetRegion *region = &g_array_index (a->regions, LimnDatasetRegion, r);

              g_assert_cmpstr (limn_attrs_get (region->attrs, "provenance:method"), ==, "dawid-skene");
              g_assert_cmpstr (limn_attrs_get (region->attrs, "provenance:agreement"), ==, "1/1");
              n++;
            }
        }
    }
  g_assert_cmpuint (n, ==, 2);
}

static gboolean
import_done (gpointer data)
{
  return limn_import_dialog_get_summary (data) != NULL;
}

/* Into the open demo project: a COCO file (no annotators: the user's)
 * with the demo's spaniels.jpg (matched by file name: a second revision),
 * a new photo (added) and an image that is not here (skipped); "Add to
 * this project" and the skipped label clicked. The summary shows the
 * final read's problems: the skipped label's regions, which the preview
 * could not know. */
static void
test_import_into (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(LimnProject) project = make_demo (f);
  g_autofree char *folder = g_build_filename (f->dir, "coco", NULL);
  g_autofree char *json = g_build_filename (folder, "more.json", NULL);
  g_autofree char *photo = NULL;
  g_autofree char *photo_name = NULL;
  g_autofree char *shot = NULL;
  g_autoptr(LimnDataset) source = limn_dataset_new ();
  g_autoptr(GPtrArray) checks = g_ptr_array_new ();
  g_autoptr(GPtrArray) tasks = NULL;
  g_autoptr(LimnStore) store = NULL;
  g_autoptr(GError) error = NULL;
  LimnBox person = { 5, 5, 40, 60 }, animal = { 50, 50, 80, 40 }, boat = { 10, 10, 100, 50 };
  LimnImportDialog *dialog;
  LimnDatasetItem *item;
  const char *local;
  const char *problems;
  guint n_tasks_before;

  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  photo = limn_gui_test_copy_photo (folder);
  photo_name = g_path_get_basename (photo);
  limn_dataset_add_label (source, "Person", NULL, NULL);
  limn_dataset_add_label (source, "Animal", NULL, NULL);
  limn_dataset_add_label (source, "Boat", NULL, NULL);
  item = limn_dataset_add_image (source, "spaniels.jpg", NULL, 640, 480);
  limn_dataset_annotation_add_box (limn_dataset_item_annotation (item, NULL), 0, &person);
  limn_dataset_annotation_add_box (limn_dataset_item_annotation (item, NULL), 1, &animal);
  item = limn_dataset_add_image (source, photo_name, photo, 500, 338);
  limn_dataset_annotation_add_box (limn_dataset_item_annotation (item, NULL), 2, &boat);
  item = limn_dataset_add_image (source, "not-here.jpg", NULL, 100, 100);
  limn_dataset_annotation_add_box (limn_dataset_item_annotation (item, NULL), 0, &person);
  g_assert_true (limn_format_write (limn_format_lookup ("coco"), source, json, NULL, NULL, &error));
  g_assert_no_error (error);

  store = limn_store_open (f->db, &error);
  g_assert_no_error (error);
  local = limn_store_get_local_annotator (store);
  n_tasks_before = limn_store_count_tasks (store, limn_project_get_id (project), &error);

  dialog = limn_import_dialog_new (f->parent, f->worker);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_signal_connect (dialog, "project-created", G_CALLBACK (project_created_cb), f);
  limn_import_dialog_set_project (dialog, project);
  limn_gui_test_show (GTK_WINDOW (dialog));
  limn_import_dialog_set_path (dialog, json);
  g_assert_true (limn_gui_test_wait_until (import_ready, dialog, 10000));
  limn_gui_test_spin (200);

  /* "Add to this project", then Animal cleared: real clicks. */
  g_assert_true (gtk_widget_get_visible (child (dialog, LIMN_TYPE_IMPORT_DIALOG, "target_group")));
  click_center (child (dialog, LIMN_TYPE_IMPORT_DIALOG, "into_check"));
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (child (dialog, LIMN_TYPE_IMPORT_DIALOG,
                                                                       "into_check"))));
  collect_checks (child (dialog, LIMN_TYPE_IMPORT_DIALOG, "labels_group"), checks);
  g_assert_cmpuint (checks->len, ==, 3);
  /* The labels are below the fold: the wheel, as a person would. */
  {
    GtkWidget *page = child (dialog, LIMN_TYPE_IMPORT_DIALOG, "page");

    limn_gui_test_scroll (page, gtk_widget_get_width (page) / 2.0,
                          gtk_widget_get_height (page) / 2.0, 5, 15, NULL);
    limn_gui_test_spin (300);
  }
  click_center (g_ptr_array_index (checks, 1));
  g_assert_false (gtk_check_button_get_active (g_ptr_array_index (checks, 1)));
  limn_gui_test_spin (100);
  shot = limn_gui_test_screenshot (GTK_WIDGET (dialog), "import-into");
  g_test_message ("screenshot: %s", shot);

  click_center (child (dialog, LIMN_TYPE_IMPORT_DIALOG, "import_button"));
  g_assert_true (limn_gui_test_wait_until (import_done, dialog, 20000));
  limn_gui_test_spin (200);
  g_clear_pointer (&shot, g_free);
  shot = limn_gui_test_screenshot (GTK_WIDGET (dialog), "import-into-summary");
  g_test_message ("screenshot: %s", shot);

  g_assert_cmpstr (limn_project_get_id (f->project), ==, limn_project_get_id (project));
  g_assert_nonnull (g_strrstr (limn_import_dialog_get_summary (dialog), "1 matched, 1 added, 1 skipped"));
  problems = gtk_label_get_text (GTK_LABEL (child (dialog, LIMN_TYPE_IMPORT_DIALOG,
                                                   "final_problems_label")));
  g_test_message ("final problems:\n%s", problems);
  /* Each kind in words, not its id. */
  g_assert_nonnull (strstr (problems, limn_format_problem_kind_describe ("image-missing")));
  g_assert_null (strstr (problems, "image-missing"));
  g_assert_nonnull (strstr (problems, "Animal"));
  click_center (child (dialog, LIMN_TYPE_IMPORT_DIALOG, "cancel_button"));
  limn_gui_test_spin (100);
  g_assert_null (dialog);

  /* The database: one task more; spaniels.jpg has the user's second
   * revision with the Person box only; Boat is a label now. */
  g_assert_cmpuint (limn_store_count_tasks (store, limn_project_get_id (project), &error), ==,
                    n_tasks_before + 1);
  g_assert_nonnull (limn_project_lookup_label_by_name (f->project, "Boat"));
  tasks = limn_store_list_tasks (store, limn_project_get_id (project), local, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < tasks->len; i++)
    {
      LimnTask *task = g_ptr_array_index (tasks, i);
      g_autoptr(LimnAnnotation) a = NULL;
      g_autofree char *name = NULL;

      if (limn_task_get_media_path (task) == NULL)
        continue;
      name = g_path_get_basename (limn_task_get_media_path (task));
      if (!g_str_equal (name, "spaniels.jpg"))
        continue;
      a = limn_store_load_latest (store, limn_task_get_id (task), local, &error);
      g_assert_no_error (error);
      g_assert_nonnull (a);
      g_assert_cmpint (a->revision, ==, 2);
      g_assert_cmpint (a->state, ==, LIMN_ANNOTATION_SUBMITTED);
      g_assert_cmpuint (a->regions->len, ==, 1);
    }
}

/* Many texts, so the export is still reading when Cancel is clicked. */
static gpointer
big_job (LimnStore  *store,
         gpointer    data,
         GError    **error)
{
  const char * const labels[] = { "PER", "LOC", NULL };

  return limn_store_import_source (store, LIMN_IMPORT_TEXT_FILE, data, "Big", labels, error);
}

static gboolean
not_exporting (gpointer data)
{
  GtkWidget *progress = child (data, LIMN_TYPE_EXPORT_DIALOG, "progress");

  return !gtk_widget_get_visible (progress);
}

static gboolean
exporting (gpointer data)
{
  return !not_exporting (data);
}

static void
test_export_cancel (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *lines = g_build_filename (f->dir, "big.txt", NULL);
  g_autofree char *out = g_build_filename (f->dir, "out", NULL);
  g_autofree char *dest = g_build_filename (out, "big.jsonl", NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(LimnProject) project = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  LimnExportDialog *dialog;
  GtkWidget *error_bar;

  for (guint i = 0; i < 60000; i++)
    g_string_append_printf (text, "Document %u about Ada in London\n", i);
  g_assert_true (g_file_set_contents (lines, text->str, text->len, NULL));
  g_assert_cmpint (g_mkdir (out, 0755), ==, 0);
  project = limn_store_worker_run_sync (f->worker, big_job, lines, &error);
  g_assert_no_error (error);

  dialog = limn_export_dialog_new (f->parent, f->worker, project);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  limn_gui_test_show (GTK_WINDOW (dialog));
  g_assert_true (limn_export_dialog_set_format (dialog, "spacy"));
  limn_export_dialog_set_destination (dialog, dest);
  g_assert_true (limn_gui_test_wait_until (export_ready, dialog, 60000));

  click_center (child (dialog, LIMN_TYPE_EXPORT_DIALOG, "export_button"));
  g_assert_true (limn_gui_test_wait_until (exporting, dialog, 5000));
  click_center (child (dialog, LIMN_TYPE_EXPORT_DIALOG, "cancel_button"));
  g_assert_true (limn_gui_test_wait_until (not_exporting, dialog, 60000));

  /* Still open, saying so; nothing in the folder, not even scratch. */
  g_assert_nonnull (dialog);
  error_bar = child (dialog, LIMN_TYPE_EXPORT_DIALOG, "error_bar");
  g_assert_true (gtk_info_bar_get_revealed (GTK_INFO_BAR (error_bar)));
  dir = g_dir_open (out, 0, NULL);
  g_assert_null (g_dir_read_name (dir));

  gtk_window_destroy (GTK_WINDOW (dialog));
  limn_gui_test_spin (50);
}

int
main (int   argc,
      char *argv[])
{
  limn_gui_test_init (&argc, &argv);
  adw_init ();

  /* The resources live in a static library: naming them links them in. */
  g_assert_nonnull (limn_get_resource ());

#define ADD(path, func) \
  g_test_add ("/import-export/" path, Fixture, NULL, setup, func, teardown)

  ADD ("import-labelme", test_import_labelme);
  ADD ("export-demo", test_export_demo);
  ADD ("export-cancel", test_export_cancel);
  ADD ("export-accepted-warning", test_export_accepted_warning);
  ADD ("export-dawid-skene", test_export_dawid_skene);
  ADD ("import-into", test_import_into);

  return g_test_run ();
}
