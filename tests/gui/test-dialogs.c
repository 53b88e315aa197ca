/* test-dialogs.c
 *
 * The New Project, Flag and Preferences dialogs driven by real clicks and
 * key presses: a project made from a folder lands in a real store; bad
 * labels and bad sources are refused in the dialog, which keeps what the
 * user typed; a flag carries its reason and note; preferences reach
 * GSettings.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "limn-flag-dialog.h"
#include "limn-gui-test.h"
#include "store/limn-store-jobs.h"
#include "limn-new-project-dialog.h"
#include "limn-preferences-window.h"
#include "limn-resources.h"
#include "store/limn-store-worker.h"
#include "limn-test-util.h"

typedef struct
{
  char                 *dir;
  LimnStoreWorker      *worker;
  GtkWindow            *parent;
  LimnNewProjectDialog *dialog;         /* weak */

  /* What "project-created" carried */
  guint                 n_created;
  LimnProject          *project;
  guint                 n_tasks;
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = limn_test_mkdtemp ();
  path = g_build_filename (f->dir, "limn.db", NULL);
  f->worker = limn_store_worker_open_sync (path, &error);
  g_assert_no_error (error);

  f->parent = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->parent, 900, 700);
  limn_gui_test_show (f->parent);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  if (f->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (f->dialog));
  g_assert_null (f->dialog);
  gtk_window_destroy (f->parent);
  limn_gui_test_spin (50);

  g_clear_object (&f->project);
  g_assert_true (limn_store_worker_close (f->worker, NULL));
  g_clear_object (&f->worker);
  limn_test_rm_rf (f->dir);
  g_free (f->dir);
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

#define NPD(f, name) child ((f)->dialog, LIMN_TYPE_NEW_PROJECT_DIALOG, (name))

static char *
make_folder (Fixture    *f,
             const char *name,
             gboolean    with_images)
{
  char *folder = g_build_filename (f->dir, name, NULL);

  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);

  if (with_images)
    {
      const char *images[] = { "cameraman.png", "chelsea.png" };

      for (guint i = 0; i < G_N_ELEMENTS (images); i++)
        {
          g_autofree char *src = g_build_filename (g_getenv ("LIMN_SOURCE_ROOT"),
                                                   "data", "demo", "images", images[i], NULL);
          g_autofree char *dst = g_build_filename (folder, images[i], NULL);
          g_autofree char *contents = NULL;
          gsize len;

          g_assert_true (g_file_get_contents (src, &contents, &len, NULL));
          g_assert_true (g_file_set_contents (dst, contents, len, NULL));
        }
    }
  else
    {
      g_autofree char *notes = g_build_filename (folder, "notes.txt", NULL);
      g_assert_true (g_file_set_contents (notes, "not an image\n", -1, NULL));
    }

  return folder;
}

static void
project_created_cb (LimnNewProjectDialog *dialog,
                    LimnProjectContents  *contents,
                    Fixture              *f)
{
  f->n_created++;
  g_set_object (&f->project, contents->project);
  f->n_tasks = contents->tasks->len;
}

static void
open_dialog (Fixture *f)
{
  f->dialog = limn_new_project_dialog_new (f->parent, f->worker);
  g_object_add_weak_pointer (G_OBJECT (f->dialog), (gpointer *)&f->dialog);
  g_signal_connect (f->dialog, "project-created", G_CALLBACK (project_created_cb), f);
  limn_gui_test_show (GTK_WINDOW (f->dialog));
}

static char *
labels_text (Fixture *f)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (NPD (f, "labels_view")));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* Clicks into the labels box and types, as a person would. */
static void
type_labels (Fixture    *f,
             const char *keys)
{
  GtkWidget *view = NPD (f, "labels_view");

  limn_gui_test_click (view, 40, 20, 1);
  g_assert_true (gtk_widget_has_focus (view));
  limn_gui_test_keys (GTK_WINDOW (f->dialog), keys);
}

