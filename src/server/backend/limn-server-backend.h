/* limn-server-backend.h
 *
 * Where limn-server keeps its state, behind one interface of storage calls:
 * explicit transactions, and small typed queries and inserts on them
 * ("the leases this user holds in this project", "insert this event if its
 * id is new"). A backend stores and finds; it never decides. Which task an
 * annotator gets, when a lease has run out, whether an item is a duplicate
 * or a conflict: those rules are the server layer's (limn-server-claims.c,
 * limn-server-leases.c, limn-server-batches.c …), which runs each claim and
 * each batch as one write transaction of these calls (docs/design-notes.md,
 * "The server: rules over a backend of storage calls", says why that
 * keeps exactly-once).
 *
 * The default backend is an embedded SQLite file
 * (limn-server-backend-sqlite.c); the other is PostgreSQL
 * (limn-server-backend-pg.c); limn_server_backend_open() chooses one
 * from a URI.
 *
 * A storage call is made on a transaction, through the interface:
 *
 *   txn->store->held_leases (txn, user_id, project_id, error)
 *
 * Conventions of every storage call:
 * - it runs inside @txn and sees what the transaction wrote so far;
 * - a record that is not there is not an error: lookups answer NULL (or
 *   *found = FALSE) and return TRUE; FALSE with @error means the store
 *   failed (disk full, busy, broken), and the caller ends the transaction;
 * - lists come in the order the call names, and the caller owns what it
 *   gets;
 * - strings are bound, never spliced into a query.
 *
 * Threads: a backend may be used from any thread; a transaction by one
 * thread at a time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "limn-server-records.h"
#include "limn-server-records-review.h"
#include "limn-server-records-team.h"
#include "limn-server-records-datasets.h"
#include "limn-server-records-campaigns.h"
#include "limn-server-records-experiments.h"

G_BEGIN_DECLS

#define LIMN_SERVER_BACKEND_ERROR (limn_server_backend_error_quark ())

typedef enum
{
  LIMN_SERVER_BACKEND_ERROR_FAILED,
  LIMN_SERVER_BACKEND_ERROR_OPEN,           /* the store cannot be created or opened */
  LIMN_SERVER_BACKEND_ERROR_NEWER_VERSION,  /* written by a newer limn-server: refused, untouched */
  LIMN_SERVER_BACKEND_ERROR_CORRUPT,
  LIMN_SERVER_BACKEND_ERROR_FULL,
  LIMN_SERVER_BACKEND_ERROR_READ_ONLY,
  LIMN_SERVER_BACKEND_ERROR_BUSY,
  LIMN_SERVER_BACKEND_ERROR_NOT_FOUND,      /* unknown id, or not visible to the caller */
  LIMN_SERVER_BACKEND_ERROR_EXISTS,         /* a unique name or id is taken */
  LIMN_SERVER_BACKEND_ERROR_INVALID,        /* the request breaks a rule */
  LIMN_SERVER_BACKEND_ERROR_FORBIDDEN,      /* the caller's role or project does not allow it */
  LIMN_SERVER_BACKEND_ERROR_KEY_REUSED,     /* an idempotency key sent again with another body */
  LIMN_SERVER_BACKEND_ERROR_NOT_SUPPORTED,  /* a database this build cannot use */
} LimnServerBackendError;

GQuark limn_server_backend_error_quark (void);

#define LIMN_TYPE_SERVER_BACKEND (limn_server_backend_get_type ())

G_DECLARE_INTERFACE (LimnServerBackend, limn_server_backend, LIMN, SERVER_BACKEND, GObject)

typedef enum
{
  LIMN_SERVER_TXN_READ,    /* a consistent snapshot */
  LIMN_SERVER_TXN_WRITE,   /* serializable with every other write transaction */
} LimnServerTxnMode;

/* One transaction. A backend's own transaction type starts with this. */
typedef struct _LimnServerTxn LimnServerTxn;

