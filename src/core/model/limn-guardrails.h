/* limn-guardrails.h
 *
 * A project's checks before submit (docs/guardrails.md): required labels,
 * degenerate boxes, near-duplicate boxes, spans that cut a word or hold
 * edge white space, forbidden span overlaps, values out of range. Each
 * rule warns or blocks. The app runs them when the annotator submits and
 * the server again on every annotation it receives, from the same rules
 * JSON, so both say the same thing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "limn-project.h"
#include "limn-region.h"
#include "limn-task.h"
#include "text/limn-text-index.h"

G_BEGIN_DECLS

#define LIMN_GUARDRAILS_MAX_RULES 64

typedef enum
{
  LIMN_GUARDRAIL_WARN,
  LIMN_GUARDRAIL_BLOCK,
} LimnGuardrailSeverity;

/* What the rules look at besides the regions. @width/@height: the image's
 * size in pixels (0 when unknown: the "outside the image" part is then
 * skipped). @text: the task's text, for spans (NULL: word and white-space
 * checks are skipped). */
typedef struct
{
  LimnTaskKind   kind;
  double         width;
  double         height;
  LimnTextIndex *text;
} LimnGuardrailsTask;

typedef struct
{
  char                  *rule_id;
  LimnGuardrailSeverity  severity;
  GStrv                  region_ids;  /* the regions concerned; empty for a missing label */
  char                  *message;     /* translated, names labels in words */
} LimnGuardrailFinding;

void limn_guardrail_finding_free (LimnGuardrailFinding *finding);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnGuardrailFinding, limn_guardrail_finding_free)

typedef struct _LimnGuardrails LimnGuardrails;

#define LIMN_TYPE_GUARDRAILS (limn_guardrails_get_type ())

GType           limn_guardrails_get_type      (void) G_GNUC_CONST;

/* Parses the "guardrails" object of a project ({"rules": [...]}), with a
 * message naming the rule and member at fault. Labels are named by their
 * (default) name, as in a project file. */
LimnGuardrails *limn_guardrails_new_from_json (JsonObject      *object,
                                               GError         **error);
LimnGuardrails *limn_guardrails_new_from_string (const char    *json,
                                                 GError       **error);
/* @project's rules bound to its labels, named as limn_label_get_display_name()
 * names them for @languages (NULL: the user's), or NULL without an error
 * when it has none. */
LimnGuardrails *limn_guardrails_new_for_project (LimnProject        *project,
                                                 const char * const *languages,
                                                 GError            **error);
/* The canonical rules JSON of a server's project settings object (its
 * "guardrails" member), or NULL when there are none. Rules this client
 * cannot read (a newer server's) are left out with a warning rather than
 * refusing the project: the server checks them anyway. */
char           *limn_guardrails_from_settings (JsonObject        *settings);
LimnGuardrails *limn_guardrails_ref           (LimnGuardrails  *self);
void            limn_guardrails_unref         (LimnGuardrails  *self);

/* Tells the rules a label's id, its name as the rules spell it, and how to
 * show it to the user (NULL: the name). Labels the rules name but nobody
 * added never match a region. */
void            limn_guardrails_add_label     (LimnGuardrails  *self,
                                               const char      *id,
                                               const char      *name,
                                               const char      *display_name);
/* The label names the rules use that no added label has, or NULL: for an
 * admin who sets rules (a typo would block every submit). */
char           *limn_guardrails_unknown_labels (LimnGuardrails *self);
guint           limn_guardrails_get_n_rules   (LimnGuardrails  *self);
/* The canonical JSON of the rules (what the server stores and sends). */
char           *limn_guardrails_to_string     (LimnGuardrails  *self);

/* Runs every rule over @regions (LimnRegion) and fills *@findings with
 * LimnGuardrailFinding, in rule order (empty when all is well). Cost: one
 * pass a rule, pairs only among boxes or spans of the labels concerned. */
void            limn_guardrails_check         (LimnGuardrails            *self,
                                               const LimnGuardrailsTask  *task,
                                               GPtrArray                 *regions,
                                               GPtrArray                **findings);

/* Whether any finding in @findings blocks. */
gboolean        limn_guardrails_any_block     (GPtrArray                 *findings);

const char     *limn_guardrail_severity_to_string (LimnGuardrailSeverity severity);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnGuardrails, limn_guardrails_unref)

G_END_DECLS
