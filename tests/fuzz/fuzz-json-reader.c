/* fuzz-json-reader.c
 *
 * The strict reader (json/limn-json-reader.c) on any bytes. Its promises,
 * checked: a document it accepts is an object nested at most
 * LIMN_JSON_READER_MAX_DEPTH deep (json-glib's parser recurses, so a
 * deeper one would be a stack overflow waiting for a larger input) with
 * no NUL in any string; a document the strict scanner accepts as an
 * object, it accepts too; and every getter, on every member, either gives
 * a value of exactly its type within its limits or fails with a
 * LIMN_JSON_READER_ERROR and leaves *out alone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "json/limn-json-reader.h"
#include "json/limn-json-scan.h"
#include "limn-fuzz.h"
#include "model/limn-id.h"

#define REQUIRED LIMN_JSON_READER_REQUIRED
#define OPTIONAL LIMN_JSON_READER_OPTIONAL

/* Nesting of @node, the root being 1; stops counting past @limit, so a
 * broken promise is reported, not recursed into. */
static guint
depth_of (JsonNode *node,
          guint     limit)
{
  guint deepest = 0;

  if (limit == 0)
    return 1;

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          /* Once, not inside MAX (), which would run it twice a level. */
          guint d = depth_of (json_array_get_element (array, i), limit - 1);

          deepest = MAX (deepest, d);
        }
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autoptr(GList) members = json_object_get_values (json_node_get_object (node));

      for (GList *l = members; l != NULL; l = l->next)
        {
          guint d = depth_of (l->data, limit - 1);

          deepest = MAX (deepest, d);
        }
    }
  else
    {
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        g_assert_nonnull (json_node_get_string (node));
      return 0;
    }

  return deepest + 1;
}

/* @ok, after checking that a failure came with the reader's error;
 * clears it. */
static gboolean
expect (gboolean   ok,
        GError   **error)
{
  if (ok)
    g_assert_null (*error);
  else
    g_assert_true (*error != NULL && (*error)->domain == LIMN_JSON_READER_ERROR);
  g_clear_error (error);
  return ok;
}

/* Every getter on @member, required and optional. */
static void
check_member (JsonObject *o,
              const char *m)
{
  for (guint f = 0; f < 2; f++)
    {
      LimnJsonReaderFlags flags = f == 0 ? REQUIRED : OPTIONAL;
      const char *str = NULL;
      gint64 i = G_MININT64 + 7;
      double d = -42;
      gboolean b = 7;
      JsonArray *array = NULL;
      JsonObject *obj = NULL;
      GError *error = NULL;

      if (expect (limn_json_reader_get_string (o, m, flags, 8, &str, "w", &error), &error))
        g_assert_true (str == NULL || (strlen (str) <= 8 && g_utf8_validate (str, -1, NULL)));
      else
        g_assert_null (str);

      str = NULL;
      if (expect (limn_json_reader_get_string (o, m, flags, 0, &str, NULL, &error), &error))
        g_assert_true (str == NULL || g_utf8_validate (str, -1, NULL));
      else
        g_assert_null (str);

      str = NULL;
      if (expect (limn_json_reader_get_uuid (o, m, flags, &str, "w", &error), &error))
        g_assert_true (str == NULL || limn_id_is_uuid (str));
      else
        g_assert_null (str);

      if (expect (limn_json_reader_get_int (o, m, flags, -3, 10, &i, "w", &error), &error))
        g_assert_true (i == G_MININT64 + 7 || (i >= -3 && i <= 10));
      else
        g_assert_cmpint (i, ==, G_MININT64 + 7);

      i = G_MININT64 + 7;
      if (!expect (limn_json_reader_get_whole (o, m, flags, G_MININT64, G_MAXINT64,
                                               &i, NULL, &error), &error))
        g_assert_cmpint (i, ==, G_MININT64 + 7);

      i = G_MININT64 + 7;
      if (expect (limn_json_reader_get_whole (o, m, flags, 0, 1000, &i, NULL, &error), &error))
        g_assert_true (i == G_MININT64 + 7 || (i >= 0 && i <= 1000));
      else
        g_assert_cmpint (i, ==, G_MININT64 + 7);

      if (expect (limn_json_reader_get_double (o, m, flags, 0, 1, &d, "w", &error), &error))
        g_assert_true (d == -42 || (isfinite (d) && d >= 0 && d <= 1));
      else
        g_assert_cmpfloat (d, ==, -42);

      d = -42;
      if (expect (limn_json_reader_get_double (o, m, flags, -G_MAXDOUBLE, G_MAXDOUBLE,
                                               &d, NULL, &error), &error))
        g_assert_true (isfinite (d));
      else
        g_assert_cmpfloat (d, ==, -42);

      if (expect (limn_json_reader_get_boolean (o, m, flags, &b, "w", &error), &error))
        g_assert_true (b == 7 || b == TRUE || b == FALSE);
      else
        g_assert_cmpint (b, ==, 7);

      if (expect (limn_json_reader_get_array (o, m, flags, 2, &array, "w", &error), &error))
        {
          /* One index past the end too: refused, never read. */
          for (guint e = 0; array != NULL && e <= json_array_get_length (array); e++)
            expect (limn_json_reader_get_element_object (array, e, "w[e]", &error) != NULL,
                    &error);
          g_assert_true (array == NULL || json_array_get_length (array) <= 2);
        }
      else
        g_assert_null (array);

      if (expect (limn_json_reader_get_object (o, m, flags, &obj, "w", &error), &error))
        g_assert_true (obj == NULL || obj != o);
      else
        g_assert_null (obj);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *text = (const char *)data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnJsonScan) scan = limn_json_scan_new (text, size, LIMN_JSON_READER_MAX_DEPTH, NULL);
  g_autoptr(JsonNode) root = limn_json_reader_parse_object (text, size, &error);
  g_autoptr(GList) members = NULL;
  JsonObject *object;
  guint n = 0;

  if (root == NULL && scan != NULL &&
      limn_json_scan_get_type (scan, LIMN_JSON_SCAN_ROOT) == LIMN_JSON_SCAN_OBJECT)
    g_error ("strict JSON refused: %s: %.*s", error->message, (int)MIN (size, 512), text);

  if (!expect (root != NULL, &error))
    return 0;
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  if (depth_of (root, LIMN_JSON_READER_MAX_DEPTH + 1) > LIMN_JSON_READER_MAX_DEPTH)
    g_error ("accepted a document nested more than %d deep: %.*s",
             LIMN_JSON_READER_MAX_DEPTH, (int)MIN (size, 512), text);

  object = json_node_get_object (root);
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL && n < 64; l = l->next, n++)
    check_member (object, l->data);
  check_member (object, "absent member");

  return 0;
}
