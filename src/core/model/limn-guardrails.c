/* limn-guardrails.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-model"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "json/limn-json-reader.h"
#include "json/limn-json-writer.h"
#include "limn-geometry.h"
#include "limn-guardrails.h"

typedef enum
{
  RULE_REQUIRED_LABEL,
  RULE_BOX_SHAPE,
  RULE_DUPLICATE_BOX,
  RULE_SPAN_WORDS,
  RULE_SPAN_OVERLAP,
  RULE_VALUE_RANGE,
} RuleKind;

static const char * const rule_names[] = {
  "required_label",
  "box_shape",
  "duplicate_box",
  "span_words",
  "span_overlap",
  "value_range",
};

typedef struct
{
  char                  *id;
  RuleKind               kind;
  LimnGuardrailSeverity  severity;
  char                  *label;        /* a label name, or NULL: any */
  gint64                 min_count;    /* required_label */
  double                 min_area;     /* box_shape; 0: no limit */
  double                 min_aspect;   /* box_shape; 0: no limit */
  double                 max_aspect;   /* box_shape; 0: no limit */
  double                 tolerance;    /* box_shape; < 0: not checked */
  double                 iou;          /* duplicate_box */
  gboolean               cut_word;     /* span_words */
  gboolean               edge_space;   /* span_words */
  GStrv                  labels;       /* span_overlap: the set; NULL: every label */
  GPtrArray             *pairs;        /* span_overlap: GStrv of two names */
  gboolean               score;        /* value_range: the model score, else confidence */
  double                 min;
  double                 max;
  gboolean               required;     /* value_range: an unset value is a finding */
} Rule;

typedef struct
{
  char *name;
  char *display;
} Label;

struct _LimnGuardrails
{
  grefcount   ref;
  GPtrArray  *rules;     /* Rule */
  JsonObject *source;
  GHashTable *by_id;     /* label id -> Label */
  GHashTable *by_name;   /* label name -> label id */
};

G_DEFINE_BOXED_TYPE (LimnGuardrails, limn_guardrails, limn_guardrails_ref, limn_guardrails_unref)

static void
rule_free (Rule *rule)
{
  g_free (rule->id);
  g_free (rule->label);
  g_strfreev (rule->labels);
  g_clear_pointer (&rule->pairs, g_ptr_array_unref);
  g_free (rule);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Rule, rule_free)

static void
label_free (Label *label)
{
  g_free (label->name);
  g_free (label->display);
  g_free (label);
}

void
limn_guardrail_finding_free (LimnGuardrailFinding *finding)
{
  if (finding == NULL)
    return;
  g_free (finding->rule_id);
  g_strfreev (finding->region_ids);
  g_free (finding->message);
  g_free (finding);
}

const char *
limn_guardrail_severity_to_string (LimnGuardrailSeverity severity)
{
  return severity == LIMN_GUARDRAIL_BLOCK ? "block" : "warn";
}

static gboolean
valid_rule_id (const char *s)
{
  gsize len = strlen (s);

  if (len == 0 || len > 64)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (s[i]) && s[i] != '_' && s[i] != '-' && s[i] != '.')
      return FALSE;
  return TRUE;
}

static gboolean
read_names (JsonArray   *array,
            const char  *where,
            GStrv       *out,
            GError     **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
          *json_node_get_string (node) == '\0')
        return limn_json_reader_fail (error, LIMN_JSON_READER_ERROR_TYPE, where, NULL,
                                      _("must be a list of label names"));
      g_strv_builder_add (builder, json_node_get_string (node));
    }

  *out = g_strv_builder_end (builder);
  return TRUE;
}

