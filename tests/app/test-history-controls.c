/* test-history-controls.c: Configure Status Monitor's message-history
 * controls (issue 14) — the Desktop page's switch, retention and Clear
 * History…, and Remove Server's "Keep its message history" — against a real
 * Vpop3History in a scratch folder and a Vpop3HistoryKeeper. No application,
 * no tray, no bus name: it runs in parallel with anything.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gtk/gtk.h>
#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <string.h>

#include "vpop3-history-keeper.h"
#include "vpop3-history.h"
#include "vpop3-preferences-dialog.h"
#include "vpop3-resources.h"
#include "vpop3-server-list.h"
#include "window-harness.h"

#define APP_ID_SCHEMA "io.github.vpop3monitor.Vpop3Monitor"
#define PREFS         VPOP3_TYPE_PREFERENCES_DIALOG
/* A safety net against hanging, never a measure of speed: every wait ends on
 * an event long before this on any machine. */
#define WAIT_MS 30000

/* The servers of the fixture, each with its own login identity. */
static const struct
{
  const char *host;
  guint16 port;
  const char *user;
} identities[] = {
  { "one.example", 5109, "anna" },
  { "two.example", 5110, "bob" },
  { "three.example", 5109, "carol" },
};

typedef struct
{
  char *dir; /* scratch folder holding the store */
  GSettingsBackend *backend;
  GSettings *settings; /* desktop-wide */
  Vpop3History *history;
  Vpop3HistoryKeeper *keeper;
  Vpop3ServerList *servers;
  GPtrArray *cleared; /* "host:port:user" or "(all)", one per "cleared" */
} Fixture;

static void
on_cleared (
    Vpop3HistoryKeeper *keeper, const char *host, guint port, const char *user, gpointer user_data)
{
  Fixture *f = user_data;

  g_ptr_array_add (f->cleared, host != NULL ? g_strdup_printf ("%s:%u:%s", host, port, user)
                                            : g_strdup ("(all)"));
}

static gboolean
is_available (gpointer keeper)
{
  return vpop3_history_keeper_get_available (keeper);
}

typedef enum
{
  WITH_KEEPER,
  WITHOUT_KEEPER, /* the server list is given none: the monitor keeps no history */
  UNOPENABLE,     /* a keeper whose store cannot be created */
} SetUp;

static void
set_up_with (Fixture *f, SetUp how)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *file = NULL;
  gboolean with_keeper = how != WITHOUT_KEEPER;

  f->dir = g_dir_make_tmp ("vpop3-history-controls-XXXXXX", &error);
  g_assert_no_error (error);
  f->backend = g_memory_settings_backend_new ();
  f->settings = g_settings_new_with_backend (APP_ID_SCHEMA, f->backend);
  if (how == UNOPENABLE)
    {
      /* The store's folder is a file: nothing can be created in it. */
      g_autofree char *blocker = g_build_filename (f->dir, "not-a-folder", NULL);

      g_assert_true (g_file_set_contents (blocker, "", 0, &error));
      g_assert_no_error (error);
      file = g_build_filename (blocker, "history.sqlite", NULL);
    }
  else
    file = g_build_filename (f->dir, "history.sqlite", NULL);
  f->history = vpop3_history_new (file);
  f->keeper = vpop3_history_keeper_new (f->settings, f->history);
  f->cleared = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (f->keeper, "cleared", G_CALLBACK (on_cleared), f);
  f->servers = g_object_new (VPOP3_TYPE_SERVER_LIST, "settings", f->settings, "history-keeper",
                             with_keeper ? f->keeper : NULL, NULL);
  /* A new list holds one server already. */
  while (g_list_model_get_n_items (G_LIST_MODEL (f->servers)) < G_N_ELEMENTS (identities))
    vpop3_server_list_add (f->servers);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->servers)), ==,
                    G_N_ELEMENTS (identities));
  for (guint i = 0; i < G_N_ELEMENTS (identities); i++)
    {
      g_autoptr (Vpop3Server) item = g_list_model_get_item (G_LIST_MODEL (f->servers), i);
      GSettings *server = vpop3_server_get_settings (item);

      g_settings_set_string (server, "host", identities[i].host);
      g_settings_set (server, "port", "q", identities[i].port);
      g_settings_set_string (server, "user", identities[i].user);
    }
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  set_up_with (f, WITH_KEEPER);
  /* keep-history is on by default: the keeper opens the store at once. */
  g_assert_true (test_loop_wait (is_available, f->keeper, WAIT_MS));
}

