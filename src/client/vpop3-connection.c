/* vpop3-connection.c
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vpop3-connection.h"

#include <glib/gi18n-lib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>

#include "vpop3-client-error.h"
#include "vpop3-line-buffer.h"
#include "vpop3-line-writer.h"
#include "vpop3-secret.h"
#include "vpop3-text.h"

#define READ_CHUNK 16384
/* Commands are tiny; a server that stops reading is gone. */
#define WRITE_MAX_QUEUED (1024 * 1024)
#define QUIT_GRACE_MS    2000
/* A server that dies without a word (power lost, cable pulled, VPN down)
 * is noticed within 25 s by the kernel alone, with no wake-up of ours:
 * keep-alive probes after 10 s of silence, every 5 s, 3 unanswered ones
 * and the connection is gone (10 + 3 x 5 = 25 s); and data we sent that
 * stays unacknowledged for 25 s (a command in flight, where keep-alive
 * does not apply) ends it too. An idle connection costs one probe and its
 * answer, about 130 bytes, every 10 s. docs/reliability.md has the figures. */
#define KEEPALIVE_IDLE_S     10
#define KEEPALIVE_INTERVAL_S 5
#define KEEPALIVE_COUNT      3
#define USER_TIMEOUT_MS      25000
/* How much of a stranger's greeting goes into an error message. */
#define GREETING_QUOTE_MAX 60
/* Input is taken in slices of at most this much work, at a priority below
 * GTK's relayout and redraw: a burst of 100,000 lines after login never
 * keeps the panel from painting for more than a fraction of a frame. */
#define SLICE_BUDGET_US 3000
#define SLICE_PRIORITY  G_PRIORITY_DEFAULT_IDLE

typedef enum
{
  PHASE_NEW,
  PHASE_CONNECTING,
  PHASE_GREETING,
  PHASE_LOGIN,
  PHASE_READY,
  PHASE_CLOSING,
  PHASE_CLOSED,
} Phase;

struct _Vpop3Connection
{
  GObject parent_instance;

  char *host;
  guint16 port;
  Vpop3AuthMethod method;
  char *user;
  char *secret; /* wiped as soon as the login line is sent */
  guint connect_timeout_ms;
  guint greeting_timeout_ms;
  Vpop3Trace *trace;

  Phase phase;
  GCancellable *cancellable;
  GIOStream *stream; /* a GSocketConnection, or any stream in tests and fuzzing */
  Vpop3LineWriter *writer;
  Vpop3LineBuffer *lines;
  guint timeout_id;
  guint slice_id;      /* takes in buffered lines; exists only while some wait */
  gboolean in_updates; /* between "updates-begin" and "updates-end" */
  GQueue pending;      /* PendingCommands awaiting their reply, oldest first */
  guint command_timeout_ms;
  char read_buffer[READ_CHUNK];
};

G_DEFINE_FINAL_TYPE (Vpop3Connection, vpop3_connection, G_TYPE_OBJECT)

