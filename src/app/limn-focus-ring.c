/* limn-focus-ring.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "limn-focus-ring.h"

#include "model/limn-contrast.h"

/* Custom-drawn widgets get no focus outline from the theme: draw one, inset
 * so no parent clips it, when the focus came from the keyboard. The accent
 * blue is 3:1 or more on both the canvas and the light text background;
 * a dark inner line keeps it visible on any photo. */
void
limn_focus_ring_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  static const GdkRGBA ring = { 0.208, 0.518, 0.894, 1.0 }; /* #3584e4 */
  static const GdkRGBA inner = { 0, 0, 0, 0.6 };
  const float widths[4] = { 2, 2, 2, 2 };
  const float inner_widths[4] = { 1, 1, 1, 1 };
  const GdkRGBA colors[4] = { ring, ring, ring, ring };
  const GdkRGBA inner_colors[4] = { inner, inner, inner, inner };
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  GskRoundedRect outline;

  if (!gtk_widget_has_visible_focus (widget) || width < 8 || height < 8)
    return;

  gsk_rounded_rect_init_from_rect (&outline, &GRAPHENE_RECT_INIT (1, 1, width - 2, height - 2), 4);
  gtk_snapshot_append_border (snapshot, &outline, widths, colors);
  gsk_rounded_rect_shrink (&outline, 2, 2, 2, 2);
  gtk_snapshot_append_border (snapshot, &outline, inner_widths, inner_colors);
}
