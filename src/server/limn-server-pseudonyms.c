/* limn-server-pseudonyms.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/random.h>

#include "limn-server-pseudonyms.h"

#define SECRET_KEY "pseudonym_secret"
#define SECRET_SIZE 32

static gboolean
random_bytes (guchar  *bytes,
              gsize    size,
              GError **error)
{
  gsize got = 0;

  while (got < size)
    {
      ssize_t n = getrandom (bytes + got, size - got, 0);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_FAILED,
                       _("Could not read random bytes: %s"), g_strerror (errno));
          return FALSE;
        }
      got += n;
    }
  return TRUE;
}

GBytes *
limn_server_pseudonym_secret (LimnServerBackend  *backend,
                              GError            **error)
{
  g_autoptr(LimnServerTxn) txn = limn_server_backend_begin (backend, LIMN_SERVER_TXN_READ, error);
  g_autoptr(GBytes) secret = NULL;
  guchar bytes[SECRET_SIZE];
  gboolean inserted = FALSE;

  if (txn == NULL || !txn->store->get_meta (txn, SECRET_KEY, &secret, error))
    return NULL;
  if (secret != NULL && g_bytes_get_size (secret) == SECRET_SIZE)
    return g_steal_pointer (&secret);
  g_clear_pointer (&txn, limn_server_txn_end);

  /* Two first requests at once: one insert wins, both read it. */
  if (!random_bytes (bytes, sizeof bytes, error))
    return NULL;
  secret = g_bytes_new (bytes, sizeof bytes);
  memset (bytes, 0, sizeof bytes);
  txn = limn_server_backend_begin (backend, LIMN_SERVER_TXN_WRITE, error);
  if (txn == NULL ||
      !txn->store->insert_meta (txn, SECRET_KEY, secret, &inserted, error))
    return NULL;
  g_clear_pointer (&secret, g_bytes_unref);
  if (!txn->store->get_meta (txn, SECRET_KEY, &secret, error) ||
      !limn_server_txn_commit (txn, error))
    return NULL;

  return g_steal_pointer (&secret);
}

char *
limn_server_pseudonym (GBytes     *secret,
                       const char *project_id,
                       const char *user_id)
{
  gsize size;
  const guchar *key = g_bytes_get_data (secret, &size);
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, key, size);
  const char *digest;

  g_hmac_update (hmac, (const guchar *)project_id, strlen (project_id));
  g_hmac_update (hmac, (const guchar *)user_id, strlen (user_id));
  digest = g_hmac_get_string (hmac);

  return g_strdup_printf ("a-%.6s", digest);
}
