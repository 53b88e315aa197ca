/* limn-server-experiments.c
 *
 * Guideline experiments: start (split and pool), status (and the stop
 * rule), the result through the core, accept or reject (the pilot gate),
 * and what an arm's member is served while one runs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "analytics/limn-guideline-experiment.h"
#include "json/limn-json-writer.h"
#include "limn-server-audit.h"
#include "limn-server-experiments.h"
#include "limn-server-gold.h"
#include "limn-server-review.h"
#include "limn-server-team.h"

#define DAY_US (G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC)

static gboolean
fail (GError     **error,
      const char  *format,
      ...) G_GNUC_PRINTF (2, 3);

static gboolean
fail (GError     **error,
      const char  *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, message);
  return FALSE;
}

static char *
user_id_of (LimnServerTxn  *txn,
            const char     *name,
            GError        **error)
{
  g_autofree char *id = NULL;

  if (!txn->store->lookup_user (txn, name, &id, error))
    return NULL;
  if (id == NULL)
    g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_NOT_FOUND,
                 _("There is no user “%s”."), name);
  return g_steal_pointer (&id);
}

static LimnServerExperiment *
get_experiment (LimnServerTxn  *txn,
                const char     *id,
                GError        **error)
{
  LimnServerExperiment *e = NULL;

  if (!txn->store->get_experiment (txn, id, &e, error))
    return NULL;
  if (e == NULL)
    g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_NOT_FOUND,
                 _("There is no experiment “%s”."), id);
  return e;
}

static JsonNode *
parse_json (const char *text)
{
  return json_from_string (text != NULL ? text : "null", NULL);
}

/* user id → 'a' or 'b' (as a GUINT_TO_POINTER of the char). */
static GHashTable *
arms_of (const LimnServerExperiment *e)
{
  g_autoptr(JsonNode) node = parse_json (e->arms);
  GHashTable *arms = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonObjectIter iter;
  const char *user;
  JsonNode *arm;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return arms;
  json_object_iter_init (&iter, json_node_get_object (node));
  while (json_object_iter_next (&iter, &user, &arm))
    {
      const char *s = JSON_NODE_HOLDS_VALUE (arm) ? json_node_get_string (arm) : NULL;

      if (g_strcmp0 (s, "a") == 0 || g_strcmp0 (s, "b") == 0)
        g_hash_table_insert (arms, g_strdup (user), GUINT_TO_POINTER ((guint)s[0]));
    }
  return arms;
}

static GPtrArray *
pool_of (const LimnServerExperiment *e)
{
  g_autoptr(JsonNode) node = parse_json (e->pool);
  GPtrArray *pool = g_ptr_array_new_with_free_func (g_free);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return pool;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
    {
      const char *id = json_array_get_string_element (json_node_get_array (node), i);

      if (id != NULL)
        g_ptr_array_add (pool, g_strdup (id));
    }
  return pool;
}

/* Split */

typedef struct
{
  const char *user;
  double      accuracy;  /* NaN: no gold answers yet */
} Member;

static int
by_accuracy (gconstpointer pa,
             gconstpointer pb)
{
  const Member *a = pa, *b = pb;

  /* Best first, those without gold last, then by id: a stable order. */
  if (isnan (a->accuracy) != isnan (b->accuracy))
    return isnan (a->accuracy) ? 1 : -1;
  if (!isnan (a->accuracy) && a->accuracy != b->accuracy)
    return a->accuracy > b->accuracy ? -1 : 1;
  return g_strcmp0 (a->user, b->user);
}

static gint
compare_ids (gconstpointer a,
             gconstpointer b)
{
  return g_strcmp0 (*(char * const *)a, *(char * const *)b);
}

/* Annotators of the project: members who may not review. */
static GPtrArray *
annotators_of (LimnServerTxn  *txn,
               const char     *project_id,
               GError        **error)
{
  g_autoptr(GPtrArray) members = txn->store->list_project_members (txn, project_id, error);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_free);

  if (members == NULL)
    return NULL;
  for (guint i = 0; i < members->len; i++)
    {
      const char *user = g_ptr_array_index (members, i);
      gboolean may = FALSE;

      if (!txn->store->user_may_review (txn, user, project_id, &may, error))
        return NULL;
      if (!may)
        g_ptr_array_add (out, g_strdup (user));
    }
  g_ptr_array_sort (out, compare_ids);
  return g_steal_pointer (&out);
}

