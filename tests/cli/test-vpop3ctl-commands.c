/* test-vpop3ctl-commands.c: vpop3ctl's server commands, password sources and trace;
 * the real binary against the simulator.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "cli-harness.h"
#include "vpop3-login.h"
#include "vpop3-secret.h"

/* 5 and 1: commands. */

static void
test_command_refused (void)
{
  g_autoptr (Simulator) sim = simulator_start (NULL);
  CtlOptions options = { .sim = sim };
  g_autoptr (CtlResult) text = ctl_run (&options, "end-session", "NO-SUCH-SESSION", NULL);
  g_autoptr (CtlResult) json = ctl_run (&options, "end-session", "NO-SUCH-SESSION", "--json", NULL);
  g_autoptr (JsonParser) parser = NULL;
  JsonObject *reply;

  g_assert_cmpint (text->status, ==, 5);
  assert_contains (text->err, "No such session");

  g_assert_cmpint (json->status, ==, 5);
  reply = ctl_parse_single_object (json->out, &parser);
  g_assert_cmpstr (json_object_get_string_member (reply, "event"), ==, "reply");
  g_assert_cmpstr (json_object_get_string_member (reply, "command"), ==,
                   "ENDSESSION NO-SUCH-SESSION");
  g_assert_false (json_object_get_boolean_member (reply, "ok"));
  g_assert_cmpstr (json_object_get_string_member (reply, "text"), ==, "No such session");
}

static void
test_command_connection_lost (void)
{
  /* After the login the simulator starts a line that never ends, so the
   * reply never comes: the connection is lost (or times out) first. */
  g_autoptr (Simulator) sim = simulator_start ("--misbehave", "endless", NULL);
  CtlOptions options = { .sim = sim };
  /* --timeout also bounds the connection and the login, which must not run
   * out first on a slow build: scaled. */
  g_autofree char *timeout = g_strdup_printf ("%u", harness_scale_ms (2000) / 1000);
  g_autoptr (CtlResult) result = ctl_run (&options, "--timeout", timeout, "connect", NULL);

  g_assert_cmpint (result->status, ==, 1);
  g_assert_true (g_str_has_prefix (result->err, "vpop3ctl: "));
}

static void
drop_on_command_cb (Vpop3Simulator *server, const char *line, gpointer user_data)
{
  /* Before the simulator answers the command. */
  vpop3_simulator_drop_all (server);
}

static void
test_command_dropped_before_reply (void)
{
  g_autoptr (Simulator) sim = simulator_new_in_process (VPOP3_SIMULATOR_MISBEHAVIOUR_NONE);
  CtlOptions options = { .sim = sim };
  g_autoptr (CtlResult) result = NULL;

  g_signal_connect (sim->server, "command-received", G_CALLBACK (drop_on_command_cb), NULL);
  result = ctl_run (&options, "end-session", "1021", NULL);
  g_assert_cmpint (result->status, ==, 1);
  g_assert_true (g_str_has_prefix (result->err, "vpop3ctl: "));
  g_assert_cmpstr (result->out, ==, "");
}

static void
test_command_connect (void)
{
  g_autoptr (Simulator) sim = simulator_start (NULL);
  CtlOptions options = { .sim = sim };
  g_autoptr (CtlResult) result = ctl_run (&options, "connect", NULL);
  g_autoptr (CtlResult) unknown =
      ctl_run (&options, "connect", "No Such Connection", "--json", NULL);
  g_autoptr (JsonParser) parser = NULL;
  JsonObject *reply;

  g_assert_cmpint (result->status, ==, 0);
  assert_contains (result->out, "Connecting to ");

  g_assert_cmpint (unknown->status, ==, 5);
  reply = ctl_parse_single_object (unknown->out, &parser);
  g_assert_cmpstr (json_object_get_string_member (reply, "command"), ==,
                   "CONNECT No Such Connection");
  g_assert_false (json_object_get_boolean_member (reply, "ok"));
}

static void
test_command_send_message (void)
{
  g_autoptr (Simulator) sim = simulator_new_in_process (VPOP3_SIMULATOR_MISBEHAVIOUR_NONE);
  CtlOptions options = { .sim = sim };
  g_autoptr (CtlResult) result =
      ctl_run (&options, "--json", "send-message", "postmaster", "Lunch at one?", NULL);
  g_autoptr (JsonParser) parser = NULL;
  JsonObject *reply;

  g_assert_cmpint (result->status, ==, 0);
  reply = ctl_parse_single_object (result->out, &parser);
  g_assert_cmpstr (json_object_get_string_member (reply, "event"), ==, "reply");
  g_assert_cmpstr (json_object_get_string_member (reply, "command"), ==,
                   "IM postmaster Lunch at one?");
  g_assert_true (json_object_get_boolean_member (reply, "ok"));
  g_assert_cmpstr (json_object_get_string_member (reply, "text"), ==, "Message sent");

  /* The simulator saw the command, then a polite QUIT. */
  g_assert_cmpuint (sim->commands->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (sim->commands, 0), ==, "IM postmaster Lunch at one?");
  g_assert_cmpstr (g_ptr_array_index (sim->commands, 1), ==, "QUIT");
}

