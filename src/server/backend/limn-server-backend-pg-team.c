/* limn-server-backend-pg-team.c
 *
 * PostgreSQL storage calls on the team dashboard and its alerts
 * (docs/metrics.md §9), the same SQL meaning as
 * limn-server-backend-sqlite-team.c: the project's answers in one scan of
 * its annotations, their regions' labels from the summary column
 * (region_labels), the reviews' verdicts, the project's change counter
 * (kept by the triggers of migration 1), the staff who get alerts, the
 * server's own values and the alerts.
 *
 * team_data() assembles LimnServerTeamData in C exactly as the SQLite
 * file does (the same numbering of annotators and labels, the same first
 * revision and first verdict), so both backends give the same figures.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "limn-server-backend-pg-private.h"

static gboolean
read_tasks (LimnServerTxn       *txn,
            const char          *project_id,
            LimnServerTeamData  *data,
            GHashTable          *task_index,
            GError             **error)
{
  static const LimnPgStatement stmt = {
    "team_tasks",
    "SELECT id, is_gold, gold_answer FROM tasks WHERE project_id = $1 ORDER BY position", 1,
  };
  const char *values[] = { project_id };
  g_autoptr(PGresult) res = NULL;

  if (!limn_pg_run (txn, &stmt, values, &res, error))
    return FALSE;

  for (int row = 0; row < PQntuples (res); row++)
    {
      gboolean gold = limn_pg_bool (res, row, 1);

      limn_server_team_data_intern (data->task_ids, task_index, limn_pg_text (res, row, 0));
      g_array_append_val (data->task_gold, gold);
      g_ptr_array_add (data->gold_answers, gold ? limn_pg_dup (res, row, 2) : NULL);
    }
  return TRUE;
}

/* What the read collects beside the data. */
typedef struct
{
  GHashTable   *task_index;     /* task id → index + 1 */
  GStringChunk *strings;
  GHashTable   *reviewed;       /* annotation id → index + 1 into owners */
  GArray       *owners;         /* LimnServerTeamOwner per reviewed annotation */
  GArray       *verdicts;       /* LimnServerTeamVerdict */
} Read;

/* Every applied review of the server in one scan of small rows, as the
 * SQLite file does; which of them are the project's is known once its
 * annotations are read. (Joining each to its annotation to keep only the
 * project's was 10× slower: a lookup by text id per review.) */
static gboolean
read_reviews (LimnServerTxn  *txn,
              Read           *r,
              GError        **error)
{
  static const LimnPgStatement stmt = {
    "team_reviews",
    "SELECT annotation_id, verdict, created_us, recv_seq FROM reviews WHERE state = 'applied'", 0,
  };
  g_autoptr(PGresult) res = NULL;

  if (!limn_pg_run (txn, &stmt, NULL, &res, error))
    return FALSE;

  for (int row = 0; row < PQntuples (res); row++)
    {
      const char *id = limn_pg_text (res, row, 0);
      const char *verdict = limn_pg_text (res, row, 1);
      guint reviewed = GPOINTER_TO_UINT (g_hash_table_lookup (r->reviewed, id));
      LimnServerTeamVerdict v;

      if (reviewed == 0)
        {
          LimnServerTeamOwner nobody = { G_MAXUINT, G_MAXUINT };

          g_array_append_val (r->owners, nobody);
          reviewed = r->owners->len;
          g_hash_table_insert (r->reviewed, g_string_chunk_insert (r->strings, id),
                               GUINT_TO_POINTER (reviewed));
        }
      v.reviewed = reviewed - 1;
      v.verdict = g_str_equal (verdict, "accept") ? LIMN_SERVER_VERDICT_ACCEPT
                : g_str_equal (verdict, "correct") ? LIMN_SERVER_VERDICT_CORRECT
                : LIMN_SERVER_VERDICT_SEND_BACK;
      v.at = limn_pg_int64 (res, row, 2);
      v.order = limn_pg_int64 (res, row, 3);
      g_array_append_val (r->verdicts, v);
    }
  return TRUE;
}

/* A row of the answers' result and what it is walked in order of. */
typedef struct
{
  int      row;
  gboolean submitted;
  gint64   seq;
} Scan;

