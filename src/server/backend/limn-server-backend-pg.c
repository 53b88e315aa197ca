/* limn-server-backend-pg.c
 *
 * The PostgreSQL backend's object: connecting (libpq URI), migrating, the
 * connection pool, transactions, prepared statements and the readers the
 * facet files share. The storage calls are in
 * limn-server-backend-pg-{accounts,projects,leases,items,review,team,
 * datasets,campaigns}.c.
 *
 * Why writers take one advisory lock, and why that keeps the changes feed
 * commit-ordered: docs/postgresql.md.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "limn-server-backend-pg-private.h"

struct _LimnServerBackendPg
{
  GObject    parent_instance;

  char      *uri;
  GMutex     pool_lock;
  GPtrArray *idle;         /* LimnPgConn, not in use */
};

static void limn_server_backend_pg_iface_init (LimnServerBackendInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LimnServerBackendPg, limn_server_backend_pg, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (LIMN_TYPE_SERVER_BACKEND,
                                                      limn_server_backend_pg_iface_init))

/* Errors */

void
limn_pg_set_error (GError        **error,
                   PGconn         *pg,
                   const PGresult *res,
                   const char     *what)
{
  const char *state = res != NULL ? PQresultErrorField (res, PG_DIAG_SQLSTATE) : NULL;
  const char *primary = res != NULL ? PQresultErrorField (res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
  g_autofree char *message = NULL;
  int code = LIMN_SERVER_BACKEND_ERROR_FAILED;

  if (primary == NULL)
    primary = pg != NULL ? PQerrorMessage (pg) : "";
  message = g_strchomp (g_strdup (primary));

  if (pg != NULL && PQstatus (pg) == CONNECTION_BAD)
    {
      g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_FAILED,
                   _("The connection to the PostgreSQL database was lost (%s): %s"),
                   what, message);
      return;
    }

  if (state == NULL)
    code = LIMN_SERVER_BACKEND_ERROR_FAILED;
  /* Any integrity constraint (an id or name taken, a CHECK, a foreign
   * key): INVALID, as SQLite answers SQLITE_CONSTRAINT, so that callers
   * and routes (400, not 500) see one answer on either store. */
  else if (g_str_has_prefix (state, "23"))
    code = LIMN_SERVER_BACKEND_ERROR_INVALID;
  else if (g_str_equal (state, "40001") || g_str_equal (state, "40P01") ||
           g_str_equal (state, "55P03"))
    code = LIMN_SERVER_BACKEND_ERROR_BUSY;
  else if (g_str_equal (state, "53100"))
    code = LIMN_SERVER_BACKEND_ERROR_FULL;
  else if (g_str_equal (state, "25006"))
    code = LIMN_SERVER_BACKEND_ERROR_READ_ONLY;

  g_set_error (error, LIMN_SERVER_BACKEND_ERROR, code,
               _("PostgreSQL error in %s: %s (SQLSTATE %s)"),
               what, message, state != NULL ? state : "none");
}

void
limn_pg_not_supported (GError    **error,
                       const char *call)
{
  g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_NOT_SUPPORTED,
               _("This limn-server cannot yet do “%s” on a PostgreSQL database; "
                 "use an SQLite database for it."), call);
}

/* Connections */

static void
conn_free (LimnPgConn *conn)
{
  if (conn == NULL)
    return;

  g_clear_pointer (&conn->pg, PQfinish);
  g_clear_pointer (&conn->prepared, g_hash_table_unref);
  g_free (conn);
}

/* Messages that would go to stderr (NOTICE from CREATE … IF NOT EXISTS)
 * are not the operator's business. */
static void
ignore_notice (void       *arg,
               const char *message)
{
  (void)arg;
  (void)message;
}

static PGconn *
connect_uri (const char  *uri,
             GError     **error)
{
  PGconn *pg = PQconnectdb (uri);

  if (pg == NULL || PQstatus (pg) != CONNECTION_OK)
    {
      g_autofree char *message = g_strchomp (g_strdup (pg != NULL ? PQerrorMessage (pg) : ""));

      g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_OPEN,
                   _("Could not connect to the PostgreSQL database: %s"), message);
      g_clear_pointer (&pg, PQfinish);
      return NULL;
    }

  PQsetNoticeProcessor (pg, ignore_notice, NULL);
  return pg;
}

