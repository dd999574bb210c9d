/* vpop3-sessions-view.c: a GtkTreeView over a GtkListStore of the status's
 * Vpop3Session objects, kept in step with the sessions model. The active
 * times age each second only while the view is mapped (window shown and
 * the Sessions tab selected): no timer otherwise.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vpop3-sessions-view.h"

#include <glib/gi18n.h>

#include "vpop3-command.h"
#include "vpop3-session.h"

enum
{
  COLUMN_SESSION,
  N_COLUMNS
};

struct _Vpop3SessionsView
{
  GtkBox parent_instance;

  GListModel *sessions;
  GActionGroup *actions;
  GtkListStore *store;
  guint tick_id;

  GtkTreeView *tree_view;
  GtkTreeSelection *selection;
  GtkTreeViewColumn *type_column;
  GtkTreeViewColumn *user_column;
  GtkTreeViewColumn *active_column;
  GtkTreeViewColumn *detail_column;
  GtkCellRenderer *type_renderer;
  GtkCellRenderer *user_renderer;
  GtkCellRenderer *active_renderer;
  GtkCellRenderer *detail_renderer;
  GtkWidget *end_button;
};

G_DEFINE_FINAL_TYPE (Vpop3SessionsView, vpop3_sessions_view, GTK_TYPE_BOX)

static Vpop3Session *
dup_session (GtkTreeModel *model, GtkTreeIter *iter)
{
  Vpop3Session *session = NULL;

  gtk_tree_model_get (model, iter, COLUMN_SESSION, &session, -1);
  return session;
}

/* One data function for the four columns; @user_data names the field. */
static void
render_field (GtkTreeViewColumn *column,
              GtkCellRenderer *cell,
              GtkTreeModel *model,
              GtkTreeIter *iter,
              gpointer user_data)
{
  g_autoptr (Vpop3Session) session = dup_session (model, iter);
  const char *field = user_data;
  g_autofree char *active = NULL;
  const char *text = NULL;

  if (session == NULL)
    text = NULL;
  else if (g_str_equal (field, "session-type"))
    text = vpop3_session_get_session_type (session);
  else if (g_str_equal (field, "user"))
    text = vpop3_session_get_user (session);
  else if (g_str_equal (field, "detail"))
    text = vpop3_session_get_detail (session);
  else
    text = active = vpop3_format_active_time (vpop3_session_get_active_seconds (session));

  g_object_set (cell, "text", text != NULL ? text : "", NULL);
}

static gboolean
find_row (Vpop3SessionsView *self, Vpop3Session *session, GtkTreeIter *iter)
{
  GtkTreeModel *model = GTK_TREE_MODEL (self->store);
  gboolean valid;

  for (valid = gtk_tree_model_get_iter_first (model, iter); valid;
       valid = gtk_tree_model_iter_next (model, iter))
    {
      g_autoptr (Vpop3Session) candidate = dup_session (model, iter);

      if (candidate == session)
        return TRUE;
    }
  return FALSE;
}

static void
row_changed (GtkTreeModel *model, GtkTreeIter *iter)
{
  g_autoptr (GtkTreePath) path = gtk_tree_model_get_path (model, iter);

  gtk_tree_model_row_changed (model, path, iter);
}

static void
on_session_notify (Vpop3Session *session, GParamSpec *pspec, gpointer user_data)
{
  Vpop3SessionsView *self = user_data;
  GtkTreeIter iter;

  if (find_row (self, session, &iter))
    row_changed (GTK_TREE_MODEL (self->store), &iter);
}

static void update_ticking (Vpop3SessionsView *self);

