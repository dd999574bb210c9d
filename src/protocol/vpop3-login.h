/* vpop3-login.h: greeting, challenge and login lines of the status service.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum /*< underscore_name=vpop3_auth_method >*/
{
  VPOP3_AUTH_ALOGIN,   /*< nick=alogin >*/
  VPOP3_AUTH_LOGIN,    /*< nick=login >*/
  VPOP3_AUTH_APILOGIN, /*< nick=apilogin >*/
} Vpop3AuthMethod;

#define VPOP3_PROTOCOL_ERROR (vpop3_protocol_error_quark ())
GQuark vpop3_protocol_error_quark (void);

typedef enum /*< underscore_name=vpop3_protocol_error >*/
{
  VPOP3_PROTOCOL_ERROR_GREETING_REFUSED, /* "-ERR …" greeting: access not allowed */
  VPOP3_PROTOCOL_ERROR_NOT_VPOP3,        /* a greeting that is neither +OK nor -ERR */
  VPOP3_PROTOCOL_ERROR_NO_CHALLENGE,     /* a challenge login without a <challenge> */
  VPOP3_PROTOCOL_ERROR_INVALID_ARGUMENT, /* user or secret cannot go on a protocol line */
  VPOP3_PROTOCOL_ERROR_LOGIN_REFUSED,    /* "-ERR …" to a login */
  VPOP3_PROTOCOL_ERROR_BAD_REPLY,        /* a reply that is neither +OK nor -ERR */
} Vpop3ProtocolError;

typedef enum
{
  VPOP3_REPLY_NONE, /* not a status reply */
  VPOP3_REPLY_OK,   /* "+OK", alone or followed by a space and text */
  VPOP3_REPLY_ERR,  /* "-ERR", the same way */
} Vpop3ReplyStatus;

/* The one rule for every reply (greeting, login, commands): the status word
 * counts only when a space or the end of the line follows it, so "+OKAY" is
 * no "+OK". Sets @text to what follows the space (never NULL for a reply). */
Vpop3ReplyStatus vpop3_reply_status (const char *line, const char **text);

/* Parses the server's first line. On success returns TRUE and sets
 * @challenge to the text from '<' to '>' including both brackets, or NULL
 * when the greeting carries none. A "-ERR" greeting gives
 * GREETING_REFUSED with the server's text as message; anything else
 * NOT_VPOP3. */
gboolean vpop3_greeting_parse (const char *line, char **challenge, GError **error);

/* Upper-case hex of MD5 over UTF-16LE(secret ‖ challenge): the form the
 * vendor's worked example reproduces (see docs/protocol.md). */
char *vpop3_login_digest (const char *secret, const char *challenge);

/* The login line to send (no line ending). @challenge may be NULL for
 * VPOP3_AUTH_LOGIN. Fails with INVALID_ARGUMENT for a user with white space
 * or a user/secret with CR, LF or NUL, NO_CHALLENGE when a digest method
 * has no challenge. */
char *vpop3_login_line (Vpop3AuthMethod method,
                        const char *user,
                        const char *secret,
                        const char *challenge,
                        GError **error);

/* The same line with the secret or digest replaced by "<redacted>", for
 * traces and logs. Any line that is not a login line is returned unchanged. */
char *vpop3_login_line_redact (const char *line);

/* Parses the reply to a login. TRUE on "+OK"; @build is set from
 * "(Build NNNN)" or to -1 when absent. On "-ERR" fails with LOGIN_REFUSED
 * carrying the server's text, on anything else with BAD_REPLY. */
gboolean vpop3_login_reply_parse (const char *line, int *build, GError **error);

const char *vpop3_auth_method_to_string (Vpop3AuthMethod method);
gboolean vpop3_auth_method_from_string (const char *string, Vpop3AuthMethod *method);

G_END_DECLS