static void
fixture_set_up_no_keeper (Fixture *f, gconstpointer data)
{
  set_up_with (f, WITHOUT_KEEPER);
}

static void
fixture_set_up_unopenable (Fixture *f, gconstpointer data)
{
  set_up_with (f, UNOPENABLE);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_autoptr (GAsyncResult) closed = NULL;

  harness_destroy_toplevels ();
  /* The store's worker is done with the folder before it goes. */
  vpop3_history_keeper_close_async (f->keeper, NULL, test_loop_store_result, &closed);
  vpop3_history_keeper_close_finish (f->keeper, test_loop_wait_result (&closed, WAIT_MS), NULL);
  g_clear_object (&f->servers);
  g_clear_object (&f->keeper);
  g_clear_object (&f->history);
  g_clear_object (&f->settings);
  g_clear_object (&f->backend);
  g_ptr_array_unref (f->cleared);
  harness_remove_tree (f->dir);
  g_free (f->dir);
}

static Vpop3Server *
server (Fixture *f, guint position)
{
  g_autoptr (Vpop3Server) item = g_list_model_get_item (G_LIST_MODEL (f->servers), position);

  return item;
}

/* Stores one incoming message from "dave" to the server of identities[@i]. */
static void
append_message (Fixture *f, guint i)
{
  g_autoptr (Vpop3HistoryMessage) message = vpop3_history_message_new (
      identities[i].host, identities[i].port, identities[i].user, "dave", g_get_real_time (),
      VPOP3_HISTORY_INCOMING, "dave", "Lunch at noon?", -1);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;

  vpop3_history_append_async (f->history, message, NULL, test_loop_store_result, &result);
  g_assert_cmpint (
      vpop3_history_append_finish (f->history, test_loop_wait_result (&result, WAIT_MS), &error), >,
      0);
  g_assert_no_error (error);
}

/* How many conversations the store holds for the server of identities[@i]. */
static guint
n_conversations (Fixture *f, guint i)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) conversations = NULL;

  vpop3_history_list_conversations_async (f->history, identities[i].host, identities[i].port,
                                          identities[i].user, NULL, test_loop_store_result,
                                          &result);
  conversations = vpop3_history_list_conversations_finish (
      f->history, test_loop_wait_result (&result, WAIT_MS), &error);
  g_assert_no_error (error);
  return conversations->len;
}

static gboolean
has_n_cleared (gpointer data)
{
  Fixture *f = data;

  return f->cleared->len >= GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (f->keeper), "want"));
}

static void
wait_cleared (Fixture *f, guint n)
{
  g_object_set_data (G_OBJECT (f->keeper), "want", GUINT_TO_POINTER (n));
  g_assert_true (test_loop_wait (has_n_cleared, f, WAIT_MS));
  g_assert_cmpuint (f->cleared->len, ==, n);
}

/* A clear of a server nobody uses, and its "cleared": the keeper clears in
 * the order asked, so a clear asked for before this one (wrongly) would have
 * been reported by then. */
