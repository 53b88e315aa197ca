/* limn-server-gold.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "limn-server-gold.h"
#include "limn-server-projects.h"

void
limn_server_gold_score_free (LimnServerGoldScore *score)
{
  if (score == NULL)
    return;

  g_free (score->annotator);
  g_free (score);
}

typedef struct
{
  GArray *boxes;    /* LimnLabeledBox */
  GArray *spans;    /* LimnLabeledSpan */
} Regions;

static void
regions_clear (Regions *r)
{
  g_clear_pointer (&r->boxes, g_array_unref);
  g_clear_pointer (&r->spans, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Regions, regions_clear)

/* @label_ids numbers each label id the first time it is seen. */
static guint
label_number (GHashTable *label_ids,
              const char *id)
{
  gpointer n;

  if (!g_hash_table_lookup_extended (label_ids, id, NULL, &n))
    {
      n = GUINT_TO_POINTER (g_hash_table_size (label_ids));
      g_hash_table_insert (label_ids, g_strdup (id), n);
    }
  return GPOINTER_TO_UINT (n);
}

/* Reads a stored regions array, which the server checked when it took it. */
static gboolean
read_regions (JsonArray   *array,
              GHashTable  *label_ids,
              Regions     *out,
              GError     **error)
{
  out->boxes = g_array_new (FALSE, FALSE, sizeof (LimnLabeledBox));
  out->spans = g_array_new (FALSE, FALSE, sizeof (LimnLabeledSpan));

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);
      const char *kind = o ? json_object_get_string_member_with_default (o, "kind", "") : "";
      const char *label = o ? json_object_get_string_member_with_default (o, "label", "") : "";
      JsonArray *box = o && json_object_has_member (o, "box")
                       ? json_object_get_array_member (o, "box") : NULL;

      if (g_str_equal (kind, "box") && box != NULL && json_array_get_length (box) == 4)
        {
          LimnLabeledBox b = {
            .box = { json_array_get_double_element (box, 0), json_array_get_double_element (box, 1),
                     json_array_get_double_element (box, 2), json_array_get_double_element (box, 3) },
            .label = label_number (label_ids, label),
          };

          g_array_append_val (out->boxes, b);
        }
      else if (g_str_equal (kind, "span"))
        {
          LimnLabeledSpan s = {
            .start = json_object_get_int_member_with_default (o, "start", 0),
            .end = json_object_get_int_member_with_default (o, "end", 0),
            .label = label_number (label_ids, label),
          };

          g_array_append_val (out->spans, s);
        }
      else
        {
          g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_CORRUPT,
                       _("A stored region is neither a box nor a span."));
          return FALSE;
        }
    }

  return TRUE;
}

static JsonArray *
parse_array (const char  *text,
             const char  *member,
             GError     **error)
{
  g_autoptr(JsonNode) root = json_from_string (text, NULL);
  JsonNode *node = root;

  if (root != NULL && member != NULL)
    node = JSON_NODE_HOLDS_OBJECT (root)
           ? json_object_get_member (json_node_get_object (root), member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_CORRUPT,
                   _("A stored answer is not a list of regions."));
      return NULL;
    }
  return json_array_ref (json_node_get_array (node));
}

/* Matches two stored region arrays: A the reference, B the one scored. */
static gboolean
match_arrays (JsonArray        *a_array,
              JsonArray        *b_array,
              double            min_iou,
              LimnSpanRule      span_rule,
              LimnMatchCounts  *counts,
              GError          **error)
{
  g_autoptr(GHashTable) label_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(Regions) a = { 0 };
  g_auto(Regions) b = { 0 };
  g_autoptr(GArray) boxes = NULL;
  g_autoptr(GArray) spans = NULL;

  if (!read_regions (a_array, label_ids, &a, error) ||
      !read_regions (b_array, label_ids, &b, error))
    return FALSE;

  boxes = limn_match_boxes ((LimnLabeledBox *)a.boxes->data, a.boxes->len,
                            (LimnLabeledBox *)b.boxes->data, b.boxes->len,
                            min_iou, LIMN_MATCH_SAME_LABEL, error);
  if (boxes == NULL)
    return FALSE;
  spans = limn_match_spans ((LimnLabeledSpan *)a.spans->data, a.spans->len,
                            (LimnLabeledSpan *)b.spans->data, b.spans->len,
                            span_rule, LIMN_MATCH_SAME_LABEL, error);
  if (spans == NULL)
    return FALSE;

  counts->matched += boxes->len + spans->len;
  counts->n_a += a.boxes->len + a.spans->len;
  counts->n_b += b.boxes->len + b.spans->len;
  return TRUE;
}

