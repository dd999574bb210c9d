/* vpop3-diagnostics-dialog.h: Diagnostics, what one server has sent by kind
 * and type, and Save Protocol Trace….
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vpop3-server.h"

G_BEGIN_DECLS

#define VPOP3_TYPE_DIAGNOSTICS_DIALOG (vpop3_diagnostics_dialog_get_type ())
G_DECLARE_FINAL_TYPE (
    Vpop3DiagnosticsDialog, vpop3_diagnostics_dialog, VPOP3, DIAGNOSTICS_DIALOG, GtkDialog)

/* Shows @server's census (construct-only property "server") as it grows. */
Vpop3DiagnosticsDialog *vpop3_diagnostics_dialog_new (Vpop3Server *server);
Vpop3Server *vpop3_diagnostics_dialog_get_server (Vpop3DiagnosticsDialog *self);

G_END_DECLS
