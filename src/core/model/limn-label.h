/* limn-label.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define LIMN_TYPE_LABEL (limn_label_get_type ())

G_DECLARE_FINAL_TYPE (LimnLabel, limn_label, LIMN, LABEL, GObject)

LimnLabel  *limn_label_new             (const char *id,
                                        const char *name,
                                        const char *color,
                                        const char *hotkey);
const char *limn_label_get_id          (LimnLabel  *self);
const char *limn_label_get_name        (LimnLabel  *self);
const char *limn_label_get_color       (LimnLabel  *self);
const char *limn_label_get_hotkey      (LimnLabel  *self);
const char *limn_label_get_description (LimnLabel  *self);
void        limn_label_set_description (LimnLabel  *self,
                                        const char *description);
/* The name and description in other languages, by BCP 47 tag
 * (limn-translations.h). The default name stays the label's identity in
 * exports and sync; these are only for showing. */
GHashTable *limn_label_get_names       (LimnLabel  *self);
GHashTable *limn_label_get_descriptions (LimnLabel *self);
void        limn_label_set_translation (LimnLabel  *self,
                                        const char *tag,
                                        const char *name,
                                        const char *description);
const char *limn_label_get_display_name (LimnLabel          *self,
                                         const char * const *languages);
const char *limn_label_get_display_description (LimnLabel          *self,
                                                const char * const *languages);
/* A retired label stays for the annotations that use it (their regions
 * keep resolving its name and color) and is refused in new ones: the
 * palette hides it and its hotkey does nothing. */
gboolean    limn_label_get_retired     (LimnLabel  *self);
void        limn_label_set_retired     (LimnLabel  *self,
                                        gboolean    retired);
void        limn_label_get_rgb         (LimnLabel  *self,
                                        double     *red,
                                        double     *green,
                                        double     *blue);

gboolean    limn_color_parse           (const char *color,
                                        double     *red,
                                        double     *green,
                                        double     *blue);
const char *limn_color_for_index       (guint       index);
gboolean    limn_hotkey_is_valid       (const char *hotkey);
char       *limn_hotkey_for_index      (guint       index);

G_END_DECLS
