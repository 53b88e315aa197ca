/* limn-span-view-layout.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include <string.h>

#include "model/limn-task.h"
#include "limn-span-view-layout.h"

/* A block holds at most this much text. Shaping is linear in the text, so
 * this bounds the work a newly exposed block costs a scroll frame (a few
 * milliseconds at worst), and a layout's memory. */
#define MAX_BLOCK_BYTES 4096
/* Cut no earlier than this, so a block is never tiny. */
#define MIN_BLOCK_BYTES (MAX_BLOCK_BYTES / 2)
/* Laid-out blocks kept. A block is at least one line, so this is far more
 * than any screen shows; memory stays bounded by it. */
#define LRU_CAPACITY 256

struct _LimnSpanViewLayout
{
  LimnTextIndex       *text;
  LimnTextDirection    direction;
  GArray              *blocks;   /* LimnTextBlock */
  gint64              *tree;     /* Fenwick tree of heights, 1-based */
  guint                tree_top; /* highest power of two <= n */
  GQueue               lru;      /* most recently used first */
  PangoContext        *contexts[2];
  LimnSpanViewMetrics  metrics;
};

/* Fenwick tree */

static void
tree_add (LimnSpanViewLayout *self,
          guint               index,
          gint64              delta)
{
  guint n = self->blocks->len;

  for (guint i = index + 1; i <= n; i += i & -i)
    self->tree[i] += delta;
}

/* Sum of the heights of blocks [0, index). */
static gint64
tree_prefix (LimnSpanViewLayout *self,
             guint               index)
{
  gint64 sum = 0;

  for (guint i = MIN (index, self->blocks->len); i > 0; i -= i & -i)
    sum += self->tree[i];

  return sum;
}

static void
tree_build (LimnSpanViewLayout *self)
{
  guint n = self->blocks->len;

  g_free (self->tree);
  self->tree = g_new0 (gint64, n + 1);

  for (guint i = 1; i <= n; i++)
    {
      guint j = i + (i & -i);

      self->tree[i] += g_array_index (self->blocks, LimnTextBlock, i - 1).height;
      if (j <= n)
        self->tree[j] += self->tree[i];
    }

  self->tree_top = 1;
  while (self->tree_top * 2 <= n)
    self->tree_top *= 2;
}

/* Block splitting */

static inline gboolean
is_continuation (guchar byte)
{
  return (byte & 0xC0) == 0x80;
}

static gboolean
is_sentence_end (const char *text,
                 gsize       start,
                 gsize       pos)
{
  static const char *ends[] = { ".", "!", "?", "\xd8\x9f" /* ؟ */, "\xe3\x80\x82" /* 。 */,
                                "\xef\xbc\x81" /* ！ */, "\xef\xbc\x9f" /* ？ */ };

  for (guint i = 0; i < G_N_ELEMENTS (ends); i++)
    {
      gsize len = strlen (ends[i]);

      if (pos >= start + len && memcmp (text + pos - len, ends[i], len) == 0)
        return TRUE;
    }

  return FALSE;
}

/* Whether a block may not start with @c: it would split a grapheme cluster
 * (combining marks, joiners, variation selectors, emoji modifiers and tags). */
static gboolean
continues_cluster (gunichar c)
{
  return g_unichar_ismark (c) ||
         c == 0x200D ||
         (c >= 0xFE00 && c <= 0xFE0F) ||
         (c >= 0x1F3FB && c <= 0x1F3FF) ||
         (c >= 0xE0020 && c <= 0xE007F) ||
         (c >= 0xE0100 && c <= 0xE01EF);
}

/* Where to cut the paragraph text [start, end) so the first part is at most
 * MAX_BLOCK_BYTES: after a sentence, else after white space, else at a
 * character boundary that does not split a grapheme cluster. */
