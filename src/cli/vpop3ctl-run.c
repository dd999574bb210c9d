/* vpop3ctl-run.c: one run of vpop3ctl against a server, on the main loop.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vpop3ctl-run.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <signal.h>

#include "vpop3-client.h"
#include "vpop3ctl-exit.h"
#include "vpop3ctl-output.h"
#include "vpop3ctl-password.h"

/* How long a polite QUIT may take before vpop3ctl exits anyway. */
#define QUIT_GRACE_MS 2000
/* How often a settled burst with a line half received is looked at again. */
#define MID_LINE_RECHECK_MS 20

typedef struct
{
  const Vpop3ctlOptions *options;
  GMainLoop *loop;
  GCancellable *cancellable; /* the password lookup and the command */
  Vpop3Status *status;
  Vpop3Client *client;
  int exit_code;
  gboolean logged_in;
  gboolean finishing;
  GError *error;     /* the first failure of a one-shot command */
  guint deadline_id; /* login deadline, then settle cap or reply deadline */
  guint settle_id;
  guint duration_id; /* survey: how long to listen */
  gboolean settled;  /* survey: the first burst is over */
  guint over_id;     /* idle: has the connection ended for good? */
  guint quit_id;     /* gives up waiting for a polite disconnect */
  guint sigint_id;
  guint sigterm_id;
  gulong state_handler;
} Run;

static void
quit (Run *run)
{
  g_clear_handle_id (&run->quit_id, g_source_remove);
  g_main_loop_quit (run->loop);
}

static gboolean
quit_timeout_cb (gpointer user_data)
{
  Run *run = user_data;

  run->quit_id = 0;
  quit (run);
  return G_SOURCE_REMOVE;
}

static gboolean
client_is_idle (Vpop3Client *client)
{
  Vpop3ClientState state = vpop3_client_get_state (client);

  return state == VPOP3_CLIENT_STATE_DISCONNECTED || state == VPOP3_CLIENT_STATE_LOGIN_REFUSED;
}

static void
state_changed_cb (GObject *object, GParamSpec *pspec, gpointer user_data)
{
  Run *run = user_data;

  if (client_is_idle (run->client))
    quit (run);
}

/* Ends the run with @exit_code: says QUIT if logged in, then leaves the loop. */
static void
finish (Run *run, int exit_code)
{
  if (run->finishing)
    return;
  run->finishing = TRUE;
  run->exit_code = exit_code;
  g_clear_handle_id (&run->deadline_id, g_source_remove);
  g_clear_handle_id (&run->settle_id, g_source_remove);
  g_clear_handle_id (&run->duration_id, g_source_remove);
  g_clear_handle_id (&run->over_id, g_source_remove);
  g_cancellable_cancel (run->cancellable);

  if (run->client == NULL || client_is_idle (run->client))
    {
      quit (run);
      return;
    }
  run->state_handler =
      g_signal_connect (run->client, "notify::state", G_CALLBACK (state_changed_cb), run);
  run->quit_id = g_timeout_add (QUIT_GRACE_MS, quit_timeout_cb, run);
  vpop3_client_disconnect (run->client);
  if (client_is_idle (run->client))
    quit (run);
}

/* The initial burst is over (or never ends): report the state as it is. */
static void
report_snapshot (Run *run)
{
  Vpop3ctlCheckState state;

  if (run->options->command == VPOP3CTL_COMMAND_SURVEY)
    {
      /* Both the whole duration and the whole first burst are in it, however
       * slowly the burst came. */
      run->settled = TRUE;
      if (run->duration_id != 0)
        return;
      vpop3ctl_output_survey (run->options->json, vpop3_status_get_census (run->status),
                              run->options->host, run->options->port);
      finish (run, VPOP3CTL_EXIT_OK);
      return;
    }
  if (run->options->command == VPOP3CTL_COMMAND_METRICS)
    {
      vpop3ctl_output_metrics (run->status, run->options->host, run->options->port);
      finish (run, VPOP3CTL_EXIT_OK);
      return;
    }
  if (run->options->command == VPOP3CTL_COMMAND_STATUS)
    {
      vpop3ctl_output_status (run->options->json, run->status, run->options->host,
                              run->options->port, TRUE);
      finish (run, VPOP3CTL_EXIT_OK);
      return;
    }
  state = vpop3ctl_output_check (run->status, &run->options->thresholds);
  finish (run, state);
}

