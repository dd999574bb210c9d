/* test-client.c: Vpop3Client against the simulator, in process, on an
 * ephemeral loopback port.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gio/gunixinputstream.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "vpop3-backoff.h"
#include "vpop3-client.h"
#include "vpop3-connection.h"
#include "vpop3-simulator-backlog.h"
#include "vpop3-simulator-server.h"
#include "test-loop.h"

#define WAIT_MS 5000

typedef struct
{
  Vpop3Simulator *sim;
  Vpop3Status *status;
  Vpop3Client *client;
  GPtrArray *states;    /* Vpop3ClientState, in order */
  GPtrArray *errors;    /* GError copies */
  GPtrArray *updates;   /* Vpop3Update copies */
  GArray *retry_delays; /* guint ms */
  GPtrArray *commands;  /* lines the simulator received */
  guint logins;
  guint disconnects;
} Fixture;

static void
on_state (GObject *client, GParamSpec *pspec, gpointer user_data)
{
  Fixture *f = user_data;

  g_ptr_array_add (f->states, GINT_TO_POINTER (vpop3_client_get_state (f->client)));
}

static void
on_error (Vpop3Client *client, GError *error, gpointer user_data)
{
  Fixture *f = user_data;

  g_ptr_array_add (f->errors, g_error_copy (error));
}

static void
on_update (Vpop3Client *client, Vpop3Update *update, gpointer user_data)
{
  Fixture *f = user_data;

  g_ptr_array_add (f->updates, vpop3_update_copy (update));
}

static void
on_logged_in (Vpop3Client *client, int build, gpointer user_data)
{
  Fixture *f = user_data;

  f->logins++;
}

static void
on_disconnected (Vpop3Client *client, const char *reason, gpointer user_data)
{
  Fixture *f = user_data;

  g_assert_nonnull (reason);
  f->disconnects++;
}

static void
on_reconnect_scheduled (Vpop3Client *client, guint delay, gpointer user_data)
{
  Fixture *f = user_data;

  g_array_append_val (f->retry_delays, delay);
}

static void
on_command_received (Vpop3Simulator *sim, const char *line, gpointer user_data)
{
  Fixture *f = user_data;

  g_ptr_array_add (f->commands, g_strdup (line));
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->sim = vpop3_simulator_new ();
  vpop3_simulator_add_user (f->sim, "postmaster", "admin", VPOP3_PERMISSION_ALL);
  vpop3_simulator_add_user (f->sim, "anna", "s3cret pass", VPOP3_PERMISSION_VIEW_USER_QUEUES);
  vpop3_simulator_add_api_key (f->sim, "postmaster", "0123456789abcdef");
  g_assert_true (vpop3_simulator_listen (f->sim, "127.0.0.1", 0, &error));
  g_assert_no_error (error);
  g_signal_connect (f->sim, "command-received", G_CALLBACK (on_command_received), f);

  f->states = g_ptr_array_new ();
  f->errors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  f->updates = g_ptr_array_new_with_free_func ((GDestroyNotify) vpop3_update_free);
  f->retry_delays = g_array_new (FALSE, FALSE, sizeof (guint));
  f->commands = g_ptr_array_new_with_free_func (g_free);

  f->status = vpop3_status_new ();
  f->client = vpop3_client_new (f->status);
  vpop3_client_set_server (f->client, "127.0.0.1", vpop3_simulator_get_port (f->sim));
  vpop3_client_set_credentials (f->client, VPOP3_AUTH_ALOGIN, "postmaster", "admin");
  vpop3_client_set_timeouts (f->client, 2000, 2000);
  g_signal_connect (f->client, "notify::state", G_CALLBACK (on_state), f);
  g_signal_connect (f->client, "error", G_CALLBACK (on_error), f);
  g_signal_connect (f->client, "update", G_CALLBACK (on_update), f);
  g_signal_connect (f->client, "logged-in", G_CALLBACK (on_logged_in), f);
  g_signal_connect (f->client, "disconnected", G_CALLBACK (on_disconnected), f);
  g_signal_connect (f->client, "reconnect-scheduled", G_CALLBACK (on_reconnect_scheduled), f);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->client);
  g_clear_object (&f->status);
  vpop3_simulator_stop (f->sim);
  g_clear_object (&f->sim);
  g_ptr_array_unref (f->states);
  g_ptr_array_unref (f->errors);
  g_ptr_array_unref (f->updates);
  g_array_unref (f->retry_delays);
  g_ptr_array_unref (f->commands);
  /* Let closes and cancellations finish, so nothing outlives the test. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

typedef gboolean (*Condition) (Fixture *f);

/* Runs the main loop until @condition holds; fails the test after WAIT_MS. */
static void
wait_for (Fixture *f, Condition condition, const char *what)
{
  if (!test_loop_wait ((gboolean (*) (gpointer)) condition, f, WAIT_MS))
    g_error ("timed out waiting for %s", what);
}

static gboolean
is_connected (Fixture *f)
{
  return vpop3_client_get_state (f->client) == VPOP3_CLIENT_STATE_CONNECTED;
}

static gboolean
burst_arrived (Fixture *f)
{
  return is_connected (f) && vpop3_status_get_connection_text (f->status) != NULL &&
         g_list_model_get_n_items (G_LIST_MODEL (vpop3_status_get_log (f->status))) > 0;
}

static gboolean
has_error (Fixture *f)
{
  return f->errors->len > 0;
}

static gboolean
is_disconnected (Fixture *f)
{
  return vpop3_client_get_state (f->client) == VPOP3_CLIENT_STATE_DISCONNECTED;
}

static const GError *
first_error (Fixture *f)
{
  g_assert_cmpuint (f->errors->len, >, 0);
  return g_ptr_array_index (f->errors, 0);
}

static void
connect_and_wait (Fixture *f)
{
  vpop3_client_connect (f->client);
  wait_for (f, burst_arrived, "the login and burst");
}

/* Logins ----------------------------------------------------------------------- */

