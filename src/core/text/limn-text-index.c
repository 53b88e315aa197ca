/* limn-text-index.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-text"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "limn-text-index.h"

/* One checkpoint every STRIDE code points bounds every conversion to a walk
 * of fewer than STRIDE characters; 64 keeps the table at 1/4 of the text's
 * size or less even for pure ASCII. */
#define STRIDE 64

typedef struct
{
  gsize  byte;
  gint64 utf16;
} Checkpoint;

struct _LimnTextIndex
{
  char       *text;
  gsize       n_bytes;
  gint64      n_chars;
  gint64      n_utf16;
  /* checkpoints[k] is code point k * STRIDE for k < n_blocks; the last one,
   * checkpoints[n_blocks], is the end of the text. */
  gsize       n_blocks;
  Checkpoint *checkpoints;
};

G_DEFINE_BOXED_TYPE (LimnTextIndex, limn_text_index, limn_text_index_ref, limn_text_index_unref)

G_DEFINE_QUARK (limn-text-error-quark, limn_text_error)

/* A 4-byte UTF-8 sequence is exactly an astral character, two UTF-16 units;
 * the lead byte tells without decoding. */
static inline gint64
utf16_width (guchar lead)
{
  return lead >= 0xF0 ? 2 : 1;
}

static inline gboolean
is_continuation (guchar byte)
{
  return (byte & 0xC0) == 0x80;
}

/* Error reporting */

static void
locate (const char *text,
        gsize       pos,
        guint64    *line,
        guint64    *column)
{
  const char *line_start = text;
  const char *p;

  *line = 1;
  for (p = text; p < text + pos; p++)
    {
      if (*p == '\n')
        {
          (*line)++;
          line_start = p + 1;
        }
    }

  /* Everything before @pos validated, so the column can count characters. */
  *column = (guint64) g_utf8_strlen (line_start, text + pos - line_start) + 1;
}

/* Whether the sequence at @pos is a valid start that the end of the text cuts
 * short, as opposed to bytes that are wrong wherever they stand. */
static gboolean
is_truncated (const guchar *text,
              gsize         pos,
              gsize         length)
{
  guchar lead = text[pos];
  gsize need;
  gsize i;

  if (lead >= 0xC2 && lead <= 0xDF)
    need = 2;
  else if (lead >= 0xE0 && lead <= 0xEF)
    need = 3;
  else if (lead >= 0xF0 && lead <= 0xF4)
    need = 4;
  else
    return FALSE;

  if (length - pos >= need)
    return FALSE;

  for (i = pos + 1; i < length; i++)
    if (!is_continuation (text[i]))
      return FALSE;

  return TRUE;
}

