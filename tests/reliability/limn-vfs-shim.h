/* limn-vfs-shim.h
 *
 * A SQLite VFS for fault tests that wraps the platform VFS ("unix") and
 * passes everything through, except what a test switches on:
 *
 * - a quota on the bytes of the database files (main, WAL, journal):
 *   a write that would grow them past it fails with SQLITE_FULL, as a full
 *   disk does (the unix VFS maps ENOSPC to SQLITE_FULL);
 * - a read-only switch: writes, truncations and syncs fail with
 *   SQLITE_READONLY (EACCES), as a file that can no longer be written;
 * - power loss: it remembers, per file, every write and truncation since
 *   the file's last xSync; at a chosen operation it puts every file back as
 *   it was at its last sync (what a disk cache loses when the power goes),
 *   optionally tearing the write under way or keeping a random subset of
 *   the unsynced writes (the disk wrote some dirty pages back, not others),
 *   and ends the process at once with LIMN_VFS_SHIM_POWER_LOSS_STATUS.
 *
 * Registered once per process (as the default VFS, so code under test that
 * opens with a NULL VFS goes through it); the settings are process-wide and
 * may change at any time from any thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LIMN_VFS_SHIM_NAME "limn-shim"
/* How a process the shim "unplugged" exits. */
#define LIMN_VFS_SHIM_POWER_LOSS_STATUS 86

typedef enum
{
  /* Every write since the file's last sync is lost. */
  LIMN_VFS_SHIM_LOSE_UNSYNCED,
  /* As above, and the write under way lands in part: a prefix of whole
   * 512-byte sectors (or of bytes, for a shorter write). */
  LIMN_VFS_SHIM_TEAR_LAST,
  /* Each unsynced write survives or not, independently (writes reordered
   * by the disk's cache). */
  LIMN_VFS_SHIM_KEEP_SOME,
  LIMN_VFS_SHIM_N_MODES
} LimnVfsShimPowerMode;

/* Registers the shim over the current default VFS; @make_default makes it
 * the default. Safe to call more than once. */
void        limn_vfs_shim_register          (gboolean              make_default);

/* 0 lifts the quota. The bytes already on disk count against it. */
void        limn_vfs_shim_set_quota         (gint64                bytes);
void        limn_vfs_shim_set_read_only     (gboolean              read_only);

/* Arms power loss at the @at_op-th write, truncation or sync (counted
 * from now, 1-based) on a database file. Recording starts now, so arm it
 * before opening the database. @seed decides tearing and survival. */
void        limn_vfs_shim_arm_power_loss    (guint64               at_op,
                                             LimnVfsShimPowerMode  mode,
                                             guint32               seed);

/* Counters, for tests to report. */
guint64     limn_vfs_shim_get_n_ops         (void);
guint64     limn_vfs_shim_get_n_refused     (void);
/* Bytes of the database files the shim has open or wrote (their sizes). */
gint64      limn_vfs_shim_get_used          (void);

const char *limn_vfs_shim_power_mode_to_string (LimnVfsShimPowerMode mode);

G_END_DECLS
