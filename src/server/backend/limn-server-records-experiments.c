/* limn-server-records-experiments.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "limn-server-records-experiments.h"

void
limn_server_experiment_free (LimnServerExperiment *experiment)
{
  if (experiment == NULL)
    return;
  g_free (experiment->id);
  g_free (experiment->project_id);
  g_free (experiment->state);
  g_free (experiment->draft);
  g_free (experiment->split);
  g_free (experiment->arms);
  g_free (experiment->pool);
  g_free (experiment->result);
  g_free (experiment->started_by);
  g_free (experiment->decided_by);
  g_free (experiment);
}
