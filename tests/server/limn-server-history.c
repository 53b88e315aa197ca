/* limn-server-history.c
 *
 * How the history is made (all draws from one GRand seeded with
 * spec->seed, in a fixed order):
 * - each task shows one object (80 %) or two, each of a class drawn with
 *   weights 4 : 3 : 2 : 1 over the labels, in a box of a 640 × 480 image;
 * - each day every annotator takes per_day tasks: a gold task with
 *   probability gold_rate (one they have not done), else the first task
 *   that fewer than `overlap` annotators took and they did not;
 * - each object gets its true label with probability `accuracy`
 *   (hard_accuracy on the hard label, drift_accuracy for a drifting
 *   annotator over the last drift_days); a wrong label is Car↔Truck's
 *   partner when the object is one of those (70 %), else another at
 *   random; boxes are moved a few pixels. An overusing annotator adds a
 *   region of the overused label with probability overuse_rate;
 * - confidence is 0.6–1.0 for a true label and for a Car/Truck mix-up
 *   (a confident confusion), else 0.2–0.6; active time is log-normal
 *   around 40 s;
 * - with probability review_rate the reviewer decides two hours later:
 *   a fully right answer is accepted (95 %) or corrected, a wrong one is
 *   corrected or sent back (half each); sent back, the annotator submits
 *   a right revision 2 the next hour;
 * - guideline version 2 is published halfway; annotations carry the
 *   version in force.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <sqlite3.h>

#include "backend/limn-server-backend.h"
#include "model/limn-id.h"
#include "model/limn-label.h"
#include "limn-server-history.h"

#define DAY_US   ((gint64)86400 * G_USEC_PER_SEC)
#define HOUR_US  ((gint64)3600 * G_USEC_PER_SEC)
#define IMAGE_W  640
#define IMAGE_H  480
#define CAR      1
#define TRUCK    2

typedef struct
{
  guint  label;
  double box[4];
} Object;

typedef struct
{
  char   *id;
  gboolean gold;
  guint   holders;
  guint   n_objects;
  Object  objects[2];
} Task;

typedef struct
{
  const LimnHistorySpec *spec;
  LimnHistory           *out;
  LimnServerTxn         *txn;
  GRand                 *rand;
  char                  *scope;       /* for derived ids */
  guint64                next_id;
  Task                  *tasks;
  guint                  n_tasks;     /* every task; gold ones first */
  guint                 *cursor;      /* per annotator: next regular task to look at */
  guint                 *gold_cursor; /* per annotator: next gold task */
  gint64                 guideline_version;
} Seeder;

void
limn_history_spec_init (LimnHistorySpec *spec)
{
  *spec = (LimnHistorySpec) {
    .seed = 1,
    .n_annotators = 5,
    .n_tasks = 2000,
    .n_gold = 40,
    .overlap = 3,
    .days = 30,
    .end_us = 0,
    .per_day = 16,
    .gold_rate = 0.1,
    .review_rate = 0.6,
    .accuracy = 0.9,
    .model_rate = 0.2,
    .drift_annotator = LIMN_HISTORY_NOBODY,
    .drift_days = 10,
    .drift_accuracy = 0.5,
    .overuse_annotator = LIMN_HISTORY_NOBODY,
    .overused_label = 3,
    .overuse_rate = 0.6,
    .hard_label = -1,
    .hard_accuracy = 0.45,
  };
}

void
limn_history_free (LimnHistory *history)
{
  if (history == NULL)
    return;

  g_free (history->project_id);
  g_free (history->admin_id);
  g_free (history->admin_token);
  g_free (history->reviewer_id);
  g_free (history->reviewer_token);
  g_clear_pointer (&history->annotator_ids, g_ptr_array_unref);
  g_clear_pointer (&history->annotator_names, g_ptr_array_unref);
  g_clear_pointer (&history->annotator_tokens, g_ptr_array_unref);
  g_clear_pointer (&history->label_ids, g_ptr_array_unref);
  g_free (history);
}

static char *
new_id (Seeder *s)
{
  g_autofree char *name = g_strdup_printf ("%" G_GUINT64_FORMAT, s->next_id++);

  return limn_id_derive (s->scope, name);
}

/* A token the tests can know in advance: shaped like the admin CLI's. */
static char *
token_for (Seeder     *s,
           const char *who)
{
  return g_strdup_printf ("limn_seed%u_%s", s->spec->seed, who);
}

