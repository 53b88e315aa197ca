/* limn-server-review.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "json/limn-json-writer.h"
#include "limn-server-audit.h"
#include "limn-server-campaigns.h"
#include "limn-server-changes.h"
#include "limn-server-projects.h"
#include "limn-server-review.h"
#include "limn-server-review-items.h"
#include "limn-server-review-queue.h"
#include "model/limn-id.h"
#include "model/limn-label.h"

/* @json was checked when stored (limn_translations_from_json()). */
void
limn_server_set_translations_member (JsonObject *l,
                                     const char *member,
                                     const char *json)
{
  g_autoptr(JsonNode) node = NULL;

  if (json == NULL || json[0] == '\0')
    return;
  node = json_from_string (json, NULL);
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    json_object_set_member (l, member, g_steal_pointer (&node));
}

JsonArray *
limn_server_labels_to_json (GPtrArray *labels)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; labels != NULL && i < labels->len; i++)
    {
      LimnServerLabel *label = g_ptr_array_index (labels, i);
      JsonObject *l = json_object_new ();

      json_object_set_string_member (l, "id", label->id);
      json_object_set_string_member (l, "name", label->name);
      json_object_set_string_member (l, "color", label->color);
      if (label->hotkey != NULL)
        json_object_set_string_member (l, "hotkey", label->hotkey);
      else
        json_object_set_null_member (l, "hotkey");
      json_object_set_string_member (l, "description", label->description ? label->description : "");
      json_object_set_boolean_member (l, "retired", label->retired_us != 0);
      /* Per language (issue 21); members left out when there are none, so
       * older clients see the same object. */
      limn_server_set_translations_member (l, "names", label->names);
      limn_server_set_translations_member (l, "descriptions", label->descriptions);
      json_array_add_object_element (array, l);
    }

  return array;
}

/* A lease that ran out reads as open, held by nobody. */
static void
settle_expired (LimnServerReviewItem *item,
                gint64                now_us)
{
  if (item->state == LIMN_SERVER_REVIEW_LEASED && item->lease_expires_us <= now_us)
    {
      item->state = LIMN_SERVER_REVIEW_OPEN;
      g_clear_pointer (&item->holder, g_free);
      g_clear_pointer (&item->holder_name, g_free);
    }
}

static const char *
first_or_empty (char **strv)
{
  return strv != NULL && strv[0] != NULL ? strv[0] : "";
}

static gint
compare_items (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  const LimnServerReviewItem *x = *(LimnServerReviewItem **)a;
  const LimnServerReviewItem *y = *(LimnServerReviewItem **)b;
  LimnQueueSort sort = GPOINTER_TO_INT (user_data);
  int c = 0;

  if (sort == LIMN_QUEUE_SORT_REASON)
    c = g_strcmp0 (first_or_empty (x->reasons), first_or_empty (y->reasons));
  else if (sort == LIMN_QUEUE_SORT_ANNOTATOR)
    c = g_strcmp0 (first_or_empty (x->annotators), first_or_empty (y->annotators));
  if (c != 0)
    return c;

  return x->created_us < y->created_us ? -1 : x->created_us > y->created_us;
}

static gboolean
strv_has (char       **strv,
          const char  *value)
{
  return strv != NULL && g_strv_contains ((const char * const *)strv, value);
}

