/* test-autostart.c: starting at login, driven through Configure Status
 * Monitor's switch. Outside flatpak: the desktop file in the autostart
 * folder, checked by desktop-file-validate and key by key. Inside it: the
 * Background portal, played here by a fake on the test's session bus, with
 * the sandboxed branch forced by vpop3_autostart_set_sandboxed_for_testing().
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "vpop3-autostart.h"
#include "vpop3-preferences-dialog.h"
#include "window-harness.h"

#define PREFS VPOP3_TYPE_PREFERENCES_DIALOG

/* A safety net only: each wait ends as soon as what it waits for happens. */
#define WAIT_MS 30000

static char *config_dir;

static Vpop3PreferencesDialog *
new_preferences (void)
{
  Vpop3PreferencesDialog *dialog = harness_new_preferences_dialog ();

  gtk_widget_show (GTK_WIDGET (dialog));
  return dialog;
}

/* Types @host (nothing listens on port 9) and saves, as a user would. */
static void
save_host (const char *host)
{
  Vpop3PreferencesDialog *dialog = new_preferences ();

  gtk_entry_set_text (harness_child (dialog, PREFS, "host_entry"), host);
  gtk_spin_button_set_value (harness_child (dialog, PREFS, "port_spin"), 9);
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  /* With no user name yet the applet opens Configure again: not ours. */
  harness_destroy_toplevels ();
}

static void
reset_settings (void)
{
  GSettings *settings = vpop3_application_get_settings (harness_app ());
  GSettings *server_settings = vpop3_server_get_settings (harness_server ());

  vpop3_client_disconnect (vpop3_server_get_client (harness_server ()));
  g_settings_reset (server_settings, "host");
  g_settings_reset (server_settings, "port");
  g_settings_reset (settings, "autostart");
  harness_destroy_toplevels ();
}

/* The desktop file -------------------------------------------------------------------- */

static gboolean
file_exists (gpointer path)
{
  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static gboolean
file_missing (gpointer path)
{
  return !g_file_test (path, G_FILE_TEST_EXISTS);
}

static void
assert_validates (const char *path)
{
  const char *validate = g_getenv ("DESKTOP_FILE_VALIDATE");
  const char *argv[] = { validate, path, NULL };
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = -1;

  g_assert_nonnull (validate);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                               &status, &error));
  g_assert_no_error (error);
  /* Not even a hint. */
  g_assert_cmpstr (out, ==, "");
  g_assert_cmpstr (err, ==, "");
  g_assert_true (g_spawn_check_wait_status (status, &error));
  g_assert_no_error (error);
}

static void
assert_key (GKeyFile *key_file, const char *key, const char *value)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *found = g_key_file_get_value (key_file, G_KEY_FILE_DESKTOP_GROUP, key, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, value);
}

/* The menu entry (data/…desktop.in) and the autostart entry start the same
 * program, with the same name, icon and notifications. */
