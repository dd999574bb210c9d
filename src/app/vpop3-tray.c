/* vpop3-tray.c: keeps the indicator's icon, title and menu in step with the
 * client and the status.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vpop3-tray.h"

#include <glib/gi18n.h>

#include "vpop3-indicator.h"
#include "vpop3-tray-icon.h"

#define VIEW_PERMISSIONS                                                                           \
  (VPOP3_PERMISSION_VIEW_CONNECTION | VPOP3_PERMISSION_VIEW_QUEUES |                               \
   VPOP3_PERMISSION_VIEW_USER_QUEUES | VPOP3_PERMISSION_VIEW_LOG)

struct _Vpop3Tray
{
  GObject parent_instance;

  Vpop3Server *server;
  GSettings *settings;   /* the desktop-wide ones: symbolic-icons */
  GActionGroup *actions; /* what the menu's items activate */
  Vpop3Indicator *indicator;
  GtkMenu *menu;
  GtkWidget *summary_item;
  GtkWidget *reason_item;
  GtkWidget *messages_item;
  GtkWidget *status_item;
  GtkWidget *connect_to_item;
  GtkMenuShell *connect_to_menu;
  GtkWidget *shutdown_item;
  GtkWidget *disconnect_item;
  GtkWidget *connect_item;
  char *icon_name;
  char *summary;
};

/* Menus are as wide as their widest line; a long reason would widen it all. */
#define REASON_MAX_CHARS 80

G_DEFINE_FINAL_TYPE (Vpop3Tray, vpop3_tray, G_TYPE_OBJECT)

static void update_reason (Vpop3Tray *self, Vpop3ClientState state);

static void
update_icon (Vpop3Tray *self)
{
  Vpop3Client *client = vpop3_server_get_client (self->server);
  Vpop3Status *status = vpop3_server_get_status (self->server);
  GSettings *settings = self->settings;
  Vpop3ClientState state = vpop3_client_get_state (client);
  guint out_total = 0, inbox_total = 0;
  gboolean has_out = vpop3_status_get_out_queue (status, &out_total, NULL);
  gboolean has_inboxes = vpop3_status_get_inboxes (status, &inbox_total, NULL);
  gboolean mail_waiting = has_inboxes && inbox_total > 0;
  gboolean mail_to_send = has_out && out_total > 0;
  g_autofree char *icon_name = NULL;
  g_autofree char *summary = NULL;

  icon_name = vpop3_tray_icon_name (state, mail_waiting, mail_to_send,
                                    g_settings_get_boolean (settings, "symbolic-icons"));
  if (g_strcmp0 (icon_name, self->icon_name) != 0)
    {
      vpop3_indicator_set_icon (self->indicator, icon_name,
                                vpop3_tray_icon_description (state, mail_waiting, mail_to_send));
      g_free (self->icon_name);
      self->icon_name = g_steal_pointer (&icon_name);
    }

  summary = vpop3_tray_summary (
      vpop3_server_get_host (self->server), state, vpop3_client_get_reconnecting (client),
      vpop3_status_get_connection_text (status), has_out ? (int) out_total : -1,
      has_inboxes ? (int) inbox_total : -1);
  if (g_strcmp0 (summary, self->summary) != 0)
    {
      vpop3_indicator_set_title (self->indicator, summary);
      gtk_menu_item_set_label (GTK_MENU_ITEM (self->summary_item), summary);
      g_free (self->summary);
      self->summary = g_steal_pointer (&summary);
    }
  update_reason (self, state);
}

/* While not connected, the line under the summary says why (the server's
 * refusal, "Connection refused", "not a VPOP3 status service"…), so the user
 * need not open a window to find out. */
static void
update_reason (Vpop3Tray *self, Vpop3ClientState state)
{
  Vpop3Client *client = vpop3_server_get_client (self->server);
  g_autofree char *reason = NULL;

  if (state == VPOP3_CLIENT_STATE_DISCONNECTED || state == VPOP3_CLIENT_STATE_LOGIN_REFUSED)
    reason = vpop3_tray_reason (vpop3_client_get_error (client), REASON_MAX_CHARS);
  if (reason != NULL)
    gtk_menu_item_set_label (GTK_MENU_ITEM (self->reason_item), reason);
  gtk_widget_set_visible (self->reason_item, reason != NULL);
}

