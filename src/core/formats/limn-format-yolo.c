/* limn-format-yolo.c
 *
 * YOLO text labels: one "class cx cy w h" line per box, normalised to the
 * image's size (0..1, centre-based), so reading needs each image's size
 * (from its header, limn-image-probe). Two layouts:
 * - darknet: images and same-named .txt files side by side (or images/ and
 *   labels/), class names in classes.txt, obj.names or another *.names;
 * - Ultralytics: a data.yaml with `path`, `train`/`val`/`test` and `names`
 *   (a list or a map); labels where the image path has /images/ → /labels/.
 * Only the small part of YAML those files use is read.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-formats"

#include "config.h"

#include <inttypes.h>

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <unistd.h>

#include "limn-format-private.h"

#define MAX_LABEL_FILE (64 * 1024 * 1024)
#define MAX_DEPTH 4

static const char * const names_files[] = { "classes.txt", "obj.names", NULL };
static const char * const yaml_files[] = { "data.yaml", "dataset.yaml", "data.yml", NULL };

/* The YAML subset */

typedef struct
{
  char      *path;
  GPtrArray *splits;   /* train, val, test entries, in that order */
  GPtrArray *names;    /* class index → name (NULL where a map skips one) */
} Yaml;

static void
yaml_clear (Yaml *yaml)
{
  g_free (yaml->path);
  g_clear_pointer (&yaml->splits, g_ptr_array_unref);
  g_clear_pointer (&yaml->names, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Yaml, yaml_clear)

/* A scalar without its comment and quotes. */
static char *
yaml_scalar (const char *text)
{
  g_autofree char *s = g_strstrip (g_strdup (text));
  gsize len = strlen (s);

  if (len >= 2 && (s[0] == '\'' || s[0] == '"'))
    {
      const char *close = strchr (s + 1, s[0]);

      if (close != NULL)
        return g_strndup (s + 1, close - s - 1);
    }

  for (char *p = s; *p != '\0'; p++)
    if (*p == '#' && (p == s || g_ascii_isspace (p[-1])))
      {
        *p = '\0';
        break;
      }

  return g_strstrip (g_strdup (s));
}

static void
set_name (GPtrArray  *names,
          guint       index,
          const char *name)
{
  if (index >= 10000)
    return;
  if (names->len <= index)
    g_ptr_array_set_size (names, index + 1);
  g_free (g_ptr_array_index (names, index));
  g_ptr_array_index (names, index) = g_strdup (name);
}

/* "[a, b]" or "{0: a, 1: b}" */
static void
yaml_inline (const char *value,
             GPtrArray  *list,
             gboolean    as_names)
{
  gsize len = strlen (value);
  char close = value[0] == '{' ? '}' : ']';
  /* "[a, b" without its bracket: what is there. */
  g_autofree char *inner = g_strndup (value + 1, len - 1 - (len > 1 && value[len - 1] == close));
  g_auto(GStrv) parts = g_strsplit (inner, ",", -1);
  gboolean map = value[0] == '{';

  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *colon = map ? strchr (parts[i], ':') : NULL;
      g_autofree char *item = yaml_scalar (colon ? colon + 1 : parts[i]);

      if (item[0] == '\0' && parts[i + 1] == NULL)
        break;
      if (map && colon != NULL && as_names)
        {
          g_autofree char *key = g_strndup (parts[i], colon - parts[i]);
          g_autofree char *k = yaml_scalar (key);

          set_name (list, (guint) g_ascii_strtoull (k, NULL, 10), item);
        }
      else
        g_ptr_array_add (list, g_steal_pointer (&item));
    }
}

