/* vpop3-notifier.c
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vpop3-notifier.h"

#include <glib/gi18n.h>

/* Stable ids: a new notification on a topic replaces the last one. */
#define ID_CONNECTION "connection"
#define ID_LOGIN      "login"
#define ID_POLL       "poll"
#define ID_MESSAGE    "message"

struct _Vpop3Notifier
{
  GObject parent_instance;

  GApplication *application; /* weak: it owns us */
  Vpop3Client *client;
  Vpop3Status *status;
  GSettings *settings;
  Vpop3Server *server;               /* with several servers: which one, else NULL */
  Vpop3Conversations *conversations; /* messages announced once stored, or NULL */
  guint grace_ms;
  guint grace_id;
  gboolean was_connected; /* a login has succeeded since start */
  gboolean lost_notified; /* "connection lost" is showing */
  gboolean messages_visible;
  Vpop3PollResult last_poll_result;
};

G_DEFINE_FINAL_TYPE (Vpop3Notifier, vpop3_notifier, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_APPLICATION,
  PROP_CLIENT,
  PROP_SETTINGS,
  PROP_GRACE_MS,
  PROP_SERVER,
  PROP_CONVERSATIONS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
wanted (Vpop3Notifier *self, const char *key)
{
  return g_settings_get_boolean (self->settings, key);
}

/* One notification per topic, and with several servers per server too. */
static char *
full_id (Vpop3Notifier *self, const char *topic)
{
  if (self->server == NULL)
    return g_strdup (topic);
  return g_strdup_printf ("%s-%s", topic, vpop3_server_get_id (self->server));
}

/* @action: "app.NAME"; with several servers, app.NAME-of for this server. */
static void
send (Vpop3Notifier *self,
      const char *topic,
      const char *title,
      const char *body,
      const char *action,
      GNotificationPriority priority)
{
  g_autofree char *id = full_id (self, topic);
  g_autofree char *named = NULL;
  g_autoptr (GNotification) notification = NULL;
  g_autoptr (GIcon) icon = g_themed_icon_new (APP_ID);

  if (self->server != NULL)
    {
      g_autofree char *name = vpop3_server_dup_name (self->server);

      /* TRANSLATORS: a notification's title with several servers: "<server>: <title>" */
      named = g_strdup_printf (_ ("%s: %s"), name, title);
    }
  notification = g_notification_new (named != NULL ? named : title);
  if (body != NULL)
    g_notification_set_body (notification, body);
  g_notification_set_icon (notification, icon);
  g_notification_set_priority (notification, priority);
  if (action != NULL && self->server != NULL)
    {
      g_autofree char *action_of = g_strconcat (action, "-of", NULL);

      g_notification_set_default_action_and_target (notification, action_of, "s",
                                                    vpop3_server_get_id (self->server));
    }
  else if (action != NULL)
    g_notification_set_default_action (notification, action);
  if (self->application != NULL)
    g_application_send_notification (self->application, id, notification);
}

static void
withdraw (Vpop3Notifier *self, const char *topic)
{
  g_autofree char *id = full_id (self, topic);

  if (self->application != NULL)
    g_application_withdraw_notification (self->application, id);
}

static gboolean
on_grace_over (gpointer user_data)
{
  Vpop3Notifier *self = user_data;
  const GError *error = vpop3_client_get_error (self->client);
  g_autofree char *title = NULL;

  self->grace_id = 0;
  if (!wanted (self, "notify-connection"))
    return G_SOURCE_REMOVE;

  title =
      g_strdup_printf (_ ("Lost connection to VPOP3 on %s"), vpop3_client_get_host (self->client));
  send (self, ID_CONNECTION, title,
        error != NULL ? error->message : _ ("The status monitor will keep trying to reconnect."),
        "app.status", G_NOTIFICATION_PRIORITY_NORMAL);
  self->lost_notified = TRUE;
  return G_SOURCE_REMOVE;
}

static void
on_state_changed (Vpop3Client *client, GParamSpec *pspec, gpointer user_data)
{
  Vpop3Notifier *self = user_data;
  Vpop3ClientState state = vpop3_client_get_state (client);

  if (state == VPOP3_CLIENT_STATE_CONNECTED)
    {
      g_clear_handle_id (&self->grace_id, g_source_remove);
      withdraw (self, ID_LOGIN);
      if (self->lost_notified)
        {
          g_autofree char *title = g_strdup_printf (_ ("Connected to VPOP3 on %s again"),
                                                    vpop3_client_get_host (client));

          send (self, ID_CONNECTION, title, NULL, "app.status", G_NOTIFICATION_PRIORITY_LOW);
          self->lost_notified = FALSE;
        }
      self->was_connected = TRUE;
      return;
    }

  if (state == VPOP3_CLIENT_STATE_LOGIN_REFUSED)
    {
      const GError *error = vpop3_client_get_error (client);

      g_clear_handle_id (&self->grace_id, g_source_remove);
      withdraw (self, ID_CONNECTION);
      self->lost_notified = FALSE;
      if (wanted (self, "notify-login"))
        send (self, ID_LOGIN, _ ("VPOP3 refused the status monitor's login"),
              error != NULL ? error->message : NULL, "app.preferences",
              G_NOTIFICATION_PRIORITY_HIGH);
      return;
    }

  /* Lost after having been connected: speak up only if it lasts. */
  if (state == VPOP3_CLIENT_STATE_DISCONNECTED && self->was_connected && !self->lost_notified &&
      self->grace_id == 0 && vpop3_client_get_reconnecting (client))
    self->grace_id = g_timeout_add (self->grace_ms, on_grace_over, self);
}

static void
on_reconnecting_changed (Vpop3Client *client, GParamSpec *pspec, gpointer user_data)
{
  Vpop3Notifier *self = user_data;

  /* The user disconnected or gave up: nothing to warn about. */
  if (!vpop3_client_get_reconnecting (client) &&
      vpop3_client_get_state (client) == VPOP3_CLIENT_STATE_DISCONNECTED)
    {
      g_clear_handle_id (&self->grace_id, g_source_remove);
      if (self->lost_notified)
        withdraw (self, ID_CONNECTION);
      self->lost_notified = FALSE;
    }
  else
    on_state_changed (client, NULL, self);
}

static void
on_last_poll_changed (Vpop3Status *status, GParamSpec *pspec, gpointer user_data)
{
  Vpop3Notifier *self = user_data;
  GDateTime *time = NULL;
  Vpop3PollResult result = VPOP3_POLL_RESULT_NONE;

  vpop3_status_get_last_poll (status, &time, &result);
  if (result == self->last_poll_result)
    return;
  self->last_poll_result = result;

  if (result == VPOP3_POLL_RESULT_OK)
    withdraw (self, ID_POLL);
  else if ((result == VPOP3_POLL_RESULT_PARTIAL || result == VPOP3_POLL_RESULT_FAILED) &&
           wanted (self, "notify-poll"))
    send (self, ID_POLL,
          result == VPOP3_POLL_RESULT_FAILED ? _ ("VPOP3's last poll failed")
                                             : _ ("Some of VPOP3's last online tasks failed"),
          _ ("See the activity log in the status window."), "app.status",
          G_NOTIFICATION_PRIORITY_NORMAL);
}

static void
announce_message (Vpop3Notifier *self, const char *from, const char *text)
{
  g_autofree char *title = NULL;

  if (self->messages_visible || !wanted (self, "notify-messages"))
    return;
  title = g_strdup_printf (_ ("Message from %s"), from);
  send (self, ID_MESSAGE, title, text, "app.messages", G_NOTIFICATION_PRIORITY_HIGH);
}

static void
on_status_message (
    Vpop3Status *status, GDateTime *time, const char *from, const char *text, gpointer user_data)
{
  announce_message (user_data, from, text);
}

/* Only once the message is on disk: a crash after the notification must not
 * lose what it announced. */
static void
on_message_received (Vpop3Conversations *conversations,
                     Vpop3Conversation *conversation,
                     Vpop3InstantMessage *message,
                     gpointer user_data)
{
  announce_message (user_data, vpop3_instant_message_get_sender (message),
                    vpop3_instant_message_get_text (message));
}

static void
vpop3_notifier_constructed (GObject *object)
{
  Vpop3Notifier *self = VPOP3_NOTIFIER (object);

  G_OBJECT_CLASS (vpop3_notifier_parent_class)->constructed (object);

  g_return_if_fail (self->application != NULL && self->client != NULL && self->settings != NULL);

  self->status = g_object_ref (vpop3_client_get_status (self->client));
  g_signal_connect (self->client, "notify::state", G_CALLBACK (on_state_changed), self);
  g_signal_connect (self->client, "notify::reconnecting", G_CALLBACK (on_reconnecting_changed),
                    self);
  g_signal_connect (self->status, "notify::last-poll-result", G_CALLBACK (on_last_poll_changed),
                    self);
  if (self->conversations != NULL)
    g_signal_connect (self->conversations, "message-received", G_CALLBACK (on_message_received),
                      self);
  else
    g_signal_connect (self->status, "message", G_CALLBACK (on_status_message), self);
}

static void
vpop3_notifier_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  Vpop3Notifier *self = VPOP3_NOTIFIER (object);

  switch (prop_id)
    {
    case PROP_APPLICATION:
      g_set_weak_pointer (&self->application, g_value_get_object (value));
      break;
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    case PROP_GRACE_MS:
      self->grace_ms = g_value_get_uint (value);
      break;
    case PROP_SERVER:
      self->server = g_value_dup_object (value);
      break;
    case PROP_CONVERSATIONS:
      self->conversations = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vpop3_notifier_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  Vpop3Notifier *self = VPOP3_NOTIFIER (object);

  switch (prop_id)
    {
    case PROP_APPLICATION:
      g_value_set_object (value, self->application);
      break;
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_GRACE_MS:
      g_value_set_uint (value, self->grace_ms);
      break;
    case PROP_SERVER:
      g_value_set_object (value, self->server);
      break;
    case PROP_CONVERSATIONS:
      g_value_set_object (value, self->conversations);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vpop3_notifier_dispose (GObject *object)
{
  Vpop3Notifier *self = VPOP3_NOTIFIER (object);

  g_clear_handle_id (&self->grace_id, g_source_remove);
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  if (self->status != NULL)
    g_signal_handlers_disconnect_by_data (self->status, self);
  g_clear_object (&self->status);
  g_clear_object (&self->client);
  g_clear_object (&self->settings);
  g_clear_object (&self->server);
  if (self->conversations != NULL)
    g_signal_handlers_disconnect_by_data (self->conversations, self);
  g_clear_object (&self->conversations);
  g_clear_weak_pointer (&self->application);

  G_OBJECT_CLASS (vpop3_notifier_parent_class)->dispose (object);
}

static void
vpop3_notifier_class_init (Vpop3NotifierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = vpop3_notifier_constructed;
  object_class->set_property = vpop3_notifier_set_property;
  object_class->get_property = vpop3_notifier_get_property;
  object_class->dispose = vpop3_notifier_dispose;

  properties[PROP_APPLICATION] =
      g_param_spec_object ("application", NULL, NULL, G_TYPE_APPLICATION, flags);
  properties[PROP_CLIENT] = g_param_spec_object ("client", NULL, NULL, VPOP3_TYPE_CLIENT, flags);
  properties[PROP_SETTINGS] = g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS, flags);
  /* Tests make it short; the applet uses VPOP3_NOTIFIER_DEFAULT_GRACE_MS. */
  properties[PROP_GRACE_MS] = g_param_spec_uint ("grace-ms", NULL, NULL, 0, G_MAXUINT,
                                                 VPOP3_NOTIFIER_DEFAULT_GRACE_MS, flags);
  properties[PROP_SERVER] = g_param_spec_object ("server", NULL, NULL, VPOP3_TYPE_SERVER, flags);
  properties[PROP_CONVERSATIONS] =
      g_param_spec_object ("conversations", NULL, NULL, VPOP3_TYPE_CONVERSATIONS, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vpop3_notifier_init (Vpop3Notifier *self)
{
}

Vpop3Notifier *
vpop3_notifier_new (GApplication *application,
                    Vpop3Client *client,
                    GSettings *settings,
                    guint grace_ms)
{
  g_return_val_if_fail (G_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (VPOP3_IS_CLIENT (client), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (VPOP3_TYPE_NOTIFIER, "application", application, "client", client,
                       "settings", settings, "grace-ms", grace_ms, NULL);
}

void
vpop3_notifier_set_messages_visible (Vpop3Notifier *self, gboolean visible)
{
  g_return_if_fail (VPOP3_IS_NOTIFIER (self));

  self->messages_visible = visible;
  if (visible)
    withdraw (self, ID_MESSAGE);
}

Vpop3Server *
vpop3_notifier_get_server (Vpop3Notifier *self)
{
  g_return_val_if_fail (VPOP3_IS_NOTIFIER (self), NULL);

  return self->server;
}
