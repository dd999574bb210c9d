/* test-windows-alone.c: each window built from a Vpop3Server alone — a
 * controller with a fed status, in-memory settings and an action group that
 * records what is activated — with no application, no tray and no bus name,
 * so this test runs in parallel with anything. Two servers side by side
 * show each its own.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gtk/gtk.h>
#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <string.h>

#include "vpop3-diagnostics-dialog.h"
#include "vpop3-mailboxes-view.h"
#include "vpop3-messages-window.h"
#include "vpop3-preferences-dialog.h"
#include "vpop3-resources.h"
#include "vpop3-server-list.h"
#include "vpop3-simulator-server.h"
#include "vpop3-status-window.h"
#include "test-loop.h"
#include "window-harness.h"

#define APP_ID_SCHEMA "io.github.vpop3monitor.Vpop3Monitor"

typedef struct
{
  GSettingsBackend *backend;
  GSettings *settings; /* desktop-wide */
  Vpop3ServerList *servers;
  GSimpleActionGroup *actions;
  GPtrArray *activated; /* "name parameter" */
} Fixture;

static void
on_activate (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  Fixture *f = user_data;
  g_autofree char *shown = parameter != NULL ? g_variant_print (parameter, FALSE) : NULL;

  g_ptr_array_add (f->activated, g_strdup_printf ("%s %s", g_action_get_name (G_ACTION (action)),
                                                  shown != NULL ? shown : ""));
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  static const struct
  {
    const char *name;
    const char *type;
  } actions[] = { { "connect-now-of", "(sv)" },
                  { "end-session-of", "(sv)" },
                  { "send-message", "(ss)" } };

  f->backend = g_memory_settings_backend_new ();
  f->settings = g_settings_new_with_backend (APP_ID_SCHEMA, f->backend);
  f->servers = vpop3_server_list_new (f->settings);
  vpop3_server_list_add (f->servers);
  f->activated = g_ptr_array_new_with_free_func (g_free);
  f->actions = g_simple_action_group_new ();
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      g_autoptr (GSimpleAction) action =
          g_simple_action_new (actions[i].name, G_VARIANT_TYPE (actions[i].type));

      g_signal_connect (action, "activate", G_CALLBACK (on_activate), f);
      g_action_map_add_action (G_ACTION_MAP (f->actions), G_ACTION (action));
    }
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  harness_destroy_toplevels ();
  g_clear_object (&f->actions);
  g_clear_object (&f->servers);
  g_clear_object (&f->settings);
  g_clear_object (&f->backend);
  g_ptr_array_unref (f->activated);
}

static Vpop3Server *
server (Fixture *f, guint position)
{
  g_autoptr (Vpop3Server) item = g_list_model_get_item (G_LIST_MODEL (f->servers), position);

  return item;
}

static void
feed (Vpop3Server *to, const char *line)
{
  g_autoptr (Vpop3Update) update = vpop3_update_parse (line, strlen (line));

  g_assert_cmpint (update->type, !=, VPOP3_UPDATE_UNKNOWN);
  vpop3_status_apply (vpop3_server_get_status (to), update);
}

static const char *
label_text (gpointer window, GType type, const char *name)
{
  return gtk_label_get_text (GTK_LABEL (gtk_widget_get_template_child (window, type, name)));
}

static gboolean
is_connected (gpointer server)
{
  return vpop3_client_get_state (vpop3_server_get_client (server)) == VPOP3_CLIENT_STATE_CONNECTED;
}

/* Two status windows, each given its server, each shows that one's counts;
 * Connect Now activates the given actions for its own server, by id, and
 * only while that one is logged in; no application anywhere. */
