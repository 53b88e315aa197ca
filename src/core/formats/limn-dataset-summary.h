/* limn-dataset-summary.h
 *
 * What an import preview shows of a dataset without holding it: a sink
 * (limn_dataset_set_sink()) that keeps, of every item handed over, only
 * its regions per label and its annotators, so previewing a 1 GB JSON
 * Lines file takes the memory of its label set, not of its records.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "limn-dataset.h"

G_BEGIN_DECLS

typedef struct _LimnDatasetSummary LimnDatasetSummary;

LimnDatasetSummary *limn_dataset_summary_new   (void);
void                limn_dataset_summary_free  (LimnDatasetSummary *summary);

/* Makes @summary @dataset's sink (it must outlive the read). */
void                limn_dataset_summary_attach (LimnDatasetSummary *summary,
                                                 LimnDataset        *dataset);
/* Regions (annotations' and suggestions') with the label at @index. */
guint64             limn_dataset_summary_get_label_regions (LimnDatasetSummary *summary,
                                                            guint               index);
/* Every distinct annotator, as limn_dataset_list_annotators() lists them. */
GPtrArray          *limn_dataset_summary_list_annotators   (LimnDatasetSummary *summary);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnDatasetSummary, limn_dataset_summary_free)

G_END_DECLS
