/* test-server-rules.c
 *
 * The backend seam: the server layer's claim, lease and batch rules, run
 * on a fake backend that implements only the storage calls in memory
 * (limn-fake-backend.c), and the same tests on the SQLite backend, so the
 * two agree. On the fake, a storage failure injected at every call of a
 * claim and of a batch must leave nothing behind: the rules keep each one
 * in one transaction.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "backend/limn-server-backend.h"
#include "backend/limn-server-backend-pg.h"
#include "limn-fake-backend.h"
#include "limn-server-accounts.h"
#include "limn-server-batches.h"
#include "limn-server-changes.h"
#include "limn-server-claims.h"
#include "limn-server-gold.h"
#include "limn-server-leases.h"
#include "limn-server-projects.h"
#include "limn-server-tasks.h"
#include "limn-server-team-cache.h"
#include "limn-server-workload.h"
#include "limn-test-util.h"
#include "limn-test-postgres.h"

#define SECOND G_USEC_PER_SEC
#define T0     (G_GINT64_CONSTANT (1800000000) * SECOND)

typedef enum
{
  BACKEND_FAKE,
  BACKEND_SQLITE,
  BACKEND_POSTGRESQL,   /* LIMN_TEST_BACKEND=postgresql: a private cluster */
} BackendKind;

typedef struct
{
  LimnServerBackend *backend;
  char              *dir;
  char              *uri;          /* the PostgreSQL database, when on it */
  GPtrArray         *principals;   /* LimnServerPrincipal */
  guint              next_id;
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_random_set_seed (16);
  f->principals = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_server_principal_free);

  if (GPOINTER_TO_INT (data) == BACKEND_FAKE)
    f->backend = limn_fake_backend_new ();
  else if (GPOINTER_TO_INT (data) == BACKEND_POSTGRESQL)
    {
      f->uri = limn_test_postgres_new_database ();
      f->backend = limn_server_backend_open (f->uri, &error);
      g_assert_no_error (error);
    }
  else
    {
      g_autofree char *path = NULL;

      f->dir = limn_test_mkdtemp ();
      path = g_build_filename (f->dir, "limn-server.db", NULL);
      f->backend = limn_server_backend_open (path, &error);
      g_assert_no_error (error);
    }
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  /* The rules never need the team dashboard's storage, which the fake
   * does not model. */
  if (GPOINTER_TO_INT (data) == BACKEND_FAKE)
    g_assert_cmpuint (limn_fake_backend_get_unmodelled_calls (LIMN_FAKE_BACKEND (f->backend)), ==,
                      0);
  g_clear_object (&f->backend);
  g_clear_pointer (&f->principals, g_ptr_array_unref);
  if (f->dir != NULL)
    limn_test_rm_rf (f->dir);
  g_clear_pointer (&f->uri, g_free);
  g_free (f->dir);
}

/* Setting up, through the server layer as the admin CLI does */

static const LimnServerPrincipal *
annotator (Fixture    *f,
           const char *name,
           const char *project_id)
{
  g_autoptr(GError) error = NULL;
  LimnServerPrincipal *p = g_new0 (LimnServerPrincipal, 1);

  p->user_id = limn_server_accounts_add_user (f->backend, name, &error);
  g_assert_no_error (error);
  p->user_name = g_strdup (name);
  p->token_id = g_strdup_printf ("token-of-%s", name);
  p->project_id = g_strdup (project_id);
  p->role = LIMN_SERVER_ROLE_ANNOTATOR;
  g_ptr_array_add (f->principals, p);

  return p;
}

/* A text project with @n_tasks tasks, the last @n_gold of them gold.
 * *task_ids (if wanted) gets their ids in position order. */
/* Every gold task's answer: "Hello" as L. */
#define GOLD_ANSWER \
  "{\"regions\":[{\"id\":\"g\",\"kind\":\"span\",\"label\":\"L\",\"start\":0,\"end\":5}]}"

static char *
add_project (Fixture     *f,
             guint        n_tasks,
             guint        n_gold,
             gint64       overlap,
             double       gold_rate,
             gint64       lease_seconds,
             GPtrArray  **task_ids)
{
  static const char * const labels[] = { "Person", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tasks = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_server_task_free);
  LimnServerSettings settings = {
    .overlap = overlap, .gold_rate = gold_rate, .audit_rate = -1, .confidence_steps = -1,
    .lease_seconds = lease_seconds, .review_threshold = -1, .senior_threshold = -1,
    .agreement_threshold = -1, .match_iou = -1,
  };
  char *project;
  guint added = 0, skipped = 0;

  project = limn_server_projects_create (f->backend, "P", "text", labels, NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < n_tasks; i++)
    {
      LimnServerNewTask *task = g_new0 (LimnServerNewTask, 1);

      task->id = g_strdup_printf ("00000000-0000-4000-8000-%012u", f->next_id++);
      task->kind = g_strdup ("text");
      task->title = g_strdup_printf ("text %u", i);
      task->text = g_strdup ("Hello world");
      g_ptr_array_add (tasks, task);
    }
  g_assert_true (limn_server_tasks_add (f->backend, project, tasks, &added, &skipped, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (added, ==, n_tasks);

  for (guint i = n_tasks - n_gold; i < n_tasks; i++)
    {
      LimnServerTask *task = g_ptr_array_index (tasks, i);

      g_assert_true (limn_server_tasks_set_gold (f->backend, project, task->id,
                                                 GOLD_ANSWER, &error));
      g_assert_no_error (error);
    }

  g_assert_true (limn_server_projects_set_settings (f->backend, project, &settings, &error));
  g_assert_no_error (error);

  if (task_ids != NULL)
    {
      *task_ids = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < tasks->len; i++)
        g_ptr_array_add (*task_ids, g_strdup (((LimnServerTask *)g_ptr_array_index (tasks, i))->id));
    }

  return project;
}

static GPtrArray *
claim (Fixture                    *f,
       const LimnServerPrincipal  *who,
       guint                       count,
       gint64                      now_us)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *got = limn_server_claims_take (f->backend, NULL, who, who->project_id, count, now_us, &error);

  g_assert_no_error (error);
  g_assert_nonnull (got);
  return got;
}

static const char *
task_of (GPtrArray *assignments,
         guint      i)
{
  return ((LimnServerAssignment *)g_ptr_array_index (assignments, i))->task->id;
}

static gboolean
holds (GPtrArray  *assignments,
       const char *task_id)
{
  for (guint i = 0; i < assignments->len; i++)
    if (g_str_equal (task_of (assignments, i), task_id))
      return TRUE;
  return FALSE;
}

static LimnServerInventory *
inventory (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  LimnServerInventory *inv = limn_server_projects_inventory (f->backend, NULL, &error);

  g_assert_no_error (error);
  return inv;
}

