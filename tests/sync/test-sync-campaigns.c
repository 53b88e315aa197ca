/* test-sync-campaigns.c
 *
 * Relabel campaigns on the client (issue 20): the server's answers as JSON
 * fixtures written to the contract (tests/sync/data/campaigns), parsed
 * strictly (every bad one an error naming its member; a newer server's
 * members and states ignored), and against the real limn-server on
 * loopback with real clients: a reviewer lists the campaign an admin
 * proposed for her (rita), is refused approving her own proposal (403),
 * a second reviewer (olga) approves it; the annotator (alice) gets the
 * rework; a cancel takes it back and alice's task is submitted again,
 * not expired; and a finished campaign's rollback leaves alice's task
 * accepted with the base answer's regions as its latest revision.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "limn-server-test.h"
#include "limn-sync-test.h"
#include "sync/limn-sync-client-private.h"
#include "sync/limn-wire-campaigns.h"

#define P "11111111-1111-4111-8111-111111111111"

static GBytes *
fixture_bytes (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "sync", "data", "campaigns", name, NULL);
  char *contents = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  g_assert_no_error (error);

  return g_bytes_new_take (contents, len);
}

static void
test_parse_list (void)
{
  g_autoptr(GBytes) body = fixture_bytes ("list.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = limn_wire_parse_campaigns (body, &error);
  LimnCampaign *c;

  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 3);

  c = g_ptr_array_index (list, 0);
  g_assert_cmpstr (c->id, ==, "22222222-2222-4222-8222-222222222222");
  g_assert_cmpstr (c->project_id, ==, P);
  g_assert_cmpint (c->state, ==, LIMN_CAMPAIGN_PROPOSED);
  g_assert_cmpstr (c->scope.label, ==, "33333333-3333-4333-8333-333333333333");
  g_assert_cmpfloat_with_epsilon (c->scope.agreement_below, 0.6, 1e-9);
  g_assert_cmpstr (c->scope.alert_id, ==, "44444444-4444-4444-8444-444444444444");
  g_assert_null (c->scope.annotator);
  g_assert_cmpint (c->scope.since_us, ==, -1);
  g_assert_cmpint (c->scope.guideline_version, ==, -1);
  g_assert_null (c->proposed_by);
  g_assert_cmpstr (c->proposed_from_alert, ==, "44444444-4444-4444-8444-444444444444");
  g_assert_null (c->approved_by);
  g_assert_cmpint (c->base_version, ==, 0);
  g_assert_true (c->has_progress);
  g_assert_cmpint (c->total, ==, 14);
  /* An older server's list: no task count, no comparison. */
  g_assert_cmpint (c->tasks, ==, -1);
  g_assert_null (c->label_shifts);
  g_assert_cmpint (c->rework, ==, -1);
  g_assert_null (c->items);
  g_assert_cmpint (c->created_us, ==, G_GINT64_CONSTANT (1700000000000000));

  c = g_ptr_array_index (list, 1);
  g_assert_cmpint (c->state, ==, LIMN_CAMPAIGN_RUNNING);
  g_assert_cmpstr (c->scope.annotator, ==, "annotator-2");
  g_assert_cmpstr (c->scope.source, ==, "model");
  g_assert_cmpint (c->scope.since_us, ==, G_GINT64_CONSTANT (1796083200000000));
  g_assert_cmpint (c->scope.guideline_version, ==, 3);
  g_assert_true (isnan (c->scope.agreement_below));
  g_assert_cmpstr (c->reason, ==, "Bicycle and Person confused");
  g_assert_cmpstr (c->proposed_by, ==, "rita-id");
  g_assert_cmpstr (c->approved_by, ==, "olga-id");
  g_assert_cmpint (c->base_version, ==, 4);
  g_assert_cmpint (c->reworked, ==, 9);
  g_assert_cmpint (c->remaining, ==, 5);

  /* A newer server's state: kept, told apart, no progress. */
  c = g_ptr_array_index (list, 2);
  g_assert_cmpint (c->state, ==, LIMN_CAMPAIGN_UNKNOWN);
  g_assert_false (c->has_progress);
  g_assert_null (limn_campaign_state_to_string (c->state));
}

