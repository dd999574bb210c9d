/* vpop3ctl-output.c: what vpop3ctl prints, as JSON lines or as text for people.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vpop3ctl-output.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "vpop3ctl-json.h"
#include "vpop3ctl-metrics.h"
#include "vpop3-log-entry.h"
#include "vpop3-session.h"
#include "vpop3-text.h"

#define RECENT_LOG_LINES 10

/* As GLib's own handler, but defused: the server's text reaches the
 * terminal, and a hostile server must not be able to send it escape
 * sequences (retitle the window, clear the screen, fake a prompt). Then
 * converted to the console's charset. */
static void
print_defused (FILE *stream, const char *text)
{
  g_autofree char *safe = vpop3_text_escape_controls (text);
  g_autofree char *converted = NULL;
  const char *charset = NULL;

  if (!g_get_console_charset (&charset))
    converted = g_convert_with_fallback (safe, -1, charset, "UTF-8", "?", NULL, NULL, NULL);
  fputs (converted != NULL ? converted : safe, stream);
  fflush (stream);
}

static void
print_handler (const char *text)
{
  print_defused (stdout, text);
}

static void
printerr_handler (const char *text)
{
  print_defused (stderr, text);
}

void
vpop3ctl_output_install_print_handlers (void)
{
  g_set_print_handler (print_handler);
  g_set_printerr_handler (printerr_handler);
}

void
vpop3ctl_print_error (const char *format, ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("vpop3ctl: %s\n", message);
}

/* JSON is UTF-8 whatever the locale, so it bypasses g_print's conversion;
 * the flush makes each event visible to a script at once. */
static void
print_json (JsonNode *node)
{
  g_autofree char *line = vpop3ctl_json_to_line (node);

  fputs (line, stdout);
  fputc ('\n', stdout);
  fflush (stdout);
  json_node_unref (node);
}

/* A local date and time for people; NULL @time means "none". */
static char *
format_local (GDateTime *time)
{
  g_autoptr (GDateTime) local = NULL;

  if (time == NULL)
    return g_strdup (_ ("none"));
  local = g_date_time_to_local (time);
  /* Translators: a g_date_time_format() format for poll and message times. */
  return g_date_time_format (local, _ ("%Y-%m-%d %H:%M:%S"));
}

static void
print_event (GDateTime *time, const char *text)
{
  g_autoptr (GDateTime) now = NULL;
  g_autoptr (GDateTime) local = NULL;
  g_autofree char *stamp = NULL;

  if (time == NULL)
    time = now = g_date_time_new_now_local ();
  local = g_date_time_to_local (time);
  stamp = g_date_time_format (local, "%H:%M:%S");
  g_print ("%s  %s\n", stamp, text);
}

static const char *
poll_result_text (Vpop3PollResult result)
{
  switch (result)
    {
    case VPOP3_POLL_RESULT_OK:
      return _ ("ok");
    case VPOP3_POLL_RESULT_PARTIAL:
      return _ ("some tasks failed");
    case VPOP3_POLL_RESULT_FAILED:
      return _ ("failed");
    case VPOP3_POLL_RESULT_NONE:
    default:
      return _ ("no result");
    }
}

static char *
progress_text (int collect, int send, guint threads)
{
  g_autofree char *c =
      collect == VPOP3_PROGRESS_IDLE ? g_strdup ("-") : g_strdup_printf ("%d%%", collect);
  g_autofree char *s =
      send == VPOP3_PROGRESS_IDLE ? g_strdup ("-") : g_strdup_printf ("%d%%", send);

  return g_strdup_printf (_ ("collect %s, send %s, %u send threads"), c, s, threads);
}

static char *
names_text (const char *const *names)
{
  if (names == NULL || names[0] == NULL)
    return g_strdup (_ ("none"));
  return g_strjoinv (", ", (char **) names);
}