GPtrArray *
limn_server_review_queue_list (LimnServerBackend     *backend,
                               const char            *project_id,
                               const LimnQueueQuery  *query,
                               gint64                 now_us,
                               guint                 *total,
                               GHashTable           **counts,
                               GError               **error)
{
  g_autoptr(LimnServerTxn) txn = limn_server_backend_begin (backend, LIMN_SERVER_TXN_READ, error);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GHashTable) by_reason = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  LimnServerSettings settings;

  *total = 0;
  *counts = NULL;
  if (txn == NULL || !limn_server_projects_read_settings (txn, project_id, &settings, error))
    return NULL;

  /* An expired lease is stored as leased: open and leased are read
   * together and told apart here. */
  items = txn->store->list_review_items (txn, project_id,
                                         query->state == LIMN_SERVER_REVIEW_DECIDED
                                         ? LIMN_SERVER_REVIEW_DECIDED : -1, error);
  if (items == NULL)
    return NULL;

  page = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_server_review_item_free);
  for (guint i = 0; i < items->len; i++)
    {
      LimnServerReviewItem *item = g_ptr_array_index (items, i);

      settle_expired (item, now_us);
      if (query->state >= 0 && (int)item->state != query->state)
        continue;

      for (guint r = 0; item->reasons[r] != NULL; r++)
        {
          gpointer n = g_hash_table_lookup (by_reason, item->reasons[r]);

          g_hash_table_replace (by_reason, g_strdup (item->reasons[r]),
                                GUINT_TO_POINTER (GPOINTER_TO_UINT (n) + 1));
        }

      if ((query->reason != NULL && !strv_has (item->reasons, query->reason)) ||
          (query->annotator != NULL && !strv_has (item->annotators, query->annotator)) ||
          (query->label != NULL && !strv_has (item->labels, query->label)))
        continue;

      g_ptr_array_add (page, g_steal_pointer (&items->pdata[i]));
    }

  g_ptr_array_sort_with_data (page, compare_items, GINT_TO_POINTER (query->sort));
  *total = page->len;

  if (query->offset >= page->len)
    g_ptr_array_set_size (page, 0);
  else
    {
      g_ptr_array_remove_range (page, 0, query->offset);
      if (query->limit > 0 && page->len > query->limit)
        g_ptr_array_set_size (page, query->limit);
    }

  *counts = g_steal_pointer (&by_reason);
  return g_steal_pointer (&page);
}

void
limn_server_review_lease_free (LimnServerReviewLease *lease)
{
  if (lease == NULL)
    return;

  limn_server_review_item_free (lease->item);
  g_clear_pointer (&lease->task, limn_server_task_free);
  g_clear_pointer (&lease->annotations, g_ptr_array_unref);
  g_clear_pointer (&lease->flags, g_ptr_array_unref);
  g_free (lease->gold);
  g_clear_pointer (&lease->reviews, g_ptr_array_unref);
  g_free (lease);
}

static gint
rework_then_oldest (gconstpointer a,
                    gconstpointer b)
{
  const LimnServerReviewItem *x = *(LimnServerReviewItem **)a;
  const LimnServerReviewItem *y = *(LimnServerReviewItem **)b;
  gboolean rx = limn_server_review_item_has_reason (x, LIMN_REVIEW_REWORK);
  gboolean ry = limn_server_review_item_has_reason (y, LIMN_REVIEW_REWORK);

  if (rx != ry)
    return rx ? -1 : 1;
  return x->created_us < y->created_us ? -1 : x->created_us > y->created_us;
}

/* What the reviewer needs beside the item, read in the claim's
 * transaction. */
static gboolean
fill_lease (LimnServerTxn          *txn,
            LimnServerReviewLease  *lease,
            GError                **error)
{
  const char *task_ids[] = { lease->item->task_id, NULL };
  g_autoptr(GHashTable) tasks = txn->store->get_tasks (txn, task_ids, error);
  gboolean is_gold = FALSE;

  if (tasks == NULL ||
      !g_hash_table_steal_extended (tasks, lease->item->task_id, NULL, (gpointer *)&lease->task))
    {
      if (tasks != NULL)
        g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_NOT_FOUND,
                     _("There is no task “%s”."), lease->item->task_id);
      return FALSE;
    }

  lease->annotations = txn->store->list_task_annotations (txn, lease->item->task_id, error);
  if (lease->annotations == NULL)
    return FALSE;
  lease->flags = txn->store->list_flags (txn, lease->item->project_id, NULL, lease->item->task_id,
                                         NULL, error);
  if (lease->flags == NULL)
    return FALSE;
  lease->reviews = txn->store->list_task_reviews (txn, lease->item->task_id, error);
  if (lease->reviews == NULL)
    return FALSE;

  if (!txn->store->get_task_gold (txn, lease->item->task_id, &is_gold, &lease->gold, error))
    return FALSE;
  if (!is_gold)
    g_clear_pointer (&lease->gold, g_free);

  return TRUE;
}

