/* limn-wire-campaigns.c
 *
 * Parses relabel campaigns (limn-wire-campaigns.h). Every member is
 * checked for its type and range by the strict reader; a fault anywhere
 * fails the whole answer, so the app never acts on half of one (an
 * "Approve" button on a campaign whose id was garbled).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-sync"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "json/limn-json-reader.h"
#include "limn-wire-campaigns.h"
#include "limn-wire-private.h"

#define MAX_KEY 1024

static const char * const state_names[] = { "proposed", "running", "done", "rolled_back", "cancelled" };
static const char * const item_state_names[] = { "proposed", "pending", "reworked", "withdrawn" };

static guint
index_of (const char * const *names,
          guint               n,
          const char         *name,
          guint               unknown)
{
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (names[i], name) == 0)
      return i;
  return unknown;
}

const char *
limn_campaign_state_to_string (LimnCampaignState state)
{
  return state < G_N_ELEMENTS (state_names) ? state_names[state] : NULL;
}

static void
item_free (gpointer data)
{
  LimnCampaignItem *item = data;

  g_free (item->task_id);
  g_free (item->annotator);
  g_free (item->base_annotation_id);
  g_free (item->result_annotation_id);
  g_free (item);
}

void
limn_campaign_free (LimnCampaign *c)
{
  if (c == NULL)
    return;

  g_free (c->id);
  g_free (c->project_id);
  g_free (c->scope.label);
  g_free (c->scope.annotator);
  g_free (c->scope.source);
  g_free (c->scope.alert_id);
  g_free (c->reason);
  g_free (c->proposed_by);
  g_free (c->proposed_from_alert);
  g_free (c->approved_by);
  g_free (c->from);
  g_free (c->finished_by);
  g_free (c->rolled_back_by);
  g_free (c->cancelled_by);
  g_clear_pointer (&c->items, g_ptr_array_unref);
  g_clear_pointer (&c->label_shifts, g_ptr_array_unref);
  g_free (c);
}

static void
label_shift_free (gpointer data)
{
  LimnCampaignLabelShift *shift = data;

  g_free (shift->name);
  g_free (shift);
}

/* An optional string member, copied (NULL when absent or null). */
static gboolean
dup_string (JsonObject  *o,
            const char  *member,
            gsize        max,
            char       **out,
            const char  *where,
            GError     **error)
{
  const char *s = NULL;

  if (!limn_json_reader_get_string (o, member, LIMN_JSON_READER_OPTIONAL, max, &s, where, error))
    return FALSE;
  *out = g_strdup (s);
  return TRUE;
}

static gboolean
parse_scope (JsonObject        *o,
             LimnCampaignScope *scope,
             const char        *ctx,
             GError           **error)
{
  g_autofree char *where = g_strdup_printf ("%s.scope", ctx);
  JsonObject *s = NULL;

  scope->since_us = scope->until_us = scope->guideline_version = -1;
  scope->agreement_below = NAN;
  if (!limn_json_reader_get_object (o, "scope", LIMN_JSON_READER_OPTIONAL, &s, ctx, error))
    return FALSE;
  if (s == NULL)
    return TRUE;

  return dup_string (s, "label", MAX_KEY, &scope->label, where, error) &&
         dup_string (s, "annotator", MAX_KEY, &scope->annotator, where, error) &&
         dup_string (s, "source", 64, &scope->source, where, error) &&
         limn_json_reader_get_int (s, "since_us", LIMN_JSON_READER_OPTIONAL, 0, G_MAXINT64,
                                   &scope->since_us, where, error) &&
         limn_json_reader_get_int (s, "until_us", LIMN_JSON_READER_OPTIONAL, 0, G_MAXINT64,
                                   &scope->until_us, where, error) &&
         limn_json_reader_get_whole (s, "guideline_version", LIMN_JSON_READER_OPTIONAL, 0, G_MAXINT32,
                                     &scope->guideline_version, where, error) &&
         /* α runs from below -1 up to 1; a threshold above 1 matches all. */
         limn_json_reader_get_double (s, "agreement_below", LIMN_JSON_READER_OPTIONAL, -1e6, 1e6,
                                      &scope->agreement_below, where, error) &&
         dup_string (s, "alert_id", MAX_KEY, &scope->alert_id, where, error);
}

