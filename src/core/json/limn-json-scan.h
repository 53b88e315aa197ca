/* limn-json-scan.h
 *
 * A strict, one-pass JSON scanner for the hot path of a sync push: it
 * checks a whole document (RFC 8259 grammar, valid UTF-8, no "\u0000", no
 * lone surrogates, a nesting limit) and leaves a flat list of its values
 * with their byte ranges in the text, so a caller can read a few members of
 * each of 5,000 items, or keep an object's original bytes, without building
 * a tree.
 *
 * It accepts less than json-glib (no comments, single quotes, hex or octal
 * numbers, raw control characters in strings, lone surrogates, leading
 * zeros…): what it accepts, json-glib reads to the same values
 * (tests/test-json-scan.c checks that against json-glib on random and
 * malformed documents). A caller that must keep json-glib's verdict on
 * everything else falls back to json-glib when the scan fails.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LIMN_JSON_SCAN_ERROR (limn_json_scan_error_quark ())

typedef enum
{
  LIMN_JSON_SCAN_ERROR_SYNTAX,    /* not JSON by RFC 8259 */
  LIMN_JSON_SCAN_ERROR_ENCODING,  /* not UTF-8, a lone surrogate, "\u0000" */
  LIMN_JSON_SCAN_ERROR_DEPTH,     /* nested deeper than allowed */
  LIMN_JSON_SCAN_ERROR_TOO_LARGE, /* a text of 4 GiB or more */
} LimnJsonScanError;

GQuark limn_json_scan_error_quark (void);

typedef enum
{
  LIMN_JSON_SCAN_NULL,
  LIMN_JSON_SCAN_FALSE,
  LIMN_JSON_SCAN_TRUE,
  LIMN_JSON_SCAN_INTEGER,   /* a number without fraction or exponent */
  LIMN_JSON_SCAN_DOUBLE,    /* a number with a fraction or an exponent */
  LIMN_JSON_SCAN_STRING,
  LIMN_JSON_SCAN_ARRAY,
  LIMN_JSON_SCAN_OBJECT,
} LimnJsonScanType;

/* Values are numbered in document order; the root is 0. An object's
 * children are its keys and values, alternating (a key is a STRING). */
#define LIMN_JSON_SCAN_ROOT 0u
#define LIMN_JSON_SCAN_NONE G_MAXUINT32

typedef struct _LimnJsonScan LimnJsonScan;

/* Scans @data (@length bytes, not necessarily NUL-terminated). @data must
 * outlive the scan: raw ranges point into it. Nesting counts arrays and
 * objects, the root being level 1. A freed scan's buffers (up to 32 MiB)
 * are kept for the next scan on the same thread. */
LimnJsonScan     *limn_json_scan_new          (const char        *data,
                                               gsize              length,
                                               guint              max_depth,
                                               GError           **error);
/* The same, with @error_at (nullable) set to the byte of the fault when
 * the scan fails, for a caller that counts lines or scans part of a text. */
LimnJsonScan     *limn_json_scan_new_full     (const char        *data,
                                               gsize              length,
                                               guint              max_depth,
                                               gsize             *error_at,
                                               GError           **error);
void              limn_json_scan_free         (LimnJsonScan      *scan);

guint             limn_json_scan_get_n_values (LimnJsonScan      *scan);
LimnJsonScanType  limn_json_scan_get_type     (LimnJsonScan      *scan,
                                               guint              value);

/* The first child of an array or object, or NONE when it is empty (or not
 * a container); the next value in the same container, or NONE. */
guint             limn_json_scan_first        (LimnJsonScan      *scan,
                                               guint              value);
guint             limn_json_scan_next         (LimnJsonScan      *scan,
                                               guint              value);
/* Elements of an array; members (not keys and values) of an object. */
guint             limn_json_scan_get_length   (LimnJsonScan      *scan,
                                               guint              value);
/* The value of the object's last member named @name (json-glib keeps the
 * last of duplicates too), or NONE. */
guint             limn_json_scan_member       (LimnJsonScan      *scan,
                                               guint              object,
                                               const char        *name);
/* One past the last value inside @value: a container's descendants are
 * the values from @value + 1 to this, excluded. */
guint             limn_json_scan_end          (LimnJsonScan      *scan,
                                               guint              value);

/* A string's value, unescaped and NUL-terminated (it holds no NUL), valid
 * while the scan lives; @length may be %NULL. %NULL for a non-string. */
const char       *limn_json_scan_get_string   (LimnJsonScan      *scan,
                                               guint              value,
                                               gsize             *length);
gboolean          limn_json_scan_string_equal (LimnJsonScan      *scan,
                                               guint              value,
                                               const char        *str);
/* An INTEGER that fits in a gint64; %FALSE for anything else (json-glib
 * wraps integers that do not fit: never trust those). */
gboolean          limn_json_scan_get_int64    (LimnJsonScan      *scan,
                                               guint              value,
                                               gint64            *out);
/* An INTEGER or DOUBLE as g_ascii_strtod() reads it (±inf when too
 * large); NaN for anything else. */
double            limn_json_scan_get_double   (LimnJsonScan      *scan,
                                               guint              value);
/* The value's bytes in the text (a string with its quotes). */
const char       *limn_json_scan_get_raw      (LimnJsonScan      *scan,
                                               guint              value,
                                               gsize             *length);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnJsonScan, limn_json_scan_free)

G_END_DECLS
