/* test-vpop3ctl-watch.c: vpop3ctl's watch and status output, the real
 * binary against the real simulator.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>

#include "cli-harness.h"
#include "vpop3-backoff.h"

/* Each event's members after "event", as NAME:TYPE with the types
 * s string, i integer, n integer or null, b boolean, t UTC time or null,
 * a array of strings, r poll result, k error kind. */
static const struct
{
  const char *event;
  const char *members;
} event_specs[] = {
  { "connected", "host:s port:i" },
  { "login", "build:n" },
  { "log", "time:t text:s" },
  { "connection", "text:s" },
  { "next-poll", "time:t" },
  { "last-poll", "time:t result:r" },
  { "out-queue", "total:i held:i" },
  { "inboxes", "total:i held:i" },
  { "mailbox", "user:s total:i held:i" },
  { "progress", "collect:n send:n threads:i" },
  { "connections", "names:a" },
  { "session", "id:s type:s user:s seconds:i detail:s" },
  { "session-ended", "id:s" },
  { "housekeeper", "text:s" },
  { "message", "time:t from:s text:s" },
  { "permissions",
    "view-connection:b view-queues:b view-user-queues:b view-log:b connect:b shutdown:b" },
  { "unknown", "raw:s" },
  { "reply", "command:s ok:b text:s" },
  { "disconnected", "reason:s" },
  { "error", "kind:k message:s" },
};

static gboolean
is_utc_time (const char *text)
{
  return g_regex_match_simple ("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z$", text, 0,
                               0);
}

static gboolean
is_int (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64;
}

static gboolean
is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

