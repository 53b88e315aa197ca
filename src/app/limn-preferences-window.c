/* limn-preferences-window.c
 *
 * The few settings an annotator may want to change, each row bound to its
 * GSettings key.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include <glib/gi18n.h>

#include "limn-accessible.h"
#include "limn-preferences-window.h"

struct _LimnPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* Template children */
  GtkSpinButton        *idle_spin;
  GtkSpinButton        *megapixels_spin;
  GtkSwitch            *crosshair_switch;
  GtkSpinButton        *offline_spin;

  GSettings            *settings;
};

G_DEFINE_FINAL_TYPE (LimnPreferencesWindow, limn_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The spin button's range is the key's, so the schema stays the one place
 * that says what is allowed. */
static void
bind_spin (LimnPreferencesWindow *self,
           const char            *key,
           GtkSpinButton         *spin)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsSchemaKey) schema_key = NULL;
  g_autoptr(GVariant) range = NULL;
  g_autoptr(GVariant) limits = NULL;
  const char *type = NULL;

  g_object_get (self->settings, "settings-schema", &schema, NULL);
  schema_key = g_settings_schema_get_key (schema, key);
  range = g_settings_schema_key_get_range (schema_key);
  g_variant_get (range, "(&sv)", &type, &limits);

  if (g_str_equal (type, "range") && g_variant_is_of_type (limits, G_VARIANT_TYPE ("(uu)")))
    {
      guint32 min, max;

      g_variant_get (limits, "(uu)", &min, &max);
      gtk_spin_button_set_range (spin, min, max);
    }

  g_settings_bind (self->settings, key, spin, "value", G_SETTINGS_BIND_DEFAULT);
}

static void
limn_preferences_window_constructed (GObject *object)
{
  LimnPreferencesWindow *self = (LimnPreferencesWindow *)object;

  G_OBJECT_CLASS (limn_preferences_window_parent_class)->constructed (object);

  if (self->settings == NULL)
    self->settings = g_settings_new (APP_ID);

  bind_spin (self, "idle-threshold", self->idle_spin);
  bind_spin (self, "max-image-megapixels", self->megapixels_spin);
  bind_spin (self, "offline-tasks", self->offline_spin);
  g_settings_bind (self->settings, "show-crosshair",
                   self->crosshair_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
}

static void
limn_preferences_window_dispose (GObject *object)
{
  LimnPreferencesWindow *self = (LimnPreferencesWindow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), LIMN_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (limn_preferences_window_parent_class)->dispose (object);
}

static void
limn_preferences_window_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  LimnPreferencesWindow *self = LIMN_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
limn_preferences_window_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  LimnPreferencesWindow *self = LIMN_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
limn_preferences_window_class_init (LimnPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = limn_preferences_window_constructed;
  object_class->dispose = limn_preferences_window_dispose;
  object_class->get_property = limn_preferences_window_get_property;
  object_class->set_property = limn_preferences_window_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               LIMN_RESOURCE_PATH "/ui/limn-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LimnPreferencesWindow, idle_spin);
  gtk_widget_class_bind_template_child (widget_class, LimnPreferencesWindow, megapixels_spin);
  gtk_widget_class_bind_template_child (widget_class, LimnPreferencesWindow, crosshair_switch);
  gtk_widget_class_bind_template_child (widget_class, LimnPreferencesWindow, offline_spin);
}

static void
limn_preferences_window_init (LimnPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  limn_accessible_label_search_entry (GTK_WIDGET (self));
}

LimnPreferencesWindow *
limn_preferences_window_new (GtkWindow *parent,
                             GSettings *settings)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (LIMN_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "settings", settings,
                       NULL);
}
