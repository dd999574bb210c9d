/* vpop3-log-view.h: the activity log, searchable and copyable.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vpop3-activity-log.h"

G_BEGIN_DECLS

#define VPOP3_TYPE_LOG_VIEW (vpop3_log_view_get_type ())
G_DECLARE_FINAL_TYPE (Vpop3LogView, vpop3_log_view, VPOP3, LOG_VIEW, GtkBox)

GtkWidget *vpop3_log_view_new (void);
/* Shows @log and follows it (NULL shows nothing). */
void vpop3_log_view_set_log (Vpop3LogView *self, Vpop3ActivityLog *log);
/* The selected lines, or every line the search shows when none is selected,
 * each as "YYYY-MM-DD HH:MM:SS<TAB>text\n" in local time. */
char *vpop3_log_view_dup_text (Vpop3LogView *self);
/* Puts vpop3_log_view_dup_text() on the clipboard. */
void vpop3_log_view_copy (Vpop3LogView *self);

G_END_DECLS
