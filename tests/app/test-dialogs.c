/* test-dialogs.c: Configure Status Monitor, the password prompt and the
 * Instant Messaging window, built from their templates.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "vpop3-backoff.h"
#include "vpop3-conversations.h"
#include "vpop3-messages-window.h"
#include "vpop3-password-dialog.h"
#include "vpop3-preferences-dialog.h"
#include "vpop3-simulator-server.h"
#include "window-harness.h"

#define PREFS VPOP3_TYPE_PREFERENCES_DIALOG

static Vpop3PreferencesDialog *
new_preferences (void)
{
  Vpop3PreferencesDialog *dialog = harness_new_preferences_dialog ();

  gtk_widget_show (GTK_WIDGET (dialog));
  return dialog;
}

static void
set_entry (gpointer dialog, const char *name, const char *text)
{
  gtk_entry_set_text (harness_child (dialog, PREFS, name), text);
}

static void
test_preferences_placeholders (void)
{
  Vpop3PreferencesDialog *dialog = new_preferences ();
  GtkEntry *webmail = harness_child (dialog, PREFS, "webmail_entry");
  GtkEntry *admin = harness_child (dialog, PREFS, "admin_entry");
  GtkEntry *help = harness_child (dialog, PREFS, "help_entry");

  set_entry (dialog, "host_entry", "mail.example.com");
  g_assert_cmpstr (gtk_entry_get_placeholder_text (webmail), ==, "http://mail.example.com:5108/");
  g_assert_cmpstr (gtk_entry_get_placeholder_text (admin), ==,
                   "http://mail.example.com:5108/admin/");
  set_entry (dialog, "host_entry", "2001:db8::25");
  g_assert_cmpstr (gtk_entry_get_placeholder_text (webmail), ==, "http://[2001:db8::25]:5108/");
  g_assert_true (g_str_has_prefix (gtk_entry_get_placeholder_text (help), "https://"));
  gtk_widget_destroy (GTK_WIDGET (dialog));
}

static void
test_preferences_login_method (void)
{
  Vpop3PreferencesDialog *dialog = new_preferences ();
  GtkComboBox *method = harness_child (dialog, PREFS, "method_combo");
  GtkWidget *warning = harness_child (dialog, PREFS, "plain_warning");
  GtkLabel *password_label = harness_child (dialog, PREFS, "password_label");

  g_assert_cmpstr (gtk_combo_box_get_active_id (method), ==, "alogin");
  g_assert_false (gtk_widget_get_visible (warning));
  g_assert_cmpstr (gtk_label_get_text (password_label), ==, "VPOP3 Password");

  gtk_combo_box_set_active_id (method, "login");
  g_assert_true (gtk_widget_get_visible (warning));

  gtk_combo_box_set_active_id (method, "apilogin");
  g_assert_false (gtk_widget_get_visible (warning));
  g_assert_cmpstr (gtk_label_get_text (password_label), ==, "WebAPI Key");
  gtk_widget_destroy (GTK_WIDGET (dialog));
}

static void
test_preferences_error_banner (void)
{
  Vpop3PreferencesDialog *dialog = new_preferences ();
  GtkWidget *banner = harness_child (dialog, PREFS, "banner");

  g_assert_false (gtk_widget_get_visible (banner));
  vpop3_preferences_dialog_show_error (dialog, "Login refused: Bad password");
  g_assert_true (gtk_widget_get_visible (banner));
  g_assert_cmpstr (gtk_label_get_text (harness_child (dialog, PREFS, "banner_label")), ==,
                   "Login refused: Bad password");
  gtk_widget_destroy (GTK_WIDGET (dialog));
}

static void
on_destroyed (GtkWidget *widget, gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
}

static gboolean destroyed;

static gboolean
is_saved (gpointer dialog)
{
  return destroyed || gtk_widget_get_visible (harness_child (dialog, PREFS, "banner"));
}

static guint
get_port (GSettings *settings)
{
  guint16 port = 0;

  g_settings_get (settings, "port", "q", &port);
  return port;
}

/* Which Secret Service the test runs with: meson says which to expect, and
 * the bus must agree, so that neither case can pass as the other. */
