/* vpop3-simulator-dialogue.c: login, burst and commands of one simulator peer.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vpop3-simulator-private.h"

#include <string.h>

#include "vpop3-command.h"
#include "vpop3-login.h"
#include "vpop3-simulator-backlog.h"

#define SESSION_END_DELAY_MS 400

typedef struct
{
  Vpop3Simulator *simulator; /* unowned: dispose removes the timers */
  char *id;
} EndingSession;

static void
ending_session_free (EndingSession *ending)
{
  g_free (ending->id);
  g_free (ending);
}

static gboolean
end_session_cb (gpointer user_data)
{
  EndingSession *ending = user_data;
  g_autoptr (Vpop3Update) ended = vpop3_update_new (VPOP3_UPDATE_SESSION_ENDED);

  ended->id = g_strdup (ending->id);
  g_hash_table_remove (ending->simulator->ending_sessions, ending->id);
  vpop3_simulator_push (ending->simulator, ended);
  return G_SOURCE_REMOVE;
}

/* The server closes the session's socket; the session ends when it notices. */
static void
end_session_later (Vpop3Simulator *self, const char *id)
{
  EndingSession *ending;
  guint source;

  if (g_hash_table_contains (self->ending_sessions, id))
    return;
  ending = g_new0 (EndingSession, 1);
  ending->simulator = self;
  ending->id = g_strdup (id);
  source = g_timeout_add_full (G_PRIORITY_DEFAULT, SESSION_END_DELAY_MS, end_session_cb, ending,
                               (GDestroyNotify) ending_session_free);
  g_hash_table_insert (self->ending_sessions, g_strdup (id), GUINT_TO_POINTER (source));
}

void
vpop3_simulator_forget_ending (Vpop3Simulator *self, const char *id)
{
  gpointer source;

  if (id != NULL && g_hash_table_lookup_extended (self->ending_sessions, id, NULL, &source))
    {
      g_source_remove (GPOINTER_TO_UINT (source));
      g_hash_table_remove (self->ending_sessions, id);
    }
}

void
vpop3_simulator_forget_all_endings (Vpop3Simulator *self)
{
  GHashTableIter iter;
  gpointer source;

  g_hash_table_iter_init (&iter, self->ending_sessions);
  while (g_hash_table_iter_next (&iter, NULL, &source))
    g_source_remove (GPOINTER_TO_UINT (source));
  g_hash_table_remove_all (self->ending_sessions);
}

/* Who may see what. Provisional, like the extension itself: the vendor names
 * the six permissions of a "P" line but not which lines each one gates.
 *   view connection status   → 1 2 3 6 7
 *   view queue counts        → 4
 *   view per-user counts     → 5 U
 *   view activity log        → 0
 *   all six (administrator)  → 8 9 H, and the ENDSESSION command
 *   everyone                 → P, M, and the IM and QUIT commands
 * CONNECT needs "make VPOP3 connect", SHUTDOWN "make VPOP3 shut down". */
gboolean
vpop3_simulator_may_see (Vpop3Permissions permissions, Vpop3UpdateType type)
{
  switch (type)
    {
    case VPOP3_UPDATE_CONNECTION:
    case VPOP3_UPDATE_NEXT_POLL:
    case VPOP3_UPDATE_LAST_POLL:
    case VPOP3_UPDATE_PROGRESS:
    case VPOP3_UPDATE_CONNECTIONS:
      return (permissions & VPOP3_PERMISSION_VIEW_CONNECTION) != 0;
    case VPOP3_UPDATE_OUT_QUEUE:
      return (permissions & VPOP3_PERMISSION_VIEW_QUEUES) != 0;
    case VPOP3_UPDATE_INBOXES:
    case VPOP3_UPDATE_MAILBOX:
      return (permissions & VPOP3_PERMISSION_VIEW_USER_QUEUES) != 0;
    case VPOP3_UPDATE_LOG:
      return (permissions & VPOP3_PERMISSION_VIEW_LOG) != 0;
    case VPOP3_UPDATE_SESSION:
    case VPOP3_UPDATE_SESSION_ENDED:
    case VPOP3_UPDATE_HOUSEKEEPER:
      return (permissions & VPOP3_PERMISSION_ALL) == VPOP3_PERMISSION_ALL;
    case VPOP3_UPDATE_MESSAGE:
    case VPOP3_UPDATE_PERMISSIONS:
    case VPOP3_UPDATE_UNKNOWN:
    case VPOP3_UPDATE_REPLY:
    default:
      return TRUE;
    }
}

static gboolean
is_administrator (Vpop3Permissions permissions)
{
  return (permissions & VPOP3_PERMISSION_ALL) == VPOP3_PERMISSION_ALL;
}

