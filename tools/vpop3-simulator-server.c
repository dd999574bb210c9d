/* vpop3-simulator-server.c: a stand-in VPOP3 status server for tests and demos.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vpop3-simulator-private.h"

#include <glib/gi18n.h>

G_DEFINE_FINAL_TYPE (Vpop3Simulator, vpop3_simulator, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_PEER_COUNT,
  N_PROPS
};

enum
{
  SIGNAL_COMMAND_RECEIVED,
  SIGNAL_SHUTDOWN_REQUESTED,
  SIGNAL_PEER_LOGGED_IN,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

GPtrArray *
vpop3_simulator_dup_peers (Vpop3Simulator *self)
{
  GPtrArray *peers = g_ptr_array_new_full (self->peers->len, g_object_unref);

  for (guint i = 0; i < self->peers->len; i++)
    g_ptr_array_add (peers, g_object_ref (g_ptr_array_index (self->peers, i)));
  return peers;
}

void
vpop3_simulator_update_activity (Vpop3Simulator *self)
{
  guint logged_in = 0;

  for (guint i = 0; i < self->peers->len; i++)
    if (vpop3_simulator_peer_is_logged_in (g_ptr_array_index (self->peers, i)))
      logged_in++;

  /* Idle means no wake-ups: nothing is simulated while nobody watches. */
  vpop3_simulator_busy_set_running (self->busy, self->scenario == VPOP3_SIMULATOR_SCENARIO_BUSY &&
                                                    logged_in > 0);
  vpop3_simulator_update_garbage (self, logged_in > 0);
}

void
vpop3_simulator_note_login (Vpop3Simulator *self, Vpop3SimulatorPeer *peer)
{
  g_signal_emit (self, signals[SIGNAL_PEER_LOGGED_IN], 0, vpop3_simulator_peer_get_user (peer));
  vpop3_simulator_update_activity (self);
  if (vpop3_simulator_peer_is_logged_in (peer))
    vpop3_simulator_misbehave_after_login (self, peer);
}

void
vpop3_simulator_note_command (Vpop3Simulator *self, const char *line)
{
  g_signal_emit (self, signals[SIGNAL_COMMAND_RECEIVED], 0, line);
}

static void
stop_listening (Vpop3Simulator *self)
{
  if (self->service == NULL)
    return;
  g_socket_service_stop (self->service);
  g_socket_listener_close (G_SOCKET_LISTENER (self->service));
  g_signal_handlers_disconnect_by_data (self->service, self);
  g_clear_object (&self->service);
}

void
vpop3_simulator_request_shutdown (Vpop3Simulator *self)
{
  g_autoptr (GPtrArray) peers = vpop3_simulator_dup_peers (self);

  /* A real server stops listening too: clients must see it go away. */
  stop_listening (self);
  for (guint i = 0; i < peers->len; i++)
    vpop3_simulator_peer_close_after_flush (g_ptr_array_index (peers, i));
  g_signal_emit (self, signals[SIGNAL_SHUTDOWN_REQUESTED], 0);
}

static void
peer_line_cb (Vpop3SimulatorPeer *peer, const char *line, Vpop3Simulator *self)
{
  vpop3_simulator_handle_line (self, peer, line);
}

static void
peer_line_too_long_cb (Vpop3SimulatorPeer *peer, Vpop3Simulator *self)
{
  vpop3_simulator_peer_send_line (peer, "-ERR Line too long");
}

static void
peer_closed_cb (Vpop3SimulatorPeer *peer, Vpop3Simulator *self)
{
  g_signal_handlers_disconnect_by_data (peer, self);
  g_ptr_array_remove (self->peers, peer);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PEER_COUNT]);
  vpop3_simulator_update_activity (self);
}

static char *
new_challenge (GRand *rand)
{
  /* The vendor's shape: <3.d28.51abf1c9>. */
  return g_strdup_printf ("<%d.%03x.%08x>", g_rand_int_range (rand, 1, 10),
                          (guint) g_rand_int_range (rand, 0, 0x1000), g_rand_int (rand));
}

