/* limn-server-backend-migrate.c
 *
 * `limn-server admin migrate --from sqlite:PATH --to postgresql://…`: the
 * one place that knows both schemas. The tables and columns are read from
 * each side's catalog and matched by name (the PostgreSQL schema is the
 * SQLite one with wider types, docs/postgresql.md), so a column added to
 * one side only is a refusal, never a silent loss. recv_seq, which
 * PostgreSQL keeps where SQLite's queries break ties by rowid, is filled
 * with the rowid: the same order.
 *
 * The copy: SQLite in one read transaction (WAL: the server keeps
 * writing; we copy that snapshot); PostgreSQL in one transaction under the
 * writers' advisory lock, parents before children (foreign keys are
 * checked as rows arrive), user triggers off while copying (the team
 * dashboard's counter would otherwise count every copied row again),
 * multi-row INSERTs with text parameters, sequences set past the copied
 * values. Then each table is read back in primary-key order (text keys in
 * byte order on both sides: COLLATE "C") and hashed in the same canonical
 * form as the SQLite rows were: a difference rolls everything back.
 *
 * Canonical form of a row: for each column, in PostgreSQL's column order,
 * "N;" for NULL, else a type letter, the byte length, ':', the value and
 * ';' (integers in decimal, doubles by g_ascii_dtostr() — PostgreSQL
 * prints the shortest text that reads back the same double, so both sides
 * hash the same bits —, bytea in lower-case hex, text as is); '\n' after
 * each row.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <string.h>

#include "limn-server-backend.h"
#include "limn-server-backend-migrate.h"
#include "limn-server-backend-pg-private.h"
#include "limn-server-backend-sqlite.h"

/* Rows per INSERT, at most (and at most 30,000 parameters). */
#define ROWS_PER_INSERT 500

typedef enum
{
  KIND_INT,
  KIND_DOUBLE,
  KIND_BYTES,
  KIND_TEXT,
} ColumnKind;

typedef struct
{
  char       *name;
  ColumnKind  kind;
  gboolean    from_rowid;   /* recv_seq: SQLite's rowid */
  gboolean    serial;       /* owns a sequence to set past the copy */
} Column;

typedef struct
{
  char      *name;
  GPtrArray *columns;       /* Column *, PostgreSQL's order */
  GPtrArray *key;           /* Column *, the primary key's order */
  GPtrArray *parents;       /* char *, tables its foreign keys name */
  gint64     rows;
  char      *sqlite_sha256;
  char      *pg_sha256;
  double     seconds;
  gboolean   placed;
} Table;

static void
column_free (Column *column)
{
  g_free (column->name);
  g_free (column);
}

static void
table_free (Table *table)
{
  g_free (table->name);
  g_ptr_array_unref (table->columns);
  g_ptr_array_unref (table->key);
  g_ptr_array_unref (table->parents);
  g_free (table->sqlite_sha256);
  g_free (table->pg_sha256);
  g_free (table);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Table, table_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3, sqlite3_close)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGconn, PQfinish)

static gboolean
fail (GError     **error,
      const char  *format,
      ...) G_GNUC_PRINTF (2, 3);

static gboolean
fail (GError     **error,
      const char  *format,
      ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (LIMN_SERVER_BACKEND_ERROR,
                                                LIMN_SERVER_BACKEND_ERROR_FAILED,
                                                format, args));
  va_end (args);
  return FALSE;
}

static gboolean
pg_ok (PGconn      *pg,
       PGresult    *res,
       const char  *what,
       GError     **error)
{
  ExecStatusType status = PQresultStatus (res);

  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
    return TRUE;

  limn_pg_set_error (error, pg, res, what);
  return FALSE;
}

/* @sql with @n text @values; the result when wanted. */
static gboolean
pg_query (PGconn              *pg,
          const char          *sql,
          int                  n,
          const char * const  *values,
          const char          *what,
          PGresult           **out,
          GError             **error)
{
  g_autoptr(PGresult) res = PQexecParams (pg, sql, n, NULL, values, NULL, NULL, 0);

  if (!pg_ok (pg, res, what, error))
    return FALSE;
  if (out != NULL)
    *out = g_steal_pointer (&res);
  return TRUE;
}

