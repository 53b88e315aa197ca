/* limn-server-admin.c
 *
 * `limn-server admin --data DIR <command>`: projects, tasks, users, tokens,
 * gold and settings (docs/api.md, "Running the server"). Everything is
 * checked before anything is written, and each command is one backend
 * transaction, so a failed command changes nothing.
 *
 * Output: machine-readable `key=value` lines on stdout (ids, the token),
 * sentences for people on stderr.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include "analytics/limn-toxic-spans.h"
#include "json/limn-json-writer.h"
#include "model/limn-id.h"
#include "model/limn-image-probe.h"
#include "formats/limn-format.h"
#include "formats/limn-import.h"
#include "limn-server-accounts.h"
#include "limn-server-admin.h"
#include "limn-server-admin-inspect.h"
#include "json/limn-json-reader.h"
#include "limn-server-media.h"
#include "limn-server-projects.h"
#include "limn-server-tasks.h"
#include "limn-server-validate.h"
#include "text/limn-text-index.h"

#define MAX_NAME_BYTES   256
#define MAX_TASK_TEXT    (4 * 1024 * 1024)
#define MAX_LANGUAGE_BYTES 35
#define MAX_IMAGE_PIXELS G_GUINT64_CONSTANT (100000000)

static G_DEFINE_QUARK (limn-admin-error-quark, limn_admin_error)

#define LIMN_ADMIN_ERROR (limn_admin_error_quark ())

typedef struct
{
  char       *data_dir;
  char       *database;    /* --database URI, else the file in data_dir */
  GHashTable *options;     /* "name" (without --) -> value */
  GPtrArray  *words;       /* the command, e.g. "project", "create" */
} Args;

static void
args_clear (Args *args)
{
  g_clear_pointer (&args->data_dir, g_free);
  g_clear_pointer (&args->database, g_free);
  g_clear_pointer (&args->options, g_hash_table_unref);
  g_clear_pointer (&args->words, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Args, args_clear)

static gboolean
fail (GError     **error,
      const char  *format,
      ...) G_GNUC_PRINTF (2, 3);

static gboolean
fail (GError     **error,
      const char  *format,
      ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (LIMN_ADMIN_ERROR, 0, format, args));
  va_end (args);

  return FALSE;
}

static gboolean
parse_args (int      argc,
            char   **argv,
            Args    *args,
            GError **error)
{
  args->options = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  args->words = g_ptr_array_new_with_free_func (g_free);

  for (int i = 1; i < argc; i++)
    {
      const char *arg = argv[i];

      if (g_str_has_prefix (arg, "--"))
        {
          const char *name = arg + 2;
          const char *eq = strchr (name, '=');
          g_autofree char *key = eq ? g_strndup (name, eq - name) : g_strdup (name);
          const char *value = eq ? eq + 1 : NULL;

          if (value == NULL)
            {
              if (i + 1 >= argc)
                return fail (error, _("The option --%s needs a value."), key);
              value = argv[++i];
            }

          if (!g_utf8_validate (value, -1, NULL))
            return fail (error, _("The value of --%s is not valid UTF-8."), key);

          if (g_str_equal (key, "data"))
            {
              g_free (args->data_dir);
              args->data_dir = g_strdup (value);
            }
          else if (g_str_equal (key, "database"))
            {
              g_free (args->database);
              args->database = g_strdup (value);
            }
          else if (g_hash_table_contains (args->options, key))
            return fail (error, _("The option --%s is given twice."), key);
          else
            g_hash_table_insert (args->options, g_steal_pointer (&key), g_strdup (value));
        }
      else
        g_ptr_array_add (args->words, g_strdup (arg));
    }

  return TRUE;
}

/* Refuses options the command does not know, so a typo is not silently
 * ignored. */
static gboolean
check_options (Args                *args,
               const char * const  *known,
               GError             **error)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, args->options);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_strv_contains (known, key))
      return fail (error, _("This command has no option --%s."), (const char *)key);

  return TRUE;
}

static const char *
opt (Args       *args,
     const char *name)
{
  return g_hash_table_lookup (args->options, name);
}

static gboolean
require (Args        *args,
         const char  *name,
         const char **out,
         GError     **error)
{
  *out = opt (args, name);
  if (*out == NULL || (*out)[0] == '\0')
    return fail (error, _("The option --%s is required."), name);

  return TRUE;
}