static gsize
find_cut (const char *text,
          gsize       start,
          gsize       end)
{
  gsize limit = start + MAX_BLOCK_BYTES;
  gsize floor = start + MIN_BLOCK_BYTES;
  gsize p;

  g_assert (end > limit);

  /* A sentence end followed by a space: cut after the space. */
  for (p = limit - 1; p > floor; p--)
    if (text[p] == ' ' && is_sentence_end (text, start, p))
      return p + 1;

  /* CJK sentence ends need no space. */
  for (p = limit; p > floor; p--)
    if (!is_continuation (text[p]) && is_sentence_end (text, start, p) && (guchar) text[p - 1] >= 0x80)
      return p;

  for (p = limit - 1; p > floor; p--)
    if (text[p] == ' ' || text[p] == '\t')
      return p + 1;

  p = limit;
  while (p > floor)
    {
      const char *prev;

      if (is_continuation (text[p]))
        {
          p--;
          continue;
        }

      prev = g_utf8_prev_char (text + p);
      if (!continues_cluster (g_utf8_get_char (text + p)) && g_utf8_get_char (prev) != 0x200D)
        return p;

      p = prev - text;
    }

  /* Two kilobytes of one cluster: cut anyway at a character boundary. */
  p = limit;
  while (is_continuation (text[p]))
    p--;

  return p;
}

static void
append_block (LimnSpanViewLayout *self,
              gsize               byte_start,
              gsize               byte_end,
              gboolean            para_start,
              gboolean            para_end)
{
  LimnTextBlock block = { 0, };

  block.byte_start = byte_start;
  block.byte_len = byte_end - byte_start;
  block.cp_start = limn_text_index_byte_to_char (self->text, byte_start);
  block.cp_end = limn_text_index_byte_to_char (self->text, byte_end);
  block.para_start = para_start;
  block.para_end = para_end;

  g_array_append_val (self->blocks, block);
}

static void
split_text (LimnSpanViewLayout *self)
{
  const char *text = limn_text_index_get_text (self->text);
  gsize n_bytes = limn_text_index_get_n_bytes (self->text);
  gsize pos = 0;

  for (;;)
    {
      const char *nl = memchr (text + pos, '\n', n_bytes - pos);
      gsize para_end = nl ? (gsize) (nl - text) : n_bytes;
      gsize content_end = para_end;
      gsize start = pos;
      gboolean first = TRUE;

      if (content_end > pos && text[content_end - 1] == '\r')
        content_end--;

      while (content_end - start > MAX_BLOCK_BYTES)
        {
          gsize cut = find_cut (text, start, content_end);

          append_block (self, start, cut, first, FALSE);
          first = FALSE;
          start = cut;
        }
      append_block (self, start, content_end, first, TRUE);

      if (nl == NULL)
        break;
      pos = para_end + 1;
    }
}

/* Heights */

static int
block_pad_top (LimnSpanViewLayout *self,
               guint               index,
               const LimnTextBlock *block)
{
  return (block->para_start && index > 0) ? self->metrics.para_gap : 0;
}

static int
estimate_height (LimnSpanViewLayout  *self,
                 guint                index,
                 const LimnTextBlock *block)
{
  const LimnSpanViewMetrics *m = &self->metrics;
  gint64 n_chars = block->cp_end - block->cp_start;
  /* Characters beyond Latin tend to be wider: CJK (3 bytes) about two
   * Latin characters, emoji (4 bytes) a little more. */
  gint64 units = n_chars + ((gint64) block->byte_len - n_chars) / 2;
  gint64 per_line = MAX (1, m->width / MAX (1, m->char_width));
  /* Word wrapping leaves lines ragged: about 6 % is lost at line ends. */
  gint64 lines = MAX (1, (units * 106 / 100 + per_line - 1) / per_line);

  lines = MIN (lines, G_MAXINT / 4 / MAX (1, m->line_height + m->caption_band + m->lane_band));

  return block_pad_top (self, index, block) +
         (int) lines * (m->line_height + m->caption_band + m->lane_band);
}

static void
drop_cached (LimnSpanViewLayout *self,
             LimnTextBlock      *block)
{
  if (block->layout == NULL)
    return;

  g_queue_unlink (&self->lru, &block->lru_link);
  g_clear_object (&block->layout);
  g_clear_pointer (&block->text_node, gsk_render_node_unref);
}

static void
drop_all (LimnSpanViewLayout *self)
{
  for (guint i = 0; i < self->blocks->len; i++)
    drop_cached (self, &g_array_index (self->blocks, LimnTextBlock, i));
}

