/* test-formats-text.c
 *
 * The text formats (spaCy/Prodigy, doccano, Label Studio, CoNLL, brat):
 * each messy case peers' files have, in a small fixture written here, reads
 * as docs/formats.md says (offsets in code points, CR counted) and is
 * reported with its line; each format round trips; detection names each
 * fixture; damaged fixtures never crash a reader.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "limn-formats-test.h"

static LimnDataset *
read_checked (const char          *id,
              const char          *path,
              LimnFormatProblems  *problems,
              const char          *expected)
{
  LimnDataset *dataset = fx_read (id, path, problems);
  g_autofree char *regions = fx_regions (dataset, FX_NAMES);

  fx_print_problems (problems);
  g_assert_cmpstr (regions, ==, expected);
  return dataset;
}

/* spaCy / Prodigy */

static const char prodigy[] =
  "{\"text\": \"Hi 😀 Anna Smith lives in Paris.\", \"_input_hash\": 11, \"spans\": ["
  "{\"start\": 5, \"end\": 15, \"label\": \"PER\"}, {\"start\": 25, \"end\": 30, \"label\": \"LOC\", "
  "\"text\": \"Paris\"}], \"answer\": \"accept\", \"_annotator_id\": \"news-alice\"}\n"
  "{\"text\": \"Hi 😀 Anna Smith lives in Paris.\", \"_input_hash\": 11, \"spans\": ["
  "{\"start\": 5, \"end\": 9, \"label\": \"PER\"}], \"answer\": \"accept\", \"_annotator_id\": \"news-bob\"}\n"
  "{\"text\": \"Bob went home.\", \"spans\": [{\"start\": 0, \"end\": 3, \"label\": \"PER\"}], \"answer\": \"reject\"}\n"
  "{\"text\": \"Eve\", \"spans\": [{\"start\": 0, \"end\": 3, \"label\": \"PER\"}], \"answer\": \"ignore\"}\n"
  "{\"text\": \"Ann met Tom.\", \"spans\": [{\"start\": 0, \"end\": 3, \"label\": 7}, "
  "{\"start\": 8, \"end\": 11, \"label\": \"PER\", \"text\": \"Tim\"}, {\"start\": 8, \"end\": 40, \"label\": \"PER\"}]}\n"
  "not json {\n"
  "[\"Paris is big.\", {\"entities\": [[0, 5, \"LOC\"]]}]\n"
  "{\"text\": \"No spans here\"}\n"
  "\n"
  "{\"text\": \"Zero\", \"spans\": []}\n"
  "{\"spans\": []}\n";

static const char prodigy_regions[] =
  "11 | news-alice | LOC | 25-30 “Paris”\n"
  "11 | news-alice | PER | 5-15 “Anna Smith”\n"
  "11 | news-bob | PER | 5-9 “Anna”\n"
  "line 5 | - | 7 | 0-3 “Ann”\n"
  "line 5 | - | PER | 8-11 “Tom”\n"
  "line 7 | - | LOC | 0-5 “Paris”\n";

static void
test_prodigy (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *path = fx_write (f->dir, "news.jsonl", prodigy);
  g_autoptr(LimnFormatProblems) problems = limn_format_problems_new ();
  g_autoptr(LimnDataset) dataset = NULL;
  LimnDatasetItem *item;

  g_assert_cmpstr (fx_detect (path), ==, "spacy");
  dataset = read_checked ("spacy", path, problems, prodigy_regions);

  fx_assert_problem (problems, "answer-reject", "news.jsonl:3");
  fx_assert_problem (problems, "answer-ignore", "news.jsonl:4");
  fx_assert_problem (problems, "label-id-number", "news.jsonl:5");
  fx_assert_problem (problems, "text-mismatch", "news.jsonl:5");
  fx_assert_problem (problems, "out-of-range", "news.jsonl:5");
  fx_assert_problem (problems, "malformed", "news.jsonl:6");
  fx_assert_problem (problems, "bad-record", "news.jsonl:11");
  g_assert_false (fx_has_problem (problems, "utf16-offsets", NULL));

  /* Two annotators' records of one text are one item; a rejected record
   * keeps its text; a text with no "spans" has no annotation, one with
   * an empty list has an empty one. */
  g_assert_cmpuint (limn_dataset_get_n_items (dataset), ==, 7);
  item = limn_dataset_lookup_item (dataset, "11");
  g_assert_cmpuint (item->annotations->len, ==, 2);
  g_assert_cmpuint (limn_dataset_lookup_item (dataset, "line 3")->annotations->len, ==, 0);
  g_assert_cmpuint (limn_dataset_lookup_item (dataset, "line 8")->annotations->len, ==, 0);
  g_assert_cmpuint (limn_dataset_lookup_item (dataset, "line 10")->annotations->len, ==, 1);
}

