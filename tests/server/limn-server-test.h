/* limn-server-test.h
 *
 * Helpers for tests that talk to a real limn-server over loopback: a
 * temporary data folder, the admin CLI, starting and stopping the server
 * binary on a port it picks, and JSON requests through a SoupSession.
 * Shared by the server's own tests and the sync client's end-to-end tests.
 *
 *   g_autoptr(LimnTestServer) s = limn_test_server_new ();
 *   g_autofree char *out = limn_test_server_admin (s, "user", "add", "--name", "alice", NULL);
 *   limn_test_server_start (s, NULL);
 *   g_auto(LimnTestResponse) r = { 0 };
 *   limn_test_request (s, "GET", "/api/v1/me", token, NULL, &r, NULL);
 *   g_assert_cmpuint (r.status, ==, 200);
 *
 * The binary is $LIMN_SERVER_BINARY (tests/meson.build sets it).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct _LimnTestServer LimnTestServer;

/* A fresh temporary data folder; nothing runs yet. */
LimnTestServer *limn_test_server_new          (void);
/* The same on @database (a PostgreSQL URI), or on the SQLite file in the
 * folder when NULL, whatever LIMN_TEST_BACKEND says (migration tests use
 * both in one process). */
LimnTestServer *limn_test_server_new_on       (const char         *database);
/* Stops the server if it runs (asserting a clean exit: status 0, so a leak
 * found by LeakSanitizer fails the test) and removes the folder. */
void            limn_test_server_free         (LimnTestServer     *self);

const char     *limn_test_server_get_data_dir (LimnTestServer     *self);
/* The PostgreSQL URI the server runs on (LIMN_TEST_BACKEND=postgresql),
 * or NULL for the SQLite file in the data folder. */
const char     *limn_test_server_get_database (LimnTestServer     *self);
/* What limn_server_backend_open() opens for the server's store: the
 * PostgreSQL URI, or DATA/limn-server.db (for seeding a history). */
char           *limn_test_server_get_store    (LimnTestServer     *self);
/* DATA/limn-server.db, to inspect with sqlite3 (read-only please). */
char           *limn_test_server_get_db_path  (LimnTestServer     *self);
/* "http://127.0.0.1:PORT" while running. */
const char     *limn_test_server_get_url      (LimnTestServer     *self);

/* Runs `limn-server admin --data DIR ARGS…` (NULL-terminated), asserts it
 * succeeded, and returns its stdout (`key=value` lines). */
char           *limn_test_server_admin        (LimnTestServer     *self,
                                               const char         *first_arg,
                                               ...) G_GNUC_NULL_TERMINATED;
/* The same without asserting: returns the exit status; @out and @err may
 * be NULL. */
int             limn_test_server_admin_run    (LimnTestServer     *self,
                                               char              **out,
                                               char              **err,
                                               const char         *first_arg,
                                               ...) G_GNUC_NULL_TERMINATED;
/* The value of the first `key=value` line of @output, or NULL. */
char           *limn_test_kv                  (const char         *output,
                                               const char         *key);

/* Starts `limn-server --data DIR --listen 127.0.0.1:0 [EXTRA…]` and waits
 * for its "listening on URL" line. @extra_args may be NULL. @tls_ca, if
 * not NULL, is a PEM file the client session trusts (for HTTPS). */
void            limn_test_server_start        (LimnTestServer     *self,
                                               const char * const *extra_args,
                                               const char         *tls_ca);
/* Before limn_test_server_start(): an environment variable for the server
 * process, and a file its stderr goes to (else it is the test's). */
void            limn_test_server_setenv       (LimnTestServer     *self,
                                               const char         *name,
                                               const char         *value);
void            limn_test_server_set_stderr_path (LimnTestServer  *self,
                                                  const char      *path);
/* The running server's process id. */
GPid            limn_test_server_get_pid      (LimnTestServer     *self);
/* SIGTERM, wait, assert exit status 0. */
void            limn_test_server_stop         (LimnTestServer     *self);

typedef struct
{
  guint               status;
  GBytes             *body;
  JsonNode           *json;      /* when the body parses as JSON */
  SoupMessageHeaders *headers;
} LimnTestResponse;

void            limn_test_response_clear      (LimnTestResponse   *response);
/* The body as a JSON object (asserts that it is one). */
JsonObject     *limn_test_response_object     (LimnTestResponse   *response);

