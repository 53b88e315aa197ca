/* limn-review-page-queue.c
 *
 * The Review page's queue: the review items stored here that are not yet
 * decided here, as rows (title, reasons as pills, annotators, labels,
 * age), filtered by reason and by a search over annotators, labels and
 * titles, sorted by age, reason or annotator, with counts per reason in
 * its header; and "Get Items", which leases more through review/claims
 * (the sync client stores them in one job) and opens the first.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include <glib/gi18n.h>

#include "limn-accessible.h"
#include "charts/limn-chart-format.h"
#include "limn-review-page-private.h"
#include "events/limn-event.h"

#define CLAIM_COUNT 10

enum { SORT_AGE, SORT_REASON, SORT_ANNOTATOR };

GtkWidget *
limn_review_reason_pill (const char *reason)
{
  GtkWidget *pill = gtk_label_new (limn_review_reason_label (reason));
  g_autofree char *css = g_strdup_printf ("reason-%s", reason);

  gtk_widget_add_css_class (pill, "review-pill");
  gtk_widget_add_css_class (pill, g_strdelimit (css, "_", '-'));
  return pill;
}

static char *
labels_text (LimnReviewPage *self,
             LimnReviewItem *item)
{
  const char * const *ids = limn_review_item_get_labels (item);
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;

  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      LimnLabel *label = self->project != NULL ? limn_project_lookup_label (self->project, ids[i]) : NULL;

      g_strv_builder_add (names, label != NULL ? limn_label_get_display_name (label, NULL) : ids[i]);
    }
  strv = g_strv_builder_end (names);
  return g_strjoinv (", ", strv);
}

static char *
age_text (gint64 created_us)
{
  gint64 minutes = (g_get_real_time () - created_us) / G_USEC_PER_SEC / 60;
  char *text;

  if (created_us <= 0 || minutes < 1)
    return g_strdup (_("just now"));
  if (minutes < 60)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute ago", "%d minutes ago", minutes), (int) minutes);
  else if (minutes < 60 * 24)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour ago", "%d hours ago", minutes / 60),
                            (int) (minutes / 60));
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day ago", "%d days ago", minutes / 60 / 24),
                            (int) (minutes / 60 / 24));
  return limn_format_localize_digits_take (text);
}

/* Rows */

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *held = gtk_image_new_from_icon_name ("document-edit-symbolic");
  GtkWidget *pills = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkWidget *details = gtk_label_new (NULL);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_widget_add_css_class (title, "heading");
  gtk_widget_set_tooltip_text (held, _("Held by you: ready to review"));
  gtk_widget_add_css_class (held, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (details), 0);
  gtk_label_set_ellipsize (GTK_LABEL (details), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (details, "caption");
  gtk_widget_add_css_class (details, "dim-label");
  gtk_box_append (GTK_BOX (top), title);
  gtk_box_append (GTK_BOX (top), held);
  gtk_box_append (GTK_BOX (box), top);
  gtk_box_append (GTK_BOX (box), pills);
  gtk_box_append (GTK_BOX (box), details);
  gtk_list_item_set_child (list_item, box);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          gpointer                  data)
{
  LimnReviewPage *self = data;
  LimnReviewItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *top = gtk_widget_get_first_child (box);
  GtkWidget *pills = gtk_widget_get_next_sibling (top);
  GtkWidget *details = gtk_widget_get_next_sibling (pills);
  const char * const *reasons = limn_review_item_get_reasons (item);
  const char * const *annotators = limn_review_item_get_annotators (item);
  g_autofree char *who = annotators != NULL ? g_strjoinv (", ", (GStrv) annotators) : g_strdup ("");
  g_autofree char *labels = labels_text (self, item);
  g_autofree char *age = age_text (limn_review_item_get_created_us (item));
  g_autofree char *text = NULL;
  GtkWidget *child;

  gtk_label_set_text (GTK_LABEL (gtk_widget_get_first_child (top)), limn_review_item_get_title (item));
  gtk_widget_set_visible (gtk_widget_get_last_child (top), limn_review_item_get_leased (item));
  while ((child = gtk_widget_get_first_child (pills)) != NULL)
    gtk_box_remove (GTK_BOX (pills), child);
  for (guint i = 0; reasons != NULL && reasons[i] != NULL; i++)
    gtk_box_append (GTK_BOX (pills), limn_review_reason_pill (reasons[i]));

  if (*labels != '\0')
    /* TRANSLATORS: annotators · labels · age of a review item */
    text = g_strdup_printf (_("%s · %s · %s"), who, labels, age);
  else
    text = g_strdup_printf (_("%s · %s"), who, age);
  gtk_label_set_text (GTK_LABEL (details), text);
  gtk_widget_set_tooltip_text (details, text);
  {
    g_autofree char *name = g_strconcat (limn_review_item_get_title (item), ", ", text, NULL);

    limn_accessible_label_list_row (box, name);
  }
}

