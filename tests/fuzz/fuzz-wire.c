/* fuzz-wire.c
 *
 * The sync client's parser of the server's answers (sync/limn-wire-parse.c),
 * every entry point. The first byte picks one and its arguments; the rest
 * is the body:
 *
 *   byte % 6: 0 me, 1 project, 2 claims, 3 batch results, 4 changes,
 *             5 an error answer
 *   byte / 6: 1 project: another project's id is asked for (bit 0);
 *             2 claims: the project's kind (image, text, both) and count;
 *             3 results: how many items were sent (0 to 3, LIMN_FUZZ_ITEM);
 *             4 changes: the limit (1, 10 or 1000)
 *   byte ≥ 240, the newer parsers (so the older seeds keep their meaning):
 *             (byte − 240) % 3: 0 the team dashboard
 *             (limn-wire-dashboard.c), 1 the campaign list, 2 one campaign
 *             (limn-wire-campaigns.c)
 *
 * The parser's promise (limn-wire.h): a complete value or an error
 * (LIMN_SYNC_ERROR_BAD_RESPONSE), never a partial result or an assertion;
 * and what it returns keeps the rules it checked.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "limn-fuzz.h"
#include "limn-fuzz-ids.h"
#include "model/limn-id.h"
#include "sync/limn-wire.h"
#include "sync/limn-wire-campaigns.h"
#include "sync/limn-wire-dashboard.h"

static gboolean
checked (gpointer   value,
         GError   **error)
{
  if (value != NULL)
    g_assert_null (*error);
  else
    g_assert_error (*error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_BAD_RESPONSE);
  g_clear_error (error);
  return value != NULL;
}

static LimnProject *
make_project (LimnProjectKind kind)
{
  LimnProject *project = limn_project_new (LIMN_FUZZ_PROJECT, "P", kind);
  g_autoptr(LimnLabel) per = limn_label_new (LIMN_FUZZ_LABEL_PER, "Person", "#3584e4", "1");
  g_autoptr(LimnLabel) cat = limn_label_new (LIMN_FUZZ_LABEL_CAT, "cat", "#e66100", NULL);

  limn_project_add_label (project, per);
  limn_project_add_label (project, cat);
  return project;
}

static void
check_assignment (LimnWireAssignment *a,
                  LimnProject        *project)
{
  LimnTask *task = a->task;

  g_assert_true (limn_id_is_uuid (a->assignment_id));
  g_assert_cmpint (a->lease_expires_us, >, 0);
  g_assert_nonnull (task);
  g_assert_nonnull (a->suggestions);
  for (guint i = 0; i < a->suggestions->len; i++)
    {
      LimnRegion *r = g_ptr_array_index (a->suggestions, i);

      g_assert_true (project == NULL || limn_project_lookup_label (project, r->label_id) != NULL);
      if (r->kind == LIMN_REGION_SPAN)
        {
          g_assert_true (limn_task_get_kind (task) == LIMN_TASK_TEXT);
          g_assert_true (r->start >= 0 && r->start < r->end &&
                         r->end <= limn_task_get_text_length (task));
        }
      else
        g_assert_true (limn_task_get_kind (task) == LIMN_TASK_IMAGE);
    }
}

static void
check_dashboard (GBytes *body)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnTeamDashboard) d = limn_wire_parse_dashboard (body, &error);

  if (!checked (d, &error))
    return;
  g_assert_nonnull (d->project_id);
  for (guint i = 0; i < d->hot_spots->len; i++)
    {
      LimnDashboardHotSpot *h = g_ptr_array_index (d->hot_spots, i);

      g_assert_true (h->label != NULL && h->confused_with != NULL);
      g_assert_true (h->disagreement >= 0 && h->disagreement <= 1);
    }
  for (guint i = 0; i < d->alerts->len; i++)
    {
      LimnDashboardAlert *a = g_ptr_array_index (d->alerts, i);

      g_assert_cmpint (a->kind, <=, LIMN_ALERT_UNKNOWN);
      /* A known kind is told from its figures: they are there. */
      if (a->kind != LIMN_ALERT_UNKNOWN)
        g_assert_true (a->subject != NULL && !isnan (a->value) && !isnan (a->threshold));
    }
}

static void
check_campaign (LimnCampaign *c)
{
  g_assert_true (limn_id_is_uuid (c->id) && limn_id_is_uuid (c->project_id));
  g_assert_cmpint (c->state, <=, LIMN_CAMPAIGN_UNKNOWN);
  if (c->has_progress)
    {
      g_assert_cmpint (c->reworked + c->remaining + c->withdrawn, <=, c->total);
      g_assert_cmpint (c->tasks, <=, c->total);
    }
  for (guint i = 0; c->label_shifts != NULL && i < c->label_shifts->len; i++)
    {
      LimnCampaignLabelShift *shift = g_ptr_array_index (c->label_shifts, i);

      g_assert_true (shift->name != NULL && shift->name[0] != '\0');
      g_assert_true (g_utf8_validate (shift->name, -1, NULL));
      g_assert_true (shift->before >= 0 && shift->after >= 0);
    }
  for (guint i = 0; c->items != NULL && i < c->items->len; i++)
    {
      LimnCampaignItem *item = g_ptr_array_index (c->items, i);

      g_assert_true (limn_id_is_uuid (item->task_id) && item->annotator != NULL);
    }
}

