/* limn-markdown-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include <string.h>

#include "limn-markdown-view.h"
#include "text/limn-markdown.h"

struct _LimnMarkdownView
{
  GtkWidget     parent_instance;

  GtkWidget    *box;
  char         *markdown;
  GCancellable *reading;
  GHashTable   *headings;  /* plain title → GtkLabel, the first of that title */
  GPtrArray    *outline;   /* GtkLabel of every heading, in order */
};

G_DEFINE_FINAL_TYPE (LimnMarkdownView, limn_markdown_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MARKDOWN,
  N_PROPS
};

enum {
  RENDERED,
  ACTIVATE_LINK,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void add_blocks (LimnMarkdownView *self,
                        GPtrArray        *blocks,
                        GtkBox           *box);

/* Pango markup of runs; every piece of text is escaped, so what the
 * guidelines say is shown, never interpreted. */
static char *
markup_of (GPtrArray *inlines)
{
  GString *markup = g_string_new (NULL);

  for (guint i = 0; i < inlines->len; i++)
    {
      LimnMarkdownInline *run = g_ptr_array_index (inlines, i);
      g_autofree char *text = g_markup_escape_text (run->text, -1);

      if (run->style & LIMN_MARKDOWN_STYLE_LINK)
        {
          g_autofree char *href = g_markup_escape_text (run->href, -1);

          g_string_append_printf (markup, "<a href=\"%s\">", href);
        }
      if (run->style & LIMN_MARKDOWN_STYLE_STRONG)
        g_string_append (markup, "<b>");
      if (run->style & LIMN_MARKDOWN_STYLE_EMPHASIS)
        g_string_append (markup, "<i>");
      if (run->style & LIMN_MARKDOWN_STYLE_STRIKE)
        g_string_append (markup, "<s>");
      if (run->style & LIMN_MARKDOWN_STYLE_CODE)
        g_string_append (markup, "<tt>");
      g_string_append (markup, text);
      if (run->style & LIMN_MARKDOWN_STYLE_CODE)
        g_string_append (markup, "</tt>");
      if (run->style & LIMN_MARKDOWN_STYLE_STRIKE)
        g_string_append (markup, "</s>");
      if (run->style & LIMN_MARKDOWN_STYLE_EMPHASIS)
        g_string_append (markup, "</i>");
      if (run->style & LIMN_MARKDOWN_STYLE_STRONG)
        g_string_append (markup, "</b>");
      if (run->style & LIMN_MARKDOWN_STYLE_LINK)
        g_string_append (markup, "</a>");
    }

  return g_string_free (markup, FALSE);
}

/* The direction of the first strongly directional letter (what Unicode's
 * bidi algorithm takes as a paragraph's direction), or NONE. */
static GtkTextDirection
text_direction (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isalpha (c))
        continue;
      switch (g_unichar_get_script (c))
        {
        case G_UNICODE_SCRIPT_ARABIC:
        case G_UNICODE_SCRIPT_HEBREW:
        case G_UNICODE_SCRIPT_SYRIAC:
        case G_UNICODE_SCRIPT_THAANA:
        case G_UNICODE_SCRIPT_NKO:
        case G_UNICODE_SCRIPT_SAMARITAN:
        case G_UNICODE_SCRIPT_MANDAIC:
        case G_UNICODE_SCRIPT_ADLAM:
        case G_UNICODE_SCRIPT_HANIFI_ROHINGYA:
          return GTK_TEXT_DIR_RTL;
        case G_UNICODE_SCRIPT_COMMON:
        case G_UNICODE_SCRIPT_INHERITED:
          continue;
        default:
          return GTK_TEXT_DIR_LTR;
        }
    }

  return GTK_TEXT_DIR_NONE;
}

/* A paragraph reads in the direction of its own text, whatever the
 * interface language; a paragraph of digits and signs follows the window. */
static void
follow_text_direction (GtkWidget *widget,
                       GPtrArray *inlines)
{
  g_autofree char *text = limn_markdown_inlines_to_text (inlines);
  GtkTextDirection direction = text_direction (text);

  if (direction != GTK_TEXT_DIR_NONE)
    gtk_widget_set_direction (widget, direction);
}

/* The direction of the first text in @block: a list, a quote or a table
 * mirrors as a whole (bullets and columns) when its text is Arabic. */
