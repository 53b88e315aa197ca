/* limn-review-item.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-model"

#include "config.h"

#include "limn-enums.h"
#include "limn-review-item.h"

struct _LimnReviewItem
{
  GObject       parent_instance;

  char         *id;
  char         *project_id;
  char         *task_id;
  char         *annotation_id;
  char         *title;
  char         *state;
  char         *holder;
  GStrv         reasons;
  GStrv         annotators;
  GStrv         labels;
  gint64        created_us;
  gint64        lease_expires_us;
  LimnTaskKind  kind;
  int           min_level;
  guint         leased : 1;
  guint         decided : 1;
  guint         has_draft : 1;
};

G_DEFINE_FINAL_TYPE (LimnReviewItem, limn_review_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_TASK_ID,
  PROP_TITLE,
  PROP_KIND,
  PROP_REASONS,
  PROP_MIN_LEVEL,
  PROP_STATE,
  PROP_HOLDER,
  PROP_ANNOTATORS,
  PROP_LABELS,
  PROP_CREATED_US,
  PROP_LEASED,
  PROP_DECIDED,
  PROP_HAS_DRAFT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
limn_review_item_finalize (GObject *object)
{
  LimnReviewItem *self = (LimnReviewItem *)object;

  g_free (self->id);
  g_free (self->project_id);
  g_free (self->task_id);
  g_free (self->annotation_id);
  g_free (self->title);
  g_free (self->state);
  g_free (self->holder);
  g_strfreev (self->reasons);
  g_strfreev (self->annotators);
  g_strfreev (self->labels);

  G_OBJECT_CLASS (limn_review_item_parent_class)->finalize (object);
}

static void
limn_review_item_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  LimnReviewItem *self = LIMN_REVIEW_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_TASK_ID: g_value_set_string (value, self->task_id); break;
    case PROP_TITLE: g_value_set_string (value, self->title); break;
    case PROP_KIND: g_value_set_enum (value, self->kind); break;
    case PROP_REASONS: g_value_set_boxed (value, self->reasons); break;
    case PROP_MIN_LEVEL: g_value_set_int (value, self->min_level); break;
    case PROP_STATE: g_value_set_string (value, self->state); break;
    case PROP_HOLDER: g_value_set_string (value, self->holder); break;
    case PROP_ANNOTATORS: g_value_set_boxed (value, self->annotators); break;
    case PROP_LABELS: g_value_set_boxed (value, self->labels); break;
    case PROP_CREATED_US: g_value_set_int64 (value, self->created_us); break;
    case PROP_LEASED: g_value_set_boolean (value, self->leased); break;
    case PROP_DECIDED: g_value_set_boolean (value, self->decided); break;
    case PROP_HAS_DRAFT: g_value_set_boolean (value, self->has_draft); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

#define RO (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS)

static void
limn_review_item_class_init (LimnReviewItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = limn_review_item_finalize;
  object_class->get_property = limn_review_item_get_property;

  /* Read-only: a snapshot for list views, their filters and sorters. */
  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, RO);
  properties[PROP_TASK_ID] = g_param_spec_string ("task-id", NULL, NULL, NULL, RO);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, RO);
  properties[PROP_KIND] = g_param_spec_enum ("kind", NULL, NULL, LIMN_TYPE_TASK_KIND, LIMN_TASK_IMAGE, RO);
  properties[PROP_REASONS] = g_param_spec_boxed ("reasons", NULL, NULL, G_TYPE_STRV, RO);
  properties[PROP_MIN_LEVEL] = g_param_spec_int ("min-level", NULL, NULL, 1, 2, 1, RO);
  properties[PROP_STATE] = g_param_spec_string ("state", NULL, NULL, NULL, RO);
  properties[PROP_HOLDER] = g_param_spec_string ("holder", NULL, NULL, NULL, RO);
  properties[PROP_ANNOTATORS] = g_param_spec_boxed ("annotators", NULL, NULL, G_TYPE_STRV, RO);
  properties[PROP_LABELS] = g_param_spec_boxed ("labels", NULL, NULL, G_TYPE_STRV, RO);
  properties[PROP_CREATED_US] = g_param_spec_int64 ("created-us", NULL, NULL, 0, G_MAXINT64, 0, RO);
  properties[PROP_LEASED] = g_param_spec_boolean ("leased", NULL, NULL, FALSE, RO);
  properties[PROP_DECIDED] = g_param_spec_boolean ("decided", NULL, NULL, FALSE, RO);
  properties[PROP_HAS_DRAFT] = g_param_spec_boolean ("has-draft", NULL, NULL, FALSE, RO);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
