/* limn-fake-backend-calls.c
 *
 * The fake backend's storage calls. Every table is an array scanned from
 * start to end: tests hold a few hundred records. Each call does what
 * backend/limn-server-backend.h says and no more; where SQLite has a
 * constraint (a unique id, one assignment per task and annotator) the fake
 * refuses the same way, so a rule that relied on it would be caught here
 * too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "limn-fake-backend-private.h"

gboolean
fake_write_call (LimnServerTxn  *txn,
                 FakeState     **state,
                 GError        **error)
{
  g_assert_cmpint (txn->mode, ==, LIMN_SERVER_TXN_WRITE);
  *state = fake_backend_call (txn, error);
  return *state != NULL;
}

gboolean
fake_refuse_duplicate (gboolean    taken,
                       const char *what,
                       GError    **error)
{
  if (taken)
    g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_INVALID,
                 "UNIQUE constraint failed: %s", what);
  return !taken;
}

/* Users and tokens */

static FakeUser *
find_user (FakeState  *s,
           const char *id,
           const char *name)
{
  for (guint i = 0; i < s->users->len; i++)
    {
      FakeUser *u = g_ptr_array_index (s->users, i);

      if ((id != NULL && g_str_equal (u->id, id)) || (name != NULL && g_str_equal (u->name, name)))
        return u;
    }
  return NULL;
}

static FakeToken *
find_token (FakeState  *s,
            const char *id,
            const char *sha256)
{
  for (guint i = 0; i < s->tokens->len; i++)
    {
      FakeToken *t = g_ptr_array_index (s->tokens, i);

      if ((id != NULL && g_str_equal (t->id, id)) ||
          (sha256 != NULL && g_str_equal (t->sha256, sha256)))
        return t;
    }
  return NULL;
}

static gboolean
fake_lookup_token (LimnServerTxn        *txn,
                   const char           *token_sha256,
                   LimnServerPrincipal **principal,
                   gboolean             *revoked,
                   GError              **error)
{
  FakeState *s = fake_backend_call (txn, error);
  FakeToken *t;

  *principal = NULL;
  *revoked = FALSE;
  if (s == NULL)
    return FALSE;

  t = find_token (s, NULL, token_sha256);
  if (t != NULL)
    {
      LimnServerPrincipal *p = g_new0 (LimnServerPrincipal, 1);

      p->token_id = g_strdup (t->id);
      p->user_id = g_strdup (t->user_id);
      p->user_name = g_strdup (find_user (s, t->user_id, NULL)->name);
      p->project_id = g_strdup (t->project_id);
      p->role = t->role;
      *principal = p;
      *revoked = t->revoked;
    }

  return TRUE;
}

static gboolean
fake_lookup_token_id (LimnServerTxn  *txn,
                      const char     *token_id,
                      gboolean       *found,
                      gboolean       *revoked,
                      GError        **error)
{
  FakeState *s = fake_backend_call (txn, error);
  FakeToken *t = s != NULL ? find_token (s, token_id, NULL) : NULL;

  *found = t != NULL;
  *revoked = t != NULL && t->revoked;
  return s != NULL;
}

static gboolean
fake_insert_token (LimnServerTxn   *txn,
                   const char      *token_id,
                   const char      *user_id,
                   const char      *project_id,
                   LimnServerRole   role,
                   const char      *token_sha256,
                   gint64           now_us,
                   GError         **error)
{
  FakeState *s;
  FakeToken *t;

  if (!fake_write_call (txn, &s, error) ||
      !fake_refuse_duplicate (find_token (s, token_id, token_sha256) != NULL, "tokens", error))
    return FALSE;

  t = g_new0 (FakeToken, 1);
  t->id = g_strdup (token_id);
  t->user_id = g_strdup (user_id);
  t->project_id = g_strdup (project_id);
  t->sha256 = g_strdup (token_sha256);
  t->role = role;
  g_ptr_array_add (s->tokens, t);
  return TRUE;
}

static gboolean
fake_revoke_token (LimnServerTxn  *txn,
                   const char     *token_id,
                   gint64          now_us,
                   GError        **error)
{
  FakeState *s;
  FakeToken *t;

  if (!fake_write_call (txn, &s, error))
    return FALSE;
  t = find_token (s, token_id, NULL);
  if (t != NULL)
    t->revoked = TRUE;
  return TRUE;
}

