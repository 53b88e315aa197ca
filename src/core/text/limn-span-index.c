/* limn-span-index.c
 *
 * The spans live in one array sorted by start, which doubles as an implicit
 * binary search tree: the node at index i sits at level k when the lowest k
 * bits of i are 1 and bit k is 0, so leaves are the even indices, the root is
 * 2^K - 1, and a node at level k has children i ± 2^(k-1). Each node keeps the
 * largest end in its subtree, so a query skips any subtree ending before the
 * range. No pointers, one allocation, built in O(n log n) by the sort.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-text"

#include "config.h"

#include <string.h>

#include "limn-span-index.h"

struct _LimnSpanIndex
{
  GDestroyNotify  data_destroy;
  GArray         *pending;   /* LimnSpanEntry, added since the last build() */
  GArray         *spans;     /* LimnSpanEntry, sorted by start */
  gint64         *max_end;   /* per node: the largest end in its subtree */
  guint           root_level;
  guint           n_lanes;
  GHashTable     *by_data;   /* data -> index in spans + 1 */
};

LimnSpanIndex *
limn_span_index_new (GDestroyNotify data_destroy)
{
  LimnSpanIndex *self = g_new0 (LimnSpanIndex, 1);

  self->data_destroy = data_destroy;
  self->pending = g_array_new (FALSE, FALSE, sizeof (LimnSpanEntry));
  self->spans = g_array_new (FALSE, FALSE, sizeof (LimnSpanEntry));
  self->by_data = g_hash_table_new (NULL, NULL);

  return self;
}

static void
destroy_data (LimnSpanIndex *self,
              GArray        *entries)
{
  guint i;

  if (self->data_destroy == NULL)
    return;

  for (i = 0; i < entries->len; i++)
    {
      gpointer data = g_array_index (entries, LimnSpanEntry, i).data;

      if (data != NULL)
        self->data_destroy (data);
    }
}

void
limn_span_index_clear (LimnSpanIndex *self)
{
  g_return_if_fail (self != NULL);

  destroy_data (self, self->pending);
  destroy_data (self, self->spans);
  g_array_set_size (self->pending, 0);
  g_array_set_size (self->spans, 0);
  g_clear_pointer (&self->max_end, g_free);
  g_hash_table_remove_all (self->by_data);
  self->root_level = 0;
  self->n_lanes = 0;
}

void
limn_span_index_free (LimnSpanIndex *self)
{
  if (self == NULL)
    return;

  limn_span_index_clear (self);
  g_array_unref (self->pending);
  g_array_unref (self->spans);
  g_hash_table_unref (self->by_data);
  g_free (self);
}

void
limn_span_index_add (LimnSpanIndex *self,
                     gint64         start,
                     gint64         end,
                     gpointer       data)
{
  LimnSpanEntry entry = { start, end, 0, data };

  g_return_if_fail (self != NULL);
  g_return_if_fail (start <= end);

  g_array_append_val (self->pending, entry);
}

/* Longer spans first among those with the same start, so an enclosing span
 * takes the lower lane and the spans nested in it stack above. */
static inline gboolean
entry_less (const LimnSpanEntry *x,
            const LimnSpanEntry *y)
{
  return x->start < y->start || (x->start == y->start && x->end > y->end);
}

/* A stable merge sort, so identical spans keep the order they were added in.
 * Halves already in order cost one comparison, so spans added in start order
 * (as the store returns them) sort in O(n). @tmp holds n / 2 entries. */
static void
sort_entries (LimnSpanEntry *a,
              LimnSpanEntry *tmp,
              gsize          n)
{
  gsize mid = n / 2;
  gsize i;
  gsize j;
  gsize k;

  if (n <= 16)
    {
      for (i = 1; i < n; i++)
        {
          LimnSpanEntry e = a[i];

          for (j = i; j > 0 && entry_less (&e, &a[j - 1]); j--)
            a[j] = a[j - 1];
          a[j] = e;
        }
      return;
    }

  sort_entries (a, tmp, mid);
  sort_entries (a + mid, tmp, n - mid);
  if (!entry_less (&a[mid], &a[mid - 1]))
    return;

  memcpy (tmp, a, mid * sizeof (LimnSpanEntry));
  for (i = 0, j = mid, k = 0; i < mid && j < n; k++)
    a[k] = entry_less (&a[j], &tmp[i]) ? a[j++] : tmp[i++];
  while (i < mid)
    a[k++] = tmp[i++];
}

