/* vpop3-simulator-control.c: drive the simulator with line commands (--control).
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vpop3-simulator-control.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vpop3-simulator-writer.h"

#define MAX_ANSWERS_QUEUED (1024 * 1024)

struct _Vpop3SimulatorControl
{
  GObject parent_instance;

  Vpop3Simulator *simulator;
  GDataInputStream *input;
  Vpop3SimulatorWriter *output;
  GCancellable *cancellable;
  gboolean quit_pending;
  char *answer_detail; /* what the last command adds to its "ok" */
};

G_DEFINE_FINAL_TYPE (Vpop3SimulatorControl, vpop3_simulator_control, G_TYPE_OBJECT)

enum
{
  SIGNAL_QUIT_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* A command handler: @args is everything after the keyword and one space ("" when none). */
typedef gboolean (*CommandFunc) (Vpop3SimulatorControl *self, const char *args, GError **error);

static gboolean
fail (GError **error, const char *message)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, message);
  return FALSE;
}

static gboolean
parse_count (const char *text, guint max, guint *value)
{
  guint64 number;

  if (!g_ascii_string_to_unsigned (text, 10, 0, max, &number, NULL))
    return FALSE;
  *value = (guint) number;
  return TRUE;
}

/* Pushes @update if it can go on the wire (no TAB where a field forbids it, say). */
static gboolean
push_checked (Vpop3SimulatorControl *self, const Vpop3Update *update, GError **error)
{
  g_autofree char *line = vpop3_update_format (update);

  if (line == NULL)
    return fail (error, _ ("that cannot be represented on the wire"));
  vpop3_simulator_push (self->simulator, update);
  return TRUE;
}

static gboolean
push_counts (Vpop3SimulatorControl *self, Vpop3UpdateType type, const char *args, GError **error)
{
  g_auto (GStrv) words = g_strsplit (args, " ", -1);
  g_autoptr (Vpop3Update) update = vpop3_update_new (type);

  if (g_strv_length (words) != 2 || !parse_count (words[0], G_MAXUINT, &update->total) ||
      !parse_count (words[1], G_MAXUINT, &update->held))
    return fail (error, _ ("expected TOTAL HELD"));
  if (update->held > update->total)
    return fail (error, _ ("HELD cannot exceed TOTAL"));
  return push_checked (self, update, error);
}

static gboolean
command_out_queue (Vpop3SimulatorControl *self, const char *args, GError **error)
{
  return push_counts (self, VPOP3_UPDATE_OUT_QUEUE, args, error);
}

static gboolean
command_inboxes (Vpop3SimulatorControl *self, const char *args, GError **error)
{
  return push_counts (self, VPOP3_UPDATE_INBOXES, args, error);
}

/* "mailbox TOTAL HELD USER": the user last, so that it may hold spaces. */
static gboolean
command_mailbox (Vpop3SimulatorControl *self, const char *args, GError **error)
{
  g_auto (GStrv) words = g_strsplit (args, " ", 3);
  g_autoptr (Vpop3Update) update = vpop3_update_new (VPOP3_UPDATE_MAILBOX);

  if (g_strv_length (words) != 3 || !parse_count (words[0], G_MAXUINT, &update->total) ||
      !parse_count (words[1], G_MAXUINT, &update->held) || *words[2] == '\0')
    return fail (error, _ ("expected TOTAL HELD USER"));
  if (update->held > update->total)
    return fail (error, _ ("HELD cannot exceed TOTAL"));
  update->user = g_strdup (words[2]);
  return push_checked (self, update, error);
}

static gboolean
push_text (Vpop3SimulatorControl *self, Vpop3UpdateType type, const char *args, GError **error)
{
  g_autoptr (Vpop3Update) update = vpop3_update_new (type);

  if (*args == '\0')
    return fail (error, _ ("expected TEXT"));
  update->text = g_strdup (args);
  if (type == VPOP3_UPDATE_LOG)
    update->time = g_date_time_new_now_utc ();
  return push_checked (self, update, error);
}

static gboolean
command_connection (Vpop3SimulatorControl *self, const char *args, GError **error)
{
  return push_text (self, VPOP3_UPDATE_CONNECTION, args, error);
}

static gboolean
command_log (Vpop3SimulatorControl *self, const char *args, GError **error)
{
  return push_text (self, VPOP3_UPDATE_LOG, args, error);
}

