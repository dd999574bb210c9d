/* main.c: vpop3-monitor, the VPOP3 status monitor for the panel.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "vpop3-application.h"

int
main (int argc, char *argv[])
{
  g_autoptr (Vpop3Application) application = NULL;
  const char *localedir = g_getenv ("VPOP3_LOCALEDIR");

  setlocale (LC_ALL, "");
  /* VPOP3_LOCALEDIR lets an uninstalled build (meson devenv, the tests, the
   * screenshots) use the catalogues it compiled in BUILDDIR/po, as
   * VPOP3_ICON_THEME_PATH does for its icons. */
  if (localedir == NULL || *localedir == '\0')
    localedir = LOCALEDIR;
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_application_name (_ ("VPOP3 Status Monitor"));

  application = vpop3_application_new ();
  return g_application_run (G_APPLICATION (application), argc, argv);
}