static gboolean
fake_lookup_user (LimnServerTxn  *txn,
                  const char     *name,
                  char          **user_id,
                  GError        **error)
{
  FakeState *s = fake_backend_call (txn, error);
  FakeUser *u = s != NULL ? find_user (s, NULL, name) : NULL;

  *user_id = u != NULL ? g_strdup (u->id) : NULL;
  return s != NULL;
}

static gboolean
fake_insert_user (LimnServerTxn  *txn,
                  const char     *user_id,
                  const char     *name,
                  gint64          now_us,
                  GError        **error)
{
  FakeState *s;
  FakeUser *u;

  if (!fake_write_call (txn, &s, error) ||
      !fake_refuse_duplicate (find_user (s, user_id, name) != NULL, "users", error))
    return FALSE;

  u = g_new0 (FakeUser, 1);
  u->id = g_strdup (user_id);
  u->name = g_strdup (name);
  g_ptr_array_add (s->users, u);
  return TRUE;
}

/* Projects */

static LimnServerProject *
find_project (FakeState  *s,
              const char *id)
{
  for (guint i = 0; i < s->projects->len; i++)
    {
      LimnServerProject *p = g_ptr_array_index (s->projects, i);

      if (g_str_equal (p->id, id))
        return p;
    }
  return NULL;
}

static gboolean
fake_insert_project (LimnServerTxn            *txn,
                     const LimnServerProject  *project,
                     gint64                    now_us,
                     GError                  **error)
{
  FakeState *s;

  if (!fake_write_call (txn, &s, error) ||
      !fake_refuse_duplicate (find_project (s, project->id) != NULL, "projects", error))
    return FALSE;

  g_ptr_array_add (s->projects, fake_project_copy (project, NULL));
  return TRUE;
}

static gboolean
fake_get_project (LimnServerTxn      *txn,
                  const char         *project_id,
                  LimnServerProject **project,
                  GError            **error)
{
  FakeState *s = fake_backend_call (txn, error);
  LimnServerProject *p = s != NULL ? find_project (s, project_id) : NULL;

  *project = p != NULL ? fake_project_copy (p, NULL) : NULL;
  return s != NULL;
}

static GPtrArray *
fake_list_project_ids (LimnServerTxn  *txn,
                       GError        **error)
{
  FakeState *s = fake_backend_call (txn, error);
  GPtrArray *ids;

  if (s == NULL)
    return NULL;

  ids = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < s->projects->len; i++)
    g_ptr_array_add (ids, g_strdup (((LimnServerProject *)g_ptr_array_index (s->projects, i))->id));
  return ids;
}

static gboolean
fake_get_settings (LimnServerTxn       *txn,
                   const char          *project_id,
                   LimnServerSettings  *settings,
                   gboolean            *found,
                   GError             **error)
{
  FakeState *s = fake_backend_call (txn, error);
  LimnServerProject *p = s != NULL ? find_project (s, project_id) : NULL;

  *found = p != NULL;
  if (p != NULL)
    *settings = p->settings;
  return s != NULL;
}

static gboolean
fake_update_settings (LimnServerTxn             *txn,
                      const char                *project_id,
                      const LimnServerSettings  *settings,
                      GError                   **error)
{
  FakeState *s;
  LimnServerProject *p;

  if (!fake_write_call (txn, &s, error))
    return FALSE;

  p = find_project (s, project_id);
  if (p == NULL)
    return TRUE;
  if (settings->qualification != NULL)
    limn_server_settings_read_qualification (&p->settings, *settings->qualification != '\0'
                                                           ? settings->qualification : NULL);
  if (settings->guardrails != NULL)
    {
      g_free (p->guardrails);
      p->guardrails = *settings->guardrails != '\0' ? g_strdup (settings->guardrails) : NULL;
    }
  if (settings->hidden_task_fields != NULL)
    {
      g_free (p->hidden_task_fields);
      p->hidden_task_fields = *settings->hidden_task_fields != '\0'
                              ? g_strdup (settings->hidden_task_fields) : NULL;
    }
  if (settings->overlap >= 0)
    p->settings.overlap = settings->overlap;
  if (settings->gold_rate >= 0)
    p->settings.gold_rate = settings->gold_rate;
  if (settings->audit_rate >= 0)
    p->settings.audit_rate = settings->audit_rate;
  if (settings->confidence_steps >= 0)
    p->settings.confidence_steps = settings->confidence_steps;
  if (settings->lease_seconds >= 0)
    p->settings.lease_seconds = settings->lease_seconds;
  if (settings->review_threshold >= 0)
    p->settings.review_threshold = settings->review_threshold;
  if (settings->senior_threshold >= 0)
    p->settings.senior_threshold = settings->senior_threshold;
  if (settings->agreement_threshold >= 0)
    p->settings.agreement_threshold = settings->agreement_threshold;
  if (settings->match_iou >= 0)
    p->settings.match_iou = settings->match_iou;
  if (settings->auto_propose_campaigns >= 0)
    p->settings.auto_propose_campaigns = settings->auto_propose_campaigns;
  return TRUE;
}

