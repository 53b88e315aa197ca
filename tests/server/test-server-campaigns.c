/* test-server-campaigns.c
 *
 * Relabel campaigns through the real `limn-server admin` binary and a
 * real limn-server on a real database (docs/server-guide.md, "Relabel
 * campaigns"): preview changes nothing; propose; the proposer cannot
 * approve, nor can an annotator; another reviewer or admin can, which
 * freezes a base version and sends the answers back as rework the
 * annotators claim over the API; they resubmit; status counts; finish
 * refuses while rework is left, then gives exact before/after figures on
 * a crafted case; rollback makes the base answers current again (the
 * exported regions equal the base version's); list. A scope from a real
 * agreement_low alert. Bad ids and options fail clearly, non-zero.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libpq-fe.h>
#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include "limn-server-history.h"
#include "limn-server-test.h"
#include "limn-test-util.h"

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

/* parse_object() of a string it then frees: an admin command's stdout. */
static JsonObject *
parse_owned (char *text)
{
  g_autofree char *owned = text;

  return parse_object (owned);
}

#define admin_json(s, ...) \
  parse_owned (limn_test_server_admin ((s), __VA_ARGS__, NULL))

/* Every table's count: what a command that changes nothing leaves. */
static char *
snapshot (LimnTestServer *s)
{
  g_autoptr(GHashTable) counts = limn_test_server_inspect (s, NULL, NULL);
  g_autoptr(GList) keys = g_list_sort (g_hash_table_get_keys (counts), (GCompareFunc)strcmp);
  GString *out = g_string_new (NULL);

  for (GList *l = keys; l != NULL; l = l->next)
    g_string_append_printf (out, "%s=%s ", (char *)l->data,
                            (char *)g_hash_table_lookup (counts, l->data));
  return g_string_free (out, FALSE);
}

/* @sql with SQLite's ?N and ? placeholders numbered as PostgreSQL's $N. */
static char *
pg_placeholders (const char *sql)
{
  GString *out = g_string_new (NULL);
  guint next = 1;

  for (const char *p = sql; *p != '\0'; p++)
    {
      if (*p != '?')
        g_string_append_c (out, *p);
      else if (g_ascii_isdigit (p[1]))
        g_string_append_c (out, '$');
      else
        g_string_append_printf (out, "$%u", next++);
    }

  return g_string_free (out, FALSE);
}

/* The first column of @sql's first row, with the string parameters that
 * follow (NULL-terminated); opened for writing, as a test that sets up a
 * state the API has no shortcut for. On whichever store the server runs
 * (LIMN_TEST_BACKEND): the SQL is written for SQLite, with ? or ?N. */
static gint64
db_int (LimnTestServer *s,
        const char     *sql,
        ...)
{
  g_autofree char *path = limn_test_server_get_db_path (s);
  const char *database = limn_test_server_get_database (s);
  g_autoptr(GPtrArray) params = g_ptr_array_new ();
  gint64 n = -1;
  va_list ap;

  va_start (ap, sql);
  for (const char *a = va_arg (ap, const char *); a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (params, (gpointer)a);
  va_end (ap);

  if (database != NULL)
    {
      g_autofree char *pg_sql = pg_placeholders (sql);
      PGconn *pg = PQconnectdb (database);
      PGresult *res;

      g_assert_cmpint (PQstatus (pg), ==, CONNECTION_OK);
      res = PQexecParams (pg, pg_sql, params->len, NULL, (const char * const *)params->pdata,
                          NULL, NULL, 0);
      if (PQresultStatus (res) != PGRES_TUPLES_OK && PQresultStatus (res) != PGRES_COMMAND_OK)
        g_error ("%s: %s", pg_sql, PQerrorMessage (pg));
      if (PQresultStatus (res) == PGRES_TUPLES_OK && PQntuples (res) > 0)
        n = g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL, 10);
      PQclear (res);
      PQfinish (pg);
      return n;
    }

  {
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
    sqlite3_busy_timeout (db, 5000);
    g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
    for (guint i = 0; i < params->len; i++)
      sqlite3_bind_text (stmt, i + 1, g_ptr_array_index (params, i), -1, SQLITE_TRANSIENT);
    if (sqlite3_step (stmt) == SQLITE_ROW)
      n = sqlite3_column_int64 (stmt, 0);
    sqlite3_finalize (stmt);
    sqlite3_close (db);
  }
  return n;
}

/* How many audit rows of @action have @value (as text) for @key in their
 * JSON detail; SQLite's json1 or PostgreSQL's jsonb. */
static gint64
count_audit (LimnTestServer *s,
             const char     *action,
             const char     *key,
             const char     *value)
{
  if (limn_test_server_get_database (s) != NULL)
    return db_int (s, "SELECT count (*) FROM audit_log WHERE action = ?1 "
                   "AND (detail::jsonb ->> ?2) = ?3", action, key, value, NULL);
  return db_int (s, "SELECT count (*) FROM audit_log WHERE action = ?1 "
                 "AND CAST (json_extract (detail, '$.' || ?2) AS TEXT) = ?3",
                 action, key, value, NULL);
}

/* A refused command: non-zero, a sentence on stderr containing @words. */
static void
assert_refused (LimnTestServer *s,
                const char     *words,
                ...)
{
  const char *args[32];
  g_autofree char *err = NULL;
  va_list ap;
  guint n = 0;
  int status;

  va_start (ap, words);
  for (const char *a = va_arg (ap, const char *); a != NULL && n < 31; a = va_arg (ap, const char *))
    args[n++] = a;
  va_end (ap);
  args[n] = NULL;

  status = limn_test_server_admin_run (s, NULL, &err, args[0], args[1], args[2], args[3], args[4],
                                       args[5], args[6], args[7], args[8], args[9], args[10],
                                       args[11], NULL);
  g_assert_cmpint (status, !=, 0);
  if (strstr (err, words) == NULL)
    g_error ("expected “%s” in: %s", words, err);
}

/* Two annotators, two tasks: on task 0 one drew a Person, the other a
 * Car in the same place; on task 1 both a Person. Nothing reviewed. */
static const LimnHistoryAnswer crafted[] = {
  { 0, 0, 2, "P", -1, 30, 0 }, { 1, 0, 2, "C", -1, 30, 0 },
  { 0, 1, 2, "P", -1, 30, 0 }, { 1, 1, 2, "P", -1, 30, 0 },
};

static LimnTestServer *
crafted_start (LimnHistory **history)
{
  LimnHistoryScript script = { 2, 2, 2, NULL, crafted, G_N_ELEMENTS (crafted) };
  LimnTestServer *s = limn_test_server_new ();
  g_autofree char *db = limn_test_server_get_store (s);
  g_autoptr(GError) error = NULL;

  g_assert_true (limn_test_seed_script (db, &script, history, &error));
  g_assert_no_error (error);
  limn_test_server_start (s, NULL, NULL);
  return s;
}

