/* limn-draft.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-model"

#include "config.h"

#include "limn-draft.h"
#include "events/limn-event.h"

/* An undo step is a list of primitive changes; undoing applies their
 * inverses in reverse order. Regions are immutable values, so a change is
 * just "before" and "after" (either may be NULL for create/delete). */
typedef enum
{
  OP_REGION,
  OP_REJECT,
  OP_CONFIDENCE,
} OpKind;

typedef struct
{
  OpKind      kind;
  char       *id;        /* region or suggestion id */
  LimnRegion *before;
  LimnRegion *after;
  guint       position;  /* where a region sat, to put it back there */
  gboolean    rejected_before;
  gboolean    rejected_after;
  double      confidence_before;
  double      confidence_after;
} Op;

typedef struct
{
  char      *type;       /* the event type that made this step */
  GPtrArray *ops;        /* Op */
} Step;

struct _LimnDraft
{
  GObject         parent_instance;

  LimnAnnotation *base;         /* identity and timing of the stored draft */
  LimnEventLog   *log;
  GPtrArray      *regions;      /* LimnRegion */
  GHashTable     *by_id;        /* region id -> LimnRegion, borrowed from regions */
  GPtrArray      *suggestions;  /* every pre-annotation, LimnRegion */
  GPtrArray      *pending;      /* borrowed from suggestions: not yet decided */
  GHashTable     *rejected;     /* suggestion id set */
  GPtrArray      *undo;         /* Step */
  GPtrArray      *redo;         /* Step */
  Step           *group;        /* open group, collecting ops */
  guint           group_depth;
  double          confidence;
  guint64         version;
  gboolean        read_only;    /* a submitted revision, shown until the annotator edits */
};

G_DEFINE_FINAL_TYPE (LimnDraft, limn_draft, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  PROP_VERSION,
  PROP_READ_ONLY,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void record (LimnDraft  *self,
                    const char *type,
                    JsonObject *payload);

static void
op_free (gpointer data)
{
  Op *op = data;

  g_free (op->id);
  g_clear_pointer (&op->before, limn_region_unref);
  g_clear_pointer (&op->after, limn_region_unref);
  g_free (op);
}

static Step *
step_new (const char *type)
{
  Step *step = g_new0 (Step, 1);

  step->type = g_strdup (type);
  step->ops = g_ptr_array_new_with_free_func (op_free);

  return step;
}

static void
step_free (gpointer data)
{
  Step *step = data;

  g_free (step->type);
  g_ptr_array_unref (step->ops);
  g_free (step);
}

static void
limn_draft_finalize (GObject *object)
{
  LimnDraft *self = (LimnDraft *)object;

  g_clear_pointer (&self->base, limn_annotation_unref);
  g_clear_object (&self->log);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->regions, g_ptr_array_unref);
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_clear_pointer (&self->suggestions, g_ptr_array_unref);
  g_clear_pointer (&self->rejected, g_hash_table_unref);
  g_clear_pointer (&self->undo, g_ptr_array_unref);
  g_clear_pointer (&self->redo, g_ptr_array_unref);
  g_clear_pointer (&self->group, step_free);

  G_OBJECT_CLASS (limn_draft_parent_class)->finalize (object);
}

static void
limn_draft_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  LimnDraft *self = LIMN_DRAFT (object);

  switch (prop_id)
    {
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, limn_draft_get_can_undo (self));
      break;
    case PROP_CAN_REDO:
      g_value_set_boolean (value, limn_draft_get_can_redo (self));
      break;
    case PROP_VERSION:
      g_value_set_uint64 (value, self->version);
      break;
    case PROP_READ_ONLY:
      g_value_set_boolean (value, self->read_only);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