static void
click_create (Fixture *f)
{
  GtkWidget *button = NPD (f, "create_button");

  g_assert_true (gtk_widget_get_sensitive (button));
  limn_gui_test_click (button,
                       gtk_widget_get_width (button) / 2.0,
                       gtk_widget_get_height (button) / 2.0,
                       1);
}

static gboolean
created_or_failed (gpointer data)
{
  Fixture *f = data;

  return f->n_created > 0 ||
         gtk_info_bar_get_revealed (GTK_INFO_BAR (NPD (f, "error_bar")));
}

static gboolean
dialog_gone (gpointer data)
{
  Fixture *f = data;

  return f->dialog == NULL;
}

static gpointer
count_tasks_job (LimnStore  *store,
                 gpointer    data,
                 GError    **error)
{
  g_autoptr(GPtrArray) tasks = limn_store_list_tasks (store, data,
                                                      limn_store_get_local_annotator (store),
                                                      error);

  return tasks ? GUINT_TO_POINTER (tasks->len + 1) : NULL;
}

static gpointer
count_projects_job (LimnStore  *store,
                    gpointer    data,
                    GError    **error)
{
  g_autoptr(GPtrArray) projects = limn_store_list_projects (store, error);

  return projects ? GUINT_TO_POINTER (projects->len + 1) : NULL;
}

static guint
n_projects_on_disk (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  gpointer n = limn_store_worker_run_sync (f->worker, count_projects_job, NULL, &error);

  g_assert_no_error (error);
  return GPOINTER_TO_UINT (n) - 1;
}

static void
test_new_project_folder (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *folder = make_folder (f, "Kittens", TRUE);
  g_autoptr(GError) error = NULL;
  g_autofree char *shot = NULL;
  GListModel *labels;
  LimnLabel *label;
  gpointer n;

  open_dialog (f);
  g_assert_false (gtk_widget_get_sensitive (NPD (f, "create_button")));

  limn_new_project_dialog_set_source (f->dialog, LIMN_IMPORT_IMAGE_FOLDER, folder);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (NPD (f, "name_row"))), ==, "Kittens");
  g_assert_false (gtk_widget_get_sensitive (NPD (f, "create_button")));

  type_labels (f, "C a t Return D o g");
  g_assert_true (gtk_widget_get_sensitive (NPD (f, "create_button")));
  g_assert_false (gtk_widget_get_visible (NPD (f, "labels_error")));

  shot = limn_gui_test_screenshot (GTK_WIDGET (f->dialog), "new-project-dialog");

  click_create (f);
  g_assert_true (limn_gui_test_wait_until (created_or_failed, f, 20000));
  g_assert_cmpuint (f->n_created, ==, 1);
  g_assert_true (limn_gui_test_wait_until (dialog_gone, f, 5000));

  /* What the signal carried… */
  g_assert_cmpstr (limn_project_get_name (f->project), ==, "Kittens");
  g_assert_cmpuint (f->n_tasks, ==, 2);
  labels = limn_project_get_labels (f->project);
  g_assert_cmpuint (g_list_model_get_n_items (labels), ==, 2);
  label = g_list_model_get_item (labels, 0);
  g_assert_cmpstr (limn_label_get_name (label), ==, "Cat");
  g_assert_cmpstr (limn_label_get_hotkey (label), ==, "1");
  g_object_unref (label);
  label = g_list_model_get_item (labels, 1);
  g_assert_cmpstr (limn_label_get_name (label), ==, "Dog");
  g_assert_cmpstr (limn_label_get_hotkey (label), ==, "2");
  g_object_unref (label);

  /* …is what is on disk. */
  n = limn_store_worker_run_sync (f->worker, count_tasks_job,
                                  (gpointer)limn_project_get_id (f->project), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (GPOINTER_TO_UINT (n) - 1, ==, 2);
  g_assert_cmpuint (n_projects_on_disk (f), ==, 1);
}

