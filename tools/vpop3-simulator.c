/* vpop3-simulator.c: a stand-in VPOP3 status server for tests, demos and training.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gunixinputstream.h>
#include <gio/gunixoutputstream.h>
#include <glib-unix.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "vpop3-simulator-control.h"
#include "vpop3-simulator-server.h"

#define EXIT_USAGE 2
/* After SHUTDOWN, how long the goodbyes may take before the process leaves anyway. */
#define SHUTDOWN_GRACE_MS 2000

typedef struct
{
  char *listen;
  int port;
  char **users;
  char **api_keys;
  char *scenario;
  double rate;
  gint64 seed;
  gint64 log_backlog;
  int build;
  char *misbehave;
  char *dialect;
  gboolean control;
} Options;

typedef struct
{
  GMainLoop *loop;
  Vpop3Simulator *simulator;
  gboolean shutting_down;
  guint grace_source;
  guint sigint_source;
  guint sigterm_source;
} App;

static void
options_clear (Options *options)
{
  g_free (options->listen);
  g_strfreev (options->users);
  g_strfreev (options->api_keys);
  g_free (options->scenario);
  g_free (options->misbehave);
  g_free (options->dialect);
}

static gboolean
parse_permissions (const char *text, Vpop3Permissions *permissions)
{
  Vpop3Permissions result = VPOP3_PERMISSION_NONE;

  if (strlen (text) != 6)
    return FALSE;
  for (int i = 0; i < 6; i++)
    {
      if (text[i] == '1')
        result |= (Vpop3Permissions) (1 << i);
      else if (text[i] != '0')
        return FALSE;
    }
  *permissions = result;
  return TRUE;
}

/* NAME:PASSWORD[:PERMS]. The password may hold colons; a final ":" and six
 * 0/1 digits are the permissions. */
static gboolean
add_user (Vpop3Simulator *simulator, const char *spec, GError **error)
{
  const char *colon = strchr (spec, ':');
  const char *last = strrchr (spec, ':');
  Vpop3Permissions permissions = VPOP3_PERMISSION_ALL;
  g_autofree char *name = NULL;
  g_autofree char *password = NULL;

  if (colon == NULL || colon == spec)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _ ("--user wants NAME:PASSWORD[:PERMS]"));
      return FALSE;
    }
  name = g_strndup (spec, (gsize) (colon - spec));
  if (last != colon && parse_permissions (last + 1, &permissions))
    password = g_strndup (colon + 1, (gsize) (last - colon - 1));
  else
    password = g_strdup (colon + 1);

  if (strpbrk (name, " \t") != NULL || *password == '\0')
    {
      /* Never echo the argument: it holds a password. */
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _ ("--user for “%s”: the name must have no spaces and the password must not "
                      "be empty"),
                   name);
      return FALSE;
    }
  vpop3_simulator_add_user (simulator, name, password, permissions);
  return TRUE;
}

static gboolean
add_api_key (Vpop3Simulator *simulator, const char *spec, GError **error)
{
  const char *colon = strchr (spec, ':');
  g_autofree char *name = NULL;

  if (colon == NULL || colon == spec)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, _ ("--api-key wants NAME:KEY"));
      return FALSE;
    }
  name = g_strndup (spec, (gsize) (colon - spec));
  /* VPOP3 itself refuses WebAPI keys shorter than this. */
  if (strlen (colon + 1) < 10)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _ ("--api-key for “%s”: a WebAPI key has at least 10 characters"), name);
      return FALSE;
    }
  vpop3_simulator_add_api_key (simulator, name, colon + 1);
  return TRUE;
}

static gboolean
lookup_nick (GType type, const char *option, const char *nick, int *value, GError **error)
{
  g_autoptr (GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *found = g_enum_get_value_by_nick (klass, nick);

  if (found == NULL)
    {
      g_autoptr (GString) nicks = g_string_new (NULL);

      for (guint i = 0; i < klass->n_values; i++)
        g_string_append_printf (nicks, "%s%s", i > 0 ? ", " : "", klass->values[i].value_nick);
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _ ("%s: unknown value “%s” (one of: %s)"), option, nick, nicks->str);
      return FALSE;
    }
  *value = found->value;
  return TRUE;
}

