/* test-json-reader.c
 *
 * The one strict JSON reader: a document is refused whole when it is not
 * UTF-8, nested past the limit, holds "\u0000" or a lone surrogate, has
 * what json-glib reads but JSON has not (comments, single quotes: they
 * once hid nesting from the depth limit), or is not an object; each
 * getter takes exactly its type (an integer is not a string or a float;
 * a whole number may be written 1.0), its size and range, valid UTF-8 and
 * Limn's UUIDs; absent and null are one; *out is only written on success;
 * and messages name the member by its path.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "json/limn-json-reader.h"

#define REQUIRED LIMN_JSON_READER_REQUIRED
#define OPTIONAL LIMN_JSON_READER_OPTIONAL

static JsonObject *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = limn_json_reader_parse_object (text, strlen (text), &error);

  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (root));
}

static void
test_documents (void)
{
  static const char *refused[] = {
    "", "[]", "7", "\"s\"", "{", "{\"a\": }", "{\"a\": \"x\\u0000y\"}", "{\"a\": \"\xff\"}",
  };
  g_autoptr(GString) deep = g_string_new ("{\"a\":");
  g_autoptr(GString) limit = g_string_new ("{\"a\":");

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) root = limn_json_reader_parse_object (refused[i], strlen (refused[i]), &error);

      g_assert_null (root);
      g_assert_error (error, LIMN_JSON_READER_ERROR, LIMN_JSON_READER_ERROR_SYNTAX);
    }

  /* The limit counts the outer object: 32 levels pass, 33 do not. */
  for (guint i = 1; i < LIMN_JSON_READER_MAX_DEPTH; i++)
    g_string_append_c (limit, '[');
  for (guint i = 1; i < LIMN_JSON_READER_MAX_DEPTH; i++)
    g_string_append_c (limit, ']');
  g_string_append_c (limit, '}');
  {
    g_autoptr(JsonObject) ok = parse (limit->str);

    g_assert_true (json_object_has_member (ok, "a"));
  }

  for (guint i = 0; i < LIMN_JSON_READER_MAX_DEPTH; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < LIMN_JSON_READER_MAX_DEPTH; i++)
    g_string_append_c (deep, ']');
  g_string_append_c (deep, '}');
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) root = limn_json_reader_parse_object (deep->str, deep->len, &error);

    g_assert_null (root);
    g_assert_error (error, LIMN_JSON_READER_ERROR, LIMN_JSON_READER_ERROR_SYNTAX);
  }

  /* Brackets inside strings do not count. */
  {
    g_autofree char *brackets = g_strnfill (2 * LIMN_JSON_READER_MAX_DEPTH, '[');
    g_autofree char *text = g_strdup_printf ("{\"a\": \"%s\"}", brackets);
    g_autoptr(JsonObject) ok = parse (text);

    g_assert_cmpstr (json_object_get_string_member (ok, "a"), ==, brackets);
  }
}

/* What json-glib lexes otherwise than JSON, and so once hid nesting or a
 * NUL from the checks before it (fuzz-json-reader found these; the
 * regressions are in tests/fuzz/regressions/fuzz-json-reader/). */
static void
test_lexing (void)
{
  static const char *refused[] = {
    "{\"a\": 'x'}", "{/* c */ \"a\": 1}", "{\"a\": 1 // c\n}", "{\"a\": \"\\ud800\"}",
    "{\"a\": \"\\udc00x\"}", "{\"a\": \"\\ud800\\u0041\"}", "{\"a\": \"\\u12\"}",
    "{\"a\": \"\\u12", "{\"a\": '\"', \"b\": \"\\u0000\"}",
  };
  static const char *hiding[] = {
    "{\"a\": '\"', \"b\": ", "{/*\"*/ \"b\": ", "{\"a\": \"\\ud800\"\", \"b\": ",
  };
  static const char *accepted[] = {
    "{\"a\": \"/*'\\\"\\u00e9\\ud83d\\ude00\\/\"}", "{\"a\": \"\\q\"}", "{\"a\": 0x10}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) root = limn_json_reader_parse_object (refused[i], strlen (refused[i]),
                                                                &error);

      g_assert_null (root);
      g_assert_error (error, LIMN_JSON_READER_ERROR, LIMN_JSON_READER_ERROR_SYNTAX);
    }

  /* 40 levels behind each, which json-glib read in full before. */
  for (guint i = 0; i < G_N_ELEMENTS (hiding); i++)
    {
      g_autofree char *open = g_strnfill (40, '[');
      g_autofree char *close = g_strnfill (40, ']');
      g_autofree char *text = g_strconcat (hiding[i], open, close, "}", NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) root = limn_json_reader_parse_object (text, strlen (text), &error);

      g_assert_null (root);
      g_assert_error (error, LIMN_JSON_READER_ERROR, LIMN_JSON_READER_ERROR_SYNTAX);
    }

  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_autoptr(JsonObject) ok = parse (accepted[i]);

      g_assert_true (json_object_has_member (ok, "a"));
    }
}

