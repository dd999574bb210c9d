/* cli-harness.c: running the real vpop3ctl against the real vpop3-simulator.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "cli-harness.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>

#include "test-loop.h"

#define CTL_DEADLINE_MS 15000

/* AddressSanitizer slows every program of the build several times. */
#if defined(__SANITIZE_ADDRESS__)
#define HARNESS_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HARNESS_SANITIZED 1
#endif
#endif
#ifndef HARNESS_SANITIZED
#define HARNESS_SANITIZED 0
#endif

static char *tmpdir;
static guint n_simulators;

static void
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_remove (child);
    }
  g_rmdir (path);
}

static void
remove_tmpdir (void)
{
  if (tmpdir == NULL)
    return;
  remove_tree (tmpdir);
  g_clear_pointer (&tmpdir, g_free);
}

/* In the child: a test that dies on a failed assertion takes its
 * simulators and vpop3ctl processes with it. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

const char *
harness_init (int *argc, char ***argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *keyring = NULL;

  g_test_init (argc, argv, NULL);
  tmpdir = g_dir_make_tmp ("vpop3ctl-test-XXXXXX", &error);
  g_assert_no_error (error);
  atexit (remove_tmpdir);

  /* Every vpop3ctl run inherits this: no real home, settings or keyring,
   * and untranslated messages. */
  keyring = g_build_filename (tmpdir, "keyring", NULL);
  g_setenv ("HOME", tmpdir, TRUE);
  g_setenv ("XDG_CONFIG_HOME", tmpdir, TRUE);
  g_setenv ("XDG_DATA_HOME", tmpdir, TRUE);
  g_setenv ("XDG_CACHE_HOME", tmpdir, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("SECRET_BACKEND", "file", TRUE);
  g_setenv ("SECRET_FILE_TEST_PATH", keyring, TRUE);
  g_setenv ("SECRET_FILE_TEST_PASSWORD", "test-keyring-password", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_unsetenv ("LANGUAGE");
  g_unsetenv ("VPOP3_PASSWORD");
  return tmpdir;
}

const char *
harness_tmpdir (void)
{
  return tmpdir;
}

guint
harness_scale_ms (guint ms)
{
  static guint scale;

  if (scale == 0)
    {
      const char *text = g_getenv ("VPOP3_TEST_TIME_SCALE");
      guint64 value = 1;

      if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 1, 100, &value, NULL))
        value = 1;
      scale = (guint) value * (HARNESS_SANITIZED ? 3 : 1);
    }
  return ms * scale;
}

guint16
harness_closed_port (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSocket) socket =
      g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GSocketAddress) bound = NULL;
  guint16 port;

  g_assert_no_error (error);
  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  /* Bound but never listening: connections to it are refused. */
  g_socket_close (socket, NULL);
  return port;
}

static const char *
program (const char *variable)
{
  const char *path = g_getenv (variable);

  if (path == NULL)
    g_error ("$%s is not set: run this test through meson", variable);
  return path;
}

Simulator *
simulator_start (const char *first_arg, ...)
{
  Simulator *sim = g_new0 (Simulator, 1);
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *line = NULL;
  g_autofree char *name = g_strdup_printf ("simulator-%u.log", ++n_simulators);
  const char *colon;
  va_list ap;

  g_ptr_array_add (args, (gpointer) program ("VPOP3_SIMULATOR"));
  g_ptr_array_add (args, "--port");
  g_ptr_array_add (args, "0");
  g_ptr_array_add (args, "--control");
  g_ptr_array_add (args, "--user");
  g_ptr_array_add (args, "postmaster:admin");
  va_start (ap, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  sim->stderr_path = g_build_filename (tmpdir, name, NULL);
  launcher =
      g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_stderr_file_path (launcher, sim->stderr_path);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  sim->process = g_subprocess_launcher_spawnv (launcher, (const char *const *) args->pdata, &error);
  g_assert_no_error (error);
  sim->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sim->process));
  sim->in = g_object_ref (g_subprocess_get_stdin_pipe (sim->process));

  line = g_data_input_stream_read_line_utf8 (sim->out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "listening on 127.0.0.1:"));
  colon = strrchr (line, ':');
  sim->port = (guint16) g_ascii_strtoull (colon + 1, NULL, 10);
  g_assert_cmpuint (sim->port, >, 0);
  return sim;
}

static void
command_received_cb (Vpop3Simulator *server, const char *line, gpointer user_data)
{
  Simulator *sim = user_data;

  g_ptr_array_add (sim->commands, g_strdup (line));
}

