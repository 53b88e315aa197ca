/* test-server-backend-parity.c
 *
 * The review and team storage calls answer the same on PostgreSQL as on
 * SQLite (limn-server-backend-{sqlite,pg}-{review,team}.c): one seeded
 * history (limn-server-history.h, written through each backend's own
 * storage calls) and one sequence of writes, with every read dumped as
 * text, field by field, in the order the calls give; the two dumps must
 * be equal line for line. That covers what the HTTP tests cannot see:
 * tie-breaks (rowid there, recv_seq here), text order, the numbering of
 * annotators and labels in the team data, NULLs and NaN.
 *
 * Runs with LIMN_TEST_BACKEND=postgresql (suite postgresql); where
 * PostgreSQL cannot start the binary exits 77 (skipped).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "backend/limn-server-backend.h"
#include "limn-server-history.h"
#include "limn-test-postgres.h"
#include "limn-test-util.h"

#define I64 "%" G_GINT64_FORMAT

static void
dump_strv (GString    *out,
           const char *what,
           char      **strv)
{
  g_autofree char *joined = strv != NULL ? g_strjoinv ("|", strv) : g_strdup ("(none)");

  g_string_append_printf (out, " %s=[%s]", what, joined);
}

static const char *
or_null (const char *s)
{
  return s != NULL ? s : "(null)";
}

static void
dump_ids (GString    *out,
          const char *what,
          GPtrArray  *ids)
{
  g_string_append_printf (out, "%s:", what);
  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (out, " %s", or_null (g_ptr_array_index (ids, i)));
  g_string_append_c (out, '\n');
}

static void
dump_items (GString    *out,
            const char *what,
            GPtrArray  *items)
{
  g_string_append_printf (out, "%s: %u\n", what, items->len);
  for (guint i = 0; i < items->len; i++)
    {
      LimnServerReviewItem *it = g_ptr_array_index (items, i);

      g_string_append_printf (out, "  item %s %s %s %s level=" I64 " state=%d holder=%s "
                              "expires=" I64 " created=" I64 " decided=" I64 " round=" I64
                              " %s %s %s",
                              it->id, it->project_id, it->task_id, or_null (it->annotation_id),
                              it->min_level, it->state, or_null (it->holder),
                              it->lease_expires_us, it->created_us, it->decided_us, it->round,
                              or_null (it->holder_name), or_null (it->task_title),
                              or_null (it->task_kind));
      dump_strv (out, "reasons", it->reasons);
      dump_strv (out, "annotators", it->annotators);
      dump_strv (out, "labels", it->labels);
      g_string_append_c (out, '\n');
    }
}

static void
dump_reviews (GString   *out,
              GPtrArray *reviews)
{
  for (guint i = 0; i < reviews->len; i++)
    {
      LimnServerReview *r = g_ptr_array_index (reviews, i);

      g_string_append_printf (out, "  review %s %s %s %s %s %s %s %s [%s] %s conflicted=%d "
                              I64 " " I64 " " I64 " comments:",
                              r->id, r->item_id, r->task_id, r->reviewer, or_null (r->reviewer_name),
                              r->annotation_id, r->verdict, or_null (r->reason_code),
                              or_null (r->comment), or_null (r->correction_id), r->conflicted,
                              r->active_ms, r->created_us, r->received_us);
      for (guint k = 0; k < r->comments->len; k++)
        {
          LimnServerReviewComment *c = g_ptr_array_index (r->comments, k);

          g_string_append_printf (out, " %s/%s/%s", c->id, or_null (c->region_id), c->body);
        }
      g_string_append_c (out, '\n');
    }
}

static void
dump_annotations (GString   *out,
                  GPtrArray *annotations)
{
  for (guint i = 0; i < annotations->len; i++)
    {
      LimnServerAnnotation *a = g_ptr_array_index (annotations, i);

      g_string_append_printf (out, "  annotation %s %s %s %s %s %s %s " I64 " %s " I64 " %s %.17g "
                              I64 " " I64 " " I64 " " I64 " %s\n",
                              a->id, a->task_id, a->project_id, a->annotator,
                              or_null (a->annotator_name), a->author, or_null (a->author_name),
                              a->revision, or_null (a->parent_id), a->guideline_version, a->state,
                              a->confidence, a->active_ms, a->wall_ms, a->submitted_us,
                              a->received_us, a->regions);
    }
}

static void
dump_team_data (GString            *out,
                LimnServerTeamData *d)
{
  dump_ids (out, "team tasks", d->task_ids);
  dump_ids (out, "team annotators", d->annotators);
  dump_ids (out, "team labels", d->labels);
  for (guint i = 0; i < d->task_ids->len; i++)
    g_string_append_printf (out, "  gold %d %s\n", g_array_index (d->task_gold, gboolean, i),
                            or_null (g_ptr_array_index (d->gold_answers, i)));
  for (guint i = 0; i < d->answers->len; i++)
    {
      LimnServerTeamAnswer *a = &g_array_index (d->answers, LimnServerTeamAnswer, i);

      g_string_append_printf (out, "  answer task=%u annotator=%u " I64 " guideline=" I64
                              " confidence=%.17g active=" I64 " regions=%u+%u model=%d "
                              "verdict=%d at " I64 " %s\n",
                              a->task, a->annotator, a->received_us, a->guideline_version,
                              a->confidence, a->active_ms, a->first_region, a->n_regions, a->model,
                              a->verdict, a->verdict_us, or_null (a->regions));
    }
  g_string_append (out, "  region labels:");
  for (guint i = 0; i < d->region_labels->len; i++)
    g_string_append_printf (out, " %u", g_array_index (d->region_labels, guint, i));
  g_string_append (out, "\n  review times:");
  for (guint i = 0; i < d->review_times->len; i++)
    g_string_append_printf (out, " " I64, g_array_index (d->review_times, gint64, i));
  g_string_append_c (out, '\n');
}

static void
dump_alerts (GString   *out,
             GPtrArray *alerts)
{
  for (guint i = 0; i < alerts->len; i++)
    {
      LimnServerAlert *a = g_ptr_array_index (alerts, i);

      g_string_append_printf (out, "  alert %s %s %s %s %s value=%.17g threshold=%.17g %s %s "
                              I64 " " I64 " " I64 "\n",
                              a->id, a->project_id, a->kind, a->key, a->subject, a->value,
                              a->threshold, a->message, a->data, a->since_us, a->updated_us,
                              a->cleared_us);
    }
}

static void
dump_flags (GString    *out,
            const char *what,
            GPtrArray  *flags)
{
  g_string_append_printf (out, "%s:", what);
  for (guint i = 0; i < flags->len; i++)
    {
      LimnServerFlag *f = g_ptr_array_index (flags, i);

      g_string_append_printf (out, " %s/%s/%s/%s/%s/%s/%s/%s/%s/" I64, f->id, f->task_id,
                              f->project_id, f->user_id, or_null (f->user_name),
                              or_null (f->region_id), f->category, f->body, f->state,
                              f->created_us);
    }
  g_string_append_c (out, '\n');
}

/* What the seeded history holds, as the review calls read it. */
static void
dump_reads (LimnServerTxn  *txn,
            LimnHistory    *h,
            GString        *out,
            GPtrArray     **task_ids)
{
  const LimnServerBackendInterface *s = txn->store;
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnServerTeamData) data = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GPtrArray) staff = NULL;
  gint64 level = -1, version = -1;

  data = s->team_data (txn, h->project_id, &error);
  g_assert_no_error (error);
  dump_team_data (out, data);
  *task_ids = g_ptr_array_ref (data->task_ids);

  members = s->list_project_members (txn, h->project_id, &error);
  g_assert_no_error (error);
  dump_ids (out, "members", members);
  staff = s->list_project_staff (txn, h->project_id, &error);
  g_assert_no_error (error);
  dump_ids (out, "staff", staff);
  g_assert_true (s->get_reviewer_level (txn, h->project_id, h->reviewer_id, &level, &error));
  g_string_append_printf (out, "reviewer level " I64 "\n", level);
  g_assert_true (s->team_version (txn, h->project_id, &version, &error));
  g_string_append_printf (out, "team version counted %d\n", version > 0);
  g_assert_true (s->team_version (txn, "no-such-project", &version, &error));
  g_string_append_printf (out, "team version of none " I64 "\n", version);

  for (int state = -1; state < LIMN_SERVER_N_REVIEW_STATES; state++)
    {
      g_autoptr(GPtrArray) items = s->list_review_items (txn, h->project_id, state, &error);
      g_autofree char *what = g_strdup_printf ("review items in state %d", state);

      g_assert_no_error (error);
      dump_items (out, what, items);
    }

  /* Every task's items, verdicts and annotations: ties in time are
   * common in a seeded history. */
  for (guint t = 0; t < (*task_ids)->len; t++)
    {
      const char *task_id = g_ptr_array_index (*task_ids, t);
      g_autoptr(GPtrArray) items = s->task_review_items (txn, task_id, &error);
      g_autoptr(GPtrArray) reviews = NULL;
      g_autoptr(GPtrArray) annotations = NULL;

      g_assert_no_error (error);
      dump_items (out, task_id, items);
      reviews = s->list_task_reviews (txn, task_id, &error);
      g_assert_no_error (error);
      dump_reviews (out, reviews);
      annotations = s->list_task_annotations (txn, task_id, &error);
      g_assert_no_error (error);
      dump_annotations (out, annotations);
    }
}

