/* limn-fake-backend-review.c
 *
 * The fake backend's storage calls of review and feedback that the queue
 * rules and reviewer levels use (docs/review.md): review items, task
 * annotations and assignments as the rules read them, verdicts, the audit
 * counters, reviewer levels and members. Threads, notes, acks, guideline
 * publishing and label changes are tested against SQLite only
 * (test-server-review.c) and are left out here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "limn-fake-backend-private.h"

static gboolean
write_call (LimnServerTxn  *txn,
            FakeState     **state,
            GError        **error)
{
  g_assert_cmpint (txn->mode, ==, LIMN_SERVER_TXN_WRITE);
  *state = fake_backend_call (txn, error);
  return *state != NULL;
}

static FakeCounter *
find_counter (GPtrArray  *counters,
              const char *project_id,
              const char *key)
{
  for (guint i = 0; i < counters->len; i++)
    {
      FakeCounter *c = g_ptr_array_index (counters, i);

      if (g_str_equal (c->project_id, project_id) && g_str_equal (c->key, key))
        return c;
    }
  return NULL;
}

static FakeCounter *
add_counter (GPtrArray  *counters,
             const char *project_id,
             const char *key)
{
  FakeCounter *c = find_counter (counters, project_id, key);

  if (c == NULL)
    {
      c = g_new0 (FakeCounter, 1);
      c->project_id = g_strdup (project_id);
      c->key = g_strdup (key);
      g_ptr_array_add (counters, c);
    }
  return c;
}

static GPtrArray *
fake_list_project_members (LimnServerTxn  *txn,
                           const char     *project_id,
                           GError        **error)
{
  FakeState *s = fake_backend_call (txn, error);
  GPtrArray *ids;

  if (s == NULL)
    return NULL;

  ids = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < s->tokens->len; i++)
    {
      FakeToken *t = g_ptr_array_index (s->tokens, i);

      if (!t->revoked && g_strcmp0 (t->project_id, project_id) == 0 &&
          !g_ptr_array_find_with_equal_func (ids, t->user_id, g_str_equal, NULL))
        g_ptr_array_add (ids, g_strdup (t->user_id));
    }
  return ids;
}

static gboolean
fake_get_reviewer_level (LimnServerTxn  *txn,
                         const char     *project_id,
                         const char     *user_id,
                         gint64         *level,
                         GError        **error)
{
  FakeState *s = fake_backend_call (txn, error);
  FakeCounter *c = s != NULL ? find_counter (s->reviewers, project_id, user_id) : NULL;

  *level = c != NULL ? c->a : 0;
  return s != NULL;
}

static gboolean
fake_set_reviewer_level (LimnServerTxn  *txn,
                         const char     *project_id,
                         const char     *user_id,
                         gint64          level,
                         GError        **error)
{
  FakeState *s;

  if (!write_call (txn, &s, error))
    return FALSE;
  add_counter (s->reviewers, project_id, user_id)->a = level;
  return TRUE;
}

static GPtrArray *
fake_task_review_items (LimnServerTxn  *txn,
                        const char     *task_id,
                        GError        **error)
{
  FakeState *s = fake_backend_call (txn, error);
  GPtrArray *items;

  if (s == NULL)
    return NULL;

  items = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_server_review_item_free);
  for (guint i = 0; i < s->review_items->len; i++)
    {
      LimnServerReviewItem *it = g_ptr_array_index (s->review_items, i);

      if (g_str_equal (it->task_id, task_id))
        g_ptr_array_add (items, limn_server_review_item_copy (it));
    }
  return items;
}

static LimnServerReviewItem *
find_review_item (FakeState  *s,
                  const char *id)
{
  for (guint i = 0; i < s->review_items->len; i++)
    {
      LimnServerReviewItem *it = g_ptr_array_index (s->review_items, i);

      if (g_str_equal (it->id, id))
        return it;
    }
  return NULL;
}

static gboolean
fake_get_review_item (LimnServerTxn          *txn,
                      const char             *item_id,
                      LimnServerReviewItem  **item,
                      GError                **error)
{
  FakeState *s = fake_backend_call (txn, error);
  LimnServerReviewItem *it = s != NULL ? find_review_item (s, item_id) : NULL;

  *item = it != NULL ? limn_server_review_item_copy (it) : NULL;
  return s != NULL;
}

/* Without the fields read for people (names, labels): the rules do not
 * use them. */
