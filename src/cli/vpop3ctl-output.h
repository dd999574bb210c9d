/* vpop3ctl-output.h: what vpop3ctl prints, as JSON lines or as text for people.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "vpop3-status.h"
#include "vpop3ctl-check.h"
#include "vpop3-update.h"

G_BEGIN_DECLS

/* Events go to stdout: one JSON object per line with @json, else a line
 * stamped with the local time. */
void vpop3ctl_output_connected (gboolean json, const char *host, guint16 port);
void vpop3ctl_output_login (gboolean json, int build);
void vpop3ctl_output_update (gboolean json, const Vpop3Update *update);
void vpop3ctl_output_disconnected (gboolean json, const char *reason);
/* Text only: JSON has no event for it. */
void vpop3ctl_output_reconnect (gboolean json, guint delay_ms);
/* Always a message on stderr; with @json also an "error" event on stdout. */
void vpop3ctl_output_error (gboolean json, const GError *error);
/* A reply to a command: the event with @json, else the server's text on
 * stdout (ok) or a message on stderr (refused). */
void vpop3ctl_output_reply (gboolean json, const char *command, gboolean ok, const char *text);
/* The "status" snapshot: one JSON object, or an aligned block of text
 * (which also names the server). */
void vpop3ctl_output_status (
    gboolean json, Vpop3Status *status, const char *host, guint16 port, gboolean connected);

/* "survey": a table for people, or one JSON object. */
void vpop3ctl_output_survey (gboolean json, Vpop3Census *census, const char *host, guint16 port);
/* "metrics": the Prometheus text format; @status NULL writes vpop3_up 0 only. */
void vpop3ctl_output_metrics (Vpop3Status *status, const char *host, guint16 port);

/* "check": evaluates the state, prints the plugin line and returns the state. */
Vpop3ctlCheckState vpop3ctl_output_check (Vpop3Status *status,
                                          const Vpop3ctlCheckThresholds *thresholds);
/* A plugin line without performance data (a failure before any data). */
void vpop3ctl_output_check_line (Vpop3ctlCheckState state, const char *summary);

/* Makes g_print() and g_printerr() show control characters (a hostile
 * server's escape sequences) as \xNN instead of passing them to the terminal. */
void vpop3ctl_output_install_print_handlers (void);

/* "vpop3ctl: …" on stderr. */
void vpop3ctl_print_error (const char *format, ...) G_GNUC_PRINTF (1, 2);

G_END_DECLS