/* Claims one task; its id, and whether it came as rework. */
static char *
claim (LimnTestServer *s,
       const char     *project,
       const char     *token,
       gboolean       *rework)
{
  g_auto(LimnTestResponse) r = { 0 };
  g_autofree char *path = g_strdup_printf ("/api/v1/projects/%s/claims", project);
  JsonArray *a;
  JsonObject *o;

  limn_test_request (s, "POST", path, token, "{\"count\": 1}", &r, NULL);
  g_assert_cmpuint (r.status, ==, 200);
  a = json_object_get_array_member (limn_test_response_object (&r), "assignments");
  g_assert_cmpuint (json_array_get_length (a), ==, 1);
  o = json_array_get_object_element (a, 0);
  *rework = json_object_get_boolean_member_with_default (o, "rework", FALSE);
  return g_strdup (json_object_get_string_member (json_object_get_object_member (o, "task"), "id"));
}

/* Submits one box of @label where the seeder puts the first region. */
static void
submit (LimnTestServer *s,
        const char     *token,
        const char     *task_id,
        const char     *label,
        const char     *parent)
{
  g_auto(LimnTestResponse) r = { 0 };
  g_autofree char *key = g_uuid_string_random ();
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *region = g_uuid_string_random ();
  g_autofree char *body = g_strdup_printf (
    "{\"items\": [{\"kind\": \"annotation\", \"id\": \"%s\", \"task_id\": \"%s\", "
    "\"revision\": 2, \"parent_id\": \"%s\", \"regions\": [{\"id\": \"%s\", \"kind\": \"box\", "
    "\"label\": \"%s\", \"box\": [20, 20, 80, 80]}]}]}", id, task_id, parent, region, label);
  JsonObject *first;

  limn_test_request (s, "POST", "/api/v1/batches", token, body, &r, "Idempotency-Key", key, NULL);
  g_assert_cmpuint (r.status, ==, 200);
  first = json_array_get_object_element (
    json_object_get_array_member (limn_test_response_object (&r), "results"), 0);
  g_assert_cmpstr (json_object_get_string_member (first, "status"), ==, "applied");
}

static const char *
base_of (JsonObject *status,
         const char *annotator)
{
  JsonArray *items = json_object_get_array_member (status, "items");

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *o = json_array_get_object_element (items, i);

      if (g_str_equal (json_object_get_string_member (o, "annotator"), annotator))
        return json_object_get_string_member (o, "base_annotation_id");
    }
  g_assert_not_reached ();
}

static gint64
progress (JsonObject *o,
          const char *member)
{
  return json_object_get_int_member (json_object_get_object_member (o, "progress"), member);
}

/* The data of the change of @kind for campaign @id in the feed of
 * @token's user, or NULL when there is none. */
static JsonObject *
campaign_change (LimnTestServer *s,
                 const char     *token,
                 const char     *id,
                 const char     *kind)
{
  g_auto(LimnTestResponse) r = { 0 };
  JsonArray *changes;
  JsonObject *found = NULL;

  limn_test_request (s, "GET", "/api/v1/changes?since=0", token, NULL, &r, NULL);
  g_assert_cmpuint (r.status, ==, 200);
  changes = json_object_get_array_member (limn_test_response_object (&r), "changes");
  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonObject *c = json_array_get_object_element (changes, i);
      JsonObject *data = json_object_get_object_member (c, "data");

      if (g_str_equal (json_object_get_string_member (c, "kind"), kind) &&
          g_strcmp0 (json_object_get_string_member_with_default (data, "campaign_id", NULL),
                     id) == 0)
        {
          g_assert_null (found);
          found = json_object_ref (data);
        }
    }
  return found;
}

/* The boxes and categories of a COCO export, without ids: what two
 * exports of the same answers share. */
static char *
exported_regions (LimnTestServer *s,
                  const char     *project,
                  const char     *version,
                  const char     *dir)
{
  g_autofree char *path = g_strdup_printf ("%s/v%s.json", dir, version);
  g_autofree char *text = NULL;
  g_autoptr(JsonObject) coco = NULL;
  g_autofree char *out = limn_test_server_admin (s, "export", "--project", project, "--version",
                                                 version, "--format", "coco", "--output", path,
                                                 NULL);
  JsonArray *anns;
  GString *regions = g_string_new (NULL);

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  coco = parse_object (text);
  anns = json_object_get_array_member (coco, "annotations");
  for (guint i = 0; i < json_array_get_length (anns); i++)
    {
      JsonObject *a = json_array_get_object_element (anns, i);
      JsonArray *b = json_object_get_array_member (a, "bbox");

      g_string_append_printf (regions, "%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT ":%g,%g,%g,%g;",
                              json_object_get_int_member (a, "image_id"),
                              json_object_get_int_member (a, "category_id"),
                              json_array_get_double_element (b, 0),
                              json_array_get_double_element (b, 1),
                              json_array_get_double_element (b, 2),
                              json_array_get_double_element (b, 3));
    }
  return g_string_free (regions, FALSE);
}

