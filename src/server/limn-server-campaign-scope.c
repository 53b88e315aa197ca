/* limn-server-campaign-scope.c
 *
 * What a relabel campaign covers (its scope, matched against each
 * annotator's latest submitted revision) and the figures it is judged by
 * (items changed, regions per label, Krippendorff's α before and after).
 * α is the team dashboard's (limn-server-team.c): units are task × label,
 * coders the annotators, the value whether the answer has a region of
 * that label, so the figures agree with what the dashboard shows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "analytics/limn-agreement.h"
#include "analytics/limn-reliability-data.h"
#include "limn-server-campaigns.h"

#define WEEK_US (7 * G_TIME_SPAN_DAY)

void
limn_server_campaign_scope_init (LimnServerCampaignScope *scope)
{
  memset (scope, 0, sizeof *scope);
  scope->since_us = -1;
  scope->until_us = -1;
  scope->guideline_version = -1;
  scope->guideline_before = -1;
  scope->agreement_below = NAN;
}

void
limn_server_campaign_scope_clear (LimnServerCampaignScope *scope)
{
  g_clear_pointer (&scope->label, g_free);
  g_clear_pointer (&scope->annotator, g_free);
  g_clear_pointer (&scope->source, g_free);
  g_clear_pointer (&scope->alert_id, g_free);
  g_clear_pointer (&scope->labels, g_strfreev);
  g_clear_pointer (&scope->confused[0], g_free);
  g_clear_pointer (&scope->confused[1], g_free);
}

void
limn_server_campaign_match_free (LimnServerCampaignMatch *match)
{
  g_free (match->task_id);
  g_free (match->title);
  g_free (match->annotator);
  g_free (match->annotation_id);
  g_free (match);
}

gboolean
limn_server_campaign_scope_from_alert (LimnServerTxn            *txn,
                                       const LimnServerProject  *project,
                                       LimnServerCampaignScope  *scope,
                                       GError                  **error)
{
  g_autoptr(GPtrArray) alerts = txn->store->list_alerts (txn, project->id, FALSE, error);
  const LimnServerAlert *alert = NULL;

  if (alerts == NULL)
    return FALSE;
  for (guint i = 0; i < alerts->len && alert == NULL; i++)
    if (g_str_equal (((LimnServerAlert *)g_ptr_array_index (alerts, i))->id, scope->alert_id))
      alert = g_ptr_array_index (alerts, i);
  if (alert == NULL)
    {
      g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_NOT_FOUND,
                   _("The project “%s” has no alert “%s”."), project->id, scope->alert_id);
      return FALSE;
    }

  /* Options given on the command line win over the alert's. */
  if (g_str_equal (alert->kind, "agreement_low"))
    {
      if (scope->label == NULL)
        scope->label = g_strdup (alert->key);
      if (isnan (scope->agreement_below))
        scope->agreement_below = isfinite (alert->threshold) ? alert->threshold : 0.6;
    }
  else if (g_str_equal (alert->kind, "annotator_drift"))
    {
      if (scope->annotator == NULL)
        scope->annotator = g_strdup (alert->key);
      if (scope->since_us < 0)
        scope->since_us = alert->since_us - WEEK_US;
    }
  else if (g_str_equal (alert->kind, "label_overuse"))
    {
      const char *colon = strrchr (alert->key, ':');

      if (colon != NULL && scope->annotator == NULL)
        scope->annotator = g_strndup (alert->key, colon - alert->key);
      if (colon != NULL && scope->label == NULL)
        scope->label = g_strdup (colon + 1);
    }
  else if (g_str_equal (alert->kind, "gold_drop"))
    {
      if (scope->since_us < 0)
        scope->since_us = alert->since_us - WEEK_US;
    }
  else if (g_str_equal (alert->kind, "confusion_hot_spot"))
    {
      /* Its key is the two label ids, joined by a colon. */
      const char *colon = strchr (alert->key, ':');

      if (colon != NULL && scope->confused[0] == NULL)
        {
          scope->confused[0] = g_strndup (alert->key, colon - alert->key);
          scope->confused[1] = g_strdup (colon + 1);
        }
    }
  else
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("An alert of kind “%s” does not say what to relabel."), alert->kind);
      return FALSE;
    }
  return TRUE;
}

