/* limn-server-backend-sqlite-erase.c
 *
 * Storage calls for erasing a person's personal data (limn-server admin
 * erase-annotator, docs/security.md "Privacy"). Their labels, reviews and
 * events stay under their user id: exports and figures name them by the
 * id's pseudonym, so both stay reproducible.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include "json/limn-json-writer.h"
#include "limn-server-backend-sqlite-private.h"

static gboolean
sqlite_get_user_name (LimnServerTxn  *txn,
                      const char     *user_id,
                      char          **name,
                      GError        **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt = limn_sqlite_prepare (sql, "SELECT name FROM users WHERE id = ?", error);

  *name = NULL;
  if (stmt == NULL)
    return FALSE;
  limn_sqlite_bind_text (stmt, 1, user_id);
  return limn_server_sqlite_query_text (sql, stmt, name, error);
}

/* Runs @text (a constant) with ?1 = @a, ?2 = @b and adds the rows it
 * changed to *@count. */
static gboolean
run (LimnSqlite  *sql,
     const char  *text,
     const char  *a,
     const char  *b,
     gint64      *count,
     GError     **error)
{
  sqlite3_stmt *stmt = limn_sqlite_prepare (sql, text, error);

  if (stmt == NULL)
    return FALSE;
  limn_sqlite_bind_text (stmt, 1, a);
  if (b != NULL)
    limn_sqlite_bind_text (stmt, 2, b);
  if (!limn_sqlite_step_done (sql, stmt, error))
    return FALSE;
  *count += sqlite3_changes (limn_sqlite_get_db (sql));
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

typedef struct
{
  gint64  seq;
  char   *data;
} ChangeRow;

static void
change_row_free (gpointer p)
{
  ChangeRow *row = p;

  g_free (row->data);
  g_free (row);
}

static gpointer
read_change_row (sqlite3_stmt *stmt)
{
  ChangeRow *row = g_new0 (ChangeRow, 1);

  row->seq = sqlite3_column_int64 (stmt, 0);
  row->data = limn_sqlite_column_dup (stmt, 1);
  return row;
}

/* Others' changes that carry @old_name (a reviewer's verdict, the author
 * of a message or note): only exact string values are replaced. */
static gboolean
rename_in_changes (LimnSqlite  *sql,
                   const char  *old_name,
                   const char  *new_name,
                   const char  *erased,
                   gint64      *count,
                   GError     **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (sql, "SELECT seq, data FROM changes WHERE instr (data, ?) > 0",
                              error);
  if (stmt == NULL)
    return FALSE;
  limn_sqlite_bind_text (stmt, 1, old_name);
  rows = limn_server_sqlite_collect_rows (sql, stmt, read_change_row, change_row_free, error);
  if (rows == NULL)
    return FALSE;

  for (guint i = 0; i < rows->len; i++)
    {
      ChangeRow *row = g_ptr_array_index (rows, i);
      g_autoptr(JsonNode) node = json_from_string (row->data, NULL);
      g_autofree char *text = NULL;

      if (node == NULL || !rename_in (node, old_name, new_name, erased))
        continue;
      text = limn_json_writer_node_to_string (node);
      stmt = limn_sqlite_prepare (sql, "UPDATE changes SET data = ? WHERE seq = ?", error);
      if (stmt == NULL)
        return FALSE;
      limn_sqlite_bind_text (stmt, 1, text);
      sqlite3_bind_int64 (stmt, 2, row->seq);
      if (!limn_sqlite_step_done (sql, stmt, error))
        return FALSE;
      (*count)++;
    }
  return TRUE;
}

static gboolean
sqlite_erase_user (LimnServerTxn      *txn,
                   const char         *user_id,
                   const char         *new_name,
                   const char         *erased,
                   LimnServerErasure  *counts,
                   GError            **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  g_autofree char *old_name = NULL;

  *counts = (LimnServerErasure) { 0 };
  if (!sqlite_get_user_name (txn, user_id, &old_name, error))
    return FALSE;
  if (old_name == NULL)
    return TRUE;

  if (!g_str_equal (old_name, new_name) &&
      !rename_in_changes (sql, old_name, new_name, erased, &counts->changes_naming, error))
    return FALSE;

  return run (sql, "UPDATE users SET name = ?2 WHERE id = ?1 AND name != ?2",
              user_id, new_name, &counts->name, error) &&
         run (sql, "DELETE FROM tokens WHERE user_id = ?1", user_id, NULL, &counts->tokens, error) &&
         run (sql, "UPDATE flags SET body = ?2 WHERE user_id = ?1 AND body != ?2",
              user_id, erased, &counts->threads, error) &&
         run (sql, "UPDATE messages SET body = ?2 WHERE author = ?1 AND body != ?2",
              user_id, erased, &counts->messages, error) &&
         run (sql, "UPDATE notes SET body = ?2 "
                   "WHERE (author = ?1 OR annotator = ?1) AND body != ?2",
              user_id, erased, &counts->notes, error) &&
         run (sql, "DELETE FROM changes WHERE recipient = ?1",
              user_id, NULL, &counts->changes_to_them, error);
}

void
limn_server_sqlite_erase_init (LimnServerBackendInterface *iface)
{
  iface->get_user_name = sqlite_get_user_name;
  iface->erase_user = sqlite_erase_user;
}
