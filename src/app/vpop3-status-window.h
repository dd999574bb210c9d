/* vpop3-status-window.h: "VPOP3 Status", the Server Status and Sessions tabs.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vpop3-server.h"

G_BEGIN_DECLS

#define VPOP3_TYPE_STATUS_WINDOW (vpop3_status_window_get_type ())
G_DECLARE_FINAL_TYPE (
    Vpop3StatusWindow, vpop3_status_window, VPOP3, STATUS_WINDOW, GtkApplicationWindow)

/* Follows @server's status and client until it is destroyed; @settings are
 * the desktop-wide settings (show-activity-log); its commands (Connect Now,
 * End Session) go to @actions' "connect-now-of"/"end-session-of" with the
 * server's id when it has them, else "connect-now"/"end-session". All three are construct-only properties of the same
 * names; the window's own "application" is set by whoever presents it. */
Vpop3StatusWindow *
vpop3_status_window_new (Vpop3Server *server, GSettings *settings, GActionGroup *actions);
/* With several servers: a switcher in the header bar shows each of @servers
 * (construct-only property "servers") with its state; it opens on @server. */
Vpop3StatusWindow *vpop3_status_window_new_for_servers (GListModel *servers,
                                                        Vpop3Server *server,
                                                        GSettings *settings,
                                                        GActionGroup *actions);
/* Shows @server (one of the servers), e.g. when its Status item is used. */
void vpop3_status_window_set_server (Vpop3StatusWindow *self, Vpop3Server *server);
Vpop3Server *vpop3_status_window_get_server (Vpop3StatusWindow *self);

G_END_DECLS
