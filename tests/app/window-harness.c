/* window-harness.c
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "window-harness.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "vpop3-filetime.h"
#include "vpop3-resources.h"
#include "vpop3-simulator-server.h"

static Vpop3Application *app;
/* Without an application (harness_init_alone): what windows are given. */
static GSettings *alone_settings;
static Vpop3ServerList *alone_servers;
static GSimpleActionGroup *alone_actions;

/* A panel's StatusNotifierWatcher, as GNOME (with the AppIndicator
 * extension) or KDE provide: without one, the tray falls back to a
 * GtkStatusIcon, which is not what users get and leaks as it starts. */
static const char watcher_xml[] =
    "<node>"
    "  <interface name='org.kde.StatusNotifierWatcher'>"
    "    <method name='RegisterStatusNotifierItem'><arg type='s' direction='in'/></method>"
    "    <method name='RegisterStatusNotifierHost'><arg type='s' direction='in'/></method>"
    "    <property name='RegisteredStatusNotifierItems' type='as' access='read'/>"
    "    <property name='IsStatusNotifierHostRegistered' type='b' access='read'/>"
    "    <property name='ProtocolVersion' type='i' access='read'/>"
    "    <signal name='StatusNotifierItemRegistered'><arg type='s'/></signal>"
    "    <signal name='StatusNotifierItemUnregistered'><arg type='s'/></signal>"
    "    <signal name='StatusNotifierHostRegistered'/>"
    "  </interface>"
    "</node>";

static void
on_watcher_method (GDBusConnection *connection,
                   const char *sender,
                   const char *path,
                   const char *interface,
                   const char *method,
                   GVariant *parameters,
                   GDBusMethodInvocation *invocation,
                   gpointer user_data)
{
  g_dbus_method_invocation_return_value (invocation, NULL);
}

static GVariant *
on_watcher_get_property (GDBusConnection *connection,
                         const char *sender,
                         const char *path,
                         const char *interface,
                         const char *property,
                         GError **error,
                         gpointer user_data)
{
  if (g_str_equal (property, "RegisteredStatusNotifierItems"))
    return g_variant_new_strv (NULL, 0);
  if (g_str_equal (property, "IsStatusNotifierHostRegistered"))
    return g_variant_new_boolean (TRUE);
  return g_variant_new_int32 (0);
}

static const GDBusInterfaceVTable watcher_vtable = {
  on_watcher_method,
  on_watcher_get_property,
  NULL,
};