/* Everything a failed claim or batch must not have changed. */
static char *
inventory_line (Fixture *f)
{
  g_autoptr(LimnServerInventory) inv = inventory (f);

  return g_strdup_printf ("assigned=%" G_GINT64_FORMAT " submitted=%" G_GINT64_FORMAT
                          " expired=%" G_GINT64_FORMAT " annotations=%" G_GINT64_FORMAT
                          "/%" G_GINT64_FORMAT " events=%" G_GINT64_FORMAT
                          " flags=%" G_GINT64_FORMAT " batches=%" G_GINT64_FORMAT
                          " changes=%" G_GINT64_FORMAT " audit=%" G_GINT64_FORMAT,
                          inv->assignments[LIMN_SERVER_LEASE_ASSIGNED],
                          inv->assignments[LIMN_SERVER_LEASE_SUBMITTED],
                          inv->assignments[LIMN_SERVER_LEASE_EXPIRED],
                          inv->annotations_submitted, inv->annotations_conflicted, inv->events,
                          inv->flags_open, inv->batches, inv->changes, inv->audit);
}

/* Batches, as the route hands them over */

static LimnBatchItem *
event_item (const char *id,
            const char *project_id,
            const char *task_id)
{
  LimnBatchItem *item = limn_batch_item_new (LIMN_BATCH_ITEM_EVENT);

  item->id = g_strdup (id);
  item->project_id = g_strdup (project_id);
  item->task_id = g_strdup (task_id);
  item->session_id = g_strdup ("11111111-1111-4111-8111-111111111111");
  item->type = g_strdup ("task_opened");
  item->payload = g_strdup ("{}");
  return item;
}

static LimnBatchItem *
annotation_item (const char *id,
                 const char *project_id,
                 const char *task_id,
                 gint64      revision)
{
  LimnBatchItem *item = limn_batch_item_new (LIMN_BATCH_ITEM_ANNOTATION);

  item->id = g_strdup (id);
  item->project_id = g_strdup (project_id);
  item->task_id = g_strdup (task_id);
  item->revision = revision;
  item->regions = g_strdup ("[]");
  item->rejected_suggestions = g_strdup ("[]");
  return item;
}

static LimnBatchItem *
flag_item (const char *id,
           const char *project_id,
           const char *task_id)
{
  LimnBatchItem *item = limn_batch_item_new (LIMN_BATCH_ITEM_FLAG);

  item->id = g_strdup (id);
  item->project_id = g_strdup (project_id);
  item->task_id = g_strdup (task_id);
  item->category = g_strdup ("unclear");
  item->body = g_strdup ("Which label?");
  return item;
}

/* "status status …" (with ":reason" for refusals and conflicts). */
static GBytes *
render (GPtrArray *items,
        gpointer   user_data)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < items->len; i++)
    {
      LimnBatchItem *item = g_ptr_array_index (items, i);

      g_string_append_printf (out, "%s%s", i ? " " : "", limn_batch_status_to_string (item->status));
      if (item->reason != NULL)
        g_string_append_printf (out, ":%s", item->reason);
    }

  return g_string_free_to_bytes (out);
}

/* Applies the NULL-terminated items and returns the stored answer's text;
 * *replayed if wanted. */
static char *
apply (Fixture                    *f,
       const LimnServerPrincipal  *who,
       const char                 *key,
       const char                 *sha,
       gint64                      now_us,
       gboolean                   *replayed,
       GError                    **error,
       LimnBatchItem              *first,
       ...)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_batch_item_free);
  g_autoptr(GBytes) body = NULL;
  gboolean was_replayed = FALSE;
  guint status = 0;
  va_list args;

  va_start (args, first);
  for (LimnBatchItem *item = first; item != NULL; item = va_arg (args, LimnBatchItem *))
    g_ptr_array_add (items, item);
  va_end (args);

  if (!limn_server_batches_apply (f->backend, who, key, sha, items, now_us, render, NULL,
                                  &was_replayed, &status, &body, error))
    return NULL;

  g_assert_cmpuint (status, ==, 200);
  if (replayed != NULL)
    *replayed = was_replayed;
  return g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

static guint
count_changes (Fixture                    *f,
               const LimnServerPrincipal  *who,
               const char                 *kind)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  gboolean more = FALSE;
  guint n = 0;

  changes = limn_server_changes_list (f->backend, who, 0, 1000, &more, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < changes->len; i++)
    n += g_str_equal (((LimnServerChange *)g_ptr_array_index (changes, i))->kind, kind);

  return n;
}

/* Claims */

/* Each task to at most `overlap` annotators, and none twice to one. */
static void
test_claim_overlap (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = NULL;
  g_autofree char *project = add_project (f, 4, 0, 2, 0, 3600, &ids);
  const LimnServerPrincipal *who[3] = {
    annotator (f, "ann", project), annotator (f, "bob", project), annotator (f, "cy", project),
  };
  g_autoptr(GHashTable) holders = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint total = 0;

  for (guint w = 0; w < G_N_ELEMENTS (who); w++)
    {
      g_autoptr(GPtrArray) got = claim (f, who[w], 4, T0);
      g_autoptr(GHashTable) mine = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint i = 0; i < got->len; i++)
        {
          const char *task = task_of (got, i);
          guint n = GPOINTER_TO_UINT (g_hash_table_lookup (holders, task)) + 1;

          g_assert_false (g_hash_table_contains (mine, task));
          g_hash_table_add (mine, (gpointer)task);
          g_hash_table_replace (holders, g_strdup (task), GUINT_TO_POINTER (n));
          g_assert_cmpuint (n, <=, 2);
        }
      total += got->len;
    }

  /* 4 tasks × overlap 2: the first two annotators take all 8 places. */
  g_assert_cmpuint (total, ==, 8);
}

/* Leases held come first and count; never a task one had before, not even
 * after the lease expired or was submitted. */
static void
test_claim_never_twice (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = NULL;
  g_autofree char *project = add_project (f, 3, 0, 1, 0, 60, &ids);
  const LimnServerPrincipal *ann = annotator (f, "ann", project);
  g_autoptr(GPtrArray) first = claim (f, ann, 2, T0);
  g_autoptr(GPtrArray) again = claim (f, ann, 2, T0 + 1);
  g_autoptr(GPtrArray) topped = NULL;
  g_autoptr(GPtrArray) later = NULL;

  g_assert_cmpuint (first->len, ==, 2);
  g_assert_cmpstr (task_of (first, 0), ==, g_ptr_array_index (ids, 0));
  g_assert_cmpstr (task_of (first, 1), ==, g_ptr_array_index (ids, 1));

  /* The same two leases, oldest first, and nothing new. */
  g_assert_cmpuint (again->len, ==, 2);
  g_assert_cmpstr (((LimnServerAssignment *)g_ptr_array_index (again, 0))->id, ==,
                   ((LimnServerAssignment *)g_ptr_array_index (first, 0))->id);
  g_assert_cmpstr (task_of (again, 1), ==, task_of (first, 1));

  /* Topped up to three. */
  topped = claim (f, ann, 3, T0 + 2);
  g_assert_cmpuint (topped->len, ==, 3);
  g_assert_cmpstr (task_of (topped, 2), ==, g_ptr_array_index (ids, 2));

  /* All three expire: they are free again, but not for her. */
  later = claim (f, ann, 3, T0 + 61 * SECOND + 2);
  g_assert_cmpuint (later->len, ==, 0);
  g_assert_cmpuint (count_changes (f, ann, "assignment_expired"), ==, 3);
  g_assert_cmpuint (count_changes (f, ann, "assignment"), ==, 3);
}

/* gold_rate of claims are gold, at about that rate, each once per
 * annotator; ordinary tasks are handed out by position. */