/* Filters and sorting */

static const char *
chosen_reason (LimnReviewPage *self)
{
  guint pos = gtk_drop_down_get_selected (self->reason_dropdown);

  /* Position 0 is "All Reasons". */
  if (pos == GTK_INVALID_LIST_POSITION || pos == 0)
    return NULL;
  return limn_review_reasons ()[pos - 1];
}

static gboolean
contains (const char *haystack,
          const char *needle)
{
  g_autofree char *h = haystack != NULL ? g_utf8_casefold (haystack, -1) : NULL;

  return h != NULL && strstr (h, needle) != NULL;
}

static gboolean
filter_func (gpointer object,
             gpointer data)
{
  LimnReviewPage *self = data;
  LimnReviewItem *item = object;
  const char *reason = chosen_reason (self);
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *needle = NULL;
  g_autofree char *labels = NULL;
  const char * const *annotators;

  if (reason != NULL && !limn_review_item_has_reason (item, reason))
    return FALSE;
  if (search == NULL || *search == '\0')
    return TRUE;

  needle = g_utf8_casefold (search, -1);
  if (contains (limn_review_item_get_title (item), needle))
    return TRUE;
  annotators = limn_review_item_get_annotators (item);
  for (guint i = 0; annotators != NULL && annotators[i] != NULL; i++)
    if (contains (annotators[i], needle))
      return TRUE;
  labels = labels_text (self, item);
  return contains (labels, needle);
}

static int
compare_created (LimnReviewItem *a,
                 LimnReviewItem *b)
{
  gint64 ca = limn_review_item_get_created_us (a), cb = limn_review_item_get_created_us (b);

  return ca < cb ? -1 : ca > cb;
}

static int
sort_func (gconstpointer a_,
           gconstpointer b_,
           gpointer      data)
{
  LimnReviewPage *self = data;
  LimnReviewItem *a = (LimnReviewItem *) a_, *b = (LimnReviewItem *) b_;
  int by = 0;

  switch (gtk_drop_down_get_selected (self->sort_dropdown))
    {
    case SORT_REASON:
      {
        const char * const *ra = limn_review_item_get_reasons (a);
        const char * const *rb = limn_review_item_get_reasons (b);

        by = g_strcmp0 (ra != NULL ? ra[0] : NULL, rb != NULL ? rb[0] : NULL);
      }
      break;
    case SORT_ANNOTATOR:
      {
        const char * const *aa = limn_review_item_get_annotators (a);
        const char * const *ab = limn_review_item_get_annotators (b);

        by = g_strcmp0 (aa != NULL ? aa[0] : NULL, ab != NULL ? ab[0] : NULL);
      }
      break;
    default:
      break;
    }

  return by != 0 ? by : compare_created (a, b);
}

static void
filter_changed_cb (LimnReviewPage *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
sort_changed_cb (LimnReviewPage *self)
{
  gtk_sorter_changed (GTK_SORTER (self->sorter), GTK_SORTER_CHANGE_DIFFERENT);
}

/* Counts per reason, of the whole queue (not the filtered view). */
static void
update_counts (LimnReviewPage *self)
{
  const char * const *reasons = limn_review_reasons ();
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint r = 0; reasons[r] != NULL; r++)
    {
      guint count = 0;

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(LimnReviewItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);

          count += limn_review_item_has_reason (item, reasons[r]);
        }
      if (count > 0)
        g_string_append_printf (text, "%s%s %u", text->len > 0 ? " · " : "",
                                limn_review_reason_label (reasons[r]), count);
    }

  gtk_label_set_text (self->counts_label, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->counts_label), text->len > 0);
  gtk_stack_set_visible_child_name (self->main_stack, n > 0 ? "review" : "empty");
}

