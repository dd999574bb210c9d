/* vpop3ctl-password.c: where vpop3ctl finds the password.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vpop3ctl-password.h"

#include <errno.h>
#include <gio/gunixinputstream.h>
#include <glib/gi18n.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "vpop3-secret.h"

typedef struct
{
  char *keyring_problem;
  GCancellable *lookup_cancellable; /* the keyring lookup, cancelled at the deadline */
  GCancellable *outer_cancellable;
  gulong outer_handler;
  guint deadline_id;
} LookupData;

static void
lookup_data_free (gpointer data)
{
  LookupData *lookup = data;

  g_clear_handle_id (&lookup->deadline_id, g_source_remove);
  if (lookup->outer_handler != 0)
    g_cancellable_disconnect (lookup->outer_cancellable, lookup->outer_handler);
  g_clear_object (&lookup->outer_cancellable);
  g_clear_object (&lookup->lookup_cancellable);
  g_free (lookup->keyring_problem);
  g_free (lookup);
}

void
vpop3ctl_password_free (char *password)
{
  vpop3_secret_wipe (&password);
}

/* The first line of @contents, without its line ending. */
static void
return_first_line (GTask *task, const char *contents, gsize length)
{
  gsize end = 0;
  char *password;

  while (end < length && contents[end] != '\n' && contents[end] != '\r' && contents[end] != '\0')
    end++;
  if (end == 0)
    {
      g_task_return_new_error (task, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                               _ ("the first line of the password file is empty"));
      return;
    }
  password = g_strndup (contents, end);
  g_task_return_pointer (task, password, (GDestroyNotify) vpop3ctl_password_free);
}

/* A password typed at a terminal is not shown, as ssh and sudo do; and the
 * terminal gets its echo back even when a signal ends us mid-prompt. */
static struct termios saved_terminal;
static volatile sig_atomic_t echo_is_off;

static void
restore_echo (void)
{
  if (echo_is_off)
    {
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved_terminal);
      echo_is_off = 0;
    }
}

static void
on_signal_during_prompt (int signal_number)
{
  restore_echo ();
  signal (signal_number, SIG_DFL);
  raise (signal_number);
}

/* Blocks: nothing else can happen before the user has typed the password. */
static char *
read_password_from_terminal (GError **error)
{
  static const int signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP };
  struct sigaction on_signal = { .sa_handler = on_signal_during_prompt };
  struct sigaction previous[G_N_ELEMENTS (signals)];
  struct termios quiet;
  char buffer[1024];
  gsize length = 0;
  gboolean line_ended = FALSE;
  char *password;

  if (tcgetattr (STDIN_FILENO, &saved_terminal) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                   _ ("cannot read the password from the terminal: %s"), g_strerror (errno));
      return NULL;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (signals); i++)
    sigaction (signals[i], &on_signal, &previous[i]);
  quiet = saved_terminal;
  quiet.c_lflag &= ~(tcflag_t) ECHO;
  quiet.c_lflag |= ECHONL;
  /* Echo goes off before the prompt shows: nothing typed after it is seen. */
  echo_is_off = tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
  /* Translators: the prompt for a password typed at the terminal. */
  fputs (_ ("Password: "), stderr);
  fflush (stderr);

  /* read(), not stdio: no copy of the password stays in a FILE buffer. */
  while (!line_ended && length < sizeof buffer)
    {
      ssize_t n = read (STDIN_FILENO, buffer + length, sizeof buffer - length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      line_ended = memchr (buffer + length, '\n', (gsize) n) != NULL;
      length += (gsize) n;
    }

  restore_echo ();
  for (gsize i = 0; i < G_N_ELEMENTS (signals); i++)
    sigaction (signals[i], &previous[i], NULL);

  if (!line_ended)
    {
      explicit_bzero (buffer, sizeof buffer);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           length == sizeof buffer ? _ ("the password typed is too long")
                                                   : _ ("no password was typed"));
      return NULL;
    }
  password = g_strndup (buffer, strcspn (buffer, "\r\n"));
  explicit_bzero (buffer, sizeof buffer);
  return password;
}

static void
stdin_line_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  gsize length = 0;
  char *line =
      g_data_input_stream_read_line_finish (G_DATA_INPUT_STREAM (source), result, &length, &error);

  if (error != NULL)
    {
      g_prefix_error (&error, _ ("cannot read the password from standard input: "));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  return_first_line (task, line != NULL ? line : "", length);
  vpop3ctl_password_free (line);
}