static void
test_parse_status (void)
{
  g_autoptr(GBytes) body = fixture_bytes ("status.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnCampaign) c = limn_wire_parse_campaign (body, &error);
  LimnCampaignItem *item;

  g_assert_no_error (error);
  g_assert_cmpint (c->state, ==, LIMN_CAMPAIGN_DONE);
  g_assert_cmpstr (limn_campaign_state_to_string (c->state), ==, "done");
  g_assert_cmpstr (c->scope.label, ==, "Car");
  g_assert_cmpstr (c->from, ==, "accepted");
  g_assert_cmpint (c->result_version, ==, 2);
  g_assert_cmpstr (c->finished_by, ==, "olga-id");
  g_assert_cmpint (c->withdrawn, ==, 1);
  g_assert_cmpint (c->items_changed, ==, 1);
  g_assert_cmpfloat_with_epsilon (c->agreement_before, -0.1667, 1e-9);
  g_assert_cmpfloat_with_epsilon (c->agreement_after, 1.0, 1e-9);
  g_assert_cmpint (c->tasks, ==, 1);
  g_assert_cmpint (c->items_compared, ==, 2);
  /* Label shifts in the server's order. */
  g_assert_cmpuint (c->label_shifts->len, ==, 2);
  g_assert_cmpstr (((LimnCampaignLabelShift *) g_ptr_array_index (c->label_shifts, 0))->name, ==, "Car");
  g_assert_cmpint (((LimnCampaignLabelShift *) g_ptr_array_index (c->label_shifts, 0))->after, ==, 0);
  g_assert_cmpstr (((LimnCampaignLabelShift *) g_ptr_array_index (c->label_shifts, 1))->name, ==, "Person");
  g_assert_cmpint (((LimnCampaignLabelShift *) g_ptr_array_index (c->label_shifts, 1))->before, ==, 1);
  g_assert_cmpint (((LimnCampaignLabelShift *) g_ptr_array_index (c->label_shifts, 1))->after, ==, 2);
  g_assert_cmpuint (c->items->len, ==, 2);
  item = g_ptr_array_index (c->items, 0);
  g_assert_cmpint (item->state, ==, LIMN_CAMPAIGN_ITEM_REWORKED);
  g_assert_cmpstr (item->annotator, ==, "u1");
  g_assert_cmpstr (item->result_annotation_id, ==, "99999999-9999-4999-8999-999999999999");
  item = g_ptr_array_index (c->items, 1);
  g_assert_cmpint (item->state, ==, LIMN_CAMPAIGN_ITEM_WITHDRAWN);
  g_assert_null (item->result_annotation_id);
}

/* Each bad answer is one BAD_RESPONSE naming what is wrong. */
static void
test_parse_bad (void)
{
  static const struct { const char *name; const char *says; } bad[] = {
    { "bad-id.json", "campaigns[1].id" },
    { "bad-state-type.json", "campaigns[0].state" },
    { "bad-progress-type.json", "campaigns[1].progress.total" },
    { "bad-progress-sum.json", "campaigns[1].progress" },
    { "bad-progress-tasks.json", "campaigns[1].progress" },
    { "bad-agreement-type.json", "campaigns[0].scope.agreement_below" },
    { "bad-project.json", "campaigns[1].project_id" },
    { "bad-no-proposer.json", "campaigns[0].proposed_by" },
    { "bad-campaigns-type.json", "campaigns.campaigns" },
    { "bad-created-missing.json", "campaigns[2].created_us" },
    { "bad-truncated.json", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GBytes) body = fixture_bytes (bad[i].name);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) list = limn_wire_parse_campaigns (body, &error);

      g_test_message ("%s: %s", bad[i].name, error != NULL ? error->message : "(parsed)");
      g_assert_null (list);
      g_assert_error (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_BAD_RESPONSE);
      if (bad[i].says != NULL && strstr (error->message, bad[i].says) == NULL)
        g_error ("%s: “%s” does not name %s", bad[i].name, error->message, bad[i].says);
    }

  /* One campaign: the same checks, named "campaign". */
  {
    g_autoptr(GBytes) body = g_bytes_new_static ("{\"id\": \"x\"}", 11);
    g_autoptr(GError) error = NULL;
    g_autoptr(LimnCampaign) c = limn_wire_parse_campaign (body, &error);

    g_assert_null (c);
    g_assert_error (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_BAD_RESPONSE);
    g_assert_nonnull (strstr (error->message, "campaign.id"));
  }
  {
    g_autoptr(GBytes) body = fixture_bytes ("bad-label-shift.json");
    g_autoptr(GError) error = NULL;
    g_autoptr(LimnCampaign) c = limn_wire_parse_campaign (body, &error);

    g_assert_null (c);
    g_assert_error (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_BAD_RESPONSE);
    g_test_message ("bad-label-shift.json: %s", error->message);
    g_assert_nonnull (strstr (error->message, "campaign.comparison.labels.Car"));
  }
}

/* Against the real server */

