/* limn-when.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "limn-when.h"

#include "charts/limn-chart-format.h"

char *
limn_format_when (gint64 us)
{
  g_autoptr(GDateTime) then = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (us <= 0)
    return g_strdup ("");

  then = g_date_time_new_from_unix_local (us / G_USEC_PER_SEC);
  if (then == NULL)
    return g_strdup ("");

  /* The locale's patterns and digits (limn-chart-format). */
  if (g_date_time_get_year (then) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (then) == g_date_time_get_day_of_year (now))
    return limn_format_time (then);

  return limn_format_date_time (then);
}
