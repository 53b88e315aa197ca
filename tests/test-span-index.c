/* test-span-index.c
 *
 * Every query is checked against a brute-force scan of the same spans, over
 * seeded random sets with points, nesting and duplicates.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "text/limn-span-index.h"

typedef struct
{
  gint64 start;
  gint64 end;
  guint  id;
} Span;

/* The header's rule, written out independently: half-open ranges overlap
 * when they share a position; a point overlaps a range that holds it. */
static gboolean
brute_overlaps (gint64 s,
                gint64 e,
                gint64 qs,
                gint64 qe)
{
  if (s == e && qs == qe)
    return s == qs;
  if (s == e)
    return qs <= s && s < qe;
  if (qs == qe)
    return s <= qs && qs < e;
  return s < qe && e > qs;
}

typedef struct
{
  GArray *hits;   /* const LimnSpanEntry * */
  guint   limit;  /* stop after this many, 0 for all */
} Collect;

static gboolean
collect (const LimnSpanEntry *entry,
         gpointer             user_data)
{
  Collect *c = user_data;

  g_array_append_val (c->hits, entry);
  return c->limit == 0 || c->hits->len < c->limit;
}

static GArray *
query (LimnSpanIndex *index,
       gint64         start,
       gint64         end,
       guint          limit)
{
  Collect c = { g_array_new (FALSE, FALSE, sizeof (const LimnSpanEntry *)), limit };

  limn_span_index_query (index, start, end, collect, &c);
  return c.hits;
}

static Span *
span_of (const LimnSpanEntry *entry)
{
  return entry->data;
}

/* Whether @a must come before @b: by start, longer first, then in the order
 * they were added (@rank[id], or the id itself). */
static gboolean
comes_before (const Span  *a,
              const Span  *b,
              const guint *rank)
{
  if (a->start != b->start)
    return a->start < b->start;
  if (a->end != b->end)
    return a->end > b->end;
  return rank != NULL ? rank[a->id] < rank[b->id] : a->id < b->id;
}

/* Checks one query against the scan: the same spans, each once, in order. */
static void
check_query_ranked (LimnSpanIndex *index,
                    Span          *spans,
                    guint          n,
                    const guint   *rank,
                    gint64         qs,
                    gint64         qe)
{
  g_autoptr(GArray) hits = query (index, qs, qe, 0);
  g_autofree gboolean *seen = g_new0 (gboolean, n);
  guint expected = 0;
  guint i;

  for (i = 0; i < n; i++)
    if (brute_overlaps (spans[i].start, spans[i].end, qs, qe))
      expected++;

  g_assert_cmpuint (hits->len, ==, expected);
  for (i = 0; i < hits->len; i++)
    {
      const LimnSpanEntry *entry = g_array_index (hits, const LimnSpanEntry *, i);
      Span *span = span_of (entry);

      g_assert_cmpint (entry->start, ==, span->start);
      g_assert_cmpint (entry->end, ==, span->end);
      g_assert_true (brute_overlaps (span->start, span->end, qs, qe));
      g_assert_false (seen[span->id]);
      seen[span->id] = TRUE;
      if (i > 0)
        g_assert_true (comes_before (span_of (g_array_index (hits, const LimnSpanEntry *, i - 1)),
                                     span, rank));
    }
}

static void
check_query (LimnSpanIndex *index,
             Span          *spans,
             guint          n,
             gint64         qs,
             gint64         qe)
{
  check_query_ranked (index, spans, n, NULL, qs, qe);
}

/* No two overlapping spans share a lane, and the lane count is the least
 * possible: the deepest pile-up at one position. */
