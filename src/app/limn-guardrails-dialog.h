/* limn-guardrails-dialog.h
 *
 * What the project's guardrails found when the annotator submitted
 * (docs/guardrails.md), in words, one row a finding; choosing a row emits
 * ::finding-activated with the first region it concerns, so the page
 * selects it. With any `block` finding only "back" is possible; with
 * warnings only, "submit" (Submit Anyway) once a reason is typed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LIMN_TYPE_GUARDRAILS_DIALOG (limn_guardrails_dialog_get_type ())

G_DECLARE_FINAL_TYPE (LimnGuardrailsDialog, limn_guardrails_dialog, LIMN, GUARDRAILS_DIALOG,
                      AdwMessageDialog)

/* @findings: LimnGuardrailFinding, kept (a reference). */
GtkWidget  *limn_guardrails_dialog_new          (GtkWindow            *parent,
                                                 GPtrArray            *findings);
gboolean    limn_guardrails_dialog_get_blocked  (LimnGuardrailsDialog *self);
/* The reason typed, trimmed (empty when none). */
char       *limn_guardrails_dialog_dup_reason   (LimnGuardrailsDialog *self);
/* The ids of the rules overridden, once each, in finding order. */
GStrv       limn_guardrails_dialog_dup_rule_ids (LimnGuardrailsDialog *self);
guint       limn_guardrails_dialog_get_n_findings (LimnGuardrailsDialog *self);
GtkWidget  *limn_guardrails_dialog_get_list     (LimnGuardrailsDialog *self);
GtkWidget  *limn_guardrails_dialog_get_reason_entry (LimnGuardrailsDialog *self);

G_END_DECLS
