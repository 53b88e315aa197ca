/* limn-format-problems.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-formats"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "limn-format-problems.h"

struct _LimnFormatProblems
{
  GArray     *kept;     /* LimnFormatProblem */
  GHashTable *counts;   /* interned kind → guint64 * */
  GPtrArray  *kinds;    /* interned, first-met order */
  guint64     by_action[LIMN_FORMAT_SKIPPED + 1];
};

static void
problem_clear (gpointer data)
{
  LimnFormatProblem *problem = data;

  g_free (problem->where);
  g_free (problem->detail);
}

LimnFormatProblems *
limn_format_problems_new (void)
{
  LimnFormatProblems *problems = g_new0 (LimnFormatProblems, 1);

  problems->kept = g_array_new (FALSE, TRUE, sizeof (LimnFormatProblem));
  g_array_set_clear_func (problems->kept, problem_clear);
  problems->counts = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  problems->kinds = g_ptr_array_new ();

  return problems;
}

void
limn_format_problems_free (LimnFormatProblems *problems)
{
  if (problems == NULL)
    return;

  g_array_unref (problems->kept);
  g_hash_table_unref (problems->counts);
  g_ptr_array_unref (problems->kinds);
  g_free (problems);
}

void
limn_format_problems_add (LimnFormatProblems *problems,
                          const char         *where,
                          const char         *kind,
                          LimnFormatAction    action,
                          const char         *format,
                          ...)
{
  const char *interned;
  guint64 *count;
  va_list args;

  g_return_if_fail (problems != NULL);
  g_return_if_fail (kind != NULL);
  g_return_if_fail (action <= LIMN_FORMAT_SKIPPED);

  interned = g_intern_string (kind);
  count = g_hash_table_lookup (problems->counts, interned);
  if (count == NULL)
    {
      count = g_new0 (guint64, 1);
      g_hash_table_insert (problems->counts, (gpointer) interned, count);
      g_ptr_array_add (problems->kinds, (gpointer) interned);
    }

  (*count)++;
  problems->by_action[action]++;

  if (*count <= LIMN_FORMAT_PROBLEMS_KEEP)
    {
      LimnFormatProblem problem;

      problem.where = g_strdup (where ? where : "");
      problem.kind = interned;
      problem.action = action;
      va_start (args, format);
      problem.detail = g_strdup_vprintf (format, args);
      va_end (args);
      g_array_append_val (problems->kept, problem);
    }
}

guint
limn_format_problems_get_n (LimnFormatProblems *problems)
{
  return problems->kept->len;
}

const LimnFormatProblem *
limn_format_problems_get (LimnFormatProblems *problems,
                          guint               index)
{
  g_return_val_if_fail (index < problems->kept->len, NULL);

  return &g_array_index (problems->kept, LimnFormatProblem, index);
}

guint64
limn_format_problems_count (LimnFormatProblems *problems,
                            const char         *kind)
{
  guint64 *count;

  if (kind == NULL)
    return problems->by_action[0] + problems->by_action[1] + problems->by_action[2];

  count = g_hash_table_lookup (problems->counts, g_intern_string (kind));
  return count ? *count : 0;
}

guint64
limn_format_problems_count_action (LimnFormatProblems *problems,
                                   LimnFormatAction    action)
{
  g_return_val_if_fail (action <= LIMN_FORMAT_SKIPPED, 0);

  return problems->by_action[action];
}

GPtrArray *
limn_format_problems_get_kinds (LimnFormatProblems *problems)
{
  GPtrArray *kinds = g_ptr_array_sized_new (problems->kinds->len);

  for (guint i = 0; i < problems->kinds->len; i++)
    g_ptr_array_add (kinds, g_ptr_array_index (problems->kinds, i));

  return kinds;
}

const char *
limn_format_action_to_string (LimnFormatAction action)
{
  switch (action)
    {
    case LIMN_FORMAT_KEPT:
      return "kept";
    case LIMN_FORMAT_CONVERTED:
      return "converted";
    case LIMN_FORMAT_SKIPPED:
    default:
      return "skipped";
    }
}

static char *
replace_all (const char *text,
             const char *from,
             const char *to)
{
  g_auto(GStrv) parts = NULL;

  if (text == NULL || strstr (text, from) == NULL)
    return NULL;
  parts = g_strsplit (text, from, -1);
  return g_strjoinv (to, parts);
}