struct _LimnServerTxn
{
  LimnServerBackend                *backend;
  const LimnServerBackendInterface *store;     /* the storage calls */
  LimnServerTxnMode                 mode;
};

struct _LimnServerBackendInterface
{
  GTypeInterface parent_iface;

  /* Transactions. A write transaction excludes every other writer from
   * begin to commit or end, so what it read stays true until it commits.
   * commit() ends the transaction whether or not it succeeds (a failed
   * commit rolls back); end() rolls back what was not committed and frees
   * @txn. */
  LimnServerTxn *(*begin)            (LimnServerBackend          *self,
                                      LimnServerTxnMode           mode,
                                      GError                    **error);
  gboolean       (*commit)           (LimnServerTxn              *txn,
                                      GError                    **error);
  void           (*end)              (LimnServerTxn              *txn);

  /* Users and tokens. A token is looked up by its SHA-256 (hex); its role
   * comes back as stored (an unknown word reads as annotator). */
  gboolean       (*lookup_token)     (LimnServerTxn              *txn,
                                      const char                 *token_sha256,
                                      LimnServerPrincipal       **principal,
                                      gboolean                   *revoked,
                                      GError                    **error);
  gboolean       (*lookup_token_id)  (LimnServerTxn              *txn,
                                      const char                 *token_id,
                                      gboolean                   *found,
                                      gboolean                   *revoked,
                                      GError                    **error);
  gboolean       (*insert_token)     (LimnServerTxn              *txn,
                                      const char                 *token_id,
                                      const char                 *user_id,
                                      const char                 *project_id,
                                      LimnServerRole              role,
                                      const char                 *token_sha256,
                                      gint64                      now_us,
                                      GError                    **error);
  gboolean       (*revoke_token)     (LimnServerTxn              *txn,
                                      const char                 *token_id,
                                      gint64                      now_us,
                                      GError                    **error);
  gboolean       (*lookup_user)      (LimnServerTxn              *txn,
                                      const char                 *name,
                                      char                      **user_id,
                                      GError                    **error);
  gboolean       (*insert_user)      (LimnServerTxn              *txn,
                                      const char                 *user_id,
                                      const char                 *name,
                                      gint64                      now_us,
                                      GError                    **error);
  /* The name of the user @user_id (NULL: no such user). */
  gboolean       (*get_user_name)    (LimnServerTxn              *txn,
                                      const char                 *user_id,
                                      char                      **name,
                                      GError                    **error);
  /* Erases @user_id's personal data (limn-server admin erase-annotator):
   * their name becomes @new_name; their tokens are deleted; the text they
   * wrote (threads, messages, notes) and the notes about them become
   * @erased; the changes sent to them are
   * deleted, and in everyone else's changes a string equal to their old
   * name becomes @new_name (a message's body by them, @erased). Their
   * labels, reviews and events stay, under their id (events and the
   * audit log are append-only: free text in an event stays). Each count is of
   * rows changed, so a second run counts 0. */
  gboolean       (*erase_user)       (LimnServerTxn              *txn,
                                      const char                 *user_id,
                                      const char                 *new_name,
                                      const char                 *erased,
                                      LimnServerErasure          *counts,
                                      GError                    **error);

  /* Projects. insert_project() stores the project with its settings, its
   * labels in order and, when guideline_version > 0, that version. */
  gboolean       (*insert_project)   (LimnServerTxn              *txn,
                                      const LimnServerProject    *project,
                                      gint64                      now_us,
                                      GError                    **error);
  gboolean       (*get_project)      (LimnServerTxn              *txn,
                                      const char                 *project_id,
                                      LimnServerProject         **project,
                                      GError                    **error);
  /* Every project's id, oldest first. */
  GPtrArray     *(*list_project_ids) (LimnServerTxn              *txn,
                                      GError                    **error);
  gboolean       (*get_settings)     (LimnServerTxn              *txn,
                                      const char                 *project_id,
                                      LimnServerSettings         *settings,
                                      gboolean                   *found,
                                      GError                    **error);
  /* Negative fields are left as they are. */
  gboolean       (*update_settings)  (LimnServerTxn              *txn,
                                      const char                 *project_id,
                                      const LimnServerSettings   *settings,
                                      GError                    **error);
  /* One LimnServerProjectStatus per project (only @project_id's when not
   * NULL), oldest first. */
  GPtrArray     *(*project_status)   (LimnServerTxn              *txn,
                                      const char                 *project_id,
                                      GError                    **error);
  /* Counts of every record, server-wide (@project_id NULL) or in one. */
  LimnServerInventory *(*inventory)  (LimnServerTxn              *txn,
                                      const char                 *project_id,
                                      GError                    **error);

