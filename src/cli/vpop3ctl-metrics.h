/* vpop3ctl-metrics.h: "vpop3ctl metrics", the Prometheus text exposition
 * format for node_exporter's textfile collector.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "vpop3-status.h"

G_BEGIN_DECLS

/* The whole exposition, every family with its HELP and TYPE and every
 * series labelled server="@server". @status NULL: the service could not be
 * reached or refused the login, and only vpop3_up 0 is written. What the
 * server never sent is left out, not written as 0. */
char *vpop3ctl_metrics_format (Vpop3Status *status, const char *server);

/* A label value as the format wants it: \\, \" and \n escaped; any other
 * control character written as the text \xNN (a backslash escaped, so that
 * every parser reads it as those four characters). */
char *vpop3ctl_metrics_escape_label (const char *value);

G_END_DECLS
