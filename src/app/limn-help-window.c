/* limn-help-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "limn-help-window.h"
#include "limn-help-resources.h"
#include "limn-markdown-view.h"

#define HELP_PATH "/app/limn/Limn/help/"
/* Relative links between the guides are rewritten to this base before the
 * text is read: the reader keeps only web links (guidelines are untrusted),
 * and .invalid never resolves, so such a link cannot leave the window. */
#define HELP_BASE "https://help.limn.invalid/"

struct _LimnHelpWindow
{
  AdwWindow          parent_instance;

  AdwWindowTitle    *window_title;
  GtkListBox        *sidebar;
  GtkScrolledWindow *scroller;
  GtkBox            *page_box;

  char              *page;
  char              *anchor;   /* to reveal once drawn */
  guint              pending;  /* views still reading their text */
  gboolean           selecting;
};

G_DEFINE_FINAL_TYPE (LimnHelpWindow, limn_help_window, ADW_TYPE_WINDOW)

static const struct {
  const char *file;
  const char *title;
} guides[] = {
  { "user-guide.md", N_("User Guide") },
  { "reviewer-guide.md", N_("Reviewer Guide") },
  { "server-guide.md", N_("Admin Guide") },
  { "formats.md", N_("Formats") },
  { "metrics.md", N_("Metrics") },
};

/* GitHub's anchor for a heading: lower case, punctuation dropped, spaces
 * as hyphens; the docs link to sections that way. */
static char *
slug_of (const char *title)
{
  GString *slug = g_string_new (NULL);

  for (const char *p = title; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_unichar_tolower (g_utf8_get_char (p));

      if (g_unichar_isalnum (c) || c == '-' || c == '_')
        g_string_append_unichar (slug, c);
      else if (c == ' ')
        g_string_append_c (slug, '-');
    }

  return g_string_free (slug, FALSE);
}

static void
reveal_anchor (LimnHelpWindow *self)
{
  if (self->anchor == NULL)
    {
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
      return;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->page_box)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!LIMN_IS_MARKDOWN_VIEW (child))
        continue;
      for (guint level = 1; level <= 6; level++)
        {
          g_auto(GStrv) headings = limn_markdown_view_get_headings (LIMN_MARKDOWN_VIEW (child), level);

          for (guint i = 0; headings[i] != NULL; i++)
            {
              g_autofree char *slug = slug_of (headings[i]);

              if (g_strcmp0 (slug, self->anchor) == 0)
                {
                  limn_markdown_view_reveal_heading (LIMN_MARKDOWN_VIEW (child), headings[i]);
                  return;
                }
            }
        }
    }
}

static void
view_rendered_cb (LimnHelpWindow *self)
{
  if (self->pending > 0 && --self->pending == 0)
    reveal_anchor (self);
}

static void
open_uri_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    g_warning ("Cannot open the link: %s", error->message);
}

static gboolean
activate_link_cb (LimnHelpWindow *self,
                  const char     *uri)
{
  if (g_str_has_prefix (uri, HELP_BASE))
    {
      g_autofree char *page = g_strdup (uri + strlen (HELP_BASE));
      char *hash = strchr (page, '#');

      if (hash != NULL)
        *hash++ = '\0';
      if (!limn_help_window_show_page (self, page, hash))
        g_warning ("No help page %s", page);
      return TRUE;
    }

  g_app_info_launch_default_for_uri_async (uri, NULL, NULL, open_uri_cb, NULL);
  return TRUE;
}

