/* test-server-tls.c
 *
 * HTTPS: limn-server with --tls-certificate/--tls-key serves over TLS, and
 * a client that trusts the certificate (generated here with openssl, for
 * 127.0.0.1) talks to it; one that does not trust it is refused.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "limn-server-test.h"
#include "limn-test-util.h"

typedef struct
{
  char *dir;
  char *cert;
  char *key;
} Certificate;

static gboolean
make_certificate (Certificate *c)
{
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int wait_status = 0;

  if (openssl == NULL)
    return FALSE;

  c->dir = limn_test_mkdtemp ();
  c->cert = g_build_filename (c->dir, "cert.pem", NULL);
  c->key = g_build_filename (c->dir, "key.pem", NULL);

  {
    const char *argv[] = {
      openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
      "-nodes", "-keyout", c->key, "-out", c->cert, "-days", "2", "-subj", "/CN=127.0.0.1",
      "-addext", "subjectAltName=IP:127.0.0.1", NULL
    };

    g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &err,
                  &wait_status, &error);
  }
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (wait_status, &error))
    g_error ("openssl failed: %s", err);

  return TRUE;
}

static void
certificate_clear (Certificate *c)
{
  if (c->dir != NULL)
    limn_test_rm_rf (c->dir);
  g_free (c->dir);
  g_free (c->cert);
  g_free (c->key);
}

static void
test_https (void)
{
  Certificate c = { 0 };
  g_autoptr(LimnTestServer) server = NULL;
  g_autofree char *project = NULL;
  g_autofree char *token = NULL;
  g_auto(LimnTestResponse) r = { 0 };

  if (!make_certificate (&c))
    {
      g_test_skip ("openssl is not installed");
      return;
    }

  server = limn_test_server_new ();
  project = limn_test_server_add_image_project (server, "Secure", 1);
  token = limn_test_server_add_token (server, "alice", project, "annotator", NULL);

  {
    const char * const extra[] = { "--tls-certificate", c.cert, "--tls-key", c.key, NULL };

    limn_test_server_start (server, extra, c.cert);
  }
  g_assert_true (g_str_has_prefix (limn_test_server_get_url (server), "https://127.0.0.1:"));

  limn_test_request (server, "GET", "/api/v1/health", NULL, NULL, &r, NULL);
  g_assert_cmpuint (r.status, ==, 200);

  limn_test_request (server, "GET", "/api/v1/me", token, NULL, &r, NULL);
  g_assert_cmpuint (r.status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (limn_test_response_object (&r), "role"), ==,
                   "annotator");

  /* A client without the certificate in its trust store is refused. */
  {
    g_autoptr(SoupSession) session = soup_session_new ();
    g_autofree char *uri = g_strconcat (limn_test_server_get_url (server), "/api/v1/health", NULL);
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) body = NULL;

    body = soup_session_send_and_read (session, msg, NULL, &error);
    g_assert_nonnull (error);
    g_assert_null (body);
  }

  limn_test_server_stop (server);
  certificate_clear (&c);
}

static void
test_bad_certificate (void)
{
  g_autoptr(LimnTestServer) server = limn_test_server_new ();
  g_autofree char *missing = g_build_filename (limn_test_server_get_data_dir (server), "nope.pem",
                                               NULL);
  const char *argv[] = {
    g_getenv ("LIMN_SERVER_BINARY"), "--data", limn_test_server_get_data_dir (server),
    "--listen", "127.0.0.1:0", "--tls-certificate", missing, "--tls-key", missing, NULL
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int wait_status = 0;

  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &err,
                &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  g_assert_cmpint (WEXITSTATUS (wait_status), ==, 1);
  g_assert_nonnull (strstr (err, "certificate"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  /* LeakSanitizer (GCC 12, Debian 12) crashes in its own tracer when it
   * walks the dynamic TLS of the thread glib-networking ran a handshake on
   * ("Tracer caught signal 11"), before it looks for any leak. So the
   * server under test here runs without leak detection; the same server
   * code is leak-checked by the other server tests, which speak plain
   * HTTP. Memory errors are still caught. */
  if (g_getenv ("ASAN_OPTIONS") != NULL)
    g_setenv ("ASAN_OPTIONS", "detect_leaks=0:abort_on_error=1", TRUE);

  g_test_add_func ("/server-tls/https", test_https);
  g_test_add_func ("/server-tls/bad-certificate", test_bad_certificate);

  return g_test_run ();
}