/* Random: shuffled, then A, B, A, B… Balanced by past gold accuracy:
 * sorted best first, and each pair in that order split one to each arm,
 * which one by a coin, so the arms' accuracies match pair by pair. */
static JsonObject *
split_arms (GPtrArray                 *users,
            const LimnServerTeamReport *report,
            gboolean                   balanced,
            guint32                    seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GArray) m = g_array_new (FALSE, FALSE, sizeof (Member));
  JsonObject *arms = json_object_new ();

  for (guint i = 0; i < users->len; i++)
    {
      Member member = { g_ptr_array_index (users, i), NAN };

      for (guint j = 0; report != NULL && j < report->members->len; j++)
        {
          const LimnServerTeamMember *t = g_ptr_array_index (report->members, j);

          if (g_str_equal (t->user_id, member.user))
            member.accuracy = t->gold.estimate;
        }
      g_array_append_val (m, member);
    }

  if (balanced)
    {
      g_array_sort (m, by_accuracy);
      for (guint i = 0; i < m->len; i += 2)
        {
          gboolean swap = g_rand_boolean (rand);

          for (guint j = i; j < MIN (i + 2, m->len); j++)
            json_object_set_string_member (arms, g_array_index (m, Member, j).user,
                                           ((j - i) == 1) != swap ? "b" : "a");
        }
    }
  else
    {
      for (guint i = m->len; i > 1; i--)
        {
          guint j = (guint)g_rand_int_range (rand, 0, (gint32)i);
          Member tmp = g_array_index (m, Member, i - 1);

          g_array_index (m, Member, i - 1) = g_array_index (m, Member, j);
          g_array_index (m, Member, j) = tmp;
        }
      for (guint i = 0; i < m->len; i++)
        json_object_set_string_member (arms, g_array_index (m, Member, i).user,
                                       i % 2 == 0 ? "a" : "b");
    }
  return arms;
}

/* The pool: @items tasks nobody has been assigned, gold among them at
 * the project's gold rate (gold tasks are shared anyway). */
static JsonArray *
choose_pool (LimnServerTxn             *txn,
             const LimnServerProject   *project,
             gint64                     items,
             GError                   **error)
{
  g_autoptr(GPtrArray) normal = NULL;
  g_autoptr(GPtrArray) gold = NULL;
  JsonArray *pool;
  guint n_gold = (guint)llround (items * project->settings.gold_rate);

  gold = txn->store->candidate_tasks (txn, project->id, "", TRUE, 0, n_gold, error);
  if (gold == NULL)
    return NULL;
  normal = txn->store->candidate_tasks (txn, project->id, "", FALSE, 1,
                                        (guint)(items - gold->len), error);
  if (normal == NULL)
    return NULL;
  if ((gint64)(normal->len + gold->len) < items)
    {
      fail (error, _("The project has %u tasks nobody has started; the pool needs %" PRId64 "."),
            normal->len + gold->len, items);
      return NULL;
    }
  pool = json_array_new ();
  for (guint i = 0; i < gold->len; i++)
    json_array_add_string_element (pool, g_ptr_array_index (gold, i));
  for (guint i = 0; i < normal->len; i++)
    json_array_add_string_element (pool, g_ptr_array_index (normal, i));
  return pool;
}

static char *
object_text (JsonObject *o)
{
  return limn_json_writer_object_to_string (o);
}

static char *
array_text (JsonArray *a)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);

  json_node_set_array (node, a);
  return json_to_string (node, FALSE);
}

/* JSON */

