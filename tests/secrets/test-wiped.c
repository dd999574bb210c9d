/* test-wiped.c: nothing built from the password to log in goes back to the
 * heap unwiped.
 *
 * This program defines free() itself, which takes precedence over the C
 * library's for every caller in the process (GLib's g_free() too): each
 * block is searched for the password, in UTF-8 and in UTF-16LE, before it
 * is really freed. The test's own copy of the password is never freed; the
 * client's copies must be wiped first. A sanitizer build has free() of its
 * own, so there this test reports itself skipped.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
/* memmem() */
#define _GNU_SOURCE
#include "config.h"

#include <gio/gio.h>
#include <malloc.h>
#include <string.h>

#include "vpop3-connection.h"
#include "vpop3-login.h"

/* Longer than the first guess of a growing buffer (g_convert() starts near
 * the input's length, UTF-16 needs twice as much). */
#define PASSWORD "Zq7-unique-Secret-42-for-the-wipe-check"
#define USER     "postmaster"

#ifndef VPOP3_SANITIZED
extern void __libc_free (void *pointer);

static gboolean watching;
static guint unwiped_blocks;
static char password_utf16[2 * (sizeof PASSWORD - 1)];

void free (void *pointer);

void
free (void *pointer)
{
  if (pointer != NULL && watching)
    {
      size_t size = malloc_usable_size (pointer);

      /* malloc's lists reuse a freed block's first 16 bytes, so the search
       * is for what lies beyond them too. */
      if (memmem (pointer, size, PASSWORD, sizeof PASSWORD - 1) != NULL ||
          memmem (pointer, size, PASSWORD + 8, sizeof PASSWORD - 1 - 8) != NULL ||
          memmem (pointer, size, password_utf16 + 16, sizeof password_utf16 - 16) != NULL)
        unwiped_blocks++;
    }
  __libc_free (pointer);
}
#endif

#ifndef VPOP3_SANITIZED
static void
watch_frees (void)
{
  unwiped_blocks = 0;
  watching = TRUE;
}

static guint
stop_watching (void)
{
  watching = FALSE;
  return unwiped_blocks;
}

/* The check itself sees a block freed unwiped. */
static void
test_detector (void)
{
  char *copy;

  watch_frees ();
  copy = g_strdup ("the " PASSWORD " within");
  g_free (copy);
  g_assert_cmpuint (stop_watching (), ==, 1);

  watch_frees ();
  copy = g_strdup (PASSWORD);
  explicit_bzero (copy, strlen (copy));
  g_free (copy);
  g_assert_cmpuint (stop_watching (), ==, 0);
}

static void
test_login_line (void)
{
  const Vpop3AuthMethod methods[] = { VPOP3_AUTH_LOGIN, VPOP3_AUTH_ALOGIN };

  for (gsize i = 0; i < G_N_ELEMENTS (methods); i++)
    {
      g_autoptr (GError) error = NULL;
      char *line;

      watch_frees ();
      line = vpop3_login_line (methods[i], USER, PASSWORD, "<3.d28.51abf1c9>", &error);
      g_assert_no_error (error);
      g_assert_nonnull (line);
      explicit_bzero (line, strlen (line));
      g_free (line);
      g_assert_cmpuint (stop_watching (), ==, 0);
    }
}

static void
on_closed (Vpop3Connection *connection, GError *error, gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
}

/* A whole login over a scripted stream: the connection's copies of the
 * password and of the line it sent. */
static void
login_over_stream (Vpop3AuthMethod method, const char *expected_prefix)
{
  static const char script[] = "+OK VPOP3 Status Server Ready <3.d28.51abf1c9>\r\n"
                               "+OK Logged in OK (Build 2886)\r\n"
                               "1Idle\r\n";
  Vpop3ConnectionOptions options = {
    .host = "scripted",
    .port = 5109,
    .method = method,
    .user = USER,
    .secret = PASSWORD,
  };
  g_autoptr (GInputStream) input = NULL;
  g_autoptr (GOutputStream) output = NULL;
  g_autoptr (GIOStream) stream = NULL;
  Vpop3Connection *connection;
  gboolean closed = FALSE;
  const char *sent;

  input = g_memory_input_stream_new_from_data (script, sizeof script - 1, NULL);
  output = g_memory_output_stream_new_resizable ();
  stream = g_simple_io_stream_new (input, output);

  watch_frees ();
  connection = vpop3_connection_new (&options);
  g_signal_connect (connection, "closed", G_CALLBACK (on_closed), &closed);
  vpop3_connection_start_with_stream (connection, stream);
  while (!closed)
    g_main_context_iteration (NULL, TRUE);
  g_object_unref (connection);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (stop_watching (), ==, 0);

  /* The line did go out (the stream's own buffer is not ours to wipe). */
  sent = g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (output));
  g_assert_nonnull (sent);
  g_assert_true (g_str_has_prefix (sent, expected_prefix));
}

static void
test_connection_login (void)
{
  login_over_stream (VPOP3_AUTH_LOGIN, "LOGIN " USER " " PASSWORD "\r\n");
}

static void
test_connection_alogin (void)
{
  login_over_stream (VPOP3_AUTH_ALOGIN, "ALOGIN " USER " ");
}
#endif

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#ifdef VPOP3_SANITIZED
  /* TAP's whole-program skip, which the closing line counts. */
  g_print ("1..0 # SKIP a sanitizer build has its own free(); the memory scan still runs\n");
  return 0;
#else
  for (gsize i = 0; i < sizeof PASSWORD - 1; i++)
    password_utf16[2 * i] = PASSWORD[i];

  g_test_add_func ("/wiped/detector", test_detector);
  g_test_add_func ("/wiped/login-line", test_login_line);
  g_test_add_func ("/wiped/connection-login", test_connection_login);
  g_test_add_func ("/wiped/connection-alogin", test_connection_alogin);
  return g_test_run ();
#endif
}
