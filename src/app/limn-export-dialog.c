/* limn-export-dialog.c
 *
 * Exporting a local project to another tool's format: which format (those
 * that can hold the project's images or texts), whose work, where; before
 * anything is written, what the format cannot hold, as the writer will
 * report it (limn_format_check_write() on the project read off the UI
 * thread); then the export on a thread of its own, with a progress bar
 * and a cancel that leaves nothing behind.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include <glib/gi18n.h>

#include "formats/limn-format.h"
#include "limn-accessible.h"
#include "limn-export-dialog.h"
#include "store/limn-store-export.h"

struct _LimnExportDialog
{
  AdwWindow             parent_instance;

  /* Template children */
  GtkButton            *cancel_button;
  GtkButton            *export_button;
  GtkInfoBar           *error_bar;
  GtkLabel             *error_label;
  GtkProgressBar       *progress;
  AdwPreferencesPage   *page;
  AdwComboRow          *format_row;
  AdwComboRow          *work_row;
  AdwComboRow          *annotator_row;
  GtkSwitch            *suggestions_switch;
  AdwActionRow         *dest_row;
  GtkSpinner           *read_spinner;
  GtkLabel             *losses_label;
  AdwPreferencesGroup  *empty_group;
  GtkButton            *show_all_button;

  char                 *db_path;
  char                 *local;         /* this database's own annotator id: "you" */
  LimnProject          *project;
  GPtrArray            *annotator_ids; /* as in annotator_row */
  GPtrArray            *formats;       /* const LimnFormat *, as in format_row */
  GtkStringList        *annotators;    /* in annotator_row */
  LimnDataset          *dataset;       /* the work chosen, for the check */
  GCancellable         *read_cancellable;
  GCancellable         *cancellable;   /* the export */
  GtkFileChooserNative *chooser;
  char                 *destination;

  guint                 reading : 1;
  guint                 exporting : 1;
  guint                 have_annotators : 1;
};

G_DEFINE_FINAL_TYPE (LimnExportDialog, limn_export_dialog, ADW_TYPE_WINDOW)

enum {
  EXPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const LimnFormat *
get_format (LimnExportDialog *self)
{
  guint i = adw_combo_row_get_selected (self->format_row);

  return i < self->formats->len ? g_ptr_array_index (self->formats, i) : NULL;
}

static gboolean
writes_folder (LimnExportDialog *self)
{
  const LimnFormat *format = get_format (self);

  return format != NULL && (format->flags & LIMN_FORMAT_WRITES_FOLDER);
}

/* The rows of work_row, in order. */
enum {
  WORK_ALL,
  WORK_ACCEPTED,
  WORK_MAJORITY,
  WORK_DAWID_SKENE,
  WORK_ANNOTATOR,
};

static const char *
get_annotator (LimnExportDialog *self)
{
  guint i = adw_combo_row_get_selected (self->annotator_row);

  return i < self->annotator_ids->len ? g_ptr_array_index (self->annotator_ids, i) : NULL;
}

static void
get_options (LimnExportDialog  *self,
             LimnExportOptions *options)
{
  limn_export_options_init (options);
  switch (adw_combo_row_get_selected (self->work_row))
    {
    case WORK_ACCEPTED:
      options->work = LIMN_EXPORT_ACCEPTED;
      break;
    case WORK_MAJORITY:
      options->work = LIMN_EXPORT_CONSENSUS;
      options->consensus = LIMN_TRUTH_MAJORITY_VOTE;
      break;
    case WORK_DAWID_SKENE:
      options->work = LIMN_EXPORT_CONSENSUS;
      options->consensus = LIMN_TRUTH_DAWID_SKENE;
      break;
    case WORK_ANNOTATOR:
      options->work = LIMN_EXPORT_ANNOTATOR;
      break;
    default:
      options->work = LIMN_EXPORT_ALL;
      break;
    }
  options->annotator = get_annotator (self);
  options->suggestions = gtk_switch_get_active (self->suggestions_switch);
}

static void
show_error (LimnExportDialog *self,
            const char       *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_info_bar_set_revealed (self->error_bar, TRUE);
}

static void
error_bar_response_cb (LimnExportDialog *self,
                       int               response)
{
  gtk_info_bar_set_revealed (self->error_bar, FALSE);
}

static void
update_state (LimnExportDialog *self)
{
  gboolean one = adw_combo_row_get_selected (self->work_row) == WORK_ANNOTATOR;
  gboolean ready = self->dataset != NULL && !self->reading;

  gtk_widget_set_visible (GTK_WIDGET (self->annotator_row), one);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->dest_row),
                                 writes_folder (self) ? _("Folder") : _("File"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->page), !self->exporting);
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button),
                            ready && !self->exporting && self->destination != NULL &&
                            get_format (self) != NULL && (!one || get_annotator (self) != NULL));
  gtk_widget_set_visible (GTK_WIDGET (self->read_spinner), self->reading);
  gtk_spinner_set_spinning (self->read_spinner, self->reading);
  gtk_widget_set_visible (GTK_WIDGET (self->progress), self->exporting);
}

