/* limn-vfs-shim.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-vfs-shim"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include "limn-vfs-shim.h"

/* What happened to a file since its last sync, in order. */
typedef struct
{
  gboolean  truncate;
  gint64    offset;       /* writes: where; truncations: the new size */
  gint64    size_before;
  guchar   *old;          /* the bytes it replaced (within size_before) */
  gsize     old_len;
  guchar   *data;         /* writes: what was written */
  gsize     len;
} Change;

/* One per database file name, shared by every handle on it. */
typedef struct
{
  char      *path;
  gint64     size;
  guint      n_open;
  GPtrArray *changes;     /* Change, since the last xSync */
} FileState;

typedef struct
{
  sqlite3_file  base;
  FileState    *state;    /* NULL: a file the shim does not watch (temp files) */
  sqlite3_file *real;     /* allocated right after this struct */
} ShimFile;

static GMutex lock;
static sqlite3_vfs shim_vfs;
static sqlite3_vfs *real_vfs;
static sqlite3_io_methods shim_methods;
static GHashTable *files;          /* path -> FileState */

static gint64 quota;
static gboolean read_only;
static gboolean armed;
static guint64 power_at;
static LimnVfsShimPowerMode power_mode;
static GRand *power_rand;
static guint64 n_ops;
static guint64 n_refused;

static void
change_free (gpointer data)
{
  Change *c = data;

  g_free (c->old);
  g_free (c->data);
  g_free (c);
}

static void
file_state_free (gpointer data)
{
  FileState *s = data;

  g_free (s->path);
  g_ptr_array_unref (s->changes);
  g_free (s);
}

static sqlite3_file *
real_of (sqlite3_file *file)
{
  return ((ShimFile *)file)->real;
}

static gint64
used_locked (void)
{
  GHashTableIter iter;
  gpointer value;
  gint64 used = 0;

  g_hash_table_iter_init (&iter, files);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (((FileState *)value)->n_open > 0)
      used += ((FileState *)value)->size;

  return used;
}

/* Power loss */

static void
pwrite_all (int           fd,
            const guchar *data,
            gsize         len,
            gint64        offset)
{
  while (len > 0)
    {
      ssize_t n = pwrite (fd, data, len, offset);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          g_printerr ("limn-vfs-shim: could not restore a file: %s\n", g_strerror (errno));
          _exit (1);
        }
      data += n;
      len -= n;
      offset += n;
    }
}

static void
apply_change (int           fd,
              const Change *c)
{
  if (c->truncate)
    {
      if (ftruncate (fd, c->offset) != 0)
        _exit (1);
    }
  else
    pwrite_all (fd, c->data, c->len, c->offset);
}

/* Puts the file back as it was at its last sync: each change undone, the
 * newest first. */
static void
revert (int        fd,
        FileState *s)
{
  for (guint i = s->changes->len; i > 0; i--)
    {
      const Change *c = g_ptr_array_index (s->changes, i - 1);

      if (c->truncate)
        {
          if (ftruncate (fd, c->size_before) != 0)
            _exit (1);
          if (c->old_len > 0)
            pwrite_all (fd, c->old, c->old_len, c->offset);
        }
      else
        {
          if (c->old_len > 0)
            pwrite_all (fd, c->old, c->old_len, c->offset);
          if (ftruncate (fd, c->size_before) != 0)
            _exit (1);
        }
    }
}

G_GNUC_NORETURN static void
lose_power (FileState    *pending_file,
            gint64        pending_offset,
            const guchar *pending_data,
            gsize         pending_len)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, files);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      FileState *s = value;
      int fd = open (s->path, O_RDWR | O_CLOEXEC);

      if (fd < 0)
        continue;   /* deleted meanwhile */

      revert (fd, s);

      if (power_mode == LIMN_VFS_SHIM_KEEP_SOME)
        for (guint i = 0; i < s->changes->len; i++)
          if (g_rand_boolean (power_rand))
            apply_change (fd, g_ptr_array_index (s->changes, i));

      if (power_mode == LIMN_VFS_SHIM_TEAR_LAST && s == pending_file && pending_len > 1)
        {
          gsize keep = pending_len > 512
            ? 512 * (gsize)g_rand_int_range (power_rand, 1, (pending_len + 511) / 512)
            : (gsize)g_rand_int_range (power_rand, 1, pending_len);

          pwrite_all (fd, pending_data, MIN (keep, pending_len), pending_offset);
        }

      close (fd);
    }

  _exit (LIMN_VFS_SHIM_POWER_LOSS_STATUS);
}

