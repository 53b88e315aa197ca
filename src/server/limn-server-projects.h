/* limn-server-projects.h
 *
 * Projects as the admin CLI and the routes see them: creating one (ids,
 * colours and hotkeys of its labels), reading one, the projects a token may
 * see, settings, and the counts of `admin status` and `admin inspect`.
 * Each call is one transaction; each write carries its audit record.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "backend/limn-server-backend.h"

G_BEGIN_DECLS

char                *limn_server_projects_create       (LimnServerBackend          *backend,
                                                        const char                 *name,
                                                        const char                 *kind,
                                                        const char * const         *label_names,
                                                        const char                 *guidelines,
                                                        GError                    **error);
/* NOT_FOUND when there is no such project. */
LimnServerProject   *limn_server_projects_get          (LimnServerBackend          *backend,
                                                        const char                 *project_id,
                                                        GError                    **error);
/* The projects @principal may see: its own, or all for a server admin. */
GPtrArray           *limn_server_projects_list         (LimnServerBackend          *backend,
                                                        const LimnServerPrincipal  *principal,
                                                        GError                    **error);
gboolean             limn_server_projects_set_settings (LimnServerBackend          *backend,
                                                        const char                 *project_id,
                                                        const LimnServerSettings   *settings,
                                                        GError                    **error);
/* LimnServerProjectStatus of every project, or of @project_id. */
GPtrArray           *limn_server_projects_status       (LimnServerBackend          *backend,
                                                        const char                 *project_id,
                                                        GError                    **error);
LimnServerInventory *limn_server_projects_inventory    (LimnServerBackend          *backend,
                                                        const char                 *project_id,
                                                        GError                    **error);

/* Inside a transaction: the project's settings, or NOT_FOUND. */
gboolean             limn_server_projects_read_settings (LimnServerTxn             *txn,
                                                         const char                *project_id,
                                                         LimnServerSettings        *settings,
                                                         GError                   **error);

G_END_DECLS