static int
by_scan (const void *a,
         const void *b)
{
  const Scan *x = a, *y = b;

  if (x->submitted != y->submitted)
    return x->submitted ? 1 : -1;
  return (x->seq > y->seq) - (x->seq < y->seq);
}

/* The project's annotations, one row per revision, walked in the order
 * SQLite's scan of annotations_by_project (project_id, state) gives
 * them: conflicted before submitted, then as received; annotators are
 * numbered, and labels met, in that order. That order is made in C (a
 * sort of small keys): PostgreSQL sorting the wide rows spilled to disk
 * and took half the read. The regions themselves are sent only for gold
 * tasks. Then grouped by task in C (a counting sort on the task index);
 * the lowest submitted revision of each task and annotator is their
 * answer. */
static gboolean
read_answers (LimnServerTxn       *txn,
              const char          *project_id,
              LimnServerTeamData  *data,
              Read                *r,
              GError             **error)
{
  static const LimnPgStatement stmt = {
    "team_answers",
    "SELECT n.id, n.task_id, n.annotator, n.state = 'submitted' AND n.author IS NULL, "
    "n.revision, n.recv_seq, n.received_us, n.guideline_version, n.confidence, n.active_ms, "
    "n.region_labels, n.model_regions, CASE WHEN t.is_gold <> 0 THEN n.regions END, "
    "n.state = 'submitted' FROM annotations n JOIN tasks t ON t.id = n.task_id "
    "WHERE n.project_id = $1", 1,
  };
  const char *values[] = { project_id };
  g_autoptr(PGresult) res = NULL;
  g_autoptr(GHashTable) annotator_index = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (LimnServerTeamCandidate));
  g_autofree Scan *scan = NULL;
  guint last_annotator = G_MAXUINT;
  int n_rows;

  if (!limn_pg_run (txn, &stmt, values, &res, error))
    return FALSE;

  n_rows = PQntuples (res);
  scan = g_new (Scan, n_rows + 1);
  for (int row = 0; row < n_rows; row++)
    scan[row] = (Scan) { row, limn_pg_bool (res, row, 13), limn_pg_int64 (res, row, 5) };
  qsort (scan, n_rows, sizeof (Scan), by_scan);

  for (int i = 0; i < n_rows; i++)
    {
      int row = scan[i].row;
      guint task, annotator, reviewed;
      const char *who;
      LimnServerTeamCandidate c = { 0 };

      task = GPOINTER_TO_UINT (g_hash_table_lookup (r->task_index, limn_pg_text (res, row, 1)));
      if (task-- == 0)
        continue;   /* never: annotations refer to the project's tasks */

      /* One annotator's work tends to come in runs. */
      who = limn_pg_text (res, row, 2);
      if (last_annotator != G_MAXUINT &&
          strcmp (who, g_ptr_array_index (data->annotators, last_annotator)) == 0)
        annotator = last_annotator;
      else
        annotator = limn_server_team_data_intern (data->annotators, annotator_index, who);
      last_annotator = annotator;

      reviewed = GPOINTER_TO_UINT (g_hash_table_lookup (r->reviewed, limn_pg_text (res, row, 0)));
      if (reviewed != 0)
        g_array_index (r->owners, LimnServerTeamOwner, reviewed - 1) =
          (LimnServerTeamOwner) { task, annotator };

      if (!limn_pg_bool (res, row, 3))
        continue;   /* conflicted, or a reviewer's correction */

      c.revision = limn_pg_int64 (res, row, 4);
      c.order = limn_pg_int64 (res, row, 5);
      c.answer = (LimnServerTeamAnswer) {
        .task = task,
        .annotator = annotator,
        .received_us = limn_pg_int64 (res, row, 6),
        .guideline_version = limn_pg_is_null (res, row, 7) ? -1 : limn_pg_int64 (res, row, 7),
        .confidence = limn_pg_is_null (res, row, 8) ? -1 : limn_pg_double (res, row, 8),
        .active_ms = limn_pg_int64 (res, row, 9),
        .first_region = data->region_labels->len,
        .verdict = LIMN_SERVER_VERDICT_NONE,
        .model = limn_pg_int64 (res, row, 11) > 0,
      };
      limn_server_team_data_add_region_labels (data, &c.answer, limn_pg_text (res, row, 10));
      if (g_array_index (data->task_gold, gboolean, task))
        c.answer.regions = limn_pg_dup (res, row, 12);
      g_array_append_val (candidates, c);
    }

  limn_server_team_data_keep_first_answers (data, candidates);
  return TRUE;
}

