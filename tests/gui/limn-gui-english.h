/* limn-gui-english.h
 *
 * The no-English check of the runs in a language: walks what is on
 * screen (mapped labels, buttons, window titles) and reports every text
 * that is an English message of the catalog shown untranslated, or (in
 * a language not written in Latin letters) that still holds an English
 * word that no allow-list covers (proper names, the project's label
 * names, file names, numbers).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct _LimnEnglishCheck LimnEnglishCheck;

/* Reads po/@language.po of the source tree: its msgids and msgstrs. */
LimnEnglishCheck *limn_english_check_new      (const char        *language);
void              limn_english_check_free     (LimnEnglishCheck  *check);
/* Words (ASCII letters only) that may appear as they are: names. */
void              limn_english_check_allow    (LimnEnglishCheck  *check,
                                               const char        *word);
/* Text that may appear as it is wherever it shows: what people wrote
 * (a reviewer's note in English). */
void              limn_english_check_allow_text (LimnEnglishCheck *check,
                                                 const char       *text);
/* Walks @root's mapped widgets; logs each leftover with @where and
 * returns how many there were. */
guint             limn_english_check_walk     (LimnEnglishCheck  *check,
                                               GtkWidget         *root,
                                               const char        *where);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnEnglishCheck, limn_english_check_free)

G_END_DECLS
