/* limn-format-provenance.c
 *
 * Where a region came from ("provenance:" region attributes, written by
 * limn-store-export.c) as a JSON object of Limn's own,
 * {"annotator": …, "submitted": …}, in the free field a format has: a COCO
 * annotation's "limn_provenance", a Label Studio result's, a labelme
 * shape's (labelme keeps unknown shape keys on save), a JSONL record's
 * "meta". Other readers pass it by.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-formats"

#include "config.h"

#include "limn-format-private.h"

#define PREFIX "provenance:"

gboolean
limn_format_has_provenance (LimnAttrs attrs)
{
  for (guint k = 0; attrs != NULL && attrs[k] != NULL; k += 2)
    if (g_str_has_prefix (attrs[k], PREFIX))
      return TRUE;

  return FALSE;
}

void
limn_format_append_provenance (GString            *out,
                               LimnAttrs           attrs,
                               const char * const *skip)
{
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  for (guint k = 0; attrs != NULL && attrs[k] != NULL; k += 2)
    {
      const char *key = attrs[k] + strlen (PREFIX);

      if (!g_str_has_prefix (attrs[k], PREFIX) ||
          (skip != NULL && g_strv_contains (skip, key)))
        continue;
      if (!first)
        g_string_append (out, ", ");
      limn_json_writer_append_string (out, key);
      g_string_append (out, ": ");
      limn_json_writer_append_string (out, attrs[k + 1]);
      first = FALSE;
    }
  g_string_append_c (out, '}');
}

gboolean
limn_format_json_read_provenance (LimnJsonScan *scan,
                                  guint         object,
                                  LimnAttrs    *attrs)
{
  if (!limn_format_json_is_type (scan, object, LIMN_JSON_SCAN_OBJECT))
    return FALSE;

  for (guint key = limn_json_scan_first (scan, object); key != LIMN_JSON_SCAN_NONE;)
    {
      guint value = limn_json_scan_next (scan, key);
      const char *name, *v;

      if (value == LIMN_JSON_SCAN_NONE)
        break;
      name = limn_json_scan_get_string (scan, key, NULL);
      v = limn_json_scan_get_string (scan, value, NULL);
      /* String members only: anything else is not Limn's. */
      if (name != NULL && v != NULL && *name != '\0')
        {
          g_autofree char *full = g_strconcat (PREFIX, name, NULL);

          limn_attrs_set (attrs, full, v);
        }
      key = limn_json_scan_next (scan, value);
    }

  return TRUE;
}

gboolean
limn_format_annotation_has_provenance (const LimnDatasetAnnotation *annotation)
{
  for (guint r = 0; annotation != NULL && r < annotation->regions->len; r++)
    if (limn_format_has_provenance (g_array_index (annotation->regions, LimnDatasetRegion, r).attrs))
      return TRUE;

  return FALSE;
}

void
limn_format_append_provenance_list (GString                     *out,
                                    const LimnDatasetAnnotation *annotation)
{
  g_string_append_c (out, '[');
  for (guint r = 0; r < annotation->regions->len; r++)
    {
      LimnAttrs attrs = g_array_index (annotation->regions, LimnDatasetRegion, r).attrs;

      if (r > 0)
        g_string_append (out, ", ");
      if (limn_format_has_provenance (attrs))
        limn_format_append_provenance (out, attrs, NULL);
      else
        g_string_append (out, "null");
    }
  g_string_append_c (out, ']');
}

guint
limn_format_json_provenance_list (LimnJsonScan *scan)
{
  guint meta = limn_json_scan_member (scan, LIMN_JSON_SCAN_ROOT, "meta");
  guint list = limn_json_scan_member (scan, meta, "limn_provenance");

  return limn_format_json_is_type (scan, list, LIMN_JSON_SCAN_ARRAY)
         ? limn_json_scan_first (scan, list) : LIMN_JSON_SCAN_NONE;
}

void
limn_format_raw_spans_clear_attrs (GArray *spans)
{
  for (guint i = 0; i < spans->len; i++)
    g_clear_pointer (&g_array_index (spans, LimnRawSpan, i).attrs, g_strfreev);
}
