/* vpop3-messages-window.c: a view of a server's Vpop3Conversations;
 * the history lives there, so closing this window loses nothing. List rows
 * are the only widgets built in C.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vpop3-messages-window.h"

#include <glib/gi18n.h>

#include "vpop3-command.h"
#include "vpop3-conversations.h"
#include "vpop3-ui-util.h"

struct _Vpop3MessagesWindow
{
  GtkApplicationWindow parent_instance;

  Vpop3Server *server;
  GActionGroup *actions; /* "send-message" */
  Vpop3Conversations *conversations;
  Vpop3Conversation *selected;

  GtkHeaderBar *header_bar;
  GtkListBox *conversation_list;
  GtkEntry *new_entry;
  GtkStack *view_stack;
  GtkScrolledWindow *message_scrolled;
  GtkListBox *message_list;
  GtkEntry *message_entry;
  GtkWidget *send_button;
};

G_DEFINE_FINAL_TYPE (Vpop3MessagesWindow, vpop3_messages_window, GTK_TYPE_APPLICATION_WINDOW)

/* Rows -------------------------------------------------------------------------------- */

static gboolean
unread_to_label (GBinding *binding, const GValue *from, GValue *to, gpointer user_data)
{
  g_value_take_string (to, g_strdup_printf ("%u", g_value_get_uint (from)));
  return TRUE;
}

static gboolean
unread_to_visible (GBinding *binding, const GValue *from, GValue *to, gpointer user_data)
{
  g_value_set_boolean (to, g_value_get_uint (from) > 0);
  return TRUE;
}

static GtkWidget *
create_conversation_row (gpointer item, gpointer user_data)
{
  Vpop3Conversation *conversation = item;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *name = gtk_label_new (vpop3_conversation_get_user (conversation));
  GtkWidget *badge = gtk_label_new (NULL);

  g_object_set (box, "margin-start", 12, "margin-end", 12, "margin-top", 9, "margin-bottom", 9,
                NULL);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  gtk_style_context_add_class (gtk_widget_get_style_context (badge), "vpop3-unread");
  g_object_bind_property_full (conversation, "unread", badge, "label", G_BINDING_SYNC_CREATE,
                               unread_to_label, NULL, NULL, NULL);
  gtk_container_add (GTK_CONTAINER (box), name);
  gtk_container_add (GTK_CONTAINER (box), badge);
  gtk_container_add (GTK_CONTAINER (row), box);
  gtk_widget_show_all (row);
  /* After show_all, which would show an empty badge too. */
  g_object_bind_property_full (conversation, "unread", badge, "visible", G_BINDING_SYNC_CREATE,
                               unread_to_visible, NULL, NULL, NULL);
  g_object_set_data_full (G_OBJECT (row), "conversation", g_object_ref (conversation),
                          g_object_unref);
  return row;
}

