/* test-publish-guidelines.c
 *
 * A reviewer publishes guidelines from the app (issue 18), against a real
 * limn-server on a loopback port: version 1 comes from the admin CLI; rita
 * (reviewer), signed in, opens the guidelines (F1), clicks Edit, types a
 * new section and a summary with xdotool, and clicks Publish: the
 * server's guidelines table has version 2 with that body and summary, her
 * store has it, and the window reads version 2. An annotator's window has
 * no Edit button. The editor is photographed
 * (artifacts publish-guidelines-editor.png).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "limn-application.h"
#include "limn-guidelines-window.h"
#include "limn-markdown-view.h"
#include "limn-gui-test.h"
#include "limn-server-test.h"
#include "limn-sync-test.h"
#include "limn-window.h"
#include "limn-window-private.h"
#include "store/limn-store-accounts.h"
#include "../limn-test-util.h"

static LimnApplication *app;

static const char *const texts[] = { "Ada Lovelace wrote to Charles Babbage.", NULL };

static const char *const first_body =
  "# Pioneers\n\n## People\n\nMark every person by full name.\n";

typedef struct
{
  LimnTestServer *server;
  char           *project_id;
  char           *dir;
  char           *db;
  const char     *role;
  LimnWindow     *window;
} Fixture;

static gint64
db_count (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

/* Signed in as @name with @role, the team project stored as the app keeps
 * a remote one, with guidelines version 1. */
static void
prepare_client (Fixture    *f,
                const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnStore) store = NULL;
  g_autoptr(LimnProject) project = limn_project_new (f->project_id, "Pioneers", LIMN_PROJECT_TEXT);
  g_autofree char *token = limn_test_server_add_token (f->server, name, f->project_id, f->role, NULL);
  g_autofree char *label_id = limn_test_server_label_id (f->server, f->project_id, 0);
  g_autoptr(LimnLabel) label = limn_label_new (label_id, "Person", "#3584e4", "1");
  LimnSyncTestClient *client = limn_sync_test_client_new (f->dir);

  g_assert_true (limn_sync_test_sign_in (client->client, limn_test_server_get_url (f->server), token, &error));
  g_assert_no_error (error);
  limn_sync_test_client_free (client, TRUE);

  limn_project_add_label (project, label);
  limn_project_set_guidelines (project, 1, first_body);
  store = limn_store_open (f->db, &error);
  g_assert_no_error (error);
  g_assert_true (limn_store_save_project (store, project, &error));
  g_assert_true (limn_store_set_project_remote (store, f->project_id, limn_test_server_get_url (f->server),
                                                "{}", &error));
  g_assert_no_error (error);
}

static gboolean
role_known (gpointer data)
{
  Fixture *f = data;
  LimnSyncClient *sync = limn_window_get_sync_client (f->window);

  return sync != NULL && g_strcmp0 (limn_sync_client_get_role (sync), f->role) == 0 &&
         f->window->contents != NULL &&
         g_strcmp0 (limn_project_get_id (f->window->contents->project), f->project_id) == 0;
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autofree char *file = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  f->role = data;
  f->dir = limn_test_mkdtemp ();
  f->db = g_build_filename (f->dir, "limn.db", NULL);

  f->server = limn_test_server_new ();
  f->project_id = limn_test_server_add_text_project (f->server, "Pioneers", texts);
  file = g_build_filename (f->dir, "v1.md", NULL);
  g_assert_true (g_file_set_contents (file, first_body, -1, NULL));
  out = limn_test_server_admin (f->server, "guidelines", "publish", "--project", f->project_id,
                                "--file", file, "--summary", "First version", NULL);
  g_assert_nonnull (strstr (out, "version=1"));
  limn_test_server_start (f->server, NULL, NULL);

  prepare_client (f, g_str_equal (f->role, "reviewer") ? "rita" : "carol");
  g_setenv ("LIMN_DATA_DIR", f->dir, TRUE);
  /* The team project opens first, as it would after a sign-in. */
  g_settings_set_string (settings, "last-project", f->project_id);
  f->window = limn_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1000, 800);
  limn_window_open_default (f->window);
  limn_gui_test_show (GTK_WINDOW (f->window));
  g_assert_true (limn_gui_test_wait_until (role_known, f, 30000));
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  if (f->window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->window));
  limn_gui_test_spin (200);
  g_clear_pointer (&f->server, limn_test_server_free);
  limn_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->db);
  g_free (f->project_id);
}

