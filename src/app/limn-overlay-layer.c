/* limn-overlay-layer.c
 *
 * A review layer: its regions, style, legend text and visibility.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include "limn-overlay-layer.h"

#include <glib/gi18n.h>

#include "model/limn-region.h"
#include "model/limn-util.h"

struct _LimnOverlayLayer
{
  GObject               parent_instance;

  char                 *name;
  LimnOverlayKind       kind;
  GPtrArray            *regions;
  gboolean              visible;
  GdkRGBA               color;
  LimnOverlayLineStyle  line_style;
  double                confidence;
  gint64                active_ms;
  char                 *note;
};

enum {
  PROP_0,
  PROP_NAME,
  PROP_KIND,
  PROP_REGIONS,
  PROP_VISIBLE,
  PROP_COLOR,
  PROP_LINE_STYLE,
  PROP_CONFIDENCE,
  PROP_ACTIVE_MS,
  PROP_NOTE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_ENUM_TYPE (LimnOverlayLineStyle, limn_overlay_line_style,
                    G_DEFINE_ENUM_VALUE (LIMN_OVERLAY_LINE_SOLID, "solid"),
                    G_DEFINE_ENUM_VALUE (LIMN_OVERLAY_LINE_DASHED, "dashed"),
                    G_DEFINE_ENUM_VALUE (LIMN_OVERLAY_LINE_DOTTED, "dotted"),
                    G_DEFINE_ENUM_VALUE (LIMN_OVERLAY_LINE_DOUBLE, "double"))

G_DEFINE_ENUM_TYPE (LimnOverlayKind, limn_overlay_kind,
                    G_DEFINE_ENUM_VALUE (LIMN_OVERLAY_ANNOTATOR, "annotator"),
                    G_DEFINE_ENUM_VALUE (LIMN_OVERLAY_GOLD, "gold"),
                    G_DEFINE_ENUM_VALUE (LIMN_OVERLAY_PRELABELS, "prelabels"),
                    G_DEFINE_ENUM_VALUE (LIMN_OVERLAY_CORRECTION, "correction"))

G_DEFINE_FINAL_TYPE (LimnOverlayLayer, limn_overlay_layer, G_TYPE_OBJECT)

/* Okabe and Ito's palette (2008), which deuteranopes, protanopes and
 * tritanopes tell apart, without its black and its dark blue: the canvas
 * around an image is dark in every theme. Each is mid-light, so it also
 * reads on a light panel as a swatch with its line style. */
static const GdkRGBA annotator_colors[] = {
  { 0.337, 0.706, 0.914, 1 },  /* sky blue */
  { 0.902, 0.624, 0.000, 1 },  /* orange */
  { 0.000, 0.620, 0.451, 1 },  /* bluish green */
  { 0.800, 0.475, 0.655, 1 },  /* reddish purple */
  { 0.835, 0.369, 0.000, 1 },  /* vermillion */
};
static const LimnOverlayLineStyle annotator_lines[] = {
  LIMN_OVERLAY_LINE_SOLID,
  LIMN_OVERLAY_LINE_DASHED,
  LIMN_OVERLAY_LINE_DOTTED,
  LIMN_OVERLAY_LINE_DOUBLE,
};

void
limn_overlay_style_for (LimnOverlayKind       kind,
                        guint                 index,
                        GdkRGBA              *color,
                        LimnOverlayLineStyle *style)
{
  switch (kind)
    {
    case LIMN_OVERLAY_GOLD:
      *color = (GdkRGBA) { 0.941, 0.894, 0.259, 1 };  /* yellow */
      *style = LIMN_OVERLAY_LINE_DOUBLE;
      break;
    case LIMN_OVERLAY_PRELABELS:
      *color = (GdkRGBA) { 0.78, 0.78, 0.80, 1 };
      *style = LIMN_OVERLAY_LINE_DOTTED;
      break;
    case LIMN_OVERLAY_CORRECTION:
      *color = annotator_colors[2];
      *style = LIMN_OVERLAY_LINE_SOLID;
      break;
    case LIMN_OVERLAY_ANNOTATOR:
    default:
      /* Five colours and four line styles: the first twenty differ in
       * both from their neighbours, and in colour or line from all. */
      *color = annotator_colors[index % G_N_ELEMENTS (annotator_colors)];
      *style = annotator_lines[(index + index / G_N_ELEMENTS (annotator_colors)) % G_N_ELEMENTS (annotator_lines)];
      break;
    }
}

