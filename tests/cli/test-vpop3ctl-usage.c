/* test-vpop3ctl-usage.c: vpop3ctl's usage errors, settings and the exit codes of
 * failed logins and unreachable servers; the real binary against the simulator.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <string.h>

#include "cli-harness.h"

/* Usage errors: exit 2, and no connection attempted. */

static void
test_usage_errors (void)
{
  g_autoptr (Simulator) sim = simulator_new_in_process (VPOP3_SIMULATOR_MISBEHAVIOUR_NONE);
  CtlOptions with_sim = { .sim = sim };
  struct
  {
    const char *args[6];
    const char *message;
  } cases[] = {
    { { NULL }, "no command" },
    { { "frobnicate", NULL }, "unknown command" },
    { { "status", "--frobnicate", NULL }, "--frobnicate" },
    { { "end-session", NULL }, "end-session ID" },
    { { "send-message", "bob", NULL }, "send-message USER TEXT" },
    { { "status", "extra", NULL }, "usage" },
    { { "connect", "a", "b", NULL }, "connect [NAME]" },
    { { "shutdown", NULL }, "--yes" },
    { { "--port", "70000", "status", NULL }, "--port" },
    { { "--timeout", "0", "status", NULL }, "--timeout" },
    { { "--auth", "md5", "status", NULL }, "md5" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (CtlResult) result = ctl_runv (&with_sim, cases[i].args);

      g_assert_cmpint (result->status, ==, 2);
      g_assert_true (g_str_has_prefix (result->err, "vpop3ctl: "));
      assert_contains (result->err, cases[i].message);
      g_assert_cmpstr (result->out, ==, "");
    }
  g_assert_cmpuint (simulator_connections (sim), ==, 0);
}

static void
test_usage_no_user (void)
{
  g_autoptr (Simulator) sim = simulator_new_in_process (VPOP3_SIMULATOR_MISBEHAVIOUR_NONE);
  CtlOptions options = { .sim = sim, .user = "" };
  g_autoptr (CtlResult) result = ctl_run (&options, "status", NULL);

  /* Never a guessed user: VPOP3 counts failed logins. */
  g_assert_cmpint (result->status, ==, 2);
  assert_contains (result->err, "--user");
  g_assert_cmpuint (simulator_connections (sim), ==, 0);
}

static void
test_usage_no_password (void)
{
  g_autoptr (Simulator) sim = simulator_new_in_process (VPOP3_SIMULATOR_MISBEHAVIOUR_NONE);
  CtlOptions options = { .sim = sim, .password = "" };
  g_autoptr (CtlResult) result = ctl_run (&options, "status", NULL);

  g_assert_cmpint (result->status, ==, 2);
  assert_contains (result->err, "--password-file");
  assert_contains (result->err, "VPOP3_PASSWORD");
  assert_contains (result->err, "keyring");
  g_assert_cmpuint (simulator_connections (sim), ==, 0);
}

static void
test_usage_help (void)
{
  g_autoptr (CtlResult) result = ctl_run (NULL, "--help", NULL);

  g_assert_cmpint (result->status, ==, 0);
  assert_contains (result->out, "send-message USER TEXT");
  assert_contains (result->out, "Exit codes");
  assert_contains (result->out, "VPOP3_PASSWORD");
  assert_contains (result->out, "--password-file");
}

static void
test_usage_check_is_unknown (void)
{
  g_autoptr (CtlResult) bad_option = ctl_run (NULL, "check", "--frobnicate", NULL);
  g_autoptr (CtlResult) inverted =
      ctl_run (NULL, "--warn-queue", "50", "check", "--crit-queue", "10", NULL);

  /* A monitoring plugin answers UNKNOWN (3) to a usage error, on stdout. */
  g_assert_cmpint (bad_option->status, ==, 3);
  g_assert_true (g_str_has_prefix (bad_option->out, "VPOP3 UNKNOWN - "));
  g_assert_cmpint (inverted->status, ==, 3);
  g_assert_true (g_str_has_prefix (inverted->out, "VPOP3 UNKNOWN - "));
  assert_contains (inverted->out, "--crit-queue");
}

/* The applet's settings give the defaults; a missing schema gives none. */

static void
test_settings_applet_defaults (void)
{
  g_autoptr (Simulator) sim = simulator_start (NULL);
  g_autofree char *dir = g_build_filename (harness_tmpdir (), "glib-2.0", "settings", NULL);
  g_autofree char *path = g_build_filename (dir, "keyfile", NULL);
  g_autofree char *keyfile = g_strdup_printf ("[io/github/vpop3monitor/Vpop3Monitor]\n"
                                              "host='127.0.0.1'\nport=uint16 %u\n"
                                              "user='postmaster'\n",
                                              sim->port);
  const char *const env[] = { "GSETTINGS_BACKEND=keyfile", NULL };
  /* No -H, -p, -u: all from the applet's settings. */
  CtlOptions options = { .user = "", .env = env };
  g_autoptr (CtlResult) result = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, keyfile, -1, NULL));
  result = ctl_run (&options, "status", "--json", NULL);
  g_assert_cmpint (result->status, ==, 0);
  assert_contains (result->out, "\"connected\":true");
  g_remove (path);
}