static char *
quote_ident (PGconn     *pg,
             const char *name)
{
  char *quoted = PQescapeIdentifier (pg, name, strlen (name));
  char *copy = g_strdup (quoted);

  PQfreemem (quoted);
  return copy;
}

/* SQLite identifiers are quoted the same way ("…", doubled quotes). */
static char *
sqlite_ident (const char *name)
{
  g_autoptr(GString) out = g_string_new ("\"");

  for (const char *p = name; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static ColumnKind
kind_of_type (const char *type)
{
  if (g_str_equal (type, "int8") || g_str_equal (type, "int4") || g_str_equal (type, "int2"))
    return KIND_INT;
  if (g_str_equal (type, "float8") || g_str_equal (type, "float4"))
    return KIND_DOUBLE;
  if (g_str_equal (type, "bytea"))
    return KIND_BYTES;
  return KIND_TEXT;
}

static void
hash_value (GChecksum  *sum,
            char        kind,
            const char *value,
            gsize       len)
{
  g_autofree char *head = g_strdup_printf ("%c%" G_GSIZE_FORMAT ":", kind, len);

  g_checksum_update (sum, (const guchar *)head, strlen (head));
  g_checksum_update (sum, (const guchar *)value, len);
  g_checksum_update (sum, (const guchar *)";", 1);
}

static char *
hex_of (const guint8 *data,
        gsize         len)
{
  static const char hex[] = "0123456789abcdef";
  char *out = g_malloc (2 * len + 1);

  for (gsize i = 0; i < len; i++)
    {
      out[2 * i] = hex[data[i] >> 4];
      out[2 * i + 1] = hex[data[i] & 15];
    }
  out[2 * len] = '\0';
  return out;
}

/* The PostgreSQL side: its tables, columns, keys and foreign keys. */
static gboolean
read_pg_catalog (PGconn      *pg,
                 GPtrArray   *tables,
                 GError     **error)
{
  g_autoptr(PGresult) names = NULL;
  g_autoptr(PGresult) fkeys = NULL;

  if (!pg_query (pg, "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                 " WHERE n.nspname = current_schema () AND c.relkind = 'r'"
                 "   AND c.relname <> 'schema_version' ORDER BY c.relname",
                 0, NULL, "the tables", &names, error))
    return FALSE;

  for (int i = 0; i < PQntuples (names); i++)
    {
      g_autoptr(Table) table = g_new0 (Table, 1);
      g_autoptr(PGresult) cols = NULL;
      g_autoptr(PGresult) key = NULL;
      const char *name = PQgetvalue (names, i, 0);
      const char *values[] = { name };

      table->name = g_strdup (name);
      table->columns = g_ptr_array_new_with_free_func ((GDestroyNotify)column_free);
      table->key = g_ptr_array_new ();
      table->parents = g_ptr_array_new_with_free_func (g_free);

      if (!pg_query (pg, "SELECT a.attname, t.typname,"
                     "       pg_get_serial_sequence (quote_ident ($1), a.attname) IS NOT NULL"
                     " FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid"
                     " WHERE a.attrelid = quote_ident ($1)::regclass AND a.attnum > 0"
                     "   AND NOT a.attisdropped ORDER BY a.attnum",
                     1, values, "the columns", &cols, error) ||
          !pg_query (pg, "SELECT a.attname FROM pg_index i"
                     " CROSS JOIN LATERAL unnest (i.indkey) WITH ORDINALITY AS k (attnum, ord)"
                     " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum"
                     " WHERE i.indrelid = quote_ident ($1)::regclass AND i.indisprimary"
                     " ORDER BY k.ord",
                     1, values, "the primary key", &key, error))
        return FALSE;

      for (int c = 0; c < PQntuples (cols); c++)
        {
          Column *column = g_new0 (Column, 1);

          column->name = g_strdup (PQgetvalue (cols, c, 0));
          column->kind = kind_of_type (PQgetvalue (cols, c, 1));
          column->serial = g_str_equal (PQgetvalue (cols, c, 2), "t");
          g_ptr_array_add (table->columns, column);
        }

      for (int k = 0; k < PQntuples (key); k++)
        for (guint c = 0; c < table->columns->len; c++)
          {
            Column *column = g_ptr_array_index (table->columns, c);

            if (g_str_equal (column->name, PQgetvalue (key, k, 0)))
              g_ptr_array_add (table->key, column);
          }

      /* Every table of the schema has one; without it there is no order
       * to hash in. */
      if (table->key->len == 0)
        return fail (error, _("The PostgreSQL table “%s” has no primary key."), table->name);

      g_ptr_array_add (tables, g_steal_pointer (&table));
    }

  if (!pg_query (pg, "SELECT conrelid::regclass::text, confrelid::regclass::text"
                 " FROM pg_constraint WHERE contype = 'f'"
                 "   AND connamespace = (SELECT oid FROM pg_namespace"
                 "                       WHERE nspname = current_schema ())",
                 0, NULL, "the foreign keys", &fkeys, error))
    return FALSE;

  for (int i = 0; i < PQntuples (fkeys); i++)
    for (guint t = 0; t < tables->len; t++)
      {
        Table *table = g_ptr_array_index (tables, t);

        if (g_str_equal (table->name, PQgetvalue (fkeys, i, 0)) &&
            !g_str_equal (table->name, PQgetvalue (fkeys, i, 1)))
          g_ptr_array_add (table->parents, g_strdup (PQgetvalue (fkeys, i, 1)));
      }

  return TRUE;
}

/* Parents before children, so that foreign keys hold row by row. */
static GPtrArray *
order_by_parents (GPtrArray  *tables,
                  GError    **error)
{
  g_autoptr(GPtrArray) ordered = g_ptr_array_new ();

  while (ordered->len < tables->len)
    {
      gboolean progress = FALSE;

      for (guint t = 0; t < tables->len; t++)
        {
          Table *table = g_ptr_array_index (tables, t);
          gboolean ready = !table->placed;

          for (guint p = 0; ready && p < table->parents->len; p++)
            for (guint o = 0; o < tables->len; o++)
              {
                Table *other = g_ptr_array_index (tables, o);

                if (g_str_equal (other->name, g_ptr_array_index (table->parents, p)) &&
                    !other->placed)
                  ready = FALSE;
              }

          if (ready)
            {
              table->placed = TRUE;
              g_ptr_array_add (ordered, table);
              progress = TRUE;
            }
        }

      if (!progress)
        {
          fail (error, _("The PostgreSQL tables' foreign keys form a cycle."));
          return NULL;
        }
    }

  return g_steal_pointer (&ordered);
}

/* Each SQLite table is a PostgreSQL table with the same columns (and
 * recv_seq from the rowid), and the other way round. */
static gboolean
match_sqlite_schema (sqlite3     *db,
                     GPtrArray   *tables,
                     GError     **error)
{
  g_autoptr(GHashTable) sqlite_tables = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                               g_free, NULL);
  sqlite3_stmt *stmt = NULL;

  sqlite3_prepare_v2 (db, "SELECT name FROM sqlite_schema WHERE type = 'table'"
                      " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'", -1, &stmt, NULL);
  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_add (sqlite_tables, g_strdup ((const char *)sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);

  for (guint t = 0; t < tables->len; t++)
    {
      Table *table = g_ptr_array_index (tables, t);
      g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      GHashTableIter iter;
      gpointer name;

      if (!g_hash_table_remove (sqlite_tables, table->name))
        return fail (error, _("The SQLite store has no table “%s”, which the PostgreSQL "
                              "schema has: the two schemas differ."), table->name);

      sqlite3_prepare_v2 (db, "SELECT name FROM pragma_table_info (?)", -1, &stmt, NULL);
      sqlite3_bind_text (stmt, 1, table->name, -1, SQLITE_TRANSIENT);
      while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
        g_hash_table_add (names, g_strdup ((const char *)sqlite3_column_text (stmt, 0)));
      sqlite3_finalize (stmt);

      for (guint c = 0; c < table->columns->len; c++)
        {
          Column *column = g_ptr_array_index (table->columns, c);

          if (g_hash_table_remove (names, column->name))
            continue;
          if (g_str_equal (column->name, "recv_seq"))
            column->from_rowid = TRUE;
          else
            return fail (error, _("The SQLite table “%s” has no column “%s”, which the "
                                  "PostgreSQL schema has: the two schemas differ."),
                         table->name, column->name);
        }

      g_hash_table_iter_init (&iter, names);
      if (g_hash_table_iter_next (&iter, &name, NULL))
        return fail (error, _("The PostgreSQL table “%s” has no column “%s”, which the "
                              "SQLite store has: the two schemas differ."),
                     table->name, (const char *)name);
    }

  {
    GHashTableIter iter;
    gpointer name;

    g_hash_table_iter_init (&iter, sqlite_tables);
    if (g_hash_table_iter_next (&iter, &name, NULL))
      return fail (error, _("The PostgreSQL database has no table “%s”, which the SQLite "
                            "store has: the two schemas differ."), (const char *)name);
  }

  return TRUE;
}

/* "a, b, c" for @columns; @pg: for PostgreSQL (recv_seq by name) or for
 * SQLite (recv_seq is the rowid). */
static char *
column_list (PGconn     *pg,
             GPtrArray  *columns,
             gboolean    for_pg,
             gboolean    collate_c)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint c = 0; c < columns->len; c++)
    {
      Column *column = g_ptr_array_index (columns, c);
      g_autofree char *name = for_pg ? quote_ident (pg, column->name) : sqlite_ident (column->name);

      if (c > 0)
        g_string_append (out, ", ");
      if (!for_pg && column->from_rowid)
        g_string_append (out, "rowid");
      else
        g_string_append (out, name);
      if (collate_c && column->kind == KIND_TEXT)
        g_string_append (out, " COLLATE \"C\"");
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
flush_insert (PGconn      *pg,
              Table       *table,
              GPtrArray   *values,
              guint        n_rows,
              GError     **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autofree char *name = quote_ident (pg, table->name);
  g_autofree char *columns = column_list (pg, table->columns, TRUE, FALSE);
  guint n_columns = table->columns->len;
  guint p = 1;

  if (n_rows == 0)
    return TRUE;

  g_string_append_printf (sql, "INSERT INTO %s (%s) VALUES ", name, columns);
  for (guint r = 0; r < n_rows; r++)
    {
      g_string_append (sql, r > 0 ? ", (" : "(");
      for (guint c = 0; c < n_columns; c++)
        g_string_append_printf (sql, c > 0 ? ", $%u" : "$%u", p++);
      g_string_append_c (sql, ')');
    }

  return pg_query (pg, sql->str, (int)values->len, (const char * const *)values->pdata,
                   "copying a table", NULL, error);
}

/* Copies one table from SQLite's snapshot, hashing each row as read. */
static gboolean
copy_table (sqlite3     *db,
            PGconn      *pg,
            Table       *table,
            GError     **error)
{
  g_autofree char *columns = column_list (pg, table->columns, FALSE, FALSE);
  g_autofree char *key = column_list (pg, table->key, FALSE, FALSE);
  g_autofree char *name = sqlite_ident (table->name);
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM %s ORDER BY %s", columns, name, key);
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  guint n_columns = table->columns->len;
  guint max_rows = MIN (ROWS_PER_INSERT, 30000 / MAX (n_columns, 1));
  guint n_rows = 0;
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return fail (error, _("Could not read the SQLite table “%s”: %s"), table->name,
                 sqlite3_errmsg (db));

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      for (guint c = 0; c < n_columns; c++)
        {
          Column *column = g_ptr_array_index (table->columns, c);
          char *value = NULL;

          if (sqlite3_column_type (stmt, c) == SQLITE_NULL)
            g_checksum_update (sum, (const guchar *)"N;", 2);
          else if (column->kind == KIND_DOUBLE)
            {
              char buf[G_ASCII_DTOSTR_BUF_SIZE];

              g_ascii_dtostr (buf, sizeof buf, sqlite3_column_double (stmt, c));
              value = g_strdup (buf);
              hash_value (sum, 'f', value, strlen (value));
            }
          else if (column->kind == KIND_BYTES)
            {
              const guint8 *data = sqlite3_column_blob (stmt, c);
              g_autofree char *hex = hex_of (data, sqlite3_column_bytes (stmt, c));

              hash_value (sum, 'b', hex, strlen (hex));
              value = g_strconcat ("\\x", hex, NULL);
            }
          else
            {
              const char *text = (const char *)sqlite3_column_text (stmt, c);
              gsize len = sqlite3_column_bytes (stmt, c);

              hash_value (sum, column->kind == KIND_INT ? 'i' : 't', text, len);
              value = g_strndup (text, len);
            }
          g_ptr_array_add (values, value);
        }
      g_checksum_update (sum, (const guchar *)"\n", 1);
      table->rows++;

      if (++n_rows == max_rows)
        {
          if (!flush_insert (pg, table, values, n_rows, error))
            {
              sqlite3_finalize (stmt);
              return FALSE;
            }
          g_ptr_array_set_size (values, 0);
          n_rows = 0;
        }
    }

  if (rc != SQLITE_DONE)
    {
      fail (error, _("Could not read the SQLite table “%s”: %s"), table->name,
            sqlite3_errmsg (db));
      sqlite3_finalize (stmt);
      return FALSE;
    }
  sqlite3_finalize (stmt);

  table->sqlite_sha256 = g_strdup (g_checksum_get_string (sum));
  return flush_insert (pg, table, values, n_rows, error);
}

/* Each sequence past both the copied values and what SQLite's
 * AUTOINCREMENT had handed out (sqlite_sequence), so no number is used
 * twice. */
static gboolean
set_sequences (sqlite3     *db,
               PGconn      *pg,
               Table       *table,
               GError     **error)
{
  gint64 sqlite_next = 0;
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT seq FROM sqlite_sequence WHERE name = ?", -1, &stmt,
                          NULL) == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, table->name, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        sqlite_next = sqlite3_column_int64 (stmt, 0);
    }
  sqlite3_finalize (stmt);

  for (guint c = 0; c < table->columns->len; c++)
    {
      Column *column = g_ptr_array_index (table->columns, c);
      g_autofree char *name = NULL;
      g_autofree char *col = NULL;
      g_autofree char *sql = NULL;
      g_autofree char *floor_text = NULL;
      const char *values[3];

      if (!column->serial)
        continue;

      name = quote_ident (pg, table->name);
      col = quote_ident (pg, column->name);
      floor_text = g_strdup_printf ("%" G_GINT64_FORMAT, column->from_rowid ? 0 : sqlite_next);
      values[0] = table->name;
      values[1] = floor_text;
      values[2] = column->name;
      /* setval (s, n, true): the next is n + 1; (s, 1, false): it is 1. */
      sql = g_strdup_printf ("SELECT setval (pg_get_serial_sequence (quote_ident ($1), $3),"
                             " GREATEST (m, $2::bigint, 1), GREATEST (m, $2::bigint) > 0)"
                             " FROM (SELECT coalesce (max (%s), 0) AS m FROM %s) AS top",
                             col, name);
      if (!pg_query (pg, sql, 3, values, "setting a sequence", NULL, error))
        return FALSE;
    }

  return TRUE;
}