static void
test_lifecycle (void)
{
  g_autoptr(LimnHistory) h = NULL;
  g_autoptr(LimnTestServer) s = crafted_start (&h);
  g_autofree char *work = limn_test_mkdtemp ();
  const char *ann0 = g_ptr_array_index (h->annotator_ids, 0);
  const char *ann1 = g_ptr_array_index (h->annotator_ids, 1);
  const char *tok0 = g_ptr_array_index (h->annotator_tokens, 0);
  const char *tok1 = g_ptr_array_index (h->annotator_tokens, 1);
  g_autofree char *before = snapshot (s);
  g_autofree char *after = NULL;
  g_autofree char *task0 = NULL;
  g_autofree char *claimed = NULL;
  g_autofree char *base_regions = NULL;
  g_autofree char *rolled_regions = NULL;
  g_autofree char *label = NULL;
  g_autoptr(JsonObject) preview = NULL;
  g_autoptr(JsonObject) proposed = NULL;
  g_autoptr(JsonObject) approved = NULL;
  g_autoptr(JsonObject) status = NULL;
  g_autoptr(JsonObject) done = NULL;
  g_autoptr(JsonObject) rolled = NULL;
  g_autoptr(JsonObject) list = NULL;
  JsonObject *cmp, *labels, *agreement, *row;
  const char *id;
  gboolean rework = FALSE;

  /* Task 0's α over its four labels: o01 + o10 = 4, n = 8, n0 = 6,
   * n1 = 2: 1 − 7 · 4 / (2 · 6 · 2) = −1/6; task 1's is 1. */
  preview = admin_json (s, "campaign", "preview", "--project", h->project_id,
                        "--agreement-below", "0.5");
  g_assert_cmpint (json_object_get_int_member (preview, "tasks"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (preview, "answers"), ==, 2);
  row = json_array_get_object_element (json_object_get_array_member (preview, "items"), 0);
  task0 = g_strdup (json_object_get_string_member (row, "task_id"));
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (row, "agreement"), -1.0 / 6,
                                  1e-9);
  after = snapshot (s);
  g_assert_cmpstr (before, ==, after);

  proposed = admin_json (s, "campaign", "propose", "--project", h->project_id,
                         "--agreement-below", "0.5", "--reason", "Person or Car?",
                         "--by", "reviewer");
  id = json_object_get_string_member (proposed, "id");
  g_assert_cmpstr (json_object_get_string_member (proposed, "state"), ==, "proposed");
  g_assert_cmpint (json_object_get_int_member (proposed, "answers"), ==, 2);

  /* Four eyes, and only people who may review. */
  assert_refused (s, "another admin or reviewer must approve it",
                  "campaign", "approve", id, "--by", "reviewer", NULL);
  assert_refused (s, "neither an admin nor a reviewer",
                  "campaign", "approve", id, "--by", "annotator-1", NULL);
  assert_refused (s, "is proposed", "campaign", "finish", id, "--by", "admin", NULL);

  approved = admin_json (s, "campaign", "approve", id, "--by", "admin");
  g_assert_cmpstr (json_object_get_string_member (approved, "state"), ==, "running");
  g_assert_cmpint (json_object_get_int_member (approved, "base_version"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (approved, "rework"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (approved, "approved_by"), ==, h->admin_id);
  assert_refused (s, "is running", "campaign", "approve", id, "--by", "admin", NULL);

  /* The annotators see it as rework in their claims, as after a
   * reviewer's send_back. */
  status = admin_json (s, "campaign", "status", id);
  claimed = claim (s, h->project_id, tok1, &rework);
  g_assert_cmpstr (claimed, ==, task0);
  g_assert_true (rework);
  submit (s, tok1, task0, g_ptr_array_index (h->label_ids, 0), base_of (status, ann1));

  g_clear_pointer (&status, json_object_unref);
  status = admin_json (s, "campaign", "status", id);
  g_assert_cmpint (progress (status, "total"), ==, 2);
  g_assert_cmpint (progress (status, "reworked"), ==, 1);
  g_assert_cmpint (progress (status, "remaining"), ==, 1);
  assert_refused (s, "1 of the 2 answers", "campaign", "finish", id, "--by", "admin", NULL);

  g_free (claimed);
  claimed = claim (s, h->project_id, tok0, &rework);
  g_assert_cmpstr (claimed, ==, task0);
  g_assert_true (rework);
  submit (s, tok0, task0, g_ptr_array_index (h->label_ids, 0), base_of (status, ann0));

  g_clear_pointer (&status, json_object_unref);
  status = admin_json (s, "campaign", "status", id);
  g_assert_cmpint (progress (status, "reworked"), ==, 2);
  g_assert_cmpint (progress (status, "remaining"), ==, 0);

  /* One answer changed (Car → Person; the other drew the same Person
   * again); on task 0 everybody now agrees: α = 1. */
  done = admin_json (s, "campaign", "finish", id, "--by", "admin");
  g_assert_cmpstr (json_object_get_string_member (done, "finished_by"), ==, h->admin_id);
  g_assert_cmpstr (json_object_get_string_member (done, "state"), ==, "done");
  g_assert_cmpint (json_object_get_int_member (done, "result_version"), ==, 2);
  cmp = json_object_get_object_member (done, "comparison");
  g_assert_cmpint (json_object_get_int_member (cmp, "items"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (cmp, "items_changed"), ==, 1);
  labels = json_object_get_object_member (cmp, "labels");
  row = json_object_get_object_member (labels, "Person");
  g_assert_cmpint (json_object_get_int_member (row, "before"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (row, "after"), ==, 2);
  row = json_object_get_object_member (labels, "Car");
  g_assert_cmpint (json_object_get_int_member (row, "before"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (row, "after"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (row, "shift"), ==, -1);
  agreement = json_object_get_object_member (cmp, "agreement");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (agreement, "before"), -1.0 / 6,
                                  1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (agreement, "after"), 1.0, 1e-9);

  /* Rollback: only those who may approve; the base answers are current
   * again, as a new revision where the answer differs (annotator-1 drew
   * the same Person again: nothing to restore). */
  assert_refused (s, "cannot roll back", "campaign", "rollback", id, "--by", "annotator-1", NULL);
  assert_refused (s, "--by is required", "campaign", "rollback", id, NULL);
  rolled = admin_json (s, "campaign", "rollback", id, "--by", "reviewer");
  g_assert_cmpstr (json_object_get_string_member (rolled, "state"), ==, "rolled_back");
  g_assert_cmpstr (json_object_get_string_member (rolled, "rolled_back_by"), ==, h->reviewer_id);
  g_assert_cmpint (json_object_get_int_member (rolled, "version"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (rolled, "restored"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (rolled, "unchanged"), ==, 1);
  label = limn_test_db_text (s, "SELECT regions FROM annotations WHERE annotator = ? "
                             "ORDER BY revision DESC LIMIT 1", ann1);
  g_assert_nonnull (strstr (label, g_ptr_array_index (h->label_ids, 1)));
  g_assert_cmpint (limn_test_db_count (s, "SELECT count (*) FROM annotations"), ==, 7);

  /* annotator-2's app learns of the restored Car as a correction of the
   * Person it sent; annotator-1's of nothing. */
  {
    g_autoptr(JsonObject) change = campaign_change (s, tok1, id, "review");
    JsonObject *correction = json_object_get_object_member (change, "correction");
    JsonObject *region = json_array_get_object_element (
      json_object_get_array_member (correction, "regions"), 0);

    g_assert_cmpstr (json_object_get_string_member (change, "verdict"), ==, "correct");
    g_assert_cmpstr (json_object_get_string_member (change, "task_id"), ==, task0);
    g_assert_cmpstr (json_object_get_string_member (change, "reviewer"), ==, "reviewer");
    g_assert_cmpint (json_object_get_int_member (correction, "revision"), ==, 3);
    g_assert_cmpstr (json_object_get_string_member (region, "label"), ==,
                     g_ptr_array_index (h->label_ids, 1));
    g_assert_null (campaign_change (s, tok0, id, "review"));
  }
  g_assert_cmpint (limn_test_db_count (s, "SELECT count (*) FROM audit_log "
                                       "WHERE action LIKE 'admin.campaign.%'"), ==, 4);
  base_regions = exported_regions (s, h->project_id, "1", work);
  rolled_regions = exported_regions (s, h->project_id, "3", work);
  g_assert_cmpstr (base_regions, !=, "");
  g_assert_cmpstr (rolled_regions, ==, base_regions);
  assert_refused (s, "is rolled_back", "campaign", "rollback", id, "--by", "admin", NULL);

  list = admin_json (s, "campaign", "list", "--project", h->project_id);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (list, "campaigns")), ==, 1);
  row = json_array_get_object_element (json_object_get_array_member (list, "campaigns"), 0);
  g_assert_cmpstr (json_object_get_string_member (row, "state"), ==, "rolled_back");
  g_assert_cmpint (json_object_get_int_member (row, "base_version"), ==, 1);
  /* The list has what the Team page shows: tasks (two answers on one
   * task) and the finished campaign's comparison. */
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (row, "progress"), "tasks"),
                   ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (row, "comparison"),
                                               "items_changed"), ==, 1);

  limn_test_rm_rf (work);
}

/* A take-back (cancel, finish --partial) leaves each assignment as it
 * was before the campaign, and tells the annotator's app: an accepted
 * answer stays accepted (a `review` accept), a submitted one loses its
 * rework lease (`assignment_expired`). */
static void
take_back (gboolean partial)
{
  g_autoptr(LimnHistory) h = NULL;
  g_autoptr(LimnTestServer) s = crafted_start (&h);
  g_autoptr(JsonObject) proposed = NULL;
  g_autoptr(JsonObject) ended = NULL;
  g_autoptr(JsonObject) approved = NULL;
  g_autoptr(JsonObject) accepted = NULL;
  g_autoptr(JsonObject) expired = NULL;
  g_auto(LimnTestResponse) r = { 0 };
  g_autofree char *path = g_strdup_printf ("/api/v1/projects/%s/claims", h->project_id);
  g_autofree char *states = NULL;
  const char *ann1 = g_ptr_array_index (h->annotator_ids, 1);
  const char *tok1 = g_ptr_array_index (h->annotator_tokens, 1);
  const char *task0 = NULL;
  const char *id;

  proposed = admin_json (s, "campaign", "propose", "--project", h->project_id,
                         "--annotator", "annotator-2", "--reason", "check", "--by", "admin");
  id = json_object_get_string_member (proposed, "id");
  g_assert_cmpint (json_object_get_int_member (proposed, "answers"), ==, 2);
  task0 = json_object_get_string_member (
    json_array_get_object_element (json_object_get_array_member (proposed, "items"), 0),
    "task_id");

  /* A reviewer had accepted annotator-2's answer to task 0. */
  g_assert_cmpint (db_int (s, "SELECT count (*) FROM assignments WHERE status = "
                                       "'submitted' AND annotator = ?", ann1, NULL), ==, 2);
  db_int (s, "UPDATE assignments SET status = 'accepted' WHERE annotator = ?1 "
                      "AND task_id = ?2 RETURNING 1", ann1, task0, NULL);

  approved = admin_json (s, "campaign", "approve", id, "--by", "reviewer");
  g_assert_cmpint (json_object_get_int_member (approved, "rework"), ==, 2);
  g_assert_cmpint (db_int (s, "SELECT count (*) FROM assignments WHERE rework = 1 "
                                       "AND status = 'assigned' AND annotator = ?", ann1, NULL), ==, 2);
  if (partial)
    ended = admin_json (s, "campaign", "finish", id, "--partial", "--by", "admin");
  else
    ended = admin_json (s, "campaign", "cancel", id, "--by", "admin");
  g_assert_cmpstr (json_object_get_string_member (ended, "state"), ==,
                   partial ? "done" : "cancelled");
  g_assert_cmpstr (json_object_get_string_member (ended, partial ? "finished_by" : "cancelled_by"),
                   ==, h->admin_id);

  /* The assignments as before, rework gone. */
  states = limn_test_db_text (s, limn_test_server_get_database (s) != NULL
                              ? "SELECT string_agg (a.status || '/' || a.rework, ' ' "
                                "ORDER BY t.position) FROM assignments a "
                                "JOIN tasks t ON t.id = a.task_id WHERE a.annotator = ?"
                              : "SELECT group_concat (a.status || '/' || a.rework, ' ') FROM "
                                "(SELECT a.* FROM assignments a JOIN tasks t ON t.id = a.task_id "
                                " WHERE a.annotator = ? ORDER BY t.position) a", ann1);
  g_assert_cmpstr (states, ==, "accepted/0 submitted/0");
  g_assert_cmpint (count_audit (s, partial ? "admin.campaign.finish" : "admin.campaign.cancel",
                                "by", h->admin_id), ==, 1);

  /* The app drops the rework: task 0 accepted, task 1's lease gone. */
  accepted = campaign_change (s, tok1, id, "review");
  g_assert_nonnull (accepted);
  g_assert_cmpstr (json_object_get_string_member (accepted, "verdict"), ==, "accept");
  g_assert_cmpstr (json_object_get_string_member (accepted, "task_id"), ==, task0);
  g_assert_cmpstr (json_object_get_string_member (accepted, "reviewer"), ==, "admin");
  expired = campaign_change (s, tok1, id, "assignment_expired");
  g_assert_nonnull (expired);
  g_assert_cmpstr (json_object_get_string_member (expired, "task_id"), !=, task0);
  g_assert_true (json_object_get_boolean_member (expired, "withdrawn"));

  limn_test_request (s, "POST", path, tok1, "{\"count\": 5}", &r, NULL);
  g_assert_cmpuint (r.status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
    limn_test_response_object (&r), "assignments")), ==, 0);
  assert_refused (s, partial ? "is done" : "is cancelled", "campaign", "cancel", id,
                  "--by", "admin", NULL);
}

