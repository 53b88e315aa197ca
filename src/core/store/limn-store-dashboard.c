/* limn-store-dashboard.c
 *
 * The personal dashboard's reads. One pass over my submitted revisions of
 * the project (annotations_by_annotator), the gold answers revealed to me
 * with my first revision's regions, the verdicts on my revisions
 * (reviews_by_annotation), the labels of my latest revisions, my feedback
 * (indexed by project) and the team's figures; then the pure computation
 * (analytics/limn-personal-dashboard.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "json/limn-json-reader.h"
#include "limn-store-accounts.h"
#include "limn-store-dashboard.h"
#include "limn-store-private.h"

/* Feedback items and open threads shown at most. */
#define MAX_RECENT 8
#define MAX_THREADS 20

typedef struct
{
  LimnStore          *store;
  LimnDashboardInput *input;
  GHashTable         *label_index;  /* label id → index + 1 */
  GHashTable         *by_id;        /* annotation id → submission index + 1 */
  GHashTable         *first;        /* task id → TaskFirst */
  char              **names;        /* the labels' names, by index (borrowed) */
  double              min_iou;
} Load;

static void
load_clear (Load *l)
{
  g_clear_pointer (&l->input, limn_dashboard_input_free);
  g_clear_pointer (&l->label_index, g_hash_table_unref);
  g_clear_pointer (&l->by_id, g_hash_table_unref);
  g_clear_pointer (&l->first, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Load, load_clear)

static gboolean
step (LimnStore     *self,
      sqlite3_stmt  *stmt,
      gboolean      *has_row,
      GError       **error)
{
  return limn_sqlite_step_row (self->sql, stmt, has_row, error);
}

static GStrv
read_labels (Load        *l,
             const char  *project_id,
             GError     **error)
{
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  sqlite3_stmt *stmt;
  gboolean row;
  guint n = 0;

  stmt = limn_sqlite_prepare (l->store->sql,
                              "SELECT id, name FROM labels WHERE project_id = ?1 ORDER BY position, name",
                              error);
  if (stmt == NULL)
    return NULL;
  limn_sqlite_bind_text (stmt, 1, project_id);

  while (step (l->store, stmt, &row, error) && row)
    {
      g_hash_table_insert (l->label_index, limn_sqlite_column_dup (stmt, 0), GUINT_TO_POINTER (++n));
      g_strv_builder_add (names, (const char *) sqlite3_column_text (stmt, 1));
    }
  if (error != NULL && *error != NULL)
    return NULL;

  return g_strv_builder_end (names);
}

static gboolean
read_min_iou (Load        *l,
              const char  *project_id,
              GError     **error)
{
  sqlite3_stmt *stmt;
  gboolean row;

  l->min_iou = LIMN_DASHBOARD_DEFAULT_MIN_IOU;
  stmt = limn_sqlite_prepare (l->store->sql,
                              "SELECT json_extract (settings, '$.match_iou') FROM projects "
                              "WHERE id = ?1 AND json_valid (settings)",
                              error);
  if (stmt == NULL)
    return FALSE;
  limn_sqlite_bind_text (stmt, 1, project_id);
  if (!step (l->store, stmt, &row, error))
    return FALSE;
  if (row && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    {
      double v = sqlite3_column_double (stmt, 0);

      if (v > 0 && v <= 1)
        l->min_iou = v;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

typedef struct
{
  gint64 first_revision;
  char  *first_id;       /* the gold answer */
} TaskFirst;

static void
task_first_free (gpointer data)
{
  TaskFirst *t = data;

  g_free (t->first_id);
  g_free (t);
}

/* My submitted revisions of the project, in whatever order the index
 * gives (sorting them cost a third of the read): each task's first
 * revision, its gold answer, is kept as they come. */
static gboolean
read_submissions (Load        *l,
                  const char  *project_id,
                  GError     **error)
{
  sqlite3_stmt *stmt;
  gboolean row;

  stmt = limn_sqlite_prepare (l->store->sql,
                              "SELECT a.id, a.task_id, a.confidence, a.active_ms, "
                              "  IFNULL (a.submitted_us, a.updated_us), a.revision "
                              "FROM annotations a JOIN tasks t ON t.id = a.task_id "
                              "WHERE a.annotator = ?1 AND a.state IN ('submitted', 'conflicted') "
                              "  AND a.author IS NULL AND t.project_id = ?2",
                              error);
  if (stmt == NULL)
    return FALSE;
  limn_sqlite_bind_text (stmt, 1, limn_store_get_local_annotator (l->store));
  limn_sqlite_bind_text (stmt, 2, project_id);

  while (step (l->store, stmt, &row, error) && row)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 0);
      const char *task = (const char *) sqlite3_column_text (stmt, 1);
      double confidence = sqlite3_column_type (stmt, 2) == SQLITE_NULL ? NAN : sqlite3_column_double (stmt, 2);
      gint64 revision = sqlite3_column_int64 (stmt, 5);
      guint index = limn_dashboard_input_add_submission (l->input, sqlite3_column_int64 (stmt, 4),
                                                         sqlite3_column_int64 (stmt, 3), confidence);
      TaskFirst *first = g_hash_table_lookup (l->first, task);

      g_hash_table_insert (l->by_id, g_strdup (id), GUINT_TO_POINTER (index + 1));
      if (first == NULL)
        {
          first = g_new0 (TaskFirst, 1);
          g_hash_table_insert (l->first, g_strdup (task), first);
        }
      if (first->first_id == NULL || revision < first->first_revision)
        {
          g_free (first->first_id);
          first->first_id = g_strdup (id);
          first->first_revision = revision;
        }
    }

  return error == NULL || *error == NULL;
}

/* A region's label as an index; a label this project does not have (a
 * gold answer from another label set) is an error the caller skips. */
static gboolean
label_of (Load        *l,
          const char  *id,
          guint       *label)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (l->label_index, id ? id : ""));

  *label = n - 1;
  return n > 0;
}

