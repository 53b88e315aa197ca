/* limn-server-log.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <string.h>

#include "limn-server-log.h"

char *
limn_server_log_escape (const char *text)
{
  GString *out;
  const char *p, *end;

  if (text == NULL)
    return g_strdup ("");

  out = g_string_sized_new (strlen (text));
  end = text + strlen (text);
  for (p = text; p < end;)
    {
      guchar c = (guchar)*p;

      if (c == '\\')
        {
          g_string_append (out, "\\\\");
          p++;
        }
      else if (c < 0x20 || c == 0x7f)
        {
          g_string_append_printf (out, "\\x%02x", c);
          p++;
        }
      else if (c < 0x80)
        g_string_append_c (out, *p++);
      else
        {
          /* Multi-byte: kept when it is a whole character that draws. */
          gunichar u = g_utf8_get_char_validated (p, end - p);

          if ((gint32)u >= 0 && !g_unichar_iscntrl (u))
            {
              const char *next = g_utf8_next_char (p);

              g_string_append_len (out, p, next - p);
              p = next;
            }
          else
            {
              g_string_append_printf (out, "\\x%02x", c);
              p++;
            }
        }
    }

  return g_string_free (out, FALSE);
}
