/* test-sync-dashboard.c
 *
 * The team dashboard on the client (issue 19): the server's answer as
 * JSON fixtures written to the contract (tests/sync/data/dashboard), parsed
 * strictly (every bad one an error naming its member, never a crash; a
 * newer server's members, kinds and groupings ignored), and the sync
 * client's call against a real HTTP server on loopback answering as a
 * server would: the figures, 403, 5xx (tried again, then a clear error),
 * a garbled answer, and no server at all (offline at once).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <libsoup/soup.h>

#include "limn-sync-test.h"
#include "sync/limn-sync-client-private.h"
#include "sync/limn-wire-dashboard.h"

#define P "11111111-1111-4111-8111-111111111111"

static GBytes *
fixture_bytes (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "sync", "data", "dashboard", name, NULL);
  char *contents = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  g_assert_no_error (error);

  return g_bytes_new_take (contents, len);
}

static gint64
day_us (int y, int m, int d)
{
  g_autoptr(GDateTime) dt = g_date_time_new_utc (y, m, d, 0, 0, 0);

  return g_date_time_to_unix (dt) * G_USEC_PER_SEC;
}

static void
test_parse (void)
{
  g_autoptr(GBytes) body = fixture_bytes ("dashboard.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnTeamDashboard) d = limn_wire_parse_dashboard (body, &error);
  LimnDashboardDay *day;
  LimnDashboardAnnotator *a;
  LimnDashboardAgreement *ag;
  LimnDashboardHotSpot *h;
  LimnDashboardAlert *al;

  g_assert_no_error (error);
  g_assert_nonnull (d);
  g_assert_cmpstr (d->project_id, ==, P);
  g_assert_cmpint (d->generated_us, ==, G_GINT64_CONSTANT (1798761600000000));
  g_assert_cmpuint (d->days, ==, 30);
  g_assert_true (d->pseudonymous);

  g_assert_cmpuint (d->throughput->len, ==, 3);
  day = &g_array_index (d->throughput, LimnDashboardDay, 0);
  g_assert_cmpint (day->day_us, ==, day_us (2026, 12, 29));
  g_assert_cmpint (day->submitted, ==, 48);
  g_assert_cmpint (day->reviewed, ==, 12);
  day = &g_array_index (d->throughput, LimnDashboardDay, 2);
  g_assert_cmpint (day->day_us, ==, day_us (2026, 12, 31));
  g_assert_cmpint (day->submitted, ==, 55);

  g_assert_cmpint (d->remaining_tasks, ==, 500);
  g_assert_cmpint (d->remaining_annotations, ==, 1500);
  g_assert_cmpint (d->remaining_overlap, ==, 3);
  g_assert_cmpuint (d->by_answers->len, ==, 4);
  g_assert_cmpint (g_array_index (d->by_answers, gint64, 0), ==, 500);
  g_assert_cmpint (g_array_index (d->by_answers, gint64, 3), ==, 1000);
  g_assert_true (d->has_forecast);
  g_assert_cmpfloat_with_epsilon (d->rate_per_day, 50.2, 1e-9);
  g_assert_cmpint (d->finish_day_us, ==, day_us (2027, 1, 10));
  g_assert_cmpint (d->low_day_us, ==, day_us (2027, 1, 2));
  g_assert_cmpint (d->high_day_us, ==, day_us (2027, 1, 21));
  g_assert_null (d->forecast_reason);

  g_assert_cmpuint (d->annotators->len, ==, 2);
  a = g_ptr_array_index (d->annotators, 0);
  g_assert_cmpstr (a->annotator, ==, "a-3f9c1e");
  g_assert_cmpint (a->submitted, ==, 410);
  g_assert_cmpfloat_with_epsilon (a->acceptance.p, 0.9, 1e-9);
  g_assert_cmpfloat_with_epsilon (a->acceptance.low, 0.87, 1e-9);
  g_assert_cmpfloat_with_epsilon (a->acceptance.high, 0.92, 1e-9);
  g_assert_cmpint (a->acceptance.n, ==, 400);
  g_assert_cmpfloat_with_epsilon (a->gold_accuracy.p, 0.86, 1e-9);
  g_assert_cmpfloat_with_epsilon (a->skill, 0.81, 1e-9);
  g_assert_cmpfloat_with_epsilon (a->median_active_s, 38.0, 1e-9);
  g_assert_false (a->drifting);
  g_assert_cmpfloat_with_epsilon (a->rate_per_day, 30.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (a->rate_sd, 8.0, 1e-9);
  g_assert_cmpint (a->rate_days, ==, 14);
  /* Nulls are NaN, an absent rate is n = 0. */
  a = g_ptr_array_index (d->annotators, 1);
  g_assert_true (isnan (a->acceptance.p) && isnan (a->acceptance.low) && a->acceptance.n == 0);
  g_assert_true (isnan (a->gold_accuracy.p) && a->gold_accuracy.n == 0);
  g_assert_true (isnan (a->skill) && isnan (a->median_active_s));
  g_assert_true (a->drifting);
  g_assert_true (isnan (a->rate_per_day) && a->rate_days == 0);

  g_assert_cmpuint (d->agreement->len, ==, 4);
  ag = g_ptr_array_index (d->agreement, 1);
  g_assert_cmpint (ag->by, ==, LIMN_AGREEMENT_BY_LABEL);
  g_assert_cmpstr (ag->key, ==, "truck");
  g_assert_cmpfloat_with_epsilon (ag->alpha, 0.52, 1e-9);
  g_assert_cmpint (ag->units, ==, 120);
  ag = g_ptr_array_index (d->agreement, 3);
  g_assert_cmpint (ag->by, ==, LIMN_AGREEMENT_BY_GUIDELINE_VERSION);
  g_assert_true (isnan (ag->alpha) && isnan (ag->ac1));

  g_assert_cmpuint (d->hot_spots->len, ==, 1);
  h = g_ptr_array_index (d->hot_spots, 0);
  g_assert_cmpstr (h->label, ==, "car");
  g_assert_cmpstr (h->confused_with, ==, "truck");
  g_assert_cmpfloat_with_epsilon (h->disagreement, 0.31, 1e-9);
  g_assert_cmpfloat_with_epsilon (h->mean_confidence, 0.88, 1e-9);
  g_assert_cmpint (h->items, ==, 12);

  g_assert_cmpuint (d->alerts->len, ==, 2);
  al = g_ptr_array_index (d->alerts, 0);
  g_assert_cmpint (al->kind, ==, LIMN_ALERT_AGREEMENT_LOW);
  g_assert_cmpstr (al->subject, ==, "truck");
  g_assert_cmpfloat_with_epsilon (al->value, 0.52, 1e-9);
  g_assert_cmpfloat_with_epsilon (al->threshold, 0.6, 1e-9);
  g_assert_cmpint (al->since_us, ==, G_GINT64_CONSTANT (1798675200000000));
  /* A hot spot's alert: the pair as the server names it, its disagreement. */
  al = g_ptr_array_index (d->alerts, 1);
  g_assert_cmpint (al->kind, ==, LIMN_ALERT_CONFUSION_HOT_SPOT);
  g_assert_cmpstr (al->subject, ==, "truck / car");
  g_assert_cmpfloat_with_epsilon (al->value, 0.31, 1e-9);
  g_assert_cmpfloat_with_epsilon (al->threshold, 0.3, 1e-9);
}

