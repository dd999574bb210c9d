/* vpop3-status-window.c: every field follows Vpop3Status through notify::
 * signals; a field the server never sent says "Not reported" rather than
 * showing a zero that would look like a real count.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vpop3-status-window.h"

#include <glib/gi18n.h>

#include "vpop3-census.h"
#include "vpop3-diagnostics-dialog.h"
#include "vpop3-log-view.h"
#include "vpop3-mailboxes-view.h"
#include "vpop3-sessions-view.h"
#include "vpop3-tray-icon.h"
#include "vpop3-text.h"
#include "vpop3-ui-util.h"

struct _Vpop3StatusWindow
{
  GtkApplicationWindow parent_instance;

  Vpop3Server *server;   /* the one shown */
  GListModel *servers;   /* with several: those it can switch between; may be NULL */
  GSettings *settings;   /* desktop-wide: show-activity-log */
  GActionGroup *actions; /* where commands go: NAME-of with the server's id, else NAME */
  /* "server.connect-now" and "server.end-session", for the server shown. */
  GSimpleActionGroup *server_actions;
  Vpop3Status *status;
  Vpop3Client *client;
  gboolean filling_servers;      /* rebuilding server_combo: not the user's choice */
  GHashTable *unknown_dismissed; /* servers whose "not understood" bar the user closed */
  guint unknown_id;              /* a check of the census, once the lines are in */
  GtkWidget *diagnostics;        /* the Diagnostics dialog, while open */

  GtkComboBoxText *server_combo;
  GtkInfoBar *unknown_bar;
  GtkStack *stack;
  GtkLabel *connection_label;
  GtkProgressBar *collect_bar;
  GtkProgressBar *send_bar;
  GtkLabel *last_poll_label;
  GtkLabel *next_poll_label;
  GtkComboBoxText *connections_combo;
  GtkWidget *connect_button;
  GtkLabel *out_queue_label;
  GtkLabel *inboxes_label;
  GtkLabel *housekeeper_label;
  Vpop3LogView *log_view;
  Vpop3SessionsView *sessions_view;
  Vpop3MailboxesView *mailboxes_view;
};

G_DEFINE_FINAL_TYPE (Vpop3StatusWindow, vpop3_status_window, GTK_TYPE_APPLICATION_WINDOW)

static void
set_css_class (GtkWidget *widget, const char *name, gboolean on)
{
  GtkStyleContext *context = gtk_widget_get_style_context (widget);

  if (on)
    gtk_style_context_add_class (context, name);
  else
    gtk_style_context_remove_class (context, name);
}

/* @text NULL: the server never sent it. */
static void
set_value (GtkLabel *label, const char *text)
{
  /* The server's text, with a CR it kept shown as \xNN: a value is one line. */
  g_autofree char *shown =
      text != NULL && vpop3_text_has_controls (text) ? vpop3_text_escape_controls (text) : NULL;

  if (shown != NULL)
    text = shown;
  gtk_label_set_text (label, text != NULL ? text : _ ("Not reported"));
  set_css_class (GTK_WIDGET (label), "dim-label", text == NULL);
  /* What the vendor documents ends at the log and the connection text: the
   * rest is our reading of the protocol, and this server may differ. */
  gtk_widget_set_tooltip_text (
      GTK_WIDGET (label),
      text != NULL ? NULL
                   : _ ("The server has not sent this. This part of the status protocol is "
                        "provisional in vpop3-monitor: your server may send it differently. "
                        "Running “vpop3ctl survey” shows what it sends; please send us its "
                        "output."));
}

static void
update_connection (Vpop3StatusWindow *self)
{
  const GError *error = vpop3_client_get_error (self->client);
  g_autofree char *text = NULL;

  switch (vpop3_client_get_state (self->client))
    {
    case VPOP3_CLIENT_STATE_CONNECTED:
      set_value (self->connection_label, vpop3_status_get_connection_text (self->status));
      return;
    case VPOP3_CLIENT_STATE_CONNECTING:
      text = g_strdup (_ ("Connecting…"));
      break;
    case VPOP3_CLIENT_STATE_LOGGING_IN:
      text = g_strdup (_ ("Logging in…"));
      break;
    case VPOP3_CLIENT_STATE_LOGIN_REFUSED:
      /* The client's message already reads "Login refused: <server text>". */
      text = g_strdup (error != NULL ? error->message : _ ("Login refused"));
      break;
    case VPOP3_CLIENT_STATE_DISCONNECTED:
    default:
      text = error != NULL ? g_strdup_printf (_ ("Not connected — %s"), error->message)
                           : g_strdup (_ ("Not connected"));
      break;
    }
  set_value (self->connection_label, text);
}

