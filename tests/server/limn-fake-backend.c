/* limn-fake-backend.c
 *
 * Every table is an array scanned from start to end: tests hold a few
 * hundred records. Each storage call does what backend/limn-server-backend.h
 * says and no more; where SQLite has a constraint (a unique id, one
 * assignment per task and annotator) the fake refuses the same way, so a
 * rule that relied on it would be caught here too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "limn-fake-backend.h"

/* Records */

typedef struct
{
  char *id;
  char *name;
} FakeUser;

typedef struct
{
  char           *id;
  char           *user_id;
  char           *project_id;
  char           *sha256;
  LimnServerRole  role;
  gboolean        revoked;
} FakeToken;

typedef struct
{
  LimnServerTask *task;
  gboolean        is_gold;
  char           *gold_answer;
} FakeTask;

typedef struct
{
  LimnBatchItemKind  kind;
  char              *id;
  char              *owner;
  char              *project_id;
  char              *task_id;
  char              *type;          /* events */
  gboolean           conflicted;    /* annotations */
} FakeItem;

typedef struct
{
  char                   *user_id;
  char                   *key;
  LimnServerStoredAnswer *answer;
} FakeAnswer;

typedef struct
{
  gint64  seq;
  char   *recipient;
  char   *project_id;
  char   *kind;
  char   *data;
} FakeChange;

typedef struct
{
  char *user_id;
  char *token_id;
  char *action;
  char *detail;
} FakeAudit;

static void
fake_user_free (FakeUser *u)
{
  g_free (u->id);
  g_free (u->name);
  g_free (u);
}

static gpointer
fake_user_copy (gconstpointer src,
                gpointer      data)
{
  const FakeUser *u = src;
  FakeUser *c = g_new0 (FakeUser, 1);

  c->id = g_strdup (u->id);
  c->name = g_strdup (u->name);
  return c;
}

static void
fake_token_free (FakeToken *t)
{
  g_free (t->id);
  g_free (t->user_id);
  g_free (t->project_id);
  g_free (t->sha256);
  g_free (t);
}

static gpointer
fake_token_copy (gconstpointer src,
                 gpointer      data)
{
  const FakeToken *t = src;
  FakeToken *c = g_memdup2 (t, sizeof *t);

  c->id = g_strdup (t->id);
  c->user_id = g_strdup (t->user_id);
  c->project_id = g_strdup (t->project_id);
  c->sha256 = g_strdup (t->sha256);
  return c;
}

static LimnServerTask *
task_copy (const LimnServerTask *t)
{
  LimnServerTask *c = g_memdup2 (t, sizeof *t);

  c->id = g_strdup (t->id);
  c->project_id = g_strdup (t->project_id);
  c->kind = g_strdup (t->kind);
  c->title = g_strdup (t->title);
  c->media_sha256 = g_strdup (t->media_sha256);
  c->mime = g_strdup (t->mime);
  c->text = g_strdup (t->text);
  c->language = g_strdup (t->language);
  c->direction = g_strdup (t->direction ? t->direction : "auto");
  c->suggestions = g_strdup (t->suggestions ? t->suggestions : "[]");
  return c;
}

static void
fake_task_free (FakeTask *t)
{
  limn_server_task_free (t->task);
  g_free (t->gold_answer);
  g_free (t);
}

static gpointer
fake_task_copy (gconstpointer src,
                gpointer      data)
{
  const FakeTask *t = src;
  FakeTask *c = g_new0 (FakeTask, 1);

  c->task = task_copy (t->task);
  c->is_gold = t->is_gold;
  c->gold_answer = g_strdup (t->gold_answer);
  return c;
}

static gpointer
label_copy (gconstpointer src,
            gpointer      data)
{
  const LimnServerLabel *l = src;
  LimnServerLabel *c = g_new0 (LimnServerLabel, 1);

  c->id = g_strdup (l->id);
  c->name = g_strdup (l->name);
  c->color = g_strdup (l->color);
  c->hotkey = g_strdup (l->hotkey);
  c->description = g_strdup (l->description ? l->description : "");
  return c;
}

