/* vpop3-simulator-writer.c: the bounded output queue of one simulator connection.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vpop3-simulator-writer.h"

#include <string.h>

#define DRIP_INTERVAL_MS 2
#define ENDLESS_CHUNK    (64 * 1024)

struct _Vpop3SimulatorWriter
{
  GObject parent_instance;

  GOutputStream *stream;
  GCancellable *cancellable;
  /* Lines are appended to @tail and handed to the stream a whole batch at a
   * time as @head, so a long queue costs its bytes and no per-line overhead. */
  GBytes *head;
  gsize head_offset;
  GByteArray *tail;
  gsize queued;
  gsize max_queued;
  gboolean writing;
  gboolean stopped;
  guint holds; /* while > 0, output is queued but not written */
  gboolean drip;
  guint drip_source;
  gboolean endless;
  guint64 endless_left;
  GBytes *endless_chunk;
};

G_DEFINE_FINAL_TYPE (Vpop3SimulatorWriter, vpop3_simulator_writer, G_TYPE_OBJECT)

enum
{
  SIGNAL_DRAINED,
  SIGNAL_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void write_next (Vpop3SimulatorWriter *self);

static gboolean
drip_cb (gpointer user_data)
{
  Vpop3SimulatorWriter *self = user_data;

  self->drip_source = 0;
  write_next (self);
  return G_SOURCE_REMOVE;
}

static void
write_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (Vpop3SimulatorWriter) self = user_data;
  g_autoptr (GError) error = NULL;
  gssize written;

  written = g_output_stream_write_finish (G_OUTPUT_STREAM (source), result, &error);
  self->writing = FALSE;
  if (self->stopped)
    return;
  if (written < 0)
    {
      vpop3_simulator_writer_stop (self);
      g_signal_emit (self, signals[SIGNAL_FAILED], 0, error->message);
      return;
    }

  self->head_offset += (gsize) written;
  self->queued -= (gsize) written;
  if (self->head_offset >= g_bytes_get_size (self->head))
    {
      g_clear_pointer (&self->head, g_bytes_unref);
      self->head_offset = 0;
    }

  if (self->drip)
    self->drip_source = g_timeout_add (DRIP_INTERVAL_MS, drip_cb, self);
  else
    write_next (self);
}

static void
write_next (Vpop3SimulatorWriter *self)
{
  const char *data;
  gsize size;

  if (self->stopped || self->writing || self->drip_source != 0 || self->holds > 0)
    return;

  if (self->head == NULL && self->tail->len > 0)
    {
      self->head = g_byte_array_free_to_bytes (self->tail);
      self->tail = g_byte_array_new ();
    }
  /* The endless line is made a chunk at a time, so it never sits in memory whole. */
  else if (self->head == NULL && self->endless_left > 0)
    {
      gsize chunk = (gsize) MIN (self->endless_left, (guint64) ENDLESS_CHUNK);

      self->head = g_bytes_new_from_bytes (self->endless_chunk, 0, chunk);
      self->queued += chunk;
      self->endless_left -= chunk;
    }

  if (self->head == NULL)
    {
      g_signal_emit (self, signals[SIGNAL_DRAINED], 0);
      return;
    }

  data = g_bytes_get_data (self->head, &size);
  self->writing = TRUE;
  g_output_stream_write_async (self->stream, data + self->head_offset,
                               self->drip ? 1 : size - self->head_offset, G_PRIORITY_DEFAULT,
                               self->cancellable, write_cb, g_object_ref (self));
}

static void
vpop3_simulator_writer_dispose (GObject *object)
{
  Vpop3SimulatorWriter *self = VPOP3_SIMULATOR_WRITER (object);

  vpop3_simulator_writer_stop (self);
  g_clear_object (&self->stream);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->endless_chunk, g_bytes_unref);

  G_OBJECT_CLASS (vpop3_simulator_writer_parent_class)->dispose (object);
}

static void
vpop3_simulator_writer_finalize (GObject *object)
{
  Vpop3SimulatorWriter *self = VPOP3_SIMULATOR_WRITER (object);

  g_byte_array_unref (self->tail);

  G_OBJECT_CLASS (vpop3_simulator_writer_parent_class)->finalize (object);
}