static void
test_claim_gold_rate (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = NULL;
  g_autofree char *project = add_project (f, 500, 100, 1, 0.2, 3600, &ids);
  g_autoptr(GHashTable) gold = g_hash_table_new (g_str_hash, g_str_equal);
  guint n_gold = 0, n_all = 0;
  guint next_ordinary = 0;

  for (guint i = 400; i < 500; i++)
    g_hash_table_add (gold, g_ptr_array_index (ids, i));

  for (guint w = 0; w < 4; w++)
    {
      g_autofree char *name = g_strdup_printf ("ann%u", w);
      const LimnServerPrincipal *who = annotator (f, name, project);
      g_autoptr(GPtrArray) got = claim (f, who, 50, T0);
      g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

      g_assert_cmpuint (got->len, ==, 50);
      for (guint i = 0; i < got->len; i++)
        {
          const char *task = task_of (got, i);

          g_assert_false (g_hash_table_contains (seen, task));
          g_hash_table_add (seen, (gpointer)task);
          if (g_hash_table_contains (gold, task))
            n_gold++;
          else
            g_assert_cmpstr (task, ==, g_ptr_array_index (ids, next_ordinary++));
        }
      n_all += got->len;
    }

  /* 200 claims at 0.2: 40 expected, σ ≈ 5.7. */
  g_test_message ("%u gold of %u", n_gold, n_all);
  g_assert_cmpuint (n_gold, >=, 25);
  g_assert_cmpuint (n_gold, <=, 55);
}

/* Gold is held to overlap like any task (were it not, the only task two
 * annotators of an overlap-1 project shared would be the gold one); when
 * the ordinary tasks run out, no gold fills in, unless gold_rate is 1. */
static void
test_claim_gold_pool (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GPtrArray) some = NULL;
  g_autofree char *all_gold = add_project (f, 3, 1, 1, 1.0, 3600, &ids);
  g_autofree char *rare = add_project (f, 4, 3, 1, 1e-9, 3600, &some);
  const LimnServerPrincipal *ann = annotator (f, "ann", all_gold);
  const LimnServerPrincipal *bob = annotator (f, "bob", all_gold);
  const LimnServerPrincipal *cy = annotator (f, "cy", rare);
  const char *gold_task = g_ptr_array_index (ids, 2);
  g_autoptr(GPtrArray) a1 = claim (f, ann, 1, T0);
  g_autoptr(GPtrArray) b1 = claim (f, bob, 1, T0);
  g_autoptr(GPtrArray) a3 = claim (f, ann, 3, T0);
  g_autoptr(GPtrArray) b3 = claim (f, bob, 3, T0);
  g_autoptr(GPtrArray) c = claim (f, cy, 10, T0);

  /* At rate 1 the gold comes first; with overlap 1 only to one of them,
   * and an ordinary task fills in for the other. */
  g_assert_cmpstr (task_of (a1, 0), ==, gold_task);
  g_assert_cmpstr (task_of (b1, 0), ==, g_ptr_array_index (ids, 0));

  /* Then each gets what is left: ann the other ordinary task, bob none. */
  g_assert_cmpuint (a3->len, ==, 2);
  g_assert_true (holds (a3, gold_task));
  g_assert_true (holds (a3, g_ptr_array_index (ids, 1)));
  g_assert_cmpuint (b3->len, ==, 1);

  /* At a rate near 0: the one ordinary task, and no gold in its place. */
  g_assert_cmpuint (c->len, ==, 1);
  g_assert_cmpstr (task_of (c, 0), ==, g_ptr_array_index (some, 0));
}

/* Leases */

