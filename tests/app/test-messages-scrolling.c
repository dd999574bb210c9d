/* test-messages-scrolling.c: Instant Messaging on a long conversation
 * (issue 14). The list holds a slice of at most four pages of it: scrolling
 * up shows the pages before, from memory or from the history, and scrolling
 * down the pages after; what the user reads stays where it is on screen
 * while rows come and go above it; a message arriving while older ones are
 * read waits below; sending one goes back to the newest; hostile text
 * (markup, escapes, 64 KiB) is shown as it is.
 *
 * A real Vpop3History in a scratch folder with 1,000 messages, a
 * Vpop3HistoryKeeper and a server for this run; no application, no tray, no
 * bus name: it runs in parallel with anything. Waits end on what the window
 * shows, with WAIT_MS as a safety net.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gtk/gtk.h>
#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "vpop3-conversation.h"
#include "vpop3-conversations.h"
#include "vpop3-history-keeper.h"
#include "vpop3-history-private.h"
#include "vpop3-history.h"
#include "vpop3-messages-window.h"
#include "vpop3-resources.h"
#include "vpop3-server-list.h"
#include "test-loop.h"

#define APP_ID_SCHEMA "io.github.vpop3monitor.Vpop3Monitor"
#define MESSAGES      1000
#define HOST          "mail.example.org"
#define ACCOUNT       "me"
#define PEER          "Alice"
#define SHOWN         (4 * VPOP3_CONVERSATION_PAGE)
/* A safety net against hanging, never a measure of speed. */
#define WAIT_MS 60000

typedef struct
{
  char *dir;
  char *path;
  GSettingsBackend *backend;
  GSettings *settings;
  Vpop3History *history;
  Vpop3HistoryKeeper *keeper;
  Vpop3ServerList *servers;
  Vpop3Server *server;
  GSimpleActionGroup *actions;
  Vpop3Conversation *conversation;
  GtkWidget *window;
  GtkListBox *list;
  GtkAdjustment *adjustment;
} Fixture;

typedef struct
{
  gboolean (*done) (Fixture *f, gconstpointer data);
  Fixture *f;
  gconstpointer data;
} Until;

static gboolean
until_done (gpointer user_data)
{
  Until *until = user_data;

  return until->done (until->f, until->data);
}

/* Runs the main loop until @done says so; FALSE after WAIT_MS. */
static gboolean
wait_until (gboolean (*done) (Fixture *f, gconstpointer data), Fixture *f, gconstpointer data)
{
  Until until = { done, f, data };

  return test_loop_wait (until_done, &until, WAIT_MS);
}

static void
on_after_paint (GdkFrameClock *clock, gboolean *painted)
{
  *painted = TRUE;
}

static gboolean
painted (Fixture *f, gconstpointer data)
{
  return *(const gboolean *) data;
}

/* Lets the window lay out and draw what changed: two frames, in case the
 * first one's layout asks for another. */
static void
settle (Fixture *f)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (f->window);

  for (int frame = 0; frame < 2; frame++)
    {
      gboolean done = FALSE;
      gulong id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &done);

      gtk_widget_queue_draw (f->window);
      g_assert_true (wait_until (painted, f, &done));
      g_signal_handler_disconnect (clock, id);
    }
}

/* The list's rows ------------------------------------------------------------------------ */

static const char *
row_text (GtkListBoxRow *row)
{
  GtkWidget *box = gtk_bin_get_child (GTK_BIN (row));
  g_autoptr (GList) children = gtk_container_get_children (GTK_CONTAINER (box));

  return gtk_label_get_text (GTK_LABEL (g_list_nth_data (children, 1)));
}

static guint
n_rows (Fixture *f)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (f->list, (int) n) != NULL)
    n++;
  return n;
}

static const char *
first_text (Fixture *f)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (f->list, 0);

  return row != NULL ? row_text (row) : "";
}

