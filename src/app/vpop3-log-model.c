/* vpop3-log-model.c: a row is a line number; its entry is fetched from the
 * log when the tree view asks. A burst that replaces every line costs the
 * view one detach and re-attach (its own row tree, built anew), where a
 * GtkListStore costs a copy of every line and a signal per row changed.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vpop3-log-model.h"

#include <string.h>

struct _Vpop3LogModel
{
  GObject parent_instance;

  Vpop3ActivityLog *log;
  char *needle;
  int stamp;
  GArray *rows; /* guint64 line numbers shown, oldest first */
  guint64 base; /* the line number of the log's item 0 */
  guint64 next; /* lines before this one have been considered for @rows */
  gboolean needs_rebuild;
};

static void vpop3_log_model_tree_model_init (GtkTreeModelIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (Vpop3LogModel,
                               vpop3_log_model,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_TREE_MODEL,
                                                      vpop3_log_model_tree_model_init))

static guint64
row_at (Vpop3LogModel *self, guint row)
{
  return g_array_index (self->rows, guint64, row);
}

static gboolean
valid_iter (Vpop3LogModel *self, GtkTreeIter *iter)
{
  return iter != NULL && iter->stamp == self->stamp &&
         (guint) GPOINTER_TO_INT (iter->user_data) < self->rows->len;
}

static void
set_iter (Vpop3LogModel *self, GtkTreeIter *iter, guint row)
{
  iter->stamp = self->stamp;
  iter->user_data = GINT_TO_POINTER ((int) row);
  iter->user_data2 = NULL;
  iter->user_data3 = NULL;
}

static GtkTreeModelFlags
get_flags (GtkTreeModel *model)
{
  return GTK_TREE_MODEL_LIST_ONLY;
}

static int
get_n_columns (GtkTreeModel *model)
{
  return 1;
}

static GType
get_column_type (GtkTreeModel *model, int column)
{
  return VPOP3_TYPE_LOG_ENTRY;
}

static gboolean
get_iter (GtkTreeModel *model, GtkTreeIter *iter, GtkTreePath *path)
{
  Vpop3LogModel *self = VPOP3_LOG_MODEL (model);
  int index;

  if (gtk_tree_path_get_depth (path) != 1)
    return FALSE;
  index = gtk_tree_path_get_indices (path)[0];
  if (index < 0 || (guint) index >= self->rows->len)
    return FALSE;
  set_iter (self, iter, (guint) index);
  return TRUE;
}

static GtkTreePath *
get_path (GtkTreeModel *model, GtkTreeIter *iter)
{
  g_return_val_if_fail (valid_iter (VPOP3_LOG_MODEL (model), iter), NULL);

  return gtk_tree_path_new_from_indices (GPOINTER_TO_INT (iter->user_data), -1);
}

static void
get_value (GtkTreeModel *model, GtkTreeIter *iter, int column, GValue *value)
{
  Vpop3LogModel *self = VPOP3_LOG_MODEL (model);
  guint64 line;

  g_value_init (value, VPOP3_TYPE_LOG_ENTRY);
  g_return_if_fail (valid_iter (self, iter));

  line = row_at (self, (guint) GPOINTER_TO_INT (iter->user_data));
  /* A line the log dropped since the last sync: gone, shown empty until then. */
  if (self->log != NULL && line >= self->base &&
      line - self->base < g_list_model_get_n_items (G_LIST_MODEL (self->log)))
    g_value_take_object (
        value, g_list_model_get_item (G_LIST_MODEL (self->log), (guint) (line - self->base)));
}

static gboolean
iter_next (GtkTreeModel *model, GtkTreeIter *iter)
{
  Vpop3LogModel *self = VPOP3_LOG_MODEL (model);
  guint next;

  if (!valid_iter (self, iter))
    return FALSE;
  next = (guint) GPOINTER_TO_INT (iter->user_data) + 1;
  if (next >= self->rows->len)
    {
      iter->stamp = 0;
      return FALSE;
    }
  set_iter (self, iter, next);
  return TRUE;
}