/* What the chosen format cannot hold, in the writer's own words. */
static void
update_losses (LimnExportDialog *self)
{
  const LimnFormat *format = get_format (self);
  g_autoptr(LimnFormatProblems) problems = limn_format_problems_new ();
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *path = NULL;

  if (format == NULL || self->dataset == NULL)
    return;

  path = self->destination ? g_strdup (self->destination)
         : g_build_filename (g_get_home_dir (), limn_project_get_name (self->project), NULL);
  limn_format_check_write (format, self->dataset, path, NULL, problems);

  /* Accepted work only, where nobody reviewed: nothing would be written
   * but the texts or images, which is rarely what was meant. Not a loss
   * of the format: a warning of its own, above the losses. */
  {
    gboolean empty = FALSE;

    if (adw_combo_row_get_selected (self->work_row) == WORK_ACCEPTED)
      {
        LimnDatasetCounts counts;

        limn_dataset_get_counts (self->dataset, &counts);
        empty = counts.annotations == 0;
      }
    gtk_widget_set_visible (GTK_WIDGET (self->empty_group), empty);
  }

  for (guint i = 0; i < limn_format_problems_get_n (problems); i++)
    {
      const LimnFormatProblem *problem = limn_format_problems_get (problems, i);
      const char *detail = problem->detail;
      g_auto(GStrv) parts = NULL;
      g_autofree char *shown = NULL;

      /* The local annotator is an id nobody knows: it is the user. */
      if (self->local != NULL && strstr (detail, self->local) != NULL)
        {
          parts = g_strsplit (detail, self->local, -1);
          shown = g_strjoinv (_("you"), parts);
          detail = shown;
        }
      g_string_append_printf (text, "%s• %s", text->len ? "\n" : "", detail);
      /* The dialog's own switch, not an option it does not have. */
      if (g_str_equal (problem->kind, "suggestions-not-written") &&
          (format->flags & LIMN_FORMAT_NO_ANNOTATIONS) == 0)
        g_string_append (text, _(" Turn off “Include Suggestions” to export without them, or "
                                 "choose a format that holds pre-labels apart (Label Studio)."));
    }

  if (text->len == 0)
    g_string_append (text, _("Nothing: everything chosen fits in this format."));
  gtk_label_set_text (self->losses_label, text->str);
}

