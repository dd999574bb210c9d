/* test-chaos-client.c: one Vpop3Client against an in-process simulator that
 * misbehaves at random, cycle after cycle: connections cut in the greeting,
 * the login or the burst (mid-line too), dropped sessions, garbage, an
 * endless line, dripped bytes, restarts, refused logins, silence, denial, a
 * peer that is not VPOP3. After every recovery the client's state must equal
 * the simulator's; every reconnect delay must lie within the backoff bounds
 * and no retry may come before its delay; every refusal must cost exactly one
 * login attempt; resident memory must stay flat. How late retries come is
 * the machine's speed: printed, not asserted.
 *
 * Environment (all optional):
 *   VPOP3_CHAOS_SEED=N       replay a run (the seed is printed at the start)
 *   VPOP3_CHAOS_CYCLES=N     cycles to run (default 200)
 *   VPOP3_CHAOS_SECONDS=N    run for N seconds instead (cycles unlimited): the soak
 *   VPOP3_CHAOS_RSS_EVERY=N  print resident memory every N cycles (default 50)
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <string.h>

#include "vpop3-backoff.h"
#include "vpop3-client.h"
#include "vpop3-simulator-server.h"
#include "test-loop.h"

/* ASan's shadow memory and quarantine make resident size meaningless as a
 * leak signal; LeakSanitizer checks leaks in that build instead. */
#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif
#ifndef UNDER_ASAN
#define UNDER_ASAN 0
#endif

#define DEFAULT_CYCLES    200
#define DEFAULT_RSS_EVERY 50
/* Safety nets are three times longer under ASan, which slows everything (as
 * the suite's --timeout-multiplier 3 admits). */
#define SLOWDOWN (UNDER_ASAN ? 3 : 1)
/* A hang guard for every wait, not a timing expectation. */
#define WAIT_MS            (20000 * SLOWDOWN)
#define BACKOFF_INITIAL_MS 20
#define BACKOFF_MAX_MS     320
/* The client's connect and greeting timeouts: no event waits for them (the
 * silent server gets short ones of its own), so they are safety nets too,
 * long enough for dripped bytes on a slow machine. */
#define TIMEOUT_MS (5000 * SLOWDOWN)
/* How late after its delay a retry may come: a safety net against a retry
 * that ignores its delay (seconds for milliseconds, say). Lateness itself is
 * the machine's load; it is reported as max_late_ms. */
#define LATE_SAFETY_MS (5000 * SLOWDOWN)
/* Resident growth allowed between the warm-up and the end of the run. A leak
 * of one connection's objects per cycle (a GSocketConnection, its streams,
 * buffers and a Vpop3Connection: several KiB) passes it within a few hundred
 * cycles, while allocator noise (malloc arenas and GLib's caches settling,
 * 64 KiB read buffers) stays well under 1 MiB in practice. */
#define RSS_GROWTH_MAX_KIB 2048

/* The simulator's greeting is "+OK VPOP3 Status Server Ready <d.xxx.xxxxxxxx>"
 * and CR LF; its login reply "+OK Logged in OK (Build 2886)" and CR LF. */
#define GREETING_BYTES    48
#define LOGIN_REPLY_BYTES 31

typedef enum
{
  EVENT_GOOD,
  EVENT_DROP_SESSION,
  EVENT_CUT_GREETING,
  EVENT_CUT_LOGIN,
  EVENT_CUT_BURST,
  EVENT_GARBAGE,
  EVENT_ENDLESS,
  EVENT_DRIP,
  EVENT_RESTART,
  EVENT_REFUSE,
  EVENT_SILENT,
  EVENT_DENY,
  EVENT_NOT_VPOP3,
  N_EVENTS
} EventKind;

static const struct
{
  const char *name;
  guint weight;
  guint logins; /* login attempts the event costs, the recovery's included */
} events[N_EVENTS] = {
  [EVENT_GOOD] = { "good", 2, 0 },
  [EVENT_DROP_SESSION] = { "drop-session", 2, 1 },
  [EVENT_CUT_GREETING] = { "cut-greeting", 2, 1 },
  [EVENT_CUT_LOGIN] = { "cut-login", 2, 2 },
  [EVENT_CUT_BURST] = { "cut-burst", 2, 2 },
  [EVENT_GARBAGE] = { "garbage", 1, 1 },
  [EVENT_ENDLESS] = { "endless", 1, 1 },
  [EVENT_DRIP] = { "drip", 1, 1 },
  [EVENT_RESTART] = { "restart", 2, 1 },
  [EVENT_REFUSE] = { "refuse", 1, 2 },
  [EVENT_SILENT] = { "silent", 1, 1 },
  [EVENT_DENY] = { "deny", 1, 1 },
  [EVENT_NOT_VPOP3] = { "not-vpop3", 1, 1 },
};