static void
update_progress (Vpop3StatusWindow *self)
{
  int collect = VPOP3_PROGRESS_IDLE, send = VPOP3_PROGRESS_IDLE;
  guint threads = 0;
  gboolean direct;

  vpop3_status_get_progress (self->status, &collect, &send, &threads);
  direct = threads > 0;

  gtk_widget_set_visible (GTK_WIDGET (self->collect_bar), collect >= 0);
  if (collect >= 0)
    {
      g_autofree char *text = g_strdup_printf (_ ("Collecting %d %%"), collect);

      gtk_progress_bar_set_fraction (self->collect_bar, CLAMP (collect, 0, 100) / 100.0);
      gtk_progress_bar_set_text (self->collect_bar, text);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->send_bar), send >= 0);
  if (send >= 0)
    {
      g_autofree char *text = NULL;

      /* Relay: green; SMTP direct: red, with its thread count. */
      if (direct)
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Sending directly %d %% — %u thread",
                                             "Sending directly %d %% — %u threads", threads),
                                send, threads);
      else
        text = g_strdup_printf (_ ("Sending %d %%"), send);
      gtk_progress_bar_set_fraction (self->send_bar, CLAMP (send, 0, 100) / 100.0);
      gtk_progress_bar_set_text (self->send_bar, text);
    }
  set_css_class (GTK_WIDGET (self->send_bar), "vpop3-send-direct", direct);
  set_css_class (GTK_WIDGET (self->send_bar), "vpop3-send-relay", !direct);
}

static void
set_queue (GtkLabel *label, gboolean known, guint total, guint held)
{
  g_autofree char *text = known ? vpop3_format_queue (total, held) : NULL;

  set_value (label, text);
}

static void
update_queues (Vpop3StatusWindow *self)
{
  guint total = 0, held = 0;
  gboolean known;

  known = vpop3_status_get_out_queue (self->status, &total, &held);
  set_queue (self->out_queue_label, known, total, held);
  known = vpop3_status_get_inboxes (self->status, &total, &held);
  set_queue (self->inboxes_label, known, total, held);
}

static const char *
poll_result_text (Vpop3PollResult result)
{
  switch (result)
    {
    case VPOP3_POLL_RESULT_OK:
      return _ ("all tasks succeeded");
    case VPOP3_POLL_RESULT_PARTIAL:
      return _ ("some tasks failed");
    case VPOP3_POLL_RESULT_FAILED:
      return _ ("all tasks failed");
    case VPOP3_POLL_RESULT_NONE:
    default:
      return NULL;
    }
}

static void
update_polls (Vpop3StatusWindow *self)
{
  GDateTime *time = NULL;
  Vpop3PollResult result = VPOP3_POLL_RESULT_NONE;
  g_autofree char *last = NULL;
  g_autofree char *next = NULL;

  if (vpop3_status_get_last_poll (self->status, &time, &result))
    {
      g_autofree char *when = time != NULL ? vpop3_format_local_time (time) : NULL;
      const char *outcome = poll_result_text (result);

      if (when == NULL)
        last = g_strdup (_ ("Never"));
      else if (outcome != NULL)
        /* Translators: a time, then how the online tasks went. */
        last = g_strdup_printf (_ ("%s — %s"), when, outcome);
      else
        last = g_steal_pointer (&when);
    }
  set_value (self->last_poll_label, last);
  set_css_class (GTK_WIDGET (self->last_poll_label), "vpop3-poll-partial",
                 last != NULL && result == VPOP3_POLL_RESULT_PARTIAL);
  set_css_class (GTK_WIDGET (self->last_poll_label), "vpop3-poll-failed",
                 last != NULL && result == VPOP3_POLL_RESULT_FAILED);

  time = NULL;
  if (vpop3_status_get_next_poll (self->status, &time))
    next = time != NULL ? vpop3_format_local_time (time) : g_strdup (_ ("None scheduled"));
  set_value (self->next_poll_label, next);
}

static void
update_housekeeper (Vpop3StatusWindow *self)
{
  set_value (self->housekeeper_label, vpop3_status_get_housekeeper (self->status));
}

