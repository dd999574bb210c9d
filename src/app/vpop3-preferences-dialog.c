/* vpop3-preferences-dialog.c: the server settings are bound to a delayed
 * GSettings and applied on Save, so that a half-typed host name never
 * starts a connection; the password goes to the keyring on Save, and stays
 * in memory for this session when there is no keyring.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vpop3-preferences-dialog.h"
#include "vpop3-ui-util.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vpop3-browser.h"
#include "vpop3-login-test.h"

struct _Vpop3PreferencesDialog
{
  GtkDialog parent_instance;

  Vpop3Server *server;      /* the one the Server page edits */
  Vpop3ServerList *servers; /* the monitored ones, for Add, Remove and the switcher; may be NULL */
  gboolean filling_servers; /* rebuilding server_combo: not the user's choice */
  GSettings *app_settings;  /* desktop-wide: start at login, icons, notifications */
  GSettings *settings;      /* the server's, delayed: applied on Save */
  GSettings *app_delayed;   /* the desktop-wide Help address, applied on Save too */
  GCancellable *cancellable;
  gboolean disposed;

  GtkWidget *servers_box;
  GtkComboBoxText *server_combo;
  GtkWidget *add_server_button;
  GtkWidget *remove_server_button;
  GtkStack *stack;
  GtkInfoBar *banner;
  GtkLabel *banner_label;
  GtkEntry *host_entry;
  GtkSpinButton *port_spin;
  GtkEntry *user_entry;
  GtkComboBoxText *method_combo;
  GtkWidget *plain_warning;
  GtkLabel *password_label;
  GtkEntry *password_entry;
  GtkButton *show_password_check;
  GtkWidget *test_button;
  GtkSpinner *test_spinner;
  GtkLabel *test_label;
  GtkEntry *webmail_entry;
  GtkEntry *admin_entry;
  GtkEntry *help_entry;
  GtkWidget *autostart_switch;
  GtkWidget *symbolic_switch;
  GtkWidget *notify_connection_switch;
  GtkWidget *notify_login_switch;
  GtkWidget *notify_poll_switch;
  GtkWidget *notify_messages_switch;
  GtkWidget *history_group;
  GtkWidget *keep_history_switch;
  GtkWidget *history_retention_combo;
  GtkWidget *clear_history_button;
  GtkButton *cancel_button;
  GtkWidget *save_button;
};

G_DEFINE_FINAL_TYPE (Vpop3PreferencesDialog, vpop3_preferences_dialog, GTK_TYPE_DIALOG)

static void
show_banner (Vpop3PreferencesDialog *self, GtkMessageType type, const char *message)
{
  gtk_info_bar_set_message_type (self->banner, type);
  gtk_label_set_text (self->banner_label, message);
  gtk_widget_show (GTK_WIDGET (self->banner));
}

void
vpop3_preferences_dialog_show_error (Vpop3PreferencesDialog *self, const char *message)
{
  g_return_if_fail (VPOP3_IS_PREFERENCES_DIALOG (self));
  g_return_if_fail (message != NULL);

  show_banner (self, GTK_MESSAGE_ERROR, message);
}

static void
on_banner_response (Vpop3PreferencesDialog *self, int response)
{
  gtk_widget_hide (GTK_WIDGET (self->banner));
}

/* A result shown for other values would mislead. */
static void
clear_test_result (Vpop3PreferencesDialog *self)
{
  if (gtk_widget_get_sensitive (self->test_button))
    gtk_widget_hide (GTK_WIDGET (self->test_label));
}

/* The web pages default to the VPOP3 web server on the address being typed. */
static void
on_host_changed (Vpop3PreferencesDialog *self)
{
  g_autofree char *host = g_strstrip (g_strdup (gtk_entry_get_text (self->host_entry)));
  g_autofree char *webmail = vpop3_browser_default_webmail_url (host);
  g_autofree char *admin = vpop3_browser_default_admin_url (host);

  gtk_entry_set_placeholder_text (self->webmail_entry, webmail);
  gtk_entry_set_placeholder_text (self->admin_entry, admin);
  clear_test_result (self);
}

