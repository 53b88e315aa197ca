/* limn-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-window"

#include "config.h"

#include <glib/gi18n.h>

#include "limn-window.h"

struct _LimnWindow
{
  AdwApplicationWindow  parent_instance;

  AdwWindowTitle       *title;
};

G_DEFINE_FINAL_TYPE (LimnWindow, limn_window, ADW_TYPE_APPLICATION_WINDOW)

static void
limn_window_class_init (LimnWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, LIMN_RESOURCE_PATH "/ui/limn-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LimnWindow, title);
}

static void
limn_window_init (LimnWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

LimnWindow *
limn_window_new (LimnApplication *application)
{
  return g_object_new (LIMN_TYPE_WINDOW,
                       "application", application,
                       NULL);
}
