/* vpop3ctl-password.h: where vpop3ctl finds the password.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Looks in order: @password_file when not NULL ("-" is stdin; its first
 * line), else $VPOP3_PASSWORD, else the Secret Service item the applet
 * stores for @host, @port and @user (a missing bus or keyring just gives
 * nothing; the lookup gives up after @timeout_ms). */
void vpop3ctl_password_lookup_async (const char *password_file,
                                     const char *host,
                                     guint16 port,
                                     const char *user,
                                     guint timeout_ms,
                                     GCancellable *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer user_data);
/* The password (free with vpop3ctl_password_free), or NULL without error
 * when no source has one; then @keyring_problem, if not NULL, is set to why
 * the keyring could not be asked, or NULL. Errors: the password file cannot
 * be read (G_IO_ERROR…) or its first line is empty (G_OPTION_ERROR). */
char *
vpop3ctl_password_lookup_finish (GAsyncResult *result, char **keyring_problem, GError **error);

/* Overwrites the password before freeing it. */
void vpop3ctl_password_free (char *password);

G_END_DECLS