static void
on_name_settled (GDBusConnection *connection, const char *name, gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

static void
start_tray_watcher (void)
{
  static gboolean settled;
  g_autoptr (GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr (GDBusNodeInfo) node = NULL;

  /* Without a session bus there is no tray to fall back from either. */
  if (bus == NULL)
    return;
  node = g_dbus_node_info_new_for_xml (watcher_xml, NULL);
  g_dbus_connection_register_object (bus, "/StatusNotifierWatcher", node->interfaces[0],
                                     &watcher_vtable, NULL, NULL, NULL);
  g_bus_own_name_on_connection (bus, "org.kde.StatusNotifierWatcher", G_BUS_NAME_OWNER_FLAGS_NONE,
                                on_name_settled, on_name_settled, &settled, NULL);
  test_loop_wait (is_true, &settled, 5000);
}

/* Tests run side by side: each its own message history, under the session's
 * throw-away data folder (removed with the session). */
static void
private_data_dir (void)
{
  g_autofree char *name = g_strdup_printf ("harness-%d", (int) getpid ());
  /* Not g_get_user_data_dir (): it would remember the folder it read. */
  const char *data = g_getenv ("XDG_DATA_HOME");
  g_autofree char *dir = g_build_filename (data != NULL ? data : g_get_tmp_dir (), name, NULL);

  g_setenv ("XDG_DATA_HOME", dir, TRUE);
}

char *
harness_private_config_dir (void)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp ("vpop3-config-XXXXXX", &error);

  g_assert_no_error (error);
  g_setenv ("XDG_CONFIG_HOME", dir, TRUE);
  /* The message history too: tests running side by side must not share it. */
  g_setenv ("XDG_DATA_HOME", dir, TRUE);
  return dir;
}

void
harness_remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        harness_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static const char *const notifications[] = {
  "notify-connection",
  "notify-login",
  "notify-poll",
  "notify-messages",
};

Vpop3Application *
harness_init (int *argc, char ***argv)
{
  g_autoptr (GError) error = NULL;

  /* Never the user's dconf; meson's test environment sets these too. */
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("NO_AT_BRIDGE", "1", TRUE);
  private_data_dir ();
  gtk_test_init (argc, argv, NULL);
  /* Links the resource object (whose constructor registers it). */
  g_assert_nonnull (vpop3_get_resource ());
  start_tray_watcher ();

  app = vpop3_application_new ();
  g_application_set_flags (G_APPLICATION (app), g_application_get_flags (G_APPLICATION (app)) |
                                                    G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

  /* These tests feed failed polls and messages: no desktop notifications. */
  for (guint i = 0; i < G_N_ELEMENTS (notifications); i++)
    g_settings_set_boolean (vpop3_application_get_settings (app), notifications[i], FALSE);
  /* Messages fed show at once, without a round trip to the disk; the
   * history has tests of its own. */
  g_settings_set_boolean (vpop3_application_get_settings (app), "keep-history", FALSE);
  return app;
}

void
harness_init_alone (int *argc, char ***argv)
{
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("NO_AT_BRIDGE", "1", TRUE);
  gtk_test_init (argc, argv, NULL);
  g_assert_nonnull (vpop3_get_resource ());

  alone_settings = g_settings_new (APP_ID);
  alone_servers = vpop3_server_list_new (alone_settings);
  alone_actions = g_simple_action_group_new ();
}

Vpop3Application *
harness_app (void)
{
  g_assert_nonnull (app);
  return app;
}

GSettings *
harness_settings (void)
{
  return app != NULL ? vpop3_application_get_settings (app) : alone_settings;
}

static Vpop3ServerList *
harness_servers (void)
{
  return app != NULL ? vpop3_application_get_servers (app) : alone_servers;
}

static GActionGroup *
harness_actions (void)
{
  return app != NULL ? G_ACTION_GROUP (app) : G_ACTION_GROUP (alone_actions);
}

Vpop3Server *
harness_server (void)
{
  g_autoptr (Vpop3Server) first = g_list_model_get_item (G_LIST_MODEL (harness_servers ()), 0);

  /* The list keeps its reference. */
  return first;
}

/* As the application presents them: given the server, in the application
 * when there is one. */
static gpointer
in_application (gpointer window)
{
  if (app != NULL)
    gtk_window_set_application (GTK_WINDOW (window), GTK_APPLICATION (app));
  return window;
}

Vpop3StatusWindow *
harness_new_status_window (void)
{
  return in_application (
      vpop3_status_window_new (harness_server (), harness_settings (), harness_actions ()));
}

Vpop3PreferencesDialog *
harness_new_preferences_dialog (void)
{
  return in_application (vpop3_preferences_dialog_new_for_servers (
      harness_servers (), harness_server (), harness_settings ()));
}

Vpop3MessagesWindow *
harness_new_messages_window (void)
{
  return in_application (vpop3_messages_window_new (harness_server (), harness_actions ()));
}

Vpop3Status *
harness_status (void)
{
  return vpop3_server_get_status (harness_server ());
}

void
harness_feed (const char *line)
{
  g_autoptr (Vpop3Update) update = vpop3_update_parse (line, strlen (line));

  g_assert_cmpint (update->type, !=, VPOP3_UPDATE_UNKNOWN);
  vpop3_status_apply (harness_status (), update);
}

void
harness_feed_printf (const char *format, ...)
{
  va_list args;
  g_autofree char *line = NULL;

  va_start (args, format);
  line = g_strdup_vprintf (format, args);
  va_end (args);
  harness_feed (line);
}

char *
harness_filetime_ago (int seconds_ago)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr (GDateTime) time = g_date_time_add_seconds (now, -seconds_ago);
  char hex[VPOP3_FILETIME_HEX_LENGTH + 1];

  vpop3_filetime_format_hex (vpop3_filetime_from_date_time (time), hex);
  return g_strdup (hex);
}

void
harness_iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

gpointer
harness_child (gpointer widget, GType type, const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (child);
  return child;
}

GList *
harness_find_toplevels (GType type)
{
  g_autoptr (GList) toplevels = gtk_window_list_toplevels ();
  GList *found = NULL;

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && !gtk_widget_in_destruction (l->data))
      found = g_list_prepend (found, l->data);
  return found;
}

void
harness_destroy_toplevels (void)
{
  g_autoptr (GList) toplevels = harness_find_toplevels (GTK_TYPE_WINDOW);

  /* Destroying one may take others with it (a dialog's confirmation): hold
   * them all first. */
  for (GList *l = toplevels; l != NULL; l = l->next)
    g_object_ref (l->data);
  for (GList *l = toplevels; l != NULL; l = l->next)
    {
      /* Tooltips and menus are toplevels that GTK owns and keeps using: a
       * tooltip window destroyed here is used after it is freed on the next
       * pointer event. */
      if (gtk_window_get_window_type (l->data) == GTK_WINDOW_TOPLEVEL &&
          !gtk_widget_in_destruction (l->data))
        gtk_widget_destroy (l->data);
      g_object_unref (l->data);
    }
  harness_iterate ();
}

