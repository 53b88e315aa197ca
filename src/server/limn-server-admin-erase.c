/* limn-server-admin-erase.c
 *
 * `limn-server admin erase-annotator`: a person's personal data erased,
 * their work kept under their pseudonym (docs/security.md, "Privacy").
 * Without --yes nothing changes: the report says what would be erased.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "json/limn-json-writer.h"
#include "limn-server-admin-private.h"
#include "limn-server-erase.h"

gboolean
limn_admin_cmd_erase_annotator (LimnAdminArgs  *args,
                                GError        **error)
{
  static const char * const known[] = { "user", "yes", NULL };
  g_autoptr(LimnServerBackend) backend = NULL;
  g_autoptr(JsonObject) report = NULL;
  g_autofree char *text = NULL;
  gboolean apply = limn_admin_opt (args, "yes") != NULL;
  const char *who;

  if (!limn_admin_check_options (args, known, error) ||
      !limn_admin_require (args, "user", &who, error))
    return FALSE;

  backend = limn_admin_open_backend (args, error);
  if (backend == NULL)
    return FALSE;

  report = limn_server_erase_annotator (backend, who, apply, error);
  if (report == NULL)
    return FALSE;

  text = limn_json_writer_object_to_string (report);
  g_print ("%s\n", text);
  if (!apply)
    g_printerr (_("Nothing was changed: add --yes to erase.\n"));
  else if (json_object_get_boolean_member (report, "nothing_left"))
    g_printerr (_("There was nothing left to erase.\n"));
  else
    g_printerr (_("Erased the personal data of user %s; their work stays under their "
                  "pseudonym.\n"), json_object_get_string_member (report, "user_id"));
  return TRUE;
}