static GPtrArray *
fake_list_review_items (LimnServerTxn  *txn,
                        const char     *project_id,
                        int             state,
                        GError        **error)
{
  FakeState *s = fake_backend_call (txn, error);
  GPtrArray *items;

  if (s == NULL)
    return NULL;

  items = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_server_review_item_free);
  for (guint i = 0; i < s->review_items->len; i++)
    {
      LimnServerReviewItem *it = g_ptr_array_index (s->review_items, i);

      if (g_str_equal (it->project_id, project_id) &&
          ((state < 0 && it->state != LIMN_SERVER_REVIEW_DECIDED) || (int)it->state == state))
        g_ptr_array_add (items, limn_server_review_item_copy (it));
    }
  return items;
}

static gboolean
fake_insert_review_item (LimnServerTxn               *txn,
                         const LimnServerReviewItem  *item,
                         GError                     **error)
{
  FakeState *s;

  if (!write_call (txn, &s, error))
    return FALSE;

  /* SQLite's partial unique index: one undecided item per task. */
  for (guint i = 0; i < s->review_items->len; i++)
    {
      LimnServerReviewItem *it = g_ptr_array_index (s->review_items, i);

      if (g_str_equal (it->task_id, item->task_id) && it->state != LIMN_SERVER_REVIEW_DECIDED &&
          item->state != LIMN_SERVER_REVIEW_DECIDED)
        {
          g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_INVALID,
                       "UNIQUE constraint failed: review_items.task_id");
          return FALSE;
        }
    }

  g_ptr_array_add (s->review_items, limn_server_review_item_copy (item));
  return TRUE;
}

static gboolean
fake_update_review_item (LimnServerTxn               *txn,
                         const LimnServerReviewItem  *item,
                         GError                     **error)
{
  FakeState *s;
  LimnServerReviewItem *it;

  if (!write_call (txn, &s, error))
    return FALSE;

  it = find_review_item (s, item->id);
  if (it == NULL)
    return TRUE;

  g_free (it->annotation_id);
  it->annotation_id = g_strdup (item->annotation_id);
  g_strfreev (it->reasons);
  it->reasons = g_strdupv (item->reasons);
  it->min_level = item->min_level;
  it->state = item->state;
  g_free (it->holder);
  it->holder = g_strdup (item->holder);
  it->lease_expires_us = item->lease_expires_us;
  it->decided_us = item->decided_us;
  return TRUE;
}

static gboolean
fake_insert_review (LimnServerTxn           *txn,
                    const LimnServerReview  *review,
                    GError                 **error)
{
  FakeState *s;

  if (!write_call (txn, &s, error))
    return FALSE;
  g_ptr_array_add (s->reviews, limn_server_review_copy (review));
  return TRUE;
}

static GPtrArray *
fake_list_task_reviews (LimnServerTxn  *txn,
                        const char     *task_id,
                        GError        **error)
{
  FakeState *s = fake_backend_call (txn, error);
  GPtrArray *reviews;

  if (s == NULL)
    return NULL;

  reviews = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_server_review_free);
  for (guint i = 0; i < s->reviews->len; i++)
    {
      LimnServerReview *r = g_ptr_array_index (s->reviews, i);

      if (g_strcmp0 (r->task_id, task_id) == 0)
        g_ptr_array_add (reviews, limn_server_review_copy (r));
    }
  return reviews;
}

/* The fake keeps of an annotation what the rules read: whose, its state
 * and its regions. */
