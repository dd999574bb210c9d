/* vpop3ctl-exit.c: mapping client errors to exit codes.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "vpop3ctl-exit.h"

#include "vpop3-client.h"

gboolean
vpop3ctl_error_is_unreachable (const GError *error)
{
  return g_error_matches (error, VPOP3_CLIENT_ERROR, VPOP3_CLIENT_ERROR_NETWORK) ||
         g_error_matches (error, VPOP3_CLIENT_ERROR, VPOP3_CLIENT_ERROR_TIMED_OUT) ||
         g_error_matches (error, VPOP3_CLIENT_ERROR, VPOP3_CLIENT_ERROR_NOT_VPOP3) ||
         g_error_matches (error, VPOP3_CLIENT_ERROR, VPOP3_CLIENT_ERROR_ACCESS_DENIED);
}

Vpop3ctlExit
vpop3ctl_exit_for_error (const GError *error, gboolean logged_in)
{
  if (error == NULL)
    return VPOP3CTL_EXIT_OK;
  if (g_error_matches (error, VPOP3_CLIENT_ERROR, VPOP3_CLIENT_ERROR_LOGIN_REFUSED))
    return VPOP3CTL_EXIT_LOGIN_REFUSED;
  if (g_error_matches (error, VPOP3_CLIENT_ERROR, VPOP3_CLIENT_ERROR_COMMAND_REFUSED))
    return VPOP3CTL_EXIT_COMMAND_REFUSED;
  if (g_error_matches (error, VPOP3_CLIENT_ERROR, VPOP3_CLIENT_ERROR_INVALID_ARGUMENT))
    return VPOP3CTL_EXIT_USAGE;
  if (!logged_in && vpop3ctl_error_is_unreachable (error))
    return VPOP3CTL_EXIT_UNREACHABLE;
  return VPOP3CTL_EXIT_FAILURE;
}
