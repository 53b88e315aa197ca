/* limn-toxic-spans.h
 *
 * Agreement statistics of a crowd-annotated span dataset in the layout of
 * the Toxic Spans data (Pavlopoulos et al. 2021; ../shared/data/toxic-spans):
 * comments.csv (comment_id, comment_text), annotations.csv (annotation,
 * comment_id, worker, …) and spans.csv (annotation, type, start, end), spans
 * in code points of comment_text, end-exclusive. Definitions in
 * docs/metrics.md, "Toxic Spans":
 *
 * - items and annotators;
 * - character-level Krippendorff's α (nominal): units are the characters of
 *   each comment, values toxic or not, coders the workers; a worker who
 *   annotated a comment without marking a span codes all of it not toxic;
 * - mean pairwise Cohen's κ over worker pairs sharing at least
 *   LIMN_TOXIC_SPANS_MIN_SHARED characters;
 * - each worker's span F1 against the majority-vote character set.
 *
 * Spans that do not fit their text (past the end, empty, negative, not a
 * number, of an unknown annotation) are skipped and listed with the
 * reason, never trusted; a span past the end that would fit if its offsets
 * counted UTF-16 units is reported as such.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "limn-analytics-error.h"

G_BEGIN_DECLS

#define LIMN_TOXIC_SPANS_MIN_SHARED 20

/* Reads the three files in @directory and returns the statistics as a JSON
 * object. Fails when a file cannot be read, is not UTF-8 text, is not valid
 * CSV or lacks a column it needs. */
JsonNode *limn_toxic_spans_stats (const char  *directory,
                                  GError     **error);

G_END_DECLS
