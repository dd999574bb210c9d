/* test-update-parse.c: every update row of the protocol, valid and invalid.
 *
 * Written from docs (vpop3-status-protocol.md §3, §4, §6) and vpop3-update.h,
 * not from the implementation.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <glib.h>

#include "vpop3-update.h"

/* Which fields a row fills; everything else must stay zero/NULL. */
typedef enum
{
  F_TIME = 1 << 0,
  F_TEXT = 1 << 1,
  F_ID = 1 << 2,
  F_SESSION_TYPE = 1 << 3,
  F_USER = 1 << 4,
  F_NAMES = 1 << 5,
  F_QUEUE = 1 << 6,
  F_SECONDS = 1 << 7,
  F_PROGRESS = 1 << 8,
  F_RESULT = 1 << 9,
  F_PERMISSIONS = 1 << 10,
  F_OK = 1 << 11,
} UsedFields;

static Vpop3Update *
parse (const char *line)
{
  return vpop3_update_parse (line, strlen (line));
}

static void
assert_unused_fields (const Vpop3Update *update, UsedFields used)
{
  if (!(used & F_TIME))
    g_assert_null (update->time);
  if (!(used & F_TEXT))
    g_assert_null (update->text);
  if (!(used & F_ID))
    g_assert_null (update->id);
  if (!(used & F_SESSION_TYPE))
    g_assert_null (update->session_type);
  if (!(used & F_USER))
    g_assert_null (update->user);
  if (!(used & F_NAMES))
    g_assert_null (update->names);
  if (!(used & F_QUEUE))
    {
      g_assert_cmpuint (update->total, ==, 0);
      g_assert_cmpuint (update->held, ==, 0);
    }
  if (!(used & F_SECONDS))
    g_assert_cmpuint (update->seconds, ==, 0);
  if (!(used & F_PROGRESS))
    {
      g_assert_cmpint (update->collect, ==, 0);
      g_assert_cmpint (update->send, ==, 0);
      g_assert_cmpuint (update->threads, ==, 0);
    }
  if (!(used & F_RESULT))
    g_assert_cmpint (update->result, ==, VPOP3_POLL_RESULT_NONE);
  if (!(used & F_PERMISSIONS))
    g_assert_cmpint (update->permissions, ==, VPOP3_PERMISSION_NONE);
  if (!(used & F_OK))
    g_assert_false (update->ok);
}

/* Parses @line, checks its type and that raw is the line itself. */
static Vpop3Update *
parse_as (const char *line, Vpop3UpdateType type, UsedFields used)
{
  Vpop3Update *update = parse (line);

  g_assert_nonnull (update);
  g_assert_cmpint (update->type, ==, type);
  g_assert_cmpstr (update->raw, ==, line);
  assert_unused_fields (update, used);
  return update;
}

static void
assert_time (GDateTime *time, const char *iso8601)
{
  g_autofree char *formatted = NULL;

  g_assert_nonnull (time);
  g_assert_cmpint (g_date_time_get_utc_offset (time), ==, 0);
  formatted = g_date_time_format_iso8601 (time);
  g_assert_cmpstr (formatted, ==, iso8601);
}

static void
test_log_vector (void)
{
  /* §3 and §6: the documented example log line. */
  g_autoptr (Vpop3Update) update = parse_as ("001D5566C45837F00Connected to mail.example.com",
                                             VPOP3_UPDATE_LOG, F_TIME | F_TEXT);

  assert_time (update->time, "2019-08-19T08:58:30Z");
  g_assert_cmpint (g_date_time_to_unix (update->time), ==, 1566205110);
  g_assert_cmpstr (update->text, ==, "Connected to mail.example.com");
}

static void
test_log_lower_case (void)
{
  g_autoptr (Vpop3Update) update =
      parse_as ("001ce6051df94a000Housekeeping done", VPOP3_UPDATE_LOG, F_TIME | F_TEXT);

  assert_time (update->time, "2013-06-03T12:00:00Z");
  g_assert_cmpstr (update->text, ==, "Housekeeping done");
}

