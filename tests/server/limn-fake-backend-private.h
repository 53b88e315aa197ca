/* limn-fake-backend-private.h
 *
 * What the fake backend's files share: its records and state, the
 * copies the storage calls hand out, and the entry every call goes
 * through.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "limn-fake-backend.h"

G_BEGIN_DECLS

typedef struct
{
  char *id;
  char *name;
} FakeUser;

typedef struct
{
  char           *id;
  char           *user_id;
  char           *project_id;
  char           *sha256;
  LimnServerRole  role;
  gboolean        revoked;
} FakeToken;

typedef struct
{
  LimnServerTask *task;
  gboolean        is_gold;
  char           *gold_answer;
} FakeTask;

typedef struct
{
  LimnBatchItemKind  kind;
  char              *id;
  char              *owner;
  char              *project_id;
  char              *task_id;
  char              *type;          /* events */
  gboolean           conflicted;    /* annotations */
  char              *regions;       /* annotations */
} FakeItem;

typedef struct
{
  char                   *user_id;
  char                   *key;
  LimnServerStoredAnswer *answer;
  gint64                  created_us;
} FakeAnswer;

typedef struct
{
  gint64  seq;
  gint64  recipient_seq;
  char   *recipient;
  char   *project_id;
  char   *kind;
  char   *data;
} FakeChange;

typedef struct
{
  char *user_id;
  char *token_id;
  char *action;
  char *detail;
} FakeAudit;

typedef struct
{
  char   *project_id;
  char   *key;            /* a reviewer's user id, or an audit stratum */
  gint64  a;              /* level; audit: seen */
  gint64  b;              /* audit: sampled */
} FakeCounter;

typedef struct
{
  GPtrArray *users;       /* FakeUser */
  GPtrArray *tokens;      /* FakeToken */
  GPtrArray *projects;    /* LimnServerProject, oldest first */
  GPtrArray *tasks;       /* FakeTask */
  GPtrArray *leases;      /* LimnServerLease, oldest first */
  GPtrArray *items;       /* FakeItem */
  GPtrArray *answers;     /* FakeAnswer */
  GPtrArray *changes;     /* FakeChange */
  GPtrArray *audit;       /* FakeAudit */
  GPtrArray *review_items; /* LimnServerReviewItem, oldest first */
  GPtrArray *reviews;     /* LimnServerReview, as received */
  GPtrArray *reviewers;   /* FakeCounter: level in a */
  GPtrArray *strata;      /* FakeCounter: seen in a, sampled in b */
  gint64     last_seq;
} FakeState;

LimnServerTask         *fake_task_dup     (const LimnServerTask         *t);
gpointer                fake_project_copy (gconstpointer                 src,
                                           gpointer                      data);
gpointer                fake_lease_copy   (gconstpointer                 src,
                                           gpointer                      data);
LimnServerStoredAnswer *fake_answer_dup   (const LimnServerStoredAnswer *a);

/* Every storage call starts here: counts it, fails it when asked, and
 * answers the transaction's copy of the state (NULL with @error set). */
FakeState              *fake_backend_call (LimnServerTxn                *txn,
                                           GError                      **error);

gpointer                fake_counter_copy (gconstpointer                 src,
                                           gpointer                      data);
void                    fake_counter_free (FakeCounter                  *c);

/* limn-fake-backend-calls.c: a storage call that writes (asserts a
 * write transaction), and a refusal as SQLite's UNIQUE constraint
 * words it. */
void                    fake_backend_calls_init (LimnServerBackendInterface *iface);
gboolean                fake_write_call         (LimnServerTxn              *txn,
                                                 FakeState                 **state,
                                                 GError                    **error);
gboolean                fake_refuse_duplicate   (gboolean                    taken,
                                                 const char                 *what,
                                                 GError                    **error);
/* Lookups the files of calls share. */
FakeUser               *fake_find_user    (FakeState                    *s,
                                           const char                   *id,
                                           const char                   *name);
FakeTask               *fake_find_task    (FakeState                    *s,
                                           const char                   *id);
LimnServerProject      *fake_find_project (FakeState                    *s,
                                           const char                   *id);

/* limn-fake-backend-log.c */
void                    fake_backend_log_init   (LimnServerBackendInterface *iface);

/* Counts a call of what the fake does not model. */
void                    fake_backend_unmodelled (LimnServerTxn              *txn);

/* limn-fake-backend-review.c: the calls of review and feedback the rules
 * of the server layer make. */
void                    fake_backend_review_init (LimnServerBackendInterface *iface);

G_END_DECLS
