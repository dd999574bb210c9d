/* vpop3-application.c: the command line, the actions, and presenting the
 * windows, the tray and notifications, each given the Vpop3Server (or the
 * list of them) it shows.
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
  Vpop3HistoryKeeper *history_keeper;
  Vpop3ServerList *servers;
  GHashTable *watched; /* Vpop3Server → Vpop3Notifier: the servers we listen to */
  GHashTable *windows; /* "kind/server" → GtkWidget, while it lives */
  Vpop3Tray *tray;
  GCancellable *cancellable;
  guint backoff_initial_ms; /* 0: the client's default */
  guint backoff_max_ms;
  gboolean started;
};

G_DEFINE_FINAL_TYPE (Vpop3Application, vpop3_application, GTK_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "server", 's', 0, G_OPTION_ARG_STRING_ARRAY, NULL,
    N_ ("A VPOP3 server to monitor for this run, instead of the configured ones (repeatable)"),
    N_ ("[USER@]HOST[:PORT]") },
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

/* Servers ---------------------------------------------------------------------------------- */

/* What the actions without a server id act on: the first server. */
static Vpop3Server *
default_server (Vpop3Application *self)
{
  g_autoptr (Vpop3Server) server = g_list_model_get_item (G_LIST_MODEL (self->servers), 0);

  /* The list keeps its reference, and always holds one server at least. */
  return server;
}

static Vpop3Server *
server_by_id (Vpop3Application *self, const char *id)
{
  Vpop3Server *server = vpop3_server_list_find (self->servers, id);

  if (server == NULL)
    g_warning ("No server with the id “%s”", id);
  return server;
}

static Vpop3Notifier *
notifier_of (Vpop3Application *self, Vpop3Server *server)
{
  return g_hash_table_lookup (self->watched, server);
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

static char *
window_key (const char *kind, Vpop3Server *server)
{
  return g_strdup_printf ("%s/%p", kind, (void *) server);
}

static GtkWidget *
find_window (Vpop3Application *self, const char *kind, Vpop3Server *server)
{
  g_autofree char *key = window_key (kind, server);

  return g_hash_table_lookup (self->windows, key);
}

static void
on_window_destroyed (GtkWidget *window, gpointer user_data)
{
  Vpop3Application *self = user_data;
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->windows);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (value == window)
      g_hash_table_iter_remove (&iter);
}

/* Kept under "kind/server" while it lives, and in the application. */
static void
register_window (Vpop3Application *self, const char *kind, Vpop3Server *server, GtkWidget *window)
{
  g_hash_table_insert (self->windows, window_key (kind, server), window);
  g_signal_connect_object (window, "destroy", G_CALLBACK (on_window_destroyed), self, 0);
  gtk_window_set_application (GTK_WINDOW (window), GTK_APPLICATION (self));
}

/* One window of each kind per server: made by @create the first time, then
 * presented again. */
