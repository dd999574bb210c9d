/* vpop3-bench-messages-window.c: the Instant Messaging window on a history of
 * 10,000 messages in one conversation (issue 14: "the window opens in well
 * under a second and scrolls without stalls").
 *
 *   1. Fills a store in a temporary directory through Vpop3History, in one go
 *      (every append queued at once, with synchronous=OFF for the fill only:
 *      the store is closed and opened again before anything is measured).
 *   2. Opens it as the applet does: a Vpop3HistoryKeeper, and a
 *      Vpop3ServerList with one server for this run whose host, port and
 *      user are the store's; waits until the conversation is listed.
 *   3. Measures, on an X display (run it under xvfb-run):
 *      - open: from vpop3_messages_window_new + gtk_widget_show (the window
 *        selects the conversation itself, its only one) to the first frame
 *        painted with the newest page's rows mapped;
 *      - each of 20 older pages (or as many as the first argument says, up
 *        to 199: all of them): from setting the message list's vertical
 *        adjustment to its top (the scrolled window emits "edge-reached",
 *        which loads the page before) to the first frame painted with the
 *        new rows mapped and the view put back where it was;
 *      - the longest main-loop stall during each (a 1 ms timeout measures
 *        the gaps), and the resident memory (VmRSS, VmHWM).
 *   "Painted" is the frame clock's "after-paint" of the window: rows mapped
 *   at that point were laid out and drawn in that frame.
 * Prints figures; asserts nothing about time. Developer tool, not shipped:
 * output is not translated.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vpop3-conversation.h"
#include "vpop3-conversations.h"
#include "vpop3-history-keeper.h"
#include "vpop3-history-private.h"
#include "vpop3-history.h"
#include "vpop3-messages-window.h"
#include "vpop3-resources.h"
#include "vpop3-server-list.h"

#define MESSAGES 10000
#define PAGES    20
#define HOST     "mail.example.org"
#define PORT     5109
#define ACCOUNT  "me"
#define PEER     "Alice"
/* A safety net for a wait that must end, never a measure. */
#define WAIT_S 120

static GAsyncResult *result;

static void
on_done (GObject *source, GAsyncResult *res, gpointer user_data)
{
  result = g_object_ref (res);
}

static GAsyncResult *
await (void)
{
  GAsyncResult *r;

  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  r = result;
  result = NULL;
  return r;
}

static void
fail (const char *what, const GError *error)
{
  fprintf (stderr, "%s: %s\n", what, error != NULL ? error->message : "failed");
  exit (1);
}

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

static long
status_kib (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, field);
  return line != NULL ? strtol (line + strlen (field) + 1, NULL, 10) : -1;
}

/* The store ---------------------------------------------------------------------------- */

static void
on_appended (GObject *source, GAsyncResult *res, gpointer user_data)
{
  guint *pending = user_data;
  g_autoptr (GError) error = NULL;

  if (vpop3_history_append_finish (VPOP3_HISTORY (source), res, &error) <= 0)
    fail ("append", error);
  (*pending)--;
}

