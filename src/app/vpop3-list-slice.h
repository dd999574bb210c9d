/* vpop3-list-slice.h: at most a given number of consecutive items of a
 * GListModel, for a GtkListBox that must not hold them all.
 *
 * GTK 3's list box lays out and keeps every row it holds: ten thousand
 * messages in one conversation cost a second per page scrolled and
 * hundreds of MiB. The Instant Messaging window binds its list to a slice
 * of the conversation instead and moves the slice as the user scrolls.
 *
 * The slice follows the end of the model while it shows it: items added
 * there are shown, and the first ones are hidden past the capacity. Items
 * added before the slice are hidden while it is full, and shown while it
 * has room. Items added after a slice that does not reach the end are
 * hidden until vpop3_list_slice_show_later() or _show_end().
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define VPOP3_TYPE_LIST_SLICE (vpop3_list_slice_get_type ())
G_DECLARE_FINAL_TYPE (Vpop3ListSlice, vpop3_list_slice, VPOP3, LIST_SLICE, GObject)

/* Shows the last @capacity items of @model (at least 1). */
Vpop3ListSlice *vpop3_list_slice_new (GListModel *model, guint capacity);

guint vpop3_list_slice_get_capacity (Vpop3ListSlice *self);
/* Items of the model before the first shown, and after the last. */
guint vpop3_list_slice_get_hidden_before (Vpop3ListSlice *self);
guint vpop3_list_slice_get_hidden_after (Vpop3ListSlice *self);

/* Each shows up to @count hidden items at one end and, past the capacity,
 * hides as many at the other; returns how many it showed. */
guint vpop3_list_slice_show_earlier (Vpop3ListSlice *self, guint count);
guint vpop3_list_slice_show_later (Vpop3ListSlice *self, guint count);
/* Back to the last @capacity items, following the end again. */
void vpop3_list_slice_show_end (Vpop3ListSlice *self);

G_END_DECLS
