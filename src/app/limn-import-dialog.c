/* limn-import-dialog.c
 *
 * Importing labels other tools wrote (src/core/formats/) as a new local
 * project, or into the local project open in the window: the format
 * detected, a preview read on a thread (counts, annotators, labels,
 * problems by kind) kept as counts only, so a 1 GB file previews in
 * bounded memory; labels to skip, pre-labels as suggestions; then the
 * file read again with those choices straight into the store on its
 * writer thread, in one transaction which a cancel or a failure rolls
 * back whole (limn_store_import_stream()), with its progress by bytes. The last page sums up what was matched, added and
 * skipped, with the problems of that final read.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "formats/limn-dataset-summary.h"
#include "formats/limn-format.h"
#include "limn-accessible.h"
#include "limn-import-dialog.h"
#include "charts/limn-chart-format.h"

/* The first entries of each problem kind shown in the preview. */
#define PROBLEM_LINES 3

typedef struct
{
  const LimnFormat   *format;
  LimnDataset        *dataset;    /* labels and counts only: its items go to @summary */
  LimnDatasetSummary *summary;
  LimnFormatProblems *problems;
} Preview;

static void
preview_free (Preview *p)
{
  if (p == NULL)
    return;
  g_clear_pointer (&p->dataset, limn_dataset_free);
  g_clear_pointer (&p->summary, limn_dataset_summary_free);
  g_clear_pointer (&p->problems, limn_format_problems_free);
  g_free (p);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Preview, preview_free)

struct _LimnImportDialog
{
  AdwWindow             parent_instance;

  /* Template children */
  GtkButton            *cancel_button;
  GtkButton            *import_button;
  GtkInfoBar           *error_bar;
  GtkLabel             *error_label;
  GtkProgressBar       *progress;
  AdwPreferencesPage   *page;
  AdwActionRow         *path_row;
  AdwActionRow         *format_row;
  GtkSpinner           *read_spinner;
  AdwPreferencesGroup  *contents_group;
  AdwActionRow         *items_row;
  GtkLabel             *items_label;
  AdwActionRow         *regions_row;
  GtkLabel             *regions_label;
  AdwActionRow         *annotators_row;
  GtkLabel             *annotators_label;
  AdwPreferencesGroup  *labels_group;
  GtkSwitch            *suggestions_switch;
  AdwEntryRow          *model_row;
  AdwEntryRow          *version_row;
  AdwPreferencesGroup  *problems_group;
  GtkLabel             *problems_label;
  AdwPreferencesGroup  *target_group;
  AdwActionRow         *into_row;
  GtkCheckButton       *into_check;
  AdwPreferencesPage   *summary_page;
  AdwPreferencesGroup  *summary_group;
  GtkLabel             *matched_label;
  GtkLabel             *added_label;
  GtkLabel             *skipped_label;
  AdwPreferencesGroup  *final_problems_group;
  GtkLabel             *final_problems_label;

  LimnStoreWorker      *worker;
  LimnProject          *project;       /* the open local project, or NULL */
  LimnFormatProblems   *final_problems; /* the final read's, and the store's */
  char                 *summary;       /* once imported */
  GCancellable         *cancellable;   /* the preview, or the import under way */
  LimnImportProgress   *import_progress; /* the import under way's */
  GtkFileChooserNative *chooser;
  char                 *path;
  Preview              *preview;
  GPtrArray            *label_rows;    /* AdwActionRow, in labels_group */
  GPtrArray            *label_checks;  /* GtkCheckButton, one per label */
  guint                 pulse_id;

  guint                 reading : 1;
  guint                 importing : 1;
  guint                 done : 1;
};

G_DEFINE_FINAL_TYPE (LimnImportDialog, limn_import_dialog, ADW_TYPE_WINDOW)

