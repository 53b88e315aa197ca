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

char *
limn_server_erased_name (GBytes     *secret,
                         const char *user_id)
{
  gsize size;
  const guchar *key = g_bytes_get_data (secret, &size);
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, key, size);

  g_hmac_update (hmac, (const guchar *)"erased:", 7);
  g_hmac_update (hmac, (const guchar *)user_id, strlen (user_id));

  return g_strdup_printf ("erased-%.12s", g_hmac_get_string (hmac));
}

typedef struct
{
  LimnServerTxn *txn;
  GBytes        *secret;
  const char    *project_id;
  GHashTable    *done;      /* what was seen -> its pseudonym */
} Walk;

static gboolean walk_node (Walk      *w,
                           JsonNode  *node,
                           GError   **error);

static gboolean
walk_object (Walk        *w,
             JsonObject  *object,
             GError     **error)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (object, l->data);
      const char *value;
      char *pseudonym;

      if (!g_str_equal (l->data, "annotator") || !JSON_NODE_HOLDS_VALUE (node) ||
          json_node_get_value_type (node) != G_TYPE_STRING)
        {
          if (!walk_node (w, node, error))
            return FALSE;
          continue;
        }
      value = json_node_get_string (node);
      pseudonym = g_hash_table_lookup (w->done, value);
      if (pseudonym == NULL)
        {
          g_autofree char *id = NULL;

          if (!w->txn->store->lookup_user (w->txn, value, &id, error))
            return FALSE;
          pseudonym = limn_server_pseudonym (w->secret, w->project_id, id ? id : value);
          g_hash_table_insert (w->done, g_strdup (value), pseudonym);
        }
      json_object_set_string_member (object, l->data, pseudonym);
    }
  return TRUE;
}

static gboolean
walk_node (Walk      *w,
           JsonNode  *node,
           GError   **error)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    return walk_object (w, json_node_get_object (node), error);
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        if (!walk_node (w, json_array_get_element (array, i), error))
          return FALSE;
    }
  return TRUE;
}

gboolean
limn_server_pseudonymize_annotators (LimnServerBackend  *backend,
                                     JsonObject         *object,
                                     const char         *project_id,
                                     GError            **error)
{
  g_autoptr(GBytes) secret = limn_server_pseudonym_secret (backend, error);
  g_autoptr(LimnServerTxn) txn = NULL;
  g_autoptr(GHashTable) done = NULL;
  Walk w;

  if (secret == NULL)
    return FALSE;
  txn = limn_server_backend_begin (backend, LIMN_SERVER_TXN_READ, error);
  if (txn == NULL)
    return FALSE;
  done = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  w = (Walk) { txn, secret, project_id, done };
  return walk_object (&w, object, error);
}
