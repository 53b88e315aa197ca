/* limn-server-hidden-fields.h
 *
 * The task fields a project hides from its annotators (the project
 * setting hidden_task_fields; docs/security.md, "Privacy"): claims answer
 * annotators without them, reviewers and admins see everything.
 *
 *   title              the task's title (an image's file name): sent as ""
 *   suggestions        the model's pre-labels: sent as []
 *   suggestion_scores  each suggestion without score, model, model_version
 *   language           a text's language: sent as null
 *
 * Gold is never on the wire to annotators whatever the setting.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* @list ("title,suggestions", or "none") checked and in canonical order,
 * joined by commas ("" for none); NULL with an error naming a field that
 * is not one of the above. */
char      *limn_server_hidden_fields_parse   (const char  *list,
                                              GError     **error);
/* Strips from @task (as limn_server_task_to_json made it) the fields in
 * @hidden (as stored; NULL or "" hide nothing). */
void       limn_server_hidden_fields_apply   (const char  *hidden,
                                              JsonObject  *task);
/* @hidden as a JSON array of names (empty for none). */
JsonArray *limn_server_hidden_fields_to_json (const char  *hidden);

G_END_DECLS