static GtkWidget *
present_for (Vpop3Application *self,
             const char *kind,
             Vpop3Server *server,
             GtkWidget *(*create) (Vpop3Application *, Vpop3Server *) )
{
  GtkWidget *window = find_window (self, kind, server);

  if (window == NULL)
    {
      window = create (self, server);
      register_window (self, kind, server, window);
    }
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

/* One status window for all servers: it switches between them. */
static GtkWidget *
create_status_window (Vpop3Application *self, Vpop3Server *server)
{
  return GTK_WIDGET (vpop3_status_window_new_for_servers (G_LIST_MODEL (self->servers), server,
                                                          self->settings, G_ACTION_GROUP (self)));
}

/* One Configure Status Monitor for all servers: it switches between them. */
static GtkWidget *
create_preferences_dialog (Vpop3Application *self, Vpop3Server *server)
{
  return GTK_WIDGET (
      vpop3_preferences_dialog_new_for_servers (self->servers, server, self->settings));
}

static GtkWidget *
create_messages_window (Vpop3Application *self, Vpop3Server *server)
{
  return GTK_WIDGET (vpop3_messages_window_new (server, G_ACTION_GROUP (self)));
}

static void
open_preferences (Vpop3Application *self, Vpop3Server *server, const char *error_message)
{
  GtkWidget *dialog = find_window (self, "preferences", NULL);

  if (dialog == NULL)
    {
      dialog = create_preferences_dialog (self, server);
      register_window (self, "preferences", NULL, dialog);
    }
  /* On that server, unless the user is in the middle of editing another:
   * then the message would name the wrong one. */
  if (vpop3_preferences_dialog_set_server (VPOP3_PREFERENCES_DIALOG (dialog), server) &&
      error_message != NULL)
    vpop3_preferences_dialog_show_error (VPOP3_PREFERENCES_DIALOG (dialog), error_message);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_password_entered (Vpop3PasswordDialog *dialog, const char *password, gpointer user_data)
{
  Vpop3Server *server = user_data;

  if (password != NULL)
    vpop3_server_use_password (server, password);
  gtk_widget_destroy (GTK_WIDGET (dialog));
}

static void
ask_for_password (Vpop3Application *self, Vpop3Server *server, const char *reason)
{
  g_autofree char *user = vpop3_server_dup_user (server);
  GtkWidget *dialog = find_window (self, "password", server);

  if (dialog == NULL)
    {
      dialog = GTK_WIDGET (
          vpop3_password_dialog_new (NULL, vpop3_server_get_host (server), user, reason));
      register_window (self, "password", server, dialog);
      g_signal_connect_object (dialog, "password-entered", G_CALLBACK (on_password_entered), server,
                               0);
    }
  gtk_window_present (GTK_WINDOW (dialog));
}

/* What a server cannot do without the user is shown here, never there. */
static void
on_server_attention (Vpop3Server *server,
                     Vpop3ServerNeed need,
                     const char *reason,
                     gpointer user_data)
{
  Vpop3Application *self = user_data;

  if (need == VPOP3_SERVER_NEEDS_PASSWORD)
    ask_for_password (self, server, reason);
  else
    open_preferences (self, server, reason);
}

static void
on_messages_visibility (GtkWidget *window, gpointer user_data)
{
  Vpop3Application *self = user_data;
  Vpop3Server *server = NULL;
  GHashTableIter iter;
  gpointer key;

  /* Which server's window: the one whose notifier is told. */
  g_hash_table_iter_init (&iter, self->watched);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (find_window (self, "messages", key) == window)
      server = key;
  if (server != NULL)
    vpop3_notifier_set_messages_visible (notifier_of (self, server),
                                         gtk_widget_get_visible (window));
}

/* Start at login ------------------------------------------------------------------------- */

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

/* Actions --------------------------------------------------------------------------------- */

static void
on_page_opened (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (Vpop3Application) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!vpop3_browser_open_finish (result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_error (self, _ ("Could not open the web browser"), error->message);
}

static void
open_page (Vpop3Application *self, char *uri)
{
  g_autofree char *owned = uri;

  vpop3_browser_open_async (active_window (self), owned, self->cancellable, on_page_opened,
                            g_object_ref (self));
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
              Vpop3Server *server,
              Vpop3CommandType type,
              const char *target,
              const char *text,
              const char *failure_title)
{
  CommandContext *context = g_new0 (CommandContext, 1);

  context->self = g_object_ref (self);
  context->type = type;
  context->what = g_strdup (failure_title);
  vpop3_client_send_command_async (vpop3_server_get_client (server), type, target, text,
                                   self->cancellable, on_command_reply, context);
}

/* What each server action does, for the server it is given. */
typedef void (*ServerActionFunc) (Vpop3Application *self, Vpop3Server *server, GVariant *parameter);

static void
do_webmail (Vpop3Application *self, Vpop3Server *server, GVariant *parameter)
{
  open_page (self, vpop3_browser_webmail_url (vpop3_server_get_settings (server),
                                              vpop3_server_get_host (server)));
}

static void
do_admin (Vpop3Application *self, Vpop3Server *server, GVariant *parameter)
{
  open_page (self, vpop3_browser_admin_url (vpop3_server_get_settings (server),
                                            vpop3_server_get_host (server)));
}

static void
do_status (Vpop3Application *self, Vpop3Server *server, GVariant *parameter)
{
  GtkWidget *window = find_window (self, "status", NULL);

  /* Opens on the server whose Status was used. */
  if (window != NULL)
    vpop3_status_window_set_server (VPOP3_STATUS_WINDOW (window), server);
  else
    {
      window = create_status_window (self, server);
      register_window (self, "status", NULL, window);
    }
  gtk_window_present (GTK_WINDOW (window));
}

static void
do_messages (Vpop3Application *self, Vpop3Server *server, GVariant *parameter)
{
  gboolean created = find_window (self, "messages", server) == NULL;
  GtkWidget *window = present_for (self, "messages", server, create_messages_window);

  if (created)
    {
      g_signal_connect_object (window, "show", G_CALLBACK (on_messages_visibility), self, 0);
      g_signal_connect_object (window, "hide", G_CALLBACK (on_messages_visibility), self, 0);
    }
  vpop3_notifier_set_messages_visible (notifier_of (self, server), TRUE);
}

static void
do_connect (Vpop3Application *self, Vpop3Server *server, GVariant *parameter)
{
  vpop3_server_connect (server);
}

static void
do_disconnect (Vpop3Application *self, Vpop3Server *server, GVariant *parameter)
{
  vpop3_server_disconnect (server);
}

static void
do_connect_now (Vpop3Application *self, Vpop3Server *server, GVariant *parameter)
{
  const char *name = g_variant_get_string (parameter, NULL);

  send_command (self, server, VPOP3_COMMAND_CONNECT, *name != '\0' ? name : NULL, NULL,
                _ ("VPOP3 did not start the connection"));
}

static void
do_end_session (Vpop3Application *self, Vpop3Server *server, GVariant *parameter)
{
  send_command (self, server, VPOP3_COMMAND_END_SESSION, g_variant_get_string (parameter, NULL),
                NULL, _ ("VPOP3 did not end the session"));
}

static void
do_send_message (Vpop3Application *self, Vpop3Server *server, GVariant *parameter)
{
  const char *to, *text;

  g_variant_get (parameter, "(&s&s)", &to, &text);
  /* What becomes of it shows in its conversation, with Send Again. */
  vpop3_server_send_message (server, to, text);
}

static void
on_shutdown_confirmed (GtkDialog *dialog, int response, gpointer user_data)
{
  Vpop3Application *self = VPOP3_APPLICATION (gtk_window_get_application (GTK_WINDOW (dialog)));
  g_autoptr (Vpop3Server) server = g_object_ref (user_data);

  gtk_widget_destroy (GTK_WIDGET (dialog));
  if (response == GTK_RESPONSE_ACCEPT && self != NULL)
    send_command (self, server, VPOP3_COMMAND_SHUTDOWN, NULL, NULL, _ ("VPOP3 did not shut down"));
}

static void
do_shutdown_server (Vpop3Application *self, Vpop3Server *server, GVariant *parameter)
{
  GtkWidget *dialog = gtk_message_dialog_new (
      active_window (self), GTK_DIALOG_DESTROY_WITH_PARENT, GTK_MESSAGE_WARNING, GTK_BUTTONS_NONE,
      _ ("Shut down the VPOP3 server on %s?"), vpop3_server_get_host (server));

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
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_shutdown_confirmed), server, 0);
  gtk_widget_show (dialog);
}

static void
do_preferences (Vpop3Application *self, Vpop3Server *server, GVariant *parameter)
{
  open_preferences (self, server, NULL);
}

/* Every action that acts on one server exists twice: NAME, on the first
 * server (the original's, with one server), and NAME-of, whose parameter
 * starts with the server's id: "s" alone, or "(s…)" around NAME's own. */
/* clang-format off */
static const struct
{
  const char *name;
  const char *parameter_type;
  ServerActionFunc func;
} server_actions[] = {
  { "webmail", NULL, do_webmail },
  { "admin", NULL, do_admin },
  { "messages", NULL, do_messages },
  { "status", NULL, do_status },
  { "connect-now", "s", do_connect_now },
  { "shutdown-server", NULL, do_shutdown_server },
  { "end-session", "s", do_end_session },
  { "send-message", "(ss)", do_send_message },
  { "connect", NULL, do_connect },
  { "disconnect", NULL, do_disconnect },
  { "preferences", NULL, do_preferences },
};
/* clang-format on */

static ServerActionFunc
server_action_func (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (server_actions); i++)
    if (g_str_equal (server_actions[i].name, name))
      return server_actions[i].func;
  g_assert_not_reached ();
}

