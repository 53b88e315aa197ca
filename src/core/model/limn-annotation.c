/* limn-annotation.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-model"

#include "config.h"

#include "limn-annotation.h"

G_DEFINE_BOXED_TYPE (LimnAnnotation, limn_annotation, limn_annotation_ref, limn_annotation_unref)

LimnAnnotation *
limn_annotation_new (const char *id,
                     const char *task_id,
                     const char *annotator)
{
  LimnAnnotation *self = g_atomic_rc_box_new0 (LimnAnnotation);

  self->id = id ? g_strdup (id) : g_uuid_string_random ();
  self->task_id = g_strdup (task_id);
  self->annotator = g_strdup (annotator);
  self->revision = 1;
  self->state = LIMN_ANNOTATION_DRAFT;
  self->confidence = LIMN_CONFIDENCE_UNSET;
  self->regions = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_region_unref);
  self->rejected = g_ptr_array_new_with_free_func (g_free);

  return self;
}

/* A fresh, unshared copy; regions are shared (they are immutable). */
LimnAnnotation *
limn_annotation_dup (const LimnAnnotation *annotation)
{
  LimnAnnotation *self = g_atomic_rc_box_new0 (LimnAnnotation);

  *self = *annotation;
  self->id = g_strdup (annotation->id);
  self->task_id = g_strdup (annotation->task_id);
  self->annotator = g_strdup (annotation->annotator);
  self->author = g_strdup (annotation->author);
  self->parent_id = g_strdup (annotation->parent_id);
  self->regions = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_region_unref);
  for (guint i = 0; i < annotation->regions->len; i++)
    g_ptr_array_add (self->regions, limn_region_ref (g_ptr_array_index (annotation->regions, i)));
  self->rejected = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < annotation->rejected->len; i++)
    g_ptr_array_add (self->rejected, g_strdup (g_ptr_array_index (annotation->rejected, i)));

  return self;
}

/* The next revision of a submitted (or skipped) one: a fresh draft with the
 * same regions (same ids, so revisions can be diffed region by region). */
LimnAnnotation *
limn_annotation_new_revision (const LimnAnnotation *parent)
{
  LimnAnnotation *self = limn_annotation_dup (parent);

  g_free (self->id);
  self->id = g_uuid_string_random ();
  g_free (self->parent_id);
  self->parent_id = g_strdup (parent->id);
  self->revision = parent->revision + 1;
  g_clear_pointer (&self->author, g_free);
  self->state = LIMN_ANNOTATION_DRAFT;
  self->created_us = 0;
  self->updated_us = 0;
  self->submitted_us = 0;

  return self;
}

LimnAnnotation *
limn_annotation_ref (LimnAnnotation *annotation)
{
  g_return_val_if_fail (annotation != NULL, NULL);
  return g_atomic_rc_box_acquire (annotation);
}

static void
annotation_clear (gpointer data)
{
  LimnAnnotation *self = data;

  g_free (self->id);
  g_free (self->task_id);
  g_free (self->annotator);
  g_free (self->author);
  g_free (self->parent_id);
  g_clear_pointer (&self->regions, g_ptr_array_unref);
  g_clear_pointer (&self->rejected, g_ptr_array_unref);
}

void
limn_annotation_unref (LimnAnnotation *annotation)
{
  g_return_if_fail (annotation != NULL);
  g_atomic_rc_box_release_full (annotation, annotation_clear);
}

const LimnRegion *
limn_annotation_lookup_region (const LimnAnnotation *annotation,
                               const char           *region_id)
{
  for (guint i = 0; i < annotation->regions->len; i++)
    {
      const LimnRegion *region = g_ptr_array_index (annotation->regions, i);

      if (g_strcmp0 (region->id, region_id) == 0)
        return region;
    }

  return NULL;
}

static const char * const state_names[] = {
  [LIMN_ANNOTATION_DRAFT] = "draft",
  [LIMN_ANNOTATION_SUBMITTED] = "submitted",
  [LIMN_ANNOTATION_SKIPPED] = "skipped",
  [LIMN_ANNOTATION_CONFLICTED] = "conflicted",
};

const char *
limn_annotation_state_to_string (LimnAnnotationState state)
{
  if ((guint)state < G_N_ELEMENTS (state_names))
    return state_names[state];
  return "draft";
}

gboolean
limn_annotation_state_from_string (const char          *str,
                                   LimnAnnotationState *state)
{
  for (guint i = 0; i < G_N_ELEMENTS (state_names); i++)
    if (g_strcmp0 (str, state_names[i]) == 0)
      {
        *state = i;
        return TRUE;
      }

  return FALSE;
}
