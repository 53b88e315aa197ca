/* limn-convert.c
 *
 * limn-convert: read and write labeling formats through Limn's model
 * (docs/formats.md).
 *
 *   limn-convert inspect PATH [--format F]       one JSON document on stdout
 *   limn-convert PATH OUT --to F [--from F]      convert, saying what was lost
 *   limn-convert formats                         the formats it knows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-cli"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <string.h>

#include "formats/limn-format.h"
#include "i18n/limn-i18n.h"

#define SUMMARY N_("Commands:\n" \
                   "  limn-convert inspect PATH [--format F]   print what PATH holds, as JSON\n" \
                   "  limn-convert PATH OUT --to F [--from F]  convert PATH to format F\n" \
                   "  limn-convert formats                     list the formats\n" \
                   "Each command takes --help.")

/* Read options every command shares. */
typedef struct
{
  char     *format;
  gboolean  suggestions;
  char     *model;
  char     *model_version;
  gboolean  strict;
  char     *images;
} ReadArgs;

static void
read_args_clear (ReadArgs *args)
{
  g_free (args->format);
  g_free (args->model);
  g_free (args->model_version);
  g_free (args->images);
}

static void
add_read_entries (GOptionContext *context,
                  ReadArgs       *args,
                  const char     *format_name)
{
  GOptionEntry entries[] = {
    { format_name, 'f', 0, G_OPTION_ARG_STRING, &args->format,
      N_("The input's format (default: detected)"), N_("FORMAT") },
    { "pre-labels", 0, 0, G_OPTION_ARG_NONE, &args->suggestions,
      N_("The input holds a model's pre-labels: read them as suggestions"), NULL },
    { "model", 0, 0, G_OPTION_ARG_STRING, &args->model,
      N_("The model that made the pre-labels"), N_("NAME") },
    { "model-version", 0, 0, G_OPTION_ARG_STRING, &args->model_version,
      N_("Its version"), N_("VERSION") },
    { "strict", 0, 0, G_OPTION_ARG_NONE, &args->strict,
      N_("Read nothing rather than leave anything out"), NULL },
    { "images", 0, 0, G_OPTION_ARG_FILENAME, &args->images,
      N_("Also look for the images in this folder"), N_("DIR") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
}

/* Detects or looks up the format, and reads. */
static gboolean
read_input (const char          *path,
            ReadArgs            *args,
            const LimnFormat   **format,
            LimnDataset         *dataset,
            LimnFormatProblems  *problems,
            GError             **error)
{
  LimnFormatReadOptions options = { 0 };

  if (args->format != NULL)
    {
      *format = limn_format_lookup (args->format);
      if (*format == NULL)
        {
          g_set_error (error, LIMN_FORMAT_ERROR, LIMN_FORMAT_ERROR_UNKNOWN,
                       _("Unknown format “%s” (limn-convert formats lists them)."), args->format);
          return FALSE;
        }
    }
  else if ((*format = limn_format_detect (path, NULL, error)) == NULL)
    return FALSE;

  options.suggestions = args->suggestions;
  options.model = args->model;
  options.model_version = args->model_version;
  options.strict = args->strict;
  options.images = args->images;

  return limn_format_read (*format, path, dataset, &options, problems, NULL, error);
}

static void
add_problems (JsonBuilder        *builder,
              LimnFormatProblems *problems)
{
  g_autoptr(GPtrArray) kinds = limn_format_problems_get_kinds (problems);

  json_builder_set_member_name (builder, "problems");
  json_builder_begin_array (builder);
  for (guint i = 0; i < limn_format_problems_get_n (problems); i++)
    {
      const LimnFormatProblem *p = limn_format_problems_get (problems, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "where");
      json_builder_add_string_value (builder, p->where);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, p->kind);
      json_builder_set_member_name (builder, "action");
      json_builder_add_string_value (builder, limn_format_action_to_string (p->action));
      json_builder_set_member_name (builder, "detail");
      json_builder_add_string_value (builder, p->detail);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  /* Every occurrence, also those past the kept ones. */
  json_builder_set_member_name (builder, "problem_counts");
  json_builder_begin_object (builder);
  for (guint i = 0; i < kinds->len; i++)
    {
      json_builder_set_member_name (builder, g_ptr_array_index (kinds, i));
      json_builder_add_int_value (builder, limn_format_problems_count (problems, g_ptr_array_index (kinds, i)));
    }
  json_builder_end_object (builder);
}

static void
add_region (JsonBuilder                 *builder,
            LimnDataset                 *dataset,
            const LimnDatasetItem       *item,
            const LimnDatasetAnnotation *annotation,
            const LimnDatasetRegion     *region,
            gboolean                     suggestion)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, region->kind == LIMN_REGION_BOX ? "image" : "doc");
  json_builder_add_string_value (builder, item->name);
  json_builder_set_member_name (builder, "label");
  json_builder_add_string_value (builder, limn_dataset_get_label (dataset, region->label)->name);

  if (region->kind == LIMN_REGION_BOX)
    {
      const char *names[] = { "x", "y", "w", "h" };
      double values[] = { region->box.x, region->box.y, region->box.w, region->box.h };

      for (guint i = 0; i < 4; i++)
        {
          json_builder_set_member_name (builder, names[i]);
          json_builder_add_double_value (builder, values[i]);
        }
    }
  else
    {
      json_builder_set_member_name (builder, "start");
      json_builder_add_int_value (builder, region->start);
      json_builder_set_member_name (builder, "end");
      json_builder_add_int_value (builder, region->end);
      json_builder_set_member_name (builder, "text");
      json_builder_add_string_value (builder, region->text);
    }

  json_builder_set_member_name (builder, "annotator");
  if (annotation->annotator)
    json_builder_add_string_value (builder, annotation->annotator);
  else
    json_builder_add_null_value (builder);

  if (region->score != LIMN_SCORE_UNSET)
    {
      json_builder_set_member_name (builder, "score");
      json_builder_add_double_value (builder, region->score);
    }

  if (suggestion)
    {
      json_builder_set_member_name (builder, "suggestion");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "model");
      json_builder_add_string_value (builder, annotation->model);
      json_builder_set_member_name (builder, "model_version");
      json_builder_add_string_value (builder, annotation->model_version);
      json_builder_end_object (builder);
    }

  if (region->attrs != NULL)
    {
      json_builder_set_member_name (builder, "attributes");
      json_builder_begin_object (builder);
      for (guint i = 0; region->attrs[i] != NULL; i += 2)
        {
          json_builder_set_member_name (builder, region->attrs[i]);
          json_builder_add_string_value (builder, region->attrs[i + 1]);
        }
      json_builder_end_object (builder);
    }

  json_builder_end_object (builder);
}

