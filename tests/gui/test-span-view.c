/* test-span-view.c
 *
 * The span view on a real draft, project and text index, driven by real key
 * and pointer events (xdotool under Xvfb). Every span created is checked for
 * its exact code point offsets and covered text, computed here independently
 * of the view; emoji sequences, CRLF, Arabic, Japanese and combining marks
 * included. Screenshots land in the test artifacts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "limn-gui-test.h"
#include "limn-span-view.h"
#include "limn-span-view-private.h"
#include "model/limn-contrast.h"

#define PERSON "label-person"
#define PLACE  "label-place"
#define THING  "label-thing"

typedef struct
{
  GtkWidget     *window;
  GtkWidget     *scrolled;
  GtkWidget     *widget;
  LimnSpanView  *view;
  LimnProject   *project;
  LimnTask      *task;
  LimnTextIndex *text;
  LimnDraft     *draft;
  char          *source;
  gboolean       first_frame;
} Fixture;

static gboolean
apply_label_cb (GtkWidget *widget,
                GVariant  *args,
                gpointer   user_data)
{
  Fixture *f = user_data;

  limn_span_view_apply_label (f->view, g_variant_get_string (args, NULL));
  return TRUE;
}

static void
first_frame_cb (LimnSpanView *view,
                Fixture      *f)
{
  f->first_frame = TRUE;
}

static gboolean
first_frame_seen (gpointer data)
{
  return ((Fixture *) data)->first_frame;
}

static LimnRegion *
suggestion_new (const char *id,
                const char *label,
                const char *text,
                gint64      start,
                gint64      end,
                double      score)
{
  LimnRegion *region = limn_region_new_span (id, label, start, end, NULL);

  limn_region_set_model (region, score, "test-model-1", NULL);

  return region;
}

/* Opens a window like the app's: the view in a scrolled window, label
 * hotkeys 1, 2, 3 routed to limn_span_view_apply_label(). */
static void
fixture_open (Fixture           *f,
              const char        *text,
              const char        *language,
              LimnTextDirection  direction,
              GPtrArray         *suggestions,
              int                width,
              int                height)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnAnnotation) annotation = NULL;
  GtkEventController *shortcuts;
  const char *ids[] = { PERSON, PLACE, THING };
  const char *names[] = { "Person", "Place", "Thing" };
  const char *colors[] = { "#3584e4", "#e66100", "#2ec27e" };

  memset (f, 0, sizeof *f);
  f->source = g_strdup (text);

  f->project = limn_project_new ("project-1", "Test", LIMN_PROJECT_TEXT);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *hotkey = g_strdup_printf ("%u", i + 1);
      g_autoptr(LimnLabel) label = limn_label_new (ids[i], names[i], colors[i], hotkey);

      limn_project_add_label (f->project, label);
    }

  f->task = limn_task_new ("task-1", "project-1", LIMN_TASK_TEXT, 1, "Task");
  limn_task_set_language (f->task, language, direction);

  f->text = limn_text_index_new (text, -1, &error);
  g_assert_no_error (error);

  annotation = limn_annotation_new (NULL, "task-1", "tester");
  f->draft = limn_draft_new (annotation, suggestions, NULL);

  f->window = gtk_window_new ();
  gtk_window_set_title (GTK_WINDOW (f->window), "Span view");
  gtk_window_set_default_size (GTK_WINDOW (f->window), width, height);
  f->scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (f->scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  f->widget = limn_span_view_new ();
  f->view = LIMN_SPAN_VIEW (f->widget);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (f->scrolled), f->widget);
  gtk_window_set_child (GTK_WINDOW (f->window), f->scrolled);

  shortcuts = gtk_shortcut_controller_new ();
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      GtkShortcut *shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_1 + i, 0),
                                                gtk_callback_action_new (apply_label_cb, f, NULL));

      gtk_shortcut_set_arguments (shortcut, g_variant_new_string (ids[i]));
      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), shortcut);
    }
  gtk_widget_add_controller (f->window, shortcuts);

  g_signal_connect (f->view, "first-frame", G_CALLBACK (first_frame_cb), f);
  limn_span_view_set_project (f->view, f->project);
  limn_span_view_set_task (f->view, f->task, f->text, f->draft);

  limn_gui_test_show (GTK_WINDOW (f->window));
  g_assert_true (limn_gui_test_wait_until (first_frame_seen, f, 10000));
  gtk_widget_grab_focus (f->widget);
  limn_gui_test_spin (50);
}

static void
fixture_close (Fixture *f)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  limn_gui_test_spin (20);
  g_clear_object (&f->draft);
  g_clear_object (&f->task);
  g_clear_object (&f->project);
  g_clear_pointer (&f->text, limn_text_index_unref);
  g_clear_pointer (&f->source, g_free);
}

/* Lets pending allocation and drawing happen, then saves a screenshot. */
static char *
screenshot (Fixture    *f,
            const char *name)
{
  limn_gui_test_spin (150);
  return limn_gui_test_screenshot (f->window, name);
}

