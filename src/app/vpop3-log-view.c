/* vpop3-log-view.c: the log can hold thousands of lines for months, so it is
 * a GtkTreeView over the log's own entries (no copies of the text, no widget
 * per line), kept in step with the ring: appends at the end, the oldest
 * dropped from the front.
 *
 * A burst of 100,000 lines must not freeze the window. While the view is on
 * screen its rows change once a frame, whatever came in between; a change of
 * more than a few rows detaches the model and re-attaches it (the tree view
 * rebuilds its row tree, cheap), because GtkTreeView pays dearly for each row
 * deleted while attached. The rows are line numbers into the ring
 * (Vpop3LogModel), not a GtkListStore copy, and a search keeps only the
 * matching line numbers (a GtkTreeModelFilter renumbers all its rows for
 * each row dropped from the front). All rows have one height (fixed-height
 * mode), so the tree view never measures thousands of rows it does not show.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vpop3-log-view.h"

#include <string.h>

#include "vpop3-log-model.h"
#include "vpop3-text.h"
#include "vpop3-ui-util.h"

#define COLUMN_ENTRY VPOP3_LOG_MODEL_COLUMN_ENTRY

/* Up to this many rows removed and added, the rows change in place (the
 * selection and the scroll position stay); past it, detached. */
#define IN_PLACE_ROWS 32
/* Re-attaching thousands of rows and painting them costs a frame's worth of
 * time; while lines pour in, nobody reads a view that changes faster than
 * this, and the time goes to taking the lines in instead. */
#define DETACHED_SYNC_INTERVAL_US (100 * 1000)

struct _Vpop3LogView
{
  GtkBox parent_instance;

  Vpop3ActivityLog *log;
  Vpop3LogModel *model;
  char *needle;                 /* casefolded search text; NULL shows everything */
  gboolean following;           /* showing the newest line: keep it in view */
  guint tick_id;                /* the next frame applies the changes; only while some wait */
  gint64 last_detached_sync_us; /* frame time of the last re-attach */

  GtkSearchEntry *search_entry;
  GtkScrolledWindow *scrolled;
  GtkTreeView *tree_view;
  GtkTreeViewColumn *time_column;
  GtkTreeViewColumn *text_column;
  GtkCellRenderer *time_renderer;
  GtkCellRenderer *text_renderer;
};

G_DEFINE_FINAL_TYPE (Vpop3LogView, vpop3_log_view, GTK_TYPE_BOX)

static Vpop3LogEntry *
dup_entry (GtkTreeModel *model, GtkTreeIter *iter)
{
  Vpop3LogEntry *entry = NULL;

  gtk_tree_model_get (model, iter, COLUMN_ENTRY, &entry, -1);
  return entry;
}

static void
render_time (GtkTreeViewColumn *column,
             GtkCellRenderer *cell,
             GtkTreeModel *model,
             GtkTreeIter *iter,
             gpointer user_data)
{
  g_autoptr (Vpop3LogEntry) entry = dup_entry (model, iter);
  GDateTime *time = entry != NULL ? vpop3_log_entry_get_time (entry) : NULL;
  g_autofree char *text = time != NULL ? vpop3_format_local_time (time) : NULL;

  g_object_set (cell, "text", text != NULL ? text : "", NULL);
}

/* The line as the server sent it, but a CR it kept (or any other control
 * character) shown as \xNN: a cell holds one line. */
static char *
shown_text (Vpop3LogEntry *entry)
{
  const char *text = vpop3_log_entry_get_text (entry);

  return vpop3_text_has_controls (text) ? vpop3_text_escape_controls (text) : g_strdup (text);
}

static void
render_text (GtkTreeViewColumn *column,
             GtkCellRenderer *cell,
             GtkTreeModel *model,
             GtkTreeIter *iter,
             gpointer user_data)
{
  g_autoptr (Vpop3LogEntry) entry = dup_entry (model, iter);
  g_autofree char *shown = entry != NULL ? shown_text (entry) : NULL;

  g_object_set (cell, "text", shown != NULL ? shown : "", NULL);
}

/* GtkTreeView keeps its top row in place as rows come and go, so following
 * the bottom goes through its own scrolling rather than the adjustment. */
static void
scroll_to_end (Vpop3LogView *self)
{
  int n_rows = gtk_tree_model_iter_n_children (GTK_TREE_MODEL (self->model), NULL);
  g_autoptr (GtkTreePath) path = NULL;

  if (n_rows == 0 || gtk_tree_view_get_model (self->tree_view) == NULL)
    return;
  path = gtk_tree_path_new_from_indices (n_rows - 1, -1);
  gtk_tree_view_scroll_to_cell (self->tree_view, path, NULL, FALSE, 0, 0);
}