Simulator *
simulator_new_in_process (Vpop3SimulatorMisbehaviour misbehaviour)
{
  Simulator *sim = g_new0 (Simulator, 1);
  g_autoptr (GError) error = NULL;

  sim->server = vpop3_simulator_new ();
  sim->commands = g_ptr_array_new_with_free_func (g_free);
  vpop3_simulator_add_user (sim->server, "postmaster", "admin", VPOP3_PERMISSION_ALL);
  vpop3_simulator_set_misbehaviour (sim->server, misbehaviour);
  g_signal_connect (sim->server, "command-received", G_CALLBACK (command_received_cb), sim);
  vpop3_simulator_listen (sim->server, "127.0.0.1", 0, &error);
  g_assert_no_error (error);
  sim->port = vpop3_simulator_get_port (sim->server);
  return sim;
}

char *
simulator_query (Simulator *sim, const char *line)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *with_newline = g_strconcat (line, "\n", NULL);
  char *answer;

  g_output_stream_write_all (sim->in, with_newline, strlen (with_newline), NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_flush (sim->in, NULL, &error);
  g_assert_no_error (error);
  answer = g_data_input_stream_read_line_utf8 (sim->out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (answer);
  return answer;
}

void
simulator_control (Simulator *sim, const char *line)
{
  g_autofree char *answer = simulator_query (sim, line);

  g_test_message ("simulator control: %s → %s", line, answer);
  g_assert_cmpstr (answer, ==, "ok");
}

static void
wait_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  gboolean *done = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *done = TRUE;
}

gboolean
simulator_wait_exit (Simulator *sim, guint timeout_ms)
{
  gboolean done = FALSE;
  gint64 end = g_get_monotonic_time () + harness_scale_ms (timeout_ms) * G_TIME_SPAN_MILLISECOND;

  g_subprocess_wait_async (sim->process, NULL, wait_cb, &done);
  while (!done && g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5 * G_TIME_SPAN_MILLISECOND);
    }
  if (!done)
    {
      /* Let the pending wait finish before its flag goes out of scope. */
      g_subprocess_force_exit (sim->process);
      while (!done)
        g_main_context_iteration (NULL, TRUE);
      return FALSE;
    }
  return TRUE;
}

char *
simulator_stderr (Simulator *sim)
{
  char *contents = NULL;

  g_file_get_contents (sim->stderr_path, &contents, NULL, NULL);
  return contents != NULL ? contents : g_strdup ("");
}

void
simulator_free (Simulator *sim)
{
  if (sim == NULL)
    return;
  if (sim->server != NULL)
    {
      g_signal_handlers_disconnect_by_data (sim->server, sim);
      vpop3_simulator_stop (sim->server);
      g_clear_object (&sim->server);
      g_clear_pointer (&sim->commands, g_ptr_array_unref);
      /* Let the closed connections finish before the next test. */
      test_loop_run_for (50);
    }
  if (sim->process != NULL && g_subprocess_get_identifier (sim->process) != NULL)
    {
      g_subprocess_send_signal (sim->process, SIGTERM);
      simulator_wait_exit (sim, 3000);
    }
  if (sim->stderr_path != NULL)
    {
      g_autofree char *errors = simulator_stderr (sim);

      if (*errors != '\0')
        g_test_message ("simulator stderr:\n%s", errors);
      g_remove (sim->stderr_path);
    }
  g_clear_object (&sim->in);
  g_clear_object (&sim->out);
  g_clear_object (&sim->process);
  g_free (sim->stderr_path);
  g_free (sim);
}

void
ctl_result_free (CtlResult *result)
{
  if (result == NULL)
    return;
  g_free (result->out);
  g_free (result->err);
  g_free (result);
}

void
ctl_result_log (const CtlResult *result)
{
  g_test_message ("vpop3ctl exit %d\n--- stdout:\n%s--- stderr:\n%s---", result->status,
                  result->out, result->err);
}

struct _CtlProcess
{
  GSubprocess *process;
  GString *out_text; /* exactly as printed */
  GString *err_text;
  GPtrArray *lines; /* complete lines of out_text so far, without their end */
  gsize line_start; /* where the line under way begins in out_text */
  gboolean out_done;
  gboolean err_done;
  gboolean exited;
  char out_buffer[4096];
  char err_buffer[4096];
};

typedef struct
{
  CtlProcess *ctl;
  GInputStream *stream;
  GString *text;
  char *buffer;
  gsize buffer_size;
  gboolean *done;
} PipeReader;

static void read_pipe_next (PipeReader *reader);