static void
on_items_changed (GListModel *model, guint position, guint removed, guint added, gpointer user_data)
{
  Vpop3SessionsView *self = user_data;
  GtkTreeIter iter;

  if (removed > 0 &&
      gtk_tree_model_iter_nth_child (GTK_TREE_MODEL (self->store), &iter, NULL, (int) position))
    {
      for (guint i = 0; i < removed; i++)
        {
          g_autoptr (Vpop3Session) session = dup_session (GTK_TREE_MODEL (self->store), &iter);

          if (session != NULL)
            g_signal_handlers_disconnect_by_data (session, self);
          if (!gtk_list_store_remove (self->store, &iter))
            break;
        }
    }

  for (guint i = 0; i < added; i++)
    {
      g_autoptr (Vpop3Session) session = g_list_model_get_item (model, position + i);

      g_signal_connect (session, "notify", G_CALLBACK (on_session_notify), self);
      gtk_list_store_insert_with_values (self->store, NULL, (int) (position + i), COLUMN_SESSION,
                                         session, -1);
    }
  update_ticking (self);
}

static void
disconnect_all (Vpop3SessionsView *self)
{
  GtkTreeModel *model = GTK_TREE_MODEL (self->store);
  GtkTreeIter iter;
  gboolean valid;

  if (self->sessions != NULL)
    g_signal_handlers_disconnect_by_data (self->sessions, self);
  for (valid = gtk_tree_model_get_iter_first (model, &iter); valid;
       valid = gtk_tree_model_iter_next (model, &iter))
    {
      g_autoptr (Vpop3Session) session = dup_session (model, &iter);

      if (session != NULL)
        g_signal_handlers_disconnect_by_data (session, self);
    }
  gtk_list_store_clear (self->store);
}

void
vpop3_sessions_view_set_sessions (Vpop3SessionsView *self, GListModel *sessions)
{
  g_return_if_fail (VPOP3_IS_SESSIONS_VIEW (self));
  g_return_if_fail (sessions == NULL || G_IS_LIST_MODEL (sessions));

  if (self->sessions == sessions)
    return;

  disconnect_all (self);
  g_set_object (&self->sessions, sessions);
  if (sessions != NULL)
    {
      on_items_changed (sessions, 0, 0, g_list_model_get_n_items (sessions), self);
      g_signal_connect (sessions, "items-changed", G_CALLBACK (on_items_changed), self);
    }
  update_ticking (self);
}

/* End Session ------------------------------------------------------------------------ */

static gboolean
can_end_sessions (Vpop3SessionsView *self)
{
  gboolean enabled = FALSE;

  return self->actions != NULL &&
         g_action_group_query_action (self->actions, "end-session", &enabled, NULL, NULL, NULL,
                                      NULL) &&
         enabled;
}

static void
update_end_button (Vpop3SessionsView *self)
{
  GtkTreeModel *model = NULL;
  GtkTreeIter iter;
  g_autoptr (Vpop3Session) session = NULL;
  gboolean sendable = TRUE;

  if (gtk_tree_selection_get_selected (self->selection, &model, &iter))
    session = dup_session (model, &iter);
  /* An id the command line cannot carry (a space at either end) cannot be
   * ended from here: say so rather than fail after the question. */
  if (session != NULL)
    sendable =
        vpop3_command_accepts_target (VPOP3_COMMAND_END_SESSION, vpop3_session_get_id (session));
  gtk_widget_set_sensitive (self->end_button,
                            session != NULL && sendable && can_end_sessions (self));
  gtk_widget_set_tooltip_text (
      self->end_button, sendable ? NULL : _ ("This session’s name cannot be sent to the server"));
}

static void
on_action_changed (GActionGroup *actions, const char *name, gpointer user_data)
{
  update_end_button (user_data);
}

static void
on_action_enabled_changed (GActionGroup *actions,
                           const char *name,
                           gboolean enabled,
                           gpointer user_data)
{
  update_end_button (user_data);
}

void
vpop3_sessions_view_set_actions (Vpop3SessionsView *self, GActionGroup *actions)
{
  g_return_if_fail (VPOP3_IS_SESSIONS_VIEW (self));
  g_return_if_fail (actions == NULL || G_IS_ACTION_GROUP (actions));

  if (self->actions != NULL)
    g_signal_handlers_disconnect_by_data (self->actions, self);
  g_set_object (&self->actions, actions);
  if (actions != NULL)
    {
      g_signal_connect (actions, "action-added::end-session", G_CALLBACK (on_action_changed), self);
      g_signal_connect (actions, "action-removed::end-session", G_CALLBACK (on_action_changed),
                        self);
      g_signal_connect (actions, "action-enabled-changed::end-session",
                        G_CALLBACK (on_action_enabled_changed), self);
    }
  update_end_button (self);
}