static gboolean
settle_cb (gpointer user_data)
{
  Run *run = user_data;

  /* The burst is not over while a line is still arriving, however long the
   * line or slow the machine: only the cap ends the wait then. Asked again
   * after a pause even with --settle 0: repeating at once would starve the
   * client's line processing, which runs at idle priority. */
  if (vpop3_client_is_mid_line (run->client))
    {
      run->settle_id =
          g_timeout_add (MAX (run->options->settle_ms, MID_LINE_RECHECK_MS), settle_cb, run);
      return G_SOURCE_REMOVE;
    }
  run->settle_id = 0;
  report_snapshot (run);
  return G_SOURCE_REMOVE;
}

static gboolean
duration_cb (gpointer user_data)
{
  Run *run = user_data;

  run->duration_id = 0;
  if (run->settled)
    report_snapshot (run);
  return G_SOURCE_REMOVE;
}

static gboolean
settle_cap_cb (gpointer user_data)
{
  Run *run = user_data;

  /* A busy server may never pause for --settle: what came so far is the state. */
  run->deadline_id = 0;
  report_snapshot (run);
  return G_SOURCE_REMOVE;
}

/* A server that shuts down closes its connections: one that closes ours
 * after SHUTDOWN and before answering has most likely done what was asked.
 * Said as such, and a success (exit 0), not a failure. */
static gboolean
is_probable_shutdown (Run *run, const GError *error)
{
  const Vpop3ctlOptions *options = run->options;

  return options->command == VPOP3CTL_COMMAND_SEND &&
         options->server_command == VPOP3_COMMAND_SHUTDOWN && run->logged_in &&
         (g_error_matches (error, VPOP3_CLIENT_ERROR, VPOP3_CLIENT_ERROR_NOT_CONNECTED) ||
          g_error_matches (error, VPOP3_CLIENT_ERROR, VPOP3_CLIENT_ERROR_NETWORK));
}

static void
report_probable_shutdown (Run *run)
{
  vpop3ctl_output_reply (run->options->json, run->options->command_line, TRUE,
                         _ ("the server closed the connection without answering: it is "
                            "probably shutting down"));
  finish (run, VPOP3CTL_EXIT_OK);
}

/* A one-shot command failed before it was done. */
static void
fail (Run *run, const GError *error)
{
  const Vpop3ctlOptions *options = run->options;

  if (run->finishing)
    return;
  if (is_probable_shutdown (run, error))
    {
      report_probable_shutdown (run);
      return;
    }
  switch (options->command)
    {
    case VPOP3CTL_COMMAND_CHECK:
      {
        Vpop3ctlCheckState state =
            run->logged_in ? VPOP3CTL_CHECK_CRITICAL : vpop3ctl_check_state_for_error (error);
        g_autofree char *summary = run->logged_in
                                       ? g_strdup_printf (_ ("connection lost: %s"), error->message)
                                       : g_strdup (error->message);

        vpop3ctl_output_check_line (state, summary);
        finish (run, state);
      }
      return;
    case VPOP3CTL_COMMAND_STATUS:
      /* What came before the loss is still worth printing. */
      if (run->logged_in)
        vpop3ctl_output_status (options->json, run->status, options->host, options->port, FALSE);
      vpop3ctl_output_error (options->json, error);
      break;
    case VPOP3CTL_COMMAND_SURVEY:
      if (run->logged_in)
        vpop3ctl_output_survey (options->json, vpop3_status_get_census (run->status), options->host,
                                options->port);
      vpop3ctl_output_error (FALSE, error);
      break;
    case VPOP3CTL_COMMAND_METRICS:
      /* An outage is a value for the collector to record, not a failure of
       * ours: "vpop3_up 0", exit 0, and the reason on stderr for the log. */
      vpop3ctl_output_metrics (NULL, options->host, options->port);
      vpop3ctl_output_error (FALSE, error);
      finish (run, VPOP3CTL_EXIT_OK);
      return;
    case VPOP3CTL_COMMAND_SEND:
    case VPOP3CTL_COMMAND_WATCH:
    default:
      vpop3ctl_output_error (options->json, error);
      break;
    }
  finish (run, vpop3ctl_exit_for_error (error, run->logged_in));
}

