/* test-update-format.c: formatting updates, the round trip back through the
 * parser, refusals, and the small helpers of vpop3-update.h.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <glib.h>

#include "vpop3-update.h"

static GDateTime *
vector_2019 (void)
{
  /* FILETIME 01D5566C45837F00 (§6). */
  return g_date_time_new_utc (2019, 8, 19, 8, 58, 30);
}

static GDateTime *
vector_2013 (void)
{
  /* FILETIME 01CE6051DF94A000 (§6). */
  return g_date_time_new_utc (2013, 6, 3, 12, 0, 0);
}

/* Formats @update, checks the exact line, parses it back and checks that
 * the result equals @update. Takes @update. */
static void
assert_round_trip (Vpop3Update *update, const char *expected_line)
{
  g_autoptr (Vpop3Update) owned = update;
  g_autofree char *line = vpop3_update_format (owned);
  g_autoptr (Vpop3Update) parsed = NULL;

  g_assert_cmpstr (line, ==, expected_line);
  parsed = vpop3_update_parse (line, strlen (line));
  g_assert_cmpint (parsed->type, ==, owned->type);
  g_assert_cmpstr (parsed->raw, ==, line);
  g_assert_true (vpop3_update_equal (parsed, owned));
  g_assert_true (vpop3_update_equal (owned, parsed));
}

/* Checks that @update cannot be formatted. Takes @update. */
static void
assert_refused (Vpop3Update *update)
{
  g_autoptr (Vpop3Update) owned = update;
  g_autofree char *line = vpop3_update_format (owned);

  if (line != NULL)
    g_error ("formatted as “%s”, expected a refusal", g_strescape (line, NULL));
}

static Vpop3Update *
new_text (Vpop3UpdateType type, const char *text)
{
  Vpop3Update *update = vpop3_update_new (type);

  update->text = g_strdup (text);
  return update;
}

static Vpop3Update *
new_log (GDateTime *time, const char *text)
{
  Vpop3Update *update = new_text (VPOP3_UPDATE_LOG, text);

  update->time = time;
  return update;
}

static Vpop3Update *
new_poll (Vpop3UpdateType type, GDateTime *time, Vpop3PollResult result)
{
  Vpop3Update *update = vpop3_update_new (type);

  update->time = time;
  update->result = result;
  return update;
}

static Vpop3Update *
new_queue (Vpop3UpdateType type, guint total, guint held)
{
  Vpop3Update *update = vpop3_update_new (type);

  update->total = total;
  update->held = held;
  return update;
}

static Vpop3Update *
new_mailbox (const char *user, guint total, guint held)
{
  Vpop3Update *update = new_queue (VPOP3_UPDATE_MAILBOX, total, held);

  update->user = g_strdup (user);
  return update;
}

static Vpop3Update *
new_progress (int collect, int send, guint threads)
{
  Vpop3Update *update = vpop3_update_new (VPOP3_UPDATE_PROGRESS);

  update->collect = collect;
  update->send = send;
  update->threads = threads;
  return update;
}

static Vpop3Update *
new_connections (const char *const *names)
{
  Vpop3Update *update = vpop3_update_new (VPOP3_UPDATE_CONNECTIONS);

  update->names = g_strdupv ((char **) names);
  return update;
}

static Vpop3Update *
new_session (
    const char *id, const char *session_type, const char *user, guint seconds, const char *detail)
{
  Vpop3Update *update = new_text (VPOP3_UPDATE_SESSION, detail);

  update->id = g_strdup (id);
  update->session_type = g_strdup (session_type);
  update->user = g_strdup (user);
  update->seconds = seconds;
  return update;
}

static Vpop3Update *
new_session_ended (const char *id)
{
  Vpop3Update *update = vpop3_update_new (VPOP3_UPDATE_SESSION_ENDED);

  update->id = g_strdup (id);
  return update;
}

static Vpop3Update *
new_message (GDateTime *time, const char *from, const char *text)
{
  Vpop3Update *update = new_text (VPOP3_UPDATE_MESSAGE, text);

  update->time = time;
  update->user = g_strdup (from);
  return update;
}

static Vpop3Update *
new_permissions (Vpop3Permissions permissions)
{
  Vpop3Update *update = vpop3_update_new (VPOP3_UPDATE_PERMISSIONS);

  update->permissions = permissions;
  return update;
}

