/* vpop3-ui-util.h: small helpers the windows share.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Follows the bottom of @scrolled as its content grows, until the user
 * scrolls up; scrolling back to the bottom follows again. */
void vpop3_autoscroll_attach (GtkScrolledWindow *scrolled);
/* Scrolls to the bottom and follows it again (e.g. after switching content). */
void vpop3_autoscroll_follow (GtkScrolledWindow *scrolled);
/* Whether it follows the bottom now; turning it off keeps what is shown
 * where it is while rows are put in below. */
gboolean vpop3_autoscroll_get_following (GtkScrolledWindow *scrolled);
void vpop3_autoscroll_set_following (GtkScrolledWindow *scrolled, gboolean following);

/* @time in local time, in the user's locale: the time alone when it is
 * today, else the date and time. */
char *vpop3_format_local_time (GDateTime *time);

G_END_DECLS