static void
test_log_windows_1252 (void)
{
  /* Not valid UTF-8, so text and raw are decoded as Windows-1252. */
  const char line[] = "001D5566C45837F00Caf\xe9 \x93quoted\x94 \x80";
  g_autoptr (Vpop3Update) update = vpop3_update_parse (line, strlen (line));

  g_assert_cmpint (update->type, ==, VPOP3_UPDATE_LOG);
  g_assert_cmpstr (update->text, ==, "Café “quoted” €");
  g_assert_cmpstr (update->raw, ==, "001D5566C45837F00Café “quoted” €");
  assert_time (update->time, "2019-08-19T08:58:30Z");
}

static void
test_log_utf8 (void)
{
  g_autoptr (Vpop3Update) update = parse_as ("001D5566C45837F00Verbindung zu straße.example — ok",
                                             VPOP3_UPDATE_LOG, F_TIME | F_TEXT);

  g_assert_cmpstr (update->text, ==, "Verbindung zu straße.example — ok");
}

static void
test_connection (void)
{
  g_autoptr (Vpop3Update) idle = parse_as ("1Idle", VPOP3_UPDATE_CONNECTION, F_TEXT);
  g_autoptr (Vpop3Update) busy =
      parse_as ("1Collecting mail from pop.example.com", VPOP3_UPDATE_CONNECTION, F_TEXT);

  g_assert_cmpstr (idle->text, ==, "Idle");
  g_assert_cmpstr (busy->text, ==, "Collecting mail from pop.example.com");
}

/* Rows 0 and 1 take the rest of the line as it is: a CR inside it (a log
 * line that ended CR CR LF) is kept, for the display to show escaped. */
static void
test_cr_kept (void)
{
  g_autoptr (Vpop3Update) idle = parse_as ("1Idle\r", VPOP3_UPDATE_CONNECTION, F_TEXT);
  g_autoptr (Vpop3Update) inside = parse_as ("1Idle\rnow", VPOP3_UPDATE_CONNECTION, F_TEXT);
  g_autoptr (Vpop3Update) log =
      parse_as ("001D5566C45837F00a\rb\r", VPOP3_UPDATE_LOG, F_TIME | F_TEXT);

  g_assert_cmpstr (idle->text, ==, "Idle\r");
  g_assert_cmpstr (inside->text, ==, "Idle\rnow");
  g_assert_cmpstr (log->text, ==, "a\rb\r");
}

static void
test_next_poll (void)
{
  g_autoptr (Vpop3Update) update = parse_as ("201CE6051DF94A000", VPOP3_UPDATE_NEXT_POLL, F_TIME);
  g_autoptr (Vpop3Update) lower = parse_as ("201ce6051df94a000", VPOP3_UPDATE_NEXT_POLL, F_TIME);
  /* Sixteen zeros: "none"; so is less than a microsecond after it, which
   * GDateTime cannot tell from it. */
  g_autoptr (Vpop3Update) none = parse_as ("20000000000000000", VPOP3_UPDATE_NEXT_POLL, 0);
  g_autoptr (Vpop3Update) tick = parse_as ("20000000000000009", VPOP3_UPDATE_NEXT_POLL, 0);
  g_autoptr (Vpop3Update) microsecond =
      parse_as ("2000000000000000A", VPOP3_UPDATE_NEXT_POLL, F_TIME);

  assert_time (update->time, "2013-06-03T12:00:00Z");
  g_assert_cmpint (g_date_time_to_unix (update->time), ==, 1370260800);
  assert_time (lower->time, "2013-06-03T12:00:00Z");
  g_assert_null (none->time);
  g_assert_null (tick->time);
  assert_time (microsecond->time, "1601-01-01T00:00:00.000001Z");
}

