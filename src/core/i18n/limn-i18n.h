/* limn-i18n.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char *limn_i18n_locale_dir (void);
void        limn_i18n_init       (void);

G_END_DECLS
