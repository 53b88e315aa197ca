/* limn-review-page-private.h
 *
 * What the Review page's facets share: limn-review-page.c (the page, the
 * item on screen), limn-review-page-queue.c (the queue: rows, filters,
 * sorting, counts) and limn-review-page-actions.c (verdicts, comments).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "limn-annotator-legend.h"
#include "limn-image-canvas.h"
#include "limn-review-page.h"
#include "limn-span-view.h"
#include "store/limn-store-jobs-review.h"

G_BEGIN_DECLS

struct _LimnReviewPage
{
  GtkWidget            parent_instance;

  /* Template children */
  GtkStack            *main_stack;
  GtkLabel            *counts_label;
  GtkSearchEntry      *search_entry;
  GtkDropDown         *reason_dropdown;
  GtkDropDown         *sort_dropdown;
  GtkListView         *queue_view;
  GtkStack            *work_stack;
  AdwStatusPage       *not_held_page;
  LimnImageCanvas     *canvas;
  LimnSpanView        *span_view;
  GtkLabel            *item_title;
  GtkBox              *item_reasons;
  LimnAnnotatorLegend *legend;
  GtkLabel            *flags_label;
  GtkWidget           *notes_box;
  GtkExpander         *history_expander;
  GtkListBox          *history_list;
  GtkWidget           *thread_box;
  GtkListBox          *thread_list;
  GtkTextView         *reply_view;
  GtkButton           *answer_button;
  GtkListBox          *comments_list;
  GtkLabel            *comment_target;
  GtkEntry            *comment_entry;
  GtkWidget           *side_panel;
  GtkWidget           *header_start;  /* owned: the window's while shown */
  GtkWidget           *header_end;

  /* The session */
  LimnSession         *session;
  LimnStoreWorker     *worker;
  LimnEventLog        *log;
  LimnSyncClient      *sync;
  LimnProject         *project;
  GSimpleActionGroup  *actions;
  char                *subtitle;

  /* The queue (limn-review-page-queue.c) */
  GListStore          *items;         /* LimnReviewItem, not decided here */
  GtkCustomFilter     *filter;
  GtkCustomSorter     *sorter;
  GtkSingleSelection  *selection;
  GCancellable        *list_cancellable;
  GCancellable        *queue_cancellable; /* the server's queue being listed */
  char                *want_item;     /* to select once the queue is loaded */
  guint                claiming : 1;
  guint                ready_sent : 1;

  /* The item on screen */
  GCancellable        *item_cancellable;
  LimnReviewContents  *contents;
  LimnAnnotation      *reviewed;      /* the revision under review */
  LimnDraft           *draft;         /* the reviewer's editable copy of it */
  GListStore          *layers;        /* LimnOverlayLayer */
  LimnReviewVerdict   *verdict;       /* the verdict being made */
  char                *comment_region; /* where the next comment is pinned */
  char                *thread_id;     /* the flag whose thread is shown */
  gint64               opened_us;     /* monotonic: the reviewer's time on it */
  GtkWidget           *send_back_dialog; /* weak */
  guint                queueing : 1;
  guint                was_syncing : 1; /* the sync client's last state */
};

/* limn-review-page.c */
void      limn_review_page_open_item        (LimnReviewPage *self,
                                             LimnReviewItem *item);
void      limn_review_page_clear_item       (LimnReviewPage *self);
void      limn_review_page_toast            (LimnReviewPage *self,
                                             const char     *message);
/* Records @type with the item's context; takes @payload (nullable). */
void      limn_review_page_record           (LimnReviewPage *self,
                                             const char     *type,
                                             JsonObject     *payload);
gint64    limn_review_page_active_ms        (LimnReviewPage *self);

/* limn-review-page-history.c: the item's history, or none. */
void      limn_review_page_show_history     (LimnReviewPage *self);

/* limn-review-page-notes.c: "Note to <annotator>…" for each annotator
 * of the item; a note written here, as a history row. */
void       limn_review_page_show_notes      (LimnReviewPage *self);
GtkWidget *limn_review_page_note_row_new    (const LimnNote *note);

/* limn-review-page-thread.c: a flagged item's thread, or none. */
void      limn_review_page_show_thread      (LimnReviewPage *self);
void      limn_review_page_reply            (LimnReviewPage *self);
void      limn_review_page_mark_answered    (LimnReviewPage *self);

/* limn-review-page-queue.c */
void      limn_review_page_queue_init       (LimnReviewPage *self);
void      limn_review_page_queue_dispose    (LimnReviewPage *self);
/* Reads the queue from the store again; then selects @item_id (nullable:
 * the one selected, else the first leased one). */
void      limn_review_page_queue_reload     (LimnReviewPage *self,
                                             const char     *item_id);
/* Drops @item_id from the queue (decided here) and selects the next. */
void      limn_review_page_queue_done       (LimnReviewPage *self,
                                             const char     *item_id);
void      limn_review_page_queue_claim      (LimnReviewPage *self);
/* Lists the server's whole queue (stored by the sync client's job), then
 * reloads: the counts per reason are the server's. Silent when offline. */
void      limn_review_page_queue_fetch      (LimnReviewPage *self);
/* A pill with a reason's name. */
GtkWidget *limn_review_reason_pill          (const char     *reason);

/* limn-review-page-actions.c */
GSimpleActionGroup *limn_review_page_actions_new (LimnReviewPage *self);
void      limn_review_page_update_actions   (LimnReviewPage *self);
/* The region a comment will be pinned to (a click on the canvas). */
/* @focus: to the comment entry (a click on a read-only region; a box of
 * the editable copy keeps the keyboard for editing). */
void      limn_review_page_target_region    (LimnReviewPage *self,
                                             const char     *region_id,
                                             gboolean        focus);
/* Shows the verdict's comments in the list and on the canvas. */
void      limn_review_page_show_comments    (LimnReviewPage *self);
void      limn_review_page_save_draft       (LimnReviewPage *self);

G_END_DECLS
