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
#include "vpop3-secret.h"

struct _Vpop3PreferencesDialog
{
  GtkDialog parent_instance;

  Vpop3Application *app;
  GSettings *settings; /* delayed: applied on Save */
  GCancellable *cancellable;
  char *pending_password; /* while the keyring stores it; wiped after */
  gboolean disposed;

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
  clear_test_result (self);
}

static void
on_password_peek (Vpop3PreferencesDialog *self, GtkEntryIconPosition position, GdkEvent *event)
{
  vpop3_password_entry_toggle_peek (self->password_entry);
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
wipe_pending_password (Vpop3PreferencesDialog *self)
{
  vpop3_secret_wipe (&self->pending_password);
}

static void
on_password_stored (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (Vpop3PreferencesDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *message = NULL;

  /* Stored or not, this session uses it. */
  vpop3_secret_store_finish (result, &error);
  vpop3_application_set_password (self->app, self->pending_password);
  wipe_pending_password (self);
  vpop3_application_credentials_changed (self->app);

  if (self->disposed)
    return;
  if (error == NULL)
    {
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

static void
on_password_cleared (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (Vpop3Application) app = user_data;
  g_autoptr (GError) error = NULL;

  /* Nothing stored, or no keyring: either way nothing is left to remove. */
  vpop3_secret_clear_finish (result, &error);
  /* Only now: a lookup started before the item is gone would find the old
   * password and log in with it. */
  vpop3_application_credentials_changed (app);
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
  GSettings *app_settings = vpop3_application_get_settings (self->app);
  g_autofree char *host = entry_text_stripped (self->host_entry);
  g_autofree char *user = entry_text_stripped (self->user_entry);
  const char *password = gtk_entry_get_text (self->password_entry);
  const char *current = vpop3_application_get_password (self->app);
  Identity before, after;
  gboolean changed;

  /* Stray blanks would make a different server or user. */
  gtk_entry_set_text (self->host_entry, host);
  gtk_entry_set_text (self->user_entry, user);
  gtk_spin_button_update (self->port_spin);

  identity_read (&before, app_settings);
  g_settings_apply (self->settings);
  identity_read (&after, app_settings);
  changed = !identity_equal (&before, &after) || g_strcmp0 (password, current ? current : "") != 0;
  identity_clear (&before);
  identity_clear (&after);

  if (*password != '\0' && changed)
    {
      gtk_widget_set_sensitive (self->save_button, FALSE);
      self->pending_password = g_strdup (password);
      vpop3_secret_store_async (host, (guint16) gtk_spin_button_get_value_as_int (self->port_spin),
                                user, password, NULL, on_password_stored, g_object_ref (self));
      return;
    }

  if (*password == '\0' && current != NULL)
    {
      vpop3_application_set_password (self->app, NULL);
      /* The credentials change once the keyring has forgotten the item. */
      vpop3_secret_clear_async (host, (guint16) gtk_spin_button_get_value_as_int (self->port_spin),
                                user, NULL, on_password_cleared, g_object_ref (self->app));
    }
  /* Saving while not logged in is also how the user retries. */
  else if (changed || vpop3_client_get_state (vpop3_application_get_client (self->app)) !=
                          VPOP3_CLIENT_STATE_CONNECTED)
    vpop3_application_credentials_changed (self->app);
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
  gtk_widget_destroy (GTK_WIDGET (self));
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
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (vpop3_preferences_dialog_parent_class)->dispose (object);
}

static void
vpop3_preferences_dialog_finalize (GObject *object)
{
  Vpop3PreferencesDialog *self = VPOP3_PREFERENCES_DIALOG (object);

  wipe_pending_password (self);
  g_clear_object (&self->app);

  G_OBJECT_CLASS (vpop3_preferences_dialog_parent_class)->finalize (object);
}

static void
vpop3_preferences_dialog_class_init (Vpop3PreferencesDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkDialogClass *dialog_class = GTK_DIALOG_CLASS (klass);

  object_class->dispose = vpop3_preferences_dialog_dispose;
  object_class->finalize = vpop3_preferences_dialog_finalize;
  dialog_class->response = vpop3_preferences_dialog_response;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/vpop3monitor/Vpop3Monitor/"
                                                             "vpop3-preferences-dialog.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, Vpop3PreferencesDialog, name)
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
  BIND (cancel_button);
  BIND (save_button);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, on_banner_response);
  gtk_widget_class_bind_template_callback (widget_class, on_host_changed);
  gtk_widget_class_bind_template_callback (widget_class, clear_test_result);
  gtk_widget_class_bind_template_callback (widget_class, on_method_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_password_peek);
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

Vpop3PreferencesDialog *
vpop3_preferences_dialog_new (Vpop3Application *app)
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
  Vpop3PreferencesDialog *self;
  GSettings *app_settings;
  const char *password;

  g_return_val_if_fail (VPOP3_IS_APPLICATION (app), NULL);

  self = g_object_new (VPOP3_TYPE_PREFERENCES_DIALOG, "use-header-bar", TRUE, "application", app,
                       NULL);
  self->app = g_object_ref (app);
  app_settings = vpop3_application_get_settings (app);
  self->settings = new_delayed_settings (app_settings);

  g_settings_bind (self->settings, "host", self->host_entry, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "port", self->port_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "user", self->user_entry, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "auth-method", self->method_combo, "active-id",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "webmail-url", self->webmail_entry, "text",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "admin-url", self->admin_entry, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "help-url", self->help_entry, "text", G_SETTINGS_BIND_DEFAULT);
  for (gsize i = 0; i < G_N_ELEMENTS (switches); i++)
    g_settings_bind (app_settings, switches[i].key,
                     G_STRUCT_MEMBER (GtkWidget *, self, switches[i].offset), "active",
                     G_SETTINGS_BIND_DEFAULT);

  gtk_entry_set_placeholder_text (self->help_entry, VPOP3_DEFAULT_HELP_URL);
  on_host_changed (self);
  on_method_changed (self);
  password = vpop3_application_get_password (app);
  if (password != NULL)
    gtk_entry_set_text (self->password_entry, password);
  gtk_dialog_set_default_response (GTK_DIALOG (self), GTK_RESPONSE_ACCEPT);
  /* Not a selectable label of the banner, which would start all selected. */
  gtk_widget_grab_focus (GTK_WIDGET (self->host_entry));
  return self;
}
