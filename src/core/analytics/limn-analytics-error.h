/* limn-analytics-error.h
 *
 * The one error domain of src/core/analytics.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LIMN_ANALYTICS_ERROR (limn_analytics_error_quark ())

typedef enum
{
  LIMN_ANALYTICS_ERROR_INVALID,    /* an argument out of range: an id, a category, a
                                    * threshold, a count, a non-finite number */
  LIMN_ANALYTICS_ERROR_DUPLICATE,  /* one coder gave one unit two values */
  LIMN_ANALYTICS_ERROR_PARSE,      /* a data file is malformed: CSV syntax, a missing column */
} LimnAnalyticsError;

GQuark limn_analytics_error_quark (void);

G_END_DECLS
