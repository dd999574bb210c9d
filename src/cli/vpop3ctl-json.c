/* vpop3ctl-json.c: vpop3ctl's JSON events and status snapshot, built with JsonBuilder.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "vpop3ctl-json.h"

#include <string.h>

#include "vpop3-client.h"
#include "vpop3-log-entry.h"
#include "vpop3-session.h"

char *
vpop3ctl_json_format_time (GDateTime *time)
{
  g_autoptr (GDateTime) utc = NULL;

  if (time == NULL)
    return NULL;
  utc = g_date_time_to_utc (time);
  return g_date_time_format_iso8601 (utc);
}

static void
add_string (JsonBuilder *builder, const char *key, const char *value)
{
  json_builder_set_member_name (builder, key);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_int (JsonBuilder *builder, const char *key, gint64 value)
{
  json_builder_set_member_name (builder, key);
  json_builder_add_int_value (builder, value);
}

/* A percentage, or null for "-" (that part of the connection is not running). */
static void
add_progress (JsonBuilder *builder, const char *key, int value)
{
  json_builder_set_member_name (builder, key);
  if (value == VPOP3_PROGRESS_IDLE)
    json_builder_add_null_value (builder);
  else
    json_builder_add_int_value (builder, value);
}

static void
add_time (JsonBuilder *builder, const char *key, GDateTime *time)
{
  g_autofree char *iso = vpop3ctl_json_format_time (time);

  add_string (builder, key, iso);
}

static void
add_bool (JsonBuilder *builder, const char *key, gboolean value)
{
  json_builder_set_member_name (builder, key);
  json_builder_add_boolean_value (builder, value);
}

static void
add_names (JsonBuilder *builder, const char *key, const char *const *names)
{
  json_builder_set_member_name (builder, key);
  if (names == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }
  json_builder_begin_array (builder);
  for (gsize i = 0; names[i] != NULL; i++)
    json_builder_add_string_value (builder, names[i]);
  json_builder_end_array (builder);
}

static void
add_permissions_members (JsonBuilder *builder, Vpop3Permissions permissions)
{
  add_bool (builder, "view-connection", (permissions & VPOP3_PERMISSION_VIEW_CONNECTION) != 0);
  add_bool (builder, "view-queues", (permissions & VPOP3_PERMISSION_VIEW_QUEUES) != 0);
  add_bool (builder, "view-user-queues", (permissions & VPOP3_PERMISSION_VIEW_USER_QUEUES) != 0);
  add_bool (builder, "view-log", (permissions & VPOP3_PERMISSION_VIEW_LOG) != 0);
  add_bool (builder, "connect", (permissions & VPOP3_PERMISSION_CONNECT) != 0);
  add_bool (builder, "shutdown", (permissions & VPOP3_PERMISSION_SHUTDOWN) != 0);
}

static void
add_session_members (JsonBuilder *builder,
                     const char *id,
                     const char *type,
                     const char *user,
                     guint seconds,
                     const char *detail)
{
  add_string (builder, "id", id);
  add_string (builder, "type", type);
  add_string (builder, "user", user);
  add_int (builder, "seconds", seconds);
  add_string (builder, "detail", detail);
}

static JsonBuilder *
begin_event (const char *event)
{
  JsonBuilder *builder = json_builder_new ();

  json_builder_begin_object (builder);
  add_string (builder, "event", event);
  return builder;
}

static JsonNode *
end_event (JsonBuilder *builder)
{
  JsonNode *node;

  json_builder_end_object (builder);
  node = json_builder_get_root (builder);
  g_object_unref (builder);
  return node;
}

JsonNode *
vpop3ctl_json_connected (const char *host, guint16 port)
{
  JsonBuilder *builder = begin_event ("connected");

  add_string (builder, "host", host);
  add_int (builder, "port", port);
  return end_event (builder);
}

JsonNode *
vpop3ctl_json_login (int build)
{
  JsonBuilder *builder = begin_event ("login");

  json_builder_set_member_name (builder, "build");
  if (build >= 0)
    json_builder_add_int_value (builder, build);
  else
    json_builder_add_null_value (builder);
  return end_event (builder);
}

