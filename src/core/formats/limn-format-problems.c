/* limn-format-problems.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-formats"

#include "config.h"

#include <string.h>

#include "limn-format-problems.h"

struct _LimnFormatProblems
{
  GArray     *kept;     /* LimnFormatProblem */
  GHashTable *counts;   /* interned kind → guint64 * */
  GPtrArray  *kinds;    /* interned, first-met order */
  guint64     by_action[LIMN_FORMAT_SKIPPED + 1];
};

static void
problem_clear (gpointer data)
{
  LimnFormatProblem *problem = data;

  g_free (problem->where);
  g_free (problem->detail);
}

LimnFormatProblems *
limn_format_problems_new (void)
{
  LimnFormatProblems *problems = g_new0 (LimnFormatProblems, 1);

  problems->kept = g_array_new (FALSE, TRUE, sizeof (LimnFormatProblem));
  g_array_set_clear_func (problems->kept, problem_clear);
  problems->counts = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  problems->kinds = g_ptr_array_new ();

  return problems;
}

void
limn_format_problems_free (LimnFormatProblems *problems)
{
  if (problems == NULL)
    return;

  g_array_unref (problems->kept);
  g_hash_table_unref (problems->counts);
  g_ptr_array_unref (problems->kinds);
  g_free (problems);
}

void
limn_format_problems_add (LimnFormatProblems *problems,
                          const char         *where,
                          const char         *kind,
                          LimnFormatAction    action,
                          const char         *format,
                          ...)
{
  const char *interned;
  guint64 *count;
  va_list args;

  g_return_if_fail (problems != NULL);
  g_return_if_fail (kind != NULL);
  g_return_if_fail (action <= LIMN_FORMAT_SKIPPED);

  interned = g_intern_string (kind);
  count = g_hash_table_lookup (problems->counts, interned);
  if (count == NULL)
    {
      count = g_new0 (guint64, 1);
      g_hash_table_insert (problems->counts, (gpointer) interned, count);
      g_ptr_array_add (problems->kinds, (gpointer) interned);
    }

  (*count)++;
  problems->by_action[action]++;

  if (*count <= LIMN_FORMAT_PROBLEMS_KEEP)
    {
      LimnFormatProblem problem;

      problem.where = g_strdup (where ? where : "");
      problem.kind = interned;
      problem.action = action;
      va_start (args, format);
      problem.detail = g_strdup_vprintf (format, args);
      va_end (args);
      g_array_append_val (problems->kept, problem);
    }
}

guint
limn_format_problems_get_n (LimnFormatProblems *problems)
{
  return problems->kept->len;
}

const LimnFormatProblem *
limn_format_problems_get (LimnFormatProblems *problems,
                          guint               index)
{
  g_return_val_if_fail (index < problems->kept->len, NULL);

  return &g_array_index (problems->kept, LimnFormatProblem, index);
}

guint64
limn_format_problems_count (LimnFormatProblems *problems,
                            const char         *kind)
{
  guint64 *count;

  if (kind == NULL)
    return problems->by_action[0] + problems->by_action[1] + problems->by_action[2];

  count = g_hash_table_lookup (problems->counts, g_intern_string (kind));
  return count ? *count : 0;
}

guint64
limn_format_problems_count_action (LimnFormatProblems *problems,
                                   LimnFormatAction    action)
{
  g_return_val_if_fail (action <= LIMN_FORMAT_SKIPPED, 0);

  return problems->by_action[action];
}

GPtrArray *
limn_format_problems_get_kinds (LimnFormatProblems *problems)
{
  GPtrArray *kinds = g_ptr_array_sized_new (problems->kinds->len);

  for (guint i = 0; i < problems->kinds->len; i++)
    g_ptr_array_add (kinds, g_ptr_array_index (problems->kinds, i));

  return kinds;
}

const char *
limn_format_action_to_string (LimnFormatAction action)
{
  switch (action)
    {
    case LIMN_FORMAT_KEPT:
      return "kept";
    case LIMN_FORMAT_CONVERTED:
      return "converted";
    case LIMN_FORMAT_SKIPPED:
    default:
      return "skipped";
    }
}

static char *
replace_all (const char *text,
             const char *from,
             const char *to)
{
  g_auto(GStrv) parts = NULL;

  if (text == NULL || strstr (text, from) == NULL)
    return NULL;
  parts = g_strsplit (text, from, -1);
  return g_strjoinv (to, parts);
}

void
limn_format_problems_rebase (LimnFormatProblems *problems,
                             const char         *from,
                             const char         *to)
{
  g_return_if_fail (problems != NULL);
  g_return_if_fail (from != NULL && from[0] != '\0');
  g_return_if_fail (to != NULL);

  for (guint i = 0; i < problems->kept->len; i++)
    {
      LimnFormatProblem *p = &g_array_index (problems->kept, LimnFormatProblem, i);
      char *where = replace_all (p->where, from, to);
      char *detail = replace_all (p->detail, from, to);

      if (where != NULL)
        {
          g_free (p->where);
          p->where = where;
        }
      if (detail != NULL)
        {
          g_free (p->detail);
          p->detail = detail;
        }
    }
}