static void
test_lease_expiry (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autofree char *project = add_project (f, 2, 0, 1, 0, 60, &ids);
  const LimnServerPrincipal *ann = annotator (f, "ann", project);
  const LimnServerPrincipal *bob = annotator (f, "bob", project);
  g_autoptr(GPtrArray) a = claim (f, ann, 2, T0);
  g_autoptr(GPtrArray) b = NULL;
  g_autoptr(LimnServerInventory) inv = NULL;
  guint n = 99;

  g_assert_cmpuint (a->len, ==, 2);
  g_assert_cmpint (((LimnServerAssignment *)g_ptr_array_index (a, 0))->lease_expires_us, ==,
                   T0 + 60 * SECOND);

  /* Nothing is taken while the leases last. */
  b = claim (f, bob, 2, T0 + 59 * SECOND);
  g_assert_cmpuint (b->len, ==, 0);
  g_clear_pointer (&b, g_ptr_array_unref);

  /* The sweep: at the second the lease ends, not before. */
  g_assert_true (limn_server_leases_expire (f->backend, T0 + 59 * SECOND, &n, &error));
  g_assert_cmpuint (n, ==, 0);
  g_assert_true (limn_server_leases_expire (f->backend, T0 + 60 * SECOND, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpuint (count_changes (f, ann, "assignment_expired"), ==, 2);

  inv = inventory (f);
  g_assert_cmpint (inv->assignments[LIMN_SERVER_LEASE_EXPIRED], ==, 2);
  g_assert_cmpint (inv->assignments[LIMN_SERVER_LEASE_ASSIGNED], ==, 0);

  /* Back in the pool: bob gets both. */
  b = claim (f, bob, 2, T0 + 61 * SECOND);
  g_assert_cmpuint (b->len, ==, 2);
  g_assert_cmpuint (count_changes (f, bob, "assignment_expired"), ==, 0);
}

/* Batches */

#define EVENT_1 "e0000000-0000-4000-8000-000000000001"
#define ANNO_1  "a0000000-0000-4000-8000-000000000001"
#define ANNO_2  "a0000000-0000-4000-8000-000000000002"
#define FLAG_1  "f0000000-0000-4000-8000-000000000001"

static void
test_batch_idempotent (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autofree char *project = add_project (f, 1, 0, 1, 0, 3600, &ids);
  const LimnServerPrincipal *ann = annotator (f, "ann", project);
  const LimnServerPrincipal *bob = annotator (f, "bob", project);
  g_autoptr(GPtrArray) got = claim (f, ann, 1, T0);
  const char *task = g_ptr_array_index (ids, 0);
  g_autofree char *first = NULL;
  g_autofree char *again = NULL;
  g_autofree char *reused = NULL;
  g_autofree char *dup = NULL;
  g_autofree char *other = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gboolean replayed = TRUE;

  first = apply (f, ann, "key-0001", "sha-1", T0, &replayed, &error,
                 event_item (EVENT_1, project, task), annotation_item (ANNO_1, project, task, 1),
                 flag_item (FLAG_1, project, task), NULL);
  g_assert_no_error (error);
  g_assert_cmpstr (first, ==, "applied applied applied");
  g_assert_false (replayed);

  /* The same key and body: the stored answer, nothing applied again. */
  before = inventory_line (f);
  again = apply (f, ann, "key-0001", "sha-1", T0, &replayed, &error,
                 event_item (EVENT_1, project, task), annotation_item (ANNO_1, project, task, 1),
                 flag_item (FLAG_1, project, task), NULL);
  after = inventory_line (f);
  g_assert_true (replayed);
  g_assert_cmpstr (again, ==, first);
  g_assert_cmpstr (after, ==, before);

  /* The same key with another body. */
  reused = apply (f, ann, "key-0001", "sha-2", T0, &replayed, &error,
                  event_item (EVENT_1, project, task), NULL);
  g_assert_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_KEY_REUSED);
  g_assert_null (reused);
  g_clear_error (&error);

  /* A new key, the same items: each once, by id. */
  dup = apply (f, ann, "key-0002", "sha-1", T0, &replayed, &error,
               event_item (EVENT_1, project, task), annotation_item (ANNO_1, project, task, 1),
               flag_item (FLAG_1, project, task), NULL);
  g_assert_no_error (error);
  g_assert_cmpstr (dup, ==, "duplicate duplicate duplicate");

  /* Someone else's ids are refused, saying nothing of them; keys are per
   * user. */
  other = apply (f, bob, "key-0001", "sha-1", T0, &replayed, &error,
                 event_item (EVENT_1, project, NULL), annotation_item (ANNO_1, project, task, 1),
                 flag_item (FLAG_1, project, task), NULL);
  g_assert_no_error (error);
  g_assert_false (replayed);
  g_assert_cmpstr (other, ==, "rejected:the id is already used rejected:the id is already used "
                              "rejected:the id is already used");

  {
    g_autoptr(LimnServerInventory) inv = inventory (f);

    g_assert_cmpint (inv->events, ==, 1);
    g_assert_cmpint (inv->annotations_submitted, ==, 1);
    g_assert_cmpint (inv->flags_open, ==, 1);
    g_assert_cmpint (inv->batches, ==, 3);
    g_assert_cmpint (inv->assignments[LIMN_SERVER_LEASE_SUBMITTED], ==, 1);
  }
}

/* A task reassigned after the lease expired: the late work is kept, as a
 * conflict; expired but nobody took it: it is applied and theirs again. A
 * task never held is refused. */
static void
test_batch_conflict (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autofree char *project = add_project (f, 3, 0, 1, 0, 60, &ids);
  const LimnServerPrincipal *ann = annotator (f, "ann", project);
  const LimnServerPrincipal *bob = annotator (f, "bob", project);
  g_autoptr(GPtrArray) a = claim (f, ann, 2, T0);
  g_autoptr(GPtrArray) b = claim (f, bob, 1, T0 + 61 * SECOND);
  g_autofree char *late = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *foreign = NULL;
  g_autoptr(LimnServerInventory) inv = NULL;

  g_assert_cmpstr (task_of (b, 0), ==, g_ptr_array_index (ids, 0));

  late = apply (f, ann, "key-late", "sha", T0 + 62 * SECOND, NULL, &error,
                annotation_item (ANNO_1, project, g_ptr_array_index (ids, 0), 1), NULL);
  g_assert_no_error (error);
  g_assert_cmpstr (late, ==, "conflict:task reassigned after the lease expired");

  kept = apply (f, ann, "key-kept", "sha", T0 + 62 * SECOND, NULL, &error,
                annotation_item (ANNO_2, project, g_ptr_array_index (ids, 1), 1), NULL);
  g_assert_cmpstr (kept, ==, "applied");

  foreign = apply (f, bob, "key-foreign", "sha", T0 + 62 * SECOND, NULL, &error,
                   annotation_item ("a0000000-0000-4000-8000-000000000003", project,
                                    g_ptr_array_index (ids, 2), 1),
                   event_item (EVENT_1, project, g_ptr_array_index (ids, 1)),
                   flag_item (FLAG_1, project, g_ptr_array_index (ids, 2)), NULL);
  g_assert_cmpstr (foreign, ==, "rejected:the task is not assigned to you "
                                "rejected:the task is not assigned to you "
                                "rejected:the task is not assigned to you");

  inv = inventory (f);
  g_assert_cmpint (inv->annotations_conflicted, ==, 1);
  g_assert_cmpint (inv->annotations_submitted, ==, 1);
  g_assert_cmpint (inv->assignments[LIMN_SERVER_LEASE_SUBMITTED], ==, 1);
  g_assert_cmpint (inv->assignments[LIMN_SERVER_LEASE_EXPIRED], ==, 1);
  g_assert_cmpint (inv->assignments[LIMN_SERVER_LEASE_ASSIGNED], ==, 1);
}

/* A gold answer reaches the annotator once, after their first submit. */
static void
test_batch_gold_reveal (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autofree char *project = add_project (f, 1, 1, 1, 1.0, 3600, &ids);
  const LimnServerPrincipal *ann = annotator (f, "ann", project);
  g_autoptr(GPtrArray) a = claim (f, ann, 1, T0);
  LimnBatchItem *first = annotation_item (ANNO_1, project, task_of (a, 0), 1);
  LimnBatchItem *copy = annotation_item (ANNO_2, project, task_of (a, 0), 2);
  g_autofree char *r1 = NULL;
  g_autofree char *r2 = NULL;
  g_autoptr(GPtrArray) scores = NULL;
  LimnServerGoldScore *score;

  /* The first answer marks "world"; the second copies the revealed gold. */
  g_free (first->regions);
  first->regions = g_strdup ("[{\"id\":\"a\",\"kind\":\"span\",\"label\":\"L\","
                             "\"start\":6,\"end\":11}]");
  g_free (copy->regions);
  copy->regions = g_strdup ("[{\"id\":\"g\",\"kind\":\"span\",\"label\":\"L\","
                            "\"start\":0,\"end\":5}]");

  g_assert_cmpuint (count_changes (f, ann, "gold"), ==, 0);
  r1 = apply (f, ann, "key-gold-1", "sha", T0, NULL, &error, first, NULL);
  g_assert_cmpstr (r1, ==, "applied");
  g_assert_cmpuint (count_changes (f, ann, "gold"), ==, 1);

  r2 = apply (f, ann, "key-gold-2", "sha", T0, NULL, &error, copy, NULL);
  g_assert_cmpstr (r2, ==, "applied");
  g_assert_cmpuint (count_changes (f, ann, "gold"), ==, 1);

  /* Scored on the answer made before the reveal, not on the copy. */
  scores = limn_server_gold_scores (f->backend, project, 0.5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (scores->len, ==, 1);
  score = g_ptr_array_index (scores, 0);
  g_assert_cmpstr (score->annotator, ==, "ann");
  g_assert_cmpuint (score->tasks, ==, 1);
  g_assert_cmpuint (score->counts.n_a, ==, 1);
  g_assert_cmpuint (score->counts.n_b, ==, 1);
  g_assert_cmpuint (score->counts.matched, ==, 0);
}

/* A storage failure at any point of a claim or a batch changes nothing,
 * and the same request then succeeds: the rules keep each in one
 * transaction, whatever the backend. */
static void
test_atomic (Fixture       *f,
             gconstpointer  data)
{
  LimnFakeBackend *fake = LIMN_FAKE_BACKEND (f->backend);
  g_autoptr(GPtrArray) ids = NULL;
  g_autofree char *project = add_project (f, 4, 1, 1, 0.5, 60, &ids);
  const LimnServerPrincipal *ann = annotator (f, "ann", project);
  const LimnServerPrincipal *bob = annotator (f, "bob", project);
  g_autoptr(GPtrArray) first = claim (f, ann, 2, T0);
  guint claim_calls = 0, batch_calls = 0;

  /* bob's claim expires ann's leases and grants new ones. */
  for (guint k = 1;; k++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *before = inventory_line (f);
      g_autofree char *after = NULL;
      g_autoptr(GPtrArray) got = NULL;
      guint calls = limn_fake_backend_get_calls (fake);

      limn_fake_backend_fail_after (fake, k);
      got = limn_server_claims_take (f->backend, NULL, bob, project, 3, T0 + 61 * SECOND, &error);
      limn_fake_backend_fail_after (fake, 0);
      if (got != NULL)
        {
          g_assert_no_error (error);
          g_assert_cmpuint (got->len, ==, 3);
          claim_calls = limn_fake_backend_get_calls (fake) - calls;
          break;
        }
      g_assert_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_FAILED);
      after = inventory_line (f);
      g_assert_cmpstr (after, ==, before);
    }

  for (guint k = 1;; k++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *before = inventory_line (f);
      g_autofree char *after = NULL;
      g_autofree char *answer = NULL;
      guint calls = limn_fake_backend_get_calls (fake);

      limn_fake_backend_fail_after (fake, k);
      answer = apply (f, ann, "key-atomic", "sha", T0 + 62 * SECOND, NULL, &error,
                      event_item (EVENT_1, project, task_of (first, 0)),
                      annotation_item (ANNO_1, project, task_of (first, 0), 1),
                      annotation_item (ANNO_2, project, task_of (first, 1), 1),
                      flag_item (FLAG_1, project, task_of (first, 1)), NULL);
      limn_fake_backend_fail_after (fake, 0);
      if (answer != NULL)
        {
          g_assert_no_error (error);
          batch_calls = limn_fake_backend_get_calls (fake) - calls;
          break;
        }
      g_assert_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_FAILED);
      after = inventory_line (f);
      g_assert_cmpstr (after, ==, before);
    }

  g_test_message ("a claim made %u storage calls, a batch %u; each failed once at every one",
                  claim_calls, batch_calls);
  g_assert_cmpuint (claim_calls, >, 5);
  g_assert_cmpuint (batch_calls, >, 5);
}

