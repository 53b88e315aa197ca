/* test-review-page.c
 *
 * The Review page as a reviewer meets it, under Xvfb with real input from
 * xdotool: a store prepared through the core API (a reviewer's account, a
 * remote project, two leased review items each with two annotators'
 * revisions, parsed from a review/claims answer as the sync client gets
 * it); the window opens, the page is chosen in the switcher, both
 * annotators' overlays are drawn, one is hidden from the legend (checked
 * in the pixels), a box of the editable copy is dragged and Corrected (the
 * outbox holds the verdict with the moved box); the next item opens, a
 * comment is pinned to a clicked region and the task is Sent Back with a
 * reason and a comment (the outbox holds them). A coaching note to one
 * annotator is written in a popover and sent with Ctrl+Enter (the outbox
 * holds it, and the history lists it). The server is not there:
 * all of it works offline. An annotator's window does not offer the page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "limn-annotator-legend.h"
#include "limn-application.h"
#include "limn-gui-test.h"
#include "limn-image-canvas.h"
#include "limn-overlay-layer.h"
#include "limn-review-page.h"
#include "limn-send-back-dialog.h"
#include "limn-window.h"
#include "limn-window-private.h"
#include "store/limn-store-accounts.h"
#include "store/limn-store-review.h"
#include "sync/limn-credentials.h"
#include "sync/limn-media-cache.h"
#include "sync/limn-wire-review.h"
#include "../limn-test-util.h"

#define P      "11111111-1111-4111-8111-111111111111"
#define L1     "22222222-2222-4222-8222-222222222201"
#define L2     "22222222-2222-4222-8222-222222222202"
#define SHA    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define ITEM1  "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbb01"
#define ITEM2  "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbb02"
#define ANN_R1 "eeeeeeee-eeee-4eee-8eee-eeeeeeeeee01"
#define BOB_R2 "eeeeeeee-eeee-4eee-8eee-eeeeeeeeee04"
#define SERVER "http://127.0.0.1:9"

static LimnApplication *app;

/* One item: ann's Person box at (60, 60, 120, 90), bob's Car box far from
 * it at (300, 80, 100, 80): they disagree. */
#define ITEM(item, task, title, ra, rb, aa, ab, created, gold, history, flags) \
  "{ \"item_id\": \"" item "\", \"reasons\": [\"disagreement\", \"audit\"], \"min_level\": 1," \
  "  \"lease_expires_us\": 4000000000000000," \
  "  \"task\": { \"id\": \"" task "\", \"kind\": \"image\", \"title\": \"" title "\", \"position\": 0," \
  "    \"media\": { \"sha256\": \"" SHA "\", \"size\": 1000, \"width\": 500, \"height\": 338, \"mime\": \"image/jpeg\" } }," \
  "  \"annotations\": [" \
  "    { \"id\": \"" aa "\", \"annotator\": \"ann\", \"author\": \"ann\", \"revision\": 1, \"parent_id\": null," \
  "      \"state\": \"submitted\", \"confidence\": 0.4, \"active_ms\": 41000, \"guideline_version\": 1," \
  "      \"submitted_us\": " created "," \
  "      \"regions\": [ { \"id\": \"" ra "\", \"kind\": \"box\", \"label\": \"" L1 "\", \"box\": [60, 60, 120, 90] } ] }," \
  "    { \"id\": \"" ab "\", \"annotator\": \"bob\", \"author\": \"bob\", \"revision\": 1, \"parent_id\": null," \
  "      \"state\": \"submitted\", \"confidence\": 0.9, \"active_ms\": 12000, \"guideline_version\": 1," \
  "      \"submitted_us\": " created "," \
  "      \"regions\": [ { \"id\": \"" rb "\", \"kind\": \"box\", \"label\": \"" L2 "\", \"box\": [300, 80, 100, 80] } ] } ]," \
  "  \"flags\": " flags ", \"gold\": " gold ", \"history\": " history " }"

/* The second task is a gold task: its answer, a Person box clear of both
 * annotators'. */
