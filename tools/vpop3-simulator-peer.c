/* vpop3-simulator-peer.c: one client connection of the simulator.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vpop3-simulator-peer.h"

#include <string.h>

#include "vpop3-line-buffer.h"
#include "vpop3-simulator-writer.h"
#include "vpop3-text.h"

#define READ_CHUNK 16384
/* How long a polite close waits for the client to read the last lines, and then to hang up. */
#define FLUSH_TIMEOUT_MS 5000
#define DRAIN_TIMEOUT_MS 2000

struct _Vpop3SimulatorPeer
{
  GObject parent_instance;

  GSocketConnection *connection;
  Vpop3SimulatorWriter *writer;
  GCancellable *cancellable;
  Vpop3LineBuffer *lines;
  char *address;
  char *challenge;
  char *user;
  Vpop3Permissions permissions;
  gboolean logged_in;
  gboolean silent;
  gboolean started;
  gboolean reading;
  char read_buffer[READ_CHUNK];

  guint drop_source;
  char *drop_partial;
  gboolean close_when_flushed; /* politely: FIN, then wait for the client's */
  gboolean abort_when_flushed; /* a dropped connection: just close */
  gboolean draining;
  guint linger_source;
  gboolean closed;

  gboolean cut_armed; /* a chaos test's cut: close after @cut_left more bytes */
  guint64 cut_left;
  guint cut_source;

  Vpop3SimulatorPeerRefill refill; /* more output, queued as the writer drains */
  gpointer refill_data;
  GDestroyNotify refill_destroy;
};

G_DEFINE_FINAL_TYPE (Vpop3SimulatorPeer, vpop3_simulator_peer, G_TYPE_OBJECT)

enum
{
  SIGNAL_LINE_RECEIVED,
  SIGNAL_LINE_TOO_LONG,
  SIGNAL_CLOSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void read_next (Vpop3SimulatorPeer *self);

static gboolean
linger_timeout_cb (gpointer user_data)
{
  Vpop3SimulatorPeer *self = user_data;

  self->linger_source = 0;
  g_debug ("%s: closing a connection that did not finish in time", self->address);
  vpop3_simulator_peer_close (self);
  return G_SOURCE_REMOVE;
}

static void
arm_linger (Vpop3SimulatorPeer *self, guint timeout_ms)
{
  g_clear_handle_id (&self->linger_source, g_source_remove);
  self->linger_source = g_timeout_add (timeout_ms, linger_timeout_cb, self);
}

/* After the last byte of a polite close: send FIN, then read until the
 * client hangs up. Closing with unread input would make the kernel send a
 * reset, which can destroy the reply the client has not read yet. */
static void
begin_drain (Vpop3SimulatorPeer *self)
{
  g_autoptr (GError) error = NULL;

  if (self->draining)
    return;
  self->draining = TRUE;
  if (!g_socket_shutdown (g_socket_connection_get_socket (self->connection), FALSE, TRUE, &error))
    {
      g_debug ("%s: %s", self->address, error->message);
      vpop3_simulator_peer_close (self);
      return;
    }
  arm_linger (self, DRAIN_TIMEOUT_MS);
  read_next (self);
}

static void
clear_refill (Vpop3SimulatorPeer *self)
{
  gpointer data = g_steal_pointer (&self->refill_data);
  GDestroyNotify destroy = g_steal_pointer (&self->refill_destroy);

  self->refill = NULL;
  if (destroy != NULL)
    destroy (data);
}

static void
run_refill (Vpop3SimulatorPeer *self)
{
  if (self->refill != NULL && !self->refill (self, self->refill_data))
    clear_refill (self);
}

static void
writer_drained_cb (Vpop3SimulatorWriter *writer, Vpop3SimulatorPeer *self)
{
  if (self->abort_when_flushed)
    vpop3_simulator_peer_close (self);
  else if (self->close_when_flushed)
    begin_drain (self);
  else
    run_refill (self);
}

static void
writer_failed_cb (Vpop3SimulatorWriter *writer, const char *reason, Vpop3SimulatorPeer *self)
{
  g_debug ("%s: write failed: %s", self->address, reason);
  vpop3_simulator_peer_close (self);
}

static void
process_input (Vpop3SimulatorPeer *self, gsize length)
{
  const char *line;
  gsize line_length;
  Vpop3LineResult result;

  vpop3_line_buffer_push (self->lines, self->read_buffer, length);
  while (!self->closed && !self->close_when_flushed && !self->abort_when_flushed &&
         (result = vpop3_line_buffer_next (self->lines, &line, &line_length)) != VPOP3_LINE_NONE)
    {
      if (result == VPOP3_LINE_OVERLONG)
        {
          g_signal_emit (self, signals[SIGNAL_LINE_TOO_LONG], 0);
        }
      else
        {
          g_autofree char *text = vpop3_text_decode (line, line_length);

          g_signal_emit (self, signals[SIGNAL_LINE_RECEIVED], 0, text);
        }
    }
}

static void
read_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (Vpop3SimulatorPeer) self = user_data;
  g_autoptr (GError) error = NULL;
  gssize length;

