/* vpop3-tray.c: keeps the indicator's icon, title and menu in step with the
 * servers. With one server the menu is the original's, item for item; with
 * several, one postbox sums them up and each server has a submenu.
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

/* Menus are as wide as their widest line; a long reason would widen it all. */
#define REASON_MAX_CHARS 80

/* The items that act on one server: in the top-level menu with one server,
 * in the server's submenu with several. */
typedef struct
{
  Vpop3Tray *tray;
  Vpop3Server *server;
  GtkWidget *server_item; /* the submenu's item; NULL with one server */
  GtkWidget *reason_item;
  GtkWidget *messages_item;
  GtkWidget *status_item;
  GtkWidget *connect_to_item;
  GtkMenuShell *connect_to_menu;
  GtkWidget *shutdown_item;
  GtkWidget *disconnect_item;
  GtkWidget *connect_item;
} ServerItems;

struct _Vpop3Tray
{
  GObject parent_instance;

  GListModel *servers;   /* Vpop3Server */
  GSettings *settings;   /* the desktop-wide ones: symbolic-icons */
  GActionGroup *actions; /* what the menu's items activate */
  Vpop3Indicator *indicator;
  GtkMenu *menu;
  GtkWidget *summary_item;
  GPtrArray *items; /* ServerItems, one per server */
  char *icon_name;
  const char *description; /* static, from vpop3_tray_icon_description() */
  char *summary;
};

G_DEFINE_FINAL_TYPE (Vpop3Tray, vpop3_tray, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_SERVERS,
  PROP_SETTINGS,
  PROP_ACTIONS,
  N_PROPS
};

/* The state of one server ---------------------------------------------------------------- */

typedef struct
{
  Vpop3ClientState state;
  gboolean wanted; /* the user has not chosen to disconnect it */
  gboolean has_out, has_inboxes;
  guint out_total, inbox_total;
} ServerState;

static void
read_state (Vpop3Server *server, ServerState *state)
{
  Vpop3Client *client = vpop3_server_get_client (server);
  Vpop3Status *status = vpop3_server_get_status (server);

  state->state = vpop3_client_get_state (client);
  state->wanted = vpop3_server_get_wanted (server);
  state->has_out = vpop3_status_get_out_queue (status, &state->out_total, NULL);
  state->has_inboxes = vpop3_status_get_inboxes (status, &state->inbox_total, NULL);
}

/* Icon and summary ----------------------------------------------------------------------- */

static void
update_reason (ServerItems *items, Vpop3ClientState state)
{
  g_autofree char *reason = NULL;

  if (state == VPOP3_CLIENT_STATE_DISCONNECTED || state == VPOP3_CLIENT_STATE_LOGIN_REFUSED)
    reason = vpop3_tray_reason (vpop3_client_get_error (vpop3_server_get_client (items->server)),
                                REASON_MAX_CHARS);
  if (reason != NULL)
    gtk_menu_item_set_label (GTK_MENU_ITEM (items->reason_item), reason);
  gtk_widget_set_visible (items->reason_item, reason != NULL);
}

/* One postbox for all: the cross when a server the user wants monitored is
 * not connected; else fat when any has mail waiting for users, the letter
 * when any has mail to send. With one server, exactly the original's. */
