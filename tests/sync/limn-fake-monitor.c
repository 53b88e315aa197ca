/* limn-fake-monitor.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "limn-fake-monitor.h"

struct _LimnFakeMonitor
{
  GObject  parent_instance;
  gboolean available;
};

enum { PROP_AVAILABLE = 1, PROP_METERED, PROP_CONNECTIVITY };

static void limn_fake_monitor_iface_init (GNetworkMonitorInterface *iface);
static void limn_fake_monitor_initable_iface_init (GInitableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LimnFakeMonitor, limn_fake_monitor, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE, limn_fake_monitor_initable_iface_init)
                               G_IMPLEMENT_INTERFACE (G_TYPE_NETWORK_MONITOR, limn_fake_monitor_iface_init))

static void
limn_fake_monitor_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  LimnFakeMonitor *self = LIMN_FAKE_MONITOR (object);

  switch (prop_id)
    {
    case PROP_AVAILABLE:
      g_value_set_boolean (value, self->available);
      break;
    case PROP_METERED:
      g_value_set_boolean (value, FALSE);
      break;
    case PROP_CONNECTIVITY:
      g_value_set_enum (value, self->available ? G_NETWORK_CONNECTIVITY_FULL : G_NETWORK_CONNECTIVITY_LOCAL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
limn_fake_monitor_class_init (LimnFakeMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = limn_fake_monitor_get_property;
  g_object_class_override_property (object_class, PROP_AVAILABLE, "network-available");
  g_object_class_override_property (object_class, PROP_METERED, "network-metered");
  g_object_class_override_property (object_class, PROP_CONNECTIVITY, "connectivity");
}

static void
limn_fake_monitor_init (LimnFakeMonitor *self)
{
  self->available = TRUE;
}

static gboolean
limn_fake_monitor_initable_init (GInitable     *initable,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  return TRUE;
}

static void
limn_fake_monitor_initable_iface_init (GInitableIface *iface)
{
  iface->init = limn_fake_monitor_initable_init;
}

static void
limn_fake_monitor_iface_init (GNetworkMonitorInterface *iface)
{
}

LimnFakeMonitor *
limn_fake_monitor_new (void)
{
  return g_object_new (LIMN_TYPE_FAKE_MONITOR, NULL);
}

void
limn_fake_monitor_set_available (LimnFakeMonitor *self,
                                 gboolean         available)
{
  self->available = available;
  g_object_notify (G_OBJECT (self), "network-available");
  g_signal_emit_by_name (self, "network-changed", available);
}
