/* limn-format-coco.c
 *
 * COCO object detection JSON: {images, annotations, categories}. Boxes are
 * [x, y, width, height] in pixels from the top-left corner, as in Limn.
 * Polygons and RLE masks are carried along as region attributes so a COCO
 * file round-trips; other formats keep the box only (docs/formats.md).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-formats"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <math.h>

#include "limn-format-private.h"

#define SKIPPED_CATEGORY (-2)

typedef struct
{
  LimnFormatReader *reader;
  LimnFormatJson   *json;
  LimnJsonScan     *scan;
  const char       *dir;
  GHashTable       *categories;   /* id → label index + 3 (1: skipped category) */
  GHashTable       *images;       /* id → LimnDatasetItem */
  GHashTable       *annotation_ids;
  const char       *subdirs[3];   /* where images are looked for, NULL-terminated */
} Coco;

static guint
coco_detect (const LimnFormatProbe *probe)
{
  guint score = 0;

  if (probe->is_dir || limn_format_probe_first (probe) != '{' ||
      limn_format_probe_has (probe, "\"shapes\""))
    return 0;

  if (limn_format_probe_has (probe, "\"images\""))
    score += 40;
  if (limn_format_probe_has (probe, "\"annotations\""))
    score += 20;
  if (limn_format_probe_has (probe, "\"categories\""))
    score += 20;
  if (limn_format_probe_has (probe, "\"file_name\""))
    score += 10;
  if (limn_format_probe_has (probe, "\"bbox\""))
    score += 5;

  return score >= 40 ? score : 0;
}

static int
category_of (Coco       *coco,
             const char *id)
{
  gpointer value = id ? g_hash_table_lookup (coco->categories, id) : NULL;

  return value == NULL ? -1 : GPOINTER_TO_INT (value) - 3;
}

static void
read_category (Coco  *coco,
               guint  c)
{
  LimnJsonScan *scan = coco->scan;
  LimnFormatReader *reader = coco->reader;
  g_autofree char *where = limn_format_json_where (coco->json, c);
  g_autofree char *id = limn_format_json_value_id (scan, limn_json_scan_member (scan, c, "id"));
  const char *name = limn_format_json_member_string (scan, c, "name");
  int label;

  if (id == NULL || name == NULL)
    {
      limn_format_problems_add (reader->problems, where, "bad-category", LIMN_FORMAT_SKIPPED,
                                _("A category needs an “id” and a “name”: left out."));
      return;
    }

  if (g_hash_table_contains (coco->categories, id))
    {
      limn_format_problems_add (reader->problems, where, "duplicate-id", LIMN_FORMAT_SKIPPED,
                                _("The category id %s is used twice: the second (“%s”) "
                                  "is left out."), id, name);
      return;
    }

  if (g_str_equal (name, "_background_") || g_str_equal (name, "__ignore__"))
    {
      limn_format_problems_add (reader->problems, where, "background-category",
                                LIMN_FORMAT_SKIPPED,
                                _("The category “%s” (id %s) marks background, not an "
                                  "object: it and its annotations are left out."),
                                name, id);
      g_hash_table_insert (coco->categories, g_strdup (id), GINT_TO_POINTER (1));
      return;
    }

  label = limn_dataset_find_label (reader->dataset, name);
  if (label < 0 && reader->options.unknown_labels == LIMN_FORMAT_LABELS_ADD)
    label = (int) limn_dataset_add_label (reader->dataset, name, id, NULL);
  else if (label < 0)
    label = limn_format_reader_label (reader, name, where);

  g_hash_table_insert (coco->categories, g_strdup (id),
                       GINT_TO_POINTER (label < 0 ? 1 : label + 3));
}

/* Where images are looked for: only the folders that are there, one
 * stat each, not one per image and folder (10,000 images). */
static void
find_image_dirs (Coco *coco)
{
  const char *candidates[] = { "images", "../images" };
  guint n_subdirs = 0;

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      g_autofree char *sub = g_build_filename (coco->dir, candidates[i], NULL);

      if (g_file_test (sub, G_FILE_TEST_IS_DIR))
        coco->subdirs[n_subdirs++] = candidates[i];
    }
}