static void
test_new_project_empty_labels (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *folder = make_folder (f, "photos", TRUE);
  GtkWidget *create;

  open_dialog (f);
  create = NPD (f, "create_button");
  limn_new_project_dialog_set_source (f->dialog, LIMN_IMPORT_IMAGE_FOLDER, folder);

  /* Nothing typed: no red message yet, but nothing to create either. */
  g_assert_false (gtk_widget_get_sensitive (create));
  g_assert_false (gtk_widget_get_visible (NPD (f, "labels_error")));

  type_labels (f, "x");
  g_assert_true (gtk_widget_get_sensitive (create));

  /* Blank lines and comments are not labels. */
  limn_gui_test_keys (GTK_WINDOW (f->dialog), "BackSpace Return space Return numbersign space x");
  g_assert_false (gtk_widget_get_sensitive (create));
  g_assert_true (gtk_widget_get_visible (NPD (f, "labels_error")));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (NPD (f, "labels_error"))),
                            "at least one label"));

  /* A click on the insensitive button does nothing. */
  limn_gui_test_click (create, 10, 10, 1);
  limn_gui_test_spin (200);
  g_assert_cmpuint (f->n_created, ==, 0);
  g_assert_cmpuint (n_projects_on_disk (f), ==, 0);
}

static void
test_new_project_duplicate_label (Fixture       *f,
                                  gconstpointer  data)
{
  g_autofree char *folder = make_folder (f, "photos", TRUE);
  g_autofree char *shot = NULL;
  GtkWidget *error_label;

  open_dialog (f);
  error_label = NPD (f, "labels_error");
  limn_new_project_dialog_set_source (f->dialog, LIMN_IMPORT_IMAGE_FOLDER, folder);

  type_labels (f, "C a t Return D o g Return C a t");
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_true (gtk_widget_has_css_class (error_label, "error"));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (error_label)), ==,
                   "The label “Cat” is listed twice.");
  g_assert_false (gtk_widget_get_sensitive (NPD (f, "create_button")));

  shot = limn_gui_test_screenshot (GTK_WIDGET (f->dialog), "new-project-dialog-duplicate");

  /* Fixing it clears the message. */
  limn_gui_test_keys (GTK_WINDOW (f->dialog), "BackSpace BackSpace BackSpace O w l");
  g_assert_false (gtk_widget_get_visible (error_label));
  g_assert_true (gtk_widget_get_sensitive (NPD (f, "create_button")));
}

static void
test_new_project_no_images (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *folder = make_folder (f, "empty", FALSE);
  g_autofree char *typed = NULL;
  g_autofree char *shot = NULL;
  const char *message;

  open_dialog (f);
  limn_new_project_dialog_set_source (f->dialog, LIMN_IMPORT_IMAGE_FOLDER, folder);
  type_labels (f, "C a t Return D o g");
  click_create (f);

  g_assert_true (limn_gui_test_wait_until (created_or_failed, f, 20000));
  g_assert_cmpuint (f->n_created, ==, 0);
  limn_gui_test_spin (300);   /* the bar slides in */

  /* The dialog stays, with the reason and with everything typed. */
  g_assert_nonnull (f->dialog);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->dialog)));
  message = gtk_label_get_text (GTK_LABEL (NPD (f, "error_label")));
  if (strstr (message, "has no images") == NULL)
    g_error ("unexpected message: %s", message);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (NPD (f, "name_row"))), ==, "empty");
  typed = labels_text (f);
  g_assert_cmpstr (typed, ==, "Cat\nDog");
  g_assert_true (gtk_widget_get_sensitive (NPD (f, "create_button")));
  g_assert_true (gtk_widget_get_sensitive (NPD (f, "page")));
  g_assert_cmpuint (n_projects_on_disk (f), ==, 0);

  shot = limn_gui_test_screenshot (GTK_WIDGET (f->dialog), "new-project-dialog-error");
}

