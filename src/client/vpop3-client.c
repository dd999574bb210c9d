/* vpop3-client.c: keeps one Vpop3Connection going — reconnecting with
 * backoff after losses, at once when the network returns or the machine
 * resumes, and never after a refused login (VPOP3 locks accounts).
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vpop3-client.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vpop3-backoff.h"
#include "vpop3-client-enums.h"
#include "vpop3-connection.h"
#include "vpop3-protocol-enums.h"
#include "vpop3-secret.h"
#include "vpop3-text.h"
#include "vpop3-trace.h"

#define DEFAULT_CONNECT_TIMEOUT_MS  10000
#define DEFAULT_GREETING_TIMEOUT_MS 10000
/* VPOP3 answers a command at once (Connect Now says "Connecting…", not
 * "connected"): half a minute without a reply means it never will. */
#define DEFAULT_COMMAND_TIMEOUT_MS 30000

struct _Vpop3Client
{
  GObject parent_instance;

  Vpop3Status *status;
  char *host;
  guint16 port;
  Vpop3AuthMethod method;
  char *user;
  char *secret;
  guint connect_timeout_ms;
  guint greeting_timeout_ms;
  guint command_timeout_ms;
  gboolean auto_reconnect;
  gboolean watch_system;
  Vpop3Trace *trace;

  Vpop3ClientState state;
  GError *error;
  int build;
  gboolean reconnecting;
  Vpop3Connection *connection;
  gboolean log_frozen; /* between the connection's "updates-begin" and "updates-end" */
  /* Names (connections, session ids, senders) that came in Windows-1252: a
   * command that names one goes back in the bytes the server used. */
  GHashTable *windows_1252_names;
  Vpop3Backoff backoff;
  GRand *rand;
  guint retry_id;

  GNetworkMonitor *network_monitor;
  gboolean network_available;
  GDBusConnection *system_bus;
  guint sleep_subscription;
  GCancellable *system_cancellable;
};

G_DEFINE_FINAL_TYPE (Vpop3Client, vpop3_client, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_STATUS,
  PROP_STATE,
  PROP_HOST,
  PROP_PORT,
  PROP_USER,
  PROP_AUTH_METHOD,
  PROP_AUTO_RECONNECT,
  PROP_RECONNECTING,
  PROP_BUILD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  SIGNAL_CONNECTED,
  SIGNAL_LOGGED_IN,
  SIGNAL_UPDATE,
  SIGNAL_ERROR,
  SIGNAL_DISCONNECTED,
  SIGNAL_RECONNECT_SCHEDULED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void start_attempt (Vpop3Client *self);

/* State ---------------------------------------------------------------------- */

static void
set_state (Vpop3Client *self, Vpop3ClientState state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_reconnecting (Vpop3Client *self, gboolean reconnecting)
{
  if (self->reconnecting == reconnecting)
    return;
  self->reconnecting = reconnecting;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECONNECTING]);
}

static void
drop_connection (Vpop3Client *self, gboolean polite)
{
  g_autoptr (Vpop3Connection) connection = g_steal_pointer (&self->connection);

  if (connection == NULL)
    return;
  g_signal_handlers_disconnect_by_data (connection, self);
  /* Dropped in the middle of a group of updates: its end will not reach us. */
  if (self->log_frozen)
    {
      self->log_frozen = FALSE;
      vpop3_activity_log_thaw (vpop3_status_get_log (self->status));
    }
  vpop3_connection_close (connection, polite);
}

/* Retries --------------------------------------------------------------------- */