static void
update_icon (Vpop3Tray *self)
{
  guint n = self->items->len;
  Vpop3ClientState shown = VPOP3_CLIENT_STATE_CONNECTED;
  gboolean mail_waiting = FALSE, mail_to_send = FALSE;
  guint wanted = 0, not_connected = 0, out_total = 0, inbox_total = 0;
  gboolean has_out = FALSE, has_inboxes = FALSE;
  g_autofree char *icon_name = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *first_missing = NULL;
  const char *description;

  for (guint i = 0; i < n; i++)
    {
      ServerItems *items = g_ptr_array_index (self->items, i);
      ServerState state;

      read_state (items->server, &state);
      update_reason (items, state.state);
      if (n == 1)
        {
          shown = state.state;
          summary =
              vpop3_tray_server_summary (items->server, vpop3_server_get_host (items->server));
        }
      else
        {
          g_autofree char *name = vpop3_server_dup_name (items->server);
          g_autofree char *line = vpop3_tray_server_summary (items->server, name);

          gtk_menu_item_set_label (GTK_MENU_ITEM (items->server_item), line);
          if (!state.wanted)
            continue;
          wanted++;
          if (state.state != VPOP3_CLIENT_STATE_CONNECTED)
            {
              not_connected++;
              if (first_missing == NULL)
                first_missing = g_steal_pointer (&name);
              continue;
            }
        }
      if (state.state != VPOP3_CLIENT_STATE_CONNECTED)
        continue;
      mail_waiting = mail_waiting || (state.has_inboxes && state.inbox_total > 0);
      mail_to_send = mail_to_send || (state.has_out && state.out_total > 0);
      has_out = has_out || state.has_out;
      has_inboxes = has_inboxes || state.has_inboxes;
      out_total += state.has_out ? state.out_total : 0;
      inbox_total += state.has_inboxes ? state.inbox_total : 0;
    }
  if (n > 1)
    {
      /* Nothing monitored at all is not "all is well" either. */
      if (not_connected > 0 || wanted == 0)
        shown = VPOP3_CLIENT_STATE_DISCONNECTED;
      summary = vpop3_tray_summary_servers (n, not_connected, first_missing,
                                            has_out ? (int) out_total : -1,
                                            has_inboxes ? (int) inbox_total : -1);
    }

  icon_name = vpop3_tray_icon_name (shown, mail_waiting, mail_to_send,
                                    g_settings_get_boolean (self->settings, "symbolic-icons"));
  description =
      vpop3_tray_icon_description (shown, mail_waiting, mail_to_send, has_out || has_inboxes);
  /* The words can change with the same icon: the counts come after the login. */
  if (g_strcmp0 (icon_name, self->icon_name) != 0 || description != self->description)
    {
      vpop3_indicator_set_icon (self->indicator, icon_name, description);
      g_free (self->icon_name);
      self->icon_name = g_steal_pointer (&icon_name);
      self->description = description;
    }
  if (g_strcmp0 (summary, self->summary) != 0)
    {
      vpop3_indicator_set_title (self->indicator, summary);
      gtk_menu_item_set_label (GTK_MENU_ITEM (self->summary_item), summary);
      g_free (self->summary);
      self->summary = g_steal_pointer (&summary);
    }
}

/* Each server's items -------------------------------------------------------------------- */

static void
update_visibility (ServerItems *items)
{
  Vpop3Client *client = vpop3_server_get_client (items->server);
  Vpop3Status *status = vpop3_server_get_status (items->server);
  Vpop3ClientState state = vpop3_client_get_state (client);
  gboolean connected = state == VPOP3_CLIENT_STATE_CONNECTED;
  gboolean trying = vpop3_client_is_trying (client);
  const char *const *connections = vpop3_status_get_connections (status);

  /* As in the original, Connect is there whenever the postbox shows the cross:
   * while retrying in the background it tries again at once, with a fresh
   * back-off, and Disconnect stops the retrying. */
  gtk_widget_set_visible (items->connect_item, !connected);
  gtk_widget_set_visible (items->disconnect_item, connected || trying);
  gtk_widget_set_visible (items->messages_item, connected);
  gtk_widget_set_visible (items->status_item,
                          connected && vpop3_status_allows (status, VIEW_PERMISSIONS));
  gtk_widget_set_visible (items->connect_to_item,
                          connected && vpop3_status_allows (status, VPOP3_PERMISSION_CONNECT) &&
                              connections != NULL && connections[0] != NULL);
  gtk_widget_set_visible (items->shutdown_item,
                          connected && vpop3_status_allows (status, VPOP3_PERMISSION_SHUTDOWN));
}

static void
rebuild_connections (ServerItems *items)
{
  const char *const *connections =
      vpop3_status_get_connections (vpop3_server_get_status (items->server));
  g_autoptr (GList) children = gtk_container_get_children (GTK_CONTAINER (items->connect_to_menu));

  for (GList *l = children; l != NULL; l = l->next)
    gtk_widget_destroy (l->data);

  for (guint i = 0; connections != NULL && connections[i] != NULL; i++)
    {
      GtkWidget *item = gtk_menu_item_new_with_label (connections[i]);

      if (items->server_item == NULL)
        {
          gtk_actionable_set_action_name (GTK_ACTIONABLE (item), "app.connect-now");
          gtk_actionable_set_action_target (GTK_ACTIONABLE (item), "s", connections[i]);
        }
      else
        {
          gtk_actionable_set_action_name (GTK_ACTIONABLE (item), "app.connect-now-of");
          gtk_actionable_set_action_target (GTK_ACTIONABLE (item), "(sv)",
                                            vpop3_server_get_id (items->server),
                                            g_variant_new_string (connections[i]));
        }
      gtk_widget_show (item);
      gtk_menu_shell_append (items->connect_to_menu, item);
    }
  update_visibility (items);
}

static void
on_server_changed (gpointer instance, GParamSpec *pspec, gpointer user_data)
{
  ServerItems *items = user_data;

  update_visibility (items);
  update_icon (items->tray);
}