static GtkWidget *
text_view (LimnHelpWindow *self,
           const char     *markdown)
{
  static GRegex *relative = NULL;
  GtkWidget *view = limn_markdown_view_new ();
  g_autofree char *text = NULL;

  if (g_once_init_enter (&relative))
    g_once_init_leave (&relative, g_regex_new ("\\]\\(([A-Za-z0-9_./-]+\\.md)(#[^)\\s]*)?\\)",
                                               G_REGEX_OPTIMIZE, 0, NULL));
  text = g_regex_replace (relative, markdown, -1, 0, "](" HELP_BASE "\\1\\2)", 0, NULL);

  self->pending++;
  g_signal_connect_object (view, "rendered", G_CALLBACK (view_rendered_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (view, "activate-link", G_CALLBACK (activate_link_cb), self, G_CONNECT_SWAPPED);
  limn_markdown_view_set_markdown (LIMN_MARKDOWN_VIEW (view), text != NULL ? text : markdown);

  return view;
}

/* A screenshot from the docs, with its description under it. */
static GtkWidget *
figure (const char *alt,
        const char *path)
{
  g_autofree char *resource = g_strconcat (HELP_PATH, path, NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *picture = gtk_picture_new_for_resource (resource);
  GtkWidget *caption = gtk_label_new (alt);

  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
  gtk_picture_set_content_fit (GTK_PICTURE (picture), GTK_CONTENT_FIT_CONTAIN);
  gtk_picture_set_alternative_text (GTK_PICTURE (picture), alt);
  gtk_widget_add_css_class (picture, "card");
  gtk_label_set_wrap (GTK_LABEL (caption), TRUE);
  gtk_widget_add_css_class (caption, "caption");
  gtk_widget_add_css_class (caption, "dim-label");
  gtk_box_append (GTK_BOX (box), picture);
  gtk_box_append (GTK_BOX (box), caption);

  return box;
}

/* The reader shows an image as its description: a page is cut at each
 * line that is a picture alone (how the docs place them), the text in
 * views and the pictures between them. */
static void
fill_page (LimnHelpWindow *self,
           const char     *markdown)
{
  g_autoptr(GRegex) image = g_regex_new ("^!\\[([^\\]]*)\\]\\(([A-Za-z0-9_./-]+\\.png)\\)\\s*$", 0, 0, NULL);
  g_auto(GStrv) lines = g_strsplit (markdown, "\n", -1);
  g_autoptr(GString) text = g_string_new (NULL);
  gboolean fenced = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(GMatchInfo) match = NULL;

      if (strncmp (lines[i] + strspn (lines[i], " "), "```", 3) == 0)
        fenced = !fenced;
      if (!fenced && g_regex_match (image, lines[i], 0, &match))
        {
          g_autofree char *alt = g_match_info_fetch (match, 1);
          g_autofree char *path = g_match_info_fetch (match, 2);

          if (text->len > 0)
            gtk_box_append (self->page_box, text_view (self, text->str));
          g_string_truncate (text, 0);
          gtk_box_append (self->page_box, figure (alt, path));
          continue;
        }
      g_string_append (text, lines[i]);
      g_string_append_c (text, '\n');
    }
  if (text->len > 0)
    gtk_box_append (self->page_box, text_view (self, text->str));
}

static void
clear_page (LimnHelpWindow *self)
{
  GtkWidget *child;

  /* Focus on a label about to go must not stay the window's focus. */
  gtk_root_set_focus (GTK_ROOT (self), NULL);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->page_box))) != NULL)
    gtk_box_remove (self->page_box, child);
  self->pending = 0;
}

