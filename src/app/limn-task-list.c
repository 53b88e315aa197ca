/* limn-task-list.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include "limn-task-list.h"
#include "limn-task-row.h"
#include "limn-task-selection.h"

struct _LimnTaskList
{
  GtkWidget          parent_instance;

  GtkListView       *view;

  GListStore        *tasks;
  LimnTaskSelection *selection;
};

G_DEFINE_FINAL_TYPE (LimnTaskList, limn_task_list, GTK_TYPE_WIDGET)

enum {
  TASK_ACTIVATED,
  SELECTION_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  data)
{
  gtk_list_item_set_child (item, limn_task_row_new ());
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  data)
{
  limn_task_row_set_task (LIMN_TASK_ROW (gtk_list_item_get_child (item)),
                          gtk_list_item_get_item (item));
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  data)
{
  limn_task_row_set_task (LIMN_TASK_ROW (gtk_list_item_get_child (item)), NULL);
}

/* A click or Enter on a row: the only ways the list asks for a task. */
static void
activate_cb (GtkListView  *view,
             guint         position,
             LimnTaskList *self)
{
  g_signal_emit (self, signals[TASK_ACTIVATED], 0, position);
}

static void
selection_changed_cb (LimnTaskList *self)
{
  g_signal_emit (self, signals[SELECTION_CHANGED], 0);
}

void
limn_task_list_set_tasks (LimnTaskList *self,
                          GPtrArray    *tasks)
{
  g_return_if_fail (LIMN_IS_TASK_LIST (self));

  limn_task_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_list_store_splice (self->tasks, 0, g_list_model_get_n_items (G_LIST_MODEL (self->tasks)),
                       tasks->pdata, tasks->len);
}

GPtrArray *
limn_task_list_merge (LimnTaskList *self,
                      GPtrArray    *fresh,
                      LimnTask     *open,
                      gboolean      open_dirty)
{
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) sent_back = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) newly = g_ptr_array_new_with_free_func (g_object_unref);
  guint n;

  g_return_val_if_fail (LIMN_IS_TASK_LIST (self), NULL);

  for (guint i = 0; i < fresh->len; i++)
    {
      LimnTask *t = g_ptr_array_index (fresh, i);

      g_hash_table_insert (by_id, (gpointer)limn_task_get_id (t), t);
    }

  /* Update the rows in place (the open task keeps its object). */
  n = g_list_model_get_n_items (G_LIST_MODEL (self->tasks));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LimnTask) t = g_list_model_get_item (G_LIST_MODEL (self->tasks), i);
      LimnTask *f = g_hash_table_lookup (by_id, limn_task_get_id (t));

      if (f == NULL)
        continue;

      if (limn_task_get_status (f) == LIMN_TASK_STATUS_NEEDS_REWORK &&
          limn_task_get_status (t) != LIMN_TASK_STATUS_NEEDS_REWORK)
        {
          g_ptr_array_add (newly, g_object_ref (t));
          if (i != limn_task_selection_get_selected (self->selection))
            g_ptr_array_add (sent_back, g_object_ref (t));
        }

      if (t != open || !open_dirty)
        {
          limn_task_set_status (t, limn_task_get_status (f));
          limn_task_set_n_regions (t, limn_task_get_n_regions (f));
        }
      limn_task_set_flagged (t, limn_task_get_flagged (f));
      limn_task_set_conflicted (t, limn_task_get_conflicted (f));
      limn_task_set_unsent (t, limn_task_get_unsent (f));
      g_hash_table_remove (by_id, limn_task_get_id (t));
    }

  /* A task sent back is first in the queue, as the store lists it (the
   * open one stays where the annotator is). */
  for (guint k = sent_back->len; k > 0; k--)
    {
      LimnTask *t = g_ptr_array_index (sent_back, k - 1);
      guint pos;

      if (g_list_store_find (self->tasks, t, &pos))
        {
          g_object_ref (t);
          g_list_store_remove (self->tasks, pos);
          g_list_store_insert (self->tasks, 0, t);
          g_object_unref (t);
        }
    }

  /* New tasks (claimed, assigned) go at the end, in the store's order. */
  for (guint i = 0; i < fresh->len; i++)
    {
      LimnTask *t = g_ptr_array_index (fresh, i);

      if (g_hash_table_contains (by_id, limn_task_get_id (t)))
        g_list_store_append (self->tasks, t);
    }

  return g_steal_pointer (&newly);
}

guint
limn_task_list_get_n_tasks (LimnTaskList *self)
{
  g_return_val_if_fail (LIMN_IS_TASK_LIST (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->tasks));
}

LimnTask *
limn_task_list_get_task (LimnTaskList *self,
                         guint         position)
{
  g_return_val_if_fail (LIMN_IS_TASK_LIST (self), NULL);
  return g_list_model_get_item (G_LIST_MODEL (self->tasks), position);
}

