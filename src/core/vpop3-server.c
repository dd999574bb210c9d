/* vpop3-server.c: one monitored VPOP3 server, without any user interface.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vpop3-server.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vpop3-core-enums.h"
#include "vpop3-secret.h"

struct _Vpop3Server
{
  GObject parent_instance;

  char *id;
  GSettings *settings;
  guint backoff_initial_ms;
  guint backoff_max_ms;
  Vpop3Status *status;
  Vpop3Client *client;
  Vpop3Conversations *conversations;
  Vpop3HistoryKeeper *history_keeper; /* may be NULL */
  GCancellable *cancellable;

  /* For this run only. */
  char *host_override;
  guint16 port_override; /* 0: none */
  char *user_override;

  char *password;  /* from the keyring or the prompt; memory only */
  gboolean wanted; /* connected or trying since the user last asked */
};

G_DEFINE_FINAL_TYPE (Vpop3Server, vpop3_server, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_SETTINGS,
  PROP_BACKOFF_INITIAL_MS,
  PROP_BACKOFF_MAX_MS,
  PROP_CLIENT,
  PROP_STATUS,
  PROP_CONVERSATIONS,
  PROP_HOST,
  PROP_NAME,
  PROP_WANTED,
  PROP_HISTORY_KEEPER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  SIGNAL_ATTENTION,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Identity ------------------------------------------------------------------------------ */

char *
vpop3_server_dup_user (Vpop3Server *self)
{
  g_return_val_if_fail (VPOP3_IS_SERVER (self), NULL);

  if (self->user_override != NULL)
    return g_strdup (self->user_override);
  return g_settings_get_string (self->settings, "user");
}

static char *
dup_configured_host (Vpop3Server *self)
{
  if (self->host_override != NULL)
    return g_strdup (self->host_override);
  return g_settings_get_string (self->settings, "host");
}

gboolean
vpop3_server_is_configured (Vpop3Server *self)
{
  g_autofree char *host = NULL;
  g_autofree char *user = NULL;

  g_return_val_if_fail (VPOP3_IS_SERVER (self), FALSE);

  host = dup_configured_host (self);
  user = vpop3_server_dup_user (self);
  return *host != '\0' && *user != '\0';
}

const char *
vpop3_server_get_id (Vpop3Server *self)
{
  g_return_val_if_fail (VPOP3_IS_SERVER (self), NULL);

  return self->id;
}

char *
vpop3_server_dup_name (Vpop3Server *self)
{
  g_autofree char *name = NULL;
  g_autofree char *host = NULL;
  guint16 port = 0;

  g_return_val_if_fail (VPOP3_IS_SERVER (self), NULL);

  name = g_settings_get_string (self->settings, "name");
  if (*name != '\0' && !vpop3_server_has_overrides (self))
    return g_steal_pointer (&name);
  /* What is configured, not what the client last used: it may not have
   * connected since. */
  host = dup_configured_host (self);
  if (*host == '\0')
    return g_strdup (_ ("New server"));
  port = self->port_override;
  if (port == 0)
    g_settings_get (self->settings, "port", "q", &port);
  if (port == VPOP3_DEFAULT_PORT)
    return g_steal_pointer (&host);
  /* An IPv6 address is bracketed, as in a URL. */
  if (strchr (host, ':') != NULL)
    return g_strdup_printf ("[%s]:%u", host, port);
  return g_strdup_printf ("%s:%u", host, port);
}

const char *
vpop3_server_get_host (Vpop3Server *self)
{
  g_return_val_if_fail (VPOP3_IS_SERVER (self), NULL);

  return vpop3_client_get_host (self->client);
}

/* Pushes host, port, user, method and password into the client. */
static void
apply_settings (Vpop3Server *self)
{
  g_autofree char *host = dup_configured_host (self);
  g_autofree char *user = vpop3_server_dup_user (self);
  Vpop3AuthMethod method = (Vpop3AuthMethod) g_settings_get_enum (self->settings, "auth-method");
  guint16 port = self->port_override;

  if (port == 0)
    g_settings_get (self->settings, "port", "q", &port);
  vpop3_client_set_server (self->client, *host != '\0' ? host : "localhost", port);
  vpop3_client_set_credentials (self->client, method, user, self->password);
  /* The history is kept under the names the keyring uses. */
  vpop3_conversations_set_identity (self->conversations, host, port, user);
}

void
vpop3_server_set_overrides (Vpop3Server *self, const char *host, guint16 port, const char *user)
{
  gboolean changed = FALSE;

  g_return_if_fail (VPOP3_IS_SERVER (self));

  if (host != NULL && g_strcmp0 (host, self->host_override) != 0)
    {
      g_free (self->host_override);
      self->host_override = g_strdup (host);
      changed = TRUE;
    }
  if (port != 0 && port != self->port_override)
    {
      self->port_override = port;
      changed = TRUE;
    }
  if (user != NULL && g_strcmp0 (user, self->user_override) != 0)
    {
      g_free (self->user_override);
      self->user_override = g_strdup (user);
      changed = TRUE;
    }
  /* Never offer the password to another server or user: a refusal there
   * counts towards a lock-out. */
  if (changed)
    vpop3_secret_wipe (&self->password);
}

gboolean
vpop3_server_has_overrides (Vpop3Server *self)
{
  g_return_val_if_fail (VPOP3_IS_SERVER (self), FALSE);

  return self->host_override != NULL || self->port_override != 0 || self->user_override != NULL;
}

/* Password ------------------------------------------------------------------------------ */

static void
set_wanted (Vpop3Server *self, gboolean wanted)
{
  if (self->wanted == wanted)
    return;
  self->wanted = wanted;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WANTED]);
}

