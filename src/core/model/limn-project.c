/* limn-project.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-model"

#include "config.h"

#include <math.h>

#include "limn-enums.h"
#include "limn-project.h"
#include "limn-translations.h"
#include "limn-util.h"

struct _LimnProject
{
  GObject          parent_instance;

  char            *id;
  char            *name;
  char            *guidelines;
  GHashTable      *guidelines_translations;
  char            *source_path;
  char            *server_url;     /* a team project's server, or NULL */
  char            *guardrails;     /* JSON text, or NULL */
  GListStore      *labels;
  gint64           guideline_version;
  LimnProjectKind  kind;
  guint            confidence_steps;
};

G_DEFINE_FINAL_TYPE (LimnProject, limn_project, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_KIND,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
limn_project_finalize (GObject *object)
{
  LimnProject *self = (LimnProject *)object;

  g_free (self->id);
  g_free (self->name);
  g_free (self->guidelines);
  g_hash_table_unref (self->guidelines_translations);
  g_free (self->source_path);
  g_free (self->server_url);
  g_free (self->guardrails);
  g_clear_object (&self->labels);

  G_OBJECT_CLASS (limn_project_parent_class)->finalize (object);
}

static void
limn_project_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  LimnProject *self = LIMN_PROJECT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
limn_project_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  LimnProject *self = LIMN_PROJECT (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;
    case PROP_NAME:
      self->name = g_value_dup_string (value);
      break;
    case PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
limn_project_class_init (LimnProjectClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = limn_project_finalize;
  object_class->get_property = limn_project_get_property;
  object_class->set_property = limn_project_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       LIMN_TYPE_PROJECT_KIND, LIMN_PROJECT_BOTH,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
limn_project_init (LimnProject *self)
{
  self->labels = g_list_store_new (LIMN_TYPE_LABEL);
  self->guidelines = g_strdup ("");
  self->guidelines_translations = limn_translations_new ();
  self->confidence_steps = LIMN_DEFAULT_CONFIDENCE_STEPS;
}

LimnProject *
limn_project_new (const char      *id,
                  const char      *name,
                  LimnProjectKind  kind)
{
  g_return_val_if_fail (id != NULL, NULL);

  return g_object_new (LIMN_TYPE_PROJECT,
                       "id", id,
                       "name", name,
                       "kind", kind,
                       NULL);
}

const char *
limn_project_get_id (LimnProject *self)
{
  g_return_val_if_fail (LIMN_IS_PROJECT (self), NULL);
  return self->id;
}

const char *
limn_project_get_name (LimnProject *self)
{
  g_return_val_if_fail (LIMN_IS_PROJECT (self), NULL);
  return self->name;
}

LimnProjectKind
limn_project_get_kind (LimnProject *self)
{
  g_return_val_if_fail (LIMN_IS_PROJECT (self), LIMN_PROJECT_BOTH);
  return self->kind;
}

/**
 * limn_project_get_labels:
 *
 * Returns: (transfer none): a #GListModel of #LimnLabel in palette order
 */
GListModel *
limn_project_get_labels (LimnProject *self)
{
  g_return_val_if_fail (LIMN_IS_PROJECT (self), NULL);
  return G_LIST_MODEL (self->labels);
}

void
limn_project_add_label (LimnProject *self,
                        LimnLabel   *label)
{
  g_return_if_fail (LIMN_IS_PROJECT (self));
  g_return_if_fail (LIMN_IS_LABEL (label));

  g_list_store_append (self->labels, label);
}

static LimnLabel *
find_label (LimnProject *self,
            const char  *(*get) (LimnLabel *),
            const char  *value)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->labels));

  if (value == NULL)
    return NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LimnLabel) label = g_list_model_get_item (G_LIST_MODEL (self->labels), i);

      if (g_strcmp0 (get (label), value) == 0)
        return label;
    }

  return NULL;
}

/* The lookups return a borrowed label: the project's list holds it. */
LimnLabel *
limn_project_lookup_label (LimnProject *self,
                           const char  *label_id)
{
  g_return_val_if_fail (LIMN_IS_PROJECT (self), NULL);
  return find_label (self, limn_label_get_id, label_id);
}

LimnLabel *
limn_project_lookup_label_by_name (LimnProject *self,
                                   const char  *name)
{
  g_return_val_if_fail (LIMN_IS_PROJECT (self), NULL);
  return find_label (self, limn_label_get_name, name);
}

/* A retired label's hotkey does nothing: new regions may not use it. */
static const char *
active_hotkey (LimnLabel *label)
{
  return limn_label_get_retired (label) ? NULL : limn_label_get_hotkey (label);
}

LimnLabel *
limn_project_lookup_hotkey (LimnProject *self,
                            const char  *hotkey)
{
  g_return_val_if_fail (LIMN_IS_PROJECT (self), NULL);
  return find_label (self, active_hotkey, hotkey);
}