static void
assert_like_menu_entry (GKeyFile *key_file)
{
  static const char *const shared[] = {
    "Type", "Name", "Comment", "Exec", "Icon", "Terminal", "X-GNOME-UsesNotifications",
  };
  g_autoptr (GKeyFile) menu = g_key_file_new ();
  g_autoptr (GError) error = NULL;
  const char *menu_path = g_getenv ("VPOP3_TEST_DESKTOP_ENTRY");

  g_assert_nonnull (menu_path);
  g_assert_true (g_key_file_load_from_file (menu, menu_path, G_KEY_FILE_NONE, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (shared); i++)
    {
      g_autofree char *expected =
          g_key_file_get_value (menu, G_KEY_FILE_DESKTOP_GROUP, shared[i], &error);

      g_assert_no_error (error);
      assert_key (key_file, shared[i], expected);
    }
}

static void
assert_desktop_file (const char *path)
{
  static const char *const keys[] = {
    "Type",
    "Name",
    "Comment",
    "Exec",
    "Icon",
    "Terminal",
    "NoDisplay",
    "X-GNOME-Autostart-enabled",
    "X-GNOME-UsesNotifications",
  };
  g_autoptr (GKeyFile) key_file = g_key_file_new ();
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) groups = NULL;
  g_auto (GStrv) found = NULL;

  assert_validates (path);

  g_assert_true (g_key_file_load_from_file (key_file, path, G_KEY_FILE_NONE, &error));
  g_assert_no_error (error);
  groups = g_key_file_get_groups (key_file, NULL);
  g_assert_cmpuint (g_strv_length (groups), ==, 1);
  g_assert_cmpstr (groups[0], ==, G_KEY_FILE_DESKTOP_GROUP);
  /* These keys and no others. */
  found = g_key_file_get_keys (key_file, G_KEY_FILE_DESKTOP_GROUP, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (found), ==, G_N_ELEMENTS (keys));
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_assert_true (g_strv_contains ((const char *const *) found, keys[i]));

  assert_key (key_file, "Type", "Application");
  assert_key (key_file, "Name", "VPOP3 Status Monitor");
  assert_key (key_file, "Comment", "Shows the state of a VPOP3 mail server in the panel");
  assert_key (key_file, "Exec", "vpop3-monitor");
  assert_key (key_file, "Icon", APP_ID);
  assert_key (key_file, "Terminal", "false");
  /* Not a second entry in the menu. */
  assert_key (key_file, "NoDisplay", "true");
  assert_key (key_file, "X-GNOME-Autostart-enabled", "true");
  assert_key (key_file, "X-GNOME-UsesNotifications", "true");
  assert_like_menu_entry (key_file);
}

static void
test_desktop_file (void)
{
  g_autofree char *path = vpop3_autostart_get_path ();
  g_autofree char *expected = g_build_filename (config_dir, "autostart", APP_ID ".desktop", NULL);
  Vpop3PreferencesDialog *dialog;
  GtkSwitch *autostart;

  vpop3_autostart_set_sandboxed_for_testing (FALSE);
  g_assert_cmpstr (path, ==, expected);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  /* On by default, and written once there is a server to connect to. The
   * autostart folder does not exist yet: it is made. */
  save_host ("127.0.0.1");
  g_assert_true (test_loop_wait (file_exists, path, WAIT_MS));
  assert_desktop_file (path);

  dialog = new_preferences ();
  autostart = harness_child (dialog, PREFS, "autostart_switch");
  g_assert_true (gtk_switch_get_active (autostart));

  /* Off: the file goes. */
  gtk_switch_set_active (autostart, FALSE);
  g_assert_true (test_loop_wait (file_missing, path, WAIT_MS));

  /* On again: back, and the same. */
  gtk_switch_set_active (autostart, TRUE);
  g_assert_true (test_loop_wait (file_exists, path, WAIT_MS));
  assert_desktop_file (path);
  gtk_widget_destroy (GTK_WIDGET (dialog));

  /* No server, nothing to start at login, even with the switch on. */
  save_host ("");
  g_assert_true (test_loop_wait (file_missing, path, WAIT_MS));

  reset_settings ();
}

/* A fake Background portal ------------------------------------------------------------- */

static const char portal_xml[] = "<node>"
                                 "  <interface name='org.freedesktop.portal.Background'>"
                                 "    <method name='RequestBackground'>"
                                 "      <arg type='s' name='parent_window' direction='in'/>"
                                 "      <arg type='a{sv}' name='options' direction='in'/>"
                                 "      <arg type='o' name='handle' direction='out'/>"
                                 "    </method>"
                                 "    <property name='version' type='u' access='read'/>"
                                 "  </interface>"
                                 "  <interface name='org.freedesktop.portal.Request'>"
                                 "    <method name='Close'/>"
                                 "    <signal name='Response'>"
                                 "      <arg type='u' name='response'/>"
                                 "      <arg type='a{sv}' name='results'/>"
                                 "    </signal>"
                                 "  </interface>"
                                 "</node>";