static void
test_round_trip_log (void)
{
  g_autoptr (GDateTime) base = vector_2019 ();

  /* The documented example line (§3). */
  assert_round_trip (new_log (vector_2019 (), "Connected to mail.example.com"),
                     "001D5566C45837F00Connected to mail.example.com");
  assert_round_trip (new_log (vector_2013 (), "Verbindung zu straße.example — “ok” €"),
                     "001CE6051DF94A000Verbindung zu straße.example — “ok” €");
  /* Microseconds survive: a FILETIME counts 100 ns. */
  assert_round_trip (new_log (g_date_time_add (base, 123456), "x"), "001D5566C45965580x");
}

static void
test_round_trip_connection (void)
{
  assert_round_trip (new_text (VPOP3_UPDATE_CONNECTION, "Idle"), "1Idle");
  /* Rows 0 and 1 carry a CR as it came. */
  assert_round_trip (new_text (VPOP3_UPDATE_CONNECTION, "Idle\r"), "1Idle\r");
  assert_round_trip (new_log (vector_2019 (), "first\rsecond"), "001D5566C45837F00first\rsecond");
  assert_round_trip (new_text (VPOP3_UPDATE_CONNECTION, "Sending to smtp.example.com"),
                     "1Sending to smtp.example.com");
}

static void
test_round_trip_polls (void)
{
  assert_round_trip (new_poll (VPOP3_UPDATE_NEXT_POLL, vector_2013 (), VPOP3_POLL_RESULT_NONE),
                     "201CE6051DF94A000");
  /* No time is "none": sixteen zeros. */
  assert_round_trip (new_poll (VPOP3_UPDATE_NEXT_POLL, NULL, VPOP3_POLL_RESULT_NONE),
                     "20000000000000000");
  assert_round_trip (new_poll (VPOP3_UPDATE_LAST_POLL, vector_2019 (), VPOP3_POLL_RESULT_OK),
                     "301D5566C45837F00\tok");
  assert_round_trip (new_poll (VPOP3_UPDATE_LAST_POLL, vector_2013 (), VPOP3_POLL_RESULT_PARTIAL),
                     "301CE6051DF94A000\tpartial");
  assert_round_trip (new_poll (VPOP3_UPDATE_LAST_POLL, NULL, VPOP3_POLL_RESULT_FAILED),
                     "30000000000000000\tfailed");
}

static void
test_round_trip_queues (void)
{
  assert_round_trip (new_queue (VPOP3_UPDATE_OUT_QUEUE, 21, 2), "421\t2");
  assert_round_trip (new_queue (VPOP3_UPDATE_OUT_QUEUE, 0, 0), "40\t0");
  assert_round_trip (new_queue (VPOP3_UPDATE_INBOXES, 7, 0), "57\t0");
  assert_round_trip (new_queue (VPOP3_UPDATE_INBOXES, G_MAXINT, G_MAXINT),
                     "52147483647\t2147483647");
}

static void
test_round_trip_mailbox (void)
{
  assert_round_trip (new_mailbox ("alice", 3, 1), "Ualice\t3\t1");
  assert_round_trip (new_mailbox ("Jean Dupont", 0, 0), "UJean Dupont\t0\t0");
  assert_round_trip (new_mailbox ("bob", G_MAXINT, 0), "Ubob\t2147483647\t0");
}

static void
test_round_trip_progress (void)
{
  assert_round_trip (new_progress (50, VPOP3_PROGRESS_IDLE, 0), "650\t-\t0");
  assert_round_trip (new_progress (VPOP3_PROGRESS_IDLE, 100, 3), "6-\t100\t3");
  assert_round_trip (new_progress (0, 0, 12), "60\t0\t12");
  assert_round_trip (new_progress (VPOP3_PROGRESS_IDLE, VPOP3_PROGRESS_IDLE, 0), "6-\t-\t0");
}

static void
test_round_trip_connections (void)
{
  const char *const none[] = { NULL };
  const char *const one[] = { "Dial-up", NULL };
  const char *const three[] = { "Dial-up", "Broadband ISP", "Backup — ISDN", NULL };

  assert_round_trip (new_connections (none), "7");
  assert_round_trip (new_connections (one), "7Dial-up");
  assert_round_trip (new_connections (three), "7Dial-up\tBroadband ISP\tBackup — ISDN");
}

