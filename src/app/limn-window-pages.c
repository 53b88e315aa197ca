/* limn-window-pages.c
 *
 * The pages the window hosts, in one table. Each has a slot in the view
 * stack from the start (so the switcher knows it), but the page itself is
 * built the first time it is shown: start-up pays only for the labeling
 * page, which is what is on screen. While a page is visible its header
 * bar widgets are in the header bar and its actions in the window, under
 * the page's prefix, so their accelerators work wherever the focus is.
 *
 * A page the user may not open (a reviewer's page for an annotator) is
 * hidden from the switcher; with one page the switcher is not shown.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include <glib/gi18n.h>

#include "limn-progress-page.h"
#include "limn-review-page.h"
#include "limn-team-page.h"
#include "limn-threads-page.h"
#include "limn-window-private.h"

typedef struct
{
  const char *name;
  const char *title;          /* N_() */
  const char *icon_name;
  const char *prefix;         /* of the page's actions */
  GType     (*get_type) (void);
  /* Whether the signed-in user may open it; NULL: everyone. */
  gboolean  (*may_open) (LimnSession *session);
} PageInfo;

static const PageInfo page_table[] = {
  { "label", N_("Label"), "document-edit-symbolic", "task", limn_task_page_get_type, NULL },
  { "review", N_("Review"), "emblem-ok-symbolic", "review", limn_review_page_get_type, limn_review_page_may_open },
  { "feedback", N_("Feedback"), "mail-unread-symbolic", "feedback", limn_threads_page_get_type,
    limn_threads_page_may_open },
  { "progress", N_("Progress"), "power-profile-performance-symbolic", "progress", limn_progress_page_get_type,
    limn_progress_page_may_open },
  { "team", N_("Team"), "system-users-symbolic", "team", limn_team_page_get_type, limn_team_page_may_open },
};

static LimnPage *
built_page (LimnWindow *self,
            guint       index)
{
  GtkWidget *child = adw_bin_get_child (g_ptr_array_index (self->page_slots, index));

  return child != NULL ? LIMN_PAGE (child) : NULL;
}

static void
subtitle_cb (LimnWindow *self)
{
  g_autofree char *subtitle = NULL;

  if (self->shown_page != NULL)
    g_object_get (self->shown_page, "subtitle", &subtitle, NULL);
  adw_view_switcher_title_set_subtitle (self->switcher_title, subtitle);
}

/* The slot's page in the view stack, or NULL while it is not there: a page
 * only some users may open joins the stack the first time it may be
 * opened, so that start-up builds no switcher button (nor loads an icon)
 * for it. */
static AdwViewStackPage *
stacked_slot (LimnWindow *self,
              guint       index)
{
  GtkWidget *slot = g_ptr_array_index (self->page_slots, index);

  return gtk_widget_get_parent (slot) != NULL ? adw_view_stack_get_page (self->pages, slot) : NULL;
}

static void
stack_slot (LimnWindow *self,
            guint       index)
{
  AdwViewStackPage *slot;

  adw_view_stack_add_titled_with_icon (self->pages, g_ptr_array_index (self->page_slots, index),
                                       page_table[index].name,
                                       g_dgettext (GETTEXT_PACKAGE, page_table[index].title),
                                       page_table[index].icon_name);
  slot = stacked_slot (self, index);
  adw_view_stack_page_set_badge_number (slot, self->page_badges[index]);
  adw_view_stack_page_set_needs_attention (slot, self->page_badges[index] > 0);
}

/* What waits on a page, on its switcher button: a built page says so
 * itself, the window counts for one not built yet. */
void
limn_window_pages_set_badge (LimnWindow *self,
                             const char *name,
                             guint       count)
{
  for (guint i = 0; self->page_slots != NULL && i < G_N_ELEMENTS (page_table); i++)
    if (g_strcmp0 (page_table[i].name, name) == 0)
      {
        AdwViewStackPage *slot = stacked_slot (self, i);

        /* Kept for a slot not in the stack yet: shown when it comes. */
        self->page_badges[i] = count;
        if (slot != NULL)
          {
            adw_view_stack_page_set_badge_number (slot, count);
            adw_view_stack_page_set_needs_attention (slot, count > 0);
          }
      }
}

