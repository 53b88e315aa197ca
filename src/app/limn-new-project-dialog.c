/* limn-new-project-dialog.c
 *
 * Making a local project from a folder of images or a text file: name,
 * source and labels, checked as they are typed; the import itself runs on
 * the store's writer thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include <glib/gi18n.h>

#include "limn-accessible.h"
#include "limn-new-project-dialog.h"
#include "formats/limn-import.h"

struct _LimnNewProjectDialog
{
  AdwWindow             parent_instance;

  /* Template children */
  GtkButton            *create_button;
  GtkSpinner           *create_spinner;
  GtkInfoBar           *error_bar;
  GtkLabel             *error_label;
  AdwPreferencesPage   *page;
  AdwEntryRow          *name_row;
  GtkCheckButton       *folder_check;
  GtkCheckButton       *text_check;
  AdwActionRow         *path_row;
  GtkTextView          *labels_view;
  GtkLabel             *labels_error;

  LimnStoreWorker      *worker;
  GCancellable         *cancellable;     /* the import and labels.txt reads */
  GtkFileChooserNative *chooser;
  char                 *folder_path;
  char                 *file_path;
  char                 *auto_name;       /* the name we filled in, while the user keeps it */

  guint                 busy : 1;
  guint                 labels_edited : 1;
};

G_DEFINE_FINAL_TYPE (LimnNewProjectDialog, limn_new_project_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_WORKER,
  N_PROPS
};

enum {
  PROJECT_CREATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static LimnImportKind
get_kind (LimnNewProjectDialog *self)
{
  if (gtk_check_button_get_active (self->text_check))
    return LIMN_IMPORT_TEXT_FILE;
  return LIMN_IMPORT_IMAGE_FOLDER;
}

static const char *
get_path (LimnNewProjectDialog *self)
{
  return get_kind (self) == LIMN_IMPORT_TEXT_FILE ? self->file_path : self->folder_path;
}

static char *
get_labels_text (LimnNewProjectDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->labels_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static gboolean
labels_blank (LimnNewProjectDialog *self)
{
  g_autofree char *text = get_labels_text (self);

  return g_strstrip (text)[0] == '\0';
}

/* The project name as typed, trimmed; NULL when there is none. */
static char *
get_name (LimnNewProjectDialog *self)
{
  g_autofree char *name = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row)));

  g_strstrip (name);
  if (name[0] == '\0')
    return NULL;
  return g_steal_pointer (&name);
}

/* "~/Pictures/cats" rather than "/home/ada/Pictures/cats". */
static char *
display_path (const char *path)
{
  const char *home = g_get_home_dir ();
  g_autofree char *display = g_filename_display_name (path);
  gsize home_len = strlen (home);

  if (home_len > 1 &&
      g_str_has_prefix (path, home) &&
      (path[home_len] == G_DIR_SEPARATOR || path[home_len] == '\0'))
    {
      g_autofree char *rest = g_filename_display_name (path + home_len);
      return g_strconcat ("~", rest, NULL);
    }

  return g_steal_pointer (&display);
}

/* The name a source suggests: the folder's name, or the file's without
 * its extension. */
static char *
name_for_source (LimnImportKind  kind,
                 const char     *path)
{
  char *name = g_filename_display_basename (path);

  if (kind == LIMN_IMPORT_TEXT_FILE)
    {
      char *dot = strrchr (name, '.');

      if (dot != NULL && dot != name)
        *dot = '\0';
    }

  return name;
}

static void
update_state (LimnNewProjectDialog *self)
{
  LimnImportKind kind = get_kind (self);
  const char *path = get_path (self);
  g_autofree char *labels_text = get_labels_text (self);
  g_autofree char *name = get_name (self);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) labels = NULL;
  gboolean show_error;

  if (kind == LIMN_IMPORT_TEXT_FILE)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->path_row), _("File"));
  else
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->path_row), _("Folder"));

  if (path != NULL)
    {
      g_autofree char *shown = display_path (path);
      adw_action_row_set_subtitle (self->path_row, shown);
    }
  else
    {
      adw_action_row_set_subtitle (self->path_row, _("None chosen"));
    }

  labels = limn_import_parse_labels (labels_text, &error);

  /* An empty box is not worth a red message until it has been typed in. */
  show_error = error != NULL &&
               (self->labels_edited || !g_error_matches (error, LIMN_IMPORT_ERROR,
                                                         LIMN_IMPORT_ERROR_NO_LABELS));
  gtk_label_set_text (self->labels_error, error != NULL ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->labels_error), show_error);

  gtk_widget_set_sensitive (GTK_WIDGET (self->page), !self->busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->create_button),
                            !self->busy && path != NULL && name != NULL && labels != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->create_spinner), self->busy);
  gtk_spinner_set_spinning (self->create_spinner, self->busy);
}

