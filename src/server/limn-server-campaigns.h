/* limn-server-campaigns.h
 *
 * Relabel campaigns (docs/server-guide.md, "Relabel campaigns"): a query
 * over a project's answers (the scope), proposed by someone, approved by
 * another admin or reviewer of the project, which then freezes a base
 * dataset version and sends every scoped answer back to its annotator
 * for rework (the lease a reviewer's send_back makes, so the app shows it
 * as rework). Finishing makes a new dataset version and a before/after
 * comparison; a rollback makes the base answers current again as new
 * revisions. Every step is one write transaction, audit logged.
 *
 * The scope and the figures are limn-server-campaign-scope.c; the steps
 * limn-server-campaigns.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "backend/limn-server-backend.h"
#include "limn-server-datasets.h"

G_BEGIN_DECLS

/* What a campaign redoes. Unset: NULL, -1, NaN. */
typedef struct
{
  char   *label;              /* a label name or id of the project */
  char   *annotator;          /* a user name or id */
  char   *source;             /* human | model */
  gint64  since_us;           /* answers submitted at or after */
  gint64  until_us;           /* answers submitted before */
  gint64  guideline_version;
  double  agreement_below;    /* the task's α (as the team dashboard) below this */
  char   *alert_id;           /* the scope came from this alert */
  GStrv   labels;             /* tasks where an answer has a region of any of these */
  char   *confused[2];        /* tasks where one answer has the first label and not the
                               * second, another the second and not the first (the team
                               * dashboard's hot spot), both set or neither */
  gint64  guideline_before;   /* answers given under a guideline version below this (one
                               * that recorded none counts as before every version) */
} LimnServerCampaignScope;

void        limn_server_campaign_scope_init  (LimnServerCampaignScope *scope);
void        limn_server_campaign_scope_clear (LimnServerCampaignScope *scope);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LimnServerCampaignScope, limn_server_campaign_scope_clear)

/* Fills what @scope leaves unset from the alert @scope->alert_id of
 * @project_id: agreement_low → its label and agreement below the alert's
 * threshold; annotator_drift → its annotator since a week before it
 * fired; label_overuse → its annotator and label; gold_drop → the week
 * before it fired; confusion_hot_spot → its two labels as confused.
 * NOT_FOUND when the project has no such alert. */
gboolean    limn_server_campaign_scope_from_alert (LimnServerTxn            *txn,
                                                   const LimnServerProject  *project,
                                                   LimnServerCampaignScope  *scope,
                                                   GError                  **error);
JsonObject *limn_server_campaign_scope_to_json    (const LimnServerCampaignScope *scope);

/* One answer a scope matched: an annotator's latest submitted revision. */
typedef struct
{
  char   *task_id;
  char   *title;
  char   *annotator;          /* user id */
  char   *annotation_id;
  gint64  revision;
  double  agreement;          /* the task's α; NaN when not defined */
} LimnServerCampaignMatch;

void        limn_server_campaign_match_free (LimnServerCampaignMatch *match);

/* The answers @scope matches in @project, by task position, then
 * annotator (LimnServerCampaignMatch); INVALID_ARGUMENT for a label or an
 * annotator the project does not know. */
GPtrArray  *limn_server_campaign_scope_match (LimnServerTxn                  *txn,
                                              const LimnServerProject        *project,
                                              const LimnServerCampaignScope  *scope,
                                              GError                        **error);

/* The before/after figures of @items (LimnServerCampaignItem, with their
 * base and result revisions set): items changed, regions per label, and
 * Krippendorff's α over the campaign's tasks (units task × label, as the
 * team dashboard) with the base answers and with the answers now. */
JsonObject *limn_server_campaign_compare    (LimnServerTxn            *txn,
                                             const LimnServerProject  *project,
                                             GPtrArray                *items,
                                             GError                  **error);

/* The annotator's latest submitted revision of @task_id; NULL when none. */
LimnServerAnnotation *limn_server_campaign_latest (GPtrArray  *task_annotations,
                                                   const char *annotator);

/* The steps. Each prints nothing: it answers a JSON object. @by is a
 * user name. */
JsonObject *limn_server_campaigns_preview  (LimnServerBackend              *backend,
                                            const char                     *project_id,
                                            LimnServerCampaignScope        *scope,
                                            GError                        **error);
JsonObject *limn_server_campaigns_propose  (LimnServerBackend              *backend,
                                            const char                     *project_id,
                                            LimnServerCampaignScope        *scope,
                                            LimnServerDatasetMethod         method,
                                            const char                     *reason,
                                            const char                     *by,
                                            GError                        **error);
/* @project_id (nullable, as for status): the route's project. */
JsonObject *limn_server_campaigns_approve  (LimnServerBackend              *backend,
                                            const char                     *campaign_id,
                                            const char                     *project_id,
                                            const char                     *by,
                                            GError                        **error);
/* @project_id (nullable): a campaign of another project is NOT_FOUND. */
JsonObject *limn_server_campaigns_status   (LimnServerBackend              *backend,
                                            const char                     *campaign_id,
                                            const char                     *project_id,
                                            GError                        **error);
JsonObject *limn_server_campaigns_finish   (LimnServerBackend              *backend,
                                            const char                     *campaign_id,
                                            gboolean                        partial,
                                            const char                     *by,
                                            GError                        **error);
/* Only an admin or reviewer of the project (@by) may roll back. */
JsonObject *limn_server_campaigns_rollback (LimnServerBackend              *backend,
                                            const char                     *campaign_id,
                                            const char                     *by,
                                            GError                        **error);
JsonObject *limn_server_campaigns_cancel   (LimnServerBackend              *backend,
                                            const char                     *campaign_id,
                                            const char                     *by,
                                            GError                        **error);
JsonObject *limn_server_campaigns_list     (LimnServerBackend              *backend,
                                            const char                     *project_id,
                                            GError                        **error);

/* The server's own proposals (limn-server-campaign-triggers.c), made in
 * the write transaction of what caused them, proposed by nobody, to be
 * approved by a person; nothing when the project turned
 * auto_propose_campaigns off, when a campaign for the same cause is still
 * open (proposed, approved or running), or when the scope matches no
 * answer. */

/* An alert that fired for the first time: the alert's scope. One open
 * campaign per alert, and per label pair for a confusion_hot_spot. */
gboolean    limn_server_campaigns_propose_for_alert (LimnServerTxn          *txn,
                                                     const LimnServerAlert  *alert,
                                                     gint64                  now_us,
                                                     GError                **error);

/* Guideline version @version was published saying it changes the labels
 * @label_ids (limn_server_campaign_label_ids): the answers given under an
 * older version on tasks where an answer has any of them, reason
 * "Guidelines v4 changed Car". One open campaign per guideline version. */
gboolean    limn_server_campaigns_propose_for_guidelines (LimnServerTxn        *txn,
                                                          const char           *project_id,
                                                          gint64                version,
                                                          const char * const   *label_ids,
                                                          gint64                now_us,
                                                          GError              **error);

/* @labels (names or ids of @project's labels) as ids, each once, in the
 * order given; LIMN_SERVER_BACKEND_ERROR_INVALID for a label the project
 * does not have. */
GStrv       limn_server_campaign_label_ids (const LimnServerProject  *project,
                                            const char * const       *labels,
                                            GError                  **error);

G_END_DECLS