static void
clear_barrier (Fixture *f)
{
  guint before = f->cleared->len;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;

  vpop3_history_keeper_clear_async (f->keeper, "nowhere.example", 1, "nobody", NULL,
                                    test_loop_store_result, &result);
  g_assert_true (vpop3_history_keeper_clear_finish (
      f->keeper, test_loop_wait_result (&result, WAIT_MS), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (f->cleared->len, >, before);
  g_assert_cmpstr (g_ptr_array_index (f->cleared, f->cleared->len - 1), ==,
                   "nowhere.example:1:nobody");
  g_ptr_array_remove_index (f->cleared, f->cleared->len - 1);
}

static gpointer
child (gpointer widget, const char *name)
{
  GObject *found = gtk_widget_get_template_child (GTK_WIDGET (widget), PREFS, name);

  g_assert_nonnull (found);
  return found;
}

static Vpop3PreferencesDialog *
new_dialog (Fixture *f, guint position)
{
  Vpop3PreferencesDialog *dialog =
      vpop3_preferences_dialog_new_for_servers (f->servers, server (f, position), f->settings);

  gtk_widget_show (GTK_WIDGET (dialog));
  gtk_stack_set_visible_child_name (child (dialog, "stack"), "desktop");
  return dialog;
}

static GtkMessageDialog *
find_message_dialog (void)
{
  g_autoptr (GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (GTK_IS_MESSAGE_DIALOG (l->data) && !gtk_widget_in_destruction (l->data))
      return l->data;
  return NULL;
}

static gboolean
no_message_dialog (gpointer unused)
{
  return find_message_dialog () == NULL;
}

/* The check button in @widget, or NULL. */
static GtkWidget *
find_check_button (GtkWidget *widget)
{
  g_autoptr (GList) children = NULL;

  if (GTK_IS_CHECK_BUTTON (widget))
    return widget;
  if (!GTK_IS_CONTAINER (widget))
    return NULL;
  children = gtk_container_get_children (GTK_CONTAINER (widget));
  for (GList *l = children; l != NULL; l = l->next)
    {
      GtkWidget *found = find_check_button (l->data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Escape, as the keyboard sends it, to @window. */
static void
press_escape (GtkWidget *window)
{
  GdkEvent *event = gdk_event_new (GDK_KEY_PRESS);
  GdkDisplay *display = gtk_widget_get_display (window);
  g_autofree GdkKeymapKey *keys = NULL;
  int n_keys = 0;

  g_assert_true (gdk_keymap_get_entries_for_keyval (gdk_keymap_get_for_display (display),
                                                    GDK_KEY_Escape, &keys, &n_keys));
  event->key.window = g_object_ref (gtk_widget_get_window (window));
  event->key.send_event = TRUE;
  event->key.time = GDK_CURRENT_TIME;
  event->key.keyval = GDK_KEY_Escape;
  event->key.hardware_keycode = (guint16) keys[0].keycode;
  event->key.group = (guint8) keys[0].group;
  gdk_event_set_device (event, gdk_seat_get_keyboard (gdk_display_get_default_seat (display)));
  gtk_main_do_event (event);
  gdk_event_free (event);
}

static char *
retention (Fixture *f)
{
  return g_settings_get_string (f->settings, "history-retention");
}

/* @widget is the mnemonic widget of a label reading @label. */
static void
assert_mnemonic_label (GtkWidget *widget, const char *label)
{
  g_autoptr (GList) labels = gtk_widget_list_mnemonic_labels (widget);

  g_assert_cmpuint (g_list_length (labels), ==, 1);
  g_assert_cmpstr (gtk_label_get_label (labels->data), ==, label);
  g_assert_true (gtk_label_get_use_underline (labels->data));
}

/* The switch and the combo show the settings and write them; the combo
 * waits while the switch is off. */
static void
test_settings (Fixture *f, gconstpointer data)
{
  Vpop3PreferencesDialog *dialog = new_dialog (f, 0);
  GtkSwitch *keep = child (dialog, "keep_history_switch");
  GtkComboBox *combo = child (dialog, "history_retention_combo");
  g_autofree char *nick = NULL;

  g_assert_true (gtk_widget_get_visible (child (dialog, "history_group")));
  g_assert_true (gtk_widget_get_visible (child (dialog, "clear_history_button")));
  /* Alt+K and Alt+M reach them. */
  assert_mnemonic_label (GTK_WIDGET (keep), "_Keep message history");
  assert_mnemonic_label (GTK_WIDGET (combo), "Keep messa_ges");
  /* The defaults. */
  g_assert_true (gtk_switch_get_active (keep));
  g_assert_cmpstr (gtk_combo_box_get_active_id (combo), ==, "forever");
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (combo)));

  /* The controls follow the settings… */
  g_settings_set_boolean (f->settings, "keep-history", FALSE);
  g_settings_set_string (f->settings, "history-retention", "year");
  g_assert_false (gtk_switch_get_active (keep));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (combo)));
  g_assert_cmpstr (gtk_combo_box_get_active_id (combo), ==, "year");
  /* Clearing stays possible: what was kept stays until cleared. */
  g_assert_true (gtk_widget_is_sensitive (child (dialog, "clear_history_button")));

  /* …and write them, at once, like the page's other switches. */
  gtk_switch_set_active (keep, TRUE);
  g_assert_true (g_settings_get_boolean (f->settings, "keep-history"));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (combo)));
  gtk_combo_box_set_active_id (combo, "month");
  nick = retention (f);
  g_assert_cmpstr (nick, ==, "month");
  g_assert_cmpint (g_settings_get_enum (f->settings, "history-retention"), ==, 30);
  gtk_switch_set_active (keep, FALSE);
  g_assert_false (g_settings_get_boolean (f->settings, "keep-history"));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (combo)));

  /* A dialog opened with the switch off starts with the combo insensitive. */
  gtk_widget_destroy (GTK_WIDGET (dialog));
  dialog = new_dialog (f, 0);
  g_assert_false (gtk_switch_get_active (child (dialog, "keep_history_switch")));
  g_assert_false (gtk_widget_get_sensitive (child (dialog, "history_retention_combo")));
  g_assert_cmpstr (gtk_combo_box_get_active_id (child (dialog, "history_retention_combo")), ==,
                   "month");
  g_settings_reset (f->settings, "keep-history");
  g_settings_reset (f->settings, "history-retention");
}