static gpointer
project_copy (gconstpointer src,
              gpointer      data)
{
  const LimnServerProject *p = src;
  LimnServerProject *c = g_memdup2 (p, sizeof *p);

  c->id = g_strdup (p->id);
  c->name = g_strdup (p->name);
  c->kind = g_strdup (p->kind);
  c->guidelines = g_strdup (p->guidelines);
  c->labels = p->labels != NULL ? g_ptr_array_copy (p->labels, label_copy, NULL)
                                : g_ptr_array_new_with_free_func ((GDestroyNotify)limn_server_label_free);
  return c;
}

static gpointer
lease_copy (gconstpointer src,
            gpointer      data)
{
  const LimnServerLease *l = src;
  LimnServerLease *c = g_memdup2 (l, sizeof *l);

  c->id = g_strdup (l->id);
  c->task_id = g_strdup (l->task_id);
  c->project_id = g_strdup (l->project_id);
  c->annotator = g_strdup (l->annotator);
  return c;
}

static void
fake_item_free (FakeItem *i)
{
  g_free (i->id);
  g_free (i->owner);
  g_free (i->project_id);
  g_free (i->task_id);
  g_free (i->type);
  g_free (i);
}

static gpointer
fake_item_copy (gconstpointer src,
                gpointer      data)
{
  const FakeItem *i = src;
  FakeItem *c = g_memdup2 (i, sizeof *i);

  c->id = g_strdup (i->id);
  c->owner = g_strdup (i->owner);
  c->project_id = g_strdup (i->project_id);
  c->task_id = g_strdup (i->task_id);
  c->type = g_strdup (i->type);
  return c;
}

static LimnServerStoredAnswer *
answer_copy (const LimnServerStoredAnswer *a)
{
  LimnServerStoredAnswer *c = g_new0 (LimnServerStoredAnswer, 1);

  c->request_sha256 = g_strdup (a->request_sha256);
  c->status = a->status;
  c->body = g_bytes_ref (a->body);
  return c;
}

static void
fake_answer_free (FakeAnswer *a)
{
  g_free (a->user_id);
  g_free (a->key);
  limn_server_stored_answer_free (a->answer);
  g_free (a);
}

static gpointer
fake_answer_copy (gconstpointer src,
                  gpointer      data)
{
  const FakeAnswer *a = src;
  FakeAnswer *c = g_new0 (FakeAnswer, 1);

  c->user_id = g_strdup (a->user_id);
  c->key = g_strdup (a->key);
  c->answer = answer_copy (a->answer);
  return c;
}

static void
fake_change_free (FakeChange *c)
{
  g_free (c->recipient);
  g_free (c->project_id);
  g_free (c->kind);
  g_free (c->data);
  g_free (c);
}

static gpointer
fake_change_copy (gconstpointer src,
                  gpointer      data)
{
  const FakeChange *c = src;
  FakeChange *n = g_memdup2 (c, sizeof *c);

  n->recipient = g_strdup (c->recipient);
  n->project_id = g_strdup (c->project_id);
  n->kind = g_strdup (c->kind);
  n->data = g_strdup (c->data);
  return n;
}

static void
fake_audit_free (FakeAudit *a)
{
  g_free (a->user_id);
  g_free (a->token_id);
  g_free (a->action);
  g_free (a->detail);
  g_free (a);
}

static gpointer
fake_audit_copy (gconstpointer src,
                 gpointer      data)
{
  const FakeAudit *a = src;
  FakeAudit *c = g_new0 (FakeAudit, 1);

  c->user_id = g_strdup (a->user_id);
  c->token_id = g_strdup (a->token_id);
  c->action = g_strdup (a->action);
  c->detail = g_strdup (a->detail);
  return c;
}

/* State */

typedef struct
{
  GPtrArray *users;       /* FakeUser */
  GPtrArray *tokens;      /* FakeToken */
  GPtrArray *projects;    /* LimnServerProject, oldest first */
  GPtrArray *tasks;       /* FakeTask */
  GPtrArray *leases;      /* LimnServerLease, oldest first */
  GPtrArray *items;       /* FakeItem */
  GPtrArray *answers;     /* FakeAnswer */
  GPtrArray *changes;     /* FakeChange */
  GPtrArray *audit;       /* FakeAudit */
  gint64     last_seq;
} FakeState;

