/* limn-window-private.h
 *
 * The window's state, shared by its facets: limn-window.c (the store, the
 * project, sync and start-up), limn-window-pages.c (the pages it hosts)
 * and limn-window-actions.c (what the user can do from its menu).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "limn-guidelines-window.h"
#include "limn-page.h"
#include "limn-session.h"
#include "limn-sync-indicator.h"
#include "limn-task-page.h"
#include "limn-window.h"

G_BEGIN_DECLS

struct _LimnWindow
{
  AdwApplicationWindow   parent_instance;

  /* Template children */
  AdwToastOverlay       *toasts;
  AdwViewSwitcherTitle  *switcher_title;
  AdwViewSwitcherBar    *switcher_bar;
  GtkBox                *page_start;
  GtkBox                *page_end;
  GtkRevealer           *save_error_revealer;
  GtkLabel              *save_error_label;
  GtkStack              *shell_stack;
  AdwViewStack          *pages;
  AdwStatusPage         *error_page;
  AdwBin                *sync_slot;
  GtkMenuButton         *menu_button;
  GMenuModel            *primary_menu;

  GSettings             *settings;
  LimnStoreWorker       *worker;
  LimnSession           *session;
  LimnSyncClient        *sync;
  LimnSyncIndicator     *sync_indicator; /* in sync_slot once made */
  LimnProjectContents   *contents;      /* the open project, as last read */

  /* Pages (limn-window-pages.c) */
  LimnGuidelinesWindow  *guidelines_window; /* weak: while it is open */
  GPtrArray             *page_slots;    /* AdwBin per table entry; a page once built */
  guint                 *page_badges;   /* per table entry, for a slot not in the stack yet */
  LimnTaskPage          *task_page;     /* the labeling page: built at once */
  LimnPage              *shown_page;    /* whose header widgets and actions are in */
  const char            *shown_prefix;

  /* Feedback (limn-window-feedback.c) */
  GHashTable            *notified_threads; /* ids notified and not read since */
  guint                  n_notified;

  char                  *pending_project_file;
  GPtrArray             *pending_paths; /* limn_window_open_path() before the store opened */
  guint                  present_id;    /* presents the window if content is slow */
  guint                  opening_default : 1;
  guint                  claiming : 1;  /* "Get More Tasks" is on its way */
};

/* limn-window.c */
void      limn_window_show_project       (LimnWindow          *self,
                                          LimnProjectContents *contents);
void      limn_window_show_error         (LimnWindow *self,
                                          const char *title,
                                          const char *message);
void      limn_window_toast              (LimnWindow *self,
                                          const char *message);
void      limn_window_open_project_id    (LimnWindow     *self,
                                          const char     *project_id);
void      limn_window_claim_tasks        (LimnWindow     *self);
void      limn_window_import             (LimnWindow     *self,
                                          LimnImportKind  kind,
                                          const char     *path);
LimnSyncIndicator *limn_window_ensure_sync_indicator (LimnWindow *self);
void      limn_window_show_sync_indicator (LimnWindow    *self,
                                           gboolean       visible);

/* limn-window-actions.c: the Import dialog, on @path if not NULL. */
void      limn_window_show_import        (LimnWindow     *self,
                                          const char     *path);

/* limn-window-feedback.c */
void      limn_window_feedback_show_project    (LimnWindow *self);
void      limn_window_feedback_changes_applied (LimnWindow *self);

/* limn-window-pages.c */
void      limn_window_pages_init         (LimnWindow     *self);
void      limn_window_pages_dispose      (LimnWindow     *self);
void      limn_window_pages_set_badge    (LimnWindow     *self,
                                          const char     *name,
                                          guint           count);
/* Each page built so far, in table order (transfer none). */
GPtrArray *limn_window_pages_get_built   (LimnWindow     *self);
/* The session is ready / a project was opened / the store changed. */
void      limn_window_pages_set_session  (LimnWindow     *self);
void      limn_window_pages_show_project (LimnWindow     *self);
void      limn_window_pages_reload       (LimnWindow     *self);
void      limn_window_pages_close        (LimnWindow     *self);
void      limn_window_pages_show_feedback (LimnWindow    *self,
                                           const char    *thread_id);
/* The signed-in user's role is known or changed: which pages are offered. */
void      limn_window_pages_update_visibility (LimnWindow *self);
void      limn_window_pages_step         (LimnWindow     *self,
                                          int             step);

/* limn-window-actions.c */
void      limn_window_class_init_actions (GtkWidgetClass *widget_class);
void      limn_window_update_actions     (LimnWindow     *self);

G_END_DECLS