/* Without a keeper (no history kept) there is nothing to show. */
static void
test_no_keeper (Fixture *f, gconstpointer data)
{
  Vpop3PreferencesDialog *dialog = new_dialog (f, 0);
  GtkMessageDialog *confirmation;

  g_assert_null (vpop3_server_list_get_history_keeper (f->servers));
  g_assert_false (gtk_widget_get_visible (child (dialog, "history_group")));
  gtk_button_clicked (child (dialog, "remove_server_button"));
  confirmation = find_message_dialog ();
  g_assert_nonnull (confirmation);
  g_assert_null (find_check_button (GTK_WIDGET (confirmation)));
  gtk_dialog_response (GTK_DIALOG (confirmation), GTK_RESPONSE_CANCEL);

  /* Nor with a dialog for one server alone. */
  gtk_widget_destroy (GTK_WIDGET (dialog));
  dialog = vpop3_preferences_dialog_new (server (f, 0), f->settings);
  g_assert_false (gtk_widget_get_visible (child (dialog, "history_group")));
  gtk_widget_destroy (GTK_WIDGET (dialog));
}

static GtkMessageDialog *
open_clear_confirmation (Vpop3PreferencesDialog *dialog)
{
  GtkMessageDialog *confirmation;
  GtkWidget *clear, *cancel;
  g_autofree char *text = NULL;
  g_autofree char *secondary = NULL;

  gtk_button_clicked (child (dialog, "clear_history_button"));
  confirmation = find_message_dialog ();
  g_assert_nonnull (confirmation);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (confirmation)) == GTK_WINDOW (dialog));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (confirmation)));
  g_object_get (confirmation, "text", &text, "secondary-text", &secondary, NULL);
  g_assert_cmpstr (text, ==, "Clear the message history?");
  g_assert_cmpstr (secondary, ==,
                   "Every instant message kept on this computer, from every server, is deleted. "
                   "This cannot be undone.");
  clear = gtk_dialog_get_widget_for_response (GTK_DIALOG (confirmation), GTK_RESPONSE_ACCEPT);
  cancel = gtk_dialog_get_widget_for_response (GTK_DIALOG (confirmation), GTK_RESPONSE_CANCEL);
  g_assert_nonnull (clear);
  g_assert_nonnull (cancel);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (clear)), ==, "_Clear History");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (cancel)), ==, "_Cancel");
  g_assert_true (
      gtk_style_context_has_class (gtk_widget_get_style_context (clear), "destructive-action"));
  /* Enter cancels: the destructive choice is never the default. */
  g_assert_true (gtk_widget_has_default (cancel));
  return confirmation;
}

