/* limn-util.h
 *
 * Small helpers GLib 2.74 does not have yet.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* g_set_str() arrived in GLib 2.76; Debian 12 has 2.74. */
static inline gboolean
limn_set_str (char       **str_pointer,
              const char  *new_str)
{
  char *copy;

  if (*str_pointer == new_str || g_strcmp0 (*str_pointer, new_str) == 0)
    return FALSE;

  copy = g_strdup (new_str);
  g_free (*str_pointer);
  *str_pointer = copy;

  return TRUE;
}

/* The index of @str in @names (an enum's names, by value), for
 * *_from_string(): %FALSE and *@index untouched when it is not there. */
static inline gboolean
limn_name_lookup (const char * const *names,
                  guint               n_names,
                  const char         *str,
                  guint              *index)
{
  for (guint i = 0; i < n_names; i++)
    if (names[i] != NULL && g_strcmp0 (str, names[i]) == 0)
      {
        *index = i;
        return TRUE;
      }

  return FALSE;
}

G_END_DECLS
