/* limn-server-test.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/prctl.h>
#include <string.h>

#include "limn-server-test.h"
#include "limn-test-util.h"
#include "limn-test-postgres.h"

struct _LimnTestServer
{
  char        *data_dir;
  char        *database;      /* a PostgreSQL URI (LIMN_TEST_BACKEND=postgresql), or NULL */
  char        *url;
  GSubprocess *process;
  SoupSession *session;
  guint        images_made;   /* so every project's images differ */
  char        *stderr_path;   /* the server's stderr goes here when set */
  GPtrArray   *env;           /* NAME, VALUE, … for the server process */
  GHashTable  *task_ids;      /* project id -> GPtrArray of task ids, as `task add` printed */
};

static const char *
server_binary (void)
{
  const char *binary = g_getenv ("LIMN_SERVER_BINARY");

  g_assert_nonnull (binary);
  g_assert_true (g_file_test (binary, G_FILE_TEST_IS_EXECUTABLE));
  return binary;
}

LimnTestServer *
limn_test_server_new (void)
{
  LimnTestServer *self = g_new0 (LimnTestServer, 1);

  self->data_dir = limn_test_mkdtemp ();
  if (limn_test_postgres_wanted ())
    self->database = limn_test_postgres_new_database ();
  self->task_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify)g_ptr_array_unref);
  return self;
}

LimnTestServer *
limn_test_server_new_on (const char *database)
{
  LimnTestServer *self = g_new0 (LimnTestServer, 1);

  self->data_dir = limn_test_mkdtemp ();
  self->database = g_strdup (database);
  self->task_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify)g_ptr_array_unref);
  return self;
}

void
limn_test_server_free (LimnTestServer *self)
{
  if (self == NULL)
    return;

  if (self->process != NULL)
    limn_test_server_stop (self);
  g_clear_object (&self->session);
  g_clear_pointer (&self->task_ids, g_hash_table_unref);
  g_clear_pointer (&self->env, g_ptr_array_unref);
  g_free (self->stderr_path);
  limn_test_rm_rf (self->data_dir);
  g_free (self->data_dir);
  g_free (self->database);
  g_free (self->url);
  g_free (self);
}

const char *
limn_test_server_get_database (LimnTestServer *self)
{
  return self->database;
}

const char *
limn_test_server_get_data_dir (LimnTestServer *self)
{
  return self->data_dir;
}

char *
limn_test_server_get_store (LimnTestServer *self)
{
  if (self->database != NULL)
    return g_strdup (self->database);
  return limn_test_server_get_db_path (self);
}

char *
limn_test_server_get_db_path (LimnTestServer *self)
{
  return g_build_filename (self->data_dir, "limn-server.db", NULL);
}

const char *
limn_test_server_get_url (LimnTestServer *self)
{
  return self->url;
}

static int
admin_runv (LimnTestServer  *self,
            char           **out,
            char           **err,
            const char      *first_arg,
            va_list          args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *stdout_text = NULL;
  g_autofree char *stderr_text = NULL;
  int wait_status = 0;

  g_ptr_array_add (argv, (char *)server_binary ());
  g_ptr_array_add (argv, "admin");
  g_ptr_array_add (argv, "--data");
  g_ptr_array_add (argv, self->data_dir);
  if (self->database != NULL)
    {
      g_ptr_array_add (argv, "--database");
      g_ptr_array_add (argv, self->database);
    }
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *)arg);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &stdout_text, &stderr_text, &wait_status, &error);
  g_assert_no_error (error);

  if (out != NULL)
    *out = g_steal_pointer (&stdout_text);
  if (err != NULL)
    *err = g_steal_pointer (&stderr_text);

  g_assert_true (WIFEXITED (wait_status));
  return WEXITSTATUS (wait_status);
}

int
limn_test_server_admin_run (LimnTestServer  *self,
                            char           **out,
                            char           **err,
                            const char      *first_arg,
                            ...)
{
  va_list args;
  int status;

  va_start (args, first_arg);
  status = admin_runv (self, out, err, first_arg, args);
  va_end (args);

  return status;
}

