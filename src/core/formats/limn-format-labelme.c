/* limn-format-labelme.c
 *
 * labelme JSON, one file per image (a file or a folder of them). Points are
 * pixels from the top-left corner. Rectangles are boxes; a polygon, circle
 * or mask becomes the box around it (a polygon is carried along for
 * formats that hold one); lines and points have no box and are left out.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-formats"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <math.h>

#include "limn-format-private.h"
#include "model/limn-geometry.h"

static guint
labelme_detect (const LimnFormatProbe *probe)
{
  g_autofree char *head = NULL;

  if (probe->is_dir)
    {
      head = limn_format_probe_folder_head (probe->path, ".json", NULL);
      return head != NULL && strstr (head, "\"shapes\"") != NULL &&
             strstr (head, "\"image") != NULL ? 90 : 0;
    }

  if (limn_format_probe_first (probe) != '{' || !limn_format_probe_has (probe, "\"shapes\""))
    return 0;

  return limn_format_probe_has (probe, "\"imagePath\"") ||
         limn_format_probe_has (probe, "\"imageData\"") ? 95 : 50;
}

/* Points [[x, y], …] as a COCO-style polygon "[[x1,y1,x2,y2,…]]" and its
 * box; %NULL when they are not points. */
static char *
read_points (LimnJsonScan *scan,
             guint         points,
             guint        *n_points,
             LimnBox      *box)
{
  LimnPolygonBuilder builder;

  limn_polygon_builder_init (&builder);
  for (guint p = limn_json_scan_first (scan, points); p != LIMN_JSON_SCAN_NONE;
       p = limn_json_scan_next (scan, p))
    {
      guint first = limn_json_scan_first (scan, p);
      double x, y;

      if (limn_json_scan_get_length (scan, p) != 2 ||
          !limn_format_json_value_number (scan, first, &x) ||
          !limn_format_json_value_number (scan, limn_json_scan_next (scan, first), &y))
        {
          limn_polygon_builder_clear (&builder);
          return NULL;
        }
      limn_polygon_builder_add (&builder, x, y);
    }

  *n_points = builder.n_points;
  return limn_polygon_builder_end (&builder, 1, box);
}

