/* limn-csv.h
 *
 * A reader for comma-separated values as RFC 4180 has them: records end at
 * CRLF (or a bare LF or CR); a field in double quotes may hold commas, line
 * breaks and doubled quotes (""). Beyond the RFC: a UTF-8 byte order mark
 * is skipped, empty lines are skipped, and a quote inside an unquoted
 * field is kept as a character. Text after a closing quote, or a quote
 * never closed, is an error naming the line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "limn-analytics-error.h"

G_BEGIN_DECLS

typedef struct _LimnCsvReader LimnCsvReader;

/* Reads @text (@length bytes, or −1 for NUL-terminated), which must stay
 * alive and unchanged while the reader is used. */
LimnCsvReader *limn_csv_reader_new      (const char     *text,
                                         gssize          length);
void           limn_csv_reader_free     (LimnCsvReader  *self);
/* The next record's fields (free with g_strfreev), or NULL at the end of
 * the text (with @error unset) or on malformed input (with @error set,
 * LIMN_ANALYTICS_ERROR_PARSE). */
char         **limn_csv_reader_next     (LimnCsvReader  *self,
                                         GError        **error);
/* After an error from limn_csv_reader_next(): skips the rest of the line
 * where it happened, so a caller that leaves bad records out can go on;
 * FALSE when the error left nothing to skip to (a quote never closed runs
 * to the end of the text). */
gboolean       limn_csv_reader_recover  (LimnCsvReader  *self);
/* The line (from 1) where the record last returned (or failed) starts. */
guint          limn_csv_reader_get_line (LimnCsvReader  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnCsvReader, limn_csv_reader_free)

G_END_DECLS
