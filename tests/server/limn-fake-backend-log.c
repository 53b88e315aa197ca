/* limn-fake-backend-log.c
 *
 * The fake backend's calls for what a batch leaves behind: stored
 * answers under their idempotency keys, the changes feed (numbered per
 * recipient) and the audit log. Split from limn-fake-backend-calls.c,
 * whose conventions it follows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "limn-fake-backend-private.h"

/* Stored answers */

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
  FakeState *s = fake_backend_call (txn, error);
  FakeAnswer *a = s != NULL ? find_answer (s, user_id, key) : NULL;

  *answer = a != NULL ? fake_answer_dup (a->answer) : NULL;
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

  if (!fake_write_call (txn, &s, error) ||
      !fake_refuse_duplicate (find_answer (s, user_id, key) != NULL, "idempotency", error))
    return FALSE;

  a = g_new0 (FakeAnswer, 1);
  a->user_id = g_strdup (user_id);
  a->key = g_strdup (key);
  a->answer = fake_answer_dup (answer);
  a->created_us = now_us;
  g_ptr_array_add (s->answers, a);
  return TRUE;
}

static gboolean
fake_delete_answer (LimnServerTxn  *txn,
                    const char     *user_id,
                    const char     *key,
                    GError        **error)
{
  FakeState *s;
  FakeAnswer *a;

  if (!fake_write_call (txn, &s, error))
    return FALSE;

  a = find_answer (s, user_id, key);
  if (a != NULL)
    g_ptr_array_remove (s->answers, a);
  return TRUE;
}

static gboolean
fake_forget_answers (LimnServerTxn  *txn,
                     gint64          before_us,
                     guint          *n_deleted,
                     GError        **error)
{
  FakeState *s;

  *n_deleted = 0;
  if (!fake_write_call (txn, &s, error))
    return FALSE;

  for (guint i = s->answers->len; i > 0; i--)
    {
      FakeAnswer *a = g_ptr_array_index (s->answers, i - 1);

      if (a->created_us < before_us)
        {
          g_ptr_array_remove_index (s->answers, i - 1);
          (*n_deleted)++;
        }
    }
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

  if (!fake_write_call (txn, &s, error))
    return FALSE;

  c = g_new0 (FakeChange, 1);
  c->seq = ++s->last_seq;
  for (guint i = 0; i < s->changes->len; i++)
    {
      FakeChange *other = g_ptr_array_index (s->changes, i);

      if (g_str_equal (other->recipient, recipient))
        c->recipient_seq = MAX (c->recipient_seq, other->recipient_seq);
    }
  c->recipient_seq++;
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
  FakeState *s = fake_backend_call (txn, error);
  GPtrArray *changes;

  if (s == NULL)
    return NULL;

  changes = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_server_change_free);
  for (guint i = 0; i < s->changes->len && changes->len < limit; i++)
    {
      FakeChange *c = g_ptr_array_index (s->changes, i);
      LimnServerChange *out;

      if (!g_str_equal (c->recipient, recipient) || c->recipient_seq <= since ||
          (project_id != NULL && c->project_id != NULL && !g_str_equal (c->project_id, project_id)))
        continue;

      out = g_new0 (LimnServerChange, 1);
      out->seq = c->recipient_seq;
      out->kind = g_strdup (c->kind);
      out->data = g_strdup (c->data);
      g_ptr_array_add (changes, out);
    }
  return changes;
}

static gboolean
fake_recipient_position (LimnServerTxn  *txn,
                         const char     *recipient,
                         gint64          global_seq,
                         gint64         *position,
                         GError        **error)
{
  FakeState *s = fake_backend_call (txn, error);

  if (s == NULL)
    return FALSE;

  *position = 0;
  for (guint i = 0; i < s->changes->len; i++)
    {
      FakeChange *c = g_ptr_array_index (s->changes, i);

      if (g_str_equal (c->recipient, recipient) && c->seq <= global_seq)
        *position = MAX (*position, c->recipient_seq);
    }
  return TRUE;
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

  if (!fake_write_call (txn, &s, error))
    return FALSE;

  a = g_new0 (FakeAudit, 1);
  a->user_id = g_strdup (user_id);
  a->token_id = g_strdup (token_id);
  a->action = g_strdup (action);
  a->detail = g_strdup (detail_json);
  g_ptr_array_add (s->audit, a);
  return TRUE;
}

void
fake_backend_log_init (LimnServerBackendInterface *iface)
{
  iface->lookup_answer = fake_lookup_answer;
  iface->insert_answer = fake_insert_answer;
  iface->delete_answer = fake_delete_answer;
  iface->forget_answers = fake_forget_answers;
  iface->recipient_position = fake_recipient_position;
  iface->insert_change = fake_insert_change;
  iface->list_changes = fake_list_changes;
  iface->insert_audit = fake_insert_audit;
}
