/* test-vpop3ctl-json.c: vpop3ctl's JSON events and snapshot, from parsed lines, without a network.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "vpop3-client.h"
#include "vpop3ctl-json.h"
#include "vpop3ctl-metrics.h"

static char *
line_for (JsonNode *node)
{
  char *line = vpop3ctl_json_to_line (node);

  json_node_unref (node);
  return line;
}

static void
assert_update_json (const char *wire, const char *expected)
{
  g_autoptr (Vpop3Update) update = vpop3_update_parse (wire, strlen (wire));
  g_autofree char *json = line_for (vpop3ctl_json_update (update));

  g_test_message ("%s", wire);
  g_assert_cmpstr (json, ==, expected);
}

static void
test_updates (void)
{
  assert_update_json ("001D5566C45837F00Connected to mail.example.com",
                      "{\"event\":\"log\",\"time\":\"2019-08-19T08:58:30Z\","
                      "\"text\":\"Connected to mail.example.com\"}");
  assert_update_json ("1Idle", "{\"event\":\"connection\",\"text\":\"Idle\"}");
  assert_update_json ("201CE6051DF94A000",
                      "{\"event\":\"next-poll\",\"time\":\"2013-06-03T12:00:00Z\"}");
  assert_update_json ("20000000000000000", "{\"event\":\"next-poll\",\"time\":null}");
  assert_update_json ("301CE6051DF94A000\tpartial",
                      "{\"event\":\"last-poll\",\"time\":\"2013-06-03T12:00:00Z\","
                      "\"result\":\"partial\"}");
  assert_update_json ("30000000000000000\tfailed",
                      "{\"event\":\"last-poll\",\"time\":null,\"result\":\"failed\"}");
  assert_update_json ("421\t2", "{\"event\":\"out-queue\",\"total\":21,\"held\":2}");
  assert_update_json ("55\t0", "{\"event\":\"inboxes\",\"total\":5,\"held\":0}");
  assert_update_json ("UJean Dupont\t3\t1",
                      "{\"event\":\"mailbox\",\"user\":\"Jean Dupont\",\"total\":3,\"held\":1}");
  assert_update_json ("6-\t40\t2",
                      "{\"event\":\"progress\",\"collect\":null,\"send\":40,\"threads\":2}");
  assert_update_json ("7Internet Mail\tBackup",
                      "{\"event\":\"connections\",\"names\":[\"Internet Mail\",\"Backup\"]}");
  assert_update_json ("7", "{\"event\":\"connections\",\"names\":[]}");
  assert_update_json ("8SMTP-12\tSMTP Server\tbob 10.0.0.5\t62\tRECEIVING",
                      "{\"event\":\"session\",\"id\":\"SMTP-12\",\"type\":\"SMTP Server\","
                      "\"user\":\"bob 10.0.0.5\",\"seconds\":62,\"detail\":\"RECEIVING\"}");
  assert_update_json ("9SMTP-12", "{\"event\":\"session-ended\",\"id\":\"SMTP-12\"}");
  assert_update_json ("HSleeping", "{\"event\":\"housekeeper\",\"text\":\"Sleeping\"}");
  assert_update_json ("M01CE6051DF94A000\tadmin\tLunch?",
                      "{\"event\":\"message\",\"time\":\"2013-06-03T12:00:00Z\","
                      "\"from\":\"admin\",\"text\":\"Lunch?\"}");
  assert_update_json ("P110100",
                      "{\"event\":\"permissions\",\"view-connection\":true,\"view-queues\":true,"
                      "\"view-user-queues\":false,\"view-log\":true,\"connect\":false,"
                      "\"shutdown\":false}");
  assert_update_json ("Zsomething new", "{\"event\":\"unknown\",\"raw\":\"Zsomething new\"}");
  /* Text that is not UTF-8 arrives decoded (Windows-1252) and leaves as valid JSON. */
  assert_update_json ("1Caf\xe9", "{\"event\":\"connection\",\"text\":\"Caf\xc3\xa9\"}");
}