char *
limn_test_server_admin (LimnTestServer *self,
                        const char     *first_arg,
                        ...)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  va_list args;
  int status;

  va_start (args, first_arg);
  status = admin_runv (self, &out, &err, first_arg, args);
  va_end (args);

  if (status != 0)
    g_error ("limn-server admin %s … failed (%d): %s", first_arg, status, err);

  return g_steal_pointer (&out);
}

char *
limn_test_kv (const char *output,
              const char *key)
{
  g_auto(GStrv) lines = g_strsplit (output ? output : "", "\n", -1);
  g_autofree char *prefix = g_strconcat (key, "=", NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], prefix))
      {
        const char *value = lines[i] + strlen (prefix);
        const char *space = strchr (value, ' ');

        /* `status` prints several pairs per line; ids never hold spaces. */
        return space ? g_strndup (value, space - value) : g_strdup (value);
      }

  return NULL;
}

/* A test that fails aborts; its server must not outlive it. */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

void
limn_test_server_start (LimnTestServer     *self,
                        const char * const *extra_args,
                        const char         *tls_ca)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *line = NULL;

  g_assert_null (self->process);

  g_ptr_array_add (argv, (char *)server_binary ());
  g_ptr_array_add (argv, "--data");
  g_ptr_array_add (argv, self->data_dir);
  g_ptr_array_add (argv, "--listen");
  g_ptr_array_add (argv, "127.0.0.1:0");
  if (self->database != NULL)
    {
      g_ptr_array_add (argv, "--database");
      g_ptr_array_add (argv, self->database);
    }
  for (guint i = 0; extra_args != NULL && extra_args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *)extra_args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  for (guint i = 0; self->env != NULL && i + 1 < self->env->len; i += 2)
    g_subprocess_launcher_setenv (launcher, g_ptr_array_index (self->env, i),
                                  g_ptr_array_index (self->env, i + 1), TRUE);
  if (self->stderr_path != NULL)
    g_subprocess_launcher_set_stderr_file_path (launcher, self->stderr_path);
  self->process = g_subprocess_launcher_spawnv (launcher, (const char * const *)argv->pdata, &error);
  g_assert_no_error (error);

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  if (line == NULL || !g_str_has_prefix (line, "listening on "))
    g_error ("limn-server did not start (it printed “%s”)", line ? line : "");

  g_free (self->url);
  self->url = g_strdup (line + strlen ("listening on "));

  g_clear_object (&self->session);
  self->session = soup_session_new_with_options ("timeout", 60, NULL);
  if (tls_ca != NULL)
    {
      g_autoptr(GTlsDatabase) database = g_tls_file_database_new (tls_ca, &error);

      g_assert_no_error (error);
      soup_session_set_tls_database (self->session, database);
    }
}

void
limn_test_server_setenv (LimnTestServer *self,
                         const char     *name,
                         const char     *value)
{
  if (self->env == NULL)
    self->env = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->env, g_strdup (name));
  g_ptr_array_add (self->env, g_strdup (value));
}

void
limn_test_server_set_stderr_path (LimnTestServer *self,
                                  const char     *path)
{
  g_free (self->stderr_path);
  self->stderr_path = g_strdup (path);
}

GPid
limn_test_server_get_pid (LimnTestServer *self)
{
  const char *id;

  g_assert_nonnull (self->process);
  id = g_subprocess_get_identifier (self->process);
  g_assert_nonnull (id);
  return (GPid)g_ascii_strtoll (id, NULL, 10);
}

void
limn_test_server_stop (LimnTestServer *self)
{
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (self->process);

  /* Close idle keep-alive connections first, so the server exits at once. */
  g_clear_object (&self->session);

  g_subprocess_send_signal (self->process, SIGTERM);
  g_subprocess_wait (self->process, NULL, &error);
  g_assert_no_error (error);
  /* Say which signal ended it: a rare sanitized run sees the server end
   * by a signal instead of leaving at SIGTERM (docs: known flake). */
  if (!g_subprocess_get_if_exited (self->process))
    g_test_message ("limn-server ended by signal %d, not by exiting",
                    g_subprocess_get_if_signaled (self->process) ?
                    g_subprocess_get_term_sig (self->process) : -1);
  g_assert_true (g_subprocess_get_if_exited (self->process));
  g_assert_cmpint (g_subprocess_get_exit_status (self->process), ==, 0);

  g_clear_object (&self->process);
  g_clear_pointer (&self->url, g_free);
}

