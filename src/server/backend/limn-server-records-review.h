/* limn-server-records-review.h
 *
 * What review, rework and feedback keep (docs/review.md), as C values:
 * review items and their leases, verdicts with their pinned comments,
 * annotations and flags as a reviewer reads them, thread messages and
 * coaching notes. Like limn-server-records.h, these name no database.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  LIMN_SERVER_REVIEW_OPEN,
  LIMN_SERVER_REVIEW_LEASED,
  LIMN_SERVER_REVIEW_DECIDED,
  LIMN_SERVER_N_REVIEW_STATES,
} LimnServerReviewState;

const char *limn_server_review_state_to_string   (LimnServerReviewState  state);
gboolean    limn_server_review_state_from_string (const char            *str,
                                                  LimnServerReviewState *state);

/* One entry of a project's review queue: at most one per task that is not
 * decided. The fields after `round` are read with lists of items for
 * people (list_review_items), never stored. */
typedef struct
{
  char                  *id;
  char                  *project_id;
  char                  *task_id;
  char                  *annotation_id;     /* nullable: a flag before any submit */
  char                 **reasons;           /* reason codes, first come first */
  gint64                 min_level;         /* 1 reviewer, 2 senior */
  LimnServerReviewState  state;
  char                  *holder;            /* user id; nullable */
  gint64                 lease_expires_us;  /* 0: never leased */
  gint64                 created_us;
  gint64                 decided_us;        /* 0: not decided */
  gint64                 round;             /* 1 for a task's first item, then 2 … */

  char                  *holder_name;
  char                  *task_title;
  char                  *task_kind;
  char                 **annotators;        /* names of who submitted, by first submit */
  char                 **labels;            /* label ids the task's annotations use */
} LimnServerReviewItem;

LimnServerReviewItem *limn_server_review_item_new  (void);
LimnServerReviewItem *limn_server_review_item_copy (const LimnServerReviewItem *item);
void                  limn_server_review_item_free (LimnServerReviewItem       *item);
gboolean              limn_server_review_item_has_reason (const LimnServerReviewItem *item,
                                                          const char                 *reason);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnServerReviewItem, limn_server_review_item_free)

/* An annotation as a reviewer reads it. */
typedef struct
{
  char   *id;
  char   *task_id;
  char   *project_id;
  char   *annotator;          /* user id: whose task it is */
  char   *annotator_name;
  char   *author;             /* user id of who made it: the annotator, or the reviewer of a correction */
  char   *author_name;
  gint64  revision;
  char   *parent_id;          /* nullable */
  gint64  guideline_version;  /* -1: not given */
  char   *state;              /* submitted | conflicted */
  double  confidence;         /* -1: not given */
  gint64  active_ms;
  gint64  wall_ms;
  gint64  submitted_us;
  gint64  received_us;
  char   *regions;            /* as stored: a checked JSON array text */
} LimnServerAnnotation;

LimnServerAnnotation *limn_server_annotation_copy (const LimnServerAnnotation *annotation);
void                  limn_server_annotation_free (LimnServerAnnotation       *annotation);

typedef struct
{
  char *id;
  char *region_id;            /* nullable: the whole task */
  char *body;
} LimnServerReviewComment;

void limn_server_review_comment_free (LimnServerReviewComment *comment);

/* A verdict, stored once by its client-made id. */
typedef struct
{
  char      *id;
  char      *item_id;
  char      *task_id;         /* the item's, read with it */
  char      *reviewer;        /* user id */
  char      *reviewer_name;   /* read only */
  char      *annotation_id;   /* the revision judged */
  char      *verdict;         /* accept | correct | send_back */
  char      *reason_code;     /* nullable; send_back only */
  char      *comment;
  char      *correction_id;   /* nullable; correct only */
  gboolean   conflicted;      /* stored, not acted on */
  gint64     active_ms;
  gint64     created_us;
  gint64     received_us;
  GPtrArray *comments;        /* LimnServerReviewComment, in the order given */
} LimnServerReview;

LimnServerReview *limn_server_review_new  (void);
LimnServerReview *limn_server_review_copy (const LimnServerReview *review);
void              limn_server_review_free (LimnServerReview       *review);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnServerReview, limn_server_review_free)

/* An annotator's flag: an ambiguity report and the thread of replies it
 * opens (docs/review.md: thread id = flag id). */
typedef struct
{
  char   *id;
  char   *task_id;
  char   *project_id;
  char   *user_id;            /* the annotator who raised it */
  char   *user_name;
  char   *region_id;          /* nullable */
  char   *category;
  char   *body;
  char   *state;              /* open | answered | closed */
  gint64  created_us;
} LimnServerFlag;

LimnServerFlag *limn_server_flag_copy (const LimnServerFlag *flag);
void            limn_server_flag_free (LimnServerFlag       *flag);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnServerFlag, limn_server_flag_free)

typedef struct
{
  char   *id;
  char   *thread_id;
  char   *author;             /* user id */
  char   *author_name;        /* read only */
  char   *body;
  gint64  created_us;
  gint64  received_us;
} LimnServerMessage;

LimnServerMessage *limn_server_message_copy (const LimnServerMessage *message);
void               limn_server_message_free (LimnServerMessage       *message);

/* A reviewer's coaching note for one annotator. */
typedef struct
{
  char   *id;
  char   *project_id;
  char   *annotator;          /* user id */
  char   *author;             /* user id */
  char   *body;
  gint64  created_us;
} LimnServerNote;

G_END_DECLS