static void
read_image (Coco  *coco,
            guint  v)
{
  LimnJsonScan *scan = coco->scan;
  LimnFormatReader *reader = coco->reader;
  g_autofree char *where = limn_format_json_where (coco->json, v);
  g_autofree char *id = limn_format_json_value_id (scan, limn_json_scan_member (scan, v, "id"));
  g_autofree char *path = NULL;
  const char *file_name = limn_format_json_member_string (scan, v, "file_name");
  double width = 0, height = 0;
  gboolean was_string;
  LimnDatasetItem *item;

  if (id == NULL || file_name == NULL || file_name[0] == '\0')
    {
      limn_format_problems_add (reader->problems, where, "bad-image", LIMN_FORMAT_SKIPPED,
                                _("An image needs an “id” and a “file_name”: left out."));
      return;
    }

  if (g_hash_table_contains (coco->images, id))
    {
      limn_format_problems_add (reader->problems, where, "duplicate-id", LIMN_FORMAT_SKIPPED,
                                _("The image id %s is used twice: the second (“%s”) is "
                                  "left out, with its annotations."), id, file_name);
      return;
    }

  if (!limn_format_json_value_number_loose (scan, limn_json_scan_member (scan, v, "width"), &width, &was_string) ||
      !limn_format_json_value_number_loose (scan, limn_json_scan_member (scan, v, "height"), &height, &was_string) ||
      width < 1 || height < 1 || width > G_MAXINT || height > G_MAXINT)
    width = height = 0;

  path = limn_format_reader_find_image (reader, coco->dir, file_name, (const char * const *) coco->subdirs);
  item = limn_dataset_add_image (reader->dataset, file_name, path, (int) width, (int) height);
  if (width == 0)
    limn_format_reader_probe_size (reader, item, where);
  g_hash_table_insert (coco->images, g_strdup (id), item);
}

/* COCO's compressed RLE string (pycocotools rleFrString) into run lengths. */
static GArray *
rle_from_string (const char *s)
{
  GArray *counts = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (const char *p = s; *p != '\0';)
    {
      /* Built unsigned: 12 chunks of 5 bits at most (a run is a pixel
       * count; 60 bits is plenty), sign-extended from the last chunk. */
      guint64 bits = 0;
      gint64 x, before;
      guint k = 0;
      gboolean more = TRUE;

      while (more)
        {
          int c;

          if (*p == '\0' || k >= 12)
            {
              g_array_unref (counts);
              return NULL;
            }
          c = *p++ - 48;
          bits |= (guint64) (c & 0x1f) << (5 * k);
          more = (c & 0x20) != 0;
          k++;
          if (!more && (c & 0x10))
            bits |= ~(guint64) 0 << (5 * k);
        }
      x = (gint64) bits;
      before = counts->len > 2 ? g_array_index (counts, gint64, counts->len - 2) : 0;
      if ((before > 0 && x > G_MAXINT64 - before) || (before < 0 && x < G_MININT64 - before))
        {
          g_array_unref (counts);
          return NULL;
        }
      x += before;
      if (x < 0)
        {
          g_array_unref (counts);
          return NULL;
        }
      g_array_append_val (counts, x);
    }

  return counts;
}

/* The box and pixel count of an RLE mask {size: [h, w], counts}. Runs go
 * down columns, starting with background. */