static char *
iso_time (gint64 us)
{
  g_autoptr(GDateTime) t = g_date_time_new_from_unix_utc (us / G_USEC_PER_SEC);

  return t ? g_date_time_format_iso8601 (t) : g_strdup ("");
}

JsonObject *
limn_server_campaign_scope_to_json (const LimnServerCampaignScope *scope)
{
  JsonObject *o = json_object_new ();

  if (scope->label != NULL)
    json_object_set_string_member (o, "label", scope->label);
  if (scope->annotator != NULL)
    json_object_set_string_member (o, "annotator", scope->annotator);
  if (scope->source != NULL)
    json_object_set_string_member (o, "source", scope->source);
  if (scope->since_us >= 0)
    {
      g_autofree char *t = iso_time (scope->since_us);

      json_object_set_string_member (o, "since", t);
      json_object_set_int_member (o, "since_us", scope->since_us);
    }
  if (scope->until_us >= 0)
    {
      g_autofree char *t = iso_time (scope->until_us);

      json_object_set_string_member (o, "until", t);
      json_object_set_int_member (o, "until_us", scope->until_us);
    }
  if (scope->guideline_version >= 0)
    json_object_set_int_member (o, "guideline_version", scope->guideline_version);
  if (!isnan (scope->agreement_below))
    json_object_set_double_member (o, "agreement_below", scope->agreement_below);
  if (scope->alert_id != NULL)
    json_object_set_string_member (o, "alert_id", scope->alert_id);
  if (scope->labels != NULL)
    {
      JsonArray *a = json_array_new ();

      for (guint i = 0; scope->labels[i] != NULL; i++)
        json_array_add_string_element (a, scope->labels[i]);
      json_object_set_array_member (o, "labels", a);
    }
  if (scope->confused[0] != NULL && scope->confused[1] != NULL)
    {
      JsonArray *a = json_array_new ();

      json_array_add_string_element (a, scope->confused[0]);
      json_array_add_string_element (a, scope->confused[1]);
      json_object_set_array_member (o, "confused_labels", a);
    }
  if (scope->guideline_before >= 0)
    json_object_set_int_member (o, "guideline_before", scope->guideline_before);
  return o;
}

/* Regions */

/* What an answer says, read from its stored regions: which labels it
 * uses (by the project's label order), whether a region came from a model
 * or a person, and a key per region without its id, sorted, so two
 * answers with the same regions compare equal. */
typedef struct
{
  guint8    *labels;     /* n_labels flags */
  guint     *counts;     /* regions per label */
  gboolean   model;
  gboolean   human;
  char      *key;
} Answer;

static void
answer_clear (Answer *a)
{
  g_clear_pointer (&a->labels, g_free);
  g_clear_pointer (&a->counts, g_free);
  g_clear_pointer (&a->key, g_free);
}

