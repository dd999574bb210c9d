/* vpop3-secret.c
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vpop3-secret.h"

#include <glib/gi18n-lib.h>
#include <string.h>

void
vpop3_secret_wipe (char **secret)
{
  g_return_if_fail (secret != NULL);

  if (*secret == NULL)
    return;
  /* explicit_bzero: a memset() right before free() may be optimised away. */
  explicit_bzero (*secret, strlen (*secret));
  g_clear_pointer (secret, g_free);
}

const SecretSchema *
vpop3_secret_get_schema (void)
{
  static const SecretSchema schema = {
    APP_ID,
    SECRET_SCHEMA_NONE,
    {
        { "host", SECRET_SCHEMA_ATTRIBUTE_STRING },
        { "port", SECRET_SCHEMA_ATTRIBUTE_INTEGER },
        { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
        { NULL, 0 },
    },
  };

  return &schema;
}

void
vpop3_secret_lookup_async (const char *host,
                           guint16 port,
                           const char *user,
                           GCancellable *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer user_data)
{
  secret_password_lookup (vpop3_secret_get_schema (), cancellable, callback, user_data, "host",
                          host, "port", (int) port, "user", user, NULL);
}

char *
vpop3_secret_lookup_finish (GAsyncResult *result, GError **error)
{
  return secret_password_lookup_finish (result, error);
}

void
vpop3_secret_store_async (const char *host,
                          guint16 port,
                          const char *user,
                          const char *password,
                          GCancellable *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer user_data)
{
  g_autofree char *label = g_strdup_printf (_ ("VPOP3 password for %s on %s"), user, host);

  secret_password_store (vpop3_secret_get_schema (), SECRET_COLLECTION_DEFAULT, label, password,
                         cancellable, callback, user_data, "host", host, "port", (int) port, "user",
                         user, NULL);
}

gboolean
vpop3_secret_store_finish (GAsyncResult *result, GError **error)
{
  return secret_password_store_finish (result, error);
}

void
vpop3_secret_clear_async (const char *host,
                          guint16 port,
                          const char *user,
                          GCancellable *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer user_data)
{
  secret_password_clear (vpop3_secret_get_schema (), cancellable, callback, user_data, "host", host,
                         "port", (int) port, "user", user, NULL);
}

gboolean
vpop3_secret_clear_finish (GAsyncResult *result, GError **error)
{
  return secret_password_clear_finish (result, error);
}
