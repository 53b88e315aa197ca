/* limn-fuzz.h
 *
 * What every fuzz target shares (docs/fuzzing.md). A target is one file,
 * tests/fuzz/fuzz-NAME.c, that defines LLVMFuzzerTestOneInput(); it is
 * linked with limn-fuzz-main.c, which is either nothing but
 * LLVMFuzzerInitialize() (-Dfuzzing=true: libFuzzer brings main()), or a
 * main() of its own for every other build, which replays files and
 * mutates them:
 *
 *   fuzz-NAME [--random N] [--seed S] [--dict FILE] [--max-len N] [FILE|DIR…]
 *
 * A target may refuse an input; it must not crash, leak, assert, or break
 * the promise of the code under test that it checks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

G_BEGIN_DECLS

int         LLVMFuzzerTestOneInput (const uint8_t *data,
                                    size_t         size);
int         LLVMFuzzerInitialize   (int           *argc,
                                    char        ***argv);

/* A temporary folder, made once per process and removed at exit, holding
 * a 32×24 a.png, classes.txt ("cat", "dog") and doc.txt: what the folder
 * formats need beside the file a target writes. */
const char *limn_fuzz_folder       (void);

/* Writes @size bytes as @name in limn_fuzz_folder(), keeping what was
 * there, which limn_fuzz_restore() puts back. Returns the file's path. */
char       *limn_fuzz_write        (const char    *name,
                                    const uint8_t *data,
                                    size_t         size);
void        limn_fuzz_restore      (const char    *name);

G_END_DECLS