/* A newer server: unknown members ignored, an unknown grouping left out,
 * an unknown alert kind kept with only its message; no forecast, with
 * the reason. */
static void
test_parse_newer (void)
{
  g_autoptr(GBytes) body = fixture_bytes ("dashboard-newer.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnTeamDashboard) d = limn_wire_parse_dashboard (body, &error);
  LimnDashboardAgreement *ag;
  LimnDashboardAlert *al;
  LimnDashboardAnnotator *a;

  g_assert_no_error (error);
  g_assert_false (d->pseudonymous);
  g_assert_cmpuint (d->throughput->len, ==, 0);
  g_assert_cmpint (d->remaining_tasks, ==, -1);
  g_assert_cmpuint (d->by_answers->len, ==, 0);
  g_assert_false (d->has_forecast);
  g_assert_cmpstr (d->forecast_reason, ==, "No throughput yet.");

  g_assert_cmpuint (d->annotators->len, ==, 1);
  a = g_ptr_array_index (d->annotators, 0);
  g_assert_cmpint (a->submitted, ==, 0);
  g_assert_true (isnan (a->acceptance.p));

  g_assert_cmpuint (d->agreement->len, ==, 1);
  ag = g_ptr_array_index (d->agreement, 0);
  g_assert_cmpint (ag->by, ==, LIMN_AGREEMENT_BY_SOURCE);
  g_assert_cmpfloat_with_epsilon (ag->alpha, -1.4, 1e-9);
  g_assert_cmpstr (ag->name, ==, "Model");

  /* Labels by id, with the server's names beside them. */
  g_assert_cmpuint (d->hot_spots->len, ==, 1);
  g_assert_cmpstr (((LimnDashboardHotSpot *)g_ptr_array_index (d->hot_spots, 0))->label_name, ==, "Person");
  g_assert_cmpstr (((LimnDashboardHotSpot *)g_ptr_array_index (d->hot_spots, 0))->confused_with_name, ==, "Rider");
  g_assert_true (isnan (((LimnDashboardHotSpot *)g_ptr_array_index (d->hot_spots, 0))->mean_confidence));

  g_assert_cmpuint (d->alerts->len, ==, 2);
  al = g_ptr_array_index (d->alerts, 0);
  g_assert_cmpint (al->kind, ==, LIMN_ALERT_UNKNOWN);
  g_assert_cmpstr (al->message, ==, "The moon is full.");
  al = g_ptr_array_index (d->alerts, 1);
  g_assert_cmpint (al->kind, ==, LIMN_ALERT_GOLD_DROP);
  g_assert_null (al->id);
}

/* Each bad answer is one BAD_RESPONSE naming what is wrong. */
static void
test_parse_bad (void)
{
  static const struct { const char *name; const char *says; } bad[] = {
    { "bad-days-type.json", "dashboard.days" },
    { "bad-days-range.json", "dashboard.days" },
    { "bad-pseudonymous-missing.json", "dashboard.pseudonymous" },
    { "bad-throughput-day.json", "dashboard.throughput[1].day" },
    { "bad-throughput-order.json", "dashboard.throughput[2].day" },
    { "bad-throughput-count.json", "dashboard.throughput[0].submitted" },
    { "bad-forecast-interval.json", "dashboard.forecast" },
    { "bad-rate-range.json", "dashboard.annotators[0].acceptance.p" },
    { "bad-rate-interval.json", "dashboard.annotators[0].acceptance" },
    { "bad-rate-type.json", "dashboard.annotators[0].rework" },
    { "bad-annotator-empty.json", "dashboard.annotators[1].annotator" },
    { "bad-skill-type.json", "dashboard.annotators[0].skill" },
    { "bad-by-answers.json", "dashboard.remaining.by_answers" },
    { "bad-annotator-rate.json", "dashboard.annotators[0].rate.days" },
    { "bad-agreement-alpha.json", "dashboard.agreement[0].alpha" },
    { "bad-hot-spot-missing.json", "dashboard.hot_spots[0].disagreement" },
    { "bad-alert-no-value.json", "dashboard.alerts[0]" },
    { "bad-annotators-type.json", "dashboard.annotators" },
    { "bad-truncated.json", NULL },
    { "bad-not-object.json", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GBytes) body = fixture_bytes (bad[i].name);
      g_autoptr(GError) error = NULL;
      g_autoptr(LimnTeamDashboard) d = limn_wire_parse_dashboard (body, &error);

      g_test_message ("%s: %s", bad[i].name, error ? error->message : "(parsed)");
      g_assert_null (d);
      g_assert_error (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_BAD_RESPONSE);
      if (bad[i].says != NULL)
        g_assert_nonnull (strstr (error->message, bad[i].says));
    }

  /* Nothing at all, and not JSON. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
    g_autoptr(LimnTeamDashboard) d = limn_wire_parse_dashboard (empty, &error);

    g_assert_null (d);
    g_assert_error (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_BAD_RESPONSE);
  }
}

/* The client against a server on loopback */

typedef struct
{
  SoupServer *server;
  char       *url;
  guint       status;          /* what the next requests get */
  const char *fixture;         /* the body for 200 */
  const char *body;            /* else this body */
  guint       n_requests;
  char       *last_path;
  char       *last_auth;
  LimnSyncTestClient *client;
} Fixture;

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           data)
{
  Fixture *f = data;
  GUri *uri = soup_server_message_get_uri (msg);

  f->n_requests++;
  g_free (f->last_path);
  f->last_path = g_strdup_printf ("%s?%s", g_uri_get_path (uri), g_uri_get_query (uri));
  g_free (f->last_auth);
  f->last_auth = g_strdup (soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                         "Authorization"));

  if (f->status == 200 && f->fixture != NULL)
    {
      g_autoptr(GBytes) body = fixture_bytes (f->fixture);

      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                        g_bytes_get_data (body, NULL), g_bytes_get_size (body));
      return;
    }

  soup_server_message_set_status (msg, f->status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                    f->body ? f->body : "{\"error\": \"no\"}",
                                    strlen (f->body ? f->body : "{\"error\": \"no\"}"));
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;

  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, "/api/v1/projects", handler, f, NULL);
  g_assert_true (soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server);
  f->url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  f->status = 200;

  f->client = limn_sync_test_client_new (NULL);
  limn_sync_client_set_backoff (f->client->client, 5, 20, 1);
  g_assert_true (limn_sync_client_set_server (f->client->client, f->url, "tok-reviewer",
                                              LIMN_SYNC_SERVER_DEFAULT, &error));
  g_assert_no_error (error);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  limn_sync_test_client_free (f->client, FALSE);
  soup_server_disconnect (f->server);
  g_clear_object (&f->server);
  g_free (f->url);
  g_free (f->last_path);
  g_free (f->last_auth);
}