static void
update_visibility (Vpop3Tray *self)
{
  Vpop3Client *client = vpop3_server_get_client (self->server);
  Vpop3Status *status = vpop3_server_get_status (self->server);
  Vpop3ClientState state = vpop3_client_get_state (client);
  gboolean connected = state == VPOP3_CLIENT_STATE_CONNECTED;
  gboolean trying = state == VPOP3_CLIENT_STATE_CONNECTING ||
                    state == VPOP3_CLIENT_STATE_LOGGING_IN ||
                    vpop3_client_get_reconnecting (client);
  const char *const *connections = vpop3_status_get_connections (status);

  /* As in the original, Connect is there whenever the postbox shows the cross:
   * while retrying in the background it tries again at once, with a fresh
   * back-off, and Disconnect stops the retrying. */
  gtk_widget_set_visible (self->connect_item, !connected);
  gtk_widget_set_visible (self->disconnect_item, connected || trying);
  gtk_widget_set_visible (self->messages_item, connected);
  gtk_widget_set_visible (self->status_item,
                          connected && vpop3_status_allows (status, VIEW_PERMISSIONS));
  gtk_widget_set_visible (self->connect_to_item,
                          connected && vpop3_status_allows (status, VPOP3_PERMISSION_CONNECT) &&
                              connections != NULL && connections[0] != NULL);
  gtk_widget_set_visible (self->shutdown_item,
                          connected && vpop3_status_allows (status, VPOP3_PERMISSION_SHUTDOWN));
}

static void
rebuild_connections (Vpop3Tray *self)
{
  Vpop3Status *status = vpop3_server_get_status (self->server);
  const char *const *connections = vpop3_status_get_connections (status);
  g_autoptr (GList) children = gtk_container_get_children (GTK_CONTAINER (self->connect_to_menu));

  for (GList *l = children; l != NULL; l = l->next)
    gtk_widget_destroy (l->data);

  for (guint i = 0; connections != NULL && connections[i] != NULL; i++)
    {
      GtkWidget *item = gtk_menu_item_new_with_label (connections[i]);

      gtk_actionable_set_action_name (GTK_ACTIONABLE (item), "app.connect-now");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (item), "s", connections[i]);
      gtk_widget_show (item);
      gtk_menu_shell_append (self->connect_to_menu, item);
    }
  update_visibility (self);
}

static void
on_changed (gpointer instance, GParamSpec *pspec, gpointer user_data)
{
  Vpop3Tray *self = user_data;

  update_icon (self);
  update_visibility (self);
}

static void
on_symbolic_changed (GSettings *settings, const char *key, gpointer user_data)
{
  update_icon (user_data);
}

static void
vpop3_tray_dispose (GObject *object)
{
  Vpop3Tray *self = VPOP3_TRAY (object);

  if (self->server != NULL)
    {
      g_signal_handlers_disconnect_by_data (vpop3_server_get_client (self->server), self);
      g_signal_handlers_disconnect_by_data (vpop3_server_get_status (self->server), self);
    }
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->server);
  g_clear_object (&self->settings);
  g_clear_object (&self->actions);
  g_clear_object (&self->indicator);
  if (self->menu != NULL)
    gtk_widget_destroy (GTK_WIDGET (self->menu));
  g_clear_object (&self->menu);

  G_OBJECT_CLASS (vpop3_tray_parent_class)->dispose (object);
}

static void
vpop3_tray_finalize (GObject *object)
{
  Vpop3Tray *self = VPOP3_TRAY (object);

  g_free (self->icon_name);
  g_free (self->summary);

  G_OBJECT_CLASS (vpop3_tray_parent_class)->finalize (object);
}

enum
{
  PROP_0,
  PROP_SERVER,
  PROP_SETTINGS,
  PROP_ACTIONS,
  N_PROPS
};