static void
keys (Fixture    *f,
      const char *keys)
{
  limn_gui_test_keys (GTK_WINDOW (f->window), keys);
  limn_gui_test_spin (30);
}

/* Code point offset of the @nth occurrence of @needle in the source text,
 * computed without the view or the text index. */
static gint64
cp_of (Fixture    *f,
       const char *needle,
       guint       nth)
{
  const char *p = f->source;

  for (;;)
    {
      p = strstr (p, needle);
      g_assert_nonnull (p);
      if (nth-- == 0)
        break;
      p++;
    }

  return g_utf8_pointer_to_offset (f->source, p);
}

static const LimnRegion *
only_region (Fixture *f)
{
  g_assert_cmpuint (limn_draft_get_n_regions (f->draft), ==, 1);
  return limn_draft_get_region (f->draft, 0);
}

static void
assert_span (const LimnRegion *region,
             const char       *label,
             gint64            start,
             gint64            end,
             const char       *text)
{
  g_assert_nonnull (region);
  g_assert_cmpint (region->kind, ==, LIMN_REGION_SPAN);
  g_assert_cmpstr (region->label_id, ==, label);
  g_assert_cmpint (region->start, ==, start);
  g_assert_cmpint (region->end, ==, end);
  g_assert_cmpstr (region->text, ==, text);
}

static void
assert_span_at (Fixture          *f,
                const LimnRegion *region,
                const char       *label,
                const char       *needle,
                guint             nth)
{
  gint64 start = cp_of (f, needle, nth);

  assert_span (region, label, start, start + g_utf8_strlen (needle, -1), needle);
}

/* The centre of the character starting at code point @cp, in widget
 * coordinates. */
static void
point_of (Fixture *f,
          gint64   cp,
          gboolean leading,
          double  *x,
          double  *y)
{
  graphene_rect_t a, b;
  double value = gtk_adjustment_get_value (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (f->view)));

  g_assert_true (limn_span_view_cursor_rect (f->view, cp, NULL, &a));
  g_assert_true (limn_span_view_cursor_rect (f->view, cp + 1, NULL, &b));
  *x = leading ? a.origin.x + 1 : (a.origin.x + b.origin.x) / 2;
  *y = a.origin.y + a.size.height / 2 - value;
}

static gboolean
pixels_near (const guchar  *data,
             gsize          stride,
             int            width,
             int            height,
             const GdkRGBA *color)
{
  guint count = 0;

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        const guchar *p = data + y * stride + x * 4;   /* B G R A, premultiplied, opaque here */

        if (ABS (p[2] - color->red * 255) < 12 &&
            ABS (p[1] - color->green * 255) < 12 &&
            ABS (p[0] - color->blue * 255) < 12)
          count++;
      }

  return count >= 20;
}

/* Renders the view as GTK does and reports which colours appear. */
static void
render_has_colors (Fixture       *f,
                   const GdkRGBA *colors,
                   gboolean      *found,
                   guint          n)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (f->widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (f->widget));
  int w = gtk_widget_get_width (f->widget);
  int h = gtk_widget_get_height (f->widget);
  g_autofree guchar *data = g_malloc ((gsize) w * h * 4);

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), w, h);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, w, h));
  gdk_texture_download (texture, data, (gsize) w * 4);

  for (guint i = 0; i < n; i++)
    found[i] = pixels_near (data, (gsize) w * 4, w, h, &colors[i]);
}

/* Tests */

static void
test_keys_latin (void)
{
  Fixture f;

  fixture_open (&f, "Alice met Bob in Paris.\nThey talked about the weather.", "en",
                LIMN_TEXT_DIRECTION_LTR, NULL, 800, 400);

  keys (&f, "ctrl+Home ctrl+shift+Right 1");
  assert_span_at (&f, only_region (&f), PERSON, "Alice", 0);
  g_assert_cmpstr (limn_span_view_get_selected (f.view), ==, only_region (&f)->id);

  /* "Bob", character by character. */
  keys (&f, "Escape ctrl+Right Right shift+Right shift+Right shift+Right 1");
  g_assert_cmpuint (limn_draft_get_n_regions (f.draft), ==, 2);
  assert_span_at (&f, limn_draft_get_region (f.draft, 1), PERSON, "Bob", 0);

  /* "Paris", by word. */
  keys (&f, "Escape ctrl+Right Right ctrl+shift+Right 2");
  g_assert_cmpuint (limn_draft_get_n_regions (f.draft), ==, 3);
  assert_span_at (&f, limn_draft_get_region (f.draft, 2), PLACE, "Paris", 0);

  /* Second paragraph: Down keeps x, Home goes to the line start. */
  keys (&f, "Escape Down Home shift+End 3");
  g_assert_cmpuint (limn_draft_get_n_regions (f.draft), ==, 4);
  assert_span_at (&f, limn_draft_get_region (f.draft, 3), THING, "They talked about the weather.", 0);

  fixture_close (&f);
}