static LimnPgConn *
conn_new (LimnServerBackendPg *self,
          PGconn              *pg)
{
  LimnPgConn *conn = g_new0 (LimnPgConn, 1);

  conn->owner = self;
  conn->pg = pg;
  conn->prepared = g_hash_table_new_full (NULL, NULL, NULL, g_free);

  return conn;
}

static LimnPgConn *
conn_acquire (LimnServerBackendPg  *self,
              GError              **error)
{
  PGconn *pg;

  for (;;)
    {
      LimnPgConn *conn = NULL;

      g_mutex_lock (&self->pool_lock);
      if (self->idle->len > 0)
        conn = g_ptr_array_steal_index_fast (self->idle, self->idle->len - 1);
      g_mutex_unlock (&self->pool_lock);

      if (conn == NULL)
        break;
      /* One lost while idle (the database restarted) is replaced. */
      if (PQstatus (conn->pg) == CONNECTION_OK)
        return conn;
      conn_free (conn);
    }

  pg = connect_uri (self->uri, error);
  if (pg == NULL)
    return NULL;

  return conn_new (self, pg);
}

static void
conn_release (LimnPgConn *conn)
{
  LimnServerBackendPg *self;

  if (conn == NULL)
    return;

  self = conn->owner;
  if (conn->broken || PQstatus (conn->pg) != CONNECTION_OK ||
      PQtransactionStatus (conn->pg) != PQTRANS_IDLE)
    {
      conn_free (conn);
      return;
    }

  g_mutex_lock (&self->pool_lock);
  g_ptr_array_add (self->idle, conn);
  g_mutex_unlock (&self->pool_lock);
}

/* Runs a command without parameters (BEGIN, COMMIT …) on @conn. */
static gboolean
conn_command (LimnPgConn  *conn,
              const char  *sql,
              GError     **error)
{
  g_autoptr(PGresult) res = PQexec (conn->pg, sql);
  ExecStatusType status = PQresultStatus (res);

  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    {
      limn_pg_set_error (error, conn->pg, res, sql);
      if (PQstatus (conn->pg) != CONNECTION_OK)
        conn->broken = TRUE;
      return FALSE;
    }

  return TRUE;
}

/* Queries */

static gboolean
check_result (LimnServerTxn  *txn,
              PGresult       *res,
              const char     *what,
              PGresult      **out,
              GError        **error)
{
  LimnPgConn *conn = ((LimnPgTxn *)txn)->conn;
  ExecStatusType status = PQresultStatus (res);

  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    {
      limn_pg_set_error (error, conn->pg, res, what);
      if (PQstatus (conn->pg) != CONNECTION_OK)
        conn->broken = TRUE;
      PQclear (res);
      return FALSE;
    }

  if (out != NULL)
    *out = res;
  else
    PQclear (res);

  return TRUE;
}

gboolean
limn_pg_exec (LimnServerTxn       *txn,
              const char          *sql,
              int                  n,
              const char * const  *values,
              PGresult           **out,
              GError             **error)
{
  PGresult *res;

  if (out != NULL)
    *out = NULL;

  res = PQexecParams (limn_pg_txn_conn (txn), sql, n, NULL, values, NULL, NULL, 0);

  return check_result (txn, res, sql, out, error);
}

gboolean
limn_pg_run (LimnServerTxn          *txn,
             const LimnPgStatement  *stmt,
             const char * const     *values,
             PGresult              **out,
             GError                **error)
{
  LimnPgConn *conn = ((LimnPgTxn *)txn)->conn;
  const char *name;
  PGresult *res;

  if (out != NULL)
    *out = NULL;

  name = g_hash_table_lookup (conn->prepared, stmt);
  if (name == NULL)
    {
      /* Names are made per connection, so facet files need not agree on
       * theirs. */
      g_autofree char *made = g_strdup_printf ("limn_%u", ++conn->n_prepared);

      res = PQprepare (conn->pg, made, stmt->sql, stmt->n_params, NULL);
      if (!check_result (txn, res, stmt->name, NULL, error))
        return FALSE;
      name = made;
      g_hash_table_insert (conn->prepared, (gpointer)stmt, g_steal_pointer (&made));
    }

  res = PQexecPrepared (conn->pg, name, stmt->n_params, values, NULL, NULL, 0);

  return check_result (txn, res, stmt->name, out, error);
}