/* The burst after a login: "P", then what the user may see of the state.
 * With a log backlog, the recent log waits behind the older lines. */
static void
send_burst (Vpop3Simulator *self, Vpop3SimulatorPeer *peer)
{
  Vpop3Permissions permissions = vpop3_simulator_peer_get_permissions (peer);
  g_autoptr (Vpop3Update) granted = vpop3_update_new (VPOP3_UPDATE_PERMISSIONS);
  g_autoptr (GPtrArray) burst = vpop3_simulator_state_snapshot (self->state);
  g_autofree char *permissions_line = NULL;
  gboolean backlog =
      self->log_backlog > 0 && vpop3_simulator_may_see (permissions, VPOP3_UPDATE_LOG);
  g_autoptr (GPtrArray) recent_log = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GDateTime) backlog_end = g_date_time_new_now_utc ();

  granted->permissions = permissions;
  permissions_line = vpop3_update_format (granted);
  if (permissions_line != NULL)
    vpop3_simulator_send_update_line (self, peer, permissions_line);

  for (guint i = 0; i < burst->len; i++)
    {
      Vpop3Update *update = g_ptr_array_index (burst, i);
      g_autofree char *line = NULL;

      if (!vpop3_simulator_may_see (permissions, update->type))
        continue;
      line = vpop3_update_format (update);
      if (line == NULL)
        {
          g_warning ("The simulator's state holds a %s update that cannot be formatted",
                     vpop3_update_type_to_string (update->type));
          continue;
        }
      if (backlog && update->type == VPOP3_UPDATE_LOG)
        {
          if (recent_log->len == 0 && update->time != NULL)
            {
              g_date_time_unref (backlog_end);
              backlog_end = g_date_time_ref (update->time);
            }
          g_ptr_array_add (recent_log, g_steal_pointer (&line));
          continue;
        }
      vpop3_simulator_send_update_line (self, peer, line);
    }

  if (backlog)
    {
      g_autoptr (Vpop3SimulatorBacklog) feeder =
          vpop3_simulator_backlog_new (self->log_backlog, backlog_end, recent_log);

      vpop3_simulator_backlog_start (feeder, peer);
    }
}

/* Returns FALSE when @line is not a login line. */
static gboolean
handle_login (Vpop3Simulator *self, Vpop3SimulatorPeer *peer, const char *line)
{
  /* LOGIN's password is the rest of the line, spaces and all. */
  g_auto (GStrv) words = g_strsplit (line, " ", 3);
  Vpop3AuthMethod method;
  const char *name = NULL;
  Vpop3Permissions permissions = VPOP3_PERMISSION_NONE;
  g_autofree char *reply = NULL;

  /* The keywords are the method names, matched without regard to case. */
  if (words[0] == NULL || !vpop3_auth_method_from_string (words[0], &method))
    return FALSE;

  self->login_attempts++;
  if (vpop3_simulator_peer_is_logged_in (peer))
    {
      vpop3_simulator_peer_send_line (peer, "-ERR Already logged in");
      return TRUE;
    }
  /* Every failure gets the same text, as a server should: no hint whether the user exists. */
  if (self->misbehaviour == VPOP3_SIMULATOR_MISBEHAVIOUR_REFUSE_ALL || words[1] == NULL ||
      !vpop3_simulator_users_check (self->users, method, words[1], words[2],
                                    vpop3_simulator_peer_get_challenge (peer), &name, &permissions))
    {
      vpop3_simulator_peer_send_line (peer, "-ERR Login failed");
      return TRUE;
    }

  vpop3_simulator_peer_set_logged_in (peer, name, permissions);
  reply = self->build >= 0 ? g_strdup_printf ("+OK Logged in OK (Build %d)", self->build)
                           : g_strdup ("+OK Logged in OK");
  /* The reply and its burst leave together: written apart, a client could
   * see the reply, then a pause as long as the simulator is slow to get to
   * the next write, and take the burst for over (vpop3ctl's --settle). */
  vpop3_simulator_peer_hold_output (peer);
  vpop3_simulator_peer_send_line (peer, reply);
  send_burst (self, peer);
  vpop3_simulator_peer_release_output (peer);
  vpop3_simulator_note_login (self, peer);
  return TRUE;
}

static gboolean
is_command_keyword (const char *line)
{
  g_autofree char *keyword = g_strndup (line, strcspn (line, " "));

  for (int type = VPOP3_COMMAND_CONNECT; type <= VPOP3_COMMAND_QUIT; type++)
    if (g_ascii_strcasecmp (keyword, vpop3_command_type_to_keyword (type)) == 0)
      return TRUE;
  return FALSE;
}