static const char *
last_text (Fixture *f)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (f->list, (int) n_rows (f) - 1);

  return row != NULL ? row_text (row) : "";
}

static GtkListBoxRow *
row_with_text (Fixture *f, const char *text)
{
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (f->list, i)) != NULL; i++)
    if (g_strcmp0 (row_text (row), text) == 0)
      return row;
  return NULL;
}

static gboolean
first_is (Fixture *f, gconstpointer text)
{
  return g_strcmp0 (first_text (f), text) == 0;
}

static gboolean
last_is (Fixture *f, gconstpointer text)
{
  return g_strcmp0 (last_text (f), text) == 0;
}

static gboolean
conversation_holds (Fixture *f, gconstpointer n)
{
  return g_list_model_get_n_items (vpop3_conversation_get_messages (f->conversation)) ==
         GPOINTER_TO_UINT (n);
}

static double
value (Fixture *f)
{
  return gtk_adjustment_get_value (f->adjustment);
}

static gboolean
at_bottom (Fixture *f)
{
  return value (f) + gtk_adjustment_get_page_size (f->adjustment) >=
         gtk_adjustment_get_upper (f->adjustment) - 1.0;
}

static double
row_y (GtkListBoxRow *row)
{
  GtkAllocation allocation;

  gtk_widget_get_allocation (GTK_WIDGET (row), &allocation);
  return allocation.y;
}

/* What the user reads with the view at @at: the row at the top of the
 * view, and how far into it. */
typedef struct
{
  char *text;
  double offset;
} Reading;

static Reading
reading_at (Fixture *f, double at)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_y (f->list, (int) at);
  Reading r = { g_strdup (row != NULL ? row_text (row) : ""), 0 };

  if (row != NULL)
    r.offset = at - row_y (row);
  return r;
}

static Reading
reading (Fixture *f)
{
  return reading_at (f, value (f));
}

/* The row read before is still in the list, as far from the top of the view. */
static void
assert_still_reading (Fixture *f, Reading *before)
{
  GtkListBoxRow *row = row_with_text (f, before->text);

  g_assert_nonnull (row);
  g_test_message ("reading “%s”: %.0f px into it before, %.0f px now", before->text, before->offset,
                  value (f) - row_y (row));
  g_assert_cmpfloat (fabs (value (f) - row_y (row) - before->offset), <=, 1.0);
  g_free (before->text);
}

/* Each returns what the user reads once there (before the window reacts). */
static Reading
scroll_to_top (Fixture *f)
{
  Reading there = reading_at (f, gtk_adjustment_get_lower (f->adjustment));

  gtk_adjustment_set_value (f->adjustment, gtk_adjustment_get_lower (f->adjustment));
  return there;
}

static Reading
scroll_to_bottom (Fixture *f)
{
  double bottom =
      gtk_adjustment_get_upper (f->adjustment) - gtk_adjustment_get_page_size (f->adjustment);
  Reading there = reading_at (f, bottom);

  gtk_adjustment_set_value (f->adjustment, bottom);
  return there;
}

/* The fixture ---------------------------------------------------------------------------- */

static void
on_send_message (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  Fixture *f = user_data;
  const char *to, *text;

  g_variant_get (parameter, "(&s&s)", &to, &text);
  vpop3_conversations_add_outgoing (vpop3_server_get_conversations (f->server), to, text);
}

static void
on_appended (GObject *source, GAsyncResult *res, gpointer user_data)
{
  guint *pending = user_data;
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (vpop3_history_append_finish (VPOP3_HISTORY (source), res, &error), >, 0);
  (*pending)--;
}

static gboolean
none_pending (gpointer pending)
{
  return *(guint *) pending == 0;
}

