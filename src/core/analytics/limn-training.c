/* limn-training.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "analytics/limn-training.h"
#include "model/limn-label.h"

void
limn_training_status_free (LimnTrainingStatus *status)
{
  if (status == NULL)
    return;

  g_free (status->task_id);
  g_free (status);
}

LimnTrainingStatus *
limn_training_status_from_settings (const char *settings_json)
{
  g_autoptr(JsonNode) root = settings_json ? json_from_string (settings_json, NULL) : NULL;
  LimnTrainingStatus *s;
  JsonObject *settings, *rule = NULL, *status = NULL;
  JsonNode *n;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  settings = json_node_get_object (root);
  s = g_new0 (LimnTrainingStatus, 1);
  n = json_object_get_member (settings, "qualification");
  if (n != NULL && JSON_NODE_HOLDS_OBJECT (n))
    rule = json_node_get_object (n);
  n = json_object_get_member (settings, "qualification_status");
  if (n != NULL && JSON_NODE_HOLDS_OBJECT (n))
    status = json_node_get_object (n);

  if (rule != NULL)
    {
      s->gold_items = json_object_get_int_member_with_default (rule, "gold_items", 0);
      s->min_accuracy = json_object_get_double_member_with_default (rule, "min_accuracy", 0);
      s->has_rule = s->gold_items > 0;
    }
  if (status != NULL)
    {
      s->known = TRUE;
      s->passed = json_object_get_boolean_member_with_default (status, "passed", FALSE);
      s->scored = json_object_get_int_member_with_default (status, "scored", 0);
      s->right = json_object_get_int_member_with_default (status, "right", 0);
      s->failed_attempts = json_object_get_int_member_with_default (status, "failed_attempts", 0);
      s->training_scored = json_object_get_int_member_with_default (status, "training_scored", 0);
      s->training_right = json_object_get_int_member_with_default (status, "training_right", 0);
      s->task_id = g_strdup (json_object_get_string_member_with_default (status, "task_id", NULL));
    }
  return s;
}

gboolean
limn_training_status_in_training (const LimnTrainingStatus *status)
{
  return status != NULL && status->has_rule && !status->passed;
}

char *
limn_training_status_describe (const LimnTrainingStatus *status)
{
  int pass = status ? (int)round (status->min_accuracy * 100) : 0;

  if (status == NULL || !status->has_rule)
    return NULL;

  if (status->passed)
    /* Translators: after passing the qualification, e.g. "Qualified: 18 of 20 gold items right" */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Qualified: %" PRId64 " of %"
                                         PRId64 " gold item right",
                                         "Qualified: %" PRId64 " of %" PRId64
                                         " gold items right", (gulong)status->gold_items),
                            status->right, status->gold_items);

  if (status->scored == 0)
    /* Translators: before any training answer counted, e.g.
     * "Qualification: 20 gold items to go — passes at 80 %" */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Qualification: %" PRId64 " gold item to go — passes at %d %%",
                                         "Qualification: %" PRId64 " gold items to go — passes at %d %%",
                                         (gulong)status->gold_items),
                            status->gold_items, pass);

  /* Translators: "Qualification: 14 of 20 gold items, 86 % — passes at 80 %" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Qualification: %" PRId64 " of %" PRId64
                                       " gold item, %d %% — passes at %d %%",
                                       "Qualification: %" PRId64 " of %" PRId64
                                       " gold items, %d %% — passes at %d %%",
                                       (gulong)status->gold_items),
                          status->scored, status->gold_items,
                          (int)round (100.0 * (double)status->right / (double)status->scored), pass);
}

struct _LimnTrainingFeedback
{
  LimnRegionDiff *diff;
  GArray         *differences;   /* LimnTrainingDifference */
};

void
limn_training_feedback_free (LimnTrainingFeedback *feedback)
{
  if (feedback == NULL)
    return;

  g_clear_pointer (&feedback->diff, limn_region_diff_unref);
  g_clear_pointer (&feedback->differences, g_array_unref);
  g_free (feedback);
}

LimnTrainingFeedback *
limn_training_feedback_new (GPtrArray  *gold,
                            GPtrArray  *given,
                            double      min_iou,
                            GError    **error)
{
  g_autoptr(LimnTrainingFeedback) f = g_new0 (LimnTrainingFeedback, 1);
  LimnRegionDiffOptions options;

  limn_region_diff_options_init (&options);
  options.min_iou = min_iou;
  /* Gold regions have ids of their own: only the geometry can pair them. */
  options.match_ids = FALSE;
  f->diff = limn_region_diff_new (gold, given, &options, error);
  if (f->diff == NULL)
    return NULL;

  f->differences = g_array_new (FALSE, TRUE, sizeof (LimnTrainingDifference));
  for (guint i = 0; i < limn_region_diff_get_n_changes (f->diff); i++)
    {
      const LimnRegionChange *c = limn_region_diff_get_change (f->diff, i);
      LimnTrainingDifference d = { .gold = c->a, .given = c->b, .iou = c->iou };

      if (c->flags & LIMN_REGION_DIFF_REMOVED)
        d.kind = LIMN_TRAINING_MISSED;
      else if (c->flags & LIMN_REGION_DIFF_ADDED)
        d.kind = LIMN_TRAINING_EXTRA;
      else if (c->flags & LIMN_REGION_DIFF_RELABELLED)
        d.kind = LIMN_TRAINING_WRONG_LABEL;
      else
        d.kind = LIMN_TRAINING_MATCH;
      g_array_append_val (f->differences, d);
    }

  return g_steal_pointer (&f);
}

guint
limn_training_feedback_get_n (LimnTrainingFeedback *feedback)
{
  return feedback->differences->len;
}