gboolean
limn_utf8_validate_text (const char  *text,
                         gsize        length,
                         GError     **error)
{
  const char *end;
  gsize pos;
  guint64 line;
  guint64 column;

  g_return_val_if_fail (text != NULL || length == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (length == 0 || g_utf8_validate_len (text, length, &end))
    return TRUE;

  pos = end - text;
  locate (text, pos, &line, &column);

  if (text[pos] == '\0')
    g_set_error (error, LIMN_TEXT_ERROR, LIMN_TEXT_ERROR_INVALID_UTF8,
                 /* Translators: a NUL byte is the character with code 0 */
                 _("The text contains a NUL byte at line %llu, column %llu (byte offset %llu). "
                   "Text cannot contain NUL bytes; if the file is UTF-16, convert it to UTF-8 "
                   "first."),
                 (unsigned long long) line, (unsigned long long) column,
                 (unsigned long long) pos);
  else if (is_truncated ((const guchar *) text, pos, length))
    g_set_error (error, LIMN_TEXT_ERROR, LIMN_TEXT_ERROR_INVALID_UTF8,
                 _("The text ends in the middle of a character at line %llu, column %llu "
                   "(byte offset %llu); it may have been cut off. Check that the whole file "
                   "was read."),
                 (unsigned long long) line, (unsigned long long) column,
                 (unsigned long long) pos);
  else
    g_set_error (error, LIMN_TEXT_ERROR, LIMN_TEXT_ERROR_INVALID_UTF8,
                 /* Translators: the last %02X is the offending byte in hexadecimal */
                 _("The text is not valid UTF-8 at line %llu, column %llu (byte offset %llu, "
                   "byte 0x%02X). Convert it to UTF-8, for example with iconv, and try again."),
                 (unsigned long long) line, (unsigned long long) column,
                 (unsigned long long) pos, (guint) (guchar) text[pos]);

  return FALSE;
}

/* Construction */

/**
 * limn_text_index_new:
 * @text: (array length=length): the text
 * @length: its length in bytes, or -1 if it is nul-terminated
 * @error: return location for a #LIMN_TEXT_ERROR_INVALID_UTF8 error
 *
 * Returns: (transfer full) (nullable): the index, or %NULL if @text is not
 *   valid UTF-8 or contains a NUL byte
 */
LimnTextIndex *
limn_text_index_new (const char  *text,
                     gssize       length,
                     GError     **error)
{
  g_autofree Checkpoint *checkpoints = NULL;
  LimnTextIndex *self;
  const guchar *p;
  const guchar *end;
  gsize n_bytes;
  gsize k = 0;
  gint64 n_chars = 0;
  gint64 n_utf16 = 0;

  g_return_val_if_fail (text != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  n_bytes = length < 0 ? strlen (text) : (gsize) length;

  if (!limn_utf8_validate_text (text, n_bytes, error))
    return NULL;

  /* A character is at least one byte, so this is enough checkpoints. */
  checkpoints = g_new (Checkpoint, n_bytes / STRIDE + 2);

  p = (const guchar *) text;
  end = p + n_bytes;
  while (p < end)
    {
      if (n_chars % STRIDE == 0)
        {
          checkpoints[k].byte = p - (const guchar *) text;
          checkpoints[k].utf16 = n_utf16;
          k++;
        }

      n_utf16 += utf16_width (*p);
      p += g_utf8_skip[*p];
      n_chars++;
    }

  checkpoints[k].byte = n_bytes;
  checkpoints[k].utf16 = n_utf16;

  self = g_atomic_rc_box_new0 (LimnTextIndex);
  self->text = g_malloc (n_bytes + 1);
  if (n_bytes > 0)
    memcpy (self->text, text, n_bytes);
  self->text[n_bytes] = '\0';
  self->n_bytes = n_bytes;
  self->n_chars = n_chars;
  self->n_utf16 = n_utf16;
  self->n_blocks = k;
  self->checkpoints = g_renew (Checkpoint, g_steal_pointer (&checkpoints), k + 1);

  return self;
}

LimnTextIndex *
limn_text_index_ref (LimnTextIndex *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

static void
text_index_clear (gpointer data)
{
  LimnTextIndex *self = data;

  g_free (self->text);
  g_free (self->checkpoints);
}

void
limn_text_index_unref (LimnTextIndex *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, text_index_clear);
}

const char *
limn_text_index_get_text (const LimnTextIndex *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->text;
}

gsize
limn_text_index_get_n_bytes (const LimnTextIndex *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_bytes;
}

gint64
limn_text_index_get_n_chars (const LimnTextIndex *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_chars;
}

gint64
limn_text_index_get_n_utf16 (const LimnTextIndex *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_utf16;
}

/* Conversions */

static inline gint64
block_n_chars (const LimnTextIndex *self,
               gsize                k)
{
  return MIN ((gint64) STRIDE, self->n_chars - (gint64) k * STRIDE);
}

/* A block of one-byte characters (ASCII) converts by arithmetic alone. */
static inline gboolean
block_is_ascii (const LimnTextIndex *self,
                gsize                k)
{
  return self->checkpoints[k + 1].byte - self->checkpoints[k].byte == (gsize) block_n_chars (self, k);
}

/* Likewise a block without astral characters for UTF-16. */
static inline gboolean
block_is_bmp (const LimnTextIndex *self,
              gsize                k)
{
  return self->checkpoints[k + 1].utf16 - self->checkpoints[k].utf16 == block_n_chars (self, k);
}

gsize
limn_text_index_char_to_byte (const LimnTextIndex *self,
                              gint64               cp)
{
  const char *p;
  gsize k;
  gint64 off;

  g_return_val_if_fail (self != NULL, 0);

  if (cp <= 0)
    return 0;
  if (cp >= self->n_chars)
    return self->n_bytes;

  k = cp / STRIDE;
  off = cp % STRIDE;

  if (block_is_ascii (self, k))
    return self->checkpoints[k].byte + off;

  p = self->text + self->checkpoints[k].byte;
  while (off-- > 0)
    p = g_utf8_next_char (p);

  return p - self->text;
}

/* The last block starting at or before @byte. */
static gsize
find_block_by_byte (const LimnTextIndex *self,
                    gsize                byte)
{
  gsize lo = 0;
  gsize hi = self->n_blocks;

  while (hi - lo > 1)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (self->checkpoints[mid].byte <= byte)
        lo = mid;
      else
        hi = mid;
    }

  return lo;
}

gint64
limn_text_index_byte_to_char (const LimnTextIndex *self,
                              gsize                byte)
{
  const guchar *text;
  gsize k;
  gsize i;
  gint64 cp;

  g_return_val_if_fail (self != NULL, 0);

  if (byte >= self->n_bytes)
    return self->n_chars;
  if (self->n_bytes == (gsize) self->n_chars)
    return byte;

  k = find_block_by_byte (self, byte);
  cp = (gint64) k * STRIDE;

  if (block_is_ascii (self, k))
    return cp + (byte - self->checkpoints[k].byte);

  /* Every character before @byte has its lead byte before it; a byte inside
   * a character counts that character's lead too, so step back onto it. */
  text = (const guchar *) self->text;
  for (i = self->checkpoints[k].byte; i < byte; i++)
    cp += !is_continuation (text[i]);
  if (is_continuation (text[byte]))
    cp--;

  return cp;
}

gboolean
limn_text_index_check_byte (const LimnTextIndex  *self,
                            gsize                 byte,
                            GError              **error)
{
  const char *start;
  const char *end;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (byte > self->n_bytes)
    {
      g_set_error (error, LIMN_TEXT_ERROR, LIMN_TEXT_ERROR_OUT_OF_RANGE,
                   g_dngettext (GETTEXT_PACKAGE,
                                "Byte offset %llu is past the end of the text (it has %llu byte)",
                                "Byte offset %llu is past the end of the text (it has %llu bytes)",
                                (gulong) self->n_bytes),
                   (unsigned long long) byte, (unsigned long long) self->n_bytes);
      return FALSE;
    }

  if (byte == self->n_bytes || !is_continuation ((guchar) self->text[byte]))
    return TRUE;

  start = g_utf8_find_prev_char (self->text, self->text + byte);
  end = g_utf8_next_char (start);
  g_set_error (error, LIMN_TEXT_ERROR, LIMN_TEXT_ERROR_SPLIT_CHARACTER,
               _("Byte offset %llu falls inside character %lld, which takes bytes %llu–%llu; "
                 "the offsets may count characters or UTF-16 units rather than bytes"),
               (unsigned long long) byte,
               (long long) limn_text_index_byte_to_char (self, byte),
               (unsigned long long) (start - self->text),
               (unsigned long long) (end - self->text));

  return FALSE;
}

gint64
limn_text_index_char_to_utf16 (const LimnTextIndex *self,
                               gint64               cp)
{
  const guchar *p;
  gsize k;
  gint64 off;
  gint64 utf16;

  g_return_val_if_fail (self != NULL, 0);

  if (cp <= 0)
    return 0;
  if (cp >= self->n_chars)
    return self->n_utf16;

  k = cp / STRIDE;
  off = cp % STRIDE;
  utf16 = self->checkpoints[k].utf16;

  if (block_is_bmp (self, k))
    return utf16 + off;

  p = (const guchar *) self->text + self->checkpoints[k].byte;
  while (off-- > 0)
    {
      utf16 += utf16_width (*p);
      p += g_utf8_skip[*p];
    }

  return utf16;
}

/* The last block starting at or before UTF-16 offset @utf16. */
static gsize
find_block_by_utf16 (const LimnTextIndex *self,
                     gint64               utf16)
{
  gsize lo = 0;
  gsize hi = self->n_blocks;

  while (hi - lo > 1)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (self->checkpoints[mid].utf16 <= utf16)
        lo = mid;
      else
        hi = mid;
    }

  return lo;
}

