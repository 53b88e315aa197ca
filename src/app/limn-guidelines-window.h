/* limn-guidelines-window.h
 *
 * The project's guidelines, rendered, in a window of their own so an
 * annotator can keep them beside the task (F1 from anywhere). A contents
 * menu jumps to a section; the window follows the project when a sync
 * brings a new version.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "model/limn-project.h"
#include "store/limn-store-worker.h"
#include "sync/limn-sync-client.h"

G_BEGIN_DECLS

#define LIMN_TYPE_GUIDELINES_WINDOW (limn_guidelines_window_get_type ())

G_DECLARE_FINAL_TYPE (LimnGuidelinesWindow, limn_guidelines_window, LIMN, GUIDELINES_WINDOW, AdwWindow)

LimnGuidelinesWindow *limn_guidelines_window_new         (GtkWindow            *parent);
void                  limn_guidelines_window_set_project (LimnGuidelinesWindow *self,
                                                          LimnProject          *project);
/* With the store, a version waiting to be acknowledged shows what
 * changed since the one before (limn_markdown_changed_sections()) and an
 * "Acknowledge" button; ::acknowledged once the store has it. */
void                  limn_guidelines_window_set_worker  (LimnGuidelinesWindow *self,
                                                          LimnStoreWorker      *worker);
/* With a signed-in reviewer or admin and a team project, "Edit" opens an
 * editor whose "Publish" sends a new version (::published once the
 * server and the store have it). Annotators never see it. */
void                  limn_guidelines_window_set_sync_client (LimnGuidelinesWindow *self,
                                                              LimnSyncClient       *sync);
/* For tests: the Edit button while shown, else NULL; an editor widget by
 * name ("source", "summary", "publish", "changes", "error", "preview"). */
GtkWidget            *limn_guidelines_window_get_edit_button (LimnGuidelinesWindow *self);
GtkWidget            *limn_guidelines_window_get_editor_widget (LimnGuidelinesWindow *self,
                                                                const char           *name);
/* For tests: the button while an update waits, else NULL; its changes. */
GtkWidget            *limn_guidelines_window_get_ack_button (LimnGuidelinesWindow *self);
GtkWidget            *limn_guidelines_window_get_changes (LimnGuidelinesWindow *self);
/* For tests: the view, and whether it shows what was set last. */
GtkWidget            *limn_guidelines_window_get_view    (LimnGuidelinesWindow *self);
gboolean              limn_guidelines_window_is_rendered (LimnGuidelinesWindow *self);

G_END_DECLS
