/* take-screenshots.c: renders every window of the applet with believable
 * data and saves PNGs in $VPOP3_SCREENSHOT_DIR, to look at in review and
 * for the docs. Not a test: run it under Xvfb, e.g.
 *   VPOP3_SCREENSHOT_DIR=shots xvfb-run -a -s "-screen 0 1280x800x24" \
 *     dbus-run-session -- build/tests/app/take-screenshots
 * In another language: LANGUAGE=de (over a locale other than C) and
 * VPOP3_LOCALEDIR=build/po, as ./scripts/screenshots --lang de sets them.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "vpop3-conversations.h"
#include "vpop3-messages-window.h"
#include "vpop3-password-dialog.h"
#include "vpop3-preferences-dialog.h"
#include "vpop3-sessions-view.h"
#include "vpop3-simulator-server.h"
#include "vpop3-status-window.h"
#include "vpop3-census.h"
#include "vpop3-diagnostics-dialog.h"
#include "window-harness.h"

static const char *const log_lines[] = {
  "Connecting to pop.example.net for user sales",
  "Connected to pop.example.net - 3 messages waiting",
  "Downloaded message 1 of 3 (14,221 bytes) for sales",
  "Downloaded message 2 of 3 (3,907 bytes) for sales",
  "Downloaded message 3 of 3 (128,446 bytes) for sales",
  "Disconnected from pop.example.net",
  "Connecting to smtp.relay.example.net",
  "Sending message to accounts@supplier.example.com (21,004 bytes)",
  "Message accepted: 250 2.0.0 Ok: queued as 4F2A1C0E9B",
  "Spam filter moved 1 message to the Junk folder of anna",
  "Connecting to imap.example.org for user support - login failed: authentication rejected "
  "by the remote server, will retry at the next poll",
  "Housekeeper: compacting mailboxes",
};

static gboolean
is_connected (gpointer client)
{
  return vpop3_client_get_state (client) == VPOP3_CLIENT_STATE_CONNECTED &&
         vpop3_status_get_connection_text (vpop3_client_get_status (client)) != NULL;
}

static void
feed_status (void)
{
  g_autofree char *last = harness_filetime_ago (7 * 60);
  g_autofree char *next = harness_filetime_ago (-23 * 60);

  harness_feed ("1Sending and receiving mail");
  harness_feed ("645\t60\t3");
  harness_feed ("421\t2");
  harness_feed ("55\t1");
  harness_feed_printf ("3%s\tpartial", last);
  harness_feed_printf ("2%s", next);
  harness_feed ("HIdle - next run at 02:00");
  harness_feed ("7Default Internet\tLeased line\tBackup ISDN");
  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *stamp = harness_filetime_ago ((int) (40 - i) * 37);

      harness_feed_printf ("0%s%s", stamp, log_lines[i % G_N_ELEMENTS (log_lines)]);
    }
  harness_feed ("81\tSMTP Server (12)\tbob@192.0.2.7\t65\tRCPT TO:<anna@example.com>");
  harness_feed ("82\tIMAP4 Server (3)\tanna\t3725\tIDLE");
  harness_feed ("83\tPOP3 Server (7)\tsales@198.51.100.20\t12\tRETR 3");
  harness_feed ("84\tWebMail (1)\tpostmaster\t845\tViewing Inbox");
  harness_feed ("85\tSMTP Client (2)\tsmtp.relay.example.net\t4\tSending message 2 of 2");
}

static void
shoot_status_windows (void)
{
  Vpop3StatusWindow *window = harness_new_status_window ();
  GtkStack *stack = harness_child (window, VPOP3_TYPE_STATUS_WINDOW, "stack");
  GSettings *settings = vpop3_application_get_settings (harness_app ());
  g_autofree char *failed = harness_filetime_ago (50 * 60);
  g_autoptr (GList) dialogs = NULL;

  harness_screenshot (GTK_WINDOW (window), "status");

  harness_feed_printf ("3%s\tfailed", failed);
  harness_feed ("6-\t35\t0");
  g_settings_set_boolean (settings, "show-activity-log", FALSE);
  harness_screenshot (GTK_WINDOW (window), "status-failed-no-log");
  g_settings_set_boolean (settings, "show-activity-log", TRUE);

  gtk_stack_set_visible_child_name (stack, "sessions");
  harness_screenshot (GTK_WINDOW (window), "sessions");

  /* Mailboxes (provisional type U), then what was not understood. */
  harness_feed ("Uanna\t3\t0");
  harness_feed ("Ubob\t12\t2");
  harness_feed ("Usales\t27\t1");
  harness_feed ("Usupport\t5\t0");
  gtk_stack_set_visible_child_name (stack, "mailboxes");
  harness_screenshot (GTK_WINDOW (window), "mailboxes");
  gtk_stack_set_visible_child_name (stack, "status");
  {
    const char *const unknown[] = { "Zqueue-stats\t17\t4", "4twenty-one\t2" };

    for (guint i = 0; i < G_N_ELEMENTS (unknown); i++)
      {
        g_autoptr (Vpop3Update) update = vpop3_update_parse (unknown[i], strlen (unknown[i]));

        vpop3_status_apply (harness_status (), update);
      }
  }
  harness_iterate ();
  g_action_group_activate_action (G_ACTION_GROUP (window), "diagnostics", NULL);
  harness_iterate ();
  dialogs = harness_find_toplevels (VPOP3_TYPE_DIAGNOSTICS_DIALOG);
  if (dialogs != NULL)
    {
      harness_screenshot (dialogs->data, "diagnostics");
      gtk_widget_destroy (dialogs->data);
      g_clear_pointer (&dialogs, g_list_free);
    }
  gtk_button_clicked (
      harness_child (harness_child (window, VPOP3_TYPE_STATUS_WINDOW, "sessions_view"),
                     VPOP3_TYPE_SESSIONS_VIEW, "end_button"));
  dialogs = harness_find_toplevels (GTK_TYPE_MESSAGE_DIALOG);
  if (dialogs != NULL)
    {
      harness_screenshot (dialogs->data, "end-session");
      gtk_widget_destroy (dialogs->data);
    }
  gtk_widget_destroy (GTK_WIDGET (window));

  vpop3_status_reset (harness_status ());
  vpop3_client_disconnect (vpop3_server_get_client (harness_server ()));
  window = harness_new_status_window ();
  harness_screenshot (GTK_WINDOW (window), "status-not-connected");
  gtk_widget_destroy (GTK_WIDGET (window));

  /* A server that sends only what the vendor documents: the log and the
   * connection text; the rest says "Not reported", and why on hover. */
  {
    Vpop3Simulator *sim = NULL;

    vpop3_status_reset (harness_status ());
    vpop3_census_reset (vpop3_status_get_census (harness_status ()));
    sim = harness_connect_simulator_dialect (VPOP3_SIMULATOR_DIALECT_DOCUMENTED_ONLY);
    window = harness_new_status_window ();
    harness_screenshot (GTK_WINDOW (window), "status-documented-only");
    gtk_widget_destroy (GTK_WIDGET (window));
    harness_disconnect_simulator (sim);
  }
}

