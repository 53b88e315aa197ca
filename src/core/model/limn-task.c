/* limn-task.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-model"

#include "config.h"

#include <string.h>

#include "limn-enums.h"
#include "limn-task.h"
#include "limn-util.h"

struct _LimnTask
{
  GObject            parent_instance;

  char              *id;
  char              *project_id;
  char              *title;
  char              *media_path;
  char              *media_sha256;
  char              *language;
  gint64             position;
  gint64             text_length;
  LimnTaskKind       kind;
  LimnTaskStatus     status;
  LimnTextDirection  direction;
  int                width;
  int                height;
  guint              n_regions;
  guint              flagged : 1;
  guint              conflicted : 1;
  guint              unsent : 1;
};

G_DEFINE_FINAL_TYPE (LimnTask, limn_task, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_PROJECT_ID,
  PROP_KIND,
  PROP_POSITION,
  PROP_TITLE,
  PROP_STATUS,
  PROP_FLAGGED,
  PROP_CONFLICTED,
  PROP_UNSENT,
  PROP_N_REGIONS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
limn_task_finalize (GObject *object)
{
  LimnTask *self = (LimnTask *)object;

  g_free (self->id);
  g_free (self->project_id);
  g_free (self->title);
  g_free (self->media_path);
  g_free (self->media_sha256);
  g_free (self->language);

  G_OBJECT_CLASS (limn_task_parent_class)->finalize (object);
}

static void
limn_task_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  LimnTask *self = LIMN_TASK (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_PROJECT_ID:
      g_value_set_string (value, self->project_id);
      break;
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_POSITION:
      g_value_set_int64 (value, self->position);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case PROP_FLAGGED:
      g_value_set_boolean (value, self->flagged);
      break;
    case PROP_CONFLICTED:
      g_value_set_boolean (value, self->conflicted);
      break;
    case PROP_UNSENT:
      g_value_set_boolean (value, self->unsent);
      break;
    case PROP_N_REGIONS:
      g_value_set_uint (value, self->n_regions);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
limn_task_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  LimnTask *self = LIMN_TASK (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;
    case PROP_PROJECT_ID:
      self->project_id = g_value_dup_string (value);
      break;
    case PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;
    case PROP_POSITION:
      self->position = g_value_get_int64 (value);
      break;
    case PROP_TITLE:
      self->title = g_value_dup_string (value);
      break;
    case PROP_STATUS:
      limn_task_set_status (self, g_value_get_enum (value));
      break;
    case PROP_FLAGGED:
      limn_task_set_flagged (self, g_value_get_boolean (value));
      break;
    case PROP_CONFLICTED:
      limn_task_set_conflicted (self, g_value_get_boolean (value));
      break;
    case PROP_UNSENT:
      limn_task_set_unsent (self, g_value_get_boolean (value));
      break;
    case PROP_N_REGIONS:
      limn_task_set_n_regions (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
limn_task_class_init (LimnTaskClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = limn_task_finalize;
  object_class->get_property = limn_task_get_property;
  object_class->set_property = limn_task_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROJECT_ID] =
    g_param_spec_string ("project-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       LIMN_TYPE_TASK_KIND, LIMN_TASK_IMAGE,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_POSITION] =
    g_param_spec_int64 ("position", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL,
                       LIMN_TYPE_TASK_STATUS, LIMN_TASK_STATUS_NEW,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FLAGGED] =
    g_param_spec_boolean ("flagged", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* A revision of the annotator's that the server kept as conflicted (the
   * task was reassigned or reviewed while they worked offline). */
  properties[PROP_CONFLICTED] =
    g_param_spec_boolean ("conflicted", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* A submit of the annotator's that the team server has not acknowledged
   * yet (it waits in the outbox). */
  properties[PROP_UNSENT] =
    g_param_spec_boolean ("unsent", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_REGIONS] =
    g_param_spec_uint ("n-regions", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
limn_task_init (LimnTask *self)
{
  self->direction = LIMN_TEXT_DIRECTION_AUTO;
}

LimnTask *
limn_task_new (const char   *id,
               const char   *project_id,
               LimnTaskKind  kind,
               gint64        position,
               const char   *title)
{
  g_return_val_if_fail (id != NULL, NULL);

  return g_object_new (LIMN_TYPE_TASK,
                       "id", id,
                       "project-id", project_id,
                       "kind", kind,
                       "position", position,
                       "title", title,
                       NULL);
}

const char *
limn_task_get_id (LimnTask *self)
{
  g_return_val_if_fail (LIMN_IS_TASK (self), NULL);
  return self->id;
}

const char *
limn_task_get_project_id (LimnTask *self)
{
  g_return_val_if_fail (LIMN_IS_TASK (self), NULL);
  return self->project_id;
}

LimnTaskKind
limn_task_get_kind (LimnTask *self)
{
  g_return_val_if_fail (LIMN_IS_TASK (self), LIMN_TASK_IMAGE);
  return self->kind;
}

gint64
limn_task_get_position (LimnTask *self)
{
  g_return_val_if_fail (LIMN_IS_TASK (self), 0);
  return self->position;
}

const char *
limn_task_get_title (LimnTask *self)
{
  g_return_val_if_fail (LIMN_IS_TASK (self), NULL);
  return self->title;
}

const char *
limn_task_get_media_path (LimnTask *self)
{
  g_return_val_if_fail (LIMN_IS_TASK (self), NULL);
  return self->media_path;
}

void
limn_task_set_media_path (LimnTask   *self,
                          const char *path)
{
  g_return_if_fail (LIMN_IS_TASK (self));
  limn_set_str (&self->media_path, path);
}

const char *
limn_task_get_media_sha256 (LimnTask *self)
{
  g_return_val_if_fail (LIMN_IS_TASK (self), NULL);
  return self->media_sha256;
}

void
limn_task_set_media_sha256 (LimnTask   *self,
                            const char *sha256)
{
  g_return_if_fail (LIMN_IS_TASK (self));
  limn_set_str (&self->media_sha256, sha256);
}

int
limn_task_get_width (LimnTask *self)
{
  g_return_val_if_fail (LIMN_IS_TASK (self), 0);
  return self->width;
}

int
limn_task_get_height (LimnTask *self)
{
  g_return_val_if_fail (LIMN_IS_TASK (self), 0);
  return self->height;
}

void
limn_task_set_size (LimnTask *self,
                    int       width,
                    int       height)
{
  g_return_if_fail (LIMN_IS_TASK (self));
  self->width = width;
  self->height = height;
}

const char *
limn_task_get_language (LimnTask *self)
{
  g_return_val_if_fail (LIMN_IS_TASK (self), NULL);
  return self->language;
}

LimnTextDirection
limn_task_get_direction (LimnTask *self)
{
  g_return_val_if_fail (LIMN_IS_TASK (self), LIMN_TEXT_DIRECTION_AUTO);
  return self->direction;
}

void
limn_task_set_language (LimnTask          *self,
                        const char        *language,
                        LimnTextDirection  direction)
{
  g_return_if_fail (LIMN_IS_TASK (self));
  limn_set_str (&self->language, language);
  self->direction = direction;
}

gint64
limn_task_get_text_length (LimnTask *self)
{
  g_return_val_if_fail (LIMN_IS_TASK (self), 0);
  return self->text_length;
}

void
limn_task_set_text_length (LimnTask *self,
                           gint64    n_chars)
{
  g_return_if_fail (LIMN_IS_TASK (self));
  self->text_length = n_chars;
}

LimnTaskStatus
limn_task_get_status (LimnTask *self)
{
  g_return_val_if_fail (LIMN_IS_TASK (self), LIMN_TASK_STATUS_NEW);
  return self->status;
}

void
limn_task_set_status (LimnTask       *self,
                      LimnTaskStatus  status)
{
  g_return_if_fail (LIMN_IS_TASK (self));

  if (self->status == status)
    return;

  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

gboolean
limn_task_get_flagged (LimnTask *self)
{
  g_return_val_if_fail (LIMN_IS_TASK (self), FALSE);
  return self->flagged;
}

void
limn_task_set_flagged (LimnTask *self,
                       gboolean  flagged)
{
  g_return_if_fail (LIMN_IS_TASK (self));

  flagged = !!flagged;
  if (self->flagged == flagged)
    return;

  self->flagged = flagged;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FLAGGED]);
}

gboolean
limn_task_get_conflicted (LimnTask *self)
{
  g_return_val_if_fail (LIMN_IS_TASK (self), FALSE);
  return self->conflicted;
}

void
limn_task_set_conflicted (LimnTask *self,
                          gboolean  conflicted)
{
  g_return_if_fail (LIMN_IS_TASK (self));

  conflicted = !!conflicted;
  if (self->conflicted == conflicted)
    return;

  self->conflicted = conflicted;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONFLICTED]);
}