typedef struct
{
  GArray *boxes;   /* LimnLabeledBox */
  GArray *spans;   /* LimnLabeledSpan */
} Regions;

static void
regions_init (Regions *r)
{
  r->boxes = g_array_new (FALSE, FALSE, sizeof (LimnLabeledBox));
  r->spans = g_array_new (FALSE, FALSE, sizeof (LimnLabeledSpan));
}

static void
regions_clear (Regions *r)
{
  g_clear_pointer (&r->boxes, g_array_unref);
  g_clear_pointer (&r->spans, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Regions, regions_clear)

/* The gold answer as stored: the regions array of the change, checked by
 * the wire parser when it came. */
static gboolean
parse_gold (Load        *l,
            const char  *json,
            Regions     *out,
            GError     **error)
{
  g_autofree char *wrapped = g_strdup_printf ("{\"regions\": %s}", json);
  g_autoptr(JsonNode) root = limn_json_reader_parse_object (wrapped, strlen (wrapped), error);
  JsonArray *array = NULL;

  if (root == NULL ||
      !limn_json_reader_get_array (json_node_get_object (root), "regions", LIMN_JSON_READER_REQUIRED, 0,
                                   &array, "gold", error))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *where = g_strdup_printf ("gold.regions[%u]", i);
      JsonObject *o = limn_json_reader_get_element_object (array, i, where, error);
      const char *kind = NULL, *label_id = NULL;
      JsonArray *box = NULL;
      gint64 start = 0, end = 0;
      guint label;

      if (o == NULL ||
          !limn_json_reader_get_string (o, "kind", LIMN_JSON_READER_REQUIRED, 8, &kind, where, error) ||
          !limn_json_reader_get_string (o, "label", LIMN_JSON_READER_REQUIRED, 64, &label_id, where, error))
        return FALSE;
      if (!label_of (l, label_id, &label))
        return limn_json_reader_fail (error, LIMN_JSON_READER_ERROR_RANGE, where, "label",
                                      _("is not a label of this project"));

      if (g_str_equal (kind, "box"))
        {
          LimnLabeledBox b = { .label = label };
          double v[4];

          if (!limn_json_reader_get_array (o, "box", LIMN_JSON_READER_REQUIRED, 4, &box, where, error))
            return FALSE;
          for (guint k = 0; k < 4; k++)
            if (json_array_get_length (box) != 4 ||
                !limn_json_reader_node_number (json_array_get_element (box, k), &v[k]))
              return limn_json_reader_fail (error, LIMN_JSON_READER_ERROR_TYPE, where, "box",
                                            _("does not have four numbers"));
          b.box = (LimnBox) { v[0], v[1], v[2], v[3] };
          g_array_append_val (out->boxes, b);
        }
      else if (g_str_equal (kind, "span"))
        {
          LimnLabeledSpan s = { .label = label };

          if (!limn_json_reader_get_int (o, "start", LIMN_JSON_READER_REQUIRED, 0, G_MAXINT32, &start,
                                         where, error) ||
              !limn_json_reader_get_int (o, "end", LIMN_JSON_READER_REQUIRED, 0, G_MAXINT32, &end,
                                         where, error))
            return FALSE;
          s.start = start;
          s.end = end;
          g_array_append_val (out->spans, s);
        }
      else
        return limn_json_reader_fail (error, LIMN_JSON_READER_ERROR_RANGE, where, "kind",
                                      _("is not box or span"));
    }

  return TRUE;
}

