/* bench-span-view.c
 *
 * The span view on a long multi-script document with many spans, against
 * GtkTextView holding the same text with one GtkTextTag per span, in one
 * run. Measures opening (to the first painted frame), resident memory, and
 * scroll frames (page steps and jumps, timed on the frame clock from
 * before-paint to after-paint, so layout and painting are both inside),
 * at 1, 2 and 4 MB to show how cost grows with size.
 *
 *   xvfb-run -a -s "-screen 0 1600x1000x24" build/bench/bench-span-view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <adwaita.h>

#include "limn-span-view.h"

#define MB              (1024 * 1024)
#define SPANS_PER_MB    10000
#define SCROLL_STEPS    100
#define JUMPS           20
#define WINDOW_WIDTH    1280
#define WINDOW_HEIGHT   900

static const char *latin[] = {
  "The committee met on Tuesday to review the budget proposal submitted by the regional office.",
  "After a long discussion about transport costs, it asked for a revised estimate by the end of the month.",
  "Several members pointed out that the figures for the northern district had not been updated since spring.",
  "Dr. Amelia Hart, who chaired the session, promised a written answer to every question raised.",
  "The next meeting will take place in Lyon, where the new depot is expected to open in October.",
  "Nobody expected the quarterly report to be finished on time, least of all the people writing it.",
};

static const char *arabic[] = {
  "ذهب الوفد إلى المدينة لمناقشة الخطة الجديدة مع المسؤولين المحليين.",
  "وعاد بعد يومين بتقرير مفصل عن حالة الطرق والمدارس في المنطقة الشمالية.",
  "قال رئيس اللجنة إن الميزانية ستراجع مرة أخرى قبل نهاية الشهر القادم.",
  "وأكد أن المشروع سيبدأ في القاهرة ثم ينتقل إلى الإسكندرية في الربيع.",
};

static const char *japanese[] = {
  "会議は火曜日に開かれ、地域事務所から提出された予算案について長い議論が行われた。",
  "委員の何人かは、北部地区の数字が春から更新されていないと指摘した。",
  "次回の会議は京都で開かれる予定で、新しい倉庫は十月に開業する見込みだ。",
  "報告書が期限内に完成すると思っていた人は、書いている本人を含めて誰もいなかった。",
};

static const char *emoji[] = {
  "Deploy went fine 🚀 and the team 👩‍💻👨‍💻 celebrated with 🍕 and 🇯🇵 snacks.",
  "Status: ✅ tests, ⚠️ two flaky checks, 👍🏽 from review, 🎉 shipped!",
  "The family 👨‍👩‍👧‍👦 photo got 42 ❤️ reactions and a 🔥 from grandma.",
};

/* A document of about @target bytes: paragraphs of 1 to 8 sentences in
 * Latin, Arabic, Japanese or emoji-rich English, some with CRLF endings,
 * and one 200 KB paragraph per megabyte. */
static GString *
make_document (gsize target)
{
  GString *s = g_string_sized_new (target + 4096);
  GRand *rand = g_rand_new_with_seed (42);
  gsize next_long = target / 3;
  guint paragraph = 0;

  while (s->len < target)
    {
      if (s->len >= next_long)
        {
          gsize end = s->len + 200 * 1024;

          while (s->len < end)
            {
              g_string_append (s, latin[g_rand_int_range (rand, 0, G_N_ELEMENTS (latin))]);
              g_string_append_c (s, ' ');
            }
          g_string_append (s, "\n");
          next_long += MB;
          continue;
        }

      {
        guint kind = g_rand_int_range (rand, 0, 10);
        guint n = g_rand_int_range (rand, 1, 9);

        for (guint i = 0; i < n; i++)
          {
            const char *sentence;

            if (kind < 5)
              sentence = latin[g_rand_int_range (rand, 0, G_N_ELEMENTS (latin))];
            else if (kind < 7)
              sentence = arabic[g_rand_int_range (rand, 0, G_N_ELEMENTS (arabic))];
            else if (kind < 9)
              sentence = japanese[g_rand_int_range (rand, 0, G_N_ELEMENTS (japanese))];
            else
              sentence = emoji[g_rand_int_range (rand, 0, G_N_ELEMENTS (emoji))];

            g_string_append (s, sentence);
            if (i + 1 < n)
              g_string_append_c (s, ' ');
          }
      }

      g_string_append (s, paragraph % 11 == 0 ? "\r\n" : "\n");
      paragraph++;
    }

  g_rand_free (rand);

  return s;
}

