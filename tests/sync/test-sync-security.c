/* test-sync-security.c
 *
 * The sync client's defences: plain http to another computer is refused
 * before any request; tokens rest in a file only the user can read (0600
 * from creation); a malicious server (wrong types, huge or non-UTF-8
 * strings, deep nesting, bad hashes, boxes outside the image, spans
 * outside the text, unknown labels, redirects, damaged media) gets an
 * error and writes nothing.
 *
 * The malicious server is a SoupServer on loopback serving canned answers:
 * the real limn-server would never send them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/stat.h>

#include <libsoup/soup.h>

#include "sync/limn-credentials.h"
#include "store/limn-store-private.h"
#include "sync/limn-sync-client-private.h"
#include "limn-sync-test.h"
#include "sync/limn-wire.h"
#include "limn-test-util.h"

#define TOKEN "limn_test_token_0123456789"

/* A server that answers each path with a canned response. */

typedef struct
{
  guint   status;
  GBytes *body;
  char   *location;
} Canned;

static void
canned_free (Canned *c)
{
  g_clear_pointer (&c->body, g_bytes_unref);
  g_free (c->location);
  g_free (c);
}

typedef struct
{
  SoupServer *server;
  char       *url;
  GHashTable *routes;      /* path -> Canned */
  guint       n_requests;
} FakeServer;

static void
fake_handler (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           data)
{
  FakeServer *fake = data;
  Canned *c = g_hash_table_lookup (fake->routes, path);

  fake->n_requests++;

  if (c == NULL)
    {
      static const char not_found[] = "{\"error\":{\"code\":\"not_found\",\"message\":\"no\"}}";

      soup_server_message_set_status (msg, 404, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                        not_found, strlen (not_found));
      return;
    }

  soup_server_message_set_status (msg, c->status, NULL);
  if (c->location != NULL)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Location", c->location);
  if (c->body != NULL)
    soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                      g_bytes_get_data (c->body, NULL), g_bytes_get_size (c->body));
}

static void
fake_route_bytes (FakeServer *fake,
                  const char *path,
                  guint       status,
                  const void *body,
                  gsize       len)
{
  Canned *c = g_new0 (Canned, 1);

  c->status = status;
  c->body = g_bytes_new (body, len);
  g_hash_table_replace (fake->routes, g_strdup (path), c);
}

static void
fake_route (FakeServer *fake,
            const char *path,
            guint       status,
            const char *body)
{
  fake_route_bytes (fake, path, status, body, strlen (body));
}

static FakeServer *
fake_server_new (void)
{
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;
  FakeServer *fake = g_new0 (FakeServer, 1);

  fake->routes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)canned_free);
  fake->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fake->server, NULL, fake_handler, fake, NULL);
  g_assert_true (soup_server_listen_local (fake->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);

  uris = soup_server_get_uris (fake->server);
  fake->url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));

  return fake;
}

static void
fake_server_free (FakeServer *fake)
{
  soup_server_disconnect (fake->server);
  g_object_unref (fake->server);
  g_hash_table_unref (fake->routes);
  g_free (fake->url);
  g_free (fake);
}

/* The client side, with a remote project on the fake server. */

typedef struct
{
  FakeServer         *fake;
  LimnSyncTestClient *local;
  char               *project_id;
  char               *label_id;
  char               *task_id;      /* image task, 100 × 80 */
  char               *user_id;
} Fixture;

typedef struct
{
  const char *server_url;
  const char *project_id;
  const char *label_id;
  const char *task_id;
} RemoteSetup;

static gpointer
remote_setup_job (LimnStore  *store,
                  gpointer    data,
                  GError    **error)
{
  RemoteSetup *r = data;
  g_autoptr(LimnProject) project = limn_project_new (r->project_id, "Streets", LIMN_PROJECT_IMAGE);
  g_autoptr(LimnLabel) label = limn_label_new (r->label_id, "Person", "#3584e4", "1");
  g_autoptr(LimnTask) task = limn_task_new (r->task_id, r->project_id, LIMN_TASK_IMAGE, 0, "a.png");

  limn_project_add_label (project, label);
  limn_task_set_size (task, 100, 80);
  if (!limn_store_save_project (store, project, error) ||
      !limn_store_set_project_remote (store, r->project_id, r->server_url, "{}", error) ||
      !limn_store_save_task (store, task, NULL, error))
    return NULL;

  return GINT_TO_POINTER (TRUE);
}

static char *
me_json (Fixture *f)
{
  return g_strdup_printf ("{\"user\":{\"id\":\"%s\",\"name\":\"alice\"},\"role\":\"annotator\","
                          "\"project_id\":\"%s\"}", f->user_id, f->project_id);
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *me = NULL;
  RemoteSetup r;

  f->fake = fake_server_new ();
  f->local = limn_sync_test_client_new (NULL);
  f->project_id = g_uuid_string_random ();
  f->label_id = g_uuid_string_random ();
  f->task_id = g_uuid_string_random ();
  f->user_id = g_uuid_string_random ();

  r = (RemoteSetup){ f->fake->url, f->project_id, f->label_id, f->task_id };
  g_assert_nonnull (limn_store_worker_run_sync (f->local->worker, remote_setup_job, &r, &error));
  g_assert_no_error (error);

  me = me_json (f);
  fake_route (f->fake, "/api/v1/me", 200, me);
  fake_route (f->fake, "/api/v1/changes", 200, "{\"changes\":[],\"cursor\":\"0\",\"more\":false}");

  g_assert_true (limn_sync_client_set_server (f->local->client, f->fake->url, TOKEN, 0, &error));
  g_assert_no_error (error);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  limn_sync_test_client_free (f->local, FALSE);
  fake_server_free (f->fake);
  g_free (f->project_id);
  g_free (f->label_id);
  g_free (f->task_id);
  g_free (f->user_id);
}

