/* limn-project.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "limn-label.h"

G_BEGIN_DECLS

typedef enum
{
  LIMN_PROJECT_IMAGE,
  LIMN_PROJECT_TEXT,
  LIMN_PROJECT_BOTH,
} LimnProjectKind;

#define LIMN_DEFAULT_CONFIDENCE_STEPS 5

#define LIMN_TYPE_PROJECT (limn_project_get_type ())

G_DECLARE_FINAL_TYPE (LimnProject, limn_project, LIMN, PROJECT, GObject)

LimnProject     *limn_project_new                  (const char      *id,
                                                    const char      *name,
                                                    LimnProjectKind  kind);
const char      *limn_project_get_id               (LimnProject     *self);
const char      *limn_project_get_name             (LimnProject     *self);
LimnProjectKind  limn_project_get_kind             (LimnProject     *self);
GListModel      *limn_project_get_labels           (LimnProject     *self);
void             limn_project_add_label            (LimnProject     *self,
                                                    LimnLabel       *label);
LimnLabel       *limn_project_lookup_label         (LimnProject     *self,
                                                    const char      *label_id);
LimnLabel       *limn_project_lookup_label_by_name (LimnProject     *self,
                                                    const char      *name);
LimnLabel       *limn_project_lookup_hotkey        (LimnProject     *self,
                                                    const char      *hotkey);
const char      *limn_project_get_guidelines       (LimnProject     *self);
gint64           limn_project_get_guideline_version (LimnProject    *self);
void             limn_project_set_guidelines       (LimnProject     *self,
                                                    gint64           version,
                                                    const char      *markdown);
/* The current guidelines in other languages, by BCP 47 tag
 * (limn-translations.h); setting the guidelines clears them. */
GHashTable      *limn_project_get_guidelines_translations (LimnProject *self);
const char      *limn_project_get_display_guidelines (LimnProject        *self,
                                                      const char * const *languages);
/* The project's guardrails, the JSON object of docs/guardrails.md as
 * text, or NULL for none (limn-guardrails.h reads it). */
const char      *limn_project_get_guardrails       (LimnProject     *self);
void             limn_project_set_guardrails       (LimnProject     *self,
                                                    const char      *json);
guint            limn_project_get_confidence_steps (LimnProject     *self);
void             limn_project_set_confidence_steps (LimnProject     *self,
                                                    guint            steps);
/* The team server a project came from (claims set it); NULL for local ones. */
const char      *limn_project_get_server_url       (LimnProject     *self);
void             limn_project_set_server_url       (LimnProject     *self,
                                                    const char      *server_url);
const char      *limn_project_get_source_path      (LimnProject     *self);
void             limn_project_set_source_path      (LimnProject     *self,
                                                    const char      *path);

double           limn_confidence_for_step          (guint            step,
                                                    guint            n_steps);
guint            limn_confidence_to_step           (double           confidence,
                                                    guint            n_steps);

const char      *limn_project_kind_to_string       (LimnProjectKind  kind);
gboolean         limn_project_kind_from_string     (const char      *str,
                                                    LimnProjectKind *kind);

G_END_DECLS
