/* limn-format-voc.c
 *
 * Pascal VOC XML, one file per image (a file, a folder of them, or a VOC
 * devkit folder with Annotations/). Corners are read as pixel coordinates
 * (x = xmin, w = xmax − xmin), as labelme2voc, CVAT and Label Studio write
 * them; floats are kept, never truncated. Parsed with GMarkup.
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

#define MAX_XML (64 * 1024 * 1024)

/* A tiny element tree: VOC files are small and nested three deep. */
typedef struct _Node Node;
struct _Node
{
  char      *name;
  GString   *text;
  GPtrArray *children;
  int        line;
  Node      *parent;
};

static void
node_free (gpointer data)
{
  Node *node = data;

  g_free (node->name);
  g_string_free (node->text, TRUE);
  g_ptr_array_unref (node->children);
  g_free (node);
}

static Node *
node_new (const char *name,
          Node       *parent,
          int         line)
{
  Node *node = g_new0 (Node, 1);

  node->name = g_strdup (name);
  node->text = g_string_new (NULL);
  node->children = g_ptr_array_new_with_free_func (node_free);
  node->parent = parent;
  node->line = line;
  if (parent != NULL)
    g_ptr_array_add (parent->children, node);

  return node;
}

typedef struct
{
  Node                *root;
  Node                *current;
  GMarkupParseContext *context;
} Builder;

static void
start_element (GMarkupParseContext  *context,
               const char           *name,
               const char          **attribute_names,
               const char          **attribute_values,
               gpointer              user_data,
               GError              **error)
{
  Builder *b = user_data;
  int line = 0, column = 0;

  /* GMarkup reports a start tag once it has seen what follows it: after a
   * line break, that is the first column of the next line. */
  g_markup_parse_context_get_position (context, &line, &column);
  if (column <= 1 && line > 1)
    line--;
  if (b->current == NULL && b->root != NULL)
    return;
  b->current = node_new (name, b->current, line);
  if (b->root == NULL)
    b->root = b->current;
}

static void
end_element (GMarkupParseContext  *context,
             const char           *name,
             gpointer              user_data,
             GError              **error)
{
  Builder *b = user_data;

  if (b->current != NULL)
    b->current = b->current->parent;
}

static void
text (GMarkupParseContext  *context,
      const char           *str,
      gsize                 len,
      gpointer              user_data,
      GError              **error)
{
  Builder *b = user_data;

  if (b->current != NULL)
    g_string_append_len (b->current->text, str, len);
}

static const GMarkupParser parser = { start_element, end_element, text, NULL, NULL };

static Node *
parse_xml (const char  *data,
           gsize        length,
           GError     **error)
{
  Builder b = { 0 };
  GMarkupParseContext *context = g_markup_parse_context_new (&parser, 0, &b, NULL);
  gboolean ok = g_markup_parse_context_parse (context, data, length, error) &&
                g_markup_parse_context_end_parse (context, error);

  g_markup_parse_context_free (context);
  if (!ok)
    {
      g_clear_pointer (&b.root, node_free);
      return NULL;
    }

  return b.root;
}

static Node *
child (Node       *node,
       const char *name)
{
  for (guint i = 0; node != NULL && i < node->children->len; i++)
    {
      Node *c = g_ptr_array_index (node->children, i);

      if (g_str_equal (c->name, name))
        return c;
    }

  return NULL;
}

/* The child's text, stripped; "" when absent. */
static const char *
child_text (Node       *node,
            const char *name)
{
  Node *c = child (node, name);

  if (c == NULL)
    return "";
  g_strstrip (c->text->str);
  c->text->len = strlen (c->text->str);

  return c->text->str;
}

static gboolean
child_number (Node       *node,
              const char *name,
              double     *out)
{
  const char *str = child_text (node, name);
  char *end = NULL;

  if (*str == '\0')
    return FALSE;
  *out = g_ascii_strtod (str, &end);

  return *end == '\0' && isfinite (*out);
}

static guint
voc_detect (const LimnFormatProbe *probe)
{
  static const char * const subdirs[] = { "Annotations", NULL };
  g_autofree char *head = NULL;

  if (probe->is_dir)
    {
      head = limn_format_probe_folder_head (probe->path, ".xml", subdirs);
      return head != NULL && strstr (head, "<annotation") != NULL &&
             (strstr (head, "<object") != NULL || strstr (head, "<size") != NULL) ? 90 : 0;
    }

  if (!limn_format_probe_has (probe, "<annotation"))
    return 0;

  return limn_format_probe_has (probe, "<bndbox") || limn_format_probe_has (probe, "<size")
         ? 95 : 40;
}