static void
show_error (LimnNewProjectDialog *self,
            const char           *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_info_bar_set_revealed (self->error_bar, TRUE);
}

static void
hide_error (LimnNewProjectDialog *self)
{
  gtk_info_bar_set_revealed (self->error_bar, FALSE);
}

/* Keeps the name in step with the source until the user types their own. */
static void
update_auto_name (LimnNewProjectDialog *self)
{
  const char *path = get_path (self);
  const char *current = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  g_autofree char *suggested = path ? name_for_source (get_kind (self), path) : NULL;

  if (current[0] == '\0' || g_strcmp0 (current, self->auto_name) == 0)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), suggested ? suggested : "");
      g_free (self->auto_name);
      self->auto_name = g_steal_pointer (&suggested);
    }
}

typedef struct
{
  LimnNewProjectDialog *self;
  char                 *folder;
} Prefill;

static void
prefill_free (Prefill *prefill)
{
  g_object_unref (prefill->self);
  g_free (prefill->folder);
  g_free (prefill);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Prefill, prefill_free)

static void
labels_file_loaded_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(Prefill) prefill = user_data;
  LimnNewProjectDialog *self = prefill->self;
  g_autofree char *contents = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) labels = NULL;
  gsize length = 0;

  /* Missing or unreadable: the user types the labels instead. */
  if (!g_file_load_contents_finish (G_FILE (object), result, &contents, &length, NULL, NULL))
    return;

  /* Only fill a box that is still empty, for the folder still chosen. */
  if (get_kind (self) != LIMN_IMPORT_IMAGE_FOLDER ||
      g_strcmp0 (self->folder_path, prefill->folder) != 0 ||
      !labels_blank (self) ||
      !g_utf8_validate (contents, length, NULL) ||
      memchr (contents, '\0', length) != NULL)
    return;

  /* Cleaned up (no comments or labelme's reserved names) when it parses;
   * as it is otherwise, so the error below the box says what to fix. */
  labels = limn_import_parse_labels (contents, NULL);
  if (labels != NULL)
    text = g_strjoinv ("\n", labels);
  else
    text = g_strstrip (g_strdup (contents));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->labels_view), text, -1);
}

static void
prefill_labels (LimnNewProjectDialog *self)
{
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GFile) file = NULL;
  Prefill *prefill;

  if (self->folder_path == NULL || !labels_blank (self))
    return;

  folder = g_file_new_for_path (self->folder_path);
  file = g_file_get_child (folder, "labels.txt");

  prefill = g_new0 (Prefill, 1);
  prefill->self = g_object_ref (self);
  prefill->folder = g_strdup (self->folder_path);

  g_file_load_contents_async (file, self->cancellable, labels_file_loaded_cb, prefill);
}

static void
kind_toggled_cb (LimnNewProjectDialog *self,
                 GtkCheckButton       *button)
{
  /* Both buttons of the group notify; act once, for the one turned on. */
  if (!gtk_check_button_get_active (button))
    return;

  update_auto_name (self);
  update_state (self);
}

static void
name_changed_cb (LimnNewProjectDialog *self)
{
  update_state (self);
}

static void
labels_changed_cb (LimnNewProjectDialog *self,
                   GtkTextBuffer        *buffer)
{
  self->labels_edited = TRUE;
  update_state (self);
}

static void
error_bar_response_cb (LimnNewProjectDialog *self,
                       int                   response)
{
  hide_error (self);
}

static void
chooser_response_cb (LimnNewProjectDialog *self,
                     int                   response,
                     GtkNativeDialog      *chooser)
{
  LimnImportKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "limn-kind"));
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      path = file ? g_file_get_path (file) : NULL;

      if (path != NULL)
        limn_new_project_dialog_set_source (self, kind, path);
      else
        show_error (self, _("Limn can only import files on this computer. "
                            "Copy the files to a local folder first."));
    }

  g_clear_object (&self->chooser);
}