static void
add_regions (JsonBuilder    *builder,
             LimnDataset    *dataset,
             LimnRegionKind  kind)
{
  json_builder_set_member_name (builder, kind == LIMN_REGION_BOX ? "boxes" : "spans");
  json_builder_begin_array (builder);
  for (guint i = 0; i < limn_dataset_get_n_items (dataset); i++)
    {
      LimnDatasetItem *item = limn_dataset_get_item (dataset, i);

      for (guint s = 0; s < 2; s++)
        {
          GPtrArray *sets = s == 0 ? item->annotations : item->suggestions;

          for (guint j = 0; j < sets->len; j++)
            {
              LimnDatasetAnnotation *a = g_ptr_array_index (sets, j);

              for (guint r = 0; r < a->regions->len; r++)
                {
                  LimnDatasetRegion *region = &g_array_index (a->regions, LimnDatasetRegion, r);

                  if (region->kind == kind)
                    add_region (builder, dataset, item, a, region, s == 1);
                }
            }
        }
    }
  json_builder_end_array (builder);
}

static void
add_counts (JsonBuilder *builder,
            LimnDataset *dataset)
{
  LimnDatasetCounts c;
  const char *names[] = { "items", "images", "texts", "annotations", "suggestion_sets",
                          "boxes", "spans", "suggested_regions", "labels" };
  guint64 values[9];

  limn_dataset_get_counts (dataset, &c);
  values[0] = c.items;
  values[1] = c.images;
  values[2] = c.texts;
  values[3] = c.annotations;
  values[4] = c.suggestions;
  values[5] = c.boxes;
  values[6] = c.spans;
  values[7] = c.suggested;
  values[8] = limn_dataset_get_n_labels (dataset);

  json_builder_set_member_name (builder, "counts");
  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      json_builder_set_member_name (builder, names[i]);
      json_builder_add_int_value (builder, (gint64) values[i]);
    }
  json_builder_end_object (builder);
}