/* Rows read back per FETCH: the table is never all in memory. */
#define ROWS_PER_FETCH 5000

static void
hash_pg_rows (GChecksum      *sum,
              Table          *table,
              const PGresult *res)
{
  for (int r = 0; r < PQntuples (res); r++)
    {
      for (guint c = 0; c < table->columns->len; c++)
        {
          Column *column = g_ptr_array_index (table->columns, c);
          const char *text = PQgetvalue (res, r, c);

          if (PQgetisnull (res, r, c))
            g_checksum_update (sum, (const guchar *)"N;", 2);
          else if (column->kind == KIND_DOUBLE)
            {
              char buf[G_ASCII_DTOSTR_BUF_SIZE];

              g_ascii_dtostr (buf, sizeof buf, g_ascii_strtod (text, NULL));
              hash_value (sum, 'f', buf, strlen (buf));
            }
          else if (column->kind == KIND_BYTES)
            {
              size_t len = 0;
              unsigned char *raw = PQunescapeBytea ((const unsigned char *)text, &len);
              g_autofree char *hex = hex_of (raw, len);

              PQfreemem (raw);
              hash_value (sum, 'b', hex, strlen (hex));
            }
          else
            hash_value (sum, column->kind == KIND_INT ? 'i' : 't', text,
                        PQgetlength (res, r, c));
        }
      g_checksum_update (sum, (const guchar *)"\n", 1);
    }
}

