/* limn-page.h
 *
 * A page of the window: labeling today, review and dashboards next. The
 * window lists its pages in one table (limn-window-pages.c), builds a page
 * the first time it is shown (the labeling page at once: it is the first
 * thing on screen), hands it the session, and shows its header bar widgets
 * and its actions only while it is visible. A page never reaches into
 * another: what they share is in LimnSession.
 *
 * Adding a page is one widget implementing this interface and one line in
 * the table. A page may have a "subtitle" (the header bar shows it) and
 * emits ::content-ready once it shows what it is for.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "limn-session.h"
#include "store/limn-store-jobs.h"

G_BEGIN_DECLS

#define LIMN_TYPE_PAGE (limn_page_get_type ())

G_DECLARE_INTERFACE (LimnPage, limn_page, LIMN, PAGE, GtkWidget)

struct _LimnPageInterface
{
  GTypeInterface parent_iface;

  /* The store is open: the session, once. */
  void          (*set_session)      (LimnPage            *self,
                                     LimnSession         *session);
  /* A project was opened; @contents is as the store has it. */
  void          (*show_project)     (LimnPage            *self,
                                     LimnProjectContents *contents);
  /* The header bar's widgets while the page is visible, or NULL. */
  GtkWidget    *(*get_header_start) (LimnPage            *self);
  GtkWidget    *(*get_header_end)   (LimnPage            *self);
  /* Actions, in the window under the page's prefix while it is visible
   * (so their accelerators work from anywhere in the window), or NULL. */
  GActionGroup *(*get_actions)      (LimnPage            *self);
  /* The store changed under the page (a sync, a claim): reload. */
  void          (*reload)           (LimnPage            *self);
  /* The window closes: finish what is open while the store is there. */
  void          (*close)            (LimnPage            *self);
};

void          limn_page_set_session      (LimnPage            *self,
                                          LimnSession         *session);
void          limn_page_show_project     (LimnPage            *self,
                                          LimnProjectContents *contents);
GtkWidget    *limn_page_get_header_start (LimnPage            *self);
GtkWidget    *limn_page_get_header_end   (LimnPage            *self);
GActionGroup *limn_page_get_actions      (LimnPage            *self);
void          limn_page_reload           (LimnPage            *self);
void          limn_page_close            (LimnPage            *self);
/* Emits ::content-ready: the page shows its first content (the window
 * waits for it before it presents itself). */
void          limn_page_content_ready    (LimnPage            *self);
/* Emits ::badge-changed: @count things wait for the user on the page. */
void          limn_page_set_badge        (LimnPage            *self,
                                          guint                count);

G_END_DECLS
