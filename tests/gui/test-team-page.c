/* test-team-page.c
 *
 * The Team page (issue 19) against a real limn-server on a loopback port
 * chosen at run time, its database seeded with 30 days of team history
 * (tests/server/limn-server-history.h: five annotators, one drifting).
 * The app's window signs in as the project's reviewer, the Team page is
 * opened with a real click (xdotool) on its switcher button, and what it
 * shows is checked: the alert rows in the app's words, the forecast line,
 * pseudonyms with the note saying so. F5 fetches again, the period menu
 * asks for 7 days. Screenshots in light and dark (artifacts
 * team-page-*.png). Then the server stops: F5 shows why the figures could
 * not be updated and keeps the last ones, with when they are from.
 * An annotator of the same project is not offered the page. Relabel
 * campaigns: one an alert proposed is approved by a click and Return,
 * and the server runs it (test_campaigns).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <gdk/x11/gdkx.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "limn-application.h"
#include "limn-gui-test.h"
#include "limn-server-history.h"
#include "limn-server-test.h"
#include "limn-sync-test.h"
#include "charts/limn-chart.h"
#include "limn-team-page.h"
#include "limn-window.h"
#include "limn-window-private.h"
#include "store/limn-store.h"
#include "store/limn-store-accounts.h"
#include "../limn-test-util.h"

static LimnApplication *app;

typedef struct
{
  LimnTestServer *server;
  LimnHistory    *history;
  char           *dir;
  char           *db;
  LimnWindow     *window;
  /* The fixture cases: a server in front of limn-server answering the
   * dashboard route with a file of tests/sync/data/dashboard. */
  SoupServer     *front;
  SoupSession    *upstream;
  char           *front_url;
  const char     *fixture;
  char           *last_dashboard_query;
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *server_db = NULL;
  LimnHistorySpec spec;

  f->dir = limn_test_mkdtemp ();
  f->db = g_build_filename (f->dir, "limn.db", NULL);
  f->server = limn_test_server_new ();

  /* A smaller history than the default keeps the test quick; enough days
   * and overlap for every section, and a drifting annotator for an alert. */
  limn_history_spec_init (&spec);
  spec.n_tasks = 600;
  spec.n_gold = 20;
  spec.per_day = 8;
  spec.drift_annotator = 2;
  server_db = limn_test_server_get_db_path (f->server);
  g_assert_true (limn_test_seed_history_full (server_db, &spec, &f->history, &error));
  g_assert_no_error (error);
  limn_test_server_start (f->server, NULL, NULL);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  if (f->window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->window));
  limn_gui_test_spin (200);
  if (f->front != NULL)
    soup_server_disconnect (f->front);
  g_clear_object (&f->front);
  g_clear_object (&f->upstream);
  g_free (f->front_url);
  g_free (f->last_dashboard_query);
  g_clear_pointer (&f->server, limn_test_server_free);
  g_clear_pointer (&f->history, limn_history_free);
  limn_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->db);
}

/* The folder of someone signed in with @token, the project stored as the
 * app keeps a remote project. */
static void
prepare_folder (Fixture    *f,
                const char *token)
{
  const char *url = f->front_url != NULL ? f->front_url : limn_test_server_get_url (f->server);
  static const char * const names[] = LIMN_HISTORY_LABELS;
  static const char * const colors[] = { "#3584e4", "#e66100", "#2ec27e", "#9141ac" };
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnStore) store = NULL;
  g_autoptr(LimnProject) project = limn_project_new (f->history->project_id, "Streets", LIMN_PROJECT_IMAGE);
  LimnSyncTestClient *client = limn_sync_test_client_new (f->dir);

  g_assert_true (limn_sync_test_sign_in (client->client, url, token, &error));
  g_assert_no_error (error);
  limn_sync_test_client_free (client, TRUE);

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *key = g_strdup_printf ("%u", i + 1);
      g_autoptr(LimnLabel) label = limn_label_new (g_ptr_array_index (f->history->label_ids, i), names[i],
                                                   colors[i], key);

      limn_project_add_label (project, label);
    }
  store = limn_store_open (f->db, &error);
  g_assert_no_error (error);
  g_assert_true (limn_store_save_project (store, project, &error));
  g_assert_true (limn_store_set_project_remote (store, f->history->project_id, url, "{}", &error));
  g_assert_no_error (error);
}


/* The front server: the dashboard from a fixture, everything else
 * forwarded to limn-server (synchronously: the server is another
 * process, and a test can wait the few milliseconds). */

