/* vpop3-password-dialog.h: asks for the password when the keyring cannot
 * give it (no Secret Service, or a locked keyring), saying why.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VPOP3_TYPE_PASSWORD_DIALOG (vpop3_password_dialog_get_type ())
G_DECLARE_FINAL_TYPE (Vpop3PasswordDialog, vpop3_password_dialog, VPOP3, PASSWORD_DIALOG, GtkDialog)

/* Signal "password-entered" (const char *password): the password, or NULL
 * when the user cancelled or closed the dialog. Emitted once; the handler
 * usually destroys the dialog. @parent may be NULL (the tray has no window). */
Vpop3PasswordDialog *vpop3_password_dialog_new (GtkWindow *parent,
                                                const char *host,
                                                const char *user,
                                                const char *reason);

G_END_DECLS
