/* vpop3-client.h: a VPOP3 status client on GIO, with reconnects.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vpop3-client-error.h"
#include "vpop3-command.h"
#include "vpop3-login.h"
#include "vpop3-status.h"
#include "vpop3-update.h"

G_BEGIN_DECLS

#define VPOP3_DEFAULT_PORT 5109

typedef enum /*< underscore_name=vpop3_client_state >*/
{
  VPOP3_CLIENT_STATE_DISCONNECTED,  /*< nick=disconnected >*/
  VPOP3_CLIENT_STATE_CONNECTING,    /*< nick=connecting >*/
  VPOP3_CLIENT_STATE_LOGGING_IN,    /*< nick=logging-in >*/
  VPOP3_CLIENT_STATE_CONNECTED,     /*< nick=connected >*/
  VPOP3_CLIENT_STATE_LOGIN_REFUSED, /*< nick=login-refused >*/
} Vpop3ClientState;

#define VPOP3_TYPE_CLIENT (vpop3_client_get_type ())
G_DECLARE_FINAL_TYPE (Vpop3Client, vpop3_client, VPOP3, CLIENT, GObject)

/* Signals:
 *   "connected"            ()                     TCP connection made (before the greeting)
 *   "logged-in"            (int build)            login accepted; -1 when no build was given
 *   "update"               (Vpop3Update *update)  every pushed line after login, unknown ones too
 *   "error"                (GError *error)        each failure, once (VPOP3_CLIENT_ERROR)
 *   "disconnected"         (const char *reason)   a connection ended, for whatever reason
 *   "reconnect-scheduled"  (guint delay_ms)       the next attempt is due in delay_ms
 * Properties: "status" (construct-only), "state", "host", "port", "user",
 * "auth-method", "auto-reconnect", "reconnecting", "build". */

Vpop3Client *vpop3_client_new (Vpop3Status *status);

Vpop3Status *vpop3_client_get_status (Vpop3Client *self);
Vpop3ClientState vpop3_client_get_state (Vpop3Client *self);
/* The most recent error, or NULL once a login has succeeded since. */
const GError *vpop3_client_get_error (Vpop3Client *self);
int vpop3_client_get_build (Vpop3Client *self);
/* TRUE while a reconnect is scheduled or under way after a lost connection. */
gboolean vpop3_client_get_reconnecting (Vpop3Client *self);
/* Connecting, logging in, or waiting to retry: not connected, but working on it. */
gboolean vpop3_client_is_trying (Vpop3Client *self);
/* TRUE while the server is in the middle of sending a line. */
gboolean vpop3_client_is_mid_line (Vpop3Client *self);

void vpop3_client_set_server (Vpop3Client *self, const char *host, guint16 port);
const char *vpop3_client_get_host (Vpop3Client *self);
guint16 vpop3_client_get_port (Vpop3Client *self);

/* @secret is the password, or the WebAPI key for VPOP3_AUTH_APILOGIN. It is
 * kept in memory only, wiped when replaced, and never traced or logged. */
void vpop3_client_set_credentials (Vpop3Client *self,
                                   Vpop3AuthMethod method,
                                   const char *user,
                                   const char *secret);

/* Reconnect automatically after a lost connection or a failed attempt
 * (never after a refused login). Off by default. */
void vpop3_client_set_auto_reconnect (Vpop3Client *self, gboolean auto_reconnect);
void vpop3_client_set_timeouts (Vpop3Client *self, guint connect_ms, guint greeting_ms);
/* A command without a reply after @command_ms fails with TIMED_OUT; the
 * connection stays, and the late reply, if any, is dropped. Default 30 s;
 * 0 waits as long as the connection lasts. */
void vpop3_client_set_command_timeout (Vpop3Client *self, guint command_ms);
/* Defaults: 2 s growing to 5 min. Tests use shorter delays. */
void vpop3_client_set_backoff (Vpop3Client *self, guint initial_ms, guint max_ms);
/* Trace every line both ways, with timestamps and login secrets redacted.
 * NULL stops tracing. */
gboolean vpop3_client_set_trace_file (Vpop3Client *self, const char *path, GError **error);
/* Watch GNetworkMonitor and logind's PrepareForSleep to reconnect at once
 * when the network returns or the machine resumes. The applet turns it on. */
void vpop3_client_set_watch_system (Vpop3Client *self, gboolean watch);

/* Starts connecting now (cancelling any scheduled retry); clears a refused login. */
void vpop3_client_connect (Vpop3Client *self);
/* Says QUIT if logged in, closes, and stops reconnecting. */
void vpop3_client_disconnect (Vpop3Client *self);

/* Sends a command once logged in. The reply is matched in order, even with
 * pushed updates in between. Finishes with the server's text after "+OK",
 * or VPOP3_CLIENT_ERROR_COMMAND_REFUSED whose message is the server's text
 * after "-ERR". */
void vpop3_client_send_command_async (Vpop3Client *self,
                                      Vpop3CommandType type,
                                      const char *target,
                                      const char *text,
                                      GCancellable *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer user_data);
char *vpop3_client_send_command_finish (Vpop3Client *self, GAsyncResult *result, GError **error);

G_END_DECLS