static void
state_free (FakeState *s)
{
  g_ptr_array_unref (s->users);
  g_ptr_array_unref (s->tokens);
  g_ptr_array_unref (s->projects);
  g_ptr_array_unref (s->tasks);
  g_ptr_array_unref (s->leases);
  g_ptr_array_unref (s->items);
  g_ptr_array_unref (s->answers);
  g_ptr_array_unref (s->changes);
  g_ptr_array_unref (s->audit);
  g_free (s);
}

static FakeState *
state_new (void)
{
  FakeState *s = g_new0 (FakeState, 1);

  s->users = g_ptr_array_new_with_free_func ((GDestroyNotify)fake_user_free);
  s->tokens = g_ptr_array_new_with_free_func ((GDestroyNotify)fake_token_free);
  s->projects = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_server_project_free);
  s->tasks = g_ptr_array_new_with_free_func ((GDestroyNotify)fake_task_free);
  s->leases = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_server_lease_free);
  s->items = g_ptr_array_new_with_free_func ((GDestroyNotify)fake_item_free);
  s->answers = g_ptr_array_new_with_free_func ((GDestroyNotify)fake_answer_free);
  s->changes = g_ptr_array_new_with_free_func ((GDestroyNotify)fake_change_free);
  s->audit = g_ptr_array_new_with_free_func ((GDestroyNotify)fake_audit_free);
  return s;
}

static FakeState *
state_copy (const FakeState *s)
{
  FakeState *c = g_new0 (FakeState, 1);

  c->users = g_ptr_array_copy (s->users, fake_user_copy, NULL);
  c->tokens = g_ptr_array_copy (s->tokens, fake_token_copy, NULL);
  c->projects = g_ptr_array_copy (s->projects, project_copy, NULL);
  c->tasks = g_ptr_array_copy (s->tasks, fake_task_copy, NULL);
  c->leases = g_ptr_array_copy (s->leases, lease_copy, NULL);
  c->items = g_ptr_array_copy (s->items, fake_item_copy, NULL);
  c->answers = g_ptr_array_copy (s->answers, fake_answer_copy, NULL);
  c->changes = g_ptr_array_copy (s->changes, fake_change_copy, NULL);
  c->audit = g_ptr_array_copy (s->audit, fake_audit_copy, NULL);
  c->last_seq = s->last_seq;
  return c;
}

/* The backend and its transactions */

struct _LimnFakeBackend
{
  GObject    parent_instance;

  GMutex     lock;          /* held from begin to commit or end */
  FakeState *committed;
  guint      calls;
  guint      fail_at;       /* the call number that fails; 0: none */
};

typedef struct
{
  LimnServerTxn    parent;
  LimnFakeBackend *fake;
  FakeState       *state;
  gboolean         done;
} FakeTxn;

static void limn_fake_backend_iface_init (LimnServerBackendInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LimnFakeBackend, limn_fake_backend, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (LIMN_TYPE_SERVER_BACKEND,
                                                      limn_fake_backend_iface_init))

static void
limn_fake_backend_finalize (GObject *object)
{
  LimnFakeBackend *self = LIMN_FAKE_BACKEND (object);

  state_free (self->committed);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (limn_fake_backend_parent_class)->finalize (object);
}

static void
limn_fake_backend_class_init (LimnFakeBackendClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = limn_fake_backend_finalize;
}

static void
limn_fake_backend_init (LimnFakeBackend *self)
{
  g_mutex_init (&self->lock);
  self->committed = state_new ();
}

LimnServerBackend *
limn_fake_backend_new (void)
{
  return g_object_new (LIMN_TYPE_FAKE_BACKEND, NULL);
}

void
limn_fake_backend_fail_after (LimnFakeBackend *self,
                              guint            n)
{
  self->fail_at = n == 0 ? 0 : self->calls + n;
}

guint
limn_fake_backend_get_calls (LimnFakeBackend *self)
{
  return self->calls;
}

