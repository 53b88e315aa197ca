/* limn-format-label-studio.c
 *
 * Label Studio's JSON export: an array of tasks, each with its data, every
 * annotator's annotations (completed_by) and the model's predictions
 * (read as suggestions with their model_version and scores). Rectangles
 * are in percent of original_width/original_height, from the top-left;
 * text spans count UTF-16 units (the browser's), with the covered text,
 * which decides when a file counted otherwise.
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
label_studio_detect (const LimnFormatProbe *probe)
{
  char first = limn_format_probe_first (probe);

  if (probe->is_dir || (first != '[' && first != '{') || !limn_format_probe_has (probe, "\"data\""))
    return 0;

  if (limn_format_probe_has (probe, "\"from_name\"") || limn_format_probe_has (probe, "\"completed_by\""))
    return 95;
  if (limn_format_probe_has (probe, "\"annotations\"") || limn_format_probe_has (probe, "\"predictions\""))
    return first == '[' ? 85 : 70;

  return 0;
}

typedef struct
{
  LimnFormatReader *reader;
  LimnFormatJson   *json;
  LimnJsonScan     *scan;
  const char       *dir;
  LimnTextIndex    *index;    /* of the current text task */
  GArray           *spans;    /* LimnRawSpan of the current text task */
  GPtrArray        *wheres;   /* keeps the spans' where strings */
  GPtrArray        *attrs;    /* keeps the spans' attributes (add_spans copies them) */
} Studio;

/* The first string in @data under one of @keys, else (for images) any
 * string naming an image file, or (for text) any string. */
static const char *
data_value (LimnJsonScan *scan,
            guint         data,
            gboolean      image)
{
  static const char * const image_keys[] = { "image", "img", "image_url", "url", NULL };
  static const char * const text_keys[] = { "text", "content", NULL };
  const char * const *keys = image ? image_keys : text_keys;

  for (guint i = 0; keys[i] != NULL; i++)
    {
      const char *value = limn_format_json_member_string (scan, data, keys[i]);

      if (value != NULL)
        return value;
    }

  for (guint k = limn_json_scan_first (scan, data); k != LIMN_JSON_SCAN_NONE;
       k = limn_json_scan_next (scan, limn_json_scan_next (scan, k)))
    {
      const char *value = limn_json_scan_get_string (scan, limn_json_scan_next (scan, k), NULL);

      if (value != NULL && (!image || limn_import_is_image_name (value)))
        return value;
    }

  return NULL;
}

/* Whether the task's results are text spans rather than image regions. */
static gboolean
task_is_text (LimnJsonScan *scan,
              guint         task,
              guint         data)
{
  const char * const lists[] = { "annotations", "predictions" };

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    {
      guint sets = limn_json_scan_member (scan, task, lists[l]);

      for (guint a = limn_json_scan_first (scan, sets); a != LIMN_JSON_SCAN_NONE;
           a = limn_json_scan_next (scan, a))
        {
          guint result = limn_json_scan_member (scan, a, "result");

          for (guint r = limn_json_scan_first (scan, result); r != LIMN_JSON_SCAN_NONE;
               r = limn_json_scan_next (scan, r))
            {
              const char *type = limn_format_json_member_string (scan, r, "type");

              if (type != NULL && (g_str_equal (type, "labels") || g_str_equal (type, "hypertextlabels")))
                return TRUE;
              if (type != NULL && g_str_has_suffix (type, "labels"))
                return FALSE;
            }
        }
    }

  return data_value (scan, data, TRUE) == NULL && data_value (scan, data, FALSE) != NULL;
}

static char *
annotator_of (LimnJsonScan *scan,
              guint         annotation)
{
  guint by = limn_json_scan_member (scan, annotation, "completed_by");
  char *id;

  if (limn_format_json_is_type (scan, by, LIMN_JSON_SCAN_OBJECT))
    {
      const char *email = limn_format_json_member_string (scan, by, "email");

      return email ? g_strdup (email) : limn_format_json_value_id (scan, limn_json_scan_member (scan, by, "id"));
    }

  id = limn_format_json_value_id (scan, by);
  if (id == NULL)
    id = limn_format_json_value_id (scan, limn_json_scan_member (scan, annotation, "annotator"));

  return id;
}