GPtrArray *
limn_server_review_claim (LimnServerBackend          *backend,
                          const LimnServerPrincipal  *principal,
                          const char                 *project_id,
                          guint                       count,
                          const char * const         *item_ids,
                          gint64                      now_us,
                          GError                    **error)
{
  g_autoptr(LimnServerTxn) txn = limn_server_backend_begin (backend, LIMN_SERVER_TXN_WRITE, error);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) held = g_ptr_array_new ();
  g_autoptr(GPtrArray) free_items = g_ptr_array_new ();
  g_autoptr(GPtrArray) result = NULL;
  g_autoptr(JsonObject) detail = json_object_new ();
  LimnServerSettings settings;
  gint64 level;
  guint granted = 0;

  if (txn == NULL || !limn_server_projects_read_settings (txn, project_id, &settings, error) ||
      !limn_server_review_caller_level (txn, principal, project_id, &level, error))
    return NULL;

  items = txn->store->list_review_items (txn, project_id, -1, error);
  if (items == NULL)
    return NULL;

  for (guint i = 0; i < items->len; i++)
    {
      LimnServerReviewItem *item = g_ptr_array_index (items, i);

      settle_expired (item, now_us);
      if (item_ids != NULL && !g_strv_contains (item_ids, item->id))
        continue;
      if (item->state == LIMN_SERVER_REVIEW_LEASED &&
          g_strcmp0 (item->holder, principal->user_id) == 0)
        g_ptr_array_add (held, item);
      else if (item->state == LIMN_SERVER_REVIEW_OPEN && item->min_level <= level)
        g_ptr_array_add (free_items, item);
    }
  g_ptr_array_sort (free_items, rework_then_oldest);

  result = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_server_review_lease_free);
  for (guint i = 0; i < held->len + free_items->len; i++)
    {
      gboolean is_held = i < held->len;
      LimnServerReviewItem *item = is_held ? g_ptr_array_index (held, i)
                                           : g_ptr_array_index (free_items, i - held->len);
      LimnServerReviewLease *lease;

      if (item_ids == NULL && result->len >= count && !is_held)
        break;

      if (!is_held)
        {
          item->state = LIMN_SERVER_REVIEW_LEASED;
          g_free (item->holder);
          item->holder = g_strdup (principal->user_id);
          item->lease_expires_us = now_us + settings.lease_seconds * G_USEC_PER_SEC;
          if (!txn->store->update_review_item (txn, item, error))
            return NULL;
          granted++;
        }

      lease = g_new0 (LimnServerReviewLease, 1);
      lease->item = limn_server_review_item_copy (item);
      lease->position = result->len;
      g_ptr_array_add (result, lease);
      if (!fill_lease (txn, lease, error))
        return NULL;
    }

  json_object_set_string_member (detail, "project_id", project_id);
  json_object_set_int_member (detail, "count", count);
  json_object_set_int_member (detail, "held", held->len);
  json_object_set_int_member (detail, "granted", granted);
  if (!limn_server_audit_add (txn, principal, "review.claim", detail, error) ||
      !limn_server_txn_commit (txn, error))
    return NULL;

  return g_steal_pointer (&result);
}

