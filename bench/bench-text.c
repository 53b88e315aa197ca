/* bench-text.c
 *
 * The text view's offset and span work on a 1 MB document with 10,000 spans
 * (design.md §11), against the naive way measured in the same run: walking
 * the text from its start for every conversion and scanning every span for
 * every query. Run: build/bench/bench-text [seed]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-bench-text"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "text/limn-span-index.h"
#include "text/limn-text-index.h"

#define N_SPANS     10000
#define N_FAST      200000   /* conversions timed through the index */
#define N_NAIVE     2000     /* conversions timed by walking: each is ~0.1 ms */
#define N_QUERIES   20000
#define VIEWPORT    3000     /* code points on one screen of text */
#define RUNS        9

static gint64
now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

static int
compare_gint64 (const void *a,
                const void *b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static double
median_ms (gint64 *ns,
           guint   n)
{
  qsort (ns, n, sizeof (gint64), compare_gint64);
  return ns[n / 2] / 1e6;
}

static char *
make_text (GRand *rand,
           gsize  min_bytes)
{
  static const char *pieces[] = {
    "the quick brown fox ", "jumps over ", "the lazy dog. ", "\r\n", "\n",
    "مرحبا بالعالم ", "日本語のテキスト。", "cafe\xCC\x81 ", "\xF0\x9F\x98\x80",
    "\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7", " ",
    "Ελληνικά ", "עברית ", "한국어 ",
  };
  GString *s = g_string_sized_new (min_bytes + 64);

  while (s->len < min_bytes)
    g_string_append (s, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);

  return g_string_free (s, FALSE);
}

/* The naive conversions, as code without an index would write them. */
static gint64
naive_char_to_utf16 (const char *text,
                     gint64      cp)
{
  gint64 units = 0;

  for (; cp > 0; cp--, text = g_utf8_next_char (text))
    units += g_utf8_get_char (text) > 0xFFFF ? 2 : 1;

  return units;
}

static gint64
naive_utf16_to_char (const char *text,
                     gint64      utf16)
{
  gint64 cp = 0;

  for (; utf16 > 0; cp++, text = g_utf8_next_char (text))
    utf16 -= g_utf8_get_char (text) > 0xFFFF ? 2 : 1;

  return cp;
}

typedef struct
{
  const char *name;
  double      fast_ns;
  double      naive_ns;
} Row;

static gboolean
count_span (const LimnSpanEntry *entry,
            gpointer             user_data)
{
  (*(guint64 *) user_data)++;
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  guint32 seed = argc > 1 ? (guint32) g_ascii_strtoull (argv[1], NULL, 10) : 20240611;
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autofree char *text = make_text (rand, 1 << 20);
  g_autoptr(LimnTextIndex) index = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gint64 *cps = g_new (gint64, N_FAST);
  g_autofree gsize *bytes = g_new (gsize, N_FAST);
  g_autofree gint64 *units = g_new (gint64, N_FAST);
  g_autofree gint64 *span_start = g_new (gint64, N_SPANS);
  g_autofree gint64 *span_end = g_new (gint64, N_SPANS);
  gint64 times[RUNS];
  Row rows[4];
  double text_build_ms;
  double span_build_ms;
  double query_ns;
  double scan_ns;
  gint64 n_chars;
  gint64 t0;
  guint64 sink = 0;
  guint64 hits = 0;
  guint64 scan_hits = 0;
  guint n_lanes = 0;
  guint i;
  guint r;

  /* Building the text index. */
  for (r = 0; r < RUNS; r++)
    {
      g_autoptr(LimnTextIndex) tmp = NULL;

      t0 = now_ns ();
      tmp = limn_text_index_new (text, -1, &error);
      times[r] = now_ns () - t0;
      g_assert_no_error (error);
    }
  text_build_ms = median_ms (times, RUNS);

  index = limn_text_index_new (text, -1, &error);
  g_assert_no_error (error);
  n_chars = limn_text_index_get_n_chars (index);

  for (i = 0; i < N_FAST; i++)
    {
      cps[i] = g_rand_int_range (rand, 0, (gint32) n_chars + 1);
      bytes[i] = limn_text_index_char_to_byte (index, cps[i]);
      units[i] = limn_text_index_char_to_utf16 (index, cps[i]);
    }

  rows[0].name = "code point -> byte";
  t0 = now_ns ();
  for (i = 0; i < N_FAST; i++)
    sink += limn_text_index_char_to_byte (index, cps[i]);
  rows[0].fast_ns = (double) (now_ns () - t0) / N_FAST;
  t0 = now_ns ();
  for (i = 0; i < N_NAIVE; i++)
    sink += g_utf8_offset_to_pointer (text, cps[i]) - text;
  rows[0].naive_ns = (double) (now_ns () - t0) / N_NAIVE;

  rows[1].name = "byte -> code point";
  t0 = now_ns ();
  for (i = 0; i < N_FAST; i++)
    sink += limn_text_index_byte_to_char (index, bytes[i]);
  rows[1].fast_ns = (double) (now_ns () - t0) / N_FAST;
  t0 = now_ns ();
  for (i = 0; i < N_NAIVE; i++)
    sink += g_utf8_pointer_to_offset (text, text + bytes[i]);
  rows[1].naive_ns = (double) (now_ns () - t0) / N_NAIVE;

  rows[2].name = "code point -> UTF-16";
  t0 = now_ns ();
  for (i = 0; i < N_FAST; i++)
    sink += limn_text_index_char_to_utf16 (index, cps[i]);
  rows[2].fast_ns = (double) (now_ns () - t0) / N_FAST;
  t0 = now_ns ();
  for (i = 0; i < N_NAIVE; i++)
    sink += naive_char_to_utf16 (text, cps[i]);
  rows[2].naive_ns = (double) (now_ns () - t0) / N_NAIVE;

  rows[3].name = "UTF-16 -> code point";
  t0 = now_ns ();
  for (i = 0; i < N_FAST; i++)
    {
      gint64 cp = 0;

      limn_text_index_utf16_to_char (index, units[i], &cp, NULL);
      sink += cp;
    }
  rows[3].fast_ns = (double) (now_ns () - t0) / N_FAST;
  t0 = now_ns ();
  for (i = 0; i < N_NAIVE; i++)
    sink += naive_utf16_to_char (text, units[i]);
  rows[3].naive_ns = (double) (now_ns () - t0) / N_NAIVE;

  /* 10,000 spans of 1 to 60 code points, some nested, like a heavily
   * annotated document. */
  for (i = 0; i < N_SPANS; i++)
    {
      span_start[i] = g_rand_int_range (rand, 0, (gint32) n_chars);
      span_end[i] = MIN (n_chars, span_start[i] + g_rand_int_range (rand, 0, 61));
    }

  for (r = 0; r < RUNS; r++)
    {
      g_autoptr(LimnSpanIndex) spans = limn_span_index_new (NULL);

      t0 = now_ns ();
      for (i = 0; i < N_SPANS; i++)
        limn_span_index_add (spans, span_start[i], span_end[i], GUINT_TO_POINTER (i + 1));
      limn_span_index_build (spans);
      times[r] = now_ns () - t0;
      n_lanes = limn_span_index_get_n_lanes (spans);
    }
  span_build_ms = median_ms (times, RUNS);

  {
    g_autoptr(LimnSpanIndex) spans = limn_span_index_new (NULL);
    g_autofree gint64 *view = g_new (gint64, N_QUERIES);

    for (i = 0; i < N_SPANS; i++)
      limn_span_index_add (spans, span_start[i], span_end[i], GUINT_TO_POINTER (i + 1));
    limn_span_index_build (spans);
    for (i = 0; i < N_QUERIES; i++)
      view[i] = g_rand_int_range (rand, 0, (gint32) n_chars);

    t0 = now_ns ();
    for (i = 0; i < N_QUERIES; i++)
      limn_span_index_query (spans, view[i], view[i] + VIEWPORT, count_span, &hits);
    query_ns = (double) (now_ns () - t0) / N_QUERIES;

    /* The scan a view without an index does for every frame. */
    t0 = now_ns ();
    for (i = 0; i < N_QUERIES / 10; i++)
      {
        guint j;

        for (j = 0; j < N_SPANS; j++)
          if (span_start[j] < view[i] + VIEWPORT
              && (span_end[j] > view[i]
                  || (span_start[j] == span_end[j] && span_start[j] >= view[i])))
            scan_hits++;
      }
    scan_ns = (double) (now_ns () - t0) / (N_QUERIES / 10);
  }

  printf ("bench-text (seed %u): %zu bytes, %" G_GINT64_FORMAT " code points, "
          "%" G_GINT64_FORMAT " UTF-16 units\n",
          seed, strlen (text), n_chars, limn_text_index_get_n_utf16 (index));
  printf ("text index build (median of %d): %.2f ms\n", RUNS, text_build_ms);
  printf ("%-22s %12s %14s %10s\n", "conversion", "index ns", "naive walk ns", "speed-up");
  for (i = 0; i < G_N_ELEMENTS (rows); i++)
    printf ("%-22s %12.1f %14.0f %9.0fx\n",
            rows[i].name, rows[i].fast_ns, rows[i].naive_ns, rows[i].naive_ns / rows[i].fast_ns);
  printf ("index pays for itself after %.0f conversions (build / naive cost)\n",
          text_build_ms * 1e6 / rows[0].naive_ns);
  printf ("span index: %d spans add+build (median of %d): %.2f ms, %u lanes\n",
          N_SPANS, RUNS, span_build_ms, n_lanes);
  printf ("viewport query (%d code points, %.1f spans each): %.0f ns, "
          "brute-force scan %.0f ns, speed-up %.0fx\n",
          VIEWPORT, (double) hits / N_QUERIES, query_ns, scan_ns, scan_ns / query_ns);
  /* Keeps the compiler from dropping the loops. */
  printf ("(checksum %" G_GUINT64_FORMAT ")\n", sink + scan_hits);

  return 0;
}