typedef struct
{
  Vpop3Simulator *sim;
  Vpop3Status *status;
  Vpop3Client *client;
  GRand *rand;
  guint16 port;
  guint cycle;
  const char *current; /* the event under way */
  guint sentinel;
  guint errors_wanted;
  guint logins_wanted;
  guint unknown_before;

  /* Reconnect delays: the client's backoff is mirrored to know each attempt's bounds. */
  Vpop3Backoff mirror;
  guint attempt;
  gint64 error_at;     /* the last "error" signal */
  gint64 scheduled_at; /* the "error" before the pending retry was scheduled */
  guint scheduled_delay;
  guint delays;
  gint64 max_late_us; /* actual − scheduled delay */
  const char *max_late_event;
  gint64 max_early_us; /* scheduled delay − actual (negative: never early) */
  guint max_attempt;

  guint logged_in;
  guint errors_since;
  GError *last_error;
  guint refusals;
  guint refusal_logins;
  guint mid_line_cuts;
  guint counts[N_EVENTS];
  gint64 time_us[N_EVENTS];
} Chaos;

/* Waiting ------------------------------------------------------------------------ */

typedef gboolean (*Condition) (Chaos *chaos);

static void
wait_until (Chaos *chaos, Condition condition, const char *what)
{
  if (!test_loop_wait ((gboolean (*) (gpointer)) condition, chaos, WAIT_MS))
    g_error ("cycle %u: hung waiting for %s (state %d)", chaos->cycle, what,
             vpop3_client_get_state (chaos->client));
}

/* Client signals ------------------------------------------------------------------- */

static void
on_reconnect_scheduled (Vpop3Client *client, guint delay, gpointer user_data)
{
  Chaos *chaos = user_data;
  guint low, high;

  vpop3_backoff_bounds (&chaos->mirror, chaos->attempt, &low, &high);
  if (delay < low || delay > high)
    g_error ("cycle %u: retry %u scheduled in %u ms, outside [%u, %u]", chaos->cycle,
             chaos->attempt, delay, low, high);
  /* The client emits "error" just before it schedules the retry, and the
   * retry's timer starts after that: measured from the error, no retry can
   * look early unless it is. */
  if (chaos->error_at == 0)
    g_error ("cycle %u: a retry scheduled without an error", chaos->cycle);
  chaos->scheduled_at = chaos->error_at;
  chaos->error_at = 0;
  chaos->scheduled_delay = delay;
  chaos->max_attempt = MAX (chaos->max_attempt, chaos->attempt);
  chaos->attempt++;
}

static void
on_state (GObject *object, GParamSpec *pspec, gpointer user_data)
{
  Chaos *chaos = user_data;
  gint64 actual, expected;

  if (vpop3_client_get_state (chaos->client) != VPOP3_CLIENT_STATE_CONNECTING ||
      chaos->scheduled_at == 0)
    return;

  actual = g_get_monotonic_time () - chaos->scheduled_at;
  expected = (gint64) chaos->scheduled_delay * 1000;
  chaos->scheduled_at = 0;
  chaos->delays++;
  if (actual > expected + LATE_SAFETY_MS * 1000)
    g_error ("cycle %u: a retry due in %u ms came after %" G_GINT64_FORMAT " ms", chaos->cycle,
             chaos->scheduled_delay, actual / 1000);
  if (actual < expected)
    g_error ("cycle %u: a retry due in %u ms came after only %.1f ms", chaos->cycle,
             chaos->scheduled_delay, actual / 1000.0);
  if (actual - expected > chaos->max_late_us)
    {
      chaos->max_late_us = actual - expected;
      chaos->max_late_event = chaos->current;
    }
  chaos->max_early_us = MAX (chaos->max_early_us, expected - actual);
}

static void
on_logged_in (Vpop3Client *client, int build, gpointer user_data)
{
  Chaos *chaos = user_data;

  /* The client resets its backoff on a good login; so does the mirror. */
  chaos->attempt = 0;
  chaos->logged_in++;
}

static void
on_error (Vpop3Client *client, GError *error, gpointer user_data)
{
  Chaos *chaos = user_data;

  chaos->errors_since++;
  chaos->error_at = g_get_monotonic_time ();
  g_clear_error (&chaos->last_error);
  chaos->last_error = g_error_copy (error);
}