static void
on_connection_chosen (Vpop3StatusWindow *self)
{
  const char *name = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->connections_combo));

  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->connect_button),
                                          g_variant_new_string (name != NULL ? name : ""));
}

/* The first entry, id "", lets VPOP3 choose its default connection. */
static void
update_connections (Vpop3StatusWindow *self)
{
  GtkComboBox *combo = GTK_COMBO_BOX (self->connections_combo);
  g_autofree char *chosen = g_strdup (gtk_combo_box_get_active_id (combo));
  const char *const *names = vpop3_status_get_connections (self->status);

  gtk_combo_box_text_remove_all (self->connections_combo);
  gtk_combo_box_text_append (self->connections_combo, "", _ ("Default connection"));
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    gtk_combo_box_text_append (self->connections_combo, names[i], names[i]);
  if (chosen == NULL || !gtk_combo_box_set_active_id (combo, chosen))
    gtk_combo_box_set_active_id (combo, "");
}

/* Commands act on the server shown: through NAME-of with its id when the
 * actions have it (the application's), else NAME. */
static void
forward_command (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  Vpop3StatusWindow *self = user_data;
  const char *name = g_action_get_name (G_ACTION (action));
  g_autofree char *name_of = g_strconcat (name, "-of", NULL);

  if (g_action_group_has_action (self->actions, name_of))
    g_action_group_activate_action (
        self->actions, name_of,
        parameter != NULL ? g_variant_new ("(sv)", vpop3_server_get_id (self->server), parameter)
                          : g_variant_new_string (vpop3_server_get_id (self->server)));
  else
    g_action_group_activate_action (self->actions, name, parameter);
}

/* Commands need a login; those the server has said it forbids are off. */
static void
update_commands (Vpop3StatusWindow *self)
{
  gboolean connected = vpop3_client_get_state (self->client) == VPOP3_CLIENT_STATE_CONNECTED;
  GAction *connect_now =
      g_action_map_lookup_action (G_ACTION_MAP (self->server_actions), "connect-now");
  GAction *end_session =
      g_action_map_lookup_action (G_ACTION_MAP (self->server_actions), "end-session");

  g_simple_action_set_enabled (G_SIMPLE_ACTION (connect_now),
                               connected &&
                                   vpop3_status_allows (self->status, VPOP3_PERMISSION_CONNECT));
  g_simple_action_set_enabled (G_SIMPLE_ACTION (end_session), connected);
}

/* The Windows monitor's queue summary viewer: for users the server lets see
 * it, or as soon as a server sends mailboxes anyway. */
static void
update_mailboxes (Vpop3StatusWindow *self)
{
  gboolean has_mailboxes = FALSE, has_permissions = FALSE;
  gboolean allowed;

  /* Permissions not reported mean "maybe": only a yes shows the tab. */
  g_object_get (self->status, "has-mailboxes", &has_mailboxes, "has-permissions", &has_permissions,
                NULL);
  allowed =
      has_permissions && vpop3_status_allows (self->status, VPOP3_PERMISSION_VIEW_USER_QUEUES);
  gtk_widget_set_visible (GTK_WIDGET (self->mailboxes_view), has_mailboxes || allowed);
}

static void
on_status_notify (Vpop3StatusWindow *self, GParamSpec *pspec)
{
  const char *name = g_param_spec_get_name (pspec);

  if (g_str_equal (name, "connection-text"))
    update_connection (self);
  else if (g_str_has_prefix (name, "progress-"))
    update_progress (self);
  else if (g_str_has_prefix (name, "out-queue-") || g_str_has_prefix (name, "inboxes-"))
    update_queues (self);
  else if (g_str_has_suffix (name, "-poll") || g_str_equal (name, "last-poll-result"))
    update_polls (self);
  else if (g_str_equal (name, "connections"))
    update_connections (self);
  else if (g_str_equal (name, "housekeeper"))
    update_housekeeper (self);
  else if (g_str_equal (name, "permissions") || g_str_equal (name, "has-permissions"))
    {
      update_commands (self);
      update_mailboxes (self);
    }
  else if (g_str_equal (name, "has-mailboxes"))
    update_mailboxes (self);
}

static void
on_client_state (Vpop3StatusWindow *self)
{
  update_connection (self);
  update_commands (self);
}

/* What the server sends that we do not understand --------------------------------------- */