static void
on_server_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  Vpop3Application *self = user_data;

  server_action_func (g_action_get_name (G_ACTION (action))) (self, default_server (self),
                                                              parameter);
}

static void
on_server_action_of (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  Vpop3Application *self = user_data;
  g_autofree char *name = g_strdup (g_action_get_name (G_ACTION (action)));
  g_autoptr (GVariant) inner = NULL;
  const char *id;
  Vpop3Server *server;

  *strrchr (name, '-') = '\0'; /* "status-of" → "status" */
  if (g_variant_is_of_type (parameter, G_VARIANT_TYPE_STRING))
    id = g_variant_get_string (parameter, NULL);
  else
    g_variant_get (parameter, "(&sv)", &id, &inner);
  for (guint i = 0; i < G_N_ELEMENTS (server_actions); i++)
    if (g_str_equal (server_actions[i].name, name) && inner != NULL &&
        !g_variant_is_of_type (inner, G_VARIANT_TYPE (server_actions[i].parameter_type)))
      {
        g_warning ("%s needs (s<%s>), not %s", g_action_get_name (G_ACTION (action)),
                   server_actions[i].parameter_type, g_variant_get_type_string (inner));
        return;
      }
  server = server_by_id (self, id);
  if (server != NULL)
    server_action_func (name) (self, server, inner);
}

