/* vpop3-activity-log.h: a bounded ring of activity-log lines, as a GListModel.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vpop3-log-entry.h"

G_BEGIN_DECLS

#define VPOP3_ACTIVITY_LOG_DEFAULT_LIMIT 5000

#define VPOP3_TYPE_ACTIVITY_LOG (vpop3_activity_log_get_type ())
G_DECLARE_FINAL_TYPE (Vpop3ActivityLog, vpop3_activity_log, VPOP3, ACTIVITY_LOG, GObject)

/* A GListModel of Vpop3LogEntry, oldest first. When full, appending drops the oldest. */
Vpop3ActivityLog *vpop3_activity_log_new (guint limit);
void vpop3_activity_log_append (Vpop3ActivityLog *self, GDateTime *time, const char *text);
void vpop3_activity_log_clear (Vpop3ActivityLog *self);
/* While frozen (calls nest), appends are held back and the model does not
 * change; the last thaw shows them all with one removal at the front and one
 * addition at the end. Lines pushed out before that are never shown: a burst
 * of 100,000 lines costs observers one change, not 200,000. */
void vpop3_activity_log_freeze (Vpop3ActivityLog *self);
void vpop3_activity_log_thaw (Vpop3ActivityLog *self);
guint vpop3_activity_log_get_limit (Vpop3ActivityLog *self);
/* Drops the oldest lines when the new limit is smaller. */
void vpop3_activity_log_set_limit (Vpop3ActivityLog *self, guint limit);

G_END_DECLS