/* Selection */

static void
selected_item_cb (LimnReviewPage *self)
{
  LimnReviewItem *item = gtk_single_selection_get_selected_item (self->selection);

  limn_review_page_open_item (self, item);
}

static void
select_item (LimnReviewPage *self,
             const char     *item_id)
{
  GListModel *model = G_LIST_MODEL (self->selection);
  guint n = g_list_model_get_n_items (model);
  guint pos = GTK_INVALID_LIST_POSITION;

  for (guint i = 0; i < n && pos == GTK_INVALID_LIST_POSITION; i++)
    {
      g_autoptr(LimnReviewItem) item = g_list_model_get_item (model, i);

      if (item_id != NULL ? g_strcmp0 (limn_review_item_get_id (item), item_id) == 0
                          : limn_review_item_get_leased (item))
        pos = i;
    }
  if (pos == GTK_INVALID_LIST_POSITION && n > 0 && item_id == NULL)
    pos = 0;

  gtk_single_selection_set_selected (self->selection, pos);
  selected_item_cb (self);
}

static void
listed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(LimnReviewPage) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = limn_store_jobs_review_list_finish (LIMN_STORE_WORKER (object), result, &error);
  g_autoptr(GPtrArray) open = NULL;
  g_autofree char *want = g_steal_pointer (&self->want_item);
  LimnReviewItem *selected;

  if (items == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        limn_review_page_toast (self, error->message);
      return;
    }

  selected = gtk_single_selection_get_selected_item (self->selection);
  if (want == NULL && selected != NULL)
    want = g_strdup (limn_review_item_get_id (selected));

  open = g_ptr_array_new ();
  for (guint i = 0; i < items->len; i++)
    if (!limn_review_item_get_decided (g_ptr_array_index (items, i)))
      g_ptr_array_add (open, g_ptr_array_index (items, i));
  /* Replacing every row unselects on the way: the open item (and the
   * reviewer's edits in it) must not close for that. */
  g_signal_handlers_block_by_func (self->selection, selected_item_cb, self);
  g_list_store_splice (self->items, 0, g_list_model_get_n_items (G_LIST_MODEL (self->items)),
                       open->pdata, open->len);
  g_signal_handlers_unblock_by_func (self->selection, selected_item_cb, self);
  update_counts (self);
  select_item (self, want);

  if (!self->ready_sent)
    {
      self->ready_sent = TRUE;
      limn_page_content_ready (LIMN_PAGE (self));
    }
}

void
limn_review_page_queue_reload (LimnReviewPage *self,
                               const char     *item_id)
{
  if (self->worker == NULL || self->project == NULL)
    return;

  g_free (self->want_item);
  self->want_item = g_strdup (item_id);
  g_cancellable_cancel (self->list_cancellable);
  g_clear_object (&self->list_cancellable);
  self->list_cancellable = g_cancellable_new ();
  limn_store_jobs_review_list_async (self->worker, limn_project_get_id (self->project),
                                     self->list_cancellable, listed_cb, g_object_ref (self));
}

void
limn_review_page_queue_done (LimnReviewPage *self,
                             const char     *item_id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  guint pos = gtk_single_selection_get_selected (self->selection);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LimnReviewItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);

      if (g_strcmp0 (limn_review_item_get_id (item), item_id) == 0)
        {
          g_list_store_remove (self->items, i);
          break;
        }
    }
  update_counts (self);

  /* The next item opens: the one that took this one's place. */
  n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  if (n == 0)
    {
      limn_review_page_open_item (self, NULL);
      return;
    }
  gtk_single_selection_set_selected (self->selection, MIN (pos, n - 1));
  selected_item_cb (self);
}

/* The server's queue */

