/* vpop3-simulator-busy.c: the busy scenario, a server with lots going on.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vpop3-simulator-busy.h"

#include <math.h>

#include "vpop3-simulator-poll.h"
#include "vpop3-simulator-push.h"

/* Every decision is drawn from self->rand and counted in events, never in
 * wall-clock time, so that a seed repeats the same sequence of updates. */

#define MAX_SESSIONS 14
#define N_KINDS      5

static const char *const kind_names[N_KINDS] = {
  "SMTP Server", "POP3 Server", "IMAP4 Server", "WebMail", "Minger Server",
};
static const guint kind_first_numbers[N_KINDS] = { 120, 44, 6, 2, 1 };
static const char *const kind_details[N_KINDS][5] = {
  { "Connected", "MAIL FROM", "RCPT TO", "Receiving message", "QUIT" },
  { "Authenticated", "Listing messages", "RETR 2", "DELE 2", "UIDL" },
  { "IDLE", "FETCH", "SELECT INBOX", "SEARCH", "STORE" },
  { "Reading inbox", "Composing message", "Viewing message", "Searching", "Address book" },
  { "Query", "Lookup", "Query", "Lookup", "Query" },
};

static const char *const users[] = {
  "sarah", "james", "priya", "tom", "olga", "reception", "accounts",
};
static const char *const outsiders[] = {
  "orders@supplier.example",    "newsletter@shop.example", "anna@partner.example.org",
  "support@vendor.example.net", "bob@customer.example",
};
static const char *const housekeeper_texts[] = {
  "Idle",
  "Checking mailbox sizes",
  "Purging deleted messages",
  "Compacting message store",
  "Expiring old log files",
  "Updating spam filter statistics",
};
static const char *const office_messages[] = {
  "Your 3 o'clock visitor has arrived",
  "Can someone look at the printer?",
  "Lunch order goes in at 12",
  "Server maintenance tonight at 8 pm",
  "Please call me back when you are free",
};
static const char *const replies[] = {
  "Thanks!", "On my way", "OK, will do", "Give me five minutes", "Noted",
};

#define PICK(rand, array) ((array)[g_rand_int_range ((rand), 0, G_N_ELEMENTS (array))])

typedef struct
{
  Vpop3SimulatorBusy *busy; /* unowned: the busy object removes its answers when disposed */
  char *to;
  char *from;
  char *text;
  guint source;
} Answer;

struct _Vpop3SimulatorBusy
{
  GObject parent_instance;

  Vpop3Simulator *simulator; /* unowned: it owns us */
  Vpop3SimulatorState *state;
  Vpop3SimulatorPoll *poll;
  GRand *rand;
  double rate;
  gboolean running;
  guint tick_source;
  guint next_session_id;
  guint kind_numbers[N_KINDS];
  GPtrArray *answers; /* Answer */
};

G_DEFINE_FINAL_TYPE (Vpop3SimulatorBusy, vpop3_simulator_busy, G_TYPE_OBJECT)

static void schedule_tick (Vpop3SimulatorBusy *self);

static void
session_start (Vpop3SimulatorBusy *self)
{
  g_autoptr (Vpop3Update) update = vpop3_update_new (VPOP3_UPDATE_SESSION);
  int kind = g_rand_int_range (self->rand, 0, N_KINDS);
  guint host = (guint) g_rand_int_range (self->rand, 10, 250);

  update->id = g_strdup_printf ("%u", self->next_session_id++);
  update->session_type = g_strdup_printf ("%s (%u)", kind_names[kind], ++self->kind_numbers[kind]);
  /* Mail from outside arrives from a bare address; users log in from the LAN. */
  if (kind == 0 && g_rand_boolean (self->rand))
    update->user = g_strdup_printf ("203.0.113.%u", host);
  else if (kind == 4)
    update->user = g_strdup_printf ("192.168.1.%u", host);
  else
    update->user = g_strdup_printf ("%s (192.168.1.%u)", PICK (self->rand, users), host);
  update->seconds = 0;
  update->text = g_strdup (kind_details[kind][0]);
  vpop3_simulator_push (self->simulator, update);
}