static gboolean
is_test_done (gpointer dialog)
{
  gboolean active = TRUE;

  g_object_get (harness_child (dialog, VPOP3_TYPE_PREFERENCES_DIALOG, "test_spinner"), "active",
                &active, NULL);
  return !active;
}

static void
shoot_preferences (guint16 port)
{
  GType type = VPOP3_TYPE_PREFERENCES_DIALOG;
  Vpop3PreferencesDialog *dialog = harness_new_preferences_dialog ();
  g_autofree char *refused = NULL;

  harness_screenshot (GTK_WINDOW (dialog), "preferences-empty");
  gtk_entry_set_text (harness_child (dialog, type, "host_entry"), "127.0.0.1");
  gtk_spin_button_set_value (harness_child (dialog, type, "port_spin"), port);
  gtk_entry_set_text (harness_child (dialog, type, "user_entry"), "postmaster");
  gtk_entry_set_text (harness_child (dialog, type, "password_entry"), "admin");
  gtk_button_clicked (harness_child (dialog, type, "test_button"));
  test_loop_wait (is_test_done, dialog, 15000);
  harness_screenshot (GTK_WINDOW (dialog), "preferences");

  gtk_combo_box_set_active_id (harness_child (dialog, type, "method_combo"), "login");
  /* As the client words it: its own text (translated), the server's after it. */
  refused = g_strdup_printf (g_dgettext (GETTEXT_PACKAGE, "Login refused: %s"),
                             "Invalid username or password (3 attempts left before the account "
                             "is locked)");
  vpop3_preferences_dialog_show_error (dialog, refused);
  harness_screenshot (GTK_WINDOW (dialog), "preferences-plain-error");

  gtk_combo_box_set_active_id (harness_child (dialog, type, "method_combo"), "apilogin");
  harness_screenshot (GTK_WINDOW (dialog), "preferences-apilogin");

  gtk_stack_set_visible_child_name (harness_child (dialog, type, "stack"), "desktop");
  /* As users find it: the harness turned the history off for its own tests. */
  g_settings_set_boolean (harness_settings (), "keep-history", TRUE);
  harness_screenshot (GTK_WINDOW (dialog), "preferences-desktop");
  g_settings_set_boolean (harness_settings (), "keep-history", FALSE);
  gtk_widget_destroy (GTK_WIDGET (dialog));
}