static gboolean
yaml_parse (const char  *text,
            Yaml        *yaml,
            GError     **error)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GPtrArray *current = NULL;   /* the list a "- x" or "  k: x" line adds to */
  gboolean names_block = FALSE;

  yaml->splits = g_ptr_array_new_with_free_func (g_free);
  yaml->names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = lines[i];
      g_autofree char *trimmed = g_strstrip (g_strdup (line));
      const char *colon;

      g_strdelimit (line, "\r", ' ');
      if (trimmed[0] == '\0' || trimmed[0] == '#')
        continue;

      if (!g_ascii_isspace (line[0]) && trimmed[0] != '-')
        {
          g_autofree char *key = NULL;
          g_autofree char *value = NULL;

          colon = strchr (trimmed, ':');
          if (colon == NULL)
            continue;
          key = g_strndup (trimmed, colon - trimmed);
          value = yaml_scalar (colon + 1);
          current = NULL;
          names_block = FALSE;

          if (g_str_equal (key, "path"))
            {
              g_free (yaml->path);
              yaml->path = g_steal_pointer (&value);
            }
          else if (g_str_equal (key, "train") || g_str_equal (key, "val") ||
                   g_str_equal (key, "test"))
            {
              if (value[0] == '[')
                yaml_inline (value, yaml->splits, FALSE);
              else if (value[0] != '\0')
                g_ptr_array_add (yaml->splits, g_steal_pointer (&value));
              else
                current = yaml->splits;
            }
          else if (g_str_equal (key, "names"))
            {
              if (value[0] == '[' || value[0] == '{')
                yaml_inline (value, yaml->names, TRUE);
              else
                {
                  current = yaml->names;
                  names_block = TRUE;
                }
            }
          continue;
        }

      if (current == NULL)
        continue;

      if (trimmed[0] == '-')
        {
          g_autofree char *item = yaml_scalar (trimmed + 1);

          g_ptr_array_add (current, g_steal_pointer (&item));
        }
      else if (names_block && (colon = strchr (trimmed, ':')) != NULL)
        {
          g_autofree char *key = g_strndup (trimmed, colon - trimmed);
          g_autofree char *item = yaml_scalar (colon + 1);
          char *end = NULL;
          guint64 index = g_ascii_strtoull (key, &end, 10);

          if (end == key || *end != '\0')
            {
              g_set_error (error, LIMN_FORMAT_ERROR, LIMN_FORMAT_ERROR_MALFORMED,
                           _("line %u: a class in “names” needs a number before the colon."),
                           i + 1);
              return FALSE;
            }
          set_name (current, (guint) MIN (index, G_MAXUINT), item);
        }
    }

  return TRUE;
}

/* Detection */