static gboolean
check_name (const char  *name,
            const char  *what,
            GError     **error)
{
  g_autofree char *stripped = g_strstrip (g_strdup (name));

  if (stripped[0] == '\0' || strlen (name) > MAX_NAME_BYTES)
    return fail (error, _("The %s must not be empty or longer than %d bytes."), what,
                 MAX_NAME_BYTES);

  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      return fail (error, _("The %s must not contain control characters."), what);

  return TRUE;
}

static gboolean
parse_int_option (Args        *args,
                  const char  *name,
                  gint64       min,
                  gint64       max,
                  gint64      *out,
                  GError     **error)
{
  const char *value = opt (args, name);

  *out = -1;
  if (value == NULL)
    return TRUE;

  if (!g_ascii_string_to_signed (value, 10, min, max, out, NULL))
    return fail (error, _("--%s must be a whole number from %" G_GINT64_FORMAT
                          " to %" G_GINT64_FORMAT "."), name, min, max);

  return TRUE;
}

static gboolean
parse_rate_option (Args        *args,
                   const char  *name,
                   double      *out,
                   GError     **error)
{
  const char *value = opt (args, name);
  char *end = NULL;
  double d;

  *out = -1;
  if (value == NULL)
    return TRUE;

  d = g_ascii_strtod (value, &end);
  if (end == value || *end != '\0' || !isfinite (d) || d < 0 || d > 1)
    return fail (error, _("--%s must be a number from 0 to 1."), name);

  *out = d;
  return TRUE;
}

static char *
read_text_file (const char  *path,
                const char  *what,
                GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      fail (error, _("Could not read the %s “%s”: %s"), what, path, local_error->message);
      return NULL;
    }

  if (!limn_utf8_validate_text (contents, length, &local_error))
    {
      fail (error, _("The %s “%s” is not UTF-8 text: %s"), what, path, local_error->message);
      return NULL;
    }

  return g_steal_pointer (&contents);
}

static LimnServerBackend *
open_backend (Args    *args,
              GError **error)
{
  g_autofree char *path = NULL;
  g_autofree char *uri = NULL;

  if (args->database != NULL)
    return limn_server_backend_open (args->database, error);

  /* --data DIR alone: the SQLite file in it, whatever DIR looks like. */
  path = g_build_filename (args->data_dir, "limn-server.db", NULL);
  uri = g_strconcat ("sqlite:", path, NULL);
  return limn_server_backend_open (uri, error);
}

static LimnServerMedia *
open_media (Args *args)
{
  g_autofree char *root = g_build_filename (args->data_dir, "media", NULL);

  return limn_server_media_new (root);
}

/* project create */

static gboolean
cmd_project_create (Args    *args,
                    GError **error)
{
  static const char * const known[] = { "name", "labels", "guidelines", "kind", NULL };
  g_autoptr(LimnServerBackend) backend = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *labels_text = NULL;
  g_autofree char *guidelines = NULL;
  g_autofree char *id = NULL;
  g_auto(GStrv) labels = NULL;
  const char *name, *labels_path, *guidelines_path, *kind;

  if (!check_options (args, known, error) ||
      !require (args, "name", &name, error) ||
      !require (args, "labels", &labels_path, error) ||
      !check_name (name, _("project name"), error))
    return FALSE;

  kind = opt (args, "kind") ? opt (args, "kind") : "image";
  if (!g_str_equal (kind, "image") && !g_str_equal (kind, "text") && !g_str_equal (kind, "both"))
    return fail (error, _("--kind must be image, text or both."));

  labels_text = read_text_file (labels_path, _("label list"), error);
  if (labels_text == NULL)
    return FALSE;

  labels = limn_import_parse_labels (labels_text, &local_error);
  if (labels == NULL)
    return fail (error, "%s: %s", labels_path, local_error->message);

  guidelines_path = opt (args, "guidelines");
  if (guidelines_path != NULL)
    {
      guidelines = read_text_file (guidelines_path, _("guidelines"), error);
      if (guidelines == NULL)
        return FALSE;
    }

  backend = open_backend (args, error);
  if (backend == NULL)
    return FALSE;

  id = limn_server_projects_create (backend, name, kind, (const char * const *)labels,
                                           guidelines, error);
  if (id == NULL)
    return FALSE;

  g_print ("project_id=%s\n", id);
  g_printerr (_("Created the %s project “%s” with %u labels.\n"), kind, name,
              g_strv_length (labels));
  return TRUE;
}