static void
fill (const char *path)
{
  g_autoptr (Vpop3History) history = vpop3_history_new (path);
  g_autoptr (GError) error = NULL;
  gint64 now = g_get_real_time ();
  gint64 start;
  guint pending = MESSAGES;

  {
    g_autoptr (GAsyncResult) r = NULL;
    vpop3_history_open_async (history, NULL, on_done, NULL);
    r = await ();
    if (!vpop3_history_open_finish (history, r, NULL, &error))
      fail ("open", error);
  }
  {
    /* One fsync per message would take a quarter of a minute and measure
     * nothing the window does. */
    g_autoptr (GAsyncResult) r = NULL;
    _vpop3_history_exec_for_testing_async (history, "PRAGMA synchronous=OFF", on_done, NULL);
    r = await ();
    if (!_vpop3_history_exec_for_testing_finish (history, r, &error))
      fail ("pragma", error);
  }

  start = g_get_monotonic_time ();
  for (guint i = 0; i < MESSAGES; i++)
    {
      gboolean outgoing = i % 3 == 0;
      /* Of varied lengths, so that bubbles wrap differently. */
      g_autofree char *text = g_strdup_printf (
          "Message %u: %s", i,
          i % 4 == 0   ? "ok"
          : i % 4 == 1 ? "the quick brown fox jumps over the lazy dog"
                       : "the quick brown fox jumps over the lazy dog, and then it runs a long way "
                         "around the field, twice, before it comes back to tell everyone about it");
      g_autoptr (Vpop3HistoryMessage) message = vpop3_history_message_new (
          HOST, PORT, ACCOUNT, PEER, now - (gint64) (MESSAGES - i) * 60 * G_USEC_PER_SEC,
          outgoing ? VPOP3_HISTORY_OUTGOING : VPOP3_HISTORY_INCOMING, outgoing ? ACCOUNT : PEER,
          text, -1);

      /* Queued all at once: the worker runs them in order. */
      vpop3_history_append_async (history, message, NULL, on_appended, &pending);
    }
  while (pending > 0)
    g_main_context_iteration (NULL, TRUE);
  {
    /* Read, as after the user saw them: nothing is written while measuring. */
    g_autoptr (GAsyncResult) r = NULL;
    vpop3_history_mark_read_async (history, HOST, PORT, ACCOUNT, PEER, G_MAXINT64, NULL, on_done,
                                   NULL);
    r = await ();
    if (vpop3_history_mark_read_finish (history, r, &error) < 0)
      fail ("mark read", error);
  }
  {
    g_autoptr (GAsyncResult) r = NULL;
    vpop3_history_close_async (history, NULL, on_done, NULL);
    r = await ();
    if (!vpop3_history_close_finish (history, r, &error))
      fail ("close", error);
  }
  printf ("store: %u messages in one conversation, written in %.0f ms\n", MESSAGES,
          ms_since (start));
}

static void
remove_store (const char *dir, const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_remove (wal);
  g_remove (shm);
  g_remove (path);
  g_rmdir (dir);
}

/* Waiting for frames ------------------------------------------------------------------- */

typedef struct
{
  GtkWidget *window;
  GtkListBox *list;
  GListModel *messages;
  GtkAdjustment *adjustment;
  /* What "drawn" means for the current measure: the conversation holds
   * @want_items, the list's first row is no longer @old_first. */
  guint want_items;
  GtkListBoxRow *old_first;
  gboolean want_away_from_top;
  gboolean drawn;
  /* Main-loop stalls. */
  gint64 last_tick;
  gint64 longest_gap;
} Bench;

static gboolean
rows_mapped (Bench *b)
{
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (b->list, 0);

  /* A list box maps every row it holds, in view or not. */
  return g_list_model_get_n_items (b->messages) >= b->want_items && first != NULL &&
         first != b->old_first && gtk_widget_get_mapped (GTK_WIDGET (first));
}

static void
on_after_paint (GdkFrameClock *clock, Bench *b)
{
  if (b->drawn || !rows_mapped (b))
    return;
  /* The new page is put in front and the view moved down by its height:
   * drawn once the view is no longer at the top. */
  if (b->want_away_from_top &&
      gtk_adjustment_get_value (b->adjustment) <= gtk_adjustment_get_lower (b->adjustment))
    return;
  b->drawn = TRUE;
}

static gboolean
on_tick (gpointer user_data)
{
  Bench *b = user_data;
  gint64 now = g_get_monotonic_time ();

  if (b->last_tick > 0 && now - b->last_tick > b->longest_gap)
    b->longest_gap = now - b->last_tick;
  b->last_tick = now;
  return G_SOURCE_CONTINUE;
}

/* Runs the main loop until the frame is drawn; the time it took, in ms. */
static double
until_drawn (Bench *b, gint64 start, const char *what)
{
  gint64 deadline = start + (gint64) WAIT_S * G_USEC_PER_SEC;

  while (!b->drawn)
    {
      g_main_context_iteration (NULL, TRUE);
      if (g_get_monotonic_time () > deadline)
        {
          fprintf (stderr, "%s: not drawn after %d s (%u messages in the list)\n", what, WAIT_S,
                   g_list_model_get_n_items (b->messages));
          exit (1);
        }
    }
  return ms_since (start);
}