static void
test_login_alogin (Fixture *f, gconstpointer data)
{
  guint total;

  connect_and_wait (f);

  g_assert_cmpuint (f->states->len, >=, 3);
  g_assert_cmpint (GPOINTER_TO_INT (g_ptr_array_index (f->states, 0)), ==,
                   VPOP3_CLIENT_STATE_CONNECTING);
  g_assert_cmpint (GPOINTER_TO_INT (g_ptr_array_index (f->states, 1)), ==,
                   VPOP3_CLIENT_STATE_LOGGING_IN);
  g_assert_cmpint (GPOINTER_TO_INT (g_ptr_array_index (f->states, 2)), ==,
                   VPOP3_CLIENT_STATE_CONNECTED);
  g_assert_cmpint (vpop3_client_get_build (f->client), ==, 2886);
  g_assert_cmpint (vpop3_status_get_build (f->status), ==, 2886);
  g_assert_true (vpop3_status_get_out_queue (f->status, &total, NULL));
  g_assert_true (vpop3_status_get_permissions (f->status, NULL));
  g_assert_cmpuint (f->errors->len, ==, 0);
  g_assert_cmpuint (vpop3_simulator_get_login_attempts (f->sim), ==, 1);
}

static void
test_login_plain (Fixture *f, gconstpointer data)
{
  guint total;

  /* A password with a space goes through LOGIN unchanged. */
  vpop3_client_set_credentials (f->client, VPOP3_AUTH_LOGIN, "anna", "s3cret pass");
  vpop3_client_connect (f->client);
  wait_for (f, is_connected, "a plain-text login");
  test_loop_run_for (200);

  /* anna may see only her inboxes count. */
  g_assert_true (vpop3_status_get_inboxes (f->status, &total, NULL));
  g_assert_false (vpop3_status_get_out_queue (f->status, NULL, NULL));
  g_assert_cmpint (vpop3_status_get_effective_permissions (f->status), ==,
                   VPOP3_PERMISSION_VIEW_USER_QUEUES);
}

static void
test_login_apilogin (Fixture *f, gconstpointer data)
{
  vpop3_client_set_credentials (f->client, VPOP3_AUTH_APILOGIN, "postmaster", "0123456789abcdef");
  connect_and_wait (f);
  g_assert_cmpuint (f->errors->len, ==, 0);
}

static void
test_login_refused_once (Fixture *f, gconstpointer data)
{
  const GError *error;

  /* Even with reconnects on and a tiny backoff, a refusal is final. */
  vpop3_client_set_credentials (f->client, VPOP3_AUTH_ALOGIN, "postmaster", "wrong");
  vpop3_client_set_auto_reconnect (f->client, TRUE);
  vpop3_client_set_backoff (f->client, 20, 100);
  vpop3_client_connect (f->client);
  wait_for (f, has_error, "the refusal");
  test_loop_run_for (600);

  error = first_error (f);
  g_assert_error (error, VPOP3_CLIENT_ERROR, VPOP3_CLIENT_ERROR_LOGIN_REFUSED);
  g_assert_nonnull (strstr (error->message, "Login failed"));
  g_assert_cmpint (vpop3_client_get_state (f->client), ==, VPOP3_CLIENT_STATE_LOGIN_REFUSED);
  g_assert_false (vpop3_client_get_reconnecting (f->client));
  g_assert_cmpuint (f->retry_delays->len, ==, 0);
  g_assert_cmpuint (f->errors->len, ==, 1);
  g_assert_cmpuint (vpop3_simulator_get_login_attempts (f->sim), ==, 1);
}

static void
test_login_refused_by_server (Fixture *f, gconstpointer data)
{
  vpop3_simulator_set_misbehaviour (f->sim, VPOP3_SIMULATOR_MISBEHAVIOUR_REFUSE_ALL);
  vpop3_client_set_auto_reconnect (f->client, TRUE);
  vpop3_client_set_backoff (f->client, 20, 100);
  vpop3_client_connect (f->client);
  wait_for (f, has_error, "the refusal");
  test_loop_run_for (500);

  g_assert_error (first_error (f), VPOP3_CLIENT_ERROR, VPOP3_CLIENT_ERROR_LOGIN_REFUSED);
  g_assert_cmpuint (vpop3_simulator_get_login_attempts (f->sim), ==, 1);
  g_assert_cmpuint (vpop3_simulator_get_connections_accepted (f->sim), ==, 1);
}

/* Peers that are not (working) VPOP3 services ---------------------------------------- */

static void
expect_failure (Fixture *f, Vpop3SimulatorMisbehaviour misbehaviour, Vpop3ClientError code)
{
  vpop3_simulator_set_misbehaviour (f->sim, misbehaviour);
  vpop3_client_set_timeouts (f->client, 1000, 500);
  vpop3_client_connect (f->client);
  wait_for (f, has_error, "a failure");
  g_assert_error (first_error (f), VPOP3_CLIENT_ERROR, (int) code);
  g_assert_cmpint (vpop3_client_get_state (f->client), ==, VPOP3_CLIENT_STATE_DISCONNECTED);
  g_assert_cmpuint (vpop3_simulator_get_login_attempts (f->sim), ==, 0);
}

static void
test_not_vpop3 (Fixture *f, gconstpointer data)
{
  expect_failure (f, VPOP3_SIMULATOR_MISBEHAVIOUR_NOT_VPOP3, VPOP3_CLIENT_ERROR_NOT_VPOP3);
  g_assert_nonnull (strstr (first_error (f)->message, "not a VPOP3 status service"));
}

static void
test_access_denied (Fixture *f, gconstpointer data)
{
  expect_failure (f, VPOP3_SIMULATOR_MISBEHAVIOUR_DENY, VPOP3_CLIENT_ERROR_ACCESS_DENIED);
  g_assert_nonnull (strstr (first_error (f)->message, "VPOP3 Server access not allowed!"));
}

static void
test_no_greeting (Fixture *f, gconstpointer data)
{
  expect_failure (f, VPOP3_SIMULATOR_MISBEHAVIOUR_SILENT, VPOP3_CLIENT_ERROR_TIMED_OUT);
}

static void
test_nothing_listening (Fixture *f, gconstpointer data)
{
  vpop3_simulator_stop (f->sim);
  vpop3_client_connect (f->client);
  wait_for (f, has_error, "a refused connection");
  g_assert_error (first_error (f), VPOP3_CLIENT_ERROR, VPOP3_CLIENT_ERROR_NETWORK);
  g_assert_cmpuint (f->disconnects, ==, 0);
}