limn_review_item_init (LimnReviewItem *self)
{
}

LimnReviewItem *
limn_review_item_new (const LimnReviewItemInfo *info)
{
  LimnReviewItem *self;

  g_return_val_if_fail (info != NULL, NULL);

  self = g_object_new (LIMN_TYPE_REVIEW_ITEM, NULL);
  self->id = g_strdup (info->id);
  self->project_id = g_strdup (info->project_id);
  self->task_id = g_strdup (info->task_id);
  self->annotation_id = g_strdup (info->annotation_id);
  self->title = g_strdup (info->title ? info->title : "");
  self->kind = info->kind;
  self->reasons = g_strdupv ((GStrv)info->reasons);
  self->min_level = CLAMP (info->min_level, 1, 2);
  self->state = g_strdup (info->state ? info->state : "open");
  self->holder = g_strdup (info->holder);
  self->annotators = g_strdupv ((GStrv)info->annotators);
  self->labels = g_strdupv ((GStrv)info->labels);
  self->created_us = info->created_us;
  self->lease_expires_us = info->lease_expires_us;
  self->leased = info->leased;
  self->decided = info->decided;
  self->has_draft = info->has_draft;

  /* Never NULL, so callers can iterate. */
  if (self->reasons == NULL)
    self->reasons = g_new0 (char *, 1);
  if (self->annotators == NULL)
    self->annotators = g_new0 (char *, 1);
  if (self->labels == NULL)
    self->labels = g_new0 (char *, 1);

  return self;
}

#define GETTER(type, name, fallback) \
  type \
  limn_review_item_get_##name (LimnReviewItem *self) \
  { \
    g_return_val_if_fail (LIMN_IS_REVIEW_ITEM (self), fallback); \
    return self->name; \
  }

GETTER (const char *, id, NULL)
GETTER (const char *, project_id, NULL)
GETTER (const char *, task_id, NULL)
GETTER (const char *, annotation_id, NULL)
GETTER (const char *, title, NULL)
GETTER (LimnTaskKind, kind, LIMN_TASK_IMAGE)
GETTER (int, min_level, 1)
GETTER (const char *, state, NULL)
GETTER (const char *, holder, NULL)
GETTER (gint64, created_us, 0)
GETTER (gint64, lease_expires_us, 0)
GETTER (gboolean, leased, FALSE)
GETTER (gboolean, decided, FALSE)
GETTER (gboolean, has_draft, FALSE)

const char * const *
limn_review_item_get_reasons (LimnReviewItem *self)
{
  g_return_val_if_fail (LIMN_IS_REVIEW_ITEM (self), NULL);
  return (const char * const *)self->reasons;
}

gboolean
limn_review_item_has_reason (LimnReviewItem *self,
                             const char     *reason)
{
  g_return_val_if_fail (LIMN_IS_REVIEW_ITEM (self), FALSE);
  return g_strv_contains ((const char * const *)self->reasons, reason);
}

const char * const *
limn_review_item_get_annotators (LimnReviewItem *self)
{
  g_return_val_if_fail (LIMN_IS_REVIEW_ITEM (self), NULL);
  return (const char * const *)self->annotators;
}

const char * const *
limn_review_item_get_labels (LimnReviewItem *self)
{
  g_return_val_if_fail (LIMN_IS_REVIEW_ITEM (self), NULL);
  return (const char * const *)self->labels;
}
