/* test-markdown.c
 *
 * The Markdown reader on the constructs of CommonMark and GitHub tables
 * that guidelines use, on the demo project's real guidelines, on text made
 * to be slow or deep, and the section comparison behind "what changed".
 * Expected trees are written out in a compact form (see dump()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>

#include "text/limn-markdown.h"

static void dump_blocks (GPtrArray *blocks,
                         GString   *out);

/* Plain text as is; a styled run as {flags href:text}, flags s(trong)
 * e(mphasis) c(ode) x (strike) a (link). */
static void
dump_inlines (GPtrArray *inlines,
              GString   *out)
{
  for (guint i = 0; i < inlines->len; i++)
    {
      LimnMarkdownInline *run = g_ptr_array_index (inlines, i);

      if (run->style == 0)
        {
          g_string_append (out, run->text);
          continue;
        }
      g_string_append_c (out, '{');
      if (run->style & LIMN_MARKDOWN_STYLE_STRONG)
        g_string_append_c (out, 's');
      if (run->style & LIMN_MARKDOWN_STYLE_EMPHASIS)
        g_string_append_c (out, 'e');
      if (run->style & LIMN_MARKDOWN_STYLE_CODE)
        g_string_append_c (out, 'c');
      if (run->style & LIMN_MARKDOWN_STYLE_STRIKE)
        g_string_append_c (out, 'x');
      if (run->style & LIMN_MARKDOWN_STYLE_LINK)
        g_string_append_printf (out, "a %s", run->href);
      g_string_append_printf (out, ":%s}", run->text);
    }
}

static void
dump_block (LimnMarkdownBlock *block,
            GString           *out)
{
  static const char aligns[] = "-LCR";

  switch (block->kind)
    {
    case LIMN_MARKDOWN_PARAGRAPH:
      g_string_append (out, "p(");
      break;
    case LIMN_MARKDOWN_HEADING:
      g_string_append_printf (out, "h%u(", block->level);
      break;
    case LIMN_MARKDOWN_CODE:
      g_string_append_printf (out, "code[%s](%s)", block->info, block->text);
      return;
    case LIMN_MARKDOWN_QUOTE:
      g_string_append (out, "quote(");
      break;
    case LIMN_MARKDOWN_LIST:
      if (block->ordered)
        g_string_append_printf (out, "ol%u(", block->start);
      else
        g_string_append (out, "ul(");
      break;
    case LIMN_MARKDOWN_ITEM:
      g_string_append (out, "li(");
      break;
    case LIMN_MARKDOWN_TABLE:
      g_string_append (out, "table(");
      break;
    case LIMN_MARKDOWN_ROW:
      g_string_append (out, "tr(");
      break;
    case LIMN_MARKDOWN_CELL:
      g_string_append_printf (out, "td%c(", aligns[block->align]);
      break;
    case LIMN_MARKDOWN_RULE:
      g_string_append (out, "hr");
      return;
    default:
      g_assert_not_reached ();
    }

  if (block->inlines != NULL)
    dump_inlines (block->inlines, out);
  if (block->children != NULL)
    dump_blocks (block->children, out);
  g_string_append_c (out, ')');
}

static void
dump_blocks (GPtrArray *blocks,
             GString   *out)
{
  for (guint i = 0; i < blocks->len; i++)
    dump_block (g_ptr_array_index (blocks, i), out);
}

static char *
dump (const char *markdown)
{
  g_autoptr(GPtrArray) blocks = limn_markdown_parse (markdown);
  GString *out = g_string_new (NULL);

  dump_blocks (blocks, out);

  return g_string_free (out, FALSE);
}

typedef struct
{
  const char *markdown;
  const char *tree;
} Case;

static void
check_cases (const Case *cases,
             gsize       n_cases)
{
  for (gsize i = 0; i < n_cases; i++)
    {
      g_autofree char *tree = dump (cases[i].markdown);

      g_test_message ("%s", cases[i].markdown);
      g_assert_cmpstr (tree, ==, cases[i].tree);
    }
}