static void
print_json (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

static int
inspect_main (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("PATH"));
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnDataset) dataset = limn_dataset_new ();
  g_autoptr(LimnFormatProblems) problems = limn_format_problems_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const LimnFormat *format = NULL;
  ReadArgs args = { 0 };
  LimnDatasetCounts counts;
  gboolean ok;
  int status;

  g_option_context_set_summary (context,
                                _("Reads PATH (a file or a folder) and prints, as one JSON "
                                  "document, its format, counts, boxes (pixels), spans (code "
                                  "points, end-exclusive) and the problems met. Exits non-zero "
                                  "only when nothing could be read."));
  add_read_entries (context, &args, "format");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("limn-convert inspect: %s\n", error->message);
      read_args_clear (&args);
      return 2;
    }

  if (argc != 2)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

      g_printerr ("%s", help);
      read_args_clear (&args);
      return 2;
    }

  ok = read_input (argv[1], &args, &format, dataset, problems, &error);
  read_args_clear (&args);
  limn_dataset_get_counts (dataset, &counts);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  if (format != NULL)
    json_builder_add_string_value (builder, format->id);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "path");
  json_builder_add_string_value (builder, argv[1]);
  if (!ok)
    {
      json_builder_set_member_name (builder, "error");
      json_builder_add_string_value (builder, error->message);
    }
  add_counts (builder, dataset);

  json_builder_set_member_name (builder, "labels");
  json_builder_begin_array (builder);
  for (guint i = 0; i < limn_dataset_get_n_labels (dataset); i++)
    json_builder_add_string_value (builder, limn_dataset_get_label (dataset, i)->name);
  json_builder_end_array (builder);

  add_regions (builder, dataset, LIMN_REGION_BOX);
  add_regions (builder, dataset, LIMN_REGION_SPAN);
  add_problems (builder, problems);
  json_builder_end_object (builder);
  print_json (builder);

  /* Something read is a success, however many problems came with it. */
  status = !ok || (counts.items == 0 &&
                   limn_format_problems_count_action (problems, LIMN_FORMAT_SKIPPED) > 0);
  if (!ok)
    g_printerr ("limn-convert: %s\n", error->message);

  return status;
}

static void
print_problems (const char         *heading,
                LimnFormatProblems *problems)
{
  g_autoptr(GPtrArray) kinds = limn_format_problems_get_kinds (problems);

  if (limn_format_problems_count (problems, NULL) == 0)
    return;

  g_print ("%s\n", heading);
  for (guint i = 0; i < limn_format_problems_get_n (problems); i++)
    {
      const LimnFormatProblem *p = limn_format_problems_get (problems, i);

      g_print ("  %s%s%s [%s, %s]\n", p->where, p->where[0] ? ": " : "", p->detail, p->kind,
               limn_format_action_to_string (p->action));
      if (g_str_equal (p->kind, "suggestions-not-written") &&
          !(limn_format_problems_count (problems, "annotations-not-written") > 0))
        g_print ("  %s\n", _("(write the pre-labels on their own with --suggestions)"));
    }

  for (guint i = 0; i < kinds->len; i++)
    {
      const char *kind = g_ptr_array_index (kinds, i);
      guint64 n = limn_format_problems_count (problems, kind);

      if (n > LIMN_FORMAT_PROBLEMS_KEEP)
        g_print (_("  … more of %s, not listed: %" PRIu64 "\n"), kind,
                 n - LIMN_FORMAT_PROBLEMS_KEEP);
    }
}

