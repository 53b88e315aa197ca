/* limn-guideline.h
 *
 * One published version of a project's guidelines (Markdown), with what
 * changed since the last one and whether the local annotator has
 * acknowledged reading it. Every annotation records the version it was
 * made under (LimnAnnotation.guideline_version).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct
{
  char     *project_id;
  gint64    version;
  char     *body;           /* Markdown */
  char     *summary;        /* what changed; "" when the server gave none */
  gint64    published_us;
  gint64    acked_us;       /* when acknowledged here, or 0 */
  gboolean  ack_synced;     /* the server has the acknowledgement */
} LimnGuideline;

#define LIMN_TYPE_GUIDELINE (limn_guideline_get_type ())

GType          limn_guideline_get_type  (void) G_GNUC_CONST;
LimnGuideline *limn_guideline_copy      (const LimnGuideline *guideline);
void           limn_guideline_free      (LimnGuideline       *guideline);
/* Acknowledged here (whether or not the server knows yet). */
gboolean       limn_guideline_is_acked  (const LimnGuideline *guideline);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnGuideline, limn_guideline_free)

G_END_DECLS