static gboolean
configure (Vpop3Simulator *simulator, Options *options, GError **error)
{
  int scenario = VPOP3_SIMULATOR_SCENARIO_QUIET;
  int misbehaviour = VPOP3_SIMULATOR_MISBEHAVIOUR_NONE;
  int dialect = VPOP3_SIMULATOR_DIALECT_OURS;

  if (options->listen != NULL)
    {
      g_autoptr (GInetAddress) address = g_inet_address_new_from_string (options->listen);

      if (address == NULL)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _ ("--listen wants an IP address, not “%s”"), options->listen);
          return FALSE;
        }
    }
  if (options->port < 0 || options->port > G_MAXUINT16)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _ ("--port must be between 0 and 65535"));
      return FALSE;
    }
  if (!(options->rate > 0.0 && options->rate <= 1000000.0))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _ ("--rate must be above 0 and at most 1000000"));
      return FALSE;
    }
  if (options->seed < -1 || options->seed > G_MAXUINT32)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _ ("--seed must be between 0 and 4294967295"));
      return FALSE;
    }
  if (options->log_backlog < 0 || options->log_backlog > G_MAXINT)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _ ("--log-backlog must be between 0 and %d"), G_MAXINT);
      return FALSE;
    }
  if (options->build < -1)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _ ("--build must be a build number, or -1 for none"));
      return FALSE;
    }
  if (options->scenario != NULL && !lookup_nick (VPOP3_TYPE_SIMULATOR_SCENARIO, "--scenario",
                                                 options->scenario, &scenario, error))
    return FALSE;
  if (options->misbehave != NULL && !lookup_nick (VPOP3_TYPE_SIMULATOR_MISBEHAVIOUR, "--misbehave",
                                                  options->misbehave, &misbehaviour, error))
    return FALSE;
  if (options->dialect != NULL &&
      !lookup_nick (VPOP3_TYPE_SIMULATOR_DIALECT, "--dialect", options->dialect, &dialect, error))
    return FALSE;

  if (options->users == NULL)
    vpop3_simulator_add_user (simulator, "postmaster", "admin", VPOP3_PERMISSION_ALL);
  for (guint i = 0; options->users != NULL && options->users[i] != NULL; i++)
    if (!add_user (simulator, options->users[i], error))
      return FALSE;
  for (guint i = 0; options->api_keys != NULL && options->api_keys[i] != NULL; i++)
    if (!add_api_key (simulator, options->api_keys[i], error))
      return FALSE;

  if (options->seed >= 0)
    vpop3_simulator_set_seed (simulator, (guint32) options->seed);
  vpop3_simulator_set_log_backlog (simulator, (guint) options->log_backlog);
  vpop3_simulator_set_build (simulator, options->build);
  vpop3_simulator_set_misbehaviour (simulator, (Vpop3SimulatorMisbehaviour) misbehaviour);
  vpop3_simulator_set_dialect (simulator, (Vpop3SimulatorDialect) dialect);
  vpop3_simulator_set_scenario (simulator, (Vpop3SimulatorScenario) scenario, options->rate);
  return TRUE;
}

static gboolean
quit_on_signal_cb (gpointer user_data)
{
  App *app = user_data;

  vpop3_simulator_stop (app->simulator);
  g_main_loop_quit (app->loop);
  return G_SOURCE_CONTINUE;
}

static gboolean
grace_over_cb (gpointer user_data)
{
  App *app = user_data;

  app->grace_source = 0;
  g_main_loop_quit (app->loop);
  return G_SOURCE_REMOVE;
}

static void
peer_count_cb (GObject *object, GParamSpec *pspec, gpointer user_data)
{
  App *app = user_data;

  if (app->shutting_down && vpop3_simulator_get_peer_count (app->simulator) == 0)
    g_main_loop_quit (app->loop);
}

/* Leave once every goodbye has been written, or after the grace period. */
static void
shutdown_requested_cb (Vpop3Simulator *simulator, gpointer user_data)
{
  App *app = user_data;

  app->shutting_down = TRUE;
  if (app->grace_source == 0)
    app->grace_source = g_timeout_add (SHUTDOWN_GRACE_MS, grace_over_cb, app);
  peer_count_cb (G_OBJECT (simulator), NULL, app);
}

static void
control_quit_cb (Vpop3SimulatorControl *control, gpointer user_data)
{
  quit_on_signal_cb (user_data);
}

static int
usage_error (GOptionContext *context, const GError *error)
{
  g_printerr ("%s: %s\n", g_get_prgname (), error->message);
  g_printerr (_ ("Try “%s --help” for more information.\n"), g_get_prgname ());
  return EXIT_USAGE;
}