static GPtrArray *
fake_list_task_annotations (LimnServerTxn  *txn,
                            const char     *task_id,
                            GError        **error)
{
  FakeState *s = fake_backend_call (txn, error);
  GPtrArray *annotations;

  if (s == NULL)
    return NULL;

  annotations = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_server_annotation_free);
  for (guint i = 0; i < s->items->len; i++)
    {
      FakeItem *item = g_ptr_array_index (s->items, i);
      LimnServerAnnotation *a;

      if (item->kind != LIMN_BATCH_ITEM_ANNOTATION || g_strcmp0 (item->task_id, task_id) != 0)
        continue;

      a = g_new0 (LimnServerAnnotation, 1);
      a->id = g_strdup (item->id);
      a->task_id = g_strdup (item->task_id);
      a->project_id = g_strdup (item->project_id);
      a->annotator = g_strdup (item->owner);
      a->annotator_name = g_strdup (fake_find_user (s, item->owner, NULL)->name);
      a->author = g_strdup (item->owner);
      a->author_name = g_strdup (a->annotator_name);
      a->revision = 1;
      a->guideline_version = -1;
      a->state = g_strdup (item->conflicted ? "conflicted" : "submitted");
      a->confidence = -1;
      a->regions = g_strdup (item->regions ? item->regions : "[]");
      g_ptr_array_add (annotations, a);
    }
  return annotations;
}

static GPtrArray *
fake_task_leases (LimnServerTxn  *txn,
                  const char     *task_id,
                  GError        **error)
{
  FakeState *s = fake_backend_call (txn, error);
  GPtrArray *leases;

  if (s == NULL)
    return NULL;

  leases = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_server_lease_free);
  for (guint i = 0; i < s->leases->len; i++)
    {
      LimnServerLease *l = g_ptr_array_index (s->leases, i);

      if (g_str_equal (l->task_id, task_id))
        g_ptr_array_add (leases, fake_lease_copy (l, NULL));
    }
  return leases;
}

static gboolean
fake_set_lease_rework (LimnServerTxn  *txn,
                       const char     *assignment_id,
                       gboolean        rework,
                       gint64          lease_expires_us,
                       GError        **error)
{
  FakeState *s;

  if (!write_call (txn, &s, error))
    return FALSE;

  for (guint i = 0; i < s->leases->len; i++)
    {
      LimnServerLease *l = g_ptr_array_index (s->leases, i);

      if (!g_str_equal (l->id, assignment_id))
        continue;
      l->rework = rework;
      if (rework)
        {
          l->state = LIMN_SERVER_LEASE_ASSIGNED;
          l->lease_expires_us = lease_expires_us;
        }
    }
  return TRUE;
}

static gboolean
fake_latest_guideline_version (LimnServerTxn  *txn,
                               const char     *project_id,
                               gint64         *version,
                               GError        **error)
{
  FakeState *s = fake_backend_call (txn, error);
  LimnServerProject *p = s != NULL ? fake_find_project (s, project_id) : NULL;

  *version = p != NULL ? p->guideline_version : 0;
  return s != NULL;
}

/* Guideline experiments are tested on SQLite (test-server-experiments):
 * here none ever runs, which is what a claim asks. */
static gboolean
fake_running_experiment (LimnServerTxn          *txn,
                         const char             *project_id,
                         LimnServerExperiment  **experiment,
                         GError                **error)
{
  *experiment = NULL;
  return fake_backend_call (txn, error) != NULL;
}

static gboolean
fake_get_audit_stratum (LimnServerTxn  *txn,
                        const char     *project_id,
                        const char     *stratum,
                        gint64         *seen,
                        gint64         *sampled,
                        GError        **error)
{
  FakeState *s = fake_backend_call (txn, error);
  FakeCounter *c = s != NULL ? find_counter (s->strata, project_id, stratum) : NULL;

  *seen = c != NULL ? c->a : 0;
  *sampled = c != NULL ? c->b : 0;
  return s != NULL;
}