/* Fills max_end for the subtree at @x and returns its largest end; @x may lie
 * past the array, whose existing part is then its left subtree. */
static gint64
fill_max_end (LimnSpanIndex *self,
              gsize          x,
              guint          level)
{
  const LimnSpanEntry *spans = (const LimnSpanEntry *) (gpointer) self->spans->data;
  gsize n = self->spans->len;
  gsize half;
  gint64 max;
  gint64 right;

  if (level == 0)
    {
      if (x >= n)
        return G_MININT64;
      self->max_end[x] = spans[x].end;
      return spans[x].end;
    }

  half = (gsize) 1 << (level - 1);
  max = fill_max_end (self, x - half, level - 1);

  if (x >= n)
    return max;

  /* Not MAX (max, fill_max_end (…)): the macro would recurse twice. */
  right = fill_max_end (self, x + half, level - 1);
  max = MAX (max, spans[x].end);
  max = MAX (max, right);
  self->max_end[x] = max;

  return max;
}

/* A binary min-heap of (key, lane) pairs. */
typedef struct
{
  gint64 key;
  guint  lane;
} HeapItem;

static inline gboolean
heap_less (const HeapItem *a,
           const HeapItem *b)
{
  return a->key < b->key || (a->key == b->key && a->lane < b->lane);
}

static void
heap_push (HeapItem *heap,
           gsize    *len,
           HeapItem  item)
{
  gsize i = (*len)++;

  while (i > 0)
    {
      gsize parent = (i - 1) / 2;

      if (!heap_less (&item, &heap[parent]))
        break;
      heap[i] = heap[parent];
      i = parent;
    }
  heap[i] = item;
}

static HeapItem
heap_pop (HeapItem *heap,
          gsize    *len)
{
  HeapItem top = heap[0];
  HeapItem last = heap[--(*len)];
  gsize i = 0;

  for (;;)
    {
      gsize child = 2 * i + 1;

      if (child >= *len)
        break;
      if (child + 1 < *len && heap_less (&heap[child + 1], &heap[child]))
        child++;
      if (!heap_less (&heap[child], &last))
        break;
      heap[i] = heap[child];
      i = child;
    }
  if (*len > 0)
    heap[i] = last;

  return top;
}

/* Where a lane becomes free again after holding @entry: at its end, or just
 * past a point, since a point at p overlaps whatever starts at p. */
static inline gint64
free_from (const LimnSpanEntry *entry)
{
  if (entry->start == entry->end && entry->end < G_MAXINT64)
    return entry->end + 1;
  return entry->end;
}

/* Greedy colouring in start order is optimal for interval graphs: the number
 * of lanes equals the largest number of spans overlapping at one position. */
static void
assign_lanes (LimnSpanIndex *self)
{
  LimnSpanEntry *spans = (LimnSpanEntry *) (gpointer) self->spans->data;
  gsize n = self->spans->len;
  g_autofree HeapItem *busy = g_new (HeapItem, MAX (n, 1));   /* key: free_from */
  g_autofree HeapItem *idle = g_new (HeapItem, MAX (n, 1));   /* key: lane */
  gsize n_busy = 0;
  gsize n_idle = 0;
  guint n_lanes = 0;
  gsize i;

  for (i = 0; i < n; i++)
    {
      HeapItem item;

      /* Starts only grow, so a lane free for this span stays free for the
       * rest until it is taken again. */
      while (n_busy > 0 && busy[0].key <= spans[i].start)
        {
          item = heap_pop (busy, &n_busy);
          item.key = item.lane;
          heap_push (idle, &n_idle, item);
        }

      if (n_idle > 0)
        item = heap_pop (idle, &n_idle);
      else
        item.lane = n_lanes++;

      spans[i].lane = item.lane;
      item.key = free_from (&spans[i]);
      heap_push (busy, &n_busy, item);
    }

  self->n_lanes = n_lanes;
}