static char *
permissions_text (Vpop3Permissions permissions)
{
  const char *names[7];
  gsize n = 0;

  if (permissions & VPOP3_PERMISSION_VIEW_CONNECTION)
    names[n++] = _ ("view connection");
  if (permissions & VPOP3_PERMISSION_VIEW_QUEUES)
    names[n++] = _ ("view queues");
  if (permissions & VPOP3_PERMISSION_VIEW_USER_QUEUES)
    names[n++] = _ ("view user queues");
  if (permissions & VPOP3_PERMISSION_VIEW_LOG)
    names[n++] = _ ("view log");
  if (permissions & VPOP3_PERMISSION_CONNECT)
    names[n++] = _ ("connect");
  if (permissions & VPOP3_PERMISSION_SHUTDOWN)
    names[n++] = _ ("shut down");
  names[n] = NULL;
  return names_text (names);
}

static char *
update_text (const Vpop3Update *update)
{
  g_autofree char *time = NULL;
  g_autofree char *value = NULL;

  switch (update->type)
    {
    case VPOP3_UPDATE_LOG:
      return g_strdup_printf (_ ("log  %s"), update->text);
    case VPOP3_UPDATE_CONNECTION:
      return g_strdup_printf (_ ("connection: %s"), update->text);
    case VPOP3_UPDATE_NEXT_POLL:
      time = format_local (update->time);
      return g_strdup_printf (_ ("next poll: %s"), time);
    case VPOP3_UPDATE_LAST_POLL:
      time = format_local (update->time);
      return g_strdup_printf (_ ("last poll: %s (%s)"), time, poll_result_text (update->result));
    case VPOP3_UPDATE_OUT_QUEUE:
      value = vpop3_format_queue (update->total, update->held);
      return g_strdup_printf (_ ("out queue: %s"), value);
    case VPOP3_UPDATE_INBOXES:
      value = vpop3_format_queue (update->total, update->held);
      return g_strdup_printf (_ ("inboxes: %s"), value);
    case VPOP3_UPDATE_MAILBOX:
      value = vpop3_format_queue (update->total, update->held);
      return g_strdup_printf (_ ("mailbox of %s: %s"), update->user, value);
    case VPOP3_UPDATE_PROGRESS:
      value = progress_text (update->collect, update->send, update->threads);
      return g_strdup_printf (_ ("progress: %s"), value);
    case VPOP3_UPDATE_CONNECTIONS:
      value = names_text ((const char *const *) update->names);
      return g_strdup_printf (_ ("connections: %s"), value);
    case VPOP3_UPDATE_SESSION:
      time = vpop3_format_active_time (update->seconds);
      return g_strdup_printf (_ ("session %s: %s, %s, %s, %s"), update->id, update->session_type,
                              update->user, time, update->text != NULL ? update->text : "");
    case VPOP3_UPDATE_SESSION_ENDED:
      return g_strdup_printf (_ ("session %s ended"), update->id);
    case VPOP3_UPDATE_HOUSEKEEPER:
      return g_strdup_printf (_ ("housekeeper: %s"), update->text);
    case VPOP3_UPDATE_MESSAGE:
      return g_strdup_printf (_ ("message from %s: %s"), update->user, update->text);
    case VPOP3_UPDATE_PERMISSIONS:
      value = permissions_text (update->permissions);
      return g_strdup_printf (_ ("permissions: %s"), value);
    case VPOP3_UPDATE_REPLY:
    case VPOP3_UPDATE_UNKNOWN:
    default:
      return g_strdup_printf (_ ("unknown line: %s"), update->raw);
    }
}

void
vpop3ctl_output_connected (gboolean json, const char *host, guint16 port)
{
  g_autofree char *text = NULL;

  if (json)
    {
      print_json (vpop3ctl_json_connected (host, port));
      return;
    }
  text = g_strdup_printf (_ ("connected to %s port %u"), host, (guint) port);
  print_event (NULL, text);
}

void
vpop3ctl_output_login (gboolean json, int build)
{
  g_autofree char *text = NULL;

  if (json)
    {
      print_json (vpop3ctl_json_login (build));
      return;
    }
  if (build >= 0)
    text = g_strdup_printf (_ ("logged in (server build %d)"), build);
  else
    text = g_strdup (_ ("logged in"));
  print_event (NULL, text);
}

