/* test-app-units.c: the applet's pieces that need no window: icon names,
 * the summary line, web addresses, autostart and the keyring round trip.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "vpop3-autostart.h"
#include "vpop3-browser.h"
#include "vpop3-login-test.h"
#include "vpop3-secret.h"
#include "vpop3-tray-icon.h"
#include "test-loop.h"

/* A safety net against hanging, never a measure of speed. */
#define WAIT_MS 60000

static void
assert_icon (Vpop3ClientState state,
             gboolean waiting,
             gboolean to_send,
             gboolean symbolic,
             const char *expected)
{
  g_autofree char *name = vpop3_tray_icon_name (state, waiting, to_send, symbolic);

  g_assert_cmpstr (name, ==, expected);
}

static void
test_icon_names (void)
{
  assert_icon (VPOP3_CLIENT_STATE_CONNECTED, FALSE, FALSE, FALSE, APP_ID "-idle");
  assert_icon (VPOP3_CLIENT_STATE_CONNECTED, TRUE, FALSE, FALSE, APP_ID "-fat");
  assert_icon (VPOP3_CLIENT_STATE_CONNECTED, FALSE, TRUE, FALSE, APP_ID "-letter");
  assert_icon (VPOP3_CLIENT_STATE_CONNECTED, TRUE, TRUE, FALSE, APP_ID "-fat-letter");
  assert_icon (VPOP3_CLIENT_STATE_CONNECTED, TRUE, TRUE, TRUE, APP_ID "-fat-letter-symbolic");
  /* Not connected: the cross, whatever the last counts were. */
  assert_icon (VPOP3_CLIENT_STATE_DISCONNECTED, TRUE, TRUE, FALSE, APP_ID "-disconnected");
  assert_icon (VPOP3_CLIENT_STATE_LOGGING_IN, FALSE, FALSE, TRUE, APP_ID "-disconnected-symbolic");
  assert_icon (VPOP3_CLIENT_STATE_LOGIN_REFUSED, FALSE, FALSE, FALSE, APP_ID "-disconnected");
}

static void
test_summary (void)
{
  g_autofree char *busy =
      vpop3_tray_summary ("mail.example.com", VPOP3_CLIENT_STATE_CONNECTED, FALSE, "Idle", 3, 5);
  g_autofree char *quiet =
      vpop3_tray_summary ("mail.example.com", VPOP3_CLIENT_STATE_CONNECTED, FALSE, "Idle", 0, -1);
  g_autofree char *lost =
      vpop3_tray_summary ("mail.example.com", VPOP3_CLIENT_STATE_DISCONNECTED, TRUE, NULL, -1, -1);
  g_autofree char *refused = vpop3_tray_summary (
      "mail.example.com", VPOP3_CLIENT_STATE_LOGIN_REFUSED, FALSE, NULL, -1, -1);

  g_assert_cmpstr (busy, ==, "VPOP3 mail.example.com: Idle · 3 to send · 5 waiting");
  g_assert_cmpstr (quiet, ==, "VPOP3 mail.example.com: Idle");
  g_assert_cmpstr (lost, ==, "VPOP3 mail.example.com: not connected, retrying");
  g_assert_cmpstr (refused, ==, "VPOP3 mail.example.com: login refused");
}

static void
test_reason (void)
{
  g_autoptr (GError) refused =
      g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED, "Connection refused");
  g_autoptr (GError) two_lines = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED,
                                                      "Login refused: -ERR locked\nsecond line");
  g_autoptr (GError) long_one = g_error_new_literal (
      G_IO_ERROR, G_IO_ERROR_FAILED, "Not a VPOP3 status service: it sent “ÄÖÜäöüß ÄÖÜäöüß”");
  g_autofree char *plain = vpop3_tray_reason (refused, 80);
  g_autofree char *first = vpop3_tray_reason (two_lines, 80);
  g_autofree char *shortened = vpop3_tray_reason (long_one, 40);

  g_assert_null (vpop3_tray_reason (NULL, 80));
  g_assert_cmpstr (plain, ==, "Connection refused");
  g_assert_cmpstr (first, ==, "Login refused: -ERR locked");
  /* 39 characters and an ellipsis, cut on a character, not a byte. */
  g_assert_cmpstr (shortened, ==, "Not a VPOP3 status service: it sent “ÄÖ…");
  g_assert_cmpint (g_utf8_strlen (shortened, -1), ==, 40);
}

static void
test_web_addresses (void)
{
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *webmail = vpop3_browser_webmail_url (settings, "mail.example.com");
  g_autofree char *admin = vpop3_browser_admin_url (settings, "mail.example.com");
  g_autofree char *v6 = vpop3_browser_default_admin_url ("2001:db8::1");
  g_autofree char *configured = NULL;

  g_assert_cmpstr (webmail, ==, "http://mail.example.com:5108/");
  g_assert_cmpstr (admin, ==, "http://mail.example.com:5108/admin/");
  g_assert_cmpstr (v6, ==, "http://[2001:db8::1]:5108/admin/");

  g_settings_set_string (settings, "webmail-url", " https://webmail.example.com/ ");
  configured = vpop3_browser_webmail_url (settings, "mail.example.com");
  g_assert_cmpstr (configured, ==, "https://webmail.example.com/");
  g_settings_reset (settings, "webmail-url");
}

