/* limn-json-elements.h
 *
 * A large JSON array or object, one element at a time: the walker checks
 * the container's own grammar (brackets, commas, member names, what
 * follows it) and finds each element's byte range with a small skipper
 * that knows strings and nesting; limn_json_elements_scan() then runs
 * LimnJsonScan on that element alone, whose buffers the next element
 * reuses. Memory is one element's scan, not the document's, while the
 * text itself can stay mapped (page cache, not heap).
 *
 * The verdict is LimnJsonScan's on the whole text, as long as every
 * element is scanned (or checked with limn_json_elements_check()): a text
 * is accepted if and only if LimnJsonScan accepts it (tests/
 * test-json-elements.c and tests/fuzz/fuzz-json-elements.c compare the
 * two). Faults are LIMN_JSON_SCAN_ERROR, "byte N: …" with N counted from
 * @data, which limn_json_elements_get_error_offset() also gives.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "limn-json-scan.h"

G_BEGIN_DECLS

typedef struct _LimnJsonElements LimnJsonElements;

typedef struct
{
  const char *key;          /* an object member's name, unescaped; NULL in an array */
  gsize       key_length;
  gsize       start;        /* the element's (member value's) bytes, from @data */
  gsize       end;
} LimnJsonElement;

/* Walks the JSON text @data[@start, @end): white space, then an array or
 * an object, then white space. %NULL, with a SYNTAX error, when the text
 * does not start with "[" or "{" (scan it whole instead). Nesting counts
 * as in limn_json_scan_new(), the container being level 1. @data must
 * outlive the walker. */
LimnJsonElements *limn_json_elements_new     (const char             *data,
                                              gsize                   start,
                                              gsize                   end,
                                              guint                   max_depth,
                                              GError                **error);
void              limn_json_elements_free    (LimnJsonElements       *self);

gboolean          limn_json_elements_is_object (LimnJsonElements     *self);

/* Steps to the next element: %TRUE with @element filled in (its key valid
 * until the next step); %FALSE at the end (no error: the container and
 * what follows it were well-formed) or on a fault (@error set). */
gboolean          limn_json_elements_next    (LimnJsonElements       *self,
                                              LimnJsonElement        *element,
                                              GError                **error);

/* The last element stepped to, scanned (one level of nesting fewer);
 * faults are counted from @data. */
LimnJsonScan     *limn_json_elements_scan    (LimnJsonElements       *self,
                                              GError                **error);

/* The byte (from @data) of the last fault this walker reported. */
gsize             limn_json_elements_get_error_offset (LimnJsonElements *self);

/* Checks @data[@start, @end) as LimnJsonScan would, in the memory of its
 * largest element: a container is walked, anything else scanned. */
gboolean          limn_json_elements_check   (const char             *data,
                                              gsize                   start,
                                              gsize                   end,
                                              guint                   max_depth,
                                              gsize                  *error_at,
                                              GError                **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnJsonElements, limn_json_elements_free)

G_END_DECLS
