/* vpop3ctl-run.h: one run of vpop3ctl against a server, on the main loop.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "vpop3-command.h"
#include "vpop3-login.h"
#include "vpop3ctl-check.h"

G_BEGIN_DECLS

typedef enum
{
  VPOP3CTL_COMMAND_WATCH,
  VPOP3CTL_COMMAND_STATUS,
  VPOP3CTL_COMMAND_CHECK,
  VPOP3CTL_COMMAND_SEND, /* one server command: connect, shutdown, end-session, send-message */
  VPOP3CTL_COMMAND_SURVEY,
  VPOP3CTL_COMMAND_METRICS,
} Vpop3ctlCommand;

/* Validated options; the strings belong to the caller. */
typedef struct
{
  Vpop3ctlCommand command;
  const char *host;
  guint16 port;
  const char *user;
  Vpop3AuthMethod auth_method;
  const char *password_file; /* NULL: $VPOP3_PASSWORD, then the keyring */
  guint timeout_s;
  guint settle_ms;
  guint duration_s; /* survey */
  const char *trace_file;
  gboolean json;
  Vpop3ctlCheckThresholds thresholds;
  /* VPOP3CTL_COMMAND_SEND: */
  Vpop3CommandType server_command;
  const char *target;
  const char *text;
  const char *command_line; /* as sent, for the "reply" event */
} Vpop3ctlOptions;

/* Runs the command to its end and returns the exit code. */
int vpop3ctl_run (const Vpop3ctlOptions *options);

G_END_DECLS