static void
test_last_poll (void)
{
  g_autoptr (Vpop3Update) ok =
      parse_as ("301CE6051DF94A000\tok", VPOP3_UPDATE_LAST_POLL, F_TIME | F_RESULT);
  g_autoptr (Vpop3Update) partial =
      parse_as ("301D5566C45837F00\tpartial", VPOP3_UPDATE_LAST_POLL, F_TIME | F_RESULT);
  g_autoptr (Vpop3Update) failed =
      parse_as ("301d5566c45837f00\tfailed", VPOP3_UPDATE_LAST_POLL, F_TIME | F_RESULT);
  g_autoptr (Vpop3Update) none =
      parse_as ("30000000000000000\tfailed", VPOP3_UPDATE_LAST_POLL, F_RESULT);

  assert_time (ok->time, "2013-06-03T12:00:00Z");
  g_assert_cmpint (ok->result, ==, VPOP3_POLL_RESULT_OK);
  assert_time (partial->time, "2019-08-19T08:58:30Z");
  g_assert_cmpint (partial->result, ==, VPOP3_POLL_RESULT_PARTIAL);
  assert_time (failed->time, "2019-08-19T08:58:30Z");
  g_assert_cmpint (failed->result, ==, VPOP3_POLL_RESULT_FAILED);
  g_assert_null (none->time);
  g_assert_cmpint (none->result, ==, VPOP3_POLL_RESULT_FAILED);
}

static void
test_out_queue_vector (void)
{
  /* §6: 21 messages, 2 held. */
  g_autoptr (Vpop3Update) update = parse_as ("421\t2", VPOP3_UPDATE_OUT_QUEUE, F_QUEUE);
  g_autofree char *shown = vpop3_format_queue (update->total, update->held);

  g_assert_cmpuint (update->total, ==, 21);
  g_assert_cmpuint (update->held, ==, 2);
  g_assert_cmpstr (shown, ==, "21 (2)");
}

static void
test_queues (void)
{
  g_autoptr (Vpop3Update) empty = parse_as ("40\t0", VPOP3_UPDATE_OUT_QUEUE, F_QUEUE);
  /* Counts end at G_MAXINT, where the client's int properties end. */
  g_autoptr (Vpop3Update) max =
      parse_as ("42147483647\t2147483647", VPOP3_UPDATE_OUT_QUEUE, F_QUEUE);
  g_autoptr (Vpop3Update) inboxes = parse_as ("57\t0", VPOP3_UPDATE_INBOXES, F_QUEUE);
  g_autoptr (Vpop3Update) held = parse_as ("5130\t12", VPOP3_UPDATE_INBOXES, F_QUEUE);

  g_assert_cmpuint (empty->total, ==, 0);
  g_assert_cmpuint (empty->held, ==, 0);
  g_assert_cmpuint (max->total, ==, G_MAXINT);
  g_assert_cmpuint (max->held, ==, G_MAXINT);
  g_assert_cmpuint (inboxes->total, ==, 7);
  g_assert_cmpuint (inboxes->held, ==, 0);
  g_assert_cmpuint (held->total, ==, 130);
  g_assert_cmpuint (held->held, ==, 12);
}

static void
test_progress (void)
{
  struct
  {
    const char *line;
    int collect;
    int send;
    guint threads;
  } cases[] = {
    { "650\t-\t0", 50, VPOP3_PROGRESS_IDLE, 0 },
    { "6-\t100\t3", VPOP3_PROGRESS_IDLE, 100, 3 },
    { "60\t0\t12", 0, 0, 12 },
    { "6-\t-\t0", VPOP3_PROGRESS_IDLE, VPOP3_PROGRESS_IDLE, 0 },
    { "6100\t7\t2147483647", 100, 7, G_MAXINT },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (Vpop3Update) update = parse_as (cases[i].line, VPOP3_UPDATE_PROGRESS, F_PROGRESS);

      g_assert_cmpint (update->collect, ==, cases[i].collect);
      g_assert_cmpint (update->send, ==, cases[i].send);
      g_assert_cmpuint (update->threads, ==, cases[i].threads);
    }
}

static void
test_connections (void)
{
  g_autoptr (Vpop3Update) empty = parse_as ("7", VPOP3_UPDATE_CONNECTIONS, F_NAMES);
  g_autoptr (Vpop3Update) one = parse_as ("7Dial-up", VPOP3_UPDATE_CONNECTIONS, F_NAMES);
  g_autoptr (Vpop3Update) three =
      parse_as ("7Dial-up\tBroadband ISP\tBackup line", VPOP3_UPDATE_CONNECTIONS, F_NAMES);
  const char *expected[] = { "Dial-up", "Broadband ISP", "Backup line", NULL };

  /* An empty list is an empty array, not NULL. */
  g_assert_nonnull (empty->names);
  g_assert_null (empty->names[0]);
  g_assert_nonnull (one->names);
  g_assert_cmpstr (one->names[0], ==, "Dial-up");
  g_assert_null (one->names[1]);
  g_assert_cmpstrv (three->names, expected);
}

