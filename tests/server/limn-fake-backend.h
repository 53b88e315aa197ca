/* limn-fake-backend.h
 *
 * A limn-server backend that keeps everything in memory and implements the
 * storage calls of backend/limn-server-backend.h and nothing else: no rule
 * of claims or batches is written here. The server layer's rules running
 * on it must behave as they do on SQLite; that is the seam's test
 * (tests/server/test-server-rules.c).
 *
 * Transactions: one at a time (a mutex from begin to end); each works on a
 * copy of the state that commit() installs, so end() without commit
 * leaves nothing behind. limn_fake_backend_fail_after() makes a later
 * storage call fail, to test that a failed claim or batch changes nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "backend/limn-server-backend.h"

G_BEGIN_DECLS

#define LIMN_TYPE_FAKE_BACKEND (limn_fake_backend_get_type ())

G_DECLARE_FINAL_TYPE (LimnFakeBackend, limn_fake_backend, LIMN, FAKE_BACKEND, GObject)

LimnServerBackend *limn_fake_backend_new        (void);

/* The @n-th storage call from now (1: the next) fails with FAILED;
 * 0 turns it off. */
void               limn_fake_backend_fail_after (LimnFakeBackend *self,
                                                 guint            n);
/* Storage calls made so far (not counting begin, commit and end). */
guint              limn_fake_backend_get_calls  (LimnFakeBackend *self);
/* Calls of the team dashboard's storage (issue 19), which the fake does
 * not model: each fails, and the rules tests assert none was made. */
guint              limn_fake_backend_get_unmodelled_calls (LimnFakeBackend *self);

G_END_DECLS
