/* limn-chart-format.c
 *
 * Values go through printf with the process locale (GTK sets LC_ALL from
 * the environment), so decimal separators and digit grouping follow it;
 * the shapes around numbers ("%s %%", "%s min") are translatable.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include <glib/gi18n.h>
#include <langinfo.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "limn-chart-format.h"

#define NO_VALUE "—"

/* Decimals needed to tell ticks @step apart, at most 3. */
static int
decimals_for_step (double step)
{
  int decimals = 0;

  if (!(step > 0) || !isfinite (step))
    return 0;
  while (decimals < 3 && fabs (step * pow (10, decimals) - round (step * pow (10, decimals))) > 1e-6)
    decimals++;
  return decimals;
}

/* The digits a locale writes numbers in: NULL for Western ones.
 * glibc's outdigits when the locale declares them (fa_IR...), else Arabic
 * outside the Maghreb, whose CLDR default is Arabic-Indic digits. */
typedef struct {
  const char *digits[10];
  const char *decimal_point;  /* replaces the locale's, or NULL */
  const char *thousands_sep;
} LocaleDigits;

static const LocaleDigits arabic_indic = {
  { "٠", "١", "٢", "٣", "٤", "٥", "٦", "٧", "٨", "٩" }, "٫", "٬",
};

static const LocaleDigits *
locale_digits (int category)
{
  const char *name = setlocale (category, NULL);
  static const char *const western_arabic[] = { "DZ", "MA", "TN", "LY", "EH" };

  if (name == NULL || strncmp (name, "ar_", 3) != 0)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (western_arabic); i++)
    if (strncmp (name + 3, western_arabic[i], 2) == 0)
      return NULL;
  return &arabic_indic;
}

static char *
localize_digits (const char         *text,
                 const LocaleDigits *digits,
                 gboolean            number)
{
  GString *out;
  const char *point = localeconv ()->decimal_point;
  const char *sep = localeconv ()->thousands_sep;
  size_t point_len = strlen (point), sep_len = strlen (sep);

  if (digits == NULL)
    return g_strdup (text);

  out = g_string_sized_new (strlen (text) * 2);
  for (const char *p = text; *p != '\0';)
    {
      if (*p >= '0' && *p <= '9')
        {
          g_string_append (out, digits->digits[*p - '0']);
          p++;
        }
      else if (number && point_len > 0 && strncmp (p, point, point_len) == 0)
        {
          g_string_append (out, digits->decimal_point);
          p += point_len;
        }
      else if (number && sep_len > 0 && strncmp (p, sep, sep_len) == 0)
        {
          g_string_append (out, digits->thousands_sep);
          p += sep_len;
        }
      else
        g_string_append_c (out, *p++);
    }
  return g_string_free (out, FALSE);
}

char *
limn_format_localize_digits (const char *text,
                             int         category)
{
  g_return_val_if_fail (text != NULL, NULL);

  return localize_digits (text, locale_digits (category), FALSE);
}

char *
limn_format_localize_digits_take (char *text)
{
  g_autofree char *owned = text;

  g_return_val_if_fail (text != NULL, NULL);

  return localize_digits (owned, locale_digits (LC_NUMERIC), FALSE);
}

char *
limn_format_localize_digits_name_take (char       *text,
                                       const char *name)
{
  g_autofree char *localized = limn_format_localize_digits_take (text);
  g_auto(GStrv) parts = g_strsplit (localized, LIMN_FORMAT_NAME_MARK, -1);

  return g_strjoinv (name != NULL ? name : "", parts);
}

/* "1,234.5" in the locale's format (the ' flag groups digits, the I flag
 * takes glibc's outdigits) and then in its digits. */
static char *
format_number (double value,
               int    decimals)
{
  g_autofree char *ascii = NULL;

  if (fabs (value) < 0.5 * pow (10, -decimals))
    value = 0; /* no "-0" */
  ascii = g_strdup_printf ("%'.*f", decimals, value);
  return localize_digits (ascii, locale_digits (LC_NUMERIC), TRUE);
}

static char *
format_percent (double fraction,
                int    decimals)
{
  g_autofree char *number = format_number (fraction * 100, decimals);

  /* Translators: a percentage; %s is the number. Use your language's
   * spacing ("86 %" or "86%"). */
  return g_strdup_printf (_("%s %%"), number);
}

char *
limn_format_count (gint64 n)
{
  g_autofree char *ascii = g_strdup_printf ("%'" G_GINT64_FORMAT, n);

  return localize_digits (ascii, locale_digits (LC_NUMERIC), TRUE);
}

char *
limn_format_decimal (double value,
                     int    decimals)
{
  if (isnan (value))
    return g_strdup (NO_VALUE);
  return format_number (value, CLAMP (decimals, 0, 6));
}

char *
limn_format_percent (double fraction,
                     int    decimals)
{
  if (isnan (fraction))
    return g_strdup (NO_VALUE);
  return format_percent (fraction, CLAMP (decimals, 0, 6));
}