static void
on_recorded_activate (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  GPtrArray *calls = user_data;

  g_ptr_array_add (calls, parameter != NULL ? g_variant_ref (parameter) : NULL);
}

static void
unref_calls (gpointer data, GClosure *closure)
{
  g_ptr_array_unref (data);
}

GPtrArray *
harness_record_action (const char *name, const GVariantType *parameter_type)
{
  GPtrArray *calls = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  g_autoptr (GSimpleAction) action = g_simple_action_new (name, parameter_type);

  g_signal_connect_data (action, "activate", G_CALLBACK (on_recorded_activate),
                         g_ptr_array_ref (calls), unref_calls, 0);
  g_action_map_add_action (G_ACTION_MAP (harness_actions ()), G_ACTION (action));
  return calls;
}

static gboolean
is_drawn (gpointer data)
{
  return GPOINTER_TO_INT (g_object_get_data (data, "harness-drawn"));
}

static gboolean
on_draw (GtkWidget *widget, cairo_t *cr, gpointer user_data)
{
  g_object_set_data (G_OBJECT (widget), "harness-drawn", GINT_TO_POINTER (TRUE));
  return GDK_EVENT_PROPAGATE;
}

void
harness_screenshot (GtkWindow *window, const char *name)
{
  const char *dir = g_getenv ("VPOP3_SCREENSHOT_DIR");
  g_autoptr (GdkPixbuf) pixbuf = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  GdkWindow *gdk_window;

  if (dir == NULL)
    return;

  gtk_window_present (window);
  g_object_set_data (G_OBJECT (window), "harness-drawn", GINT_TO_POINTER (FALSE));
  g_signal_connect_after (window, "draw", G_CALLBACK (on_draw), NULL);
  gtk_widget_queue_draw (GTK_WIDGET (window));
  g_assert_true (test_loop_wait (is_drawn, window, 5000));
  /* Let size requests that follow the first frame settle. */
  test_loop_run_for (300);

  gdk_window = gtk_widget_get_window (GTK_WIDGET (window));
  pixbuf = gdk_pixbuf_get_from_window (gdk_window, 0, 0, gdk_window_get_width (gdk_window),
                                       gdk_window_get_height (gdk_window));
  g_assert_nonnull (pixbuf);
  g_mkdir_with_parents (dir, 0755);
  path = g_strdup_printf ("%s/%s.png", dir, name);
  g_assert_true (gdk_pixbuf_save (pixbuf, path, "png", &error, NULL));
  g_assert_no_error (error);
  g_signal_handlers_disconnect_by_func (window, on_draw, NULL);
}

static gboolean
is_connected (gpointer server)
{
  return vpop3_client_get_state (vpop3_server_get_client (server)) == VPOP3_CLIENT_STATE_CONNECTED;
}

Vpop3Simulator *
harness_connect_simulator (void)
{
  return harness_connect_simulator_dialect (VPOP3_SIMULATOR_DIALECT_OURS);
}

Vpop3Simulator *
harness_connect_simulator_dialect (Vpop3SimulatorDialect dialect)
{
  g_autoptr (GError) error = NULL;
  Vpop3Simulator *sim = vpop3_simulator_new ();
  Vpop3Server *server = harness_server ();

  vpop3_simulator_set_scenario (sim, VPOP3_SIMULATOR_SCENARIO_QUIET, 0);
  vpop3_simulator_set_dialect (sim, dialect);
  vpop3_simulator_add_user (sim, "postmaster", "admin", VPOP3_PERMISSION_ALL);
  g_assert_true (vpop3_simulator_listen (sim, "127.0.0.1", 0, &error));
  g_assert_no_error (error);
  /* For this run: the settings stay as the other tests expect them. */
  vpop3_server_set_overrides (server, "127.0.0.1", vpop3_simulator_get_port (sim), "postmaster");
  vpop3_server_use_password (server, "admin");
  g_assert_true (test_loop_wait (is_connected, server, 30000));
  /* The login's burst is in; what the test feeds comes after it. */
  harness_iterate ();
  return sim;
}

void
harness_disconnect_simulator (Vpop3Simulator *sim)
{
  vpop3_server_disconnect (harness_server ());
  vpop3_simulator_stop (sim);
  g_object_unref (sim);
}