LimnSpanViewLayout *
limn_span_view_layout_new (LimnTextIndex     *text,
                           LimnTextDirection  direction)
{
  LimnSpanViewLayout *self;

  g_return_val_if_fail (text != NULL, NULL);

  self = g_new0 (LimnSpanViewLayout, 1);
  self->text = limn_text_index_ref (text);
  self->direction = direction;
  self->blocks = g_array_new (FALSE, TRUE, sizeof (LimnTextBlock));
  g_queue_init (&self->lru);

  /* Sensible numbers until configure() brings the real ones. */
  self->metrics.width = 600;
  self->metrics.line_height = 18;
  self->metrics.char_width = 8;

  split_text (self);

  return self;
}

void
limn_span_view_layout_free (LimnSpanViewLayout *self)
{
  if (self == NULL)
    return;

  drop_all (self);
  g_array_unref (self->blocks);
  g_free (self->tree);
  g_clear_object (&self->contexts[0]);
  g_clear_object (&self->contexts[1]);
  limn_text_index_unref (self->text);
  g_free (self);
}

void
limn_span_view_layout_configure (LimnSpanViewLayout        *self,
                                 PangoContext              *ltr,
                                 PangoContext              *rtl,
                                 const LimnSpanViewMetrics *metrics)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (PANGO_IS_CONTEXT (ltr) && PANGO_IS_CONTEXT (rtl));

  drop_all (self);
  g_set_object (&self->contexts[0], ltr);
  g_set_object (&self->contexts[1], rtl);
  self->metrics = *metrics;
  self->metrics.width = MAX (self->metrics.width, 1);

  for (guint i = 0; i < self->blocks->len; i++)
    {
      LimnTextBlock *block = &g_array_index (self->blocks, LimnTextBlock, i);

      block->measured = FALSE;
      block->height = estimate_height (self, i, block);
    }

  tree_build (self);
}

void
limn_span_view_layout_drop_nodes (LimnSpanViewLayout *self)
{
  g_return_if_fail (self != NULL);

  for (GList *l = self->lru.head; l != NULL; l = l->next)
    {
      LimnTextBlock *block = l->data;

      g_clear_pointer (&block->text_node, gsk_render_node_unref);
    }
}

guint
limn_span_view_layout_get_n_blocks (LimnSpanViewLayout *self)
{
  return self->blocks->len;
}

LimnTextBlock *
limn_span_view_layout_get_block (LimnSpanViewLayout *self,
                                 guint               index)
{
  g_return_val_if_fail (index < self->blocks->len, NULL);

  return &g_array_index (self->blocks, LimnTextBlock, index);
}

gint64
limn_span_view_layout_get_height (LimnSpanViewLayout *self)
{
  return tree_prefix (self, self->blocks->len);
}

gint64
limn_span_view_layout_get_y (LimnSpanViewLayout *self,
                             guint               index)
{
  return tree_prefix (self, index);
}

guint
limn_span_view_layout_block_at_y (LimnSpanViewLayout *self,
                                  gint64              y)
{
  guint n = self->blocks->len;
  guint pos = 0;

  if (y <= 0 || self->tree == NULL)
    return 0;

  /* Descend the tree: pos ends as the number of blocks lying wholly above y. */
  for (guint step = self->tree_top; step > 0; step >>= 1)
    {
      if (pos + step <= n && self->tree[pos + step] <= y)
        {
          pos += step;
          y -= self->tree[pos];
        }
    }

  return MIN (pos, n - 1);
}

guint
limn_span_view_layout_block_at_cp (LimnSpanViewLayout *self,
                                   gint64              cp)
{
  guint lo = 0;
  guint hi = self->blocks->len;

  /* The last block starting at or before cp. */
  while (hi - lo > 1)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (self->blocks, LimnTextBlock, mid).cp_start <= cp)
        lo = mid;
      else
        hi = mid;
    }

  return lo;
}

int
limn_span_view_layout_get_text_top (LimnSpanViewLayout *self,
                                    guint               index)
{
  LimnTextBlock *block = &g_array_index (self->blocks, LimnTextBlock, index);

  return block_pad_top (self, index, block) + self->metrics.caption_band;
}