static void
add_server_actions (Vpop3Application *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (server_actions); i++)
    {
      const char *type = server_actions[i].parameter_type;
      g_autofree char *name_of = g_strconcat (server_actions[i].name, "-of", NULL);
      g_autoptr (GSimpleAction) plain =
          g_simple_action_new (server_actions[i].name, type != NULL ? G_VARIANT_TYPE (type) : NULL);
      /* The parameter of NAME-of holds NAME's own as a variant: "(sv)". */
      g_autoptr (GSimpleAction) of = g_simple_action_new (
          name_of, type != NULL ? G_VARIANT_TYPE ("(sv)") : G_VARIANT_TYPE_STRING);

      g_signal_connect (plain, "activate", G_CALLBACK (on_server_action), self);
      g_signal_connect (of, "activate", G_CALLBACK (on_server_action_of), self);
      g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (plain));
      g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (of));
    }
}

static void
action_help (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  Vpop3Application *self = user_data;

  open_page (self, vpop3_browser_help_url (self->settings));
}

static void
on_history_closed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (Vpop3Application) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!vpop3_history_keeper_close_finish (VPOP3_HISTORY_KEEPER (source), result, &error))
    g_debug ("The message history did not close cleanly: %s", error->message);
  g_application_release (G_APPLICATION (self));
  g_application_quit (G_APPLICATION (self));
}

static void
action_quit (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  Vpop3Application *self = user_data;

  /* VPOP3 itself keeps running; only the monitor goes. */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->servers)); i++)
    {
      g_autoptr (Vpop3Server) server = g_list_model_get_item (G_LIST_MODEL (self->servers), i);

      vpop3_server_disconnect (server);
    }
  /* Whatever is on its way to the history gets there first. */
  g_application_hold (G_APPLICATION (self));
  vpop3_history_keeper_close_async (self->history_keeper, NULL, on_history_closed,
                                    g_object_ref (self));
}

static const GActionEntry global_actions[] = {
  { "help", action_help },
  { "quit", action_quit },
};

static void
set_enabled (Vpop3Application *self, const char *name, gboolean enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);

  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

/* The actions without a server id follow the first server: commands need a
 * login; those the server has said it forbids are off. NAME-of actions stay
 * enabled; the tray offers them by the same rules. */