static gboolean
add_person (Seeder          *s,
            const char      *name,
            const char      *project_id,
            LimnServerRole   role,
            gint64           now,
            char           **user_id,
            char           **token,
            GError         **error)
{
  g_autofree char *id = limn_id_derive (s->scope, name);
  g_autofree char *secret = token_for (s, name);
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, secret, -1);
  g_autofree char *token_id = new_id (s);

  if (!s->txn->store->insert_user (s->txn, id, name, now, error) ||
      !s->txn->store->insert_token (s->txn, token_id, id, project_id, role, hash, now, error))
    return FALSE;

  *user_id = g_steal_pointer (&id);
  *token = g_steal_pointer (&secret);
  return TRUE;
}

static double
uniform (Seeder *s,
         double  low,
         double  high)
{
  return g_rand_double_range (s->rand, low, high);
}

static double
normal (Seeder *s)
{
  double u1 = g_rand_double_range (s->rand, 1e-12, 1.0);
  double u2 = g_rand_double (s->rand);

  return sqrt (-2.0 * log (u1)) * cos (2.0 * G_PI * u2);
}

static guint
draw_class (Seeder *s)
{
  static const guint weights[] = { 4, 3, 2, 1 };
  guint r = g_rand_int_range (s->rand, 0, 10);

  for (guint k = 0; k < G_N_ELEMENTS (weights); k++)
    {
      if (r < weights[k])
        return k;
      r -= weights[k];
    }
  return 0;
}

static gboolean
make_project (Seeder  *s,
              gint64   start,
              GError **error)
{
  static const char * const names[] = LIMN_HISTORY_LABELS;
  g_autoptr(LimnServerProject) project = g_new0 (LimnServerProject, 1);
  g_autofree char *name = g_strdup_printf ("History %u", s->spec->seed);

  project->id = limn_id_derive (s->scope, "project");
  project->name = g_strdup (name);
  project->kind = g_strdup ("image");
  project->settings = (LimnServerSettings) {
    .overlap = s->spec->overlap,
    .gold_rate = s->spec->gold_rate,
    .audit_rate = 0,
    .confidence_steps = LIMN_SERVER_DEFAULT_CONFIDENCE_STEPS,
    .lease_seconds = LIMN_SERVER_DEFAULT_LEASE_SECONDS,
    .review_threshold = LIMN_SERVER_DEFAULT_REVIEW_THRESHOLD,
    .senior_threshold = LIMN_SERVER_DEFAULT_SENIOR_THRESHOLD,
    .agreement_threshold = LIMN_SERVER_DEFAULT_AGREEMENT_THRESHOLD,
    .match_iou = LIMN_SERVER_DEFAULT_MATCH_IOU,
  };
  project->labels = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_server_label_free);
  for (guint i = 0; names[i] != NULL; i++)
    {
      LimnServerLabel *label = g_new0 (LimnServerLabel, 1);

      label->id = limn_id_derive (project->id, names[i]);
      label->name = g_strdup (names[i]);
      label->color = g_strdup (limn_color_for_index (i));
      label->hotkey = limn_hotkey_for_index (i);
      label->description = g_strdup ("");
      g_ptr_array_add (project->labels, label);
      g_ptr_array_add (s->out->label_ids, g_strdup (label->id));
    }
  project->guideline_version = 1;
  project->guidelines = g_strdup ("Draw a box around every person and vehicle.");
  project->guidelines_published_us = start;
  s->guideline_version = 1;

  if (!s->txn->store->insert_project (s->txn, project, start, error))
    return FALSE;

  s->out->project_id = g_strdup (project->id);
  return TRUE;
}

static char *true_regions (Seeder     *s,
                           const Task *t,
                           guint      *count);

static gboolean
make_tasks (Seeder  *s,
            gint64   start,
            GError **error)
{
  const LimnHistorySpec *spec = s->spec;

  s->n_tasks = spec->n_gold + spec->n_tasks;
  s->tasks = g_new0 (Task, s->n_tasks);

  for (guint i = 0; i < s->n_tasks; i++)
    {
      Task *t = &s->tasks[i];
      g_autofree char *seed_name = g_strdup_printf ("seed-image-%u-%u", spec->seed, i);
      g_autofree char *title = g_strdup_printf ("img-%05u.jpg", i);
      LimnServerTask task = { 0 };
      gboolean ok;

      t->id = new_id (s);
      t->gold = i < spec->n_gold;
      t->n_objects = g_rand_double (s->rand) < 0.8 ? 1 : 2;
      for (guint o = 0; o < t->n_objects; o++)
        {
          t->objects[o].label = draw_class (s);
          t->objects[o].box[0] = g_rand_int_range (s->rand, 0, IMAGE_W - 150);
          t->objects[o].box[1] = g_rand_int_range (s->rand, 0, IMAGE_H - 150);
          t->objects[o].box[2] = g_rand_int_range (s->rand, 40, 140);
          t->objects[o].box[3] = g_rand_int_range (s->rand, 40, 140);
        }

      task.id = t->id;
      task.project_id = s->out->project_id;
      task.kind = "image";
      task.title = title;
      task.position = i;
      task.media_sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, seed_name, -1);
      task.media_size = 20000 + i;
      task.width = IMAGE_W;
      task.height = IMAGE_H;
      task.mime = "image/jpeg";
      task.direction = "auto";
      task.suggestions = "[]";

      ok = s->txn->store->insert_task (s->txn, &task, start, error);
      g_free (task.media_sha256);
      if (!ok)
        return FALSE;
    }

  /* Gold answers after every task: they draw no numbers the tasks do. */
  for (guint i = 0; i < spec->n_gold; i++)
    {
      guint count = 0;
      g_autofree char *regions = true_regions (s, &s->tasks[i], &count);
      g_autofree char *answer = g_strdup_printf ("{\"regions\": %s}", regions);

      if (!s->txn->store->set_task_gold (s->txn, s->tasks[i].id, answer, error))
        return FALSE;
    }

  return TRUE;
}