typedef struct
{
  LimnTestServer     *server;
  char               *project_id;
  GPtrArray          *task_ids;
  LimnSyncTestClient *alice, *rita, *olga;
} Team;

static LimnSyncTestClient *
member (Team       *t,
        const char *name,
        const char *role)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = limn_test_server_add_token (t->server, name, t->project_id, role, NULL);
  LimnSyncTestClient *c = limn_sync_test_client_new (NULL);

  g_assert_true (limn_sync_test_sign_in (c->client, limn_test_server_get_url (t->server), token, &error));
  g_assert_no_error (error);
  limn_sync_client_set_prefetch_count (c->client, 0);
  return c;
}

static void
sync_ok (LimnSyncTestClient *c)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (limn_sync_test_sync (c->client, &error));
  g_assert_no_error (error);
  g_assert_cmpint (limn_sync_client_get_n_pending (c->client), ==, 0);
}

/* Alice claims and answers both tasks (one box each); the admin CLI
 * proposes a campaign over her answers, by rita. Returns its id. */
static char *
team_start (Team *t)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) claimed = NULL;
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *proposed;

  t->server = limn_test_server_new ();
  limn_test_server_start (t->server, NULL, NULL);
  t->project_id = limn_test_server_add_image_project (t->server, "Campaigns", 2);
  t->task_ids = limn_test_server_get_task_ids (t->server, t->project_id);
  t->alice = member (t, "alice", "annotator");
  t->rita = member (t, "rita", "reviewer");
  t->olga = member (t, "olga", "reviewer");

  claimed = limn_sync_test_claim (t->alice->client, t->project_id, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (claimed->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    g_free (limn_sync_test_label_task (t->alice, t->project_id, g_ptr_array_index (t->task_ids, i), 1, FALSE));
  sync_ok (t->alice);

  out = limn_test_server_admin (t->server, "campaign", "propose", "--project", t->project_id,
                                "--annotator", "alice", "--reason", "Check alice's boxes", "--by", "rita",
                                NULL);
  node = json_from_string (out, &error);
  g_assert_no_error (error);
  proposed = json_node_get_object (node);
  g_assert_cmpint (json_object_get_int_member (proposed, "answers"), ==, 2);
  return g_strdup (json_object_get_string_member (proposed, "id"));
}

static void
team_clear (Team *t)
{
  limn_sync_test_client_free (t->alice, FALSE);
  limn_sync_test_client_free (t->rita, FALSE);
  limn_sync_test_client_free (t->olga, FALSE);
  g_free (t->project_id);
  limn_test_server_free (t->server);
}

static GPtrArray *
list (LimnSyncTestClient *c,
      const char         *project_id,
      GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  limn_sync_client_list_campaigns_async (c->client, project_id, NULL, limn_sync_test_done_cb, &result);
  limn_sync_test_wait (&result);
  return limn_sync_client_list_campaigns_finish (c->client, result, error);
}

static LimnCampaign *
approve (LimnSyncTestClient *c,
         const char         *project_id,
         const char         *campaign_id,
         GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  limn_sync_client_approve_campaign_async (c->client, project_id, campaign_id, NULL,
                                           limn_sync_test_done_cb, &result);
  limn_sync_test_wait (&result);
  return limn_sync_client_approve_campaign_finish (c->client, result, error);
}

/* alice's assignment of task @i as "status/rework" in her own store. */
static char *
local_state (Team *t,
             guint i)
{
  g_autofree char *sql = NULL;
  const char *task = g_ptr_array_index (t->task_ids, i);
  const char *states[] = { "new", "assigned", "in_progress", "submitted", "accepted", "expired" };
  gint64 status, rework;

  sql = g_strdup_printf ("SELECT CASE status WHEN 'new' THEN 0 WHEN 'assigned' THEN 1 WHEN 'in_progress' "
                         "THEN 2 WHEN 'submitted' THEN 3 WHEN 'accepted' THEN 4 WHEN 'expired' THEN 5 "
                         "ELSE 9 END FROM assignments WHERE task_id = '%s'", task);
  status = limn_sync_test_count (t->alice->worker, sql);
  g_free (sql);
  sql = g_strdup_printf ("SELECT rework FROM assignments WHERE task_id = '%s'", task);
  rework = limn_sync_test_count (t->alice->worker, sql);
  return g_strdup_printf ("%s/%" G_GINT64_FORMAT, status >= 0 && status < 6 ? states[status] : "?", rework);
}

static void
test_server_approve (void)
{
  Team t = { 0 };
  g_autofree char *id = team_start (&t);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) campaigns = NULL;
  g_autoptr(LimnCampaign) refused = NULL;
  g_autoptr(LimnCampaign) running = NULL;
  g_autofree char *s0 = NULL, *s1 = NULL, *s2 = NULL, *s3 = NULL;
  LimnCampaign *c;

  /* An annotator sees none. */
  campaigns = list (t.alice, t.project_id, &error);
  g_assert_null (campaigns);
  g_assert_error (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_FORBIDDEN);
  g_clear_error (&error);

  campaigns = list (t.rita, t.project_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (campaigns->len, ==, 1);
  c = g_ptr_array_index (campaigns, 0);
  g_assert_cmpstr (c->id, ==, id);
  g_assert_cmpint (c->state, ==, LIMN_CAMPAIGN_PROPOSED);
  g_assert_cmpstr (c->proposed_by, ==, limn_sync_client_get_user_id (t.rita->client));
  g_assert_cmpstr (c->reason, ==, "Check alice's boxes");
  g_assert_cmpint (c->total, ==, 2);

  /* The proposer may not start it. */
  refused = approve (t.rita, t.project_id, id, &error);
  g_assert_null (refused);
  g_assert_error (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_FORBIDDEN);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  running = approve (t.olga, t.project_id, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (running->state, ==, LIMN_CAMPAIGN_RUNNING);
  g_assert_cmpstr (running->approved_by, ==, limn_sync_client_get_user_id (t.olga->client));
  g_assert_cmpint (running->rework, ==, 2);
  g_assert_cmpint (running->base_version, >=, 1);

  /* Twice: no longer waiting for approval. */
  g_clear_pointer (&refused, limn_campaign_free);
  refused = approve (t.olga, t.project_id, id, &error);
  g_assert_null (refused);
  g_assert_error (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_REFUSED);
  g_clear_error (&error);

  /* Alice has both back as rework; the cancel takes them back, and her
   * answers stand as submitted, not lost. */
  s0 = local_state (&t, 0);
  g_assert_cmpstr (s0, ==, "submitted/0");
  sync_ok (t.alice);
  s1 = local_state (&t, 0);
  g_assert_cmpstr (s1, ==, "assigned/1");
  g_free (limn_test_server_admin (t.server, "campaign", "cancel", id, "--by", "olga", NULL));
  sync_ok (t.alice);
  s2 = local_state (&t, 0);
  s3 = local_state (&t, 1);
  g_assert_cmpstr (s2, ==, "submitted/0");
  g_assert_cmpstr (s3, ==, "submitted/0");

  team_clear (&t);
}

/* The region count of alice's latest revision of task @i. */
static gint64
latest_regions (Team *t,
                guint i)
{
  g_autofree char *sql = g_strdup_printf ("SELECT region_count FROM annotations WHERE task_id = '%s' "
                                          "ORDER BY revision DESC LIMIT 1",
                                          (char *)g_ptr_array_index (t->task_ids, i));

  return limn_sync_test_count (t->alice->worker, sql);
}

static void
test_server_rollback (void)
{
  Team t = { 0 };
  g_autofree char *id = team_start (&t);
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnCampaign) running = NULL;
  g_autofree char *s0 = NULL;

  running = approve (t.olga, t.project_id, id, &error);
  g_assert_no_error (error);
  sync_ok (t.alice);

  /* Alice redoes both with a second box; the campaign ends; then it is
   * rolled back: her answers are the base ones again, from the server. */
  for (guint i = 0; i < 2; i++)
    g_free (limn_sync_test_label_task_full (t.alice, t.project_id, g_ptr_array_index (t.task_ids, i), 1, FALSE,
                                            0.5));
  sync_ok (t.alice);
  g_assert_cmpint (latest_regions (&t, 0), ==, 2);
  g_free (limn_test_server_admin (t.server, "campaign", "finish", id, "--by", "olga", NULL));
  g_free (limn_test_server_admin (t.server, "campaign", "rollback", id, "--by", "olga", NULL));
  sync_ok (t.alice);

  g_assert_cmpint (latest_regions (&t, 0), ==, 1);
  g_assert_cmpint (latest_regions (&t, 1), ==, 1);
  s0 = local_state (&t, 0);
  g_assert_cmpstr (s0, ==, "accepted/0");

  team_clear (&t);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync/campaigns/parse-list", test_parse_list);
  g_test_add_func ("/sync/campaigns/parse-status", test_parse_status);
  g_test_add_func ("/sync/campaigns/parse-bad", test_parse_bad);
  g_test_add_func ("/sync/campaigns/server-approve", test_server_approve);
  g_test_add_func ("/sync/campaigns/server-rollback", test_server_rollback);

  return g_test_run ();
}
