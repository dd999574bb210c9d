/* test-history.c: the message history store (issue 14) on real files in a
 * temporary directory: persistence, paging, unread counts, delivery states,
 * search, retention, clearing, permissions, damaged and older files, a
 * read-only directory, a full disk, hostile texts, SIGKILL, and that the
 * main loop keeps turning while the worker is busy.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "test-loop.h"
#include "vpop3-history-private.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A safety net only: every wait ends on an event long before. */
#define TIMEOUT_MS 120000

#define HOST "mail.example.org"
#define PORT 5109
#define USER "me"

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->dir = g_dir_make_tmp ("vpop3-history-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "history.sqlite", NULL);
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

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

/* Waiting for results */

static gboolean
h_open (Vpop3History *h, GError **damage, GError **error)
{
  g_autoptr (GAsyncResult) res = NULL;

  vpop3_history_open_async (h, NULL, test_loop_store_result, &res);
  return vpop3_history_open_finish (h, test_loop_wait_result (&res, TIMEOUT_MS), damage, error);
}

static Vpop3History *
open_store (const char *path)
{
  g_autoptr (GError) damage = NULL;
  g_autoptr (GError) error = NULL;
  Vpop3History *h = vpop3_history_new (path);

  g_assert_true (h_open (h, &damage, &error));
  g_assert_no_error (error);
  g_assert_no_error (damage);
  return h;
}

/* Closes and drops @h: the file is complete when this returns. */
static void
close_store (Vpop3History *h)
{
  g_autoptr (GAsyncResult) res = NULL;
  g_autoptr (GError) error = NULL;

  vpop3_history_close_async (h, NULL, test_loop_store_result, &res);
  g_assert_true (vpop3_history_close_finish (h, test_loop_wait_result (&res, TIMEOUT_MS), &error));
  g_assert_no_error (error);
  g_object_unref (h);
}

static gint64
h_append_full (Vpop3History *h, const Vpop3HistoryMessage *m, GError **error)
{
  g_autoptr (GAsyncResult) res = NULL;

  vpop3_history_append_async (h, m, NULL, test_loop_store_result, &res);
  return vpop3_history_append_finish (h, test_loop_wait_result (&res, TIMEOUT_MS), error);
}

static gint64
h_append (Vpop3History *h,
          const char *host,
          const char *correspondent,
          gint64 time,
          Vpop3HistoryDirection direction,
          const char *text)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (Vpop3HistoryMessage) m = vpop3_history_message_new (
      host, PORT, USER, correspondent, time, direction,
      direction == VPOP3_HISTORY_INCOMING ? correspondent : USER, text, -1);
  gint64 id = h_append_full (h, m, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static GPtrArray *
h_page (Vpop3History *h, const char *host, const char *correspondent, gint64 before, guint limit)
{
  g_autoptr (GAsyncResult) res = NULL;
  g_autoptr (GError) error = NULL;
  GPtrArray *page;

  vpop3_history_load_page_async (h, host, PORT, USER, correspondent, before, limit, NULL,
                                 test_loop_store_result, &res);
  page = vpop3_history_load_page_finish (h, test_loop_wait_result (&res, TIMEOUT_MS), &error);
  g_assert_no_error (error);
  g_assert_nonnull (page);
  return page;
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
  g_assert_nonnull (list);
  return list;
}

/* The unread count of @correspondent in the list, -1 if it is not listed. */
static int
unread_of (Vpop3History *h, const char *host, const char *correspondent)
{
  g_autoptr (GPtrArray) list = h_list (h, host);

  for (guint i = 0; i < list->len; i++)
    {
      Vpop3HistoryConversation *c = list->pdata[i];
      if (g_ascii_strcasecmp (c->correspondent, correspondent) == 0)
        return c->unread;
    }
  return -1;
}

static gint64
h_mark_read (Vpop3History *h, const char *correspondent, gint64 up_to)
{
  g_autoptr (GAsyncResult) res = NULL;
  g_autoptr (GError) error = NULL;
  gint64 n;

  vpop3_history_mark_read_async (h, HOST, PORT, USER, correspondent, up_to, NULL,
                                 test_loop_store_result, &res);
  n = vpop3_history_mark_read_finish (h, test_loop_wait_result (&res, TIMEOUT_MS), &error);
  g_assert_no_error (error);
  return n;
}

static gboolean
h_set_delivery (
    Vpop3History *h, gint64 id, Vpop3HistoryDelivery delivery, const char *reason, GError **error)
{
  g_autoptr (GAsyncResult) res = NULL;

  vpop3_history_set_delivery_async (h, id, delivery, reason, NULL, test_loop_store_result, &res);
  return vpop3_history_set_delivery_finish (h, test_loop_wait_result (&res, TIMEOUT_MS), error);
}

static GPtrArray *
h_search (Vpop3History *h, const char *correspondent, const char *query)
{
  g_autoptr (GAsyncResult) res = NULL;
  g_autoptr (GError) error = NULL;
  GPtrArray *found;

  vpop3_history_search_async (h, HOST, PORT, USER, correspondent, query, NULL,
                              test_loop_store_result, &res);
  found = vpop3_history_search_finish (h, test_loop_wait_result (&res, TIMEOUT_MS), &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  return found;
}

static gint64
h_delete_older (Vpop3History *h, guint days)
{
  g_autoptr (GAsyncResult) res = NULL;
  g_autoptr (GError) error = NULL;
  gint64 n;

  vpop3_history_delete_older_than_async (h, days, NULL, test_loop_store_result, &res);
  n = vpop3_history_delete_older_than_finish (h, test_loop_wait_result (&res, TIMEOUT_MS), &error);
  g_assert_no_error (error);
  return n;
}

static gint64
h_clear (Vpop3History *h, const char *host)
{
  g_autoptr (GAsyncResult) res = NULL;
  g_autoptr (GError) error = NULL;
  gint64 n;

  vpop3_history_clear_async (h, host, PORT, USER, NULL, test_loop_store_result, &res);
  n = vpop3_history_clear_finish (h, test_loop_wait_result (&res, TIMEOUT_MS), &error);
  g_assert_no_error (error);
  return n;
}

static gboolean
h_exec (Vpop3History *h, const char *sql, GError **error)
{
  g_autoptr (GAsyncResult) res = NULL;

  _vpop3_history_exec_for_testing_async (h, sql, test_loop_store_result, &res);
  return _vpop3_history_exec_for_testing_finish (h, test_loop_wait_result (&res, TIMEOUT_MS),
                                                 error);
}

static const char *
text_of (Vpop3HistoryMessage *m)
{
  /* Test texts have no NULs; the blob has no terminator of its own. */
  static char buf[256];
  gsize len;
  const char *data = g_bytes_get_data (m->text, &len);

  g_assert_cmpuint (len, <, sizeof buf);
  memcpy (buf, data ? data : "", len);
  buf[len] = '\0';
  return buf;
}

static guint
page_total (Vpop3History *h, const char *host, const char *correspondent)
{
  g_autoptr (GPtrArray) page = h_page (h, host, correspondent, 0, 100000);
  return page->len;
}

/* Tests */

static void
test_persistence (Fixture *f, gconstpointer data)
{
  g_autoptr (Vpop3History) h = open_store (f->path);
  gint64 t0 = vpop3_history_time_from_filetime (G_GUINT64_CONSTANT (133800000000000000));
  gint64 a, b, c;
  g_autoptr (GPtrArray) page = NULL;
  Vpop3HistoryMessage *m;

  a = h_append (h, HOST, "Alice", t0, VPOP3_HISTORY_INCOMING, "hello");
  b = h_append (h, HOST, "ALICE", t0 + 1, VPOP3_HISTORY_OUTGOING, "hi there");
  c = h_append (h, HOST, "alice", t0 + 2, VPOP3_HISTORY_INCOMING, "bye");
  g_assert_cmpint (a, <, b);
  g_assert_cmpint (b, <, c);
  close_store (g_steal_pointer (&h));

  h = open_store (f->path);
  page = h_page (h, HOST, "aLiCe", 0, 50);
  g_assert_cmpuint (page->len, ==, 3);
  m = page->pdata[0];
  g_assert_cmpint (m->id, ==, a);
  g_assert_cmpstr (m->host, ==, HOST);
  g_assert_cmpint (m->port, ==, PORT);
  g_assert_cmpstr (m->user, ==, USER);
  g_assert_cmpstr (m->correspondent, ==, "Alice");
  g_assert_cmpstr (m->sender, ==, "Alice");
  g_assert_cmpint (m->time, ==, t0);
  g_assert_cmpint (m->direction, ==, VPOP3_HISTORY_INCOMING);
  g_assert_cmpstr (text_of (m), ==, "hello");
  g_assert_false (m->read);
  g_assert_cmpint (m->delivery, ==, VPOP3_HISTORY_DELIVERY_NONE);
  m = page->pdata[1];
  g_assert_cmpint (m->direction, ==, VPOP3_HISTORY_OUTGOING);
  g_assert_cmpstr (m->sender, ==, USER);
  g_assert_true (m->read);
  g_assert_cmpint (m->delivery, ==, VPOP3_HISTORY_DELIVERY_PENDING);
  g_assert_cmpstr (text_of (page->pdata[2]), ==, "bye");
  /* Same correspondent on another port is another server. */
  {
    g_autoptr (GAsyncResult) res = NULL;
    g_autoptr (GPtrArray) other = NULL;

    vpop3_history_load_page_async (h, HOST, PORT + 1, USER, "Alice", 0, 50, NULL,
                                   test_loop_store_result, &res);
    other = vpop3_history_load_page_finish (h, test_loop_wait_result (&res, TIMEOUT_MS), NULL);
    g_assert_cmpuint (other->len, ==, 0);
  }
  /* 1601-01-01 + 133800000000000000 × 100 ns is 2025-01-01T... UTC. */
  g_assert_cmpint (vpop3_history_time_from_filetime (G_GUINT64_CONSTANT (116444736000000000)), ==,
                   0);
}

#define MANY 1200
#define PAGE 50

static void
test_paging (Fixture *f, gconstpointer data)
{
  g_autoptr (Vpop3History) h = open_store (f->path);
  gint64 ids[MANY];
  gint64 before = 0;
  guint seen = 0;

  for (guint i = 0; i < MANY; i++)
    {
      g_autofree char *text = g_strdup_printf ("message %u", i);

      ids[i] = h_append (h, HOST, "bob", 1000 + i, VPOP3_HISTORY_INCOMING, text);
      /* Interleaved: another conversation must not show in bob's pages. */
      if (i % 100 == 0)
        h_append (h, HOST, "carol", 1000 + i, VPOP3_HISTORY_INCOMING, "not bob");
    }
  close_store (g_steal_pointer (&h));
  h = open_store (f->path);

  /* Newest first page, then older ones as the window scrolls up. */
  for (;;)
    {
      g_autoptr (GPtrArray) page = h_page (h, HOST, "bob", before, PAGE);

      if (page->len == 0)
        break;
      g_assert_cmpuint (page->len, ==, MIN (PAGE, MANY - seen));
      for (guint j = 0; j < page->len; j++)
        {
          Vpop3HistoryMessage *m = page->pdata[j];
          guint expected = MANY - seen - page->len + j;
          g_autofree char *text = g_strdup_printf ("message %u", expected);

          g_assert_cmpint (m->id, ==, ids[expected]);
          g_assert_cmpstr (text_of (m), ==, text);
        }
      seen += page->len;
      before = ((Vpop3HistoryMessage *) page->pdata[0])->id;
    }
  g_assert_cmpuint (seen, ==, MANY);
  g_assert_cmpuint (page_total (h, HOST, "carol"), ==, MANY / 100);
}

static void
test_unread (Fixture *f, gconstpointer data)
{
  g_autoptr (Vpop3History) h = open_store (f->path);
  g_autoptr (GPtrArray) list = NULL;
  gint64 third = 0;

  for (int i = 0; i < 5; i++)
    {
      gint64 id = h_append (h, HOST, i % 2 ? "Bob" : "bob", i, VPOP3_HISTORY_INCOMING, "b");
      if (i == 2)
        third = id;
    }
  h_append (h, HOST, "bob", 10, VPOP3_HISTORY_OUTGOING, "out");
  h_append (h, HOST, "bob", 11, VPOP3_HISTORY_OUTGOING, "out");
  for (int i = 0; i < 3; i++)
    h_append (h, HOST, "carol", 20 + i, VPOP3_HISTORY_INCOMING, "c");
  h_append (h, "other.example.org", "bob", 30, VPOP3_HISTORY_INCOMING, "elsewhere");

  list = h_list (h, HOST);
  g_assert_cmpuint (list->len, ==, 2);
  /* Most recent conversation first. */
  g_assert_cmpstr (((Vpop3HistoryConversation *) list->pdata[0])->correspondent, ==, "carol");
  g_assert_cmpint (((Vpop3HistoryConversation *) list->pdata[0])->last_time, ==, 22);
  g_assert_cmpint (unread_of (h, HOST, "bob"), ==, 5);
  g_assert_cmpint (unread_of (h, HOST, "carol"), ==, 3);
  g_assert_cmpint (unread_of (h, "other.example.org", "bob"), ==, 1);

  g_assert_cmpint (h_mark_read (h, "BOB", third), ==, 3);
  g_assert_cmpint (unread_of (h, HOST, "bob"), ==, 2);
  close_store (g_steal_pointer (&h));

  /* Unread counts survive a restart. */
  h = open_store (f->path);
  g_assert_cmpint (unread_of (h, HOST, "bob"), ==, 2);
  g_assert_cmpint (h_mark_read (h, "bob", G_MAXINT64), ==, 2);
  g_assert_cmpint (unread_of (h, HOST, "bob"), ==, 0);
  g_assert_cmpint (unread_of (h, HOST, "carol"), ==, 3);
  g_assert_cmpint (unread_of (h, "other.example.org", "bob"), ==, 1);
}

static void
test_delivery (Fixture *f, gconstpointer data)
{
  g_autoptr (Vpop3History) h = open_store (f->path);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) page = NULL;
  gint64 in = h_append (h, HOST, "dan", 1, VPOP3_HISTORY_INCOMING, "in");
  gint64 ok = h_append (h, HOST, "dan", 2, VPOP3_HISTORY_OUTGOING, "accepted");
  gint64 refused = h_append (h, HOST, "dan", 3, VPOP3_HISTORY_OUTGOING, "refused");
  gint64 lost = h_append (h, HOST, "dan", 4, VPOP3_HISTORY_OUTGOING, "not sent");
  gint64 pending = h_append (h, HOST, "dan", 5, VPOP3_HISTORY_OUTGOING, "pending");

  g_assert_true (h_set_delivery (h, ok, VPOP3_HISTORY_DELIVERY_ACCEPTED, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (h_set_delivery (h, refused, VPOP3_HISTORY_DELIVERY_REFUSED,
                                 "-ERR user dan is not logged in", &error));
  g_assert_no_error (error);
  g_assert_true (
      h_set_delivery (h, lost, VPOP3_HISTORY_DELIVERY_NOT_SENT, "connection dropped", &error));
  g_assert_no_error (error);
  /* Incoming messages have no delivery state. */
  g_assert_false (h_set_delivery (h, in, VPOP3_HISTORY_DELIVERY_ACCEPTED, NULL, &error));
  g_assert_error (error, VPOP3_HISTORY_ERROR, VPOP3_HISTORY_ERROR_INVALID);
  close_store (g_steal_pointer (&h));

  h = open_store (f->path);
  page = h_page (h, HOST, "dan", 0, 10);
  g_assert_cmpuint (page->len, ==, 5);
  g_assert_cmpint (((Vpop3HistoryMessage *) page->pdata[0])->delivery, ==,
                   VPOP3_HISTORY_DELIVERY_NONE);
  g_assert_cmpint (((Vpop3HistoryMessage *) page->pdata[1])->delivery, ==,
                   VPOP3_HISTORY_DELIVERY_ACCEPTED);
  g_assert_null (((Vpop3HistoryMessage *) page->pdata[1])->delivery_reason);
  g_assert_cmpint (((Vpop3HistoryMessage *) page->pdata[2])->delivery, ==,
                   VPOP3_HISTORY_DELIVERY_REFUSED);
  g_assert_cmpstr (((Vpop3HistoryMessage *) page->pdata[2])->delivery_reason, ==,
                   "-ERR user dan is not logged in");
  g_assert_cmpint (((Vpop3HistoryMessage *) page->pdata[3])->delivery, ==,
                   VPOP3_HISTORY_DELIVERY_NOT_SENT);
  g_assert_cmpstr (((Vpop3HistoryMessage *) page->pdata[3])->delivery_reason, ==,
                   "connection dropped");
  g_assert_cmpint (((Vpop3HistoryMessage *) page->pdata[4])->id, ==, pending);
  g_assert_cmpint (((Vpop3HistoryMessage *) page->pdata[4])->delivery, ==,
                   VPOP3_HISTORY_DELIVERY_PENDING);
}

static void
assert_found (Vpop3History *h, const char *query, const char *const *expected)
{
  g_autoptr (GPtrArray) found = h_search (h, "eve", query);
  guint n = g_strv_length ((char **) expected);

  g_test_message ("search \"%s\": %u found", query, found->len);
  g_assert_cmpuint (found->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (text_of (found->pdata[i]), ==, expected[i]);
}

static void
test_search (Fixture *f, gconstpointer data)
{
  g_autoptr (Vpop3History) h = open_store (f->path);
  g_autoptr (Vpop3HistoryMessage) nul = NULL;
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (GError) error = NULL;

  h_append (h, HOST, "eve", 1, VPOP3_HISTORY_INCOMING, "100% sure");
  h_append (h, HOST, "eve", 2, VPOP3_HISTORY_INCOMING, "100 percent");
  h_append (h, HOST, "eve", 3, VPOP3_HISTORY_OUTGOING, "file_name.txt");
  h_append (h, HOST, "eve", 4, VPOP3_HISTORY_INCOMING, "filexname.txt");
  h_append (h, HOST, "eve", 5, VPOP3_HISTORY_INCOMING, "Viele Grüße, EVE");
  h_append (h, HOST, "eve", 6, VPOP3_HISTORY_INCOMING, "back\\slash");
  h_append (h, HOST, "frank", 7, VPOP3_HISTORY_INCOMING, "100% frank");
  nul = vpop3_history_message_new (HOST, PORT, USER, "eve", 8, VPOP3_HISTORY_INCOMING, "eve",
                                   "before\0after NUL", 16);
  g_assert_cmpint (h_append_full (h, nul, &error), >, 0);
  g_assert_no_error (error);

  assert_found (h, "%", (const char *const[]){ "100% sure", NULL });
  assert_found (h, "0%", (const char *const[]){ "100% sure", NULL });
  assert_found (h, "_", (const char *const[]){ "file_name.txt", NULL });
  assert_found (h, "e_n", (const char *const[]){ "file_name.txt", NULL });
  assert_found (h, "\\", (const char *const[]){ "back\\slash", NULL });
  assert_found (h, "100", (const char *const[]){ "100% sure", "100 percent", NULL });
  /* Case-insensitive, also beyond ASCII (ß folds to ss). */
  assert_found (h, "GRÜSSE, eve", (const char *const[]){ "Viele Grüße, EVE", NULL });
  assert_found (h, "nothing like this", (const char *const[]){ NULL });
  /* The text after a NUL is searched too. */
  found = h_search (h, "eve", "AFTER nul");
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_true (g_bytes_equal (((Vpop3HistoryMessage *) found->pdata[0])->text, nul->text));
}

static void
test_retention (Fixture *f, gconstpointer data)
{
  g_autoptr (Vpop3History) h = open_store (f->path);
  gint64 now = g_get_real_time ();
  gint64 day = G_USEC_PER_SEC * G_GINT64_CONSTANT (86400);
  g_autoptr (GPtrArray) page = NULL;

  h_append (h, HOST, "gus", now - 400 * day, VPOP3_HISTORY_INCOMING, "last year");
  h_append (h, HOST, "gus", now - 40 * day, VPOP3_HISTORY_INCOMING, "40 days");
  h_append (h, HOST, "gus", now - 10 * day, VPOP3_HISTORY_OUTGOING, "10 days");
  h_append (h, "other.example.org", "gus", now - 35 * day, VPOP3_HISTORY_INCOMING, "35 days");
  h_append (h, HOST, "gus", now, VPOP3_HISTORY_INCOMING, "now");

  g_assert_cmpint (h_delete_older (h, 0), ==, 0); /* 0: forever */
  g_assert_cmpuint (page_total (h, HOST, "gus"), ==, 4);
  g_assert_cmpint (h_delete_older (h, 365), ==, 1);
  g_assert_cmpint (h_delete_older (h, 30), ==, 2);
  page = h_page (h, HOST, "gus", 0, 10);
  g_assert_cmpuint (page->len, ==, 2);
  g_assert_cmpstr (text_of (page->pdata[0]), ==, "10 days");
  g_assert_cmpstr (text_of (page->pdata[1]), ==, "now");
  g_assert_cmpuint (page_total (h, "other.example.org", "gus"), ==, 0);
}

static void
test_clear (Fixture *f, gconstpointer data)
{
  g_autoptr (Vpop3History) h = open_store (f->path);

  h_append (h, HOST, "hal", 1, VPOP3_HISTORY_INCOMING, "a");
  h_append (h, HOST, "ida", 2, VPOP3_HISTORY_INCOMING, "b");
  h_append (h, "other.example.org", "hal", 3, VPOP3_HISTORY_INCOMING, "c");
  h_append (h, "third.example.org", "hal", 4, VPOP3_HISTORY_INCOMING, "d");

  g_assert_cmpint (h_clear (h, HOST), ==, 2);
  g_assert_cmpuint (page_total (h, HOST, "hal"), ==, 0);
  g_assert_cmpuint (page_total (h, HOST, "ida"), ==, 0);
  g_assert_cmpuint (page_total (h, "other.example.org", "hal"), ==, 1);
  close_store (g_steal_pointer (&h));
  h = open_store (f->path);
  g_assert_cmpuint (page_total (h, HOST, "hal"), ==, 0);
  g_assert_cmpint (h_clear (h, NULL), ==, 2);
  g_assert_cmpuint (page_total (h, "other.example.org", "hal"), ==, 0);
  g_assert_cmpuint (page_total (h, "third.example.org", "hal"), ==, 0);
}

static guint
mode_of (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 07777;
}

static void
test_permissions (Fixture *f, gconstpointer data)
{
  g_autofree char *dir = g_build_filename (f->dir, "data", "vpop3-monitor", NULL);
  g_autofree char *path = g_build_filename (dir, "history.sqlite", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autoptr (Vpop3History) h = NULL;
  mode_t old = umask (0);

  /* A permissive umask must not leak into the store. */
  h = open_store (path);
  h_append (h, HOST, "jo", 1, VPOP3_HISTORY_INCOMING, "secret");
  g_assert_cmpuint (mode_of (dir), ==, 0700);
  g_assert_cmpuint (mode_of (path), ==, 0600);
  g_assert_cmpuint (mode_of (wal), ==, 0600);
  close_store (g_steal_pointer (&h));

  /* Existing ones too loose are tightened. */
  g_assert_cmpint (g_chmod (dir, 0755), ==, 0);
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  h = open_store (path);
  g_assert_cmpuint (mode_of (dir), ==, 0700);
  g_assert_cmpuint (mode_of (path), ==, 0600);
  g_assert_cmpuint (mode_of (wal), ==, 0600);
  g_assert_cmpuint (page_total (h, HOST, "jo"), ==, 1);
  umask (old);
}

/* The one file named history.sqlite.damaged-* in @dir, or NULL. */
static char *
find_aside (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  char *found = NULL;

  while ((name = g_dir_read_name (d)))
    if (g_str_has_prefix (name, "history.sqlite.damaged-") && !g_str_has_suffix (name, "-wal") &&
        !g_str_has_suffix (name, "-shm"))
      {
        g_assert_null (found);
        found = g_build_filename (dir, name, NULL);
      }
  return found;
}

/* Opens a store on a bad file: it must be set aside with a message naming
 * the new name, a fresh store must work, and the bad bytes be kept. */
static void
assert_set_aside (Fixture *f, const char *contents, gsize len)
{
  g_autoptr (Vpop3History) h = vpop3_history_new (f->path);
  g_autoptr (GError) damage = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *aside = NULL;
  g_autofree char *kept = NULL;
  gsize kept_len;

  g_assert_true (h_open (h, &damage, &error));
  g_assert_no_error (error);
  g_assert_error (damage, VPOP3_HISTORY_ERROR, VPOP3_HISTORY_ERROR_DAMAGED);
  g_test_message ("%s", damage->message);
  aside = find_aside (f->dir);
  g_assert_nonnull (aside);
  g_assert_true (g_regex_match_simple ("damaged-[0-9]{8}-[0-9]{6}$", aside, 0, 0));
  g_assert_nonnull (strstr (damage->message, aside));
  g_assert_true (g_file_get_contents (aside, &kept, &kept_len, NULL));
  g_assert_cmpmem (kept, kept_len, contents, len);
  g_assert_cmpuint (mode_of (f->path), ==, 0600);

  h_append (h, HOST, "kim", 1, VPOP3_HISTORY_INCOMING, "fresh");
  close_store (g_steal_pointer (&h));
  h = open_store (f->path);
  g_assert_cmpuint (page_total (h, HOST, "kim"), ==, 1);
}

static void
test_garbage (Fixture *f, gconstpointer data)
{
  char garbage[8192];

  for (gsize i = 0; i < sizeof garbage; i++)
    garbage[i] = g_test_rand_int_range (0, 256);
  g_assert_true (g_file_set_contents (f->path, garbage, sizeof garbage, NULL));
  assert_set_aside (f, garbage, sizeof garbage);
}

static void
test_not_sqlite (Fixture *f, gconstpointer data)
{
  const char *text = "This is a text file, not a database.\n";

  g_assert_true (g_file_set_contents (f->path, text, -1, NULL));
  assert_set_aside (f, text, strlen (text));
}

static void
test_truncated (Fixture *f, gconstpointer data)
{
  g_autoptr (Vpop3History) h = open_store (f->path);
  g_autofree char *contents = NULL;
  gsize len;
  g_autofree char *big = g_strnfill (2000, 'x');

  for (int i = 0; i < 100; i++)
    h_append (h, HOST, "lea", i, VPOP3_HISTORY_INCOMING, big);
  close_store (g_steal_pointer (&h)); /* folds the log into the file */

  g_assert_true (g_file_get_contents (f->path, &contents, &len, NULL));
  g_assert_cmpuint (len, >, 100 * 2000);
  len /= 2;
  g_assert_true (g_file_set_contents (f->path, contents, len, NULL));
  assert_set_aside (f, contents, len);
}

/* A page in the middle overwritten: the header and schema read fine, only
 * a check of the whole file finds it. */
static void
test_corrupt_page (Fixture *f, gconstpointer data)
{
  g_autoptr (Vpop3History) h = open_store (f->path);
  g_autofree char *contents = NULL;
  g_autofree char *big = g_strnfill (2000, 'x');
  gsize len;

  for (int i = 0; i < 100; i++)
    h_append (h, HOST, "lea", i, VPOP3_HISTORY_INCOMING, big);
  close_store (g_steal_pointer (&h));

  g_assert_true (g_file_get_contents (f->path, &contents, &len, NULL));
  g_assert_cmpuint (len, >, 41 * 4096);
  memset (contents + 40 * 4096, 0xaa, 4096);
  g_assert_true (g_file_set_contents (f->path, contents, len, NULL));
  assert_set_aside (f, contents, len);
}

static void
make_db (const char *path, const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static int
user_version (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int v;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  v = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return v;
}

static void
test_migrate_old (Fixture *f, gconstpointer data)
{
  g_autoptr (Vpop3History) h = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  /* A "version 0" store: a valid SQLite file written before the history
   * had a layout, holding something of its own that must survive. */
  make_db (f->path, "CREATE TABLE notes (x TEXT); INSERT INTO notes VALUES ('kept');"
                    "PRAGMA user_version = 0;");
  h = open_store (f->path);
  h_append (h, HOST, "max", 1, VPOP3_HISTORY_INCOMING, "after migration");
  close_store (g_steal_pointer (&h));
  g_assert_null (find_aside (f->dir));
  g_assert_cmpint (user_version (f->path), ==, 1);

  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT x FROM notes", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "kept");
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  h = open_store (f->path);
  g_assert_cmpuint (page_total (h, HOST, "max"), ==, 1);
}

static void
assert_db_set_aside (Fixture *f, const char *sql)
{
  g_autofree char *contents = NULL;
  gsize len;

  make_db (f->path, sql);
  g_assert_true (g_file_get_contents (f->path, &contents, &len, NULL));
  assert_set_aside (f, contents, len);
}

static void
test_unmigratable (Fixture *f, gconstpointer data)
{
  /* Version 0 with a "messages" table the first step cannot create. */
  assert_db_set_aside (f, "CREATE TABLE messages (a, b); PRAGMA user_version = 0;");
}

static void
test_wrong_layout (Fixture *f, gconstpointer data)
{
  /* Says version 1 but lacks our columns. */
  assert_db_set_aside (f, "CREATE TABLE messages (id INTEGER PRIMARY KEY, text BLOB);"
                          "PRAGMA user_version = 1;");
}

static void
test_newer_version (Fixture *f, gconstpointer data)
{
  g_autoptr (Vpop3History) h = open_store (f->path);
  g_autofree char *contents = NULL;
  gsize len;

  /* Our own layout, but marked as written by a later version. */
  close_store (g_steal_pointer (&h));
  make_db (f->path, "PRAGMA user_version = 99;");
  g_assert_true (g_file_get_contents (f->path, &contents, &len, NULL));
  assert_set_aside (f, contents, len);
}

static void
read_only_child (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "history.sqlite", NULL);
  g_autoptr (Vpop3History) h = vpop3_history_new (path);
  g_autoptr (Vpop3HistoryMessage) m = vpop3_history_message_new (
      HOST, PORT, USER, "ned", 1, VPOP3_HISTORY_INCOMING, "ned", "kept in memory", -1);
  g_autoptr (GError) damage = NULL;
  g_autoptr (GError) error = NULL;

  /* root writes anywhere: be someone else for this check. */
  if (geteuid () == 0 && (setgid (65534) != 0 || setuid (65534) != 0))
    g_error ("cannot drop privileges");
  g_assert_false (h_open (h, &damage, &error));
  g_assert_error (error, VPOP3_HISTORY_ERROR, VPOP3_HISTORY_ERROR_UNAVAILABLE);
  g_assert_no_error (damage);
  g_printerr ("open: %s\n", error->message);
  g_clear_error (&error);
  g_assert_cmpint (h_append_full (h, m, &error), ==, 0);
  g_assert_error (error, VPOP3_HISTORY_ERROR, VPOP3_HISTORY_ERROR_UNAVAILABLE);
  g_printerr ("append: %s\n", error->message);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  /* Failure is reported also to a caller that ignores the error. */
  g_assert_false (h_open (h, NULL, NULL));
}

static void
test_read_only_dir (Fixture *f, gconstpointer data)
{
  if (g_test_subprocess ())
    {
      read_only_child (g_getenv ("TEST_HISTORY_DIR"));
      return;
    }
  /* Traversable by anyone, writable by no one but root. */
  g_assert_cmpint (g_chmod (f->dir, 0555), ==, 0);
  g_setenv ("TEST_HISTORY_DIR", f->dir, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDOUT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*open: *append: *");
}

static void
test_disk_full (Fixture *f, gconstpointer data)
{
  g_autoptr (Vpop3History) h = open_store (f->path);
  g_autofree char *big = g_strnfill (64 * 1024, 'y');
  g_autoptr (Vpop3HistoryMessage) m = vpop3_history_message_new (
      HOST, PORT, USER, "ole", 2, VPOP3_HISTORY_INCOMING, "ole", big, -1);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) page = NULL;

  h_append (h, HOST, "ole", 1, VPOP3_HISTORY_INCOMING, "before");
  /* No page may be added: the next write that needs one finds the disk full. */
  g_assert_true (h_exec (h, "PRAGMA max_page_count = 1", NULL));
  g_assert_cmpint (h_append_full (h, m, &error), ==, 0);
  g_assert_error (error, VPOP3_HISTORY_ERROR, VPOP3_HISTORY_ERROR_IO);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  /* Still usable: reads work, and writes once there is room again. */
  g_assert_cmpuint (page_total (h, HOST, "ole"), ==, 1);
  g_assert_true (h_exec (h, "PRAGMA max_page_count = 1000000", NULL));
  g_assert_cmpint (h_append_full (h, m, &error), >, 0);
  g_assert_no_error (error);
  page = h_page (h, HOST, "ole", 0, 10);
  g_assert_cmpuint (page->len, ==, 2);
  g_assert_true (g_bytes_equal (((Vpop3HistoryMessage *) page->pdata[1])->text, m->text));
}

static void
test_hostile (Fixture *f, gconstpointer data)
{
  g_autoptr (Vpop3History) h = open_store (f->path);
  g_autoptr (GPtrArray) sent = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GArray) lens = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_autoptr (GPtrArray) page = NULL;
  const char *escapes = "\x1b[31mred\x1b[0m \x1b]0;title\x07 \x1b[2J\r\n\t\b\x7f ' \"; DROP TABLE "
                        "messages; -- %_\\";
  const char *invalid = "\xff\xfe\xc3\x28 \xed\xa0\x80 over\xc0\xaf";
  char *big = g_malloc (64 * 1024);
  char nuls[] = { 'a', 0, 'b', 0, 0, 'c', 0 };
  const char *sender = "\x1b[1mevil\x1b[0m";

  for (gsize i = 0; i < 64 * 1024; i++)
    big[i] = g_test_rand_int_range (0, 256);
  big[0] = big[100] = big[64 * 1024 - 1] = 0;

#define ADD(data, len)                                                                             \
  G_STMT_START                                                                                     \
  {                                                                                                \
    gsize l_ = (len);                                                                              \
    g_ptr_array_add (sent, g_memdup2 ((data), l_ ? l_ : 1));                                       \
    g_array_append_val (lens, l_);                                                                 \
  }                                                                                                \
  G_STMT_END
  ADD (escapes, strlen (escapes));
  ADD (invalid, strlen (invalid));
  ADD (big, 64 * 1024);
  ADD (nuls, sizeof nuls);
  ADD ("", 0);
  g_free (big);

  for (guint i = 0; i < sent->len; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (Vpop3HistoryMessage) m =
          vpop3_history_message_new (HOST, PORT, USER, "\x1b[0mpat", i, VPOP3_HISTORY_INCOMING,
                                     sender, sent->pdata[i], g_array_index (lens, gsize, i));

      g_assert_cmpint (h_append_full (h, m, &error), >, 0);
      g_assert_no_error (error);
    }
  close_store (g_steal_pointer (&h));

  h = open_store (f->path);
  page = h_page (h, HOST, "\x1b[0mPAT", 0, 100);
  g_assert_cmpuint (page->len, ==, sent->len);
  for (guint i = 0; i < sent->len; i++)
    {
      Vpop3HistoryMessage *m = page->pdata[i];
      gsize len;
      const char *got = g_bytes_get_data (m->text, &len);

      g_assert_cmpstr (m->sender, ==, sender);
      g_assert_cmpstr (m->correspondent, ==, "\x1b[0mpat");
      g_assert_cmpmem (got, len, sent->pdata[i], g_array_index (lens, gsize, i));
    }
}

/* SIGKILL right after the store reported a message written: the message is
 * there, unread, when the store is opened again. */
static void
test_sigkill (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) child =
      g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, TEST_HISTORY_WRITER, f->path, NULL);
  g_autoptr (GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  g_autoptr (Vpop3History) h = NULL;
  g_autoptr (GPtrArray) page = NULL;
  Vpop3HistoryMessage *m;
  gint64 id;

  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));
  /* Blocks until the child prints; the suite's timeout is the safety net. */
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_subprocess_force_exit (child);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "written "));
  id = g_ascii_strtoll (line + 8, NULL, 10);
  g_assert_true (g_subprocess_wait (child, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (child));
  g_assert_cmpint (g_subprocess_get_term_sig (child), ==, SIGKILL);

  h = open_store (f->path);
  page = h_page (h, "mail.example.org", "killer", 0, 10);
  g_assert_cmpuint (page->len, ==, 1);
  m = page->pdata[0];
  g_assert_cmpint (m->id, ==, id);
  g_assert_cmpstr (text_of (m), ==, "survives SIGKILL");
  g_assert_false (m->read);
  g_assert_cmpint (unread_of (h, "mail.example.org", "killer"), ==, 1);
}

/* While a job holds the worker, the main loop keeps running: the job waits
 * for a flag that only an idle on the main loop sets. */
static gboolean
release_from_idle (gpointer data)
{
  g_atomic_int_set ((gint *) data, 1);
  return G_SOURCE_REMOVE;
}

static void
test_main_loop_free (Fixture *f, gconstpointer data)
{
  g_autoptr (Vpop3History) h = open_store (f->path);
  g_autoptr (GAsyncResult) wait_res = NULL;
  g_autoptr (GAsyncResult) append_res = NULL;
  g_autoptr (Vpop3HistoryMessage) m = vpop3_history_message_new (
      HOST, PORT, USER, "quinn", 1, VPOP3_HISTORY_INCOMING, "quinn", "queued behind", -1);
  g_autoptr (GError) error = NULL;
  gint release = 0;

  _vpop3_history_wait_for_testing_async (h, &release, test_loop_store_result, &wait_res);
  /* Jobs run in order: this one waits behind the busy one. */
  vpop3_history_append_async (h, m, NULL, test_loop_store_result, &append_res);
  g_idle_add (release_from_idle, &release);
  g_assert_true (_vpop3_history_wait_for_testing_finish (
      h, test_loop_wait_result (&wait_res, TIMEOUT_MS), &error));
  g_assert_no_error (error);
  g_assert_cmpint (
      vpop3_history_append_finish (h, test_loop_wait_result (&append_res, TIMEOUT_MS), &error), >,
      0);
  g_assert_no_error (error);
}

static gboolean
set_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Results come back on the caller's thread-default context, here one of
 * another thread's. */
static gpointer
other_thread (gpointer data)
{
  Vpop3History *h = data;
  g_autoptr (GMainContext) context = g_main_context_new ();
  g_autoptr (GAsyncResult) res = NULL;
  g_autoptr (GPtrArray) page = NULL;

  g_autoptr (GSource) timeout = g_timeout_source_new (TIMEOUT_MS);
  gboolean timed_out = FALSE;

  g_main_context_push_thread_default (context);
  g_source_set_callback (timeout, set_flag, &timed_out, NULL);
  g_source_attach (timeout, context);
  vpop3_history_load_page_async (h, HOST, PORT, USER, "rae", 0, 10, NULL, test_loop_store_result,
                                 &res);
  while (res == NULL && !timed_out)
    g_main_context_iteration (context, TRUE);
  g_source_destroy (timeout);
  if (res == NULL)
    {
      g_main_context_pop_thread_default (context);
      return GUINT_TO_POINTER (G_MAXUINT);
    }
  page = vpop3_history_load_page_finish (h, res, NULL);
  g_main_context_pop_thread_default (context);
  return GUINT_TO_POINTER (page ? page->len : G_MAXUINT);
}

static void
test_caller_context (Fixture *f, gconstpointer data)
{
  g_autoptr (Vpop3History) h = open_store (f->path);
  GThread *thread;

  h_append (h, HOST, "rae", 1, VPOP3_HISTORY_INCOMING, "one");
  thread = g_thread_new ("caller", other_thread, h);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_thread_join (thread)), ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD_TEST(name, func)                                                                       \
  g_test_add ("/history/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD_TEST ("persistence", test_persistence);
  ADD_TEST ("paging", test_paging);
  ADD_TEST ("unread", test_unread);
  ADD_TEST ("delivery", test_delivery);
  ADD_TEST ("search", test_search);
  ADD_TEST ("retention", test_retention);
  ADD_TEST ("clear", test_clear);
  ADD_TEST ("permissions", test_permissions);
  ADD_TEST ("garbage", test_garbage);
  ADD_TEST ("not-sqlite", test_not_sqlite);
  ADD_TEST ("truncated", test_truncated);
  ADD_TEST ("corrupt-page", test_corrupt_page);
  ADD_TEST ("migrate-old", test_migrate_old);
  ADD_TEST ("unmigratable", test_unmigratable);
  ADD_TEST ("wrong-layout", test_wrong_layout);
  ADD_TEST ("newer-version", test_newer_version);
  ADD_TEST ("read-only-dir", test_read_only_dir);
  ADD_TEST ("disk-full", test_disk_full);
  ADD_TEST ("hostile", test_hostile);
  ADD_TEST ("sigkill", test_sigkill);
  ADD_TEST ("main-loop-free", test_main_loop_free);
  ADD_TEST ("caller-context", test_caller_context);
  return g_test_run ();
}