static void
copy_header (const char *name,
             const char *value,
             gpointer    data)
{
  if (g_ascii_strcasecmp (name, "Host") != 0 && g_ascii_strcasecmp (name, "Content-Length") != 0 &&
      g_ascii_strcasecmp (name, "Connection") != 0 && g_ascii_strcasecmp (name, "Transfer-Encoding") != 0)
    soup_message_headers_append (data, name, value);
}

static void
front_cb (SoupServer        *server,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           data)
{
  Fixture *f = data;
  GUri *uri = soup_server_message_get_uri (msg);
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupMessage) forward = NULL;
  g_autoptr(GBytes) request = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autofree char *url = NULL;
  SoupMessageBody *body;

  if (g_str_has_suffix (path, "/dashboard") && f->fixture != NULL)
    {
      g_autofree char *file = g_test_build_filename (G_TEST_DIST, "sync", "data", "dashboard", f->fixture, NULL);
      char *contents = NULL;
      gsize len = 0;

      g_free (f->last_dashboard_query);
      f->last_dashboard_query = g_strdup (g_uri_get_query (uri));
      g_assert_true (g_file_get_contents (file, &contents, &len, NULL));
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, contents, len);
      return;
    }

  url = g_strdup_printf ("%s%s%s%s", limn_test_server_get_url (f->server), path,
                         g_uri_get_query (uri) ? "?" : "", g_uri_get_query (uri) ? g_uri_get_query (uri) : "");
  forward = soup_message_new (soup_server_message_get_method (msg), url);
  soup_message_headers_foreach (soup_server_message_get_request_headers (msg), copy_header,
                                soup_message_get_request_headers (forward));
  body = soup_server_message_get_request_body (msg);
  request = soup_message_body_flatten (body);
  if (g_bytes_get_size (request) > 0)
    soup_message_set_request_body_from_bytes (forward,
                                              soup_message_headers_get_content_type (
                                                soup_server_message_get_request_headers (msg), NULL),
                                              request);
  answer = soup_session_send_and_read (f->upstream, forward, NULL, &error);
  if (answer == NULL)
    {
      soup_server_message_set_status (msg, 502, NULL);
      return;
    }
  soup_message_headers_foreach (soup_message_get_response_headers (forward), copy_header,
                                soup_server_message_get_response_headers (msg));
  soup_server_message_set_status (msg, soup_message_get_status (forward), NULL);
  {
    const char *type = soup_message_headers_get_content_type (soup_message_get_response_headers (forward), NULL);

    soup_server_message_set_response (msg, type != NULL ? type : "application/octet-stream", SOUP_MEMORY_COPY,
                                      g_bytes_get_data (answer, NULL), g_bytes_get_size (answer));
  }
}

static void
start_front (Fixture    *f,
             const char *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;

  f->fixture = fixture;
  f->upstream = soup_session_new ();
  f->front = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->front, NULL, front_cb, f, NULL);
  g_assert_true (soup_server_listen_local (f->front, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->front);
  f->front_url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
}

typedef struct
{
  Fixture    *f;
  const char *role;
} RoleWait;

static gboolean
role_known (gpointer data)
{
  RoleWait *w = data;
  LimnSyncClient *sync = limn_window_get_sync_client (w->f->window);

  return sync != NULL && g_strcmp0 (limn_sync_client_get_role (sync), w->role) == 0 &&
         w->f->window->contents != NULL;
}

static void
open_window (Fixture    *f,
             const char *role)
{
  RoleWait w = { f, role };

  g_setenv ("LIMN_DATA_DIR", f->dir, TRUE);
  f->window = limn_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1000, 900);
  limn_window_open_default (f->window);
  limn_gui_test_show (GTK_WINDOW (f->window));
  g_assert_true (limn_gui_test_wait_until (role_known, &w, 30000));
  limn_gui_test_spin (300);
}

/* The switcher's drawable toggle button showing @title, or NULL. */
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

static void
click_center (GtkWidget *widget)
{
  limn_gui_test_click (widget, gtk_widget_get_width (widget) / 2.0, gtk_widget_get_height (widget) / 2.0, 1);
}

static LimnTeamPage *
team_page (Fixture *f)
{
  for (guint i = 0; i < f->window->page_slots->len; i++)
    {
      GtkWidget *child = adw_bin_get_child (g_ptr_array_index (f->window->page_slots, i));

      if (child != NULL && LIMN_IS_TEAM_PAGE (child))
        return LIMN_TEAM_PAGE (child);
    }
  return NULL;
}