typedef enum
{
  ANSWER_GRANT,           /* 0, background and autostart as asked */
  ANSWER_BACKGROUND_ONLY, /* 0, background allowed, autostart not */
  ANSWER_REFUSE,          /* 1: the user said no */
  ANSWER_FAIL,            /* 2: something else */
  ANSWER_NEVER,           /* the user has not answered yet */
} Answer;

typedef struct
{
  GDBusConnection *bus; /* its own connection, as the real portal has */
  GDBusNodeInfo *node;
  GPtrArray *requests; /* (sa{sv}) of each RequestBackground call */
  GPtrArray *senders;
  guint answered; /* Response signals sent */
  guint closed;   /* Request.Close calls */
  Answer answer;
  gboolean answer_first; /* the Response before the method's reply */
  char *open_request;    /* the Request object not answered, with its id */
  guint open_request_id;
} FakePortal;

static FakePortal portal;

static void
close_request (void)
{
  if (portal.open_request_id != 0)
    g_dbus_connection_unregister_object (portal.bus, portal.open_request_id);
  portal.open_request_id = 0;
  g_clear_pointer (&portal.open_request, g_free);
}

static void
on_request_method (GDBusConnection *bus,
                   const char *sender,
                   const char *path,
                   const char *interface,
                   const char *method,
                   GVariant *parameters,
                   GDBusMethodInvocation *invocation,
                   gpointer user_data)
{
  portal.closed++;
  g_dbus_method_invocation_return_value (invocation, NULL);
  close_request ();
}

static const GDBusInterfaceVTable request_vtable = { on_request_method, NULL, NULL, { 0 } };

static void
send_response (const char *sender, const char *path, gboolean autostart)
{
  GVariantBuilder results;
  guint32 code = 0;
  g_autoptr (GError) error = NULL;

  g_variant_builder_init (&results, G_VARIANT_TYPE_VARDICT);
  switch (portal.answer)
    {
    case ANSWER_GRANT:
      g_variant_builder_add (&results, "{sv}", "background", g_variant_new_boolean (TRUE));
      g_variant_builder_add (&results, "{sv}", "autostart", g_variant_new_boolean (autostart));
      break;
    case ANSWER_BACKGROUND_ONLY:
      g_variant_builder_add (&results, "{sv}", "background", g_variant_new_boolean (TRUE));
      g_variant_builder_add (&results, "{sv}", "autostart", g_variant_new_boolean (FALSE));
      break;
    case ANSWER_REFUSE:
      code = 1;
      break;
    case ANSWER_FAIL:
    case ANSWER_NEVER:
      code = 2;
      break;
    }
  /* As xdg-desktop-portal does: to the caller only, from the Request. */
  g_dbus_connection_emit_signal (portal.bus, sender, path, "org.freedesktop.portal.Request",
                                 "Response", g_variant_new ("(ua{sv})", code, &results), &error);
  g_assert_no_error (error);
  portal.answered++;
  close_request ();
}

static void
on_portal_method (GDBusConnection *bus,
                  const char *sender,
                  const char *path,
                  const char *interface,
                  const char *method,
                  GVariant *parameters,
                  GDBusMethodInvocation *invocation,
                  gpointer user_data)
{
  g_autoptr (GVariant) options = g_variant_get_child_value (parameters, 1);
  g_autofree char *caller = g_strdup (sender + 1);
  g_autofree char *handle = NULL;
  g_autoptr (GError) error = NULL;
  const char *token = NULL;
  gboolean autostart = FALSE;

  g_assert_cmpstr (method, ==, "RequestBackground");
  g_ptr_array_add (portal.requests, g_variant_ref (parameters));
  g_ptr_array_add (portal.senders, g_strdup (sender));

  /* The Request object's path, made as xdg-desktop-portal makes it. */
  if (!g_variant_lookup (options, "handle_token", "&s", &token))
    token = "fake";
  g_strdelimit (caller, ".", '_');
  handle = g_strdup_printf ("/org/freedesktop/portal/desktop/request/%s/%s", caller, token);
  close_request ();
  portal.open_request = g_strdup (handle);
  portal.open_request_id = g_dbus_connection_register_object (
      portal.bus, handle, portal.node->interfaces[1], &request_vtable, NULL, NULL, &error);
  g_assert_no_error (error);

  g_variant_lookup (options, "autostart", "b", &autostart);
  if (portal.answer != ANSWER_NEVER && portal.answer_first)
    send_response (sender, handle, autostart);
  g_dbus_method_invocation_return_value (invocation, g_variant_new ("(o)", handle));
  if (portal.answer != ANSWER_NEVER && !portal.answer_first)
    send_response (sender, handle, autostart);
}