static GtkTextDirection
block_direction (LimnMarkdownBlock *block)
{
  GtkTextDirection direction = GTK_TEXT_DIR_NONE;

  if (block->inlines != NULL)
    {
      g_autofree char *text = limn_markdown_inlines_to_text (block->inlines);

      direction = text_direction (text);
    }
  for (guint i = 0; direction == GTK_TEXT_DIR_NONE && block->children != NULL && i < block->children->len; i++)
    direction = block_direction (g_ptr_array_index (block->children, i));

  return direction;
}

static void
follow_block_direction (GtkWidget         *widget,
                        LimnMarkdownBlock *block)
{
  GtkTextDirection direction = block_direction (block);

  if (direction != GTK_TEXT_DIR_NONE)
    gtk_widget_set_direction (widget, direction);
}

/* The view's ::activate-link decides first; unhandled, GTK opens it. */
static gboolean
label_activate_link_cb (GtkLabel   *label,
                        const char *uri)
{
  GtkWidget *view = gtk_widget_get_ancestor (GTK_WIDGET (label), LIMN_TYPE_MARKDOWN_VIEW);
  gboolean handled = FALSE;

  if (view != NULL)
    g_signal_emit (view, signals[ACTIVATE_LINK], 0, uri, &handled);

  return handled;
}

static GtkWidget *
text_label (GPtrArray  *inlines,
            const char *css_class)
{
  g_autofree char *markup = markup_of (inlines);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_markup (GTK_LABEL (label), markup);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_halign (label, GTK_ALIGN_FILL);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  follow_text_direction (label, inlines);
  g_signal_connect (label, "activate-link", G_CALLBACK (label_activate_link_cb), NULL);

  return label;
}

static GtkWidget *
heading (LimnMarkdownView  *self,
         LimnMarkdownBlock *block)
{
  static const char *classes[] = { NULL, "title-1", "title-2", "title-3", "title-4", "heading", "heading" };
  GtkWidget *label = text_label (block->inlines, classes[MIN (block->level, 6)]);
  g_autofree char *title = limn_markdown_inlines_to_text (block->inlines);

  gtk_widget_add_css_class (label, "limn-markdown-heading");
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LEVEL, (int) block->level, -1);
  g_object_set_data (G_OBJECT (label), "limn-heading-level", GUINT_TO_POINTER (block->level));
  g_ptr_array_add (self->outline, label);
  if (!g_hash_table_contains (self->headings, title))
    g_hash_table_insert (self->headings, g_steal_pointer (&title), label);

  return label;
}

static GtkWidget *
code (LimnMarkdownBlock *block)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *label = gtk_label_new (NULL);
  gsize len = strlen (block->text);

  /* The fence's last newline is no line of the code. */
  if (len > 0 && block->text[len - 1] == '\n')
    len--;
  {
    g_autofree char *text = g_strndup (block->text, len);

    gtk_label_set_text (GTK_LABEL (label), text);
  }
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "monospace");
  gtk_widget_set_direction (label, GTK_TEXT_DIR_LTR);

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), label);
  gtk_widget_add_css_class (scroller, "card");
  gtk_widget_add_css_class (scroller, "limn-markdown-code");

  return scroller;
}

static GtkWidget *
container (LimnMarkdownView  *self,
           GPtrArray         *blocks,
           const char        *css_class)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  if (css_class != NULL)
    gtk_widget_add_css_class (box, css_class);
  add_blocks (self, blocks, GTK_BOX (box));

  return box;
}

static GtkWidget *
list (LimnMarkdownView  *self,
      LimnMarkdownBlock *block)
{
  GtkWidget *grid = gtk_grid_new ();

  gtk_grid_set_column_spacing (GTK_GRID (grid), 8);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_widget_add_css_class (grid, "limn-markdown-list");
  follow_block_direction (grid, block);

  for (guint i = 0; i < block->children->len; i++)
    {
      LimnMarkdownBlock *item = g_ptr_array_index (block->children, i);
      g_autofree char *number = block->ordered ? g_strdup_printf ("%u.", block->start + i) : NULL;
      GtkWidget *marker = gtk_label_new (block->ordered ? number : "•");
      GtkWidget *content = container (self, item->children, NULL);

      gtk_widget_set_valign (marker, GTK_ALIGN_START);
      gtk_label_set_xalign (GTK_LABEL (marker), 1.0);
      gtk_widget_add_css_class (marker, "dim-label");
      gtk_widget_set_hexpand (content, TRUE);
      gtk_grid_attach (GTK_GRID (grid), marker, 0, (int) i, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), content, 1, (int) i, 1, 1);
    }

  return grid;
}