const char *
vpop3_server_get_password (Vpop3Server *self)
{
  g_return_val_if_fail (VPOP3_IS_SERVER (self), NULL);

  return self->password;
}

static void
set_password (Vpop3Server *self, const char *password)
{
  vpop3_secret_wipe (&self->password);
  self->password = g_strdup (password);
}

static void
connect_with_password (Vpop3Server *self)
{
  apply_settings (self);
  vpop3_client_connect (self->client);
}

void
vpop3_server_use_password (Vpop3Server *self, const char *password)
{
  g_return_if_fail (VPOP3_IS_SERVER (self));
  g_return_if_fail (password != NULL);

  set_wanted (self, TRUE);
  set_password (self, password);
  connect_with_password (self);
}

static void
ask (Vpop3Server *self, Vpop3ServerNeed need, const char *reason)
{
  apply_settings (self);
  g_signal_emit (self, signals[SIGNAL_ATTENTION], 0, need, reason);
}

static void
on_password_looked_up (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (Vpop3Server) self = user_data;
  g_autoptr (GError) error = NULL;
  char *password = vpop3_secret_lookup_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (error != NULL)
    {
      /* No Secret Service, or a locked keyring the user would not open:
       * ask, and keep the answer in memory only. */
      g_autofree char *reason = g_strdup_printf (
          _ ("The password could not be read from the keyring (%s). It will be kept in memory "
             "until the status monitor exits."),
          error->message);

      ask (self, VPOP3_SERVER_NEEDS_PASSWORD, reason);
      return;
    }

  if (password == NULL)
    {
      /* A server given on the command line is for this run only: ask for its
       * password alone. Otherwise complete the configuration. */
      if (self->host_override != NULL || self->user_override != NULL)
        ask (self, VPOP3_SERVER_NEEDS_PASSWORD,
             _ ("No password is stored in the keyring for this server and user. It will be kept "
                "in memory until the status monitor exits."));
      else
        ask (self, VPOP3_SERVER_NEEDS_CONFIGURATION,
             _ ("Enter the password of the VPOP3 user to connect."));
      return;
    }

  set_password (self, password);
  secret_password_free (password);
  connect_with_password (self);
}

gboolean
vpop3_server_get_wanted (Vpop3Server *self)
{
  g_return_val_if_fail (VPOP3_IS_SERVER (self), FALSE);

  return self->wanted;
}

void
vpop3_server_connect (Vpop3Server *self)
{
  g_autofree char *user = NULL;

  g_return_if_fail (VPOP3_IS_SERVER (self));

  set_wanted (self, TRUE);
  if (!vpop3_server_is_configured (self))
    {
      ask (self, VPOP3_SERVER_NEEDS_CONFIGURATION, NULL);
      return;
    }

  apply_settings (self);
  if (self->password != NULL)
    {
      vpop3_client_connect (self->client);
      return;
    }

  user = vpop3_server_dup_user (self);
  vpop3_secret_lookup_async (vpop3_client_get_host (self->client),
                             vpop3_client_get_port (self->client), user, self->cancellable,
                             on_password_looked_up, g_object_ref (self));
}

void
vpop3_server_disconnect (Vpop3Server *self)
{
  g_return_if_fail (VPOP3_IS_SERVER (self));

  set_wanted (self, FALSE);
  vpop3_client_disconnect (self->client);
}

void
vpop3_server_reconnect (Vpop3Server *self)
{
  g_return_if_fail (VPOP3_IS_SERVER (self));

  vpop3_client_disconnect (self->client);
  vpop3_server_connect (self);
}

