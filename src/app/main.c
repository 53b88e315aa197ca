/* main.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include <glib/gi18n.h>

#include "i18n/limn-i18n.h"
#include "limn-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(LimnApplication) app = NULL;

  limn_i18n_init ();

  app = limn_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
