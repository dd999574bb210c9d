/* test-loop.h: running the main loop in tests, until something holds or for
 * a while. Shared by the client, chaos and window tests.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Runs the default main context until @condition (@data) holds or
 * @timeout_ms pass; returns whether it holds. */
gboolean test_loop_wait (gboolean (*condition) (gpointer data), gpointer data, guint timeout_ms);
/* Runs the default main context for @ms, whatever happens. */
void test_loop_run_for (guint ms);

G_END_DECLS