/* State ---------------------------------------------------------------------------- */

static gboolean
is_connected (Chaos *chaos)
{
  return vpop3_client_get_state (chaos->client) == VPOP3_CLIENT_STATE_CONNECTED;
}

static gboolean
is_refused (Chaos *chaos)
{
  return vpop3_client_get_state (chaos->client) == VPOP3_CLIENT_STATE_LOGIN_REFUSED;
}

static gboolean
enough_errors (Chaos *chaos)
{
  return chaos->errors_since >= chaos->errors_wanted;
}

static gboolean
enough_logins (Chaos *chaos)
{
  return chaos->logged_in >= chaos->logins_wanted && is_connected (chaos);
}

static gboolean
retry_pending (Chaos *chaos)
{
  return chaos->scheduled_at != 0;
}

static void
push_counts (Chaos *chaos, Vpop3UpdateType type)
{
  g_autoptr (Vpop3Update) update = vpop3_update_new (type);

  update->total = (guint) g_rand_int_range (chaos->rand, 0, 60);
  update->held = (guint) g_rand_int_range (chaos->rand, 0, (gint32) update->total + 1);
  vpop3_simulator_push (chaos->sim, update);
}

static void
push_text (Chaos *chaos, Vpop3UpdateType type, const char *text)
{
  g_autoptr (Vpop3Update) update = vpop3_update_new (type);

  update->text = g_strdup (text);
  if (type == VPOP3_UPDATE_LOG)
    update->time = g_date_time_new_now_utc ();
  vpop3_simulator_push (chaos->sim, update);
}

/* Changes the server's state, whether or not anyone is connected. */
static void
push_random (Chaos *chaos, guint count)
{
  for (guint i = 0; i < count; i++)
    {
      g_autofree char *text = NULL;

      switch (g_rand_int_range (chaos->rand, 0, 5))
        {
        case 0:
          push_counts (chaos, VPOP3_UPDATE_OUT_QUEUE);
          break;
        case 1:
          push_counts (chaos, VPOP3_UPDATE_INBOXES);
          break;
        case 2:
          text = g_strdup_printf ("Cycle %u: retrieved message %d", chaos->cycle,
                                  g_rand_int_range (chaos->rand, 1, 100));
          push_text (chaos, VPOP3_UPDATE_LOG, text);
          break;
        case 3:
          text = g_strdup_printf ("Housekeeper pass %u", chaos->cycle);
          push_text (chaos, VPOP3_UPDATE_HOUSEKEEPER, text);
          break;
        default:
          text = g_strdup_printf ("Connecting to mail%d.example.com",
                                  g_rand_int_range (chaos->rand, 1, 9));
          push_text (chaos, VPOP3_UPDATE_CONNECTION, text);
          break;
        }
    }
}

static char *sentinel_text;

static gboolean
sentinel_arrived (Chaos *chaos)
{
  return is_connected (chaos) &&
         g_strcmp0 (vpop3_status_get_connection_text (chaos->status), sentinel_text) == 0;
}

/* A last connection text: once the client has it, it has everything before it. */
static void
push_sentinel_and_wait (Chaos *chaos)
{
  g_free (sentinel_text);
  sentinel_text = g_strdup_printf ("Sentinel %u", ++chaos->sentinel);
  push_text (chaos, VPOP3_UPDATE_CONNECTION, sentinel_text);
  wait_until (chaos, sentinel_arrived, "the sentinel line");
}