/* The PostgreSQL side's hash, in the same form, in the same order, read
 * through a cursor in this transaction. */
static gboolean
hash_pg_table (PGconn      *pg,
               Table       *table,
               GError     **error)
{
  g_autofree char *columns = column_list (pg, table->columns, TRUE, FALSE);
  g_autofree char *key = column_list (pg, table->key, TRUE, TRUE);
  g_autofree char *name = quote_ident (pg, table->name);
  g_autofree char *sql = g_strdup_printf ("DECLARE limn_verify NO SCROLL CURSOR FOR "
                                          "SELECT %s FROM %s ORDER BY %s", columns, name, key);
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  gint64 rows = 0;

  if (!pg_query (pg, sql, 0, NULL, "reading a copied table", NULL, error))
    return FALSE;

  for (;;)
    {
      g_autoptr(PGresult) res = NULL;

      if (!pg_query (pg, "FETCH " G_STRINGIFY (ROWS_PER_FETCH) " FROM limn_verify", 0, NULL,
                     "reading a copied table", &res, error))
        return FALSE;
      if (PQntuples (res) == 0)
        break;
      hash_pg_rows (sum, table, res);
      rows += PQntuples (res);
    }

  if (!pg_query (pg, "CLOSE limn_verify", 0, NULL, "reading a copied table", NULL, error))
    return FALSE;

  table->pg_sha256 = g_strdup (g_checksum_get_string (sum));

  if (rows != table->rows)
    return fail (error, _("The table “%s” has %" G_GINT64_FORMAT " rows on PostgreSQL after "
                          "the copy, and %" G_GINT64_FORMAT " in the SQLite store. Nothing was "
                          "committed."),
                 table->name, rows, table->rows);
  if (!g_str_equal (table->pg_sha256, table->sqlite_sha256))
    return fail (error, _("The table “%s” differs after the copy (SHA-256 %s on PostgreSQL, "
                          "%s in the SQLite store). Nothing was committed."),
                 table->name, table->pg_sha256, table->sqlite_sha256);
  return TRUE;
}