static GtkWidget *
create_message_row (gpointer item, gpointer user_data)
{
  Vpop3InstantMessage *message = item;
  gboolean outgoing = vpop3_instant_message_is_outgoing (message);
  GtkAlign align = outgoing ? GTK_ALIGN_END : GTK_ALIGN_START;
  g_autofree char *time = vpop3_format_local_time (vpop3_instant_message_get_time (message));
  g_autofree char *meta_text =
      /* Translators: the sender and the time of an instant message. */
      g_strdup_printf (_ ("%s · %s"),
                       outgoing ? _ ("You") : vpop3_instant_message_get_sender (message), time);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *meta = gtk_label_new (meta_text);
  GtkWidget *bubble = gtk_label_new (vpop3_instant_message_get_text (message));

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
  g_object_set (box, "margin-start", outgoing ? 48 : 12, "margin-end", outgoing ? 12 : 48,
                "margin-top", 6, "margin-bottom", 6, "halign", align, NULL);
  gtk_widget_set_halign (meta, align);
  gtk_style_context_add_class (gtk_widget_get_style_context (meta), "dim-label");
  gtk_style_context_add_class (gtk_widget_get_style_context (meta), "vpop3-message-meta");
  gtk_widget_set_halign (bubble, align);
  gtk_label_set_xalign (GTK_LABEL (bubble), 0);
  gtk_label_set_line_wrap (GTK_LABEL (bubble), TRUE);
  gtk_label_set_line_wrap_mode (GTK_LABEL (bubble), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (GTK_LABEL (bubble), 50);
  gtk_label_set_selectable (GTK_LABEL (bubble), TRUE);
  gtk_style_context_add_class (gtk_widget_get_style_context (bubble), "vpop3-bubble");
  if (outgoing)
    gtk_style_context_add_class (gtk_widget_get_style_context (bubble), "vpop3-bubble-outgoing");
  gtk_container_add (GTK_CONTAINER (box), meta);
  gtk_container_add (GTK_CONTAINER (box), bubble);
  gtk_container_add (GTK_CONTAINER (row), box);
  gtk_widget_show_all (row);
  return row;
}

/* Selection --------------------------------------------------------------------------- */

static void
mark_selected_read (Vpop3MessagesWindow *self)
{
  if (self->selected != NULL && gtk_window_is_active (GTK_WINDOW (self)))
    vpop3_conversation_mark_read (self->selected);
}

static gboolean
can_send (Vpop3MessagesWindow *self)
{
  gboolean enabled = FALSE;

  return self->actions != NULL &&
         g_action_group_query_action (self->actions, "send-message", &enabled, NULL, NULL, NULL,
                                      NULL) &&
         enabled;
}

static void
update_send_button (Vpop3MessagesWindow *self)
{
  /* The server takes the first word of IM for the user: a sender whose
   * name has a space in it can be read, not answered. */
  gboolean addressable =
      self->selected == NULL ||
      vpop3_command_accepts_target (VPOP3_COMMAND_IM, vpop3_conversation_get_user (self->selected));

  gtk_widget_set_sensitive (GTK_WIDGET (self->message_entry), addressable);
  gtk_entry_set_placeholder_text (
      self->message_entry,
      addressable ? _ ("Message") : _ ("A message cannot be sent to a name with a space in it"));
  gtk_widget_set_sensitive (
      self->send_button, self->selected != NULL && addressable &&
                             *gtk_entry_get_text (self->message_entry) != '\0' && can_send (self));
}

static void
on_conversation_selected (Vpop3MessagesWindow *self, GtkListBoxRow *row)
{
  Vpop3Conversation *conversation =
      row != NULL ? g_object_get_data (G_OBJECT (row), "conversation") : NULL;

  if (self->selected != NULL)
    g_signal_handlers_disconnect_by_data (self->selected, self);
  g_set_object (&self->selected, conversation);

  if (conversation == NULL)
    {
      gtk_list_box_bind_model (self->message_list, NULL, NULL, NULL, NULL);
      gtk_header_bar_set_subtitle (self->header_bar, NULL);
      gtk_stack_set_visible_child_name (self->view_stack, "empty");
    }
  else
    {
      gtk_list_box_bind_model (self->message_list, vpop3_conversation_get_messages (conversation),
                               create_message_row, NULL, NULL);
      gtk_header_bar_set_subtitle (self->header_bar, vpop3_conversation_get_user (conversation));
      gtk_stack_set_visible_child_name (self->view_stack, "conversation");
      g_signal_connect_swapped (conversation, "notify::unread", G_CALLBACK (mark_selected_read),
                                self);
      vpop3_autoscroll_follow (self->message_scrolled);
      mark_selected_read (self);
    }
  update_send_button (self);
}

void
vpop3_messages_window_select_user (Vpop3MessagesWindow *self, const char *user)
{
  GListModel *model;
  Vpop3Conversation *conversation;
  guint n_items;

  g_return_if_fail (VPOP3_IS_MESSAGES_WINDOW (self));
  g_return_if_fail (user != NULL);

  conversation = vpop3_conversations_ensure (self->conversations, user);
  model = vpop3_conversations_get_model (self->conversations);
  n_items = g_list_model_get_n_items (model);
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr (Vpop3Conversation) item = g_list_model_get_item (model, i);

      if (item == conversation)
        {
          gtk_list_box_select_row (self->conversation_list, gtk_list_box_get_row_at_index (
                                                                self->conversation_list, (int) i));
          return;
        }
    }
}

/* A conversation that starts while none is shown is the one to show. */
static void
on_conversations_changed (
    GListModel *model, guint position, guint removed, guint added, Vpop3MessagesWindow *self)
{
  if (self->selected == NULL && g_list_model_get_n_items (model) > 0)
    gtk_list_box_select_row (self->conversation_list,
                             gtk_list_box_get_row_at_index (self->conversation_list, 0));
}

static void
on_new_conversation (Vpop3MessagesWindow *self)
{
  g_autofree char *user = g_strstrip (g_strdup (gtk_entry_get_text (self->new_entry)));

  if (*user == '\0')
    return;
  vpop3_messages_window_select_user (self, user);
  gtk_entry_set_text (self->new_entry, "");
  gtk_widget_grab_focus (GTK_WIDGET (self->message_entry));
}

static void
on_send (Vpop3MessagesWindow *self)
{
  g_autofree char *text = g_strdup (gtk_entry_get_text (self->message_entry));
  const char *user;

  if (self->selected == NULL || *text == '\0' || !can_send (self))
    return;
  user = vpop3_conversation_get_user (self->selected);
  g_action_group_activate_action (self->actions, "send-message",
                                  g_variant_new ("(ss)", user, text));
  vpop3_conversations_add_outgoing (self->conversations, user, text);
  gtk_entry_set_text (self->message_entry, "");
  vpop3_autoscroll_follow (self->message_scrolled);
}