static JsonObject *
experiment_to_json (const LimnServerExperiment *e)
{
  JsonObject *o = json_object_new ();
  g_autoptr(GHashTable) arms = arms_of (e);
  g_autoptr(GPtrArray) pool = pool_of (e);
  JsonArray *a = json_array_new (), *b = json_array_new ();
  g_autoptr(GList) users = g_list_sort (g_hash_table_get_keys (arms), (GCompareFunc)g_strcmp0);
  JsonObject *members = json_object_new ();

  json_object_set_string_member (o, "id", e->id);
  json_object_set_string_member (o, "project_id", e->project_id);
  json_object_set_string_member (o, "state", e->state);
  json_object_set_int_member (o, "version_a", e->version_a);
  if (e->version_b > 0)
    json_object_set_int_member (o, "version_b", e->version_b);
  else
    json_object_set_null_member (o, "version_b");
  json_object_set_boolean_member (o, "draft", e->version_b <= 0);
  json_object_set_string_member (o, "split", e->split);
  json_object_set_int_member (o, "per_arm", e->per_arm);
  json_object_set_int_member (o, "items", e->stop_items);
  if (e->stop_days > 0)
    json_object_set_int_member (o, "days", e->stop_days);
  else
    json_object_set_null_member (o, "days");
  for (GList *l = users; l != NULL; l = l->next)
    json_array_add_string_element (GPOINTER_TO_UINT (g_hash_table_lookup (arms, l->data)) == 'a'
                                   ? a : b, l->data);
  json_object_set_array_member (members, "a", a);
  json_object_set_array_member (members, "b", b);
  json_object_set_object_member (o, "arms", members);
  json_object_set_int_member (o, "pool", pool->len);
  json_object_set_int_member (o, "seed", e->seed);
  json_object_set_string_member (o, "started_by", e->started_by);
  json_object_set_int_member (o, "started_us", e->started_us);
  if (e->ended_us > 0)
    json_object_set_int_member (o, "ended_us", e->ended_us);
  else
    json_object_set_null_member (o, "ended_us");
  if (e->decided_by != NULL)
    {
      json_object_set_string_member (o, "decided_by", e->decided_by);
      json_object_set_int_member (o, "decided_us", e->decided_us);
    }
  if (e->published_version > 0)
    json_object_set_int_member (o, "published_version", e->published_version);
  return o;
}

static void
set_number (JsonObject *o,
            const char *member,
            double      value)
{
  if (isnan (value))
    json_object_set_null_member (o, member);
  else
    json_object_set_double_member (o, member, value);
}

static JsonObject *
effect_to_json (const LimnExperimentEffect *e)
{
  JsonObject *o = json_object_new ();

  set_number (o, "estimate", e->estimate);
  set_number (o, "low", e->low);
  set_number (o, "high", e->high);
  set_number (o, "a", e->mean_a);
  set_number (o, "b", e->mean_b);
  json_object_set_int_member (o, "items", e->items);
  json_object_set_boolean_member (o, "clear", limn_experiment_effect_is_clear (e));
  return o;
}

/* The result */

typedef struct
{
  JsonObject *result;
  guint       complete;  /* pool tasks with per_arm answers from each arm */
} Outcome;

/* Presence of each project label among @regions_json's regions. */
static void
presence_of_json (const LimnServerProject *project,
                  const char              *regions_json,
                  gboolean                *has)
{
  g_autoptr(JsonNode) root = parse_json (regions_json);
  JsonNode *node = root;
  JsonArray *regions;

  memset (has, 0, sizeof (gboolean) * project->labels->len);
  /* A gold answer is {"regions": […]}; an answer's regions a bare array. */
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    node = json_object_get_member (json_node_get_object (node), "regions");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return;
  regions = json_node_get_array (node);
  for (guint r = 0; r < json_array_get_length (regions); r++)
    {
      JsonNode *n = json_array_get_element (regions, r);
      const char *label;

      if (!JSON_NODE_HOLDS_OBJECT (n))
        continue;
      label = json_object_get_string_member_with_default (json_node_get_object (n), "label", NULL);
      for (guint k = 0; label != NULL && k < project->labels->len; k++)
        if (g_str_equal (((LimnServerLabel *)g_ptr_array_index (project->labels, k))->id, label))
          has[k] = TRUE;
    }
}