static void
update_actions (Vpop3Application *self)
{
  Vpop3Server *server = default_server (self);
  Vpop3Client *client = vpop3_server_get_client (server);
  Vpop3Status *status = vpop3_server_get_status (server);
  Vpop3ClientState state = vpop3_client_get_state (client);
  gboolean connected = state == VPOP3_CLIENT_STATE_CONNECTED;
  gboolean trying = vpop3_client_is_trying (client);

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
on_server_changed (gpointer instance, GParamSpec *pspec, gpointer user_data)
{
  update_actions (user_data);
}

/* Watching the servers ------------------------------------------------------------------- */

static void
watch (Vpop3Application *self, Vpop3Server *server, gboolean several)
{
  Vpop3Notifier *notifier;

  g_settings_bind (self->settings, "log-limit", vpop3_server_get_status (server), "log-limit",
                   G_SETTINGS_BIND_GET);
  g_signal_connect (server, "attention", G_CALLBACK (on_server_attention), self);
  g_signal_connect (vpop3_server_get_settings (server), "changed::host",
                    G_CALLBACK (on_autostart_setting_changed), self);
  g_signal_connect (vpop3_server_get_client (server), "notify::state",
                    G_CALLBACK (on_server_changed), self);
  g_signal_connect (vpop3_server_get_client (server), "notify::reconnecting",
                    G_CALLBACK (on_server_changed), self);
  g_signal_connect (vpop3_server_get_status (server), "notify::permissions",
                    G_CALLBACK (on_server_changed), self);
  g_signal_connect (vpop3_server_get_status (server), "notify::has-permissions",
                    G_CALLBACK (on_server_changed), self);
  /* With several servers, each notification names its server and has an
   * id of its own per server and topic. */
  notifier = g_object_new (VPOP3_TYPE_NOTIFIER, "application", self, "client",
                           vpop3_server_get_client (server), "settings", self->settings, "grace-ms",
                           VPOP3_NOTIFIER_DEFAULT_GRACE_MS, "server", several ? server : NULL,
                           "conversations", vpop3_server_get_conversations (server), NULL);
  g_hash_table_insert (self->watched, g_object_ref (server), notifier);
}

static void
destroy_windows_of (Vpop3Application *self, Vpop3Server *server)
{
  static const char *const kinds[] = { "messages", "password" };
  GtkWidget *status = find_window (self, "status", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      GtkWidget *window = find_window (self, kinds[i], server);

      if (window != NULL)
        gtk_widget_destroy (window);
    }
  /* The status window shows another server then, or goes with the last. */
  if (status != NULL && vpop3_status_window_get_server (VPOP3_STATUS_WINDOW (status)) == server)
    {
      g_autoptr (Vpop3Server) first = g_list_model_get_item (G_LIST_MODEL (self->servers), 0);

      if (first != NULL && first != server)
        vpop3_status_window_set_server (VPOP3_STATUS_WINDOW (status), first);
      else
        gtk_widget_destroy (status);
    }
}

static void
unwatch (Vpop3Application *self, Vpop3Server *server)
{
  destroy_windows_of (self, server);
  g_settings_unbind (vpop3_server_get_status (server), "log-limit");
  g_signal_handlers_disconnect_by_data (server, self);
  g_signal_handlers_disconnect_by_data (vpop3_server_get_settings (server), self);
  g_signal_handlers_disconnect_by_data (vpop3_server_get_client (server), self);
  g_signal_handlers_disconnect_by_data (vpop3_server_get_status (server), self);
}

/* Listens to exactly the servers of the list, each with one notifier. */
static void
sync_watched (Vpop3Application *self)
{
  GListModel *servers = G_LIST_MODEL (self->servers);
  guint n = g_list_model_get_n_items (servers);
  g_autoptr (GPtrArray) gone = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->watched);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      gboolean kept = FALSE;

      for (guint i = 0; i < n && !kept; i++)
        {
          g_autoptr (Vpop3Server) server = g_list_model_get_item (servers, i);

          kept = server == key &&
                 (n > 1) == (vpop3_notifier_get_server (notifier_of (self, key)) != NULL);
        }
      if (!kept)
        g_ptr_array_add (gone, g_object_ref (key));
    }
  for (guint i = 0; i < gone->len; i++)
    {
      unwatch (self, g_ptr_array_index (gone, i));
      g_hash_table_remove (self->watched, g_ptr_array_index (gone, i));
    }
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (Vpop3Server) server = g_list_model_get_item (servers, i);

      if (!g_hash_table_contains (self->watched, server))
        watch (self, server, n > 1);
    }
  update_actions (self);
}

