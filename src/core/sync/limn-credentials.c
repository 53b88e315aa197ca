/* limn-credentials.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-sync"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#ifdef HAVE_LIBSECRET
#include <libsecret/secret.h>
#endif

#include "limn-credentials.h"
#include "limn-sync-error.h"
#include "limn-wire.h"
#include "model/limn-id.h"

#define MAX_TOKEN 4096

struct _LimnCredentials
{
  GObject                 parent_instance;

  char                   *dir;       /* <data dir>/credentials */
  LimnCredentialsBackend  backend;
};

G_DEFINE_FINAL_TYPE (LimnCredentials, limn_credentials, G_TYPE_OBJECT)

static void
limn_credentials_finalize (GObject *object)
{
  LimnCredentials *self = (LimnCredentials *)object;

  g_free (self->dir);

  G_OBJECT_CLASS (limn_credentials_parent_class)->finalize (object);
}

static void
limn_credentials_class_init (LimnCredentialsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = limn_credentials_finalize;
}

static void
limn_credentials_init (LimnCredentials *self)
{
}

LimnCredentials *
limn_credentials_new (const char             *data_dir,
                      LimnCredentialsBackend  backend)
{
  LimnCredentials *self;

  g_return_val_if_fail (data_dir != NULL, NULL);

  self = g_object_new (LIMN_TYPE_CREDENTIALS, NULL);
  self->dir = g_build_filename (data_dir, "credentials", NULL);
  self->backend = backend;

  if (backend == LIMN_CREDENTIALS_AUTO && g_strcmp0 (g_getenv ("LIMN_CREDENTIALS"), "file") == 0)
    self->backend = LIMN_CREDENTIALS_FILE;

#ifndef HAVE_LIBSECRET
  self->backend = LIMN_CREDENTIALS_FILE;
#endif

  return self;
}

LimnCredentialsBackend
limn_credentials_get_backend (LimnCredentials *self)
{
  g_return_val_if_fail (LIMN_IS_CREDENTIALS (self), LIMN_CREDENTIALS_FILE);
  return self->backend;
}

char *
limn_credentials_get_file_path (LimnCredentials *self,
                                const char      *account_id)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (LIMN_IS_CREDENTIALS (self), NULL);
  g_return_val_if_fail (limn_id_is_uuid (account_id), NULL);

  name = g_strconcat (account_id, ".token", NULL);
  return g_build_filename (self->dir, name, NULL);
}

gboolean
limn_credentials_check_token (const char  *token,
                              GError     **error)
{
  gsize len = token != NULL ? strlen (token) : 0;

  if (len == 0 || len > MAX_TOKEN)
    {
      g_set_error (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_CREDENTIALS,
                   _("The token is empty or too long."));
      return FALSE;
    }

  for (gsize i = 0; i < len; i++)
    if (token[i] <= 0x20 || token[i] >= 0x7f)
      {
        g_set_error (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_CREDENTIALS,
                     _("The token may only hold letters, digits and punctuation; "
                       "copy it again from “limn-server admin token issue”."));
        return FALSE;
      }

  return TRUE;
}

typedef struct
{
  char *account_id;
  char *server_url;
  char *token;
  char *path;
  char *dir;
} Op;

static void
op_free (gpointer data)
{
  Op *op = data;

  g_free (op->account_id);
  g_free (op->server_url);
  if (op->token != NULL)
    memset (op->token, 0, strlen (op->token));
  g_free (op->token);
  g_free (op->path);
  g_free (op->dir);
  g_free (op);
}

static Op *
op_new (LimnCredentials *self,
        const char      *account_id,
        const char      *server_url,
        const char      *token)
{
  Op *op = g_new0 (Op, 1);

  op->account_id = g_strdup (account_id);
  op->server_url = g_strdup (server_url);
  op->token = g_strdup (token);
  op->path = limn_credentials_get_file_path (self, account_id);
  op->dir = g_strdup (self->dir);

  return op;
}

static gboolean
io_error (GError     **error,
          int          errsv,
          const char  *path)
{
  g_set_error (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_CREDENTIALS,
               _("Could not keep the server token in “%s”: %s"), path, g_strerror (errsv));
  return FALSE;
}

/* The file backend, on a worker thread. The file is created 0600 (never
 * chmod-ed afterwards, so it is never readable by others, not even for a
 * moment), written, synced, and renamed over the old one. */
static gboolean
write_token_file (Op      *op,
                  GError **error)
{
  g_autofree char *tmp = NULL;
  const char *p;
  gsize left;
  int fd;

  if (g_mkdir_with_parents (op->dir, 0700) != 0)
    return io_error (error, errno, op->dir);

  tmp = g_strconcat (op->path, ".XXXXXX", NULL);
  fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    return io_error (error, errno, op->dir);

  for (p = op->token, left = strlen (op->token); left > 0;)
    {
      gssize n = write (fd, p, left);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int errsv = errno;

          close (fd);
          g_unlink (tmp);
          return io_error (error, errsv, tmp);
        }
      p += n;
      left -= n;
    }

  if (fsync (fd) != 0 || close (fd) != 0)
    {
      int errsv = errno;

      g_unlink (tmp);
      return io_error (error, errsv, tmp);
    }

  if (g_rename (tmp, op->path) != 0)
    {
      int errsv = errno;

      g_unlink (tmp);
      return io_error (error, errsv, op->path);
    }

  return TRUE;
}

static void
store_file_thread (GTask        *task,
                   gpointer      source,
                   gpointer      data,
                   GCancellable *cancellable)
{
  GError *error = NULL;

  if (write_token_file (data, &error))
    g_task_return_pointer (task, g_strdup (LIMN_TOKEN_REF_FILE), g_free);
  else
    g_task_return_error (task, error);
}