/* Counts an operation on a watched file and loses power when armed for it.
 * Called with the lock held, before the operation. */
static void
count_op (FileState    *s,
          gint64        offset,
          const guchar *data,
          gsize         len)
{
  n_ops++;
  if (armed && n_ops == power_at)
    lose_power (s, offset, data, len);
}

/* Remembers what a write or truncation replaces. */
static int
record (ShimFile   *f,
        gboolean    truncate,
        gint64      offset,
        const void *data,
        gsize       len)
{
  FileState *s = f->state;
  Change *c = g_new0 (Change, 1);
  gint64 end;

  c->truncate = truncate;
  c->offset = offset;
  c->size_before = s->size;

  end = truncate ? s->size : MIN (offset + (gint64)len, s->size);
  if (end > offset)
    {
      int rc;

      c->old_len = end - offset;
      c->old = g_malloc (c->old_len);
      rc = real_of (&f->base)->pMethods->xRead (real_of (&f->base), c->old, c->old_len, offset);
      if (rc != SQLITE_OK)
        {
          change_free (c);
          return rc;
        }
    }
  if (!truncate)
    {
      c->data = g_memdup2 (data, len);
      c->len = len;
    }

  g_ptr_array_add (s->changes, c);
  return SQLITE_OK;
}

/* io methods */

static int
shim_close (sqlite3_file *file)
{
  ShimFile *f = (ShimFile *)file;
  int rc = f->real->pMethods->xClose (f->real);

  /* The state stays: what was not synced is still at risk. */
  if (f->state != NULL)
    {
      g_mutex_lock (&lock);
      f->state->n_open--;
      g_mutex_unlock (&lock);
      f->state = NULL;
    }

  return rc;
}

static int
shim_read (sqlite3_file *file,
           void         *buf,
           int           amount,
           sqlite3_int64 offset)
{
  sqlite3_file *real = real_of (file);

  return real->pMethods->xRead (real, buf, amount, offset);
}

static int
shim_write (sqlite3_file *file,
            const void   *buf,
            int           amount,
            sqlite3_int64 offset)
{
  ShimFile *f = (ShimFile *)file;
  sqlite3_file *real = f->real;
  FileState *s = f->state;
  int rc;

  if (s == NULL)
    return real->pMethods->xWrite (real, buf, amount, offset);

  g_mutex_lock (&lock);

  if (read_only)
    {
      n_refused++;
      g_mutex_unlock (&lock);
      errno = EACCES;
      return SQLITE_READONLY;
    }

  if (quota > 0 && offset + amount > s->size &&
      used_locked () + (offset + amount - s->size) > quota)
    {
      n_refused++;
      g_mutex_unlock (&lock);
      errno = ENOSPC;
      return SQLITE_FULL;
    }

  count_op (s, offset, buf, amount);

  if (armed && (rc = record (f, FALSE, offset, buf, amount)) != SQLITE_OK)
    {
      g_mutex_unlock (&lock);
      return rc;
    }

  rc = real->pMethods->xWrite (real, buf, amount, offset);
  if (rc == SQLITE_OK)
    s->size = MAX (s->size, offset + amount);

  g_mutex_unlock (&lock);
  return rc;
}

