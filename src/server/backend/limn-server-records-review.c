/* limn-server-records-review.c
 *
 * The review records' names, copies and destructors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include "limn-server-records-review.h"

static const char * const review_state_names[] = { "open", "leased", "decided" };

G_STATIC_ASSERT (G_N_ELEMENTS (review_state_names) == LIMN_SERVER_N_REVIEW_STATES);

const char *
limn_server_review_state_to_string (LimnServerReviewState state)
{
  g_return_val_if_fail (state < LIMN_SERVER_N_REVIEW_STATES, NULL);
  return review_state_names[state];
}

gboolean
limn_server_review_state_from_string (const char            *str,
                                      LimnServerReviewState *state)
{
  for (guint i = 0; i < G_N_ELEMENTS (review_state_names); i++)
    if (g_strcmp0 (str, review_state_names[i]) == 0)
      {
        *state = (LimnServerReviewState)i;
        return TRUE;
      }

  return FALSE;
}

LimnServerReviewItem *
limn_server_review_item_new (void)
{
  LimnServerReviewItem *item = g_new0 (LimnServerReviewItem, 1);

  item->reasons = g_new0 (char *, 1);
  item->min_level = 1;
  item->round = 1;
  return item;
}

LimnServerReviewItem *
limn_server_review_item_copy (const LimnServerReviewItem *item)
{
  LimnServerReviewItem *c = g_memdup2 (item, sizeof *item);

  c->id = g_strdup (item->id);
  c->project_id = g_strdup (item->project_id);
  c->task_id = g_strdup (item->task_id);
  c->annotation_id = g_strdup (item->annotation_id);
  c->reasons = g_strdupv (item->reasons);
  c->holder = g_strdup (item->holder);
  c->holder_name = g_strdup (item->holder_name);
  c->task_title = g_strdup (item->task_title);
  c->task_kind = g_strdup (item->task_kind);
  c->annotators = g_strdupv (item->annotators);
  c->labels = g_strdupv (item->labels);
  return c;
}

void
limn_server_review_item_free (LimnServerReviewItem *item)
{
  if (item == NULL)
    return;

  g_free (item->id);
  g_free (item->project_id);
  g_free (item->task_id);
  g_free (item->annotation_id);
  g_strfreev (item->reasons);
  g_free (item->holder);
  g_free (item->holder_name);
  g_free (item->task_title);
  g_free (item->task_kind);
  g_strfreev (item->annotators);
  g_strfreev (item->labels);
  g_free (item);
}

gboolean
limn_server_review_item_has_reason (const LimnServerReviewItem *item,
                                    const char                 *reason)
{
  return item->reasons != NULL && g_strv_contains ((const char * const *)item->reasons, reason);
}

LimnServerAnnotation *
limn_server_annotation_copy (const LimnServerAnnotation *a)
{
  LimnServerAnnotation *c = g_memdup2 (a, sizeof *a);

  c->id = g_strdup (a->id);
  c->task_id = g_strdup (a->task_id);
  c->project_id = g_strdup (a->project_id);
  c->annotator = g_strdup (a->annotator);
  c->annotator_name = g_strdup (a->annotator_name);
  c->author = g_strdup (a->author);
  c->author_name = g_strdup (a->author_name);
  c->parent_id = g_strdup (a->parent_id);
  c->state = g_strdup (a->state);
  c->regions = g_strdup (a->regions);
  return c;
}

void
limn_server_annotation_free (LimnServerAnnotation *a)
{
  if (a == NULL)
    return;

  g_free (a->id);
  g_free (a->task_id);
  g_free (a->project_id);
  g_free (a->annotator);
  g_free (a->annotator_name);
  g_free (a->author);
  g_free (a->author_name);
  g_free (a->parent_id);
  g_free (a->state);
  g_free (a->regions);
  g_free (a);
}

void
limn_server_review_comment_free (LimnServerReviewComment *comment)
{
  if (comment == NULL)
    return;

  g_free (comment->id);
  g_free (comment->region_id);
  g_free (comment->body);
  g_free (comment);
}

static gpointer
comment_copy (gconstpointer src,
              gpointer      data)
{
  const LimnServerReviewComment *comment = src;
  LimnServerReviewComment *c = g_new0 (LimnServerReviewComment, 1);

  c->id = g_strdup (comment->id);
  c->region_id = g_strdup (comment->region_id);
  c->body = g_strdup (comment->body);
  return c;
}

LimnServerReview *
limn_server_review_new (void)
{
  LimnServerReview *review = g_new0 (LimnServerReview, 1);

  review->comments = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_server_review_comment_free);
  return review;
}

LimnServerReview *
limn_server_review_copy (const LimnServerReview *r)
{
  LimnServerReview *c = g_memdup2 (r, sizeof *r);

  c->id = g_strdup (r->id);
  c->item_id = g_strdup (r->item_id);
  c->task_id = g_strdup (r->task_id);
  c->reviewer = g_strdup (r->reviewer);
  c->reviewer_name = g_strdup (r->reviewer_name);
  c->annotation_id = g_strdup (r->annotation_id);
  c->verdict = g_strdup (r->verdict);
  c->reason_code = g_strdup (r->reason_code);
  c->comment = g_strdup (r->comment);
  c->correction_id = g_strdup (r->correction_id);
  c->comments = g_ptr_array_copy (r->comments, comment_copy, NULL);
  g_ptr_array_set_free_func (c->comments, (GDestroyNotify)limn_server_review_comment_free);
  return c;
}

void
limn_server_review_free (LimnServerReview *review)
{
  if (review == NULL)
    return;

  g_free (review->id);
  g_free (review->item_id);
  g_free (review->task_id);
  g_free (review->reviewer);
  g_free (review->reviewer_name);
  g_free (review->annotation_id);
  g_free (review->verdict);
  g_free (review->reason_code);
  g_free (review->comment);
  g_free (review->correction_id);
  g_clear_pointer (&review->comments, g_ptr_array_unref);
  g_free (review);
}

LimnServerFlag *
limn_server_flag_copy (const LimnServerFlag *f)
{
  LimnServerFlag *c = g_memdup2 (f, sizeof *f);

  c->id = g_strdup (f->id);
  c->task_id = g_strdup (f->task_id);
  c->project_id = g_strdup (f->project_id);
  c->user_id = g_strdup (f->user_id);
  c->user_name = g_strdup (f->user_name);
  c->region_id = g_strdup (f->region_id);
  c->category = g_strdup (f->category);
  c->body = g_strdup (f->body);
  c->state = g_strdup (f->state);
  return c;
}

void
limn_server_flag_free (LimnServerFlag *f)
{
  if (f == NULL)
    return;

  g_free (f->id);
  g_free (f->task_id);
  g_free (f->project_id);
  g_free (f->user_id);
  g_free (f->user_name);
  g_free (f->region_id);
  g_free (f->category);
  g_free (f->body);
  g_free (f->state);
  g_free (f);
}

LimnServerMessage *
limn_server_message_copy (const LimnServerMessage *m)
{
  LimnServerMessage *c = g_memdup2 (m, sizeof *m);

  c->id = g_strdup (m->id);
  c->thread_id = g_strdup (m->thread_id);
  c->author = g_strdup (m->author);
  c->author_name = g_strdup (m->author_name);
  c->body = g_strdup (m->body);
  return c;
}

void
limn_server_message_free (LimnServerMessage *m)
{
  if (m == NULL)
    return;

  g_free (m->id);
  g_free (m->thread_id);
  g_free (m->author);
  g_free (m->author_name);
  g_free (m->body);
  g_free (m);
}