static void
read_shape (LimnFormatReader *reader,
            LimnFormatJson   *json,
            LimnDatasetItem  *item,
            guint             shape)
{
  LimnJsonScan *scan = limn_format_json_scan (json);
  g_autofree char *where = limn_format_json_where (json, shape);
  g_autofree char *polygon = NULL;
  g_autofree char *group = NULL;
  const char *type = limn_format_json_member_string (scan, shape, "shape_type");
  const char *description = limn_format_json_member_string (scan, shape, "description");
  guint points = limn_json_scan_member (scan, shape, "points");
  LimnDatasetRegion *region;
  LimnBox box;
  guint n = 0;
  int label;

  if (type == NULL)
    type = "polygon";   /* labelme before 3.0 wrote no type: polygons */

  if (g_str_equal (type, "point") || g_str_equal (type, "points") ||
      g_str_equal (type, "line") || g_str_equal (type, "linestrip"))
    {
      limn_format_problems_add (reader->problems, where, "shape-without-area", LIMN_FORMAT_SKIPPED,
                                _("A labelme “%s” has no area to make a box of: left out."), type);
      return;
    }

  if (!g_str_equal (type, "rectangle") && !g_str_equal (type, "polygon") &&
      !g_str_equal (type, "circle") && !g_str_equal (type, "mask"))
    {
      limn_format_problems_add (reader->problems, where, "unknown-shape", LIMN_FORMAT_SKIPPED,
                                _("The shape type “%s” is unknown: left out."), type);
      return;
    }

  label = limn_format_reader_label (reader, limn_format_json_member_string (scan, shape, "label"),
                                    where);
  if (label < 0)
    return;

  if (!limn_format_json_is_type (scan, points, LIMN_JSON_SCAN_ARRAY) ||
      (polygon = read_points (scan, points, &n, &box)) == NULL ||
      (g_str_equal (type, "polygon") ? n < 3 : n != 2))
    {
      limn_format_problems_add (reader->problems, where, "bad-shape", LIMN_FORMAT_SKIPPED,
                                _("The %s has the wrong number of points, or points that are "
                                  "not [x, y]: left out."), type);
      return;
    }

  if (g_str_equal (type, "circle"))
    {
      guint centre = limn_json_scan_first (scan, points);
      guint edge = limn_json_scan_next (scan, centre);
      double cx = limn_json_scan_get_double (scan, limn_json_scan_first (scan, centre));
      double cy = limn_json_scan_get_double (scan, limn_json_scan_next (scan, limn_json_scan_first (scan, centre)));
      double ex = limn_json_scan_get_double (scan, limn_json_scan_first (scan, edge));
      double ey = limn_json_scan_get_double (scan, limn_json_scan_next (scan, limn_json_scan_first (scan, edge)));
      double r = hypot (ex - cx, ey - cy);

      /* The first point is the centre, the second one on the circle. */
      box.x = cx - r;
      box.y = cy - r;
      box.w = box.h = 2 * r;
      limn_format_problems_add (reader->problems, where, "circle-to-box", LIMN_FORMAT_CONVERTED,
                                _("A circle is read as the box around it."));
    }
  else if (g_str_equal (type, "polygon"))
    limn_format_problems_add (reader->problems, where, "polygon-to-box", LIMN_FORMAT_CONVERTED,
                              _("A polygon is read as the box around it (the polygon is kept for "
                                "formats that hold one)."));
  else if (g_str_equal (type, "mask"))
    limn_format_problems_add (reader->problems, where, "mask-to-box", LIMN_FORMAT_CONVERTED,
                              _("A mask is read as its box; the mask image is not kept."));

  region = limn_format_reader_add_box (reader, item, limn_format_reader_annotation (reader, item, NULL),
                                       label, &box, where);
  if (region == NULL)
    return;

  if (g_str_equal (type, "polygon"))
    limn_attrs_set (&region->attrs, "polygon", polygon);
  if (description != NULL && description[0] != '\0')
    limn_attrs_set (&region->attrs, "note", description);
  group = limn_format_json_value_id (scan, limn_json_scan_member (scan, shape, "group_id"));
  region->group = g_steal_pointer (&group);
  limn_format_json_read_provenance (scan, limn_json_scan_member (scan, shape, "limn_provenance"),
                                    &region->attrs);
}

static void
report_flags (LimnFormatReader *reader,
              LimnJsonScan     *scan,
              const char       *display)
{
  guint flags = limn_json_scan_member (scan, LIMN_JSON_SCAN_ROOT, "flags");
  g_autoptr(GString) set = g_string_new (NULL);

  for (guint k = limn_json_scan_first (scan, flags); k != LIMN_JSON_SCAN_NONE;
       k = limn_json_scan_next (scan, limn_json_scan_next (scan, k)))
    if (limn_format_json_is_type (scan, limn_json_scan_next (scan, k), LIMN_JSON_SCAN_TRUE))
      g_string_append_printf (set, "%s%s", set->len ? ", " : "", limn_json_scan_get_string (scan, k, NULL));

  if (set->len > 0 && limn_format_json_is_type (scan, flags, LIMN_JSON_SCAN_OBJECT))
    limn_format_problems_add (reader->problems, display, "image-flags", LIMN_FORMAT_SKIPPED,
                              _("Image flags (%s) are not regions: not kept."), set->str);
}