static void
session_change (Vpop3SimulatorBusy *self, guint index)
{
  g_autoptr (Vpop3Update) update = vpop3_simulator_state_dup_session (self->state, index);
  const char *detail = "Active";

  for (int kind = 0; kind < N_KINDS; kind++)
    if (update->session_type != NULL && g_str_has_prefix (update->session_type, kind_names[kind]))
      detail = kind_details[kind][g_rand_int_range (self->rand, 0, 5)];
  g_free (update->text);
  update->text = g_strdup (detail);
  vpop3_simulator_push (self->simulator, update);
}

static void
session_end (Vpop3SimulatorBusy *self, guint index)
{
  g_autoptr (Vpop3Update) session = vpop3_simulator_state_dup_session (self->state, index);
  g_autoptr (Vpop3Update) update = vpop3_update_new (VPOP3_UPDATE_SESSION_ENDED);

  update->id = g_strdup (session->id);
  vpop3_simulator_push (self->simulator, update);
}

/* A user's mailbox ("U") grows or shrinks by @delta (never below zero);
 * no random draw, so the sequence of events stays what the seed makes it. */
static void
mailbox_change (Vpop3SimulatorBusy *self, const char *user, int delta)
{
  g_autoptr (Vpop3Update) update = vpop3_update_new (VPOP3_UPDATE_MAILBOX);
  guint total, held;

  vpop3_simulator_state_get_mailbox (self->state, user, &total, &held);
  update->user = g_strdup (user);
  update->total = delta < 0 ? total - MIN (total, (guint) -delta) : total + (guint) delta;
  update->held = MIN (held, update->total);
  if (update->total != total || update->held != held)
    vpop3_simulator_push (self->simulator, update);
}

static void
mail_event (Vpop3SimulatorBusy *self, int roll)
{
  guint total, held;

  if (roll < 22)
    {
      /* Users send mail: it waits in the out queue for the next poll. */
      vpop3_simulator_state_get_out_queue (self->state, &total, &held);
      if (g_rand_int_range (self->rand, 0, 100) < 5)
        held++;
      vpop3_simulator_push_log (self->simulator, "Message from %s queued for %s",
                                PICK (self->rand, users), PICK (self->rand, outsiders));
      vpop3_simulator_push_counts (self->simulator, VPOP3_UPDATE_OUT_QUEUE, total + 1, held);
    }
  else if (roll < 34)
    {
      const char *user = PICK (self->rand, users);
      const char *from = PICK (self->rand, outsiders);

      vpop3_simulator_state_get_inboxes (self->state, &total, &held);
      vpop3_simulator_push_log (self->simulator, "Received message for %s from %s via SMTP", user,
                                from);
      vpop3_simulator_push_counts (self->simulator, VPOP3_UPDATE_INBOXES, total + 1, held);
      mailbox_change (self, user, 1);
    }
  else
    {
      guint taken;
      const char *user;

      vpop3_simulator_state_get_inboxes (self->state, &total, &held);
      if (total <= held)
        return;
      taken = (guint) g_rand_int_range (self->rand, 1, (gint32) MIN (total - held, 4u) + 1);
      user = PICK (self->rand, users);
      vpop3_simulator_push_log (self->simulator, "%s collected %u message%s (POP3)", user, taken,
                                taken == 1 ? "" : "s");
      vpop3_simulator_push_counts (self->simulator, VPOP3_UPDATE_INBOXES, total - taken, held);
      mailbox_change (self, user, -(int) taken);
    }
}