static char *
find_yaml (const char *dir)
{
  for (guint i = 0; yaml_files[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (dir, yaml_files[i], NULL);

      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return g_steal_pointer (&path);
    }

  return NULL;
}

static char *
find_names_file (const char *dir)
{
  g_autoptr(GPtrArray) others = NULL;

  for (guint i = 0; names_files[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (dir, names_files[i], NULL);

      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return g_steal_pointer (&path);
    }

  others = limn_format_list_dir (dir, ".names", NULL);
  if (others != NULL && others->len > 0)
    return g_build_filename (dir, g_ptr_array_index (others, 0), NULL);

  return NULL;
}

static guint
yolo_detect (const LimnFormatProbe *probe)
{
  g_autofree char *yaml = NULL;
  g_autofree char *names = NULL;
  g_autofree char *labels = NULL;

  if (!probe->is_dir)
    return (limn_format_probe_suffix (probe, ".yaml") || limn_format_probe_suffix (probe, ".yml")) &&
           limn_format_probe_has (probe, "names") ? 95 : 0;

  yaml = find_yaml (probe->path);
  if (yaml != NULL)
    return 95;

  names = find_names_file (probe->path);
  labels = g_build_filename (probe->path, "labels", NULL);
  if (names != NULL)
    return 90;

  return g_file_test (labels, G_FILE_TEST_IS_DIR) ? 60 : 0;
}

/* Reading */

typedef struct
{
  LimnFormatReader *reader;
  const char       *root;       /* names are relative to this */
  GPtrArray        *classes;    /* index → label index + 1, 0: unnamed */
  gboolean          named;      /* a names list was found */
  GHashTable       *seen;       /* image and label file paths read */
} Yolo;

/* The label file for an image: /images/ → /labels/ (the last one), else
 * beside it. */
static char *
label_path_for (const char *image)
{
  g_autofree char *stem = NULL;
  const char *dot = strrchr (image, '.');
  const char *marker = g_strrstr (image, G_DIR_SEPARATOR_S "images" G_DIR_SEPARATOR_S);
  char *swapped;

  stem = dot && dot > strrchr (image, G_DIR_SEPARATOR) ? g_strndup (image, dot - image) : g_strdup (image);
  if (marker != NULL)
    {
      gsize at = marker - image;
      g_autofree char *candidate = g_strdup_printf ("%.*s" G_DIR_SEPARATOR_S "labels%s.txt",
                                                    (int) at, stem, stem + at + strlen ("/images"));

      if (g_file_test (candidate, G_FILE_TEST_IS_REGULAR))
        return g_steal_pointer (&candidate);
    }

  swapped = g_strdup_printf ("%s.txt", stem);
  return swapped;
}

static int
class_label (Yolo       *yolo,
             guint64     index,
             const char *where)
{
  LimnFormatReader *reader = yolo->reader;
  g_autofree char *name = NULL;
  int n;

  if (index < yolo->classes->len && g_ptr_array_index (yolo->classes, index) != NULL)
    return GPOINTER_TO_INT (g_ptr_array_index (yolo->classes, index)) - 1;

  if (yolo->named || index >= 10000)
    {
      limn_format_problems_add (reader->problems, where, "unknown-class", LIMN_FORMAT_SKIPPED,
                                _("Class %" PRIu64 " is not in the class names: box "
                                  "left out."), index);
      return -1;
    }

  name = g_strdup_printf ("%" PRIu64, index);
  n = limn_format_reader_label (reader, name, where);
  if (n < 0)
    return -1;
  if (yolo->classes->len <= index)
    g_ptr_array_set_size (yolo->classes, index + 1);
  g_ptr_array_index (yolo->classes, index) = GINT_TO_POINTER (n + 1);
  limn_format_problems_add (reader->problems, where, "no-class-names", LIMN_FORMAT_CONVERTED,
                            _("There are no class names: class %" PRIu64 " is read as "
                              "the label “%s”."), index, name);
  return n;
}

/* "class cx cy w h [score]" or a polygon "class x1 y1 x2 y2 …". */
static void
read_line (Yolo            *yolo,
           LimnDatasetItem *item,
           const char      *line,
           const char      *where)
{
  LimnFormatReader *reader = yolo->reader;
  g_auto(GStrv) fields = g_strsplit_set (line, " \t", -1);
  g_autoptr(GArray) v = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *polygon = NULL;
  LimnDatasetRegion *region;
  double score = LIMN_SCORE_UNSET;
  guint64 cls;
  char *end = NULL;
  LimnBox box;
  int label;

  for (guint i = 0; fields[i] != NULL; i++)
    {
      double d;

      if (fields[i][0] == '\0')
        continue;
      d = g_ascii_strtod (fields[i], &end);
      if (*end != '\0' || !isfinite (d))
        {
          limn_format_problems_add (reader->problems, where, "bad-line", LIMN_FORMAT_SKIPPED,
                                    _("“%s” is not a number: line left out."), fields[i]);
          return;
        }
      g_array_append_val (v, d);
    }

  if (v->len < 5 || (v->len > 6 && (v->len - 1) % 2 != 0))
    {
      limn_format_problems_add (reader->problems, where, "bad-line", LIMN_FORMAT_SKIPPED,
                                _("A line needs a class and four numbers (or a polygon): %u "
                                  "fields, left out."), v->len);
      return;
    }

  if (g_array_index (v, double, 0) < 0 ||
      g_array_index (v, double, 0) != floor (g_array_index (v, double, 0)))
    {
      limn_format_problems_add (reader->problems, where, "bad-line", LIMN_FORMAT_SKIPPED,
                                _("The class must be a whole number from 0: line left out."));
      return;
    }
  cls = (guint64) MIN (g_array_index (v, double, 0), 1e9);

  if (v->len <= 6)
    {
      double cx = g_array_index (v, double, 1) * item->width;
      double cy = g_array_index (v, double, 2) * item->height;
      double w = g_array_index (v, double, 3) * item->width;
      double h = g_array_index (v, double, 4) * item->height;

      box.x = cx - w / 2;
      box.y = cy - h / 2;
      box.w = w;
      box.h = h;
      if (v->len == 6)
        score = g_array_index (v, double, 5);
    }
  else
    {
      LimnPolygonBuilder builder;

      limn_polygon_builder_init (&builder);
      for (guint i = 1; i + 1 < v->len; i += 2)
        limn_polygon_builder_add (&builder, g_array_index (v, double, i) * item->width,
                                  g_array_index (v, double, i + 1) * item->height);
      polygon = limn_polygon_builder_end (&builder, 3, &box);
      limn_format_problems_add (reader->problems, where, "polygon-to-box", LIMN_FORMAT_CONVERTED,
                                _("A segmentation polygon is read as the box around it (the "
                                  "polygon is kept for formats that hold one)."));
    }

  label = class_label (yolo, cls, where);
  if (label < 0)
    return;

  region = limn_format_reader_add_scored_box (reader, item, label, &box, score, where);
  if (region != NULL && polygon != NULL)
    limn_attrs_set (&region->attrs, "polygon", polygon);
}

static gboolean
read_image (Yolo        *yolo,
            const char  *image,
            GError     **error)
{
  LimnFormatReader *reader = yolo->reader;
  g_autofree char *label_path = label_path_for (image);
  g_autofree char *name = NULL;
  g_autofree char *display = NULL;
  g_autofree char *contents = NULL;
  GError *local_error = NULL;
  g_auto(GStrv) lines = NULL;
  LimnDatasetItem *item;

  if (!g_hash_table_add (yolo->seen, g_strdup (image)))
    return TRUE;

  name = g_str_has_prefix (image, yolo->root) && image[strlen (yolo->root)] == G_DIR_SEPARATOR
         ? g_strdup (image + strlen (yolo->root) + 1) : g_path_get_basename (image);
  display = g_str_has_prefix (label_path, yolo->root) && label_path[strlen (yolo->root)] == G_DIR_SEPARATOR
            ? g_strdup (label_path + strlen (yolo->root) + 1) : g_path_get_basename (label_path);

  item = limn_dataset_add_image (reader->dataset, name, image, 0, 0);
  if (!g_file_test (label_path, G_FILE_TEST_IS_REGULAR))
    return TRUE;   /* an image without boxes */
  g_hash_table_add (yolo->seen, g_strdup (label_path));

  if (!limn_format_read_text_file (label_path, MAX_LABEL_FILE, &contents, NULL, &local_error))
    return limn_format_reader_skip_malformed (reader, display, local_error, error);

  if (!limn_format_reader_probe_size (reader, item, display))
    {
      limn_format_problems_add (reader->problems, display, "image-size-unknown", LIMN_FORMAT_SKIPPED,
                                _("Without the image's size the normalised boxes cannot be "
                                  "placed: the boxes of “%s” are left out."), name);
      return TRUE;
    }

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *where = limn_format_where (display, i + 1);
      char *line = g_strstrip (lines[i]);   /* CR-LF files: the CR goes too */

      if (line[0] == '\0' || line[0] == '#')
        continue;
      read_line (yolo, item, line, where);
    }

  return TRUE;
}

/* Images in @dir and below (a few levels), in name order. */
static gboolean
read_folder (Yolo        *yolo,
             const char  *dir,
             guint        depth,
             GError     **error)
{
  g_autoptr(GPtrArray) names = limn_format_list_dir (dir, "", error);

  if (names == NULL)
    return FALSE;

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (!limn_format_reader_poll (yolo->reader, error))
        return FALSE;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          if (depth < MAX_DEPTH && !g_str_equal (name, "labels") &&
              !g_file_test (path, G_FILE_TEST_IS_SYMLINK) &&
              !read_folder (yolo, path, depth + 1, error))
            return FALSE;
        }
      else if (limn_import_is_image_name (name) && !read_image (yolo, path, error))
        return FALSE;
    }

  return TRUE;
}