static void
test_keys_emoji (void)
{
  const char *text = "Our dev 👩‍💻 shipped it 🇯🇵 in Tokyo 👍🏽 today.\n"
                     "Mixed: 😀 astral 𝒜 letters and ZWJ 👨‍👩‍👧‍👦 family.";
  Fixture f;
  g_autofree char *shot = NULL;

  fixture_open (&f, text, "en", LIMN_TEXT_DIRECTION_AUTO, NULL, 900, 420);

  /* Eight characters in, one Right crosses the whole ZWJ sequence. */
  keys (&f, "ctrl+Home ctrl+Right ctrl+Right Right shift+Right 1");
  assert_span_at (&f, only_region (&f), PERSON, "👩‍💻", 0);
  g_assert_cmpint (only_region (&f)->end - only_region (&f)->start, ==, 3);

  /* A flag is two regional indicators, one grapheme. */
  keys (&f, "Escape ctrl+Right ctrl+Right Right shift+Right 2");
  g_assert_cmpuint (limn_draft_get_n_regions (f.draft), ==, 2);
  assert_span_at (&f, limn_draft_get_region (f.draft, 1), PLACE, "🇯🇵", 0);

  /* A skin-tone modifier stays with its emoji; the selection "Tokyo 👍🏽 "
   * made backwards from after the space is trimmed of the space. */
  keys (&f, "Escape ctrl+Right ctrl+Right Right Right Right shift+ctrl+Left 3");
  g_assert_cmpuint (limn_draft_get_n_regions (f.draft), ==, 3);
  assert_span_at (&f, limn_draft_get_region (f.draft, 2), THING, "Tokyo 👍🏽", 0);

  /* Second line: the family (7 code points) in one step. */
  keys (&f, "Escape ctrl+End Home ctrl+Right ctrl+Right ctrl+Right ctrl+Right ctrl+Right ctrl+Right "
            "Right shift+Right 1");
  g_assert_cmpuint (limn_draft_get_n_regions (f.draft), ==, 4);
  assert_span_at (&f, limn_draft_get_region (f.draft, 3), PERSON, "👨‍👩‍👧‍👦", 0);
  g_assert_cmpint (limn_draft_get_region (f.draft, 3)->end - limn_draft_get_region (f.draft, 3)->start, ==, 7);

  /* A whole astral emoji by API; a selection inside a cluster creates
   * nothing rather than a span that splits it. */
  limn_span_view_set_selection (f.view, cp_of (&f, "😀", 0), cp_of (&f, "😀", 0) + 1);
  limn_span_view_apply_label (f.view, PLACE);
  assert_span_at (&f, limn_draft_get_region (f.draft, 4), PLACE, "😀", 0);
  limn_span_view_set_selection (f.view, cp_of (&f, "👨", 0) + 1, cp_of (&f, "👨", 0) + 3);
  limn_span_view_apply_label (f.view, PLACE);
  g_assert_cmpuint (limn_draft_get_n_regions (f.draft), ==, 5);

  limn_span_view_select (f.view, NULL);
  shot = screenshot (&f, "span-view-latin-emoji");
  fixture_close (&f);
}

static void
test_keys_crlf (void)
{
  Fixture f;

  fixture_open (&f, "first line\r\nsecond line\r\n\r\nthird one", "en",
                LIMN_TEXT_DIRECTION_LTR, NULL, 700, 400);

  keys (&f, "ctrl+Home Down ctrl+shift+Right 1");
  assert_span_at (&f, only_region (&f), PERSON, "second", 0);

  /* Across the CRLF: Right from a line's end lands on the next line's
   * start, never between '\r' and '\n'. */
  keys (&f, "Escape End Right Right shift+ctrl+End 2");
  g_assert_cmpuint (limn_draft_get_n_regions (f.draft), ==, 2);
  assert_span_at (&f, limn_draft_get_region (f.draft, 1), PLACE, "third one", 0);

  /* A selection over a line break keeps "\r\n" inside the span. */
  keys (&f, "Escape ctrl+Home End shift+Left shift+Left shift+Left shift+Left shift+Right shift+Right "
            "shift+Right shift+Right shift+Down shift+End 3");
  g_assert_cmpuint (limn_draft_get_n_regions (f.draft), ==, 3);
  assert_span_at (&f, limn_draft_get_region (f.draft, 2), THING, "second line", 0);

  limn_span_view_set_selection (f.view, cp_of (&f, "line", 0), cp_of (&f, "second", 0) + 3);
  limn_span_view_apply_label (f.view, THING);
  assert_span_at (&f, limn_draft_get_region (f.draft, 3), THING, "line\r\nsec", 0);

  fixture_close (&f);
}