typedef struct
{
  LimnFormatReader *reader;
  const char       *display;
  LimnDatasetItem  *item;
} Voc;

static LimnDatasetRegion *
read_box (Voc        *voc,
          Node       *object,
          const char *what)
{
  LimnFormatReader *reader = voc->reader;
  g_autofree char *where = limn_format_where (voc->display, object->line);
  Node *bndbox = child (object, "bndbox");
  double x1, y1, x2, y2;
  LimnBox box;
  int label;

  label = limn_format_reader_label (reader, child_text (object, "name"), where);
  if (label < 0)
    return NULL;

  if (bndbox == NULL ||
      !child_number (bndbox, "xmin", &x1) || !child_number (bndbox, "ymin", &y1) ||
      !child_number (bndbox, "xmax", &x2) || !child_number (bndbox, "ymax", &y2))
    {
      limn_format_problems_add (reader->problems, where, "bad-box", LIMN_FORMAT_SKIPPED,
                                _("The %s has no <bndbox> with numbers in xmin, ymin, xmax and "
                                  "ymax: left out."), what);
      return NULL;
    }

  if (x2 < x1 || y2 < y1)
    limn_format_problems_add (reader->problems, where, "swapped-corners", LIMN_FORMAT_CONVERTED,
                              _("The corners of the %s are swapped (max before min): read "
                                "the other way round."), what);

  box = limn_box_from_corners (x1, y1, x2, y2);
  return limn_format_reader_add_box (reader, voc->item,
                                     limn_format_reader_annotation (reader, voc->item, NULL),
                                     label, &box, where);
}

static void
read_flags (LimnDatasetRegion *region,
            Node              *object)
{
  static const char * const flags[] = { "difficult", "truncated", "occluded" };
  const char *pose = child_text (object, "pose");

  for (guint i = 0; i < G_N_ELEMENTS (flags); i++)
    {
      const char *v = child_text (object, flags[i]);

      if (g_str_equal (v, "1") || g_ascii_strcasecmp (v, "true") == 0)
        limn_attrs_set (&region->attrs, flags[i], "1");
    }

  if (*pose != '\0' && g_ascii_strcasecmp (pose, "Unspecified") != 0)
    limn_attrs_set (&region->attrs, "pose", pose);
}

static gboolean
read_one (LimnFormatReader  *reader,
          const char        *path,
          const char        *display,
          GError           **error)
{
  static const char * const subdirs[] = {
    "../JPEGImages", "JPEGImages", "../images", "images", NULL
  };
  g_autofree char *contents = NULL;
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *image_path = NULL;
  g_autoptr(GError) local_error = NULL;
  Node *root;
  const char *filename, *recorded_path;
  double width = 0, height = 0;
  guint n_objects = 0;
  gsize length;
  Voc voc = { reader, display, NULL };

  if (!limn_format_read_text_file (path, MAX_XML, &contents, &length, error))
    return FALSE;

  root = parse_xml (contents, length, &local_error);
  if (root == NULL)
    {
      g_set_error (error, LIMN_FORMAT_ERROR, LIMN_FORMAT_ERROR_MALFORMED,
                   _("“%s” is not valid XML: %s"), display, local_error->message);
      return FALSE;
    }

  if (!g_str_equal (root->name, "annotation"))
    {
      g_set_error (error, LIMN_FORMAT_ERROR, LIMN_FORMAT_ERROR_MALFORMED,
                   _("“%s” is not Pascal VOC: its top element is <%s>, not <annotation>."),
                   display, root->name);
      node_free (root);
      return FALSE;
    }

  filename = child_text (root, "filename");
  recorded_path = child_text (root, "path");
  if (*recorded_path != '\0' && g_path_is_absolute (recorded_path) &&
      g_file_test (recorded_path, G_FILE_TEST_IS_REGULAR))
    image_path = g_strdup (recorded_path);
  else
    image_path = limn_format_reader_find_image (reader, dir, filename, subdirs);

  if (*filename == '\0')
    {
      g_autofree char *where = limn_format_where (display, root->line);

      limn_format_problems_add (reader->problems, where, "bad-image", LIMN_FORMAT_SKIPPED,
                                _("The file names no image (<filename> is empty): left out."));
      node_free (root);
      return TRUE;
    }

  child_number (child (root, "size"), "width", &width);
  child_number (child (root, "size"), "height", &height);
  if (!(width >= 1 && height >= 1 && width <= G_MAXINT && height <= G_MAXINT))
    width = height = 0;

  voc.item = limn_dataset_add_image (reader->dataset, filename, image_path,
                                     (int) width, (int) height);
  if (width == 0)
    limn_format_reader_probe_size (reader, voc.item, display);

  for (guint i = 0; i < root->children->len; i++)
    {
      Node *object = g_ptr_array_index (root->children, i);
      g_autofree char *id = NULL;
      gboolean has_parts = FALSE;
      LimnDatasetRegion *region;

      if (!g_str_equal (object->name, "object"))
        continue;

      id = g_strdup_printf ("%u", ++n_objects);
      region = read_box (&voc, object, _("object"));
      if (region == NULL)
        continue;
      read_flags (region, object);

      /* Parts (head, hand, foot in VOC's person layout) become boxes of
       * their own, pointing at their object. */
      for (guint j = 0; j < object->children->len; j++)
        {
          Node *part = g_ptr_array_index (object->children, j);
          g_autofree char *where = limn_format_where (display, part->line);
          LimnDatasetRegion *part_region;

          if (!g_str_equal (part->name, "part"))
            continue;

          part_region = read_box (&voc, part, _("part"));
          if (part_region == NULL)
            continue;
          limn_attrs_set (&part_region->attrs, "part_of", id);
          has_parts = TRUE;
          limn_format_problems_add (reader->problems, where, "part-box", LIMN_FORMAT_CONVERTED,
                                    _("The part “%s” of object %s is read as a box of its own, "
                                      "marked as part of it."),
                                    child_text (part, "name"), id);
        }

      /* The region pointer moved if parts were added: find it again. */
      if (has_parts)
        {
          LimnDatasetAnnotation *a = limn_format_reader_annotation (reader, voc.item, NULL);

          for (guint k = a->regions->len; k > 0; k--)
            {
              LimnDatasetRegion *r = &g_array_index (a->regions, LimnDatasetRegion, k - 1);

              if (limn_attrs_get (r->attrs, "part_of") == NULL)
                {
                  r->id = g_strdup (id);
                  break;
                }
            }
        }
    }

  node_free (root);
  return TRUE;
}