static Vpop3AuthMethod
chosen_method (Vpop3PreferencesDialog *self)
{
  const char *id = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->method_combo));
  Vpop3AuthMethod method = VPOP3_AUTH_ALOGIN;

  if (id != NULL)
    vpop3_auth_method_from_string (id, &method);
  return method;
}

static void
on_method_changed (Vpop3PreferencesDialog *self)
{
  Vpop3AuthMethod method = chosen_method (self);

  gtk_widget_set_visible (self->plain_warning, method == VPOP3_AUTH_LOGIN);
  gtk_label_set_text_with_mnemonic (self->password_label, method == VPOP3_AUTH_APILOGIN
                                                              ? _ ("WebAPI _Key")
                                                              : _ ("VPOP3 Pass_word"));
  gtk_button_set_label (self->show_password_check,
                        method == VPOP3_AUTH_APILOGIN ? _ ("Sh_ow key") : _ ("Sh_ow password"));
  clear_test_result (self);
}

/* Test Connection -------------------------------------------------------------------- */

static char *
entry_text_stripped (GtkEntry *entry)
{
  return g_strstrip (g_strdup (gtk_entry_get_text (entry)));
}

static void
show_test_result (Vpop3PreferencesDialog *self, const char *text, gboolean failed)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self->test_label));

  gtk_spinner_stop (self->test_spinner);
  gtk_widget_hide (GTK_WIDGET (self->test_spinner));
  gtk_widget_set_sensitive (self->test_button, TRUE);
  gtk_label_set_text (self->test_label, text);
  gtk_widget_show (GTK_WIDGET (self->test_label));
  if (failed)
    gtk_style_context_add_class (context, "vpop3-error");
  else
    gtk_style_context_remove_class (context, "vpop3-error");
}

static void
on_test_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (Vpop3PreferencesDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  int build = -1;

  if (!vpop3_login_test_finish (result, &build, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && !self->disposed)
        show_test_result (self, error->message, TRUE);
      return;
    }
  if (self->disposed)
    return;
  text = build >= 0 ? g_strdup_printf (_ ("Connected: VPOP3 build %d"), build)
                    : g_strdup (_ ("Connected"));
  show_test_result (self, text, FALSE);
}

static void
on_test_clicked (Vpop3PreferencesDialog *self)
{
  g_autofree char *host = entry_text_stripped (self->host_entry);
  g_autofree char *user = entry_text_stripped (self->user_entry);

  if (*host == '\0' || *user == '\0')
    {
      show_test_result (self, _ ("Enter the server address and the user name first."), TRUE);
      return;
    }

  gtk_widget_set_sensitive (self->test_button, FALSE);
  gtk_widget_show (GTK_WIDGET (self->test_spinner));
  gtk_spinner_start (self->test_spinner);
  gtk_label_set_text (self->test_label, _ ("Connecting…"));
  gtk_widget_show (GTK_WIDGET (self->test_label));
  gtk_style_context_remove_class (gtk_widget_get_style_context (GTK_WIDGET (self->test_label)),
                                  "vpop3-error");
  vpop3_login_test_async (host, (guint16) gtk_spin_button_get_value_as_int (self->port_spin),
                          chosen_method (self), user, gtk_entry_get_text (self->password_entry),
                          self->cancellable, on_test_done, g_object_ref (self));
}

/* Save ------------------------------------------------------------------------------------ */