static void
test_settings_no_schema (void)
{
  g_autofree char *empty = g_build_filename (harness_tmpdir (), "no-schemas", NULL);
  g_autofree char *schema_dir = g_strconcat ("GSETTINGS_SCHEMA_DIR=", empty, NULL);
  g_autofree char *data_dirs = g_strconcat ("XDG_DATA_DIRS=", empty, NULL);
  const char *const env[] = { schema_dir, data_dirs, NULL };
  CtlOptions options = { .user = "", .env = env };
  g_autoptr (CtlResult) result = NULL;

  g_assert_cmpint (g_mkdir_with_parents (empty, 0700), ==, 0);
  result = ctl_run (&options, "status", NULL);
  /* No abort for the missing schema: just no applet user to log in as. */
  g_assert_cmpint (result->status, ==, 2);
  assert_contains (result->err, "no user name");
  g_rmdir (empty);
}

/* 4: no VPOP3 status service reachable. */

static void
test_unreachable_closed_port (void)
{
  g_autofree char *port = g_strdup_printf ("%u", harness_closed_port ());
  g_autoptr (CtlResult) result = ctl_run (NULL, "-H", "127.0.0.1", "-p", port, "status", NULL);

  g_assert_cmpint (result->status, ==, 4);
  g_assert_true (g_str_has_prefix (result->err, "vpop3ctl: "));
}

static void
assert_unreachable (const char *misbehaviour, const char *message)
{
  g_autoptr (Simulator) sim = simulator_start ("--misbehave", misbehaviour, NULL);
  CtlOptions options = { .sim = sim };
  /* The server answers at once: no timeout is involved, so the default one
   * (scaled) is only a safety net. */
  g_autofree char *timeout = g_strdup_printf ("%u", harness_scale_ms (10000) / 1000);
  g_autoptr (CtlResult) result = ctl_run (&options, "--timeout", timeout, "status", NULL);

  g_assert_cmpint (result->status, ==, 4);
  assert_contains (result->err, message);
}

static void
test_unreachable_not_vpop3 (void)
{
  assert_unreachable ("not-vpop3", "vpop3ctl: ");
}

static void
test_unreachable_deny (void)
{
  /* The server's own text is shown. */
  assert_unreachable ("deny", "not allowed");
}

typedef struct
{
  gint64 opened_at;
  gint64 closed_at;
} Lifetime;

static void
peer_count_cb (GObject *server, GParamSpec *pspec, gpointer user_data)
{
  Lifetime *lifetime = user_data;
  gint64 now = g_get_monotonic_time ();

  if (vpop3_simulator_get_peer_count (VPOP3_SIMULATOR (server)) > 0)
    lifetime->opened_at = lifetime->opened_at != 0 ? lifetime->opened_at : now;
  else if (lifetime->opened_at != 0)
    lifetime->closed_at = now;
}

