/* vpop3-login-test.h: log in once with values that are not saved yet.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vpop3-login.h"

G_BEGIN_DECLS

/* How long the connection and the greeting may each take. */
#define VPOP3_LOGIN_TEST_TIMEOUT_MS 10000

/* Connects with a short-lived client of its own (no reconnects, so a wrong
 * password is tried exactly once), logs in, says QUIT and closes. */
void vpop3_login_test_async (const char *host,
                             guint16 port,
                             Vpop3AuthMethod method,
                             const char *user,
                             const char *secret,
                             GCancellable *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer user_data);
/* TRUE when the login was accepted; @build is the server's build, or -1
 * when it gave none. Errors are VPOP3_CLIENT_ERROR. */
gboolean vpop3_login_test_finish (GAsyncResult *result, int *build, GError **error);

G_END_DECLS
