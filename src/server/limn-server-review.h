/* limn-server-review.h
 *
 * What reviewers, admins and the admin CLI ask of review and feedback
 * (docs/review.md, "Routes"): the queue with its filters and counts,
 * review leases, threads, publishing guidelines and label changes, and
 * reviewer levels. Each call is one transaction; each write carries its
 * audit record and the changes it causes. Who may call what is the
 * routes' check (role) and these calls' (project, level).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "backend/limn-server-backend.h"

G_BEGIN_DECLS

/* A project's labels (LimnServerLabel) as routes and changes send them,
 * with "retired". */
JsonArray *limn_server_labels_to_json (GPtrArray *labels);

typedef enum
{
  LIMN_QUEUE_SORT_AGE,
  LIMN_QUEUE_SORT_REASON,
  LIMN_QUEUE_SORT_ANNOTATOR,
} LimnQueueSort;

typedef struct
{
  int            state;      /* LimnServerReviewState; -1: open and leased */
  const char    *reason;     /* nullable filters */
  const char    *annotator;  /* a user name */
  const char    *label;      /* a label id */
  LimnQueueSort  sort;
  guint          limit;
  guint          offset;
} LimnQueueQuery;

/* The page of @project_id's queue @query asks for (LimnServerReviewItem;
 * a lease that ran out reads as open), *total items matching, and
 * *counts: reason code → number of items in the state asked for. */
GPtrArray *limn_server_review_queue_list (LimnServerBackend          *backend,
                                          const char                 *project_id,
                                          const LimnQueueQuery       *query,
                                          gint64                      now_us,
                                          guint                      *total,
                                          GHashTable                **counts,
                                          GError                    **error);

/* A review lease with what the reviewer needs to judge it. */
typedef struct
{
  LimnServerReviewItem *item;
  LimnServerTask       *task;
  gint64                position;     /* in the reviewer's own count */
  GPtrArray            *annotations;  /* LimnServerAnnotation */
  GPtrArray            *flags;        /* LimnServerFlag */
  char                 *gold;         /* the gold answer's JSON text, or NULL */
  GPtrArray            *reviews;      /* LimnServerReview, the task's history */
} LimnServerReviewLease;

void       limn_server_review_lease_free (LimnServerReviewLease *lease);

/* Leases items to the caller: those it holds first, then up to @count in
 * all of the open ones its level allows (rework first, then oldest); or,
 * with @item_ids, those of them that are free. Each lease lasts the
 * project's lease_seconds. */
GPtrArray *limn_server_review_claim      (LimnServerBackend          *backend,
                                          const LimnServerPrincipal  *principal,
                                          const char                 *project_id,
                                          guint                       count,
                                          const char * const         *item_ids,
                                          gint64                      now_us,
                                          GError                    **error);

/* The threads (flags) an annotator raised, or every one of the project
 * for reviewers and admins, in @state when not NULL (LimnServerFlag), and
 * *messages: flag id → GPtrArray of LimnServerMessage, oldest first. */
GPtrArray *limn_server_review_threads    (LimnServerBackend          *backend,
                                          const LimnServerPrincipal  *principal,
                                          const char                 *project_id,
                                          const char                 *state,
                                          GHashTable                **messages,
                                          GError                    **error);

/* Publishes a new guideline version (the next number) and writes a
 * `guidelines` change to every member. @principal NULL: the admin CLI.
 * @key (nullable): an Idempotency-Key; the same key and @request_sha256
 * again answer the stored answer without publishing twice, another body
 * is KEY_REUSED. @labels (nullable): names or ids of the labels whose
 * rules the version changes (INVALID for one the project lacks); the
 * server proposes a relabel campaign of the answers given under older
 * versions on tasks with those labels
 * (limn_server_campaigns_propose_for_guidelines). *answer: the answer's
 * JSON bytes, {"version": n}. */
/* Sets @member of @obj to the translations object @json (tag -> text, as
 * stored); leaves it out when @json is NULL or "" (none), so that older
 * clients see the same object. */
void       limn_server_set_translations_member (JsonObject *obj,
                                                const char *member,
                                                const char *json);

/* @translations: the guidelines in other languages, JSON tag -> Markdown
 * (checked by the caller), NULL or "" for none. */
gboolean   limn_server_review_publish_guidelines (LimnServerBackend          *backend,
                                                  const LimnServerPrincipal  *principal,
                                                  const char                 *key,
                                                  const char                 *request_sha256,
                                                  const char                 *project_id,
                                                  const char                 *body,
                                                  const char                 *summary,
                                                  const char                 *translations,
                                                  const char * const         *labels,
                                                  gint64                      now_us,
                                                  gint64                     *version,
                                                  GBytes                    **answer,
                                                  GError                    **error);

/* A label change: with @id, that label renamed or changed (NULL fields
 * kept) or retired; without, a new label @name. */
typedef struct
{
  char     *id;
  char     *name;
  char     *color;
  char     *hotkey;
  char     *description;
  gboolean  retire;
  /* Translations as canonical JSON (LimnServerLabel); "" removes them,
   * NULL keeps them. */
  char     *names;
  char     *descriptions;
} LimnLabelChange;

void       limn_label_change_free (LimnLabelChange *change);

/* Applies @changes (LimnLabelChange) to @project_id's labels (never
 * deleting one) and writes a `labels` change with the whole set to every
 * member. @principal and @key as for guidelines; *answer:
 * {"labels": [...]}, the whole set after. */
gboolean   limn_server_review_set_labels (LimnServerBackend          *backend,
                                          const LimnServerPrincipal  *principal,
                                          const char                 *key,
                                          const char                 *request_sha256,
                                          const char                 *project_id,
                                          GPtrArray                  *changes,
                                          gint64                      now_us,
                                          GBytes                    **answer,
                                          GError                    **error);

/* Sets @user_name's reviewer level (1 or 2) in @project_id (admin CLI). */
gboolean   limn_server_review_set_level  (LimnServerBackend          *backend,
                                          const char                 *project_id,
                                          const char                 *user_name,
                                          gint64                      level,
                                          GError                    **error);

/* The task a review item is about, for the checks of a verdict; NULL
 * (and no error) when there is no such item. */
char      *limn_server_review_item_task  (LimnServerBackend          *backend,
                                          const char                 *item_id,
                                          GError                    **error);

G_END_DECLS