static gboolean
compute (const LimnServerExperiment *e,
         const LimnServerProject    *project,
         const LimnServerTeamData   *data,
         Outcome                    *out,
         GError                    **error)
{
  g_autoptr(GHashTable) arms = arms_of (e);
  g_autoptr(GPtrArray) pool = pool_of (e);
  g_autoptr(GHashTable) item_of = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(LimnGuidelineExperiment) exp = NULL;
  g_autoptr(LimnExperimentResult) r = NULL;
  g_autofree guint *item_of_task = NULL;
  g_autofree guint *label_of = NULL;
  g_autofree guint *counts = NULL;
  g_autofree gboolean *has = NULL;
  g_autofree char *verdict = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GHashTable) project_label = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *labels;
  JsonObject *result = json_object_new ();
  guint n_labels = project->labels->len;
  guint answers[2] = { 0, 0 };

  out->result = result;
  out->complete = 0;
  for (guint i = 0; i < pool->len; i++)
    g_hash_table_insert (item_of, g_ptr_array_index (pool, i), GUINT_TO_POINTER (i + 1));
  for (guint k = 0; k < n_labels; k++)
    {
      LimnServerLabel *label = g_ptr_array_index (project->labels, k);

      g_ptr_array_add (names, label->name);
      g_hash_table_insert (project_label, label->id, GUINT_TO_POINTER (k + 1));
    }
  label_of = g_new0 (guint, data->labels->len + 1);
  for (guint l = 0; l < data->labels->len; l++)
    label_of[l] = GPOINTER_TO_UINT (g_hash_table_lookup (project_label,
                                                         g_ptr_array_index (data->labels, l)));

  exp = limn_guideline_experiment_new (pool->len, n_labels);
  has = g_new0 (gboolean, MAX (n_labels, 1));
  item_of_task = g_new0 (guint, data->task_ids->len + 1);
  for (guint t = 0; t < data->task_ids->len; t++)
    {
      guint item = GPOINTER_TO_UINT (g_hash_table_lookup (item_of,
                                                          g_ptr_array_index (data->task_ids, t)));
      const char *gold = g_ptr_array_index (data->gold_answers, t);

      item_of_task[t] = item;
      if (item > 0 && gold != NULL)
        {
          presence_of_json (project, gold, has);
          if (!limn_guideline_experiment_set_gold (exp, item - 1, has, error))
            return FALSE;
        }
    }

  counts = g_new0 (guint, MAX ((gsize)pool->len * 2, 1));
  for (guint i = 0; i < data->answers->len; i++)
    {
      const LimnServerTeamAnswer *a = &g_array_index (data->answers, LimnServerTeamAnswer, i);
      guint item = item_of_task[a->task];
      guint arm_char = GPOINTER_TO_UINT (g_hash_table_lookup (arms,
                                                              g_ptr_array_index (data->annotators,
                                                                                 a->annotator)));
      LimnExperimentArm arm = arm_char == 'b' ? LIMN_EXPERIMENT_ARM_B : LIMN_EXPERIMENT_ARM_A;
      const char *gold;
      int right = -1;

      /* Only the arms' first answers to the pool since the start count. */
      if (item == 0 || arm_char == 0 || a->received_us < e->started_us)
        continue;
      memset (has, 0, sizeof (gboolean) * MAX (n_labels, 1));
      for (guint r = 0; r < a->n_regions; r++)
        {
          guint k = label_of[g_array_index (data->region_labels, guint, a->first_region + r)];

          if (k > 0)
            has[k - 1] = TRUE;
        }
      gold = g_ptr_array_index (data->gold_answers, a->task);
      if (gold != NULL)
        {
          /* The team dashboard's rule: region F1 against gold at least the
           * agreement threshold (docs/metrics.md §9). */
          g_autoptr(JsonNode) root = parse_json (gold);
          JsonNode *regions = root && JSON_NODE_HOLDS_OBJECT (root)
                              ? json_object_get_member (json_node_get_object (root), "regions")
                              : NULL;
          g_autofree char *gold_regions = regions ? json_to_string (regions, FALSE)
                                                  : g_strdup ("[]");
          double f1 = 0;

          if (!limn_server_regions_f1 (gold_regions, a->regions, project->settings.match_iou,
                                       &f1, error))
            return FALSE;
          right = f1 >= project->settings.agreement_threshold;
        }
      if (!limn_guideline_experiment_add_answer (exp, item - 1, arm, has, right, error))
        return FALSE;
      counts[(item - 1) * 2 + arm]++;
      answers[arm]++;
    }
  for (guint i = 0; i < pool->len; i++)
    if (counts[i * 2] >= e->per_arm && counts[i * 2 + 1] >= e->per_arm)
      out->complete++;

  /* The start's seed: the same answers give the same intervals. */
  r = limn_guideline_experiment_compute (exp, LIMN_SERVER_EXPERIMENT_RESAMPLES,
                                         (guint32)e->seed, error);
  if (r == NULL)
    return FALSE;
  verdict = limn_experiment_result_verdict (r, (const char * const *)names->pdata);

  labels = json_array_new ();
  json_object_set_object_member (result, "agreement", effect_to_json (&r->agreement));
  json_object_set_object_member (result, "gold_accuracy", effect_to_json (&r->gold));
  for (guint k = 0; k < n_labels; k++)
    {
      LimnServerLabel *label = g_ptr_array_index (project->labels, k);
      JsonObject *l = json_object_new ();

      json_object_set_string_member (l, "id", label->id);
      json_object_set_string_member (l, "name", label->name);
      json_object_set_object_member (l, "agreement", effect_to_json (&r->label_agreement[k]));
      json_object_set_object_member (l, "gold_accuracy", effect_to_json (&r->label_gold[k]));
      json_array_add_object_element (labels, l);
    }
  json_object_set_array_member (result, "labels", labels);
  json_object_set_string_member (result, "verdict", verdict);
  json_object_set_int_member (result, "answers_a", answers[0]);
  json_object_set_int_member (result, "answers_b", answers[1]);
  json_object_set_int_member (result, "complete_items", out->complete);
  json_object_set_int_member (result, "resamples", r->resamples);
  return TRUE;
}

