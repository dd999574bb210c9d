/* vpop3-log-model.h: the activity log as a GtkTreeModel for the log view,
 * the lines matching a search, without copying them into a store.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vpop3-activity-log.h"

G_BEGIN_DECLS

#define VPOP3_TYPE_LOG_MODEL (vpop3_log_model_get_type ())
G_DECLARE_FINAL_TYPE (Vpop3LogModel, vpop3_log_model, VPOP3, LOG_MODEL, GObject)

/* One column, VPOP3_LOG_MODEL_COLUMN_ENTRY: the Vpop3LogEntry of the row.
 *
 * The rows change only in vpop3_log_model_sync(), never behind the back of
 * the tree view: between a change of the log and the next sync they are the
 * rows of before, and a row whose line the log has since dropped has no
 * entry (NULL). */
#define VPOP3_LOG_MODEL_COLUMN_ENTRY 0

Vpop3LogModel *vpop3_log_model_new (void);

/* Both leave the rows to the next sync, which then rebuilds them. */
void vpop3_log_model_set_log (Vpop3LogModel *self, Vpop3ActivityLog *log);
/* @needle is casefolded already; NULL shows every line. */
void vpop3_log_model_set_needle (Vpop3LogModel *self, const char *needle);

/* What the next sync changes at most: rows removed from the front, lines of
 * the log to consider for the end. FALSE when it rebuilds every row. */
gboolean vpop3_log_model_get_pending (Vpop3LogModel *self, guint *removed, guint *added);
/* Brings the rows in step with the log. With @emit, one row-deleted or
 * row-inserted per row; without, none at all (the caller has detached the
 * model from its views). */
void vpop3_log_model_sync (Vpop3LogModel *self, gboolean emit);

/* The row showing the line numbered @sequence, or the first after it; -1 if none. */
int vpop3_log_model_find_row (Vpop3LogModel *self, guint64 sequence);
/* The line number of @row (for vpop3_log_model_find_row() after a rebuild). */
guint64 vpop3_log_model_get_row_sequence (Vpop3LogModel *self, int row);

G_END_DECLS