static void
fill_store (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  gint64 now = g_get_real_time ();
  guint pending = MESSAGES;

  {
    g_autoptr (GAsyncResult) r = NULL;
    vpop3_history_open_async (f->history, NULL, test_loop_store_result, &r);
    g_assert_true (
        vpop3_history_open_finish (f->history, test_loop_wait_result (&r, WAIT_MS), NULL, &error));
  }
  {
    /* A thousand fsyncs test nothing here; the store is closed and opened
     * again before the window reads it. */
    g_autoptr (GAsyncResult) r = NULL;
    _vpop3_history_exec_for_testing_async (f->history, "PRAGMA synchronous=OFF",
                                           test_loop_store_result, &r);
    g_assert_true (_vpop3_history_exec_for_testing_finish (
        f->history, test_loop_wait_result (&r, WAIT_MS), &error));
  }
  /* Queued all at once: the store's worker writes them in order. */
  for (guint i = 0; i < MESSAGES; i++)
    {
      g_autofree char *text = g_strdup_printf ("Message %u", i);
      g_autoptr (Vpop3HistoryMessage) message = vpop3_history_message_new (
          HOST, 5109, ACCOUNT, PEER, now - (gint64) (MESSAGES - i) * 60 * G_USEC_PER_SEC,
          i % 3 == 0 ? VPOP3_HISTORY_OUTGOING : VPOP3_HISTORY_INCOMING, i % 3 == 0 ? ACCOUNT : PEER,
          text, -1);

      vpop3_history_append_async (f->history, message, NULL, on_appended, &pending);
    }
  g_assert_true (test_loop_wait (none_pending, &pending, WAIT_MS));
  {
    g_autoptr (GAsyncResult) r = NULL;
    vpop3_history_mark_read_async (f->history, HOST, 5109, ACCOUNT, PEER, G_MAXINT64, NULL,
                                   test_loop_store_result, &r);
    g_assert_cmpint (
        vpop3_history_mark_read_finish (f->history, test_loop_wait_result (&r, WAIT_MS), &error),
        >=, 0);
  }
  {
    g_autoptr (GAsyncResult) r = NULL;
    vpop3_history_close_async (f->history, NULL, test_loop_store_result, &r);
    g_assert_true (
        vpop3_history_close_finish (f->history, test_loop_wait_result (&r, WAIT_MS), &error));
  }
}

static gboolean
conversation_listed (Fixture *f, gconstpointer data)
{
  return g_list_model_get_n_items (
             vpop3_conversations_get_model (vpop3_server_get_conversations (f->server))) > 0;
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSimpleAction) send = g_simple_action_new ("send-message", G_VARIANT_TYPE ("(ss)"));
  const char *const specs[] = { ACCOUNT "@" HOST ":5109", NULL };

  f->dir = g_dir_make_tmp ("vpop3-scrolling-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "history.sqlite", NULL);
  f->history = vpop3_history_new (f->path);
  fill_store (f);
  g_clear_object (&f->history);

  f->backend = g_memory_settings_backend_new ();
  f->settings = g_settings_new_with_backend (APP_ID_SCHEMA, f->backend);
  f->history = vpop3_history_new (f->path);
  f->keeper = vpop3_history_keeper_new (f->settings, f->history);
  f->servers = g_object_new (VPOP3_TYPE_SERVER_LIST, "settings", f->settings, "history-keeper",
                             f->keeper, NULL);
  g_assert_true (vpop3_server_list_use_for_this_run (f->servers, specs, &error));
  g_assert_no_error (error);
  f->server = g_list_model_get_item (G_LIST_MODEL (f->servers), 0);
  g_assert_true (wait_until (conversation_listed, f, NULL));
  f->conversation = g_list_model_get_item (
      vpop3_conversations_get_model (vpop3_server_get_conversations (f->server)), 0);

  f->actions = g_simple_action_group_new ();
  g_signal_connect (send, "activate", G_CALLBACK (on_send_message), f);
  g_action_map_add_action (G_ACTION_MAP (f->actions), G_ACTION (send));
  f->window = GTK_WIDGET (vpop3_messages_window_new (f->server, G_ACTION_GROUP (f->actions)));
  f->list = GTK_LIST_BOX (
      gtk_widget_get_template_child (f->window, VPOP3_TYPE_MESSAGES_WINDOW, "message_list"));
  f->adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (
      gtk_widget_get_template_child (f->window, VPOP3_TYPE_MESSAGES_WINDOW, "message_scrolled")));
  gtk_widget_show (f->window);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (f->path, "-shm", NULL);

  g_clear_pointer (&f->window, gtk_widget_destroy);
  g_clear_object (&f->conversation);
  g_clear_object (&f->server);
  g_clear_object (&f->servers);
  {
    g_autoptr (GAsyncResult) r = NULL;
    vpop3_history_keeper_close_async (f->keeper, NULL, test_loop_store_result, &r);
    g_assert_true (
        vpop3_history_keeper_close_finish (f->keeper, test_loop_wait_result (&r, WAIT_MS), NULL));
  }
  g_clear_object (&f->keeper);
  g_clear_object (&f->history);
  g_clear_object (&f->settings);
  g_clear_object (&f->backend);
  g_clear_object (&f->actions);
  g_remove (wal);
  g_remove (shm);
  g_remove (f->path);
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