enum {
  PROJECT_CREATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_error (LimnImportDialog *self,
            const char       *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_info_bar_set_revealed (self->error_bar, TRUE);
}

static void
hide_error (LimnImportDialog *self)
{
  gtk_info_bar_set_revealed (self->error_bar, FALSE);
}

static void
error_bar_response_cb (LimnImportDialog *self,
                       int               response)
{
  hide_error (self);
}

static gboolean
pulse_cb (gpointer data)
{
  LimnImportDialog *self = data;
  double fraction = self->import_progress ? limn_import_progress_get (self->import_progress) : -1;

  /* Bytes read where the reader can tell, else a pulse. */
  if (fraction >= 0)
    gtk_progress_bar_set_fraction (self->progress, fraction);
  else
    gtk_progress_bar_pulse (self->progress);
  return G_SOURCE_CONTINUE;
}

static gboolean
has_regions (LimnImportDialog *self)
{
  LimnDatasetCounts counts;

  limn_dataset_get_counts (self->preview->dataset, &counts);
  return counts.items > 0;
}

static void
update_state (LimnImportDialog *self)
{
  gboolean busy = self->reading || self->importing;
  gboolean suggestions = gtk_switch_get_active (self->suggestions_switch);

  gtk_widget_set_sensitive (GTK_WIDGET (self->page), !self->importing);
  gtk_widget_set_visible (GTK_WIDGET (self->page), !self->done);
  gtk_widget_set_visible (GTK_WIDGET (self->summary_page), self->done);
  gtk_widget_set_visible (GTK_WIDGET (self->import_button), !self->done);
  gtk_button_set_label (self->cancel_button, self->done ? _("_Done") : _("_Cancel"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->import_button),
                            !busy && self->preview != NULL && has_regions (self));
  gtk_widget_set_sensitive (GTK_WIDGET (self->model_row), suggestions);
  gtk_widget_set_sensitive (GTK_WIDGET (self->version_row), suggestions);
  gtk_widget_set_visible (GTK_WIDGET (self->read_spinner), self->reading);
  gtk_spinner_set_spinning (self->read_spinner, self->reading);

  gtk_widget_set_visible (GTK_WIDGET (self->progress), self->importing);
  if (self->importing && self->pulse_id == 0)
    self->pulse_id = g_timeout_add (100, pulse_cb, self);
  else if (!self->importing)
    g_clear_handle_id (&self->pulse_id, g_source_remove);
}

static void
suggestions_toggled_cb (LimnImportDialog *self)
{
  update_state (self);
}

static void
target_toggled_cb (LimnImportDialog *self)
{
  /* Into a project its labels are added to, not a new set. */
  gboolean into = self->project != NULL && gtk_check_button_get_active (self->into_check);

  adw_preferences_group_set_title (self->labels_group, into ? _("Labels") : _("Labels to Add"));
  update_state (self);
}

/* Preview */

static void
clear_labels (LimnImportDialog *self)
{
  for (guint i = 0; i < self->label_rows->len; i++)
    adw_preferences_group_remove (self->labels_group, g_ptr_array_index (self->label_rows, i));
  g_ptr_array_set_size (self->label_rows, 0);
  g_ptr_array_set_size (self->label_checks, 0);
}

static void
show_labels (LimnImportDialog *self)
{
  LimnDataset *dataset = self->preview->dataset;
  guint n = limn_dataset_get_n_labels (dataset);

  clear_labels (self);

  for (guint i = 0; i < n; i++)
    {
      const LimnDatasetLabel *label = limn_dataset_get_label (dataset, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();
      guint64 count = limn_dataset_summary_get_label_regions (self->preview->summary, i);
      guint n_regions = (guint) MIN (count, G_MAXUINT);
      g_autofree char *subtitle = g_strdup_printf (ngettext ("%u region", "%u regions", n_regions),
                                                   n_regions);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      adw_preferences_group_add (self->labels_group, row);
      g_ptr_array_add (self->label_rows, row);
      g_ptr_array_add (self->label_checks, check);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->labels_group), n > 0);
}

/* Problems grouped by kind: its count, then its first few places; as
 * markup, "" for none. */
static char *
problems_markup (LimnFormatProblems *problems)
{
  g_autoptr(GPtrArray) kinds = limn_format_problems_get_kinds (problems);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint k = 0; k < kinds->len; k++)
    {
      const char *kind = g_ptr_array_index (kinds, k);
      const char *words = limn_format_problem_kind_describe (kind);
      guint64 count = limn_format_problems_count (problems, kind);
      guint shown = 0;
      g_autofree char *head = NULL;

      for (guint i = 0; i < limn_format_problems_get_n (problems) && shown < PROBLEM_LINES; i++)
        {
          const LimnFormatProblem *p = limn_format_problems_get (problems, i);
          g_autofree char *line = NULL;

          if (p->kind != kind)
            continue;
          if (shown == 0)
            {
              head = g_markup_printf_escaped ("%s<b>%s</b> — %" PRIu64 " (%s)\n",
                                              text->len ? "\n" : "", words ? words : kind,
                                              count,
                                              p->action == LIMN_FORMAT_SKIPPED ? _("skipped")
                                              : p->action == LIMN_FORMAT_CONVERTED ? _("converted")
                                              : _("kept"));
              g_string_append (text, head);
            }
          line = g_markup_printf_escaped ("<small>%s: %s</small>\n", p->where, p->detail);
          g_string_append (text, line);
          shown++;
        }
      if (count > shown && shown > 0)
        {
          g_autofree char *more = g_strdup_printf (_("… and %" PRIu64 " more"),
                                                   count - shown);
          g_autofree char *line = g_markup_printf_escaped ("<small>%s</small>\n", more);

          g_string_append (text, line);
        }
    }