static LimnServerTeamData *
pg_team_data (LimnServerTxn  *txn,
              const char     *project_id,
              GError        **error)
{
  g_autoptr(LimnServerTeamData) data = limn_server_team_data_new ();
  Read r = {
    g_hash_table_new (g_str_hash, g_str_equal),
    g_string_chunk_new (64 * 1024),
    g_hash_table_new (g_str_hash, g_str_equal),
    g_array_new (FALSE, FALSE, sizeof (LimnServerTeamOwner)),
    g_array_new (FALSE, FALSE, sizeof (LimnServerTeamVerdict)),
  };
  gboolean ok;

  ok = read_tasks (txn, project_id, data, r.task_index, error) &&
       read_reviews (txn, &r, error) &&
       read_answers (txn, project_id, data, &r, error);
  if (ok)
    limn_server_team_data_apply_verdicts (data, r.owners, r.verdicts);

  g_hash_table_unref (r.task_index);
  g_hash_table_unref (r.reviewed);
  g_string_chunk_free (r.strings);
  g_array_unref (r.owners);
  g_array_unref (r.verdicts);
  return ok ? g_steal_pointer (&data) : NULL;
}

/* One row by primary key: kept by the triggers of migration 1. */
static gboolean
pg_team_version (LimnServerTxn  *txn,
                 const char     *project_id,
                 gint64         *version,
                 GError        **error)
{
  static const LimnPgStatement stmt = {
    "team_version",
    "SELECT coalesce (max (team_version), -1) FROM projects WHERE id = $1", 1,
  };
  const char *values[] = { project_id };

  return limn_pg_query_int64 (txn, &stmt, values, version, error);
}

static GPtrArray *
pg_list_project_staff (LimnServerTxn  *txn,
                       const char     *project_id,
                       GError        **error)
{
  static const LimnPgStatement stmt = {
    "list_project_staff",
    "SELECT DISTINCT user_id COLLATE \"C\" AS user_id FROM tokens WHERE revoked_us IS NULL AND "
    "((project_id = $1 AND role IN ('reviewer', 'admin')) OR "
    " (project_id IS NULL AND role = 'admin')) ORDER BY 1", 1,
  };
  const char *values[] = { project_id };

  return limn_pg_collect_ids (txn, &stmt, values, error);
}

static gboolean
pg_get_meta (LimnServerTxn  *txn,
             const char     *key,
             GBytes        **value,
             GError        **error)
{
  static const LimnPgStatement stmt = {
    "get_meta", "SELECT value FROM server_meta WHERE key = $1", 1,
  };
  const char *values[] = { key };
  g_autoptr(PGresult) res = NULL;

  *value = NULL;
  if (!limn_pg_run (txn, &stmt, values, &res, error))
    return FALSE;
  if (PQntuples (res) > 0)
    *value = limn_pg_bytes (res, 0, 0);
  return TRUE;
}

static gboolean
pg_insert_meta (LimnServerTxn  *txn,
                const char     *key,
                GBytes         *value,
                gboolean       *inserted,
                GError        **error)
{
  static const LimnPgStatement stmt = {
    "insert_meta",
    "INSERT INTO server_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING "
    "RETURNING 1", 2,
  };
  g_autofree char *bytes = limn_pg_bytes_param (value);
  const char *values[] = { key, bytes };
  g_autoptr(PGresult) res = NULL;

  if (!limn_pg_run (txn, &stmt, values, &res, error))
    return FALSE;
  *inserted = PQntuples (res) > 0;
  return TRUE;
}

#define ALERT_COLUMNS \
  "id, project_id, kind, key, subject, value, threshold, message, data, since_us, updated_us, " \
  "cleared_us"

