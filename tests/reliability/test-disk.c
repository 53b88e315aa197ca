/* test-disk.c
 *
 * A full disk and a file that can no longer be written, each caused for
 * real under the real LimnStoreWorker, as the app runs it:
 *
 * - through the VFS shim (always): a quota on the database files' bytes
 *   makes the next write that grows them fail with SQLITE_FULL; a switch
 *   makes every write fail with SQLITE_READONLY (EACCES);
 * - on a small tmpfs mounted in a private mount namespace (only when the
 *   test may mount: root without a container's restrictions; skipped with
 *   the reason otherwise): the file system fills up (ENOSPC) while the app
 *   works, then a file is deleted; and a folder that is read-only when the
 *   store opens it.
 *
 * In each: the worker's ::write-failed says what happened in a message a
 * person can act on, naming the file, and translated (a test catalogue
 * made at run time from the core's own messages proves they go through
 * gettext); events and drafts queued meanwhile wait in memory; a submit
 * made meanwhile fails whole (nothing half-stored) and can be made again;
 * when space returns, or the file becomes writable again, the retry writes
 * everything: every event by id, the newest draft of each task, and the
 * outbox rows of a remote project.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE   /* unshare () */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <locale.h>
#include <sched.h>
#include <sqlite3.h>
#include <sys/mount.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "store/limn-store-jobs.h"
#include "store/limn-store-accounts.h"
#include "limn-sync-test.h"
#include "limn-test-util.h"
#include "limn-vfs-shim.h"

#define N_TASKS    4
#define N_EVENTS   600
/* What a test translation starts with (see make_test_catalogue). */
#define XX_MARK    "[xx] "

static char *mount_refused;    /* why the real file system cases skip, or NULL */
static gboolean translated;    /* the test catalogue is installed */

typedef enum
{
  FAULT_QUOTA,
  FAULT_READ_ONLY,
  FAULT_TMPFS_FULL,
} Fault;

typedef struct
{
  Fault            fault;
  char            *dir;
  char            *path;
  char            *filler;       /* FAULT_TMPFS_FULL: the file that fills the disk */
  LimnStoreWorker *worker;
  char            *project_id;
  char            *label_id;
  GPtrArray       *task_ids;
  guint            failures;
  guint            recoveries;
  GError          *first_failure;
} Fixture;

static void
failed_cb (LimnStoreWorker *worker,
           GError          *error,
           Fixture         *f)
{
  if (f->first_failure == NULL)
    f->first_failure = g_error_copy (error);
  f->failures++;
}

static void
recovered_cb (LimnStoreWorker *worker,
              Fixture         *f)
{
  f->recoveries++;
}

static gboolean
wait_for (guint   *counter,
          guint    at_least,
          guint    timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64)timeout_ms * 1000;

  while (*counter < at_least && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE) || (g_usleep (1000), TRUE);

  return *counter >= at_least;
}

/* A remote project (so submits and events go to the outbox too) with a
 * few image tasks assigned to the local annotator. */
static gpointer
setup_project_job (LimnStore  *store,
                   gpointer    data,
                   GError    **error)
{
  Fixture *f = data;
  g_autoptr(LimnProject) project = limn_project_new (f->project_id, "Streets", LIMN_PROJECT_IMAGE);
  g_autoptr(LimnLabel) label = limn_label_new (f->label_id, "Person", "#3584e4", "1");

  limn_project_add_label (project, label);
  if (!limn_store_save_project (store, project, error) ||
      !limn_store_set_project_remote (store, f->project_id, "https://limn.test", "{}", error))
    return NULL;

  for (guint i = 0; i < f->task_ids->len; i++)
    {
      g_autofree char *title = g_strdup_printf ("img-%u.png", i);
      g_autoptr(LimnTask) task = limn_task_new (g_ptr_array_index (f->task_ids, i), f->project_id,
                                                LIMN_TASK_IMAGE, i, title);

      limn_task_set_size (task, 640, 480);
      if (!limn_store_save_task (store, task, NULL, error) ||
          !limn_store_set_assignment (store, limn_task_get_id (task),
                                      limn_store_get_local_annotator (store), "assigned", error))
        return NULL;
    }

  return GINT_TO_POINTER (TRUE);
}