static void
on_end_confirmed (GtkDialog *dialog, int response, gpointer user_data)
{
  Vpop3SessionsView *self = user_data;
  const char *id = g_object_get_data (G_OBJECT (dialog), "session-id");

  if (response == GTK_RESPONSE_ACCEPT && can_end_sessions (self))
    g_action_group_activate_action (self->actions, "end-session", g_variant_new_string (id));
  gtk_widget_destroy (GTK_WIDGET (dialog));
}

static void
on_end_clicked (Vpop3SessionsView *self)
{
  GtkTreeModel *model = NULL;
  GtkTreeIter iter;
  g_autoptr (Vpop3Session) session = NULL;
  const char *user;
  GtkWidget *dialog, *button;
  GtkWidget *toplevel = gtk_widget_get_toplevel (GTK_WIDGET (self));

  if (!gtk_tree_selection_get_selected (self->selection, &model, &iter))
    return;
  session = dup_session (model, &iter);
  if (session == NULL)
    return;

  dialog = gtk_message_dialog_new (
      GTK_IS_WINDOW (toplevel) ? GTK_WINDOW (toplevel) : NULL,
      GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT, GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
      _ ("End the session “%s”?"), vpop3_session_get_session_type (session));
  user = vpop3_session_get_user (session);
  if (user != NULL && *user != '\0')
    gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog),
                                              _ ("VPOP3 will close the connection of %s."), user);
  else
    gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog),
                                              _ ("VPOP3 will close this connection."));
  gtk_dialog_add_button (GTK_DIALOG (dialog), _ ("_Cancel"), GTK_RESPONSE_CANCEL);
  button = gtk_dialog_add_button (GTK_DIALOG (dialog), _ ("_End Session"), GTK_RESPONSE_ACCEPT);
  gtk_style_context_add_class (gtk_widget_get_style_context (button), "destructive-action");
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);

  /* The session may end while the question is open: keep its id, not the row. */
  g_object_set_data_full (G_OBJECT (dialog), "session-id",
                          g_strdup (vpop3_session_get_id (session)), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_end_confirmed), self, 0);
  gtk_widget_show (dialog);
}

/* Ticking ----------------------------------------------------------------------------- */

static gboolean
on_tick (gpointer user_data)
{
  Vpop3SessionsView *self = user_data;
  GtkTreeModel *model = GTK_TREE_MODEL (self->store);
  GtkTreeIter iter;
  gboolean valid;

  for (valid = gtk_tree_model_get_iter_first (model, &iter); valid;
       valid = gtk_tree_model_iter_next (model, &iter))
    row_changed (model, &iter);
  return G_SOURCE_CONTINUE;
}

gboolean
vpop3_sessions_view_is_ticking (Vpop3SessionsView *self)
{
  g_return_val_if_fail (VPOP3_IS_SESSIONS_VIEW (self), FALSE);

  return self->tick_id != 0;
}

/* Minimised windows stay mapped: their state says whether anyone can see us.
 * With no sessions there is nothing to age, so nothing ticks either. */
static void
update_ticking (Vpop3SessionsView *self)
{
  GdkWindow *window = gtk_widget_get_window (gtk_widget_get_toplevel (GTK_WIDGET (self)));
  gboolean iconified =
      window != NULL && (gdk_window_get_state (window) & GDK_WINDOW_STATE_ICONIFIED) != 0;
  gboolean has_rows = gtk_tree_model_iter_n_children (GTK_TREE_MODEL (self->store), NULL) > 0;

  if (gtk_widget_get_mapped (GTK_WIDGET (self)) && !iconified && has_rows)
    {
      if (self->tick_id == 0)
        {
          on_tick (self);
          self->tick_id = g_timeout_add_seconds (1, on_tick, self);
        }
    }
  else
    g_clear_handle_id (&self->tick_id, g_source_remove);
}

