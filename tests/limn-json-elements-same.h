/* limn-json-elements-same.h
 *
 * The walker's promise (json/limn-json-elements.h), checked on one text:
 * walking it and scanning element by element gives LimnJsonScan's verdict
 * on the whole text, at the same byte, and the same values. Shared by
 * tests/test-json-elements.c and fuzz/fuzz-json-elements.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <string.h>

#include "json/limn-json-elements.h"

/* The value @a of @sa and @b of @sb: same type, same bytes, same strings,
 * same children (both scans read the same text). */
static inline void
limn_test_json_same_value (LimnJsonScan *sa,
                           guint         a,
                           LimnJsonScan *sb,
                           guint         b)
{
  gsize la, lb;
  const char *ra = limn_json_scan_get_raw (sa, a, &la);
  const char *rb = limn_json_scan_get_raw (sb, b, &lb);
  guint ca, cb;
  gint64 ia, ib;

  g_assert_cmpint (limn_json_scan_get_type (sa, a), ==, limn_json_scan_get_type (sb, b));
  g_assert_true (ra == rb);
  g_assert_cmpuint (la, ==, lb);
  g_assert_cmpuint (limn_json_scan_get_length (sa, a), ==, limn_json_scan_get_length (sb, b));
  if (limn_json_scan_get_type (sa, a) == LIMN_JSON_SCAN_STRING)
    {
      const char *x = limn_json_scan_get_string (sa, a, &la);
      const char *y = limn_json_scan_get_string (sb, b, &lb);

      g_assert_cmpmem (x, la, y, lb);
    }
  g_assert_cmpint (limn_json_scan_get_int64 (sa, a, &ia), ==, limn_json_scan_get_int64 (sb, b, &ib));

  for (ca = limn_json_scan_first (sa, a), cb = limn_json_scan_first (sb, b);
       ca != LIMN_JSON_SCAN_NONE || cb != LIMN_JSON_SCAN_NONE;
       ca = limn_json_scan_next (sa, ca), cb = limn_json_scan_next (sb, cb))
    {
      g_assert_true (ca != LIMN_JSON_SCAN_NONE && cb != LIMN_JSON_SCAN_NONE);
      limn_test_json_same_value (sa, ca, sb, cb);
    }
}

/* Whether the text at @data starts (after white space) with a container. */
static inline gboolean
limn_test_json_is_container (const char *data,
                             gsize       length)
{
  gsize i = 0;

  while (i < length && strchr (" \t\n\r", data[i]) != NULL && data[i] != '\0')
    i++;
  return i < length && (data[i] == '[' || data[i] == '{');
}

/* Returns whether the text was accepted (by both). */
static inline gboolean
limn_test_json_elements_same (const char *data,
                              gsize       length,
                              guint       max_depth)
{
  g_autoptr(GError) whole_error = NULL;
  g_autoptr(GError) check_error = NULL;
  g_autoptr(GError) walk_error = NULL;
  g_autoptr(LimnJsonScan) whole = NULL;
  g_autoptr(LimnJsonElements) walk = NULL;
  gsize whole_at = 0, check_at = 0;
  gboolean checked;
  LimnJsonElement element;
  guint child;

  whole = limn_json_scan_new_full (data, length, max_depth, &whole_at, &whole_error);
  checked = limn_json_elements_check (data, 0, length, max_depth, &check_at, &check_error);

  /* The same verdict, at the same byte, of the same kind. */
  g_assert_cmpint (whole != NULL, ==, checked);
  if (whole == NULL)
    {
      g_assert_nonnull (check_error);
      g_assert_cmpuint (whole_at, ==, check_at);
      g_assert_error (check_error, LIMN_JSON_SCAN_ERROR, whole_error->code);
      g_assert_true (g_str_has_prefix (check_error->message, "byte "));
    }
  else
    g_assert_null (check_error);

  if (!limn_test_json_is_container (data, length))
    {
      walk = limn_json_elements_new (data, 0, length, max_depth, &walk_error);
      g_assert_null (walk);
      g_assert_error (walk_error, LIMN_JSON_SCAN_ERROR, LIMN_JSON_SCAN_ERROR_SYNTAX);
      return whole != NULL;
    }

  /* Walked by hand: the values, element by element. */
  walk = limn_json_elements_new (data, 0, length, max_depth, &walk_error);
  if (walk == NULL)
    {
      /* Only a limit of no nesting at all refuses the container itself. */
      g_assert_null (whole);
      g_assert_error (walk_error, LIMN_JSON_SCAN_ERROR, LIMN_JSON_SCAN_ERROR_DEPTH);
      return FALSE;
    }
  child = whole != NULL ? limn_json_scan_first (whole, LIMN_JSON_SCAN_ROOT) : LIMN_JSON_SCAN_NONE;
  while (limn_json_elements_next (walk, &element, &walk_error))
    {
      g_autoptr(LimnJsonScan) scan = limn_json_elements_scan (walk, &walk_error);

      g_assert_cmpuint (element.start, <, element.end);
      g_assert_cmpuint (element.end, <=, length);
      if (scan == NULL)
        break;
      if (whole == NULL)
        continue;

      g_assert_cmpuint (child, !=, LIMN_JSON_SCAN_NONE);
      if (limn_json_elements_is_object (walk))
        {
          gsize key_length;
          const char *key = limn_json_scan_get_string (whole, child, &key_length);

          g_assert_cmpmem (element.key, element.key_length, key, key_length);
          child = limn_json_scan_next (whole, child);
        }
      else
        g_assert_null (element.key);
      limn_test_json_same_value (whole, child, scan, LIMN_JSON_SCAN_ROOT);
      child = limn_json_scan_next (whole, child);
    }

  if (whole != NULL)
    {
      g_assert_no_error (walk_error);
      g_assert_cmpuint (child, ==, LIMN_JSON_SCAN_NONE);
    }
  else
    {
      g_assert_nonnull (walk_error);
      g_assert_cmpuint (limn_json_elements_get_error_offset (walk), ==, whole_at);
    }

  return whole != NULL;
}
