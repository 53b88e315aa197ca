/* limn-server-admin-accounts.c
 *
 * The admin commands on people: users and their tokens. A token is shown
 * once; the server keeps only its SHA-256.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/random.h>

#include "limn-server-accounts.h"
#include "limn-server-admin-private.h"

gboolean
limn_admin_cmd_user_add (LimnAdminArgs  *args,
                         GError        **error)
{
  static const char * const known[] = { "name", NULL };
  g_autoptr(LimnServerBackend) backend = NULL;
  g_autofree char *id = NULL;
  const char *name;

  if (!limn_admin_check_options (args, known, error) ||
      !limn_admin_require (args, "name", &name, error) ||
      !limn_admin_check_name (name, _("user name"), error))
    return FALSE;

  backend = limn_admin_open_backend (args, error);
  if (backend == NULL)
    return FALSE;

  id = limn_server_accounts_add_user (backend, name, error);
  if (id == NULL)
    return FALSE;

  g_print ("user_id=%s\n", id);
  g_printerr (_("Added the user “%s”.\n"), name);
  return TRUE;
}

/* `limn_` and 32 bytes from the kernel's CSPRNG in base64url. */
static char *
new_token (GError **error)
{
  guchar bytes[32];
  gsize got = 0;
  g_autofree char *b64 = NULL;

  while (got < sizeof bytes)
    {
      ssize_t n = getrandom (bytes + got, sizeof bytes - got, 0);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          limn_admin_fail (error, _("Could not read random bytes: %s"), g_strerror (errno));
          return NULL;
        }
      got += n;
    }

  b64 = g_base64_encode (bytes, sizeof bytes);
  for (char *p = b64; *p != '\0'; p++)
    {
      if (*p == '+')
        *p = '-';
      else if (*p == '/')
        *p = '_';
      else if (*p == '=')
        {
          *p = '\0';
          break;
        }
    }
  memset (bytes, 0, sizeof bytes);

  return g_strconcat ("limn_", b64, NULL);
}

gboolean
limn_admin_cmd_token_issue (LimnAdminArgs  *args,
                            GError        **error)
{
  static const char * const known[] = { "user", "project", "role", NULL };
  g_autoptr(LimnServerBackend) backend = NULL;
  g_autofree char *token = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *token_id = NULL;
  const char *user, *project, *role_str;
  LimnServerRole role;

  if (!limn_admin_check_options (args, known, error) ||
      !limn_admin_require (args, "user", &user, error) ||
      !limn_admin_require (args, "role", &role_str, error))
    return FALSE;

  if (!limn_server_role_from_string (role_str, &role))
    return limn_admin_fail (error, _("--role must be annotator, reviewer or admin."));

  project = limn_admin_opt (args, "project");
  if (project == NULL && role != LIMN_SERVER_ROLE_ADMIN)
    return limn_admin_fail (error, _("An annotator or reviewer token needs --project."));

  backend = limn_admin_open_backend (args, error);
  if (backend == NULL)
    return FALSE;

  token = new_token (error);
  if (token == NULL)
    return FALSE;
  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);

  token_id = limn_server_accounts_issue_token (backend, user, project, role, hash, error);
  if (token_id == NULL)
    return FALSE;

  g_print ("token_id=%s\ntoken=%s\n", token_id, token);
  g_printerr (_("Issued a token for “%s” with the role %s. It is shown only this once: the "
                "server keeps only its hash. Revoke it with: token revoke --token-id %s\n"),
              user, role_str, token_id);
  return TRUE;
}

gboolean
limn_admin_cmd_token_revoke (LimnAdminArgs  *args,
                             GError        **error)
{
  static const char * const known[] = { "token-id", NULL };
  g_autoptr(LimnServerBackend) backend = NULL;
  const char *token_id;

  if (!limn_admin_check_options (args, known, error) ||
      !limn_admin_require (args, "token-id", &token_id, error))
    return FALSE;

  backend = limn_admin_open_backend (args, error);
  if (backend == NULL || !limn_server_accounts_revoke_token (backend, token_id, error))
    return FALSE;

  g_print ("token_id=%s\n", token_id);
  g_printerr (_("Revoked the token; requests with it now get 401.\n"));
  return TRUE;
}
