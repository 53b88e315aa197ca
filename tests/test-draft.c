/* test-draft.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "model/limn-draft.h"

typedef struct
{
  GPtrArray    *events;   /* LimnEvent */
  LimnClock    *clock;
  LimnEventLog *log;
  LimnDraft    *draft;
  guint         changed;
} Fixture;

static void
collect_event (LimnEvent *event,
               gpointer   data)
{
  g_ptr_array_add (data, event);
}

static void
changed_cb (LimnDraft *draft,
            gpointer   data)
{
  ((Fixture *)data)->changed++;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(LimnAnnotation) annotation = limn_annotation_new (NULL, "task-1", "alice");
  g_autoptr(GPtrArray) suggestions = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_region_unref);
  LimnBox b1 = { 10, 10, 50, 40 };
  LimnBox b2 = { 100, 100, 20, 20 };
  LimnRegion *s;

  s = limn_region_new_box ("sug-1", "person", &b1);
  limn_region_set_model (s, 0.91, "det-1", NULL);
  g_ptr_array_add (suggestions, s);
  s = limn_region_new_box ("sug-2", "car", &b2);
  limn_region_set_model (s, 0.42, "det-1", NULL);
  g_ptr_array_add (suggestions, s);

  f->events = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_event_free);
  f->clock = limn_clock_new_fake (1700000000000000, 1000);
  f->log = limn_event_log_new ("session-1", "alice", f->clock, collect_event,
                               g_ptr_array_ref (f->events), (GDestroyNotify)g_ptr_array_unref);
  limn_event_log_set_context (f->log, "project-1", "task-1");
  f->draft = limn_draft_new (annotation, suggestions, f->log);
  g_signal_connect (f->draft, "changed", G_CALLBACK (changed_cb), f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->draft);
  g_clear_object (&f->log);
  g_clear_object (&f->clock);
  g_clear_pointer (&f->events, g_ptr_array_unref);
}

static const LimnEvent *
last_event (Fixture *f)
{
  g_assert_cmpuint (f->events->len, >, 0);
  return g_ptr_array_index (f->events, f->events->len - 1);
}

static JsonObject *
parse_payload (const LimnEvent *event)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_true (json_parser_load_from_data (parser, event->payload, -1, NULL));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
test_add_move_resize_delete (Fixture       *f,
                             gconstpointer  data)
{
  LimnBox box = { 1, 2, 30, 40 };
  LimnBox moved = { 5, 6, 30, 40 };
  LimnBox resized = { 5, 6, 60, 40 };
  g_autoptr(LimnRegion) region = limn_region_new_box (NULL, "person", &box);
  g_autoptr(JsonObject) payload = NULL;
  char *id = g_strdup (region->id);

  g_assert_true (limn_draft_add_region (f->draft, region));
  g_assert_false (limn_draft_add_region (f->draft, region)); /* same id twice */
  g_assert_cmpuint (limn_draft_get_n_regions (f->draft), ==, 1);
  g_assert_cmpstr (last_event (f)->type, ==, LIMN_EVENT_REGION_CREATED);
  g_assert_cmpstr (last_event (f)->task_id, ==, "task-1");
  g_assert_cmpstr (last_event (f)->session_id, ==, "session-1");

  g_assert_true (limn_draft_move_region (f->draft, id, &moved));
  g_assert_cmpstr (last_event (f)->type, ==, LIMN_EVENT_REGION_MOVED);
  payload = parse_payload (last_event (f));
  g_assert_cmpfloat (json_array_get_double_element (json_object_get_array_member (payload, "from"), 0), ==, 1);
  g_assert_cmpfloat (json_array_get_double_element (json_object_get_array_member (payload, "to"), 0), ==, 5);

  /* Setting the same box again is no edit and logs nothing. */
  g_assert_false (limn_draft_move_region (f->draft, id, &moved));
  g_assert_cmpuint (f->events->len, ==, 2);

  g_assert_true (limn_draft_resize_region (f->draft, id, &resized));
  g_assert_cmpstr (last_event (f)->type, ==, LIMN_EVENT_REGION_RESIZED);
  g_assert_cmpfloat (limn_draft_lookup_region (f->draft, id)->box.w, ==, 60);

  g_assert_true (limn_draft_set_region_label (f->draft, id, "car"));
  g_assert_cmpstr (last_event (f)->type, ==, LIMN_EVENT_LABEL_CHANGED);
  g_assert_cmpstr (limn_draft_lookup_region (f->draft, id)->label_id, ==, "car");

  g_assert_true (limn_draft_set_region_confidence (f->draft, id, 0.8));
  g_assert_cmpfloat (limn_draft_lookup_region (f->draft, id)->confidence, ==, 0.8);
  g_assert_false (limn_draft_set_region_confidence (f->draft, id, 1.5));

  g_assert_true (limn_draft_remove_region (f->draft, id));
  g_assert_cmpstr (last_event (f)->type, ==, LIMN_EVENT_REGION_DELETED);
  g_assert_cmpuint (limn_draft_get_n_regions (f->draft), ==, 0);
  g_assert_false (limn_draft_remove_region (f->draft, id));
  g_assert_false (limn_draft_move_region (f->draft, "nope", &moved));

  g_assert_cmpuint (f->changed, ==, 6);
  g_assert_cmpuint (limn_draft_get_version (f->draft), ==, 6);
  g_free (id);
}