static void
on_servers_changed (
    GListModel *servers, guint position, guint removed, guint added, gpointer user_data)
{
  sync_watched (user_data);
}

/* Connects every server the user wants monitored. */
static void
connect_all (Vpop3Application *self)
{
  GListModel *servers = G_LIST_MODEL (self->servers);

  for (guint i = 0; i < g_list_model_get_n_items (servers); i++)
    {
      g_autoptr (Vpop3Server) server = g_list_model_get_item (servers, i);

      if (g_settings_get_boolean (vpop3_server_get_settings (server), "enabled"))
        vpop3_server_connect (server);
    }
}

/* GApplication ------------------------------------------------------------------------- */

static void
vpop3_application_startup (GApplication *application)
{
  Vpop3Application *self = VPOP3_APPLICATION (application);
  g_autoptr (GtkCssProvider) css = gtk_css_provider_new ();
  g_autoptr (Vpop3History) history = NULL;
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
  history = vpop3_history_new (NULL);
  self->history_keeper = vpop3_history_keeper_new (self->settings, history);
  self->servers = g_object_new (VPOP3_TYPE_SERVER_LIST, "settings", self->settings,
                                "backoff-initial-ms", self->backoff_initial_ms, "backoff-max-ms",
                                self->backoff_max_ms, "history-keeper", self->history_keeper, NULL);

  g_action_map_add_action_entries (G_ACTION_MAP (self), global_actions,
                                   G_N_ELEMENTS (global_actions), self);
  add_server_actions (self);
  g_signal_connect (self->settings, "changed::autostart", G_CALLBACK (on_autostart_setting_changed),
                    self);
  g_signal_connect (self->servers, "items-changed", G_CALLBACK (on_servers_changed), self);
  sync_watched (self);

  self->tray = vpop3_tray_new (G_LIST_MODEL (self->servers), self->settings, G_ACTION_GROUP (self));

  /* The tray keeps us running with no window open. */
  g_application_hold (application);
}

static void
vpop3_application_shutdown (GApplication *application)
{
  Vpop3Application *self = VPOP3_APPLICATION (application);

  g_cancellable_cancel (self->cancellable);
  if (self->servers != NULL)
    for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->servers)); i++)
      {
        g_autoptr (Vpop3Server) server = g_list_model_get_item (G_LIST_MODEL (self->servers), i);

        vpop3_server_disconnect (server);
      }

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
  g_autofree const char **specs = NULL;

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
  if (g_variant_dict_lookup (options, "server", "^a&s", &specs))
    {
      if (g_variant_dict_contains (options, "host") || port != NULL ||
          g_variant_dict_contains (options, "user"))
        {
          g_printerr (_ ("--server cannot be combined with --host, --port or --user\n"));
          return 2;
        }
      for (guint i = 0; specs[i] != NULL; i++)
        {
          g_autofree char *host = NULL, *user = NULL;
          guint16 server_port = 0;

          if (!vpop3_server_spec_parse (specs[i], &host, &server_port, &user))
            {
              g_printerr (_ ("Invalid server: %s (expected [USER@]HOST[:PORT])\n"), specs[i]);
              return 2;
            }
        }
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
  g_autofree const char **specs = NULL;
  int port_number = 0;
  gboolean changed;

  g_variant_dict_lookup (options, "host", "&s", &host);
  /* Checked by vpop3_application_handle_local_options(). */
  if (g_variant_dict_lookup (options, "port", "&s", &port))
    parse_port (port, &port_number);
  g_variant_dict_lookup (options, "user", "&s", &user);
  g_variant_dict_lookup (options, "server", "^a&s", &specs);
  changed = specs != NULL || host != NULL || port != NULL || user != NULL;

  if (specs != NULL)
    {
      g_autoptr (GError) error = NULL;

      /* Checked by vpop3_application_handle_local_options() too. */
      if (!vpop3_server_list_use_for_this_run (self->servers, specs, &error))
        {
          g_application_command_line_printerr (command_line, "%s\n", error->message);
          return 2;
        }
    }
  else
    /* The server forgets the password in memory if they name another server
     * or user: a refusal there would count towards a lock-out. */
    vpop3_server_set_overrides (default_server (self), host, (guint16) port_number, user);

  if (first)
    {
      self->started = TRUE;
      sync_autostart (self);
      connect_all (self);
    }
  else if (specs != NULL)
    connect_all (self);
  else if (changed)
    vpop3_server_reconnect (default_server (self));

  if (g_variant_dict_contains (options, "preferences"))
    open_preferences (self, default_server (self), NULL);
  /* A second launch opens the status window, as the user surely wants to see it. */
  if (g_variant_dict_contains (options, "status") ||
      (!first && !changed && !g_variant_dict_contains (options, "preferences")))
    g_action_group_activate_action (G_ACTION_GROUP (self), "status", NULL);

  return 0;
}