static gboolean
parse_rule (JsonObject  *obj,
            const char  *where,
            GHashTable  *seen,
            Rule       **out,
            GError     **error)
{
  g_autoptr(Rule) rule = g_new0 (Rule, 1);
  const char *id = NULL, *kind = NULL, *severity = NULL, *label = NULL, *field = NULL;
  JsonArray *labels = NULL, *pairs = NULL;
  gboolean found = FALSE;

  if (!limn_json_reader_get_string (obj, "id", LIMN_JSON_READER_REQUIRED, 64, &id, where, error) ||
      !limn_json_reader_get_string (obj, "rule", LIMN_JSON_READER_REQUIRED, 64, &kind, where,
                                    error) ||
      !limn_json_reader_get_string (obj, "severity", LIMN_JSON_READER_REQUIRED, 16, &severity,
                                    where, error) ||
      !limn_json_reader_get_string (obj, "label", LIMN_JSON_READER_OPTIONAL, 256, &label, where,
                                    error))
    return FALSE;

  if (!valid_rule_id (id))
    return limn_json_reader_fail (error, LIMN_JSON_READER_ERROR_RANGE, where, "id",
                                  _("letters, digits, “_”, “-” and “.” only"));
  if (g_hash_table_contains (seen, id))
    return limn_json_reader_fail (error, LIMN_JSON_READER_ERROR_RANGE, where, "id",
                                  _("used by another rule"));

  for (guint i = 0; i < G_N_ELEMENTS (rule_names); i++)
    if (g_str_equal (kind, rule_names[i]))
      {
        rule->kind = i;
        found = TRUE;
      }
  if (!found)
    return limn_json_reader_fail (error, LIMN_JSON_READER_ERROR_RANGE, where, "rule",
                                  _("not a rule Limn knows"));

  if (g_str_equal (severity, "warn"))
    rule->severity = LIMN_GUARDRAIL_WARN;
  else if (g_str_equal (severity, "block"))
    rule->severity = LIMN_GUARDRAIL_BLOCK;
  else
    return limn_json_reader_fail (error, LIMN_JSON_READER_ERROR_RANGE, where, "severity",
                                  _("must be “warn” or “block”"));

  rule->id = g_strdup (id);
  rule->label = g_strdup (label);
  rule->min_count = 1;
  rule->tolerance = -1;
  rule->iou = 0.9;
  rule->cut_word = TRUE;
  rule->edge_space = TRUE;
  rule->min = 0;
  rule->max = 1;

  switch (rule->kind)
    {
    case RULE_REQUIRED_LABEL:
      if (!limn_json_reader_get_whole (obj, "min_count", LIMN_JSON_READER_OPTIONAL, 1, 10000,
                                       &rule->min_count, where, error))
        return FALSE;
      break;

    case RULE_BOX_SHAPE:
      if (!limn_json_reader_get_double (obj, "min_area", LIMN_JSON_READER_OPTIONAL, 0, 1e12,
                                        &rule->min_area, where, error) ||
          !limn_json_reader_get_double (obj, "min_aspect", LIMN_JSON_READER_OPTIONAL, 0, 1e6,
                                        &rule->min_aspect, where, error) ||
          !limn_json_reader_get_double (obj, "max_aspect", LIMN_JSON_READER_OPTIONAL, 0, 1e6,
                                        &rule->max_aspect, where, error) ||
          !limn_json_reader_get_double (obj, "outside_tolerance", LIMN_JSON_READER_OPTIONAL,
                                        0, 1e6, &rule->tolerance, where, error))
        return FALSE;
      if (rule->max_aspect > 0 && rule->min_aspect > rule->max_aspect)
        return limn_json_reader_fail (error, LIMN_JSON_READER_ERROR_RANGE, where, "min_aspect",
                                      _("larger than “max_aspect”"));
      break;

    case RULE_DUPLICATE_BOX:
      if (!limn_json_reader_get_double (obj, "iou", LIMN_JSON_READER_OPTIONAL, 0.01, 1,
                                        &rule->iou, where, error))
        return FALSE;
      break;

    case RULE_SPAN_WORDS:
      if (!limn_json_reader_get_boolean (obj, "cut_word", LIMN_JSON_READER_OPTIONAL,
                                         &rule->cut_word, where, error) ||
          !limn_json_reader_get_boolean (obj, "edge_whitespace", LIMN_JSON_READER_OPTIONAL,
                                         &rule->edge_space, where, error))
        return FALSE;
      break;

    case RULE_SPAN_OVERLAP:
      if (!limn_json_reader_get_array (obj, "labels", LIMN_JSON_READER_OPTIONAL, 1000, &labels,
                                       where, error) ||
          !limn_json_reader_get_array (obj, "pairs", LIMN_JSON_READER_OPTIONAL, 1000, &pairs,
                                       where, error))
        return FALSE;
      if (labels != NULL && !read_names (labels, where, &rule->labels, error))
        return FALSE;
      if (pairs != NULL)
        {
          rule->pairs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
          for (guint i = 0; i < json_array_get_length (pairs); i++)
            {
              JsonNode *node = json_array_get_element (pairs, i);
              GStrv pair = NULL;

              if (!JSON_NODE_HOLDS_ARRAY (node) ||
                  json_array_get_length (json_node_get_array (node)) != 2)
                return limn_json_reader_fail (error, LIMN_JSON_READER_ERROR_TYPE, where, "pairs",
                                              _("each pair must be a list of two label names"));
              if (!read_names (json_node_get_array (node), where, &pair, error))
                return FALSE;
              g_ptr_array_add (rule->pairs, pair);
            }
        }
      break;

    case RULE_VALUE_RANGE:
    default:
      if (!limn_json_reader_get_string (obj, "field", LIMN_JSON_READER_REQUIRED, 32, &field,
                                        where, error) ||
          !limn_json_reader_get_double (obj, "min", LIMN_JSON_READER_OPTIONAL, 0, 1, &rule->min,
                                        where, error) ||
          !limn_json_reader_get_double (obj, "max", LIMN_JSON_READER_OPTIONAL, 0, 1, &rule->max,
                                        where, error) ||
          !limn_json_reader_get_boolean (obj, "required", LIMN_JSON_READER_OPTIONAL,
                                         &rule->required, where, error))
        return FALSE;
      if (g_str_equal (field, "score"))
        rule->score = TRUE;
      else if (!g_str_equal (field, "confidence"))
        return limn_json_reader_fail (error, LIMN_JSON_READER_ERROR_RANGE, where, "field",
                                      _("must be “confidence” or “score”"));
      if (rule->min > rule->max)
        return limn_json_reader_fail (error, LIMN_JSON_READER_ERROR_RANGE, where, "min",
                                      _("larger than “max”"));
      break;
    }

  g_hash_table_add (seen, rule->id);
  *out = g_steal_pointer (&rule);
  return TRUE;
}