static gboolean
voc_read (LimnFormatReader  *reader,
          const char        *path,
          GError           **error)
{
  g_autofree char *folder = NULL;
  g_autoptr(GPtrArray) names = NULL;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *display = g_filename_display_basename (path);

      return read_one (reader, path, display, error);
    }

  folder = g_strdup (path);
  names = limn_format_list_dir (folder, ".xml", error);
  if (names != NULL && names->len == 0)
    {
      g_free (folder);
      folder = g_build_filename (path, "Annotations", NULL);
      if (g_file_test (folder, G_FILE_TEST_IS_DIR))
        {
          g_ptr_array_unref (names);
          names = limn_format_list_dir (folder, ".xml", error);
        }
    }
  if (names == NULL)
    return FALSE;

  /* In a folder, a broken file is reported and left out whole. */
  return limn_format_read_files (reader, folder, names, read_one, error);
}

/* Writing */

static void
append_element (GString    *out,
                const char *indent,
                const char *name,
                const char *value)
{
  g_autofree char *escaped = g_markup_escape_text (value, -1);

  g_string_append_printf (out, "%s<%s>%s</%s>\n", indent, name, escaped, name);
}

static gboolean
append_box (GString       *out,
            const char    *indent,
            const LimnBox *box)
{
  double v[4] = { box->x, box->y, box->x + box->w, box->y + box->h };
  static const char * const names[] = { "xmin", "ymin", "xmax", "ymax" };
  gboolean whole = TRUE;

  g_string_append_printf (out, "%s<bndbox>\n", indent);
  for (guint i = 0; i < 4; i++)
    {
      g_string_append_printf (out, "%s  <%s>", indent, names[i]);
      limn_json_writer_append_double (out, v[i]);
      g_string_append_printf (out, "</%s>\n", names[i]);
      whole &= v[i] == floor (v[i]);
    }
  g_string_append_printf (out, "%s</bndbox>\n", indent);

  return whole;
}

static void
append_object (LimnFormatWriter        *writer,
               GString                 *out,
               const LimnDatasetRegion *region,
               const char              *indent,
               guint64                 *fractional)
{
  static const char * const flags[] = { "truncated", "difficult", "occluded" };
  const char *pose = limn_attrs_get (region->attrs, "pose");

  append_element (out, indent, "name", limn_format_writer_label (writer, region->label));
  append_element (out, indent, "pose", pose ? pose : "Unspecified");
  for (guint i = 0; i < G_N_ELEMENTS (flags); i++)
    {
      const char *v = limn_attrs_get (region->attrs, flags[i]);

      if (v != NULL || i < 2)
        append_element (out, indent, flags[i], g_strcmp0 (v, "1") == 0 ? "1" : "0");
    }
  if (!append_box (out, indent, &region->box))
    (*fractional)++;
}