static gint64
count_items (FakeState         *s,
             const char        *project_id,
             LimnBatchItemKind  kind,
             gboolean           only_conflicted)
{
  gint64 n = 0;

  for (guint i = 0; i < s->items->len; i++)
    {
      FakeItem *item = g_ptr_array_index (s->items, i);

      if (item->kind == kind &&
          (project_id == NULL || g_strcmp0 (item->project_id, project_id) == 0) &&
          (!only_conflicted || item->conflicted))
        n++;
    }
  return n;
}

static gint64
count_leases (FakeState            *s,
              const char           *project_id,
              LimnServerLeaseState  state)
{
  gint64 n = 0;

  for (guint i = 0; i < s->leases->len; i++)
    {
      LimnServerLease *l = g_ptr_array_index (s->leases, i);

      if (l->state == state && (project_id == NULL || g_str_equal (l->project_id, project_id)))
        n++;
    }
  return n;
}

static gint64
count_tasks (FakeState  *s,
             const char *project_id,
             gboolean    only_gold)
{
  gint64 n = 0;

  for (guint i = 0; i < s->tasks->len; i++)
    {
      FakeTask *t = g_ptr_array_index (s->tasks, i);

      if ((project_id == NULL || g_str_equal (t->task->project_id, project_id)) &&
          (!only_gold || t->is_gold))
        n++;
    }
  return n;
}

static GPtrArray *
fake_project_status (LimnServerTxn  *txn,
                     const char     *project_id,
                     GError        **error)
{
  FakeState *s = fake_backend_call (txn, error);
  GPtrArray *result;

  if (s == NULL)
    return NULL;

  result = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_server_project_status_free);
  for (guint i = 0; i < s->projects->len; i++)
    {
      LimnServerProject *p = g_ptr_array_index (s->projects, i);
      LimnServerProjectStatus *st;

      if (project_id != NULL && !g_str_equal (p->id, project_id))
        continue;

      st = g_new0 (LimnServerProjectStatus, 1);
      st->project_id = g_strdup (p->id);
      st->name = g_strdup (p->name);
      st->kind = g_strdup (p->kind);
      st->tasks = count_tasks (s, p->id, FALSE);
      st->gold = count_tasks (s, p->id, TRUE);
      st->assigned = count_leases (s, p->id, LIMN_SERVER_LEASE_ASSIGNED);
      st->submitted = count_leases (s, p->id, LIMN_SERVER_LEASE_SUBMITTED);
      st->expired = count_leases (s, p->id, LIMN_SERVER_LEASE_EXPIRED);
      st->annotations = count_items (s, p->id, LIMN_BATCH_ITEM_ANNOTATION, FALSE);
      st->conflicts = count_items (s, p->id, LIMN_BATCH_ITEM_ANNOTATION, TRUE);
      st->flags = count_items (s, p->id, LIMN_BATCH_ITEM_FLAG, FALSE);
      st->events = count_items (s, p->id, LIMN_BATCH_ITEM_EVENT, FALSE);
      g_ptr_array_add (result, st);
    }

  return result;
}

