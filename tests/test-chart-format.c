/* test-chart-format.c
 *
 * How charts choose axis ticks (1-2-5 steps, few and round) and write
 * values, without a display. Exact strings are in the C locale.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include "charts/limn-chart-format.h"

static void
test_nice_step (void)
{
  g_assert_cmpfloat_with_epsilon (limn_chart_nice_step (0.13), 0.2, 1e-12);
  g_assert_cmpfloat_with_epsilon (limn_chart_nice_step (0.3), 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (limn_chart_nice_step (0.7), 1, 1e-12);
  g_assert_cmpfloat_with_epsilon (limn_chart_nice_step (1), 1, 1e-12);
  g_assert_cmpfloat_with_epsilon (limn_chart_nice_step (2), 2, 1e-12);
  g_assert_cmpfloat_with_epsilon (limn_chart_nice_step (2.1), 5, 1e-12);
  g_assert_cmpfloat_with_epsilon (limn_chart_nice_step (45), 50, 1e-12);
  g_assert_cmpfloat_with_epsilon (limn_chart_nice_step (0.02), 0.02, 1e-12);
  g_assert_cmpfloat_with_epsilon (limn_chart_nice_step (7e12), 1e13, 1);
  /* Nonsense in: a usable step out. */
  g_assert_cmpfloat (limn_chart_nice_step (NAN), ==, 1);
  g_assert_cmpfloat (limn_chart_nice_step (-3), ==, 1);
  g_assert_cmpfloat (limn_chart_nice_step (0), ==, 1);
}

static void
assert_ticks (double       lo,
              double       hi,
              guint        max_ticks,
              double       want_min,
              double       want_max,
              double       want_step,
              guint        want_n)
{
  double min = lo, max = hi, step = 0;
  g_autoptr(GArray) ticks = limn_chart_nice_ticks (&min, &max, max_ticks, &step);

  g_assert_cmpfloat_with_epsilon (min, want_min, 1e-9);
  g_assert_cmpfloat_with_epsilon (max, want_max, 1e-9);
  g_assert_cmpfloat_with_epsilon (step, want_step, 1e-9);
  g_assert_cmpuint (ticks->len, ==, want_n);
  g_assert_cmpuint (ticks->len, <=, MAX (max_ticks, 2));
  g_assert_cmpfloat_with_epsilon (g_array_index (ticks, double, 0), want_min, 1e-9);
  g_assert_cmpfloat_with_epsilon (g_array_index (ticks, double, ticks->len - 1), want_max, 1e-9);
}

static void
test_nice_ticks (void)
{
  /* Accuracy between 78 % and 87 %. */
  assert_ticks (0.78, 0.87, 6, 0.78, 0.88, 0.02, 6);
  /* Tasks per day up to 171. */
  assert_ticks (0, 171, 5, 0, 200, 50, 5);
  /* One value: the range starts at zero. */
  assert_ticks (5, 5, 6, 0, 5, 1, 6);
  /* Across zero, with too few ticks allowed for step 2. */
  assert_ticks (-3, 7, 6, -5, 10, 5, 4);
  /* Reversed and missing ranges. */
  assert_ticks (10, 0, 3, 0, 10, 5, 3);
  assert_ticks (NAN, NAN, 3, 0, 1, 0.5, 3);
  /* Huge counts. */
  assert_ticks (0, 9e12, 6, 0, 1e13, 2e12, 6);
  /* At least two ticks even when asked for one. */
  assert_ticks (0, 1, 1, 0, 1, 1, 2);
}