/* A '"' that json-glib reads inside a comment or a single-quoted string
 * does not hide the structure after it from the depth check: json-glib's
 * parser recurses once per level, and 8 MiB of "[" overflowed the stack
 * when the check took the quote for a string's start. Both are refused
 * now, before json-glib sees them, as not JSON. */
static void
test_hidden_depth (void)
{
  static const char * const openers[] = { "/* \" */", "// \"\n", "'\"', \"b\": " };

  for (guint i = 0; i < G_N_ELEMENTS (openers); i++)
    {
      g_autoptr(GString) text = g_string_new ("{\"a\": ");
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) root = NULL;

      g_string_append (text, openers[i]);
      for (guint d = 0; d < 100000; d++)
        g_string_append_c (text, '[');
      for (guint d = 0; d < 100000; d++)
        g_string_append_c (text, ']');
      g_string_append (text, "}");

      root = limn_json_reader_parse_object (text->str, text->len, &error);
      g_assert_null (root);
      g_assert_error (error, LIMN_JSON_READER_ERROR, LIMN_JSON_READER_ERROR_SYNTAX);
      g_assert_nonnull (strstr (error->message, "not JSON"));
    }
}

/* Values and items are counted before anything is built, and never fewer
 * than a parser would build. */
static void
test_limits (void)
{
  const LimnJsonReaderLimits limits = { .max_values = 10, .max_items = 3 };
  static const struct { const char *text; gboolean ok; int code; } cases[] = {
    { "{\"items\": [1, 2, 3]}", TRUE, 0 },
    { "{\"items\": [1, 2, 3, 4]}", FALSE, LIMN_JSON_READER_ERROR_TOO_LARGE }, /* items */
    { "{\"items\": [[1, 2, 3, 4, 5]]}", TRUE, 0 },           /* one item */
    { "{\"a\": [1, 2], \"b\": [3, 4], \"c\": [5, 6]}", FALSE, /* 1 + 3 keys + 3 arrays + 6 */
      LIMN_JSON_READER_ERROR_TOO_LARGE },
    { "{\"a\": \"1,2,3,4,5,6,7,8,9,10,11\"}", TRUE, 0 },     /* commas in a string */
    { "{\"a\": \"\\\"]]]\", \"b\": [1,2,3,4,5,6,7,8,9,10]}", FALSE, /* nor an escaped '"' */
      LIMN_JSON_READER_ERROR_TOO_LARGE },
    /* Not JSON: refused before anything is counted behind them. */
    { "{\"a\": '\"', \"b\": [1,2,3,4,5,6,7,8,9,10]}", FALSE, LIMN_JSON_READER_ERROR_SYNTAX },
    { "{\"a\": /* \" */ [1,2,3,4,5,6,7,8,9,10]}", FALSE, LIMN_JSON_READER_ERROR_SYNTAX },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok = limn_json_reader_check_limits (cases[i].text, strlen (cases[i].text), &limits,
                                                   &error);

      if (ok != cases[i].ok)
        g_error ("case %u (%s): %s", i, cases[i].text, ok ? "passed" : error->message);
      if (!ok)
        g_assert_error (error, LIMN_JSON_READER_ERROR, cases[i].code);
    }
}

/* A string of escapes is read in time linear in its length: the closing
 * quote was looked for again after every escape (256 Ki escapes took
 * 0.6 s, 128 Ki 0.18 s; an 8 MiB batch body of them, some 3 minutes of
 * a worker). */