static LimnServerInventory *
fake_inventory (LimnServerTxn  *txn,
                const char     *project_id,
                GError        **error)
{
  FakeState *s = fake_backend_call (txn, error);
  LimnServerInventory *inv;

  if (s == NULL)
    return NULL;

  inv = limn_server_inventory_new ();
  inv->users = project_id ? -1 : (gint64)s->users->len;
  inv->projects = project_id ? -1 : (gint64)s->projects->len;
  inv->batches = project_id ? -1 : (gint64)s->answers->len;
  inv->audit = project_id ? -1 : (gint64)s->audit->len;
  for (guint i = 0; i < s->tokens->len; i++)
    {
      FakeToken *t = g_ptr_array_index (s->tokens, i);

      if (project_id == NULL || g_strcmp0 (t->project_id, project_id) == 0)
        {
          inv->tokens++;
          inv->tokens_revoked += t->revoked;
        }
    }
  for (guint i = 0; i < s->projects->len; i++)
    {
      LimnServerProject *p = g_ptr_array_index (s->projects, i);

      if (project_id == NULL || g_str_equal (p->id, project_id))
        {
          inv->labels += p->labels->len;
          inv->guidelines += p->guideline_version;
        }
    }
  inv->tasks = count_tasks (s, project_id, FALSE);
  inv->tasks_gold = count_tasks (s, project_id, TRUE);
  for (guint st = 0; st < LIMN_SERVER_N_LEASE_STATES; st++)
    inv->assignments[st] = count_leases (s, project_id, st);
  inv->annotations_conflicted = count_items (s, project_id, LIMN_BATCH_ITEM_ANNOTATION, TRUE);
  inv->annotations_submitted = count_items (s, project_id, LIMN_BATCH_ITEM_ANNOTATION, FALSE) -
                               inv->annotations_conflicted;
  inv->events = count_items (s, project_id, LIMN_BATCH_ITEM_EVENT, FALSE);
  inv->flags_open = count_items (s, project_id, LIMN_BATCH_ITEM_FLAG, FALSE);
  for (guint i = 0; i < s->items->len; i++)
    {
      FakeItem *item = g_ptr_array_index (s->items, i);

      if (item->kind == LIMN_BATCH_ITEM_EVENT &&
          (project_id == NULL || g_strcmp0 (item->project_id, project_id) == 0))
        limn_server_inventory_add_event_type (inv, item->type, 1);
    }
  for (guint i = 0; i < s->changes->len; i++)
    {
      FakeChange *c = g_ptr_array_index (s->changes, i);

      if (project_id == NULL || g_strcmp0 (c->project_id, project_id) == 0)
        inv->changes++;
    }
  for (guint i = 0; project_id == NULL && i < s->audit->len; i++)
    {
      FakeAudit *a = g_ptr_array_index (s->audit, i);

      limn_server_inventory_add_audit_action (inv, a->action, 1,
                                              a->token_id != NULL && a->user_id != NULL);
    }

  return inv;
}

/* Tasks */

static FakeTask *
find_task (FakeState  *s,
           const char *id)
{
  for (guint i = 0; i < s->tasks->len; i++)
    {
      FakeTask *t = g_ptr_array_index (s->tasks, i);

      if (g_str_equal (t->task->id, id))
        return t;
    }
  return NULL;
}

static GHashTable *
fake_get_tasks (LimnServerTxn       *txn,
                const char * const  *task_ids,
                GError             **error)
{
  FakeState *s = fake_backend_call (txn, error);
  GHashTable *tasks;

  if (s == NULL)
    return NULL;

  tasks = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                 (GDestroyNotify)limn_server_task_free);
  for (guint i = 0; task_ids != NULL && task_ids[i] != NULL; i++)
    {
      FakeTask *t = find_task (s, task_ids[i]);

      if (t != NULL && !g_hash_table_contains (tasks, t->task->id))
        {
          LimnServerTask *copy = fake_task_dup (t->task);

          g_hash_table_insert (tasks, copy->id, copy);
        }
    }

  return tasks;
}

static gboolean
fake_lookup_task_project (LimnServerTxn  *txn,
                          const char     *task_id,
                          char          **project_id,
                          GError        **error)
{
  FakeState *s = fake_backend_call (txn, error);
  FakeTask *t = s != NULL ? find_task (s, task_id) : NULL;

  *project_id = t != NULL ? g_strdup (t->task->project_id) : NULL;
  return s != NULL;
}

static gboolean
fake_next_task_position (LimnServerTxn  *txn,
                         const char     *project_id,
                         gint64         *position,
                         GError        **error)
{
  FakeState *s = fake_backend_call (txn, error);

  if (s == NULL)
    return FALSE;

  *position = 0;
  for (guint i = 0; i < s->tasks->len; i++)
    {
      FakeTask *t = g_ptr_array_index (s->tasks, i);

      if (g_str_equal (t->task->project_id, project_id))
        *position = MAX (*position, t->task->position + 1);
    }
  return TRUE;
}

