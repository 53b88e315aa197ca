/* fuzz-server-regions.c
 *
 * limn-server's check of an annotation's regions against their task
 * (limn_server_check_regions, limn-server-validate.c), which a batch's
 * annotations and an admin's gold answers go through. The first byte
 * picks the task: bit 0 image or text, the next bits its size or its
 * text; the rest is a body {"regions": […]} read as the routes read one.
 *
 * The check's promise: regions come back in canonical form, each as it was
 * checked; checking the canonical form again gives it back unchanged.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "json/limn-json-reader.h"
#include "json/limn-json-writer.h"
#include "limn-fuzz.h"
#include "limn-fuzz-ids.h"
#include "limn-server-validate.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const gint64 sides[] = { 1, 24, 32, 1600, 100000 };
  static const char * const texts[] = {
    LIMN_FUZZ_TEXT, "", "a", "\u05e9\u05dc\u05d5\u05dd 😀\r\n",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonArray) canonical = NULL;
  g_autoptr(JsonArray) again = NULL;
  g_autoptr(LimnTextIndex) index = NULL;
  g_autoptr(GHashTable) labels = g_hash_table_new (g_str_hash, g_str_equal);
  LimnServerTask task = { 0 };
  JsonArray *regions = NULL;

  if (size == 0)
    return 0;

  g_hash_table_add (labels, (gpointer)LIMN_FUZZ_LABEL_PER);
  g_hash_table_add (labels, (gpointer)LIMN_FUZZ_LABEL_CAT);
  task.id = (char *)LIMN_FUZZ_IMAGE_TASK;
  task.project_id = (char *)LIMN_FUZZ_PROJECT;
  if (data[0] % 2 == 0)
    {
      task.kind = (char *)"image";
      task.width = sides[(data[0] >> 1) % G_N_ELEMENTS (sides)];
      task.height = sides[(data[0] >> 4) % G_N_ELEMENTS (sides)];
    }
  else
    {
      task.kind = (char *)"text";
      task.text = (char *)texts[(data[0] >> 1) % G_N_ELEMENTS (texts)];
      index = limn_text_index_new (task.text, -1, NULL);
      g_assert_nonnull (index);
    }

  root = limn_json_reader_parse_object ((const char *)data + 1, size - 1, &error);
  if (root == NULL ||
      !limn_json_reader_get_array (json_node_get_object (root), "regions",
                                   LIMN_JSON_READER_REQUIRED, 0, &regions, NULL, &error))
    return 0;

  canonical = limn_server_check_regions (regions, &task, labels, index, &error);
  if (canonical == NULL)
    {
      g_assert_true (error->domain == LIMN_JSON_READER_ERROR);
      return 0;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (canonical), ==, json_array_get_length (regions));

  again = limn_server_check_regions (canonical, &task, labels, index, &error);
  g_assert_no_error (error);
  {
    g_autofree char *first = limn_json_writer_array_to_string (canonical);
    g_autofree char *second = limn_json_writer_array_to_string (again);

    g_assert_cmpstr (first, ==, second);
  }

  return 0;
}