enum
{
  SIGNAL_CONNECTED,
  SIGNAL_LOGGED_IN,
  SIGNAL_UPDATE,
  SIGNAL_UPDATES_BEGIN,
  SIGNAL_UPDATES_END,
  SIGNAL_CLOSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void read_more (Vpop3Connection *self);

static void
emit_update (Vpop3Connection *self, Vpop3Update *update)
{
  if (!self->in_updates)
    {
      self->in_updates = TRUE;
      g_signal_emit (self, signals[SIGNAL_UPDATES_BEGIN], 0);
    }
  g_signal_emit (self, signals[SIGNAL_UPDATE], 0, update);
}

static void
end_updates (Vpop3Connection *self)
{
  if (!self->in_updates)
    return;
  self->in_updates = FALSE;
  g_signal_emit (self, signals[SIGNAL_UPDATES_END], 0);
}

/* A command sent and not answered yet. When its deadline passes, its task
 * is told so and goes; the entry stays, so that a late reply is matched to
 * it and not to the next command. */
typedef struct
{
  GTask *task; /* NULL once given up on */
  guint deadline_id;
  guint timeout_ms;
} PendingCommand;

static void
pending_command_free (PendingCommand *command)
{
  g_clear_handle_id (&command->deadline_id, g_source_remove);
  g_clear_object (&command->task);
  g_free (command);
}

/* The task of @command, now answered one way or another. */
static GTask *
pending_command_take_task (PendingCommand *command)
{
  g_clear_handle_id (&command->deadline_id, g_source_remove);
  return g_steal_pointer (&command->task);
}

static gboolean
on_command_deadline (gpointer user_data)
{
  PendingCommand *command = user_data;
  g_autoptr (GTask) task = NULL;

  command->deadline_id = 0;
  task = g_steal_pointer (&command->task);
  g_task_return_new_error (task, VPOP3_CLIENT_ERROR, VPOP3_CLIENT_ERROR_TIMED_OUT,
                           g_dngettext (GETTEXT_PACKAGE,
                                        "The server did not answer within %u second",
                                        "The server did not answer within %u seconds",
                                        (command->timeout_ms + 999) / 1000),
                           (command->timeout_ms + 999) / 1000);
  return G_SOURCE_REMOVE;
}

static void
fail_pending (Vpop3Connection *self)
{
  PendingCommand *command;

  while ((command = g_queue_pop_head (&self->pending)) != NULL)
    {
      g_autoptr (GTask) task = pending_command_take_task (command);

      if (task != NULL)
        g_task_return_new_error (task, VPOP3_CLIENT_ERROR, VPOP3_CLIENT_ERROR_NOT_CONNECTED,
                                 _ ("The connection ended before the server replied"));
      pending_command_free (command);
    }
}

/* The one way out: every path that ends the connection comes here, once. */
static void
finish (Vpop3Connection *self, GError *error)
{
  if (self->phase == PHASE_CLOSED)
    {
      g_clear_error (&error);
      return;
    }

  /* Handlers of "closed" may drop the last reference to us. */
  g_object_ref (self);
  /* Whoever froze something for the group of updates gets to thaw it first. */
  end_updates (self);
  self->phase = PHASE_CLOSED;
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_handle_id (&self->slice_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  vpop3_secret_wipe (&self->secret);
  if (self->writer != NULL)
    vpop3_line_writer_abort (self->writer);
  if (self->stream != NULL)
    g_io_stream_close_async (self->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  fail_pending (self);

  if (self->trace != NULL)
    vpop3_trace_note (self->trace, error != NULL ? error->message : "closed");

  g_signal_emit (self, signals[SIGNAL_CLOSED], 0, error);
  g_clear_error (&error);
  g_object_unref (self);
}

static void finish_with (Vpop3Connection *self, Vpop3ClientError code, const char *format, ...)
    G_GNUC_PRINTF (3, 4);

static void
finish_with (Vpop3Connection *self, Vpop3ClientError code, const char *format, ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  finish (self, g_error_new_literal (VPOP3_CLIENT_ERROR, code, message));
}

static gboolean
on_timeout (gpointer user_data)
{
  Vpop3Connection *self = user_data;
  guint seconds;

  self->timeout_id = 0;
  switch (self->phase)
    {
    case PHASE_CONNECTING:
      seconds = (self->connect_timeout_ms + 999) / 1000;
      finish_with (self, VPOP3_CLIENT_ERROR_TIMED_OUT,
                   g_dngettext (GETTEXT_PACKAGE, "%s:%u did not answer within %u second",
                                "%s:%u did not answer within %u seconds", seconds),
                   self->host, self->port, seconds);
      break;
    case PHASE_GREETING:
      finish_with (self, VPOP3_CLIENT_ERROR_TIMED_OUT,
                   _ ("%s:%u accepted the connection but sent no greeting: it is not a VPOP3 "
                      "status service, or the service is stuck"),
                   self->host, self->port);
      break;
    case PHASE_LOGIN:
      finish_with (self, VPOP3_CLIENT_ERROR_TIMED_OUT, _ ("The server did not answer the login"));
      break;
    case PHASE_CLOSING:
      finish (self, NULL);
      break;
    case PHASE_NEW:
    case PHASE_READY:
    case PHASE_CLOSED:
    default:
      break;
    }
  return G_SOURCE_REMOVE;
}

static void
arm_timeout (Vpop3Connection *self, guint milliseconds)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (milliseconds > 0)
    self->timeout_id = g_timeout_add (milliseconds, on_timeout, self);
}

static void
send_line (Vpop3Connection *self, const char *line)
{
  if (self->trace != NULL)
    vpop3_trace_sent (self->trace, line);
  vpop3_line_writer_write (self->writer, line, TRUE);
}

static void
handle_greeting (Vpop3Connection *self, const char *text)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *challenge = NULL;
  g_autofree char *login = NULL;

  if (!vpop3_greeting_parse (text, &challenge, &error))
    {
      if (g_error_matches (error, VPOP3_PROTOCOL_ERROR, VPOP3_PROTOCOL_ERROR_GREETING_REFUSED))
        finish_with (self, VPOP3_CLIENT_ERROR_ACCESS_DENIED, _ ("The server refused access: %s"),
                     error->message);
      else
        {
          g_autofree char *quote =
              g_utf8_substring (text, 0, MIN (GREETING_QUOTE_MAX, g_utf8_strlen (text, -1)));

          finish_with (self, VPOP3_CLIENT_ERROR_NOT_VPOP3,
                       _ ("%s:%u is not a VPOP3 status service (it said “%s”)"), self->host,
                       self->port, quote);
        }
      return;
    }

  login = vpop3_login_line (self->method, self->user, self->secret, challenge, &error);
  vpop3_secret_wipe (&self->secret);
  if (login == NULL)
    {
      finish_with (self,
                   g_error_matches (error, VPOP3_PROTOCOL_ERROR, VPOP3_PROTOCOL_ERROR_NO_CHALLENGE)
                       ? VPOP3_CLIENT_ERROR_PROTOCOL
                       : VPOP3_CLIENT_ERROR_INVALID_ARGUMENT,
                   "%s", error->message);
      return;
    }

  /* The clear-text LOGIN line holds the password: no copy of it may go back
   * to the heap unwiped (the trace redacts it). */
  if (self->trace != NULL)
    vpop3_trace_sent (self->trace, login);
  vpop3_line_writer_write_secret (self->writer, login, TRUE);
  vpop3_secret_wipe (&login);
  self->phase = PHASE_LOGIN;
  arm_timeout (self, self->greeting_timeout_ms);
}

static void
handle_login_reply (Vpop3Connection *self, const char *text)
{
  g_autoptr (GError) error = NULL;
  int build = -1;

  if (!vpop3_login_reply_parse (text, &build, &error))
    {
      if (g_error_matches (error, VPOP3_PROTOCOL_ERROR, VPOP3_PROTOCOL_ERROR_LOGIN_REFUSED))
        finish_with (self, VPOP3_CLIENT_ERROR_LOGIN_REFUSED, _ ("Login refused: %s"),
                     error->message);
      else
        finish_with (self, VPOP3_CLIENT_ERROR_PROTOCOL, "%s", error->message);
      return;
    }

  self->phase = PHASE_READY;
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_signal_emit (self, signals[SIGNAL_LOGGED_IN], 0, build);
}

static void
handle_update (Vpop3Connection *self, Vpop3Update *update)
{
  GTask *task;

  if (update->type == VPOP3_UPDATE_REPLY)
    {
      PendingCommand *command = g_queue_pop_head (&self->pending);

      if (command != NULL)
        {
          task = pending_command_take_task (command);
          pending_command_free (command);
          if (task == NULL)
            {
              /* The answer to a command given up on: it was late, not wrong. */
              if (self->trace != NULL)
                vpop3_trace_note (self->trace, _ ("(a late reply to a command given up on)"));
              return;
            }
          if (update->ok)
            g_task_return_pointer (task, g_strdup (update->text), g_free);
          else
            g_task_return_new_error (
                task, VPOP3_CLIENT_ERROR, VPOP3_CLIENT_ERROR_COMMAND_REFUSED, "%s",
                *update->text != '\0' ? update->text : _ ("The server refused the command"));
          g_object_unref (task);
          return;
        }
      /* A reply to nothing we sent: keep it, as any line we don't understand. */
      update->type = VPOP3_UPDATE_UNKNOWN;
    }

  emit_update (self, update);
}

static void
handle_line (Vpop3Connection *self, const char *bytes, gsize length)
{
  g_autoptr (Vpop3Update) update = NULL;
  g_autofree char *text = NULL;

  switch (self->phase)
    {
    case PHASE_GREETING:
    case PHASE_LOGIN:
      text = vpop3_text_decode (bytes, length);
      if (self->trace != NULL)
        vpop3_trace_received (self->trace, text);
      if (self->phase == PHASE_GREETING)
        handle_greeting (self, text);
      else
        handle_login_reply (self, text);
      break;

    case PHASE_READY:
      update = vpop3_update_parse (bytes, length);
      if (self->trace != NULL)
        vpop3_trace_received (self->trace, update->raw);
      handle_update (self, update);
      break;

    case PHASE_CLOSING: /* the reply to QUIT, or last pushes: no longer wanted */
    case PHASE_NEW:
    case PHASE_CONNECTING:
    case PHASE_CLOSED:
    default:
      break;
    }
}

static void
handle_overlong (Vpop3Connection *self)
{
  g_autoptr (Vpop3Update) update = NULL;

  if (self->phase == PHASE_GREETING || self->phase == PHASE_LOGIN)
    {
      finish_with (self, VPOP3_CLIENT_ERROR_NOT_VPOP3,
                   _ ("%s:%u sent a line longer than %u bytes: it is not a VPOP3 status service"),
                   self->host, self->port, (guint) VPOP3_LINE_MAX);
      return;
    }
  if (self->phase != PHASE_READY)
    return;

  /* Dropped, never buffered; the rest of the stream still counts. */
  update = vpop3_update_new (VPOP3_UPDATE_UNKNOWN);
  update->raw =
      g_strdup_printf (_ ("(a line longer than %u bytes was dropped)"), (guint) VPOP3_LINE_MAX);
  if (self->trace != NULL)
    vpop3_trace_note (self->trace, update->raw);
  emit_update (self, update);
}

/* One slice of the lines received: reading waits until all are taken in,
 * so at most one read's worth (and one unfinished line) is ever buffered. */
static gboolean
on_slice (gpointer user_data)
{
  g_autoptr (Vpop3Connection) self = g_object_ref (user_data);
  gint64 deadline = g_get_monotonic_time () + SLICE_BUDGET_US;
  gboolean out_of_time = FALSE;
  Vpop3LineResult line_result;
  const char *line;
  gsize length;

  while (self->phase != PHASE_CLOSED &&
         (line_result = vpop3_line_buffer_next (self->lines, &line, &length)) != VPOP3_LINE_NONE)
    {
      if (line_result == VPOP3_LINE_COMPLETE)
        handle_line (self, line, length);
      else
        handle_overlong (self);
      if (g_get_monotonic_time () >= deadline)
        {
          out_of_time = TRUE;
          break;
        }
    }
  end_updates (self);

  /* finish() has removed this source already when the connection ended. */
  if (self->phase == PHASE_CLOSED)
    return G_SOURCE_REMOVE;
  if (out_of_time)
    return G_SOURCE_CONTINUE;
  self->slice_id = 0;
  read_more (self);
  return G_SOURCE_REMOVE;
}

static void
on_read (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (Vpop3Connection) self = user_data;
  g_autoptr (GError) error = NULL;
  gssize n_read;

  n_read = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);
  if (self->phase == PHASE_CLOSED)
    return;

