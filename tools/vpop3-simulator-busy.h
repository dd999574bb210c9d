/* vpop3-simulator-busy.h: the busy scenario, a server with lots going on.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "vpop3-simulator-server.h"
#include "vpop3-simulator-state.h"

G_BEGIN_DECLS

#define VPOP3_TYPE_SIMULATOR_BUSY (vpop3_simulator_busy_get_type ())
G_DECLARE_FINAL_TYPE (Vpop3SimulatorBusy, vpop3_simulator_busy, VPOP3, SIMULATOR_BUSY, GObject)

/* Drives @simulator (not referenced: the simulator owns this object) through
 * vpop3_simulator_push(), reading the counts back from @state. */
Vpop3SimulatorBusy *vpop3_simulator_busy_new (Vpop3Simulator *simulator,
                                              Vpop3SimulatorState *state);

/* Restarts the pseudo-random sequence: the same seed gives the same events. */
void vpop3_simulator_busy_set_seed (Vpop3SimulatorBusy *self, guint32 seed);
void vpop3_simulator_busy_set_rate (Vpop3SimulatorBusy *self, double events_per_second);
/* The timer runs only while running: the scenario is busy and someone watches. */
void vpop3_simulator_busy_set_running (Vpop3SimulatorBusy *self, gboolean running);
/* Ends a poll that is under way at once, so that the state left behind is at rest. */
void vpop3_simulator_busy_settle (Vpop3SimulatorBusy *self);

/* Gives the first users a few messages each, when they have none: the
 * busy office's "U" lines start from something. */
void vpop3_simulator_busy_stock_mailboxes (Vpop3SimulatorBusy *self);

/* CONNECT: start polling @connection now (ignored while a poll runs). */
void vpop3_simulator_busy_start_poll (Vpop3SimulatorBusy *self, const char *connection);
/* An instant message to a simulated user: @to answers @from after a moment. */
void
vpop3_simulator_busy_answer_message (Vpop3SimulatorBusy *self, const char *from, const char *to);

G_END_DECLS
