/* vpop3-simulator-poll.c: the busy server's connections to the Internet.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vpop3-simulator-poll.h"

#include "vpop3-simulator-push.h"

/* Polls are counted in events, not seconds, so that a seed repeats them. */
#define MIN_EVENTS_BETWEEN_POLLS 12
#define MAX_EVENTS_BETWEEN_POLLS 40

typedef enum
{
  PHASE_IDLE,
  PHASE_CONNECTING,
  PHASE_COLLECTING,
  PHASE_SENDING,
} Phase;

static const char *const remote_hosts[] = {
  "supplier.example",   "shop.example",     "partner.example.org",
  "vendor.example.net", "customer.example",
};

struct _Vpop3SimulatorPoll
{
  GObject parent_instance;

  Vpop3Simulator *simulator; /* unowned */
  Vpop3SimulatorState *state;
  GRand *rand; /* borrowed */
  double rate;

  Phase phase;
  guint events_to_poll;
  char *host;
  guint to_collect;
  guint collected;
  guint to_send;
  guint sent;
  guint failures;
  guint threads;
  gboolean collect_failed;
};

G_DEFINE_FINAL_TYPE (Vpop3SimulatorPoll, vpop3_simulator_poll, G_TYPE_OBJECT)

static char *
host_for_connection (const char *name)
{
  GString *host;

  if (name == NULL || g_ascii_strcasecmp (name, "Internet Mail") == 0)
    return g_strdup ("mail.example.com");

  /* "Backup Relay" → backup-relay.example.net */
  host = g_string_new (NULL);
  for (const char *p = name; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (host, g_ascii_tolower (*p));
      else if (host->len > 0 && host->str[host->len - 1] != '-')
        g_string_append_c (host, '-');
    }
  if (host->len == 0)
    g_string_append (host, "relay");
  g_string_append (host, ".example.net");
  return g_string_free (host, FALSE);
}

static void
end_poll (Vpop3SimulatorPoll *self, Vpop3PollResult result)
{
  if (result == VPOP3_POLL_RESULT_OK && (self->failures > 0 || self->collect_failed))
    result = VPOP3_POLL_RESULT_PARTIAL;

  vpop3_simulator_push_progress (self->simulator, VPOP3_PROGRESS_IDLE, VPOP3_PROGRESS_IDLE, 0);
  vpop3_simulator_push_text (self->simulator, VPOP3_UPDATE_CONNECTION, "Idle");
  vpop3_simulator_push_log (self->simulator, "Disconnected from %s (%u received, %u sent)",
                            self->host, self->collected, self->sent - self->failures);
  vpop3_simulator_push_last_poll (self->simulator, result);
  self->phase = PHASE_IDLE;
  vpop3_simulator_poll_reschedule (self, TRUE);
}

static void
begin_sending (Vpop3SimulatorPoll *self)
{
  if (self->to_send == 0)
    {
      end_poll (self, VPOP3_POLL_RESULT_OK);
      return;
    }
  self->phase = PHASE_SENDING;
  vpop3_simulator_push_text (self->simulator, VPOP3_UPDATE_CONNECTION,
                             self->threads > 0 ? "Sending mail directly (SMTP)"
                                               : "Sending mail to smtp.example.net");
  vpop3_simulator_push_progress (self->simulator, VPOP3_PROGRESS_IDLE, 0, self->threads);
}

static void
advance_connecting (Vpop3SimulatorPoll *self)
{
  if (g_rand_int_range (self->rand, 0, 100) < 6)
    {
      vpop3_simulator_push_log (self->simulator, "Unable to connect to %s: connection timed out",
                                self->host);
      end_poll (self, VPOP3_POLL_RESULT_FAILED);
      return;
    }
  vpop3_simulator_push_log (self->simulator, "Connected to %s", self->host);
  vpop3_simulator_push_text (self->simulator, VPOP3_UPDATE_CONNECTION,
                             "Receiving mail from pop.example.com");
  self->phase = PHASE_COLLECTING;
  if (self->to_collect == 0)
    {
      vpop3_simulator_push_log (self->simulator, "No new messages on pop.example.com");
      vpop3_simulator_push_progress (self->simulator, 100, VPOP3_PROGRESS_IDLE, 0);
      begin_sending (self);
    }
}

