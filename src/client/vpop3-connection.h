/* vpop3-connection.h: one TCP session with the status service, from connect
 * to close. Vpop3Client makes a new one for every attempt.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vpop3-command.h"
#include "vpop3-login.h"
#include "vpop3-trace.h"
#include "vpop3-update.h"

G_BEGIN_DECLS

#define VPOP3_TYPE_CONNECTION (vpop3_connection_get_type ())
G_DECLARE_FINAL_TYPE (Vpop3Connection, vpop3_connection, VPOP3, CONNECTION, GObject)

/* Signals, in the order they can come:
 *   "connected" ()                      the TCP connection is up; the greeting is awaited
 *   "logged-in" (int build)             the login was accepted
 *   "update" (Vpop3Update *)            each pushed line (unmatched replies come as unknown)
 *   "updates-begin" (), "updates-end" () around the updates taken in at one go (one slice
 *                                       of input); "updates-end" always comes, before "closed"
 *   "closed" (GError *error)            the end, exactly once; NULL after a close we asked for
 */

typedef struct
{
  const char *host;
  guint16 port;
  Vpop3AuthMethod method;
  const char *user;
  const char *secret;
  guint connect_timeout_ms;
  guint greeting_timeout_ms; /* for the greeting, and again for the login reply */
  guint command_timeout_ms;  /* a command's reply; 0: wait as long as the connection lasts */
  Vpop3Trace *trace;         /* may be NULL */
} Vpop3ConnectionOptions;

Vpop3Connection *vpop3_connection_new (const Vpop3ConnectionOptions *options);
void vpop3_connection_start (Vpop3Connection *self);
/* Speaks the protocol over @stream instead of connecting (tests, fuzzing). */
void vpop3_connection_start_with_stream (Vpop3Connection *self, GIOStream *stream);
gboolean vpop3_connection_is_logged_in (Vpop3Connection *self);
/* TRUE while part of a line has arrived and its end has not: the server is
 * still in the middle of saying something. */
gboolean vpop3_connection_is_mid_line (Vpop3Connection *self);
/* Says QUIT first when logged in (@polite), then closes; "closed" follows with NULL. */
void vpop3_connection_close (Vpop3Connection *self, gboolean polite);

void vpop3_connection_send_command_async (Vpop3Connection *self,
                                          const char *line,
                                          GCancellable *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer user_data);
char *
vpop3_connection_send_command_finish (Vpop3Connection *self, GAsyncResult *result, GError **error);

G_END_DECLS
