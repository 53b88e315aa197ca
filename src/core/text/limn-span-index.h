/* limn-span-index.h
 *
 * An interval index over spans [start, end) in code points: all spans
 * overlapping a range in O(log n + k), so the span view draws only what is
 * visible however many spans a document has. Also assigns each span a lane
 * (0, 1, 2 …) such that overlapping spans never share one, so they can be
 * drawn apart.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  gint64   start;
  gint64   end;     /* exclusive; start == end is a point and still found */
  guint    lane;
  gpointer data;
} LimnSpanEntry;

typedef struct _LimnSpanIndex LimnSpanIndex;

/* Return FALSE to stop the query. */
typedef gboolean (*LimnSpanFunc) (const LimnSpanEntry *entry,
                                  gpointer             user_data);

LimnSpanIndex *limn_span_index_new        (GDestroyNotify       data_destroy);
void           limn_span_index_free       (LimnSpanIndex       *self);
void           limn_span_index_clear      (LimnSpanIndex       *self);
void           limn_span_index_add        (LimnSpanIndex       *self,
                                           gint64               start,
                                           gint64               end,
                                           gpointer             data);
/* Sorts and builds the index; queries before build() see nothing added since.
 * Spans with one start sort longer first (so the enclosing one gets the lower
 * lane), then in the order they were added. */
void           limn_span_index_build      (LimnSpanIndex       *self);
/* The number of spans as of the last build(). */
guint          limn_span_index_get_size   (LimnSpanIndex       *self);
guint          limn_span_index_get_n_lanes (LimnSpanIndex      *self);
/* Calls @func for each span overlapping [start, end), in order of start. A
 * span [s, e) overlaps when s < end && e > start, or when it is a point
 * inside the range. */
void           limn_span_index_query      (LimnSpanIndex       *self,
                                           gint64               start,
                                           gint64               end,
                                           LimnSpanFunc         func,
                                           gpointer             user_data);
/* The entry for @data (pointer equality), or NULL; valid until the next
 * build(), clear() or free(). Spans without data (NULL) are not looked up. */
const LimnSpanEntry *limn_span_index_lookup (LimnSpanIndex     *self,
                                             gconstpointer      data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnSpanIndex, limn_span_index_free)

G_END_DECLS