static gboolean
over_cb (gpointer user_data)
{
  Run *run = user_data;

  run->over_id = 0;
  if (run->finishing || !client_is_idle (run->client))
    return G_SOURCE_REMOVE;
  if (run->error == NULL)
    run->error = g_error_new_literal (VPOP3_CLIENT_ERROR, VPOP3_CLIENT_ERROR_NOT_CONNECTED,
                                      _ ("the connection ended"));
  fail (run, run->error);
  return G_SOURCE_REMOVE;
}

/* The client emits "error" and "disconnected" and changes its state in an
 * order of its own: decide once it has done all three. */
static void
schedule_over_check (Run *run)
{
  if (run->over_id == 0 && !run->finishing)
    run->over_id = g_idle_add (over_cb, run);
}

static gboolean
login_deadline_cb (gpointer user_data)
{
  Run *run = user_data;
  g_autoptr (GError) error = NULL;

  run->deadline_id = 0;
  error = g_error_new (VPOP3_CLIENT_ERROR, VPOP3_CLIENT_ERROR_TIMED_OUT,
                       _ ("no login to %s port %u within %u seconds"), run->options->host,
                       (guint) run->options->port, 2 * run->options->timeout_s);
  fail (run, error);
  return G_SOURCE_REMOVE;
}

static gboolean
reply_deadline_cb (gpointer user_data)
{
  Run *run = user_data;

  run->deadline_id = 0;
  vpop3ctl_print_error (_ ("no reply to “%s” within %u seconds"), run->options->command_line,
                        run->options->timeout_s);
  finish (run, VPOP3CTL_EXIT_FAILURE);
  return G_SOURCE_REMOVE;
}

static void
command_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Run *run = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *reply = vpop3_client_send_command_finish (VPOP3_CLIENT (source), result, &error);

  if (run->finishing)
    return;
  if (error == NULL)
    {
      vpop3ctl_output_reply (run->options->json, run->options->command_line, TRUE, reply);
      finish (run, VPOP3CTL_EXIT_OK);
    }
  else if (g_error_matches (error, VPOP3_CLIENT_ERROR, VPOP3_CLIENT_ERROR_COMMAND_REFUSED))
    {
      vpop3ctl_output_reply (run->options->json, run->options->command_line, FALSE, error->message);
      finish (run, VPOP3CTL_EXIT_COMMAND_REFUSED);
    }
  else
    fail (run, error);
}

static void
connected_cb (Vpop3Client *client, gpointer user_data)
{
  Run *run = user_data;

  if (run->options->command == VPOP3CTL_COMMAND_WATCH)
    vpop3ctl_output_connected (run->options->json, vpop3_client_get_host (client),
                               vpop3_client_get_port (client));
}

static void
logged_in_cb (Vpop3Client *client, int build, gpointer user_data)
{
  Run *run = user_data;
  const Vpop3ctlOptions *options = run->options;

  run->logged_in = TRUE;
  g_clear_error (&run->error);
  g_clear_handle_id (&run->deadline_id, g_source_remove);
  switch (options->command)
    {
    case VPOP3CTL_COMMAND_WATCH:
      vpop3ctl_output_login (options->json, build);
      break;
    case VPOP3CTL_COMMAND_SURVEY:
      run->duration_id = g_timeout_add_seconds (options->duration_s, duration_cb, run);
      G_GNUC_FALLTHROUGH;
    case VPOP3CTL_COMMAND_STATUS:
    case VPOP3CTL_COMMAND_CHECK:
    case VPOP3CTL_COMMAND_METRICS:
      run->settle_id = g_timeout_add (options->settle_ms, settle_cb, run);
      run->deadline_id = g_timeout_add_seconds (options->timeout_s, settle_cap_cb, run);
      break;
    case VPOP3CTL_COMMAND_SEND:
    default:
      run->deadline_id = g_timeout_add_seconds (options->timeout_s, reply_deadline_cb, run);
      vpop3_client_send_command_async (client, options->server_command, options->target,
                                       options->text, run->cancellable, command_cb, run);
      break;
    }
}

static void
update_cb (Vpop3Client *client, Vpop3Update *update, gpointer user_data)
{
  Run *run = user_data;

  if (run->options->command == VPOP3CTL_COMMAND_WATCH)
    vpop3ctl_output_update (run->options->json, update);
  else if (run->settle_id != 0)
    {
      g_source_remove (run->settle_id);
      run->settle_id = g_timeout_add (run->options->settle_ms, settle_cb, run);
    }
}

