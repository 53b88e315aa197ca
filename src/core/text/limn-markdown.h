/* limn-markdown.h
 *
 * Guidelines are Markdown. This reads the part of CommonMark and GitHub's
 * tables that guidelines use (headings, paragraphs, emphasis, code, links,
 * lists, quotes, tables, rules) into a tree of blocks with flat runs of
 * styled text, and leaves drawing to the app: the core knows no toolkit.
 *
 * It never fails: Markdown has no syntax errors, anything it does not know
 * is text. Raw HTML is text too, so guidelines from a server cannot inject
 * markup. It also compares two versions section by section, for the
 * "what changed" line of a guideline update.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  LIMN_MARKDOWN_PARAGRAPH,
  LIMN_MARKDOWN_HEADING,     /* level 1–6 */
  LIMN_MARKDOWN_CODE,        /* text: the code, info: the fence's info string */
  LIMN_MARKDOWN_QUOTE,       /* children: blocks */
  LIMN_MARKDOWN_LIST,        /* children: items; ordered, start */
  LIMN_MARKDOWN_ITEM,        /* children: blocks */
  LIMN_MARKDOWN_TABLE,       /* children: rows (the first is the header) */
  LIMN_MARKDOWN_ROW,         /* children: cells */
  LIMN_MARKDOWN_CELL,        /* inlines; align */
  LIMN_MARKDOWN_RULE,
} LimnMarkdownKind;

typedef enum
{
  LIMN_MARKDOWN_STYLE_STRONG = 1 << 0,
  LIMN_MARKDOWN_STYLE_EMPHASIS = 1 << 1,
  LIMN_MARKDOWN_STYLE_CODE = 1 << 2,
  LIMN_MARKDOWN_STYLE_STRIKE = 1 << 3,
  LIMN_MARKDOWN_STYLE_LINK = 1 << 4,
} LimnMarkdownStyle;

typedef enum
{
  LIMN_MARKDOWN_ALIGN_NONE,
  LIMN_MARKDOWN_ALIGN_LEFT,
  LIMN_MARKDOWN_ALIGN_CENTER,
  LIMN_MARKDOWN_ALIGN_RIGHT,
} LimnMarkdownAlign;

/* A run of text in one style. A hard line break is a run "\n". */
typedef struct
{
  LimnMarkdownStyle style;
  char             *text;
  char             *href;   /* LINK only */
} LimnMarkdownInline;

typedef struct _LimnMarkdownBlock LimnMarkdownBlock;

struct _LimnMarkdownBlock
{
  LimnMarkdownKind  kind;
  guint             level;     /* HEADING */
  gboolean          ordered;   /* LIST */
  guint             start;     /* LIST, ordered: the first number */
  LimnMarkdownAlign align;     /* CELL */
  char             *text;      /* CODE */
  char             *info;      /* CODE */
  GPtrArray        *inlines;   /* LimnMarkdownInline: PARAGRAPH, HEADING, CELL */
  GPtrArray        *children;  /* LimnMarkdownBlock */
};

typedef enum
{
  LIMN_MARKDOWN_SECTION_ADDED,
  LIMN_MARKDOWN_SECTION_CHANGED,
  LIMN_MARKDOWN_SECTION_REMOVED,
} LimnMarkdownChangeKind;

/* A section is a heading and what follows up to the next heading; the
 * text before the first heading is a section with an empty title. */
typedef struct
{
  LimnMarkdownChangeKind kind;
  char                  *title;   /* the heading as plain text */
} LimnMarkdownChange;

/* Returns: (transfer container): the document's blocks, in order. */
GPtrArray *limn_markdown_parse             (const char              *text);
/* The plain text of runs, styles dropped. */
char      *limn_markdown_inlines_to_text   (GPtrArray               *inlines);
/* Returns: (transfer container): LimnMarkdownChange, in @new_text's
 * order, then the removed ones; empty when only whitespace changed. */
GPtrArray *limn_markdown_changed_sections  (const char              *old_text,
                                            const char              *new_text);

void       limn_markdown_block_free        (LimnMarkdownBlock       *block);
void       limn_markdown_inline_free       (LimnMarkdownInline      *run);
void       limn_markdown_change_free       (LimnMarkdownChange      *change);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnMarkdownBlock, limn_markdown_block_free)

G_END_DECLS
