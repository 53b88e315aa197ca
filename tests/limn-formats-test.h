/* limn-formats-test.h
 *
 * Helpers the format tests share: fixtures written into a temporary
 * folder, reading with checks, a dataset's regions as sorted text lines (so
 * two datasets compare with one string assertion and a readable diff), and
 * feeding damaged copies of a fixture to a reader.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <math.h>

#include "formats/limn-format.h"
#include "limn-test-util.h"

G_BEGIN_DECLS

/* A fresh folder per test, removed after it. */
typedef struct
{
  char *dir;
} Fixture;

static inline void
fx_setup (Fixture       *f,
          gconstpointer  data)
{
  f->dir = limn_test_mkdtemp ();
}

static inline void
fx_teardown (Fixture       *f,
             gconstpointer  data)
{
  limn_test_rm_rf (f->dir);
  g_free (f->dir);
}

static inline char *
sub (Fixture    *f,
     const char *name)
{
  return g_build_filename (f->dir, name, NULL);
}

static inline char *
fx_write (const char *dir,
          const char *name,
          const char *contents)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autofree char *parent = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return path;
}

/* A plain PNG of @width × @height, for readers that need image sizes. */
static inline char *
fx_png (const char *dir,
        const char *name,
        int         width,
        int         height)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);
  g_autofree char *parent = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  gdk_pixbuf_fill (pixbuf, 0x808080ff);
  g_assert_true (gdk_pixbuf_save (pixbuf, path, "png", &error, NULL));
  g_assert_no_error (error);
  return path;
}

/* Reads @path as @id, which must succeed. */
static inline LimnDataset *
fx_read_with (const char                  *id,
              const char                  *path,
              const LimnFormatReadOptions *options,
              LimnFormatProblems          *problems)
{
  g_autoptr(GError) error = NULL;
  const LimnFormat *format = limn_format_lookup (id);
  LimnDataset *dataset = limn_dataset_new ();

  g_assert_nonnull (format);
  g_assert_true (limn_format_read (format, path, dataset, options, problems, NULL, &error));
  g_assert_no_error (error);
  return dataset;
}

static inline LimnDataset *
fx_read (const char         *id,
         const char         *path,
         LimnFormatProblems *problems)
{
  return fx_read_with (id, path, NULL, problems);
}

static inline void
fx_write_as (const char         *id,
             LimnDataset        *dataset,
             const char         *path,
             LimnFormatProblems *problems)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (limn_format_write (limn_format_lookup (id), dataset, path, NULL, problems, &error));
  g_assert_no_error (error);
}

/* Whether a problem of @kind was reported at a place containing @where
 * (%NULL: anywhere). */
static inline gboolean
fx_has_problem (LimnFormatProblems *problems,
                const char         *kind,
                const char         *where)
{
  for (guint i = 0; i < limn_format_problems_get_n (problems); i++)
    {
      const LimnFormatProblem *p = limn_format_problems_get (problems, i);

      if (g_str_equal (p->kind, kind) && (where == NULL || strstr (p->where, where) != NULL))
        return TRUE;
    }

  return FALSE;
}

static inline void
fx_print_problems (LimnFormatProblems *problems)
{
  for (guint i = 0; i < limn_format_problems_get_n (problems); i++)
    {
      const LimnFormatProblem *p = limn_format_problems_get (problems, i);

      g_test_message ("%s: %s [%s, %s]", p->where, p->detail, p->kind,
                      limn_format_action_to_string (p->action));
    }
}

#define fx_assert_problem(problems, kind, where) \
  G_STMT_START { \
    if (!fx_has_problem ((problems), (kind), (where))) \
      { \
        fx_print_problems (problems); \
        g_error ("no “%s” problem at %s", (kind), (where) ? (where) : "any place"); \
      } \
  } G_STMT_END

typedef enum
{
  FX_NAMES     = 1 << 0,   /* item names as they are (else base names, for images) */
  FX_ATTRS     = 1 << 1,   /* region attributes too */
  FX_NO_WHO    = 1 << 2,   /* leave annotators out */
  FX_ANNOTATIONS = 1 << 3, /* leave suggestions out */
} FxFlags;