static void
test_status_windows (Fixture *f, gconstpointer data)
{
  g_autoptr (Vpop3Simulator) sim = vpop3_simulator_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *expected = NULL;
  Vpop3StatusWindow *first =
      vpop3_status_window_new (server (f, 0), f->settings, G_ACTION_GROUP (f->actions));
  Vpop3StatusWindow *second =
      vpop3_status_window_new (server (f, 1), f->settings, G_ACTION_GROUP (f->actions));
  GtkWidget *connect_button;
  GtkWidget *first_button;

  g_assert_null (gtk_window_get_application (GTK_WINDOW (first)));
  vpop3_simulator_set_scenario (sim, VPOP3_SIMULATOR_SCENARIO_QUIET, 0);
  vpop3_simulator_add_user (sim, "postmaster", "admin", VPOP3_PERMISSION_ALL);
  g_assert_true (vpop3_simulator_listen (sim, "127.0.0.1", 0, &error));
  g_assert_no_error (error);
  vpop3_server_set_overrides (server (f, 1), "127.0.0.1", vpop3_simulator_get_port (sim),
                              "postmaster");
  vpop3_server_use_password (server (f, 1), "admin");
  g_assert_true (test_loop_wait (is_connected, server (f, 1), 30000));
  feed (server (f, 0), "421\t2");
  feed (server (f, 1), "43\t0");
  feed (server (f, 1), "55\t1");
  g_assert_cmpstr (label_text (first, VPOP3_TYPE_STATUS_WINDOW, "out_queue_label"), ==, "21 (2)");
  g_assert_cmpstr (label_text (first, VPOP3_TYPE_STATUS_WINDOW, "inboxes_label"), ==,
                   "Not reported");
  g_assert_cmpstr (label_text (second, VPOP3_TYPE_STATUS_WINDOW, "out_queue_label"), ==, "3");
  g_assert_cmpstr (label_text (second, VPOP3_TYPE_STATUS_WINDOW, "inboxes_label"), ==, "5 (1)");

  /* Connect Now works through the actions the window was given. */
  connect_button = GTK_WIDGET (gtk_widget_get_template_child (
      GTK_WIDGET (second), VPOP3_TYPE_STATUS_WINDOW, "connect_button"));
  first_button = GTK_WIDGET (gtk_widget_get_template_child (
      GTK_WIDGET (first), VPOP3_TYPE_STATUS_WINDOW, "connect_button"));
  gtk_widget_show_all (GTK_WIDGET (second));
  gtk_widget_show_all (GTK_WIDGET (first));
  g_assert_true (gtk_widget_is_sensitive (connect_button));
  g_assert_false (gtk_widget_is_sensitive (first_button));
  gtk_button_clicked (GTK_BUTTON (connect_button));
  g_assert_cmpuint (f->activated->len, ==, 1);
  expected = g_strdup_printf ("connect-now-of ('%s', <''>)", vpop3_server_get_id (server (f, 1)));
  g_assert_cmpstr (g_ptr_array_index (f->activated, 0), ==, expected);
  vpop3_server_disconnect (server (f, 1));
  vpop3_simulator_stop (sim);
}

/* With several servers, one window switches between them: the switcher
 * lists each, and every field follows the one chosen. */
static void
test_status_switcher (Fixture *f, gconstpointer data)
{
  Vpop3StatusWindow *window = vpop3_status_window_new_for_servers (
      G_LIST_MODEL (f->servers), server (f, 0), f->settings, G_ACTION_GROUP (f->actions));
  GtkComboBox *combo = GTK_COMBO_BOX (gtk_widget_get_template_child (
      GTK_WIDGET (window), VPOP3_TYPE_STATUS_WINDOW, "server_combo"));

  feed (server (f, 0), "421\t2");
  feed (server (f, 1), "43\t0");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (combo)));
  g_assert_cmpint (gtk_tree_model_iter_n_children (gtk_combo_box_get_model (combo), NULL), ==, 2);
  g_assert_cmpstr (gtk_combo_box_get_active_id (combo), ==, vpop3_server_get_id (server (f, 0)));
  g_assert_cmpstr (label_text (window, VPOP3_TYPE_STATUS_WINDOW, "out_queue_label"), ==, "21 (2)");

  /* Chosen in the switcher. */
  gtk_combo_box_set_active_id (combo, vpop3_server_get_id (server (f, 1)));
  g_assert_true (vpop3_status_window_get_server (window) == server (f, 1));
  g_assert_cmpstr (label_text (window, VPOP3_TYPE_STATUS_WINDOW, "out_queue_label"), ==, "3");
  /* The one no longer shown changes nothing here. */
  feed (server (f, 0), "45\t0");
  g_assert_cmpstr (label_text (window, VPOP3_TYPE_STATUS_WINDOW, "out_queue_label"), ==, "3");

  /* Asked for (a Status item): the switcher follows. */
  vpop3_status_window_set_server (window, server (f, 0));
  g_assert_cmpstr (gtk_combo_box_get_active_id (combo), ==, vpop3_server_get_id (server (f, 0)));
  g_assert_cmpstr (label_text (window, VPOP3_TYPE_STATUS_WINDOW, "out_queue_label"), ==, "5");

  /* Down to one server: no switcher. */
  vpop3_server_list_remove (f->servers, server (f, 1));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (combo)));
}

