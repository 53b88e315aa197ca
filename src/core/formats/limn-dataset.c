/* limn-dataset.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-formats"

#include "config.h"

#include <string.h>

#include "limn-dataset.h"

struct _LimnDataset
{
  GPtrArray         *labels;        /* LimnDatasetLabel */
  GHashTable        *label_names;   /* name → index + 1 */
  GPtrArray         *items;         /* LimnDatasetItem */
  GHashTable        *item_names;    /* name → first item with it (borrowed) */
  LimnDatasetCounts  flushed;       /* counts of items already handed to the sink */
  LimnDatasetSink    sink;
  gpointer           sink_data;
  LimnAttrs          attrs;
};

const char *
limn_attrs_get (LimnAttrs   attrs,
                const char *key)
{
  for (guint i = 0; attrs != NULL && attrs[i] != NULL; i += 2)
    if (g_str_equal (attrs[i], key))
      return attrs[i + 1];

  return NULL;
}

void
limn_attrs_set (LimnAttrs  *attrs,
                const char *key,
                const char *value)
{
  guint n = *attrs ? g_strv_length (*attrs) : 0;

  for (guint i = 0; i < n; i += 2)
    if (g_str_equal ((*attrs)[i], key))
      {
        if (value != NULL)
          {
            g_free ((*attrs)[i + 1]);
            (*attrs)[i + 1] = g_strdup (value);
            return;
          }

        g_free ((*attrs)[i]);
        g_free ((*attrs)[i + 1]);
        memmove (&(*attrs)[i], &(*attrs)[i + 2], (n - i - 1) * sizeof (char *));
        if (n == 2)
          g_clear_pointer (attrs, g_strfreev);
        return;
      }

  if (value == NULL)
    return;

  *attrs = g_renew (char *, *attrs, n + 3);
  (*attrs)[n] = g_strdup (key);
  (*attrs)[n + 1] = g_strdup (value);
  (*attrs)[n + 2] = NULL;
}

static void
label_free (gpointer data)
{
  LimnDatasetLabel *label = data;

  g_free (label->name);
  g_free (label->id);
  g_free (label->color);
  g_strfreev (label->attrs);
  g_free (label);
}

static void
region_clear (gpointer data)
{
  LimnDatasetRegion *region = data;

  g_free (region->text);
  g_free (region->id);
  g_free (region->group);
  g_strfreev (region->attrs);
}

static void
annotation_free (gpointer data)
{
  LimnDatasetAnnotation *annotation = data;

  g_free (annotation->annotator);
  g_free (annotation->model);
  g_free (annotation->model_version);
  g_array_unref (annotation->regions);
  g_free (annotation);
}

static void
item_free (gpointer data)
{
  LimnDatasetItem *item = data;

  g_free (item->name);
  g_free (item->path);
  g_free (item->text);
  g_strfreev (item->attrs);
  g_ptr_array_unref (item->annotations);
  g_ptr_array_unref (item->suggestions);
  g_free (item);
}

LimnDataset *
limn_dataset_new (void)
{
  LimnDataset *dataset = g_new0 (LimnDataset, 1);

  dataset->labels = g_ptr_array_new_with_free_func (label_free);
  dataset->label_names = g_hash_table_new (g_str_hash, g_str_equal);
  dataset->items = g_ptr_array_new_with_free_func (item_free);
  dataset->item_names = g_hash_table_new (g_str_hash, g_str_equal);

  return dataset;
}

void
limn_dataset_free (LimnDataset *dataset)
{
  if (dataset == NULL)
    return;

  g_hash_table_unref (dataset->item_names);
  g_ptr_array_unref (dataset->items);
  g_hash_table_unref (dataset->label_names);
  g_ptr_array_unref (dataset->labels);
  g_strfreev (dataset->attrs);
  g_free (dataset);
}

const char *
limn_dataset_get_attr (LimnDataset *dataset,
                       const char  *key)
{
  return limn_attrs_get (dataset->attrs, key);
}

void
limn_dataset_set_attr (LimnDataset *dataset,
                       const char  *key,
                       const char  *value)
{
  limn_attrs_set (&dataset->attrs, key, value);
}

LimnDatasetLabel *
limn_dataset_edit_label (LimnDataset *dataset,
                         guint        index)
{
  g_return_val_if_fail (index < dataset->labels->len, NULL);

  return g_ptr_array_index (dataset->labels, index);
}

guint
limn_dataset_get_n_labels (LimnDataset *dataset)
{
  return dataset->labels->len;
}

const LimnDatasetLabel *
limn_dataset_get_label (LimnDataset *dataset,
                        guint        index)
{
  g_return_val_if_fail (index < dataset->labels->len, NULL);

  return g_ptr_array_index (dataset->labels, index);
}