/* The target is empty: no table at all (the schema is made here), or
 * limn-server's schema at this build's version with every table empty. */
static gboolean
check_target (PGconn      *pg,
              const char  *uri,
              GError     **error)
{
  g_autoptr(PGresult) res = NULL;
  gint64 n_tables;
  gboolean has_version;

  if (!pg_query (pg, "SELECT count (*), bool_or (c.relname = 'schema_version')"
                 " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                 " WHERE n.nspname = current_schema () AND c.relkind = 'r'",
                 0, NULL, "the tables", &res, error))
    return FALSE;

  n_tables = g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL, 10);
  has_version = g_str_equal (PQgetvalue (res, 0, 1), "t");

  if (n_tables == 0)
    return limn_pg_migrate (pg, uri, error);
  if (!has_version)
    return fail (error, _("The PostgreSQL database is not empty (%" G_GINT64_FORMAT
                          " tables that limn-server did not make): give it an empty database."),
                 n_tables);

  g_clear_pointer (&res, PQclear);
  if (!pg_query (pg, "SELECT version FROM schema_version", 0, NULL, "the schema version",
                 &res, error))
    return FALSE;
  if (PQntuples (res) != 1 ||
      g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL, 10) != LIMN_SERVER_PG_SCHEMA_VERSION)
    return fail (error, _("The PostgreSQL database is at schema version %s and this "
                          "limn-server writes version %d: start this limn-server on it "
                          "once (it upgrades an older one), or give it an empty database."),
                 PQntuples (res) == 1 ? PQgetvalue (res, 0, 0) : "?",
                 LIMN_SERVER_PG_SCHEMA_VERSION);
  return TRUE;
}