char *
limn_format_date_pattern (GDateTime  *dt,
                          const char *pattern)
{
  g_autofree char *ascii = NULL;

  if (dt == NULL)
    return g_strdup (NO_VALUE);
  /* GLib writes digits itself, in ASCII: the locale's come after. */
  ascii = g_date_time_format (dt, pattern);
  if (ascii == NULL)
    return g_strdup (NO_VALUE);
  return localize_digits (ascii, locale_digits (LC_TIME), FALSE);
}

char *
limn_format_date (GDateTime *dt)
{
  return limn_format_date_pattern (dt, "%x");
}

/* The locale's time pattern (T_FMT) without seconds and time zone: a
 * "when" does not need them, and ar_EG's "%Z %I:%M:%S %p" would otherwise
 * print "UTC 02:05:09 م". */
static char *
time_pattern (void)
{
  const char *t_fmt = nl_langinfo (T_FMT);
  g_autoptr(GString) pattern = g_string_new (NULL);

  if (t_fmt == NULL || *t_fmt == '\0')
    t_fmt = "%H:%M:%S";
  for (const char *p = t_fmt; *p != '\0'; p++)
    {
      const char *expanded = NULL;

      if (p[0] == '%' && p[1] == 'T')
        expanded = "%H:%M:%S";
      else if (p[0] == '%' && p[1] == 'r')
        expanded = "%I:%M:%S %p";
      if (expanded != NULL)
        {
          g_string_append (pattern, expanded);
          p++;
        }
      else
        g_string_append_c (pattern, *p);
    }
  for (;;)
    {
      char *z = strstr (pattern->str, "%Z");
      char *s = strstr (pattern->str, "%S");
      gssize start, end;

      if (z != NULL)
        {
          start = z - pattern->str;
          end = start + 2;
          while (pattern->str[end] == ' ')
            end++;
          while (start > 0 && pattern->str[start - 1] == ' ' && pattern->str[end] == '\0')
            start--;
        }
      else if (s != NULL)
        {
          /* ":%S" goes with its separator; "%S秒" with its unit. */
          start = s - pattern->str;
          end = start + 2;
          if (start > 0 && pattern->str[start - 1] == ':')
            start--;
          else
            while (pattern->str[end] != '\0' && pattern->str[end] != '%' && pattern->str[end] != ' ')
              end++;
        }
      else
        break;
      g_string_erase (pattern, start, end - start);
    }
  g_strstrip (pattern->str);
  return g_strdup (pattern->str);
}

char *
limn_format_time (GDateTime *dt)
{
  g_autofree char *pattern = time_pattern ();

  return limn_format_date_pattern (dt, pattern);
}

char *
limn_format_date_time (GDateTime *dt)
{
  g_autofree char *date = limn_format_date (dt);
  g_autofree char *time = limn_format_time (dt);

  /* Translators: a date, then a time of day: "07.12.2026 14:05". */
  return g_strdup_printf (C_("date and time", "%s %s"), date, time);
}

static char *
format_duration (double seconds,
                 int    decimals_hint)
{
  double abs_seconds = fabs (seconds);

  if (abs_seconds < 60)
    {
      /* Tenths only under 10 s, and only when there are any. */
      gboolean tenths = abs_seconds < 10 && decimals_hint > 0 && fabs (seconds - round (seconds)) > 0.05;
      g_autofree char *number = format_number (seconds, tenths ? 1 : 0);
      /* Translators: a duration in seconds, %s is the number. */
      return g_strdup_printf (_("%s s"), number);
    }
  if (abs_seconds < 3600)
    {
      double minutes = seconds / 60;
      g_autofree char *number = format_number (minutes, fabs (minutes - round (minutes)) > 0.05 ? 1 : 0);
      /* Translators: a duration in minutes, %s is the number. */
      return g_strdup_printf (_("%s min"), number);
    }
  {
    double hours = seconds / 3600;
    g_autofree char *number = format_number (hours, fabs (hours - round (hours)) > 0.05 ? 1 : 0);
    /* Translators: a duration in hours, %s is the number. */
    return g_strdup_printf (_("%s h"), number);
  }
}

char *
limn_chart_format_value (LimnChartFormat format,
                         double          value)
{
  if (isnan (value))
    return g_strdup (NO_VALUE);
  if (isinf (value))
    return g_strdup (value > 0 ? "∞" : "−∞");

  switch (format)
    {
    case LIMN_CHART_FORMAT_PERCENT:
      return format_percent (value, 0);
    case LIMN_CHART_FORMAT_DURATION:
      return format_duration (value, 1);
    case LIMN_CHART_FORMAT_COUNT:
      return format_number (round (value), 0);
    case LIMN_CHART_FORMAT_NUMBER:
    default:
      {
        /* Enough decimals for three significant digits, at most 3. */
        double magnitude = fabs (value);
        int decimals = magnitude >= 100 || magnitude == 0 ? 0 : magnitude >= 10 ? 1 : magnitude >= 1 ? 2 : 3;
        g_autofree char *text = format_number (value, decimals);
        const char *point = localeconv ()->decimal_point;
        char *decimal_point = decimals > 0 ? strstr (text, point) : NULL;

        /* Trim trailing zeros and a bare decimal separator: "2.5", "3". */
        if (decimal_point != NULL)
          {
            char *end = text + strlen (text) - 1;

            while (end > decimal_point && *end == '0')
              *end-- = '\0';
            if (end == decimal_point + strlen (point) - 1)
              *decimal_point = '\0';
          }
        return g_steal_pointer (&text);
      }
    }
}

