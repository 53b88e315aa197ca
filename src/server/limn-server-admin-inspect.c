/* limn-server-admin-inspect.c
 *
 *   $ limn-server admin --data DIR inspect [--project ID]
 *   users=3                     (server-wide only)
 *   projects=1                  (server-wide only)
 *   tokens=4
 *   tokens.revoked=1
 *   …
 *   assignments=4
 *   assignments.assigned=1
 *   assignments.submitted=2
 *   assignments.expired=1
 *   annotations=3
 *   annotations.submitted=2
 *   annotations.conflicted=1
 *   events=10
 *   events.type.submit=2        (one line per event type)
 *   flags=1
 *   flags.open=1 …
 *   audit.claim=6               (server-wide only: records per action, and
 *   audit.claim.by_token=6       those that name the token and user)
 *
 *   $ limn-server admin --data DIR inspect --task ID
 *   task_id=… project_id=… kind=… title=… position=… media_sha256=… …
 *   gold=1
 *   gold_answer={"regions":[…]}
 *
 * One pair per line; a value runs to the end of its line, with control
 * characters escaped as in C.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "limn-server-admin-inspect.h"
#include "limn-server-projects.h"
#include "limn-server-tasks.h"

static void
print_text (const char *key,
            const char *value)
{
  GString *line;

  if (value == NULL)
    return;

  /* Control characters and backslashes escaped, so a value stays on its
   * line; UTF-8 as it is. */
  line = g_string_new (key);
  g_string_append_c (line, '=');
  for (const char *p = value; *p != '\0'; p++)
    {
      guchar c = *p;

      if (c == '\\')
        g_string_append (line, "\\\\");
      else if (c == '\n')
        g_string_append (line, "\\n");
      else if (c == '\r')
        g_string_append (line, "\\r");
      else if (c == '\t')
        g_string_append (line, "\\t");
      else if (c < 0x20 || c == 0x7f)
        g_string_append_printf (line, "\\%03o", c);
      else
        g_string_append_c (line, c);
    }
  g_print ("%s\n", line->str);
  g_string_free (line, TRUE);
}

static void
print_count (const char *key,
             gint64      value)
{
  /* -1: no meaning here (a server-wide count asked of one project). */
  if (value >= 0)
    g_print ("%s=%" PRId64 "\n", key, value);
}

static void
print_double (const char *key,
              double      value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_print ("%s=%s\n", key, g_ascii_dtostr (buf, sizeof buf, value));
}

static int
compare_keys (gconstpointer a,
              gconstpointer b,
              gpointer      data)
{
  return g_strcmp0 (*(const char * const *)a, *(const char * const *)b);
}

static void
print_table (const char *prefix,
             GHashTable *table,
             guint       n_values)
{
  g_autofree gpointer *keys = (gpointer *)g_hash_table_get_keys_as_array (table, NULL);

  g_qsort_with_data (keys, g_hash_table_size (table), sizeof (gpointer), compare_keys, NULL);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      gint64 *n = g_hash_table_lookup (table, keys[i]);

      g_print ("%s.%s=%" PRId64 "\n", prefix, (const char *)keys[i], n[0]);
      if (n_values > 1)
        g_print ("%s.%s.by_token=%" PRId64 "\n", prefix, (const char *)keys[i], n[1]);
    }
}