typedef struct
{
  gint64 start;
  gint64 end;
  char  *label;
  gboolean suggestion;
} Span;

static GArray *
make_spans (gint64 n_chars,
            guint  count)
{
  static const char *labels[] = { "person", "place", "thing" };
  GArray *spans = g_array_sized_new (FALSE, FALSE, sizeof (Span), count);
  GRand *rand = g_rand_new_with_seed (7);

  for (guint i = 0; i < count; i++)
    {
      Span span;

      span.start = g_rand_int_range (rand, 0, (gint32) MAX (n_chars - 40, 1));
      span.end = span.start + g_rand_int_range (rand, 2, 30);
      span.label = (char *) labels[i % 3];
      span.suggestion = i % 10 == 0;
      g_array_append_val (spans, span);
    }

  g_rand_free (rand);

  return spans;
}

static double
rss_mb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmRSS:");
  if (line == NULL)
    return -1;

  return g_ascii_strtod (line + 6, NULL) / 1024.0;
}

/* Frames */

typedef struct
{
  gint64 before;
  gint64 after;
  guint  n_after;
} FrameClockTimes;

static void
before_paint_cb (GdkFrameClock   *clock,
                 FrameClockTimes *times)
{
  times->before = g_get_monotonic_time ();
}

static void
after_paint_cb (GdkFrameClock   *clock,
                FrameClockTimes *times)
{
  times->after = g_get_monotonic_time ();
  times->n_after++;
}

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* Waits for the next painted frame; returns its duration in ms, or -1. */
static double
wait_frame (FrameClockTimes *times,
            guint            n_before)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (2000, timeout_cb, &timed_out);

  while (times->n_after == n_before && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!timed_out)
    g_source_remove (id);

  return timed_out ? -1 : (times->after - times->before) / 1000.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y;
}

typedef struct
{
  double median;
  double p95;
  double max;
} Stats;

static Stats
stats (GArray *values)
{
  Stats s = { 0, };

  if (values->len == 0)
    return s;

  g_array_sort (values, compare_doubles);
  s.median = g_array_index (values, double, values->len / 2);
  s.p95 = g_array_index (values, double, MIN (values->len - 1, values->len * 95 / 100));
  s.max = g_array_index (values, double, values->len - 1);

  return s;
}

typedef struct
{
  const char *name;
  double      open_ms;
  double      set_ms;     /* span view: set_task alone */
  double      index_ms;   /* span view: LimnTextIndex */
  double      draft_ms;   /* span view: regions and LimnDraft */
  double      rss_open;
  double      rss_scrolled;
  double      rss_base;
  Stats       page;
  Stats       jump;
  Stats       edit;       /* span view: label a selection, to the painted frame */
  double      scroll_wall_ms;
} Result;

/* Pages down SCROLL_STEPS times, then jumps around, one frame each. */
static void
measure_scrolling (GtkWidget       *scrollable,
                   FrameClockTimes *times,
                   Result          *result)
{
  GtkAdjustment *adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (scrollable));
  g_autoptr(GArray) pages = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) jumps = g_array_new (FALSE, FALSE, sizeof (double));
  GRand *rand = g_rand_new_with_seed (3);
  gint64 t0 = g_get_monotonic_time ();

  for (guint i = 0; i < SCROLL_STEPS; i++)
    {
      double page = gtk_adjustment_get_page_size (adj);
      double value = gtk_adjustment_get_value (adj) + page;
      guint n = times->n_after;
      double ms;

      if (value > gtk_adjustment_get_upper (adj) - page)
        value = 0;
      gtk_adjustment_set_value (adj, value);
      ms = wait_frame (times, n);
      if (ms >= 0)
        g_array_append_val (pages, ms);
    }

  for (guint i = 0; i < JUMPS; i++)
    {
      double upper = gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj);
      guint n = times->n_after;
      double ms;

      gtk_adjustment_set_value (adj, upper * g_rand_double (rand));
      ms = wait_frame (times, n);
      if (ms >= 0)
        g_array_append_val (jumps, ms);
    }

  result->scroll_wall_ms = (g_get_monotonic_time () - t0) / 1000.0;
  result->page = stats (pages);
  result->jump = stats (jumps);
  g_rand_free (rand);
}

