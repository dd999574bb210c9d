/* vpop3-simulator-state.h: what the simulated server currently reports.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "vpop3-update.h"

G_BEGIN_DECLS

/* The activity log replayed to a client that logs in. */
#define VPOP3_SIMULATOR_STATE_LOG_LINES 200

#define VPOP3_TYPE_SIMULATOR_STATE (vpop3_simulator_state_get_type ())
G_DECLARE_FINAL_TYPE (Vpop3SimulatorState, vpop3_simulator_state, VPOP3, SIMULATOR_STATE, GObject)

/* Starts as a believable, quiet office server. */
Vpop3SimulatorState *vpop3_simulator_state_new (void);

/* Records what @update says (logs, sessions, counts…). Messages,
 * permissions and unknown lines are not state and are ignored. */
void vpop3_simulator_state_apply (Vpop3SimulatorState *self, const Vpop3Update *update);

/* The updates that bring a fresh client up to date, in the order of the
 * burst: 1 2 3 4 5 U… (by user) 6 (only while a poll runs) 7 H 8… 0…. Session ages are
 * current. Without the "P" line, and not yet filtered by permissions. */
GPtrArray *vpop3_simulator_state_snapshot (Vpop3SimulatorState *self);

void vpop3_simulator_state_get_out_queue (Vpop3SimulatorState *self, guint *total, guint *held);
void vpop3_simulator_state_get_inboxes (Vpop3SimulatorState *self, guint *total, guint *held);
/* One user's mailbox ("U"); 0 and 0 when it is empty or unknown. */
void vpop3_simulator_state_get_mailbox (Vpop3SimulatorState *self,
                                        const char *user,
                                        guint *total,
                                        guint *held);
const char *const *vpop3_simulator_state_get_connections (Vpop3SimulatorState *self);
/* The configured spelling of @name (case-insensitive match), or of the
 * default connection (the first) when @name is NULL; NULL when unknown. */
const char *vpop3_simulator_state_find_connection (Vpop3SimulatorState *self, const char *name);
gboolean vpop3_simulator_state_is_polling (Vpop3SimulatorState *self);

guint vpop3_simulator_state_get_session_count (Vpop3SimulatorState *self);
/* A copy of the @index'th session with its current age. */
Vpop3Update *vpop3_simulator_state_dup_session (Vpop3SimulatorState *self, guint index);
gboolean vpop3_simulator_state_has_session (Vpop3SimulatorState *self, const char *id);

G_END_DECLS
