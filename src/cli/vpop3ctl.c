/* vpop3ctl.c: the command-line client of the VPOP3 status service: options and dispatch.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <stdarg.h>

#include "vpop3-client.h"
#include "vpop3ctl-check.h"
#include "vpop3ctl-exit.h"
#include "vpop3ctl-output.h"
#include "vpop3ctl-run.h"

#define DEFAULT_TIMEOUT_S  10
#define MAX_TIMEOUT_S      86400
#define DEFAULT_SETTLE_MS  300
#define MAX_SETTLE_MS      600000
#define DEFAULT_DURATION_S 30
#define MAX_DURATION_S     86400

typedef struct
{
  char *host;
  /* Numbers are read here, in decimal: GOption's own reading takes "0x1" as
   * hex and "010" as octal, and has no way to tell "-1" from "not given". */
  char *port;
  char *user;
  char *password_file;
  char *auth;
  char *timeout_s;
  char *settle_ms;
  char *duration_s;
  char *trace_file;
  gboolean json;
  char *warn_queue;
  char *crit_queue;
  gboolean yes;
  gboolean version;
  char **args;
} RawOptions;

/* What the applet is configured with; all empty without its schema. */
typedef struct
{
  char *host;
  guint16 port;
  char *user;
  Vpop3AuthMethod auth_method;
} AppletSettings;

static void
raw_options_clear (RawOptions *raw)
{
  g_free (raw->host);
  g_free (raw->port);
  g_free (raw->timeout_s);
  g_free (raw->settle_ms);
  g_free (raw->duration_s);
  g_free (raw->warn_queue);
  g_free (raw->crit_queue);
  g_free (raw->user);
  g_free (raw->password_file);
  g_free (raw->auth);
  g_free (raw->trace_file);
  g_strfreev (raw->args);
}

static void
applet_settings_clear (AppletSettings *applet)
{
  g_free (applet->host);
  g_free (applet->user);
}

/* Looked up first so that a missing schema means "no defaults", not the
 * abort that g_settings_new() gives. */
static void
applet_settings_load (AppletSettings *applet)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr (GSettingsSchema) schema = NULL;
  g_autoptr (GSettings) settings = NULL;

  applet->port = VPOP3_DEFAULT_PORT;
  applet->auth_method = VPOP3_AUTH_ALOGIN;
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL)
    return;
  settings = g_settings_new_full (schema, NULL, NULL);
  if (g_settings_schema_has_key (schema, "host"))
    applet->host = g_settings_get_string (settings, "host");
  if (g_settings_schema_has_key (schema, "port"))
    {
      guint16 port = 0;

      g_settings_get (settings, "port", "q", &port);
      if (port != 0)
        applet->port = port;
    }
  if (g_settings_schema_has_key (schema, "user"))
    applet->user = g_settings_get_string (settings, "user");
  if (g_settings_schema_has_key (schema, "auth-method"))
    {
      g_autofree char *nick = g_settings_get_string (settings, "auth-method");
      Vpop3AuthMethod method;

      if (vpop3_auth_method_from_string (nick, &method))
        applet->auth_method = method;
    }
}

/* The command word, found before parsing so that even a bad option gets
 * the monitoring-plugin answer when the command is "check". */
static const char *
find_command (int argc, char **argv, const GOptionEntry *entries)
{
  for (int i = 1; i < argc; i++)
    {
      const char *arg = argv[i];

      if (g_str_equal (arg, "--"))
        return i + 1 < argc ? argv[i + 1] : NULL;
      if (g_str_has_prefix (arg, "--"))
        {
          for (const GOptionEntry *e = entries; e->long_name != NULL; e++)
            if (e->arg != G_OPTION_ARG_NONE && e->long_name[0] != '\0' &&
                g_str_equal (arg + 2, e->long_name))
              i++; /* "--name VALUE" */
          continue;
        }
      if (arg[0] == '-' && arg[1] != '\0')
        {
          /* Only "-X VALUE" takes the next argument; "-XVALUE" does not. */
          for (const GOptionEntry *e = entries; e->long_name != NULL; e++)
            if (e->arg != G_OPTION_ARG_NONE && e->short_name != '\0' && arg[1] == e->short_name &&
                arg[2] == '\0')
              i++;
          continue;
        }
      return arg;
    }
  return NULL;
}