/* Reconnecting ----------------------------------------------------------------------- */

static gboolean
logged_in_twice (Fixture *f)
{
  return f->logins >= 2 && is_connected (f);
}

static void
test_reconnect_after_drop (Fixture *f, gconstpointer data)
{
  Vpop3Backoff bounds;
  guint low, high;
  gint64 dropped_at, back_at;

  vpop3_client_set_auto_reconnect (f->client, TRUE);
  vpop3_client_set_backoff (f->client, 200, 2000);
  vpop3_backoff_init (&bounds, 200, 2000);
  connect_and_wait (f);

  dropped_at = g_get_monotonic_time ();
  vpop3_simulator_drop_all (f->sim);
  wait_for (f, logged_in_twice, "the reconnect");
  back_at = g_get_monotonic_time ();

  g_assert_cmpuint (f->retry_delays->len, ==, 1);
  vpop3_backoff_bounds (&bounds, 0, &low, &high);
  g_assert_cmpuint (g_array_index (f->retry_delays, guint, 0), >=, low);
  g_assert_cmpuint (g_array_index (f->retry_delays, guint, 0), <=, high);
  /* It really waited (no immediate hammering), and not much longer than asked. */
  g_assert_cmpint ((back_at - dropped_at) / 1000, >=, low);
  g_assert_cmpint ((back_at - dropped_at) / 1000, <, high + 3000);
  g_assert_cmpuint (f->disconnects, ==, 1);
  g_assert_cmpuint (vpop3_simulator_get_login_attempts (f->sim), ==, 2);
  g_assert_false (vpop3_client_get_reconnecting (f->client));
}

static gboolean
three_retries_scheduled (Fixture *f)
{
  return f->retry_delays->len >= 3;
}

static void
test_reconnect_backoff_grows (Fixture *f, gconstpointer data)
{
  Vpop3Backoff bounds;

  vpop3_client_set_auto_reconnect (f->client, TRUE);
  vpop3_client_set_backoff (f->client, 50, 1000);
  vpop3_backoff_init (&bounds, 50, 1000);
  vpop3_simulator_stop (f->sim);
  vpop3_client_connect (f->client);
  wait_for (f, three_retries_scheduled, "three retries");

  g_assert_true (vpop3_client_get_reconnecting (f->client));
  for (guint i = 0; i < 3; i++)
    {
      guint low, high;

      vpop3_backoff_bounds (&bounds, i, &low, &high);
      g_assert_cmpuint (g_array_index (f->retry_delays, guint, i), >=, low);
      g_assert_cmpuint (g_array_index (f->retry_delays, guint, i), <=, high);
    }

  /* Disconnect stops the retries. */
  vpop3_client_disconnect (f->client);
  g_assert_false (vpop3_client_get_reconnecting (f->client));
  test_loop_run_for (300);
  g_assert_cmpuint (f->retry_delays->len, ==, 3);
}

/* Commands and pushes ------------------------------------------------------------------ */

typedef struct
{
  char *reply;
  GError *error;
  gboolean done;
} CommandResult;

static void
on_command_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  CommandResult *out = user_data;

  out->reply = vpop3_client_send_command_finish (VPOP3_CLIENT (source), result, &out->error);
  out->done = TRUE;
}

static gboolean
commands_done (Fixture *f)
{
  CommandResult *results = g_object_get_data (G_OBJECT (f->client), "results");

  return results[0].done && results[1].done && results[2].done;
}

static void
push_queue_on_command (Vpop3Simulator *sim, const char *line, gpointer user_data)
{
  g_autoptr (Vpop3Update) update = vpop3_update_new (VPOP3_UPDATE_OUT_QUEUE);

  /* A pushed update right where a reply is due. */
  update->total = 40 + (guint) strlen (line) % 10;
  vpop3_simulator_push (sim, update);
  vpop3_simulator_send_raw (sim, "1Connecting to mail.example.com");
}

static void
test_replies_between_pushes (Fixture *f, gconstpointer data)
{
  CommandResult results[3] = { { 0 } };
  guint total = 0;

  connect_and_wait (f);
  g_signal_connect (f->sim, "command-received", G_CALLBACK (push_queue_on_command), NULL);
  g_object_set_data (G_OBJECT (f->client), "results", results);

  vpop3_client_send_command_async (f->client, VPOP3_COMMAND_END_SESSION, "NoSuchSession", NULL,
                                   NULL, on_command_done, &results[0]);
  vpop3_client_send_command_async (f->client, VPOP3_COMMAND_CONNECT, "Internet Mail", NULL, NULL,
                                   on_command_done, &results[1]);
  vpop3_client_send_command_async (f->client, VPOP3_COMMAND_IM, "anna", "Lunch at one?", NULL,
                                   on_command_done, &results[2]);
  wait_for (f, commands_done, "three replies");

  g_assert_null (results[0].reply);
  g_assert_error (results[0].error, VPOP3_CLIENT_ERROR, VPOP3_CLIENT_ERROR_COMMAND_REFUSED);
  g_assert_cmpstr (results[0].error->message, ==, "No such session");
  g_assert_no_error (results[1].error);
  g_assert_nonnull (strstr (results[1].reply, "Internet Mail"));
  g_assert_no_error (results[2].error);
  g_assert_nonnull (results[2].reply);

  g_assert_cmpstr (g_ptr_array_index (f->commands, 0), ==, "ENDSESSION NoSuchSession");
  g_assert_cmpstr (g_ptr_array_index (f->commands, 1), ==, "CONNECT Internet Mail");
  g_assert_cmpstr (g_ptr_array_index (f->commands, 2), ==, "IM anna Lunch at one?");
  g_assert_true (vpop3_status_get_out_queue (f->status, &total, NULL));
  g_assert_cmpuint (total, >=, 40);
  /* The pushes were not mistaken for replies, nor the replies for pushes. */
  g_assert_cmpuint (vpop3_status_get_unknown_count (f->status), ==, 0);

  g_clear_error (&results[0].error);
  g_free (results[1].reply);
  g_free (results[2].reply);
  g_object_set_data (G_OBJECT (f->client), "results", NULL);
}

