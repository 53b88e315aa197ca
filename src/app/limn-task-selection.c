/* limn-task-selection.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include "limn-task-selection.h"

struct _LimnTaskSelection
{
  GObject     parent_instance;

  GListModel *model;
  guint       selected;
};

static GType
get_item_type (GListModel *list)
{
  return g_list_model_get_item_type (LIMN_TASK_SELECTION (list)->model);
}

static guint
get_n_items (GListModel *list)
{
  return g_list_model_get_n_items (LIMN_TASK_SELECTION (list)->model);
}

static gpointer
get_item (GListModel *list,
          guint       position)
{
  return g_list_model_get_item (LIMN_TASK_SELECTION (list)->model, position);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static gboolean
is_selected (GtkSelectionModel *model,
             guint              position)
{
  return position == LIMN_TASK_SELECTION (model)->selected;
}

/* Requests from the view: refused, whatever they are. */
static gboolean
refuse_item (GtkSelectionModel *model,
             guint              position,
             gboolean           unselect_rest)
{
  return FALSE;
}

static gboolean
refuse (GtkSelectionModel *model)
{
  return FALSE;
}

static gboolean
refuse_position (GtkSelectionModel *model,
                 guint              position)
{
  return FALSE;
}

static gboolean
refuse_range (GtkSelectionModel *model,
              guint              position,
              guint              n_items,
              gboolean           unselect_rest)
{
  return FALSE;
}

static gboolean
refuse_unselect_range (GtkSelectionModel *model,
                       guint              position,
                       guint              n_items)
{
  return FALSE;
}

static gboolean
refuse_set (GtkSelectionModel *model,
            GtkBitset         *selected,
            GtkBitset         *mask)
{
  return FALSE;
}

static void
selection_model_iface_init (GtkSelectionModelInterface *iface)
{
  iface->is_selected = is_selected;
  iface->select_item = refuse_item;
  iface->unselect_item = refuse_position;
  iface->select_range = refuse_range;
  iface->unselect_range = refuse_unselect_range;
  iface->select_all = refuse;
  iface->unselect_all = refuse;
  iface->set_selection = refuse_set;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (LimnTaskSelection, limn_task_selection, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init)
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SELECTION_MODEL, selection_model_iface_init))

/* Rows come and go (a sync adds tasks): the open one keeps its place. */
static void
items_changed_cb (GListModel        *model,
                  guint              position,
                  guint              removed,
                  guint              added,
                  LimnTaskSelection *self)
{
  if (self->selected != GTK_INVALID_LIST_POSITION && self->selected >= position)
    {
      if (self->selected < position + removed)
        self->selected = GTK_INVALID_LIST_POSITION;
      else
        self->selected = self->selected - removed + added;
    }

  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

static void
limn_task_selection_dispose (GObject *object)
{
  LimnTaskSelection *self = LIMN_TASK_SELECTION (object);

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, items_changed_cb, self);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (limn_task_selection_parent_class)->dispose (object);
}

static void
limn_task_selection_class_init (LimnTaskSelectionClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = limn_task_selection_dispose;
}

static void
limn_task_selection_init (LimnTaskSelection *self)
{
  self->selected = GTK_INVALID_LIST_POSITION;
}

LimnTaskSelection *
limn_task_selection_new (GListModel *model)
{
  LimnTaskSelection *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (model), NULL);

  self = g_object_new (LIMN_TYPE_TASK_SELECTION, NULL);
  self->model = g_object_ref (model);
  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), self);

  return self;
}

guint
limn_task_selection_get_selected (LimnTaskSelection *self)
{
  g_return_val_if_fail (LIMN_IS_TASK_SELECTION (self), GTK_INVALID_LIST_POSITION);
  return self->selected;
}

gpointer
limn_task_selection_get_selected_item (LimnTaskSelection *self)
{
  g_autoptr(GObject) item = NULL;

  g_return_val_if_fail (LIMN_IS_TASK_SELECTION (self), NULL);

  if (self->selected == GTK_INVALID_LIST_POSITION)
    return NULL;

  /* The model holds the item; hand out a borrowed pointer, like
   * GtkSingleSelection does. */
  item = g_list_model_get_item (self->model, self->selected);
  return item;
}

void
limn_task_selection_set_selected (LimnTaskSelection *self,
                                  guint              position)
{
  guint old;

  g_return_if_fail (LIMN_IS_TASK_SELECTION (self));

  if (position != GTK_INVALID_LIST_POSITION && position >= g_list_model_get_n_items (self->model))
    position = GTK_INVALID_LIST_POSITION;
  if (position == self->selected)
    return;

  old = self->selected;
  self->selected = position;

  if (old == GTK_INVALID_LIST_POSITION)
    gtk_selection_model_selection_changed (GTK_SELECTION_MODEL (self), position, 1);
  else if (position == GTK_INVALID_LIST_POSITION)
    gtk_selection_model_selection_changed (GTK_SELECTION_MODEL (self), old, 1);
  else
    gtk_selection_model_selection_changed (GTK_SELECTION_MODEL (self), MIN (old, position),
                                           MAX (old, position) - MIN (old, position) + 1);
}