static gboolean
fake_set_audit_stratum (LimnServerTxn  *txn,
                        const char     *project_id,
                        const char     *stratum,
                        gint64          seen,
                        gint64          sampled,
                        GError        **error)
{
  FakeState *s;
  FakeCounter *c;

  if (!write_call (txn, &s, error))
    return FALSE;
  c = add_counter (s->strata, project_id, stratum);
  c->a = seen;
  c->b = sampled;
  return TRUE;
}

/* The team dashboard's calls (issue 19) are not modelled here: the rules
 * of claims, leases and batches never reach them (each call is counted,
 * and test-server-rules asserts after every fake test that none was
 * made: the dashboard's figures are computed after the fact, from what
 * the rules stored), and the dashboard is tested on SQLite
 * (test-server-dashboard). Each says so rather than pretend. */
static gboolean
fake_not_modelled (LimnServerTxn  *txn,
                   GError        **error)
{
  fake_backend_unmodelled (txn);
  g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_NOT_SUPPORTED,
               "the fake backend does not model the team dashboard");
  return FALSE;
}

static LimnServerTeamData *
fake_team_data (LimnServerTxn *txn, const char *project_id, GError **error)
{
  fake_not_modelled (txn, error);
  return NULL;
}

static gboolean
fake_team_version (LimnServerTxn *txn, const char *project_id, gint64 *version, GError **error)
{
  *version = -1;
  return fake_not_modelled (txn, error);
}

static GPtrArray *
fake_list_project_staff (LimnServerTxn *txn, const char *project_id, GError **error)
{
  fake_not_modelled (txn, error);
  return NULL;
}

static gboolean
fake_get_meta (LimnServerTxn *txn, const char *key, GBytes **value, GError **error)
{
  *value = NULL;
  return fake_not_modelled (txn, error);
}

static gboolean
fake_insert_meta (LimnServerTxn *txn, const char *key, GBytes *value, gboolean *inserted,
                  GError **error)
{
  return fake_not_modelled (txn, error);
}

static GPtrArray *
fake_list_alerts (LimnServerTxn *txn, const char *project_id, gboolean active_only,
                  GError **error)
{
  fake_not_modelled (txn, error);
  return NULL;
}

static gboolean
fake_insert_alert (LimnServerTxn *txn, const LimnServerAlert *alert, GError **error)
{
  return fake_not_modelled (txn, error);
}

static gboolean
fake_update_alert (LimnServerTxn *txn, const LimnServerAlert *alert, GError **error)
{
  return fake_not_modelled (txn, error);
}

void
fake_backend_review_init (LimnServerBackendInterface *iface)
{
  iface->list_project_members = fake_list_project_members;
  iface->get_reviewer_level = fake_get_reviewer_level;
  iface->set_reviewer_level = fake_set_reviewer_level;
  iface->task_review_items = fake_task_review_items;
  iface->get_review_item = fake_get_review_item;
  iface->list_review_items = fake_list_review_items;
  iface->insert_review_item = fake_insert_review_item;
  iface->update_review_item = fake_update_review_item;
  iface->insert_review = fake_insert_review;
  iface->list_task_reviews = fake_list_task_reviews;
  iface->list_task_annotations = fake_list_task_annotations;
  iface->task_leases = fake_task_leases;
  iface->set_lease_rework = fake_set_lease_rework;
  iface->latest_guideline_version = fake_latest_guideline_version;
  iface->running_experiment = fake_running_experiment;
  iface->get_audit_stratum = fake_get_audit_stratum;
  iface->set_audit_stratum = fake_set_audit_stratum;
  iface->team_data = fake_team_data;
  iface->team_version = fake_team_version;
  iface->list_project_staff = fake_list_project_staff;
  iface->get_meta = fake_get_meta;
  iface->insert_meta = fake_insert_meta;
  iface->list_alerts = fake_list_alerts;
  iface->insert_alert = fake_insert_alert;
  iface->update_alert = fake_update_alert;
}