typedef struct
{
  Fixture *f;
  guint    n;
} FetchWait;

static gboolean
fetched (gpointer data)
{
  FetchWait *w = data;
  LimnTeamPage *page = team_page (w->f);

  return page != NULL && limn_team_page_get_n_fetched (page) >= w->n && !limn_team_page_is_busy (page);
}

static void
wait_fetched (Fixture *f,
              guint    n)
{
  FetchWait w = { f, n };

  if (!limn_gui_test_wait_until (fetched, &w, 30000))
    g_error ("The Team page did not finish fetch %u (state %s)", n,
             team_page (f) ? limn_team_page_get_state (team_page (f)) : "not built");
}

static void
photograph (Fixture    *f,
            const char *name)
{
  limn_gui_test_spin (400);
  g_free (limn_gui_test_screenshot (GTK_WIDGET (f->window), name));
}

/* The whole page, top, middle and bottom, in the current colours. */
static void
photograph_page (Fixture    *f,
                 const char *scheme)
{
  static const struct { double at; const char *part; } parts[] = {
    { 0, "top" }, { 0.5, "middle" }, { 1, "bottom" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      g_autofree char *name = g_strdup_printf ("team-page-%s-%s", scheme, parts[i].part);

      limn_team_page_scroll_to (team_page (f), parts[i].at);
      photograph (f, name);
    }
  limn_team_page_scroll_to (team_page (f), 0);
}

static void
test_reviewer (Fixture       *f,
               gconstpointer  data)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  const LimnTeamDashboard *d;
  g_autofree char *alerts = NULL;
  g_autofree char *annotators = NULL;
  g_autofree char *forecast = NULL;
  g_autofree char *spots = NULL;
  GtkWidget *button;
  LimnTeamPage *page;
  guint n;

  prepare_folder (f, f->history->reviewer_token);
  open_window (f, "reviewer");

  /* Not built before it is shown: start-up pays nothing for it. */
  g_assert_null (team_page (f));

  button = find_switcher_button (GTK_WIDGET (f->window), "Team");
  g_assert_nonnull (button);
  click_center (button);
  wait_fetched (f, 1);
  page = team_page (f);
  g_assert_cmpstr (limn_team_page_get_state (page), ==, "dashboard");

  d = limn_team_page_get_dashboard (page);
  g_assert_nonnull (d);
  g_assert_cmpuint (d->days, ==, 30);
  g_assert_true (d->pseudonymous);
  g_assert_true (limn_team_page_get_pseudonym_note_visible (page));
  g_assert_cmpuint (d->annotators->len, ==, 5);

  /* Pseudonyms, never the annotators' names. */
  annotators = limn_team_page_get_annotators_text (page);
  g_test_message ("Annotators:\n%s", annotators);
  g_assert_nonnull (strstr (annotators, "a-"));
  for (guint i = 0; i < f->history->annotator_names->len; i++)
    g_assert_null (strstr (annotators, g_ptr_array_index (f->history->annotator_names, i)));

  /* The server's alerts, told by the app from their figures, never in
   * the server's English. */
  alerts = limn_team_page_get_alerts_text (page);
  g_test_message ("Alerts:\n%s", alerts);
  g_assert_cmpuint (d->alerts->len, >, 0);
  for (guint i = 0; i < d->alerts->len; i++)
    {
      const LimnDashboardAlert *alert = g_ptr_array_index (d->alerts, i);

      g_test_message ("Server: %s", alert->message);
      g_assert_cmpint (alert->kind, !=, LIMN_ALERT_UNKNOWN);
      g_assert_null (strstr (alerts, alert->message));
      if (alert->kind == LIMN_ALERT_AGREEMENT_LOW)
        {
          g_autofree char *row = g_strdup_printf ("Agreement on “%s” fell to %.2f (threshold %.2f). — Since ",
                                                  alert->subject, alert->value, alert->threshold);

          g_assert_nonnull (strstr (alerts, row));
        }
    }

  /* Labels by their names, never the server's ids. */
  spots = limn_team_page_get_hot_spots_text (page);
  g_test_message ("Hot spots:\n%s", spots);
  g_assert_cmpuint (d->hot_spots->len, >, 0);
  for (guint i = 0; i < d->hot_spots->len; i++)
    {
      const LimnDashboardHotSpot *h = g_ptr_array_index (d->hot_spots, i);

      g_assert_null (strstr (spots, h->label));
      g_assert_null (strstr (spots, h->confused_with));
    }
  g_assert_true (g_str_has_prefix (spots, "Person ↔ ") || g_str_has_prefix (spots, "Car ↔ ") ||
                 g_str_has_prefix (spots, "Truck ↔ ") || g_str_has_prefix (spots, "Bicycle ↔ "));

  forecast = g_strdup (limn_team_page_get_forecast_text (page));
  g_test_message ("Forecast: %s", forecast);
  g_assert_true (g_str_has_prefix (forecast, "Finish expected "));
  g_assert_nonnull (strstr (forecast, " a day"));

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  photograph_page (f, "light");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  photograph_page (f, "dark");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);

  /* F5 on this page fetches the figures again. */
  n = limn_team_page_get_n_fetched (page);
  limn_gui_test_keys (GTK_WINDOW (f->window), "F5");
  wait_fetched (f, n + 1);

  /* The period: 7 days. */
  n = limn_team_page_get_n_fetched (page);
  limn_team_page_set_days (page, 7);
  wait_fetched (f, n + 1);
  g_assert_cmpuint (limn_team_page_get_dashboard (page)->days, ==, 7);
  limn_team_page_set_days (page, 30);
  wait_fetched (f, n + 2);

  /* The server stops: the figures stay, saying why they are not new. */
  limn_test_server_stop (f->server);
  n = limn_team_page_get_n_fetched (page);
  limn_gui_test_keys (GTK_WINDOW (f->window), "F5");
  wait_fetched (f, n + 1);
  g_test_message ("Stale: %s", limn_team_page_get_stale_text (page));
  g_assert_cmpstr (limn_team_page_get_state (page), ==, "dashboard");
  g_assert_nonnull (strstr (limn_team_page_get_stale_text (page), "cannot be reached"));
  g_assert_nonnull (strstr (limn_team_page_get_stale_text (page), "as of"));
  g_assert_cmpstr (limn_team_page_get_forecast_text (page), ==, forecast);
  g_assert_nonnull (limn_team_page_get_dashboard (page));
  photograph (f, "team-page-offline");
}


