/* limn-dataset-summary.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-formats"

#include "config.h"

#include "limn-dataset-summary.h"

struct _LimnDatasetSummary
{
  GArray     *label_regions;  /* guint64 by label index */
  GPtrArray  *annotators;     /* char *, in the order first seen */
  GHashTable *seen;           /* the same strings */
  gboolean    unnamed;        /* work the source does not say whose */
};

LimnDatasetSummary *
limn_dataset_summary_new (void)
{
  LimnDatasetSummary *summary = g_new0 (LimnDatasetSummary, 1);

  summary->label_regions = g_array_new (FALSE, TRUE, sizeof (guint64));
  summary->annotators = g_ptr_array_new_with_free_func (g_free);
  summary->seen = g_hash_table_new (g_str_hash, g_str_equal);

  return summary;
}

void
limn_dataset_summary_free (LimnDatasetSummary *summary)
{
  if (summary == NULL)
    return;

  g_hash_table_unref (summary->seen);
  g_ptr_array_unref (summary->annotators);
  g_array_unref (summary->label_regions);
  g_free (summary);
}

static void
count_regions (LimnDatasetSummary    *summary,
               LimnDatasetAnnotation *a)
{
  for (guint r = 0; r < a->regions->len; r++)
    {
      guint label = g_array_index (a->regions, LimnDatasetRegion, r).label;

      if (label >= summary->label_regions->len)
        g_array_set_size (summary->label_regions, label + 1);
      g_array_index (summary->label_regions, guint64, label)++;
    }
}

static gboolean
summary_sink (LimnDataset      *dataset,
              LimnDatasetItem  *item,
              gpointer          user_data,
              GError          **error)
{
  LimnDatasetSummary *summary = user_data;

  for (guint i = 0; i < item->annotations->len; i++)
    {
      LimnDatasetAnnotation *a = g_ptr_array_index (item->annotations, i);

      count_regions (summary, a);
      if (a->annotator == NULL)
        summary->unnamed = TRUE;
      else if (!g_hash_table_contains (summary->seen, a->annotator))
        {
          char *copy = g_strdup (a->annotator);

          g_ptr_array_add (summary->annotators, copy);
          g_hash_table_add (summary->seen, copy);
        }
    }

  for (guint i = 0; i < item->suggestions->len; i++)
    count_regions (summary, g_ptr_array_index (item->suggestions, i));

  return TRUE;
}

void
limn_dataset_summary_attach (LimnDatasetSummary *summary,
                             LimnDataset        *dataset)
{
  limn_dataset_set_sink (dataset, summary_sink, summary);
}

guint64
limn_dataset_summary_get_label_regions (LimnDatasetSummary *summary,
                                        guint               index)
{
  if (index >= summary->label_regions->len)
    return 0;

  return g_array_index (summary->label_regions, guint64, index);
}

GPtrArray *
limn_dataset_summary_list_annotators (LimnDatasetSummary *summary)
{
  GPtrArray *annotators = g_ptr_array_new_with_free_func (g_free);

  if (summary->unnamed)
    g_ptr_array_add (annotators, NULL);
  for (guint i = 0; i < summary->annotators->len; i++)
    g_ptr_array_add (annotators, g_strdup (g_ptr_array_index (summary->annotators, i)));

  return annotators;
}