/* Reports a usage error and returns the exit code: 2, or UNKNOWN (3) for
 * "check", as the monitoring-plugin guidelines want. */
static int usage_error (gboolean check, const char *format, ...) G_GNUC_PRINTF (2, 3);

static int
usage_error (gboolean check, const char *format, ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  if (check)
    {
      g_autofree char *line = vpop3ctl_check_format_line (VPOP3CTL_CHECK_UNKNOWN, message, NULL);

      g_print ("%s\n", line);
      return VPOP3CTL_CHECK_UNKNOWN;
    }
  vpop3ctl_print_error ("%s", message);
  g_printerr (_ ("Try “%s --help” for more information.\n"), g_get_prgname ());
  return VPOP3CTL_EXIT_USAGE;
}

typedef struct
{
  const char *name;
  Vpop3ctlCommand command;
  Vpop3CommandType server_command;
  guint min_args;
  guint max_args;
  const char *usage; /* untranslated: commands and placeholders are literal */
} CommandSpec;

static const CommandSpec commands[] = {
  { "watch", VPOP3CTL_COMMAND_WATCH, 0, 0, 0, "watch" },
  { "status", VPOP3CTL_COMMAND_STATUS, 0, 0, 0, "status" },
  { "check", VPOP3CTL_COMMAND_CHECK, 0, 0, 0, "check" },
  { "survey", VPOP3CTL_COMMAND_SURVEY, 0, 0, 0, "survey [--duration SECONDS]" },
  { "metrics", VPOP3CTL_COMMAND_METRICS, 0, 0, 0, "metrics" },
  { "connect", VPOP3CTL_COMMAND_SEND, VPOP3_COMMAND_CONNECT, 0, 1, "connect [NAME]" },
  { "shutdown", VPOP3CTL_COMMAND_SEND, VPOP3_COMMAND_SHUTDOWN, 0, 0, "shutdown --yes" },
  { "end-session", VPOP3CTL_COMMAND_SEND, VPOP3_COMMAND_END_SESSION, 1, 1, "end-session ID" },
  { "send-message", VPOP3CTL_COMMAND_SEND, VPOP3_COMMAND_IM, 2, 2, "send-message USER TEXT" },
};

static const CommandSpec *
lookup_command (const char *name)
{
  for (gsize i = 0; name != NULL && i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (commands[i].name, name))
      return &commands[i];
  return NULL;
}

static GOptionContext *
make_context (GOptionEntry *entries)
{
  GOptionContext *context = g_option_context_new (_ ("COMMAND [ARGUMENTS…]"));

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (
      context,
      _ ("Watch and control a VPOP3 mail server through its status service (TCP port 5109).\n"
         "\n"
         "Commands:\n"
         "  watch                   stay connected and print every event; reconnect when\n"
         "                          the connection is lost\n"
         "  status                  print the server's state once the first burst has settled\n"
         "  check                   monitoring plugin (Nagios, Icinga): one status line\n"
         "  survey                  listen for --duration seconds and report every kind of\n"
         "                          line the server sent (for a bug report: add --json)\n"
         "  metrics                 the state in the Prometheus text format, for\n"
         "                          node_exporter's textfile collector\n"
         "  connect [NAME]          make VPOP3 connect to the Internet now (NAME: a connection)\n"
         "  shutdown --yes          shut the VPOP3 server down\n"
         "  end-session ID          end a session on the server\n"
         "  send-message USER TEXT  send an instant message to a VPOP3 user"));
  g_option_context_set_description (
      context,
      _ ("Exit codes (all commands except check):\n"
         "  0  success\n"
         "  1  other failure (such as a connection lost before the reply)\n"
         "  2  usage error (bad option, unknown command, missing argument, no user or password)\n"
         "  3  the server refused the login (never retried: VPOP3 counts failed logins)\n"
         "  4  no VPOP3 status service reachable (refused, timed out, not VPOP3, access denied)\n"
         "  5  the server refused the command\n"
         "check exits 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN. metrics exits 0 when the\n"
         "server cannot be reached or refuses the login, and reports vpop3_up 0.\n"
         "\n"
         "The password is never taken from the command line. It comes from, in order:\n"
         "  --password-file FILE (its first line; “-” reads standard input),\n"
         "  the environment variable VPOP3_PASSWORD,\n"
         "  the keyring item the VPOP3 Monitor applet stores for the host, port and user.\n"
         "\n"
         "Host, port, user and login method default to the VPOP3 Monitor applet's settings."));
  return context;
}

