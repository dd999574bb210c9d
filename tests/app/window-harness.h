/* window-harness.h: a registered (never run) Vpop3Application for window
 * tests, and helpers to feed its status and wait on the main loop.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "test-loop.h"
#include "vpop3-application.h"
#include "vpop3-messages-window.h"
#include "vpop3-preferences-dialog.h"
#include "vpop3-simulator-server.h"
#include "vpop3-status-window.h"

G_BEGIN_DECLS

/* Points XDG_CONFIG_HOME at a new empty folder and returns it; call it before
 * anything reads g_get_user_config_dir(), which GLib keeps once read. The
 * applet writes its autostart file there, which other tests of the suite,
 * running at the same time, write and remove too. */
char *harness_private_config_dir (void);
/* Removes @path and everything below it. */
void harness_remove_tree (const char *path);

/* gtk_test_init(), in-memory settings, and the application, registered. */
Vpop3Application *harness_init (int *argc, char ***argv);
/* The same without any application or tray: the windows get a server list
 * and an action group of their own, so the test can run in parallel. */
void harness_init_alone (int *argc, char ***argv);
/* The application (harness_init() only). */
Vpop3Application *harness_app (void);
/* The desktop-wide settings the windows are given. */
GSettings *harness_settings (void);
/* The application's server, and its status. */
Vpop3Server *harness_server (void);
Vpop3Status *harness_status (void);
/* The windows, given the application's server and shown in the application. */
Vpop3StatusWindow *harness_new_status_window (void);
Vpop3PreferencesDialog *harness_new_preferences_dialog (void);
Vpop3MessagesWindow *harness_new_messages_window (void);

/* Parses @line as the server would send it and applies it to the status. */
void harness_feed (const char *line);
void harness_feed_printf (const char *format, ...) G_GNUC_PRINTF (1, 2);
/* 16 hex digits of @time as a FILETIME (now - @seconds_ago). */
char *harness_filetime_ago (int seconds_ago);

void harness_iterate (void);

/* A template child of @widget declared by the template of @type. */
gpointer harness_child (gpointer widget, GType type, const char *name);
/* Every toplevel of this type that is not being destroyed, newest first. */
GList *harness_find_toplevels (GType type);
/* Destroys every toplevel window (a clean slate for the next test). */
void harness_destroy_toplevels (void);
/* Adds (or replaces) a plain enabled action that records its parameters, in
 * the application or, alone, in the windows' action group. */
GPtrArray *harness_record_action (const char *name, const GVariantType *parameter_type);

/* Logs the application's server in to a quiet in-process simulator
 * (postmaster, every permission) and waits until it is connected; commands
 * in the windows need a login. Undo with harness_disconnect_simulator(). */
Vpop3Simulator *harness_connect_simulator (void);
/* The same with a simulator that speaks @dialect (e.g. only the documented types). */
Vpop3Simulator *harness_connect_simulator_dialect (Vpop3SimulatorDialect dialect);
void harness_disconnect_simulator (Vpop3Simulator *sim);

/* Saves @window as PNG in $VPOP3_SCREENSHOT_DIR/<name>.png when set. */
void harness_screenshot (GtkWindow *window, const char *name);

G_END_DECLS
