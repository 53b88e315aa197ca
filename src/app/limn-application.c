/* limn-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-application"

#include "config.h"

#include <glib/gi18n.h>

#include "limn-application.h"
#include "limn-window.h"

struct _LimnApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
};

G_DEFINE_FINAL_TYPE (LimnApplication, limn_application, ADW_TYPE_APPLICATION)

static void
limn_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (limn_window_new (LIMN_APPLICATION (app)));

  gtk_window_present (window);
}

static void
limn_application_startup (GApplication *app)
{
  LimnApplication *self = LIMN_APPLICATION (app);

  G_APPLICATION_CLASS (limn_application_parent_class)->startup (app);

  self->settings = g_settings_new (APP_ID);
}

static void
limn_application_dispose (GObject *object)
{
  LimnApplication *self = (LimnApplication *)object;

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (limn_application_parent_class)->dispose (object);
}

static void
limn_application_class_init (LimnApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = limn_application_dispose;
  app_class->activate = limn_application_activate;
  app_class->startup = limn_application_startup;
}

static void
limn_application_init (LimnApplication *self)
{
}

LimnApplication *
limn_application_new (void)
{
  return g_object_new (LIMN_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", LIMN_RESOURCE_PATH,
                       NULL);
}

GSettings *
limn_application_get_settings (LimnApplication *self)
{
  g_return_val_if_fail (LIMN_IS_APPLICATION (self), NULL);
  return self->settings;
}