/* Readers */

const char *
limn_pg_text (const PGresult *res,
              int             row,
              int             col)
{
  if (PQgetisnull (res, row, col))
    return NULL;
  return PQgetvalue (res, row, col);
}

char *
limn_pg_dup (const PGresult *res,
             int             row,
             int             col)
{
  return g_strdup (limn_pg_text (res, row, col));
}

gboolean
limn_pg_is_null (const PGresult *res,
                 int             row,
                 int             col)
{
  return PQgetisnull (res, row, col);
}

gint64
limn_pg_int64 (const PGresult *res,
               int             row,
               int             col)
{
  const char *text = limn_pg_text (res, row, col);

  return text != NULL ? g_ascii_strtoll (text, NULL, 10) : 0;
}

double
limn_pg_double (const PGresult *res,
                int             row,
                int             col)
{
  const char *text = limn_pg_text (res, row, col);

  return text != NULL ? g_ascii_strtod (text, NULL) : 0.0;
}

gboolean
limn_pg_bool (const PGresult *res,
              int             row,
              int             col)
{
  const char *text = limn_pg_text (res, row, col);

  /* A boolean reads "t"; an integer 0/1 column reads as a number. */
  return text != NULL && (text[0] == 't' || (text[0] != 'f' && g_ascii_strtoll (text, NULL, 10) != 0));
}

GBytes *
limn_pg_bytes (const PGresult *res,
               int             row,
               int             col)
{
  const char *text = limn_pg_text (res, row, col);
  unsigned char *raw;
  size_t len = 0;
  GBytes *bytes;

  if (text == NULL)
    return NULL;

  raw = PQunescapeBytea ((const unsigned char *)text, &len);
  if (raw == NULL)
    return NULL;
  bytes = g_bytes_new (raw, len);
  PQfreemem (raw);

  return bytes;
}

const char *
limn_pg_int64_param (LimnPgNum *buf,
                     gint64     value)
{
  g_snprintf (buf->s, sizeof buf->s, "%" G_GINT64_FORMAT, value);
  return buf->s;
}

const char *
limn_pg_double_param (LimnPgNum *buf,
                      double     value)
{
  return g_ascii_dtostr (buf->s, sizeof buf->s, value);
}

char *
limn_pg_bytes_param (GBytes *bytes)
{
  static const char hex[] = "0123456789abcdef";
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  char *out = g_malloc (2 + 2 * len + 1);
  char *p = out;

  *p++ = '\\';
  *p++ = 'x';
  for (gsize i = 0; i < len; i++)
    {
      *p++ = hex[data[i] >> 4];
      *p++ = hex[data[i] & 0xf];
    }
  *p = '\0';

  return out;
}

GPtrArray *
limn_pg_collect_rows (LimnServerTxn          *txn,
                      const LimnPgStatement  *stmt,
                      const char * const     *values,
                      LimnPgReadRow           read,
                      GDestroyNotify          free_func,
                      GError                **error)
{
  g_autoptr(PGresult) res = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  int n;

  if (!limn_pg_run (txn, stmt, values, &res, error))
    return NULL;

  n = PQntuples (res);
  rows = g_ptr_array_new_full (n, free_func);
  for (int i = 0; i < n; i++)
    g_ptr_array_add (rows, read (res, i));

  return g_steal_pointer (&rows);
}

static gpointer
read_first_column (const PGresult *res,
                   int             row)
{
  return limn_pg_dup (res, row, 0);
}

GPtrArray *
limn_pg_collect_ids (LimnServerTxn          *txn,
                     const LimnPgStatement  *stmt,
                     const char * const     *values,
                     GError                **error)
{
  return limn_pg_collect_rows (txn, stmt, values, read_first_column, g_free, error);
}

gboolean
limn_pg_query_text (LimnServerTxn          *txn,
                    const LimnPgStatement  *stmt,
                    const char * const     *values,
                    char                  **out,
                    GError                **error)
{
  g_autoptr(PGresult) res = NULL;

  *out = NULL;
  if (!limn_pg_run (txn, stmt, values, &res, error))
    return FALSE;
  if (PQntuples (res) > 0)
    *out = limn_pg_dup (res, 0, 0);

  return TRUE;
}