/* A login burst of 100,000 log lines ------------------------------------------- */

#define BACKLOG_LINES 100000
/* A hang guard, not a measurement: a debug or sanitizer build is slow. */
#define BACKLOG_WAIT_MS 90000

typedef struct
{
  Fixture *f;
  CommandResult mid_burst; /* sent at login: its reply comes in the middle of the burst */
  CommandResult after;     /* sent after the last backlog line: its reply comes last */
  char *last_text;
  gboolean last_seen;
  gboolean after_sent;
  guint log_signals;
  guint log_updates;
  guint begins;
  guint slices;
  guint lines_before_reply; /* log lines taken in when the mid-burst reply came */
  /* A probe at the priority GTK paints at, armed by every line: it can run
   * only between two slices, so the lines and ring changes seen since it
   * last ran are those of one slice. */
  guint probe_id;
  guint probe_runs;
  guint lines_this_slice;
  guint changes_this_slice;
  guint lines_added_this_slice;
} Burst;

static void
on_burst_command_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  CommandResult *out = user_data;

  out->reply = vpop3_client_send_command_finish (VPOP3_CLIENT (source), result, &out->error);
  out->done = TRUE;
}

static void
on_mid_burst_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Burst *burst = user_data;

  burst->lines_before_reply = burst->log_updates;
  on_burst_command_done (source, result, &burst->mid_burst);
}

static void
on_burst_logged_in (Vpop3Client *client, int build, gpointer user_data)
{
  vpop3_client_send_command_async (client, VPOP3_COMMAND_CONNECT, "Internet Mail", NULL, NULL,
                                   on_mid_burst_done, user_data);
}

/* GDK_PRIORITY_REDRAW, without linking GTK into the client's tests. */
#define GDK_PRIORITY_REDRAW_FOR_TEST (G_PRIORITY_HIGH_IDLE + 20)

static gboolean
on_burst_probe (gpointer user_data)
{
  Burst *burst = user_data;

  /* Every line of the slice reached the ring's observers, in one change
   * (the ring keeps only the newest of them when a slice holds more). */
  if (burst->changes_this_slice > 0)
    g_assert_cmpuint (burst->lines_added_this_slice, ==,
                      MIN (burst->lines_this_slice, VPOP3_ACTIVITY_LOG_DEFAULT_LIMIT));
  burst->probe_runs++;
  burst->probe_id = 0;
  burst->lines_this_slice = 0;
  burst->changes_this_slice = 0;
  burst->lines_added_this_slice = 0;
  return G_SOURCE_REMOVE;
}

static void
on_burst_update (Vpop3Client *client, Vpop3Update *update, gpointer user_data)
{
  Burst *burst = user_data;

  if (update->type != VPOP3_UPDATE_LOG)
    return;
  /* A line after the ring was told of a change, with no turn for the probe
   * in between: two slices ran back to back, or the ring told mid-slice. */
  g_assert_cmpuint (burst->changes_this_slice, ==, 0);
  if (burst->probe_id == 0)
    burst->probe_id = g_idle_add_full (GDK_PRIORITY_REDRAW_FOR_TEST, on_burst_probe, burst, NULL);
  burst->lines_this_slice++;
  burst->log_updates++;
  if (!burst->last_seen && g_str_equal (update->text, burst->last_text))
    burst->last_seen = TRUE;
}

static void
on_burst_log_changed (GListModel *model, guint position, guint removed, guint added, gpointer data)
{
  Burst *burst = data;

  burst->log_signals++;
  /* Outside a burst (the reset at login) there is nothing to compare with. */
  if (burst->lines_this_slice == 0)
    return;
  /* One change per slice: the oldest lines going, then all the new ones. */
  burst->changes_this_slice++;
  g_assert_cmpuint (burst->changes_this_slice, <=, 2);
  burst->lines_added_this_slice += added;
}

static void
on_burst_slice_end (Vpop3Connection *connection, gpointer data)
{
  ((Burst *) data)->slices++;
}

static gboolean
burst_done (Burst *burst)
{
  if (burst->last_seen && !burst->after_sent)
    {
      /* Everything the simulator queued before this reply comes before it. */
      burst->after_sent = TRUE;
      vpop3_client_send_command_async (burst->f->client, VPOP3_COMMAND_IM, "nobody", "done", NULL,
                                       on_burst_command_done, &burst->after);
    }
  return burst->mid_burst.done && burst->after.done;
}