static void
test_prodigy_round_trip (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *path = fx_write (f->dir, "news.jsonl", prodigy);
  g_autofree char *out = sub (f, "out.jsonl");
  g_autoptr(LimnFormatProblems) problems = limn_format_problems_new ();
  g_autoptr(LimnDataset) dataset = NULL;

  fx_round_trip ("spacy", path, out, FX_NAMES);
  dataset = fx_read ("spacy", out, problems);
  g_assert_cmpuint (limn_dataset_get_n_items (dataset), ==, 7);
  g_assert_cmpuint (limn_dataset_lookup_item (dataset, "line 8")->annotations->len, ==, 0);
  g_assert_cmpuint (limn_dataset_lookup_item (dataset, "line 10")->annotations->len, ==, 1);
}

/* doccano */

static const char doccano[] =
  "{\"id\": 1, \"text\": \"Hi 😀 Anna Smith\", \"label\": [[6, 16, \"PER\"]]}\n"
  "{\"id\": 2, \"text\": \"😀 Bob and 😀 Ann\", \"labels\": [[2, 5, \"PER\"], [12, 15, \"PER\"]]}\n"
  "{\"id\": 3, \"text\": \"Mary 😀 Lee\", \"entities\": [{\"id\": 1, \"label\": \"PER\", "
  "\"start_offset\": 0, \"end_offset\": 4}], \"relations\": [{\"id\": 1, \"from_id\": 1, \"to_id\": 1, "
  "\"type\": \"self\"}]}\n"
  "{\"id\": 4, \"text\": \"Ann 😀 Bo\", \"annotations\": [{\"label\": 2, \"start_offset\": 0, "
  "\"end_offset\": 3, \"user\": 1}, {\"label\": 2, \"start_offset\": 7, \"end_offset\": 9, \"user\": 2}]}\n"
  "{\"text\": \"no id\", \"label\": []}\n"
  "{\"id\": 6, \"text\": 12}\n";

static void
test_doccano (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *path = fx_write (f->dir, "all.jsonl", doccano);
  g_autoptr(LimnFormatProblems) problems = limn_format_problems_new ();
  g_autoptr(LimnDataset) dataset = NULL;

  g_assert_cmpstr (fx_detect (path), ==, "doccano");
  dataset = read_checked ("doccano", path, problems,
                          "1 | - | PER | 5-15 “Anna Smith”\n"
                          "2 | - | PER | 12-15 “Ann”\n"
                          "2 | - | PER | 2-5 “Bob”\n"
                          "3 | - | PER | 0-4 “Mary”\n"
                          "4 | 1 | 2 | 0-3 “Ann”\n"
                          "4 | 2 | 2 | 6-8 “Bo”\n");

  /* UTF-16 offsets where they must be (out of range as code points), code
   * points where UTF-16 would split an emoji; nothing said where both
   * agree. */
  fx_assert_problem (problems, "utf16-offsets", "all.jsonl:1");
  fx_assert_problem (problems, "utf16-offsets", "all.jsonl:4");
  g_assert_false (fx_has_problem (problems, "utf16-offsets", "all.jsonl:2"));
  g_assert_false (fx_has_problem (problems, "utf16-offsets", "all.jsonl:3"));
  fx_assert_problem (problems, "relations-not-kept", "all.jsonl:3");
  fx_assert_problem (problems, "label-id-number", "all.jsonl:4");
  fx_assert_problem (problems, "bad-record", "all.jsonl:6");
  g_assert_cmpuint (limn_dataset_get_n_items (dataset), ==, 5);
}