static int
label_index (const LimnServerProject *project,
             const char              *label_id)
{
  for (guint k = 0; k < project->labels->len; k++)
    if (g_strcmp0 (((LimnServerLabel *)g_ptr_array_index (project->labels, k))->id, label_id) == 0)
      return k;
  return -1;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

static void
answer_read (Answer                  *a,
             const LimnServerProject *project,
             const char              *regions_json)
{
  g_autoptr(JsonNode) root = json_from_string (regions_json ? regions_json : "[]", NULL);
  JsonArray *array = root && JSON_NODE_HOLDS_ARRAY (root) ? json_node_get_array (root) : NULL;
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) key = g_string_new (NULL);

  a->labels = g_new0 (guint8, MAX (project->labels->len, 1));
  a->counts = g_new0 (guint, MAX (project->labels->len, 1));
  a->model = a->human = FALSE;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *n = json_array_get_element (array, i);
      JsonObject *o = JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
      const char *label;
      g_autofree char *box = NULL;
      int k;

      if (o == NULL)
        continue;
      label = json_object_get_string_member_with_default (o, "label", "");
      k = label_index (project, label);
      if (k >= 0)
        a->labels[k] = 1, a->counts[k]++;
      if (g_strcmp0 (json_object_get_string_member_with_default (o, "source", NULL), "model") == 0)
        a->model = TRUE;
      else
        a->human = TRUE;

      if (json_object_has_member (o, "box") &&
          JSON_NODE_HOLDS_ARRAY (json_object_get_member (o, "box")))
        {
          JsonArray *b = json_object_get_array_member (o, "box");

          box = g_strdup_printf ("%g,%g,%g,%g",
                                 json_array_get_length (b) > 0 ? json_array_get_double_element (b, 0) : 0,
                                 json_array_get_length (b) > 1 ? json_array_get_double_element (b, 1) : 0,
                                 json_array_get_length (b) > 2 ? json_array_get_double_element (b, 2) : 0,
                                 json_array_get_length (b) > 3 ? json_array_get_double_element (b, 3) : 0);
        }
      else
        box = g_strdup_printf ("%" PRId64 "-%" PRId64,
                               json_object_get_int_member_with_default (o, "start", 0),
                               json_object_get_int_member_with_default (o, "end", 0));
      g_ptr_array_add (keys, g_strdup_printf ("%s|%s|%s", label,
                                              json_object_get_string_member_with_default (o, "kind", ""),
                                              box));
    }

  g_ptr_array_sort (keys, compare_strings);
  for (guint i = 0; i < keys->len; i++)
    g_string_append_printf (key, "%s;", (const char *)g_ptr_array_index (keys, i));
  a->key = g_string_free (g_steal_pointer (&key), FALSE);
}

/* Agreement */

typedef struct
{
  guint         unit;   /* a task's number */
  guint         coder;
  const Answer *answer;
} Coded;

/* Krippendorff's α (nominal) over units unit × label; NaN when the data
 * do not define it (fewer than two answers to any task, or nothing to
 * tell apart). */
static gboolean
alpha_of (GArray   *coded,
          guint     n_labels,
          double   *out,
          GError  **error)
{
  g_autoptr(LimnReliabilityData) rd = limn_reliability_data_new (2, error);
  LimnAgreement alpha = { 0 };

  if (rd == NULL)
    return FALSE;
  *out = NAN;
  if (coded->len == 0 || n_labels == 0)
    return TRUE;
  for (guint i = 0; i < coded->len; i++)
    {
      const Coded *c = &g_array_index (coded, Coded, i);

      for (guint k = 0; k < n_labels; k++)
        if (!limn_reliability_data_add (rd, c->unit * n_labels + k, c->coder, c->answer->labels[k],
                                        error))
          return FALSE;
    }
  if (!limn_agreement_krippendorff_alpha (rd, LIMN_AGREEMENT_ALL_CATEGORIES, &alpha, error))
    return FALSE;
  *out = alpha.value;
  return TRUE;
}

/* Matching */

static gboolean
resolve_label (const LimnServerProject  *project,
               const char               *label,
               const char              **label_id,
               GError                  **error)
{
  for (guint k = 0; k < project->labels->len; k++)
    {
      const LimnServerLabel *l = g_ptr_array_index (project->labels, k);

      if (g_str_equal (l->id, label) || g_str_equal (l->name, label))
        {
          *label_id = l->id;
          return TRUE;
        }
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               _("The project has no label “%s”."), label);
  return FALSE;
}

