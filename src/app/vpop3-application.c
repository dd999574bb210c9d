/* vpop3-application.c: the command line, the actions, and presenting the
 * windows, the tray and notifications, each given the Vpop3Server it shows.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vpop3-application.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vpop3-autostart.h"
#include "vpop3-browser.h"
#include "vpop3-messages-window.h"
#include "vpop3-notifier.h"
#include "vpop3-password-dialog.h"
#include "vpop3-preferences-dialog.h"
#include "vpop3-status-window.h"
#include "vpop3-tray.h"

struct _Vpop3Application
{
  GtkApplication parent_instance;

  GSettings *settings;
  Vpop3ServerList *servers;
  Vpop3Server *server; /* the first of servers: what windows and the tray show */
  Vpop3Tray *tray;
  Vpop3Notifier *notifier;
  GCancellable *cancellable;
  gboolean started;

  GtkWidget *status_window;
  GtkWidget *preferences_dialog;
  GtkWidget *messages_window;
  GtkWidget *password_dialog;
};

G_DEFINE_FINAL_TYPE (Vpop3Application, vpop3_application, GTK_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "host", 'H', 0, G_OPTION_ARG_STRING, NULL, N_ ("VPOP3 server address for this run"),
    N_ ("HOST") },
  /* A string, read in decimal below: GOption reads numbers in C base 0. */
  { "port", 'p', 0, G_OPTION_ARG_STRING, NULL, N_ ("Status service port for this run"),
    N_ ("PORT") },
  { "user", 'u', 0, G_OPTION_ARG_STRING, NULL, N_ ("VPOP3 user name for this run"), N_ ("USER") },
  { "status", 0, 0, G_OPTION_ARG_NONE, NULL, N_ ("Open the status window"), NULL },
  { "preferences", 0, 0, G_OPTION_ARG_NONE, NULL, N_ ("Open Configure Status Monitor"), NULL },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_ ("Show the version and exit"), NULL },
  { NULL }
};

/* The server and the password prompt ------------------------------------------------- */

static const char *
current_host (Vpop3Application *self)
{
  return vpop3_server_get_host (self->server);
}

static Vpop3Client *
current_client (Vpop3Application *self)
{
  return vpop3_server_get_client (self->server);
}

static Vpop3Status *
current_status (Vpop3Application *self)
{
  return vpop3_server_get_status (self->server);
}

static void open_preferences (Vpop3Application *self, const char *error_message);

static void
on_password_entered (Vpop3PasswordDialog *dialog, const char *password, gpointer user_data)
{
  Vpop3Application *self = user_data;

  if (password != NULL)
    vpop3_server_use_password (self->server, password);
  gtk_widget_destroy (GTK_WIDGET (dialog));
}

static void
ask_for_password (Vpop3Application *self, const char *reason)
{
  g_autofree char *user = vpop3_server_dup_user (self->server);

  if (self->password_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->password_dialog));
      return;
    }
  self->password_dialog =
      GTK_WIDGET (vpop3_password_dialog_new (NULL, current_host (self), user, reason));
  g_object_add_weak_pointer (G_OBJECT (self->password_dialog), (gpointer *) &self->password_dialog);
  gtk_window_set_application (GTK_WINDOW (self->password_dialog), GTK_APPLICATION (self));
  g_signal_connect (self->password_dialog, "password-entered", G_CALLBACK (on_password_entered),
                    self);
  gtk_window_present (GTK_WINDOW (self->password_dialog));
}

/* What the server cannot do without the user is shown here, never there. */
static void
on_server_attention (Vpop3Server *server,
                     Vpop3ServerNeed need,
                     const char *reason,
                     gpointer user_data)
{
  Vpop3Application *self = user_data;

  if (need == VPOP3_SERVER_NEEDS_PASSWORD)
    ask_for_password (self, reason);
  else
    open_preferences (self, reason);
}

static void
on_autostart_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (Vpop3Application) self = user_data;
  g_autoptr (GError) error = NULL;

  if (vpop3_autostart_set_enabled_finish (result, &error) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* Refused in the Background portal's dialog: the switch goes back off. */
  if (g_error_matches (error, VPOP3_AUTOSTART_ERROR, VPOP3_AUTOSTART_ERROR_REFUSED))
    g_settings_set_boolean (self->settings, "autostart", FALSE);
  else
    g_warning ("Could not change starting at login: %s", error->message);
}