  if (n_read < 0 || n_read == 0)
    {
      if (self->phase == PHASE_CLOSING)
        finish (self, NULL);
      else if (n_read < 0)
        finish_with (self, VPOP3_CLIENT_ERROR_NETWORK, _ ("Connection to %s:%u lost: %s"),
                     self->host, self->port, error->message);
      else if (self->phase == PHASE_GREETING)
        finish_with (self, VPOP3_CLIENT_ERROR_NETWORK,
                     _ ("%s:%u closed the connection without a greeting"), self->host, self->port);
      else if (self->phase == PHASE_LOGIN)
        finish_with (self, VPOP3_CLIENT_ERROR_NETWORK,
                     _ ("%s:%u closed the connection during the login"), self->host, self->port);
      else
        finish_with (self, VPOP3_CLIENT_ERROR_NETWORK, _ ("%s:%u closed the connection"),
                     self->host, self->port);
      return;
    }

  vpop3_line_buffer_push (self->lines, self->read_buffer, (gsize) n_read);
  if (self->slice_id == 0)
    self->slice_id = g_idle_add_full (SLICE_PRIORITY, on_slice, self, NULL);
}

static void
read_more (Vpop3Connection *self)
{
  GInputStream *input = g_io_stream_get_input_stream (self->stream);

  g_input_stream_read_async (input, self->read_buffer, sizeof self->read_buffer, G_PRIORITY_DEFAULT,
                             self->cancellable, on_read, g_object_ref (self));
}