static void
split_lines (CtlProcess *ctl, gboolean at_end)
{
  const char *text = ctl->out_text->str;
  const char *end;

  while ((end = memchr (text + ctl->line_start, '\n', ctl->out_text->len - ctl->line_start)) !=
         NULL)
    {
      g_ptr_array_add (ctl->lines,
                       g_strndup (text + ctl->line_start, end - (text + ctl->line_start)));
      ctl->line_start = (gsize) (end - text) + 1;
    }
  if (at_end && ctl->line_start < ctl->out_text->len)
    {
      g_ptr_array_add (ctl->lines, g_strdup (text + ctl->line_start));
      ctl->line_start = ctl->out_text->len;
    }
}

static void
read_pipe_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  PipeReader *reader = user_data;
  g_autoptr (GError) error = NULL;
  gssize length = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);

  g_assert_no_error (error);
  if (length > 0)
    g_string_append_len (reader->text, reader->buffer, length);
  if (reader->text == reader->ctl->out_text)
    split_lines (reader->ctl, length == 0);
  if (length == 0)
    {
      *reader->done = TRUE;
      g_free (reader);
      return;
    }
  read_pipe_next (reader);
}

static void
read_pipe_next (PipeReader *reader)
{
  g_input_stream_read_async (reader->stream, reader->buffer, reader->buffer_size,
                             G_PRIORITY_DEFAULT, NULL, read_pipe_cb, reader);
}

static void
read_pipe (
    CtlProcess *ctl, GInputStream *stream, GString *text, char *buffer, gsize size, gboolean *done)
{
  PipeReader *reader = g_new0 (PipeReader, 1);

  *reader = (PipeReader){ ctl, stream, text, buffer, size, done };
  read_pipe_next (reader);
}

static void
exited_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  CtlProcess *ctl = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  ctl->exited = TRUE;
}