static gboolean
read_my_regions (Load        *l,
                 const char  *annotation_id,
                 Regions     *out,
                 GError     **error)
{
  sqlite3_stmt *stmt;
  gboolean row;

  stmt = limn_sqlite_prepare (l->store->sql,
                              "SELECT kind, label_id, x, y, w, h, start_cp, end_cp FROM regions "
                              "WHERE annotation_id = ?1",
                              error);
  if (stmt == NULL)
    return FALSE;
  limn_sqlite_bind_text (stmt, 1, annotation_id);

  while (step (l->store, stmt, &row, error) && row)
    {
      guint label;

      /* A retired or removed label still counts: as no label of the set. */
      if (!label_of (l, (const char *) sqlite3_column_text (stmt, 1), &label))
        label = G_MAXUINT;

      if (g_str_equal ((const char *) sqlite3_column_text (stmt, 0), "box"))
        {
          LimnLabeledBox b = { { sqlite3_column_double (stmt, 2), sqlite3_column_double (stmt, 3),
                                 sqlite3_column_double (stmt, 4), sqlite3_column_double (stmt, 5) }, label };

          g_array_append_val (out->boxes, b);
        }
      else
        {
          LimnLabeledSpan s = { sqlite3_column_int64 (stmt, 6), sqlite3_column_int64 (stmt, 7), label };

          /* An empty span matches nothing: left out, as the matcher wants start < end. */
          if (s.start < s.end)
            g_array_append_val (out->spans, s);
        }
    }

  return error == NULL || *error == NULL;
}

/* Regions of mine whose label the project no longer has are left out of
 * the label-wise comparison (there is no row for them). */
static void
drop_unknown (Regions *r)
{
  for (guint i = r->boxes->len; i > 0; i--)
    if (g_array_index (r->boxes, LimnLabeledBox, i - 1).label == G_MAXUINT)
      g_array_remove_index (r->boxes, i - 1);
  for (guint i = r->spans->len; i > 0; i--)
    if (g_array_index (r->spans, LimnLabeledSpan, i - 1).label == G_MAXUINT)
      g_array_remove_index (r->spans, i - 1);
}

