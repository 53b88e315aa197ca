/* limn-thread.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-model"

#include "config.h"

#include "limn-thread.h"

struct _LimnThread
{
  GObject     parent_instance;

  LimnFlag   *flag;
  char       *project_id;
  char       *task_title;
  GPtrArray  *messages;
  gint64      last_activity_us;
  guint       n_messages;
  guint       n_unread;
  gboolean    mine;
};

G_DEFINE_FINAL_TYPE (LimnThread, limn_thread, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_TASK_ID,
  PROP_TASK_TITLE,
  PROP_ANNOTATOR,
  PROP_CATEGORY,
  PROP_BODY,
  PROP_STATE,
  PROP_CREATED_US,
  PROP_LAST_ACTIVITY_US,
  PROP_MINE,
  PROP_N_MESSAGES,
  PROP_N_UNREAD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
limn_thread_finalize (GObject *object)
{
  LimnThread *self = (LimnThread *)object;

  g_clear_pointer (&self->flag, limn_flag_free);
  g_free (self->project_id);
  g_free (self->task_title);
  g_clear_pointer (&self->messages, g_ptr_array_unref);

  G_OBJECT_CLASS (limn_thread_parent_class)->finalize (object);
}

static void
limn_thread_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  LimnThread *self = LIMN_THREAD (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->flag->id); break;
    case PROP_TASK_ID: g_value_set_string (value, self->flag->task_id); break;
    case PROP_TASK_TITLE: g_value_set_string (value, self->task_title); break;
    case PROP_ANNOTATOR: g_value_set_string (value, self->flag->annotator); break;
    case PROP_CATEGORY: g_value_set_string (value, self->flag->category); break;
    case PROP_BODY: g_value_set_string (value, self->flag->body); break;
    case PROP_STATE: g_value_set_string (value, limn_flag_state_to_string (self->flag->state)); break;
    case PROP_CREATED_US: g_value_set_int64 (value, self->flag->created_us); break;
    case PROP_LAST_ACTIVITY_US: g_value_set_int64 (value, self->last_activity_us); break;
    case PROP_MINE: g_value_set_boolean (value, self->mine); break;
    case PROP_N_MESSAGES: g_value_set_uint (value, self->n_messages); break;
    case PROP_N_UNREAD: g_value_set_uint (value, self->n_unread); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

#define RO (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS)

static void
limn_thread_class_init (LimnThreadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = limn_thread_finalize;
  object_class->get_property = limn_thread_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, RO);
  properties[PROP_TASK_ID] = g_param_spec_string ("task-id", NULL, NULL, NULL, RO);
  properties[PROP_TASK_TITLE] = g_param_spec_string ("task-title", NULL, NULL, NULL, RO);
  properties[PROP_ANNOTATOR] = g_param_spec_string ("annotator", NULL, NULL, NULL, RO);
  properties[PROP_CATEGORY] = g_param_spec_string ("category", NULL, NULL, NULL, RO);
  properties[PROP_BODY] = g_param_spec_string ("body", NULL, NULL, NULL, RO);
  /* "open", "answered", "closed" */
  properties[PROP_STATE] = g_param_spec_string ("state", NULL, NULL, NULL, RO);
  properties[PROP_CREATED_US] = g_param_spec_int64 ("created-us", NULL, NULL, 0, G_MAXINT64, 0, RO);
  properties[PROP_LAST_ACTIVITY_US] =
    g_param_spec_int64 ("last-activity-us", NULL, NULL, 0, G_MAXINT64, 0, RO);
  properties[PROP_MINE] = g_param_spec_boolean ("mine", NULL, NULL, FALSE, RO);
  properties[PROP_N_MESSAGES] = g_param_spec_uint ("n-messages", NULL, NULL, 0, G_MAXUINT, 0, RO);
  properties[PROP_N_UNREAD] = g_param_spec_uint ("n-unread", NULL, NULL, 0, G_MAXUINT, 0, RO);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
limn_thread_init (LimnThread *self)
{
}

LimnThread *
limn_thread_new (const LimnThreadInfo *info)
{
  LimnThread *self;

  g_return_val_if_fail (info != NULL && info->flag != NULL, NULL);

  self = g_object_new (LIMN_TYPE_THREAD, NULL);
  self->flag = limn_flag_copy (info->flag);
  self->project_id = g_strdup (info->project_id);
  self->task_title = g_strdup (info->task_title);
  self->mine = info->mine;
  self->n_messages = info->n_messages;
  self->n_unread = info->n_unread;
  self->last_activity_us = MAX (info->last_activity_us, info->flag->created_us);
  self->messages = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_message_free);
  for (guint i = 0; info->messages != NULL && i < info->messages->len; i++)
    g_ptr_array_add (self->messages, limn_message_copy (g_ptr_array_index (info->messages, i)));

  return self;
}

#define FLAG_GETTER(type, name, fallback) \
  type \
  limn_thread_get_##name (LimnThread *self) \
  { \
    g_return_val_if_fail (LIMN_IS_THREAD (self), fallback); \
    return self->flag->name; \
  }

#define GETTER(type, name, fallback) \
  type \
  limn_thread_get_##name (LimnThread *self) \
  { \
    g_return_val_if_fail (LIMN_IS_THREAD (self), fallback); \
    return self->name; \
  }

FLAG_GETTER (const char *, id, NULL)
FLAG_GETTER (const char *, task_id, NULL)
FLAG_GETTER (const char *, region_id, NULL)
FLAG_GETTER (const char *, annotator, NULL)
FLAG_GETTER (const char *, category, NULL)
FLAG_GETTER (const char *, body, NULL)
FLAG_GETTER (LimnFlagState, state, LIMN_FLAG_OPEN)
FLAG_GETTER (gint64, created_us, 0)
GETTER (const char *, project_id, NULL)
GETTER (const char *, task_title, NULL)
GETTER (gint64, last_activity_us, 0)
GETTER (gboolean, mine, FALSE)
GETTER (guint, n_messages, 0)
GETTER (guint, n_unread, 0)
GETTER (GPtrArray *, messages, NULL)