static void
append_region (Seeder        *s,
               GString       *json,
               guint          label,
               const double  *box,
               double         jitter)
{
  double b[4];
  gboolean model = g_rand_double (s->rand) < s->spec->model_rate;
  g_autofree char *id = new_id (s);

  for (guint i = 0; i < 4; i++)
    b[i] = box[i] + (jitter > 0 ? g_rand_int_range (s->rand, -(int)jitter, (int)jitter + 1) : 0);
  b[0] = CLAMP (b[0], 0, IMAGE_W - 10);
  b[1] = CLAMP (b[1], 0, IMAGE_H - 10);
  b[2] = CLAMP (b[2], 10, IMAGE_W - b[0]);
  b[3] = CLAMP (b[3], 10, IMAGE_H - b[1]);

  if (json->len > 1)
    g_string_append_c (json, ',');
  g_string_append_printf (json, "{\"id\": \"%s\", \"kind\": \"box\", \"label\": \"%s\", "
                          "\"box\": [%g, %g, %g, %g]", id,
                          (const char *)g_ptr_array_index (s->out->label_ids, label),
                          b[0], b[1], b[2], b[3]);
  if (model)
    g_string_append_printf (json, ", \"source\": \"model\", \"score\": %.2f, "
                            "\"model_version\": \"det-seed\"", uniform (s, 0.5, 1.0));
  else
    g_string_append (json, ", \"source\": \"human\"");
  g_string_append_c (json, '}');
}

/* The truth of @t as a stored regions array. */
static char *
true_regions (Seeder     *s,
              const Task *t,
              guint      *count)
{
  GString *json = g_string_new ("[");

  for (guint o = 0; o < t->n_objects; o++)
    append_region (s, json, t->objects[o].label, t->objects[o].box, 0);
  g_string_append_c (json, ']');
  *count = t->n_objects;
  return g_string_free (json, FALSE);
}

static double
accuracy_for (Seeder *s,
              guint   annotator,
              guint   day,
              guint   label)
{
  const LimnHistorySpec *spec = s->spec;
  gboolean drifting = (spec->drift_annotator == LIMN_HISTORY_EVERYONE ||
                       spec->drift_annotator == (int)annotator) &&
                      day + spec->drift_days >= spec->days;

  if (drifting)
    return spec->drift_accuracy;
  if (spec->hard_label >= 0 && (guint)spec->hard_label == label)
    return spec->hard_accuracy;
  return spec->accuracy;
}

/* The annotator's regions for @t; *right when every object got its label
 * and nothing was added; *confidence as they would state it. */
static char *
answer_regions (Seeder     *s,
                const Task *t,
                guint       annotator,
                guint       day,
                guint      *count,
                gboolean   *right,
                double     *confidence)
{
  GString *json = g_string_new ("[");
  gboolean confident = TRUE;
  guint n_labels = s->out->label_ids->len;

  *right = TRUE;
  *count = 0;
  for (guint o = 0; o < t->n_objects; o++)
    {
      guint truth = t->objects[o].label;
      guint given = truth;

      if (g_rand_double (s->rand) >= accuracy_for (s, annotator, day, truth))
        {
          *right = FALSE;
          if ((truth == CAR || truth == TRUCK) && g_rand_double (s->rand) < 0.7)
            given = truth == CAR ? TRUCK : CAR;
          else
            {
              given = (truth + g_rand_int_range (s->rand, 1, n_labels)) % n_labels;
              confident = FALSE;
            }
        }
      append_region (s, json, given, t->objects[o].box, 4);
      (*count)++;
    }

  if (s->spec->overuse_annotator == (int)annotator &&
      g_rand_double (s->rand) < s->spec->overuse_rate)
    {
      double box[4] = { g_rand_int_range (s->rand, 0, IMAGE_W - 100),
                        g_rand_int_range (s->rand, 0, IMAGE_H - 100), 60, 60 };

      append_region (s, json, s->spec->overused_label % n_labels, box, 0);
      (*count)++;
      *right = FALSE;
    }

  g_string_append_c (json, ']');
  *confidence = confident ? uniform (s, 0.6, 1.0) : uniform (s, 0.2, 0.6);
  *confidence = round (*confidence * 100) / 100;
  return g_string_free (json, FALSE);
}

