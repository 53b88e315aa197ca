/* limn-rework-banner.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "limn-history-row.h"
#include "charts/limn-chart-format.h"
#include "limn-rework-banner.h"
#include "limn-when.h"
#include "model/limn-history.h"

struct _LimnReworkBanner
{
  GtkWidget    parent_instance;

  GtkWidget   *box;
  GtkImage    *icon;
  GtkLabel    *title_label;
  GtkLabel    *comment_label;
  GtkMenuButton *history_button;
  GtkListBox  *comments_list;
  GtkListBox  *history_list;
  GtkWidget   *edit_button;
  GtkWidget   *changes_box;
  GtkWidget   *legend;
  GtkLabel    *added_label;
  GtkLabel    *removed_label;
  GtkLabel    *moved_label;
  GtkLabel    *relabelled_label;

  LimnReviewVerdict *latest;   /* the verdict shown */
  guint        resubmitted : 1;
  guint        can_edit : 1;
};

G_DEFINE_FINAL_TYPE (LimnReworkBanner, limn_rework_banner, GTK_TYPE_WIDGET)

enum {
  REGION_ACTIVATED,
  HISTORY_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
clear_list (GtkListBox *list)
{
  GtkWidget *row;

  while ((row = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, row);
}

static const char *
reviewer_name (const LimnReviewVerdict *review)
{
  return review->reviewer != NULL ? review->reviewer : _("a reviewer");
}

static GtkWidget *
comment_row (const LimnReviewComment *comment,
             GHashTable              *region_labels)
{
  GtkWidget *row = adw_action_row_new ();
  const char *label = NULL;
  g_autofree char *title = NULL;

  if (comment->region_id != NULL && region_labels != NULL)
    label = g_hash_table_lookup (region_labels, comment->region_id);

  if (comment->region_id == NULL)
    title = g_strdup (_("The whole task"));
  else if (label != NULL)
    /* Translators: a comment pinned to a region: "Car box" */
    title = g_strdup_printf (_("%s region"), label);
  else
    title = g_strdup (_("A region no longer in this revision"));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), comment->body);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name (comment->region_id ? "box-symbolic"
                                                                               : "chat-message-new-symbolic"));

  /* Activating a pinned comment shows its region. */
  if (comment->region_id != NULL && label != NULL)
    {
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_widget_set_tooltip_text (row, _("Select this region"));
      g_object_set_data_full (G_OBJECT (row), "region-id", g_strdup (comment->region_id), g_free);
    }

  return row;
}

static void update_state (LimnReworkBanner *self);

void
limn_rework_banner_set_reviews (LimnReworkBanner *self,
                                GPtrArray        *reviews,
                                GHashTable       *region_labels)
{
  const LimnReviewVerdict *latest = NULL;

  g_return_if_fail (LIMN_IS_REWORK_BANNER (self));

  clear_list (self->comments_list);
  clear_list (self->history_list);

  /* Verdicts on my work only: one given here is a reviewer's own. */
  for (guint i = 0; reviews != NULL && i < reviews->len; i++)
    {
      const LimnReviewVerdict *v = g_ptr_array_index (reviews, i);

      if (!v->mine && v->verdict != LIMN_VERDICT_NONE)
        latest = v;
    }

  g_clear_pointer (&self->latest, limn_review_verdict_free);
  self->resubmitted = FALSE;
  limn_rework_banner_set_changes (self, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self), latest != NULL);
  if (latest == NULL)
    return;

  self->latest = limn_review_verdict_copy (latest);
  update_state (self);
  gtk_label_set_text (self->comment_label, latest->comment != NULL ? latest->comment : "");
  gtk_widget_set_visible (GTK_WIDGET (self->comment_label), latest->comment != NULL && latest->comment[0] != '\0');

  for (guint i = 0; latest->comments != NULL && i < latest->comments->len; i++)
    gtk_list_box_append (self->comments_list, comment_row (g_ptr_array_index (latest->comments, i), region_labels));
  gtk_widget_set_visible (GTK_WIDGET (self->comments_list),
                          latest->comments != NULL && latest->comments->len > 0);
}

/* Title, icon, colour and Edit Again, from the verdict and whether it
 * has been answered. */