static gboolean
command_housekeeper (Vpop3SimulatorControl *self, const char *args, GError **error)
{
  return push_text (self, VPOP3_UPDATE_HOUSEKEEPER, args, error);
}

static gboolean
command_next_poll (Vpop3SimulatorControl *self, const char *args, GError **error)
{
  g_autoptr (Vpop3Update) update = vpop3_update_new (VPOP3_UPDATE_NEXT_POLL);
  guint seconds;

  if (g_strcmp0 (args, "none") != 0)
    {
      g_autoptr (GDateTime) now = g_date_time_new_now_utc ();

      if (!parse_count (args, 100u * 365 * 24 * 3600, &seconds))
        return fail (error, _ ("expected SECONDS or “none”"));
      update->time = g_date_time_add_seconds (now, seconds);
    }
  return push_checked (self, update, error);
}

static gboolean
command_last_poll (Vpop3SimulatorControl *self, const char *args, GError **error)
{
  g_autoptr (Vpop3Update) update = vpop3_update_new (VPOP3_UPDATE_LAST_POLL);

  if (!vpop3_poll_result_from_string (args, &update->result) ||
      update->result == VPOP3_POLL_RESULT_NONE)
    return fail (error, _ ("expected “ok”, “partial” or “failed”"));
  update->time = g_date_time_new_now_utc ();
  return push_checked (self, update, error);
}

static gboolean
parse_percent (const char *text, int *value)
{
  guint number;

  if (g_strcmp0 (text, "-") == 0)
    {
      *value = VPOP3_PROGRESS_IDLE;
      return TRUE;
    }
  if (!parse_count (text, 100, &number))
    return FALSE;
  *value = (int) number;
  return TRUE;
}

static gboolean
command_progress (Vpop3SimulatorControl *self, const char *args, GError **error)
{
  g_auto (GStrv) words = g_strsplit (args, " ", -1);
  g_autoptr (Vpop3Update) update = vpop3_update_new (VPOP3_UPDATE_PROGRESS);

  if (g_strv_length (words) != 3 || !parse_percent (words[0], &update->collect) ||
      !parse_percent (words[1], &update->send) ||
      !parse_count (words[2], G_MAXUINT, &update->threads))
    return fail (error, _ ("expected COLLECT|- SEND|- THREADS"));
  return push_checked (self, update, error);
}

static gboolean
command_connections (Vpop3SimulatorControl *self, const char *args, GError **error)
{
  g_autoptr (Vpop3Update) update = vpop3_update_new (VPOP3_UPDATE_CONNECTIONS);

  update->names = *args == '\0' ? g_new0 (char *, 1) : g_strsplit (args, ",", -1);
  return push_checked (self, update, error);
}

static gboolean
command_session (Vpop3SimulatorControl *self, const char *args, GError **error)
{
  g_auto (GStrv) fields = g_strsplit (args, "\t", -1);
  g_autoptr (Vpop3Update) update = vpop3_update_new (VPOP3_UPDATE_SESSION);

  if (g_strv_length (fields) != 5 || *fields[0] == '\0' ||
      !parse_count (fields[3], G_MAXUINT, &update->seconds))
    return fail (error, _ ("expected ID<TAB>TYPE<TAB>USER<TAB>SECONDS<TAB>DETAIL"));
  update->id = g_strdup (fields[0]);
  update->session_type = g_strdup (fields[1]);
  update->user = g_strdup (fields[2]);
  update->text = g_strdup (fields[4]);
  return push_checked (self, update, error);
}

static gboolean
command_end_session (Vpop3SimulatorControl *self, const char *args, GError **error)
{
  g_autoptr (Vpop3Update) update = vpop3_update_new (VPOP3_UPDATE_SESSION_ENDED);

  if (*args == '\0')
    return fail (error, _ ("expected ID"));
  update->id = g_strdup (args);
  return push_checked (self, update, error);
}

static gboolean
command_message (Vpop3SimulatorControl *self, const char *args, GError **error)
{
  g_auto (GStrv) words = g_strsplit (args, " ", 2);
  g_autoptr (Vpop3Update) update = vpop3_update_new (VPOP3_UPDATE_MESSAGE);

  if (g_strv_length (words) != 2 || *words[0] == '\0' || *words[1] == '\0')
    return fail (error, _ ("expected FROM TEXT"));
  update->time = g_date_time_new_now_utc ();
  update->user = g_strdup (words[0]);
  update->text = g_strdup (words[1]);
  return push_checked (self, update, error);
}