gboolean
limn_help_window_show_page (LimnHelpWindow *self,
                            const char     *page,
                            const char     *anchor)
{
  g_autofree char *path = NULL;
  g_autoptr(GBytes) bytes = NULL;
  GtkListBoxRow *row = NULL;
  const char *title = NULL;

  g_return_val_if_fail (LIMN_IS_HELP_WINDOW (self), FALSE);
  g_return_val_if_fail (page != NULL, FALSE);

  /* Only a page of the bundle: no path out of it. */
  if (strchr (page, '/') != NULL)
    return FALSE;
  path = g_strconcat (HELP_PATH, page, NULL);
  bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (bytes == NULL)
    return FALSE;

  g_free (self->anchor);
  self->anchor = anchor != NULL && anchor[0] != '\0' ? g_strdup (anchor) : NULL;

  if (g_strcmp0 (self->page, page) != 0)
    {
      g_free (self->page);
      self->page = g_strdup (page);
      clear_page (self);
      fill_page (self, g_bytes_get_data (bytes, NULL));
    }
  else if (self->pending == 0)
    reveal_anchor (self);

  for (guint i = 0; i < G_N_ELEMENTS (guides); i++)
    if (g_strcmp0 (guides[i].file, page) == 0)
      {
        row = gtk_list_box_get_row_at_index (self->sidebar, (int) i);
        title = _(guides[i].title);
      }
  adw_window_title_set_subtitle (self->window_title, title != NULL ? title : page);
  self->selecting = TRUE;
  if (row != NULL)
    gtk_list_box_select_row (self->sidebar, row);
  else
    gtk_list_box_unselect_all (self->sidebar);
  self->selecting = FALSE;

  return TRUE;
}

static void
row_selected_cb (LimnHelpWindow *self,
                 GtkListBoxRow  *row)
{
  int index;

  if (self->selecting || row == NULL)
    return;
  index = gtk_list_box_row_get_index (row);
  if (index >= 0 && (guint) index < G_N_ELEMENTS (guides))
    limn_help_window_show_page (self, guides[index].file, NULL);
}

const char *
limn_help_window_get_page (LimnHelpWindow *self)
{
  g_return_val_if_fail (LIMN_IS_HELP_WINDOW (self), NULL);

  return self->page;
}

gboolean
limn_help_window_is_rendered (LimnHelpWindow *self)
{
  g_return_val_if_fail (LIMN_IS_HELP_WINDOW (self), FALSE);

  return self->page != NULL && self->pending == 0;
}

GStrv
limn_help_window_get_headings (LimnHelpWindow *self)
{
  g_autoptr(GStrvBuilder) all = g_strv_builder_new ();

  g_return_val_if_fail (LIMN_IS_HELP_WINDOW (self), NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->page_box)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    for (guint level = 1; LIMN_IS_MARKDOWN_VIEW (child) && level <= 2; level++)
      {
        g_auto(GStrv) headings = limn_markdown_view_get_headings (LIMN_MARKDOWN_VIEW (child), level);

        g_strv_builder_addv (all, (const char **) headings);
      }

  return g_strv_builder_end (all);
}

static void
limn_help_window_finalize (GObject *object)
{
  LimnHelpWindow *self = LIMN_HELP_WINDOW (object);

  g_free (self->page);
  g_free (self->anchor);

  G_OBJECT_CLASS (limn_help_window_parent_class)->finalize (object);
}

static void
limn_help_window_class_init (LimnHelpWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = limn_help_window_finalize;

  /* The docs and their screenshots (about 1 MB) join the resources only
   * now: the first Help window, never start-up. */
  limn_help_register_resource ();

  gtk_widget_class_set_template_from_resource (widget_class, "/app/limn/Limn/ui/limn-help-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LimnHelpWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, LimnHelpWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, LimnHelpWindow, scroller);
  gtk_widget_class_bind_template_child (widget_class, LimnHelpWindow, page_box);
  gtk_widget_class_bind_template_callback (widget_class, row_selected_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
limn_help_window_init (LimnHelpWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (guides); i++)
    {
      GtkWidget *label = gtk_label_new (_(guides[i].title));

      gtk_label_set_xalign (GTK_LABEL (label), 0.0);
      gtk_list_box_append (self->sidebar, label);
    }
}

LimnHelpWindow *
limn_help_window_new (GtkWindow *parent)
{
  LimnHelpWindow *self = g_object_new (LIMN_TYPE_HELP_WINDOW, "transient-for", parent, NULL);

  limn_help_window_show_page (self, guides[0].file, NULL);

  return self;
}