static void
vpop3_tray_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  Vpop3Tray *self = VPOP3_TRAY (object);

  switch (prop_id)
    {
    case PROP_SERVER:
      self->server = g_value_dup_object (value);
      break;
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    case PROP_ACTIONS:
      self->actions = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void build_menu (Vpop3Tray *self);

static void
vpop3_tray_constructed (GObject *object)
{
  Vpop3Tray *self = VPOP3_TRAY (object);
  Vpop3Client *client = vpop3_server_get_client (self->server);
  Vpop3Status *status = vpop3_server_get_status (self->server);
  g_autofree char *initial_icon = NULL;

  G_OBJECT_CLASS (vpop3_tray_parent_class)->constructed (object);

  build_menu (self);
  initial_icon = vpop3_tray_icon_name (VPOP3_CLIENT_STATE_DISCONNECTED, FALSE, FALSE, FALSE);
  self->indicator = vpop3_indicator_new (APP_ID, initial_icon, g_getenv ("VPOP3_ICON_THEME_PATH"));
  vpop3_indicator_set_menu (self->indicator, self->menu);
  vpop3_indicator_set_secondary_target (self->indicator, self->status_item);

  g_signal_connect (client, "notify::state", G_CALLBACK (on_changed), self);
  g_signal_connect (client, "notify::reconnecting", G_CALLBACK (on_changed), self);
  g_signal_connect (client, "notify::host", G_CALLBACK (on_changed), self);
  g_signal_connect (status, "notify::out-queue-total", G_CALLBACK (on_changed), self);
  g_signal_connect (status, "notify::inboxes-total", G_CALLBACK (on_changed), self);
  g_signal_connect (status, "notify::connection-text", G_CALLBACK (on_changed), self);
  g_signal_connect (status, "notify::permissions", G_CALLBACK (on_changed), self);
  g_signal_connect (status, "notify::has-permissions", G_CALLBACK (on_changed), self);
  g_signal_connect_swapped (status, "notify::connections", G_CALLBACK (rebuild_connections), self);
  g_signal_connect (self->settings, "changed::symbolic-icons", G_CALLBACK (on_symbolic_changed),
                    self);

  update_icon (self);
  rebuild_connections (self);
}

static void
vpop3_tray_class_init (Vpop3TrayClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = vpop3_tray_constructed;
  object_class->set_property = vpop3_tray_set_property;
  object_class->dispose = vpop3_tray_dispose;
  object_class->finalize = vpop3_tray_finalize;

  g_object_class_install_property (
      object_class, PROP_SERVER,
      g_param_spec_object ("server", NULL, NULL, VPOP3_TYPE_SERVER, flags));
  g_object_class_install_property (
      object_class, PROP_SETTINGS,
      g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS, flags));
  g_object_class_install_property (
      object_class, PROP_ACTIONS,
      g_param_spec_object ("actions", NULL, NULL, G_TYPE_ACTION_GROUP, flags));
}

static void
vpop3_tray_init (Vpop3Tray *self)
{
}

static void
build_menu (Vpop3Tray *self)
{
  g_autoptr (GtkBuilder) builder = NULL;

  builder =
      gtk_builder_new_from_resource ("/io/github/vpop3monitor/Vpop3Monitor/vpop3-tray-menu.ui");
  self->menu = g_object_ref_sink (GTK_MENU (gtk_builder_get_object (builder, "menu")));
  self->summary_item = GTK_WIDGET (gtk_builder_get_object (builder, "summary_item"));
  self->reason_item = GTK_WIDGET (gtk_builder_get_object (builder, "reason_item"));
  self->messages_item = GTK_WIDGET (gtk_builder_get_object (builder, "messages_item"));
  self->status_item = GTK_WIDGET (gtk_builder_get_object (builder, "status_item"));
  self->connect_to_item = GTK_WIDGET (gtk_builder_get_object (builder, "connect_to_item"));
  self->connect_to_menu = GTK_MENU_SHELL (gtk_builder_get_object (builder, "connect_to_menu"));
  self->shutdown_item = GTK_WIDGET (gtk_builder_get_object (builder, "shutdown_item"));
  self->disconnect_item = GTK_WIDGET (gtk_builder_get_object (builder, "disconnect_item"));
  self->connect_item = GTK_WIDGET (gtk_builder_get_object (builder, "connect_item"));

  /* The menu belongs to no window, so it is given the actions it activates. */
  gtk_widget_insert_action_group (GTK_WIDGET (self->menu), "app", self->actions);
}

Vpop3Tray *
vpop3_tray_new (Vpop3Server *server, GSettings *settings, GActionGroup *actions)
{
  g_return_val_if_fail (VPOP3_IS_SERVER (server), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (G_IS_ACTION_GROUP (actions), NULL);

  return g_object_new (VPOP3_TYPE_TRAY, "server", server, "settings", settings, "actions", actions,
                       NULL);
}
