/* limn-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include <glib/gi18n.h>

#include "limn-application.h"
#include "limn-accessible.h"
#include "limn-release-notes.h"
#include "limn-preferences-window.h"
#include "limn-window.h"

struct _LimnApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
};

G_DEFINE_FINAL_TYPE (LimnApplication, limn_application, ADW_TYPE_APPLICATION)

static const GOptionEntry options[] = {
  { "project", 'p', 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Open (and import) a Limn project file"), N_("FILE") },
  { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Keep the local database in DIR instead of the user data folder"), N_("DIR") },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Print the version and exit"), NULL },
  { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, NULL,
    NULL, N_("[PROJECT-FILE|IMAGE-FOLDER|DATA-SET…]") },
  { NULL }
};

static LimnWindow *
ensure_window (LimnApplication *self,
               gboolean        *created)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  *created = window == NULL;
  if (window == NULL)
    window = GTK_WINDOW (limn_window_new (self));

  return LIMN_WINDOW (window);
}

static void
limn_application_activate (GApplication *app)
{
  gboolean created;
  LimnWindow *window = ensure_window (LIMN_APPLICATION (app), &created);

  if (created)
    limn_window_open_default (window);

  limn_window_present_when_ready (window);
}

static int
limn_application_handle_local_options (GApplication *app,
                                       GVariantDict *options)
{
  const char *data_dir = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("limn %s\n", PACKAGE_VERSION);
      return 0;
    }

  /* The store's location must be known before the first window opens it. */
  if (g_variant_dict_lookup (options, "data-dir", "^&ay", &data_dir))
    {
      g_autofree char *absolute = g_canonicalize_filename (data_dir, NULL);

      g_setenv ("LIMN_DATA_DIR", absolute, TRUE);
    }

  return -1;
}

static int
limn_application_command_line (GApplication            *app,
                               GApplicationCommandLine *command_line)
{
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  const char *project = NULL;
  g_autofree const char **paths = NULL;
  gboolean created;
  LimnWindow *window;

  window = ensure_window (LIMN_APPLICATION (app), &created);

  /* In the running instance: a second `limn FILE` ends up here. */
  if (g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&ay", &paths))
    {
      for (guint i = 0; paths[i] != NULL; i++)
        {
          g_autoptr(GFile) file = g_application_command_line_create_file_for_arg (command_line, paths[i]);
          g_autofree char *path = g_file_get_path (file);

          if (path != NULL)
            limn_window_open_path (window, path);
        }
    }

  if (g_variant_dict_lookup (options, "project", "^&ay", &project))
    {
      g_autoptr(GFile) file = g_application_command_line_create_file_for_arg (command_line, project);
      g_autofree char *path = g_file_get_path (file);

      limn_window_open_project_file (window, path);
    }
  else if (created)
    limn_window_open_default (window);

  limn_window_present_when_ready (window);

  return 0;
}

/* Files from the file manager ("Open With") or D-Bus activation. */
static void
limn_application_open (GApplication  *app,
                       GFile        **files,
                       int            n_files,
                       const char    *hint)
{
  gboolean created;
  LimnWindow *window = ensure_window (LIMN_APPLICATION (app), &created);

  if (created)
    limn_window_open_default (window);

  for (int i = 0; i < n_files; i++)
    {
      g_autofree char *path = g_file_get_path (files[i]);

      if (path != NULL)
        limn_window_open_path (window, path);
    }

  limn_window_present_when_ready (window);
}

static void
app_about (GSimpleAction *action,
           GVariant      *param,
           gpointer       data)
{
  GtkApplication *app = data;
  const char *developers[] = { _("The Limn developers"), NULL };
  /* Languages with a complete translation (po/LINGUAS), in their own names. */
  const char *translators[] = { "العربية (ar)", "Deutsch (de)", "Español (es)", "Français (fr)",
                                "日本語 (ja)", "简体中文 (zh_CN)", NULL };
  g_autoptr(GString) notes = g_string_new (NULL);
  GtkWidget *about;

  for (guint i = 0; i < G_N_ELEMENTS (limn_release_notes); i++)
    {
      gboolean item = g_str_equal (limn_release_notes[i].tag, "li");
      gboolean list_before = i > 0 && g_str_equal (limn_release_notes[i - 1].tag, "li");
      gboolean list_after = i + 1 < G_N_ELEMENTS (limn_release_notes)
                            && g_str_equal (limn_release_notes[i + 1].tag, "li");
      g_autofree char *text = g_markup_escape_text (_(limn_release_notes[i].text), -1);

      if (item && !list_before)
        g_string_append (notes, "<ul>");
      g_string_append_printf (notes, "<%s>%s</%s>", limn_release_notes[i].tag, text, limn_release_notes[i].tag);
      if (item && !list_after)
        g_string_append (notes, "</ul>");
    }

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (app),
                        /* Named for window lists and screen readers: 1.2 leaves it empty. */
                        "title", _("About Limn"),
                        "application-name", _("Limn"),
                        "application-icon", APP_ID,
                        "version", PACKAGE_VERSION,
                        "developer-name", _("The Limn developers"),
                        "developers", developers,
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "comments", _("Label images with boxes and texts with spans, offline first, "
                                      "with every action timed and your confidence kept."),
                        /* Translators: your names, one per line, with e-mail
                         * addresses if you wish; shown in the About window. */
                        "translator-credits", _("translator-credits"),
                        "website", "https://limn.example.org/",
                        "issue-url", "https://limn.example.org/issues",
                        "support-url", "https://limn.example.org/help",
                        "release-notes-version", LIMN_RELEASE_NOTES_VERSION,
                        "release-notes", notes->str,
                        NULL);
  adw_about_window_add_credit_section (ADW_ABOUT_WINDOW (about), _("Translations"), translators);
  adw_about_window_add_acknowledgement_section (ADW_ABOUT_WINDOW (about), _("Built with"),
                                                (const char *[]) { "GTK https://gtk.org",
                                                                   "libadwaita https://gnome.pages.gitlab.gnome.org/libadwaita/",
                                                                   "SQLite https://sqlite.org", NULL });
  gtk_window_present (GTK_WINDOW (about));
}