static void
test_reply_is_not_an_update (void)
{
  g_autoptr (Vpop3Update) update = vpop3_update_parse ("+OK done", 8);

  g_assert_cmpint (update->type, ==, VPOP3_UPDATE_REPLY);
  g_assert_null (vpop3ctl_json_update (update));
}

/* What JSON users read as the kind of a failure. */
static void
test_error_kind (void)
{
  static const struct
  {
    int code;
    const char *kind;
  } cases[] = {
    { VPOP3_CLIENT_ERROR_LOGIN_REFUSED, "login" },
    { VPOP3_CLIENT_ERROR_ACCESS_DENIED, "login" },
    { VPOP3_CLIENT_ERROR_INVALID_ARGUMENT, "login" },
    { VPOP3_CLIENT_ERROR_TIMED_OUT, "network" },
    { VPOP3_CLIENT_ERROR_NETWORK, "network" },
    { VPOP3_CLIENT_ERROR_NOT_CONNECTED, "network" },
    { VPOP3_CLIENT_ERROR_NOT_VPOP3, "protocol" },
    { VPOP3_CLIENT_ERROR_PROTOCOL, "protocol" },
    { VPOP3_CLIENT_ERROR_COMMAND_REFUSED, "protocol" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = g_error_new_literal (VPOP3_CLIENT_ERROR, cases[i].code, "x");

      g_assert_cmpstr (vpop3ctl_error_kind (error), ==, cases[i].kind);
    }
  {
    /* Another domain: GIO's own, from the socket. */
    g_autoptr (GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED, "x");

    g_assert_cmpstr (vpop3ctl_error_kind (error), ==, "network");
  }
}

static void
test_other_events (void)
{
  g_autoptr (GError) error =
      g_error_new_literal (VPOP3_CLIENT_ERROR, VPOP3_CLIENT_ERROR_LOGIN_REFUSED, "bad \"pw\"");
  g_autofree char *connected = line_for (vpop3ctl_json_connected ("mail.example.com", 5109));
  g_autofree char *login = line_for (vpop3ctl_json_login (2886));
  g_autofree char *login_no_build = line_for (vpop3ctl_json_login (-1));
  g_autofree char *reply = line_for (vpop3ctl_json_reply ("CONNECT Internet Mail", TRUE, "ok"));
  g_autofree char *refused = line_for (vpop3ctl_json_reply ("ENDSESSION x", FALSE, "No such"));
  g_autofree char *disconnected = line_for (vpop3ctl_json_disconnected ("closed"));
  g_autofree char *err = line_for (vpop3ctl_json_error (error));

  g_assert_cmpstr (connected, ==,
                   "{\"event\":\"connected\",\"host\":\"mail.example.com\",\"port\":5109}");
  g_assert_cmpstr (login, ==, "{\"event\":\"login\",\"build\":2886}");
  g_assert_cmpstr (login_no_build, ==, "{\"event\":\"login\",\"build\":null}");
  g_assert_cmpstr (reply, ==,
                   "{\"event\":\"reply\",\"command\":\"CONNECT Internet Mail\",\"ok\":true,"
                   "\"text\":\"ok\"}");
  g_assert_cmpstr (refused, ==,
                   "{\"event\":\"reply\",\"command\":\"ENDSESSION x\",\"ok\":false,"
                   "\"text\":\"No such\"}");
  g_assert_cmpstr (disconnected, ==, "{\"event\":\"disconnected\",\"reason\":\"closed\"}");
  g_assert_cmpstr (err, ==,
                   "{\"event\":\"error\",\"kind\":\"login\",\"message\":\"bad \\\"pw\\\"\"}");
}

static void
test_time_format (void)
{
  g_autoptr (GTimeZone) zone = g_time_zone_new_offset (2 * 3600);
  g_autoptr (GDateTime) local = g_date_time_new (zone, 2026, 11, 21, 16, 2, 11);
  g_autofree char *iso = vpop3ctl_json_format_time (local);

  /* Always UTC with "Z", whatever zone the time came in. */
  g_assert_cmpstr (iso, ==, "2026-11-21T14:02:11Z");
  g_assert_null (vpop3ctl_json_format_time (NULL));
}

static void
apply (Vpop3Status *status, const char *wire)
{
  g_autoptr (Vpop3Update) update = vpop3_update_parse (wire, strlen (wire));

  vpop3_status_apply (status, update);
}

static void
test_status_empty (void)
{
  g_autoptr (Vpop3Status) status = vpop3_status_new ();
  g_autofree char *json = line_for (vpop3ctl_json_status (status, TRUE));

  g_assert_cmpstr (json, ==,
                   "{\"connected\":true,\"build\":null,\"connection\":null,\"out_queue\":null,"
                   "\"inboxes\":null,\"next_poll\":null,\"last_poll\":null,\"progress\":null,"
                   "\"connections\":null,\"sessions\":[],\"mailboxes\":[],\"housekeeper\":null,"
                   "\"permissions\":null,\"log\":[]}");
}

static void
test_status_full (void)
{
  g_autoptr (Vpop3Status) status = vpop3_status_new ();
  g_autoptr (JsonNode) node = NULL;
  JsonObject *object;
  JsonObject *session;

  vpop3_status_set_build (status, 2886);
  apply (status, "1Idle");
  apply (status, "201CE6051DF94A000");
  apply (status, "301CE6051DF94A000\tok");
  apply (status, "421\t2");
  apply (status, "55\t0");
  apply (status, "640\t-\t0");
  apply (status, "7Internet Mail");
  apply (status, "HSleeping");
  apply (status, "8POP3-3\tPOP3 Server\tcarol\t10\tIDLE");
  apply (status, "P111111");
  apply (status, "001D5566C45837F00Connected to mail.example.com");
  apply (status, "Ubob\t2\t0");
  apply (status, "Ualice\t3\t1");
  apply (status, "Ucarol\t0\t0");

  node = vpop3ctl_json_status (status, FALSE);
  object = json_node_get_object (node);
  g_assert_false (json_object_get_boolean_member (object, "connected"));
  g_assert_cmpint (json_object_get_int_member (object, "build"), ==, 2886);
  g_assert_cmpstr (json_object_get_string_member (object, "connection"), ==, "Idle");
  g_assert_cmpint (
      json_object_get_int_member (json_object_get_object_member (object, "out_queue"), "total"), ==,
      21);
  g_assert_cmpint (
      json_object_get_int_member (json_object_get_object_member (object, "out_queue"), "held"), ==,
      2);
  g_assert_cmpint (
      json_object_get_int_member (json_object_get_object_member (object, "inboxes"), "total"), ==,
      5);
  g_assert_cmpstr (json_object_get_string_member (object, "next_poll"), ==, "2013-06-03T12:00:00Z");
  g_assert_cmpstr (
      json_object_get_string_member (json_object_get_object_member (object, "last_poll"), "result"),
      ==, "ok");
  g_assert_cmpint (
      json_object_get_int_member (json_object_get_object_member (object, "progress"), "collect"),
      ==, 40);
  g_assert_true (
      json_object_get_null_member (json_object_get_object_member (object, "progress"), "send"));
  g_assert_cmpstr (
      json_array_get_string_element (json_object_get_array_member (object, "connections"), 0), ==,
      "Internet Mail");
  g_assert_cmpstr (json_object_get_string_member (object, "housekeeper"), ==, "Sleeping");
  g_assert_true (json_object_get_boolean_member (
      json_object_get_object_member (object, "permissions"), "shutdown"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "sessions")), ==,
                    1);
  session = json_array_get_object_element (json_object_get_array_member (object, "sessions"), 0);
  g_assert_cmpstr (json_object_get_string_member (session, "id"), ==, "POP3-3");
  g_assert_cmpstr (json_object_get_string_member (session, "type"), ==, "POP3 Server");
  g_assert_cmpstr (json_object_get_string_member (session, "user"), ==, "carol");
  g_assert_cmpint (json_object_get_int_member (session, "seconds"), >=, 10);
  g_assert_cmpstr (json_object_get_string_member (session, "detail"), ==, "IDLE");
  g_assert_false (json_object_has_member (session, "event"));
  {
    g_autofree char *mailboxes =
        json_to_string (json_object_get_member (object, "mailboxes"), FALSE);

    g_assert_cmpstr (mailboxes, ==,
                     "[{\"user\":\"alice\",\"total\":3,\"held\":1},"
                     "{\"user\":\"bob\",\"total\":2,\"held\":0}]");
  }
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "log")), ==, 1);
  g_assert_cmpstr (
      json_object_get_string_member (
          json_array_get_object_element (json_object_get_array_member (object, "log"), 0), "time"),
      ==, "2019-08-19T08:58:30Z");
}