/* The test ------------------------------------------------------------------------------- */

static void
test_scrolling (Fixture *f, gconstpointer data)
{
  Reading before;

  /* Opened: the newest page, at the bottom. */
  g_assert_true (wait_until (first_is, f, "Message 950"));
  settle (f);
  g_assert_cmpuint (n_rows (f), ==, VPOP3_CONVERSATION_PAGE);
  g_assert_cmpstr (last_text (f), ==, "Message 999");
  g_assert_true (at_bottom (f));

  /* Up to the top, three times: the pages before come from the history,
   * in front, and what was at the top of the view stays there. */
  for (guint page = 1; page <= 3; page++)
    {
      g_autofree char *first = g_strdup_printf ("Message %u", 950 - page * 50);

      before = scroll_to_top (f);
      g_assert_true (wait_until (first_is, f, first));
      settle (f);
      g_assert_cmpuint (n_rows (f), ==, (page + 1) * VPOP3_CONVERSATION_PAGE);
      assert_still_reading (f, &before);
    }
  g_assert_cmpuint (n_rows (f), ==, SHOWN);
  g_assert_cmpstr (last_text (f), ==, "Message 999");

  /* Once more: the slice is full; the newest page leaves it at the bottom. */
  before = scroll_to_top (f);
  g_assert_true (wait_until (first_is, f, "Message 750"));
  settle (f);
  g_assert_cmpuint (n_rows (f), ==, SHOWN);
  g_assert_cmpstr (last_text (f), ==, "Message 949");
  assert_still_reading (f, &before);
  g_assert_true (conversation_holds (f, GUINT_TO_POINTER (250)));

  /* A message arrives while older ones are read: it waits below. */
  before = reading (f);
  vpop3_conversations_add_incoming (vpop3_server_get_conversations (f->server), NULL, PEER,
                                    "A new one");
  g_assert_true (wait_until (conversation_holds, f, GUINT_TO_POINTER (251)));
  settle (f);
  g_assert_cmpuint (n_rows (f), ==, SHOWN);
  g_assert_cmpstr (first_text (f), ==, "Message 750");
  g_assert_cmpstr (last_text (f), ==, "Message 949");
  assert_still_reading (f, &before);

  /* Down to the bottom: the page after, below; the view stays, not pulled
   * down to the newest. */
  before = scroll_to_bottom (f);
  g_assert_true (wait_until (last_is, f, "Message 999"));
  settle (f);
  g_assert_cmpuint (n_rows (f), ==, SHOWN);
  g_assert_cmpstr (first_text (f), ==, "Message 800");
  assert_still_reading (f, &before);
  g_assert_false (at_bottom (f));

  /* Sending goes back to the newest: the message that arrived, and the one sent. */
  {
    GtkWidget *entry = GTK_WIDGET (
        gtk_widget_get_template_child (f->window, VPOP3_TYPE_MESSAGES_WINDOW, "message_entry"));

    gtk_entry_set_text (GTK_ENTRY (entry), "Hello");
    gtk_widget_activate (entry);
  }
  g_assert_true (wait_until (last_is, f, "Hello"));
  settle (f);
  g_assert_cmpuint (n_rows (f), ==, SHOWN);
  g_assert_cmpstr (row_text (gtk_list_box_get_row_at_index (f->list, SHOWN - 2)), ==, "A new one");
  g_assert_true (at_bottom (f));
}