static gboolean
on_retry_due (gpointer user_data)
{
  Vpop3Client *self = user_data;

  self->retry_id = 0;
  start_attempt (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_retry (Vpop3Client *self)
{
  guint delay = vpop3_backoff_next_delay (&self->backoff, self->rand);

  set_reconnecting (self, TRUE);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->retry_id = g_timeout_add (delay, on_retry_due, self);
  g_signal_emit (self, signals[SIGNAL_RECONNECT_SCHEDULED], 0, delay);
}

/* A reason to believe the server is reachable again: try now instead of
 * waiting out the backoff. */
static void
retry_now (Vpop3Client *self)
{
  if (self->retry_id == 0)
    return;
  g_clear_handle_id (&self->retry_id, g_source_remove);
  start_attempt (self);
}

/* Connection events ----------------------------------------------------------- */

static void
on_connection_connected (Vpop3Connection *connection, gpointer user_data)
{
  Vpop3Client *self = user_data;

  set_state (self, VPOP3_CLIENT_STATE_LOGGING_IN);
  g_signal_emit (self, signals[SIGNAL_CONNECTED], 0);
}

static void
on_connection_logged_in (Vpop3Connection *connection, int build, gpointer user_data)
{
  Vpop3Client *self = user_data;

  g_clear_error (&self->error);
  vpop3_backoff_reset (&self->backoff);
  /* The burst that follows brings everything afresh. */
  vpop3_status_reset (self->status);
  vpop3_status_set_build (self->status, build);
  if (self->build != build)
    {
      self->build = build;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUILD]);
    }
  set_reconnecting (self, FALSE);
  set_state (self, VPOP3_CLIENT_STATE_CONNECTED);
  g_signal_emit (self, signals[SIGNAL_LOGGED_IN], 0, build);
}

/* A burst's log lines reach the ring's observers as one change per slice. */
static void
on_connection_updates_begin (Vpop3Connection *connection, gpointer user_data)
{
  Vpop3Client *self = user_data;

  if (self->log_frozen)
    return;
  self->log_frozen = TRUE;
  vpop3_activity_log_freeze (vpop3_status_get_log (self->status));
}

static void
on_connection_updates_end (Vpop3Connection *connection, gpointer user_data)
{
  Vpop3Client *self = user_data;

  if (!self->log_frozen)
    return;
  self->log_frozen = FALSE;
  vpop3_activity_log_thaw (vpop3_status_get_log (self->status));
}

static void
remember_windows_1252_names (Vpop3Client *self, const Vpop3Update *update)
{
  if (!update->windows_1252)
    return;
  switch (update->type)
    {
    case VPOP3_UPDATE_CONNECTIONS:
      for (char **name = update->names; name != NULL && *name != NULL; name++)
        g_hash_table_add (self->windows_1252_names, g_strdup (*name));
      break;
    case VPOP3_UPDATE_SESSION:
      g_hash_table_add (self->windows_1252_names, g_strdup (update->id));
      break;
    case VPOP3_UPDATE_MESSAGE:
      g_hash_table_add (self->windows_1252_names, g_strdup (update->user));
      break;
    default:
      break;
    }
}

static void
on_connection_update (Vpop3Connection *connection, Vpop3Update *update, gpointer user_data)
{
  Vpop3Client *self = user_data;

  remember_windows_1252_names (self, update);
  vpop3_status_apply (self->status, update);
  g_signal_emit (self, signals[SIGNAL_UPDATE], 0, update);
}

static void
on_connection_closed (Vpop3Connection *connection, GError *error, gpointer user_data)
{
  Vpop3Client *self = user_data;
  gboolean was_connected =
      self->state == VPOP3_CLIENT_STATE_LOGGING_IN || self->state == VPOP3_CLIENT_STATE_CONNECTED;

  /* Handlers of our signals may drop the last reference to us. */
  g_object_ref (self);
  drop_connection (self, FALSE);

  if (error != NULL)
    {
      g_clear_error (&self->error);
      self->error = g_error_copy (error);
    }

  if (error != NULL &&
      g_error_matches (error, VPOP3_CLIENT_ERROR, VPOP3_CLIENT_ERROR_LOGIN_REFUSED))
    set_state (self, VPOP3_CLIENT_STATE_LOGIN_REFUSED);
  else
    set_state (self, VPOP3_CLIENT_STATE_DISCONNECTED);

  if (error != NULL)
    g_signal_emit (self, signals[SIGNAL_ERROR], 0, error);
  if (was_connected)
    g_signal_emit (self, signals[SIGNAL_DISCONNECTED], 0,
                   error != NULL ? error->message : _ ("Disconnected"));

  /* A handler may have reconnected or disconnected us meanwhile. */
  if (self->connection == NULL && self->retry_id == 0)
    {
      if (self->auto_reconnect && error != NULL && !vpop3_client_error_is_final (error))
        schedule_retry (self);
      else
        set_reconnecting (self, FALSE);
    }
  g_object_unref (self);
}