int
limn_dataset_find_label (LimnDataset *dataset,
                         const char  *name)
{
  return GPOINTER_TO_INT (g_hash_table_lookup (dataset->label_names, name)) - 1;
}

int
limn_dataset_find_label_id (LimnDataset *dataset,
                            const char  *id)
{
  for (guint i = 0; i < dataset->labels->len; i++)
    {
      LimnDatasetLabel *label = g_ptr_array_index (dataset->labels, i);

      if (g_strcmp0 (label->id, id) == 0)
        return (int) i;
    }

  return -1;
}

guint
limn_dataset_add_label (LimnDataset *dataset,
                        const char  *name,
                        const char  *id,
                        const char  *color)
{
  LimnDatasetLabel *label;
  int found = limn_dataset_find_label (dataset, name);

  if (found >= 0)
    return (guint) found;

  label = g_new0 (LimnDatasetLabel, 1);
  label->name = g_strdup (name);
  label->id = g_strdup (id);
  label->color = g_strdup (color);
  g_ptr_array_add (dataset->labels, label);
  g_hash_table_insert (dataset->label_names, label->name, GUINT_TO_POINTER (dataset->labels->len));

  return dataset->labels->len - 1;
}

static LimnDatasetItem *
add_item (LimnDataset  *dataset,
          LimnTaskKind  kind,
          const char   *name)
{
  LimnDatasetItem *item = g_new0 (LimnDatasetItem, 1);

  item->kind = kind;
  item->name = g_strdup (name ? name : "");
  item->annotations = g_ptr_array_new_with_free_func (annotation_free);
  item->suggestions = g_ptr_array_new_with_free_func (annotation_free);
  g_ptr_array_add (dataset->items, item);
  if (!g_hash_table_contains (dataset->item_names, item->name))
    g_hash_table_insert (dataset->item_names, item->name, item);

  return item;
}

LimnDatasetItem *
limn_dataset_add_image (LimnDataset *dataset,
                        const char  *name,
                        const char  *path,
                        int          width,
                        int          height)
{
  LimnDatasetItem *item = add_item (dataset, LIMN_TASK_IMAGE, name);

  item->path = g_strdup (path);
  item->width = MAX (width, 0);
  item->height = MAX (height, 0);

  return item;
}

LimnDatasetItem *
limn_dataset_add_text (LimnDataset *dataset,
                       const char  *name,
                       const char  *text)
{
  LimnDatasetItem *item = add_item (dataset, LIMN_TASK_TEXT, name);

  item->text = g_strdup (text ? text : "");

  return item;
}

LimnDatasetItem *
limn_dataset_lookup_item (LimnDataset *dataset,
                          const char  *name)
{
  return g_hash_table_lookup (dataset->item_names, name);
}

guint
limn_dataset_get_n_items (LimnDataset *dataset)
{
  return dataset->items->len;
}

LimnDatasetItem *
limn_dataset_get_item (LimnDataset *dataset,
                       guint        index)
{
  g_return_val_if_fail (index < dataset->items->len, NULL);

  return g_ptr_array_index (dataset->items, index);
}

static void
count_item (const LimnDatasetItem *item,
            LimnDatasetCounts     *counts)
{
  counts->items++;
  if (item->kind == LIMN_TASK_IMAGE)
    counts->images++;
  else
    counts->texts++;

  counts->annotations += item->annotations->len;
  counts->suggestions += item->suggestions->len;

  for (guint i = 0; i < item->annotations->len; i++)
    {
      LimnDatasetAnnotation *a = g_ptr_array_index (item->annotations, i);

      for (guint j = 0; j < a->regions->len; j++)
        {
          if (g_array_index (a->regions, LimnDatasetRegion, j).kind == LIMN_REGION_BOX)
            counts->boxes++;
          else
            counts->spans++;
        }
    }

  for (guint i = 0; i < item->suggestions->len; i++)
    counts->suggested += ((LimnDatasetAnnotation *) g_ptr_array_index (item->suggestions, i))->regions->len;
}

void
limn_dataset_get_counts (LimnDataset       *dataset,
                         LimnDatasetCounts *counts)
{
  *counts = dataset->flushed;
  for (guint i = 0; i < dataset->items->len; i++)
    count_item (g_ptr_array_index (dataset->items, i), counts);
}