static void
test_round_trip_sessions (void)
{
  assert_round_trip (
      new_session ("12", "SMTP Server", "postmaster (192.168.1.20)", 75, "RECV DATA"),
      "812\tSMTP Server\tpostmaster (192.168.1.20)\t75\tRECV DATA");
  assert_round_trip (new_session ("3", "IMAP4 Server", "alice", 0, "IDLE"),
                     "83\tIMAP4 Server\talice\t0\tIDLE");
  assert_round_trip (new_session_ended ("12"), "912");
}

static void
test_round_trip_housekeeper (void)
{
  assert_round_trip (new_text (VPOP3_UPDATE_HOUSEKEEPER, "Compacting mailboxes"),
                     "HCompacting mailboxes");
}

static void
test_round_trip_message (void)
{
  assert_round_trip (new_message (vector_2019 (), "alice", "Lunch at one?"),
                     "M01D5566C45837F00\talice\tLunch at one?");
}

static void
test_round_trip_permissions (void)
{
  assert_round_trip (new_permissions (VPOP3_PERMISSION_ALL), "P111111");
  assert_round_trip (new_permissions (VPOP3_PERMISSION_NONE), "P000000");
  assert_round_trip (new_permissions (VPOP3_PERMISSION_VIEW_CONNECTION | VPOP3_PERMISSION_VIEW_LOG),
                     "P100100");
  assert_round_trip (new_permissions (VPOP3_PERMISSION_VIEW_QUEUES | VPOP3_PERMISSION_CONNECT |
                                      VPOP3_PERMISSION_SHUTDOWN),
                     "P010011");
}

static void
test_refused (void)
{
  const char *const tab_name[] = { "Dial\tup", NULL };
  const char *const lf_name[] = { "Dial\nup", NULL };
  const char *const cr_name[] = { "Dial-up", "Broad\rband", NULL };
  g_autoptr (Vpop3Update) unknown = vpop3_update_parse ("X", 1);
  g_autoptr (Vpop3Update) reply = vpop3_update_parse ("+OK done", 8);

  /* Unknown lines and replies have no row to be formatted by. */
  g_assert_null (vpop3_update_format (unknown));
  g_assert_null (vpop3_update_format (reply));
  assert_refused (vpop3_update_new (VPOP3_UPDATE_UNKNOWN));

  /* Line breaks never fit on a line. */
  assert_refused (new_text (VPOP3_UPDATE_CONNECTION, "Idle\n2FFFFFFFFFFFFFFFF"));
  assert_refused (new_text (VPOP3_UPDATE_HOUSEKEEPER, "a\nb"));
  assert_refused (new_log (vector_2019 (), "first\nsecond"));
  assert_refused (new_text (VPOP3_UPDATE_HOUSEKEEPER, "a\rb"));
  assert_refused (new_message (vector_2019 (), "alice", "one\ntwo"));
  assert_refused (new_session ("12", "SMTP Server", "alice", 1, "a\r\nb"));

  /* A TAB inside a TAB-separated field would shift the fields. */
  assert_refused (new_connections (tab_name));
  assert_refused (new_connections (lf_name));
  assert_refused (new_connections (cr_name));
  assert_refused (new_session ("1\t2", "SMTP Server", "alice", 1, "detail"));
  assert_refused (new_session ("12", "SMTP\tServer", "alice", 1, "detail"));
  assert_refused (new_session ("12", "SMTP Server", "al\tice", 1, "detail"));
  assert_refused (new_session ("12", "SMTP Server", "alice", 1, "de\ttail"));
  assert_refused (new_session_ended ("1\t2"));
  assert_refused (new_session_ended ("1\n2"));
  assert_refused (new_message (vector_2019 (), "al\tice", "hello"));
  assert_refused (new_message (vector_2019 (), "alice", "hello\tthere"));

  /* Values the row cannot carry. */
  assert_refused (new_progress (101, 0, 0));
  assert_refused (new_progress (0, 101, 0));
  assert_refused (new_progress (-2, 0, 0));
  assert_refused (new_progress (0, 0, (guint) G_MAXINT + 1));
  assert_refused (new_queue (VPOP3_UPDATE_OUT_QUEUE, G_MAXUINT32, 0));
  assert_refused (new_queue (VPOP3_UPDATE_INBOXES, 0, (guint) G_MAXINT + 1));
  assert_refused (new_session ("", "SMTP Server", "alice", 1, "detail"));
  assert_refused (new_session_ended (""));
  assert_refused (new_mailbox ("", 1, 0));
  assert_refused (new_mailbox (NULL, 1, 0));
  assert_refused (new_mailbox ("al\tice", 1, 0));
  assert_refused (new_mailbox ("al\nice", 1, 0));
  assert_refused (new_mailbox ("alice", (guint) G_MAXINT + 1, 0));
}