static void
error_cb (Vpop3Client *client, GError *error, gpointer user_data)
{
  Run *run = user_data;

  if (run->options->command == VPOP3CTL_COMMAND_WATCH)
    {
      vpop3ctl_output_error (run->options->json, error);
      /* Never retried: VPOP3 counts failed logins. Credentials that cannot
       * even be sent are as final, and the client gives up on them too. */
      if (vpop3_client_error_is_final (error))
        finish (run, vpop3ctl_exit_for_error (error, FALSE));
      return;
    }
  /* The command's own callback reports its refusal. */
  if (g_error_matches (error, VPOP3_CLIENT_ERROR, VPOP3_CLIENT_ERROR_COMMAND_REFUSED))
    return;
  if (run->error == NULL)
    run->error = g_error_copy (error);
  schedule_over_check (run);
}

static void
disconnected_cb (Vpop3Client *client, const char *reason, gpointer user_data)
{
  Run *run = user_data;

  if (run->options->command == VPOP3CTL_COMMAND_WATCH)
    vpop3ctl_output_disconnected (run->options->json, reason);
  else if (!run->finishing)
    {
      if (run->error == NULL)
        run->error = g_error_new (VPOP3_CLIENT_ERROR, VPOP3_CLIENT_ERROR_NOT_CONNECTED,
                                  _ ("the connection ended: %s"), reason);
      schedule_over_check (run);
    }
}

static void
reconnect_scheduled_cb (Vpop3Client *client, guint delay_ms, gpointer user_data)
{
  Run *run = user_data;

  if (run->options->command == VPOP3CTL_COMMAND_WATCH)
    vpop3ctl_output_reconnect (run->options->json, delay_ms);
}

static void
start_client (Run *run, const char *password)
{
  const Vpop3ctlOptions *options = run->options;
  g_autoptr (GError) error = NULL;

  run->status = vpop3_status_new ();
  run->client = vpop3_client_new (run->status);
  vpop3_client_set_server (run->client, options->host, options->port);
  vpop3_client_set_credentials (run->client, options->auth_method, options->user, password);
  vpop3_client_set_timeouts (run->client, options->timeout_s * 1000, options->timeout_s * 1000);
  /* --timeout bounds the wait for a reply here, with a message of its own. */
  vpop3_client_set_command_timeout (run->client, 0);
  if (options->trace_file != NULL &&
      !vpop3_client_set_trace_file (run->client, options->trace_file, &error))
    {
      vpop3ctl_print_error (_ ("cannot write the trace file %s: %s"), options->trace_file,
                            error->message);
      finish (run, options->command == VPOP3CTL_COMMAND_CHECK ? VPOP3CTL_CHECK_UNKNOWN
                                                              : VPOP3CTL_EXIT_FAILURE);
      return;
    }
  if (options->command == VPOP3CTL_COMMAND_WATCH)
    vpop3_client_set_auto_reconnect (run->client, TRUE);

  g_signal_connect (run->client, "connected", G_CALLBACK (connected_cb), run);
  g_signal_connect (run->client, "logged-in", G_CALLBACK (logged_in_cb), run);
  g_signal_connect (run->client, "update", G_CALLBACK (update_cb), run);
  g_signal_connect (run->client, "error", G_CALLBACK (error_cb), run);
  g_signal_connect (run->client, "disconnected", G_CALLBACK (disconnected_cb), run);
  g_signal_connect (run->client, "reconnect-scheduled", G_CALLBACK (reconnect_scheduled_cb), run);

  /* The client times the connect and the greeting itself; this catches a
   * server that keeps the login from ever completing (say, by dripping). */
  if (options->command != VPOP3CTL_COMMAND_WATCH)
    run->deadline_id = g_timeout_add_seconds (2 * options->timeout_s, login_deadline_cb, run);
  vpop3_client_connect (run->client);
}