static void
test_cancel (void)
{
  take_back (FALSE);
}

static void
test_partial (void)
{
  take_back (TRUE);
}

/* A real agreement_low alert (the dashboard's hard label) gives the
 * scope: its label, agreement below its threshold. */
static void
test_from_alert (void)
{
  g_autoptr(LimnTestServer) s = limn_test_server_new ();
  g_autofree char *db = limn_test_server_get_store (s);
  g_autoptr(LimnHistory) h = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(LimnTestResponse) r = { 0 };
  g_autofree char *path = NULL;
  g_autofree char *alert = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(JsonObject) preview = NULL;
  g_autoptr(JsonObject) proposed = NULL;
  JsonObject *scope;
  LimnHistorySpec spec;

  limn_history_spec_init (&spec);
  spec.n_tasks = 300;
  spec.hard_label = 3;
  g_assert_true (limn_test_seed_history_full (db, &spec, &h, &error));
  g_assert_no_error (error);
  limn_test_server_start (s, NULL, NULL);

  path = g_strdup_printf ("/api/v1/projects/%s/dashboard", h->project_id);
  limn_test_request (s, "GET", path, h->reviewer_token, NULL, &r, NULL);
  g_assert_cmpuint (r.status, ==, 200);
  alert = limn_test_db_text (s, "SELECT id FROM alerts WHERE kind = ?", "agreement_low");
  g_assert_nonnull (alert);

  /* The alert proposed a campaign by itself, once; a person approves it. */
  {
    g_auto(LimnTestResponse) r2 = { 0 };
    g_autofree char *list = g_strdup_printf ("/api/v1/projects/%s/campaigns", h->project_id);
    g_autofree char *approve = NULL;
    JsonArray *campaigns;
    JsonObject *c = NULL;
    gint64 n_campaigns;

    limn_test_request (s, "GET", list, h->reviewer_token, NULL, &r2, NULL);
    g_assert_cmpuint (r2.status, ==, 200);
    campaigns = json_object_get_array_member (limn_test_response_object (&r2), "campaigns");
    for (guint i = 0; i < json_array_get_length (campaigns); i++)
      if (g_strcmp0 (json_object_get_string_member_with_default (
                       json_array_get_object_element (campaigns, i), "proposed_from_alert", NULL),
                     alert) == 0)
        {
          g_assert_null (c);
          c = json_array_get_object_element (campaigns, i);
        }
    g_assert_nonnull (c);
    approve = g_strdup_printf ("%s/%s/approve", list, json_object_get_string_member (c, "id"));
    g_assert_cmpstr (json_object_get_string_member (c, "state"), ==, "proposed");
    g_assert_true (json_object_get_null_member (c, "proposed_by"));
    g_assert_true (g_str_has_prefix (json_object_get_string_member (c, "reason"),
                                     "Proposed by alert"));
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (c, "scope"),
                                                    "label"),
                     ==, g_ptr_array_index (h->label_ids, 3));
    g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (c, "progress"),
                                                 "total"), >, 0);
    g_assert_cmpint (count_audit (s, "server.campaign.propose", "alert_id", alert), ==, 1);
    /* Every proposal the server made is one alert's. */
    n_campaigns = db_int (s, "SELECT count (*) FROM campaigns", NULL);
    g_assert_cmpint (n_campaigns, ==,
                     db_int (s, "SELECT count (DISTINCT proposed_from_alert) FROM campaigns",
                             NULL));

    /* Seen again, the alerts are not new: no second proposal. */
    limn_test_response_clear (&r2);
    limn_test_request (s, "GET", path, h->reviewer_token, NULL, &r2, NULL);
    g_assert_cmpuint (r2.status, ==, 200);
    g_assert_cmpint (db_int (s, "SELECT count (*) FROM campaigns", NULL), ==, n_campaigns);

    limn_test_response_clear (&r2);
    limn_test_request (s, "POST", approve, h->reviewer_token, "{}", &r2, NULL);
    g_assert_cmpuint (r2.status, ==, 200);
    g_assert_cmpstr (json_object_get_string_member (limn_test_response_object (&r2), "state"), ==,
                     "running");
    g_assert_cmpstr (json_object_get_string_member (limn_test_response_object (&r2),
                                                    "approved_by"), ==, h->reviewer_id);
  }

  before = snapshot (s);
  preview = admin_json (s, "campaign", "preview", "--project", h->project_id,
                        "--from-alert", alert);
  after = snapshot (s);
  g_assert_cmpstr (before, ==, after);
  scope = json_object_get_object_member (preview, "scope");
  g_assert_cmpstr (json_object_get_string_member (scope, "label"), ==,
                   g_ptr_array_index (h->label_ids, 3));
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (scope, "agreement_below"), 0.6,
                                  1e-9);
  g_assert_cmpint (json_object_get_int_member (preview, "answers"), >, 0);
  for (guint i = 0; i < json_array_get_length (json_object_get_array_member (preview, "items")); i++)
    g_assert_cmpfloat (json_object_get_double_member (
      json_array_get_object_element (json_object_get_array_member (preview, "items"), i),
      "agreement"), <, 0.6);

  proposed = admin_json (s, "campaign", "propose", "--project", h->project_id,
                         "--from-alert", alert, "--reason", "Bicycle agreement", "--by", "reviewer");
  g_assert_nonnull (proposed);
  g_assert_cmpstr (json_object_get_string_member (proposed, "proposed_from_alert"), ==, alert);
  g_assert_cmpint (json_object_get_int_member (proposed, "answers"), ==,
                   json_object_get_int_member (preview, "answers"));
}