static void
test_log_backlog_burst (Fixture *f, gconstpointer data)
{
  Burst burst = { .f = f, .last_text = vpop3_simulator_backlog_text (BACKLOG_LINES - 1) };
  Vpop3ActivityLog *log = vpop3_status_get_log (f->status);
  guint n_items, from;
  guint iterations = 0;

  vpop3_simulator_set_log_backlog (f->sim, BACKLOG_LINES);
  /* The simulator shares our main loop: under a sanitizer a chunk of the
   * backlog can take it longer to make than the fixture's login timeout. */
  vpop3_client_set_timeouts (f->client, BACKLOG_WAIT_MS, BACKLOG_WAIT_MS);
  g_signal_connect (f->client, "logged-in", G_CALLBACK (on_burst_logged_in), &burst);
  g_signal_connect (f->client, "update", G_CALLBACK (on_burst_update), &burst);
  g_signal_connect (log, "items-changed", G_CALLBACK (on_burst_log_changed), &burst);
  vpop3_client_connect (f->client);

  if (!test_loop_wait ((gboolean (*) (gpointer)) burst_done, &burst, BACKLOG_WAIT_MS))
    g_error ("timed out: %u log lines, state %d, last seen %d, replies %d %d", burst.log_updates,
             vpop3_client_get_state (f->client), burst.last_seen, burst.mid_burst.done,
             burst.after.done);

  /* Replies still match their commands, wherever they fall in the burst. */
  g_assert_no_error (burst.mid_burst.error);
  g_assert_cmpstr (burst.mid_burst.reply, ==, "Connecting to Internet Mail");
  g_assert_cmpuint (burst.lines_before_reply, >, 0);
  g_assert_cmpuint (burst.lines_before_reply, <, BACKLOG_LINES);
  g_assert_no_error (burst.after.error);
  g_assert_cmpstr (burst.after.reply, ==, "Message sent");
  g_assert_cmpuint (vpop3_status_get_unknown_count (f->status), ==, 0);

  /* The ring holds the newest lines received, in the order received: the
   * end of the backlog, then the server's recent log. */
  g_assert_cmpuint (burst.log_updates, >, BACKLOG_LINES);
  n_items = g_list_model_get_n_items (G_LIST_MODEL (log));
  g_assert_cmpuint (n_items, ==, VPOP3_ACTIVITY_LOG_DEFAULT_LIMIT);
  from = BACKLOG_LINES - (n_items - (burst.log_updates - BACKLOG_LINES));
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr (Vpop3LogEntry) entry = g_list_model_get_item (G_LIST_MODEL (log), i);
      const char *text = vpop3_log_entry_get_text (entry);

      if (from + i < BACKLOG_LINES)
        {
          g_autofree char *expected = vpop3_simulator_backlog_text (from + i);

          g_assert_cmpstr (text, ==, expected);
        }
      else
        {
          /* The recent log, which the backlog comes before. */
          g_assert_false (g_str_has_prefix (text, "Housekeeper: checked the mailbox"));
          if (i > 0)
            {
              g_autoptr (Vpop3LogEntry) previous =
                  g_list_model_get_item (G_LIST_MODEL (log), i - 1);

              g_assert_cmpint (g_date_time_compare (vpop3_log_entry_get_time (previous),
                                                    vpop3_log_entry_get_time (entry)),
                               <=, 0);
            }
        }
    }

  /* Taken in by slices, each one change to the ring's observers, with the
   * main loop free for painting between any two of them (checked as the
   * lines came, whatever the machine's speed): so more than one slice, and
   * fewer ring changes than lines. How many slices depends on the speed;
   * bench/ measures it. */
  g_assert_cmpuint (burst.probe_runs, >, 1);
  g_assert_cmpuint (burst.log_signals, <=, 2 * burst.probe_runs + 2);

  /* And once it is all in, nothing is left running: no idle, no timer. */
  while (g_main_context_iteration (NULL, FALSE) && iterations < 100000)
    iterations++;
  g_assert_cmpuint (iterations, <, 100000);
  g_assert_false (g_main_context_pending (NULL));

  g_clear_handle_id (&burst.probe_id, g_source_remove);
  g_free (burst.last_text);
  g_free (burst.mid_burst.reply);
  g_free (burst.after.reply);
  g_signal_handlers_disconnect_by_data (log, &burst);
  g_signal_handlers_disconnect_by_data (f->client, &burst);
}