static void
on_password_saved (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (Vpop3PreferencesDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *message = NULL;

  /* Stored or not, the server uses it from now on. */
  if (vpop3_server_save_password_finish (VPOP3_SERVER (source), result, &error) || self->disposed)
    {
      if (!self->disposed)
        gtk_widget_destroy (GTK_WIDGET (self));
      return;
    }

  /* No Secret Service, or a locked keyring the user would not open. */
  message = g_strdup_printf ("%s\n%s",
                             _ ("No keyring is available: the password will be kept until you "
                                "log out."),
                             error->message);
  show_banner (self, GTK_MESSAGE_WARNING, message);
  gtk_widget_set_sensitive (self->save_button, TRUE);
  gtk_button_set_label (self->cancel_button, _ ("_Close"));
}

/* The login identity the keyring item is filed under. */
typedef struct
{
  char *host;
  char *user;
  guint16 port;
  int method;
} Identity;

static void
identity_read (Identity *identity, GSettings *settings)
{
  identity->host = g_settings_get_string (settings, "host");
  identity->user = g_settings_get_string (settings, "user");
  g_settings_get (settings, "port", "q", &identity->port);
  identity->method = g_settings_get_enum (settings, "auth-method");
}

static gboolean
identity_equal (const Identity *a, const Identity *b)
{
  return g_str_equal (a->host, b->host) && g_str_equal (a->user, b->user) && a->port == b->port &&
         a->method == b->method;
}

static void
identity_clear (Identity *identity)
{
  g_free (identity->host);
  g_free (identity->user);
}

static void
save (Vpop3PreferencesDialog *self)
{
  GSettings *server_settings = vpop3_server_get_settings (self->server);
  g_autofree char *host = entry_text_stripped (self->host_entry);
  g_autofree char *user = entry_text_stripped (self->user_entry);
  const char *password = gtk_entry_get_text (self->password_entry);
  const char *current = vpop3_server_get_password (self->server);
  Identity before, after;
  gboolean changed;

  /* Stray blanks would make a different server or user. */
  gtk_entry_set_text (self->host_entry, host);
  gtk_entry_set_text (self->user_entry, user);
  gtk_spin_button_update (self->port_spin);

  identity_read (&before, server_settings);
  g_settings_apply (self->settings);
  g_settings_apply (self->app_delayed);
  identity_read (&after, server_settings);
  changed = !identity_equal (&before, &after) || g_strcmp0 (password, current ? current : "") != 0;
  identity_clear (&before);
  identity_clear (&after);

  if (*password != '\0' && changed)
    {
      gtk_widget_set_sensitive (self->save_button, FALSE);
      vpop3_server_save_password_async (self->server, password, NULL, on_password_saved,
                                        g_object_ref (self));
      return;
    }

  if (*password == '\0' && current != NULL)
    vpop3_server_forget_password (self->server);
  /* Saving while not logged in is also how the user retries. */
  else if (changed || vpop3_client_get_state (vpop3_server_get_client (self->server)) !=
                          VPOP3_CLIENT_STATE_CONNECTED)
    vpop3_server_reconnect (self->server);
  gtk_widget_destroy (GTK_WIDGET (self));
}

static void
vpop3_preferences_dialog_response (GtkDialog *dialog, int response)
{
  Vpop3PreferencesDialog *self = VPOP3_PREFERENCES_DIALOG (dialog);

  if (response == GTK_RESPONSE_ACCEPT)
    {
      save (self);
      return;
    }
  g_settings_revert (self->settings);
  g_settings_revert (self->app_delayed);
  gtk_widget_destroy (GTK_WIDGET (self));
}

/* Message history ------------------------------------------------------------------------ */

/* Where the monitor keeps instant messages, or NULL when it keeps none. */
static Vpop3HistoryKeeper *
history_keeper (Vpop3PreferencesDialog *self)
{
  return self->servers != NULL ? vpop3_server_list_get_history_keeper (self->servers) : NULL;
}

static void
on_history_cleared (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (Vpop3PreferencesDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *message = NULL;

  if (vpop3_history_keeper_clear_finish (VPOP3_HISTORY_KEEPER (source), result, &error) ||
      self->disposed)
    return;
  message =
      g_strdup_printf ("%s\n%s", _ ("The message history could not be cleared."), error->message);
  show_banner (self, GTK_MESSAGE_ERROR, message);
}

/* Deletes the history of one server, or of all when @host is NULL. Not
 * cancelled with the dialog: the user asked for it, closing does not undo. */
static void
clear_history (Vpop3PreferencesDialog *self, const char *host, guint16 port, const char *user)
{
  vpop3_history_keeper_clear_async (history_keeper (self), host, port, user, NULL,
                                    on_history_cleared, g_object_ref (self));
}

static void
on_clear_history_confirmed (GtkDialog *confirmation, int response, gpointer user_data)
{
  Vpop3PreferencesDialog *self = user_data;

  gtk_widget_destroy (GTK_WIDGET (confirmation));
  if (response == GTK_RESPONSE_ACCEPT && history_keeper (self) != NULL)
    clear_history (self, NULL, 0, NULL);
}

static void
on_clear_history (Vpop3PreferencesDialog *self)
{
  GtkWidget *confirmation = gtk_message_dialog_new (
      GTK_WINDOW (self), GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT, GTK_MESSAGE_QUESTION,
      GTK_BUTTONS_NONE, "%s", _ ("Clear the message history?"));

  gtk_message_dialog_format_secondary_text (
      GTK_MESSAGE_DIALOG (confirmation), "%s",
      _ ("Every instant message kept on this computer, from every server, is deleted. This "
         "cannot be undone."));
  gtk_dialog_add_buttons (GTK_DIALOG (confirmation), _ ("_Cancel"), GTK_RESPONSE_CANCEL,
                          _ ("_Clear History"), GTK_RESPONSE_ACCEPT, NULL);
  gtk_style_context_add_class (gtk_widget_get_style_context (gtk_dialog_get_widget_for_response (
                                   GTK_DIALOG (confirmation), GTK_RESPONSE_ACCEPT)),
                               "destructive-action");
  gtk_dialog_set_default_response (GTK_DIALOG (confirmation), GTK_RESPONSE_CANCEL);
  g_signal_connect_object (confirmation, "response", G_CALLBACK (on_clear_history_confirmed), self,
                           0);
  gtk_widget_show (confirmation);
}

/* Several servers ------------------------------------------------------------------------ */

static GSettings *new_delayed_settings (GSettings *settings);

/* The switcher, Add and Remove wait while the page has unsaved changes:
 * they are the user's, and only Save or Cancel decides about them. */
static void
update_server_controls (Vpop3PreferencesDialog *self)
{
  gboolean unsaved = g_settings_get_has_unapplied (self->settings);
  guint n = self->servers != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->servers)) : 0;
  const char *why = unsaved ? _ ("Save or cancel the changes to this server first") : NULL;

  gtk_widget_set_visible (self->servers_box,
                          self->servers != NULL &&
                              !vpop3_server_list_is_for_this_run (self->servers));
  gtk_widget_set_visible (GTK_WIDGET (self->server_combo), n > 1);
  gtk_widget_set_sensitive (GTK_WIDGET (self->server_combo), !unsaved);
  gtk_widget_set_sensitive (self->add_server_button, !unsaved);
  gtk_widget_set_sensitive (self->remove_server_button, !unsaved && n > 1);
  if (why != NULL)
    {
      gtk_widget_set_tooltip_text (self->add_server_button, why);
      gtk_widget_set_tooltip_text (self->remove_server_button, why);
    }
  else
    {
      gtk_widget_set_tooltip_text (self->add_server_button, _ ("Add a server to monitor"));
      gtk_widget_set_tooltip_text (self->remove_server_button, _ ("Stop monitoring this server"));
    }
}

