/* limn-server-records.h
 *
 * What limn-server keeps, as C values: who presented a token, projects with
 * their labels and settings, tasks, leases (assignments), the changes feed,
 * the items of a batch, and counts for people. The server layer and every
 * backend speak in these; none of them names a database.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  LIMN_SERVER_ROLE_ANNOTATOR,
  LIMN_SERVER_ROLE_REVIEWER,
  LIMN_SERVER_ROLE_ADMIN,
} LimnServerRole;

const char *limn_server_role_to_string   (LimnServerRole  role);
gboolean    limn_server_role_from_string (const char     *str,
                                          LimnServerRole *role);

/* Who presented a token. project_id is NULL only for the server-wide admin. */
typedef struct
{
  char           *token_id;
  char           *user_id;
  char           *user_name;
  char           *project_id;
  LimnServerRole  role;
} LimnServerPrincipal;

/* What erase_user() changed: rows per kind (limn-server admin
 * erase-annotator prints them). */
typedef struct
{
  gint64 name;               /* 1 when the user's name was replaced */
  gint64 tokens;             /* tokens deleted */
  gint64 threads;            /* threads and ambiguity reports they opened (flags) */
  gint64 messages;           /* messages they wrote in threads */
  gint64 notes;              /* coaching notes they wrote or that are about them */
  gint64 changes_to_them;    /* their own changes feed, deleted */
  gint64 changes_naming;     /* others' changes that named them */
} LimnServerErasure;

void limn_server_principal_free (LimnServerPrincipal *principal);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnServerPrincipal, limn_server_principal_free)

typedef struct
{
  char *id;
  char *name;
  char *color;
  char *hotkey;        /* nullable */
  char *description;
  gint64 retired_us;   /* 0: in use; else refused in new work, kept in old */
  /* Names and descriptions in other languages: JSON objects from language
   * tag to text (limn-translations.h), nullable (issue 21). */
  char *names;
  char *descriptions;
} LimnServerLabel;

void limn_server_label_free (LimnServerLabel *label);

#define LIMN_SERVER_DEFAULT_OVERLAP           1
#define LIMN_SERVER_DEFAULT_CONFIDENCE_STEPS  5
#define LIMN_SERVER_DEFAULT_LEASE_SECONDS     86400
#define LIMN_SERVER_DEFAULT_REVIEW_THRESHOLD    0.4
#define LIMN_SERVER_DEFAULT_SENIOR_THRESHOLD    0.2
#define LIMN_SERVER_DEFAULT_AGREEMENT_THRESHOLD 0.5
#define LIMN_SERVER_DEFAULT_MATCH_IOU           0.5

/* For an update, a negative field means "leave as it is". */
typedef struct
{
  gint64 overlap;
  double gold_rate;
  double audit_rate;
  gint64 confidence_steps;
  gint64 lease_seconds;
  /* Review (docs/review.md): confidence below review_threshold enters the
   * queue, below senior_threshold for senior reviewers; overlapping
   * annotators (or an answer and gold) disagree below an F1 of
   * agreement_threshold, boxes matching at IoU ≥ match_iou. */
  double review_threshold;
  double senior_threshold;
  double agreement_threshold;
  double match_iou;
  /* 1: a newly fired alert makes the server propose a relabel campaign
   * (docs/server-guide.md, "Relabel campaigns"); 0: it does not. */
  gint64 auto_propose_campaigns;
  /* Updates only (reads leave it NULL; LimnServerProject holds the rules):
   * the guardrails JSON to store, "" to remove them, NULL to leave them. */
  const char *guardrails;
  /* Qualification (docs/training.md), read from the project's rule: an
   * annotator gets gold items only until their first
   * qualification_gold_items scored ones reach qualification_min_accuracy;
   * 0 items: no rule. requalify: a new guideline version starts it over.
   * Updates ignore these three and use @qualification. */
  gint64      qualification_gold_items;
  double      qualification_min_accuracy;
  gboolean    requalify_on_guideline_change;
  /* Updates only: the rule JSON to store, "" to remove it, NULL to leave it. */
  const char *qualification;
  /* Updates only, likewise: the task fields hidden from annotators, joined
   * by commas (limn-server-hidden-fields.h), "" for none, NULL to leave. */
  const char *hidden_task_fields;
} LimnServerSettings;

/* Fills the qualification fields of @settings from the stored rule
 * (NULL: none). A rule that does not parse counts as none. */
void limn_server_settings_read_qualification (LimnServerSettings *settings,
                                              const char         *json);