/* Whether the first line with text is "class x y w h …". */
static gboolean
looks_like_labels (const char *path)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return FALSE;

  lines = g_strsplit (contents, "\n", 64);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit_set (g_strstrip (lines[i]), " \t", -1);
      guint n = 0;

      if (lines[i][0] == '\0')
        continue;
      for (guint k = 0; fields[k] != NULL; k++)
        {
          char *end = NULL;

          if (fields[k][0] == '\0')
            continue;
          g_ascii_strtod (fields[k], &end);
          if (*end != '\0')
            return FALSE;
          n++;
        }
      return n >= 5;
    }

  return FALSE;
}

/* Label files no image was found for: their boxes cannot be placed. */
static void
report_orphans (Yolo       *yolo,
                const char *dir,
                guint       depth)
{
  g_autoptr(GPtrArray) names = limn_format_list_dir (dir, "", NULL);

  for (guint i = 0; names != NULL && i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      const char *display = g_str_has_prefix (path, yolo->root) ? path + strlen (yolo->root) + 1 : path;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          if (depth < MAX_DEPTH && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
            report_orphans (yolo, path, depth + 1);
        }
      else if (g_str_has_suffix (name, ".txt") && !g_hash_table_contains (yolo->seen, path) &&
               !g_strv_contains (names_files, name) && looks_like_labels (path))
        limn_format_problems_add (yolo->reader->problems, display, "image-missing",
                                  LIMN_FORMAT_SKIPPED,
                                  _("No image was found for this label file (YOLO boxes are "
                                    "fractions of the image's size): its boxes are left out."));
    }
}