/* What differs between the client's model and the simulator's state, or NULL. */
static char *
compare_with_simulator (Chaos *chaos)
{
  g_autoptr (GPtrArray) snapshot = vpop3_simulator_dup_snapshot (chaos->sim);
  Vpop3ActivityLog *log = vpop3_status_get_log (chaos->status);
  guint log_items = g_list_model_get_n_items (G_LIST_MODEL (log));
  guint log_lines = 0, sessions = 0;
  Vpop3Permissions permissions;

  for (guint i = 0; i < snapshot->len; i++)
    if (((Vpop3Update *) g_ptr_array_index (snapshot, i))->type == VPOP3_UPDATE_LOG)
      log_lines++;
  if (log_items < log_lines)
    return g_strdup_printf ("log has %u lines, the server %u", log_items, log_lines);

  for (guint i = 0, log_seen = 0; i < snapshot->len; i++)
    {
      const Vpop3Update *want = g_ptr_array_index (snapshot, i);
      guint total, held;

      switch (want->type)
        {
        case VPOP3_UPDATE_CONNECTION:
          if (g_strcmp0 (vpop3_status_get_connection_text (chaos->status), want->text) != 0)
            return g_strdup_printf ("connection “%s”, server “%s”",
                                    vpop3_status_get_connection_text (chaos->status), want->text);
          break;
        case VPOP3_UPDATE_OUT_QUEUE:
          if (!vpop3_status_get_out_queue (chaos->status, &total, &held) || total != want->total ||
              held != want->held)
            return g_strdup_printf ("out queue %u/%u, server %u/%u", total, held, want->total,
                                    want->held);
          break;
        case VPOP3_UPDATE_INBOXES:
          if (!vpop3_status_get_inboxes (chaos->status, &total, &held) || total != want->total ||
              held != want->held)
            return g_strdup_printf ("inboxes %u/%u, server %u/%u", total, held, want->total,
                                    want->held);
          break;
        case VPOP3_UPDATE_HOUSEKEEPER:
          if (g_strcmp0 (vpop3_status_get_housekeeper (chaos->status), want->text) != 0)
            return g_strdup_printf ("housekeeper “%s”, server “%s”",
                                    vpop3_status_get_housekeeper (chaos->status), want->text);
          break;
        case VPOP3_UPDATE_CONNECTIONS:
          {
            const char *const *names = vpop3_status_get_connections (chaos->status);

            if (names == NULL ||
                !g_strv_equal ((const char *const *) want->names, (const char *const *) names))
              return g_strdup ("connections differ");
          }
          break;
        case VPOP3_UPDATE_SESSION:
          sessions++;
          break;
        case VPOP3_UPDATE_LOG:
          {
            /* The server keeps its last lines; the client may hold older ones before them. */
            g_autoptr (Vpop3LogEntry) entry =
                g_list_model_get_item (G_LIST_MODEL (log), log_items - log_lines + log_seen);

            log_seen++;
            if (g_strcmp0 (vpop3_log_entry_get_text (entry), want->text) != 0)
              return g_strdup_printf ("log line “%s”, server “%s”",
                                      vpop3_log_entry_get_text (entry), want->text);
          }
          break;
        default:
          break;
        }
    }

  if (g_list_model_get_n_items (vpop3_status_get_sessions (chaos->status)) != sessions)
    return g_strdup_printf ("%u sessions, server %u",
                            g_list_model_get_n_items (vpop3_status_get_sessions (chaos->status)),
                            sessions);
  if (!vpop3_status_get_permissions (chaos->status, &permissions) ||
      permissions != VPOP3_PERMISSION_ALL)
    return g_strdup ("permissions not those of the administrator");
  if (vpop3_client_get_error (chaos->client) != NULL)
    return g_strdup_printf ("an error after a good login: %s",
                            vpop3_client_get_error (chaos->client)->message);
  return NULL;
}

/* Waits for the client to be back, makes sure it has everything, and checks it. */
static void
verify_recovered (Chaos *chaos)
{
  g_autofree char *difference = NULL;

  wait_until (chaos, is_connected, "the client to be connected again");
  push_random (chaos, (guint) g_rand_int_range (chaos->rand, 1, 4));
  push_sentinel_and_wait (chaos);
  difference = compare_with_simulator (chaos);
  if (difference != NULL)
    g_error ("cycle %u (%s): after recovery the client's state differs: %s", chaos->cycle,
             chaos->current, difference);
  g_assert_false (vpop3_client_get_reconnecting (chaos->client));
}

/* The bytes of the burst a login now would get, and whether @offset is a line start. */
static gsize
burst_bytes (Chaos *chaos, gsize offset, gboolean *at_line_start)
{
  g_autoptr (GPtrArray) snapshot = vpop3_simulator_dup_snapshot (chaos->sim);
  g_autoptr (Vpop3Update) granted = vpop3_update_new (VPOP3_UPDATE_PERMISSIONS);
  g_autofree char *first = NULL;
  gsize bytes;

  granted->permissions = VPOP3_PERMISSION_ALL;
  first = vpop3_update_format (granted);
  bytes = strlen (first) + 2;
  *at_line_start = offset == 0 || offset == bytes;
  for (guint i = 0; i < snapshot->len; i++)
    {
      g_autofree char *line = vpop3_update_format (g_ptr_array_index (snapshot, i));

      bytes += line != NULL ? strlen (line) + 2 : 0;
      if (offset == bytes)
        *at_line_start = TRUE;
    }
  return bytes;
}

