/* test-history-writer.c: for test-history's SIGKILL case. Opens the store
 * given as argv[1], appends one incoming message, prints "written ID" once
 * append_finish reported it stored, then idles until it is killed.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "vpop3-history.h"

#include <stdio.h>

static void
on_appended (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  gint64 id = vpop3_history_append_finish (VPOP3_HISTORY (source), result, &error);

  if (id <= 0)
    {
      g_printerr ("append failed: %s\n", error->message);
      exit (1);
    }
  printf ("written %" G_GINT64_FORMAT "\n", id);
  fflush (stdout);
}

static void
on_opened (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (Vpop3HistoryMessage) m = NULL;

  if (!vpop3_history_open_finish (VPOP3_HISTORY (source), result, NULL, &error))
    {
      g_printerr ("open failed: %s\n", error->message);
      exit (1);
    }
  m = vpop3_history_message_new ("mail.example.org", 5109, "me", "Killer", g_get_real_time (),
                                 VPOP3_HISTORY_INCOMING, "Killer", "survives SIGKILL", -1);
  vpop3_history_append_async (VPOP3_HISTORY (source), m, NULL, on_appended, NULL);
}

int
main (int argc, char **argv)
{
  g_autoptr (Vpop3History) history = NULL;
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);

  if (argc != 2)
    return 2;
  history = vpop3_history_new (argv[1]);
  vpop3_history_open_async (history, NULL, on_opened, NULL);
  g_main_loop_run (loop); /* until SIGKILL */
  return 0;
}