/* The keyring item is filed under the configured server, never an override:
 * Configure Status Monitor edits the settings. */
typedef struct
{
  char *host;
  char *user;
  guint16 port;
} Identity;

static void
identity_read (Identity *identity, GSettings *settings)
{
  identity->host = g_settings_get_string (settings, "host");
  identity->user = g_settings_get_string (settings, "user");
  g_settings_get (settings, "port", "q", &identity->port);
}

static void
identity_clear (Identity *identity)
{
  g_free (identity->host);
  g_free (identity->user);
}

typedef struct
{
  char *password;
} SaveData;

static void
save_data_free (SaveData *data)
{
  vpop3_secret_wipe (&data->password);
  g_free (data);
}

static void
on_password_stored (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  Vpop3Server *self = g_task_get_source_object (task);
  SaveData *data = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;

  /* Stored or not, this session uses it. */
  vpop3_secret_store_finish (result, &error);
  set_password (self, data->password);
  vpop3_server_reconnect (self);
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
vpop3_server_save_password_async (Vpop3Server *self,
                                  const char *password,
                                  GCancellable *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  SaveData *data;
  Identity identity;

  g_return_if_fail (VPOP3_IS_SERVER (self));
  g_return_if_fail (password != NULL && *password != '\0');

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vpop3_server_save_password_async);
  data = g_new0 (SaveData, 1);
  data->password = g_strdup (password);
  g_task_set_task_data (task, data, (GDestroyNotify) save_data_free);

  identity_read (&identity, self->settings);
  /* Not cancelled with the caller: once asked, the keyring's answer decides
   * what this session uses. */
  vpop3_secret_store_async (identity.host, identity.port, identity.user, password, NULL,
                            on_password_stored, g_steal_pointer (&task));
  identity_clear (&identity);
}

