/* vpop3-autostart.h: start at login — a desktop file in ~/.config/autostart,
 * or the Background portal inside flatpak.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define VPOP3_AUTOSTART_ERROR (vpop3_autostart_error_quark ())

typedef enum
{
  /* The user did not allow it in the Background portal's dialog. */
  VPOP3_AUTOSTART_ERROR_REFUSED,
} Vpop3AutostartError;

GQuark vpop3_autostart_error_quark (void);

/* $XDG_CONFIG_HOME/autostart/<app id>.desktop */
char *vpop3_autostart_get_path (void);
gboolean vpop3_autostart_is_sandboxed (void);
/* For tests only: take the flatpak branch (the Background portal on the
 * application's bus) or the desktop-file branch, wherever the process runs. */
void vpop3_autostart_set_sandboxed_for_testing (gboolean sandboxed);

void vpop3_autostart_set_enabled_async (gboolean enabled,
                                        GCancellable *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer user_data);
/* Inside flatpak, VPOP3_AUTOSTART_ERROR_REFUSED when starting at login was
 * asked for and the user did not allow it. */
gboolean vpop3_autostart_set_enabled_finish (GAsyncResult *result, GError **error);

G_END_DECLS