/* project set */

static gboolean
cmd_project_set (Args    *args,
                 GError **error)
{
  static const char * const known[] = {
    "project", "overlap", "gold-rate", "audit-rate", "lease-seconds", "confidence-steps", NULL
  };
  g_autoptr(LimnServerBackend) backend = NULL;
  LimnServerSettings settings;
  const char *project;

  if (!check_options (args, known, error) ||
      !require (args, "project", &project, error) ||
      !parse_int_option (args, "overlap", 1, 1000, &settings.overlap, error) ||
      !parse_rate_option (args, "gold-rate", &settings.gold_rate, error) ||
      !parse_rate_option (args, "audit-rate", &settings.audit_rate, error) ||
      !parse_int_option (args, "lease-seconds", 1, G_GINT64_CONSTANT (10) * 366 * 86400,
                         &settings.lease_seconds, error) ||
      !parse_int_option (args, "confidence-steps", 2, 10, &settings.confidence_steps, error))
    return FALSE;

  if (g_hash_table_size (args->options) < 2)
    return fail (error, _("Say what to change: --overlap, --gold-rate, --audit-rate, "
                          "--lease-seconds or --confidence-steps."));

  backend = open_backend (args, error);
  if (backend == NULL ||
      !limn_server_projects_set_settings (backend, project, &settings, error))
    return FALSE;

  g_print ("project_id=%s\n", project);
  g_printerr (_("Updated the project’s settings.\n"));
  return TRUE;
}

/* task add */

static void
task_add_new (GPtrArray  *tasks,
              const char *id,
              const char *kind,
              const char *title)
{
  LimnServerNewTask *task = g_new0 (LimnServerNewTask, 1);

  task->id = g_strdup (id);
  task->kind = g_strdup (kind);
  task->title = g_strdup (title);
  g_ptr_array_add (tasks, task);
}

/* The folder or text file read as the app reads it (src/core/formats/),
 * with the project's labels as the label set, so a folder's labels.txt
 * plays no part. The server derives its own task ids (the app's are keyed
 * differently, and ids already given out must not change). */
static LimnDataset *
read_source (LimnServerProject  *project,
             const char         *format,
             const char         *path,
             GError            **error)
{
  g_autoptr(LimnDataset) dataset = limn_dataset_new ();

  for (guint i = 0; i < project->labels->len; i++)
    {
      LimnServerLabel *label = g_ptr_array_index (project->labels, i);

      limn_dataset_add_label (dataset, label->name, NULL, NULL);
    }

  if (!limn_format_read (limn_format_lookup (format), path, dataset, NULL, NULL, NULL, error))
    return NULL;

  return g_steal_pointer (&dataset);
}

static gboolean
collect_images (LimnServerProject  *project,
                const char         *folder,
                GPtrArray          *tasks,
                GPtrArray          *paths,
                GError            **error)
{
  g_autoptr(LimnDataset) dataset = read_source (project, "image-folder", folder, error);

  if (dataset == NULL)
    return FALSE;

  /* Every header was read: one bad image stops the command before any
   * file is copied. */
  for (guint i = 0; i < limn_dataset_get_n_items (dataset); i++)
    {
      LimnDatasetItem *item = limn_dataset_get_item (dataset, i);
      g_autofree char *key = g_strconcat ("image:", item->name, NULL);
      g_autofree char *id = limn_id_derive (project->id, key);
      g_autoptr(GError) local_error = NULL;
      LimnServerNewTask *task;

      if (!limn_image_probe_check_pixels (item->width, item->height, MAX_IMAGE_PIXELS,
                                          &local_error))
        return fail (error, "%s: %s", item->name, local_error->message);

      task_add_new (tasks, id, "image", item->name);
      task = g_ptr_array_index (tasks, tasks->len - 1);
      task->width = item->width;
      task->height = item->height;
      task->mime = g_strdup (limn_attrs_get (item->attrs, "mime"));
      g_ptr_array_add (paths, g_strdup (item->path));
    }

  return TRUE;
}