static gboolean
fake_insert_task (LimnServerTxn         *txn,
                  const LimnServerTask  *task,
                  gint64                 now_us,
                  GError               **error)
{
  FakeState *s;
  FakeTask *t;

  if (!fake_write_call (txn, &s, error) ||
      !fake_refuse_duplicate (find_task (s, task->id) != NULL, "tasks", error))
    return FALSE;

  t = g_new0 (FakeTask, 1);
  t->task = fake_task_dup (task);
  g_ptr_array_add (s->tasks, t);
  return TRUE;
}

static gboolean
fake_set_task_gold (LimnServerTxn  *txn,
                    const char     *task_id,
                    const char     *answer_json,
                    GError        **error)
{
  FakeState *s;
  FakeTask *t;

  if (!fake_write_call (txn, &s, error))
    return FALSE;

  t = find_task (s, task_id);
  if (t != NULL)
    {
      t->is_gold = TRUE;
      g_free (t->gold_answer);
      t->gold_answer = g_strdup (answer_json);
    }
  return TRUE;
}

static gboolean
fake_get_task_gold (LimnServerTxn  *txn,
                    const char     *task_id,
                    gboolean       *is_gold,
                    char          **answer_json,
                    GError        **error)
{
  FakeState *s = fake_backend_call (txn, error);
  FakeTask *t = s != NULL ? find_task (s, task_id) : NULL;

  *is_gold = t != NULL && t->is_gold;
  *answer_json = t != NULL ? g_strdup (t->gold_answer) : NULL;
  return s != NULL;
}

static LimnServerLease *
find_lease (FakeState  *s,
            const char *id,
            const char *task_id,
            const char *annotator)
{
  for (guint i = 0; i < s->leases->len; i++)
    {
      LimnServerLease *l = g_ptr_array_index (s->leases, i);

      if ((id != NULL && g_str_equal (l->id, id)) ||
          (id == NULL && g_str_equal (l->task_id, task_id) &&
           g_str_equal (l->annotator, annotator)))
        return l;
    }
  return NULL;
}

static gboolean
fake_find_media (LimnServerTxn  *txn,
                 const char     *sha256,
                 const char     *project_id,
                 const char     *holder,
                 gboolean       *found,
                 char          **mime,
                 GError        **error)
{
  FakeState *s = fake_backend_call (txn, error);

  *found = FALSE;
  *mime = NULL;
  for (guint i = 0; s != NULL && i < s->tasks->len && !*found; i++)
    {
      FakeTask *t = g_ptr_array_index (s->tasks, i);

      if (g_strcmp0 (t->task->media_sha256, sha256) == 0 &&
          (project_id == NULL || g_str_equal (t->task->project_id, project_id)) &&
          (holder == NULL || find_lease (s, NULL, t->task->id, holder) != NULL))
        {
          *found = TRUE;
          *mime = g_strdup (t->task->mime);
        }
    }
  return s != NULL;
}

/* Assignments */

static gboolean
fake_any_leases_due (LimnServerTxn  *txn,
                     gint64          now_us,
                     gboolean       *due,
                     GError        **error)
{
  FakeState *s = fake_backend_call (txn, error);

  *due = FALSE;
  for (guint i = 0; s != NULL && i < s->leases->len; i++)
    {
      LimnServerLease *l = g_ptr_array_index (s->leases, i);

      *due |= l->state == LIMN_SERVER_LEASE_ASSIGNED && l->lease_expires_us <= now_us;
    }
  return s != NULL;
}

static GPtrArray *
fake_leases_due (LimnServerTxn  *txn,
                 gint64          now_us,
                 GError        **error)
{
  FakeState *s = fake_backend_call (txn, error);
  GPtrArray *due;

  if (s == NULL)
    return NULL;

  due = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_server_lease_free);
  for (guint i = 0; i < s->leases->len; i++)
    {
      LimnServerLease *l = g_ptr_array_index (s->leases, i);

      if (l->state == LIMN_SERVER_LEASE_ASSIGNED && l->lease_expires_us <= now_us)
        g_ptr_array_add (due, fake_lease_copy (l, NULL));
    }
  return due;
}

