/* vpop3-simulator-misbehaviour.c: the simulator's ways of being a bad server.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vpop3-simulator-private.h"

#include <string.h>

#include "vpop3-simulator-dialect.h"
#include "vpop3-simulator-garbage.h"

#define ENDLESS_LINE_BYTES (10 * 1024 * 1024)
#define GARBAGE_PERCENT    25 /* of update lines that get a garbage line before them */
#define GARBAGE_MIN_MS     200
#define GARBAGE_MAX_MS     1500
#define DROP_MIN_MS        200
#define DROP_MAX_MS        3000

static void
send_garbage (Vpop3Simulator *self, Vpop3SimulatorPeer *peer)
{
  g_autoptr (GBytes) garbage = vpop3_simulator_garbage_line (self->rand);

  vpop3_simulator_peer_send_bytes (peer, g_bytes_get_data (garbage, NULL),
                                   g_bytes_get_size (garbage));
}

void
vpop3_simulator_send_update_line (Vpop3Simulator *self, Vpop3SimulatorPeer *peer, const char *line)
{
  g_autofree char *rewritten = vpop3_simulator_dialect_rewrite (self->dialect, line);

  if (rewritten == NULL)
    return;
  line = rewritten;
  if (self->misbehaviour == VPOP3_SIMULATOR_MISBEHAVIOUR_GARBAGE &&
      g_rand_int_range (self->rand, 0, 100) < GARBAGE_PERCENT)
    send_garbage (self, peer);
  vpop3_simulator_peer_send_line (peer, line);
}

static gboolean
garbage_cb (gpointer user_data)
{
  Vpop3Simulator *self = user_data;
  g_autoptr (GPtrArray) peers = vpop3_simulator_dup_peers (self);

  self->garbage_source = 0;
  for (guint i = 0; i < peers->len; i++)
    if (vpop3_simulator_peer_is_logged_in (g_ptr_array_index (peers, i)))
      send_garbage (self, g_ptr_array_index (peers, i));
  vpop3_simulator_update_activity (self);
  return G_SOURCE_REMOVE;
}

/* Garbage also comes on its own, so that a quiet server sends some too. */
void
vpop3_simulator_update_garbage (Vpop3Simulator *self, gboolean anyone_logged_in)
{
  if (self->misbehaviour != VPOP3_SIMULATOR_MISBEHAVIOUR_GARBAGE || !anyone_logged_in)
    {
      g_clear_handle_id (&self->garbage_source, g_source_remove);
      return;
    }
  if (self->garbage_source == 0)
    self->garbage_source = g_timeout_add (
        (guint) g_rand_int_range (self->rand, GARBAGE_MIN_MS, GARBAGE_MAX_MS), garbage_cb, self);
}

static void
send_http_refusal (Vpop3SimulatorPeer *peer)
{
  static const char body[] = "<html><head><title>400 Bad Request</title></head>"
                             "<body><h1>Bad Request</h1></body></html>\n";
  g_autofree char *response = g_strdup_printf ("HTTP/1.1 400 Bad Request\r\n"
                                               "Content-Type: text/html\r\n"
                                               "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                                               "Connection: close\r\n"
                                               "\r\n"
                                               "%s",
                                               strlen (body), body);

  vpop3_simulator_peer_send_bytes (peer, response, strlen (response));
}

gboolean
vpop3_simulator_misbehave_on_accept (Vpop3Simulator *self, Vpop3SimulatorPeer *peer)
{
  switch (self->misbehaviour)
    {
    case VPOP3_SIMULATOR_MISBEHAVIOUR_SILENT:
      /* Read and ignore, so the client's bytes do not pile up; never answer. */
      vpop3_simulator_peer_start (peer, TRUE);
      return TRUE;
    case VPOP3_SIMULATOR_MISBEHAVIOUR_NOT_VPOP3:
      vpop3_simulator_peer_start (peer, TRUE);
      send_http_refusal (peer);
      vpop3_simulator_peer_close_after_flush (peer);
      return TRUE;
    case VPOP3_SIMULATOR_MISBEHAVIOUR_DENY:
      vpop3_simulator_peer_start (peer, TRUE);
      vpop3_simulator_peer_send_line (peer, "-ERR VPOP3 Server access not allowed!");
      vpop3_simulator_peer_close_after_flush (peer);
      return TRUE;
    case VPOP3_SIMULATOR_MISBEHAVIOUR_DRIP:
      vpop3_simulator_peer_set_drip (peer, TRUE);
      return FALSE;
    case VPOP3_SIMULATOR_MISBEHAVIOUR_NONE:
    case VPOP3_SIMULATOR_MISBEHAVIOUR_GARBAGE:
    case VPOP3_SIMULATOR_MISBEHAVIOUR_DROP:
    case VPOP3_SIMULATOR_MISBEHAVIOUR_REFUSE_ALL:
    case VPOP3_SIMULATOR_MISBEHAVIOUR_ENDLESS:
    default:
      return FALSE;
    }
}