GPtrArray *
limn_server_review_threads (LimnServerBackend          *backend,
                            const LimnServerPrincipal  *principal,
                            const char                 *project_id,
                            const char                 *state,
                            GHashTable                **messages,
                            GError                    **error)
{
  g_autoptr(LimnServerTxn) txn = limn_server_backend_begin (backend, LIMN_SERVER_TXN_READ, error);
  g_autoptr(GPtrArray) flags = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GHashTable) by_thread = NULL;
  LimnServerSettings settings;
  const char *only = principal->role == LIMN_SERVER_ROLE_ANNOTATOR ? principal->user_id : NULL;

  *messages = NULL;
  if (txn == NULL || !limn_server_projects_read_settings (txn, project_id, &settings, error))
    return NULL;

  flags = txn->store->list_flags (txn, project_id, only, NULL, state, error);
  if (flags == NULL)
    return NULL;
  all = txn->store->list_messages (txn, project_id, NULL, error);
  if (all == NULL)
    return NULL;

  by_thread = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                     (GDestroyNotify)g_ptr_array_unref);
  for (guint i = 0; i < flags->len; i++)
    g_hash_table_insert (by_thread, g_strdup (((LimnServerFlag *)g_ptr_array_index (flags, i))->id),
                         g_ptr_array_new_with_free_func ((GDestroyNotify)limn_server_message_free));
  for (guint i = 0; i < all->len; i++)
    {
      LimnServerMessage *m = g_ptr_array_index (all, i);
      GPtrArray *thread = g_hash_table_lookup (by_thread, m->thread_id);

      if (thread != NULL)
        g_ptr_array_add (thread, limn_server_message_copy (m));
    }

  *messages = g_steal_pointer (&by_thread);
  return g_steal_pointer (&flags);
}

/* An idempotent write of the routes: the stored answer of (@principal,
 * @key), if any, is the answer (*replayed); another body under the key is
 * KEY_REUSED. Without a principal or key (the admin CLI) nothing is
 * stored. */
static gboolean
lookup_replay (LimnServerTxn              *txn,
               const LimnServerPrincipal  *principal,
               const char                 *key,
               const char                 *request_sha256,
               GBytes                    **answer,
               GError                    **error)
{
  g_autoptr(LimnServerStoredAnswer) stored = NULL;

  *answer = NULL;
  if (principal == NULL || key == NULL)
    return TRUE;

  if (!txn->store->lookup_answer (txn, principal->user_id, key, &stored, error))
    return FALSE;
  if (stored == NULL)
    return TRUE;
  if (g_strcmp0 (stored->request_sha256, request_sha256) != 0)
    {
      g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_KEY_REUSED,
                   _("This Idempotency-Key was used before with a different body."));
      return FALSE;
    }

  *answer = g_steal_pointer (&stored->body);
  return TRUE;
}

static gboolean
store_answer (LimnServerTxn              *txn,
              const LimnServerPrincipal  *principal,
              const char                 *key,
              const char                 *request_sha256,
              GBytes                     *body,
              gint64                      now_us,
              GError                    **error)
{
  LimnServerStoredAnswer answer = {
    .request_sha256 = (char *)request_sha256, .status = 200, .body = body,
  };

  if (principal == NULL || key == NULL)
    return TRUE;
  return txn->store->insert_answer (txn, principal->user_id, key, &answer, now_us, error);
}

/* Writes @kind with @data to every member of the project. */
static gboolean
tell_members (LimnServerTxn  *txn,
              const char     *project_id,
              const char     *kind,
              JsonObject     *data,
              gint64          now_us,
              GError        **error)
{
  g_autoptr(GPtrArray) members = txn->store->list_project_members (txn, project_id, error);

  if (members == NULL)
    return FALSE;
  for (guint i = 0; i < members->len; i++)
    if (!limn_server_changes_add (txn, g_ptr_array_index (members, i), project_id, kind, data,
                                  now_us, error))
      return FALSE;
  return TRUE;
}

static GBytes *
object_to_bytes (JsonObject *obj)
{
  char *text = limn_json_writer_object_to_string (obj);

  return g_bytes_new_take (text, strlen (text));
}