  if (text->len > 0 && text->str[text->len - 1] == '\n')
    g_string_truncate (text, text->len - 1);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
show_problems (LimnImportDialog *self)
{
  g_autofree char *markup = problems_markup (self->preview->problems);

  gtk_label_set_markup (self->problems_label, markup);
  gtk_widget_set_visible (GTK_WIDGET (self->problems_group), markup[0] != '\0');
}

static void
show_preview (LimnImportDialog *self)
{
  LimnDataset *dataset = self->preview->dataset;
  g_autoptr(GPtrArray) annotators = limn_dataset_summary_list_annotators (self->preview->summary);
  g_autoptr(GString) names = g_string_new (NULL);
  LimnDatasetCounts counts;
  g_autofree char *items = NULL;
  g_autofree char *regions = NULL;
  g_autofree char *n_annotators = NULL;
  gboolean images;

  limn_dataset_get_counts (dataset, &counts);
  images = counts.images >= counts.texts;

  adw_action_row_set_subtitle (self->format_row, _(self->preview->format->name));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->items_row),
                                 images ? _("Images") : _("Texts"));
  items = g_strdup_printf ("%" PRIu64, counts.items);
  gtk_label_set_text (self->items_label, items);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->regions_row),
                                 images ? _("Boxes") : _("Spans"));
  if (counts.suggested > 0)
    regions = g_strdup_printf (_("%" PRIu64 " + %" PRIu64 " suggested"),
                               counts.boxes + counts.spans, counts.suggested);
  else
    regions = g_strdup_printf ("%" PRIu64, counts.boxes + counts.spans);
  gtk_label_set_text (self->regions_label, regions);

  for (guint i = 0; i < annotators->len; i++)
    {
      const char *who = g_ptr_array_index (annotators, i);

      g_string_append_printf (names, "%s%s", names->len ? ", " : "",
                              who ? who : _("not recorded: yours once imported"));
    }
  n_annotators = limn_format_count (annotators->len);
  gtk_label_set_text (self->annotators_label, n_annotators);
  adw_action_row_set_subtitle (self->annotators_row, names->str);

  gtk_widget_set_visible (GTK_WIDGET (self->contents_group), TRUE);
  show_labels (self);
  show_problems (self);

  /* A source whose boxes all carry scores is a model's output. */
  if (counts.suggested > 0 && counts.boxes + counts.spans == 0)
    gtk_switch_set_active (self->suggestions_switch, TRUE);
}

