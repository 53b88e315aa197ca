/* limn-help-window.h
 *
 * The guides (user, reviewer, admin, formats, metrics) as readable pages:
 * a sidebar of guides and the page drawn by LimnMarkdownView, with the
 * screenshots the docs show. The docs are a GResource of their own,
 * registered when Help first opens, so start-up never pays for them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LIMN_TYPE_HELP_WINDOW (limn_help_window_get_type ())

G_DECLARE_FINAL_TYPE (LimnHelpWindow, limn_help_window, LIMN, HELP_WINDOW, AdwWindow)

LimnHelpWindow *limn_help_window_new       (GtkWindow      *parent);
/* Shows docs/@page (e.g. "reviewer-guide.md"), at the heading whose
 * anchor is @anchor if any: FALSE if there is no such page. */
gboolean        limn_help_window_show_page (LimnHelpWindow *self,
                                            const char     *page,
                                            const char     *anchor);
/* For tests: the page shown, and whether it is drawn; the text of its
 * headings (levels 1 and 2). */
const char     *limn_help_window_get_page  (LimnHelpWindow *self);
gboolean        limn_help_window_is_rendered (LimnHelpWindow *self);
GStrv           limn_help_window_get_headings (LimnHelpWindow *self);

G_END_DECLS