static void
command_connect (Vpop3Simulator *self, Vpop3SimulatorPeer *peer, const Vpop3Command *command)
{
  const char *connection;
  g_autofree char *reply = NULL;

  if ((vpop3_simulator_peer_get_permissions (peer) & VPOP3_PERMISSION_CONNECT) == 0)
    {
      vpop3_simulator_peer_send_line (peer, "-ERR Permission denied");
      return;
    }
  connection = vpop3_simulator_state_find_connection (self->state, command->target);
  if (connection == NULL)
    {
      vpop3_simulator_peer_send_line (peer, "-ERR Unknown connection");
      return;
    }
  reply = g_strdup_printf ("+OK Connecting to %s", connection);
  vpop3_simulator_peer_send_line (peer, reply);
  if (self->scenario == VPOP3_SIMULATOR_SCENARIO_BUSY)
    vpop3_simulator_busy_start_poll (self->busy, connection);
}

static void
command_end_session (Vpop3Simulator *self, Vpop3SimulatorPeer *peer, const Vpop3Command *command)
{
  if (!is_administrator (vpop3_simulator_peer_get_permissions (peer)))
    {
      vpop3_simulator_peer_send_line (peer, "-ERR Permission denied");
      return;
    }
  if (command->target == NULL || !vpop3_simulator_state_has_session (self->state, command->target))
    {
      vpop3_simulator_peer_send_line (peer, "-ERR No such session");
      return;
    }
  vpop3_simulator_peer_send_line (peer, "+OK Session ended");
  end_session_later (self, command->target);
}

static void
command_im (Vpop3Simulator *self, Vpop3SimulatorPeer *peer, const Vpop3Command *command)
{
  const char *sender = vpop3_simulator_peer_get_user (peer);
  gboolean online = FALSE;

  if (self->im_refusal != NULL)
    {
      g_autofree char *reply = g_strdup_printf ("-ERR %s", self->im_refusal);

      vpop3_simulator_peer_send_line (peer, reply);
      return;
    }
  vpop3_simulator_peer_send_line (peer, "+OK Message sent");
  for (guint i = 0; i < self->peers->len; i++)
    {
      Vpop3SimulatorPeer *other = g_ptr_array_index (self->peers, i);

      if (vpop3_simulator_peer_is_logged_in (other) &&
          vpop3_simulator_users_same_name (vpop3_simulator_peer_get_user (other), command->target))
        online = TRUE;
    }
  vpop3_simulator_deliver_message (self, command->target, sender, command->text);
  /* Nobody there to read it: in the busy office, a colleague answers. */
  if (!online && self->scenario == VPOP3_SIMULATOR_SCENARIO_BUSY)
    vpop3_simulator_busy_answer_message (self->busy, sender, command->target);
}

static void
handle_command (Vpop3Simulator *self, Vpop3SimulatorPeer *peer, const char *line)
{
  g_autoptr (Vpop3Command) command = NULL;
  Vpop3Permissions permissions = vpop3_simulator_peer_get_permissions (peer);

  vpop3_simulator_note_command (self, line);
  if (!vpop3_simulator_peer_is_logged_in (peer))
    return;

  command = vpop3_command_parse (line);
  if (command == NULL)
    {
      vpop3_simulator_peer_send_line (peer, is_command_keyword (line) ? "-ERR Syntax error"
                                                                      : "-ERR Unknown command");
      return;
    }

  switch (command->type)
    {
    case VPOP3_COMMAND_CONNECT:
      command_connect (self, peer, command);
      break;
    case VPOP3_COMMAND_SHUTDOWN:
      if ((permissions & VPOP3_PERMISSION_SHUTDOWN) == 0)
        {
          vpop3_simulator_peer_send_line (peer, "-ERR Permission denied");
          break;
        }
      vpop3_simulator_peer_send_line (peer, "+OK Shutting down");
      vpop3_simulator_request_shutdown (self);
      break;
    case VPOP3_COMMAND_END_SESSION:
      command_end_session (self, peer, command);
      break;
    case VPOP3_COMMAND_IM:
      command_im (self, peer, command);
      break;
    case VPOP3_COMMAND_QUIT:
      vpop3_simulator_peer_send_line (peer, "+OK Bye");
      vpop3_simulator_peer_close_after_flush (peer);
      break;
    default:
      vpop3_simulator_peer_send_line (peer, "-ERR Unknown command");
      break;
    }
}

void
vpop3_simulator_handle_line (Vpop3Simulator *self, Vpop3SimulatorPeer *peer, const char *line)
{
  if (handle_login (self, peer, line))
    return;
  if (!vpop3_simulator_peer_is_logged_in (peer))
    {
      vpop3_simulator_peer_send_line (peer, "-ERR Not logged in");
      return;
    }
  handle_command (self, peer, line);
}