typedef struct
{
  char                  *path;
  const LimnFormat      *format;      /* NULL: detect */
  LimnFormatReadOptions  options;
  GStrv                  labels;      /* seeded, with unknown labels skipped; NULL: add all */
  char                  *model;
  char                  *model_version;
} ReadData;

static void
read_data_free (gpointer data)
{
  ReadData *d = data;

  g_free (d->path);
  g_strfreev (d->labels);
  g_free (d->model);
  g_free (d->model_version);
  g_free (d);
}

static void
read_thread (GTask        *task,
             gpointer      source,
             gpointer      data,
             GCancellable *cancellable)
{
  ReadData *d = data;
  g_autoptr(Preview) p = g_new0 (Preview, 1);
  GError *error = NULL;

  p->format = d->format ? d->format : limn_format_detect (d->path, NULL, &error);
  if (p->format == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  p->dataset = limn_dataset_new ();
  p->summary = limn_dataset_summary_new ();
  limn_dataset_summary_attach (p->summary, p->dataset);
  p->problems = limn_format_problems_new ();
  for (guint i = 0; d->labels != NULL && d->labels[i] != NULL; i++)
    limn_dataset_add_label (p->dataset, d->labels[i], NULL, NULL);

  d->options.model = d->model;
  d->options.model_version = d->model_version;
  if (!limn_format_read (p->format, d->path, p->dataset, &d->options, p->problems,
                         cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&p), (GDestroyNotify) preview_free);
}

static void
preview_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(LimnImportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  Preview *p = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->reading = FALSE;
  g_clear_pointer (&self->preview, preview_free);
  if (p == NULL)
    {
      adw_action_row_set_subtitle (self->format_row, _("Not recognised"));
      gtk_widget_set_visible (GTK_WIDGET (self->contents_group), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->labels_group), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->problems_group), FALSE);
      show_error (self, error->message);
      update_state (self);
      return;
    }

  self->preview = p;
  show_preview (self);
  if (!has_regions (self))
    show_error (self, _("There is nothing to import: no images or texts were read."));
  update_state (self);
}

void
limn_import_dialog_set_path (LimnImportDialog *self,
                             const char       *path)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *shown = NULL;
  ReadData *d;

  g_return_if_fail (LIMN_IS_IMPORT_DIALOG (self));
  g_return_if_fail (path != NULL);

  if (self->importing)
    return;

  g_free (self->path);
  self->path = g_strdup (path);
  shown = g_filename_display_name (path);
  adw_action_row_set_subtitle (self->path_row, shown);
  adw_action_row_set_subtitle (self->format_row, _("Reading…"));
  hide_error (self);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->reading = TRUE;
  update_state (self);

  d = g_new0 (ReadData, 1);
  d->path = g_strdup (path);
  d->options.unknown_labels = LIMN_FORMAT_LABELS_ADD;
  task = g_task_new (NULL, self->cancellable, preview_cb, g_object_ref (self));
  g_task_set_task_data (task, d, read_data_free);
  g_task_run_in_thread (task, read_thread);
}

gboolean
limn_import_dialog_is_ready (LimnImportDialog *self)
{
  g_return_val_if_fail (LIMN_IS_IMPORT_DIALOG (self), FALSE);

  return self->preview != NULL && !self->reading;
}

/* Choosing */

static void
chooser_response_cb (LimnImportDialog *self,
                     int               response,
                     GtkNativeDialog  *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;

      if (path != NULL)
        limn_import_dialog_set_path (self, path);
    }

  gtk_native_dialog_destroy (chooser);
  g_clear_object (&self->chooser);
}

static void
choose (LimnImportDialog     *self,
        GtkFileChooserAction  action)
{
  if (self->chooser != NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (action == GTK_FILE_CHOOSER_ACTION_OPEN
                                               ? _("Choose a File to Import")
                                               : _("Choose a Folder to Import"),
                                               GTK_WINDOW (self), action,
                                               _("_Select"), _("_Cancel"));
  if (self->path != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (self->path);
      g_autoptr(GFile) parent = g_file_get_parent (file);

      if (parent != NULL)
        gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), parent, NULL);
    }

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
choose_file_cb (LimnImportDialog *self)
{
  choose (self, GTK_FILE_CHOOSER_ACTION_OPEN);
}