/* What a store keeps and refuses, the same on SQLite and PostgreSQL */

static LimnServerSettings
unchanged_settings (void)
{
  LimnServerSettings s = {
    .overlap = -1, .gold_rate = -1, .audit_rate = -1, .confidence_steps = -1,
    .lease_seconds = -1, .review_threshold = -1, .senior_threshold = -1,
    .agreement_threshold = -1, .match_iou = -1, .auto_propose_campaigns = -1,
  };

  return s;
}

static LimnServerProject *
bare_project (const char *id,
              gint64      overlap)
{
  LimnServerProject *project = g_new0 (LimnServerProject, 1);
  LimnServerSettings *s = &project->settings;

  project->id = g_strdup (id);
  project->name = g_strdup (id);
  project->kind = g_strdup ("image");
  s->overlap = overlap;
  s->confidence_steps = 5;
  s->lease_seconds = 60;
  s->review_threshold = 0.4;
  s->senior_threshold = 0.2;
  s->agreement_threshold = 0.5;
  s->match_iou = 0.5;
  return project;
}

/* Label translations and guardrails (SQLite 11 and 12, PostgreSQL 2) are
 * stored and read back; "" removes the guardrails, NULL leaves them. */
static void
test_store_new_columns (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(LimnServerProject) project = bare_project ("p-cols", 1);
  g_autoptr(LimnServerProject) read = NULL;
  LimnServerLabel label = {
    .id = "l-cat", .name = "cat", .color = "#112233", .description = "a cat",
    .names = "{\"fr\":\"chat\"}", .descriptions = "{\"fr\":\"un chat\"}",
  };
  LimnServerSettings settings = unchanged_settings ();
  const LimnServerLabel *got;
  g_autoptr(GError) error = NULL;

  (void)data;
  {
    g_autoptr(LimnServerTxn) txn = limn_server_backend_begin (f->backend, LIMN_SERVER_TXN_WRITE,
                                                              &error);

    g_assert_no_error (error);
    g_assert_true (txn->store->insert_project (txn, project, T0, &error));
    g_assert_true (txn->store->insert_label (txn, project->id, &label, 0, &error));
    settings.guardrails = "{\"rules\":[]}";
    g_assert_true (txn->store->update_settings (txn, project->id, &settings, &error));
    g_assert_true (limn_server_txn_commit (txn, &error));
    g_assert_no_error (error);
  }
  {
    g_autoptr(LimnServerTxn) txn = limn_server_backend_begin (f->backend, LIMN_SERVER_TXN_READ,
                                                              &error);

    g_assert_true (txn->store->get_project (txn, project->id, &read, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpstr (read->guardrails, ==, "{\"rules\":[]}");
  g_assert_null (read->settings.guardrails);
  g_assert_cmpuint (read->labels->len, ==, 1);
  got = g_ptr_array_index (read->labels, 0);
  g_assert_cmpstr (got->names, ==, "{\"fr\":\"chat\"}");
  g_assert_cmpstr (got->descriptions, ==, "{\"fr\":\"un chat\"}");
  g_clear_pointer (&read, limn_server_project_free);

  /* A label update carries the translations; settings without guardrails
   * leave them; "" removes them. */
  label.names = "{\"de\":\"Katze\"}";
  label.descriptions = NULL;
  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(LimnServerTxn) txn = limn_server_backend_begin (f->backend, LIMN_SERVER_TXN_WRITE,
                                                                &error);

      settings = unchanged_settings ();
      settings.overlap = 2;
      settings.guardrails = round == 0 ? NULL : "";
      g_assert_true (txn->store->update_label (txn, &label, &error));
      g_assert_true (txn->store->update_settings (txn, project->id, &settings, &error));
      g_assert_true (limn_server_txn_commit (txn, &error));
      g_assert_no_error (error);
      g_clear_pointer (&txn, limn_server_txn_end);

      txn = limn_server_backend_begin (f->backend, LIMN_SERVER_TXN_READ, &error);
      g_assert_true (txn->store->get_project (txn, project->id, &read, &error));
      g_assert_no_error (error);
      if (round == 0)
        g_assert_cmpstr (read->guardrails, ==, "{\"rules\":[]}");
      else
        g_assert_null (read->guardrails);
      got = g_ptr_array_index (read->labels, 0);
      g_assert_cmpstr (got->names, ==, "{\"de\":\"Katze\"}");
      g_assert_null (got->descriptions);
      g_assert_cmpint (read->settings.overlap, ==, 2);
      g_clear_pointer (&read, limn_server_project_free);
    }
}

/* A row that breaks a rule of the schema (an id taken, a CHECK) is
 * INVALID on both stores, as SQLite's constraint errors have always been:
 * a 400 for a route, not a 500. */
static void
test_store_constraints (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(LimnServerProject) project = bare_project ("p-rules", 1);
  g_autoptr(LimnServerProject) bad = bare_project ("p-bad", 0);
  LimnServerLabel label = { .id = "l-dup", .name = "dup", .color = "#000000" };
  LimnServerLabel again = { .id = "l-dup", .name = "other", .color = "#000000" };
  g_autoptr(GError) error = NULL;

  (void)data;
  {
    g_autoptr(LimnServerTxn) txn = limn_server_backend_begin (f->backend, LIMN_SERVER_TXN_WRITE,
                                                              &error);

    g_assert_true (txn->store->insert_project (txn, project, T0, &error));
    g_assert_true (txn->store->insert_label (txn, project->id, &label, 0, &error));
    g_assert_true (limn_server_txn_commit (txn, &error));
    g_assert_no_error (error);
  }
  {
    g_autoptr(LimnServerTxn) txn = limn_server_backend_begin (f->backend, LIMN_SERVER_TXN_WRITE,
                                                              &error);

    g_assert_false (txn->store->insert_label (txn, project->id, &again, 1, &error));
    g_assert_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_INVALID);
    g_clear_error (&error);
  }
  {
    g_autoptr(LimnServerTxn) txn = limn_server_backend_begin (f->backend, LIMN_SERVER_TXN_WRITE,
                                                              &error);

    g_assert_false (txn->store->insert_project (txn, bad, T0, &error));
    g_assert_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_INVALID);
  }
}