/* The labels of a result's value ("rectanglelabels": [...] and the like). */
static guint
value_labels (LimnJsonScan *scan,
              guint         value,
              const char   *type)
{
  guint labels = limn_json_scan_member (scan, value, type);

  if (!limn_format_json_is_type (scan, labels, LIMN_JSON_SCAN_ARRAY))
    labels = limn_json_scan_member (scan, value, "labels");

  return limn_format_json_is_type (scan, labels, LIMN_JSON_SCAN_ARRAY)
         ? labels : LIMN_JSON_SCAN_NONE;
}

static gboolean
result_box (Studio          *studio,
            guint            result,
            guint            value,
            const char      *type,
            LimnDatasetItem *item,
            LimnBox         *box,
            char           **polygon,
            const char      *where)
{
  LimnJsonScan *scan = studio->scan;
  LimnFormatProblems *problems = studio->reader->problems;
  double w = 0, h = 0, x, y, bw, bh, rotation = 0;

  if (!limn_format_json_member_number (scan, result, "original_width", &w) ||
      !limn_format_json_member_number (scan, result, "original_height", &h) || w < 1 || h < 1)
    {
      w = item->width;
      h = item->height;
    }
  else if (item->width <= 0 && w <= G_MAXINT && h <= G_MAXINT)
    {
      item->width = (int) w;
      item->height = (int) h;
    }

  if (w < 1 || h < 1)
    {
      limn_format_problems_add (problems, where, "image-size-unknown", LIMN_FORMAT_SKIPPED,
                                _("The result has no original_width/original_height and the image "
                                  "was not found: its percentages cannot be placed; left out."));
      return FALSE;
    }

  if (g_str_equal (type, "polygonlabels"))
    {
      guint points = limn_json_scan_member (scan, value, "points");
      LimnPolygonBuilder builder;

      limn_polygon_builder_init (&builder);
      for (guint pt = limn_json_scan_first (scan, points); pt != LIMN_JSON_SCAN_NONE;
           pt = limn_json_scan_next (scan, pt))
        {
          guint first = limn_json_scan_first (scan, pt);

          if (limn_json_scan_get_length (scan, pt) != 2 ||
              !limn_format_json_value_number (scan, first, &x) ||
              !limn_format_json_value_number (scan, limn_json_scan_next (scan, first), &y))
            {
              limn_polygon_builder_clear (&builder);
              break;
            }
          limn_polygon_builder_add (&builder, x * w / 100, y * h / 100);
        }
      *polygon = builder.json ? limn_polygon_builder_end (&builder, 3, box) : NULL;
      if (*polygon == NULL)
        {
          limn_format_problems_add (problems, where, "bad-shape", LIMN_FORMAT_SKIPPED,
                                    _("A polygon needs three or more [x, y] points: left out."));
          return FALSE;
        }
      limn_format_problems_add (problems, where, "polygon-to-box", LIMN_FORMAT_CONVERTED,
                                _("A polygon is read as the box around it (the polygon is kept for "
                                  "formats that hold one)."));
      return TRUE;
    }

  if (g_str_equal (type, "ellipselabels"))
    {
      double rx, ry;

      if (!limn_format_json_member_number (scan, value, "x", &x) ||
          !limn_format_json_member_number (scan, value, "y", &y) ||
          !limn_format_json_member_number (scan, value, "radiusX", &rx) ||
          !limn_format_json_member_number (scan, value, "radiusY", &ry))
        return FALSE;
      box->x = (x - rx) * w / 100;
      box->y = (y - ry) * h / 100;
      box->w = 2 * rx * w / 100;
      box->h = 2 * ry * h / 100;
      limn_format_problems_add (problems, where, "ellipse-to-box", LIMN_FORMAT_CONVERTED,
                                _("An ellipse is read as the box around it."));
      return TRUE;
    }

  if (!limn_format_json_member_number (scan, value, "x", &x) ||
      !limn_format_json_member_number (scan, value, "y", &y) ||
      !limn_format_json_member_number (scan, value, "width", &bw) ||
      !limn_format_json_member_number (scan, value, "height", &bh))
    {
      limn_format_problems_add (problems, where, "bad-box", LIMN_FORMAT_SKIPPED,
                                _("A rectangle needs x, y, width and height: left out."));
      return FALSE;
    }

  box->x = x * w / 100;
  box->y = y * h / 100;
  box->w = bw * w / 100;
  box->h = bh * h / 100;

  limn_format_json_member_number (scan, value, "rotation", &rotation);
  if (fmod (rotation, 360) != 0)
    {
      /* Label Studio turns a rectangle about its top-left corner. */
      double a = rotation * G_PI / 180, c = cos (a), s = sin (a);
      double xs[4] = { 0, box->w * c, box->w * c - box->h * s, -box->h * s };
      double ys[4] = { 0, box->w * s, box->w * s + box->h * c, box->h * c };
      double x1 = 0, y1 = 0, x2 = 0, y2 = 0;

      for (guint i = 0; i < 4; i++)
        {
          x1 = MIN (x1, xs[i]);
          x2 = MAX (x2, xs[i]);
          y1 = MIN (y1, ys[i]);
          y2 = MAX (y2, ys[i]);
        }
      *box = limn_box_from_corners (box->x + x1, box->y + y1, box->x + x2, box->y + y2);
      limn_format_problems_add (problems, where, "rotated-box", LIMN_FORMAT_CONVERTED,
                                _("A rectangle turned by %g° is read as the upright box around it."),
                                rotation);
    }

  return TRUE;
}