static gboolean
any_server_configured (Vpop3Application *self)
{
  GListModel *servers = G_LIST_MODEL (self->servers);

  for (guint i = 0; i < g_list_model_get_n_items (servers); i++)
    {
      g_autoptr (Vpop3Server) server = g_list_model_get_item (servers, i);
      g_autofree char *host = g_settings_get_string (vpop3_server_get_settings (server), "host");

      if (*host != '\0')
        return TRUE;
    }
  return FALSE;
}

/* On by default, but only once there is a server to connect to. */
static void
sync_autostart (Vpop3Application *self)
{
  gboolean wanted =
      g_settings_get_boolean (self->settings, "autostart") && any_server_configured (self);

  vpop3_autostart_set_enabled_async (wanted, self->cancellable, on_autostart_done,
                                     g_object_ref (self));
}

static void
on_autostart_setting_changed (GSettings *settings, const char *key, gpointer user_data)
{
  sync_autostart (user_data);
}

/* Windows -------------------------------------------------------------------------------- */

static GtkWindow *
active_window (Vpop3Application *self)
{
  return gtk_application_get_active_window (GTK_APPLICATION (self));
}

static void
show_error (Vpop3Application *self, const char *primary, const char *secondary)
{
  GtkWidget *dialog = gtk_message_dialog_new (active_window (self), GTK_DIALOG_DESTROY_WITH_PARENT,
                                              GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE, "%s", primary);

  if (secondary != NULL)
    gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", secondary);
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  g_signal_connect (dialog, "response", G_CALLBACK (gtk_widget_destroy), NULL);
  gtk_widget_show (dialog);
}

static GtkWidget *
present_window (Vpop3Application *self,
                GtkWidget **slot,
                GtkWidget *(*create) (Vpop3Application *) )
{
  if (*slot == NULL)
    {
      *slot = create (self);
      g_object_add_weak_pointer (G_OBJECT (*slot), (gpointer *) slot);
      gtk_window_set_application (GTK_WINDOW (*slot), GTK_APPLICATION (self));
    }
  gtk_window_present (GTK_WINDOW (*slot));
  return *slot;
}

static GtkWidget *
create_status_window (Vpop3Application *self)
{
  return GTK_WIDGET (vpop3_status_window_new (self->server, self->settings, G_ACTION_GROUP (self)));
}

static GtkWidget *
create_preferences_dialog (Vpop3Application *self)
{
  return GTK_WIDGET (vpop3_preferences_dialog_new (self->server, self->settings));
}

static GtkWidget *
create_messages_window (Vpop3Application *self)
{
  return GTK_WIDGET (vpop3_messages_window_new (self->server, G_ACTION_GROUP (self)));
}

static void
open_preferences (Vpop3Application *self, const char *error_message)
{
  GtkWidget *dialog = present_window (self, &self->preferences_dialog, create_preferences_dialog);

  if (error_message != NULL)
    vpop3_preferences_dialog_show_error (VPOP3_PREFERENCES_DIALOG (dialog), error_message);
}

static void
on_messages_visibility (GtkWidget *window, gpointer user_data)
{
  Vpop3Application *self = user_data;

  vpop3_notifier_set_messages_visible (self->notifier, gtk_widget_get_visible (window));
}

/* Actions --------------------------------------------------------------------------------- */

static void
open_page (Vpop3Application *self, char *uri)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *owned = uri;

  if (!vpop3_browser_open (active_window (self), owned, &error))
    show_error (self, _ ("Could not open the web browser"), error->message);
}

static void
action_webmail (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  Vpop3Application *self = user_data;

  open_page (self, vpop3_browser_webmail_url (vpop3_server_get_settings (self->server),
                                              current_host (self)));
}

static void
action_admin (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  Vpop3Application *self = user_data;

  open_page (self, vpop3_browser_admin_url (vpop3_server_get_settings (self->server),
                                            current_host (self)));
}

static void
action_help (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  Vpop3Application *self = user_data;

  open_page (self, vpop3_browser_help_url (self->settings));
}

static void
action_status (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  Vpop3Application *self = user_data;

  present_window (self, &self->status_window, create_status_window);
}

static void
action_messages (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  Vpop3Application *self = user_data;
  gboolean created = self->messages_window == NULL;
  GtkWidget *window = present_window (self, &self->messages_window, create_messages_window);

  if (created)
    {
      g_signal_connect_object (window, "show", G_CALLBACK (on_messages_visibility), self, 0);
      g_signal_connect_object (window, "hide", G_CALLBACK (on_messages_visibility), self, 0);
    }
  vpop3_notifier_set_messages_visible (self->notifier, TRUE);
}

static void
action_preferences (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  open_preferences (user_data, NULL);
}

static void
action_connect (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  Vpop3Application *self = user_data;

  vpop3_server_connect (self->server);
}