static void
update_state (LimnReworkBanner *self)
{
  g_autofree char *title = NULL;
  gboolean sent_back;

  if (self->latest == NULL)
    return;

  /* Answered, a send-back is history: the banner no longer warns. */
  sent_back = self->latest->verdict == LIMN_VERDICT_SEND_BACK && !self->resubmitted;
  if (self->resubmitted)
    /* Translators: %s is the reviewer, then the reason ("Missed an object") */
    title = g_strdup_printf (_("Resubmitted after %s sent it back: %s"), reviewer_name (self->latest),
                             limn_send_back_reason_label (self->latest->reason_code));
  else
    title = limn_history_verdict_title (self->latest);
  gtk_label_set_text (self->title_label, title);
  gtk_image_set_from_icon_name (self->icon, sent_back ? "mail-reply-sender-symbolic"
                                            : self->resubmitted ? "document-send-symbolic"
                                            : "object-select-symbolic");
  gtk_widget_set_visible (self->edit_button, self->can_edit && !self->resubmitted);

  if (sent_back)
    {
      gtk_widget_add_css_class (self->box, "rework-banner");
      gtk_widget_remove_css_class (self->box, "task-banner");
      gtk_widget_add_css_class (GTK_WIDGET (self->icon), "warning");
      gtk_widget_remove_css_class (GTK_WIDGET (self->icon), "success");
    }
  else
    {
      gtk_widget_add_css_class (self->box, "task-banner");
      gtk_widget_remove_css_class (self->box, "rework-banner");
      gtk_widget_add_css_class (GTK_WIDGET (self->icon), "success");
      gtk_widget_remove_css_class (GTK_WIDGET (self->icon), "warning");
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
}

void
limn_rework_banner_set_resubmitted (LimnReworkBanner *self,
                                    gboolean          resubmitted)
{
  g_return_if_fail (LIMN_IS_REWORK_BANNER (self));

  self->resubmitted = !!resubmitted;
  update_state (self);
}

void
limn_rework_banner_set_can_edit (LimnReworkBanner *self,
                                 gboolean          can_edit)
{
  g_return_if_fail (LIMN_IS_REWORK_BANNER (self));

  self->can_edit = !!can_edit;
  gtk_widget_set_visible (self->edit_button, self->can_edit && self->latest != NULL && !self->resubmitted);
}

gboolean
limn_rework_banner_get_covers_status (LimnReworkBanner *self)
{
  g_return_val_if_fail (LIMN_IS_REWORK_BANNER (self), FALSE);

  return self->latest != NULL && !self->resubmitted;
}

/* A chip in the colour and with the symbol of the canvas's badge
 * (limn-image-canvas-overlays.c), then the count in words. */
static void
set_legend (GtkLabel   *label,
            const char *color,
            const char *symbol,
            const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);
  g_autofree char *markup = g_strdup_printf ("<span background=\"%s\" foreground=\"#0d0d0f\" weight=\"bold\">"
                                             " %s </span> %s", color, symbol, escaped);

  gtk_label_set_markup (label, markup);
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
}

void
limn_rework_banner_set_changes (LimnReworkBanner *self,
                                LimnRegionDiff   *diff)
{
  g_autofree char *added = NULL;
  g_autofree char *removed = NULL;
  g_autofree char *moved = NULL;
  g_autofree char *relabelled = NULL;
  guint n;

  g_return_if_fail (LIMN_IS_REWORK_BANNER (self));

  gtk_widget_set_visible (self->changes_box, diff != NULL);
  if (diff == NULL)
    return;

  n = limn_region_diff_count (diff, LIMN_REGION_DIFF_ADDED);
  added = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u added", "%u added", n), n);
  n = limn_region_diff_count (diff, LIMN_REGION_DIFF_REMOVED);
  removed = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u removed", "%u removed", n), n);
  n = limn_region_diff_count (diff, LIMN_REGION_DIFF_MOVED);
  moved = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u moved", "%u moved", n), n);
  n = limn_region_diff_count (diff, LIMN_REGION_DIFF_RELABELLED);
  relabelled = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u relabelled", "%u relabelled", n), n);

  added = limn_format_localize_digits_take (added);
  removed = limn_format_localize_digits_take (removed);
  moved = limn_format_localize_digits_take (moved);
  relabelled = limn_format_localize_digits_take (relabelled);

  /* Okabe and Ito's colours, as the canvas draws the marks. */
  set_legend (self->added_label, "#009e73", "+", added);
  set_legend (self->removed_label, "#d55e00", "−", removed);
  set_legend (self->moved_label, "#56b4e9", "↔", moved);
  set_legend (self->relabelled_label, "#e69f00", "✎", relabelled);
}

const char *
limn_rework_banner_get_legend_text (LimnReworkBanner    *self,
                                    LimnRegionDiffFlags  kind)
{
  GtkLabel *label;

  g_return_val_if_fail (LIMN_IS_REWORK_BANNER (self), NULL);

  switch (kind)
    {
    case LIMN_REGION_DIFF_ADDED: label = self->added_label; break;
    case LIMN_REGION_DIFF_REMOVED: label = self->removed_label; break;
    case LIMN_REGION_DIFF_MOVED: label = self->moved_label; break;
    case LIMN_REGION_DIFF_RELABELLED: label = self->relabelled_label; break;
    case LIMN_REGION_DIFF_UNCHANGED:
    default:
      return NULL;
    }

  return gtk_label_get_text (label);
}

