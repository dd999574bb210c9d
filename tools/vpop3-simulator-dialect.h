/* vpop3-simulator-dialect.h: how the simulated server writes the provisional
 * update types: our way, not at all, or in a shape other than ours.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vpop3-simulator-server.h"

G_BEGIN_DECLS

/* The line to send instead of @line (an update as vpop3_update_format()
 * wrote it), or NULL to send nothing. The documented types "0" and "1" and
 * lines that are not updates always pass unchanged. */
char *vpop3_simulator_dialect_rewrite (Vpop3SimulatorDialect dialect, const char *line);

G_END_DECLS