static void
app_preferences (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       data)
{
  LimnApplication *self = data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));

  gtk_window_present (GTK_WINDOW (limn_preferences_window_new (parent, self->settings)));
}

static void
app_quit (GSimpleAction *action,
          GVariant      *param,
          gpointer       data)
{
  GtkApplication *app = data;
  GList *windows = gtk_application_get_windows (app);

  /* Closing the windows saves the open draft and flushes the store. */
  for (GList *l = windows; l != NULL;)
    {
      GtkWindow *window = l->data;

      l = l->next;
      gtk_window_destroy (window);
    }
}

static const GActionEntry app_actions[] = {
  { "about", app_about },
  { "preferences", app_preferences },
  { "quit", app_quit },
};

/* Every accelerator is here and in the shortcuts window (ui/help-overlay.ui). */
static const struct {
  const char *action;
  const char *accels[4];
} accels[] = {
  { "app.quit", { "<Control>q", NULL } },
  { "app.preferences", { "<Control>comma", NULL } },
  { "task.submit", { "<Control>Return", "<Control>KP_Enter", NULL } },
  { "task.skip", { "<Control><Shift>k", NULL } },
  { "task.edit-task", { "<Control>e", NULL } },
  { "task.flag", { "<Control><Shift>f", NULL } },
  { "task.undo", { "<Control>z", NULL } },
  { "task.redo", { "<Control><Shift>z", "<Control>y", NULL } },
  { "task.accept-suggestions", { "<Control><Shift>a", NULL } },
  { "task.next-task", { "<Control>Page_Down", NULL } },
  { "task.prev-task", { "<Control>Page_Up", NULL } },
  { "task.toggle-sidebar", { "F9", NULL } },
  { "review.accept", { "<Control>Return", "<Control>KP_Enter", NULL } },
  { "review.correct", { "<Control><Shift>Return", NULL } },
  { "review.send-back", { "<Control><Shift>b", NULL } },
  { "review.next-item", { "<Control>Page_Down", NULL } },
  { "review.prev-item", { "<Control>Page_Up", NULL } },
  { "review.get-items", { "<Control>g", NULL } },
  { "review.undo", { "<Control>z", NULL } },
  { "review.redo", { "<Control><Shift>z", "<Control>y", NULL } },
  { "task.show-changes", { "<Control>d", NULL } },
  { "task.side-by-side", { "<Control>backslash", NULL } },
  { "win.guidelines", { "F1", NULL } },
  /* F1 stays the guidelines, the reference an annotator needs mid-task. */
  { "win.help", { "<Control>F1", NULL } },
  { "win.new-project", { "<Control>n", NULL } },
  { "win.open-project", { "<Control>o", NULL } },
  { "win.import", { "<Control><Shift>i", NULL } },
  { "win.export", { "<Control><Shift>e", NULL } },
  { "win.show-help-overlay", { "<Control>question", NULL } },
  /* The pages of the switcher (Label, Review, Feedback…), in its order. */
  { "win.next-page", { "<Alt>Page_Down", NULL } },
  { "win.prev-page", { "<Alt>Page_Up", NULL } },
  /* Before win.sync-now: on the Team page these refresh its figures (the
   * first enabled action of an accelerator wins), elsewhere they sync. */
  { "team.refresh", { "F5", "<Control>r", NULL } },
  { "win.sync-now", { "F5", "<Control>r", NULL } },
};