static gboolean
rle_bbox (LimnJsonScan *scan,
          guint         rle,
          LimnBox      *box,
          gint64       *area)
{
  guint size = limn_json_scan_member (scan, rle, "size");
  guint counts_v = limn_json_scan_member (scan, rle, "counts");
  g_autoptr(GArray) counts = NULL;
  double h, w;
  gint64 pos = 0, x1 = G_MAXINT64, y1 = G_MAXINT64, x2 = -1, y2 = -1;

  *area = 0;
  if (!limn_format_json_is_type (scan, size, LIMN_JSON_SCAN_ARRAY) ||
      limn_json_scan_get_length (scan, size) != 2 ||
      !limn_format_json_value_number (scan, limn_json_scan_first (scan, size), &h) ||
      !limn_format_json_value_number (scan, limn_json_scan_next (scan, limn_json_scan_first (scan, size)), &w) ||
      h < 1 || w < 1 || h > 1e6 || w > 1e6)
    return FALSE;

  if (limn_format_json_is_type (scan, counts_v, LIMN_JSON_SCAN_STRING))
    counts = rle_from_string (limn_json_scan_get_string (scan, counts_v, NULL));
  else if (limn_format_json_is_type (scan, counts_v, LIMN_JSON_SCAN_ARRAY))
    {
      counts = g_array_new (FALSE, FALSE, sizeof (gint64));
      for (guint c = limn_json_scan_first (scan, counts_v); c != LIMN_JSON_SCAN_NONE;
           c = limn_json_scan_next (scan, c))
        {
          gint64 n;

          if (!limn_json_scan_get_int64 (scan, c, &n) || n < 0)
            return FALSE;
          g_array_append_val (counts, n);
        }
    }

  if (counts == NULL)
    return FALSE;

  for (guint i = 0; i < counts->len; i++)
    {
      gint64 n = g_array_index (counts, gint64, i);

      if (n > (gint64) (h * w) - pos)
        return FALSE;
      if (i % 2 == 1 && n > 0)
        {
          gint64 first = pos, last = pos + n - 1;
          gint64 c1 = first / (gint64) h, c2 = last / (gint64) h;

          x1 = MIN (x1, c1);
          x2 = MAX (x2, c2);
          /* A run spanning columns covers every row between. */
          y1 = MIN (y1, c1 == c2 ? first % (gint64) h : 0);
          y2 = MAX (y2, c1 == c2 ? last % (gint64) h : (gint64) h - 1);
          *area += n;
        }
      pos += n;
    }

  if (x2 < 0)
    return FALSE;

  box->x = x1;
  box->y = y1;
  box->w = x2 - x1 + 1;
  box->h = y2 - y1 + 1;
  return TRUE;
}

/* [[x1, y1, x2, y2, …], …] with numbers in pairs: checked by type only
 * (the numbers are read only if the box must come from them). */
static gboolean
is_polygon (LimnJsonScan *scan,
            guint         value)
{
  for (guint poly = limn_json_scan_first (scan, value); poly != LIMN_JSON_SCAN_NONE;
       poly = limn_json_scan_next (scan, poly))
    {
      if (!limn_format_json_is_type (scan, poly, LIMN_JSON_SCAN_ARRAY) ||
          limn_json_scan_get_length (scan, poly) % 2 != 0 || limn_json_scan_get_length (scan, poly) == 0)
        return FALSE;

      for (guint v = limn_json_scan_first (scan, poly); v != LIMN_JSON_SCAN_NONE;
           v = limn_json_scan_next (scan, v))
        if (!limn_format_json_is_type (scan, v, LIMN_JSON_SCAN_INTEGER) &&
            !limn_format_json_is_type (scan, v, LIMN_JSON_SCAN_DOUBLE))
          return FALSE;
    }

  return TRUE;
}

static char *
raw_json (LimnJsonScan *scan,
          guint         value)
{
  gsize length;
  const char *raw = limn_json_scan_get_raw (scan, value, &length);

  return g_strndup (raw, length);
}

static gboolean
read_bbox (LimnJsonScan *scan,
           guint         bbox,
           LimnBox      *box,
           gboolean     *as_strings)
{
  double v[4];
  guint i = 0;

  *as_strings = FALSE;
  if (!limn_format_json_is_type (scan, bbox, LIMN_JSON_SCAN_ARRAY) ||
      limn_json_scan_get_length (scan, bbox) != 4)
    return FALSE;

  for (guint c = limn_json_scan_first (scan, bbox); c != LIMN_JSON_SCAN_NONE;
       c = limn_json_scan_next (scan, c), i++)
    {
      gboolean was_string;

      if (!limn_format_json_value_number_loose (scan, c, &v[i], &was_string))
        return FALSE;
      *as_strings |= was_string;
    }

  box->x = v[0];
  box->y = v[1];
  box->w = v[2];
  box->h = v[3];
  return TRUE;
}