/* Events ------------------------------------------------------------------------------ */

static void
misbehave (Chaos *chaos, Vpop3SimulatorMisbehaviour misbehaviour)
{
  vpop3_simulator_set_misbehaviour (chaos->sim, misbehaviour);
}

/* Drops the current session and waits until the reconnect has failed @failures times. */
static void
drop_and_fail (Chaos *chaos, guint failures)
{
  chaos->errors_since = 0;
  chaos->errors_wanted = failures + 1; /* the drop itself is an error too */
  vpop3_simulator_drop_all (chaos->sim);
  wait_until (chaos, enough_errors, "failures");
}

static void
event_cut (Chaos *chaos, EventKind kind)
{
  gsize offset;
  gint64 cut;

  switch (kind)
    {
    case EVENT_CUT_GREETING:
      cut = g_rand_int_range (chaos->rand, 0, GREETING_BYTES);
      break;
    case EVENT_CUT_LOGIN:
      /* At GREETING_BYTES the login arrives and gets no reply at all. */
      cut = GREETING_BYTES + g_rand_int_range (chaos->rand, 0, LOGIN_REPLY_BYTES);
      break;
    default:
      {
        gboolean at_line_start;
        gsize total = burst_bytes (chaos, 0, &at_line_start);

        offset = (gsize) g_rand_int_range (chaos->rand, 0, (gint32) total);
        burst_bytes (chaos, offset, &at_line_start);
        if (!at_line_start)
          chaos->mid_line_cuts++;
        cut = GREETING_BYTES + LOGIN_REPLY_BYTES + (gint64) offset;
      }
      break;
    }
  vpop3_simulator_cut_next_connection (chaos->sim, cut);
  drop_and_fail (chaos, 1);
}

static gboolean
saw_overlong (Chaos *chaos)
{
  return vpop3_status_get_unknown_count (chaos->status) > chaos->unknown_before;
}

static void
event_garbage (Chaos *chaos)
{
  misbehave (chaos, VPOP3_SIMULATOR_MISBEHAVIOUR_GARBAGE);
  push_random (chaos, (guint) g_rand_int_range (chaos->rand, 10, 30));
  push_sentinel_and_wait (chaos);
  /* Garbage is dropped or kept as unknown lines; the session carries on. */
  g_assert_true (is_connected (chaos));
  g_assert_null (vpop3_client_get_error (chaos->client));
  misbehave (chaos, VPOP3_SIMULATOR_MISBEHAVIOUR_NONE);
  /* Garbage can look like a real update: only a fresh login is sure to be right. */
  vpop3_simulator_drop_all (chaos->sim);
}

static void
event_endless (Chaos *chaos)
{
  chaos->unknown_before = vpop3_status_get_unknown_count (chaos->status);
  misbehave (chaos, VPOP3_SIMULATOR_MISBEHAVIOUR_ENDLESS);
  wait_until (chaos, saw_overlong, "the overlong line to be dropped");
  g_assert_true (is_connected (chaos));
  misbehave (chaos, VPOP3_SIMULATOR_MISBEHAVIOUR_NONE);
  /* The line never ends, so nothing after it will ever arrive: hang up. */
  vpop3_simulator_drop_all (chaos->sim);
}

static void
event_drip (Chaos *chaos)
{
  misbehave (chaos, VPOP3_SIMULATOR_MISBEHAVIOUR_DRIP);
  chaos->logins_wanted = chaos->logged_in + 1;
  vpop3_simulator_drop_all (chaos->sim);
  /* Greeting and login reply a byte at a time; the burst then at full speed. */
  wait_until (chaos, enough_logins, "a dripped login");
  misbehave (chaos, VPOP3_SIMULATOR_MISBEHAVIOUR_NONE);
}

static void
event_restart (Chaos *chaos)
{
  g_autoptr (GError) error = NULL;
  guint downtime = (guint) g_rand_int_range (chaos->rand, 0, 300);

  vpop3_simulator_stop (chaos->sim);
  /* The server's state moves on while it is down. */
  push_random (chaos, (guint) g_rand_int_range (chaos->rand, 0, 4));
  test_loop_run_for (downtime);
  if (!vpop3_simulator_listen (chaos->sim, "127.0.0.1", chaos->port, &error))
    g_error ("cycle %u: cannot listen on port %u again: %s", chaos->cycle, chaos->port,
             error->message);
}