LimnGuardrails *
limn_guardrails_new_from_json (JsonObject  *object,
                               GError     **error)
{
  g_autoptr(LimnGuardrails) self = g_new0 (LimnGuardrails, 1);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *rules = NULL;

  g_return_val_if_fail (object != NULL, NULL);

  g_ref_count_init (&self->ref);
  self->rules = g_ptr_array_new_with_free_func ((GDestroyNotify) rule_free);
  self->by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) label_free);
  self->by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->source = json_object_ref (object);

  if (!limn_json_reader_get_array (object, "rules", LIMN_JSON_READER_OPTIONAL,
                                   LIMN_GUARDRAILS_MAX_RULES, &rules, "guardrails", error))
    return NULL;

  for (guint i = 0; rules != NULL && i < json_array_get_length (rules); i++)
    {
      g_autofree char *where = g_strdup_printf ("guardrails.rules[%u]", i);
      JsonObject *obj = limn_json_reader_get_element_object (rules, i, where, error);
      Rule *rule = NULL;

      if (obj == NULL || !parse_rule (obj, where, seen, &rule, error))
        return NULL;
      g_ptr_array_add (self->rules, rule);
    }

  return g_steal_pointer (&self);
}

LimnGuardrails *
limn_guardrails_new_from_string (const char  *json,
                                 GError     **error)
{
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (json != NULL, NULL);

  root = limn_json_reader_parse_object (json, strlen (json), error);
  if (root == NULL)
    return NULL;

  return limn_guardrails_new_from_json (json_node_get_object (root), error);
}

LimnGuardrails *
limn_guardrails_new_for_project (LimnProject         *project,
                                 const char * const  *languages,
                                 GError             **error)
{
  g_autoptr(LimnGuardrails) self = NULL;
  GListModel *labels;

  g_return_val_if_fail (LIMN_IS_PROJECT (project), NULL);

  if (limn_project_get_guardrails (project) == NULL)
    return NULL;

  self = limn_guardrails_new_from_string (limn_project_get_guardrails (project), error);
  if (self == NULL)
    return NULL;

  labels = limn_project_get_labels (project);
  for (guint i = 0; i < g_list_model_get_n_items (labels); i++)
    {
      g_autoptr(LimnLabel) label = g_list_model_get_item (labels, i);

      limn_guardrails_add_label (self, limn_label_get_id (label), limn_label_get_name (label),
                                 limn_label_get_display_name (label, languages));
    }

  return g_steal_pointer (&self);
}