  /* Tasks. get_tasks() answers id → LimnServerTask for the ids that exist. */
  GHashTable    *(*get_tasks)        (LimnServerTxn              *txn,
                                      const char * const         *task_ids,
                                      GError                    **error);
  gboolean       (*lookup_task_project) (LimnServerTxn           *txn,
                                      const char                 *task_id,
                                      char                      **project_id,
                                      GError                    **error);
  /* One past the highest position in the project (0 when it has none). */
  gboolean       (*next_task_position) (LimnServerTxn            *txn,
                                      const char                 *project_id,
                                      gint64                     *position,
                                      GError                    **error);
  /* Stores @task as given, with its project_id and position. */
  gboolean       (*insert_task)      (LimnServerTxn              *txn,
                                      const LimnServerTask       *task,
                                      gint64                      now_us,
                                      GError                    **error);
  gboolean       (*set_task_gold)    (LimnServerTxn              *txn,
                                      const char                 *task_id,
                                      const char                 *answer_json,
                                      GError                    **error);
  gboolean       (*get_task_gold)    (LimnServerTxn              *txn,
                                      const char                 *task_id,
                                      gboolean                   *is_gold,
                                      char                      **answer_json,
                                      GError                    **error);
  /* Every annotation of a gold task of @project_id
   * (LimnServerGoldAnswer), in the order they were received. */
  GPtrArray     *(*list_gold_answers) (LimnServerTxn             *txn,
                                      const char                 *project_id,
                                      GError                    **error);
  /* Whether there is an image with @sha256 in a task of @project_id (any
   * project when NULL) that @holder has or had an assignment for (anyone's
   * task when NULL), and its MIME type as stored. */
  gboolean       (*find_media)       (LimnServerTxn              *txn,
                                      const char                 *sha256,
                                      const char                 *project_id,
                                      const char                 *holder,
                                      gboolean                   *found,
                                      char                      **mime,
                                      GError                    **error);

  /* Assignments (leases). */
  gboolean       (*any_leases_due)   (LimnServerTxn              *txn,
                                      gint64                      now_us,
                                      gboolean                   *due,
                                      GError                    **error);
  /* Assigned leases whose expiry is at or before @now_us (LimnServerLease). */
  GPtrArray     *(*leases_due)       (LimnServerTxn              *txn,
                                      gint64                      now_us,
                                      GError                    **error);
  /* @user_id's assigned leases in @project_id with their tasks
   * (LimnServerAssignment): those sent back for rework first, then by
   * position. */
  GPtrArray     *(*held_leases)      (LimnServerTxn              *txn,
                                      const char                 *user_id,
                                      const char                 *project_id,
                                      GError                    **error);
  /* Ids of @project_id's tasks (gold ones if @gold, else the others) that
   * @user_id has no assignment for, in any state, and, when @max_holders
   * > 0, that fewer than @max_holders assignments hold, submitted or had
   * accepted; by
   * position, at most @limit. */
  GPtrArray     *(*candidate_tasks)  (LimnServerTxn              *txn,
                                      const char                 *project_id,
                                      const char                 *user_id,
                                      gboolean                    gold,
                                      gint64                      max_holders,
                                      guint                       limit,
                                      GError                    **error);
  gboolean       (*insert_assignment) (LimnServerTxn             *txn,
                                      const LimnServerLease      *lease,
                                      GError                    **error);
  gboolean       (*lookup_assignment) (LimnServerTxn             *txn,
                                      const char                 *task_id,
                                      const char                 *user_id,
                                      LimnServerLease           **lease,
                                      GError                    **error);
  /* Assignments of @task_id that are assigned, submitted or accepted. */
  gboolean       (*count_holders)    (LimnServerTxn              *txn,
                                      const char                 *task_id,
                                      gint64                     *holders,
                                      GError                    **error);
  /* Assignments @user_id ever had in @project_id, in any state. */
  gboolean       (*count_assignments) (LimnServerTxn             *txn,
                                      const char                 *user_id,
                                      const char                 *project_id,
                                      gint64                     *count,
                                      GError                    **error);
  /* Sets the state; SUBMITTED keeps the time of the first submit. */
  gboolean       (*set_lease_state)  (LimnServerTxn              *txn,
                                      const char                 *assignment_id,
                                      LimnServerLeaseState        state,
                                      gint64                      now_us,
                                      GError                    **error);
  gboolean       (*set_gold_revealed) (LimnServerTxn             *txn,
                                      const char                 *assignment_id,
                                      gint64                      now_us,
                                      GError                    **error);