static void
start_attempt (Vpop3Client *self)
{
  Vpop3ConnectionOptions options = {
    .host = self->host,
    .port = self->port,
    .method = self->method,
    .user = self->user,
    .secret = self->secret,
    .connect_timeout_ms = self->connect_timeout_ms,
    .greeting_timeout_ms = self->greeting_timeout_ms,
    .command_timeout_ms = self->command_timeout_ms,
    .trace = self->trace,
  };

  drop_connection (self, FALSE);
  g_clear_handle_id (&self->retry_id, g_source_remove);

  self->connection = vpop3_connection_new (&options);
  g_signal_connect (self->connection, "connected", G_CALLBACK (on_connection_connected), self);
  g_signal_connect (self->connection, "logged-in", G_CALLBACK (on_connection_logged_in), self);
  g_signal_connect (self->connection, "update", G_CALLBACK (on_connection_update), self);
  g_signal_connect (self->connection, "updates-begin", G_CALLBACK (on_connection_updates_begin),
                    self);
  g_signal_connect (self->connection, "updates-end", G_CALLBACK (on_connection_updates_end), self);
  g_signal_connect (self->connection, "closed", G_CALLBACK (on_connection_closed), self);
  set_state (self, VPOP3_CLIENT_STATE_CONNECTING);
  vpop3_connection_start (self->connection);
}

/* Network and sleep ------------------------------------------------------------ */

static void
on_network_changed (GNetworkMonitor *monitor, gboolean available, gpointer user_data)
{
  Vpop3Client *self = user_data;
  gboolean came_back = available && !self->network_available;

  self->network_available = available;
  if (came_back)
    retry_now (self);
}

static void
on_prepare_for_sleep (GDBusConnection *bus,
                      const char *sender,
                      const char *path,
                      const char *interface,
                      const char *signal,
                      GVariant *parameters,
                      gpointer user_data)
{
  Vpop3Client *self = user_data;
  gboolean going_to_sleep = FALSE;

  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(b)")))
    return;
  g_variant_get (parameters, "(b)", &going_to_sleep);
  if (going_to_sleep)
    return;

  /* After a resume the old TCP connection is most likely dead, and the
   * server may have dropped it long ago: start afresh rather than wait for
   * keep-alive to notice. */
  if (self->retry_id != 0)
    retry_now (self);
  else if (self->connection != NULL)
    start_attempt (self);
}