static guint
list_rows (Bench *b)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (b->list, (int) n) != NULL)
    n++;
  return n;
}

static int
compare (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

/* main --------------------------------------------------------------------------------- */

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr (GSettingsBackend) backend = NULL;
  g_autoptr (GSettings) settings = NULL;
  g_autoptr (Vpop3History) history = NULL;
  g_autoptr (Vpop3HistoryKeeper) keeper = NULL;
  g_autoptr (Vpop3ServerList) servers = NULL;
  g_autoptr (Vpop3Server) server = NULL;
  g_autoptr (GSimpleActionGroup) actions = NULL;
  g_autoptr (GSimpleAction) send = NULL;
  g_autoptr (GtkCssProvider) css = NULL;
  g_autoptr (GArray) pages = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) gaps = g_array_new (FALSE, FALSE, sizeof (double));
  const char *const specs[] = { ACCOUNT "@" HOST ":5109", NULL };
  GListModel *conversations;
  Vpop3Conversation *conversation;
  Vpop3MessagesWindow *window;
  Bench b = { 0 };
  gint64 start;
  double open_ms, open_gap_ms;
  guint tick;
  guint n_pages = PAGES;

  /* Runnable straight from the build directory: this build's schema. */
  g_setenv ("GSETTINGS_SCHEMA_DIR", VPOP3_BUILD_SCHEMA_DIR, FALSE);
  g_setenv ("NO_AT_BRIDGE", "1", FALSE);
  if (argc > 1)
    n_pages = (guint) CLAMP (g_ascii_strtoull (argv[1], NULL, 10), 1,
                             MESSAGES / VPOP3_CONVERSATION_PAGE - 1);
  if (!gtk_init_check (&argc, &argv))
    {
      fprintf (stderr, "No display: run it under xvfb-run.\n");
      return 1;
    }
  /* Links the resource object (whose constructor registers the templates). */
  g_assert_nonnull (vpop3_get_resource ());
  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, "/io/github/vpop3monitor/Vpop3Monitor/style.css");
  gtk_style_context_add_provider_for_screen (gdk_screen_get_default (), GTK_STYLE_PROVIDER (css),
                                             GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  dir = g_dir_make_tmp ("vpop3-bench-window-XXXXXX", &error);
  if (dir == NULL)
    fail ("temporary directory", error);
  path = g_build_filename (dir, "history.sqlite", NULL);
  fill (path);

  /* As the applet starts: the keeper opens the store, the server lists its
   * conversations. */
  start = g_get_monotonic_time ();
  backend = g_memory_settings_backend_new ();
  settings = g_settings_new_with_backend (APP_ID, backend);
  history = vpop3_history_new (path);
  keeper = vpop3_history_keeper_new (settings, history);
  servers =
      g_object_new (VPOP3_TYPE_SERVER_LIST, "settings", settings, "history-keeper", keeper, NULL);
  if (!vpop3_server_list_use_for_this_run (servers, specs, &error))
    fail ("server", error);
  server = g_list_model_get_item (G_LIST_MODEL (servers), 0);
  conversations = vpop3_conversations_get_model (vpop3_server_get_conversations (server));
  while (g_list_model_get_n_items (conversations) == 0)
    {
      g_main_context_iteration (NULL, TRUE);
      if (ms_since (start) > WAIT_S * 1000.0)
        {
          fprintf (stderr, "The conversation was not listed (%s)\n",
                   vpop3_history_keeper_get_problem (keeper));
          return 1;
        }
    }
  printf ("store opened and conversation listed: %.1f ms\n", ms_since (start));
  conversation = g_list_model_get_item (conversations, 0);
  g_object_unref (conversation); /* the list holds it */

  actions = g_simple_action_group_new ();
  send = g_simple_action_new ("send-message", G_VARIANT_TYPE ("(ss)"));
  g_action_map_add_action (G_ACTION_MAP (actions), G_ACTION (send));

  b.messages = vpop3_conversation_get_messages (conversation);
  b.want_items = VPOP3_CONVERSATION_PAGE;
  tick = g_timeout_add_full (G_PRIORITY_HIGH, 1, on_tick, &b, NULL);

  /* 1. Open. */
  start = g_get_monotonic_time ();
  b.last_tick = start;
  window = vpop3_messages_window_new (server, G_ACTION_GROUP (actions));
  b.window = GTK_WIDGET (window);
  b.list = GTK_LIST_BOX (
      gtk_widget_get_template_child (b.window, VPOP3_TYPE_MESSAGES_WINDOW, "message_list"));
  b.adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (
      gtk_widget_get_template_child (b.window, VPOP3_TYPE_MESSAGES_WINDOW, "message_scrolled")));
  gtk_widget_realize (b.window);
  g_signal_connect (gtk_widget_get_frame_clock (b.window), "after-paint",
                    G_CALLBACK (on_after_paint), &b);
  gtk_widget_show (b.window);
  /* It selects its only conversation itself: selecting it again is what a
   * click would do, and a no-op here. */
  vpop3_messages_window_select_user (window, PEER);
  open_ms = until_drawn (&b, start, "open");
  open_gap_ms = b.longest_gap / 1000.0;
  printf ("open to first page drawn (%u rows): %.1f ms; longest main-loop stall meanwhile "
          "%.1f ms\n",
          list_rows (&b), open_ms, open_gap_ms);
  printf ("resident memory after opening: %ld KiB\n", status_kib ("VmRSS:"));

  /* 2. Older pages, scrolling to the top. */
  for (guint i = 0; i < n_pages; i++)
    {
      double ms;

      b.drawn = FALSE;
      /* A page from memory or from the store, whichever the window has. */
      b.want_items = 0;
      g_set_object (&b.old_first, gtk_list_box_get_row_at_index (b.list, 0));
      b.want_away_from_top = TRUE;
      b.longest_gap = 0;
      start = g_get_monotonic_time ();
      b.last_tick = start;
      gtk_adjustment_set_value (b.adjustment, gtk_adjustment_get_lower (b.adjustment));
      ms = until_drawn (&b, start, "older page");
      g_array_append_val (pages, ms);
      /* In order too: whether a page costs more as the list grows. */
      printf ("%s%.0f", i == 0 ? "older pages in order (ms):" : " ", ms);
      ms = b.longest_gap / 1000.0;
      g_array_append_val (gaps, ms);
    }
  g_source_remove (tick);
  printf ("\n");
  g_array_sort (pages, compare);
  g_array_sort (gaps, compare);
  printf ("older page of %d drawn, %u pages: min %.1f ms, median %.1f ms, max %.1f ms\n",
          VPOP3_CONVERSATION_PAGE, pages->len, g_array_index (pages, double, 0),
          g_array_index (pages, double, pages->len / 2),
          g_array_index (pages, double, pages->len - 1));
  printf ("longest main-loop stall per page: min %.1f ms, median %.1f ms, max %.1f ms\n",
          g_array_index (gaps, double, 0), g_array_index (gaps, double, gaps->len / 2),
          g_array_index (gaps, double, gaps->len - 1));
  printf ("messages loaded: %u; rows in the list: %u; resident memory: %ld KiB (peak %ld KiB)\n",
          g_list_model_get_n_items (b.messages), list_rows (&b), status_kib ("VmRSS:"),
          status_kib ("VmHWM:"));
  g_clear_object (&b.old_first);

  gtk_widget_destroy (b.window);
  g_clear_object (&server);
  g_clear_object (&servers);
  {
    g_autoptr (GAsyncResult) r = NULL;
    vpop3_history_keeper_close_async (keeper, NULL, on_done, NULL);
    r = await ();
  }
  g_clear_object (&keeper);
  g_clear_object (&history);
  remove_store (dir, path);
  return 0;
}