void
limn_overlay_set_dash (cairo_t              *cr,
                       LimnOverlayLineStyle  style,
                       double                width)
{
  double dashes[2];

  switch (style)
    {
    case LIMN_OVERLAY_LINE_DASHED:
      dashes[0] = 4 * width;
      dashes[1] = 2.5 * width;
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
      cairo_set_dash (cr, dashes, 2, 0);
      break;
    case LIMN_OVERLAY_LINE_DOTTED:
      /* Round dots: a zero-length dash with round caps. */
      dashes[0] = 0;
      dashes[1] = 2.2 * width;
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      cairo_set_dash (cr, dashes, 2, 0);
      break;
    case LIMN_OVERLAY_LINE_SOLID:
    case LIMN_OVERLAY_LINE_DOUBLE:
    default:
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
      cairo_set_dash (cr, NULL, 0, 0);
      break;
    }
}

static void
limn_overlay_layer_finalize (GObject *object)
{
  LimnOverlayLayer *self = LIMN_OVERLAY_LAYER (object);

  g_free (self->name);
  g_free (self->note);
  g_ptr_array_unref (self->regions);

  G_OBJECT_CLASS (limn_overlay_layer_parent_class)->finalize (object);
}

static void
limn_overlay_layer_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  LimnOverlayLayer *self = LIMN_OVERLAY_LAYER (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_REGIONS:
      g_value_set_boxed (value, self->regions);
      break;
    case PROP_VISIBLE:
      g_value_set_boolean (value, self->visible);
      break;
    case PROP_COLOR:
      g_value_set_boxed (value, &self->color);
      break;
    case PROP_LINE_STYLE:
      g_value_set_enum (value, self->line_style);
      break;
    case PROP_CONFIDENCE:
      g_value_set_double (value, self->confidence);
      break;
    case PROP_ACTIVE_MS:
      g_value_set_int64 (value, self->active_ms);
      break;
    case PROP_NOTE:
      g_value_set_string (value, self->note);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
limn_overlay_layer_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  LimnOverlayLayer *self = LIMN_OVERLAY_LAYER (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_free (self->name);
      self->name = g_value_dup_string (value);
      break;
    case PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;
    case PROP_REGIONS:
      limn_overlay_layer_set_regions (self, g_value_get_boxed (value));
      break;
    case PROP_VISIBLE:
      limn_overlay_layer_set_visible (self, g_value_get_boolean (value));
      break;
    case PROP_COLOR:
      if (g_value_get_boxed (value) != NULL)
        limn_overlay_layer_set_color (self, g_value_get_boxed (value));
      break;
    case PROP_LINE_STYLE:
      limn_overlay_layer_set_line_style (self, g_value_get_enum (value));
      break;
    case PROP_CONFIDENCE:
      limn_overlay_layer_set_confidence (self, g_value_get_double (value));
      break;
    case PROP_ACTIVE_MS:
      limn_overlay_layer_set_active_ms (self, g_value_get_int64 (value));
      break;
    case PROP_NOTE:
      limn_overlay_layer_set_note (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
limn_overlay_layer_class_init (LimnOverlayLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = limn_overlay_layer_finalize;
  object_class->get_property = limn_overlay_layer_get_property;
  object_class->set_property = limn_overlay_layer_set_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, LIMN_TYPE_OVERLAY_KIND, LIMN_OVERLAY_ANNOTATOR,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * LimnOverlayLayer:regions:
   *
   * The layer's LimnRegion pointers; notified when they are replaced.
   */
  properties[PROP_REGIONS] =
    g_param_spec_boxed ("regions", NULL, NULL, G_TYPE_PTR_ARRAY, rw);
  properties[PROP_VISIBLE] =
    g_param_spec_boolean ("visible", NULL, NULL, TRUE, rw);
  properties[PROP_COLOR] =
    g_param_spec_boxed ("color", NULL, NULL, GDK_TYPE_RGBA, rw);
  properties[PROP_LINE_STYLE] =
    g_param_spec_enum ("line-style", NULL, NULL, LIMN_TYPE_OVERLAY_LINE_STYLE,
                       LIMN_OVERLAY_LINE_SOLID, rw);
  properties[PROP_CONFIDENCE] =
    g_param_spec_double ("confidence", NULL, NULL, LIMN_OVERLAY_UNSET, 1, LIMN_OVERLAY_UNSET, rw);
  properties[PROP_ACTIVE_MS] =
    g_param_spec_int64 ("active-ms", NULL, NULL, LIMN_OVERLAY_UNSET, G_MAXINT64, LIMN_OVERLAY_UNSET, rw);
  properties[PROP_NOTE] =
    g_param_spec_string ("note", NULL, NULL, NULL, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
limn_overlay_layer_init (LimnOverlayLayer *self)
{
  self->regions = g_ptr_array_new_with_free_func ((GDestroyNotify) limn_region_unref);
  self->visible = TRUE;
  self->confidence = LIMN_OVERLAY_UNSET;
  self->active_ms = LIMN_OVERLAY_UNSET;
  limn_overlay_style_for (LIMN_OVERLAY_ANNOTATOR, 0, &self->color, &self->line_style);
}

LimnOverlayLayer *
limn_overlay_layer_new (const char      *name,
                        LimnOverlayKind  kind,
                        guint            index,
                        GPtrArray       *regions)
{
  LimnOverlayLayer *self = g_object_new (LIMN_TYPE_OVERLAY_LAYER,
                                         "name", name,
                                         "kind", kind,
                                         NULL);

  limn_overlay_style_for (kind, index, &self->color, &self->line_style);
  limn_overlay_layer_set_regions (self, regions);

  return self;
}

const char *
limn_overlay_layer_get_name (LimnOverlayLayer *self)
{
  g_return_val_if_fail (LIMN_IS_OVERLAY_LAYER (self), NULL);

  return self->name;
}

LimnOverlayKind
limn_overlay_layer_get_kind (LimnOverlayLayer *self)
{
  g_return_val_if_fail (LIMN_IS_OVERLAY_LAYER (self), LIMN_OVERLAY_ANNOTATOR);

  return self->kind;
}

GPtrArray *
limn_overlay_layer_get_regions (LimnOverlayLayer *self)
{
  g_return_val_if_fail (LIMN_IS_OVERLAY_LAYER (self), NULL);

  return self->regions;
}

void
limn_overlay_layer_set_regions (LimnOverlayLayer *self,
                                GPtrArray        *regions)
{
  g_return_if_fail (LIMN_IS_OVERLAY_LAYER (self));

  g_ptr_array_set_size (self->regions, 0);
  for (guint i = 0; regions != NULL && i < regions->len; i++)
    g_ptr_array_add (self->regions, limn_region_ref (g_ptr_array_index (regions, i)));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REGIONS]);
}

gboolean
limn_overlay_layer_get_visible (LimnOverlayLayer *self)
{
  g_return_val_if_fail (LIMN_IS_OVERLAY_LAYER (self), FALSE);

  return self->visible;
}

void
limn_overlay_layer_set_visible (LimnOverlayLayer *self,
                                gboolean          visible)
{
  g_return_if_fail (LIMN_IS_OVERLAY_LAYER (self));

  if (self->visible != !!visible)
    {
      self->visible = !!visible;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VISIBLE]);
    }
}

void
limn_overlay_layer_get_color (LimnOverlayLayer *self,
                              GdkRGBA          *color)
{
  g_return_if_fail (LIMN_IS_OVERLAY_LAYER (self));

  *color = self->color;
}

void
limn_overlay_layer_set_color (LimnOverlayLayer *self,
                              const GdkRGBA    *color)
{
  g_return_if_fail (LIMN_IS_OVERLAY_LAYER (self));
  g_return_if_fail (color != NULL);

  if (!gdk_rgba_equal (&self->color, color))
    {
      self->color = *color;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLOR]);
    }
}

