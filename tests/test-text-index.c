/* test-text-index.c
 *
 * Offsets in the texts that broke peers (brat #1115, doccano #2290, Label
 * Studio #1008): astral emoji and ZWJ sequences, CRLF, Arabic, Japanese,
 * combining marks; every position of every fixture is checked against an
 * independent reference (GLib's own walking and UTF-16 conversion).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "text/limn-text-index.h"

#define GRINNING    "\xF0\x9F\x98\x80"                  /* U+1F600, astral */
#define FAMILY      "\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7"
                                                        /* 👩‍👩‍👧: 5 code points */
#define ACUTE       "\xCC\x81"                          /* U+0301 COMBINING ACUTE ACCENT */
#define YOSHI       "\xF0\xA0\xAE\xB7"                  /* U+20BB7, astral CJK, not emoji */

static const char *fixtures[] = {
  "",
  "a",
  "no newline at the end",
  "ends with a newline\n",
  "Hi " GRINNING "! " FAMILY " ok",
  "line one\r\nline two\r\n\r\nlast line without newline",
  "\r\n",
  "مرحبا بالعالم",
  "日本語のテキスト",
  "cafe" ACUTE "! re" ACUTE "sume" ACUTE,
  "Mixed: 日本 / مرحبا / " GRINNING GRINNING " / " YOSHI "野家 / e" ACUTE "\r\n" FAMILY,
  GRINNING,
  FAMILY FAMILY,
};

/* Checks every code point, byte and UTF-16 offset of @text against GLib's
 * own walking and its own UTF-16 encoder. */
static void
check_every_position (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnTextIndex) index = limn_text_index_new (text, -1, &error);
  g_autofree gunichar2 *utf16 = NULL;
  glong n_utf16 = 0;
  gint64 n_chars;
  gsize n_bytes = strlen (text);
  const char *p;
  gint64 cp;
  gsize byte;
  gint64 unit;
  gint64 units_before;

  g_assert_no_error (error);
  g_assert_nonnull (index);
  g_assert_cmpstr (limn_text_index_get_text (index), ==, text);

  n_chars = g_utf8_strlen (text, -1);
  utf16 = g_utf8_to_utf16 (text, -1, NULL, &n_utf16, NULL);
  g_assert_nonnull (utf16);
  g_assert_cmpuint (limn_text_index_get_n_bytes (index), ==, n_bytes);
  g_assert_cmpint (limn_text_index_get_n_chars (index), ==, n_chars);
  g_assert_cmpint (limn_text_index_get_n_utf16 (index), ==, n_utf16);

  /* cp -> byte -> cp and cp -> utf16 -> cp. In the encoder's output a code
   * point starts at every unit that is not a low surrogate. */
  for (cp = 0, p = text, unit = 0; cp <= n_chars; cp++)
    {
      gsize b = limn_text_index_char_to_byte (index, cp);
      gint64 u = limn_text_index_char_to_utf16 (index, cp);
      gint64 back = -1;
      g_autoptr(GError) local_error = NULL;

      g_assert_cmpuint (b, ==, (gsize) (p - text));
      g_assert_cmpint (limn_text_index_byte_to_char (index, b), ==, cp);
      g_assert_true (limn_text_index_check_byte (index, b, &local_error));
      g_assert_no_error (local_error);

      g_assert_cmpint (u, ==, unit);
      g_assert_true (limn_text_index_utf16_to_char (index, u, &back, &local_error));
      g_assert_no_error (local_error);
      g_assert_cmpint (back, ==, cp);

      if (cp == n_chars)
        break;
      p = g_utf8_next_char (p);
      unit += (utf16[unit] >= 0xD800 && utf16[unit] <= 0xDBFF) ? 2 : 1;
    }
  g_assert_cmpint (unit, ==, n_utf16);

  /* Every byte: one inside a character maps to its start and fails the check. */
  for (byte = 0; byte <= n_bytes; byte++)
    {
      g_autoptr(GError) local_error = NULL;
      gboolean inside = byte < n_bytes && ((guchar) text[byte] & 0xC0) == 0x80;
      const char *start = inside ? g_utf8_find_prev_char (text, text + byte) : text + byte;

      g_assert_cmpint (limn_text_index_byte_to_char (index, byte), ==,
                       g_utf8_pointer_to_offset (text, start));
      if (inside)
        {
          g_assert_false (limn_text_index_check_byte (index, byte, &local_error));
          g_assert_error (local_error, LIMN_TEXT_ERROR, LIMN_TEXT_ERROR_SPLIT_CHARACTER);
        }
      else
        {
          g_assert_true (limn_text_index_check_byte (index, byte, &local_error));
          g_assert_no_error (local_error);
        }
    }

  /* Every UTF-16 unit: a low surrogate is the second half of a pair. */
  for (unit = 0, units_before = 0; unit <= n_utf16; unit++)
    {
      g_autoptr(GError) local_error = NULL;
      gboolean split = unit < n_utf16 && utf16[unit] >= 0xDC00 && utf16[unit] <= 0xDFFF;
      gint64 back = -1;
      gboolean ok = limn_text_index_utf16_to_char (index, unit, &back, &local_error);

      if (split)
        {
          g_assert_false (ok);
          g_assert_error (local_error, LIMN_TEXT_ERROR, LIMN_TEXT_ERROR_SPLIT_CHARACTER);
        }
      else
        {
          g_assert_true (ok);
          g_assert_no_error (local_error);
          g_assert_cmpint (back, ==, units_before);
          units_before++;
        }
    }
  g_assert_cmpint (units_before, ==, n_chars + 1);
}

