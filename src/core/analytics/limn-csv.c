/* limn-csv.c
 *
 * One pass over the bytes with a cursor; fields are copied out as they
 * end. Only ASCII bytes (comma, quote, CR, LF) are special, so UTF-8 text
 * passes through unchanged.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-analytics"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "limn-csv.h"

struct _LimnCsvReader
{
  const char *p;
  const char *end;
  guint       line;         /* of the cursor */
  guint       record_line;  /* where the last record started */
};

LimnCsvReader *
limn_csv_reader_new (const char *text,
                     gssize      length)
{
  LimnCsvReader *self;

  g_return_val_if_fail (text != NULL || length == 0, NULL);

  if (length < 0)
    length = strlen (text);

  self = g_new0 (LimnCsvReader, 1);
  self->p = text;
  self->end = text + length;
  self->line = 1;

  if (length >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0)
    self->p += 3;

  return self;
}

void
limn_csv_reader_free (LimnCsvReader *self)
{
  g_free (self);
}

guint
limn_csv_reader_get_line (LimnCsvReader *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->record_line;
}

/* At a line break: step over it (CRLF as one) and return TRUE. */
static gboolean
take_line_break (LimnCsvReader *self)
{
  if (self->p < self->end && *self->p == '\r')
    {
      self->p++;
      if (self->p < self->end && *self->p == '\n')
        self->p++;
      self->line++;
      return TRUE;
    }
  if (self->p < self->end && *self->p == '\n')
    {
      self->p++;
      self->line++;
      return TRUE;
    }
  return FALSE;
}

gboolean
limn_csv_reader_recover (LimnCsvReader *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->p >= self->end)
    return FALSE;

  while (self->p < self->end && *self->p != '\r' && *self->p != '\n')
    self->p++;
  take_line_break (self);
  return TRUE;
}

char **
limn_csv_reader_next (LimnCsvReader  *self,
                      GError        **error)
{
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GString) field = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  while (take_line_break (self))
    ;
  if (self->p >= self->end)
    return NULL;

  self->record_line = self->line;
  fields = g_ptr_array_new_with_free_func (g_free);
  field = g_string_new (NULL);

  for (;;)
    {
      g_string_truncate (field, 0);

      if (self->p < self->end && *self->p == '"')
        {
          guint quote_line = self->line;

          self->p++;
          for (;;)
            {
              if (self->p >= self->end)
                {
                  g_set_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_PARSE,
                               _("Line %u: a quoted field is never closed"), quote_line);
                  return NULL;
                }
              if (*self->p == '"')
                {
                  if (self->p + 1 < self->end && self->p[1] == '"')
                    {
                      g_string_append_c (field, '"');
                      self->p += 2;
                      continue;
                    }
                  self->p++;
                  break;
                }
              if (*self->p == '\n' || (*self->p == '\r' && (self->p + 1 >= self->end ||
                                                             self->p[1] != '\n')))
                self->line++;
              g_string_append_c (field, *self->p++);
            }

          if (self->p < self->end && *self->p != ',' && *self->p != '\r' && *self->p != '\n')
            {
              g_set_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_PARSE,
                           _("Line %u: text after the closing quote of a field"), self->line);
              return NULL;
            }
        }
      else
        {
          const char *start = self->p;

          while (self->p < self->end && *self->p != ',' && *self->p != '\r' && *self->p != '\n')
            self->p++;
          g_string_append_len (field, start, self->p - start);
        }

      g_ptr_array_add (fields, g_strndup (field->str, field->len));

      if (self->p < self->end && *self->p == ',')
        {
          self->p++;
          continue;
        }

      take_line_break (self);
      break;
    }

  g_ptr_array_add (fields, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&fields), FALSE);
}