static gboolean
command_refuse_messages (Vpop3SimulatorControl *self, const char *args, GError **error)
{
  if (*args == '\0')
    return fail (error, _ ("expected TEXT or “off”"));
  vpop3_simulator_set_im_refusal (self->simulator, g_strcmp0 (args, "off") == 0 ? NULL : args);
  return TRUE;
}

static gboolean
command_raw (Vpop3SimulatorControl *self, const char *args, GError **error)
{
  vpop3_simulator_send_raw (self->simulator, args);
  return TRUE;
}

static gboolean
command_drop (Vpop3SimulatorControl *self, const char *args, GError **error)
{
  vpop3_simulator_drop_all (self->simulator);
  return TRUE;
}

/* "cut N": the next connection is closed after N bytes of output. */
static gboolean
command_cut (Vpop3SimulatorControl *self, const char *args, GError **error)
{
  guint bytes;

  if (!parse_count (args, G_MAXINT, &bytes))
    return fail (error, _ ("expected BYTES"));
  vpop3_simulator_cut_next_connection (self->simulator, bytes);
  return TRUE;
}

static gboolean
lookup_nick (GType type, const char *nick, int *value)
{
  g_autoptr (GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *found = g_enum_get_value_by_nick (klass, nick);

  if (found == NULL)
    return FALSE;
  *value = found->value;
  return TRUE;
}

static gboolean
command_misbehave (Vpop3SimulatorControl *self, const char *args, GError **error)
{
  int mode;

  if (!lookup_nick (VPOP3_TYPE_SIMULATOR_MISBEHAVIOUR, args, &mode))
    return fail (error, _ ("unknown misbehaviour"));
  vpop3_simulator_set_misbehaviour (self->simulator, (Vpop3SimulatorMisbehaviour) mode);
  return TRUE;
}

static gboolean
command_scenario (Vpop3SimulatorControl *self, const char *args, GError **error)
{
  int scenario;

  if (!lookup_nick (VPOP3_TYPE_SIMULATOR_SCENARIO, args, &scenario))
    return fail (error, _ ("expected “quiet” or “busy”"));
  vpop3_simulator_set_scenario (self->simulator, (Vpop3SimulatorScenario) scenario,
                                vpop3_simulator_get_rate (self->simulator));
  return TRUE;
}

/* For scripts that check what a client did, e.g. exactly one login attempt. */
static gboolean
command_stats (Vpop3SimulatorControl *self, const char *args, GError **error)
{
  self->answer_detail = g_strdup_printf ("logins=%u connections=%u peers=%u",
                                         vpop3_simulator_get_login_attempts (self->simulator),
                                         vpop3_simulator_get_connections_accepted (self->simulator),
                                         vpop3_simulator_get_peer_count (self->simulator));
  return TRUE;
}

static gboolean
command_quit (Vpop3SimulatorControl *self, const char *args, GError **error)
{
  self->quit_pending = TRUE;
  return TRUE;
}

static const struct
{
  const char *keyword;
  CommandFunc func;
} commands[] = {
  { "out-queue", command_out_queue },
  { "inboxes", command_inboxes },
  { "mailbox", command_mailbox },
  { "connection", command_connection },
  { "log", command_log },
  { "next-poll", command_next_poll },
  { "last-poll", command_last_poll },
  { "progress", command_progress },
  { "connections", command_connections },
  { "session", command_session },
  { "end-session", command_end_session },
  { "message", command_message },
  { "housekeeper", command_housekeeper },
  { "refuse-messages", command_refuse_messages },
  { "raw", command_raw },
  { "drop", command_drop },
  { "cut", command_cut },
  { "misbehave", command_misbehave },
  { "scenario", command_scenario },
  { "stats", command_stats },
  { "quit", command_quit },
};

static void
answer (Vpop3SimulatorControl *self, const char *text)
{
  g_autofree char *line = g_strconcat (text, "\n", NULL);

  if (!vpop3_simulator_writer_write (self->output, line, strlen (line)))
    g_warning ("The control answers are not being read; one was lost");
}

static void
answer_error (Vpop3SimulatorControl *self, const char *why)
{
  /* "error: " is for scripts to match, so it stays untranslated; the reason is for people. */
  g_autofree char *text = g_strdup_printf ("error: %s", why);

  answer (self, text);
}

static void
run_command (Vpop3SimulatorControl *self, const char *line)
{
  gsize keyword_length = strcspn (line, " \t");
  /* "session" takes TAB-separated fields, so the keyword may end in a TAB too. */
  const char *args = line[keyword_length] != '\0' ? line + keyword_length + 1 : "";
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (strlen (commands[i].keyword) != keyword_length ||
          strncmp (commands[i].keyword, line, keyword_length) != 0)
        continue;
      if (commands[i].func (self, args, &error))
        {
          g_autofree char *detail = g_steal_pointer (&self->answer_detail);
          g_autofree char *text = detail != NULL ? g_strconcat ("ok ", detail, NULL) : NULL;

          answer (self, text != NULL ? text : "ok");
        }
      else
        answer_error (self, error->message);
      return;
    }

  {
    g_autofree char *keyword = g_strndup (line, keyword_length);
    g_autofree char *why = g_strdup_printf (_ ("unknown command “%s”"), keyword);

    answer_error (self, why);
  }
}

