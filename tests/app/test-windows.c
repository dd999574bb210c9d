/* test-windows.c: the status window built from its template, following a
 * Vpop3Status fed with protocol lines.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "vpop3-log-view.h"
#include "vpop3-preferences-dialog.h"
#include "vpop3-sessions-view.h"
#include "vpop3-simulator-server.h"
#include "vpop3-status-window.h"
#include "window-harness.h"

static Vpop3StatusWindow *
new_window (void)
{
  vpop3_status_reset (harness_status ());
  return harness_new_status_window ();
}

static const char *
label_text (Vpop3StatusWindow *window, const char *name)
{
  return gtk_label_get_text (harness_child (window, VPOP3_TYPE_STATUS_WINDOW, name));
}

static gboolean
has_class (gpointer widget, const char *name)
{
  return gtk_style_context_has_class (gtk_widget_get_style_context (widget), name);
}

static void
test_not_reported (void)
{
  Vpop3StatusWindow *window = new_window ();
  const char *fields[] = { "out_queue_label", "inboxes_label",     "last_poll_label",
                           "next_poll_label", "housekeeper_label", NULL };

  for (guint i = 0; fields[i] != NULL; i++)
    {
      g_assert_cmpstr (label_text (window, fields[i]), ==, "Not reported");
      g_assert_true (
          has_class (harness_child (window, VPOP3_TYPE_STATUS_WINDOW, fields[i]), "dim-label"));
    }
  /* The monitor has not connected: its own state, not the server's text. */
  g_assert_cmpstr (label_text (window, "connection_label"), ==, "Not connected");
  g_assert_false (
      gtk_widget_get_visible (harness_child (window, VPOP3_TYPE_STATUS_WINDOW, "collect_bar")));
  g_assert_false (
      gtk_widget_get_visible (harness_child (window, VPOP3_TYPE_STATUS_WINDOW, "send_bar")));
  gtk_widget_destroy (GTK_WIDGET (window));
}

static void
test_queues (void)
{
  Vpop3StatusWindow *window = new_window ();

  harness_feed ("421\t2");
  g_assert_cmpstr (label_text (window, "out_queue_label"), ==, "21 (2)");
  g_assert_false (
      has_class (harness_child (window, VPOP3_TYPE_STATUS_WINDOW, "out_queue_label"), "dim-label"));
  g_assert_cmpstr (label_text (window, "inboxes_label"), ==, "Not reported");
  harness_feed ("55\t0");
  g_assert_cmpstr (label_text (window, "inboxes_label"), ==, "5");
  harness_feed ("40\t0");
  g_assert_cmpstr (label_text (window, "out_queue_label"), ==, "0");
  harness_feed ("HCompacting mailboxes");
  g_assert_cmpstr (label_text (window, "housekeeper_label"), ==, "Compacting mailboxes");
  gtk_widget_destroy (GTK_WIDGET (window));
}

static void
test_polls (void)
{
  Vpop3StatusWindow *window = new_window ();
  GtkWidget *last = harness_child (window, VPOP3_TYPE_STATUS_WINDOW, "last_poll_label");
  g_autofree char *then = harness_filetime_ago (120);

  harness_feed_printf ("3%s\tpartial", then);
  g_assert_nonnull (strstr (label_text (window, "last_poll_label"), "some tasks failed"));
  g_assert_true (has_class (last, "vpop3-poll-partial"));
  g_assert_false (has_class (last, "vpop3-poll-failed"));

  harness_feed_printf ("3%s\tfailed", then);
  g_assert_true (has_class (last, "vpop3-poll-failed"));
  g_assert_false (has_class (last, "vpop3-poll-partial"));

  harness_feed_printf ("3%s\tok", then);
  g_assert_false (has_class (last, "vpop3-poll-failed"));
  g_assert_false (has_class (last, "vpop3-poll-partial"));
  g_assert_nonnull (strstr (label_text (window, "last_poll_label"), "all tasks succeeded"));

  g_assert_cmpstr (label_text (window, "next_poll_label"), ==, "Not reported");
  harness_feed ("20000000000000000");
  g_assert_cmpstr (label_text (window, "next_poll_label"), ==, "None scheduled");
  harness_feed_printf ("2%s", then);
  g_assert_cmpstr (label_text (window, "next_poll_label"), !=, "None scheduled");
  gtk_widget_destroy (GTK_WIDGET (window));
}

