/* limn-team-page-capacity.c
 *
 * The Team page's what-if section: the capacity model (limn-capacity.h,
 * docs/metrics.md §10) on the dashboard's per-annotator rates and tasks by
 * answers, with more annotators at the team's median rate or another
 * overlap, recomputed as a spin button changes; nothing is asked of the
 * server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "analytics/limn-capacity.h"
#include "charts/limn-chart-format.h"
#include "limn-team-page-private.h"
#include "limn-when.h"

#define DAY_US ((gint64)86400 * G_USEC_PER_SEC)

static char *
format_day (gint64 day_us)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (day_us / G_USEC_PER_SEC);

  /* Translators: a day in the what-if forecast, see strftime(3): "10 Jan". */
  return limn_format_date_pattern (utc, _("%-d %b"));
}

/* The model's text for @d with the spin buttons' what-if; sets
 * *@finish_us (-1: none). */
static char *
capacity_text (LimnTeamPage            *self,
               const LimnTeamDashboard *d,
               gint64                  *finish_us)
{
  g_autoptr(GArray) rates = g_array_new (FALSE, FALSE, sizeof (LimnCapacityRate));
  LimnCapacityWhatIf what_if;
  LimnCapacityForecast f;
  gint64 today_us = d->generated_us / DAY_US * DAY_US;
  g_autofree char *finish = NULL;
  g_autofree char *low = NULL;
  g_autofree char *high = NULL;
  g_autofree char *rate = NULL;
  g_autofree char *remaining = NULL;

  *finish_us = -1;
  for (guint i = 0; i < d->annotators->len; i++)
    {
      const LimnDashboardAnnotator *a = g_ptr_array_index (d->annotators, i);
      LimnCapacityRate r = { a->rate_per_day, a->rate_sd, (guint)a->rate_days };

      if (a->rate_days > 0)
        g_array_append_val (rates, r);
    }

  what_if.added = (guint)gtk_spin_button_get_value_as_int (self->capacity_added_spin);
  what_if.overlap = gtk_spin_button_get_value_as_int (self->capacity_overlap_spin);
  if (!limn_capacity_forecast ((const LimnCapacityRate *)(gpointer)rates->data, rates->len,
                               (const gint64 *)(gpointer)d->by_answers->data, d->by_answers->len,
                               &what_if, &f))
    return g_strdup (_("No finish date: nobody answered anything in the last 14 days."));
  if (f.remaining == 0)
    {
      *finish_us = today_us;
      return g_strdup (_("Every task already has that many answers."));
    }

  *finish_us = today_us + (gint64)ceil (f.days) * DAY_US;
  finish = format_day (*finish_us);
  low = format_day (today_us + (gint64)ceil (f.days_low) * DAY_US);
  rate = limn_format_decimal (f.rate, 0);
  remaining = limn_format_decimal ((double)f.remaining, 0);
  if (isinf (f.days_high) || f.days_high > 3650)
    /* Translators: the finish day, the earliest day of its interval (the
     * rate may be 0, so there is no latest), answers per day, answers left. */
    return g_strdup_printf (_("Finish expected %s (%s at the earliest; no latest day can be told) "
                              "at %s a day, %s answers to go"), finish, low, rate, remaining);
  high = format_day (today_us + (gint64)ceil (f.days_high) * DAY_US);
  if (g_strcmp0 (low, high) == 0)
    /* Translators: the finish day (rates that do not vary: no interval),
     * answers per day and answers left. */
    return g_strdup_printf (_("Finish expected %s at %s a day, %s answers to go"), finish, rate, remaining);
  /* Translators: the finish day, its 95 % interval, answers per day and
   * answers left. */
  return g_strdup_printf (_("Finish expected %s (%s – %s) at %s a day, %s answers to go"),
                          finish, low, high, rate, remaining);
}

void
limn_team_page_show_capacity (LimnTeamPage *self)
{
  const LimnTeamDashboard *d = self->dashboard;
  gboolean shown = d != NULL && d->by_answers->len > 0 && d->remaining_overlap > 0;
  g_autofree char *text = NULL;
  gint64 finish_us = -1;

  gtk_widget_set_visible (GTK_WIDGET (self->capacity_box), shown);
  if (!shown)
    {
      g_clear_pointer (&self->capacity_text, g_free);
      self->capacity_finish_us = -1;
      return;
    }

  /* A new overlap from the server resets the what-if's; the lead's own
   * choice stays while the project's does not change. */
  if (self->capacity_overlap != d->remaining_overlap)
    {
      self->capacity_overlap = d->remaining_overlap;
      gtk_spin_button_set_value (self->capacity_overlap_spin, (double)d->remaining_overlap);
    }

  text = capacity_text (self, d, &finish_us);
  gtk_label_set_text (self->capacity_label, text);
  g_free (self->capacity_text);
  self->capacity_text = g_steal_pointer (&text);
  self->capacity_finish_us = finish_us;
}

static void
on_what_if_changed (GtkSpinButton *spin,
                    LimnTeamPage  *self)
{
  if (self->dashboard != NULL)
    limn_team_page_show_capacity (self);
}

void
limn_team_page_capacity_init (LimnTeamPage *self)
{
  self->capacity_finish_us = -1;
  self->capacity_overlap = -1;
  gtk_widget_set_visible (GTK_WIDGET (self->capacity_box), FALSE);
  g_signal_connect (self->capacity_added_spin, "value-changed", G_CALLBACK (on_what_if_changed), self);
  g_signal_connect (self->capacity_overlap_spin, "value-changed", G_CALLBACK (on_what_if_changed), self);
}

/* For tests */

const char *
limn_team_page_get_capacity_text (LimnTeamPage *self)
{
  g_return_val_if_fail (LIMN_IS_TEAM_PAGE (self), NULL);
  return self->capacity_text != NULL ? self->capacity_text : "";
}

gint64
limn_team_page_get_capacity_finish (LimnTeamPage *self)
{
  g_return_val_if_fail (LIMN_IS_TEAM_PAGE (self), -1);
  return self->capacity_finish_us;
}

GtkWidget *
limn_team_page_get_capacity_added_spin (LimnTeamPage *self)
{
  g_return_val_if_fail (LIMN_IS_TEAM_PAGE (self), NULL);
  return GTK_WIDGET (self->capacity_added_spin);
}

GtkWidget *
limn_team_page_get_capacity_overlap_spin (LimnTeamPage *self)
{
  g_return_val_if_fail (LIMN_IS_TEAM_PAGE (self), NULL);
  return GTK_WIDGET (self->capacity_overlap_spin);
}