JsonNode *
vpop3ctl_json_update (const Vpop3Update *update)
{
  JsonBuilder *builder;

  if (update->type == VPOP3_UPDATE_REPLY)
    return NULL;

  builder = begin_event (vpop3_update_type_to_string (update->type));
  switch (update->type)
    {
    case VPOP3_UPDATE_LOG:
      add_time (builder, "time", update->time);
      add_string (builder, "text", update->text);
      break;
    case VPOP3_UPDATE_CONNECTION:
    case VPOP3_UPDATE_HOUSEKEEPER:
      add_string (builder, "text", update->text);
      break;
    case VPOP3_UPDATE_NEXT_POLL:
      add_time (builder, "time", update->time);
      break;
    case VPOP3_UPDATE_LAST_POLL:
      add_time (builder, "time", update->time);
      add_string (builder, "result", vpop3_poll_result_to_string (update->result));
      break;
    case VPOP3_UPDATE_MAILBOX:
      add_string (builder, "user", update->user);
      add_int (builder, "total", update->total);
      add_int (builder, "held", update->held);
      break;
    case VPOP3_UPDATE_OUT_QUEUE:
    case VPOP3_UPDATE_INBOXES:
      add_int (builder, "total", update->total);
      add_int (builder, "held", update->held);
      break;
    case VPOP3_UPDATE_PROGRESS:
      add_progress (builder, "collect", update->collect);
      add_progress (builder, "send", update->send);
      add_int (builder, "threads", update->threads);
      break;
    case VPOP3_UPDATE_CONNECTIONS:
      {
        static const char *const none[] = { NULL };

        add_names (builder, "names",
                   update->names != NULL ? (const char *const *) update->names : none);
      }
      break;
    case VPOP3_UPDATE_SESSION:
      add_session_members (builder, update->id, update->session_type, update->user, update->seconds,
                           update->text);
      break;
    case VPOP3_UPDATE_SESSION_ENDED:
      add_string (builder, "id", update->id);
      break;
    case VPOP3_UPDATE_MESSAGE:
      add_time (builder, "time", update->time);
      add_string (builder, "from", update->user);
      add_string (builder, "text", update->text);
      break;
    case VPOP3_UPDATE_PERMISSIONS:
      add_permissions_members (builder, update->permissions);
      break;
    case VPOP3_UPDATE_UNKNOWN:
    case VPOP3_UPDATE_REPLY:
    default:
      add_string (builder, "raw", update->raw);
      break;
    }
  return end_event (builder);
}

JsonNode *
vpop3ctl_json_reply (const char *command, gboolean ok, const char *text)
{
  JsonBuilder *builder = begin_event ("reply");

  add_string (builder, "command", command);
  add_bool (builder, "ok", ok);
  add_string (builder, "text", text != NULL ? text : "");
  return end_event (builder);
}

JsonNode *
vpop3ctl_json_disconnected (const char *reason)
{
  JsonBuilder *builder = begin_event ("disconnected");

  add_string (builder, "reason", reason != NULL ? reason : "");
  return end_event (builder);
}

const char *
vpop3ctl_error_kind (const GError *error)
{
  g_return_val_if_fail (error != NULL, "protocol");

  if (error->domain != VPOP3_CLIENT_ERROR)
    return "network";
  switch ((Vpop3ClientError) error->code)
    {
    case VPOP3_CLIENT_ERROR_LOGIN_REFUSED:
    case VPOP3_CLIENT_ERROR_ACCESS_DENIED:
    case VPOP3_CLIENT_ERROR_INVALID_ARGUMENT:
      return "login";
    case VPOP3_CLIENT_ERROR_TIMED_OUT:
    case VPOP3_CLIENT_ERROR_NETWORK:
    case VPOP3_CLIENT_ERROR_NOT_CONNECTED:
      return "network";
    case VPOP3_CLIENT_ERROR_NOT_VPOP3:
    case VPOP3_CLIENT_ERROR_PROTOCOL:
    case VPOP3_CLIENT_ERROR_COMMAND_REFUSED:
    default:
      return "protocol";
    }
}

JsonNode *
vpop3ctl_json_error (const GError *error)
{
  JsonBuilder *builder = begin_event ("error");

  add_string (builder, "kind", vpop3ctl_error_kind (error));
  add_string (builder, "message", error->message);
  return end_event (builder);
}

static void
add_pair (JsonBuilder *builder, const char *key, gboolean has, guint total, guint held)
{
  json_builder_set_member_name (builder, key);
  if (!has)
    {
      json_builder_add_null_value (builder);
      return;
    }
  json_builder_begin_object (builder);
  add_int (builder, "total", total);
  add_int (builder, "held", held);
  json_builder_end_object (builder);
}

static void
add_status_polls (JsonBuilder *builder, Vpop3Status *status)
{
  GDateTime *time = NULL;
  Vpop3PollResult result = VPOP3_POLL_RESULT_NONE;

  if (vpop3_status_get_next_poll (status, &time))
    add_time (builder, "next_poll", time);
  else
    add_string (builder, "next_poll", NULL);

  time = NULL;
  json_builder_set_member_name (builder, "last_poll");
  if (vpop3_status_get_last_poll (status, &time, &result))
    {
      json_builder_begin_object (builder);
      add_time (builder, "time", time);
      add_string (builder, "result", vpop3_poll_result_to_string (result));
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);
}

static void
add_status_progress (JsonBuilder *builder, Vpop3Status *status)
{
  int collect = VPOP3_PROGRESS_IDLE;
  int send = VPOP3_PROGRESS_IDLE;
  guint threads = 0;

  json_builder_set_member_name (builder, "progress");
  if (!vpop3_status_get_progress (status, &collect, &send, &threads))
    {
      json_builder_add_null_value (builder);
      return;
    }
  json_builder_begin_object (builder);
  add_progress (builder, "collect", collect);
  add_progress (builder, "send", send);
  add_int (builder, "threads", threads);
  json_builder_end_object (builder);
}