/* iscrowd as 0/1, true/false or "0"/"1"; -1 when it is something else. */
static int
read_iscrowd (LimnJsonScan *scan,
              guint         value,
              gboolean     *converted)
{
  double n;
  gboolean was_string;

  *converted = FALSE;
  if (value == LIMN_JSON_SCAN_NONE || limn_format_json_is_type (scan, value, LIMN_JSON_SCAN_NULL))
    return 0;
  if (limn_format_json_is_type (scan, value, LIMN_JSON_SCAN_TRUE) ||
      limn_format_json_is_type (scan, value, LIMN_JSON_SCAN_FALSE))
    {
      *converted = TRUE;
      return limn_format_json_is_type (scan, value, LIMN_JSON_SCAN_TRUE);
    }
  if (limn_format_json_value_number_loose (scan, value, &n, &was_string) && (n == 0 || n == 1))
    {
      *converted = was_string;
      return (int) n;
    }

  return -1;
}

static void
read_annotation (Coco  *coco,
                 guint  a)
{
  LimnJsonScan *scan = coco->scan;
  LimnFormatReader *reader = coco->reader;
  g_autofree char *where = limn_format_json_where (coco->json, a);
  g_autofree char *id = limn_format_json_value_id (scan, limn_json_scan_member (scan, a, "id"));
  g_autofree char *image_id = limn_format_json_value_id (scan, limn_json_scan_member (scan, a, "image_id"));
  g_autofree char *category_id = limn_format_json_value_id (scan, limn_json_scan_member (scan, a, "category_id"));
  guint segmentation = limn_json_scan_member (scan, a, "segmentation");
  LimnDatasetItem *item;
  LimnDatasetRegion *region;
  LimnBox box, outline;
  gboolean as_strings = FALSE, converted;
  gboolean has_box, has_rle = FALSE, has_polygon = FALSE;
  gint64 rle_area;
  double score = LIMN_SCORE_UNSET;
  int label, iscrowd;

  if (!limn_format_json_is_type (scan, a, LIMN_JSON_SCAN_OBJECT))
    {
      limn_format_problems_add (reader->problems, where, "bad-annotation", LIMN_FORMAT_SKIPPED,
                                _("An annotation must be an object: left out."));
      return;
    }

  item = image_id ? g_hash_table_lookup (coco->images, image_id) : NULL;
  if (item == NULL)
    {
      limn_format_problems_add (reader->problems, where, "unknown-image", LIMN_FORMAT_SKIPPED,
                                _("The annotation %s refers to image %s, which is not in "
                                  "“images”: left out."),
                                id ? id : "?", image_id ? image_id : "?");
      return;
    }

  label = category_of (coco, category_id);
  if (label == -1)
    {
      limn_format_problems_add (reader->problems, where, "unknown-category", LIMN_FORMAT_SKIPPED,
                                _("The annotation %s has category %s, which is not in "
                                  "“categories”: left out."),
                                id ? id : "?", category_id ? category_id : "?");
      return;
    }
  if (label == SKIPPED_CATEGORY)
    return;

  iscrowd = read_iscrowd (scan, limn_json_scan_member (scan, a, "iscrowd"), &converted);
  if (iscrowd < 0)
    {
      limn_format_problems_add (reader->problems, where, "bad-iscrowd", LIMN_FORMAT_CONVERTED,
                                _("“iscrowd” must be 0 or 1: read as 0."));
      iscrowd = 0;
    }
  else if (converted)
    limn_format_problems_add (reader->problems, where, "iscrowd-type", LIMN_FORMAT_CONVERTED,
                              _("“iscrowd” is given as a string or a boolean: read as %d."),
                              iscrowd);

  if (limn_format_json_is_type (scan, segmentation, LIMN_JSON_SCAN_OBJECT))
    {
      has_rle = rle_bbox (scan, segmentation, &outline, &rle_area);
      if (!has_rle)
        limn_format_problems_add (reader->problems, where, "bad-segmentation", LIMN_FORMAT_SKIPPED,
                                  _("The RLE mask cannot be read: the mask is left out."));
      else if (!iscrowd)
        limn_format_problems_add (reader->problems, where, "rle-not-crowd", LIMN_FORMAT_KEPT,
                                  _("An RLE mask on an annotation that is not a crowd region: "
                                    "kept."));
    }
  else if (limn_format_json_is_type (scan, segmentation, LIMN_JSON_SCAN_ARRAY) &&
           limn_json_scan_get_length (scan, segmentation) > 0)
    {
      has_polygon = is_polygon (scan, segmentation);
      if (!has_polygon)
        limn_format_problems_add (reader->problems, where, "bad-segmentation", LIMN_FORMAT_SKIPPED,
                                  _("The polygons are not lists of x, y pairs: the outline is "
                                    "left out."));
    }

  has_box = read_bbox (scan, limn_json_scan_member (scan, a, "bbox"), &box, &as_strings);
  if (!has_box && (has_rle || (has_polygon && limn_format_json_polygon_bbox (scan, segmentation, &outline))))
    {
      box = outline;
      limn_format_problems_add (reader->problems, where, "bbox-from-segmentation",
                                LIMN_FORMAT_CONVERTED,
                                _("The annotation has no “bbox”: the box around its outline "
                                  "is used."));
    }
  else if (!has_box)
    {
      limn_format_problems_add (reader->problems, where, "bad-box", LIMN_FORMAT_SKIPPED,
                                _("“bbox” must be [x, y, width, height]: annotation left out."));
      return;
    }
  else if (as_strings)
    limn_format_problems_add (reader->problems, where, "number-as-string", LIMN_FORMAT_CONVERTED,
                              _("The “bbox” numbers are written as strings: read as numbers."));

  limn_format_json_member_number (scan, a, "score", &score);
  region = limn_format_reader_add_scored_box (reader, item, label, &box, score, where);
  if (region == NULL)
    return;

  if (iscrowd)
    limn_attrs_set (&region->attrs, "iscrowd", "1");
  if (has_rle || has_polygon)
    {
      g_autofree char *raw = raw_json (scan, segmentation);

      limn_attrs_set (&region->attrs, has_rle ? "rle" : "polygon", raw);
    }

  limn_format_json_read_provenance (scan, limn_json_scan_member (scan, a, "limn_provenance"),
                                    &region->attrs);

  /* The set holds the regions' own id strings, which move with nothing. */
  if (id != NULL && g_hash_table_contains (coco->annotation_ids, id))
    limn_format_problems_add (reader->problems, where, "duplicate-id", LIMN_FORMAT_KEPT,
                              _("The annotation id %s is used twice: both are kept."), id);
  else if (id != NULL)
    {
      region->id = g_steal_pointer (&id);
      g_hash_table_add (coco->annotation_ids, region->id);
    }
}