static void
test_session (void)
{
  g_autoptr (Vpop3Update) update =
      parse_as ("812\tSMTP Server\tpostmaster (192.168.1.20)\t75\tRECV DATA", VPOP3_UPDATE_SESSION,
                F_ID | F_SESSION_TYPE | F_USER | F_SECONDS | F_TEXT);
  g_autoptr (Vpop3Update) imap =
      parse_as ("83\tIMAP4 Server\talice\t0\tIDLE INBOX", VPOP3_UPDATE_SESSION,
                F_ID | F_SESSION_TYPE | F_USER | F_TEXT);

  g_assert_cmpstr (update->id, ==, "12");
  g_assert_cmpstr (update->session_type, ==, "SMTP Server");
  g_assert_cmpstr (update->user, ==, "postmaster (192.168.1.20)");
  g_assert_cmpuint (update->seconds, ==, 75);
  g_assert_cmpstr (update->text, ==, "RECV DATA");

  g_assert_cmpstr (imap->id, ==, "3");
  g_assert_cmpstr (imap->session_type, ==, "IMAP4 Server");
  g_assert_cmpstr (imap->user, ==, "alice");
  g_assert_cmpuint (imap->seconds, ==, 0);
  g_assert_cmpstr (imap->text, ==, "IDLE INBOX");
}

static void
test_session_ended (void)
{
  g_autoptr (Vpop3Update) update = parse_as ("912", VPOP3_UPDATE_SESSION_ENDED, F_ID);

  g_assert_cmpstr (update->id, ==, "12");
}

static void
test_housekeeper (void)
{
  g_autoptr (Vpop3Update) update =
      parse_as ("HCompacting mailboxes", VPOP3_UPDATE_HOUSEKEEPER, F_TEXT);

  g_assert_cmpstr (update->text, ==, "Compacting mailboxes");
}

static void
test_message (void)
{
  g_autoptr (Vpop3Update) update = parse_as ("M01D5566C45837F00\talice\tLunch at one?",
                                             VPOP3_UPDATE_MESSAGE, F_TIME | F_USER | F_TEXT);

  assert_time (update->time, "2019-08-19T08:58:30Z");
  g_assert_cmpstr (update->user, ==, "alice");
  g_assert_cmpstr (update->text, ==, "Lunch at one?");
}

static void
test_permissions (void)
{
  struct
  {
    const char *line;
    Vpop3Permissions permissions;
  } cases[] = {
    { "P111111", VPOP3_PERMISSION_ALL },
    { "P100000", VPOP3_PERMISSION_VIEW_CONNECTION },
    { "P010000", VPOP3_PERMISSION_VIEW_QUEUES },
    { "P001000", VPOP3_PERMISSION_VIEW_USER_QUEUES },
    { "P000100", VPOP3_PERMISSION_VIEW_LOG },
    { "P000010", VPOP3_PERMISSION_CONNECT },
    { "P000001", VPOP3_PERMISSION_SHUTDOWN },
    { "P101001", VPOP3_PERMISSION_VIEW_CONNECTION | VPOP3_PERMISSION_VIEW_USER_QUEUES |
                     VPOP3_PERMISSION_SHUTDOWN },
  };
  g_autoptr (Vpop3Update) none = parse_as ("P000000", VPOP3_UPDATE_PERMISSIONS, 0);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (Vpop3Update) update =
          parse_as (cases[i].line, VPOP3_UPDATE_PERMISSIONS, F_PERMISSIONS);

      g_assert_cmpint (update->permissions, ==, cases[i].permissions);
    }
  g_assert_cmpint (none->permissions, ==, VPOP3_PERMISSION_NONE);
}