static LimnGuidelinesWindow *
open_guidelines (Fixture *f)
{
  limn_gui_test_keys (GTK_WINDOW (f->window), "F1");
  limn_gui_test_spin (300);
  g_assert_nonnull (f->window->guidelines_window);
  limn_gui_test_show (GTK_WINDOW (f->window->guidelines_window));
  limn_gui_test_spin (300);
  return f->window->guidelines_window;
}

static void
click_center (GtkWidget *widget)
{
  limn_gui_test_click (widget, gtk_widget_get_width (widget) / 2.0, gtk_widget_get_height (widget) / 2.0, 1);
}

static gboolean
server_has_v2 (gpointer data)
{
  Fixture *f = data;

  return limn_test_db_count (f->server, "SELECT COUNT(*) FROM guidelines WHERE version = 2") == 1;
}

/* An annotator's answer with Person under version 1: what a change to
 * Person's rules proposes for relabeling. */
static void
seed_answer (Fixture *f)
{
  g_autofree char *token = limn_test_server_add_token (f->server, "anna", f->project_id, "annotator", NULL);
  g_autofree char *label_id = limn_test_server_label_id (f->server, f->project_id, 0);
  g_autofree char *claims = g_strdup_printf ("/api/v1/projects/%s/claims", f->project_id);
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *region = g_uuid_string_random ();
  g_autofree char *batch = NULL;
  g_auto(LimnTestResponse) claimed = { 0 };
  g_auto(LimnTestResponse) posted = { 0 };
  JsonArray *a;
  const char *task;

  limn_test_request (f->server, "POST", claims, token, "{\"count\": 1}", &claimed, NULL);
  g_assert_cmpuint (claimed.status, ==, 200);
  a = json_object_get_array_member (limn_test_response_object (&claimed), "assignments");
  g_assert_cmpuint (json_array_get_length (a), ==, 1);
  task = json_object_get_string_member (json_object_get_object_member (json_array_get_object_element (a, 0),
                                                                       "task"), "id");
  batch = g_strdup_printf ("{\"items\": [{\"kind\": \"annotation\", \"id\": \"%s\", \"task_id\": \"%s\", "
                           "\"revision\": 1, \"guideline_version\": 1, \"regions\": [{\"id\": \"%s\", "
                           "\"kind\": \"span\", \"label\": \"%s\", \"start\": 0, \"end\": 12, "
                           "\"text\": \"Ada Lovelace\"}]}]}", id, task, region, label_id);
  limn_test_request (f->server, "POST", "/api/v1/batches", token, batch, &posted,
                     "Idempotency-Key", id, NULL);
  g_assert_cmpuint (posted.status, ==, 200);
  g_assert_cmpint (limn_test_db_count (f->server, "SELECT COUNT(*) FROM annotations"), ==, 1);
}

