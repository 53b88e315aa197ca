/* limn-server-media-files.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "limn-server-media-files.h"
#include "model/limn-id.h"

struct _LimnServerMediaFiles
{
  GObject  parent_instance;
  char    *root;
};

static void media_iface_init (LimnServerMediaInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LimnServerMediaFiles, limn_server_media_files, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (LIMN_TYPE_SERVER_MEDIA, media_iface_init))

static void
limn_server_media_files_finalize (GObject *object)
{
  LimnServerMediaFiles *self = (LimnServerMediaFiles *)object;

  g_free (self->root);
  G_OBJECT_CLASS (limn_server_media_files_parent_class)->finalize (object);
}

static void
limn_server_media_files_class_init (LimnServerMediaFilesClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = limn_server_media_files_finalize;
}

static void
limn_server_media_files_init (LimnServerMediaFiles *self)
{
}

LimnServerMedia *
limn_server_media_files_new (const char *root)
{
  LimnServerMediaFiles *self = g_object_new (LIMN_TYPE_SERVER_MEDIA_FILES, NULL);

  self->root = g_strdup (root);
  return LIMN_SERVER_MEDIA (self);
}

char *
limn_server_media_files_path (LimnServerMediaFiles *self,
                              const char           *sha256)
{
  char prefix[3];

  if (!limn_id_is_sha256 (sha256))
    return NULL;

  prefix[0] = sha256[0];
  prefix[1] = sha256[1];
  prefix[2] = '\0';

  return g_build_filename (self->root, prefix, sha256, NULL);
}

static gboolean
set_errno_error (GError     **error,
                 int          errsv,
                 const char  *format,
                 const char  *path)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *message = g_strdup_printf (format, display);

  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv), "%s: %s",
               message, g_strerror (errsv));
  return FALSE;
}

static char *
hash_file (const char  *path,
           gint64      *size,
           GError     **error)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  guchar buf[65536];
  gssize n;
  int fd;

  *size = 0;
  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      set_errno_error (error, errno, _("Could not read “%s”"), path);
      return NULL;
    }

  while ((n = read (fd, buf, sizeof buf)) != 0)
    {
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          set_errno_error (error, errno, _("Could not read “%s”"), path);
          close (fd);
          return NULL;
        }
      g_checksum_update (sum, buf, n);
      *size += n;
    }
  close (fd);

  return g_strdup (g_checksum_get_string (sum));
}

static gboolean
write_all (int           fd,
           const guchar *data,
           gsize         len)
{
  while (len > 0)
    {
      gssize n = write (fd, data, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return FALSE;
      data += n;
      len -= n;
    }

  return TRUE;
}

static gboolean
fsync_dir (const char *dir)
{
  int fd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  gboolean ok;

  if (fd < 0)
    return FALSE;
  ok = fsync (fd) == 0;
  close (fd);

  return ok;
}

/* Copies @source to a temporary file beside @target, syncs it and renames
 * it into place. */
static gboolean
copy_atomically (const char  *source,
                 const char  *target,
                 GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (target);
  g_autofree char *tmp = g_strconcat (target, ".tmp-XXXXXX", NULL);
  guchar buf[65536];
  gssize n;
  int in, out;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    return set_errno_error (error, errno, _("Could not create the folder “%s”"), dir);

  in = g_open (source, O_RDONLY | O_CLOEXEC, 0);
  if (in < 0)
    return set_errno_error (error, errno, _("Could not read “%s”"), source);

  out = g_mkstemp_full (tmp, O_RDWR | O_CLOEXEC, 0600);
  if (out < 0)
    {
      int errsv = errno;

      close (in);
      return set_errno_error (error, errsv, _("Could not write “%s”"), tmp);
    }

  while ((n = read (in, buf, sizeof buf)) != 0)
    {
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 || !write_all (out, buf, n))
        goto fail;
    }

  if (fsync (out) != 0)
    goto fail;

  close (in);
  if (close (out) != 0)
    {
      int errsv = errno;

      g_unlink (tmp);
      return set_errno_error (error, errsv, _("Could not write “%s”"), target);
    }

  if (g_rename (tmp, target) != 0)
    {
      int errsv = errno;

      g_unlink (tmp);
      return set_errno_error (error, errsv, _("Could not write “%s”"), target);
    }

  /* Make the rename itself durable. */
  fsync_dir (dir);
  return TRUE;

fail:
  {
    int errsv = errno;

    close (in);
    close (out);
    g_unlink (tmp);
    return set_errno_error (error, errsv, _("Could not write “%s”"), target);
  }
}

static gboolean
media_files_put_file (LimnServerMedia  *media,
                      const char       *source,
                      char            **sha256,
                      gint64           *size,
                      gboolean         *created,
                      GError          **error)
{
  LimnServerMediaFiles *self = LIMN_SERVER_MEDIA_FILES (media);
  g_autofree char *sum = NULL;
  g_autofree char *target = NULL;

  *created = FALSE;
  sum = hash_file (source, size, error);
  if (sum == NULL)
    return FALSE;

  target = limn_server_media_files_path (self, sum);
  if (!g_file_test (target, G_FILE_TEST_IS_REGULAR))
    {
      if (!copy_atomically (source, target, error))
        return FALSE;
      *created = TRUE;
    }

  *sha256 = g_steal_pointer (&sum);
  return TRUE;
}

static GBytes *
media_files_read (LimnServerMedia  *media,
                  const char       *sha256,
                  GError          **error)
{
  g_autofree char *path = limn_server_media_files_path (LIMN_SERVER_MEDIA_FILES (media), sha256);
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GError) local_error = NULL;

  if (path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("Not a media name."));
      return NULL;
    }

  mapped = g_mapped_file_new (path, FALSE, &local_error);
  if (mapped == NULL)
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("The image file is missing."));
      else
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", local_error->message);
      return NULL;
    }

  /* An empty file maps to no memory; GBytes copes with that. */
  return g_mapped_file_get_bytes (mapped);
}

static gboolean
media_files_remove (LimnServerMedia  *media,
                    const char       *sha256,
                    GError          **error)
{
  g_autofree char *path = limn_server_media_files_path (LIMN_SERVER_MEDIA_FILES (media), sha256);

  if (path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("Not a media name."));
      return FALSE;
    }

  if (g_unlink (path) != 0 && errno != ENOENT)
    return set_errno_error (error, errno, _("Could not remove “%s”"), path);

  return TRUE;
}

static void
media_iface_init (LimnServerMediaInterface *iface)
{
  iface->put_file = media_files_put_file;
  iface->read = media_files_read;
  iface->remove = media_files_remove;
}