typedef struct
{
  char               *id;
  char               *name;
  char               *kind;                 /* image | text | both */
  GPtrArray          *labels;               /* LimnServerLabel, in order */
  gint64              guideline_version;    /* 0: none published */
  char               *guidelines;
  char               *guidelines_summary;   /* what changed in that version */
  char               *guidelines_translations; /* JSON tag -> Markdown, NULL: none */
  gint64              guidelines_published_us;
  LimnServerSettings  settings;
  char               *guardrails;           /* the rules JSON (docs/guardrails.md), or NULL */
  char               *hidden_task_fields;   /* hidden from annotators, by commas, or NULL */
} LimnServerProject;

void limn_server_project_free (LimnServerProject *project);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnServerProject, limn_server_project_free)

/* A task as annotators see it. It has no gold fields on purpose: a gold
 * answer never travels through a task, only through a `gold` change that
 * the server writes after the annotator submitted. */
typedef struct
{
  char   *id;
  char   *project_id;
  char   *kind;           /* image | text */
  char   *title;
  gint64  position;
  /* image */
  char   *media_sha256;
  gint64  media_size;
  gint64  width;
  gint64  height;
  char   *mime;
  /* text */
  char   *text;
  char   *language;       /* nullable */
  char   *direction;      /* ltr | rtl | auto */
  char   *suggestions;    /* JSON array text, "[]" when none */
} LimnServerTask;

void limn_server_task_free (LimnServerTask *task);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnServerTask, limn_server_task_free)

/* A task the admin adds; the server assigns positions. */
typedef LimnServerTask LimnServerNewTask;

/* A lease as a claim answers it. position is the annotator's own count
 * (their nth task in the project), sent in place of the task's place in
 * the pool: gold, drawn at random, would stand out there. */
typedef struct
{
  char           *id;
  gint64          lease_expires_us;
  gint64          position;
  gboolean        rework;     /* sent back by a reviewer, not answered yet */
  LimnServerTask *task;
} LimnServerAssignment;

void limn_server_assignment_free (LimnServerAssignment *assignment);

/* An assignment as it is kept: one per task and annotator, ever. */
typedef enum
{
  LIMN_SERVER_LEASE_ASSIGNED,
  LIMN_SERVER_LEASE_SUBMITTED,
  LIMN_SERVER_LEASE_EXPIRED,
  LIMN_SERVER_LEASE_ACCEPTED,     /* a reviewer accepted or corrected the work */
  LIMN_SERVER_N_LEASE_STATES,
} LimnServerLeaseState;

const char *limn_server_lease_state_to_string   (LimnServerLeaseState  state);
gboolean    limn_server_lease_state_from_string (const char           *str,
                                                 LimnServerLeaseState *state);

typedef struct
{
  char                 *id;
  char                 *task_id;
  char                 *project_id;
  char                 *annotator;
  LimnServerLeaseState  state;
  gint64                assigned_us;
  gint64                lease_expires_us;
  gint64                position;       /* as in LimnServerAssignment */
  gboolean              gold_revealed;
  gboolean              rework;         /* as in LimnServerAssignment */
} LimnServerLease;

void limn_server_lease_free (LimnServerLease *lease);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnServerLease, limn_server_lease_free)

typedef struct
{
  gint64  seq;
  char   *kind;
  char   *data;           /* JSON object text */
} LimnServerChange;

void limn_server_change_free (LimnServerChange *change);

/* A batch's answer as stored with its idempotency key, and the token that
 * sent it. An empty body stands for a batch that changed nothing (every
 * item refused or a duplicate): only its key and hash are kept, and
 * sending it again checks it again. */
typedef struct
{
  char   *request_sha256;
  char   *token_id;
  guint   status;
  GBytes *body;
} LimnServerStoredAnswer;

void limn_server_stored_answer_free (LimnServerStoredAnswer *answer);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnServerStoredAnswer, limn_server_stored_answer_free)

typedef enum
{
  LIMN_BATCH_ITEM_EVENT,
  LIMN_BATCH_ITEM_ANNOTATION,
  LIMN_BATCH_ITEM_FLAG,
  LIMN_BATCH_ITEM_REVIEW,
  LIMN_BATCH_ITEM_MESSAGE,
  LIMN_BATCH_ITEM_ACK,
  LIMN_BATCH_ITEM_NOTE,
} LimnBatchItemKind;

typedef enum
{
  LIMN_BATCH_PENDING,     /* valid so far; the batch rules decide */
  LIMN_BATCH_APPLIED,
  LIMN_BATCH_DUPLICATE,
  LIMN_BATCH_CONFLICT,
  LIMN_BATCH_REJECTED,
} LimnBatchStatus;

const char *limn_batch_status_to_string (LimnBatchStatus status);

/* One item of a batch after the route checked its shape, its labels and
 * its geometry. The batch rules check what needs the store (ownership,
 * duplicates, leases), store it, and set status and reason. */