static void
open_worker (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  f->worker = limn_store_worker_open_sync (f->path, &error);
  g_assert_no_error (error);
  g_signal_connect (f->worker, "write-failed", G_CALLBACK (failed_cb), f);
  g_signal_connect (f->worker, "write-recovered", G_CALLBACK (recovered_cb), f);
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->fault = GPOINTER_TO_INT (data);
  f->dir = limn_test_mkdtemp ();
  f->path = g_build_filename (f->dir, "limn.db", NULL);
  f->project_id = g_uuid_string_random ();
  f->label_id = g_uuid_string_random ();
  f->task_ids = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < N_TASKS; i++)
    g_ptr_array_add (f->task_ids, g_uuid_string_random ());
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  if (f->worker != NULL)
    g_assert_true (limn_store_worker_close (f->worker, NULL));
  g_clear_object (&f->worker);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  limn_vfs_shim_set_quota (0);
  limn_vfs_shim_set_read_only (FALSE);
  limn_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->path);
  g_free (f->filler);
  g_free (f->project_id);
  g_free (f->label_id);
  g_ptr_array_unref (f->task_ids);
  g_clear_error (&f->first_failure);
}

static LimnEvent *
make_event (Fixture *f,
            guint    n)
{
  LimnEvent *e = limn_event_new (LIMN_EVENT_REGION_CREATED);

  g_free (e->id);
  e->id = g_strdup_printf ("disk-event-%05u", n);
  e->session_id = g_strdup ("session");
  e->annotator = g_strdup (limn_store_worker_get_annotator (f->worker));
  e->project_id = g_strdup (f->project_id);
  e->task_id = g_strdup (g_ptr_array_index (f->task_ids, n % N_TASKS));
  e->wall_us = g_get_real_time ();
  e->mono_us = g_get_monotonic_time ();
  g_free (e->payload);
  e->payload = g_strdup_printf ("{\"n\":%u,\"pad\":\"%0200u\"}", n, n);

  return e;
}

/* A draft of task @i with @n boxes, autosaved as the app does. */
static LimnAnnotation *
draft_of (Fixture *f,
          guint    i,
          guint    n)
{
  LimnAnnotation *a = limn_annotation_new (NULL, g_ptr_array_index (f->task_ids, i),
                                           limn_store_worker_get_annotator (f->worker));

  for (guint k = 0; k < n; k++)
    {
      LimnBox box = { 10 + 20 * k, 10, 15, 15 };

      g_ptr_array_add (a->regions, limn_region_new_box (NULL, f->label_id, &box));
    }
  a->active_ms = 1000 + n;

  return a;
}

static gboolean
submit (Fixture         *f,
        LimnAnnotation  *snapshot,
        GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  limn_store_jobs_submit_async (f->worker, snapshot, NULL, limn_sync_test_done_cb, &result);
  limn_sync_test_wait (&result);

  return limn_store_jobs_finish (f->worker, result, error);
}

/* Faults */