static gboolean
collect_texts (LimnServerProject  *project,
               const char         *path,
               GPtrArray          *tasks,
               GError            **error)
{
  g_autoptr(LimnDataset) dataset = read_source (project, "text-lines", path, error);

  if (dataset == NULL)
    return FALSE;

  for (guint i = 0; i < limn_dataset_get_n_items (dataset); i++)
    {
      LimnDatasetItem *item = limn_dataset_get_item (dataset, i);
      const char *foreign = limn_attrs_get (item->attrs, "id");
      const char *language = limn_attrs_get (item->attrs, "language");
      const char *direction = limn_attrs_get (item->attrs, "direction");
      g_autofree char *where = g_strdup_printf (_("Line %s"), limn_attrs_get (item->attrs, "line"));
      g_autofree char *derived = NULL;
      g_autofree char *title = NULL;
      const char *id = foreign;
      LimnServerNewTask *task;

      if (strlen (item->text) > MAX_TASK_TEXT)
        return fail (error, _("%s: “text” is longer than %d bytes."), where, MAX_TASK_TEXT);
      if (language != NULL && strlen (language) > MAX_LANGUAGE_BYTES)
        return fail (error, _("%s: “language” is longer than %d bytes."), where,
                     MAX_LANGUAGE_BYTES);

      /* A UUID id is kept; any other id (doccano writes integers) or none
       * is a key for a derived one, so adding the file again matches. */
      if (id == NULL || !limn_id_is_uuid (id))
        {
          g_autofree char *key = foreign ? g_strconcat ("text-id:", foreign, NULL)
                                         : g_strconcat ("text:", item->text, NULL);

          id = derived = limn_id_derive (project->id, key);
        }

      title = limn_task_title_for_text (item->text);
      task_add_new (tasks, id, "text", title);
      task = g_ptr_array_index (tasks, tasks->len - 1);
      task->text = g_strdup (item->text);
      task->language = g_strdup (language);
      task->direction = g_strdup (direction ? direction : "auto");
    }

  return TRUE;
}

static gboolean
cmd_task_add (Args    *args,
              GError **error)
{
  static const char * const known[] = { "project", "images", "texts", NULL };
  g_autoptr(LimnServerBackend) backend = NULL;
  g_autoptr(LimnServerProject) project = NULL;
  g_autoptr(LimnServerMedia) media = NULL;
  g_autoptr(GPtrArray) tasks = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_server_task_free);
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) created = g_ptr_array_new_with_free_func (g_free);
  const char *project_id, *images, *texts;
  guint added = 0, skipped = 0;

  if (!check_options (args, known, error) ||
      !require (args, "project", &project_id, error))
    return FALSE;

  images = opt (args, "images");
  texts = opt (args, "texts");
  if ((images == NULL) == (texts == NULL))
    return fail (error, _("Give either --images FOLDER or --texts FILE.jsonl."));

  backend = open_backend (args, error);
  if (backend == NULL)
    return FALSE;

  project = limn_server_projects_get (backend, project_id, error);
  if (project == NULL)
    return FALSE;

  if (images != NULL && g_str_equal (project->kind, "text"))
    return fail (error, _("The project “%s” is a text project; it takes --texts."), project->name);
  if (texts != NULL && g_str_equal (project->kind, "image"))
    return fail (error, _("The project “%s” is an image project; it takes --images."),
                 project->name);

  if (images != NULL)
    {
      if (!collect_images (project, images, tasks, paths, error))
        return FALSE;

      media = open_media (args);
      for (guint i = 0; i < tasks->len; i++)
        {
          LimnServerNewTask *task = g_ptr_array_index (tasks, i);
          gboolean is_new = FALSE;

          if (!limn_server_media_put_file (media, g_ptr_array_index (paths, i),
                                           &task->media_sha256, &task->media_size, &is_new,
                                           error))
            goto undo_media;
          if (is_new)
            g_ptr_array_add (created, limn_server_media_path (media, task->media_sha256));
        }
    }
  else if (!collect_texts (project, texts, tasks, error))
    return FALSE;

  if (!limn_server_tasks_add (backend, project_id, tasks, &added, &skipped, error))
    goto undo_media;

  for (guint i = 0; i < tasks->len; i++)
    {
      LimnServerNewTask *task = g_ptr_array_index (tasks, i);

      g_print ("task_id=%s\n", task->id);
    }
  g_printerr (_("Added %u tasks to “%s” (%u were there already).\n"), added, project->name,
              skipped);
  return TRUE;