static void
action_disconnect (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  Vpop3Application *self = user_data;

  vpop3_server_disconnect (self->server);
}

typedef struct
{
  Vpop3Application *self;
  Vpop3CommandType type;
  char *what; /* for the error dialog's title */
} CommandContext;

static void
on_command_reply (GObject *source, GAsyncResult *result, gpointer user_data)
{
  CommandContext *context = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *reply = vpop3_client_send_command_finish (VPOP3_CLIENT (source), result, &error);

  /* A refusal shows the server's own words; a command cancelled because we
   * are quitting is nobody's concern. A server that closes the connection
   * after SHUTDOWN without answering is most likely doing what was asked:
   * no error for that, the cross in the tray says the rest. */
  if (reply == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      !(context->type == VPOP3_COMMAND_SHUTDOWN &&
        g_error_matches (error, VPOP3_CLIENT_ERROR, VPOP3_CLIENT_ERROR_NOT_CONNECTED)))
    show_error (context->self, context->what, error->message);

  g_object_unref (context->self);
  g_free (context->what);
  g_free (context);
}

static void
send_command (Vpop3Application *self,
              Vpop3CommandType type,
              const char *target,
              const char *text,
              const char *failure_title)
{
  CommandContext *context = g_new0 (CommandContext, 1);

  context->self = g_object_ref (self);
  context->type = type;
  context->what = g_strdup (failure_title);
  vpop3_client_send_command_async (current_client (self), type, target, text, self->cancellable,
                                   on_command_reply, context);
}

static void
action_connect_now (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  const char *name = g_variant_get_string (parameter, NULL);

  send_command (user_data, VPOP3_COMMAND_CONNECT, *name != '\0' ? name : NULL, NULL,
                _ ("VPOP3 did not start the connection"));
}

static void
action_end_session (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  send_command (user_data, VPOP3_COMMAND_END_SESSION, g_variant_get_string (parameter, NULL), NULL,
                _ ("VPOP3 did not end the session"));
}

static void
action_send_message (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  const char *to, *text;

  g_variant_get (parameter, "(&s&s)", &to, &text);
  send_command (user_data, VPOP3_COMMAND_IM, to, text, _ ("The message was not sent"));
}

static void
on_shutdown_confirmed (GtkDialog *dialog, int response, gpointer user_data)
{
  Vpop3Application *self = user_data;

  gtk_widget_destroy (GTK_WIDGET (dialog));
  if (response == GTK_RESPONSE_ACCEPT)
    send_command (self, VPOP3_COMMAND_SHUTDOWN, NULL, NULL, _ ("VPOP3 did not shut down"));
}

static void
action_shutdown_server (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  Vpop3Application *self = user_data;
  GtkWidget *dialog = gtk_message_dialog_new (
      active_window (self), GTK_DIALOG_DESTROY_WITH_PARENT, GTK_MESSAGE_WARNING, GTK_BUTTONS_NONE,
      _ ("Shut down the VPOP3 server on %s?"), current_host (self));

  gtk_message_dialog_format_secondary_text (
      GTK_MESSAGE_DIALOG (dialog),
      _ ("Nobody will be able to send or receive mail through it until it is started again on the "
         "server."));
  gtk_dialog_add_buttons (GTK_DIALOG (dialog), _ ("_Cancel"), GTK_RESPONSE_CANCEL, _ ("_Shut Down"),
                          GTK_RESPONSE_ACCEPT, NULL);
  gtk_style_context_add_class (gtk_widget_get_style_context (gtk_dialog_get_widget_for_response (
                                   GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT)),
                               "destructive-action");
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  g_signal_connect (dialog, "response", G_CALLBACK (on_shutdown_confirmed), self);
  gtk_widget_show (dialog);
}

static void
action_quit (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  Vpop3Application *self = user_data;

  /* VPOP3 itself keeps running; only the monitor goes. */
  vpop3_server_disconnect (self->server);
  g_application_quit (G_APPLICATION (self));
}

static const GActionEntry action_entries[] = {
  { "help", action_help },
  { "webmail", action_webmail },
  { "admin", action_admin },
  { "messages", action_messages },
  { "status", action_status },
  { "connect-now", action_connect_now, "s" },
  { "shutdown-server", action_shutdown_server },
  { "end-session", action_end_session, "s" },
  { "send-message", action_send_message, "(ss)" },
  { "connect", action_connect },
  { "disconnect", action_disconnect },
  { "preferences", action_preferences },
  { "quit", action_quit },
};

static void
set_enabled (Vpop3Application *self, const char *name, gboolean enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);

  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

