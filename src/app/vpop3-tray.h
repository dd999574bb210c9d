/* vpop3-tray.h: the postbox in the panel and its menu.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vpop3-server.h"

G_BEGIN_DECLS

#define VPOP3_TYPE_TRAY (vpop3_tray_get_type ())
G_DECLARE_FINAL_TYPE (Vpop3Tray, vpop3_tray, VPOP3, TRAY, GObject)

/* The postbox follows @servers (a GListModel of Vpop3Server): with one, the
 * original's menu; with several, one postbox for all and a submenu each. Its
 * menu's items activate "app.…" actions of @actions; @settings are the
 * desktop-wide settings (symbolic-icons). All three are construct-only
 * properties of the same names. */
Vpop3Tray *vpop3_tray_new (GListModel *servers, GSettings *settings, GActionGroup *actions);

G_END_DECLS