static void
open_team_page (Fixture *f)
{
  GtkWidget *button = find_switcher_button (GTK_WIDGET (f->window), "Team");

  g_assert_nonnull (button);
  click_center (button);
  wait_fetched (f, 1);
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p++)
    n += *p == '\n';
  return n;
}

/* The contract's example: every figure shown in the app's words. */
static void
test_fixture (Fixture       *f,
              gconstpointer  data)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autofree char *alerts = NULL;
  g_autofree char *spots = NULL;
  g_autofree char *annotators = NULL;
  LimnTeamPage *page;

  start_front (f, "dashboard.json");
  prepare_folder (f, f->history->reviewer_token);
  open_window (f, "reviewer");
  open_team_page (f);
  page = team_page (f);
  g_assert_cmpstr (limn_team_page_get_state (page), ==, "dashboard");
  /* The period asked for by default is 30 days. */
  g_assert_cmpstr (f->last_dashboard_query, ==, "days=30");

  alerts = limn_team_page_get_alerts_text (page);
  g_test_message ("Alerts:\n%s", alerts);
  /* Then when, in the locale's format. */
  g_assert_true (g_str_has_prefix (alerts, "Agreement on “truck” fell to 0.52 (threshold 0.60). — Since "));
  /* A hot spot's alert told from the hot spot it names (in either order). */
  g_assert_nonnull (strstr (alerts, "\n“car” and “truck” are confused on 12 tasks (31 % disagreement at "
                                    "88 % confidence). — Since "));
  g_assert_null (strstr (alerts, "mixed up"));
  g_assert_cmpuint (count_lines (alerts), ==, 2);
  g_assert_cmpstr (limn_team_page_get_forecast_text (page), ==,
                   "Finish expected 10 Jan (2 Jan – 21 Jan) at 50 a day");
  /* What if, as is: one annotator's 30.5 ± 8 a day over 14 days, 1,500
   * answers from 1 Jan: 49.2 days, and where 30.5 T ± 1.96 √(64 T +
   * 64/14 T²) reaches 1,500, 42.5 and 58.1 days (worked out apart). */
  g_test_message ("What if: %s", limn_team_page_get_capacity_text (page));
  g_assert_true (g_str_has_prefix (limn_team_page_get_capacity_text (page),
                                   "Finish expected 20 Feb (13 Feb – 1 Mar) at "));
  spots = limn_team_page_get_hot_spots_text (page);
  g_assert_cmpstr (spots, ==, "car ↔ truck: 31 % disagreement at 88 % confidence — 12 items\n");
  annotators = limn_team_page_get_annotators_text (page);
  g_test_message ("Annotators:\n%s", annotators);
  g_assert_nonnull (strstr (annotators, "a-3f9c1e — 410 submitted · skill 0.81 · median 38 s a task\n"));
  g_assert_nonnull (strstr (annotators, "a-77b0d2 — 3 submitted (Drifting)\n"));
  g_assert_true (limn_team_page_get_pseudonym_note_visible (page));

  /* Agreement by label, then by source and by guideline version. */
  {
    LimnChart *chart = LIMN_CHART (limn_team_page_get_agreement_chart (page));
    GtkDropDown *grouping = GTK_DROP_DOWN (limn_team_page_get_grouping_dropdown (page));
    static const char * const want[][3] = { { "car", "truck", NULL }, { "human", NULL }, { "Version 3", NULL } };

    for (guint g = 0; g < 3; g++)
      {
        g_autoptr(GPtrArray) rows = NULL;
        guint n = 0;

        gtk_drop_down_set_selected (grouping, g);
        rows = limn_chart_get_rows (chart);
        while (want[g][n] != NULL)
          n++;
        g_assert_cmpuint (rows->len, ==, n);
        for (guint i = 0; i < n; i++)
          g_assert_cmpstr (((char **)g_ptr_array_index (rows, i))[0], ==, want[g][i]);
      }
    gtk_drop_down_set_selected (grouping, 0);
  }

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  photograph_page (f, "fixture-light");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  photograph_page (f, "fixture-dark");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
}