/* Which store a URI names */

/* Fair workload (docs/metrics.md §10), SQLite only (the team report reads
 * the store's team data): four annotators answer 60 tasks of overlap 5;
 * on the first 30 (oldest) they split two against two, on the last 30
 * they agree. A new annotator's claim, once the project's figures are
 * kept, gets agreed (easy) tasks, not the oldest; before that, and
 * without a workload, the oldest. */
static void
test_claim_fair_workload (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(LimnServerTeamReport) report = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) fair = NULL;
  LimnServerTeamCache *cache = limn_server_team_cache_new ();
  LimnServerWorkload *workload = limn_server_workload_new (cache);
  Fixture fixture = { 0 }, *f = &fixture;
  g_autofree char *project = NULL;
  const LimnServerPrincipal *who[4];
  const LimnServerPrincipal *newbie;
  guint n = 0, easy = 0, known = 0;

  setup (f, GINT_TO_POINTER (BACKEND_SQLITE));
  project = add_project (f, 60, 0, 5, 0, 7 * 86400, &ids);
  for (guint w = 0; w < 4; w++)
    {
      g_autofree char *name = g_strdup_printf ("ann%u", w);
      g_autoptr(GPtrArray) got = NULL;

      who[w] = annotator (f, name, project);
      got = claim (f, who[w], 60, T0);
      g_assert_cmpuint (got->len, ==, 60);
      for (guint t = 0; t < 60; t++)
        {
          const char *task = g_ptr_array_index (ids, t);
          g_autofree char *id = g_strdup_printf ("a0000000-0000-4000-8000-%012u", n);
          g_autofree char *key = g_strdup_printf ("key-%u", n++);
          g_autofree char *answer = NULL;
          LimnBatchItem *item = annotation_item (id, project, task, 1);

          /* Hard: two mark the span, two do not. Easy: all four do. */
          if (t >= 30 || w < 2)
            {
              g_free (item->regions);
              item->regions = g_strdup ("[{\"id\":\"r\",\"kind\":\"span\",\"label\":\"L\","
                                        "\"start\":0,\"end\":5}]");
            }
          answer = apply (f, who[w], key, key, T0 + (t + 1) * SECOND, NULL, &error, item, NULL);
          g_assert_no_error (error);
          g_assert_cmpstr (answer, ==, "applied");
        }
    }
  newbie = annotator (f, "new", project);

  /* No kept figures yet: the oldest, as without the rule. */
  before = limn_server_claims_take (f->backend, workload, newbie, project, 5, T0 + 100 * SECOND, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < before->len; i++)
    g_assert_cmpstr (task_of (before, i), ==, g_ptr_array_index (ids, i));

  report = limn_server_team_cache_get (cache, f->backend, project, T0 + 200 * SECOND, -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report->open_difficulty);
  g_assert_cmpuint (g_hash_table_size (report->open_difficulty), ==, 60);
  for (guint t = 0; t < 60; t++)
    {
      double d = *(double *)g_hash_table_lookup (report->open_difficulty, g_ptr_array_index (ids, t));
      double rank = limn_workload_difficulty_rank (report->workload_pool, d);

      /* The split tasks are the harder half. */
      if (t < 30)
        g_assert_cmpfloat (rank, >, 0.5);
      else
        g_assert_cmpfloat (rank, <, 0.5);
    }

  /* Kept figures: the new annotator's next tasks are the easy ones. */
  fair = limn_server_claims_take (f->backend, workload, newbie, project, 10, T0 + 300 * SECOND, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fair->len, ==, 10);   /* the 5 held, then 5 more */
  for (guint i = 5; i < fair->len; i++)
    {
      const char *task = task_of (fair, i);

      for (guint t = 0; t < 60; t++)
        if (g_str_equal (task, g_ptr_array_index (ids, t)))
          {
            easy += t >= 30;
            known++;
          }
    }
  g_test_message ("new annotator's claim with the rule: %u of %u tasks easy", easy, known);
  g_assert_cmpuint (known, ==, 5);
  g_assert_cmpuint (easy, ==, 5);

  limn_server_workload_free (workload);
  limn_server_team_cache_free (cache);
  teardown (f, GINT_TO_POINTER (BACKEND_SQLITE));
}

static void
test_backend_open (void)
{
  g_autofree char *dir = limn_test_mkdtemp ();
  g_autofree char *plain = g_build_filename (dir, "plain.db", NULL);
  g_autofree char *prefixed = g_build_filename (dir, "prefixed.db", NULL);
  g_autofree char *url = g_build_filename (dir, "url.db", NULL);
  g_autofree char *prefixed_uri = g_strconcat ("sqlite:", prefixed, NULL);
  g_autofree char *url_uri = g_strconcat ("sqlite://", url, NULL);
  const char *refused[] = {
    /* No server there: both schemes reach libpq, which cannot connect. */
    "postgresql:///limn?host=/nonexistent-limn-socket-dir",
    "postgres:///limn?host=/nonexistent-limn-socket-dir", "mysql://x/y", "sqlite:",
  };

  g_assert_true (g_path_is_absolute (url));
  for (guint i = 0; i < 3; i++)
    {
      const char *uri = (const char *[]) { plain, prefixed_uri, url_uri }[i];
      const char *file = (const char *[]) { plain, prefixed, url }[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(LimnServerBackend) backend = limn_server_backend_open (uri, &error);

      g_assert_no_error (error);
      g_assert_nonnull (backend);
      g_assert_true (g_file_test (file, G_FILE_TEST_IS_REGULAR));
    }

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LimnServerBackend) backend = limn_server_backend_open (refused[i], &error);

      g_assert_null (backend);
      g_assert_nonnull (error);
      g_test_message ("%s: %s", refused[i], error->message);
      if (i < 2)
        {
          g_assert_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_OPEN);
          g_assert_nonnull (strstr (error->message, "PostgreSQL"));
        }
    }

  limn_test_rm_rf (dir);
}

/* Two instances on one database (two backends: two pools, as two
 * limn-server processes have), six annotators claiming at once through
 * them: every task is given once (overlap 1), none lost. */
typedef struct
{
  LimnServerBackend         *backend;
  const LimnServerPrincipal *who;
  GPtrArray                 *got;
} Claimer;

static gpointer
claim_thread (gpointer data)
{
  Claimer *c = data;
  g_autoptr(GError) error = NULL;

  c->got = limn_server_claims_take (c->backend, NULL, c->who, c->who->project_id, 5, T0, &error);
  g_assert_no_error (error);
  return NULL;
}