/* With auto_propose_campaigns off, the same alert proposes nothing. */
static void
test_auto_propose_off (void)
{
  g_autoptr(LimnTestServer) s = limn_test_server_new ();
  g_autofree char *db = limn_test_server_get_store (s);
  g_autoptr(LimnHistory) h = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(LimnTestResponse) r = { 0 };
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  LimnHistorySpec spec;

  limn_history_spec_init (&spec);
  spec.n_tasks = 300;
  spec.hard_label = 3;
  g_assert_true (limn_test_seed_history_full (db, &spec, &h, &error));
  g_assert_no_error (error);

  /* Before the server starts: its first sweep judges alerts already. */
  assert_refused (s, "must be on or off", "project", "set", "--project", h->project_id,
                  "--auto-propose-campaigns", "maybe", NULL);
  out = limn_test_server_admin (s, "project", "set", "--project", h->project_id,
                                "--auto-propose-campaigns", "off", NULL);
  limn_test_server_start (s, NULL, NULL);
  path = g_strdup_printf ("/api/v1/projects/%s/dashboard", h->project_id);
  limn_test_request (s, "GET", path, h->reviewer_token, NULL, &r, NULL);
  g_assert_cmpuint (r.status, ==, 200);
  g_assert_cmpint (db_int (s, "SELECT count (*) FROM alerts WHERE kind = ?", "agreement_low",
                           NULL), ==, 1);
  g_assert_cmpint (db_int (s, "SELECT count (*) FROM campaigns", NULL), ==, 0);
}

/* The routes: reviewers and admins of the project only; approving is
 * the caller's, never the proposer's; another project's campaign is not
 * there. */
static void
test_http (void)
{
  g_autoptr(LimnHistory) h = NULL;
  g_autoptr(LimnTestServer) s = crafted_start (&h);
  g_autoptr(JsonObject) proposed = NULL;
  g_autofree char *list = g_strdup_printf ("/api/v1/projects/%s/campaigns", h->project_id);
  g_autofree char *one = NULL;
  g_autofree char *approve = NULL;
  g_autofree char *other = g_strdup_printf ("/api/v1/projects/%s/campaigns",
                                            "00000000-0000-4000-8000-000000000000");
  g_autofree char *other_one = NULL;
  const char *tok0 = g_ptr_array_index (h->annotator_tokens, 0);
  JsonObject *o;
  const char *id;

  proposed = admin_json (s, "campaign", "propose", "--project", h->project_id,
                         "--annotator", "annotator-2", "--reason", "check", "--by", "reviewer");
  id = json_object_get_string_member (proposed, "id");
  one = g_strdup_printf ("%s/%s", list, id);
  approve = g_strdup_printf ("%s/approve", one);
  other_one = g_strdup_printf ("%s/%s", other, id);

  {
    g_auto(LimnTestResponse) r = { 0 };

    limn_test_request (s, "GET", list, tok0, NULL, &r, NULL);
    g_assert_cmpuint (r.status, ==, 403);
  }
  {
    g_auto(LimnTestResponse) r = { 0 };

    limn_test_request (s, "GET", list, h->reviewer_token, NULL, &r, NULL);
    g_assert_cmpuint (r.status, ==, 200);
    o = json_array_get_object_element (
      json_object_get_array_member (limn_test_response_object (&r), "campaigns"), 0);
    g_assert_cmpstr (json_object_get_string_member (o, "id"), ==, id);
    g_assert_cmpstr (json_object_get_string_member (o, "proposed_by"), ==, h->reviewer_id);
  }
  {
    g_auto(LimnTestResponse) r = { 0 };

    limn_test_request (s, "GET", one, h->admin_token, NULL, &r, NULL);
    g_assert_cmpuint (r.status, ==, 200);
    o = limn_test_response_object (&r);
    g_assert_cmpstr (json_object_get_string_member (o, "state"), ==, "proposed");
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "items")), ==, 2);
    g_assert_cmpint (progress (o, "total"), ==, 2);
  }
  {
    g_auto(LimnTestResponse) r = { 0 };

    /* The admin's token sees every project: the id is not in that one. */
    limn_test_request (s, "GET", other_one, h->admin_token, NULL, &r, NULL);
    g_assert_cmpuint (r.status, ==, 404);
  }
  {
    g_auto(LimnTestResponse) r = { 0 };

    limn_test_request (s, "POST", approve, tok0, "{}", &r, NULL);
    g_assert_cmpuint (r.status, ==, 403);
  }
  {
    g_auto(LimnTestResponse) r = { 0 };

    limn_test_request (s, "POST", approve, h->reviewer_token, "{}", &r, NULL);
    g_assert_cmpuint (r.status, ==, 403);
    g_assert_cmpint (db_int (s, "SELECT count (*) FROM campaigns WHERE state = 'proposed'",
                             NULL), ==, 1);
  }
  {
    g_auto(LimnTestResponse) r = { 0 };

    limn_test_request (s, "POST", approve, h->admin_token, "{}", &r, NULL);
    g_assert_cmpuint (r.status, ==, 200);
    o = limn_test_response_object (&r);
    g_assert_cmpstr (json_object_get_string_member (o, "state"), ==, "running");
    g_assert_cmpstr (json_object_get_string_member (o, "approved_by"), ==, h->admin_id);
    g_assert_cmpint (json_object_get_int_member (o, "rework"), ==, 2);
  }
  {
    g_auto(LimnTestResponse) r = { 0 };

    limn_test_request (s, "POST", approve, h->admin_token, "{}", &r, NULL);
    g_assert_cmpuint (r.status, ==, 409);
  }
}