/* Where a region came from: Limn's own "limn_provenance" on the result
 * when Limn wrote the file, else what the annotation entry says
 * (completed_by, created_at) as Label Studio writes it. Predictions have
 * neither @annotator nor @created_at. */
static void
result_provenance (Studio      *studio,
                   guint        result,
                   const char  *annotator,
                   const char  *created_at,
                   LimnAttrs   *attrs)
{
  if (limn_format_json_read_provenance (studio->scan,
                                        limn_json_scan_member (studio->scan, result, "limn_provenance"),
                                        attrs) || created_at == NULL)
    return;

  limn_attrs_set (attrs, "provenance:annotator", annotator);
  limn_attrs_set (attrs, "provenance:submitted", created_at);
}

static void
read_result (Studio                *studio,
             LimnDatasetItem       *item,
             LimnDatasetAnnotation *annotation,
             guint                  result,
             double                 set_score,
             const char            *annotator,
             const char            *created_at)
{
  LimnJsonScan *scan = studio->scan;
  LimnFormatReader *reader = studio->reader;
  g_autofree char *where = limn_format_json_where (studio->json, result);
  g_autofree char *id = limn_format_json_value_id (scan,
                                                   limn_json_scan_member (scan, result, "id"));
  const char *type = limn_format_json_member_string (scan, result, "type");
  guint value = limn_json_scan_member (scan, result, "value");
  double score = set_score;
  guint labels;

  if (type == NULL || !limn_format_json_is_type (scan, value, LIMN_JSON_SCAN_OBJECT))
    {
      limn_format_problems_add (reader->problems, where, "bad-result", LIMN_FORMAT_SKIPPED,
                                _("A result needs a “type” and a “value”: left out."));
      return;
    }

  if (g_str_equal (type, "keypointlabels") || g_str_equal (type, "brushlabels") ||
      g_str_equal (type, "hypertextlabels") || g_str_equal (type, "paragraphlabels") ||
      !g_str_has_suffix (type, "labels") ||
      (item->kind == LIMN_TASK_TEXT) != g_str_equal (type, "labels"))
    {
      limn_format_problems_add (reader->problems, where, "unsupported-result", LIMN_FORMAT_SKIPPED,
                                _("A “%s” result is not a box or a text span: left out."), type);
      return;
    }

  limn_format_json_member_number (scan, result, "score", &score);
  labels = value_labels (scan, value, type);
  if (labels == LIMN_JSON_SCAN_NONE || limn_json_scan_get_length (scan, labels) == 0)
    {
      limn_format_reader_label (reader, NULL, where);
      return;
    }
  if (limn_json_scan_get_length (scan, labels) > 1)
    limn_format_problems_add (reader->problems, where, "several-labels", LIMN_FORMAT_CONVERTED,
                              _("A result with several labels is read as one region per label; "
                                "labels: %u."),
                              limn_json_scan_get_length (scan, labels));

  for (guint l = limn_json_scan_first (scan, labels); l != LIMN_JSON_SCAN_NONE;
       l = limn_json_scan_next (scan, l))
    {
      int label = limn_format_reader_label (reader, limn_json_scan_get_string (scan, l, NULL), where);

      if (label < 0)
        continue;

      if (item->kind == LIMN_TASK_IMAGE)
        {
          g_autofree char *polygon = NULL;
          LimnDatasetRegion *region;
          LimnBox box;

          if (!result_box (studio, result, value, type, item, &box, &polygon, where))
            return;
          region = limn_format_reader_add_box (reader, item, annotation, label, &box, where);
          if (region == NULL)
            continue;
          region->id = g_strdup (id);
          if (score != LIMN_SCORE_UNSET)
            region->score = CLAMP (score, 0, 1);
          if (polygon != NULL)
            limn_attrs_set (&region->attrs, "polygon", polygon);
          result_provenance (studio, result, annotator, created_at, &region->attrs);
        }
      else
        {
          LimnRawSpan span = { 0 };
          double start, end;

          if (!limn_format_json_member_number (scan, value, "start", &start) ||
              !limn_format_json_member_number (scan, value, "end", &end) ||
              start != floor (start) || end != floor (end) || fabs (start) > 1e15 || fabs (end) > 1e15)
            {
              limn_format_problems_add (reader->problems, where, "bad-span", LIMN_FORMAT_SKIPPED,
                                        _("A text span needs whole numbers in “start” and “end”: "
                                          "left out."));
              return;
            }
          span.start = (gint64) start;
          span.end = (gint64) end;
          span.text = limn_format_json_member_string (scan, value, "text");
          span.label = label;
          span.score = score != LIMN_SCORE_UNSET ? CLAMP (score, 0, 1) : LIMN_SCORE_UNSET;
          span.id = limn_json_scan_get_string (scan, limn_json_scan_member (scan, result, "id"), NULL);
          span.where = where;
          span.annotation = annotation;
          result_provenance (studio, result, annotator, created_at, &span.attrs);
          if (span.attrs != NULL)
            g_ptr_array_add (studio->attrs, span.attrs);
          g_ptr_array_add (studio->wheres, g_steal_pointer (&where));
          g_array_append_val (studio->spans, span);
          return;
        }
    }
}

