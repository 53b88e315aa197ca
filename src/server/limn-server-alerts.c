/* limn-server-alerts.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <math.h>
#include <string.h>

#include "json/limn-json-writer.h"
#include "limn-server-alerts.h"
#include "limn-server-campaigns.h"
#include "limn-server-pseudonyms.h"
#include "limn-server-team-cache.h"

typedef struct
{
  const char *kind;
  char       *key;
  char       *subject;
  double      value;
  double      threshold;
  char       *message;
  char       *annotator;    /* pseudonym, for alerts about one annotator */
} Firing;

static void
firing_free (Firing *f)
{
  g_free (f->key);
  g_free (f->subject);
  g_free (f->message);
  g_free (f->annotator);
  g_free (f);
}

static Firing *
firing_new (const char *kind,
            char       *key,
            char       *subject,
            double      value,
            double      threshold,
            char       *message)
{
  Firing *f = g_new0 (Firing, 1);

  f->kind = kind;
  f->key = key;
  f->subject = subject;
  f->value = value;
  f->threshold = threshold;
  f->message = message;
  return f;
}

/* The rules (docs/metrics.md §9, "Alerts"). Messages are English: the app
 * writes its own from kind, subject, value and threshold. */
static GPtrArray *
judge (const LimnServerTeamReport *report,
       const char                 *project_id,
       GBytes                     *secret)
{
  GPtrArray *firing = g_ptr_array_new_with_free_func ((GDestroyNotify)firing_free);

  for (guint i = 0; i < report->agreement->len; i++)
    {
      const LimnServerTeamAgreement *a = g_ptr_array_index (report->agreement, i);
      const char *name = NULL;

      if (!g_str_equal (a->by, "label") || a->units < LIMN_SERVER_ALERT_MIN_UNITS ||
          !(a->alpha < LIMN_SERVER_ALERT_MIN_ALPHA))
        continue;
      for (guint k = 0; k < report->label_ids->len && name == NULL; k++)
        if (g_str_equal (g_ptr_array_index (report->label_ids, k), a->key))
          name = g_ptr_array_index (report->label_names, k);
      g_ptr_array_add (firing,
                       firing_new ("agreement_low", g_strdup (a->key), g_strdup (name ? name : a->key),
                                   a->alpha, LIMN_SERVER_ALERT_MIN_ALPHA,
                                   g_strdup_printf ("Agreement on %s fell to %.2f (threshold %.2f).",
                                                    name ? name : a->key, a->alpha,
                                                    LIMN_SERVER_ALERT_MIN_ALPHA)));
    }

  for (guint m = 0; m < report->members->len; m++)
    {
      const LimnServerTeamMember *member = g_ptr_array_index (report->members, m);
      g_autofree char *who = NULL;
      Firing *f;

      if (!member->drifting)
        continue;
      who = limn_server_pseudonym (secret, project_id, member->user_id);
      f = firing_new ("annotator_drift", g_strdup (member->user_id), g_strdup (who),
                      member->drift_value, member->drift_limit,
                      g_strdup_printf ("Annotator %s drifts: the running accuracy on gold and "
                                       "reviews is %.2f, below its control limit %.2f.",
                                       who, member->drift_value, member->drift_limit));
      f->annotator = g_steal_pointer (&who);
      g_ptr_array_add (firing, f);
    }

  for (guint i = 0; i < report->overuse->len; i++)
    {
      const LimnServerOveruse *o = &g_array_index (report->overuse, LimnServerOveruse, i);
      const LimnServerTeamMember *member = g_ptr_array_index (report->members, o->member);
      const char *name = g_ptr_array_index (report->label_names, o->label);
      g_autofree char *who = limn_server_pseudonym (secret, project_id, member->user_id);
      Firing *f;

      f = firing_new ("label_overuse",
                      g_strconcat (member->user_id, ":",
                                   (const char *)g_ptr_array_index (report->label_ids, o->label),
                                   NULL),
                      g_strdup (name), o->share, o->team_share,
                      g_strdup_printf ("Annotator %s gives %s to %.0f %% of their regions, the "
                                       "rest of the team to %.0f %% (p = %.2g).",
                                       who, name, 100 * o->share, 100 * o->team_share,
                                       o->p_value));
      f->annotator = g_steal_pointer (&who);
      g_ptr_array_add (firing, f);
    }

  for (guint i = 0; i < report->hot_spots->len; i++)
    {
      const LimnServerHotSpot *h = &g_array_index (report->hot_spots, LimnServerHotSpot, i);
      const char *a = g_ptr_array_index (report->label_ids, h->label);
      const char *b = g_ptr_array_index (report->label_ids, h->confused_with);
      const char *name_a = g_ptr_array_index (report->label_names, h->label);
      const char *name_b = g_ptr_array_index (report->label_names, h->confused_with);

      if (h->items < LIMN_SERVER_ALERT_HOT_SPOT_MIN_ITEMS ||
          !(h->disagreement >= LIMN_SERVER_ALERT_HOT_SPOT_MIN_DISAGREEMENT) ||
          !(h->mean_confidence >= LIMN_SERVER_ALERT_HOT_SPOT_MIN_CONFIDENCE))
        continue;
      /* Keyed by the pair in a fixed order: which of the two is used
       * more may change while the mix-up lasts. */
      g_ptr_array_add (firing,
                       firing_new ("confusion_hot_spot",
                                   strcmp (a, b) < 0 ? g_strconcat (a, ":", b, NULL)
                                                     : g_strconcat (b, ":", a, NULL),
                                   g_strdup_printf ("%s / %s", name_a, name_b),
                                   h->disagreement, LIMN_SERVER_ALERT_HOT_SPOT_MIN_DISAGREEMENT,
                                   g_strdup_printf ("%s and %s are mixed up on %u tasks "
                                                    "(disagreement %.2f) at a mean confidence "
                                                    "of %.2f.", name_a, name_b, h->items,
                                                    h->disagreement, h->mean_confidence)));
    }

  if (report->gold_recent.trials >= LIMN_SERVER_ALERT_MIN_GOLD &&
      report->gold_before.trials >= LIMN_SERVER_ALERT_MIN_GOLD &&
      report->gold_recent.estimate < report->gold_before.lower)
    g_ptr_array_add (firing,
                     firing_new ("gold_drop", g_strdup ("team"), g_strdup ("team"),
                                 report->gold_recent.estimate, report->gold_before.lower,
                                 g_strdup_printf ("Gold accuracy over the last 7 days is %.2f, "
                                                  "below %.2f, the lower bound of the 30 days "
                                                  "before.", report->gold_recent.estimate,
                                                  report->gold_before.lower)));

  return firing;
}