static GVariant *
on_portal_get_property (GDBusConnection *bus,
                        const char *sender,
                        const char *path,
                        const char *interface,
                        const char *property,
                        GError **error,
                        gpointer user_data)
{
  return g_variant_new_uint32 (1);
}

static const GDBusInterfaceVTable portal_vtable = {
  on_portal_method, on_portal_get_property, NULL, { 0 }
};

static void
fake_portal_start (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_autoptr (GVariant) reply = NULL;
  guint32 result = 0;

  g_assert_no_error (error);
  portal.bus =
      g_dbus_connection_new_for_address_sync (address,
                                              G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                  G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                              NULL, NULL, &error);
  g_assert_no_error (error);
  portal.node = g_dbus_node_info_new_for_xml (portal_xml, &error);
  g_assert_no_error (error);
  g_dbus_connection_register_object (portal.bus, "/org/freedesktop/portal/desktop",
                                     portal.node->interfaces[0], &portal_vtable, NULL, NULL,
                                     &error);
  g_assert_no_error (error);
  /* DO_NOT_QUEUE: another portal on this bus would be a broken test set-up. */
  reply = g_dbus_connection_call_sync (
      portal.bus, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
      "RequestName", g_variant_new ("(su)", "org.freedesktop.portal.Desktop", 4),
      G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(u)", &result);
  g_assert_cmpuint (result, ==, 1);
  portal.requests = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  portal.senders = g_ptr_array_new_with_free_func (g_free);
}

static void
fake_portal_stop (void)
{
  close_request ();
  g_dbus_connection_close_sync (portal.bus, NULL, NULL);
  g_clear_object (&portal.bus);
  g_clear_pointer (&portal.node, g_dbus_node_info_unref);
  g_clear_pointer (&portal.requests, g_ptr_array_unref);
  g_clear_pointer (&portal.senders, g_ptr_array_unref);
}

static void
fake_portal_reset (Answer answer, gboolean answer_first)
{
  close_request ();
  g_ptr_array_set_size (portal.requests, 0);
  g_ptr_array_set_size (portal.senders, 0);
  portal.answered = 0;
  portal.closed = 0;
  portal.answer = answer;
  portal.answer_first = answer_first;
}

static gboolean
has_requests (gpointer count)
{
  return portal.requests->len >= GPOINTER_TO_UINT (count);
}

static gboolean
has_answered (gpointer count)
{
  return portal.answered >= GPOINTER_TO_UINT (count);
}

static gboolean
is_closed (gpointer data)
{
  return portal.closed > 0;
}

static gboolean
request_autostart (guint index)
{
  g_autoptr (GVariant) options = g_variant_get_child_value (portal.requests->pdata[index], 1);
  gboolean autostart = FALSE;

  g_assert_true (g_variant_lookup (options, "autostart", "b", &autostart));
  return autostart;
}

/* What the applet asks the portal for. */
static void
assert_request (guint index, gboolean autostart)
{
  GVariant *parameters = portal.requests->pdata[index];
  g_autoptr (GVariant) options = g_variant_get_child_value (parameters, 1);
  GDBusConnection *app_bus = g_application_get_dbus_connection (G_APPLICATION (harness_app ()));
  const char *parent = NULL, *reason = NULL, *token = NULL;
  g_autofree const char **commandline = NULL;
  gboolean activatable = TRUE;

  /* From the applet's own connection. */
  g_assert_cmpstr (portal.senders->pdata[index], ==, g_dbus_connection_get_unique_name (app_bus));
  g_variant_get_child (parameters, 0, "&s", &parent);
  g_assert_cmpstr (parent, ==, "");

  g_assert_cmpuint (g_variant_n_children (options), ==, 5);
  g_assert_true (g_variant_lookup (options, "reason", "&s", &reason));
  g_assert_cmpstr (reason, ==, "Show the VPOP3 server's state in the panel");
  g_assert_cmpint (request_autostart (index), ==, autostart);
  g_assert_true (g_variant_lookup (options, "commandline", "^a&s", &commandline));
  g_assert_cmpuint (g_strv_length ((char **) commandline), ==, 1);
  g_assert_cmpstr (commandline[0], ==, "vpop3-monitor");
  /* DBusActivatable=false in the desktop file: the command line starts it. */
  g_assert_true (g_variant_lookup (options, "dbus-activatable", "b", &activatable));
  g_assert_false (activatable);
  /* The Request object's path is ours to predict: a valid path element. */
  g_assert_true (g_variant_lookup (options, "handle_token", "&s", &token));
  g_assert_cmpuint (strlen (token), >, 0);
  g_assert_cmpuint (
      strspn (token, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"), ==,
      strlen (token));
}

/* The portal through the switch ---------------------------------------------------------- */

static gboolean
is_switch_off (gpointer autostart)
{
  return !gtk_switch_get_active (autostart);
}

typedef struct
{
  GtkSwitch *autostart;
  guint answered;
} SwitchOff;

static gboolean
is_refusal_shown (gpointer data)
{
  SwitchOff *wait = data;

  return is_switch_off (wait->autostart) && portal.answered >= wait->answered;
}

static void
test_portal_switch (void)
{
  GSettings *settings = vpop3_application_get_settings (harness_app ());
  g_autofree char *path = vpop3_autostart_get_path ();
  Vpop3PreferencesDialog *dialog;
  SwitchOff refusal;

  vpop3_autostart_set_sandboxed_for_testing (TRUE);

  /* A server saved, the switch on by default: the applet asks. The portal
   * answers before its reply reaches the applet, which must be listening
   * on the Request by then. */
  fake_portal_reset (ANSWER_GRANT, TRUE);
  save_host ("127.0.0.1");
  g_assert_true (test_loop_wait (has_answered, GUINT_TO_POINTER (1), WAIT_MS));
  g_assert_cmpuint (portal.requests->len, ==, 1);
  assert_request (0, TRUE);

  /* Refused: switching off is still fine (not running in the background
   * means not starting at login either) and the switch stays off. */
  fake_portal_reset (ANSWER_REFUSE, FALSE);
  dialog = new_preferences ();
  refusal.autostart = harness_child (dialog, PREFS, "autostart_switch");
  g_assert_true (gtk_switch_get_active (refusal.autostart));
  gtk_switch_set_active (refusal.autostart, FALSE);
  g_assert_true (test_loop_wait (has_answered, GUINT_TO_POINTER (1), WAIT_MS));
  assert_request (0, FALSE);

  /* Switching on, refused in the portal's dialog: the switch goes back off,
   * where the user sees it, and the applet says so to the portal. */
  gtk_switch_set_active (refusal.autostart, TRUE);
  refusal.answered = 3;
  g_assert_true (test_loop_wait (is_refusal_shown, &refusal, WAIT_MS));
  assert_request (1, TRUE);
  assert_request (2, FALSE);
  g_assert_false (g_settings_get_boolean (settings, "autostart"));
  gtk_widget_destroy (GTK_WIDGET (dialog));

  /* Inside flatpak the autostart folder is the portal's business. */
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  /* Each reset asks the portal again. */
  fake_portal_reset (ANSWER_GRANT, FALSE);
  reset_settings ();
  g_assert_true (test_loop_wait (has_answered, GUINT_TO_POINTER (2), WAIT_MS));
}

/* The portal's answers, one by one ------------------------------------------------------- */

/* Asks through the API and returns whether it succeeded; *@error is set on
 * failure. */
static gboolean
set_enabled (gboolean enabled, GCancellable *cancellable, GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  vpop3_autostart_set_enabled_async (enabled, cancellable, test_loop_store_result, &result);
  return vpop3_autostart_set_enabled_finish (test_loop_wait_result (&result, WAIT_MS), error);
}

static void
assert_answer (Answer answer, gboolean answer_first, gboolean enabled, GQuark domain, int code)
{
  g_autoptr (GError) error = NULL;
  gboolean ok;

  fake_portal_reset (answer, answer_first);
  ok = set_enabled (enabled, NULL, &error);
  g_assert_cmpuint (portal.answered, ==, 1);
  assert_request (0, enabled);
  if (domain == 0)
    {
      g_assert_no_error (error);
      g_assert_true (ok);
    }
  else
    {
      g_assert_error (error, domain, code);
      g_assert_false (ok);
      g_assert_cmpstr (error->message, !=, "");
    }
}

static void
test_portal_answers (void)
{
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;

  vpop3_autostart_set_sandboxed_for_testing (TRUE);

  /* Granted, whether the Response comes before or after the reply. */
  assert_answer (ANSWER_GRANT, FALSE, TRUE, 0, 0);
  assert_answer (ANSWER_GRANT, TRUE, TRUE, 0, 0);
  assert_answer (ANSWER_GRANT, FALSE, FALSE, 0, 0);

  /* Refused, or background allowed without autostart: not started at login. */
  assert_answer (ANSWER_REFUSE, FALSE, TRUE, VPOP3_AUTOSTART_ERROR, VPOP3_AUTOSTART_ERROR_REFUSED);
  assert_answer (ANSWER_REFUSE, TRUE, TRUE, VPOP3_AUTOSTART_ERROR, VPOP3_AUTOSTART_ERROR_REFUSED);
  assert_answer (ANSWER_BACKGROUND_ONLY, FALSE, TRUE, VPOP3_AUTOSTART_ERROR,
                 VPOP3_AUTOSTART_ERROR_REFUSED);
  /* Switching off cannot be refused: off is what the user asked for. */
  assert_answer (ANSWER_REFUSE, FALSE, FALSE, 0, 0);

  /* The portal failed: an error, not the user's refusal. */
  assert_answer (ANSWER_FAIL, FALSE, TRUE, G_IO_ERROR, G_IO_ERROR_FAILED);
  assert_answer (ANSWER_FAIL, FALSE, FALSE, G_IO_ERROR, G_IO_ERROR_FAILED);

  /* The user has not answered when the applet quits: cancelled, and the
   * portal's dialog closed. */
  fake_portal_reset (ANSWER_NEVER, FALSE);
  vpop3_autostart_set_enabled_async (TRUE, cancellable, test_loop_store_result, &result);
  g_assert_true (test_loop_wait (has_requests, GUINT_TO_POINTER (1), WAIT_MS));
  g_assert_null (result);
  g_cancellable_cancel (cancellable);
  g_assert_false (
      vpop3_autostart_set_enabled_finish (test_loop_wait_result (&result, WAIT_MS), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_true (test_loop_wait (is_closed, NULL, WAIT_MS));
  g_assert_cmpuint (portal.answered, ==, 0);
}

int
main (int argc, char **argv)
{
  int status;

  /* Before anything reads the configuration folder. */
  config_dir = harness_private_config_dir ();
  harness_init (&argc, &argv);
  fake_portal_start ();

  g_test_add_func ("/app/autostart/desktop-file", test_desktop_file);
  g_test_add_func ("/app/autostart/portal-switch", test_portal_switch);
  g_test_add_func ("/app/autostart/portal-answers", test_portal_answers);

  status = g_test_run ();
  fake_portal_stop ();
  harness_remove_tree (config_dir);
  g_free (config_dir);
  return status;
}