static void
test_progress (void)
{
  Vpop3StatusWindow *window = new_window ();
  GtkProgressBar *collect = harness_child (window, VPOP3_TYPE_STATUS_WINDOW, "collect_bar");
  GtkProgressBar *send = harness_child (window, VPOP3_TYPE_STATUS_WINDOW, "send_bar");

  harness_feed ("645\t-\t0");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (collect)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (send)));
  g_assert_cmpfloat_with_epsilon (gtk_progress_bar_get_fraction (collect), 0.45, 0.001);

  /* SMTP direct: red, with the thread count. */
  harness_feed ("6-\t30\t3");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (collect)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (send)));
  g_assert_true (has_class (send, "vpop3-send-direct"));
  g_assert_false (has_class (send, "vpop3-send-relay"));
  g_assert_nonnull (strstr (gtk_progress_bar_get_text (send), "3 threads"));

  /* Through a relay: green. */
  harness_feed ("610\t80\t0");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (collect)));
  g_assert_true (has_class (send, "vpop3-send-relay"));
  g_assert_false (has_class (send, "vpop3-send-direct"));
  g_assert_null (strstr (gtk_progress_bar_get_text (send), "thread"));

  harness_feed ("6-\t-\t0");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (collect)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (send)));
  gtk_widget_destroy (GTK_WIDGET (window));
}

static void
test_connect_now (void)
{
  Vpop3Simulator *sim = harness_connect_simulator ();
  Vpop3StatusWindow *window = new_window ();
  GtkComboBox *combo = harness_child (window, VPOP3_TYPE_STATUS_WINDOW, "connections_combo");
  GtkActionable *button = harness_child (window, VPOP3_TYPE_STATUS_WINDOW, "connect_button");
  /* The window sends its server's commands by its id. */
  g_autoptr (GPtrArray) calls = harness_record_action ("connect-now-of", G_VARIANT_TYPE ("(sv)"));
  g_autofree char *expected =
      g_strdup_printf ("('%s', <'Backup'>)", vpop3_server_get_id (harness_server ()));
  g_autofree char *called = NULL;

  g_assert_cmpstr (gtk_combo_box_get_active_id (combo), ==, "");
  harness_feed ("7Dial-up\tLeased line");
  g_assert_cmpint (gtk_tree_model_iter_n_children (gtk_combo_box_get_model (combo), NULL), ==, 3);
  gtk_combo_box_set_active_id (combo, "Leased line");
  g_assert_cmpstr (g_variant_get_string (gtk_actionable_get_action_target_value (button), NULL), ==,
                   "Leased line");

  /* A new list keeps the choice while it still exists. */
  harness_feed ("7Leased line\tBackup");
  g_assert_cmpstr (gtk_combo_box_get_active_id (combo), ==, "Leased line");
  harness_feed ("7Backup");
  g_assert_cmpstr (gtk_combo_box_get_active_id (combo), ==, "");

  gtk_combo_box_set_active_id (combo, "Backup");
  gtk_widget_show (GTK_WIDGET (window));
  harness_iterate ();
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (button)));
  gtk_button_clicked (GTK_BUTTON (button));
  g_assert_cmpuint (calls->len, ==, 1);
  called = g_variant_print (calls->pdata[0], FALSE);
  g_assert_cmpstr (called, ==, expected);
  gtk_widget_destroy (GTK_WIDGET (window));

  /* Not logged in: nothing to send it to. */
  harness_disconnect_simulator (sim);
  window = new_window ();
  button = harness_child (window, VPOP3_TYPE_STATUS_WINDOW, "connect_button");
  gtk_widget_show (GTK_WIDGET (window));
  harness_iterate ();
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (button)));
  gtk_widget_destroy (GTK_WIDGET (window));
}