static gboolean
census_has_unknown (Vpop3Census *census)
{
  g_autoptr (GPtrArray) entries = NULL;

  if (vpop3_census_count_kind (census, VPOP3_CENSUS_KIND_UNKNOWN) > 0)
    return TRUE;
  entries = vpop3_census_dup_entries (census);
  for (guint i = 0; i < entries->len; i++)
    if (((Vpop3CensusEntry *) g_ptr_array_index (entries, i))->invalid > 0)
      return TRUE;
  return FALSE;
}

static void
update_unknown_bar (Vpop3StatusWindow *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->unknown_bar),
                          !g_hash_table_contains (self->unknown_dismissed, self->server) &&
                              census_has_unknown (vpop3_status_get_census (self->status)));
}

static gboolean
check_unknown (gpointer user_data)
{
  Vpop3StatusWindow *self = user_data;

  self->unknown_id = 0;
  update_unknown_bar (self);
  return G_SOURCE_REMOVE;
}

/* Lines come in thousands: one look once they are in. */
static void
on_census_changed (Vpop3StatusWindow *self)
{
  if (self->unknown_id == 0)
    self->unknown_id = g_idle_add_full (G_PRIORITY_LOW, check_unknown, self, NULL);
}

static void
open_diagnostics (Vpop3StatusWindow *self)
{
  if (self->diagnostics != NULL && vpop3_diagnostics_dialog_get_server (VPOP3_DIAGNOSTICS_DIALOG (
                                       self->diagnostics)) != self->server)
    gtk_widget_destroy (self->diagnostics);
  if (self->diagnostics == NULL)
    {
      self->diagnostics = GTK_WIDGET (vpop3_diagnostics_dialog_new (self->server));
      g_object_add_weak_pointer (G_OBJECT (self->diagnostics), (gpointer *) &self->diagnostics);
      gtk_window_set_transient_for (GTK_WINDOW (self->diagnostics), GTK_WINDOW (self));
      gtk_window_set_destroy_with_parent (GTK_WINDOW (self->diagnostics), TRUE);
      g_signal_connect (self->diagnostics, "response", G_CALLBACK (gtk_widget_destroy), NULL);
    }
  gtk_window_present (GTK_WINDOW (self->diagnostics));
}

static void
on_diagnostics_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  open_diagnostics (user_data);
}

static void
on_unknown_bar_response (Vpop3StatusWindow *self, int response)
{
  if (response == 1)
    {
      open_diagnostics (self);
      return;
    }
  /* Said once: closed, it stays closed for this server. */
  g_hash_table_add (self->unknown_dismissed, self->server);
  gtk_widget_hide (GTK_WIDGET (self->unknown_bar));
}

/* Several servers ------------------------------------------------------------------------ */

static void fill_servers (Vpop3StatusWindow *self);

/* Follows @server: every field, the log, the sessions and the commands. */
static void
bind_server (Vpop3StatusWindow *self, Vpop3Server *server)
{
  /* Only the shown server's own handlers: the switcher watches them all. */
  if (self->status != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->status, on_status_notify, self);
      g_signal_handlers_disconnect_by_func (vpop3_status_get_census (self->status),
                                            on_census_changed, self);
    }
  if (self->client != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->client, on_client_state, self);
      g_signal_handlers_disconnect_by_func (self->client, update_connection, self);
    }
  g_set_object (&self->server, server);
  g_set_object (&self->status, vpop3_server_get_status (server));
  g_set_object (&self->client, vpop3_server_get_client (server));

  g_signal_connect_swapped (self->status, "notify", G_CALLBACK (on_status_notify), self);
  g_signal_connect_swapped (vpop3_status_get_census (self->status), "changed",
                            G_CALLBACK (on_census_changed), self);
  g_signal_connect_swapped (self->client, "notify::state", G_CALLBACK (on_client_state), self);
  g_signal_connect_swapped (self->client, "error", G_CALLBACK (update_connection), self);
  vpop3_log_view_set_log (self->log_view, vpop3_status_get_log (self->status));
  vpop3_sessions_view_set_sessions (self->sessions_view, vpop3_status_get_sessions (self->status));
  vpop3_mailboxes_view_set_mailboxes (self->mailboxes_view,
                                      vpop3_status_get_mailboxes (self->status));

  update_connection (self);
  update_progress (self);
  update_queues (self);
  update_polls (self);
  update_connections (self);
  update_housekeeper (self);
  update_commands (self);
  update_mailboxes (self);
  update_unknown_bar (self);
  fill_servers (self);
}