limn_draft_class_init (LimnDraftClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = limn_draft_finalize;
  object_class->get_property = limn_draft_get_property;

  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VERSION] =
    g_param_spec_uint64 ("version", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_READ_ONLY] =
    g_param_spec_boolean ("read-only", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LimnDraft::changed:
   *
   * Emitted once after every edit, undo or redo. Views rebuild what they
   * derive from the regions; the window schedules an autosave.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
limn_draft_init (LimnDraft *self)
{
  self->regions = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_region_unref);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->suggestions = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_region_unref);
  self->pending = g_ptr_array_new ();
  self->rejected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->undo = g_ptr_array_new_with_free_func (step_free);
  self->redo = g_ptr_array_new_with_free_func (step_free);
  self->confidence = LIMN_CONFIDENCE_UNSET;
}

/* Which suggestions are still to be decided: O(regions + suggestions), so a
 * document with 10,000 spans stays cheap to edit. */
static void
rebuild_pending (LimnDraft *self)
{
  g_autoptr(GHashTable) accepted = g_hash_table_new (g_str_hash, g_str_equal);

  g_ptr_array_set_size (self->pending, 0);
  if (self->suggestions->len == 0)
    return;

  for (guint i = 0; i < self->regions->len; i++)
    {
      const LimnRegion *region = g_ptr_array_index (self->regions, i);

      if (region->suggestion_id != NULL)
        g_hash_table_add (accepted, region->suggestion_id);
    }

  for (guint i = 0; i < self->suggestions->len; i++)
    {
      LimnRegion *suggestion = g_ptr_array_index (self->suggestions, i);

      if (!g_hash_table_contains (accepted, suggestion->id) &&
          !g_hash_table_contains (self->rejected, suggestion->id))
        g_ptr_array_add (self->pending, suggestion);
    }
}

/**
 * limn_draft_new:
 * @annotation: (transfer none): the stored draft, or a fresh annotation
 * @suggestions: (nullable) (element-type LimnRegion) (transfer none): pre-annotations
 * @log: (nullable): where edits are recorded
 */
LimnDraft *
limn_draft_new (LimnAnnotation *annotation,
                GPtrArray      *suggestions,
                LimnEventLog   *log)
{
  LimnDraft *self;

  g_return_val_if_fail (annotation != NULL, NULL);
  g_return_val_if_fail (log == NULL || LIMN_IS_EVENT_LOG (log), NULL);

  self = g_object_new (LIMN_TYPE_DRAFT, NULL);
  self->base = limn_annotation_ref (annotation);
  self->log = log ? g_object_ref (log) : NULL;
  self->confidence = annotation->confidence;

  for (guint i = 0; i < annotation->regions->len; i++)
    {
      LimnRegion *region = g_ptr_array_index (annotation->regions, i);

      g_ptr_array_add (self->regions, limn_region_ref (region));
      g_hash_table_insert (self->by_id, region->id, region);
    }

  for (guint i = 0; i < annotation->rejected->len; i++)
    g_hash_table_add (self->rejected, g_strdup (g_ptr_array_index (annotation->rejected, i)));

  if (suggestions != NULL)
    for (guint i = 0; i < suggestions->len; i++)
      g_ptr_array_add (self->suggestions, limn_region_ref (g_ptr_array_index (suggestions, i)));

  rebuild_pending (self);

  return self;
}

guint
limn_draft_get_n_regions (LimnDraft *self)
{
  g_return_val_if_fail (LIMN_IS_DRAFT (self), 0);
  return self->regions->len;
}

const LimnRegion *
limn_draft_get_region (LimnDraft *self,
                       guint      index)
{
  g_return_val_if_fail (LIMN_IS_DRAFT (self), NULL);
  g_return_val_if_fail (index < self->regions->len, NULL);
  return g_ptr_array_index (self->regions, index);
}

static gboolean
find_region (LimnDraft  *self,
             const char *region_id,
             guint      *position)
{
  LimnRegion *region;

  if (region_id == NULL)
    return FALSE;

  region = g_hash_table_lookup (self->by_id, region_id);
  if (region == NULL)
    return FALSE;

  if (position != NULL && !g_ptr_array_find (self->regions, region, position))
    g_return_val_if_reached (FALSE);

  return TRUE;
}