typedef struct
{
  GtkWidget       *window;
  GtkWidget       *scrolled;
  FrameClockTimes  times;
  gulong           before_id;
  gulong           after_id;
  GdkFrameClock   *clock;
} Window;

static void
window_open (Window    *w,
             GtkWidget *child)
{
  memset (w, 0, sizeof *w);
  w->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (w->window), WINDOW_WIDTH, WINDOW_HEIGHT);
  w->scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (w->scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (w->scrolled), child);
  gtk_window_set_child (GTK_WINDOW (w->window), w->scrolled);
  gtk_window_present (GTK_WINDOW (w->window));

  while (!gtk_widget_get_mapped (w->window))
    g_main_context_iteration (NULL, TRUE);
  spin (300);

  w->clock = g_object_ref (gtk_widget_get_frame_clock (w->window));
  w->before_id = g_signal_connect (w->clock, "before-paint", G_CALLBACK (before_paint_cb), &w->times);
  w->after_id = g_signal_connect (w->clock, "after-paint", G_CALLBACK (after_paint_cb), &w->times);
}

static void
window_close (Window *w)
{
  g_clear_signal_handler (&w->before_id, w->clock);
  g_clear_signal_handler (&w->after_id, w->clock);
  g_clear_object (&w->clock);
  gtk_window_destroy (GTK_WINDOW (w->window));
  spin (100);
}

static void
first_frame_cb (LimnSpanView *view,
                gint64       *when)
{
  *when = g_get_monotonic_time ();
}

static LimnProject *
make_project (void)
{
  LimnProject *project = limn_project_new ("bench", "Bench", LIMN_PROJECT_TEXT);
  g_autoptr(LimnLabel) person = limn_label_new ("person", "Person", "#3584e4", "1");
  g_autoptr(LimnLabel) place = limn_label_new ("place", "Place", "#e66100", "2");
  g_autoptr(LimnLabel) thing = limn_label_new ("thing", "Thing", "#2ec27e", "3");

  limn_project_add_label (project, person);
  limn_project_add_label (project, place);
  limn_project_add_label (project, thing);

  return project;
}

static void
bench_span_view (const GString *doc,
                 const GArray  *spans,
                 LimnProject   *project,
                 Result        *result)
{
  g_autoptr(LimnTask) task = limn_task_new ("t", "bench", LIMN_TASK_TEXT, 1, "Bench");
  GtkWidget *view = limn_span_view_new ();
  Window w;
  gint64 first_frame = 0;
  gint64 t0, t_set;

  window_open (&w, view);
  limn_span_view_set_project (LIMN_SPAN_VIEW (view), project);
  g_signal_connect (view, "first-frame", G_CALLBACK (first_frame_cb), &first_frame);
  limn_task_set_language (task, "en", LIMN_TEXT_DIRECTION_AUTO);
  result->rss_base = rss_mb ();

  t0 = g_get_monotonic_time ();
  {
    g_autoptr(LimnTextIndex) text = limn_text_index_new (doc->str, doc->len, NULL);
    g_autoptr(LimnAnnotation) annotation = limn_annotation_new (NULL, "t", "bench");
    g_autoptr(GPtrArray) suggestions = g_ptr_array_new_with_free_func ((GDestroyNotify) limn_region_unref);
    g_autoptr(LimnDraft) draft = NULL;
    gint64 t_index = g_get_monotonic_time ();

    result->index_ms = (t_index - t0) / 1000.0;
    for (guint i = 0; i < spans->len; i++)
      {
        const Span *span = &g_array_index (spans, Span, i);
        g_autofree char *id = g_strdup_printf ("r%u", i);
        g_autofree char *covered = limn_text_index_substring (text, span->start, span->end);
        LimnRegion *region = limn_region_new_span (id, span->label, span->start, span->end, covered);

        if (span->suggestion)
          {
            limn_region_set_model (region, 0.75, "bench-model", NULL);
            g_ptr_array_add (suggestions, region);
          }
        else
          g_ptr_array_add (annotation->regions, region);
      }
    draft = limn_draft_new (annotation, suggestions, NULL);

    t_set = g_get_monotonic_time ();
    result->draft_ms = (t_set - t_index) / 1000.0;
    limn_span_view_set_task (LIMN_SPAN_VIEW (view), task, text, draft);
    while (first_frame == 0)
      g_main_context_iteration (NULL, TRUE);
  }

  result->open_ms = (first_frame - t0) / 1000.0;
  result->set_ms = (first_frame - t_set) / 1000.0;
  result->rss_open = rss_mb ();

  measure_scrolling (view, &w.times, result);
  result->rss_scrolled = rss_mb ();

  /* Labeling: the draft changes, the view rebuilds its span index (all
   * spans) and repaints. Timed from the hotkey's call to the painted frame. */
  {
    g_autoptr(GArray) edits = g_array_new (FALSE, FALSE, sizeof (double));
    gint64 n_chars = g_utf8_strlen (doc->str, doc->len);
    GRand *rand = g_rand_new_with_seed (11);

    for (guint i = 0; i < 20; i++)
      {
        gint64 start = g_rand_int_range (rand, 0, (gint32) (n_chars - 50));
        gint64 t;
        guint n;

        limn_span_view_set_selection (LIMN_SPAN_VIEW (view), start, start + 12);
        n = w.times.n_after;
        wait_frame (&w.times, n);

        n = w.times.n_after;
        t = g_get_monotonic_time ();
        limn_span_view_apply_label (LIMN_SPAN_VIEW (view), "place");
        if (wait_frame (&w.times, n) >= 0)
          {
            double ms = (w.times.after - t) / 1000.0;

            g_array_append_val (edits, ms);
          }
      }
    result->edit = stats (edits);
    g_rand_free (rand);
  }

  limn_span_view_set_task (LIMN_SPAN_VIEW (view), NULL, NULL, NULL);
  window_close (&w);
}