static void
assert_value (LimnChartFormat format,
              double          value,
              const char     *expected)
{
  g_autofree char *text = limn_chart_format_value (format, value);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_format_value (void)
{
  assert_value (LIMN_CHART_FORMAT_PERCENT, 0.8567, "86 %");
  assert_value (LIMN_CHART_FORMAT_PERCENT, 0, "0 %");
  assert_value (LIMN_CHART_FORMAT_PERCENT, 1.4, "140 %");
  assert_value (LIMN_CHART_FORMAT_PERCENT, NAN, "—");
  assert_value (LIMN_CHART_FORMAT_COUNT, 1234567, "1234567");
  assert_value (LIMN_CHART_FORMAT_COUNT, 9e12, "9000000000000");
  assert_value (LIMN_CHART_FORMAT_COUNT, NAN, "—");
  assert_value (LIMN_CHART_FORMAT_DURATION, 0, "0 s");
  assert_value (LIMN_CHART_FORMAT_DURATION, 2.5, "2.5 s");
  assert_value (LIMN_CHART_FORMAT_DURATION, 45, "45 s");
  assert_value (LIMN_CHART_FORMAT_DURATION, 95, "1.6 min");
  assert_value (LIMN_CHART_FORMAT_DURATION, 600, "10 min");
  assert_value (LIMN_CHART_FORMAT_DURATION, 7200, "2 h");
  assert_value (LIMN_CHART_FORMAT_NUMBER, 0.148, "0.148");
  assert_value (LIMN_CHART_FORMAT_NUMBER, 2.5, "2.5");
  assert_value (LIMN_CHART_FORMAT_NUMBER, 3, "3");
  assert_value (LIMN_CHART_FORMAT_NUMBER, 1234.6, "1235");
  /* No "-0". */
  assert_value (LIMN_CHART_FORMAT_NUMBER, -0.0001, "0");
  assert_value (LIMN_CHART_FORMAT_NUMBER, INFINITY, "∞");
}

static void
test_format_interval (void)
{
  g_autofree char *full = limn_chart_format_interval (LIMN_CHART_FORMAT_PERCENT, 0.86, 0.81, 0.90);
  g_autofree char *no_low = limn_chart_format_interval (LIMN_CHART_FORMAT_PERCENT, 0.86, NAN, 0.90);
  g_autofree char *no_value = limn_chart_format_interval (LIMN_CHART_FORMAT_PERCENT, NAN, 0.81, 0.90);

  g_assert_cmpstr (full, ==, "86 % (81 %–90 %)");
  g_assert_cmpstr (no_low, ==, "86 %");
  g_assert_cmpstr (no_value, ==, "—");
}

static void
assert_tick (LimnChartFormat format,
             double          value,
             double          step,
             const char     *expected)
{
  g_autofree char *text = limn_chart_format_tick (format, value, step);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_format_tick (void)
{
  assert_tick (LIMN_CHART_FORMAT_PERCENT, 0.25, 0.05, "25 %");
  assert_tick (LIMN_CHART_FORMAT_PERCENT, 0.25, 0.025, "25.0 %");
  assert_tick (LIMN_CHART_FORMAT_NUMBER, 0.5, 0.5, "0.5");
  assert_tick (LIMN_CHART_FORMAT_NUMBER, 1, 0.5, "1.0");
  assert_tick (LIMN_CHART_FORMAT_COUNT, 150, 50, "150");
  /* Big numbers are short on an axis, one unit per axis. */
  assert_tick (LIMN_CHART_FORMAT_COUNT, 20000, 5000, "20k");
  assert_tick (LIMN_CHART_FORMAT_COUNT, 0, 5000, "0");
  assert_tick (LIMN_CHART_FORMAT_COUNT, 1500000, 500000, "1500k");
  assert_tick (LIMN_CHART_FORMAT_COUNT, 3e6, 1e6, "3M");
  assert_tick (LIMN_CHART_FORMAT_COUNT, 1e13, 2e12, "10T");
  assert_tick (LIMN_CHART_FORMAT_DURATION, 90, 30, "1.5 min");
}

static void
test_format_date (void)
{
  /* Monday 2 March 2026, 00:00 UTC. */
  g_autofree char *date = limn_chart_format_date (G_GINT64_CONSTANT (1772409600) * G_USEC_PER_SEC);

  g_assert_cmpstr (date, ==, "Mar 2");
}

/* Switches the whole process to @name (a glibc locale the build compiled
 * into LOCPATH, see po/meson.build); FALSE, with the test skipped, when it
 * is not there. */
static gboolean
use_locale (const char *name)
{
  if (setlocale (LC_ALL, name) == NULL)
    {
      g_autofree char *why = g_strdup_printf ("locale %s not available (LOCPATH=%s): "
                                              "localedef or the locales sources missing",
                                              name, g_getenv ("LOCPATH"));
      g_test_skip (why);
      return FALSE;
    }
  return TRUE;
}

static gboolean
has_ascii_digit (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      return TRUE;
  return FALSE;
}

static void
assert_take (char       *text,
             const char *want)
{
  g_assert_cmpstr (text, ==, want);
  g_free (text);
}

static void
test_locale_de (void)
{
  g_autoptr(GDateTime) dt = g_date_time_new_utc (2026, 12, 7, 14, 5, 9);

  if (!use_locale ("de_DE.UTF-8"))
    return;
  assert_take (limn_format_count (1234567), "1.234.567");
  assert_take (limn_format_decimal (1234.5, 1), "1.234,5");
  assert_take (limn_format_percent (0.865, 1), "86,5 %");
  assert_take (limn_chart_format_value (LIMN_CHART_FORMAT_COUNT, 12345), "12.345");
  assert_take (limn_format_date (dt), "07.12.2026");
  assert_take (limn_format_time (dt), "14:05");
  assert_take (limn_format_date_time (dt), "07.12.2026 14:05");
  /* Western digits: a sentence and its name as they were. */
  assert_take (limn_format_localize_digits_name_take (
                 g_strdup_printf ("%s %d%%", LIMN_FORMAT_NAME_MARK, 87), "Class 2"),
               "Class 2 87%");
  setlocale (LC_ALL, "C.UTF-8");
}

static void
test_locale_ja (void)
{
  g_autoptr(GDateTime) dt = g_date_time_new_utc (2026, 12, 7, 14, 5, 9);

  if (!use_locale ("ja_JP.UTF-8"))
    return;
  assert_take (limn_format_count (1234567), "1,234,567");
  assert_take (limn_format_decimal (0.25, 2), "0.25");
  assert_take (limn_format_date (dt), "2026年12月07日");
  assert_take (limn_format_time (dt), "14時05分");
  setlocale (LC_ALL, "C.UTF-8");
}

static void
test_locale_ar (void)
{
  g_autoptr(GDateTime) dt = g_date_time_new_utc (2026, 12, 7, 14, 5, 9);
  g_autofree char *date = NULL;
  g_autofree char *time = NULL;
  g_autofree char *tick = NULL;

  if (!use_locale ("ar_EG.UTF-8"))
    return;
  /* Arabic-Indic digits with the Arabic separators (CLDR's "arab"). */
  assert_take (limn_format_count (1234567), "١٬٢٣٤٬٥٦٧");
  assert_take (limn_format_decimal (1234.5, 1), "١٬٢٣٤٫٥");
  assert_take (limn_format_percent (0.5, 0), "٥٠ %");
  assert_take (limn_format_localize_digits ("12:05", LC_NUMERIC), "١٢:٠٥");
  tick = limn_chart_format_tick (LIMN_CHART_FORMAT_NUMBER, 2.5, 0.5);
  g_assert_cmpstr (tick, ==, "٢٫٥");

  /* ar_EG's "%d %b, %Y" and "%Z %I:%M:%S %p": no zone, no seconds, and
   * not one Western digit. */
  date = limn_format_date (dt);
  g_assert_true (g_str_has_prefix (date, "٠٧ "));
  g_assert_true (g_str_has_suffix (date, "٢٠٢٦"));
  g_assert_false (has_ascii_digit (date));
  time = limn_format_time (dt);
  g_assert_true (g_str_has_prefix (time, "٠٢:٠٥"));
  g_assert_false (has_ascii_digit (time));
  g_assert_null (strstr (time, "UTC"));

  /* Sentences of counts; a name in one keeps its own digits. */
  assert_take (limn_format_localize_digits_take (g_strdup ("Task 3 of 12")), "Task ٣ of ١٢");
  assert_take (limn_format_localize_digits_name_take (
                 g_strdup_printf ("%s %d%%", LIMN_FORMAT_NAME_MARK, 87), "Class 2"),
               "Class 2 ٨٧%");

  /* Arabic in the Maghreb keeps Western digits. */
  if (setlocale (LC_ALL, "ar_MA.UTF-8") != NULL)
    assert_take (limn_format_count (1234), "1234");
  setlocale (LC_ALL, "C.UTF-8");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/chart-format/nice-step", test_nice_step);
  g_test_add_func ("/chart-format/nice-ticks", test_nice_ticks);
  g_test_add_func ("/chart-format/value", test_format_value);
  g_test_add_func ("/chart-format/interval", test_format_interval);
  g_test_add_func ("/chart-format/tick", test_format_tick);
  g_test_add_func ("/chart-format/date", test_format_date);
  g_test_add_func ("/chart-format/locale/de", test_locale_de);
  g_test_add_func ("/chart-format/locale/ja", test_locale_ja);
  g_test_add_func ("/chart-format/locale/ar", test_locale_ar);

  return g_test_run ();
}