static void
test_command_end_session (void)
{
  g_autoptr (Simulator) sim = simulator_start (NULL);
  CtlOptions options = { .sim = sim };
  g_autoptr (CtlResult) status = ctl_run (&options, "status", "--json", "--settle", "100", NULL);
  g_autoptr (JsonParser) parser = NULL;
  JsonObject *snapshot = ctl_parse_single_object (status->out, &parser);
  JsonArray *sessions = json_object_get_array_member (snapshot, "sessions");
  const char *id;
  g_autoptr (CtlResult) result = NULL;

  g_assert_cmpuint (json_array_get_length (sessions), >, 0);
  id = json_object_get_string_member (json_array_get_object_element (sessions, 0), "id");
  result = ctl_run (&options, "end-session", id, NULL);
  g_assert_cmpint (result->status, ==, 0);
  assert_contains (result->out, "Session ended");
}

static void
test_command_shutdown (void)
{
  g_autoptr (Simulator) sim = simulator_start (NULL);
  CtlOptions options = { .sim = sim };
  g_autoptr (CtlResult) result = ctl_run (&options, "shutdown", "--yes", NULL);

  g_assert_cmpint (result->status, ==, 0);
  assert_contains (result->out, "Shutting down");
  /* It leaves at the latest 2 s after SHUTDOWN (its grace for goodbyes). */
  g_assert_true (simulator_wait_exit (sim, HARNESS_WAIT_MS));
}

/* Password sources, in order: --password-file, $VPOP3_PASSWORD, the keyring. */

static void
test_password_stdin (void)
{
  g_autoptr (Simulator) sim = simulator_start (NULL);
  CtlOptions options = { .sim = sim, .password = "", .stdin_text = "admin\nnot this line\n" };
  g_autoptr (CtlResult) result = ctl_run (&options, "--password-file", "-", "status", NULL);

  g_assert_cmpint (result->status, ==, 0);
  assert_contains (result->out, "Out queue:");
}

static void
test_password_file (void)
{
  g_autoptr (Simulator) sim = simulator_new_in_process (VPOP3_SIMULATOR_MISBEHAVIOUR_NONE);
  g_autofree char *path = g_build_filename (harness_tmpdir (), "password", NULL);
  g_autofree char *empty = g_build_filename (harness_tmpdir (), "empty-password", NULL);
  g_autofree char *missing = g_build_filename (harness_tmpdir (), "no-such-file", NULL);
  /* The file wins over a wrong $VPOP3_PASSWORD. */
  CtlOptions options = { .sim = sim, .password = "wrong" };
  g_autoptr (CtlResult) result = NULL;
  g_autoptr (CtlResult) empty_result = NULL;
  g_autoptr (CtlResult) missing_result = NULL;

  g_assert_true (g_file_set_contents (path, "admin\r\n", -1, NULL));
  g_assert_true (g_file_set_contents (empty, "\nadmin\n", -1, NULL));
  result = ctl_run (&options, "status", "--password-file", path, NULL);
  g_assert_cmpint (result->status, ==, 0);

  empty_result = ctl_run (&options, "status", "--password-file", empty, NULL);
  g_assert_cmpint (empty_result->status, ==, 2);
  missing_result = ctl_run (&options, "status", "--password-file", missing, NULL);
  g_assert_cmpint (missing_result->status, ==, 1);
  assert_contains (missing_result->err, "no-such-file");
  /* Only the first run got as far as the server. */
  g_assert_cmpuint (simulator_connections (sim), ==, 1);
  g_assert_cmpuint (simulator_login_attempts (sim), ==, 1);
}

static void
test_password_environment (void)
{
  g_autoptr (Simulator) sim = simulator_start (NULL);
  CtlOptions right = { .sim = sim, .password = "admin" };
  CtlOptions wrong = { .sim = sim, .password = "wrong" };
  g_autoptr (CtlResult) ok = ctl_run (&right, "status", NULL);
  g_autoptr (CtlResult) refused = ctl_run (&wrong, "status", NULL);

  g_assert_cmpint (ok->status, ==, 0);
  g_assert_cmpint (refused->status, ==, 3);
}