static void
test_doccano_round_trip (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *path = fx_write (f->dir, "all.jsonl",
                                    "{\"id\": 1, \"text\": \"Hi 😀 Anna Smith\", \"label\": [[6, 16, \"PER\"]]}\n"
                                    "{\"id\": 2, \"text\": \"😀 Bob and 😀 Ann\", \"labels\": [[2, 5, \"PER\"], [12, 15, \"PER\"]]}\n"
                                    "{\"text\": \"no id\", \"label\": []}\n");
  g_autofree char *out = sub (f, "out.jsonl");
  g_autofree char *written = NULL;
  g_autoptr(LimnFormatProblems) problems = limn_format_problems_new ();
  g_autoptr(LimnDataset) dataset = fx_read ("doccano", path, problems);

  fx_round_trip ("doccano", path, out, FX_NAMES);

  /* doccano is given UTF-16 offsets, as its browser counts. */
  fx_write_as ("doccano", dataset, out, problems);
  fx_assert_problem (problems, "utf16-offsets", "out.jsonl");
  g_assert_true (g_file_get_contents (out, &written, NULL, NULL));
  g_assert_nonnull (strstr (written, "\"label\": [[3, 6, \"PER\"], [14, 17, \"PER\"]]"));
}

/* Label Studio (text) */

static const char studio_text[] =
  "[\n"
  " {\"id\": 1, \"data\": {\"text\": \"Hi 😀 Anna Smith\\r\\nin Paris\"},\n"
  "  \"annotations\": [\n"
  "   {\"completed_by\": 1, \"result\": [\n"
  "     {\"id\": \"a\", \"type\": \"labels\", \"value\": {\"start\": 6, \"end\": 16, \"text\": \"Anna Smith\", \"labels\": [\"PER\"]}},\n"
  "     {\"id\": \"b\", \"type\": \"labels\", \"value\": {\"start\": 21, \"end\": 26, \"text\": \"Paris\", \"labels\": [\"LOC\"]}}]},\n"
  "   {\"completed_by\": 2, \"result\": [\n"
  "     {\"id\": \"c\", \"type\": \"labels\", \"value\": {\"start\": 6, \"end\": 10, \"text\": \"Anna\", \"labels\": [\"PER\"]}},\n"
  "     {\"id\": \"d\", \"type\": \"labels\", \"value\": {\"start\": 0, \"end\": 2, \"text\": \"Yo\", \"labels\": [\"PER\"]}},\n"
  "     {\"id\": \"e\", \"type\": \"choices\", \"value\": {\"choices\": [\"news\"]}}]}],\n"
  "  \"predictions\": [{\"model_version\": \"ner-2\", \"result\": [\n"
  "     {\"type\": \"labels\", \"value\": {\"start\": 21, \"end\": 26, \"text\": \"Paris\", \"labels\": [\"LOC\"]}, \"score\": 0.8}]}]\n"
  " }\n"
  "]\n";

static const char studio_regions[] =
  "1 | 1 | LOC | 20-25 “Paris”\n"
  "1 | 1 | PER | 5-15 “Anna Smith”\n"
  "1 | 2 | PER | 0-2 “Hi”\n"
  "1 | 2 | PER | 5-9 “Anna”\n"
  "1 | model ner-2 | LOC | 20-25 “Paris” score 0.8000\n";

static void
test_label_studio_text (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *path = fx_write (f->dir, "export.json", studio_text);
  g_autoptr(LimnFormatProblems) problems = limn_format_problems_new ();
  g_autoptr(LimnDataset) dataset = NULL;

  g_assert_cmpstr (fx_detect (path), ==, "label-studio");
  dataset = read_checked ("label-studio", path, problems, studio_regions);
  fx_assert_problem (problems, "utf16-offsets", "export.json:2");
  fx_assert_problem (problems, "text-mismatch", "export.json:9");
  fx_assert_problem (problems, "unsupported-result", "export.json:10");
}

static void
test_label_studio_text_round_trip (Fixture       *f,
                                   gconstpointer  data)
{
  g_autofree char *path = fx_write (f->dir, "export.json", studio_text);
  g_autofree char *out = sub (f, "out.json");

  fx_round_trip ("label-studio", path, out, FX_NAMES);
}

/* CoNLL */

static const char conll_iob2[] =
  "-DOCSTART- -X- O O\r\n"
  "\r\n"
  "EU NNP B-NP B-ORG\r\n"
  "rejects VBZ B-VP O\r\n"
  "German JJ B-NP B-MISC\r\n"
  "call NN I-NP O\r\n"
  "\r\n"
  "Peter NNP B-NP B-PER\r\n"
  "Blackburn NNP I-NP I-PER\r\n"
  "\r\n"
  "-DOCSTART- -X- O O\r\n"
  "\r\n"
  "BRUSSELS NNP B-NP B-LOC\r\n";