static void
on_connections_changed (gpointer instance, GParamSpec *pspec, gpointer user_data)
{
  rebuild_connections (user_data);
}

static void
server_items_free (ServerItems *items)
{
  g_signal_handlers_disconnect_by_data (vpop3_server_get_client (items->server), items);
  g_signal_handlers_disconnect_by_data (vpop3_server_get_status (items->server), items);
  g_signal_handlers_disconnect_by_data (items->server, items);
  g_object_unref (items->server);
  g_free (items);
}

static void
watch_server (ServerItems *items)
{
  Vpop3Client *client = vpop3_server_get_client (items->server);
  Vpop3Status *status = vpop3_server_get_status (items->server);
  static const char *const client_props[] = { "notify::state", "notify::reconnecting",
                                              "notify::host" };
  static const char *const status_props[] = { "notify::out-queue-total", "notify::inboxes-total",
                                              "notify::connection-text", "notify::permissions",
                                              "notify::has-permissions" };

  for (guint i = 0; i < G_N_ELEMENTS (client_props); i++)
    g_signal_connect (client, client_props[i], G_CALLBACK (on_server_changed), items);
  for (guint i = 0; i < G_N_ELEMENTS (status_props); i++)
    g_signal_connect (status, status_props[i], G_CALLBACK (on_server_changed), items);
  g_signal_connect (status, "notify::connections", G_CALLBACK (on_connections_changed), items);
  g_signal_connect (items->server, "notify::name", G_CALLBACK (on_server_changed), items);
  g_signal_connect (items->server, "notify::wanted", G_CALLBACK (on_server_changed), items);
  rebuild_connections (items);
}

/* The server's items, taken from @builder's objects. */
static ServerItems *
server_items_new (Vpop3Tray *self, Vpop3Server *server, GtkBuilder *builder)
{
  ServerItems *items = g_new0 (ServerItems, 1);

  items->tray = self;
  items->server = g_object_ref (server);
#define ITEM(name) items->name = GTK_WIDGET (gtk_builder_get_object (builder, #name))
  ITEM (reason_item);
  ITEM (messages_item);
  ITEM (status_item);
  ITEM (connect_to_item);
  ITEM (shutdown_item);
  ITEM (disconnect_item);
  ITEM (connect_item);
#undef ITEM
  items->connect_to_menu = GTK_MENU_SHELL (gtk_builder_get_object (builder, "connect_to_menu"));
  return items;
}

/* The menu --------------------------------------------------------------------------------- */

/* With one server: the original's menu, item for item. */
static void
build_single_menu (Vpop3Tray *self, Vpop3Server *server)
{
  g_autoptr (GtkBuilder) builder =
      gtk_builder_new_from_resource ("/io/github/vpop3monitor/Vpop3Monitor/vpop3-tray-menu.ui");
  ServerItems *items = server_items_new (self, server, builder);

  self->menu = g_object_ref_sink (GTK_MENU (gtk_builder_get_object (builder, "menu")));
  self->summary_item = GTK_WIDGET (gtk_builder_get_object (builder, "summary_item"));
  g_ptr_array_add (self->items, items);
  watch_server (items);
}

static GtkWidget *
append_item (GtkMenuShell *menu, const char *label, const char *action)
{
  GtkWidget *item = gtk_menu_item_new_with_label (label);

  if (action != NULL)
    gtk_actionable_set_action_name (GTK_ACTIONABLE (item), action);
  gtk_widget_show (item);
  gtk_menu_shell_append (menu, item);
  return item;
}

static void
append_separator (GtkMenuShell *menu)
{
  GtkWidget *separator = gtk_separator_menu_item_new ();

  gtk_widget_show (separator);
  gtk_menu_shell_append (menu, separator);
}

/* With several: the summary, Help, a submenu per server, then Configure
 * Status Monitor and Exit Status Monitor at the top level. */
