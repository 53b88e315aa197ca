/* fuzz-json-scan.c
 *
 * The one-pass scanner (json/limn-json-scan.c), on any bytes: it refuses
 * with its own error or accepts, and what it accepts json-glib reads to
 * the same values (limn-json-same.h), within the depth limit. Every
 * accessor is tried on every value, and the same text is scanned again
 * with the buffers the first scan left to its thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "json/limn-json-reader.h"
#include "limn-fuzz.h"
#include "limn-json-same.h"

static void
check_values (LimnJsonScan *scan,
              const char   *data,
              size_t        size)
{
  guint n = limn_json_scan_get_n_values (scan);

  g_assert_cmpuint (n, >, 0);
  for (guint v = 0; v < n; v++)
    {
      LimnJsonScanType type = limn_json_scan_get_type (scan, v);
      guint end = limn_json_scan_end (scan, v);
      guint first = limn_json_scan_first (scan, v);
      guint next = limn_json_scan_next (scan, v);
      gsize raw_len, str_len = 0;
      const char *raw = limn_json_scan_get_raw (scan, v, &raw_len);
      const char *str = limn_json_scan_get_string (scan, v, &str_len);
      guint member;
      gint64 i;

      g_assert_true (raw >= data && raw + raw_len <= data + size && raw_len > 0);
      g_assert_cmpuint (end, >, v);
      g_assert_cmpuint (end, <=, n);
      g_assert_true (first == LIMN_JSON_SCAN_NONE || (first == v + 1 && first < end));
      g_assert_true (next == LIMN_JSON_SCAN_NONE || (next >= end && next < n));
      g_assert_true ((str != NULL) == (type == LIMN_JSON_SCAN_STRING));
      if (str != NULL)
        {
          g_assert_cmpuint (strlen (str), ==, str_len);
          g_assert_true (g_utf8_validate (str, str_len, NULL));
          g_assert_true (limn_json_scan_string_equal (scan, v, str));
          g_assert_true (raw[0] == '"' && raw[raw_len - 1] == '"');
        }
      if (limn_json_scan_get_int64 (scan, v, &i))
        g_assert_true (type == LIMN_JSON_SCAN_INTEGER);
      g_assert_true (isnan (limn_json_scan_get_double (scan, v)) ==
                     (type != LIMN_JSON_SCAN_INTEGER && type != LIMN_JSON_SCAN_DOUBLE));
      member = limn_json_scan_member (scan, v, "id");
      g_assert_true (member == LIMN_JSON_SCAN_NONE ||
                     (type == LIMN_JSON_SCAN_OBJECT && member > v && member < end));
      if (type != LIMN_JSON_SCAN_ARRAY && type != LIMN_JSON_SCAN_OBJECT)
        g_assert_cmpuint (limn_json_scan_get_length (scan, v), ==, 0);
    }

  /* Past the last value: nothing, never a read out of bounds. */
  g_assert_cmpuint (limn_json_scan_first (scan, n), ==, LIMN_JSON_SCAN_NONE);
  g_assert_cmpuint (limn_json_scan_next (scan, n), ==, LIMN_JSON_SCAN_NONE);
  g_assert_null (limn_json_scan_get_string (scan, n, NULL));
  g_assert_null (limn_json_scan_get_raw (scan, n, NULL));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *text = (const char *)data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnJsonScan) scan = limn_json_scan_new (text, size, LIMN_JSON_READER_MAX_DEPTH,
                                                     &error);
  g_autoptr(LimnJsonScan) again = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autofree char *doc = NULL;

  if (scan == NULL)
    {
      g_assert_true (error != NULL && error->domain == LIMN_JSON_SCAN_ERROR);
      return 0;
    }

  check_values (scan, text, size);

  /* The scanner accepts less than json-glib, never more, and the same. */
  doc = g_strndup (text, size);
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, text, size, &error))
    g_error ("the scanner accepts what json-glib refuses (%s): %s", error->message, doc);
  limn_test_json_scan_same (scan, LIMN_JSON_SCAN_ROOT, json_parser_get_root (parser), doc);
  g_assert_cmpuint (limn_test_json_scan_depth (scan, LIMN_JSON_SCAN_ROOT), <=,
                    LIMN_JSON_READER_MAX_DEPTH);

  /* Freed, its buffers serve the next scan on this thread. */
  g_clear_pointer (&scan, limn_json_scan_free);
  again = limn_json_scan_new (text, size, LIMN_JSON_READER_MAX_DEPTH, NULL);
  g_assert_nonnull (again);
  check_values (again, text, size);

  return 0;
}