static gboolean
insert_revision (Seeder              *s,
                 const LimnServerLease *lease,
                 const char          *annotation_id,
                 gint64               revision,
                 const char          *parent_id,
                 char                *regions,     /* taken */
                 guint                region_count,
                 double               confidence,
                 gint64               active_ms,
                 gint64               when,
                 GError             **error)
{
  g_autoptr(LimnBatchItem) item = limn_batch_item_new (LIMN_BATCH_ITEM_ANNOTATION);

  item->id = g_strdup (annotation_id);
  item->project_id = g_strdup (lease->project_id);
  item->task_id = g_strdup (lease->task_id);
  item->revision = revision;
  item->parent_id = g_strdup (parent_id);
  item->guideline_version = s->guideline_version;
  item->confidence = confidence;
  item->active_ms = active_ms;
  item->wall_ms = active_ms + 5000;
  item->created_us = when - active_ms * 1000;
  item->submitted_us = when;
  item->regions = regions;
  item->region_count = region_count;
  item->rejected_suggestions = g_strdup ("[]");
  item->status = LIMN_BATCH_APPLIED;

  return s->txn->store->insert_annotation (s->txn, item, lease->annotator, lease, NULL, when, error);
}

/* The reviewer's verdict on @annotation_id, two hours after @when. */
static gboolean
review (Seeder                *s,
        const Task            *t,
        const LimnServerLease *lease,
        const char            *annotation_id,
        gboolean               right,
        gint64                 when,
        GError               **error)
{
  g_autoptr(LimnServerReviewItem) item = limn_server_review_item_new ();
  g_autoptr(LimnServerReview) verdict = limn_server_review_new ();
  gint64 at = when + 2 * HOUR_US;
  const char *what;

  if (right)
    what = g_rand_double (s->rand) < 0.95 ? "accept" : "correct";
  else
    what = g_rand_double (s->rand) < 0.5 ? "correct" : "send_back";

  item->id = new_id (s);
  item->project_id = g_strdup (lease->project_id);
  item->task_id = g_strdup (t->id);
  item->annotation_id = g_strdup (annotation_id);
  g_strfreev (item->reasons);
  item->reasons = g_new0 (char *, 2);
  item->reasons[0] = g_strdup ("audit");
  item->min_level = 1;
  item->state = LIMN_SERVER_REVIEW_DECIDED;
  item->holder = g_strdup (s->out->reviewer_id);
  item->lease_expires_us = at;
  item->created_us = when;
  item->decided_us = at;
  item->round = 1;
  if (!s->txn->store->insert_review_item (s->txn, item, error))
    return FALSE;

  verdict->id = new_id (s);
  verdict->item_id = g_strdup (item->id);
  verdict->task_id = g_strdup (t->id);
  verdict->reviewer = g_strdup (s->out->reviewer_id);
  verdict->annotation_id = g_strdup (annotation_id);
  verdict->verdict = g_strdup (what);
  verdict->comment = g_strdup ("");
  verdict->active_ms = 15000;
  verdict->created_us = at;
  verdict->received_us = at;

  if (g_str_equal (what, "correct"))
    {
      g_autofree char *correction_id = new_id (s);
      guint count = 0;
      char *regions = true_regions (s, t, &count);

      if (!insert_revision (s, lease, correction_id, 2, annotation_id, regions, count, -1, 0, at,
                            error) ||
          !s->txn->store->set_annotation_author (s->txn, correction_id, s->out->reviewer_id, error))
        return FALSE;
      verdict->correction_id = g_steal_pointer (&correction_id);
    }
  else if (g_str_equal (what, "send_back"))
    verdict->reason_code = g_strdup ("wrong_label");

  if (!s->txn->store->insert_review (s->txn, verdict, error))
    return FALSE;
  s->out->reviews++;

  if (g_str_equal (what, "send_back"))
    {
      g_autofree char *redo_id = new_id (s);
      guint count = 0;
      char *regions = true_regions (s, t, &count);

      return s->txn->store->set_lease_rework (s->txn, lease->id, TRUE, at + DAY_US, error) &&
             insert_revision (s, lease, redo_id, 2, annotation_id, regions, count,
                              uniform (s, 0.7, 1.0), 30000, at + HOUR_US, error) &&
             s->txn->store->set_lease_rework (s->txn, lease->id, FALSE, 0, error) &&
             s->txn->store->set_lease_state (s->txn, lease->id, LIMN_SERVER_LEASE_SUBMITTED,
                                             at + HOUR_US, error);
    }

  return s->txn->store->set_lease_state (s->txn, lease->id, LIMN_SERVER_LEASE_ACCEPTED, at, error);
}

