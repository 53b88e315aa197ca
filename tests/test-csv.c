/* test-csv.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "analytics/limn-csv.h"

static GPtrArray *
read_all (const char *text,
          GError    **error)
{
  g_autoptr(LimnCsvReader) reader = limn_csv_reader_new (text, -1);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  char **row;

  while ((row = limn_csv_reader_next (reader, error)) != NULL)
    g_ptr_array_add (rows, row);

  if (error != NULL && *error != NULL)
    return NULL;
  return g_steal_pointer (&rows);
}

static void
assert_row (GPtrArray  *rows,
            guint       i,
            const char *first,
            ...)
{
  char **row = g_ptr_array_index (rows, i);
  const char *expected = first;
  va_list args;
  guint k = 0;

  va_start (args, first);
  for (; expected != NULL; expected = va_arg (args, const char *), k++)
    g_assert_cmpstr (row[k], ==, expected);
  va_end (args);
  g_assert_null (row[k]);
}

/* RFC 4180 §2: CRLF records, quoted fields with commas, line breaks and
 * doubled quotes, an empty last field, no final line break. */
static void
test_rfc4180 (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = read_all ("id,text,n\r\n"
                                        "1,\"a, b\",2\r\n"
                                        "2,\"line one\r\nline two\nthree\",\r\n"
                                        "3,\"say \"\"hi\"\"\",\"\"\r\n"
                                        "4,plain \"quote\" inside,x", &error);

  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 5);
  assert_row (rows, 0, "id", "text", "n", NULL);
  assert_row (rows, 1, "1", "a, b", "2", NULL);
  assert_row (rows, 2, "2", "line one\r\nline two\nthree", "", NULL);
  assert_row (rows, 3, "3", "say \"hi\"", "", NULL);
  assert_row (rows, 4, "4", "plain \"quote\" inside", "x", NULL);
}

/* A byte order mark, LF records, empty lines, a line count that includes
 * the line breaks inside quotes, UTF-8 passed through. */
static void
test_lines_and_bom (void)
{
  g_autoptr(LimnCsvReader) reader = limn_csv_reader_new ("\xEF\xBB\xBF" "a,b\n\n"
                                                         "\"x\ny\",😈\n"
                                                         "z,\"é\"\n", -1);
  g_auto(GStrv) header = limn_csv_reader_next (reader, NULL);
  g_auto(GStrv) one = limn_csv_reader_next (reader, NULL);
  g_auto(GStrv) two = NULL;

  g_assert_cmpstr (header[0], ==, "a");
  g_assert_cmpuint (limn_csv_reader_get_line (reader), ==, 3);
  g_assert_cmpstr (one[0], ==, "x\ny");
  g_assert_cmpstr (one[1], ==, "😈");
  two = limn_csv_reader_next (reader, NULL);
  g_assert_cmpuint (limn_csv_reader_get_line (reader), ==, 5);
  g_assert_cmpstr (two[1], ==, "é");
  g_assert_null (limn_csv_reader_next (reader, NULL));
  g_assert_null (limn_csv_reader_next (reader, NULL));
}

static void
test_malformed (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) unclosed = read_all ("a,b\n1,\"never closed\n2,3\n", &error);
  g_autoptr(GPtrArray) trailing = NULL;

  g_assert_null (unclosed);
  g_assert_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "Line 2"));
  g_clear_error (&error);

  trailing = read_all ("a,b\n\"x\"y,2\n", &error);
  g_assert_null (trailing);
  g_assert_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_PARSE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/csv/rfc4180", test_rfc4180);
  g_test_add_func ("/csv/lines-and-bom", test_lines_and_bom);
  g_test_add_func ("/csv/malformed", test_malformed);

  return g_test_run ();
}