static gboolean
read_gold (Load        *l,
           const char  *project_id,
           GError     **error)
{
  sqlite3_stmt *stmt;
  gboolean row;
  g_autoptr(GPtrArray) tasks = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) bodies = g_ptr_array_new_with_free_func (g_free);

  /* Read first, then matched: the regions' statement runs in between. */
  stmt = limn_sqlite_prepare (l->store->sql,
                              "SELECT g.task_id, g.regions FROM gold g JOIN tasks t ON t.id = g.task_id "
                              "WHERE t.project_id = ?1",
                              error);
  if (stmt == NULL)
    return FALSE;
  limn_sqlite_bind_text (stmt, 1, project_id);
  while (step (l->store, stmt, &row, error) && row)
    if (g_hash_table_contains (l->first, sqlite3_column_text (stmt, 0)))
      {
        g_ptr_array_add (tasks, limn_sqlite_column_dup (stmt, 0));
        g_ptr_array_add (bodies, limn_sqlite_column_dup (stmt, 1));
      }
  if (error != NULL && *error != NULL)
    return FALSE;

  for (guint i = 0; i < tasks->len; i++)
    {
      const TaskFirst *first = g_hash_table_lookup (l->first, g_ptr_array_index (tasks, i));
      const char *answer = first->first_id;
      guint index = GPOINTER_TO_UINT (g_hash_table_lookup (l->by_id, answer)) - 1;
      g_auto(Regions) gold = { 0 };
      g_auto(Regions) mine = { 0 };
      g_autoptr(GError) gold_error = NULL;

      regions_init (&gold);
      regions_init (&mine);
      if (!read_my_regions (l, answer, &mine, error))
        return FALSE;
      drop_unknown (&mine);

      /* One unreadable gold answer costs that task, not the dashboard. */
      if (!parse_gold (l, g_ptr_array_index (bodies, i), &gold, &gold_error) ||
          !limn_dashboard_input_add_gold (l->input, index,
                                          (LimnLabeledBox *) gold.boxes->data, gold.boxes->len,
                                          (LimnLabeledBox *) mine.boxes->data, mine.boxes->len,
                                          (LimnLabeledSpan *) gold.spans->data, gold.spans->len,
                                          (LimnLabeledSpan *) mine.spans->data, mine.spans->len,
                                          l->min_iou, &gold_error))
        g_message ("Dashboard: the gold answer of task %s is left out: %s",
                   (const char *) g_ptr_array_index (tasks, i), gold_error->message);
    }

  return TRUE;
}

static gboolean
read_verdicts (Load    *l,
               GError **error)
{
  sqlite3_stmt *stmt;
  gboolean row;

  /* Only verdicts on revisions of mine: by_id holds nothing else. */
  stmt = limn_sqlite_prepare (l->store->sql,
                              "SELECT r.annotation_id, r.verdict, r.created_us FROM reviews r "
                              "JOIN annotations a ON a.id = r.annotation_id "
                              "WHERE r.origin = 'server' AND a.annotator = ?1 AND a.author IS NULL "
                              "  AND a.state IN ('submitted', 'conflicted')",
                              error);
  if (stmt == NULL)
    return FALSE;
  limn_sqlite_bind_text (stmt, 1, limn_store_get_local_annotator (l->store));

  while (step (l->store, stmt, &row, error) && row)
    {
      guint index = GPOINTER_TO_UINT (g_hash_table_lookup (l->by_id, sqlite3_column_text (stmt, 0)));
      const char *verdict = (const char *) sqlite3_column_text (stmt, 1);
      LimnReviewOutcome outcome;

      if (index == 0)
        continue;
      if (g_str_equal (verdict, "accept"))
        outcome = LIMN_REVIEW_ACCEPTED;
      else if (g_str_equal (verdict, "correct"))
        outcome = LIMN_REVIEW_CORRECTED;
      else
        outcome = LIMN_REVIEW_SENT_BACK;
      limn_dashboard_input_add_verdict (l->input, index - 1, sqlite3_column_int64 (stmt, 2), outcome);
    }

  return error == NULL || *error == NULL;
}

/* Labels of each task's latest revision of mine, counted by SQLite over
 * the covering index regions_labels. */
static gboolean
read_label_use (Load        *l,
                const char  *project_id,
                GError     **error)
{
  sqlite3_stmt *stmt;
  gboolean row;

  stmt = limn_sqlite_prepare (l->store->sql,
                              "SELECT r.label_id, COUNT(*) FROM annotations a "
                              "JOIN tasks t ON t.id = a.task_id "
                              "JOIN regions r ON r.annotation_id = a.id "
                              "WHERE a.annotator = ?1 AND a.state IN ('submitted', 'conflicted') "
                              "  AND a.author IS NULL AND t.project_id = ?2 "
                              "  AND NOT EXISTS (SELECT 1 FROM annotations b "
                              "                  WHERE b.annotator = ?1 AND b.state IN ('submitted', 'conflicted') "
                              "                    AND b.task_id = a.task_id AND b.revision > a.revision "
                              "                    AND b.author IS NULL) "
                              "GROUP BY r.label_id",
                              error);
  if (stmt == NULL)
    return FALSE;
  limn_sqlite_bind_text (stmt, 1, limn_store_get_local_annotator (l->store));
  limn_sqlite_bind_text (stmt, 2, project_id);

  while (step (l->store, stmt, &row, error) && row)
    {
      guint label;

      if (label_of (l, (const char *) sqlite3_column_text (stmt, 0), &label))
        limn_dashboard_input_add_label_use (l->input, label, sqlite3_column_int64 (stmt, 1));
    }

  return error == NULL || *error == NULL;
}