/* One entry per server, "NAME: state", the shown one chosen; only with
 * several. */
static void
fill_servers (Vpop3StatusWindow *self)
{
  guint n = self->servers != NULL ? g_list_model_get_n_items (self->servers) : 0;

  self->filling_servers = TRUE;
  gtk_combo_box_text_remove_all (self->server_combo);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (Vpop3Server) server = g_list_model_get_item (self->servers, i);
      g_autofree char *name = vpop3_server_dup_name (server);
      g_autofree char *line = vpop3_tray_server_summary (server, name);

      gtk_combo_box_text_append (self->server_combo, vpop3_server_get_id (server), line);
    }
  if (self->server != NULL)
    gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->server_combo),
                                 vpop3_server_get_id (self->server));
  gtk_widget_set_visible (GTK_WIDGET (self->server_combo), n > 1);
  self->filling_servers = FALSE;

  /* Window lists and task bars tell the server apart too. */
  if (n > 1 && self->server != NULL)
    {
      g_autofree char *name = vpop3_server_dup_name (self->server);
      /* TRANSLATORS: the status window's title with several servers */
      g_autofree char *title = g_strdup_printf (_ ("VPOP3 Status — %s"), name);

      gtk_window_set_title (GTK_WINDOW (self), title);
    }
  else
    gtk_window_set_title (GTK_WINDOW (self), _ ("VPOP3 Status"));
}

static void
on_server_chosen (Vpop3StatusWindow *self)
{
  const char *id = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->server_combo));
  guint n = self->servers != NULL ? g_list_model_get_n_items (self->servers) : 0;

  if (self->filling_servers || id == NULL)
    return;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (Vpop3Server) server = g_list_model_get_item (self->servers, i);

      if (g_strcmp0 (vpop3_server_get_id (server), id) == 0 && server != self->server)
        {
          bind_server (self, server);
          return;
        }
    }
}

/* Any server's state shows in the switcher. */
static void
watch_servers (Vpop3StatusWindow *self)
{
  static const char *const client_props[] = { "notify::state", "notify::reconnecting" };
  static const char *const status_props[] = { "notify::out-queue-total", "notify::inboxes-total",
                                              "notify::connection-text" };
  guint n = g_list_model_get_n_items (self->servers);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (Vpop3Server) server = g_list_model_get_item (self->servers, i);

      /* Once per server, however often the list changes. */
      g_signal_handlers_disconnect_by_func (vpop3_server_get_client (server), fill_servers, self);
      g_signal_handlers_disconnect_by_func (vpop3_server_get_status (server), fill_servers, self);
      g_signal_handlers_disconnect_by_func (server, fill_servers, self);
      for (guint p = 0; p < G_N_ELEMENTS (client_props); p++)
        g_signal_connect_object (vpop3_server_get_client (server), client_props[p],
                                 G_CALLBACK (fill_servers), self, G_CONNECT_SWAPPED);
      for (guint p = 0; p < G_N_ELEMENTS (status_props); p++)
        g_signal_connect_object (vpop3_server_get_status (server), status_props[p],
                                 G_CALLBACK (fill_servers), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (server, "notify::name", G_CALLBACK (fill_servers), self,
                               G_CONNECT_SWAPPED);
    }
}

static void
on_servers_changed (Vpop3StatusWindow *self)
{
  watch_servers (self);
  fill_servers (self);
}

void
vpop3_status_window_set_server (Vpop3StatusWindow *self, Vpop3Server *server)
{
  g_return_if_fail (VPOP3_IS_STATUS_WINDOW (self));
  g_return_if_fail (VPOP3_IS_SERVER (server));

  if (server != self->server)
    bind_server (self, server);
}

Vpop3Server *
vpop3_status_window_get_server (Vpop3StatusWindow *self)
{
  g_return_val_if_fail (VPOP3_IS_STATUS_WINDOW (self), NULL);

  return self->server;
}

/* The original's window grows and shrinks with its optional log. */
static void
on_log_visibility (Vpop3StatusWindow *self)
{
  int width, height, default_height;

  if (gtk_window_is_maximized (GTK_WINDOW (self)))
    return;
  gtk_window_get_size (GTK_WINDOW (self), &width, &height);
  gtk_window_get_default_size (GTK_WINDOW (self), NULL, &default_height);
  if (gtk_widget_get_visible (GTK_WIDGET (self->log_view)))
    gtk_window_resize (GTK_WINDOW (self), width, MAX (height, default_height));
  else
    gtk_window_resize (GTK_WINDOW (self), width, 1);
}