static void
test_keys_arabic (void)
{
  const char *text = "ذهب محمد إلى القاهرة يوم الأحد.\n"
                     "قال إن المدينة جميلة جداً، وزار المتحف المصري مع صديقه علي.";
  Fixture f;
  g_autofree char *shot = NULL;

  fixture_open (&f, text, "ar", LIMN_TEXT_DIRECTION_RTL, NULL, 800, 420);

  /* In right-to-left text Left moves forward, and so does Ctrl+Left. */
  keys (&f, "ctrl+Home ctrl+Left Left ctrl+shift+Left 1");
  assert_span_at (&f, only_region (&f), PERSON, "محمد", 0);

  keys (&f, "Escape Left ctrl+Left Left shift+Left shift+Left shift+Left shift+Left shift+Left "
            "shift+Left shift+Left 2");
  g_assert_cmpuint (limn_draft_get_n_regions (f.draft), ==, 2);
  assert_span_at (&f, limn_draft_get_region (f.draft, 1), PLACE, "القاهرة", 0);

  /* Mouse: drag over "علي" from its first letter (on the right) to its last. */
  {
    gint64 start = cp_of (&f, "علي", 0);
    double x1, y1, x2, y2;

    point_of (&f, start, TRUE, &x1, &y1);
    point_of (&f, start + 2, FALSE, &x2, &y2);
    limn_gui_test_drag (f.widget, 1, x1 - 2, y1, x2 - 2, y2, 4);
    keys (&f, "1");
    g_assert_cmpuint (limn_draft_get_n_regions (f.draft), ==, 3);
    assert_span_at (&f, limn_draft_get_region (f.draft, 2), PERSON, "علي", 0);
  }

  limn_span_view_select (f.view, NULL);
  shot = screenshot (&f, "span-view-arabic");
  fixture_close (&f);
}

static void
test_keys_japanese (void)
{
  const char *text = "東京タワーに行きました。富士山も見えました！\n"
                     "吾輩は猫である。名前はまだ無い。どこで生れたかとんと見当がつかぬ。"
                     "何でも薄暗いじめじめした所でニャーニャー泣いていた事だけは記憶している。";
  Fixture f;
  g_autofree char *shot = NULL;

  fixture_open (&f, text, "ja", LIMN_TEXT_DIRECTION_LTR, NULL, 800, 420);

  keys (&f, "ctrl+Home shift+Right shift+Right 2");
  assert_span_at (&f, only_region (&f), PLACE, "東京", 0);

  keys (&f, "Escape Right Right Right Right Right Right Right Right Right Right "
            "shift+Right shift+Right shift+Right 2");
  g_assert_cmpuint (limn_draft_get_n_regions (f.draft), ==, 2);
  assert_span_at (&f, limn_draft_get_region (f.draft, 1), PLACE, "富士山", 0);

  keys (&f, "Escape Down Home shift+Right shift+Right 3");
  g_assert_cmpuint (limn_draft_get_n_regions (f.draft), ==, 3);
  assert_span_at (&f, limn_draft_get_region (f.draft, 2), THING, "吾輩", 0);

  limn_span_view_set_selection (f.view, cp_of (&f, "猫", 0), cp_of (&f, "猫", 0) + 1);
  limn_span_view_apply_label (f.view, PERSON);
  assert_span_at (&f, limn_draft_get_region (f.draft, 3), PERSON, "猫", 0);

  limn_span_view_select (f.view, NULL);
  shot = screenshot (&f, "span-view-japanese");
  fixture_close (&f);
}

static void
test_keys_combining (void)
{
  /* "e" + U+0301 and "n" + U+0303: two code points, one grapheme each. */
  const char *text = "Cafe\xcc\x81 and man\xcc\x83" "ana, Zoe\xcc\x88 and na\xc3\xafve.";
  Fixture f;

  fixture_open (&f, text, "en", LIMN_TEXT_DIRECTION_LTR, NULL, 700, 300);

  keys (&f, "ctrl+Home Right Right Right shift+Right 1");
  assert_span_at (&f, only_region (&f), PERSON, "e\xcc\x81", 0);
  g_assert_cmpint (only_region (&f)->end - only_region (&f)->start, ==, 2);

  keys (&f, "Escape ctrl+Right Right ctrl+shift+Right 2");
  g_assert_cmpuint (limn_draft_get_n_regions (f.draft), ==, 2);
  assert_span_at (&f, limn_draft_get_region (f.draft, 1), PLACE, "man\xcc\x83" "ana", 0);

  /* A selection ending between a letter and its mark is pulled in, never
   * split: "Zoe" + U+0308 selected up to the mark leaves "Zo". */
  limn_span_view_set_selection (f.view, cp_of (&f, "Zoe", 0), cp_of (&f, "Zoe", 0) + 3);
  limn_span_view_apply_label (f.view, THING);
  assert_span_at (&f, limn_draft_get_region (f.draft, 2), THING, "Zo", 0);

  fixture_close (&f);
}