void
vpop3ctl_output_update (gboolean json, const Vpop3Update *update)
{
  g_autofree char *text = NULL;
  GDateTime *time = NULL;

  /* Replies belong to the command that caused them. */
  if (update->type == VPOP3_UPDATE_REPLY)
    return;
  if (json)
    {
      print_json (vpop3ctl_json_update (update));
      return;
    }
  if (update->type == VPOP3_UPDATE_LOG || update->type == VPOP3_UPDATE_MESSAGE)
    time = update->time;
  text = update_text (update);
  print_event (time, text);
}

void
vpop3ctl_output_disconnected (gboolean json, const char *reason)
{
  g_autofree char *text = NULL;

  if (json)
    {
      print_json (vpop3ctl_json_disconnected (reason));
      return;
    }
  text = g_strdup_printf (_ ("disconnected: %s"), reason != NULL ? reason : "");
  print_event (NULL, text);
}

void
vpop3ctl_output_reconnect (gboolean json, guint delay_ms)
{
  g_autofree char *text = NULL;

  if (json)
    return;
  text = g_strdup_printf (_ ("reconnecting in %.1f s"), delay_ms / 1000.0);
  print_event (NULL, text);
}

void
vpop3ctl_output_error (gboolean json, const GError *error)
{
  if (json)
    print_json (vpop3ctl_json_error (error));
  vpop3ctl_print_error ("%s", error->message);
}

void
vpop3ctl_output_reply (gboolean json, const char *command, gboolean ok, const char *text)
{
  if (json)
    print_json (vpop3ctl_json_reply (command, ok, text));
  else if (ok)
    g_print ("%s\n", text != NULL && *text != '\0' ? text : _ ("done"));
  if (!ok)
    vpop3ctl_print_error (_ ("the server refused “%s”: %s"), command, text);
}

typedef struct
{
  char *label;
  char *value;
} Field;

static void
field_clear (gpointer data)
{
  Field *field = data;

  g_free (field->label);
  g_free (field->value);
}

static void
add_field (GArray *fields, const char *label, char *value)
{
  Field field = { g_strdup (label), value != NULL ? value : g_strdup (_ ("not reported")) };

  g_array_append_val (fields, field);
}

static char *
queue_value (gboolean has, guint total, guint held)
{
  return has ? vpop3_format_queue (total, held) : NULL;
}

static GArray *
status_fields (Vpop3Status *status, const char *host, guint16 port, gboolean connected)
{
  GArray *fields = g_array_new (FALSE, FALSE, sizeof (Field));
  const char *text;
  guint total = 0;
  guint held = 0;
  gboolean has;
  GDateTime *time = NULL;
  Vpop3PollResult result = VPOP3_POLL_RESULT_NONE;
  int collect = VPOP3_PROGRESS_IDLE;
  int send = VPOP3_PROGRESS_IDLE;
  guint threads = 0;
  Vpop3Permissions permissions = VPOP3_PERMISSION_NONE;
  int build = vpop3_status_get_build (status);

  g_array_set_clear_func (fields, field_clear);

  add_field (fields, _ ("Server:"),
             connected ? g_strdup_printf (_ ("%s port %u"), host, (guint) port)
                       : g_strdup_printf (_ ("%s port %u (connection lost)"), host, (guint) port));
  add_field (fields, _ ("Build:"), build >= 0 ? g_strdup_printf ("%d", build) : NULL);
  text = vpop3_status_get_connection_text (status);
  add_field (fields, _ ("Connection:"), g_strdup (text));
  has = vpop3_status_get_out_queue (status, &total, &held);
  add_field (fields, _ ("Out queue:"), queue_value (has, total, held));
  has = vpop3_status_get_inboxes (status, &total, &held);
  add_field (fields, _ ("Inboxes:"), queue_value (has, total, held));
  if (vpop3_status_get_last_poll (status, &time, &result))
    {
      g_autofree char *when = format_local (time);
      add_field (fields, _ ("Last poll:"),
                 g_strdup_printf ("%s (%s)", when, poll_result_text (result)));
    }
  else
    add_field (fields, _ ("Last poll:"), NULL);
  time = NULL;
  add_field (fields, _ ("Next poll:"),
             vpop3_status_get_next_poll (status, &time) ? format_local (time) : NULL);
  add_field (fields, _ ("Progress:"),
             vpop3_status_get_progress (status, &collect, &send, &threads)
                 ? progress_text (collect, send, threads)
                 : NULL);
  if (vpop3_status_get_connections (status) != NULL)
    add_field (fields, _ ("Connections:"), names_text (vpop3_status_get_connections (status)));
  else
    add_field (fields, _ ("Connections:"), NULL);
  add_field (fields, _ ("Housekeeper:"), g_strdup (vpop3_status_get_housekeeper (status)));
  add_field (fields, _ ("Permissions:"),
             vpop3_status_get_permissions (status, &permissions) ? permissions_text (permissions)
                                                                 : NULL);
  add_field (fields, _ ("Sessions:"),
             g_strdup_printf ("%u", g_list_model_get_n_items (vpop3_status_get_sessions (status))));
  return fields;
}

