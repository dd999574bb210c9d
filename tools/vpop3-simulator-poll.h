/* vpop3-simulator-poll.h: the busy server's connections to the Internet.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "vpop3-simulator-server.h"
#include "vpop3-simulator-state.h"

G_BEGIN_DECLS

#define VPOP3_TYPE_SIMULATOR_POLL (vpop3_simulator_poll_get_type ())
G_DECLARE_FINAL_TYPE (Vpop3SimulatorPoll, vpop3_simulator_poll, VPOP3, SIMULATOR_POLL, GObject)

/* Pushes to @simulator (unowned) and draws from @rand (borrowed: both belong
 * to the busy scenario, which outlives this object). A poll moves one step
 * per event: connect, collect message by message, send message by message,
 * disconnect. */
Vpop3SimulatorPoll *
vpop3_simulator_poll_new (Vpop3Simulator *simulator, Vpop3SimulatorState *state, GRand *rand);

/* Events per second, to turn the countdown into a next-poll time. */
void vpop3_simulator_poll_set_rate (Vpop3SimulatorPoll *self, double events_per_second);
gboolean vpop3_simulator_poll_is_running (Vpop3SimulatorPoll *self);
/* Starts a poll of @connection (NULL: the default), unless one is running. */
void vpop3_simulator_poll_start (Vpop3SimulatorPoll *self, const char *connection);
/* The next step of the running poll. */
void vpop3_simulator_poll_advance (Vpop3SimulatorPoll *self);
/* Ends the running poll at once. */
void vpop3_simulator_poll_finish (Vpop3SimulatorPoll *self);
/* Counts one event while idle; TRUE when the next poll is due. */
gboolean vpop3_simulator_poll_count_down (Vpop3SimulatorPoll *self);
/* Draws a new countdown; with @announce, pushes the next-poll time. */
void vpop3_simulator_poll_reschedule (Vpop3SimulatorPoll *self, gboolean announce);

G_END_DECLS