gboolean
vpop3_server_save_password_finish (Vpop3Server *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_password_cleared (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (Vpop3Server) self = user_data;
  g_autoptr (GError) error = NULL;

  /* Nothing stored, or no keyring: either way nothing is left to remove. */
  vpop3_secret_clear_finish (result, &error);
  /* Only now: a lookup started before the item is gone would find the old
   * password and log in with it. */
  vpop3_server_reconnect (self);
}

void
vpop3_server_forget_password (Vpop3Server *self)
{
  Identity identity;

  g_return_if_fail (VPOP3_IS_SERVER (self));

  vpop3_secret_wipe (&self->password);
  identity_read (&identity, self->settings);
  vpop3_secret_clear_async (identity.host, identity.port, identity.user, NULL, on_password_cleared,
                            g_object_ref (self));
  identity_clear (&identity);
}

/* Client events -------------------------------------------------------------------------- */

static void
on_client_error (Vpop3Client *client, GError *error, gpointer user_data)
{
  Vpop3Server *self = user_data;

  /* Never retried: VPOP3 counts failures and may lock the account. The
   * server's words go where the user can fix the cause. */
  if (vpop3_client_error_is_final (error))
    g_signal_emit (self, signals[SIGNAL_ATTENTION], 0, VPOP3_SERVER_NEEDS_CONFIGURATION,
                   error->message);
}

static void
on_client_host (GObject *client, GParamSpec *pspec, gpointer user_data)
{
  g_object_notify_by_pspec (user_data, properties[PROP_HOST]);
  g_object_notify_by_pspec (user_data, properties[PROP_NAME]);
}

static void
on_name_changed (GSettings *settings, const char *key, gpointer user_data)
{
  g_object_notify_by_pspec (user_data, properties[PROP_NAME]);
}

/* GObject ------------------------------------------------------------------------------- */

GSettings *
vpop3_server_get_settings (Vpop3Server *self)
{
  g_return_val_if_fail (VPOP3_IS_SERVER (self), NULL);
  return self->settings;
}

Vpop3Client *
vpop3_server_get_client (Vpop3Server *self)
{
  g_return_val_if_fail (VPOP3_IS_SERVER (self), NULL);
  return self->client;
}

Vpop3Status *
vpop3_server_get_status (Vpop3Server *self)
{
  g_return_val_if_fail (VPOP3_IS_SERVER (self), NULL);
  return self->status;
}

Vpop3Conversations *
vpop3_server_get_conversations (Vpop3Server *self)
{
  g_return_val_if_fail (VPOP3_IS_SERVER (self), NULL);
  return self->conversations;
}

Vpop3HistoryKeeper *
vpop3_server_get_history_keeper (Vpop3Server *self)
{
  g_return_val_if_fail (VPOP3_IS_SERVER (self), NULL);
  return self->history_keeper;
}

/* Instant messages ------------------------------------------------------------------------ */

typedef struct
{
  Vpop3Server *self;
  Vpop3InstantMessage *message;
} Sending;

static void
on_message_sent (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Sending *sending = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *reply = vpop3_client_send_command_finish (VPOP3_CLIENT (source), result, &error);

  if (reply != NULL)
    vpop3_conversations_set_delivery (sending->self->conversations, sending->message,
                                      VPOP3_HISTORY_DELIVERY_ACCEPTED, NULL);
  else if (g_error_matches (error, VPOP3_CLIENT_ERROR, VPOP3_CLIENT_ERROR_COMMAND_REFUSED))
    vpop3_conversations_set_delivery (sending->self->conversations, sending->message,
                                      VPOP3_HISTORY_DELIVERY_REFUSED, error->message);
  else
    vpop3_conversations_set_delivery (sending->self->conversations, sending->message,
                                      VPOP3_HISTORY_DELIVERY_NOT_SENT, error->message);
  g_object_unref (sending->self);
  g_object_unref (sending->message);
  g_free (sending);
}

static void
send_message (Vpop3Server *self, Vpop3InstantMessage *message)
{
  Sending *sending;

  if (vpop3_client_get_state (self->client) != VPOP3_CLIENT_STATE_CONNECTED)
    {
      vpop3_conversations_set_delivery (self->conversations, message,
                                        VPOP3_HISTORY_DELIVERY_NOT_SENT,
                                        _ ("Not connected to the VPOP3 server"));
      return;
    }
  sending = g_new0 (Sending, 1);
  sending->self = g_object_ref (self);
  sending->message = g_object_ref (message);
  vpop3_conversations_set_delivery (self->conversations, message, VPOP3_HISTORY_DELIVERY_PENDING,
                                    NULL);
  /* Not cancelled with the server: the reply, or the dropped connection,
   * is what the message's delivery records. */
  vpop3_client_send_command_async (
      self->client, VPOP3_COMMAND_IM, vpop3_instant_message_get_correspondent (message),
      vpop3_instant_message_get_text (message), NULL, on_message_sent, sending);
}

Vpop3InstantMessage *
vpop3_server_send_message (Vpop3Server *self, const char *to, const char *text)
{
  Vpop3InstantMessage *message;

  g_return_val_if_fail (VPOP3_IS_SERVER (self), NULL);
  g_return_val_if_fail (to != NULL && text != NULL, NULL);

  message = vpop3_conversations_add_outgoing (self->conversations, to, text);
  send_message (self, message);
  return message;
}

void
vpop3_server_resend_message (Vpop3Server *self, Vpop3InstantMessage *message)
{
  Vpop3HistoryDelivery delivery;

  g_return_if_fail (VPOP3_IS_SERVER (self));
  g_return_if_fail (VPOP3_IS_INSTANT_MESSAGE (message));
  g_return_if_fail (vpop3_instant_message_is_outgoing (message));

  delivery = vpop3_instant_message_get_delivery (message);
  if (delivery == VPOP3_HISTORY_DELIVERY_REFUSED || delivery == VPOP3_HISTORY_DELIVERY_NOT_SENT)
    send_message (self, message);
}

static void
vpop3_server_constructed (GObject *object)
{
  Vpop3Server *self = VPOP3_SERVER (object);

  G_OBJECT_CLASS (vpop3_server_parent_class)->constructed (object);

  g_assert (self->settings != NULL);
  self->cancellable = g_cancellable_new ();
  self->status = vpop3_status_new ();
  self->client = vpop3_client_new (self->status);
  vpop3_client_set_auto_reconnect (self->client, TRUE);
  vpop3_client_set_watch_system (self->client, TRUE);
  if (self->backoff_initial_ms > 0 && self->backoff_max_ms >= self->backoff_initial_ms)
    vpop3_client_set_backoff (self->client, self->backoff_initial_ms, self->backoff_max_ms);
  g_signal_connect (self->client, "error", G_CALLBACK (on_client_error), self);
  g_signal_connect (self->client, "notify::host", G_CALLBACK (on_client_host), self);
  g_signal_connect (self->client, "notify::port", G_CALLBACK (on_client_host), self);
  g_signal_connect (self->settings, "changed::name", G_CALLBACK (on_name_changed), self);
  g_signal_connect (self->settings, "changed::host", G_CALLBACK (on_name_changed), self);
  g_signal_connect (self->settings, "changed::port", G_CALLBACK (on_name_changed), self);

  self->conversations = vpop3_conversations_new (self->history_keeper);
  g_signal_connect_swapped (self->status, "message", G_CALLBACK (vpop3_conversations_add_incoming),
                            self->conversations);
  apply_settings (self);
}

static void
vpop3_server_dispose (GObject *object)
{
  Vpop3Server *self = VPOP3_SERVER (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  if (self->client != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->client, self);
      vpop3_client_disconnect (self->client);
    }
  if (self->status != NULL)
    g_signal_handlers_disconnect_by_data (self->status, self->conversations);
  g_clear_object (&self->conversations);
  g_clear_object (&self->history_keeper);
  g_clear_object (&self->client);
  g_clear_object (&self->status);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (vpop3_server_parent_class)->dispose (object);
}

static void
vpop3_server_finalize (GObject *object)
{
  Vpop3Server *self = VPOP3_SERVER (object);

  vpop3_secret_wipe (&self->password);
  g_free (self->id);
  g_free (self->host_override);
  g_free (self->user_override);

  G_OBJECT_CLASS (vpop3_server_parent_class)->finalize (object);
}

static void
vpop3_server_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  Vpop3Server *self = VPOP3_SERVER (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_BACKOFF_INITIAL_MS:
      g_value_set_uint (value, self->backoff_initial_ms);
      break;
    case PROP_BACKOFF_MAX_MS:
      g_value_set_uint (value, self->backoff_max_ms);
      break;
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_STATUS:
      g_value_set_object (value, self->status);
      break;
    case PROP_CONVERSATIONS:
      g_value_set_object (value, self->conversations);
      break;
    case PROP_HOST:
      g_value_set_string (value, vpop3_server_get_host (self));
      break;
    case PROP_NAME:
      g_value_take_string (value, vpop3_server_dup_name (self));
      break;
    case PROP_WANTED:
      g_value_set_boolean (value, self->wanted);
      break;
    case PROP_HISTORY_KEEPER:
      g_value_set_object (value, self->history_keeper);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vpop3_server_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  Vpop3Server *self = VPOP3_SERVER (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    case PROP_BACKOFF_INITIAL_MS:
      self->backoff_initial_ms = g_value_get_uint (value);
      break;
    case PROP_BACKOFF_MAX_MS:
      self->backoff_max_ms = g_value_get_uint (value);
      break;
    case PROP_HISTORY_KEEPER:
      self->history_keeper = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vpop3_server_class_init (Vpop3ServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags construct =
      G_PARAM_WRITABLE | G_PARAM_READABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;
  const GParamFlags read_only = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->constructed = vpop3_server_constructed;
  object_class->dispose = vpop3_server_dispose;
  object_class->finalize = vpop3_server_finalize;
  object_class->get_property = vpop3_server_get_property;
  object_class->set_property = vpop3_server_set_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, construct);
  properties[PROP_SETTINGS] =
      g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS, construct);
  properties[PROP_BACKOFF_INITIAL_MS] =
      g_param_spec_uint ("backoff-initial-ms", NULL, NULL, 0, G_MAXUINT, 0, construct);
  properties[PROP_BACKOFF_MAX_MS] =
      g_param_spec_uint ("backoff-max-ms", NULL, NULL, 0, G_MAXUINT, 0, construct);
  properties[PROP_CLIENT] =
      g_param_spec_object ("client", NULL, NULL, VPOP3_TYPE_CLIENT, read_only);
  properties[PROP_STATUS] =
      g_param_spec_object ("status", NULL, NULL, VPOP3_TYPE_STATUS, read_only);
  properties[PROP_CONVERSATIONS] =
      g_param_spec_object ("conversations", NULL, NULL, VPOP3_TYPE_CONVERSATIONS, read_only);
  properties[PROP_HOST] =
      g_param_spec_string ("host", NULL, NULL, NULL, read_only | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_NAME] =
      g_param_spec_string ("name", NULL, NULL, NULL, read_only | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_WANTED] =
      g_param_spec_boolean ("wanted", NULL, NULL, FALSE, read_only | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_HISTORY_KEEPER] =
      g_param_spec_object ("history-keeper", NULL, NULL, VPOP3_TYPE_HISTORY_KEEPER, construct);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_ATTENTION] =
      g_signal_new ("attention", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                    G_TYPE_NONE, 2, VPOP3_TYPE_SERVER_NEED, G_TYPE_STRING);
}

static void
vpop3_server_init (Vpop3Server *self)
{
}

Vpop3Server *
vpop3_server_new (GSettings *settings)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (VPOP3_TYPE_SERVER, "settings", settings, NULL);
}