char *
limn_guardrails_from_settings (JsonObject *settings)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnGuardrails) rules = NULL;
  JsonObject *object = NULL;

  g_return_val_if_fail (settings != NULL, NULL);

  if (!limn_json_reader_get_object (settings, "guardrails", LIMN_JSON_READER_OPTIONAL, &object,
                                    "project.settings", &error) ||
      (object != NULL && (rules = limn_guardrails_new_from_json (object, &error)) == NULL))
    {
      g_warning ("Guardrails not checked here: %s", error->message);
      return NULL;
    }

  return rules != NULL ? limn_guardrails_to_string (rules) : NULL;
}

LimnGuardrails *
limn_guardrails_ref (LimnGuardrails *self)
{
  g_ref_count_inc (&self->ref);
  return self;
}

void
limn_guardrails_unref (LimnGuardrails *self)
{
  if (self == NULL || !g_ref_count_dec (&self->ref))
    return;

  g_clear_pointer (&self->rules, g_ptr_array_unref);
  g_clear_pointer (&self->source, json_object_unref);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->by_name, g_hash_table_unref);
  g_free (self);
}

void
limn_guardrails_add_label (LimnGuardrails *self,
                           const char     *id,
                           const char     *name,
                           const char     *display_name)
{
  Label *label;

  g_return_if_fail (self != NULL);
  g_return_if_fail (id != NULL && name != NULL);

  label = g_new0 (Label, 1);
  label->name = g_strdup (name);
  label->display = g_strdup (display_name != NULL ? display_name : name);
  g_hash_table_replace (self->by_id, g_strdup (id), label);
  g_hash_table_replace (self->by_name, g_strdup (name), g_strdup (id));
}

guint
limn_guardrails_get_n_rules (LimnGuardrails *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->rules->len;
}

char *
limn_guardrails_to_string (LimnGuardrails *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return limn_json_writer_object_to_string (self->source);
}

static void
note_unknown (LimnGuardrails *self,
              GString        *out,
              const char     *name)
{
  if (name == NULL || g_hash_table_contains (self->by_name, name))
    return;
  if (out->len > 0)
    g_string_append (out, ", ");
  g_string_append (out, name);
}

char *
limn_guardrails_unknown_labels (LimnGuardrails *self)
{
  g_autoptr(GString) out = g_string_new (NULL);

  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->rules->len; i++)
    {
      Rule *rule = g_ptr_array_index (self->rules, i);

      note_unknown (self, out, rule->label);
      for (guint j = 0; rule->labels != NULL && rule->labels[j] != NULL; j++)
        note_unknown (self, out, rule->labels[j]);
      for (guint j = 0; rule->pairs != NULL && j < rule->pairs->len; j++)
        {
          GStrv pair = g_ptr_array_index (rule->pairs, j);

          note_unknown (self, out, pair[0]);
          note_unknown (self, out, pair[1]);
        }
    }

  return out->len > 0 ? g_string_free (g_steal_pointer (&out), FALSE) : NULL;
}

/* Checking. */

static const char *
display_label (LimnGuardrails *self,
               const char     *label_id)
{
  Label *label = g_hash_table_lookup (self->by_id, label_id);

  return label != NULL ? label->display : label_id;
}

static const char *
display_name (LimnGuardrails *self,
              const char     *name)
{
  const char *id = g_hash_table_lookup (self->by_name, name);

  return id != NULL ? display_label (self, id) : name;
}

/* Whether @region's label is the one @name names (NULL: any). */
static gboolean
label_is (LimnGuardrails   *self,
          const LimnRegion *region,
          const char       *name)
{
  const char *id;

  if (name == NULL)
    return TRUE;
  id = g_hash_table_lookup (self->by_name, name);
  return id != NULL && g_strcmp0 (region->label_id, id) == 0;
}

static gboolean
label_in (LimnGuardrails   *self,
          const LimnRegion *region,
          GStrv             names)
{
  for (guint i = 0; names[i] != NULL; i++)
    if (label_is (self, region, names[i]))
      return TRUE;
  return FALSE;
}

static void
add_finding (GPtrArray  *findings,
             Rule       *rule,
             char       *message,
             const char *region_a,
             const char *region_b)
{
  LimnGuardrailFinding *finding = g_new0 (LimnGuardrailFinding, 1);
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();

  if (region_a != NULL)
    g_strv_builder_add (ids, region_a);
  if (region_b != NULL)
    g_strv_builder_add (ids, region_b);

  finding->rule_id = g_strdup (rule->id);
  finding->severity = rule->severity;
  finding->region_ids = g_strv_builder_end (ids);
  finding->message = message;
  g_ptr_array_add (findings, finding);
}