static void
stored_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  gboolean *done = user_data;
  g_autoptr (GError) error = NULL;

  g_assert_true (vpop3_secret_store_finish (result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
test_password_keyring (void)
{
  g_autoptr (Simulator) sim = simulator_new_in_process (VPOP3_SIMULATOR_MISBEHAVIOUR_NONE);
  CtlOptions from_keyring = { .sim = sim, .password = "" };
  CtlOptions other_user = { .sim = sim, .password = "", .user = "someone-else" };
  gboolean done = FALSE;
  g_autoptr (CtlResult) ok = NULL;
  g_autoptr (CtlResult) none = NULL;

  /* The same file-backed keyring the vpop3ctl processes use ($SECRET_BACKEND). */
  vpop3_secret_store_async ("127.0.0.1", sim->port, "postmaster", "admin", NULL, stored_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);

  ok = ctl_run (&from_keyring, "status", NULL);
  g_assert_cmpint (ok->status, ==, 0);

  /* The item belongs to host, port and user: another user has none. */
  none = ctl_run (&other_user, "status", NULL);
  g_assert_cmpint (none->status, ==, 2);
  g_assert_cmpuint (simulator_connections (sim), ==, 1);
  g_assert_cmpuint (simulator_login_attempts (sim), ==, 1);
}

/* --trace: both directions, never the password nor its digest. */

static char *
challenge_in (const char *trace)
{
  const char *start = strstr (trace, "< +OK VPOP3");
  const char *end;

  /* The first "<" after the greeting's own: its challenge. */
  g_assert_nonnull (start);
  start = strchr (start + 1, '<');
  g_assert_nonnull (start);
  end = strchr (start, '>');
  g_assert_nonnull (end);
  return g_strndup (start, end - start + 1);
}

static void
assert_trace (const char *auth, const char *keyword)
{
  g_autoptr (Simulator) sim = simulator_start ("--user", "tracer:Tr4ce-S3cret", NULL);
  CtlOptions options = { .sim = sim, .user = "tracer", .password = "Tr4ce-S3cret" };
  g_autofree char *path = g_build_filename (harness_tmpdir (), "trace", NULL);
  g_autoptr (CtlResult) result =
      ctl_run (&options, "--auth", auth, "--trace", path, "status", NULL);
  g_autofree char *trace = NULL;
  g_autofree char *challenge = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *digest_lower = NULL;
  g_autofree char *login = g_strdup_printf ("> %s tracer", keyword);

  g_assert_cmpint (result->status, ==, 0);
  g_assert_true (g_file_get_contents (path, &trace, NULL, NULL));
  g_test_message ("trace:\n%s", trace);
  assert_contains (trace, "< +OK VPOP3 Status Server Ready <");
  assert_contains (trace, login);
  assert_contains (trace, "< +OK Logged in");
  assert_contains (trace, "> QUIT");
  assert_contains (trace, "< 1");

  g_assert_null (strstr (trace, "Tr4ce-S3cret"));
  challenge = challenge_in (trace);
  digest = vpop3_login_digest ("Tr4ce-S3cret", challenge);
  digest_lower = g_ascii_strdown (digest, -1);
  g_assert_null (strstr (trace, digest));
  g_assert_null (strstr (trace, digest_lower));
  /* Nor anywhere in what vpop3ctl printed. */
  g_assert_null (strstr (result->out, "Tr4ce-S3cret"));
  g_assert_null (strstr (result->err, "Tr4ce-S3cret"));
  g_remove (path);
}

static void
test_trace_alogin (void)
{
  assert_trace ("alogin", "ALOGIN");
}

static void
test_trace_login (void)
{
  assert_trace ("login", "LOGIN");
}

int
main (int argc, char **argv)
{
  harness_init (&argc, &argv);

  g_test_add_func ("/cli/command/refused", test_command_refused);
  g_test_add_func ("/cli/command/connection-lost", test_command_connection_lost);
  g_test_add_func ("/cli/command/dropped-before-reply", test_command_dropped_before_reply);
  g_test_add_func ("/cli/command/connect", test_command_connect);
  g_test_add_func ("/cli/command/send-message", test_command_send_message);
  g_test_add_func ("/cli/command/end-session", test_command_end_session);
  g_test_add_func ("/cli/command/shutdown", test_command_shutdown);
  g_test_add_func ("/cli/password/stdin", test_password_stdin);
  g_test_add_func ("/cli/password/file", test_password_file);
  g_test_add_func ("/cli/password/environment", test_password_environment);
  g_test_add_func ("/cli/password/keyring", test_password_keyring);
  g_test_add_func ("/cli/trace/alogin", test_trace_alogin);
  g_test_add_func ("/cli/trace/login", test_trace_login);

  return g_test_run ();
}
