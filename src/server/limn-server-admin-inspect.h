/* limn-server-admin-inspect.h
 *
 * `limn-server admin inspect`: what the store holds, as `key=value` lines
 * for people and scripts (tests assert on it instead of reading the
 * database file, so they hold for any backend).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "backend/limn-server-backend.h"

G_BEGIN_DECLS

/* Counts of every record, server-wide or in @project_id (with the
 * project's settings and labels first); or, with @task_id, that task. */
gboolean limn_server_admin_inspect (LimnServerBackend  *backend,
                                    const char         *project_id,
                                    const char         *task_id,
                                    GError            **error);

G_END_DECLS