/* Clear History… asks first; Cancel and Escape delete nothing, Clear History
 * deletes every server's messages. */
static void
test_clear (Fixture *f, gconstpointer data)
{
  Vpop3PreferencesDialog *dialog = new_dialog (f, 0);
  GtkMessageDialog *confirmation;

  append_message (f, 0);
  append_message (f, 1);

  confirmation = open_clear_confirmation (dialog);
  gtk_button_clicked (GTK_BUTTON (
      gtk_dialog_get_widget_for_response (GTK_DIALOG (confirmation), GTK_RESPONSE_CANCEL)));
  g_assert_null (find_message_dialog ());
  confirmation = open_clear_confirmation (dialog);
  press_escape (GTK_WIDGET (confirmation));
  /* GtkDialog closes on Escape from an idle. */
  g_assert_true (test_loop_wait (no_message_dialog, NULL, WAIT_MS));
  clear_barrier (f);
  g_assert_cmpuint (f->cleared->len, ==, 0);
  g_assert_cmpuint (n_conversations (f, 0), ==, 1);
  g_assert_cmpuint (n_conversations (f, 1), ==, 1);

  confirmation = open_clear_confirmation (dialog);
  gtk_button_clicked (GTK_BUTTON (
      gtk_dialog_get_widget_for_response (GTK_DIALOG (confirmation), GTK_RESPONSE_ACCEPT)));
  g_assert_null (find_message_dialog ());
  wait_cleared (f, 1);
  g_assert_cmpstr (g_ptr_array_index (f->cleared, 0), ==, "(all)");
  g_assert_cmpuint (n_conversations (f, 0), ==, 0);
  g_assert_cmpuint (n_conversations (f, 1), ==, 0);
  g_assert_false (gtk_widget_get_visible (child (dialog, "banner")));
}

static gboolean
banner_shown (gpointer dialog)
{
  return gtk_widget_get_visible (child (dialog, "banner"));
}

/* A store that cannot be opened: Clear History says so in the banner. */
static void
test_clear_error (Fixture *f, gconstpointer data)
{
  Vpop3PreferencesDialog *dialog;
  GtkMessageDialog *confirmation;
  const char *text;

  dialog = new_dialog (f, 0);
  confirmation = open_clear_confirmation (dialog);
  gtk_dialog_response (GTK_DIALOG (confirmation), GTK_RESPONSE_ACCEPT);
  g_assert_true (test_loop_wait (banner_shown, dialog, WAIT_MS));
  g_assert_cmpint (gtk_info_bar_get_message_type (child (dialog, "banner")), ==, GTK_MESSAGE_ERROR);
  text = gtk_label_get_text (child (dialog, "banner_label"));
  g_test_message ("banner: %s", text);
  g_assert_true (g_str_has_prefix (text, "The message history could not be cleared.\n"));
  /* With the reason after it. */
  g_assert_cmpuint (strlen (text), >, strlen ("The message history could not be cleared.\n"));
  g_assert_cmpuint (f->cleared->len, ==, 0);
}

/* Remove Server asks whether to keep that server's history: unchecked, only
 * its history goes; checked (the default), it stays. */
