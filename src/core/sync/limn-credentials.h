/* limn-credentials.h
 *
 * Where a server token is kept: the Secret Service (libsecret) when Limn
 * was built with it and the service answers, else a file readable by the
 * user only (0600 from the moment it exists) in the data folder.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  LIMN_CREDENTIALS_AUTO,            /* the Secret Service if it answers, else the file */
  LIMN_CREDENTIALS_SECRET_SERVICE,
  LIMN_CREDENTIALS_FILE,
} LimnCredentialsBackend;

/* Where a stored token is, as recorded with the account. */
#define LIMN_TOKEN_REF_SECRET_SERVICE "secret-service"
#define LIMN_TOKEN_REF_FILE           "file"

#define LIMN_TYPE_CREDENTIALS (limn_credentials_get_type ())

G_DECLARE_FINAL_TYPE (LimnCredentials, limn_credentials, LIMN, CREDENTIALS, GObject)

/* @backend: AUTO unless LIMN_CREDENTIALS=file is set in the environment
 * (headless machines, tests). */
LimnCredentials *limn_credentials_new           (const char              *data_dir,
                                                 LimnCredentialsBackend   backend);
LimnCredentialsBackend limn_credentials_get_backend (LimnCredentials     *self);
/* The file that holds @account_id's token under the file backend. */
char            *limn_credentials_get_file_path (LimnCredentials         *self,
                                                 const char              *account_id);
/* A token must be 1–4096 printable ASCII characters without spaces (it is
 * sent in an HTTP header). */
gboolean         limn_credentials_check_token   (const char              *token,
                                                 GError                 **error);

/* Finishes with the token_ref ("secret-service" or "file") to record. */
void             limn_credentials_store_async   (LimnCredentials         *self,
                                                 const char              *account_id,
                                                 const char              *server_url,
                                                 const char              *token,
                                                 GCancellable            *cancellable,
                                                 GAsyncReadyCallback      callback,
                                                 gpointer                 user_data);
char            *limn_credentials_store_finish  (LimnCredentials         *self,
                                                 GAsyncResult            *result,
                                                 GError                 **error);
void             limn_credentials_lookup_async  (LimnCredentials         *self,
                                                 const char              *account_id,
                                                 const char              *token_ref,
                                                 GCancellable            *cancellable,
                                                 GAsyncReadyCallback      callback,
                                                 gpointer                 user_data);
char            *limn_credentials_lookup_finish (LimnCredentials         *self,
                                                 GAsyncResult            *result,
                                                 GError                 **error);
void             limn_credentials_delete_async  (LimnCredentials         *self,
                                                 const char              *account_id,
                                                 const char              *token_ref,
                                                 GCancellable            *cancellable,
                                                 GAsyncReadyCallback      callback,
                                                 gpointer                 user_data);
gboolean         limn_credentials_delete_finish (LimnCredentials         *self,
                                                 GAsyncResult            *result,
                                                 GError                 **error);

G_END_DECLS