undo_media:
  /* Files this command copied and no task refers to: remove them again. */
  for (guint i = 0; i < created->len; i++)
    g_unlink (g_ptr_array_index (created, i));
  return FALSE;
}

/* user add */

static gboolean
cmd_user_add (Args    *args,
              GError **error)
{
  static const char * const known[] = { "name", NULL };
  g_autoptr(LimnServerBackend) backend = NULL;
  g_autofree char *id = NULL;
  const char *name;

  if (!check_options (args, known, error) ||
      !require (args, "name", &name, error) ||
      !check_name (name, _("user name"), error))
    return FALSE;

  backend = open_backend (args, error);
  if (backend == NULL)
    return FALSE;

  id = limn_server_accounts_add_user (backend, name, error);
  if (id == NULL)
    return FALSE;

  g_print ("user_id=%s\n", id);
  g_printerr (_("Added the user “%s”.\n"), name);
  return TRUE;
}

/* token issue / revoke */

/* `limn_` and 32 bytes from the kernel's CSPRNG in base64url. */
static char *
new_token (GError **error)
{
  guchar bytes[32];
  gsize got = 0;
  g_autofree char *b64 = NULL;

  while (got < sizeof bytes)
    {
      ssize_t n = getrandom (bytes + got, sizeof bytes - got, 0);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          fail (error, _("Could not read random bytes: %s"), g_strerror (errno));
          return NULL;
        }
      got += n;
    }

  b64 = g_base64_encode (bytes, sizeof bytes);
  for (char *p = b64; *p != '\0'; p++)
    {
      if (*p == '+')
        *p = '-';
      else if (*p == '/')
        *p = '_';
      else if (*p == '=')
        {
          *p = '\0';
          break;
        }
    }
  memset (bytes, 0, sizeof bytes);

  return g_strconcat ("limn_", b64, NULL);
}

static gboolean
cmd_token_issue (Args    *args,
                 GError **error)
{
  static const char * const known[] = { "user", "project", "role", NULL };
  g_autoptr(LimnServerBackend) backend = NULL;
  g_autofree char *token = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *token_id = NULL;
  const char *user, *project, *role_str;
  LimnServerRole role;

  if (!check_options (args, known, error) ||
      !require (args, "user", &user, error) ||
      !require (args, "role", &role_str, error))
    return FALSE;

  if (!limn_server_role_from_string (role_str, &role))
    return fail (error, _("--role must be annotator, reviewer or admin."));

  project = opt (args, "project");
  if (project == NULL && role != LIMN_SERVER_ROLE_ADMIN)
    return fail (error, _("An annotator or reviewer token needs --project."));

  backend = open_backend (args, error);
  if (backend == NULL)
    return FALSE;

  token = new_token (error);
  if (token == NULL)
    return FALSE;
  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);

  token_id = limn_server_accounts_issue_token (backend, user, project, role, hash, error);
  if (token_id == NULL)
    return FALSE;

  g_print ("token_id=%s\ntoken=%s\n", token_id, token);
  g_printerr (_("Issued a token for “%s” with the role %s. It is shown only this once: the "
                "server keeps only its hash. Revoke it with: token revoke --token-id %s\n"),
              user, role_str, token_id);
  return TRUE;
}

static gboolean
cmd_token_revoke (Args    *args,
                  GError **error)
{
  static const char * const known[] = { "token-id", NULL };
  g_autoptr(LimnServerBackend) backend = NULL;
  const char *token_id;

  if (!check_options (args, known, error) ||
      !require (args, "token-id", &token_id, error))
    return FALSE;

  backend = open_backend (args, error);
  if (backend == NULL || !limn_server_accounts_revoke_token (backend, token_id, error))
    return FALSE;

  g_print ("token_id=%s\n", token_id);
  g_printerr (_("Revoked the token; requests with it now get 401.\n"));
  return TRUE;
}

/* gold set */