static void
fill_disk (Fixture *f)
{
  struct statvfs st;
  int fd;
  gint64 free_bytes;

  g_assert_cmpint (statvfs (f->dir, &st), ==, 0);
  free_bytes = (gint64)st.f_bavail * st.f_frsize;
  f->filler = g_build_filename (f->dir, "filler", NULL);
  fd = open (f->filler, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (posix_fallocate (fd, 0, free_bytes), ==, 0);
  close (fd);
  g_assert_cmpint (statvfs (f->dir, &st), ==, 0);
  g_assert_cmpuint (st.f_bavail, ==, 0);
}

static void
fault_on (Fixture *f)
{
  switch (f->fault)
    {
    case FAULT_QUOTA:
      /* Not a byte more than the files hold now. */
      limn_vfs_shim_set_quota (limn_vfs_shim_get_used ());
      break;
    case FAULT_READ_ONLY:
      limn_vfs_shim_set_read_only (TRUE);
      break;
    case FAULT_TMPFS_FULL:
      fill_disk (f);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
fault_off (Fixture *f)
{
  switch (f->fault)
    {
    case FAULT_QUOTA:
      limn_vfs_shim_set_quota (0);
      break;
    case FAULT_READ_ONLY:
      limn_vfs_shim_set_read_only (FALSE);
      break;
    case FAULT_TMPFS_FULL:
      /* The person frees some space. */
      g_assert_cmpint (g_unlink (f->filler), ==, 0);
      break;
    default:
      g_assert_not_reached ();
    }
}

static int
expected_code (Fixture *f)
{
  return f->fault == FAULT_READ_ONLY ? LIMN_STORE_ERROR_READ_ONLY : LIMN_STORE_ERROR_FULL;
}

/* What the person is told: the store's error, naming the file, saying the
 * work is kept, in their language. */
static void
assert_clear_message (Fixture      *f,
                      const GError *error)
{
  g_assert_error (error, LIMN_STORE_ERROR, expected_code (f));
  g_test_message ("the message: %s", error->message);
  g_assert_nonnull (strstr (error->message, f->path));
  g_assert_null (strstr (error->message, "SQLITE"));
  if (translated)
    g_assert_true (g_str_has_prefix (error->message, XX_MARK));
}

static void
run_fault_case (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnAnnotation) kept_submit = NULL;
  g_autoptr(LimnAnnotation) newest = NULL;
  g_autoptr(LimnAnnotation) older = NULL;
  g_autoptr(LimnAnnotation) newer = NULL;
  g_autoptr(LimnAnnotation) refused = NULL;
  g_autofree char *sql = NULL;
  gint64 t_fault, t_back;
  guint failures_before;

  g_assert_nonnull (limn_store_worker_run_sync (f->worker, setup_project_job, f, &error));
  g_assert_no_error (error);

  /* Some work before the fault: submitted, and on disk. */
  kept_submit = draft_of (f, 0, 2);
  g_assert_true (submit (f, kept_submit, &error));
  g_assert_no_error (error);

  fault_on (f);
  t_fault = g_get_monotonic_time ();

  /* The app keeps working: events, autosaves of two tasks (the newer
   * snapshot of task 1 must win), a submit. */
  for (guint i = 0; i < N_EVENTS / 2; i++)
    limn_store_worker_append_event (f->worker, make_event (f, i));
  older = draft_of (f, 1, 1);
  limn_store_worker_save_draft (f->worker, older);
  newer = limn_annotation_dup (older);
  for (guint k = 0; k < 2; k++)
    {
      LimnBox box = { 300, 10 + 20 * k, 15, 15 };

      g_ptr_array_add (newer->regions, limn_region_new_box (NULL, f->label_id, &box));
    }
  limn_store_worker_save_draft (f->worker, newer);
  newest = draft_of (f, 2, 4);
  limn_store_worker_save_draft (f->worker, newest);

  g_assert_true (wait_for (&f->failures, 1, 5000));
  assert_clear_message (f, f->first_failure);
  g_assert_cmpuint (f->recoveries, ==, 0);

  /* A submit meanwhile fails whole, with the same message. */
  refused = draft_of (f, 3, 3);
  g_assert_false (submit (f, refused, &error));
  assert_clear_message (f, error);
  g_clear_error (&error);

  for (guint i = N_EVENTS / 2; i < N_EVENTS; i++)
    limn_store_worker_append_event (f->worker, make_event (f, i));

  /* Nothing is dropped: it waits in memory through another retry. */
  failures_before = f->failures;
  g_assert_true (wait_for (&f->failures, failures_before + 1, 5000));
  g_assert_cmpuint (limn_store_worker_get_n_pending (f->worker), ==, N_EVENTS + 2);
  g_assert_cmpuint (f->recoveries, ==, 0);

  /* Space returns (the file is writable again): the retry writes it all. */
  fault_off (f);
  t_back = g_get_monotonic_time ();
  g_assert_true (wait_for (&f->recoveries, 1, 40000));
  g_test_message ("%u failed writes over %.1f s; saved %.1f s after the fault ended",
                  f->failures, (t_back - t_fault) / 1e6, (g_get_monotonic_time () - t_back) / 1e6);
  g_assert_cmpuint (limn_store_worker_get_n_pending (f->worker), ==, 0);

  g_assert_cmpint (limn_sync_test_count (f->worker, "SELECT COUNT(*) FROM events WHERE id LIKE 'disk-event-%'"),
                   ==, N_EVENTS);
  g_assert_cmpint (limn_sync_test_count (f->worker, "SELECT COUNT(DISTINCT id) FROM events "
                                                    "WHERE id LIKE 'disk-event-%'"), ==, N_EVENTS);
  g_assert_cmpint (limn_sync_test_count (f->worker, "SELECT COUNT(*) FROM outbox o JOIN events e "
                                                    "ON o.kind = 'event' AND o.event_seq = e.seq "
                                                    "WHERE e.id LIKE 'disk-event-%'"), ==, N_EVENTS);
  /* The drafts: one per task, the newest snapshot. */
  sql = g_strdup_printf ("SELECT region_count FROM annotations WHERE id = '%s' AND state = 'draft'",
                         newer->id);
  g_assert_cmpint (limn_sync_test_count (f->worker, sql), ==, 3);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT region_count FROM annotations WHERE id = '%s' AND state = 'draft'",
                         newest->id);
  g_assert_cmpint (limn_sync_test_count (f->worker, sql), ==, 4);
  /* The refused submit left nothing; made again, it is stored whole and
   * queued for the server. */
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT COUNT(*) FROM annotations WHERE id = '%s'", refused->id);
  g_assert_cmpint (limn_sync_test_count (f->worker, sql), ==, 0);
  g_assert_true (submit (f, refused, &error));
  g_assert_no_error (error);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT COUNT(*) FROM annotations a JOIN outbox o ON o.kind = 'annotation' "
                         "AND o.item_id = a.id WHERE a.id = '%s' AND a.state = 'submitted' "
                         "AND a.region_count = 3", refused->id);
  g_assert_cmpint (limn_sync_test_count (f->worker, sql), ==, 1);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT COUNT(*) FROM annotations WHERE id = '%s' AND state = 'submitted'",
                         kept_submit->id);
  g_assert_cmpint (limn_sync_test_count (f->worker, sql), ==, 1);

  g_assert_true (limn_store_worker_close (f->worker, &error));
  g_assert_no_error (error);
  g_clear_object (&f->worker);
  limn_sync_test_assert_integrity (f->path);
}