static gint
rework_first (gconstpointer a,
              gconstpointer b)
{
  const LimnServerAssignment *x = *(LimnServerAssignment **)a;
  const LimnServerAssignment *y = *(LimnServerAssignment **)b;

  return (int)y->rework - (int)x->rework;
}

static GPtrArray *
fake_held_leases (LimnServerTxn  *txn,
                  const char     *user_id,
                  const char     *project_id,
                  GError        **error)
{
  FakeState *s = fake_backend_call (txn, error);
  GPtrArray *held;

  if (s == NULL)
    return NULL;

  /* Leases are kept in the order they were granted. */
  held = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_server_assignment_free);
  for (guint i = 0; i < s->leases->len; i++)
    {
      LimnServerLease *l = g_ptr_array_index (s->leases, i);
      LimnServerAssignment *a;

      if (l->state != LIMN_SERVER_LEASE_ASSIGNED || !g_str_equal (l->annotator, user_id) ||
          !g_str_equal (l->project_id, project_id))
        continue;

      a = g_new0 (LimnServerAssignment, 1);
      a->id = g_strdup (l->id);
      a->lease_expires_us = l->lease_expires_us;
      a->position = l->position;
      a->rework = l->rework;
      a->task = fake_task_dup (find_task (s, l->task_id)->task);
      g_ptr_array_add (held, a);
    }
  /* Sent back for rework first, then as granted (a stable sort). */
  g_ptr_array_sort (held, rework_first);
  return held;
}

static gint64
holders_of (FakeState  *s,
            const char *task_id)
{
  gint64 n = 0;

  for (guint i = 0; i < s->leases->len; i++)
    {
      LimnServerLease *l = g_ptr_array_index (s->leases, i);

      if (g_str_equal (l->task_id, task_id) &&
          (l->state == LIMN_SERVER_LEASE_ASSIGNED || l->state == LIMN_SERVER_LEASE_SUBMITTED ||
           l->state == LIMN_SERVER_LEASE_ACCEPTED))
        n++;
    }
  return n;
}

static gint
by_position (gconstpointer a,
             gconstpointer b)
{
  const FakeTask *x = *(FakeTask * const *)a;
  const FakeTask *y = *(FakeTask * const *)b;

  return (x->task->position > y->task->position) - (x->task->position < y->task->position);
}

static GPtrArray *
fake_candidate_tasks (LimnServerTxn  *txn,
                      const char     *project_id,
                      const char     *user_id,
                      gboolean        gold,
                      gint64          max_holders,
                      guint           limit,
                      GError        **error)
{
  FakeState *s = fake_backend_call (txn, error);
  g_autoptr(GPtrArray) matching = g_ptr_array_new ();
  GPtrArray *ids;

  if (s == NULL)
    return NULL;

  for (guint i = 0; i < s->tasks->len; i++)
    {
      FakeTask *t = g_ptr_array_index (s->tasks, i);

      if (g_str_equal (t->task->project_id, project_id) && t->is_gold == gold &&
          find_lease (s, NULL, t->task->id, user_id) == NULL &&
          (max_holders <= 0 || holders_of (s, t->task->id) < max_holders))
        g_ptr_array_add (matching, t);
    }
  g_ptr_array_sort (matching, by_position);

  ids = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < matching->len && i < limit; i++)
    g_ptr_array_add (ids, g_strdup (((FakeTask *)g_ptr_array_index (matching, i))->task->id));
  return ids;
}

static gboolean
fake_insert_assignment (LimnServerTxn          *txn,
                        const LimnServerLease  *lease,
                        GError                **error)
{
  FakeState *s;

  /* One assignment per task and annotator, as SQLite's UNIQUE says. */
  if (!fake_write_call (txn, &s, error) ||
      !fake_refuse_duplicate (find_lease (s, lease->id, NULL, NULL) != NULL ||
                         find_lease (s, NULL, lease->task_id, lease->annotator) != NULL,
                         "assignments", error))
    return FALSE;

  g_ptr_array_add (s->leases, fake_lease_copy (lease, NULL));
  return TRUE;
}

static gboolean
fake_lookup_assignment (LimnServerTxn     *txn,
                        const char        *task_id,
                        const char        *user_id,
                        LimnServerLease  **lease,
                        GError           **error)
{
  FakeState *s = fake_backend_call (txn, error);
  LimnServerLease *l = s != NULL ? find_lease (s, NULL, task_id, user_id) : NULL;

  *lease = l != NULL ? fake_lease_copy (l, NULL) : NULL;
  return s != NULL;
}