static void
test_undo_redo (Fixture       *f,
                gconstpointer  data)
{
  LimnBox box = { 1, 2, 30, 40 };
  LimnBox moved = { 50, 60, 30, 40 };
  g_autoptr(LimnRegion) a = limn_region_new_box (NULL, "person", &box);
  g_autoptr(LimnRegion) b = limn_region_new_box (NULL, "car", &box);

  g_assert_false (limn_draft_get_can_undo (f->draft));
  limn_draft_add_region (f->draft, a);
  limn_draft_add_region (f->draft, b);
  limn_draft_move_region (f->draft, a->id, &moved);
  limn_draft_remove_region (f->draft, a->id);
  g_assert_cmpuint (limn_draft_get_n_regions (f->draft), ==, 1);

  /* Undoing the delete puts a back where it was: first, at its moved place. */
  g_assert_true (limn_draft_undo (f->draft));
  g_assert_cmpstr (last_event (f)->type, ==, LIMN_EVENT_UNDO);
  g_assert_cmpuint (limn_draft_get_n_regions (f->draft), ==, 2);
  g_assert_cmpstr (limn_draft_get_region (f->draft, 0)->id, ==, a->id);
  g_assert_cmpfloat (limn_draft_get_region (f->draft, 0)->box.x, ==, 50);

  g_assert_true (limn_draft_undo (f->draft));
  g_assert_cmpfloat (limn_draft_lookup_region (f->draft, a->id)->box.x, ==, 1);
  g_assert_true (limn_draft_get_can_redo (f->draft));

  g_assert_true (limn_draft_redo (f->draft));
  g_assert_cmpstr (last_event (f)->type, ==, LIMN_EVENT_REDO);
  g_assert_cmpfloat (limn_draft_lookup_region (f->draft, a->id)->box.x, ==, 50);

  /* A new edit clears redo. */
  limn_draft_set_confidence (f->draft, 0.6);
  g_assert_false (limn_draft_get_can_redo (f->draft));
  g_assert_cmpfloat (limn_draft_get_confidence (f->draft), ==, 0.6);
  g_assert_true (limn_draft_undo (f->draft));
  g_assert_cmpfloat (limn_draft_get_confidence (f->draft), <, 0);

  while (limn_draft_undo (f->draft))
    ;
  g_assert_cmpuint (limn_draft_get_n_regions (f->draft), ==, 0);
  g_assert_false (limn_draft_get_can_undo (f->draft));
  g_assert_false (limn_draft_undo (f->draft));
}

