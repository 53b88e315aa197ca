/* limn-server-response.c
 *
 * A request's answer: JSON bodies, error bodies with their stable codes,
 * headers, and how a GError becomes an HTTP status.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "json/limn-json-reader.h"
#include "json/limn-json-writer.h"
#include "backend/limn-server-backend.h"
#include "limn-server-response.h"

void
limn_server_exchange_free (LimnServerExchange *ex)
{
  if (ex == NULL)
    return;

  g_free (ex->method);
  g_free (ex->path);
  g_free (ex->log_path);
  g_strfreev (ex->segments);
  g_clear_pointer (&ex->query, g_hash_table_unref);
  g_free (ex->idempotency_key);
  g_free (ex->if_none_match);
  g_free (ex->range);
  g_free (ex->content_type);
  g_clear_pointer (&ex->body, g_bytes_unref);
  g_free (ex->remote_host);
  g_clear_pointer (&ex->principal, limn_server_principal_free);
  g_free (ex->response_type);
  g_clear_pointer (&ex->response_body, g_bytes_unref);
  g_clear_pointer (&ex->response_headers, g_ptr_array_unref);
  g_free (ex);
}

static const char *
code_for_status (guint status)
{
  switch (status)
    {
    case 400: return "bad_request";
    case 401: return "unauthorized";
    case 403: return "forbidden";
    case 404: return "not_found";
    case 405: return "method_not_allowed";
    case 409: return "conflict";
    case 413: return "payload_too_large";
    case 415: return "unsupported_media_type";
    case 416: return "range_not_satisfiable";
    case 422: return "unprocessable";
    case 429: return "rate_limited";
    case 503: return "unavailable";
    default:  return "internal";
    }
}

void
limn_server_add_header (LimnServerExchange *ex,
                        const char         *name,
                        const char         *value)
{
  if (ex->response_headers == NULL)
    ex->response_headers = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (ex->response_headers, g_strdup (name));
  g_ptr_array_add (ex->response_headers, g_strdup (value));
}

void
limn_server_respond_bytes (LimnServerExchange *ex,
                           guint               status,
                           const char         *content_type,
                           GBytes             *body)
{
  ex->status = status;
  g_free (ex->response_type);
  ex->response_type = g_strdup (content_type);
  g_clear_pointer (&ex->response_body, g_bytes_unref);
  ex->response_body = body ? g_bytes_ref (body) : NULL;
}

void
limn_server_respond_json (LimnServerExchange *ex,
                          guint               status,
                          JsonNode           *root)
{
  g_autofree char *text = limn_json_writer_node_to_string (root);
  gsize len = strlen (text);
  g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&text), len);

  limn_server_respond_bytes (ex, status, "application/json", bytes);
}

void
limn_server_respond_object (LimnServerExchange *ex,
                            guint               status,
                            JsonObject         *object)
{
  g_autoptr(JsonNode) root = json_node_init_object (json_node_alloc (), object);

  limn_server_respond_json (ex, status, root);
}

GBytes *
limn_server_error_body (guint       status,
                        const char *message)
{
  return limn_server_error_body_code (status, NULL, message);
}

GBytes *
limn_server_error_body_code (guint       status,
                             const char *code,
                             const char *message)
{
  g_autoptr(JsonObject) outer = json_object_new ();
  JsonObject *inner = json_object_new ();
  g_autofree char *text = NULL;
  gsize len;

  json_object_set_string_member (inner, "code", code != NULL ? code : code_for_status (status));
  json_object_set_string_member (inner, "message", message);
  json_object_set_object_member (outer, "error", inner);
  text = limn_json_writer_object_to_string (outer);
  len = strlen (text);

  return g_bytes_new_take (g_steal_pointer (&text), len);
}

void
limn_server_respond_error (LimnServerExchange *ex,
                           guint               status,
                           const char         *message)
{
  limn_server_respond_error_code (ex, status, NULL, message);
}

void
limn_server_respond_error_code (LimnServerExchange *ex,
                                guint               status,
                                const char         *code,
                                const char         *message)
{
  g_autoptr(GBytes) body = limn_server_error_body_code (status, code, message);

  limn_server_respond_bytes (ex, status, "application/json", body);
}

void
limn_server_respond_gerror (LimnServerExchange *ex,
                            const GError       *error)
{
  guint status = 500;
  const char *code = NULL;

  if (error->domain == LIMN_SERVER_BACKEND_ERROR)
    {
      switch (error->code)
        {
        case LIMN_SERVER_BACKEND_ERROR_NOT_FOUND:
          status = 404;
          break;
        case LIMN_SERVER_BACKEND_ERROR_FORBIDDEN:
          status = 403;
          break;
        case LIMN_SERVER_BACKEND_ERROR_INVALID:
        case LIMN_SERVER_BACKEND_ERROR_EXISTS:
          status = 400;
          break;
        case LIMN_SERVER_BACKEND_ERROR_KEY_REUSED:
          status = 422;
          break;
        case LIMN_SERVER_BACKEND_ERROR_BUSY:
        case LIMN_SERVER_BACKEND_ERROR_FULL:
        case LIMN_SERVER_BACKEND_ERROR_READ_ONLY:
          status = 503;
          break;
        default:
          status = 500;
          break;
        }
    }
  else if (error->domain == LIMN_JSON_READER_ERROR)
    {
      /* Apart from other 400s, so the app can say "the body was malformed"
       * in its own words (docs/api.md, "Errors"). */
      status = 400;
      code = "invalid_json";
    }

  if (status == 503)
    limn_server_add_header (ex, "Retry-After", "5");

  if (status >= 500)
    {
      /* The detail may name files on the server: log it, answer plainly. */
      g_warning ("%s %s: %s", ex->method, ex->log_path ? ex->log_path : "", error->message);
      limn_server_respond_error (ex, status,
                                 status == 503 ? _("The server is busy; try again shortly.")
                                               : _("The server failed to handle the request."));
      return;
    }

  limn_server_respond_error_code (ex, status, code, error->message);
}

gboolean
limn_server_check_project (LimnServerExchange *ex,
                           const char         *project_id)
{
  if (ex->principal->project_id == NULL ||
      g_strcmp0 (ex->principal->project_id, project_id) == 0)
    return TRUE;

  limn_server_respond_error (ex, 403, _("This token is not for that project."));
  return FALSE;
}