gboolean
limn_server_review_publish_guidelines (LimnServerBackend          *backend,
                                       const LimnServerPrincipal  *principal,
                                       const char                 *key,
                                       const char                 *request_sha256,
                                       const char                 *project_id,
                                       const char                 *body,
                                       const char                 *summary,
                                       const char                 *translations,
                                       const char * const         *labels,
                                       gint64                      now_us,
                                       gint64                     *version,
                                       GBytes                    **answer,
                                       GError                    **error)
{
  g_autoptr(LimnServerTxn) txn = limn_server_backend_begin (backend, LIMN_SERVER_TXN_WRITE, error);
  g_autoptr(JsonObject) data = json_object_new ();
  g_autoptr(JsonObject) out = json_object_new ();
  g_autoptr(JsonObject) detail = principal ? json_object_new () : limn_server_audit_admin_detail ();
  g_autoptr(GBytes) stored = NULL;
  g_autoptr(LimnServerProject) project = NULL;
  g_auto(GStrv) label_ids = NULL;
  LimnServerSettings settings;
  gint64 latest;

  *version = 0;
  *answer = NULL;
  if (txn == NULL || !limn_server_projects_read_settings (txn, project_id, &settings, error) ||
      !lookup_replay (txn, principal, key, request_sha256, &stored, error))
    return FALSE;

  if (stored != NULL)
    {
      /* A stored answer is bytes, not a C string: no NUL after it. */
      g_autoptr(JsonParser) parser = json_parser_new ();
      gsize len;
      const char *data = g_bytes_get_data (stored, &len);
      JsonNode *node;

      if (json_parser_load_from_data (parser, data, (gssize) len, NULL) &&
          (node = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (node))
        *version = json_object_get_int_member_with_default (json_node_get_object (node),
                                                            "version", 0);
      *answer = g_steal_pointer (&stored);
      return TRUE;
    }

  /* The labels it changes are checked before anything is written. */
  if (labels != NULL && labels[0] != NULL)
    {
      if (!txn->store->get_project (txn, project_id, &project, error))
        return FALSE;
      if (project == NULL)
        {
          g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_NOT_FOUND,
                       _("There is no project “%s”."), project_id);
          return FALSE;
        }
      label_ids = limn_server_campaign_label_ids (project, labels, error);
      if (label_ids == NULL)
        return FALSE;
    }

  if (!txn->store->latest_guideline_version (txn, project_id, &latest, error) ||
      !txn->store->insert_guideline (txn, project_id, latest + 1, body, summary ? summary : "",
                                     translations, principal ? principal->user_id : NULL, now_us, error))
    return FALSE;

  json_object_set_string_member (data, "project_id", project_id);
  json_object_set_int_member (data, "version", latest + 1);
  json_object_set_string_member (data, "body", body);
  json_object_set_string_member (data, "summary", summary ? summary : "");
  json_object_set_int_member (data, "published_us", now_us);
  limn_server_set_translations_member (data, "translations", translations);
  json_object_set_int_member (out, "version", latest + 1);
  *answer = object_to_bytes (out);

  json_object_set_string_member (detail, "project_id", project_id);
  json_object_set_int_member (detail, "version", latest + 1);
  if (label_ids != NULL)
    {
      JsonArray *changed = json_array_new ();

      for (guint i = 0; label_ids[i] != NULL; i++)
        json_array_add_string_element (changed, label_ids[i]);
      json_object_set_array_member (detail, "labels", changed);
    }
  if (!tell_members (txn, project_id, "guidelines", data, now_us, error) ||
      !limn_server_campaigns_propose_for_guidelines (txn, project_id, latest + 1,
                                                     (const char * const *)label_ids, now_us,
                                                     error) ||
      !store_answer (txn, principal, key, request_sha256, *answer, now_us, error) ||
      !limn_server_audit_add (txn, principal, "guidelines.publish", detail, error) ||
      !limn_server_txn_commit (txn, error))
    {
      g_clear_pointer (answer, g_bytes_unref);
      return FALSE;
    }

  *version = latest + 1;
  return TRUE;
}