static LimnTeamDashboard *
fetch (Fixture  *f,
       guint     days,
       GError  **error)
{
  GAsyncResult *result = NULL;
  LimnTeamDashboard *d;

  limn_sync_client_fetch_dashboard_async (f->client->client, P, days, NULL, limn_sync_test_done_cb, &result);
  limn_sync_test_wait (&result);
  d = limn_sync_client_fetch_dashboard_finish (f->client->client, result, error);
  g_object_unref (result);

  return d;
}

static void
test_fetch (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnTeamDashboard) d = NULL;

  f->fixture = "dashboard.json";
  d = fetch (f, 90, &error);
  g_assert_no_error (error);
  g_assert_nonnull (d);
  g_assert_cmpuint (d->annotators->len, ==, 2);
  g_assert_cmpstr (f->last_path, ==, "/api/v1/projects/" P "/dashboard?days=90");
  g_assert_cmpstr (f->last_auth, ==, "Bearer tok-reviewer");
  g_assert_cmpuint (f->n_requests, ==, 1);

  /* Out of range days are brought into it, not sent. */
  g_clear_pointer (&d, limn_team_dashboard_free);
  d = fetch (f, 1000, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (f->last_path, ==, "/api/v1/projects/" P "/dashboard?days=365");
}

static void
test_forbidden (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnTeamDashboard) d = NULL;

  f->status = 403;
  d = fetch (f, 30, &error);
  g_assert_null (d);
  g_assert_error (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_FORBIDDEN);
  g_assert_nonnull (strstr (error->message, "team dashboard"));
  /* A refusal is not asked again. */
  g_assert_cmpuint (f->n_requests, ==, 1);
}