gboolean
limn_text_index_utf16_to_char (const LimnTextIndex  *self,
                               gint64                utf16,
                               gint64               *cp,
                               GError              **error)
{
  const guchar *p;
  gsize k;
  gint64 unit;
  gint64 c;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (utf16 < 0 || utf16 > self->n_utf16)
    {
      g_set_error (error, LIMN_TEXT_ERROR, LIMN_TEXT_ERROR_OUT_OF_RANGE,
                   g_dngettext (GETTEXT_PACKAGE,
                                "UTF-16 offset %lld is outside the text (it has %lld UTF-16 unit)",
                                "UTF-16 offset %lld is outside the text (it has %lld UTF-16 units)",
                                (gulong) self->n_utf16),
                   (long long) utf16, (long long) self->n_utf16);
      return FALSE;
    }

  /* Without astral characters UTF-16 units are code points. */
  if (utf16 == self->n_utf16 || self->n_utf16 == self->n_chars)
    {
      if (cp != NULL)
        *cp = utf16 == self->n_utf16 ? self->n_chars : utf16;
      return TRUE;
    }

  k = find_block_by_utf16 (self, utf16);
  unit = self->checkpoints[k].utf16;
  c = (gint64) k * STRIDE;

  if (block_is_bmp (self, k))
    {
      if (cp != NULL)
        *cp = c + (utf16 - unit);
      return TRUE;
    }

  p = (const guchar *) self->text + self->checkpoints[k].byte;
  while (unit < utf16)
    {
      gint64 width = utf16_width (*p);

      if (unit + width > utf16)
        {
          g_set_error (error, LIMN_TEXT_ERROR, LIMN_TEXT_ERROR_SPLIT_CHARACTER,
                       /* Translators: U+%04X names a Unicode character such as U+1F600 */
                       _("UTF-16 offset %lld falls between the two halves of character %lld "
                         "(U+%04X, an emoji or another character outside the Basic Multilingual "
                         "Plane); the offsets may count characters rather than UTF-16 units"),
                       (long long) utf16, (long long) c,
                       (guint) g_utf8_get_char ((const char *) p));
          return FALSE;
        }

      unit += width;
      p += g_utf8_skip[*p];
      c++;
    }

  if (cp != NULL)
    *cp = c;

  return TRUE;
}