static void
test_new_project_invalid_utf8 (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "comments.txt", NULL);
  const char *message;

  g_assert_true (g_file_set_contents (path, "good line\nanother\nbad \xff\xfe byte\n", -1, NULL));

  open_dialog (f);
  limn_new_project_dialog_set_source (f->dialog, LIMN_IMPORT_TEXT_FILE, path);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (NPD (f, "text_check"))));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (NPD (f, "name_row"))), ==, "comments");

  type_labels (f, "I n s u l t");
  click_create (f);

  g_assert_true (limn_gui_test_wait_until (created_or_failed, f, 20000));
  g_assert_cmpuint (f->n_created, ==, 0);
  g_assert_nonnull (f->dialog);
  message = gtk_label_get_text (GTK_LABEL (NPD (f, "error_label")));
  if (strstr (message, "line 3") == NULL)
    g_error ("message does not name line 3: %s", message);
  g_assert_cmpuint (n_projects_on_disk (f), ==, 0);
}

static gboolean
labels_prefilled (gpointer data)
{
  Fixture *f = data;
  g_autofree char *text = labels_text (f);

  return text[0] != '\0';
}

static void
test_new_project_labels_txt (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *folder = make_folder (f, "voc", TRUE);
  g_autofree char *labels_path = g_build_filename (folder, "labels.txt", NULL);
  g_autofree char *text = NULL;
  g_autofree char *name = NULL;

  g_assert_true (g_file_set_contents (labels_path, "__ignore__\n_background_\nperson\ncar\n", -1, NULL));

  open_dialog (f);

  /* A name the user typed is not replaced by the folder's. */
  gtk_widget_grab_focus (NPD (f, "name_row"));
  limn_gui_test_keys (GTK_WINDOW (f->dialog), "S t r e e t s");
  limn_new_project_dialog_set_source (f->dialog, LIMN_IMPORT_IMAGE_FOLDER, folder);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (NPD (f, "name_row"))), ==, "Streets");

  g_assert_true (limn_gui_test_wait_until (labels_prefilled, f, 5000));
  text = labels_text (f);
  g_assert_cmpstr (text, ==, "person\ncar");
  g_assert_true (gtk_widget_get_sensitive (NPD (f, "create_button")));

  click_create (f);
  g_assert_true (limn_gui_test_wait_until (created_or_failed, f, 20000));
  g_assert_cmpuint (f->n_created, ==, 1);
  g_assert_cmpstr (limn_project_get_name (f->project), ==, "Streets");
  g_assert_cmpuint (g_list_model_get_n_items (limn_project_get_labels (f->project)), ==, 2);
}

static void
test_new_project_escape (Fixture       *f,
                         gconstpointer  data)
{
  open_dialog (f);
  limn_gui_test_keys (GTK_WINDOW (f->dialog), "Escape");
  g_assert_true (limn_gui_test_wait_until (dialog_gone, f, 5000));
  g_assert_cmpuint (f->n_created, ==, 0);
}

/* Flag dialog */

typedef struct
{
  LimnFlagDialog *dialog;   /* weak */
  GPtrArray      *responses;
  char           *category;
  char           *text;
  guint           n_flags;
} FlagResult;

static void
flag_cb (LimnFlagDialog *dialog,
         const char     *category,
         const char     *text,
         FlagResult     *r)
{
  r->n_flags++;
  g_free (r->category);
  g_free (r->text);
  r->category = g_strdup (category);
  r->text = g_strdup (text);
}

static void
response_cb (AdwMessageDialog *dialog,
             const char       *response,
             FlagResult       *r)
{
  g_ptr_array_add (r->responses, g_strdup (response));
}

static gboolean
flag_dialog_gone (gpointer data)
{
  FlagResult *r = data;

  return r->dialog == NULL;
}