static void
test_unreachable_silent (void)
{
  g_autoptr (Simulator) sim = simulator_new_in_process (VPOP3_SIMULATOR_MISBEHAVIOUR_SILENT);
  CtlOptions options = { .sim = sim };
  Lifetime lifetime = { 0, 0 };
  gint64 started = g_get_monotonic_time ();
  g_autoptr (CtlResult) result = NULL;

  g_signal_connect (sim->server, "notify::peer-count", G_CALLBACK (peer_count_cb), &lifetime);
  result = ctl_run (&options, "--timeout", "1", "status", NULL);
  g_signal_handlers_disconnect_by_data (sim->server, &lifetime);

  g_assert_cmpint (result->status, ==, 4);
  assert_contains (result->err, "sent no greeting");
  /* Given up after --timeout, not after the default 10 s: it waited at
   * least the second it was given (exact: the wait starts after the test's
   * clock did), and the connection lived for less than the default would
   * keep it (9 s of margin: a safety net, not a timing). */
  g_assert_cmpint (g_get_monotonic_time () - started, >=, G_USEC_PER_SEC);
  g_assert_cmpint (lifetime.opened_at, >, 0);
  g_assert_cmpint (lifetime.closed_at, >, lifetime.opened_at);
  g_assert_cmpint (lifetime.closed_at - lifetime.opened_at, <, 10 * G_USEC_PER_SEC);
}

/* 3: login refused, tried exactly once. */

static void
test_login_refused_all (void)
{
  g_autoptr (Simulator) sim = simulator_new_in_process (VPOP3_SIMULATOR_MISBEHAVIOUR_REFUSE_ALL);
  CtlOptions options = { .sim = sim };
  g_autoptr (CtlResult) result = ctl_run (&options, "status", NULL);

  g_assert_cmpint (result->status, ==, 3);
  assert_contains (result->err, "Login failed");
  g_assert_cmpuint (simulator_login_attempts (sim), ==, 1);
}

static void
test_login_wrong_password (void)
{
  g_autoptr (Simulator) sim = simulator_new_in_process (VPOP3_SIMULATOR_MISBEHAVIOUR_NONE);
  CtlOptions options = { .sim = sim, .password = "wrong" };
  g_autoptr (CtlResult) status = ctl_run (&options, "status", NULL);
  g_autoptr (CtlResult) watch = ctl_run (&options, "watch", "--json", NULL);

  g_assert_cmpint (status->status, ==, 3);
  /* watch reconnects after losses, but never after a refused login. */
  g_assert_cmpint (watch->status, ==, 3);
  assert_contains (watch->out, "\"event\":\"error\",\"kind\":\"login\"");
  g_assert_cmpuint (simulator_login_attempts (sim), ==, 2);
}

static void
test_login_apilogin (void)
{
  g_autoptr (Simulator) sim = simulator_start ("--api-key", "postmaster:0123456789abcdef", NULL);
  CtlOptions key = { .sim = sim, .password = "0123456789abcdef" };
  CtlOptions password = { .sim = sim, .password = "admin" };
  g_autoptr (CtlResult) ok = ctl_run (&key, "--auth", "apilogin", "status", NULL);
  g_autoptr (CtlResult) refused = ctl_run (&password, "--auth", "apilogin", "status", NULL);

  g_assert_cmpint (ok->status, ==, 0);
  /* The WebAPI key, not the password. */
  g_assert_cmpint (refused->status, ==, 3);
}

int
main (int argc, char **argv)
{
  harness_init (&argc, &argv);

  g_test_add_func ("/cli/usage/errors", test_usage_errors);
  g_test_add_func ("/cli/usage/no-user", test_usage_no_user);
  g_test_add_func ("/cli/usage/no-password", test_usage_no_password);
  g_test_add_func ("/cli/usage/help", test_usage_help);
  g_test_add_func ("/cli/usage/check-is-unknown", test_usage_check_is_unknown);
  g_test_add_func ("/cli/unreachable/closed-port", test_unreachable_closed_port);
  g_test_add_func ("/cli/unreachable/not-vpop3", test_unreachable_not_vpop3);
  g_test_add_func ("/cli/unreachable/deny", test_unreachable_deny);
  g_test_add_func ("/cli/unreachable/silent", test_unreachable_silent);
  g_test_add_func ("/cli/login/refuse-all", test_login_refused_all);
  g_test_add_func ("/cli/login/wrong-password", test_login_wrong_password);
  g_test_add_func ("/cli/login/apilogin", test_login_apilogin);
  g_test_add_func ("/cli/settings/applet-defaults", test_settings_applet_defaults);
  g_test_add_func ("/cli/settings/no-schema", test_settings_no_schema);

  return g_test_run ();
}