static gpointer
read_alert (const PGresult *res,
            int             row)
{
  LimnServerAlert *alert = g_new0 (LimnServerAlert, 1);

  alert->id = limn_pg_dup (res, row, 0);
  alert->project_id = limn_pg_dup (res, row, 1);
  alert->kind = limn_pg_dup (res, row, 2);
  alert->key = limn_pg_dup (res, row, 3);
  alert->subject = limn_pg_dup (res, row, 4);
  alert->value = limn_pg_is_null (res, row, 5) ? NAN : limn_pg_double (res, row, 5);
  alert->threshold = limn_pg_is_null (res, row, 6) ? NAN : limn_pg_double (res, row, 6);
  alert->message = limn_pg_dup (res, row, 7);
  alert->data = limn_pg_dup (res, row, 8);
  alert->since_us = limn_pg_int64 (res, row, 9);
  alert->updated_us = limn_pg_int64 (res, row, 10);
  alert->cleared_us = limn_pg_int64 (res, row, 11);
  return alert;
}

static GPtrArray *
pg_list_alerts (LimnServerTxn  *txn,
                const char     *project_id,
                gboolean        active_only,
                GError        **error)
{
  static const LimnPgStatement stmt = {
    "list_alerts",
    "SELECT " ALERT_COLUMNS " FROM alerts WHERE ($1::text IS NULL OR project_id = $1::text) "
    "AND (NOT $2::boolean OR cleared_us IS NULL) ORDER BY since_us, recv_seq", 2,
  };
  const char *values[] = { project_id, limn_pg_bool_param (active_only) };

  return limn_pg_collect_rows (txn, &stmt, values, read_alert,
                               (GDestroyNotify)limn_server_alert_free, error);
}

/* NaN (no value) and infinities are stored as NULL, as SQLite's did. */
static const char *
double_or_null (LimnPgNum *buf,
                double     value)
{
  return isfinite (value) ? limn_pg_double_param (buf, value) : NULL;
}

static gboolean
pg_insert_alert (LimnServerTxn          *txn,
                 const LimnServerAlert  *alert,
                 GError                **error)
{
  static const LimnPgStatement stmt = {
    "insert_alert",
    "INSERT INTO alerts (" ALERT_COLUMNS ") "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, coalesce ($9, '{}'), $10, $11, $12)", 12,
  };
  LimnPgNum n_value, n_threshold, n_since, n_updated, n_cleared;
  const char *values[] = {
    alert->id, alert->project_id, alert->kind, alert->key, alert->subject,
    double_or_null (&n_value, alert->value),
    double_or_null (&n_threshold, alert->threshold),
    alert->message, alert->data,
    limn_pg_int64_param (&n_since, alert->since_us),
    limn_pg_int64_param (&n_updated, alert->updated_us),
    alert->cleared_us > 0 ? limn_pg_int64_param (&n_cleared, alert->cleared_us) : NULL,
  };

  return limn_pg_run (txn, &stmt, values, NULL, error);
}

static gboolean
pg_update_alert (LimnServerTxn          *txn,
                 const LimnServerAlert  *alert,
                 GError                **error)
{
  static const LimnPgStatement stmt = {
    "update_alert",
    "UPDATE alerts SET subject = $2, value = $3, threshold = $4, message = $5, "
    "data = coalesce ($6, '{}'), updated_us = $7, cleared_us = $8 WHERE id = $1", 8,
  };
  LimnPgNum n_value, n_threshold, n_updated, n_cleared;
  const char *values[] = {
    alert->id, alert->subject,
    double_or_null (&n_value, alert->value),
    double_or_null (&n_threshold, alert->threshold),
    alert->message, alert->data,
    limn_pg_int64_param (&n_updated, alert->updated_us),
    alert->cleared_us > 0 ? limn_pg_int64_param (&n_cleared, alert->cleared_us) : NULL,
  };

  return limn_pg_run (txn, &stmt, values, NULL, error);
}

void
limn_server_pg_team_init (LimnServerBackendInterface *iface)
{
  iface->team_data = pg_team_data;
  iface->team_version = pg_team_version;
  iface->list_project_staff = pg_list_project_staff;
  iface->get_meta = pg_get_meta;
  iface->insert_meta = pg_insert_meta;
  iface->list_alerts = pg_list_alerts;
  iface->insert_alert = pg_insert_alert;
  iface->update_alert = pg_update_alert;
}
