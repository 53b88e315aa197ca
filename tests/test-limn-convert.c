/* test-limn-convert.c
 *
 * The built limn-convert, run as a user would: --help on every command,
 * `inspect` printing one JSON document (and failing only when nothing
 * could be read), and conversions saying what they lost.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>

#include "limn-formats-test.h"

typedef struct
{
  char *out;
  char *err;
  int   status;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* Runs limn-convert with @args (NULL-terminated); status is the exit code. */
static void
run (Run *result,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *binary = g_getenv ("LIMN_CONVERT_BINARY");
  int wait_status = 0;
  const char *arg;
  va_list args;

  g_assert_nonnull (binary);
  g_ptr_array_add (argv, (gpointer) binary);
  va_start (args, result);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &result->out, &result->err, &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  result->status = WEXITSTATUS (wait_status);
  g_test_message ("status %d\nstdout: %s\nstderr: %s", result->status, result->out, result->err);
}

static JsonObject *
parse (JsonParser *parser,
       const char *text)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_node_get_object (json_parser_get_root (parser));
}

static void
test_help (void)
{
  const char *commands[][2] = {
    { "--help", NULL }, { "inspect", "--help" }, { "formats", "--help" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_auto(Run) r = { 0 };

      run (&r, commands[i][0], commands[i][1], NULL);
      g_assert_cmpint (r.status, ==, 0);
      g_assert_nonnull (strstr (r.out, "Usage:"));
    }

  /* Wrong use: usage on stderr, status 2. */
  {
    g_auto(Run) r = { 0 };

    run (&r, "only-one-path", NULL);
    g_assert_cmpint (r.status, ==, 2);
    g_assert_nonnull (strstr (r.err, "--to"));
  }
}

static void
test_formats (void)
{
  g_auto(Run) r = { 0 };

  run (&r, "formats", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "coco"));
  g_assert_nonnull (strstr (r.out, "brat"));
  g_assert_nonnull (strstr (r.out, "label-studio"));
}

static const char labelme[] =
  "{\"shapes\": [\n"
  "  {\"label\": \"car\", \"points\": [[10, 20], [60, 50]], \"shape_type\": \"rectangle\"},\n"
  "  {\"label\": \"car\", \"points\": [[10, 10], [30, 12], [20, 40]], \"shape_type\": \"polygon\"}\n"
  "], \"imagePath\": \"car.png\", \"imageHeight\": 80, \"imageWidth\": 100}\n";

static void
test_inspect_boxes (void)
{
  g_autofree char *dir = limn_test_mkdtemp ();
  g_autofree char *path = fx_write (dir, "car.json", labelme);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(Run) r = { 0 };
  JsonObject *root, *box, *problem;
  JsonArray *boxes, *problems;

  run (&r, "inspect", path, NULL);
  g_assert_cmpint (r.status, ==, 0);
  root = parse (parser, r.out);
  g_assert_cmpstr (json_object_get_string_member (root, "format"), ==, "labelme");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (root, "counts"), "boxes"), ==, 2);

  boxes = json_object_get_array_member (root, "boxes");
  box = json_array_get_object_element (boxes, 0);
  g_assert_cmpstr (json_object_get_string_member (box, "image"), ==, "car.png");
  g_assert_cmpstr (json_object_get_string_member (box, "label"), ==, "car");
  g_assert_cmpfloat (json_object_get_double_member (box, "x"), ==, 10);
  g_assert_cmpfloat (json_object_get_double_member (box, "y"), ==, 20);
  g_assert_cmpfloat (json_object_get_double_member (box, "w"), ==, 50);
  g_assert_cmpfloat (json_object_get_double_member (box, "h"), ==, 30);

  problems = json_object_get_array_member (root, "problems");
  g_assert_cmpuint (json_array_get_length (problems), >=, 1);
  problem = json_array_get_object_element (problems, 0);
  g_assert_cmpstr (json_object_get_string_member (problem, "where"), ==, "car.json:3");
  g_assert_cmpstr (json_object_get_string_member (problem, "kind"), ==, "polygon-to-box");
  g_assert_cmpstr (json_object_get_string_member (problem, "action"), ==, "converted");
  g_assert_true (json_object_has_member (problem, "detail"));

  limn_test_rm_rf (dir);
}