/* Bad ids and options: a clear sentence, a non-zero exit, nothing
 * written. */
static void
test_bad_input (void)
{
  g_autoptr(LimnHistory) h = NULL;
  g_autoptr(LimnTestServer) s = crafted_start (&h);
  g_autofree char *before = snapshot (s);
  g_autofree char *after = NULL;
  g_autofree char *help = NULL;
  const char *p = h->project_id;

  assert_refused (s, "no campaign", "campaign", "approve", "nope", "--by", "admin", NULL);
  assert_refused (s, "no campaign", "campaign", "status", "nope", NULL);
  assert_refused (s, "Say which campaign", "campaign", "finish", "--by", "admin", NULL);
  assert_refused (s, "--by is required", "campaign", "cancel", "x", NULL);
  assert_refused (s, "no campaign", "campaign", "cancel", "x", "--by", "admin", NULL);
  assert_refused (s, "--reason is required", "campaign", "propose", "--project", p,
                  "--label", "Car", "--by", "admin", NULL);
  assert_refused (s, "Say what to relabel", "campaign", "propose", "--project", p,
                  "--reason", "x", "--by", "admin", NULL);
  assert_refused (s, "--source must be", "campaign", "preview", "--project", p,
                  "--source", "robot", NULL);
  assert_refused (s, "no label", "campaign", "preview", "--project", p, "--label", "Zebra", NULL);
  assert_refused (s, "No annotator", "campaign", "preview", "--project", p,
                  "--annotator", "ghost", NULL);
  assert_refused (s, "--since must be", "campaign", "preview", "--project", p,
                  "--since", "yesterday", NULL);
  assert_refused (s, "--agreement-below must be", "campaign", "preview", "--project", p,
                  "--agreement-below", "2", NULL);
  assert_refused (s, "no alert", "campaign", "preview", "--project", p, "--from-alert", "x", NULL);
  assert_refused (s, "no project", "campaign", "list", "--project", "nope", NULL);
  assert_refused (s, "no user", "campaign", "propose", "--project", p, "--label", "Car",
                  "--reason", "x", "--by", "ghost", NULL);
  assert_refused (s, "matches no answer", "campaign", "propose", "--project", p,
                  "--label", "Truck", "--reason", "x", "--by", "admin", NULL);
  assert_refused (s, "no option --bogus", "campaign", "status", "x", "--bogus", "1", NULL);
  after = snapshot (s);
  g_assert_cmpstr (before, ==, after);

  help = limn_test_server_admin (s, "campaign", "propose", "--help", NULL);
  g_assert_nonnull (strstr (help, "--agreement-below"));
}

/* The server's own proposals (campaigns with no proposer) whose reason
 * starts with @prefix, in the order made; each a new reference. */
static GPtrArray *
server_proposals (LimnTestServer *s,
                  const char     *project,
                  const char     *prefix)
{
  g_autoptr(JsonObject) list = admin_json (s, "campaign", "list", "--project", project);
  JsonArray *rows = json_object_get_array_member (list, "campaigns");
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify)json_object_unref);

  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *c = json_array_get_object_element (rows, i);

      if (json_object_get_null_member (c, "proposed_by") &&
          g_str_has_prefix (json_object_get_string_member (c, "reason"), prefix))
        g_ptr_array_add (out, json_object_ref (c));
    }
  return out;
}

/* The string elements of @scope's @member, joined by commas. */
static char *
scope_list (JsonObject *campaign,
            const char *member)
{
  JsonArray *a = json_object_get_array_member (json_object_get_object_member (campaign, "scope"),
                                               member);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (a); i++)
    g_string_append_printf (out, "%s%s", i ? "," : "", json_array_get_string_element (a, i));
  return g_string_free (out, FALSE);
}

static void
publish (LimnTestServer *s,
         const char     *project,
         const char     *file,
         const char     *labels,
         const char     *expect)
{
  g_autofree char *out = labels
    ? limn_test_server_admin (s, "guidelines", "publish", "--project", project, "--file", file,
                              "--labels", labels, NULL)
    : limn_test_server_admin (s, "guidelines", "publish", "--project", project, "--file", file,
                              NULL);

  g_assert_cmpstr (g_strstrip (out), ==, expect);
}

/* A guideline version naming the labels it changes proposes one campaign
 * of the answers given under older versions on tasks with those labels;
 * without labels, nothing; an unknown label is refused before anything
 * is written; a replayed publish proposes nothing more. */
