/* fuzz-server-batch.c
 *
 * limn-server's decoder of a batch body (limn_server_decode_batch,
 * limn-server-routes-batches.c): the items array, every item's kind and
 * fields, an annotation's regions (limn-server-validate.c), on an
 * in-memory backend (tests/server/limn-fake-backend.c) that holds one
 * project with an image and a text task, and another project's task.
 * Bit 0 of the first byte: the caller is the project's annotator, or the
 * server's admin; bit 1: a quota of 2 events per batch, or the default
 * (--events-per-batch); the rest is the body, checked against the route's
 * limits (limn_server_check_batch_limits) first, as the route does.
 *
 * Promises checked: the body is refused whole with a 400's error, or every
 * item comes back, pending or rejected with a reason; a pending item is in
 * the caller's project. And the route's own (see its header): a body the
 * strict scanner reads gets the same verdict, item by item, as the same
 * body read by json-glib alone, here forced by a leading member written
 * "01", which only json-glib reads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "backend/limn-server-backend.h"
#include "json/limn-json-reader.h"
#include "limn-fake-backend.h"
#include "limn-fuzz.h"
#include "limn-fuzz-ids.h"
#include "limn-server-routes.h"
#include "limn-server-tasks.h"

/* sha256 ("test"), the seeds' media */
#define SHA256_OF_TEST "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"

static LimnServerBackend *backend;

static LimnServerLabel *
label_new (const char *id,
           const char *name)
{
  LimnServerLabel *label = g_new0 (LimnServerLabel, 1);

  label->id = g_strdup (id);
  label->name = g_strdup (name);
  label->color = g_strdup ("#3584e4");
  return label;
}

static void
add_project (const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnServerTxn) txn = limn_server_backend_begin (backend, LIMN_SERVER_TXN_WRITE, &error);
  g_autoptr(LimnServerProject) project = g_new0 (LimnServerProject, 1);

  project->id = g_strdup (id);
  project->name = g_strdup ("P");
  project->kind = g_strdup ("both");
  project->settings = (LimnServerSettings) { 1, 0, 0, 5, 86400 };
  project->labels = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_server_label_free);
  g_ptr_array_add (project->labels, label_new (LIMN_FUZZ_LABEL_PER, "Person"));
  g_ptr_array_add (project->labels, label_new (LIMN_FUZZ_LABEL_CAT, "cat"));
  g_assert_true (txn->store->insert_project (txn, project, 1, &error));
  g_assert_true (limn_server_txn_commit (txn, &error));
}

static void
add_task (const char *project_id,
          const char *id,
          gboolean    image)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tasks = g_ptr_array_new_with_free_func (
    (GDestroyNotify)limn_server_task_free);
  LimnServerNewTask *task = g_new0 (LimnServerNewTask, 1);
  guint added = 0, skipped = 0;

  task->id = g_strdup (id);
  task->title = g_strdup ("t");
  task->kind = g_strdup (image ? "image" : "text");
  if (image)
    {
      task->media_sha256 = g_strdup (SHA256_OF_TEST);
      task->media_size = 4;
      task->width = 32;
      task->height = 24;
    }
  else
    {
      task->text = g_strdup (LIMN_FUZZ_TEXT);
      task->direction = g_strdup ("auto");
    }
  g_ptr_array_add (tasks, task);
  g_assert_true (limn_server_tasks_add (backend, project_id, tasks, &added, &skipped, &error));
  g_assert_cmpuint (added, ==, 1);
}

static void
set_up (void)
{
  const char *other = "0b5d6c1e-1111-4a2b-8c3d-000000000002";

  if (backend != NULL)
    return;

  backend = limn_fake_backend_new ();
  add_project (LIMN_FUZZ_PROJECT);
  add_task (LIMN_FUZZ_PROJECT, LIMN_FUZZ_IMAGE_TASK, TRUE);
  add_task (LIMN_FUZZ_PROJECT, LIMN_FUZZ_TEXT_TASK, FALSE);
  add_project (other);
  add_task (other, LIMN_FUZZ_OTHER_TASK, TRUE);
}

