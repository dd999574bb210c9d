/* vpop3-client-error.c
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vpop3-client-error.h"

/* clang-format off */
G_DEFINE_QUARK (vpop3-client-error-quark, vpop3_client_error)
/* clang-format on */

gboolean
vpop3_client_error_is_final (const GError *error)
{
  return g_error_matches (error, VPOP3_CLIENT_ERROR, VPOP3_CLIENT_ERROR_LOGIN_REFUSED) ||
         g_error_matches (error, VPOP3_CLIENT_ERROR, VPOP3_CLIENT_ERROR_INVALID_ARGUMENT);
}