static void
vpop3_status_window_dispose (GObject *object)
{
  Vpop3StatusWindow *self = VPOP3_STATUS_WINDOW (object);

  g_clear_handle_id (&self->unknown_id, g_source_remove);
  if (self->status != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->status, self);
      g_signal_handlers_disconnect_by_data (vpop3_status_get_census (self->status), self);
    }
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  g_clear_pointer (&self->unknown_dismissed, g_hash_table_unref);
  if (self->servers != NULL)
    {
      /* The switcher's, on every server: the window is going. */
      for (guint i = 0; i < g_list_model_get_n_items (self->servers); i++)
        {
          g_autoptr (Vpop3Server) server = g_list_model_get_item (self->servers, i);

          g_signal_handlers_disconnect_by_data (vpop3_server_get_client (server), self);
          g_signal_handlers_disconnect_by_data (vpop3_server_get_status (server), self);
          g_signal_handlers_disconnect_by_data (server, self);
        }
      g_signal_handlers_disconnect_by_data (self->servers, self);
    }
  g_clear_object (&self->status);
  g_clear_object (&self->client);
  g_clear_object (&self->server);
  g_clear_object (&self->servers);
  g_clear_object (&self->settings);
  g_clear_object (&self->actions);
  g_clear_object (&self->server_actions);

  G_OBJECT_CLASS (vpop3_status_window_parent_class)->dispose (object);
}

enum
{
  PROP_0,
  PROP_SERVER,
  PROP_SERVERS,
  PROP_SETTINGS,
  PROP_ACTIONS,
  N_PROPS
};

