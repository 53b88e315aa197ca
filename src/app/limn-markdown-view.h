/* limn-markdown-view.h
 *
 * Markdown drawn as GNOME draws text: headings in the title styles,
 * paragraphs as wrapping, selectable labels, lists, quotes, code and
 * tables laid out with widgets. The text is read off the main thread
 * (limn-markdown in the core); the widgets are built when it is read.
 * Each paragraph takes the direction of its own text, so an Arabic
 * guideline reads right to left in any interface language.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LIMN_TYPE_MARKDOWN_VIEW (limn_markdown_view_get_type ())

G_DECLARE_FINAL_TYPE (LimnMarkdownView, limn_markdown_view, LIMN, MARKDOWN_VIEW, GtkWidget)

GtkWidget  *limn_markdown_view_new          (void);
/* Shows @markdown once it is read; emits ::rendered then. */
void        limn_markdown_view_set_markdown (LimnMarkdownView *self,
                                             const char       *markdown);
const char *limn_markdown_view_get_markdown (LimnMarkdownView *self);
/* Returns: (transfer full): the titles of the headings of @level, in
 * order, once rendered: a table of contents. */
GStrv       limn_markdown_view_get_headings (LimnMarkdownView *self,
                                             guint             level);
/* Scrolls the heading whose text is @title into view: FALSE if none. */
gboolean    limn_markdown_view_reveal_heading (LimnMarkdownView *self,
                                               const char       *title);

G_END_DECLS