static void
test_mouse (void)
{
  Fixture f;
  const LimnRegion *region;
  g_autofree char *bob_id = NULL;
  double x1, y1, x2, y2;
  gint64 bob;

  fixture_open (&f, "Alice met Bob in Paris.\nThey talked about the weather for hours.", "en",
                LIMN_TEXT_DIRECTION_LTR, NULL, 800, 400);

  /* Hover and focus change the widget's CSS state; that must not throw
   * away the layouts (a full relayout per pointer move). */
  {
    PangoLayout *before = limn_span_view_layout_get_block (f.view->layout, 0)->layout;

    g_assert_nonnull (before);
    limn_gui_test_move (f.widget, 10, 10);
    limn_gui_test_move (f.widget, 200, 40);
    gtk_widget_grab_focus (f.scrolled);
    gtk_widget_grab_focus (f.widget);
    limn_gui_test_spin (100);
    g_assert_true (limn_span_view_layout_get_block (f.view->layout, 0)->layout == before);
  }

  /* Drag over "Bob" and press 1. */
  bob = cp_of (&f, "Bob", 0);
  point_of (&f, bob, TRUE, &x1, &y1);
  point_of (&f, bob + 2, FALSE, &x2, &y2);
  limn_gui_test_drag (f.widget, 1, x1, y1, x2 + 2, y2, 5);
  g_assert_true (limn_span_view_get_selection (f.view, NULL, NULL));
  keys (&f, "1");
  region = only_region (&f);
  assert_span_at (&f, region, PERSON, "Bob", 0);
  bob_id = g_strdup (region->id);

  /* Double-click selects a word. */
  point_of (&f, cp_of (&f, "Paris", 0) + 2, FALSE, &x1, &y1);
  limn_gui_test_move (f.widget, x1, y1);
  limn_gui_test_xdotool ("click", "--repeat", "2", "--delay", "80", "1", NULL);
  limn_gui_test_spin (50);
  keys (&f, "2");
  g_assert_cmpuint (limn_draft_get_n_regions (f.draft), ==, 2);
  assert_span_at (&f, limn_draft_get_region (f.draft, 1), PLACE, "Paris", 0);

  /* Clicking elsewhere deselects; a click on "Bob" selects its span. */
  point_of (&f, cp_of (&f, "weather", 0), FALSE, &x1, &y1);
  limn_gui_test_click (f.widget, x1, y1, 1);
  limn_gui_test_spin (50);
  g_assert_null (limn_span_view_get_selected (f.view));
  point_of (&f, bob + 1, FALSE, &x1, &y1);
  limn_gui_test_click (f.widget, x1, y1, 1);
  limn_gui_test_spin (50);
  g_assert_cmpstr (limn_span_view_get_selected (f.view), ==, bob_id);

  /* Relabel with a hotkey, then delete with the Delete key. */
  keys (&f, "3");
  g_assert_cmpstr (limn_draft_lookup_region (f.draft, bob_id)->label_id, ==, THING);
  keys (&f, "Delete");
  g_assert_null (limn_draft_lookup_region (f.draft, bob_id));
  g_assert_cmpuint (limn_draft_get_n_regions (f.draft), ==, 1);
  g_assert_null (limn_span_view_get_selected (f.view));

  fixture_close (&f);
}

static void
add_span (Fixture    *f,
          const char *label,
          const char *needle,
          guint       nth)
{
  gint64 start = cp_of (f, needle, nth);
  gint64 end = start + g_utf8_strlen (needle, -1);
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *covered = limn_text_index_substring (f->text, start, end);
  g_autoptr(LimnRegion) region = limn_region_new_span (id, label, start, end, covered);

  g_assert_true (limn_draft_add_region (f->draft, region));
}

static void
test_overlap (void)
{
  Fixture f;
  g_autofree char *shot = NULL;
  const char *given[] = { "#3584e4", "#e66100", "#2ec27e" };
  GdkRGBA colors[3];
  gboolean found[3] = { FALSE, };
  double x, y, light[3];
  const char *shortest;

  /* Drawn as adjusted to 3:1 on the light theme's background (#2ec27e
   * is darkened), not as given. */
  limn_color_parse (LIMN_BACKGROUND_LIGHT, &light[0], &light[1], &light[2]);
  for (guint i = 0; i < 3; i++)
    {
      double c[3], out[3];

      limn_color_parse (given[i], &c[0], &c[1], &c[2]);
      limn_color_ensure_contrast (c, light, LIMN_CONTRAST_NON_TEXT, out);
      colors[i] = (GdkRGBA) { out[0], out[1], out[2], 1 };
    }

  fixture_open (&f, "The University of Paris Nanterre hosted Marie Curie's lecture on radium.\n"
                    "Later, the New York Times reported on the event in great detail.", "en",
                LIMN_TEXT_DIRECTION_LTR, NULL, 800, 320);

  add_span (&f, THING, "University of Paris Nanterre", 0);
  add_span (&f, PLACE, "Paris", 0);
  add_span (&f, PERSON, "Marie Curie", 0);
  add_span (&f, THING, "New York Times", 0);
  add_span (&f, PLACE, "New York", 0);
  limn_gui_test_spin (100);

  /* Both labels of the overlap are drawn: their bars are solid label colour. */
  render_has_colors (&f, colors, found, 3);
  g_assert_true (found[0]);
  g_assert_true (found[1]);
  g_assert_true (found[2]);

  /* A click where two spans overlap selects the shorter one. */
  point_of (&f, cp_of (&f, "Paris", 0) + 2, FALSE, &x, &y);
  limn_gui_test_click (f.widget, x, y, 1);
  limn_gui_test_spin (50);
  shortest = limn_span_view_get_selected (f.view);
  g_assert_nonnull (shortest);
  g_assert_cmpstr (limn_draft_lookup_region (f.draft, shortest)->text, ==, "Paris");

  shot = screenshot (&f, "span-view-overlap");

  /* The dark style: text, selection and chips follow the theme. */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  limn_span_view_set_selection (f.view, cp_of (&f, "lecture", 0), cp_of (&f, "radium", 0));
  g_free (screenshot (&f, "span-view-overlap-dark"));
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  fixture_close (&f);
}

