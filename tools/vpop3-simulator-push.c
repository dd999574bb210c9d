/* vpop3-simulator-push.c: shorthands for pushing common updates.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vpop3-simulator-push.h"

void
vpop3_simulator_push_text (Vpop3Simulator *sim, Vpop3UpdateType type, const char *text)
{
  g_autoptr (Vpop3Update) update = vpop3_update_new (type);

  update->text = g_strdup (text);
  vpop3_simulator_push (sim, update);
}

void
vpop3_simulator_push_log (Vpop3Simulator *sim, const char *format, ...)
{
  g_autoptr (Vpop3Update) update = vpop3_update_new (VPOP3_UPDATE_LOG);
  va_list args;

  va_start (args, format);
  update->text = g_strdup_vprintf (format, args);
  va_end (args);
  update->time = g_date_time_new_now_utc ();
  vpop3_simulator_push (sim, update);
}

void
vpop3_simulator_push_counts (Vpop3Simulator *sim, Vpop3UpdateType type, guint total, guint held)
{
  g_autoptr (Vpop3Update) update = vpop3_update_new (type);

  update->total = total;
  update->held = MIN (held, total);
  vpop3_simulator_push (sim, update);
}

void
vpop3_simulator_push_progress (Vpop3Simulator *sim, int collect, int send, guint threads)
{
  g_autoptr (Vpop3Update) update = vpop3_update_new (VPOP3_UPDATE_PROGRESS);

  update->collect = collect;
  update->send = send;
  update->threads = threads;
  vpop3_simulator_push (sim, update);
}

void
vpop3_simulator_push_next_poll (Vpop3Simulator *sim, double seconds)
{
  g_autoptr (Vpop3Update) update = vpop3_update_new (VPOP3_UPDATE_NEXT_POLL);
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();

  update->time = g_date_time_add_seconds (now, seconds);
  vpop3_simulator_push (sim, update);
}

void
vpop3_simulator_push_last_poll (Vpop3Simulator *sim, Vpop3PollResult result)
{
  g_autoptr (Vpop3Update) update = vpop3_update_new (VPOP3_UPDATE_LAST_POLL);

  update->time = g_date_time_new_now_utc ();
  update->result = result;
  vpop3_simulator_push (sim, update);
}
