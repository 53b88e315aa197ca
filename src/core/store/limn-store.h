/* limn-store.h
 *
 * The local SQLite store: one connection, used by one thread at a time (the
 * app's writer thread owns one; tests and the CLI open their own). All SQL
 * in Limn lives in limn-store*.c, always as prepared statements.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "model/limn-annotation.h"
#include "events/limn-event.h"
#include "model/limn-flag.h"
#include "model/limn-project.h"
#include "model/limn-task.h"

G_BEGIN_DECLS

#define LIMN_STORE_ERROR (limn_store_error_quark ())

typedef enum
{
  LIMN_STORE_ERROR_FAILED,
  LIMN_STORE_ERROR_OPEN,           /* cannot create or open the file */
  LIMN_STORE_ERROR_NEWER_VERSION,  /* written by a newer Limn: refused, untouched */
  LIMN_STORE_ERROR_CORRUPT,        /* not a database, or damaged */
  LIMN_STORE_ERROR_FULL,           /* the disk (or quota) is full */
  LIMN_STORE_ERROR_READ_ONLY,
  LIMN_STORE_ERROR_BUSY,
  LIMN_STORE_ERROR_NOT_FOUND,
  LIMN_STORE_ERROR_INVALID,        /* the data breaks a rule of the schema */
} LimnStoreError;

GQuark limn_store_error_quark (void);

/* The schema this build reads and writes (PRAGMA user_version). */
#define LIMN_STORE_SCHEMA_VERSION 5

/* Assignment states as stored; the task list maps them onto LimnTaskStatus. */
#define LIMN_ASSIGNMENT_NEW          "new"
#define LIMN_ASSIGNMENT_IN_PROGRESS  "in_progress"
#define LIMN_ASSIGNMENT_SUBMITTED    "submitted"
#define LIMN_ASSIGNMENT_SKIPPED      "skipped"

#define LIMN_TYPE_STORE (limn_store_get_type ())

G_DECLARE_FINAL_TYPE (LimnStore, limn_store, LIMN, STORE, GObject)

char           *limn_store_default_path          (void);
LimnStore      *limn_store_open                  (const char      *path,
                                                  GError         **error);
const char     *limn_store_get_path              (LimnStore       *self);
int             limn_store_get_schema_version    (LimnStore       *self);
gboolean        limn_store_check_integrity       (LimnStore       *self,
                                                  GError         **error);
/* Test hook for disk-full faults: caps the file at @pages pages. */
void            limn_store_set_max_pages         (LimnStore       *self,
                                                  gint64           pages);

/* Transactions nest: the outermost is BEGIN IMMEDIATE, inner ones are
 * savepoints, so a store call can run alone or inside a larger write. */
gboolean        limn_store_begin                 (LimnStore       *self,
                                                  GError         **error);
gboolean        limn_store_commit                (LimnStore       *self,
                                                  GError         **error);
void            limn_store_rollback              (LimnStore       *self);

char           *limn_store_get_meta              (LimnStore       *self,
                                                  const char      *key);
gboolean        limn_store_set_meta              (LimnStore       *self,
                                                  const char      *key,
                                                  const char      *value,
                                                  GError         **error);
const char     *limn_store_get_local_annotator   (LimnStore       *self);

/* Projects */
gboolean        limn_store_save_project          (LimnStore       *self,
                                                  LimnProject     *project,
                                                  GError         **error);
LimnProject    *limn_store_load_project          (LimnStore       *self,
                                                  const char      *project_id,
                                                  GError         **error);
GPtrArray      *limn_store_list_projects         (LimnStore       *self,
                                                  GError         **error);

/* Tasks */
gboolean        limn_store_save_task             (LimnStore       *self,
                                                  LimnTask        *task,
                                                  const char      *text,
                                                  GError         **error);
gboolean        limn_store_save_suggestions      (LimnStore       *self,
                                                  const char      *task_id,
                                                  GPtrArray       *suggestions,
                                                  GError         **error);
GPtrArray      *limn_store_list_tasks            (LimnStore       *self,
                                                  const char      *project_id,
                                                  const char      *annotator,
                                                  GError         **error);
LimnTask       *limn_store_load_task             (LimnStore       *self,
                                                  const char      *task_id,
                                                  const char      *annotator,
                                                  GError         **error);
char           *limn_store_load_task_text        (LimnStore       *self,
                                                  const char      *task_id,
                                                  GError         **error);
GPtrArray      *limn_store_load_suggestions      (LimnStore       *self,
                                                  const char      *task_id,
                                                  GError         **error);
guint           limn_store_count_tasks           (LimnStore       *self,
                                                  const char      *project_id,
                                                  GError         **error);

/* Annotations */
gboolean        limn_store_save_annotation       (LimnStore       *self,
                                                  LimnAnnotation  *annotation,
                                                  GError         **error);
LimnAnnotation *limn_store_load_annotation       (LimnStore       *self,
                                                  const char      *annotation_id,
                                                  GError         **error);
LimnAnnotation *limn_store_load_latest           (LimnStore       *self,
                                                  const char      *task_id,
                                                  const char      *annotator,
                                                  GError         **error);
gboolean        limn_store_set_assignment        (LimnStore       *self,
                                                  const char      *task_id,
                                                  const char      *annotator,
                                                  const char      *status,
                                                  GError         **error);
char           *limn_store_get_assignment        (LimnStore       *self,
                                                  const char      *task_id,
                                                  const char      *annotator);

/* Events: append-only; seq is assigned on insert. */
gboolean        limn_store_append_events         (LimnStore       *self,
                                                  GPtrArray       *events,
                                                  GError         **error);
GPtrArray      *limn_store_list_events           (LimnStore       *self,
                                                  const char      *task_id,
                                                  gint64           after_seq,
                                                  guint            limit,
                                                  GError         **error);
gint64          limn_store_count_events          (LimnStore       *self,
                                                  GError         **error);

/* Flags (ambiguity reports) */
gboolean        limn_store_add_flag              (LimnStore       *self,
                                                  const LimnFlag  *flag,
                                                  GError         **error);
GPtrArray      *limn_store_list_flags            (LimnStore       *self,
                                                  const char      *task_id,
                                                  GError         **error);

/* Outbox: what the server must learn, in commit order (the sync issue). */
gboolean        limn_store_outbox_add            (LimnStore       *self,
                                                  const char      *kind,
                                                  const char      *item_id,
                                                  const char      *project_id,
                                                  const char      *payload,
                                                  GError         **error);
gint64          limn_store_outbox_count_pending  (LimnStore       *self,
                                                  GError         **error);

G_END_DECLS