static void
append_padded (GString *out, const char *text, glong width)
{
  g_string_append (out, text);
  for (glong n = g_utf8_strlen (text, -1); n < width; n++)
    g_string_append_c (out, ' ');
}

static void
append_sessions (GString *out, GListModel *sessions)
{
  guint n = g_list_model_get_n_items (sessions);
  glong id_width = 0;
  glong type_width = 0;
  glong user_width = 0;
  glong age_width = 8; /* h:mm:ss; a session older than 999 hours needs more */

  /* The id leads: it is what `vpop3ctl end-session ID` takes. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (Vpop3Session) session = g_list_model_get_item (sessions, i);
      g_autofree char *age = vpop3_format_active_time (vpop3_session_get_active_seconds (session));

      age_width = MAX (age_width, (glong) strlen (age));
      id_width = MAX (id_width, g_utf8_strlen (vpop3_session_get_id (session), -1));
      type_width = MAX (type_width, g_utf8_strlen (vpop3_session_get_session_type (session), -1));
      user_width = MAX (user_width, g_utf8_strlen (vpop3_session_get_user (session), -1));
    }
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (Vpop3Session) session = g_list_model_get_item (sessions, i);
      g_autofree char *age = vpop3_format_active_time (vpop3_session_get_active_seconds (session));

      g_string_append (out, "  ");
      append_padded (out, vpop3_session_get_id (session), id_width + 2);
      append_padded (out, vpop3_session_get_session_type (session), type_width + 2);
      append_padded (out, vpop3_session_get_user (session), user_width + 2);
      append_padded (out, age, age_width + 2);
      g_string_append (out, vpop3_session_get_detail (session));
      g_string_append_c (out, '\n');
    }
}

/* Right-aligned, as numbers are in a table. */
static void
append_number (GString *out, guint64 value, glong width)
{
  g_autofree char *text = g_strdup_printf ("%" G_GUINT64_FORMAT, value);

  for (glong n = (glong) strlen (text); n < width; n++)
    g_string_append_c (out, ' ');
  g_string_append (out, text);
}

static void
append_mailboxes (GString *out, GListModel *mailboxes)
{
  guint n = g_list_model_get_n_items (mailboxes);
  const char *user_label = _ ("User");
  const char *total_label = _ ("Messages");
  const char *held_label = _ ("Held");
  glong user_width = g_utf8_strlen (user_label, -1);
  glong total_width = g_utf8_strlen (total_label, -1);
  glong held_width = g_utf8_strlen (held_label, -1);

  if (n == 0)
    return;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (Vpop3Mailbox) mailbox = g_list_model_get_item (mailboxes, i);
      g_autofree char *total = g_strdup_printf ("%u", vpop3_mailbox_get_total (mailbox));
      g_autofree char *held = g_strdup_printf ("%u", vpop3_mailbox_get_held (mailbox));

      user_width = MAX (user_width, g_utf8_strlen (vpop3_mailbox_get_user (mailbox), -1));
      total_width = MAX (total_width, (glong) strlen (total));
      held_width = MAX (held_width, (glong) strlen (held));
    }
  g_string_append_printf (out, "%s\n  ", _ ("Mailboxes:"));
  append_padded (out, user_label, user_width + 2);
  for (glong i = g_utf8_strlen (total_label, -1); i < total_width; i++)
    g_string_append_c (out, ' ');
  g_string_append_printf (out, "%s  ", total_label);
  for (glong i = g_utf8_strlen (held_label, -1); i < held_width; i++)
    g_string_append_c (out, ' ');
  g_string_append_printf (out, "%s\n", held_label);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (Vpop3Mailbox) mailbox = g_list_model_get_item (mailboxes, i);

      g_string_append (out, "  ");
      append_padded (out, vpop3_mailbox_get_user (mailbox), user_width + 2);
      append_number (out, vpop3_mailbox_get_total (mailbox), total_width);
      g_string_append (out, "  ");
      append_number (out, vpop3_mailbox_get_held (mailbox), held_width);
      g_string_append_c (out, '\n');
    }
}