static void
password_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Run *run = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *keyring_problem = NULL;
  char *password = vpop3ctl_password_lookup_finish (result, &keyring_problem, &error);
  gboolean check = run->options->command == VPOP3CTL_COMMAND_CHECK;
  g_autofree char *message = NULL;

  if (run->finishing)
    {
      vpop3ctl_password_free (password);
      return;
    }
  if (error != NULL)
    {
      message = g_strdup (error->message);
      run->exit_code =
          error->domain == G_OPTION_ERROR ? VPOP3CTL_EXIT_USAGE : VPOP3CTL_EXIT_FAILURE;
    }
  else if (password == NULL)
    {
      message = g_strdup_printf (
          _ ("no password for %s on %s port %u: give --password-file FILE (“-” reads standard "
             "input), set $VPOP3_PASSWORD, or store it in the keyring with the VPOP3 Monitor "
             "applet%s%s"),
          run->options->user, run->options->host, (guint) run->options->port,
          keyring_problem != NULL ? _ ("; the keyring said: ") : "",
          keyring_problem != NULL ? keyring_problem : "");
      run->exit_code = VPOP3CTL_EXIT_USAGE;
    }
  if (message != NULL)
    {
      if (check)
        vpop3ctl_output_check_line (VPOP3CTL_CHECK_UNKNOWN, message);
      else
        vpop3ctl_print_error ("%s", message);
      finish (run, check ? VPOP3CTL_CHECK_UNKNOWN : run->exit_code);
      return;
    }

  start_client (run, password);
  vpop3ctl_password_free (password);
}

static gboolean
signal_cb (gpointer user_data)
{
  Run *run = user_data;

  if (run->finishing)
    {
      /* A second signal: stop waiting for the polite QUIT. */
      quit (run);
      return G_SOURCE_CONTINUE;
    }
  switch (run->options->command)
    {
    case VPOP3CTL_COMMAND_WATCH:
      finish (run, VPOP3CTL_EXIT_OK);
      break;
    case VPOP3CTL_COMMAND_CHECK:
      vpop3ctl_output_check_line (VPOP3CTL_CHECK_UNKNOWN, _ ("interrupted"));
      finish (run, VPOP3CTL_CHECK_UNKNOWN);
      break;
    case VPOP3CTL_COMMAND_SURVEY:
      /* What came so far is the survey: Ctrl+C ends a long one early. */
      if (run->logged_in)
        {
          vpop3ctl_output_survey (run->options->json, vpop3_status_get_census (run->status),
                                  run->options->host, run->options->port);
          finish (run, VPOP3CTL_EXIT_OK);
          break;
        }
      vpop3ctl_print_error ("%s", _ ("interrupted"));
      finish (run, VPOP3CTL_EXIT_FAILURE);
      break;
    case VPOP3CTL_COMMAND_STATUS:
    case VPOP3CTL_COMMAND_METRICS:
    case VPOP3CTL_COMMAND_SEND:
    default:
      vpop3ctl_print_error ("%s", _ ("interrupted"));
      finish (run, VPOP3CTL_EXIT_FAILURE);
      break;
    }
  return G_SOURCE_CONTINUE;
}

int
vpop3ctl_run (const Vpop3ctlOptions *options)
{
  Run run = { 0 };
  GMainContext *context = g_main_context_default ();

  run.options = options;
  run.loop = g_main_loop_new (NULL, FALSE);
  run.cancellable = g_cancellable_new ();
  run.sigint_id = g_unix_signal_add (SIGINT, signal_cb, &run);
  run.sigterm_id = g_unix_signal_add (SIGTERM, signal_cb, &run);

  vpop3ctl_password_lookup_async (options->password_file, options->host, options->port,
                                  options->user, options->timeout_s * 1000, run.cancellable,
                                  password_cb, &run);
  g_main_loop_run (run.loop);

  g_clear_handle_id (&run.sigint_id, g_source_remove);
  g_clear_handle_id (&run.sigterm_id, g_source_remove);
  g_clear_handle_id (&run.deadline_id, g_source_remove);
  g_clear_handle_id (&run.settle_id, g_source_remove);
  g_clear_handle_id (&run.duration_id, g_source_remove);
  g_clear_handle_id (&run.over_id, g_source_remove);
  g_clear_handle_id (&run.quit_id, g_source_remove);
  g_cancellable_cancel (run.cancellable);
  if (run.client != NULL)
    {
      g_clear_signal_handler (&run.state_handler, run.client);
      g_signal_handlers_disconnect_by_data (run.client, &run);
    }
  g_clear_object (&run.client);
  g_clear_object (&run.status);
  /* Let cancelled operations deliver their callbacks (which see
   * run.finishing and do nothing) so that nothing is left half done. */
  for (guint i = 0; i < 100 && g_main_context_pending (context); i++)
    g_main_context_iteration (context, FALSE);

  g_clear_object (&run.cancellable);
  g_clear_error (&run.error);
  g_main_loop_unref (run.loop);
  return run.exit_code;
}