static void
queue_events (Fixture *f,
              guint    n)
{
  for (guint i = 0; i < n; i++)
    {
      LimnEvent *e = limn_event_new (LIMN_EVENT_REGION_CREATED);

      e->session_id = g_uuid_string_random ();
      e->annotator = g_strdup ("alice");
      e->project_id = g_strdup (f->project_id);
      e->task_id = g_strdup (f->task_id);
      e->wall_us = g_get_real_time ();
      limn_store_worker_append_event (f->local->worker, e);
    }
}

static gint64
count (Fixture    *f,
       const char *sql)
{
  return limn_sync_test_count (f->local->worker, sql);
}

/* Address rules */

static void
test_url_rules (void)
{
  static const struct { const char *in; const char *out; } ok[] = {
    { "https://limn.example.org", "https://limn.example.org" },
    { "https://Limn.Example.org:443/", "https://limn.example.org" },
    { "https://limn.example.org:8443/team/", "https://limn.example.org:8443/team" },
    { "http://127.0.0.1:8080", "http://127.0.0.1:8080" },
    { "http://127.45.6.7", "http://127.45.6.7" },
    { "http://localhost:9", "http://localhost:9" },
    { "http://LOCALHOST", "http://localhost" },
    { "http://[::1]:8080/", "http://[::1]:8080" },
  };
  static const struct { const char *in; int code; } refused[] = {
    { "http://limn.example.org", LIMN_SYNC_ERROR_INSECURE },
    { "http://10.0.0.2:8080", LIMN_SYNC_ERROR_INSECURE },
    { "http://0.0.0.0:8080", LIMN_SYNC_ERROR_INSECURE },
    { "http://128.0.0.1", LIMN_SYNC_ERROR_INSECURE },
    { "http://localhost.example.org", LIMN_SYNC_ERROR_INSECURE },
    { "http://127.0.0.1.example.org", LIMN_SYNC_ERROR_INSECURE },
    { "http://[::ffff:127.0.0.1]", LIMN_SYNC_ERROR_INSECURE },
    { "http://[::2]", LIMN_SYNC_ERROR_INSECURE },
    { "ftp://limn.example.org", LIMN_SYNC_ERROR_INVALID_URL },
    { "file:///etc/passwd", LIMN_SYNC_ERROR_INVALID_URL },
    { "limn.example.org", LIMN_SYNC_ERROR_INVALID_URL },
    { "https://", LIMN_SYNC_ERROR_INVALID_URL },
    { "https://alice:secret@limn.example.org", LIMN_SYNC_ERROR_INVALID_URL },
    { "https://limn.example.org/?x=1", LIMN_SYNC_ERROR_INVALID_URL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (ok); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *url = limn_sync_url_normalize (ok[i].in, FALSE, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (url, ==, ok[i].out);
    }

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *url = limn_sync_url_normalize (refused[i].in, FALSE, &error);

      g_assert_null (url);
      g_assert_error (error, LIMN_SYNC_ERROR, refused[i].code);
      g_assert_nonnull (strstr (error->message, refused[i].code == LIMN_SYNC_ERROR_INSECURE ? "http" : ""));
    }

  /* The user may allow it, explicitly. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *url = limn_sync_url_normalize ("http://limn.example.org", TRUE, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (url, ==, "http://limn.example.org");
  }
}

static void
test_insecure_refused_without_request (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  LimnSyncTestClient *local = limn_sync_test_client_new (NULL);
  LimnSyncClient *client = local->client;
  g_autoptr(GPtrArray) ids = NULL;

  g_assert_false (limn_sync_client_set_server (client, "http://limn.example.org", TOKEN, 0, &error));
  g_assert_error (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_INSECURE);
  g_assert_null (limn_sync_client_get_server_url (client));
  g_clear_error (&error);

  g_assert_false (limn_sync_test_sign_in (client, "http://10.1.2.3:8080", TOKEN, &error));
  g_assert_error (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_INSECURE);
  g_clear_error (&error);

  /* Nothing to talk to: runs and claims fail at once. */
  g_assert_false (limn_sync_test_sync (client, &error));
  g_assert_error (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_NOT_SIGNED_IN);
  g_clear_error (&error);
  ids = limn_sync_test_claim (client, "00000000-0000-4000-8000-000000000000", 5, &error);
  g_assert_null (ids);
  g_assert_error (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_NOT_SIGNED_IN);
  g_clear_error (&error);

  g_assert_cmpuint (limn_sync_client_get_n_requests (client), ==, 0);

  /* Tokens that could break a header are refused too. */
  g_assert_false (limn_sync_client_set_server (client, "https://limn.example.org", "a b", 0, &error));
  g_assert_error (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_CREDENTIALS);
  g_clear_error (&error);
  g_assert_false (limn_sync_client_set_server (client, "https://limn.example.org",
                                               "tok\r\nX-Evil: 1", 0, &error));
  g_assert_error (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_CREDENTIALS);
  g_clear_error (&error);

  /* Allowed explicitly: accepted, still without a request. */
  g_assert_true (limn_sync_client_set_server (client, "http://limn.example.org", TOKEN,
                                              LIMN_SYNC_SERVER_ALLOW_INSECURE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (limn_sync_client_get_n_requests (client), ==, 0);

  limn_sync_test_client_free (local, FALSE);
}

static void
store_token (LimnCredentials *credentials,
             const char      *account,
             const char      *token)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *ref = NULL;

  limn_credentials_store_async (credentials, account, "https://limn.example.org", token, NULL,
                                limn_sync_test_done_cb, &result);
  limn_sync_test_wait (&result);
  ref = limn_credentials_store_finish (credentials, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ref, ==, LIMN_TOKEN_REF_FILE);
}

static void
test_token_file_is_private (void)
{
  g_autofree char *dir = limn_test_mkdtemp ();
  g_autoptr(LimnCredentials) credentials = limn_credentials_new (dir, LIMN_CREDENTIALS_FILE);
  g_autofree char *account = g_uuid_string_random ();
  g_autofree char *path = limn_credentials_get_file_path (credentials, account);
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *token = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  struct stat st;
  mode_t old_umask;

  /* Even with a umask that would let everyone read, it is 0600 at once. */
  old_umask = umask (0);
  store_token (credentials, account, TOKEN);
  umask (old_umask);

  g_assert_cmpint (stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (stat (folder, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);

  limn_credentials_lookup_async (credentials, account, LIMN_TOKEN_REF_FILE, NULL,
                                 limn_sync_test_done_cb, &result);
  limn_sync_test_wait (&result);
  token = limn_credentials_lookup_finish (credentials, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, TOKEN);
  g_clear_object (&result);

  /* Replaced atomically, still private. */
  store_token (credentials, account, TOKEN "-2");
  g_assert_cmpint (stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  limn_credentials_delete_async (credentials, account, LIMN_TOKEN_REF_FILE, NULL,
                                 limn_sync_test_done_cb, &result);
  limn_sync_test_wait (&result);
  g_assert_true (limn_credentials_delete_finish (credentials, result, &error));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  limn_test_rm_rf (dir);
}

/* A server whose /me lies. */
static void
test_bad_me (Fixture       *f,
             gconstpointer  data)
{
  static const char * const bodies[] = {
    "not json",
    "[]",
    "{\"user\":{\"id\":42,\"name\":\"alice\"},\"role\":\"annotator\",\"project_id\":null}",
    "{\"user\":{\"id\":\"../../etc\",\"name\":\"alice\"},\"role\":\"annotator\",\"project_id\":null}",
    "{\"user\":{\"id\":\"6f0c2c1e-1b1b-4c9e-9a43-3d2f7f1d0a01\",\"name\":\"alice\"},\"role\":\"god\"}",
    "{\"user\":{\"id\":\"6F0C2C1E-1B1B-4C9E-9A43-3D2F7F1D0A01\",\"name\":\"alice\"},\"role\":\"annotator\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(GError) error = NULL;

      fake_route (f->fake, "/api/v1/me", 200, bodies[i]);
      g_assert_false (limn_sync_test_sync (f->local->client, &error));
      g_assert_error (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_BAD_RESPONSE);
      g_assert_cmpint (count (f, "SELECT COUNT(*) FROM accounts"), ==, 0);
      g_assert_cmpint (limn_sync_client_get_state (f->local->client), ==, LIMN_SYNC_STATE_ERROR);
      g_assert_nonnull (limn_sync_client_get_last_error (f->local->client));
    }
}

static GBytes *
deep_nesting (gsize depth)
{
  GString *s = g_string_new ("{\"results\":");

  for (gsize i = 0; i < depth; i++)
    g_string_append_c (s, '[');
  for (gsize i = 0; i < depth; i++)
    g_string_append_c (s, ']');
  g_string_append_c (s, '}');

  return g_string_free_to_bytes (s);
}

/* Answers to a batch that must not ack anything. */
static void
test_bad_batch_answers (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *huge = g_strnfill (70 * 1024, 'x');
  g_autoptr(GBytes) deep = deep_nesting (200000);
  GString *bodies[16];
  guint n = 0;
  g_autoptr(GString) big = g_string_new ("{\"results\":[");

  queue_events (f, 3);
  /* The outbox gets its rows with the events (one batch write). */
  g_assert_cmpint (count (f, "SELECT COUNT(*) FROM outbox WHERE acked_us IS NULL"), ==, 3);

  bodies[n++] = g_string_new ("not json at all");
  bodies[n++] = g_string_new ("{\"results\":{}}");
  bodies[n++] = g_string_new ("{\"results\":[]}");
  bodies[n++] = g_string_new ("{\"results\":[{\"id\":\"x\",\"status\":\"applied\"},"
                              "{\"id\":\"y\",\"status\":\"applied\"},{\"id\":\"z\",\"status\":\"applied\"}]}");
  bodies[n++] = g_string_new ("{\"results\":[1,2,3]}");
  bodies[n++] = g_string_new ("{\"results\":null}");
  /* Invalid UTF-8 inside a string. */
  bodies[n++] = g_string_new ("{\"results\":[{\"id\":\"\xff\xfe\",\"status\":\"applied\"}]}");

  for (guint i = 0; i < n; i++)
    {
      fake_route_bytes (f->fake, "/api/v1/batches", 200, bodies[i]->str, bodies[i]->len);
      g_assert_false (limn_sync_test_sync (f->local->client, &error));
      g_assert_error (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_BAD_RESPONSE);
      g_clear_error (&error);
      g_assert_cmpint (count (f, "SELECT COUNT(*) FROM outbox WHERE acked_us IS NULL"), ==, 3);
      g_string_free (bodies[i], TRUE);
    }

  /* Nested deeper than a parser should recurse. */
  fake_route_bytes (f->fake, "/api/v1/batches", 200, g_bytes_get_data (deep, NULL), g_bytes_get_size (deep));
  g_assert_false (limn_sync_test_sync (f->local->client, &error));
  g_assert_error (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_BAD_RESPONSE);
  g_clear_error (&error);

  /* Larger than any answer may be (16 MiB). */
  while (big->len < 17 * 1024 * 1024)
    g_string_append (big, "{\"id\":\"00000000-0000-4000-8000-000000000000\",\"status\":\"applied\"},");
  g_string_append (big, "{}]}");
  fake_route_bytes (f->fake, "/api/v1/batches", 200, big->str, big->len);
  g_assert_false (limn_sync_test_sync (f->local->client, &error));
  g_assert_error (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_BAD_RESPONSE);
  g_clear_error (&error);

  /* Right ids in the wrong order, a status the protocol lacks, a reason
   * longer than 64 KiB: all refused. */
  {
    g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
    const char *statuses[] = { "applied", "ok", "applied" };
    g_autoptr(GString) swapped = g_string_new ("{\"results\":[");
    g_autoptr(GString) unknown = g_string_new ("{\"results\":[");
    g_autoptr(GString) long_reason = g_string_new ("{\"results\":[");

    /* The ids the client sent, from its outbox, in order. */
    {
      g_autoptr(GError) e2 = NULL;
      g_autoptr(LimnStore) ro = limn_store_open (f->local->db_path, &e2);
      sqlite3_stmt *stmt = NULL;

      g_assert_no_error (e2);
      sqlite3_prepare_v2 (limn_store_get_db (ro), "SELECT item_id FROM outbox ORDER BY seq", -1, &stmt, NULL);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_ptr_array_add (ids, g_strdup ((const char *)sqlite3_column_text (stmt, 0)));
      sqlite3_finalize (stmt);
    }
    g_assert_cmpuint (ids->len, ==, 3);

    for (guint i = 0; i < 3; i++)
      {
        g_string_append_printf (swapped, "%s{\"id\":\"%s\",\"status\":\"applied\"}", i ? "," : "",
                                (char *)g_ptr_array_index (ids, 2 - i));
        g_string_append_printf (unknown, "%s{\"id\":\"%s\",\"status\":\"%s\"}", i ? "," : "",
                                (char *)g_ptr_array_index (ids, i), statuses[i]);
        g_string_append_printf (long_reason, "%s{\"id\":\"%s\",\"status\":\"rejected\",\"reason\":\"%s\"}",
                                i ? "," : "", (char *)g_ptr_array_index (ids, i), i == 1 ? huge : "r");
      }
    g_string_append (swapped, "]}");
    g_string_append (unknown, "]}");
    g_string_append (long_reason, "]}");

    fake_route (f->fake, "/api/v1/batches", 200, swapped->str);
    g_assert_false (limn_sync_test_sync (f->local->client, &error));
    g_assert_error (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_BAD_RESPONSE);
    g_clear_error (&error);

    fake_route (f->fake, "/api/v1/batches", 200, unknown->str);
    g_assert_false (limn_sync_test_sync (f->local->client, &error));
    g_assert_error (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_BAD_RESPONSE);
    g_clear_error (&error);

    fake_route (f->fake, "/api/v1/batches", 200, long_reason->str);
    g_assert_false (limn_sync_test_sync (f->local->client, &error));
    g_assert_error (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_BAD_RESPONSE);
    g_clear_error (&error);
  }

  g_assert_cmpint (count (f, "SELECT COUNT(*) FROM outbox WHERE acked_us IS NULL"), ==, 3);
  g_assert_cmpint (count (f, "SELECT COUNT(*) FROM outbox_batches WHERE acked_us IS NULL"), ==, 1);
  /* Every try was the same batch (key and bytes): one open batch. */
  g_assert_cmpint (count (f, "SELECT sent_count FROM outbox_batches"), >=, 10);

  /* A 4xx other than 408/429 surfaces and is not retried blindly. */
  fake_route (f->fake, "/api/v1/batches", 403, "{\"error\":{\"code\":\"forbidden\",\"message\":\"no\"}}");
  g_assert_false (limn_sync_test_sync (f->local->client, &error));
  g_assert_error (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_FORBIDDEN);
  g_clear_error (&error);
  g_assert_cmpint (count (f, "SELECT COUNT(*) FROM outbox WHERE acked_us IS NULL"), ==, 3);
}

/* Answers to a batch are read without a tree when they are strict JSON
 * (limn-wire-parse.c), else with json-glib: a body only json-glib accepts
 * (here: with a number written 01) must give the same results, and the
 * same errors. */
static void
test_batch_answers_both_ways (void)
{
  static const char *ids[] = {
    "00000000-0000-4000-8000-000000000001", "00000000-0000-4000-8000-000000000002",
    "00000000-0000-4000-8000-000000000003",
  };
  static const struct { const char *results; gboolean ok; } answers[] = {
    { "[{\"id\":\"%0\",\"status\":\"applied\"},{\"id\":\"%1\",\"status\":\"duplicate\"},"
      "{\"id\":\"%2\",\"status\":\"rejected\",\"reason\":\"caf\\u00e9 \\\"x\\\"\\n\"}]", TRUE },
    { "[ {\"status\":\"conflict\", \"reason\": null, \"id\":\"%0\"} , {\"id\":\"%1\",\"status\":\"applied\","
      "\"extra\":{\"a\":[1,2.5,true]}},{\"id\":\"x\",\"id\":\"%2\",\"status\":\"applied\",\"status\":\"rejected\"}]", TRUE },
    { "[{\"id\":\"%0\",\"status\":\"applied\"},{\"id\":\"%1\",\"status\":\"applied\"}]", FALSE },
    { "[{\"id\":\"%0\",\"status\":\"applied\"},{\"id\":\"%2\",\"status\":\"applied\"},"
      "{\"id\":\"%1\",\"status\":\"applied\"}]", FALSE },
    { "[{\"id\":\"%0\",\"status\":\"Applied\"},{\"id\":\"%1\",\"status\":\"applied\"},"
      "{\"id\":\"%2\",\"status\":\"applied\"}]", FALSE },
    { "[{\"id\":\"%0\",\"status\":\"applied\",\"reason\":5},{\"id\":\"%1\",\"status\":\"applied\"},"
      "{\"id\":\"%2\",\"status\":\"applied\"}]", FALSE },
    { "[{\"id\":null,\"status\":\"applied\"},{\"id\":\"%1\",\"status\":\"applied\"},"
      "{\"id\":\"%2\",\"status\":\"applied\"}]", FALSE },
    { "[{\"id\":\"%0\"},{\"id\":\"%1\",\"status\":\"applied\"},{\"id\":\"%2\",\"status\":\"applied\"}]", FALSE },
    { "[{\"id\":\"%0\",\"status\":\"applied\"},{\"id\":\"%1\",\"status\":\"applied\"},7]", FALSE },
  };
  g_autoptr(GPtrArray) sent = g_ptr_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    g_ptr_array_add (sent, (gpointer)ids[i]);

  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    {
      GPtrArray *got[2] = { NULL, NULL };
      GError *errors[2] = { NULL, NULL };

      for (guint way = 0; way < 2; way++)
        {
          g_autoptr(GString) body = g_string_new (way == 0 ? "{\"results\":" : "{\"_\":01,\"results\":");
          g_autoptr(GBytes) bytes = NULL;

          g_string_append (body, answers[i].results);
          g_string_append_c (body, '}');
          for (guint k = 0; k < G_N_ELEMENTS (ids); k++)
            {
              char name[3] = { '%', '0' + k, '\0' };

              g_string_replace (body, name, ids[k], 0);
            }
          bytes = g_string_free_to_bytes (g_steal_pointer (&body));
          got[way] = limn_wire_parse_results (bytes, sent, &errors[way]);
          g_assert_true ((got[way] != NULL) == answers[i].ok);
        }

      if (!answers[i].ok)
        {
          g_assert_error (errors[0], LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_BAD_RESPONSE);
          g_assert_cmpstr (errors[0]->message, ==, errors[1]->message);
        }
      else
        for (guint k = 0; k < G_N_ELEMENTS (ids); k++)
          {
            LimnWireResult *a = g_ptr_array_index (got[0], k);
            LimnWireResult *b = g_ptr_array_index (got[1], k);

            g_assert_cmpstr (a->id, ==, ids[k]);
            g_assert_cmpstr (a->id, ==, b->id);
            g_assert_cmpint (a->status, ==, b->status);
            g_assert_cmpstr (a->reason, ==, b->reason);
          }

      for (guint way = 0; way < 2; way++)
        {
          g_clear_pointer (&got[way], g_ptr_array_unref);
          g_clear_error (&errors[way]);
        }
    }
}

/* Change pages that must not move the cursor or write anything. */
static void
test_bad_changes (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) bodies = g_ptr_array_new_with_free_func (g_free);
  const char *p = f->project_id, *t = f->task_id, *l = f->label_id;
  const char *other_label = "11111111-1111-4111-8111-111111111111";

  g_ptr_array_add (bodies, g_strdup ("{\"changes\":[],\"cursor\":7,\"more\":false}"));
  g_ptr_array_add (bodies, g_strdup ("{\"changes\":[],\"cursor\":\"\",\"more\":false}"));
  g_ptr_array_add (bodies, g_strdup ("{\"changes\":[],\"cursor\":\"1\",\"more\":\"yes\"}"));
  g_ptr_array_add (bodies, g_strdup_printf (
    "{\"changes\":[{\"seq\":5,\"kind\":\"guidelines\",\"data\":{\"project_id\":\"%s\",\"version\":2,\"body\":\"x\"}},"
    "{\"seq\":4,\"kind\":\"guidelines\",\"data\":{\"project_id\":\"%s\",\"version\":3,\"body\":\"y\"}}],"
    "\"cursor\":\"5\",\"more\":false}", p, p));
  g_ptr_array_add (bodies, g_strdup_printf (
    "{\"changes\":[{\"seq\":1,\"kind\":\"guidelines\",\"data\":{\"project_id\":\"%s\",\"version\":\"2\",\"body\":\"x\"}}],"
    "\"cursor\":\"1\",\"more\":false}", p));
  g_ptr_array_add (bodies, g_strdup_printf (
    "{\"changes\":[{\"seq\":1,\"kind\":\"assignment_expired\",\"data\":{\"task_id\":\"../%s\"}}],"
    "\"cursor\":\"1\",\"more\":false}", t));
  g_ptr_array_add (bodies, g_strdup_printf (
    "{\"changes\":[{\"seq\":1,\"kind\":\"gold\",\"data\":{\"task_id\":\"%s\",\"regions\":"
    "[{\"id\":\"%s\",\"kind\":\"box\",\"label\":\"%s\",\"box\":[1,2,3]}]}}],\"cursor\":\"1\",\"more\":false}",
    t, t, l));
  /* Well-formed, but wrong for the stored task: a guideline change first,
   * then gold outside the 100×80 image; neither may be written. */
  g_ptr_array_add (bodies, g_strdup_printf (
    "{\"changes\":[{\"seq\":1,\"kind\":\"guidelines\",\"data\":{\"project_id\":\"%s\",\"version\":9,\"body\":\"new\"}},"
    "{\"seq\":2,\"kind\":\"gold\",\"data\":{\"task_id\":\"%s\",\"regions\":"
    "[{\"id\":\"%s\",\"kind\":\"box\",\"label\":\"%s\",\"box\":[90,70,20,20]}]}}],\"cursor\":\"2\",\"more\":false}",
    p, t, t, l));
  g_ptr_array_add (bodies, g_strdup_printf (
    "{\"changes\":[{\"seq\":1,\"kind\":\"guidelines\",\"data\":{\"project_id\":\"%s\",\"version\":9,\"body\":\"new\"}},"
    "{\"seq\":2,\"kind\":\"gold\",\"data\":{\"task_id\":\"%s\",\"regions\":"
    "[{\"id\":\"%s\",\"kind\":\"box\",\"label\":\"%s\",\"box\":[1,1,2,2]}]}}],\"cursor\":\"2\",\"more\":false}",
    p, t, t, other_label));
  g_ptr_array_add (bodies, g_strdup_printf (
    "{\"changes\":[{\"seq\":1,\"kind\":\"gold\",\"data\":{\"task_id\":\"%s\",\"regions\":"
    "[{\"id\":\"%s\",\"kind\":\"span\",\"label\":\"%s\",\"start\":0,\"end\":3}]}}],\"cursor\":\"1\",\"more\":false}",
    t, t, l));

  for (guint i = 0; i < bodies->len; i++)
    {
      g_autoptr(GError) error = NULL;

      fake_route (f->fake, "/api/v1/changes", 200, g_ptr_array_index (bodies, i));
      g_assert_false (limn_sync_test_sync (f->local->client, &error));
      g_assert_error (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_BAD_RESPONSE);
      g_assert_cmpint (count (f, "SELECT COUNT(*) FROM sync_state WHERE cursor = '0'"), ==, 1);
      g_assert_cmpint (count (f, "SELECT COUNT(*) FROM guidelines WHERE version > 0"), ==, 0);
      g_assert_cmpint (count (f, "SELECT COUNT(*) FROM gold"), ==, 0);
    }

  /* And a good page is applied, cursor and all. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *good = g_strdup_printf (
      "{\"changes\":[{\"seq\":1,\"kind\":\"guidelines\",\"data\":{\"project_id\":\"%s\",\"version\":9,\"body\":\"new\"}},"
      "{\"seq\":2,\"kind\":\"gold\",\"data\":{\"task_id\":\"%s\",\"regions\":"
      "[{\"id\":\"%s\",\"kind\":\"box\",\"label\":\"%s\",\"box\":[1,1,2,2]}]}},"
      "{\"seq\":3,\"kind\":\"review_verdict\",\"data\":{\"whatever\":1}}],\"cursor\":\"3\",\"more\":false}",
      p, t, t, l);

    fake_route (f->fake, "/api/v1/changes", 200, good);
    g_assert_true (limn_sync_test_sync (f->local->client, &error));
    g_assert_no_error (error);
    g_assert_cmpint (count (f, "SELECT COUNT(*) FROM sync_state WHERE cursor = '3'"), ==, 1);
    g_assert_cmpint (count (f, "SELECT COUNT(*) FROM guidelines WHERE version = 9"), ==, 1);
    g_assert_cmpint (count (f, "SELECT COUNT(*) FROM gold"), ==, 1);
    g_assert_cmpint (limn_sync_client_get_state (f->local->client), ==, LIMN_SYNC_STATE_IDLE);
  }
}

static char *
project_json (Fixture *f)
{
  return g_strdup_printf ("{\"id\":\"%s\",\"name\":\"Streets\",\"kind\":\"both\",\"labels\":"
                          "[{\"id\":\"%s\",\"name\":\"Person\",\"color\":\"#3584e4\",\"hotkey\":\"1\","
                          "\"description\":\"\"}],\"guidelines\":{\"version\":1,\"body\":\"# G\","
                          "\"published_us\":1},\"settings\":{\"overlap\":1,\"gold_rate\":0,\"audit_rate\":0,"
                          "\"confidence_steps\":5,\"lease_seconds\":3600}}",
                          f->project_id, f->label_id);
}

/* One image and one text assignment, with @sha256, the image suggestion's
 * @box and the text suggestion's @span spliced in (to break them). */
static char *
claims_json (Fixture    *f,
             const char *sha256,
             const char *box,
             const char *span)
{
  g_autofree char *a1 = g_uuid_string_random ();
  g_autofree char *a2 = g_uuid_string_random ();
  g_autofree char *t1 = g_uuid_string_random ();
  g_autofree char *t2 = g_uuid_string_random ();
  g_autofree char *s1 = g_uuid_string_random ();
  g_autofree char *s2 = g_uuid_string_random ();

  return g_strdup_printf (
    "{\"assignments\":["
    "{\"assignment_id\":\"%s\",\"lease_expires_us\":1763942400000000,\"task\":{\"id\":\"%s\","
    "\"kind\":\"image\",\"title\":\"a.png\",\"position\":1,\"media\":{\"sha256\":\"%s\",\"size\":100,"
    "\"width\":100,\"height\":80,\"mime\":\"image/png\"},\"suggestions\":[{\"id\":\"%s\",\"kind\":\"box\","
    "\"label\":\"%s\",\"box\":%s,\"score\":0.9,\"model_version\":\"det-4\"}]}},"
    "{\"assignment_id\":\"%s\",\"lease_expires_us\":1763942400000000,\"task\":{\"id\":\"%s\","
    "\"kind\":\"text\",\"title\":\"t\",\"position\":2,\"text\":\"Hé 🚲 ok\",\"language\":\"fr\","
    "\"direction\":\"ltr\",\"suggestions\":[{\"id\":\"%s\",\"kind\":\"span\",\"label\":\"%s\",%s}]}}]}",
    a1, t1, sha256, s1, f->label_id, box, a2, t2, s2, f->label_id, span);
}

#define GOOD_SHA "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"

static void
test_bad_claims (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *project = project_json (f);
  g_autofree char *claims_path = g_strdup_printf ("/api/v1/projects/%s/claims", f->project_id);
  g_autofree char *project_path = g_strdup_printf ("/api/v1/projects/%s", f->project_id);
  g_autoptr(GPtrArray) bodies = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  gint64 tasks_before = count (f, "SELECT COUNT(*) FROM tasks");
  g_autofree char *long_title = g_strnfill (2000, 'a');

  fake_route (f->fake, project_path, 200, project);
  limn_sync_client_set_prefetch_count (f->local->client, 0);

  g_ptr_array_add (bodies, claims_json (f, "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08",
                                        "[1,2,3,4]", "\"start\":0,\"end\":2,\"text\":\"Hé\""));
  g_ptr_array_add (bodies, claims_json (f, "../../../etc/passwd", "[1,2,3,4]", "\"start\":0,\"end\":2"));
  g_ptr_array_add (bodies, claims_json (f, GOOD_SHA, "[90,10,20,20]", "\"start\":0,\"end\":2"));
  g_ptr_array_add (bodies, claims_json (f, GOOD_SHA, "[1,2,0,4]", "\"start\":0,\"end\":2"));
  g_ptr_array_add (bodies, claims_json (f, GOOD_SHA, "[-1,2,3,4]", "\"start\":0,\"end\":2"));
  g_ptr_array_add (bodies, claims_json (f, GOOD_SHA, "[1,2,3,\"4\"]", "\"start\":0,\"end\":2"));
  g_ptr_array_add (bodies, claims_json (f, GOOD_SHA, "[1,2,3,4]", "\"start\":0,\"end\":9"));
  g_ptr_array_add (bodies, claims_json (f, GOOD_SHA, "[1,2,3,4]", "\"start\":3,\"end\":2"));
  /* Code points, not bytes: "Hé 🚲 ok" is 7 code points (11 bytes), and
   * 3..4 covers the bicycle, not "ok". */
  g_ptr_array_add (bodies, claims_json (f, GOOD_SHA, "[1,2,3,4]", "\"start\":3,\"end\":4,\"text\":\"ok\""));
  g_ptr_array_add (bodies, claims_json (f, GOOD_SHA, "[1,2,3,4]", "\"start\":0,\"end\":2.5"));
  /* An unknown label. */
  {
    g_autofree char *c = claims_json (f, GOOD_SHA, "[1,2,3,4]", "\"start\":0,\"end\":2");
    g_auto(GStrv) parts = g_strsplit (c, f->label_id, 2);

    g_ptr_array_add (bodies, g_strjoinv ("22222222-2222-4222-8222-222222222222", parts));
  }
  /* A title too long, and one that is not UTF-8. */
  {
    g_autofree char *c = claims_json (f, GOOD_SHA, "[1,2,3,4]", "\"start\":0,\"end\":2");
    g_auto(GStrv) parts = g_strsplit (c, "\"a.png\"", 2);
    g_autofree char *quoted = g_strdup_printf ("\"%s\"", long_title);

    g_ptr_array_add (bodies, g_strjoinv (quoted, parts));
    g_ptr_array_add (bodies, g_strjoinv ("\"a\xc3\x28.png\"", parts));
  }
  g_ptr_array_add (bodies, g_strdup ("{\"assignments\":\"many\"}"));

  for (guint i = 0; i < bodies->len; i++)
    {
      fake_route (f->fake, claims_path, 200, g_ptr_array_index (bodies, i));
      ids = limn_sync_test_claim (f->local->client, f->project_id, 5, &error);
      g_assert_null (ids);
      g_assert_error (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_BAD_RESPONSE);
      g_clear_error (&error);
      g_assert_cmpint (count (f, "SELECT COUNT(*) FROM tasks"), ==, tasks_before);
      g_assert_cmpint (count (f, "SELECT COUNT(*) FROM pre_annotations"), ==, 0);
      g_assert_cmpint (count (f, "SELECT COUNT(*) FROM guidelines WHERE version = 1"), ==, 0);
    }

  /* More assignments than asked for. */
  {
    g_autofree char *two = claims_json (f, GOOD_SHA, "[1,2,3,4]", "\"start\":0,\"end\":2");

    fake_route (f->fake, claims_path, 200, two);
    ids = limn_sync_test_claim (f->local->client, f->project_id, 1, &error);
    g_assert_null (ids);
    g_assert_error (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_BAD_RESPONSE);
    g_clear_error (&error);

    /* The same, well-formed and asked for, is stored whole. */
    ids = limn_sync_test_claim (f->local->client, f->project_id, 2, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (ids->len, ==, 2);
    g_assert_cmpint (count (f, "SELECT COUNT(*) FROM tasks"), ==, tasks_before + 2);
    g_assert_cmpint (count (f, "SELECT COUNT(*) FROM pre_annotations"), ==, 2);
    g_assert_cmpint (count (f, "SELECT COUNT(*) FROM assignments WHERE status = 'assigned' "
                               "AND server_assignment_id IS NOT NULL"), ==, 2);
    g_assert_cmpint (count (f, "SELECT COUNT(*) FROM tasks WHERE kind = 'text' AND text_length = 7"), ==, 1);
  }

  /* A bad project: nothing. */
  {
    g_autofree char *bad_project = g_strdup_printf ("{\"id\":\"%s\",\"name\":\"S\",\"kind\":\"image\","
                                                    "\"labels\":[{\"id\":\"%s\",\"name\":\"P\",\"color\":\"red\"}]}",
                                                    f->project_id, f->label_id);

    fake_route (f->fake, project_path, 200, bad_project);
    ids = limn_sync_test_claim (f->local->client, f->project_id, 2, &error);
    g_assert_null (ids);
    g_assert_error (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_BAD_RESPONSE);
  }
}

static void
test_bad_media (Fixture       *f,
                gconstpointer  data)
{
  static const char good[] = "the real bytes of an image";
  g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, good, -1);
  g_autofree char *path = g_strdup_printf ("/api/v1/media/%s", sha);
  g_autofree char *media_dir = g_strdup (limn_sync_client_get_media_dir (f->local->client));
  g_autofree char *final = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *got = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *sub = NULL;
  g_autoptr(GDir) dir = NULL;

  /* Other bytes under that name. */
  fake_route (f->fake, path, 200, "not the image at all......");
  limn_sync_client_fetch_media_async (f->local->client, sha, strlen (good), NULL, limn_sync_test_done_cb, &result);
  limn_sync_test_wait (&result);
  got = limn_sync_client_fetch_media_finish (f->local->client, result, &error);
  g_assert_null (got);
  g_assert_error (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_MEDIA);
  g_clear_error (&error);
  g_clear_object (&result);

  /* More bytes than announced. */
  fake_route (f->fake, path, 200, "the real bytes of an image, and then some more");
  limn_sync_client_fetch_media_async (f->local->client, sha, strlen (good), NULL, limn_sync_test_done_cb, &result);
  limn_sync_test_wait (&result);
  got = limn_sync_client_fetch_media_finish (f->local->client, result, &error);
  g_assert_null (got);
  g_assert_error (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_MEDIA);
  g_clear_error (&error);
  g_clear_object (&result);

  /* Nothing under the final name, no temporary file left. */
  final = g_build_filename (media_dir, (char[]){ sha[0], sha[1], '\0' }, sha, NULL);
  g_assert_false (g_file_test (final, G_FILE_TEST_EXISTS));
  sub = g_path_get_dirname (final);
  dir = g_dir_open (sub, 0, NULL);
  g_assert_nonnull (dir);
  g_assert_null (g_dir_read_name (dir));

  /* A name that is not a hash is refused before any request. */
  limn_sync_client_fetch_media_async (f->local->client, "../../limn.db", 0, NULL, limn_sync_test_done_cb, &result);
  limn_sync_test_wait (&result);
  g_assert_null (limn_sync_client_fetch_media_finish (f->local->client, result, &error));
  g_assert_error (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_BAD_RESPONSE);
  g_clear_error (&error);
  g_clear_object (&result);

  /* The right bytes land under the final name. */
  fake_route (f->fake, path, 200, good);
  limn_sync_client_fetch_media_async (f->local->client, sha, strlen (good), NULL, limn_sync_test_done_cb, &result);
  limn_sync_test_wait (&result);
  got = limn_sync_client_fetch_media_finish (f->local->client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (got, ==, final);
  g_assert_true (g_file_get_contents (got, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, good);
}

static void
test_no_redirects (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  Canned *c = g_new0 (Canned, 1);
  guint before = f->fake->n_requests;

  c->status = 302;
  c->location = g_strdup ("http://limn.example.org/api/v1/me");
  g_hash_table_replace (f->fake->routes, g_strdup ("/api/v1/me"), c);

  g_assert_false (limn_sync_test_sync (f->local->client, &error));
  g_assert_error (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_REFUSED);
  g_assert_cmpuint (f->fake->n_requests, ==, before + 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync-security/url-rules", test_url_rules);
  g_test_add_func ("/sync-security/insecure-refused-without-request", test_insecure_refused_without_request);
  g_test_add_func ("/sync-security/token-file-0600", test_token_file_is_private);
  g_test_add_func ("/sync-security/batch-answers-both-ways", test_batch_answers_both_ways);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, teardown)
  ADD ("/sync-security/bad-me", test_bad_me);
  ADD ("/sync-security/bad-batch-answers", test_bad_batch_answers);
  ADD ("/sync-security/bad-changes", test_bad_changes);
  ADD ("/sync-security/bad-claims", test_bad_claims);
  ADD ("/sync-security/bad-media", test_bad_media);
  ADD ("/sync-security/no-redirects", test_no_redirects);
#undef ADD

  return g_test_run ();
}