static void
choose_folder_cb (LimnImportDialog *self)
{
  choose (self, GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER);
}

/* Importing */

static void
import_finished (LimnImportDialog *self)
{
  self->importing = FALSE;
  update_state (self);
}

/* The last page: what was matched, added and skipped, and the final
 * read's problems with the store's (not only the preview's). */
static void
show_summary (LimnImportDialog       *self,
              LimnProjectContents    *contents,
              const LimnImportReport *report)
{
  g_autofree char *matched = limn_format_count (report->matched);
  g_autofree char *added = limn_format_count (report->added);
  g_autofree char *skipped = limn_format_count (report->skipped);
  g_autofree char *markup = problems_markup (self->final_problems);
  g_autofree char *title = NULL;
  guint64 n_problems = limn_format_problems_get_n (self->final_problems);

  gtk_label_set_text (self->matched_label, matched);
  gtk_label_set_text (self->added_label, added);
  gtk_label_set_text (self->skipped_label, skipped);
  gtk_label_set_markup (self->final_problems_label, markup);
  gtk_widget_set_visible (GTK_WIDGET (self->final_problems_group), markup[0] != '\0');

  title = g_strdup_printf (_("Imported into “%s”"), limn_project_get_name (contents->project));
  adw_preferences_group_set_title (self->summary_group, title);

  g_free (self->summary);
  if (n_problems > 0)
    self->summary = g_strdup_printf (ngettext ("%u matched, %u added, %u skipped; %u problem",
                                               "%u matched, %u added, %u skipped; %u problems",
                                               (gulong) n_problems),
                                     report->matched, report->added, report->skipped,
                                     (guint) n_problems);
  else
    self->summary = g_strdup_printf (_("%u matched, %u added, %u skipped"),
                                     report->matched, report->added, report->skipped);
  self->summary = limn_format_localize_digits_take (self->summary);

  self->done = TRUE;
  update_state (self);
  g_signal_emit (self, signals[PROJECT_CREATED], 0, contents);
}

static gboolean
import_failed (LimnImportDialog *self,
               GError           *error)
{
  import_finished (self);
  if (error == NULL)
    return FALSE;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_error (self, _("Import cancelled: nothing was imported."));
  else
    {
      g_debug ("Import failed: %s", error->message);
      show_error (self, error->message);
    }
  return TRUE;
}

static void
stored_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(LimnImportDialog) self = user_data;
  g_autoptr(LimnImportIntoResult) into = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->import_progress, limn_import_progress_unref);
  into = limn_store_jobs_import_into_finish (LIMN_STORE_WORKER (object), result, &error);
  if (import_failed (self, error))
    return;

  /* The final read's problems and the store's, together. */
  g_clear_pointer (&self->final_problems, limn_format_problems_free);
  self->final_problems = g_steal_pointer (&into->problems);
  show_summary (self, into->contents, &into->report);
}

static gboolean
adding_to_project (LimnImportDialog *self)
{
  return self->project != NULL && gtk_check_button_get_active (self->into_check);
}

static char *
entry_text (AdwEntryRow *row)
{
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (row)));

  g_strstrip (text);
  return text[0] != '\0' ? g_steal_pointer (&text) : NULL;
}

