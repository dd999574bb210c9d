/* vpop3-history-keeper.h: applies the history settings (keep-history,
 * history-retention) to one Vpop3History shared by every server, and says in
 * words what is wrong with it, if anything.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vpop3-history.h"

G_BEGIN_DECLS

#define VPOP3_TYPE_HISTORY_KEEPER (vpop3_history_keeper_get_type ())
G_DECLARE_FINAL_TYPE (Vpop3HistoryKeeper, vpop3_history_keeper, VPOP3, HISTORY_KEEPER, GObject)

/* Properties:
 *   settings (GSettings, construct-only)  the main schema: keep-history and
 *                                         history-retention
 *   history (Vpop3History, construct-only)
 *   available (boolean, read-only)        the store is open: messages are
 *                                         written and conversations loaded
 *   problem (string, read-only)           what went wrong with the store, for
 *                                         the user (a damaged file set aside, a
 *                                         store that cannot be opened, a message
 *                                         that could not be saved), or NULL
 *
 * Signals:
 *   cleared (const char *host-or-NULL, guint port, const char *user): history
 *     was deleted, of one server (host, port, user) or of all (host NULL).
 *
 * While keep-history is on, the store is opened at once, and again before the
 * next write when it could not be. Retention is applied when the store opens,
 * when the setting changes, and once a day. */
Vpop3HistoryKeeper *vpop3_history_keeper_new (GSettings *settings, Vpop3History *history);

Vpop3History *vpop3_history_keeper_get_history (Vpop3HistoryKeeper *self);
gboolean vpop3_history_keeper_get_available (Vpop3HistoryKeeper *self);
const char *vpop3_history_keeper_get_problem (Vpop3HistoryKeeper *self);
/* Whether new messages are to be written (keep-history is on). */
gboolean vpop3_history_keeper_get_enabled (Vpop3HistoryKeeper *self);

/* A write failed with @error: the problem says so; an unavailable store is
 * opened again before the next write. */
void vpop3_history_keeper_report_failure (Vpop3HistoryKeeper *self, const GError *error);
/* A write succeeded after a failure: the failure's problem is gone. */
void vpop3_history_keeper_report_success (Vpop3HistoryKeeper *self);
/* Opens the store again if it is wanted but not open (before a write). */
void vpop3_history_keeper_ensure_open (Vpop3HistoryKeeper *self);

/* A message is on its way to the store (hold), and whatever follows from its
 * write is queued (release): close_async waits for all of them. */
void vpop3_history_keeper_hold (Vpop3HistoryKeeper *self);
void vpop3_history_keeper_release (Vpop3HistoryKeeper *self);

/* Deletes the history of one server, or of all when @host is NULL, then
 * emits "cleared". */
void vpop3_history_keeper_clear_async (Vpop3HistoryKeeper *self,
                                       const char *host,
                                       guint16 port,
                                       const char *user,
                                       GCancellable *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer user_data);
gboolean
vpop3_history_keeper_clear_finish (Vpop3HistoryKeeper *self, GAsyncResult *result, GError **error);

/* At quit: waits for the writes queued or held so far and closes the store. */
void vpop3_history_keeper_close_async (Vpop3HistoryKeeper *self,
                                       GCancellable *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer user_data);
gboolean
vpop3_history_keeper_close_finish (Vpop3HistoryKeeper *self, GAsyncResult *result, GError **error);

G_END_DECLS