static void
test_replies (void)
{
  g_autoptr (Vpop3Update) ok = parse_as ("+OK Connecting", VPOP3_UPDATE_REPLY, F_TEXT | F_OK);
  g_autoptr (Vpop3Update) err = parse_as ("-ERR Permission denied", VPOP3_UPDATE_REPLY, F_TEXT);
  g_autoptr (Vpop3Update) bare = parse ("+OK");

  g_assert_true (ok->ok);
  g_assert_cmpstr (ok->text, ==, "Connecting");
  g_assert_false (err->ok);
  g_assert_cmpstr (err->text, ==, "Permission denied");
  g_assert_cmpint (bare->type, ==, VPOP3_UPDATE_REPLY);
  g_assert_true (bare->ok);
  g_assert_cmpstr (bare->raw, ==, "+OK");
}

static void
test_mailbox (void)
{
  /* §4, provisional: user TAB total TAB held. */
  g_autoptr (Vpop3Update) alice = parse_as ("Ualice\t3\t1", VPOP3_UPDATE_MAILBOX, F_USER | F_QUEUE);
  /* A user name may hold spaces and any character but a TAB. */
  g_autoptr (Vpop3Update) spaced =
      parse_as ("UJean Dupont\t2147483647\t0", VPOP3_UPDATE_MAILBOX, F_USER | F_QUEUE);
  /* Both zero: that mailbox is now empty. */
  g_autoptr (Vpop3Update) empty = parse_as ("Ubob\t0\t0", VPOP3_UPDATE_MAILBOX, F_USER | F_QUEUE);
  g_autofree char *escape = NULL;

  g_assert_cmpstr (alice->user, ==, "alice");
  g_assert_cmpuint (alice->total, ==, 3);
  g_assert_cmpuint (alice->held, ==, 1);
  g_assert_cmpstr (spaced->user, ==, "Jean Dupont");
  g_assert_cmpuint (spaced->total, ==, G_MAXINT);
  g_assert_cmpstr (empty->user, ==, "bob");
  g_assert_cmpuint (empty->total, ==, 0);
  g_assert_cmpuint (empty->held, ==, 0);
  g_assert_cmpint (vpop3_update_type_to_char (VPOP3_UPDATE_MAILBOX), ==, 'U');
  g_assert_false (vpop3_update_type_is_documented (VPOP3_UPDATE_MAILBOX));
  g_assert_cmpstr (vpop3_update_type_to_string (VPOP3_UPDATE_MAILBOX), ==, "mailbox");

  /* An escape sequence in a user name is kept as text, for the views to defuse. */
  {
    g_autoptr (Vpop3Update) hostile =
        parse_as ("U\x1b[31mevil\t1\t0", VPOP3_UPDATE_MAILBOX, F_USER | F_QUEUE);

    escape = g_strdup (hostile->user);
  }
  g_assert_cmpstr (escape, ==, "\x1b[31mevil");
}

static void
test_code_lookup (void)
{
  gboolean documented = TRUE;

  g_assert_true (vpop3_update_code_lookup ('0', &documented));
  g_assert_true (documented);
  g_assert_true (vpop3_update_code_lookup ('1', &documented));
  g_assert_true (documented);
  g_assert_true (vpop3_update_code_lookup ('U', &documented));
  g_assert_false (documented);
  g_assert_true (vpop3_update_code_lookup ('4', &documented));
  g_assert_false (documented);
  documented = TRUE;
  g_assert_false (vpop3_update_code_lookup ('X', &documented));
  g_assert_false (documented);
  g_assert_false (vpop3_update_code_lookup ('u', NULL));
}

static void
test_length_is_respected (void)
{
  /* Bytes past @length are not part of the line. */
  g_autoptr (Vpop3Update) update = vpop3_update_parse ("421\t2999 trailing", 5);

  g_assert_cmpint (update->type, ==, VPOP3_UPDATE_OUT_QUEUE);
  g_assert_cmpuint (update->total, ==, 21);
  g_assert_cmpuint (update->held, ==, 2);
  g_assert_cmpstr (update->raw, ==, "421\t2");
}