static LimnServerTxn *
fake_begin (LimnServerBackend  *backend,
            LimnServerTxnMode   mode,
            GError            **error)
{
  LimnFakeBackend *self = LIMN_FAKE_BACKEND (backend);
  FakeTxn *txn = g_new0 (FakeTxn, 1);

  g_mutex_lock (&self->lock);
  limn_server_txn_init (&txn->parent, backend, mode);
  txn->fake = self;
  txn->state = state_copy (self->committed);

  return &txn->parent;
}

static gboolean
fake_commit (LimnServerTxn  *txn,
             GError        **error)
{
  FakeTxn *self = (FakeTxn *)txn;

  g_assert_false (self->done);
  if (txn->mode == LIMN_SERVER_TXN_WRITE)
    {
      state_free (self->fake->committed);
      self->fake->committed = g_steal_pointer (&self->state);
    }
  self->done = TRUE;
  g_mutex_unlock (&self->fake->lock);

  return TRUE;
}

static void
fake_end (LimnServerTxn *txn)
{
  FakeTxn *self = (FakeTxn *)txn;

  g_clear_pointer (&self->state, state_free);
  if (!self->done)
    g_mutex_unlock (&self->fake->lock);
  g_free (self);
}

/* Every storage call starts here: counts it, fails it when asked. */
static FakeState *
call (LimnServerTxn  *txn,
      GError        **error)
{
  FakeTxn *self = (FakeTxn *)txn;

  g_assert_false (self->done);
  self->fake->calls++;
  if (self->fake->fail_at != 0 && self->fake->calls == self->fake->fail_at)
    {
      g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_FAILED,
                   "injected failure at storage call %u", self->fake->calls);
      return NULL;
    }

  return self->state;
}

static gboolean
write_call (LimnServerTxn  *txn,
            FakeState     **state,
            GError        **error)
{
  g_assert_cmpint (txn->mode, ==, LIMN_SERVER_TXN_WRITE);
  *state = call (txn, error);
  return *state != NULL;
}

static gboolean
refuse_duplicate (gboolean    taken,
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
  FakeState *s = call (txn, error);
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
  FakeState *s = call (txn, error);
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

  if (!write_call (txn, &s, error) ||
      !refuse_duplicate (find_token (s, token_id, token_sha256) != NULL, "tokens", error))
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

  if (!write_call (txn, &s, error))
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
  FakeState *s = call (txn, error);
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

  if (!write_call (txn, &s, error) ||
      !refuse_duplicate (find_user (s, user_id, name) != NULL, "users", error))
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

  if (!write_call (txn, &s, error) ||
      !refuse_duplicate (find_project (s, project->id) != NULL, "projects", error))
    return FALSE;

  g_ptr_array_add (s->projects, project_copy (project, NULL));
  return TRUE;
}

static gboolean
fake_get_project (LimnServerTxn      *txn,
                  const char         *project_id,
                  LimnServerProject **project,
                  GError            **error)
{
  FakeState *s = call (txn, error);
  LimnServerProject *p = s != NULL ? find_project (s, project_id) : NULL;

  *project = p != NULL ? project_copy (p, NULL) : NULL;
  return s != NULL;
}

static GPtrArray *
fake_list_project_ids (LimnServerTxn  *txn,
                       GError        **error)
{
  FakeState *s = call (txn, error);
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
  FakeState *s = call (txn, error);
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

  if (!write_call (txn, &s, error))
    return FALSE;

  p = find_project (s, project_id);
  if (p == NULL)
    return TRUE;
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

      if (item->kind == kind && (project_id == NULL || g_strcmp0 (item->project_id, project_id) == 0) &&
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
  FakeState *s = call (txn, error);
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
  FakeState *s = call (txn, error);
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
  FakeState *s = call (txn, error);
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
          LimnServerTask *copy = task_copy (t->task);

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
  FakeState *s = call (txn, error);
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
  FakeState *s = call (txn, error);

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

  if (!write_call (txn, &s, error) ||
      !refuse_duplicate (find_task (s, task->id) != NULL, "tasks", error))
    return FALSE;

  t = g_new0 (FakeTask, 1);
  t->task = task_copy (task);
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

  if (!write_call (txn, &s, error))
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
  FakeState *s = call (txn, error);
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
          (id == NULL && g_str_equal (l->task_id, task_id) && g_str_equal (l->annotator, annotator)))
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
  FakeState *s = call (txn, error);

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
  FakeState *s = call (txn, error);

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
  FakeState *s = call (txn, error);
  GPtrArray *due;

  if (s == NULL)
    return NULL;

  due = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_server_lease_free);
  for (guint i = 0; i < s->leases->len; i++)
    {
      LimnServerLease *l = g_ptr_array_index (s->leases, i);

      if (l->state == LIMN_SERVER_LEASE_ASSIGNED && l->lease_expires_us <= now_us)
        g_ptr_array_add (due, lease_copy (l, NULL));
    }
  return due;
}

