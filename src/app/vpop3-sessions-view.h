/* vpop3-sessions-view.h: the Sessions tab of the status window.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VPOP3_TYPE_SESSIONS_VIEW (vpop3_sessions_view_get_type ())
G_DECLARE_FINAL_TYPE (Vpop3SessionsView, vpop3_sessions_view, VPOP3, SESSIONS_VIEW, GtkBox)

GtkWidget *vpop3_sessions_view_new (void);
/* A GListModel of Vpop3Session (Vpop3Status's "sessions"), or NULL. */
void vpop3_sessions_view_set_sessions (Vpop3SessionsView *self, GListModel *sessions);
/* Where "end-session" (s) lives: the application. */
void vpop3_sessions_view_set_actions (Vpop3SessionsView *self, GActionGroup *actions);
/* TRUE while the active times are refreshed each second: only while the
 * view is on screen. */
gboolean vpop3_sessions_view_is_ticking (Vpop3SessionsView *self);

G_END_DECLS