static int
n_rows (GtkTreeView *view)
{
  return gtk_tree_model_iter_n_children (gtk_tree_view_get_model (view), NULL);
}

static gboolean
is_message_dialog_open (gpointer data)
{
  g_autoptr (GList) dialogs = harness_find_toplevels (GTK_TYPE_MESSAGE_DIALOG);

  return dialogs != NULL;
}

static gboolean
is_ticking (gpointer view)
{
  return vpop3_sessions_view_is_ticking (view);
}

static gboolean
is_not_ticking (gpointer view)
{
  return !vpop3_sessions_view_is_ticking (view);
}

static void
test_sessions (void)
{
  Vpop3Simulator *sim = harness_connect_simulator ();
  Vpop3StatusWindow *window = new_window ();
  Vpop3SessionsView *sessions = harness_child (window, VPOP3_TYPE_STATUS_WINDOW, "sessions_view");
  GtkStack *stack = harness_child (window, VPOP3_TYPE_STATUS_WINDOW, "stack");
  GtkTreeView *view = harness_child (sessions, VPOP3_TYPE_SESSIONS_VIEW, "tree_view");
  GtkWidget *end = harness_child (sessions, VPOP3_TYPE_SESSIONS_VIEW, "end_button");
  /* The window sends its server's commands by its id. */
  g_autoptr (GPtrArray) calls = harness_record_action ("end-session-of", G_VARIANT_TYPE ("(sv)"));
  g_autoptr (GList) dialogs = NULL;
  g_autofree char *expected =
      g_strdup_printf ("('%s', <'2'>)", vpop3_server_get_id (harness_server ()));
  g_autofree char *called = NULL;
  GtkTreeIter iter;

  harness_feed ("81\tSMTP Server (12)\tbob@192.0.2.7\t65\tRCPT TO:<anna@example.com>");
  harness_feed ("82\tIMAP4 Server (3)\tanna\t3725\tIDLE");
  g_assert_cmpint (n_rows (view), ==, 2);
  harness_feed ("91");
  g_assert_cmpint (n_rows (view), ==, 1);
  /* A later report of the same session changes its row, not the count. */
  harness_feed ("82\tIMAP4 Server (3)\tanna\t3730\tFETCH");
  g_assert_cmpint (n_rows (view), ==, 1);

  /* Active times tick only while the Sessions tab is on screen. */
  g_assert_false (vpop3_sessions_view_is_ticking (sessions));
  gtk_widget_show (GTK_WIDGET (window));
  g_assert_true (test_loop_wait ((gboolean (*) (gpointer)) gtk_widget_get_mapped, window, 5000));
  g_assert_false (vpop3_sessions_view_is_ticking (sessions));
  gtk_stack_set_visible_child_name (stack, "sessions");
  g_assert_true (test_loop_wait (is_ticking, sessions, 5000));
  gtk_stack_set_visible_child_name (stack, "status");
  g_assert_true (test_loop_wait (is_not_ticking, sessions, 5000));
  gtk_stack_set_visible_child_name (stack, "sessions");
  g_assert_true (test_loop_wait (is_ticking, sessions, 5000));
  gtk_widget_hide (GTK_WIDGET (window));
  g_assert_true (test_loop_wait (is_not_ticking, sessions, 5000));
  gtk_widget_show (GTK_WIDGET (window));
  g_assert_true (test_loop_wait (is_ticking, sessions, 5000));
  /* With no sessions left there is nothing to age: no timer, until one comes. */
  harness_feed ("92");
  g_assert_cmpint (n_rows (view), ==, 0);
  g_assert_false (vpop3_sessions_view_is_ticking (sessions));
  harness_feed ("82\tIMAP4 Server (3)\tanna\t3730\tFETCH");
  g_assert_true (vpop3_sessions_view_is_ticking (sessions));

  /* End Session asks first, naming the session, then asks the server. */
  gtk_tree_selection_unselect_all (gtk_tree_view_get_selection (view));
  g_assert_false (gtk_widget_get_sensitive (end));
  g_assert_true (gtk_tree_model_get_iter_first (gtk_tree_view_get_model (view), &iter));
  gtk_tree_selection_select_iter (gtk_tree_view_get_selection (view), &iter);
  g_assert_true (gtk_widget_get_sensitive (end));
  gtk_button_clicked (GTK_BUTTON (end));
  g_assert_true (test_loop_wait (is_message_dialog_open, NULL, 5000));
  dialogs = harness_find_toplevels (GTK_TYPE_MESSAGE_DIALOG);
  {
    g_autofree char *text = NULL;

    g_object_get (dialogs->data, "text", &text, NULL);
    g_assert_nonnull (strstr (text, "IMAP4 Server (3)"));
  }
  g_assert_cmpuint (calls->len, ==, 0);
  gtk_dialog_response (dialogs->data, GTK_RESPONSE_ACCEPT);
  g_assert_cmpuint (calls->len, ==, 1);
  called = g_variant_print (calls->pdata[0], FALSE);
  g_assert_cmpstr (called, ==, expected);

  harness_feed ("92");
  g_assert_cmpint (n_rows (view), ==, 0);
  g_assert_false (gtk_widget_get_sensitive (end));
  gtk_widget_destroy (GTK_WIDGET (window));
  harness_disconnect_simulator (sim);
}