/* Reading the project */

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(LimnExportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  LimnDataset *dataset = limn_store_export_read_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->reading = FALSE;
  g_clear_pointer (&self->dataset, limn_dataset_free);
  if (dataset == NULL)
    {
      show_error (self, error->message);
      update_state (self);
      return;
    }
  self->dataset = dataset;

  /* Everyone's work is read first: that is who can be chosen. */
  if (!self->have_annotators)
    {
      g_autoptr(GPtrArray) who = limn_dataset_list_annotators (dataset);

      for (guint i = 0; i < who->len; i++)
        {
          const char *id = g_ptr_array_index (who, i);

          if (id == NULL)
            continue;
          g_ptr_array_add (self->annotator_ids, g_strdup (id));
          gtk_string_list_append (self->annotators, g_strcmp0 (id, self->local) == 0 ? _("You") : id);
        }
      self->have_annotators = TRUE;
    }

  update_losses (self);
  update_state (self);
}

static void
read_work (LimnExportDialog *self)
{
  LimnExportOptions options;

  get_options (self, &options);
  if (options.work == LIMN_EXPORT_ANNOTATOR && options.annotator == NULL)
    {
      update_state (self);
      return;
    }

  g_cancellable_cancel (self->read_cancellable);
  g_clear_object (&self->read_cancellable);
  self->read_cancellable = g_cancellable_new ();
  self->reading = TRUE;
  gtk_label_set_text (self->losses_label, _("Reading the project…"));
  update_state (self);

  limn_store_export_read_async (self->db_path, limn_project_get_id (self->project), &options,
                                self->read_cancellable, read_cb, g_object_ref (self));
}

static void
show_all_clicked_cb (LimnExportDialog *self)
{
  adw_combo_row_set_selected (self->work_row, WORK_ALL);
}

static void
work_changed_cb (LimnExportDialog *self)
{
  if (self->project != NULL && self->have_annotators)
    read_work (self);
}

static void
format_changed_cb (LimnExportDialog *self)
{
  update_losses (self);
  update_state (self);
}

/* Destination */

static char *
suggested_name (LimnExportDialog *self)
{
  const LimnFormat *format = get_format (self);
  g_autoptr(GString) name = g_string_new (NULL);
  const char *ext = "";

  for (const char *p = limn_project_get_name (self->project); *p != '\0'; p++)
    g_string_append_c (name, strchr ("/\\:", *p) ? '-' : *p);
  g_string_append_printf (name, "-%s", format->id);

  if (!(format->flags & LIMN_FORMAT_WRITES_FOLDER))
    ext = g_str_equal (format->id, "conll") ? ".conll"
          : g_str_equal (format->id, "spacy") || g_str_equal (format->id, "doccano") ? ".jsonl"
          : ".json";
  g_string_append (name, ext);

  return g_string_free (g_steal_pointer (&name), FALSE);
}

static void
chooser_response_cb (LimnExportDialog *self,
                     int               response,
                     GtkNativeDialog  *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;

      if (path != NULL)
        limn_export_dialog_set_destination (self, path);
    }

  gtk_native_dialog_destroy (chooser);
  g_clear_object (&self->chooser);
}