static gboolean
fake_count_holders (LimnServerTxn  *txn,
                    const char     *task_id,
                    gint64         *holders,
                    GError        **error)
{
  FakeState *s = fake_backend_call (txn, error);

  if (s != NULL)
    *holders = holders_of (s, task_id);
  return s != NULL;
}

static gboolean
fake_count_assignments (LimnServerTxn  *txn,
                        const char     *user_id,
                        const char     *project_id,
                        gint64         *count,
                        GError        **error)
{
  FakeState *s = fake_backend_call (txn, error);

  if (s == NULL)
    return FALSE;

  *count = 0;
  for (guint i = 0; i < s->leases->len; i++)
    {
      LimnServerLease *l = g_ptr_array_index (s->leases, i);

      if (g_str_equal (l->annotator, user_id) && g_str_equal (l->project_id, project_id))
        (*count)++;
    }
  return TRUE;
}

static gboolean
fake_set_lease_state (LimnServerTxn         *txn,
                      const char            *assignment_id,
                      LimnServerLeaseState   state,
                      gint64                 now_us,
                      GError               **error)
{
  FakeState *s;
  LimnServerLease *l;

  if (!fake_write_call (txn, &s, error))
    return FALSE;
  l = find_lease (s, assignment_id, NULL, NULL);
  if (l != NULL)
    l->state = state;
  return TRUE;
}

static gboolean
fake_set_gold_revealed (LimnServerTxn  *txn,
                        const char     *assignment_id,
                        gint64          now_us,
                        GError        **error)
{
  FakeState *s;
  LimnServerLease *l;

  if (!fake_write_call (txn, &s, error))
    return FALSE;
  l = find_lease (s, assignment_id, NULL, NULL);
  if (l != NULL)
    l->gold_revealed = TRUE;
  return TRUE;
}

/* Batch items */

static FakeItem *
find_item (FakeState         *s,
           LimnBatchItemKind  kind,
           const char        *id)
{
  for (guint i = 0; i < s->items->len; i++)
    {
      FakeItem *item = g_ptr_array_index (s->items, i);

      if (item->kind == kind && g_str_equal (item->id, id))
        return item;
    }
  return NULL;
}

static gboolean
fake_lookup_item_owner (LimnServerTxn      *txn,
                        LimnBatchItemKind   kind,
                        const char         *item_id,
                        char              **user_id,
                        GError            **error)
{
  FakeState *s = fake_backend_call (txn, error);
  FakeItem *item = s != NULL ? find_item (s, kind, item_id) : NULL;

  *user_id = item != NULL ? g_strdup (item->owner) : NULL;
  return s != NULL;
}

static FakeItem *
add_item (FakeState           *s,
          const LimnBatchItem *from,
          const char          *owner,
          const char          *project_id)
{
  FakeItem *item = g_new0 (FakeItem, 1);

  item->kind = from->kind;
  item->id = g_strdup (from->id);
  item->owner = g_strdup (owner);
  item->project_id = g_strdup (project_id);
  item->task_id = g_strdup (from->task_id);
  item->type = g_strdup (from->type);
  item->regions = g_strdup (from->regions);
  g_ptr_array_add (s->items, item);
  return item;
}

static gboolean
fake_insert_event (LimnServerTxn        *txn,
                   const LimnBatchItem  *item,
                   const char           *user_id,
                   gint64                now_us,
                   gboolean             *inserted,
                   GError              **error)
{
  FakeState *s;

  if (!fake_write_call (txn, &s, error))
    return FALSE;

  *inserted = find_item (s, LIMN_BATCH_ITEM_EVENT, item->id) == NULL;
  if (*inserted)
    add_item (s, item, user_id, item->project_id);
  return TRUE;
}

static gboolean
fake_insert_annotation (LimnServerTxn          *txn,
                        const LimnBatchItem    *item,
                        const char             *user_id,
                        const LimnServerLease  *lease,
                        const char             *conflict_reason,
                        gint64                  now_us,
                        GError                **error)
{
  FakeState *s;

  if (!fake_write_call (txn, &s, error) ||
      !fake_refuse_duplicate (find_item (s, LIMN_BATCH_ITEM_ANNOTATION, item->id) != NULL,
                         "annotations", error))
    return FALSE;

  add_item (s, item, user_id, lease->project_id)->conflicted = conflict_reason != NULL;
  return TRUE;
}