LimnOverlayLineStyle
limn_overlay_layer_get_line_style (LimnOverlayLayer *self)
{
  g_return_val_if_fail (LIMN_IS_OVERLAY_LAYER (self), LIMN_OVERLAY_LINE_SOLID);

  return self->line_style;
}

void
limn_overlay_layer_set_line_style (LimnOverlayLayer     *self,
                                   LimnOverlayLineStyle  style)
{
  g_return_if_fail (LIMN_IS_OVERLAY_LAYER (self));

  if (self->line_style != style)
    {
      self->line_style = style;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LINE_STYLE]);
    }
}

double
limn_overlay_layer_get_confidence (LimnOverlayLayer *self)
{
  g_return_val_if_fail (LIMN_IS_OVERLAY_LAYER (self), LIMN_OVERLAY_UNSET);

  return self->confidence;
}

void
limn_overlay_layer_set_confidence (LimnOverlayLayer *self,
                                   double            confidence)
{
  g_return_if_fail (LIMN_IS_OVERLAY_LAYER (self));

  if (self->confidence != confidence)
    {
      self->confidence = confidence;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONFIDENCE]);
    }
}

gint64
limn_overlay_layer_get_active_ms (LimnOverlayLayer *self)
{
  g_return_val_if_fail (LIMN_IS_OVERLAY_LAYER (self), LIMN_OVERLAY_UNSET);

  return self->active_ms;
}