static inline int
fx_compare_lines (gconstpointer a,
                  gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Every region as "item | who | label | geometry [| attrs]", sorted. */
static inline char *
fx_regions (LimnDataset *dataset,
            FxFlags      flags)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < limn_dataset_get_n_items (dataset); i++)
    {
      LimnDatasetItem *item = limn_dataset_get_item (dataset, i);
      g_autofree char *name = (flags & FX_NAMES) || item->kind == LIMN_TASK_TEXT
                              ? g_strdup (item->name) : g_path_get_basename (item->name);

      for (guint s = 0; s < ((flags & FX_ANNOTATIONS) ? 1 : 2); s++)
        {
          GPtrArray *sets = s ? item->suggestions : item->annotations;

          for (guint j = 0; j < sets->len; j++)
            {
              LimnDatasetAnnotation *a = g_ptr_array_index (sets, j);
              g_autofree char *who = s ? g_strdup_printf ("model %s", a->model_version)
                                     : g_strdup (a->annotator ? a->annotator : "-");

              for (guint r = 0; r < a->regions->len; r++)
                {
                  LimnDatasetRegion *region = &g_array_index (a->regions, LimnDatasetRegion, r);
                  const char *label = limn_dataset_get_label (dataset, region->label)->name;
                  GString *line = g_string_new (NULL);

                  g_string_append_printf (line, "%s | %s | %s | ", name,
                                          (flags & FX_NO_WHO) ? "" : who, label);
                  if (region->kind == LIMN_REGION_BOX)
                    g_string_append_printf (line, "%.4f %.4f %.4f %.4f", region->box.x, region->box.y,
                                            region->box.w, region->box.h);
                  else
                    g_string_append_printf (line, "%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT " “%s”",
                                            region->start, region->end, region->text);
                  if (region->score != LIMN_SCORE_UNSET)
                    g_string_append_printf (line, " score %.4f", region->score);
                  for (guint k = 0; (flags & FX_ATTRS) && region->attrs && region->attrs[k]; k += 2)
                    g_string_append_printf (line, " %s=%s", region->attrs[k], region->attrs[k + 1]);
                  g_ptr_array_add (lines, g_string_free (line, FALSE));
                }
            }
        }
    }

  g_ptr_array_sort (lines, fx_compare_lines);
  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (out, "%s\n", (char *) g_ptr_array_index (lines, i));

  return g_string_free (out, FALSE);
}

/* Reads @path as @id, writes it back in the same format, reads that, and
 * checks the regions are the same. */
static inline void
fx_round_trip (const char *id,
               const char *path,
               const char *out,
               FxFlags     flags)
{
  g_autoptr(LimnFormatProblems) problems = limn_format_problems_new ();
  g_autoptr(LimnDataset) first = fx_read (id, path, problems);
  g_autoptr(LimnDataset) second = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  fx_write_as (id, first, out, problems);
  second = fx_read (id, out, problems);
  a = fx_regions (first, flags);
  b = fx_regions (second, flags);
  g_assert_cmpstr (a, !=, "");
  g_assert_cmpstr (a, ==, b);
}

/* The format detection picks for @path. */
static inline const char *
fx_detect (const char *path)
{
  g_autoptr(GError) error = NULL;
  const LimnFormat *format = limn_format_detect (path, NULL, &error);

  return format ? format->id : "(none)";
}

/* Damaged copies of the file @source (cut short at many lengths, bytes
 * changed), put at @target and read as @id from @read_path (the file, or
 * the folder holding it): never a crash, and a failed read leaves
 * nothing behind. */
static inline void
fx_garble (const char *id,
           const char *source,
           const char *target,
           const char *read_path)
{
  g_autofree char *contents = NULL;
  gsize length;
  GRand *rand = g_rand_new_with_seed (20);

  g_assert_true (g_file_get_contents (source, &contents, &length, NULL));

  for (guint round = 0; round < 120; round++)
    {
      g_autofree char *copy = g_memdup2 (contents, length + 1);
      g_autoptr(LimnDataset) dataset = limn_dataset_new ();
      g_autoptr(LimnFormatProblems) problems = limn_format_problems_new ();
      g_autoptr(GError) error = NULL;
      gsize n = length;

      if (round < 40)
        n = length * round / 40;
      else
        for (guint k = 0; k < 1 + round % 5; k++)
          {
            static const char junk[] = "\0\"{}[],:\\\n\r\t-9e99\xff\xc3<>&;/ ";

            copy[g_rand_int_range (rand, 0, MAX (length, 1))] = junk[g_rand_int_range (rand, 0, sizeof junk - 1)];
          }

      g_assert_true (g_file_set_contents (target, copy, n, NULL));
      if (!limn_format_read (limn_format_lookup (id), read_path, dataset, NULL, problems, NULL, &error))
        {
          g_assert_nonnull (error);
          g_assert_cmpuint (limn_dataset_get_n_items (dataset), ==, 0);
        }
    }

  /* Leave the fixture as it was for the tests after. */
  g_assert_true (g_file_set_contents (target, contents, length, NULL));
  g_rand_free (rand);
}

G_END_DECLS
