/* test-server.c: the per-server controller without any window or tray: its
 * password flow (keyring, prompt, store, forget), the one-login rule after a
 * refusal, overrides for this run, and the back-off given at construction.
 * Against the simulator in process; the keyring is the session's (the test
 * script starts an unlocked gnome-keyring), each test under its own user.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>

#include "test-loop.h"
#include "vpop3-secret.h"
#include "vpop3-server-list.h"
#include "vpop3-simulator-server.h"

/* A safety net for what must happen, never a measure of speed. */
#define WAIT_MS 30000

typedef struct
{
  Vpop3Simulator *sim;
  GSettings *settings;
  Vpop3Server *server;
  char *user; /* unique per test: the keyring is shared with parallel tests */
  guint attentions;
  Vpop3ServerNeed last_need;
  char *last_reason;
} Fixture;

static void
on_attention (Vpop3Server *server, Vpop3ServerNeed need, const char *reason, gpointer user_data)
{
  Fixture *f = user_data;

  f->attentions++;
  f->last_need = need;
  g_free (f->last_reason);
  f->last_reason = g_strdup (reason);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  static guint serial;

  f->user = g_strdup_printf ("core%u_%u", (guint) getpid (), ++serial);
  f->sim = vpop3_simulator_new ();
  vpop3_simulator_add_user (f->sim, f->user, "right horse", VPOP3_PERMISSION_ALL);
  g_assert_true (vpop3_simulator_listen (f->sim, "127.0.0.1", 0, &error));
  g_assert_no_error (error);

  f->settings = g_settings_new_with_path (VPOP3_SERVER_SCHEMA_ID,
                                          "/io/github/vpop3monitor/Vpop3Monitor/servers/test/");
  g_settings_set_string (f->settings, "host", "127.0.0.1");
  g_settings_set (f->settings, "port", "q", vpop3_simulator_get_port (f->sim));
  g_settings_set_string (f->settings, "user", f->user);
  f->server = g_object_new (VPOP3_TYPE_SERVER, "settings", f->settings, "backoff-initial-ms", 40,
                            "backoff-max-ms", 80, NULL);
  g_signal_connect (f->server, "attention", G_CALLBACK (on_attention), f);
}

static void
clear_keyring (Fixture *f)
{
  g_autoptr (GError) error = NULL;

  secret_password_clear_sync (vpop3_secret_get_schema (), NULL, &error, "host", "127.0.0.1", "port",
                              (int) vpop3_simulator_get_port (f->sim), "user", f->user, NULL);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  clear_keyring (f);
  g_clear_object (&f->server);
  g_clear_object (&f->settings);
  vpop3_simulator_stop (f->sim);
  g_clear_object (&f->sim);
  g_free (f->last_reason);
  g_free (f->user);
  g_settings_sync ();
}

static gboolean
is_connected (gpointer data)
{
  Fixture *f = data;

  return vpop3_client_get_state (vpop3_server_get_client (f->server)) ==
         VPOP3_CLIENT_STATE_CONNECTED;
}

static gboolean
has_attention (gpointer data)
{
  return ((Fixture *) data)->attentions > 0;
}

static void
store_in_keyring (Fixture *f, const char *password)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (secret_password_store_sync (
      vpop3_secret_get_schema (), SECRET_COLLECTION_DEFAULT, "vpop3-monitor test", password, NULL,
      &error, "host", "127.0.0.1", "port", (int) vpop3_simulator_get_port (f->sim), "user", f->user,
      NULL));
  g_assert_no_error (error);
}

static char *
lookup_keyring (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  char *password = secret_password_lookup_sync (
      vpop3_secret_get_schema (), NULL, &error, "host", "127.0.0.1", "port",
      (int) vpop3_simulator_get_port (f->sim), "user", f->user, NULL);

  g_assert_no_error (error);
  return password;
}

/* Nothing to connect to: Configure Status Monitor, and no connection. */
static void
test_unconfigured (Fixture *f, gconstpointer data)
{
  g_settings_set_string (f->settings, "host", "");
  vpop3_server_connect (f->server);
  g_assert_cmpuint (f->attentions, ==, 1);
  g_assert_cmpint (f->last_need, ==, VPOP3_SERVER_NEEDS_CONFIGURATION);
  g_assert_null (f->last_reason);
  g_assert_cmpuint (vpop3_simulator_get_connections_accepted (f->sim), ==, 0);
}

/* The keyring's password is used; none stored asks for the configuration. */
static void
test_keyring_password (Fixture *f, gconstpointer data)
{
  vpop3_server_connect (f->server);
  g_assert_true (test_loop_wait (has_attention, f, WAIT_MS));
  g_assert_cmpint (f->last_need, ==, VPOP3_SERVER_NEEDS_CONFIGURATION);
  g_assert_nonnull (f->last_reason);
  g_assert_cmpuint (vpop3_simulator_get_connections_accepted (f->sim), ==, 0);

  store_in_keyring (f, "right horse");
  f->attentions = 0;
  vpop3_server_connect (f->server);
  g_assert_true (test_loop_wait (is_connected, f, WAIT_MS));
  g_assert_cmpstr (vpop3_server_get_password (f->server), ==, "right horse");
  g_assert_cmpuint (f->attentions, ==, 0);
  g_assert_cmpuint (vpop3_simulator_get_login_attempts (f->sim), ==, 1);
}