static void
test_shim_fault (Fixture       *f,
                 gconstpointer  data)
{
  open_worker (f);
  run_fault_case (f);
  g_assert_cmpuint (limn_vfs_shim_get_n_refused (), >, 0);
}

/* Real file systems */

static char *
mount_tmpfs (const char *dir,
             const char *options)
{
  if (mount ("limn-test", dir, "tmpfs", MS_NOSUID | MS_NODEV, options) != 0)
    return g_strdup_printf ("mounting a tmpfs failed: %s", g_strerror (errno));

  return NULL;
}

static void
test_tmpfs_full (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *why = NULL;

  if (mount_refused != NULL)
    {
      g_test_skip (mount_refused);
      return;
    }

  why = mount_tmpfs (f->dir, "size=4m,mode=0700");
  if (why != NULL)
    {
      g_test_skip (why);
      return;
    }

  /* The platform VFS, not the shim: nothing but the kernel in between. */
  sqlite3_vfs_register (sqlite3_vfs_find ("unix"), 1);
  open_worker (f);
  run_fault_case (f);
  sqlite3_vfs_register (sqlite3_vfs_find (LIMN_VFS_SHIM_NAME), 1);

  g_assert_cmpint (umount2 (f->dir, MNT_DETACH), ==, 0);
}

/* A folder that is read-only when Limn starts: the store says so and
 * changes nothing; writable again, it opens with everything there. */