static void
badge_changed_cb (LimnWindow *self,
                  guint       count,
                  LimnPage   *page)
{
  for (guint i = 0; self->page_slots != NULL && i < self->page_slots->len; i++)
    if (built_page (self, i) == page)
      limn_window_pages_set_badge (self, page_table[i].name, count);
}

static LimnPage *
ensure_page (LimnWindow *self,
             guint       index)
{
  LimnPage *page = built_page (self, index);

  if (page != NULL)
    return page;

  page = g_object_new (page_table[index].get_type (), NULL);
  adw_bin_set_child (g_ptr_array_index (self->page_slots, index), GTK_WIDGET (page));
  g_signal_connect_object (page, "notify::subtitle", G_CALLBACK (subtitle_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (page, "badge-changed", G_CALLBACK (badge_changed_cb), self, G_CONNECT_SWAPPED);

  if (self->session != NULL)
    limn_page_set_session (page, self->session);
  if (self->contents != NULL)
    limn_page_show_project (page, self->contents);

  return page;
}

static void
remove_all (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

/* The visible page's header widgets and actions in, the last one's out. */
static void
visible_page_cb (LimnWindow *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->pages);
  GtkWidget *start, *end;
  LimnPage *page = NULL;
  guint index;

  for (index = 0; index < G_N_ELEMENTS (page_table); index++)
    if (g_strcmp0 (page_table[index].name, name) == 0)
      break;
  if (index < G_N_ELEMENTS (page_table))
    page = ensure_page (self, index);

  if (page == self->shown_page)
    return;

  remove_all (self->page_start);
  remove_all (self->page_end);
  if (self->shown_prefix != NULL)
    gtk_widget_insert_action_group (GTK_WIDGET (self), self->shown_prefix, NULL);
  self->shown_page = page;
  self->shown_prefix = NULL;

  if (page != NULL)
    {
      if ((start = limn_page_get_header_start (page)) != NULL)
        gtk_box_append (self->page_start, start);
      if ((end = limn_page_get_header_end (page)) != NULL)
        gtk_box_append (self->page_end, end);
      if (limn_page_get_actions (page) != NULL)
        {
          self->shown_prefix = page_table[index].prefix;
          gtk_widget_insert_action_group (GTK_WIDGET (self), self->shown_prefix, limn_page_get_actions (page));
        }
    }

  subtitle_cb (self);
}

/* Only the pages the user may open are offered; one page needs no switcher. */
void
limn_window_pages_update_visibility (LimnWindow *self)
{
  guint n_visible = 0;
  gboolean reveal_bar;

  for (guint i = 0; i < G_N_ELEMENTS (page_table); i++)
    {
      gboolean visible = page_table[i].may_open == NULL ||
                         (self->session != NULL && page_table[i].may_open (self->session));
      AdwViewStackPage *slot = stacked_slot (self, i);

      if (slot == NULL && visible)
        stack_slot (self, i);
      else if (slot != NULL)
        adw_view_stack_page_set_visible (slot, visible);
      n_visible += visible;
    }

  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, n_visible > 1);
  reveal_bar = n_visible > 1 && adw_view_switcher_title_get_title_visible (self->switcher_title);
  /* The bar at the bottom is for narrow windows: its page buttons (one
   * template each) are built the first time it shows, not at start-up. */
  if (reveal_bar && adw_view_switcher_bar_get_stack (self->switcher_bar) == NULL)
    adw_view_switcher_bar_set_stack (self->switcher_bar, self->pages);
  adw_view_switcher_bar_set_reveal (self->switcher_bar, reveal_bar);
}

/* The next (@step 1) or previous (-1) page the user may open, in the
 * switcher's order (the stack's: a page that joins it late comes after
 * the others); the keyboard's way to the switcher's buttons. */
void
limn_window_pages_step (LimnWindow *self,
                        int         step)
{
  g_autoptr(GtkSelectionModel) pages = adw_view_stack_get_pages (self->pages);
  GtkWidget *shown = adw_view_stack_get_visible_child (self->pages);
  int n = g_list_model_get_n_items (G_LIST_MODEL (pages));
  int current = -1;

  for (int i = 0; i < n && current < 0; i++)
    {
      g_autoptr(AdwViewStackPage) page = g_list_model_get_item (G_LIST_MODEL (pages), i);

      if (adw_view_stack_page_get_child (page) == shown)
        current = i;
    }
  if (current < 0)
    return;

  for (int i = current + step; i >= 0 && i < n; i += step)
    {
      g_autoptr(AdwViewStackPage) page = g_list_model_get_item (G_LIST_MODEL (pages), i);

      if (adw_view_stack_page_get_visible (page))
        {
          adw_view_stack_set_visible_child (self->pages, adw_view_stack_page_get_child (page));
          return;
        }
    }
}

void
limn_window_pages_init (LimnWindow *self)
{
  self->page_slots = g_ptr_array_new_with_free_func (g_object_unref);
  self->page_badges = g_new0 (guint, G_N_ELEMENTS (page_table));

  for (guint i = 0; i < G_N_ELEMENTS (page_table); i++)
    {
      g_ptr_array_add (self->page_slots, g_object_ref_sink (adw_bin_new ()));
      if (page_table[i].may_open == NULL)
        stack_slot (self, i);
    }

  /* The labeling page is what start-up shows. */
  self->task_page = LIMN_TASK_PAGE (ensure_page (self, 0));
  g_signal_connect_swapped (self->pages, "notify::visible-child", G_CALLBACK (visible_page_cb), self);
  g_signal_connect_swapped (self->switcher_title, "notify::title-visible", G_CALLBACK (limn_window_pages_update_visibility), self);
  visible_page_cb (self);
  limn_window_pages_update_visibility (self);
}

void
limn_window_pages_dispose (LimnWindow *self)
{
  if (self->page_slots == NULL)
    return;

  g_signal_handlers_disconnect_by_data (self->pages, self);
  g_signal_handlers_disconnect_by_data (self->switcher_title, self);
  remove_all (self->page_start);
  remove_all (self->page_end);
  self->shown_page = NULL;
  self->task_page = NULL;
  g_clear_pointer (&self->page_slots, g_ptr_array_unref);
  g_clear_pointer (&self->page_badges, g_free);
}

GPtrArray *
limn_window_pages_get_built (LimnWindow *self)
{
  GPtrArray *built = g_ptr_array_new ();

  for (guint i = 0; self->page_slots != NULL && i < self->page_slots->len; i++)
    if (built_page (self, i) != NULL)
      g_ptr_array_add (built, built_page (self, i));

  return built;
}

void
limn_window_pages_set_session (LimnWindow *self)
{
  g_autoptr(GPtrArray) built = limn_window_pages_get_built (self);

  for (guint i = 0; i < built->len; i++)
    limn_page_set_session (g_ptr_array_index (built, i), self->session);
  limn_window_pages_update_visibility (self);
}

void
limn_window_pages_show_project (LimnWindow *self)
{
  g_autoptr(GPtrArray) built = limn_window_pages_get_built (self);

  for (guint i = 0; i < built->len; i++)
    limn_page_show_project (g_ptr_array_index (built, i), self->contents);
  limn_window_pages_update_visibility (self);
}

void
limn_window_pages_reload (LimnWindow *self)
{
  g_autoptr(GPtrArray) built = limn_window_pages_get_built (self);

  for (guint i = 0; i < built->len; i++)
    limn_page_reload (g_ptr_array_index (built, i));
}

/* The Feedback page, and on it the thread @thread_id (NULL: as it was). */
void
limn_window_pages_show_feedback (LimnWindow *self,
                                 const char *thread_id)
{
  for (guint i = 0; self->page_slots != NULL && i < G_N_ELEMENTS (page_table); i++)
    if (g_str_equal (page_table[i].name, "feedback"))
      {
        LimnPage *page;

        if (stacked_slot (self, i) == NULL)
          return;
        page = ensure_page (self, i);
        if (thread_id != NULL)
          limn_threads_page_show_thread (LIMN_THREADS_PAGE (page), thread_id);
        adw_view_stack_set_visible_child_name (self->pages, "feedback");
      }
}

void
limn_window_pages_close (LimnWindow *self)
{
  g_autoptr(GPtrArray) built = limn_window_pages_get_built (self);

  for (guint i = 0; i < built->len; i++)
    limn_page_close (g_ptr_array_index (built, i));
}