void
vpop3_simulator_misbehave_after_login (Vpop3Simulator *self, Vpop3SimulatorPeer *peer)
{
  g_autofree char *partial = NULL;

  switch (self->misbehaviour)
    {
    case VPOP3_SIMULATOR_MISBEHAVIOUR_DROP:
      /* Half the time the connection dies in the middle of a line. */
      if (g_rand_boolean (self->rand))
        partial = vpop3_simulator_garbage_partial_line (self->rand);
      vpop3_simulator_peer_schedule_drop (
          peer, (guint) g_rand_int_range (self->rand, DROP_MIN_MS, DROP_MAX_MS + 1), partial);
      break;
    case VPOP3_SIMULATOR_MISBEHAVIOUR_ENDLESS:
      vpop3_simulator_peer_start_endless (peer, ENDLESS_LINE_BYTES);
      break;
    case VPOP3_SIMULATOR_MISBEHAVIOUR_NONE:
    case VPOP3_SIMULATOR_MISBEHAVIOUR_GARBAGE:
    case VPOP3_SIMULATOR_MISBEHAVIOUR_DRIP:
    case VPOP3_SIMULATOR_MISBEHAVIOUR_NOT_VPOP3:
    case VPOP3_SIMULATOR_MISBEHAVIOUR_DENY:
    case VPOP3_SIMULATOR_MISBEHAVIOUR_REFUSE_ALL:
    case VPOP3_SIMULATOR_MISBEHAVIOUR_SILENT:
    default:
      break;
    }
}

void
vpop3_simulator_set_misbehaviour (Vpop3Simulator *sim, Vpop3SimulatorMisbehaviour misbehaviour)
{
  g_autoptr (GPtrArray) peers = NULL;

  g_return_if_fail (VPOP3_IS_SIMULATOR (sim));

  sim->misbehaviour = misbehaviour;
  /* Connection-level modes (drip, drop, endless, garbage) turn open
   * connections bad too, so a test can spoil a good session; greeting-level
   * ones (deny, silent, not-vpop3) and refuse-all apply from the next
   * connection or login. */
  peers = vpop3_simulator_dup_peers (sim);
  for (guint i = 0; i < peers->len; i++)
    {
      Vpop3SimulatorPeer *peer = g_ptr_array_index (peers, i);

      vpop3_simulator_peer_set_drip (peer, misbehaviour == VPOP3_SIMULATOR_MISBEHAVIOUR_DRIP);
      if (misbehaviour != VPOP3_SIMULATOR_MISBEHAVIOUR_DROP)
        vpop3_simulator_peer_cancel_drop (peer);
      if (vpop3_simulator_peer_is_logged_in (peer))
        vpop3_simulator_misbehave_after_login (sim, peer);
    }
  vpop3_simulator_update_activity (sim);
}

Vpop3SimulatorMisbehaviour
vpop3_simulator_get_misbehaviour (Vpop3Simulator *sim)
{
  g_return_val_if_fail (VPOP3_IS_SIMULATOR (sim), VPOP3_SIMULATOR_MISBEHAVIOUR_NONE);
  return sim->misbehaviour;
}

void
vpop3_simulator_set_dialect (Vpop3Simulator *sim, Vpop3SimulatorDialect dialect)
{
  g_return_if_fail (VPOP3_IS_SIMULATOR (sim));
  sim->dialect = dialect;
}

Vpop3SimulatorDialect
vpop3_simulator_get_dialect (Vpop3Simulator *sim)
{
  g_return_val_if_fail (VPOP3_IS_SIMULATOR (sim), VPOP3_SIMULATOR_DIALECT_OURS);
  return sim->dialect;
}