/* Only the user scrolls a mapped view; before that the tree view is still
 * settling its own position. */
static void
on_value_changed (GtkAdjustment *adjustment, Vpop3LogView *self)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (self->tree_view)) ||
      gtk_tree_view_get_model (self->tree_view) == NULL)
    return;
  self->following =
      gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment) >=
      gtk_adjustment_get_upper (adjustment) - 1.0;
}

static void
on_tree_view_map (Vpop3LogView *self)
{
  if (self->following)
    scroll_to_end (self);
}

static void
cancel_tick (Vpop3LogView *self)
{
  if (self->tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->tree_view), self->tick_id);
  self->tick_id = 0;
}

/* Whether the rows lag behind the log; @large: whether catching up means
 * re-attaching the model rather than changing a few rows in place. */
static gboolean
has_pending_change (Vpop3LogView *self, gboolean *large)
{
  guint removed = 0, added = 0;
  gboolean in_place = vpop3_log_model_get_pending (self->model, &removed, &added);

  *large = !in_place || removed + added > IN_PLACE_ROWS;
  return !in_place || removed > 0 || added > 0;
}

/* Brings the rows in step with the log. */
static void
sync_now (Vpop3LogView *self)
{
  gboolean large;

  cancel_tick (self);
  if (!has_pending_change (self, &large))
    return;

  if (!large)
    vpop3_log_model_sync (self->model, TRUE);
  else
    {
      g_autoptr (GtkTreePath) top = NULL;
      guint64 top_line = 0;

      /* A reader scrolled back keeps the line at the top, when it is still there. */
      if (!self->following && gtk_tree_view_get_visible_range (self->tree_view, &top, NULL))
        top_line =
            vpop3_log_model_get_row_sequence (self->model, gtk_tree_path_get_indices (top)[0]);
      gtk_tree_view_set_model (self->tree_view, NULL);
      vpop3_log_model_sync (self->model, FALSE);
      gtk_tree_view_set_model (self->tree_view, GTK_TREE_MODEL (self->model));
      if (top != NULL)
        {
          int row = vpop3_log_model_find_row (self->model, top_line);

          if (row >= 0)
            {
              g_autoptr (GtkTreePath) path = gtk_tree_path_new_from_indices (row, -1);

              gtk_tree_view_scroll_to_cell (self->tree_view, path, NULL, TRUE, 0, 0);
            }
        }
    }
  if (self->following)
    scroll_to_end (self);
}

static gboolean
on_tick (GtkWidget *widget, GdkFrameClock *clock, gpointer user_data)
{
  Vpop3LogView *self = user_data;
  gint64 now = gdk_frame_clock_get_frame_time (clock);
  gboolean large;

  if (has_pending_change (self, &large) && large)
    {
      /* A large change: at most one re-attach per interval; wait for a later frame. */
      if (now - self->last_detached_sync_us < DETACHED_SYNC_INTERVAL_US)
        return G_SOURCE_CONTINUE;
      self->last_detached_sync_us = now;
    }
  self->tick_id = 0;
  sync_now (self);
  return G_SOURCE_REMOVE;
}

/* On screen, once a frame (what comes between is never seen); off screen at
 * once, so that the rows are current whenever nobody waits for a frame. */
static void
queue_sync (Vpop3LogView *self)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (self->tree_view)))
    sync_now (self);
  else if (self->tick_id == 0)
    self->tick_id =
        gtk_widget_add_tick_callback (GTK_WIDGET (self->tree_view), on_tick, self, NULL);
}

static void
on_tree_view_unmap (Vpop3LogView *self)
{
  if (self->tick_id != 0)
    sync_now (self);
}

static void
on_search_changed (Vpop3LogView *self, GtkSearchEntry *entry)
{
  const char *text = gtk_entry_get_text (GTK_ENTRY (entry));

  g_clear_pointer (&self->needle, g_free);
  if (*text != '\0')
    self->needle = g_utf8_casefold (text, -1);
  vpop3_log_model_set_needle (self->model, self->needle);
  sync_now (self);
}

static void
on_items_changed (GListModel *model, guint position, guint removed, guint added, gpointer user_data)
{
  queue_sync (user_data);
}