void
limn_label_change_free (LimnLabelChange *change)
{
  if (change == NULL)
    return;

  g_free (change->id);
  g_free (change->name);
  g_free (change->color);
  g_free (change->hotkey);
  g_free (change->description);
  g_free (change->names);
  g_free (change->descriptions);
  g_free (change);
}

static LimnServerLabel *
find_label (GPtrArray  *labels,
            const char *id,
            const char *name)
{
  for (guint i = 0; i < labels->len; i++)
    {
      LimnServerLabel *l = g_ptr_array_index (labels, i);

      if ((id != NULL && g_str_equal (l->id, id)) || (name != NULL && g_str_equal (l->name, name)))
        return l;
    }
  return NULL;
}

static gboolean G_GNUC_PRINTF (2, 3)
invalid (GError    **error,
         const char *format,
         ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (LIMN_SERVER_BACKEND_ERROR,
                                                LIMN_SERVER_BACKEND_ERROR_INVALID, format, args));
  va_end (args);
  return FALSE;
}

static void
replace_str (char       **field,
             const char  *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

/* "" (an empty object) stores no translations at all. */
static void
replace_translations (char       **field,
                      const char  *value)
{
  if (value != NULL)
    replace_str (field, value[0] != '\0' ? value : NULL);
}

/* One change applied to @labels (the project's, updated in place) and
 * stored. */
static gboolean
apply_label_change (LimnServerTxn          *txn,
                    const char             *project_id,
                    GPtrArray              *labels,
                    const LimnLabelChange  *change,
                    gint64                  now_us,
                    GError                **error)
{
  LimnServerLabel *label;

  if (change->name != NULL)
    {
      LimnServerLabel *same = find_label (labels, NULL, change->name);

      if (same != NULL && g_strcmp0 (same->id, change->id) != 0)
        return invalid (error, _("There is already a label “%s”."), change->name);
    }

  if (change->id == NULL)
    {
      LimnServerLabel *added;

      if (change->name == NULL)
        return invalid (error, _("A new label needs a name."));

      added = g_new0 (LimnServerLabel, 1);
      added->id = limn_id_derive (project_id, change->name);
      added->name = g_strdup (change->name);
      added->color = g_strdup (change->color ? change->color : limn_color_for_index (labels->len));
      added->hotkey = change->hotkey ? g_strdup (change->hotkey) : limn_hotkey_for_index (labels->len);
      added->description = g_strdup (change->description ? change->description : "");
      added->retired_us = change->retire ? now_us : 0;
      replace_translations (&added->names, change->names);
      replace_translations (&added->descriptions, change->descriptions);
      g_ptr_array_add (labels, added);
      /* A name used before derives the same id: refused, not merged. */
      if (find_label (labels, added->id, NULL) != added)
        return invalid (error, _("There was a label “%s” before; rename it back instead."),
                        change->name);
      return txn->store->insert_label (txn, project_id, added, labels->len - 1, error);
    }

  label = find_label (labels, change->id, NULL);
  if (label == NULL)
    return invalid (error, _("The project has no label “%s”."), change->id);

  if (change->name != NULL)
    replace_str (&label->name, change->name);
  if (change->color != NULL)
    replace_str (&label->color, change->color);
  if (change->hotkey != NULL)
    replace_str (&label->hotkey, change->hotkey);
  if (change->description != NULL)
    replace_str (&label->description, change->description);
  if (change->retire && label->retired_us == 0)
    label->retired_us = now_us;
  replace_translations (&label->names, change->names);
  replace_translations (&label->descriptions, change->descriptions);

  return txn->store->update_label (txn, label, error);
}

gboolean
limn_server_review_set_labels (LimnServerBackend          *backend,
                               const LimnServerPrincipal  *principal,
                               const char                 *key,
                               const char                 *request_sha256,
                               const char                 *project_id,
                               GPtrArray                  *changes,
                               gint64                      now_us,
                               GBytes                    **answer,
                               GError                    **error)
{
  g_autoptr(LimnServerTxn) txn = limn_server_backend_begin (backend, LIMN_SERVER_TXN_WRITE, error);
  g_autoptr(LimnServerProject) project = NULL;
  g_autoptr(JsonObject) data = json_object_new ();
  g_autoptr(JsonObject) out = json_object_new ();
  g_autoptr(JsonObject) detail = principal ? json_object_new () : limn_server_audit_admin_detail ();

  *answer = NULL;
  if (txn == NULL || !lookup_replay (txn, principal, key, request_sha256, answer, error))
    return FALSE;
  if (*answer != NULL)
    return TRUE;

  if (!txn->store->get_project (txn, project_id, &project, error))
    return FALSE;
  if (project == NULL)
    {
      g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_NOT_FOUND,
                   _("There is no project “%s”."), project_id);
      return FALSE;
    }

  for (guint i = 0; i < changes->len; i++)
    if (!apply_label_change (txn, project_id, project->labels, g_ptr_array_index (changes, i),
                             now_us, error))
      return FALSE;

  json_object_set_string_member (data, "project_id", project_id);
  json_object_set_array_member (data, "labels", limn_server_labels_to_json (project->labels));
  json_object_set_array_member (out, "labels", limn_server_labels_to_json (project->labels));
  *answer = object_to_bytes (out);

  json_object_set_string_member (detail, "project_id", project_id);
  json_object_set_int_member (detail, "changes", changes->len);
  if (!tell_members (txn, project_id, "labels", data, now_us, error) ||
      !store_answer (txn, principal, key, request_sha256, *answer, now_us, error) ||
      !limn_server_audit_add (txn, principal, "labels.set", detail, error) ||
      !limn_server_txn_commit (txn, error))
    {
      g_clear_pointer (answer, g_bytes_unref);
      return FALSE;
    }

  return TRUE;
}

