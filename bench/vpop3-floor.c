/* vpop3-floor.c: the floor the applet is measured against — a GtkApplication
 * with one AppIndicator showing our idle postbox and a small menu, nothing
 * else. Whatever it costs in memory, wake-ups and start-up time is the price
 * of GTK 3 and libayatana-appindicator alone.
 * Developer tool, not shipped: its labels are not translated.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gtk/gtk.h>
#include <libayatana-appindicator/app-indicator.h>

#define FLOOR_ID "io.github.vpop3monitor.Vpop3MonitorFloor"

static AppIndicator *indicator;

static void
on_quit (GtkMenuItem *item, gpointer user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static GtkWidget *
add_item (GtkWidget *menu, const char *label)
{
  GtkWidget *item = gtk_menu_item_new_with_mnemonic (label);

  gtk_menu_shell_append (GTK_MENU_SHELL (menu), item);
  return item;
}

static void
on_startup (GApplication *application, gpointer user_data)
{
  const char *icon_path = g_getenv ("VPOP3_ICON_THEME_PATH");
  GtkWidget *menu = gtk_menu_new ();
  GtkWidget *quit;

  /* As many entries as the applet's menu shows when connected, roughly. */
  add_item (menu, "Floor");
  gtk_menu_shell_append (GTK_MENU_SHELL (menu), gtk_separator_menu_item_new ());
  add_item (menu, "_Status");
  add_item (menu, "_Messages");
  add_item (menu, "_Configure");
  quit = add_item (menu, "_Quit");
  g_signal_connect (quit, "activate", G_CALLBACK (on_quit), application);
  gtk_widget_show_all (menu);

  /* The same deprecated constructor as the applet (see vpop3-indicator.c). */
  indicator = app_indicator_new (FLOOR_ID, APP_ID "-idle", APP_INDICATOR_CATEGORY_COMMUNICATIONS);
  if (icon_path != NULL)
    app_indicator_set_icon_theme_path (indicator, icon_path);
  app_indicator_set_status (indicator, APP_INDICATOR_STATUS_ACTIVE);
  app_indicator_set_menu (indicator, GTK_MENU (menu));

  g_application_hold (application);
}

static void
on_activate (GApplication *application, gpointer user_data)
{
}

int
main (int argc, char *argv[])
{
  g_autoptr (GtkApplication) application = NULL;
  int status;

  /* Unique, like the applet: it owns its name on the session bus. */
  application = gtk_application_new (FLOOR_ID, G_APPLICATION_DEFAULT_FLAGS);
  g_signal_connect (application, "startup", G_CALLBACK (on_startup), NULL);
  g_signal_connect (application, "activate", G_CALLBACK (on_activate), NULL);
  status = g_application_run (G_APPLICATION (application), argc, argv);
  g_clear_object (&indicator);
  return status;
}