static void
append_recent_log (GString *out, Vpop3ActivityLog *activity_log)
{
  GListModel *log = G_LIST_MODEL (activity_log);
  guint n = g_list_model_get_n_items (log);

  if (n == 0)
    return;
  g_string_append_printf (out, "%s\n", _ ("Recent activity:"));
  for (guint i = n > RECENT_LOG_LINES ? n - RECENT_LOG_LINES : 0; i < n; i++)
    {
      g_autoptr (Vpop3LogEntry) entry = g_list_model_get_item (log, i);
      GDateTime *time = vpop3_log_entry_get_time (entry);
      g_autoptr (GDateTime) local = time != NULL ? g_date_time_to_local (time) : NULL;
      g_autofree char *stamp =
          local != NULL ? g_date_time_format (local, "%H:%M:%S") : g_strdup ("--:--:--");

      g_string_append_printf (out, "  %s  %s\n", stamp, vpop3_log_entry_get_text (entry));
    }
}

void
vpop3ctl_output_status (
    gboolean json, Vpop3Status *status, const char *host, guint16 port, gboolean connected)
{
  g_autoptr (GArray) fields = NULL;
  g_autoptr (GString) out = NULL;
  glong width = 0;

  if (json)
    {
      print_json (vpop3ctl_json_status (status, connected));
      return;
    }

  fields = status_fields (status, host, port, connected);
  out = g_string_new (NULL);
  for (guint i = 0; i < fields->len; i++)
    width = MAX (width, g_utf8_strlen (g_array_index (fields, Field, i).label, -1));
  for (guint i = 0; i < fields->len; i++)
    {
      const Field *field = &g_array_index (fields, Field, i);

      append_padded (out, field->label, width + 2);
      g_string_append_printf (out, "%s\n", field->value);
    }
  append_sessions (out, vpop3_status_get_sessions (status));
  append_mailboxes (out, vpop3_status_get_mailboxes (status));
  append_recent_log (out, vpop3_status_get_log (status));
  g_print ("%s", out->str);
}

void
vpop3ctl_output_check_line (Vpop3ctlCheckState state, const char *summary)
{
  g_autofree char *line = vpop3ctl_check_format_line (state, summary, NULL);

  g_print ("%s\n", line);
}

Vpop3ctlCheckState
vpop3ctl_output_check (Vpop3Status *status, const Vpop3ctlCheckThresholds *thresholds)
{
  Vpop3ctlCheckData data = { 0 };
  GDateTime *time = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *perfdata = NULL;
  g_autofree char *line = NULL;
  Vpop3ctlCheckState state;

  data.connection = vpop3_status_get_connection_text (status);
  data.has_out_queue =
      vpop3_status_get_out_queue (status, &data.out_queue_total, &data.out_queue_held);
  data.has_inboxes = vpop3_status_get_inboxes (status, &data.inboxes_total, &data.inboxes_held);
  data.has_last_poll = vpop3_status_get_last_poll (status, &time, &data.last_poll_result);
  data.sessions = g_list_model_get_n_items (vpop3_status_get_sessions (status));

  state = vpop3ctl_check_evaluate (&data, thresholds, &summary);
  perfdata = vpop3ctl_check_perfdata (&data, thresholds);
  line = vpop3ctl_check_format_line (state, summary, perfdata);
  g_print ("%s\n", line);
  return state;
}

