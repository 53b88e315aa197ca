/* limn-wire-private.h
 *
 * What the wire's parsers share (limn-wire-parse.c, limn-wire-review.c,
 * limn-wire-labels.c):
 * the answer's root, its faults, labels, regions and tasks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "limn-wire.h"
#include "text/limn-text-index.h"

G_BEGIN_DECLS

/* What a region must fit: the task's kind, its image or text when known
 * here (0 or NULL: checked later), the project's labels (NULL: later). */
typedef struct
{
  LimnTaskKind   kind;
  double         width;
  double         height;
  LimnTextIndex *text;
  LimnProject   *project;
  gboolean       suggestion;
} LimnWireRegionRules;

/* A fault of the answer's own; returns %FALSE. */
gboolean            limn_wire_bad             (GError             **error,
                                               const char          *ctx,
                                               const char          *member,
                                               const char          *problem);
JsonObject         *limn_wire_parse_root      (GBytes              *body,
                                               GError             **error);
/* Turns a reader's fault into LIMN_SYNC_ERROR_BAD_RESPONSE. */
gpointer            limn_wire_answer_checked  (gpointer             value,
                                               GError             **error);
/* Optional @member of @o, language tag → text (at most @max_len bytes),
 * into @into; FALSE with @error naming it for anything else. */
gboolean            limn_wire_read_translations (JsonObject        *o,
                                                 const char        *member,
                                                 gsize              max_len,
                                                 GHashTable        *into,
                                                 const char        *where,
                                                 GError           **error);
GPtrArray          *limn_wire_parse_labels    (JsonArray           *array,
                                               const char          *ctx,
                                               GError             **error);
/* @array may be %NULL (none). */
GPtrArray          *limn_wire_parse_regions   (JsonArray           *array,
                                               const char          *ctx,
                                               const LimnWireRegionRules *rules,
                                               GError             **error);
/* A task object; the result's assignment_id is unset. @index_out: the
 * text's index for a text task (checks of spans against it). */
LimnWireAssignment *limn_wire_parse_task      (JsonObject          *t,
                                               const char          *tctx,
                                               const char          *project_id,
                                               LimnProject         *project,
                                               LimnTextIndex      **index_out,
                                               GError             **error);
/* The kinds of limn-wire-review.c; any other is a newer server's
 * (LIMN_WIRE_CHANGE_UNKNOWN, not an error). */
gboolean            limn_wire_parse_review_change (LimnWireChange  *c,
                                                   const char      *kind,
                                                   JsonObject      *data,
                                                   const char      *ctx,
                                                   GError         **error);

G_END_DECLS