static void
test_suggestions (void)
{
  const char *text = "Ada Lovelace wrote the first program for Babbage's Analytical Engine in London.";
  g_autoptr(GPtrArray) suggestions = g_ptr_array_new_with_free_func ((GDestroyNotify) limn_region_unref);
  g_autofree char *shot = NULL;
  const LimnRegion *region;
  Fixture f;

  g_ptr_array_add (suggestions, suggestion_new ("sug-1", PERSON, "Ada Lovelace", 0, 12, 0.8));
  g_ptr_array_add (suggestions, suggestion_new ("sug-2", THING, "Analytical Engine", 51, 68, 0.64));
  g_ptr_array_add (suggestions, suggestion_new ("sug-3", PLACE, "London", 72, 78, 0.93));
  fixture_open (&f, text, "en", LIMN_TEXT_DIRECTION_LTR, suggestions, 800, 260);

  /* Tab goes to the first suggestion, Return accepts it. */
  keys (&f, "Tab");
  g_assert_cmpstr (limn_span_view_get_selected (f.view), ==, "sug-1");
  shot = screenshot (&f, "span-view-suggestions");
  keys (&f, "Return");
  region = only_region (&f);
  assert_span (region, PERSON, 0, 12, NULL);
  g_assert_cmpstr (region->suggestion_id, ==, "sug-1");
  g_assert_cmpstr (limn_span_view_get_selected (f.view), ==, region->id);
  g_assert_cmpuint (limn_draft_get_n_suggestions (f.draft), ==, 2);

  /* Tab on; Delete rejects the next suggestion. */
  keys (&f, "Tab");
  g_assert_cmpstr (limn_span_view_get_selected (f.view), ==, "sug-2");
  keys (&f, "Delete");
  g_assert_cmpuint (limn_draft_get_n_suggestions (f.draft), ==, 1);

  /* A hotkey on a selected suggestion accepts it under that label. */
  keys (&f, "Tab");
  g_assert_cmpstr (limn_span_view_get_selected (f.view), ==, "sug-3");
  keys (&f, "3");
  g_assert_cmpuint (limn_draft_get_n_suggestions (f.draft), ==, 0);
  g_assert_cmpuint (limn_draft_get_n_regions (f.draft), ==, 2);
  assert_span (limn_draft_get_region (f.draft, 1), THING, 72, 78, NULL);

  /* Shift+Tab cycles back. */
  keys (&f, "Escape shift+Tab");
  g_assert_nonnull (limn_span_view_get_selected (f.view));

  fixture_close (&f);
}

static GString *
large_document (gsize target)
{
  static const char *paragraphs[] = {
    "The committee met on Tuesday to review the budget proposal submitted by the regional office, "
    "and after a long discussion about transport costs it asked for a revised estimate by the end of the month. ",
    "ذهب الوفد إلى المدينة لمناقشة الخطة الجديدة مع المسؤولين المحليين، وعاد بعد يومين بتقرير مفصل. ",
    "会議は火曜日に開かれ、地域事務所から提出された予算案について長い議論が行われた。 ",
    "Deploy went fine 🚀 — the team 👩‍💻👨‍💻 celebrated with 🍕 and 🇯🇵 snacks. ",
  };
  GString *s = g_string_new (NULL);
  guint i = 0;

  while (s->len < target)
    {
      guint repeat = 1 + (i * 7) % 5;

      for (guint r = 0; r < repeat; r++)
        g_string_append (s, paragraphs[i % G_N_ELEMENTS (paragraphs)]);
      g_string_append (s, i % 9 == 0 ? "\r\n" : "\n");
      i++;
    }
  g_string_append (s, "The very last sentence ends here.");

  return s;
}

static void
assert_description (Fixture    *f,
                    const char *expected)
{
  g_autofree char *wrong = gtk_test_accessible_check_property (GTK_ACCESSIBLE (f->view),
                                                               GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                                               expected);

  if (wrong != NULL)
    g_error ("accessible description: %s, expected %s", wrong, expected);
}

/* GTK 4.8 has no accessible text for the view, so its description says
 * what is selected: label and words. */