const LimnRegion *
limn_draft_lookup_region (LimnDraft  *self,
                          const char *region_id)
{
  g_return_val_if_fail (LIMN_IS_DRAFT (self), NULL);

  if (region_id == NULL)
    return NULL;

  return g_hash_table_lookup (self->by_id, region_id);
}

guint
limn_draft_get_n_suggestions (LimnDraft *self)
{
  g_return_val_if_fail (LIMN_IS_DRAFT (self), 0);
  return self->pending->len;
}

const LimnRegion *
limn_draft_get_suggestion (LimnDraft *self,
                           guint      index)
{
  g_return_val_if_fail (LIMN_IS_DRAFT (self), NULL);
  g_return_val_if_fail (index < self->pending->len, NULL);
  return g_ptr_array_index (self->pending, index);
}

/* Only pending suggestions are found: a decided one is no longer shown. */
const LimnRegion *
limn_draft_lookup_suggestion (LimnDraft  *self,
                              const char *suggestion_id)
{
  g_return_val_if_fail (LIMN_IS_DRAFT (self), NULL);

  for (guint i = 0; i < self->pending->len; i++)
    {
      const LimnRegion *suggestion = g_ptr_array_index (self->pending, i);

      if (g_strcmp0 (suggestion->id, suggestion_id) == 0)
        return suggestion;
    }

  return NULL;
}

double
limn_draft_get_confidence (LimnDraft *self)
{
  g_return_val_if_fail (LIMN_IS_DRAFT (self), LIMN_CONFIDENCE_UNSET);
  return self->confidence;
}

guint64
limn_draft_get_version (LimnDraft *self)
{
  g_return_val_if_fail (LIMN_IS_DRAFT (self), 0);
  return self->version;
}

gboolean
limn_draft_get_read_only (LimnDraft *self)
{
  g_return_val_if_fail (LIMN_IS_DRAFT (self), TRUE);
  return self->read_only;
}

/**
 * limn_draft_new_read_only:
 *
 * A draft that shows @annotation (a submitted revision) and refuses every
 * edit until limn_draft_start_revision().
 */
LimnDraft *
limn_draft_new_read_only (LimnAnnotation *annotation,
                          GPtrArray      *suggestions,
                          LimnEventLog   *log)
{
  LimnDraft *self = limn_draft_new (annotation, suggestions, log);

  if (self != NULL)
    self->read_only = TRUE;

  return self;
}

gboolean
limn_draft_start_revision (LimnDraft *self,
                           gint64     guideline_version)
{
  LimnAnnotation *revision;
  JsonObject *payload;

  g_return_val_if_fail (LIMN_IS_DRAFT (self), FALSE);

  if (!self->read_only)
    return FALSE;

  revision = limn_annotation_new_revision (self->base);
  revision->guideline_version = guideline_version;
  g_clear_pointer (&self->base, limn_annotation_unref);
  self->base = revision;
  self->read_only = FALSE;

  payload = json_object_new ();
  json_object_set_string_member (payload, "annotation_id", revision->id);
  json_object_set_string_member (payload, "parent_id", revision->parent_id);
  json_object_set_int_member (payload, "revision", revision->revision);
  record (self, LIMN_EVENT_REVISION_STARTED, payload);
  json_object_unref (payload);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READ_ONLY]);

  return TRUE;
}

gboolean
limn_draft_get_can_undo (LimnDraft *self)
{
  g_return_val_if_fail (LIMN_IS_DRAFT (self), FALSE);
  return self->undo->len > 0;
}

gboolean
limn_draft_get_can_redo (LimnDraft *self)
{
  g_return_val_if_fail (LIMN_IS_DRAFT (self), FALSE);
  return self->redo->len > 0;
}

