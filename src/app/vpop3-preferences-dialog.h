/* vpop3-preferences-dialog.h: "Configure Status Monitor".
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vpop3-server-list.h"

G_BEGIN_DECLS

#define VPOP3_TYPE_PREFERENCES_DIALOG (vpop3_preferences_dialog_get_type ())
G_DECLARE_FINAL_TYPE (
    Vpop3PreferencesDialog, vpop3_preferences_dialog, VPOP3, PREFERENCES_DIALOG, GtkDialog)

/* Edits @server's settings, applied on Save, and its password; the switches
 * of @settings (desktop-wide) apply at once. Construct-only properties
 * "server" and "settings". */
Vpop3PreferencesDialog *vpop3_preferences_dialog_new (Vpop3Server *server, GSettings *settings);
/* With @servers: Add and Remove, and with two or more a switcher choosing the
 * server the Server page edits (construct-only property "servers"). */
Vpop3PreferencesDialog *vpop3_preferences_dialog_new_for_servers (Vpop3ServerList *servers,
                                                                  Vpop3Server *server,
                                                                  GSettings *settings);
/* The Server page edits @server from now on; FALSE, changing nothing, while
 * the one shown has unsaved changes. */
gboolean vpop3_preferences_dialog_set_server (Vpop3PreferencesDialog *self, Vpop3Server *server);
Vpop3Server *vpop3_preferences_dialog_get_server (Vpop3PreferencesDialog *self);
/* An error banner at the top, e.g. the server's text when a login was refused. */
void vpop3_preferences_dialog_show_error (Vpop3PreferencesDialog *self, const char *message);

G_END_DECLS
