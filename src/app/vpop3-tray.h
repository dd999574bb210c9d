/* vpop3-tray.h: the postbox in the panel and its menu.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vpop3-application.h"

G_BEGIN_DECLS

#define VPOP3_TYPE_TRAY (vpop3_tray_get_type ())
G_DECLARE_FINAL_TYPE (Vpop3Tray, vpop3_tray, VPOP3, TRAY, GObject)

Vpop3Tray *vpop3_tray_new (Vpop3Application *application);
/* The current icon name (for tests and the status window). */
const char *vpop3_tray_get_icon_name (Vpop3Tray *self);

G_END_DECLS