static void
vpop3_simulator_writer_class_init (Vpop3SimulatorWriterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vpop3_simulator_writer_dispose;
  object_class->finalize = vpop3_simulator_writer_finalize;

  signals[SIGNAL_DRAINED] = g_signal_new ("drained", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_FAILED] =
      g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                    G_TYPE_NONE, 1, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
vpop3_simulator_writer_init (Vpop3SimulatorWriter *self)
{
  self->tail = g_byte_array_new ();
  self->cancellable = g_cancellable_new ();
}

Vpop3SimulatorWriter *
vpop3_simulator_writer_new (GOutputStream *stream, gsize max_queued)
{
  Vpop3SimulatorWriter *self;

  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), NULL);

  self = g_object_new (VPOP3_TYPE_SIMULATOR_WRITER, NULL);
  self->stream = g_object_ref (stream);
  self->max_queued = max_queued;
  return self;
}

gboolean
vpop3_simulator_writer_write (Vpop3SimulatorWriter *self, const char *bytes, gsize length)
{
  g_return_val_if_fail (VPOP3_IS_SIMULATOR_WRITER (self), FALSE);
  g_return_val_if_fail (bytes != NULL || length == 0, FALSE);

  if (self->stopped || self->endless || length == 0)
    return TRUE;
  if (self->queued + length > self->max_queued)
    return FALSE;

  g_byte_array_append (self->tail, (const guint8 *) bytes, (guint) length);
  self->queued += length;
  write_next (self);
  return TRUE;
}

gboolean
vpop3_simulator_writer_is_idle (Vpop3SimulatorWriter *self)
{
  g_return_val_if_fail (VPOP3_IS_SIMULATOR_WRITER (self), TRUE);
  return !self->writing && self->head == NULL && self->tail->len == 0 && self->endless_left == 0;
}

void
vpop3_simulator_writer_hold (Vpop3SimulatorWriter *self)
{
  g_return_if_fail (VPOP3_IS_SIMULATOR_WRITER (self));
  self->holds++;
}

void
vpop3_simulator_writer_release (Vpop3SimulatorWriter *self)
{
  g_return_if_fail (VPOP3_IS_SIMULATOR_WRITER (self));
  g_return_if_fail (self->holds > 0);

  if (--self->holds == 0)
    write_next (self);
}

void
vpop3_simulator_writer_set_drip (Vpop3SimulatorWriter *self, gboolean drip)
{
  g_return_if_fail (VPOP3_IS_SIMULATOR_WRITER (self));

  self->drip = drip;
  if (!drip && self->drip_source != 0)
    {
      g_clear_handle_id (&self->drip_source, g_source_remove);
      write_next (self);
    }
}

void
vpop3_simulator_writer_start_endless (Vpop3SimulatorWriter *self, guint64 length)
{
  char *chunk;

  g_return_if_fail (VPOP3_IS_SIMULATOR_WRITER (self));

  if (self->stopped || self->endless)
    return;
  chunk = g_malloc (ENDLESS_CHUNK);
  memset (chunk, 'x', ENDLESS_CHUNK);
  self->endless_chunk = g_bytes_new_take (chunk, ENDLESS_CHUNK);
  self->endless_left = length;
  self->endless = TRUE;
  write_next (self);
}

gboolean
vpop3_simulator_writer_is_endless (Vpop3SimulatorWriter *self)
{
  g_return_val_if_fail (VPOP3_IS_SIMULATOR_WRITER (self), FALSE);
  return self->endless;
}

void
vpop3_simulator_writer_stop (Vpop3SimulatorWriter *self)
{
  g_return_if_fail (VPOP3_IS_SIMULATOR_WRITER (self));

  self->stopped = TRUE;
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->drip_source, g_source_remove);
  g_clear_pointer (&self->head, g_bytes_unref);
  if (self->tail != NULL)
    g_byte_array_set_size (self->tail, 0);
  self->queued = 0;
  self->head_offset = 0;
  self->endless_left = 0;
}