static gboolean
parse_progress (JsonObject   *o,
                LimnCampaign *c,
                const char   *ctx,
                GError      **error)
{
  g_autofree char *where = g_strdup_printf ("%s.progress", ctx);
  JsonObject *p = NULL;

  if (!limn_json_reader_get_object (o, "progress", LIMN_JSON_READER_OPTIONAL, &p, ctx, error))
    return FALSE;
  if (p == NULL)
    return TRUE;

  if (!limn_json_reader_get_whole (p, "total", LIMN_JSON_READER_REQUIRED, 0, G_MAXINT32, &c->total,
                                   where, error) ||
      !limn_json_reader_get_whole (p, "reworked", LIMN_JSON_READER_REQUIRED, 0, G_MAXINT32, &c->reworked,
                                   where, error) ||
      !limn_json_reader_get_whole (p, "remaining", LIMN_JSON_READER_REQUIRED, 0, G_MAXINT32, &c->remaining,
                                   where, error) ||
      !limn_json_reader_get_whole (p, "withdrawn", LIMN_JSON_READER_OPTIONAL, 0, G_MAXINT32, &c->withdrawn,
                                   where, error) ||
      !limn_json_reader_get_whole (p, "tasks", LIMN_JSON_READER_OPTIONAL, 0, G_MAXINT32, &c->tasks,
                                   where, error))
    return FALSE;
  if (c->tasks > c->total)
    return limn_wire_bad (error, where, NULL, _("counts more tasks than answers"));
  if (c->reworked + c->remaining + c->withdrawn > c->total)
    return limn_wire_bad (error, where, NULL, _("counts more answers than its total"));

  c->has_progress = TRUE;
  return TRUE;
}

static gboolean
parse_items (JsonObject   *o,
             LimnCampaign *c,
             const char   *ctx,
             GError      **error)
{
  JsonArray *array = NULL;

  if (!limn_json_reader_get_array (o, "items", LIMN_JSON_READER_OPTIONAL, LIMN_WIRE_MAX_CAMPAIGN_ITEMS,
                                   &array, ctx, error))
    return FALSE;
  if (array == NULL)
    return TRUE;

  c->items = g_ptr_array_new_with_free_func (item_free);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *where = g_strdup_printf ("%s.items[%u]", ctx, i);
      JsonObject *io = limn_json_reader_get_element_object (array, i, where, error);
      const char *task_id = NULL, *annotator = NULL, *state = NULL;
      const char *base = NULL, *result = NULL;
      LimnCampaignItem *item;

      if (io == NULL ||
          !limn_json_reader_get_uuid (io, "task_id", LIMN_JSON_READER_REQUIRED, &task_id, where, error) ||
          !limn_json_reader_get_string (io, "annotator", LIMN_JSON_READER_REQUIRED, MAX_KEY, &annotator,
                                        where, error) ||
          !limn_json_reader_get_string (io, "state", LIMN_JSON_READER_REQUIRED, 64, &state, where, error) ||
          !limn_json_reader_get_uuid (io, "base_annotation_id", LIMN_JSON_READER_OPTIONAL, &base,
                                      where, error) ||
          !limn_json_reader_get_uuid (io, "result_annotation_id", LIMN_JSON_READER_OPTIONAL, &result,
                                      where, error))
        return FALSE;

      item = g_new0 (LimnCampaignItem, 1);
      item->task_id = g_strdup (task_id);
      item->annotator = g_strdup (annotator);
      item->state = index_of (item_state_names, G_N_ELEMENTS (item_state_names), state,
                              LIMN_CAMPAIGN_ITEM_UNKNOWN);
      item->base_annotation_id = g_strdup (base);
      item->result_annotation_id = g_strdup (result);
      g_ptr_array_add (c->items, item);
    }

  return TRUE;
}