static gboolean
on_window_state (Vpop3SessionsView *self, GdkEventWindowState *event)
{
  update_ticking (self);
  return GDK_EVENT_PROPAGATE;
}

static void
vpop3_sessions_view_map (GtkWidget *widget)
{
  Vpop3SessionsView *self = VPOP3_SESSIONS_VIEW (widget);

  GTK_WIDGET_CLASS (vpop3_sessions_view_parent_class)->map (widget);

  g_signal_connect_object (gtk_widget_get_toplevel (widget), "window-state-event",
                           G_CALLBACK (on_window_state), self, G_CONNECT_SWAPPED);
  update_ticking (self);
}

static void
vpop3_sessions_view_unmap (GtkWidget *widget)
{
  Vpop3SessionsView *self = VPOP3_SESSIONS_VIEW (widget);

  g_signal_handlers_disconnect_by_func (gtk_widget_get_toplevel (widget), on_window_state, self);
  g_clear_handle_id (&self->tick_id, g_source_remove);

  GTK_WIDGET_CLASS (vpop3_sessions_view_parent_class)->unmap (widget);
}

static void
vpop3_sessions_view_dispose (GObject *object)
{
  Vpop3SessionsView *self = VPOP3_SESSIONS_VIEW (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->store != NULL)
    disconnect_all (self);
  if (self->actions != NULL)
    g_signal_handlers_disconnect_by_data (self->actions, self);
  g_clear_object (&self->sessions);
  g_clear_object (&self->actions);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (vpop3_sessions_view_parent_class)->dispose (object);
}

static void
vpop3_sessions_view_class_init (Vpop3SessionsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vpop3_sessions_view_dispose;
  widget_class->map = vpop3_sessions_view_map;
  widget_class->unmap = vpop3_sessions_view_unmap;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/vpop3monitor/Vpop3Monitor/"
                                                             "vpop3-sessions-view.ui");
  gtk_widget_class_bind_template_child (widget_class, Vpop3SessionsView, tree_view);
  gtk_widget_class_bind_template_child (widget_class, Vpop3SessionsView, selection);
  gtk_widget_class_bind_template_child (widget_class, Vpop3SessionsView, type_column);
  gtk_widget_class_bind_template_child (widget_class, Vpop3SessionsView, user_column);
  gtk_widget_class_bind_template_child (widget_class, Vpop3SessionsView, active_column);
  gtk_widget_class_bind_template_child (widget_class, Vpop3SessionsView, detail_column);
  gtk_widget_class_bind_template_child (widget_class, Vpop3SessionsView, type_renderer);
  gtk_widget_class_bind_template_child (widget_class, Vpop3SessionsView, user_renderer);
  gtk_widget_class_bind_template_child (widget_class, Vpop3SessionsView, active_renderer);
  gtk_widget_class_bind_template_child (widget_class, Vpop3SessionsView, detail_renderer);
  gtk_widget_class_bind_template_child (widget_class, Vpop3SessionsView, end_button);
  gtk_widget_class_bind_template_callback (widget_class, update_end_button);
  gtk_widget_class_bind_template_callback (widget_class, on_end_clicked);
}

static void
vpop3_sessions_view_init (Vpop3SessionsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->store = gtk_list_store_new (N_COLUMNS, VPOP3_TYPE_SESSION);
  gtk_tree_view_set_model (self->tree_view, GTK_TREE_MODEL (self->store));
  gtk_tree_view_column_set_cell_data_func (self->type_column, self->type_renderer, render_field,
                                           (gpointer) "session-type", NULL);
  gtk_tree_view_column_set_cell_data_func (self->user_column, self->user_renderer, render_field,
                                           (gpointer) "user", NULL);
  gtk_tree_view_column_set_cell_data_func (self->active_column, self->active_renderer, render_field,
                                           (gpointer) "active", NULL);
  gtk_tree_view_column_set_cell_data_func (self->detail_column, self->detail_renderer, render_field,
                                           (gpointer) "detail", NULL);
}

GtkWidget *
vpop3_sessions_view_new (void)
{
  return g_object_new (VPOP3_TYPE_SESSIONS_VIEW, NULL);
}
