/* limn-server-team-cache.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include "limn-server-alerts.h"
#include "limn-server-pseudonyms.h"
#include "limn-server-team-cache.h"

#define DAY_US ((gint64)86400 * G_USEC_PER_SEC)

typedef struct
{
  LimnServerTeamReport *report;
  gint64                version;     /* the project's change counter it was computed at */
  gint64                day;         /* UTC day number */
  gint64                computed_us; /* monotonic */
} Entry;

struct _LimnServerTeamCache
{
  GMutex      lock;        /* one computation at a time */
  GMutex      table_lock;  /* the table alone, held briefly: peeks do not wait for a computation */
  GHashTable *entries;     /* project id → Entry */
};

static void
entry_free (Entry *entry)
{
  g_clear_pointer (&entry->report, limn_server_team_report_unref);
  g_free (entry);
}

LimnServerTeamCache *
limn_server_team_cache_new (void)
{
  LimnServerTeamCache *cache = g_new0 (LimnServerTeamCache, 1);

  g_mutex_init (&cache->lock);
  g_mutex_init (&cache->table_lock);
  cache->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify)entry_free);
  return cache;
}

void
limn_server_team_cache_free (LimnServerTeamCache *cache)
{
  if (cache == NULL)
    return;

  g_mutex_clear (&cache->lock);
  g_mutex_clear (&cache->table_lock);
  g_hash_table_unref (cache->entries);
  g_free (cache);
}

static gint64
day_of (gint64 us)
{
  return us >= 0 ? us / DAY_US : -((-us + DAY_US - 1) / DAY_US);
}

static gboolean
read_version (LimnServerBackend  *backend,
              const char         *project_id,
              gint64             *version,
              GError            **error)
{
  g_autoptr(LimnServerTxn) txn = limn_server_backend_begin (backend, LIMN_SERVER_TXN_READ, error);

  return txn != NULL && txn->store->team_version (txn, project_id, version, error);
}

/* Computes the report and judges its alerts; called with the lock held. */
static LimnServerTeamReport *
compute (LimnServerBackend  *backend,
         const char         *project_id,
         gint64              now_us,
         GError            **error)
{
  g_autoptr(LimnServerTeamReport) report = NULL;
  g_autoptr(GBytes) secret = NULL;

  report = limn_server_team_compute (backend, project_id, LIMN_SERVER_TEAM_MAX_DAYS, now_us, error);
  if (report == NULL)
    return NULL;
  secret = limn_server_pseudonym_secret (backend, error);
  if (secret == NULL ||
      !limn_server_alerts_refresh (backend, project_id, report, secret, NULL, error))
    return NULL;
  return g_steal_pointer (&report);
}

LimnServerTeamReport *
limn_server_team_cache_get (LimnServerTeamCache  *cache,
                            LimnServerBackend    *backend,
                            const char           *project_id,
                            gint64                now_us,
                            int                   max_age_seconds,
                            gboolean             *computed,
                            GError              **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  LimnServerTeamReport *report;
  Entry *entry;
  gint64 version = -1;

  if (computed != NULL)
    *computed = FALSE;

  /* Read before the data: a change in between makes the kept report look
   * older than it is (computed again next time), never newer. */
  if (!read_version (backend, project_id, &version, error))
    return NULL;

  locker = g_mutex_locker_new (&cache->lock);
  g_mutex_lock (&cache->table_lock);
  entry = g_hash_table_lookup (cache->entries, project_id);
  if (entry != NULL && entry->version == version && entry->day == day_of (now_us) &&
      (max_age_seconds < 0 ||
       g_get_monotonic_time () - entry->computed_us < (gint64)max_age_seconds * G_USEC_PER_SEC))
    {
      report = limn_server_team_report_ref (entry->report);
      g_mutex_unlock (&cache->table_lock);
      return report;
    }
  g_mutex_unlock (&cache->table_lock);

  report = compute (backend, project_id, now_us, error);
  if (report == NULL)
    return NULL;
  if (computed != NULL)
    *computed = TRUE;

  entry = g_new0 (Entry, 1);
  entry->report = limn_server_team_report_ref (report);
  entry->version = version;
  entry->day = day_of (now_us);
  entry->computed_us = g_get_monotonic_time ();
  g_mutex_lock (&cache->table_lock);
  g_hash_table_replace (cache->entries, g_strdup (project_id), entry);
  g_mutex_unlock (&cache->table_lock);
  return report;
}

LimnServerTeamReport *
limn_server_team_cache_peek (LimnServerTeamCache *cache,
                             const char          *project_id)
{
  LimnServerTeamReport *report = NULL;
  Entry *entry;

  g_mutex_lock (&cache->table_lock);
  entry = g_hash_table_lookup (cache->entries, project_id);
  if (entry != NULL)
    report = limn_server_team_report_ref (entry->report);
  g_mutex_unlock (&cache->table_lock);
  return report;
}
