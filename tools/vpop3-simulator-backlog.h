/* vpop3-simulator-backlog.h: a long activity-log backlog in the login burst
 * (--log-backlog), made and queued a chunk at a time.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "vpop3-simulator-peer.h"

G_BEGIN_DECLS

#define VPOP3_TYPE_SIMULATOR_BACKLOG (vpop3_simulator_backlog_get_type ())
G_DECLARE_FINAL_TYPE (
    Vpop3SimulatorBacklog, vpop3_simulator_backlog, VPOP3, SIMULATOR_BACKLOG, GObject)

/* @lines log lines, one second apart, the last a second before @end (UTC),
 * then @tail (formatted lines, without CR LF; may be NULL): the recent log
 * that the backlog comes before. */
Vpop3SimulatorBacklog *vpop3_simulator_backlog_new (guint lines, GDateTime *end, GPtrArray *tail);

/* Starts feeding @peer: the backlog is queued a chunk whenever the peer's
 * output drains. @peer keeps the backlog until it is done or closed. */
void vpop3_simulator_backlog_start (Vpop3SimulatorBacklog *self, Vpop3SimulatorPeer *peer);

/* The text of backlog line @index (0-based), the same for every run: tests
 * and the burst benchmark find the last one by it. */
char *vpop3_simulator_backlog_text (guint index);

G_END_DECLS