#define GOLD2 \
  "{ \"regions\": [ { \"id\": \"ffffffff-ffff-4fff-8fff-ffffffffff01\", \"kind\": \"box\"," \
  "  \"label\": \"" L1 "\", \"box\": [200, 200, 80, 60] } ] }"

/* The second task was sent back before, by sam. */
#define HISTORY2 \
  "[ { \"kind\": \"review\", \"review_id\": \"99999999-9999-4999-8999-999999999901\", \"reviewer\": \"sam\"," \
  "    \"annotation_id\": \"dddddddd-dddd-4ddd-8ddd-dddddddddd03\", \"verdict\": \"send_back\"," \
  "    \"reason_code\": \"wrong_label\", \"comment\": \"The van is a Car\", \"comments\": []," \
  "    \"created_us\": 1700000000000002 } ]"

/* ann flagged the second task. */
#define FLAG2 "cccccccc-cccc-4ccc-8ccc-cccccccccc01"
#define FLAGS2 \
  "[ { \"id\": \"" FLAG2 "\", \"annotator\": \"ann\", \"category\": \"unclear\"," \
  "    \"body\": \"Is a van a Car?\", \"region_id\": null, \"state\": \"open\"," \
  "    \"created_us\": 1700000000000003 } ]"

static const char claims_json[] =
  "{ \"items\": [ "
  ITEM (ITEM1, "33333333-3333-4333-8333-333333333301", "one.jpg", ANN_R1, "eeeeeeee-eeee-4eee-8eee-eeeeeeeeee02",
        "dddddddd-dddd-4ddd-8ddd-dddddddddd01", "dddddddd-dddd-4ddd-8ddd-dddddddddd02", "1700000000000000",
        "null", "[]", "[]")
  ", "
  ITEM (ITEM2, "33333333-3333-4333-8333-333333333302", "two.jpg", "eeeeeeee-eeee-4eee-8eee-eeeeeeeeee03", BOB_R2,
        "dddddddd-dddd-4ddd-8ddd-dddddddddd03", "dddddddd-dddd-4ddd-8ddd-dddddddddd04", "1700000000000001",
        GOLD2, HISTORY2, FLAGS2)
  " ] }";

typedef struct
{
  char       *dir;
  char       *data_dir;
  char       *db;
  LimnWindow *window;
} Fixture;

static LimnProject *
new_project (void)
{
  LimnProject *p = limn_project_new (P, "Street", LIMN_PROJECT_IMAGE);
  g_autoptr(LimnLabel) l1 = limn_label_new (L1, "Person", "#3584e4", "1");
  g_autoptr(LimnLabel) l2 = limn_label_new (L2, "Car", "#e66100", "2");

  limn_project_add_label (p, l1);
  limn_project_add_label (p, l2);
  return p;
}

static void
stored_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static gboolean
role_known (gpointer data)
{
  Fixture *f = data;
  LimnSyncClient *sync = limn_window_get_sync_client (f->window);

  return sync != NULL && limn_sync_client_get_role (sync) != NULL && f->window->contents != NULL;
}

