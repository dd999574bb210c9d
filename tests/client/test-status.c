/* test-status.c: the model, the activity-log ring and the backoff, without a network.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "vpop3-backoff.h"
#include "vpop3-status.h"

static void
apply_line (Vpop3Status *status, const char *line)
{
  g_autoptr (Vpop3Update) update = vpop3_update_parse (line, strlen (line));

  vpop3_status_apply (status, update);
}

static void
count_notify (GObject *object, GParamSpec *pspec, gpointer user_data)
{
  (*(guint *) user_data)++;
}

static void
test_status_fields (void)
{
  g_autoptr (Vpop3Status) status = vpop3_status_new ();
  guint total = 99, held = 99;
  GDateTime *time = NULL;
  Vpop3PollResult result;
  int collect, send;
  guint threads;
  guint notified = 0;

  /* Nothing received: every getter says so. */
  g_assert_null (vpop3_status_get_connection_text (status));
  g_assert_false (vpop3_status_get_out_queue (status, &total, &held));
  g_assert_false (vpop3_status_get_inboxes (status, NULL, NULL));
  g_assert_false (vpop3_status_get_next_poll (status, NULL));
  g_assert_false (vpop3_status_get_last_poll (status, NULL, NULL));
  g_assert_false (vpop3_status_get_progress (status, NULL, NULL, NULL));
  g_assert_null (vpop3_status_get_connections (status));
  g_assert_cmpint (vpop3_status_get_build (status), ==, -1);

  g_signal_connect (status, "notify::mail-to-send", G_CALLBACK (count_notify), &notified);

  apply_line (status, "1Idle");
  apply_line (status, "421\t2");
  apply_line (status, "55\t0");
  apply_line (status, "20000000000000000");
  apply_line (status, "301CE6051DF94A000\tpartial");
  apply_line (status, "640\t-\t0");
  apply_line (status, "7Internet Mail\tBackup Relay");
  apply_line (status, "HSending daily report");

  g_assert_cmpstr (vpop3_status_get_connection_text (status), ==, "Idle");
  g_assert_true (vpop3_status_get_out_queue (status, &total, &held));
  g_assert_cmpuint (total, ==, 21);
  g_assert_cmpuint (held, ==, 2);
  g_assert_true (vpop3_status_get_inboxes (status, &total, &held));
  g_assert_cmpuint (total, ==, 5);
  g_assert_cmpuint (held, ==, 0);
  g_assert_true (vpop3_status_get_next_poll (status, &time));
  g_assert_null (time); /* "none scheduled" differs from "never received" */
  g_assert_true (vpop3_status_get_last_poll (status, &time, &result));
  g_assert_nonnull (time);
  g_assert_cmpint (g_date_time_get_year (time), ==, 2013);
  g_assert_cmpint (result, ==, VPOP3_POLL_RESULT_PARTIAL);
  g_assert_true (vpop3_status_get_progress (status, &collect, &send, &threads));
  g_assert_cmpint (collect, ==, 40);
  g_assert_cmpint (send, ==, VPOP3_PROGRESS_IDLE);
  g_assert_cmpuint (threads, ==, 0);
  g_assert_cmpstrv (vpop3_status_get_connections (status),
                    ((const char *const[]){ "Internet Mail", "Backup Relay", NULL }));
  g_assert_cmpstr (vpop3_status_get_housekeeper (status), ==, "Sending daily report");
  g_assert_cmpuint (notified, ==, 1);

  /* Same value again: no notification; drained queue: one. */
  apply_line (status, "421\t2");
  g_assert_cmpuint (notified, ==, 1);
  apply_line (status, "40\t0");
  g_assert_cmpuint (notified, ==, 2);

  vpop3_status_reset (status);
  g_assert_null (vpop3_status_get_connection_text (status));
  g_assert_false (vpop3_status_get_out_queue (status, NULL, NULL));
}