static void
test_nul_in_line (void)
{
  /* A NUL cannot reach GTK: the raw line is decoded with U+FFFD for it and is
   * not cut short at the NUL. */
  const char line[] = "1Id\0le";
  g_autoptr (Vpop3Update) update = vpop3_update_parse (line, sizeof line - 1);

  g_assert_cmpstr (update->raw, ==, "1Id\xef\xbf\xbdle");
  g_assert_true (g_utf8_validate (update->raw, -1, NULL));
  if (update->text != NULL)
    g_assert_true (g_utf8_validate (update->text, -1, NULL));
}

/* Lines that must all come back as unknown, with raw equal to the line. */
static const char *const invalid_lines[] = {
  /* empty, and a lone type character where a payload is required */
  "",
  "0",
  "2",
  "3",
  "4",
  "5",
  "6",
  "8",
  "9",
  "M",
  "P",
  /* types not in the table, lower-case look-alikes, a leading blank */
  "A",
  "Xsomething",
  "Z1",
  "a421\t2",
  "hHousekeeper",
  "p111111",
  "m01D5566C45837F00\ta\tb",
  " 1Idle",
  "\t421\t2",
  "+",
  "-",
  "-ER",
  "+ok Connected",
  "-err Denied",
  /* type 0: FILETIME too short or not hex */
  "001D5566C45837F0",
  "001D5566C45837FG0Connected",
  "0 1D5566C45837F00Connected",
  "0-1D5566C45837F00Connected",
  "00x1D5566C45837F0Connected",
  "0+01D5566C45837F0Connected",
  /* type 2: exactly 16 hex digits */
  "201D5566C45837F0",
  "201D5566C45837F000",
  "201D5566C45837F0G",
  "2-1D5566C45837F0",
  "2 01D5566C45837F0",
  "20x1D5566C45837F0",
  "2+01D5566C45837F0",
  "201D5566C45837F0 ",
  "201D5566C45837F00\tok",
  /* type 3 */
  "301CE6051DF94A000",
  "301CE6051DF94A000\t",
  "301CE6051DF94A000\tgood",
  "301CE6051DF94A000\tnone",
  "301CE6051DF94A000\tok\t",
  "301CE6051DF94A000\tok\tok",
  "3\tok",
  "301CE6051DF94A000 ok",
  "301CE6051DF94A0\tok",
  "301CE6051DF94A0X0\tok",
  /* type 4: counts */
  "421",
  "421\t2\t3",
  "4\t2",
  "421\t",
  "4-1\t2",
  "4+21\t2",
  "421\t-2",
  "421\t+2",
  "4 21\t2",
  "421\t2 ",
  "421 \t2",
  "42147483648\t0",
  "44294967295\t0",
  "44294967296\t0",
  "40\t4294967296",
  "418446744073709551617\t0",
  "499999999999999999999999\t0",
  "4a\t2",
  "421\t0x2",
  "421\t\t2",
  "4\t",
  "421 2",
  /* type 5 */
  "57",
  "57\t",
  "5-7\t0",
  "54294967296\t1",
  "57\t1\t",
  "5x\t0",
  /* type 6: percentages and threads */
  "650\t-",
  "650\t-\t0\t1",
  "6101\t0\t0",
  "650\t101\t0",
  "6-1\t0\t0",
  "6+50\t0\t0",
  "650\t--\t0",
  "650\t-\t-",
  "650\t-\t2147483648",
  "650\t-\t4294967296",
  "6\t-\t0",
  "650\t\t0",
  "650\t-\t",
  "64294967346\t0\t0",
  "6 50\t-\t0",
  "650\t-\t-1",
  /* type 8: five fields */
  "812\tSMTP Server\talice\t75",
  "812\tSMTP Server\talice\t75\tdetail\textra",
  "812\tSMTP Server\talice\tx5\tdetail",
  "812\tSMTP Server\talice\t-5\tdetail",
  "812\tSMTP Server\talice\t+5\tdetail",
  "812\tSMTP Server\talice\t4294967296\tdetail",
  "8\tSMTP Server\talice\t75\tdetail",
  "812\t\talice\t75\tdetail",
  "812\tSMTP Server\talice\t\tdetail",
  /* type 9 */
  "912\t13",
  /* type M */
  "M01D5566C45837F00\talice",
  "M01D5566C45837F0\talice\thi",
  "M01D5566C45837FX0\talice\thi",
  "MX\talice\thi",
  "M\talice\thi",
  "M01D5566C45837F00\t\thi",
  "M01D5566C45837F00alice\thi",
  /* a CR left inside a line: only rows 0 and 1 carry it */
  "HIdle\r",
  "7Dial-up\r",
  "912\r",
  "4\r21\t2",
  "M01D5566C45837F00\talice\thi\r",
  /* the end of GDateTime, which not every time zone can show */
  "224C85A5ED127A980",
  "224C858CC7CECC001",
  "324C85A5ED127A980\tok",
  /* type P: six characters, each 0 or 1 */
  "P11111",
  "P1111111",
  "P111211",
  "P11111x",
  "P 11111",
  "P-11111",
  "P111111\t",
  /* type U: user TAB total TAB held */
  "U",
  "Ualice",
  "Ualice\t3",
  "Ualice\t3\t",
  "U\t3\t1",
  "Ualice\t3\t1\t",
  "Ualice\t3\t1\t0",
  "Ualice\t-3\t1",
  "Ualice\t3\t-1",
  "Ualice\t3 \t1",
  "Ualice\t 3\t1",
  "Ualice\t0x3\t1",
  "Ualice\t2147483648\t0",
  "Ualice\t12345678901\t0",
  "Ualice\t3\t99999999999",
  "Ualice 3 1",
  "Ualice;3;1",
  "U3\t1",
  "Ualice\r\t3\t1",
};

