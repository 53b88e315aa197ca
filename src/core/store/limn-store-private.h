/* limn-store-private.h
 *
 * What the facets of the store (limn-store-*.c) share: the object, whose
 * connection (store/limn-sqlite.h) prepares their statements, runs their
 * transactions and words their errors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "limn-sqlite.h"
#include "limn-store.h"

G_BEGIN_DECLS

struct _LimnStore
{
  GObject     parent_instance;

  LimnSqlite *sql;
  char       *annotator;
  int         schema_version;
};

sqlite3      *limn_store_get_db       (LimnStore    *self);

/* Negative means "unset" throughout Limn (confidence, score). */
void          limn_store_bind_double_or_null (sqlite3_stmt *stmt,
                                              int           index,
                                              double        value);

/* A label by id: added, or renamed and changed in place (its id, which
 * regions refer to, never changes). ?1 id, ?2 project, ?3 position, ?4
 * name, ?5 color, ?6 hotkey, ?7 description, ?8 the time it is retired at
 * (limn_store_bind_retired(); a label retired before keeps its time). */
#define LIMN_STORE_UPSERT_LABEL \
  "INSERT INTO labels (id, project_id, position, name, color, hotkey, description, retired_us, " \
  "                    names, descriptions) " \
  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) " \
  "ON CONFLICT (id) DO UPDATE SET position = excluded.position, " \
  "  name = excluded.name, color = excluded.color, " \
  "  hotkey = excluded.hotkey, description = excluded.description, " \
  "  names = excluded.names, descriptions = excluded.descriptions, " \
  "  retired_us = CASE WHEN excluded.retired_us IS NULL THEN NULL " \
  "                    ELSE IFNULL (retired_us, excluded.retired_us) END"

void          limn_store_bind_translations (sqlite3_stmt *stmt,
                                            int           index,
                                            LimnLabel    *label);
void          limn_store_bind_retired (sqlite3_stmt *stmt,
                                       int           index,
                                       LimnLabel    *label);

/* JSON columns (limn-store-json.c): string vectors and pinned comments. */
char         *limn_store_strv_to_json       (const char * const *strv);
GStrv         limn_store_strv_from_json     (const char         *json);
char         *limn_store_comments_to_json   (GPtrArray          *comments);
/* Appends LimnReviewComment to @out; a column that is not the JSON this
 * store writes is an error (LIMN_STORE_ERROR_CORRUPT). */
gboolean      limn_store_comments_from_json (const char         *json,
                                             GPtrArray          *out,
                                             GError            **error);

/* Queues a frozen batch item (limn-store-outbox.c); the first copy of an
 * id stands. */
gboolean      limn_store_outbox_queue_item  (LimnStore          *self,
                                             const char         *kind,
                                             const char         *item_id,
                                             const char         *project_id,
                                             const char         *payload,
                                             GError            **error);

/* A submitted revision received from the server (a correction, others'
 * revisions for a reviewer): inserted once, never over one already here;
 * a parent this store does not hold is not linked (foreign key). */
gboolean      limn_store_save_received_annotation (LimnStore      *self,
                                                   LimnAnnotation *annotation,
                                                   GError        **error);

/* The import's writes on a task this import just made (limn-store-projects.c,
 * limn-store-annotations.c): limn_store_insert_task() says whether the
 * row is new; on a new one there is nothing to read or delete first. */
gboolean      limn_store_insert_task        (LimnStore          *self,
                                             LimnTask           *task,
                                             const char         *text,
                                             gboolean           *inserted,
                                             GError            **error);
gboolean      limn_store_add_first_annotation (LimnStore        *self,
                                               LimnAnnotation   *annotation,
                                               GError          **error);

/* A flag from the server (a thread, an item's flags): added unread, or its
 * state updated (limn-store-review.c). */
gboolean      limn_store_save_server_flag   (LimnStore          *self,
                                             const char         *project_id,
                                             const LimnFlag     *flag,
                                             GError            **error);

/* The schema's migrations (limn-store-schema.c). */
const LimnSqliteSchema *limn_store_get_schema (void);

G_END_DECLS
