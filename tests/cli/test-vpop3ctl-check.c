/* test-vpop3ctl-check.c: the monitoring-plugin logic and exit codes, without a network.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib.h>
#include <string.h>

#include "vpop3-client.h"
#include "vpop3ctl-check.h"
#include "vpop3ctl-exit.h"

static const Vpop3ctlCheckThresholds no_thresholds = { VPOP3CTL_CHECK_NO_THRESHOLD,
                                                       VPOP3CTL_CHECK_NO_THRESHOLD };

/* A healthy server: Idle, 3 (1) to send, 5 in inboxes, last poll ok, 4 sessions. */
static Vpop3ctlCheckData
healthy (void)
{
  Vpop3ctlCheckData data = { 0 };

  data.connection = "Idle";
  data.has_out_queue = TRUE;
  data.out_queue_total = 3;
  data.out_queue_held = 1;
  data.has_inboxes = TRUE;
  data.inboxes_total = 5;
  data.has_last_poll = TRUE;
  data.last_poll_result = VPOP3_POLL_RESULT_OK;
  data.sessions = 4;
  return data;
}

static Vpop3ctlCheckState
evaluate (const Vpop3ctlCheckData *data, gint64 warn, gint64 crit, char **summary)
{
  Vpop3ctlCheckThresholds thresholds = { warn, crit };

  return vpop3ctl_check_evaluate (data, &thresholds, summary);
}

static void
test_state_names (void)
{
  g_assert_cmpstr (vpop3ctl_check_state_to_string (VPOP3CTL_CHECK_OK), ==, "OK");
  g_assert_cmpstr (vpop3ctl_check_state_to_string (VPOP3CTL_CHECK_WARNING), ==, "WARNING");
  g_assert_cmpstr (vpop3ctl_check_state_to_string (VPOP3CTL_CHECK_CRITICAL), ==, "CRITICAL");
  g_assert_cmpstr (vpop3ctl_check_state_to_string (VPOP3CTL_CHECK_UNKNOWN), ==, "UNKNOWN");
  /* The values are the plugin exit codes. */
  g_assert_cmpint (VPOP3CTL_CHECK_OK, ==, 0);
  g_assert_cmpint (VPOP3CTL_CHECK_WARNING, ==, 1);
  g_assert_cmpint (VPOP3CTL_CHECK_CRITICAL, ==, 2);
  g_assert_cmpint (VPOP3CTL_CHECK_UNKNOWN, ==, 3);
}

static void
test_worst (void)
{
  g_assert_cmpint (vpop3ctl_check_state_worst (VPOP3CTL_CHECK_OK, VPOP3CTL_CHECK_UNKNOWN), ==,
                   VPOP3CTL_CHECK_UNKNOWN);
  g_assert_cmpint (vpop3ctl_check_state_worst (VPOP3CTL_CHECK_UNKNOWN, VPOP3CTL_CHECK_WARNING), ==,
                   VPOP3CTL_CHECK_WARNING);
  g_assert_cmpint (vpop3ctl_check_state_worst (VPOP3CTL_CHECK_CRITICAL, VPOP3CTL_CHECK_UNKNOWN), ==,
                   VPOP3CTL_CHECK_CRITICAL);
  g_assert_cmpint (vpop3ctl_check_state_worst (VPOP3CTL_CHECK_WARNING, VPOP3CTL_CHECK_CRITICAL), ==,
                   VPOP3CTL_CHECK_CRITICAL);
  g_assert_cmpint (vpop3ctl_check_state_worst (VPOP3CTL_CHECK_OK, VPOP3CTL_CHECK_OK), ==,
                   VPOP3CTL_CHECK_OK);
}

static void
test_thresholds_validate (void)
{
  Vpop3ctlCheckThresholds good = { 10, 50 };
  Vpop3ctlCheckThresholds equal = { 10, 10 };
  Vpop3ctlCheckThresholds only_crit = { VPOP3CTL_CHECK_NO_THRESHOLD, 0 };
  Vpop3ctlCheckThresholds inverted = { 50, 10 };
  Vpop3ctlCheckThresholds negative = { -5, 10 };
  g_autoptr (GError) error = NULL;

  g_assert_true (vpop3ctl_check_thresholds_validate (&good, NULL));
  g_assert_true (vpop3ctl_check_thresholds_validate (&equal, NULL));
  g_assert_true (vpop3ctl_check_thresholds_validate (&only_crit, NULL));
  g_assert_true (vpop3ctl_check_thresholds_validate (&no_thresholds, NULL));
  g_assert_false (vpop3ctl_check_thresholds_validate (&inverted, &error));
  g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
  g_clear_error (&error);
  g_assert_false (vpop3ctl_check_thresholds_validate (&negative, &error));
  g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
}