static GtkWidget *
table (LimnMarkdownBlock *block)
{
  GtkWidget *grid = gtk_grid_new ();

  gtk_widget_add_css_class (grid, "limn-markdown-table");
  follow_block_direction (grid, block);
  for (guint r = 0; r < block->children->len; r++)
    {
      LimnMarkdownBlock *row = g_ptr_array_index (block->children, r);

      for (guint c = 0; c < row->children->len; c++)
        {
          LimnMarkdownBlock *cell = g_ptr_array_index (row->children, c);
          GtkWidget *label = text_label (cell->inlines, r == 0 ? "heading" : NULL);

          switch (cell->align)
            {
            case LIMN_MARKDOWN_ALIGN_CENTER:
              gtk_label_set_xalign (GTK_LABEL (label), 0.5);
              break;
            case LIMN_MARKDOWN_ALIGN_RIGHT:
              gtk_label_set_xalign (GTK_LABEL (label), 1.0);
              break;
            case LIMN_MARKDOWN_ALIGN_NONE:
            case LIMN_MARKDOWN_ALIGN_LEFT:
            default:
              break;
            }
          gtk_label_set_max_width_chars (GTK_LABEL (label), 60);
          gtk_widget_set_valign (label, GTK_ALIGN_FILL);
          gtk_label_set_yalign (GTK_LABEL (label), 0.0);
          gtk_widget_add_css_class (label, r == 0 ? "limn-markdown-header-cell" : "limn-markdown-cell");
          /* The last column takes what width is left. */
          gtk_widget_set_hexpand (label, c + 1 == row->children->len);
          gtk_grid_attach (GTK_GRID (grid), label, (int) c, (int) r, 1, 1);
        }
    }

  /* No scroller around it: one would measure the cells at their narrowest
   * and leave the card as tall as that; cells wrap instead. */
  gtk_widget_add_css_class (grid, "card");
  gtk_widget_set_overflow (grid, GTK_OVERFLOW_HIDDEN);

  return grid;
}

static void
add_blocks (LimnMarkdownView *self,
            GPtrArray        *blocks,
            GtkBox           *box)
{
  for (guint i = 0; i < blocks->len; i++)
    {
      LimnMarkdownBlock *block = g_ptr_array_index (blocks, i);
      GtkWidget *widget = NULL;

      switch (block->kind)
        {
        case LIMN_MARKDOWN_PARAGRAPH:
          widget = text_label (block->inlines, NULL);
          break;
        case LIMN_MARKDOWN_HEADING:
          widget = heading (self, block);
          break;
        case LIMN_MARKDOWN_CODE:
          widget = code (block);
          break;
        case LIMN_MARKDOWN_QUOTE:
          widget = container (self, block->children, "limn-markdown-quote");
          follow_block_direction (widget, block);
          break;
        case LIMN_MARKDOWN_LIST:
          widget = list (self, block);
          break;
        case LIMN_MARKDOWN_TABLE:
          widget = table (block);
          break;
        case LIMN_MARKDOWN_RULE:
          widget = gtk_separator_new (GTK_ORIENTATION_HORIZONTAL);
          break;
        case LIMN_MARKDOWN_ITEM:
        case LIMN_MARKDOWN_ROW:
        case LIMN_MARKDOWN_CELL:
        default:
          /* Only inside lists and tables, drawn there. */
          continue;
        }

      gtk_box_append (box, widget);
    }
}

static void
clear (LimnMarkdownView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GtkWidget *child;

  /* A focused label about to go must not stay the window's focus: the
   * scrolled window would follow a widget that is gone (GTK 4.8). */
  if (focus != NULL && gtk_widget_is_ancestor (focus, self->box))
    gtk_root_set_focus (root, NULL);

  while ((child = gtk_widget_get_first_child (self->box)) != NULL)
    gtk_box_remove (GTK_BOX (self->box), child);
  g_hash_table_remove_all (self->headings);
  g_ptr_array_set_size (self->outline, 0);
}

static void
read_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  g_task_return_pointer (task, limn_markdown_parse (task_data), (GDestroyNotify) g_ptr_array_unref);
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  LimnMarkdownView *self = LIMN_MARKDOWN_VIEW (object);
  g_autoptr(GPtrArray) blocks = g_task_propagate_pointer (G_TASK (result), NULL);

  /* A newer text replaced this one meanwhile. */
  if (blocks == NULL || g_task_get_cancellable (G_TASK (result)) != self->reading)
    return;

  g_clear_object (&self->reading);
  clear (self);
  add_blocks (self, blocks, GTK_BOX (self->box));
  g_signal_emit (self, signals[RENDERED], 0);
}