  /* Batch items, keyed by their client-made ids. Acks keep no id (they
   * are keyed by user and guideline version), so theirs is never found. */
  gboolean       (*lookup_item_owner) (LimnServerTxn             *txn,
                                      LimnBatchItemKind           kind,
                                      const char                 *item_id,
                                      char                      **user_id,
                                      GError                    **error);
  /* Inserts the event unless its id is there: *inserted says which. Most
   * of the traffic: @item outlives the call, so it need not be copied. */
  gboolean       (*insert_event)     (LimnServerTxn              *txn,
                                      const LimnBatchItem        *item,
                                      const char                 *user_id,
                                      gint64                      now_us,
                                      gboolean                   *inserted,
                                      GError                    **error);
  /* How many events of @type each user sent in @project_id: user id ->
   * gint64 * (the guardrail overrides of docs/guardrails.md). */
  GHashTable    *(*count_user_events) (LimnServerTxn             *txn,
                                      const char                 *project_id,
                                      const char                 *type,
                                      GError                    **error);
  /* @conflict_reason NULL: stored as submitted, else as conflicted. */
  gboolean       (*insert_annotation) (LimnServerTxn             *txn,
                                      const LimnBatchItem        *item,
                                      const char                 *user_id,
                                      const LimnServerLease      *lease,
                                      const char                 *conflict_reason,
                                      gint64                      now_us,
                                      GError                    **error);
  gboolean       (*insert_flag)      (LimnServerTxn              *txn,
                                      const LimnBatchItem        *item,
                                      const char                 *user_id,
                                      const char                 *project_id,
                                      gint64                      now_us,
                                      GError                    **error);
  gboolean       (*lookup_answer)    (LimnServerTxn              *txn,
                                      const char                 *user_id,
                                      const char                 *key,
                                      LimnServerStoredAnswer    **answer,
                                      GError                    **error);
  gboolean       (*insert_answer)    (LimnServerTxn              *txn,
                                      const char                 *user_id,
                                      const char                 *key,
                                      const LimnServerStoredAnswer *answer,
                                      gint64                      now_us,
                                      GError                    **error);
  gboolean       (*delete_answer)    (LimnServerTxn              *txn,
                                      const char                 *user_id,
                                      const char                 *key,
                                      GError                    **error);
  /* Deletes the answers stored before @before_us; *n_deleted of them. */
  gboolean       (*forget_answers)   (LimnServerTxn              *txn,
                                      gint64                      before_us,
                                      guint                      *n_deleted,
                                      GError                    **error);

