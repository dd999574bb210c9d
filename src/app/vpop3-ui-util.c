/* vpop3-ui-util.c
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vpop3-ui-util.h"

#define FOLLOWING_KEY "vpop3-autoscroll-following"

/* Autoscroll: the activity log and the conversations both append at the
 * bottom; reading an older line must not be interrupted by new ones. */

static gboolean
at_bottom (GtkAdjustment *adjustment)
{
  /* Within a pixel: the value can be fractional after a resize. */
  return gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment) >=
         gtk_adjustment_get_upper (adjustment) - 1.0;
}

static void
on_value_changed (GtkAdjustment *adjustment, gpointer user_data)
{
  g_object_set_data (G_OBJECT (adjustment), FOLLOWING_KEY,
                     GINT_TO_POINTER (at_bottom (adjustment)));
}

/* "changed" comes when the content (upper) or the view (page size) changes. */
static void
on_changed (GtkAdjustment *adjustment, gpointer user_data)
{
  if (g_object_get_data (G_OBJECT (adjustment), FOLLOWING_KEY) != NULL)
    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) -
                                              gtk_adjustment_get_page_size (adjustment));
}

void
vpop3_autoscroll_attach (GtkScrolledWindow *scrolled)
{
  GtkAdjustment *adjustment;

  g_return_if_fail (GTK_IS_SCROLLED_WINDOW (scrolled));

  adjustment = gtk_scrolled_window_get_vadjustment (scrolled);
  g_object_set_data (G_OBJECT (adjustment), FOLLOWING_KEY, GINT_TO_POINTER (TRUE));
  g_signal_connect (adjustment, "value-changed", G_CALLBACK (on_value_changed), NULL);
  g_signal_connect (adjustment, "changed", G_CALLBACK (on_changed), NULL);
}

void
vpop3_autoscroll_follow (GtkScrolledWindow *scrolled)
{
  GtkAdjustment *adjustment;

  g_return_if_fail (GTK_IS_SCROLLED_WINDOW (scrolled));

  adjustment = gtk_scrolled_window_get_vadjustment (scrolled);
  g_object_set_data (G_OBJECT (adjustment), FOLLOWING_KEY, GINT_TO_POINTER (TRUE));
  on_changed (adjustment, NULL);
}

gboolean
vpop3_autoscroll_get_following (GtkScrolledWindow *scrolled)
{
  g_return_val_if_fail (GTK_IS_SCROLLED_WINDOW (scrolled), FALSE);

  return g_object_get_data (G_OBJECT (gtk_scrolled_window_get_vadjustment (scrolled)),
                            FOLLOWING_KEY) != NULL;
}

void
vpop3_autoscroll_set_following (GtkScrolledWindow *scrolled, gboolean following)
{
  g_return_if_fail (GTK_IS_SCROLLED_WINDOW (scrolled));

  g_object_set_data (G_OBJECT (gtk_scrolled_window_get_vadjustment (scrolled)), FOLLOWING_KEY,
                     GINT_TO_POINTER (following));
}

char *
vpop3_format_local_time (GDateTime *time)
{
  g_autoptr (GDateTime) local = NULL;
  g_autoptr (GDateTime) now = NULL;

  g_return_val_if_fail (time != NULL, NULL);

  local = g_date_time_to_local (time);
  now = g_date_time_new_now_local ();
  if (g_date_time_get_year (local) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (local) == g_date_time_get_day_of_year (now))
    return g_date_time_format (local, "%X");
  return g_date_time_format (local, "%x %X");
}