static void
test_command_when_disconnected (Fixture *f, gconstpointer data)
{
  CommandResult result = { 0 };

  vpop3_client_send_command_async (f->client, VPOP3_COMMAND_SHUTDOWN, NULL, NULL, NULL,
                                   on_command_done, &result);
  while (!result.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (result.error, VPOP3_CLIENT_ERROR, VPOP3_CLIENT_ERROR_NOT_CONNECTED);
  g_clear_error (&result.error);

  /* Arguments that cannot go on a line are refused before anything is sent. */
  connect_and_wait (f);
  result.done = FALSE;
  vpop3_client_send_command_async (f->client, VPOP3_COMMAND_IM, "anna", "two\r\nlines", NULL,
                                   on_command_done, &result);
  while (!result.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (result.error, VPOP3_CLIENT_ERROR, VPOP3_CLIENT_ERROR_INVALID_ARGUMENT);
  g_clear_error (&result.error);
  g_assert_cmpuint (f->commands->len, ==, 0);
}

static void
test_unknown_lines_kept (Fixture *f, gconstpointer data)
{
  g_autoptr (GPtrArray) unknown = NULL;

  connect_and_wait (f);
  vpop3_simulator_send_raw (f->sim, "Zsomething from a newer VPOP3");
  vpop3_simulator_send_raw (f->sim, "4many\tmessages");
  vpop3_simulator_send_raw (f->sim, "+OK a reply to nothing");
  vpop3_simulator_send_raw (f->sim, "1Still here");
  while (g_strcmp0 (vpop3_status_get_connection_text (f->status), "Still here") != 0)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (vpop3_status_get_unknown_count (f->status), ==, 3);
  unknown = vpop3_status_dup_unknown_lines (f->status);
  g_assert_cmpstr (g_ptr_array_index (unknown, 0), ==, "Zsomething from a newer VPOP3");
  g_assert_cmpstr (g_ptr_array_index (unknown, 2), ==, "+OK a reply to nothing");
  g_assert_true (is_connected (f));
}

static gboolean
saw_overlong (Fixture *f)
{
  return vpop3_status_get_unknown_count (f->status) > 0;
}

static void
test_endless_line (Fixture *f, gconstpointer data)
{
  vpop3_simulator_set_misbehaviour (f->sim, VPOP3_SIMULATOR_MISBEHAVIOUR_ENDLESS);
  vpop3_client_connect (f->client);
  wait_for (f, saw_overlong, "the overlong line");
  /* Dropped and reported; the connection carries on. */
  g_assert_true (is_connected (f));
  g_assert_cmpuint (f->errors->len, ==, 0);
}

static gboolean
got_quit (Fixture *f)
{
  for (guint i = 0; i < f->commands->len; i++)
    if (g_str_equal (g_ptr_array_index (f->commands, i), "QUIT"))
      return TRUE;
  return FALSE;
}

static void
test_disconnect_says_quit (Fixture *f, gconstpointer data)
{
  connect_and_wait (f);
  vpop3_client_disconnect (f->client);
  g_assert_true (is_disconnected (f));
  g_assert_cmpuint (f->disconnects, ==, 1);
  wait_for (f, got_quit, "QUIT at the server");
  g_assert_cmpuint (f->errors->len, ==, 0);
}

static void
test_trace_redacts (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  int fd;

  fd = g_file_open_tmp ("vpop3-trace-XXXXXX", &path, &error);
  g_assert_no_error (error);
  close (fd);

  g_assert_true (vpop3_client_set_trace_file (f->client, path, &error));
  g_assert_no_error (error);
  connect_and_wait (f);
  vpop3_client_disconnect (f->client);
  wait_for (f, got_quit, "QUIT at the server");
  g_clear_object (&f->client); /* flushes the trace */

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_nonnull (strstr (contents, " < +OK VPOP3 Status Server Ready <"));
  g_assert_nonnull (strstr (contents, " > ALOGIN postmaster <redacted>"));
  g_assert_nonnull (strstr (contents, " < +OK Logged in OK (Build 2886)"));
  g_assert_nonnull (strstr (contents, " > QUIT"));
  g_assert_null (strstr (contents, "admin"));
  g_assert_true (
      g_regex_match_simple ("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z [<>*] ", contents,
                            G_REGEX_MULTILINE, 0));
  g_unlink (path);
}

/* Names a Windows-1252 server sent go back in its bytes ------------------------- */

/* A server that speaks Windows-1252: the simulator reads what it receives as
 * text, so this one keeps the bytes. It greets, accepts the login, names a
 * connection and sends a message in Windows-1252, and answers every command
 * with +OK, keeping the lines as they came. */
typedef struct
{
  GSocketService *service;
  guint16 port;
  GPtrArray *received; /* raw command lines */
  GDataInputStream *input;
  GOutputStream *output;
  GSocketConnection *connection;
  GCancellable *cancellable;
  gboolean reading;
} Cp1252Server;

static void cp1252_read_next (Cp1252Server *server);

static void
cp1252_line_read (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Cp1252Server *server = user_data;
  g_autofree char *line = NULL;
  gsize length = 0;

  line = g_data_input_stream_read_line_finish (G_DATA_INPUT_STREAM (source), result, &length, NULL);
  server->reading = FALSE;
  if (line == NULL)
    return;
  if (length > 0 && line[length - 1] == '\r')
    line[--length] = '\0';
  if (g_str_has_prefix (line, "ALOGIN "))
    {
      static const char burst[] = "+OK Logged in OK (Build 2886)\r\n"
                                  "1Idle\r\n"
                                  "7Caf\xe9 Wi-Fi\tInternet Mail\r\n"
                                  "M01D5566C45837F00\tJ\xfcrgen\tHallo\r\n";

      g_output_stream_write_all (server->output, burst, sizeof burst - 1, NULL, NULL, NULL);
    }
  else if (!g_str_equal (line, "QUIT"))
    {
      g_ptr_array_add (server->received, g_strdup (line));
      g_output_stream_write_all (server->output, "+OK\r\n", 5, NULL, NULL, NULL);
    }
  cp1252_read_next (server);
}

static void
cp1252_read_next (Cp1252Server *server)
{
  server->reading = TRUE;
  g_data_input_stream_read_line_async (server->input, G_PRIORITY_DEFAULT, server->cancellable,
                                       cp1252_line_read, server);
}

static gboolean
on_cp1252_incoming (GSocketService *service,
                    GSocketConnection *connection,
                    GObject *source,
                    gpointer user_data)
{
  Cp1252Server *server = user_data;
  static const char greeting[] = "+OK VPOP3 Status Server Ready <3.d28.51abf1c9>\r\n";

  g_set_object (&server->connection, connection);
  g_clear_object (&server->input);
  server->input = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  server->output = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_output_stream_write_all (server->output, greeting, sizeof greeting - 1, NULL, NULL, NULL);
  cp1252_read_next (server);
  return TRUE;
}

static void
on_message_seen (Vpop3Client *client, Vpop3Update *update, gpointer user_data)
{
  if (update->type == VPOP3_UPDATE_MESSAGE)
    *(gboolean *) user_data = TRUE;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

static gboolean
result_done (gpointer data)
{
  return ((CommandResult *) data)->done;
}

static void
send_and_wait (Vpop3Client *client,
               Vpop3CommandType type,
               const char *target,
               const char *text,
               CommandResult *result)
{
  vpop3_client_send_command_async (client, type, target, text, NULL, on_command_done, result);
  if (!test_loop_wait (result_done, result, WAIT_MS))
    g_error ("timed out waiting for a command's result");
}

static void
test_windows_1252_names (void)
{
  Cp1252Server server = { .received = g_ptr_array_new_with_free_func (g_free),
                          .cancellable = g_cancellable_new () };
  g_autoptr (Vpop3Status) status = vpop3_status_new ();
  g_autoptr (Vpop3Client) client = vpop3_client_new (status);
  g_autoptr (GError) error = NULL;
  CommandResult results[4] = { 0 };
  gboolean message_seen = FALSE;

  server.service = g_socket_service_new ();
  server.port =
      g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (server.service), NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (server.service, "incoming", G_CALLBACK (on_cp1252_incoming), &server);

  g_signal_connect (client, "update", G_CALLBACK (on_message_seen), &message_seen);
  vpop3_client_set_server (client, "127.0.0.1", server.port);
  vpop3_client_set_credentials (client, VPOP3_AUTH_ALOGIN, "postmaster", "admin");
  vpop3_client_connect (client);
  if (!test_loop_wait (flag_set, &message_seen, WAIT_MS))
    g_error ("timed out waiting for the burst");

  send_and_wait (client, VPOP3_COMMAND_CONNECT, "Café Wi-Fi", NULL, &results[0]);
  send_and_wait (client, VPOP3_COMMAND_IM, "Jürgen", "Grüße", &results[1]);
  /* A name that came in UTF-8 stays UTF-8. */
  send_and_wait (client, VPOP3_COMMAND_CONNECT, "Internet Mail", NULL, &results[2]);
  /* Text Windows-1252 cannot carry is refused before anything is sent. */
  send_and_wait (client, VPOP3_COMMAND_IM, "Jürgen", "Ω", &results[3]);

  g_assert_cmpuint (server.received->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (server.received, 0), ==, "CONNECT Caf\xe9 Wi-Fi");
  g_assert_cmpstr (g_ptr_array_index (server.received, 1), ==,
                   "IM J\xfcrgen Gr\xfc\xdf"
                   "e");
  g_assert_cmpstr (g_ptr_array_index (server.received, 2), ==, "CONNECT Internet Mail");
  g_assert_error (results[3].error, VPOP3_CLIENT_ERROR, VPOP3_CLIENT_ERROR_INVALID_ARGUMENT);
  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      g_clear_error (&results[i].error);
      g_free (results[i].reply);
    }

  vpop3_client_disconnect (client);
  /* The server's read must be over before the server goes. */
  g_cancellable_cancel (server.cancellable);
  while (server.reading)
    g_main_context_iteration (NULL, TRUE);
  g_clear_object (&server.cancellable);
  g_socket_service_stop (server.service);
  g_socket_listener_close (G_SOCKET_LISTENER (server.service));
  g_clear_object (&server.input);
  g_clear_object (&server.connection);
  g_clear_object (&server.service);
  g_ptr_array_unref (server.received);
}

/* The connection over an in-memory stream (what the fuzzer drives) ------------- */

static void
on_closed (Vpop3Connection *connection, GError *error, gpointer user_data)
{
  GError **out = user_data;

  *out = error != NULL ? g_error_copy (error) : g_error_new_literal (G_IO_ERROR, 0, "clean");
}

static void
test_connection_scripted_stream (void)
{
  const char *script = "+OK VPOP3 Status Server Ready <3.d28.51abf1c9>\r\n"
                       "+OK Logged in OK (Build 2886)\r\n"
                       "1Idle\r\n"
                       "421\t2\n";
  Vpop3ConnectionOptions options = {
    .host = "scripted",
    .port = 5109,
    .method = VPOP3_AUTH_ALOGIN,
    .user = "postmaster",
    .secret = "admin",
    .connect_timeout_ms = 1000,
    .greeting_timeout_ms = 1000,
  };
  g_autoptr (GInputStream) input = g_memory_input_stream_new_from_data (script, -1, NULL);
  g_autoptr (GOutputStream) output = g_memory_output_stream_new_resizable ();
  g_autoptr (GIOStream) stream = g_simple_io_stream_new (input, output);
  g_autoptr (Vpop3Connection) connection = vpop3_connection_new (&options);
  g_autoptr (GError) closed = NULL;
  g_autofree char *sent = NULL;

  g_signal_connect (connection, "closed", G_CALLBACK (on_closed), &closed);
  vpop3_connection_start_with_stream (connection, stream);
  while (closed == NULL)
    g_main_context_iteration (NULL, TRUE);

  /* The script ends: that is a lost connection, after a good login. */
  g_assert_error (closed, VPOP3_CLIENT_ERROR, VPOP3_CLIENT_ERROR_NETWORK);
  sent = g_strndup (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (output)),
                    g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (output)));
  g_assert_cmpstr (sent, ==, "ALOGIN postmaster 9077A0BE9A986C3AE3B32D25C417A98D\r\n");
}