static void
bench_text_view (const GString *doc,
                 const GArray  *spans,
                 Result        *result)
{
  GtkWidget *view = gtk_text_view_new ();
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  const GdkRGBA colors[] = {
    { 0x35 / 255., 0x84 / 255., 0xe4 / 255., 0.28 },
    { 0xe6 / 255., 0x61 / 255., 0x00 / 255., 0.28 },
    { 0x2e / 255., 0xc2 / 255., 0x7e / 255., 0.28 },
  };
  Window w;
  gint64 t0;
  guint n;

  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_editable (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_pixels_below_lines (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 32);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 32);
  window_open (&w, view);
  result->rss_base = rss_mb ();

  t0 = g_get_monotonic_time ();
  gtk_text_buffer_set_text (buffer, doc->str, doc->len);
  for (guint i = 0; i < spans->len; i++)
    {
      const Span *span = &g_array_index (spans, Span, i);
      GtkTextTag *tag = gtk_text_buffer_create_tag (buffer, NULL,
                                                    "background-rgba", &colors[i % 3],
                                                    "underline", span->suggestion ? PANGO_UNDERLINE_SINGLE
                                                                                  : PANGO_UNDERLINE_NONE,
                                                    NULL);
      GtkTextIter start, end;

      gtk_text_buffer_get_iter_at_offset (buffer, &start, (int) span->start);
      gtk_text_buffer_get_iter_at_offset (buffer, &end, (int) span->end);
      gtk_text_buffer_apply_tag (buffer, tag, &start, &end);
    }
  n = w.times.n_after;
  wait_frame (&w.times, n);
  result->open_ms = (w.times.after - t0) / 1000.0;
  result->set_ms = result->open_ms;
  result->rss_open = rss_mb ();

  measure_scrolling (view, &w.times, result);
  result->rss_scrolled = rss_mb ();

  window_close (&w);
}

static void
print_result (const Result *r)
{
  printf ("  %-26s open %7.1f ms (index %5.1f, draft %5.1f, set_task %5.1f) | RSS %6.1f MB (+%5.1f open, +%5.1f scrolled)"
          " | page frame median %5.2f p95 %5.2f max %6.2f ms | jump median %5.2f p95 %6.2f ms"
          " | 120 steps %5.0f ms wall",
          r->name, r->open_ms, r->index_ms, r->draft_ms, r->set_ms, r->rss_scrolled, r->rss_open - r->rss_base,
          r->rss_scrolled - r->rss_base, r->page.median, r->page.p95, r->page.max,
          r->jump.median, r->jump.p95, r->scroll_wall_ms);
  if (r->edit.median > 0)
    printf (" | label a span median %5.2f p95 %5.2f ms", r->edit.median, r->edit.p95);
  printf ("\n");
}