static void
test_guideline_change (void)
{
  g_autoptr(LimnHistory) h = NULL;
  g_autoptr(LimnTestServer) s = crafted_start (&h);
  g_autofree char *work = limn_test_mkdtemp ();
  g_autofree char *file = g_build_filename (work, "g.md", NULL);
  g_autofree char *path = g_strdup_printf ("/api/v1/projects/%s/guidelines", h->project_id);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *scope_labels = NULL;
  g_autofree char *both = NULL;
  g_autoptr(GPtrArray) made = NULL;
  g_autoptr(JsonObject) preview = NULL;
  const char *car = g_ptr_array_index (h->label_ids, 1);
  const char *body = "{\"body\": \"# v4\", \"labels\": [\"Person\", \"Car\"]}";
  JsonObject *c, *scope;

  g_assert_true (g_file_set_contents (file, "# Guidelines\n", -1, NULL));
  publish (s, h->project_id, file, NULL, "version=2");
  g_assert_cmpint (db_int (s, "SELECT count (*) FROM campaigns", NULL), ==, 0);

  before = snapshot (s);
  assert_refused (s, "no label “Zebra”", "guidelines", "publish", "--project", h->project_id,
                  "--file", file, "--labels", "Car,Zebra", NULL);
  assert_refused (s, "--labels must name labels", "guidelines", "publish", "--project",
                  h->project_id, "--file", file, "--labels", "Car,", NULL);
  after = snapshot (s);
  g_assert_cmpstr (before, ==, after);

  /* Car changed in v3: task 0 has a Car, both its answers (made under
   * v1) are proposed for rework. */
  publish (s, h->project_id, file, "Car", "version=3");
  made = server_proposals (s, h->project_id, "Guidelines");
  g_assert_cmpuint (made->len, ==, 1);
  c = g_ptr_array_index (made, 0);
  g_assert_cmpstr (json_object_get_string_member (c, "reason"), ==, "Guidelines v3 changed Car");
  g_assert_cmpstr (json_object_get_string_member (c, "state"), ==, "proposed");
  g_assert_true (json_object_get_null_member (c, "proposed_from_alert"));
  g_assert_cmpint (json_object_get_int_member (c, "proposed_from_guidelines"), ==, 3);
  scope = json_object_get_object_member (c, "scope");
  scope_labels = scope_list (c, "labels");
  g_assert_cmpstr (scope_labels, ==, car);
  g_assert_cmpint (json_object_get_int_member (scope, "guideline_before"), ==, 3);
  g_assert_cmpint (progress (c, "total"), ==, 2);
  g_assert_cmpint (count_audit (s, "server.campaign.propose", "guideline_version", "3"), ==, 1);

  /* The same scope by hand; "below 1" matches nothing made under v1. */
  preview = admin_json (s, "campaign", "preview", "--project", h->project_id, "--labels", "Car",
                        "--guideline-before", "3");
  g_assert_cmpint (json_object_get_int_member (preview, "tasks"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (preview, "answers"), ==, 2);
  g_clear_pointer (&preview, json_object_unref);
  preview = admin_json (s, "campaign", "preview", "--project", h->project_id, "--labels",
                        "Car,Person", "--guideline-before", "1");
  g_assert_cmpint (json_object_get_int_member (preview, "answers"), ==, 0);

  /* Over HTTP, by a reviewer: Person and Car, so both tasks; sent twice
   * with one Idempotency-Key, published and proposed once. */
  for (guint i = 0; i < 2; i++)
    {
      g_auto(LimnTestResponse) r = { 0 };

      limn_test_request (s, "POST", path, h->reviewer_token, body, &r,
                         "Idempotency-Key", "publish-v4", NULL);
      g_assert_cmpuint (r.status, ==, 200);
      g_assert_cmpint (json_object_get_int_member (limn_test_response_object (&r), "version"), ==,
                       4);
    }
  g_ptr_array_unref (made);
  made = server_proposals (s, h->project_id, "Guidelines");
  g_assert_cmpuint (made->len, ==, 2);
  c = g_ptr_array_index (made, 1);
  g_assert_cmpstr (json_object_get_string_member (c, "reason"), ==,
                   "Guidelines v4 changed Person, Car");
  both = scope_list (c, "labels");
  g_assert_true (g_str_has_suffix (both, car));
  g_assert_cmpint (progress (c, "total"), ==, 4);

  /* Bad labels over HTTP: 400, nothing published. */
  {
    static const char * const bad[] = {
      "{\"body\": \"x\", \"labels\": [\"Zebra\"]}", "{\"body\": \"x\", \"labels\": [1]}",
      "{\"body\": \"x\", \"labels\": \"Car\"}",
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_auto(LimnTestResponse) r = { 0 };
        g_autofree char *key = g_strdup_printf ("bad-%u", i);

        limn_test_request (s, "POST", path, h->reviewer_token, bad[i], &r,
                           "Idempotency-Key", key, NULL);
        g_assert_cmpuint (r.status, ==, 400);
      }
  }
  g_assert_cmpint (db_int (s, "SELECT max (version) FROM guidelines", NULL), ==, 4);
  g_assert_cmpint (db_int (s, "SELECT count (*) FROM campaigns", NULL), ==, 2);
}

/* With auto_propose_campaigns off, a guideline change proposes nothing. */
static void
test_guideline_change_off (void)
{
  g_autoptr(LimnHistory) h = NULL;
  g_autoptr(LimnTestServer) s = crafted_start (&h);
  g_autofree char *work = limn_test_mkdtemp ();
  g_autofree char *file = g_build_filename (work, "g.md", NULL);
  g_autofree char *out = limn_test_server_admin (s, "project", "set", "--project", h->project_id,
                                                 "--auto-propose-campaigns", "off", NULL);

  g_assert_true (g_file_set_contents (file, "# Guidelines\n", -1, NULL));
  publish (s, h->project_id, file, "Car,Person", "version=2");
  g_assert_cmpint (db_int (s, "SELECT count (*) FROM campaigns", NULL), ==, 0);
}

/* Two annotators, sure of themselves (0.9): on tasks 0–9 one drew a
 * Person where the other drew a Car (each way half of the time, so
 * neither overuses a label); tasks 10 and 11 they agree. Truck and
 * Bicycle are mixed up on tasks 12–16: a hot spot the dashboard shows
 * (3 tasks or more) but too small (below 10) to propose a campaign. */
#define MIX(t, a, b) { 0, (t), 1, (a), 0.9, 30, 0 }, { 1, (t), 1, (b), 0.9, 30, 0 }
static const LimnHistoryAnswer mixed_up[] = {
  MIX (0, "P", "C"), MIX (1, "P", "C"), MIX (2, "P", "C"), MIX (3, "P", "C"), MIX (4, "P", "C"),
  MIX (5, "C", "P"), MIX (6, "C", "P"), MIX (7, "C", "P"), MIX (8, "C", "P"), MIX (9, "C", "P"),
  MIX (10, "P", "P"), MIX (11, "C", "C"),
  MIX (12, "T", "B"), MIX (13, "T", "B"), MIX (14, "T", "B"), MIX (15, "B", "T"),
  MIX (16, "B", "T"),
};
/* The same tasks, answered alike. */
static const LimnHistoryAnswer clean[] = {
  MIX (0, "P", "P"), MIX (1, "P", "P"), MIX (2, "P", "P"), MIX (3, "P", "P"), MIX (4, "P", "P"),
  MIX (5, "C", "C"), MIX (6, "C", "C"), MIX (7, "C", "C"), MIX (8, "C", "C"), MIX (9, "C", "C"),
  MIX (10, "P", "P"), MIX (11, "C", "C"),
  MIX (12, "T", "T"), MIX (13, "T", "T"), MIX (14, "T", "T"), MIX (15, "B", "B"),
  MIX (16, "B", "B"),
};
#undef MIX

static LimnTestServer *
script_start (const LimnHistoryAnswer  *answers,
              guint                     n_answers,
              gboolean                  auto_propose,
              LimnHistory             **history)
{
  LimnHistoryScript script = { 2, 17, 2, NULL, answers, n_answers };
  LimnTestServer *s = limn_test_server_new ();
  g_autofree char *db = limn_test_server_get_store (s);
  g_autoptr(GError) error = NULL;

  g_assert_true (limn_test_seed_script (db, &script, history, &error));
  g_assert_no_error (error);
  /* Before the server starts: its first sweep judges alerts already. */
  if (!auto_propose)
    g_free (limn_test_server_admin (s, "project", "set", "--project", (*history)->project_id,
                                    "--auto-propose-campaigns", "off", NULL));
  limn_test_server_start (s, NULL, NULL);
  return s;
}

/* The dashboard's figures computed again, and the alerts judged. */
static void
look_at_dashboard (LimnTestServer *s,
                   LimnHistory    *h,
                   gboolean        touch)
{
  g_auto(LimnTestResponse) r = { 0 };
  g_autofree char *path = g_strdup_printf ("/api/v1/projects/%s/dashboard", h->project_id);

  if (touch)
    g_free (limn_test_server_admin (s, "project", "set", "--project", h->project_id,
                                    "--overlap", "2", NULL));
  limn_test_request (s, "GET", path, h->reviewer_token, NULL, &r, NULL);
  g_assert_cmpuint (r.status, ==, 200);
}

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

/* Sorted "task|annotator" of a preview's or a status's items. */
static char *
item_keys (JsonObject *o)
{
  JsonArray *items = json_object_get_array_member (o, "items");
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *it = json_array_get_object_element (items, i);

      g_ptr_array_add (keys, g_strdup_printf ("%s|%s",
                                              json_object_get_string_member (it, "task_id"),
                                              json_object_get_string_member (it, "annotator")));
    }
  g_ptr_array_sort (keys, compare_keys);
  for (guint i = 0; i < keys->len; i++)
    g_string_append_printf (out, "%s;", (char *)g_ptr_array_index (keys, i));
  return g_string_free (out, FALSE);
}

