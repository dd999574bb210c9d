/* vpop3ctl-json.h: vpop3ctl's JSON events and status snapshot.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "vpop3-status.h"
#include "vpop3-update.h"

G_BEGIN_DECLS

/* Each returns a new object node; the keys and types are vpop3ctl's
 * documented interface. Times are UTC ISO 8601 with "Z". */
JsonNode *vpop3ctl_json_connected (const char *host, guint16 port);
/* @build -1: not given ("build": null). */
JsonNode *vpop3ctl_json_login (int build);
/* NULL for a command reply (reported by vpop3ctl_json_reply instead). */
JsonNode *vpop3ctl_json_update (const Vpop3Update *update);
JsonNode *vpop3ctl_json_reply (const char *command, gboolean ok, const char *text);
JsonNode *vpop3ctl_json_disconnected (const char *reason);
/* "login", "network" or "protocol": the kind of failure the JSON reports. */
const char *vpop3ctl_error_kind (const GError *error);
JsonNode *vpop3ctl_json_error (const GError *error);
/* The snapshot that "status --json" prints; null for what never came. */
JsonNode *vpop3ctl_json_status (Vpop3Status *status, gboolean connected);

/* "survey --json": {"server": "HOST:PORT", "build": N|null, "types": [{"type",
 * "kind", "count", "invalid", "longest", "sample"}, …]}, types sorted. */
JsonNode *vpop3ctl_json_survey (Vpop3Census *census, const char *host, guint16 port);
/* "HOST:PORT", with an IPv6 address in brackets. */
char *vpop3ctl_format_server (const char *host, guint16 port);

/* One compact line of UTF-8, without the newline. */
char *vpop3ctl_json_to_line (JsonNode *node);

/* "2019-08-19T08:58:30Z"; NULL for NULL. */
char *vpop3ctl_json_format_time (GDateTime *time);

G_END_DECLS