static void
test_remove (Fixture *f, gconstpointer data)
{
  Vpop3PreferencesDialog *dialog;
  GtkMessageDialog *confirmation;
  GtkWidget *keep;

  for (guint i = 0; i < G_N_ELEMENTS (identities); i++)
    append_message (f, i);

  /* The third server, its box unchecked. */
  dialog = new_dialog (f, 2);
  gtk_button_clicked (child (dialog, "remove_server_button"));
  confirmation = find_message_dialog ();
  g_assert_nonnull (confirmation);
  keep = find_check_button (GTK_WIDGET (confirmation));
  g_assert_nonnull (keep);
  g_assert_true (gtk_widget_get_visible (keep));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (keep)), ==, "_Keep its message history");
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (keep)));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (keep), FALSE);
  gtk_dialog_response (GTK_DIALOG (confirmation), GTK_RESPONSE_ACCEPT);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->servers)), ==, 2);
  wait_cleared (f, 1);
  g_assert_cmpstr (g_ptr_array_index (f->cleared, 0), ==, "three.example:5109:carol");
  g_assert_cmpuint (n_conversations (f, 2), ==, 0);
  g_assert_cmpuint (n_conversations (f, 0), ==, 1);
  g_assert_cmpuint (n_conversations (f, 1), ==, 1);

  /* The second, the box left checked. */
  gtk_combo_box_set_active_id (child (dialog, "server_combo"), vpop3_server_get_id (server (f, 1)));
  g_assert_true (vpop3_preferences_dialog_get_server (dialog) == server (f, 1));
  gtk_button_clicked (child (dialog, "remove_server_button"));
  confirmation = find_message_dialog ();
  g_assert_nonnull (confirmation);
  g_assert_true (gtk_toggle_button_get_active (
      GTK_TOGGLE_BUTTON (find_check_button (GTK_WIDGET (confirmation)))));
  gtk_dialog_response (GTK_DIALOG (confirmation), GTK_RESPONSE_ACCEPT);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->servers)), ==, 1);
  clear_barrier (f);
  g_assert_cmpuint (f->cleared->len, ==, 1);
  g_assert_cmpuint (n_conversations (f, 1), ==, 1);
  g_assert_cmpuint (n_conversations (f, 0), ==, 1);
  g_assert_false (gtk_widget_get_visible (child (dialog, "banner")));
}

/* Two servers that log in as the same user share one history: removing one
 * must not offer to delete the other's. */
static void
test_remove_shared (Fixture *f, gconstpointer data)
{
  GSettings *third = vpop3_server_get_settings (server (f, 2));
  Vpop3PreferencesDialog *dialog;
  GtkMessageDialog *confirmation;

  g_settings_set_string (third, "host", identities[0].host);
  g_settings_set (third, "port", "q", identities[0].port);
  g_settings_set_string (third, "user", identities[0].user);
  dialog = new_dialog (f, 2);
  gtk_button_clicked (child (dialog, "remove_server_button"));
  confirmation = find_message_dialog ();
  g_assert_nonnull (confirmation);
  g_assert_null (find_check_button (GTK_WIDGET (confirmation)));
  gtk_dialog_response (GTK_DIALOG (confirmation), GTK_RESPONSE_CANCEL);

  /* A server of its own again: the box is back. */
  g_settings_set_string (third, "user", "someone-else");
  gtk_button_clicked (child (dialog, "remove_server_button"));
  confirmation = find_message_dialog ();
  g_assert_nonnull (find_check_button (GTK_WIDGET (confirmation)));
  gtk_dialog_response (GTK_DIALOG (confirmation), GTK_RESPONSE_CANCEL);
}

int
main (int argc, char **argv)
{
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("NO_AT_BRIDGE", "1", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  g_assert_nonnull (vpop3_get_resource ());

#define ADD(path, set_up, func) g_test_add (path, Fixture, NULL, set_up, func, fixture_tear_down)
  ADD ("/history-controls/settings", fixture_set_up, test_settings);
  ADD ("/history-controls/no-keeper", fixture_set_up_no_keeper, test_no_keeper);
  ADD ("/history-controls/clear", fixture_set_up, test_clear);
  ADD ("/history-controls/clear-error", fixture_set_up_unopenable, test_clear_error);
  ADD ("/history-controls/remove", fixture_set_up, test_remove);
  ADD ("/history-controls/remove-shared", fixture_set_up, test_remove_shared);
#undef ADD
  return g_test_run ();
}