static void
test_fixtures (void)
{
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (fixtures); i++)
    check_every_position (fixtures[i]);
}

/* A fixture longer than one checkpoint block, built from the short ones so
 * blocks mix ASCII, BMP and astral characters. */
static void
test_fixtures_concatenated (void)
{
  g_autoptr(GString) s = g_string_new (NULL);
  guint round;
  gsize i;

  for (round = 0; round < 7; round++)
    for (i = 0; i < G_N_ELEMENTS (fixtures); i++)
      g_string_append (s, fixtures[i]);

  g_assert_cmpint (g_utf8_strlen (s->str, -1), >, 64 * 4);
  check_every_position (s->str);
}

static void
test_emoji (void)
{
  const char *text = "Hi " GRINNING "! " FAMILY " ok";
  g_autoptr(LimnTextIndex) index = limn_text_index_new (text, -1, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *family = NULL;
  g_autofree char *grinning = NULL;
  gint64 cp = -1;

  /* 3 + 1 + 2 + 5 (the ZWJ family: woman, ZWJ, woman, ZWJ, girl) + 3 */
  g_assert_cmpint (limn_text_index_get_n_chars (index), ==, 14);
  g_assert_cmpuint (limn_text_index_get_n_bytes (index), ==, 30);
  g_assert_cmpint (limn_text_index_get_n_utf16 (index), ==, 18);

  g_assert_cmpuint (limn_text_index_char_to_byte (index, 3), ==, 3);
  g_assert_cmpuint (limn_text_index_char_to_byte (index, 4), ==, 7);
  g_assert_cmpuint (limn_text_index_char_to_byte (index, 6), ==, 9);
  g_assert_cmpuint (limn_text_index_char_to_byte (index, 11), ==, 27);
  g_assert_cmpint (limn_text_index_char_to_utf16 (index, 4), ==, 5);
  g_assert_cmpint (limn_text_index_char_to_utf16 (index, 6), ==, 7);
  g_assert_cmpint (limn_text_index_char_to_utf16 (index, 11), ==, 15);

  grinning = limn_text_index_substring (index, 3, 4);
  g_assert_cmpstr (grinning, ==, GRINNING);
  family = limn_text_index_substring (index, 6, 11);
  g_assert_cmpstr (family, ==, FAMILY);

  /* What doccano would send for the family: UTF-16 7..15. */
  g_assert_true (limn_text_index_utf16_to_char (index, 15, &cp, &error));
  g_assert_cmpint (cp, ==, 11);

  /* Unit 4 is the low surrogate of U+1F600. */
  g_assert_false (limn_text_index_utf16_to_char (index, 4, &cp, &error));
  g_assert_error (error, LIMN_TEXT_ERROR, LIMN_TEXT_ERROR_SPLIT_CHARACTER);
  g_assert_nonnull (strstr (error->message, "U+1F600"));
  g_assert_nonnull (strstr (error->message, "character 3"));
  g_clear_error (&error);

  /* Byte 5 is inside U+1F600 (bytes 3..7). */
  g_assert_cmpint (limn_text_index_byte_to_char (index, 5), ==, 3);
  g_assert_false (limn_text_index_check_byte (index, 5, &error));
  g_assert_error (error, LIMN_TEXT_ERROR, LIMN_TEXT_ERROR_SPLIT_CHARACTER);
  g_assert_nonnull (strstr (error->message, "bytes 3–7"));
}

static void
test_crlf (void)
{
  const char *text = "a\r\nb\r\nc";
  g_autoptr(LimnTextIndex) index = limn_text_index_new (text, -1, NULL);
  g_autofree char *line_break = NULL;
  g_autofree char *c = NULL;

  /* \r is a code point like any other: never folded into the \n. */
  g_assert_cmpint (limn_text_index_get_n_chars (index), ==, 7);
  g_assert_cmpint (limn_text_index_get_n_utf16 (index), ==, 7);
  g_assert_cmpuint (limn_text_index_char_to_byte (index, 6), ==, 6);
  line_break = limn_text_index_substring (index, 1, 3);
  g_assert_cmpstr (line_break, ==, "\r\n");
  c = limn_text_index_substring (index, 6, 7);
  g_assert_cmpstr (c, ==, "c");
}

static void
test_arabic_japanese_combining (void)
{
  g_autoptr(LimnTextIndex) arabic = limn_text_index_new ("مرحبا بالعالم", -1, NULL);
  g_autoptr(LimnTextIndex) japanese = limn_text_index_new ("日本語のテキスト", -1, NULL);
  g_autoptr(LimnTextIndex) combining = limn_text_index_new ("cafe" ACUTE "!", -1, NULL);
  g_autofree char *world = NULL;
  g_autofree char *text = NULL;
  g_autofree char *accented = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (limn_text_index_get_n_chars (arabic), ==, 13);
  g_assert_cmpuint (limn_text_index_get_n_bytes (arabic), ==, 25);
  g_assert_cmpuint (limn_text_index_char_to_byte (arabic, 6), ==, 11);
  world = limn_text_index_substring (arabic, 6, 13);
  g_assert_cmpstr (world, ==, "بالعالم");

  g_assert_cmpint (limn_text_index_get_n_chars (japanese), ==, 8);
  g_assert_cmpint (limn_text_index_get_n_utf16 (japanese), ==, 8);
  g_assert_cmpuint (limn_text_index_char_to_byte (japanese, 3), ==, 9);
  g_assert_cmpint (limn_text_index_byte_to_char (japanese, 10), ==, 3);
  g_assert_false (limn_text_index_check_byte (japanese, 10, &error));
  g_assert_error (error, LIMN_TEXT_ERROR, LIMN_TEXT_ERROR_SPLIT_CHARACTER);
  text = limn_text_index_substring (japanese, 4, 8);
  g_assert_cmpstr (text, ==, "テキスト");

  /* Never normalized: e + U+0301 stays two code points. */
  g_assert_cmpint (limn_text_index_get_n_chars (combining), ==, 6);
  g_assert_cmpuint (limn_text_index_char_to_byte (combining, 5), ==, 6);
  accented = limn_text_index_substring (combining, 3, 5);
  g_assert_cmpstr (accented, ==, "e" ACUTE);
}

static void
test_empty (void)
{
  g_autoptr(LimnTextIndex) index = limn_text_index_new ("", -1, NULL);
  g_autoptr(LimnTextIndex) sized = limn_text_index_new (NULL, 0, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *sub = NULL;
  gint64 cp = -1;

  g_assert_nonnull (sized);
  g_assert_cmpstr (limn_text_index_get_text (sized), ==, "");
  g_assert_cmpint (limn_text_index_get_n_chars (index), ==, 0);
  g_assert_cmpuint (limn_text_index_get_n_bytes (index), ==, 0);
  g_assert_cmpint (limn_text_index_get_n_utf16 (index), ==, 0);
  g_assert_cmpuint (limn_text_index_char_to_byte (index, 0), ==, 0);
  g_assert_cmpuint (limn_text_index_char_to_byte (index, 5), ==, 0);
  g_assert_cmpint (limn_text_index_byte_to_char (index, 0), ==, 0);
  g_assert_cmpint (limn_text_index_char_to_utf16 (index, 1), ==, 0);
  g_assert_true (limn_text_index_utf16_to_char (index, 0, &cp, NULL));
  g_assert_cmpint (cp, ==, 0);
  g_assert_true (limn_text_index_check_range (index, 0, 0, NULL));
  g_assert_false (limn_text_index_check_range (index, 0, 1, &error));
  g_assert_error (error, LIMN_TEXT_ERROR, LIMN_TEXT_ERROR_OUT_OF_RANGE);
  sub = limn_text_index_substring (index, 0, 3);
  g_assert_cmpstr (sub, ==, "");
}

static void
test_length (void)
{
  /* An explicit length takes a prefix; the copy is nul-terminated. */
  g_autoptr(LimnTextIndex) index = limn_text_index_new ("日本語", 6, NULL);

  g_assert_cmpstr (limn_text_index_get_text (index), ==, "日本");
  g_assert_cmpint (limn_text_index_get_n_chars (index), ==, 2);
}

static void
assert_invalid (const char *text,
                gssize      length,
                const char *expected_fragment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnTextIndex) index = limn_text_index_new (text, length, &error);

  g_assert_null (index);
  g_assert_error (error, LIMN_TEXT_ERROR, LIMN_TEXT_ERROR_INVALID_UTF8);
  if (strstr (error->message, expected_fragment) == NULL)
    g_error ("“%s” does not contain “%s”", error->message, expected_fragment);
  g_clear_error (&error);

  /* The importers' entry point says the same. */
  g_assert_false (limn_utf8_validate_text (text, length < 0 ? strlen (text) : (gsize) length,
                                           &error));
  g_assert_error (error, LIMN_TEXT_ERROR, LIMN_TEXT_ERROR_INVALID_UTF8);
  g_assert_nonnull (strstr (error->message, expected_fragment));
}

static void
test_invalid_utf8 (void)
{
  /* 9 + 9 + 4 bytes before the bad one. */
  assert_invalid ("line one\nline two\nbad \xFF here", -1,
                  "line 3, column 5 (byte offset 22, byte 0xFF)");
  /* CRLF counts as one line break; the column counts characters. */
  assert_invalid ("a\r\nb\r\n日本\xC3(", -1, "line 3, column 3 (byte offset 12");
  /* Latin-1 é, the commonest real cause. */
  assert_invalid ("caf\xE9 noir", -1, "line 1, column 4 (byte offset 3, byte 0xE9)");
  /* Overlong '/' and a UTF-8-encoded surrogate (CESU-8) are not UTF-8 either. */
  assert_invalid ("x\xC0\xAF", -1, "byte offset 1");
  assert_invalid ("x\n\xED\xA0\x80", -1, "line 2, column 1");
  /* A code point past U+10FFFF. */
  assert_invalid ("\xF4\x90\x80\x80", -1, "line 1, column 1");
  /* Cut off in the middle of 語. */
  assert_invalid ("日本\xE8\xAA", -1, "ends in the middle of a character at line 1, column 3");
  /* UTF-16 read as bytes: NULs. */
  assert_invalid ("ab\0cd", 5, "NUL byte at line 1, column 3 (byte offset 2)");
  assert_invalid ("ok\n\0", 4, "NUL byte at line 2, column 1");

  g_assert_true (limn_utf8_validate_text ("fine " GRINNING, strlen ("fine " GRINNING), NULL));
  g_assert_true (limn_utf8_validate_text (NULL, 0, NULL));
}

static void
test_ranges (void)
{
  g_autoptr(LimnTextIndex) index = limn_text_index_new ("0123456789", -1, NULL);
  g_autoptr(LimnTextIndex) one = limn_text_index_new (GRINNING, -1, NULL);
  g_autoptr(GError) error = NULL;
  gint64 cp = 42;

  g_assert_true (limn_text_index_check_range (index, 0, 10, NULL));
  g_assert_true (limn_text_index_check_range (index, 10, 10, NULL));
  g_assert_true (limn_text_index_check_range (index, 3, 3, NULL));

  g_assert_false (limn_text_index_check_range (index, 5, 12, &error));
  g_assert_error (error, LIMN_TEXT_ERROR, LIMN_TEXT_ERROR_OUT_OF_RANGE);
  g_assert_cmpstr (error->message, ==, "Offsets 5–12 are outside the text (it has 10 characters)");
  g_clear_error (&error);

  g_assert_false (limn_text_index_check_range (index, -1, 3, &error));
  g_assert_error (error, LIMN_TEXT_ERROR, LIMN_TEXT_ERROR_OUT_OF_RANGE);
  g_clear_error (&error);

  g_assert_false (limn_text_index_check_range (index, 7, 2, &error));
  g_assert_error (error, LIMN_TEXT_ERROR, LIMN_TEXT_ERROR_BAD_RANGE);
  g_assert_nonnull (strstr (error->message, "7–2"));
  g_clear_error (&error);

  g_assert_false (limn_text_index_check_range (one, 0, 2, &error));
  g_assert_cmpstr (error->message, ==, "Offsets 0–2 are outside the text (it has 1 character)");
  g_clear_error (&error);

  /* UTF-16 offsets past either end; @cp is left alone on failure. */
  g_assert_false (limn_text_index_utf16_to_char (one, 3, &cp, &error));
  g_assert_error (error, LIMN_TEXT_ERROR, LIMN_TEXT_ERROR_OUT_OF_RANGE);
  g_clear_error (&error);
  g_assert_false (limn_text_index_utf16_to_char (one, -1, &cp, &error));
  g_assert_error (error, LIMN_TEXT_ERROR, LIMN_TEXT_ERROR_OUT_OF_RANGE);
  g_clear_error (&error);
  g_assert_cmpint (cp, ==, 42);

  g_assert_false (limn_text_index_check_byte (one, 5, &error));
  g_assert_error (error, LIMN_TEXT_ERROR, LIMN_TEXT_ERROR_OUT_OF_RANGE);
  g_clear_error (&error);

  /* The converters clamp. */
  g_assert_cmpuint (limn_text_index_char_to_byte (one, -3), ==, 0);
  g_assert_cmpuint (limn_text_index_char_to_byte (one, 9), ==, 4);
  g_assert_cmpint (limn_text_index_char_to_utf16 (one, 9), ==, 2);
  g_assert_cmpint (limn_text_index_byte_to_char (one, 99), ==, 1);

  {
    g_autofree char *clamped = limn_text_index_substring (index, -5, 3);
    g_autofree char *swapped = limn_text_index_substring (index, 6, 2);
    g_autofree char *tail = limn_text_index_substring (index, 8, 100);

    g_assert_cmpstr (clamped, ==, "012");
    g_assert_cmpstr (swapped, ==, "");
    g_assert_cmpstr (tail, ==, "89");
  }
}

static void
test_boxed (void)
{
  g_autoptr(LimnTextIndex) index = limn_text_index_new ("boxed", -1, NULL);
  LimnTextIndex *copy;

  g_assert_true (G_TYPE_IS_BOXED (LIMN_TYPE_TEXT_INDEX));
  copy = g_boxed_copy (LIMN_TYPE_TEXT_INDEX, index);
  /* Immutable, so a copy is a reference. */
  g_assert_true (copy == index);
  g_boxed_free (LIMN_TYPE_TEXT_INDEX, copy);
  g_assert_cmpstr (limn_text_index_get_text (index), ==, "boxed");
}

/* About 1 MiB of mixed scripts, deterministic for a seed. */
static char *
make_big_text (guint32 seed,
               gsize   min_bytes)
{
  static const char *pieces[] = {
    "the quick brown fox ", "jumps over ", "the lazy dog. ", "\r\n", "\n",
    "مرحبا بالعالم ", "日本語のテキスト。", "cafe" ACUTE " ", GRINNING, FAMILY, " ", YOSHI,
    "Ελληνικά ", "עברית ", "한국어 ", "ok\t",
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  GString *s = g_string_sized_new (min_bytes + 64);

  while (s->len < min_bytes)
    g_string_append (s, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);

  return g_string_free (s, FALSE);
}

static gint64
naive_utf16_walk (const char *text,
                  gint64      cp)
{
  gint64 units = 0;
  const char *p = text;

  while (cp-- > 0)
    {
      units += g_utf8_get_char (p) > 0xFFFF ? 2 : 1;
      p = g_utf8_next_char (p);
    }

  return units;
}

static void
test_one_megabyte (void)
{
  g_autofree char *text = make_big_text (20240611, 1 << 20);
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnTextIndex) index = limn_text_index_new (text, -1, &error);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  gint64 n_chars;
  gint64 n_utf16;
  gint64 cp;
  gint64 units = 0;
  const char *p;
  guint i;

  g_assert_no_error (error);
  n_chars = limn_text_index_get_n_chars (index);
  n_utf16 = limn_text_index_get_n_utf16 (index);
  g_assert_cmpint (n_chars, ==, g_utf8_strlen (text, -1));
  g_assert_cmpint (n_utf16, >, n_chars);

  /* A linear sweep over every code point: one reference walk for all. */
  for (cp = 0, p = text; cp <= n_chars; cp++)
    {
      gsize b = limn_text_index_char_to_byte (index, cp);
      gint64 u = limn_text_index_char_to_utf16 (index, cp);

      if (b != (gsize) (p - text) || u != units)
        g_error ("code point %" G_GINT64_FORMAT ": byte %" G_GSIZE_FORMAT " vs %" G_GSIZE_FORMAT
                 ", utf16 %" G_GINT64_FORMAT " vs %" G_GINT64_FORMAT,
                 cp, b, (gsize) (p - text), u, units);
      if (cp == n_chars)
        break;
      units += g_utf8_get_char (p) > 0xFFFF ? 2 : 1;
      p = g_utf8_next_char (p);
    }
  g_assert_cmpint (units, ==, n_utf16);

  /* Random round trips, and the naive walk from the start at random places. */
  for (i = 0; i < 2000; i++)
    {
      gint64 c = g_rand_int_range (rand, 0, (gint32) n_chars + 1);
      gsize b = limn_text_index_char_to_byte (index, c);
      gint64 u = limn_text_index_char_to_utf16 (index, c);
      gint64 back = -1;

      g_assert_cmpint (limn_text_index_byte_to_char (index, b), ==, c);
      g_assert_true (limn_text_index_utf16_to_char (index, u, &back, NULL));
      g_assert_cmpint (back, ==, c);

      if (i % 10 == 0)
        {
          g_assert_cmpuint (b, ==, (gsize) (g_utf8_offset_to_pointer (text, c) - text));
          g_assert_cmpint (u, ==, naive_utf16_walk (text, c));
        }
    }

  /* Random bytes, including ones inside characters. */
  for (i = 0; i < 2000; i++)
    {
      gsize b = g_rand_int_range (rand, 0, (gint32) strlen (text));
      const char *start = g_utf8_find_prev_char (text, text + b + 1);

      g_assert_cmpint (limn_text_index_byte_to_char (index, b), ==,
                       g_utf8_pointer_to_offset (text, start));
    }
}

/* Just enough CSV for the fixtures: quoted fields with "" escapes and line
 * breaks inside quotes. Returns rows of fields, header included. */
static GPtrArray *
parse_csv (const char *data,
           gsize       length)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) field = g_string_new (NULL);
  gboolean quoted = FALSE;
  gsize i;

  for (i = 0; i < length; i++)
    {
      char c = data[i];

      if (quoted)
        {
          if (c == '"' && i + 1 < length && data[i + 1] == '"')
            {
              g_string_append_c (field, '"');
              i++;
            }
          else if (c == '"')
            quoted = FALSE;
          else
            g_string_append_c (field, c);
        }
      else if (c == '"')
        quoted = TRUE;
      else if (c == ',')
        {
          g_ptr_array_add (fields, g_strdup (field->str));
          g_string_truncate (field, 0);
        }
      else if (c == '\n' || (c == '\r' && i + 1 < length && data[i + 1] == '\n'))
        {
          if (c == '\r')
            i++;
          g_ptr_array_add (fields, g_strdup (field->str));
          g_string_truncate (field, 0);
          g_ptr_array_add (fields, NULL);
          g_ptr_array_add (rows, g_ptr_array_steal (fields, NULL));
          fields = g_ptr_array_new_with_free_func (g_free);
        }
      else
        g_string_append_c (field, c);
    }

  g_assert_false (quoted);
  if (fields->len > 0 || field->len > 0)
    {
      g_ptr_array_add (fields, g_strdup (field->str));
      g_ptr_array_add (fields, NULL);
      g_ptr_array_add (rows, g_ptr_array_steal (fields, NULL));
    }

  return rows;
}