/* A task of the history with a submitted annotation: its id and that
 * annotation's. */
static void
annotated_task (LimnServerTxn  *txn,
                GPtrArray      *task_ids,
                char          **task_id,
                char          **annotation_id)
{
  g_autoptr(GError) error = NULL;

  for (guint t = 0; t < task_ids->len; t++)
    {
      g_autoptr(GPtrArray) annotations =
        txn->store->list_task_annotations (txn, g_ptr_array_index (task_ids, t), &error);

      g_assert_no_error (error);
      if (annotations->len > 0)
        {
          LimnServerAnnotation *a = g_ptr_array_index (annotations, 0);

          *task_id = g_strdup (a->task_id);
          *annotation_id = g_strdup (a->id);
          return;
        }
    }
  g_assert_not_reached ();
}

/* The same writes on either store, and what reads then answer. */
static void
dump_writes (LimnServerTxn *txn,
             LimnHistory   *h,
             GPtrArray     *task_ids,
             GString       *out)
{
  const LimnServerBackendInterface *s = txn->store;
  const char *annotator = g_ptr_array_index (h->annotator_ids, 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *task_id = NULL;
  g_autofree char *annotation_id = NULL;
  gint64 level = -1;

  annotated_task (txn, task_ids, &task_id, &annotation_id);

  g_assert_true (s->set_reviewer_level (txn, h->project_id, annotator, 1, &error));
  g_assert_true (s->set_reviewer_level (txn, h->project_id, annotator, 2, &error));
  g_assert_true (s->get_reviewer_level (txn, h->project_id, annotator, &level, &error));
  g_string_append_printf (out, "level set " I64 "\n", level);

  /* A decided item (the partial unique index allows any number), then
   * updated, and two verdicts on it at the same time. */
  {
    g_autoptr(LimnServerReviewItem) item = limn_server_review_item_new ();
    g_autoptr(LimnServerReviewItem) got = NULL;
    g_autoptr(LimnServerReviewItem) none = NULL;
    g_autoptr(LimnServerReview) review = limn_server_review_new ();
    g_autoptr(GPtrArray) items = NULL;
    g_autoptr(GPtrArray) reviews = NULL;
    LimnServerReviewComment *comment;
    char *reasons[] = { "audit", "quo\"ted", "ünï", NULL };

    item->id = g_strdup ("parity-item");
    item->project_id = g_strdup (h->project_id);
    item->task_id = g_strdup (task_id);
    item->annotation_id = g_strdup (annotation_id);
    g_strfreev (item->reasons);
    item->reasons = g_strdupv (reasons);
    item->state = LIMN_SERVER_REVIEW_DECIDED;
    item->created_us = 1;
    item->decided_us = 2;
    item->round = 7;
    g_assert_true (s->insert_review_item (txn, item, &error));
    g_assert_no_error (error);
    item->min_level = 2;
    item->holder = g_strdup (h->reviewer_id);
    item->lease_expires_us = 3;
    g_assert_true (s->update_review_item (txn, item, &error));
    g_assert_true (s->get_review_item (txn, "parity-item", &got, &error));
    g_assert_nonnull (got);
    g_assert_true (s->get_review_item (txn, "no-such-item", &none, &error));
    g_assert_null (none);

    review->id = g_strdup ("parity-review-b");
    review->item_id = g_strdup ("parity-item");
    review->task_id = g_strdup (task_id);
    review->reviewer = g_strdup (h->reviewer_id);
    review->annotation_id = g_strdup (annotation_id);
    review->verdict = g_strdup ("send_back");
    review->reason_code = g_strdup ("loose_box");
    review->active_ms = 5;
    review->created_us = 10;
    review->received_us = 10;
    comment = g_new0 (LimnServerReviewComment, 1);
    comment->id = g_strdup ("parity-comment-z");
    comment->body = g_strdup ("whole task");
    g_ptr_array_add (review->comments, comment);
    comment = g_new0 (LimnServerReviewComment, 1);
    comment->id = g_strdup ("parity-comment-a");
    comment->region_id = g_strdup ("region-1");
    comment->body = g_strdup ("this box");
    g_ptr_array_add (review->comments, comment);
    g_assert_true (s->insert_review (txn, review, &error));
    g_assert_no_error (error);

    g_free (review->id);
    review->id = g_strdup ("parity-review-a");
    g_ptr_array_set_size (review->comments, 0);
    g_free (review->verdict);
    review->verdict = g_strdup ("accept");
    g_clear_pointer (&review->reason_code, g_free);
    review->conflicted = TRUE;
    g_assert_true (s->insert_review (txn, review, &error));
    g_assert_no_error (error);

    items = s->task_review_items (txn, task_id, &error);
    g_assert_no_error (error);
    dump_items (out, "items after", items);
    reviews = s->list_task_reviews (txn, task_id, &error);
    g_assert_no_error (error);
    dump_reviews (out, reviews);
  }

  {
    g_autoptr(GPtrArray) annotations = NULL;

    g_assert_true (s->set_annotation_author (txn, annotation_id, h->reviewer_id, &error));
    annotations = s->list_task_annotations (txn, task_id, &error);
    g_assert_no_error (error);
    dump_annotations (out, annotations);
  }

  /* Flags (stored by the items facet), their states and threads. */
  {
    const char *filters[][3] = {
      { NULL, NULL, NULL }, { annotator, NULL, NULL }, { NULL, task_id, NULL },
      { NULL, NULL, "open" }, { annotator, task_id, "closed" },
    };
    const char *flag_ids[] = { "parity-flag-b", "parity-flag-a", "parity-flag-c" };
    g_autoptr(LimnServerFlag) flag = NULL;
    g_autoptr(LimnServerFlag) no_flag = NULL;
    LimnServerMessage message = { "parity-message-b", "parity-flag-b", (char *)annotator, NULL,
                                  "why?", 5, 50 };
    LimnServerNote note = { "parity-note", h->project_id, (char *)annotator, h->reviewer_id,
                            "a note", 5 };

    for (guint i = 0; i < G_N_ELEMENTS (flag_ids); i++)
      {
        g_autoptr(LimnBatchItem) item = limn_batch_item_new (LIMN_BATCH_ITEM_FLAG);

        item->id = g_strdup (flag_ids[i]);
        item->project_id = g_strdup (h->project_id);
        item->task_id = g_strdup (i == 2 ? g_ptr_array_index (task_ids, 0) : task_id);
        item->region_id = i == 1 ? g_strdup ("region-1") : NULL;
        item->category = g_strdup ("unclear");
        item->body = g_strdup_printf ("flag %u", i);
        item->created_us = 100;
        g_assert_true (s->insert_flag (txn, item, i == 2 ? h->reviewer_id : annotator,
                                       h->project_id, 1000, &error));
        g_assert_no_error (error);
      }
    g_assert_true (s->set_flag_state (txn, "parity-flag-a", "closed", &error));
    for (guint i = 0; i < G_N_ELEMENTS (filters); i++)
      {
        g_autoptr(GPtrArray) flags = s->list_flags (txn, h->project_id, filters[i][0],
                                                    filters[i][1], filters[i][2], &error);
        g_autofree char *what = g_strdup_printf ("flags %u", i);

        g_assert_no_error (error);
        dump_flags (out, what, flags);
      }
    g_assert_true (s->get_flag (txn, "parity-flag-c", &flag, &error));
    g_assert_nonnull (flag);
    g_string_append_printf (out, "flag %s by %s\n", flag->id, flag->user_name);
    g_assert_true (s->get_flag (txn, "no-such-flag", &no_flag, &error));
    g_assert_null (no_flag);

    g_assert_true (s->insert_message (txn, &message, &error));
    message.id = "parity-message-a";
    message.thread_id = "parity-flag-a";
    message.author = h->reviewer_id;
    g_assert_true (s->insert_message (txn, &message, &error));
    g_assert_no_error (error);
    for (guint i = 0; i < 2; i++)
      {
        g_autoptr(GPtrArray) messages = s->list_messages (txn, h->project_id,
                                                          i ? "parity-flag-a" : NULL, &error);

        g_assert_no_error (error);
        g_string_append_printf (out, "messages %u:", i);
        for (guint k = 0; k < messages->len; k++)
          {
            LimnServerMessage *m = g_ptr_array_index (messages, k);

            g_string_append_printf (out, " %s/%s/%s/%s/%s/" I64 "/" I64, m->id, m->thread_id,
                                    m->author, or_null (m->author_name), m->body, m->created_us,
                                    m->received_us);
          }
        g_string_append_c (out, '\n');
      }
    g_assert_true (s->insert_note (txn, &note, &error));
    g_assert_no_error (error);
  }

  {
    gboolean inserted = -1;
    gint64 seen = -1, sampled = -1;

    g_assert_true (s->insert_guideline_ack (txn, h->project_id, annotator, 9, 1, &inserted,
                                            &error));
    g_string_append_printf (out, "ack %d", inserted);
    g_assert_true (s->insert_guideline_ack (txn, h->project_id, annotator, 9, 2, &inserted,
                                            &error));
    g_string_append_printf (out, " again %d\n", inserted);
    g_assert_true (s->get_audit_stratum (txn, h->project_id, "parity", &seen, &sampled, &error));
    g_string_append_printf (out, "stratum " I64 " " I64, seen, sampled);
    g_assert_true (s->set_audit_stratum (txn, h->project_id, "parity", 3, 1, &error));
    g_assert_true (s->set_audit_stratum (txn, h->project_id, "parity", 4, 2, &error));
    g_assert_true (s->get_audit_stratum (txn, h->project_id, "parity", &seen, &sampled, &error));
    g_string_append_printf (out, " then " I64 " " I64 "\n", seen, sampled);
    g_assert_no_error (error);
  }

  {
    static const guint8 bytes[] = { 0, 1, 0xff, '\\', 'x', 0 };
    g_autoptr(GBytes) value = g_bytes_new_static (bytes, sizeof bytes);
    g_autoptr(GBytes) other = g_bytes_new_static ("other", 5);
    g_autoptr(GBytes) none = NULL;
    g_autoptr(GBytes) got = NULL;
    gboolean inserted = -1;

    g_assert_true (s->get_meta (txn, "parity", &none, &error));
    g_assert_null (none);
    g_assert_true (s->insert_meta (txn, "parity", value, &inserted, &error));
    g_string_append_printf (out, "meta %d", inserted);
    g_assert_true (s->insert_meta (txn, "parity", other, &inserted, &error));
    g_string_append_printf (out, " again %d\n", inserted);
    g_assert_true (s->get_meta (txn, "parity", &got, &error));
    g_assert_no_error (error);
    g_assert_true (g_bytes_equal (got, value));
  }

  {
    LimnServerAlert alert = { "parity-alert-b", h->project_id, "gold_drop", "k", "team", NAN,
                              0.25, "message", NULL, 100, 100, 0 };

    g_assert_true (s->insert_alert (txn, &alert, &error));
    alert.id = "parity-alert-a";
    alert.kind = "label_overuse";
    alert.value = 0.1 + 0.2;
    alert.data = "{\"x\":1}";
    g_assert_true (s->insert_alert (txn, &alert, &error));
    alert.id = "parity-alert-b";
    alert.subject = "changed";
    alert.threshold = INFINITY;
    alert.data = NULL;
    alert.updated_us = alert.cleared_us = 300;
    g_assert_true (s->update_alert (txn, &alert, &error));
    g_assert_no_error (error);
    for (guint i = 0; i < 4; i++)
      {
        g_autoptr(GPtrArray) alerts = s->list_alerts (txn, i & 1 ? h->project_id : NULL, i & 2,
                                                      &error);

        g_assert_no_error (error);
        g_string_append_printf (out, "alerts %u:\n", i);
        dump_alerts (out, alerts);
      }
  }

  /* The team data sees the new verdicts. */
  {
    g_autoptr(LimnServerTeamData) data = s->team_data (txn, h->project_id, &error);

    g_assert_no_error (error);
    dump_team_data (out, data);
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
  g_autoptr(GPtrArray) task_ids = NULL;
  GString *out = g_string_new (NULL);

  limn_history_spec_init (&spec);
  spec.n_tasks = 40;
  spec.n_gold = 4;
  spec.days = 4;
  spec.per_day = 12;
  spec.end_us = G_GINT64_CONSTANT (1800000000) * G_USEC_PER_SEC;
  spec.hard_label = 2;
  g_assert_true (limn_test_seed_history_full (uri, &spec, &h, &error));
  g_assert_no_error (error);

  backend = limn_server_backend_open (uri, &error);
  g_assert_no_error (error);
  txn = limn_server_backend_begin (backend, LIMN_SERVER_TXN_WRITE, &error);
  g_assert_no_error (error);
  dump_reads (txn, h, out, &task_ids);
  dump_writes (txn, h, task_ids, out);

  return g_string_free (out, FALSE);
}

static void
test_review_and_team (void)
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
  g_test_add_func ("/server-backend-parity/review-and-team", test_review_and_team);
  return g_test_run ();
}
