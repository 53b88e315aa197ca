/* limn-server-backend.h
 *
 * Everything limn-server keeps, behind one interface: tokens, projects,
 * tasks, claims with leases, batches with their idempotency records, the
 * changes feed, the audit log, and the admin operations. Handlers and the
 * admin CLI call only this; they never see SQL. The default implementation
 * is an embedded SQLite file (limn-server-backend-sqlite.c); a PostgreSQL
 * one can follow behind the same calls, so nothing here names a database
 * type.
 *
 * Threads: every method may be called from any thread, concurrently. Each
 * call is one transaction: it sees a consistent state and either does all
 * it says or nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

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
} LimnServerBackendError;

GQuark limn_server_backend_error_quark (void);

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

void limn_server_principal_free (LimnServerPrincipal *principal);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnServerPrincipal, limn_server_principal_free)

typedef struct
{
  char *id;
  char *name;
  char *color;
  char *hotkey;        /* nullable */
  char *description;
} LimnServerLabel;

void limn_server_label_free (LimnServerLabel *label);

#define LIMN_SERVER_DEFAULT_OVERLAP           1
#define LIMN_SERVER_DEFAULT_CONFIDENCE_STEPS  5
#define LIMN_SERVER_DEFAULT_LEASE_SECONDS     86400

/* For an update, a negative field means "leave as it is". */
typedef struct
{
  gint64 overlap;
  double gold_rate;
  double audit_rate;
  gint64 confidence_steps;
  gint64 lease_seconds;
} LimnServerSettings;

typedef struct
{
  char               *id;
  char               *name;
  char               *kind;                 /* image | text | both */
  GPtrArray          *labels;               /* LimnServerLabel, in order */
  gint64              guideline_version;    /* 0: none published */
  char               *guidelines;
  gint64              guidelines_published_us;
  LimnServerSettings  settings;
} LimnServerProject;

void limn_server_project_free (LimnServerProject *project);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnServerProject, limn_server_project_free)

/* A task as annotators see it. It has no gold fields on purpose: a gold
 * answer never travels through a task, only through a `gold` change that
 * the backend writes after the annotator submitted. */
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

typedef struct
{
  char           *id;
  gint64          lease_expires_us;
  LimnServerTask *task;
} LimnServerAssignment;

void limn_server_assignment_free (LimnServerAssignment *assignment);

typedef struct
{
  gint64  seq;
  char   *kind;
  char   *data;           /* JSON object text */
} LimnServerChange;

void limn_server_change_free (LimnServerChange *change);

typedef enum
{
  LIMN_BATCH_ITEM_EVENT,
  LIMN_BATCH_ITEM_ANNOTATION,
  LIMN_BATCH_ITEM_FLAG,
} LimnBatchItemKind;

typedef enum
{
  LIMN_BATCH_PENDING,     /* valid so far; the backend decides */
  LIMN_BATCH_APPLIED,
  LIMN_BATCH_DUPLICATE,
  LIMN_BATCH_CONFLICT,
  LIMN_BATCH_REJECTED,
} LimnBatchStatus;

const char *limn_batch_status_to_string (LimnBatchStatus status);

/* One item of a batch after the handler checked its shape, its labels and
 * its geometry. The backend checks what needs the store (ownership,
 * duplicates, leases), stores it, and sets status and reason. */
typedef struct
{
  LimnBatchItemKind  kind;
  LimnBatchStatus    status;
  char              *reason;
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

  /* flag (created_us above) */
  char              *region_id;
  char              *category;
  char              *body;
} LimnBatchItem;

LimnBatchItem *limn_batch_item_new    (LimnBatchItemKind kind);
void           limn_batch_item_free   (LimnBatchItem    *item);
void           limn_batch_item_reject (LimnBatchItem    *item,
                                       const char       *reason);

/* Renders the per-item answer; the backend stores exactly these bytes with
 * the idempotency record, in the transaction that applied the items. */
typedef GBytes *(*LimnBatchRenderFunc) (GPtrArray *items,
                                        gpointer   user_data);

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

/* A task the admin adds; the backend assigns positions. */
typedef LimnServerTask LimnServerNewTask;

#define LIMN_TYPE_SERVER_BACKEND (limn_server_backend_get_type ())

G_DECLARE_INTERFACE (LimnServerBackend, limn_server_backend, LIMN, SERVER_BACKEND, GObject)

struct _LimnServerBackendInterface
{
  GTypeInterface parent_iface;

  /* Authentication: the token's SHA-256 (hex). Unknown or revoked tokens
   * are NOT_FOUND. */
  LimnServerPrincipal *(*authenticate)     (LimnServerBackend    *self,
                                            const char           *token_sha256,
                                            GError              **error);