static CtlProcess *
ctl_spawnv (const CtlOptions *options, const char *const *args)
{
  static const CtlOptions defaults = { 0 };
  g_autoptr (GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GError) error = NULL;
  CtlProcess *ctl = g_new0 (CtlProcess, 1);
  GOutputStream *in;
  const char *stdin_text;

  if (options == NULL)
    options = &defaults;
  g_ptr_array_add (argv, g_strdup (program ("VPOP3CTL")));
  if (options->sim != NULL)
    {
      g_ptr_array_add (argv, g_strdup ("-H"));
      g_ptr_array_add (argv, g_strdup ("127.0.0.1"));
      g_ptr_array_add (argv, g_strdup ("-p"));
      g_ptr_array_add (argv, g_strdup_printf ("%u", options->sim->port));
    }
  if (options->user == NULL || *options->user != '\0')
    {
      g_ptr_array_add (argv, g_strdup ("-u"));
      g_ptr_array_add (argv, g_strdup (options->user != NULL ? options->user : "postmaster"));
    }
  for (gsize i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);

  launcher =
      g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                 G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  if (options->password == NULL)
    g_subprocess_launcher_setenv (launcher, "VPOP3_PASSWORD", "admin", TRUE);
  else if (*options->password != '\0')
    g_subprocess_launcher_setenv (launcher, "VPOP3_PASSWORD", options->password, TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "VPOP3_PASSWORD");
  for (gsize i = 0; options->env != NULL && options->env[i] != NULL; i++)
    {
      g_auto (GStrv) pair = g_strsplit (options->env[i], "=", 2);

      g_subprocess_launcher_setenv (launcher, pair[0], pair[1], TRUE);
    }

  ctl->process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  ctl->out_text = g_string_new (NULL);
  ctl->err_text = g_string_new (NULL);
  ctl->lines = g_ptr_array_new_with_free_func (g_free);

  /* Small enough for the pipe's buffer: written at once, then end of input. */
  in = g_subprocess_get_stdin_pipe (ctl->process);
  stdin_text = options->stdin_text != NULL ? options->stdin_text : "";
  g_output_stream_write_all (in, stdin_text, strlen (stdin_text), NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (in, NULL, &error);
  g_assert_no_error (error);

  read_pipe (ctl, g_subprocess_get_stdout_pipe (ctl->process), ctl->out_text, ctl->out_buffer,
             sizeof ctl->out_buffer, &ctl->out_done);
  read_pipe (ctl, g_subprocess_get_stderr_pipe (ctl->process), ctl->err_text, ctl->err_buffer,
             sizeof ctl->err_buffer, &ctl->err_done);
  g_subprocess_wait_async (ctl->process, NULL, exited_cb, ctl);
  return ctl;
}

/* The NULL-terminated arguments of a varargs call, as one array. */
static GPtrArray *
args_from_list (const char *first_arg, va_list ap)
{
  GPtrArray *args = g_ptr_array_new ();

  for (const char *arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  g_ptr_array_add (args, NULL);
  return args;
}

CtlProcess *
ctl_spawn (const CtlOptions *options, const char *first_arg, ...)
{
  g_autoptr (GPtrArray) args = NULL;
  va_list ap;

  va_start (ap, first_arg);
  args = args_from_list (first_arg, ap);
  va_end (ap);
  return ctl_spawnv (options, (const char *const *) args->pdata);
}

guint
ctl_process_count_lines (CtlProcess *process, const char *needle)
{
  guint n = 0;

  for (guint i = 0; i < process->lines->len; i++)
    if (strstr (g_ptr_array_index (process->lines, i), needle) != NULL)
      n++;
  return n;
}

typedef struct
{
  CtlProcess *process;
  const char *needle;
  guint count;
} LineWait;

static gboolean
lines_seen_or_over (gpointer data)
{
  LineWait *wait = data;

  return ctl_process_count_lines (wait->process, wait->needle) >= wait->count ||
         wait->process->out_done;
}

gboolean
ctl_process_wait_lines (CtlProcess *process, const char *needle, guint count)
{
  LineWait wait = { process, needle, count };

  test_loop_wait (lines_seen_or_over, &wait, harness_scale_ms (HARNESS_WAIT_MS));
  if (ctl_process_count_lines (process, needle) >= count)
    return TRUE;
  g_test_message ("vpop3ctl printed %u lines with “%s”, not %u, %s; so far:\n%s",
                  ctl_process_count_lines (process, needle), needle, count,
                  process->out_done ? "and ended" : "within the time allowed",
                  process->out_text->str);
  return FALSE;
}

void
ctl_process_send_signal (CtlProcess *process, int signum)
{
  g_subprocess_send_signal (process->process, signum);
}

static gboolean
process_over (gpointer data)
{
  CtlProcess *process = data;

  return process->out_done && process->err_done && process->exited;
}

CtlResult *
ctl_process_finish (CtlProcess *process)
{
  CtlResult *result = g_new0 (CtlResult, 1);

  if (!test_loop_wait (process_over, process, harness_scale_ms (CTL_DEADLINE_MS)))
    {
      g_test_message ("vpop3ctl did not finish within %u ms", harness_scale_ms (CTL_DEADLINE_MS));
      g_subprocess_force_exit (process->process);
      while (!process_over (process))
        g_main_context_iteration (NULL, TRUE);
      g_test_fail ();
    }
  /* An in-process simulator takes in what the client sent before it ended
   * (a QUIT, a login, a connection still in the listen queue), so that the
   * counts the test reads next are final, however late it got to them. */
  for (guint i = 0; i < 1000 && g_main_context_iteration (NULL, FALSE); i++)
    ;
  result->status = g_subprocess_get_if_exited (process->process)
                       ? g_subprocess_get_exit_status (process->process)
                       : -1;
  result->out = g_string_free (process->out_text, FALSE);
  result->err = g_string_free (process->err_text, FALSE);
  ctl_result_log (result);
  /* What it prints is meant for terminals and scripts alike. */
  g_assert_true (g_utf8_validate (result->out, -1, NULL));
  g_assert_true (g_utf8_validate (result->err, -1, NULL));

  g_ptr_array_unref (process->lines);
  g_object_unref (process->process);
  g_free (process);
  return result;
}

CtlResult *
ctl_runv (const CtlOptions *options, const char *const *args)
{
  return ctl_process_finish (ctl_spawnv (options, args));
}

CtlResult *
ctl_run (const CtlOptions *options, const char *first_arg, ...)
{
  g_autoptr (GPtrArray) args = NULL;
  va_list ap;

  va_start (ap, first_arg);
  args = args_from_list (first_arg, ap);
  va_end (ap);
  return ctl_runv (options, (const char *const *) args->pdata);
}

guint
simulator_login_attempts (Simulator *sim)
{
  g_assert_nonnull (sim->server);
  return vpop3_simulator_get_login_attempts (sim->server);
}

guint
simulator_connections (Simulator *sim)
{
  g_assert_nonnull (sim->server);
  return vpop3_simulator_get_connections_accepted (sim->server);
}

JsonObject *
ctl_parse_single_object (const char *out, JsonParser **parser_out)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (out));

  g_assert_null (strchr (trimmed, '\n'));
  json_parser_load_from_data (parser, trimmed, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  *parser_out = g_steal_pointer (&parser);
  return json_node_get_object (json_parser_get_root (*parser_out));
}