static void
on_slice_begin (Vpop3Connection *connection, gpointer data)
{
  Burst *burst = data;

  /* Begin and end alternate. */
  g_assert_cmpuint (burst->begins, ==, burst->slices);
  burst->begins++;
}

static void
on_closed_check_slices (Vpop3Connection *connection, GError *error, gpointer data)
{
  Burst *burst = data;

  /* The last "updates-end" came before "closed". */
  g_assert_cmpuint (burst->begins, ==, burst->slices);
}

/* The connection takes a long input in bounded slices, each bracketed by
 * "updates-begin" and "updates-end", and reads no more while lines wait. */
static void
test_connection_slices (void)
{
  Vpop3ConnectionOptions options = {
    .host = "scripted",
    .port = 5109,
    .method = VPOP3_AUTH_ALOGIN,
    .user = "postmaster",
    .secret = "admin",
  };
  g_autoptr (GString) script = g_string_new ("+OK VPOP3 Status Server Ready <3.d28.51abf1c9>\r\n"
                                             "+OK Logged in OK (Build 2886)\r\n");
  g_autoptr (GInputStream) input = NULL;
  g_autoptr (GOutputStream) output = g_memory_output_stream_new_resizable ();
  g_autoptr (GIOStream) stream = NULL;
  g_autoptr (Vpop3Connection) connection = vpop3_connection_new (&options);
  g_autoptr (Vpop3Status) status = vpop3_status_new ();
  g_autoptr (GError) closed = NULL;
  Burst burst = { 0 };

  for (guint i = 0; i < 20000; i++)
    g_string_append_printf (script, "001D5566C45837F00line %u\r\n", i);
  input = g_memory_input_stream_new_from_data (script->str, (gssize) script->len, NULL);
  stream = g_simple_io_stream_new (input, output);

  g_signal_connect (connection, "closed", G_CALLBACK (on_closed), &closed);
  g_signal_connect (connection, "closed", G_CALLBACK (on_closed_check_slices), &burst);
  g_signal_connect_swapped (connection, "update", G_CALLBACK (vpop3_status_apply), status);
  g_signal_connect_swapped (connection, "updates-begin", G_CALLBACK (vpop3_activity_log_freeze),
                            vpop3_status_get_log (status));
  g_signal_connect (connection, "updates-end", G_CALLBACK (on_burst_slice_end), &burst);
  g_signal_connect_swapped (connection, "updates-end", G_CALLBACK (vpop3_activity_log_thaw),
                            vpop3_status_get_log (status));
  g_signal_connect (vpop3_status_get_log (status), "items-changed",
                    G_CALLBACK (on_burst_log_changed), &burst);
  g_signal_connect (connection, "updates-begin", G_CALLBACK (on_slice_begin), &burst);
  vpop3_connection_start_with_stream (connection, stream);
  while (closed == NULL)
    g_main_context_iteration (NULL, TRUE);

  /* Every line, in order; begin and end paired, "updates-end" before "closed". */
  g_assert_error (closed, VPOP3_CLIENT_ERROR, VPOP3_CLIENT_ERROR_NETWORK);
  g_assert_cmpuint (burst.begins, ==, burst.slices);
  /* 20,000 lines are more than one read: several slices, reading paused between. */
  g_assert_cmpuint (burst.slices, >, 1);
  for (guint i = 0; i < 5000; i++)
    {
      g_autoptr (Vpop3LogEntry) entry =
          g_list_model_get_item (G_LIST_MODEL (vpop3_status_get_log (status)), i);
      g_autofree char *expected = g_strdup_printf ("line %u", 15000 + i);

      g_assert_cmpstr (vpop3_log_entry_get_text (entry), ==, expected);
    }
  /* One change (a removal and an addition at most) per slice. */
  g_assert_cmpuint (burst.log_signals, <=, 2 * burst.slices);
}

