/* limn-server-backend-pg-erase.c
 *
 * The PostgreSQL backend's storage calls for erasing a person's personal
 * data (limn-server admin erase-annotator, docs/security.md "Privacy"),
 * as limn-server-backend-sqlite-erase.c does it. Their labels, reviews and
 * events stay under their user id: exports and figures name them by the
 * id's pseudonym, so both stay reproducible.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include "json/limn-json-writer.h"
#include "limn-server-backend-pg-private.h"

static gboolean
pg_get_user_name (LimnServerTxn  *txn,
                  const char     *user_id,
                  char          **name,
                  GError        **error)
{
  static const LimnPgStatement stmt = {
    "get_user_name", "SELECT name FROM users WHERE id = $1", 1,
  };
  const char *values[] = { user_id };

  *name = NULL;
  return limn_pg_query_text (txn, &stmt, values, name, error);
}

/* Runs @stmt with $1 = @a (and $2 = @b when it takes two) and adds the
 * rows it changed to *@count. */
static gboolean
run (LimnServerTxn          *txn,
     const LimnPgStatement  *stmt,
     const char             *a,
     const char             *b,
     gint64                 *count,
     GError                **error)
{
  const char *values[] = { a, b };
  g_autoptr(PGresult) res = NULL;

  if (!limn_pg_run (txn, stmt, values, &res, error))
    return FALSE;
  *count += g_ascii_strtoll (PQcmdTuples (res), NULL, 10);
  return TRUE;
}

/* Every string equal to @old_name under @node becomes @new_name; an
 * object whose "author" it was has its "body" erased too. */
static gboolean
rename_in (JsonNode   *node,
           const char *old_name,
           const char *new_name,
           const char *erased)
{
  gboolean changed = FALSE;

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        changed |= rename_in (json_array_get_element (array, i), old_name, new_name, erased);
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *obj = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (obj);
      JsonNode *author = json_object_get_member (obj, "author");
      JsonNode *body = json_object_get_member (obj, "body");

      if (author != NULL && body != NULL &&
          JSON_NODE_HOLDS_VALUE (author) && JSON_NODE_HOLDS_VALUE (body) &&
          g_strcmp0 (json_node_get_string (author), old_name) == 0 &&
          g_strcmp0 (json_node_get_string (body), erased) != 0)
        {
          json_object_set_string_member (obj, "body", erased);
          changed = TRUE;
        }
      for (GList *l = members; l != NULL; l = l->next)
        changed |= rename_in (json_object_get_member (obj, l->data), old_name, new_name, erased);
    }
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
           g_str_equal (json_node_get_string (node), old_name))
    {
      json_node_set_string (node, new_name);
      changed = TRUE;
    }
  return changed;
}

/* Others' changes that carry @old_name (a reviewer's verdict, the author
 * of a message or note): only exact string values are replaced. */
static gboolean
rename_in_changes (LimnServerTxn  *txn,
                   const char     *old_name,
                   const char     *new_name,
                   const char     *erased,
                   gint64         *count,
                   GError        **error)
{
  static const LimnPgStatement select_stmt = {
    "erase_select_changes", "SELECT seq, data FROM changes WHERE strpos (data, $1) > 0", 1,
  };
  static const LimnPgStatement update_stmt = {
    "erase_update_change", "UPDATE changes SET data = $1 WHERE seq = $2", 2,
  };
  const char *values[] = { old_name };
  g_autoptr(PGresult) res = NULL;

  if (!limn_pg_run (txn, &select_stmt, values, &res, error))
    return FALSE;

  for (int i = 0; i < PQntuples (res); i++)
    {
      g_autoptr(JsonNode) node = json_from_string (limn_pg_text (res, i, 1), NULL);
      g_autofree char *text = NULL;
      const char *update[2];

      if (node == NULL || !rename_in (node, old_name, new_name, erased))
        continue;
      text = limn_json_writer_node_to_string (node);
      update[0] = text;
      update[1] = limn_pg_text (res, i, 0);
      if (!limn_pg_run (txn, &update_stmt, update, NULL, error))
        return FALSE;
      (*count)++;
    }
  return TRUE;
}

static gboolean
pg_erase_user (LimnServerTxn      *txn,
               const char         *user_id,
               const char         *new_name,
               const char         *erased,
               LimnServerErasure  *counts,
               GError            **error)
{
  static const LimnPgStatement rename_user = {
    "erase_rename_user", "UPDATE users SET name = $2 WHERE id = $1 AND name <> $2", 2,
  };
  static const LimnPgStatement delete_tokens = {
    "erase_delete_tokens", "DELETE FROM tokens WHERE user_id = $1", 1,
  };
  static const LimnPgStatement erase_flags = {
    "erase_flags", "UPDATE flags SET body = $2 WHERE user_id = $1 AND body <> $2", 2,
  };
  static const LimnPgStatement erase_messages = {
    "erase_messages", "UPDATE messages SET body = $2 WHERE author = $1 AND body <> $2", 2,
  };
  static const LimnPgStatement erase_notes = {
    "erase_notes",
    "UPDATE notes SET body = $2 WHERE (author = $1 OR annotator = $1) AND body <> $2", 2,
  };
  static const LimnPgStatement delete_changes = {
    "erase_delete_changes", "DELETE FROM changes WHERE recipient = $1", 1,
  };
  g_autofree char *old_name = NULL;

  *counts = (LimnServerErasure) { 0 };
  if (!pg_get_user_name (txn, user_id, &old_name, error))
    return FALSE;
  if (old_name == NULL)
    return TRUE;

  if (!g_str_equal (old_name, new_name) &&
      !rename_in_changes (txn, old_name, new_name, erased, &counts->changes_naming, error))
    return FALSE;

  return run (txn, &rename_user, user_id, new_name, &counts->name, error) &&
         run (txn, &delete_tokens, user_id, NULL, &counts->tokens, error) &&
         run (txn, &erase_flags, user_id, erased, &counts->threads, error) &&
         run (txn, &erase_messages, user_id, erased, &counts->messages, error) &&
         run (txn, &erase_notes, user_id, erased, &counts->notes, error) &&
         run (txn, &delete_changes, user_id, NULL, &counts->changes_to_them, error);
}

void
limn_server_pg_erase_init (LimnServerBackendInterface *iface)
{
  iface->get_user_name = pg_get_user_name;
  iface->erase_user = pg_erase_user;
}