/* The next task for @annotator, or NULL when none is left. */
static Task *
pick (Seeder *s,
      guint   annotator)
{
  const LimnHistorySpec *spec = s->spec;

  if (spec->n_gold > 0 && s->gold_cursor[annotator] < spec->n_gold &&
      g_rand_double (s->rand) < spec->gold_rate)
    return &s->tasks[s->gold_cursor[annotator]++];

  /* Tasks fill in order, so a task behind the cursor is full or taken. */
  while (s->cursor[annotator] < s->n_tasks &&
         s->tasks[s->cursor[annotator]].holders >= spec->overlap)
    s->cursor[annotator]++;
  if (s->cursor[annotator] >= s->n_tasks)
    return NULL;
  return &s->tasks[s->cursor[annotator]++];
}

static gboolean
annotate (Seeder  *s,
          Task    *t,
          guint    annotator,
          guint    day,
          gint64   when,
          GError **error)
{
  g_autoptr(LimnServerLease) lease = g_new0 (LimnServerLease, 1);
  g_autofree char *annotation_id = NULL;
  char *regions;
  guint count = 0;
  gboolean right = FALSE;
  double confidence = 0;
  gint64 active_ms;

  lease->id = new_id (s);
  lease->task_id = g_strdup (t->id);
  lease->project_id = g_strdup (s->out->project_id);
  lease->annotator = g_strdup (g_ptr_array_index (s->out->annotator_ids, annotator));
  lease->state = LIMN_SERVER_LEASE_ASSIGNED;
  lease->assigned_us = when - 10 * 60 * G_USEC_PER_SEC;
  lease->lease_expires_us = lease->assigned_us + DAY_US;
  lease->position = t->holders;
  if (!s->txn->store->insert_assignment (s->txn, lease, error))
    return FALSE;
  t->holders++;

  regions = answer_regions (s, t, annotator, day, &count, &right, &confidence);
  active_ms = (gint64)(40000.0 * exp (0.5 * normal (s)));
  annotation_id = new_id (s);
  if (!insert_revision (s, lease, annotation_id, 1, NULL, regions, count, confidence, active_ms,
                        when, error) ||
      !s->txn->store->set_lease_state (s->txn, lease->id, LIMN_SERVER_LEASE_SUBMITTED, when, error))
    return FALSE;
  s->out->annotations++;

  if (t->gold &&
      !s->txn->store->set_gold_revealed (s->txn, lease->id, when, error))
    return FALSE;

  if (!t->gold && g_rand_double (s->rand) < s->spec->review_rate)
    return review (s, t, lease, annotation_id, right, when, error);
  return TRUE;
}

static gboolean
seed (Seeder  *s,
      GError **error)
{
  const LimnHistorySpec *spec = s->spec;
  gint64 end = spec->end_us > 0 ? spec->end_us : g_get_real_time ();
  gint64 first_day = (end / DAY_US - spec->days) * DAY_US;

  s->out->first_day_us = first_day;
  if (!add_person (s, "admin", NULL, LIMN_SERVER_ROLE_ADMIN, first_day, &s->out->admin_id,
                   &s->out->admin_token, error) ||
      !make_project (s, first_day, error) ||
      !make_tasks (s, first_day, error))
    return FALSE;

  if (!add_person (s, "reviewer", s->out->project_id, LIMN_SERVER_ROLE_REVIEWER, first_day,
                   &s->out->reviewer_id, &s->out->reviewer_token, error) ||
      !s->txn->store->set_reviewer_level (s->txn, s->out->project_id, s->out->reviewer_id, 2, error))
    return FALSE;

  for (guint a = 0; a < spec->n_annotators; a++)
    {
      g_autofree char *name = g_strdup_printf ("annotator-%u", a + 1);
      char *id = NULL, *token = NULL;

      if (!add_person (s, name, s->out->project_id, LIMN_SERVER_ROLE_ANNOTATOR, first_day, &id,
                       &token, error))
        return FALSE;
      g_ptr_array_add (s->out->annotator_ids, id);
      g_ptr_array_add (s->out->annotator_tokens, token);
      g_ptr_array_add (s->out->annotator_names, g_steal_pointer (&name));
    }

  s->cursor = g_new0 (guint, MAX (spec->n_annotators, 1));
  s->gold_cursor = g_new0 (guint, MAX (spec->n_annotators, 1));
  for (guint a = 0; a < spec->n_annotators; a++)
    s->cursor[a] = spec->n_gold;

  for (guint day = 0; day < spec->days; day++)
    {
      gint64 day_start = first_day + day * DAY_US;

      if (day == spec->days / 2 && day > 0)
        {
          s->guideline_version = 2;
          if (!s->txn->store->insert_guideline (s->txn, s->out->project_id, 2,
                                                "Draw a box around every person and vehicle; "
                                                "a pickup is a Truck.",
                                                "Pickups are trucks.", NULL, s->out->reviewer_id,
                                                day_start, error))
            return FALSE;
        }

      /* Annotators take turns through the working day, 08:00 to 16:00. */
      for (guint j = 0; j < spec->per_day; j++)
        for (guint a = 0; a < spec->n_annotators; a++)
          {
            gint64 when = day_start + 8 * HOUR_US +
                          (8 * HOUR_US * j) / MAX (spec->per_day, 1) +
                          (gint64)a * 60 * G_USEC_PER_SEC;
            Task *t = pick (s, a);

            if (t != NULL && !annotate (s, t, a, day, when, error))
              return FALSE;
          }
    }

  return TRUE;
}