static void
file_loaded_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  if (!g_file_load_contents_finish (G_FILE (source), result, &contents, &length, NULL, &error))
    {
      g_autofree char *name = g_file_get_parse_name (G_FILE (source));
      g_prefix_error (&error, _ ("cannot read the password file %s: "), name);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  return_first_line (task, contents, length);
  memset (contents, 0, length);
  g_free (contents);
}

static void
secret_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  LookupData *lookup = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  char *secret = vpop3_secret_lookup_finish (result, &error);

  g_clear_handle_id (&lookup->deadline_id, g_source_remove);
  if (error != NULL)
    {
      /* No bus, no Secret Service, a locked keyring: not fatal, just no
       * password from there. Kept for the "no password" message. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
          !g_cancellable_is_cancelled (g_task_get_cancellable (task)))
        lookup->keyring_problem = g_strdup (_ ("the keyring did not answer in time"));
      else
        lookup->keyring_problem = g_strdup (error->message);
    }
  if (secret != NULL)
    {
      /* Copied so that one free function fits all sources. */
      char *password = g_strdup (secret);
      secret_password_free (secret);
      g_task_return_pointer (task, password, (GDestroyNotify) vpop3ctl_password_free);
      return;
    }
  g_task_return_pointer (task, NULL, NULL);
}

static gboolean
lookup_deadline_cb (gpointer user_data)
{
  LookupData *lookup = user_data;

  lookup->deadline_id = 0;
  g_cancellable_cancel (lookup->lookup_cancellable);
  return G_SOURCE_REMOVE;
}

static void
outer_cancelled_cb (GCancellable *cancellable, gpointer user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

void
vpop3ctl_password_lookup_async (const char *password_file,
                                const char *host,
                                guint16 port,
                                const char *user,
                                guint timeout_ms,
                                GCancellable *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  LookupData *lookup = g_new0 (LookupData, 1);
  const char *env;

  g_task_set_source_tag (task, vpop3ctl_password_lookup_async);
  g_task_set_task_data (task, lookup, lookup_data_free);

  if (g_strcmp0 (password_file, "-") == 0 && isatty (STDIN_FILENO))
    {
      g_autoptr (GError) error = NULL;
      char *typed = read_password_from_terminal (&error);

      if (typed == NULL)
        g_task_return_error (task, g_steal_pointer (&error));
      else if (*typed == '\0')
        {
          g_free (typed);
          g_task_return_new_error (task, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                                   _ ("no password was typed"));
        }
      else
        g_task_return_pointer (task, typed, (GDestroyNotify) vpop3ctl_password_free);
      g_object_unref (task);
      return;
    }
  if (g_strcmp0 (password_file, "-") == 0)
    {
      g_autoptr (GInputStream) base = g_unix_input_stream_new (0, FALSE);
      g_autoptr (GDataInputStream) in = g_data_input_stream_new (base);

      g_data_input_stream_set_newline_type (in, G_DATA_STREAM_NEWLINE_TYPE_ANY);
      g_data_input_stream_read_line_async (in, G_PRIORITY_DEFAULT, cancellable, stdin_line_cb,
                                           task);
      return;
    }
  if (password_file != NULL)
    {
      /* A path, always: "mail:5109.pw" is a file name, not a URI. */
      g_autoptr (GFile) file = g_file_new_for_path (password_file);

      g_file_load_contents_async (file, cancellable, file_loaded_cb, task);
      return;
    }

  env = g_getenv ("VPOP3_PASSWORD");
  if (env != NULL && *env != '\0')
    {
      g_task_return_pointer (task, g_strdup (env), (GDestroyNotify) vpop3ctl_password_free);
      g_object_unref (task);
      return;
    }

  lookup->lookup_cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      lookup->outer_cancellable = g_object_ref (cancellable);
      lookup->outer_handler = g_cancellable_connect (cancellable, G_CALLBACK (outer_cancelled_cb),
                                                     lookup->lookup_cancellable, NULL);
    }
  lookup->deadline_id = g_timeout_add (timeout_ms, lookup_deadline_cb, lookup);
  vpop3_secret_lookup_async (host, port, user, lookup->lookup_cancellable, secret_cb, task);
}

char *
vpop3ctl_password_lookup_finish (GAsyncResult *result, char **keyring_problem, GError **error)
{
  GTask *task = G_TASK (result);
  LookupData *lookup = g_task_get_task_data (task);

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  if (keyring_problem != NULL)
    *keyring_problem = g_strdup (lookup->keyring_problem);
  return g_task_propagate_pointer (task, error);
}