static void
open_flag_dialog (Fixture    *f,
                  FlagResult *r)
{
  r->responses = g_ptr_array_new_with_free_func (g_free);
  r->dialog = limn_flag_dialog_new (f->parent, "2011_000003.jpg");
  g_object_add_weak_pointer (G_OBJECT (r->dialog), (gpointer *)&r->dialog);
  g_signal_connect (r->dialog, "flag", G_CALLBACK (flag_cb), r);
  g_signal_connect (r->dialog, "response", G_CALLBACK (response_cb), r);
  limn_gui_test_show (GTK_WINDOW (r->dialog));
}

static void
flag_result_clear (FlagResult *r)
{
  if (r->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (r->dialog));
  g_clear_pointer (&r->responses, g_ptr_array_unref);
  g_clear_pointer (&r->category, g_free);
  g_clear_pointer (&r->text, g_free);
}

static void
test_flag_ctrl_return (Fixture       *f,
                       gconstpointer  data)
{
  FlagResult r = { 0 };
  g_autofree char *shot = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *text_view;

  open_flag_dialog (f, &r);
  dialog = ADW_MESSAGE_DIALOG (r.dialog);
  text_view = child (r.dialog, LIMN_TYPE_FLAG_DIALOG, "text_view");

  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "“2011_000003.jpg”"));
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (r.dialog)) == text_view);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "flag"));

  gtk_drop_down_set_selected (GTK_DROP_DOWN (child (r.dialog, LIMN_TYPE_FLAG_DIALOG,
                                                    "category_dropdown")), 1);

  /* Spaces do not count; two letters are too few. */
  limn_gui_test_keys (GTK_WINDOW (r.dialog), "space space a space b space");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "flag"));
  limn_gui_test_keys (GTK_WINDOW (r.dialog), "ctrl+Return");
  g_assert_nonnull (r.dialog);
  g_assert_cmpuint (r.n_flags, ==, 0);
  g_assert_cmpuint (r.responses->len, ==, 0);

  limn_gui_test_keys (GTK_WINDOW (r.dialog), "c Return s h i f t e d");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "flag"));
  shot = limn_gui_test_screenshot (GTK_WIDGET (r.dialog), "flag-dialog");

  limn_gui_test_keys (GTK_WINDOW (r.dialog), "ctrl+Return");
  g_assert_true (limn_gui_test_wait_until (flag_dialog_gone, &r, 5000));
  g_assert_cmpuint (r.n_flags, ==, 1);
  g_assert_cmpstr (r.category, ==, "label-conflict");
  g_assert_cmpstr (r.text, ==, "a b c\nshifted");
  g_assert_cmpuint (r.responses->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (r.responses, 0), ==, "flag");

  flag_result_clear (&r);
}

static void
test_flag_click_and_cancel (Fixture       *f,
                            gconstpointer  data)
{
  FlagResult r = { 0 };

  /* Escape sends nothing. */
  open_flag_dialog (f, &r);
  limn_gui_test_keys (GTK_WINDOW (r.dialog), "w h y Escape");
  g_assert_true (limn_gui_test_wait_until (flag_dialog_gone, &r, 5000));
  g_assert_cmpuint (r.n_flags, ==, 0);
  g_assert_cmpuint (r.responses->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (r.responses, 0), ==, "cancel");
  flag_result_clear (&r);

  /* Enter is a new line, not "Flag"; the default category is the first. */
  open_flag_dialog (f, &r);
  limn_gui_test_keys (GTK_WINDOW (r.dialog), "N o Return r u l e");
  g_assert_nonnull (r.dialog);
  g_assert_cmpuint (r.n_flags, ==, 0);
  limn_gui_test_keys (GTK_WINDOW (r.dialog), "ctrl+KP_Enter");
  g_assert_true (limn_gui_test_wait_until (flag_dialog_gone, &r, 5000));
  g_assert_cmpuint (r.n_flags, ==, 1);
  g_assert_cmpstr (r.category, ==, "guideline-gap");
  g_assert_cmpstr (r.text, ==, "No\nrule");
  flag_result_clear (&r);
}