static void
test_claim_two_instances (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = NULL;
  g_autofree char *project = add_project (f, 20, 0, 1, 0, 3600, &ids);
  g_autoptr(LimnServerBackend) other = NULL;
  g_autoptr(GHashTable) given = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  Claimer claimers[6];
  GThread *threads[6];
  guint total = 0;

  other = limn_server_backend_open (f->uri, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (claimers); i++)
    {
      g_autofree char *name = g_strdup_printf ("ann%u", i);

      claimers[i] = (Claimer) { i % 2 ? other : f->backend, annotator (f, name, project), NULL };
    }
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("claim", claim_thread, &claimers[i]);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);

  for (guint i = 0; i < G_N_ELEMENTS (claimers); i++)
    {
      for (guint j = 0; j < claimers[i].got->len; j++)
        {
          const char *task = task_of (claimers[i].got, j);

          g_assert_false (g_hash_table_contains (given, task));
          g_hash_table_add (given, (gpointer)task);
        }
      total += claimers[i].got->len;
    }
  /* 6 × 5 asked for, 20 there: all 20 given, each once. */
  g_assert_cmpuint (total, ==, 20);
  for (guint i = 0; i < G_N_ELEMENTS (claimers); i++)
    g_ptr_array_unref (claimers[i].got);
}

/* The changes feed while two instances write: a reader that follows its
 * cursor sees every change, in order, none skipped (docs/postgresql.md,
 * "Why the changes feed is commit-ordered"). Each writer waits a little
 * between taking its number and committing, which is when a reader could
 * pass a number that commits later. */
#define FEED_WRITES 60

typedef struct
{
  LimnServerBackend *backend;
  const char        *recipient;
} FeedWriter;

static gpointer
feed_write_thread (gpointer data)
{
  FeedWriter *w = data;

  for (guint i = 0; i < FEED_WRITES; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LimnServerTxn) txn = limn_server_backend_begin (w->backend, LIMN_SERVER_TXN_WRITE,
                                                                &error);

      g_assert_no_error (error);
      g_assert_true (txn->store->insert_change (txn, w->recipient, NULL, "test", "{}", T0, &error));
      g_assert_no_error (error);
      g_usleep (g_random_int_range (0, 2000));
      g_assert_true (limn_server_txn_commit (txn, &error));
      g_assert_no_error (error);
    }

  return NULL;
}

static void
test_changes_two_instances (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(LimnServerBackend) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *user = limn_server_accounts_add_user (f->backend, "reader", &error);
  FeedWriter writers[2];
  GThread *threads[2];
  gint64 cursor = 0;
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  g_assert_no_error (error);
  other = limn_server_backend_open (f->uri, &error);
  g_assert_no_error (error);

  writers[0] = (FeedWriter) { f->backend, user };
  writers[1] = (FeedWriter) { other, user };
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("feed", feed_write_thread, &writers[i]);

  while (cursor < 2 * FEED_WRITES)
    {
      g_autoptr(LimnServerTxn) txn = limn_server_backend_begin (f->backend, LIMN_SERVER_TXN_READ,
                                                                &error);
      g_autoptr(GPtrArray) changes = NULL;

      g_assert_no_error (error);
      changes = txn->store->list_changes (txn, user, NULL, cursor, 1000, &error);
      g_assert_no_error (error);
      for (guint i = 0; i < changes->len; i++)
        {
          const LimnServerChange *change = g_ptr_array_index (changes, i);

          /* Gap-free per recipient: a number seen means all below it are. */
          g_assert_cmpint (change->seq, ==, cursor + 1);
          cursor = change->seq;
        }
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
    }

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);
  g_assert_cmpint (cursor, ==, 2 * FEED_WRITES);
}

/* A database written by a newer limn-server is refused, untouched; a
 * current one opens again as it is. */
static void
test_postgresql_versions (void)
{
  g_autofree char *uri = limn_test_postgres_new_database ();
  g_autoptr(LimnServerBackend) backend = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *version = NULL;
  g_autofree char *bumped = NULL;

  backend = limn_server_backend_open (uri, &error);
  g_assert_no_error (error);
  g_clear_object (&backend);
  version = limn_test_postgres_query_text (uri, "SELECT version FROM schema_version", NULL);
  g_assert_cmpint (g_ascii_strtoll (version, NULL, 10), ==, LIMN_SERVER_PG_SCHEMA_VERSION);

  backend = limn_server_backend_open (uri, &error);
  g_assert_no_error (error);
  g_clear_object (&backend);

  g_free (limn_test_postgres_query_text (uri, "UPDATE schema_version SET version = 99 "
                                         "RETURNING version", NULL));
  backend = limn_server_backend_open (uri, &error);
  g_assert_null (backend);
  g_assert_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_NEWER_VERSION);
  bumped = limn_test_postgres_query_text (uri, "SELECT version FROM schema_version", NULL);
  g_assert_cmpstr (bumped, ==, "99");
}

/* A database left at version 1 (before label translations and
 * guardrails, and migration 3's qualification, hidden fields and
 * experiments) gets their columns and table when it is opened, its rows
 * kept. */
static void
test_postgresql_upgrade_from_1 (void)
{
  g_autofree char *uri = limn_test_postgres_new_database ();
  g_autoptr(LimnServerBackend) backend = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *version = NULL;
  g_autofree char *columns = NULL;
  g_autofree char *label = NULL;
  g_autofree char *experiments = NULL;

  backend = limn_server_backend_open (uri, &error);
  g_assert_no_error (error);
  g_clear_object (&backend);

  /* As migration 1 left it, with a project and a label in it. */
  g_ptr_array_unref (limn_test_postgres_query_column (uri,
                                                      "ALTER TABLE guidelines DROP COLUMN translations;"
                                                      "DROP TABLE experiments;"
                                                      "ALTER TABLE projects DROP COLUMN qualification, "
                                                      "  DROP COLUMN hidden_task_fields;"
                                                      "ALTER TABLE labels DROP COLUMN names, "
                                                      "  DROP COLUMN descriptions;"
                                                      "ALTER TABLE projects DROP COLUMN guardrails;"
                                                      "UPDATE schema_version SET version = 1;"
                                                      "INSERT INTO projects (id, name, kind, created_us) "
                                                      "  VALUES ('p1', 'P', 'image', 1);"
                                                      "INSERT INTO labels (id, project_id, position, "
                                                      "  name, color) "
                                                      "  VALUES ('l1', 'p1', 0, 'cat', '#000000');"
                                                      "SELECT 1"));

  backend = limn_server_backend_open (uri, &error);
  g_assert_no_error (error);
  g_clear_object (&backend);

  version = limn_test_postgres_query_text (uri, "SELECT version FROM schema_version", NULL);
  g_assert_cmpint (g_ascii_strtoll (version, NULL, 10), ==, LIMN_SERVER_PG_SCHEMA_VERSION);
  columns = limn_test_postgres_query_text (uri,
                                           "SELECT string_agg (table_name || '.' || column_name, ' ' "
                                           "ORDER BY table_name, column_name) "
                                           "FROM information_schema.columns "
                                           "WHERE column_name IN ('names', 'descriptions', 'guardrails', "
                                           "  'qualification', 'hidden_task_fields', 'translations')",
                                           NULL);
  g_assert_cmpstr (columns, ==, "guidelines.translations labels.descriptions labels.names "
                   "projects.guardrails projects.hidden_task_fields projects.qualification");
  experiments = limn_test_postgres_query_text (uri, "SELECT to_regclass ('experiments') IS NOT NULL",
                                               NULL);
  g_assert_cmpstr (experiments, ==, "t");
  label = limn_test_postgres_query_text (uri, "SELECT name FROM labels WHERE id = 'l1'", NULL);
  g_assert_cmpstr (label, ==, "cat");
}

