/* limn-wire-review.h
 *
 * The review routes' answers (docs/review.md, "Routes"): a project's review
 * queue, a reviewer's leased items with everything needed to judge them,
 * and threads. Parsed and checked in full before anything is written, as
 * in limn-wire.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "limn-wire.h"
#include "model/limn-review-item.h"
#include "text/limn-text-index.h"

G_BEGIN_DECLS

#define LIMN_WIRE_MAX_QUEUE          1000
#define LIMN_WIRE_MAX_THREADS        1000
#define LIMN_WIRE_MAX_MESSAGES       1000
#define LIMN_WIRE_MAX_ANNOTATORS     100
#define LIMN_WIRE_MAX_COMMENTS       1000

/* GET /projects/{id}/review/queue */
typedef struct
{
  GPtrArray  *items;     /* LimnReviewItem, as listed (not leased here) */
  GHashTable *counts;    /* reason (char *) → count (GUINT_TO_POINTER) */
  gint64      total;
} LimnWireReviewQueue;

/* One leased item of POST /projects/{id}/review/claims. */
typedef struct
{
  char               *item_id;
  char               *annotation_id; /* the revision under review: as sent, else the
                                      * first annotator's latest */
  GStrv               reasons;
  gint64              min_level;
  gint64              lease_expires_us;
  LimnWireAssignment *task;          /* assignment_id unset; suggestions are the pre-labels */
  GPtrArray          *annotations;   /* LimnAnnotation: annotator and author user names */
  GPtrArray          *flags;         /* LimnFlag: annotator a user name */
  GPtrArray          *gold;          /* LimnRegion, or NULL: no gold answer */
  char               *gold_json;     /* the same, re-serialized */
  GPtrArray          *history;       /* LimnReviewVerdict: earlier verdicts on the task */
} LimnWireReviewItem;

/* One thread of GET /projects/{id}/threads. */
typedef struct
{
  LimnFlag  *flag;       /* annotator a user name; state the thread's */
  GPtrArray *messages;   /* LimnMessage, oldest first */
} LimnWireThread;

void                 limn_wire_review_queue_free (LimnWireReviewQueue *queue);
void                 limn_wire_review_item_free  (LimnWireReviewItem  *item);
void                 limn_wire_thread_free       (LimnWireThread      *thread);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnWireReviewQueue, limn_wire_review_queue_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnWireReviewItem, limn_wire_review_item_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnWireThread, limn_wire_thread_free)

LimnWireReviewQueue *limn_wire_parse_review_queue  (GBytes       *body,
                                                    const char   *project_id,
                                                    GError      **error);
/* @project: the labels regions may use (retired ones included). */
GPtrArray           *limn_wire_parse_review_claims (GBytes       *body,
                                                    LimnProject  *project,
                                                    guint         max_count,
                                                    GError      **error);
/* Regions kept as received (a leased item's gold_json), read again by
 * the same region reader against @task's kind and size (@text: a text
 * task's, nullable). Labels were checked on receipt.
 * Returns: (element-type LimnRegion) */
GPtrArray           *limn_wire_parse_stored_regions (const char   *json,
                                                     LimnTask     *task,
                                                     LimnTextIndex *text,
                                                     GError      **error);
/* Returns: (element-type LimnWireThread) */
GPtrArray           *limn_wire_parse_threads       (GBytes       *body,
                                                    GError      **error);
/* POST /api/v1/projects/{id}/guidelines: the request's body (@labels,
 * ids or names of the labels whose rules change, sent when not empty),
 * and the version the server gave the publication. */
GBytes              *limn_wire_write_guidelines    (const char         *body,
                                                    const char         *summary,
                                                    const char * const *labels);
gboolean             limn_wire_parse_published     (GBytes       *answer,
                                                    gint64       *version,
                                                    GError      **error);

G_END_DECLS