static void
read_sets (Studio          *studio,
           LimnDatasetItem *item,
           guint            task,
           gboolean         predictions)
{
  LimnJsonScan *scan = studio->scan;
  LimnFormatReader *reader = studio->reader;
  guint sets = limn_json_scan_member (scan, task, predictions ? "predictions" : "annotations");

  for (guint a = limn_json_scan_first (scan, sets); a != LIMN_JSON_SCAN_NONE;
       a = limn_json_scan_next (scan, a))
    {
      g_autofree char *where = limn_format_json_where (studio->json, a);
      guint result = limn_json_scan_member (scan, a, "result");
      LimnDatasetAnnotation *annotation;
      double score = LIMN_SCORE_UNSET;
      g_autofree char *annotator = NULL;
      const char *created_at = NULL;

      if (limn_format_json_is_type (scan, limn_json_scan_member (scan, a, "was_cancelled"), LIMN_JSON_SCAN_TRUE))
        {
          limn_format_problems_add (reader->problems, where, "cancelled", LIMN_FORMAT_SKIPPED,
                                    _("The annotator cancelled (skipped) this annotation: its "
                                      "results are left out."));
          continue;
        }

      if (!limn_format_json_is_type (scan, result, LIMN_JSON_SCAN_ARRAY))
        {
          limn_format_problems_add (reader->problems, where, "bad-result", LIMN_FORMAT_SKIPPED,
                                    _("An annotation needs a “result” list: left out."));
          continue;
        }

      if (predictions)
        {
          g_autofree char *version = limn_format_json_value_id (scan, limn_json_scan_member (scan, a, "model_version"));

          limn_format_json_member_number (scan, a, "score", &score);
          annotation = limn_format_reader_suggestion (reader, item, NULL, version);
        }
      else
        {
          annotator = annotator_of (scan, a);
          created_at = limn_format_json_member_string (scan, a, "created_at");
          annotation = limn_format_reader_annotation (reader, item, annotator);
        }

      for (guint r = limn_json_scan_first (scan, result); r != LIMN_JSON_SCAN_NONE;
           r = limn_json_scan_next (scan, r))
        read_result (studio, item, annotation, r, score, annotator, created_at);
    }
}