gboolean
limn_test_seed_history_full (const char            *db_path,
                             const LimnHistorySpec *spec,
                             LimnHistory          **history,
                             GError               **error)
{
  g_autoptr(LimnServerBackend) backend = NULL;
  g_autoptr(LimnHistory) out = g_new0 (LimnHistory, 1);
  LimnHistorySpec defaults;
  Seeder s = { 0 };
  gboolean ok;

  if (spec == NULL)
    {
      limn_history_spec_init (&defaults);
      spec = &defaults;
    }

  backend = limn_server_backend_open (db_path, error);
  if (backend == NULL)
    return FALSE;

  out->annotator_ids = g_ptr_array_new_with_free_func (g_free);
  out->annotator_names = g_ptr_array_new_with_free_func (g_free);
  out->annotator_tokens = g_ptr_array_new_with_free_func (g_free);
  out->label_ids = g_ptr_array_new_with_free_func (g_free);

  s.spec = spec;
  s.out = out;
  s.rand = g_rand_new_with_seed (spec->seed);
  s.scope = g_strdup_printf ("limn-history-%u", spec->seed);
  s.txn = limn_server_backend_begin (backend, LIMN_SERVER_TXN_WRITE, error);

  ok = s.txn != NULL && seed (&s, error) && limn_server_txn_commit (s.txn, error);

  g_clear_pointer (&s.txn, limn_server_txn_end);
  for (guint i = 0; i < s.n_tasks; i++)
    g_free (s.tasks[i].id);
  g_free (s.tasks);
  g_free (s.cursor);
  g_free (s.gold_cursor);
  g_free (s.scope);
  g_rand_free (s.rand);

  if (ok && history != NULL)
    *history = g_steal_pointer (&out);
  return ok;
}

/* The regions of a hand-made answer: letter i a box in place i. */
static char *
script_regions (Seeder     *s,
                const char *labels,
                guint      *count)
{
  static const char letters[] = "PCTB";
  GString *json = g_string_new ("[");

  *count = 0;
  for (guint i = 0; labels[i] != '\0'; i++)
    {
      const char *l = strchr (letters, labels[i]);
      g_autofree char *id = new_id (s);

      g_assert (l != NULL);
      if (json->len > 1)
        g_string_append_c (json, ',');
      g_string_append_printf (json, "{\"id\": \"%s\", \"kind\": \"box\", \"label\": \"%s\", "
                              "\"box\": [%u, 20, 80, 80], \"source\": \"human\"}", id,
                              (const char *)g_ptr_array_index (s->out->label_ids, l - letters),
                              20 + 120 * i);
      (*count)++;
    }
  g_string_append_c (json, ']');
  return g_string_free (json, FALSE);
}

