/* limn-review.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-model"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "limn-review.h"
#include "limn-util.h"

G_DEFINE_BOXED_TYPE (LimnReviewComment, limn_review_comment, limn_review_comment_copy,
                     limn_review_comment_free)
G_DEFINE_BOXED_TYPE (LimnReviewVerdict, limn_review_verdict, limn_review_verdict_copy,
                     limn_review_verdict_free)

static const char * const verdict_names[] = {
  [LIMN_VERDICT_NONE] = NULL,
  [LIMN_VERDICT_ACCEPT] = "accept",
  [LIMN_VERDICT_CORRECT] = "correct",
  [LIMN_VERDICT_SEND_BACK] = "send_back",
};

const char *
limn_verdict_to_string (LimnVerdict verdict)
{
  return (guint)verdict < G_N_ELEMENTS (verdict_names) ? verdict_names[verdict] : NULL;
}

gboolean
limn_verdict_from_string (const char  *str,
                          LimnVerdict *verdict)
{
  guint i;

  if (!limn_name_lookup (verdict_names, G_N_ELEMENTS (verdict_names), str, &i))
    return FALSE;

  *verdict = i;
  return TRUE;
}

/* A code and its words, for both lists. */
typedef struct
{
  const char *code;
  const char *label;
} Named;

static const Named review_reasons[] = {
  { "flag", N_("Flagged") },
  { "low_confidence", N_("Low confidence") },
  { "disagreement", N_("Disagreement") },
  { "gold_failure", N_("Gold failure") },
  { "audit", N_("Audit") },
  { "rework", N_("Rework") },
  { "disputed", N_("Disputed") },
};

static const Named send_back_reasons[] = {
  { "missed_object", N_("Missed an object") },
  { "wrong_label", N_("Wrong label") },
  { "loose_box", N_("Loose box") },
  { "wrong_span", N_("Wrong span") },
  { "guideline", N_("Against the guidelines") },
  { "other", N_("Other") },
};

static const char * const review_reason_codes[] = {
  "flag", "low_confidence", "disagreement", "gold_failure", "audit", "rework", "disputed", NULL,
};

static const char * const send_back_codes[] = {
  "missed_object", "wrong_label", "loose_box", "wrong_span", "guideline", "other", NULL,
};

G_STATIC_ASSERT (G_N_ELEMENTS (review_reason_codes) == G_N_ELEMENTS (review_reasons) + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (send_back_codes) == G_N_ELEMENTS (send_back_reasons) + 1);

static const Named *
find_named (const Named *names,
            guint        n_names,
            const char  *code)
{
  for (guint i = 0; i < n_names; i++)
    if (g_strcmp0 (names[i].code, code) == 0)
      return &names[i];

  return NULL;
}

const char * const *
limn_review_reasons (void)
{
  return review_reason_codes;
}

const char *
limn_review_reason_label (const char *reason)
{
  const Named *n = find_named (review_reasons, G_N_ELEMENTS (review_reasons), reason);

  return n != NULL ? _(n->label) : reason;
}

const char * const *
limn_send_back_reasons (void)
{
  return send_back_codes;
}

gboolean
limn_send_back_reason_is_valid (const char *code)
{
  return find_named (send_back_reasons, G_N_ELEMENTS (send_back_reasons), code) != NULL;
}

const char *
limn_send_back_reason_label (const char *code)
{
  const Named *n = find_named (send_back_reasons, G_N_ELEMENTS (send_back_reasons), code);

  return n != NULL ? _(n->label) : code;
}

/* Comments */

LimnReviewComment *
limn_review_comment_new (const char *region_id,
                         const char *body)
{
  LimnReviewComment *self = g_new0 (LimnReviewComment, 1);

  self->id = g_uuid_string_random ();
  self->region_id = g_strdup (region_id);
  self->body = g_strdup (body ? body : "");

  return self;
}

