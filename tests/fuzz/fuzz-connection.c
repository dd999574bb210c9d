/* fuzz-connection.c: the client's session state machine fed a byte stream.
 *
 * The input is what a server sends: greeting, login reply, pushes and
 * replies, in any order and any shape. The connection runs over an
 * in-memory stream, logs in, sends commands once logged in, and applies
 * every update to a Vpop3Status, until the stream ends.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <gio/gio.h>

#include "fuzz-common.h"
#include "vpop3-client.h"
#include "vpop3-connection.h"
#include "vpop3-status.h"

typedef struct
{
  Vpop3Status *status;
  gboolean closed;
  gboolean logged_in;
  guint replies;
  guint updates;
} Run;

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_init_logging ();
  return 0;
}

static void
on_command_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Run *run = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *reply = NULL;

  reply = vpop3_connection_send_command_finish (VPOP3_CONNECTION (source), result, &error);
  FUZZ_CHECK ((reply == NULL) != (error == NULL));
  FUZZ_CHECK (fuzz_is_utf8 (reply));
  run->replies++;
}

static void
on_logged_in (Vpop3Connection *connection, int build, gpointer user_data)
{
  Run *run = user_data;

  FUZZ_CHECK (!run->logged_in);
  FUZZ_CHECK (build >= -1);
  run->logged_in = TRUE;
  /* Replies may now arrive, interleaved with pushes: give them commands to match. */
  vpop3_connection_send_command_async (connection, "CONNECT Internet Mail", NULL, on_command_done,
                                       run);
  vpop3_connection_send_command_async (connection, "ENDSESSION 12", NULL, on_command_done, run);
}

static void
on_update (Vpop3Connection *connection, Vpop3Update *update, gpointer user_data)
{
  Run *run = user_data;

  FUZZ_CHECK (run->logged_in);
  FUZZ_CHECK (update->type != VPOP3_UPDATE_REPLY);
  FUZZ_CHECK (fuzz_is_utf8 (update->raw));
  FUZZ_CHECK (fuzz_is_utf8 (update->text));
  vpop3_status_apply (run->status, update);
  run->updates++;
}

static void
on_closed (Vpop3Connection *connection, GError *error, gpointer user_data)
{
  Run *run = user_data;

  FUZZ_CHECK (!run->closed);
  FUZZ_CHECK (error != NULL && error->domain == VPOP3_CLIENT_ERROR);
  FUZZ_CHECK (fuzz_is_utf8 (error->message));
  run->closed = TRUE;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  Vpop3ConnectionOptions options = {
    .host = "fuzz.example.com",
    .port = 5109,
    .method = VPOP3_AUTH_ALOGIN,
    .user = "postmaster",
    .secret = "admin",
    .connect_timeout_ms = 0,
    .greeting_timeout_ms = 0, /* no timers: the stream's end closes the session */
  };
  g_autoptr (GInputStream) input = g_memory_input_stream_new_from_data (data, (gssize) size, NULL);
  g_autoptr (GOutputStream) output = g_memory_output_stream_new_resizable ();
  g_autoptr (GIOStream) stream = g_simple_io_stream_new (input, output);
  g_autoptr (Vpop3Connection) connection = vpop3_connection_new (&options);
  g_autoptr (Vpop3Status) status = vpop3_status_new ();
  Run run = { .status = status };

  vpop3_status_set_log_limit (status, 100);
  g_signal_connect (connection, "logged-in", G_CALLBACK (on_logged_in), &run);
  g_signal_connect (connection, "update", G_CALLBACK (on_update), &run);
  g_signal_connect (connection, "closed", G_CALLBACK (on_closed), &run);
  vpop3_connection_start_with_stream (connection, stream);

  while (!run.closed)
    g_main_context_iteration (NULL, TRUE);
  /* Let the stream's close finish before the next input. */
  while (g_main_context_iteration (NULL, FALSE))
    ;

  /* Every command got exactly one answer: a reply or the end of the connection. */
  FUZZ_CHECK (run.replies == (run.logged_in ? 2u : 0u));
  FUZZ_CHECK (g_list_model_get_n_items (G_LIST_MODEL (vpop3_status_get_log (status))) <= 100);
  return 0;
}
