/* limn-task.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  LIMN_TASK_IMAGE,
  LIMN_TASK_TEXT,
} LimnTaskKind;

/* The annotator's view of a task; the store keeps the assignment's full
 * state set (assigned, expired …) and maps it onto these. A reviewer sent
 * NEEDS_REWORK back to this annotator (first in the task list, with the
 * reviewer's comments, until resubmitted); ACCEPTED is done, reviewed and
 * kept (accepted or corrected by a reviewer). */
typedef enum
{
  LIMN_TASK_STATUS_NEW,
  LIMN_TASK_STATUS_IN_PROGRESS,
  LIMN_TASK_STATUS_SUBMITTED,
  LIMN_TASK_STATUS_SKIPPED,
  LIMN_TASK_STATUS_NEEDS_REWORK,
  LIMN_TASK_STATUS_ACCEPTED,
} LimnTaskStatus;

typedef enum
{
  LIMN_TEXT_DIRECTION_AUTO,
  LIMN_TEXT_DIRECTION_LTR,
  LIMN_TEXT_DIRECTION_RTL,
} LimnTextDirection;

#define LIMN_TYPE_TASK (limn_task_get_type ())

G_DECLARE_FINAL_TYPE (LimnTask, limn_task, LIMN, TASK, GObject)

LimnTask          *limn_task_new               (const char        *id,
                                                const char        *project_id,
                                                LimnTaskKind       kind,
                                                gint64             position,
                                                const char        *title);
const char        *limn_task_get_id            (LimnTask          *self);
const char        *limn_task_get_project_id    (LimnTask          *self);
LimnTaskKind       limn_task_get_kind          (LimnTask          *self);
gint64             limn_task_get_position      (LimnTask          *self);
const char        *limn_task_get_title         (LimnTask          *self);
const char        *limn_task_get_media_path    (LimnTask          *self);
void               limn_task_set_media_path    (LimnTask          *self,
                                                const char        *path);
const char        *limn_task_get_media_sha256  (LimnTask          *self);
void               limn_task_set_media_sha256  (LimnTask          *self,
                                                const char        *sha256);
int                limn_task_get_width         (LimnTask          *self);
int                limn_task_get_height        (LimnTask          *self);
void               limn_task_set_size          (LimnTask          *self,
                                                int                width,
                                                int                height);
const char        *limn_task_get_language      (LimnTask          *self);
LimnTextDirection  limn_task_get_direction     (LimnTask          *self);
void               limn_task_set_language      (LimnTask          *self,
                                                const char        *language,
                                                LimnTextDirection  direction);
gint64             limn_task_get_text_length   (LimnTask          *self);
void               limn_task_set_text_length   (LimnTask          *self,
                                                gint64             n_chars);
LimnTaskStatus     limn_task_get_status        (LimnTask          *self);
void               limn_task_set_status        (LimnTask          *self,
                                                LimnTaskStatus     status);
gboolean           limn_task_get_flagged       (LimnTask          *self);
void               limn_task_set_flagged       (LimnTask          *self,
                                                gboolean           flagged);
gboolean           limn_task_get_conflicted    (LimnTask          *self);
void               limn_task_set_conflicted    (LimnTask          *self,
                                                gboolean           conflicted);
gboolean           limn_task_get_unsent        (LimnTask          *self);
void               limn_task_set_unsent        (LimnTask          *self,
                                                gboolean           unsent);
guint              limn_task_get_n_regions     (LimnTask          *self);
void               limn_task_set_n_regions     (LimnTask          *self,
                                                guint              n_regions);

/* Done: submitted or accepted. To do: new, in progress, needs rework. */
gboolean           limn_task_status_is_done    (LimnTaskStatus     status);
gboolean           limn_task_status_is_to_do   (LimnTaskStatus     status);
const char        *limn_task_status_to_string  (LimnTaskStatus     status);
gboolean           limn_task_status_from_string (const char       *str,
                                                 LimnTaskStatus   *status);
const char        *limn_text_direction_to_string (LimnTextDirection direction);
LimnTextDirection  limn_text_direction_from_string (const char     *str);

/* A text task's title, the one rule for the app's importer and the
 * server's `task add`: the first LIMN_TASK_TITLE_CHARS characters, each
 * white-space character as a space, trimmed, and "…" when the text goes on
 * past them. */
#define LIMN_TASK_TITLE_CHARS 48
char              *limn_task_title_for_text    (const char        *text);

G_END_DECLS