void
limn_format_problems_rebase (LimnFormatProblems *problems,
                             const char         *from,
                             const char         *to)
{
  g_return_if_fail (problems != NULL);
  g_return_if_fail (from != NULL && from[0] != '\0');
  g_return_if_fail (to != NULL);

  for (guint i = 0; i < problems->kept->len; i++)
    {
      LimnFormatProblem *p = &g_array_index (problems->kept, LimnFormatProblem, i);
      char *where = replace_all (p->where, from, to);
      char *detail = replace_all (p->detail, from, to);

      if (where != NULL)
        {
          g_free (p->where);
          p->where = where;
        }
      if (detail != NULL)
        {
          g_free (p->detail);
          p->detail = detail;
        }
    }
}

/* Every kind a reader, writer or import reports, in words for people: the
 * dialog shows these, not the ids. Sorted by kind (tests check that, and
 * that every kind used in the sources is here). */
static const struct
{
  const char *kind;
  const char *words;
} kind_words[] = {
  { "annotated-twice",
    N_("An annotator labeled the same item twice; only the first annotation is kept.") },
  { "annotations-not-written",
    N_("This format holds only what there is to label, so annotated regions are not written.") },
  { "annotator-lost",
    N_("This format cannot say who annotated a region.") },
  { "answer-ignore",
    N_("The annotator ignored the record, so its spans are not entities.") },
  { "answer-reject",
    N_("The annotator rejected the record, so its spans are not entities.") },
  { "attribute-lost",
    N_("This format cannot hold some attributes of regions.") },
  { "background-category",
    N_("A category marks the background, not an object; it is left out.") },
  { "bad-annotation",
    N_("An annotation is not written the way the format requires.") },
  { "bad-box",
    N_("A box is not a valid box (missing, not a number, or of negative size).") },
  { "bad-category",
    N_("A category lacks its id or its name.") },
  { "bad-image",
    N_("An image entry lacks its id or its file name.") },
  { "bad-iscrowd",
    N_("The crowd flag is neither 0 nor 1.") },
  { "bad-line",
    N_("A line does not follow the format.") },
  { "bad-record",
    N_("A record does not follow the format.") },
  { "bad-result",
    N_("A result lacks its type or its value.") },
  { "bad-segmentation",
    N_("An outline or mask cannot be read.") },
  { "bad-shape",
    N_("A shape does not have enough points.") },
  { "bad-span",
    N_("A span does not have whole-number offsets.") },
  { "bad-task",
    N_("A task lacks its data.") },
  { "bad-text",
    N_("A text is not valid UTF-8.") },
  { "bbox-from-segmentation",
    N_("An annotation has no box; the box around its outline is used.") },
  { "box-outside",
    N_("A box is empty or outside its image.") },
  { "byte-offsets",
    N_("Offsets count bytes; they were converted to characters.") },
  { "cancelled",
    N_("The annotator cancelled an annotation; its results are left out.") },
  { "circle-to-box",
    N_("A circle is read as the box around it.") },
  { "clamped",
    N_("A box reaches outside its image and is cut to fit.") },
  { "code-point-offsets",
    N_("Offsets count characters, as Limn does.") },
  { "columns-not-kept",
    N_("Columns other than the token and the tag are not kept.") },
  { "conll-scheme",
    N_("The tags use another scheme than IOB2 and were converted.") },
  { "continued-line",
    N_("A line continues the annotation before it.") },
  { "crlf-offsets",
    N_("Offsets skip the carriage returns in line ends; they were converted.") },
  { "discontinuous",
    N_("A span is in pieces; each piece becomes a span of one group.") },
  { "draft-kept",
    N_("An annotator has a draft of an item; the imported work is not added.") },
  { "duplicate-id",
    N_("An id is used twice; the second is left out.") },
  { "ellipse-to-box",
    N_("An ellipse is read as the box around it.") },
  { "embedded-image",
    N_("An image is only embedded in the file, not beside it.") },
  { "empty-span",
    N_("A span is empty.") },
  { "empty-text",
    N_("A text has no tokens.") },
  { "float-coordinates",
    N_("Box coordinates are not whole pixels; some readers truncate them.") },
  { "group-lost",
    N_("This format cannot join regions into one object.") },
  { "image-flags",
    N_("Image flags are not regions and are not kept.") },
  { "image-missing",
    N_("An image is not on this computer.") },
  { "image-not-found",
    N_("An image was not found beside the file.") },
  { "image-not-written",
    N_("An image not on this computer cannot be named in the output.") },
  { "image-size-unknown",
    N_("The size of an image is not known.") },
  { "iob-repair",
    N_("A chunk begins with I- instead of B- and is read as if it began with B-.") },
  { "iscrowd-type",
    N_("The crowd flag is given as a string or a boolean.") },
  { "label-id-number",
    N_("A label is given as a number, not a name.") },
  { "label-lost",
    N_("A label name cannot be written in this format.") },
  { "label-renamed",
    N_("A label name had characters this format cannot hold and was changed.") },
  { "malformed",
    N_("A file or line cannot be read at all.") },
  { "mask-to-box",
    N_("A mask is read as its box; the mask is not kept.") },
  { "missing-label",
    N_("A region has no label.") },
  { "missing-split",
    N_("A split names neither a folder of images nor a list of them.") },
  { "no-class-names",
    N_("There are no class names; classes are named by number.") },
  { "note-joined",
    N_("A note ran over several lines and was joined into one.") },
  { "number-as-string",
    N_("Numbers are written as strings.") },
  { "out-of-range",
    N_("A span lies outside its text or splits a character.") },
  { "outline-stale",
    N_("A box no longer matches the outline it was read with.") },
  { "outside-image",
    N_("A box lies wholly outside its image.") },
  { "overlap-lost",
    N_("This format cannot hold overlapping or nested spans.") },
  { "part-box",
    N_("A part of an object is read as a box of its own.") },
  { "polygon-to-box",
    N_("A polygon is read as the box around it.") },
  { "provenance-lost",
    N_("This format cannot say where a region came from.") },
  { "relations-not-kept",
    N_("Relations between spans are not kept.") },
  { "renamed",
    N_("Two images have the same name; a file was renamed.") },
  { "rle-not-crowd",
    N_("A mask is given on a region that is not a crowd region.") },
  { "rotated-box",
    N_("A turned box is read as the upright box around it.") },
  { "score-lost",
    N_("This format cannot hold a score per region.") },
  { "scored-as-suggestion",
    N_("A region with a model's score is read as a suggestion.") },
  { "several-labels",
    N_("A result with several labels becomes one region per label.") },
  { "shape-without-area",
    N_("A shape has no area to make a box of.") },
  { "span-outside",
    N_("A span is empty or outside its text.") },
  { "span-text-mismatch",
    N_("A span's text differs from the text it covers.") },
  { "split-by-annotator",
    N_("Each annotator's work is written on its own.") },
  { "suggestions-not-written",
    N_("Some model suggestions cannot be written in this format.") },
  { "swapped-corners",
    N_("A box's corners are swapped and are read the other way round.") },
  { "text-differs",
    N_("The project has this text with other words; its spans would not fit.") },
  { "text-mismatch",
    N_("A span's recorded text differs from the text it covers.") },
  { "text-missing",
    N_("The text file for an annotation file is missing.") },
  { "text-respaced",
    N_("Spacing between tokens changed, so offsets change.") },
  { "text-too-long",
    N_("A text is too long.") },
  { "unknown-annotation",
    N_("A span refers to an annotation the file does not hold.") },
  { "unknown-category",
    N_("An annotation has a category that is not listed.") },
  { "unknown-class",
    N_("A class is not among the class names.") },
  { "unknown-image",
    N_("An annotation refers to an image that is not listed.") },
  { "unknown-item",
    N_("An annotation refers to an item the file does not hold.") },
  { "unknown-label",
    N_("A label is not in the label set.") },
  { "unknown-shape",
    N_("A shape type is unknown.") },
  { "unsupported-annotation",
    N_("An annotation of a kind Limn does not keep (only spans).") },
  { "unsupported-result",
    N_("A result is neither a box nor a text span.") },
  { "utf16-offsets",
    N_("Offsets count UTF-16 units; they were converted to characters.") },
  { "wrong-kind",
    N_("An item of a kind (image or text) this project or format does not hold.") },
  { "zero-area",
    N_("A box has no area.") },
};

/**
 * limn_format_problem_kind_describe:
 * @kind: a problem kind id
 *
 * Returns: (nullable): what @kind means, one translated sentence, or
 *   %NULL for a kind not in the table
 */
const char *
limn_format_problem_kind_describe (const char *kind)
{
  guint lo = 0, hi = G_N_ELEMENTS (kind_words);

  g_return_val_if_fail (kind != NULL, NULL);

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      int cmp = strcmp (kind, kind_words[mid].kind);

      if (cmp == 0)
        return _(kind_words[mid].words);
      if (cmp < 0)
        hi = mid;
      else
        lo = mid + 1;
    }

  return NULL;
}

/**
 * limn_format_problem_kind_nth:
 *
 * Returns: (nullable): the @n-th kind limn_format_problem_kind_describe()
 *   knows, in sorted order; %NULL past the last
 */
const char *
limn_format_problem_kind_nth (guint n)
{
  return n < G_N_ELEMENTS (kind_words) ? kind_words[n].kind : NULL;
}
