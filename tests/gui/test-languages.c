/* test-languages.c
 *
 * The real application and window in the language $LANGUAGE names (meson
 * runs this binary once each for ar, de and ja, with LIMN_LOCALEDIR on the
 * build tree's catalogs): the page titles and the Submit button are the
 * translated strings, no English is left on them; in Arabic the whole
 * window runs right to left (the header bar mirrors) but the image canvas
 * does not; the label palette shows the project's label names in that
 * language, or the default name where the project has none (Car in
 * Japanese). Screenshots language-LL.png are saved for a person to look at.
 * Nothing on screen is left in English (limn-gui-english.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "i18n/limn-i18n.h"
#include "limn-application.h"
#include "limn-gui-english.h"
#include "limn-gui-test.h"
#include "limn-image-canvas-private.h"
#include "limn-label-palette.h"
#include "limn-window.h"
#include "../limn-test-util.h"

typedef struct
{
  const char *language;
  const char *label_page;     /* "Label" */
  const char *review_page;    /* "Review" */
  const char *submit;         /* "_Submit" */
  const char *person;         /* the project's name for Person */
  const char *car;            /* for Car: the default in Japanese */
  GtkTextDirection direction;
} Expected;

/* Copied from po/LL.po by hand: a catalog that stops loading, or a string
 * that loses its translation, must fail here. */
static const Expected expected_table[] = {
  { "ar", "التوسيم", "المراجعة", "أ_رسل", "شخص", "سيارة", GTK_TEXT_DIR_RTL },
  { "de", "Annotation", "Prüfung", "_Abschicken", "Mensch", "Auto", GTK_TEXT_DIR_LTR },
  { "ja", "ラベル付け", "レビュー", "提出(_S)", "人", "Car", GTK_TEXT_DIR_LTR },
};

static LimnApplication *app;
static const Expected *expected;

typedef struct
{
  char       *dir;
  LimnWindow *window;
  char       *opened;
} Fixture;

static void
task_opened_cb (LimnWindow *window,
                const char *task_id,
                Fixture    *f)
{
  g_free (f->opened);
  f->opened = g_strdup (task_id);
}

static gboolean
task_open (gpointer data)
{
  Fixture *f = data;

  return f->opened != NULL && limn_window_get_draft (f->window) != NULL;
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autofree char *image = NULL;
  g_autofree char *project = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *demo = g_build_filename (g_getenv ("LIMN_SOURCE_ROOT"), "data", "demo", "images",
                                            "chelsea.png", NULL);
  gsize len;
  const char *json = "{\"format\": \"limn-project\", \"version\": 1,"
                     " \"id\": \"5d0c1b7e-2f4a-4c59-9e63-7a8b1c2d3e4f\","
                     " \"name\": \"Languages\", \"kind\": \"image\","
                     " \"labels\": [{\"name\": \"Person\", \"hotkey\": \"1\","
                     "               \"names\": {\"de\": \"Mensch\", \"ar\": \"شخص\", \"ja\": \"人\"}},"
                     "              {\"name\": \"Car\", \"hotkey\": \"2\","
                     "               \"names\": {\"de\": \"Auto\", \"ar\": \"سيارة\"}}],"
                     " \"tasks\": [{\"id\": \"0c5e9d1a-7b3f-4e2a-8d6c-1f9a2b3c4d5e\", \"image\": \"photo.png\"}]}";

  f->dir = limn_test_mkdtemp ();
  data_dir = g_build_filename (f->dir, "data", NULL);
  g_setenv ("LIMN_DATA_DIR", data_dir, TRUE);
  image = g_build_filename (f->dir, "photo.png", NULL);
  g_assert_true (g_file_get_contents (demo, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (image, contents, len, NULL));
  project = g_build_filename (f->dir, "project.json", NULL);
  g_assert_true (g_file_set_contents (project, json, -1, NULL));

  f->window = limn_window_new (app);
  g_signal_connect (f->window, "task-opened", G_CALLBACK (task_opened_cb), f);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
  limn_window_open_project_file (f->window, project);
  limn_gui_test_show (GTK_WINDOW (f->window));
  g_assert_true (limn_gui_test_wait_until (task_open, f, 20000));
  limn_gui_test_spin (500);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  limn_gui_test_spin (50);
  limn_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->opened);
}