static void
fill_servers (Vpop3PreferencesDialog *self)
{
  guint n = self->servers != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->servers)) : 0;

  self->filling_servers = TRUE;
  gtk_combo_box_text_remove_all (self->server_combo);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (Vpop3Server) server = g_list_model_get_item (G_LIST_MODEL (self->servers), i);
      g_autofree char *name = vpop3_server_dup_name (server);

      gtk_combo_box_text_append (self->server_combo, vpop3_server_get_id (server), name);
    }
  gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->server_combo),
                               vpop3_server_get_id (self->server));
  self->filling_servers = FALSE;
  update_server_controls (self);
}

static void
on_unapplied_changed (Vpop3PreferencesDialog *self)
{
  update_server_controls (self);
}

/* The Server page edits @server from now on. */
static void
bind_server_settings (Vpop3PreferencesDialog *self, Vpop3Server *server)
{
  const char *password;

  g_set_object (&self->server, server);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  self->settings = new_delayed_settings (vpop3_server_get_settings (server));
  g_signal_connect_swapped (self->settings, "notify::has-unapplied",
                            G_CALLBACK (on_unapplied_changed), self);

  /* A new binding of a property replaces the one before. */
  g_settings_bind (self->settings, "host", self->host_entry, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "port", self->port_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "user", self->user_entry, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "auth-method", self->method_combo, "active-id",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "webmail-url", self->webmail_entry, "text",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "admin-url", self->admin_entry, "text", G_SETTINGS_BIND_DEFAULT);

  password = vpop3_server_get_password (server);
  gtk_entry_set_text (self->password_entry, password != NULL ? password : "");
  gtk_widget_hide (GTK_WIDGET (self->banner));
  gtk_widget_hide (GTK_WIDGET (self->test_label));
  on_host_changed (self);
  on_method_changed (self);
  fill_servers (self);
}