static void
test_tmpfs_read_only_at_start (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnAnnotation) kept = NULL;
  g_autofree char *why = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *sql = NULL;
  LimnStoreWorker *worker;

  if (mount_refused != NULL)
    {
      g_test_skip (mount_refused);
      return;
    }

  why = mount_tmpfs (f->dir, "size=4m,mode=0700");
  if (why != NULL)
    {
      g_test_skip (why);
      return;
    }

  sqlite3_vfs_register (sqlite3_vfs_find ("unix"), 1);
  open_worker (f);
  g_assert_nonnull (limn_store_worker_run_sync (f->worker, setup_project_job, f, &error));
  kept = draft_of (f, 0, 2);
  g_assert_true (submit (f, kept, &error));
  g_assert_no_error (error);
  g_assert_true (limn_store_worker_close (f->worker, &error));
  g_clear_object (&f->worker);
  before = limn_test_file_checksum (f->path);

  /* A read-only file system refuses to become one while a file on it is
   * open for writing (EBUSY), so this is the read-only case a real disk
   * allows: at start. */
  g_assert_cmpint (mount (NULL, f->dir, NULL, MS_REMOUNT | MS_RDONLY, NULL), ==, 0);
  worker = limn_store_worker_open_sync (f->path, &error);
  g_assert_null (worker);
  g_test_message ("read-only at start: %s", error->message);
  g_assert_true (error->domain == LIMN_STORE_ERROR);
  g_assert_nonnull (strstr (error->message, f->path));
  if (translated)
    g_assert_true (g_str_has_prefix (error->message, XX_MARK));
  g_clear_error (&error);
  after = limn_test_file_checksum (f->path);
  g_assert_cmpstr (after, ==, before);

  g_assert_cmpint (mount (NULL, f->dir, NULL, MS_REMOUNT, NULL), ==, 0);
  open_worker (f);
  sql = g_strdup_printf ("SELECT COUNT(*) FROM annotations WHERE id = '%s' AND state = 'submitted'",
                         kept->id);
  g_assert_cmpint (limn_sync_test_count (f->worker, sql), ==, 1);
  g_assert_true (limn_store_worker_close (f->worker, &error));
  g_assert_no_error (error);
  g_clear_object (&f->worker);
  sqlite3_vfs_register (sqlite3_vfs_find (LIMN_VFS_SHIM_NAME), 1);

  g_assert_cmpint (umount2 (f->dir, MNT_DETACH), ==, 0);
}

/* Process set-up */

/* A mount namespace of our own, so a tmpfs mounted here is seen by no
 * one else and goes away with the process. Must run while the process has
 * one thread. */
static void
enter_private_mounts (void)
{
  if (unshare (CLONE_NEWNS) != 0)
    {
      mount_refused = g_strdup_printf ("cannot make a private mount namespace (%s): "
                                       "needs root without a container's restrictions",
                                       g_strerror (errno));
      return;
    }
  if (mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
    mount_refused = g_strdup_printf ("cannot make mounts private: %s", g_strerror (errno));
}

static gboolean
run_tool (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "LC_ALL", "C.UTF-8", TRUE);

  if (!g_spawn_sync (NULL, (char **)argv, envp,
                     G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, NULL, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return FALSE;
    }

  return TRUE;
}

static void
collect_sources (const char *dir,
                 GPtrArray  *argv)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        collect_sources (path, argv);
      else if (g_str_has_suffix (name, ".c"))
        g_ptr_array_add (argv, g_steal_pointer (&path));
    }
}

/* The string lines of a po field: "msgid \"a\"" then "\"b\"" lines → the
 * quoted parts, one a line. */
static void
append_field (GString     *out,
              const char  *keyword,
              GPtrArray   *lines)
{
  g_string_append_printf (out, "%s \"" XX_MARK "\"\n", keyword);
  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);
      const char *quote = strchr (line, '"');

      g_string_append_printf (out, "%s\n", quote);
    }
}

/* Every message of the core, "translated" into a test language xx as
 * XX_MARK + the English: if the store's messages come out marked, they
 * went through gettext. Made with xgettext and msgfmt at run time, so it
 * follows the sources; skipped (untranslated) when the tools are missing. */