static gboolean
incoming_cb (GSocketService *service,
             GSocketConnection *connection,
             GObject *source_object,
             gpointer user_data)
{
  Vpop3Simulator *self = user_data;
  Vpop3SimulatorPeer *peer = vpop3_simulator_peer_new (connection, VPOP3_SIMULATOR_PEER_MAX_QUEUED);
  g_autofree char *challenge = NULL;
  g_autofree char *greeting = NULL;

  self->connections_accepted++;
  g_ptr_array_add (self->peers, peer);
  g_signal_connect (peer, "line-received", G_CALLBACK (peer_line_cb), self);
  g_signal_connect (peer, "line-too-long", G_CALLBACK (peer_line_too_long_cb), self);
  g_signal_connect (peer, "closed", G_CALLBACK (peer_closed_cb), self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PEER_COUNT]);
  if (self->cut_next >= 0)
    {
      vpop3_simulator_peer_cut_after (peer, (guint64) self->cut_next);
      self->cut_next = -1;
    }

  if (vpop3_simulator_misbehave_on_accept (self, peer))
    return TRUE;

  challenge = new_challenge (self->rand);
  vpop3_simulator_peer_set_challenge (peer, challenge);
  greeting = g_strdup_printf ("+OK VPOP3 Status Server Ready %s", challenge);
  vpop3_simulator_peer_send_line (peer, greeting);
  vpop3_simulator_peer_start (peer, FALSE);
  return TRUE;
}

static void
vpop3_simulator_dispose (GObject *object)
{
  Vpop3Simulator *self = VPOP3_SIMULATOR (object);

  stop_listening (self);
  if (self->peers != NULL)
    {
      /* Closing without telling ourselves: nobody is left to be told. */
      for (guint i = 0; i < self->peers->len; i++)
        {
          Vpop3SimulatorPeer *peer = g_ptr_array_index (self->peers, i);

          g_signal_handlers_disconnect_by_data (peer, self);
          vpop3_simulator_peer_close (peer);
        }
      g_ptr_array_set_size (self->peers, 0);
    }
  if (self->ending_sessions != NULL)
    vpop3_simulator_forget_all_endings (self);
  g_clear_handle_id (&self->garbage_source, g_source_remove);
  g_clear_object (&self->busy);
  g_clear_object (&self->state);
  g_clear_object (&self->users);

  G_OBJECT_CLASS (vpop3_simulator_parent_class)->dispose (object);
}

static void
vpop3_simulator_finalize (GObject *object)
{
  Vpop3Simulator *self = VPOP3_SIMULATOR (object);

  g_ptr_array_unref (self->peers);
  g_hash_table_unref (self->ending_sessions);
  g_rand_free (self->rand);
  g_free (self->im_refusal);

  G_OBJECT_CLASS (vpop3_simulator_parent_class)->finalize (object);
}

