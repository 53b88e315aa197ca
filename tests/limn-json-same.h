/* limn-json-same.h
 *
 * The scanner's promise (json/limn-json-scan.h), checked value by value:
 * what it accepts, json-glib reads to the same values. Shared by the
 * differential test (test-json-scan.c) and the fuzz target
 * (fuzz/fuzz-json-scan.c). @doc names the document in messages.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <string.h>

#include "json/limn-json-scan.h"

/* The same value in both, as far as the scanner reports it. */
static inline void
limn_test_json_scan_same (LimnJsonScan *scan,
                          guint         v,
                          JsonNode     *node,
                          const char   *doc)
{
  switch (limn_json_scan_get_type (scan, v))
    {
    case LIMN_JSON_SCAN_NULL:
      g_assert_true (JSON_NODE_HOLDS_NULL (node));
      break;
    case LIMN_JSON_SCAN_FALSE:
    case LIMN_JSON_SCAN_TRUE:
      g_assert_true (JSON_NODE_HOLDS_VALUE (node));
      g_assert_true (json_node_get_value_type (node) == G_TYPE_BOOLEAN);
      g_assert_cmpint (json_node_get_boolean (node), ==,
                       limn_json_scan_get_type (scan, v) == LIMN_JSON_SCAN_TRUE);
      break;
    case LIMN_JSON_SCAN_INTEGER:
      {
        gint64 i;

        g_assert_true (JSON_NODE_HOLDS_VALUE (node));
        g_assert_true (json_node_get_value_type (node) == G_TYPE_INT64);
        if (limn_json_scan_get_int64 (scan, v, &i))
          g_assert_cmpint (i, ==, json_node_get_int (node));
        break;
      }
    case LIMN_JSON_SCAN_DOUBLE:
      {
        double d = limn_json_scan_get_double (scan, v);

        g_assert_true (JSON_NODE_HOLDS_VALUE (node));
        g_assert_true (json_node_get_value_type (node) == G_TYPE_DOUBLE);
        if (memcmp (&d, &(double){ json_node_get_double (node) }, sizeof d) != 0)
          g_error ("%.17g against json-glib's %.17g in %s", d, json_node_get_double (node), doc);
        break;
      }
    case LIMN_JSON_SCAN_STRING:
      {
        gsize len;
        const char *s = limn_json_scan_get_string (scan, v, &len);

        g_assert_true (JSON_NODE_HOLDS_VALUE (node));
        g_assert_true (json_node_get_value_type (node) == G_TYPE_STRING);
        g_assert_cmpstr (s, ==, json_node_get_string (node));
        g_assert_cmpuint (len, ==, strlen (json_node_get_string (node)));
        break;
      }
    case LIMN_JSON_SCAN_ARRAY:
      {
        JsonArray *array;
        guint i = 0;

        g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
        array = json_node_get_array (node);
        g_assert_cmpuint (json_array_get_length (array), ==, limn_json_scan_get_length (scan, v));
        for (guint e = limn_json_scan_first (scan, v); e != LIMN_JSON_SCAN_NONE;
             e = limn_json_scan_next (scan, e))
          limn_test_json_scan_same (scan, e, json_array_get_element (array, i++), doc);
        g_assert_cmpuint (i, ==, json_array_get_length (array));
        break;
      }
    case LIMN_JSON_SCAN_OBJECT:
      {
        g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
        JsonObject *object;

        g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
        object = json_node_get_object (node);
        for (guint k = limn_json_scan_first (scan, v); k != LIMN_JSON_SCAN_NONE;
             k = limn_json_scan_next (scan, limn_json_scan_next (scan, k)))
          {
            const char *name = limn_json_scan_get_string (scan, k, NULL);
            guint last = limn_json_scan_member (scan, v, name);

            g_hash_table_add (names, (gpointer)name);
            g_assert_true (json_object_has_member (object, name));
            limn_test_json_scan_same (scan, last, json_object_get_member (object, name), doc);
          }
        g_assert_cmpuint (g_hash_table_size (names), ==, json_object_get_size (object));
        break;
      }
    default:
      g_assert_not_reached ();
    }
}

static inline guint
limn_test_json_scan_depth (LimnJsonScan *scan,
                           guint         v)
{
  guint deepest = 0;

  if (limn_json_scan_get_type (scan, v) != LIMN_JSON_SCAN_ARRAY &&
      limn_json_scan_get_type (scan, v) != LIMN_JSON_SCAN_OBJECT)
    return 0;

  for (guint c = limn_json_scan_first (scan, v); c != LIMN_JSON_SCAN_NONE; c = limn_json_scan_next (scan, c))
    {
      guint d = limn_test_json_scan_depth (scan, c);   /* not inside MAX (): it would run twice */

      deepest = MAX (deepest, d);
    }

  return deepest + 1;
}