  /* Projects the principal may see: its own, or all for a server admin. */
  GPtrArray          *(*list_projects)     (LimnServerBackend    *self,
                                            const LimnServerPrincipal *principal,
                                            GError              **error);
  LimnServerProject  *(*get_project)       (LimnServerBackend    *self,
                                            const char           *project_id,
                                            GError              **error);
  /* Tasks by id; ids that do not exist are absent from the table. */
  GHashTable         *(*get_tasks)         (LimnServerBackend    *self,
                                            const char * const   *task_ids,
                                            GError              **error);

  /* Expires leases past @now_us everywhere and returns the tasks to the
   * pool, writing an `assignment_expired` change for each annotator. */
  gboolean            (*expire_leases)     (LimnServerBackend    *self,
                                            gint64                now_us,
                                            guint                *n_expired,
                                            GError              **error);
  /* The caller's current leases on @project_id, topped up to @count. */
  GPtrArray          *(*claim)             (LimnServerBackend    *self,
                                            const LimnServerPrincipal *principal,
                                            const char           *project_id,
                                            guint                 count,
                                            gint64                now_us,
                                            GError              **error);

  /* Whether the principal may read the image with @sha256: a task of
   * theirs, or any task of their project for reviewers and admins. Unknown
   * or not allowed are both NOT_FOUND. */
  gboolean            (*find_media)        (LimnServerBackend    *self,
                                            const LimnServerPrincipal *principal,
                                            const char           *sha256,
                                            char                **mime,
                                            GError              **error);

  /* The stored answer for (@user_id, @key), if any. */
  gboolean            (*lookup_idempotency)(LimnServerBackend    *self,
                                            const char           *user_id,
                                            const char           *key,
                                            char                **request_sha256,
                                            guint                *status,
                                            GBytes              **body,
                                            GError              **error);
  /* Applies the pending items in one transaction together with the
   * idempotency record holding @render's bytes. If the key was stored
   * meanwhile with the same @request_sha256, nothing is applied and
   * *replayed is set with the stored answer; with another hash it fails
   * with KEY_REUSED. */
  gboolean            (*apply_batch)       (LimnServerBackend    *self,
                                            const LimnServerPrincipal *principal,
                                            const char           *key,
                                            const char           *request_sha256,
                                            GPtrArray            *items,
                                            gint64                now_us,
                                            LimnBatchRenderFunc   render,
                                            gpointer              render_data,
                                            gboolean             *replayed,
                                            guint                *status,
                                            GBytes              **body,
                                            GError              **error);

  /* Changes for the principal's user (and project) after @since, at most
   * @limit; *more when there are further ones. */
  GPtrArray          *(*list_changes)      (LimnServerBackend    *self,
                                            const LimnServerPrincipal *principal,
                                            gint64                since,
                                            guint                 limit,
                                            gboolean             *more,
                                            GError              **error);

  /* Appends to the append-only audit log. @principal NULL is the admin CLI. */
  gboolean            (*append_audit)      (LimnServerBackend    *self,
                                            const LimnServerPrincipal *principal,
                                            const char           *action,
                                            const char           *detail_json,
                                            GError              **error);

  /* Admin operations; each writes its audit record in its transaction. */
  char               *(*create_user)       (LimnServerBackend    *self,
                                            const char           *name,
                                            GError              **error);
  char               *(*find_user)         (LimnServerBackend    *self,
                                            const char           *name,
                                            GError              **error);
  char               *(*create_project)    (LimnServerBackend    *self,
                                            const char           *name,
                                            const char           *kind,
                                            const char * const   *label_names,
                                            const char           *guidelines,
                                            GError              **error);
  /* Adds @tasks (LimnServerNewTask); ids that exist already are skipped. */
  gboolean            (*add_tasks)         (LimnServerBackend    *self,
                                            const char           *project_id,
                                            GPtrArray            *tasks,
                                            guint                *n_added,
                                            guint                *n_skipped,
                                            GError              **error);
  char               *(*issue_token)       (LimnServerBackend    *self,
                                            const char           *user_id,
                                            const char           *project_id,
                                            LimnServerRole        role,
                                            const char           *token_sha256,
                                            GError              **error);
  gboolean            (*revoke_token)      (LimnServerBackend    *self,
                                            const char           *token_id,
                                            GError              **error);
  gboolean            (*set_gold)          (LimnServerBackend    *self,
                                            const char           *project_id,
                                            const char           *task_id,
                                            const char           *answer_json,
                                            GError              **error);
  gboolean            (*update_settings)   (LimnServerBackend    *self,
                                            const char           *project_id,
                                            const LimnServerSettings *settings,
                                            GError              **error);
  GPtrArray          *(*project_status)    (LimnServerBackend    *self,
                                            const char           *project_id,
                                            GError              **error);
};

