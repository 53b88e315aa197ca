/* limn-analytics-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-analytics"

#include "config.h"

#include "limn-analytics-error.h"

G_DEFINE_QUARK (limn-analytics-error-quark, limn_analytics_error)
