/* limn-store-guidelines.h
 *
 * Versioned guidelines (docs/review.md): each version with what changed,
 * the current one, whether the local annotator has acknowledged it, and
 * the acknowledgement queued for the server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "limn-store.h"
#include "model/limn-guideline.h"

G_BEGIN_DECLS

/* A guidelines change: version @version of @project_id (its body and
 * summary replaced if it is here already), @translations the JSON set of
 * limn_translations_to_json() or NULL (those stored are kept).
 * @published_us: 0 for now. */
gboolean       limn_store_sync_save_guideline   (LimnStore    *self,
                                                 const char   *project_id,
                                                 gint64        version,
                                                 const char   *body,
                                                 const char   *summary,
                                                 const char   *translations,
                                                 gint64        published_us,
                                                 GError      **error);
/* Returns: (nullable): the newest version, %NULL without an error if the
 * project has none. */
LimnGuideline *limn_store_load_guideline        (LimnStore    *self,
                                                 const char   *project_id,
                                                 GError      **error);
/* Returns: (element-type LimnGuideline): every version, newest first. */
GPtrArray     *limn_store_list_guidelines       (LimnStore    *self,
                                                 const char   *project_id,
                                                 GError      **error);
/* Returns: (nullable): the newest version of a remote project when the
 * local annotator has not acknowledged it; %NULL without an error else. */
LimnGuideline *limn_store_guideline_needing_ack (LimnStore    *self,
                                                 const char   *project_id,
                                                 GError      **error);
/* I read version @version: recorded once and queued for the server. */
gboolean       limn_store_ack_guideline         (LimnStore    *self,
                                                 const char   *project_id,
                                                 gint64        version,
                                                 GError      **error);

G_END_DECLS