char *
limn_chart_format_interval (LimnChartFormat format,
                            double          value,
                            double          low,
                            double          high)
{
  g_autofree char *main = limn_chart_format_value (format, value);
  g_autofree char *low_text = NULL;
  g_autofree char *high_text = NULL;

  if (isnan (value) || isnan (low) || isnan (high))
    return g_steal_pointer (&main);

  low_text = limn_chart_format_value (format, low);
  high_text = limn_chart_format_value (format, high);
  /* Translators: a value and its interval, "86 % (81 %–90 %)". */
  return g_strdup_printf (_("%s (%s–%s)"), main, low_text, high_text);
}

char *
limn_chart_format_date (gint64 time_us)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (time_us / G_USEC_PER_SEC);

  if (utc == NULL)
    return g_strdup (NO_VALUE);
  /* Translators: a short date on a chart axis, see strftime(3):
   * "Mar 3" in English, "3 mars" in French. */
  return limn_format_date_pattern (utc, _("%b %-d"));
}

double
limn_chart_nice_step (double raw_step)
{
  double magnitude, fraction;

  if (!(raw_step > 0) || !isfinite (raw_step))
    return 1;

  magnitude = pow (10, floor (log10 (raw_step)));
  fraction = raw_step / magnitude;
  /* A little slack so floating error (0.2000001) does not jump a step. */
  if (fraction <= 1 + 1e-9)
    return magnitude;
  if (fraction <= 2 + 1e-9)
    return 2 * magnitude;
  if (fraction <= 5 + 1e-9)
    return 5 * magnitude;
  return 10 * magnitude;
}

GArray *
limn_chart_nice_ticks (double *min,
                       double *max,
                       guint   max_ticks,
                       double *step)
{
  GArray *ticks = g_array_new (FALSE, FALSE, sizeof (double));
  double lo = *min, hi = *max, s, first, last;
  guint intervals;

  max_ticks = MAX (max_ticks, 2);
  if (!isfinite (lo) || !isfinite (hi))
    lo = 0, hi = 1;
  if (lo > hi)
    {
      double t = lo;
      lo = hi;
      hi = t;
    }
  if (hi - lo < 1e-12)
    {
      /* One value: a range around it, from zero when it is positive. */
      if (lo == 0)
        hi = 1;
      else if (lo > 0)
        lo = 0;
      else
        hi = 0;
    }

  intervals = max_ticks - 1;
  s = limn_chart_nice_step ((hi - lo) / intervals);
  for (;;)
    {
      first = floor (lo / s + 1e-9) * s;
      last = ceil (hi / s - 1e-9) * s;
      if ((last - first) / s <= intervals + 1e-9)
        break;
      s = limn_chart_nice_step (s * 1.0001);
    }

  for (guint i = 0; first + i * s <= last + s * 1e-9; i++)
    {
      double v = first + i * s;

      if (fabs (v) < s * 1e-9)
        v = 0;
      g_array_append_val (ticks, v);
    }

  *min = first;
  *max = last;
  if (step)
    *step = s;
  return ticks;
}

char *
limn_chart_format_tick (LimnChartFormat format,
                        double          value,
                        double          step)
{
  switch (format)
    {
    case LIMN_CHART_FORMAT_PERCENT:
      return format_percent (value, decimals_for_step (step * 100));
    case LIMN_CHART_FORMAT_DURATION:
      return format_duration (value, decimals_for_step (step));
    case LIMN_CHART_FORMAT_COUNT:
    case LIMN_CHART_FORMAT_NUMBER:
    default:
      {
        /* Axis labels of big numbers stay short ("20k", "3M"); tables and
         * tooltips keep the exact figure. */
        static const struct { double unit; const char *format; } units[] = {
          /* Translators: short axis labels of big numbers, %s is the
           * number: trillions, billions, millions, thousands. */
          { 1e12, N_("%sT") }, { 1e9, N_("%sB") }, { 1e6, N_("%sM") }, { 1e3, N_("%sk") },
        };

        /* The step picks the unit, so one axis uses one unit throughout. */
        for (guint i = 0; i < G_N_ELEMENTS (units) && value != 0; i++)
          if (fabs (step) >= units[i].unit)
            {
              g_autofree char *number = format_number (value / units[i].unit,
                                                       decimals_for_step (step / units[i].unit));

              return g_strdup_printf (g_dgettext (GETTEXT_PACKAGE, units[i].format), number);
            }
        return format_number (value, decimals_for_step (step));
      }
    }
}
