/* limn-test-util.h
 *
 * Small helpers the core tests share: temporary directories that clean up
 * after themselves, and a file's checksum.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <glib/gstdio.h>

G_BEGIN_DECLS

static inline void
limn_test_rm_rf (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            limn_test_rm_rf (child);
          else
            g_unlink (child);
        }
    }

  g_rmdir (path);
}

/* A fresh directory under the system temp dir; remove it with limn_test_rm_rf. */
static inline char *
limn_test_mkdtemp (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("limn-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static inline char *
limn_test_file_checksum (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &contents, &len, NULL))
    return NULL;

  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *)contents, len);
}

G_END_DECLS