/* Reads what the result needs and computes it; ends the experiment when
 * its stop rule holds. The caller commits. */
static gboolean
refresh (LimnServerTxn         *txn,
         LimnServerExperiment  *e,
         gint64                 now_us,
         JsonObject           **result,
         GError               **error)
{
  g_autoptr(LimnServerProject) project = NULL;
  g_autoptr(LimnServerTeamData) data = NULL;
  g_autoptr(GPtrArray) pool = pool_of (e);
  Outcome out = { NULL, 0 };
  gboolean stop;

  *result = NULL;
  if (!txn->store->get_project (txn, e->project_id, &project, error))
    return FALSE;
  if (project == NULL)
    return fail (error, _("There is no project “%s”."), e->project_id);
  data = txn->store->team_data (txn, e->project_id, error);
  if (data == NULL)
    return FALSE;
  if (!compute (e, project, data, &out, error))
    {
      g_clear_pointer (&out.result, json_object_unref);
      return FALSE;
    }
  *result = out.result;

  if (!g_str_equal (e->state, "running"))
    return TRUE;
  stop = out.complete >= pool->len ||
         (e->stop_days > 0 && now_us >= e->started_us + e->stop_days * DAY_US);
  if (!stop)
    return TRUE;
  g_free (e->state);
  e->state = g_strdup ("done");
  e->ended_us = now_us;
  g_free (e->result);
  e->result = object_text (out.result);
  return txn->store->update_experiment (txn, e, error);
}

/* Entry points */

