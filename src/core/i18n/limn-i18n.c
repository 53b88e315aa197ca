/* limn-i18n.c
 *
 * Gettext set-up shared by limn, limn-server and limn-convert.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "limn-i18n.h"

/* Where the catalogs are: $LIMN_LOCALEDIR when set (an uninstalled build
 * or the tests point it at <builddir>/po/locale), else the install
 * LOCALEDIR. */
const char *
limn_i18n_locale_dir (void)
{
  const char *dir = g_getenv ("LIMN_LOCALEDIR");

  return dir != NULL && dir[0] != '\0' ? dir : LOCALEDIR;
}

/* Call first thing in main(): the user's locale, and Limn's catalogs as
 * UTF-8 whatever the locale's charset. */
void
limn_i18n_init (void)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, limn_i18n_locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