static GPtrArray *
fake_held_leases (LimnServerTxn  *txn,
                  const char     *user_id,
                  const char     *project_id,
                  GError        **error)
{
  FakeState *s = call (txn, error);
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
      a->task = task_copy (find_task (s, l->task_id)->task);
      g_ptr_array_add (held, a);
    }
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
          (l->state == LIMN_SERVER_LEASE_ASSIGNED || l->state == LIMN_SERVER_LEASE_SUBMITTED))
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
  FakeState *s = call (txn, error);
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
  if (!write_call (txn, &s, error) ||
      !refuse_duplicate (find_lease (s, lease->id, NULL, NULL) != NULL ||
                         find_lease (s, NULL, lease->task_id, lease->annotator) != NULL,
                         "assignments", error))
    return FALSE;

  g_ptr_array_add (s->leases, lease_copy (lease, NULL));
  return TRUE;
}

static gboolean
fake_lookup_assignment (LimnServerTxn     *txn,
                        const char        *task_id,
                        const char        *user_id,
                        LimnServerLease  **lease,
                        GError           **error)
{
  FakeState *s = call (txn, error);
  LimnServerLease *l = s != NULL ? find_lease (s, NULL, task_id, user_id) : NULL;

  *lease = l != NULL ? lease_copy (l, NULL) : NULL;
  return s != NULL;
}

static gboolean
fake_count_holders (LimnServerTxn  *txn,
                    const char     *task_id,
                    gint64         *holders,
                    GError        **error)
{
  FakeState *s = call (txn, error);

  if (s != NULL)
    *holders = holders_of (s, task_id);
  return s != NULL;
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

  if (!write_call (txn, &s, error))
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

  if (!write_call (txn, &s, error))
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
  FakeState *s = call (txn, error);
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

  if (!write_call (txn, &s, error))
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

  if (!write_call (txn, &s, error) ||
      !refuse_duplicate (find_item (s, LIMN_BATCH_ITEM_ANNOTATION, item->id) != NULL,
                         "annotations", error))
    return FALSE;

  add_item (s, item, user_id, lease->project_id)->conflicted = conflict_reason != NULL;
  return TRUE;
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

  if (!write_call (txn, &s, error) ||
      !refuse_duplicate (find_item (s, LIMN_BATCH_ITEM_FLAG, item->id) != NULL, "flags", error))
    return FALSE;

  add_item (s, item, user_id, project_id);
  return TRUE;
}

static FakeAnswer *
find_answer (FakeState  *s,
             const char *user_id,
             const char *key)
{
  for (guint i = 0; i < s->answers->len; i++)
    {
      FakeAnswer *a = g_ptr_array_index (s->answers, i);

      if (g_str_equal (a->user_id, user_id) && g_str_equal (a->key, key))
        return a;
    }
  return NULL;
}

static gboolean
fake_lookup_answer (LimnServerTxn           *txn,
                    const char              *user_id,
                    const char              *key,
                    LimnServerStoredAnswer **answer,
                    GError                 **error)
{
  FakeState *s = call (txn, error);
  FakeAnswer *a = s != NULL ? find_answer (s, user_id, key) : NULL;

  *answer = a != NULL ? answer_copy (a->answer) : NULL;
  return s != NULL;
}

