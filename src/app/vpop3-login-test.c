/* vpop3-login-test.c: "Test Connection" in Configure Status Monitor.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vpop3-login-test.h"

#include <glib/gi18n.h>

#include "vpop3-client.h"

typedef struct
{
  GTask *task;
  Vpop3Status *status;
  Vpop3Client *client;
  GCancellable *cancellable; /* may be NULL */
  gulong cancelled_id;
  gboolean finished; /* the task has its result; release is scheduled */
} LoginTest;

/* Runs from an idle: the client is still inside its own signal emission
 * when the result is known. */
static gboolean
release (gpointer user_data)
{
  LoginTest *test = user_data;

  /* Not from the "cancelled" handler itself, which would deadlock. */
  g_cancellable_disconnect (test->cancellable, test->cancelled_id);
  g_clear_object (&test->cancellable);
  vpop3_client_disconnect (test->client);
  g_object_unref (test->client);
  g_object_unref (test->status);
  g_object_unref (test->task);
  g_free (test);
  return G_SOURCE_REMOVE;
}

static void
finish (LoginTest *test)
{
  test->finished = TRUE;
  g_signal_handlers_disconnect_by_data (test->client, test);
  g_idle_add (release, test);
}

static void
on_state_changed (Vpop3Client *client, GParamSpec *pspec, gpointer user_data)
{
  LoginTest *test = user_data;
  const GError *error = vpop3_client_get_error (client);

  switch (vpop3_client_get_state (client))
    {
    case VPOP3_CLIENT_STATE_CONNECTED:
      g_task_return_int (test->task, vpop3_client_get_build (client));
      break;
    case VPOP3_CLIENT_STATE_DISCONNECTED:
    case VPOP3_CLIENT_STATE_LOGIN_REFUSED:
      /* The client records the error before it changes state. */
      if (error != NULL)
        g_task_return_error (test->task, g_error_copy (error));
      else
        g_task_return_new_error (test->task, VPOP3_CLIENT_ERROR, VPOP3_CLIENT_ERROR_NETWORK,
                                 _ ("The server closed the connection"));
      break;
    case VPOP3_CLIENT_STATE_CONNECTING:
    case VPOP3_CLIENT_STATE_LOGGING_IN:
    default:
      return;
    }

  finish (test);
}

/* Cancel drops the attempt at once (closing the socket, even mid-login)
 * rather than waiting for its timeout. */
static void
on_cancelled (GCancellable *cancellable, gpointer user_data)
{
  LoginTest *test = user_data;

  if (test->finished)
    return;
  g_task_return_new_error (test->task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                           _ ("The connection test was cancelled"));
  finish (test);
}

void
vpop3_login_test_async (const char *host,
                        guint16 port,
                        Vpop3AuthMethod method,
                        const char *user,
                        const char *secret,
                        GCancellable *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer user_data)
{
  LoginTest *test;

  g_return_if_fail (host != NULL);
  g_return_if_fail (user != NULL);

  test = g_new0 (LoginTest, 1);
  test->task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (test->task, vpop3_login_test_async);
  test->status = vpop3_status_new ();
  test->client = vpop3_client_new (test->status);
  vpop3_client_set_auto_reconnect (test->client, FALSE);
  vpop3_client_set_timeouts (test->client, VPOP3_LOGIN_TEST_TIMEOUT_MS,
                             VPOP3_LOGIN_TEST_TIMEOUT_MS);
  vpop3_client_set_server (test->client, host, port);
  vpop3_client_set_credentials (test->client, method, user, secret);
  g_signal_connect (test->client, "notify::state", G_CALLBACK (on_state_changed), test);
  if (cancellable != NULL)
    {
      test->cancellable = g_object_ref (cancellable);
      /* Runs on_cancelled at once if it is cancelled already. */
      test->cancelled_id =
          g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled), test, NULL);
    }
  if (!test->finished)
    vpop3_client_connect (test->client);
}

gboolean
vpop3_login_test_finish (GAsyncResult *result, int *build, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  gssize value;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  value = g_task_propagate_int (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (build != NULL)
    *build = (int) value;
  return TRUE;
}
