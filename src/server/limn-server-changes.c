/* limn-server-changes.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "json/limn-json-writer.h"
#include "limn-server-changes.h"
#include "limn-server-request.h"

gboolean
limn_server_changes_add (LimnServerTxn  *txn,
                         const char     *recipient,
                         const char     *project_id,
                         const char     *kind,
                         JsonObject     *data,
                         gint64          now_us,
                         GError        **error)
{
  g_autofree char *text = limn_json_writer_object_to_string (data);

  return txn->store->insert_change (txn, recipient, project_id, kind, text, now_us, error);
}

GPtrArray *
limn_server_changes_list (LimnServerBackend          *backend,
                          const LimnServerPrincipal  *principal,
                          gint64                      since,
                          guint                       limit,
                          gboolean                   *more,
                          GError                    **error)
{
  g_autoptr(LimnServerTxn) txn = limn_server_backend_begin (backend, LIMN_SERVER_TXN_READ, error);
  GPtrArray *changes;

  *more = FALSE;
  if (txn == NULL)
    return NULL;

  /* One more than asked says whether there are more. */
  changes = txn->store->list_changes (txn, principal->user_id, principal->project_id, since,
                                      limit + 1, error);
  if (changes != NULL && changes->len > limit)
    {
      *more = TRUE;
      g_ptr_array_set_size (changes, limit);
    }

  return changes;
}

gboolean
limn_server_changes_parse_cursor (LimnServerBackend          *backend,
                                  const LimnServerPrincipal  *principal,
                                  const char                 *cursor,
                                  gint64                     *position,
                                  GError                    **error)
{
  g_autoptr(LimnServerTxn) txn = NULL;
  gint64 sequence = 0;

  if (!limn_server_decode_cursor (cursor, position, &sequence, error))
    return FALSE;
  if (sequence == 0)
    return TRUE;

  txn = limn_server_backend_begin (backend, LIMN_SERVER_TXN_READ, error);
  return txn != NULL &&
         txn->store->recipient_position (txn, principal->user_id, sequence, position, error);
}

char *
limn_server_changes_cursor (gint64 position)
{
  return position > 0 ? g_strdup_printf ("u%" PRId64, position) : g_strdup ("0");
}
