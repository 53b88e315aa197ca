/* main.c
 *
 * limn-server: the team server (docs/server-guide.md).
 *
 *   limn-server --data DIR [--database URI] --listen 127.0.0.1:8080
 *               [--tls-certificate CERT --tls-key KEY]
 *   limn-server admin --data DIR [--database URI] COMMAND …
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "i18n/limn-i18n.h"
#include "limn-server-admin.h"
#include "limn-server.h"

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_CONTINUE;
}

static int
serve (int    argc,
       char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnServerBackend) backend = NULL;
  g_autoptr(LimnServer) server = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *cert_path = NULL;
  g_autofree char *key_path = NULL;
  g_autofree char *database = NULL;
  g_autofree char *db_uri = NULL;
  g_autofree char *media_path = NULL;
  g_autofree char *media_location = NULL;
  g_autoptr(LimnServerMedia) media = NULL;
  gboolean version = FALSE;
  int sweep_seconds = 30;
  int max_connections = 0, max_queue = 0, idle_timeout = 0, read_timeout = 0;
  int batches_per_minute = 0, events_per_batch = 0;
  double retention_days = 0;
  LimnServerLimits limits;
  guint sigint_id, sigterm_id;
  GOptionEntry entries[] = {
    { "data", 'd', 0, G_OPTION_ARG_FILENAME, &data_dir,
      N_("Folder for the database and the images (created if missing)"), N_("DIR") },
    { "database", 0, 0, G_OPTION_ARG_STRING, &database,
      N_("The database: sqlite:PATH or a path (default: limn-server.db in --data)"), N_("URI") },
    { "media", 0, 0, G_OPTION_ARG_STRING, &media_location,
      N_("Where the images are kept: a folder, shared by every instance on one database (default: media in --data)"),
      N_("DIR") },
    { "listen", 'l', 0, G_OPTION_ARG_STRING, &listen,
      N_("Address and port to listen on (default 127.0.0.1:8080; port 0 picks one)"),
      N_("HOST:PORT") },
    { "tls-certificate", 0, 0, G_OPTION_ARG_FILENAME, &cert_path,
      N_("PEM certificate (chain) to serve HTTPS with"), N_("FILE") },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &key_path,
      N_("PEM private key of the certificate"), N_("FILE") },
    { "sweep-interval", 0, 0, G_OPTION_ARG_INT, &sweep_seconds,
      N_("Seconds between sweeps for expired leases (default 30)"), N_("SECONDS") },
    { "max-connections", 0, 0, G_OPTION_ARG_INT, &max_connections,
      N_("Connections open at once; more are answered 503 (default 256)"), N_("N") },
    { "max-queue", 0, 0, G_OPTION_ARG_INT, &max_queue,
      N_("Requests waiting for a worker; more are answered 503 (default 64)"), N_("N") },
    { "idle-timeout", 0, 0, G_OPTION_ARG_INT, &idle_timeout,
      N_("Seconds a connection may wait on one read or write (default 30)"), N_("SECONDS") },
    { "read-timeout", 0, 0, G_OPTION_ARG_INT, &read_timeout,
      N_("Seconds a request may take to arrive whole (default 60)"), N_("SECONDS") },
    { "batches-per-minute", 0, 0, G_OPTION_ARG_INT, &batches_per_minute,
      N_("Batches one token may send a minute; more are answered 429 (default 120)"), N_("N") },
    { "events-per-batch", 0, 0, G_OPTION_ARG_INT, &events_per_batch,
      N_("Events one batch may hold; more are answered 413 (default 5000)"), N_("N") },
    { "answer-retention-days", 0, 0, G_OPTION_ARG_DOUBLE, &retention_days,
      N_("Days a batch's answer is kept for replays (default 30)"), N_("DAYS") },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, N_("Print the version and exit"), NULL },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
                                _("The Limn team server. Administration: limn-server admin --data DIR help"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("limn-server: %s\n", error->message);
      return 1;
    }

  if (version)
    {
      g_print ("limn-server %s (API 1)\n", PACKAGE_VERSION);
      return 0;
    }

  if (max_connections < 0 || max_queue < 0 || idle_timeout < 0 || read_timeout < 0 ||
      batches_per_minute < 0 || events_per_batch < 0 || retention_days < 0)
    {
      g_printerr ("limn-server: %s\n", _("Limits and timeouts are positive numbers."));
      return 1;
    }

  if (data_dir == NULL)
    {
      g_printerr ("limn-server: %s\n", _("Say where the server keeps its data: --data DIR."));
      return 1;
    }

  if ((cert_path == NULL) != (key_path == NULL))
    {
      g_printerr ("limn-server: %s\n", _("HTTPS needs both --tls-certificate and --tls-key."));
      return 1;
    }

  if (cert_path != NULL)
    {
      certificate = g_tls_certificate_new_from_files (cert_path, key_path, &error);
      if (certificate == NULL)
        {
          g_printerr (_("limn-server: could not load the TLS certificate: %s\n"), error->message);
          return 1;
        }
    }

  if (database == NULL)
    {
      g_autofree char *db_path = g_build_filename (data_dir, "limn-server.db", NULL);

      db_uri = g_strconcat ("sqlite:", db_path, NULL);
    }
  media_path = media_location ? g_strdup (media_location) : g_build_filename (data_dir, "media", NULL);
  media = limn_server_media_open (media_path, &error);
  if (media == NULL)
    {
      g_printerr ("limn-server: %s\n", error->message);
      return 1;
    }

  backend = limn_server_backend_open (database ? database : db_uri, &error);
  if (backend == NULL)
    {
      g_printerr ("limn-server: %s\n", error->message);
      return 1;
    }

  limits = (LimnServerLimits) {
    .max_connections = (guint)max_connections,
    .max_queue = (guint)max_queue,
    .idle_timeout = (guint)idle_timeout,
    .read_timeout = (guint)read_timeout,
    .batches_per_minute = (guint)batches_per_minute,
    .events_per_batch = (guint)events_per_batch,
    .answer_retention_days = retention_days,
  };
  server = limn_server_new (backend, g_steal_pointer (&media));
  limn_server_set_limits (server, &limits);
  limn_server_set_sweep_interval (server, (guint)MAX (sweep_seconds, 1));
  if (!limn_server_listen (server, listen ? listen : "127.0.0.1:8080", certificate, &error))
    {
      g_printerr ("limn-server: %s\n", error->message);
      return 1;
    }

  /* The handlers before the line: whoever read it may send SIGTERM at
   * once, and must see a clean exit, not death by the signal. */
  loop = g_main_loop_new (NULL, FALSE);
  sigint_id = g_unix_signal_add (SIGINT, quit_cb, loop);
  sigterm_id = g_unix_signal_add (SIGTERM, quit_cb, loop);

  /* Tests and scripts read this line to learn the port. */
  printf ("listening on %s\n", limn_server_get_url (server));
  fflush (stdout);

  g_main_loop_run (loop);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);

  limn_server_shutdown (server);

  return 0;
}

int
main (int    argc,
      char **argv)
{
  limn_i18n_init ();

  if (argc > 1 && strcmp (argv[1], "admin") == 0)
    return limn_server_admin_main (argc - 1, argv + 1);

  /* The log goes to stderr: stdout carries the "listening on" line that
   * scripts read, and nothing else. */
  g_log_writer_default_set_use_stderr (TRUE);

  return serve (argc, argv);
}
