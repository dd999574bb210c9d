/* vpop3-trace.c
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "vpop3-trace.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gunixoutputstream.h>
#include <glib/gstdio.h>
#include <string.h>

#include "vpop3-login.h"
#include "vpop3-text.h"

/* Each line is written at once, like a log on stderr: a trace is for the
 * moment something goes wrong, so it must not lose its last lines to a
 * crash or a kill, and a local file write does not stall the main loop. */
struct _Vpop3Trace
{
  GObject parent_instance;

  GOutputStream *stream;
  gboolean failed; /* stop after the first error (disk full…) rather than retry every line */
};

G_DEFINE_FINAL_TYPE (Vpop3Trace, vpop3_trace, G_TYPE_OBJECT)

static void
vpop3_trace_dispose (GObject *object)
{
  Vpop3Trace *self = VPOP3_TRACE (object);

  if (self->stream != NULL)
    g_output_stream_close (self->stream, NULL, NULL);
  g_clear_object (&self->stream);

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
  Vpop3Trace *self;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  /* Written in place (not via a temporary file) so that `tail -f` works
   * while tracing; private, since a trace shows users and sessions. */
  fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno), "%s: %s", path,
                   g_strerror (saved_errno));
      return NULL;
    }

  self = g_object_new (VPOP3_TYPE_TRACE, NULL);
  self->stream = g_unix_output_stream_new (fd, TRUE);
  return self;
}

static void
write_entry (Vpop3Trace *self, char direction, const char *text)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%fZ");
  g_autofree char *entry = g_strdup_printf ("%s %c %s\n", stamp, direction, text);
  g_autoptr (GError) error = NULL;

  if (self->failed)
    return;
  if (!g_output_stream_write_all (self->stream, entry, strlen (entry), NULL, NULL, &error))
    {
      g_warning ("Stopped writing the protocol trace: %s", error->message);
      self->failed = TRUE;
    }
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
  g_autofree char *shown = NULL;

  g_return_if_fail (VPOP3_IS_TRACE (self));

  /* A line sent back in Windows-1252 is traced as text, as received lines are. */
  redacted = vpop3_login_line_redact (line);
  shown = vpop3_text_decode (redacted, strlen (redacted));
  write_entry (self, '>', shown);
}

void
vpop3_trace_note (Vpop3Trace *self, const char *text)
{
  g_return_if_fail (VPOP3_IS_TRACE (self));

  write_entry (self, '*', text);
}
