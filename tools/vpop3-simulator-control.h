/* vpop3-simulator-control.h: drive the simulator with line commands (--control).
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vpop3-simulator-server.h"

G_BEGIN_DECLS

#define VPOP3_TYPE_SIMULATOR_CONTROL (vpop3_simulator_control_get_type ())
G_DECLARE_FINAL_TYPE (
    Vpop3SimulatorControl, vpop3_simulator_control, VPOP3, SIMULATOR_CONTROL, GObject)

/* Signals:
 *   "quit-requested" ()  after "quit" has been answered and the answer written */

/* Reads commands from @input, one a line, and answers each on @output with
 * "ok" or "error: <why>". At the end of @input it stops reading, nothing more. */
Vpop3SimulatorControl *
vpop3_simulator_control_new (Vpop3Simulator *simulator, GInputStream *input, GOutputStream *output);
void vpop3_simulator_control_start (Vpop3SimulatorControl *self);

G_END_DECLS