  length = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);
  self->reading = FALSE;
  if (self->closed)
    return;
  if (length <= 0)
    {
      if (length < 0)
        g_debug ("%s: read failed: %s", self->address, error->message);
      vpop3_simulator_peer_close (self);
      return;
    }

  /* Input after a goodbye, or while silent, is read only to be thrown away. */
  if (!self->silent && !self->draining)
    process_input (self, (gsize) length);
  read_next (self);
}

static void
read_next (Vpop3SimulatorPeer *self)
{
  GInputStream *stream;

  if (self->closed || self->reading || !self->started)
    return;
  stream = g_io_stream_get_input_stream (G_IO_STREAM (self->connection));
  self->reading = TRUE;
  g_input_stream_read_async (stream, self->read_buffer, sizeof self->read_buffer,
                             G_PRIORITY_DEFAULT, self->cancellable, read_cb, g_object_ref (self));
}

static void
vpop3_simulator_peer_dispose (GObject *object)
{
  Vpop3SimulatorPeer *self = VPOP3_SIMULATOR_PEER (object);

  g_clear_handle_id (&self->drop_source, g_source_remove);
  g_clear_handle_id (&self->linger_source, g_source_remove);
  g_clear_handle_id (&self->cut_source, g_source_remove);
  clear_refill (self);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->writer != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->writer, self);
      vpop3_simulator_writer_stop (self->writer);
    }
  g_clear_object (&self->writer);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->connection);

  G_OBJECT_CLASS (vpop3_simulator_peer_parent_class)->dispose (object);
}

static void
vpop3_simulator_peer_finalize (GObject *object)
{
  Vpop3SimulatorPeer *self = VPOP3_SIMULATOR_PEER (object);

  g_clear_pointer (&self->lines, vpop3_line_buffer_free);
  g_free (self->address);
  g_free (self->challenge);
  g_free (self->user);
  g_free (self->drop_partial);

  G_OBJECT_CLASS (vpop3_simulator_peer_parent_class)->finalize (object);
}