gboolean
vpop3_preferences_dialog_set_server (Vpop3PreferencesDialog *self, Vpop3Server *server)
{
  g_return_val_if_fail (VPOP3_IS_PREFERENCES_DIALOG (self), FALSE);
  g_return_val_if_fail (VPOP3_IS_SERVER (server), FALSE);

  if (server == self->server)
    return TRUE;
  if (g_settings_get_has_unapplied (self->settings))
    return FALSE;
  bind_server_settings (self, server);
  return TRUE;
}

Vpop3Server *
vpop3_preferences_dialog_get_server (Vpop3PreferencesDialog *self)
{
  g_return_val_if_fail (VPOP3_IS_PREFERENCES_DIALOG (self), NULL);

  return self->server;
}

static void
on_server_chosen (Vpop3PreferencesDialog *self)
{
  const char *id = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->server_combo));
  Vpop3Server *server;

  if (self->filling_servers || id == NULL || self->servers == NULL)
    return;
  server = vpop3_server_list_find (self->servers, id);
  if (server != NULL && !vpop3_preferences_dialog_set_server (self, server))
    fill_servers (self); /* back to the one still being edited */
}

static void
on_add_server (Vpop3PreferencesDialog *self)
{
  Vpop3Server *server = vpop3_server_list_add (self->servers);

  bind_server_settings (self, server);
  gtk_widget_grab_focus (GTK_WIDGET (self->host_entry));
}

static void
on_remove_confirmed (GtkDialog *confirmation, int response, gpointer user_data)
{
  Vpop3PreferencesDialog *self = user_data;
  g_autoptr (Vpop3Server) removed = g_object_ref (self->server);
  g_autoptr (Vpop3Server) first = NULL;
  GtkToggleButton *keep_check = g_object_get_data (G_OBJECT (confirmation), "keep-history-check");
  gboolean clear = keep_check != NULL && !gtk_toggle_button_get_active (keep_check);
  Identity identity = { NULL };

  gtk_widget_destroy (GTK_WIDGET (confirmation));
  if (response != GTK_RESPONSE_ACCEPT)
    return;
  /* Removing resets the server's settings: its identity is read first. */
  identity_read (&identity, vpop3_server_get_settings (removed));
  vpop3_server_list_remove (self->servers, removed);
  first = g_list_model_get_item (G_LIST_MODEL (self->servers), 0);
  bind_server_settings (self, first);
  if (clear)
    clear_history (self, identity.host, identity.port, identity.user);
  identity_clear (&identity);
}

