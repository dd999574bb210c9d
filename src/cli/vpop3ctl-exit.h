/* vpop3ctl-exit.h: vpop3ctl's exit codes, which scripts rely on.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Every command but "check" (which follows the monitoring-plugin convention). */
typedef enum
{
  VPOP3CTL_EXIT_OK = 0,
  VPOP3CTL_EXIT_FAILURE = 1,         /* anything not listed below */
  VPOP3CTL_EXIT_USAGE = 2,           /* bad option, unknown command, missing argument */
  VPOP3CTL_EXIT_LOGIN_REFUSED = 3,   /* the server answered the login with -ERR */
  VPOP3CTL_EXIT_UNREACHABLE = 4,     /* no VPOP3 status service reachable */
  VPOP3CTL_EXIT_COMMAND_REFUSED = 5, /* the server answered the command with -ERR */
} Vpop3ctlExit;

/* The exit code for an error from Vpop3Client. @logged_in tells whether the
 * login had succeeded: a connection lost after it is an "other failure",
 * not an unreachable service. */
Vpop3ctlExit vpop3ctl_exit_for_error (const GError *error, gboolean logged_in);

/* TRUE for the errors that mean "no VPOP3 status service reachable". */
gboolean vpop3ctl_error_is_unreachable (const GError *error);

G_END_DECLS