/* A command never answered: given up on after the deadline, with the
 * connection left alone, and its late reply matched to it, not to the
 * command sent next. The server is a pipe the test writes to. */
typedef struct
{
  Vpop3Connection *connection;
  int server_fd; /* the pipe's write end: what the "server" says */
  CommandResult first;
  CommandResult second;
  guint unknown;
  gboolean logged_in;
} Unanswered;

static void
write_to_pipe (int fd, const char *text)
{
  gsize length = strlen (text);

  g_assert_cmpint (write (fd, text, length), ==, (gssize) length);
}

static void
on_unanswered_second (GObject *source, GAsyncResult *result, gpointer user_data)
{
  CommandResult *out = user_data;

  out->reply =
      vpop3_connection_send_command_finish (VPOP3_CONNECTION (source), result, &out->error);
  out->done = TRUE;
}

static void
on_unanswered_first (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Unanswered *test = user_data;

  test->first.reply =
      vpop3_connection_send_command_finish (VPOP3_CONNECTION (source), result, &test->first.error);
  test->first.done = TRUE;
  /* The next command is on its way before the late reply arrives. */
  vpop3_connection_send_command_async (test->connection, "CONNECT Backup", NULL,
                                       on_unanswered_second, &test->second);
  write_to_pipe (test->server_fd, "+OK late\r\n");
}

static void
on_unanswered_update (Vpop3Connection *connection, Vpop3Update *update, gpointer user_data)
{
  if (update->type == VPOP3_UPDATE_UNKNOWN)
    ((Unanswered *) user_data)->unknown++;
}

static void
on_unanswered_logged_in (Vpop3Connection *connection, int build, gpointer user_data)
{
  Unanswered *test = user_data;

  test->logged_in = TRUE;
  vpop3_connection_send_command_async (connection, "CONNECT Internet Mail", NULL,
                                       on_unanswered_first, test);
}

static void
test_connection_command_timeout (void)
{
  Vpop3ConnectionOptions options = {
    .host = "scripted",
    .port = 5109,
    .method = VPOP3_AUTH_ALOGIN,
    .user = "postmaster",
    .secret = "admin",
    .command_timeout_ms = 100,
  };
  g_autoptr (GInputStream) input = NULL;
  g_autoptr (GOutputStream) output = g_memory_output_stream_new_resizable ();
  g_autoptr (GIOStream) stream = NULL;
  g_autoptr (Vpop3Connection) connection = vpop3_connection_new (&options);
  g_autoptr (GError) closed = NULL;
  Unanswered test = { .connection = connection };
  int fds[2];

  g_assert_no_errno (pipe (fds));
  test.server_fd = fds[1];
  input = g_unix_input_stream_new (fds[0], TRUE);
  stream = g_simple_io_stream_new (input, output);
  g_signal_connect (connection, "closed", G_CALLBACK (on_closed), &closed);
  g_signal_connect (connection, "logged-in", G_CALLBACK (on_unanswered_logged_in), &test);
  g_signal_connect (connection, "update", G_CALLBACK (on_unanswered_update), &test);
  vpop3_connection_start_with_stream (connection, stream);
  write_to_pipe (fds[1], "+OK VPOP3 Status Server Ready <3.d28.51abf1c9>\r\n"
                         "+OK Logged in OK (Build 2886)\r\n");

  while (!test.second.done && closed == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_null (closed);
  g_assert_true (test.logged_in);
  g_assert_error (test.first.error, VPOP3_CLIENT_ERROR, VPOP3_CLIENT_ERROR_TIMED_OUT);
  g_assert_nonnull (strstr (test.first.error->message, "did not answer"));
  /* The late "+OK late" was the first command's, not the second's: the
   * second waited for its own, and gave up too. */
  g_assert_null (test.second.reply);
  g_assert_error (test.second.error, VPOP3_CLIENT_ERROR, VPOP3_CLIENT_ERROR_TIMED_OUT);
  g_assert_cmpuint (test.unknown, ==, 0);
  /* And the connection carries on. */
  g_assert_true (vpop3_connection_is_logged_in (connection));
  write_to_pipe (fds[1], "1Idle\r\n");
  close (fds[1]);
  while (closed == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (closed, VPOP3_CLIENT_ERROR, VPOP3_CLIENT_ERROR_NETWORK);
  g_clear_error (&test.first.error);
  g_clear_error (&test.second.error);
}

#define ADD(name, function)                                                                        \
  g_test_add ("/client/" name, Fixture, NULL, fixture_set_up, function, fixture_tear_down)

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("login/alogin", test_login_alogin);
  ADD ("login/plain", test_login_plain);
  ADD ("login/apilogin", test_login_apilogin);
  ADD ("login/refused-exactly-once", test_login_refused_once);
  ADD ("login/refused-by-server", test_login_refused_by_server);
  ADD ("peer/not-vpop3", test_not_vpop3);
  ADD ("peer/access-denied", test_access_denied);
  ADD ("peer/no-greeting", test_no_greeting);
  ADD ("peer/nothing-listening", test_nothing_listening);
  ADD ("reconnect/after-drop", test_reconnect_after_drop);
  ADD ("reconnect/backoff-grows", test_reconnect_backoff_grows);
  ADD ("commands/replies-between-pushes", test_replies_between_pushes);
  ADD ("commands/when-disconnected", test_command_when_disconnected);
  ADD ("burst/log-backlog", test_log_backlog_burst);
  ADD ("lines/unknown-kept", test_unknown_lines_kept);
  g_test_add_func ("/client/commands/windows-1252-names", test_windows_1252_names);
  ADD ("lines/endless", test_endless_line);
  ADD ("disconnect/says-quit", test_disconnect_says_quit);
  ADD ("trace/redacts", test_trace_redacts);
  g_test_add_func ("/connection/scripted-stream", test_connection_scripted_stream);
  g_test_add_func ("/connection/slices", test_connection_slices);
  g_test_add_func ("/connection/command-timeout", test_connection_command_timeout);

  return g_test_run ();
}
