/* vpop3-indicator.h: the one seam to libayatana-appindicator.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VPOP3_TYPE_INDICATOR (vpop3_indicator_get_type ())
G_DECLARE_FINAL_TYPE (Vpop3Indicator, vpop3_indicator, VPOP3, INDICATOR, GObject)

/* @icon_theme_path: an extra folder holding hicolor/… (the build tree's
 * data/icons when run uninstalled), or NULL. */
Vpop3Indicator *
vpop3_indicator_new (const char *id, const char *icon_name, const char *icon_theme_path);
void
vpop3_indicator_set_icon (Vpop3Indicator *self, const char *icon_name, const char *description);
/* AppIndicator has no tooltip: hosts show the title instead. */
void vpop3_indicator_set_title (Vpop3Indicator *self, const char *title);
void vpop3_indicator_set_menu (Vpop3Indicator *self, GtkMenu *menu);
/* The item a middle click (secondary activate) activates. */
void vpop3_indicator_set_secondary_target (Vpop3Indicator *self, GtkWidget *menu_item);

G_END_DECLS