typedef struct
{
  LimnBatchItemKind  kind;
  LimnBatchStatus    status;
  char              *reason;
  char              *code;                /* nullable: a stable code for a refusal (docs/api.md) */
  char              *id;                  /* nullable only when rejected */
  char              *project_id;
  char              *task_id;             /* nullable for events */

  /* event */
  char              *session_id;
  char              *type;
  gint64             wall_us;
  gint64             mono_us;
  char              *payload;             /* JSON object text */

  /* annotation */
  gint64             revision;
  char              *parent_id;
  gint64             guideline_version;   /* -1: not given */
  double             confidence;          /* -1: not given */
  gint64             active_ms;
  gint64             wall_ms;
  gint64             created_us;
  gint64             submitted_us;
  char              *regions;             /* JSON array text, checked */
  guint              region_count;
  char              *rejected_suggestions;/* JSON array text */
  /* The project's guardrails found a `block` problem (the reason to give);
   * refused after the id and lease checks, so a resent item stays a
   * duplicate (limn-server-guardrails.h). */
  char              *blocked_by;

  /* flag (created_us above) */
  char              *region_id;
  char              *category;
  char              *body;

  /* review (active_ms, created_us above; docs/review.md) */
  char              *review_item_id;
  char              *annotation_id;
  char              *verdict;             /* accept | correct | send_back */
  char              *reason_code;
  char              *comment;
  char              *comments;            /* JSON array text: [{id, region_id, body}] */
  char              *correction_id;       /* correct only */
  char              *correction_regions;  /* JSON array text, checked */
  guint              correction_region_count;
  gint64             correction_active_ms;
  gint64             correction_wall_ms;

  /* message (body, created_us above) */
  char              *thread_id;
  char              *thread_state;        /* nullable: answered | closed */

  /* ack (project_id above) */
  gint64             version;

  /* note (body, created_us above; project_id when the token has none) */
  char              *annotator;           /* a user name */
} LimnBatchItem;

LimnBatchItem *limn_batch_item_new    (LimnBatchItemKind kind);
void           limn_batch_item_free   (LimnBatchItem    *item);
void           limn_batch_item_reject (LimnBatchItem    *item,
                                       const char       *reason);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnBatchItem, limn_batch_item_free)

typedef struct
{
  char   *project_id;
  char   *name;
  char   *kind;
  gint64  tasks;
  gint64  gold;
  gint64  assigned;       /* leases held now */
  gint64  submitted;      /* assignments submitted */
  gint64  expired;
  gint64  annotations;
  gint64  conflicts;      /* annotations stored as conflicted */
  gint64  flags;
  gint64  events;
} LimnServerProjectStatus;

void limn_server_project_status_free (LimnServerProjectStatus *status);

/* An annotation of a gold task, beside the gold answer. */
typedef struct
{
  char *annotator;        /* the user's name */
  char *annotator_id;     /* the user's id */
  gint64 received_us;
  char *task_id;
  char *regions;          /* as stored: a checked JSON array text */
  char *gold;             /* the gold answer: {"regions": […]} text */
} LimnServerGoldAnswer;

void limn_server_gold_answer_free (LimnServerGoldAnswer *answer);

/* How many of each record there are, server-wide or in one project
 * (`limn-server admin inspect`). A count that has no meaning within one
 * project (users, projects, stored batch answers, the audit log) is -1
 * there. */
typedef struct
{
  gint64      users;
  gint64      tokens;
  gint64      tokens_revoked;
  gint64      projects;
  gint64      labels;
  gint64      guidelines;                             /* published versions */
  gint64      tasks;
  gint64      tasks_gold;
  gint64      assignments[LIMN_SERVER_N_LEASE_STATES];
  gint64      annotations_submitted;
  gint64      annotations_conflicted;
  gint64      events;
  gint64      flags_open;
  gint64      flags_answered;
  gint64      flags_closed;
  gint64      review_items[3];  /* open, leased, decided (LimnServerReviewState) */
  gint64      reviews_applied;
  gint64      reviews_conflicted;
  gint64      messages;
  gint64      notes;
  gint64      guideline_acks;
  gint64      batches;                                /* stored answers */
  gint64      changes;
  gint64      audit;
  GHashTable *event_types;      /* type → gint64 *count */
  GHashTable *audit_actions;    /* action → gint64[2]: records, records naming a token */
} LimnServerInventory;

LimnServerInventory *limn_server_inventory_new  (void);
void                 limn_server_inventory_free (LimnServerInventory *inventory);
void                 limn_server_inventory_add_event_type   (LimnServerInventory *inventory,
                                                             const char          *type,
                                                             gint64               count);
void                 limn_server_inventory_add_audit_action (LimnServerInventory *inventory,
                                                             const char          *action,
                                                             gint64               records,
                                                             gint64               by_token);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnServerInventory, limn_server_inventory_free)

G_END_DECLS