/* Label Studio's own uploads are named "<8 hex>-<original name>". */
static char *
find_image (Studio     *studio,
            const char *name)
{
  static const char * const subdirs[] = { "images", NULL };
  char *found = limn_format_reader_find_image (studio->reader, studio->dir, name, subdirs);
  const char *dash = strchr (name, '-');

  if (found == NULL && dash == name + 8)
    found = limn_format_reader_find_image (studio->reader, studio->dir, dash + 1, subdirs);

  return found;
}

static void
read_task (Studio *studio,
           guint   task,
           guint   position)
{
  static const LimnOffsetUnit units[] = {
    LIMN_OFFSETS_UTF16, LIMN_OFFSETS_CODE_POINTS, LIMN_OFFSETS_NO_CR,
  };
  LimnJsonScan *scan = studio->scan;
  LimnFormatReader *reader = studio->reader;
  g_autofree char *where = limn_format_json_where (studio->json, task);
  g_autofree char *id = limn_format_json_value_id (scan, limn_json_scan_member (scan, task, "id"));
  g_autoptr(LimnTextIndex) index = NULL;
  guint data = limn_json_scan_member (scan, task, "data");
  LimnDatasetItem *item;
  const char *value;

  if (!limn_format_json_is_type (scan, data, LIMN_JSON_SCAN_OBJECT))
    {
      limn_format_problems_add (reader->problems, where, "bad-task", LIMN_FORMAT_SKIPPED,
                                _("A task needs its “data”: left out."));
      return;
    }

  if (task_is_text (scan, task, data))
    {
      const char *doc_id = limn_format_json_member_string (scan, data, "doc_id");
      g_autofree char *name = doc_id ? g_strdup (doc_id)
                              : id ? g_strdup (id) : g_strdup_printf ("%u", position + 1);

      value = data_value (scan, data, FALSE);
      if (value == NULL)
        {
          limn_format_problems_add (reader->problems, where, "bad-task", LIMN_FORMAT_SKIPPED,
                                    _("The task has no text in its data: left out."));
          return;
        }
      item = limn_format_reader_add_text (reader, name, value, &index, where);
      if (item == NULL)
        return;
    }
  else
    {
      g_autofree char *clean = NULL;
      g_autofree char *name = NULL;
      g_autofree char *path = NULL;

      value = data_value (scan, data, TRUE);
      if (value == NULL)
        {
          limn_format_problems_add (reader->problems, where, "bad-task", LIMN_FORMAT_SKIPPED,
                                    _("The task has no image in its data: left out."));
          return;
        }
      clean = g_strndup (value, strcspn (value, "?#"));
      name = g_path_get_basename (clean);
      path = find_image (studio, name);
      if (limn_format_json_member_string (scan, data, "doc_id") != NULL)
        {
          g_free (name);
          name = g_strdup (limn_format_json_member_string (scan, data, "doc_id"));
        }
      item = limn_dataset_add_image (reader->dataset, name, path, 0, 0);
      if (path != NULL)
        limn_format_reader_probe_size (reader, item, where);
    }

  if (id != NULL)
    limn_attrs_set (&item->attrs, "label-studio:id", id);

  g_array_set_size (studio->spans, 0);
  g_ptr_array_set_size (studio->wheres, 0);
  g_ptr_array_set_size (studio->attrs, 0);
  read_sets (studio, item, task, FALSE);
  read_sets (studio, item, task, TRUE);

  if (index != NULL)
    limn_format_reader_add_spans (reader, index, studio->spans, units, G_N_ELEMENTS (units), where);
}