LimnReviewComment *
limn_review_comment_copy (const LimnReviewComment *comment)
{
  LimnReviewComment *self = g_new0 (LimnReviewComment, 1);

  self->id = g_strdup (comment->id);
  self->region_id = g_strdup (comment->region_id);
  self->body = g_strdup (comment->body);

  return self;
}

void
limn_review_comment_free (LimnReviewComment *comment)
{
  if (comment == NULL)
    return;

  g_free (comment->id);
  g_free (comment->region_id);
  g_free (comment->body);
  g_free (comment);
}

/* Verdicts */

LimnReviewVerdict *
limn_review_verdict_new (const char  *item_id,
                         const char  *task_id,
                         const char  *annotation_id,
                         LimnVerdict  verdict)
{
  LimnReviewVerdict *self = g_new0 (LimnReviewVerdict, 1);

  self->id = g_uuid_string_random ();
  self->item_id = g_strdup (item_id);
  self->task_id = g_strdup (task_id);
  self->annotation_id = g_strdup (annotation_id);
  self->verdict = verdict;
  self->comment = g_strdup ("");
  self->comments = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_review_comment_free);
  self->created_us = g_get_real_time ();
  self->mine = TRUE;

  return self;
}

LimnReviewVerdict *
limn_review_verdict_copy (const LimnReviewVerdict *verdict)
{
  LimnReviewVerdict *self = g_new0 (LimnReviewVerdict, 1);

  *self = *verdict;
  self->id = g_strdup (verdict->id);
  self->item_id = g_strdup (verdict->item_id);
  self->task_id = g_strdup (verdict->task_id);
  self->annotation_id = g_strdup (verdict->annotation_id);
  self->reviewer = g_strdup (verdict->reviewer);
  self->reason_code = g_strdup (verdict->reason_code);
  self->comment = g_strdup (verdict->comment);
  self->comments = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_review_comment_free);
  for (guint i = 0; i < verdict->comments->len; i++)
    g_ptr_array_add (self->comments, limn_review_comment_copy (g_ptr_array_index (verdict->comments, i)));
  self->correction = verdict->correction ? limn_annotation_ref (verdict->correction) : NULL;
  self->sync_status = g_strdup (verdict->sync_status);
  self->sync_reason = g_strdup (verdict->sync_reason);

  return self;
}

void
limn_review_verdict_free (LimnReviewVerdict *verdict)
{
  if (verdict == NULL)
    return;

  g_free (verdict->id);
  g_free (verdict->item_id);
  g_free (verdict->task_id);
  g_free (verdict->annotation_id);
  g_free (verdict->reviewer);
  g_free (verdict->reason_code);
  g_free (verdict->comment);
  g_clear_pointer (&verdict->comments, g_ptr_array_unref);
  g_clear_pointer (&verdict->correction, limn_annotation_unref);
  g_free (verdict->sync_status);
  g_free (verdict->sync_reason);
  g_free (verdict);
}

void
limn_review_verdict_add_comment (LimnReviewVerdict *verdict,
                                 LimnReviewComment *comment)
{
  g_return_if_fail (verdict != NULL);
  g_return_if_fail (comment != NULL);

  g_ptr_array_add (verdict->comments, comment);
}

/**
 * limn_review_verdict_comments_for:
 *
 * Returns: (transfer container) (element-type LimnReviewComment): borrowed
 *   comments
 */
GPtrArray *
limn_review_verdict_comments_for (const LimnReviewVerdict *verdict,
                                  const char              *region_id)
{
  GPtrArray *out = g_ptr_array_new ();

  for (guint i = 0; i < verdict->comments->len; i++)
    {
      LimnReviewComment *c = g_ptr_array_index (verdict->comments, i);

      if (g_strcmp0 (c->region_id, region_id) == 0)
        g_ptr_array_add (out, c);
    }

  return out;
}

LimnAnnotation *
limn_review_new_correction (const LimnAnnotation *reviewed,
                            const char           *annotator)
{
  LimnAnnotation *self = limn_annotation_new_revision (reviewed);

  limn_set_str (&self->annotator, annotator);
  self->active_ms = 0;
  self->wall_ms = 0;

  return self;
}