static const char *
kind_text (Vpop3CensusKind kind)
{
  switch (kind)
    {
    case VPOP3_CENSUS_KIND_DOCUMENTED:
      return _ ("documented");
    case VPOP3_CENSUS_KIND_PROVISIONAL:
      return _ ("provisional");
    case VPOP3_CENSUS_KIND_UNKNOWN:
    default:
      return _ ("unknown");
    }
}

void
vpop3ctl_output_survey (gboolean json, Vpop3Census *census, const char *host, guint16 port)
{
  g_autoptr (GPtrArray) entries = NULL;
  g_autoptr (GString) out = NULL;
  const char *headings[] = { _ ("Type"), _ ("Kind"), _ ("Lines"), _ ("Invalid"), _ ("Longest") };
  glong widths[G_N_ELEMENTS (headings)];
  int build;

  if (json)
    {
      print_json (vpop3ctl_json_survey (census, host, port));
      return;
    }

  entries = vpop3_census_dup_entries (census);
  build = vpop3_census_get_build (census);
  out = g_string_new (NULL);
  g_string_append_printf (out, _ ("Server: %s port %u\n"), host, (guint) port);
  if (build >= 0)
    g_string_append_printf (out, _ ("Build:  %d\n"), build);
  else
    g_string_append_printf (out, "%s\n", _ ("Build:  not given"));
  if (entries->len == 0)
    {
      g_string_append_printf (out, "%s\n", _ ("The server sent no update lines."));
      g_print ("%s", out->str);
      return;
    }

  for (gsize c = 0; c < G_N_ELEMENTS (headings); c++)
    widths[c] = g_utf8_strlen (headings[c], -1);
  for (guint i = 0; i < entries->len; i++)
    {
      const Vpop3CensusEntry *entry = g_ptr_array_index (entries, i);
      g_autofree char *count = g_strdup_printf ("%" G_GUINT64_FORMAT, entry->count);
      g_autofree char *invalid = g_strdup_printf ("%" G_GUINT64_FORMAT, entry->invalid);
      g_autofree char *longest = g_strdup_printf ("%" G_GSIZE_FORMAT, entry->longest);

      widths[1] = MAX (widths[1], g_utf8_strlen (kind_text (entry->kind), -1));
      widths[2] = MAX (widths[2], (glong) strlen (count));
      widths[3] = MAX (widths[3], (glong) strlen (invalid));
      widths[4] = MAX (widths[4], (glong) strlen (longest));
    }
  widths[0] = MAX (widths[0], 6);

  for (gsize c = 0; c < G_N_ELEMENTS (headings); c++)
    {
      if (c >= 2)
        for (glong n = g_utf8_strlen (headings[c], -1); n < widths[c]; n++)
          g_string_append_c (out, ' ');
      append_padded (out, headings[c], c < 2 ? widths[c] + 2 : 0);
      if (c >= 2)
        g_string_append (out, "  ");
    }
  g_string_append_printf (out, "%s\n", _ ("Sample"));
  for (guint i = 0; i < entries->len; i++)
    {
      const Vpop3CensusEntry *entry = g_ptr_array_index (entries, i);

      /* A line without a type character: empty, or too long to read. */
      append_padded (out, *entry->type != '\0' ? entry->type : _ ("none"), widths[0] + 2);
      append_padded (out, kind_text (entry->kind), widths[1] + 2);
      append_number (out, entry->count, widths[2]);
      g_string_append (out, "  ");
      append_number (out, entry->invalid, widths[3]);
      g_string_append (out, "  ");
      append_number (out, entry->longest, widths[4]);
      g_string_append (out, "  ");
      g_string_append_printf (out, "%s\n", entry->sample != NULL ? entry->sample : "");
    }
  g_print ("%s", out->str);
}

void
vpop3ctl_output_metrics (Vpop3Status *status, const char *host, guint16 port)
{
  g_autofree char *server = vpop3ctl_format_server (host, port);
  g_autofree char *text = vpop3ctl_metrics_format (status, server);

  /* Not through g_print: the format is UTF-8 whatever the locale, and its
   * label values are already escaped. */
  fputs (text, stdout);
  fflush (stdout);
}