gboolean
limn_server_review_set_level (LimnServerBackend  *backend,
                              const char         *project_id,
                              const char         *user_name,
                              gint64              level,
                              GError            **error)
{
  g_autoptr(LimnServerTxn) txn = limn_server_backend_begin (backend, LIMN_SERVER_TXN_WRITE, error);
  g_autoptr(JsonObject) detail = limn_server_audit_admin_detail ();
  g_autofree char *user_id = NULL;
  LimnServerSettings settings;

  if (txn == NULL || !limn_server_projects_read_settings (txn, project_id, &settings, error) ||
      !txn->store->lookup_user (txn, user_name, &user_id, error))
    return FALSE;
  if (user_id == NULL)
    {
      g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_NOT_FOUND,
                   _("There is no user “%s”."), user_name);
      return FALSE;
    }

  json_object_set_string_member (detail, "project_id", project_id);
  json_object_set_string_member (detail, "user_id", user_id);
  json_object_set_int_member (detail, "level", level);
  return txn->store->set_reviewer_level (txn, project_id, user_id, level, error) &&
         limn_server_audit_add (txn, NULL, "admin.reviewer.set", detail, error) &&
         limn_server_txn_commit (txn, error);
}

char *
limn_server_review_item_task (LimnServerBackend  *backend,
                              const char         *item_id,
                              GError            **error)
{
  g_autoptr(LimnServerTxn) txn = limn_server_backend_begin (backend, LIMN_SERVER_TXN_READ, error);
  g_autoptr(LimnServerReviewItem) item = NULL;

  if (txn == NULL || !txn->store->get_review_item (txn, item_id, &item, error))
    return NULL;

  return item != NULL ? g_strdup (item->task_id) : NULL;
}
