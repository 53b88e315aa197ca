/* limn-provenance.h
 *
 * The "provenance:" attributes of a region read out of Limn's work (the
 * app's export and the server's dataset versions, docs/formats.md): who
 * drew it, when it was submitted, under which guideline version, who
 * accepted it, and from which model version, so both write them alike.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "limn-dataset.h"

G_BEGIN_DECLS

/* One submitted revision, as far as provenance goes. */
typedef struct
{
  const char *annotator;
  gint64      submitted_us;       /* 0: not known */
  gint64      guideline_version;  /* 0: not known */
  const char *reviewer;           /* who accepted it or whose correction it is, or NULL */
} LimnProvenance;

/* Appends @region's geometry (and text, and id) with @label. */
LimnDatasetRegion *limn_dataset_annotation_add_region (LimnDatasetAnnotation *annotation,
                                                       guint                  label,
                                                       const LimnRegion      *region);
/* Sets "provenance:annotator", "provenance:submitted" (ISO 8601, UTC),
 * "provenance:guideline_version", "provenance:reviewer" (each when known)
 * and, for a region accepted from a pre-label, "provenance:model_version". */
void               limn_provenance_set                (LimnDatasetRegion     *d,
                                                       const LimnProvenance  *provenance,
                                                       const LimnRegion      *region);

G_END_DECLS
