/* vpop3-simulator-push.h: shorthands for pushing common updates.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vpop3-simulator-server.h"

G_BEGIN_DECLS

void vpop3_simulator_push_text (Vpop3Simulator *sim, Vpop3UpdateType type, const char *text);
/* A log line stamped now. */
void vpop3_simulator_push_log (Vpop3Simulator *sim, const char *format, ...) G_GNUC_PRINTF (2, 3);
/* Out queue or inboxes; @held is capped at @total. */
void
vpop3_simulator_push_counts (Vpop3Simulator *sim, Vpop3UpdateType type, guint total, guint held);
void vpop3_simulator_push_progress (Vpop3Simulator *sim, int collect, int send, guint threads);
/* The next poll @seconds from now. */
void vpop3_simulator_push_next_poll (Vpop3Simulator *sim, double seconds);
/* A last poll that ended now. */
void vpop3_simulator_push_last_poll (Vpop3Simulator *sim, Vpop3PollResult result);

G_END_DECLS