static void
event_refuse (Chaos *chaos)
{
  gboolean wrong_password = g_rand_boolean (chaos->rand);
  guint logins = vpop3_simulator_get_login_attempts (chaos->sim);
  guint delays;

  if (wrong_password)
    vpop3_client_set_credentials (chaos->client, VPOP3_AUTH_ALOGIN, "postmaster", "wrong");
  else
    misbehave (chaos, VPOP3_SIMULATOR_MISBEHAVIOUR_REFUSE_ALL);
  vpop3_simulator_drop_all (chaos->sim);
  wait_until (chaos, is_refused, "the refusal");
  delays = chaos->delays;
  g_assert_false (retry_pending (chaos));

  /* A wrong retry would be scheduled at once (checked just above) and be due
   * within the next delay of the sequence; wait out a few of those. */
  {
    guint high;

    vpop3_backoff_bounds (&chaos->mirror, chaos->attempt + 1, NULL, &high);
    test_loop_run_for (high * 3);
  }
  g_assert_cmpint (vpop3_client_get_state (chaos->client), ==, VPOP3_CLIENT_STATE_LOGIN_REFUSED);
  g_assert_true (vpop3_client_error_is_final (vpop3_client_get_error (chaos->client)));
  g_assert_false (vpop3_client_get_reconnecting (chaos->client));
  g_assert_false (retry_pending (chaos));
  g_assert_cmpuint (chaos->delays, ==, delays);
  chaos->refusals++;
  chaos->refusal_logins += vpop3_simulator_get_login_attempts (chaos->sim) - logins;
  g_assert_cmpuint (vpop3_simulator_get_login_attempts (chaos->sim), ==, logins + 1);

  /* The user corrects the cause and connects again. */
  if (wrong_password)
    vpop3_client_set_credentials (chaos->client, VPOP3_AUTH_ALOGIN, "postmaster", "admin");
  else
    misbehave (chaos, VPOP3_SIMULATOR_MISBEHAVIOUR_NONE);
  chaos->attempt = 0;
  vpop3_client_connect (chaos->client);
}

static void
event_bad_peer (Chaos *chaos, Vpop3SimulatorMisbehaviour misbehaviour, Vpop3ClientError code)
{
  guint failures = (guint) g_rand_int_range (chaos->rand, 1, 4);

  if (misbehaviour == VPOP3_SIMULATOR_MISBEHAVIOUR_SILENT)
    vpop3_client_set_timeouts (chaos->client, TIMEOUT_MS,
                               (guint) g_rand_int_range (chaos->rand, 50, 120));
  misbehave (chaos, misbehaviour);
  drop_and_fail (chaos, failures);
  g_assert_error (chaos->last_error, VPOP3_CLIENT_ERROR, (int) code);
  g_assert_false (vpop3_client_error_is_final (chaos->last_error));
  misbehave (chaos, VPOP3_SIMULATOR_MISBEHAVIOUR_NONE);
  vpop3_client_set_timeouts (chaos->client, TIMEOUT_MS, TIMEOUT_MS);
}

static EventKind
pick_event (Chaos *chaos)
{
  guint total = 0, pick;

  /* The warm-up runs every kind once, so that what is made once and kept
   * (GIO's resolver, type classes, caches) is in the memory baseline. */
  if (chaos->cycle <= N_EVENTS)
    return (EventKind) (chaos->cycle - 1);

  for (guint i = 0; i < N_EVENTS; i++)
    total += events[i].weight;
  pick = (guint) g_rand_int_range (chaos->rand, 0, (gint32) total);
  for (guint i = 0; i < N_EVENTS; i++)
    {
      if (pick < events[i].weight)
        return (EventKind) i;
      pick -= events[i].weight;
    }
  g_assert_not_reached ();
}