static void
advance_collecting (Vpop3SimulatorPoll *self)
{
  guint total, held;

  if (g_rand_int_range (self->rand, 0, 100) < 4)
    {
      vpop3_simulator_push_log (self->simulator,
                                "POP3 error from pop.example.com: -ERR mailbox locked");
      self->collect_failed = TRUE;
      begin_sending (self);
      return;
    }
  self->collected++;
  vpop3_simulator_push_log (self->simulator, "Retrieving message %u of %u from pop.example.com",
                            self->collected, self->to_collect);
  vpop3_simulator_state_get_inboxes (self->state, &total, &held);
  vpop3_simulator_push_counts (self->simulator, VPOP3_UPDATE_INBOXES, total + 1, held);
  vpop3_simulator_push_progress (self->simulator, (int) (self->collected * 100 / self->to_collect),
                                 VPOP3_PROGRESS_IDLE, 0);
  if (self->collected >= self->to_collect)
    begin_sending (self);
}

static void
advance_sending (Vpop3SimulatorPoll *self)
{
  const char *remote = remote_hosts[g_rand_int_range (self->rand, 0, G_N_ELEMENTS (remote_hosts))];
  guint total, held;

  vpop3_simulator_state_get_out_queue (self->state, &total, &held);
  if (total <= held)
    {
      end_poll (self, VPOP3_POLL_RESULT_OK);
      return;
    }
  self->sent++;
  if (g_rand_int_range (self->rand, 0, 100) < 5)
    {
      self->failures++;
      vpop3_simulator_push_log (
          self->simulator, "Failed to send message to mx.%s: 451 4.7.1 Try again later", remote);
    }
  else
    {
      if (self->threads > 0)
        vpop3_simulator_push_log (self->simulator, "Sending message to mx.%s (thread %d)", remote,
                                  g_rand_int_range (self->rand, 1, (gint32) self->threads + 1));
      else
        vpop3_simulator_push_log (self->simulator, "Sending message to smtp.example.net");
      vpop3_simulator_push_counts (self->simulator, VPOP3_UPDATE_OUT_QUEUE, total - 1, held);
    }
  vpop3_simulator_push_progress (self->simulator, VPOP3_PROGRESS_IDLE,
                                 (int) (self->sent * 100 / self->to_send), self->threads);
  if (self->sent >= self->to_send)
    end_poll (self, self->failures == self->to_send && self->collected == 0
                        ? VPOP3_POLL_RESULT_FAILED
                        : VPOP3_POLL_RESULT_OK);
}

static void
vpop3_simulator_poll_dispose (GObject *object)
{
  Vpop3SimulatorPoll *self = VPOP3_SIMULATOR_POLL (object);

  g_clear_object (&self->state);

  G_OBJECT_CLASS (vpop3_simulator_poll_parent_class)->dispose (object);
}

static void
vpop3_simulator_poll_finalize (GObject *object)
{
  Vpop3SimulatorPoll *self = VPOP3_SIMULATOR_POLL (object);

  g_free (self->host);

  G_OBJECT_CLASS (vpop3_simulator_poll_parent_class)->finalize (object);
}

static void
vpop3_simulator_poll_class_init (Vpop3SimulatorPollClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vpop3_simulator_poll_dispose;
  object_class->finalize = vpop3_simulator_poll_finalize;
}

static void
vpop3_simulator_poll_init (Vpop3SimulatorPoll *self)
{
  self->rate = VPOP3_SIMULATOR_DEFAULT_RATE;
  self->host = g_strdup ("mail.example.com");
}