static gboolean
expect_keyring (void)
{
  const char *expected = g_getenv ("VPOP3_TEST_KEYRING");

  if (g_strcmp0 (expected, "available") != 0 && g_strcmp0 (expected, "absent") != 0)
    g_error ("VPOP3_TEST_KEYRING must be “available” or “absent”, not “%s”", expected);
  return g_str_equal (expected, "available");
}

static gboolean
bus_has_name (const char *method, const char *name, gboolean owned)
{
  g_autoptr (GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr (GVariant) reply = NULL;
  g_autoptr (GError) error = NULL;
  gboolean found = FALSE;

  g_assert_nonnull (bus);
  reply = g_dbus_connection_call_sync (
      bus, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", method,
      owned ? g_variant_new ("(s)", name) : NULL, NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  if (owned)
    g_variant_get (reply, "(b)", &found);
  else
    {
      g_autofree const char **names = NULL;

      g_variant_get (reply, "(^a&s)", &names);
      found = g_strv_contains (names, name);
    }
  return found;
}

static void
assert_secret_service (gboolean available)
{
  gboolean owned = bus_has_name ("NameHasOwner", "org.freedesktop.secrets", TRUE);
  gboolean activatable = bus_has_name ("ListActivatableNames", "org.freedesktop.secrets", FALSE);

  if (available && !owned)
    g_error ("No Secret Service on the session bus: run the suite under "
             "scripts/lib/in-session.sh, which starts gnome-keyring");
  if (!available && (owned || activatable))
    g_error ("This case needs a bus without a Secret Service (see tests/app/meson.build)");
}

/* The keyring, asked over D-Bus in the Secret Service's own terms rather
 * than through libsecret, which the code under test uses. */
#define SECRETS         "org.freedesktop.secrets"
#define SECRETS_SERVICE "org.freedesktop.Secret.Service"
/* vpop3_secret_get_schema()'s name: a rename would lose every stored password. */
#define SCHEMA_NAME "io.github.vpop3monitor.Vpop3Monitor"

static GVariant *
secrets_call (const char *path,
              const char *interface,
              const char *method,
              GVariant *parameters,
              const char *reply_type)
{
  g_autoptr (GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr (GError) error = NULL;
  GVariant *reply = g_dbus_connection_call_sync (bus, SECRETS, path, interface, method, parameters,
                                                 G_VARIANT_TYPE (reply_type),
                                                 G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);

  g_assert_no_error (error);
  return reply;
}

/* The object paths of our schema's items filed under @user. */
static char **
keyring_items (const char *user)
{
  GVariantBuilder attributes;
  g_autoptr (GVariant) reply = NULL;
  char **unlocked = NULL;
  g_auto (GStrv) locked = NULL;

  g_variant_builder_init (&attributes, G_VARIANT_TYPE ("a{ss}"));
  g_variant_builder_add (&attributes, "{ss}", "xdg:schema", SCHEMA_NAME);
  g_variant_builder_add (&attributes, "{ss}", "user", user);
  reply = secrets_call ("/org/freedesktop/secrets", SECRETS_SERVICE, "SearchItems",
                        g_variant_new ("(a{ss})", &attributes), "(aoao)");
  g_variant_get (reply, "(^ao^ao)", &unlocked, &locked);
  /* scripts/lib/in-session.sh unlocks the keyring. */
  g_assert_cmpuint (g_strv_length (locked), ==, 0);
  return unlocked;
}

/* With no password found, the applet asks for one in Configure Status Monitor. */
static gboolean
password_asked_for (gpointer unused)
{
  g_autoptr (GList) dialogs = harness_find_toplevels (VPOP3_TYPE_PREFERENCES_DIALOG);

  return dialogs != NULL;
}

static gboolean
keyring_has_no_item (gpointer user)
{
  g_auto (GStrv) items = keyring_items (user);

  return items[0] == NULL;
}

static GVariant *
item_property (const char *item, const char *name)
{
  g_autoptr (GVariant) reply =
      secrets_call (item, "org.freedesktop.DBus.Properties", "Get",
                    g_variant_new ("(ss)", "org.freedesktop.Secret.Item", name), "(v)");
  GVariant *value = NULL;

  g_variant_get (reply, "(v)", &value);
  return value;
}

/* The secret of @item, through a "plain" session (no encryption: the test
 * talks to a keyring on its own bus). */
static char *
item_secret (const char *item)
{
  g_autoptr (GVariant) opened = NULL;
  g_autoptr (GVariant) secrets = NULL;
  g_autoptr (GVariant) by_item = NULL;
  g_autoptr (GVariant) secret = NULL;
  g_autoptr (GVariant) value = NULL;
  const char *items[] = { item, NULL };
  const char *session = NULL;
  const char *secret_session = NULL;
  gsize length = 0;
  const char *bytes;

  opened = secrets_call ("/org/freedesktop/secrets", SECRETS_SERVICE, "OpenSession",
                         g_variant_new ("(sv)", "plain", g_variant_new_string ("")), "(vo)");
  g_variant_get (opened, "(v&o)", NULL, &session);
  secrets = secrets_call ("/org/freedesktop/secrets", SECRETS_SERVICE, "GetSecrets",
                          g_variant_new ("(^aoo)", items, session), "(a{o(oayays)})");
  by_item = g_variant_get_child_value (secrets, 0);
  g_assert_true (g_variant_lookup (by_item, item, "@(oayays)", &secret));
  g_variant_get (secret, "(&o@ay@ays)", &secret_session, NULL, &value, NULL);
  g_assert_cmpstr (secret_session, ==, session);
  g_variant_unref (secrets_call (session, "org.freedesktop.Secret.Session", "Close", NULL, "()"));
  bytes = g_variant_get_fixed_array (value, &length, 1);
  return g_strndup (bytes, length);
}

/* A user name no other test files a password under: the suite's tests share
 * one keyring, and some run at the same time as this one. */
#define SAVE_USER "dialogs-save"

/* Exactly one item, filed under these attributes and no others, holding
 * @password. */
static void
assert_stored (const char *host, const char *port, const char *user, const char *password)
{
  g_auto (GStrv) items = keyring_items (user);
  g_autoptr (GVariant) attributes = NULL;
  g_autoptr (GVariant) label = NULL;
  g_autofree char *expected_label = NULL;
  g_autofree char *secret = NULL;
  const char *value;

  g_assert_cmpuint (g_strv_length (items), ==, 1);
  attributes = item_property (items[0], "Attributes");
  g_assert_true (g_variant_lookup (attributes, "host", "&s", &value));
  g_assert_cmpstr (value, ==, host);
  g_assert_true (g_variant_lookup (attributes, "port", "&s", &value));
  g_assert_cmpstr (value, ==, port);
  g_assert_true (g_variant_lookup (attributes, "user", "&s", &value));
  g_assert_cmpstr (value, ==, user);
  g_assert_true (g_variant_lookup (attributes, "xdg:schema", "&s", &value));
  g_assert_cmpstr (value, ==, SCHEMA_NAME);
  g_assert_cmpuint (g_variant_n_children (attributes), ==, 4);

  label = item_property (items[0], "Label");
  expected_label = g_strdup_printf ("VPOP3 password for %s on %s", user, host);
  g_assert_cmpstr (g_variant_get_string (label, NULL), ==, expected_label);

  secret = item_secret (items[0]);
  g_assert_cmpstr (secret, ==, password);
}

static void
test_preferences_save (void)
{
  GSettings *settings = vpop3_application_get_settings (harness_app ());
  GSettings *server_settings = vpop3_server_get_settings (harness_server ());
  gboolean keyring = expect_keyring ();
  Vpop3PreferencesDialog *dialog = new_preferences ();
  g_autofree char *host = NULL;

  assert_secret_service (keyring);

  /* Switches apply at once. */
  g_assert_false (g_settings_get_boolean (settings, "symbolic-icons"));
  gtk_switch_set_active (harness_child (dialog, PREFS, "symbolic_switch"), TRUE);
  g_assert_true (g_settings_get_boolean (settings, "symbolic-icons"));

  /* Typing changes nothing until Save. Nothing listens on port 9. */
  set_entry (dialog, "host_entry", " 127.0.0.1 ");
  set_entry (dialog, "user_entry", " " SAVE_USER);
  gtk_spin_button_set_value (harness_child (dialog, PREFS, "port_spin"), 9);
  set_entry (dialog, "password_entry", "a secret");
  host = g_settings_get_string (server_settings, "host");
  g_assert_cmpstr (host, ==, "");
  g_assert_cmpuint (get_port (server_settings), ==, 5109);

  destroyed = FALSE;
  g_signal_connect (dialog, "destroy", G_CALLBACK (on_destroyed), &destroyed);
  g_object_ref (dialog);
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  g_clear_pointer (&host, g_free);
  host = g_settings_get_string (server_settings, "host");
  g_assert_cmpstr (host, ==, "127.0.0.1");
  g_assert_cmpuint (get_port (server_settings), ==, 9);

  /* In the keyring (the dialog closes) or, without one, kept in memory and
   * said so. */
  g_assert_true (test_loop_wait (is_saved, dialog, 30000));
  g_assert_cmpstr (vpop3_server_get_password (harness_server ()), ==, "a secret");
  if (keyring)
    {
      g_assert_true (destroyed);
      /* Filed where the applet will look it up: the stripped host and user,
       * the port typed. */
      assert_stored ("127.0.0.1", "9", SAVE_USER, "a secret");
    }
  else
    {
      const char *text;

      g_assert_false (destroyed);
      text = gtk_label_get_text (harness_child (dialog, PREFS, "banner_label"));
      g_assert_true (g_str_has_prefix (text, "No keyring"));
      /* The reason given is the missing Secret Service, nothing else. */
      g_assert_nonnull (strstr (text, "org.freedesktop.secrets"));
    }
  g_object_unref (dialog);
  harness_destroy_toplevels ();

  /* Saving with the password field emptied forgets it, keyring included. */
  dialog = new_preferences ();
  g_assert_cmpstr (gtk_entry_get_text (harness_child (dialog, PREFS, "password_entry")), ==,
                   "a secret");
  set_entry (dialog, "password_entry", "");
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  g_assert_null (vpop3_server_get_password (harness_server ()));
  if (keyring)
    {
      g_assert_true (test_loop_wait (keyring_has_no_item, (gpointer) SAVE_USER, 30000));
      /* The lookup that follows starts only once the item is gone: it finds
       * nothing and asks, rather than bring the old password back. */
      g_assert_true (test_loop_wait (password_asked_for, NULL, 30000));
      g_assert_null (vpop3_server_get_password (harness_server ()));
    }

  vpop3_client_disconnect (vpop3_server_get_client (harness_server ()));
  g_settings_reset (server_settings, "host");
  g_settings_reset (server_settings, "port");
  g_settings_reset (server_settings, "user");
  g_settings_reset (settings, "symbolic-icons");
  harness_destroy_toplevels ();
}

static void
test_preferences_cancel (void)
{
  GSettings *settings = vpop3_server_get_settings (harness_server ());
  Vpop3PreferencesDialog *dialog = new_preferences ();
  g_autofree char *host = NULL;

  set_entry (dialog, "host_entry", "half.typed");
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  host = g_settings_get_string (settings, "host");
  g_assert_cmpstr (host, ==, "");
}

static gboolean
is_test_done (gpointer dialog)
{
  gboolean active = TRUE;

  g_object_get (harness_child (dialog, PREFS, "test_spinner"), "active", &active, NULL);
  return !active;
}

static const char *
run_login_test (Vpop3PreferencesDialog *dialog, const char *password)
{
  set_entry (dialog, "password_entry", password);
  gtk_button_clicked (harness_child (dialog, PREFS, "test_button"));
  g_assert_false (is_test_done (dialog));
  g_assert_true (test_loop_wait (is_test_done, dialog, 15000));
  return gtk_label_get_text (harness_child (dialog, PREFS, "test_label"));
}

static guint
first_retry_max_ms (void)
{
  Vpop3Backoff backoff;
  guint min_ms = 0, max_ms = 0;

  vpop3_backoff_init (&backoff, VPOP3_BACKOFF_DEFAULT_INITIAL_MS, VPOP3_BACKOFF_DEFAULT_MAX_MS);
  vpop3_backoff_bounds (&backoff, 0, &min_ms, &max_ms);
  return max_ms;
}

static void
test_preferences_test_connection (void)
{
  g_autoptr (Vpop3Simulator) sim = vpop3_simulator_new ();
  g_autoptr (GError) error = NULL;
  Vpop3PreferencesDialog *dialog = new_preferences ();
  GtkWidget *label = harness_child (dialog, PREFS, "test_label");
  g_autofree char *host = NULL;

  vpop3_simulator_add_user (sim, "postmaster", "admin", VPOP3_PERMISSION_ALL);
  g_assert_true (vpop3_simulator_listen (sim, "127.0.0.1", 0, &error));
  g_assert_no_error (error);
  set_entry (dialog, "host_entry", "127.0.0.1");
  gtk_spin_button_set_value (harness_child (dialog, PREFS, "port_spin"),
                             vpop3_simulator_get_port (sim));
  set_entry (dialog, "user_entry", "postmaster");

  g_assert_cmpstr (run_login_test (dialog, "admin"), ==, "Connected: VPOP3 build 2886");
  g_assert_false (
      gtk_style_context_has_class (gtk_widget_get_style_context (label), "vpop3-error"));
  g_assert_cmpuint (vpop3_simulator_get_login_attempts (sim), ==, 1);

  /* A wrong password is tried once, never again on its own. */
  g_assert_true (g_str_has_prefix (run_login_test (dialog, "wrong"), "Login refused"));
  g_assert_true (gtk_style_context_has_class (gtk_widget_get_style_context (label), "vpop3-error"));
  /* Past the longest first retry the client's back-off could draw, twice
   * over: a retry, if there were one, would have come by then. */
  test_loop_run_for (2 * first_retry_max_ms ());
  g_assert_cmpuint (vpop3_simulator_get_login_attempts (sim), ==, 2);

  /* The real settings were never touched. */
  host = g_settings_get_string (vpop3_server_get_settings (harness_server ()), "host");
  g_assert_cmpstr (host, ==, "");
  gtk_widget_destroy (GTK_WIDGET (dialog));
  vpop3_simulator_stop (sim);
}

/* Password prompt ---------------------------------------------------------------------- */

static void
on_password_entered (Vpop3PasswordDialog *dialog, const char *password, gpointer user_data)
{
  GPtrArray *answers = user_data;

  g_ptr_array_add (answers, g_strdup (password != NULL ? password : "(cancelled)"));
}

static void
test_password_dialog (void)
{
  g_autoptr (GPtrArray) answers = g_ptr_array_new_with_free_func (g_free);
  Vpop3PasswordDialog *dialog =
      vpop3_password_dialog_new (NULL, "mail.example.com", "postmaster", "No keyring is running.");
  GType type = VPOP3_TYPE_PASSWORD_DIALOG;
  GtkWidget *login = harness_child (dialog, type, "login_button");
  GtkLabel *reason = harness_child (dialog, type, "reason_label");

  g_signal_connect (dialog, "password-entered", G_CALLBACK (on_password_entered), answers);
  gtk_widget_show (GTK_WIDGET (dialog));
  g_assert_nonnull (strstr (gtk_label_get_text (harness_child (dialog, type, "prompt_label")),
                            "“postmaster” on mail.example.com"));
  g_assert_cmpstr (gtk_label_get_text (reason), ==, "No keyring is running.");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (reason)));

  g_assert_false (gtk_widget_get_sensitive (login));
  gtk_entry_set_text (harness_child (dialog, type, "password_entry"), "admin");
  g_assert_true (gtk_widget_get_sensitive (login));
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  /* Only once, even if Enter follows the click. */
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  g_assert_cmpuint (answers->len, ==, 1);
  g_assert_cmpstr (answers->pdata[0], ==, "admin");
  gtk_widget_destroy (GTK_WIDGET (dialog));

  dialog = vpop3_password_dialog_new (NULL, "mail.example.com", "postmaster", NULL);
  g_signal_connect (dialog, "password-entered", G_CALLBACK (on_password_entered), answers);
  g_assert_false (gtk_widget_get_visible (harness_child (dialog, type, "reason_label")));
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_DELETE_EVENT);
  g_assert_cmpuint (answers->len, ==, 2);
  g_assert_cmpstr (answers->pdata[1], ==, "(cancelled)");
  gtk_widget_destroy (GTK_WIDGET (dialog));
}