/* Preferences */

static void
test_preferences (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *shot = NULL;
  LimnPreferencesWindow *window;
  GtkWidget *idle_spin, *mp_spin, *crosshair;
  GtkEditable *text;

  g_settings_reset (settings, "idle-threshold");
  g_settings_reset (settings, "max-image-megapixels");
  g_settings_reset (settings, "show-crosshair");

  window = limn_preferences_window_new (f->parent, settings);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *)&window);
  limn_gui_test_show (GTK_WINDOW (window));

  idle_spin = child (window, LIMN_TYPE_PREFERENCES_WINDOW, "idle_spin");
  mp_spin = child (window, LIMN_TYPE_PREFERENCES_WINDOW, "megapixels_spin");
  crosshair = child (window, LIMN_TYPE_PREFERENCES_WINDOW, "crosshair_switch");
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (idle_spin)), ==, 60);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (mp_spin)), ==, 100);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (crosshair)));

  limn_gui_test_spin (500);   /* let the header's transitions settle */
  shot = limn_gui_test_screenshot (GTK_WIDGET (window), "preferences-window");

  /* Arrow keys step the value… */
  limn_gui_test_click (idle_spin, 12, gtk_widget_get_height (idle_spin) / 2.0, 1);
  limn_gui_test_keys (GTK_WINDOW (window), "Up Up");
  g_assert_cmpuint (g_settings_get_uint (settings, "idle-threshold"), ==, 62);

  /* …a typed number counts once entered… */
  limn_gui_test_keys (GTK_WINDOW (window), "ctrl+a 1 2 0 Return");
  g_assert_cmpuint (g_settings_get_uint (settings, "idle-threshold"), ==, 120);

  /* …and one out of range is clamped to the schema's. */
  limn_gui_test_click (mp_spin, 12, gtk_widget_get_height (mp_spin) / 2.0, 1);
  limn_gui_test_keys (GTK_WINDOW (window), "ctrl+a 5 0 0 0 Return");
  g_assert_cmpuint (g_settings_get_uint (settings, "max-image-megapixels"), ==, 1000);
  limn_gui_test_keys (GTK_WINDOW (window), "Page_Down");
  g_assert_cmpuint (g_settings_get_uint (settings, "max-image-megapixels"), ==, 990);

  limn_gui_test_click (crosshair, 10, gtk_widget_get_height (crosshair) / 2.0, 1);
  g_assert_false (g_settings_get_boolean (settings, "show-crosshair"));

  /* Settings changed elsewhere show up here. */
  g_settings_set_uint (settings, "idle-threshold", 300);
  text = GTK_EDITABLE (idle_spin);
  g_assert_cmpstr (gtk_editable_get_text (text), ==, "300");

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_null (window);
}

int
main (int   argc,
      char *argv[])
{
  limn_gui_test_init (&argc, &argv);
  adw_init ();

  /* The resources live in a static library: naming them links them in,
   * and their constructor registers them. */
  g_assert_nonnull (limn_get_resource ());

#define ADD(path, func) \
  g_test_add ("/dialogs/" path, Fixture, NULL, setup, func, teardown)

  ADD ("new-project/folder", test_new_project_folder);
  ADD ("new-project/empty-labels", test_new_project_empty_labels);
  ADD ("new-project/duplicate-label", test_new_project_duplicate_label);
  ADD ("new-project/no-images", test_new_project_no_images);
  ADD ("new-project/invalid-utf8", test_new_project_invalid_utf8);
  ADD ("new-project/labels-txt", test_new_project_labels_txt);
  ADD ("new-project/escape", test_new_project_escape);
  ADD ("flag/ctrl-return", test_flag_ctrl_return);
  ADD ("flag/cancel-and-keypad", test_flag_click_and_cancel);
  ADD ("preferences/keys", test_preferences);

#undef ADD

  return g_test_run ();
}