static void
check_lanes (LimnSpanIndex *index,
             Span          *spans,
             guint          n)
{
  g_autofree guint *lane = g_new0 (guint, n);
  guint n_lanes = limn_span_index_get_n_lanes (index);
  guint depth = 0;
  guint i;
  guint j;

  for (i = 0; i < n; i++)
    {
      const LimnSpanEntry *entry = limn_span_index_lookup (index, &spans[i]);

      g_assert_nonnull (entry);
      g_assert_true (entry->data == &spans[i]);
      g_assert_cmpuint (entry->lane, <, n_lanes);
      lane[i] = entry->lane;
    }

  for (i = 0; i < n; i++)
    for (j = i + 1; j < n; j++)
      if (brute_overlaps (spans[i].start, spans[i].end, spans[j].start, spans[j].end))
        g_assert_cmpuint (lane[i], !=, lane[j]);

  /* Interval graphs are perfect: the greedy colouring is optimal. The deepest
   * pile-up is at some span's start. */
  for (i = 0; i < n; i++)
    {
      guint here = 0;

      for (j = 0; j < n; j++)
        if (brute_overlaps (spans[j].start, spans[j].end, spans[i].start, spans[i].start))
          here++;
      depth = MAX (depth, here);
    }
  g_assert_cmpuint (n_lanes, ==, depth);
}

static Span *
random_spans (GRand *rand,
              guint  n,
              gint64 text_length)
{
  Span *spans = g_new0 (Span, n);
  guint i;

  for (i = 0; i < n; i++)
    {
      double kind = g_rand_double (rand);

      spans[i].id = i;
      if (i > 0 && kind < 0.1)
        {
          /* An identical copy of an earlier span. */
          guint other = g_rand_int_range (rand, 0, i);

          spans[i].start = spans[other].start;
          spans[i].end = spans[other].end;
        }
      else if (i > 0 && kind < 0.25)
        {
          /* Nested in an earlier span (possibly a point inside it). */
          guint other = g_rand_int_range (rand, 0, i);
          gint64 s = spans[other].start;
          gint64 e = spans[other].end;

          spans[i].start = s + (e > s ? g_rand_int_range (rand, 0, e - s + 1) : 0);
          spans[i].end = spans[i].start + g_rand_int_range (rand, 0, e - spans[i].start + 1);
        }
      else if (kind < 0.35)
        {
          spans[i].start = g_rand_int_range (rand, 0, text_length + 1);
          spans[i].end = spans[i].start;
        }
      else
        {
          spans[i].start = g_rand_int_range (rand, 0, text_length);
          spans[i].end = MIN (text_length, spans[i].start + g_rand_int_range (rand, 1, 40));
        }
    }

  return spans;
}

static void
test_against_brute_force (void)
{
  static const guint sizes[] = { 1, 2, 3, 4, 5, 7, 8, 15, 16, 17, 31, 100, 257, 1000 };
  g_autoptr(GRand) rand = g_rand_new_with_seed (1880);
  gsize s;

  for (s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      guint n = sizes[s];
      gint64 length = MAX (10, n * 3);
      g_autofree Span *spans = random_spans (rand, n, length);
      g_autoptr(LimnSpanIndex) index = limn_span_index_new (NULL);
      guint i;
      gint64 p;

      for (i = 0; i < n; i++)
        limn_span_index_add (index, spans[i].start, spans[i].end, &spans[i]);
      limn_span_index_build (index);
      g_assert_cmpuint (limn_span_index_get_size (index), ==, n);

      for (i = 0; i < 300; i++)
        {
          gint64 qs = g_rand_int_range (rand, -5, length + 5);
          gint64 qe = qs + g_rand_int_range (rand, 0, 60);

          check_query (index, spans, n, qs, qe);
        }

      /* Every point query, and the whole text. */
      for (p = -1; p <= length + 1; p++)
        check_query (index, spans, n, p, p);
      check_query (index, spans, n, G_MININT64 / 2, G_MAXINT64 / 2);

      if (n <= 257)
        check_lanes (index, spans, n);
    }
}

