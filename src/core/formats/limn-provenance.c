/* limn-provenance.c
 *
 * A revision's region into a dataset, with its provenance
 * (limn-provenance.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-formats"

#include "config.h"

#include <inttypes.h>

#include "limn-provenance.h"

LimnDatasetRegion *
limn_dataset_annotation_add_region (LimnDatasetAnnotation *annotation,
                                    guint                  label,
                                    const LimnRegion      *region)
{
  LimnDatasetRegion *d;

  g_return_val_if_fail (annotation != NULL, NULL);
  g_return_val_if_fail (region != NULL, NULL);

  if (region->kind == LIMN_REGION_BOX)
    d = limn_dataset_annotation_add_box (annotation, label, &region->box);
  else
    d = limn_dataset_annotation_add_span (annotation, label, region->start, region->end,
                                          region->text);
  d->id = g_strdup (region->id);

  return d;
}

void
limn_provenance_set (LimnDatasetRegion    *d,
                     const LimnProvenance *provenance,
                     const LimnRegion     *region)
{
  g_return_if_fail (d != NULL);
  g_return_if_fail (provenance != NULL);
  g_return_if_fail (region != NULL);

  limn_attrs_set (&d->attrs, "provenance:annotator", provenance->annotator);
  if (provenance->submitted_us > 0)
    {
      g_autoptr(GDateTime) t = g_date_time_new_from_unix_utc (provenance->submitted_us /
                                                              G_USEC_PER_SEC);
      g_autofree char *when = t ? g_date_time_format_iso8601 (t) : NULL;

      limn_attrs_set (&d->attrs, "provenance:submitted", when);
    }
  if (provenance->guideline_version > 0)
    {
      g_autofree char *v = g_strdup_printf ("%" PRId64, provenance->guideline_version);

      limn_attrs_set (&d->attrs, "provenance:guideline_version", v);
    }
  if (provenance->reviewer != NULL)
    limn_attrs_set (&d->attrs, "provenance:reviewer", provenance->reviewer);
  if (region->source == LIMN_REGION_SOURCE_MODEL)
    limn_attrs_set (&d->attrs, "provenance:model_version",
                    region->model_version ? region->model_version : "");
}
