/* limn-chart-format.h
 *
 * How charts write their values: axis ticks, tooltips, table cells and the
 * text alternative all go through here, so a value reads the same
 * everywhere and follows the locale.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <locale.h>

G_BEGIN_DECLS

typedef enum {
  LIMN_CHART_FORMAT_NUMBER,
  LIMN_CHART_FORMAT_PERCENT,  /* 0..1 shown as % */
  LIMN_CHART_FORMAT_DURATION, /* seconds */
  LIMN_CHART_FORMAT_COUNT,
} LimnChartFormat;

/* Locale-aware; "—" for NaN. */
char   *limn_chart_format_value      (LimnChartFormat format,
                                      double          value);
/* A value and its interval, "86 % (81–90 %)"; without the interval when
 * either end is NaN. */
char   *limn_chart_format_interval   (LimnChartFormat format,
                                      double          value,
                                      double          low,
                                      double          high);
/* A short locale date ("3 Mar") of a UTC time in µs. */
char   *limn_chart_format_date       (gint64          time_us);

/* Numbers and dates for the user anywhere in the app (not only charts):
 * LC_NUMERIC's grouping and decimal separator, LC_TIME's date and time
 * patterns, and the locale's digits (Arabic-Indic for Arabic outside the
 * Maghreb, as CLDR has it; glibc's ar_* locales declare no outdigits, so
 * printf's I flag alone would leave them Western). */
char   *limn_format_count            (gint64          n);
char   *limn_format_decimal          (double          value,
                                      int             decimals);
/* @fraction 0..1 as "86 %" with @decimals decimals. */
char   *limn_format_percent          (double          fraction,
                                      int             decimals);
/* ASCII digits of @text in the digits of @category's locale
 * (LC_NUMERIC or LC_TIME); a copy when the locale uses Western ones. */
char   *limn_format_localize_digits  (const char     *text,
                                      int             category);
/* The same for a sentence whose only digits are its numbers (counts in a
 * translated "%u of %u"; no names or other user text in it): takes
 * @text. Digit grouping is up to the translation there. */
char   *limn_format_localize_digits_take (char       *text);
/* The same for a sentence with one name in it (user text, whose digits
 * stay as typed): printf it with LIMN_FORMAT_NAME_MARK for the name's %s;
 * this localizes the digits and puts @name in. Takes @text. */
#define LIMN_FORMAT_NAME_MARK "\x1f"
char   *limn_format_localize_digits_name_take (char       *text,
                                               const char *name);
/* The locale's date ("%x"), time without seconds, and both, of @dt. */
char   *limn_format_date             (GDateTime      *dt);
char   *limn_format_time             (GDateTime      *dt);
char   *limn_format_date_time        (GDateTime      *dt);
/* A strftime(3) pattern (e.g. a translated "%-d %b") with the locale's
 * digits. */
char   *limn_format_date_pattern     (GDateTime      *dt,
                                      const char     *pattern);

/* Round axis ticks in 1-2-5 steps covering [min, max] with at most
 * @max_ticks ticks (at least 2). Widens [*min, *max] to the outer ticks
 * and returns the tick values (the step in @step). */
GArray *limn_chart_nice_ticks        (double         *min,
                                      double         *max,
                                      guint           max_ticks,
                                      double         *step);
/* The 1-2-5 step nearest above @raw_step. */
double  limn_chart_nice_step         (double          raw_step);
/* A tick label: like format_value, but with only as many decimals as
 * @step needs ("0.5", "1", "1.5"), in the locale's number format. */
char   *limn_chart_format_tick       (LimnChartFormat format,
                                      double          value,
                                      double          step);

G_END_DECLS