/* Instant Messaging ----------------------------------------------------------------- */

#define MESSAGES VPOP3_TYPE_MESSAGES_WINDOW

static int
n_children (gpointer container)
{
  g_autoptr (GList) children = gtk_container_get_children (container);

  return (int) g_list_length (children);
}

static void
collect_texts (GtkWidget *widget, gpointer user_data)
{
  GString *texts = user_data;

  /* Only what is shown. */
  if (!gtk_widget_get_visible (widget))
    return;
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (texts, "%s\n", gtk_label_get_label (GTK_LABEL (widget)));
  if (GTK_IS_CONTAINER (widget))
    gtk_container_forall (GTK_CONTAINER (widget), collect_texts, texts);
}

/* Every visible label's text under @widget, one a line. */
static char *
widget_texts (gpointer widget)
{
  GString *texts = g_string_new (NULL);

  collect_texts (widget, texts);
  return g_string_free (texts, FALSE);
}

static const char *
subtitle (Vpop3MessagesWindow *window)
{
  return gtk_header_bar_get_subtitle (harness_child (window, MESSAGES, "header_bar"));
}

static void
test_messages (void)
{
  Vpop3Conversations *conversations = vpop3_server_get_conversations (harness_server ());
  GListModel *model = vpop3_conversations_get_model (conversations);
  g_autoptr (GPtrArray) sent = harness_record_action ("send-message", G_VARIANT_TYPE ("(ss)"));
  g_autofree char *stamp = harness_filetime_ago (30);
  Vpop3MessagesWindow *window = harness_new_messages_window ();
  GtkEntry *entry = harness_child (window, MESSAGES, "message_entry");
  Vpop3Conversation *anna;
  Vpop3InstantMessage *outgoing;
  g_autofree char *row_texts = NULL;
  const char *to, *text;

  gtk_widget_show (GTK_WIDGET (window));
  g_assert_cmpstr (
      gtk_stack_get_visible_child_name (harness_child (window, MESSAGES, "view_stack")), ==,
      "empty");

  /* An incoming message starts a conversation, which is shown. */
  harness_feed_printf ("M%s\tanna\tIs the printer fixed?", stamp);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  g_assert_cmpstr (subtitle (window), ==, "anna");
  g_assert_cmpint (n_children (harness_child (window, MESSAGES, "message_list")), ==, 1);

  /* Sending asks the application, whose server shows the message and what
   * became of it. */
  g_assert_false (gtk_widget_get_sensitive (harness_child (window, MESSAGES, "send_button")));
  gtk_entry_set_text (entry, "Yes, since this morning.");
  g_assert_true (gtk_widget_get_sensitive (harness_child (window, MESSAGES, "send_button")));
  gtk_widget_activate (GTK_WIDGET (entry));
  g_assert_cmpuint (sent->len, ==, 1);
  g_variant_get (sent->pdata[0], "(&s&s)", &to, &text);
  g_assert_cmpstr (to, ==, "anna");
  g_assert_cmpstr (text, ==, "Yes, since this morning.");
  g_assert_cmpstr (gtk_entry_get_text (entry), ==, "");
  g_assert_cmpint (n_children (harness_child (window, MESSAGES, "message_list")), ==, 1);
  outgoing = vpop3_server_send_message (harness_server (), to, text);
  g_assert_cmpint (n_children (harness_child (window, MESSAGES, "message_list")), ==, 2);
  /* Nobody connected it: not sent, saying why, with Send Again. */
  g_assert_cmpint (vpop3_instant_message_get_delivery (outgoing), ==,
                   VPOP3_HISTORY_DELIVERY_NOT_SENT);
  g_assert_cmpstr (vpop3_instant_message_get_delivery_reason (outgoing), ==,
                   "Not connected to the VPOP3 server");
  row_texts = widget_texts (
      gtk_list_box_get_row_at_index (harness_child (window, MESSAGES, "message_list"), 1));
  g_assert_true (strstr (row_texts, "Not sent: Not connected to the VPOP3 server") != NULL);
  g_assert_true (strstr (row_texts, "Send _Again") != NULL);

  /* User names are not case-sensitive on VPOP3. */
  harness_feed_printf ("M%s\tANNA\tThanks!", stamp);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  anna = vpop3_conversations_lookup (conversations, "Anna");
  g_assert_nonnull (anna);
  g_assert_cmpuint (g_list_model_get_n_items (vpop3_conversation_get_messages (anna)), ==, 3);

  /* A new conversation by name; messages to others count as unread. */
  gtk_entry_set_text (harness_child (window, MESSAGES, "new_entry"), " bob ");
  gtk_widget_activate (harness_child (window, MESSAGES, "new_entry"));
  g_assert_cmpstr (subtitle (window), ==, "bob");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  vpop3_conversation_mark_read (anna);
  harness_feed_printf ("M%s\tanna\tOne more thing", stamp);
  g_assert_cmpuint (vpop3_conversation_get_unread (anna), ==, 1);

  /* A sender with a space in the name can be read, not answered: the server
   * takes the first word of IM for the user. The entry says why. */
  harness_feed_printf ("M%s\tJohn Smith\tCall me back", stamp);
  vpop3_messages_window_select_user (window, "John Smith");
  g_assert_cmpstr (subtitle (window), ==, "John Smith");
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (entry)));
  g_assert_false (gtk_widget_get_sensitive (harness_child (window, MESSAGES, "send_button")));
  g_assert_nonnull (strstr (gtk_entry_get_placeholder_text (entry), "space"));
  vpop3_messages_window_select_user (window, "anna");
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (entry)));
  g_assert_cmpstr (gtk_entry_get_placeholder_text (entry), ==, "Message");

  /* Closing the window loses nothing. */
  gtk_widget_destroy (GTK_WIDGET (window));
  window = harness_new_messages_window ();
  vpop3_messages_window_select_user (window, "anna");
  g_assert_cmpstr (subtitle (window), ==, "anna");
  g_assert_cmpint (n_children (harness_child (window, MESSAGES, "message_list")), ==, 4);
  gtk_widget_destroy (GTK_WIDGET (window));
}

