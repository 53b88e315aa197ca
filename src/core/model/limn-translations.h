/* limn-translations.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* A project's texts in other languages: a GHashTable from a BCP 47
 * language tag ("de", "pt-BR", "zh-Hans") to the text. The project's
 * default text stays where it was; these only add to it. */

GHashTable *limn_translations_new       (void);
gboolean    limn_language_tag_is_valid  (const char        *tag);
const char *limn_translations_lookup    (GHashTable        *translations,
                                         const char * const *languages);
char       *limn_translations_to_json   (GHashTable        *translations);
GHashTable *limn_translations_from_json (const char        *json,
                                         GError           **error);
/* @json's translations in the form to_json() writes; NULL when there are
 * none or @json is not a valid set (a reader checked it already). */
char       *limn_translations_canonical (const char       *json);
/* Adds @obj's members (tag → text, e.g. a label's "names" from the server)
 * to @into. FALSE, @into unchanged, for a bad tag or a text that is not a
 * string, is blank or is longer than @max_len bytes; the error message
 * names the member. */
gboolean    limn_translations_read_object (JsonObject      *obj,
                                           gsize            max_len,
                                           GHashTable      *into,
                                           GError         **error);

G_END_DECLS