static void
test_inspect_spans (void)
{
  g_autofree char *dir = limn_test_mkdtemp ();
  g_autofree char *path = fx_write (dir, "d.jsonl", "{\"id\": 4, \"text\": \"Hi 😀 Ann\", \"label\": [[6, 9, \"PER\"]]}\n");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(Run) r = { 0 };
  JsonObject *root, *span;

  run (&r, "inspect", path, NULL);
  g_assert_cmpint (r.status, ==, 0);
  root = parse (parser, r.out);
  g_assert_cmpstr (json_object_get_string_member (root, "format"), ==, "doccano");
  span = json_array_get_object_element (json_object_get_array_member (root, "spans"), 0);
  g_assert_cmpstr (json_object_get_string_member (span, "doc"), ==, "4");
  g_assert_cmpint (json_object_get_int_member (span, "start"), ==, 5);
  g_assert_cmpint (json_object_get_int_member (span, "end"), ==, 8);
  g_assert_cmpstr (json_object_get_string_member (span, "text"), ==, "Ann");

  limn_test_rm_rf (dir);
}

static void
test_inspect_nothing (void)
{
  g_autofree char *dir = limn_test_mkdtemp ();
  g_autofree char *garbage = fx_write (dir, "x.bin", "\x01\x02 nothing here");
  g_autofree char *broken = fx_write (dir, "broken.json", "{\"shapes\": [");
  g_autofree char *voc = g_build_filename (dir, "voc", NULL);
  g_autofree char *bad_xml = fx_write (voc, "a.xml", "<annotation><object></annotation>");

  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_auto(Run) r = { 0 };
    JsonObject *root;

    run (&r, "inspect", garbage, NULL);
    g_assert_cmpint (r.status, !=, 0);
    root = parse (parser, r.out);
    g_assert_true (json_object_has_member (root, "error"));
  }

  {
    g_auto(Run) r = { 0 };

    run (&r, "inspect", broken, "--format", "labelme", NULL);
    g_assert_cmpint (r.status, !=, 0);
    g_assert_nonnull (strstr (r.err, "not valid JSON"));
  }

  /* A folder whose every file is broken: read, but nothing in it. */
  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_auto(Run) r = { 0 };
    JsonObject *root;

    run (&r, "inspect", voc, "--format", "voc", NULL);
    g_assert_cmpint (r.status, !=, 0);
    root = parse (parser, r.out);
    g_assert_cmpint (json_array_get_length (json_object_get_array_member (root, "problems")), ==, 1);
  }

  limn_test_rm_rf (dir);
}

static void
test_convert (void)
{
  g_autofree char *dir = limn_test_mkdtemp ();
  g_autofree char *path = fx_write (dir, "car.json", labelme);
  g_autofree char *out = g_build_filename (dir, "coco.json", NULL);
  g_autofree char *voc = g_build_filename (dir, "voc", NULL);
  g_autofree char *text = fx_write (dir, "two.jsonl",
                                    "{\"text\": \"Ann\", \"spans\": [{\"start\": 0, \"end\": 3, \"label\": \"P\"}], "
                                    "\"_annotator_id\": \"a\"}\n"
                                    "{\"text\": \"Ann\", \"spans\": [], \"_annotator_id\": \"b\", \"meta\": {\"id\": \"line 1\"}}\n");
  g_autofree char *conll = g_build_filename (dir, "out.conll", NULL);

  {
    g_auto(Run) r = { 0 };

    run (&r, path, out, "--to", "coco", NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_true (g_file_test (out, G_FILE_TEST_IS_REGULAR));
    g_assert_nonnull (strstr (r.out, "polygon-to-box"));
  }

  /* COCO to VOC: the polygon has no place, and says so. */
  {
    g_auto(Run) r = { 0 };

    run (&r, out, voc, "--to", "voc", "--from", "coco", NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "attribute-lost"));
  }

  /* Two annotators into CoNLL: one file each. */
  {
    g_auto(Run) r = { 0 };
    g_autofree char *a = g_build_filename (dir, "out-a.conll", NULL);
    g_autofree char *b = g_build_filename (dir, "out-b.conll", NULL);

    run (&r, text, conll, "--to", "conll", NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "split-by-annotator"));
    g_assert_true (g_file_test (a, G_FILE_TEST_IS_REGULAR));
    g_assert_true (g_file_test (b, G_FILE_TEST_IS_REGULAR));
  }

  {
    g_auto(Run) r = { 0 };

    run (&r, path, out, "--to", "tfrecord", NULL);
    g_assert_cmpint (r.status, ==, 2);
  }

  limn_test_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/limn-convert/help", test_help);
  g_test_add_func ("/limn-convert/formats", test_formats);
  g_test_add_func ("/limn-convert/inspect-boxes", test_inspect_boxes);
  g_test_add_func ("/limn-convert/inspect-spans", test_inspect_spans);
  g_test_add_func ("/limn-convert/inspect-nothing", test_inspect_nothing);
  g_test_add_func ("/limn-convert/convert", test_convert);

  return g_test_run ();
}