gboolean
limn_pg_query_int64 (LimnServerTxn          *txn,
                     const LimnPgStatement  *stmt,
                     const char * const     *values,
                     gint64                 *out,
                     GError                **error)
{
  g_autoptr(PGresult) res = NULL;

  *out = 0;
  if (!limn_pg_run (txn, stmt, values, &res, error))
    return FALSE;
  if (PQntuples (res) > 0)
    *out = limn_pg_int64 (res, 0, 0);

  return TRUE;
}

LimnServerTask *
limn_pg_read_task (const PGresult *res,
                   int             row,
                   int             c)
{
  LimnServerTask *task = g_new0 (LimnServerTask, 1);

  task->id = limn_pg_dup (res, row, c + 0);
  task->project_id = limn_pg_dup (res, row, c + 1);
  task->kind = limn_pg_dup (res, row, c + 2);
  task->title = limn_pg_dup (res, row, c + 3);
  task->position = limn_pg_int64 (res, row, c + 4);
  task->media_sha256 = limn_pg_dup (res, row, c + 5);
  task->media_size = limn_pg_int64 (res, row, c + 6);
  task->width = limn_pg_int64 (res, row, c + 7);
  task->height = limn_pg_int64 (res, row, c + 8);
  task->mime = limn_pg_dup (res, row, c + 9);
  task->text = limn_pg_dup (res, row, c + 10);
  task->language = limn_pg_dup (res, row, c + 11);
  task->direction = limn_pg_dup (res, row, c + 12);
  task->suggestions = limn_pg_dup (res, row, c + 13);

  return task;
}

/* The object */

static void
limn_server_backend_pg_finalize (GObject *object)
{
  LimnServerBackendPg *self = (LimnServerBackendPg *)object;

  g_clear_pointer (&self->idle, g_ptr_array_unref);
  g_mutex_clear (&self->pool_lock);
  g_free (self->uri);

  G_OBJECT_CLASS (limn_server_backend_pg_parent_class)->finalize (object);
}

static void
limn_server_backend_pg_class_init (LimnServerBackendPgClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = limn_server_backend_pg_finalize;
}

static void
limn_server_backend_pg_init (LimnServerBackendPg *self)
{
  g_mutex_init (&self->pool_lock);
  self->idle = g_ptr_array_new_with_free_func ((GDestroyNotify)conn_free);
}

/**
 * limn_server_backend_pg_open:
 *
 * Connects to the database @uri names (a libpq connection URI) and brings
 * it to the current schema; one from a newer limn-server is refused
 * before anything is written to it.
 */
LimnServerBackend *
limn_server_backend_pg_open (const char  *uri,
                             GError     **error)
{
  g_autoptr(LimnServerBackendPg) self = NULL;
  PGconn *pg;

  g_return_val_if_fail (uri != NULL, NULL);

  self = g_object_new (LIMN_TYPE_SERVER_BACKEND_PG, NULL);
  self->uri = g_strdup (uri);

  pg = connect_uri (uri, error);
  if (pg == NULL)
    return NULL;

  if (!limn_pg_migrate (pg, uri, error))
    {
      PQfinish (pg);
      return NULL;
    }

  /* The first connection joins the pool. */
  conn_release (conn_new (self, pg));

  return LIMN_SERVER_BACKEND (g_steal_pointer (&self));
}

/* Transactions */