/* One task alone (a file holding an object): scanned whole. */
static gboolean
read_single (Studio      *studio,
             const char  *path,
             const char  *display,
             GError     **error)
{
  g_autoptr(LimnFormatJson) json = limn_format_json_load (path, display, error);

  if (json == NULL)
    return FALSE;

  studio->json = json;
  studio->scan = limn_format_json_scan (json);
  if (!limn_format_json_is_type (studio->scan, LIMN_JSON_SCAN_ROOT, LIMN_JSON_SCAN_OBJECT))
    {
      g_set_error (error, LIMN_FORMAT_ERROR, LIMN_FORMAT_ERROR_MALFORMED,
                   _("“%s” is not a Label Studio export: it needs a list of tasks."), display);
      return FALSE;
    }

  read_task (studio, LIMN_JSON_SCAN_ROOT, 0);
  return TRUE;
}

/* The list of tasks, task by task: each is scanned alone and handed to the
 * dataset's sink once read, as a JSON Lines record is, so memory is one
 * task, not the file. A fault anywhere fails the whole read (a store
 * import rolls back what the sink took). */
static gboolean
label_studio_read (LimnFormatReader  *reader,
                   const char        *path,
                   GError           **error)
{
  g_autofree char *display = g_filename_display_basename (path);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(LimnFormatJson) json = limn_format_json_open (path, display, error);
  g_autoptr(GArray) spans = g_array_new (FALSE, TRUE, sizeof (LimnRawSpan));
  g_autoptr(GPtrArray) wheres = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) attrs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(LimnJsonElements) walk = NULL;
  g_autoptr(GError) local_error = NULL;
  Studio studio = { reader, json, NULL, dir, NULL, spans, wheres, attrs };
  LimnJsonElement task;
  guint position = 0;

  if (json == NULL)
    return FALSE;

  /* Anything but a list: read whole, as before, for its verdict. */
  if (!limn_format_json_is_container (json, 0, G_MAXSIZE, '['))
    return read_single (&studio, path, display, error);

  walk = limn_format_json_walk (json, 0, G_MAXSIZE, 0, error);
  if (walk == NULL)
    return FALSE;

  while (limn_format_json_step (json, walk, &task, TRUE, &local_error))
    {
      if (!limn_format_reader_poll (reader, error))
        return FALSE;
      if (reader->options.progress != NULL && (reader->n_polls & 255) == 0)
        reader->options.progress (task.end, limn_format_json_get_length (json),
                                  reader->options.progress_data);

      studio.scan = limn_format_json_scan (json);
      read_task (&studio, LIMN_JSON_SCAN_ROOT, position++);
      if (!limn_dataset_flush (reader->dataset, error))
        return FALSE;
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

/* Writing */

typedef struct
{
  LimnFormatWriter *writer;
  GString          *out;
  LimnTextIndex    *index;
  guint64           unsized;
  guint64           next_result;
} Out;

static void
append_percent (GString    *out,
                const char *name,
                double      value)
{
  g_string_append_printf (out, "\"%s\": ", name);
  limn_json_writer_append_double (out, value);
}

static void
append_result (Out                     *o,
               const LimnDatasetItem   *item,
               const LimnDatasetRegion *region,
               gboolean                 first)
{
  GString *out = o->out;
  const char *label = limn_format_writer_label (o->writer, region->label);

  g_string_append_printf (out, "%s\n      {\"id\": \"r%" PRIu64 "\", ", first ? "" : ",",
                          ++o->next_result);
  if (region->kind == LIMN_REGION_BOX)
    {
      g_autofree char *points = limn_format_polygon_points (region, 100.0 / item->width,
                                                           100.0 / item->height);
      const char *type = points ? "polygonlabels" : "rectanglelabels";

      g_string_append_printf (out, "\"type\": \"%s\", \"from_name\": \"label\", "
                              "\"to_name\": \"image\", \"original_width\": %d, "
                              "\"original_height\": %d, \"image_rotation\": 0, \"value\": {",
                              type, item->width, item->height);
      if (points != NULL)
        g_string_append_printf (out, "\"points\": %s", points);
      else
        {
          append_percent (out, "x", region->box.x * 100 / item->width);
          g_string_append (out, ", ");
          append_percent (out, "y", region->box.y * 100 / item->height);
          g_string_append (out, ", ");
          append_percent (out, "width", region->box.w * 100 / item->width);
          g_string_append (out, ", ");
          append_percent (out, "height", region->box.h * 100 / item->height);
          g_string_append (out, ", \"rotation\": 0");
        }
      g_string_append_printf (out, ", \"%s\": [", type);
    }
  else
    {
      g_string_append_printf (out, "\"type\": \"labels\", \"from_name\": \"label\", "
                              "\"to_name\": \"text\", \"value\": {\"start\": %" PRId64
                              ", \"end\": %" PRId64 ", \"text\": ",
                              limn_text_index_char_to_utf16 (o->index, region->start),
                              limn_text_index_char_to_utf16 (o->index, region->end));
      limn_json_writer_append_string (out, region->text);
      g_string_append (out, ", \"labels\": [");
    }

  limn_json_writer_append_string (out, label);
  g_string_append (out, "]}");
  if (region->score != LIMN_SCORE_UNSET)
    {
      g_string_append (out, ", \"score\": ");
      limn_json_writer_append_double (out, region->score);
    }
  /* All of it, even what the entry's completed_by and created_at say:
   * a consensus region names its annotators, not the entry's. */
  if (limn_format_has_provenance (region->attrs))
    {
      g_string_append (out, ", \"limn_provenance\": ");
      limn_format_append_provenance (out, region->attrs, NULL);
    }
  g_string_append_c (out, '}');
}

/* When the regions of an annotator's set were submitted, as Label Studio
 * says it: "created_at", when they all say the same time. */
static void
append_created_at (GString               *out,
                   LimnDatasetAnnotation *a)
{
  const char *when = NULL;

  for (guint r = 0; r < a->regions->len; r++)
    {
      LimnDatasetRegion *region = &g_array_index (a->regions, LimnDatasetRegion, r);
      const char *submitted = limn_attrs_get (region->attrs, "provenance:submitted");

      if (submitted == NULL || (when != NULL && !g_str_equal (when, submitted)))
        return;
      when = submitted;
    }

  if (when != NULL)
    {
      g_string_append (out, ", \"created_at\": ");
      limn_json_writer_append_string (out, when);
    }
}

static void
append_sets (Out             *o,
             LimnDatasetItem *item,
             GPtrArray       *sets,
             gboolean         predictions)
{
  GString *out = o->out;

  g_string_append_printf (out, ", \"%s\": [", predictions ? "predictions" : "annotations");
  for (guint s = 0; s < sets->len; s++)
    {
      LimnDatasetAnnotation *a = g_ptr_array_index (sets, s);
      gboolean first = TRUE;

      g_string_append_printf (out, "%s\n    {", s ? "," : "");
      if (predictions)
        {
          g_string_append (out, "\"model_version\": ");
          limn_json_writer_append_string (out, a->model_version ? a->model_version : a->model);
        }
      else
        {
          const char *who = a->annotator;

          g_string_append (out, "\"completed_by\": ");
          if (limn_format_is_integer (who))
            g_string_append (out, who);
          else if (who != NULL)
            {
              g_string_append (out, "{\"email\": ");
              limn_json_writer_append_string (out, who);
              g_string_append_c (out, '}');
            }
          else
            g_string_append (out, "null");
          g_string_append (out, ", \"was_cancelled\": false, \"ground_truth\": false");
          append_created_at (out, a);
        }

      g_string_append (out, ", \"result\": [");
      for (guint r = 0; r < a->regions->len; r++)
        {
          LimnDatasetRegion *region = &g_array_index (a->regions, LimnDatasetRegion, r);

          if (region->kind == LIMN_REGION_BOX && (item->width <= 0 || item->height <= 0))
            {
              o->unsized++;
              continue;
            }
          append_result (o, item, region, first);
          first = FALSE;
        }
      g_string_append (out, "]}");
    }
  g_string_append (out, "]");
}

static gboolean
label_studio_write (LimnFormatWriter  *writer,
                    const char        *path,
                    GError           **error)
{
  g_autoptr(LimnFormatOutput) output = limn_format_output_new (path, error);
  g_autofree char *dir = g_path_get_dirname (path);
  Out o = { writer, NULL, NULL, 0, 0 };
  guint task = 0;

  if (output == NULL)
    return FALSE;

  o.out = limn_format_output_buffer (output);
  g_string_append_c (o.out, '[');
  for (guint i = 0; i < limn_dataset_get_n_items (writer->dataset); i++)
    {
      LimnDatasetItem *item = limn_dataset_get_item (writer->dataset, i);
      g_autoptr(GPtrArray) annotations = limn_format_writer_annotations (writer, item);
      g_autoptr(GPtrArray) predictions = limn_format_writer_suggestions (writer, item);
      g_autoptr(LimnTextIndex) index = NULL;
      const char *id = limn_attrs_get (item->attrs, "label-studio:id");

      g_string_append_printf (o.out, "%s\n  {\"id\": ", task++ ? "," : "");
      if (limn_format_is_integer (id))
        g_string_append (o.out, id);
      else
        g_string_append_printf (o.out, "%u", task);

      if (item->kind == LIMN_TASK_IMAGE)
        {
          g_autofree char *ref = limn_format_writer_image_ref (item, dir);

          g_string_append (o.out, ", \"data\": {\"image\": ");
          limn_json_writer_append_string (o.out, ref);
        }
      else
        {
          index = limn_text_index_new (item->text, -1, NULL);
          o.index = index;
          g_string_append (o.out, ", \"data\": {\"text\": ");
          limn_json_writer_append_string (o.out, item->text);
        }
      /* The item's name, which the task id or the image's path may not be. */
      g_string_append (o.out, ", \"doc_id\": ");
      limn_json_writer_append_string (o.out, item->name);
      g_string_append (o.out, "}");

      append_sets (&o, item, annotations, FALSE);
      append_sets (&o, item, predictions, TRUE);
      g_string_append (o.out, "}");

      if (!limn_format_output_flush (output, error))
        return FALSE;
    }
  g_string_append (o.out, "\n]\n");

  if (o.unsized > 0)
    limn_format_problems_add (writer->problems, path, "image-size-unknown", LIMN_FORMAT_SKIPPED,
                              _("Boxes on images of unknown size cannot be given in percent; "
                                "left out: %" PRIu64 "."), o.unsized);

  return limn_format_output_commit (output, error);
}

static const char * const label_studio_attributes[] = { "polygon", "provenance:", NULL };

const LimnFormat limn_format_label_studio = {
  "label-studio", N_("Label Studio JSON"), LIMN_FORMAT_IMAGES | LIMN_FORMAT_TEXTS,
  LIMN_FORMAT_HOLDS_ANNOTATORS | LIMN_FORMAT_HOLDS_SUGGESTIONS | LIMN_FORMAT_HOLDS_SCORES,
  label_studio_attributes,
  label_studio_detect, label_studio_read, label_studio_write,
};