static void
test_autostart_file (void)
{
  g_autofree char *path = vpop3_autostart_get_path ();
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GKeyFile) key_file = g_key_file_new ();
  g_autofree char *exec = NULL;

  g_assert_true (g_str_has_prefix (path, g_get_user_config_dir ()));
  g_assert_true (g_str_has_suffix (path, "/autostart/" APP_ID ".desktop"));

  vpop3_autostart_set_enabled_async (TRUE, NULL, test_loop_store_result, &result);
  g_assert_true (
      vpop3_autostart_set_enabled_finish (test_loop_wait_result (&result, WAIT_MS), &error));
  g_assert_no_error (error);
  g_assert_true (g_key_file_load_from_file (key_file, path, G_KEY_FILE_NONE, &error));
  g_assert_no_error (error);
  exec = g_key_file_get_string (key_file, G_KEY_FILE_DESKTOP_GROUP, "Exec", &error);
  g_assert_cmpstr (exec, ==, "vpop3-monitor");
  g_assert_true (g_key_file_get_boolean (key_file, G_KEY_FILE_DESKTOP_GROUP,
                                         "X-GNOME-Autostart-enabled", NULL));

  g_clear_object (&result);
  vpop3_autostart_set_enabled_async (FALSE, NULL, test_loop_store_result, &result);
  g_assert_true (
      vpop3_autostart_set_enabled_finish (test_loop_wait_result (&result, WAIT_MS), &error));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  /* Switching off twice is not an error. */
  g_clear_object (&result);
  vpop3_autostart_set_enabled_async (FALSE, NULL, test_loop_store_result, &result);
  g_assert_true (
      vpop3_autostart_set_enabled_finish (test_loop_wait_result (&result, WAIT_MS), &error));
}

static void
test_keyring_round_trip (void)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  char *password;

  vpop3_secret_store_async ("mail.example.com", 5109, "postmaster", "pa55 wörd", NULL,
                            test_loop_store_result, &result);
  g_assert_true (vpop3_secret_store_finish (test_loop_wait_result (&result, WAIT_MS), &error));
  g_assert_no_error (error);

  g_clear_object (&result);
  vpop3_secret_lookup_async ("mail.example.com", 5109, "postmaster", NULL, test_loop_store_result,
                             &result);
  password = vpop3_secret_lookup_finish (test_loop_wait_result (&result, WAIT_MS), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (password, ==, "pa55 wörd");
  secret_password_free (password);

  /* Another port or user is another item. */
  g_clear_object (&result);
  vpop3_secret_lookup_async ("mail.example.com", 5110, "postmaster", NULL, test_loop_store_result,
                             &result);
  password = vpop3_secret_lookup_finish (test_loop_wait_result (&result, WAIT_MS), &error);
  g_assert_no_error (error);
  g_assert_null (password);

  g_clear_object (&result);
  vpop3_secret_clear_async ("mail.example.com", 5109, "postmaster", NULL, test_loop_store_result,
                            &result);
  g_assert_true (vpop3_secret_clear_finish (test_loop_wait_result (&result, WAIT_MS), &error));
  g_clear_object (&result);
  vpop3_secret_lookup_async ("mail.example.com", 5109, "postmaster", NULL, test_loop_store_result,
                             &result);
  password = vpop3_secret_lookup_finish (test_loop_wait_result (&result, WAIT_MS), &error);
  g_assert_null (password);
}

static void
on_accepted (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GSocketConnection **accepted = user_data;

  *accepted = g_socket_listener_accept_finish (G_SOCKET_LISTENER (source), result, NULL, NULL);
  g_assert_nonnull (*accepted);
}

/* Cancelling Test connection drops the attempt at once: a server that never
 * greets sees the socket closed before the attempt's own timeout could have
 * closed it. The timer starts before the attempt, so a socket left to time out
 * shows at least that timeout. */
static void
test_login_test_cancel (void)
{
  g_autoptr (GSocketListener) listener = g_socket_listener_new ();
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GSocketConnection) accepted = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GAsyncResult) read_result = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GTimer) timer = NULL;
  GInputStream *input;
  char byte;
  guint16 port;

  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_accept_async (listener, NULL, on_accepted, &accepted);
  timer = g_timer_new ();
  vpop3_login_test_async ("127.0.0.1", port, VPOP3_AUTH_ALOGIN, "postmaster", "admin", cancellable,
                          test_loop_store_result, &result);
  while (accepted == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_cancellable_cancel (cancellable);
  g_assert_false (vpop3_login_test_finish (test_loop_wait_result (&result, WAIT_MS), NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  /* The peer reads end-of-stream: the connection is gone, not left to time out. */
  input = g_io_stream_get_input_stream (G_IO_STREAM (accepted));
  g_input_stream_read_async (input, &byte, 1, G_PRIORITY_DEFAULT, NULL, test_loop_store_result,
                             &read_result);
  g_assert_cmpint (
      g_input_stream_read_finish (input, test_loop_wait_result (&read_result, WAIT_MS), NULL), ==,
      0);
  g_assert_cmpfloat (g_timer_elapsed (timer, NULL), <, VPOP3_LOGIN_TEST_TIMEOUT_MS / 1000.0);
}

int
main (int argc, char *argv[])
{
  g_autofree char *scratch = g_dir_make_tmp ("vpop3-app-units-XXXXXX", NULL);
  g_autofree char *config = g_build_filename (scratch, "config", NULL);
  int status;

  /* Private folders before anything reads them. The keyring is the session's
   * Secret Service: the test scripts run an unlocked gnome-keyring. */
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/tray/icon-names", test_icon_names);
  g_test_add_func ("/tray/summary", test_summary);
  g_test_add_func ("/tray/reason", test_reason);
  g_test_add_func ("/browser/web-addresses", test_web_addresses);
  g_test_add_func ("/autostart/file", test_autostart_file);
  g_test_add_func ("/secret/round-trip", test_keyring_round_trip);
  g_test_add_func ("/login-test/cancel", test_login_test_cancel);
  status = g_test_run ();

  {
    g_autofree char *autostart = g_build_filename (config, "autostart", NULL);

    g_rmdir (autostart);
  }
  g_rmdir (config);
  g_rmdir (scratch);
  return status;
}