void
limn_test_response_clear (LimnTestResponse *response)
{
  g_clear_pointer (&response->body, g_bytes_unref);
  g_clear_pointer (&response->json, json_node_unref);
  g_clear_pointer (&response->headers, soup_message_headers_unref);
  response->status = 0;
}

JsonObject *
limn_test_response_object (LimnTestResponse *response)
{
  g_assert_nonnull (response->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (response->json));
  return json_node_get_object (response->json);
}

static void
request_valist (LimnTestServer   *self,
                const char       *method,
                const char       *path,
                const char       *token,
                const char       *content_type,
                const void       *body,
                gsize             length,
                LimnTestResponse *response,
                va_list           args)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  SoupMessageHeaders *headers;
  const char *name;

  g_assert_nonnull (self->session);
  limn_test_response_clear (response);

  uri = g_strconcat (self->url, path, NULL);
  msg = soup_message_new (method, uri);
  g_assert_nonnull (msg);

  headers = soup_message_get_request_headers (msg);
  if (token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (headers, "Authorization", auth);
    }

  while ((name = va_arg (args, const char *)) != NULL)
    soup_message_headers_replace (headers, name, va_arg (args, const char *));

  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, length);

      soup_message_set_request_body_from_bytes (msg, content_type, bytes);
    }

  response->body = soup_session_send_and_read (self->session, msg, NULL, &error);
  g_assert_no_error (error);
  response->status = soup_message_get_status (msg);
  response->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));

  if (g_bytes_get_size (response->body) > 0 &&
      g_strcmp0 (soup_message_headers_get_content_type (response->headers, NULL),
                 "application/json") == 0)
    {
      gsize len;
      const char *data = g_bytes_get_data (response->body, &len);

      g_autofree char *text = g_strndup (data, len);

      response->json = json_from_string (text, NULL);
    }
}

void
limn_test_request (LimnTestServer   *self,
                   const char       *method,
                   const char       *path,
                   const char       *token,
                   const char       *body,
                   LimnTestResponse *response,
                   ...)
{
  va_list args;

  va_start (args, response);
  request_valist (self, method, path, token, body ? "application/json" : NULL,
                  body, body ? strlen (body) : 0, response, args);
  va_end (args);
}

void
limn_test_request_bytes (LimnTestServer   *self,
                         const char       *method,
                         const char       *path,
                         const char       *token,
                         const char       *content_type,
                         const void       *body,
                         gsize             length,
                         LimnTestResponse *response,
                         ...)
{
  va_list args;

  va_start (args, response);
  request_valist (self, method, path, token, content_type, body, length, response, args);
  va_end (args);
}

void
limn_test_write_png (const char *path,
                     int         width,
                     int         height,
                     guint32     rgb)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  g_autoptr(GError) error = NULL;

  gdk_pixbuf_fill (pixbuf, (rgb << 8) | 0xff);
  gdk_pixbuf_save (pixbuf, path, "png", &error, NULL);
  g_assert_no_error (error);
}

char *
limn_test_server_add_token (LimnTestServer  *self,
                            const char      *user,
                            const char      *project_id,
                            const char      *role,
                            char           **token_id)
{
  g_autofree char *out = NULL;
  char *token;

  /* The user may exist already (one user, several tokens). */
  limn_test_server_admin_run (self, NULL, NULL, "user", "add", "--name", user, NULL);

  if (project_id != NULL)
    out = limn_test_server_admin (self, "token", "issue", "--user", user, "--project", project_id,
                                  "--role", role, NULL);
  else
    out = limn_test_server_admin (self, "token", "issue", "--user", user, "--role", role, NULL);

  token = limn_test_kv (out, "token");
  g_assert_nonnull (token);
  if (token_id != NULL)
    *token_id = limn_test_kv (out, "token_id");

  return token;
}