/* Label Studio's own completed_by and created_at are where a region came
 * from; Limn's limn_provenance on a result says more, and wins. */
static void
test_label_studio_provenance (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *path = fx_write (f->dir, "ls.json",
    "[{\"id\": 1, \"data\": {\"text\": \"Ann met Bob\"}, \"annotations\": [\n"
    "  {\"completed_by\": 7, \"created_at\": \"2024-05-01T10:00:00.123Z\", \"result\": [\n"
    "    {\"type\": \"labels\", \"value\": {\"start\": 0, \"end\": 3, \"labels\": [\"PER\"]}},\n"
    "    {\"type\": \"labels\", \"value\": {\"start\": 8, \"end\": 11, \"labels\": [\"PER\"]},\n"
    "     \"limn_provenance\": {\"annotators\": \"a,b\", \"agreement\": \"2/2\", \"n\": 3}}]}]}]\n");
  g_autoptr(LimnDataset) dataset = fx_read ("label-studio", path, NULL);
  g_autofree char *regions = fx_regions (dataset, FX_NAMES | FX_ATTRS);

  g_assert_cmpstr (regions, ==,
                   "1 | 7 | PER | 0-3 “Ann” provenance:annotator=7 "
                   "provenance:submitted=2024-05-01T10:00:00.123Z\n"
                   "1 | 7 | PER | 8-11 “Bob” provenance:annotators=a,b provenance:agreement=2/2\n");
}