static void
test_accessible_selection (void)
{
  g_autoptr(GPtrArray) suggestions = g_ptr_array_new_with_free_func ((GDestroyNotify) limn_region_unref);
  Fixture f;

  g_ptr_array_add (suggestions, suggestion_new ("sug-1", PERSON, "Ada Lovelace", 0, 12, 0.8));
  fixture_open (&f, "Ada Lovelace wrote in London.", "en", LIMN_TEXT_DIRECTION_LTR, suggestions, 800, 260);

  assert_description (&f, "0 spans, 1 suggestion");
  keys (&f, "Tab");
  assert_description (&f, "0 spans, 1 suggestion. Selected suggestion: Person, “Ada Lovelace”");
  keys (&f, "Return");
  assert_description (&f, "1 span. Selected span: Person, “Ada Lovelace”");
  keys (&f, "2");
  assert_description (&f, "1 span. Selected span: Place, “Ada Lovelace”");
  keys (&f, "Escape");
  g_assert_null (limn_span_view_get_selected (f.view));
  assert_description (&f, "1 span");

  fixture_close (&f);
}

/* The pixel at (@x, @y) of a screenshot. */
static void
shot_pixel (const char *shot,
            int         x,
            int         y,
            guint8      rgb[3])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new_from_file (shot, &error);
  const guint8 *p;

  g_assert_no_error (error);
  p = gdk_pixbuf_read_pixels (pixbuf) + y * gdk_pixbuf_get_rowstride (pixbuf) +
      x * gdk_pixbuf_get_n_channels (pixbuf);
  memcpy (rgb, p, 3);
}

/* Issue 21: keyboard focus is visible. After Tab the view draws the accent
 * ring along its edge (the theme draws none for a custom widget). */
static void
test_focus_ring (void)
{
  g_autofree char *shot = NULL;
  guint8 rgb[3];
  Fixture f;

  fixture_open (&f, "Ada Lovelace wrote in London.", "en", LIMN_TEXT_DIRECTION_LTR, NULL, 800, 260);
  /* With nothing to select, Tab leaves the view and Shift+Tab comes back:
   * the window then marks focus as keyboard focus. */
  gtk_widget_grab_focus (f.widget);
  keys (&f, "Tab shift+Tab");
  limn_gui_test_spin (100);
  g_assert_true (gtk_widget_has_visible_focus (f.widget));
  shot = limn_gui_test_screenshot (f.widget, "span-view-focus-ring");
  shot_pixel (shot, gtk_widget_get_width (f.widget) / 2, 2, rgb);
  g_test_message ("ring pixel %02x%02x%02x", rgb[0], rgb[1], rgb[2]);
  /* #3584e4, give or take antialiasing. */
  g_assert_cmpint (ABS (rgb[0] - 0x35), <, 24);
  g_assert_cmpint (ABS (rgb[1] - 0x84), <, 24);
  g_assert_cmpint (ABS (rgb[2] - 0xe4), <, 24);

  fixture_close (&f);
}