/* `task add` prints one task_id= line per task, in position order. */
static void
remember_task_ids (LimnTestServer *self,
                   const char     *project_id,
                   const char     *out)
{
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "task_id="))
      g_ptr_array_add (ids, g_strdup (lines[i] + strlen ("task_id=")));
  g_hash_table_replace (self->task_ids, g_strdup (project_id), ids);
}

GPtrArray *
limn_test_server_get_task_ids (LimnTestServer *self,
                               const char     *project_id)
{
  GPtrArray *ids = g_hash_table_lookup (self->task_ids, project_id);

  g_assert_nonnull (ids);
  return ids;
}

static char *
write_labels (LimnTestServer *self)
{
  g_autoptr(GError) error = NULL;
  char *path = g_strdup_printf ("%s.labels.txt", self->data_dir);
  g_file_set_contents (path, "Person\nCar\n", -1, &error);
  g_assert_no_error (error);

  return path;
}

char *
limn_test_server_add_image_project (LimnTestServer *self,
                                    const char     *name,
                                    guint           n_images)
{
  g_autofree char *labels = write_labels (self);
  g_autofree char *folder = NULL;
  g_autofree char *out = NULL;
  char *project_id;

  out = limn_test_server_admin (self, "project", "create", "--name", name, "--labels", labels,
                                "--kind", "image", NULL);
  project_id = limn_test_kv (out, "project_id");
  g_assert_nonnull (project_id);
  g_unlink (labels);

  if (n_images == 0)
    return project_id;

  folder = g_strdup_printf ("%s.images-%s", self->data_dir, project_id);
  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  for (guint i = 0; i < n_images; i++)
    {
      g_autofree char *file = g_strdup_printf ("%s/img-%03u.png", folder, i);

      /* Distinct sizes and colours, here and across projects: distinct
       * content, distinct hashes. */
      limn_test_write_png (file, 100 + i, 80, 0x204080 + self->images_made++ * 0x010301);
    }

  g_free (out);
  out = limn_test_server_admin (self, "task", "add", "--project", project_id, "--images", folder,
                                NULL);
  remember_task_ids (self, project_id, out);
  limn_test_rm_rf (folder);

  return project_id;
}

char *
limn_test_server_add_text_project (LimnTestServer     *self,
                                   const char         *name,
                                   const char * const *texts)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) jsonl = g_string_new (NULL);
  g_autofree char *labels = write_labels (self);
  g_autofree char *file = NULL;
  g_autofree char *out = NULL;
  char *project_id;

  out = limn_test_server_admin (self, "project", "create", "--name", name, "--labels", labels,
                                "--kind", "text", NULL);
  project_id = limn_test_kv (out, "project_id");
  g_assert_nonnull (project_id);
  g_unlink (labels);

  for (guint i = 0; texts != NULL && texts[i] != NULL; i++)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) node = NULL;
      g_autofree char *line = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "text");
      json_builder_add_string_value (builder, texts[i]);
      json_builder_end_object (builder);
      node = json_builder_get_root (builder);
      line = json_to_string (node, FALSE);
      g_string_append_printf (jsonl, "%s\n", line);
    }

  if (jsonl->len == 0)
    return project_id;

  file = g_strdup_printf ("%s.texts-%s.jsonl", self->data_dir, project_id);
  g_file_set_contents (file, jsonl->str, -1, &error);
  g_assert_no_error (error);

  g_free (out);
  out = limn_test_server_admin (self, "task", "add", "--project", project_id, "--texts", file,
                                NULL);
  remember_task_ids (self, project_id, out);
  g_unlink (file);

  return project_id;
}

char *
limn_test_json_string (JsonObject *object,
                       const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  return g_strdup (json_node_get_string (node));
}

GHashTable *
limn_test_server_inspect (LimnTestServer *self,
                          const char     *project_id,
                          const char     *task_id)
{
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  GHashTable *pairs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  if (task_id != NULL)
    out = limn_test_server_admin (self, "inspect", "--task", task_id, NULL);
  else if (project_id != NULL)
    out = limn_test_server_admin (self, "inspect", "--project", project_id, NULL);
  else
    out = limn_test_server_admin (self, "inspect", NULL);

  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *eq = strchr (lines[i], '=');

      if (eq != NULL)
        g_hash_table_replace (pairs, g_strndup (lines[i], eq - lines[i]), g_strdup (eq + 1));
    }

  return pairs;
}