/* data: the role, "reviewer" or "annotator". */
static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnStore) store = NULL;
  g_autoptr(LimnProject) project = new_project ();
  g_autoptr(LimnAccount) account = NULL;
  g_autoptr(LimnCredentials) credentials = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *token_ref = NULL;
  LimnWireMe me = { (char *) "0e0e0e0e-0000-4000-8000-000000000009", (char *) "rita", (char *) data, (char *) P };

  f->dir = limn_test_mkdtemp ();
  f->data_dir = g_build_filename (f->dir, "client", NULL);
  g_mkdir_with_parents (f->data_dir, 0700);
  f->db = g_build_filename (f->data_dir, "limn.db", NULL);
  g_setenv ("LIMN_DATA_DIR", f->data_dir, TRUE);

  store = limn_store_open (f->db, &error);
  g_assert_no_error (error);
  g_assert_true (limn_store_save_project (store, project, &error));
  g_assert_true (limn_store_set_project_remote (store, P, SERVER, "{}", &error));
  g_assert_no_error (error);

  if (g_str_equal (data, "reviewer"))
    {
      g_autoptr(GBytes) body = g_bytes_new_static (claims_json, sizeof claims_json - 1);
      g_autoptr(GPtrArray) items = limn_wire_parse_review_claims (body, project, 10, &error);
      g_autofree char *photo = limn_gui_test_copy_photo (f->dir);
      g_autofree char *media_dir = g_build_filename (f->data_dir, "media", NULL);
      g_autofree char *cached = limn_media_cache_path (media_dir, SHA);
      g_autofree char *cached_dir = g_path_get_dirname (cached);
      g_autofree char *contents = NULL;
      gsize length;

      g_assert_no_error (error);
      for (guint i = 0; i < items->len; i++)
        g_assert_true (limn_store_review_save_leased (store, P, g_ptr_array_index (items, i), &error));
      g_assert_no_error (error);

      /* The image, as the media cache keeps it once fetched. */
      g_mkdir_with_parents (cached_dir, 0700);
      g_assert_true (g_file_get_contents (photo, &contents, &length, &error));
      g_assert_true (g_file_set_contents (cached, contents, length, &error));
    }

  /* Signed in earlier: the account and its token, kept in a file. */
  credentials = limn_credentials_new (f->data_dir, LIMN_CREDENTIALS_FILE);
  account = limn_store_ensure_account (store, SERVER, &me, "file", TRUE, &error);
  g_assert_no_error (error);
  limn_credentials_store_async (credentials, account->id, SERVER, "rita-token", NULL, stored_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  token_ref = limn_credentials_store_finish (credentials, result, &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  f->window = limn_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1400, 860);
  limn_window_open_default (f->window);
  limn_gui_test_show (GTK_WINDOW (f->window));
  g_assert_true (limn_gui_test_wait_until (role_known, f, 20000));
  limn_gui_test_spin (200);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  if (f->window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->window));
  limn_gui_test_spin (100);
  limn_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->data_dir);
  g_free (f->db);
}

/* Widgets */

static GtkWidget *
find_switcher_button (GtkWidget  *root,
                      const char *title)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_TOGGLE_BUTTON (child) && gtk_widget_is_drawable (child))
        {
          for (GtkWidget *w = child; w != NULL; )
            {
              if (GTK_IS_LABEL (w) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (w)), title) == 0)
                return child;
              /* Depth-first over the button's descendants. */
              if (gtk_widget_get_first_child (w) != NULL)
                w = gtk_widget_get_first_child (w);
              else
                {
                  while (w != child && gtk_widget_get_next_sibling (w) == NULL)
                    w = gtk_widget_get_parent (w);
                  w = w == child ? NULL : gtk_widget_get_next_sibling (w);
                }
            }
        }
      if ((found = find_switcher_button (child, title)) != NULL)
        return found;
    }
  return NULL;
}

static LimnReviewPage *
review_page (Fixture *f)
{
  GtkWidget *child = adw_bin_get_child (g_ptr_array_index (f->window->page_slots, 1));

  return child != NULL ? LIMN_REVIEW_PAGE (child) : NULL;
}

static gboolean
item_shown (gpointer data)
{
  Fixture *f = data;
  LimnReviewPage *page = review_page (f);

  return page != NULL && limn_review_page_get_item_id (page) != NULL &&
         limn_image_canvas_has_image (LIMN_IMAGE_CANVAS (limn_review_page_get_canvas (page)));
}

static gboolean
second_item_shown (gpointer data)
{
  Fixture *f = data;

  return item_shown (f) && g_strcmp0 (limn_review_page_get_item_id (review_page (f)), ITEM2) == 0;
}

/* Pixels */