static void
import_clicked_cb (LimnImportDialog *self)
{
  g_autoptr(GStrvBuilder) labels = g_strv_builder_new ();
  g_auto(GStrv) names = NULL;
  g_autofree char *model = NULL;
  g_autofree char *model_version = NULL;
  LimnFormatReadOptions options = { 0 };
  gboolean skip = FALSE;

  if (self->preview == NULL || self->reading || self->importing)
    return;

  for (guint i = 0; i < self->label_checks->len; i++)
    {
      if (gtk_check_button_get_active (g_ptr_array_index (self->label_checks, i)))
        g_strv_builder_add (labels, limn_dataset_get_label (self->preview->dataset, i)->name);
      else
        skip = TRUE;
    }

  hide_error (self);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->importing = TRUE;
  update_state (self);

  /* Read again with the choices made, straight into the store: the
   * preview was read to count, the import needs the skipped labels left
   * out and the regions put where the switch says. */
  options.unknown_labels = skip ? LIMN_FORMAT_LABELS_SKIP : LIMN_FORMAT_LABELS_ADD;
  options.suggestions = gtk_switch_get_active (self->suggestions_switch);
  if (options.suggestions)
    {
      model = entry_text (self->model_row);
      model_version = entry_text (self->version_row);
      options.model = model;
      options.model_version = model_version;
    }
  g_clear_pointer (&self->import_progress, limn_import_progress_unref);
  self->import_progress = limn_import_progress_new ();
  gtk_progress_bar_set_fraction (self->progress, 0);
  if (skip)
    names = g_strv_builder_end (labels);
  limn_store_jobs_import_stream_async (self->worker, self->preview->format, self->path, &options,
                                       (const char * const *) names,
                                       adding_to_project (self)
                                       ? limn_project_get_id (self->project) : NULL,
                                       self->import_progress, self->cancellable,
                                       stored_cb, g_object_ref (self));
}

static void
cancel_clicked_cb (LimnImportDialog *self)
{
  /* Under way: stopped and rolled back, the dialog stays with the
   * choices made. */
  if (self->importing && !self->done)
    {
      g_cancellable_cancel (self->cancellable);
      return;
    }

  gtk_window_close (GTK_WINDOW (self));
}

static gboolean
limn_import_dialog_close_request (GtkWindow *window)
{
  LimnImportDialog *self = LIMN_IMPORT_DIALOG (window);

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  return GTK_WINDOW_CLASS (limn_import_dialog_parent_class)->close_request (window);
}

static void
limn_import_dialog_dispose (GObject *object)
{
  LimnImportDialog *self = LIMN_IMPORT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->pulse_id, g_source_remove);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  gtk_widget_dispose_template (GTK_WIDGET (self), LIMN_TYPE_IMPORT_DIALOG);

  G_OBJECT_CLASS (limn_import_dialog_parent_class)->dispose (object);
}

static void
limn_import_dialog_finalize (GObject *object)
{
  LimnImportDialog *self = LIMN_IMPORT_DIALOG (object);

  g_clear_object (&self->worker);
  g_clear_object (&self->project);
  g_clear_pointer (&self->final_problems, limn_format_problems_free);
  g_clear_pointer (&self->summary, g_free);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->import_progress, limn_import_progress_unref);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->preview, preview_free);
  g_clear_pointer (&self->label_rows, g_ptr_array_unref);
  g_clear_pointer (&self->label_checks, g_ptr_array_unref);

  G_OBJECT_CLASS (limn_import_dialog_parent_class)->finalize (object);
}

