/* limn-label.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-model"

#include "config.h"

#include <string.h>

#include "limn-label.h"
#include "limn-translations.h"

struct _LimnLabel
{
  GObject  parent_instance;

  char    *id;
  char    *name;
  char    *color;
  char    *hotkey;
  char    *description;
  GHashTable *names;        /* tag → name */
  GHashTable *descriptions; /* tag → description */
  double   rgb[3];
  gboolean retired;
};

G_DEFINE_FINAL_TYPE (LimnLabel, limn_label, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_COLOR,
  PROP_HOTKEY,
  PROP_DESCRIPTION,
  PROP_RETIRED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The GNOME HIG palette (the "3" shades), in an order where neighbours
 * differ in hue, so the first labels of any project are easy to tell apart. */
static const char * const palette[] = {
  "#3584e4", "#e66100", "#2ec27e", "#c061cb", "#f5c211",
  "#e01b24", "#1c71d8", "#986a44", "#26a269", "#9141ac",
  "#c64600", "#77767b",
};

const char *
limn_color_for_index (guint index)
{
  return palette[index % G_N_ELEMENTS (palette)];
}

/* Default hotkeys: 1…9, 0, then the letters of the top keyboard row. Plain
 * keys are safe here because the canvas and span view take no text input. */
char *
limn_hotkey_for_index (guint index)
{
  static const char *keys = "1234567890qwertyuiop";

  if (index >= strlen (keys))
    return NULL;

  return g_strndup (keys + index, 1);
}

/* A hotkey is one ASCII digit or lower-case letter. */
gboolean
limn_hotkey_is_valid (const char *hotkey)
{
  return hotkey != NULL && hotkey[0] != '\0' && hotkey[1] == '\0' &&
         (g_ascii_isdigit (hotkey[0]) || g_ascii_islower (hotkey[0]));
}

/* Parses "#rgb" or "#rrggbb"; returns FALSE and leaves the outputs alone
 * otherwise. */
gboolean
limn_color_parse (const char *color,
                  double     *red,
                  double     *green,
                  double     *blue)
{
  guint v[3];
  gsize len;

  if (color == NULL || color[0] != '#')
    return FALSE;

  len = strlen (color + 1);
  for (gsize i = 1; i <= len; i++)
    if (!g_ascii_isxdigit (color[i]))
      return FALSE;

  if (len == 6)
    {
      for (guint i = 0; i < 3; i++)
        v[i] = g_ascii_xdigit_value (color[1 + 2 * i]) * 16 +
               g_ascii_xdigit_value (color[2 + 2 * i]);
    }
  else if (len == 3)
    {
      for (guint i = 0; i < 3; i++)
        v[i] = g_ascii_xdigit_value (color[1 + i]) * 17;
    }
  else
    return FALSE;

  if (red) *red = v[0] / 255.0;
  if (green) *green = v[1] / 255.0;
  if (blue) *blue = v[2] / 255.0;

  return TRUE;
}

static void
limn_label_finalize (GObject *object)
{
  LimnLabel *self = (LimnLabel *)object;

  g_free (self->id);
  g_free (self->name);
  g_free (self->color);
  g_free (self->hotkey);
  g_free (self->description);
  g_hash_table_unref (self->names);
  g_hash_table_unref (self->descriptions);

  G_OBJECT_CLASS (limn_label_parent_class)->finalize (object);
}

static void
limn_label_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  LimnLabel *self = LIMN_LABEL (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_COLOR:
      g_value_set_string (value, self->color);
      break;
    case PROP_HOTKEY:
      g_value_set_string (value, self->hotkey);
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    case PROP_RETIRED:
      g_value_set_boolean (value, self->retired);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
limn_label_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  LimnLabel *self = LIMN_LABEL (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;
    case PROP_NAME:
      self->name = g_value_dup_string (value);
      break;
    case PROP_COLOR:
      g_free (self->color);
      self->color = g_value_dup_string (value);
      if (!limn_color_parse (self->color, &self->rgb[0], &self->rgb[1], &self->rgb[2]))
        {
          g_free (self->color);
          self->color = g_strdup (palette[0]);
          limn_color_parse (self->color, &self->rgb[0], &self->rgb[1], &self->rgb[2]);
        }
      break;
    case PROP_HOTKEY:
      self->hotkey = g_value_dup_string (value);
      break;
    case PROP_DESCRIPTION:
      limn_label_set_description (self, g_value_get_string (value));
      break;
    case PROP_RETIRED:
      limn_label_set_retired (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
limn_label_class_init (LimnLabelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = limn_label_finalize;
  object_class->get_property = limn_label_get_property;
  object_class->set_property = limn_label_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COLOR] =
    g_param_spec_string ("color", NULL, NULL, palette[0],
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HOTKEY] =
    g_param_spec_string ("hotkey", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RETIRED] =
    g_param_spec_boolean ("retired", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
limn_label_init (LimnLabel *self)
{
  self->description = g_strdup ("");
  self->names = limn_translations_new ();
  self->descriptions = limn_translations_new ();
}

LimnLabel *
limn_label_new (const char *id,
                const char *name,
                const char *color,
                const char *hotkey)
{
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return g_object_new (LIMN_TYPE_LABEL,
                       "id", id,
                       "name", name,
                       "color", color,
                       "hotkey", hotkey,
                       NULL);
}

const char *
limn_label_get_id (LimnLabel *self)
{
  g_return_val_if_fail (LIMN_IS_LABEL (self), NULL);
  return self->id;
}

const char *
limn_label_get_name (LimnLabel *self)
{
  g_return_val_if_fail (LIMN_IS_LABEL (self), NULL);
  return self->name;
}

const char *
limn_label_get_color (LimnLabel *self)
{
  g_return_val_if_fail (LIMN_IS_LABEL (self), NULL);
  return self->color;
}

const char *
limn_label_get_hotkey (LimnLabel *self)
{
  g_return_val_if_fail (LIMN_IS_LABEL (self), NULL);
  return self->hotkey;
}

const char *
limn_label_get_description (LimnLabel *self)
{
  g_return_val_if_fail (LIMN_IS_LABEL (self), NULL);
  return self->description;
}

void
limn_label_set_description (LimnLabel  *self,
                            const char *description)
{
  g_return_if_fail (LIMN_IS_LABEL (self));

  if (g_strcmp0 (self->description, description) == 0)
    return;

  g_free (self->description);
  self->description = g_strdup (description ? description : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESCRIPTION]);
}

GHashTable *
limn_label_get_names (LimnLabel *self)
{
  g_return_val_if_fail (LIMN_IS_LABEL (self), NULL);
  return self->names;
}

GHashTable *
limn_label_get_descriptions (LimnLabel *self)
{
  g_return_val_if_fail (LIMN_IS_LABEL (self), NULL);
  return self->descriptions;
}

/* Sets the label's name and description in @tag; a NULL or empty one
 * removes that translation, so the default shows. */
void
limn_label_set_translation (LimnLabel  *self,
                            const char *tag,
                            const char *name,
                            const char *description)
{
  g_return_if_fail (LIMN_IS_LABEL (self));
  g_return_if_fail (tag != NULL);

  if (name != NULL && name[0] != '\0')
    g_hash_table_insert (self->names, g_strdup (tag), g_strdup (name));
  else
    g_hash_table_remove (self->names, tag);

  if (description != NULL && description[0] != '\0')
    g_hash_table_insert (self->descriptions, g_strdup (tag), g_strdup (description));
  else
    g_hash_table_remove (self->descriptions, tag);
}

/* The name in the first of @languages (locale names in order of
 * preference; NULL: the user's, g_get_language_names()) the project
 * translated it to, else the default name. */
const char *
limn_label_get_display_name (LimnLabel          *self,
                             const char * const *languages)
{
  const char *name;

  g_return_val_if_fail (LIMN_IS_LABEL (self), NULL);

  name = limn_translations_lookup (self->names, languages);
  return name != NULL ? name : self->name;
}

const char *
limn_label_get_display_description (LimnLabel          *self,
                                    const char * const *languages)
{
  const char *description;

  g_return_val_if_fail (LIMN_IS_LABEL (self), NULL);

  description = limn_translations_lookup (self->descriptions, languages);
  return description != NULL ? description : self->description;
}

gboolean
limn_label_get_retired (LimnLabel *self)
{
  g_return_val_if_fail (LIMN_IS_LABEL (self), FALSE);
  return self->retired;
}

void
limn_label_set_retired (LimnLabel *self,
                        gboolean   retired)
{
  g_return_if_fail (LIMN_IS_LABEL (self));

  retired = !!retired;
  if (self->retired == retired)
    return;

  self->retired = retired;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETIRED]);
}

void
limn_label_get_rgb (LimnLabel *self,
                    double    *red,
                    double    *green,
                    double    *blue)
{
  g_return_if_fail (LIMN_IS_LABEL (self));

  if (red) *red = self->rgb[0];
  if (green) *green = self->rgb[1];
  if (blue) *blue = self->rgb[2];
}