static void
on_write_failed (Vpop3LineWriter *writer, GError *error, gpointer user_data)
{
  Vpop3Connection *self = user_data;

  if (self->phase == PHASE_CLOSING)
    finish (self, NULL);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    finish_with (self, VPOP3_CLIENT_ERROR_NETWORK, _ ("Connection to %s:%u lost: %s"), self->host,
                 self->port, error->message);
}

/* Where a setting is missing (not Linux), the system's defaults apply: with
 * keep-alive alone, typically two hours before a silent server is noticed
 * while idle, and many minutes with a command in flight. */
static void
set_keepalive (GSocket *socket)
{
  g_autoptr (GError) error = NULL;

  g_socket_set_keepalive (socket, TRUE);
#if defined(TCP_KEEPIDLE) && defined(TCP_KEEPINTVL) && defined(TCP_KEEPCNT)
  if (!g_socket_set_option (socket, IPPROTO_TCP, TCP_KEEPIDLE, KEEPALIVE_IDLE_S, &error) ||
      !g_socket_set_option (socket, IPPROTO_TCP, TCP_KEEPINTVL, KEEPALIVE_INTERVAL_S, &error) ||
      !g_socket_set_option (socket, IPPROTO_TCP, TCP_KEEPCNT, KEEPALIVE_COUNT, &error))
    {
      g_debug ("Keep-alive left at the system's timing: %s", error->message);
      g_clear_error (&error);
    }
#endif
#ifdef TCP_USER_TIMEOUT
  if (!g_socket_set_option (socket, IPPROTO_TCP, TCP_USER_TIMEOUT, USER_TIMEOUT_MS, &error))
    g_debug ("No limit on unacknowledged data: %s", error->message);
#endif
}