/* Every storage call of the interface has a PostgreSQL implementation (a
 * missing one crashed `admin stats`: count_user_events); one not written
 * yet answers NOT_SUPPORTED instead. No database needed. */
static void
test_postgresql_complete (void)
{
  g_autoptr(GTypeClass) klass = g_type_class_ref (LIMN_TYPE_SERVER_BACKEND_PG);
  const LimnServerBackendInterface *iface = g_type_interface_peek (klass,
                                                                   LIMN_TYPE_SERVER_BACKEND);
  const guint8 *first = (const guint8 *)iface + sizeof (GTypeInterface);
  gsize n = (sizeof (*iface) - sizeof (GTypeInterface)) / sizeof (GCallback);

  g_assert_nonnull (iface);
  g_assert_cmpuint (n, >, 0);
  for (gsize i = 0; i < n; i++)
    {
      GCallback call;

      memcpy (&call, first + i * sizeof (GCallback), sizeof call);
      if (call == NULL)
        g_test_message ("storage call %" G_GSIZE_FORMAT " (from begin) is NULL", i);
      g_assert_nonnull (call);
    }
}

/* A connection the database closed is replaced: the next transaction
 * begins on a new one. */
static void
test_postgresql_reconnect (void)
{
  g_autofree char *uri = limn_test_postgres_new_database ();
  g_autoptr(LimnServerBackend) backend = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *killed = NULL;

  backend = limn_server_backend_open (uri, &error);
  g_assert_no_error (error);

  for (guint round = 0; round < 3; round++)
    {
      g_autoptr(LimnServerTxn) txn = limn_server_backend_begin (backend, round % 2 == 0
                                                                ? LIMN_SERVER_TXN_READ
                                                                : LIMN_SERVER_TXN_WRITE, &error);
      g_autoptr(GPtrArray) ids = NULL;

      g_assert_no_error (error);
      ids = txn->store->list_project_ids (txn, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (ids->len, ==, 0);
      limn_server_txn_end (g_steal_pointer (&txn));

      /* Every other session on the database is ended, as a restart would. */
      g_free (killed);
      killed = limn_test_postgres_query_text (uri, "SELECT count (pg_terminate_backend (pid)) "
                                              "FROM pg_stat_activity WHERE datname = "
                                              "current_database () AND pid <> pg_backend_pid ()",
                                              NULL);
      g_assert_cmpstr (killed, ==, "1");
    }
}

/* What makes the teardown's check mean something: a team dashboard call
 * on the fake fails as not supported, and is counted. */
static void
test_team_not_modelled (void)
{
  g_autoptr(LimnServerBackend) backend = limn_fake_backend_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnServerTxn) txn = limn_server_backend_begin (backend, LIMN_SERVER_TXN_READ, &error);
  gint64 version = 0;

  g_assert_no_error (error);
  g_assert_false (txn->store->team_version (txn, "p", &version, &error));
  g_assert_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_NOT_SUPPORTED);
  g_assert_cmpuint (limn_fake_backend_get_unmodelled_calls (LIMN_FAKE_BACKEND (backend)), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  static const struct
  {
    const char *name;
    void      (*func) (Fixture *, gconstpointer);
  } rules[] = {
    { "claim/overlap", test_claim_overlap },
    { "claim/never-twice", test_claim_never_twice },
    { "claim/gold-rate", test_claim_gold_rate },
    { "claim/gold-pool", test_claim_gold_pool },
    { "lease/expiry", test_lease_expiry },
    { "batch/idempotent", test_batch_idempotent },
    { "batch/conflict", test_batch_conflict },
    { "batch/gold-reveal", test_batch_gold_reveal },
  };

  g_test_init (&argc, &argv, NULL);

  /* On PostgreSQL (the -pg run) the rules run there only: fake and
   * SQLite ran in the plain run. */
  if (limn_test_postgres_wanted ())
    {
      for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
        {
          g_autofree char *path = g_strdup_printf ("/server/rules/postgresql/%s", rules[i].name);

          g_test_add (path, Fixture, GINT_TO_POINTER (BACKEND_POSTGRESQL), setup, rules[i].func,
                      teardown);
        }
      g_test_add ("/server/rules/postgresql/claim/two-instances", Fixture,
                  GINT_TO_POINTER (BACKEND_POSTGRESQL), setup, test_claim_two_instances, teardown);
      g_test_add ("/server/rules/postgresql/changes/two-instances", Fixture,
                  GINT_TO_POINTER (BACKEND_POSTGRESQL), setup, test_changes_two_instances, teardown);
      g_test_add ("/server/store/postgresql/new-columns", Fixture,
                  GINT_TO_POINTER (BACKEND_POSTGRESQL), setup, test_store_new_columns, teardown);
      g_test_add ("/server/store/postgresql/constraints", Fixture,
                  GINT_TO_POINTER (BACKEND_POSTGRESQL), setup, test_store_constraints, teardown);
      g_test_add_func ("/server/backend/postgresql/versions", test_postgresql_versions);
      g_test_add_func ("/server/backend/postgresql/upgrade-from-1", test_postgresql_upgrade_from_1);
      g_test_add_func ("/server/backend/postgresql/reconnect", test_postgresql_reconnect);
      g_test_add_func ("/server/backend/postgresql/complete", test_postgresql_complete);
      g_test_add_func ("/server/backend/open", test_backend_open);
      return g_test_run ();
    }

  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    for (BackendKind k = BACKEND_FAKE; k <= BACKEND_SQLITE; k++)
      {
        g_autofree char *path = g_strdup_printf ("/server/rules/%s/%s",
                                                 k == BACKEND_FAKE ? "fake" : "sqlite",
                                                 rules[i].name);

        g_test_add (path, Fixture, GINT_TO_POINTER (k), setup, rules[i].func, teardown);
      }
  g_test_add ("/server/rules/fake/atomic", Fixture, GINT_TO_POINTER (BACKEND_FAKE), setup,
              test_atomic, teardown);
  g_test_add ("/server/store/sqlite/new-columns", Fixture, GINT_TO_POINTER (BACKEND_SQLITE), setup,
              test_store_new_columns, teardown);
  g_test_add ("/server/store/sqlite/constraints", Fixture, GINT_TO_POINTER (BACKEND_SQLITE), setup,
              test_store_constraints, teardown);
  g_test_add_func ("/server/backend/open", test_backend_open);
  g_test_add_func ("/server/backend/postgresql/complete", test_postgresql_complete);
  g_test_add_func ("/server/rules/sqlite/claim/fair-workload", test_claim_fair_workload);
  g_test_add_func ("/server/rules/fake/team-not-modelled", test_team_not_modelled);

  return g_test_run ();
}