/* GOption converts text arguments from the locale's encoding, so that under
 * LC_ALL=C any non-ASCII name failed. They are read as bytes instead
 * (G_OPTION_ARG_FILENAME) and taken as UTF-8 when they are valid UTF-8, as
 * they nearly always are, else converted from the locale's encoding. */
static gboolean
argument_to_utf8 (char **argument)
{
  char *converted;

  if (*argument == NULL || g_utf8_validate (*argument, -1, NULL))
    return TRUE;
  converted = g_locale_to_utf8 (*argument, -1, NULL, NULL, NULL);
  if (converted == NULL)
    return FALSE;
  g_free (*argument);
  *argument = converted;
  return TRUE;
}

static gboolean
raw_options_to_utf8 (RawOptions *raw)
{
  char **text_options[] = { &raw->host,       &raw->port,       &raw->user,
                            &raw->auth,       &raw->timeout_s,  &raw->settle_ms,
                            &raw->duration_s, &raw->warn_queue, &raw->crit_queue };

  for (gsize i = 0; i < G_N_ELEMENTS (text_options); i++)
    if (!argument_to_utf8 (text_options[i]))
      return FALSE;
  for (char **arg = raw->args; arg != NULL && *arg != NULL; arg++)
    if (!argument_to_utf8 (arg))
      return FALSE;
  return TRUE;
}

/* A whole number in decimal digits only, within [@min, @max]. */
static gboolean
parse_decimal (const char *text, guint64 min, guint64 max, guint64 *value)
{
  return g_ascii_string_to_unsigned (text, 10, min, max, value, NULL);
}