static LimnServerTxn *
pg_begin (LimnServerBackend  *backend,
          LimnServerTxnMode   mode,
          GError            **error)
{
  LimnServerBackendPg *self = LIMN_SERVER_BACKEND_PG (backend);
  LimnPgConn *conn = NULL;
  const char *begin;
  LimnPgTxn *txn;

  /* A write first takes the one advisory lock (docs/postgresql.md): from
   * here to COMMIT no other writer, in this process or another, runs. */
  if (mode == LIMN_SERVER_TXN_WRITE)
    begin = "BEGIN ISOLATION LEVEL READ COMMITTED; "
            "SELECT pg_advisory_xact_lock (" LIMN_PG_WRITE_LOCK_KEY ")";
  else
    begin = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";

  /* An idle connection the database closed (a restart, an idle timeout)
   * only says so when used: nothing has happened in this transaction
   * yet, so it is dropped and the begin tried once on a new one. */
  for (guint attempt = 0; conn == NULL; attempt++)
    {
      g_autoptr(GError) local_error = NULL;

      conn = conn_acquire (self, error);
      if (conn == NULL)
        return NULL;

      if (conn_command (conn, begin, &local_error))
        break;

      if (PQtransactionStatus (conn->pg) != PQTRANS_IDLE)
        PQclear (PQexec (conn->pg, "ROLLBACK"));
      if (!conn->broken || attempt > 0)
        {
          conn_release (conn);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      conn_release (conn);
      conn = NULL;
    }

  txn = g_new0 (LimnPgTxn, 1);
  limn_server_txn_init (&txn->parent, backend, mode);
  txn->conn = conn;
  txn->open = TRUE;

  return &txn->parent;
}

static gboolean
pg_commit (LimnServerTxn  *txn,
           GError        **error)
{
  LimnPgTxn *self = (LimnPgTxn *)txn;
  g_autoptr(PGresult) res = NULL;

  g_return_val_if_fail (self->open, FALSE);

  /* A COMMIT in a failed transaction answers ROLLBACK without an error:
   * that is a failure here. Either way the transaction is over. */
  self->open = FALSE;
  res = PQexec (self->conn->pg, "COMMIT");
  if (PQresultStatus (res) != PGRES_COMMAND_OK)
    {
      limn_pg_set_error (error, self->conn->pg, res, "COMMIT");
      if (PQstatus (self->conn->pg) != CONNECTION_OK)
        self->conn->broken = TRUE;
      return FALSE;
    }
  if (g_strcmp0 (PQcmdStatus (res), "COMMIT") != 0)
    {
      g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_FAILED,
                   _("The PostgreSQL transaction was rolled back after an error."));
      return FALSE;
    }

  return TRUE;
}

static void
pg_end (LimnServerTxn *txn)
{
  LimnPgTxn *self = (LimnPgTxn *)txn;

  if (PQtransactionStatus (self->conn->pg) != PQTRANS_IDLE)
    {
      g_autoptr(PGresult) res = PQexec (self->conn->pg, "ROLLBACK");

      if (PQresultStatus (res) != PGRES_COMMAND_OK)
        self->conn->broken = TRUE;
    }
  conn_release (self->conn);
  g_free (self);
}

/* Everything after parent_iface is a storage call. */
G_STATIC_ASSERT ((sizeof (LimnServerBackendInterface) - sizeof (GTypeInterface))
                 % sizeof (GCallback) == 0);

/* The number of the first storage call left NULL (counted from begin = 0),
 * or -1 when every one is filled in. */
static int
first_missing_call (const LimnServerBackendInterface *iface)
{
  const guint8 *first = (const guint8 *)iface + sizeof (GTypeInterface);
  gsize n = (sizeof (*iface) - sizeof (GTypeInterface)) / sizeof (GCallback);

  for (gsize i = 0; i < n; i++)
    {
      GCallback call;

      memcpy (&call, first + i * sizeof (GCallback), sizeof call);
      if (call == NULL)
        return (int)i;
    }

  return -1;
}

static void
limn_server_backend_pg_iface_init (LimnServerBackendInterface *iface)
{
  int missing;

  iface->begin = pg_begin;
  iface->commit = pg_commit;
  iface->end = pg_end;
  limn_server_pg_accounts_init (iface);
  limn_server_pg_projects_init (iface);
  limn_server_pg_leases_init (iface);
  limn_server_pg_items_init (iface);
  limn_server_pg_review_init (iface);
  limn_server_pg_team_init (iface);
  limn_server_pg_datasets_init (iface);
  limn_server_pg_campaigns_init (iface);
  limn_server_pg_erase_init (iface);
  limn_server_pg_experiments_init (iface);

  /* A call left NULL crashes the server at the first request that needs
   * it (as count_user_events did `admin stats`): stop at start instead.
   * A call not written yet is a stub answering NOT_SUPPORTED. */
  missing = first_missing_call (iface);
  if (missing >= 0)
    g_error ("The PostgreSQL backend leaves storage call %d of LimnServerBackendInterface "
             "(counted from begin) without an implementation", missing);
}