static void
print_inventory (const LimnServerInventory *inv)
{
  const gint64 *a = inv->assignments;

  print_count ("users", inv->users);
  print_count ("projects", inv->projects);
  print_count ("tokens", inv->tokens);
  print_count ("tokens.revoked", inv->tokens_revoked);
  print_count ("labels", inv->labels);
  print_count ("guidelines", inv->guidelines);
  print_count ("tasks", inv->tasks);
  print_count ("tasks.gold", inv->tasks_gold);
  print_count ("assignments", a[0] + a[1] + a[2]);
  for (guint i = 0; i < LIMN_SERVER_N_LEASE_STATES; i++)
    {
      g_autofree char *key = g_strconcat ("assignments.", limn_server_lease_state_to_string (i),
                                          NULL);

      print_count (key, a[i]);
    }
  print_count ("annotations", inv->annotations_submitted + inv->annotations_conflicted);
  print_count ("annotations.submitted", inv->annotations_submitted);
  print_count ("annotations.conflicted", inv->annotations_conflicted);
  print_count ("events", inv->events);
  print_table ("events.type", inv->event_types, 1);
  print_count ("flags", inv->flags_open + inv->flags_answered + inv->flags_closed);
  print_count ("flags.open", inv->flags_open);
  print_count ("flags.answered", inv->flags_answered);
  print_count ("flags.closed", inv->flags_closed);
  print_count ("batches", inv->batches);
  print_count ("changes", inv->changes);
  print_count ("audit", inv->audit);
  print_table ("audit", inv->audit_actions, 2);
}

static void
print_project (const LimnServerProject *p)
{
  print_text ("project_id", p->id);
  print_text ("name", p->name);
  print_text ("kind", p->kind);
  print_count ("overlap", p->settings.overlap);
  print_double ("gold_rate", p->settings.gold_rate);
  print_double ("audit_rate", p->settings.audit_rate);
  print_count ("confidence_steps", p->settings.confidence_steps);
  print_count ("lease_seconds", p->settings.lease_seconds);
  print_count ("guideline_version", p->guideline_version);
  for (guint i = 0; i < p->labels->len; i++)
    {
      const LimnServerLabel *label = g_ptr_array_index (p->labels, i);

      /* label.N=ID NAME: the id first, since names may hold spaces. */
      g_print ("label.%u=%s %s\n", i, label->id, label->name);
    }
}

static gboolean
print_task (LimnServerBackend  *backend,
            const char         *task_id,
            GError            **error)
{
  const char *ids[] = { task_id, NULL };
  g_autoptr(GHashTable) tasks = limn_server_tasks_get (backend, ids, error);
  g_autofree char *answer = NULL;
  LimnServerTask *t;
  gboolean is_gold = FALSE;

  if (tasks == NULL)
    return FALSE;

  t = g_hash_table_lookup (tasks, task_id);
  if (t == NULL)
    {
      g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_NOT_FOUND,
                   _("There is no task “%s”."), task_id);
      return FALSE;
    }

  if (!limn_server_tasks_get_gold (backend, task_id, &is_gold, &answer, error))
    return FALSE;

  print_text ("task_id", t->id);
  print_text ("project_id", t->project_id);
  print_text ("kind", t->kind);
  print_text ("title", t->title);
  print_count ("position", t->position);
  if (t->media_sha256 != NULL)
    {
      print_text ("media_sha256", t->media_sha256);
      print_count ("media_size", t->media_size);
      print_count ("width", t->width);
      print_count ("height", t->height);
      print_text ("mime", t->mime);
    }
  print_text ("text", t->text);
  print_text ("language", t->language);
  print_text ("direction", t->direction);
  print_text ("suggestions", t->suggestions);
  print_count ("gold", is_gold);
  if (is_gold)
    print_text ("gold_answer", answer);

  return TRUE;
}

gboolean
limn_server_admin_inspect (LimnServerBackend  *backend,
                           const char         *project_id,
                           const char         *task_id,
                           GError            **error)
{
  g_autoptr(LimnServerProject) project = NULL;
  g_autoptr(LimnServerInventory) inventory = NULL;

  if (task_id != NULL)
    return print_task (backend, task_id, error);

  if (project_id != NULL)
    {
      project = limn_server_projects_get (backend, project_id, error);
      if (project == NULL)
        return FALSE;
    }

  inventory = limn_server_projects_inventory (backend, project_id, error);
  if (inventory == NULL)
    return FALSE;

  if (project != NULL)
    print_project (project);
  print_inventory (inventory);

  return TRUE;
}