static void
test_points_and_edges (void)
{
  Span spans[] = {
    { 0, 5, 0 }, { 5, 8, 1 }, { 5, 5, 2 }, { 5, 5, 3 }, { 8, 8, 4 }, { 2, 3, 5 },
  };
  g_autoptr(LimnSpanIndex) index = limn_span_index_new (NULL);
  g_autoptr(GArray) at5 = NULL;
  g_autoptr(GArray) touching = NULL;
  g_autoptr(GArray) at8 = NULL;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (spans); i++)
    limn_span_index_add (index, spans[i].start, spans[i].end, &spans[i]);
  limn_span_index_build (index);

  /* A caret at 5: the span starting there and both points, not [0,5). */
  at5 = query (index, 5, 5, 0);
  g_assert_cmpuint (at5->len, ==, 3);
  g_assert_true (span_of (g_array_index (at5, const LimnSpanEntry *, 0)) == &spans[1]);

  /* [4,5) touches [5,8) and the points at 5 without overlapping them. */
  touching = query (index, 4, 5, 0);
  g_assert_cmpuint (touching->len, ==, 1);
  g_assert_true (span_of (g_array_index (touching, const LimnSpanEntry *, 0)) == &spans[0]);

  /* The point at 8 sits at [5,8)'s exclusive end: found by [8,9) alone. */
  at8 = query (index, 8, 9, 0);
  g_assert_cmpuint (at8->len, ==, 1);
  g_assert_true (span_of (g_array_index (at8, const LimnSpanEntry *, 0)) == &spans[4]);

  /* [0,5) and [5,8) share lane 0; the points at 5 overlap [5,8) and each
   * other, so they need two more; the nested [2,3) needs one over [0,5). */
  g_assert_cmpuint (limn_span_index_lookup (index, &spans[0])->lane, ==, 0);
  g_assert_cmpuint (limn_span_index_lookup (index, &spans[1])->lane, ==, 0);
  g_assert_cmpuint (limn_span_index_lookup (index, &spans[5])->lane, ==, 1);
  g_assert_cmpuint (limn_span_index_get_n_lanes (index), ==, 3);
  check_lanes (index, spans, G_N_ELEMENTS (spans));
}

static void
test_nested_and_identical (void)
{
  Span spans[64];
  g_autoptr(LimnSpanIndex) index = limn_span_index_new (NULL);
  guint i;

  /* 32 spans nested like parentheses, then 32 identical ones. */
  for (i = 0; i < 32; i++)
    spans[i] = (Span) { i, 100 - i, i };
  for (i = 32; i < 64; i++)
    spans[i] = (Span) { 200, 210, i };
  for (i = 0; i < 64; i++)
    limn_span_index_add (index, spans[i].start, spans[i].end, &spans[i]);
  limn_span_index_build (index);

  g_assert_cmpuint (limn_span_index_get_n_lanes (index), ==, 32);
  /* Outermost lowest. */
  for (i = 0; i < 32; i++)
    g_assert_cmpuint (limn_span_index_lookup (index, &spans[i])->lane, ==, i);
  check_lanes (index, spans, 64);

  /* Identical spans come back in the order they were added. */
  {
    g_autoptr(GArray) same = query (index, 200, 201, 0);

    g_assert_cmpuint (same->len, ==, 32);
    for (i = 0; i < 32; i++)
      g_assert_cmpuint (span_of (g_array_index (same, const LimnSpanEntry *, i))->id, ==, 32 + i);
  }

  check_query (index, spans, 64, 50, 51);
  check_query (index, spans, 64, 205, 205);
  check_query (index, spans, 64, 99, 201);
}

/* Among spans with one start the longer comes first, whatever the order
 * they were added in. Short ones are added first; in the second layout the
 * two halves the sort merges meet at a shared start. */
static void
test_longer_first (void)
{
  guint layout;

  for (layout = 0; layout < 2; layout++)
    {
      Span spans[64];
      g_autoptr(LimnSpanIndex) index = limn_span_index_new (NULL);
      gint64 offset = layout == 0 ? 0 : 31;
      guint i;

      for (i = 0; i < 32; i++)
        {
          spans[i] = (Span) { i, i + 1, i };
          spans[32 + i] = (Span) { offset + i, offset + i + 5, 32 + i };
        }
      for (i = 0; i < 64; i++)
        limn_span_index_add (index, spans[i].start, spans[i].end, &spans[i]);
      limn_span_index_build (index);

      check_query (index, spans, 64, 0, 100);
      check_query (index, spans, 64, 31, 32);
      check_lanes (index, spans, 64);
      if (layout == 0)
        for (i = 0; i < 32; i++)
          g_assert_cmpuint (limn_span_index_lookup (index, &spans[32 + i])->lane, <,
                            limn_span_index_lookup (index, &spans[i])->lane);
    }
}