static void
choose_clicked_cb (LimnNewProjectDialog *self)
{
  LimnImportKind kind = get_kind (self);
  const char *path = get_path (self);
  GtkFileChooser *chooser;

  if (self->chooser != NULL)
    return;

  if (kind == LIMN_IMPORT_TEXT_FILE)
    {
      g_autoptr(GtkFileFilter) text_filter = gtk_file_filter_new ();
      g_autoptr(GtkFileFilter) all_filter = gtk_file_filter_new ();

      self->chooser = gtk_file_chooser_native_new (_("Choose a Text File"),
                                                   GTK_WINDOW (self),
                                                   GTK_FILE_CHOOSER_ACTION_OPEN,
                                                   _("_Open"),
                                                   _("_Cancel"));
      chooser = GTK_FILE_CHOOSER (self->chooser);

      gtk_file_filter_set_name (text_filter, _("Text and JSONL files"));
      gtk_file_filter_add_suffix (text_filter, "txt");
      gtk_file_filter_add_suffix (text_filter, "jsonl");
      gtk_file_chooser_add_filter (chooser, text_filter);

      gtk_file_filter_set_name (all_filter, _("All files"));
      gtk_file_filter_add_pattern (all_filter, "*");
      gtk_file_chooser_add_filter (chooser, all_filter);

      gtk_file_chooser_set_filter (chooser, text_filter);
    }
  else
    {
      self->chooser = gtk_file_chooser_native_new (_("Choose a Folder of Images"),
                                                   GTK_WINDOW (self),
                                                   GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                                   _("_Select"),
                                                   _("_Cancel"));
      chooser = GTK_FILE_CHOOSER (self->chooser);
    }

  /* Start where the last choice was. */
  if (path != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GFile) parent = g_file_get_parent (file);

      if (parent != NULL)
        gtk_file_chooser_set_current_folder (chooser, parent, NULL);
    }

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_object_set_data (G_OBJECT (self->chooser), "limn-kind", GINT_TO_POINTER (kind));
  g_signal_connect_object (self->chooser, "response",
                           G_CALLBACK (chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
import_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(LimnNewProjectDialog) self = user_data;
  g_autoptr(LimnProjectContents) contents = NULL;
  g_autoptr(GError) error = NULL;

  contents = limn_store_jobs_import_finish (LIMN_STORE_WORKER (object), result, &error);

  /* Closed while importing: nobody is waiting for the answer. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->busy = FALSE;

  if (contents == NULL)
    {
      g_debug ("Import failed: %s", error->message);
      show_error (self, error->message);
      update_state (self);
      return;
    }

  update_state (self);
  g_signal_emit (self, signals[PROJECT_CREATED], 0, contents);
  gtk_window_close (GTK_WINDOW (self));
}

static void
create_clicked_cb (LimnNewProjectDialog *self)
{
  g_autofree char *labels_text = get_labels_text (self);
  g_autofree char *name = get_name (self);
  const char *path = get_path (self);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) labels = NULL;

  if (self->busy || path == NULL || name == NULL)
    return;

  labels = limn_import_parse_labels (labels_text, &error);
  if (labels == NULL)
    {
      update_state (self);
      return;
    }

  hide_error (self);
  self->busy = TRUE;
  update_state (self);

  limn_store_jobs_import_async (self->worker,
                                get_kind (self),
                                path,
                                name,
                                (const char * const *)labels,
                                self->cancellable,
                                import_cb,
                                g_object_ref (self));
}

static gboolean
limn_new_project_dialog_close_request (GtkWindow *window)
{
  LimnNewProjectDialog *self = LIMN_NEW_PROJECT_DIALOG (window);

  /* An import not yet started is dropped; one under way finishes, but
   * nothing here reacts to it. */
  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  return GTK_WINDOW_CLASS (limn_new_project_dialog_parent_class)->close_request (window);
}

static void
limn_new_project_dialog_dispose (GObject *object)
{
  LimnNewProjectDialog *self = (LimnNewProjectDialog *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  gtk_widget_dispose_template (GTK_WIDGET (self), LIMN_TYPE_NEW_PROJECT_DIALOG);

  G_OBJECT_CLASS (limn_new_project_dialog_parent_class)->dispose (object);
}

static void
limn_new_project_dialog_finalize (GObject *object)
{
  LimnNewProjectDialog *self = (LimnNewProjectDialog *)object;

  g_clear_object (&self->worker);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->folder_path, g_free);
  g_clear_pointer (&self->file_path, g_free);
  g_clear_pointer (&self->auto_name, g_free);

  G_OBJECT_CLASS (limn_new_project_dialog_parent_class)->finalize (object);
}

static void
limn_new_project_dialog_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  LimnNewProjectDialog *self = LIMN_NEW_PROJECT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_WORKER:
      g_value_set_object (value, self->worker);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
limn_new_project_dialog_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  LimnNewProjectDialog *self = LIMN_NEW_PROJECT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_WORKER:
      self->worker = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
limn_new_project_dialog_class_init (LimnNewProjectDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = limn_new_project_dialog_dispose;
  object_class->finalize = limn_new_project_dialog_finalize;
  object_class->get_property = limn_new_project_dialog_get_property;
  object_class->set_property = limn_new_project_dialog_set_property;

  window_class->close_request = limn_new_project_dialog_close_request;

  properties[PROP_WORKER] =
    g_param_spec_object ("worker", NULL, NULL,
                         LIMN_TYPE_STORE_WORKER,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LimnNewProjectDialog::project-created:
   * @contents: (type gpointer): the LimnProjectContents, valid during the emission
   *
   * The project is on disk; the dialog closes right after.
   */
  signals[PROJECT_CREATED] =
    g_signal_new ("project-created",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  g_cclosure_marshal_VOID__POINTER,
                  G_TYPE_NONE, 1, G_TYPE_POINTER);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               LIMN_RESOURCE_PATH "/ui/limn-new-project-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, LimnNewProjectDialog, create_button);
  gtk_widget_class_bind_template_child (widget_class, LimnNewProjectDialog, create_spinner);
  gtk_widget_class_bind_template_child (widget_class, LimnNewProjectDialog, error_bar);
  gtk_widget_class_bind_template_child (widget_class, LimnNewProjectDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, LimnNewProjectDialog, page);
  gtk_widget_class_bind_template_child (widget_class, LimnNewProjectDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, LimnNewProjectDialog, folder_check);
  gtk_widget_class_bind_template_child (widget_class, LimnNewProjectDialog, text_check);
  gtk_widget_class_bind_template_child (widget_class, LimnNewProjectDialog, path_row);
  gtk_widget_class_bind_template_child (widget_class, LimnNewProjectDialog, labels_view);
  gtk_widget_class_bind_template_child (widget_class, LimnNewProjectDialog, labels_error);
  gtk_widget_class_bind_template_callback (widget_class, create_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, choose_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, kind_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, name_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, error_bar_response_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
limn_new_project_dialog_init (LimnNewProjectDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  limn_accessible_label_info_bar_close (self->error_bar);

  self->cancellable = g_cancellable_new ();

  g_signal_connect_object (gtk_text_view_get_buffer (self->labels_view), "changed",
                           G_CALLBACK (labels_changed_cb), self,
                           G_CONNECT_SWAPPED);

  update_state (self);
}

LimnNewProjectDialog *
limn_new_project_dialog_new (GtkWindow       *parent,
                             LimnStoreWorker *worker)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (LIMN_IS_STORE_WORKER (worker), NULL);

  return g_object_new (LIMN_TYPE_NEW_PROJECT_DIALOG,
                       "transient-for", parent,
                       "worker", worker,
                       NULL);
}

void
limn_new_project_dialog_set_source (LimnNewProjectDialog *self,
                                    LimnImportKind        kind,
                                    const char           *path)
{
  g_return_if_fail (LIMN_IS_NEW_PROJECT_DIALOG (self));
  g_return_if_fail (kind == LIMN_IMPORT_IMAGE_FOLDER || kind == LIMN_IMPORT_TEXT_FILE);
  g_return_if_fail (path != NULL);

  if (kind == LIMN_IMPORT_TEXT_FILE)
    {
      g_free (self->file_path);
      self->file_path = g_strdup (path);
      gtk_check_button_set_active (self->text_check, TRUE);
    }
  else
    {
      g_free (self->folder_path);
      self->folder_path = g_strdup (path);
      gtk_check_button_set_active (self->folder_check, TRUE);
    }

  hide_error (self);
  update_auto_name (self);
  update_state (self);

  if (kind == LIMN_IMPORT_IMAGE_FOLDER)
    prefill_labels (self);
}