/* Whether another server of the list logs in as @server does: the history
 * is filed under host, port and user, so theirs is one and the same. */
static gboolean
history_shared (Vpop3PreferencesDialog *self, Vpop3Server *server)
{
  GListModel *servers = G_LIST_MODEL (self->servers);
  Identity mine = { NULL };
  gboolean shared = FALSE;

  identity_read (&mine, vpop3_server_get_settings (server));
  for (guint i = 0; !shared && i < g_list_model_get_n_items (servers); i++)
    {
      g_autoptr (Vpop3Server) other = g_list_model_get_item (servers, i);
      Identity theirs = { NULL };

      if (other == server)
        continue;
      identity_read (&theirs, vpop3_server_get_settings (other));
      shared = g_str_equal (mine.host, theirs.host) && mine.port == theirs.port &&
               g_str_equal (mine.user, theirs.user);
      identity_clear (&theirs);
    }
  identity_clear (&mine);
  return shared;
}

static void
on_remove_server (Vpop3PreferencesDialog *self)
{
  g_autofree char *name = vpop3_server_dup_name (self->server);
  GtkWidget *confirmation = gtk_message_dialog_new (
      GTK_WINDOW (self), GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT, GTK_MESSAGE_QUESTION,
      GTK_BUTTONS_NONE, _ ("Stop monitoring %s?"), name);

  gtk_message_dialog_format_secondary_text (
      GTK_MESSAGE_DIALOG (confirmation),
      _ ("Its settings are removed. Its password stays in the keyring, where vpop3ctl can still "
         "use it."));
  gtk_dialog_add_buttons (GTK_DIALOG (confirmation), _ ("_Cancel"), GTK_RESPONSE_CANCEL,
                          _ ("_Remove"), GTK_RESPONSE_ACCEPT, NULL);
  gtk_style_context_add_class (gtk_widget_get_style_context (gtk_dialog_get_widget_for_response (
                                   GTK_DIALOG (confirmation), GTK_RESPONSE_ACCEPT)),
                               "destructive-action");
  gtk_dialog_set_default_response (GTK_DIALOG (confirmation), GTK_RESPONSE_CANCEL);
  if (history_keeper (self) != NULL && !history_shared (self, self->server))
    {
      GtkWidget *keep_check = gtk_check_button_new_with_mnemonic (_ ("_Keep its message history"));

      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (keep_check), TRUE);
      gtk_widget_show (keep_check);
      gtk_container_add (
          GTK_CONTAINER (gtk_message_dialog_get_message_area (GTK_MESSAGE_DIALOG (confirmation))),
          keep_check);
      g_object_set_data (G_OBJECT (confirmation), "keep-history-check", keep_check);
    }
  g_signal_connect_object (confirmation, "response", G_CALLBACK (on_remove_confirmed), self, 0);
  gtk_widget_show (confirmation);
}

/* Construction ----------------------------------------------------------------------------- */

static void
vpop3_preferences_dialog_dispose (GObject *object)
{
  Vpop3PreferencesDialog *self = VPOP3_PREFERENCES_DIALOG (object);

  /* A keyring write still under way keeps a reference and finishes the job. */
  self->disposed = TRUE;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  if (self->servers != NULL)
    g_signal_handlers_disconnect_by_data (self->servers, self);
  g_clear_object (&self->settings);
  g_clear_object (&self->app_delayed);

  G_OBJECT_CLASS (vpop3_preferences_dialog_parent_class)->dispose (object);
}

static void
vpop3_preferences_dialog_finalize (GObject *object)
{
  Vpop3PreferencesDialog *self = VPOP3_PREFERENCES_DIALOG (object);

  g_clear_object (&self->server);
  g_clear_object (&self->servers);
  g_clear_object (&self->app_settings);

  G_OBJECT_CLASS (vpop3_preferences_dialog_parent_class)->finalize (object);
}