const char *
limn_project_get_guidelines (LimnProject *self)
{
  g_return_val_if_fail (LIMN_IS_PROJECT (self), NULL);
  return self->guidelines;
}

gint64
limn_project_get_guideline_version (LimnProject *self)
{
  g_return_val_if_fail (LIMN_IS_PROJECT (self), 0);
  return self->guideline_version;
}

void
limn_project_set_guidelines (LimnProject *self,
                             gint64       version,
                             const char  *markdown)
{
  g_return_if_fail (LIMN_IS_PROJECT (self));

  /* Translations belong to the text they translate. */
  if (version != self->guideline_version || g_strcmp0 (markdown, self->guidelines) != 0)
    g_hash_table_remove_all (self->guidelines_translations);
  self->guideline_version = version;
  limn_set_str (&self->guidelines, markdown ? markdown : "");
}

GHashTable *
limn_project_get_guidelines_translations (LimnProject *self)
{
  g_return_val_if_fail (LIMN_IS_PROJECT (self), NULL);
  return self->guidelines_translations;
}

/* The guidelines in the first of @languages (NULL: the user's) they were
 * translated to, else the default. */
const char *
limn_project_get_display_guidelines (LimnProject        *self,
                                     const char * const *languages)
{
  const char *text;

  g_return_val_if_fail (LIMN_IS_PROJECT (self), NULL);

  text = limn_translations_lookup (self->guidelines_translations, languages);
  return text != NULL ? text : self->guidelines;
}

const char *
limn_project_get_guardrails (LimnProject *self)
{
  g_return_val_if_fail (LIMN_IS_PROJECT (self), NULL);

  return self->guardrails;
}

void
limn_project_set_guardrails (LimnProject *self,
                             const char  *json)
{
  g_return_if_fail (LIMN_IS_PROJECT (self));

  g_free (self->guardrails);
  self->guardrails = json != NULL && *json != '\0' ? g_strdup (json) : NULL;
}

guint
limn_project_get_confidence_steps (LimnProject *self)
{
  g_return_val_if_fail (LIMN_IS_PROJECT (self), LIMN_DEFAULT_CONFIDENCE_STEPS);
  return self->confidence_steps;
}

void
limn_project_set_confidence_steps (LimnProject *self,
                                   guint        steps)
{
  g_return_if_fail (LIMN_IS_PROJECT (self));
  self->confidence_steps = CLAMP (steps, 2, 10);
}

const char *
limn_project_get_source_path (LimnProject *self)
{
  g_return_val_if_fail (LIMN_IS_PROJECT (self), NULL);
  return self->source_path;
}

void
limn_project_set_source_path (LimnProject *self,
                              const char  *path)
{
  g_return_if_fail (LIMN_IS_PROJECT (self));
  limn_set_str (&self->source_path, path);
}

const char *
limn_project_get_server_url (LimnProject *self)
{
  g_return_val_if_fail (LIMN_IS_PROJECT (self), NULL);
  return self->server_url;
}

void
limn_project_set_server_url (LimnProject *self,
                             const char  *server_url)
{
  g_return_if_fail (LIMN_IS_PROJECT (self));
  limn_set_str (&self->server_url, server_url);
}

/* Step 1..n maps evenly onto (0, 1]: with 5 steps, 0.2, 0.4 … 1.0. */
double
limn_confidence_for_step (guint step,
                          guint n_steps)
{
  if (n_steps == 0)
    n_steps = LIMN_DEFAULT_CONFIDENCE_STEPS;

  step = CLAMP (step, 1, n_steps);

  return (double)step / (double)n_steps;
}

/* The nearest step for a stored confidence, or 0 when it is unset. */
guint
limn_confidence_to_step (double confidence,
                         guint  n_steps)
{
  if (confidence < 0 || n_steps == 0)
    return 0;

  return CLAMP ((guint)lround (confidence * n_steps), 1, n_steps);
}

const char *
limn_project_kind_to_string (LimnProjectKind kind)
{
  switch (kind)
    {
    case LIMN_PROJECT_IMAGE: return "image";
    case LIMN_PROJECT_TEXT: return "text";
    case LIMN_PROJECT_BOTH:
    default: return "both";
    }
}

gboolean
limn_project_kind_from_string (const char      *str,
                               LimnProjectKind *kind)
{
  if (g_strcmp0 (str, "image") == 0)
    *kind = LIMN_PROJECT_IMAGE;
  else if (g_strcmp0 (str, "text") == 0)
    *kind = LIMN_PROJECT_TEXT;
  else if (g_strcmp0 (str, "both") == 0)
    *kind = LIMN_PROJECT_BOTH;
  else
    return FALSE;

  return TRUE;
}