static gboolean
check_target_empty (PGconn      *pg,
                    GPtrArray   *tables,
                    GError     **error)
{
  for (guint t = 0; t < tables->len; t++)
    {
      Table *table = g_ptr_array_index (tables, t);
      g_autofree char *name = quote_ident (pg, table->name);
      g_autofree char *sql = g_strdup_printf ("SELECT EXISTS (SELECT 1 FROM %s)", name);
      g_autoptr(PGresult) res = NULL;

      if (!pg_query (pg, sql, 0, NULL, "the tables", &res, error))
        return FALSE;
      if (g_str_equal (PQgetvalue (res, 0, 0), "t"))
        return fail (error, _("The PostgreSQL database is not empty: the table “%s” has "
                              "rows. Migrate into a new, empty database; nothing was "
                              "written."), table->name);
    }

  return TRUE;
}

static gboolean
set_triggers (PGconn      *pg,
              GPtrArray   *tables,
              gboolean     enable,
              GError     **error)
{
  for (guint t = 0; t < tables->len; t++)
    {
      Table *table = g_ptr_array_index (tables, t);
      g_autofree char *name = quote_ident (pg, table->name);
      g_autofree char *sql = g_strdup_printf ("ALTER TABLE %s %s TRIGGER USER", name,
                                              enable ? "ENABLE" : "DISABLE");

      if (!pg_query (pg, sql, 0, NULL, "the triggers", NULL, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
open_sqlite (const char  *path,
             sqlite3    **out,
             GError     **error)
{
  g_autoptr(sqlite3) db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 version = -1;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    return fail (error, _("Could not open the SQLite store “%s”: %s"), path,
                 db != NULL ? sqlite3_errmsg (db) : "out of memory");
  sqlite3_busy_timeout (db, 10000);

  /* One read transaction for everything read from here on: the snapshot
   * starts at its first read. */
  if (sqlite3_exec (db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL) != SQLITE_OK)
    return fail (error, _("Could not read the SQLite store “%s”: %s"), path,
                 sqlite3_errmsg (db));
  if (sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  if (version != LIMN_SERVER_SCHEMA_VERSION)
    return fail (error, _("The SQLite store “%s” is at schema version %" G_GINT64_FORMAT
                          " and this limn-server reads version %d: run this limn-server on "
                          "it once (or `limn-server admin --data DIR status`), which "
                          "upgrades it, then migrate."),
                 path, version, LIMN_SERVER_SCHEMA_VERSION);

  *out = g_steal_pointer (&db);
  return TRUE;
}

static void
add_report (JsonBuilder *builder,
            GPtrArray   *tables,
            const char  *path,
            double       seconds)
{
  gint64 rows = 0;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "from");
  json_builder_add_string_value (builder, path);
  json_builder_set_member_name (builder, "sqlite_version");
  json_builder_add_int_value (builder, LIMN_SERVER_SCHEMA_VERSION);
  json_builder_set_member_name (builder, "postgresql_version");
  json_builder_add_int_value (builder, LIMN_SERVER_PG_SCHEMA_VERSION);
  json_builder_set_member_name (builder, "tables");
  json_builder_begin_array (builder);
  for (guint t = 0; t < tables->len; t++)
    {
      Table *table = g_ptr_array_index (tables, t);

      rows += table->rows;
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, table->name);
      json_builder_set_member_name (builder, "rows");
      json_builder_add_int_value (builder, table->rows);
      json_builder_set_member_name (builder, "sha256");
      json_builder_add_string_value (builder, table->pg_sha256);
      json_builder_set_member_name (builder, "seconds");
      json_builder_add_double_value (builder, table->seconds);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "rows");
  json_builder_add_int_value (builder, rows);
  json_builder_set_member_name (builder, "seconds");
  json_builder_add_double_value (builder, seconds);
  json_builder_end_object (builder);
}

static gboolean
copy_all (sqlite3     *db,
          PGconn      *pg,
          GPtrArray   *tables,
          GError     **error)
{
  g_autoptr(GPtrArray) ordered = NULL;

  if (!read_pg_catalog (pg, tables, error) ||
      !match_sqlite_schema (db, tables, error) ||
      !check_target_empty (pg, tables, error))
    return FALSE;

  ordered = order_by_parents (tables, error);
  if (ordered == NULL || !set_triggers (pg, tables, FALSE, error))
    return FALSE;

  for (guint t = 0; t < ordered->len; t++)
    {
      Table *table = g_ptr_array_index (ordered, t);
      gint64 start = g_get_monotonic_time ();

      if (!copy_table (db, pg, table, error) || !set_sequences (db, pg, table, error))
        return FALSE;
      table->seconds = (g_get_monotonic_time () - start) / 1e6;
    }

  if (!set_triggers (pg, tables, TRUE, error))
    return FALSE;

  for (guint t = 0; t < tables->len; t++)
    {
      Table *table = g_ptr_array_index (tables, t);
      gint64 start = g_get_monotonic_time ();

      if (!hash_pg_table (pg, table, error))
        return FALSE;
      table->seconds += (g_get_monotonic_time () - start) / 1e6;
    }

  return TRUE;
}

char *
limn_server_backend_migrate (const char  *sqlite_path,
                             const char  *pg_uri,
                             GError     **error)
{
  g_autoptr(sqlite3) db = NULL;
  g_autoptr(PGconn) pg = NULL;
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func ((GDestroyNotify)table_free);
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) root = NULL;
  gint64 start = g_get_monotonic_time ();
  g_autoptr(PGresult) res = NULL;

  g_return_val_if_fail (sqlite_path != NULL && pg_uri != NULL, NULL);

  if (!open_sqlite (sqlite_path, &db, error))
    return NULL;

  pg = PQconnectdb (pg_uri);
  if (PQstatus (pg) != CONNECTION_OK)
    {
      g_autofree char *message = g_strchomp (g_strdup (PQerrorMessage (pg)));

      g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_OPEN,
                   _("Could not connect to the PostgreSQL database: %s"), message);
      return NULL;
    }

  /* Doubles print as the shortest text that reads back the same bits
   * (the default since PostgreSQL 12; say so for a server set otherwise). */
  if (!pg_query (pg, "SET extra_float_digits = 3", 0, NULL, "the session", NULL, error) ||
      !check_target (pg, pg_uri, error))
    return NULL;

  /* The writers' lock: a limn-server started on the target too early
   * waits until the copy is committed or rolled back. */
  if (!pg_query (pg, "BEGIN ISOLATION LEVEL READ COMMITTED", 0, NULL, "BEGIN", NULL, error) ||
      !pg_query (pg, "SELECT pg_advisory_xact_lock (" LIMN_PG_WRITE_LOCK_KEY ")", 0, NULL,
                 "the writers' lock", NULL, error))
    return NULL;

  if (!copy_all (db, pg, tables, error))
    {
      res = PQexec (pg, "ROLLBACK");
      return NULL;
    }

  res = PQexec (pg, "COMMIT");
  if (!pg_ok (pg, res, "COMMIT", error))
    return NULL;

  builder = json_builder_new ();
  add_report (builder, tables, sqlite_path, (g_get_monotonic_time () - start) / 1e6);
  root = json_builder_get_root (builder);
  generator = json_generator_new ();
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}