guint
limn_task_list_get_selected (LimnTaskList *self)
{
  g_return_val_if_fail (LIMN_IS_TASK_LIST (self), GTK_INVALID_LIST_POSITION);
  return limn_task_selection_get_selected (self->selection);
}

LimnTask *
limn_task_list_get_selected_task (LimnTaskList *self)
{
  g_return_val_if_fail (LIMN_IS_TASK_LIST (self), NULL);
  return limn_task_selection_get_selected_item (self->selection);
}

void
limn_task_list_select (LimnTaskList *self,
                       guint         position)
{
  g_return_if_fail (LIMN_IS_TASK_LIST (self));

  if (position >= limn_task_list_get_n_tasks (self))
    return;

  limn_task_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self->view), "list.scroll-to-item", "u", position);
}

guint
limn_task_list_count_status (LimnTaskList   *self,
                             LimnTaskStatus  status)
{
  guint n = limn_task_list_get_n_tasks (self);
  guint count = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LimnTask) t = g_list_model_get_item (G_LIST_MODEL (self->tasks), i);

      if (limn_task_get_status (t) == status)
        count++;
    }

  return count;
}

guint
limn_task_list_first_rework (LimnTaskList *self,
                             guint         from)
{
  guint n = limn_task_list_get_n_tasks (self);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LimnTask) t = g_list_model_get_item (G_LIST_MODEL (self->tasks), i);

      if (i != from && limn_task_get_status (t) == LIMN_TASK_STATUS_NEEDS_REWORK)
        return i;
    }

  return GTK_INVALID_LIST_POSITION;
}

guint
limn_task_list_find (LimnTaskList *self,
                     const char   *task_id)
{
  guint n = limn_task_list_get_n_tasks (self);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LimnTask) t = g_list_model_get_item (G_LIST_MODEL (self->tasks), i);

      if (g_strcmp0 (limn_task_get_id (t), task_id) == 0)
        return i;
    }

  return GTK_INVALID_LIST_POSITION;
}

guint
limn_task_list_next_to_do (LimnTaskList *self,
                           guint         from)
{
  guint n = limn_task_list_get_n_tasks (self);
  guint rework = limn_task_list_first_rework (self, from);

  /* The reviewer is waiting on rework: it comes before new work. */
  if (rework != GTK_INVALID_LIST_POSITION)
    return rework;

  if (from == GTK_INVALID_LIST_POSITION)
    from = n - 1;

  for (guint k = 1; k <= n; k++)
    {
      guint i = (from + k) % n;
      g_autoptr(LimnTask) t = g_list_model_get_item (G_LIST_MODEL (self->tasks), i);
      LimnTaskStatus status = limn_task_get_status (t);

      /* Skipped tasks wait until the annotator goes back to them. */
      if (limn_task_status_is_to_do (status))
        return i;
    }

  return GTK_INVALID_LIST_POSITION;
}

GtkWidget *
limn_task_list_get_view (LimnTaskList *self)
{
  g_return_val_if_fail (LIMN_IS_TASK_LIST (self), NULL);
  return GTK_WIDGET (self->view);
}

static void
limn_task_list_dispose (GObject *object)
{
  LimnTaskList *self = LIMN_TASK_LIST (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), LIMN_TYPE_TASK_LIST);
  /* The template's outer box is not bound: unparent it here. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->selection);
  g_clear_object (&self->tasks);

  G_OBJECT_CLASS (limn_task_list_parent_class)->dispose (object);
}

static void
limn_task_list_class_init (LimnTaskListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = limn_task_list_dispose;

  /**
   * LimnTaskList::task-activated:
   * @position: the row the annotator clicked or pressed Enter on
   */
  signals[TASK_ACTIVATED] =
    g_signal_new ("task-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  /**
   * LimnTaskList::selection-changed:
   *
   * limn_task_list_select() marked another task as open.
   */
  signals[SELECTION_CHANGED] =
    g_signal_new ("selection-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, LIMN_RESOURCE_PATH "/ui/limn-task-list.ui");
  gtk_widget_class_bind_template_child (widget_class, LimnTaskList, view);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "tasklist");
}

static void
limn_task_list_init (LimnTaskList *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->tasks = g_list_store_new (LIMN_TYPE_TASK);
  self->selection = limn_task_selection_new (G_LIST_MODEL (self->tasks));
  g_signal_connect_swapped (self->selection, "selection-changed", G_CALLBACK (selection_changed_cb), self);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), NULL);
  gtk_list_view_set_factory (self->view, factory);
  gtk_list_view_set_model (self->view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect (self->view, "activate", G_CALLBACK (activate_cb), self);
}
