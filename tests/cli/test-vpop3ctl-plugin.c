/* test-vpop3ctl-plugin.c: "vpop3ctl check" as a monitoring plugin, the real binary
 * against the real simulator.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "cli-harness.h"

static CtlResult *
run_check (Simulator *sim, const char *first_arg, ...)
{
  CtlOptions options = { .sim = sim };
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  va_list ap;

  g_ptr_array_add (args, "check");
  g_ptr_array_add (args, "--settle");
  g_ptr_array_add (args, "150");
  va_start (ap, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  return ctl_runv (&options, (const char *const *) args->pdata);
}

static void
assert_check (CtlResult *result, int status, const char *prefix, const char *text)
{
  g_assert_cmpint (result->status, ==, status);
  g_assert_true (g_str_has_prefix (result->out, prefix));
  /* One line only. */
  g_assert_true (g_str_has_suffix (result->out, "\n"));
  g_assert_true (strchr (result->out, '\n') == result->out + strlen (result->out) - 1);
  if (text != NULL)
    assert_contains (result->out, text);
}

static void
test_check_ok (void)
{
  g_autoptr (Simulator) sim = simulator_start (NULL);
  g_autoptr (CtlResult) result = NULL;
  g_autoptr (GRegex) perfdata = g_regex_new (
      " \\| out_queue=3;10;50;0 out_held=0;;;0 inboxes=\\d+;;;0 sessions=\\d+;;;0\\n$", 0, 0, NULL);

  simulator_control (sim, "out-queue 3 0");
  simulator_control (sim, "last-poll ok");
  result = run_check (sim, "--warn-queue", "10", "--crit-queue", "50", NULL);
  assert_check (result, 0, "VPOP3 OK - ", "out queue 3");
  g_assert_true (g_regex_match (perfdata, result->out, 0, NULL));
}

static void
test_check_warning (void)
{
  g_autoptr (Simulator) sim = simulator_start (NULL);
  g_autoptr (CtlResult) queue = NULL;
  g_autoptr (CtlResult) poll = NULL;

  simulator_control (sim, "last-poll ok");
  simulator_control (sim, "out-queue 12 1");
  queue = run_check (sim, "--warn-queue", "10", "--crit-queue", "50", NULL);
  assert_check (queue, 1, "VPOP3 WARNING - ", "out_queue=12;10;50;0 out_held=1;;;0");

  simulator_control (sim, "out-queue 0 0");
  simulator_control (sim, "last-poll partial");
  poll = run_check (sim, NULL);
  assert_check (poll, 1, "VPOP3 WARNING - ", "last poll");
}

static void
test_check_critical (void)
{
  g_autoptr (Simulator) sim = simulator_start (NULL);
  g_autofree char *port = g_strdup_printf ("%u", harness_closed_port ());
  g_autoptr (CtlResult) queue = NULL;
  g_autoptr (CtlResult) poll = NULL;
  g_autoptr (CtlResult) worst = NULL;
  g_autoptr (CtlResult) unreachable = NULL;

  simulator_control (sim, "last-poll ok");
  simulator_control (sim, "out-queue 51 0");
  queue = run_check (sim, "--warn-queue", "10", "--crit-queue", "50", NULL);
  assert_check (queue, 2, "VPOP3 CRITICAL - ", "critical threshold 50");

  simulator_control (sim, "out-queue 0 0");
  simulator_control (sim, "last-poll failed");
  poll = run_check (sim, NULL);
  assert_check (poll, 2, "VPOP3 CRITICAL - ", "last poll failed");

  /* WARNING and CRITICAL at once: the worst wins. */
  simulator_control (sim, "out-queue 20 0");
  worst = run_check (sim, "--warn-queue", "10", NULL);
  assert_check (worst, 2, "VPOP3 CRITICAL - ", "warning threshold 10");

  unreachable = ctl_run (NULL, "-H", "127.0.0.1", "-p", port, "check", NULL);
  assert_check (unreachable, 2, "VPOP3 CRITICAL - ", NULL);
}

static void
test_check_unknown (void)
{
  g_autoptr (Simulator) refusing = simulator_start ("--misbehave", "refuse-all", NULL);
  g_autoptr (Simulator) sim = simulator_start ("--user", "viewer:pw:100000", NULL);
  CtlOptions viewer = { .sim = sim, .user = "viewer", .password = "pw" };
  g_autoptr (CtlResult) refused = run_check (refusing, NULL);
  g_autoptr (CtlResult) no_permission =
      ctl_run (&viewer, "check", "--settle", "150", "--warn-queue", "10", NULL);

  assert_check (refused, 3, "VPOP3 UNKNOWN - ", "Login failed");
  /* A threshold on a queue the user may not see cannot be checked. */
  assert_check (no_permission, 3, "VPOP3 UNKNOWN - ", "never reported");
}

int
main (int argc, char **argv)
{
  harness_init (&argc, &argv);

  g_test_add_func ("/cli/check/ok", test_check_ok);
  g_test_add_func ("/cli/check/warning", test_check_warning);
  g_test_add_func ("/cli/check/critical", test_check_critical);
  g_test_add_func ("/cli/check/unknown", test_check_unknown);

  return g_test_run ();
}