static void
lookup_file_thread (GTask        *task,
                    gpointer      source,
                    gpointer      data,
                    GCancellable *cancellable)
{
  Op *op = data;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  if (g_stat (op->path, &st) == 0 && (st.st_mode & 0077) != 0)
    g_warning ("%s can be read by other users; sign in again to rewrite it", op->path);

  if (!g_file_get_contents (op->path, &contents, NULL, &error))
    {
      g_task_return_new_error (task, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_NOT_SIGNED_IN,
                               _("The server token is gone (%s); sign in again."), error->message);
      return;
    }

  g_strchomp (contents);
  if (!limn_credentials_check_token (contents, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&contents), g_free);
}

static void
delete_file_thread (GTask        *task,
                    gpointer      source,
                    gpointer      data,
                    GCancellable *cancellable)
{
  Op *op = data;

  if (g_unlink (op->path) != 0 && errno != ENOENT)
    {
      GError *error = NULL;

      io_error (&error, errno, op->path);
      g_task_return_error (task, error);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

#ifdef HAVE_LIBSECRET

static const SecretSchema *
token_schema (void)
{
  static const SecretSchema schema = {
    "app.limn.Limn.ServerToken", SECRET_SCHEMA_NONE,
    {
      { "account", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

static void
secret_stored_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      data)
{
  g_autoptr(GTask) task = data;
  LimnCredentials *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  if (secret_password_store_finish (result, &error))
    {
      g_task_return_pointer (task, g_strdup (LIMN_TOKEN_REF_SECRET_SERVICE), g_free);
      return;
    }

  if (self->backend == LIMN_CREDENTIALS_SECRET_SERVICE ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_new_error (task, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_CREDENTIALS,
                               _("Could not keep the server token in the keyring: %s"),
                               error->message);
      return;
    }

  /* No keyring here (a headless machine): the file, as the design allows. */
  g_message ("No Secret Service (%s); keeping the token in a private file", error->message);
  g_task_run_in_thread (task, store_file_thread);
}

static void
secret_lookup_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      data)
{
  g_autoptr(GTask) task = data;
  g_autoptr(GError) error = NULL;
  char *token = secret_password_lookup_finish (result, &error);

  if (token == NULL)
    {
      if (error == NULL)
        g_task_return_new_error (task, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_NOT_SIGNED_IN,
                                 _("The keyring has no token for this server; sign in again."));
      else
        g_task_return_new_error (task, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_CREDENTIALS,
                                 _("Could not read the server token from the keyring: %s"),
                                 error->message);
      return;
    }

  g_task_return_pointer (task, g_strdup (token), g_free);
  secret_password_free (token);
}

static void
secret_cleared_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      data)
{
  g_autoptr(GTask) task = data;
  g_autoptr(GError) error = NULL;

  secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_new_error (task, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_CREDENTIALS,
                             _("Could not remove the server token from the keyring: %s"),
                             error->message);
  else
    g_task_return_boolean (task, TRUE);
}

#endif

void
limn_credentials_store_async (LimnCredentials     *self,
                              const char          *account_id,
                              const char          *server_url,
                              const char          *token,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;

  g_return_if_fail (LIMN_IS_CREDENTIALS (self));
  g_return_if_fail (limn_id_is_uuid (account_id));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, limn_credentials_store_async);

  if (!limn_credentials_check_token (token, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_set_task_data (task, op_new (self, account_id, server_url, token), op_free);

#ifdef HAVE_LIBSECRET
  if (self->backend != LIMN_CREDENTIALS_FILE)
    {
      g_autofree char *label = g_strdup_printf (_("Limn token for %s"), server_url);

      secret_password_store (token_schema (), SECRET_COLLECTION_DEFAULT, label, token,
                             cancellable, secret_stored_cb, g_steal_pointer (&task),
                             "account", account_id, "server", server_url, NULL);
      return;
    }
#endif

  g_task_run_in_thread (task, store_file_thread);
}

char *
limn_credentials_store_finish (LimnCredentials  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
limn_credentials_lookup_async (LimnCredentials     *self,
                               const char          *account_id,
                               const char          *token_ref,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (LIMN_IS_CREDENTIALS (self));
  g_return_if_fail (limn_id_is_uuid (account_id));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, limn_credentials_lookup_async);
  g_task_set_task_data (task, op_new (self, account_id, NULL, NULL), op_free);

#ifdef HAVE_LIBSECRET
  if (g_strcmp0 (token_ref, LIMN_TOKEN_REF_SECRET_SERVICE) == 0)
    {
      secret_password_lookup (token_schema (), cancellable, secret_lookup_cb, g_steal_pointer (&task),
                              "account", account_id, NULL);
      return;
    }
#endif

  g_task_run_in_thread (task, lookup_file_thread);
}

char *
limn_credentials_lookup_finish (LimnCredentials  *self,
                                GAsyncResult     *result,
                                GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
limn_credentials_delete_async (LimnCredentials     *self,
                               const char          *account_id,
                               const char          *token_ref,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (LIMN_IS_CREDENTIALS (self));
  g_return_if_fail (limn_id_is_uuid (account_id));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, limn_credentials_delete_async);
  g_task_set_task_data (task, op_new (self, account_id, NULL, NULL), op_free);

#ifdef HAVE_LIBSECRET
  if (g_strcmp0 (token_ref, LIMN_TOKEN_REF_SECRET_SERVICE) == 0)
    {
      secret_password_clear (token_schema (), cancellable, secret_cleared_cb, g_steal_pointer (&task),
                             "account", account_id, NULL);
      return;
    }
#endif

  g_task_run_in_thread (task, delete_file_thread);
}

gboolean
limn_credentials_delete_finish (LimnCredentials  *self,
                                GAsyncResult     *result,
                                GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