const char *
limn_draft_get_task_id (LimnDraft *self)
{
  g_return_val_if_fail (LIMN_IS_DRAFT (self), NULL);
  return self->base->task_id;
}

const char *
limn_draft_get_annotation_id (LimnDraft *self)
{
  g_return_val_if_fail (LIMN_IS_DRAFT (self), NULL);
  return self->base->id;
}

/* Applying primitive ops, in either direction. */

static void
apply_region (LimnDraft  *self,
              const char *id,
              LimnRegion *from,
              LimnRegion *to,
              guint       position)
{
  guint pos;

  if (from != NULL && find_region (self, id, &pos))
    {
      g_hash_table_remove (self->by_id, id);

      if (to != NULL)
        {
          limn_region_unref (g_ptr_array_index (self->regions, pos));
          g_ptr_array_index (self->regions, pos) = limn_region_ref (to);
          g_hash_table_insert (self->by_id, to->id, to);
          return;
        }

      g_ptr_array_remove_index (self->regions, pos);
      return;
    }

  if (to != NULL)
    {
      g_ptr_array_insert (self->regions, MIN (position, self->regions->len), limn_region_ref (to));
      g_hash_table_insert (self->by_id, to->id, to);
    }
}

static void
apply_op (LimnDraft *self,
          Op        *op,
          gboolean   forward)
{
  switch (op->kind)
    {
    case OP_REGION:
      if (forward)
        apply_region (self, op->id, op->before, op->after, op->position);
      else
        apply_region (self, op->id, op->after, op->before, op->position);
      break;

    case OP_REJECT:
      if (forward ? op->rejected_after : op->rejected_before)
        g_hash_table_add (self->rejected, g_strdup (op->id));
      else
        g_hash_table_remove (self->rejected, op->id);
      break;

    case OP_CONFIDENCE:
      self->confidence = forward ? op->confidence_after : op->confidence_before;
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
emit_changed (LimnDraft *self,
              gboolean   undo_changed)
{
  rebuild_pending (self);
  self->version++;

  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERSION]);
  if (undo_changed)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
    }
  g_object_thaw_notify (G_OBJECT (self));

  g_signal_emit (self, signals[CHANGED], 0);
}

static void
record (LimnDraft  *self,
        const char *type,
        JsonObject *payload)
{
  if (self->log != NULL)
    limn_event_log_record (self->log, type, payload);
}

/* Applies a new step's ops, pushes it on the undo stack (or into the open
 * group), clears redo, logs the event and emits ::changed. Takes @payload. */
static void
commit (LimnDraft  *self,
        Step       *step,
        JsonObject *payload)
{
  g_autoptr(JsonObject) owned = payload;

  for (guint i = 0; i < step->ops->len; i++)
    apply_op (self, g_ptr_array_index (step->ops, i), TRUE);

  record (self, step->type, owned);

  if (self->group != NULL)
    {
      while (step->ops->len > 0)
        g_ptr_array_add (self->group->ops, g_ptr_array_steal_index (step->ops, 0));
      step_free (step);
    }
  else
    g_ptr_array_add (self->undo, step);

  g_ptr_array_set_size (self->redo, 0);
  emit_changed (self, TRUE);
}

static Op *
region_op (const char *id,
           LimnRegion *before,
           LimnRegion *after,
           guint       position)
{
  Op *op = g_new0 (Op, 1);

  op->kind = OP_REGION;
  op->id = g_strdup (id);
  op->before = before ? limn_region_ref (before) : NULL;
  op->after = after ? limn_region_ref (after) : NULL;
  op->position = position;

  return op;
}

static JsonObject *
payload_with_region (const char       *member,
                     const LimnRegion *region)
{
  JsonObject *payload = json_object_new ();

  json_object_set_object_member (payload, member, limn_region_to_json (region));

  return payload;
}

/**
 * limn_draft_add_region:
 * @region: (transfer none): a new region; its id must be unused
 */
