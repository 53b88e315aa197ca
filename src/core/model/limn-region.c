/* limn-region.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-model"

#include "config.h"

#include "limn-region.h"

G_DEFINE_BOXED_TYPE (LimnRegion, limn_region, limn_region_ref, limn_region_unref)

static LimnRegion *
region_alloc (const char     *id,
              LimnRegionKind  kind,
              const char     *label_id)
{
  LimnRegion *self = g_atomic_rc_box_new0 (LimnRegion);

  self->id = id != NULL ? g_strdup (id) : g_uuid_string_random ();
  self->kind = kind;
  self->label_id = g_strdup (label_id);
  self->confidence = LIMN_CONFIDENCE_UNSET;
  self->score = LIMN_SCORE_UNSET;
  self->source = LIMN_REGION_SOURCE_HUMAN;

  return self;
}

/**
 * limn_region_new_box:
 * @id: (nullable): the region's UUID, or %NULL for a fresh one
 * @label_id: the label
 * @box: the box in image pixels
 */
LimnRegion *
limn_region_new_box (const char    *id,
                     const char    *label_id,
                     const LimnBox *box)
{
  LimnRegion *self;

  g_return_val_if_fail (box != NULL, NULL);

  self = region_alloc (id, LIMN_REGION_BOX, label_id);
  self->box = *box;

  return self;
}

/**
 * limn_region_new_span:
 * @id: (nullable): the region's UUID, or %NULL for a fresh one
 * @start: first code point
 * @end: one past the last code point
 * @text: (nullable): the covered text
 */
LimnRegion *
limn_region_new_span (const char *id,
                      const char *label_id,
                      gint64      start,
                      gint64      end,
                      const char *text)
{
  LimnRegion *self = region_alloc (id, LIMN_REGION_SPAN, label_id);

  self->start = start;
  self->end = end;
  self->text = g_strdup (text);

  return self;
}

/* A fresh, unshared copy the caller may edit before handing it on. */
LimnRegion *
limn_region_dup (const LimnRegion *region)
{
  LimnRegion *self;

  g_return_val_if_fail (region != NULL, NULL);

  self = g_atomic_rc_box_new0 (LimnRegion);
  *self = *region;
  self->id = g_strdup (region->id);
  self->label_id = g_strdup (region->label_id);
  self->text = g_strdup (region->text);
  self->model_version = g_strdup (region->model_version);
  self->suggestion_id = g_strdup (region->suggestion_id);

  return self;
}

LimnRegion *
limn_region_ref (LimnRegion *region)
{
  g_return_val_if_fail (region != NULL, NULL);

  return g_atomic_rc_box_acquire (region);
}

static void
region_clear (gpointer data)
{
  LimnRegion *self = data;

  g_free (self->id);
  g_free (self->label_id);
  g_free (self->text);
  g_free (self->model_version);
  g_free (self->suggestion_id);
}

void
limn_region_unref (LimnRegion *region)
{
  g_return_if_fail (region != NULL);

  g_atomic_rc_box_release_full (region, region_clear);
}

gboolean
limn_region_equal (const LimnRegion *a,
                   const LimnRegion *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;

  return a->kind == b->kind &&
         g_strcmp0 (a->id, b->id) == 0 &&
         g_strcmp0 (a->label_id, b->label_id) == 0 &&
         a->confidence == b->confidence &&
         (a->kind == LIMN_REGION_BOX
          ? (a->box.x == b->box.x && a->box.y == b->box.y &&
             a->box.w == b->box.w && a->box.h == b->box.h)
          : (a->start == b->start && a->end == b->end &&
             g_strcmp0 (a->text, b->text) == 0)) &&
         a->source == b->source &&
         a->score == b->score &&
         g_strcmp0 (a->model_version, b->model_version) == 0 &&
         g_strcmp0 (a->suggestion_id, b->suggestion_id) == 0;
}

/* Setters are for a region the caller has just created or duplicated. */
void
limn_region_set_label (LimnRegion *region,
                       const char *label_id)
{
  g_return_if_fail (region != NULL);

  if (region->label_id != label_id)
    {
      g_free (region->label_id);
      region->label_id = g_strdup (label_id);
    }
}

void
limn_region_set_text (LimnRegion *region,
                      const char *text)
{
  g_return_if_fail (region != NULL);

  if (region->text != text)
    {
      g_free (region->text);
      region->text = g_strdup (text);
    }
}

void
limn_region_set_model (LimnRegion *region,
                       double      score,
                       const char *model_version,
                       const char *suggestion_id)
{
  char *version = g_strdup (model_version);
  char *suggestion = g_strdup (suggestion_id);

  g_return_if_fail (region != NULL);

  region->source = LIMN_REGION_SOURCE_MODEL;
  region->score = score;
  g_free (region->model_version);
  region->model_version = version;
  g_free (region->suggestion_id);
  region->suggestion_id = suggestion;
}

const char *
limn_region_kind_to_string (LimnRegionKind kind)
{
  return kind == LIMN_REGION_SPAN ? "span" : "box";
}

JsonArray *
limn_box_to_json (const LimnBox *box)
{
  JsonArray *array = json_array_sized_new (4);

  json_array_add_double_element (array, box->x);
  json_array_add_double_element (array, box->y);
  json_array_add_double_element (array, box->w);
  json_array_add_double_element (array, box->h);

  return array;
}

/**
 * limn_region_to_json:
 *
 * The wire and event-log form of a region: `{"id", "kind", "label", "box":
 * [x, y, w, h]}` or `{…, "start", "end", "text"}`, plus confidence, score,
 * model_version and suggestion_id when set.
 *
 * Returns: (transfer full): a new object
 */
JsonObject *
limn_region_to_json (const LimnRegion *region)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "id", region->id);
  json_object_set_string_member (object, "kind", limn_region_kind_to_string (region->kind));
  json_object_set_string_member (object, "label", region->label_id);

  if (region->kind == LIMN_REGION_BOX)
    json_object_set_array_member (object, "box", limn_box_to_json (&region->box));
  else
    {
      json_object_set_int_member (object, "start", region->start);
      json_object_set_int_member (object, "end", region->end);
      if (region->text != NULL)
        json_object_set_string_member (object, "text", region->text);
    }

  if (region->confidence >= 0)
    json_object_set_double_member (object, "confidence", region->confidence);
  if (region->source == LIMN_REGION_SOURCE_MODEL)
    {
      json_object_set_string_member (object, "source", "model");
      if (region->score >= 0)
        json_object_set_double_member (object, "score", region->score);
      if (region->model_version != NULL)
        json_object_set_string_member (object, "model_version", region->model_version);
      if (region->suggestion_id != NULL)
        json_object_set_string_member (object, "suggestion_id", region->suggestion_id);
    }

  return object;
}