Vpop3SimulatorPoll *
vpop3_simulator_poll_new (Vpop3Simulator *simulator, Vpop3SimulatorState *state, GRand *rand)
{
  Vpop3SimulatorPoll *self;

  g_return_val_if_fail (VPOP3_IS_SIMULATOR (simulator), NULL);
  g_return_val_if_fail (VPOP3_IS_SIMULATOR_STATE (state), NULL);
  g_return_val_if_fail (rand != NULL, NULL);

  self = g_object_new (VPOP3_TYPE_SIMULATOR_POLL, NULL);
  self->simulator = simulator;
  self->state = g_object_ref (state);
  self->rand = rand;
  vpop3_simulator_poll_reschedule (self, FALSE);
  return self;
}

void
vpop3_simulator_poll_set_rate (Vpop3SimulatorPoll *self, double events_per_second)
{
  g_return_if_fail (VPOP3_IS_SIMULATOR_POLL (self));
  g_return_if_fail (events_per_second > 0.0);
  self->rate = events_per_second;
}

gboolean
vpop3_simulator_poll_is_running (Vpop3SimulatorPoll *self)
{
  g_return_val_if_fail (VPOP3_IS_SIMULATOR_POLL (self), FALSE);
  return self->phase != PHASE_IDLE;
}

void
vpop3_simulator_poll_start (Vpop3SimulatorPoll *self, const char *connection)
{
  guint total, held;

  g_return_if_fail (VPOP3_IS_SIMULATOR_POLL (self));

  if (self->phase != PHASE_IDLE)
    return;

  g_free (self->host);
  self->host = host_for_connection (connection);
  self->phase = PHASE_CONNECTING;
  self->to_collect =
      g_rand_int_range (self->rand, 0, 100) < 30 ? 0 : (guint) g_rand_int_range (self->rand, 1, 8);
  self->collected = 0;
  vpop3_simulator_state_get_out_queue (self->state, &total, &held);
  self->to_send = total > held ? total - held : 0;
  self->sent = 0;
  self->failures = 0;
  self->collect_failed = FALSE;
  /* Now and then the server sends straight to the recipients' MX hosts. */
  self->threads = self->to_send > 0 && g_rand_int_range (self->rand, 0, 100) < 30
                      ? MIN (self->to_send, (guint) g_rand_int_range (self->rand, 1, 5))
                      : 0;

  vpop3_simulator_push_log (self->simulator, "Connecting to %s", self->host);
  {
    g_autofree char *text = g_strdup_printf ("Connecting to %s", self->host);

    vpop3_simulator_push_text (self->simulator, VPOP3_UPDATE_CONNECTION, text);
  }
  vpop3_simulator_push_progress (self->simulator, 0, VPOP3_PROGRESS_IDLE, 0);
}

void
vpop3_simulator_poll_advance (Vpop3SimulatorPoll *self)
{
  g_return_if_fail (VPOP3_IS_SIMULATOR_POLL (self));

  switch (self->phase)
    {
    case PHASE_CONNECTING:
      advance_connecting (self);
      break;
    case PHASE_COLLECTING:
      advance_collecting (self);
      break;
    case PHASE_SENDING:
      advance_sending (self);
      break;
    case PHASE_IDLE:
    default:
      break;
    }
}

void
vpop3_simulator_poll_finish (Vpop3SimulatorPoll *self)
{
  g_return_if_fail (VPOP3_IS_SIMULATOR_POLL (self));

  if (self->phase != PHASE_IDLE)
    end_poll (self, VPOP3_POLL_RESULT_OK);
}

gboolean
vpop3_simulator_poll_count_down (Vpop3SimulatorPoll *self)
{
  g_return_val_if_fail (VPOP3_IS_SIMULATOR_POLL (self), FALSE);

  if (self->phase != PHASE_IDLE)
    return FALSE;
  if (self->events_to_poll > 0)
    self->events_to_poll--;
  return self->events_to_poll == 0;
}

void
vpop3_simulator_poll_reschedule (Vpop3SimulatorPoll *self, gboolean announce)
{
  g_return_if_fail (VPOP3_IS_SIMULATOR_POLL (self));

  self->events_to_poll =
      (guint) g_rand_int_range (self->rand, MIN_EVENTS_BETWEEN_POLLS, MAX_EVENTS_BETWEEN_POLLS);
  if (announce)
    vpop3_simulator_push_next_poll (self->simulator, self->events_to_poll / self->rate);
}