gboolean
limn_server_regions_f1 (const char  *a_json,
                        const char  *b_json,
                        double       min_iou,
                        double      *f1,
                        GError     **error)
{
  g_autoptr(JsonArray) a = parse_array (a_json ? a_json : "[]", NULL, error);
  g_autoptr(JsonArray) b = a ? parse_array (b_json ? b_json : "[]", NULL, error) : NULL;
  LimnMatchCounts counts = { 0 };

  if (b == NULL || !match_arrays (a, b, min_iou, LIMN_SPAN_MATCH_OVERLAP, &counts, error))
    return FALSE;

  limn_match_counts_scores (&counts, NULL, NULL, f1);
  /* Both empty: nothing to disagree on. */
  if (isnan (*f1))
    *f1 = 1.0;
  return TRUE;
}

/* Adds the counts of one gold task: the gold answer is A, the annotator's B. */
static gboolean
score_answer (const LimnServerGoldAnswer  *answer,
              double                       min_iou,
              LimnMatchCounts             *counts,
              GError                     **error)
{
  g_autoptr(JsonArray) gold_array = parse_array (answer->gold, "regions", error);
  g_autoptr(JsonArray) given_array = gold_array ? parse_array (answer->regions, NULL, error) : NULL;

  return given_array != NULL &&
         match_arrays (gold_array, given_array, min_iou, LIMN_SPAN_MATCH_EXACT, counts, error);
}

static gint
by_annotator (gconstpointer a,
              gconstpointer b)
{
  const LimnServerGoldScore *sa = *(LimnServerGoldScore **)a;
  const LimnServerGoldScore *sb = *(LimnServerGoldScore **)b;

  return g_utf8_collate (sa->annotator, sb->annotator);
}

GPtrArray *
limn_server_gold_scores (LimnServerBackend  *backend,
                         const char         *project_id,
                         double              min_iou,
                         GError            **error)
{
  g_autoptr(LimnServerTxn) txn = NULL;
  g_autoptr(GPtrArray) answers = NULL;
  g_autoptr(GPtrArray) scores = NULL;
  g_autoptr(GHashTable) by_name = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) scored = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  LimnServerSettings settings;

  txn = limn_server_backend_begin (backend, LIMN_SERVER_TXN_READ, error);
  if (txn == NULL || !limn_server_projects_read_settings (txn, project_id, &settings, error))
    return NULL;

  answers = txn->store->list_gold_answers (txn, project_id, error);
  if (answers == NULL)
    return NULL;

  scores = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_server_gold_score_free);
  for (guint i = 0; i < answers->len; i++)
    {
      const LimnServerGoldAnswer *answer = g_ptr_array_index (answers, i);
      g_autofree char *key = g_strconcat (answer->annotator, "\n", answer->task_id, NULL);
      LimnServerGoldScore *score;

      /* Received in order: the first is the one made before the reveal. */
      if (!g_hash_table_add (scored, g_steal_pointer (&key)))
        continue;

      score = g_hash_table_lookup (by_name, answer->annotator);
      if (score == NULL)
        {
          score = g_new0 (LimnServerGoldScore, 1);
          score->annotator = g_strdup (answer->annotator);
          g_ptr_array_add (scores, score);
          g_hash_table_insert (by_name, score->annotator, score);
        }

      if (!score_answer (answer, min_iou, &score->counts, error))
        return NULL;
      score->tasks++;
    }

  g_ptr_array_sort (scores, by_annotator);
  return g_steal_pointer (&scores);
}