static gboolean
fake_insert_answer (LimnServerTxn                 *txn,
                    const char                    *user_id,
                    const char                    *key,
                    const LimnServerStoredAnswer  *answer,
                    gint64                         now_us,
                    GError                       **error)
{
  FakeState *s;
  FakeAnswer *a;

  if (!write_call (txn, &s, error) ||
      !refuse_duplicate (find_answer (s, user_id, key) != NULL, "idempotency", error))
    return FALSE;

  a = g_new0 (FakeAnswer, 1);
  a->user_id = g_strdup (user_id);
  a->key = g_strdup (key);
  a->answer = answer_copy (answer);
  g_ptr_array_add (s->answers, a);
  return TRUE;
}

/* Changes and audit */

static gboolean
fake_insert_change (LimnServerTxn  *txn,
                    const char     *recipient,
                    const char     *project_id,
                    const char     *kind,
                    const char     *data_json,
                    gint64          now_us,
                    GError        **error)
{
  FakeState *s;
  FakeChange *c;

  if (!write_call (txn, &s, error))
    return FALSE;

  c = g_new0 (FakeChange, 1);
  c->seq = ++s->last_seq;
  c->recipient = g_strdup (recipient);
  c->project_id = g_strdup (project_id);
  c->kind = g_strdup (kind);
  c->data = g_strdup (data_json);
  g_ptr_array_add (s->changes, c);
  return TRUE;
}

static GPtrArray *
fake_list_changes (LimnServerTxn  *txn,
                   const char     *recipient,
                   const char     *project_id,
                   gint64          since,
                   guint           limit,
                   GError        **error)
{
  FakeState *s = call (txn, error);
  GPtrArray *changes;

  if (s == NULL)
    return NULL;

  changes = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_server_change_free);
  for (guint i = 0; i < s->changes->len && changes->len < limit; i++)
    {
      FakeChange *c = g_ptr_array_index (s->changes, i);
      LimnServerChange *out;

      if (!g_str_equal (c->recipient, recipient) || c->seq <= since ||
          (project_id != NULL && c->project_id != NULL && !g_str_equal (c->project_id, project_id)))
        continue;

      out = g_new0 (LimnServerChange, 1);
      out->seq = c->seq;
      out->kind = g_strdup (c->kind);
      out->data = g_strdup (c->data);
      g_ptr_array_add (changes, out);
    }
  return changes;
}

static gboolean
fake_insert_audit (LimnServerTxn  *txn,
                   const char     *user_id,
                   const char     *token_id,
                   const char     *action,
                   const char     *detail_json,
                   gint64          time_us,
                   GError        **error)
{
  FakeState *s;
  FakeAudit *a;

  if (!write_call (txn, &s, error))
    return FALSE;

  a = g_new0 (FakeAudit, 1);
  a->user_id = g_strdup (user_id);
  a->token_id = g_strdup (token_id);
  a->action = g_strdup (action);
  a->detail = g_strdup (detail_json);
  g_ptr_array_add (s->audit, a);
  return TRUE;
}

static void
limn_fake_backend_iface_init (LimnServerBackendInterface *iface)
{
  iface->begin = fake_begin;
  iface->commit = fake_commit;
  iface->end = fake_end;
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
  iface->find_media = fake_find_media;
  iface->any_leases_due = fake_any_leases_due;
  iface->leases_due = fake_leases_due;
  iface->held_leases = fake_held_leases;
  iface->candidate_tasks = fake_candidate_tasks;
  iface->insert_assignment = fake_insert_assignment;
  iface->lookup_assignment = fake_lookup_assignment;
  iface->count_holders = fake_count_holders;
  iface->set_lease_state = fake_set_lease_state;
  iface->set_gold_revealed = fake_set_gold_revealed;
  iface->lookup_item_owner = fake_lookup_item_owner;
  iface->insert_event = fake_insert_event;
  iface->insert_annotation = fake_insert_annotation;
  iface->insert_flag = fake_insert_flag;
  iface->lookup_answer = fake_lookup_answer;
  iface->insert_answer = fake_insert_answer;
  iface->insert_change = fake_insert_change;
  iface->list_changes = fake_list_changes;
  iface->insert_audit = fake_insert_audit;
}
