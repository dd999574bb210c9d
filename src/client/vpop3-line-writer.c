/* vpop3-line-writer.c
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vpop3-line-writer.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vpop3-secret.h"

struct _Vpop3LineWriter
{
  GObject parent_instance;

  GOutputStream *stream;
  GQueue queue; /* GBytes waiting, the one being written first */
  gsize queued; /* bytes in @queue */
  gsize max_queued;
  gboolean writing;
  GError *error; /* set once writing has failed or been aborted */
  GCancellable *cancellable;
  GQueue drains; /* GTasks waiting for the queue to empty */
};

G_DEFINE_FINAL_TYPE (Vpop3LineWriter, vpop3_line_writer, G_TYPE_OBJECT)

enum
{
  SIGNAL_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void write_next (Vpop3LineWriter *self);

static void
complete_drains (Vpop3LineWriter *self)
{
  GTask *task;

  while ((task = g_queue_pop_head (&self->drains)) != NULL)
    {
      if (self->error != NULL)
        g_task_return_error (task, g_error_copy (self->error));
      else
        g_task_return_boolean (task, TRUE);
      g_object_unref (task);
    }
}

static void
clear_queue (Vpop3LineWriter *self)
{
  g_queue_clear_full (&self->queue, (GDestroyNotify) g_bytes_unref);
  self->queued = 0;
}

static void
fail (Vpop3LineWriter *self, GError *error)
{
  if (self->error != NULL)
    {
      g_error_free (error);
      return;
    }

  /* Handlers of "failed" may drop the last reference to us. */
  g_object_ref (self);
  self->error = error;
  clear_queue (self);
  g_signal_emit (self, signals[SIGNAL_FAILED], 0, self->error);
  complete_drains (self);
  g_object_unref (self);
}

static void
on_write_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (Vpop3LineWriter) self = user_data;
  g_autoptr (GError) error = NULL;
  GBytes *written;

  self->writing = FALSE;
  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error))
    {
      fail (self, g_steal_pointer (&error));
      return;
    }
  if (self->error != NULL)
    return;

  written = g_queue_pop_head (&self->queue);
  self->queued -= g_bytes_get_size (written);
  g_bytes_unref (written);
  write_next (self);
}

static void
write_next (Vpop3LineWriter *self)
{
  GBytes *next;
  gsize size;
  gconstpointer data;

  if (self->writing || self->error != NULL)
    return;

  next = g_queue_peek_head (&self->queue);
  if (next == NULL)
    {
      complete_drains (self);
      return;
    }

  data = g_bytes_get_data (next, &size);
  self->writing = TRUE;
  g_output_stream_write_all_async (self->stream, data, size, G_PRIORITY_DEFAULT, self->cancellable,
                                   on_write_done, g_object_ref (self));
}

static void
vpop3_line_writer_dispose (GObject *object)
{
  Vpop3LineWriter *self = VPOP3_LINE_WRITER (object);

  g_cancellable_cancel (self->cancellable);
  clear_queue (self);
  complete_drains (self);
  g_clear_object (&self->stream);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (vpop3_line_writer_parent_class)->dispose (object);
}

static void
vpop3_line_writer_finalize (GObject *object)
{
  Vpop3LineWriter *self = VPOP3_LINE_WRITER (object);

  g_clear_error (&self->error);

  G_OBJECT_CLASS (vpop3_line_writer_parent_class)->finalize (object);
}

static void
vpop3_line_writer_class_init (Vpop3LineWriterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vpop3_line_writer_dispose;
  object_class->finalize = vpop3_line_writer_finalize;

  signals[SIGNAL_FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
vpop3_line_writer_init (Vpop3LineWriter *self)
{
  g_queue_init (&self->queue);
  g_queue_init (&self->drains);
  self->cancellable = g_cancellable_new ();
}

Vpop3LineWriter *
vpop3_line_writer_new (GOutputStream *stream, gsize max_queued)
{
  Vpop3LineWriter *self;

  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), NULL);

  self = g_object_new (VPOP3_TYPE_LINE_WRITER, NULL);
  self->stream = g_object_ref (stream);
  self->max_queued = max_queued;
  return self;
}

/* A secret line's copy is wiped before its memory goes back to the heap. */
static void
wipe_and_free (gpointer data)
{
  char *secret = data;

  vpop3_secret_wipe (&secret);
}

static void
write_line (Vpop3LineWriter *self, const char *line, gboolean crlf, gboolean secret)
{
  gsize length;
  char *data;

  if (self->error != NULL)
    return;

  length = strlen (line);
  if (self->queued + length + 2 > self->max_queued)
    {
      fail (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                                       _ ("The peer is not reading what is sent")));
      return;
    }

  /* One byte more than is sent: the NUL lets the wipe find the end. */
  data = g_malloc (length + 3);
  memcpy (data, line, length);
  if (crlf)
    data[length++] = '\r';
  data[length++] = '\n';
  data[length] = '\0';
  g_queue_push_tail (&self->queue, g_bytes_new_with_free_func (
                                       data, length, secret ? wipe_and_free : g_free, data));
  self->queued += length;
  write_next (self);
}

void
vpop3_line_writer_write (Vpop3LineWriter *self, const char *line, gboolean crlf)
{
  g_return_if_fail (VPOP3_IS_LINE_WRITER (self));
  g_return_if_fail (line != NULL);

  write_line (self, line, crlf, FALSE);
}

void
vpop3_line_writer_write_secret (Vpop3LineWriter *self, const char *line, gboolean crlf)
{
  g_return_if_fail (VPOP3_IS_LINE_WRITER (self));
  g_return_if_fail (line != NULL);

  write_line (self, line, crlf, TRUE);
}

void
vpop3_line_writer_drain_async (Vpop3LineWriter *self,
                               GCancellable *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer user_data)
{
  GTask *task;

  g_return_if_fail (VPOP3_IS_LINE_WRITER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vpop3_line_writer_drain_async);
  g_queue_push_tail (&self->drains, task);
  if (!self->writing)
    write_next (self);
  if (self->error != NULL)
    complete_drains (self);
}

gboolean
vpop3_line_writer_drain_finish (Vpop3LineWriter *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
vpop3_line_writer_abort (Vpop3LineWriter *self)
{
  g_return_if_fail (VPOP3_IS_LINE_WRITER (self));

  g_cancellable_cancel (self->cancellable);
  fail (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _ ("Writing was stopped")));
}
