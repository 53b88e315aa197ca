/* limn-tooltip.c
 *
 * gtk_widget_set_tooltip_text() on a visible widget makes GTK 4.8 query
 * the pointer as if it had moved: on X11 that is a round trip to the
 * server (three requests) each time, ~0.1 ms, paid for every confidence
 * step and task row while the window is built, and again on each update.
 * Here the text is kept on the widget and handed over in ::query-tooltip,
 * which GTK emits only when a tooltip is about to show.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include "limn-tooltip.h"

static GQuark
tooltip_text_quark (void)
{
  return g_quark_from_static_string ("limn-tooltip-text");
}

static gboolean
query_tooltip_cb (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard_mode,
                  GtkTooltip *tooltip,
                  gpointer    data)
{
  const char *text = g_object_get_qdata (G_OBJECT (widget), tooltip_text_quark ());

  if (text == NULL)
    return FALSE;

  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

void
limn_tooltip_set_text (GtkWidget  *widget,
                       const char *text)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (text != NULL && text[0] == '\0')
    text = NULL;

  if (g_signal_handler_find (widget, G_SIGNAL_MATCH_FUNC, 0, 0, NULL, query_tooltip_cb, NULL) == 0)
    g_signal_connect (widget, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);

  g_object_set_qdata_full (G_OBJECT (widget), tooltip_text_quark (), g_strdup (text), g_free);
  gtk_widget_set_has_tooltip (widget, text != NULL);
}