/* The store hands spans over in start order; a view may add them backwards. */
static void
test_sorted_input (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (2299);
  g_autofree Span *spans = random_spans (rand, 500, 1500);
  guint order;

  for (order = 0; order < 2; order++)
    {
      g_autoptr(LimnSpanIndex) index = limn_span_index_new (NULL);
      g_autofree guint *by_start = g_new (guint, 500);
      g_autofree guint *rank = g_new (guint, 500);
      guint i;
      guint j;

      /* Insertion sort of indices by start, then end descending. */
      for (i = 0; i < 500; i++)
        {
          for (j = i; j > 0; j--)
            {
              Span *prev = &spans[by_start[j - 1]];

              if (prev->start < spans[i].start
                  || (prev->start == spans[i].start && prev->end >= spans[i].end))
                break;
              by_start[j] = by_start[j - 1];
            }
          by_start[j] = i;
        }

      for (i = 0; i < 500; i++)
        {
          Span *span = &spans[by_start[order == 0 ? i : 499 - i]];

          rank[span->id] = i;
          limn_span_index_add (index, span->start, span->end, span);
        }
      limn_span_index_build (index);

      for (i = 0; i < 200; i++)
        {
          gint64 qs = g_rand_int_range (rand, -2, 1502);

          check_query_ranked (index, spans, 500, rank, qs, qs + g_rand_int_range (rand, 0, 80));
        }
      check_lanes (index, spans, 500);
    }
}

static void
test_early_stop (void)
{
  g_autoptr(LimnSpanIndex) index = limn_span_index_new (NULL);
  g_autoptr(GArray) first = NULL;
  g_autoptr(GArray) three = NULL;
  g_autoptr(GArray) all = NULL;
  static Span spans[200];
  guint i;

  for (i = 0; i < 200; i++)
    {
      spans[i] = (Span) { (gint64) (i * 7) % 500, (gint64) (i * 7) % 500 + 30, i };
      limn_span_index_add (index, spans[i].start, spans[i].end, &spans[i]);
    }
  limn_span_index_build (index);

  all = query (index, 100, 300, 0);
  first = query (index, 100, 300, 1);
  three = query (index, 100, 300, 3);
  g_assert_cmpuint (all->len, >, 3);
  g_assert_cmpuint (first->len, ==, 1);
  g_assert_cmpuint (three->len, ==, 3);
  /* Stopping early gives a prefix of the full answer. */
  for (i = 0; i < 3; i++)
    g_assert_true (g_array_index (three, gpointer, i) == g_array_index (all, gpointer, i));
}

