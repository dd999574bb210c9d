/* vpop3-application.h: the tray applet's GtkApplication.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vpop3-server-list.h"

G_BEGIN_DECLS

#define VPOP3_TYPE_APPLICATION (vpop3_application_get_type ())
G_DECLARE_FINAL_TYPE (Vpop3Application, vpop3_application, VPOP3, APPLICATION, GtkApplication)

/* The command line, the actions, and presenting windows. Windows, the tray
 * and the notifier are given the Vpop3Server they show and never call back
 * into the application.
 *
 * Actions (all on the application, so also reachable with `gapplication action`):
 *
 *   app.help                           the help page in the browser
 *   app.quit                           Exit Status Monitor
 *
 * and, acting on one server, each twice: NAME on the first server, and
 * NAME-of with the server's id first — "s" alone, or "(sv)" with NAME's own
 * parameter as the variant:
 *
 *   app.webmail, app.admin             the webmail / admin pages in the browser
 *   app.messages                       the Instant Messaging window
 *   app.status                         the status window
 *   app.connect-now (s)                make VPOP3 start the named connection ("" = default)
 *   app.shutdown-server                ask, then shut the VPOP3 server down
 *   app.end-session (s)                end the session with that id (the Sessions tab asks)
 *   app.send-message (ss)              an instant message (user, text)
 *   app.connect, app.disconnect        the monitor's own connection
 *   app.preferences                    Configure Status Monitor
 *
 * NAME follows the first server's state and permissions (enabled only when
 * it can work); NAME-of is always enabled and the tray offers it by the
 * same rules. */

Vpop3Application *vpop3_application_new (void);

/* The servers monitored, and the first of them (once started). */
Vpop3ServerList *vpop3_application_get_servers (Vpop3Application *self);
Vpop3Server *vpop3_application_get_server (Vpop3Application *self);
/* The io.github.vpop3monitor.Vpop3Monitor settings (desktop-wide). */
GSettings *vpop3_application_get_settings (Vpop3Application *self);

G_END_DECLS