/* Life in the office, between and during polls. */
static void
background_event (Vpop3SimulatorBusy *self)
{
  guint sessions = vpop3_simulator_state_get_session_count (self->state);
  int roll = g_rand_int_range (self->rand, 0, 100);
  guint total, held;

  if (roll < 50)
    mail_event (self, roll);
  else if (roll < 64 && sessions < MAX_SESSIONS)
    session_start (self);
  else if (roll >= 64 && roll < 78 && sessions > 0)
    session_change (self, (guint) g_rand_int_range (self->rand, 0, (gint32) sessions));
  else if (roll >= 78 && roll < 90 && sessions > 1)
    session_end (self, (guint) g_rand_int_range (self->rand, 0, (gint32) sessions));
  else if (roll >= 90 && roll < 96)
    vpop3_simulator_push_text (self->simulator, VPOP3_UPDATE_HOUSEKEEPER,
                               PICK (self->rand, housekeeper_texts));
  else if (roll >= 96 && roll < 98)
    vpop3_simulator_deliver_message (self->simulator, NULL, PICK (self->rand, users),
                                     PICK (self->rand, office_messages));
  else if (roll >= 98)
    {
      vpop3_simulator_state_get_out_queue (self->state, &total, &held);
      if (held > 0)
        {
          vpop3_simulator_push_log (self->simulator, "Held message released for delivery");
          vpop3_simulator_push_counts (self->simulator, VPOP3_UPDATE_OUT_QUEUE, total, held - 1);
        }
    }
}

static void
step (Vpop3SimulatorBusy *self)
{
  if (vpop3_simulator_poll_is_running (self->poll))
    {
      if (g_rand_int_range (self->rand, 0, 100) < 75)
        vpop3_simulator_poll_advance (self->poll);
      else
        background_event (self);
    }
  else if (vpop3_simulator_poll_count_down (self->poll))
    {
      vpop3_simulator_poll_start (self->poll, NULL);
    }
  else
    {
      background_event (self);
    }
}

