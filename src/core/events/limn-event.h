/* limn-event.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Event types as stored (design §3). Strings, not an enum, so a newer
 * client's types survive a round trip through an older store. */
#define LIMN_EVENT_SESSION_STARTED     "session_started"
#define LIMN_EVENT_TASK_OPENED         "task_opened"
#define LIMN_EVENT_TASK_CLOSED         "task_closed"
#define LIMN_EVENT_REGION_CREATED      "region_created"
#define LIMN_EVENT_REGION_MOVED        "region_moved"
#define LIMN_EVENT_REGION_RESIZED      "region_resized"
#define LIMN_EVENT_LABEL_CHANGED       "label_changed"
#define LIMN_EVENT_REGION_DELETED      "region_deleted"
#define LIMN_EVENT_CONFIDENCE_SET      "confidence_set"
#define LIMN_EVENT_SUGGESTION_ACCEPTED "suggestion_accepted"
#define LIMN_EVENT_SUGGESTION_REJECTED "suggestion_rejected"
#define LIMN_EVENT_UNDO                "undo"
#define LIMN_EVENT_REDO                "redo"
#define LIMN_EVENT_FLAG_RAISED         "flag_raised"
#define LIMN_EVENT_SKIP                "skip"
#define LIMN_EVENT_SUBMIT              "submit"
#define LIMN_EVENT_REVISION_STARTED    "revision_started"   /* editing a submitted task again */
/* Submitted despite `warn` findings of the project's guardrails, with a
 * reason: {"rules": [ids], "reason", "findings"} (docs/guardrails.md). */
#define LIMN_EVENT_GUARDRAIL_OVERRIDE  "guardrail_override"
#define LIMN_EVENT_IDLE_START          "idle_start"
#define LIMN_EVENT_IDLE_END            "idle_end"
#define LIMN_EVENT_FOCUS_LOST          "focus_lost"
#define LIMN_EVENT_FOCUS_GAINED        "focus_gained"
/* A reviewer's actions on a review item (the Review page). */
#define LIMN_EVENT_REVIEW_OPENED       "review_opened"
#define LIMN_EVENT_REVIEW_CLOSED       "review_closed"
#define LIMN_EVENT_REVIEW_COMMENT      "review_comment"
#define LIMN_EVENT_REVIEW_VERDICT      "review_verdict"
#define LIMN_EVENT_REVIEW_CLAIM        "review_claim"

typedef struct _LimnEvent LimnEvent;

/* One user action. Append-only: the store never updates an event row. */
struct _LimnEvent
{
  gint64  seq;          /* local sequence, assigned when committed; 0 before */
  char   *id;           /* UUID */
  char   *session_id;
  char   *annotator;
  char   *project_id;   /* may be NULL for session-wide events */
  char   *task_id;      /* may be NULL for session-wide events */
  char   *type;
  gint64  wall_us;      /* UTC, µs since the epoch */
  gint64  mono_us;      /* g_get_monotonic_time() of this session */
  char   *payload;      /* a JSON object, serialized */
};

#define LIMN_TYPE_EVENT (limn_event_get_type ())

GType      limn_event_get_type (void) G_GNUC_CONST;
LimnEvent *limn_event_new      (const char *type);
LimnEvent *limn_event_copy     (const LimnEvent *event);
void       limn_event_free     (LimnEvent *event);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnEvent, limn_event_free)

G_END_DECLS