static void
set_number (JsonObject *obj,
            const char *member,
            double      value)
{
  if (isfinite (value))
    json_object_set_double_member (obj, member, value);
  else
    json_object_set_null_member (obj, member);
}

JsonObject *
limn_server_alert_to_json (const LimnServerAlert *alert)
{
  JsonObject *obj = json_object_new ();
  g_autoptr(JsonNode) data = json_from_string (alert->data ? alert->data : "{}", NULL);

  json_object_set_string_member (obj, "id", alert->id);
  json_object_set_string_member (obj, "project_id", alert->project_id);
  json_object_set_string_member (obj, "kind", alert->kind);
  json_object_set_string_member (obj, "subject", alert->subject);
  set_number (obj, "value", alert->value);
  set_number (obj, "threshold", alert->threshold);
  json_object_set_int_member (obj, "since_us", alert->since_us);
  json_object_set_string_member (obj, "message", alert->message);
  if (data != NULL && JSON_NODE_HOLDS_OBJECT (data))
    {
      JsonObject *extra = json_node_get_object (data);

      if (json_object_has_member (extra, "annotator"))
        json_object_set_string_member (obj, "annotator",
                                       json_object_get_string_member (extra, "annotator"));
    }
  if (alert->cleared_us > 0)
    json_object_set_int_member (obj, "cleared_us", alert->cleared_us);
  return obj;
}