void
limn_overlay_layer_set_active_ms (LimnOverlayLayer *self,
                                  gint64            active_ms)
{
  g_return_if_fail (LIMN_IS_OVERLAY_LAYER (self));

  if (self->active_ms != active_ms)
    {
      self->active_ms = active_ms;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE_MS]);
    }
}

const char *
limn_overlay_layer_get_note (LimnOverlayLayer *self)
{
  g_return_val_if_fail (LIMN_IS_OVERLAY_LAYER (self), NULL);

  return self->note;
}

void
limn_overlay_layer_set_note (LimnOverlayLayer *self,
                             const char       *note)
{
  g_return_if_fail (LIMN_IS_OVERLAY_LAYER (self));

  if (limn_set_str (&self->note, note))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTE]);
}

char *
limn_overlay_layer_describe (LimnOverlayLayer *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (LIMN_IS_OVERLAY_LAYER (self), NULL);

  if (self->confidence >= 0)
    /* Translators: an annotator's confidence in their answer, 0 to 1 */
    g_string_append_printf (text, _("Confidence %.1f"), self->confidence);

  if (self->active_ms >= 0)
    {
      gint64 s = (self->active_ms + 500) / 1000;
      g_autofree char *time = NULL;

      if (s >= 60)
        /* Translators: active time, minutes and seconds */
        time = g_strdup_printf (_("%d min %d s active"), (int) (s / 60), (int) (s % 60));
      else
        /* Translators: active time in seconds */
        time = g_strdup_printf (_("%d s active"), (int) s);
      if (text->len > 0)
        g_string_append (text, " · ");
      g_string_append (text, time);
    }

  if (text->len == 0)
    switch (self->kind)
      {
      case LIMN_OVERLAY_GOLD:
        g_string_append (text, _("The expected answer"));
        break;
      case LIMN_OVERLAY_PRELABELS:
        g_string_append (text, _("The model’s suggestions"));
        break;
      case LIMN_OVERLAY_CORRECTION:
        g_string_append (text, _("The reviewer’s correction"));
        break;
      case LIMN_OVERLAY_ANNOTATOR:
      default:
        break;
      }

  return g_string_free (g_steal_pointer (&text), FALSE);
}
