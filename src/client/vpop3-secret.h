/* vpop3-secret.h: the password in the Secret Service (schema named after the app id).
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <libsecret/secret.h>

G_BEGIN_DECLS

/* Schema "io.github.vpop3monitor.Vpop3Monitor", attributes host (string),
 * port (integer), user (string). */
const SecretSchema *vpop3_secret_get_schema (void);

void vpop3_secret_lookup_async (const char *host,
                                guint16 port,
                                const char *user,
                                GCancellable *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer user_data);
/* NULL without error when no item is stored. Free with secret_password_free(). */
char *vpop3_secret_lookup_finish (GAsyncResult *result, GError **error);

void vpop3_secret_store_async (const char *host,
                               guint16 port,
                               const char *user,
                               const char *password,
                               GCancellable *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer user_data);
gboolean vpop3_secret_store_finish (GAsyncResult *result, GError **error);

void vpop3_secret_clear_async (const char *host,
                               guint16 port,
                               const char *user,
                               GCancellable *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer user_data);
gboolean vpop3_secret_clear_finish (GAsyncResult *result, GError **error);

/* Overwrites *@secret before freeing it, so that a password does not linger
 * in freed memory, and sets *@secret to NULL. */
void vpop3_secret_wipe (char **secret);

G_END_DECLS