static gboolean
read_team (Load        *l,
           const char  *project_id,
           GError     **error)
{
  sqlite3_stmt *stmt;
  gboolean row;
  g_autofree char *body = NULL;
  g_autoptr(GError) parse_error = NULL;
  LimnTeamFigures *team;

  stmt = limn_sqlite_prepare (l->store->sql, "SELECT body FROM team_figures WHERE project_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  limn_sqlite_bind_text (stmt, 1, project_id);
  if (!step (l->store, stmt, &row, error))
    return FALSE;
  if (row)
    body = limn_sqlite_column_dup (stmt, 0);
  sqlite3_reset (stmt);

  if (body == NULL)
    return TRUE;

  /* Stored as the server sent it; a body this version cannot read is as
   * good as none. */
  team = limn_team_figures_parse (body, strlen (body), &parse_error);
  if (team == NULL)
    g_message ("Dashboard: the team figures are left out: %s", parse_error->message);

  /* The server names labels by id; the core compares names. */
  for (guint i = 0; team != NULL && i < team->labels->len; i++)
    {
      LimnTeamLabel *t = &g_array_index (team->labels, LimnTeamLabel, i);
      guint label;

      if (label_of (l, t->label, &label))
        {
          g_free (t->label);
          t->label = g_strdup (l->names[label]);
        }
    }
  limn_dashboard_input_set_team (l->input, team);
  return TRUE;
}

/* Feedback */

static gboolean
count (LimnStore    *self,
       const char   *sql,
       const char   *project_id,
       const char   *me,
       guint64      *out,
       GError      **error)
{
  sqlite3_stmt *stmt = limn_sqlite_prepare (self->sql, sql, error);
  gint64 n = 0;

  if (stmt == NULL)
    return FALSE;
  limn_sqlite_bind_text (stmt, 1, project_id);
  limn_sqlite_bind_text (stmt, 2, me);
  limn_sqlite_bind_text (stmt, 3, limn_store_get_local_annotator (self));
  if (!limn_sqlite_query_int (self->sql, stmt, &n, error))
    return FALSE;
  *out = (guint64) MAX (n, 0);
  return TRUE;
}

/* Verdicts on my revisions of the project with a written comment (the
 * overall one, and each pinned one). */
#define MY_REVIEWS \
  "FROM reviews r JOIN annotations a ON a.id = r.annotation_id JOIN tasks t ON t.id = r.task_id " \
  "WHERE r.origin = 'server' AND a.annotator = ?3 AND a.author IS NULL AND t.project_id = ?1 "
/* Replies by others in threads I started. */
#define MY_REPLIES \
  "FROM messages m JOIN flags f ON f.id = m.thread_id " \
  "WHERE m.project_id = ?1 AND m.origin = 'server' AND (?2 IS NULL OR m.author != ?2) " \
  "  AND (f.origin = 'local' OR f.annotator = ?2) "
#define MY_NOTES \
  "FROM notes n WHERE n.project_id = ?1 AND n.origin = 'server' "

static void
add_recent (LimnStore        *self,
            const char       *sql,
            const char       *project_id,
            const char       *me,
            LimnFeedbackKind  kind,
            GPtrArray        *out,
            GError          **error)
{
  sqlite3_stmt *stmt = limn_sqlite_prepare (self->sql, sql, error);
  gboolean row;

  if (stmt == NULL)
    return;
  limn_sqlite_bind_text (stmt, 1, project_id);
  limn_sqlite_bind_text (stmt, 2, me);
  limn_sqlite_bind_text (stmt, 3, limn_store_get_local_annotator (self));
  while (step (self, stmt, &row, error) && row)
    {
      LimnFeedbackItem *item = g_new0 (LimnFeedbackItem, 1);

      item->kind = kind;
      item->body = limn_sqlite_column_dup (stmt, 0);
      item->context = limn_sqlite_column_dup (stmt, 1);
      item->thread_id = limn_sqlite_column_dup (stmt, 2);
      item->created_us = sqlite3_column_int64 (stmt, 3);
      g_ptr_array_add (out, item);
    }
}

static int
newest_first (gconstpointer a,
              gconstpointer b)
{
  const LimnFeedbackItem *x = *(LimnFeedbackItem * const *) a, *y = *(LimnFeedbackItem * const *) b;

  return (x->created_us < y->created_us) - (x->created_us > y->created_us);
}

static gboolean
read_feedback (LimnStore              *self,
               const char             *project_id,
               LimnPersonalDashboard  *d,
               GError                **error)
{
  g_autofree char *me = NULL;
  guint64 comments = 0, pinned = 0;
  sqlite3_stmt *stmt;
  gboolean row;

  if (!limn_store_project_user_name (self, project_id, &me, error))
    return FALSE;

  if (!count (self, "SELECT COUNT(*) " MY_REVIEWS "AND r.comment != ''", project_id, me, &comments, error) ||
      !count (self, "SELECT IFNULL (SUM (json_array_length (r.comments)), 0) " MY_REVIEWS
                    "AND r.comments != '[]' AND json_valid (r.comments)",
              project_id, me, &pinned, error) ||
      !count (self, "SELECT COUNT(*) " MY_REPLIES, project_id, me, &d->n_replies, error) ||
      !count (self, "SELECT COUNT(*) " MY_NOTES, project_id, me, &d->n_notes, error))
    return FALSE;
  d->n_review_comments = comments + pinned;

  add_recent (self, "SELECT r.comment, t.title, NULL, r.created_us " MY_REVIEWS
                    "AND r.comment != '' ORDER BY r.created_us DESC LIMIT " G_STRINGIFY (MAX_RECENT),
              project_id, me, LIMN_FEEDBACK_REVIEW_COMMENT, d->recent_feedback, error);
  add_recent (self, "SELECT m.body, (SELECT title FROM tasks WHERE id = f.task_id), m.thread_id, m.created_us "
                    MY_REPLIES "ORDER BY m.created_us DESC LIMIT " G_STRINGIFY (MAX_RECENT),
              project_id, me, LIMN_FEEDBACK_REPLY, d->recent_feedback, error);
  add_recent (self, "SELECT n.body, NULL, NULL, n.created_us " MY_NOTES
                    "ORDER BY n.created_us DESC LIMIT " G_STRINGIFY (MAX_RECENT),
              project_id, me, LIMN_FEEDBACK_NOTE, d->recent_feedback, error);
  if (error != NULL && *error != NULL)
    return FALSE;
  g_ptr_array_sort (d->recent_feedback, newest_first);
  if (d->recent_feedback->len > MAX_RECENT)
    g_ptr_array_set_size (d->recent_feedback, MAX_RECENT);

  stmt = limn_sqlite_prepare (self->sql,
                              "SELECT f.id, (SELECT title FROM tasks WHERE id = f.task_id), f.category, f.state, "
                              "  MAX (f.created_us, IFNULL ((SELECT MAX (m.created_us) FROM messages m "
                              "                              WHERE m.thread_id = f.id), 0)) AS last "
                              "FROM flags f WHERE f.project_id = ?1 AND f.state != 'closed' "
                              "  AND (f.origin = 'local' OR f.annotator = ?2) "
                              "ORDER BY last DESC LIMIT " G_STRINGIFY (MAX_THREADS),
                              error);
  if (stmt == NULL)
    return FALSE;
  limn_sqlite_bind_text (stmt, 1, project_id);
  limn_sqlite_bind_text (stmt, 2, me);
  while (step (self, stmt, &row, error) && row)
    {
      LimnOpenThread *t = g_new0 (LimnOpenThread, 1);

      t->id = limn_sqlite_column_dup (stmt, 0);
      t->title = limn_sqlite_column_dup (stmt, 1);
      t->category = limn_sqlite_column_dup (stmt, 2);
      t->state = limn_sqlite_column_dup (stmt, 3);
      t->last_us = sqlite3_column_int64 (stmt, 4);
      g_ptr_array_add (d->open_threads, t);
    }

  return error == NULL || *error == NULL;
}

LimnPersonalDashboard *
limn_store_load_dashboard (LimnStore    *self,
                           const char   *project_id,
                           gint64        now_us,
                           gint64        utc_offset_us,
                           GError      **error)
{
  g_auto(Load) l = { 0 };
  g_auto(GStrv) labels = NULL;
  g_autoptr(LimnPersonalDashboard) d = NULL;

  g_return_val_if_fail (LIMN_IS_STORE (self), NULL);
  g_return_val_if_fail (project_id != NULL, NULL);

  l.store = self;
  l.label_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  l.by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  l.first = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, task_first_free);

  labels = read_labels (&l, project_id, error);
  if (labels == NULL)
    return NULL;
  l.names = labels;
  l.input = limn_dashboard_input_new ((const char * const *) labels, now_us, utc_offset_us);

  if (!read_min_iou (&l, project_id, error) ||
      !read_submissions (&l, project_id, error) ||
      !read_gold (&l, project_id, error) ||
      !read_verdicts (&l, error) ||
      !read_label_use (&l, project_id, error) ||
      !read_team (&l, project_id, error))
    return NULL;

  d = limn_personal_dashboard_compute (l.input, error);
  if (d == NULL || !read_feedback (self, project_id, d, error))
    return NULL;

  return g_steal_pointer (&d);
}

