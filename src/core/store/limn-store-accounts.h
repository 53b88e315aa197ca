/* limn-store-accounts.h
 *
 * The store's record of servers: accounts and their sync state, and which
 * projects are remote. Called on the writer thread only (by
 * sync/limn-sync-jobs.c, and by the paths that queue work for the server).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "limn-store.h"
#include "sync/limn-wire.h"

G_BEGIN_DECLS

typedef struct
{
  char     *id;
  char     *server_url;
  char     *project_id;      /* the token's project, or NULL (server admin) */
  char     *user_id;
  char     *user_name;
  char     *role;
  char     *token_ref;       /* "secret-service" or "file" */
  gboolean  allow_insecure;
  char     *cursor;          /* of the change feed */
  gint64    last_success_us;
  char     *last_error;
} LimnAccount;

void         limn_account_free (LimnAccount *account);
LimnAccount *limn_account_copy (const LimnAccount *account);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnAccount, limn_account_free)

/* Remote projects. The set is cached per connection. */
gboolean     limn_store_is_remote_project    (LimnStore           *self,
                                              const char          *project_id);
GHashTable  *limn_store_get_remote_projects  (LimnStore           *self,
                                              GError             **error);
gboolean     limn_store_set_project_remote   (LimnStore           *self,
                                              const char          *project_id,
                                              const char          *server_url,
                                              const char          *settings_json,
                                              GError             **error);
/* What a project hides from its annotators (its settings'
 * hidden_task_fields: title, suggestions, suggestion_scores, language),
 * removed from the tasks of @project_id this store already holds, so the
 * app shows none of it: titles become "" (shown as "Task N"), suggestions
 * go, or lose their score and model, languages become unknown. Unknown
 * names are skipped. */
gboolean     limn_store_hide_task_fields     (LimnStore           *self,
                                              const char          *project_id,
                                              const char * const  *fields,
                                              GError             **error);
gboolean     limn_store_project_exists       (LimnStore           *self,
                                              const char          *project_id);
/* The user name this client signed in with on @project_id's server, in
 * *@user_name (NULL: a local project, or no account there). */
gboolean     limn_store_project_user_name    (LimnStore           *self,
                                              const char          *project_id,
                                              char               **user_name,
                                              GError             **error);

/* Accounts and sync state */
LimnAccount *limn_store_ensure_account       (LimnStore           *self,
                                              const char          *server_url,
                                              const LimnWireMe    *me,
                                              const char          *token_ref,
                                              gboolean             allow_insecure,
                                              GError             **error);
/* @account_id: (nullable): NULL loads the most recently used account. */
LimnAccount *limn_store_load_account         (LimnStore           *self,
                                              const char          *account_id,
                                              GError             **error);
gboolean     limn_store_delete_account       (LimnStore           *self,
                                              const char          *account_id,
                                              GError             **error);
gboolean     limn_store_set_sync_outcome     (LimnStore           *self,
                                              const char          *account_id,
                                              gint64               success_us,
                                              const char          *error_message,
                                              GError             **error);
gboolean     limn_store_set_cursor           (LimnStore           *self,
                                              const char          *account_id,
                                              const char          *cursor,
                                              GError             **error);

G_END_DECLS
