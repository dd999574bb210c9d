/* vpop3-simulator-writer.h: the bounded output queue of one simulator connection.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define VPOP3_TYPE_SIMULATOR_WRITER (vpop3_simulator_writer_get_type ())
G_DECLARE_FINAL_TYPE (
    Vpop3SimulatorWriter, vpop3_simulator_writer, VPOP3, SIMULATOR_WRITER, GObject)

/* Signals:
 *   "drained" ()                    everything queued has been written
 *   "failed"  (const char *reason)  a write failed; the writer has stopped */

Vpop3SimulatorWriter *vpop3_simulator_writer_new (GOutputStream *stream, gsize max_queued);

/* Queues @length bytes. FALSE, queuing nothing, when that would pass the cap. */
gboolean vpop3_simulator_writer_write (Vpop3SimulatorWriter *self, const char *bytes, gsize length);
/* TRUE when nothing waits and nothing is being written. */
gboolean vpop3_simulator_writer_is_idle (Vpop3SimulatorWriter *self);

/* Between hold and release (they nest), what is queued is not written: it
 * leaves in one write afterwards, as one send() of a real server would. */
void vpop3_simulator_writer_hold (Vpop3SimulatorWriter *self);
void vpop3_simulator_writer_release (Vpop3SimulatorWriter *self);

/* Writes every byte on its own with a few milliseconds between them. */
void vpop3_simulator_writer_set_drip (Vpop3SimulatorWriter *self, gboolean drip);
/* After what is queued, @length bytes of 'x' and no line end, made a chunk at
 * a time; later writes are discarded, so the line never ends. */
void vpop3_simulator_writer_start_endless (Vpop3SimulatorWriter *self, guint64 length);
gboolean vpop3_simulator_writer_is_endless (Vpop3SimulatorWriter *self);

/* Cancels the write under way and forgets everything queued. */
void vpop3_simulator_writer_stop (Vpop3SimulatorWriter *self);

G_END_DECLS