GtkWidget *
limn_rework_banner_get_legend (LimnReworkBanner *self)
{
  g_return_val_if_fail (LIMN_IS_REWORK_BANNER (self), NULL);
  return self->legend;
}

void
limn_rework_banner_set_history (LimnReworkBanner *self,
                                GPtrArray        *entries)
{
  g_return_if_fail (LIMN_IS_REWORK_BANNER (self));

  clear_list (self->history_list);
  for (guint i = 0; entries != NULL && i < entries->len; i++)
    gtk_list_box_append (self->history_list, limn_history_row_new (g_ptr_array_index (entries, i)));
}

static void
history_shown_cb (LimnReworkBanner *self)
{
  g_signal_emit (self, signals[HISTORY_REQUESTED], 0);
}

static void
comment_activated_cb (LimnReworkBanner *self,
                      GtkListBoxRow    *row)
{
  const char *region_id = g_object_get_data (G_OBJECT (row), "region-id");

  if (region_id != NULL)
    g_signal_emit (self, signals[REGION_ACTIVATED], 0, region_id);
}

GtkWidget *
limn_rework_banner_get_comments (LimnReworkBanner *self)
{
  g_return_val_if_fail (LIMN_IS_REWORK_BANNER (self), NULL);
  return GTK_WIDGET (self->comments_list);
}

GtkWidget *
limn_rework_banner_get_history (LimnReworkBanner *self)
{
  g_return_val_if_fail (LIMN_IS_REWORK_BANNER (self), NULL);
  return GTK_WIDGET (self->history_list);
}

GtkWidget *
limn_rework_banner_get_history_button (LimnReworkBanner *self)
{
  g_return_val_if_fail (LIMN_IS_REWORK_BANNER (self), NULL);
  return GTK_WIDGET (self->history_button);
}

const char *
limn_rework_banner_get_title (LimnReworkBanner *self)
{
  g_return_val_if_fail (LIMN_IS_REWORK_BANNER (self), NULL);
  return gtk_label_get_text (self->title_label);
}

static void
limn_rework_banner_dispose (GObject *object)
{
  LimnReworkBanner *self = LIMN_REWORK_BANNER (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), LIMN_TYPE_REWORK_BANNER);
  g_clear_pointer (&self->latest, limn_review_verdict_free);

  G_OBJECT_CLASS (limn_rework_banner_parent_class)->dispose (object);
}

static void
limn_rework_banner_class_init (LimnReworkBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = limn_rework_banner_dispose;

  /**
   * LimnReworkBanner::region-activated:
   * @region_id: the region a pinned comment is about
   */
  signals[REGION_ACTIVATED] =
    g_signal_new ("region-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * LimnReworkBanner::history-requested:
   *
   * The history popover opens: fill it with limn_rework_banner_set_history().
   */
  signals[HISTORY_REQUESTED] =
    g_signal_new ("history-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, LIMN_RESOURCE_PATH "/ui/limn-rework-banner.ui");
  gtk_widget_class_bind_template_child (widget_class, LimnReworkBanner, box);
  gtk_widget_class_bind_template_child (widget_class, LimnReworkBanner, icon);
  gtk_widget_class_bind_template_child (widget_class, LimnReworkBanner, title_label);
  gtk_widget_class_bind_template_child (widget_class, LimnReworkBanner, comment_label);
  gtk_widget_class_bind_template_child (widget_class, LimnReworkBanner, history_button);
  gtk_widget_class_bind_template_child (widget_class, LimnReworkBanner, comments_list);
  gtk_widget_class_bind_template_child (widget_class, LimnReworkBanner, history_list);
  gtk_widget_class_bind_template_child (widget_class, LimnReworkBanner, edit_button);
  gtk_widget_class_bind_template_child (widget_class, LimnReworkBanner, changes_box);
  gtk_widget_class_bind_template_child (widget_class, LimnReworkBanner, legend);
  gtk_widget_class_bind_template_child (widget_class, LimnReworkBanner, added_label);
  gtk_widget_class_bind_template_child (widget_class, LimnReworkBanner, removed_label);
  gtk_widget_class_bind_template_child (widget_class, LimnReworkBanner, moved_label);
  gtk_widget_class_bind_template_child (widget_class, LimnReworkBanner, relabelled_label);
  gtk_widget_class_bind_template_callback (widget_class, history_shown_cb);
  gtk_widget_class_bind_template_callback (widget_class, comment_activated_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "reworkbanner");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
limn_rework_banner_init (LimnReworkBanner *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