void
vpop3_log_view_set_log (Vpop3LogView *self, Vpop3ActivityLog *log)
{
  g_return_if_fail (VPOP3_IS_LOG_VIEW (self));
  g_return_if_fail (log == NULL || VPOP3_IS_ACTIVITY_LOG (log));

  if (self->log == log)
    return;

  if (self->log != NULL)
    g_signal_handlers_disconnect_by_data (self->log, self);
  g_set_object (&self->log, log);
  /* The model's own handler first: it has taken the change in when ours runs. */
  vpop3_log_model_set_log (self->model, log);
  if (log != NULL)
    g_signal_connect (log, "items-changed", G_CALLBACK (on_items_changed), self);
  sync_now (self);
}

static gboolean
append_line (GtkTreeModel *model, GtkTreePath *path, GtkTreeIter *iter, gpointer user_data)
{
  GString *text = user_data;
  g_autoptr (Vpop3LogEntry) entry = dup_entry (model, iter);
  g_autofree char *shown = NULL;
  GDateTime *time;

  if (entry == NULL)
    return FALSE;
  time = vpop3_log_entry_get_time (entry);
  if (time != NULL)
    {
      g_autoptr (GDateTime) local = g_date_time_to_local (time);
      g_autofree char *stamp = g_date_time_format (local, "%Y-%m-%d %H:%M:%S");

      g_string_append (text, stamp);
    }
  shown = shown_text (entry);
  g_string_append_printf (text, "\t%s\n", shown);
  return FALSE;
}

char *
vpop3_log_view_dup_text (Vpop3LogView *self)
{
  GtkTreeSelection *selection;
  GtkTreeModel *model = NULL;
  GList *rows;
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (VPOP3_IS_LOG_VIEW (self), NULL);

  /* Lines that came since the last frame are copied too. */
  sync_now (self);
  selection = gtk_tree_view_get_selection (self->tree_view);
  rows = gtk_tree_selection_get_selected_rows (selection, &model);
  if (rows == NULL)
    gtk_tree_model_foreach (GTK_TREE_MODEL (self->model), append_line, text);
  for (GList *l = rows; l != NULL; l = l->next)
    {
      GtkTreeIter iter;

      if (gtk_tree_model_get_iter (model, &iter, l->data))
        append_line (model, l->data, &iter, text);
    }
  g_list_free_full (rows, (GDestroyNotify) gtk_tree_path_free);
  return g_string_free (text, FALSE);
}

void
vpop3_log_view_copy (Vpop3LogView *self)
{
  g_autofree char *text = NULL;

  g_return_if_fail (VPOP3_IS_LOG_VIEW (self));

  text = vpop3_log_view_dup_text (self);
  gtk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self), GDK_SELECTION_CLIPBOARD),
                          text, -1);
}

/* GtkTreeView has no copy of its own; Ctrl+C is what users try first. */
static gboolean
on_key_press (GtkWidget *widget, GdkEventKey *event, Vpop3LogView *self)
{
  GdkModifierType modifiers = event->state & gtk_accelerator_get_default_mod_mask ();

  if (modifiers == GDK_CONTROL_MASK &&
      (event->keyval == GDK_KEY_c || event->keyval == GDK_KEY_C || event->keyval == GDK_KEY_Insert))
    {
      vpop3_log_view_copy (self);
      return GDK_EVENT_STOP;
    }
  return GDK_EVENT_PROPAGATE;
}

/* Long lines are ellipsized: their full text shows as a tooltip. */
static gboolean
on_query_tooltip (GtkWidget *widget,
                  int x,
                  int y,
                  gboolean keyboard_mode,
                  GtkTooltip *tooltip,
                  Vpop3LogView *self)
{
  GtkTreeModel *model = NULL;
  GtkTreePath *path = NULL;
  GtkTreeViewColumn *column = NULL;
  GtkTreeIter iter;
  g_autoptr (Vpop3LogEntry) entry = NULL;
  g_autoptr (PangoLayout) layout = NULL;
  g_autofree char *shown = NULL;
  int bin_x, bin_y, width;

  if (!gtk_tree_view_get_tooltip_context (self->tree_view, &x, &y, keyboard_mode, &model, &path,
                                          &iter))
    return FALSE;
  gtk_tree_view_convert_widget_to_bin_window_coords (self->tree_view, x, y, &bin_x, &bin_y);
  if (!keyboard_mode)
    gtk_tree_view_get_path_at_pos (self->tree_view, bin_x, bin_y, NULL, &column, NULL, NULL);
  entry = dup_entry (model, &iter);
  if (entry == NULL || (!keyboard_mode && column != self->text_column))
    {
      gtk_tree_path_free (path);
      return FALSE;
    }

  shown = shown_text (entry);
  layout = gtk_widget_create_pango_layout (widget, shown);
  pango_layout_get_pixel_size (layout, &width, NULL);
  if (width + 12 <= gtk_tree_view_column_get_width (self->text_column))
    {
      gtk_tree_path_free (path);
      return FALSE;
    }
  gtk_tooltip_set_text (tooltip, shown);
  gtk_tree_view_set_tooltip_row (self->tree_view, tooltip, path);
  gtk_tree_path_free (path);
  return TRUE;
}