static void
run_event (Chaos *chaos, EventKind kind)
{
  guint logins = vpop3_simulator_get_login_attempts (chaos->sim);
  guint logged_in = chaos->logged_in;
  gint64 started = g_get_monotonic_time ();

  chaos->current = events[kind].name;
  chaos->errors_since = 0;
  switch (kind)
    {
    case EVENT_GOOD:
      push_random (chaos, (guint) g_rand_int_range (chaos->rand, 1, 8));
      break;
    case EVENT_DROP_SESSION:
      push_random (chaos, (guint) g_rand_int_range (chaos->rand, 0, 4));
      vpop3_simulator_drop_all (chaos->sim);
      break;
    case EVENT_CUT_GREETING:
    case EVENT_CUT_LOGIN:
    case EVENT_CUT_BURST:
      event_cut (chaos, kind);
      break;
    case EVENT_GARBAGE:
      event_garbage (chaos);
      break;
    case EVENT_ENDLESS:
      event_endless (chaos);
      break;
    case EVENT_DRIP:
      event_drip (chaos);
      break;
    case EVENT_RESTART:
      event_restart (chaos);
      break;
    case EVENT_REFUSE:
      event_refuse (chaos);
      break;
    case EVENT_SILENT:
      event_bad_peer (chaos, VPOP3_SIMULATOR_MISBEHAVIOUR_SILENT, VPOP3_CLIENT_ERROR_TIMED_OUT);
      break;
    case EVENT_DENY:
      event_bad_peer (chaos, VPOP3_SIMULATOR_MISBEHAVIOUR_DENY, VPOP3_CLIENT_ERROR_ACCESS_DENIED);
      break;
    case EVENT_NOT_VPOP3:
      event_bad_peer (chaos, VPOP3_SIMULATOR_MISBEHAVIOUR_NOT_VPOP3, VPOP3_CLIENT_ERROR_NOT_VPOP3);
      break;
    case N_EVENTS:
    default:
      g_assert_not_reached ();
    }

  /* A reconnect must really have happened, not just look done before the client noticed. */
  if (events[kind].logins > 0)
    {
      chaos->logins_wanted = logged_in + 1;
      wait_until (chaos, enough_logins, "a new login");
    }
  verify_recovered (chaos);
  /* Exactly the logins the event calls for: none wasted, none repeated. */
  if (vpop3_simulator_get_login_attempts (chaos->sim) != logins + events[kind].logins)
    g_error ("cycle %u (%s): %u login attempts, expected %u", chaos->cycle, events[kind].name,
             vpop3_simulator_get_login_attempts (chaos->sim) - logins, events[kind].logins);
  chaos->counts[kind]++;
  chaos->time_us[kind] += g_get_monotonic_time () - started;
}

/* Memory --------------------------------------------------------------------------------- */

static guint64
resident_kib (void)
{
  g_autofree char *contents = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &contents, NULL, NULL))
    return 0;
  line = strstr (contents, "\nVmRSS:");
  return line != NULL ? g_ascii_strtoull (line + strlen ("\nVmRSS:"), NULL, 10) : 0;
}

static guint64
env_number (const char *name, guint64 fallback)
{
  const char *text = g_getenv (name);
  guint64 value;

  if (text == NULL || *text == '\0')
    return fallback;
  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT32, &value, NULL))
    g_error ("%s must be a number, not “%s”", name, text);
  return value;
}

/* The test ---------------------------------------------------------------------------------- */

