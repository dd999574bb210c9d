/* vpop3-status.h: everything the status service has told us, as properties.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vpop3-activity-log.h"
#include "vpop3-census.h"
#include "vpop3-mailbox.h"
#include "vpop3-session.h"
#include "vpop3-update.h"

G_BEGIN_DECLS

#define VPOP3_TYPE_STATUS (vpop3_status_get_type ())
G_DECLARE_FINAL_TYPE (Vpop3Status, vpop3_status, VPOP3, STATUS, GObject)

/* Properties (all notify; -1 or NULL means "never received"):
 *   "build" int, "connection-text" string, "out-queue-total" int, "out-queue-held" int,
 *   "inboxes-total" int, "inboxes-held" int, "has-next-poll" bool, "next-poll" GDateTime
 *   (NULL = none scheduled), "last-poll" GDateTime, "last-poll-result" Vpop3PollResult,
 *   "progress-collect" int, "progress-send" int (-1: not running), "progress-threads" int
 *   (-1 never received), "connections" GStrv, "housekeeper" string, "has-permissions" bool,
 *   "permissions" Vpop3Permissions, "unknown-count" uint, "mail-waiting" bool (inboxes > 0),
 *   "mail-to-send" bool (out queue > 0), "log-limit" uint,
 *   "has-mailboxes" bool (a "U" line has been received since the last reset).
 * Signals:
 *   "message" (GDateTime *time, const char *from, const char *text): an instant message. */

Vpop3Status *vpop3_status_new (void);

/* The one place where a pushed update changes the model. */
void vpop3_status_apply (Vpop3Status *self, const Vpop3Update *update);
/* Forgets everything (a new login brings a fresh burst). */
void vpop3_status_reset (Vpop3Status *self);
void vpop3_status_set_build (Vpop3Status *self, int build);

int vpop3_status_get_build (Vpop3Status *self);
const char *vpop3_status_get_connection_text (Vpop3Status *self);
gboolean vpop3_status_get_out_queue (Vpop3Status *self, guint *total, guint *held);
gboolean vpop3_status_get_inboxes (Vpop3Status *self, guint *total, guint *held);
/* FALSE when never received; *time NULL when the server said "none". */
gboolean vpop3_status_get_next_poll (Vpop3Status *self, GDateTime **time);
gboolean vpop3_status_get_last_poll (Vpop3Status *self, GDateTime **time, Vpop3PollResult *result);
gboolean vpop3_status_get_progress (Vpop3Status *self, int *collect, int *send, guint *threads);
/* NULL when never received; may be empty. */
const char *const *vpop3_status_get_connections (Vpop3Status *self);
const char *vpop3_status_get_housekeeper (Vpop3Status *self);
gboolean vpop3_status_get_permissions (Vpop3Status *self, Vpop3Permissions *permissions);
/* What the user may do: the "P" line when received, else only what the
 * data seen so far proves (and never connect or shut down). */
Vpop3Permissions vpop3_status_get_effective_permissions (Vpop3Status *self);
/* TRUE unless a "P" line was received that grants none of @any_of: without
 * one, an action may still work, and a refusal shows the server's text. */
gboolean vpop3_status_allows (Vpop3Status *self, Vpop3Permissions any_of);
/* A GListModel of Vpop3Mailbox (provisional type "U"), sorted by user
 * (vpop3_mailbox_compare_users()); empty mailboxes are not in it. A changed
 * count notifies the item and is also announced as items-changed (pos, 1, 1),
 * so that a view bound to the model alone follows it. */
GListModel *vpop3_status_get_mailboxes (Vpop3Status *self);
/* What the server sent, by type character. Unlike the rest of the model it
 * survives vpop3_status_reset(): it describes the server, across logins. */
Vpop3Census *vpop3_status_get_census (Vpop3Status *self);
/* A GListModel of Vpop3Session, in order of first appearance. */
GListModel *vpop3_status_get_sessions (Vpop3Status *self);
Vpop3ActivityLog *vpop3_status_get_log (Vpop3Status *self);
void vpop3_status_set_log_limit (Vpop3Status *self, guint limit);
guint vpop3_status_get_unknown_count (Vpop3Status *self);
/* The most recent unknown lines, oldest first (at most 100). */
GPtrArray *vpop3_status_dup_unknown_lines (Vpop3Status *self);

G_END_DECLS