static void
test_ok (void)
{
  Vpop3ctlCheckData data = healthy ();
  g_autofree char *summary = NULL;
  g_autofree char *summary2 = NULL;

  g_assert_cmpint (evaluate (&data, 10, 50, &summary), ==, VPOP3CTL_CHECK_OK);
  g_assert_cmpstr (summary, ==, "Idle, out queue 3 (1), inboxes 5, last poll ok, 4 sessions");

  /* Exactly at the threshold is not over it. */
  data.out_queue_total = 10;
  g_assert_cmpint (evaluate (&data, 10, 50, &summary2), ==, VPOP3CTL_CHECK_OK);
}

static void
test_ok_minimal (void)
{
  Vpop3ctlCheckData data = { 0 };
  g_autofree char *summary = NULL;

  data.sessions = 1;
  g_assert_cmpint (
      evaluate (&data, VPOP3CTL_CHECK_NO_THRESHOLD, VPOP3CTL_CHECK_NO_THRESHOLD, &summary), ==,
      VPOP3CTL_CHECK_OK);
  g_assert_cmpstr (summary, ==, "1 session");
}

static void
test_queue_warning (void)
{
  Vpop3ctlCheckData data = healthy ();
  g_autofree char *summary = NULL;

  data.out_queue_total = 11;
  g_assert_cmpint (evaluate (&data, 10, 50, &summary), ==, VPOP3CTL_CHECK_WARNING);
  g_assert_cmpstr (summary, ==, "out queue 11 is over the warning threshold 10");
}

static void
test_queue_critical (void)
{
  Vpop3ctlCheckData data = healthy ();
  g_autofree char *summary = NULL;
  g_autofree char *summary2 = NULL;

  data.out_queue_total = 51;
  g_assert_cmpint (evaluate (&data, 10, 50, &summary), ==, VPOP3CTL_CHECK_CRITICAL);
  /* Only the critical threshold is mentioned, not both. */
  g_assert_cmpstr (summary, ==, "out queue 51 is over the critical threshold 50");

  /* A critical threshold alone works too; zero means "any mail waiting". */
  data.out_queue_total = 1;
  g_assert_cmpint (evaluate (&data, VPOP3CTL_CHECK_NO_THRESHOLD, 0, &summary2), ==,
                   VPOP3CTL_CHECK_CRITICAL);
}

static void
test_last_poll (void)
{
  Vpop3ctlCheckData data = healthy ();
  g_autofree char *partial = NULL;
  g_autofree char *failed = NULL;
  g_autofree char *none = NULL;

  data.last_poll_result = VPOP3_POLL_RESULT_PARTIAL;
  g_assert_cmpint (evaluate (&data, 10, 50, &partial), ==, VPOP3CTL_CHECK_WARNING);
  g_assert_cmpstr (partial, ==, "some online tasks of the last poll failed");

  data.last_poll_result = VPOP3_POLL_RESULT_FAILED;
  g_assert_cmpint (evaluate (&data, 10, 50, &failed), ==, VPOP3CTL_CHECK_CRITICAL);
  g_assert_cmpstr (failed, ==, "the last poll failed");

  /* Never polled: nothing to complain about. */
  data.has_last_poll = FALSE;
  g_assert_cmpint (evaluate (&data, 10, 50, &none), ==, VPOP3CTL_CHECK_OK);
}

