/* test-json-scan.c
 *
 * The strict JSON scanner: every class of malformed input, nesting at and
 * past the limit, escapes, surrogate pairs, "\u0000", numbers at the edges
 * of gint64, huge strings, UTF-8 against g_utf8_validate(); and a
 * differential test against json-glib on thousands of seeded random
 * documents, valid and mutated: whatever the scanner accepts, json-glib
 * accepts with the same values; whatever json-glib refuses, the scanner
 * refuses; every generated valid document within the limits is accepted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "json/limn-json-scan.h"
#include "limn-json-same.h"

#define MAX_DEPTH 32

static LimnJsonScan *
scan_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  LimnJsonScan *scan = limn_json_scan_new (text, strlen (text), MAX_DEPTH, &error);

  if (scan == NULL)
    g_error ("“%s” refused: %s", text, error->message);
  return scan;
}

static void
assert_refused (const char *text,
                gsize       length,
                int         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnJsonScan) scan = limn_json_scan_new (text, length, MAX_DEPTH, &error);

  if (scan != NULL)
    g_error ("accepted “%.*s”", (int)length, text);
  g_assert_error (error, LIMN_JSON_SCAN_ERROR, code);
}

/* Values */

static void
test_values (void)
{
  g_autoptr(LimnJsonScan) scan =
    scan_ok (" {\"a\": [1, -2, 3.5, true, false, null, \"x\"], \"b\": {}, \"c\": [], \"a\": 7}\n");
  guint a, first, v;
  gint64 i;
  gsize len;

  g_assert_cmpint (limn_json_scan_get_type (scan, LIMN_JSON_SCAN_ROOT), ==, LIMN_JSON_SCAN_OBJECT);
  g_assert_cmpuint (limn_json_scan_get_length (scan, LIMN_JSON_SCAN_ROOT), ==, 4);

  /* The last of duplicate members wins, as in json-glib. */
  a = limn_json_scan_member (scan, LIMN_JSON_SCAN_ROOT, "a");
  g_assert_true (limn_json_scan_get_int64 (scan, a, &i));
  g_assert_cmpint (i, ==, 7);

  first = limn_json_scan_first (scan, LIMN_JSON_SCAN_ROOT);
  g_assert_true (limn_json_scan_string_equal (scan, first, "a"));
  v = limn_json_scan_next (scan, first);
  g_assert_cmpint (limn_json_scan_get_type (scan, v), ==, LIMN_JSON_SCAN_ARRAY);
  g_assert_cmpuint (limn_json_scan_get_length (scan, v), ==, 7);
  g_assert_cmpstr (limn_json_scan_get_raw (scan, v, &len), !=, NULL);
  g_assert_cmpmem (limn_json_scan_get_raw (scan, v, NULL), len, "[1, -2, 3.5, true, false, null, \"x\"]", 36);

  v = limn_json_scan_first (scan, v);
  g_assert_true (limn_json_scan_get_int64 (scan, v, &i) && i == 1);
  v = limn_json_scan_next (scan, v);
  g_assert_true (limn_json_scan_get_int64 (scan, v, &i) && i == -2);
  v = limn_json_scan_next (scan, v);
  g_assert_cmpint (limn_json_scan_get_type (scan, v), ==, LIMN_JSON_SCAN_DOUBLE);
  g_assert_false (limn_json_scan_get_int64 (scan, v, &i));
  g_assert_cmpfloat (limn_json_scan_get_double (scan, v), ==, 3.5);
  v = limn_json_scan_next (scan, v);
  g_assert_cmpint (limn_json_scan_get_type (scan, v), ==, LIMN_JSON_SCAN_TRUE);
  v = limn_json_scan_next (scan, v);
  g_assert_cmpint (limn_json_scan_get_type (scan, v), ==, LIMN_JSON_SCAN_FALSE);
  v = limn_json_scan_next (scan, v);
  g_assert_cmpint (limn_json_scan_get_type (scan, v), ==, LIMN_JSON_SCAN_NULL);
  v = limn_json_scan_next (scan, v);
  g_assert_cmpstr (limn_json_scan_get_string (scan, v, NULL), ==, "x");
  g_assert_cmpmem (limn_json_scan_get_raw (scan, v, &len), len, "\"x\"", 3);
  g_assert_cmpuint (limn_json_scan_next (scan, v), ==, LIMN_JSON_SCAN_NONE);

  v = limn_json_scan_member (scan, LIMN_JSON_SCAN_ROOT, "b");
  g_assert_cmpint (limn_json_scan_get_type (scan, v), ==, LIMN_JSON_SCAN_OBJECT);
  g_assert_cmpuint (limn_json_scan_first (scan, v), ==, LIMN_JSON_SCAN_NONE);
  g_assert_cmpuint (limn_json_scan_end (scan, v), ==, v + 1);
  g_assert_cmpuint (limn_json_scan_member (scan, LIMN_JSON_SCAN_ROOT, "zz"), ==, LIMN_JSON_SCAN_NONE);
  g_assert_cmpuint (limn_json_scan_end (scan, LIMN_JSON_SCAN_ROOT), ==,
                    limn_json_scan_get_n_values (scan));

  /* Any value may be the root. */
  for (guint k = 0; k < 6; k++)
    {
      static const char *roots[] = { "0", "-0", "\"\"", "null", "[]", " true " };
      g_autoptr(LimnJsonScan) s = scan_ok (roots[k]);

      g_assert_cmpuint (limn_json_scan_get_n_values (s), ==, 1);
    }
}

