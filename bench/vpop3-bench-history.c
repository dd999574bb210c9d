/* vpop3-bench-history.c: the message history store (issue 14) with 10,000
 * messages in one conversation, in a temporary directory:
 *   - appending them one after another, each awaited (one transaction and
 *     one fsync each, synchronous=FULL): total and per-message latency;
 *   - opening the store again and loading the newest page of 50;
 *   - paging back through all of them, 50 at a time.
 * Times are from the call to its callback on the main loop. Prints figures,
 * asserts nothing. Developer tool, not shipped: output is not translated.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>

#include "vpop3-history.h"

#define MESSAGES 10000
#define PAGE     50

static GAsyncResult *result;

static void
on_done (GObject *source, GAsyncResult *res, gpointer user_data)
{
  result = g_object_ref (res);
}

/* Runs the main loop until the callback; returns it (owned). */
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

static int
compare (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static void
print_stats (const char *what, GArray *ms)
{
  double total = 0;

  g_array_sort (ms, compare);
  for (guint i = 0; i < ms->len; i++)
    total += g_array_index (ms, double, i);
  printf ("%s: %u calls, total %.0f ms, mean %.2f ms, p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
          what, ms->len, total, total / ms->len, g_array_index (ms, double, ms->len / 2),
          g_array_index (ms, double, ms->len * 99 / 100), g_array_index (ms, double, ms->len - 1));
}

static void
open_store (Vpop3History *h)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GAsyncResult) r = NULL;

  vpop3_history_open_async (h, NULL, on_done, NULL);
  r = await ();
  if (!vpop3_history_open_finish (h, r, NULL, &error))
    {
      fprintf (stderr, "open: %s\n", error->message);
      exit (1);
    }
}

static GPtrArray *
load_page (Vpop3History *h, gint64 before)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GAsyncResult) r = NULL;
  GPtrArray *page;

  vpop3_history_load_page_async (h, "mail.example.org", 5109, "me", "Alice", before, PAGE, NULL,
                                 on_done, NULL);
  r = await ();
  page = vpop3_history_load_page_finish (h, r, &error);
  if (page == NULL)
    {
      fprintf (stderr, "load: %s\n", error->message);
      exit (1);
    }
  return page;
}

int
main (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vpop3-bench-history-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr (Vpop3History) h = NULL;
  g_autoptr (GArray) appends = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) pages = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GPtrArray) first = NULL;
  gint64 start, before;
  guint seen;

  if (dir == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  path = g_build_filename (dir, "history.sqlite", NULL);
  printf ("store: %s\n", path);

  h = vpop3_history_new (path);
  open_store (h);
  for (guint i = 0; i < MESSAGES; i++)
    {
      g_autofree char *text = g_strdup_printf ("Message %u: the quick brown fox jumps over the "
                                               "lazy dog, and then some more words.",
                                               i);
      g_autoptr (Vpop3HistoryMessage) m =
          vpop3_history_message_new ("mail.example.org", 5109, "me", "Alice", g_get_real_time (),
                                     i % 3 ? VPOP3_HISTORY_INCOMING : VPOP3_HISTORY_OUTGOING,
                                     i % 3 ? "Alice" : "me", text, -1);
      g_autoptr (GAsyncResult) r = NULL;
      double ms;

      start = g_get_monotonic_time ();
      vpop3_history_append_async (h, m, NULL, on_done, NULL);
      r = await ();
      ms = (g_get_monotonic_time () - start) / 1000.0;
      if (vpop3_history_append_finish (h, r, &error) <= 0)
        {
          fprintf (stderr, "append: %s\n", error->message);
          return 1;
        }
      g_array_append_val (appends, ms);
    }
  print_stats ("append (each awaited, on disk)", appends);
  {
    g_autoptr (GAsyncResult) r = NULL;
    vpop3_history_close_async (h, NULL, on_done, NULL);
    r = await ();
  }
  g_clear_object (&h);

  /* What the window does when it opens: open the store, newest page. */
  start = g_get_monotonic_time ();
  h = vpop3_history_new (path);
  open_store (h);
  printf ("open %u-message store: %.2f ms\n", MESSAGES, (g_get_monotonic_time () - start) / 1000.0);
  start = g_get_monotonic_time ();
  first = load_page (h, 0);
  printf ("newest page of %d: %.2f ms\n", PAGE, (g_get_monotonic_time () - start) / 1000.0);

  /* Scrolling up to the first message. */
  seen = first->len;
  before = ((Vpop3HistoryMessage *) first->pdata[0])->id;
  for (;;)
    {
      g_autoptr (GPtrArray) page = NULL;
      double ms;

      start = g_get_monotonic_time ();
      page = load_page (h, before);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      if (page->len == 0)
        break;
      g_array_append_val (pages, ms);
      seen += page->len;
      before = ((Vpop3HistoryMessage *) page->pdata[0])->id;
    }
  print_stats ("older page of 50", pages);
  printf ("messages paged through: %u\n", seen);
  {
    g_autoptr (GAsyncResult) r = NULL;
    vpop3_history_close_async (h, NULL, on_done, NULL);
    r = await ();
  }
  g_clear_object (&h);

  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);
    g_remove (wal);
    g_remove (shm);
    g_remove (path);
    g_rmdir (dir);
  }
  return seen == MESSAGES ? 0 : 1;
}