static GPtrArray *
read_shared_csv (const char *name)
{
  const char *shared = g_getenv ("LIMN_SHARED_DATA");
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;

  if (shared == NULL)
    return NULL;

  path = g_build_filename (shared, "toxic-spans", name, NULL);
  if (!g_file_get_contents (path, &contents, &length, &error))
    return NULL;

  return parse_csv (contents, length);
}

static void
test_toxic_spans (void)
{
  g_autoptr(GPtrArray) comments = read_shared_csv ("comments.csv");
  g_autoptr(GPtrArray) annotations = read_shared_csv ("annotations.csv");
  g_autoptr(GPtrArray) spans = read_shared_csv ("spans.csv");
  g_autoptr(GHashTable) by_comment = NULL;
  g_autoptr(GHashTable) comment_of_annotation = NULL;
  guint n_astral = 0;
  guint n_outside = 0;
  guint n_checked = 0;
  guint i;

  if (comments == NULL || annotations == NULL || spans == NULL)
    {
      g_test_skip ("toxic-spans fixtures not found under LIMN_SHARED_DATA");
      return;
    }

  by_comment = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                      (GDestroyNotify) limn_text_index_unref);
  g_assert_cmpstr (((char **) comments->pdata[0])[1], ==, "comment_text");

  for (i = 1; i < comments->len; i++)
    {
      char **row = comments->pdata[i];
      g_autoptr(GError) error = NULL;
      LimnTextIndex *index;

      g_assert_cmpuint (g_strv_length (row), ==, 2);
      index = limn_text_index_new (row[1], -1, &error);
      g_assert_no_error (error);
      check_every_position (row[1]);
      if (limn_text_index_get_n_utf16 (index) > limn_text_index_get_n_chars (index))
        n_astral++;
      g_hash_table_insert (by_comment, row[0], index);
    }
  g_assert_cmpuint (g_hash_table_size (by_comment), ==, 400);
  /* The sample has an emoji comment, where UTF-16 and code points part. */
  g_assert_cmpuint (n_astral, >=, 1);

  /* Every crowd span either lies in its comment or is reported, never both:
   * the reference is GLib's own character count. */
  comment_of_annotation = g_hash_table_new (g_str_hash, g_str_equal);
  for (i = 1; i < annotations->len; i++)
    {
      char **row = annotations->pdata[i];

      g_hash_table_insert (comment_of_annotation, row[0], row[1]);
    }

  for (i = 1; i < spans->len; i++)
    {
      char **row = spans->pdata[i];
      const char *comment_id = g_hash_table_lookup (comment_of_annotation, row[0]);
      LimnTextIndex *index;
      gint64 start;
      gint64 end;
      gint64 n_chars;
      g_autoptr(GError) error = NULL;

      g_assert_cmpuint (g_strv_length (row), ==, 4);
      g_assert_nonnull (comment_id);
      index = g_hash_table_lookup (by_comment, comment_id);
      g_assert_nonnull (index);
      start = g_ascii_strtoll (row[2], NULL, 10);
      end = g_ascii_strtoll (row[3], NULL, 10);
      n_chars = g_utf8_strlen (limn_text_index_get_text (index), -1);

      if (limn_text_index_check_range (index, start, end, &error))
        {
          g_autofree char *covered = limn_text_index_substring (index, start, end);

          g_assert_true (0 <= start && start <= end && end <= n_chars);
          g_assert_cmpint (g_utf8_strlen (covered, -1), ==, end - start);
          n_checked++;
        }
      else
        {
          g_assert_false (0 <= start && start <= end && end <= n_chars);
          g_assert_nonnull (strstr (error->message, "outside the text"));
          n_outside++;
        }
    }

  g_assert_cmpuint (n_checked + n_outside, ==, spans->len - 1);
  g_assert_cmpuint (n_checked, >, 1000);
  g_test_message ("%u comments with astral characters, %u spans checked, %u outside their text",
                  n_astral, n_checked, n_outside);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text-index/fixtures", test_fixtures);
  g_test_add_func ("/text-index/fixtures-concatenated", test_fixtures_concatenated);
  g_test_add_func ("/text-index/emoji", test_emoji);
  g_test_add_func ("/text-index/crlf", test_crlf);
  g_test_add_func ("/text-index/arabic-japanese-combining", test_arabic_japanese_combining);
  g_test_add_func ("/text-index/empty", test_empty);
  g_test_add_func ("/text-index/length", test_length);
  g_test_add_func ("/text-index/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/text-index/ranges", test_ranges);
  g_test_add_func ("/text-index/boxed", test_boxed);
  g_test_add_func ("/text-index/one-megabyte", test_one_megabyte);
  g_test_add_func ("/text-index/toxic-spans", test_toxic_spans);

  return g_test_run ();
}
