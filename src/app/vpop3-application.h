/* vpop3-application.h: the tray applet's GtkApplication.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vpop3-client.h"
#include "vpop3-conversations.h"
#include "vpop3-status.h"

G_BEGIN_DECLS

#define VPOP3_TYPE_APPLICATION (vpop3_application_get_type ())
G_DECLARE_FINAL_TYPE (Vpop3Application, vpop3_application, VPOP3, APPLICATION, GtkApplication)

/* Actions (all on the application, so also reachable with `gapplication action`):
 *   app.help, app.webmail, app.admin        open the help / webmail / admin pages in the browser
 *   app.messages                            the Instant Messaging window
 *   app.status                              the status window
 *   app.connect-now (s)                     make VPOP3 start the named connection ("" = default)
 *   app.shutdown-server                     ask, then shut the VPOP3 server down
 *   app.end-session (s)                     end the session with that id (the Sessions tab asks
 * first) app.send-message (ss)                   an instant message (user, text) app.connect,
 * app.disconnect             the monitor's own connection app.preferences Configure Status Monitor
 *   app.quit                                Exit Status Monitor
 * Each action is enabled only when it can work (state and permissions). */

Vpop3Application *vpop3_application_new (void);

Vpop3Client *vpop3_application_get_client (Vpop3Application *self);
Vpop3Status *vpop3_application_get_status (Vpop3Application *self);
/* Instant-message history, kept while the messages window is closed. */
Vpop3Conversations *vpop3_application_get_conversations (Vpop3Application *self);
/* The io.github.vpop3monitor.Vpop3Monitor settings. */
GSettings *vpop3_application_get_settings (Vpop3Application *self);
/* The server address in use: --host if given, else the setting. */
const char *vpop3_application_get_host (Vpop3Application *self);

/* Called by the preferences dialog when the user saves a new password (it
 * is already in the keyring, or kept in memory when there is none) or
 * changes server settings: reconnect with them. */
void vpop3_application_credentials_changed (Vpop3Application *self);
/* The password currently in use (from the keyring or the prompt), or NULL. */
const char *vpop3_application_get_password (Vpop3Application *self);
void vpop3_application_set_password (Vpop3Application *self, const char *password);

G_END_DECLS
