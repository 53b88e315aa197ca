/* test-server-parity-datasets.c
 *
 * The dataset and campaign storage calls answer the same on PostgreSQL as
 * on SQLite (limn-server-backend-{sqlite,pg}-{datasets,campaigns}.c): one
 * seeded history (limn-server-history.h) and one sequence of writes on
 * each store, every read dumped as text, field by field, in the order the
 * calls give; the two dumps must be equal line for line. That covers what
 * the HTTP tests cannot see: tie-breaks (rowid there, recv_seq here),
 * text order, NULLs, doubles and blobs with NUL bytes or none at all.
 *
 * Runs with LIMN_TEST_BACKEND=postgresql (suite postgresql); where
 * PostgreSQL cannot start the binary exits 77 (skipped).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "backend/limn-server-backend.h"
#include "limn-server-history.h"
#include "limn-test-postgres.h"
#include "limn-test-util.h"

#define I64 "%" G_GINT64_FORMAT

static const char *
or_null (const char *s)
{
  return s != NULL ? s : "(null)";
}

static void
dump_tasks (GString   *out,
            GPtrArray *tasks)
{
  g_string_append_printf (out, "tasks: %u\n", tasks->len);
  for (guint i = 0; i < tasks->len; i++)
    {
      LimnServerTask *t = g_ptr_array_index (tasks, i);

      g_string_append_printf (out, "  task %s %s %s %s " I64 " %s " I64 " " I64 "x" I64
                              " %s %s %s %s %s\n",
                              t->id, t->project_id, t->kind, t->title, t->position,
                              or_null (t->media_sha256), t->media_size, t->width, t->height,
                              or_null (t->mime), or_null (t->text), or_null (t->language),
                              or_null (t->direction), or_null (t->suggestions));
    }
}

static void
dump_revisions (GString   *out,
                GPtrArray *revisions)
{
  g_string_append_printf (out, "latest revisions: %u\n", revisions->len);
  for (guint i = 0; i < revisions->len; i++)
    {
      LimnServerRevision *r = g_ptr_array_index (revisions, i);

      g_string_append_printf (out, "  revision %s %s %s %s " I64 " " I64 " " I64 " %s %s\n",
                              r->id, r->task_id, r->annotator, or_null (r->author),
                              r->revision, r->guideline_version, r->submitted_us,
                              or_null (r->regions), or_null (r->reviewer));
    }
}

static void
dump_dataset (GString           *out,
              LimnServerDataset *d)
{
  g_string_append_printf (out, "  dataset %s " I64 " %s %.17g " I64 " [%s] %s " I64 " " I64
                          " " I64 " %s %s",
                          d->project_id, d->version, d->method, d->min_iou,
                          d->guideline_version, or_null (d->note), d->created_by, d->created_us,
                          d->items, d->regions, d->manifest, d->snapshot_sha256);
  if (d->snapshot != NULL)
    {
      gsize size;
      const guint8 *bytes = g_bytes_get_data (d->snapshot, &size);

      g_string_append_printf (out, " snapshot(%" G_GSIZE_FORMAT ")=", size);
      for (gsize i = 0; i < size; i++)
        g_string_append_printf (out, "%02x", bytes[i]);
    }
  g_string_append_c (out, '\n');
}

static void
dump_datasets (LimnServerTxn *txn,
               const char    *project_id,
               GString       *out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) datasets = txn->store->list_datasets (txn, project_id, &error);
  gint64 latest = -1;

  g_assert_no_error (error);
  g_string_append_printf (out, "datasets of %s: %u\n", project_id, datasets->len);
  for (guint i = 0; i < datasets->len; i++)
    dump_dataset (out, g_ptr_array_index (datasets, i));
  g_assert_true (txn->store->latest_dataset_version (txn, project_id, &latest, &error));
  g_string_append_printf (out, "latest version " I64 "\n", latest);
  for (gint64 v = 0; v <= 3; v++)
    {
      g_autoptr(LimnServerDataset) d = NULL;

      g_assert_true (txn->store->get_dataset (txn, project_id, v, &d, &error));
      g_string_append_printf (out, "get " I64 ":%s\n", v, d != NULL ? "" : " none");
      if (d != NULL)
        dump_dataset (out, d);
    }
}

static void
dump_campaign (GString            *out,
               LimnServerCampaign *c)
{
  g_string_append_printf (out, "  campaign %s %s %s %s %s %s %s %s %s " I64 " " I64 " %s "
                          I64 " " I64 " %s %s %s " I64 "\n",
                          c->id, c->project_id, c->state, c->scope, c->reason,
                          or_null (c->proposed_by), or_null (c->proposed_from_alert),
                          or_null (c->approved_by), c->dataset_from, c->base_version,
                          c->result_version, or_null (c->comparison), c->created_us,
                          c->updated_us, or_null (c->finished_by), or_null (c->rolled_back_by),
                          or_null (c->cancelled_by), c->proposed_from_guidelines);
}

static void
dump_campaigns (LimnServerTxn *txn,
                const char    *project_id,
                GString       *out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) campaigns = txn->store->list_campaigns (txn, project_id, &error);

  g_assert_no_error (error);
  g_string_append_printf (out, "campaigns of %s: %u\n", project_id, campaigns->len);
  for (guint i = 0; i < campaigns->len; i++)
    {
      LimnServerCampaign *c = g_ptr_array_index (campaigns, i);
      g_autoptr(GPtrArray) items = txn->store->list_campaign_items (txn, c->id, &error);

      g_assert_no_error (error);
      dump_campaign (out, c);
      for (guint j = 0; j < items->len; j++)
        {
          LimnServerCampaignItem *it = g_ptr_array_index (items, j);

          g_string_append_printf (out, "    item %s %s %s %s %s %s %s %d\n",
                                  it->campaign_id, it->task_id, it->annotator, it->state,
                                  or_null (it->base_annotation_id),
                                  or_null (it->result_annotation_id),
                                  or_null (it->prior_state), it->prior_rework);
        }
    }
}

static LimnServerDataset *
new_dataset (LimnHistory  *h,
             gint64        version,
             const char   *note,
             double        min_iou,
             const void   *snapshot,
             gsize         size)
{
  LimnServerDataset *d = g_new0 (LimnServerDataset, 1);

  d->project_id = g_strdup (h->project_id);
  d->version = version;
  d->method = g_strdup (version == 1 ? "accepted" : "majority");
  d->min_iou = min_iou;
  d->guideline_version = version - 1;
  d->note = g_strdup (note);
  d->created_by = g_strdup (h->admin_id);
  d->created_us = 1000 + version;
  d->items = 10 * version;
  d->regions = 7 * version;
  d->manifest = g_strdup_printf ("{\"version\":%" G_GINT64_FORMAT "}", version);
  d->snapshot = g_bytes_new (snapshot, size);
  d->snapshot_sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, snapshot, size);
  return d;
}

static LimnServerCampaign *
new_campaign (LimnHistory *h,
              const char  *id,
              gint64       created_us,
              const char  *proposed_by,
              gint64       from_guidelines)
{
  LimnServerCampaign *c = g_new0 (LimnServerCampaign, 1);

  c->id = g_strdup (id);
  c->project_id = g_strdup (h->project_id);
  c->state = g_strdup ("proposed");
  c->scope = g_strdup ("{\"annotator\":\"annotator-1\"}");
  c->reason = g_strdup_printf ("reason of %s", id);
  c->proposed_by = g_strdup (proposed_by);
  c->dataset_from = g_strdup ("accepted");
  c->created_us = c->updated_us = created_us;
  c->proposed_from_guidelines = from_guidelines;
  return c;
}

/* The same reads and writes on either store. */
static void
dump_calls (LimnServerTxn *txn,
            LimnHistory   *h,
            GString       *out)
{
  const LimnServerBackendInterface *s = txn->store;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tasks = NULL;
  g_autoptr(GPtrArray) revisions = NULL;
  const char *task0, *task1, *task2;
  const char *ann0 = g_ptr_array_index (h->annotator_ids, 0);
  const char *ann1 = g_ptr_array_index (h->annotator_ids, 1);

  tasks = s->list_tasks (txn, h->project_id, &error);
  g_assert_no_error (error);
  dump_tasks (out, tasks);
  g_assert_cmpuint (tasks->len, >=, 3);
  task0 = ((LimnServerTask *)g_ptr_array_index (tasks, 0))->id;
  task1 = ((LimnServerTask *)g_ptr_array_index (tasks, 1))->id;
  task2 = ((LimnServerTask *)g_ptr_array_index (tasks, 2))->id;
  revisions = s->list_latest_revisions (txn, h->project_id, &error);
  g_assert_no_error (error);
  dump_revisions (out, revisions);
  g_assert_cmpuint (revisions->len, >, 10);

  /* Not there is not an error. */
  dump_datasets (txn, h->project_id, out);
  dump_datasets (txn, "no-such-project", out);
  dump_campaigns (txn, "no-such-project", out);
  {
    g_autoptr(LimnServerCampaign) none = NULL;

    g_assert_true (s->get_campaign (txn, "no-such-campaign", &none, &error));
    g_assert_null (none);
  }

  /* Versions with a blob holding NUL bytes, an empty one, a double that
   * has no short decimal form. */
  {
    static const guint8 blob[] = { '{', 0, 0xff, 0x80, '}', '\n' };
    g_autoptr(LimnServerDataset) v1 = new_dataset (h, 1, NULL, 1.0 / 3, blob, sizeof blob);
    g_autoptr(LimnServerDataset) v2 = new_dataset (h, 2, "second — ünïcode", 0.5, "", 0);

    g_assert_true (s->insert_dataset (txn, v1, &error));
    g_assert_true (s->insert_dataset (txn, v2, &error));
    g_assert_no_error (error);
  }
  dump_datasets (txn, h->project_id, out);

  /* Suggestions set, then read back with the task. */
  g_assert_true (s->set_task_suggestions (txn, task1, "[{\"label\":\"x\",\"score\":0.25}]",
                                          &error));
  g_assert_true (s->set_task_suggestions (txn, "no-such-task", "[]", &error));
  g_assert_no_error (error);
  {
    g_autoptr(GPtrArray) again = s->list_tasks (txn, h->project_id, &error);

    g_assert_no_error (error);
    dump_tasks (out, again);
  }

  /* Campaigns: two made in the same microsecond (insertion order breaks
   * the tie, not the id), one earlier, one from guidelines. */
  {
    g_autoptr(LimnServerCampaign) late_z = new_campaign (h, "campaign-z", 500, h->reviewer_id, 0);
    g_autoptr(LimnServerCampaign) late_a = new_campaign (h, "campaign-a", 500, h->admin_id, 0);
    g_autoptr(LimnServerCampaign) early = new_campaign (h, "campaign-m", 100, NULL, 2);
    g_autoptr(LimnServerCampaign) got = NULL;
#define ITEM(campaign, task, annotator, rework) \
  { (char *)campaign, (char *)task, (char *)annotator, (char *)"proposed", NULL, NULL, NULL, \
    rework }
    LimnServerCampaignItem items[] = {
      ITEM ("campaign-z", task2, ann1, FALSE),
      ITEM ("campaign-z", task0, ann1, FALSE),
      ITEM ("campaign-z", task0, ann0, FALSE),
      ITEM ("campaign-z", task1, ann0, TRUE),
      ITEM ("campaign-m", task1, ann1, FALSE),
    };
#undef ITEM
    LimnServerRevision *base = g_ptr_array_index (revisions, 0);

    g_assert_true (s->insert_campaign (txn, late_z, &error));
    g_assert_true (s->insert_campaign (txn, late_a, &error));
    g_assert_true (s->insert_campaign (txn, early, &error));
    g_assert_no_error (error);
    for (guint i = 0; i < G_N_ELEMENTS (items); i++)
      g_assert_true (s->insert_campaign_item (txn, &items[i], &error));
    g_assert_no_error (error);
    dump_campaigns (txn, h->project_id, out);

    /* Approved, then finished: the fields update_campaign stores. */
    g_free (late_z->state);
    late_z->state = g_strdup ("done");
    late_z->approved_by = g_strdup (h->admin_id);
    late_z->base_version = 1;
    late_z->result_version = 2;
    late_z->comparison = g_strdup ("{\"changed\":1}");
    late_z->updated_us = 900;
    late_z->finished_by = g_strdup (h->reviewer_id);
    g_assert_true (s->update_campaign (txn, late_z, &error));
    items[2].state = (char *)"reworked";
    items[2].base_annotation_id = base->id;
    items[2].result_annotation_id = base->id;
    items[2].prior_state = (char *)"submitted";
    items[2].prior_rework = TRUE;
    g_assert_true (s->update_campaign_item (txn, &items[2], &error));
    g_assert_no_error (error);
    dump_campaigns (txn, h->project_id, out);
    g_assert_true (s->get_campaign (txn, "campaign-z", &got, &error));
    g_assert_nonnull (got);
    dump_campaign (out, got);
  }

  /* Who may review: the reviewer and the server admin, not an annotator,
   * nobody on another project but the admin. */
  {
    const char *users[] = { h->reviewer_id, h->admin_id, ann0, "nobody" };
    const char *projects[] = { h->project_id, "no-such-project" };

    for (guint u = 0; u < G_N_ELEMENTS (users); u++)
      for (guint p = 0; p < G_N_ELEMENTS (projects); p++)
        {
          gboolean may = -1;

          g_assert_true (s->user_may_review (txn, users[u], projects[p], &may, &error));
          g_string_append_printf (out, "may review %s %s: %d\n", users[u], projects[p], may);
        }
  }
}