/* A newer server's answer with nothing to forecast: the empty states,
 * an alert of a kind this version does not know in the server's words. */
static void
test_fixture_empty (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *alerts = NULL;
  g_autofree char *spots = NULL;
  LimnTeamPage *page;

  start_front (f, "dashboard-newer.json");
  prepare_folder (f, f->history->reviewer_token);
  open_window (f, "reviewer");
  open_team_page (f);
  page = team_page (f);

  alerts = limn_team_page_get_alerts_text (page);
  g_assert_cmpstr (alerts, ==, "The moon is full.\nAccuracy against gold of a-3f9c1e fell to 70 % (threshold 80 %).\n");
  g_assert_cmpstr (limn_team_page_get_forecast_text (page), ==,
                   "No finish date yet: nothing was submitted in this period.");
  g_assert_false (limn_team_page_get_pseudonym_note_visible (page));
  /* Labels the project here does not have: the server's names. */
  spots = limn_team_page_get_hot_spots_text (page);
  g_assert_cmpstr (spots, ==, "Person ↔ Rider: 40 % disagreement — 1 item\n");
  photograph_page (f, "fixture-empty");
}

/* Relabel campaigns (issue 20). A history where agreement on Bicycle is
 * low: fetching the dashboard raises agreement_low, and the server
 * proposes a campaign from it by itself; the reviewer also proposed one
 * with the admin CLI. Signed in as that reviewer (a second person for the
 * alert's proposal), the app shows both, the alert's in the app's words
 * and its own off with a tooltip; Approve is clicked (xdotool), the
 * confirmation accepted with Return, and the server says the campaign
 * runs, approved by the reviewer. */
static void
setup_campaigns (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *server_db = NULL;
  LimnHistorySpec spec;

  f->dir = limn_test_mkdtemp ();
  f->db = g_build_filename (f->dir, "limn.db", NULL);
  f->server = limn_test_server_new ();
  limn_history_spec_init (&spec);
  spec.n_tasks = 300;
  spec.hard_label = 3;
  server_db = limn_test_server_get_db_path (f->server);
  g_assert_true (limn_test_seed_history_full (server_db, &spec, &f->history, &error));
  g_assert_no_error (error);
  limn_test_server_start (f->server, NULL, NULL);
}

static JsonObject *
server_get (Fixture    *f,
            const char *path)
{
  g_auto(LimnTestResponse) r = { 0 };

  limn_test_request (f->server, "GET", path, f->history->admin_token, NULL, &r, NULL);
  g_assert_cmpuint (r.status, ==, 200);
  return json_object_ref (limn_test_response_object (&r));
}

typedef struct
{
  Fixture *f;
  guint    n;
} CampaignWait;

static gboolean
campaigns_fetched (gpointer data)
{
  CampaignWait *w = data;
  LimnTeamPage *page = team_page (w->f);

  return page != NULL && limn_team_page_get_n_campaign_fetches (page) >= w->n;
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_mapped (GTK_WIDGET (w)))
        return ADW_MESSAGE_DIALOG (w);
    }
  return NULL;
}