static gboolean
read_one (LimnFormatReader  *reader,
          const char        *path,
          const char        *display,
          GError           **error)
{
  g_autoptr(LimnFormatJson) json = limn_format_json_load (path, display, error);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *recorded = NULL;
  g_autofree char *image = NULL;
  g_autofree char *name = NULL;
  LimnJsonScan *scan;
  LimnDatasetItem *item;
  guint shapes;
  double width = 0, height = 0;
  const char *image_path;

  if (json == NULL)
    return FALSE;

  scan = limn_format_json_scan (json);
  shapes = limn_json_scan_member (scan, LIMN_JSON_SCAN_ROOT, "shapes");
  image_path = limn_format_json_member_string (scan, LIMN_JSON_SCAN_ROOT, "imagePath");
  if (!limn_format_json_is_type (scan, shapes, LIMN_JSON_SCAN_ARRAY) || image_path == NULL)
    {
      g_set_error (error, LIMN_FORMAT_ERROR, LIMN_FORMAT_ERROR_MALFORMED,
                   _("“%s” is not a labelme file: it needs “shapes” and “imagePath”."), display);
      return FALSE;
    }

  /* Written on Windows, imagePath has backslashes. */
  recorded = g_strdelimit (g_strdup (image_path), "\\", '/');
  name = g_path_get_basename (recorded);
  {
    g_autofree char *joined = g_path_is_absolute (recorded)
                              ? g_strdup (recorded) : g_build_filename (dir, recorded, NULL);

    image = g_canonicalize_filename (joined, NULL);
    if (!g_file_test (image, G_FILE_TEST_IS_REGULAR))
      {
        g_free (image);
        image = limn_format_reader_find_image (reader, dir, name, NULL);
      }
  }

  limn_format_json_member_number (scan, LIMN_JSON_SCAN_ROOT, "imageWidth", &width);
  limn_format_json_member_number (scan, LIMN_JSON_SCAN_ROOT, "imageHeight", &height);
  if (!(width >= 1 && height >= 1 && width <= G_MAXINT && height <= G_MAXINT))
    width = height = 0;

  item = limn_dataset_add_image (reader->dataset, name, image, (int) width, (int) height);
  if (width == 0)
    limn_format_reader_probe_size (reader, item, display);

  if (image == NULL &&
      limn_format_json_is_type (scan,
                                limn_json_scan_member (scan, LIMN_JSON_SCAN_ROOT, "imageData"),
                                LIMN_JSON_SCAN_STRING))
    limn_format_problems_add (reader->problems, display, "embedded-image", LIMN_FORMAT_SKIPPED,
                              _("The image “%s” is not beside the file, only embedded in it "
                                "(imageData): Limn refers to images by file, so the embedded "
                                "copy is not kept; put the image next to the JSON file."),
                              recorded);
  report_flags (reader, scan, display);

  for (guint s = limn_json_scan_first (scan, shapes); s != LIMN_JSON_SCAN_NONE;
       s = limn_json_scan_next (scan, s))
    {
      if (!limn_format_json_is_type (scan, s, LIMN_JSON_SCAN_OBJECT))
        {
          g_autofree char *where = limn_format_json_where (json, s);

          limn_format_problems_add (reader->problems, where, "bad-shape", LIMN_FORMAT_SKIPPED,
                                    _("A shape must be an object: left out."));
          continue;
        }
      read_shape (reader, json, item, s);
    }

  return TRUE;
}

static gboolean
labelme_read (LimnFormatReader  *reader,
              const char        *path,
              GError           **error)
{
  g_autoptr(GPtrArray) names = NULL;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *display = g_filename_display_basename (path);

      return read_one (reader, path, display, error);
    }

  names = limn_format_list_dir (path, ".json", error);
  if (names == NULL)
    return FALSE;

  return limn_format_read_files (reader, path, names, read_one, error);
}

/* Writing */