static void
test_suggestions (Fixture       *f,
                  gconstpointer  data)
{
  const char *id;
  const LimnRegion *accepted;
  g_autoptr(LimnAnnotation) snap = NULL;

  g_assert_cmpuint (limn_draft_get_n_suggestions (f->draft), ==, 2);

  id = limn_draft_accept_suggestion (f->draft, "sug-1");
  g_assert_nonnull (id);
  accepted = limn_draft_lookup_region (f->draft, id);
  g_assert_cmpstr (accepted->suggestion_id, ==, "sug-1");
  g_assert_cmpint (accepted->source, ==, LIMN_REGION_SOURCE_MODEL);
  g_assert_cmpfloat (accepted->score, ==, 0.91);
  g_assert_cmpfloat (accepted->confidence, <, 0); /* the annotator's own is unset */
  g_assert_cmpstr (last_event (f)->type, ==, LIMN_EVENT_SUGGESTION_ACCEPTED);
  g_assert_cmpuint (limn_draft_get_n_suggestions (f->draft), ==, 1);
  g_assert_null (limn_draft_lookup_suggestion (f->draft, "sug-1"));
  g_assert_null (limn_draft_accept_suggestion (f->draft, "sug-1"));

  g_assert_true (limn_draft_reject_suggestion (f->draft, "sug-2"));
  g_assert_cmpuint (limn_draft_get_n_suggestions (f->draft), ==, 0);

  snap = limn_draft_snapshot (f->draft, 1234, 5678);
  g_assert_cmpuint (snap->regions->len, ==, 1);
  g_assert_cmpuint (snap->rejected->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (snap->rejected, 0), ==, "sug-2");
  g_assert_cmpint (snap->active_ms, ==, 1234);
  g_assert_cmpint (snap->wall_ms, ==, 5678);

  /* Undo the rejection and the acceptance: both suggestions are back. */
  g_assert_true (limn_draft_undo (f->draft));
  g_assert_true (limn_draft_undo (f->draft));
  g_assert_cmpuint (limn_draft_get_n_suggestions (f->draft), ==, 2);
  g_assert_cmpuint (limn_draft_get_n_regions (f->draft), ==, 0);

  /* A draft reopened from the snapshot hides what was decided. */
  {
    g_autoptr(LimnDraft) reopened = NULL;
    g_autoptr(GPtrArray) suggestions = g_ptr_array_new ();

    for (guint i = 0; i < 2; i++)
      g_ptr_array_add (suggestions, (gpointer)limn_draft_get_suggestion (f->draft, i));
    reopened = limn_draft_new (snap, suggestions, NULL);
    g_assert_cmpuint (limn_draft_get_n_regions (reopened), ==, 1);
    g_assert_cmpuint (limn_draft_get_n_suggestions (reopened), ==, 0);
  }
}

static void
test_accept_all_is_one_step (Fixture       *f,
                             gconstpointer  data)
{
  g_assert_cmpuint (limn_draft_accept_all_suggestions (f->draft), ==, 2);
  g_assert_cmpuint (limn_draft_get_n_regions (f->draft), ==, 2);
  g_assert_true (limn_draft_undo (f->draft));
  g_assert_cmpuint (limn_draft_get_n_regions (f->draft), ==, 0);
  g_assert_false (limn_draft_get_can_undo (f->draft));
  g_assert_true (limn_draft_redo (f->draft));
  g_assert_cmpuint (limn_draft_get_n_regions (f->draft), ==, 2);
}

static void
test_spans (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(LimnRegion) span = limn_region_new_span (NULL, "person", 3, 8, "hello");

  g_assert_true (limn_draft_add_region (f->draft, span));
  g_assert_true (limn_draft_resize_span (f->draft, span->id, 2, 8, "ahello"));
  g_assert_cmpint (limn_draft_lookup_region (f->draft, span->id)->start, ==, 2);
  g_assert_cmpstr (limn_draft_lookup_region (f->draft, span->id)->text, ==, "ahello");
  g_assert_false (limn_draft_resize_span (f->draft, span->id, 9, 8, "x"));
  /* A box edit does not apply to a span. */
  {
    LimnBox b = { 0, 0, 1, 1 };
    g_assert_false (limn_draft_move_region (f->draft, span->id, &b));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/draft/edits", test_add_move_resize_delete);
  ADD ("/draft/undo-redo", test_undo_redo);
  ADD ("/draft/suggestions", test_suggestions);
  ADD ("/draft/accept-all", test_accept_all_is_one_step);
  ADD ("/draft/spans", test_spans);
#undef ADD

  return g_test_run ();
}