static void
vpop3_simulator_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  Vpop3Simulator *self = VPOP3_SIMULATOR (object);

  switch (prop_id)
    {
    case PROP_PEER_COUNT:
      g_value_set_uint (value, self->peers->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vpop3_simulator_class_init (Vpop3SimulatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vpop3_simulator_dispose;
  object_class->finalize = vpop3_simulator_finalize;
  object_class->get_property = vpop3_simulator_get_property;

  properties[PROP_PEER_COUNT] =
      g_param_spec_uint ("peer-count", NULL, NULL, 0, G_MAXUINT, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_COMMAND_RECEIVED] =
      g_signal_new ("command-received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 1, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[SIGNAL_SHUTDOWN_REQUESTED] =
      g_signal_new ("shutdown-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                    NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_PEER_LOGGED_IN] =
      g_signal_new ("peer-logged-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 1, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
vpop3_simulator_init (Vpop3Simulator *self)
{
  self->peers = g_ptr_array_new_with_free_func (g_object_unref);
  self->users = vpop3_simulator_users_new ();
  self->state = vpop3_simulator_state_new ();
  self->busy = vpop3_simulator_busy_new (self, self->state);
  self->rand = g_rand_new ();
  self->build = VPOP3_SIMULATOR_DEFAULT_BUILD;
  self->scenario = VPOP3_SIMULATOR_SCENARIO_QUIET;
  self->rate = VPOP3_SIMULATOR_DEFAULT_RATE;
  self->cut_next = -1;
  self->ending_sessions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

Vpop3Simulator *
vpop3_simulator_new (void)
{
  return g_object_new (VPOP3_TYPE_SIMULATOR, NULL);
}

void
vpop3_simulator_add_user (Vpop3Simulator *sim,
                          const char *name,
                          const char *password,
                          Vpop3Permissions permissions)
{
  g_return_if_fail (VPOP3_IS_SIMULATOR (sim));
  vpop3_simulator_users_add (sim->users, name, password, permissions);
}

void
vpop3_simulator_add_api_key (Vpop3Simulator *sim, const char *name, const char *key)
{
  g_return_if_fail (VPOP3_IS_SIMULATOR (sim));
  vpop3_simulator_users_set_api_key (sim->users, name, key);
}

gboolean
vpop3_simulator_listen (Vpop3Simulator *sim, const char *address, guint16 port, GError **error)
{
  g_autoptr (GInetAddress) inet = NULL;
  g_autoptr (GSocketAddress) wanted = NULL;
  g_autoptr (GSocketAddress) bound = NULL;
  gboolean created = FALSE;

  g_return_val_if_fail (VPOP3_IS_SIMULATOR (sim), FALSE);
  g_return_val_if_fail (address != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  inet = g_inet_address_new_from_string (address);
  if (inet == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _ ("“%s” is not an IP address"),
                   address);
      return FALSE;
    }
  wanted = g_inet_socket_address_new (inet, port);

  if (sim->service == NULL)
    {
      sim->service = g_socket_service_new ();
      g_signal_connect (sim->service, "incoming", G_CALLBACK (incoming_cb), sim);
      created = TRUE;
    }
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (sim->service), wanted,
                                      G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL, &bound,
                                      error))
    {
      if (created)
        stop_listening (sim);
      return FALSE;
    }
  sim->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_service_start (sim->service);
  return TRUE;
}

guint16
vpop3_simulator_get_port (Vpop3Simulator *sim)
{
  g_return_val_if_fail (VPOP3_IS_SIMULATOR (sim), 0);
  return sim->port;
}

void
vpop3_simulator_set_log_backlog (Vpop3Simulator *sim, guint lines)
{
  g_return_if_fail (VPOP3_IS_SIMULATOR (sim));
  sim->log_backlog = lines;
}

guint
vpop3_simulator_get_log_backlog (Vpop3Simulator *sim)
{
  g_return_val_if_fail (VPOP3_IS_SIMULATOR (sim), 0);
  return sim->log_backlog;
}

void
vpop3_simulator_set_build (Vpop3Simulator *sim, int build)
{
  g_return_if_fail (VPOP3_IS_SIMULATOR (sim));
  sim->build = build < 0 ? -1 : build;
}

void
vpop3_simulator_set_scenario (Vpop3Simulator *sim,
                              Vpop3SimulatorScenario scenario,
                              double events_per_second)
{
  gboolean was_busy;

  g_return_if_fail (VPOP3_IS_SIMULATOR (sim));

  was_busy = sim->scenario == VPOP3_SIMULATOR_SCENARIO_BUSY;
  sim->rate = events_per_second > 0.0 ? events_per_second : VPOP3_SIMULATOR_DEFAULT_RATE;
  vpop3_simulator_busy_set_rate (sim->busy, sim->rate);
  sim->scenario = scenario;
  if (!was_busy && scenario == VPOP3_SIMULATOR_SCENARIO_BUSY)
    vpop3_simulator_busy_stock_mailboxes (sim->busy);
  vpop3_simulator_update_activity (sim);
  /* A quiet server is at rest: finish the poll the busy one was in. */
  if (was_busy && scenario == VPOP3_SIMULATOR_SCENARIO_QUIET)
    vpop3_simulator_busy_settle (sim->busy);
}

Vpop3SimulatorScenario
vpop3_simulator_get_scenario (Vpop3Simulator *sim)
{
  g_return_val_if_fail (VPOP3_IS_SIMULATOR (sim), VPOP3_SIMULATOR_SCENARIO_QUIET);
  return sim->scenario;
}

double
vpop3_simulator_get_rate (Vpop3Simulator *sim)
{
  g_return_val_if_fail (VPOP3_IS_SIMULATOR (sim), VPOP3_SIMULATOR_DEFAULT_RATE);
  return sim->rate;
}

void
vpop3_simulator_set_seed (Vpop3Simulator *sim, guint32 seed)
{
  g_return_if_fail (VPOP3_IS_SIMULATOR (sim));

  /* Two streams, so that connections coming and going do not change the busy sequence. */
  g_rand_set_seed (sim->rand, seed ^ 0x9e3779b9u);
  vpop3_simulator_busy_set_seed (sim->busy, seed);
}

static void
send_to_allowed (Vpop3Simulator *sim, Vpop3UpdateType type, const char *line)
{
  g_autoptr (GPtrArray) peers = vpop3_simulator_dup_peers (sim);

  for (guint i = 0; i < peers->len; i++)
    {
      Vpop3SimulatorPeer *peer = g_ptr_array_index (peers, i);

      if (vpop3_simulator_peer_is_logged_in (peer) &&
          vpop3_simulator_may_see (vpop3_simulator_peer_get_permissions (peer), type))
        vpop3_simulator_send_update_line (sim, peer, line);
    }
}

void
vpop3_simulator_push (Vpop3Simulator *sim, const Vpop3Update *update)
{
  g_autofree char *line = NULL;

  g_return_if_fail (VPOP3_IS_SIMULATOR (sim));
  g_return_if_fail (update != NULL);

  if (update->type == VPOP3_UPDATE_UNKNOWN || update->type == VPOP3_UPDATE_REPLY)
    {
      if (update->raw != NULL)
        vpop3_simulator_send_raw (sim, update->raw);
      return;
    }

  /* Formatted before it touches the state, so a bad update changes nothing. */
  line = vpop3_update_format (update);
  if (line == NULL)
    {
      g_warning ("A %s update pushed to the simulator cannot be put on the wire",
                 vpop3_update_type_to_string (update->type));
      return;
    }

  if (update->type == VPOP3_UPDATE_SESSION_ENDED)
    vpop3_simulator_forget_ending (sim, update->id);
  vpop3_simulator_state_apply (sim->state, update);
  send_to_allowed (sim, update->type, line);
}

void
vpop3_simulator_deliver_message (Vpop3Simulator *sim,
                                 const char *to_user,
                                 const char *from,
                                 const char *text)
{
  g_autoptr (Vpop3Update) message = vpop3_update_new (VPOP3_UPDATE_MESSAGE);
  g_autoptr (GPtrArray) peers = NULL;
  g_autofree char *line = NULL;

  g_return_if_fail (VPOP3_IS_SIMULATOR (sim));
  g_return_if_fail (from != NULL && text != NULL);

  message->time = g_date_time_new_now_utc ();
  message->user = g_strdup (from);
  message->text = g_strdup (text);
  line = vpop3_update_format (message);
  if (line == NULL)
    {
      g_warning ("An instant message from %s cannot be put on the wire", from);
      return;
    }

  peers = vpop3_simulator_dup_peers (sim);
  for (guint i = 0; i < peers->len; i++)
    {
      Vpop3SimulatorPeer *peer = g_ptr_array_index (peers, i);

      if (vpop3_simulator_peer_is_logged_in (peer) &&
          (to_user == NULL ||
           vpop3_simulator_users_same_name (vpop3_simulator_peer_get_user (peer), to_user)))
        vpop3_simulator_send_update_line (sim, peer, line);
    }
}

void
vpop3_simulator_send_raw (Vpop3Simulator *sim, const char *line)
{
  g_autoptr (GPtrArray) peers = NULL;

  g_return_if_fail (VPOP3_IS_SIMULATOR (sim));
  g_return_if_fail (line != NULL);

  peers = vpop3_simulator_dup_peers (sim);
  for (guint i = 0; i < peers->len; i++)
    if (vpop3_simulator_peer_is_logged_in (g_ptr_array_index (peers, i)))
      vpop3_simulator_peer_send_line (g_ptr_array_index (peers, i), line);
}

void
vpop3_simulator_drop_all (Vpop3Simulator *sim)
{
  g_autoptr (GPtrArray) peers = NULL;

  g_return_if_fail (VPOP3_IS_SIMULATOR (sim));

  peers = vpop3_simulator_dup_peers (sim);
  for (guint i = 0; i < peers->len; i++)
    vpop3_simulator_peer_close (g_ptr_array_index (peers, i));
}

void
vpop3_simulator_hang_up_all (Vpop3Simulator *sim)
{
  g_autoptr (GPtrArray) peers = NULL;

  g_return_if_fail (VPOP3_IS_SIMULATOR (sim));

  peers = vpop3_simulator_dup_peers (sim);
  for (guint i = 0; i < peers->len; i++)
    vpop3_simulator_peer_close_after_flush (g_ptr_array_index (peers, i));
}

void
vpop3_simulator_stop (Vpop3Simulator *sim)
{
  g_return_if_fail (VPOP3_IS_SIMULATOR (sim));

  stop_listening (sim);
  vpop3_simulator_drop_all (sim);
}

void
vpop3_simulator_cut_next_connection (Vpop3Simulator *sim, gint64 bytes)
{
  g_return_if_fail (VPOP3_IS_SIMULATOR (sim));
  sim->cut_next = bytes < 0 ? -1 : bytes;
}

GPtrArray *
vpop3_simulator_dup_snapshot (Vpop3Simulator *sim)
{
  g_return_val_if_fail (VPOP3_IS_SIMULATOR (sim), NULL);
  return vpop3_simulator_state_snapshot (sim->state);
}

guint
vpop3_simulator_get_login_attempts (Vpop3Simulator *sim)
{
  g_return_val_if_fail (VPOP3_IS_SIMULATOR (sim), 0);
  return sim->login_attempts;
}

guint
vpop3_simulator_get_connections_accepted (Vpop3Simulator *sim)
{
  g_return_val_if_fail (VPOP3_IS_SIMULATOR (sim), 0);
  return sim->connections_accepted;
}

guint
vpop3_simulator_get_peer_count (Vpop3Simulator *sim)
{
  g_return_val_if_fail (VPOP3_IS_SIMULATOR (sim), 0);
  return sim->peers->len;
}

void
vpop3_simulator_set_im_refusal (Vpop3Simulator *sim, const char *text)
{
  g_return_if_fail (VPOP3_IS_SIMULATOR (sim));

  g_free (sim->im_refusal);
  sim->im_refusal = g_strdup (text);
}