gint64
limn_test_server_count (LimnTestServer *self,
                        const char     *project_id,
                        const char     *key)
{
  g_autoptr(GHashTable) pairs = limn_test_server_inspect (self, project_id, NULL);
  const char *value = g_hash_table_lookup (pairs, key);
  gint64 n = 0;

  /* A kind that never occurred (an event type, an audit action) is not
   * listed: none. */
  if (value != NULL)
    g_assert_true (g_ascii_string_to_signed (value, 10, 0, G_MAXINT64, &n, NULL));
  return n;
}

char *
limn_test_server_label_id (LimnTestServer *self,
                           const char     *project_id,
                           guint           position)
{
  g_autoptr(GHashTable) pairs = limn_test_server_inspect (self, project_id, NULL);
  g_autofree char *key = g_strdup_printf ("label.%u", position);
  const char *value = g_hash_table_lookup (pairs, key);

  /* label.N=ID NAME */
  g_assert_nonnull (value);
  return g_strndup (value, strcspn (value, " "));
}

gint64
limn_test_db_count (LimnTestServer *self,
                    const char     *sql)
{
  g_autofree char *path = limn_test_server_get_db_path (self);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  if (self->database != NULL)
    {
      g_autofree char *text = limn_test_postgres_query_text (self->database, sql, NULL);

      return text != NULL ? g_ascii_strtoll (text, NULL, 10) : -1;
    }

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return n;
}

char *
limn_test_db_text (LimnTestServer *self,
                   const char     *sql,
                   const char     *param)
{
  g_autofree char *path = limn_test_server_get_db_path (self);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  /* The SQL is written with ? for SQLite; PostgreSQL numbers it. */
  if (self->database != NULL)
    {
      g_autoptr(GString) pg_sql = g_string_new (sql);

      g_string_replace (pg_sql, "?", "$1", 1);
      return limn_test_postgres_query_text (self->database, pg_sql->str, param);
    }

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (param != NULL)
    sqlite3_bind_text (stmt, 1, param, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
    text = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return text;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *)a, *(const char * const *)b);
}

GPtrArray *
limn_test_server_ids (LimnTestServer *self,
                      const char     *sql)
{
  GPtrArray *ids;

  if (self->database != NULL)
    ids = limn_test_postgres_query_column (self->database, sql);
  else
    {
      g_autofree char *path = limn_test_server_get_db_path (self);
      sqlite3 *db = NULL;
      sqlite3_stmt *stmt = NULL;

      ids = g_ptr_array_new_with_free_func (g_free);
      g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
      sqlite3_busy_timeout (db, 5000);
      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_ptr_array_add (ids, g_strdup ((const char *)sqlite3_column_text (stmt, 0)));
      sqlite3_finalize (stmt);
      sqlite3_close (db);
    }

  g_ptr_array_sort (ids, compare_strings);
  return ids;
}

void
limn_test_server_assert_integrity (LimnTestServer *self)
{
  g_autoptr(GPtrArray) result = NULL;

  if (self->database != NULL)
    {
      g_autofree char *version = limn_test_postgres_query_text (self->database,
                                                               "SELECT version FROM schema_version",
                                                               NULL);

      g_assert_nonnull (version);
      return;
    }

  result = limn_test_server_ids (self, "PRAGMA integrity_check");
  g_assert_cmpuint (result->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (result, 0), ==, "ok");
}

gpointer
limn_test_server_lock_writes (LimnTestServer *self)
{
  g_autofree char *path = NULL;
  sqlite3 *db = NULL;

  if (self->database != NULL)
    return limn_test_postgres_lock_writes (self->database);

  path = limn_test_server_get_db_path (self);
  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);
  return db;
}

void
limn_test_server_unlock_writes (LimnTestServer *self,
                                gpointer        lock)
{
  if (self->database != NULL)
    {
      limn_test_postgres_unlock (lock);
      return;
    }

  g_assert_cmpint (sqlite3_exec (lock, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (lock);
}