static void
assert_member_type (JsonObject *object, const char *name, char type)
{
  JsonNode *node = json_object_get_member (object, name);

  g_assert_nonnull (node);
  switch (type)
    {
    case 's':
      g_assert_true (is_string (node));
      g_assert_true (g_utf8_validate (json_node_get_string (node), -1, NULL));
      break;
    case 'i':
      g_assert_true (is_int (node));
      g_assert_cmpint (json_node_get_int (node), >=, 0);
      break;
    case 'n':
      g_assert_true (JSON_NODE_HOLDS_NULL (node) || is_int (node));
      break;
    case 'b':
      g_assert_true (JSON_NODE_HOLDS_VALUE (node) &&
                     json_node_get_value_type (node) == G_TYPE_BOOLEAN);
      break;
    case 't':
      g_assert_true (JSON_NODE_HOLDS_NULL (node) ||
                     (is_string (node) && is_utc_time (json_node_get_string (node))));
      break;
    case 'a':
      g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
      for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
        g_assert_true (is_string (json_array_get_element (json_node_get_array (node), i)));
      break;
    case 'r':
      g_assert_true (is_string (node));
      g_assert_true (g_strv_contains ((const char *const[]){ "ok", "partial", "failed", NULL },
                                      json_node_get_string (node)));
      break;
    case 'k':
      g_assert_true (is_string (node));
      g_assert_true (g_strv_contains ((const char *const[]){ "login", "network", "protocol", NULL },
                                      json_node_get_string (node)));
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Checks that @object has exactly the members of its event kind, with their
 * types; returns the kind. */
static const char *
validate_event (JsonObject *object)
{
  const char *event = json_object_get_string_member (object, "event");

  for (gsize i = 0; i < G_N_ELEMENTS (event_specs); i++)
    {
      g_auto (GStrv) members = NULL;

      if (g_strcmp0 (event, event_specs[i].event) != 0)
        continue;
      members = g_strsplit (event_specs[i].members, " ", -1);
      g_assert_cmpuint (json_object_get_size (object), ==, g_strv_length (members) + 1);
      for (char **member = members; *member != NULL; member++)
        {
          char *colon = strchr (*member, ':');

          *colon = '\0';
          assert_member_type (object, *member, colon[1]);
        }
      return event_specs[i].event;
    }
  g_error ("unexpected event “%s”", event);
  return NULL;
}

/* Parses every line of @out; returns the set of event kinds seen. */
static GHashTable *
validate_events (const char *out)
{
  GHashTable *seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_auto (GStrv) lines = g_strsplit (out, "\n", -1);

  g_assert_true (g_utf8_validate (out, -1, NULL));
  for (char **line = lines; *line != NULL; line++)
    {
      g_autoptr (JsonParser) parser = json_parser_new ();
      g_autoptr (GError) error = NULL;

      if (**line == '\0')
        continue;
      /* Compact: one object per line, nothing else. */
      g_assert_true ((*line)[0] == '{');
      json_parser_load_from_data (parser, *line, -1, &error);
      g_assert_no_error (error);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
      g_hash_table_add (
          seen, (gpointer) validate_event (json_node_get_object (json_parser_get_root (parser))));
    }
  return seen;
}

static guint
count (const char *haystack, const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

static guint
simulator_logins (Simulator *sim)
{
  g_autofree char *answer = simulator_query (sim, "stats");
  const char *logins = strstr (answer, "logins=");

  g_assert_nonnull (logins);
  return (guint) g_ascii_strtoull (logins + strlen ("logins="), NULL, 10);
}

static void
test_watch_json_busy (void)
{
  g_autoptr (Simulator) sim = simulator_start ("--scenario", "busy", NULL);
  CtlOptions options = { .sim = sim };
  CtlProcess *watch = ctl_spawn (&options, "watch", "--json", NULL);
  g_autoptr (CtlResult) result = NULL;
  g_autoptr (GHashTable) seen = NULL;
  Vpop3Backoff backoff;
  guint soonest_retry_ms;
  gint64 dropped_at;
  const char *expected[] = { "connected",    "login",       "log",         "connection",
                             "next-poll",    "last-poll",   "out-queue",   "inboxes",
                             "progress",     "connections", "session",     "session-ended",
                             "housekeeper",  "message",     "permissions", "unknown",
                             "disconnected", "error" };

  /* Rare events, forced once it is logged in so that each kind shows up.
   * The message goes last: once watch has printed it, it has the rest. */
  g_assert_true (ctl_process_wait_lines (watch, "{\"event\":\"login\"", 1));
  simulator_control (sim, "raw Zsomething the client does not know");
  simulator_control (sim, "last-poll partial");
  simulator_control (sim, "end-session 1021");
  simulator_control (sim, "progress 40 - 0");
  simulator_control (sim, "message admin Coffee?");
  g_assert_true (ctl_process_wait_lines (watch, "Coffee?", 1));

  /* A lost connection: watch reports it and logs in again, after the
   * client's back-off. */
  dropped_at = g_get_monotonic_time ();
  simulator_control (sim, "drop");
  g_assert_true (ctl_process_wait_lines (watch, "{\"event\":\"login\"", 2));
  /* Never sooner than the back-off allows (no upper bound: that is the
   * machine's speed). */
  vpop3_backoff_init (&backoff, VPOP3_BACKOFF_DEFAULT_INITIAL_MS, VPOP3_BACKOFF_DEFAULT_MAX_MS);
  vpop3_backoff_bounds (&backoff, 0, &soonest_retry_ms, NULL);
  g_assert_cmpint (g_get_monotonic_time () - dropped_at, >=,
                   (gint64) soonest_retry_ms * G_TIME_SPAN_MILLISECOND);

  /* SIGTERM: a polite goodbye and exit 0. */
  ctl_process_send_signal (watch, SIGTERM);
  result = ctl_process_finish (watch);
  g_assert_cmpint (result->status, ==, 0);
  seen = validate_events (result->out);
  for (gsize i = 0; i < G_N_ELEMENTS (expected); i++)
    if (!g_hash_table_contains (seen, expected[i]))
      g_error ("watch --json printed no “%s” event", expected[i]);
  /* Logged in twice, before and after the drop, and the server agrees. */
  g_assert_cmpuint (count (result->out, "{\"event\":\"login\""), ==, 2);
  g_assert_cmpuint (count (result->out, "{\"event\":\"disconnected\""), >=, 1);
  g_assert_cmpuint (simulator_logins (sim), ==, 2);
  /* The one event watch never prints: a command's reply. */
  {
    CtlOptions once = { .sim = sim };
    g_autoptr (CtlResult) connect = ctl_run (&once, "connect", "--json", NULL);
    g_autoptr (GHashTable) reply = validate_events (connect->out);

    g_assert_cmpint (connect->status, ==, 0);
    g_assert_true (g_hash_table_contains (reply, "reply"));
  }
}

static void
test_watch_text (void)
{
  g_autoptr (Simulator) sim = simulator_start (NULL);
  CtlProcess *watch = NULL;
  g_autoptr (CtlResult) result = NULL;
  g_autoptr (GRegex) stamp = g_regex_new ("^\\d\\d:\\d\\d:\\d\\d  ", G_REGEX_MULTILINE, 0, NULL);
  g_auto (GStrv) lines = NULL;
  CtlOptions options = { .sim = sim };

  simulator_control (sim, "out-queue 21 2");
  watch = ctl_spawn (&options, "watch", NULL);
  /* What the login brings, then SIGTERM. */
  g_assert_true (ctl_process_wait_lines (watch, "  logged in (server build 2886)", 1));
  g_assert_true (ctl_process_wait_lines (watch, "  out queue: 21 (2)", 1));
  g_assert_true (ctl_process_wait_lines (watch, "  log  ", 1));
  ctl_process_send_signal (watch, SIGTERM);
  result = ctl_process_finish (watch);
  g_assert_cmpint (result->status, ==, 0);
  assert_contains (result->out, "  out queue: 21 (2)\n");
  assert_contains (result->out, "  logged in (server build 2886)\n");
  /* Every line begins with the local time. */
  lines = g_strsplit (result->out, "\n", -1);
  for (char **line = lines; *line != NULL; line++)
    if (**line != '\0')
      g_assert_true (g_regex_match (stamp, *line, 0, NULL));
}

/* status */

static JsonObject *
status_json (Simulator *sim, JsonParser *parser, const char *user, const char *password)
{
  CtlOptions options = { .sim = sim, .user = user, .password = password };
  g_autoptr (CtlResult) result = ctl_run (&options, "status", "--json", "--settle", "150", NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *line = g_strstrip (g_strdup (result->out));

  g_assert_cmpint (result->status, ==, 0);
  g_assert_null (strchr (line, '\n'));
  json_parser_load_from_data (parser, line, -1, &error);
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

static void
test_status_json (void)
{
  g_autoptr (Simulator) sim = simulator_start ("--build", "3001", NULL);
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *status;
  JsonObject *pair;
  JsonArray *array;
  const char *keys[] = { "connected", "build",       "connection",  "out_queue",   "inboxes",
                         "next_poll", "last_poll",   "progress",    "connections", "sessions",
                         "mailboxes", "housekeeper", "permissions", "log" };

  simulator_control (sim, "out-queue 3 1");
  simulator_control (sim, "last-poll failed");
  status = status_json (sim, parser, NULL, NULL);

  g_assert_cmpuint (json_object_get_size (status), ==, G_N_ELEMENTS (keys));
  for (gsize i = 0; i < G_N_ELEMENTS (keys); i++)
    g_assert_true (json_object_has_member (status, keys[i]));
  g_assert_true (json_object_get_boolean_member (status, "connected"));
  g_assert_cmpint (json_object_get_int_member (status, "build"), ==, 3001);
  assert_member_type (status, "connection", 's');
  pair = json_object_get_object_member (status, "out_queue");
  g_assert_cmpint (json_object_get_int_member (pair, "total"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (pair, "held"), ==, 1);
  pair = json_object_get_object_member (status, "inboxes");
  assert_member_type (pair, "total", 'i');
  assert_member_type (pair, "held", 'i');
  assert_member_type (status, "next_poll", 't');
  pair = json_object_get_object_member (status, "last_poll");
  assert_member_type (pair, "time", 't');
  g_assert_cmpstr (json_object_get_string_member (pair, "result"), ==, "failed");
  /* No poll running in the quiet office: never reported. */
  g_assert_true (json_object_get_null_member (status, "progress"));
  assert_member_type (status, "connections", 'a');
  assert_member_type (status, "housekeeper", 's');
  pair = json_object_get_object_member (status, "permissions");
  g_assert_true (json_object_get_boolean_member (pair, "shutdown"));
  g_assert_cmpuint (json_object_get_size (pair), ==, 6);

  array = json_object_get_array_member (status, "sessions");
  g_assert_cmpuint (json_array_get_length (array), >, 0);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *session = json_array_get_object_element (array, i);

      g_assert_cmpuint (json_object_get_size (session), ==, 5);
      assert_member_type (session, "id", 's');
      assert_member_type (session, "type", 's');
      assert_member_type (session, "user", 's');
      assert_member_type (session, "seconds", 'i');
      assert_member_type (session, "detail", 's');
    }
  array = json_object_get_array_member (status, "log");
  g_assert_cmpuint (json_array_get_length (array), >, 0);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *entry = json_array_get_object_element (array, i);

      g_assert_cmpuint (json_object_get_size (entry), ==, 2);
      assert_member_type (entry, "time", 't');
      assert_member_type (entry, "text", 's');
    }
}

static void
test_status_json_limited_user (void)
{
  g_autoptr (Simulator) sim = simulator_start ("--user", "viewer:pw:100000", NULL);
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *status = status_json (sim, parser, "viewer", "pw");

  /* Only the connection status is allowed: everything else was never sent. */
  assert_member_type (status, "connection", 's');
  g_assert_true (json_object_get_null_member (status, "out_queue"));
  g_assert_true (json_object_get_null_member (status, "inboxes"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (status, "log")), ==, 0);
  g_assert_false (json_object_get_boolean_member (
      json_object_get_object_member (status, "permissions"), "view-queues"));
}

static void
test_status_text (void)
{
  g_autoptr (Simulator) sim = simulator_start (NULL);
  CtlOptions options = { .sim = sim };
  g_autoptr (CtlResult) result = NULL;

  simulator_control (sim, "out-queue 21 2");
  simulator_control (sim, "last-poll partial");
  /* Options after the command work as well as before it. */
  result = ctl_run (&options, "status", "--settle", "150", NULL);
  g_assert_cmpint (result->status, ==, 0);
  /* An aligned block: the values start in one column. */
  assert_contains (result->out, "Out queue:    21 (2)\n");
  assert_contains (result->out, "Connection:   ");
  assert_contains (result->out, "Inboxes:      ");
  assert_contains (result->out, "(some tasks failed)\n");
  assert_contains (result->out, "Next poll:    ");
  assert_contains (result->out, "Sessions:     ");
  assert_contains (result->out, "Build:        2886\n");
  assert_contains (result->out, "Server:       127.0.0.1 port ");
}

static void
hang_up_cb (Vpop3Simulator *server, const char *user, gpointer user_data)
{
  /* After the login reply and the burst, which the client still gets. */
  vpop3_simulator_hang_up_all (server);
}

static void
test_status_connection_lost (void)
{
  g_autoptr (Simulator) sim = simulator_new_in_process (VPOP3_SIMULATOR_MISBEHAVIOUR_NONE);
  CtlOptions options = { .sim = sim };
  g_autoptr (CtlResult) status = NULL;
  g_autoptr (CtlResult) check = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_auto (GStrv) lines = NULL;
  JsonObject *snapshot;

  /* Lost while waiting for the burst to settle: what came is still printed,
   * marked as no longer connected, and the exit code says it failed. The
   * server hangs up right after the burst, and --settle is longer than the
   * --timeout cap (10 s), so nothing else can end the run first. */
  g_signal_connect (sim->server, "peer-logged-in", G_CALLBACK (hang_up_cb), NULL);
  status = ctl_run (&options, "status", "--json", "--settle", "600000", NULL);
  g_assert_cmpint (status->status, ==, 1);
  lines = g_strsplit (status->out, "\n", -1);
  json_parser_load_from_data (parser, lines[0], -1, NULL);
  snapshot = json_node_get_object (json_parser_get_root (parser));
  g_assert_false (json_object_get_boolean_member (snapshot, "connected"));
  g_assert_false (json_object_get_null_member (snapshot, "out_queue"));
  assert_contains (lines[1], "\"event\":\"error\"");

  check = ctl_run (&options, "check", "--settle", "600000", NULL);
  g_assert_cmpint (check->status, ==, 2);
  g_assert_true (g_str_has_prefix (check->out, "VPOP3 CRITICAL - connection lost: "));
  g_assert_cmpuint (simulator_login_attempts (sim), ==, 2);
}

int
main (int argc, char **argv)
{
  harness_init (&argc, &argv);

  g_test_add_func ("/cli/watch/json-busy", test_watch_json_busy);
  g_test_add_func ("/cli/watch/text", test_watch_text);
  g_test_add_func ("/cli/status/json", test_status_json);
  g_test_add_func ("/cli/status/json-limited-user", test_status_json_limited_user);
  g_test_add_func ("/cli/status/text", test_status_text);
  g_test_add_func ("/cli/status/connection-lost", test_status_connection_lost);

  return g_test_run ();
}