static int
shim_truncate (sqlite3_file *file,
               sqlite3_int64 size)
{
  ShimFile *f = (ShimFile *)file;
  sqlite3_file *real = f->real;
  FileState *s = f->state;
  int rc;

  if (s == NULL)
    return real->pMethods->xTruncate (real, size);

  g_mutex_lock (&lock);

  if (read_only)
    {
      n_refused++;
      g_mutex_unlock (&lock);
      return SQLITE_READONLY;
    }

  count_op (s, size, NULL, 0);

  if (armed && (rc = record (f, TRUE, size, NULL, 0)) != SQLITE_OK)
    {
      g_mutex_unlock (&lock);
      return rc;
    }

  rc = real->pMethods->xTruncate (real, size);
  if (rc == SQLITE_OK)
    s->size = size;

  g_mutex_unlock (&lock);
  return rc;
}

static int
shim_sync (sqlite3_file *file,
           int           flags)
{
  ShimFile *f = (ShimFile *)file;
  sqlite3_file *real = f->real;
  FileState *s = f->state;
  int rc;

  if (s == NULL)
    return real->pMethods->xSync (real, flags);

  g_mutex_lock (&lock);
  count_op (s, 0, NULL, 0);
  rc = real->pMethods->xSync (real, flags);
  if (rc == SQLITE_OK)
    g_ptr_array_set_size (s->changes, 0);
  g_mutex_unlock (&lock);

  return rc;
}

static int
shim_file_size (sqlite3_file  *file,
                sqlite3_int64 *size)
{
  sqlite3_file *real = real_of (file);

  return real->pMethods->xFileSize (real, size);
}

static int
shim_lock (sqlite3_file *file,
           int           level)
{
  sqlite3_file *real = real_of (file);

  return real->pMethods->xLock (real, level);
}

static int
shim_unlock (sqlite3_file *file,
             int           level)
{
  sqlite3_file *real = real_of (file);

  return real->pMethods->xUnlock (real, level);
}

static int
shim_check_reserved_lock (sqlite3_file *file,
                          int          *out)
{
  sqlite3_file *real = real_of (file);

  return real->pMethods->xCheckReservedLock (real, out);
}

static int
shim_file_control (sqlite3_file *file,
                   int           op,
                   void         *arg)
{
  sqlite3_file *real = real_of (file);

  return real->pMethods->xFileControl (real, op, arg);
}

static int
shim_sector_size (sqlite3_file *file)
{
  sqlite3_file *real = real_of (file);

  return real->pMethods->xSectorSize (real);
}

static int
shim_device_characteristics (sqlite3_file *file)
{
  sqlite3_file *real = real_of (file);

  return real->pMethods->xDeviceCharacteristics (real);
}

static int
shim_shm_map (sqlite3_file  *file,
              int            page,
              int            page_size,
              int            extend,
              void volatile **out)
{
  sqlite3_file *real = real_of (file);

  return real->pMethods->xShmMap (real, page, page_size, extend, out);
}

static int
shim_shm_lock (sqlite3_file *file,
               int           offset,
               int           n,
               int           flags)
{
  sqlite3_file *real = real_of (file);

  return real->pMethods->xShmLock (real, offset, n, flags);
}

static void
shim_shm_barrier (sqlite3_file *file)
{
  sqlite3_file *real = real_of (file);

  real->pMethods->xShmBarrier (real);
}

static int
shim_shm_unmap (sqlite3_file *file,
                int           delete_flag)
{
  sqlite3_file *real = real_of (file);

  return real->pMethods->xShmUnmap (real, delete_flag);
}

/* vfs methods */

