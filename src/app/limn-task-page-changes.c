/* limn-task-page-changes.c
 *
 * A task the reviewer corrected (docs/review.md, "Rework, closed"): the
 * annotator's revision against the reviewer's correction. Show Changes
 * draws the diff (added, removed, moved, relabelled) on the canvas or the
 * text, with a legend in the banner; Side by Side puts the two versions
 * in read-only views next to each other. Both are stateful "task."
 * actions, so the banner's toggles and the keys agree.
 *
 * The two side-by-side canvases zoom and pan each on their own: the
 * canvas tells nobody when its view moves, and linking them waits for
 * such a signal.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "limn-task-page-private.h"

static gboolean
action_state (LimnTaskPage *self,
              const char   *name)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), name);
  g_autoptr(GVariant) state = g_action_get_state (action);

  return g_variant_get_boolean (state);
}

static void
set_action (LimnTaskPage *self,
            const char   *name,
            gboolean      enabled,
            gboolean      active)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), name);

  g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_boolean (active));
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

static gboolean
is_text (LimnTaskPage *self)
{
  return self->task != NULL && limn_task_get_kind (self->task) == LIMN_TASK_TEXT;
}

static void
apply_diff (LimnTaskPage *self)
{
  LimnRegionDiff *diff = action_state (self, "show-changes") ? self->changes : NULL;

  if (is_text (self))
    limn_span_view_set_diff (self->span_view, diff);
  else
    limn_image_canvas_set_diff (self->canvas, diff);
}

/* One version, read-only, under a heading. */
static GtkWidget *
compare_side (LimnTaskPage   *self,
              const char     *heading,
              LimnAnnotation *annotation)
{
  g_autoptr(LimnDraft) draft = limn_draft_new_read_only (annotation, NULL, NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *label = gtk_label_new (heading);
  GtkWidget *view;

  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  gtk_box_append (GTK_BOX (box), label);

  if (is_text (self))
    {
      GtkWidget *scroller = gtk_scrolled_window_new ();

      view = limn_span_view_new ();
      limn_span_view_set_project (LIMN_SPAN_VIEW (view), self->project);
      limn_span_view_set_task (LIMN_SPAN_VIEW (view), self->task, self->text, draft);
      gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
      gtk_widget_set_vexpand (scroller, TRUE);
      gtk_box_append (GTK_BOX (box), scroller);
    }
  else
    {
      view = limn_image_canvas_new ();
      limn_image_canvas_set_project (LIMN_IMAGE_CANVAS (view), self->project);
      limn_image_canvas_set_task (LIMN_IMAGE_CANVAS (view), self->task, draft);
      gtk_widget_set_vexpand (view, TRUE);
      gtk_box_append (GTK_BOX (box), view);
    }
  gtk_widget_set_hexpand (box, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, heading, -1);

  return box;
}

static void
close_compare (LimnTaskPage *self)
{
  if (self->compare_page == NULL)
    return;

  gtk_stack_remove (self->work_stack, self->compare_page);
  self->compare_page = NULL;
}

static void
show_compare (LimnTaskPage *self,
              gboolean      show)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  GtkWidget *paned;

  close_compare (self);
  if (!show || self->changes == NULL || self->task == NULL)
    {
      if (self->task != NULL && self->draft != NULL)
        limn_task_page_show_task_view (self);
      return;
    }

  /* Translators: %lld is a revision number */
  before = g_strdup_printf (_("Your revision %" PRId64), self->changes_before->revision);
  /* Translators: %s is the reviewer, %lld a revision number */
  after = g_strdup_printf (_("Corrected by %s · revision %" PRId64),
                           self->changes_reviewer != NULL ? self->changes_reviewer : _("the reviewer"),
                           self->changes_after->revision);

  paned = gtk_paned_new (GTK_ORIENTATION_HORIZONTAL);
  gtk_paned_set_start_child (GTK_PANED (paned), compare_side (self, before, self->changes_before));
  gtk_paned_set_end_child (GTK_PANED (paned), compare_side (self, after, self->changes_after));
  gtk_paned_set_wide_handle (GTK_PANED (paned), TRUE);
  gtk_paned_set_position (GTK_PANED (paned), MAX (gtk_widget_get_width (GTK_WIDGET (self->work_stack)) / 2, 1));

  self->compare_page = paned;
  gtk_stack_add_named (self->work_stack, paned, "compare");
  gtk_stack_set_visible_child (self->work_stack, paned);
}

static void
show_changes_changed (GSimpleAction *action,
                      GVariant      *state,
                      gpointer       data)
{
  LimnTaskPage *self = LIMN_TASK_PAGE (data);

  g_simple_action_set_state (action, state);
  apply_diff (self);
}

static void
side_by_side_changed (GSimpleAction *action,
                      GVariant      *state,
                      gpointer       data)
{
  LimnTaskPage *self = LIMN_TASK_PAGE (data);

  g_simple_action_set_state (action, state);
  show_compare (self, g_variant_get_boolean (state));
}

/* Activated (a key, a toggle): flips the state. */
static void
toggle_activated (GSimpleAction *action,
                  GVariant      *param,
                  gpointer       data)
{
  g_autoptr(GVariant) state = g_action_get_state (G_ACTION (action));

  g_action_change_state (G_ACTION (action), g_variant_new_boolean (!g_variant_get_boolean (state)));
}

static const GActionEntry actions[] = {
  { "show-changes", toggle_activated, NULL, "false", show_changes_changed },
  { "side-by-side", toggle_activated, NULL, "false", side_by_side_changed },
};

void
limn_task_page_changes_init (LimnTaskPage *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), actions, G_N_ELEMENTS (actions), self);
  set_action (self, "show-changes", FALSE, FALSE);
  set_action (self, "side-by-side", FALSE, FALSE);
}

void
limn_task_page_changes_clear (LimnTaskPage *self)
{
  set_action (self, "show-changes", FALSE, FALSE);
  set_action (self, "side-by-side", FALSE, FALSE);
  close_compare (self);
  limn_image_canvas_set_diff (self->canvas, NULL);
  limn_span_view_set_diff (self->span_view, NULL);
  limn_rework_banner_set_changes (self->rework_banner, NULL);
  g_clear_pointer (&self->changes, limn_region_diff_unref);
  g_clear_pointer (&self->changes_before, limn_annotation_unref);
  g_clear_pointer (&self->changes_after, limn_annotation_unref);
  g_clear_pointer (&self->changes_reviewer, g_free);
}

void
limn_task_page_changes_set (LimnTaskPage            *self,
                            const LimnReviewVerdict *verdict,
                            LimnAnnotation          *before)
{
  g_autoptr(GError) error = NULL;

  limn_task_page_changes_clear (self);

  if (verdict == NULL || verdict->verdict != LIMN_VERDICT_CORRECT || verdict->correction == NULL ||
      before == NULL)
    return;

  self->changes = limn_region_diff_new (before->regions, verdict->correction->regions, NULL, &error);
  if (self->changes == NULL)
    {
      g_warning ("Cannot compare the correction with its revision: %s", error->message);
      return;
    }

  self->changes_before = limn_annotation_ref (before);
  self->changes_after = limn_annotation_ref (verdict->correction);
  self->changes_reviewer = g_strdup (verdict->reviewer);
  limn_rework_banner_set_changes (self->rework_banner, self->changes);
  set_action (self, "show-changes", TRUE, FALSE);
  set_action (self, "side-by-side", TRUE, FALSE);
}