gboolean
limn_task_get_unsent (LimnTask *self)
{
  g_return_val_if_fail (LIMN_IS_TASK (self), FALSE);
  return self->unsent;
}

void
limn_task_set_unsent (LimnTask *self,
                      gboolean  unsent)
{
  g_return_if_fail (LIMN_IS_TASK (self));

  unsent = !!unsent;
  if (self->unsent == unsent)
    return;

  self->unsent = unsent;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNSENT]);
}

guint
limn_task_get_n_regions (LimnTask *self)
{
  g_return_val_if_fail (LIMN_IS_TASK (self), 0);
  return self->n_regions;
}

void
limn_task_set_n_regions (LimnTask *self,
                         guint     n_regions)
{
  g_return_if_fail (LIMN_IS_TASK (self));

  if (self->n_regions == n_regions)
    return;

  self->n_regions = n_regions;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_REGIONS]);
}

static const char * const status_names[] = {
  [LIMN_TASK_STATUS_NEW] = "new",
  [LIMN_TASK_STATUS_IN_PROGRESS] = "in_progress",
  [LIMN_TASK_STATUS_SUBMITTED] = "submitted",
  [LIMN_TASK_STATUS_SKIPPED] = "skipped",
  [LIMN_TASK_STATUS_NEEDS_REWORK] = "needs_rework",
  [LIMN_TASK_STATUS_ACCEPTED] = "accepted",
};