static int
n_rows (GtkTreeView *view)
{
  return gtk_tree_model_iter_n_children (gtk_tree_view_get_model (view), NULL);
}

/* The Mailboxes tab: hidden until the server sends mailboxes (or lets the
 * user see them), then a row per user with messages, searchable. */
static void
test_mailboxes (Fixture *f, gconstpointer data)
{
  Vpop3StatusWindow *window =
      vpop3_status_window_new (server (f, 0), f->settings, G_ACTION_GROUP (f->actions));
  GtkWidget *view = GTK_WIDGET (gtk_widget_get_template_child (
      GTK_WIDGET (window), VPOP3_TYPE_STATUS_WINDOW, "mailboxes_view"));
  GtkTreeView *tree =
      GTK_TREE_VIEW (gtk_widget_get_template_child (view, VPOP3_TYPE_MAILBOXES_VIEW, "tree_view"));
  GtkEntry *search =
      GTK_ENTRY (gtk_widget_get_template_child (view, VPOP3_TYPE_MAILBOXES_VIEW, "search_entry"));
  g_autofree char *first = NULL;
  GtkTreeIter iter;

  g_assert_false (gtk_widget_get_visible (view));
  feed (server (f, 0), "Ubob\t2\t0");
  feed (server (f, 0), "Ualice\t3\t1");
  g_assert_true (gtk_widget_get_visible (view));
  g_assert_cmpint (n_rows (tree), ==, 2);
  g_assert_true (gtk_tree_model_get_iter_first (gtk_tree_view_get_model (tree), &iter));
  gtk_tree_model_get (gtk_tree_view_get_model (tree), &iter, 0, &first, -1);
  g_assert_cmpstr (first, ==, "alice");

  /* Searching by user; a later report changes the row, an empty one drops it. */
  gtk_entry_set_text (search, "BO");
  g_signal_emit_by_name (search, "search-changed");
  g_assert_cmpint (n_rows (tree), ==, 1);
  gtk_entry_set_text (search, "");
  g_signal_emit_by_name (search, "search-changed");
  feed (server (f, 0), "Ualice\t0\t0");
  g_assert_cmpint (n_rows (tree), ==, 1);
}

static void
apply_raw (Vpop3Server *to, const char *line)
{
  g_autoptr (Vpop3Update) update = vpop3_update_parse (line, strlen (line));

  vpop3_status_apply (vpop3_server_get_status (to), update);
}

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static GtkWidget *
find_toplevel (GType type)
{
  g_autoptr (GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && !gtk_widget_in_destruction (l->data))
      return l->data;
  return NULL;
}

/* What the server never sent says why, and what lines it sends that we do
 * not understand is said once, in the window, with the way to Diagnostics. */
static void
test_not_understood (Fixture *f, gconstpointer data)
{
  Vpop3StatusWindow *window =
      vpop3_status_window_new (server (f, 0), f->settings, G_ACTION_GROUP (f->actions));
  GtkWidget *out = GTK_WIDGET (gtk_widget_get_template_child (
      GTK_WIDGET (window), VPOP3_TYPE_STATUS_WINDOW, "out_queue_label"));
  GtkInfoBar *bar = GTK_INFO_BAR (
      gtk_widget_get_template_child (GTK_WIDGET (window), VPOP3_TYPE_STATUS_WINDOW, "unknown_bar"));
  g_autofree char *tooltip = gtk_widget_get_tooltip_text (out);
  g_autofree char *summary = NULL;
  GtkWidget *diagnostics;
  GtkTreeView *types;

  g_assert_nonnull (strstr (tooltip, "vpop3ctl survey"));
  feed (server (f, 0), "421\t2");
  g_assert_null (gtk_widget_get_tooltip_text (out));

  /* Understood lines: no bar. */
  iterate ();
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (bar)));
  apply_raw (server (f, 0), "Zsomething new");
  apply_raw (server (f, 0), "4not a number");
  iterate ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (bar)));

  /* Its button: Diagnostics, with the counts by type. */
  gtk_info_bar_response (bar, 1);
  diagnostics = find_toplevel (VPOP3_TYPE_DIAGNOSTICS_DIALOG);
  g_assert_nonnull (diagnostics);
  iterate ();
  summary = g_strdup (gtk_label_get_text (GTK_LABEL (gtk_widget_get_template_child (
      diagnostics, VPOP3_TYPE_DIAGNOSTICS_DIALOG, "summary_label"))));
  g_assert_nonnull (strstr (summary, "unknown: 1"));
  types = GTK_TREE_VIEW (
      gtk_widget_get_template_child (diagnostics, VPOP3_TYPE_DIAGNOSTICS_DIALOG, "tree_view"));
  g_assert_cmpint (gtk_tree_model_iter_n_children (gtk_tree_view_get_model (types), NULL), ==, 2);
  gtk_widget_destroy (diagnostics);

  /* Closed, it stays closed for this server. */
  gtk_info_bar_response (bar, GTK_RESPONSE_CLOSE);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (bar)));
  apply_raw (server (f, 0), "Zmore");
  iterate ();
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (bar)));
}

