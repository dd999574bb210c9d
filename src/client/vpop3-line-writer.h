/* vpop3-line-writer.h: writes queued lines to a stream, one async write at a time.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define VPOP3_TYPE_LINE_WRITER (vpop3_line_writer_get_type ())
G_DECLARE_FINAL_TYPE (Vpop3LineWriter, vpop3_line_writer, VPOP3, LINE_WRITER, GObject)

/* Signals: "failed" (GError *error): a write failed or the queue overflowed;
 * nothing more is written. */

/* @max_queued: bytes that may wait before the writer gives up (the peer is
 * not reading). */
Vpop3LineWriter *vpop3_line_writer_new (GOutputStream *stream, gsize max_queued);
/* Queues @line followed by CR LF (@crlf) or LF. */
void vpop3_line_writer_write (Vpop3LineWriter *self, const char *line, gboolean crlf);
/* The same for a line that holds a secret: the writer's copy is wiped once
 * written or dropped. */
void vpop3_line_writer_write_secret (Vpop3LineWriter *self, const char *line, gboolean crlf);
/* Completes once everything queued so far has been written (or failed). */
void vpop3_line_writer_drain_async (Vpop3LineWriter *self,
                                    GCancellable *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer user_data);
gboolean
vpop3_line_writer_drain_finish (Vpop3LineWriter *self, GAsyncResult *result, GError **error);
/* Stops writing; what is queued is dropped and the pending write cancelled. */
void vpop3_line_writer_abort (Vpop3LineWriter *self);

G_END_DECLS