static gboolean
row_count_is (gpointer data)
{
  GtkTreeView *view = data;

  return n_rows (view) == GPOINTER_TO_INT (g_object_get_data (data, "wanted"));
}

static void
wait_rows (GtkTreeView *view, int wanted)
{
  g_object_set_data (G_OBJECT (view), "wanted", GINT_TO_POINTER (wanted));
  test_loop_wait (row_count_is, view, 5000);
  g_assert_cmpint (n_rows (view), ==, wanted);
}

static char *
row_text (GtkTreeView *view, int index)
{
  GtkTreeModel *model = gtk_tree_view_get_model (view);
  g_autoptr (Vpop3LogEntry) entry = NULL;
  GtkTreeIter iter;

  g_assert_true (gtk_tree_model_iter_nth_child (model, &iter, NULL, index));
  gtk_tree_model_get (model, &iter, 0, &entry, -1);
  return g_strdup (vpop3_log_entry_get_text (entry));
}

static guint
count_lines (const char *text)
{
  guint lines = 0;

  for (const char *p = text; *p != '\0'; p++)
    lines += *p == '\n';
  return lines;
}

static void
test_activity_log (void)
{
  Vpop3StatusWindow *window = new_window ();
  Vpop3LogView *log = harness_child (window, VPOP3_TYPE_STATUS_WINDOW, "log_view");
  GtkTreeView *view = harness_child (log, VPOP3_TYPE_LOG_VIEW, "tree_view");
  GtkEntry *search = harness_child (log, VPOP3_TYPE_LOG_VIEW, "search_entry");
  GSettings *settings = harness_settings ();
  g_autofree char *stamp = harness_filetime_ago (5);
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  g_autofree char *all = NULL;
  g_autofree char *some = NULL;
  GtkTreeIter iter;

  vpop3_status_set_log_limit (harness_status (), 100);
  for (int i = 0; i < 150; i++)
    harness_feed_printf ("0%sLine %d of the log", stamp, i);
  /* The ring keeps the newest 100: the view dropped the oldest from the front. */
  g_assert_cmpint (n_rows (view), ==, 100);
  first = row_text (view, 0);
  last = row_text (view, 99);
  g_assert_cmpstr (first, ==, "Line 50 of the log");
  g_assert_cmpstr (last, ==, "Line 149 of the log");

  /* Case-insensitive search; new lines that match appear, others stay out. */
  gtk_entry_set_text (search, "LINE 14");
  wait_rows (view, 10);
  harness_feed_printf ("0%sline 1400 arrives", stamp);
  harness_feed_printf ("0%sSomething else", stamp);
  g_assert_cmpint (n_rows (view), ==, 11);
  gtk_entry_set_text (search, "");
  wait_rows (view, 100);

  /* Copy: everything shown, or just the selection. */
  all = vpop3_log_view_dup_text (log);
  g_assert_cmpuint (count_lines (all), ==, 100);
  g_assert_nonnull (strstr (all, "\tSomething else\n"));
  g_assert_true (gtk_tree_model_iter_nth_child (gtk_tree_view_get_model (view), &iter, NULL, 3));
  gtk_tree_selection_select_iter (gtk_tree_view_get_selection (view), &iter);
  g_assert_true (gtk_tree_model_iter_nth_child (gtk_tree_view_get_model (view), &iter, NULL, 4));
  gtk_tree_selection_select_iter (gtk_tree_view_get_selection (view), &iter);
  some = vpop3_log_view_dup_text (log);
  g_assert_cmpuint (count_lines (some), ==, 2);
  g_assert_nonnull (strstr (some, "Line 55 of the log"));

  /* A reset (new login) empties it. */
  vpop3_status_reset (harness_status ());
  g_assert_cmpint (n_rows (view), ==, 0);

  /* The original's optional log view. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (log)));
  g_settings_set_boolean (settings, "show-activity-log", FALSE);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (log)));
  g_action_group_activate_action (G_ACTION_GROUP (window), "show-activity-log", NULL);
  g_assert_true (g_settings_get_boolean (settings, "show-activity-log"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (log)));

  vpop3_status_set_log_limit (harness_status (), 5000);
  gtk_widget_destroy (GTK_WIDGET (window));
}

static gboolean
is_at_bottom (gpointer data)
{
  GtkAdjustment *adjustment = data;
  double upper = gtk_adjustment_get_upper (adjustment);
  double page = gtk_adjustment_get_page_size (adjustment);

  return upper > page && gtk_adjustment_get_value (adjustment) + page >= upper - 1;
}

static gboolean
has_grown (gpointer data)
{
  GtkAdjustment *adjustment = data;

  return gtk_adjustment_get_upper (adjustment) >
         GPOINTER_TO_INT (g_object_get_data (data, "upper-before"));
}

static void
test_log_follows_bottom (void)
{
  Vpop3StatusWindow *window = new_window ();
  Vpop3LogView *log = harness_child (window, VPOP3_TYPE_STATUS_WINDOW, "log_view");
  GtkScrolledWindow *scrolled = harness_child (log, VPOP3_TYPE_LOG_VIEW, "scrolled");
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scrolled);
  g_autofree char *stamp = harness_filetime_ago (5);

  /* Lines that arrived before the window opened: it opens on the newest. */
  for (int i = 0; i < 150; i++)
    harness_feed_printf ("0%sEarlier %d", stamp, i);
  gtk_widget_show (GTK_WIDGET (window));
  g_assert_true (test_loop_wait (is_at_bottom, adjustment, 5000));
  for (int i = 0; i < 150; i++)
    harness_feed_printf ("0%sLine %d", stamp, i);
  g_assert_true (test_loop_wait (is_at_bottom, adjustment, 5000));

  /* Scrolled up to read (once the view has settled, as a user would):
   * new lines do not move the view. */
  harness_iterate ();
  gtk_adjustment_set_value (adjustment, 0);
  g_object_set_data (G_OBJECT (adjustment), "upper-before",
                     GINT_TO_POINTER ((int) gtk_adjustment_get_upper (adjustment)));
  for (int i = 0; i < 20; i++)
    harness_feed_printf ("0%sMore %d", stamp, i);
  g_assert_true (test_loop_wait (has_grown, adjustment, 5000));
  harness_iterate ();
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 0);

  /* Back at the bottom, it follows again. */
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) -
                                            gtk_adjustment_get_page_size (adjustment));
  for (int i = 0; i < 20; i++)
    harness_feed_printf ("0%sLater %d", stamp, i);
  g_object_set_data (G_OBJECT (adjustment), "upper-before",
                     GINT_TO_POINTER ((int) gtk_adjustment_get_upper (adjustment)));
  g_assert_true (test_loop_wait (has_grown, adjustment, 5000));
  g_assert_true (test_loop_wait (is_at_bottom, adjustment, 5000));
  gtk_widget_destroy (GTK_WIDGET (window));
}