gboolean
limn_text_index_check_range (const LimnTextIndex  *self,
                             gint64                start,
                             gint64                end,
                             GError              **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (start > end)
    {
      g_set_error (error, LIMN_TEXT_ERROR, LIMN_TEXT_ERROR_BAD_RANGE,
                   _("The range %lld–%lld ends before it starts; the start and end offsets "
                     "may be swapped"),
                   (long long) start, (long long) end);
      return FALSE;
    }

  if (start < 0 || end > self->n_chars)
    {
      g_set_error (error, LIMN_TEXT_ERROR, LIMN_TEXT_ERROR_OUT_OF_RANGE,
                   g_dngettext (GETTEXT_PACKAGE,
                                "Offsets %lld–%lld are outside the text (it has %lld character)",
                                "Offsets %lld–%lld are outside the text (it has %lld characters)",
                                (gulong) self->n_chars),
                   (long long) start, (long long) end, (long long) self->n_chars);
      return FALSE;
    }

  return TRUE;
}

char *
limn_text_index_substring (const LimnTextIndex *self,
                           gint64               start,
                           gint64               end)
{
  gsize from;
  gsize to;

  g_return_val_if_fail (self != NULL, NULL);

  from = limn_text_index_char_to_byte (self, start);
  to = limn_text_index_char_to_byte (self, end);

  if (to <= from)
    return g_strdup ("");

  return g_strndup (self->text + from, to - from);
}
