/* limn-wire.h
 *
 * The sync protocol's JSON (docs/api.md), both ways: the server's answers,
 * parsed and checked in full before anything is written (limn-wire-parse.c),
 * and the items the client sends, built deterministically: the same rows
 * always give the same bytes (limn-wire-write.c). A parse either returns a
 * complete value or an error: never a partial result, never an assertion
 * on network input.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "model/limn-annotation.h"
#include "model/limn-message.h"
#include "model/limn-note.h"
#include "model/limn-project.h"
#include "model/limn-review.h"
#include "store/limn-store.h"
#include "limn-sync-error.h"
#include "model/limn-task.h"

G_BEGIN_DECLS

/* Limits on what the client accepts (the server's own limits, docs/api.md,
 * with room for the larger objects it sends). */
#define LIMN_WIRE_MAX_JSON_BYTES     (64 * 1024 * 1024)
#define LIMN_WIRE_MAX_NAME           1024             /* titles, names, reasons' first part */
#define LIMN_WIRE_MAX_FIELD          (64 * 1024)      /* a text field: reasons, descriptions */
#define LIMN_WIRE_MAX_DOCUMENT       (8 * 1024 * 1024) /* a text task, guidelines */
#define LIMN_WIRE_MAX_LABELS         1000
#define LIMN_WIRE_MAX_REGIONS        20000
#define LIMN_WIRE_MAX_CLAIM          200
#define LIMN_WIRE_MAX_CHANGES        1000
#define LIMN_WIRE_MAX_IMAGE_SIDE     100000
#define LIMN_WIRE_MAX_MEDIA_BYTES    ((gint64)2 * 1024 * 1024 * 1024)
#define LIMN_WIRE_MAX_BATCH_ITEMS    5000

typedef struct
{
  char *user_id;
  char *user_name;
  char *role;
  char *project_id;   /* the token's project, or NULL for a server admin */
} LimnWireMe;

typedef struct
{
  LimnProject *project;        /* with labels and current guidelines */
  char        *settings_json;  /* the settings object as received, re-serialized */
  GStrv        hidden_task_fields; /* settings.hidden_task_fields; NULL when none */
} LimnWireProject;

typedef struct
{
  char       *assignment_id;
  gint64      lease_expires_us;
  LimnTask   *task;            /* media_path unset: the client decides where media go */
  char       *text;            /* text tasks */
  gint64      media_size;      /* image tasks: bytes */
  char       *media_mime;
  GPtrArray  *suggestions;     /* LimnRegion, source MODEL */
} LimnWireAssignment;

typedef enum
{
  LIMN_WIRE_APPLIED,
  LIMN_WIRE_DUPLICATE,
  LIMN_WIRE_CONFLICT,
  LIMN_WIRE_REJECTED,
} LimnWireStatus;

typedef struct
{
  char           *id;
  LimnWireStatus  status;
  char           *reason;      /* conflict and rejected */
} LimnWireResult;

typedef enum
{
  LIMN_WIRE_CHANGE_UNKNOWN,    /* a newer server's kind: skipped, cursor still advances */
  LIMN_WIRE_CHANGE_ASSIGNMENT,
  LIMN_WIRE_CHANGE_ASSIGNMENT_EXPIRED,
  LIMN_WIRE_CHANGE_GUIDELINES,
  LIMN_WIRE_CHANGE_LABELS,
  LIMN_WIRE_CHANGE_GOLD,
  LIMN_WIRE_CHANGE_REVIEW,     /* a verdict on my work (docs/review.md) */
  LIMN_WIRE_CHANGE_MESSAGE,    /* a reply in a thread */
  LIMN_WIRE_CHANGE_NOTE,       /* a coaching note for me */
} LimnWireChangeKind;

