/* limn-fake-backend.c
 *
 * The records, the state and its copies, the object and its
 * transactions. The storage calls are in limn-fake-backend-calls.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "limn-fake-backend-private.h"

/* Records */

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

LimnServerTask *
fake_task_dup (const LimnServerTask *t)
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

  c->task = fake_task_dup (t->task);
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
  c->retired_us = l->retired_us;
  return c;
}

gpointer
fake_project_copy (gconstpointer src,
                   gpointer      data)
{
  const LimnServerProject *p = src;
  LimnServerProject *c = g_memdup2 (p, sizeof *p);

  c->id = g_strdup (p->id);
  c->name = g_strdup (p->name);
  c->kind = g_strdup (p->kind);
  c->guidelines = g_strdup (p->guidelines);
  c->guidelines_summary = g_strdup (p->guidelines_summary);
  c->guardrails = g_strdup (p->guardrails);
  c->hidden_task_fields = g_strdup (p->hidden_task_fields);
  c->settings.guardrails = NULL;
  c->settings.hidden_task_fields = NULL;
  if (p->labels != NULL)
    c->labels = g_ptr_array_copy (p->labels, label_copy, NULL);
  else
    c->labels = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_server_label_free);
  return c;
}

gpointer
fake_lease_copy (gconstpointer src,
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
  g_free (i->regions);
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
  c->regions = g_strdup (i->regions);
  return c;
}

LimnServerStoredAnswer *
fake_answer_dup (const LimnServerStoredAnswer *a)
{
  LimnServerStoredAnswer *c = g_new0 (LimnServerStoredAnswer, 1);

  c->request_sha256 = g_strdup (a->request_sha256);
  c->token_id = g_strdup (a->token_id);
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
  c->answer = fake_answer_dup (a->answer);
  c->created_us = a->created_us;
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

void
fake_counter_free (FakeCounter *c)
{
  g_free (c->project_id);
  g_free (c->key);
  g_free (c);
}

gpointer
fake_counter_copy (gconstpointer src,
                   gpointer      data)
{
  const FakeCounter *c = src;
  FakeCounter *n = g_memdup2 (c, sizeof *c);

  n->project_id = g_strdup (c->project_id);
  n->key = g_strdup (c->key);
  return n;
}

static gpointer
review_item_copy (gconstpointer src,
                  gpointer      data)
{
  return limn_server_review_item_copy (src);
}

static gpointer
review_copy (gconstpointer src,
             gpointer      data)
{
  return limn_server_review_copy (src);
}

/* State */

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
  g_ptr_array_unref (s->review_items);
  g_ptr_array_unref (s->reviews);
  g_ptr_array_unref (s->reviewers);
  g_ptr_array_unref (s->strata);
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
  s->review_items = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_server_review_item_free);
  s->reviews = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_server_review_free);
  s->reviewers = g_ptr_array_new_with_free_func ((GDestroyNotify)fake_counter_free);
  s->strata = g_ptr_array_new_with_free_func ((GDestroyNotify)fake_counter_free);
  return s;
}

static FakeState *
state_copy (const FakeState *s)
{
  FakeState *c = g_new0 (FakeState, 1);

  c->users = g_ptr_array_copy (s->users, fake_user_copy, NULL);
  c->tokens = g_ptr_array_copy (s->tokens, fake_token_copy, NULL);
  c->projects = g_ptr_array_copy (s->projects, fake_project_copy, NULL);
  c->tasks = g_ptr_array_copy (s->tasks, fake_task_copy, NULL);
  c->leases = g_ptr_array_copy (s->leases, fake_lease_copy, NULL);
  c->items = g_ptr_array_copy (s->items, fake_item_copy, NULL);
  c->answers = g_ptr_array_copy (s->answers, fake_answer_copy, NULL);
  c->changes = g_ptr_array_copy (s->changes, fake_change_copy, NULL);
  c->audit = g_ptr_array_copy (s->audit, fake_audit_copy, NULL);
  c->review_items = g_ptr_array_copy (s->review_items, review_item_copy, NULL);
  c->reviews = g_ptr_array_copy (s->reviews, review_copy, NULL);
  c->reviewers = g_ptr_array_copy (s->reviewers, fake_counter_copy, NULL);
  c->strata = g_ptr_array_copy (s->strata, fake_counter_copy, NULL);
  g_ptr_array_set_free_func (c->review_items, (GDestroyNotify)limn_server_review_item_free);
  g_ptr_array_set_free_func (c->reviews, (GDestroyNotify)limn_server_review_free);
  g_ptr_array_set_free_func (c->reviewers, (GDestroyNotify)fake_counter_free);
  g_ptr_array_set_free_func (c->strata, (GDestroyNotify)fake_counter_free);
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
  guint      unmodelled;    /* calls of what is not modelled (the team dashboard's) */
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
limn_fake_backend_get_unmodelled_calls (LimnFakeBackend *self)
{
  return self->unmodelled;
}

void
fake_backend_unmodelled (LimnServerTxn *txn)
{
  ((FakeTxn *)txn)->fake->unmodelled++;
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

FakeState *
fake_backend_call (LimnServerTxn  *txn,
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

static void
limn_fake_backend_iface_init (LimnServerBackendInterface *iface)
{
  iface->begin = fake_begin;
  iface->commit = fake_commit;
  iface->end = fake_end;
  fake_backend_calls_init (iface);
}