static gboolean
dialog_shown (gpointer data)
{
  return find_message_dialog () != NULL;
}

static gboolean
dialog_gone (gpointer data)
{
  return find_message_dialog () == NULL;
}

static void
test_campaigns (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *dashboard = g_strdup_printf ("/api/v1/projects/%s/dashboard", f->history->project_id);
  g_autofree char *list = g_strdup_printf ("/api/v1/projects/%s/campaigns", f->history->project_id);
  g_autofree char *one = NULL;
  g_autofree char *alert_id = NULL;
  g_autofree char *mine_id = NULL;
  g_autofree char *text = NULL;
  g_autofree char *proposed = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(JsonObject) status = NULL;
  const char *annotator = g_ptr_array_index (f->history->annotator_names, 0);
  CampaignWait w = { f, 1 };
  AdwMessageDialog *dialog;
  GtkWidget *button, *mine_button;
  LimnTeamPage *page;
  JsonArray *campaigns;
  gint64 total = 0, tasks = 0;

  /* The alert and the server's proposal, as the first dashboard makes them. */
  answer = server_get (f, dashboard);
  g_clear_pointer (&answer, json_object_unref);
  answer = server_get (f, list);
  campaigns = json_object_get_array_member (answer, "campaigns");
  /* One proposal an alert; agreement_low's is scoped by Bicycle. */
  for (guint i = 0; i < json_array_get_length (campaigns); i++)
    {
      JsonObject *c = json_array_get_object_element (campaigns, i);

      g_assert_true (json_object_get_null_member (c, "proposed_by"));
      if (g_strcmp0 (json_object_get_string_member_with_default (json_object_get_object_member (c, "scope"),
                                                                 "label", NULL),
                     g_ptr_array_index (f->history->label_ids, 3)) == 0)
        {
          g_assert_null (alert_id);
          alert_id = g_strdup (json_object_get_string_member (c, "id"));
          total = json_object_get_int_member (json_object_get_object_member (c, "progress"), "total");
          tasks = json_object_get_int_member (json_object_get_object_member (c, "progress"), "tasks");
        }
    }
  g_assert_nonnull (alert_id);
  g_assert_cmpint (total, >, 0);
  g_assert_cmpint (tasks, >, 0);
  g_assert_cmpint (tasks, <=, total);
  proposed = limn_test_server_admin (f->server, "campaign", "propose", "--project", f->history->project_id,
                                     "--annotator", annotator, "--label", "Car",
                                     "--reason", "Cars drawn too loosely", "--by", "reviewer", NULL);
  {
    g_autoptr(JsonNode) node = json_from_string (proposed, NULL);

    g_assert_nonnull (node);
    mine_id = g_strdup (json_object_get_string_member (json_node_get_object (node), "id"));
  }

  prepare_folder (f, f->history->reviewer_token);
  open_window (f, "reviewer");
  click_center (find_switcher_button (GTK_WIDGET (f->window), "Team"));
  wait_fetched (f, 1);
  g_assert_true (limn_gui_test_wait_until (campaigns_fetched, &w, 30000));
  page = team_page (f);

  text = limn_team_page_get_campaigns_text (page);
  g_test_message ("Campaigns:\n%s", text);
  /* Newest first: the reviewer's, then the alert's, told by the app. */
  g_assert_true (g_str_has_prefix (text, "Cars drawn too loosely — Waiting for approval — Label Car, annotator "));
  g_assert_nonnull (strstr (text, "Proposed by an alert: Agreement on “Bicycle” fell to "));
  {
    /* Tasks, not answers, now that the server counts them. */
    g_autofree char *scope = g_strdup_printf ("Waiting for approval — Label Bicycle, agreement below 0.60 · %"
                                              G_GINT64_FORMAT " tasks", tasks);

    g_assert_nonnull (strstr (text, scope));
  }

  mine_button = limn_team_page_get_approve_button (page, mine_id);
  g_assert_nonnull (mine_button);
  g_assert_false (gtk_widget_get_sensitive (mine_button));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (mine_button), "You proposed this campaign"));
  button = limn_team_page_get_approve_button (page, alert_id);
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_sensitive (button));
  photograph (f, "team-page-campaigns");

  /* A real click, the question, Return. */
  click_center (button);
  g_assert_true (limn_gui_test_wait_until (dialog_shown, NULL, 10000));
  dialog = find_message_dialog ();
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "answers back to their annotators"));
  limn_gui_test_spin (300);
  g_free (limn_gui_test_screenshot (GTK_WIDGET (dialog), "team-page-campaign-approve"));
  g_free (limn_gui_test_screenshot_root ("team-page-campaign-approve-screen"));
  limn_gui_test_keys (GTK_WINDOW (dialog), "Return");
  g_assert_true (limn_gui_test_wait_until (dialog_gone, NULL, 10000));

  /* Approved and fetched again. */
  w.n = limn_team_page_get_n_campaign_fetches (page) + 1;
  g_assert_true (limn_gui_test_wait_until (campaigns_fetched, &w, 30000));
  g_test_message ("Toast: %s", limn_window_get_last_toast (f->window));
  g_assert_true (g_str_has_prefix (limn_window_get_last_toast (f->window), "Campaign approved: "));

  one = g_strdup_printf ("%s/%s", list, alert_id);
  status = server_get (f, one);
  g_assert_cmpstr (json_object_get_string_member (status, "state"), ==, "running");
  g_assert_cmpstr (json_object_get_string_member (status, "approved_by"), ==, f->history->reviewer_id);

  g_clear_pointer (&text, g_free);
  text = limn_team_page_get_campaigns_text (page);
  g_test_message ("Campaigns after:\n%s", text);
  {
    g_autofree char *progress = g_strdup_printf ("Running — Label Bicycle, agreement below 0.60 · %"
                                                 G_GINT64_FORMAT " tasks", tasks);
    g_autofree char *reworked = g_strdup_printf ("0 of %" G_GINT64_FORMAT " reworked", total);

    g_assert_nonnull (strstr (text, progress));
    g_assert_nonnull (strstr (text, reworked));
  }
  g_assert_null (limn_team_page_get_approve_button (page, alert_id));
  photograph (f, "team-page-campaign-running");

  /* Finished (the rework not done is taken back): its row expands to
   * the before/after the server computed. */
  {
    g_autofree char *out = limn_test_server_admin (f->server, "campaign", "finish", alert_id, "--partial",
                                                   "--by", "admin", NULL);
    g_autoptr(JsonNode) node = json_from_string (out, NULL);
    JsonObject *cmp = json_object_get_object_member (json_node_get_object (node), "comparison");
    g_autofree char *changed = g_strdup_printf ("%" G_GINT64_FORMAT " of %" G_GINT64_FORMAT " answers changed",
                                                json_object_get_int_member (cmp, "items_changed"),
                                                json_object_get_int_member (cmp, "items"));
    GtkWidget *row = NULL;

    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "state"), ==, "done");
    w.n = limn_team_page_get_n_campaign_fetches (page) + 1;
    limn_team_page_set_days (page, 7);
    g_assert_true (limn_gui_test_wait_until (campaigns_fetched, &w, 30000));
    g_clear_pointer (&text, g_free);
    text = limn_team_page_get_campaigns_text (page);
    g_test_message ("Campaigns finished:\n%s", text);
    g_assert_nonnull (strstr (text, "Done — Label Bicycle, agreement below 0.60 · "));
    g_assert_nonnull (strstr (text, changed));
    g_assert_nonnull (strstr (text, " · agreement "));
    g_assert_nonnull (strstr (text, " → "));

    for (GtkWidget *r = gtk_widget_get_first_child (limn_team_page_get_campaigns_list (page)); r != NULL;
         r = gtk_widget_get_next_sibling (r))
      if (g_strcmp0 (g_object_get_data (G_OBJECT (r), "campaign-id"), alert_id) == 0)
        row = r;
    g_assert_true (ADW_IS_EXPANDER_ROW (row));
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
    limn_gui_test_spin (300);
    limn_team_page_scroll_to (page, 0);
    photograph (f, "team-page-campaign-done");
  }
}