/* A split: a folder of images, a .txt list of image paths, or one image. */
static gboolean
read_split (Yolo        *yolo,
            const char  *root,
            const char  *entry,
            GError     **error)
{
  g_autofree char *path = g_path_is_absolute (entry) ? g_strdup (entry)
                          : g_build_filename (root, entry, NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    return read_folder (yolo, path, 0, error);

  if (limn_import_is_image_name (path) && g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return read_image (yolo, path, error);

  if (!g_str_has_suffix (path, ".txt") ||
      !limn_format_read_text_file (path, MAX_LABEL_FILE, &contents, NULL, NULL))
    {
      limn_format_problems_add (yolo->reader->problems, entry, "missing-split", LIMN_FORMAT_SKIPPED,
                                _("The split “%s” is neither a folder of images nor a list of "
                                  "them: left out."), entry);
      return TRUE;
    }

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      g_autofree char *image = NULL;

      if (line[0] == '\0')
        continue;
      image = g_path_is_absolute (line) ? g_strdup (line) : g_build_filename (root, line, NULL);
      if (!g_file_test (image, G_FILE_TEST_IS_REGULAR))
        {
          g_autofree char *where = limn_format_where (entry, i + 1);

          limn_format_problems_add (yolo->reader->problems, where, "image-missing",
                                    LIMN_FORMAT_SKIPPED,
                                    _("The image “%s” does not exist: left out."), line);
          continue;
        }
      if (!read_image (yolo, image, error))
        return FALSE;
    }

  return TRUE;
}

static void
add_classes (Yolo      *yolo,
             GPtrArray *names,
             const char *where)
{
  yolo->named = TRUE;
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      int label;

      g_ptr_array_add (yolo->classes, NULL);
      if (name == NULL || name[0] == '\0')
        continue;
      label = limn_dataset_find_label (yolo->reader->dataset, name);
      if (label < 0 && yolo->reader->options.unknown_labels == LIMN_FORMAT_LABELS_ADD)
        {
          g_autofree char *id = g_strdup_printf ("%u", i);

          label = (int) limn_dataset_add_label (yolo->reader->dataset, name, id, NULL);
        }
      else if (label < 0)
        label = limn_format_reader_label (yolo->reader, name, where);
      if (label >= 0)
        g_ptr_array_index (yolo->classes, i) = GINT_TO_POINTER (label + 1);
    }
}

