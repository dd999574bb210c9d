/* vpop3-client-error.h: the errors of the status service client, shared by
 * Vpop3Connection (one connection) and Vpop3Client (connections over time).
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define VPOP3_CLIENT_ERROR (vpop3_client_error_quark ())
GQuark vpop3_client_error_quark (void);

typedef enum /*< underscore_name=vpop3_client_error >*/
{
  VPOP3_CLIENT_ERROR_LOGIN_REFUSED,    /* -ERR to the login: never retried automatically */
  VPOP3_CLIENT_ERROR_ACCESS_DENIED,    /* -ERR greeting (IP restriction) */
  VPOP3_CLIENT_ERROR_NOT_VPOP3,        /* the peer is not a VPOP3 status service */
  VPOP3_CLIENT_ERROR_TIMED_OUT,        /* connect, greeting or login reply took too long */
  VPOP3_CLIENT_ERROR_NETWORK,          /* could not connect, or the connection was lost */
  VPOP3_CLIENT_ERROR_PROTOCOL,         /* a line over the cap, a malformed login reply */
  VPOP3_CLIENT_ERROR_COMMAND_REFUSED,  /* -ERR to a command; the message is the server's text */
  VPOP3_CLIENT_ERROR_NOT_CONNECTED,    /* a command while not logged in, or lost before its reply */
  VPOP3_CLIENT_ERROR_INVALID_ARGUMENT, /* credentials or command arguments that cannot be sent */
} Vpop3ClientError;

/* TRUE for the errors after which the client never tries again on its own:
 * a refused login (VPOP3 counts them and may lock the account) and
 * credentials that cannot even be sent. */
gboolean vpop3_client_error_is_final (const GError *error);

G_END_DECLS
