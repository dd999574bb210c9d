/* vpop3-log-entry.h: one activity-log line.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define VPOP3_TYPE_LOG_ENTRY (vpop3_log_entry_get_type ())
G_DECLARE_FINAL_TYPE (Vpop3LogEntry, vpop3_log_entry, VPOP3, LOG_ENTRY, GObject)

Vpop3LogEntry *vpop3_log_entry_new (GDateTime *time, const char *text);
/* NULL when the server sent no time. */
GDateTime *vpop3_log_entry_get_time (Vpop3LogEntry *self);
const char *vpop3_log_entry_get_text (Vpop3LogEntry *self);

G_END_DECLS
