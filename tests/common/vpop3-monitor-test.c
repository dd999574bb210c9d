/* vpop3-monitor-test.c: the applet as the tests run it when they need its
 * reconnect delays short (or long): the real application, given the back-off
 * at construction instead of through a knob the installed program would
 * read.
 *
 *   vpop3-monitor-test [VPOP3-MONITOR-OPTION…] --backoff=INITIAL:MAX [VPOP3-MONITOR-OPTION…]
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "vpop3-application.h"

int
main (int argc, char *argv[])
{
  g_autoptr (Vpop3Application) application = NULL;
  g_auto (GStrv) parts = NULL;
  const char *backoff = NULL;
  guint64 initial = 0, max = 0;
  int kept = 1;

  setlocale (LC_ALL, "");
  /* --backoff is ours; every other argument is the applet's. */
  for (int i = 1; i < argc; i++)
    {
      if (g_str_has_prefix (argv[i], "--backoff="))
        backoff = argv[i] + strlen ("--backoff=");
      else
        argv[kept++] = argv[i];
    }
  argv[kept] = NULL;
  if (backoff != NULL)
    parts = g_strsplit (backoff, ":", 2);
  if (parts == NULL || g_strv_length (parts) != 2 ||
      !g_ascii_string_to_unsigned (parts[0], 10, 1, G_MAXUINT32, &initial, NULL) ||
      !g_ascii_string_to_unsigned (parts[1], 10, initial, G_MAXUINT32, &max, NULL))
    {
      g_printerr ("usage: %s --backoff=INITIAL:MAX (milliseconds) [VPOP3-MONITOR-OPTION…]\n",
                  argv[0]);
      return 2;
    }
  application = g_object_new (VPOP3_TYPE_APPLICATION, "application-id", APP_ID, "flags",
                              G_APPLICATION_HANDLES_COMMAND_LINE, "backoff-initial-ms",
                              (guint) initial, "backoff-max-ms", (guint) max, NULL);
  return g_application_run (G_APPLICATION (application), kept, argv);
}