static void
test_format_queue (void)
{
  struct
  {
    guint total;
    guint held;
    const char *shown;
  } cases[] = {
    { 21, 2, "21 (2)" },
    { 21, 0, "21" },
    { 0, 0, "0" },
    { 1, 1, "1 (1)" },
    { G_MAXUINT32, G_MAXUINT32, "4294967295 (4294967295)" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *shown = vpop3_format_queue (cases[i].total, cases[i].held);

      g_assert_cmpstr (shown, ==, cases[i].shown);
    }
}

static void
test_type_helpers (void)
{
  struct
  {
    Vpop3UpdateType type;
    char wire;
    const char *name;
    gboolean documented;
  } cases[] = {
    { VPOP3_UPDATE_UNKNOWN, 0, "unknown", FALSE },
    { VPOP3_UPDATE_LOG, '0', "log", TRUE },
    { VPOP3_UPDATE_CONNECTION, '1', "connection", TRUE },
    { VPOP3_UPDATE_NEXT_POLL, '2', "next-poll", FALSE },
    { VPOP3_UPDATE_LAST_POLL, '3', "last-poll", FALSE },
    { VPOP3_UPDATE_OUT_QUEUE, '4', "out-queue", FALSE },
    { VPOP3_UPDATE_INBOXES, '5', "inboxes", FALSE },
    { VPOP3_UPDATE_PROGRESS, '6', "progress", FALSE },
    { VPOP3_UPDATE_CONNECTIONS, '7', "connections", FALSE },
    { VPOP3_UPDATE_SESSION, '8', "session", FALSE },
    { VPOP3_UPDATE_SESSION_ENDED, '9', "session-ended", FALSE },
    { VPOP3_UPDATE_HOUSEKEEPER, 'H', "housekeeper", FALSE },
    { VPOP3_UPDATE_MESSAGE, 'M', "message", FALSE },
    { VPOP3_UPDATE_PERMISSIONS, 'P', "permissions", FALSE },
    { VPOP3_UPDATE_REPLY, 0, "reply", FALSE },
    { VPOP3_UPDATE_MAILBOX, 'U', "mailbox", FALSE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_cmpint (vpop3_update_type_to_char (cases[i].type), ==, cases[i].wire);
      g_assert_cmpstr (vpop3_update_type_to_string (cases[i].type), ==, cases[i].name);
      g_assert_cmpint (vpop3_update_type_is_documented (cases[i].type), ==, cases[i].documented);
    }
}

static void
test_poll_result_strings (void)
{
  const struct
  {
    Vpop3PollResult result;
    const char *word;
  } cases[] = {
    { VPOP3_POLL_RESULT_OK, "ok" },
    { VPOP3_POLL_RESULT_PARTIAL, "partial" },
    { VPOP3_POLL_RESULT_FAILED, "failed" },
  };
  Vpop3PollResult result = VPOP3_POLL_RESULT_NONE;

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_cmpstr (vpop3_poll_result_to_string (cases[i].result), ==, cases[i].word);
      g_assert_true (vpop3_poll_result_from_string (cases[i].word, &result));
      g_assert_cmpint (result, ==, cases[i].result);
    }
  g_assert_false (vpop3_poll_result_from_string ("good", &result));
  g_assert_false (vpop3_poll_result_from_string ("", &result));
}

static void
test_copy_and_equal (void)
{
  const char *const lines[] = {
    "001D5566C45837F00Connected to mail.example.com",
    "1Idle",
    "201CE6051DF94A000",
    "301CE6051DF94A000\tpartial",
    "421\t2",
    "57\t0",
    "650\t-\t0",
    "7Dial-up\tBroadband ISP",
    "812\tSMTP Server\talice\t75\tRECV DATA",
    "912",
    "HIdle",
    "M01D5566C45837F00\talice\thi",
    "P101001",
    "+OK done",
    "-ERR no",
    "Xunknown",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      g_autoptr (Vpop3Update) update = vpop3_update_parse (lines[i], strlen (lines[i]));
      g_autoptr (Vpop3Update) copy = vpop3_update_copy (update);
      g_autoptr (Vpop3Update) boxed = g_boxed_copy (VPOP3_TYPE_UPDATE, update);

      g_assert_true (copy != update);
      g_assert_cmpint (copy->type, ==, update->type);
      g_assert_cmpstr (copy->raw, ==, update->raw);
      g_assert_true (vpop3_update_equal (update, copy));
      g_assert_true (vpop3_update_equal (update, boxed));

      /* Every line differs from every other. */
      for (gsize j = 0; j < G_N_ELEMENTS (lines); j++)
        {
          g_autoptr (Vpop3Update) other = vpop3_update_parse (lines[j], strlen (lines[j]));

          g_assert_cmpint (vpop3_update_equal (update, other), ==, i == j);
        }
    }
}

static void
test_equal_compares_fields (void)
{
  g_autoptr (Vpop3Update) a = vpop3_update_parse ("421\t2", 5);
  g_autoptr (Vpop3Update) held = vpop3_update_parse ("421\t3", 5);
  g_autoptr (Vpop3Update) inboxes = vpop3_update_parse ("521\t2", 5);
  g_autoptr (Vpop3Update) log_a = vpop3_update_parse ("001D5566C45837F00a", 18);
  g_autoptr (Vpop3Update) log_b = vpop3_update_parse ("001D5566C45837F01a", 18);
  g_autoptr (Vpop3Update) log_lower = vpop3_update_parse ("001d5566c45837f00a", 18);
  g_autoptr (Vpop3Update) unknown_a = vpop3_update_parse ("Xa", 2);
  g_autoptr (Vpop3Update) unknown_b = vpop3_update_parse ("Xb", 2);
  g_autoptr (Vpop3Update) unknown_a2 = vpop3_update_parse ("Xa", 2);

  g_assert_false (vpop3_update_equal (a, held));
  g_assert_false (vpop3_update_equal (a, inboxes));
  /* 100 ns apart is below GDateTime's microsecond: the same time. */
  g_assert_true (vpop3_update_equal (log_a, log_b));
  /* The hex case is spelling, not content. */
  g_assert_true (vpop3_update_equal (log_a, log_lower));
  /* Unknown lines are compared by what they say. */
  g_assert_false (vpop3_update_equal (unknown_a, unknown_b));
  g_assert_true (vpop3_update_equal (unknown_a, unknown_a2));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/update/format/round-trip/log", test_round_trip_log);
  g_test_add_func ("/update/format/round-trip/connection", test_round_trip_connection);
  g_test_add_func ("/update/format/round-trip/polls", test_round_trip_polls);
  g_test_add_func ("/update/format/round-trip/queues", test_round_trip_queues);
  g_test_add_func ("/update/format/round-trip/mailbox", test_round_trip_mailbox);
  g_test_add_func ("/update/format/round-trip/progress", test_round_trip_progress);
  g_test_add_func ("/update/format/round-trip/connections", test_round_trip_connections);
  g_test_add_func ("/update/format/round-trip/sessions", test_round_trip_sessions);
  g_test_add_func ("/update/format/round-trip/housekeeper", test_round_trip_housekeeper);
  g_test_add_func ("/update/format/round-trip/message", test_round_trip_message);
  g_test_add_func ("/update/format/round-trip/permissions", test_round_trip_permissions);
  g_test_add_func ("/update/format/refused", test_refused);
  g_test_add_func ("/update/format/queue", test_format_queue);
  g_test_add_func ("/update/helpers/type", test_type_helpers);
  g_test_add_func ("/update/helpers/poll-result", test_poll_result_strings);
  g_test_add_func ("/update/copy-equal", test_copy_and_equal);
  g_test_add_func ("/update/equal-fields", test_equal_compares_fields);

  return g_test_run ();
}
