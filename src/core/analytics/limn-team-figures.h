/* limn-team-figures.h
 *
 * The team's aggregates an annotator's dashboard shows beside their own
 * ("you beside the team"): the body of GET /api/v1/projects/{id}/team-figures
 * (docs/dashboard-wire, docs/metrics.md "Personal dashboard"), as kept by
 * sync in the store's team_figures table. It names nobody: counts and
 * rates of the whole team only. Fewer than 3 annotators and the server
 * leaves every figure null; that, or no body at all, is "not enough team
 * data yet".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Fewer contributors than this and the team's figures are withheld. */
#define LIMN_TEAM_FIGURES_MIN_ANNOTATORS 3

typedef struct
{
  double  p;      /* NaN when the server sent null */
  double  low;
  double  high;
  guint64 n;
} LimnTeamRate;

typedef struct
{
  char    *label;  /* as the server names it */
  guint64  count;
  double   share;
} LimnTeamLabel;

typedef struct
{
  char         *project;
  gint64        generated_us;
  gint64        annotators;
  GArray       *labels;          /* LimnTeamLabel; empty when withheld */
  double        median_active_s; /* NaN: null */
  double        p90_active_s;
  LimnTeamRate  gold_accuracy;
  LimnTeamRate  acceptance;
} LimnTeamFigures;

/* Parses a team-figures body (@length bytes) with the strict JSON reader:
 * every member checked for its type and range. Fails with a
 * LIMN_JSON_READER_ERROR naming the member. */
LimnTeamFigures *limn_team_figures_parse  (const char             *body,
                                           gsize                   length,
                                           GError                **error);
void             limn_team_figures_free   (LimnTeamFigures        *figures);
/* Whether there is anything to show: enough annotators and a label
 * distribution. @figures may be NULL (nothing received). */
gboolean         limn_team_figures_enough (const LimnTeamFigures  *figures);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnTeamFigures, limn_team_figures_free)

G_END_DECLS