/* Fills @options from @raw and @applet; returns -1, or the exit code of a usage error. */
static int
resolve_options (RawOptions *raw,
                 const AppletSettings *applet,
                 const CommandSpec *spec,
                 Vpop3ctlOptions *options)
{
  gboolean check = spec->command == VPOP3CTL_COMMAND_CHECK;
  gboolean applet_server =
      raw->host == NULL || (applet->host != NULL && g_str_equal (raw->host, applet->host));
  guint n_args = g_strv_length (raw->args) - 1;
  guint64 port = 0, timeout_s = DEFAULT_TIMEOUT_S, settle_ms = DEFAULT_SETTLE_MS;
  guint64 duration_s = DEFAULT_DURATION_S;
  guint64 warn_queue = 0, crit_queue = 0;
  g_autoptr (GError) error = NULL;

  if (n_args < spec->min_args || n_args > spec->max_args)
    return usage_error (check, _ ("usage: %s %s"), g_get_prgname (), spec->usage);
  if (raw->host != NULL && *raw->host == '\0')
    return usage_error (check, "%s", _ ("--host cannot be empty"));
  if (raw->port != NULL && !parse_decimal (raw->port, 1, G_MAXUINT16, &port))
    return usage_error (check, _ ("--port must be a decimal number from 1 to %u"),
                        (guint) G_MAXUINT16);
  if (raw->timeout_s != NULL && !parse_decimal (raw->timeout_s, 1, MAX_TIMEOUT_S, &timeout_s))
    return usage_error (check, _ ("--timeout must be a decimal number of seconds from 1 to %u"),
                        MAX_TIMEOUT_S);
  if (raw->settle_ms != NULL && !parse_decimal (raw->settle_ms, 0, MAX_SETTLE_MS, &settle_ms))
    return usage_error (check, _ ("--settle must be a decimal number of milliseconds from 0 to %u"),
                        MAX_SETTLE_MS);
  if (raw->duration_s != NULL && !parse_decimal (raw->duration_s, 1, MAX_DURATION_S, &duration_s))
    return usage_error (check, _ ("--duration must be a decimal number of seconds from 1 to %u"),
                        MAX_DURATION_S);
  if ((raw->warn_queue != NULL && !parse_decimal (raw->warn_queue, 0, G_MAXINT64, &warn_queue)) ||
      (raw->crit_queue != NULL && !parse_decimal (raw->crit_queue, 0, G_MAXINT64, &crit_queue)))
    return usage_error (check, "%s", _ ("queue thresholds must be whole numbers, 0 or more"));

  options->command = spec->command;
  if (raw->host != NULL)
    options->host = raw->host;
  else if (applet->host != NULL && *applet->host != '\0')
    options->host = applet->host;
  else
    options->host = "localhost";
  /* The applet's port goes with the applet's server only. */
  if (raw->port != NULL)
    options->port = (guint16) port;
  else
    options->port = applet_server ? applet->port : VPOP3_DEFAULT_PORT;

  options->user = raw->user != NULL ? raw->user : applet->user;
  /* Never a guessed user: VPOP3 counts failed logins. */
  if (options->user == NULL || *options->user == '\0')
    return usage_error (check, "%s",
                        _ ("no user name: give --user, or configure the VPOP3 Monitor applet"));

  if (raw->auth != NULL)
    {
      if (!vpop3_auth_method_from_string (raw->auth, &options->auth_method))
        return usage_error (check, _ ("unknown login method “%s” (use alogin, login or apilogin)"),
                            raw->auth);
    }
  else if (applet_server && g_strcmp0 (options->user, applet->user) == 0)
    options->auth_method = applet->auth_method;
  else
    options->auth_method = VPOP3_AUTH_ALOGIN;
  if (options->auth_method == VPOP3_AUTH_LOGIN)
    vpop3ctl_print_error ("%s", _ ("warning: the login method “login” sends the password in "
                                   "clear text over the network"));

  options->password_file = raw->password_file;
  options->timeout_s = (guint) timeout_s;
  options->settle_ms = (guint) settle_ms;
  options->duration_s = (guint) duration_s;
  options->trace_file = raw->trace_file;
  options->json = raw->json;

  options->thresholds.warn_queue =
      raw->warn_queue == NULL ? VPOP3CTL_CHECK_NO_THRESHOLD : (gint64) warn_queue;
  options->thresholds.crit_queue =
      raw->crit_queue == NULL ? VPOP3CTL_CHECK_NO_THRESHOLD : (gint64) crit_queue;
  if (!vpop3ctl_check_thresholds_validate (&options->thresholds, &error))
    return usage_error (check, "%s", error->message);

  if (spec->command == VPOP3CTL_COMMAND_SEND)
    {
      options->server_command = spec->server_command;
      if (spec->server_command == VPOP3_COMMAND_SHUTDOWN && !raw->yes)
        return usage_error (FALSE, "%s",
                            _ ("“shutdown” stops the VPOP3 mail server for all its users; "
                               "add --yes to confirm"));
      if (spec->server_command == VPOP3_COMMAND_IM)
        {
          options->target = raw->args[1];
          options->text = raw->args[2];
        }
      else if (n_args > 0)
        options->target = raw->args[1];
    }
  return -1;
}