static void
add_status_sessions (JsonBuilder *builder, Vpop3Status *status)
{
  GListModel *sessions = vpop3_status_get_sessions (status);
  guint n = g_list_model_get_n_items (sessions);

  json_builder_set_member_name (builder, "sessions");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (Vpop3Session) session = g_list_model_get_item (sessions, i);

      json_builder_begin_object (builder);
      /* The age now, not the age when the server last reported it. */
      add_session_members (
          builder, vpop3_session_get_id (session), vpop3_session_get_session_type (session),
          vpop3_session_get_user (session), vpop3_session_get_active_seconds (session),
          vpop3_session_get_detail (session));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

/* Empty mailboxes are not in the model, so never listed. */
static void
add_status_mailboxes (JsonBuilder *builder, Vpop3Status *status)
{
  GListModel *mailboxes = vpop3_status_get_mailboxes (status);
  guint n = g_list_model_get_n_items (mailboxes);

  json_builder_set_member_name (builder, "mailboxes");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (Vpop3Mailbox) mailbox = g_list_model_get_item (mailboxes, i);

      json_builder_begin_object (builder);
      add_string (builder, "user", vpop3_mailbox_get_user (mailbox));
      add_int (builder, "total", vpop3_mailbox_get_total (mailbox));
      add_int (builder, "held", vpop3_mailbox_get_held (mailbox));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_status_log (JsonBuilder *builder, Vpop3Status *status)
{
  GListModel *log = G_LIST_MODEL (vpop3_status_get_log (status));
  guint n = g_list_model_get_n_items (log);

  json_builder_set_member_name (builder, "log");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (Vpop3LogEntry) entry = g_list_model_get_item (log, i);

      json_builder_begin_object (builder);
      add_time (builder, "time", vpop3_log_entry_get_time (entry));
      add_string (builder, "text", vpop3_log_entry_get_text (entry));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

JsonNode *
vpop3ctl_json_status (Vpop3Status *status, gboolean connected)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  int build = vpop3_status_get_build (status);
  guint total = 0;
  guint held = 0;
  gboolean has;
  Vpop3Permissions permissions = VPOP3_PERMISSION_NONE;

  json_builder_begin_object (builder);
  add_bool (builder, "connected", connected);
  json_builder_set_member_name (builder, "build");
  if (build >= 0)
    json_builder_add_int_value (builder, build);
  else
    json_builder_add_null_value (builder);
  add_string (builder, "connection", vpop3_status_get_connection_text (status));
  has = vpop3_status_get_out_queue (status, &total, &held);
  add_pair (builder, "out_queue", has, total, held);
  has = vpop3_status_get_inboxes (status, &total, &held);
  add_pair (builder, "inboxes", has, total, held);
  add_status_polls (builder, status);
  add_status_progress (builder, status);
  add_names (builder, "connections", vpop3_status_get_connections (status));
  add_status_sessions (builder, status);
  add_status_mailboxes (builder, status);
  add_string (builder, "housekeeper", vpop3_status_get_housekeeper (status));
  json_builder_set_member_name (builder, "permissions");
  if (vpop3_status_get_permissions (status, &permissions))
    {
      json_builder_begin_object (builder);
      add_permissions_members (builder, permissions);
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);
  add_status_log (builder, status);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

char *
vpop3ctl_format_server (const char *host, guint16 port)
{
  /* An IPv6 address is bracketed, as in a URL, so that the port stands apart. */
  if (strchr (host, ':') != NULL)
    return g_strdup_printf ("[%s]:%u", host, (guint) port);
  return g_strdup_printf ("%s:%u", host, (guint) port);
}

JsonNode *
vpop3ctl_json_survey (Vpop3Census *census, const char *host, guint16 port)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (GPtrArray) entries = vpop3_census_dup_entries (census);
  g_autofree char *server = vpop3ctl_format_server (host, port);
  int build = vpop3_census_get_build (census);

  json_builder_begin_object (builder);
  add_string (builder, "server", server);
  json_builder_set_member_name (builder, "build");
  if (build >= 0)
    json_builder_add_int_value (builder, build);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "types");
  json_builder_begin_array (builder);
  for (guint i = 0; i < entries->len; i++)
    {
      const Vpop3CensusEntry *entry = g_ptr_array_index (entries, i);

      json_builder_begin_object (builder);
      add_string (builder, "type", entry->type);
      add_string (builder, "kind", vpop3_census_kind_to_string (entry->kind));
      add_int (builder, "count", (gint64) MIN (entry->count, (guint64) G_MAXINT64));
      add_int (builder, "invalid", (gint64) MIN (entry->invalid, (guint64) G_MAXINT64));
      add_int (builder, "longest", (gint64) entry->longest);
      add_string (builder, "sample", entry->sample);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

char *
vpop3ctl_json_to_line (JsonNode *node)
{
  g_autoptr (JsonGenerator) generator = json_generator_new ();

  json_generator_set_pretty (generator, FALSE);
  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}