void
limn_span_index_build (LimnSpanIndex *self)
{
  g_autofree LimnSpanEntry *tmp = NULL;
  gsize n;
  gsize i;

  g_return_if_fail (self != NULL);

  /* The first build takes the pending array as it is instead of copying. */
  if (self->spans->len == 0)
    {
      GArray *empty = self->spans;

      self->spans = self->pending;
      self->pending = empty;
    }
  else
    {
      g_array_append_vals (self->spans, self->pending->data, self->pending->len);
      g_array_set_size (self->pending, 0);
    }

  n = self->spans->len;
  tmp = g_new (LimnSpanEntry, n / 2 + 1);
  sort_entries ((LimnSpanEntry *) (gpointer) self->spans->data, tmp, n);

  /* The root is 2^K - 1 for the smallest K whose full tree of 2^(K+1) - 1
   * nodes holds all spans; that root always exists. */
  self->root_level = 0;
  while ((((gsize) 2 << self->root_level) - 1) < n)
    self->root_level++;

  g_free (self->max_end);
  self->max_end = g_new (gint64, MAX (n, 1));
  if (n > 0)
    fill_max_end (self, ((gsize) 1 << self->root_level) - 1, self->root_level);

  assign_lanes (self);

  /* Backwards, so the first in start order wins when the same data was
   * added twice. */
  g_hash_table_remove_all (self->by_data);
  for (i = n; i > 0; i--)
    {
      gpointer data = g_array_index (self->spans, LimnSpanEntry, i - 1).data;

      if (data != NULL)
        g_hash_table_insert (self->by_data, data, GSIZE_TO_POINTER (i));
    }
}

/* The number of spans as of the last build(). */
guint
limn_span_index_get_size (LimnSpanIndex *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->spans->len;
}

guint
limn_span_index_get_n_lanes (LimnSpanIndex *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_lanes;
}

typedef struct
{
  const LimnSpanEntry *spans;
  const gint64        *max_end;
  gsize                n;
  gint64               start;
  gint64               end;
  gboolean             point;   /* the query is the position start == end */
  LimnSpanFunc         func;
  gpointer             user_data;
} Query;

/* The same rule as the header's, and symmetric: intervals overlap as half-open
 * ranges, and a point p counts as overlapping what covers p. */
static inline gboolean
starts_in_reach (const Query *q,
                 gint64       start)
{
  return start < q->end || (q->point && start <= q->start);
}

static inline gboolean
overlaps (const Query         *q,
          const LimnSpanEntry *span)
{
  return starts_in_reach (q, span->start)
         && (span->end > q->start || (span->start == span->end && span->start >= q->start));
}

/* In-order walk, so matches come out in start order. Returns FALSE once the
 * callback asked to stop. */
static gboolean
query_node (const Query *q,
            gsize        x,
            guint        level)
{
  gsize half;

  if (x >= q->n)
    {
      /* Past the array: only the left subtree can hold spans. */
      if (level == 0)
        return TRUE;
      return query_node (q, x - ((gsize) 1 << (level - 1)), level - 1);
    }

  /* Every match ends at or after the query's start (points included). */
  if (q->max_end[x] < q->start)
    return TRUE;

  if (level == 0)
    return !overlaps (q, &q->spans[x]) || q->func (&q->spans[x], q->user_data);

  half = (gsize) 1 << (level - 1);
  if (!query_node (q, x - half, level - 1))
    return FALSE;

  if (!starts_in_reach (q, q->spans[x].start))
    return TRUE;

  if (overlaps (q, &q->spans[x]) && !q->func (&q->spans[x], q->user_data))
    return FALSE;

  return query_node (q, x + half, level - 1);
}

void
limn_span_index_query (LimnSpanIndex *self,
                       gint64         start,
                       gint64         end,
                       LimnSpanFunc   func,
                       gpointer       user_data)
{
  Query q;

  g_return_if_fail (self != NULL);
  g_return_if_fail (func != NULL);

  if (self->spans->len == 0 || start > end)
    return;

  q.spans = (const LimnSpanEntry *) (gpointer) self->spans->data;
  q.max_end = self->max_end;
  q.n = self->spans->len;
  q.start = start;
  q.end = end;
  q.point = start == end;
  q.func = func;
  q.user_data = user_data;

  query_node (&q, ((gsize) 1 << self->root_level) - 1, self->root_level);
}

/* The entry stays valid until the next build(), clear() or free(). */
const LimnSpanEntry *
limn_span_index_lookup (LimnSpanIndex *self,
                        gconstpointer  data)
{
  gsize i;

  g_return_val_if_fail (self != NULL, NULL);

  i = GPOINTER_TO_SIZE (g_hash_table_lookup (self->by_data, data));
  if (i == 0)
    return NULL;

  return &g_array_index (self->spans, LimnSpanEntry, i - 1);
}