gboolean
limn_draft_add_region (LimnDraft  *self,
                       LimnRegion *region)
{
  Step *step;

  g_return_val_if_fail (LIMN_IS_DRAFT (self), FALSE);
  g_return_val_if_fail (region != NULL, FALSE);

  if (self->read_only)
    return FALSE;

  if (find_region (self, region->id, NULL))
    return FALSE;

  step = step_new (LIMN_EVENT_REGION_CREATED);
  g_ptr_array_add (step->ops, region_op (region->id, NULL, region, self->regions->len));
  commit (self, step, payload_with_region ("region", region));

  return TRUE;
}

gboolean
limn_draft_remove_region (LimnDraft  *self,
                          const char *region_id)
{
  LimnRegion *region;
  Step *step;
  guint pos;

  g_return_val_if_fail (LIMN_IS_DRAFT (self), FALSE);

  if (self->read_only)
    return FALSE;

  if (!find_region (self, region_id, &pos))
    return FALSE;

  region = g_ptr_array_index (self->regions, pos);
  step = step_new (LIMN_EVENT_REGION_DELETED);
  g_ptr_array_add (step->ops, region_op (region->id, region, NULL, pos));
  commit (self, step, payload_with_region ("region", region));

  return TRUE;
}

static gboolean
replace_region (LimnDraft  *self,
                const char *type,
                LimnRegion *after,
                JsonObject *payload)
{
  g_autoptr(JsonObject) owned = payload;
  LimnRegion *before;
  Step *step;
  guint pos;

  if (!find_region (self, after->id, &pos))
    return FALSE;

  before = g_ptr_array_index (self->regions, pos);
  if (limn_region_equal (before, after))
    return FALSE;

  step = step_new (type);
  g_ptr_array_add (step->ops, region_op (after->id, before, after, pos));
  commit (self, step, g_steal_pointer (&owned));

  return TRUE;
}

static gboolean
set_box (LimnDraft     *self,
         const char    *type,
         const char    *region_id,
         const LimnBox *box)
{
  const LimnRegion *current = limn_draft_lookup_region (self, region_id);
  g_autoptr(LimnRegion) after = NULL;
  JsonObject *payload;

  if (self->read_only || current == NULL || current->kind != LIMN_REGION_BOX)
    return FALSE;

  after = limn_region_dup (current);
  after->box = *box;

  payload = json_object_new ();
  json_object_set_string_member (payload, "region_id", region_id);
  json_object_set_array_member (payload, "from", limn_box_to_json (&current->box));
  json_object_set_array_member (payload, "to", limn_box_to_json (box));

  return replace_region (self, type, after, payload);
}

gboolean
limn_draft_move_region (LimnDraft     *self,
                        const char    *region_id,
                        const LimnBox *box)
{
  g_return_val_if_fail (LIMN_IS_DRAFT (self), FALSE);
  g_return_val_if_fail (box != NULL, FALSE);

  return set_box (self, LIMN_EVENT_REGION_MOVED, region_id, box);
}

gboolean
limn_draft_resize_region (LimnDraft     *self,
                          const char    *region_id,
                          const LimnBox *box)
{
  g_return_val_if_fail (LIMN_IS_DRAFT (self), FALSE);
  g_return_val_if_fail (box != NULL, FALSE);

  return set_box (self, LIMN_EVENT_REGION_RESIZED, region_id, box);
}

gboolean
limn_draft_resize_span (LimnDraft  *self,
                        const char *region_id,
                        gint64      start,
                        gint64      end,
                        const char *text)
{
  const LimnRegion *current;
  g_autoptr(LimnRegion) after = NULL;
  JsonObject *payload;

  g_return_val_if_fail (LIMN_IS_DRAFT (self), FALSE);

  if (self->read_only)
    return FALSE;

  current = limn_draft_lookup_region (self, region_id);
  if (current == NULL || current->kind != LIMN_REGION_SPAN || start > end)
    return FALSE;

  after = limn_region_dup (current);
  after->start = start;
  after->end = end;
  limn_region_set_text (after, text);

  payload = json_object_new ();
  json_object_set_string_member (payload, "region_id", region_id);
  json_object_set_int_member (payload, "from_start", current->start);
  json_object_set_int_member (payload, "from_end", current->end);
  json_object_set_int_member (payload, "to_start", start);
  json_object_set_int_member (payload, "to_end", end);

  return replace_region (self, LIMN_EVENT_REGION_RESIZED, after, payload);
}