static GtkWidget *
find_widget (GtkWidget *root,
             gboolean (*match) (GtkWidget *, gconstpointer),
             gconstpointer data)
{
  if (match (root, data))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_type (GtkWidget    *widget,
         gconstpointer type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (type));
}

static gboolean
is_button_labelled (GtkWidget    *widget,
                    gconstpointer label)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

static gboolean
is_main_menu (GtkWidget    *widget,
              gconstpointer data)
{
  return GTK_IS_MENU_BUTTON (widget)
         && g_strcmp0 (gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (widget)), "open-menu-symbolic") == 0;
}

static gboolean
is_label_text (GtkWidget    *widget,
               gconstpointer text)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

/* The name shown in each of the palette's label rows, in order. */
static void
collect_row_texts (GtkWidget *widget,
                   GPtrArray *texts)
{
  if (GTK_IS_LIST_BOX_ROW (widget) && g_object_get_data (G_OBJECT (widget), "label-id") != NULL)
    {
      GtkWidget *box = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (widget));

      for (GtkWidget *c = gtk_widget_get_first_child (box); c != NULL; c = gtk_widget_get_next_sibling (c))
        if (GTK_IS_LABEL (c))
          {
            g_ptr_array_add (texts, g_strdup (gtk_label_get_text (GTK_LABEL (c))));
            return;
          }
      g_ptr_array_add (texts, NULL);
      return;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_row_texts (child, texts);
}

static const char *
page_title (AdwViewStack *stack,
            const char   *name)
{
  g_autoptr(GtkSelectionModel) pages = adw_view_stack_get_pages (stack);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (pages)); i++)
    {
      g_autoptr(AdwViewStackPage) page = g_list_model_get_item (G_LIST_MODEL (pages), i);

      if (g_strcmp0 (adw_view_stack_page_get_name (page), name) == 0)
        return adw_view_stack_page_get_title (page);
    }
  return NULL;
}

/* The centre of @widget, in the window's coordinates. */
static double
centre_x (GtkWidget *widget,
          GtkWidget *window)
{
  graphene_point_t p;

  g_assert_true (gtk_widget_compute_point (widget, window,
                                           &GRAPHENE_POINT_INIT (gtk_widget_get_width (widget) / 2.f, 0),
                                           &p));
  return p.x;
}