typedef void (*CocoElementFunc) (Coco *coco, guint value);

/* The section at [@start, @end) of the file, element by element (each
 * scanned alone); a fault fails the read. */
static gboolean
read_section (Coco             *coco,
              gsize             start,
              gsize             end,
              CocoElementFunc   func,
              GError          **error)
{
  g_autoptr(LimnJsonElements) walk = limn_format_json_walk (coco->json, start, end, 1, error);
  g_autoptr(GError) local_error = NULL;
  LimnJsonElement element;

  if (walk == NULL)
    return FALSE;

  while (limn_format_json_step (coco->json, walk, &element, TRUE, &local_error))
    {
      if (!limn_format_reader_poll (coco->reader, error))
        return FALSE;
      coco->scan = limn_format_json_scan (coco->json);
      func (coco, LIMN_JSON_SCAN_ROOT);
    }
  coco->scan = NULL;

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

typedef struct
{
  gsize start;
  gsize end;
} Range;

#define NO_RANGE ((Range) { G_MAXSIZE, G_MAXSIZE })

/* The file is walked, not scanned whole: a first pass over its top level
 * finds where "categories", "images" and "annotations" lie (the last of
 * each name, as a scan's member lookup has it), then each is read element
 * by element in that order, wherever it is in the file; everything else
 * is checked the same way, so a broken file fails as it did when it was
 * scanned whole (when several parts are broken, it may name another one
 * than the first). Memory is then the dataset, not a scan of the file. */
static gboolean
coco_read (LimnFormatReader  *reader,
           const char        *path,
           GError           **error)
{
  g_autofree char *display = g_filename_display_basename (path);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(LimnFormatJson) json = limn_format_json_open (path, display, error);
  g_autoptr(GHashTable) categories = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) images = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) annotation_ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(LimnJsonElements) walk = NULL;
  g_autoptr(GArray) others = g_array_new (FALSE, FALSE, sizeof (Range));
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (Range));
  g_autoptr(GError) local_error = NULL;
  Coco coco = { reader, json, NULL, dir, categories, images, annotation_ids, { NULL } };
  static const char * const names[] = { "images", "annotations", "categories" };
  Range sections[3] = { NO_RANGE, NO_RANGE, NO_RANGE };
  LimnJsonElement member;

  if (json == NULL)
    return FALSE;

  if (limn_format_json_is_container (json, 0, G_MAXSIZE, '{'))
    {
      walk = limn_format_json_walk (json, 0, G_MAXSIZE, 0, error);
      if (walk == NULL)
        return FALSE;
      while (limn_format_json_step (json, walk, &member, FALSE, &local_error))
        {
          Range r = { member.start, member.end };
          guint i;

          g_array_append_val (all, r);
          for (i = 0; i < G_N_ELEMENTS (names); i++)
            if (strlen (names[i]) == member.key_length && memcmp (member.key, names[i], member.key_length) == 0)
              break;
          if (i < G_N_ELEMENTS (names))
            {
              if (sections[i].start != G_MAXSIZE)
                g_array_append_val (others, sections[i]);
              sections[i] = r;
            }
          else
            g_array_append_val (others, r);
        }
      if (local_error != NULL)
        {
          /* The members before the fault were only skipped: one of them
           * may be broken first. */
          for (guint i = 0; i < all->len; i++)
            if (!limn_format_json_check (json, g_array_index (all, Range, i).start,
                                         g_array_index (all, Range, i).end, 1, error))
              return FALSE;
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
  else
    {
      /* Not an object: read whole for the scan's verdict. */
      g_autoptr(LimnFormatJson) whole = limn_format_json_load (path, display, error);

      if (whole == NULL)
        return FALSE;
    }

  if (sections[0].start == G_MAXSIZE || !limn_format_json_is_container (json, sections[0].start, sections[0].end, '[') ||
      sections[2].start == G_MAXSIZE || !limn_format_json_is_container (json, sections[2].start, sections[2].end, '[') ||
      (sections[1].start != G_MAXSIZE && !limn_format_json_is_container (json, sections[1].start, sections[1].end, '[')))
    {
      /* A broken file says so first, as a whole scan did. */
      for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
        if (sections[i].start != G_MAXSIZE &&
            !limn_format_json_check (json, sections[i].start, sections[i].end, 1, error))
          return FALSE;
      for (guint i = 0; i < others->len; i++)
        if (!limn_format_json_check (json, g_array_index (others, Range, i).start,
                                     g_array_index (others, Range, i).end, 1, error))
          return FALSE;

      g_set_error (error, LIMN_FORMAT_ERROR, LIMN_FORMAT_ERROR_MALFORMED,
                   _("“%s” is not a COCO file: it needs an object with the arrays “images”, "
                     "“categories” and “annotations”."), display);
      return FALSE;
    }

  /* The rest ("info", "licenses", earlier copies of a section) is not
   * read, but must be JSON: checked first, being small. */
  for (guint i = 0; i < others->len; i++)
    if (!limn_format_json_check (json, g_array_index (others, Range, i).start,
                                 g_array_index (others, Range, i).end, 1, error))
      return FALSE;

  find_image_dirs (&coco);
  if (!read_section (&coco, sections[2].start, sections[2].end, read_category, error) ||
      !read_section (&coco, sections[0].start, sections[0].end, read_image, error))
    return FALSE;
  if (sections[1].start != G_MAXSIZE &&
      !read_section (&coco, sections[1].start, sections[1].end, read_annotation, error))
    return FALSE;

  return TRUE;
}

/* Writing */

/* Category ids as the labels recorded them when they are whole numbers and
 * unique, else 1…n in label order. */
static GArray *
category_ids (LimnDataset *dataset)
{
  guint n = limn_dataset_get_n_labels (dataset);
  GArray *ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  gboolean keep = TRUE;

  for (guint i = 0; i < n; i++)
    {
      const char *id = limn_dataset_get_label (dataset, i)->id;
      gint64 v = 0;
      char *end = NULL;

      if (id != NULL)
        v = g_ascii_strtoll (id, &end, 10);
      if (id == NULL || *id == '\0' || *end != '\0' || v < 0)
        keep = FALSE;
      g_array_append_val (ids, v);
    }

  for (guint i = 0; keep && i < n; i++)
    if (!g_hash_table_add (seen, &g_array_index (ids, gint64, i)))
      keep = FALSE;

  for (guint i = 0; !keep && i < n; i++)
    g_array_index (ids, gint64, i) = i + 1;

  return ids;
}

static double
polygon_area (const char *json)
{
  g_autoptr(LimnJsonScan) scan = limn_json_scan_new (json, strlen (json), 16, NULL);
  double area = 0;

  if (scan == NULL)
    return 0;

  for (guint poly = limn_json_scan_first (scan, LIMN_JSON_SCAN_ROOT); poly != LIMN_JSON_SCAN_NONE;
       poly = limn_json_scan_next (scan, poly))
    {
      g_autoptr(GArray) xy = g_array_new (FALSE, FALSE, sizeof (double));
      double sum = 0;

      for (guint v = limn_json_scan_first (scan, poly); v != LIMN_JSON_SCAN_NONE;
           v = limn_json_scan_next (scan, v))
        {
          double c = limn_json_scan_get_double (scan, v);

          g_array_append_val (xy, c);
        }

      for (guint i = 0; i + 1 < xy->len; i += 2)
        {
          guint j = (i + 2) % xy->len;

          sum += g_array_index (xy, double, i) * g_array_index (xy, double, j + 1) -
                 g_array_index (xy, double, j) * g_array_index (xy, double, i + 1);
        }
      area += fabs (sum) / 2;
    }

  return area;
}

/* The outline to write: the RLE mask, or a polygon still matching the box
 * (a box moved in Limn no longer matches its old outline: dropped). */
static const char *
current_outline (const LimnDatasetRegion *region,
                 gboolean                *is_rle,
                 guint64                 *stale)
{
  const char *rle = limn_attrs_get (region->attrs, "rle");
  const char *polygon = limn_format_current_polygon (region);

  *is_rle = rle != NULL;
  if (rle != NULL)
    return rle;

  *stale += polygon == NULL && limn_attrs_get (region->attrs, "polygon") != NULL;
  return polygon;
}

static gboolean
coco_write (LimnFormatWriter  *writer,
            const char        *path,
            GError           **error)
{
  g_autoptr(LimnFormatOutput) output = limn_format_output_new (path, error);
  g_autoptr(GArray) ids = NULL;
  LimnDataset *dataset = writer->dataset;
  GString *out;
  guint64 next_id = 1, stale = 0, unsized = 0;
  guint image_id = 0;
  gboolean first = TRUE;

  if (output == NULL)
    return FALSE;

  ids = category_ids (dataset);
  out = limn_format_output_buffer (output);
  g_string_append (out, "{\"info\": {\"description\": \"Written by Limn\"},\n\"images\": [");

  for (guint i = 0; i < limn_dataset_get_n_items (dataset); i++)
    {
      LimnDatasetItem *item = limn_dataset_get_item (dataset, i);

      if (item->kind != LIMN_TASK_IMAGE)
        continue;
      unsized += item->width <= 0;
      g_string_append_printf (out, "%s\n  {\"id\": %u, \"file_name\": ", first ? "" : ",", ++image_id);
      limn_json_writer_append_string (out, item->name);
      g_string_append_printf (out, ", \"width\": %d, \"height\": %d}", item->width, item->height);
      first = FALSE;
    }

  g_string_append (out, "\n],\n\"annotations\": [");
  first = TRUE;
  image_id = 0;
  for (guint i = 0; i < limn_dataset_get_n_items (dataset); i++)
    {
      LimnDatasetItem *item = limn_dataset_get_item (dataset, i);
      g_autoptr(GPtrArray) sets = NULL;

      if (item->kind != LIMN_TASK_IMAGE)
        continue;
      image_id++;
      sets = limn_format_writer_annotations (writer, item);
      for (guint s = 0; s < sets->len; s++)
        {
          LimnDatasetAnnotation *a = g_ptr_array_index (sets, s);

          for (guint r = 0; r < a->regions->len; r++)
            {
              LimnDatasetRegion *region = &g_array_index (a->regions, LimnDatasetRegion, r);
              const char *iscrowd = limn_attrs_get (region->attrs, "iscrowd");
              gboolean is_rle;
              const char *outline;
              double area;

              if (region->kind != LIMN_REGION_BOX)
                continue;

              outline = current_outline (region, &is_rle, &stale);
              area = outline == NULL ? region->box.w * region->box.h
                     : is_rle ? region->box.w * region->box.h : polygon_area (outline);

              g_string_append_printf (out,
                                      "%s\n  {\"id\": %" PRIu64 ", \"image_id\": %u, "
                                      "\"category_id\": %" PRId64 ", \"bbox\": ",
                                      first ? "" : ",", next_id++, image_id,
                                      g_array_index (ids, gint64, region->label));
              limn_format_append_box (out, &region->box);
              g_string_append (out, ", \"area\": ");
              limn_json_writer_append_double (out, area);
              g_string_append_printf (out, ", \"iscrowd\": %d, \"segmentation\": %s",
                                      g_strcmp0 (iscrowd, "1") == 0, outline ? outline : "[]");
              if (region->score != LIMN_SCORE_UNSET)
                {
                  g_string_append (out, ", \"score\": ");
                  limn_json_writer_append_double (out, region->score);
                }
              /* Where it came from, as Limn's own member; other readers
               * pass it by. */
              if (limn_format_has_provenance (region->attrs))
                {
                  g_string_append (out, ", \"limn_provenance\": ");
                  limn_format_append_provenance (out, region->attrs, NULL);
                }
              g_string_append_c (out, '}');
              first = FALSE;

              if (!limn_format_output_flush (output, error))
                return FALSE;
            }
        }
    }

  g_string_append (out, "\n],\n\"categories\": [");
  for (guint i = 0; i < limn_dataset_get_n_labels (dataset); i++)
    {
      g_string_append_printf (out, "%s\n  {\"id\": %" PRId64 ", \"name\": ",
                              i ? "," : "", g_array_index (ids, gint64, i));
      limn_json_writer_append_string (out, limn_dataset_get_label (dataset, i)->name);
      g_string_append (out, ", \"supercategory\": \"\"}");
    }
  g_string_append (out, "\n]}\n");

  if (stale > 0)
    limn_format_problems_add (writer->problems, path, "outline-stale", LIMN_FORMAT_SKIPPED,
                              _("Boxes that no longer match the polygon they were read with, "
                                "written without it: %" PRIu64 "."), stale);
  if (unsized > 0)
    limn_format_problems_add (writer->problems, path, "image-size-unknown", LIMN_FORMAT_KEPT,
                              _("Images of unknown size, written with width and height 0: "
                                "%" PRIu64 "."), unsized);

  return limn_format_output_commit (output, error);
}

static const char * const coco_attributes[] = { "iscrowd", "polygon", "rle", "provenance:", NULL };

const LimnFormat limn_format_coco = {
  "coco", N_("COCO JSON"), LIMN_FORMAT_IMAGES, LIMN_FORMAT_HOLDS_SCORES, coco_attributes,
  coco_detect, coco_read, coco_write,
};