static void
test_survey (void)
{
  g_autoptr (Vpop3Status) status = vpop3_status_new ();
  g_autofree char *json = NULL;
  g_autofree char *empty = NULL;
  g_autofree char *v6 = vpop3ctl_format_server ("::1", 5109);

  empty = line_for (vpop3ctl_json_survey (vpop3_status_get_census (status), "mail", 5109));
  g_assert_cmpstr (empty, ==, "{\"server\":\"mail:5109\",\"build\":null,\"types\":[]}");

  vpop3_status_set_build (status, 2886);
  apply (status, "1Idle");
  apply (status, "4 21 2");
  apply (status, "Ualice\t3\t1");
  apply (status, "X\x1b[2J");
  json = line_for (vpop3ctl_json_survey (vpop3_status_get_census (status), "mail", 5109));
  g_assert_cmpstr (json, ==,
                   "{\"server\":\"mail:5109\",\"build\":2886,\"types\":["
                   "{\"type\":\"1\",\"kind\":\"documented\",\"count\":1,\"invalid\":0,"
                   "\"longest\":5,\"sample\":\"1Idle\"},"
                   "{\"type\":\"4\",\"kind\":\"provisional\",\"count\":1,\"invalid\":1,"
                   "\"longest\":6,\"sample\":\"4 21 2\"},"
                   "{\"type\":\"U\",\"kind\":\"provisional\",\"count\":1,\"invalid\":0,"
                   "\"longest\":10,\"sample\":\"Ualice\\\\t3\\\\t1\"},"
                   "{\"type\":\"X\",\"kind\":\"unknown\",\"count\":1,\"invalid\":1,"
                   "\"longest\":5,\"sample\":\"X\\\\x1b[2J\"}]}");
  g_assert_cmpstr (v6, ==, "[::1]:5109");
}