int
main (int argc, char **argv)
{
  Options options = {
    .port = 5109,
    .rate = VPOP3_SIMULATOR_DEFAULT_RATE,
    .seed = -1,
    .build = VPOP3_SIMULATOR_DEFAULT_BUILD,
  };
  const GOptionEntry entries[] = {
    { "listen", 0, 0, G_OPTION_ARG_STRING, &options.listen,
      N_ ("IP address to listen on (default 127.0.0.1)"), N_ ("ADDR") },
    { "port", 0, 0, G_OPTION_ARG_INT, &options.port,
      N_ ("TCP port (default 5109; 0 picks a free one)"), N_ ("N") },
    { "user", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options.users,
      N_ ("An account; PERMS is six 0/1 digits (default 111111). Repeatable. Without it: "
          "postmaster:admin"),
      N_ ("NAME:PASSWORD[:PERMS]") },
    { "api-key", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options.api_keys,
      N_ ("A user's WebAPI key for APILOGIN. Repeatable"), N_ ("NAME:KEY") },
    { "scenario", 0, 0, G_OPTION_ARG_STRING, &options.scenario,
      N_ ("What the server does: quiet (default) or busy"), N_ ("NAME") },
    { "rate", 0, 0, G_OPTION_ARG_DOUBLE, &options.rate,
      N_ ("Events per second in the busy scenario (default 2)"), N_ ("N") },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &options.seed,
      N_ ("Seed for a repeatable sequence of events"), N_ ("N") },
    { "log-backlog", 0, 0, G_OPTION_ARG_INT64, &options.log_backlog,
      N_ ("Send N older activity-log lines in each login burst (default 0)"), N_ ("N") },
    { "build", 0, 0, G_OPTION_ARG_INT, &options.build,
      N_ ("Build number in the login reply (default 2886; -1 for none)"), N_ ("N") },
    { "misbehave", 0, 0, G_OPTION_ARG_STRING, &options.misbehave,
      N_ ("Be a bad server: none, garbage, drop, drip, not-vpop3, deny, refuse-all, silent, "
          "endless"),
      N_ ("MODE") },
    { "dialect", 0, 0, G_OPTION_ARG_STRING, &options.dialect,
      N_ ("How to send the provisional update types: provisional (default, our reading), "
          "documented-only (only 0 and 1) or other-shape (a shape the client cannot read)"),
      N_ ("NAME") },
    { "control", 0, 0, G_OPTION_ARG_NONE, &options.control,
      N_ ("Read control commands on standard input"), NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (Vpop3Simulator) simulator = NULL;
  g_autoptr (Vpop3SimulatorControl) control = NULL;
  g_autoptr (GMainLoop) loop = NULL;
  App app = { 0 };
  int status = EXIT_SUCCESS;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("vpop3-simulator");

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _ ("A stand-in VPOP3 status server (TCP 5109) for tests "
                                            "and demonstrations."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      status = usage_error (context, error);
      goto out;
    }
  if (argc > 1)
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, _ ("unexpected argument “%s”"),
                   argv[1]);
      status = usage_error (context, error);
      goto out;
    }

  simulator = vpop3_simulator_new ();
  if (!configure (simulator, &options, &error))
    {
      status = usage_error (context, error);
      goto out;
    }
  if (!vpop3_simulator_listen (simulator, options.listen != NULL ? options.listen : "127.0.0.1",
                               (guint16) options.port, &error))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      status = EXIT_FAILURE;
      goto out;
    }

  /* Not translated: scripts and tests read the port from this line. */
  printf ("listening on %s:%u\n", options.listen != NULL ? options.listen : "127.0.0.1",
          vpop3_simulator_get_port (simulator));
  fflush (stdout);

  /* A client or a control reader that hangs up must not kill the server. */
  signal (SIGPIPE, SIG_IGN);

  loop = g_main_loop_new (NULL, FALSE);
  app.loop = loop;
  app.simulator = simulator;
  app.sigint_source = g_unix_signal_add (SIGINT, quit_on_signal_cb, &app);
  app.sigterm_source = g_unix_signal_add (SIGTERM, quit_on_signal_cb, &app);
  g_signal_connect (simulator, "shutdown-requested", G_CALLBACK (shutdown_requested_cb), &app);
  g_signal_connect (simulator, "notify::peer-count", G_CALLBACK (peer_count_cb), &app);

  if (options.control)
    {
      g_autoptr (GInputStream) input = g_unix_input_stream_new (STDIN_FILENO, FALSE);
      g_autoptr (GOutputStream) output = g_unix_output_stream_new (STDOUT_FILENO, FALSE);

      control = vpop3_simulator_control_new (simulator, input, output);
      g_signal_connect (control, "quit-requested", G_CALLBACK (control_quit_cb), &app);
      vpop3_simulator_control_start (control);
    }

  g_main_loop_run (loop);

  g_clear_handle_id (&app.grace_source, g_source_remove);
  g_clear_handle_id (&app.sigint_source, g_source_remove);
  g_clear_handle_id (&app.sigterm_source, g_source_remove);
  g_signal_handlers_disconnect_by_data (simulator, &app);
  vpop3_simulator_stop (simulator);

out:
  options_clear (&options);
  return status;
}