static gboolean
yolo_read (LimnFormatReader  *reader,
           const char        *path,
           GError           **error)
{
  g_autoptr(GPtrArray) classes = g_ptr_array_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *yaml_path = NULL;
  g_autofree char *names_path = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *root = NULL;
  Yolo yolo = { reader, NULL, classes, FALSE, seen };

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      dir = g_canonicalize_filename (path, NULL);
      yaml_path = find_yaml (dir);
    }
  else
    {
      yaml_path = g_canonicalize_filename (path, NULL);
      dir = g_path_get_dirname (yaml_path);
    }

  if (yaml_path != NULL)
    {
      g_auto(Yaml) yaml = { 0 };
      g_autofree char *contents = NULL;
      g_autofree char *display = g_filename_display_basename (yaml_path);
      g_autoptr(GError) local_error = NULL;

      if (!limn_format_read_text_file (yaml_path, 1024 * 1024, &contents, NULL, error))
        return FALSE;
      if (!yaml_parse (contents, &yaml, &local_error))
        {
          g_set_error (error, LIMN_FORMAT_ERROR, LIMN_FORMAT_ERROR_MALFORMED,
                       "%s: %s", display, local_error->message);
          return FALSE;
        }
      if (yaml.names->len == 0)
        {
          g_set_error (error, LIMN_FORMAT_ERROR, LIMN_FORMAT_ERROR_MALFORMED,
                       _("“%s” has no class “names”."), display);
          return FALSE;
        }

      root = yaml.path == NULL ? g_strdup (dir)
             : g_path_is_absolute (yaml.path) ? g_strdup (yaml.path)
             : g_build_filename (dir, yaml.path, NULL);
      if (!g_file_test (root, G_FILE_TEST_IS_DIR))
        {
          limn_format_problems_add (reader->problems, display, "missing-split", LIMN_FORMAT_CONVERTED,
                                    _("The dataset “path” %s does not exist here: read from the "
                                      "folder of the YAML file instead."), yaml.path);
          g_free (root);
          root = g_strdup (dir);
        }
      yolo.root = root;
      add_classes (&yolo, yaml.names, display);

      if (yaml.splits->len == 0 && !read_folder (&yolo, root, 0, error))
        return FALSE;
      for (guint i = 0; i < yaml.splits->len; i++)
        if (!read_split (&yolo, root, g_ptr_array_index (yaml.splits, i), error))
          return FALSE;
    }
  else
    {
      yolo.root = dir;
      names_path = find_names_file (dir);
      if (names_path != NULL)
        {
          g_autofree char *contents = NULL;
          g_autofree char *display = g_filename_display_basename (names_path);
          g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
          g_auto(GStrv) lines = NULL;

          if (!limn_format_read_text_file (names_path, 1024 * 1024, &contents, NULL, error))
            return FALSE;
          lines = g_strsplit (contents, "\n", -1);
          for (guint i = 0; lines[i] != NULL; i++)
            {
              char *name = g_strstrip (lines[i]);

              if (name[0] != '\0' || lines[i + 1] != NULL)
                g_ptr_array_add (names, g_strdup (name));
            }
          while (names->len > 0 && ((char *) g_ptr_array_index (names, names->len - 1))[0] == '\0')
            g_ptr_array_set_size (names, names->len - 1);
          add_classes (&yolo, names, display);
        }

      if (!read_folder (&yolo, dir, 0, error))
        return FALSE;
    }

  report_orphans (&yolo, yolo.root, 0);

  return TRUE;
}

/* Writing */

static void
append_names (LimnDataset *dataset,
              GString     *yaml,
              GString     *classes)
{
  for (guint i = 0; i < limn_dataset_get_n_labels (dataset); i++)
    {
      g_autofree char *name = g_strdup (limn_dataset_get_label (dataset, i)->name);

      g_string_append_printf (yaml, "  %u: ", i);
      limn_json_writer_append_string (yaml, name);
      g_string_append_c (yaml, '\n');
      g_string_append_printf (classes, "%s\n", g_strdelimit (name, "\r\n", ' '));
    }
}