gboolean
limn_draft_set_region_label (LimnDraft  *self,
                             const char *region_id,
                             const char *label_id)
{
  const LimnRegion *current;
  g_autoptr(LimnRegion) after = NULL;
  JsonObject *payload;

  g_return_val_if_fail (LIMN_IS_DRAFT (self), FALSE);
  g_return_val_if_fail (label_id != NULL, FALSE);

  if (self->read_only)
    return FALSE;

  current = limn_draft_lookup_region (self, region_id);
  if (current == NULL)
    return FALSE;

  after = limn_region_dup (current);
  limn_region_set_label (after, label_id);

  payload = json_object_new ();
  json_object_set_string_member (payload, "region_id", region_id);
  json_object_set_string_member (payload, "from", current->label_id);
  json_object_set_string_member (payload, "to", label_id);

  return replace_region (self, LIMN_EVENT_LABEL_CHANGED, after, payload);
}

static JsonObject *
confidence_payload (const char *scope,
                    const char *region_id,
                    double      from,
                    double      to)
{
  JsonObject *payload = json_object_new ();

  json_object_set_string_member (payload, "scope", scope);
  if (region_id != NULL)
    json_object_set_string_member (payload, "region_id", region_id);
  if (from >= 0)
    json_object_set_double_member (payload, "from", from);
  else
    json_object_set_null_member (payload, "from");
  if (to >= 0)
    json_object_set_double_member (payload, "to", to);
  else
    json_object_set_null_member (payload, "to");

  return payload;
}

/* @confidence in [0, 1], or LIMN_CONFIDENCE_UNSET to clear it. */
gboolean
limn_draft_set_region_confidence (LimnDraft  *self,
                                  const char *region_id,
                                  double      confidence)
{
  const LimnRegion *current;
  g_autoptr(LimnRegion) after = NULL;

  g_return_val_if_fail (LIMN_IS_DRAFT (self), FALSE);

  if (self->read_only)
    return FALSE;

  if (confidence > 1.0)
    return FALSE;
  if (confidence < 0)
    confidence = LIMN_CONFIDENCE_UNSET;

  current = limn_draft_lookup_region (self, region_id);
  if (current == NULL)
    return FALSE;

  after = limn_region_dup (current);
  after->confidence = confidence;

  return replace_region (self, LIMN_EVENT_CONFIDENCE_SET, after,
                         confidence_payload ("region", region_id, current->confidence, confidence));
}

gboolean
limn_draft_set_confidence (LimnDraft *self,
                           double     confidence)
{
  Step *step;
  Op *op;

  g_return_val_if_fail (LIMN_IS_DRAFT (self), FALSE);

  if (self->read_only)
    return FALSE;

  if (confidence > 1.0)
    return FALSE;
  if (confidence < 0)
    confidence = LIMN_CONFIDENCE_UNSET;
  if (confidence == self->confidence)
    return FALSE;

  step = step_new (LIMN_EVENT_CONFIDENCE_SET);
  op = g_new0 (Op, 1);
  op->kind = OP_CONFIDENCE;
  op->confidence_before = self->confidence;
  op->confidence_after = confidence;
  g_ptr_array_add (step->ops, op);
  commit (self, step, confidence_payload ("task", NULL, self->confidence, confidence));

  return TRUE;
}