  /* The changes feed and the audit log, both append-only. Each change is
   * numbered in its recipient's own sequence (1, 2, 3 … per user; that is
   * LimnServerChange.seq), so a user's feed counts nobody else's.
   * list_changes() answers @recipient's changes after their number
   * @since that belong to @project_id or to no project (all of them when
   * @project_id is NULL), in order, at most @limit. recipient_position()
   * answers the last number of @recipient's changes up to the store-wide
   * sequence @global_seq, which cursors of schema version 1 counted. */
  gboolean       (*insert_change)    (LimnServerTxn              *txn,
                                      const char                 *recipient,
                                      const char                 *project_id,
                                      const char                 *kind,
                                      const char                 *data_json,
                                      gint64                      now_us,
                                      GError                    **error);
  GPtrArray     *(*list_changes)     (LimnServerTxn              *txn,
                                      const char                 *recipient,
                                      const char                 *project_id,
                                      gint64                      since,
                                      guint                       limit,
                                      GError                    **error);
  gboolean       (*recipient_position) (LimnServerTxn            *txn,
                                      const char                 *recipient,
                                      gint64                      global_seq,
                                      gint64                     *position,
                                      GError                    **error);
  gboolean       (*insert_audit)     (LimnServerTxn              *txn,
                                      const char                 *user_id,
                                      const char                 *token_id,
                                      const char                 *action,
                                      const char                 *detail_json,
                                      gint64                      time_us,
                                      GError                    **error);

  /* Review, rework and feedback (docs/review.md; SQLite:
   * limn-server-backend-sqlite-review.c). */

  /* Users holding a token of @project_id that is not revoked (ids). */
  GPtrArray     *(*list_project_members) (LimnServerTxn          *txn,
                                      const char                 *project_id,
                                      GError                    **error);
  /* The reviewer's level in the project; 0 when none is set. */
  gboolean       (*get_reviewer_level) (LimnServerTxn            *txn,
                                      const char                 *project_id,
                                      const char                 *user_id,
                                      gint64                     *level,
                                      GError                    **error);
  gboolean       (*set_reviewer_level) (LimnServerTxn            *txn,
                                      const char                 *project_id,
                                      const char                 *user_id,
                                      gint64                      level,
                                      GError                    **error);

  /* Review items. task_review_items(): every item of the task, oldest
   * first. list_review_items(): the project's items in @state (-1: open
   * and leased), oldest first, with the fields read for people filled in. */
  GPtrArray     *(*task_review_items) (LimnServerTxn             *txn,
                                      const char                 *task_id,
                                      GError                    **error);
  gboolean       (*get_review_item)  (LimnServerTxn              *txn,
                                      const char                 *item_id,
                                      LimnServerReviewItem      **item,
                                      GError                    **error);
  GPtrArray     *(*list_review_items) (LimnServerTxn             *txn,
                                      const char                 *project_id,
                                      int                         state,
                                      GError                    **error);
  gboolean       (*insert_review_item) (LimnServerTxn            *txn,
                                      const LimnServerReviewItem *item,
                                      GError                    **error);
  /* Stores annotation_id, reasons, min_level, state, holder,
   * lease_expires_us and decided_us of @item. */
  gboolean       (*update_review_item) (LimnServerTxn            *txn,
                                      const LimnServerReviewItem *item,
                                      GError                    **error);

  /* Verdicts: the review with its comments; the task's, oldest first. */
  gboolean       (*insert_review)    (LimnServerTxn              *txn,
                                      const LimnServerReview     *review,
                                      GError                    **error);
  GPtrArray     *(*list_task_reviews) (LimnServerTxn             *txn,
                                      const char                 *task_id,
                                      GError                    **error);

  /* Annotations of a task, submitted and conflicted, in the order they
   * were received (LimnServerAnnotation). */
  GPtrArray     *(*list_task_annotations) (LimnServerTxn         *txn,
                                      const char                 *task_id,
                                      GError                    **error);
  /* Who made the annotation, when not its annotator (a correction). */
  gboolean       (*set_annotation_author) (LimnServerTxn         *txn,
                                      const char                 *annotation_id,
                                      const char                 *author,
                                      GError                    **error);
  /* Every assignment of a task, in any state, oldest first. */
  GPtrArray     *(*task_leases)      (LimnServerTxn              *txn,
                                      const char                 *task_id,
                                      GError                    **error);
  /* @rework TRUE: the assignment is assigned again until
   * @lease_expires_us, marked rework; FALSE: the mark is cleared (and
   * @lease_expires_us ignored). */
  gboolean       (*set_lease_rework) (LimnServerTxn              *txn,
                                      const char                 *assignment_id,
                                      gboolean                    rework,
                                      gint64                      lease_expires_us,
                                      GError                    **error);

