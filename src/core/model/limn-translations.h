/* limn-translations.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

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

G_END_DECLS
