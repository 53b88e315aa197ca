/* limn-server-qualification.h
 *
 * Training and qualification (docs/training.md): whether an annotator
 * passed the project's qualification rule, worked out from their gold
 * answers (nothing else is stored), so claims hand them gold items only
 * until they do.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "backend/limn-server-backend.h"

G_BEGIN_DECLS

typedef struct
{
  gint64   gold_items;        /* the rule: 0 when the project has none */
  double   min_accuracy;
  gboolean passed;
  gint64   scored;            /* gold answers of the current (or the passing) attempt */
  gint64   right;
  gint64   failed_attempts;   /* attempts of gold_items answers below the rule */
  gint64   total_scored;      /* every counted gold answer: training accuracy */
  gint64   total_right;
  gint64   since_us;          /* answers before this do not count (a guideline change) */
  gboolean task_counted;      /* the task asked about counted toward qualification */
} LimnServerQualification;

/* Inside a transaction: @user_id's qualification in @project_id under
 * @settings. When @task_id is given, task_counted says whether the answer to
 * it was one of the training answers (before or at the pass). */
gboolean    limn_server_qualification_of      (LimnServerTxn                 *txn,
                                               const char                    *project_id,
                                               const LimnServerSettings      *settings,
                                               const char                    *user_id,
                                               const char                    *task_id,
                                               LimnServerQualification       *out,
                                               GError                       **error);

/* The same in a read transaction of its own. */
gboolean    limn_server_qualification_for_user (LimnServerBackend            *backend,
                                                const char                   *project_id,
                                                const char                   *user_id,
                                                LimnServerQualification      *out,
                                                GError                      **error);

/* Every annotator who answered a gold item of @project_id, by name:
 * LimnServerQualificationRow. Empty when the project has no rule. */
typedef struct
{
  char                    *annotator;     /* name */
  char                    *annotator_id;
  LimnServerQualification  status;
} LimnServerQualificationRow;

void        limn_server_qualification_row_free (LimnServerQualificationRow *row);
GPtrArray  *limn_server_qualification_list    (LimnServerBackend             *backend,
                                               const char                    *project_id,
                                               GError                       **error);

/* {"gold_items", "min_accuracy", "passed", "scored", "right", "accuracy",
 *  "failed_attempts", "training_scored", "training_right"} */
JsonObject *limn_server_qualification_to_json (const LimnServerQualification *q);

/* Checks a rule the admin gives and returns it in canonical form:
 * {"min_accuracy": x, "gold_items": n[, "requalify_on_guideline_change": true]}. */
char       *limn_server_qualification_check   (const char                    *text,
                                               GError                       **error);

G_END_DECLS