static gboolean
script_review (Seeder                *s,
               const LimnServerLease *lease,
               const char            *annotation_id,
               char                   what,
               gint64                 at,
               GError               **error)
{
  g_autoptr(LimnServerReviewItem) item = limn_server_review_item_new ();
  g_autoptr(LimnServerReview) verdict = limn_server_review_new ();

  item->id = new_id (s);
  item->project_id = g_strdup (lease->project_id);
  item->task_id = g_strdup (lease->task_id);
  item->annotation_id = g_strdup (annotation_id);
  g_strfreev (item->reasons);
  item->reasons = g_new0 (char *, 2);
  item->reasons[0] = g_strdup ("audit");
  item->min_level = 1;
  item->state = LIMN_SERVER_REVIEW_DECIDED;
  item->holder = g_strdup (s->out->reviewer_id);
  item->lease_expires_us = at;
  item->created_us = at;
  item->decided_us = at;
  item->round = 1;
  if (!s->txn->store->insert_review_item (s->txn, item, error))
    return FALSE;

  verdict->id = new_id (s);
  verdict->item_id = g_strdup (item->id);
  verdict->task_id = g_strdup (lease->task_id);
  verdict->reviewer = g_strdup (s->out->reviewer_id);
  verdict->annotation_id = g_strdup (annotation_id);
  verdict->verdict = g_strdup (what == 'a' ? "accept" : what == 'c' ? "correct" : "send_back");
  verdict->comment = g_strdup ("");
  verdict->created_us = at;
  verdict->received_us = at;
  if (what == 's')
    verdict->reason_code = g_strdup ("wrong_label");
  if (what == 'c')
    {
      g_autofree char *correction_id = new_id (s);
      guint count = 0;

      if (!insert_revision (s, lease, correction_id, 2, annotation_id,
                            script_regions (s, "P", &count), count, -1, 0, at, error) ||
          !s->txn->store->set_annotation_author (s->txn, correction_id, s->out->reviewer_id, error))
        return FALSE;
      verdict->correction_id = g_steal_pointer (&correction_id);
    }
  if (!s->txn->store->insert_review (s->txn, verdict, error))
    return FALSE;
  s->out->reviews++;
  return TRUE;
}

static gboolean
seed_script (Seeder                  *s,
             const LimnHistoryScript *script,
             GError                 **error)
{
  gint64 today = g_get_real_time () / DAY_US * DAY_US;
  gint64 start = today - 30 * DAY_US;

  s->out->first_day_us = start;
  if (!add_person (s, "admin", NULL, LIMN_SERVER_ROLE_ADMIN, start, &s->out->admin_id,
                   &s->out->admin_token, error) ||
      !make_project (s, start, error))
    return FALSE;
  if (!add_person (s, "reviewer", s->out->project_id, LIMN_SERVER_ROLE_REVIEWER, start,
                   &s->out->reviewer_id, &s->out->reviewer_token, error))
    return FALSE;
  for (guint a = 0; a < script->n_annotators; a++)
    {
      g_autofree char *name = g_strdup_printf ("annotator-%u", a + 1);
      char *id = NULL, *token = NULL;

      if (!add_person (s, name, s->out->project_id, LIMN_SERVER_ROLE_ANNOTATOR, start, &id,
                       &token, error))
        return FALSE;
      g_ptr_array_add (s->out->annotator_ids, id);
      g_ptr_array_add (s->out->annotator_tokens, token);
      g_ptr_array_add (s->out->annotator_names, g_steal_pointer (&name));
    }

  s->n_tasks = script->n_tasks;
  s->tasks = g_new0 (Task, s->n_tasks);
  for (guint i = 0; i < s->n_tasks; i++)
    {
      g_autofree char *seed_name = g_strdup_printf ("script-image-%u", i);
      g_autofree char *title = g_strdup_printf ("img-%05u.jpg", i);
      g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, seed_name, -1);
      LimnServerTask task = { 0 };

      s->tasks[i].id = new_id (s);
      task.id = s->tasks[i].id;
      task.project_id = s->out->project_id;
      task.kind = "image";
      task.title = title;
      task.position = i;
      task.media_sha256 = sha;
      task.media_size = 20000 + i;
      task.width = IMAGE_W;
      task.height = IMAGE_H;
      task.mime = "image/jpeg";
      task.direction = "auto";
      task.suggestions = "[]";
      if (!s->txn->store->insert_task (s->txn, &task, start, error))
        return FALSE;
      if (script->gold != NULL && script->gold[i] != '.')
        {
          char letter[2] = { script->gold[i], '\0' };
          guint count = 0;
          g_autofree char *regions = script_regions (s, letter, &count);
          g_autofree char *answer = g_strdup_printf ("{\"regions\": %s}", regions);

          s->tasks[i].gold = TRUE;
          if (!s->txn->store->set_task_gold (s->txn, task.id, answer, error))
            return FALSE;
        }
    }

  for (guint i = 0; i < script->n_answers; i++)
    {
      const LimnHistoryAnswer *a = &script->answers[i];
      Task *t = &s->tasks[a->task];
      g_autoptr(LimnServerLease) lease = g_new0 (LimnServerLease, 1);
      g_autofree char *annotation_id = new_id (s);
      gint64 when = today - (gint64)a->days_ago * DAY_US + 8 * HOUR_US +
                    (gint64)(i + 1) * 60 * G_USEC_PER_SEC;
      guint count = 0;
      char *regions = script_regions (s, a->labels, &count);

      lease->id = new_id (s);
      lease->task_id = g_strdup (t->id);
      lease->project_id = g_strdup (s->out->project_id);
      lease->annotator = g_strdup (g_ptr_array_index (s->out->annotator_ids, a->annotator));
      lease->state = LIMN_SERVER_LEASE_ASSIGNED;
      lease->assigned_us = when - 10 * 60 * G_USEC_PER_SEC;
      lease->lease_expires_us = lease->assigned_us + DAY_US;
      lease->position = t->holders++;
      if (!s->txn->store->insert_assignment (s->txn, lease, error) ||
          !insert_revision (s, lease, annotation_id, 1, NULL, regions, count, a->confidence,
                            (gint64)a->active_s * 1000, when, error) ||
          !s->txn->store->set_lease_state (s->txn, lease->id, LIMN_SERVER_LEASE_SUBMITTED, when,
                                           error))
        return FALSE;
      s->out->annotations++;
      if (t->gold && !s->txn->store->set_gold_revealed (s->txn, lease->id, when, error))
        return FALSE;
      if (a->verdict != 0 &&
          !script_review (s, lease, annotation_id, a->verdict, when + HOUR_US, error))
        return FALSE;
    }
  s->out->tasks = s->n_tasks;
  return TRUE;
}

