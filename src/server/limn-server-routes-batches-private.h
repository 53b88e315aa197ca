/* limn-server-routes-batches-private.h
 *
 * What the checks of POST /api/v1/batches share between
 * limn-server-routes-batches.c (events, annotations, flags) and
 * limn-server-routes-batches-review.c (review, message, ack, note): the
 * context of one batch and the checks every kind reuses.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "backend/limn-server-backend.h"

G_BEGIN_DECLS

typedef struct
{
  LimnServerBackend         *backend;
  const LimnServerPrincipal *principal;
  GHashTable                *tasks;        /* id -> LimnServerTask */
  GHashTable                *projects;     /* id -> LimnServerProject, or absent */
  GHashTable                *label_sets;   /* project id -> label id set */
  GHashTable                *indexes;      /* task id -> LimnTextIndex */
  GHashTable                *guardrails;   /* project id -> LimnGuardrails, NULL for none */
  JsonGenerator             *generator;    /* one for all payloads of the batch */
} BatchContext;

/* Letters, digits, "_", "-" and "." only, 1 to @max bytes. */
gboolean        limn_batch_valid_word    (const char            *s,
                                          gsize                  max);
/* The set of label ids in use in @project_id, loaded once per batch; NULL
 * when the project does not exist (or the store failed: @error). */
GHashTable     *limn_batch_labels_for    (BatchContext          *ctx,
                                          const char            *project_id,
                                          GError               **error);
/* The task, if it was loaded and lies in the caller's project. */
LimnServerTask *limn_batch_caller_task   (BatchContext          *ctx,
                                          const char            *task_id);
/* @regions checked against @task and its project's labels: the canonical
 * array, or NULL with a reason. */
JsonArray      *limn_batch_check_regions (BatchContext          *ctx,
                                          const LimnServerTask  *task,
                                          JsonArray             *regions,
                                          GError               **error);

/* limn-server-routes-batches-review.c: the shape of each review kind.
 * FALSE with a reason rejects the item. */
gboolean        limn_batch_check_review  (BatchContext          *ctx,
                                          JsonObject            *obj,
                                          LimnBatchItem         *item,
                                          GError               **error);
gboolean        limn_batch_check_message (BatchContext          *ctx,
                                          JsonObject            *obj,
                                          LimnBatchItem         *item,
                                          GError               **error);
gboolean        limn_batch_check_ack     (BatchContext          *ctx,
                                          JsonObject            *obj,
                                          LimnBatchItem         *item,
                                          GError               **error);
gboolean        limn_batch_check_note    (BatchContext          *ctx,
                                          JsonObject            *obj,
                                          LimnBatchItem         *item,
                                          GError               **error);

G_END_DECLS
