/* test-conversations.c: the message history wired into the core (issue 14):
 * Vpop3Conversations and Vpop3HistoryKeeper over a real Vpop3History in a
 * temporary directory, with the settings in a memory backend. What is on disk
 * is also read with SQLite directly or through another Vpop3History, as a
 * later run would see it.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "test-loop.h"
#include "vpop3-conversations.h"
#include "vpop3-history-private.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>

/* A safety net only: every wait ends on an event long before. */
#define TIMEOUT_MS 120000

#define HOST       "mail.example.com"
#define PORT       5109
#define USER       "postmaster"
#define OTHER_HOST "other.example.com"

typedef struct
{
  char *dir;
  char *path;
  GSettings *settings;

  Vpop3History *history;
  Vpop3HistoryKeeper *keeper;
  Vpop3Conversations *conversations;

  /* message-received: the messages, and what was true when it fired. */
  GPtrArray *received;
  GArray *ids_when_received;
  GArray *unread_on_disk_when_received;
  guint cleared;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSettingsBackend) backend = g_memory_settings_backend_new ();

  f->dir = g_dir_make_tmp ("vpop3-conversations-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "history.sqlite", NULL);
  /* A backend of its own: no test sees another's settings. */
  f->settings = g_settings_new_with_backend (APP_ID, backend);
  f->received = g_ptr_array_new_with_free_func (g_object_unref);
  f->ids_when_received = g_array_new (FALSE, FALSE, sizeof (gint64));
  f->unread_on_disk_when_received = g_array_new (FALSE, FALSE, sizeof (int));
}

static void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir)
    {
      g_chmod (path, 0700);
      while ((name = g_dir_read_name (dir)))
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_tree (child);
        }
      g_dir_close (dir);
    }
  g_remove (path);
}

/* Waiting ------------------------------------------------------------------------------ */

/* Jobs run in order and report in order: once a job queued now reports,
 * every job queued before it has reported too. */
static void
barrier (Vpop3History *history)
{
  g_autoptr (GAsyncResult) res = NULL;

  _vpop3_history_exec_for_testing_async (history, "SELECT 1", test_loop_store_result, &res);
  /* Fails when the store is closed: a barrier all the same. */
  _vpop3_history_exec_for_testing_finish (history, test_loop_wait_result (&res, TIMEOUT_MS), NULL);
}

static gboolean
keeper_available (gpointer data)
{
  return vpop3_history_keeper_get_available (((Fixture *) data)->keeper);
}

static gboolean
keeper_unavailable (gpointer data)
{
  return !keeper_available (data);
}

static gboolean
keeper_has_problem (gpointer data)
{
  return vpop3_history_keeper_get_problem (((Fixture *) data)->keeper) != NULL;
}

/* Opened, or the keeper says why not. */
static gboolean
keeper_settled (gpointer data)
{
  return keeper_available (data) || keeper_has_problem (data);
}

typedef struct
{
  Fixture *f;
  guint n;
} Count;

static gboolean
received_at_least (gpointer data)
{
  Count *c = data;

  return c->f->received->len >= c->n;
}

static void
wait_received (Fixture *f, guint n)
{
  Count c = { f, n };

  g_assert_true (test_loop_wait (received_at_least, &c, TIMEOUT_MS));
  g_assert_cmpuint (f->received->len, ==, n);
}

static gboolean
model_has (gpointer data)
{
  Count *c = data;

  return g_list_model_get_n_items (vpop3_conversations_get_model (c->f->conversations)) == c->n;
}

static void
wait_model (Fixture *f, guint n)
{
  Count c = { f, n };

  g_assert_true (test_loop_wait (model_has, &c, TIMEOUT_MS));
}

/* Straight from the file ---------------------------------------------------------------- */

static sqlite3 *
open_db (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, TIMEOUT_MS);
  return db;
}

/* The first column of the first row of @sql, with @id bound to ?1 if any;
 * -1 when the file or the table is not there. */