static void
test_server_error (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnTeamDashboard) d = NULL;

  f->status = 500;
  d = fetch (f, 30, &error);
  g_assert_null (d);
  g_assert_error (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_UNAVAILABLE);
  g_assert_nonnull (strstr (error->message, "team dashboard"));
  g_assert_null (strstr (error->message, "will try again"));
  /* Tried again, a few times only. */
  g_assert_cmpuint (f->n_requests, ==, 3);
}

static void
test_garbled (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnTeamDashboard) d = NULL;

  f->fixture = "bad-rate-range.json";
  d = fetch (f, 30, &error);
  g_assert_null (d);
  g_assert_error (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_BAD_RESPONSE);
  g_assert_cmpuint (f->n_requests, ==, 1);
}

/* No server: offline at once, not after a backoff. */
static void
test_offline (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnTeamDashboard) d = NULL;
  gint64 start;

  soup_server_disconnect (f->server);
  limn_sync_client_set_backoff (f->client->client, 60000, 60000, 1);
  start = g_get_monotonic_time ();
  d = fetch (f, 30, &error);
  g_assert_null (d);
  g_assert_error (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_OFFLINE);
  g_assert_nonnull (strstr (error->message, "cannot be reached"));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
}

static void
test_not_signed_in (void)
{
  LimnSyncTestClient *client = limn_sync_test_client_new (NULL);
  GAsyncResult *result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnTeamDashboard) d = NULL;

  limn_sync_client_fetch_dashboard_async (client->client, P, 30, NULL, limn_sync_test_done_cb, &result);
  limn_sync_test_wait (&result);
  d = limn_sync_client_fetch_dashboard_finish (client->client, result, &error);
  g_object_unref (result);
  g_assert_null (d);
  g_assert_error (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_NOT_SIGNED_IN);
  limn_sync_test_client_free (client, FALSE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync-dashboard/wire/parse", test_parse);
  g_test_add_func ("/sync-dashboard/wire/newer", test_parse_newer);
  g_test_add_func ("/sync-dashboard/wire/bad", test_parse_bad);
  g_test_add_func ("/sync-dashboard/client/not-signed-in", test_not_signed_in);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, teardown)
  ADD ("/sync-dashboard/client/fetch", test_fetch);
  ADD ("/sync-dashboard/client/forbidden", test_forbidden);
  ADD ("/sync-dashboard/client/server-error", test_server_error);
  ADD ("/sync-dashboard/client/garbled", test_garbled);
  ADD ("/sync-dashboard/client/offline", test_offline);
#undef ADD

  return g_test_run ();
}
