/* test-server-error-codes.c
 *
 * Every error answer carries a documented, stable code beside its message
 * (docs/api.md, "Errors"), so the app can say it in the user's language
 * (issue 21). Walks every route with bad input on a real limn-server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "limn-server-test.h"

/* The table of docs/api.md; a code not in it is a bug of the server. */
static const char * const documented[] = {
  "bad_request", "invalid_json", "unauthorized", "forbidden", "not_found",
  "method_not_allowed", "conflict", "payload_too_large", "unsupported_media_type",
  "range_not_satisfiable", "unprocessable", "rate_limited", "internal", "unavailable",
  NULL
};

static const struct
{
  const char *method;
  const char *path;   /* %1$s: the project id */
} routes[] = {
  { "GET",  "/api/v1/me" },
  { "GET",  "/api/v1/projects" },
  { "GET",  "/api/v1/projects/%1$s" },
  { "POST", "/api/v1/projects/%1$s/claims" },
  { "GET",  "/api/v1/media/0000000000000000000000000000000000000000000000000000000000000000" },
  { "POST", "/api/v1/batches" },
  { "GET",  "/api/v1/changes?since=nonsense&limit=-1" },
  { "GET",  "/api/v1/projects/%1$s/review/queue" },
  { "POST", "/api/v1/projects/%1$s/review/claims" },
  { "GET",  "/api/v1/projects/%1$s/threads?state=nonsense" },
  { "POST", "/api/v1/projects/%1$s/guidelines" },
  { "PUT",  "/api/v1/projects/%1$s/labels" },
  { "GET",  "/api/v1/projects/%1$s/team-figures" },
  { "GET",  "/api/v1/projects/%1$s/dashboard?days=nonsense" },
  { "GET",  "/api/v1/projects/%1$s/campaigns" },
  { "GET",  "/api/v1/projects/%1$s/campaigns/00000000-0000-4000-8000-000000000000" },
  { "POST", "/api/v1/projects/%1$s/campaigns/00000000-0000-4000-8000-000000000000/approve" },
  { "GET",  "/api/v1/no-such-route" },
};

/* Asserts @r, if an error, has {"error": {"code": documented, "message": …}};
 * returns its code (NULL for a success). */
static const char *
check (LimnTestResponse *r,
       const char       *what)
{
  JsonObject *obj, *err;
  const char *code;

  if (r->status < 400)
    return NULL;

  if (r->json == NULL || !JSON_NODE_HOLDS_OBJECT (r->json))
    g_error ("%s: HTTP %u without a JSON body", what, r->status);
  obj = json_node_get_object (r->json);
  err = json_object_get_object_member (obj, "error");
  if (err == NULL || !json_object_has_member (err, "code") ||
      !json_object_has_member (err, "message"))
    g_error ("%s: HTTP %u without error.code and error.message", what, r->status);
  code = json_object_get_string_member (err, "code");
  if (code == NULL || !g_strv_contains (documented, code))
    g_error ("%s: HTTP %u with undocumented code “%s”", what, r->status, code ? code : "(null)");
  /* A refused request is never reported as a server failure. */
  if (r->status < 500 && g_str_equal (code, "internal"))
    g_error ("%s: HTTP %u answered as “internal”", what, r->status);
  return code;
}

static void
test_every_route (void)
{
  g_autoptr(LimnTestServer) server = limn_test_server_new ();
  g_autofree char *project_id = NULL;
  g_autofree char *annotator = NULL;
  g_autofree char *admin = NULL;
  g_autofree char *big = NULL;
  const char *unknown_project = "00000000-0000-4000-8000-000000000000";
  guint n_errors = 0, n_invalid_json = 0;

  project_id = limn_test_server_add_image_project (server, "Streets", 2);
  annotator = limn_test_server_add_token (server, "alice", project_id, "annotator", NULL);
  admin = limn_test_server_add_token (server, "root", NULL, "admin", NULL);
  limn_test_server_start (server, NULL, NULL);

  big = g_strnfill (20 * 1024, ' ');
  big[0] = '{';
  big[20 * 1024 - 1] = '}';

  for (gsize i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      const gboolean has_body = !g_str_equal (routes[i].method, "GET");
      const char *projects[] = { project_id, unknown_project, "not-a-uuid" };

      for (gsize p = 0; p < G_N_ELEMENTS (projects); p++)
        {
          g_autofree char *path = g_strdup_printf (routes[i].path, projects[p]);
          const char *tokens[] = { NULL, "not-a-token", annotator, admin };

          for (gsize t = 0; t < G_N_ELEMENTS (tokens); t++)
            {
              const char *bodies[] = { "{", "[1, 2]", "{\"count\": \"many\"}", big };
              g_autofree char *what = NULL;

              /* Wrong method, then each bad body (or none). */
              {
                g_auto(LimnTestResponse) r = { 0 };

                what = g_strdup_printf ("DELETE %s (token %zu)", path, t);
                limn_test_request (server, "DELETE", path, tokens[t], NULL, &r, NULL);
                n_errors += check (&r, what) != NULL;
              }

              for (gsize b = 0; b < (has_body ? G_N_ELEMENTS (bodies) : 1); b++)
                {
                  g_auto(LimnTestResponse) r = { 0 };
                  const char *code;

                  g_free (what);
                  what = g_strdup_printf ("%s %s (token %zu, body %zu)", routes[i].method,
                                          path, t, b);
                  limn_test_request (server, routes[i].method, path, tokens[t],
                                     has_body ? bodies[b] : NULL, &r, NULL);
                  code = check (&r, what);
                  n_errors += code != NULL;
                  n_invalid_json += g_strcmp0 (code, "invalid_json") == 0;
                }

              /* A body that is not declared JSON. */
              if (has_body)
                {
                  g_auto(LimnTestResponse) r = { 0 };

                  g_free (what);
                  what = g_strdup_printf ("%s %s as text/plain (token %zu)", routes[i].method,
                                          path, t);
                  limn_test_request_bytes (server, routes[i].method, path, tokens[t],
                                           "text/plain", "{}", 2, &r, NULL);
                  n_errors += check (&r, what) != NULL;
                }
            }
        }
    }

  g_test_message ("%u error answers, %u invalid_json", n_errors, n_invalid_json);
  g_assert_cmpuint (n_errors, >, 100);

  /* A malformed body is told apart from other refusals. */
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/projects/%s/claims", project_id);
    g_auto(LimnTestResponse) r = { 0 };

    limn_test_request (server, "POST", path, annotator, "{\"count\": ", &r, NULL);
    g_assert_cmpuint (r.status, ==, 400);
    g_assert_cmpstr (check (&r, "truncated claim"), ==, "invalid_json");
  }
  g_assert_cmpuint (n_invalid_json, >, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server-error-codes/every-route", test_every_route);

  return g_test_run ();
}