static void
test_escapes (void)
{
  static const struct { const char *json; const char *value; } cases[] = {
    { "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", "\"\\/\b\f\n\r\t" },
    { "\"\\u0041\\u00e9\\u00E9\\u20ac\"", "A\xc3\xa9\xc3\xa9\xe2\x82\xac" },
    { "\"\\u0001\\u001f\\u007f\"", "\x01\x1f\x7f" },
    { "\"\\ud83d\\ude00\"", "\xf0\x9f\x98\x80" },                /* a surrogate pair */
    { "\"\\uD83D\\uDE00\"", "\xf0\x9f\x98\x80" },
    { "\"\\udbff\\udfff\"", "\xf4\x8f\xbf\xbf" },                /* U+10FFFF */
    { "\"\\uffff\\ufffe\"", "\xef\xbf\xbf\xef\xbf\xbe" },        /* noncharacters are text */
    { "\"caf\xc3\xa9 \xe6\x97\xa5 \xf0\xa0\xae\xb7\x7f\"", "caf\xc3\xa9 \xe6\x97\xa5 \xf0\xa0\xae\xb7\x7f" },
    { "\"\"", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(LimnJsonScan) scan = scan_ok (cases[i].json);
      gsize len;

      g_assert_cmpstr (limn_json_scan_get_string (scan, 0, &len), ==, cases[i].value);
      g_assert_cmpuint (len, ==, strlen (cases[i].value));
      g_assert_true (limn_json_scan_string_equal (scan, 0, cases[i].value));
    }
}

static void
test_numbers (void)
{
  static const struct { const char *json; gboolean integer; gboolean in_range; gint64 value; double d; } cases[] = {
    { "0", TRUE, TRUE, 0, 0 },
    { "-0", TRUE, TRUE, 0, -0.0 },
    { "9223372036854775807", TRUE, TRUE, G_MAXINT64, 9223372036854775807.0 },
    { "-9223372036854775808", TRUE, TRUE, G_MININT64, -9223372036854775808.0 },
    { "9223372036854775808", TRUE, FALSE, 0, 9223372036854775808.0 },
    { "-9223372036854775809", TRUE, FALSE, 0, -9223372036854775809.0 },
    { "18446744073709551616", TRUE, FALSE, 0, 18446744073709551616.0 },
    { "123456789012345678901234567890", TRUE, FALSE, 0, 123456789012345678901234567890.0 },
    { "1.0", FALSE, FALSE, 0, 1.0 },
    { "-12.5e-1", FALSE, FALSE, 0, -1.25 },
    { "1E+2", FALSE, FALSE, 0, 100 },
    { "0.1", FALSE, FALSE, 0, 0.1 },
    { "1e400", FALSE, FALSE, 0, INFINITY },
    { "-1e400", FALSE, FALSE, 0, -INFINITY },
    { "1e-400", FALSE, FALSE, 0, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(LimnJsonScan) scan = scan_ok (cases[i].json);
      gint64 v = 0;

      g_assert_cmpint (limn_json_scan_get_type (scan, 0), ==,
                       cases[i].integer ? LIMN_JSON_SCAN_INTEGER : LIMN_JSON_SCAN_DOUBLE);
      g_assert_cmpint (limn_json_scan_get_int64 (scan, 0, &v), ==, cases[i].in_range);
      if (cases[i].in_range)
        g_assert_cmpint (v, ==, cases[i].value);
      g_assert_cmpfloat (limn_json_scan_get_double (scan, 0), ==, cases[i].d);
    }

  {
    g_autoptr(LimnJsonScan) scan = scan_ok ("\"1\"");

    g_assert_true (isnan (limn_json_scan_get_double (scan, 0)));
  }
}

/* Every class of malformed input, with the error it must give. */
static void
test_malformed (void)
{
  static const struct { const char *json; int code; } cases[] = {
    /* structure */
    { "", LIMN_JSON_SCAN_ERROR_SYNTAX },
    { "   ", LIMN_JSON_SCAN_ERROR_SYNTAX },
    { "{", LIMN_JSON_SCAN_ERROR_SYNTAX },
    { "[", LIMN_JSON_SCAN_ERROR_SYNTAX },
    { "}", LIMN_JSON_SCAN_ERROR_SYNTAX },
    { "[1}", LIMN_JSON_SCAN_ERROR_SYNTAX },
    { "{\"a\":1]", LIMN_JSON_SCAN_ERROR_SYNTAX },
    { "{\"a\" 1}", LIMN_JSON_SCAN_ERROR_SYNTAX },
    { "{\"a\":}", LIMN_JSON_SCAN_ERROR_SYNTAX },
    { "{\"a\":1,}", LIMN_JSON_SCAN_ERROR_SYNTAX },
    { "[1,]", LIMN_JSON_SCAN_ERROR_SYNTAX },
    { "[,1]", LIMN_JSON_SCAN_ERROR_SYNTAX },
    { "[1 2]", LIMN_JSON_SCAN_ERROR_SYNTAX },
    { "{,}", LIMN_JSON_SCAN_ERROR_SYNTAX },
    { "{a:1}", LIMN_JSON_SCAN_ERROR_SYNTAX },
    { "{1:1}", LIMN_JSON_SCAN_ERROR_SYNTAX },
    { "{'a':1}", LIMN_JSON_SCAN_ERROR_SYNTAX },
    { "['x']", LIMN_JSON_SCAN_ERROR_SYNTAX },
    { "{} x", LIMN_JSON_SCAN_ERROR_SYNTAX },
    { "{}}", LIMN_JSON_SCAN_ERROR_SYNTAX },
    { "{} {}", LIMN_JSON_SCAN_ERROR_SYNTAX },
    { "1 2", LIMN_JSON_SCAN_ERROR_SYNTAX },
    /* whitespace and comments JSON does not have */
    { "\f{}", LIMN_JSON_SCAN_ERROR_SYNTAX },
    { "\v{}", LIMN_JSON_SCAN_ERROR_SYNTAX },
    { "\xef\xbb\xbf{}", LIMN_JSON_SCAN_ERROR_SYNTAX },
    { "{} /* c */", LIMN_JSON_SCAN_ERROR_SYNTAX },
    { "{\"a\":1 /* c */}", LIMN_JSON_SCAN_ERROR_SYNTAX },
    { "{} // c", LIMN_JSON_SCAN_ERROR_SYNTAX },
    { "{} # c", LIMN_JSON_SCAN_ERROR_SYNTAX },
    /* literals */
    { "tru", LIMN_JSON_SCAN_ERROR_SYNTAX },
    { "truex", LIMN_JSON_SCAN_ERROR_SYNTAX },
    { "True", LIMN_JSON_SCAN_ERROR_SYNTAX },
    { "nul", LIMN_JSON_SCAN_ERROR_SYNTAX },
    { "nullnull", LIMN_JSON_SCAN_ERROR_SYNTAX },
    { "NaN", LIMN_JSON_SCAN_ERROR_SYNTAX },
    { "Infinity", LIMN_JSON_SCAN_ERROR_SYNTAX },
    { "-Infinity", LIMN_JSON_SCAN_ERROR_SYNTAX },
    { "undefined", LIMN_JSON_SCAN_ERROR_SYNTAX },
    /* numbers */
    { "-", LIMN_JSON_SCAN_ERROR_SYNTAX },
    { "- 1", LIMN_JSON_SCAN_ERROR_SYNTAX },
    { "--1", LIMN_JSON_SCAN_ERROR_SYNTAX },
    { "+1", LIMN_JSON_SCAN_ERROR_SYNTAX },
    { "01", LIMN_JSON_SCAN_ERROR_SYNTAX },
    { "-01", LIMN_JSON_SCAN_ERROR_SYNTAX },
    { "00", LIMN_JSON_SCAN_ERROR_SYNTAX },
    { ".5", LIMN_JSON_SCAN_ERROR_SYNTAX },
    { "1.", LIMN_JSON_SCAN_ERROR_SYNTAX },
    { "1.e3", LIMN_JSON_SCAN_ERROR_SYNTAX },
    { "1e", LIMN_JSON_SCAN_ERROR_SYNTAX },
    { "1e+", LIMN_JSON_SCAN_ERROR_SYNTAX },
    { "1.2.3", LIMN_JSON_SCAN_ERROR_SYNTAX },
    { "1e2.3", LIMN_JSON_SCAN_ERROR_SYNTAX },
    { "0x10", LIMN_JSON_SCAN_ERROR_SYNTAX },
    { "$10", LIMN_JSON_SCAN_ERROR_SYNTAX },
    { "0b101", LIMN_JSON_SCAN_ERROR_SYNTAX },
    { "1_000", LIMN_JSON_SCAN_ERROR_SYNTAX },
    /* strings */
    { "\"abc", LIMN_JSON_SCAN_ERROR_SYNTAX },
    { "\"abc\\\"", LIMN_JSON_SCAN_ERROR_SYNTAX },
    { "\"\\", LIMN_JSON_SCAN_ERROR_SYNTAX },
    { "\"\\x41\"", LIMN_JSON_SCAN_ERROR_SYNTAX },
    { "\"\\'\"", LIMN_JSON_SCAN_ERROR_SYNTAX },
    { "\"\\a\"", LIMN_JSON_SCAN_ERROR_SYNTAX },
    { "\"\\U0041\"", LIMN_JSON_SCAN_ERROR_SYNTAX },
    { "\"\\u12\"", LIMN_JSON_SCAN_ERROR_SYNTAX },
    { "\"\\u12g4\"", LIMN_JSON_SCAN_ERROR_SYNTAX },
    { "\"\\u", LIMN_JSON_SCAN_ERROR_SYNTAX },
    { "\"\t\"", LIMN_JSON_SCAN_ERROR_SYNTAX },
    { "\"\n\"", LIMN_JSON_SCAN_ERROR_SYNTAX },
    { "\"\x01\"", LIMN_JSON_SCAN_ERROR_SYNTAX },
    { "\"\x1f\"", LIMN_JSON_SCAN_ERROR_SYNTAX },
    /* encoding */
    { "\"\\u0000\"", LIMN_JSON_SCAN_ERROR_ENCODING },
    { "\"a\\u0000b\"", LIMN_JSON_SCAN_ERROR_ENCODING },
    { "{\"\\u0000\":1}", LIMN_JSON_SCAN_ERROR_ENCODING },
    { "\"\\ud83d\"", LIMN_JSON_SCAN_ERROR_ENCODING },
    { "\"\\ud83dx\"", LIMN_JSON_SCAN_ERROR_ENCODING },
    { "\"\\ud83d\\u0041\"", LIMN_JSON_SCAN_ERROR_ENCODING },
    { "\"\\ud83d\\ud83d\"", LIMN_JSON_SCAN_ERROR_ENCODING },
    { "\"\\ude00\"", LIMN_JSON_SCAN_ERROR_ENCODING },
    { "\"\\ude00\\ud83d\"", LIMN_JSON_SCAN_ERROR_ENCODING },
    { "\"\xff\"", LIMN_JSON_SCAN_ERROR_ENCODING },
    { "\"\x80\"", LIMN_JSON_SCAN_ERROR_ENCODING },             /* a stray continuation byte */
    { "\"\xc3\"", LIMN_JSON_SCAN_ERROR_ENCODING },             /* a truncated sequence */
    { "\"\xe2\x82\"", LIMN_JSON_SCAN_ERROR_ENCODING },
    { "\"\xc0\xaf\"", LIMN_JSON_SCAN_ERROR_ENCODING },         /* overlong "/" */
    { "\"\xe0\x80\xaf\"", LIMN_JSON_SCAN_ERROR_ENCODING },
    { "\"\xf0\x80\x80\xaf\"", LIMN_JSON_SCAN_ERROR_ENCODING },
    { "\"\xed\xa0\x80\"", LIMN_JSON_SCAN_ERROR_ENCODING },     /* an encoded surrogate */
    { "\"\xf4\x90\x80\x80\"", LIMN_JSON_SCAN_ERROR_ENCODING }, /* past U+10FFFF */
    { "\"\xf5\x80\x80\x80\"", LIMN_JSON_SCAN_ERROR_ENCODING },
    { "{\"\xff\":1}", LIMN_JSON_SCAN_ERROR_ENCODING },
    { "[\xc3\xa9]", LIMN_JSON_SCAN_ERROR_SYNTAX },             /* text outside a string */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    assert_refused (cases[i].json, strlen (cases[i].json), cases[i].code);

  /* A NUL byte in the text, inside or outside a string. */
  assert_refused ("{}\0", 3, LIMN_JSON_SCAN_ERROR_SYNTAX);
  assert_refused ("\"a\0b\"", 5, LIMN_JSON_SCAN_ERROR_SYNTAX);
  assert_refused ("[1\0]", 4, LIMN_JSON_SCAN_ERROR_SYNTAX);
  /* Truncated at every byte: never accepted, never read past the end. */
  {
    const char *doc = "{\"a\":[1,-2.5e3,\"\\u00e9\\ud83d\\ude00x\",true,null],\"b\":{\"c\":false}}";

    for (gsize n = 0; n < strlen (doc); n++)
      {
        g_autofree char *copy = g_memdup2 (doc, n);
        g_autoptr(LimnJsonScan) scan = limn_json_scan_new (copy, n, MAX_DEPTH, NULL);

        g_assert_null (scan);
      }
  }
}

static void
test_depth (void)
{
  for (guint depth = 1; depth <= 40; depth++)
    {
      g_autoptr(GString) arrays = g_string_new (NULL);
      g_autoptr(GString) objects = g_string_new (NULL);
      g_autoptr(GString) mixed = g_string_new (NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(LimnJsonScan) a = NULL;
      g_autoptr(LimnJsonScan) o = NULL;
      g_autoptr(LimnJsonScan) m = NULL;

      for (guint i = 0; i < depth; i++)
        {
          g_string_append_c (arrays, '[');
          g_string_append (objects, "{\"k\":");
          g_string_append (mixed, i % 2 ? "{\"[\":" : "[\"]\",");
        }
      g_string_append (objects, "1");
      g_string_append (mixed, "0");
      for (guint i = 0; i < depth; i++)
        {
          g_string_append_c (arrays, ']');
          g_string_append_c (objects, '}');
          g_string_append_c (mixed, (depth - 1 - i) % 2 ? '}' : ']');
        }

      a = limn_json_scan_new (arrays->str, arrays->len, MAX_DEPTH, &error);
      g_assert_true ((a != NULL) == (depth <= MAX_DEPTH));
      if (a == NULL)
        g_assert_error (error, LIMN_JSON_SCAN_ERROR, LIMN_JSON_SCAN_ERROR_DEPTH);
      g_clear_error (&error);
      o = limn_json_scan_new (objects->str, objects->len, MAX_DEPTH, NULL);
      g_assert_true ((o != NULL) == (depth <= MAX_DEPTH));
      m = limn_json_scan_new (mixed->str, mixed->len, MAX_DEPTH, NULL);
      g_assert_true ((m != NULL) == (depth <= MAX_DEPTH));
    }

  /* A million brackets: refused at the limit, without recursion. */
  {
    gsize n = 1 << 20;
    g_autofree char *deep = g_malloc (n);
    g_autoptr(GError) error = NULL;
    g_autoptr(LimnJsonScan) scan = NULL;

    memset (deep, '[', n);
    scan = limn_json_scan_new (deep, n, MAX_DEPTH, &error);
    g_assert_null (scan);
    g_assert_error (error, LIMN_JSON_SCAN_ERROR, LIMN_JSON_SCAN_ERROR_DEPTH);
  }
}

static void
test_huge_strings (void)
{
  gsize n = 4 << 20;
  g_autoptr(GString) json = g_string_sized_new (n * 2);
  g_autoptr(GString) expected = g_string_sized_new (n);
  g_autoptr(LimnJsonScan) scan = NULL;
  gsize len;

  g_string_append (json, "[\"");
  for (gsize i = 0; expected->len < n; i++)
    {
      switch (i % 5)
        {
        case 0: g_string_append (json, "plain text "); g_string_append (expected, "plain text "); break;
        case 1: g_string_append (json, "\\n\\\""); g_string_append (expected, "\n\""); break;
        case 2: g_string_append (json, "\\u00e9"); g_string_append (expected, "\xc3\xa9"); break;
        case 3: g_string_append (json, "\\ud83d\\ude00"); g_string_append (expected, "\xf0\x9f\x98\x80"); break;
        default: g_string_append (json, "\xe6\x97\xa5"); g_string_append (expected, "\xe6\x97\xa5"); break;
        }
    }
  g_string_append (json, "\", \"tail\"]");

  scan = scan_ok (json->str);
  g_assert_cmpuint (limn_json_scan_get_length (scan, 0), ==, 2);
  g_assert_cmpstr (limn_json_scan_get_string (scan, 1, &len), ==, expected->str);
  g_assert_cmpuint (len, ==, expected->len);
  g_assert_cmpstr (limn_json_scan_get_string (scan, 2, NULL), ==, "tail");
}

static gunichar random_char (GRand *rand);

/* Byte strings between quotes, half of them random bytes and half UTF-8
 * with one byte changed now and then: accepted exactly when they are UTF-8
 * by g_utf8_validate(). */
static void
test_utf8 (void)
{
  GRand *rand = g_rand_new_with_seed (20251123);
  guint accepted = 0;

  for (guint round = 0; round < 40000; round++)
    {
      guint8 bytes[16];
      guint n = 0;
      char doc[sizeof bytes + 2];
      g_autoptr(LimnJsonScan) scan = NULL;
      gboolean valid;

      if (round % 2 == 0)
        {
          n = g_rand_int_range (rand, 1, 9);
          for (guint i = 0; i < n; i++)
            bytes[i] = g_rand_boolean (rand) ? g_rand_int_range (rand, 0x80, 0x100)
                                             : g_rand_int_range (rand, 0x20, 0x100);
        }
      else
        {
          while (n < 12)
            n += g_unichar_to_utf8 (random_char (rand), (char *)bytes + n);
          if (g_rand_boolean (rand))
            bytes[g_rand_int_range (rand, 0, n)] = g_rand_int_range (rand, 0x20, 0x100);
        }

      /* No quotes, backslashes or control characters: those have their
       * own tests. */
      for (guint i = 0; i < n; i++)
        if (bytes[i] == '"' || bytes[i] == '\\' || bytes[i] < 0x20)
          bytes[i] = 'x';

      doc[0] = '"';
      memcpy (doc + 1, bytes, n);
      doc[n + 1] = '"';

      valid = g_utf8_validate_len ((const char *)bytes, n, NULL);
      scan = limn_json_scan_new (doc, n + 2, MAX_DEPTH, NULL);
      if ((scan != NULL) != valid)
        g_error ("round %u: %s by the scanner, %s by GLib", round,
                 scan ? "accepted" : "refused", valid ? "valid" : "invalid");
      if (scan != NULL)
        {
          gsize len;

          g_assert_cmpmem (limn_json_scan_get_string (scan, 0, &len), len, bytes, n);
          accepted++;
        }
    }

  g_test_message ("%u of 40000 byte strings were UTF-8", accepted);
  g_assert_cmpuint (accepted, >, 10000);
  g_rand_free (rand);
}

/* The differential test */

typedef struct
{
  GRand   *rand;
  GString *out;
  gboolean valid;      /* only what the scanner must accept */
  guint    max_depth;
} Gen;

static void
gen_space (Gen *g)
{
  static const char spaces[] = " \t\n\r";

  while (g_rand_int_range (g->rand, 0, 4) == 0)
    g_string_append_c (g->out, spaces[g_rand_int_range (g->rand, 0, 4)]);
}

static gunichar
random_char (GRand *rand)
{
  switch (g_rand_int_range (rand, 0, 4))
    {
    case 0: return g_rand_int_range (rand, 0x20, 0x7f);
    case 1: return g_rand_int_range (rand, 0x80, 0x800);
    case 2:
      {
        gunichar c = g_rand_int_range (rand, 0x800, 0x10000);

        return c >= 0xd800 && c <= 0xdfff ? 0xfffd : c;
      }
    default: return g_rand_int_range (rand, 0x10000, 0x110000);
    }
}

static void
gen_string (Gen *g)
{
  static const char *keys[] = { "id", "kind", "a", "", "\\u0061", "payload" };
  guint n;

  g_string_append_c (g->out, '"');

  /* Few distinct short strings, so objects repeat their keys. */
  if (g_rand_int_range (g->rand, 0, 3) == 0)
    {
      g_string_append (g->out, keys[g_rand_int_range (g->rand, 0, G_N_ELEMENTS (keys))]);
      g_string_append_c (g->out, '"');
      return;
    }

  n = g_rand_int_range (g->rand, 0, 12);
  if (g_rand_int_range (g->rand, 0, 50) == 0)
    n = g_rand_int_range (g->rand, 100, 3000);

  for (guint i = 0; i < n; i++)
    {
      gunichar c = random_char (g->rand);

      switch (g_rand_int_range (g->rand, 0, 8))
        {
        case 0:
          {
            static const char *simple[] = { "\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t" };

            g_string_append (g->out, simple[g_rand_int_range (g->rand, 0, G_N_ELEMENTS (simple))]);
            break;
          }
        case 1:
          {
            /* Any code point as \u escapes, in either case, a surrogate
             * pair past the BMP; control characters too. */
            gboolean upper = g_rand_boolean (g->rand);

            if (g_rand_int_range (g->rand, 0, 4) == 0)
              c = g_rand_int_range (g->rand, 1, 0x20);
            if (c >= 0x10000)
              {
                gunichar v = c - 0x10000;

                g_string_append_printf (g->out, upper ? "\\u%04X\\u%04X" : "\\u%04x\\u%04x",
                                        0xd800 + (v >> 10), 0xdc00 + (v & 0x3ff));
              }
            else
              g_string_append_printf (g->out, upper ? "\\u%04X" : "\\u%04x", c);
            break;
          }
        case 2:
          g_string_append_c (g->out, 0x7f);
          break;
        default:
          if (c == '"' || c == '\\')
            c = 'q';
          g_string_append_unichar (g->out, c);
          break;
        }
    }

  g_string_append_c (g->out, '"');
}

static void
gen_number (Gen *g)
{
  static const char *edges[] = {
    "0", "-0", "0.0", "-0.0", "9223372036854775807", "-9223372036854775808",
    "9223372036854775808", "-9223372036854775809", "18446744073709551615",
    "18446744073709551616", "99999999999999999999999", "1e308", "1e309", "-1e400",
    "1e-400", "4.9e-324", "2.2250738585072014e-308", "0.1", "1E+2", "1e-2", "123.456e7",
  };

  switch (g_rand_int_range (g->rand, 0, 5))
    {
    case 0:
      g_string_append (g->out, edges[g_rand_int_range (g->rand, 0, G_N_ELEMENTS (edges))]);
      break;
    case 1:
      g_string_append_printf (g->out, "%d", g_rand_int_range (g->rand, -1000, 1000));
      break;
    case 2:
      g_string_append_printf (g->out, "%" G_GINT64_FORMAT,
                              (gint64)(((guint64)g_rand_int (g->rand) << 32) | g_rand_int (g->rand)));
      break;
    default:
      {
        /* -?int(.frac)?(e[+-]?exp)? */
        if (g_rand_boolean (g->rand))
          g_string_append_c (g->out, '-');
        if (g_rand_int_range (g->rand, 0, 4) == 0)
          g_string_append_c (g->out, '0');
        else
          g_string_append_printf (g->out, "%u", g_rand_int_range (g->rand, 1, 100000));
        if (g_rand_boolean (g->rand))
          g_string_append_printf (g->out, ".%0*u", g_rand_int_range (g->rand, 1, 8),
                                  g_rand_int_range (g->rand, 0, 1000000));
        if (g_rand_boolean (g->rand))
          g_string_append_printf (g->out, "%c%s%d", g_rand_boolean (g->rand) ? 'e' : 'E',
                                  (const char *[]){ "", "+", "-" }[g_rand_int_range (g->rand, 0, 3)],
                                  g_rand_int_range (g->rand, 0, 400));
        break;
      }
    }
}

static void
gen_value (Gen   *g,
           guint  depth)
{
  int choice = g_rand_int_range (g->rand, 0, 10);

  /* Deep documents now and then, around the limit. */
  if (depth < g->max_depth && (choice < 3 || g_rand_int_range (g->rand, 0, 3) == 0) &&
      depth < 4 + (guint)g_rand_int_range (g->rand, 0, 4))
    choice = g_rand_boolean (g->rand) ? 10 : 11;
  else if (depth < g->max_depth && g->max_depth > 8 && depth >= 4)
    choice = 10 + g_rand_int_range (g->rand, 0, 2);

  gen_space (g);
  switch (choice)
    {
    case 0: g_string_append (g->out, "null"); break;
    case 1: g_string_append (g->out, "true"); break;
    case 2: g_string_append (g->out, "false"); break;
    case 3: case 4: case 5: gen_number (g); break;
    case 10:
    case 11:
      {
        gboolean object = choice == 11;
        guint n = depth >= 4 ? 1 : g_rand_int_range (g->rand, 0, 6);

        g_string_append_c (g->out, object ? '{' : '[');
        for (guint i = 0; i < n; i++)
          {
            if (i > 0)
              g_string_append_c (g->out, ',');
            if (object)
              {
                gen_space (g);
                gen_string (g);
                gen_space (g);
                g_string_append_c (g->out, ':');
              }
            gen_value (g, depth + 1);
          }
        gen_space (g);
        g_string_append_c (g->out, object ? '}' : ']');
        break;
      }
    default: gen_string (g); break;
    }
  gen_space (g);
}

static void
mutate (GRand   *rand,
        GString *doc)
{
  static const char specials[] = "{}[]\",:\\ 0123456789-+.eEtfnul/*'#\t\n\x01\x7f\xff\xc3\xa9\xed";
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
        default: g_string_insert (doc, at, (const char *[]){ "\\u0000", "\\ud800", "\\u00", "/*x*/" }
                                                [g_rand_int_range (rand, 0, 4)]); break;
        }
    }
}

static void
test_differential (void)
{
  guint counts[2][3] = { { 0 } };   /* [mutated][both accept, both refuse, only json-glib accepts] */

  for (guint seed = 1; seed <= 6000; seed++)
    {
      g_autoptr(GString) doc = g_string_new (NULL);
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();
      g_autoptr(LimnJsonScan) scan = NULL;
      g_autoptr(GError) error = NULL;
      gboolean mutated = seed % 2 == 0;
      gboolean glib_ok;
      Gen g = { g_rand_new_with_seed (seed), doc, TRUE, 40 };

      if (seed % 7 == 0)
        g.max_depth = 28 + g_rand_int_range (g.rand, 0, 8);
      else
        g.max_depth = 8;
      gen_value (&g, 0);
      if (mutated)
        mutate (g.rand, doc);
      g_rand_free (g.rand);

      glib_ok = json_parser_load_from_data (parser, doc->str, doc->len, NULL) &&
                json_parser_get_root (parser) != NULL;
      scan = limn_json_scan_new (doc->str, doc->len, MAX_DEPTH, &error);

      if (scan != NULL)
        {
          if (!glib_ok)
            g_error ("seed %u: the scanner accepts what json-glib refuses: %s", seed, doc->str);
          limn_test_json_scan_same (scan, LIMN_JSON_SCAN_ROOT, json_parser_get_root (parser), doc->str);
          g_assert_cmpuint (limn_test_json_scan_depth (scan, LIMN_JSON_SCAN_ROOT), <=, MAX_DEPTH);
          counts[mutated][0]++;
        }
      else if (!glib_ok)
        counts[mutated][1]++;
      else
        {
          /* json-glib is laxer (see limn-json-scan.h) and knows no depth
           * limit; a generated document must only fail on depth. */
          if (!mutated && !g_error_matches (error, LIMN_JSON_SCAN_ERROR, LIMN_JSON_SCAN_ERROR_DEPTH))
            g_error ("seed %u: refused a valid document: %s\n%s", seed, error->message, doc->str);
          counts[mutated][2]++;
        }
    }

  g_test_message ("generated: %u accepted by both, %u refused by both, %u too deep",
                  counts[0][0], counts[0][1], counts[0][2]);
  g_test_message ("mutated: %u accepted by both, %u refused by both, %u only by json-glib",
                  counts[1][0], counts[1][1], counts[1][2]);
  g_assert_cmpuint (counts[0][1], ==, 0);
  g_assert_cmpuint (counts[0][0], >, 2500);
  g_assert_cmpuint (counts[1][0], >, 100);
  g_assert_cmpuint (counts[1][1], >, 1000);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json-scan/values", test_values);
  g_test_add_func ("/json-scan/escapes", test_escapes);
  g_test_add_func ("/json-scan/numbers", test_numbers);
  g_test_add_func ("/json-scan/malformed", test_malformed);
  g_test_add_func ("/json-scan/depth", test_depth);
  g_test_add_func ("/json-scan/huge-strings", test_huge_strings);
  g_test_add_func ("/json-scan/utf8", test_utf8);
  g_test_add_func ("/json-scan/differential", test_differential);

  return g_test_run ();
}