JsonObject *
limn_server_experiments_start (LimnServerBackend                *backend,
                               const LimnServerExperimentStart  *s,
                               gint64                            now_us,
                               GError                          **error)
{
  g_autoptr(LimnServerTxn) txn = limn_server_backend_begin (backend, LIMN_SERVER_TXN_WRITE, error);
  g_autoptr(LimnServerProject) project = NULL;
  g_autoptr(LimnServerExperiment) running = NULL;
  g_autoptr(LimnServerTeamReport) report = NULL;
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(JsonObject) arms = NULL;
  g_autoptr(JsonObject) detail = limn_server_audit_admin_detail ();
  g_autofree char *body_a = NULL, *body_b = NULL, *by = NULL;
  g_autofree char *id = g_uuid_string_random ();
  LimnServerExperiment e = { 0 };
  JsonArray *pool;
  gboolean balanced;
  gint64 latest;

  if (txn == NULL || !txn->store->get_project (txn, s->project_id, &project, error))
    return NULL;
  if (project == NULL)
    {
      g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_NOT_FOUND,
                   _("There is no project “%s”."), s->project_id);
      return NULL;
    }
  by = user_id_of (txn, s->by, error);
  if (by == NULL)
    return NULL;
  if (!g_str_equal (s->split, "random") && !g_str_equal (s->split, "balanced"))
    {
      fail (error, _("The split is random or balanced, not “%s”."), s->split);
      return NULL;
    }
  balanced = g_str_equal (s->split, "balanced");
  if (s->per_arm < 2 || s->items < 1 || s->days < 0)
    {
      fail (error, _("An experiment needs at least 2 answers per task from each arm and a "
                     "pool of at least one task."));
      return NULL;
    }
  if (!txn->store->running_experiment (txn, s->project_id, &running, error))
    return NULL;
  if (running != NULL)
    {
      fail (error, _("Experiment %s is already running in this project."), running->id);
      return NULL;
    }

  /* Version a is what everyone has now: the latest. */
  if (!txn->store->latest_guideline_version (txn, s->project_id, &latest, error))
    return NULL;
  e.version_a = s->version_a > 0 ? s->version_a : latest;
  if (latest == 0)
    {
      fail (error, _("The project has no guidelines yet: publish version a first."));
      return NULL;
    }
  if (e.version_a != latest)
    {
      fail (error, _("Version a must be the project's current guidelines (version %" PRId64 ")."),
            latest);
      return NULL;
    }
  if (!txn->store->get_guideline (txn, s->project_id, e.version_a, &body_a, NULL, error))
    return NULL;
  if (s->version_b > 0)
    {
      if (!txn->store->get_guideline (txn, s->project_id, s->version_b, &body_b, NULL, error))
        return NULL;
      if (body_b == NULL || s->version_b == e.version_a)
        {
          fail (error, _("Version b must be another published version or a draft file."));
          return NULL;
        }
    }
  else if (s->draft == NULL || *s->draft == '\0')
    {
      fail (error, _("Give version b: --version-b N or --draft FILE.md."));
      return NULL;
    }

  users = annotators_of (txn, s->project_id, error);
  if (users == NULL)
    return NULL;
  if (users->len < 2 * (guint)s->per_arm)
    {
      fail (error, _("The project has %u annotators: each arm needs at least %" PRId64 "."),
            users->len, s->per_arm);
      return NULL;
    }
  pool = choose_pool (txn, project, s->items, error);
  if (pool == NULL)
    return NULL;

  if (balanced)
    {
      /* Past gold accuracy as the team dashboard computes it; its own read. */
      g_clear_pointer (&txn, limn_server_txn_end);
      report = limn_server_team_compute (backend, s->project_id, 30, now_us, error);
      if (report == NULL)
        {
          json_array_unref (pool);
          return NULL;
        }
      txn = limn_server_backend_begin (backend, LIMN_SERVER_TXN_WRITE, error);
      if (txn == NULL)
        {
          json_array_unref (pool);
          return NULL;
        }
    }
  arms = split_arms (users, report, balanced, s->seed);

  e.id = id;
  e.project_id = (char *)s->project_id;
  e.state = (char *)"running";
  e.version_b = s->version_b > 0 ? s->version_b : 0;
  e.draft = s->version_b > 0 ? NULL : (char *)s->draft;
  e.split = (char *)s->split;
  e.per_arm = s->per_arm;
  e.stop_items = json_array_get_length (pool);
  e.stop_days = s->days;
  e.arms = object_text (arms);
  e.pool = array_text (pool);
  e.started_by = by;
  e.started_us = now_us;
  e.seed = s->seed;
  json_array_unref (pool);

  json_object_set_string_member (detail, "project_id", s->project_id);
  json_object_set_string_member (detail, "experiment_id", id);
  if (!txn->store->insert_experiment (txn, &e, error) ||
      !limn_server_audit_add (txn, NULL, "experiment.start", detail, error) ||
      !limn_server_txn_commit (txn, error))
    {
      g_free (e.arms);
      g_free (e.pool);
      return NULL;
    }
  {
    JsonObject *out = experiment_to_json (&e);

    g_free (e.arms);
    g_free (e.pool);
    return out;
  }
}

JsonObject *
limn_server_experiments_status (LimnServerBackend  *backend,
                                const char         *experiment_id,
                                gint64              now_us,
                                GError            **error)
{
  g_autoptr(LimnServerTxn) txn = limn_server_backend_begin (backend, LIMN_SERVER_TXN_WRITE, error);
  g_autoptr(LimnServerExperiment) e = NULL;
  g_autoptr(JsonObject) result = NULL;
  JsonObject *out, *progress;

  if (txn == NULL || (e = get_experiment (txn, experiment_id, error)) == NULL ||
      !refresh (txn, e, now_us, &result, error) || !limn_server_txn_commit (txn, error))
    return NULL;
  out = experiment_to_json (e);
  progress = json_object_new ();
  json_object_set_int_member (progress, "complete_items",
                              json_object_get_int_member (result, "complete_items"));
  json_object_set_int_member (progress, "answers_a", json_object_get_int_member (result, "answers_a"));
  json_object_set_int_member (progress, "answers_b", json_object_get_int_member (result, "answers_b"));
  json_object_set_object_member (out, "progress", progress);
  return out;
}