static void
test_lookup_clear_rebuild (void)
{
  g_autoptr(LimnSpanIndex) index = limn_span_index_new (g_free);
  g_autoptr(GArray) hits = NULL;
  char *a = g_strdup ("a");
  char *b = g_strdup ("b");
  char *c = g_strdup ("c");
  int not_added;

  limn_span_index_add (index, 10, 20, a);
  limn_span_index_add (index, 0, 5, b);
  /* Not visible until built. */
  hits = query (index, 0, 100, 0);
  g_assert_cmpuint (hits->len, ==, 0);
  g_clear_pointer (&hits, g_array_unref);
  g_assert_null (limn_span_index_lookup (index, a));

  limn_span_index_build (index);
  g_assert_cmpuint (limn_span_index_get_size (index), ==, 2);
  g_assert_cmpint (limn_span_index_lookup (index, a)->start, ==, 10);
  g_assert_cmpint (limn_span_index_lookup (index, b)->end, ==, 5);
  g_assert_null (limn_span_index_lookup (index, &not_added));
  g_assert_cmpuint (limn_span_index_get_n_lanes (index), ==, 1);

  /* Adding after a build keeps what was built, and the next build has all. */
  limn_span_index_add (index, 12, 15, c);
  hits = query (index, 0, 100, 0);
  g_assert_cmpuint (hits->len, ==, 2);
  g_clear_pointer (&hits, g_array_unref);
  limn_span_index_build (index);
  g_assert_cmpuint (limn_span_index_get_size (index), ==, 3);
  g_assert_cmpuint (limn_span_index_get_n_lanes (index), ==, 2);
  g_assert_cmpuint (limn_span_index_lookup (index, c)->lane, ==, 1);
  hits = query (index, 0, 100, 0);
  g_assert_cmpuint (hits->len, ==, 3);
  g_assert_true (g_array_index (hits, LimnSpanEntry *, 0)->data == b);
  g_assert_true (g_array_index (hits, LimnSpanEntry *, 1)->data == a);
  g_assert_true (g_array_index (hits, LimnSpanEntry *, 2)->data == c);
  g_clear_pointer (&hits, g_array_unref);

  /* clear() frees the data (ASan/valgrind would catch a leak or a double
   * free) and leaves an empty, reusable index. */
  limn_span_index_clear (index);
  g_assert_cmpuint (limn_span_index_get_size (index), ==, 0);
  g_assert_cmpuint (limn_span_index_get_n_lanes (index), ==, 0);
  hits = query (index, 0, 100, 0);
  g_assert_cmpuint (hits->len, ==, 0);
  g_clear_pointer (&hits, g_array_unref);

  limn_span_index_add (index, 3, 4, g_strdup ("again"));
  limn_span_index_build (index);
  hits = query (index, 3, 3, 0);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpstr (g_array_index (hits, LimnSpanEntry *, 0)->data, ==, "again");
  /* Freeing the index frees "again" and the pending-free path. */
  limn_span_index_add (index, 1, 2, g_strdup ("pending"));
}

static void
test_empty (void)
{
  g_autoptr(LimnSpanIndex) index = limn_span_index_new (NULL);
  g_autoptr(GArray) hits = NULL;
  int x;

  hits = query (index, 0, 10, 0);
  g_assert_cmpuint (hits->len, ==, 0);
  g_clear_pointer (&hits, g_array_unref);

  limn_span_index_build (index);
  g_assert_cmpuint (limn_span_index_get_size (index), ==, 0);
  g_assert_cmpuint (limn_span_index_get_n_lanes (index), ==, 0);
  g_assert_null (limn_span_index_lookup (index, &x));
  hits = query (index, G_MININT64 / 2, G_MAXINT64 / 2, 0);
  g_assert_cmpuint (hits->len, ==, 0);

  limn_span_index_free (NULL);
}

static void
test_ten_thousand (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (10000);
  g_autofree Span *spans = random_spans (rand, 10000, 1000000);
  g_autoptr(LimnSpanIndex) index = limn_span_index_new (NULL);
  guint i;

  for (i = 0; i < 10000; i++)
    limn_span_index_add (index, spans[i].start, spans[i].end, &spans[i]);
  limn_span_index_build (index);
  g_assert_cmpuint (limn_span_index_get_size (index), ==, 10000);

  for (i = 0; i < 200; i++)
    {
      gint64 qs = g_rand_int_range (rand, 0, 1000000);

      check_query (index, spans, 10000, qs, qs + g_rand_int_range (rand, 0, 3000));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/span-index/brute-force", test_against_brute_force);
  g_test_add_func ("/span-index/points-and-edges", test_points_and_edges);
  g_test_add_func ("/span-index/nested-and-identical", test_nested_and_identical);
  g_test_add_func ("/span-index/longer-first", test_longer_first);
  g_test_add_func ("/span-index/sorted-input", test_sorted_input);
  g_test_add_func ("/span-index/early-stop", test_early_stop);
  g_test_add_func ("/span-index/lookup-clear-rebuild", test_lookup_clear_rebuild);
  g_test_add_func ("/span-index/empty", test_empty);
  g_test_add_func ("/span-index/ten-thousand", test_ten_thousand);

  return g_test_run ();
}