static void
test_long_escaped_string (void)
{
  gsize n = 2 * 1024 * 1024;
  g_autoptr(GString) text = g_string_sized_new (2 * n + 16);
  const LimnJsonReaderLimits limits = { 0 };
  g_autoptr(GError) error = NULL;
  gint64 start;

  g_string_append (text, "{\"a\": \"");
  for (gsize i = 0; i < n; i++)
    g_string_append (text, "\\n");
  g_string_append (text, "\"}");

  start = g_get_monotonic_time ();
  g_assert_true (limn_json_reader_check_limits (text->str, text->len, &limits, &error));
  g_assert_no_error (error);
  /* About 20 ms; by the figures above it was some 40 s. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
}

static void
test_exact_types (void)
{
  g_autoptr(JsonObject) o = parse ("{\"i\": 7, \"f\": 7.0, \"e\": 7e1, \"h\": 7.5, \"s\": \"7\", "
                                   "\"b\": true, \"n\": null, \"a\": [1, 2, 3], \"o\": {}, "
                                   "\"big\": 1e300, \"u\": \"0b5d6c1e-1111-4a2b-8c3d-000000000001\", "
                                   "\"U\": \"0B5D6C1E-1111-4A2B-8C3D-000000000001\", "
                                   "\"pair\": \"x\\ud83d\\ude00y\"}");
  gint64 i = -1;
  double d = -1;
  gboolean b = FALSE;
  const char *str = NULL;
  JsonArray *array = NULL;
  JsonObject *object = NULL;
  GError *error = NULL;

  g_assert_true (limn_json_reader_get_int (o, "i", REQUIRED, 0, 10, &i, NULL, NULL));
  g_assert_cmpint (i, ==, 7);
  g_assert_false (limn_json_reader_get_int (o, "f", REQUIRED, 0, 10, &i, NULL, &error));
  g_assert_error (error, LIMN_JSON_READER_ERROR, LIMN_JSON_READER_ERROR_TYPE);
  g_assert_cmpstr (error->message, ==, "f: must be an integer.");
  g_clear_error (&error);
  g_assert_false (limn_json_reader_get_int (o, "s", REQUIRED, 0, 10, &i, NULL, NULL));

  /* Whole numbers may be written as a double without a fraction. */
  i = -1;
  g_assert_true (limn_json_reader_get_whole (o, "f", REQUIRED, 0, 100, &i, NULL, NULL));
  g_assert_cmpint (i, ==, 7);
  g_assert_true (limn_json_reader_get_whole (o, "e", REQUIRED, 0, 100, &i, NULL, NULL));
  g_assert_cmpint (i, ==, 70);
  g_assert_false (limn_json_reader_get_whole (o, "h", REQUIRED, 0, 100, &i, NULL, NULL));
  g_assert_false (limn_json_reader_get_whole (o, "big", REQUIRED, 0, G_MAXINT64, &i,
                                              NULL, NULL));
  g_assert_false (limn_json_reader_get_whole (o, "s", REQUIRED, 0, 100, &i, NULL, NULL));
  g_assert_false (limn_json_reader_get_whole (o, "e", REQUIRED, 0, 10, &i, "x", &error));
  g_assert_error (error, LIMN_JSON_READER_ERROR, LIMN_JSON_READER_ERROR_RANGE);
  g_assert_cmpstr (error->message, ==, "x.e: must be from 0 to 10.");
  g_clear_error (&error);

  g_assert_true (limn_json_reader_get_double (o, "h", REQUIRED, 0, 10, &d, NULL, NULL));
  g_assert_cmpfloat (d, ==, 7.5);
  g_assert_true (limn_json_reader_get_double (o, "i", REQUIRED, 0, 10, &d, NULL, NULL));
  g_assert_cmpfloat (d, ==, 7);
  g_assert_false (limn_json_reader_get_double (o, "s", REQUIRED, 0, 10, &d, NULL, NULL));

  g_assert_true (limn_json_reader_get_boolean (o, "b", REQUIRED, &b, NULL, NULL));
  g_assert_true (b);
  g_assert_false (limn_json_reader_get_boolean (o, "i", REQUIRED, &b, NULL, NULL));

  g_assert_true (limn_json_reader_get_string (o, "s", REQUIRED, 1, &str, NULL, NULL));
  g_assert_cmpstr (str, ==, "7");
  g_assert_false (limn_json_reader_get_string (o, "i", REQUIRED, 0, &str, NULL, NULL));
  g_assert_false (limn_json_reader_get_string (o, "u", REQUIRED, 35, &str, "t", &error));
  g_assert_error (error, LIMN_JSON_READER_ERROR, LIMN_JSON_READER_ERROR_RANGE);
  g_assert_cmpstr (error->message, ==, "t.u: longer than 35 bytes.");
  g_clear_error (&error);
  g_assert_true (limn_json_reader_get_string (o, "pair", REQUIRED, 0, &str, NULL, NULL));
  g_assert_cmpstr (str, ==, "x😀y");

  g_assert_true (limn_json_reader_get_uuid (o, "u", REQUIRED, &str, NULL, NULL));
  g_assert_cmpstr (str, ==, "0b5d6c1e-1111-4a2b-8c3d-000000000001");
  g_assert_false (limn_json_reader_get_uuid (o, "U", REQUIRED, &str, NULL, &error));
  g_assert_cmpstr (error->message, ==, "U: must be a lower-case UUID.");
  g_clear_error (&error);

  g_assert_true (limn_json_reader_get_array (o, "a", REQUIRED, 3, &array, NULL, NULL));
  g_assert_cmpuint (json_array_get_length (array), ==, 3);
  g_assert_false (limn_json_reader_get_array (o, "a", REQUIRED, 2, &array, NULL, &error));
  g_assert_cmpstr (error->message, ==, "a: more than 2 elements.");
  g_clear_error (&error);
  g_assert_false (limn_json_reader_get_array (o, "o", REQUIRED, 0, &array, NULL, NULL));
  g_assert_true (limn_json_reader_get_object (o, "o", REQUIRED, &object, NULL, NULL));
  g_assert_nonnull (object);
  g_assert_false (limn_json_reader_get_object (o, "a", REQUIRED, &object, NULL, NULL));

  {
    g_autoptr(JsonObject) holder = parse ("{\"a\": [{}]}");

    g_assert_nonnull (limn_json_reader_get_element_object (json_object_get_array_member (holder, "a"),
                                                           0, "a[0]", NULL));
  }
  g_assert_null (limn_json_reader_get_element_object (array, 0, "a[0]", &error));
  g_assert_cmpstr (error->message, ==, "a[0]: must be an object.");
  g_clear_error (&error);
  g_assert_null (limn_json_reader_get_element_object (array, 9, "a[9]", NULL));
}

