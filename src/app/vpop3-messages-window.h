/* vpop3-messages-window.h: "Instant Messaging", one conversation per user.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vpop3-server.h"

G_BEGIN_DECLS

#define VPOP3_TYPE_MESSAGES_WINDOW (vpop3_messages_window_get_type ())
G_DECLARE_FINAL_TYPE (
    Vpop3MessagesWindow, vpop3_messages_window, VPOP3, MESSAGES_WINDOW, GtkApplicationWindow)

/* Shows @server's conversations; sends through @actions' "send-message"
 * (construct-only properties "server" and "actions"). */
Vpop3MessagesWindow *vpop3_messages_window_new (Vpop3Server *server, GActionGroup *actions);
/* Selects the conversation with @user, starting it when there is none. */
void vpop3_messages_window_select_user (Vpop3MessagesWindow *self, const char *user);

G_END_DECLS
