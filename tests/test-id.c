/* test-id.c
 *
 * Ids: derived ones are stable version 5 UUIDs; new time-ordered ones are
 * version 7 UUIDs in Limn's lower-case form, carry the time in their first
 * 48 bits, sort by it, and do not repeat. The checks accept exactly the
 * lower-case forms Limn exchanges.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "model/limn-id.h"

static void
assert_uuid (const char *id,
             char        version)
{
  g_assert_cmpuint (strlen (id), ==, 36);
  for (guint i = 0; i < 36; i++)
    {
      if (i == 8 || i == 13 || i == 18 || i == 23)
        g_assert_cmpint (id[i], ==, '-');
      else
        g_assert_true (g_ascii_isdigit (id[i]) || (id[i] >= 'a' && id[i] <= 'f'));
    }
  g_assert_cmpint (id[14], ==, version);
  g_assert_nonnull (strchr ("89ab", id[19]));
}

static void
test_derive (void)
{
  g_autofree char *a = limn_id_derive ("label", "Person");
  g_autofree char *b = limn_id_derive ("label", "Person");
  g_autofree char *c = limn_id_derive ("label", "Car");

  assert_uuid (a, '5');
  g_assert_cmpstr (a, ==, b);
  g_assert_cmpstr (a, !=, c);
}

static void
test_time_ordered (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *previous = NULL;
  guint64 before = g_get_real_time () / 1000;
  g_autofree char *first = limn_id_new_time_ordered ();
  guint64 after = g_get_real_time () / 1000;
  g_autofree char *hex = g_strdup_printf ("%.8s%.4s", first, first + 9);
  guint64 ms = g_ascii_strtoull (hex, NULL, 16);

  assert_uuid (first, '7');
  g_assert_cmpuint (ms, >=, before);
  g_assert_cmpuint (ms, <=, after);

  /* Later ids sort later, once the clock has moved on. */
  previous = g_strdup (first);
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *next = NULL;

      g_usleep (2000);
      next = limn_id_new_time_ordered ();
      assert_uuid (next, '7');
      g_assert_cmpint (strcmp (previous, next), <, 0);
      g_free (previous);
      previous = g_steal_pointer (&next);
    }

  /* Many in the same millisecond: still all different. */
  for (guint i = 0; i < 100000; i++)
    {
      char *id = limn_id_new_time_ordered ();

      g_assert_false (g_hash_table_contains (seen, id));
      g_hash_table_add (seen, id);
    }
}

static void
test_checks (void)
{
  g_autofree char *derived = limn_id_derive ("scope", "name");
  g_autofree char *ordered = limn_id_new_time_ordered ();
  g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "x", -1);
  g_autofree char *upper = g_ascii_strup (sha, -1);

  g_assert_true (limn_id_is_uuid (derived));
  g_assert_true (limn_id_is_uuid (ordered));
  g_assert_true (limn_id_is_uuid ("00000000-0000-0000-0000-000000000000"));
  g_assert_false (limn_id_is_uuid (NULL));
  g_assert_false (limn_id_is_uuid (""));
  g_assert_false (limn_id_is_uuid ("0B5D6C1E-1111-4A2B-8C3D-000000000001"));
  g_assert_false (limn_id_is_uuid ("0b5d6c1e-1111-4a2b-8c3d-00000000000g"));
  g_assert_false (limn_id_is_uuid ("0b5d6c1e11114a2b8c3d000000000001"));
  g_assert_false (limn_id_is_uuid ("0b5d6c1e-1111-4a2b-8c3d-0000000000012"));
  g_assert_false (limn_id_is_uuid ("0b5d6c1e-1111-4a2b-8c3d+000000000001"));

  g_assert_true (limn_id_is_sha256 (sha));
  g_assert_false (limn_id_is_sha256 (upper));
  g_assert_false (limn_id_is_sha256 (NULL));
  g_assert_false (limn_id_is_sha256 (derived));
  sha[63] = '\0';
  g_assert_false (limn_id_is_sha256 (sha));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/id/derive", test_derive);
  g_test_add_func ("/id/time-ordered", test_time_ordered);
  g_test_add_func ("/id/checks", test_checks);

  return g_test_run ();
}
