/* limn-markdown-private.h
 *
 * Between the block reader (limn-markdown.c) and the inline reader
 * (limn-markdown-inline.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "limn-markdown.h"

G_BEGIN_DECLS

/* Appends the runs of @len bytes of paragraph text (lines joined by "\n")
 * to @out, a GPtrArray of LimnMarkdownInline. */
void limn_markdown_parse_inlines (const char *text,
                                  gsize       len,
                                  GPtrArray  *out);

G_END_DECLS