static void
check_required (LimnGuardrails *self,
                Rule           *rule,
                GPtrArray      *regions,
                GPtrArray      *findings)
{
  gint64 n = 0;

  for (guint i = 0; i < regions->len; i++)
    if (label_is (self, g_ptr_array_index (regions, i), rule->label))
      n++;

  if (n >= rule->min_count)
    return;

  if (rule->label == NULL)
    add_finding (findings, rule,
                 g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "At least %d region is needed; there is none.",
                                               "At least %d regions are needed; there are fewer.",
                                               rule->min_count),
                                  (int) rule->min_count),
                 NULL, NULL);
  else if (n == 0)
    add_finding (findings, rule,
                 g_strdup_printf (_("No region is labeled “%s”; this project needs one."),
                                  display_name (self, rule->label)),
                 NULL, NULL);
  else
    add_finding (findings, rule,
                 g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "Only %d region is labeled “%s”; this project needs %d.",
                                               "Only %d regions are labeled “%s”; this project needs %d.",
                                               n),
                                  (int) n, display_name (self, rule->label),
                                  (int) rule->min_count),
                 NULL, NULL);
}

static void
check_box_shape (LimnGuardrails           *self,
                 Rule                     *rule,
                 const LimnGuardrailsTask *task,
                 GPtrArray                *regions,
                 GPtrArray                *findings)
{
  for (guint i = 0; i < regions->len; i++)
    {
      const LimnRegion *r = g_ptr_array_index (regions, i);
      const char *label;
      double area, aspect;

      if (r->kind != LIMN_REGION_BOX || !label_is (self, r, rule->label))
        continue;

      label = display_label (self, r->label_id);
      area = r->box.w * r->box.h;
      aspect = r->box.h > 0 ? r->box.w / r->box.h : INFINITY;

      if (rule->min_area > 0 && area < rule->min_area)
        add_finding (findings, rule,
                     g_strdup_printf (_("The “%s” box covers %.0f px², less than the %.0f px² "
                                        "this project allows."),
                                      label, area, rule->min_area),
                     r->id, NULL);
      else if ((rule->min_aspect > 0 && aspect < rule->min_aspect) ||
               (rule->max_aspect > 0 && aspect > rule->max_aspect))
        add_finding (findings, rule,
                     g_strdup_printf (_("The “%s” box is too thin: its width is %.2f times its "
                                        "height."),
                                      label, aspect),
                     r->id, NULL);

      if (rule->tolerance >= 0 && task->width > 0 && task->height > 0)
        {
          double out = MAX (MAX (-r->box.x, -r->box.y),
                            MAX (r->box.x + r->box.w - task->width,
                                 r->box.y + r->box.h - task->height));

          if (out > rule->tolerance)
            add_finding (findings, rule,
                         g_strdup_printf (_("The “%s” box reaches %.0f px outside the image."),
                                          label, out),
                         r->id, NULL);
        }
    }
}

static int
compare_box_x (gconstpointer a,
               gconstpointer b)
{
  const LimnRegion *ra = *(LimnRegion * const *) a;
  const LimnRegion *rb = *(LimnRegion * const *) b;

  return (ra->box.x > rb->box.x) - (ra->box.x < rb->box.x);
}

static void
check_duplicates (LimnGuardrails *self,
                  Rule           *rule,
                  GPtrArray      *regions,
                  GPtrArray      *findings)
{
  g_autoptr(GPtrArray) boxes = g_ptr_array_new ();

  for (guint i = 0; i < regions->len; i++)
    {
      LimnRegion *r = g_ptr_array_index (regions, i);

      if (r->kind == LIMN_REGION_BOX && label_is (self, r, rule->label))
        g_ptr_array_add (boxes, r);
    }

  /* A sweep along x: a pair with any IoU overlaps in x, so each box meets
   * only those starting before it ends, not every other box. */
  g_ptr_array_sort (boxes, compare_box_x);
  for (guint i = 0; i < boxes->len; i++)
    {
      const LimnRegion *a = g_ptr_array_index (boxes, i);

      for (guint j = i + 1; j < boxes->len; j++)
        {
          const LimnRegion *b = g_ptr_array_index (boxes, j);
          double iou;

          if (b->box.x >= a->box.x + a->box.w)
            break;
          /* Boxes in one column pass the x test: y first, it is cheaper
           * than comparing label ids. */
          if (b->box.y >= a->box.y + a->box.h || a->box.y >= b->box.y + b->box.h ||
              g_strcmp0 (a->label_id, b->label_id) != 0)
            continue;
          iou = limn_box_iou (&a->box, &b->box);
          if (iou >= rule->iou)
            add_finding (findings, rule,
                         g_strdup_printf (_("Two “%s” boxes cover nearly the same place "
                                            "(IoU %.2f)."),
                                          display_label (self, a->label_id), iou),
                         a->id, b->id);
        }
    }
}

