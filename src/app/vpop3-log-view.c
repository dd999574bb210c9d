/* vpop3-log-view.c: the log can hold thousands of lines for months, so it is
 * a GtkTreeView over a GtkListStore of the log's own entries (no copies of
 * the text, no widget per line), kept in step with the ring's items-changed:
 * appends at the end, the oldest dropped from the front.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vpop3-log-view.h"

#include <string.h>

#include "vpop3-ui-util.h"

enum
{
  COLUMN_ENTRY,
  N_COLUMNS
};

struct _Vpop3LogView
{
  GtkBox parent_instance;

  Vpop3ActivityLog *log;
  GtkListStore *store;
  GtkTreeModel *filter;
  char *needle;       /* casefolded search text; NULL shows everything */
  gboolean following; /* showing the newest line: keep it in view */

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

static void
render_text (GtkTreeViewColumn *column,
             GtkCellRenderer *cell,
             GtkTreeModel *model,
             GtkTreeIter *iter,
             gpointer user_data)
{
  g_autoptr (Vpop3LogEntry) entry = dup_entry (model, iter);

  g_object_set (cell, "text", entry != NULL ? vpop3_log_entry_get_text (entry) : "", NULL);
}

static gboolean
is_row_visible (GtkTreeModel *model, GtkTreeIter *iter, gpointer user_data)
{
  Vpop3LogView *self = user_data;
  g_autoptr (Vpop3LogEntry) entry = NULL;
  g_autofree char *folded = NULL;

  if (self->needle == NULL)
    return TRUE;
  entry = dup_entry (model, iter);
  if (entry == NULL)
    return FALSE;
  folded = g_utf8_casefold (vpop3_log_entry_get_text (entry), -1);
  return strstr (folded, self->needle) != NULL;
}

/* GtkTreeView keeps its top row in place as rows come and go, so following
 * the bottom goes through its own scrolling rather than the adjustment. */
static void
scroll_to_end (Vpop3LogView *self)
{
  int n_rows = gtk_tree_model_iter_n_children (self->filter, NULL);
  g_autoptr (GtkTreePath) path = NULL;

  /* Detached while set_log() fills the store. */
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
  if (!gtk_widget_get_mapped (GTK_WIDGET (self->tree_view)))
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
on_search_changed (Vpop3LogView *self, GtkSearchEntry *entry)
{
  const char *text = gtk_entry_get_text (GTK_ENTRY (entry));

  g_clear_pointer (&self->needle, g_free);
  if (*text != '\0')
    self->needle = g_utf8_casefold (text, -1);
  gtk_tree_model_filter_refilter (GTK_TREE_MODEL_FILTER (self->filter));
  if (self->following)
    scroll_to_end (self);
}

static void
on_items_changed (GListModel *model, guint position, guint removed, guint added, gpointer user_data)
{
  Vpop3LogView *self = user_data;
  GtkTreeModel *store = GTK_TREE_MODEL (self->store);
  GtkTreeIter iter;

  if (position == 0 && removed > 0 &&
      removed >= (guint) gtk_tree_model_iter_n_children (store, NULL))
    gtk_list_store_clear (self->store);
  else if (removed > 0 && gtk_tree_model_iter_nth_child (store, &iter, NULL, (int) position))
    {
      /* gtk_list_store_remove() moves @iter on to the next row. */
      for (guint i = 0; i < removed; i++)
        if (!gtk_list_store_remove (self->store, &iter))
          break;
    }

  for (guint i = 0; i < added; i++)
    {
      g_autoptr (GObject) entry = g_list_model_get_item (model, position + i);

      gtk_list_store_insert_with_values (self->store, NULL, (int) (position + i), COLUMN_ENTRY,
                                         entry, -1);
    }
  if (added > 0 && self->following)
    scroll_to_end (self);
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

  /* Detached while filling, so that the view does not lay out each row. */
  gtk_tree_view_set_model (self->tree_view, NULL);
  gtk_list_store_clear (self->store);
  if (log != NULL)
    {
      on_items_changed (G_LIST_MODEL (log), 0, 0, g_list_model_get_n_items (G_LIST_MODEL (log)),
                        self);
      g_signal_connect (log, "items-changed", G_CALLBACK (on_items_changed), self);
    }
  gtk_tree_view_set_model (self->tree_view, self->filter);
  if (self->following)
    scroll_to_end (self);
}

static gboolean
append_line (GtkTreeModel *model, GtkTreePath *path, GtkTreeIter *iter, gpointer user_data)
{
  GString *text = user_data;
  g_autoptr (Vpop3LogEntry) entry = dup_entry (model, iter);
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
  g_string_append_printf (text, "\t%s\n", vpop3_log_entry_get_text (entry));
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

  selection = gtk_tree_view_get_selection (self->tree_view);
  rows = gtk_tree_selection_get_selected_rows (selection, &model);
  if (rows == NULL)
    gtk_tree_model_foreach (self->filter, append_line, text);
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

  layout = gtk_widget_create_pango_layout (widget, vpop3_log_entry_get_text (entry));
  pango_layout_get_pixel_size (layout, &width, NULL);
  if (width + 12 <= gtk_tree_view_column_get_width (self->text_column))
    {
      gtk_tree_path_free (path);
      return FALSE;
    }
  gtk_tooltip_set_text (tooltip, vpop3_log_entry_get_text (entry));
  gtk_tree_view_set_tooltip_row (self->tree_view, tooltip, path);
  gtk_tree_path_free (path);
  return TRUE;
}

static void
vpop3_log_view_dispose (GObject *object)
{
  Vpop3LogView *self = VPOP3_LOG_VIEW (object);

  if (self->log != NULL)
    g_signal_handlers_disconnect_by_data (self->log, self);
  if (self->scrolled != NULL)
    g_signal_handlers_disconnect_by_data (gtk_scrolled_window_get_vadjustment (self->scrolled),
                                          self);
  g_clear_object (&self->log);
  g_clear_object (&self->filter);
  g_clear_object (&self->store);

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

  self->store = gtk_list_store_new (N_COLUMNS, VPOP3_TYPE_LOG_ENTRY);
  self->filter = gtk_tree_model_filter_new (GTK_TREE_MODEL (self->store), NULL);
  gtk_tree_model_filter_set_visible_func (GTK_TREE_MODEL_FILTER (self->filter), is_row_visible,
                                          self, NULL);
  gtk_tree_view_set_model (self->tree_view, self->filter);
  gtk_tree_view_column_set_cell_data_func (self->time_column, self->time_renderer, render_time,
                                           NULL, NULL);
  gtk_tree_view_column_set_cell_data_func (self->text_column, self->text_renderer, render_text,
                                           NULL, NULL);
  self->following = TRUE;
  g_signal_connect (gtk_scrolled_window_get_vadjustment (self->scrolled), "value-changed",
                    G_CALLBACK (on_value_changed), self);
  g_signal_connect_swapped (self->tree_view, "map", G_CALLBACK (on_tree_view_map), self);
}

GtkWidget *
vpop3_log_view_new (void)
{
  return g_object_new (VPOP3_TYPE_LOG_VIEW, NULL);
}