static void
queue_fetched_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      data)
{
  g_autoptr(LimnReviewPage) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = limn_sync_client_review_queue_finish (LIMN_SYNC_CLIENT (object), result, &error);

  g_clear_object (&self->queue_cancellable);
  if (ids == NULL)
    {
      /* Offline or refused: the items held here are still reviewable, and
       * the next reload tries again; a toast each time would only nag. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Review queue not listed: %s", error->message);
      return;
    }

  limn_review_page_queue_reload (self, NULL);
}

void
limn_review_page_queue_fetch (LimnReviewPage *self)
{
  const char *project_id;

  if (self->sync == NULL || self->project == NULL)
    return;
  /* Only the signed-in project has a queue on the server. */
  project_id = limn_project_get_id (self->project);
  if (g_strcmp0 (project_id, limn_sync_client_get_project_id (self->sync)) != 0)
    return;
  /* One listing at a time: a sync that lands meanwhile reloads from the
   * store, and this one's answer reloads again. */
  if (self->queue_cancellable != NULL)
    return;

  self->queue_cancellable = g_cancellable_new ();
  limn_sync_client_review_queue_async (self->sync, project_id, self->queue_cancellable,
                                       queue_fetched_cb, g_object_ref (self));
}

/* Get Items */

static void
claimed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(LimnReviewPage) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = limn_sync_client_review_claim_finish (LIMN_SYNC_CLIENT (object), result, &error);
  JsonObject *payload;

  self->claiming = FALSE;
  limn_review_page_update_actions (self);
  if (ids == NULL)
    {
      limn_review_page_toast (self, error->message);
      return;
    }

  payload = json_object_new ();
  json_object_set_int_member (payload, "count", ids->len);
  limn_review_page_record (self, LIMN_EVENT_REVIEW_CLAIM, payload);
  if (ids->len == 0)
    limn_review_page_toast (self, _("No items are waiting for review"));
  limn_review_page_queue_reload (self, ids->len > 0 && self->contents == NULL ? g_ptr_array_index (ids, 0) : NULL);
  limn_review_page_queue_fetch (self);
}

void
limn_review_page_queue_claim (LimnReviewPage *self)
{
  if (self->sync == NULL || self->project == NULL || self->claiming)
    return;

  self->claiming = TRUE;
  limn_review_page_update_actions (self);
  limn_sync_client_review_claim_async (self->sync, limn_project_get_id (self->project), CLAIM_COUNT, NULL,
                                       claimed_cb, g_object_ref (self));
}

void
limn_review_page_queue_init (LimnReviewPage *self)
{
  g_autoptr(GtkStringList) reasons = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) sorts = gtk_string_list_new (NULL);
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  const char * const *codes = limn_review_reasons ();
  GtkFilterListModel *filtered;
  GtkSortListModel *sorted;

  gtk_string_list_append (reasons, _("All Reasons"));
  for (guint i = 0; codes[i] != NULL; i++)
    gtk_string_list_append (reasons, limn_review_reason_label (codes[i]));
  gtk_drop_down_set_model (self->reason_dropdown, G_LIST_MODEL (reasons));
  gtk_string_list_append (sorts, _("Oldest First"));
  gtk_string_list_append (sorts, _("By Reason"));
  gtk_string_list_append (sorts, _("By Annotator"));
  gtk_drop_down_set_model (self->sort_dropdown, G_LIST_MODEL (sorts));

  self->items = g_list_store_new (LIMN_TYPE_REVIEW_ITEM);
  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->sorter = gtk_custom_sorter_new (sort_func, self, NULL);
  filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->items)),
                                        GTK_FILTER (g_object_ref (self->filter)));
  sorted = gtk_sort_list_model_new (G_LIST_MODEL (filtered), GTK_SORTER (g_object_ref (self->sorter)));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (sorted));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  gtk_list_view_set_factory (self->queue_view, factory);
  gtk_list_view_set_model (self->queue_view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_swapped (self->selection, "notify::selected", G_CALLBACK (selected_item_cb), self);
  g_signal_connect_swapped (self->search_entry, "search-changed", G_CALLBACK (filter_changed_cb), self);
  g_signal_connect_swapped (self->reason_dropdown, "notify::selected", G_CALLBACK (filter_changed_cb), self);
  g_signal_connect_swapped (self->sort_dropdown, "notify::selected", G_CALLBACK (sort_changed_cb), self);
}

void
limn_review_page_queue_dispose (LimnReviewPage *self)
{
  g_cancellable_cancel (self->list_cancellable);
  g_clear_object (&self->list_cancellable);
  g_cancellable_cancel (self->queue_cancellable);
  g_clear_object (&self->queue_cancellable);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  if (self->queue_view != NULL)
    gtk_list_view_set_model (self->queue_view, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->filter);
  g_clear_object (&self->sorter);
  g_clear_object (&self->items);
  g_clear_pointer (&self->want_item, g_free);
}
