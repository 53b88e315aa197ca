/* limn-server-admin-private.h
 *
 * What the admin commands share: their parsed arguments, the checks every
 * command makes of them, and opening the store. One file per group of
 * commands (limn-server-admin-projects.c, -accounts.c, -report.c); the
 * table of commands, their usage and the dispatch are in
 * limn-server-admin.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "backend/limn-server-backend.h"
#include "limn-server-media.h"

G_BEGIN_DECLS

#define LIMN_ADMIN_ERROR (limn_admin_error_quark ())

GQuark limn_admin_error_quark (void);

typedef struct
{
  char       *data_dir;
  char       *database;    /* --database URI, else the file in data_dir */
  char       *media;       /* --media DIR or URI, else data_dir/media */
  GHashTable *options;     /* "name" (without --) -> value */
  GPtrArray  *words;       /* the command, e.g. "project", "create" */
  gboolean    help;        /* --help or -h was given */
  int         status;      /* the exit status of a command that succeeded (0) */
} LimnAdminArgs;

/* Sets @error to the message and returns FALSE. */
gboolean           limn_admin_fail              (GError            **error,
                                                 const char         *format,
                                                 ...) G_GNUC_PRINTF (2, 3);
/* Refuses options the command does not know, so a typo is not silently
 * ignored. @known is NULL-terminated. */
gboolean           limn_admin_check_options     (LimnAdminArgs      *args,
                                                 const char * const *known,
                                                 GError            **error);
const char        *limn_admin_opt               (LimnAdminArgs      *args,
                                                 const char         *name);
gboolean           limn_admin_require           (LimnAdminArgs      *args,
                                                 const char         *name,
                                                 const char        **out,
                                                 GError            **error);
gboolean           limn_admin_check_name        (const char         *name,
                                                 const char         *what,
                                                 GError            **error);
/* An absent option leaves *@out at -1. */
gboolean           limn_admin_parse_int_option  (LimnAdminArgs      *args,
                                                 const char         *name,
                                                 gint64              min,
                                                 gint64              max,
                                                 gint64             *out,
                                                 GError            **error);
gboolean           limn_admin_parse_rate_option (LimnAdminArgs      *args,
                                                 const char         *name,
                                                 double             *out,
                                                 GError            **error);
char              *limn_admin_read_text_file    (const char         *path,
                                                 const char         *what,
                                                 GError            **error);
LimnServerBackend *limn_admin_open_backend      (LimnAdminArgs      *args,
                                                 GError            **error);
LimnServerMedia   *limn_admin_open_media        (LimnAdminArgs      *args,
                                                GError            **error);

/* The commands, each one backend transaction. */
gboolean limn_admin_cmd_project_create (LimnAdminArgs  *args,
                                        GError        **error);
gboolean limn_admin_cmd_project_set    (LimnAdminArgs  *args,
                                        GError        **error);
gboolean limn_admin_cmd_task_add       (LimnAdminArgs  *args,
                                        GError        **error);
gboolean limn_admin_cmd_gold_set       (LimnAdminArgs  *args,
                                        GError        **error);
gboolean limn_admin_cmd_user_add       (LimnAdminArgs  *args,
                                        GError        **error);
gboolean limn_admin_cmd_token_issue    (LimnAdminArgs  *args,
                                        GError        **error);
gboolean limn_admin_cmd_token_revoke   (LimnAdminArgs  *args,
                                        GError        **error);
gboolean limn_admin_cmd_status         (LimnAdminArgs  *args,
                                        GError        **error);
gboolean limn_admin_cmd_inspect        (LimnAdminArgs  *args,
                                        GError        **error);
gboolean limn_admin_cmd_stats          (LimnAdminArgs  *args,
                                        GError        **error);
/* limn-server-admin-database.c */
gboolean limn_admin_cmd_migrate        (LimnAdminArgs  *args,
                                        GError        **error);
gboolean limn_admin_cmd_backup         (LimnAdminArgs  *args,
                                        GError        **error);

/* limn-server-admin-erase.c */
gboolean limn_admin_cmd_erase_annotator (LimnAdminArgs  *args,
                                         GError        **error);

/* limn-server-admin-review.c */
gboolean limn_admin_cmd_flags_list         (LimnAdminArgs  *args,
                                            GError        **error);
gboolean limn_admin_cmd_queue_list         (LimnAdminArgs  *args,
                                            GError        **error);
gboolean limn_admin_cmd_guidelines_publish (LimnAdminArgs  *args,
                                            GError        **error);
gboolean limn_admin_cmd_labels_add         (LimnAdminArgs  *args,
                                            GError        **error);
gboolean limn_admin_cmd_labels_rename      (LimnAdminArgs  *args,
                                            GError        **error);
gboolean limn_admin_cmd_labels_retire      (LimnAdminArgs  *args,
                                            GError        **error);
gboolean limn_admin_cmd_labels_translate   (LimnAdminArgs  *args,
                                            GError        **error);
gboolean limn_admin_cmd_reviewer_set       (LimnAdminArgs  *args,
                                            GError        **error);

/* limn-server-admin-datasets.c */
gboolean limn_admin_cmd_dataset_create     (LimnAdminArgs  *args,
                                            GError        **error);
gboolean limn_admin_cmd_dataset_list       (LimnAdminArgs  *args,
                                            GError        **error);
gboolean limn_admin_cmd_dataset_show       (LimnAdminArgs  *args,
                                            GError        **error);
gboolean limn_admin_cmd_export             (LimnAdminArgs  *args,
                                            GError        **error);
gboolean limn_admin_cmd_import             (LimnAdminArgs  *args,
                                            GError        **error);

/* limn-server-admin-campaigns.c */
gboolean limn_admin_cmd_campaign_preview   (LimnAdminArgs  *args,
                                            GError        **error);
gboolean limn_admin_cmd_campaign_propose   (LimnAdminArgs  *args,
                                            GError        **error);
gboolean limn_admin_cmd_campaign_approve   (LimnAdminArgs  *args,
                                            GError        **error);
gboolean limn_admin_cmd_campaign_status    (LimnAdminArgs  *args,
                                            GError        **error);
gboolean limn_admin_cmd_campaign_finish    (LimnAdminArgs  *args,
                                            GError        **error);
gboolean limn_admin_cmd_campaign_rollback  (LimnAdminArgs  *args,
                                            GError        **error);
gboolean limn_admin_cmd_campaign_cancel    (LimnAdminArgs  *args,
                                            GError        **error);
gboolean limn_admin_cmd_campaign_list      (LimnAdminArgs  *args,
                                            GError        **error);

/* limn-server-admin-experiments.c */
gboolean limn_admin_cmd_experiment_start   (LimnAdminArgs  *args,
                                            GError        **error);
gboolean limn_admin_cmd_experiment_status  (LimnAdminArgs  *args,
                                            GError        **error);
gboolean limn_admin_cmd_experiment_result  (LimnAdminArgs  *args,
                                            GError        **error);
gboolean limn_admin_cmd_experiment_accept  (LimnAdminArgs  *args,
                                            GError        **error);
gboolean limn_admin_cmd_experiment_reject  (LimnAdminArgs  *args,
                                            GError        **error);

G_END_DECLS