/* An annotator is not offered the page. */
static void
test_annotator (Fixture       *f,
                gconstpointer  data)
{
  prepare_folder (f, g_ptr_array_index (f->history->annotator_tokens, 0));
  open_window (f, "annotator");

  g_assert_null (find_switcher_button (GTK_WIDGET (f->window), "Team"));
  g_assert_null (team_page (f));
  photograph (f, "team-page-annotator");
}

/* The what-if section (docs/metrics.md §10) against the real server's
 * figures: two clicks on the annotators spin button's "+" (xdotool) and
 * the forecast's finish day moves earlier at once; one on the overlap's
 * "+" and it moves later; nothing is fetched for either. */

/* Scrolls the page until @widget lies inside the window. */
static void
scroll_into_view (Fixture   *f,
                  GtkWidget *widget)
{
  for (guint step = 0; step <= 20; step++)
    {
      graphene_point_t p;

      limn_team_page_scroll_to (team_page (f), step / 20.0);
      limn_gui_test_spin (150);
      if (gtk_widget_compute_point (widget, GTK_WIDGET (f->window), &GRAPHENE_POINT_INIT (0, 0), &p) &&
          p.y > 60 && p.y + gtk_widget_get_height (widget) < gtk_widget_get_height (GTK_WIDGET (f->window)) - 20)
        return;
    }
  g_error ("The what-if spin button never came into view");
}