static GPtrArray *
fake_list_gold_answers (LimnServerTxn  *txn,
                        const char     *project_id,
                        GError        **error)
{
  FakeState *s = fake_backend_call (txn, error);
  GPtrArray *answers;

  if (s == NULL)
    return NULL;

  /* Items are kept in the order they were received. */
  answers = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_server_gold_answer_free);
  for (guint i = 0; i < s->items->len; i++)
    {
      FakeItem *item = g_ptr_array_index (s->items, i);
      FakeTask *task = item->task_id ? find_task (s, item->task_id) : NULL;
      LimnServerGoldAnswer *a;

      if (item->kind != LIMN_BATCH_ITEM_ANNOTATION || task == NULL || !task->is_gold ||
          !g_str_equal (item->project_id, project_id))
        continue;

      a = g_new0 (LimnServerGoldAnswer, 1);
      a->annotator = g_strdup (find_user (s, item->owner, NULL)->name);
      a->annotator_id = g_strdup (item->owner);
      a->task_id = g_strdup (item->task_id);
      a->regions = g_strdup (item->regions ? item->regions : "[]");
      a->gold = g_strdup (task->gold_answer);
      g_ptr_array_add (answers, a);
    }
  return answers;
}

static gboolean
fake_insert_flag (LimnServerTxn        *txn,
                  const LimnBatchItem  *item,
                  const char           *user_id,
                  const char           *project_id,
                  gint64                now_us,
                  GError              **error)
{
  FakeState *s;

  if (!fake_write_call (txn, &s, error) ||
      !fake_refuse_duplicate (find_item (s, LIMN_BATCH_ITEM_FLAG, item->id) != NULL, "flags", error))
    return FALSE;

  add_item (s, item, user_id, project_id);
  return TRUE;
}

void
fake_backend_calls_init (LimnServerBackendInterface *iface)
{
  fake_backend_review_init (iface);
  iface->lookup_token = fake_lookup_token;
  iface->lookup_token_id = fake_lookup_token_id;
  iface->insert_token = fake_insert_token;
  iface->revoke_token = fake_revoke_token;
  iface->lookup_user = fake_lookup_user;
  iface->insert_user = fake_insert_user;
  iface->insert_project = fake_insert_project;
  iface->get_project = fake_get_project;
  iface->list_project_ids = fake_list_project_ids;
  iface->get_settings = fake_get_settings;
  iface->update_settings = fake_update_settings;
  iface->project_status = fake_project_status;
  iface->inventory = fake_inventory;
  iface->get_tasks = fake_get_tasks;
  iface->lookup_task_project = fake_lookup_task_project;
  iface->next_task_position = fake_next_task_position;
  iface->insert_task = fake_insert_task;
  iface->set_task_gold = fake_set_task_gold;
  iface->get_task_gold = fake_get_task_gold;
  iface->list_gold_answers = fake_list_gold_answers;
  iface->find_media = fake_find_media;
  iface->any_leases_due = fake_any_leases_due;
  iface->leases_due = fake_leases_due;
  iface->held_leases = fake_held_leases;
  iface->candidate_tasks = fake_candidate_tasks;
  iface->insert_assignment = fake_insert_assignment;
  iface->lookup_assignment = fake_lookup_assignment;
  iface->count_holders = fake_count_holders;
  iface->count_assignments = fake_count_assignments;
  iface->set_lease_state = fake_set_lease_state;
  iface->set_gold_revealed = fake_set_gold_revealed;
  iface->lookup_item_owner = fake_lookup_item_owner;
  iface->insert_event = fake_insert_event;
  iface->insert_annotation = fake_insert_annotation;
  iface->insert_flag = fake_insert_flag;
  fake_backend_log_init (iface);
}

FakeUser *
fake_find_user (FakeState  *s,
                const char *id,
                const char *name)
{
  return find_user (s, id, name);
}

FakeTask *
fake_find_task (FakeState  *s,
                const char *id)
{
  return find_task (s, id);
}

LimnServerProject *
fake_find_project (FakeState  *s,
                   const char *id)
{
  return find_project (s, id);
}