/* A word character for "cuts a word": letters, digits and combining marks
 * (g_unichar_isalnum is a fair approximation of Unicode word boundaries,
 * docs/guardrails.md). Ideographs, kana and scripts written without spaces
 * (line-break classes ID, CJ, SA) have a boundary between any two
 * characters, so a span there never cuts a word. */
static gboolean
is_word_char (gunichar c)
{
  GUnicodeBreakType b;

  if (!g_unichar_isalnum (c) && !g_unichar_ismark (c))
    return FALSE;

  b = g_unichar_break_type (c);
  return b != G_UNICODE_BREAK_IDEOGRAPHIC &&
         b != G_UNICODE_BREAK_CONDITIONAL_JAPANESE_STARTER &&
         b != G_UNICODE_BREAK_COMPLEX_CONTEXT;
}

static gunichar
char_at (LimnTextIndex *text,
         gint64         cp)
{
  return g_utf8_get_char (limn_text_index_get_text (text) + limn_text_index_char_to_byte (text, cp));
}

/* The covered text as the user would read it in a message: at most 40
 * characters. */
static char *
quote_span (LimnTextIndex    *text,
            const LimnRegion *r)
{
  if (r->end - r->start > 40)
    {
      g_autofree char *head = limn_text_index_substring (text, r->start, r->start + 39);

      return g_strconcat (head, "…", NULL);
    }
  return limn_text_index_substring (text, r->start, r->end);
}

static void
check_span_words (LimnGuardrails           *self,
                  Rule                     *rule,
                  const LimnGuardrailsTask *task,
                  GPtrArray                *regions,
                  GPtrArray                *findings)
{
  gint64 n;

  if (task->text == NULL)
    return;
  n = limn_text_index_get_n_chars (task->text);

  for (guint i = 0; i < regions->len; i++)
    {
      const LimnRegion *r = g_ptr_array_index (regions, i);
      g_autofree char *quoted = NULL;
      gboolean cut, space;

      if (r->kind != LIMN_REGION_SPAN || !label_is (self, r, rule->label) ||
          r->start < 0 || r->end > n || r->start >= r->end)
        continue;

      cut = rule->cut_word &&
            ((r->start > 0 && is_word_char (char_at (task->text, r->start - 1)) &&
              is_word_char (char_at (task->text, r->start))) ||
             (r->end < n && is_word_char (char_at (task->text, r->end - 1)) &&
              is_word_char (char_at (task->text, r->end))));
      space = rule->edge_space &&
              (g_unichar_isspace (char_at (task->text, r->start)) ||
               g_unichar_isspace (char_at (task->text, r->end - 1)));
      if (!cut && !space)
        continue;

      quoted = quote_span (task->text, r);
      if (cut)
        add_finding (findings, rule,
                     g_strdup_printf (_("The “%s” span “%s” cuts a word in two."),
                                      display_label (self, r->label_id), quoted),
                     r->id, NULL);
      if (space)
        add_finding (findings, rule,
                     g_strdup_printf (_("The “%s” span “%s” starts or ends with a space."),
                                      display_label (self, r->label_id), quoted),
                     r->id, NULL);
    }
}

static gboolean
overlap_forbidden (LimnGuardrails   *self,
                   Rule             *rule,
                   const LimnRegion *a,
                   const LimnRegion *b)
{
  if (rule->pairs == NULL)
    return rule->labels == NULL || (label_in (self, a, rule->labels) &&
                                    label_in (self, b, rule->labels));

  for (guint i = 0; i < rule->pairs->len; i++)
    {
      GStrv pair = g_ptr_array_index (rule->pairs, i);

      if ((label_is (self, a, pair[0]) && label_is (self, b, pair[1])) ||
          (label_is (self, a, pair[1]) && label_is (self, b, pair[0])))
        return TRUE;
    }
  return FALSE;
}

