/* vpop3-trace.c
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "vpop3-trace.h"

#include "vpop3-line-writer.h"
#include "vpop3-login.h"

/* A trace may fall behind a fast burst; past this much it stops rather than
 * eat memory. */
#define TRACE_MAX_QUEUED (64 * 1024 * 1024)

struct _Vpop3Trace
{
  GObject parent_instance;

  Vpop3LineWriter *writer;
};

G_DEFINE_FINAL_TYPE (Vpop3Trace, vpop3_trace, G_TYPE_OBJECT)

static void
vpop3_trace_dispose (GObject *object)
{
  Vpop3Trace *self = VPOP3_TRACE (object);

  g_clear_object (&self->writer);

  G_OBJECT_CLASS (vpop3_trace_parent_class)->dispose (object);
}

static void
vpop3_trace_class_init (Vpop3TraceClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = vpop3_trace_dispose;
}

static void
vpop3_trace_init (Vpop3Trace *self)
{
}

Vpop3Trace *
vpop3_trace_new_for_path (const char *path, GError **error)
{
  g_autoptr (GFile) file = NULL;
  g_autoptr (GFileOutputStream) stream = NULL;
  Vpop3Trace *self;

  g_return_val_if_fail (path != NULL, NULL);

  file = g_file_new_for_commandline_arg (path);
  /* Private: a trace shows the server's users and sessions. */
  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_PRIVATE, NULL, error);
  if (stream == NULL)
    return NULL;

  self = g_object_new (VPOP3_TYPE_TRACE, NULL);
  self->writer = vpop3_line_writer_new (G_OUTPUT_STREAM (stream), TRACE_MAX_QUEUED, TRUE);
  return self;
}

static void
write_entry (Vpop3Trace *self, char direction, const char *text)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%fZ");
  g_autofree char *entry = g_strdup_printf ("%s %c %s", stamp, direction, text);

  vpop3_line_writer_write (self->writer, entry, FALSE);
}

void
vpop3_trace_received (Vpop3Trace *self, const char *line)
{
  g_return_if_fail (VPOP3_IS_TRACE (self));

  write_entry (self, '<', line);
}

void
vpop3_trace_sent (Vpop3Trace *self, const char *line)
{
  g_autofree char *redacted = NULL;

  g_return_if_fail (VPOP3_IS_TRACE (self));

  redacted = vpop3_login_line_redact (line);
  write_entry (self, '>', redacted);
}

void
vpop3_trace_note (Vpop3Trace *self, const char *text)
{
  g_return_if_fail (VPOP3_IS_TRACE (self));

  write_entry (self, '*', text);
}