static void
build_several_menu (Vpop3Tray *self)
{
  GtkMenuShell *menu = GTK_MENU_SHELL (gtk_menu_new ());

  self->menu = g_object_ref_sink (GTK_MENU (menu));
  self->summary_item = append_item (menu, "VPOP3", NULL);
  gtk_widget_set_sensitive (self->summary_item, FALSE);
  append_separator (menu);
  append_item (menu, _ ("Help"), "app.help");
  for (guint i = 0; i < g_list_model_get_n_items (self->servers); i++)
    {
      g_autoptr (Vpop3Server) server = g_list_model_get_item (self->servers, i);
      g_autoptr (GtkBuilder) builder = gtk_builder_new_from_resource (
          "/io/github/vpop3monitor/Vpop3Monitor/vpop3-tray-server-menu.ui");
      GtkWidget *submenu = GTK_WIDGET (gtk_builder_get_object (builder, "server_menu"));
      ServerItems *items = server_items_new (self, server, builder);
      g_autoptr (GList) children = gtk_container_get_children (GTK_CONTAINER (submenu));
      GVariant *target = g_variant_new_string (vpop3_server_get_id (server));

      g_variant_ref_sink (target);
      for (GList *l = children; l != NULL; l = l->next)
        if (gtk_actionable_get_action_name (l->data) != NULL)
          gtk_actionable_set_action_target_value (l->data, target);
      g_variant_unref (target);
      items->server_item = append_item (menu, "", NULL);
      gtk_menu_item_set_submenu (GTK_MENU_ITEM (items->server_item), submenu);
      g_ptr_array_add (self->items, items);
      watch_server (items);
    }
  append_separator (menu);
  append_item (menu, _ ("Configure Status Monitor"), "app.preferences");
  append_separator (menu);
  append_item (menu, _ ("Exit Status Monitor"), "app.quit");
}

static void
rebuild_menu (Vpop3Tray *self)
{
  guint n = g_list_model_get_n_items (self->servers);
  ServerItems *first;

  g_ptr_array_set_size (self->items, 0);
  if (self->menu != NULL)
    gtk_widget_destroy (GTK_WIDGET (self->menu));
  g_clear_object (&self->menu);
  g_clear_pointer (&self->summary, g_free);

  if (n == 1)
    {
      g_autoptr (Vpop3Server) server = g_list_model_get_item (self->servers, 0);

      build_single_menu (self, server);
    }
  else
    build_several_menu (self);

  /* The menu belongs to no window, so it is given the actions it activates. */
  gtk_widget_insert_action_group (GTK_WIDGET (self->menu), "app", self->actions);
  vpop3_indicator_set_menu (self->indicator, self->menu);
  /* A middle click opens the first server's status. */
  first = self->items->len > 0 ? g_ptr_array_index (self->items, 0) : NULL;
  if (first != NULL)
    vpop3_indicator_set_secondary_target (self->indicator, first->status_item);
  update_icon (self);
}

static void
on_servers_changed (
    GListModel *servers, guint position, guint removed, guint added, gpointer user_data)
{
  rebuild_menu (user_data);
}

static void
on_symbolic_changed (GSettings *settings, const char *key, gpointer user_data)
{
  update_icon (user_data);
}

/* GObject ------------------------------------------------------------------------------- */

static void
vpop3_tray_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  Vpop3Tray *self = VPOP3_TRAY (object);

  switch (prop_id)
    {
    case PROP_SERVERS:
      self->servers = g_value_dup_object (value);
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

static void
vpop3_tray_constructed (GObject *object)
{
  Vpop3Tray *self = VPOP3_TRAY (object);
  g_autofree char *initial_icon = NULL;

  G_OBJECT_CLASS (vpop3_tray_parent_class)->constructed (object);

  g_assert (self->servers != NULL && self->settings != NULL && self->actions != NULL);
  initial_icon = vpop3_tray_icon_name (VPOP3_CLIENT_STATE_DISCONNECTED, FALSE, FALSE, FALSE);
  self->indicator = vpop3_indicator_new (APP_ID, initial_icon, g_getenv ("VPOP3_ICON_THEME_PATH"));
  g_signal_connect (self->servers, "items-changed", G_CALLBACK (on_servers_changed), self);
  g_signal_connect (self->settings, "changed::symbolic-icons", G_CALLBACK (on_symbolic_changed),
                    self);
  rebuild_menu (self);
}

static void
vpop3_tray_dispose (GObject *object)
{
  Vpop3Tray *self = VPOP3_TRAY (object);

  if (self->items != NULL)
    g_ptr_array_set_size (self->items, 0);
  if (self->servers != NULL)
    g_signal_handlers_disconnect_by_data (self->servers, self);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->servers);
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

  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_free (self->icon_name);
  g_free (self->summary);

  G_OBJECT_CLASS (vpop3_tray_parent_class)->finalize (object);
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
      object_class, PROP_SERVERS,
      g_param_spec_object ("servers", NULL, NULL, G_TYPE_LIST_MODEL, flags));
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
  self->items = g_ptr_array_new_with_free_func ((GDestroyNotify) server_items_free);
}

Vpop3Tray *
vpop3_tray_new (GListModel *servers, GSettings *settings, GActionGroup *actions)
{
  g_return_val_if_fail (G_IS_LIST_MODEL (servers), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (G_IS_ACTION_GROUP (actions), NULL);

  return g_object_new (VPOP3_TYPE_TRAY, "servers", servers, "settings", settings, "actions",
                       actions, NULL);
}
