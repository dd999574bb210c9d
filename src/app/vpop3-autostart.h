/* vpop3-autostart.h: start at login — a desktop file in ~/.config/autostart,
 * or the Background portal inside flatpak.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* $XDG_CONFIG_HOME/autostart/<app id>.desktop */
char *vpop3_autostart_get_path (void);
gboolean vpop3_autostart_is_sandboxed (void);

void vpop3_autostart_set_enabled_async (gboolean enabled,
                                        GCancellable *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer user_data);
gboolean vpop3_autostart_set_enabled_finish (GAsyncResult *result, GError **error);

G_END_DECLS