static void
test_queue_not_reported (void)
{
  Vpop3ctlCheckData data = healthy ();
  g_autofree char *summary = NULL;
  g_autofree char *no_threshold = NULL;

  data.has_out_queue = FALSE;
  g_assert_cmpint (evaluate (&data, 10, VPOP3CTL_CHECK_NO_THRESHOLD, &summary), ==,
                   VPOP3CTL_CHECK_UNKNOWN);
  g_assert_nonnull (strstr (summary, "out queue was never reported"));

  /* Without a threshold nobody asked about the queue. */
  g_assert_cmpint (
      evaluate (&data, VPOP3CTL_CHECK_NO_THRESHOLD, VPOP3CTL_CHECK_NO_THRESHOLD, &no_threshold), ==,
      VPOP3CTL_CHECK_OK);
}

static void
test_worst_wins (void)
{
  Vpop3ctlCheckData data = healthy ();
  g_autofree char *critical = NULL;
  g_autofree char *warning = NULL;
  g_autofree char *both = NULL;

  /* UNKNOWN (queue never reported) and CRITICAL (failed poll): CRITICAL, named first. */
  data.has_out_queue = FALSE;
  data.last_poll_result = VPOP3_POLL_RESULT_FAILED;
  g_assert_cmpint (evaluate (&data, 10, 50, &critical), ==, VPOP3CTL_CHECK_CRITICAL);
  g_assert_true (g_str_has_prefix (critical, "the last poll failed, "));
  g_assert_nonnull (strstr (critical, "never reported"));

  /* UNKNOWN and WARNING: WARNING. */
  data.last_poll_result = VPOP3_POLL_RESULT_PARTIAL;
  g_assert_cmpint (evaluate (&data, 10, 50, &warning), ==, VPOP3CTL_CHECK_WARNING);

  /* WARNING (queue) and CRITICAL (poll): CRITICAL first, then the warning. */
  data.has_out_queue = TRUE;
  data.out_queue_total = 20;
  data.last_poll_result = VPOP3_POLL_RESULT_FAILED;
  g_assert_cmpint (evaluate (&data, 10, 50, &both), ==, VPOP3CTL_CHECK_CRITICAL);
  g_assert_cmpstr (both, ==, "the last poll failed, out queue 20 is over the warning threshold 10");
}

static void
test_perfdata (void)
{
  Vpop3ctlCheckData data = healthy ();
  Vpop3ctlCheckThresholds thresholds = { 10, 50 };
  Vpop3ctlCheckThresholds warn_only = { 10, VPOP3CTL_CHECK_NO_THRESHOLD };
  g_autofree char *full = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *partial = NULL;
  g_autofree char *no_queues = NULL;

  full = vpop3ctl_check_perfdata (&data, &thresholds);
  g_assert_cmpstr (full, ==, "out_queue=3;10;50;0 out_held=1;;;0 inboxes=5;;;0 sessions=4;;;0");
  plain = vpop3ctl_check_perfdata (&data, &no_thresholds);
  g_assert_cmpstr (plain, ==, "out_queue=3;;;0 out_held=1;;;0 inboxes=5;;;0 sessions=4;;;0");
  partial = vpop3ctl_check_perfdata (&data, &warn_only);
  g_assert_cmpstr (partial, ==, "out_queue=3;10;;0 out_held=1;;;0 inboxes=5;;;0 sessions=4;;;0");

  /* What was never reported is left out rather than made up. */
  data.has_out_queue = FALSE;
  data.has_inboxes = FALSE;
  no_queues = vpop3ctl_check_perfdata (&data, &thresholds);
  g_assert_cmpstr (no_queues, ==, "sessions=4;;;0");
}

static void
test_format_line (void)
{
  g_autofree char *full =
      vpop3ctl_check_format_line (VPOP3CTL_CHECK_WARNING, "a problem", "sessions=4;;;0");
  g_autofree char *bare = vpop3ctl_check_format_line (VPOP3CTL_CHECK_CRITICAL, "gone", NULL);
  g_autofree char *empty = vpop3ctl_check_format_line (VPOP3CTL_CHECK_OK, "fine", "");
  g_autofree char *hostile =
      vpop3ctl_check_format_line (VPOP3CTL_CHECK_UNKNOWN, "a|b\nc", "x=1;;;0");

  g_assert_cmpstr (full, ==, "VPOP3 WARNING - a problem | sessions=4;;;0");
  g_assert_cmpstr (bare, ==, "VPOP3 CRITICAL - gone");
  g_assert_cmpstr (empty, ==, "VPOP3 OK - fine");
  /* A "|" would start the performance data; a newline would start long output. */
  g_assert_cmpstr (hostile, ==, "VPOP3 UNKNOWN - a/b c | x=1;;;0");
}