static gboolean
iter_previous (GtkTreeModel *model, GtkTreeIter *iter)
{
  Vpop3LogModel *self = VPOP3_LOG_MODEL (model);
  int row;

  if (!valid_iter (self, iter))
    return FALSE;
  row = GPOINTER_TO_INT (iter->user_data);
  if (row == 0)
    {
      iter->stamp = 0;
      return FALSE;
    }
  set_iter (self, iter, (guint) row - 1);
  return TRUE;
}

static gboolean
iter_nth_child (GtkTreeModel *model, GtkTreeIter *iter, GtkTreeIter *parent, int n)
{
  Vpop3LogModel *self = VPOP3_LOG_MODEL (model);

  if (parent != NULL || n < 0 || (guint) n >= self->rows->len)
    return FALSE;
  set_iter (self, iter, (guint) n);
  return TRUE;
}

static gboolean
iter_children (GtkTreeModel *model, GtkTreeIter *iter, GtkTreeIter *parent)
{
  return iter_nth_child (model, iter, parent, 0);
}

static gboolean
iter_has_child (GtkTreeModel *model, GtkTreeIter *iter)
{
  return FALSE;
}

static int
iter_n_children (GtkTreeModel *model, GtkTreeIter *iter)
{
  return iter == NULL ? (int) VPOP3_LOG_MODEL (model)->rows->len : 0;
}

static gboolean
iter_parent (GtkTreeModel *model, GtkTreeIter *iter, GtkTreeIter *child)
{
  return FALSE;
}

static void
vpop3_log_model_tree_model_init (GtkTreeModelIface *iface)
{
  iface->get_flags = get_flags;
  iface->get_n_columns = get_n_columns;
  iface->get_column_type = get_column_type;
  iface->get_iter = get_iter;
  iface->get_path = get_path;
  iface->get_value = get_value;
  iface->iter_next = iter_next;
  iface->iter_previous = iter_previous;
  iface->iter_children = iter_children;
  iface->iter_has_child = iter_has_child;
  iface->iter_n_children = iter_n_children;
  iface->iter_nth_child = iter_nth_child;
  iface->iter_parent = iter_parent;
}

/* The ring only drops lines from the front and appends at the end; other
 * shapes (none today) rebuild. The rows themselves wait for the sync. */
static void
on_items_changed (GListModel *list, guint position, guint removed, guint added, gpointer user_data)
{
  Vpop3LogModel *self = user_data;

  if (position == 0 && added == 0)
    self->base += removed;
  else if (removed != 0 || position + added != g_list_model_get_n_items (list))
    self->needs_rebuild = TRUE;
}

static void
vpop3_log_model_dispose (GObject *object)
{
  Vpop3LogModel *self = VPOP3_LOG_MODEL (object);

  if (self->log != NULL)
    g_signal_handlers_disconnect_by_data (self->log, self);
  g_clear_object (&self->log);

  G_OBJECT_CLASS (vpop3_log_model_parent_class)->dispose (object);
}

static void
vpop3_log_model_finalize (GObject *object)
{
  Vpop3LogModel *self = VPOP3_LOG_MODEL (object);

  g_array_unref (self->rows);
  g_free (self->needle);

  G_OBJECT_CLASS (vpop3_log_model_parent_class)->finalize (object);
}

static void
vpop3_log_model_class_init (Vpop3LogModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vpop3_log_model_dispose;
  object_class->finalize = vpop3_log_model_finalize;
}

static void
vpop3_log_model_init (Vpop3LogModel *self)
{
  self->rows = g_array_new (FALSE, FALSE, sizeof (guint64));
  self->stamp = g_random_int ();
}

Vpop3LogModel *
vpop3_log_model_new (void)
{
  return g_object_new (VPOP3_TYPE_LOG_MODEL, NULL);
}

void
vpop3_log_model_set_log (Vpop3LogModel *self, Vpop3ActivityLog *log)
{
  g_return_if_fail (VPOP3_IS_LOG_MODEL (self));
  g_return_if_fail (log == NULL || VPOP3_IS_ACTIVITY_LOG (log));

  if (self->log != NULL)
    g_signal_handlers_disconnect_by_data (self->log, self);
  g_set_object (&self->log, log);
  if (log != NULL)
    g_signal_connect (log, "items-changed", G_CALLBACK (on_items_changed), self);
  self->needs_rebuild = TRUE;
}

