/* vpop3-server.h: one monitored VPOP3 server — its settings, client, status,
 * password and conversations — without any user interface.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vpop3-client.h"
#include "vpop3-conversations.h"
#include "vpop3-status.h"

G_BEGIN_DECLS

/* Why the server cannot go on without the user (the "attention" signal). */
typedef enum /*< underscore_name=vpop3_server_need >*/
{
  /* Nothing to connect to, no stored password for the configured server, or
   * a refused login: Configure Status Monitor, with the reason if any. */
  VPOP3_SERVER_NEEDS_CONFIGURATION, /*< nick=configuration >*/
  /* A password for this run only: the keyring has none for a server given on
   * the command line, or the keyring cannot be read. */
  VPOP3_SERVER_NEEDS_PASSWORD, /*< nick=password >*/
} Vpop3ServerNeed;

#define VPOP3_TYPE_SERVER (vpop3_server_get_type ())
G_DECLARE_FINAL_TYPE (Vpop3Server, vpop3_server, VPOP3, SERVER, GObject)

/* The controller owns everything one server needs and tells, through
 * properties and signals, what windows, the tray and notifications show.
 * It never shows anything itself.
 *
 * Properties:
 *   id (string, construct-only)           the server's id: in the settings, or
 *                                         "runN" for one given for this run only
 *   settings (GSettings, construct-only)  an io.github.vpop3monitor.Vpop3Monitor.Server
 *                                         (name, host, port, user, auth-method,
 *                                         web addresses, enabled)
 *   backoff-initial-ms, backoff-max-ms    (guint, construct-only) reconnect
 *                                         delays; 0 keeps the client's default
 *   history-keeper (construct-only)       where conversations are kept on disk;
 *                                         NULL: in memory only
 *   client, status, conversations         (read-only) what windows bind to
 *   host                                  (read-only) the address in use
 *   name                                  (read-only) what menus and windows call it
 *   wanted                                (read-only) connected or trying since the
 *                                         user last connected it; FALSE once the user
 *                                         disconnected it (it no longer counts)
 *
 * Signals:
 *   attention (Vpop3ServerNeed need, const char *reason-or-NULL): the user must
 *     configure the server or give a password; never emitted twice for one
 *     refused login, which is never retried on its own (VPOP3 locks accounts). */

Vpop3Server *vpop3_server_new (GSettings *settings);

const char *vpop3_server_get_id (Vpop3Server *self);
GSettings *vpop3_server_get_settings (Vpop3Server *self);
/* The "name" setting, else the host with ":PORT" when the port is not 5109. */
char *vpop3_server_dup_name (Vpop3Server *self);
Vpop3Client *vpop3_server_get_client (Vpop3Server *self);
Vpop3Status *vpop3_server_get_status (Vpop3Server *self);
Vpop3Conversations *vpop3_server_get_conversations (Vpop3Server *self);
/* The message history its conversations are kept in, or NULL. */
Vpop3HistoryKeeper *vpop3_server_get_history_keeper (Vpop3Server *self);
/* The address in use: the override if any, else the setting. */
const char *vpop3_server_get_host (Vpop3Server *self);

/* A server and user for this run only (NULL / 0 keep the setting). Changing
 * them forgets the password in memory: it belongs to the old identity. */
void
vpop3_server_set_overrides (Vpop3Server *self, const char *host, guint16 port, const char *user);
gboolean vpop3_server_has_overrides (Vpop3Server *self);

/* The user name and whether there is a host and user to connect to. */
char *vpop3_server_dup_user (Vpop3Server *self);
gboolean vpop3_server_is_configured (Vpop3Server *self);

/* Connects: with the password in memory, else the keyring's, else asks
 * through "attention". While retrying, it tries again at once with a fresh
 * back-off. */
void vpop3_server_connect (Vpop3Server *self);
void vpop3_server_disconnect (Vpop3Server *self);
/* The "wanted" property. */
gboolean vpop3_server_get_wanted (Vpop3Server *self);
/* The settings or password changed: drop the connection and connect again. */
void vpop3_server_reconnect (Vpop3Server *self);

/* The password in use (memory only), or NULL. */
const char *vpop3_server_get_password (Vpop3Server *self);
/* A password the user typed for this run: kept in memory, then connects. */
void vpop3_server_use_password (Vpop3Server *self, const char *password);

/* Stores the password in the keyring under the configured host, port and
 * user, uses it, and reconnects. Finishes FALSE with the keyring's error when
 * it could only be kept in memory (still used until the monitor exits). */
void vpop3_server_save_password_async (Vpop3Server *self,
                                       const char *password,
                                       GCancellable *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer user_data);
gboolean
vpop3_server_save_password_finish (Vpop3Server *self, GAsyncResult *result, GError **error);

/* Forgets the password, in memory and in the keyring, then reconnects (which
 * asks for one): only once the keyring item is gone, so that no lookup can
 * find the old one. */
void vpop3_server_forget_password (Vpop3Server *self);

/* Sends an instant message to @to: it shows at once in its conversation, as
 * pending, and becomes accepted, refused (with the server's words) or not
 * sent (with why: not connected, the connection dropped…). Returns it (owned
 * by its conversation). */
Vpop3InstantMessage *
vpop3_server_send_message (Vpop3Server *self, const char *to, const char *text);
/* Sends a refused or unsent message again, in its place. */
void vpop3_server_resend_message (Vpop3Server *self, Vpop3InstantMessage *message);

G_END_DECLS