static gboolean
cmd_gold_set (Args    *args,
              GError **error)
{
  static const char * const known[] = { "project", "task", "answer", NULL };
  g_autoptr(LimnServerBackend) backend = NULL;
  g_autoptr(LimnServerProject) project = NULL;
  g_autoptr(GHashTable) tasks = NULL;
  g_autoptr(GHashTable) labels = NULL;
  g_autoptr(LimnTextIndex) index = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonArray) canonical = NULL;
  g_autoptr(JsonObject) answer = json_object_new ();
  g_autofree char *contents = NULL;
  g_autofree char *answer_json = NULL;
  const char *project_id, *task_id, *answer_path;
  const char *ids[2] = { NULL, NULL };
  JsonArray *regions = NULL;
  LimnServerTask *task;

  if (!check_options (args, known, error) ||
      !require (args, "project", &project_id, error) ||
      !require (args, "task", &task_id, error) ||
      !require (args, "answer", &answer_path, error))
    return FALSE;

  contents = read_text_file (answer_path, _("answer"), error);
  if (contents == NULL)
    return FALSE;

  root = limn_json_reader_parse_object (contents, strlen (contents), &local_error);
  if (root == NULL ||
      !limn_json_reader_get_array (json_node_get_object (root), "regions",
                                   LIMN_JSON_READER_REQUIRED, 0, &regions, NULL, &local_error))
    return fail (error, "%s: %s", answer_path, local_error->message);

  backend = open_backend (args, error);
  if (backend == NULL)
    return FALSE;

  project = limn_server_projects_get (backend, project_id, error);
  if (project == NULL)
    return FALSE;

  ids[0] = task_id;
  tasks = limn_server_tasks_get (backend, ids, error);
  if (tasks == NULL)
    return FALSE;

  task = g_hash_table_lookup (tasks, task_id);
  if (task == NULL || !g_str_equal (task->project_id, project_id))
    return fail (error, _("The project “%s” has no task “%s”."), project->name, task_id);

  if (g_str_equal (task->kind, "text"))
    {
      index = limn_text_index_new (task->text ? task->text : "", -1, error);
      if (index == NULL)
        return FALSE;
    }

  labels = limn_server_label_set (project);
  canonical = limn_server_check_regions (regions, task, labels, index, &local_error);
  if (canonical == NULL)
    return fail (error, "%s: %s", answer_path, local_error->message);

  json_object_set_array_member (answer, "regions", g_steal_pointer (&canonical));
  answer_json = limn_json_writer_object_to_string (answer);

  if (!limn_server_tasks_set_gold (backend, project_id, task_id, answer_json, error))
    return FALSE;

  g_print ("task_id=%s\n", task_id);
  g_printerr (_("The task is now gold, with %u regions in its answer.\n"),
              json_array_get_length (json_object_get_array_member (answer, "regions")));
  return TRUE;
}

/* status */

static gboolean
cmd_status (Args    *args,
            GError **error)
{
  static const char * const known[] = { "project", NULL };
  g_autoptr(LimnServerBackend) backend = NULL;
  g_autoptr(GPtrArray) status = NULL;

  if (!check_options (args, known, error))
    return FALSE;

  backend = open_backend (args, error);
  if (backend == NULL)
    return FALSE;

  status = limn_server_projects_status (backend, opt (args, "project"), error);
  if (status == NULL)
    return FALSE;

  for (guint i = 0; i < status->len; i++)
    {
      LimnServerProjectStatus *s = g_ptr_array_index (status, i);

      g_print ("project_id=%s kind=%s tasks=%" G_GINT64_FORMAT " gold=%" G_GINT64_FORMAT
               " assigned=%" G_GINT64_FORMAT " submitted=%" G_GINT64_FORMAT
               " expired=%" G_GINT64_FORMAT " annotations=%" G_GINT64_FORMAT
               " conflicts=%" G_GINT64_FORMAT " flags=%" G_GINT64_FORMAT
               " events=%" G_GINT64_FORMAT " name=%s\n",
               s->project_id, s->kind, s->tasks, s->gold, s->assigned, s->submitted, s->expired,
               s->annotations, s->conflicts, s->flags, s->events, s->name);
    }

  if (status->len == 0)
    g_printerr (_("There are no projects yet.\n"));

  return TRUE;
}

/* inspect */

