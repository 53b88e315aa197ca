/* test-guardrails-dialog.c
 *
 * The project's guardrails at submit (issue 23, docs/guardrails.md), in
 * the real window on a real database file under Xvfb, driven by xdotool.
 * The project file requires a Car (block) and warns on near-duplicate
 * boxes. Ctrl+Return on the empty task opens the dialog with Submit
 * Anyway disabled, and nothing is submitted; after Escape, two Car boxes
 * are drawn with the pointer, one over the other. Ctrl+Return again lists
 * the duplicate as a warning; choosing it selects one of the boxes; a
 * reason typed enables Submit Anyway, Return submits, and the database
 * holds the submitted annotation and the guardrail_override event with
 * the rule id and the reason. Screenshots: guardrails-blocked.png,
 * guardrails-warn.png.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sqlite3.h>

#include "limn-application.h"
#include "limn-gui-db.h"
#include "limn-gui-test.h"
#include "limn-guardrails-dialog.h"
#include "limn-image-canvas.h"
#include "limn-window.h"
#include "store/limn-store.h"
#include "../limn-test-util.h"

#define PROJECT    "3c1d2b7e-0f4a-4e52-9b1d-6a7c8e9f0a21"
#define IMAGE_TASK "5e2a9c1f-7b3d-4f60-8a2e-1c4d6b8f0e32"
#define TEXT_TASK  "8d4b6f2a-9c1e-4a73-b5d0-2e6f8a1c3b43"

static LimnApplication *app;

typedef struct
{
  char       *dir;
  char       *db;
  char       *project_file;
  LimnWindow *window;
  char       *opened;
} Fixture;

static void
task_opened_cb (LimnWindow *window,
                const char *task_id,
                Fixture    *f)
{
  g_free (f->opened);
  f->opened = g_strdup (task_id);
}

static gboolean
task_open (gpointer data)
{
  Fixture *f = data;

  return f->opened != NULL && limn_window_get_draft (f->window) != NULL;
}

static gboolean
canvas_ready (gpointer data)
{
  Fixture *f = data;
  LimnImageCanvas *canvas = LIMN_IMAGE_CANVAS (limn_window_get_image_canvas (f->window));

  return limn_image_canvas_get_state (canvas) == LIMN_IMAGE_CANVAS_STATE_READY;
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autofree char *shared = g_build_filename (g_getenv ("LIMN_SOURCE_ROOT"), "data", "demo", "images",
                                              "chelsea.png", NULL);
  g_autofree char *image = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *data_dir = NULL;
  gsize len;
  const char *json =
    "{\"format\": \"limn-project\", \"version\": 1, \"id\": \"" PROJECT "\","
    " \"name\": \"Guardrails\", \"kind\": \"both\","
    " \"labels\": [{\"name\": \"Person\", \"hotkey\": \"1\"},"
    "              {\"name\": \"Car\", \"hotkey\": \"2\"}],"
    " \"guardrails\": {\"rules\": ["
    "   {\"id\": \"need-car\", \"rule\": \"required_label\", \"severity\": \"block\","
    "    \"label\": \"Car\"},"
    "   {\"id\": \"dup\", \"rule\": \"duplicate_box\", \"severity\": \"warn\", \"iou\": 0.6}]},"
    " \"tasks\": [{\"id\": \"" IMAGE_TASK "\", \"image\": \"photo.png\"},"
    "           {\"id\": \"" TEXT_TASK "\", \"text\": \"Hello in Paris\", \"language\": \"en\"}]}";

  f->dir = limn_test_mkdtemp ();
  data_dir = g_build_filename (f->dir, "data", NULL);
  g_setenv ("LIMN_DATA_DIR", data_dir, TRUE);
  f->db = limn_store_default_path ();

  image = g_build_filename (f->dir, "photo.png", NULL);
  g_assert_true (g_file_get_contents (shared, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (image, contents, len, NULL));
  f->project_file = g_build_filename (f->dir, "project.json", NULL);
  g_assert_true (g_file_set_contents (f->project_file, json, -1, NULL));

  f->window = limn_window_new (app);
  g_signal_connect (f->window, "task-opened", G_CALLBACK (task_opened_cb), f);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
  limn_window_open_project_file (f->window, f->project_file);
  limn_gui_test_show (GTK_WINDOW (f->window));
  g_assert_true (limn_gui_test_wait_until (task_open, f, 20000));
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  if (f->window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->window));
  limn_gui_test_spin (50);
  limn_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->db);
  g_free (f->project_file);
  g_free (f->opened);
}

static char *
db_text (Fixture    *f,
         const char *sql,
         const char *arg)
{
  return limn_gui_db_text (f->db, sql, arg);
}

static void
assert_db (Fixture    *f,
           const char *sql,
           const char *arg,
           const char *want)
{
  limn_gui_db_assert (f->db, sql, arg, want);
}

static LimnGuardrailsDialog *
guardrails_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (LIMN_IS_GUARDRAILS_DIALOG (w) && gtk_widget_get_mapped (GTK_WIDGET (w)))
        return LIMN_GUARDRAILS_DIALOG (w);
    }
  return NULL;
}

static gboolean
dialog_shown (gpointer data)
{
  return guardrails_dialog () != NULL;
}

static gboolean
dialog_gone (gpointer data)
{
  return guardrails_dialog () == NULL;
}

static guint
n_regions (Fixture *f)
{
  LimnDraft *draft = limn_window_get_draft (f->window);

  return draft != NULL ? limn_draft_get_n_regions (draft) : 0;
}

static gboolean
has_two_regions (gpointer data)
{
  return n_regions (data) == 2;
}

static gboolean
has_one_region (gpointer data)
{
  return n_regions (data) == 1;
}

static gboolean
on_text_task (gpointer data)
{
  Fixture *f = data;

  return task_open (f) && g_strcmp0 (f->opened, TEXT_TASK) == 0;
}

static void
test_submit_with_guardrails (Fixture       *f,
                             gconstpointer  data)
{
  GtkWindow *window = GTK_WINDOW (f->window);
  GtkWidget *canvas = limn_window_get_image_canvas (f->window);
  LimnGuardrailsDialog *dialog;
  LimnDraft *draft;
  GtkWidget *row;
  const char *selected;
  g_autofree char *car = NULL;
  g_autofree char *none_yet = NULL;

  g_assert_cmpstr (f->opened, ==, IMAGE_TASK);
  g_assert_true (limn_gui_test_wait_until (canvas_ready, f, 20000));
  limn_gui_test_spin (200);
  car = g_strstrip (db_text (f, "SELECT id FROM labels WHERE name = ?1", "Car"));

  /* No Car yet: the block rule stops the submit; Submit Anyway is off. */
  limn_gui_test_keys (window, "ctrl+Return");
  g_assert_true (limn_gui_test_wait_until (dialog_shown, NULL, 5000));
  limn_gui_test_spin (300);
  dialog = guardrails_dialog ();
  g_assert_true (limn_guardrails_dialog_get_blocked (dialog));
  g_assert_cmpuint (limn_guardrails_dialog_get_n_findings (dialog), ==, 1);
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "submit"));
  g_assert_false (gtk_widget_get_visible (limn_guardrails_dialog_get_reason_entry (dialog)) &&
                  gtk_widget_get_mapped (limn_guardrails_dialog_get_reason_entry (dialog)));
  g_free (limn_gui_test_screenshot_root ("guardrails-blocked"));
  limn_gui_test_keys (GTK_WINDOW (dialog), "Escape");
  g_assert_true (limn_gui_test_wait_until (dialog_gone, NULL, 5000));
  limn_gui_test_spin (200);
  none_yet = db_text (f, "SELECT count (*) FROM annotations WHERE task_id = ?1 AND state = 'submitted'",
                      IMAGE_TASK);
  g_assert_cmpstr (none_yet, ==, "0\n");

  /* 2 with nothing selected makes Car the label of new boxes; two boxes
   * drawn with the pointer, the second over most of the first (IoU ≈ 0.7). */
  limn_gui_test_keys (window, "2");
  limn_gui_test_drag (canvas, 1, 300, 250, 420, 360, 6);
  g_assert_true (limn_gui_test_wait_until (has_one_region, f, 5000));
  limn_gui_test_keys (window, "Escape");
  limn_gui_test_drag (canvas, 1, 440, 380, 302, 252, 6);
  g_assert_true (limn_gui_test_wait_until (has_two_regions, f, 5000));
  draft = limn_window_get_draft (f->window);
  g_assert_cmpstr (limn_draft_get_region (draft, 0)->label_id, ==, car);
  g_assert_cmpstr (limn_draft_get_region (draft, 1)->label_id, ==, car);

  /* Only a warning now: the reason enables Submit Anyway. */
  limn_gui_test_keys (window, "ctrl+Return");
  g_assert_true (limn_gui_test_wait_until (dialog_shown, NULL, 5000));
  limn_gui_test_spin (300);
  dialog = guardrails_dialog ();
  g_assert_false (limn_guardrails_dialog_get_blocked (dialog));
  g_assert_cmpuint (limn_guardrails_dialog_get_n_findings (dialog), ==, 1);
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "submit"));

  /* Choosing the finding selects one of its boxes on the canvas. */
  limn_image_canvas_select (LIMN_IMAGE_CANVAS (canvas), NULL);
  row = limn_gui_test_list_row (limn_guardrails_dialog_get_list (dialog), 0);
  limn_gui_test_click (row, gtk_widget_get_width (row) / 2.0, gtk_widget_get_height (row) / 2.0, 1);
  limn_gui_test_spin (200);
  selected = limn_image_canvas_get_selected (LIMN_IMAGE_CANVAS (canvas));
  g_assert_nonnull (selected);
  g_assert_nonnull (limn_draft_lookup_region (draft, selected));

  /* Alt+R (the reason's mnemonic), the reason, Return: Submit Anyway. */
  limn_gui_test_keys (GTK_WINDOW (dialog), "alt+r");
  limn_gui_test_type (GTK_WINDOW (dialog), "two cars parked bumper to bumper");
  limn_gui_test_spin (100);
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "submit"));
  g_free (limn_gui_test_screenshot_root ("guardrails-warn"));
  limn_gui_test_keys (GTK_WINDOW (dialog), "Return");
  g_assert_true (limn_gui_test_wait_until (dialog_gone, NULL, 5000));

  assert_db (f, "SELECT state, count (*) FROM annotations WHERE task_id = ?1 AND state = 'submitted'",
             IMAGE_TASK, "submitted|1\n");
  assert_db (f, "SELECT json_extract (payload, '$.rules'), json_extract (payload, '$.reason'),"
                " json_extract (payload, '$.findings') FROM events"
                " WHERE type = 'guardrail_override' AND task_id = ?1", IMAGE_TASK,
             "[\"dup\"]|two cars parked bumper to bumper|1\n");
  g_assert_true (limn_gui_test_wait_until (on_text_task, f, 10000));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;

  limn_gui_test_init (&argc, &argv);

  app = limn_application_new ();
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add ("/guardrails-dialog/submit", Fixture, NULL, setup, test_submit_with_guardrails,
              teardown);

  return g_test_run ();
}