static void
vpop3_application_dispose (GObject *object)
{
  Vpop3Application *self = VPOP3_APPLICATION (object);

  g_clear_object (&self->tray);
  if (self->watched != NULL)
    {
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, self->watched);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        unwatch (self, key);
      g_clear_pointer (&self->watched, g_hash_table_unref);
    }
  if (self->servers != NULL)
    g_signal_handlers_disconnect_by_data (self->servers, self);
  g_clear_object (&self->servers);
  g_clear_object (&self->history_keeper);
  g_clear_pointer (&self->windows, g_hash_table_unref);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (vpop3_application_parent_class)->dispose (object);
}

enum
{
  PROP_0,
  PROP_BACKOFF_INITIAL_MS,
  PROP_BACKOFF_MAX_MS,
  N_PROPS
};

static void
vpop3_application_set_property (GObject *object,
                                guint prop_id,
                                const GValue *value,
                                GParamSpec *pspec)
{
  Vpop3Application *self = VPOP3_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_BACKOFF_INITIAL_MS:
      self->backoff_initial_ms = g_value_get_uint (value);
      break;
    case PROP_BACKOFF_MAX_MS:
      self->backoff_max_ms = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vpop3_application_class_init (Vpop3ApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);
  const GParamFlags flags = G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = vpop3_application_dispose;
  object_class->set_property = vpop3_application_set_property;
  /* Given to every server; 0 keeps the client's (2 s growing to 5 min).
   * Only tests set them (tests/common/vpop3-monitor-test.c). */
  g_object_class_install_property (
      object_class, PROP_BACKOFF_INITIAL_MS,
      g_param_spec_uint ("backoff-initial-ms", NULL, NULL, 0, G_MAXUINT, 0, flags));
  g_object_class_install_property (
      object_class, PROP_BACKOFF_MAX_MS,
      g_param_spec_uint ("backoff-max-ms", NULL, NULL, 0, G_MAXUINT, 0, flags));
  application_class->startup = vpop3_application_startup;
  application_class->shutdown = vpop3_application_shutdown;
  application_class->command_line = vpop3_application_command_line;
  application_class->handle_local_options = vpop3_application_handle_local_options;
}

static void
vpop3_application_init (Vpop3Application *self)
{
  self->watched =
      g_hash_table_new_full (g_direct_hash, g_direct_equal, g_object_unref, g_object_unref);
  self->windows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_summary (
      G_APPLICATION (self), _ ("Shows the state of VPOP3 mail servers in the panel."));
}

Vpop3Application *
vpop3_application_new (void)
{
  return g_object_new (VPOP3_TYPE_APPLICATION, "application-id", APP_ID, "flags",
                       G_APPLICATION_HANDLES_COMMAND_LINE, NULL);
}

Vpop3ServerList *
vpop3_application_get_servers (Vpop3Application *self)
{
  g_return_val_if_fail (VPOP3_IS_APPLICATION (self), NULL);
  return self->servers;
}

Vpop3Server *
vpop3_application_get_server (Vpop3Application *self)
{
  g_return_val_if_fail (VPOP3_IS_APPLICATION (self), NULL);
  return default_server (self);
}

GSettings *
vpop3_application_get_settings (Vpop3Application *self)
{
  g_return_val_if_fail (VPOP3_IS_APPLICATION (self), NULL);
  return self->settings;
}