static void read_next (Vpop3SimulatorControl *self);

static void
read_line_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (Vpop3SimulatorControl) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *line = NULL;
  gsize length;

  line =
      g_data_input_stream_read_line_finish (G_DATA_INPUT_STREAM (source), result, &length, &error);
  if (line == NULL)
    {
      /* End of input: the simulator keeps running until it is told otherwise. */
      if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Control input: %s", error->message);
      return;
    }
  if (length > 0 && line[length - 1] == '\r')
    line[length - 1] = '\0';

  if (!g_utf8_validate (line, -1, NULL))
    answer_error (self, _ ("not UTF-8"));
  else if (*line != '\0')
    run_command (self, line);
  else
    answer_error (self, _ ("empty command"));

  if (!self->quit_pending)
    read_next (self);
}

static void
read_next (Vpop3SimulatorControl *self)
{
  g_data_input_stream_read_line_async (self->input, G_PRIORITY_DEFAULT, self->cancellable,
                                       read_line_cb, g_object_ref (self));
}

static void
output_drained_cb (Vpop3SimulatorWriter *writer, Vpop3SimulatorControl *self)
{
  if (self->quit_pending)
    g_signal_emit (self, signals[SIGNAL_QUIT_REQUESTED], 0);
}

static void
output_failed_cb (Vpop3SimulatorWriter *writer, const char *reason, Vpop3SimulatorControl *self)
{
  g_warning ("Control output: %s", reason);
  if (self->quit_pending)
    g_signal_emit (self, signals[SIGNAL_QUIT_REQUESTED], 0);
}

static void
vpop3_simulator_control_dispose (GObject *object)
{
  Vpop3SimulatorControl *self = VPOP3_SIMULATOR_CONTROL (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->output != NULL)
    g_signal_handlers_disconnect_by_data (self->output, self);
  g_clear_object (&self->output);
  g_clear_object (&self->input);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->simulator);
  g_clear_pointer (&self->answer_detail, g_free);

  G_OBJECT_CLASS (vpop3_simulator_control_parent_class)->dispose (object);
}

static void
vpop3_simulator_control_class_init (Vpop3SimulatorControlClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = vpop3_simulator_control_dispose;

  signals[SIGNAL_QUIT_REQUESTED] =
      g_signal_new ("quit-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 0);
}

static void
vpop3_simulator_control_init (Vpop3SimulatorControl *self)
{
  self->cancellable = g_cancellable_new ();
}

Vpop3SimulatorControl *
vpop3_simulator_control_new (Vpop3Simulator *simulator, GInputStream *input, GOutputStream *output)
{
  Vpop3SimulatorControl *self;

  g_return_val_if_fail (VPOP3_IS_SIMULATOR (simulator), NULL);
  g_return_val_if_fail (G_IS_INPUT_STREAM (input), NULL);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (output), NULL);

  self = g_object_new (VPOP3_TYPE_SIMULATOR_CONTROL, NULL);
  self->simulator = g_object_ref (simulator);
  self->input = g_data_input_stream_new (input);
  g_data_input_stream_set_newline_type (self->input, G_DATA_STREAM_NEWLINE_TYPE_LF);
  self->output = vpop3_simulator_writer_new (output, MAX_ANSWERS_QUEUED);
  g_signal_connect (self->output, "drained", G_CALLBACK (output_drained_cb), self);
  g_signal_connect (self->output, "failed", G_CALLBACK (output_failed_cb), self);
  return self;
}

void
vpop3_simulator_control_start (Vpop3SimulatorControl *self)
{
  g_return_if_fail (VPOP3_IS_SIMULATOR_CONTROL (self));
  read_next (self);
}
