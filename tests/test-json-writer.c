/* test-json-writer.c
 *
 * The one JSON writer: strings escaped exactly as json-glib 1.6 escapes
 * them (every byte from U+0001 to U+007F, DEL included), except U+001F,
 * which json-glib leaves raw and which is not JSON; what it writes reads
 * back to the same value; NULL is null and bad UTF-8 is replaced; integers
 * as printf writes them; doubles in the fewest digits that round-trip.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "json/limn-json-writer.h"

static char *
glib_string (const char *str)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);

  json_node_set_string (node, str);
  return json_to_string (node, FALSE);
}

static char *
read_back (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (json, &error);

  g_assert_no_error (error);
  return g_strdup (json_node_get_string (node));
}

static void
test_escapes_as_json_glib (void)
{
  for (guint c = 1; c < 0x80; c++)
    {
      char str[] = { 'a', (char)c, 'b', '\0' };
      g_autoptr(GString) out = g_string_new (NULL);
      g_autofree char *glib = glib_string (str);
      g_autofree char *back = NULL;

      limn_json_writer_append_string (out, str);
      if (c == 0x1f)
        g_assert_cmpstr (out->str, ==, "\"a\\u001fb\"");
      else
        g_assert_cmpstr (out->str, ==, glib);

      back = read_back (out->str);
      g_assert_cmpstr (back, ==, str);
    }
}

static void
test_strings (void)
{
  static const struct { const char *in; const char *out; } cases[] = {
    { "", "\"\"" },
    { "caf\xc3\xa9 \xe6\x97\xa5 \xf0\x9f\x98\x80", "\"caf\xc3\xa9 \xe6\x97\xa5 \xf0\x9f\x98\x80\"" },
    { "\"quoted\" \\ back/slash", "\"\\\"quoted\\\" \\\\ back/slash\"" },
    { "\b\f\n\r\t\x01\x7f", "\"\\b\\f\\n\\r\\t\\u0001\\u007f\"" },
    { "bad \xff byte", "\"bad \xef\xbf\xbd byte\"" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) out = g_string_new (NULL);

      limn_json_writer_append_string (out, cases[i].in);
      g_assert_cmpstr (out->str, ==, cases[i].out);
    }

  {
    g_autoptr(GString) out = g_string_new ("[");

    limn_json_writer_append_string (out, NULL);
    g_assert_cmpstr (out->str, ==, "[null");
  }
}

static void
test_numbers (void)
{
  static const gint64 ints[] = { 0, 1, -1, 9, 10, -10, 1763856000000000, G_MAXINT64, G_MININT64 };
  static const double doubles[] = { 0, 1, -2.5, 0.1, 1.0 / 3, 1e15, 1e-7, 123456.789, -0.0 };

  for (guint i = 0; i < G_N_ELEMENTS (ints); i++)
    {
      g_autoptr(GString) out = g_string_new (NULL);
      g_autofree char *expected = g_strdup_printf ("%" G_GINT64_FORMAT, ints[i]);

      limn_json_writer_append_int (out, ints[i]);
      g_assert_cmpstr (out->str, ==, expected);
    }

  for (guint i = 0; i < G_N_ELEMENTS (doubles); i++)
    {
      g_autoptr(GString) out = g_string_new (NULL);

      limn_json_writer_append_double (out, doubles[i]);
      g_assert_cmpfloat (g_ascii_strtod (out->str, NULL), ==, doubles[i]);
      g_assert_cmpuint (strlen (out->str), <=, 24);
    }

  {
    g_autoptr(GString) out = g_string_new (NULL);

    limn_json_writer_append_double (out, 3);
    g_assert_cmpstr (out->str, ==, "3");
    g_string_truncate (out, 0);
    limn_json_writer_append_double (out, 0.1);
    g_assert_cmpstr (out->str, ==, "0.1");
    g_string_truncate (out, 0);
    limn_json_writer_append_double (out, NAN);
    g_assert_cmpstr (out->str, ==, "null");
  }
}

static void
test_trees (void)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonArray) array = json_array_new ();
  g_autofree char *object_text = NULL;
  g_autofree char *array_text = NULL;

  json_object_set_string_member (object, "a", "x\x7f");
  json_object_set_int_member (object, "b", 2);
  json_array_add_int_element (array, 1);
  json_array_add_null_element (array);

  object_text = limn_json_writer_object_to_string (object);
  array_text = limn_json_writer_array_to_string (array);
  g_assert_cmpstr (object_text, ==, "{\"a\":\"x\\u007f\",\"b\":2}");
  g_assert_cmpstr (array_text, ==, "[1,null]");
}

/* Trees are written as json_to_string() writes them, except where that
 * is not JSON: doubles with an exponent and no '.', doubles that are not
 * finite. */
static void
test_trees_always_json (void)
{
  static const char * const same[] = {
    "{\"a\":[1,-2,true,false,null],\"b\":{\"c\":\"\\\"\"}}",
    "[0.5,2.0,-0.0,1.0000000000000001e+300,9.9999999999999995e-08,1.5e+20]",
  };
  static const struct { const char *in, *out; } fixed[] = {
    { "[1e20,-2E+30]", "[1e+20,-2e+30]" },
    { "{\"x\":1e400,\"y\":[-1e999]}", "{\"x\":null,\"y\":[null]}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (same); i++)
    {
      g_autoptr(JsonNode) node = json_from_string (same[i], NULL);
      g_autofree char *text = limn_json_writer_node_to_string (node);
      g_autofree char *glib_text = json_to_string (node, FALSE);

      g_assert_cmpstr (text, ==, glib_text);
    }

  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    {
      g_autoptr(JsonNode) node = json_from_string (fixed[i].in, NULL);
      g_autofree char *text = limn_json_writer_node_to_string (node);
      g_autofree char *glib_text = json_to_string (node, FALSE);
      g_autoptr(JsonNode) again = NULL;

      /* What json-glib writes here, it cannot read back. */
      g_assert_null (json_from_string (glib_text, NULL));
      g_assert_cmpstr (text, ==, fixed[i].out);
      again = json_from_string (text, NULL);
      g_assert_nonnull (again);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json-writer/escapes-as-json-glib", test_escapes_as_json_glib);
  g_test_add_func ("/json-writer/strings", test_strings);
  g_test_add_func ("/json-writer/numbers", test_numbers);
  g_test_add_func ("/json-writer/trees", test_trees);
  g_test_add_func ("/json-writer/trees-always-json", test_trees_always_json);

  return g_test_run ();
}