static guint
count_color (const char   *png,
             const guchar  rgb[3])
{
  g_autoptr(GdkTexture) texture = gdk_texture_new_from_filename (png, NULL);
  int w = gdk_texture_get_width (texture), h = gdk_texture_get_height (texture);
  g_autofree guchar *data = g_malloc ((gsize) w * h * 4);
  guint n = 0;

  gdk_texture_download (texture, data, w * 4);
  for (int i = 0; i < w * h; i++)
    {
      /* BGRA in memory (cairo's ARGB32 on little-endian). */
      const guchar *p = data + i * 4;

      if (ABS (p[2] - rgb[0]) <= 12 && ABS (p[1] - rgb[1]) <= 12 && ABS (p[0] - rgb[2]) <= 12)
        n++;
    }
  return n;
}

/* The database */

static JsonObject *
outbox_review (Fixture    *f,
               const char *verdict)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  JsonObject *found = NULL;

  g_assert_cmpint (sqlite3_open_v2 (f->db, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 2000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT payload FROM outbox WHERE kind = 'review' ORDER BY seq",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (found == NULL && sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *o;

      g_assert_true (json_parser_load_from_data (parser, (const char *) sqlite3_column_text (stmt, 0), -1, NULL));
      o = json_node_get_object (json_parser_get_root (parser));
      if (g_strcmp0 (json_object_get_string_member_with_default (o, "verdict", ""), verdict) == 0)
        found = json_object_ref (o);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return found;
}

/* The outbox's message items, oldest first, as "state:body" lines. */
static char *
outbox_messages (Fixture *f)
{
  GString *out = g_string_new (NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (f->db, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 2000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT payload FROM outbox WHERE kind = 'message' ORDER BY seq",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *o;

      g_assert_true (json_parser_load_from_data (parser, (const char *) sqlite3_column_text (stmt, 0), -1, NULL));
      o = json_node_get_object (json_parser_get_root (parser));
      g_assert_cmpstr (json_object_get_string_member (o, "thread_id"), ==, FLAG2);
      g_string_append_printf (out, "%s:%s\n", json_object_get_string_member_with_default (o, "state", ""),
                              json_object_get_string_member (o, "body"));
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return g_string_free (out, FALSE);
}

/* The outbox's note items, oldest first, as "annotator:body" lines. */
static char *
outbox_notes (Fixture *f)
{
  GString *out = g_string_new (NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (f->db, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 2000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT payload FROM outbox WHERE kind = 'note' ORDER BY seq",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *o;

      g_assert_true (json_parser_load_from_data (parser, (const char *) sqlite3_column_text (stmt, 0), -1, NULL));
      o = json_node_get_object (json_parser_get_root (parser));
      g_assert_cmpstr (json_object_get_string_member (o, "kind"), ==, "note");
      g_assert_nonnull (json_object_get_string_member (o, "id"));
      g_string_append_printf (out, "%s:%s\n", json_object_get_string_member (o, "annotator"),
                              json_object_get_string_member (o, "body"));
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return g_string_free (out, FALSE);
}

typedef struct
{
  Fixture    *f;
  const char *want;
} MessagesWait;

static gboolean
notes_are (gpointer data)
{
  MessagesWait *w = data;
  g_autofree char *have = outbox_notes (w->f);

  return g_strcmp0 (have, w->want) == 0;
}

static GtkWidget *
find_text_view (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_TEXT_VIEW (child))
        return child;
      if ((found = find_text_view (child)) != NULL)
        return found;
    }
  return NULL;
}

static gboolean
messages_are (gpointer data)
{
  MessagesWait *w = data;
  g_autofree char *have = outbox_messages (w->f);

  return g_strcmp0 (have, w->want) == 0;
}

static guint
n_rows_of (GtkWidget *list)
{
  guint n = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    n += ADW_IS_ACTION_ROW (row);
  return n;
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (child)), label) == 0)
        return child;
      if ((found = find_button (child, label)) != NULL)
        return found;
    }
  return NULL;
}

typedef struct
{
  GtkWidget *list;
  guint      n;
} RowsWait;

static gboolean
rows_are (gpointer data)
{
  RowsWait *w = data;

  return n_rows_of (w->list) == w->n;
}

typedef struct
{
  Fixture    *f;
  const char *verdict;
} OutboxWait;

