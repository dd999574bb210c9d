/* test-server-messages.c: a server's instant messages with the history
 * (issue 14), against the simulator in process: what became of a message
 * sent (accepted, refused with the server's words, not sent while
 * disconnected), sending it again, and a message received, each as the
 * history keeps it. The password is given for this run: no keyring.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "test-loop.h"
#include "vpop3-history-private.h"
#include "vpop3-server-list.h"
#include "vpop3-server.h"
#include "vpop3-simulator-server.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

/* A safety net for what must happen, never a measure of speed. */
#define WAIT_MS 60000

#define USER     "postmaster"
#define PASSWORD "right horse"

typedef struct
{
  char *dir;
  char *path;
  Vpop3Simulator *sim;
  GSettings *settings;
  GSettings *server_settings;
  Vpop3HistoryKeeper *keeper;
  Vpop3Server *server;
  GPtrArray *received;
} Fixture;

static gboolean
keeper_available (gpointer data)
{
  return vpop3_history_keeper_get_available (((Fixture *) data)->keeper);
}

static gboolean
is_connected (gpointer data)
{
  Fixture *f = data;

  return vpop3_client_get_state (vpop3_server_get_client (f->server)) ==
         VPOP3_CLIENT_STATE_CONNECTED;
}

static gboolean
is_disconnected (gpointer data)
{
  return !is_connected (data);
}

static void
on_message_received (Vpop3Conversations *conversations,
                     Vpop3Conversation *conversation,
                     Vpop3InstantMessage *message,
                     gpointer user_data)
{
  g_ptr_array_add (((Fixture *) user_data)->received, g_object_ref (message));
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSettingsBackend) backend = g_memory_settings_backend_new ();
  g_autoptr (Vpop3History) history = NULL;

  f->dir = g_dir_make_tmp ("vpop3-server-messages-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "history.sqlite", NULL);
  f->received = g_ptr_array_new_with_free_func (g_object_unref);

  f->sim = vpop3_simulator_new ();
  vpop3_simulator_add_user (f->sim, USER, PASSWORD, VPOP3_PERMISSION_ALL);
  g_assert_true (vpop3_simulator_listen (f->sim, "127.0.0.1", 0, &error));
  g_assert_no_error (error);

  f->settings = g_settings_new_with_backend (APP_ID, backend);
  f->server_settings = g_settings_new_with_backend_and_path (
      VPOP3_SERVER_SCHEMA_ID, backend, "/io/github/vpop3monitor/Vpop3Monitor/servers/test/");
  g_settings_set_string (f->server_settings, "host", "127.0.0.1");
  g_settings_set (f->server_settings, "port", "q", vpop3_simulator_get_port (f->sim));
  g_settings_set_string (f->server_settings, "user", USER);

  history = vpop3_history_new (f->path);
  f->keeper = vpop3_history_keeper_new (f->settings, history);
  g_assert_true (test_loop_wait (keeper_available, f, WAIT_MS));
  f->server = g_object_new (VPOP3_TYPE_SERVER, "settings", f->server_settings, "backoff-initial-ms",
                            40, "backoff-max-ms", 80, "history-keeper", f->keeper, NULL);
  g_signal_connect (vpop3_server_get_conversations (f->server), "message-received",
                    G_CALLBACK (on_message_received), f);
  vpop3_server_use_password (f->server, PASSWORD);
  g_assert_true (test_loop_wait (is_connected, f, WAIT_MS));
}

static void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir)
    {
      while ((name = g_dir_read_name (dir)))
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_tree (child);
        }
      g_dir_close (dir);
    }
  g_remove (path);
}