static void
test_status_permissions (void)
{
  g_autoptr (Vpop3Status) status = vpop3_status_new ();
  Vpop3Permissions permissions;

  /* Without "P" only what the data proves, and never connect or shutdown. */
  g_assert_cmpint (vpop3_status_get_effective_permissions (status), ==, VPOP3_PERMISSION_NONE);
  apply_line (status, "44\t0");
  apply_line (status, "001D5566C45837F00Connected to mail.example.com");
  g_assert_cmpint (vpop3_status_get_effective_permissions (status), ==,
                   VPOP3_PERMISSION_VIEW_QUEUES | VPOP3_PERMISSION_VIEW_LOG);
  g_assert_false (vpop3_status_get_permissions (status, NULL));
  /* Actions stay offered until a "P" line says otherwise. */
  g_assert_true (vpop3_status_allows (status, VPOP3_PERMISSION_SHUTDOWN));

  apply_line (status, "P100011");
  g_assert_true (vpop3_status_get_permissions (status, &permissions));
  g_assert_cmpint (permissions, ==,
                   VPOP3_PERMISSION_VIEW_CONNECTION | VPOP3_PERMISSION_CONNECT |
                       VPOP3_PERMISSION_SHUTDOWN);
  g_assert_cmpint (vpop3_status_get_effective_permissions (status), ==, permissions);
  g_assert_true (vpop3_status_allows (status, VPOP3_PERMISSION_SHUTDOWN));
  g_assert_false (vpop3_status_allows (status, VPOP3_PERMISSION_VIEW_QUEUES));
  g_assert_true (
      vpop3_status_allows (status, VPOP3_PERMISSION_VIEW_QUEUES | VPOP3_PERMISSION_CONNECT));
}

static void
test_status_sessions (void)
{
  g_autoptr (Vpop3Status) status = vpop3_status_new ();
  GListModel *sessions = vpop3_status_get_sessions (status);
  g_autoptr (Vpop3Session) first = NULL;
  g_autofree char *active = NULL;

  apply_line (status, "8SMTP Server (12)\tSMTP Server (12)\t192.0.2.7\t65\tWaiting");
  apply_line (status, "8IMAP4 Server (3)\tIMAP4 Server (3)\tanna\t3725\tIDLE");
  g_assert_cmpuint (g_list_model_get_n_items (sessions), ==, 2);

  /* A later report of the same id updates it in place. */
  apply_line (status, "8SMTP Server (12)\tSMTP Server (12)\t192.0.2.7\t70\tDATA");
  g_assert_cmpuint (g_list_model_get_n_items (sessions), ==, 2);
  first = g_list_model_get_item (sessions, 0);
  g_assert_cmpstr (vpop3_session_get_detail (first), ==, "DATA");
  g_assert_cmpuint (vpop3_session_get_seconds (first), ==, 70);
  g_assert_cmpuint (vpop3_session_get_active_seconds (first), >=, 70);

  apply_line (status, "9SMTP Server (12)");
  g_assert_cmpuint (g_list_model_get_n_items (sessions), ==, 1);
  apply_line (status, "9No such session");
  g_assert_cmpuint (g_list_model_get_n_items (sessions), ==, 1);

  active = vpop3_format_active_time (3725);
  g_assert_cmpstr (active, ==, "1:02:05");
}

static void
on_message (Vpop3Status *status, GDateTime *time, const char *from, const char *text, gpointer data)
{
  char **received = data;

  *received = g_strdup_printf ("%s: %s", from, text);
}

static void
test_status_message_and_unknown (void)
{
  g_autoptr (Vpop3Status) status = vpop3_status_new ();
  g_autofree char *received = NULL;
  g_autoptr (GPtrArray) unknown = NULL;

  g_signal_connect (status, "message", G_CALLBACK (on_message), &received);
  apply_line (status, "M01D5566C45837F00\tanna\tLunch at one?");
  g_assert_cmpstr (received, ==, "anna: Lunch at one?");

  apply_line (status, "Zsomething new");
  apply_line (status, "4-1\t0");
  g_assert_cmpuint (vpop3_status_get_unknown_count (status), ==, 2);
  unknown = vpop3_status_dup_unknown_lines (status);
  g_assert_cmpuint (unknown->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (unknown, 0), ==, "Zsomething new");
  g_assert_cmpstr (g_ptr_array_index (unknown, 1), ==, "4-1\t0");
}