GPtrArray *
limn_dataset_list_annotators (LimnDataset *dataset)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *annotators = g_ptr_array_new_with_free_func (g_free);
  gboolean unnamed = FALSE;

  for (guint i = 0; i < dataset->items->len; i++)
    {
      LimnDatasetItem *item = g_ptr_array_index (dataset->items, i);

      for (guint j = 0; j < item->annotations->len; j++)
        {
          LimnDatasetAnnotation *a = g_ptr_array_index (item->annotations, j);

          if (a->annotator == NULL)
            unnamed = TRUE;
          else if (g_hash_table_add (seen, a->annotator))
            g_ptr_array_add (annotators, g_strdup (a->annotator));
        }
    }

  if (unnamed)
    g_ptr_array_insert (annotators, 0, NULL);

  return annotators;
}

static LimnDatasetAnnotation *
find_or_add (GPtrArray  *list,
             const char *annotator,
             const char *model,
             const char *model_version)
{
  LimnDatasetAnnotation *annotation;

  for (guint i = 0; i < list->len; i++)
    {
      annotation = g_ptr_array_index (list, i);
      if (g_strcmp0 (annotation->annotator, annotator) == 0 &&
          g_strcmp0 (annotation->model, model) == 0 &&
          g_strcmp0 (annotation->model_version, model_version) == 0)
        return annotation;
    }

  annotation = g_new0 (LimnDatasetAnnotation, 1);
  annotation->annotator = g_strdup (annotator);
  annotation->model = g_strdup (model);
  annotation->model_version = g_strdup (model_version);
  annotation->regions = g_array_new (FALSE, TRUE, sizeof (LimnDatasetRegion));
  g_array_set_clear_func (annotation->regions, region_clear);
  g_ptr_array_add (list, annotation);

  return annotation;
}

LimnDatasetAnnotation *
limn_dataset_item_annotation (LimnDatasetItem *item,
                              const char      *annotator)
{
  return find_or_add (item->annotations, annotator, NULL, NULL);
}

LimnDatasetAnnotation *
limn_dataset_item_suggestion (LimnDatasetItem *item,
                              const char      *model,
                              const char      *model_version)
{
  return find_or_add (item->suggestions, NULL, model, model_version);
}

static LimnDatasetRegion *
add_region (LimnDatasetAnnotation *annotation,
            LimnRegionKind         kind,
            guint                  label)
{
  LimnDatasetRegion region = { 0 };

  region.kind = kind;
  region.label = label;
  region.score = LIMN_SCORE_UNSET;
  g_array_append_val (annotation->regions, region);

  return &g_array_index (annotation->regions, LimnDatasetRegion, annotation->regions->len - 1);
}

LimnDatasetRegion *
limn_dataset_annotation_add_box (LimnDatasetAnnotation *annotation,
                                 guint                  label,
                                 const LimnBox         *box)
{
  LimnDatasetRegion *region = add_region (annotation, LIMN_REGION_BOX, label);

  region->box = *box;
  return region;
}

LimnDatasetRegion *
limn_dataset_annotation_add_span (LimnDatasetAnnotation *annotation,
                                  guint                  label,
                                  gint64                 start,
                                  gint64                 end,
                                  const char            *text)
{
  LimnDatasetRegion *region = add_region (annotation, LIMN_REGION_SPAN, label);

  region->start = start;
  region->end = end;
  region->text = g_strdup (text);
  return region;
}

void
limn_dataset_set_sink (LimnDataset     *dataset,
                       LimnDatasetSink  sink,
                       gpointer         user_data)
{
  dataset->sink = sink;
  dataset->sink_data = user_data;
}

gboolean
limn_dataset_flush (LimnDataset  *dataset,
                    GError      **error)
{
  gboolean ok = TRUE;
  guint i;

  if (dataset->sink == NULL)
    return TRUE;

  for (i = 0; i < dataset->items->len && ok; i++)
    {
      LimnDatasetItem *item = g_ptr_array_index (dataset->items, i);

      count_item (item, &dataset->flushed);
      ok = dataset->sink (dataset, item, dataset->sink_data, error);
    }

  g_hash_table_remove_all (dataset->item_names);
  g_ptr_array_set_size (dataset->items, 0);

  return ok;
}

void
limn_dataset_truncate (LimnDataset *dataset,
                       guint        n_items,
                       guint        n_labels)
{
  if (n_items < dataset->items->len)
    {
      g_ptr_array_set_size (dataset->items, n_items);
      g_hash_table_remove_all (dataset->item_names);
      for (guint i = dataset->items->len; i > 0; i--)
        {
          LimnDatasetItem *item = g_ptr_array_index (dataset->items, i - 1);

          g_hash_table_insert (dataset->item_names, item->name, item);
        }
    }

  while (dataset->labels->len > n_labels)
    {
      LimnDatasetLabel *label = g_ptr_array_index (dataset->labels, dataset->labels->len - 1);

      g_hash_table_remove (dataset->label_names, label->name);
      g_ptr_array_set_size (dataset->labels, dataset->labels->len - 1);
    }
}