/* "labels": {"Car": {"before": 3, "after": 1, "shift": -2}, …} */
static gboolean
parse_label_shifts (JsonObject   *cmp,
                    LimnCampaign *c,
                    const char   *ctx,
                    GError      **error)
{
  g_autofree char *where = g_strdup_printf ("%s.labels", ctx);
  JsonObject *labels = NULL;
  g_autoptr(GList) names = NULL;

  if (!limn_json_reader_get_object (cmp, "labels", LIMN_JSON_READER_OPTIONAL, &labels, ctx, error))
    return FALSE;
  if (labels == NULL)
    return TRUE;

  if (json_object_get_size (labels) > LIMN_WIRE_MAX_CAMPAIGN_LABELS)
    return limn_wire_bad (error, where, NULL, _("lists too many labels"));
  c->label_shifts = g_ptr_array_new_with_free_func (label_shift_free);
  names = json_object_get_members (labels);
  for (GList *l = names; l != NULL; l = l->next)
    {
      const char *name = l->data;
      g_autofree char *lwhere = g_strdup_printf ("%s.%s", where, name);
      JsonObject *row = NULL;
      LimnCampaignLabelShift shift = { NULL, 0, 0 };

      if (name[0] == '\0' || strlen (name) > MAX_KEY || !g_utf8_validate (name, -1, NULL))
        return limn_wire_bad (error, where, NULL, _("names a label badly"));
      if (!limn_json_reader_get_object (labels, name, LIMN_JSON_READER_REQUIRED, &row, where, error) ||
          !limn_json_reader_get_whole (row, "before", LIMN_JSON_READER_REQUIRED, 0, G_MAXINT32,
                                       &shift.before, lwhere, error) ||
          !limn_json_reader_get_whole (row, "after", LIMN_JSON_READER_REQUIRED, 0, G_MAXINT32,
                                       &shift.after, lwhere, error))
        return FALSE;
      shift.name = g_strdup (name);
      g_ptr_array_add (c->label_shifts, g_memdup2 (&shift, sizeof shift));
    }
  return TRUE;
}

static gboolean
parse_comparison (JsonObject   *o,
                  LimnCampaign *c,
                  const char   *ctx,
                  GError      **error)
{
  g_autofree char *where = g_strdup_printf ("%s.comparison", ctx);
  g_autofree char *awhere = g_strdup_printf ("%s.comparison.agreement", ctx);
  JsonObject *cmp = NULL, *agreement = NULL;

  if (!limn_json_reader_get_object (o, "comparison", LIMN_JSON_READER_OPTIONAL, &cmp, ctx, error))
    return FALSE;
  if (cmp == NULL)
    return TRUE;

  if (!limn_json_reader_get_whole (cmp, "items_changed", LIMN_JSON_READER_OPTIONAL, 0, G_MAXINT32,
                                   &c->items_changed, where, error) ||
      !limn_json_reader_get_whole (cmp, "items", LIMN_JSON_READER_OPTIONAL, 0, G_MAXINT32,
                                   &c->items_compared, where, error) ||
      !parse_label_shifts (cmp, c, where, error) ||
      !limn_json_reader_get_object (cmp, "agreement", LIMN_JSON_READER_OPTIONAL, &agreement, where, error))
    return FALSE;
  if (agreement == NULL)
    return TRUE;

  return limn_json_reader_get_double (agreement, "before", LIMN_JSON_READER_OPTIONAL, -1e6, 1,
                                      &c->agreement_before, awhere, error) &&
         limn_json_reader_get_double (agreement, "after", LIMN_JSON_READER_OPTIONAL, -1e6, 1,
                                      &c->agreement_after, awhere, error);
}