static void
test_activity_log_ring (void)
{
  g_autoptr (Vpop3ActivityLog) log = vpop3_activity_log_new (3);
  g_autoptr (Vpop3LogEntry) oldest = NULL;
  g_autoptr (Vpop3LogEntry) newest = NULL;

  for (int i = 0; i < 10; i++)
    {
      g_autofree char *text = g_strdup_printf ("line %d", i);

      vpop3_activity_log_append (log, NULL, text);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, MIN (i + 1, 3));
    }

  oldest = g_list_model_get_item (G_LIST_MODEL (log), 0);
  newest = g_list_model_get_item (G_LIST_MODEL (log), 2);
  g_assert_cmpstr (vpop3_log_entry_get_text (oldest), ==, "line 7");
  g_assert_cmpstr (vpop3_log_entry_get_text (newest), ==, "line 9");
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (log), 3));

  /* Shrinking keeps the newest; growing keeps everything. */
  vpop3_activity_log_set_limit (log, 2);
  g_clear_object (&oldest);
  oldest = g_list_model_get_item (G_LIST_MODEL (log), 0);
  g_assert_cmpstr (vpop3_log_entry_get_text (oldest), ==, "line 8");
  vpop3_activity_log_set_limit (log, 100);
  vpop3_activity_log_append (log, NULL, "line 10");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 3);

  vpop3_activity_log_clear (log);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 0);
}

typedef struct
{
  guint signals;
  guint position, removed, added; /* of the last signal */
  guint total_removed, total_added;
} Changes;

static void
on_log_changed (GListModel *model, guint position, guint removed, guint added, gpointer user_data)
{
  Changes *changes = user_data;

  changes->signals++;
  changes->position = position;
  changes->removed = removed;
  changes->added = added;
  changes->total_removed += removed;
  changes->total_added += added;
}

static void
assert_lines (Vpop3ActivityLog *log, guint first, guint count)
{
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, count);
  for (guint i = 0; i < count; i++)
    {
      g_autoptr (Vpop3LogEntry) entry = g_list_model_get_item (G_LIST_MODEL (log), i);
      g_autofree char *text = g_strdup_printf ("line %u", first + i);

      g_assert_cmpstr (vpop3_log_entry_get_text (entry), ==, text);
    }
}

/* A burst appended while frozen: the model does not move until the thaw,
 * then shows the newest lines, in order, with two signals in all. */
static void
test_activity_log_freeze (void)
{
  g_autoptr (Vpop3ActivityLog) log = vpop3_activity_log_new (5000);
  Changes changes = { 0 };

  for (guint i = 0; i < 3000; i++)
    {
      g_autofree char *text = g_strdup_printf ("line %u", i);

      vpop3_activity_log_append (log, NULL, text);
    }
  g_signal_connect (log, "items-changed", G_CALLBACK (on_log_changed), &changes);

  vpop3_activity_log_freeze (log);
  vpop3_activity_log_freeze (log); /* nested */
  for (guint i = 3000; i < 103000; i++)
    {
      g_autofree char *text = g_strdup_printf ("line %u", i);

      vpop3_activity_log_append (log, NULL, text);
    }
  g_assert_cmpuint (changes.signals, ==, 0);
  assert_lines (log, 0, 3000);
  vpop3_activity_log_thaw (log);
  g_assert_cmpuint (changes.signals, ==, 0);
  vpop3_activity_log_thaw (log);

  /* All 3000 old lines went from the front, the newest 5000 came at the end. */
  g_assert_cmpuint (changes.signals, ==, 2);
  g_assert_cmpuint (changes.total_removed, ==, 3000);
  g_assert_cmpuint (changes.total_added, ==, 5000);
  g_assert_cmpuint (changes.position, ==, 0);
  assert_lines (log, 98000, 5000);

  /* A small batch when full: one line out at the front per line in. */
  changes = (Changes){ 0 };
  vpop3_activity_log_freeze (log);
  for (guint i = 103000; i < 103010; i++)
    {
      g_autofree char *text = g_strdup_printf ("line %u", i);

      vpop3_activity_log_append (log, NULL, text);
    }
  vpop3_activity_log_thaw (log);
  g_assert_cmpuint (changes.signals, ==, 2);
  g_assert_cmpuint (changes.total_removed, ==, 10);
  g_assert_cmpuint (changes.position, ==, 4990);
  g_assert_cmpuint (changes.added, ==, 10);
  assert_lines (log, 98010, 5000);

  /* Nothing appended: no signal. A clear while frozen forgets what is held. */
  changes = (Changes){ 0 };
  vpop3_activity_log_freeze (log);
  vpop3_activity_log_thaw (log);
  g_assert_cmpuint (changes.signals, ==, 0);
  vpop3_activity_log_freeze (log);
  vpop3_activity_log_append (log, NULL, "held");
  vpop3_activity_log_clear (log);
  vpop3_activity_log_append (log, NULL, "line 0");
  vpop3_activity_log_thaw (log);
  assert_lines (log, 0, 1);

  /* A smaller limit while frozen keeps the newest held lines. */
  vpop3_activity_log_clear (log);
  vpop3_activity_log_freeze (log);
  for (guint i = 0; i < 50; i++)
    {
      g_autofree char *text = g_strdup_printf ("line %u", i);

      vpop3_activity_log_append (log, NULL, text);
    }
  vpop3_activity_log_set_limit (log, 20);
  vpop3_activity_log_thaw (log);
  assert_lines (log, 30, 20);
}