void
limn_markdown_view_set_markdown (LimnMarkdownView *self,
                                 const char       *markdown)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (LIMN_IS_MARKDOWN_VIEW (self));

  if (markdown == NULL)
    markdown = "";
  if (g_strcmp0 (markdown, self->markdown) == 0)
    return;

  g_free (self->markdown);
  self->markdown = g_strdup (markdown);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MARKDOWN]);

  g_cancellable_cancel (self->reading);
  g_clear_object (&self->reading);
  self->reading = g_cancellable_new ();

  /* A long text is read off the main thread; drawing it is cheap. */
  task = g_task_new (self, self->reading, read_cb, NULL);
  g_task_set_source_tag (task, limn_markdown_view_set_markdown);
  g_task_set_check_cancellable (task, TRUE);
  g_task_set_task_data (task, g_strdup (markdown), g_free);
  g_task_run_in_thread (task, read_in_thread);
}

const char *
limn_markdown_view_get_markdown (LimnMarkdownView *self)
{
  g_return_val_if_fail (LIMN_IS_MARKDOWN_VIEW (self), NULL);

  return self->markdown;
}

GStrv
limn_markdown_view_get_headings (LimnMarkdownView *self,
                                 guint             level)
{
  g_autoptr(GStrvBuilder) titles = g_strv_builder_new ();

  g_return_val_if_fail (LIMN_IS_MARKDOWN_VIEW (self), NULL);

  for (guint i = 0; i < self->outline->len; i++)
    {
      GtkLabel *label = g_ptr_array_index (self->outline, i);

      if (GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (label), "limn-heading-level")) == level)
        g_strv_builder_add (titles, gtk_label_get_text (label));
    }

  return g_strv_builder_end (titles);
}

gboolean
limn_markdown_view_reveal_heading (LimnMarkdownView *self,
                                   const char       *title)
{
  GtkWidget *label;
  GtkWidget *scroller;
  graphene_point_t point;
  GtkAdjustment *adjustment;

  g_return_val_if_fail (LIMN_IS_MARKDOWN_VIEW (self), FALSE);

  label = g_hash_table_lookup (self->headings, title);
  if (label == NULL)
    return FALSE;

  scroller = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_SCROLLED_WINDOW);
  if (scroller != NULL &&
      gtk_widget_compute_point (label, gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller)),
                                &GRAPHENE_POINT_INIT (0, 0), &point))
    {
      adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
      gtk_adjustment_set_value (adjustment, point.y - 12);
    }

  return TRUE;
}

static void
limn_markdown_view_dispose (GObject *object)
{
  LimnMarkdownView *self = LIMN_MARKDOWN_VIEW (object);

  g_cancellable_cancel (self->reading);
  g_clear_object (&self->reading);
  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (limn_markdown_view_parent_class)->dispose (object);
}

static void
limn_markdown_view_finalize (GObject *object)
{
  LimnMarkdownView *self = LIMN_MARKDOWN_VIEW (object);

  g_free (self->markdown);
  g_hash_table_unref (self->headings);
  g_ptr_array_unref (self->outline);

  G_OBJECT_CLASS (limn_markdown_view_parent_class)->finalize (object);
}

static void
limn_markdown_view_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  LimnMarkdownView *self = LIMN_MARKDOWN_VIEW (object);

  switch (prop_id)
    {
    case PROP_MARKDOWN:
      g_value_set_string (value, self->markdown);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
limn_markdown_view_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  LimnMarkdownView *self = LIMN_MARKDOWN_VIEW (object);

  switch (prop_id)
    {
    case PROP_MARKDOWN:
      limn_markdown_view_set_markdown (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
limn_markdown_view_class_init (LimnMarkdownViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = limn_markdown_view_dispose;
  object_class->finalize = limn_markdown_view_finalize;
  object_class->get_property = limn_markdown_view_get_property;
  object_class->set_property = limn_markdown_view_set_property;

  properties[PROP_MARKDOWN] =
    g_param_spec_string ("markdown", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The text passed last is on screen. */
  signals[RENDERED] = g_signal_new ("rendered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /* A link was activated: TRUE from a handler that opened it itself. */
  signals[ACTIVATE_LINK] = g_signal_new ("activate-link", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, g_signal_accumulator_true_handled, NULL, NULL,
                                         G_TYPE_BOOLEAN, 1, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "markdownview");
}

static void
limn_markdown_view_init (LimnMarkdownView *self)
{
  self->headings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->outline = g_ptr_array_new ();
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
}

GtkWidget *
limn_markdown_view_new (void)
{
  return g_object_new (LIMN_TYPE_MARKDOWN_VIEW, NULL);
}