static void
test_large_document (void)
{
  g_autoptr(GString) doc = large_document (1024 * 1024);
  g_autoptr(GPtrArray) suggestions = g_ptr_array_new_with_free_func ((GDestroyNotify) limn_region_unref);
  const LimnRegion *region;
  gint64 n_chars = g_utf8_strlen (doc->str, -1);
  gint64 t0;
  Fixture f;

  /* 10,000 suggestions spread over the text, some overlapping. */
  for (guint i = 0; i < 10000; i++)
    {
      g_autofree char *id = g_strdup_printf ("s%u", i);
      gint64 start = (n_chars - 200) * i / 10000;

      g_ptr_array_add (suggestions, suggestion_new (id, i % 2 ? PERSON : PLACE, NULL, start,
                                                    start + 5 + i % 40, 0.5));
    }

  t0 = g_get_monotonic_time ();
  fixture_open (&f, doc->str, "en", LIMN_TEXT_DIRECTION_AUTO, suggestions, 900, 600);
  g_test_message ("1 MB, 10,000 spans: window to first frame in %.0f ms",
                  (g_get_monotonic_time () - t0) / 1000.0);

  keys (&f, "ctrl+End ctrl+shift+Left ctrl+shift+Left 1");
  region = only_region (&f);
  assert_span (region, PERSON, n_chars - 10, n_chars, "ends here.");
  g_assert_cmpint (region->start, ==, cp_of (&f, "ends here.", 0));

  /* The view scrolled there and drew it. */
  g_assert_cmpfloat (gtk_adjustment_get_value (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (f.view))), >, 10000);

  /* The mouse wheel scrolls through the scrolled window's adjustment. */
  {
    GtkAdjustment *adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (f.view));
    double value;

    keys (&f, "ctrl+Home");
    value = gtk_adjustment_get_value (adj);
    limn_gui_test_scroll (f.widget, 300, 300, 5, 6, NULL);
    limn_gui_test_spin (200);
    g_assert_cmpfloat (gtk_adjustment_get_value (adj), >, value + 50);
  }

  /* Page Down and Page Up move the caret a page and scroll with it. */
  {
    GtkAdjustment *adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (f.view));
    gint64 start, end;
    double value;

    keys (&f, "ctrl+Home Page_Down Page_Down");
    g_free (screenshot (&f, "span-view-large"));
    limn_span_view_get_selection (f.view, &start, &end);
    value = gtk_adjustment_get_value (adj);
    g_assert_cmpint (start, >, 0);
    g_assert_cmpfloat (value, >, gtk_adjustment_get_page_size (adj));
    keys (&f, "Page_Up Page_Up");
    limn_span_view_get_selection (f.view, &start, &end);
    g_assert_cmpfloat (gtk_adjustment_get_value (adj), <, value);
    g_assert_cmpint (start, <, n_chars / 100);
  }

  /* Narrowing the window in the middle of the document keeps the caret's
   * text on screen: the anchor block stays put while heights change. */
  {
    GtkAdjustment *adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (f.view));
    gint64 middle = cp_of (&f, "Deploy went fine", 40);
    graphene_rect_t rect;
    double before;

    limn_span_view_set_selection (f.view, middle, middle);
    limn_gui_test_spin (100);
    g_assert_true (limn_span_view_cursor_rect (f.view, middle, NULL, &rect));
    before = rect.origin.y - gtk_adjustment_get_value (adj);
    g_assert_cmpfloat (before, >=, 0);
    g_assert_cmpfloat (before, <=, gtk_widget_get_height (f.widget));

    gtk_window_set_default_size (GTK_WINDOW (f.window), 600, 600);
    limn_gui_test_spin (300);
    g_assert_true (limn_span_view_cursor_rect (f.view, middle, NULL, &rect));
    g_test_message ("caret at y %.0f before, %.0f after narrowing", before,
                    rect.origin.y - gtk_adjustment_get_value (adj));
    g_assert_cmpfloat (rect.origin.y - gtk_adjustment_get_value (adj), >=, 0);
    g_assert_cmpfloat (rect.origin.y - gtk_adjustment_get_value (adj), <=, gtk_widget_get_height (f.widget));
  }

  /* And back to the top. */
  keys (&f, "ctrl+Home shift+ctrl+Right 2");
  g_assert_cmpuint (limn_draft_get_n_regions (f.draft), ==, 2);
  assert_span (limn_draft_get_region (f.draft, 1), PLACE, 0, 3, "The");
  g_assert_cmpfloat (gtk_adjustment_get_value (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (f.view))), <, 1);

  fixture_close (&f);
}

static void
test_clear_and_odd_text (void)
{
  Fixture f;

  /* Empty text, a lone newline, control characters: nothing may crash. */
  fixture_open (&f, "", "en", LIMN_TEXT_DIRECTION_AUTO, NULL, 500, 300);
  keys (&f, "ctrl+a 1 Right Left Up Down Tab Delete Return ctrl+End Page_Down");
  g_assert_cmpuint (limn_draft_get_n_regions (f.draft), ==, 0);

  limn_span_view_set_task (f.view, NULL, NULL, NULL);
  limn_gui_test_spin (50);
  keys (&f, "ctrl+a 1 Right Tab");
  g_assert_null (limn_span_view_get_selected (f.view));

  {
    g_autoptr(LimnTextIndex) odd = limn_text_index_new ("\n\r\n\t\x01 \xe2\x80\x8f\n   \n", -1, NULL);

    g_assert_nonnull (odd);
    limn_span_view_set_task (f.view, f.task, odd, f.draft);
    limn_gui_test_spin (50);
    keys (&f, "ctrl+a 1 Down Down End shift+Home 2 Page_Up Page_Down");
    /* White space is trimmed; what is left is a control character and a
     * mark, at most one span per hotkey. */
    g_assert_cmpuint (limn_draft_get_n_regions (f.draft), <=, 2);
  }

  fixture_close (&f);
}

int
main (int   argc,
      char *argv[])
{
  /* GTK's in-process test backend keeps accessible properties readable
   * (the suite's GTK_A11Y=none keeps none) without an a11y bus. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  limn_gui_test_init (&argc, &argv);
  adw_init ();

  g_test_add_func ("/gui/span-view/keys/latin", test_keys_latin);
  g_test_add_func ("/gui/span-view/keys/emoji", test_keys_emoji);
  g_test_add_func ("/gui/span-view/keys/crlf", test_keys_crlf);
  g_test_add_func ("/gui/span-view/keys/arabic", test_keys_arabic);
  g_test_add_func ("/gui/span-view/keys/japanese", test_keys_japanese);
  g_test_add_func ("/gui/span-view/keys/combining", test_keys_combining);
  g_test_add_func ("/gui/span-view/mouse", test_mouse);
  g_test_add_func ("/gui/span-view/overlap", test_overlap);
  g_test_add_func ("/gui/span-view/suggestions", test_suggestions);
  g_test_add_func ("/gui/span-view/accessible-selection", test_accessible_selection);
  g_test_add_func ("/gui/span-view/focus-ring", test_focus_ring);
  g_test_add_func ("/gui/span-view/large-document", test_large_document);
  g_test_add_func ("/gui/span-view/odd-text", test_clear_and_odd_text);

  return g_test_run ();
}