static void
choose_clicked_cb (LimnExportDialog *self)
{
  g_autofree char *name = NULL;

  if (self->chooser != NULL || get_format (self) == NULL)
    return;

  /* A folder format writes a new folder of the name given. */
  self->chooser = gtk_file_chooser_native_new (writes_folder (self)
                                               ? _("Name the Folder to Export To")
                                               : _("Export To"),
                                               GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Export Here"), _("_Cancel"));
  name = suggested_name (self);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

void
limn_export_dialog_set_destination (LimnExportDialog *self,
                                    const char       *path)
{
  g_autofree char *shown = NULL;

  g_return_if_fail (LIMN_IS_EXPORT_DIALOG (self));
  g_return_if_fail (path != NULL);

  g_free (self->destination);
  self->destination = g_strdup (path);
  shown = g_filename_display_name (path);
  adw_action_row_set_subtitle (self->dest_row, shown);
  update_losses (self);
  update_state (self);
}

gboolean
limn_export_dialog_set_format (LimnExportDialog *self,
                               const char       *format_id)
{
  g_return_val_if_fail (LIMN_IS_EXPORT_DIALOG (self), FALSE);

  for (guint i = 0; i < self->formats->len; i++)
    if (g_str_equal (((const LimnFormat *) g_ptr_array_index (self->formats, i))->id, format_id))
      {
        adw_combo_row_set_selected (self->format_row, i);
        return TRUE;
      }

  return FALSE;
}

gboolean
limn_export_dialog_is_ready (LimnExportDialog *self)
{
  g_return_val_if_fail (LIMN_IS_EXPORT_DIALOG (self), FALSE);

  return self->dataset != NULL && !self->reading;
}

/* Exporting */

static void
progress_cb (guint    done,
             guint    total,
             gpointer user_data)
{
  LimnExportDialog *self = user_data;

  /* The whole job, writing included (limn_store_export_write_async()). */
  gtk_progress_bar_set_fraction (self->progress, total ? (double) done / total : 0.0);
  gtk_progress_bar_set_text (self->progress, total && (guint64) done * 10 >= (guint64) total * 9
                                             ? _("Writing…") : _("Reading the project…"));
}

static void
written_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(LimnExportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnFormatProblems) problems = limn_store_export_write_finish (result, &error);
  g_autofree char *folder = NULL;

  self->exporting = FALSE;
  update_state (self);

  if (problems == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, _("Export cancelled: nothing was written."));
      else
        show_error (self, error->message);
      return;
    }

  gtk_progress_bar_set_fraction (self->progress, 1.0);
  folder = writes_folder (self) ? g_strdup (self->destination)
           : g_path_get_dirname (self->destination);
  g_signal_emit (self, signals[EXPORTED], 0, folder);
  gtk_window_close (GTK_WINDOW (self));
}

static void
export_clicked_cb (LimnExportDialog *self)
{
  LimnExportOptions options;

  if (self->exporting || self->destination == NULL || get_format (self) == NULL)
    return;

  get_options (self, &options);
  gtk_info_bar_set_revealed (self->error_bar, FALSE);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->exporting = TRUE;
  gtk_progress_bar_set_fraction (self->progress, 0.0);
  gtk_progress_bar_set_text (self->progress, _("Reading the project…"));
  update_state (self);

  limn_store_export_write_async (self->db_path, limn_project_get_id (self->project), &options,
                                 get_format (self), self->destination, NULL,
                                 progress_cb, self, self->cancellable,
                                 written_cb, g_object_ref (self));
}

static void
cancel_clicked_cb (LimnExportDialog *self)
{
  /* Under way: stopped, nothing left behind; the dialog stays. */
  if (self->exporting)
    {
      g_cancellable_cancel (self->cancellable);
      return;
    }

  gtk_window_close (GTK_WINDOW (self));
}

static gboolean
limn_export_dialog_close_request (GtkWindow *window)
{
  LimnExportDialog *self = LIMN_EXPORT_DIALOG (window);

  g_cancellable_cancel (self->read_cancellable);
  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  return GTK_WINDOW_CLASS (limn_export_dialog_parent_class)->close_request (window);
}

static void
limn_export_dialog_dispose (GObject *object)
{
  LimnExportDialog *self = LIMN_EXPORT_DIALOG (object);

  g_cancellable_cancel (self->read_cancellable);
  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  gtk_widget_dispose_template (GTK_WIDGET (self), LIMN_TYPE_EXPORT_DIALOG);

  G_OBJECT_CLASS (limn_export_dialog_parent_class)->dispose (object);
}

static void
limn_export_dialog_finalize (GObject *object)
{
  LimnExportDialog *self = LIMN_EXPORT_DIALOG (object);

  g_clear_pointer (&self->db_path, g_free);
  g_clear_pointer (&self->local, g_free);
  g_clear_pointer (&self->annotator_ids, g_ptr_array_unref);
  g_clear_object (&self->project);
  g_clear_pointer (&self->formats, g_ptr_array_unref);
  g_clear_object (&self->annotators);
  g_clear_pointer (&self->dataset, limn_dataset_free);
  g_clear_object (&self->read_cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->destination, g_free);

  G_OBJECT_CLASS (limn_export_dialog_parent_class)->finalize (object);
}