static gboolean
is_logged_in (gpointer client)
{
  return vpop3_client_get_state (client) == VPOP3_CLIENT_STATE_CONNECTED &&
         vpop3_status_get_connection_text (vpop3_client_get_status (client)) != NULL;
}

static gboolean
is_refused (gpointer client)
{
  return vpop3_client_get_state (client) == VPOP3_CLIENT_STATE_LOGIN_REFUSED;
}

static gboolean
is_lost (gpointer window)
{
  return g_str_has_prefix (label_text (window, "connection_label"), "Not connected — ");
}

static void
on_attention (Vpop3Server *server, Vpop3ServerNeed need, const char *reason, gpointer user_data)
{
  g_free (*(char **) user_data);
  *(char **) user_data = g_strdup (reason);
}

static gboolean
has_text (gpointer data)
{
  return *(char **) data != NULL;
}

static void
test_connection_state (void)
{
  g_autoptr (Vpop3Simulator) sim = vpop3_simulator_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *attention = NULL;
  Vpop3Client *client = vpop3_server_get_client (harness_server ());
  Vpop3StatusWindow *window = new_window ();
  gulong handler =
      g_signal_connect (harness_server (), "attention", G_CALLBACK (on_attention), &attention);

  vpop3_simulator_add_user (sim, "postmaster", "admin", VPOP3_PERMISSION_ALL);
  g_assert_true (vpop3_simulator_listen (sim, "127.0.0.1", 0, &error));
  g_assert_no_error (error);
  vpop3_client_set_server (client, "127.0.0.1", vpop3_simulator_get_port (sim));

  /* Logged in: the server's own connection text. */
  vpop3_client_set_credentials (client, VPOP3_AUTH_ALOGIN, "postmaster", "admin");
  vpop3_client_connect (client);
  g_assert_cmpstr (label_text (window, "connection_label"), ==, "Connecting…");
  g_assert_true (test_loop_wait (is_logged_in, client, 10000));
  g_assert_cmpstr (label_text (window, "connection_label"), ==,
                   vpop3_status_get_connection_text (harness_status ()));
  vpop3_client_disconnect (client);
  g_assert_cmpstr (label_text (window, "connection_label"), ==, "Not connected");

  /* Refused: the server's words, here and in what the server asks the
   * application to show (Configure Status Monitor). */
  vpop3_client_set_credentials (client, VPOP3_AUTH_ALOGIN, "postmaster", "wrong");
  vpop3_client_connect (client);
  g_assert_true (test_loop_wait (is_refused, client, 10000));
  g_assert_true (g_str_has_prefix (label_text (window, "connection_label"), "Login refused"));
  g_assert_true (test_loop_wait (has_text, &attention, 10000));
  g_assert_cmpstr (attention, ==, label_text (window, "connection_label"));

  /* Lost: why, while the client retries. */
  vpop3_client_set_credentials (client, VPOP3_AUTH_ALOGIN, "postmaster", "admin");
  vpop3_client_connect (client);
  g_assert_true (test_loop_wait (is_logged_in, client, 10000));
  vpop3_simulator_stop (sim);
  g_assert_true (test_loop_wait (is_lost, window, 10000));

  vpop3_client_disconnect (client);
  g_signal_handler_disconnect (harness_server (), handler);
  harness_destroy_toplevels ();
}

int
main (int argc, char **argv)
{
  harness_init_alone (&argc, &argv);

  g_test_add_func ("/app/status-window/not-reported", test_not_reported);
  g_test_add_func ("/app/status-window/queues", test_queues);
  g_test_add_func ("/app/status-window/polls", test_polls);
  g_test_add_func ("/app/status-window/progress", test_progress);
  g_test_add_func ("/app/status-window/connect-now", test_connect_now);
  g_test_add_func ("/app/status-window/sessions", test_sessions);
  g_test_add_func ("/app/status-window/activity-log", test_activity_log);
  g_test_add_func ("/app/status-window/log-follows-bottom", test_log_follows_bottom);
  g_test_add_func ("/app/status-window/connection-state", test_connection_state);

  return g_test_run ();
}
