/* limn-server-records-team.h
 *
 * What the team dashboard reads of a project (docs/metrics.md §9), as
 * one compact table the backend fills in one read: every annotator's
 * first answer to every task with the labels of its regions, the first
 * verdict on it, and the time of every review; ids are interned, so a
 * project of 200,000 answers is a few megabytes. And the alerts the
 * server keeps.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  LIMN_SERVER_VERDICT_NONE = -1,
  LIMN_SERVER_VERDICT_ACCEPT,
  LIMN_SERVER_VERDICT_CORRECT,
  LIMN_SERVER_VERDICT_SEND_BACK,
} LimnServerVerdict;

/* One annotator's first answer to one task: the first revision the
 * server received from them (not a reviewer's correction). */
typedef struct
{
  guint              task;               /* index into task_ids */
  guint              annotator;          /* index into annotators */
  gint64             received_us;
  gint64             guideline_version;  /* -1: not given */
  double             confidence;         /* -1: not given */
  gint64             active_ms;
  guint              first_region;       /* into region_labels */
  guint              n_regions;
  gboolean           model;              /* a region came from a model suggestion */
  LimnServerVerdict  verdict;            /* the first applied verdict on their work on the task */
  gint64             verdict_us;
  char              *regions;            /* the regions as stored, for gold tasks only */
} LimnServerTeamAnswer;

typedef struct
{
  GPtrArray *task_ids;       /* every task of the project, by position */
  GArray    *task_gold;      /* gboolean per task */
  GPtrArray *gold_answers;   /* per task: the gold answer's text, NULL when not gold */
  GPtrArray *annotators;     /* user ids, in order of first answer */
  GPtrArray *labels;         /* label ids met in regions, in order met */
  GArray    *answers;        /* LimnServerTeamAnswer, by task then annotator */
  GArray    *region_labels;  /* guint, index into labels, per region */
  GArray    *review_times;   /* gint64: created_us of every applied review, ascending */
} LimnServerTeamData;

LimnServerTeamData *limn_server_team_data_new      (void);
void                limn_server_team_data_free     (LimnServerTeamData *data);
/* Interns @id in @array (through @index, id → position + 1). */
guint               limn_server_team_data_intern   (GPtrArray          *array,
                                                    GHashTable         *index,
                                                    const char         *id);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnServerTeamData, limn_server_team_data_free)

/* What every backend's read of the team data collects, and the steps it
 * shares once the rows are in: only the reading is the backend's own.
 * @order is the backend's order of arrival (SQLite's rowid, PostgreSQL's
 * recv_seq), which breaks ties. */
typedef struct
{
  guint task;        /* G_MAXUINT: a review of another project's annotation */
  guint annotator;
} LimnServerTeamOwner;

typedef struct
{
  guint             reviewed;   /* into the owners */
  LimnServerVerdict verdict;
  gint64            at;
  gint64            order;
} LimnServerTeamVerdict;

/* A submitted revision by its annotator, before the first is chosen. */
typedef struct
{
  LimnServerTeamAnswer answer;
  gint64               revision;
  gint64               order;
} LimnServerTeamCandidate;

/* Appends the labels of a comma-separated region summary to @answer. */
void                limn_server_team_data_add_region_labels (LimnServerTeamData   *data,
                                                             LimnServerTeamAnswer *answer,
                                                             const char           *summary);
/* Groups @candidates by task (a counting sort) and keeps, per task and
 * annotator, the lowest revision (then the first to arrive) as the
 * answer; the others' regions are freed. */
void                limn_server_team_data_keep_first_answers (LimnServerTeamData *data,
                                                              GArray             *candidates);
/* The verdicts on the project's answers in time order: each answer's
 * first verdict, and every review's time. */
void                limn_server_team_data_apply_verdicts (LimnServerTeamData *data,
                                                          GArray             *owners,
                                                          GArray             *verdicts);

/* An alert as kept: one row from the time it fires until it clears. */
typedef struct
{
  char   *id;
  char   *project_id;
  char   *kind;          /* agreement_low | annotator_drift | label_overuse | gold_drop */
  char   *key;           /* what it is about, for matching it again (label id, user id…) */
  char   *subject;       /* as shown: a label name, a pseudonym, "team" */
  double  value;         /* NaN: none */
  double  threshold;
  char   *message;       /* English */
  char   *data;          /* JSON object text: more for people */
  gint64  since_us;
  gint64  updated_us;
  gint64  cleared_us;    /* 0: active */
} LimnServerAlert;

LimnServerAlert *limn_server_alert_copy (const LimnServerAlert *alert);
void             limn_server_alert_free (LimnServerAlert       *alert);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnServerAlert, limn_server_alert_free)

G_END_DECLS