static void
check_newer (guint   which,
             GBytes *body)
{
  g_autoptr(GError) error = NULL;

  switch (which % 3)
    {
    case 0:
      check_dashboard (body);
      break;

    case 1:
      {
        g_autoptr(GPtrArray) list = limn_wire_parse_campaigns (body, &error);

        if (checked (list, &error))
          for (guint i = 0; i < list->len; i++)
            check_campaign (g_ptr_array_index (list, i));
      }
      break;

    default:
      {
        g_autoptr(LimnCampaign) c = limn_wire_parse_campaign (body, &error);

        if (checked (c, &error))
          check_campaign (c);
      }
      break;
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  guint arg;

  if (size == 0)
    return 0;

  body = g_bytes_new (data + 1, size - 1);
  if (data[0] >= 240)
    {
      check_newer (data[0] - 240, body);
      return 0;
    }
  arg = data[0] / 6;

  switch (data[0] % 6)
    {
    case 0:
      {
        g_autoptr(LimnWireMe) me = limn_wire_parse_me (body, &error);

        if (checked (me, &error))
          g_assert_true (limn_id_is_uuid (me->user_id) && me->user_name != NULL &&
                         (me->project_id == NULL || limn_id_is_uuid (me->project_id)));
      }
      break;

    case 1:
      {
        const char *asked = arg & 1 ? LIMN_FUZZ_LABEL_CAT : LIMN_FUZZ_PROJECT;
        g_autoptr(LimnWireProject) project = limn_wire_parse_project (body, arg & 2 ? NULL : asked,
                                                                      &error);

        if (checked (project, &error))
          {
            g_assert_true (arg & 2 || g_str_equal (limn_project_get_id (project->project), asked));
            g_assert_nonnull (project->settings_json);
          }
      }
      break;

    case 2:
      {
        static const LimnProjectKind kinds[] = {
          LIMN_PROJECT_IMAGE, LIMN_PROJECT_TEXT, LIMN_PROJECT_BOTH,
        };
        g_autoptr(LimnProject) project = make_project (kinds[arg % 3]);
        guint max_count = arg / 3 % 2 ? 1 : 200;
        g_autoptr(GPtrArray) claims = limn_wire_parse_claims (body, project, max_count, &error);

        if (checked (claims, &error))
          {
            g_assert_cmpuint (claims->len, <=, max_count);
            for (guint i = 0; i < claims->len; i++)
              check_assignment (g_ptr_array_index (claims, i), project);
          }
      }
      break;

    case 3:
      {
        g_autoptr(GPtrArray) ids = g_ptr_array_new ();
        g_autoptr(GPtrArray) results = NULL;
        static const char * const items[] = {
          LIMN_FUZZ_ITEM (1), LIMN_FUZZ_ITEM (2), LIMN_FUZZ_ITEM (3),
        };

        for (guint i = 0; i < arg % 4; i++)
          g_ptr_array_add (ids, (gpointer)items[i]);
        results = limn_wire_parse_results (body, ids, &error);
        if (checked (results, &error))
          {
            g_assert_cmpuint (results->len, ==, ids->len);
            for (guint i = 0; i < results->len; i++)
              {
                LimnWireResult *r = g_ptr_array_index (results, i);

                g_assert_cmpstr (r->id, ==, items[i]);
                g_assert_true (r->status <= LIMN_WIRE_REJECTED);
              }
          }
      }
      break;

    case 4:
      {
        static const guint limits[] = { 1, 10, 1000 };
        guint limit = limits[arg % 3];
        g_autoptr(LimnWireChanges) changes = limn_wire_parse_changes (body, limit, &error);

        if (checked (changes, &error))
          {
            g_assert_cmpuint (changes->changes->len, <=, limit);
            g_assert_true (changes->cursor != NULL && changes->cursor[0] != '\0');
            for (guint i = 0; i < changes->changes->len; i++)
              {
                LimnWireChange *c = g_ptr_array_index (changes->changes, i);

                g_assert_true (i == 0 ||
                               c->seq > ((LimnWireChange *)g_ptr_array_index (changes->changes,
                                                                              i - 1))->seq);
                if (c->assignment != NULL)
                  check_assignment (c->assignment, NULL);
                if (c->kind == LIMN_WIRE_CHANGE_GOLD)
                  g_assert_true (c->regions != NULL && c->regions_json != NULL);
              }
          }
      }
      break;

    default:
      {
        g_autofree char *message = limn_wire_parse_error (body);

        g_assert_true (message == NULL || g_utf8_validate (message, -1, NULL));
      }
      break;
    }

  return 0;
}