static void
vpop3_simulator_peer_class_init (Vpop3SimulatorPeerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vpop3_simulator_peer_dispose;
  object_class->finalize = vpop3_simulator_peer_finalize;

  signals[SIGNAL_LINE_RECEIVED] =
      g_signal_new ("line-received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 1, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[SIGNAL_LINE_TOO_LONG] =
      g_signal_new ("line-too-long", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_CLOSED] = g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
vpop3_simulator_peer_init (Vpop3SimulatorPeer *self)
{
  self->cancellable = g_cancellable_new ();
  self->lines = vpop3_line_buffer_new (VPOP3_LINE_MAX);
}

Vpop3SimulatorPeer *
vpop3_simulator_peer_new (GSocketConnection *connection, gsize max_queued)
{
  Vpop3SimulatorPeer *self;
  g_autoptr (GSocketAddress) remote = NULL;

  g_return_val_if_fail (G_IS_SOCKET_CONNECTION (connection), NULL);

  self = g_object_new (VPOP3_TYPE_SIMULATOR_PEER, NULL);
  self->connection = g_object_ref (connection);
  self->writer = vpop3_simulator_writer_new (
      g_io_stream_get_output_stream (G_IO_STREAM (connection)), max_queued);
  g_signal_connect (self->writer, "drained", G_CALLBACK (writer_drained_cb), self);
  g_signal_connect (self->writer, "failed", G_CALLBACK (writer_failed_cb), self);
  remote = g_socket_connection_get_remote_address (connection, NULL);
  self->address = remote != NULL ? g_socket_connectable_to_string (G_SOCKET_CONNECTABLE (remote))
                                 : g_strdup ("(unknown peer)");
  return self;
}

void
vpop3_simulator_peer_start (Vpop3SimulatorPeer *self, gboolean silent)
{
  g_return_if_fail (VPOP3_IS_SIMULATOR_PEER (self));

  self->silent = silent;
  self->started = TRUE;
  read_next (self);
}

const char *
vpop3_simulator_peer_get_address (Vpop3SimulatorPeer *self)
{
  g_return_val_if_fail (VPOP3_IS_SIMULATOR_PEER (self), NULL);
  return self->address;
}

const char *
vpop3_simulator_peer_get_challenge (Vpop3SimulatorPeer *self)
{
  g_return_val_if_fail (VPOP3_IS_SIMULATOR_PEER (self), NULL);
  return self->challenge;
}

void
vpop3_simulator_peer_set_challenge (Vpop3SimulatorPeer *self, const char *challenge)
{
  g_return_if_fail (VPOP3_IS_SIMULATOR_PEER (self));
  g_free (self->challenge);
  self->challenge = g_strdup (challenge);
}

gboolean
vpop3_simulator_peer_is_logged_in (Vpop3SimulatorPeer *self)
{
  g_return_val_if_fail (VPOP3_IS_SIMULATOR_PEER (self), FALSE);
  return self->logged_in && !self->closed;
}

const char *
vpop3_simulator_peer_get_user (Vpop3SimulatorPeer *self)
{
  g_return_val_if_fail (VPOP3_IS_SIMULATOR_PEER (self), NULL);
  return self->user;
}

Vpop3Permissions
vpop3_simulator_peer_get_permissions (Vpop3SimulatorPeer *self)
{
  g_return_val_if_fail (VPOP3_IS_SIMULATOR_PEER (self), VPOP3_PERMISSION_NONE);
  return self->permissions;
}

void
vpop3_simulator_peer_set_logged_in (Vpop3SimulatorPeer *self,
                                    const char *user,
                                    Vpop3Permissions permissions)
{
  g_return_if_fail (VPOP3_IS_SIMULATOR_PEER (self));
  g_return_if_fail (user != NULL);

  g_free (self->user);
  self->user = g_strdup (user);
  self->permissions = permissions;
  self->logged_in = TRUE;
}

gboolean
vpop3_simulator_peer_is_closed (Vpop3SimulatorPeer *self)
{
  g_return_val_if_fail (VPOP3_IS_SIMULATOR_PEER (self), TRUE);
  return self->closed;
}

static gboolean
cut_cb (gpointer user_data)
{
  Vpop3SimulatorPeer *self = user_data;

  self->cut_source = 0;
  vpop3_simulator_peer_close (self);
  return G_SOURCE_REMOVE;
}

/* Sends what fits before the cut, then closes once that is written. The
 * close is never immediate: callers go on using the peer after sending. */
static void
cut_now (Vpop3SimulatorPeer *self, const char *bytes, gsize length)
{
  self->cut_armed = FALSE;
  /* Past the writer's cap the piece is lost, which is a cut too. */
  if (length > 0)
    (void) vpop3_simulator_writer_write (self->writer, bytes, length);
  self->abort_when_flushed = TRUE;
  if (vpop3_simulator_writer_is_idle (self->writer) && self->cut_source == 0)
    self->cut_source = g_idle_add (cut_cb, self);
}

void
vpop3_simulator_peer_send_bytes (Vpop3SimulatorPeer *self, const char *bytes, gsize length)
{
  g_return_if_fail (VPOP3_IS_SIMULATOR_PEER (self));

  if (self->closed || self->close_when_flushed || self->abort_when_flushed)
    return;
  if (self->cut_armed && length > self->cut_left)
    {
      cut_now (self, bytes, (gsize) self->cut_left);
      return;
    }
  if (self->cut_armed)
    self->cut_left -= length;
  /* The memory bound: a client that stops reading does not get to hold the server's memory. */
  if (!vpop3_simulator_writer_write (self->writer, bytes, length))
    {
      g_message ("Dropping %s: too much output waits for a client that does not read",
                 self->address);
      vpop3_simulator_peer_close (self);
    }
}

void
vpop3_simulator_peer_send_line (Vpop3SimulatorPeer *self, const char *line)
{
  g_autofree char *with_end = NULL;

  g_return_if_fail (line != NULL);

  with_end = g_strconcat (line, "\r\n", NULL);
  vpop3_simulator_peer_send_bytes (self, with_end, strlen (with_end));
}

void
vpop3_simulator_peer_set_refill (Vpop3SimulatorPeer *self,
                                 Vpop3SimulatorPeerRefill refill,
                                 gpointer user_data,
                                 GDestroyNotify destroy)
{
  g_return_if_fail (VPOP3_IS_SIMULATOR_PEER (self));

  clear_refill (self);
  self->refill = refill;
  self->refill_data = user_data;
  self->refill_destroy = destroy;
  if (self->closed || self->close_when_flushed || self->abort_when_flushed)
    clear_refill (self);
  else
    run_refill (self);
}

void
vpop3_simulator_peer_hold_output (Vpop3SimulatorPeer *self)
{
  g_return_if_fail (VPOP3_IS_SIMULATOR_PEER (self));
  vpop3_simulator_writer_hold (self->writer);
}

void
vpop3_simulator_peer_release_output (Vpop3SimulatorPeer *self)
{
  g_return_if_fail (VPOP3_IS_SIMULATOR_PEER (self));
  vpop3_simulator_writer_release (self->writer);
}

void
vpop3_simulator_peer_set_drip (Vpop3SimulatorPeer *self, gboolean drip)
{
  g_return_if_fail (VPOP3_IS_SIMULATOR_PEER (self));
  vpop3_simulator_writer_set_drip (self->writer, drip);
}

void
vpop3_simulator_peer_start_endless (Vpop3SimulatorPeer *self, guint64 length)
{
  g_return_if_fail (VPOP3_IS_SIMULATOR_PEER (self));
  if (!self->closed)
    vpop3_simulator_writer_start_endless (self->writer, length);
}

static gboolean
drop_cb (gpointer user_data)
{
  Vpop3SimulatorPeer *self = user_data;
  g_autofree char *partial = g_steal_pointer (&self->drop_partial);

  self->drop_source = 0;
  if (partial == NULL || vpop3_simulator_writer_is_endless (self->writer))
    {
      vpop3_simulator_peer_close (self);
      return G_SOURCE_REMOVE;
    }

  /* Cut the connection in the middle of a line: the queued lines, a piece of one more, gone. */
  vpop3_simulator_peer_send_bytes (self, partial, strlen (partial));
  self->abort_when_flushed = TRUE;
  if (vpop3_simulator_writer_is_idle (self->writer))
    vpop3_simulator_peer_close (self);
  return G_SOURCE_REMOVE;
}

void
vpop3_simulator_peer_schedule_drop (Vpop3SimulatorPeer *self, guint delay_ms, const char *partial)
{
  g_return_if_fail (VPOP3_IS_SIMULATOR_PEER (self));

  if (self->closed)
    return;
  vpop3_simulator_peer_cancel_drop (self);
  self->drop_partial = g_strdup (partial);
  self->drop_source = g_timeout_add (delay_ms, drop_cb, self);
}

void
vpop3_simulator_peer_cancel_drop (Vpop3SimulatorPeer *self)
{
  g_return_if_fail (VPOP3_IS_SIMULATOR_PEER (self));

  g_clear_handle_id (&self->drop_source, g_source_remove);
  g_clear_pointer (&self->drop_partial, g_free);
}

void
vpop3_simulator_peer_cut_after (Vpop3SimulatorPeer *self, guint64 bytes)
{
  g_return_if_fail (VPOP3_IS_SIMULATOR_PEER (self));

  if (self->closed)
    return;
  self->cut_armed = TRUE;
  self->cut_left = bytes;
}

void
vpop3_simulator_peer_close_after_flush (Vpop3SimulatorPeer *self)
{
  g_return_if_fail (VPOP3_IS_SIMULATOR_PEER (self));

  if (self->closed || self->close_when_flushed || self->abort_when_flushed)
    return;
  self->close_when_flushed = TRUE;
  vpop3_simulator_peer_cancel_drop (self);
  /* A client that never reads must not keep a closing connection alive for ever. */
  arm_linger (self, FLUSH_TIMEOUT_MS);
  if (vpop3_simulator_writer_is_idle (self->writer))
    begin_drain (self);
}

void
vpop3_simulator_peer_close (Vpop3SimulatorPeer *self)
{
  g_autoptr (GError) error = NULL;

  g_return_if_fail (VPOP3_IS_SIMULATOR_PEER (self));

  if (self->closed)
    return;
  self->closed = TRUE;

  clear_refill (self);
  g_cancellable_cancel (self->cancellable);
  vpop3_simulator_writer_stop (self->writer);
  g_clear_handle_id (&self->drop_source, g_source_remove);
  g_clear_handle_id (&self->linger_source, g_source_remove);
  g_clear_handle_id (&self->cut_source, g_source_remove);

  /* The socket itself, not the GIOStream: the stream refuses to close while
   * the (just cancelled) read is still outstanding. */
  if (!g_socket_close (g_socket_connection_get_socket (self->connection), &error))
    g_debug ("%s: %s", self->address, error->message);

  g_object_ref (self);
  g_signal_emit (self, signals[SIGNAL_CLOSED], 0);
  g_object_unref (self);
}