static char *
voc_xml (LimnFormatWriter *writer,
         LimnDatasetItem  *item,
         guint64          *fractional)
{
  g_autoptr(GPtrArray) sets = limn_format_writer_annotations (writer, item);
  GString *out = g_string_new ("<annotation>\n");
  LimnDatasetAnnotation *a = sets->len > 0 ? g_ptr_array_index (sets, 0) : NULL;
  g_autofree char *basename = g_path_get_basename (item->name);

  append_element (out, "  ", "filename", basename);
  if (item->path != NULL)
    append_element (out, "  ", "path", item->path);
  g_string_append_printf (out, "  <size>\n    <width>%d</width>\n    <height>%d</height>\n"
                          "    <depth>3</depth>\n  </size>\n  <segmented>0</segmented>\n",
                          item->width, item->height);

  for (guint r = 0; a != NULL && r < a->regions->len; r++)
    {
      LimnDatasetRegion *region = &g_array_index (a->regions, LimnDatasetRegion, r);
      gboolean is_part = FALSE;

      if (region->kind != LIMN_REGION_BOX)
        continue;

      /* A part goes inside its object when that object is here. */
      for (guint k = 0; k < a->regions->len && limn_attrs_get (region->attrs, "part_of"); k++)
        is_part |= g_strcmp0 (g_array_index (a->regions, LimnDatasetRegion, k).id,
                              limn_attrs_get (region->attrs, "part_of")) == 0;
      if (is_part)
        continue;

      g_string_append (out, "  <object>\n");
      append_object (writer, out, region, "    ", fractional);
      for (guint k = 0; region->id != NULL && k < a->regions->len; k++)
        {
          LimnDatasetRegion *part = &g_array_index (a->regions, LimnDatasetRegion, k);

          if (g_strcmp0 (limn_attrs_get (part->attrs, "part_of"), region->id) != 0)
            continue;
          g_string_append (out, "    <part>\n");
          append_element (out, "      ", "name", limn_format_writer_label (writer, part->label));
          if (!append_box (out, "      ", &part->box))
            (*fractional)++;
          g_string_append (out, "    </part>\n");
        }
      g_string_append (out, "  </object>\n");
    }

  g_string_append (out, "</annotation>\n");
  return g_string_free (out, FALSE);
}

static gboolean
voc_write (LimnFormatWriter  *writer,
           const char        *path,
           GError           **error)
{
  g_autoptr(GHashTable) used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint64 fractional = 0;

  if (!limn_format_make_dir (path, error))
    return FALSE;

  for (guint i = 0; i < limn_dataset_get_n_items (writer->dataset); i++)
    {
      LimnDatasetItem *item = limn_dataset_get_item (writer->dataset, i);
      g_autofree char *base = NULL;
      g_autofree char *stem = NULL;
      g_autofree char *name = NULL;
      g_autofree char *file = NULL;
      g_autofree char *xml = NULL;
      char *dot;

      if (item->kind != LIMN_TASK_IMAGE)
        continue;

      base = g_path_get_basename (item->name);
      dot = strrchr (base, '.');
      stem = dot && dot != base ? g_strndup (base, dot - base) : g_strdup (base);
      name = limn_format_unique_name (used, stem, ".xml");
      if (!g_str_has_prefix (name, stem) || !g_str_equal (name + strlen (stem), ".xml"))
        limn_format_problems_add (writer->problems, item->name, "renamed", LIMN_FORMAT_KEPT,
                                  _("Another image has the same name: its annotation file is "
                                    "“%s”."), name);

      xml = voc_xml (writer, item, &fractional);
      file = g_build_filename (path, name, NULL);
      if (!limn_format_write_file (file, xml, strlen (xml), error))
        return FALSE;
    }

  if (fractional > 0)
    limn_format_problems_add (writer->problems, path, "float-coordinates", LIMN_FORMAT_KEPT,
                              _("Boxes whose coordinates are not whole pixels, written exactly "
                                "(some VOC readers, the original devkit and converters that call "
                                "int(), truncate or refuse them): %" PRIu64 "."),
                              fractional);

  return TRUE;
}

static const char * const voc_attributes[] = {
  "difficult", "truncated", "occluded", "pose", "part_of", NULL
};

const LimnFormat limn_format_voc = {
  "voc", N_("Pascal VOC XML"), LIMN_FORMAT_IMAGES, LIMN_FORMAT_WRITES_FOLDER, voc_attributes,
  voc_detect, voc_read, voc_write,
};
