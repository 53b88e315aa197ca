/* test-sync-error-codes.c
 *
 * Server errors reach the user in Limn's own words, looked up from the
 * answer's stable code, never in the server's (issue 21); only a code
 * Limn does not know falls back to the server's message. Against a real
 * limn-server on loopback.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "limn-server-test.h"
#include "limn-sync-test.h"
#include "sync/limn-sync-error-codes.h"
#include "sync/limn-sync-http.h"
#include "sync/limn-wire.h"

/* Sends one request with the sync client's HTTP layer, waits for it. */
static LimnSyncResponse *
send (SoupSession *session,
      const char  *method,
      const char  *url,
      const char  *path,
      const char  *token,
      GBytes      *body)
{
  g_autoptr(SoupMessage) message = limn_sync_http_message_new (method, url, path, token, NULL, body);
  GAsyncResult *result = NULL;
  g_autoptr(GError) error = NULL;
  LimnSyncResponse *response;

  g_assert_nonnull (message);
  limn_sync_http_send_async (session, message, 1024 * 1024, NULL, limn_sync_test_done_cb, &result);
  response = limn_sync_http_send_finish (limn_sync_test_wait (&result), &error);
  g_assert_no_error (error);
  g_object_unref (result);
  return response;
}

/* The error is Limn's message for @code, and does not carry the server's. */
static void
assert_own_message (const LimnSyncResponse *response,
                    const char             *code,
                    int                     kind)
{
  g_autofree char *server_message = NULL;
  g_autofree char *got_code = limn_wire_parse_error_code (response->body, &server_message);
  g_autoptr(GError) error = limn_sync_http_status_error (response);
  g_autofree char *text = limn_sync_http_error_text (response);
  const char *own = limn_sync_error_code_message (code);

  g_assert_cmpstr (got_code, ==, code);
  g_assert_nonnull (server_message);
  g_assert_nonnull (own);
  g_assert_error (error, LIMN_SYNC_ERROR, kind);
  g_assert_cmpstr (error->message, ==, own);
  g_assert_cmpstr (text, ==, own);
  g_assert_null (strstr (error->message, server_message));
}

static void
test_known_codes (void)
{
  g_autoptr(LimnTestServer) server = limn_test_server_new ();
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *project_id = NULL;
  g_autofree char *token = NULL;
  g_autofree char *claims = NULL;
  const char *url;

  project_id = limn_test_server_add_image_project (server, "Streets", 2);
  token = limn_test_server_add_token (server, "alice", project_id, "annotator", NULL);
  limn_test_server_start (server, NULL, NULL);
  url = limn_test_server_get_url (server);
  claims = g_strdup_printf ("/api/v1/projects/%s/claims", project_id);

  /* 413: a claim body over the 16 KiB every route but /batches takes. */
  {
    gsize len = 20 * 1024;
    char *text = g_malloc (len);
    g_autoptr(GBytes) body = NULL;
    g_autoptr(LimnSyncResponse) response = NULL;

    memset (text, ' ', len);
    text[0] = '{';
    text[len - 1] = '}';
    body = g_bytes_new_take (text, len);
    response = send (session, "POST", url, claims, token, body);
    g_assert_cmpuint (response->status, ==, 413);
    assert_own_message (response, "payload_too_large", LIMN_SYNC_ERROR_REFUSED);
  }

  /* 401: a token the server never issued. */
  {
    g_autoptr(LimnSyncResponse) response = send (session, "GET", url, "/api/v1/me",
                                                 "not-a-token-of-this-server", NULL);

    g_assert_cmpuint (response->status, ==, 401);
    assert_own_message (response, "unauthorized", LIMN_SYNC_ERROR_UNAUTHORIZED);
  }

  /* 400 with the finer code: a claim body that is not JSON. */
  {
    g_autoptr(GBytes) body = g_bytes_new_static ("{\"count\": ", 10);
    g_autoptr(LimnSyncResponse) response = send (session, "POST", url, claims, token, body);

    g_assert_cmpuint (response->status, ==, 400);
    assert_own_message (response, "invalid_json", LIMN_SYNC_ERROR_REFUSED);
  }
}

/* A newer server's code: its words are all Limn has, so they are shown,
 * and the kind of error still follows the status. */
static void
test_unknown_code (void)
{
  static const char body[] =
    "{\"error\": {\"code\": \"quota_exceeded\", \"message\": \"You used all 500 tasks of the month.\"}}";
  LimnSyncResponse response = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_assert_null (limn_sync_error_code_message ("quota_exceeded"));

  response.body = g_bytes_new_static (body, strlen (body));
  response.status = 403;
  error = limn_sync_http_status_error (&response);
  text = limn_sync_http_error_text (&response);
  g_assert_error (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_FORBIDDEN);
  g_assert_nonnull (strstr (error->message, "You used all 500 tasks of the month"));
  g_assert_cmpstr (text, ==, "You used all 500 tasks of the month.");
  g_bytes_unref (response.body);

  /* No body at all: the status phrase, as before. */
  {
    LimnSyncResponse bare = { 0 };
    g_autoptr(GError) bare_error = NULL;
    g_autofree char *bare_text = NULL;

    bare.status = 502;
    bare_error = limn_sync_http_status_error (&bare);
    bare_text = limn_sync_http_error_text (&bare);
    g_assert_error (bare_error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_UNAVAILABLE);
    g_assert_null (bare_text);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync-error-codes/known-codes-in-limn-words", test_known_codes);
  g_test_add_func ("/sync-error-codes/unknown-code-server-words", test_unknown_code);

  return g_test_run ();
}
