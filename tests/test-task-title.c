/* test-task-title.c
 *
 * The title the app shows for a task (src/app/limn-task-title.c): its own,
 * or "Task N" when the project hides titles from annotators and the server
 * sent "" (docs/security.md, "Privacy"); N in the locale's digits, while a
 * real title keeps its digits as typed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "limn-task-title.h"

static gboolean
has_ascii_digit (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      return TRUE;
  return FALSE;
}

static void
test_titles (void)
{
  g_autoptr(LimnTask) named = limn_task_new ("t1", "p", LIMN_TASK_IMAGE, 11, "img-011.png");
  g_autoptr(LimnTask) hidden = limn_task_new ("t2", "p", LIMN_TASK_IMAGE, 11, "");
  g_autofree char *a = limn_task_title_for_display (named);
  g_autofree char *b = limn_task_title_for_display (hidden);

  setlocale (LC_ALL, "C.UTF-8");
  g_assert_cmpstr (a, ==, "img-011.png");
  g_assert_cmpstr (b, ==, "Task 12");
}

static void
test_arabic_digits (void)
{
  g_autoptr(LimnTask) named = limn_task_new ("t1", "p", LIMN_TASK_IMAGE, 11, "img-011.png");
  g_autoptr(LimnTask) hidden = limn_task_new ("t2", "p", LIMN_TASK_IMAGE, 11, "");
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  if (setlocale (LC_ALL, "ar_EG.UTF-8") == NULL)
    {
      g_test_skip ("locale ar_EG.UTF-8 not available");
      return;
    }
  a = limn_task_title_for_display (named);
  b = limn_task_title_for_display (hidden);
  setlocale (LC_ALL, "C.UTF-8");

  g_assert_cmpstr (a, ==, "img-011.png");
  g_assert_false (has_ascii_digit (b));
  g_assert_nonnull (strstr (b, "١٢"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/task-title/titles", test_titles);
  g_test_add_func ("/task-title/arabic-digits", test_arabic_digits);

  return g_test_run ();
}