static gboolean
tick_cb (gpointer user_data)
{
  Vpop3SimulatorBusy *self = user_data;
  /* Past 1000 events a second one timer tick carries several. */
  guint events = (guint) MAX (1.0, round (self->rate / 1000.0));

  self->tick_source = 0;
  for (guint i = 0; i < events && self->running; i++)
    step (self);
  schedule_tick (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_tick (Vpop3SimulatorBusy *self)
{
  double delay_ms;

  if (!self->running || self->tick_source != 0)
    return;
  delay_ms = 1000.0 / self->rate * (0.5 + g_rand_double (self->rand));
  self->tick_source = g_timeout_add ((guint) MAX (1.0, delay_ms), tick_cb, self);
}

static void
answer_free (Answer *answer)
{
  g_clear_handle_id (&answer->source, g_source_remove);
  g_free (answer->to);
  g_free (answer->from);
  g_free (answer->text);
  g_free (answer);
}

static gboolean
answer_cb (gpointer user_data)
{
  Answer *answer = user_data;

  answer->source = 0;
  vpop3_simulator_deliver_message (answer->busy->simulator, answer->to, answer->from, answer->text);
  g_ptr_array_remove (answer->busy->answers, answer);
  return G_SOURCE_REMOVE;
}

static void
vpop3_simulator_busy_dispose (GObject *object)
{
  Vpop3SimulatorBusy *self = VPOP3_SIMULATOR_BUSY (object);

  g_clear_handle_id (&self->tick_source, g_source_remove);
  if (self->answers != NULL)
    g_ptr_array_set_size (self->answers, 0);
  g_clear_object (&self->poll);
  g_clear_object (&self->state);

  G_OBJECT_CLASS (vpop3_simulator_busy_parent_class)->dispose (object);
}

static void
vpop3_simulator_busy_finalize (GObject *object)
{
  Vpop3SimulatorBusy *self = VPOP3_SIMULATOR_BUSY (object);

  g_ptr_array_unref (self->answers);
  g_rand_free (self->rand);

  G_OBJECT_CLASS (vpop3_simulator_busy_parent_class)->finalize (object);
}

static void
vpop3_simulator_busy_class_init (Vpop3SimulatorBusyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vpop3_simulator_busy_dispose;
  object_class->finalize = vpop3_simulator_busy_finalize;
}

static void
vpop3_simulator_busy_init (Vpop3SimulatorBusy *self)
{
  self->rand = g_rand_new ();
  self->rate = VPOP3_SIMULATOR_DEFAULT_RATE;
  self->answers = g_ptr_array_new_with_free_func ((GDestroyNotify) answer_free);
  self->next_session_id = 1100;
  for (int i = 0; i < N_KINDS; i++)
    self->kind_numbers[i] = kind_first_numbers[i];
}

Vpop3SimulatorBusy *
vpop3_simulator_busy_new (Vpop3Simulator *simulator, Vpop3SimulatorState *state)
{
  Vpop3SimulatorBusy *self;

  g_return_val_if_fail (VPOP3_IS_SIMULATOR (simulator), NULL);
  g_return_val_if_fail (VPOP3_IS_SIMULATOR_STATE (state), NULL);

  self = g_object_new (VPOP3_TYPE_SIMULATOR_BUSY, NULL);
  self->simulator = simulator;
  self->state = g_object_ref (state);
  self->poll = vpop3_simulator_poll_new (simulator, state, self->rand);
  return self;
}

void
vpop3_simulator_busy_set_seed (Vpop3SimulatorBusy *self, guint32 seed)
{
  g_return_if_fail (VPOP3_IS_SIMULATOR_BUSY (self));

  g_rand_set_seed (self->rand, seed);
  vpop3_simulator_poll_reschedule (self->poll, FALSE);
}

void
vpop3_simulator_busy_set_rate (Vpop3SimulatorBusy *self, double events_per_second)
{
  g_return_if_fail (VPOP3_IS_SIMULATOR_BUSY (self));

  self->rate = events_per_second > 0.0 && isfinite (events_per_second)
                   ? events_per_second
                   : VPOP3_SIMULATOR_DEFAULT_RATE;
  vpop3_simulator_poll_set_rate (self->poll, self->rate);
  if (self->tick_source != 0)
    {
      g_clear_handle_id (&self->tick_source, g_source_remove);
      schedule_tick (self);
    }
}

void
vpop3_simulator_busy_set_running (Vpop3SimulatorBusy *self, gboolean running)
{
  g_return_if_fail (VPOP3_IS_SIMULATOR_BUSY (self));

  if (self->running == running)
    return;
  self->running = running;
  if (!running)
    {
      g_clear_handle_id (&self->tick_source, g_source_remove);
      return;
    }
  /* The quiet state's next poll is far away; the busy server polls soon. */
  if (!vpop3_simulator_poll_is_running (self->poll))
    vpop3_simulator_poll_reschedule (self->poll, TRUE);
  schedule_tick (self);
}

void
vpop3_simulator_busy_settle (Vpop3SimulatorBusy *self)
{
  g_return_if_fail (VPOP3_IS_SIMULATOR_BUSY (self));
  vpop3_simulator_poll_finish (self->poll);
}

void
vpop3_simulator_busy_start_poll (Vpop3SimulatorBusy *self, const char *connection)
{
  g_return_if_fail (VPOP3_IS_SIMULATOR_BUSY (self));
  vpop3_simulator_poll_start (self->poll, connection);
}

void
vpop3_simulator_busy_answer_message (Vpop3SimulatorBusy *self, const char *from, const char *to)
{
  Answer *answer;

  g_return_if_fail (VPOP3_IS_SIMULATOR_BUSY (self));
  g_return_if_fail (from != NULL && to != NULL);

  answer = g_new0 (Answer, 1);
  answer->busy = self;
  answer->to = g_strdup (from);
  answer->from = g_strdup (to);
  answer->text = g_strdup (PICK (self->rand, replies));
  answer->source =
      g_timeout_add ((guint) g_rand_int_range (self->rand, 800, 2500), answer_cb, answer);
  g_ptr_array_add (self->answers, answer);
}

void
vpop3_simulator_busy_stock_mailboxes (Vpop3SimulatorBusy *self)
{
  guint total, held;

  g_return_if_fail (VPOP3_IS_SIMULATOR_BUSY (self));

  vpop3_simulator_state_get_mailbox (self->state, users[0], &total, &held);
  if (total == 0)
    mailbox_change (self, users[0], 2);
  vpop3_simulator_state_get_mailbox (self->state, users[1], &total, &held);
  if (total == 0)
    mailbox_change (self, users[1], 1);
}
