/* vpop3-simulator-garbage.h: lines a broken server might send.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A line (with its CR LF) that a client must survive: an unknown type, a
 * known type with a bad payload, or random bytes that may be invalid UTF-8.
 * Never holds an LF before the end, and never starts with '+' or '-' (a
 * client would take it for the reply to a command). */
GBytes *vpop3_simulator_garbage_line (GRand *rand);

/* A random piece of a line, without its end, to cut a connection in the middle of. */
char *vpop3_simulator_garbage_partial_line (GRand *rand);

G_END_DECLS