  /* Flags and their threads. list_flags(): the project's flags, only
   * those of @user_id, of @task_id or in @state when not NULL, oldest
   * first. list_messages(): messages of @thread_id, or of every thread of
   * the project when NULL, oldest first. */
  gboolean       (*get_flag)         (LimnServerTxn              *txn,
                                      const char                 *flag_id,
                                      LimnServerFlag            **flag,
                                      GError                    **error);
  GPtrArray     *(*list_flags)       (LimnServerTxn              *txn,
                                      const char                 *project_id,
                                      const char                 *user_id,
                                      const char                 *task_id,
                                      const char                 *state,
                                      GError                    **error);
  gboolean       (*set_flag_state)   (LimnServerTxn              *txn,
                                      const char                 *flag_id,
                                      const char                 *state,
                                      GError                    **error);
  gboolean       (*insert_message)   (LimnServerTxn              *txn,
                                      const LimnServerMessage    *message,
                                      GError                    **error);
  GPtrArray     *(*list_messages)    (LimnServerTxn              *txn,
                                      const char                 *project_id,
                                      const char                 *thread_id,
                                      GError                    **error);
  gboolean       (*insert_note)      (LimnServerTxn              *txn,
                                      const LimnServerNote       *note,
                                      GError                    **error);

  /* Guidelines and labels. A version is never replaced; a label never
   * deleted. insert_guideline_ack() inserts unless that user acknowledged
   * that version before: *inserted says which. */
  gboolean       (*latest_guideline_version) (LimnServerTxn      *txn,
                                      const char                 *project_id,
                                      gint64                     *version,
                                      GError                    **error);
  gboolean       (*insert_guideline) (LimnServerTxn              *txn,
                                      const char                 *project_id,
                                      gint64                      version,
                                      const char                 *body,
                                      const char                 *summary,
                                      const char                 *translations,
                                      const char                 *published_by,
                                      gint64                      now_us,
                                      GError                    **error);
  gboolean       (*insert_guideline_ack) (LimnServerTxn          *txn,
                                      const char                 *project_id,
                                      const char                 *user_id,
                                      gint64                      version,
                                      gint64                      now_us,
                                      gboolean                   *inserted,
                                      GError                    **error);
  gboolean       (*insert_label)     (LimnServerTxn              *txn,
                                      const char                 *project_id,
                                      const LimnServerLabel      *label,
                                      gint64                      position,
                                      GError                    **error);
  /* Stores name, color, hotkey, description and retired_us of the label
   * with @label's id. */
  gboolean       (*update_label)     (LimnServerTxn              *txn,
                                      const LimnServerLabel      *label,
                                      GError                    **error);

  /* The audit sample's counters of one stratum (0 and 0 when new). */
  gboolean       (*get_audit_stratum) (LimnServerTxn             *txn,
                                      const char                 *project_id,
                                      const char                 *stratum,
                                      gint64                     *seen,
                                      gint64                     *sampled,
                                      GError                    **error);
  gboolean       (*set_audit_stratum) (LimnServerTxn             *txn,
                                      const char                 *project_id,
                                      const char                 *stratum,
                                      gint64                      seen,
                                      gint64                      sampled,
                                      GError                    **error);

  /* The team dashboard and its alerts (docs/metrics.md §9; SQLite:
   * limn-server-backend-sqlite-team.c). */

