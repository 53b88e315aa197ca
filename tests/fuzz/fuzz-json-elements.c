/* fuzz-json-elements.c
 *
 * The element walker (json/limn-json-elements.c), on any bytes: walking a
 * text and scanning it element by element gives LimnJsonScan's verdict on
 * the whole text at the same byte, and the same values element by element
 * (limn-json-elements-same.h); a member's value that is a container is
 * walked in turn, as the COCO reader walks "annotations".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "json/limn-json-reader.h"
#include "limn-fuzz.h"
#include "limn-json-elements-same.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *text = (const char *)data;
  g_autoptr(LimnJsonElements) walk = NULL;
  LimnJsonElement element;

  if (!limn_test_json_elements_same (text, size, LIMN_JSON_READER_MAX_DEPTH) ||
      !limn_test_json_is_container (text, size))
    return 0;

  /* Accepted: each member or element, walked or scanned on its own range,
   * is accepted too. */
  walk = limn_json_elements_new (text, 0, size, LIMN_JSON_READER_MAX_DEPTH, NULL);
  g_assert_nonnull (walk);
  while (limn_json_elements_next (walk, &element, NULL))
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (limn_json_elements_check (text, element.start, element.end,
                                               LIMN_JSON_READER_MAX_DEPTH - 1, NULL, &error));
      g_assert_no_error (error);
    }

  return 0;
}