static gboolean
in_outbox (gpointer data)
{
  OutboxWait *w = data;
  g_autoptr(JsonObject) o = outbox_review (w->f, w->verdict);

  return o != NULL;
}

static const guchar orange[3] = { 230, 159, 0 };
static const guchar yellow[3] = { 240, 228, 66 };

static void
test_review (Fixture       *f,
             gconstpointer  data)
{
  GtkWidget *button = find_switcher_button (GTK_WIDGET (f->window), "Review");
  LimnReviewPage *page;
  LimnImageCanvas *canvas;
  LimnAnnotatorLegend *legend;
  g_autofree char *shot_both = NULL;
  g_autofree char *shot_one = NULL;
  g_autofree char *shot = NULL;
  g_autofree char *shot_gold = NULL;
  g_autoptr(LimnOverlayLayer) gold = NULL;
  GListModel *layers;
  GtkWidget *history, *thread, *thread_list, *reply_view, *notes, *note_button, *popover, *note_view;
  MessagesWait notes_wait = { f, "ann:Box the whole person, feet too\n" };
  g_autoptr(JsonObject) accepted = NULL;
  gboolean noted = FALSE;
  RowsWait rows_wait = { NULL, 0 };
  MessagesWait messages_wait = { f, NULL };
  guint n_rows, sams = 0;
  g_autoptr(JsonObject) corrected = NULL;
  g_autoptr(JsonObject) sent = NULL;
  OutboxWait wait = { f, "correct" };
  double x1, y1, x2, y2;
  GtkWidget *dialog;
  JsonArray *regions, *box, *comments;

  /* The labeling page is what start-up builds; the switcher offers Review. */
  g_assert_null (review_page (f));
  g_assert_nonnull (button);
  limn_gui_test_click (button, gtk_widget_get_width (button) / 2.0, gtk_widget_get_height (button) / 2.0, 1);
  g_assert_true (limn_gui_test_wait_until (item_shown, f, 20000));
  page = review_page (f);
  g_assert_cmpstr (limn_review_page_get_state (page), ==, "review");
  g_assert_cmpstr (limn_review_page_get_item_id (page), ==, ITEM1);
  canvas = LIMN_IMAGE_CANVAS (limn_review_page_get_canvas (page));
  legend = LIMN_ANNOTATOR_LEGEND (limn_review_page_get_legend (page));
  limn_gui_test_spin (300);

  /* Both annotators' layers and no gold (the task has none); bob's box is
   * drawn in orange. */
  g_assert_cmpuint (g_list_model_get_n_items (limn_annotator_legend_get_layers (legend)), ==, 2);
  shot_both = limn_gui_test_screenshot (GTK_WIDGET (canvas), "review-page-canvas-both");
  g_assert_cmpuint (count_color (shot_both, orange), >, 50);
  /* Its history: the two revisions, nothing else. */
  g_assert_cmpstr (gtk_expander_get_label (GTK_EXPANDER (limn_review_page_get_history (page))), ==, "History (2)");
  g_free (limn_gui_test_screenshot (GTK_WIDGET (f->window), "review-page-window"));

  /* A coaching note to ann: "Note to ann…" opens a popover; the note is
   * typed and sent with Ctrl+Enter (not the Accept accelerator): the
   * outbox holds a note for ann, the item stays, and the history lists
   * it. */
  notes = limn_review_page_get_notes (page);
  g_assert_true (gtk_widget_get_visible (notes));
  note_button = gtk_widget_get_first_child (notes);
  g_assert_true (GTK_IS_MENU_BUTTON (note_button));
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (note_button)), ==, "Note to ann…");
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (gtk_widget_get_next_sibling (note_button))), ==,
                   "Note to bob…");
  limn_gui_test_click (note_button, gtk_widget_get_width (note_button) / 2.0,
                       gtk_widget_get_height (note_button) / 2.0, 1);
  limn_gui_test_spin (400);
  popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (note_button)));
  g_assert_true (gtk_widget_get_mapped (popover));
  note_view = find_text_view (popover);
  g_assert_nonnull (note_view);
  g_assert_false (gtk_widget_get_sensitive (find_button (popover, "_Send")));
  limn_gui_test_click (note_view, 20, 10, 1);
  limn_gui_test_spin (200);
  limn_gui_test_type (GTK_WINDOW (f->window), "Box the whole person, feet too");
  limn_gui_test_spin (200);
  g_assert_true (gtk_widget_get_sensitive (find_button (popover, "_Send")));
  g_free (limn_gui_test_screenshot_root ("review-page-note-popover"));
  limn_gui_test_keys (GTK_WINDOW (f->window), "ctrl+Return");
  noted = limn_gui_test_wait_until (notes_are, &notes_wait, 5000);
  if (!noted)
    {
      g_autofree char *have = outbox_notes (f);

      g_test_message ("notes in the outbox: %s", have);
    }
  g_assert_true (noted);
  limn_gui_test_spin (300);
  accepted = outbox_review (f, "accept");
  g_assert_null (accepted);
  g_assert_cmpstr (limn_review_page_get_item_id (page), ==, ITEM1);
  g_assert_false (gtk_widget_get_mapped (popover));
  g_assert_cmpstr (gtk_expander_get_label (GTK_EXPANDER (limn_review_page_get_history (page))), ==, "History (3)");
  g_free (limn_gui_test_screenshot (GTK_WIDGET (f->window), "review-page-note-sent"));

  /* bob's switch off: no orange left. */
  button = limn_annotator_legend_get_switch (legend, 1);
  limn_gui_test_click (button, gtk_widget_get_width (button) / 2.0, gtk_widget_get_height (button) / 2.0, 1);
  limn_gui_test_spin (300);
  shot_one = limn_gui_test_screenshot (GTK_WIDGET (canvas), "review-page-canvas-bob-hidden");
  /* The photo has a few orange pixels of its own. */
  g_test_message ("orange pixels: %u with bob, %u without", count_color (shot_both, orange), count_color (shot_one, orange));
  g_assert_cmpuint (count_color (shot_one, orange) * 4, <, count_color (shot_both, orange));

  /* Drag ann's box in the editable copy by (40, 30) image pixels, then Correct. */
  limn_image_canvas_image_to_widget (canvas, 120, 105, &x1, &y1);
  limn_image_canvas_image_to_widget (canvas, 160, 135, &x2, &y2);
  limn_gui_test_drag (GTK_WIDGET (canvas), 1, x1, y1, x2, y2, 8);
  limn_gui_test_spin (200);
  limn_gui_test_keys (GTK_WINDOW (f->window), "ctrl+shift+Return");
  g_assert_true (limn_gui_test_wait_until (in_outbox, &wait, 10000));
  corrected = outbox_review (f, "correct");
  g_assert_cmpstr (json_object_get_string_member (corrected, "item_id"), ==, ITEM1);
  g_assert_cmpstr (json_object_get_string_member (corrected, "annotation_id"), ==, "dddddddd-dddd-4ddd-8ddd-dddddddddd01");
  regions = json_object_get_array_member (json_object_get_object_member (corrected, "correction"), "regions");
  g_assert_cmpuint (json_array_get_length (regions), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (regions, 0), "id"), ==, ANN_R1);
  box = json_object_get_array_member (json_array_get_object_element (regions, 0), "box");
  g_assert_cmpfloat_with_epsilon (json_array_get_double_element (box, 0), 100, 3);
  g_assert_cmpfloat_with_epsilon (json_array_get_double_element (box, 1), 90, 3);
  g_assert_cmpfloat_with_epsilon (json_array_get_double_element (box, 2), 120, 0.5);

  /* The next item opens. Its task is a gold task: the gold answer is a
   * third layer, shown, its box drawn in yellow. */
  g_assert_true (limn_gui_test_wait_until (second_item_shown, f, 10000));
  limn_gui_test_spin (300);
  layers = limn_annotator_legend_get_layers (legend);
  g_assert_cmpuint (g_list_model_get_n_items (layers), ==, 3);
  gold = g_list_model_get_item (layers, 2);
  g_assert_cmpint (limn_overlay_layer_get_kind (gold), ==, LIMN_OVERLAY_GOLD);
  g_assert_true (limn_overlay_layer_get_visible (gold));
  g_assert_cmpuint (limn_overlay_layer_get_regions (gold)->len, ==, 1);
  g_assert_cmpstr (((LimnRegion *) g_ptr_array_index (limn_overlay_layer_get_regions (gold), 0))->id, ==,
                   "ffffffff-ffff-4fff-8fff-ffffffffff01");
  shot_gold = limn_gui_test_screenshot (GTK_WIDGET (canvas), "review-page-canvas-gold");
  g_test_message ("yellow pixels: %u without gold, %u with", count_color (shot_both, yellow), count_color (shot_gold, yellow));
  g_assert_cmpuint (count_color (shot_gold, yellow), >, count_color (shot_both, yellow) + 50);
  g_free (limn_gui_test_screenshot (GTK_WIDGET (f->window), "review-page-window-gold"));

  /* Its history, folded: ann's and bob's revisions and sam's earlier
   * send-back, then the note to ann written above. Unfolded by a click, the verdict says who, why and what. */
  history = limn_review_page_get_history (page);
  g_assert_true (gtk_widget_get_visible (history));
  g_assert_cmpstr (gtk_expander_get_label (GTK_EXPANDER (history)), ==, "History (4)");
  g_assert_false (gtk_expander_get_expanded (GTK_EXPANDER (history)));
  limn_gui_test_click (history, 40, 10, 1);
  limn_gui_test_spin (300);
  g_assert_true (gtk_expander_get_expanded (GTK_EXPANDER (history)));
  n_rows = 0;
  for (GtkWidget *row = gtk_widget_get_first_child (gtk_expander_get_child (GTK_EXPANDER (history)));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    if (ADW_IS_ACTION_ROW (row))
      {
        n_rows++;
        if (g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), "Sent back by sam: Wrong label") == 0)
          {
            g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "The van is a Car"));
            sams++;
          }
      }
  g_assert_cmpuint (n_rows, ==, 4);
  g_assert_cmpuint (sams, ==, 1);
  g_free (limn_gui_test_screenshot (GTK_WIDGET (f->window), "review-page-history"));
  limn_gui_test_click (history, 40, 10, 1);
  limn_gui_test_spin (200);

  /* ann's flag is a thread: her text first; a reply typed and sent goes
   * to the outbox as a message of her thread and is listed; Mark Answered
   * sends one that answers it and is then greyed. */
  thread = limn_review_page_get_thread (page);
  g_assert_true (gtk_widget_get_visible (thread));
  thread_list = gtk_widget_get_next_sibling (gtk_widget_get_first_child (thread));
  rows_wait.list = thread_list;
  rows_wait.n = 1;
  g_assert_true (limn_gui_test_wait_until (rows_are, &rows_wait, 5000));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (gtk_widget_get_first_child (thread_list))), ==,
                   "Is a van a Car?");
  reply_view = gtk_frame_get_child (GTK_FRAME (gtk_widget_get_next_sibling (thread_list)));
  limn_gui_test_click (reply_view, 20, 10, 1);
  limn_gui_test_spin (200);
  limn_gui_test_type (GTK_WINDOW (f->window), "Yes, a van is a Car");
  button = find_button (thread, "Reply");
  limn_gui_test_click (button, gtk_widget_get_width (button) / 2.0, gtk_widget_get_height (button) / 2.0, 1);
  messages_wait.want = ":Yes, a van is a Car\n";
  g_assert_true (limn_gui_test_wait_until (messages_are, &messages_wait, 5000));
  rows_wait.n = 2;
  g_assert_true (limn_gui_test_wait_until (rows_are, &rows_wait, 5000));
  g_free (limn_gui_test_screenshot (GTK_WIDGET (f->window), "review-page-thread"));
  button = find_button (thread, "Mark Answered");
  limn_gui_test_click (button, gtk_widget_get_width (button) / 2.0, gtk_widget_get_height (button) / 2.0, 1);
  messages_wait.want = ":Yes, a van is a Car\nanswered:Answered.\n";
  g_assert_true (limn_gui_test_wait_until (messages_are, &messages_wait, 5000));
  rows_wait.n = 3;
  g_assert_true (limn_gui_test_wait_until (rows_are, &rows_wait, 5000));
  limn_gui_test_spin (300);

  /* A click on bob's box pins the comment to it. */
  button = limn_annotator_legend_get_switch (legend, 1);
  if (!gtk_switch_get_active (GTK_SWITCH (button)))
    {
      limn_gui_test_click (button, gtk_widget_get_width (button) / 2.0, gtk_widget_get_height (button) / 2.0, 1);
      limn_gui_test_spin (200);
    }
  limn_image_canvas_image_to_widget (canvas, 350, 82, &x1, &y1);
  limn_gui_test_click (GTK_WIDGET (canvas), x1, y1, 1);
  limn_gui_test_spin (200);
  g_assert_true (gtk_widget_has_focus (limn_review_page_get_comment_entry (page)) ||
                 gtk_widget_has_focus (gtk_widget_get_first_child (limn_review_page_get_comment_entry (page))));
  limn_gui_test_type (GTK_WINDOW (f->window), "Box the whole car");
  limn_gui_test_keys (GTK_WINDOW (f->window), "Return");
  limn_gui_test_spin (300);
  g_assert_cmpstr (limn_image_canvas_get_comment (canvas, BOB_R2), ==, "Box the whole car");

  limn_gui_test_keys (GTK_WINDOW (f->window), "ctrl+shift+b");
  limn_gui_test_spin (300);
  dialog = limn_review_page_get_send_back_dialog (page);
  g_assert_nonnull (dialog);
  limn_gui_test_spin (300);
  g_free (limn_gui_test_screenshot (dialog, "review-page-send-back-dialog"));
  limn_gui_test_type (GTK_WINDOW (dialog), "Two cars are not boxed");
  limn_gui_test_keys (GTK_WINDOW (dialog), "Return");
  wait.verdict = "send_back";
  g_assert_true (limn_gui_test_wait_until (in_outbox, &wait, 10000));
  sent = outbox_review (f, "send_back");
  g_assert_cmpstr (json_object_get_string_member (sent, "item_id"), ==, ITEM2);
  g_assert_cmpstr (json_object_get_string_member (sent, "reason_code"), ==, "missed_object");
  g_assert_cmpstr (json_object_get_string_member (sent, "comment"), ==, "Two cars are not boxed");
  comments = json_object_get_array_member (sent, "comments");
  g_assert_cmpuint (json_array_get_length (comments), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (comments, 0), "region_id"), ==, BOB_R2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (comments, 0), "body"), ==,
                   "Box the whole car");

  /* Both decided: the queue is empty and says what will come. */
  limn_gui_test_spin (500);
  g_assert_cmpstr (limn_review_page_get_state (page), ==, "empty");
  shot = limn_gui_test_screenshot (GTK_WIDGET (f->window), "review-page-empty");
}

static void
test_annotator (Fixture       *f,
                gconstpointer  data)
{
  GtkWidget *bin = g_ptr_array_index (f->window->page_slots, 1);

  g_assert_cmpstr (limn_sync_client_get_role (limn_window_get_sync_client (f->window)), ==, "annotator");
  /* Not offered: not in the stack at all, or hidden there. */
  g_assert_true (gtk_widget_get_parent (bin) == NULL ||
                 !adw_view_stack_page_get_visible (adw_view_stack_get_page (f->window->pages, bin)));
  g_assert_null (find_switcher_button (GTK_WIDGET (f->window), "Review"));
  g_assert_null (review_page (f));
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

  g_test_add ("/review-page/correct-and-send-back", Fixture, "reviewer", setup, test_review, teardown);
  g_test_add ("/review-page/annotator-sees-no-review", Fixture, "annotator", setup, test_annotator, teardown);

  return g_test_run ();
}
