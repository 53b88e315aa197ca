/* limn-guideline.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-model"

#include "config.h"

#include "limn-guideline.h"

G_DEFINE_BOXED_TYPE (LimnGuideline, limn_guideline, limn_guideline_copy, limn_guideline_free)

LimnGuideline *
limn_guideline_copy (const LimnGuideline *guideline)
{
  LimnGuideline *self = g_new0 (LimnGuideline, 1);

  *self = *guideline;
  self->project_id = g_strdup (guideline->project_id);
  self->body = g_strdup (guideline->body);
  self->summary = g_strdup (guideline->summary);

  return self;
}

void
limn_guideline_free (LimnGuideline *guideline)
{
  if (guideline == NULL)
    return;

  g_free (guideline->project_id);
  g_free (guideline->body);
  g_free (guideline->summary);
  g_free (guideline);
}

gboolean
limn_guideline_is_acked (const LimnGuideline *guideline)
{
  g_return_val_if_fail (guideline != NULL, FALSE);
  return guideline->acked_us > 0;
}