static int
compare_span_start (gconstpointer a,
                    gconstpointer b)
{
  const LimnRegion *ra = *(LimnRegion * const *) a;
  const LimnRegion *rb = *(LimnRegion * const *) b;

  return (ra->start > rb->start) - (ra->start < rb->start);
}

static void
check_span_overlap (LimnGuardrails *self,
                    Rule           *rule,
                    GPtrArray      *regions,
                    GPtrArray      *findings)
{
  g_autoptr(GPtrArray) spans = g_ptr_array_new ();

  for (guint i = 0; i < regions->len; i++)
    {
      LimnRegion *r = g_ptr_array_index (regions, i);

      if (r->kind == LIMN_REGION_SPAN)
        g_ptr_array_add (spans, r);
    }

  g_ptr_array_sort (spans, compare_span_start);
  for (guint i = 0; i < spans->len; i++)
    {
      const LimnRegion *a = g_ptr_array_index (spans, i);

      for (guint j = i + 1; j < spans->len; j++)
        {
          const LimnRegion *b = g_ptr_array_index (spans, j);

          if (b->start >= a->end)
            break;
          if (overlap_forbidden (self, rule, a, b))
            add_finding (findings, rule,
                         g_strdup_printf (_("The “%s” span and the “%s” span overlap; this "
                                            "project does not allow that."),
                                          display_label (self, a->label_id),
                                          display_label (self, b->label_id)),
                         a->id, b->id);
        }
    }
}

static void
check_range (LimnGuardrails *self,
             Rule           *rule,
             GPtrArray      *regions,
             GPtrArray      *findings)
{
  for (guint i = 0; i < regions->len; i++)
    {
      const LimnRegion *r = g_ptr_array_index (regions, i);
      double value = rule->score ? r->score : r->confidence;
      const char *label;

      if (!label_is (self, r, rule->label))
        continue;
      label = display_label (self, r->label_id);

      if (value < 0)
        {
          if (rule->required)
            add_finding (findings, rule,
                         rule->score
                           ? g_strdup_printf (_("The “%s” region has no model score."), label)
                           : g_strdup_printf (_("The “%s” region has no confidence set."), label),
                         r->id, NULL);
        }
      else if (value < rule->min || value > rule->max)
        add_finding (findings, rule,
                     rule->score
                       ? g_strdup_printf (_("The “%s” region’s model score %.2f is outside "
                                            "%.2f–%.2f."),
                                          label, value, rule->min, rule->max)
                       : g_strdup_printf (_("The “%s” region’s confidence %.2f is outside "
                                            "%.2f–%.2f."),
                                          label, value, rule->min, rule->max),
                     r->id, NULL);
    }
}

void
limn_guardrails_check (LimnGuardrails            *self,
                       const LimnGuardrailsTask  *task,
                       GPtrArray                 *regions,
                       GPtrArray                **findings)
{
  g_autoptr(GPtrArray) out =
    g_ptr_array_new_with_free_func ((GDestroyNotify) limn_guardrail_finding_free);

  g_return_if_fail (self != NULL);
  g_return_if_fail (task != NULL);
  g_return_if_fail (regions != NULL);
  g_return_if_fail (findings != NULL);

  for (guint i = 0; i < self->rules->len; i++)
    {
      Rule *rule = g_ptr_array_index (self->rules, i);

      switch (rule->kind)
        {
        case RULE_REQUIRED_LABEL:
          check_required (self, rule, regions, out);
          break;
        case RULE_BOX_SHAPE:
          check_box_shape (self, rule, task, regions, out);
          break;
        case RULE_DUPLICATE_BOX:
          check_duplicates (self, rule, regions, out);
          break;
        case RULE_SPAN_WORDS:
          check_span_words (self, rule, task, regions, out);
          break;
        case RULE_SPAN_OVERLAP:
          check_span_overlap (self, rule, regions, out);
          break;
        case RULE_VALUE_RANGE:
        default:
          check_range (self, rule, regions, out);
          break;
        }
    }

  *findings = g_steal_pointer (&out);
}

gboolean
limn_guardrails_any_block (GPtrArray *findings)
{
  for (guint i = 0; findings != NULL && i < findings->len; i++)
    {
      const LimnGuardrailFinding *f = g_ptr_array_index (findings, i);

      if (f->severity == LIMN_GUARDRAIL_BLOCK)
        return TRUE;
    }
  return FALSE;
}