/* Instant Messaging shows the conversations of the server it is given. */
static void
test_messages_window (Fixture *f, gconstpointer data)
{
  Vpop3MessagesWindow *window;
  GtkListBox *list;

  vpop3_conversations_add_incoming (vpop3_server_get_conversations (server (f, 1)), NULL, "anna",
                                    "Lunch?");
  window = vpop3_messages_window_new (server (f, 1), G_ACTION_GROUP (f->actions));
  list = GTK_LIST_BOX (gtk_widget_get_template_child (
      GTK_WIDGET (window), VPOP3_TYPE_MESSAGES_WINDOW, "conversation_list"));
  g_assert_nonnull (gtk_list_box_get_row_at_index (list, 0));
  g_assert_null (gtk_list_box_get_row_at_index (list, 1));
  gtk_widget_destroy (GTK_WIDGET (window));

  /* The first server has none. */
  window = vpop3_messages_window_new (server (f, 0), G_ACTION_GROUP (f->actions));
  list = GTK_LIST_BOX (gtk_widget_get_template_child (
      GTK_WIDGET (window), VPOP3_TYPE_MESSAGES_WINDOW, "conversation_list"));
  g_assert_null (gtk_list_box_get_row_at_index (list, 0));
}

/* Configure Status Monitor edits the server it is given, on Save only. */
static void
test_preferences (Fixture *f, gconstpointer data)
{
  GSettings *second = vpop3_server_get_settings (server (f, 1));
  Vpop3PreferencesDialog *dialog;
  GtkEntry *host;
  g_autofree char *first_host = NULL;
  g_autofree char *saved = NULL;

  g_settings_set_string (second, "host", "second.example");
  dialog = vpop3_preferences_dialog_new (server (f, 1), f->settings);
  host = GTK_ENTRY (gtk_widget_get_template_child (GTK_WIDGET (dialog),
                                                   VPOP3_TYPE_PREFERENCES_DIALOG, "host_entry"));
  g_assert_cmpstr (gtk_entry_get_text (host), ==, "second.example");
  gtk_entry_set_text (host, "renamed.example");
  g_object_ref (dialog);
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  saved = g_settings_get_string (second, "host");
  g_assert_cmpstr (saved, ==, "second.example");
  first_host = g_settings_get_string (vpop3_server_get_settings (server (f, 0)), "host");
  g_assert_cmpstr (first_host, ==, "");
  g_object_unref (dialog);
}

static gpointer
child (gpointer widget, GType type, const char *name)
{
  GObject *found = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (found);
  return found;
}

