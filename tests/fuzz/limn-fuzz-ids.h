/* limn-fuzz-ids.h
 *
 * The fixed ids the fuzz targets' worlds are made of, and that their seeds
 * (tests/fuzz/corpus/) use, so a mutated seed still names a project, a
 * label, a task that exists.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#define LIMN_FUZZ_PROJECT     "0b5d6c1e-1111-4a2b-8c3d-000000000001"
#define LIMN_FUZZ_LABEL_PER   "0b5d6c1e-2222-4a2b-8c3d-000000000001"
#define LIMN_FUZZ_LABEL_CAT   "0b5d6c1e-2222-4a2b-8c3d-000000000002"
#define LIMN_FUZZ_IMAGE_TASK  "0b5d6c1e-3333-4a2b-8c3d-000000000001"
#define LIMN_FUZZ_TEXT_TASK   "0b5d6c1e-3333-4a2b-8c3d-000000000002"
#define LIMN_FUZZ_OTHER_TASK  "0b5d6c1e-3333-4a2b-8c3d-000000000003"  /* another project's */
#define LIMN_FUZZ_ITEM(n)     "0b5d6c1e-4444-4a2b-8c3d-00000000000" #n
#define LIMN_FUZZ_TEXT        "Hi 😀 Ann Smith"