/* Commands need a login; those the server has said it forbids are off. */
static void
update_actions (Vpop3Application *self)
{
  Vpop3Client *client = current_client (self);
  Vpop3Status *status = current_status (self);
  Vpop3ClientState state = vpop3_client_get_state (client);
  gboolean connected = state == VPOP3_CLIENT_STATE_CONNECTED;
  gboolean trying = state == VPOP3_CLIENT_STATE_CONNECTING ||
                    state == VPOP3_CLIENT_STATE_LOGGING_IN ||
                    vpop3_client_get_reconnecting (client);

  set_enabled (self, "connect-now",
               connected && vpop3_status_allows (status, VPOP3_PERMISSION_CONNECT));
  set_enabled (self, "shutdown-server",
               connected && vpop3_status_allows (status, VPOP3_PERMISSION_SHUTDOWN));
  set_enabled (self, "end-session", connected);
  set_enabled (self, "send-message", connected);
  /* Connecting while retrying tries again now, with a fresh back-off. */
  set_enabled (self, "connect", !connected);
  set_enabled (self, "disconnect", connected || trying);
}

static void
on_client_changed (gpointer instance, GParamSpec *pspec, gpointer user_data)
{
  update_actions (user_data);
}

/* For tests only (tests/chaos, tests/tray): VPOP3_TEST_BACKOFF_MS=INITIAL:MAX
 * sets the reconnect delays (2 s growing to 5 min) of the servers, so that
 * many drops fit into one run. */
static Vpop3ServerList *
new_server_list (GSettings *settings)
{
  const char *knob = g_getenv ("VPOP3_TEST_BACKOFF_MS");
  g_auto (GStrv) parts = NULL;
  guint64 initial = 0, max = 0;

  if (knob != NULL)
    {
      parts = g_strsplit (knob, ":", 2);
      if (g_strv_length (parts) != 2 ||
          !g_ascii_string_to_unsigned (parts[0], 10, 1, G_MAXUINT32, &initial, NULL) ||
          !g_ascii_string_to_unsigned (parts[1], 10, initial, G_MAXUINT32, &max, NULL))
        {
          g_warning ("VPOP3_TEST_BACKOFF_MS must be INITIAL:MAX in milliseconds, not “%s”", knob);
          initial = max = 0;
        }
    }
  return g_object_new (VPOP3_TYPE_SERVER_LIST, "settings", settings, "backoff-initial-ms",
                       (guint) initial, "backoff-max-ms", (guint) max, NULL);
}

/* GApplication ------------------------------------------------------------------------- */

static void
vpop3_application_startup (GApplication *application)
{
  Vpop3Application *self = VPOP3_APPLICATION (application);
  g_autoptr (GtkCssProvider) css = gtk_css_provider_new ();
  const char *icon_path = g_getenv ("VPOP3_ICON_THEME_PATH");

  G_APPLICATION_CLASS (vpop3_application_parent_class)->startup (application);

  gtk_css_provider_load_from_resource (css, "/io/github/vpop3monitor/Vpop3Monitor/style.css");
  gtk_style_context_add_provider_for_screen (gdk_screen_get_default (), GTK_STYLE_PROVIDER (css),
                                             GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  if (icon_path != NULL)
    gtk_icon_theme_append_search_path (gtk_icon_theme_get_default (), icon_path);
  gtk_window_set_default_icon_name (APP_ID);

  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new (APP_ID);
  self->servers = new_server_list (self->settings);
  self->server = g_list_model_get_item (G_LIST_MODEL (self->servers), 0);
  g_settings_bind (self->settings, "log-limit", current_status (self), "log-limit",
                   G_SETTINGS_BIND_GET);
  g_signal_connect (self->server, "attention", G_CALLBACK (on_server_attention), self);

  g_action_map_add_action_entries (G_ACTION_MAP (self), action_entries,
                                   G_N_ELEMENTS (action_entries), self);
  g_signal_connect (current_client (self), "notify::state", G_CALLBACK (on_client_changed), self);
  g_signal_connect (current_client (self), "notify::reconnecting", G_CALLBACK (on_client_changed),
                    self);
  g_signal_connect (current_status (self), "notify::permissions", G_CALLBACK (on_client_changed),
                    self);
  g_signal_connect (current_status (self), "notify::has-permissions",
                    G_CALLBACK (on_client_changed), self);
  g_signal_connect (self->settings, "changed::autostart", G_CALLBACK (on_autostart_setting_changed),
                    self);
  g_signal_connect (vpop3_server_get_settings (self->server), "changed::host",
                    G_CALLBACK (on_autostart_setting_changed), self);
  update_actions (self);

  self->tray = vpop3_tray_new (self->server, self->settings, G_ACTION_GROUP (self));
  self->notifier = vpop3_notifier_new (application, current_client (self), self->settings,
                                       VPOP3_NOTIFIER_DEFAULT_GRACE_MS);

  /* The tray keeps us running with no window open. */
  g_application_hold (application);
}

static void
vpop3_application_shutdown (GApplication *application)
{
  Vpop3Application *self = VPOP3_APPLICATION (application);

  g_cancellable_cancel (self->cancellable);
  if (self->server != NULL)
    vpop3_server_disconnect (self->server);

  G_APPLICATION_CLASS (vpop3_application_parent_class)->shutdown (application);
}

/* A port in decimal digits only, as vpop3ctl reads it. */
static gboolean
parse_port (const char *text, int *port)
{
  guint64 value = 0;

  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT16, &value, NULL))
    return FALSE;
  if (port != NULL)
    *port = (int) value;
  return TRUE;
}