static void
test_chaos_client (void)
{
  g_autoptr (GError) error = NULL;
  Chaos chaos_data = { 0 };
  Chaos *chaos = &chaos_data;
  guint32 seed = (guint32) env_number ("VPOP3_CHAOS_SEED", g_random_int ());
  guint64 cycles = env_number ("VPOP3_CHAOS_CYCLES", DEFAULT_CYCLES);
  guint64 seconds = env_number ("VPOP3_CHAOS_SECONDS", 0);
  guint64 rss_every = MAX (1, env_number ("VPOP3_CHAOS_RSS_EVERY", DEFAULT_RSS_EVERY));
  guint warm_up;
  guint64 rss_start = 0, rss_max = 0, rss_end;
  gint64 started = g_get_monotonic_time ();
  gint64 deadline = seconds > 0 ? started + (gint64) seconds * G_USEC_PER_SEC : 0;
  GString *by_kind = g_string_new (NULL);

  g_test_message ("seed %u (replay with VPOP3_CHAOS_SEED=%u)", seed, seed);
  chaos->rand = g_rand_new_with_seed (seed);
  chaos->max_late_us = chaos->max_early_us = G_MININT64 / 2;
  chaos->sim = vpop3_simulator_new ();
  vpop3_simulator_set_seed (chaos->sim, seed);
  vpop3_simulator_add_user (chaos->sim, "postmaster", "admin", VPOP3_PERMISSION_ALL);
  g_assert_true (vpop3_simulator_listen (chaos->sim, "127.0.0.1", 0, &error));
  g_assert_no_error (error);
  chaos->port = vpop3_simulator_get_port (chaos->sim);

  chaos->status = vpop3_status_new ();
  chaos->client = vpop3_client_new (chaos->status);
  vpop3_client_set_server (chaos->client, "127.0.0.1", chaos->port);
  vpop3_client_set_credentials (chaos->client, VPOP3_AUTH_ALOGIN, "postmaster", "admin");
  vpop3_client_set_auto_reconnect (chaos->client, TRUE);
  vpop3_client_set_backoff (chaos->client, BACKOFF_INITIAL_MS, BACKOFF_MAX_MS);
  vpop3_backoff_init (&chaos->mirror, BACKOFF_INITIAL_MS, BACKOFF_MAX_MS);
  vpop3_client_set_timeouts (chaos->client, TIMEOUT_MS, TIMEOUT_MS);
  g_signal_connect (chaos->client, "reconnect-scheduled", G_CALLBACK (on_reconnect_scheduled),
                    chaos);
  g_signal_connect (chaos->client, "notify::state", G_CALLBACK (on_state), chaos);
  g_signal_connect (chaos->client, "logged-in", G_CALLBACK (on_logged_in), chaos);
  g_signal_connect (chaos->client, "error", G_CALLBACK (on_error), chaos);

  chaos->current = "start";
  vpop3_client_connect (chaos->client);
  verify_recovered (chaos);

  warm_up = N_EVENTS + (seconds > 0 ? 50 : (guint) CLAMP (cycles / 10, 1, 50));
  for (chaos->cycle = 1; deadline > 0 ? g_get_monotonic_time () < deadline : chaos->cycle <= cycles;
       chaos->cycle++)
    {
      run_event (chaos, pick_event (chaos));

      if (chaos->cycle == warm_up)
        rss_start = resident_kib ();
      if (chaos->cycle >= warm_up)
        rss_max = MAX (rss_max, resident_kib ());
      if (chaos->cycle % rss_every == 0)
        g_test_message ("rss cycle=%u kib=%" G_GUINT64_FORMAT, chaos->cycle, resident_kib ());
    }
  chaos->cycle--;
  rss_end = resident_kib ();

  for (guint i = 0; i < N_EVENTS; i++)
    g_string_append_printf (
        by_kind, "%s%s=%u(%.0fms)", i > 0 ? " " : "", events[i].name, chaos->counts[i],
        chaos->counts[i] > 0 ? chaos->time_us[i] / 1000.0 / chaos->counts[i] : 0.0);
  g_test_message ("events: %s", by_kind->str);
  g_test_message (
      "figures: seed=%u cycles=%u seconds=%.1f retries=%u max_retry_attempt=%u "
      "max_late_ms=%.1f(%s) max_early_ms=%.1f refusals=%u refusal_logins=%u "
      "mid_line_cuts=%u rss_warm_kib=%" G_GUINT64_FORMAT " rss_end_kib=%" G_GUINT64_FORMAT
      " rss_max_kib=%" G_GUINT64_FORMAT " rss_growth_kib=%" G_GINT64_FORMAT " asan=%d",
      seed, chaos->cycle, (g_get_monotonic_time () - started) / 1e6, chaos->delays,
      chaos->max_attempt, chaos->max_late_us / 1000.0, chaos->max_late_event,
      chaos->max_early_us / 1000.0, chaos->refusals, chaos->refusal_logins, chaos->mid_line_cuts,
      rss_start, rss_end, rss_max, (gint64) rss_end - (gint64) rss_start, UNDER_ASAN);
  g_string_free (by_kind, TRUE);

  g_assert_cmpuint (chaos->cycle, >, warm_up);
  g_assert_cmpuint (chaos->delays, >, 0);
  if (UNDER_ASAN)
    g_test_message ("resident memory not asserted under AddressSanitizer (LSan checks leaks)");
  else
    g_assert_cmpint ((gint64) rss_end - (gint64) rss_start, <, RSS_GROWTH_MAX_KIB);

  vpop3_client_disconnect (chaos->client);
  g_clear_object (&chaos->client);
  g_clear_object (&chaos->status);
  vpop3_simulator_stop (chaos->sim);
  g_clear_object (&chaos->sim);
  g_clear_error (&chaos->last_error);
  g_rand_free (chaos->rand);
  g_clear_pointer (&sentinel_text, g_free);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
drop_message (const char *domain, GLogLevelFlags level, const char *message, gpointer user_data)
{
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* GIO's debug lines for each of thousands of connections would bury the figures. */
  g_log_set_handler ("GLib-GIO", G_LOG_LEVEL_DEBUG, drop_message, NULL);

  g_test_add_func ("/chaos/client", test_chaos_client);

  return g_test_run ();
}
