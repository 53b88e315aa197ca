/* limn-gui-db.h
 *
 * GUI tests assert on the database, not on widget internals: these read
 * the app's SQLite file through a second, read-only connection, as another
 * process would, and wait for a row to arrive (the app writes on its store
 * worker thread).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Every row of @sql (one optional text parameter, @arg), its columns
 * joined by "|", each row ending in "\n". */
char *limn_gui_db_text   (const char *db_path,
                          const char *sql,
                          const char *arg);

/* Waits up to 10 s, spinning the main loop, for limn_gui_db_text() to be
 * @want; fails the test with both texts when it never is. */
void  limn_gui_db_assert (const char *db_path,
                          const char *sql,
                          const char *arg,
                          const char *want);

G_END_DECLS
