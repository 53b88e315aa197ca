/* limn-server-changes.h
 *
 * The changes feed (GET /api/v1/changes): what each user must learn, in
 * the order it happened. A change is written in the transaction of the
 * write that causes it (a lease granted or expired, a gold answer
 * revealed), so the feed and the state never disagree.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "backend/limn-server-backend.h"

G_BEGIN_DECLS

/* Appends a change of @kind for @recipient; @project_id NULL: of no
 * project. */
gboolean   limn_server_changes_add  (LimnServerTxn              *txn,
                                     const char                 *recipient,
                                     const char                 *project_id,
                                     const char                 *kind,
                                     JsonObject                 *data,
                                     gint64                      now_us,
                                     GError                    **error);

/* A cursor as the changes feed writes it: "0" before the first change,
 * "u<N>" after the user's N-th (numbers count the user's own changes
 * only, so a cursor tells nothing of anyone else's). A plain number is a
 * cursor from before: a store-wide sequence, read as the user's position
 * at that point. FALSE when @cursor is none of these. */
gboolean   limn_server_changes_parse_cursor (LimnServerBackend          *backend,
                                             const LimnServerPrincipal  *principal,
                                             const char                 *cursor,
                                             gint64                     *position,
                                             GError                    **error);
char      *limn_server_changes_cursor       (gint64                      position);

/* The principal's changes after their number @since, at most @limit (LimnServerChange):
 * a project token sees its project's and those of no project; the server
 * admin's token all of its user's. *more when there are further ones. */
GPtrArray *limn_server_changes_list (LimnServerBackend          *backend,
                                     const LimnServerPrincipal  *principal,
                                     gint64                      since,
                                     guint                       limit,
                                     gboolean                   *more,
                                     GError                    **error);

G_END_DECLS