JsonObject *
limn_server_experiments_result (LimnServerBackend  *backend,
                                const char         *experiment_id,
                                gint64              now_us,
                                GError            **error)
{
  g_autoptr(LimnServerTxn) txn = limn_server_backend_begin (backend, LIMN_SERVER_TXN_WRITE, error);
  g_autoptr(LimnServerExperiment) e = NULL;
  g_autoptr(JsonObject) computed = NULL;
  g_autoptr(JsonNode) kept = NULL;
  JsonObject *out;

  if (txn == NULL || (e = get_experiment (txn, experiment_id, error)) == NULL)
    return NULL;
  if (g_str_equal (e->state, "running"))
    {
      if (!refresh (txn, e, now_us, &computed, error) || !limn_server_txn_commit (txn, error))
        return NULL;
    }
  out = experiment_to_json (e);
  /* Once done, the result is the one kept: the same numbers every time. */
  kept = e->result != NULL ? parse_json (e->result) : NULL;
  if (kept != NULL && JSON_NODE_HOLDS_OBJECT (kept))
    json_object_set_object_member (out, "result", json_object_ref (json_node_get_object (kept)));
  else if (computed != NULL)
    json_object_set_object_member (out, "result", json_object_ref (computed));
  else
    json_object_set_null_member (out, "result");
  json_object_set_boolean_member (out, "interim", g_str_equal (e->state, "running"));
  return out;
}

JsonObject *
limn_server_experiments_decide (LimnServerBackend  *backend,
                                const char         *experiment_id,
                                const char         *by_name,
                                gboolean            accept,
                                gint64              now_us,
                                GError            **error)
{
  g_autoptr(LimnServerTxn) txn = limn_server_backend_begin (backend, LIMN_SERVER_TXN_WRITE, error);
  g_autoptr(LimnServerExperiment) e = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(JsonObject) detail = limn_server_audit_admin_detail ();
  g_autofree char *by = NULL, *body = NULL;
  gint64 published = 0;

  if (txn == NULL || (e = get_experiment (txn, experiment_id, error)) == NULL ||
      (by = user_id_of (txn, by_name, error)) == NULL)
    return NULL;
  if (g_str_equal (e->state, "running") && !refresh (txn, e, now_us, &result, error))
    return NULL;
  if (!g_str_equal (e->state, "done"))
    {
      fail (error, _("Experiment “%s” is %s: only a done experiment can be %s."), e->id,
            e->state, accept ? _("accepted") : _("rejected"));
      return NULL;
    }
  if (accept)
    {
      if (e->version_b > 0 &&
          !txn->store->get_guideline (txn, e->project_id, e->version_b, &body, NULL, error))
        return NULL;
      if (e->version_b <= 0)
        body = g_strdup (e->draft);
    }
  /* Publishing is its own transaction: end this one first. */
  g_clear_pointer (&txn, limn_server_txn_end);
  if (accept && body != NULL)
    {
      g_autoptr(GBytes) answer = NULL;
      g_autofree char *summary = g_strdup_printf ("Accepted from guideline experiment %s",
                                                  e->id);

      if (!limn_server_review_publish_guidelines (backend, NULL, NULL, NULL, e->project_id, body,
                                                  summary, NULL, NULL, now_us, &published, &answer,
                                                  error))
        return NULL;
    }

  txn = limn_server_backend_begin (backend, LIMN_SERVER_TXN_WRITE, error);
  if (txn == NULL)
    return NULL;
  g_free (e->state);
  e->state = g_strdup (accept ? "accepted" : "rejected");
  g_free (e->decided_by);
  e->decided_by = g_steal_pointer (&by);
  e->decided_us = now_us;
  e->published_version = published;
  json_object_set_string_member (detail, "project_id", e->project_id);
  json_object_set_string_member (detail, "experiment_id", e->id);
  if (published > 0)
    json_object_set_int_member (detail, "published_version", published);
  if (!txn->store->update_experiment (txn, e, error) ||
      !limn_server_audit_add (txn, NULL, accept ? "experiment.accept" : "experiment.reject",
                              detail, error) ||
      !limn_server_txn_commit (txn, error))
    return NULL;
  return experiment_to_json (e);
}