const LimnTrainingDifference *
limn_training_feedback_get (LimnTrainingFeedback *feedback,
                            guint                 index)
{
  g_return_val_if_fail (index < feedback->differences->len, NULL);
  return &g_array_index (feedback->differences, LimnTrainingDifference, index);
}

gboolean
limn_training_feedback_all_right (LimnTrainingFeedback *feedback)
{
  for (guint i = 0; i < feedback->differences->len; i++)
    if (g_array_index (feedback->differences, LimnTrainingDifference, i).kind != LIMN_TRAINING_MATCH)
      return FALSE;
  return TRUE;
}

GStrv
limn_training_feedback_label_ids (LimnTrainingFeedback *feedback)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < feedback->differences->len; i++)
    {
      const LimnTrainingDifference *d = &g_array_index (feedback->differences, LimnTrainingDifference, i);
      const char *ids[] = { d->gold ? d->gold->label_id : NULL, d->given ? d->given->label_id : NULL };

      for (guint j = 0; j < G_N_ELEMENTS (ids); j++)
        if (ids[j] != NULL && g_hash_table_add (seen, (gpointer)ids[j]))
          g_strv_builder_add (b, ids[j]);
    }
  return g_strv_builder_end (b);
}

static const char *
label_name (LimnProject *project,
            const char  *label_id)
{
  LimnLabel *label = project ? limn_project_lookup_label (project, label_id) : NULL;

  return label != NULL ? limn_label_get_display_name (label, NULL) : _("Unlabelled");
}

char *
limn_training_difference_describe (const LimnTrainingDifference *d,
                                   LimnProject                  *project)
{
  const LimnRegion *r = d->gold ? d->gold : d->given;
  gboolean box = r->kind == LIMN_REGION_BOX;

  switch (d->kind)
    {
    case LIMN_TRAINING_MATCH:
      /* Translators: a region placed and labelled as in the gold answer, e.g. "Car: right (IoU 0.91)" */
      return box ? g_strdup_printf (_("%s: right (IoU %.2f)"), label_name (project, r->label_id), d->iou)
                 /* Translators: a span as in the gold answer, e.g. "Person: right (overlap 0.91)" */
                 : g_strdup_printf (_("%s: right (overlap %.2f)"), label_name (project, r->label_id), d->iou);
    case LIMN_TRAINING_MISSED:
      /* Translators: a gold region the annotator did not mark, e.g. "Car box missed" */
      return box ? g_strdup_printf (_("%s box missed"), label_name (project, r->label_id))
                 : g_strdup_printf (_("%s span missed"), label_name (project, r->label_id));
    case LIMN_TRAINING_EXTRA:
      /* Translators: a region the gold answer does not have, e.g. "Extra Person box" */
      return box ? g_strdup_printf (_("Extra %s box"), label_name (project, r->label_id))
                 : g_strdup_printf (_("Extra %s span"), label_name (project, r->label_id));
    case LIMN_TRAINING_WRONG_LABEL:
    default:
      /* Translators: the right place, the wrong label, e.g. "Car given as Person (IoU 0.82)" */
      return box ? g_strdup_printf (_("%s given as %s (IoU %.2f)"), label_name (project, d->gold->label_id),
                                    label_name (project, d->given->label_id), d->iou)
                 : g_strdup_printf (_("%s given as %s (overlap %.2f)"),
                                    label_name (project, d->gold->label_id),
                                    label_name (project, d->given->label_id), d->iou);
    }
}

/* The heading level of @line (1–6), or 0 when it is not an ATX heading. */
static guint
heading_level (const char *line)
{
  guint level = 0;

  while (line[level] == '#' && level < 7)
    level++;
  return level >= 1 && level <= 6 && (line[level] == ' ' || line[level] == '\0') ? level : 0;
}

/* @name as a whole word of @text (or with a plural s), case-folded. */
static gboolean
names (const char *text,
       const char *name)
{
  g_autofree char *t = g_utf8_casefold (text, -1);
  g_autofree char *n = g_utf8_casefold (name, -1);
  gsize len = strlen (n);

  if (len == 0)
    return FALSE;
  for (const char *p = strstr (t, n); p != NULL; p = strstr (p + 1, n))
    {
      gunichar before = p > t ? g_utf8_get_char (g_utf8_find_prev_char (t, p)) : ' ';
      /* "Cars" names the label Car. */
      gsize end = p[len] == 's' ? len + 1 : len;
      gunichar after = p[end] != '\0' ? g_utf8_get_char (p + end) : ' ';

      if (!g_unichar_isalnum (before) && !g_unichar_isalnum (after))
        return TRUE;
    }
  return FALSE;
}

char *
limn_training_guideline_passage (const char *markdown,
                                 const char *label_name)
{
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) out = NULL;
  guint level = 0;
  gboolean fenced = FALSE;

  if (markdown == NULL || label_name == NULL)
    return NULL;

  lines = g_strsplit (markdown, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      guint l = fenced ? 0 : heading_level (lines[i]);

      /* A "#" inside a code block is not a heading. */
      if (g_str_has_prefix (lines[i], "```"))
        fenced = !fenced;

      if (out != NULL)
        {
          if (l > 0 && l <= level)
            break;
          g_string_append_printf (out, "\n%s", lines[i]);
        }
      else if (l > 0 && names (lines[i] + l, label_name))
        {
          out = g_string_new (lines[i]);
          level = l;
        }
    }

  if (out == NULL)
    return NULL;
  while (out->len > 0 && g_ascii_isspace (out->str[out->len - 1]))
    g_string_truncate (out, out->len - 1);
  return g_string_free (g_steal_pointer (&out), FALSE);
}