gboolean
limn_test_seed_script (const char              *db_path,
                       const LimnHistoryScript *script,
                       LimnHistory            **history,
                       GError                 **error)
{
  g_autoptr(LimnServerBackend) backend = NULL;
  g_autoptr(LimnHistory) out = g_new0 (LimnHistory, 1);
  LimnHistorySpec spec;
  Seeder s = { 0 };
  gboolean ok;

  limn_history_spec_init (&spec);
  spec.overlap = script->overlap;
  backend = limn_server_backend_open (db_path, error);
  if (backend == NULL)
    return FALSE;

  out->annotator_ids = g_ptr_array_new_with_free_func (g_free);
  out->annotator_names = g_ptr_array_new_with_free_func (g_free);
  out->annotator_tokens = g_ptr_array_new_with_free_func (g_free);
  out->label_ids = g_ptr_array_new_with_free_func (g_free);

  s.spec = &spec;
  s.out = out;
  s.rand = g_rand_new_with_seed (spec.seed);
  s.scope = g_strdup_printf ("limn-history-%u", spec.seed);
  s.txn = limn_server_backend_begin (backend, LIMN_SERVER_TXN_WRITE, error);

  ok = s.txn != NULL && seed_script (&s, script, error) && limn_server_txn_commit (s.txn, error);

  g_clear_pointer (&s.txn, limn_server_txn_end);
  for (guint i = 0; i < s.n_tasks; i++)
    g_free (s.tasks[i].id);
  g_free (s.tasks);
  g_free (s.scope);
  g_rand_free (s.rand);

  if (ok && history != NULL)
    *history = g_steal_pointer (&out);
  return ok;
}

gboolean
limn_test_seed_history (const char            *db_path,
                        const LimnHistorySpec *spec,
                        GError               **error)
{
  return limn_test_seed_history_full (db_path, spec, NULL, error);
}

/* Straight in the SQLite file: the backend has no way to undo a verdict. */
void
limn_test_history_reopen_reviews (const char *db_path,
                                  guint       n)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *select = NULL;
  sqlite3_stmt *update = NULL;
  g_autoptr(GHashTable) tasks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT id, task_id FROM review_items ORDER BY created_us DESC",
                                       -1, &select, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "UPDATE review_items SET state = 'open', holder = NULL,"
                                       " lease_expires_us = NULL, decided_us = NULL WHERE id = ?",
                                       -1, &update, NULL), ==, SQLITE_OK);
  while (g_hash_table_size (tasks) < n && sqlite3_step (select) == SQLITE_ROW)
    {
      const char *task = (const char *) sqlite3_column_text (select, 1);

      if (!g_hash_table_add (tasks, g_strdup (task)))
        continue;
      sqlite3_bind_text (update, 1, (const char *) sqlite3_column_text (select, 0), -1, SQLITE_TRANSIENT);
      g_assert_cmpint (sqlite3_step (update), ==, SQLITE_DONE);
      sqlite3_reset (update);
    }
  g_assert_cmpuint (g_hash_table_size (tasks), ==, n);
  sqlite3_finalize (select);
  sqlite3_finalize (update);
  sqlite3_close (db);
}