/* The TCP connection (or a test's stream) is up: wait for the greeting. */
static void
begin_session (Vpop3Connection *self, GIOStream *stream)
{
  self->stream = g_object_ref (stream);
  self->writer =
      vpop3_line_writer_new (g_io_stream_get_output_stream (self->stream), WRITE_MAX_QUEUED);
  g_signal_connect_object (self->writer, "failed", G_CALLBACK (on_write_failed), self, 0);

  self->phase = PHASE_GREETING;
  arm_timeout (self, self->greeting_timeout_ms);
  if (self->trace != NULL)
    {
      g_autofree char *note = g_strdup_printf ("connected to %s:%u", self->host, self->port);

      vpop3_trace_note (self->trace, note);
    }
  g_signal_emit (self, signals[SIGNAL_CONNECTED], 0);
  if (self->phase != PHASE_CLOSED)
    read_more (self);
}

static void
on_connected (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (Vpop3Connection) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GSocketConnection) connection = NULL;

  connection = g_socket_client_connect_finish (G_SOCKET_CLIENT (source), result, &error);
  if (self->phase == PHASE_CLOSED)
    return;
  if (connection == NULL)
    {
      finish_with (self, VPOP3_CLIENT_ERROR_NETWORK, _ ("Could not connect to %s:%u: %s"),
                   self->host, self->port, error->message);
      return;
    }

  set_keepalive (g_socket_connection_get_socket (connection));
  begin_session (self, G_IO_STREAM (connection));
}

static void
vpop3_connection_dispose (GObject *object)
{
  Vpop3Connection *self = VPOP3_CONNECTION (object);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_handle_id (&self->slice_id, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  fail_pending (self);
  g_clear_object (&self->writer);
  g_clear_object (&self->stream);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->trace);

  G_OBJECT_CLASS (vpop3_connection_parent_class)->dispose (object);
}

static void
vpop3_connection_finalize (GObject *object)
{
  Vpop3Connection *self = VPOP3_CONNECTION (object);

  vpop3_secret_wipe (&self->secret);
  g_free (self->host);
  g_free (self->user);
  g_clear_pointer (&self->lines, vpop3_line_buffer_free);

  G_OBJECT_CLASS (vpop3_connection_parent_class)->finalize (object);
}

