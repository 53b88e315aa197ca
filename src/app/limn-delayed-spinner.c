/* limn-delayed-spinner.c
 *
 * Most loads finish before a spinner's first turn, and one that flashes for
 * a tenth of a second reads as a glitch. Its icon is also an SVG, which
 * would load librsvg (9 MB resident, ~10 ms) on every start for nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include "limn-delayed-spinner.h"

#define DELAY_MS 500

static const char pending_key[] = "limn-delayed-spinner-source";

static gboolean
reveal_cb (gpointer data)
{
  GtkSpinner *spinner = data;

  g_object_set_data (G_OBJECT (spinner), pending_key, NULL);
  gtk_widget_set_visible (GTK_WIDGET (spinner), TRUE);
  gtk_spinner_start (spinner);

  return G_SOURCE_REMOVE;
}

void
limn_delayed_spinner_start (GtkSpinner *spinner)
{
  guint id;

  g_return_if_fail (GTK_IS_SPINNER (spinner));

  if (gtk_widget_get_visible (GTK_WIDGET (spinner)) ||
      g_object_get_data (G_OBJECT (spinner), pending_key) != NULL)
    return;

  /* The source holds a reference, so it never fires on a freed spinner. */
  id = g_timeout_add_full (G_PRIORITY_DEFAULT, DELAY_MS, reveal_cb,
                           g_object_ref (spinner), g_object_unref);
  g_object_set_data (G_OBJECT (spinner), pending_key, GUINT_TO_POINTER (id));
}

void
limn_delayed_spinner_stop (GtkSpinner *spinner)
{
  guint id;

  g_return_if_fail (GTK_IS_SPINNER (spinner));

  id = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (spinner), pending_key));
  if (id != 0)
    {
      g_source_remove (id);
      g_object_set_data (G_OBJECT (spinner), pending_key, NULL);
    }

  gtk_spinner_stop (spinner);
  gtk_widget_set_visible (GTK_WIDGET (spinner), FALSE);
}
