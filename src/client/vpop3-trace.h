/* vpop3-trace.h: a file with every protocol line, both ways, timestamped.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define VPOP3_TYPE_TRACE (vpop3_trace_get_type ())
G_DECLARE_FINAL_TYPE (Vpop3Trace, vpop3_trace, VPOP3, TRACE, GObject)

/* Lines look like "2026-11-21T22:41:35.123456Z < 1Idle" (< received, > sent,
 * * a note of ours). Login lines are written with their secret redacted. */
Vpop3Trace *vpop3_trace_new_for_path (const char *path, GError **error);
void vpop3_trace_received (Vpop3Trace *self, const char *line);
void vpop3_trace_sent (Vpop3Trace *self, const char *line);
void vpop3_trace_note (Vpop3Trace *self, const char *text);

G_END_DECLS
