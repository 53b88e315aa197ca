/* limn-team-figures.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-analytics"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "json/limn-json-reader.h"
#include "limn-team-figures.h"

/* A few thousand labels at most: a label set is small. */
#define MAX_LABELS 10000

static void
team_label_clear (gpointer data)
{
  LimnTeamLabel *l = data;

  g_free (l->label);
}

void
limn_team_figures_free (LimnTeamFigures *figures)
{
  if (figures == NULL)
    return;

  g_free (figures->project);
  g_clear_pointer (&figures->labels, g_array_unref);
  g_free (figures);
}

/* A rate object {"p", "low", "high", "n"} or null; p, low and high null
 * when n is 0. */
static gboolean
read_rate (JsonObject    *root,
           const char    *member,
           LimnTeamRate  *rate,
           GError       **error)
{
  JsonObject *o = NULL;
  gint64 n = 0;

  *rate = (LimnTeamRate) { NAN, NAN, NAN, 0 };
  if (!limn_json_reader_get_object (root, member, LIMN_JSON_READER_OPTIONAL, &o, "team-figures", error))
    return FALSE;
  if (o == NULL)
    return TRUE;

  if (!limn_json_reader_get_int (o, "n", LIMN_JSON_READER_REQUIRED, 0, G_MAXINT64, &n, member, error) ||
      !limn_json_reader_get_double (o, "p", LIMN_JSON_READER_OPTIONAL, 0, 1, &rate->p, member, error) ||
      !limn_json_reader_get_double (o, "low", LIMN_JSON_READER_OPTIONAL, 0, 1, &rate->low, member, error) ||
      !limn_json_reader_get_double (o, "high", LIMN_JSON_READER_OPTIONAL, 0, 1, &rate->high, member, error))
    return FALSE;
  rate->n = (guint64) n;

  return TRUE;
}

LimnTeamFigures *
limn_team_figures_parse (const char  *body,
                         gsize        length,
                         GError     **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(LimnTeamFigures) out = NULL;
  JsonObject *root;
  JsonArray *labels = NULL;
  const char *project = NULL;

  g_return_val_if_fail (body != NULL, NULL);

  node = limn_json_reader_parse_object (body, length, error);
  if (node == NULL)
    return NULL;
  root = json_node_get_object (node);

  out = g_new0 (LimnTeamFigures, 1);
  out->labels = g_array_new (FALSE, TRUE, sizeof (LimnTeamLabel));
  g_array_set_clear_func (out->labels, team_label_clear);
  out->median_active_s = out->p90_active_s = NAN;

  if (!limn_json_reader_get_string (root, "project", LIMN_JSON_READER_OPTIONAL, 256, &project,
                                    "team-figures", error) ||
      !limn_json_reader_get_int (root, "generated_us", LIMN_JSON_READER_OPTIONAL, 0, G_MAXINT64,
                                 &out->generated_us, "team-figures", error) ||
      !limn_json_reader_get_int (root, "annotators", LIMN_JSON_READER_REQUIRED, 0, G_MAXINT32,
                                 &out->annotators, "team-figures", error) ||
      !limn_json_reader_get_array (root, "labels", LIMN_JSON_READER_OPTIONAL, MAX_LABELS, &labels,
                                   "team-figures", error) ||
      !limn_json_reader_get_double (root, "median_active_s", LIMN_JSON_READER_OPTIONAL, 0, G_MAXDOUBLE,
                                    &out->median_active_s, "team-figures", error) ||
      !limn_json_reader_get_double (root, "p90_active_s", LIMN_JSON_READER_OPTIONAL, 0, G_MAXDOUBLE,
                                    &out->p90_active_s, "team-figures", error) ||
      !read_rate (root, "gold_accuracy", &out->gold_accuracy, error) ||
      !read_rate (root, "acceptance", &out->acceptance, error))
    return NULL;
  out->project = g_strdup (project);

  for (guint i = 0; labels != NULL && i < json_array_get_length (labels); i++)
    {
      g_autofree char *where = g_strdup_printf ("team-figures.labels[%u]", i);
      JsonObject *o = limn_json_reader_get_element_object (labels, i, where, error);
      const char *label = NULL;
      gint64 count = 0;
      LimnTeamLabel l = { NULL, 0, NAN };

      if (o == NULL ||
          !limn_json_reader_get_string (o, "label", LIMN_JSON_READER_REQUIRED, 1024, &label, where, error) ||
          !limn_json_reader_get_int (o, "count", LIMN_JSON_READER_REQUIRED, 0, G_MAXINT64, &count, where, error) ||
          !limn_json_reader_get_double (o, "share", LIMN_JSON_READER_OPTIONAL, 0, 1, &l.share, where, error))
        return NULL;

      l.label = g_strdup (label);
      l.count = (guint64) count;
      g_array_append_val (out->labels, l);
    }

  return g_steal_pointer (&out);
}

gboolean
limn_team_figures_enough (const LimnTeamFigures *figures)
{
  guint64 total = 0;

  if (figures == NULL || figures->annotators < LIMN_TEAM_FIGURES_MIN_ANNOTATORS)
    return FALSE;

  for (guint i = 0; i < figures->labels->len; i++)
    total += g_array_index (figures->labels, LimnTeamLabel, i).count;

  return total > 0;
}