static void
on_action_changed (Vpop3MessagesWindow *self)
{
  update_send_button (self);
}

/* Construction ------------------------------------------------------------------------- */

static void
vpop3_messages_window_dispose (GObject *object)
{
  Vpop3MessagesWindow *self = VPOP3_MESSAGES_WINDOW (object);

  if (self->actions != NULL)
    g_signal_handlers_disconnect_by_data (self->actions, self);
  if (self->selected != NULL)
    g_signal_handlers_disconnect_by_data (self->selected, self);
  if (self->conversations != NULL)
    g_signal_handlers_disconnect_by_data (vpop3_conversations_get_model (self->conversations),
                                          self);
  g_clear_object (&self->selected);
  g_clear_object (&self->conversations);
  g_clear_object (&self->actions);
  g_clear_object (&self->server);

  G_OBJECT_CLASS (vpop3_messages_window_parent_class)->dispose (object);
}

enum
{
  PROP_0,
  PROP_SERVER,
  PROP_ACTIONS,
  N_PROPS
};

static void
vpop3_messages_window_set_property (GObject *object,
                                    guint prop_id,
                                    const GValue *value,
                                    GParamSpec *pspec)
{
  Vpop3MessagesWindow *self = VPOP3_MESSAGES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SERVER:
      self->server = g_value_dup_object (value);
      break;
    case PROP_ACTIONS:
      self->actions = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vpop3_messages_window_constructed (GObject *object)
{
  Vpop3MessagesWindow *self = VPOP3_MESSAGES_WINDOW (object);
  GListModel *model;

  G_OBJECT_CLASS (vpop3_messages_window_parent_class)->constructed (object);

  g_assert (self->server != NULL && self->actions != NULL);
  self->conversations = g_object_ref (vpop3_server_get_conversations (self->server));
  model = vpop3_conversations_get_model (self->conversations);

  gtk_list_box_bind_model (self->conversation_list, model, create_conversation_row, NULL, NULL);
  /* After the list box's own handler, so that the new row exists. */
  g_signal_connect (model, "items-changed", G_CALLBACK (on_conversations_changed), self);
  g_signal_connect_swapped (self->actions, "action-added::send-message",
                            G_CALLBACK (on_action_changed), self);
  g_signal_connect_swapped (self->actions, "action-removed::send-message",
                            G_CALLBACK (on_action_changed), self);
  g_signal_connect_swapped (self->actions, "action-enabled-changed::send-message",
                            G_CALLBACK (on_action_changed), self);

  on_conversations_changed (model, 0, 0, 0, self);
  update_send_button (self);
}

static void
vpop3_messages_window_class_init (Vpop3MessagesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = vpop3_messages_window_constructed;
  object_class->set_property = vpop3_messages_window_set_property;
  object_class->dispose = vpop3_messages_window_dispose;

  g_object_class_install_property (
      object_class, PROP_SERVER,
      g_param_spec_object ("server", NULL, NULL, VPOP3_TYPE_SERVER,
                           G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (
      object_class, PROP_ACTIONS,
      g_param_spec_object ("actions", NULL, NULL, G_TYPE_ACTION_GROUP,
                           G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/vpop3monitor/Vpop3Monitor/"
                                                             "vpop3-messages-window.ui");
  gtk_widget_class_bind_template_child (widget_class, Vpop3MessagesWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, Vpop3MessagesWindow, conversation_list);
  gtk_widget_class_bind_template_child (widget_class, Vpop3MessagesWindow, new_entry);
  gtk_widget_class_bind_template_child (widget_class, Vpop3MessagesWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, Vpop3MessagesWindow, message_scrolled);
  gtk_widget_class_bind_template_child (widget_class, Vpop3MessagesWindow, message_list);
  gtk_widget_class_bind_template_child (widget_class, Vpop3MessagesWindow, message_entry);
  gtk_widget_class_bind_template_child (widget_class, Vpop3MessagesWindow, send_button);
  gtk_widget_class_bind_template_callback (widget_class, mark_selected_read);
  gtk_widget_class_bind_template_callback (widget_class, update_send_button);
  gtk_widget_class_bind_template_callback (widget_class, on_conversation_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_new_conversation);
  gtk_widget_class_bind_template_callback (widget_class, on_send);
}

static void
vpop3_messages_window_init (Vpop3MessagesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  vpop3_autoscroll_attach (self->message_scrolled);
}

Vpop3MessagesWindow *
vpop3_messages_window_new (Vpop3Server *server, GActionGroup *actions)
{
  g_return_val_if_fail (VPOP3_IS_SERVER (server), NULL);
  g_return_val_if_fail (G_IS_ACTION_GROUP (actions), NULL);

  return g_object_new (VPOP3_TYPE_MESSAGES_WINDOW, "server", server, "actions", actions, NULL);
}