static void
test_errors (void)
{
  static const struct
  {
    Vpop3ClientError code;
    Vpop3ctlCheckState check;
    Vpop3ctlExit before_login;
    Vpop3ctlExit after_login;
  } cases[] = {
    { VPOP3_CLIENT_ERROR_LOGIN_REFUSED, VPOP3CTL_CHECK_UNKNOWN, VPOP3CTL_EXIT_LOGIN_REFUSED,
      VPOP3CTL_EXIT_LOGIN_REFUSED },
    { VPOP3_CLIENT_ERROR_ACCESS_DENIED, VPOP3CTL_CHECK_CRITICAL, VPOP3CTL_EXIT_UNREACHABLE,
      VPOP3CTL_EXIT_FAILURE },
    { VPOP3_CLIENT_ERROR_NOT_VPOP3, VPOP3CTL_CHECK_CRITICAL, VPOP3CTL_EXIT_UNREACHABLE,
      VPOP3CTL_EXIT_FAILURE },
    { VPOP3_CLIENT_ERROR_TIMED_OUT, VPOP3CTL_CHECK_CRITICAL, VPOP3CTL_EXIT_UNREACHABLE,
      VPOP3CTL_EXIT_FAILURE },
    { VPOP3_CLIENT_ERROR_NETWORK, VPOP3CTL_CHECK_CRITICAL, VPOP3CTL_EXIT_UNREACHABLE,
      VPOP3CTL_EXIT_FAILURE },
    { VPOP3_CLIENT_ERROR_PROTOCOL, VPOP3CTL_CHECK_UNKNOWN, VPOP3CTL_EXIT_FAILURE,
      VPOP3CTL_EXIT_FAILURE },
    { VPOP3_CLIENT_ERROR_COMMAND_REFUSED, VPOP3CTL_CHECK_UNKNOWN, VPOP3CTL_EXIT_COMMAND_REFUSED,
      VPOP3CTL_EXIT_COMMAND_REFUSED },
    { VPOP3_CLIENT_ERROR_NOT_CONNECTED, VPOP3CTL_CHECK_UNKNOWN, VPOP3CTL_EXIT_FAILURE,
      VPOP3CTL_EXIT_FAILURE },
    { VPOP3_CLIENT_ERROR_INVALID_ARGUMENT, VPOP3CTL_CHECK_UNKNOWN, VPOP3CTL_EXIT_USAGE,
      VPOP3CTL_EXIT_USAGE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = g_error_new_literal (VPOP3_CLIENT_ERROR, cases[i].code, "x");

      g_test_message ("error code %d", cases[i].code);
      g_assert_cmpint (vpop3ctl_check_state_for_error (error), ==, cases[i].check);
      g_assert_cmpint (vpop3ctl_exit_for_error (error, FALSE), ==, cases[i].before_login);
      g_assert_cmpint (vpop3ctl_exit_for_error (error, TRUE), ==, cases[i].after_login);
    }
  g_assert_cmpint (vpop3ctl_exit_for_error (NULL, FALSE), ==, VPOP3CTL_EXIT_OK);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/check/state-names", test_state_names);
  g_test_add_func ("/cli/check/worst", test_worst);
  g_test_add_func ("/cli/check/thresholds-validate", test_thresholds_validate);
  g_test_add_func ("/cli/check/ok", test_ok);
  g_test_add_func ("/cli/check/ok-minimal", test_ok_minimal);
  g_test_add_func ("/cli/check/queue-warning", test_queue_warning);
  g_test_add_func ("/cli/check/queue-critical", test_queue_critical);
  g_test_add_func ("/cli/check/last-poll", test_last_poll);
  g_test_add_func ("/cli/check/queue-not-reported", test_queue_not_reported);
  g_test_add_func ("/cli/check/worst-wins", test_worst_wins);
  g_test_add_func ("/cli/check/perfdata", test_perfdata);
  g_test_add_func ("/cli/check/format-line", test_format_line);
  g_test_add_func ("/cli/check/errors", test_errors);

  return g_test_run ();
}