LimnServerPrincipal *limn_server_backend_authenticate     (LimnServerBackend          *self,
                                                           const char                 *token_sha256,
                                                           GError                    **error);
GPtrArray           *limn_server_backend_list_projects    (LimnServerBackend          *self,
                                                           const LimnServerPrincipal  *principal,
                                                           GError                    **error);
LimnServerProject   *limn_server_backend_get_project      (LimnServerBackend          *self,
                                                           const char                 *project_id,
                                                           GError                    **error);
GHashTable          *limn_server_backend_get_tasks        (LimnServerBackend          *self,
                                                           const char * const         *task_ids,
                                                           GError                    **error);
gboolean             limn_server_backend_expire_leases    (LimnServerBackend          *self,
                                                           gint64                      now_us,
                                                           guint                      *n_expired,
                                                           GError                    **error);
GPtrArray           *limn_server_backend_claim            (LimnServerBackend          *self,
                                                           const LimnServerPrincipal  *principal,
                                                           const char                 *project_id,
                                                           guint                       count,
                                                           gint64                      now_us,
                                                           GError                    **error);
gboolean             limn_server_backend_find_media       (LimnServerBackend          *self,
                                                           const LimnServerPrincipal  *principal,
                                                           const char                 *sha256,
                                                           char                      **mime,
                                                           GError                    **error);
gboolean             limn_server_backend_lookup_idempotency (LimnServerBackend        *self,
                                                           const char                 *user_id,
                                                           const char                 *key,
                                                           char                      **request_sha256,
                                                           guint                      *status,
                                                           GBytes                    **body,
                                                           GError                    **error);
gboolean             limn_server_backend_apply_batch      (LimnServerBackend          *self,
                                                           const LimnServerPrincipal  *principal,
                                                           const char                 *key,
                                                           const char                 *request_sha256,
                                                           GPtrArray                  *items,
                                                           gint64                      now_us,
                                                           LimnBatchRenderFunc         render,
                                                           gpointer                    render_data,
                                                           gboolean                   *replayed,
                                                           guint                      *status,
                                                           GBytes                    **body,
                                                           GError                    **error);
GPtrArray           *limn_server_backend_list_changes     (LimnServerBackend          *self,
                                                           const LimnServerPrincipal  *principal,
                                                           gint64                      since,
                                                           guint                       limit,
                                                           gboolean                   *more,
                                                           GError                    **error);
gboolean             limn_server_backend_append_audit     (LimnServerBackend          *self,
                                                           const LimnServerPrincipal  *principal,
                                                           const char                 *action,
                                                           const char                 *detail_json,
                                                           GError                    **error);
char                *limn_server_backend_create_user      (LimnServerBackend          *self,
                                                           const char                 *name,
                                                           GError                    **error);
char                *limn_server_backend_find_user        (LimnServerBackend          *self,
                                                           const char                 *name,
                                                           GError                    **error);
char                *limn_server_backend_create_project   (LimnServerBackend          *self,
                                                           const char                 *name,
                                                           const char                 *kind,
                                                           const char * const         *label_names,
                                                           const char                 *guidelines,
                                                           GError                    **error);
gboolean             limn_server_backend_add_tasks        (LimnServerBackend          *self,
                                                           const char                 *project_id,
                                                           GPtrArray                  *tasks,
                                                           guint                      *n_added,
                                                           guint                      *n_skipped,
                                                           GError                    **error);
char                *limn_server_backend_issue_token      (LimnServerBackend          *self,
                                                           const char                 *user_id,
                                                           const char                 *project_id,
                                                           LimnServerRole              role,
                                                           const char                 *token_sha256,
                                                           GError                    **error);
gboolean             limn_server_backend_revoke_token     (LimnServerBackend          *self,
                                                           const char                 *token_id,
                                                           GError                    **error);
gboolean             limn_server_backend_set_gold         (LimnServerBackend          *self,
                                                           const char                 *project_id,
                                                           const char                 *task_id,
                                                           const char                 *answer_json,
                                                           GError                    **error);
gboolean             limn_server_backend_update_settings  (LimnServerBackend          *self,
                                                           const char                 *project_id,
                                                           const LimnServerSettings   *settings,
                                                           GError                    **error);
GPtrArray           *limn_server_backend_project_status   (LimnServerBackend          *self,
                                                           const char                 *project_id,
                                                           GError                    **error);

G_END_DECLS