static void
vpop3_connection_class_init (Vpop3ConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vpop3_connection_dispose;
  object_class->finalize = vpop3_connection_finalize;

  signals[SIGNAL_CONNECTED] = g_signal_new ("connected", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_LOGGED_IN] =
      g_signal_new ("logged-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                    G_TYPE_NONE, 1, G_TYPE_INT);
  signals[SIGNAL_UPDATE] =
      g_signal_new ("update", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                    G_TYPE_NONE, 1, VPOP3_TYPE_UPDATE | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[SIGNAL_UPDATES_BEGIN] =
      g_signal_new ("updates-begin", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_UPDATES_END] =
      g_signal_new ("updates-end", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_CLOSED] =
      g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                    G_TYPE_NONE, 1, G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
vpop3_connection_init (Vpop3Connection *self)
{
  g_queue_init (&self->pending);
  self->cancellable = g_cancellable_new ();
  self->lines = vpop3_line_buffer_new (VPOP3_LINE_MAX);
}

Vpop3Connection *
vpop3_connection_new (const Vpop3ConnectionOptions *options)
{
  Vpop3Connection *self;

  g_return_val_if_fail (options != NULL && options->host != NULL, NULL);

  self = g_object_new (VPOP3_TYPE_CONNECTION, NULL);
  self->host = g_strdup (options->host);
  self->port = options->port;
  self->method = options->method;
  self->user = g_strdup (options->user);
  self->secret = g_strdup (options->secret);
  self->connect_timeout_ms = options->connect_timeout_ms;
  self->greeting_timeout_ms = options->greeting_timeout_ms;
  self->command_timeout_ms = options->command_timeout_ms;
  self->trace = options->trace != NULL ? g_object_ref (options->trace) : NULL;
  return self;
}

void
vpop3_connection_start (Vpop3Connection *self)
{
  g_autoptr (GSocketClient) client = NULL;
  g_autoptr (GSocketConnectable) address = NULL;

  g_return_if_fail (VPOP3_IS_CONNECTION (self));
  g_return_if_fail (self->phase == PHASE_NEW);

  self->phase = PHASE_CONNECTING;
  client = g_socket_client_new ();
  address = g_network_address_new (self->host, self->port);
  arm_timeout (self, self->connect_timeout_ms);
  g_socket_client_connect_async (client, address, self->cancellable, on_connected,
                                 g_object_ref (self));
}

void
vpop3_connection_start_with_stream (Vpop3Connection *self, GIOStream *stream)
{
  g_return_if_fail (VPOP3_IS_CONNECTION (self));
  g_return_if_fail (G_IS_IO_STREAM (stream));
  g_return_if_fail (self->phase == PHASE_NEW);

  begin_session (self, stream);
}

gboolean
vpop3_connection_is_logged_in (Vpop3Connection *self)
{
  g_return_val_if_fail (VPOP3_IS_CONNECTION (self), FALSE);

  return self->phase == PHASE_READY;
}

gboolean
vpop3_connection_is_mid_line (Vpop3Connection *self)
{
  g_return_val_if_fail (VPOP3_IS_CONNECTION (self), FALSE);

  return self->phase != PHASE_CLOSED && self->lines != NULL &&
         vpop3_line_buffer_mid_line (self->lines);
}

static void
on_quit_written (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (Vpop3Connection) self = user_data;

  vpop3_line_writer_drain_finish (VPOP3_LINE_WRITER (source), result, NULL);
  finish (self, NULL);
}

void
vpop3_connection_close (Vpop3Connection *self, gboolean polite)
{
  g_return_if_fail (VPOP3_IS_CONNECTION (self));

  if (self->phase == PHASE_CLOSED || self->phase == PHASE_CLOSING)
    return;

  if (!polite || self->phase != PHASE_READY)
    {
      finish (self, NULL);
      return;
    }

  self->phase = PHASE_CLOSING;
  fail_pending (self);
  send_line (self, "QUIT");
  arm_timeout (self, QUIT_GRACE_MS);
  vpop3_line_writer_drain_async (self->writer, NULL, on_quit_written, g_object_ref (self));
}

void
vpop3_connection_send_command_async (Vpop3Connection *self,
                                     const char *line,
                                     GCancellable *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  PendingCommand *command;

  g_return_if_fail (VPOP3_IS_CONNECTION (self));
  g_return_if_fail (line != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vpop3_connection_send_command_async);

  if (self->phase != PHASE_READY)
    {
      g_task_return_new_error (task, VPOP3_CLIENT_ERROR, VPOP3_CLIENT_ERROR_NOT_CONNECTED,
                               _ ("Not logged in to the VPOP3 server"));
      return;
    }

  command = g_new0 (PendingCommand, 1);
  command->task = g_steal_pointer (&task);
  command->timeout_ms = self->command_timeout_ms;
  if (self->command_timeout_ms > 0)
    command->deadline_id = g_timeout_add (self->command_timeout_ms, on_command_deadline, command);
  g_queue_push_tail (&self->pending, command);
  send_line (self, line);
}

char *
vpop3_connection_send_command_finish (Vpop3Connection *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