/* GtkApplication adds our resource path to the icon theme just after GTK
 * has begun reading the theme in a thread, so the first icon lookup would
 * read it all again, on the UI thread, in the middle of the first layout
 * (~5 ms: index files, caches, directory listings). Lookups are
 * thread-safe once the theme is set up, so one here, in a thread, reads
 * it while the window is being built. */
static void
read_icon_theme_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  gtk_icon_theme_has_icon (task_data, "open-menu-symbolic");
  g_task_return_boolean (task, TRUE);
}

static void
read_icon_theme_async (void)
{
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gdk_display_get_default ());
  g_autoptr(GTask) task = g_task_new (NULL, NULL, NULL, NULL);

  g_task_set_task_data (task, g_object_ref (theme), g_object_unref);
  g_task_run_in_thread (task, read_icon_theme_thread);
}

static void
limn_application_startup (GApplication *app)
{
  LimnApplication *self = LIMN_APPLICATION (app);
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

  G_APPLICATION_CLASS (limn_application_parent_class)->startup (app);

  self->settings = g_settings_new (APP_ID);
  limn_accessible_watch_mnemonics ();
  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);

  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action, accels[i].accels);

  /* Alt+n rates the selection (or the task), Ctrl+Alt+n the whole task. */
  for (int n = 1; n <= 9; n++)
    {
      g_autofree char *action = g_strdup_printf ("task.confidence(%d)", n);
      g_autofree char *task_action = g_strdup_printf ("task.task-confidence(%d)", n);
      g_autofree char *key = g_strdup_printf ("<Alt>%d", n);
      g_autofree char *task_key = g_strdup_printf ("<Control><Alt>%d", n);
      const char *keys[] = { key, NULL };
      const char *task_keys[] = { task_key, NULL };

      gtk_application_set_accels_for_action (GTK_APPLICATION (app), action, keys);
      gtk_application_set_accels_for_action (GTK_APPLICATION (app), task_action, task_keys);
    }

  read_icon_theme_async ();

  gtk_css_provider_load_from_resource (css, LIMN_RESOURCE_PATH "/ui/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
limn_application_dispose (GObject *object)
{
  LimnApplication *self = (LimnApplication *)object;

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (limn_application_parent_class)->dispose (object);
}

static void
limn_application_class_init (LimnApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = limn_application_dispose;
  app_class->activate = limn_application_activate;
  app_class->open = limn_application_open;
  app_class->startup = limn_application_startup;
  app_class->command_line = limn_application_command_line;
  app_class->handle_local_options = limn_application_handle_local_options;
}

static void
limn_application_init (LimnApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Label images and texts, offline first."));
}

LimnApplication *
limn_application_new (void)
{
  return g_object_new (LIMN_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", LIMN_RESOURCE_PATH,
                       NULL);
}

GSettings *
limn_application_get_settings (LimnApplication *self)
{
  g_return_val_if_fail (LIMN_IS_APPLICATION (self), NULL);
  return self->settings;
}