static void
test_invalid (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (invalid_lines); i++)
    {
      const char *line = invalid_lines[i];
      g_autoptr (Vpop3Update) update = parse (line);

      if (update->type != VPOP3_UPDATE_UNKNOWN)
        g_error ("“%s” parsed as %s, expected unknown", g_strescape (line, NULL),
                 vpop3_update_type_to_string (update->type));
      g_assert_cmpstr (update->raw, ==, line);
      g_assert_false (update->ok);
    }
}

static void
test_invalid_windows_1252 (void)
{
  /* An unknown line keeps its text, decoded. */
  const char line[] = "X\x93\xe9t\xe9\x94";
  g_autoptr (Vpop3Update) update = vpop3_update_parse (line, strlen (line));

  g_assert_cmpint (update->type, ==, VPOP3_UPDATE_UNKNOWN);
  g_assert_cmpstr (update->raw, ==, "X“été”");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/update/parse/log/vector", test_log_vector);
  g_test_add_func ("/update/parse/log/lower-case", test_log_lower_case);
  g_test_add_func ("/update/parse/log/windows-1252", test_log_windows_1252);
  g_test_add_func ("/update/parse/log/utf-8", test_log_utf8);
  g_test_add_func ("/update/parse/connection", test_connection);
  g_test_add_func ("/update/parse/cr-kept", test_cr_kept);
  g_test_add_func ("/update/parse/next-poll", test_next_poll);
  g_test_add_func ("/update/parse/last-poll", test_last_poll);
  g_test_add_func ("/update/parse/out-queue/vector", test_out_queue_vector);
  g_test_add_func ("/update/parse/queues", test_queues);
  g_test_add_func ("/update/parse/progress", test_progress);
  g_test_add_func ("/update/parse/connections", test_connections);
  g_test_add_func ("/update/parse/session", test_session);
  g_test_add_func ("/update/parse/session-ended", test_session_ended);
  g_test_add_func ("/update/parse/housekeeper", test_housekeeper);
  g_test_add_func ("/update/parse/message", test_message);
  g_test_add_func ("/update/parse/permissions", test_permissions);
  g_test_add_func ("/update/parse/replies", test_replies);
  g_test_add_func ("/update/parse/mailbox", test_mailbox);
  g_test_add_func ("/update/parse/code-lookup", test_code_lookup);
  g_test_add_func ("/update/parse/length", test_length_is_respected);
  g_test_add_func ("/update/parse/nul", test_nul_in_line);
  g_test_add_func ("/update/parse/invalid", test_invalid);
  g_test_add_func ("/update/parse/invalid-windows-1252", test_invalid_windows_1252);

  return g_test_run ();
}