enum
{
  PROP_0,
  PROP_SERVER,
  PROP_SERVERS,
  PROP_SETTINGS,
  N_PROPS
};

static void
vpop3_preferences_dialog_set_property (GObject *object,
                                       guint prop_id,
                                       const GValue *value,
                                       GParamSpec *pspec)
{
  Vpop3PreferencesDialog *self = VPOP3_PREFERENCES_DIALOG (object);

  switch (prop_id)
    {
    case PROP_SERVER:
      self->server = g_value_dup_object (value);
      break;
    case PROP_SERVERS:
      self->servers = g_value_dup_object (value);
      break;
    case PROP_SETTINGS:
      self->app_settings = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void vpop3_preferences_dialog_constructed (GObject *object);

static void
vpop3_preferences_dialog_class_init (Vpop3PreferencesDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkDialogClass *dialog_class = GTK_DIALOG_CLASS (klass);

  object_class->constructed = vpop3_preferences_dialog_constructed;
  object_class->set_property = vpop3_preferences_dialog_set_property;
  object_class->dispose = vpop3_preferences_dialog_dispose;
  object_class->finalize = vpop3_preferences_dialog_finalize;

  g_object_class_install_property (
      object_class, PROP_SERVER,
      g_param_spec_object ("server", NULL, NULL, VPOP3_TYPE_SERVER,
                           G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (
      object_class, PROP_SERVERS,
      g_param_spec_object ("servers", NULL, NULL, VPOP3_TYPE_SERVER_LIST,
                           G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (
      object_class, PROP_SETTINGS,
      g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                           G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  dialog_class->response = vpop3_preferences_dialog_response;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/vpop3monitor/Vpop3Monitor/"
                                                             "vpop3-preferences-dialog.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, Vpop3PreferencesDialog, name)
  BIND (servers_box);
  BIND (server_combo);
  BIND (add_server_button);
  BIND (remove_server_button);
  BIND (stack);
  BIND (banner);
  BIND (banner_label);
  BIND (host_entry);
  BIND (port_spin);
  BIND (user_entry);
  BIND (method_combo);
  BIND (plain_warning);
  BIND (password_label);
  BIND (password_entry);
  BIND (show_password_check);
  BIND (test_button);
  BIND (test_spinner);
  BIND (test_label);
  BIND (webmail_entry);
  BIND (admin_entry);
  BIND (help_entry);
  BIND (autostart_switch);
  BIND (symbolic_switch);
  BIND (notify_connection_switch);
  BIND (notify_login_switch);
  BIND (notify_poll_switch);
  BIND (notify_messages_switch);
  BIND (history_group);
  BIND (keep_history_switch);
  BIND (history_retention_combo);
  BIND (clear_history_button);
  BIND (cancel_button);
  BIND (save_button);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, on_banner_response);
  gtk_widget_class_bind_template_callback (widget_class, on_server_chosen);
  gtk_widget_class_bind_template_callback (widget_class, on_add_server);
  gtk_widget_class_bind_template_callback (widget_class, on_remove_server);
  gtk_widget_class_bind_template_callback (widget_class, on_clear_history);
  gtk_widget_class_bind_template_callback (widget_class, on_host_changed);
  gtk_widget_class_bind_template_callback (widget_class, clear_test_result);
  gtk_widget_class_bind_template_callback (widget_class, on_method_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_test_clicked);
}

static void
vpop3_preferences_dialog_init (Vpop3PreferencesDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

/* A second GSettings on the same schema, backend and path, so that delaying
 * it leaves the application's own object live. */
static GSettings *
new_delayed_settings (GSettings *settings)
{
  g_autoptr (GSettingsSchema) schema = NULL;
  g_autoptr (GSettingsBackend) backend = NULL;
  g_autofree char *path = NULL;
  GSettings *delayed;

  g_object_get (settings, "settings-schema", &schema, "backend", &backend, "path", &path, NULL);
  delayed = g_settings_new_full (schema, backend, path);
  g_settings_delay (delayed);
  return delayed;
}

static void
vpop3_preferences_dialog_constructed (GObject *object)
{
  static const struct
  {
    const char *key;
    gsize offset;
  } switches[] = {
    { "autostart", G_STRUCT_OFFSET (Vpop3PreferencesDialog, autostart_switch) },
    { "symbolic-icons", G_STRUCT_OFFSET (Vpop3PreferencesDialog, symbolic_switch) },
    { "notify-connection", G_STRUCT_OFFSET (Vpop3PreferencesDialog, notify_connection_switch) },
    { "notify-login", G_STRUCT_OFFSET (Vpop3PreferencesDialog, notify_login_switch) },
    { "notify-poll", G_STRUCT_OFFSET (Vpop3PreferencesDialog, notify_poll_switch) },
    { "notify-messages", G_STRUCT_OFFSET (Vpop3PreferencesDialog, notify_messages_switch) },
  };
  Vpop3PreferencesDialog *self = VPOP3_PREFERENCES_DIALOG (object);
  g_autoptr (Vpop3Server) server = NULL;

  G_OBJECT_CLASS (vpop3_preferences_dialog_parent_class)->constructed (object);

  g_assert (self->server != NULL && self->app_settings != NULL);
  self->app_delayed = new_delayed_settings (self->app_settings);
  if (self->servers != NULL)
    g_signal_connect_swapped (self->servers, "items-changed", G_CALLBACK (fill_servers), self);
  server = g_steal_pointer (&self->server);
  bind_server_settings (self, server);
  g_settings_bind (self->app_delayed, "help-url", self->help_entry, "text",
                   G_SETTINGS_BIND_DEFAULT);
  for (gsize i = 0; i < G_N_ELEMENTS (switches); i++)
    g_settings_bind (self->app_settings, switches[i].key,
                     G_STRUCT_MEMBER (GtkWidget *, self, switches[i].offset), "active",
                     G_SETTINGS_BIND_DEFAULT);

  /* Like the other switches, these apply at once. The combo's sensitivity
   * follows the switch, not the setting's writability. */
  gtk_widget_set_visible (self->history_group, history_keeper (self) != NULL);
  g_settings_bind (self->app_settings, "keep-history", self->keep_history_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->app_settings, "history-retention", self->history_retention_combo,
                   "active-id", G_SETTINGS_BIND_DEFAULT | G_SETTINGS_BIND_NO_SENSITIVITY);
  g_object_bind_property (self->keep_history_switch, "active", self->history_retention_combo,
                          "sensitive", G_BINDING_SYNC_CREATE);

  gtk_entry_set_placeholder_text (self->help_entry, VPOP3_DEFAULT_HELP_URL);
  gtk_dialog_set_default_response (GTK_DIALOG (self), GTK_RESPONSE_ACCEPT);
  /* Not a selectable label of the banner, which would start all selected. */
  gtk_widget_grab_focus (GTK_WIDGET (self->host_entry));
}

Vpop3PreferencesDialog *
vpop3_preferences_dialog_new (Vpop3Server *server, GSettings *settings)
{
  g_return_val_if_fail (VPOP3_IS_SERVER (server), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (VPOP3_TYPE_PREFERENCES_DIALOG, "use-header-bar", TRUE, "server", server,
                       "settings", settings, NULL);
}

Vpop3PreferencesDialog *
vpop3_preferences_dialog_new_for_servers (Vpop3ServerList *servers,
                                          Vpop3Server *server,
                                          GSettings *settings)
{
  g_return_val_if_fail (VPOP3_IS_SERVER_LIST (servers), NULL);
  g_return_val_if_fail (VPOP3_IS_SERVER (server), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (VPOP3_TYPE_PREFERENCES_DIALOG, "use-header-bar", TRUE, "servers", servers,
                       "server", server, "settings", settings, NULL);
}