static void
assert_same_items (GPtrArray *a,
                   GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      LimnBatchItem *x = g_ptr_array_index (a, i), *y = g_ptr_array_index (b, i);

      g_assert_cmpint (x->kind, ==, y->kind);
      g_assert_cmpint (x->status, ==, y->status);
      g_assert_cmpstr (x->reason, ==, y->reason);
      g_assert_cmpstr (x->id, ==, y->id);
      g_assert_cmpstr (x->project_id, ==, y->project_id);
      g_assert_cmpstr (x->task_id, ==, y->task_id);
      g_assert_cmpstr (x->session_id, ==, y->session_id);
      g_assert_cmpstr (x->type, ==, y->type);
      g_assert_cmpint (x->wall_us, ==, y->wall_us);
      g_assert_cmpint (x->mono_us, ==, y->mono_us);
      g_assert_cmpint (x->revision, ==, y->revision);
      g_assert_cmpstr (x->regions, ==, y->regions);
      g_assert_cmpstr (x->rejected_suggestions, ==, y->rejected_suggestions);
      g_assert_cmpstr (x->category, ==, y->category);
      g_assert_cmpstr (x->body, ==, y->body);
      g_assert_true ((x->payload == NULL) == (y->payload == NULL));
      if (x->payload != NULL)
        {
          g_autoptr(JsonNode) px = json_from_string (x->payload, NULL);
          g_autoptr(JsonNode) py = json_from_string (y->payload, NULL);

          g_assert_true (px != NULL && py != NULL && json_node_equal (px, py));
        }
    }
}

/* As the route does: the limits before anything is built, then the
 * items. */
static GPtrArray *
decode (const LimnServerPrincipal *principal,
        guint                      events_per_batch,
        const char                *body,
        gsize                      len)
{
  g_autoptr(GBytes) bytes = g_bytes_new (body, len);
  g_autoptr(GError) error = NULL;
  GPtrArray *items = NULL;

  if (!limn_server_check_batch_limits (bytes, &error))
    {
      g_assert_true (error->domain == LIMN_JSON_READER_ERROR);
      return NULL;
    }

  items = limn_server_decode_batch (backend, principal, bytes, events_per_batch, &error);
  if (items == NULL)
    {
      g_assert_true (error->domain == LIMN_JSON_READER_ERROR);
      return NULL;
    }

  g_assert_no_error (error);
  g_assert_cmpuint (items->len, <=, LIMN_SERVER_MAX_BATCH_ITEMS);
  for (guint i = 0, events = 0; i < items->len; i++)
    {
      LimnBatchItem *item = g_ptr_array_index (items, i);

      if (item->status == LIMN_BATCH_REJECTED)
        {
          g_assert_nonnull (item->reason);
          continue;
        }
      g_assert_cmpint (item->status, ==, LIMN_BATCH_PENDING);
      if (item->kind == LIMN_BATCH_ITEM_EVENT)
        g_assert_cmpuint (++events, <=, events_per_batch);
      g_assert_nonnull (item->id);
      g_assert_true (principal->project_id == NULL ||
                     g_strcmp0 (item->project_id, principal->project_id) == 0);
      g_assert_true (item->payload == NULL || strlen (item->payload) <= LIMN_SERVER_MAX_PAYLOAD);
      if (item->kind == LIMN_BATCH_ITEM_ANNOTATION)
        g_assert_true (item->regions != NULL && item->rejected_suggestions != NULL);
    }

  return items;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  LimnServerPrincipal annotator = {
    "token", "0b5d6c1e-6666-4a2b-8c3d-000000000001", "ann", (char *)LIMN_FUZZ_PROJECT,
    LIMN_SERVER_ROLE_ANNOTATOR,
  };
  LimnServerPrincipal admin = {
    "token", "0b5d6c1e-6666-4a2b-8c3d-000000000002", "boss", NULL, LIMN_SERVER_ROLE_ADMIN,
  };
  const LimnServerPrincipal *principal;
  guint events_per_batch;
  const char *body = (const char *)data + 1;
  gsize len = size > 0 ? size - 1 : 0, skip = 0;
  g_autoptr(GPtrArray) items = NULL;

  if (size == 0)
    return 0;

  set_up ();
  principal = data[0] & 1 ? &admin : &annotator;
  events_per_batch = data[0] & 2 ? 2 : LIMN_SERVER_DEFAULT_EVENTS_PER_BATCH;
  items = decode (principal, events_per_batch, body, len);

  /* The same body as only json-glib reads it. */
  while (skip < len && g_ascii_isspace (body[skip]))
    skip++;
  if (items != NULL && skip < len && body[skip] == '{')
    {
      g_autoptr(GString) lax = g_string_new ("{\"_\": 01,");
      g_autoptr(GPtrArray) again = NULL;

      g_string_append_len (lax, body + skip + 1, len - skip - 1);
      again = decode (principal, events_per_batch, lax->str, lax->len);
      g_assert_nonnull (again);
      assert_same_items (items, again);
    }

  return 0;
}