static gboolean
yolo_write (LimnFormatWriter  *writer,
            const char        *path,
            GError           **error)
{
  LimnDataset *dataset = writer->dataset;
  g_autofree char *images = g_build_filename (path, "images", NULL);
  g_autofree char *labels = g_build_filename (path, "labels", NULL);
  g_autofree char *yaml_path = g_build_filename (path, "data.yaml", NULL);
  g_autofree char *classes_path = g_build_filename (path, "classes.txt", NULL);
  g_autoptr(GString) yaml = g_string_new ("# Written by Limn (Ultralytics layout; classes.txt "
                                          "is the same list for darknet)\npath: .\ntrain: images\n"
                                          "val: images\nnames:\n");
  g_autoptr(GString) classes = g_string_new (NULL);
  g_autoptr(GHashTable) used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint64 unsized = 0, missing = 0;

  if (!limn_format_make_dir (images, error) || !limn_format_make_dir (labels, error))
    return FALSE;

  for (guint i = 0; i < limn_dataset_get_n_items (dataset); i++)
    {
      LimnDatasetItem *item = limn_dataset_get_item (dataset, i);
      g_autoptr(GPtrArray) sets = NULL;
      g_autoptr(GString) out = NULL;
      g_autofree char *base = NULL;
      g_autofree char *stem = NULL;
      g_autofree char *ext = NULL;
      g_autofree char *file = NULL;
      g_autofree char *image = NULL;
      LimnDatasetAnnotation *a;
      char *dot;

      if (item->kind != LIMN_TASK_IMAGE)
        continue;

      base = g_path_get_basename (item->name);
      dot = strrchr (base, '.');
      ext = g_strdup (dot && dot != base ? dot : "");
      if (dot != NULL && dot != base)
        *dot = '\0';
      stem = limn_format_unique_name (used, base, "");

      if (item->width <= 0 || item->height <= 0)
        {
          unsized++;
          continue;
        }

      if (item->path != NULL)
        {
          g_autofree char *image_name = g_strdup_printf ("%s%s", stem, ext);

          image = g_build_filename (images, image_name, NULL);
          if (!limn_format_link_image (item, image, error))
            return FALSE;
        }
      else
        missing++;

      sets = limn_format_writer_annotations (writer, item);
      a = sets->len > 0 ? g_ptr_array_index (sets, 0) : NULL;
      out = g_string_new (NULL);
      for (guint r = 0; a != NULL && r < a->regions->len; r++)
        {
          LimnDatasetRegion *region = &g_array_index (a->regions, LimnDatasetRegion, r);
          const LimnBox *b = &region->box;

          if (region->kind != LIMN_REGION_BOX)
            continue;
          g_string_append_printf (out, "%u ", region->label);
          limn_json_writer_append_double (out, (b->x + b->w / 2) / item->width);
          g_string_append_c (out, ' ');
          limn_json_writer_append_double (out, (b->y + b->h / 2) / item->height);
          g_string_append_c (out, ' ');
          limn_json_writer_append_double (out, b->w / item->width);
          g_string_append_c (out, ' ');
          limn_json_writer_append_double (out, b->h / item->height);
          if (region->score != LIMN_SCORE_UNSET)
            {
              g_string_append_c (out, ' ');
              limn_json_writer_append_double (out, region->score);
            }
          g_string_append_c (out, '\n');
        }

      {
        g_autofree char *name = g_strdup_printf ("%s.txt", stem);

        file = g_build_filename (labels, name, NULL);
        if (!limn_format_write_file (file, out->str, out->len, error))
          return FALSE;
      }
    }

  append_names (dataset, yaml, classes);
  if (!limn_format_write_file (yaml_path, yaml->str, yaml->len, error) ||
      !limn_format_write_file (classes_path, classes->str, classes->len, error))
    return FALSE;

  if (unsized > 0)
    limn_format_problems_add (writer->problems, path, "image-size-unknown", LIMN_FORMAT_SKIPPED,
                              _("Images of unknown size, whose boxes cannot be normalised and are "
                                "left out: %" PRIu64 "."), unsized);
  if (missing > 0)
    limn_format_problems_add (writer->problems, path, "image-not-written", LIMN_FORMAT_KEPT,
                              _("Images not on this computer, whose label files are written but "
                                "cannot be read back without the image beside them (in images/): "
                                "%" PRIu64 "."), missing);

  return TRUE;
}

const LimnFormat limn_format_yolo = {
  "yolo", N_("YOLO (darknet or Ultralytics)"), LIMN_FORMAT_IMAGES,
  LIMN_FORMAT_HOLDS_SCORES | LIMN_FORMAT_WRITES_FOLDER, NULL,
  yolo_detect, yolo_read, yolo_write,
};