/* Every write queued is on disk once the keeper is closed. */
static void
close_keeper (Fixture *f)
{
  g_autoptr (GAsyncResult) res = NULL;

  if (f->keeper == NULL)
    return;
  vpop3_history_keeper_close_async (f->keeper, NULL, test_loop_store_result, &res);
  g_assert_true (
      vpop3_history_keeper_close_finish (f->keeper, test_loop_wait_result (&res, WAIT_MS), NULL));
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  close_keeper (f);
  g_clear_object (&f->server);
  g_clear_object (&f->keeper);
  vpop3_simulator_stop (f->sim);
  g_clear_object (&f->sim);
  g_clear_object (&f->server_settings);
  g_clear_object (&f->settings);
  g_ptr_array_unref (f->received);
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static gboolean
answered (gpointer data)
{
  return vpop3_instant_message_get_delivery (data) != VPOP3_HISTORY_DELIVERY_PENDING;
}

static void
wait_answered (Vpop3InstantMessage *m)
{
  g_assert_true (test_loop_wait (answered, m, WAIT_MS));
  g_test_message ("\"%s\": delivery %d (%s)", vpop3_instant_message_get_text (m),
                  vpop3_instant_message_get_delivery (m),
                  vpop3_instant_message_get_delivery_reason (m));
}

static gboolean
has_id (gpointer data)
{
  return vpop3_instant_message_get_id (data) > 0;
}

static void
on_barrier (GObject *source, GAsyncResult *result, gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

/* The server may answer before the message is on disk: once it is, its
 * delivery is written next; a job queued after that one reports after it. */
static gint64
wait_written (Fixture *f, Vpop3InstantMessage *m)
{
  gboolean done = FALSE;

  g_assert_true (test_loop_wait (has_id, m, WAIT_MS));
  _vpop3_history_exec_for_testing_async (vpop3_history_keeper_get_history (f->keeper), "SELECT 1",
                                         on_barrier, &done);
  g_assert_true (test_loop_wait (is_true, &done, WAIT_MS));
  return vpop3_instant_message_get_id (m);
}

/* The delivery and reason the history holds for the message @id. */
static void
assert_stored (Fixture *f, gint64 id, Vpop3HistoryDelivery delivery, const char *reason)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (sqlite3_open_v2 (f->path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT delivery, delivery_reason FROM messages "
                                       "WHERE id = ?1 AND direction = 1",
                                       -1, &stmt, NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, delivery);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 1), ==, reason);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static guint
n_messages_with (Fixture *f, const char *user)
{
  Vpop3Conversation *c =
      vpop3_conversations_lookup (vpop3_server_get_conversations (f->server), user);

  g_assert_nonnull (c);
  return g_list_model_get_n_items (vpop3_conversation_get_messages (c));
}

/* Accepted: +OK; refused: the server's words; both kept. */
static void
test_send (Fixture *f, gconstpointer data)
{
  Vpop3InstantMessage *ok, *refused;
  gint64 ok_id, refused_id;

  ok = vpop3_server_send_message (f->server, "bob", "Lunch at noon?");
  /* Shown at once, pending. */
  g_assert_cmpint (vpop3_instant_message_get_delivery (ok), ==, VPOP3_HISTORY_DELIVERY_PENDING);
  g_assert_cmpuint (n_messages_with (f, "bob"), ==, 1);
  wait_answered (ok);
  g_assert_cmpint (vpop3_instant_message_get_delivery (ok), ==, VPOP3_HISTORY_DELIVERY_ACCEPTED);
  g_assert_null (vpop3_instant_message_get_delivery_reason (ok));

  vpop3_simulator_set_im_refusal (f->sim, "No such user");
  refused = vpop3_server_send_message (f->server, "nobody", "Hello?");
  wait_answered (refused);
  g_assert_cmpint (vpop3_instant_message_get_delivery (refused), ==,
                   VPOP3_HISTORY_DELIVERY_REFUSED);
  g_assert_nonnull (vpop3_instant_message_get_delivery_reason (refused));
  g_assert_nonnull (strstr (vpop3_instant_message_get_delivery_reason (refused), "No such user"));

  ok_id = wait_written (f, ok);
  refused_id = wait_written (f, refused);
  assert_stored (f, ok_id, VPOP3_HISTORY_DELIVERY_ACCEPTED, NULL);
  assert_stored (f, refused_id, VPOP3_HISTORY_DELIVERY_REFUSED,
                 vpop3_instant_message_get_delivery_reason (refused));
}

/* Not connected: not sent, and why; sent again once connected, in its
 * place. */
static void
test_resend (Fixture *f, gconstpointer data)
{
  Vpop3InstantMessage *m;
  gint64 id;

  vpop3_server_disconnect (f->server);
  g_assert_true (test_loop_wait (is_disconnected, f, WAIT_MS));
  m = vpop3_server_send_message (f->server, "carol", "Are you there?");
  g_assert_cmpint (vpop3_instant_message_get_delivery (m), ==, VPOP3_HISTORY_DELIVERY_NOT_SENT);
  g_test_message ("disconnected: %s", vpop3_instant_message_get_delivery_reason (m));
  g_assert_true (g_str_has_prefix (vpop3_instant_message_get_delivery_reason (m), "Not connected"));

  vpop3_server_connect (f->server);
  g_assert_true (test_loop_wait (is_connected, f, WAIT_MS));
  vpop3_server_resend_message (f->server, m);
  wait_answered (m);
  g_assert_cmpint (vpop3_instant_message_get_delivery (m), ==, VPOP3_HISTORY_DELIVERY_ACCEPTED);
  g_assert_null (vpop3_instant_message_get_delivery_reason (m));
  g_assert_cmpuint (n_messages_with (f, "carol"), ==, 1);

  id = wait_written (f, m);
  assert_stored (f, id, VPOP3_HISTORY_DELIVERY_ACCEPTED, NULL);
}

static gboolean
received_one (gpointer data)
{
  return ((Fixture *) data)->received->len > 0;
}

/* A message from the server: announced once it is in the history. */
static void
test_receive (Fixture *f, gconstpointer data)
{
  Vpop3InstantMessage *m;

  vpop3_simulator_deliver_message (f->sim, USER, "alice", "Meeting moved to 3pm");
  g_assert_true (test_loop_wait (received_one, f, WAIT_MS));
  m = f->received->pdata[0];
  g_assert_cmpstr (vpop3_instant_message_get_text (m), ==, "Meeting moved to 3pm");
  g_assert_cmpstr (vpop3_instant_message_get_sender (m), ==, "alice");
  g_assert_cmpint (vpop3_instant_message_get_id (m), >, 0);
  g_assert_null (vpop3_instant_message_get_save_error (m));
  g_assert_cmpuint (vpop3_conversation_get_unread (vpop3_conversations_lookup (
                        vpop3_server_get_conversations (f->server), "alice")),
                    ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/server-messages/send", test_send);
  ADD ("/server-messages/resend", test_resend);
  ADD ("/server-messages/receive", test_receive);
#undef ADD
  return g_test_run ();
}
