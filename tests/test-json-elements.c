/* test-json-elements.c
 *
 * The element walker against LimnJsonScan on the same texts: every class
 * of malformed input around and inside the elements, then thousands of
 * seeded random documents, valid and mutated. Each must get the same
 * verdict at the same byte, and element by element the same values
 * (limn-json-elements-same.h); a walk over a large array keeps one
 * element's scan, not the array's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "limn-json-elements-same.h"

#define MAX_DEPTH 32

static void
test_walk (void)
{
  static const char doc[] = " {\"images\": [1, {\"a\": \"]}\\\"\"}], \"k\\u00e9y\": \"v\", \"n\": -1.5e3} \n";
  g_autoptr(LimnJsonElements) walk = NULL;
  g_autoptr(GError) error = NULL;
  LimnJsonElement e;
  g_autoptr(LimnJsonElements) inner = NULL;

  walk = limn_json_elements_new (doc, 0, strlen (doc), MAX_DEPTH, &error);
  g_assert_no_error (error);
  g_assert_true (limn_json_elements_is_object (walk));

  g_assert_true (limn_json_elements_next (walk, &e, &error));
  g_assert_cmpstr (e.key, ==, "images");
  g_assert_cmpmem (doc + e.start, e.end - e.start, "[1, {\"a\": \"]}\\\"\"}]", strlen ("[1, {\"a\": \"]}\\\"\"}]"));

  /* A member's array, walked in turn. */
  inner = limn_json_elements_new (doc, e.start, e.end, MAX_DEPTH - 1, &error);
  g_assert_no_error (error);
  g_assert_false (limn_json_elements_is_object (inner));
  g_assert_true (limn_json_elements_next (inner, &e, &error));
  g_assert_null (e.key);
  g_assert_cmpmem (doc + e.start, e.end - e.start, "1", 1);
  g_assert_true (limn_json_elements_next (inner, &e, &error));
  {
    g_autoptr(LimnJsonScan) scan = limn_json_elements_scan (inner, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (limn_json_scan_get_string (scan, limn_json_scan_member (scan, 0, "a"), NULL),
                     ==, "]}\"");
  }
  g_assert_false (limn_json_elements_next (inner, &e, &error));
  g_assert_no_error (error);

  g_assert_true (limn_json_elements_next (walk, &e, &error));
  g_assert_cmpstr (e.key, ==, "k\xc3\xa9y");
  g_assert_true (limn_json_elements_next (walk, &e, &error));
  g_assert_cmpstr (e.key, ==, "n");
  g_assert_cmpmem (doc + e.start, e.end - e.start, "-1.5e3", 6);
  g_assert_false (limn_json_elements_next (walk, &e, &error));
  g_assert_no_error (error);
  /* Done stays done. */
  g_assert_false (limn_json_elements_next (walk, &e, &error));
  g_assert_no_error (error);
}

static void
test_malformed (void)
{
  static const char *docs[] = {
    "", " ", "[", "{", "[1", "[1,", "[1,]", "[,]", "[,1]", "{,}", "{\"a\"}", "{\"a\":}",
    "{\"a\":1,}", "{\"a\" 1}", "{1:2}", "[1 2]", "[1:2]", "[1}", "{\"a\":1]", "[]]", "[] x",
    "[]\x0b", "[\"abc]", "[\"a\\x\"]", "[\"\\u0000\"]", "[\"\\ud800\"]", "[tru]", "[truex]",
    "[-]", "[01]", "[1.]", "[\xff]", "[\"\xc3\"]", "[{\"a\":[}]]", "{\"\\q\":1}", "{\"a\x01\":1}",
    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]", "[\"a\"\"b\"]",
    "[1,\n2,\n{\"x\": [3, 4,]}]", "{\"a\": 1} {}", "[/*c*/1]", "['a']", "[1]\n\n",
    "{\"images\": [], \"images\": [1, 2]}", "[\t\r\n1\t,\t2\r\n]", "[{}, [], \"\", 0, null]",
    "1", "\"s\"", "null", "  -0 ", "{\"a\":{\"b\":{\"c\":[]}}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (docs); i++)
    limn_test_json_elements_same (docs[i], strlen (docs[i]), MAX_DEPTH);

  /* Depth: at the limit, one past it, and with a limit of 1 and 0. */
  for (guint limit = 0; limit < 4; limit++)
    {
      limn_test_json_elements_same ("[[1]]", 5, limit);
      limn_test_json_elements_same ("{\"a\": [{}]}", 11, limit);
      limn_test_json_elements_same ("[]", 2, limit);
    }
}

/* Random documents */

static void
gen_value (GRand   *rand,
           GString *out,
           guint    depth)
{
  static const char *scalars[] = {
    "null", "true", "false", "0", "-0", "12", "-3.5e-7", "1E+2", "9223372036854775808",
    "\"\"", "\"a\"", "\"]}\"", "\"\\\"[\"", "\"\\\\\"", "\"\\u00e9\\ud83d\\ude00\"", "\"\xc3\xa9\xf0\x9f\x98\x80\"",
  };
  static const char *spaces[] = { "", "", " ", "\n", "\r\n", "\t" };
  int choice = g_rand_int_range (rand, 0, depth < 6 ? 6 : 2);

  g_string_append (out, spaces[g_rand_int_range (rand, 0, G_N_ELEMENTS (spaces))]);
  if (choice < 2)
    g_string_append (out, scalars[g_rand_int_range (rand, 0, G_N_ELEMENTS (scalars))]);
  else
    {
      gboolean object = choice % 2;
      guint n = g_rand_int_range (rand, 0, depth == 0 ? 12 : 5);

      g_string_append_c (out, object ? '{' : '[');
      for (guint i = 0; i < n; i++)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          if (object)
            {
              g_string_append (out, spaces[g_rand_int_range (rand, 0, G_N_ELEMENTS (spaces))]);
              g_string_append (out, scalars[9 + g_rand_int_range (rand, 0, 7)]);
              g_string_append (out, spaces[g_rand_int_range (rand, 0, G_N_ELEMENTS (spaces))]);
              g_string_append_c (out, ':');
            }
          gen_value (rand, out, depth + 1);
        }
      g_string_append (out, spaces[g_rand_int_range (rand, 0, G_N_ELEMENTS (spaces))]);
      g_string_append_c (out, object ? '}' : ']');
    }
  g_string_append (out, spaces[g_rand_int_range (rand, 0, G_N_ELEMENTS (spaces))]);
}

