/* vpop3-browser.h: the web pages the menu opens.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VPOP3_WEB_PORT         5108
#define VPOP3_DEFAULT_HELP_URL "https://www.pscs.co.uk/helpdesk/vpop3help/VPOP3_Status_Monitor.htm"

/* The configured address, else http://<host>:5108/ (webmail) or
 * http://<host>:5108/admin/ (admin); IPv6 literals get brackets. */
char *vpop3_browser_webmail_url (GSettings *settings, const char *host);
char *vpop3_browser_admin_url (GSettings *settings, const char *host);
char *vpop3_browser_help_url (GSettings *settings);
/* Derived defaults alone (placeholders in the preferences dialog). */
char *vpop3_browser_default_webmail_url (const char *host);
char *vpop3_browser_default_admin_url (const char *host);

/* Opens @uri in the default browser (through the portal inside flatpak);
 * finishes with the error when no browser could be started. */
void vpop3_browser_open_async (GtkWindow *parent,
                               const char *uri,
                               GCancellable *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer user_data);
gboolean vpop3_browser_open_finish (GAsyncResult *result, GError **error);

G_END_DECLS