GPtrArray *
limn_server_campaign_scope_match (LimnServerTxn                  *txn,
                                  const LimnServerProject        *project,
                                  const LimnServerCampaignScope  *scope,
                                  GError                        **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_server_campaign_match_free);
  g_autoptr(GPtrArray) tasks = NULL;
  g_autoptr(GPtrArray) revisions = NULL;
  g_autofree char *annotator_id = NULL;
  g_autofree int *any_of = NULL;
  const char *label_id = NULL;
  int label = -1, confused[2] = { -1, -1 };
  guint next = 0, n_any = 0;

  if (scope->label != NULL)
    {
      if (!resolve_label (project, scope->label, &label_id, error))
        return NULL;
      label = label_index (project, label_id);
    }
  if (scope->labels != NULL)
    {
      n_any = g_strv_length (scope->labels);
      any_of = g_new (int, MAX (n_any, 1));
      for (guint i = 0; i < n_any; i++)
        {
          if (!resolve_label (project, scope->labels[i], &label_id, error))
            return NULL;
          any_of[i] = label_index (project, label_id);
        }
    }
  if (scope->confused[0] != NULL || scope->confused[1] != NULL)
    {
      for (guint i = 0; i < 2; i++)
        {
          if (scope->confused[i] == NULL)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Confused labels come in pairs: name two labels."));
              return NULL;
            }
          if (!resolve_label (project, scope->confused[i], &label_id, error))
            return NULL;
          confused[i] = label_index (project, label_id);
        }
      if (confused[0] == confused[1])
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("Confused labels must be two different labels."));
          return NULL;
        }
    }

  tasks = txn->store->list_tasks (txn, project->id, error);
  if (tasks == NULL)
    return NULL;
  revisions = txn->store->list_latest_revisions (txn, project->id, error);
  if (revisions == NULL)
    return NULL;

  if (scope->annotator != NULL)
    {
      gboolean known = FALSE;

      if (!txn->store->lookup_user (txn, scope->annotator, &annotator_id, error))
        return NULL;
      /* Not a name: an id (an alert names its annotator by id). */
      if (annotator_id == NULL)
        {
          for (guint i = 0; i < revisions->len && !known; i++)
            known = g_str_equal (((LimnServerRevision *)g_ptr_array_index (revisions, i))->annotator,
                                 scope->annotator);
          if (!known)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("No annotator “%s” answered in this project."), scope->annotator);
              return NULL;
            }
          annotator_id = g_strdup (scope->annotator);
        }
    }

  /* Both lists are in task position order. */
  for (guint t = 0; t < tasks->len; t++)
    {
      const LimnServerTask *task = g_ptr_array_index (tasks, t);
      guint first = next, n;
      g_autofree Answer *answers = NULL;
      gboolean has_label = label < 0, has_any = any_of == NULL;
      gboolean only[2] = { FALSE, FALSE };
      double agreement = NAN;

      while (next < revisions->len &&
             g_str_equal (((LimnServerRevision *)g_ptr_array_index (revisions, next))->task_id,
                          task->id))
        next++;
      n = next - first;
      if (n == 0)
        continue;

      answers = g_new0 (Answer, n);
      for (guint i = 0; i < n; i++)
        {
          const LimnServerRevision *r = g_ptr_array_index (revisions, first + i);

          answer_read (&answers[i], project, r->regions);
          if (label >= 0 && answers[i].labels[label])
            has_label = TRUE;
          for (guint k = 0; k < n_any; k++)
            if (any_of[k] >= 0 && answers[i].labels[any_of[k]])
              has_any = TRUE;
          /* One answer with a and not b, another with b and not a: the
           * team dashboard's mix-up of the pair. */
          if (confused[0] >= 0)
            for (guint k = 0; k < 2; k++)
              if (answers[i].labels[confused[k]] && !answers[i].labels[confused[1 - k]])
                only[k] = TRUE;
        }

      if (n >= 2)
        {
          g_autoptr(GArray) coded = g_array_new (FALSE, FALSE, sizeof (Coded));

          for (guint i = 0; i < n; i++)
            {
              Coded c = { 0, i, &answers[i] };

              g_array_append_val (coded, c);
            }
          if (!alpha_of (coded, project->labels->len, &agreement, error))
            goto fail;
        }

      /* The labels, the mix-up and the agreement are the task's: every
       * answer of a task where one annotator saw a Truck is looked at
       * again. */
      if (has_label && has_any && (confused[0] < 0 || (only[0] && only[1])) &&
          (isnan (scope->agreement_below) ||
           (!isnan (agreement) && agreement < scope->agreement_below)))
        for (guint i = 0; i < n; i++)
          {
            const LimnServerRevision *r = g_ptr_array_index (revisions, first + i);
            LimnServerCampaignMatch *m;

            if ((annotator_id != NULL && !g_str_equal (r->annotator, annotator_id)) ||
                (g_strcmp0 (scope->source, "model") == 0 && !answers[i].model) ||
                (g_strcmp0 (scope->source, "human") == 0 && !answers[i].human) ||
                (scope->since_us >= 0 && r->submitted_us < scope->since_us) ||
                (scope->until_us >= 0 && r->submitted_us >= scope->until_us) ||
                (scope->guideline_version >= 0 && r->guideline_version != scope->guideline_version) ||
                (scope->guideline_before >= 0 && r->guideline_version >= scope->guideline_before))
              continue;

            m = g_new0 (LimnServerCampaignMatch, 1);
            m->task_id = g_strdup (task->id);
            m->title = g_strdup (task->title ? task->title : "");
            m->annotator = g_strdup (r->annotator);
            m->annotation_id = g_strdup (r->id);
            m->revision = r->revision;
            m->agreement = agreement;
            g_ptr_array_add (out, m);
          }

      for (guint i = 0; i < n; i++)
        answer_clear (&answers[i]);
      continue;

fail:
      for (guint i = 0; i < n; i++)
        answer_clear (&answers[i]);
      return NULL;
    }

  return g_steal_pointer (&out);
}