static gboolean
cmd_inspect (Args    *args,
             GError **error)
{
  static const char * const known[] = { "project", "task", NULL };
  g_autoptr(LimnServerBackend) backend = NULL;

  if (!check_options (args, known, error))
    return FALSE;
  if (opt (args, "project") != NULL && opt (args, "task") != NULL)
    return fail (error, _("Give --project or --task, not both."));

  backend = open_backend (args, error);
  if (backend == NULL)
    return FALSE;

  return limn_server_admin_inspect (backend, opt (args, "project"), opt (args, "task"), error);
}

/* stats */

static gboolean
cmd_stats (Args    *args,
           GError **error)
{
  static const char * const known[] = { "toxic-spans", NULL };
  g_autoptr(JsonNode) stats = NULL;
  g_autofree char *json = NULL;
  const char *dir;

  if (!check_options (args, known, error) || !require (args, "toxic-spans", &dir, error))
    return FALSE;

  stats = limn_toxic_spans_stats (dir, error);
  if (stats == NULL)
    return FALSE;

  json = json_to_string (stats, TRUE);
  g_print ("%s\n", json);
  return TRUE;
}

typedef struct
{
  const char *word1;
  const char *word2;
  gboolean  (*run) (Args *args, GError **error);
} Command;

static const Command commands[] = {
  { "project", "create", cmd_project_create },
  { "project", "set", cmd_project_set },
  { "task", "add", cmd_task_add },
  { "user", "add", cmd_user_add },
  { "token", "issue", cmd_token_issue },
  { "token", "revoke", cmd_token_revoke },
  { "gold", "set", cmd_gold_set },
  { "status", NULL, cmd_status },
  { "inspect", NULL, cmd_inspect },
  { "stats", NULL, cmd_stats },
};

static void
print_usage (void)
{
  g_printerr ("%s\n", _("Usage: limn-server admin --data DIR [--database URI] COMMAND [OPTIONS]\n"
                        "\n"
                        "Commands:\n"
                        "  project create --name NAME --labels FILE [--guidelines FILE] [--kind image|text|both]\n"
                        "  project set --project ID [--overlap K] [--gold-rate R] [--audit-rate R]\n"
                        "              [--lease-seconds S] [--confidence-steps N]\n"
                        "  task add --project ID (--images FOLDER | --texts FILE.jsonl)\n"
                        "  user add --name NAME\n"
                        "  token issue --user NAME [--project ID] --role annotator|reviewer|admin\n"
                        "  token revoke --token-id ID\n"
                        "  gold set --project ID --task ID --answer FILE.json\n"
                        "  status [--project ID]\n"
                        "  inspect [--project ID | --task ID]   (counts of everything, or one task)\n"
                        "  stats --toxic-spans DIR   (statistics as JSON; needs no --data)"));
}

int
limn_server_admin_main (int    argc,
                        char **argv)
{
  g_autoptr(GError) error = NULL;
  g_auto(Args) args = { 0 };
  const Command *command = NULL;

  if (!parse_args (argc, argv, &args, &error))
    goto failed;

  if (args.words->len == 0 || g_str_equal (g_ptr_array_index (args.words, 0), "help"))
    {
      print_usage ();
      return args.words->len == 0 ? 1 : 0;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      const char *w1 = g_ptr_array_index (args.words, 0);
      const char *w2 = args.words->len > 1 ? g_ptr_array_index (args.words, 1) : NULL;
      guint n_words = commands[i].word2 ? 2 : 1;

      if (g_str_equal (w1, commands[i].word1) &&
          g_strcmp0 (w2, commands[i].word2) == 0 && args.words->len == n_words)
        command = &commands[i];
    }

  if (command == NULL)
    {
      g_autofree char *words = NULL;

      g_ptr_array_add (args.words, NULL);
      words = g_strjoinv (" ", (char **)args.words->pdata);
      g_printerr (_("limn-server admin: unknown command “%s”.\n"), words);
      print_usage ();
      return 1;
    }

  /* stats reads a dataset on disk, not the server's data. */
  if (args.data_dir == NULL && command->run != cmd_stats)
    {
      fail (&error, _("Say where the server keeps its data: --data DIR."));
      goto failed;
    }

  if (!command->run (&args, &error))
    goto failed;

  return 0;

failed:
  g_printerr (_("limn-server admin: %s\n"), error->message);
  return 1;
}