static void
test_absent_and_null (void)
{
  g_autoptr(JsonObject) o = parse ("{\"n\": null}");
  const char *str = "default";
  gint64 i = 5;
  GError *error = NULL;

  /* Optional: TRUE, and *out as the caller set it. */
  g_assert_true (limn_json_reader_get_string (o, "n", OPTIONAL, 0, &str, NULL, NULL));
  g_assert_true (limn_json_reader_get_string (o, "x", OPTIONAL, 0, &str, NULL, NULL));
  g_assert_cmpstr (str, ==, "default");
  g_assert_true (limn_json_reader_get_int (o, "x", OPTIONAL, 0, 1, &i, NULL, NULL));
  g_assert_cmpint (i, ==, 5);

  /* Required: missing, whether absent or null. */
  g_assert_false (limn_json_reader_get_string (o, "n", REQUIRED, 0, &str, "items[3]",
                                               &error));
  g_assert_error (error, LIMN_JSON_READER_ERROR, LIMN_JSON_READER_ERROR_TYPE);
  g_assert_cmpstr (error->message, ==, "items[3].n: missing.");
  g_clear_error (&error);
  g_assert_false (limn_json_reader_get_int (o, "x", REQUIRED, 0, 1, &i, NULL, &error));
  g_assert_cmpstr (error->message, ==, "x: missing.");
  g_clear_error (&error);
  g_assert_cmpstr (str, ==, "default");
  g_assert_cmpint (i, ==, 5);

  g_assert_false (limn_json_reader_fail (&error, LIMN_JSON_READER_ERROR_RANGE, "a", "b", "is odd"));
  g_assert_cmpstr (error->message, ==, "a.b: is odd.");
  g_clear_error (&error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json-reader/documents", test_documents);
  g_test_add_func ("/json-reader/lexing", test_lexing);
  g_test_add_func ("/json-reader/hidden-depth", test_hidden_depth);
  g_test_add_func ("/json-reader/limits", test_limits);
  g_test_add_func ("/json-reader/long-escaped-string", test_long_escaped_string);
  g_test_add_func ("/json-reader/exact-types", test_exact_types);
  g_test_add_func ("/json-reader/absent-and-null", test_absent_and_null);

  return g_test_run ();
}