static void
vpop3_status_window_set_property (GObject *object,
                                  guint prop_id,
                                  const GValue *value,
                                  GParamSpec *pspec)
{
  Vpop3StatusWindow *self = VPOP3_STATUS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SERVER:
      self->server = g_value_dup_object (value);
      break;
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

static void vpop3_status_window_constructed (GObject *object);

static void
vpop3_status_window_class_init (Vpop3StatusWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = vpop3_status_window_constructed;
  object_class->set_property = vpop3_status_window_set_property;
  object_class->dispose = vpop3_status_window_dispose;

  g_object_class_install_property (
      object_class, PROP_SERVER,
      g_param_spec_object ("server", NULL, NULL, VPOP3_TYPE_SERVER,
                           G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (
      object_class, PROP_SERVERS,
      g_param_spec_object ("servers", NULL, NULL, G_TYPE_LIST_MODEL,
                           G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (
      object_class, PROP_SETTINGS,
      g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                           G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (
      object_class, PROP_ACTIONS,
      g_param_spec_object ("actions", NULL, NULL, G_TYPE_ACTION_GROUP,
                           G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_type_ensure (VPOP3_TYPE_LOG_VIEW);
  g_type_ensure (VPOP3_TYPE_SESSIONS_VIEW);
  g_type_ensure (VPOP3_TYPE_MAILBOXES_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/vpop3monitor/Vpop3Monitor/"
                                                             "vpop3-status-window.ui");
  gtk_widget_class_bind_template_child (widget_class, Vpop3StatusWindow, server_combo);
  gtk_widget_class_bind_template_child (widget_class, Vpop3StatusWindow, unknown_bar);
  gtk_widget_class_bind_template_child (widget_class, Vpop3StatusWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, Vpop3StatusWindow, connection_label);
  gtk_widget_class_bind_template_child (widget_class, Vpop3StatusWindow, collect_bar);
  gtk_widget_class_bind_template_child (widget_class, Vpop3StatusWindow, send_bar);
  gtk_widget_class_bind_template_child (widget_class, Vpop3StatusWindow, last_poll_label);
  gtk_widget_class_bind_template_child (widget_class, Vpop3StatusWindow, next_poll_label);
  gtk_widget_class_bind_template_child (widget_class, Vpop3StatusWindow, connections_combo);
  gtk_widget_class_bind_template_child (widget_class, Vpop3StatusWindow, connect_button);
  gtk_widget_class_bind_template_child (widget_class, Vpop3StatusWindow, out_queue_label);
  gtk_widget_class_bind_template_child (widget_class, Vpop3StatusWindow, inboxes_label);
  gtk_widget_class_bind_template_child (widget_class, Vpop3StatusWindow, housekeeper_label);
  gtk_widget_class_bind_template_child (widget_class, Vpop3StatusWindow, log_view);
  gtk_widget_class_bind_template_child (widget_class, Vpop3StatusWindow, sessions_view);
  gtk_widget_class_bind_template_child (widget_class, Vpop3StatusWindow, mailboxes_view);
  gtk_widget_class_bind_template_callback (widget_class, on_connection_chosen);
  gtk_widget_class_bind_template_callback (widget_class, on_server_chosen);
  gtk_widget_class_bind_template_callback (widget_class, on_unknown_bar_response);
}

static void
vpop3_status_window_init (Vpop3StatusWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->unknown_dismissed = g_hash_table_new (g_direct_hash, g_direct_equal);
}

static void
vpop3_status_window_constructed (GObject *object)
{
  Vpop3StatusWindow *self = VPOP3_STATUS_WINDOW (object);
  GSettings *settings = self->settings;
  g_autoptr (GAction) show_log = NULL;
  g_autoptr (Vpop3Server) server = NULL;
  static const GActionEntry commands[] = {
    { "connect-now", forward_command, "s" },
    { "end-session", forward_command, "s" },
    { "messages", forward_command },
    { "preferences", forward_command },
  };
  static const GActionEntry window_actions[] = {
    { "diagnostics", on_diagnostics_action },
  };

  G_OBJECT_CLASS (vpop3_status_window_parent_class)->constructed (object);

  g_assert (self->server != NULL && self->settings != NULL && self->actions != NULL);
  /* Its menu's "app.…" actions are the ones it is given, with or without an
   * application (the application sets the same ones when it presents it). */
  gtk_widget_insert_action_group (GTK_WIDGET (self), "app", self->actions);
  self->server_actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->server_actions), commands,
                                   G_N_ELEMENTS (commands), self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "server",
                                  G_ACTION_GROUP (self->server_actions));

  /* The original's optional activity log: a setting, toggled from the menu. */
  g_settings_bind (settings, "show-activity-log", self->log_view, "visible",
                   G_SETTINGS_BIND_DEFAULT);
  show_log = g_settings_create_action (settings, "show-activity-log");
  g_action_map_add_action (G_ACTION_MAP (self), show_log);
  g_action_map_add_action_entries (G_ACTION_MAP (self), window_actions,
                                   G_N_ELEMENTS (window_actions), self);
  g_signal_connect_swapped (self->log_view, "notify::visible", G_CALLBACK (on_log_visibility),
                            self);
  on_log_visibility (self);

  /* The choice is only useful when the button can act on it. */
  g_object_bind_property (self->connect_button, "sensitive", self->connections_combo, "sensitive",
                          G_BINDING_SYNC_CREATE);
  vpop3_sessions_view_set_actions (self->sessions_view, G_ACTION_GROUP (self->server_actions));

  /* bind_server() takes it from here. */
  server = g_steal_pointer (&self->server);
  if (self->servers != NULL)
    {
      g_signal_connect_object (self->servers, "items-changed", G_CALLBACK (on_servers_changed),
                               self, G_CONNECT_SWAPPED);
      watch_servers (self);
    }
  bind_server (self, server);
}

Vpop3StatusWindow *
vpop3_status_window_new (Vpop3Server *server, GSettings *settings, GActionGroup *actions)
{
  g_return_val_if_fail (VPOP3_IS_SERVER (server), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (G_IS_ACTION_GROUP (actions), NULL);

  return g_object_new (VPOP3_TYPE_STATUS_WINDOW, "server", server, "settings", settings, "actions",
                       actions, NULL);
}

Vpop3StatusWindow *
vpop3_status_window_new_for_servers (GListModel *servers,
                                     Vpop3Server *server,
                                     GSettings *settings,
                                     GActionGroup *actions)
{
  g_return_val_if_fail (G_IS_LIST_MODEL (servers), NULL);
  g_return_val_if_fail (VPOP3_IS_SERVER (server), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (G_IS_ACTION_GROUP (actions), NULL);

  return g_object_new (VPOP3_TYPE_STATUS_WINDOW, "servers", servers, "server", server, "settings",
                       settings, "actions", actions, NULL);
}