static gint64
query_int (const char *path, const char *sql, gint64 id)
{
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return -1;
  db = open_db (path);
  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK)
    {
      if (sqlite3_bind_parameter_count (stmt) > 0)
        sqlite3_bind_int64 (stmt, 1, id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        value = sqlite3_column_int64 (stmt, 0);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static gint64
messages_on_disk (const char *path)
{
  gint64 n = query_int (path, "SELECT count(*) FROM messages", 0);

  return n < 0 ? 0 : n;
}

/* Through the store's API ---------------------------------------------------------------- */

static Vpop3History *
open_store (const char *path)
{
  g_autoptr (GAsyncResult) res = NULL;
  g_autoptr (GError) error = NULL;
  Vpop3History *h = vpop3_history_new (path);

  vpop3_history_open_async (h, NULL, test_loop_store_result, &res);
  g_assert_true (
      vpop3_history_open_finish (h, test_loop_wait_result (&res, TIMEOUT_MS), NULL, &error));
  g_assert_no_error (error);
  return h;
}

static void
close_store (Vpop3History *h)
{
  g_autoptr (GAsyncResult) res = NULL;

  vpop3_history_close_async (h, NULL, test_loop_store_result, &res);
  g_assert_true (vpop3_history_close_finish (h, test_loop_wait_result (&res, TIMEOUT_MS), NULL));
  g_object_unref (h);
}

static gint64
h_append_bytes (Vpop3History *h,
                const char *host,
                const char *correspondent,
                gint64 time,
                Vpop3HistoryDirection direction,
                const char *text,
                gssize len)
{
  g_autoptr (GAsyncResult) res = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (Vpop3HistoryMessage) m = vpop3_history_message_new (
      host, PORT, USER, correspondent, time, direction,
      direction == VPOP3_HISTORY_INCOMING ? correspondent : USER, text, len);
  gint64 id;

  vpop3_history_append_async (h, m, NULL, test_loop_store_result, &res);
  id = vpop3_history_append_finish (h, test_loop_wait_result (&res, TIMEOUT_MS), &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static gint64
h_append (
    Vpop3History *h, const char *host, const char *correspondent, gint64 time, const char *text)
{
  return h_append_bytes (h, host, correspondent, time, VPOP3_HISTORY_INCOMING, text, -1);
}

static GPtrArray *
h_list (Vpop3History *h, const char *host)
{
  g_autoptr (GAsyncResult) res = NULL;
  g_autoptr (GError) error = NULL;
  GPtrArray *list;

  vpop3_history_list_conversations_async (h, host, PORT, USER, NULL, test_loop_store_result, &res);
  list =
      vpop3_history_list_conversations_finish (h, test_loop_wait_result (&res, TIMEOUT_MS), &error);
  g_assert_no_error (error);
  return list;
}

static GPtrArray *
h_page (Vpop3History *h, const char *host, const char *correspondent)
{
  g_autoptr (GAsyncResult) res = NULL;
  g_autoptr (GError) error = NULL;
  GPtrArray *page;

  vpop3_history_load_page_async (h, host, PORT, USER, correspondent, 0, 100000, NULL,
                                 test_loop_store_result, &res);
  page = vpop3_history_load_page_finish (h, test_loop_wait_result (&res, TIMEOUT_MS), &error);
  g_assert_no_error (error);
  return page;
}

/* The unread count a later run lists for @correspondent; -1: not listed. */
static int
unread_in_new_store (const char *path, const char *correspondent)
{
  Vpop3History *h = open_store (path);
  g_autoptr (GPtrArray) list = h_list (h, HOST);
  int unread = -1;

  for (guint i = 0; i < list->len; i++)
    {
      Vpop3HistoryConversation *c = list->pdata[i];

      if (g_ascii_strcasecmp (c->correspondent, correspondent) == 0)
        unread = (int) c->unread;
    }
  close_store (h);
  return unread;
}

/* The monitor's objects ------------------------------------------------------------------- */

static void
on_message_received (Vpop3Conversations *conversations,
                     Vpop3Conversation *conversation,
                     Vpop3InstantMessage *message,
                     gpointer user_data)
{
  Fixture *f = user_data;
  gint64 id = vpop3_instant_message_get_id (message);
  /* What a crash at this very moment would leave on disk. */
  int unread =
      (int) query_int (f->path, "SELECT count(*) FROM messages WHERE id = ?1 AND read = 0", id);

  g_assert_true (vpop3_conversations_lookup (conversations,
                                             vpop3_instant_message_get_correspondent (message)) ==
                 conversation);
  g_ptr_array_add (f->received, g_object_ref (message));
  g_array_append_val (f->ids_when_received, id);
  g_array_append_val (f->unread_on_disk_when_received, unread);
}

static void
on_cleared (
    Vpop3HistoryKeeper *keeper, const char *host, guint port, const char *user, gpointer user_data)
{
  ((Fixture *) user_data)->cleared++;
}

/* A run of the monitor on f->path, for HOST: waits until the store is open
 * and the stored conversations are listed (when keep-history is on). */
static void
start_at (Fixture *f, const char *path)
{
  g_assert_null (f->history);
  f->history = vpop3_history_new (path);
  f->keeper = vpop3_history_keeper_new (f->settings, f->history);
  f->conversations = vpop3_conversations_new (f->keeper);
  g_signal_connect (f->conversations, "message-received", G_CALLBACK (on_message_received), f);
  g_signal_connect (f->keeper, "cleared", G_CALLBACK (on_cleared), f);
  vpop3_conversations_set_identity (f->conversations, HOST, PORT, USER);
  if (g_settings_get_boolean (f->settings, "keep-history"))
    {
      g_assert_true (test_loop_wait (keeper_settled, f, TIMEOUT_MS));
      barrier (f->history);
    }
}

static void
start (Fixture *f)
{
  start_at (f, f->path);
}

/* The run ends: every write queued is on disk, everything is dropped. */
static void
stop (Fixture *f)
{
  g_autoptr (GAsyncResult) res = NULL;

  vpop3_history_keeper_close_async (f->keeper, NULL, test_loop_store_result, &res);
  vpop3_history_keeper_close_finish (f->keeper, test_loop_wait_result (&res, TIMEOUT_MS), NULL);
  g_clear_object (&f->conversations);
  g_clear_object (&f->keeper);
  g_clear_object (&f->history);
  g_ptr_array_set_size (f->received, 0);
  g_array_set_size (f->ids_when_received, 0);
  g_array_set_size (f->unread_on_disk_when_received, 0);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  if (f->keeper != NULL)
    stop (f);
  g_ptr_array_unref (f->received);
  g_array_unref (f->ids_when_received);
  g_array_unref (f->unread_on_disk_when_received);
  g_clear_object (&f->settings);
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static Vpop3Conversation *
conversation_at (Fixture *f, guint i)
{
  g_autoptr (Vpop3Conversation) c =
      g_list_model_get_item (vpop3_conversations_get_model (f->conversations), i);

  g_assert_nonnull (c);
  /* The model keeps it. */
  return c;
}

static Vpop3InstantMessage *
message_at (Vpop3Conversation *c, guint i)
{
  g_autoptr (Vpop3InstantMessage) m =
      g_list_model_get_item (vpop3_conversation_get_messages (c), i);

  g_assert_nonnull (m);
  return m;
}

static guint
n_messages (Vpop3Conversation *c)
{
  return g_list_model_get_n_items (vpop3_conversation_get_messages (c));
}

static int
load_older (Vpop3Conversation *c)
{
  g_autoptr (GAsyncResult) res = NULL;
  g_autoptr (GError) error = NULL;
  int n;

  vpop3_conversation_load_older_async (c, NULL, test_loop_store_result, &res);
  n = vpop3_conversation_load_older_finish (c, test_loop_wait_result (&res, TIMEOUT_MS), &error);
  g_assert_no_error (error);
  return n;
}

static GListModel *
search (Vpop3Conversation *c, const char *query)
{
  g_autoptr (GAsyncResult) res = NULL;
  g_autoptr (GError) error = NULL;
  GListModel *found;

  vpop3_conversation_search_async (c, query, NULL, test_loop_store_result, &res);
  found = vpop3_conversation_search_finish (c, test_loop_wait_result (&res, TIMEOUT_MS), &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  return found;
}

/* A UTC time with microseconds, as the server's FILETIME gives. */
static GDateTime *
time_at (gint64 unix_seconds, int usec)
{
  g_autoptr (GDateTime) t = g_date_time_new_from_unix_utc (unix_seconds);

  return g_date_time_add (t, usec);
}

static void
add_incoming_at (Fixture *f, gint64 unix_seconds, const char *from, const char *text)
{
  g_autoptr (GDateTime) t = time_at (unix_seconds, 0);

  vpop3_conversations_add_incoming (f->conversations, t, from, text);
}

/* Tests --------------------------------------------------------------------------------- */

/* message-received fires once the message is on disk: it has its row id,
 * and a crash right then would leave it there, unread. */
static void
test_incoming_stored_first (Fixture *f, gconstpointer data)
{
  Vpop3InstantMessage *m;

  start (f);
  vpop3_conversations_add_incoming (f->conversations, NULL, "alice", "first");
  vpop3_conversations_add_incoming (f->conversations, NULL, "Alice", "second");
  wait_received (f, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_test_message ("message %u: id %" G_GINT64_FORMAT " when announced, %d unread on disk", i,
                      g_array_index (f->ids_when_received, gint64, i),
                      g_array_index (f->unread_on_disk_when_received, int, i));
      g_assert_cmpint (g_array_index (f->ids_when_received, gint64, i), >, 0);
      g_assert_cmpint (g_array_index (f->unread_on_disk_when_received, int, i), ==, 1);
      m = f->received->pdata[i];
      g_assert_null (vpop3_instant_message_get_save_error (m));
    }
  /* One conversation: user names are not case-sensitive. */
  g_assert_cmpuint (g_list_model_get_n_items (vpop3_conversations_get_model (f->conversations)), ==,
                    1);
  g_assert_cmpuint (vpop3_conversation_get_unread (conversation_at (f, 0)), ==, 2);
  /* Another instance on the same file, as after a crash. */
  g_assert_cmpint (unread_in_new_store (f->path, "alice"), ==, 2);
  g_assert_null (vpop3_history_keeper_get_problem (f->keeper));
}

/* The next run lists the conversation with its unread count, loads the
 * message back as it was, and marking it read is what the run after sees. */
static void
test_restart (Fixture *f, gconstpointer data)
{
  g_autoptr (GDateTime) sent_at = time_at (1735689600, 123456);
  Vpop3Conversation *c;
  Vpop3InstantMessage *m;

  start (f);
  vpop3_conversations_add_incoming (f->conversations, sent_at, "bob", "Hello from bob");
  wait_received (f, 1);
  stop (f);

  start (f);
  wait_model (f, 1);
  c = conversation_at (f, 0);
  g_assert_cmpstr (vpop3_conversation_get_user (c), ==, "bob");
  g_assert_cmpuint (vpop3_conversation_get_unread (c), ==, 1);
  g_assert_true (vpop3_conversation_get_has_older (c));
  g_assert_cmpuint (n_messages (c), ==, 0);

  g_assert_cmpint (load_older (c), ==, 1);
  g_assert_cmpuint (n_messages (c), ==, 1);
  g_assert_false (vpop3_conversation_get_has_older (c));
  m = message_at (c, 0);
  g_assert_cmpstr (vpop3_instant_message_get_text (m), ==, "Hello from bob");
  g_assert_cmpstr (vpop3_instant_message_get_sender (m), ==, "bob");
  g_assert_cmpstr (vpop3_instant_message_get_correspondent (m), ==, "bob");
  g_assert_false (vpop3_instant_message_is_outgoing (m));
  g_assert_false (vpop3_instant_message_get_read (m));
  g_assert_cmpint (vpop3_instant_message_get_id (m), >, 0);
  g_assert_true (g_date_time_equal (vpop3_instant_message_get_time (m), sent_at));
  /* Loading again finds nothing older. */
  g_assert_cmpint (load_older (c), ==, 0);

  vpop3_conversation_mark_read (c);
  g_assert_cmpuint (vpop3_conversation_get_unread (c), ==, 0);
  g_assert_true (vpop3_instant_message_get_read (m));
  stop (f);

  /* A third run. */
  g_assert_cmpint (unread_in_new_store (f->path, "bob"), ==, 0);
  start (f);
  wait_model (f, 1);
  g_assert_cmpuint (vpop3_conversation_get_unread (conversation_at (f, 0)), ==, 0);
}

static void
assert_delivery (Vpop3InstantMessage *m,
                 const char *text,
                 Vpop3HistoryDelivery delivery,
                 const char *reason)
{
  g_test_message ("\"%s\": delivery %d (%s)", vpop3_instant_message_get_text (m),
                  vpop3_instant_message_get_delivery (m),
                  vpop3_instant_message_get_delivery_reason (m));
  g_assert_cmpstr (vpop3_instant_message_get_text (m), ==, text);
  g_assert_true (vpop3_instant_message_is_outgoing (m));
  g_assert_cmpint (vpop3_instant_message_get_delivery (m), ==, delivery);
  g_assert_cmpstr (vpop3_instant_message_get_delivery_reason (m), ==, reason);
}

/* What became of sent messages is on disk, whether the server answered
 * before or after the message was written. */
static void
test_delivery (Fixture *f, gconstpointer data)
{
  Vpop3InstantMessage *refused, *not_sent, *resent;
  Vpop3Conversation *c;

  start (f);
  refused = vpop3_conversations_add_outgoing (f->conversations, "carol", "refused at once");
  /* Shown at once, before it is on disk. */
  c = vpop3_conversations_lookup (f->conversations, "carol");
  g_assert_nonnull (c);
  g_assert_cmpuint (n_messages (c), ==, 1);
  g_assert_cmpint (vpop3_instant_message_get_id (refused), ==, 0);
  vpop3_conversations_set_delivery (f->conversations, refused, VPOP3_HISTORY_DELIVERY_REFUSED,
                                    "No such user");
  not_sent = vpop3_conversations_add_outgoing (f->conversations, "carol", "not sent later");
  resent = vpop3_conversations_add_outgoing (f->conversations, "carol", "accepted second time");
  vpop3_conversations_set_delivery (f->conversations, resent, VPOP3_HISTORY_DELIVERY_REFUSED,
                                    "No such user");
  barrier (f->history);
  g_assert_cmpint (vpop3_instant_message_get_id (not_sent), >, 0);
  g_assert_cmpint (vpop3_instant_message_get_id (resent), >, 0);
  /* The server answers after the message was written. */
  vpop3_conversations_set_delivery (f->conversations, not_sent, VPOP3_HISTORY_DELIVERY_NOT_SENT,
                                    "Not connected to the VPOP3 server");
  vpop3_conversations_set_delivery (f->conversations, resent, VPOP3_HISTORY_DELIVERY_ACCEPTED,
                                    NULL);
  g_assert_cmpuint (n_messages (c), ==, 3);
  stop (f);

  start (f);
  wait_model (f, 1);
  c = conversation_at (f, 0);
  g_assert_cmpint (load_older (c), ==, 3);
  assert_delivery (message_at (c, 0), "refused at once", VPOP3_HISTORY_DELIVERY_REFUSED,
                   "No such user");
  assert_delivery (message_at (c, 1), "not sent later", VPOP3_HISTORY_DELIVERY_NOT_SENT,
                   "Not connected to the VPOP3 server");
  assert_delivery (message_at (c, 2), "accepted second time", VPOP3_HISTORY_DELIVERY_ACCEPTED,
                   NULL);
  /* Sent messages are never unread. */
  g_assert_cmpuint (vpop3_conversation_get_unread (c), ==, 0);
}

/* A message still waiting for the server's answer when the run ended: the
 * answer will never come, so the next run must not show it as being sent
 * (nor without a way to send it again). */
static void
test_pending_after_restart (Fixture *f, gconstpointer data)
{
  Vpop3InstantMessage *pending;
  Vpop3Conversation *c;
  Vpop3HistoryDelivery delivery;

  start (f);
  pending = vpop3_conversations_add_outgoing (f->conversations, "dora", "no answer yet");
  barrier (f->history);
  g_assert_cmpint (vpop3_instant_message_get_id (pending), >, 0);
  stop (f);

  start (f);
  wait_model (f, 1);
  c = conversation_at (f, 0);
  g_assert_cmpint (load_older (c), ==, 1);
  delivery = vpop3_instant_message_get_delivery (message_at (c, 0));
  g_test_message ("a message pending when the run ended comes back with delivery %d (%s)", delivery,
                  vpop3_instant_message_get_delivery_reason (message_at (c, 0)));
  g_assert_cmpint (delivery, ==, VPOP3_HISTORY_DELIVERY_NOT_SENT);
  g_assert_nonnull (vpop3_instant_message_get_delivery_reason (message_at (c, 0)));
}

#define N_PAGED 120

static void
assert_all_in_order (Vpop3Conversation *c, guint n_stored, const char *newest)
{
  guint n = n_messages (c);
  g_autoptr (GHashTable) ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  g_assert_cmpuint (n, ==, n_stored + (newest ? 1 : 0));
  for (guint i = 0; i < n_stored; i++)
    {
      g_autofree char *expected = g_strdup_printf ("paged %u", N_PAGED - n_stored + i);

      g_assert_cmpstr (vpop3_instant_message_get_text (message_at (c, i)), ==, expected);
    }
  if (newest)
    g_assert_cmpstr (vpop3_instant_message_get_text (message_at (c, n - 1)), ==, newest);
  for (guint i = 0; i < n; i++)
    {
      gint64 *id = g_new (gint64, 1);

      *id = vpop3_instant_message_get_id (message_at (c, i));
      g_assert_cmpint (*id, >, 0);
      g_assert_false (g_hash_table_contains (ids, id));
      g_hash_table_add (ids, id);
    }
}

static void
fill_paged (Fixture *f)
{
  Vpop3History *h = open_store (f->path);

  for (guint i = 0; i < N_PAGED; i++)
    {
      g_autofree char *text = g_strdup_printf ("paged %u", i);

      h_append (h, HOST, "erin", 1000 + i, text);
    }
  close_store (h);
}

/* Older messages come a page at a time, and one arriving between pages is
 * neither lost nor shown twice. */
static void
test_pages (Fixture *f, gconstpointer data)
{
  Vpop3Conversation *c;

  fill_paged (f);
  start (f);
  wait_model (f, 1);
  c = conversation_at (f, 0);
  g_assert_cmpuint (vpop3_conversation_get_unread (c), ==, N_PAGED);

  g_assert_cmpint (load_older (c), ==, VPOP3_CONVERSATION_PAGE);
  g_assert_true (vpop3_conversation_get_has_older (c));
  assert_all_in_order (c, 50, NULL);

  add_incoming_at (f, 5000, "erin", "between pages");
  wait_received (f, 1);
  assert_all_in_order (c, 50, "between pages");

  g_assert_cmpint (load_older (c), ==, VPOP3_CONVERSATION_PAGE);
  g_assert_true (vpop3_conversation_get_has_older (c));
  assert_all_in_order (c, 100, "between pages");
  g_assert_cmpint (load_older (c), ==, 20);
  g_assert_false (vpop3_conversation_get_has_older (c));
  assert_all_in_order (c, 120, "between pages");
  g_assert_cmpint (load_older (c), ==, 0);
  assert_all_in_order (c, 120, "between pages");

  /* The window shows them no more: memory keeps the newest, the history
   * the rest, and they come back page by page. */
  g_assert_cmpuint (vpop3_conversation_forget_older (c, 31), ==, 90);
  g_assert_true (vpop3_conversation_get_has_older (c));
  assert_all_in_order (c, 30, "between pages");
  g_assert_cmpuint (vpop3_conversation_forget_older (c, 31), ==, 0);
  g_assert_cmpint (load_older (c), ==, VPOP3_CONVERSATION_PAGE);
  assert_all_in_order (c, 80, "between pages");
}

/* A message sent while the first page is on its way: the page, read after
 * the message was written, holds it too; it is shown once. */
static void
test_pages_sent_meanwhile (Fixture *f, gconstpointer data)
{
  g_autoptr (GAsyncResult) res = NULL;
  Vpop3Conversation *c;

  fill_paged (f);
  start (f);
  wait_model (f, 1);
  c = conversation_at (f, 0);
  vpop3_conversations_add_outgoing (f->conversations, "erin", "sent meanwhile");
  /* Queued behind the message's write. */
  vpop3_conversation_load_older_async (c, NULL, test_loop_store_result, &res);
  g_assert_cmpint (
      vpop3_conversation_load_older_finish (c, test_loop_wait_result (&res, TIMEOUT_MS), NULL), ==,
      VPOP3_CONVERSATION_PAGE - 1);
  assert_all_in_order (c, 49, "sent meanwhile");
  g_assert_cmpint (load_older (c), ==, VPOP3_CONVERSATION_PAGE);
  g_assert_cmpint (load_older (c), ==, 21);
  g_assert_false (vpop3_conversation_get_has_older (c));
  assert_all_in_order (c, 120, "sent meanwhile");
}

static void
assert_found (Vpop3Conversation *c, const char *query, const char *const *expected)
{
  g_autoptr (GListModel) found = search (c, query);
  guint n = g_strv_length ((char **) expected);

  for (guint i = 0; i < g_list_model_get_n_items (found); i++)
    {
      g_autoptr (Vpop3InstantMessage) m = g_list_model_get_item (found, i);

      g_test_message ("search \"%s\" %u: %s", query, i, vpop3_instant_message_get_text (m));
    }
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (Vpop3InstantMessage) m = g_list_model_get_item (found, i);

      g_assert_cmpstr (vpop3_instant_message_get_text (m), ==, expected[i]);
    }
}

/* Search finds what is only on disk, what was stored this run, and what
 * is only in memory (kept while keep-history was off), in time order. */
static void
test_search (Fixture *f, gconstpointer data)
{
  Vpop3History *h = open_store (f->path);
  Vpop3Conversation *c;

  h_append (h, HOST, "fay", 1000 * G_USEC_PER_SEC, "Hello from the past");
  h_append (h, HOST, "fay", 1001 * G_USEC_PER_SEC, "unrelated");
  close_store (h);
  start (f);
  wait_model (f, 1);
  add_incoming_at (f, 3000, "fay", "Hello World");
  add_incoming_at (f, 3001, "fay", "goodbye");
  wait_received (f, 2);
  g_assert_cmpint (vpop3_instant_message_get_id (f->received->pdata[0]), >, 0);

  g_settings_set_boolean (f->settings, "keep-history", FALSE);
  g_assert_true (test_loop_wait (keeper_unavailable, f, TIMEOUT_MS));
  add_incoming_at (f, 2000, "fay", "HELLO again, not kept");
  wait_received (f, 3);
  vpop3_conversations_add_outgoing (f->conversations, "fay", "hellO from me, not kept");
  g_settings_set_boolean (f->settings, "keep-history", TRUE);
  g_assert_true (test_loop_wait (keeper_available, f, TIMEOUT_MS));
  barrier (f->history);
  g_assert_cmpint (messages_on_disk (f->path), ==, 4);

  c = conversation_at (f, 0);
  assert_found (c, "hello",
                (const char *const[]){ "Hello from the past", "HELLO again, not kept",
                                       "Hello World", "hellO from me, not kept", NULL });
  assert_found (c, "NOT KEPT",
                (const char *const[]){ "HELLO again, not kept", "hellO from me, not kept", NULL });
  assert_found (c, "PAST", (const char *const[]){ "Hello from the past", NULL });
  assert_found (c, "nothing like it", (const char *const[]){ NULL });
}

static void
assert_kept_in_memory (Fixture *f, Vpop3InstantMessage *m, const char *text)
{
  Vpop3Conversation *c =
      vpop3_conversations_lookup (f->conversations, vpop3_instant_message_get_correspondent (m));
  gboolean shown = FALSE;

  g_test_message ("\"%.40s\": save-error \"%s\"; keeper: \"%s\"", text,
                  vpop3_instant_message_get_save_error (m),
                  vpop3_history_keeper_get_problem (f->keeper));
  g_assert_cmpstr (vpop3_instant_message_get_text (m), ==, text);
  g_assert_cmpint (vpop3_instant_message_get_id (m), ==, 0);
  g_assert_nonnull (vpop3_instant_message_get_save_error (m));
  g_assert_nonnull (vpop3_history_keeper_get_problem (f->keeper));
  g_assert_nonnull (c);
  for (guint i = 0; i < n_messages (c); i++)
    shown = shown || message_at (c, i) == m;
  g_assert_true (shown);
}

static gboolean
save_error_set (gpointer data)
{
  return vpop3_instant_message_get_save_error (data) != NULL;
}

/* A store that cannot be created, even by root: its directory would be
 * under a regular file. Messages are delivered and shown, kept in memory,
 * with why; once the directory can be made, the next message is stored. */
static void
test_unwritable (Fixture *f, gconstpointer data)
{
  g_autofree char *blocker = g_build_filename (f->dir, "blocker", NULL);
  g_autofree char *path = g_build_filename (blocker, "history.sqlite", NULL);
  Vpop3InstantMessage *out;
  g_autofree char *open_problem = NULL;

  g_assert_true (g_file_set_contents (blocker, "a file, not a directory", -1, NULL));
  start_at (f, path);
  g_assert_true (test_loop_wait (keeper_has_problem, f, TIMEOUT_MS));
  g_assert_false (vpop3_history_keeper_get_available (f->keeper));
  open_problem = g_strdup (vpop3_history_keeper_get_problem (f->keeper));
  g_test_message ("keeper: %s", open_problem);

  add_incoming_at (f, 100, "gil", "cannot be saved");
  wait_received (f, 1);
  assert_kept_in_memory (f, f->received->pdata[0], "cannot be saved");
  out = vpop3_conversations_add_outgoing (f->conversations, "gil", "my answer");
  g_assert_true (test_loop_wait (save_error_set, out, TIMEOUT_MS));
  assert_kept_in_memory (f, out, "my answer");
  g_assert_cmpuint (
      vpop3_conversation_get_unread (vpop3_conversations_lookup (f->conversations, "gil")), ==, 1);

  /* The directory can be made now: the next write opens the store. */
  g_assert_cmpint (g_remove (blocker), ==, 0);
  add_incoming_at (f, 200, "gil", "saved again");
  wait_received (f, 2);
  g_assert_cmpint (vpop3_instant_message_get_id (f->received->pdata[1]), >, 0);
  g_assert_null (vpop3_instant_message_get_save_error (f->received->pdata[1]));
  g_assert_true (vpop3_history_keeper_get_available (f->keeper));
  g_assert_null (vpop3_history_keeper_get_problem (f->keeper));
  /* Nothing lost in memory meanwhile, and the unread count, now listed from
   * the store, still counts the one kept in memory only. */
  barrier (f->history);
  g_assert_cmpuint (n_messages (vpop3_conversations_lookup (f->conversations, "gil")), ==, 3);
  g_assert_cmpuint (
      vpop3_conversation_get_unread (vpop3_conversations_lookup (f->conversations, "gil")), ==, 2);
  g_assert_cmpint (messages_on_disk (path), ==, 1);
}

/* A full disk: the message is delivered, kept in memory and marked; once
 * there is room, the next one is stored and the problem goes. */
static void
test_disk_full (Fixture *f, gconstpointer data)
{
  g_autoptr (GAsyncResult) res = NULL;
  g_autofree char *big = g_strnfill (64 * 1024, 'z');
  Vpop3InstantMessage *m;

  start (f);
  add_incoming_at (f, 100, "hal", "fits");
  wait_received (f, 1);
  /* No page may be added: the next write that needs one finds the disk full. */
  _vpop3_history_exec_for_testing_async (f->history, "PRAGMA max_page_count = 1",
                                         test_loop_store_result, &res);
  g_assert_true (_vpop3_history_exec_for_testing_finish (
      f->history, test_loop_wait_result (&res, TIMEOUT_MS), NULL));
  g_clear_object (&res);

  add_incoming_at (f, 200, "hal", big);
  wait_received (f, 2);
  m = f->received->pdata[1];
  assert_kept_in_memory (f, m, big);
  /* A write failed, not the store: it stays open. */
  g_assert_true (vpop3_history_keeper_get_available (f->keeper));
  g_assert_cmpuint (
      vpop3_conversation_get_unread (vpop3_conversations_lookup (f->conversations, "hal")), ==, 2);

  _vpop3_history_exec_for_testing_async (f->history, "PRAGMA max_page_count = 1000000",
                                         test_loop_store_result, &res);
  g_assert_true (_vpop3_history_exec_for_testing_finish (
      f->history, test_loop_wait_result (&res, TIMEOUT_MS), NULL));
  add_incoming_at (f, 300, "hal", big);
  wait_received (f, 3);
  m = f->received->pdata[2];
  g_assert_cmpint (vpop3_instant_message_get_id (m), >, 0);
  g_assert_null (vpop3_instant_message_get_save_error (m));
  /* Reported before the message was announced. */
  g_assert_null (vpop3_history_keeper_get_problem (f->keeper));
  /* The one that failed stays marked. */
  g_assert_nonnull (vpop3_instant_message_get_save_error (f->received->pdata[1]));
  g_assert_cmpuint (n_messages (vpop3_conversations_lookup (f->conversations, "hal")), ==, 3);
  g_assert_cmpint (messages_on_disk (f->path), ==, 2);
}

static char *
find_aside (const char *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  const char *name;
  char *found = NULL;

  while (d != NULL && (name = g_dir_read_name (d)))
    if (strstr (name, ".damaged-") != NULL && !g_str_has_suffix (name, "-wal") &&
        !g_str_has_suffix (name, "-shm"))
      found = g_build_filename (dir, name, NULL);
  if (d != NULL)
    g_dir_close (d);
  return found;
}

/* Garbage in place of the store: set aside, a fresh store in use, and the
 * user told where the old one went. */
static void
test_damaged (Fixture *f, gconstpointer data)
{
  g_autofree char *garbage = g_strnfill (8192, '\x5a');
  g_autofree char *aside = NULL;
  g_autofree char *aside_contents = NULL;
  g_autofree char *aside_name = NULL;
  const char *problem;
  gsize len;

  g_assert_true (g_file_set_contents (f->path, garbage, 8192, NULL));
  start (f);
  g_assert_true (vpop3_history_keeper_get_available (f->keeper));
  problem = vpop3_history_keeper_get_problem (f->keeper);
  g_test_message ("keeper: %s", problem);
  g_assert_nonnull (problem);
  aside = find_aside (f->dir);
  g_assert_nonnull (aside);
  aside_name = g_path_get_basename (aside);
  g_assert_nonnull (strstr (problem, aside_name));
  g_assert_true (g_file_get_contents (aside, &aside_contents, &len, NULL));
  g_assert_cmpmem (aside_contents, len, garbage, 8192);

  add_incoming_at (f, 100, "ian", "after the damage");
  wait_received (f, 1);
  g_assert_cmpint (vpop3_instant_message_get_id (f->received->pdata[0]), >, 0);
  g_assert_cmpint (messages_on_disk (f->path), ==, 1);
}

/* keep-history off: nothing written, messages delivered all the same; on
 * again: stored again. */
static void
test_keep_history_off (Fixture *f, gconstpointer data)
{
  Vpop3InstantMessage *m;

  g_settings_set_boolean (f->settings, "keep-history", FALSE);
  start (f);
  add_incoming_at (f, 100, "jo", "not kept 1");
  wait_received (f, 1);
  m = f->received->pdata[0];
  g_assert_cmpint (vpop3_instant_message_get_id (m), ==, 0);
  g_assert_null (vpop3_instant_message_get_save_error (m));
  m = vpop3_conversations_add_outgoing (f->conversations, "jo", "not kept 2");
  g_assert_false (vpop3_history_keeper_get_available (f->keeper));
  g_assert_null (vpop3_history_keeper_get_problem (f->keeper));
  /* Nothing even created. */
  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));

  g_settings_set_boolean (f->settings, "keep-history", TRUE);
  g_assert_true (test_loop_wait (keeper_available, f, TIMEOUT_MS));
  add_incoming_at (f, 200, "jo", "kept");
  wait_received (f, 2);
  g_assert_cmpint (vpop3_instant_message_get_id (f->received->pdata[1]), >, 0);
  g_assert_cmpint (messages_on_disk (f->path), ==, 1);

  /* Off while open: later messages stay in memory only. */
  g_settings_set_boolean (f->settings, "keep-history", FALSE);
  g_assert_true (test_loop_wait (keeper_unavailable, f, TIMEOUT_MS));
  add_incoming_at (f, 300, "jo", "not kept 3");
  wait_received (f, 3);
  g_assert_cmpint (vpop3_instant_message_get_id (f->received->pdata[2]), ==, 0);
  m = vpop3_conversations_add_outgoing (f->conversations, "jo", "not kept 4");
  g_assert_cmpint (vpop3_instant_message_get_id (m), ==, 0);
  barrier (f->history);
  g_assert_cmpint (messages_on_disk (f->path), ==, 1);
  g_assert_cmpuint (n_messages (vpop3_conversations_lookup (f->conversations, "jo")), ==, 5);
}

static gboolean
cleared_once (gpointer data)
{
  return ((Fixture *) data)->cleared > 0;
}

static gint64
clear (Fixture *f, const char *host)
{
  g_autoptr (GAsyncResult) res = NULL;
  g_autoptr (GError) error = NULL;

  f->cleared = 0;
  vpop3_history_keeper_clear_async (f->keeper, host, PORT, USER, NULL, test_loop_store_result,
                                    &res);
  g_assert_true (vpop3_history_keeper_clear_finish (
      f->keeper, test_loop_wait_result (&res, TIMEOUT_MS), &error));
  g_assert_no_error (error);
  g_assert_true (test_loop_wait (cleared_once, f, TIMEOUT_MS));
  return messages_on_disk (f->path);
}

/* Clear History: of one server, then of all; the window's model empties. */
static void
test_clear (Fixture *f, gconstpointer data)
{
  Vpop3History *h = open_store (f->path);
  Vpop3Conversation *kim;

  h_append (h, OTHER_HOST, "kim", 10, "on the other server");
  close_store (h);
  start (f);
  add_incoming_at (f, 100, "kim", "here");
  add_incoming_at (f, 200, "lou", "here too");
  wait_received (f, 2);
  g_assert_cmpint (messages_on_disk (f->path), ==, 3);
  wait_model (f, 2);

  /* Another server's history: this one's stays, and so does its model,
   * with the messages in memory. */
  kim = vpop3_conversations_lookup (f->conversations, "kim");
  g_assert_cmpint (clear (f, OTHER_HOST), ==, 2);
  barrier (f->history);
  g_assert_cmpuint (g_list_model_get_n_items (vpop3_conversations_get_model (f->conversations)), ==,
                    2);
  g_assert_true (vpop3_conversations_lookup (f->conversations, "kim") == kim);
  g_assert_cmpuint (n_messages (kim), ==, 1);

  add_incoming_at (f, 300, "kim", "once more");
  wait_received (f, 3);
  h = open_store (f->path);
  h_append (h, OTHER_HOST, "kim", 10, "on the other server again");
  close_store (h);
  g_assert_cmpint (clear (f, HOST), ==, 1);
  wait_model (f, 0);
  barrier (f->history);
  g_assert_cmpuint (g_list_model_get_n_items (vpop3_conversations_get_model (f->conversations)), ==,
                    0);

  add_incoming_at (f, 400, "kim", "after clearing");
  wait_received (f, 4);
  g_assert_cmpint (clear (f, NULL), ==, 0);
  wait_model (f, 0);
  barrier (f->history);
  g_assert_cmpuint (g_list_model_get_n_items (vpop3_conversations_get_model (f->conversations)), ==,
                    0);
}

/* What was kept is deleted on Clear History even while keep-history is off. */
static void
test_clear_while_off (Fixture *f, gconstpointer data)
{
  Vpop3History *h = open_store (f->path);

  h_append (h, HOST, "max", 10, "kept earlier");
  close_store (h);
  g_settings_set_boolean (f->settings, "keep-history", FALSE);
  start (f);
  g_assert_cmpint (clear (f, NULL), ==, 0);
  g_assert_false (vpop3_history_keeper_get_available (f->keeper));
}

static guint retention_changes;

static void
on_retention_changed (GSettings *settings, const char *key, gpointer user_data)
{
  retention_changes++;
}

static gboolean
retention_changed (gpointer data)
{
  return retention_changes >= GPOINTER_TO_UINT (data);
}

static void
set_retention (Fixture *f, const char *value)
{
  guint wanted = retention_changes + 1;

  g_assert_true (g_settings_set_string (f->settings, "history-retention", value));
  /* The keeper's handler, connected first, has queued the deletion. */
  g_assert_true (test_loop_wait (retention_changed, GUINT_TO_POINTER (wanted), TIMEOUT_MS));
  barrier (f->history);
}

static void
assert_kept (Fixture *f, const char *const *expected)
{
  g_autoptr (GPtrArray) page = h_page (f->history, HOST, "ned");
  guint n = g_strv_length ((char **) expected);

  g_assert_cmpuint (page->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      Vpop3HistoryMessage *m = page->pdata[i];
      gsize len;
      const char *text = g_bytes_get_data (m->text, &len);

      g_assert_cmpmem (text, len, expected[i], strlen (expected[i]));
    }
}

/* history-retention: applied when it changes and when the store opens. */
static void
test_retention (Fixture *f, gconstpointer data)
{
  gint64 now = g_get_real_time ();
  gint64 day = G_USEC_PER_SEC * G_GINT64_CONSTANT (86400);

  retention_changes = 0;
  start (f);
  g_signal_connect (f->settings, "changed::history-retention", G_CALLBACK (on_retention_changed),
                    NULL);
  h_append (f->history, HOST, "ned", now - 400 * day, "400 days ago");
  h_append (f->history, HOST, "ned", now - 40 * day, "40 days ago");
  h_append (f->history, HOST, "ned", now - 2 * day, "2 days ago");

  set_retention (f, "year");
  assert_kept (f, (const char *const[]){ "40 days ago", "2 days ago", NULL });
  set_retention (f, "forever");
  assert_kept (f, (const char *const[]){ "40 days ago", "2 days ago", NULL });
  h_append (f->history, HOST, "ned", now - 500 * day, "500 days ago");
  set_retention (f, "month");
  assert_kept (f, (const char *const[]){ "2 days ago", NULL });
  g_signal_handlers_disconnect_by_func (f->settings, on_retention_changed, NULL);
  stop (f);

  /* Set while the monitor was not running: applied when the store opens. */
  {
    Vpop3History *h = open_store (f->path);

    h_append (h, HOST, "ned", now - 31 * day, "31 days ago");
    close_store (h);
  }
  start (f);
  barrier (f->history);
  assert_kept (f, (const char *const[]){ "2 days ago", NULL });
}

static gboolean
model_is_other (gpointer data)
{
  Fixture *f = data;
  GListModel *model = vpop3_conversations_get_model (f->conversations);

  return g_list_model_get_n_items (model) == 2 &&
         g_strcmp0 (vpop3_conversation_get_user (conversation_at (f, 0)), "pia") == 0 &&
         g_strcmp0 (vpop3_conversation_get_user (conversation_at (f, 1)), "oz") == 0;
}

static void
on_items_changed (GListModel *model, guint position, guint removed, guint added, gpointer user_data)
{
  if (g_list_model_get_n_items (model) == 0)
    *(gboolean *) user_data = TRUE;
}

/* Another server: the model empties and fills with that server's. */
static void
test_identity (Fixture *f, gconstpointer data)
{
  Vpop3History *h = open_store (f->path);
  gboolean emptied = FALSE;
  Vpop3Conversation *c;

  h_append (h, HOST, "kai", 10, "this server");
  h_append (h, OTHER_HOST, "oz", 20, "other server, oz");
  h_append (h, OTHER_HOST, "pia", 30, "other server, pia");
  close_store (h);
  start (f);
  wait_model (f, 1);
  g_assert_cmpstr (vpop3_conversation_get_user (conversation_at (f, 0)), ==, "kai");

  g_signal_connect (vpop3_conversations_get_model (f->conversations), "items-changed",
                    G_CALLBACK (on_items_changed), &emptied);
  vpop3_conversations_set_identity (f->conversations, OTHER_HOST, PORT, USER);
  g_assert_true (emptied);
  /* Most recent first. */
  g_assert_true (test_loop_wait (model_is_other, f, TIMEOUT_MS));
  g_assert_null (vpop3_conversations_lookup (f->conversations, "kai"));
  c = vpop3_conversations_lookup (f->conversations, "oz");
  g_assert_cmpint (load_older (c), ==, 1);
  g_assert_cmpstr (vpop3_instant_message_get_text (message_at (c, 0)), ==, "other server, oz");

  /* New messages go to the other server's history. */
  add_incoming_at (f, 100, "oz", "to the other server");
  wait_received (f, 1);
  g_assert_cmpint (query_int (f->path,
                              "SELECT count(*) FROM messages WHERE host = '" OTHER_HOST
                              "' AND text = CAST('to the other server' AS BLOB)",
                              0),
                   ==, 1);
  g_signal_handlers_disconnect_by_func (vpop3_conversations_get_model (f->conversations),
                                        on_items_changed, &emptied);
}

/* Stored bytes that are not text: shown as valid UTF-8, never cut; a long
 * text comes back whole. */
static void
test_hostile (Fixture *f, gconstpointer data)
{
  static const char bad[] = { 'a', '\0', 'b', '\xff', 'c', '\xc3', '(', '\0', '\0', 'd' };
  Vpop3History *h = open_store (f->path);
  GString *long_text = g_string_new (NULL);
  g_autofree char *long_str = NULL;
  Vpop3Conversation *c;
  const char *text;

  while (long_text->len + strlen ("Grüße, ünïcödé; ") <= 64 * 1024)
    g_string_append (long_text, "Grüße, ünïcödé; ");
  while (long_text->len < 64 * 1024)
    g_string_append_c (long_text, 'x');
  g_assert_true (g_utf8_validate (long_text->str, -1, NULL));
  long_str = g_string_free (long_text, FALSE);

  h_append_bytes (h, HOST, "quin", 10, VPOP3_HISTORY_INCOMING, bad, sizeof bad);
  close_store (h);
  start (f);
  wait_model (f, 1);
  add_incoming_at (f, 20, "quin", long_str);
  wait_received (f, 1);
  stop (f);

  start (f);
  wait_model (f, 1);
  c = conversation_at (f, 0);
  g_assert_cmpint (load_older (c), ==, 2);
  text = vpop3_instant_message_get_text (message_at (c, 0));
  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_cmpstr (text, ==,
                   "a\xef\xbf\xbd"
                   "b\xef\xbf\xbd"
                   "c\xef\xbf\xbd(\xef\xbf\xbd\xef\xbf\xbd"
                   "d");
  text = vpop3_instant_message_get_text (message_at (c, 1));
  g_assert_cmpuint (strlen (text), ==, 64 * 1024);
  g_assert_cmpstr (text, ==, long_str);
}

static guint
mode_of (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 07777;
}

/* Made by the keeper where there was nothing: owner only. */
static void
test_permissions (Fixture *f, gconstpointer data)
{
  g_autofree char *dir = g_build_filename (f->dir, "data", "vpop3-monitor", NULL);
  g_autofree char *path = g_build_filename (dir, "history.sqlite", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  mode_t old = umask (0);

  start_at (f, path);
  umask (old);
  g_assert_true (vpop3_history_keeper_get_available (f->keeper));
  add_incoming_at (f, 10, "rea", "private");
  wait_received (f, 1);
  g_assert_cmpint (vpop3_instant_message_get_id (f->received->pdata[0]), >, 0);
  g_assert_cmpuint (mode_of (dir), ==, 0700);
  g_assert_cmpuint (mode_of (path), ==, 0600);
  g_assert_cmpuint (mode_of (wal), ==, 0600);
}

/* Search gives a message of this run as it is now: one still waiting for
 * the server's answer is not one the run before left unanswered. */
static void
test_search_pending (Fixture *f, gconstpointer data)
{
  g_autoptr (GListModel) found = NULL;
  g_autoptr (Vpop3InstantMessage) m = NULL;
  Vpop3InstantMessage *pending;

  start (f);
  pending = vpop3_conversations_add_outgoing (f->conversations, "dora", "waiting for VPOP3");
  barrier (f->history);
  g_assert_cmpint (vpop3_instant_message_get_id (pending), >, 0);
  found = search (vpop3_conversations_lookup (f->conversations, "dora"), "waiting");
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, 1);
  m = g_list_model_get_item (found, 0);
  g_test_message ("found with delivery %d (%s)", vpop3_instant_message_get_delivery (m),
                  vpop3_instant_message_get_delivery_reason (m));
  g_assert_cmpint (vpop3_instant_message_get_delivery (m), ==, VPOP3_HISTORY_DELIVERY_PENDING);
  g_assert_null (vpop3_instant_message_get_delivery_reason (m));
}

/* What the keeper says about a failed write reads as one sentence: the
 * store's reasons end with a full stop of their own. */
static void
assert_wording (Fixture *f)
{
  const char *problem = vpop3_history_keeper_get_problem (f->keeper);

  g_test_message ("keeper: %s", problem);
  g_assert_nonnull (problem);
  g_assert_null (strstr (problem, ".."));
}

static void
test_problem_wording (Fixture *f, gconstpointer data)
{
  g_autofree char *blocker = g_build_filename (f->dir, "blocker", NULL);
  g_autofree char *path = g_build_filename (blocker, "history.sqlite", NULL);
  g_autoptr (GAsyncResult) res = NULL;
  g_autofree char *big = g_strnfill (64 * 1024, 'z');

  g_assert_true (g_file_set_contents (blocker, "a file, not a directory", -1, NULL));
  start_at (f, path);
  assert_wording (f);
  add_incoming_at (f, 100, "gil", "cannot be saved");
  wait_received (f, 1);
  assert_wording (f);
  stop (f);

  start (f);
  _vpop3_history_exec_for_testing_async (f->history, "PRAGMA max_page_count = 1",
                                         test_loop_store_result, &res);
  g_assert_true (_vpop3_history_exec_for_testing_finish (
      f->history, test_loop_wait_result (&res, TIMEOUT_MS), NULL));
  add_incoming_at (f, 200, "hal", big);
  wait_received (f, 1);
  assert_wording (f);
}

/* The server answered before the message was written, and the monitor
 * quits at once: the answer is what the next run shows. */
static void
test_delivery_at_quit (Fixture *f, gconstpointer data)
{
  Vpop3InstantMessage *refused;
  Vpop3Conversation *c;

  start (f);
  refused = vpop3_conversations_add_outgoing (f->conversations, "carol", "refused at quit");
  vpop3_conversations_set_delivery (f->conversations, refused, VPOP3_HISTORY_DELIVERY_REFUSED,
                                    "No such user");
  stop (f);

  start (f);
  wait_model (f, 1);
  c = conversation_at (f, 0);
  g_assert_cmpint (load_older (c), ==, 1);
  assert_delivery (message_at (c, 0), "refused at quit", VPOP3_HISTORY_DELIVERY_REFUSED,
                   "No such user");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD_TEST(name, func)                                                                       \
  g_test_add ("/conversations/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD_TEST ("incoming-stored-first", test_incoming_stored_first);
  ADD_TEST ("restart", test_restart);
  ADD_TEST ("delivery", test_delivery);
  ADD_TEST ("pending-after-restart", test_pending_after_restart);
  ADD_TEST ("pages", test_pages);
  ADD_TEST ("pages-sent-meanwhile", test_pages_sent_meanwhile);
  ADD_TEST ("search", test_search);
  ADD_TEST ("unwritable", test_unwritable);
  ADD_TEST ("disk-full", test_disk_full);
  ADD_TEST ("damaged", test_damaged);
  ADD_TEST ("keep-history-off", test_keep_history_off);
  ADD_TEST ("clear", test_clear);
  ADD_TEST ("clear-while-off", test_clear_while_off);
  ADD_TEST ("retention", test_retention);
  ADD_TEST ("identity", test_identity);
  ADD_TEST ("hostile", test_hostile);
  ADD_TEST ("permissions", test_permissions);
  ADD_TEST ("search-pending", test_search_pending);
  ADD_TEST ("problem-wording", test_problem_wording);
  ADD_TEST ("delivery-at-quit", test_delivery_at_quit);
#undef ADD_TEST
  return g_test_run ();
}