static void
test_status_log_default_limit (void)
{
  g_autoptr (Vpop3Status) status = vpop3_status_new ();
  Vpop3ActivityLog *log = vpop3_status_get_log (status);

  g_assert_cmpuint (vpop3_activity_log_get_limit (log), ==, 5000);
  for (int i = 0; i < 6000; i++)
    apply_line (status, "001D5566C45837F00Retrieving message");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 5000);
}

static void
test_backoff (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (42);
  Vpop3Backoff backoff;
  guint low, high;

  vpop3_backoff_init (&backoff, VPOP3_BACKOFF_DEFAULT_INITIAL_MS, VPOP3_BACKOFF_DEFAULT_MAX_MS);

  /* A few seconds at first… */
  vpop3_backoff_bounds (&backoff, 0, &low, &high);
  g_assert_cmpuint (low, ==, 1500);
  g_assert_cmpuint (high, ==, 2500);
  /* …doubling… */
  vpop3_backoff_bounds (&backoff, 3, &low, &high);
  g_assert_cmpuint (low, ==, 12000);
  g_assert_cmpuint (high, ==, 20000);
  /* …to five minutes, never more. */
  vpop3_backoff_bounds (&backoff, 1000, &low, &high);
  g_assert_cmpuint (low, ==, 225000);
  g_assert_cmpuint (high, ==, 300000);

  for (guint attempt = 0; attempt < 40; attempt++)
    {
      guint delay;

      vpop3_backoff_bounds (&backoff, attempt, &low, &high);
      delay = vpop3_backoff_next_delay (&backoff, rand);
      g_assert_cmpuint (delay, >=, low);
      g_assert_cmpuint (delay, <=, high);
      g_assert_cmpuint (delay, <=, VPOP3_BACKOFF_DEFAULT_MAX_MS);
    }

  vpop3_backoff_reset (&backoff);
  g_assert_cmpuint (vpop3_backoff_next_delay (&backoff, rand), <=, 2500);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/status/fields", test_status_fields);
  g_test_add_func ("/status/permissions", test_status_permissions);
  g_test_add_func ("/status/sessions", test_status_sessions);
  g_test_add_func ("/status/message-and-unknown", test_status_message_and_unknown);
  g_test_add_func ("/status/log-default-limit", test_status_log_default_limit);
  g_test_add_func ("/activity-log/ring", test_activity_log_ring);
  g_test_add_func ("/activity-log/freeze", test_activity_log_freeze);
  g_test_add_func ("/backoff/bounds", test_backoff);

  return g_test_run ();
}