/* A confusion hot spot above the threshold fires a confusion_hot_spot
 * alert that proposes one campaign of the tasks where the two labels
 * were mixed up; the smaller one does not; seen again, or fired again
 * while the campaign is open, nothing more; once it is cancelled, a new
 * firing proposes again. */
static void
test_hot_spot (void)
{
  g_autoptr(LimnHistory) h = NULL;
  g_autoptr(LimnTestServer) s = script_start (mixed_up, G_N_ELEMENTS (mixed_up), TRUE, &h);
  const char *person = g_ptr_array_index (h->label_ids, 0);
  const char *car = g_ptr_array_index (h->label_ids, 1);
  g_autofree char *pair = strcmp (person, car) < 0 ? g_strconcat (person, ",", car, NULL)
                                                   : g_strconcat (car, ",", person, NULL);
  g_autofree char *alert = NULL;
  g_autofree char *confused = NULL;
  g_autofree char *proposed_keys = NULL;
  g_autofree char *preview_keys = NULL;
  g_autofree char *cancelled = NULL;
  g_autoptr(GPtrArray) made = NULL;
  g_autoptr(JsonObject) status = NULL;
  g_autoptr(JsonObject) preview = NULL;
  JsonObject *c;
  const char *id;

  look_at_dashboard (s, h, FALSE);
  g_assert_cmpint (db_int (s, "SELECT count (*) FROM alerts WHERE kind = ?", "confusion_hot_spot",
                           NULL), ==, 1);
  alert = limn_test_db_text (s, "SELECT id FROM alerts WHERE kind = ?", "confusion_hot_spot");
  made = server_proposals (s, h->project_id, "Proposed by alert");
  g_assert_cmpuint (made->len, ==, 1);
  c = g_ptr_array_index (made, 0);
  id = json_object_get_string_member (c, "id");
  g_assert_cmpstr (json_object_get_string_member (c, "proposed_from_alert"), ==, alert);
  confused = scope_list (c, "confused_labels");
  g_assert_cmpstr (confused, ==, pair);
  g_assert_cmpint (progress (c, "total"), ==, 20);

  /* The scope previews exactly the proposal's answers: tasks 0–9. */
  status = admin_json (s, "campaign", "status", id);
  preview = admin_json (s, "campaign", "preview", "--project", h->project_id,
                        "--confused-labels", "Person,Car");
  g_assert_cmpint (json_object_get_int_member (preview, "tasks"), ==, 10);
  proposed_keys = item_keys (status);
  preview_keys = item_keys (preview);
  g_assert_cmpstr (proposed_keys, ==, preview_keys);
  g_clear_pointer (&preview, json_object_unref);
  preview = admin_json (s, "campaign", "preview", "--project", h->project_id,
                        "--confused-labels", "Bicycle,Truck");
  g_assert_cmpint (json_object_get_int_member (preview, "tasks"), ==, 5);
  assert_refused (s, "--confused-labels must name two", "campaign", "preview", "--project",
                  h->project_id, "--confused-labels", "Car", NULL);
  assert_refused (s, "no label", "campaign", "preview", "--project", h->project_id,
                  "--confused-labels", "Car,Zebra", NULL);

  /* Seen again: the alert is not new. Fired again (cleared meanwhile)
   * while its campaign is open: still one proposal for the pair. */
  look_at_dashboard (s, h, TRUE);
  g_assert_cmpint (db_int (s, "SELECT count (*) FROM campaigns", NULL), ==, 1);
  db_int (s, "UPDATE alerts SET cleared_us = 1 WHERE kind = ?", "confusion_hot_spot", NULL);
  look_at_dashboard (s, h, TRUE);
  g_assert_cmpint (db_int (s, "SELECT count (*) FROM alerts WHERE kind = ?", "confusion_hot_spot",
                           NULL), ==, 2);
  g_assert_cmpint (db_int (s, "SELECT count (*) FROM campaigns", NULL), ==, 1);

  /* Cancelled, the pair may be proposed again by its next firing. */
  cancelled = limn_test_server_admin (s, "campaign", "cancel", id, "--by", "admin", NULL);
  db_int (s, "UPDATE alerts SET cleared_us = 1 WHERE kind = ?", "confusion_hot_spot", NULL);
  look_at_dashboard (s, h, TRUE);
  g_assert_cmpint (db_int (s, "SELECT count (*) FROM campaigns WHERE state = 'proposed'", NULL),
                   ==, 1);
  g_assert_cmpint (db_int (s, "SELECT count (*) FROM campaigns", NULL), ==, 2);
}

/* The same hot spot with auto_propose_campaigns off: the alert, no
 * campaign. */
static void
test_hot_spot_off (void)
{
  g_autoptr(LimnHistory) h = NULL;
  g_autoptr(LimnTestServer) s = script_start (mixed_up, G_N_ELEMENTS (mixed_up), FALSE, &h);

  look_at_dashboard (s, h, FALSE);
  g_assert_cmpint (db_int (s, "SELECT count (*) FROM alerts WHERE kind = ?", "confusion_hot_spot",
                           NULL), ==, 1);
  g_assert_cmpint (db_int (s, "SELECT count (*) FROM campaigns", NULL), ==, 0);
}

/* Annotators who agree: no hot spot, no alert, no campaign. */
static void
test_clean_history (void)
{
  g_autoptr(LimnHistory) h = NULL;
  g_autoptr(LimnTestServer) s = script_start (clean, G_N_ELEMENTS (clean), TRUE, &h);
  g_autoptr(JsonObject) preview = NULL;

  look_at_dashboard (s, h, FALSE);
  g_assert_cmpint (db_int (s, "SELECT count (*) FROM alerts", NULL), ==, 0);
  g_assert_cmpint (db_int (s, "SELECT count (*) FROM campaigns", NULL), ==, 0);
  preview = admin_json (s, "campaign", "preview", "--project", h->project_id,
                        "--confused-labels", "Person,Car");
  g_assert_cmpint (json_object_get_int_member (preview, "answers"), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/campaigns/lifecycle", test_lifecycle);
  g_test_add_func ("/campaigns/cancel", test_cancel);
  g_test_add_func ("/campaigns/partial", test_partial);
  g_test_add_func ("/campaigns/from-alert", test_from_alert);
  g_test_add_func ("/campaigns/bad-input", test_bad_input);
  g_test_add_func ("/campaigns/auto-propose-off", test_auto_propose_off);
  g_test_add_func ("/campaigns/http", test_http);
  g_test_add_func ("/campaigns/guideline-change", test_guideline_change);
  g_test_add_func ("/campaigns/guideline-change-off", test_guideline_change_off);
  g_test_add_func ("/campaigns/hot-spot", test_hot_spot);
  g_test_add_func ("/campaigns/hot-spot-off", test_hot_spot_off);
  g_test_add_func ("/campaigns/clean-history", test_clean_history);

  return g_test_run ();
}