static const char *
verdict (gboolean ok)
{
  return ok ? "ok" : "MISSED";
}

/* Child: one measurement in a fresh process, so resident memory is its own.
 * Prints one line the parent parses. */
static int
run_child (const char *kind,
           gsize       size)
{
  g_autoptr(GString) doc = make_document (size);
  gint64 n_chars = g_utf8_strlen (doc->str, doc->len);
  guint n_spans = (guint) (SPANS_PER_MB * size / MB);
  g_autoptr(GArray) spans = make_spans (n_chars, n_spans);
  Result r = { 0, };

  adw_init ();

  if (g_str_equal (kind, "textview"))
    bench_text_view (doc, spans, &r);
  else
    {
      g_autoptr(LimnProject) project = make_project ();

      bench_span_view (doc, spans, project, &r);
    }

  printf ("RESULT %zu %" G_GINT64_FORMAT " %u %.3f %.3f %.3f %.3f %.3f %.3f %.3f %.3f %.3f %.3f %.3f %.3f %.3f %.3f %.3f\n",
          doc->len, n_chars, n_spans, r.open_ms, r.index_ms, r.draft_ms, r.set_ms, r.rss_base, r.rss_open, r.rss_scrolled,
          r.page.median, r.page.p95, r.page.max, r.jump.median, r.jump.p95, r.scroll_wall_ms, r.edit.median, r.edit.p95);

  return 0;
}