typedef struct
{
  gint64               seq;
  LimnWireChangeKind   kind;
  char                *project_id;
  char                *task_id;
  char                *assignment_id;
  gint64               lease_expires_us;  /* assignment renewals, or 0 */
  LimnWireAssignment  *assignment;        /* an assignment with its task, when sent in full */
  gint64               version;           /* guidelines */
  char                *body;              /* guidelines */
  GPtrArray           *labels;            /* LimnLabel */
  GPtrArray           *regions;           /* gold: LimnRegion */
  char                *regions_json;      /* gold, re-serialized */
  char                *training_json;     /* gold of a training item: the status, or NULL */
  gboolean             rework;            /* assignment: a sent-back task's lease */
  /* assignment_expired of a relabel campaign taking its rework back: the
   * state the assignment returns to ("submitted" or "accepted"), else NULL */
  char                *restored_state;
  char                *summary;           /* guidelines: what changed, "" if none */
  char                *translations;      /* guidelines: JSON tag -> Markdown, NULL if none */
  gint64               published_us;      /* guidelines, or 0 */
  LimnReviewVerdict   *review;            /* review: reviewer, comments, correction */
  LimnMessage         *message;           /* message */
  LimnNote            *note;              /* note: annotator unset (it is for me) */
} LimnWireChange;

typedef struct
{
  GPtrArray *changes;          /* LimnWireChange, in order */
  char      *cursor;
  gboolean   more;
} LimnWireChanges;

void                limn_wire_me_free          (LimnWireMe         *me);
void                limn_wire_project_free     (LimnWireProject    *project);
void                limn_wire_assignment_free  (LimnWireAssignment *assignment);
void                limn_wire_result_free      (LimnWireResult     *result);
void                limn_wire_change_free      (LimnWireChange     *change);
void                limn_wire_changes_free     (LimnWireChanges    *changes);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnWireMe, limn_wire_me_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnWireProject, limn_wire_project_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnWireAssignment, limn_wire_assignment_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnWireChanges, limn_wire_changes_free)

/* Names */
const char         *limn_wire_status_to_string (LimnWireStatus      status);

/* Parsing the server's answers. */
LimnWireMe         *limn_wire_parse_me         (GBytes             *body,
                                                GError            **error);
LimnWireProject    *limn_wire_parse_project    (GBytes             *body,
                                                const char         *project_id,
                                                GError            **error);
/* @project: labels that suggestions may use. */
GPtrArray          *limn_wire_parse_claims     (GBytes             *body,
                                                LimnProject        *project,
                                                guint               max_count,
                                                GError            **error);
/* The answer to a batch: exactly one result per item, in the same order. */
GPtrArray          *limn_wire_parse_results    (GBytes             *body,
                                                GPtrArray          *item_ids,
                                                GError            **error);
LimnWireChanges    *limn_wire_parse_changes    (GBytes             *body,
                                                guint               limit,
                                                GError            **error);
/* The message of an error answer, if it has the documented shape. */
char               *limn_wire_parse_error      (GBytes             *body);
/* The code of an error answer (NULL if none), and its message in
 * *@message (NULL if none). */
char               *limn_wire_parse_error_code (GBytes             *body,
                                                char              **message);

/* Building items. Same input, same bytes. */
void                limn_wire_append_event     (GString            *out,
                                                const char         *id,
                                                const char         *session_id,
                                                const char         *project_id,
                                                const char         *task_id,
                                                const char         *type,
                                                gint64              wall_us,
                                                gint64              mono_us,
                                                const char         *payload);
char               *limn_wire_annotation_item  (const LimnAnnotation *annotation);
char               *limn_wire_flag_item        (const LimnFlag     *flag);
/* The review items (docs/review.md, "Batch item kinds"). A verdict's
 * correction is sent with its regions; @verdict->comments pinned. */
char               *limn_wire_review_item      (const LimnReviewVerdict *verdict);
char               *limn_wire_message_item     (const LimnMessage  *message);
char               *limn_wire_ack_item         (const char         *id,
                                                const char         *project_id,
                                                gint64              version);
char               *limn_wire_note_item        (const LimnNote     *note);

G_END_DECLS
