/* limn-text-index.h
 *
 * The one place that converts between offsets into a text: Unicode code
 * points (what Limn stores: end-exclusive, over the text as given, never
 * normalized), UTF-8 bytes (what GLib and Pango index by) and UTF-16 code
 * units (what doccano, INCEpTION and browsers count). Built once per text in
 * O(n); each conversion is O(1) amortized via checkpoints.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define LIMN_TEXT_ERROR (limn_text_error_quark ())

typedef enum
{
  LIMN_TEXT_ERROR_INVALID_UTF8,   /* the text is not valid UTF-8 */
  LIMN_TEXT_ERROR_OUT_OF_RANGE,   /* an offset lies outside the text */
  LIMN_TEXT_ERROR_BAD_RANGE,      /* start > end */
  LIMN_TEXT_ERROR_SPLIT_CHARACTER,/* a byte or UTF-16 offset falls inside a character */
} LimnTextError;

GQuark limn_text_error_quark (void);

typedef struct _LimnTextIndex LimnTextIndex;

#define LIMN_TYPE_TEXT_INDEX (limn_text_index_get_type ())

GType          limn_text_index_get_type       (void) G_GNUC_CONST;

/* Validates @text (rejecting invalid UTF-8 and embedded NULs, with the line
 * and byte where it fails) and copies it. @length may be -1. */
LimnTextIndex *limn_text_index_new            (const char          *text,
                                               gssize               length,
                                               GError             **error);
LimnTextIndex *limn_text_index_ref            (LimnTextIndex       *self);
void           limn_text_index_unref          (LimnTextIndex       *self);

const char    *limn_text_index_get_text       (const LimnTextIndex *self);
gsize          limn_text_index_get_n_bytes    (const LimnTextIndex *self);
gint64         limn_text_index_get_n_chars    (const LimnTextIndex *self);
gint64         limn_text_index_get_n_utf16    (const LimnTextIndex *self);

/* Code point -> byte. @cp is clamped to [0, n_chars]. */
gsize          limn_text_index_char_to_byte   (const LimnTextIndex *self,
                                               gint64               cp);
/* Byte -> code point. A byte inside a character maps to that character's
 * start; use limn_text_index_check_byte() to reject such offsets instead. */
gint64         limn_text_index_byte_to_char   (const LimnTextIndex *self,
                                               gsize                byte);
gboolean       limn_text_index_check_byte     (const LimnTextIndex *self,
                                               gsize                byte,
                                               GError             **error);
gint64         limn_text_index_char_to_utf16  (const LimnTextIndex *self,
                                               gint64               cp);
/* UTF-16 -> code point; fails on an offset past the end or between the two
 * halves of a surrogate pair (an astral character such as most emoji). */
gboolean       limn_text_index_utf16_to_char  (const LimnTextIndex *self,
                                               gint64               utf16,
                                               gint64              *cp,
                                               GError             **error);

/* Checks 0 <= start <= end <= n_chars with a message a user can act on. */
gboolean       limn_text_index_check_range    (const LimnTextIndex *self,
                                               gint64               start,
                                               gint64               end,
                                               GError             **error);
/* A newly allocated copy of code points [start, end), clamped. */
char          *limn_text_index_substring      (const LimnTextIndex *self,
                                               gint64               start,
                                               gint64               end);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnTextIndex, limn_text_index_unref)

/* Validates UTF-8 line by line; on failure says which line (1-based) and
 * column. Shared by the importers. */
gboolean       limn_utf8_validate_text        (const char          *text,
                                               gsize                length,
                                               GError             **error);

G_END_DECLS