static char *
dump_store (const char *uri)
{
  LimnHistorySpec spec;
  g_autoptr(LimnHistory) h = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnServerBackend) backend = NULL;
  g_autoptr(LimnServerTxn) txn = NULL;
  GString *out = g_string_new (NULL);

  limn_history_spec_init (&spec);
  spec.n_tasks = 30;
  spec.n_gold = 3;
  spec.days = 3;
  spec.per_day = 10;
  spec.end_us = G_GINT64_CONSTANT (1800000000) * G_USEC_PER_SEC;
  g_assert_true (limn_test_seed_history_full (uri, &spec, &h, &error));
  g_assert_no_error (error);

  backend = limn_server_backend_open (uri, &error);
  g_assert_no_error (error);
  txn = limn_server_backend_begin (backend, LIMN_SERVER_TXN_WRITE, &error);
  g_assert_no_error (error);
  dump_calls (txn, h, out);
  g_assert_true (limn_server_txn_commit (txn, &error));
  g_assert_no_error (error);

  return g_string_free (out, FALSE);
}

static void
test_datasets_and_campaigns (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *sqlite_path = NULL;
  g_autofree char *postgresql = NULL;
  g_autofree char *on_sqlite = NULL;
  g_autofree char *on_postgresql = NULL;
  g_auto(GStrv) lines_sqlite = NULL;
  g_auto(GStrv) lines_postgresql = NULL;

  if (!limn_test_postgres_wanted ())
    {
      g_test_skip ("compares with PostgreSQL: LIMN_TEST_BACKEND=postgresql");
      return;
    }

  dir = limn_test_mkdtemp ();
  sqlite_path = g_build_filename (dir, "limn-server.db", NULL);
  postgresql = limn_test_postgres_new_database ();

  on_sqlite = dump_store (sqlite_path);
  on_postgresql = dump_store (postgresql);
  lines_sqlite = g_strsplit (on_sqlite, "\n", -1);
  lines_postgresql = g_strsplit (on_postgresql, "\n", -1);
  g_test_message ("%u lines compared", g_strv_length (lines_sqlite));
  g_assert_cmpuint (g_strv_length (lines_sqlite), >, 100);
  for (guint i = 0; lines_sqlite[i] != NULL && lines_postgresql[i] != NULL; i++)
    g_assert_cmpstr (lines_postgresql[i], ==, lines_sqlite[i]);
  g_assert_cmpuint (g_strv_length (lines_postgresql), ==, g_strv_length (lines_sqlite));

  limn_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/server-parity-datasets/datasets-and-campaigns", test_datasets_and_campaigns);
  return g_test_run ();
}