static LimnCampaign *
parse_one (JsonObject  *o,
           const char  *ctx,
           GError     **error)
{
  g_autoptr(LimnCampaign) c = g_new0 (LimnCampaign, 1);
  const char *id = NULL, *project_id = NULL, *state = NULL;

  c->rework = -1;
  c->items_changed = -1;
  c->items_compared = -1;
  c->tasks = -1;
  c->agreement_before = c->agreement_after = NAN;

  if (!limn_json_reader_get_uuid (o, "id", LIMN_JSON_READER_REQUIRED, &id, ctx, error) ||
      !limn_json_reader_get_uuid (o, "project_id", LIMN_JSON_READER_REQUIRED, &project_id, ctx, error) ||
      !limn_json_reader_get_string (o, "state", LIMN_JSON_READER_REQUIRED, 64, &state, ctx, error) ||
      !parse_scope (o, &c->scope, ctx, error) ||
      !dup_string (o, "reason", LIMN_WIRE_MAX_FIELD, &c->reason, ctx, error) ||
      !dup_string (o, "proposed_by", MAX_KEY, &c->proposed_by, ctx, error) ||
      !dup_string (o, "proposed_from_alert", MAX_KEY, &c->proposed_from_alert, ctx, error) ||
      !dup_string (o, "approved_by", MAX_KEY, &c->approved_by, ctx, error) ||
      !dup_string (o, "from", 64, &c->from, ctx, error) ||
      !limn_json_reader_get_whole (o, "base_version", LIMN_JSON_READER_OPTIONAL, 1, G_MAXINT32,
                                   &c->base_version, ctx, error) ||
      !limn_json_reader_get_whole (o, "result_version", LIMN_JSON_READER_OPTIONAL, 1, G_MAXINT32,
                                   &c->result_version, ctx, error) ||
      !dup_string (o, "finished_by", MAX_KEY, &c->finished_by, ctx, error) ||
      !dup_string (o, "rolled_back_by", MAX_KEY, &c->rolled_back_by, ctx, error) ||
      !dup_string (o, "cancelled_by", MAX_KEY, &c->cancelled_by, ctx, error) ||
      !limn_json_reader_get_int (o, "created_us", LIMN_JSON_READER_REQUIRED, 0, G_MAXINT64, &c->created_us,
                                 ctx, error) ||
      !limn_json_reader_get_int (o, "updated_us", LIMN_JSON_READER_OPTIONAL, 0, G_MAXINT64, &c->updated_us,
                                 ctx, error) ||
      !limn_json_reader_get_whole (o, "rework", LIMN_JSON_READER_OPTIONAL, 0, G_MAXINT32, &c->rework,
                                   ctx, error) ||
      !parse_progress (o, c, ctx, error) ||
      !parse_items (o, c, ctx, error) ||
      !parse_comparison (o, c, ctx, error))
    return NULL;

  c->id = g_strdup (id);
  c->project_id = g_strdup (project_id);
  c->state = index_of (state_names, G_N_ELEMENTS (state_names), state, LIMN_CAMPAIGN_UNKNOWN);
  /* A proposal nobody proposed and no alert did cannot be told apart from
   * a forged one: the app would word it as the server's. */
  if (c->proposed_by == NULL && c->proposed_from_alert == NULL && c->state == LIMN_CAMPAIGN_PROPOSED)
    return limn_wire_bad (error, ctx, "proposed_by", _("is missing, and no alert proposed it")), NULL;
  return g_steal_pointer (&c);
}

static GPtrArray *
read_campaigns (GBytes  *body,
                GError **error)
{
  g_autoptr(JsonObject) root = limn_wire_parse_root (body, error);
  g_autoptr(GPtrArray) out = NULL;
  JsonArray *array = NULL;
  const char *project_id = NULL;

  if (root == NULL ||
      !limn_json_reader_get_uuid (root, "project_id", LIMN_JSON_READER_REQUIRED, &project_id, "campaigns",
                                  error) ||
      !limn_json_reader_get_array (root, "campaigns", LIMN_JSON_READER_REQUIRED, LIMN_WIRE_MAX_CAMPAIGNS,
                                   &array, "campaigns", error))
    return NULL;

  out = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_campaign_free);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *where = g_strdup_printf ("campaigns[%u]", i);
      JsonObject *o = limn_json_reader_get_element_object (array, i, where, error);
      LimnCampaign *c = o != NULL ? parse_one (o, where, error) : NULL;

      if (c == NULL)
        return NULL;
      g_ptr_array_add (out, c);
      if (!g_str_equal (c->project_id, project_id))
        return limn_wire_bad (error, where, "project_id", _("is not the project asked for")), NULL;
    }

  return g_steal_pointer (&out);
}

GPtrArray *
limn_wire_parse_campaigns (GBytes  *body,
                           GError **error)
{
  return limn_wire_answer_checked (read_campaigns (body, error), error);
}

static LimnCampaign *
read_campaign (GBytes  *body,
               GError **error)
{
  g_autoptr(JsonObject) root = limn_wire_parse_root (body, error);

  if (root == NULL)
    return NULL;
  return parse_one (root, "campaign", error);
}

LimnCampaign *
limn_wire_parse_campaign (GBytes  *body,
                          GError **error)
{
  return limn_wire_answer_checked (read_campaign (body, error), error);
}
