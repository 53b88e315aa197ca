/* limn-server-tasks.h
 *
 * Tasks as the admin adds them (positions, kinds, ids already there), gold
 * answers, reading tasks, and who may read which image.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "backend/limn-server-backend.h"

G_BEGIN_DECLS

/* Adds @tasks (LimnServerNewTask) after the project's last one; ids that
 * exist already in the project are skipped, ids of another project refused. */
gboolean    limn_server_tasks_add        (LimnServerBackend          *backend,
                                          const char                 *project_id,
                                          GPtrArray                  *tasks,
                                          guint                      *n_added,
                                          guint                      *n_skipped,
                                          GError                    **error);
/* id → LimnServerTask for the ids that exist. */
GHashTable *limn_server_tasks_get        (LimnServerBackend          *backend,
                                          const char * const         *task_ids,
                                          GError                    **error);
gboolean    limn_server_tasks_set_gold   (LimnServerBackend          *backend,
                                          const char                 *project_id,
                                          const char                 *task_id,
                                          const char                 *answer_json,
                                          GError                    **error);
/* For the admin: whether @task_id is gold, and its answer. */
gboolean    limn_server_tasks_get_gold   (LimnServerBackend          *backend,
                                          const char                 *task_id,
                                          gboolean                   *is_gold,
                                          char                      **answer_json,
                                          GError                    **error);
/* Whether @principal may read the image with @sha256: one of a task they
 * have or had, or of any task of their project for reviewers and admins.
 * Unknown and not allowed are both NOT_FOUND. */
gboolean    limn_server_tasks_find_media (LimnServerBackend          *backend,
                                          const LimnServerPrincipal  *principal,
                                          const char                 *sha256,
                                          char                      **mime,
                                          GError                    **error);

G_END_DECLS