static GtkWidget *
find_message_dialog (void)
{
  g_autoptr (GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (GTK_IS_MESSAGE_DIALOG (l->data) && !gtk_widget_in_destruction (l->data))
      return l->data;
  return NULL;
}

/* Configure Status Monitor with several servers: the switcher chooses what
 * the Server page edits, unsaved typing holds it (and Add and Remove) back,
 * Add makes a new server to fill in, Remove asks first. */
static void
test_preferences_servers (Fixture *f, gconstpointer data)
{
  Vpop3PreferencesDialog *dialog;
  GtkComboBox *combo;
  GtkEntry *host;
  GtkWidget *add, *remove, *confirmation;
  g_autofree char *kept = NULL;
  Vpop3Server *added;

  g_settings_set_string (vpop3_server_get_settings (server (f, 0)), "host", "one.example");
  g_settings_set_string (vpop3_server_get_settings (server (f, 1)), "host", "two.example");
  dialog = vpop3_preferences_dialog_new_for_servers (f->servers, server (f, 0), f->settings);
  combo = child (dialog, VPOP3_TYPE_PREFERENCES_DIALOG, "server_combo");
  host = child (dialog, VPOP3_TYPE_PREFERENCES_DIALOG, "host_entry");
  add = child (dialog, VPOP3_TYPE_PREFERENCES_DIALOG, "add_server_button");
  remove = child (dialog, VPOP3_TYPE_PREFERENCES_DIALOG, "remove_server_button");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (combo)));
  g_assert_cmpstr (gtk_entry_get_text (host), ==, "one.example");

  gtk_combo_box_set_active_id (combo, vpop3_server_get_id (server (f, 1)));
  g_assert_true (vpop3_preferences_dialog_get_server (dialog) == server (f, 1));
  g_assert_cmpstr (gtk_entry_get_text (host), ==, "two.example");

  /* Typing holds the switcher back until Save or Cancel. */
  gtk_entry_set_text (host, "typed.example");
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (combo)));
  g_assert_false (gtk_widget_get_sensitive (add));
  g_assert_false (vpop3_preferences_dialog_set_server (dialog, server (f, 0)));
  g_assert_cmpstr (gtk_entry_get_text (host), ==, "typed.example");
  /* Cancel forgets the typing; a dialog opened again starts clean. */
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  dialog = vpop3_preferences_dialog_new_for_servers (f->servers, server (f, 1), f->settings);
  combo = child (dialog, VPOP3_TYPE_PREFERENCES_DIALOG, "server_combo");
  host = child (dialog, VPOP3_TYPE_PREFERENCES_DIALOG, "host_entry");
  add = child (dialog, VPOP3_TYPE_PREFERENCES_DIALOG, "add_server_button");
  remove = child (dialog, VPOP3_TYPE_PREFERENCES_DIALOG, "remove_server_button");
  g_assert_cmpstr (gtk_entry_get_text (host), ==, "two.example");
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (combo)));

  /* Add: a new server, shown at once to be filled in. */
  gtk_button_clicked (GTK_BUTTON (add));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->servers)), ==, 3);
  added = vpop3_preferences_dialog_get_server (dialog);
  g_assert_true (added == server (f, 2));
  g_assert_cmpstr (gtk_entry_get_text (host), ==, "");

  /* Remove asks first; Cancel keeps it. */
  gtk_button_clicked (GTK_BUTTON (remove));
  confirmation = find_message_dialog ();
  g_assert_nonnull (confirmation);
  gtk_dialog_response (GTK_DIALOG (confirmation), GTK_RESPONSE_CANCEL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->servers)), ==, 3);
  gtk_button_clicked (GTK_BUTTON (remove));
  confirmation = find_message_dialog ();
  g_assert_nonnull (confirmation);
  gtk_dialog_response (GTK_DIALOG (confirmation), GTK_RESPONSE_ACCEPT);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->servers)), ==, 2);
  g_assert_true (vpop3_preferences_dialog_get_server (dialog) == server (f, 0));
  kept = g_settings_get_string (vpop3_server_get_settings (server (f, 1)), "host");
  g_assert_cmpstr (kept, ==, "two.example");

  /* The last but one: nothing left to remove after it. */
  gtk_combo_box_set_active_id (combo, vpop3_server_get_id (server (f, 1)));
  gtk_button_clicked (GTK_BUTTON (remove));
  gtk_dialog_response (GTK_DIALOG (find_message_dialog ()), GTK_RESPONSE_ACCEPT);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->servers)), ==, 1);
  g_assert_false (gtk_widget_get_sensitive (remove));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (combo)));
  g_assert_true (gtk_widget_get_visible (add));
}

int
main (int argc, char **argv)
{
  g_setenv ("NO_AT_BRIDGE", "1", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  g_assert_nonnull (vpop3_get_resource ());

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/windows-alone/status", test_status_windows);
  ADD ("/windows-alone/status-switcher", test_status_switcher);
  ADD ("/windows-alone/mailboxes", test_mailboxes);
  ADD ("/windows-alone/not-understood", test_not_understood);
  ADD ("/windows-alone/messages", test_messages_window);
  ADD ("/windows-alone/preferences", test_preferences);
  ADD ("/windows-alone/preferences-servers", test_preferences_servers);
#undef ADD
  return g_test_run ();
}