/**
 * limn_draft_accept_suggestion:
 *
 * Turns a pending suggestion into a region of the annotator's. The model's
 * score and version stay with the region, apart from the annotator's own
 * confidence, which starts unset.
 *
 * Returns: (nullable): the new region's id, valid until the next change
 */
const char *
limn_draft_accept_suggestion (LimnDraft  *self,
                              const char *suggestion_id)
{
  const LimnRegion *suggestion;
  g_autoptr(LimnRegion) region = NULL;
  JsonObject *payload;
  Step *step;

  g_return_val_if_fail (LIMN_IS_DRAFT (self), NULL);

  if (self->read_only)
    return NULL;

  suggestion = limn_draft_lookup_suggestion (self, suggestion_id);
  if (suggestion == NULL)
    return NULL;

  region = limn_region_dup (suggestion);
  g_free (region->id);
  region->id = g_uuid_string_random ();
  region->confidence = LIMN_CONFIDENCE_UNSET;
  limn_region_set_model (region, suggestion->score, suggestion->model_version, suggestion->id);

  step = step_new (LIMN_EVENT_SUGGESTION_ACCEPTED);
  g_ptr_array_add (step->ops, region_op (region->id, NULL, region, self->regions->len));

  payload = payload_with_region ("region", region);
  json_object_set_string_member (payload, "suggestion_id", suggestion_id);
  commit (self, step, payload);

  return limn_draft_lookup_region (self, region->id)->id;
}

gboolean
limn_draft_reject_suggestion (LimnDraft  *self,
                              const char *suggestion_id)
{
  JsonObject *payload;
  Step *step;
  Op *op;

  g_return_val_if_fail (LIMN_IS_DRAFT (self), FALSE);

  if (self->read_only)
    return FALSE;

  if (limn_draft_lookup_suggestion (self, suggestion_id) == NULL)
    return FALSE;

  step = step_new (LIMN_EVENT_SUGGESTION_REJECTED);
  op = g_new0 (Op, 1);
  op->kind = OP_REJECT;
  op->id = g_strdup (suggestion_id);
  op->rejected_before = FALSE;
  op->rejected_after = TRUE;
  g_ptr_array_add (step->ops, op);

  payload = json_object_new ();
  json_object_set_string_member (payload, "suggestion_id", suggestion_id);
  commit (self, step, payload);

  return TRUE;
}

/* Accepts every pending suggestion as one undo step. */
guint
limn_draft_accept_all_suggestions (LimnDraft *self)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  guint accepted = 0;

  g_return_val_if_fail (LIMN_IS_DRAFT (self), 0);

  if (self->read_only)
    return 0;

  for (guint i = 0; i < self->pending->len; i++)
    g_ptr_array_add (ids, g_strdup (((LimnRegion *)g_ptr_array_index (self->pending, i))->id));

  if (ids->len == 0)
    return 0;

  limn_draft_begin_group (self);
  for (guint i = 0; i < ids->len; i++)
    if (limn_draft_accept_suggestion (self, g_ptr_array_index (ids, i)) != NULL)
      accepted++;
  limn_draft_end_group (self);

  return accepted;
}

void
limn_draft_begin_group (LimnDraft *self)
{
  g_return_if_fail (LIMN_IS_DRAFT (self));

  if (self->group_depth++ == 0)
    self->group = step_new ("group");
}

void
limn_draft_end_group (LimnDraft *self)
{
  Step *group;

  g_return_if_fail (LIMN_IS_DRAFT (self));
  g_return_if_fail (self->group_depth > 0);

  if (--self->group_depth > 0)
    return;

  group = g_steal_pointer (&self->group);
  if (group->ops->len == 0)
    {
      step_free (group);
      return;
    }

  g_ptr_array_add (self->undo, group);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
}

/* Undo and redo are actions too: they are logged with the regions they
 * changed, so replaying the event log reproduces the draft. */