static void
test_conversation_is_bounded (void)
{
  g_autoptr (Vpop3Conversations) conversations = vpop3_conversations_new (NULL);
  Vpop3Conversation *conversation;

  for (guint i = 0; i < VPOP3_CONVERSATION_MAX_MESSAGES + 10; i++)
    vpop3_conversations_add_incoming (conversations, NULL, "carol", "spam");
  conversation = vpop3_conversations_lookup (conversations, "carol");
  g_assert_cmpuint (g_list_model_get_n_items (vpop3_conversation_get_messages (conversation)), ==,
                    VPOP3_CONVERSATION_MAX_MESSAGES);
  g_assert_cmpuint (vpop3_conversation_get_unread (conversation), ==,
                    VPOP3_CONVERSATION_MAX_MESSAGES + 10);
}

int
main (int argc, char **argv)
{
  g_autofree char *config = harness_private_config_dir ();
  int status;

  harness_init (&argc, &argv);

  g_test_add_func ("/app/preferences/placeholders", test_preferences_placeholders);
  g_test_add_func ("/app/preferences/login-method", test_preferences_login_method);
  g_test_add_func ("/app/preferences/error-banner", test_preferences_error_banner);
  g_test_add_func ("/app/preferences/save", test_preferences_save);
  g_test_add_func ("/app/preferences/cancel", test_preferences_cancel);
  g_test_add_func ("/app/preferences/test-connection", test_preferences_test_connection);
  g_test_add_func ("/app/password-dialog", test_password_dialog);
  g_test_add_func ("/app/messages/window", test_messages);
  g_test_add_func ("/app/messages/bounded", test_conversation_is_bounded);

  status = g_test_run ();
  harness_remove_tree (config);
  return status;
}