/* Runs in the launching process, so a bad option ends that process with an
 * error even when it would otherwise become the long-running primary. */
static int
vpop3_application_handle_local_options (GApplication *application, GVariantDict *options)
{
  const char *port = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("vpop3-monitor %s\n", PACKAGE_VERSION);
      return 0;
    }
  if (g_variant_dict_lookup (options, "port", "&s", &port) && !parse_port (port, NULL))
    {
      g_printerr (_ ("Invalid port: %s (a decimal number from 1 to 65535)\n"), port);
      return 2;
    }
  return -1;
}

static int
vpop3_application_command_line (GApplication *application, GApplicationCommandLine *command_line)
{
  Vpop3Application *self = VPOP3_APPLICATION (application);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  gboolean first = !self->started;
  const char *host = NULL, *user = NULL, *port = NULL;
  int port_number = 0;

  g_variant_dict_lookup (options, "host", "&s", &host);
  /* Checked by vpop3_application_handle_local_options(). */
  if (g_variant_dict_lookup (options, "port", "&s", &port))
    parse_port (port, &port_number);
  g_variant_dict_lookup (options, "user", "&s", &user);
  /* The server forgets the password in memory if they name another server
   * or user: a refusal there would count towards a lock-out. */
  vpop3_server_set_overrides (self->server, host, (guint16) port_number, user);

  if (first)
    {
      self->started = TRUE;
      sync_autostart (self);
      vpop3_server_connect (self->server);
    }
  else if (host != NULL || port != NULL || user != NULL)
    vpop3_server_reconnect (self->server);

  if (g_variant_dict_contains (options, "preferences"))
    open_preferences (self, NULL);
  /* A second launch opens the status window, as the user surely wants to see it. */
  if (g_variant_dict_contains (options, "status") ||
      (!first && host == NULL && user == NULL && !g_variant_dict_contains (options, "preferences")))
    g_action_group_activate_action (G_ACTION_GROUP (self), "status", NULL);

  return 0;
}

static void
vpop3_application_dispose (GObject *object)
{
  Vpop3Application *self = VPOP3_APPLICATION (object);

  g_clear_object (&self->notifier);
  g_clear_object (&self->tray);
  if (self->server != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->server, self);
      g_signal_handlers_disconnect_by_data (vpop3_server_get_settings (self->server), self);
      g_signal_handlers_disconnect_by_data (current_client (self), self);
      g_signal_handlers_disconnect_by_data (current_status (self), self);
    }
  g_clear_object (&self->server);
  g_clear_object (&self->servers);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (vpop3_application_parent_class)->dispose (object);
}

static void
vpop3_application_class_init (Vpop3ApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = vpop3_application_dispose;
  application_class->startup = vpop3_application_startup;
  application_class->shutdown = vpop3_application_shutdown;
  application_class->command_line = vpop3_application_command_line;
  application_class->handle_local_options = vpop3_application_handle_local_options;
}

static void
vpop3_application_init (Vpop3Application *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_summary (
      G_APPLICATION (self), _ ("Shows the state of a VPOP3 mail server in the panel."));
}

Vpop3Application *
vpop3_application_new (void)
{
  return g_object_new (VPOP3_TYPE_APPLICATION, "application-id", APP_ID, "flags",
                       G_APPLICATION_HANDLES_COMMAND_LINE, NULL);
}

Vpop3Server *
vpop3_application_get_server (Vpop3Application *self)
{
  g_return_val_if_fail (VPOP3_IS_APPLICATION (self), NULL);
  return self->server;
}

GSettings *
vpop3_application_get_settings (Vpop3Application *self)
{
  g_return_val_if_fail (VPOP3_IS_APPLICATION (self), NULL);
  return self->settings;
}