gboolean
limn_server_alerts_refresh (LimnServerBackend           *backend,
                            const char                  *project_id,
                            const LimnServerTeamReport  *report,
                            GBytes                      *secret,
                            GPtrArray                  **active,
                            GError                     **error)
{
  g_autoptr(GPtrArray) firing = judge (report, project_id, secret);
  g_autoptr(LimnServerTxn) txn = NULL;
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(GPtrArray) staff = NULL;
  g_autoptr(GHashTable) still = g_hash_table_new (g_direct_hash, g_direct_equal);
  gint64 now = report->generated_us;

  txn = limn_server_backend_begin (backend, LIMN_SERVER_TXN_WRITE, error);
  if (txn == NULL)
    return FALSE;
  stored = txn->store->list_alerts (txn, project_id, TRUE, error);
  if (stored == NULL)
    return FALSE;

  for (guint i = 0; i < firing->len; i++)
    {
      Firing *f = g_ptr_array_index (firing, i);
      LimnServerAlert *known = NULL;
      g_autofree char *data = NULL;

      if (f->annotator != NULL)
        {
          g_autoptr(JsonObject) obj = json_object_new ();

          json_object_set_string_member (obj, "annotator", f->annotator);
          data = limn_json_writer_object_to_string (obj);
        }

      for (guint j = 0; j < stored->len && known == NULL; j++)
        {
          LimnServerAlert *a = g_ptr_array_index (stored, j);

          if (g_str_equal (a->kind, f->kind) && g_str_equal (a->key, f->key))
            known = a;
        }

      if (known != NULL)
        {
          g_hash_table_add (still, known);
          g_free (known->subject), known->subject = g_strdup (f->subject);
          g_free (known->message), known->message = g_strdup (f->message);
          g_free (known->data), known->data = g_strdup (data);
          known->value = f->value;
          known->threshold = f->threshold;
          known->updated_us = now;
          if (!txn->store->update_alert (txn, known, error))
            return FALSE;
        }
      else
        {
          LimnServerAlert *a = g_new0 (LimnServerAlert, 1);
          g_autoptr(JsonObject) obj = NULL;
          g_autofree char *change = NULL;

          a->id = g_uuid_string_random ();
          a->project_id = g_strdup (project_id);
          a->kind = g_strdup (f->kind);
          a->key = g_strdup (f->key);
          a->subject = g_strdup (f->subject);
          a->value = f->value;
          a->threshold = f->threshold;
          a->message = g_strdup (f->message);
          a->data = g_strdup (data);
          a->since_us = a->updated_us = now;
          g_ptr_array_add (stored, a);
          g_hash_table_add (still, a);
          if (!txn->store->insert_alert (txn, a, error) ||
              !limn_server_campaigns_propose_for_alert (txn, a, now, error))
            return FALSE;

          if (staff == NULL)
            {
              staff = txn->store->list_project_staff (txn, project_id, error);
              if (staff == NULL)
                return FALSE;
            }
          obj = limn_server_alert_to_json (a);
          change = limn_json_writer_object_to_string (obj);
          for (guint s = 0; s < staff->len; s++)
            if (!txn->store->insert_change (txn, g_ptr_array_index (staff, s), project_id, "alert",
                                            change, now, error))
              return FALSE;
        }
    }

  for (guint j = 0; j < stored->len; j++)
    {
      LimnServerAlert *a = g_ptr_array_index (stored, j);

      if (g_hash_table_contains (still, a))
        continue;
      a->cleared_us = now;
      if (!txn->store->update_alert (txn, a, error))
        return FALSE;
      g_ptr_array_remove_index (stored, j--);
    }

  if (!limn_server_txn_commit (txn, error))
    return FALSE;
  if (active != NULL)
    *active = g_steal_pointer (&stored);
  return TRUE;
}

GPtrArray *
limn_server_alerts_list (LimnServerBackend  *backend,
                         const char         *project_id,
                         gboolean            active_only,
                         GError            **error)
{
  g_autoptr(LimnServerTxn) txn = limn_server_backend_begin (backend, LIMN_SERVER_TXN_READ, error);

  return txn != NULL ? txn->store->list_alerts (txn, project_id, active_only, error) : NULL;
}

struct _LimnServerAlertWatch
{
  GMutex lock;   /* one sweep at a time */
};

LimnServerAlertWatch *
limn_server_alert_watch_new (void)
{
  LimnServerAlertWatch *watch = g_new0 (LimnServerAlertWatch, 1);

  g_mutex_init (&watch->lock);
  return watch;
}

void
limn_server_alert_watch_free (LimnServerAlertWatch *watch)
{
  if (watch == NULL)
    return;

  g_mutex_clear (&watch->lock);
  g_free (watch);
}

void
limn_server_alert_watch_run (LimnServerAlertWatch *watch,
                             LimnServerTeamCache  *cache,
                             LimnServerBackend    *backend,
                             gint64                now_us)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnServerTxn) txn = NULL;
  g_autoptr(GPtrArray) ids = NULL;

  if (!g_mutex_trylock (&watch->lock))
    return;

  txn = limn_server_backend_begin (backend, LIMN_SERVER_TXN_READ, &error);
  if (txn != NULL)
    ids = txn->store->list_project_ids (txn, &error);
  g_clear_pointer (&txn, limn_server_txn_end);

  /* A project whose counter did not move keeps its report, however old:
   * one primary-key read each. Computing one refreshes its alerts. */
  for (guint i = 0; ids != NULL && i < ids->len && error == NULL; i++)
    {
      g_autoptr(LimnServerTeamReport) report = NULL;

      report = limn_server_team_cache_get (cache, backend, g_ptr_array_index (ids, i), now_us, -1,
                                           NULL, &error);
    }

  if (error != NULL)
    g_warning ("Could not refresh the alerts: %s", error->message);
  g_mutex_unlock (&watch->lock);
}