  /* Everything the figures of @project_id are computed from, in one
   * read (LimnServerTeamData says what). */
  LimnServerTeamData *(*team_data)   (LimnServerTxn              *txn,
                                      const char                 *project_id,
                                      GError                    **error);
  /* The project's change counter: it moves whenever something the
   * figures are computed from changes (answers, reviews, tasks, gold,
   * labels, the settings they read); -1 for no such project. Cheap: a
   * computed report is kept until it moves. */
  gboolean       (*team_version)     (LimnServerTxn              *txn,
                                      const char                 *project_id,
                                      gint64                     *version,
                                      GError                    **error);
  /* Users with a reviewer or admin token of @project_id, or a server-wide
   * admin token, none revoked (ids, sorted). */
  GPtrArray     *(*list_project_staff) (LimnServerTxn            *txn,
                                      const char                 *project_id,
                                      GError                    **error);
  /* The server's own values (the pseudonym secret). insert_meta() keeps
   * a value already there: *inserted says which. */
  gboolean       (*get_meta)         (LimnServerTxn              *txn,
                                      const char                 *key,
                                      GBytes                    **value,
                                      GError                    **error);
  gboolean       (*insert_meta)      (LimnServerTxn              *txn,
                                      const char                 *key,
                                      GBytes                     *value,
                                      gboolean                   *inserted,
                                      GError                    **error);
  /* Alerts of @project_id (every project's when NULL), active ones only
   * if @active_only, oldest first. */
  GPtrArray     *(*list_alerts)      (LimnServerTxn              *txn,
                                      const char                 *project_id,
                                      gboolean                    active_only,
                                      GError                    **error);
  gboolean       (*insert_alert)     (LimnServerTxn              *txn,
                                      const LimnServerAlert      *alert,
                                      GError                    **error);
  /* Stores subject, value, threshold, message, data, updated_us and
   * cleared_us of the alert with @alert's id. */
  gboolean       (*update_alert)     (LimnServerTxn              *txn,
                                      const LimnServerAlert      *alert,
                                      GError                    **error);

  /* Datasets and import (docs/server-guide.md, "Datasets, import and
   * export"; SQLite: limn-server-backend-sqlite-datasets.c). */

  /* Every task of @project_id, gold included, by position
   * (LimnServerTask). */
  GPtrArray     *(*list_tasks)       (LimnServerTxn              *txn,
                                      const char                 *project_id,
                                      GError                    **error);
  /* Each annotator's latest submitted revision of each task of
   * @project_id (LimnServerRevision), by task position, then annotator. */
  GPtrArray     *(*list_latest_revisions) (LimnServerTxn         *txn,
                                      const char                 *project_id,
                                      GError                    **error);
  /* The project's highest dataset version; 0 when it has none. */
  gboolean       (*latest_dataset_version) (LimnServerTxn        *txn,
                                      const char                 *project_id,
                                      gint64                     *version,
                                      GError                    **error);
  /* The project's dataset versions without their snapshots, oldest
   * first. */
  GPtrArray     *(*list_datasets)    (LimnServerTxn              *txn,
                                      const char                 *project_id,
                                      GError                    **error);
  /* One version with its snapshot; *dataset NULL when there is none. */
  gboolean       (*get_dataset)      (LimnServerTxn              *txn,
                                      const char                 *project_id,
                                      gint64                      version,
                                      LimnServerDataset         **dataset,
                                      GError                    **error);
  /* A version is never changed nor deleted once inserted. */
  gboolean       (*insert_dataset)   (LimnServerTxn              *txn,
                                      const LimnServerDataset    *dataset,
                                      GError                    **error);
  gboolean       (*set_task_suggestions) (LimnServerTxn          *txn,
                                      const char                 *task_id,
                                      const char                 *suggestions_json,
                                      GError                    **error);