/* Every page read back, then the window closed: memory keeps the newest
 * 1,000, the history the rest. */
static void
test_forgets (Fixture *f, gconstpointer data)
{
  g_autoptr (Vpop3InstantMessage) oldest = NULL;
  GListModel *messages = vpop3_conversation_get_messages (f->conversation);

  g_assert_true (wait_until (first_is, f, "Message 950"));
  vpop3_conversations_add_incoming (vpop3_server_get_conversations (f->server), NULL, PEER,
                                    "A new one");
  g_assert_true (wait_until (conversation_holds, f, GUINT_TO_POINTER (51)));
  for (int first = 900; first >= 0; first -= VPOP3_CONVERSATION_PAGE)
    {
      g_autofree char *text = g_strdup_printf ("Message %d", first);
      Reading there;

      settle (f);
      there = scroll_to_top (f);
      g_free (there.text);
      g_assert_true (wait_until (first_is, f, text));
    }
  g_assert_cmpuint (g_list_model_get_n_items (messages), ==, MESSAGES + 1);

  gtk_widget_destroy (f->window);
  f->window = NULL;
  g_assert_cmpuint (g_list_model_get_n_items (messages), ==, VPOP3_CONVERSATION_MAX_MESSAGES);
  oldest = g_list_model_get_item (messages, 0);
  g_assert_cmpstr (vpop3_instant_message_get_text (oldest), ==, "Message 1");
  g_assert_true (vpop3_conversation_get_has_older (f->conversation));
}

/* Hostile text is shown as it is: markup and escapes as characters, and a
 * 64 KiB message whole. */
static void
test_hostile_text (Fixture *f, gconstpointer data)
{
  g_autoptr (GString) text = g_string_new ("<b>not bold</b> &amp; \x1b[31mnot red\x1b[0m ");
  GtkListBoxRow *row;
  GtkWidget *box;
  g_autoptr (GList) children = NULL;

  while (text->len < 64 * 1024)
    g_string_append (text, "zzzzzzz ");
  g_string_truncate (text, 64 * 1024);
  g_assert_true (wait_until (first_is, f, "Message 950"));
  vpop3_conversations_add_incoming (vpop3_server_get_conversations (f->server), NULL, PEER,
                                    text->str);
  g_assert_true (wait_until (last_is, f, text->str));
  settle (f);
  row = gtk_list_box_get_row_at_index (f->list, (int) n_rows (f) - 1);
  box = gtk_bin_get_child (GTK_BIN (row));
  children = gtk_container_get_children (GTK_CONTAINER (box));
  g_assert_false (gtk_label_get_use_markup (g_list_nth_data (children, 1)));
  g_assert_cmpuint (strlen (gtk_label_get_text (g_list_nth_data (children, 1))), ==, 64 * 1024);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (row)));
  g_assert_true (at_bottom (f));
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  /* Links the resource object (whose constructor registers the templates). */
  g_assert_nonnull (vpop3_get_resource ());

  g_test_add ("/messages-window/scrolling", Fixture, NULL, fixture_set_up, test_scrolling,
              fixture_tear_down);
  g_test_add ("/messages-window/forgets", Fixture, NULL, fixture_set_up, test_forgets,
              fixture_tear_down);
  g_test_add ("/messages-window/hostile-text", Fixture, NULL, fixture_set_up, test_hostile_text,
              fixture_tear_down);
  return g_test_run ();
}