void
vpop3_log_model_set_needle (Vpop3LogModel *self, const char *needle)
{
  g_return_if_fail (VPOP3_IS_LOG_MODEL (self));

  g_free (self->needle);
  self->needle = g_strdup (needle);
  self->needs_rebuild = TRUE;
}

static guint
count_dropped (Vpop3LogModel *self)
{
  guint dropped = 0;

  while (dropped < self->rows->len && row_at (self, dropped) < self->base)
    dropped++;
  return dropped;
}

static guint
first_new (Vpop3LogModel *self)
{
  return self->next > self->base ? (guint) (self->next - self->base) : 0;
}

gboolean
vpop3_log_model_get_pending (Vpop3LogModel *self, guint *removed, guint *added)
{
  guint n_items;

  g_return_val_if_fail (VPOP3_IS_LOG_MODEL (self), FALSE);

  n_items = self->log != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->log)) : 0;
  if (self->needs_rebuild || first_new (self) > n_items)
    return FALSE;
  if (removed != NULL)
    *removed = count_dropped (self);
  if (added != NULL)
    *added = n_items - first_new (self);
  return TRUE;
}

static gboolean
matches (Vpop3LogModel *self, Vpop3LogEntry *entry)
{
  g_autofree char *folded = NULL;

  if (self->needle == NULL)
    return TRUE;
  folded = g_utf8_casefold (vpop3_log_entry_get_text (entry), -1);
  return strstr (folded, self->needle) != NULL;
}

static void
remove_front (Vpop3LogModel *self, guint count, gboolean emit)
{
  if (!emit)
    {
      g_array_remove_range (self->rows, 0, count);
      return;
    }
  for (guint i = 0; i < count; i++)
    {
      g_autoptr (GtkTreePath) path = gtk_tree_path_new_first ();

      g_array_remove_index (self->rows, 0);
      self->stamp++;
      gtk_tree_model_row_deleted (GTK_TREE_MODEL (self), path);
    }
}

void
vpop3_log_model_sync (Vpop3LogModel *self, gboolean emit)
{
  guint n_items, first;

  g_return_if_fail (VPOP3_IS_LOG_MODEL (self));

  self->stamp++;
  n_items = self->log != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->log)) : 0;
  if (self->needs_rebuild || first_new (self) > n_items)
    {
      remove_front (self, self->rows->len, emit);
      self->next = self->base;
      self->needs_rebuild = FALSE;
    }
  else
    remove_front (self, count_dropped (self), emit);

  first = first_new (self);
  for (guint i = first; i < n_items; i++)
    {
      g_autoptr (Vpop3LogEntry) entry = g_list_model_get_item (G_LIST_MODEL (self->log), i);
      guint64 line = self->base + i;

      if (!matches (self, entry))
        continue;
      g_array_append_val (self->rows, line);
      if (emit)
        {
          g_autoptr (GtkTreePath) path = gtk_tree_path_new_from_indices (self->rows->len - 1, -1);
          GtkTreeIter iter;

          self->stamp++;
          set_iter (self, &iter, self->rows->len - 1);
          gtk_tree_model_row_inserted (GTK_TREE_MODEL (self), path, &iter);
        }
    }
  self->next = self->base + n_items;
}

int
vpop3_log_model_find_row (Vpop3LogModel *self, guint64 sequence)
{
  guint low = 0, high;

  g_return_val_if_fail (VPOP3_IS_LOG_MODEL (self), -1);

  high = self->rows->len;
  while (low < high)
    {
      guint middle = low + (high - low) / 2;

      if (row_at (self, middle) < sequence)
        low = middle + 1;
      else
        high = middle;
    }
  return low < self->rows->len ? (int) low : -1;
}

guint64
vpop3_log_model_get_row_sequence (Vpop3LogModel *self, int row)
{
  g_return_val_if_fail (VPOP3_IS_LOG_MODEL (self), 0);
  g_return_val_if_fail (row >= 0 && (guint) row < self->rows->len, 0);

  return row_at (self, (guint) row);
}