/* As wide as the widest time the column shows (a date and a time), in the
 * current font: the column no longer measures its rows. */
static void
size_time_column (Vpop3LogView *self)
{
  g_autoptr (GDateTime) sample = g_date_time_new_local (2000, 12, 28, 23, 58, 58);
  g_autofree char *text = vpop3_format_local_time (sample);
  g_autoptr (PangoLayout) layout =
      gtk_widget_create_pango_layout (GTK_WIDGET (self->tree_view), text);
  int width, xpad;

  pango_layout_get_pixel_size (layout, &width, NULL);
  gtk_cell_renderer_get_padding (self->time_renderer, &xpad, NULL);
  gtk_tree_view_column_set_fixed_width (self->time_column, width + 2 * xpad + 8);
}

static void
vpop3_log_view_dispose (GObject *object)
{
  Vpop3LogView *self = VPOP3_LOG_VIEW (object);

  if (self->log != NULL)
    g_signal_handlers_disconnect_by_data (self->log, self);
  if (self->tree_view != NULL)
    cancel_tick (self);
  if (self->scrolled != NULL)
    g_signal_handlers_disconnect_by_data (gtk_scrolled_window_get_vadjustment (self->scrolled),
                                          self);
  g_clear_object (&self->log);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (vpop3_log_view_parent_class)->dispose (object);
}

static void
vpop3_log_view_finalize (GObject *object)
{
  Vpop3LogView *self = VPOP3_LOG_VIEW (object);

  g_free (self->needle);

  G_OBJECT_CLASS (vpop3_log_view_parent_class)->finalize (object);
}

static void
vpop3_log_view_class_init (Vpop3LogViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vpop3_log_view_dispose;
  object_class->finalize = vpop3_log_view_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/vpop3monitor/Vpop3Monitor/"
                                                             "vpop3-log-view.ui");
  gtk_widget_class_bind_template_child (widget_class, Vpop3LogView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, Vpop3LogView, scrolled);
  gtk_widget_class_bind_template_child (widget_class, Vpop3LogView, tree_view);
  gtk_widget_class_bind_template_child (widget_class, Vpop3LogView, time_column);
  gtk_widget_class_bind_template_child (widget_class, Vpop3LogView, text_column);
  gtk_widget_class_bind_template_child (widget_class, Vpop3LogView, time_renderer);
  gtk_widget_class_bind_template_child (widget_class, Vpop3LogView, text_renderer);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_query_tooltip);
  gtk_widget_class_bind_template_callback (widget_class, on_key_press);
  gtk_widget_class_bind_template_callback (widget_class, vpop3_log_view_copy);
}

static void
vpop3_log_view_init (Vpop3LogView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->model = vpop3_log_model_new ();
  gtk_tree_view_set_model (self->tree_view, GTK_TREE_MODEL (self->model));
  /* Fixed-height mode wants every column of fixed width. */
  gtk_tree_view_column_set_sizing (self->time_column, GTK_TREE_VIEW_COLUMN_FIXED);
  size_time_column (self);
  gtk_tree_view_set_fixed_height_mode (self->tree_view, TRUE);
  g_signal_connect_swapped (self->tree_view, "style-updated", G_CALLBACK (size_time_column), self);
  gtk_tree_view_column_set_cell_data_func (self->time_column, self->time_renderer, render_time,
                                           NULL, NULL);
  gtk_tree_view_column_set_cell_data_func (self->text_column, self->text_renderer, render_text,
                                           NULL, NULL);
  self->following = TRUE;
  g_signal_connect (gtk_scrolled_window_get_vadjustment (self->scrolled), "value-changed",
                    G_CALLBACK (on_value_changed), self);
  g_signal_connect_swapped (self->tree_view, "map", G_CALLBACK (on_tree_view_map), self);
  g_signal_connect_swapped (self->tree_view, "unmap", G_CALLBACK (on_tree_view_unmap), self);
}

GtkWidget *
vpop3_log_view_new (void)
{
  return g_object_new (VPOP3_TYPE_LOG_VIEW, NULL);
}