static gboolean
block_is_rtl (LimnSpanViewLayout *self,
              guint               index)
{
  LimnTextBlock *block = &g_array_index (self->blocks, LimnTextBlock, index);
  const char *text = limn_text_index_get_text (self->text);
  LimnTextBlock *first;
  LimnTextBlock *last;
  guint first_index = index;
  guint last_index = index;
  PangoDirection dir;

  if (self->direction != LIMN_TEXT_DIRECTION_AUTO)
    return self->direction == LIMN_TEXT_DIRECTION_RTL;

  if (block->dir_known)
    return block->rtl;

  /* The paragraph's first strong character decides, as in GtkTextView. */
  while (first_index > 0 && !g_array_index (self->blocks, LimnTextBlock, first_index).para_start)
    first_index--;
  while (last_index + 1 < self->blocks->len &&
         !g_array_index (self->blocks, LimnTextBlock, last_index).para_end)
    last_index++;
  first = &g_array_index (self->blocks, LimnTextBlock, first_index);
  last = &g_array_index (self->blocks, LimnTextBlock, last_index);

  /* Deprecated in Pango 1.44 without a replacement; GTK keeps a copy of it. */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  dir = pango_find_base_dir (text + first->byte_start,
                             (int) MIN (last->byte_start + last->byte_len - first->byte_start, G_MAXINT));
  G_GNUC_END_IGNORE_DEPRECATIONS

  for (guint i = first_index; i <= last_index; i++)
    {
      LimnTextBlock *b = &g_array_index (self->blocks, LimnTextBlock, i);

      b->dir_known = TRUE;
      b->rtl = dir == PANGO_DIRECTION_RTL;
    }

  return block->rtl;
}

PangoLayout *
limn_span_view_layout_ensure (LimnSpanViewLayout *self,
                              guint               index,
                              int                *delta)
{
  const LimnSpanViewMetrics *m = &self->metrics;
  LimnTextBlock *block;
  gboolean rtl;
  int height;
  int w, h;

  g_return_val_if_fail (index < self->blocks->len, NULL);
  g_return_val_if_fail (self->contexts[0] != NULL, NULL);

  if (delta)
    *delta = 0;

  block = &g_array_index (self->blocks, LimnTextBlock, index);

  if (block->layout != NULL)
    {
      if (self->lru.head != &block->lru_link)
        {
          g_queue_unlink (&self->lru, &block->lru_link);
          g_queue_push_head_link (&self->lru, &block->lru_link);
        }
      return block->layout;
    }

  rtl = block_is_rtl (self, index);
  block->layout = pango_layout_new (self->contexts[rtl ? 1 : 0]);
  pango_layout_set_auto_dir (block->layout, FALSE);
  pango_layout_set_alignment (block->layout, rtl ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
  pango_layout_set_wrap (block->layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_width (block->layout, m->width * PANGO_SCALE);
  pango_layout_set_spacing (block->layout, (m->caption_band + m->lane_band) * PANGO_SCALE);
  pango_layout_set_text (block->layout,
                         limn_text_index_get_text (self->text) + block->byte_start,
                         (int) block->byte_len);

  block->lru_link.data = block;
  g_queue_push_head_link (&self->lru, &block->lru_link);

  while (self->lru.length > LRU_CAPACITY)
    drop_cached (self, self->lru.tail->data);

  pango_layout_get_pixel_size (block->layout, &w, &h);
  height = block_pad_top (self, index, block) + m->caption_band + MAX (h, 1) + m->lane_band;
  if (height != block->height)
    {
      if (delta)
        *delta = height - block->height;
      tree_add (self, index, height - block->height);
      block->height = height;
    }
  block->measured = TRUE;

  return block->layout;
}

int
limn_span_view_layout_cp_to_index (LimnSpanViewLayout *self,
                                   guint               index,
                                   gint64              cp)
{
  LimnTextBlock *block = &g_array_index (self->blocks, LimnTextBlock, index);

  cp = CLAMP (cp, block->cp_start, block->cp_end);

  return (int) (limn_text_index_char_to_byte (self->text, cp) - block->byte_start);
}

gint64
limn_span_view_layout_index_to_cp (LimnSpanViewLayout *self,
                                   guint               index,
                                   int                 byte_index)
{
  LimnTextBlock *block = &g_array_index (self->blocks, LimnTextBlock, index);
  gsize b = (gsize) CLAMP (byte_index, 0, (int) block->byte_len);

  return limn_text_index_byte_to_char (self->text, block->byte_start + b);
}

gboolean
limn_span_view_layout_is_rtl (LimnSpanViewLayout *self,
                              guint               index)
{
  g_return_val_if_fail (index < self->blocks->len, FALSE);

  return block_is_rtl (self, index);
}

guint
limn_span_view_layout_get_n_cached (LimnSpanViewLayout *self)
{
  return self->lru.length;
}