static void
shoot_messages (void)
{
  Vpop3Conversations *conversations = vpop3_server_get_conversations (harness_server ());
  Vpop3MessagesWindow *window = harness_new_messages_window ();
  g_autofree char *earlier = harness_filetime_ago (25 * 60);
  g_autofree char *later = harness_filetime_ago (3 * 60);
  g_autofree char *just_now = harness_filetime_ago (0);

  harness_screenshot (GTK_WINDOW (window), "messages-empty");
  harness_feed_printf ("M%s\tanna\tHi, is the mail server going down tonight for the update?",
                       earlier);
  vpop3_conversations_set_delivery (
      conversations,
      vpop3_conversations_add_outgoing (conversations, "anna",
                                        "Yes, from 22:00 for about half an hour. Mail sent "
                                        "meanwhile waits in the queue and goes out afterwards."),
      VPOP3_HISTORY_DELIVERY_ACCEPTED, NULL);
  harness_feed_printf ("M%s\tanna\tGreat, thanks!", just_now);
  harness_feed_printf ("M%s\tbob\tThe printer on the second floor is out of toner again", later);
  vpop3_messages_window_select_user (window, "anna");
  harness_screenshot (GTK_WINDOW (window), "messages");

  /* What the server refused, and what could not go, stay with Send Again. */
  vpop3_messages_window_select_user (window, "bob");
  vpop3_conversations_set_delivery (
      conversations,
      vpop3_conversations_add_outgoing (conversations, "bob",
                                        "There is a new cartridge in the "
                                        "cupboard by the kitchen"),
      VPOP3_HISTORY_DELIVERY_REFUSED, "User bob is not logged in");
  vpop3_conversations_set_delivery (
      conversations, vpop3_conversations_add_outgoing (conversations, "bob", "I'll bring it up"),
      VPOP3_HISTORY_DELIVERY_NOT_SENT,
      g_dgettext (GETTEXT_PACKAGE, "Not connected to the VPOP3 server"));
  harness_screenshot (GTK_WINDOW (window), "messages-not-delivered");
  gtk_widget_destroy (GTK_WIDGET (window));
}

static void
shoot_password (void)
{
  /* The application's wording (translated) around the keyring's own error. */
  g_autofree char *reason = g_strdup_printf (
      g_dgettext (GETTEXT_PACKAGE, "The password could not be read from the keyring (%s). It "
                                   "will be kept in memory until the status monitor exits."),
      "the keyring is locked");
  Vpop3PasswordDialog *dialog =
      vpop3_password_dialog_new (NULL, "mail.example.com", "postmaster", reason);

  harness_screenshot (GTK_WINDOW (dialog), "password");
  gtk_widget_destroy (GTK_WIDGET (dialog));
}

int
main (int argc, char **argv)
{
  g_autoptr (Vpop3Simulator) sim = NULL;
  g_autoptr (GError) error = NULL;
  Vpop3Client *client;
  const char *localedir;

  if (g_getenv ("VPOP3_SCREENSHOT_DIR") == NULL)
    {
      g_printerr ("Set VPOP3_SCREENSHOT_DIR to the folder for the PNG files.\n");
      return 2;
    }
  harness_init (&argc, &argv);
  /* gtk_test_init() chose en_US.UTF-8: the environment's language instead,
   * with the catalogues the applet itself would bind. */
  setlocale (LC_ALL, "");
  localedir = g_getenv ("VPOP3_LOCALEDIR");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && *localedir != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  sim = vpop3_simulator_new ();
  vpop3_simulator_add_user (sim, "postmaster", "admin", VPOP3_PERMISSION_ALL);
  if (!vpop3_simulator_listen (sim, "127.0.0.1", 0, &error))
    g_error ("%s", error->message);

  /* A logged-in client, so that the window shows the server's own state. */
  client = vpop3_server_get_client (harness_server ());
  vpop3_client_set_server (client, "127.0.0.1", vpop3_simulator_get_port (sim));
  vpop3_client_set_credentials (client, VPOP3_AUTH_ALOGIN, "postmaster", "admin");
  vpop3_client_connect (client);
  if (!test_loop_wait (is_connected, client, 10000))
    g_error ("could not log in to the simulator");
  feed_status ();

  shoot_status_windows ();
  shoot_preferences (vpop3_simulator_get_port (sim));
  shoot_messages ();
  shoot_password ();
  vpop3_simulator_stop (sim);
  return 0;
}