static void
test_reviewer_publishes (Fixture       *f,
                         gconstpointer  data)
{
  LimnGuidelinesWindow *gw;
  GtkWidget *edit, *source, *summary, *publish, *labels, *person;
  g_autofree char *body = NULL;
  g_autofree char *campaign_labels = NULL;
  g_autofree char *label_id = limn_test_server_label_id (f->server, f->project_id, 0);
  g_autofree char *server_summary = NULL;
  g_autofree char *shot = NULL;

  seed_answer (f);
  gw = open_guidelines (f);
  edit = limn_guidelines_window_get_edit_button (gw);
  g_assert_nonnull (edit);
  click_center (edit);
  limn_gui_test_spin (300);
  g_assert_null (limn_guidelines_window_get_edit_button (gw));

  source = limn_guidelines_window_get_editor_widget (gw, "source");
  summary = limn_guidelines_window_get_editor_widget (gw, "summary");
  publish = limn_guidelines_window_get_editor_widget (gw, "publish");
  g_assert_true (gtk_widget_get_mapped (source));
  g_assert_false (gtk_widget_get_sensitive (publish));

  /* A new section at the end, typed. */
  click_center (source);
  limn_gui_test_keys (GTK_WINDOW (gw), "ctrl+End Return");
  limn_gui_test_type (GTK_WINDOW (gw), "## Night");
  limn_gui_test_keys (GTK_WINDOW (gw), "Return Return");
  limn_gui_test_type (GTK_WINDOW (gw), "Box people at night too.");
  limn_gui_test_spin (300);
  /* Something changed, no summary yet: not publishable. */
  g_assert_nonnull (limn_gui_test_list_row (limn_guidelines_window_get_editor_widget (gw, "changes"), 0));
  g_assert_false (gtk_widget_get_sensitive (publish));

  click_center (summary);
  limn_gui_test_type (GTK_WINDOW (gw), "Night scenes added");
  limn_gui_test_spin (300);
  g_assert_true (gtk_widget_get_sensitive (publish));

  /* The project's labels, one check each: Person's rules changed. */
  labels = limn_guidelines_window_get_editor_widget (gw, "labels");
  g_assert_true (gtk_widget_get_mapped (labels));
  person = gtk_flow_box_child_get_child (gtk_flow_box_get_child_at_index (GTK_FLOW_BOX (labels), 0));
  g_assert_null (gtk_flow_box_get_child_at_index (GTK_FLOW_BOX (labels), 1));
  g_assert_cmpstr (gtk_check_button_get_label (GTK_CHECK_BUTTON (person)), ==, "Person");
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (person)));
  click_center (person);
  limn_gui_test_spin (300);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (person)));
  shot = limn_gui_test_screenshot (GTK_WIDGET (gw), "publish-guidelines-editor");

  click_center (publish);
  g_assert_true (limn_gui_test_wait_until (server_has_v2, f, 30000));

  body = limn_test_db_text (f->server, "SELECT body FROM guidelines WHERE project_id = ?1 AND version = 2",
                            f->project_id);
  server_summary = limn_test_db_text (f->server,
                                      "SELECT summary FROM guidelines WHERE project_id = ?1 AND version = 2",
                                      f->project_id);
  g_assert_nonnull (strstr (body, "# Pioneers"));
  g_assert_nonnull (strstr (body, "## Night\n\nBox people at night too."));
  g_assert_cmpstr (server_summary, ==, "Night scenes added");
  g_assert_cmpint (limn_test_db_count (f->server, "SELECT COUNT(*) FROM guidelines"), ==, 2);

  /* Sent as labels: the server proposed relabeling anna's Person. */
  g_assert_cmpint (limn_test_db_count (f->server, "SELECT COUNT(*) FROM campaigns WHERE state = 'proposed' "
                                                  "AND proposed_from_guidelines = 2"), ==, 1);
  campaign_labels = limn_test_db_text (f->server, "SELECT json_extract (scope, '$.labels[0]') FROM campaigns "
                                                  "WHERE project_id = ?1", f->project_id);
  g_assert_cmpstr (campaign_labels, ==, label_id);

  /* Stored here at once, and read as version 2. */
  g_assert_true (limn_gui_test_wait_until ((gboolean (*) (gpointer))limn_guidelines_window_get_edit_button,
                                           gw, 10000));
  g_assert_cmpint (db_count (f->db, "SELECT COUNT(*) FROM guidelines WHERE version = 2 "
                                    "AND summary = 'Night scenes added' AND body LIKE '%## Night%'"), ==, 1);
  g_assert_cmpstr (limn_markdown_view_get_markdown (LIMN_MARKDOWN_VIEW (limn_guidelines_window_get_view (gw))),
                   ==, body);
  /* Her own version leaves nothing older to acknowledge on screen. */
  g_assert_null (limn_guidelines_window_get_ack_button (gw));
  limn_gui_test_spin (500);
  g_free (limn_gui_test_screenshot (GTK_WIDGET (gw), "publish-guidelines-published"));
}

static void
test_annotator_no_edit (Fixture       *f,
                        gconstpointer  data)
{
  LimnGuidelinesWindow *gw = open_guidelines (f);

  g_assert_true (limn_guidelines_window_is_rendered (gw) || limn_gui_test_wait_until (
    (gboolean (*) (gpointer))limn_guidelines_window_is_rendered, gw, 10000));
  g_assert_null (limn_guidelines_window_get_edit_button (gw));
  g_free (limn_gui_test_screenshot (GTK_WIDGET (gw), "publish-guidelines-annotator"));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;

  g_setenv ("LIMN_CREDENTIALS", "file", TRUE);
  limn_gui_test_init (&argc, &argv);

  app = limn_application_new ();
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add ("/publish-guidelines/reviewer", Fixture, "reviewer", setup, test_reviewer_publishes, teardown);
  g_test_add ("/publish-guidelines/annotator-no-edit", Fixture, "annotator", setup, test_annotator_no_edit,
              teardown);

  return g_test_run ();
}