static void
limn_export_dialog_class_init (LimnExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = limn_export_dialog_dispose;
  object_class->finalize = limn_export_dialog_finalize;
  window_class->close_request = limn_export_dialog_close_request;

  signals[EXPORTED] =
    g_signal_new ("exported",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/app/limn/Limn/ui/limn-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, LimnExportDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, LimnExportDialog, export_button);
  gtk_widget_class_bind_template_child (widget_class, LimnExportDialog, error_bar);
  gtk_widget_class_bind_template_child (widget_class, LimnExportDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, LimnExportDialog, progress);
  gtk_widget_class_bind_template_child (widget_class, LimnExportDialog, page);
  gtk_widget_class_bind_template_child (widget_class, LimnExportDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, LimnExportDialog, work_row);
  gtk_widget_class_bind_template_child (widget_class, LimnExportDialog, annotator_row);
  gtk_widget_class_bind_template_child (widget_class, LimnExportDialog, suggestions_switch);
  gtk_widget_class_bind_template_child (widget_class, LimnExportDialog, dest_row);
  gtk_widget_class_bind_template_child (widget_class, LimnExportDialog, read_spinner);
  gtk_widget_class_bind_template_child (widget_class, LimnExportDialog, losses_label);
  gtk_widget_class_bind_template_child (widget_class, LimnExportDialog, empty_group);
  gtk_widget_class_bind_template_child (widget_class, LimnExportDialog, show_all_button);
  gtk_widget_class_bind_template_callback (widget_class, error_bar_response_cb);
  gtk_widget_class_bind_template_callback (widget_class, format_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, work_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, show_all_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, choose_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, export_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
}

static void
limn_export_dialog_init (LimnExportDialog *self)
{
  self->formats = g_ptr_array_new ();
  self->annotator_ids = g_ptr_array_new_with_free_func (g_free);
  self->annotators = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  limn_accessible_label_info_bar_close (self->error_bar);
  limn_accessible_label_combo_row (self->format_row);
  limn_accessible_label_combo_row (self->work_row);
  limn_accessible_label_combo_row (self->annotator_row);

  adw_combo_row_set_model (self->annotator_row, G_LIST_MODEL (self->annotators));
}

LimnExportDialog *
limn_export_dialog_new (GtkWindow       *parent,
                        LimnStoreWorker *worker,
                        LimnProject     *project)
{
  const LimnFormat * const *all = limn_format_list ();
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  LimnProjectKind kind;
  LimnExportDialog *self;

  g_return_val_if_fail (LIMN_IS_STORE_WORKER (worker), NULL);
  g_return_val_if_fail (LIMN_IS_PROJECT (project), NULL);

  self = g_object_new (LIMN_TYPE_EXPORT_DIALOG, "transient-for", parent, NULL);
  self->db_path = g_strdup (limn_store_worker_get_path (worker));
  self->local = g_strdup (limn_store_worker_get_annotator (worker));
  self->project = g_object_ref (project);

  /* Formats that hold annotations of the project's kind. */
  kind = limn_project_get_kind (project);
  for (guint i = 0; all[i] != NULL; i++)
    {
      gboolean fits = kind == LIMN_PROJECT_IMAGE ? (all[i]->kind & LIMN_FORMAT_IMAGES) != 0
                      : kind == LIMN_PROJECT_TEXT ? (all[i]->kind & LIMN_FORMAT_TEXTS) != 0
                      : TRUE;

      if (!fits || (all[i]->flags & LIMN_FORMAT_NO_ANNOTATIONS) || all[i]->write == NULL)
        continue;
      g_ptr_array_add (self->formats, (gpointer) all[i]);
      gtk_string_list_append (names, _(all[i]->name));
    }
  adw_combo_row_set_model (self->format_row, G_LIST_MODEL (names));

  read_work (self);

  return self;
}