static char *
make_test_catalogue (void)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *dir = limn_test_mkdtemp ();
  g_autofree char *pot = g_build_filename (dir, "core.pot", NULL);
  g_autofree char *po = g_build_filename (dir, "xx.po", NULL);
  g_autofree char *mo_dir = g_build_filename (dir, "xx", "LC_MESSAGES", NULL);
  g_autofree char *mo = g_build_filename (mo_dir, GETTEXT_PACKAGE ".mo", NULL);
  g_autofree char *core = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *xgettext = g_find_program_in_path ("xgettext");
  g_autofree char *msgfmt = g_find_program_in_path ("msgfmt");
  g_auto(GStrv) entries = NULL;
  g_autoptr(GString) out = g_string_new (NULL);

  if (g_getenv ("LIMN_SOURCE_ROOT") == NULL || xgettext == NULL || msgfmt == NULL)
    {
      limn_test_rm_rf (dir);
      return NULL;
    }
  core = g_build_filename (g_getenv ("LIMN_SOURCE_ROOT"), "src", "core", NULL);

  g_ptr_array_add (argv, g_strdup (xgettext));
  g_ptr_array_add (argv, g_strdup ("--from-code=UTF-8"));
  g_ptr_array_add (argv, g_strdup ("--keyword=_"));
  g_ptr_array_add (argv, g_strdup ("--keyword=N_"));
  g_ptr_array_add (argv, g_strdup ("--no-location"));
  g_ptr_array_add (argv, g_strdup ("--no-wrap"));
  g_ptr_array_add (argv, g_strconcat ("--output=", pot, NULL));
  collect_sources (core, argv);
  g_ptr_array_add (argv, NULL);
  if (!run_tool ((const char * const *)argv->pdata) || !g_file_get_contents (pot, &contents, NULL, NULL))
    {
      limn_test_rm_rf (dir);
      return NULL;
    }

  /* Entry by entry: the header gets a charset; every message a msgstr. */
  entries = g_strsplit (contents, "\n\n", -1);
  for (guint e = 0; entries[e] != NULL; e++)
    {
      g_auto(GStrv) lines = g_strsplit (entries[e], "\n", -1);
      g_autoptr(GPtrArray) msgid = g_ptr_array_new ();
      g_autoptr(GPtrArray) plural = g_ptr_array_new ();
      GPtrArray *current = NULL;

      if (e == 0)
        {
          g_autoptr(GString) header = g_string_new (entries[e]);

          g_string_replace (header, "charset=CHARSET", "charset=UTF-8", 1);
          g_string_append_printf (out, "%s\n\n", header->str);
          continue;
        }

      for (guint i = 0; lines[i] != NULL; i++)
        {
          const char *line = lines[i];

          if (g_str_has_prefix (line, "msgid_plural "))
            current = plural;
          else if (g_str_has_prefix (line, "msgid "))
            current = msgid;
          else if (g_str_has_prefix (line, "msgstr"))
            current = NULL;
          else if (line[0] != '"')
            {
              g_string_append_printf (out, "%s\n", line);   /* comments, flags */
              continue;
            }

          if (current != NULL)
            {
              g_ptr_array_add (current, (char *)line);
              g_string_append_printf (out, "%s\n", line);
            }
        }

      if (msgid->len == 0)
        continue;
      if (plural->len == 0)
        append_field (out, "msgstr", msgid);
      else
        {
          append_field (out, "msgstr[0]", msgid);
          append_field (out, "msgstr[1]", plural);
        }
      g_string_append_c (out, '\n');
    }

  g_assert_cmpint (g_mkdir_with_parents (mo_dir, 0700), ==, 0);
  if (!g_file_set_contents (po, out->str, out->len, NULL) ||
      !run_tool ((const char * const []){ msgfmt, "-o", mo, po, NULL }))
    {
      limn_test_rm_rf (dir);
      return NULL;
    }

  return g_steal_pointer (&dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *catalogue = NULL;
  int status;

  /* First, while there is one thread. */
  enter_private_mounts ();

  catalogue = make_test_catalogue ();
  if (catalogue != NULL && setlocale (LC_ALL, "C.UTF-8") != NULL)
    {
      g_setenv ("LANGUAGE", "xx", TRUE);
      bindtextdomain (GETTEXT_PACKAGE, catalogue);
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      translated = g_str_has_prefix (g_dgettext (GETTEXT_PACKAGE, "The database is closed."), XX_MARK);
    }

  limn_vfs_shim_register (TRUE);
  g_test_init (&argc, &argv, NULL);
  if (!translated)
    g_test_message ("messages are checked untranslated: no xgettext/msgfmt or no C.UTF-8 locale");

#define ADD(path, fault, fn) g_test_add (path, Fixture, GINT_TO_POINTER (fault), setup, fn, teardown)
  ADD ("/reliability/disk/full/vfs-quota", FAULT_QUOTA, test_shim_fault);
  ADD ("/reliability/disk/read-only/vfs-switch", FAULT_READ_ONLY, test_shim_fault);
  ADD ("/reliability/disk/full/tmpfs", FAULT_TMPFS_FULL, test_tmpfs_full);
  ADD ("/reliability/disk/read-only/tmpfs-at-start", FAULT_READ_ONLY, test_tmpfs_read_only_at_start);
#undef ADD

  status = g_test_run ();

  if (catalogue != NULL)
    limn_test_rm_rf (catalogue);
  g_free (mount_refused);
  return status;
}