static JsonObject *
undo_payload (Step     *step,
              gboolean  forward)
{
  JsonObject *payload = json_object_new ();
  JsonArray *changes = json_array_new ();

  json_object_set_string_member (payload, "step", step->type);

  for (guint i = 0; i < step->ops->len; i++)
    {
      Op *op = g_ptr_array_index (step->ops, i);
      JsonObject *change = json_object_new ();
      LimnRegion *to = forward ? op->after : op->before;

      switch (op->kind)
        {
        case OP_REGION:
          json_object_set_string_member (change, "region_id", op->id);
          if (to != NULL)
            json_object_set_object_member (change, "region", limn_region_to_json (to));
          else
            json_object_set_null_member (change, "region");
          break;

        case OP_REJECT:
          json_object_set_string_member (change, "suggestion_id", op->id);
          json_object_set_boolean_member (change, "rejected",
                                          forward ? op->rejected_after : op->rejected_before);
          break;

        case OP_CONFIDENCE:
          {
            double c = forward ? op->confidence_after : op->confidence_before;

            if (c >= 0)
              json_object_set_double_member (change, "confidence", c);
            else
              json_object_set_null_member (change, "confidence");
          }
          break;

        default:
          g_assert_not_reached ();
        }

      json_array_add_object_element (changes, change);
    }

  json_object_set_array_member (payload, "changes", changes);

  return payload;
}

gboolean
limn_draft_undo (LimnDraft *self)
{
  g_autoptr(JsonObject) payload = NULL;
  Step *step;

  g_return_val_if_fail (LIMN_IS_DRAFT (self), FALSE);
  g_return_val_if_fail (self->group == NULL, FALSE);

  if (self->read_only)
    return FALSE;

  if (self->undo->len == 0)
    return FALSE;

  step = g_ptr_array_steal_index (self->undo, self->undo->len - 1);
  for (guint i = step->ops->len; i > 0; i--)
    apply_op (self, g_ptr_array_index (step->ops, i - 1), FALSE);

  payload = undo_payload (step, FALSE);
  record (self, LIMN_EVENT_UNDO, payload);

  g_ptr_array_add (self->redo, step);
  emit_changed (self, TRUE);

  return TRUE;
}

gboolean
limn_draft_redo (LimnDraft *self)
{
  g_autoptr(JsonObject) payload = NULL;
  Step *step;

  g_return_val_if_fail (LIMN_IS_DRAFT (self), FALSE);
  g_return_val_if_fail (self->group == NULL, FALSE);

  if (self->read_only)
    return FALSE;

  if (self->redo->len == 0)
    return FALSE;

  step = g_ptr_array_steal_index (self->redo, self->redo->len - 1);
  for (guint i = 0; i < step->ops->len; i++)
    apply_op (self, g_ptr_array_index (step->ops, i), TRUE);

  payload = undo_payload (step, TRUE);
  record (self, LIMN_EVENT_REDO, payload);

  g_ptr_array_add (self->undo, step);
  emit_changed (self, TRUE);

  return TRUE;
}

/**
 * limn_draft_snapshot:
 *
 * Returns: (transfer full): a frozen copy of the draft for the store
 */
LimnAnnotation *
limn_draft_snapshot (LimnDraft *self,
                     gint64     active_ms,
                     gint64     wall_ms)
{
  LimnAnnotation *snapshot;
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (LIMN_IS_DRAFT (self), NULL);

  snapshot = limn_annotation_dup (self->base);
  snapshot->confidence = self->confidence;
  snapshot->active_ms = active_ms;
  snapshot->wall_ms = wall_ms;

  g_ptr_array_set_size (snapshot->regions, 0);
  for (guint i = 0; i < self->regions->len; i++)
    g_ptr_array_add (snapshot->regions, limn_region_ref (g_ptr_array_index (self->regions, i)));

  g_ptr_array_set_size (snapshot->rejected, 0);
  g_hash_table_iter_init (&iter, self->rejected);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (snapshot->rejected, g_strdup (key));

  return snapshot;
}