  /* Relabel campaigns (docs/server-guide.md, "Relabel campaigns";
   * SQLite: limn-server-backend-sqlite-campaigns.c). */
  gboolean       (*insert_campaign)  (LimnServerTxn              *txn,
                                      const LimnServerCampaign   *campaign,
                                      GError                    **error);
  /* Stores state, approved_by, base_version, result_version, comparison
   * and updated_us of the campaign with @campaign's id. */
  gboolean       (*update_campaign)  (LimnServerTxn              *txn,
                                      const LimnServerCampaign   *campaign,
                                      GError                    **error);
  /* *campaign NULL when there is none. */
  gboolean       (*get_campaign)     (LimnServerTxn              *txn,
                                      const char                 *campaign_id,
                                      LimnServerCampaign        **campaign,
                                      GError                    **error);
  /* The project's campaigns, oldest first. */
  GPtrArray     *(*list_campaigns)   (LimnServerTxn              *txn,
                                      const char                 *project_id,
                                      GError                    **error);
  gboolean       (*insert_campaign_item) (LimnServerTxn          *txn,
                                      const LimnServerCampaignItem *item,
                                      GError                    **error);
  /* Stores state, base_annotation_id and result_annotation_id of the
   * item with @item's campaign, task and annotator. */
  gboolean       (*update_campaign_item) (LimnServerTxn          *txn,
                                      const LimnServerCampaignItem *item,
                                      GError                    **error);
  /* The campaign's items, by task position, then annotator. */
  GPtrArray     *(*list_campaign_items) (LimnServerTxn           *txn,
                                      const char                 *campaign_id,
                                      GError                    **error);
  /* Whether @user_id holds a token that is not revoked as a server
   * admin, or as an admin or reviewer of @project_id. */
  gboolean       (*user_may_review)  (LimnServerTxn              *txn,
                                      const char                 *user_id,
                                      const char                 *project_id,
                                      gboolean                   *may,
                                      GError                    **error);

  /* Guideline experiments (docs/server-guide.md, "Guideline
   * experiments"; SQLite: limn-server-backend-sqlite-experiments.c). */
  gboolean       (*insert_experiment) (LimnServerTxn             *txn,
                                      const LimnServerExperiment *experiment,
                                      GError                    **error);
  /* Stores state, result, decided_by, ended_us, decided_us and
   * published_version of the experiment with @experiment's id. */
  gboolean       (*update_experiment) (LimnServerTxn             *txn,
                                      const LimnServerExperiment *experiment,
                                      GError                    **error);
  /* *experiment NULL when there is none. */
  gboolean       (*get_experiment)   (LimnServerTxn              *txn,
                                      const char                 *experiment_id,
                                      LimnServerExperiment      **experiment,
                                      GError                    **error);
  /* The project's running experiment (at most one); NULL when none. */
  gboolean       (*running_experiment) (LimnServerTxn            *txn,
                                      const char                 *project_id,
                                      LimnServerExperiment      **experiment,
                                      GError                    **error);
  /* The body of guideline @version of @project_id; *body NULL when
   * there is no such version. @published_us may be NULL. */
  gboolean       (*get_guideline)    (LimnServerTxn              *txn,
                                      const char                 *project_id,
                                      gint64                      version,
                                      char                      **body,
                                      gint64                     *published_us,
                                      GError                    **error);
};

/* Opens the store @uri names: `sqlite:PATH` or a plain PATH (an SQLite
 * file, created if missing); `postgresql://…` or `postgres://…` (a libpq
 * connection URI: a PostgreSQL database, limn-server-backend-pg.h). */
LimnServerBackend *limn_server_backend_open  (const char         *uri,
                                              GError            **error);

LimnServerTxn     *limn_server_backend_begin (LimnServerBackend  *self,
                                              LimnServerTxnMode   mode,
                                              GError            **error);
/* What a backend's begin() calls on its own transaction type. */
void               limn_server_txn_init      (LimnServerTxn      *txn,
                                              LimnServerBackend  *backend,
                                              LimnServerTxnMode   mode);
gboolean           limn_server_txn_commit    (LimnServerTxn      *txn,
                                              GError            **error);
void               limn_server_txn_end       (LimnServerTxn      *txn);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnServerTxn, limn_server_txn_end)

G_END_DECLS