static void
test_metrics_escape (void)
{
  g_autofree char *plain = vpop3ctl_metrics_escape_label ("Jean Dupont");
  g_autofree char *special = vpop3ctl_metrics_escape_label ("a\\b\"c\nd\x1b[2J\x7f\tü");

  g_assert_cmpstr (plain, ==, "Jean Dupont");
  /* Only \\, \" and \n are escapes of the format; other control characters
   * become the text \xNN, its backslash escaped. */
  g_assert_cmpstr (special, ==, "a\\\\b\\\"c\\nd\\\\x1b[2J\\\\x7f\\\\x09ü");
}

static void
test_metrics_down (void)
{
  g_autofree char *text = vpop3ctl_metrics_format (NULL, "mail:5109");

  g_assert_cmpstr (text, ==,
                   "# HELP vpop3_up 1 when the VPOP3 status service answered and accepted the "
                   "login, else 0.\n"
                   "# TYPE vpop3_up gauge\n"
                   "vpop3_up{server=\"mail:5109\"} 0\n");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/json/updates", test_updates);
  g_test_add_func ("/cli/json/reply-is-not-an-update", test_reply_is_not_an_update);
  g_test_add_func ("/cli/json/other-events", test_other_events);
  g_test_add_func ("/cli/json/error-kind", test_error_kind);
  g_test_add_func ("/cli/json/time-format", test_time_format);
  g_test_add_func ("/cli/json/status-empty", test_status_empty);
  g_test_add_func ("/cli/json/status-full", test_status_full);
  g_test_add_func ("/cli/json/survey", test_survey);
  g_test_add_func ("/cli/metrics/escape", test_metrics_escape);
  g_test_add_func ("/cli/metrics/down", test_metrics_down);

  return g_test_run ();
}