static void
append_shape (LimnFormatWriter        *writer,
              GString                 *out,
              const LimnDatasetRegion *region,
              GHashTable              *groups)
{
  g_autofree char *points = limn_format_polygon_points (region, 1, 1);
  const char *note = limn_attrs_get (region->attrs, "note");

  g_string_append (out, "    {\"label\": ");
  limn_json_writer_append_string (out, limn_format_writer_label (writer, region->label));
  g_string_append (out, ", \"points\": ");
  if (points != NULL)
    g_string_append (out, points);
  else
    {
      g_string_append (out, "[[");
      limn_json_writer_append_double (out, region->box.x);
      g_string_append (out, ", ");
      limn_json_writer_append_double (out, region->box.y);
      g_string_append (out, "], [");
      limn_json_writer_append_double (out, region->box.x + region->box.w);
      g_string_append (out, ", ");
      limn_json_writer_append_double (out, region->box.y + region->box.h);
      g_string_append (out, "]]");
    }

  g_string_append (out, ", \"group_id\": ");
  if (region->group == NULL)
    g_string_append (out, "null");
  else
    {
      /* group_id is a number in labelme: other groups get one each. */
      gpointer n = g_hash_table_lookup (groups, region->group);
      char *end = NULL;
      gint64 v = g_ascii_strtoll (region->group, &end, 10);

      if (*end == '\0' && end != region->group)
        g_string_append_printf (out, "%" PRId64, v);
      else
        {
          if (n == NULL)
            {
              n = GUINT_TO_POINTER (g_hash_table_size (groups) + 1);
              g_hash_table_insert (groups, region->group, n);
            }
          g_string_append_printf (out, "%u", GPOINTER_TO_UINT (n));
        }
    }

  g_string_append (out, ", \"description\": ");
  limn_json_writer_append_string (out, note ? note : "");
  g_string_append_printf (out, ", \"shape_type\": \"%s\", \"flags\": {}",
                          points ? "polygon" : "rectangle");
  /* A key of Limn's own: labelme keeps a shape's unknown keys when it
   * saves (its other_data); flags hold only booleans, and description is
   * the note. */
  if (limn_format_has_provenance (region->attrs))
    {
      g_string_append (out, ", \"limn_provenance\": ");
      limn_format_append_provenance (out, region->attrs, NULL);
    }
  g_string_append_c (out, '}');
}

static gboolean
labelme_write (LimnFormatWriter  *writer,
               const char        *path,
               GError           **error)
{
  g_autoptr(GHashTable) used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (!limn_format_make_dir (path, error))
    return FALSE;

  for (guint i = 0; i < limn_dataset_get_n_items (writer->dataset); i++)
    {
      LimnDatasetItem *item = limn_dataset_get_item (writer->dataset, i);
      g_autoptr(GPtrArray) sets = NULL;
      g_autoptr(GHashTable) groups = g_hash_table_new (g_str_hash, g_str_equal);
      g_autoptr(GString) out = NULL;
      g_autofree char *ref = NULL;
      g_autofree char *base = NULL;
      g_autofree char *name = NULL;
      g_autofree char *file = NULL;
      LimnDatasetAnnotation *a;
      gboolean first = TRUE;
      char *dot;

      if (item->kind != LIMN_TASK_IMAGE)
        continue;

      sets = limn_format_writer_annotations (writer, item);
      a = sets->len > 0 ? g_ptr_array_index (sets, 0) : NULL;
      out = g_string_new ("{\n  \"version\": \"5.2.1\",\n  \"flags\": {},\n  \"shapes\": [");
      for (guint r = 0; a != NULL && r < a->regions->len; r++)
        {
          LimnDatasetRegion *region = &g_array_index (a->regions, LimnDatasetRegion, r);

          if (region->kind != LIMN_REGION_BOX)
            continue;
          g_string_append (out, first ? "\n" : ",\n");
          append_shape (writer, out, region, groups);
          first = FALSE;
        }

      ref = limn_format_writer_image_ref (item, path);
      g_string_append (out, "\n  ],\n  \"imagePath\": ");
      limn_json_writer_append_string (out, ref);
      g_string_append_printf (out, ",\n  \"imageData\": null,\n  \"imageHeight\": %d,\n"
                              "  \"imageWidth\": %d\n}\n", item->height, item->width);

      base = g_path_get_basename (item->name);
      dot = strrchr (base, '.');
      if (dot != NULL && dot != base)
        *dot = '\0';
      name = limn_format_unique_name (used, base, ".json");

      file = g_build_filename (path, name, NULL);
      if (!limn_format_write_file (file, out->str, out->len, error))
        return FALSE;
    }

  return TRUE;
}

static const char * const labelme_attributes[] = { "polygon", "note", "provenance:", NULL };

const LimnFormat limn_format_labelme = {
  "labelme", N_("labelme JSON"), LIMN_FORMAT_IMAGES,
  LIMN_FORMAT_HOLDS_GROUPS | LIMN_FORMAT_WRITES_FOLDER, labelme_attributes,
  labelme_detect, labelme_read, labelme_write,
};
