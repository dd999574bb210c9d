/* vpop3-status-window.h: "VPOP3 Status", the Server Status and Sessions tabs.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vpop3-application.h"

G_BEGIN_DECLS

#define VPOP3_TYPE_STATUS_WINDOW (vpop3_status_window_get_type ())
G_DECLARE_FINAL_TYPE (
    Vpop3StatusWindow, vpop3_status_window, VPOP3, STATUS_WINDOW, GtkApplicationWindow)

/* Follows @app's status and client until it is destroyed. */
Vpop3StatusWindow *vpop3_status_window_new (Vpop3Application *app);

G_END_DECLS
