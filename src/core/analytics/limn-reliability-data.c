/* limn-reliability-data.c
 *
 * Values are kept in the order they were added: the unit of each in one
 * array, the (coder, value) pair in another. Grouping by unit is free when
 * values arrive unit by unit (the usual case: a store reads them ordered by
 * task), and otherwise one counting sort, O(n + units).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-analytics"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "limn-reliability-data-private.h"

struct _LimnReliabilityData
{
  guint     n_categories;
  guint     n_units;
  guint     n_coders;
  GArray   *units;        /* guint32, per value */
  GArray   *coded;        /* LimnCodedValue, per value */
  gboolean  in_unit_order;

  /* The index, valid while !dirty */
  gboolean        dirty;
  gsize          *offsets;
  LimnCodedValue *sorted;  /* NULL when coded is already in unit order */
};

LimnReliabilityData *
limn_reliability_data_new (guint    n_categories,
                           GError **error)
{
  LimnReliabilityData *self;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (n_categories < 1 || n_categories > LIMN_RELIABILITY_MAX_CATEGORIES)
    {
      g_set_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_INVALID,
                   _("A reliability table needs from 1 to %u categories, not %u"),
                   LIMN_RELIABILITY_MAX_CATEGORIES, n_categories);
      return NULL;
    }

  self = g_new0 (LimnReliabilityData, 1);
  self->n_categories = n_categories;
  self->units = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->coded = g_array_new (FALSE, FALSE, sizeof (LimnCodedValue));
  self->in_unit_order = TRUE;
  self->dirty = TRUE;

  return self;
}

static void
clear_index (LimnReliabilityData *self)
{
  g_clear_pointer (&self->offsets, g_free);
  g_clear_pointer (&self->sorted, g_free);
  self->dirty = TRUE;
}

void
limn_reliability_data_free (LimnReliabilityData *self)
{
  if (self == NULL)
    return;

  clear_index (self);
  g_array_unref (self->units);
  g_array_unref (self->coded);
  g_free (self);
}

gboolean
limn_reliability_data_add (LimnReliabilityData *self,
                           guint                unit,
                           guint                coder,
                           guint                value,
                           GError             **error)
{
  LimnCodedValue cv = { coder, value };
  guint32 u = unit;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (value >= self->n_categories)
    {
      g_set_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_INVALID,
                   _("Category %u is not one of the table’s %u categories"),
                   value, self->n_categories);
      return FALSE;
    }

  if (unit > LIMN_RELIABILITY_MAX_INDEX || coder > LIMN_RELIABILITY_MAX_INDEX)
    {
      g_set_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_INVALID,
                   _("Unit %u or coder %u is past the largest index, %d"),
                   unit, coder, LIMN_RELIABILITY_MAX_INDEX);
      return FALSE;
    }

  if (self->units->len > 0 && unit < g_array_index (self->units, guint32, self->units->len - 1))
    self->in_unit_order = FALSE;

  g_array_append_val (self->units, u);
  g_array_append_val (self->coded, cv);
  self->n_units = MAX (self->n_units, unit + 1);
  self->n_coders = MAX (self->n_coders, coder + 1);
  if (!self->dirty)
    clear_index (self);

  return TRUE;
}

guint
limn_reliability_data_get_n_categories (const LimnReliabilityData *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_categories;
}

guint
limn_reliability_data_get_n_units (const LimnReliabilityData *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_units;
}

guint
limn_reliability_data_get_n_coders (const LimnReliabilityData *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_coders;
}

gsize
limn_reliability_data_get_n_values (const LimnReliabilityData *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->coded->len;
}

static void
build_index (LimnReliabilityData *self)
{
  const guint32 *units = (const guint32 *) self->units->data;
  const LimnCodedValue *coded = (const LimnCodedValue *) self->coded->data;
  gsize n = self->units->len;
  gsize *offsets = g_new0 (gsize, (gsize) self->n_units + 1);

  /* Counts per unit, then their prefix sums: offsets[u] is where unit u
   * starts. */
  for (gsize i = 0; i < n; i++)
    offsets[units[i] + 1]++;
  for (guint u = 0; u < self->n_units; u++)
    offsets[u + 1] += offsets[u];

  if (!self->in_unit_order)
    {
      g_autofree gsize *next = g_memdup2 (offsets, sizeof (gsize) * self->n_units);

      self->sorted = g_new (LimnCodedValue, MAX (n, 1));
      for (gsize i = 0; i < n; i++)
        self->sorted[next[units[i]]++] = coded[i];
    }

  self->offsets = offsets;
}

/* A coder twice in one unit: one stamp per coder, the last unit it was seen
 * in plus one, so the check is a single pass. */
static gboolean
check_duplicates (LimnReliabilityData *self,
                  GError             **error)
{
  const LimnCodedValue *values = self->sorted ? self->sorted
                                              : (const LimnCodedValue *) self->coded->data;
  g_autofree guint32 *stamp = g_new0 (guint32, MAX (self->n_coders, 1));

  for (guint u = 0; u < self->n_units; u++)
    for (gsize i = self->offsets[u]; i < self->offsets[u + 1]; i++)
      {
        guint32 c = values[i].coder;

        if (stamp[c] == u + 1)
          {
            g_set_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_DUPLICATE,
                         _("Coder %u gave unit %u more than one value"), c, u);
            return FALSE;
          }
        stamp[c] = u + 1;
      }

  return TRUE;
}

gboolean
limn_reliability_data_get_index (LimnReliabilityData  *self,
                                 LimnReliabilityIndex *index,
                                 GError              **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (index != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->dirty)
    {
      build_index (self);
      if (!check_duplicates (self, error))
        {
          clear_index (self);
          return FALSE;
        }
      self->dirty = FALSE;
    }

  index->n_units = self->n_units;
  index->n_coders = self->n_coders;
  index->n_categories = self->n_categories;
  index->offsets = self->offsets;
  index->values = self->sorted ? self->sorted : (const LimnCodedValue *) self->coded->data;

  return TRUE;
}