static void
mutate (GRand   *rand,
        GString *doc)
{
  static const char specials[] = "{}[]\",:\\ 0123456789-+.eEtfnul/'\t\n\x01\x7f\xff\xc3\xed";
  guint edits = g_rand_int_range (rand, 1, 4);

  for (guint i = 0; i < edits && doc->len > 0; i++)
    {
      gsize at = g_rand_int_range (rand, 0, doc->len);
      char c = specials[g_rand_int_range (rand, 0, sizeof specials - 1)];

      switch (g_rand_int_range (rand, 0, 5))
        {
        case 0: doc->str[at] = c; break;
        case 1: g_string_insert_c (doc, at, c); break;
        case 2: g_string_erase (doc, at, 1); break;
        case 3: g_string_truncate (doc, at); break;
        default: g_string_insert (doc, at, (const char *[]){ "\\u0000", "\\ud800", "\\u00", "\\" }
                                                [g_rand_int_range (rand, 0, 4)]); break;
        }
    }
}

static void
test_differential (void)
{
  guint counts[2][2] = { { 0 } };   /* [mutated][refused, accepted] */

  for (guint seed = 1; seed <= 20000; seed++)
    {
      g_autoptr(GString) doc = g_string_new (NULL);
      GRand *rand = g_rand_new_with_seed (seed);
      gboolean mutated = seed % 2 == 0;
      guint depth = seed % 5 == 0 ? g_rand_int_range (rand, 0, 8) : MAX_DEPTH;

      gen_value (rand, doc, 0);
      if (mutated)
        mutate (rand, doc);
      g_rand_free (rand);

      counts[mutated][limn_test_json_elements_same (doc->str, doc->len, depth)]++;
    }

  g_test_message ("generated: %u accepted, %u refused (depth); mutated: %u accepted, %u refused",
                  counts[0][1], counts[0][0], counts[1][1], counts[1][0]);
  g_assert_cmpuint (counts[0][1], >, 8000);
  g_assert_cmpuint (counts[1][0], >, 3000);
  g_assert_cmpuint (counts[1][1], >, 500);
}

/* A large array walked element by element: its scans stay one element's
 * size, and the elements are all there. */
static void
test_large (void)
{
  g_autoptr(GString) doc = g_string_new ("[");
  g_autoptr(LimnJsonElements) walk = NULL;
  g_autoptr(GError) error = NULL;
  LimnJsonElement e;
  guint n = 0;

  for (guint i = 0; i < 200000; i++)
    g_string_append_printf (doc, "%s{\"id\": %u, \"data\": {\"text\": \"t%u\"}}", i ? ",\n" : "", i, i);
  g_string_append (doc, "]");

  walk = limn_json_elements_new (doc->str, 0, doc->len, MAX_DEPTH, &error);
  while (limn_json_elements_next (walk, &e, &error))
    {
      g_autoptr(LimnJsonScan) scan = limn_json_elements_scan (walk, &error);
      gint64 id = -1;

      g_assert_no_error (error);
      g_assert_cmpuint (limn_json_scan_get_n_values (scan), ==, 7);
      g_assert_true (limn_json_scan_get_int64 (scan, limn_json_scan_member (scan, 0, "id"), &id));
      g_assert_cmpint (id, ==, n);
      n++;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 200000);

  /* A fault deep in it: the byte, as a whole scan has it. */
  doc->str[doc->len - 30] = '\x01';
  g_assert_false (limn_test_json_elements_same (doc->str, doc->len, MAX_DEPTH));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json-elements/walk", test_walk);
  g_test_add_func ("/json-elements/malformed", test_malformed);
  g_test_add_func ("/json-elements/differential", test_differential);
  g_test_add_func ("/json-elements/large", test_large);

  return g_test_run ();
}