gboolean
limn_server_experiments_guidelines_for (LimnServerBackend  *backend,
                                        LimnServerProject  *project,
                                        const char         *user_id,
                                        GError            **error)
{
  g_autoptr(LimnServerTxn) txn = limn_server_backend_begin (backend, LIMN_SERVER_TXN_READ, error);
  g_autoptr(LimnServerExperiment) e = NULL;
  g_autoptr(GHashTable) arms = NULL;
  g_autofree char *body = NULL;
  gint64 published_us = 0;
  guint arm;

  if (txn == NULL || !txn->store->running_experiment (txn, project->id, &e, error))
    return FALSE;
  if (e == NULL || user_id == NULL)
    return TRUE;
  arms = arms_of (e);
  arm = GPOINTER_TO_UINT (g_hash_table_lookup (arms, user_id));
  if (arm == 0)
    return TRUE;

  if (arm == 'a' || e->version_b > 0)
    {
      gint64 version = arm == 'a' ? e->version_a : e->version_b;

      if (!txn->store->get_guideline (txn, project->id, version, &body, &published_us, error))
        return FALSE;
      if (body == NULL)
        return TRUE;
      project->guideline_version = version;
      project->guidelines_published_us = published_us;
    }
  else
    {
      /* A draft has no number yet: it is served as the one it would get. */
      body = g_strdup (e->draft);
      project->guideline_version = MAX (project->guideline_version, e->version_a) + 1;
      project->guidelines_published_us = e->started_us;
    }
  g_free (project->guidelines);
  project->guidelines = g_steal_pointer (&body);
  g_free (project->guidelines_summary);
  project->guidelines_summary = g_strdup ("");
  return TRUE;
}

gboolean
limn_server_experiments_claimable (LimnServerTxn  *txn,
                                   const char     *project_id,
                                   const char     *user_id,
                                   GHashTable    **pool_out,
                                   GPtrArray     **mine_out,
                                   GError        **error)
{
  g_autoptr(LimnServerExperiment) e = NULL;
  g_autoptr(GHashTable) arms = NULL;
  g_autoptr(GPtrArray) pool = NULL;
  g_autoptr(GHashTable) set = NULL;
  g_autoptr(GPtrArray) mine = g_ptr_array_new_with_free_func (g_free);
  guint arm;

  *pool_out = NULL;
  *mine_out = NULL;
  if (!txn->store->running_experiment (txn, project_id, &e, error))
    return FALSE;
  if (e == NULL)
    return TRUE;
  arms = arms_of (e);
  pool = pool_of (e);
  set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < pool->len; i++)
    g_hash_table_add (set, g_strdup (g_ptr_array_index (pool, i)));
  arm = GPOINTER_TO_UINT (g_hash_table_lookup (arms, user_id));

  /* One read per pool task: a pilot's pool is small. */
  for (guint i = 0; arm != 0 && i < pool->len; i++)
    {
      const char *task = g_ptr_array_index (pool, i);
      g_autoptr(GPtrArray) leases = txn->store->task_leases (txn, task, error);
      gboolean had = FALSE;
      gint64 holders = 0;

      if (leases == NULL)
        return FALSE;
      for (guint j = 0; j < leases->len; j++)
        {
          const LimnServerLease *l = g_ptr_array_index (leases, j);

          if (g_strcmp0 (l->annotator, user_id) == 0)
            had = TRUE;
          else if (l->state != LIMN_SERVER_LEASE_EXPIRED &&
                   GPOINTER_TO_UINT (g_hash_table_lookup (arms, l->annotator)) == arm)
            holders++;
        }
      if (!had && holders < e->per_arm)
        g_ptr_array_add (mine, g_strdup (task));
    }
  *pool_out = g_steal_pointer (&set);
  *mine_out = g_steal_pointer (&mine);
  return TRUE;
}