/* Clicks the spin button's "+" (its last button, at its right end). */
static void
click_plus (GtkWidget *spin)
{
  limn_gui_test_click (spin, gtk_widget_get_width (spin) - 12, gtk_widget_get_height (spin) / 2.0, 1);
  limn_gui_test_spin (200);
}

static char *
day_text (gint64 day_us)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (day_us / G_USEC_PER_SEC);

  return g_date_time_format (dt, "%Y-%m-%d");
}

static void
test_capacity (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *first = NULL;
  g_autofree char *added = NULL;
  g_autofree char *d0 = NULL;
  g_autofree char *d1 = NULL;
  g_autofree char *d2 = NULL;
  const LimnTeamDashboard *d;
  LimnTeamPage *page;
  GtkWidget *more, *overlap;
  gint64 finish0, finish1, finish2;
  guint n;

  prepare_folder (f, f->history->reviewer_token);
  open_window (f, "reviewer");
  open_team_page (f);
  page = team_page (f);
  d = limn_team_page_get_dashboard (page);
  g_assert_cmpuint (d->by_answers->len, >, 0);
  g_assert_cmpint (((LimnDashboardAnnotator *)g_ptr_array_index (d->annotators, 0))->rate_days, >, 0);

  more = limn_team_page_get_capacity_added_spin (page);
  overlap = limn_team_page_get_capacity_overlap_spin (page);
  g_assert_true (gtk_widget_is_drawable (more));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (overlap)), ==, d->remaining_overlap);
  first = g_strdup (limn_team_page_get_capacity_text (page));
  finish0 = limn_team_page_get_capacity_finish (page);
  g_test_message ("What if, as is: %s", first);
  g_assert_true (g_str_has_prefix (first, "Finish expected "));
  g_assert_cmpint (finish0, >, 0);

  scroll_into_view (f, more);
  n = limn_team_page_get_n_fetched (page);
  photograph (f, "team-page-capacity-before");
  click_plus (more);
  click_plus (more);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (more)), ==, 2);
  added = g_strdup (limn_team_page_get_capacity_text (page));
  finish1 = limn_team_page_get_capacity_finish (page);
  g_test_message ("What if, 2 more annotators: %s", added);
  g_assert_cmpint (finish1, <, finish0);
  photograph (f, "team-page-capacity-more");

  click_plus (overlap);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (overlap)), ==, d->remaining_overlap + 1);
  finish2 = limn_team_page_get_capacity_finish (page);
  g_test_message ("What if, 2 more and overlap %" G_GINT64_FORMAT ": %s", d->remaining_overlap + 1,
                  limn_team_page_get_capacity_text (page));
  g_assert_cmpint (finish2, >, finish1);
  photograph (f, "team-page-capacity-overlap");

  /* Computed here: nothing was fetched for it. */
  g_assert_cmpuint (limn_team_page_get_n_fetched (page), ==, n);
  d0 = day_text (finish0);
  d1 = day_text (finish1);
  d2 = day_text (finish2);
  g_test_message ("finish days: %s, %s, %s", d0, d1, d2);
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

  g_test_add ("/team-page/reviewer", Fixture, NULL, setup, test_reviewer, teardown);
  g_test_add ("/team-page/fixture", Fixture, NULL, setup, test_fixture, teardown);
  g_test_add ("/team-page/fixture-empty", Fixture, NULL, setup, test_fixture_empty, teardown);
  g_test_add ("/team-page/annotator", Fixture, NULL, setup, test_annotator, teardown);
  g_test_add ("/team-page/campaigns", Fixture, NULL, setup_campaigns, test_campaigns, teardown);
  g_test_add ("/team-page/capacity", Fixture, NULL, setup, test_capacity, teardown);

  return g_test_run ();
}
