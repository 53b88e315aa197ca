/* limn-server-gold.h
 *
 * Scores against gold. Each annotator's answer to a gold task is the first
 * annotation of it the server received: the gold answer is revealed right
 * after that submit, so a later revision may be a copy of it and never
 * counts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "analytics/limn-region-match.h"
#include "backend/limn-server-backend.h"

G_BEGIN_DECLS

typedef struct
{
  char            *annotator;   /* the user's name */
  guint            tasks;       /* gold tasks answered */
  LimnMatchCounts  counts;      /* A = gold, B = the annotator's first answers */
} LimnServerGoldScore;

void       limn_server_gold_score_free (LimnServerGoldScore *score);

/* One score per annotator who answered a gold task of @project_id, by
 * name. Boxes match at IoU ≥ @min_iou, spans exactly; labels must agree. */
GPtrArray *limn_server_gold_scores     (LimnServerBackend  *backend,
                                        const char         *project_id,
                                        double              min_iou,
                                        GError            **error);

/* F1 between two stored region arrays (JSON text): boxes match at IoU ≥
 * @min_iou, spans when they overlap, labels must agree; 1 when both are
 * empty. The review queue's disagreement and gold_failure rules. */
gboolean   limn_server_regions_f1      (const char         *a_json,
                                        const char         *b_json,
                                        double              min_iou,
                                        double             *f1,
                                        GError            **error);

G_END_DECLS