static void
limn_import_dialog_class_init (LimnImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = limn_import_dialog_dispose;
  object_class->finalize = limn_import_dialog_finalize;
  window_class->close_request = limn_import_dialog_close_request;

  signals[PROJECT_CREATED] =
    g_signal_new ("project-created",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_POINTER);

  gtk_widget_class_set_template_from_resource (widget_class, "/app/limn/Limn/ui/limn-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, LimnImportDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, LimnImportDialog, import_button);
  gtk_widget_class_bind_template_child (widget_class, LimnImportDialog, target_group);
  gtk_widget_class_bind_template_child (widget_class, LimnImportDialog, into_row);
  gtk_widget_class_bind_template_child (widget_class, LimnImportDialog, into_check);
  gtk_widget_class_bind_template_child (widget_class, LimnImportDialog, summary_page);
  gtk_widget_class_bind_template_child (widget_class, LimnImportDialog, summary_group);
  gtk_widget_class_bind_template_child (widget_class, LimnImportDialog, matched_label);
  gtk_widget_class_bind_template_child (widget_class, LimnImportDialog, added_label);
  gtk_widget_class_bind_template_child (widget_class, LimnImportDialog, skipped_label);
  gtk_widget_class_bind_template_child (widget_class, LimnImportDialog, final_problems_group);
  gtk_widget_class_bind_template_child (widget_class, LimnImportDialog, final_problems_label);
  gtk_widget_class_bind_template_child (widget_class, LimnImportDialog, error_bar);
  gtk_widget_class_bind_template_child (widget_class, LimnImportDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, LimnImportDialog, progress);
  gtk_widget_class_bind_template_child (widget_class, LimnImportDialog, page);
  gtk_widget_class_bind_template_child (widget_class, LimnImportDialog, path_row);
  gtk_widget_class_bind_template_child (widget_class, LimnImportDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, LimnImportDialog, read_spinner);
  gtk_widget_class_bind_template_child (widget_class, LimnImportDialog, contents_group);
  gtk_widget_class_bind_template_child (widget_class, LimnImportDialog, items_row);
  gtk_widget_class_bind_template_child (widget_class, LimnImportDialog, items_label);
  gtk_widget_class_bind_template_child (widget_class, LimnImportDialog, regions_row);
  gtk_widget_class_bind_template_child (widget_class, LimnImportDialog, regions_label);
  gtk_widget_class_bind_template_child (widget_class, LimnImportDialog, annotators_row);
  gtk_widget_class_bind_template_child (widget_class, LimnImportDialog, annotators_label);
  gtk_widget_class_bind_template_child (widget_class, LimnImportDialog, labels_group);
  gtk_widget_class_bind_template_child (widget_class, LimnImportDialog, suggestions_switch);
  gtk_widget_class_bind_template_child (widget_class, LimnImportDialog, model_row);
  gtk_widget_class_bind_template_child (widget_class, LimnImportDialog, version_row);
  gtk_widget_class_bind_template_child (widget_class, LimnImportDialog, problems_group);
  gtk_widget_class_bind_template_child (widget_class, LimnImportDialog, problems_label);
  gtk_widget_class_bind_template_callback (widget_class, error_bar_response_cb);
  gtk_widget_class_bind_template_callback (widget_class, suggestions_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, target_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, choose_file_cb);
  gtk_widget_class_bind_template_callback (widget_class, choose_folder_cb);
  gtk_widget_class_bind_template_callback (widget_class, import_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
}

static void
limn_import_dialog_init (LimnImportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  limn_accessible_label_info_bar_close (self->error_bar);

  self->cancellable = g_cancellable_new ();
  self->label_rows = g_ptr_array_new ();
  self->label_checks = g_ptr_array_new ();
  update_state (self);
}

LimnImportDialog *
limn_import_dialog_new (GtkWindow       *parent,
                        LimnStoreWorker *worker)
{
  LimnImportDialog *self;

  g_return_val_if_fail (LIMN_IS_STORE_WORKER (worker), NULL);

  self = g_object_new (LIMN_TYPE_IMPORT_DIALOG, "transient-for", parent, NULL);
  self->worker = g_object_ref (worker);

  return self;
}

void
limn_import_dialog_set_project (LimnImportDialog *self,
                                LimnProject      *project)
{
  g_autofree char *subtitle = NULL;

  g_return_if_fail (LIMN_IS_IMPORT_DIALOG (self));
  g_return_if_fail (project == NULL || LIMN_IS_PROJECT (project));

  /* A team project's tasks come from its server: not to be added to here. */
  if (project != NULL && limn_project_get_server_url (project) != NULL)
    project = NULL;

  g_set_object (&self->project, project);
  gtk_widget_set_visible (GTK_WIDGET (self->target_group), project != NULL);
  if (project == NULL)
    return;

  subtitle = g_strdup_printf (_("“%s”: items already in it are matched by image file name or "
                                "text id; the others are added"), limn_project_get_name (project));
  adw_action_row_set_subtitle (self->into_row, subtitle);
}

const char *
limn_import_dialog_get_summary (LimnImportDialog *self)
{
  g_return_val_if_fail (LIMN_IS_IMPORT_DIALOG (self), NULL);

  return self->summary;
}