/* Sends @method to the server's URL + @path (a path with query, sent as
 * given, so "%2e%2e" stays encoded). @token: sent as "Bearer TOKEN" if not
 * NULL. @body: sent as application/json if not NULL. Then NULL-terminated
 * pairs of extra header name, value. */
void            limn_test_request             (LimnTestServer     *self,
                                               const char         *method,
                                               const char         *path,
                                               const char         *token,
                                               const char         *body,
                                               LimnTestResponse   *response,
                                               ...) G_GNUC_NULL_TERMINATED;
/* Like limn_test_request with a body of @length bytes (any bytes, not
 * necessarily text) and @content_type (NULL: none). */
void            limn_test_request_bytes       (LimnTestServer     *self,
                                               const char         *method,
                                               const char         *path,
                                               const char         *token,
                                               const char         *content_type,
                                               const void         *body,
                                               gsize               length,
                                               LimnTestResponse   *response,
                                               ...) G_GNUC_NULL_TERMINATED;

/* Writes a @width × @height PNG to @path. */
void            limn_test_write_png           (const char         *path,
                                               int                 width,
                                               int                 height,
                                               guint32             rgb);

/* Setting up a team (each runs the admin CLI) */

/* Adds @user if new and issues a token with @role on @project_id (NULL:
 * the server-wide admin). Returns the token; *token_id if wanted. */
char           *limn_test_server_add_token    (LimnTestServer     *self,
                                               const char         *user,
                                               const char         *project_id,
                                               const char         *role,
                                               char              **token_id);
/* An image project with labels "Person" and "Car" and @n_images PNG tasks
 * (img-000.png: 100×80, img-001.png: 101×80 …; no two images of one test
 * server are the same). Returns its id. */
char           *limn_test_server_add_image_project (LimnTestServer *self,
                                                    const char     *name,
                                                    guint           n_images);
/* A text project with labels "Person" and "Car", one task per text. */
char           *limn_test_server_add_text_project  (LimnTestServer     *self,
                                                    const char         *name,
                                                    const char * const *texts);

/* The ids of a project's tasks in position order, as `task add` printed
 * them for the two helpers above (owned by @self). */
GPtrArray      *limn_test_server_get_task_ids (LimnTestServer     *self,
                                               const char         *project_id);

/* Asking the store through `limn-server admin inspect`, which answers for
 * any backend: key → value of every line, server-wide, of @project_id, or
 * of @task_id (set at most one). */
GHashTable     *limn_test_server_inspect      (LimnTestServer     *self,
                                               const char         *project_id,
                                               const char         *task_id);
/* One count of `inspect` (server-wide when @project_id is NULL), e.g.
 * "annotations.conflicted", "events.type.submit", "audit.claim.by_token";
 * 0 for a kind that never occurred. */
gint64          limn_test_server_count        (LimnTestServer     *self,
                                               const char         *project_id,
                                               const char         *key);
/* The id of the label at @position (0 first) of @project_id. */
char           *limn_test_server_label_id     (LimnTestServer     *self,
                                               const char         *project_id,
                                               guint               position);

/* Reading the SQLite file directly (read-only connection): only for what
 * no API route or admin command tells (what is stored at rest, byte for
 * byte); say why where it is used. */
gint64          limn_test_db_count            (LimnTestServer     *self,
                                               const char         *sql);
char           *limn_test_db_text             (LimnTestServer     *self,
                                               const char         *sql,
                                               const char         *param);

char           *limn_test_json_string         (JsonObject         *object,
                                               const char         *member);

/* The first column of every row @sql selects in the server's database,
 * on either backend, sorted (for ids the server stored, which no route
 * lists). */
GPtrArray      *limn_test_server_ids          (LimnTestServer     *self,
                                               const char         *sql);
/* SQLite's integrity_check on the server's file; on PostgreSQL, which
 * checks its constraints on every write, that the schema is there. */
void            limn_test_server_assert_integrity (LimnTestServer *self);

/* Holds the store's write lock from outside, as another process would
 * (SQLite: BEGIN IMMEDIATE on the file; PostgreSQL: the writers'
 * advisory lock), until limn_test_server_unlock_writes(). */
gpointer        limn_test_server_lock_writes   (LimnTestServer   *self);
void            limn_test_server_unlock_writes (LimnTestServer   *self,
                                                gpointer          lock);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnTestServer, limn_test_server_free)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LimnTestResponse, limn_test_response_clear)

G_END_DECLS