static void
on_system_bus (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  GDBusConnection *bus = g_bus_get_finish (result, &error);
  Vpop3Client *self;

  if (bus == NULL)
    {
      /* No system bus (a container, a test): resume detection is a nicety. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("No system bus, so no resume detection: %s", error->message);
      return;
    }

  self = user_data;
  self->system_bus = bus;
  self->sleep_subscription = g_dbus_connection_signal_subscribe (
      bus, "org.freedesktop.login1", "org.freedesktop.login1.Manager", "PrepareForSleep",
      "/org/freedesktop/login1", NULL, G_DBUS_SIGNAL_FLAGS_NONE, on_prepare_for_sleep, self, NULL);
}

static void
stop_watching_system (Vpop3Client *self)
{
  if (self->system_cancellable != NULL)
    g_cancellable_cancel (self->system_cancellable);
  g_clear_object (&self->system_cancellable);
  if (self->system_bus != NULL && self->sleep_subscription != 0)
    g_dbus_connection_signal_unsubscribe (self->system_bus, self->sleep_subscription);
  self->sleep_subscription = 0;
  g_clear_object (&self->system_bus);
  if (self->network_monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->network_monitor, self);
  g_clear_object (&self->network_monitor);
}

/* GObject ---------------------------------------------------------------------- */

static void
vpop3_client_dispose (GObject *object)
{
  Vpop3Client *self = VPOP3_CLIENT (object);

  g_clear_handle_id (&self->retry_id, g_source_remove);
  drop_connection (self, FALSE);
  stop_watching_system (self);
  g_clear_object (&self->trace);
  g_clear_object (&self->status);

  G_OBJECT_CLASS (vpop3_client_parent_class)->dispose (object);
}

static void
vpop3_client_finalize (GObject *object)
{
  Vpop3Client *self = VPOP3_CLIENT (object);

  vpop3_secret_wipe (&self->secret);
  g_free (self->host);
  g_free (self->user);
  g_clear_error (&self->error);
  g_rand_free (self->rand);
  g_hash_table_unref (self->windows_1252_names);

  G_OBJECT_CLASS (vpop3_client_parent_class)->finalize (object);
}

static void
vpop3_client_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  Vpop3Client *self = VPOP3_CLIENT (object);

  switch (prop_id)
    {
    case PROP_STATUS:
      g_value_set_object (value, self->status);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_HOST:
      g_value_set_string (value, self->host);
      break;
    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;
    case PROP_USER:
      g_value_set_string (value, self->user);
      break;
    case PROP_AUTH_METHOD:
      g_value_set_enum (value, self->method);
      break;
    case PROP_AUTO_RECONNECT:
      g_value_set_boolean (value, self->auto_reconnect);
      break;
    case PROP_RECONNECTING:
      g_value_set_boolean (value, self->reconnecting);
      break;
    case PROP_BUILD:
      g_value_set_int (value, self->build);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vpop3_client_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  Vpop3Client *self = VPOP3_CLIENT (object);

  switch (prop_id)
    {
    case PROP_STATUS:
      self->status = g_value_dup_object (value);
      if (self->status == NULL)
        self->status = vpop3_status_new ();
      break;
    case PROP_AUTO_RECONNECT:
      vpop3_client_set_auto_reconnect (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vpop3_client_class_init (Vpop3ClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags read_only = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = vpop3_client_dispose;
  object_class->finalize = vpop3_client_finalize;
  object_class->get_property = vpop3_client_get_property;
  object_class->set_property = vpop3_client_set_property;

  properties[PROP_STATUS] =
      g_param_spec_object ("status", NULL, NULL, VPOP3_TYPE_STATUS,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, VPOP3_TYPE_CLIENT_STATE,
                                              VPOP3_CLIENT_STATE_DISCONNECTED, read_only);
  properties[PROP_HOST] = g_param_spec_string ("host", NULL, NULL, NULL, read_only);
  properties[PROP_PORT] =
      g_param_spec_uint ("port", NULL, NULL, 1, G_MAXUINT16, VPOP3_DEFAULT_PORT, read_only);
  properties[PROP_USER] = g_param_spec_string ("user", NULL, NULL, NULL, read_only);
  properties[PROP_AUTH_METHOD] = g_param_spec_enum (
      "auth-method", NULL, NULL, VPOP3_TYPE_AUTH_METHOD, VPOP3_AUTH_ALOGIN, read_only);
  properties[PROP_AUTO_RECONNECT] =
      g_param_spec_boolean ("auto-reconnect", NULL, NULL, FALSE,
                            G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RECONNECTING] =
      g_param_spec_boolean ("reconnecting", NULL, NULL, FALSE, read_only);
  properties[PROP_BUILD] = g_param_spec_int ("build", NULL, NULL, -1, G_MAXINT, -1, read_only);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_CONNECTED] = g_signal_new ("connected", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_LOGGED_IN] =
      g_signal_new ("logged-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                    G_TYPE_NONE, 1, G_TYPE_INT);
  signals[SIGNAL_UPDATE] =
      g_signal_new ("update", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                    G_TYPE_NONE, 1, VPOP3_TYPE_UPDATE | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[SIGNAL_ERROR] =
      g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                    G_TYPE_NONE, 1, G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[SIGNAL_DISCONNECTED] =
      g_signal_new ("disconnected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_RECONNECT_SCHEDULED] =
      g_signal_new ("reconnect-scheduled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                    NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
vpop3_client_init (Vpop3Client *self)
{
  self->host = g_strdup ("localhost");
  self->port = VPOP3_DEFAULT_PORT;
  self->method = VPOP3_AUTH_ALOGIN;
  self->connect_timeout_ms = DEFAULT_CONNECT_TIMEOUT_MS;
  self->greeting_timeout_ms = DEFAULT_GREETING_TIMEOUT_MS;
  self->command_timeout_ms = DEFAULT_COMMAND_TIMEOUT_MS;
  self->build = -1;
  self->rand = g_rand_new ();
  self->windows_1252_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  vpop3_backoff_init (&self->backoff, VPOP3_BACKOFF_DEFAULT_INITIAL_MS,
                      VPOP3_BACKOFF_DEFAULT_MAX_MS);
}

/* Public API ---------------------------------------------------------------------- */

Vpop3Client *
vpop3_client_new (Vpop3Status *status)
{
  return g_object_new (VPOP3_TYPE_CLIENT, "status", status, NULL);
}

Vpop3Status *
vpop3_client_get_status (Vpop3Client *self)
{
  g_return_val_if_fail (VPOP3_IS_CLIENT (self), NULL);
  return self->status;
}

Vpop3ClientState
vpop3_client_get_state (Vpop3Client *self)
{
  g_return_val_if_fail (VPOP3_IS_CLIENT (self), VPOP3_CLIENT_STATE_DISCONNECTED);
  return self->state;
}

const GError *
vpop3_client_get_error (Vpop3Client *self)
{
  g_return_val_if_fail (VPOP3_IS_CLIENT (self), NULL);
  return self->error;
}

int
vpop3_client_get_build (Vpop3Client *self)
{
  g_return_val_if_fail (VPOP3_IS_CLIENT (self), -1);
  return self->build;
}

gboolean
vpop3_client_is_trying (Vpop3Client *self)
{
  g_return_val_if_fail (VPOP3_IS_CLIENT (self), FALSE);

  return self->state == VPOP3_CLIENT_STATE_CONNECTING ||
         self->state == VPOP3_CLIENT_STATE_LOGGING_IN || self->reconnecting;
}

gboolean
vpop3_client_get_reconnecting (Vpop3Client *self)
{
  g_return_val_if_fail (VPOP3_IS_CLIENT (self), FALSE);
  return self->reconnecting;
}

gboolean
vpop3_client_is_mid_line (Vpop3Client *self)
{
  g_return_val_if_fail (VPOP3_IS_CLIENT (self), FALSE);
  return self->connection != NULL && vpop3_connection_is_mid_line (self->connection);
}

void
vpop3_client_set_server (Vpop3Client *self, const char *host, guint16 port)
{
  g_return_if_fail (VPOP3_IS_CLIENT (self));
  g_return_if_fail (host != NULL && *host != '\0');

  g_object_freeze_notify (G_OBJECT (self));
  if (g_strcmp0 (self->host, host) != 0)
    {
      g_free (self->host);
      self->host = g_strdup (host);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOST]);
    }
  if (self->port != port)
    {
      self->port = port;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

const char *
vpop3_client_get_host (Vpop3Client *self)
{
  g_return_val_if_fail (VPOP3_IS_CLIENT (self), NULL);
  return self->host;
}

guint16
vpop3_client_get_port (Vpop3Client *self)
{
  g_return_val_if_fail (VPOP3_IS_CLIENT (self), 0);
  return self->port;
}

void
vpop3_client_set_credentials (Vpop3Client *self,
                              Vpop3AuthMethod method,
                              const char *user,
                              const char *secret)
{
  g_return_if_fail (VPOP3_IS_CLIENT (self));

  g_object_freeze_notify (G_OBJECT (self));
  if (self->method != method)
    {
      self->method = method;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTH_METHOD]);
    }
  if (g_strcmp0 (self->user, user) != 0)
    {
      g_free (self->user);
      self->user = g_strdup (user);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER]);
    }
  vpop3_secret_wipe (&self->secret);
  self->secret = g_strdup (secret);
  g_object_thaw_notify (G_OBJECT (self));
}

void
vpop3_client_set_auto_reconnect (Vpop3Client *self, gboolean auto_reconnect)
{
  g_return_if_fail (VPOP3_IS_CLIENT (self));

  auto_reconnect = !!auto_reconnect;
  if (self->auto_reconnect == auto_reconnect)
    return;
  self->auto_reconnect = auto_reconnect;
  if (!auto_reconnect && self->retry_id != 0)
    {
      g_clear_handle_id (&self->retry_id, g_source_remove);
      set_reconnecting (self, FALSE);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTO_RECONNECT]);
}

void
vpop3_client_set_timeouts (Vpop3Client *self, guint connect_ms, guint greeting_ms)
{
  g_return_if_fail (VPOP3_IS_CLIENT (self));

  self->connect_timeout_ms = connect_ms;
  self->greeting_timeout_ms = greeting_ms;
}

void
vpop3_client_set_command_timeout (Vpop3Client *self, guint command_ms)
{
  g_return_if_fail (VPOP3_IS_CLIENT (self));

  self->command_timeout_ms = command_ms;
}

void
vpop3_client_set_backoff (Vpop3Client *self, guint initial_ms, guint max_ms)
{
  g_return_if_fail (VPOP3_IS_CLIENT (self));

  vpop3_backoff_init (&self->backoff, initial_ms, max_ms);
}

gboolean
vpop3_client_set_trace_file (Vpop3Client *self, const char *path, GError **error)
{
  Vpop3Trace *trace = NULL;

  g_return_val_if_fail (VPOP3_IS_CLIENT (self), FALSE);

  if (path != NULL)
    {
      trace = vpop3_trace_new_for_path (path, error);
      if (trace == NULL)
        return FALSE;
    }
  g_clear_object (&self->trace);
  self->trace = trace;
  return TRUE;
}

void
vpop3_client_set_watch_system (Vpop3Client *self, gboolean watch)
{
  g_return_if_fail (VPOP3_IS_CLIENT (self));

  watch = !!watch;
  if (self->watch_system == watch)
    return;
  self->watch_system = watch;

  if (!watch)
    {
      stop_watching_system (self);
      return;
    }

  self->network_monitor = g_object_ref (g_network_monitor_get_default ());
  self->network_available = g_network_monitor_get_network_available (self->network_monitor);
  g_signal_connect (self->network_monitor, "network-changed", G_CALLBACK (on_network_changed),
                    self);
  self->system_cancellable = g_cancellable_new ();
  g_bus_get (G_BUS_TYPE_SYSTEM, self->system_cancellable, on_system_bus, self);
}

void
vpop3_client_connect (Vpop3Client *self)
{
  g_return_if_fail (VPOP3_IS_CLIENT (self));

  g_clear_error (&self->error);
  vpop3_backoff_reset (&self->backoff);
  set_reconnecting (self, FALSE);
  start_attempt (self);
}

void
vpop3_client_disconnect (Vpop3Client *self)
{
  gboolean was_connected;

  g_return_if_fail (VPOP3_IS_CLIENT (self));

  was_connected =
      self->state == VPOP3_CLIENT_STATE_LOGGING_IN || self->state == VPOP3_CLIENT_STATE_CONNECTED;
  g_clear_handle_id (&self->retry_id, g_source_remove);
  set_reconnecting (self, FALSE);
  drop_connection (self, TRUE);
  if (self->state != VPOP3_CLIENT_STATE_LOGIN_REFUSED)
    set_state (self, VPOP3_CLIENT_STATE_DISCONNECTED);
  if (was_connected)
    g_signal_emit (self, signals[SIGNAL_DISCONNECTED], 0, _ ("Disconnected by request"));
}

static void
on_command_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;
  char *reply = vpop3_connection_send_command_finish (VPOP3_CONNECTION (source), result, &error);

  if (reply == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, reply, g_free);
}

void
vpop3_client_send_command_async (Vpop3Client *self,
                                 Vpop3CommandType type,
                                 const char *target,
                                 const char *text,
                                 GCancellable *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *line = NULL;

  g_return_if_fail (VPOP3_IS_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vpop3_client_send_command_async);

  line = vpop3_command_format (type, target, text, &error);
  if (line == NULL)
    {
      g_task_return_new_error (task, VPOP3_CLIENT_ERROR, VPOP3_CLIENT_ERROR_INVALID_ARGUMENT, "%s",
                               error->message);
      return;
    }
  if (target != NULL && g_hash_table_contains (self->windows_1252_names, target))
    {
      /* The server named it in Windows-1252: it would not know the UTF-8. */
      g_autofree char *encoded = vpop3_text_encode_windows_1252 (line);

      if (encoded == NULL)
        {
          g_task_return_new_error (
              task, VPOP3_CLIENT_ERROR, VPOP3_CLIENT_ERROR_INVALID_ARGUMENT,
              _ ("The server speaks Windows-1252 and the text has characters it cannot carry"));
          return;
        }
      g_free (line);
      line = g_steal_pointer (&encoded);
    }
  g_task_set_task_data (task, g_strdup (line), g_free);

  if (self->connection == NULL || !vpop3_connection_is_logged_in (self->connection))
    {
      g_task_return_new_error (task, VPOP3_CLIENT_ERROR, VPOP3_CLIENT_ERROR_NOT_CONNECTED,
                               _ ("Not connected to the VPOP3 server"));
      return;
    }

  vpop3_connection_send_command_async (self->connection, line, cancellable, on_command_done,
                                       g_steal_pointer (&task));
}

char *
vpop3_client_send_command_finish (Vpop3Client *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