static int
shim_open (sqlite3_vfs  *vfs,
           const char   *name,
           sqlite3_file *file,
           int           flags,
           int          *out_flags)
{
  ShimFile *f = (ShimFile *)file;
  int rc;

  memset (f, 0, sizeof *f);
  f->real = (sqlite3_file *)(f + 1);

  rc = real_vfs->xOpen (real_vfs, name, f->real, flags, out_flags);
  if (f->real->pMethods == NULL)
    return rc;

  f->base.pMethods = &shim_methods;

  if (rc == SQLITE_OK && name != NULL &&
      (flags & (SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_WAL | SQLITE_OPEN_MAIN_JOURNAL)) != 0)
    {
      FileState *s;

      g_mutex_lock (&lock);
      s = g_hash_table_lookup (files, name);
      if (s == NULL)
        {
          s = g_new0 (FileState, 1);
          s->path = g_strdup (name);
          s->changes = g_ptr_array_new_with_free_func (change_free);
          g_hash_table_insert (files, s->path, s);
        }
      if (s->changes->len == 0)
        {
          sqlite3_int64 size = 0;

          if (f->real->pMethods->xFileSize (f->real, &size) == SQLITE_OK)
            s->size = size;
        }
      s->n_open++;
      f->state = s;
      g_mutex_unlock (&lock);
    }

  return rc;
}

static int
shim_delete (sqlite3_vfs *vfs,
             const char  *name,
             int          sync_dir)
{
  int rc;

  g_mutex_lock (&lock);
  if (read_only)
    {
      n_refused++;
      g_mutex_unlock (&lock);
      return SQLITE_READONLY;
    }
  rc = real_vfs->xDelete (real_vfs, name, sync_dir);
  if (rc == SQLITE_OK)
    {
      FileState *s = g_hash_table_lookup (files, name);

      /* Still open elsewhere: forget its history, keep the handle's state. */
      if (s != NULL && s->n_open > 0)
        {
          g_ptr_array_set_size (s->changes, 0);
          s->size = 0;
        }
      else
        g_hash_table_remove (files, name);
    }
  g_mutex_unlock (&lock);

  return rc;
}

static int
shim_access (sqlite3_vfs *vfs,
             const char  *name,
             int          flags,
             int         *out)
{
  return real_vfs->xAccess (real_vfs, name, flags, out);
}

static int
shim_full_pathname (sqlite3_vfs *vfs,
                    const char  *name,
                    int          n,
                    char        *out)
{
  return real_vfs->xFullPathname (real_vfs, name, n, out);
}

static void *
shim_dl_open (sqlite3_vfs *vfs,
              const char  *name)
{
  return real_vfs->xDlOpen (real_vfs, name);
}

static void
shim_dl_error (sqlite3_vfs *vfs,
               int          n,
               char        *out)
{
  real_vfs->xDlError (real_vfs, n, out);
}

static void (*shim_dl_sym (sqlite3_vfs *vfs,
                           void        *handle,
                           const char  *symbol)) (void)
{
  return real_vfs->xDlSym (real_vfs, handle, symbol);
}

static void
shim_dl_close (sqlite3_vfs *vfs,
               void        *handle)
{
  real_vfs->xDlClose (real_vfs, handle);
}

static int
shim_randomness (sqlite3_vfs *vfs,
                 int          n,
                 char        *out)
{
  return real_vfs->xRandomness (real_vfs, n, out);
}

static int
shim_sleep (sqlite3_vfs *vfs,
            int          us)
{
  return real_vfs->xSleep (real_vfs, us);
}

static int
shim_current_time (sqlite3_vfs *vfs,
                   double      *out)
{
  return real_vfs->xCurrentTime (real_vfs, out);
}

static int
shim_get_last_error (sqlite3_vfs *vfs,
                     int          n,
                     char        *out)
{
  return real_vfs->xGetLastError ? real_vfs->xGetLastError (real_vfs, n, out) : 0;
}

static int
shim_current_time_int64 (sqlite3_vfs   *vfs,
                         sqlite3_int64 *out)
{
  return real_vfs->xCurrentTimeInt64 (real_vfs, out);
}