gboolean
limn_task_status_is_done (LimnTaskStatus status)
{
  return status == LIMN_TASK_STATUS_SUBMITTED || status == LIMN_TASK_STATUS_ACCEPTED;
}

gboolean
limn_task_status_is_to_do (LimnTaskStatus status)
{
  return status == LIMN_TASK_STATUS_NEW || status == LIMN_TASK_STATUS_IN_PROGRESS ||
         status == LIMN_TASK_STATUS_NEEDS_REWORK;
}

const char *
limn_task_status_to_string (LimnTaskStatus status)
{
  if ((guint)status < G_N_ELEMENTS (status_names))
    return status_names[status];
  return "new";
}

gboolean
limn_task_status_from_string (const char     *str,
                              LimnTaskStatus *status)
{
  for (guint i = 0; i < G_N_ELEMENTS (status_names); i++)
    if (g_strcmp0 (str, status_names[i]) == 0)
      {
        *status = i;
        return TRUE;
      }

  return FALSE;
}

const char *
limn_text_direction_to_string (LimnTextDirection direction)
{
  switch (direction)
    {
    case LIMN_TEXT_DIRECTION_LTR: return "ltr";
    case LIMN_TEXT_DIRECTION_RTL: return "rtl";
    case LIMN_TEXT_DIRECTION_AUTO:
    default: return "auto";
    }
}

LimnTextDirection
limn_text_direction_from_string (const char *str)
{
  if (g_strcmp0 (str, "ltr") == 0)
    return LIMN_TEXT_DIRECTION_LTR;
  if (g_strcmp0 (str, "rtl") == 0)
    return LIMN_TEXT_DIRECTION_RTL;
  return LIMN_TEXT_DIRECTION_AUTO;
}

char *
limn_task_title_for_text (const char *text)
{
  GString *title = g_string_new (NULL);
  const char *p = text;
  guint n = 0;

  for (; *p != '\0' && n < LIMN_TASK_TITLE_CHARS; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      g_string_append_unichar (title, g_unichar_isspace (c) ? ' ' : c);
    }

  g_strstrip (title->str);
  g_string_set_size (title, strlen (title->str));
  if (*p != '\0')
    g_string_append (title, "…");

  return g_string_free (title, FALSE);
}