/* A server named on the command line, without a stored password: a prompt
 * for this run, whose answer connects. */
static void
test_override_prompts (Fixture *f, gconstpointer data)
{
  g_settings_set_string (f->settings, "host", "192.0.2.1");
  vpop3_server_set_overrides (f->server, "127.0.0.1", vpop3_simulator_get_port (f->sim), NULL);
  g_assert_true (vpop3_server_has_overrides (f->server));
  vpop3_server_connect (f->server);
  g_assert_true (test_loop_wait (has_attention, f, WAIT_MS));
  g_assert_cmpint (f->last_need, ==, VPOP3_SERVER_NEEDS_PASSWORD);
  g_assert_cmpstr (vpop3_server_get_host (f->server), ==, "127.0.0.1");

  vpop3_server_use_password (f->server, "right horse");
  g_assert_true (test_loop_wait (is_connected, f, WAIT_MS));

  /* Another server: the password in memory belongs to the old one. */
  vpop3_server_set_overrides (f->server, "localhost", 0, NULL);
  g_assert_null (vpop3_server_get_password (f->server));
}

/* A refused login is reported once and never retried on its own. */
static void
test_refusal_not_retried (Fixture *f, gconstpointer data)
{
  vpop3_server_use_password (f->server, "wrong horse");
  g_assert_true (test_loop_wait (has_attention, f, WAIT_MS));
  g_assert_cmpint (f->last_need, ==, VPOP3_SERVER_NEEDS_CONFIGURATION);
  g_assert_nonnull (f->last_reason);
  /* Many times the back-off the server was given (at most 80 ms): a retry
   * would have come. */
  test_loop_run_for (80 * 10);
  g_assert_cmpuint (vpop3_simulator_get_login_attempts (f->sim), ==, 1);
  g_assert_cmpuint (f->attentions, ==, 1);
  g_assert_cmpint (vpop3_client_get_state (vpop3_server_get_client (f->server)), ==,
                   VPOP3_CLIENT_STATE_LOGIN_REFUSED);
}

static void
on_reconnect_scheduled (Vpop3Client *client, guint delay_ms, gpointer user_data)
{
  guint *longest = user_data;

  *longest = MAX (*longest, delay_ms);
}

static gboolean
scheduled (gpointer data)
{
  return *(guint *) data > 0;
}

/* The back-off comes from the construction, not the environment. */
static void
test_backoff_given (Fixture *f, gconstpointer data)
{
  guint longest = 0;

  vpop3_server_use_password (f->server, "right horse");
  g_assert_true (test_loop_wait (is_connected, f, WAIT_MS));
  g_signal_connect (vpop3_server_get_client (f->server), "reconnect-scheduled",
                    G_CALLBACK (on_reconnect_scheduled), &longest);
  vpop3_simulator_drop_all (f->sim);
  g_assert_true (test_loop_wait (scheduled, &longest, WAIT_MS));
  g_assert_cmpuint (longest, <=, 80);
  g_assert_true (test_loop_wait (is_connected, f, WAIT_MS));
}

typedef struct
{
  gboolean done;
  gboolean stored;
  GError *error;
} SaveResult;

static void
on_saved (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SaveResult *save = user_data;

  save->stored = vpop3_server_save_password_finish (VPOP3_SERVER (source), result, &save->error);
  save->done = TRUE;
}

static gboolean
save_done (gpointer data)
{
  return ((SaveResult *) data)->done;
}

static gboolean
keyring_empty (gpointer data)
{
  g_autofree char *password = lookup_keyring (data);

  return password == NULL;
}

/* Save stores in the keyring and connects with it; forgetting removes it and
 * asks again. */
static void
test_save_and_forget (Fixture *f, gconstpointer data)
{
  SaveResult save = { 0 };
  g_autofree char *stored = NULL;

  vpop3_server_save_password_async (f->server, "right horse", NULL, on_saved, &save);
  g_assert_true (test_loop_wait (save_done, &save, WAIT_MS));
  g_assert_no_error (save.error);
  g_assert_true (save.stored);
  stored = lookup_keyring (f);
  g_assert_cmpstr (stored, ==, "right horse");
  g_assert_true (test_loop_wait (is_connected, f, WAIT_MS));

  vpop3_server_forget_password (f->server);
  g_assert_null (vpop3_server_get_password (f->server));
  g_assert_true (test_loop_wait (keyring_empty, f, WAIT_MS));
  g_assert_true (test_loop_wait (has_attention, f, WAIT_MS));
  g_assert_cmpint (f->last_need, ==, VPOP3_SERVER_NEEDS_CONFIGURATION);
  g_assert_false (is_connected (f));
}

int
main (int argc, char **argv)
{
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/server/unconfigured", test_unconfigured);
  ADD ("/server/keyring-password", test_keyring_password);
  ADD ("/server/override-prompts", test_override_prompts);
  ADD ("/server/refusal-not-retried", test_refusal_not_retried);
  ADD ("/server/backoff-given", test_backoff_given);
  ADD ("/server/save-and-forget", test_save_and_forget);
#undef ADD
  return g_test_run ();
}