static void
test_headings (void)
{
  static const Case cases[] = {
    { "# A\n## B ##\n###### C\n####### D\nnot#heading", "h1(A)h2(B)h6(C)p(####### D not#heading)" },
    { "#5 is not a heading\n#\tTab", "p(#5 is not a heading)h1(Tab)" },
    { "# C#\n#   Spaced   #   ", "h1(C#)h1(Spaced)" },
    { "Title\n=====\nSub\n---\n\n---\n***\n- - -", "h1(Title)h2(Sub)hrhrhr" },
    { "   # three spaces\n    # four is code", "h1(three spaces)code[](# four is code\n)" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_emphasis (void)
{
  static const Case cases[] = {
    { "*a* **b** _c_ snake_case_word ***d*** `*e*` \\*f\\*",
      "p({e:a} {s:b} {e:c} snake_case_word {se:d} {c:*e*} *f*)" },
    { "*a **b** c*", "p({e:a }{se:b}{e: c})" },
    { "2 * 3 * 4 and a * b", "p(2 * 3 * 4 and a * b)" },
    { "**unclosed and *half", "p(**unclosed and *half)" },
    { "~~gone~~ ~one~", "p({x:gone} ~one~)" },
    { "``a ` b`` ` c `", "p({c:a ` b} {c:c})" },
    { "`unclosed", "p(`unclosed)" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_links (void)
{
  static const Case cases[] = {
    { "[site](https://example.org) [bad](file:///etc/passwd) <https://a.b/c> ![alt](x.png)",
      "p({a https://example.org:site} bad {a https://a.b/c:https://a.b/c} alt)" },
    { "[*em* link](http://x \"title\")", "p({ea http://x:em}{a http://x: link})" },
    { "<lead@example.org> <javascript:alert(1)> [x](javascript:alert(1))",
      "p({a mailto:lead@example.org:lead@example.org} <javascript:alert(1)> x)" },
    { "[not a link] and [half](", "p([not a link] and [half]()" },
    { "[a](<https://x.org/a b>)", "p({a https://x.org/a b:a})" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_lists (void)
{
  static const Case cases[] = {
    { "- a\n- b\n  - c\n- d\n\n1. x\n2. y\n\n3) z",
      "ul(li(p(a))li(p(b)ul(li(p(c))))li(p(d)))ol1(li(p(x))li(p(y)))ol3(li(p(z)))" },
    { "- one\n  lazy\ncontinued\n\n  second paragraph\n- two",
      "ul(li(p(one lazy continued)p(second paragraph))li(p(two)))" },
    { "text\n2024. A year\n- item", "p(text 2024. A year)ul(li(p(item)))" },
    { "* a\n\n\n* b\n+ c", "ul(li(p(a))li(p(b)))ul(li(p(c)))" },
    /* "-no" is no marker: a lazy line of the paragraph before. */
    { "-\n- x\n-no", "ul(li()li(p(x -no)))" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_tables (void)
{
  static const Case cases[] = {
    { "| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 |\n| x \\| y | **z** | w | extra |\n\nafter",
      "table(tr(tdL(a)tdC(b)tdR(c))tr(tdL(1)tdC(2)tdR())tr(tdL(x | y)tdC({s:z})tdR(w)))p(after)" },
    { "a | b\n--- | ---\n1 | 2", "table(tr(td-(a)td-(b))tr(td-(1)td-(2)))" },
    /* A delimiter row that does not match the header is no table. */
    { "| a | b |\n| --- |\n| 1 | 2 |", "p(| a | b | | --- | | 1 | 2 |)" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_code_and_quotes (void)
{
  static const Case cases[] = {
    { "```c\nint x;\n\n  y\n```\n    indented\n    code\n\ntext",
      "code[c](int x;\n\n  y\n)code[](indented\ncode\n)p(text)" },
    { "~~~\nunclosed fence\n# not a heading", "code[](unclosed fence\n# not a heading\n)" },
    { "> a\nb\n> > c\n\n> d", "quote(p(a b)quote(p(c)))quote(p(d))" },
    { "> - x\n> - y", "quote(ul(li(p(x))li(p(y))))" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_text (void)
{
  static const Case cases[] = {
    { "a  \nb\\\nc &amp; &#233; &#x1F600; &#0; &bogus; d", "p(a\nb\nc & é 😀 \xef\xbf\xbd &bogus; d)" },
    /* Raw HTML is text: guidelines from a server cannot inject markup. */
    { "<b>x</b> <script>alert(1)</script>", "p(<b>x</b> <script>alert(1)</script>)" },
    { "# A\r\n\r\ntext\r\nmore\r\n", "h1(A)p(text more)" },
    { "a\xff b", "p(a\xef\xbf\xbd b)" },
    { "مرحبا **بالعالم** 「東京」", "p(مرحبا {s:بالعالم} 「東京」)" },
    { "", "" },
    { "\n\n  \n", "" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

/* The demo project's guidelines, as annotators read them. */
static void
test_demo_guidelines (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "demo", "project.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) blocks = NULL;
  g_autoptr(GString) headings = g_string_new (NULL);
  LimnMarkdownBlock *table = NULL;
  LimnMarkdownBlock *person;
  const char *guidelines;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  guidelines = json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)), "guidelines");
  blocks = limn_markdown_parse (guidelines);

  for (guint i = 0; i < blocks->len; i++)
    {
      LimnMarkdownBlock *block = g_ptr_array_index (blocks, i);

      if (block->kind == LIMN_MARKDOWN_HEADING)
        {
          g_autofree char *text = limn_markdown_inlines_to_text (block->inlines);

          g_string_append_printf (headings, "%u:%s|", block->level, text);
        }
      else if (block->kind == LIMN_MARKDOWN_TABLE)
        table = block;
    }

  g_assert_cmpstr (headings->str, ==,
                   "1:Limn demo: annotation guidelines|2:Labels|2:Boxes (images)|2:Spans (text)|"
                   "2:Suggestions|2:Confidence|2:When to flag as unclear|");
  g_assert_nonnull (table);
  g_assert_cmpuint (table->children->len, ==, 7);
  person = g_ptr_array_index (((LimnMarkdownBlock *) g_ptr_array_index (table->children, 1))->children, 1);
  g_assert_cmpuint (person->inlines->len, ==, 1);
  g_assert_cmpint (((LimnMarkdownInline *) g_ptr_array_index (person->inlines, 0))->style, ==,
                   LIMN_MARKDOWN_STYLE_STRONG);
  g_assert_cmpstr (((LimnMarkdownInline *) g_ptr_array_index (person->inlines, 0))->text, ==, "Person");
}

static char *
repeat (const char *unit,
        gsize       bytes)
{
  GString *out = g_string_sized_new (bytes + strlen (unit));

  while (out->len < bytes)
    g_string_append (out, unit);

  return g_string_free (out, FALSE);
}

/* Text made to be slow (openers without closers, each scanning to the end)
 * or deep (nesting that would recurse per character) reads in linear time
 * and bounded depth. The limit is generous: a quadratic reader takes
 * minutes on these, a linear one milliseconds. */
static void
test_hostile (void)
{
  static const char *units[] = {
    "*a ", "_a ", "**a ", "`a ", "``a ", "[a ", "[a](", "![a](", "<a", "&#", "~~a ",
    "*a *", "> ", "- ", "1. ", "| ", "    ", "\n", "a  \n", "[", "](", "*[`",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (units); i++)
    {
      g_autofree char *text = repeat (units[i], 512 * 1024);
      gint64 start = g_get_monotonic_time ();
      g_autoptr(GPtrArray) blocks = limn_markdown_parse (text);
      gint64 elapsed = g_get_monotonic_time () - start;

      g_test_message ("\"%s\" × %zu: %" G_GINT64_FORMAT " ms", units[i], strlen (text) / strlen (units[i]),
                      elapsed / 1000);
      g_assert_cmpint (elapsed, <, 5 * G_USEC_PER_SEC);
    }

  /* Deep nesting of styles and containers, on one line and on many. */
  {
    g_autofree char *stars = repeat ("*a ", 3 * 10000);
    g_autofree char *closing = repeat (" a*", 3 * 10000);
    g_autofree char *nested = g_strconcat (stars, closing, NULL);
    g_autofree char *quotes = repeat (">", 200000);
    g_autofree char *lists = repeat ("- ", 200000);
    g_autoptr(GPtrArray) a = limn_markdown_parse (nested);
    g_autoptr(GPtrArray) b = limn_markdown_parse (quotes);
    g_autoptr(GPtrArray) c = limn_markdown_parse (lists);

    g_assert_cmpuint (a->len, ==, 1);
    g_assert_cmpuint (b->len, ==, 1);
    g_assert_cmpuint (c->len, ==, 1);
  }
}

static char *
changes_of (const char *old_text,
            const char *new_text)
{
  g_autoptr(GPtrArray) changes = limn_markdown_changed_sections (old_text, new_text);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < changes->len; i++)
    {
      LimnMarkdownChange *change = g_ptr_array_index (changes, i);

      g_string_append_printf (out, "%c:%s|", "+~-"[change->kind], change->title);
    }

  return g_string_free (out, FALSE);
}

static void
test_changed_sections (void)
{
  const char *v1 = "# G\nintro\n## A\ntext a\n## B\ntext b\n## C\nc";
  const char *v2 = "# G\nintro  \n## A\ntext\n   a\n## B\ntext B changed\n## D\nnew";
  g_autofree char *changes = changes_of (v1, v2);
  g_autofree char *same = changes_of (v1, v1);
  g_autofree char *preamble = changes_of ("intro\n# A\nx", "Intro\n# A\nx");
  g_autofree char *styled = changes_of ("# A\nthe *word*", "# A\nthe **word**");
  g_autofree char *repeated = changes_of ("# A\n## Ex\n1\n# B\n## Ex\n2", "# A\n## Ex\n1\n# B\n## Ex\n3");
  g_autofree char *from_nothing = changes_of (NULL, "# A\nx");

  /* Reflowed text is no change; the changed, added and removed are named. */
  g_assert_cmpstr (changes, ==, "~:B|+:D|-:C|");
  g_assert_cmpstr (same, ==, "");
  g_assert_cmpstr (preamble, ==, "~:|");
  g_assert_cmpstr (styled, ==, "~:A|");
  /* Two sections of one title are told apart by their order. */
  g_assert_cmpstr (repeated, ==, "~:Ex|");
  g_assert_cmpstr (from_nothing, ==, "+:A|");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();

  g_test_add_func ("/markdown/headings", test_headings);
  g_test_add_func ("/markdown/emphasis", test_emphasis);
  g_test_add_func ("/markdown/links", test_links);
  g_test_add_func ("/markdown/lists", test_lists);
  g_test_add_func ("/markdown/tables", test_tables);
  g_test_add_func ("/markdown/code-and-quotes", test_code_and_quotes);
  g_test_add_func ("/markdown/text", test_text);
  g_test_add_func ("/markdown/demo-guidelines", test_demo_guidelines);
  g_test_add_func ("/markdown/hostile", test_hostile);
  g_test_add_func ("/markdown/changed-sections", test_changed_sections);

  return g_test_run ();
}