gboolean
limn_store_save_team_figures (LimnStore   *self,
                              const char  *project_id,
                              const char  *body,
                              GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (LIMN_IS_STORE (self), FALSE);

  stmt = limn_sqlite_prepare (self->sql,
                              "INSERT INTO team_figures (project_id, body, received_us) VALUES (?1, ?2, ?3) "
                              "ON CONFLICT (project_id) DO UPDATE SET body = excluded.body, "
                              "  received_us = excluded.received_us",
                              error);
  if (stmt == NULL)
    return FALSE;
  limn_sqlite_bind_text (stmt, 1, project_id);
  limn_sqlite_bind_text (stmt, 2, body);
  sqlite3_bind_int64 (stmt, 3, g_get_real_time ());

  return limn_sqlite_step_done (self->sql, stmt, error);
}

gboolean
limn_store_team_figures_age (LimnStore   *self,
                             const char  *project_id,
                             gint64      *received_us,
                             GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (LIMN_IS_STORE (self), FALSE);

  stmt = limn_sqlite_prepare (self->sql, "SELECT received_us FROM team_figures WHERE project_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  limn_sqlite_bind_text (stmt, 1, project_id);

  return limn_sqlite_query_int (self->sql, stmt, received_us, error);
}

/* The job */

typedef struct
{
  char   *project_id;
  gint64  now_us;
  gint64  utc_offset_us;
} DashboardArgs;

static void
dashboard_args_free (gpointer data)
{
  DashboardArgs *a = data;

  g_free (a->project_id);
  g_free (a);
}

static gpointer
dashboard_job (LimnStore  *store,
               gpointer    data,
               GError    **error)
{
  DashboardArgs *a = data;

  return limn_store_load_dashboard (store, a->project_id, a->now_us, a->utc_offset_us, error);
}

void
limn_store_jobs_dashboard_async (LimnStoreWorker     *worker,
                                 const char          *project_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  DashboardArgs *a = g_new0 (DashboardArgs, 1);

  a->project_id = g_strdup (project_id);
  a->now_us = g_date_time_to_unix (now) * G_USEC_PER_SEC + g_date_time_get_microsecond (now);
  a->utc_offset_us = g_date_time_get_utc_offset (now);
  limn_store_worker_run_async (worker, dashboard_job, a, dashboard_args_free,
                               (GDestroyNotify) limn_personal_dashboard_free,
                               cancellable, callback, user_data);
}

LimnPersonalDashboard *
limn_store_jobs_dashboard_finish (LimnStoreWorker  *worker,
                                  GAsyncResult     *result,
                                  GError          **error)
{
  return limn_store_worker_run_finish (worker, result, error);
}
