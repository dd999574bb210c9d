/* test-loop.h: running the main loop in tests, until something holds or for
 * a while, or for an asynchronous call's result. Shared by the suites' C
 * tests.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Runs the default main context until @condition (@data) holds or
 * @timeout_ms pass; returns whether it holds. */
gboolean test_loop_wait (gboolean (*condition) (gpointer data), gpointer data, guint timeout_ms);
/* Runs the default main context for @ms, whatever happens. */
void test_loop_run_for (guint ms);

/* A GAsyncReadyCallback that keeps a reference to the result in
 * @slot (a GAsyncResult **, empty until then: one call, one slot). */
void test_loop_store_result (GObject *source, GAsyncResult *result, gpointer slot);
/* Runs the default main context until @slot holds a result, failing the
 * test after @timeout_ms; returns it (@slot keeps the reference). */
GAsyncResult *test_loop_wait_result (GAsyncResult **slot, guint timeout_ms);

G_END_DECLS
