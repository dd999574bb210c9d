/* contrast-probe.c: renders the real status window, styled by the
 * application's own style.css, in each theme named on the command line, and
 * writes what test-contrast.py measures: one PNG per theme and state, and one
 * JSON line on stdout per PNG with the rectangles of the coloured widgets
 * (Last Poll, the collection and sending bars) in it.
 *
 * Themes are switched as a desktop switches them (GtkSettings, which
 * xsettings and the settings portal drive), not by GTK_THEME, which would
 * override them: the caller must leave GTK_THEME unset.
 *
 *   contrast-probe OUTDIR THEME[:dark]…
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "vpop3-status-window.h"
#include "window-harness.h"

/* A safety net for a frame that must come, never a measure. */
#define DRAW_TIMEOUT_MS 60000

static const char *const widgets[] = { "last_poll_label", "collect_bar", "send_bar" };

static gboolean
is_drawn (gpointer window)
{
  return GPOINTER_TO_INT (g_object_get_data (window, "probe-drawn"));
}

static gboolean
on_draw (GtkWidget *widget, cairo_t *cr, gpointer user_data)
{
  g_object_set_data (G_OBJECT (widget), "probe-drawn", GINT_TO_POINTER (TRUE));
  return GDK_EVENT_PROPAGATE;
}

/* A frame drawn after the change: styles are validated and sizes allocated
 * in the frame before its paint, so everything below reads the new theme. */
static void
wait_for_frame (GtkWidget *window)
{
  g_object_set_data (G_OBJECT (window), "probe-drawn", GINT_TO_POINTER (FALSE));
  gtk_widget_queue_draw (window);
  if (!test_loop_wait (is_drawn, window, DRAW_TIMEOUT_MS))
    g_error ("the status window was not drawn");
}

static void
shoot (GtkWidget *window, const char *outdir, const char *theme, const char *state)
{
  int width, height;
  g_autoptr (GError) error = NULL;
  g_autofree char *file = g_strdup_printf ("%s-%s.png", theme, state);
  g_autofree char *path = NULL;
  g_autoptr (GdkPixbuf) pixbuf = NULL;
  g_autoptr (GString) json = g_string_new (NULL);
  cairo_surface_t *surface;
  cairo_t *cr;

  wait_for_frame (window);
  width = gtk_widget_get_allocated_width (window);
  height = gtk_widget_get_allocated_height (window);
  /* Drawn here, from the allocation just read: the pixels and the rectangles
   * agree whatever the X server shows. */
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (surface);
  gtk_widget_draw (window, cr);
  cairo_destroy (cr);
  pixbuf = gdk_pixbuf_get_from_surface (surface, 0, 0, width, height);
  cairo_surface_destroy (surface);
  g_strdelimit (file, ":", '-');
  path = g_build_filename (outdir, file, NULL);
  if (!gdk_pixbuf_save (pixbuf, path, "png", &error, NULL))
    g_error ("%s", error->message);

  g_string_append_printf (json, "{\"theme\": \"%s\", \"state\": \"%s\", \"png\": \"%s\"", theme,
                          state, path);
  for (guint i = 0; i < G_N_ELEMENTS (widgets); i++)
    {
      GtkWidget *widget = harness_child (window, VPOP3_TYPE_STATUS_WINDOW, widgets[i]);
      int x = 0, y = 0;

      if (!gtk_widget_is_drawable (widget) ||
          !gtk_widget_translate_coordinates (widget, window, 0, 0, &x, &y))
        continue;
      g_string_append_printf (json, ", \"%s\": [%d, %d, %d, %d]", widgets[i], x, y,
                              gtk_widget_get_allocated_width (widget),
                              gtk_widget_get_allocated_height (widget));
    }
  g_print ("%s}\n", json->str);
}

static void
set_theme (const char *theme)
{
  g_auto (GStrv) parts = g_strsplit (theme, ":", 2);

  g_object_set (gtk_settings_get_default (), "gtk-theme-name", parts[0],
                "gtk-application-prefer-dark-theme", g_strcmp0 (parts[1], "dark") == 0, NULL);
}

int
main (int argc, char **argv)
{
  g_autofree char *last_poll = NULL;
  GtkWidget *window;

  harness_init (&argc, &argv);
  if (argc < 3)
    {
      g_printerr ("usage: %s OUTDIR THEME[:dark]…\n", argv[0]);
      return 2;
    }
  if (g_getenv ("GTK_THEME") != NULL)
    {
      g_printerr ("GTK_THEME is set: it would override the themes asked for\n");
      return 2;
    }
  last_poll = harness_filetime_ago (7 * 60);

  window = GTK_WIDGET (harness_new_status_window ());
  gtk_window_present (GTK_WINDOW (window));
  g_signal_connect_after (window, "draw", G_CALLBACK (on_draw), NULL);

  for (int i = 2; i < argc; i++)
    {
      set_theme (argv[i]);
      /* Some tasks failed (orange); collecting, and sending directly (red). */
      harness_feed_printf ("3%s\tpartial", last_poll);
      harness_feed ("645\t60\t3");
      shoot (window, argv[1], argv[i], "partial");
      /* All failed (red); sending through a relay (green). */
      harness_feed_printf ("3%s\tfailed", last_poll);
      harness_feed ("645\t60\t0");
      shoot (window, argv[1], argv[i], "failed");
    }
  gtk_widget_destroy (window);
  return 0;
}