LimnServerAnnotation *
limn_server_campaign_latest (GPtrArray  *task_annotations,
                             const char *annotator)
{
  LimnServerAnnotation *latest = NULL;

  for (guint i = 0; i < task_annotations->len; i++)
    {
      LimnServerAnnotation *a = g_ptr_array_index (task_annotations, i);

      if (g_str_equal (a->annotator, annotator) && g_strcmp0 (a->state, "submitted") == 0 &&
          (latest == NULL || a->revision > latest->revision))
        latest = a;
    }
  return latest;
}

/* Comparison */

static LimnServerAnnotation *
annotation_by_id (GPtrArray  *task_annotations,
                  const char *id)
{
  for (guint i = 0; id != NULL && i < task_annotations->len; i++)
    if (g_str_equal (((LimnServerAnnotation *)g_ptr_array_index (task_annotations, i))->id, id))
      return g_ptr_array_index (task_annotations, i);
  return NULL;
}

static void
set_number (JsonObject *o,
            const char *member,
            double      value)
{
  if (isfinite (value))
    json_object_set_double_member (o, member, value);
  else
    json_object_set_null_member (o, member);
}

JsonObject *
limn_server_campaign_compare (LimnServerTxn            *txn,
                              const LimnServerProject  *project,
                              GPtrArray                *items,
                              GError                  **error)
{
  guint L = project->labels->len;
  g_autofree guint64 *before_counts = g_new0 (guint64, MAX (L, 1));
  g_autofree guint64 *after_counts = g_new0 (guint64, MAX (L, 1));
  g_autoptr(GHashTable) units = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) coders = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) in_campaign = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GArray) before = g_array_new (FALSE, FALSE, sizeof (Coded));
  g_autoptr(GArray) after = g_array_new (FALSE, FALSE, sizeof (Coded));
  g_autoptr(GPtrArray) answers = g_ptr_array_new_with_free_func (g_free);
  JsonObject *out = json_object_new ();
  JsonObject *labels = json_object_new ();
  JsonObject *agreement = json_object_new ();
  guint changed = 0, compared = 0;
  double alpha_before, alpha_after;

  json_object_set_object_member (out, "labels", labels);
  json_object_set_object_member (out, "agreement", agreement);

  for (guint i = 0; i < items->len; i++)
    {
      const LimnServerCampaignItem *item = g_ptr_array_index (items, i);

      g_hash_table_add (in_campaign, g_strconcat (item->task_id, "\n", item->annotator, NULL));
    }

  for (guint i = 0; i < items->len; i++)
    {
      const LimnServerCampaignItem *item = g_ptr_array_index (items, i);
      g_autoptr(GPtrArray) all = NULL;
      guint unit;

      /* Each task once: its answers are read together. */
      if (g_hash_table_contains (units, item->task_id))
        continue;
      unit = g_hash_table_size (units);
      g_hash_table_insert (units, g_strdup (item->task_id), GUINT_TO_POINTER (unit + 1));

      all = txn->store->list_task_annotations (txn, item->task_id, error);
      if (all == NULL)
        goto fail;

      for (guint j = 0; j < all->len; j++)
        {
          const LimnServerAnnotation *a = g_ptr_array_index (all, j);
          g_autofree char *key = g_strconcat (a->task_id, "\n", a->annotator, NULL);
          const LimnServerAnnotation *now, *then = NULL;
          Answer *ab, *aa;
          gpointer coder_p;
          guint coder;
          Coded c;

          /* Each annotator of the task once, at their latest answer. */
          now = limn_server_campaign_latest (all, a->annotator);
          if (now != a)
            continue;

          if (g_hash_table_contains (in_campaign, key))
            {
              for (guint k = 0; k < items->len; k++)
                {
                  const LimnServerCampaignItem *it = g_ptr_array_index (items, k);

                  if (g_str_equal (it->task_id, a->task_id) && g_str_equal (it->annotator, a->annotator))
                    {
                      then = annotation_by_id (all, it->base_annotation_id);
                      now = it->result_annotation_id ? annotation_by_id (all, it->result_annotation_id)
                                                      : now;
                      break;
                    }
                }
            }
          if (then == NULL)
            then = now;

          if (!g_hash_table_lookup_extended (coders, a->annotator, NULL, &coder_p))
            {
              coder_p = GUINT_TO_POINTER (g_hash_table_size (coders));
              g_hash_table_insert (coders, g_strdup (a->annotator), coder_p);
            }
          coder = GPOINTER_TO_UINT (coder_p);

          ab = g_new0 (Answer, 1);
          aa = g_new0 (Answer, 1);
          answer_read (ab, project, then->regions);
          answer_read (aa, project, now->regions);
          g_ptr_array_add (answers, ab);
          g_ptr_array_add (answers, aa);

          c = (Coded) { unit, coder, ab };
          g_array_append_val (before, c);
          c = (Coded) { unit, coder, aa };
          g_array_append_val (after, c);

          if (g_hash_table_contains (in_campaign, key))
            {
              compared++;
              if (!g_str_equal (ab->key, aa->key))
                changed++;
              for (guint k = 0; k < L; k++)
                {
                  before_counts[k] += ab->counts[k];
                  after_counts[k] += aa->counts[k];
                }
            }
        }
    }

  if (!alpha_of (before, L, &alpha_before, error) || !alpha_of (after, L, &alpha_after, error))
    goto fail;

  json_object_set_int_member (out, "items", compared);
  json_object_set_int_member (out, "items_changed", changed);
  json_object_set_int_member (out, "tasks", g_hash_table_size (units));
  for (guint k = 0; k < L; k++)
    {
      const LimnServerLabel *l = g_ptr_array_index (project->labels, k);
      JsonObject *row = json_object_new ();

      json_object_set_int_member (row, "before", before_counts[k]);
      json_object_set_int_member (row, "after", after_counts[k]);
      json_object_set_int_member (row, "shift", (gint64)after_counts[k] - (gint64)before_counts[k]);
      json_object_set_object_member (labels, l->name, row);
    }
  json_object_set_string_member (agreement, "measure", "krippendorff_alpha");
  set_number (agreement, "before", alpha_before);
  set_number (agreement, "after", alpha_after);

  for (guint i = 0; i < answers->len; i++)
    answer_clear (g_ptr_array_index (answers, i));
  return out;

fail:
  for (guint i = 0; i < answers->len; i++)
    answer_clear (g_ptr_array_index (answers, i));
  json_object_unref (out);
  return NULL;
}