static gboolean
run_measurement (const char *self_path,
                 const char *kind,
                 gsize       size,
                 Result     *r)
{
  g_autofree char *size_arg = g_strdup_printf ("%zu", size);
  const char *argv[] = { self_path, "--child", kind, size_arg, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  gsize doc_len = 0;
  gint64 n_chars = 0;
  guint n_spans = 0;
  const char *line;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    {
      g_printerr ("%s %zu: %s\n", kind, size, error->message);
      return FALSE;
    }

  line = out ? strstr (out, "RESULT ") : NULL;
  if (line == NULL ||
      sscanf (line, "RESULT %zu %" G_GINT64_FORMAT " %u %lf %lf %lf %lf %lf %lf %lf %lf %lf %lf %lf %lf %lf %lf %lf",
              &doc_len, &n_chars, &n_spans, &r->open_ms, &r->index_ms, &r->draft_ms, &r->set_ms, &r->rss_base, &r->rss_open,
              &r->rss_scrolled, &r->page.median, &r->page.p95, &r->page.max, &r->jump.median,
              &r->jump.p95, &r->scroll_wall_ms, &r->edit.median, &r->edit.p95) != 18)
    {
      g_printerr ("%s %zu: no result\n", kind, size);
      return FALSE;
    }

  printf ("%s: %zu bytes, %" G_GINT64_FORMAT " code points, %u spans (10%% suggestions)\n",
          kind, doc_len, n_chars, n_spans);
  print_result (r);
  fflush (stdout);

  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  Result results[3] = { 0, };
  Result baseline = { 0, };
  const gsize sizes[] = { 1 * MB, 2 * MB, 4 * MB };
  gboolean with_baseline = TRUE;
  g_autofree char *self_path = NULL;
  GtkWidget *probe;
  GskRenderer *renderer;

  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("GTK_A11Y", "none", FALSE);
  g_setenv ("NO_AT_BRIDGE", "1", FALSE);

  if (argc == 4 && g_str_equal (argv[1], "--child"))
    return run_child (argv[2], g_ascii_strtoull (argv[3], NULL, 10));

  for (int i = 1; i < argc; i++)
    if (g_str_equal (argv[i], "--no-baseline"))
      with_baseline = FALSE;

  self_path = g_file_read_link ("/proc/self/exe", NULL);
  if (self_path == NULL)
    self_path = g_strdup (argv[0]);

  adw_init ();
  probe = gtk_window_new ();
  gtk_window_present (GTK_WINDOW (probe));
  while (!gtk_widget_get_mapped (probe))
    g_main_context_iteration (NULL, TRUE);
  renderer = gtk_native_get_renderer (GTK_NATIVE (probe));
  printf ("bench-span-view: renderer %s (GSK_RENDERER=%s), GTK %u.%u.%u, window %dx%d, %u page steps + %u jumps;\n"
          "each measurement in a fresh child process (RSS is that process's)\n\n",
          G_OBJECT_TYPE_NAME (renderer), g_getenv ("GSK_RENDERER"),
          gtk_get_major_version (), gtk_get_minor_version (), gtk_get_micro_version (),
          WINDOW_WIDTH, WINDOW_HEIGHT, SCROLL_STEPS, JUMPS);
  gtk_window_destroy (GTK_WINDOW (probe));

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      results[i].name = i == 0 ? "span view 1 MB/10k" : i == 1 ? "span view 2 MB/20k" : "span view 4 MB/40k";
      if (!run_measurement (self_path, "spanview", sizes[i], &results[i]))
        return 1;
    }

  if (with_baseline)
    {
      baseline.name = "GtkTextView 1 MB/10k tags";
      if (!run_measurement (self_path, "textview", sizes[0], &baseline))
        return 1;
    }

  printf ("\nGrowth of the span view (linear: 2.00 and 4.00):\n");
  printf ("  open (text index + draft + view)  2 MB/1 MB %.2f   4 MB/1 MB %.2f\n",
          results[1].open_ms / results[0].open_ms, results[2].open_ms / results[0].open_ms);
  printf ("  set_task to first frame           2 MB/1 MB %.2f   4 MB/1 MB %.2f\n",
          results[1].set_ms / results[0].set_ms, results[2].set_ms / results[0].set_ms);
  printf ("  RSS growth after scrolling        2 MB/1 MB %.2f   4 MB/1 MB %.2f\n",
          (results[1].rss_scrolled - results[1].rss_base) / (results[0].rss_scrolled - results[0].rss_base),
          (results[2].rss_scrolled - results[2].rss_base) / (results[0].rss_scrolled - results[0].rss_base));
  printf ("  page frame median                 2 MB/1 MB %.2f   4 MB/1 MB %.2f  (flat: 1.00)\n",
          results[1].page.median / results[0].page.median, results[2].page.median / results[0].page.median);

  if (with_baseline)
    {
      printf ("\nSpan view / GtkTextView, same 1 MB text and 10,000 spans (< 1: the span view is faster or smaller):\n");
      printf ("  open          %.3f  (%.1f ms vs %.1f ms)\n", results[0].open_ms / baseline.open_ms,
              results[0].open_ms, baseline.open_ms);
      printf ("  page frame    %.3f  (median %.2f vs %.2f ms), p95 %.3f (%.2f vs %.2f ms)\n",
              results[0].page.median / baseline.page.median, results[0].page.median, baseline.page.median,
              results[0].page.p95 / baseline.page.p95, results[0].page.p95, baseline.page.p95);
      printf ("  jump frame    %.3f  (median %.2f vs %.2f ms), p95 %.3f (%.2f vs %.2f ms)\n",
              results[0].jump.median / baseline.jump.median, results[0].jump.median, baseline.jump.median,
              results[0].jump.p95 / baseline.jump.p95, results[0].jump.p95, baseline.jump.p95);
      printf ("  scroll wall   %.3f  (%.0f vs %.0f ms for 120 steps)\n",
              results[0].scroll_wall_ms / baseline.scroll_wall_ms, results[0].scroll_wall_ms,
              baseline.scroll_wall_ms);
      printf ("  RSS           %.3f  (%.1f vs %.1f MB after scrolling)\n",
              results[0].rss_scrolled / baseline.rss_scrolled, results[0].rss_scrolled, baseline.rss_scrolled);
    }

  printf ("\nTargets (design §11) at 1 MB/10k: open <= 500 ms: %s (%.0f ms); page frame p95 <= 8 ms: %s (%.2f ms);"
          " RSS <= 150 MB: %s (%.1f MB)\n",
          verdict (results[0].open_ms <= 500), results[0].open_ms,
          verdict (results[0].page.p95 <= 8), results[0].page.p95,
          verdict (results[0].rss_scrolled <= 150), results[0].rss_scrolled);

  return 0;
}