int
main (int argc, char **argv)
{
  RawOptions raw = { 0 };
  GOptionEntry entries[] = {
    { "host", 'H', 0, G_OPTION_ARG_FILENAME, &raw.host,
      N_ ("The VPOP3 server (default: the applet's, else localhost)"), N_ ("HOST") },
    { "port", 'p', 0, G_OPTION_ARG_FILENAME, &raw.port,
      N_ ("The status service port (default: the applet's, else 5109)"), N_ ("PORT") },
    { "user", 'u', 0, G_OPTION_ARG_FILENAME, &raw.user,
      N_ ("The VPOP3 user (default: the applet's)"), N_ ("USER") },
    { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &raw.password_file,
      N_ ("Read the password from the first line of FILE (“-”: standard input)"), N_ ("FILE") },
    { "auth", 0, 0, G_OPTION_ARG_FILENAME, &raw.auth,
      N_ ("Login method: alogin (default), login (clear text) or apilogin (WebAPI key)"),
      N_ ("METHOD") },
    { "timeout", 0, 0, G_OPTION_ARG_FILENAME, &raw.timeout_s,
      N_ ("Give up connecting, or waiting for a reply, after SECONDS (default: 10)"),
      N_ ("SECONDS") },
    { "trace", 0, 0, G_OPTION_ARG_FILENAME, &raw.trace_file,
      N_ ("Write every line sent and received to FILE (login secrets redacted)"), N_ ("FILE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &raw.json,
      N_ ("Print JSON (one object per line) instead of text"), NULL },
    { "settle", 0, 0, G_OPTION_ARG_FILENAME, &raw.settle_ms,
      N_ ("status, check, metrics, survey: the first burst is over after MS without a line "
          "and none half received (default: 300)"),
      N_ ("MS") },
    { "duration", 0, 0, G_OPTION_ARG_FILENAME, &raw.duration_s,
      N_ ("survey: listen for SECONDS after the login (default: 30)"), N_ ("SECONDS") },
    { "warn-queue", 0, 0, G_OPTION_ARG_FILENAME, &raw.warn_queue,
      N_ ("check: WARNING when more than N messages wait to be sent"), N_ ("N") },
    { "crit-queue", 0, 0, G_OPTION_ARG_FILENAME, &raw.crit_queue,
      N_ ("check: CRITICAL when more than N messages wait to be sent"), N_ ("N") },
    { "yes", 0, 0, G_OPTION_ARG_NONE, &raw.yes, N_ ("shutdown: really shut the server down"),
      NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &raw.version, N_ ("Print the version and exit"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &raw.args, NULL, NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  AppletSettings applet = { 0 };
  Vpop3ctlOptions options = { 0 };
  const CommandSpec *spec;
  gboolean check;
  g_autofree char *command_line = NULL;
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("vpop3ctl");
  vpop3ctl_output_install_print_handlers ();

  check = g_strcmp0 (find_command (argc, argv, entries), "check") == 0;
  context = make_context (entries);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      status = usage_error (check, "%s", error->message);
      raw_options_clear (&raw);
      return status;
    }
  if (!raw_options_to_utf8 (&raw))
    {
      status = usage_error (check, "%s",
                            _ ("an argument is neither UTF-8 nor text in this locale's encoding"));
      raw_options_clear (&raw);
      return status;
    }
  if (raw.version)
    {
      g_print ("vpop3ctl %s\n", PACKAGE_VERSION);
      raw_options_clear (&raw);
      return VPOP3CTL_EXIT_OK;
    }
  if (raw.args == NULL || raw.args[0] == NULL)
    status = usage_error (FALSE, "%s", _ ("no command given"));
  else if ((spec = lookup_command (raw.args[0])) == NULL)
    status = usage_error (FALSE, _ ("unknown command “%s”"), raw.args[0]);
  else
    {
      applet_settings_load (&applet);
      status = resolve_options (&raw, &applet, spec, &options);
    }
  if (status == -1 && options.command == VPOP3CTL_COMMAND_SEND)
    {
      /* Checked before connecting: an argument the protocol cannot carry is
       * a usage error, not something to discover after logging in. */
      command_line =
          vpop3_command_format (options.server_command, options.target, options.text, &error);
      if (command_line == NULL)
        status = usage_error (FALSE, "%s", error->message);
      options.command_line = command_line;
    }
  if (status == -1)
    status = vpop3ctl_run (&options);

  applet_settings_clear (&applet);
  raw_options_clear (&raw);
  return status;
}
