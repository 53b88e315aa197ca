/* limn-reliability-data.c
 *
 * Values are kept in the order they were added, as (coder, value) pairs.
 * While they arrive unit by unit (the usual case: a store reads them
 * ordered by task) the grouping by unit is kept up to date as they come, in
 * an offsets array, and a coder giving one unit a second value is refused
 * on the spot (one stamp per coder: the last unit it was seen in, plus
 * one). The first value out of unit order switches to keeping each value's
 * unit and grouping lazily, by one counting sort, O(n + units), at the next
 * computation.
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
  GArray   *coded;        /* LimnCodedValue, per value */
  gboolean  in_unit_order;

  /* In unit order: the grouping so far (n_units + 1 offsets) and a stamp
   * per coder. */
  GArray   *run_offsets;  /* gsize */
  GArray   *stamps;       /* guint32 */

  /* Out of order: each value's unit, and the index built from it, valid
   * while !dirty. */
  GArray          *units;  /* guint32 */
  gboolean         dirty;
  gsize           *offsets;
  LimnCodedValue  *sorted;
};

LimnReliabilityData *
limn_reliability_data_new (guint    n_categories,
                           GError **error)
{
  LimnReliabilityData *self;
  gsize zero = 0;

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
  self->coded = g_array_new (FALSE, FALSE, sizeof (LimnCodedValue));
  self->in_unit_order = TRUE;
  self->run_offsets = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_array_append_val (self->run_offsets, zero);
  self->stamps = g_array_new (FALSE, TRUE, sizeof (guint32));

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
  g_array_unref (self->coded);
  g_clear_pointer (&self->run_offsets, g_array_unref);
  g_clear_pointer (&self->stamps, g_array_unref);
  g_clear_pointer (&self->units, g_array_unref);
  g_free (self);
}

static gboolean
duplicate_error (guint32   coder,
                 guint32   unit,
                 GError  **error)
{
  g_set_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_DUPLICATE,
               _("Coder %u gave unit %u more than one value"), coder, unit);
  return FALSE;
}

/* Leaves unit order for good: every value so far gets its unit written
 * out, and the grouping is rebuilt lazily from then on. */
static void
leave_unit_order (LimnReliabilityData *self)
{
  const gsize *offsets = (const gsize *) self->run_offsets->data;

  self->units = g_array_sized_new (FALSE, FALSE, sizeof (guint32), self->coded->len + 1);
  for (guint u = 0; u < self->n_units; u++)
    for (gsize i = offsets[u]; i < offsets[u + 1]; i++)
      g_array_append_val (self->units, u);

  g_clear_pointer (&self->run_offsets, g_array_unref);
  g_clear_pointer (&self->stamps, g_array_unref);
  self->in_unit_order = FALSE;
  self->dirty = TRUE;
}

gboolean
limn_reliability_data_add (LimnReliabilityData *self,
                           guint                unit,
                           guint                coder,
                           guint                value,
                           GError             **error)
{
  LimnCodedValue cv = { coder, value };

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
                   _("Unit %u or coder %u is past the largest index, %u"),
                   unit, coder, LIMN_RELIABILITY_MAX_INDEX);
      return FALSE;
    }

  if (self->in_unit_order && self->n_units > 0 && unit + 1 < self->n_units)
    leave_unit_order (self);

  if (self->in_unit_order)
    {
      gsize *offsets;

      if (coder >= self->stamps->len)
        g_array_set_size (self->stamps, coder + 1);
      if (g_array_index (self->stamps, guint32, coder) == unit + 1)
        return duplicate_error (coder, unit, error);
      g_array_index (self->stamps, guint32, coder) = unit + 1;

      /* Units up to this one start (and the empty ones end) here. */
      if (unit >= self->n_units)
        {
          guint old = self->run_offsets->len;

          g_array_set_size (self->run_offsets, (gsize) unit + 2);
          offsets = (gsize *) self->run_offsets->data;
          for (guint v = old; v <= unit + 1; v++)
            offsets[v] = self->coded->len;
          self->n_units = unit + 1;
        }
      offsets = (gsize *) self->run_offsets->data;
      offsets[unit + 1]++;
    }
  else
    {
      guint32 u = unit;

      g_array_append_val (self->units, u);
      self->n_units = MAX (self->n_units, unit + 1);
      if (!self->dirty)
        clear_index (self);
    }

  g_array_append_val (self->coded, cv);
  self->n_coders = MAX (self->n_coders, coder + 1);
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

/* Out of unit order: values scattered into unit order by a counting sort,
 * then the duplicate check. */
static gboolean
build_index (LimnReliabilityData  *self,
             GError              **error)
{
  const guint32 *units = (const guint32 *) self->units->data;
  const LimnCodedValue *coded = (const LimnCodedValue *) self->coded->data;
  gsize n = self->units->len;
  g_autofree gsize *offsets = g_new0 (gsize, (gsize) self->n_units + 1);
  g_autofree guint32 *stamp = g_new0 (guint32, MAX (self->n_coders, 1));
  g_autofree gsize *next = NULL;
  g_autofree LimnCodedValue *sorted = g_new (LimnCodedValue, MAX (n, 1));

  for (gsize i = 0; i < n; i++)
    offsets[units[i] + 1]++;
  for (guint u = 0; u < self->n_units; u++)
    offsets[u + 1] += offsets[u];

  next = g_memdup2 (offsets, sizeof (gsize) * MAX (self->n_units, 1));
  for (gsize i = 0; i < n; i++)
    sorted[next[units[i]]++] = coded[i];

  for (guint u = 0; u < self->n_units; u++)
    for (gsize i = offsets[u]; i < offsets[u + 1]; i++)
      {
        guint32 c = sorted[i].coder;

        if (stamp[c] == u + 1)
          return duplicate_error (c, u, error);
        stamp[c] = u + 1;
      }

  self->sorted = g_steal_pointer (&sorted);
  self->offsets = g_steal_pointer (&offsets);
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

  index->n_units = self->n_units;
  index->n_coders = self->n_coders;
  index->n_categories = self->n_categories;
  index->values = (const LimnCodedValue *) self->coded->data;

  if (self->in_unit_order)
    {
      index->offsets = (const gsize *) self->run_offsets->data;
      return TRUE;
    }

  if (self->dirty)
    {
      if (!build_index (self, error))
        return FALSE;
      self->dirty = FALSE;
    }

  index->offsets = self->offsets;
  index->values = self->sorted;
  return TRUE;
}