static void
test_window_in_language (Fixture       *f,
                         gconstpointer  data)
{
  GtkWidget *root = GTK_WIDGET (f->window);
  AdwViewStack *stack = ADW_VIEW_STACK (find_widget (root, is_type, GSIZE_TO_POINTER (ADW_TYPE_VIEW_STACK)));
  GtkWidget *header = find_widget (root, is_type, GSIZE_TO_POINTER (ADW_TYPE_HEADER_BAR));
  GtkWidget *menu = find_widget (root, is_main_menu, NULL);
  GtkWidget *submit = find_widget (root, is_button_labelled, expected->submit);
  GtkWidget *canvas = limn_window_get_image_canvas (f->window);
  double width = gtk_widget_get_width (root);
  g_autofree char *shot_name = g_strdup_printf ("language-%s", expected->language);
  g_autofree char *shot = NULL;

  g_assert_nonnull (stack);
  g_assert_nonnull (header);
  g_assert_nonnull (menu);
  g_assert_cmpstr (page_title (stack, "label"), ==, expected->label_page);
  g_assert_nonnull (submit);
  g_assert_true (gtk_widget_get_mapped (submit));
  g_assert_null (find_widget (root, is_button_labelled, "_Submit"));
  /* Only a hidden page may be not yet stacked; if stacked, translated. */
  if (page_title (stack, "review") != NULL)
    g_assert_cmpstr (page_title (stack, "review"), ==, expected->review_page);

  g_assert_cmpint (gtk_widget_get_default_direction (), ==, expected->direction);
  g_assert_cmpint (gtk_widget_get_direction (header), ==, expected->direction);
  /* The main menu sits at the end: the right in LTR, the left in RTL. */
  if (expected->direction == GTK_TEXT_DIR_RTL)
    g_assert_cmpfloat (centre_x (menu, root), <, width / 2);
  else
    g_assert_cmpfloat (centre_x (menu, root), >, width / 2);
  /* The image is the photo, whatever the language: never mirrored. */
  g_assert_cmpint (gtk_widget_get_direction (canvas), ==, GTK_TEXT_DIR_LTR);

  /* The palette rows (Person, then Car) in the user's language. */
  {
    GtkWidget *palette = find_widget (root, is_type, GSIZE_TO_POINTER (LIMN_TYPE_LABEL_PALETTE));
    g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);

    g_assert_nonnull (palette);
    collect_row_texts (palette, rows);
    g_assert_cmpuint (rows->len, ==, 2);
    g_assert_cmpstr (g_ptr_array_index (rows, 0), ==, expected->person);
    g_assert_cmpstr (g_ptr_array_index (rows, 1), ==, expected->car);
    g_assert_null (find_widget (palette, is_label_text, "Person"));
  }

  /* A box's tag on the canvas says the label's name the palette says (a
   * 6 × 6 box, tagged outside it). */
  {
    LimnImageCanvas *c = LIMN_IMAGE_CANVAS (canvas);
    LimnLabel *person = limn_project_lookup_label_by_name (c->project, "Person");
    g_autoptr(LimnRegion) region = NULL;
    LimnBox box = { 120, 90, 6, 6 };
    const char *tag = NULL;

    g_assert_nonnull (person);
    region = limn_region_new_box (NULL, limn_label_get_id (person), &box);
    g_assert_true (limn_draft_add_region (limn_window_get_draft (f->window), region));
    limn_image_canvas_select (c, NULL);
    limn_gui_test_spin (300);
    for (guint i = 0; i < c->items->len; i++)
      {
        CanvasItem *item = g_ptr_array_index (c->items, i);

        if (g_strcmp0 (item->region->id, region->id) == 0 && item->chip != NULL)
          tag = pango_layout_get_text (item->chip);
      }
    g_assert_cmpstr (tag, ==, expected->person);
  }

  shot = limn_gui_test_screenshot (root, shot_name);
  g_test_message ("screenshot: %s", shot);

  /* No English left: the leftovers are listed in the log. */
  {
    g_autoptr(LimnEnglishCheck) english = limn_english_check_new (expected->language);

    limn_english_check_allow (english, "Languages");   /* the project's name */
    limn_english_check_allow (english, "Person");
    limn_english_check_allow (english, "Car");
    g_assert_cmpuint (limn_english_check_walk (english, root, "window"), ==, 0);
  }
}

int
main (int   argc,
      char *argv[])
{
  const char *language = g_getenv ("LANGUAGE");
  int status;

  limn_i18n_init ();
  limn_gui_test_init (&argc, &argv);

  for (guint i = 0; i < G_N_ELEMENTS (expected_table); i++)
    if (g_strcmp0 (language, expected_table[i].language) == 0)
      expected = &expected_table[i];
  if (expected == NULL)
    {
      g_test_skip ("LANGUAGE is not one of ar, de, ja");
      return 0;
    }

  app = limn_application_new ();
  g_application_register (G_APPLICATION (app), NULL, NULL);

  g_test_add ("/languages/window", Fixture, NULL, setup, test_window_in_language, teardown);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