static int
convert_main (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("PATH OUT"));
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnDataset) dataset = limn_dataset_new ();
  g_autoptr(LimnFormatProblems) read_problems = limn_format_problems_new ();
  g_autoptr(LimnFormatProblems) write_problems = limn_format_problems_new ();
  g_autofree char *to = NULL;
  g_autofree char *annotator = NULL;
  const LimnFormat *from = NULL, *target;
  LimnFormatWriteOptions options = { 0 };
  LimnDatasetCounts counts;
  ReadArgs args = { 0 };
  gboolean suggestions = FALSE;
  GOptionEntry entries[] = {
    { "to", 't', 0, G_OPTION_ARG_STRING, &to, N_("The output's format"), N_("FORMAT") },
    { "annotator", 0, 0, G_OPTION_ARG_STRING, &annotator,
      N_("Write only this annotator's work (default: everyone's)"), N_("NAME") },
    { "suggestions", 0, 0, G_OPTION_ARG_NONE, &suggestions,
      N_("Write the pre-labels (suggestions) instead of the annotations"), NULL },
    { NULL }
  };

  g_option_context_set_summary (context, _(SUMMARY));
  g_option_context_set_description (context,
                                    _("Converts between any two formats through Limn's model and "
                                      "prints what was lost and why."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  add_read_entries (context, &args, "from");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("limn-convert: %s\n", error->message);
      read_args_clear (&args);
      return 2;
    }

  if (argc != 3 || to == NULL)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

      g_printerr ("%s", help);
      read_args_clear (&args);
      return 2;
    }

  target = limn_format_lookup (to);
  if (target == NULL)
    {
      g_printerr (_("limn-convert: unknown format “%s” (limn-convert formats lists them).\n"), to);
      read_args_clear (&args);
      return 2;
    }
  if (target->write == NULL)
    {
      g_printerr (_("limn-convert: Limn reads %s but does not write it.\n"), _(target->name));
      read_args_clear (&args);
      return 2;
    }

  if (!read_input (argv[1], &args, &from, dataset, read_problems, &error))
    {
      print_problems (_("While reading:"), read_problems);
      g_printerr ("limn-convert: %s\n", error->message);
      read_args_clear (&args);
      return 1;
    }
  read_args_clear (&args);

  limn_dataset_get_counts (dataset, &counts);
  g_print (_("Read %s as %s. Items: %" PRIu64 "; boxes: %" PRIu64 "; "
             "spans: %" PRIu64 "; suggested regions: %" PRIu64 ".\n"),
           argv[1], _(from->name), counts.items, counts.boxes, counts.spans, counts.suggested);
  print_problems (_("While reading:"), read_problems);

  options.annotator = annotator;
  options.suggestions = suggestions;
  if (!limn_format_write (target, dataset, argv[2], &options, write_problems, &error))
    {
      print_problems (_("While writing:"), write_problems);
      g_printerr ("limn-convert: %s\n", error->message);
      return 1;
    }

  g_print (_("Wrote %s as %s.\n"), argv[2], _(target->name));
  print_problems (_("What the output does not hold, or holds differently:"), write_problems);

  return 0;
}

static int
formats_main (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  const LimnFormat * const *formats = limn_format_list ();

  g_option_context_set_summary (context, _("Lists the formats limn-convert reads and writes."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("limn-convert formats: %s\n", error->message);
      return 2;
    }

  for (guint i = 0; formats[i] != NULL; i++)
    g_print ("%-14s %-8s %s%s\n", formats[i]->id,
             formats[i]->kind == (LIMN_FORMAT_IMAGES | LIMN_FORMAT_TEXTS) ? _("both")
             : formats[i]->kind == LIMN_FORMAT_IMAGES ? _("images") : _("texts"),
             _(formats[i]->name),
             formats[i]->write == NULL ? _(" (read only)") : "");

  return 0;
}

int
main (int    argc,
      char **argv)
{
  limn_i18n_init ();

  /* Usage lines name the command as typed: "limn-convert inspect". */
  if (argc > 1 && strcmp (argv[1], "inspect") == 0)
    {
      g_set_prgname ("limn-convert inspect");
      return inspect_main (argc - 1, argv + 1);
    }
  if (argc > 1 && strcmp (argv[1], "formats") == 0)
    {
      g_set_prgname ("limn-convert formats");
      return formats_main (argc - 1, argv + 1);
    }

  g_set_prgname ("limn-convert");
  return convert_main (argc, argv);
}