static void
test_conll (Fixture       *f,
            gconstpointer  data)
{
  struct
  {
    const char *name;
    const char *contents;
    const char *regions;
    const char *kind;
  } cases[] = {
    { "iob2.conll", conll_iob2,
      "document 1 | - | MISC | 11-17 “German”\n"
      "document 1 | - | ORG | 0-2 “EU”\n"
      "document 1 | - | PER | 23-38 “Peter Blackburn”\n"
      "document 2 | - | LOC | 0-8 “BRUSSELS”\n",
      "columns-not-kept" },
    { "iob1.iob", "John I-PER\nSmith I-PER\nand O\nMary I-PER\nAnn B-PER\n\nParis I-LOC\n",
      "sentence 1 | - | PER | 0-10 “John Smith”\n"
      "sentence 1 | - | PER | 15-19 “Mary”\n"
      "sentence 1 | - | PER | 20-23 “Ann”\n"
      "sentence 2 | - | LOC | 0-5 “Paris”\n",
      "conll-scheme" },
    { "bioes.txt", "New B-LOC\nYork E-LOC\nis O\nbig O\nParis S-LOC\n",
      "sentence 1 | - | LOC | 0-8 “New York”\n"
      "sentence 1 | - | LOC | 16-21 “Paris”\n",
      "conll-scheme" },
    { "io.tsv", "New\tLOC\nYork\tLOC\nis\tO\n",
      "sentence 1 | - | LOC | 0-8 “New York”\n",
      "conll-scheme" },
    { "repair.conll", "Ann B-PER\nand O\nBerlin I-LOC\nand O\nBonn B-LOC\n",
      "sentence 1 | - | LOC | 19-23 “Bonn”\n"
      "sentence 1 | - | LOC | 8-14 “Berlin”\n"
      "sentence 1 | - | PER | 0-3 “Ann”\n",
      "iob-repair" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = fx_write (f->dir, cases[i].name, cases[i].contents);
      g_autofree char *out = g_strdup_printf ("%s.out.conll", path);
      g_autoptr(LimnFormatProblems) problems = limn_format_problems_new ();
      g_autoptr(LimnDataset) dataset = NULL;

      g_test_message ("%s", cases[i].name);
      /* Plain IO tags look like any two columns: named, not detected. */
      if (!g_str_equal (cases[i].name, "io.tsv"))
        g_assert_cmpstr (fx_detect (path), ==, "conll");
      dataset = read_checked ("conll", path, problems, cases[i].regions);
      fx_assert_problem (problems, cases[i].kind, cases[i].name);

      /* Written as IOB2, read back the same. */
      fx_round_trip ("conll", path, out, FX_NAMES);
    }
}

static void
test_conll_write_losses (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(LimnDataset) dataset = limn_dataset_new ();
  g_autoptr(LimnFormatProblems) problems = limn_format_problems_new ();
  g_autofree char *out = sub (f, "out.conll");
  g_autofree char *written = NULL;
  LimnDatasetItem *item = limn_dataset_add_text (dataset, "d", "New York-based  firm");
  LimnDatasetAnnotation *a = limn_dataset_item_annotation (item, NULL);
  guint loc = limn_dataset_add_label (dataset, "LOC", NULL, NULL);

  limn_dataset_annotation_add_span (a, loc, 0, 8, "New York");
  limn_dataset_annotation_add_span (a, loc, 4, 8, "York");
  fx_write_as ("conll", dataset, out, problems);
  fx_print_problems (problems);
  fx_assert_problem (problems, "overlap-lost", NULL);
  fx_assert_problem (problems, "text-respaced", NULL);

  /* The token is split where the span ends. */
  g_assert_true (g_file_get_contents (out, &written, NULL, NULL));
  g_assert_cmpstr (written, ==, "New B-LOC\nYork I-LOC\n-based O\nfirm O\n\n");
}

/* brat */

static char *
brat_fixture (Fixture *f)
{
  char *folder = sub (f, "brat");

  /* CR-LF text where the CR counts in the offsets. */
  g_free (fx_write (folder, "crlf.txt", "Anna Smith\r\nlives in New\r\nYork.\r\n"));
  g_free (fx_write (folder, "crlf.ann",
                    "T1\tPER 0 10\tAnna Smith\n"
                    "T2\tLOC 21 24;26 30\tNew York\n"
                    "A1\tNegated T1\n"
                    "#1\tAnnotatorNotes T1\tfirst line\n"
                    "second line\n"
                    "R1\tLives Arg1:T1 Arg2:T2\n"
                    "T3\tLOC 21 30\tNew York\n"
                    "T3\tLOC 0 4\tAnna\n"
                    "T4\tPER 100 110\tnothing\n"
                    "T5\tPER zero 4\tAnna\n"));
  /* The same text, counted with CR-LF as one character. */
  g_free (fx_write (folder, "nocr.txt", "Anna Smith\r\nlives in New\r\nYork.\r\n"));
  g_free (fx_write (folder, "nocr.ann", "T1\tLOC 20 28\tNew York\nT2\tPER 0 10\tAnna Smith\n"));
  g_free (fx_write (folder, "mismatch.txt", "Hello world"));
  g_free (fx_write (folder, "mismatch.ann", "T1\tX 0 5\tHallo\n"));
  g_free (fx_write (folder, "orphan.ann", "T1\tX 0 5\tHallo\n"));
  g_free (fx_write (folder, "sub/deep.txt", "Über 😀 alles"));
  g_free (fx_write (folder, "sub/deep.ann", "T1\tX 7 12\talles\n"));

  return folder;
}

static void
test_brat (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *folder = brat_fixture (f);
  g_autofree char *ann = g_build_filename (folder, "crlf.ann", NULL);
  g_autofree char *txt = g_build_filename (folder, "crlf.txt", NULL);
  g_autoptr(LimnFormatProblems) problems = limn_format_problems_new ();
  g_autoptr(LimnDataset) dataset = NULL;
  g_autofree char *regions = NULL;

  g_assert_cmpstr (fx_detect (folder), ==, "brat");
  g_assert_cmpstr (fx_detect (ann), ==, "brat");
  g_assert_cmpstr (fx_detect (txt), ==, "brat");

  dataset = fx_read ("brat", folder, problems);
  fx_print_problems (problems);
  regions = fx_regions (dataset, FX_NAMES | FX_ATTRS);
  g_assert_cmpstr (regions, ==,
                   "crlf | - | LOC | 21-24 “New”\n"
                   "crlf | - | LOC | 21-30 “New\r\nYork”\n"
                   "crlf | - | LOC | 26-30 “York”\n"
                   "crlf | - | PER | 0-10 “Anna Smith” brat:Negated=true note=first line\nsecond line\n"
                   "mismatch | - | X | 0-5 “Hello”\n"
                   "nocr | - | LOC | 21-30 “New\r\nYork”\n"
                   "nocr | - | PER | 0-10 “Anna Smith”\n"
                   "sub/deep | - | X | 7-12 “alles”\n");

  fx_assert_problem (problems, "discontinuous", "crlf.ann:2");
  fx_assert_problem (problems, "continued-line", "crlf.ann:5");
  fx_assert_problem (problems, "unsupported-annotation", "crlf.ann:6");
  fx_assert_problem (problems, "duplicate-id", "crlf.ann:8");
  fx_assert_problem (problems, "out-of-range", "crlf.ann:9");
  fx_assert_problem (problems, "bad-line", "crlf.ann:10");
  fx_assert_problem (problems, "crlf-offsets", "nocr.ann");
  fx_assert_problem (problems, "text-mismatch", "mismatch.ann:1");
  fx_assert_problem (problems, "text-missing", "orphan");
  g_assert_false (fx_has_problem (problems, "crlf-offsets", "crlf.ann"));
  g_assert_false (fx_has_problem (problems, "text-mismatch", "crlf.ann"));
}

static void
test_brat_round_trip (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *folder = brat_fixture (f);
  g_autofree char *out = sub (f, "out");
  g_autofree char *written_path = g_build_filename (out, "crlf.ann", NULL);
  g_autofree char *written = NULL;
  g_autofree char *text_path = g_build_filename (out, "crlf.txt", NULL);
  g_autofree char *text = NULL;

  fx_round_trip ("brat", folder, out, FX_NAMES);

  /* One T line for the fragments, the attribute and the note (on one line). */
  g_assert_true (g_file_get_contents (written_path, &written, NULL, NULL));
  g_assert_nonnull (strstr (written, "\tLOC 21 24;26 30\tNew York\n"));
  g_assert_nonnull (strstr (written, "\tNegated T"));
  g_assert_nonnull (strstr (written, "\tAnnotatorNotes T1\tfirst line second line\n"));
  g_assert_true (g_file_get_contents (text_path, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, "Anna Smith\r\nlives in New\r\nYork.\r\n");
}

/* Damaged input */

static void
test_garbled (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *damaged = sub (f, "damaged");
  g_autofree char *prodigy_path = fx_write (f->dir, "news.jsonl", prodigy);
  g_autofree char *doccano_path = fx_write (f->dir, "all.jsonl", doccano);
  g_autofree char *studio_path = fx_write (f->dir, "export.json", studio_text);
  g_autofree char *conll_path = fx_write (f->dir, "iob2.conll", conll_iob2);
  g_autofree char *brat = brat_fixture (f);
  g_autofree char *brat_ann = g_build_filename (brat, "crlf.ann", NULL);
  g_autofree char *brat_txt = g_build_filename (brat, "crlf.txt", NULL);
  g_autofree char *ann_copy = sub (f, "crlf.ann");
  g_autofree char *txt_copy = sub (f, "crlf.txt");
  g_autofree char *contents = NULL;
  struct
  {
    const char *id;
    const char *path;
    const char *name;
  } files[] = {
    { "spacy", prodigy_path, "news.jsonl" },
    { "doccano", doccano_path, "all.jsonl" },
    { "label-studio", studio_path, "export.json" },
    { "conll", conll_path, "iob2.conll" },
  };

  g_assert_cmpint (g_mkdir_with_parents (damaged, 0755), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *target = g_build_filename (damaged, files[i].name, NULL);

      fx_garble (files[i].id, files[i].path, target, target);
    }

  g_assert_true (g_file_get_contents (brat_ann, &contents, NULL, NULL));
  g_assert_true (g_file_set_contents (ann_copy, contents, -1, NULL));
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (brat_txt, &contents, NULL, NULL));
  g_assert_true (g_file_set_contents (txt_copy, contents, -1, NULL));
  fx_garble ("brat", ann_copy, brat_ann, brat);
  fx_garble ("brat", txt_copy, brat_txt, brat);
  fx_garble ("brat", txt_copy, brat_txt, brat_ann);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fx_setup, func, fx_teardown)
  ADD ("/formats/text/prodigy", test_prodigy);
  ADD ("/formats/text/prodigy-round-trip", test_prodigy_round_trip);
  ADD ("/formats/text/doccano", test_doccano);
  ADD ("/formats/text/doccano-round-trip", test_doccano_round_trip);
  ADD ("/formats/text/label-studio", test_label_studio_text);
  ADD ("/formats/text/label-studio-round-trip", test_label_studio_text_round_trip);
  ADD ("/formats/text/label-studio-provenance", test_label_studio_provenance);
  ADD ("/formats/text/conll", test_conll);
  ADD ("/formats/text/conll-write-losses", test_conll_write_losses);
  ADD ("/formats/text/brat", test_brat);
  ADD ("/formats/text/brat-round-trip", test_brat_round_trip);
  ADD ("/formats/text/garbled", test_garbled);
#undef ADD

  return g_test_run ();
}
