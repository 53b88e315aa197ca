/* limn-store-changes.h
 *
 * What the server sent, applied to the store: labels, guidelines, leases
 * and claimed tasks, gold answers; and the leased tasks' images. Called on
 * the writer thread only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "limn-store-accounts.h"

G_BEGIN_DECLS

/* What the server sent. */
gboolean     limn_store_sync_save_labels     (LimnStore           *self,
                                              const char          *project_id,
                                              GPtrArray           *labels,
                                              GError             **error);
gboolean     limn_store_sync_save_guidelines (LimnStore           *self,
                                              const char          *project_id,
                                              gint64               version,
                                              const char          *body,
                                              GError             **error);
gboolean     limn_store_sync_save_assignment (LimnStore           *self,
                                              const LimnWireAssignment *assignment,
                                              GError             **error);
gboolean     limn_store_sync_renew_assignment (LimnStore          *self,
                                               const char         *task_id,
                                               const char         *assignment_id,
                                               gint64              lease_expires_us,
                                               GError            **error);
gboolean     limn_store_sync_expire_assignment (LimnStore         *self,
                                                const char        *task_id,
                                                GError           **error);
/* A relabel campaign took back its rework of @task_id: my answer stands
 * as before, in @state ("submitted" or "accepted"), no longer rework. */
gboolean     limn_store_sync_withdraw_assignment (LimnStore       *self,
                                                  const char      *task_id,
                                                  const char      *state,
                                                  GError         **error);
gboolean     limn_store_sync_save_gold       (LimnStore           *self,
                                              const char          *task_id,
                                              const char          *regions_json,
                                              GError             **error);
/* The gold answer, only once the local annotator submitted the task. */
char        *limn_store_sync_load_gold       (LimnStore           *self,
                                              const char          *task_id,
                                              GError             **error);
/* A training answer's status (docs/training.md), as the gold change of
 * @task_id brought it: kept in its project's settings JSON as
 * "qualification_status", with the task's id. */
gboolean     limn_store_sync_save_training   (LimnStore           *self,
                                              const char          *task_id,
                                              const char          *status_json,
                                              GError             **error);
/* The project's settings JSON as kept (the rule and the status within),
 * or NULL when it has none. */
char        *limn_store_load_project_settings (LimnStore          *self,
                                               const char         *project_id,
                                               GError            **error);

/* A leased task's image, for the media cache. */
typedef struct
{
  char   *sha256;
  gint64  size;     /* as announced, or 0 */
} LimnMediaItem;

void         limn_media_item_free            (LimnMediaItem       *item);

/* The images of @account's leased image tasks still to do (not submitted
 * or expired), in task order, at most @limit. */
GPtrArray   *limn_store_sync_list_task_media (LimnStore           *self,
                                              const LimnAccount   *account,
                                              guint                limit,
                                              GError             **error);
/* Whether the local annotator already holds the server's assignment
 * @assignment_id (a repeated claim returns leases already held). */
gboolean     limn_store_sync_holds_assignment (LimnStore          *self,
                                               const char         *assignment_id);

G_END_DECLS
