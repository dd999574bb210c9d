/* vpop3-history-private.h: hooks for tests only (tests/core/test-history.c).
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vpop3-history.h"

G_BEGIN_DECLS

/* A job that waits on the worker until *@release becomes non-zero (set by the
 * test from its main loop) or 60 s pass; finish says whether it was released,
 * which proves the main loop ran while the worker was busy. */
void _vpop3_history_wait_for_testing_async (Vpop3History *self,
                                            gint *release,
                                            GAsyncReadyCallback callback,
                                            gpointer user_data);
gboolean
_vpop3_history_wait_for_testing_finish (Vpop3History *self, GAsyncResult *result, GError **error);

/* Runs @sql on the worker's connection (e.g. PRAGMA max_page_count to make
 * the disk "full"). */
void _vpop3_history_exec_for_testing_async (Vpop3History *self,
                                            const char *sql,
                                            GAsyncReadyCallback callback,
                                            gpointer user_data);
gboolean
_vpop3_history_exec_for_testing_finish (Vpop3History *self, GAsyncResult *result, GError **error);

G_END_DECLS