void
limn_vfs_shim_register (gboolean make_default)
{
  g_mutex_lock (&lock);

  if (real_vfs == NULL)
    {
      real_vfs = sqlite3_vfs_find (NULL);
      g_assert (real_vfs != NULL);
      g_assert (real_vfs->iVersion >= 2);
      files = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, file_state_free);

      /* Version 2: with shared memory (WAL), without xFetch, so SQLite
       * never reads or writes through a memory map the shim cannot see. */
      shim_methods.iVersion = 2;
      shim_methods.xClose = shim_close;
      shim_methods.xRead = shim_read;
      shim_methods.xWrite = shim_write;
      shim_methods.xTruncate = shim_truncate;
      shim_methods.xSync = shim_sync;
      shim_methods.xFileSize = shim_file_size;
      shim_methods.xLock = shim_lock;
      shim_methods.xUnlock = shim_unlock;
      shim_methods.xCheckReservedLock = shim_check_reserved_lock;
      shim_methods.xFileControl = shim_file_control;
      shim_methods.xSectorSize = shim_sector_size;
      shim_methods.xDeviceCharacteristics = shim_device_characteristics;
      shim_methods.xShmMap = shim_shm_map;
      shim_methods.xShmLock = shim_shm_lock;
      shim_methods.xShmBarrier = shim_shm_barrier;
      shim_methods.xShmUnmap = shim_shm_unmap;

      shim_vfs.iVersion = 2;
      shim_vfs.szOsFile = sizeof (ShimFile) + real_vfs->szOsFile;
      shim_vfs.mxPathname = real_vfs->mxPathname;
      shim_vfs.zName = LIMN_VFS_SHIM_NAME;
      shim_vfs.xOpen = shim_open;
      shim_vfs.xDelete = shim_delete;
      shim_vfs.xAccess = shim_access;
      shim_vfs.xFullPathname = shim_full_pathname;
      shim_vfs.xDlOpen = shim_dl_open;
      shim_vfs.xDlError = shim_dl_error;
      shim_vfs.xDlSym = shim_dl_sym;
      shim_vfs.xDlClose = shim_dl_close;
      shim_vfs.xRandomness = shim_randomness;
      shim_vfs.xSleep = shim_sleep;
      shim_vfs.xCurrentTime = shim_current_time;
      shim_vfs.xGetLastError = shim_get_last_error;
      shim_vfs.xCurrentTimeInt64 = shim_current_time_int64;
    }

  g_mutex_unlock (&lock);

  sqlite3_vfs_register (&shim_vfs, make_default);
}

void
limn_vfs_shim_set_quota (gint64 bytes)
{
  g_mutex_lock (&lock);
  quota = MAX (bytes, 0);
  g_mutex_unlock (&lock);
}

void
limn_vfs_shim_set_read_only (gboolean value)
{
  g_mutex_lock (&lock);
  read_only = value;
  g_mutex_unlock (&lock);
}

void
limn_vfs_shim_arm_power_loss (guint64              at_op,
                              LimnVfsShimPowerMode mode,
                              guint32              seed)
{
  g_return_if_fail (at_op > 0);
  g_return_if_fail (mode < LIMN_VFS_SHIM_N_MODES);

  g_mutex_lock (&lock);
  armed = TRUE;
  power_at = n_ops + at_op;
  power_mode = mode;
  g_clear_pointer (&power_rand, g_rand_free);
  power_rand = g_rand_new_with_seed (seed);
  g_mutex_unlock (&lock);
}

guint64
limn_vfs_shim_get_n_ops (void)
{
  guint64 n;

  g_mutex_lock (&lock);
  n = n_ops;
  g_mutex_unlock (&lock);

  return n;
}

guint64
limn_vfs_shim_get_n_refused (void)
{
  guint64 n;

  g_mutex_lock (&lock);
  n = n_refused;
  g_mutex_unlock (&lock);

  return n;
}

gint64
limn_vfs_shim_get_used (void)
{
  gint64 n;

  g_mutex_lock (&lock);
  n = files != NULL ? used_locked () : 0;
  g_mutex_unlock (&lock);

  return n;
}

const char *
limn_vfs_shim_power_mode_to_string (LimnVfsShimPowerMode mode)
{
  static const char * const names[] = { "lose-unsynced", "tear-last", "keep-some" };

  g_return_val_if_fail (mode < LIMN_VFS_SHIM_N_MODES, "?");
  return names[mode];
}
