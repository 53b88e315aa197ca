/* limn-format-problems.h
 *
 * What a reader or writer met and what it did about it: one entry per
 * occurrence, with where (file and line, or record), a stable kind id
 * (docs/formats.md lists them), the action taken and a translated message.
 * The first LIMN_FORMAT_PROBLEMS_KEEP of each kind are kept; the rest are
 * only counted, so a broken 1 GB file cannot fill memory with reports.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LIMN_FORMAT_PROBLEMS_KEEP 200

typedef enum
{
  LIMN_FORMAT_KEPT,       /* read or written as it is, but worth knowing */
  LIMN_FORMAT_CONVERTED,  /* changed to fit (offsets, clamped boxes, outlines to boxes) */
  LIMN_FORMAT_SKIPPED,    /* left out */
} LimnFormatAction;

typedef struct
{
  char             *where;   /* "file:line", "file", or "file: record" */
  const char       *kind;    /* interned, stable: "utf16-offsets", "zero-area", … */
  LimnFormatAction  action;
  char             *detail;  /* translated */
} LimnFormatProblem;

typedef struct _LimnFormatProblems LimnFormatProblems;

LimnFormatProblems      *limn_format_problems_new       (void);
void                     limn_format_problems_free      (LimnFormatProblems *problems);

void                     limn_format_problems_add       (LimnFormatProblems *problems,
                                                         const char         *where,
                                                         const char         *kind,
                                                         LimnFormatAction    action,
                                                         const char         *format,
                                                         ...) G_GNUC_PRINTF (5, 6);

/* The kept entries, in the order met. */
guint                    limn_format_problems_get_n     (LimnFormatProblems *problems);
const LimnFormatProblem *limn_format_problems_get       (LimnFormatProblems *problems,
                                                         guint               index);
/* Every occurrence, kept or only counted; @kind %NULL counts all kinds. */
guint64                  limn_format_problems_count     (LimnFormatProblems *problems,
                                                         const char         *kind);
guint64                  limn_format_problems_count_action (LimnFormatProblems *problems,
                                                            LimnFormatAction    action);
/* The kinds met, in first-met order (interned strings; free the array). */
GPtrArray               *limn_format_problems_get_kinds (LimnFormatProblems *problems);

/* A kind in words for people (translated), %NULL for a kind not known. */
const char              *limn_format_problem_kind_describe (const char *kind);
/* The kinds it knows, sorted; %NULL past the last. */
const char              *limn_format_problem_kind_nth   (guint       n);
const char              *limn_format_action_to_string   (LimnFormatAction    action);
/* Replaces @from with @to in every kept entry's place and detail: output
 * written in a scratch folder, reported where it ends up. */
void                     limn_format_problems_rebase    (LimnFormatProblems *problems,
                                                         const char         *from,
                                                         const char         *to);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnFormatProblems, limn_format_problems_free)

G_END_DECLS
