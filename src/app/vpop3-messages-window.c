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
#include "vpop3-list-slice.h"
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
  GtkInfoBar *history_bar;
  GtkLabel *history_label;
  GtkToggleButton *search_button;
  GtkSearchBar *search_bar;
  GtkSearchEntry *search_entry;
  GtkStack *message_stack;
  GtkListBox *result_list;

  Vpop3HistoryKeeper *keeper; /* may be NULL */
  GCancellable *loading;      /* the page being loaded, if any */
  GCancellable *searching;    /* the search running, if any */
  /* What the message list shows of the selected conversation. */
  Vpop3ListSlice *shown;
  /* Where the user reads: the first row in view and how far into it, kept
   * in place when rows come or go above it. */
  GtkListBoxRow *reading_row;
  double reading_offset;
  gboolean relayout_pending; /* the list changed, the rows are not laid out yet */
  gboolean showing_later;    /* rows put in below, from the move to the bottom edge */
};

/* GTK 3's list box lays out every row it holds, on every change: past a few
 * hundred messages, each page scrolled would stall the window (a second per
 * page at 10,000, bench/vpop3-bench-messages-window). It holds a slice. */
#define MESSAGES_SHOWN (4 * VPOP3_CONVERSATION_PAGE)

G_DEFINE_FINAL_TYPE (Vpop3MessagesWindow, vpop3_messages_window, GTK_TYPE_APPLICATION_WINDOW)

static void show_newest (Vpop3MessagesWindow *self);

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

/* What became of a message, under its bubble: nothing when all went well. */
static char *
describe_fate (Vpop3InstantMessage *message)
{
  const char *reason = vpop3_instant_message_get_delivery_reason (message);
  const char *save_error = vpop3_instant_message_get_save_error (message);
  g_autofree char *delivery = NULL;

  switch (vpop3_instant_message_get_delivery (message))
    {
    case VPOP3_HISTORY_DELIVERY_PENDING:
      delivery = g_strdup (_ ("Sending…"));
      break;
    case VPOP3_HISTORY_DELIVERY_REFUSED:
      /* Translators: %s is the VPOP3 server's reply. */
      delivery = g_strdup_printf (_ ("Not delivered: %s"), reason != NULL ? reason : "");
      break;
    case VPOP3_HISTORY_DELIVERY_NOT_SENT:
      /* Translators: %s says why, e.g. "Not connected to the VPOP3 server". */
      delivery = g_strdup_printf (_ ("Not sent: %s"), reason != NULL ? reason : "");
      break;
    case VPOP3_HISTORY_DELIVERY_NONE:
    case VPOP3_HISTORY_DELIVERY_ACCEPTED:
    default:
      break;
    }
  if (save_error == NULL)
    return g_steal_pointer (&delivery);
  /* Why is in the window's bar: it is the same for every message. */
  g_autofree char *unsaved = g_strdup (_ ("Not saved in the history"));
  if (delivery == NULL)
    return g_steal_pointer (&unsaved);
  return g_strdup_printf ("%s\n%s", delivery, unsaved);
}

static gboolean
can_send_again (Vpop3InstantMessage *message)
{
  Vpop3HistoryDelivery delivery = vpop3_instant_message_get_delivery (message);

  return delivery == VPOP3_HISTORY_DELIVERY_REFUSED || delivery == VPOP3_HISTORY_DELIVERY_NOT_SENT;
}

static void
update_fate (GtkWidget *fate_box, GParamSpec *pspec, Vpop3InstantMessage *message)
{
  GtkWidget *label = g_object_get_data (G_OBJECT (fate_box), "label");
  GtkWidget *again = g_object_get_data (G_OBJECT (fate_box), "again");
  g_autofree char *text = describe_fate (message);

  gtk_label_set_text (GTK_LABEL (label), text != NULL ? text : "");
  gtk_widget_set_visible (again, can_send_again (message));
  gtk_widget_set_visible (fate_box, text != NULL);
}

static void
on_send_again (GtkButton *button, Vpop3MessagesWindow *self)
{
  Vpop3InstantMessage *message = g_object_get_data (G_OBJECT (button), "message");

  vpop3_server_resend_message (self->server, message);
  show_newest (self);
}

static GtkWidget *
create_fate_box (Vpop3MessagesWindow *self, Vpop3InstantMessage *message, GtkAlign align)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *again = gtk_button_new_with_mnemonic (_ ("Send _Again"));

  gtk_widget_set_halign (box, align);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_line_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 50);
  gtk_style_context_add_class (gtk_widget_get_style_context (label), "dim-label");
  gtk_style_context_add_class (gtk_widget_get_style_context (label), "vpop3-message-fate");
  gtk_style_context_add_class (gtk_widget_get_style_context (again), "flat");
  gtk_widget_set_valign (again, GTK_ALIGN_CENTER);
  g_object_set_data_full (G_OBJECT (again), "message", g_object_ref (message), g_object_unref);
  g_signal_connect_object (again, "clicked", G_CALLBACK (on_send_again), self, 0);
  gtk_container_add (GTK_CONTAINER (box), label);
  gtk_container_add (GTK_CONTAINER (box), again);
  gtk_widget_show_all (box);
  g_object_set_data (G_OBJECT (box), "label", label);
  g_object_set_data (G_OBJECT (box), "again", again);
  g_signal_connect_object (message, "notify::delivery", G_CALLBACK (update_fate), box,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (message, "notify::delivery-reason", G_CALLBACK (update_fate), box,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (message, "notify::save-error", G_CALLBACK (update_fate), box,
                           G_CONNECT_SWAPPED);
  update_fate (box, NULL, message);
  return box;
}

static GtkWidget *
create_message_row (gpointer item, gpointer user_data)
{
  Vpop3MessagesWindow *self = user_data;
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
  /* After show_all: it shows itself only when there is something to say. */
  gtk_container_add (GTK_CONTAINER (box), create_fate_box (self, message, align));
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

/* Scrolling through the history ------------------------------------------------------- */

static void
on_older_loaded (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  int loaded = vpop3_conversation_load_older_finish (VPOP3_CONVERSATION (source), result, &error);
  Vpop3MessagesWindow *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  g_clear_object (&self->loading);
  if (loaded < 0)
    g_debug ("Older messages could not be loaded: %s", error->message);
  /* A full slice left the page hidden in front of it. */
  else if (self->shown != NULL)
    vpop3_list_slice_show_earlier (self->shown, VPOP3_CONVERSATION_PAGE);
}

static void
remember_reading_position (Vpop3MessagesWindow *self)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->message_scrolled);
  double value = gtk_adjustment_get_value (adjustment);
  GtkListBoxRow *row;
  GtkAllocation allocation;

  /* Until the list is laid out again, its rows' places are those of before. */
  if (self->relayout_pending)
    return;
  row = gtk_list_box_get_row_at_y (self->message_list, (int) value);
  g_set_object (&self->reading_row, row);
  if (row == NULL)
    return;
  gtk_widget_get_allocation (GTK_WIDGET (row), &allocation);
  self->reading_offset = value - allocation.y;
}

/* The page before what is shown: from memory, else from the history. */
static void
show_older (Vpop3MessagesWindow *self)
{
  if (self->shown == NULL || self->loading != NULL)
    return;
  if (vpop3_list_slice_show_earlier (self->shown, VPOP3_CONVERSATION_PAGE) > 0 ||
      !vpop3_conversation_get_has_older (self->selected))
    return;
  self->loading = g_cancellable_new ();
  vpop3_conversation_load_older_async (self->selected, self->loading, on_older_loaded, self);
}

static void
on_edge_reached (Vpop3MessagesWindow *self, GtkPositionType position)
{
  if (self->shown == NULL)
    return;
  /* The scrolled window tells of the edge before the view's other handlers
   * hear of the move: what is read there is taken now, before the rows change. */
  remember_reading_position (self);
  if (position == GTK_POS_TOP)
    show_older (self);
  else if (position == GTK_POS_BOTTOM && vpop3_list_slice_get_hidden_after (self->shown) > 0)
    {
      self->showing_later = TRUE;
      vpop3_list_slice_show_later (self->shown, VPOP3_CONVERSATION_PAGE);
    }
}

/* The pages scrolled back to are left to the history once not shown: a
 * monitor that runs for months must not keep every page ever read. */
static void
forget_scrolled_back (Vpop3MessagesWindow *self)
{
  if (self->shown != NULL)
    gtk_list_box_bind_model (self->message_list, NULL, NULL, NULL, NULL);
  g_clear_object (&self->shown);
  if (self->selected != NULL)
    vpop3_conversation_forget_older (self->selected, VPOP3_CONVERSATION_MAX_MESSAGES);
}

/* Back to the newest messages, following them (the user sent one). */
static void
show_newest (Vpop3MessagesWindow *self)
{
  if (self->shown != NULL)
    vpop3_list_slice_show_end (self->shown);
  vpop3_autoscroll_follow (self->message_scrolled);
}

/* After the autoscroll's own handler: the edge was told first. */
static void
on_view_moved (Vpop3MessagesWindow *self)
{
  /* Newer rows put in below must not pull the view down to the newest. */
  if (self->showing_later)
    vpop3_autoscroll_set_following (self->message_scrolled, FALSE);
  self->showing_later = FALSE;
  remember_reading_position (self);
}

static void
on_shown_changed (Vpop3MessagesWindow *self)
{
  self->relayout_pending = TRUE;
}

/* Rows put in front (older pages) or taken away above (a slice moving
 * down) must not move what the user reads; following the newest messages
 * is the autoscroll's. */
static void
on_message_list_allocated (Vpop3MessagesWindow *self)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->message_scrolled);

  self->relayout_pending = FALSE;
  if (self->reading_row != NULL &&
      gtk_widget_get_parent (GTK_WIDGET (self->reading_row)) == GTK_WIDGET (self->message_list) &&
      !vpop3_autoscroll_get_following (self->message_scrolled))
    {
      GtkAllocation allocation;

      gtk_widget_get_allocation (GTK_WIDGET (self->reading_row), &allocation);
      gtk_adjustment_set_value (adjustment, allocation.y + self->reading_offset);
    }
  remember_reading_position (self);
}

/* Search ------------------------------------------------------------------------------- */

static void
on_searched (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GListModel) found =
      vpop3_conversation_search_finish (VPOP3_CONVERSATION (source), result, &error);
  Vpop3MessagesWindow *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  g_clear_object (&self->searching);
  if (found == NULL)
    {
      g_autoptr (GListStore) none = g_list_store_new (VPOP3_TYPE_INSTANT_MESSAGE);

      g_debug ("The history could not be searched: %s", error->message);
      gtk_list_box_bind_model (self->result_list, G_LIST_MODEL (none), create_message_row, self,
                               NULL);
    }
  else
    gtk_list_box_bind_model (self->result_list, found, create_message_row, self, NULL);
  gtk_stack_set_visible_child_name (self->message_stack, "results");
}

static void
on_search_changed (Vpop3MessagesWindow *self)
{
  const char *query = gtk_entry_get_text (GTK_ENTRY (self->search_entry));

  g_cancellable_cancel (self->searching);
  g_clear_object (&self->searching);
  if (self->selected == NULL || *query == '\0')
    {
      gtk_list_box_bind_model (self->result_list, NULL, NULL, NULL, NULL);
      gtk_stack_set_visible_child_name (self->message_stack, "messages");
      return;
    }
  self->searching = g_cancellable_new ();
  vpop3_conversation_search_async (self->selected, query, self->searching, on_searched, self);
}

static void
on_search_mode_changed (Vpop3MessagesWindow *self)
{
  if (!gtk_search_bar_get_search_mode (self->search_bar))
    gtk_entry_set_text (GTK_ENTRY (self->search_entry), "");
}

static gboolean
on_key_press (Vpop3MessagesWindow *self, GdkEventKey *event)
{
  if ((event->state & gtk_accelerator_get_default_mod_mask ()) == GDK_CONTROL_MASK &&
      (event->keyval == GDK_KEY_f || event->keyval == GDK_KEY_F) && self->selected != NULL)
    {
      gtk_search_bar_set_search_mode (self->search_bar, TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
      return GDK_EVENT_STOP;
    }
  return GDK_EVENT_PROPAGATE;
}

/* History problems --------------------------------------------------------------------- */

static void
update_history_bar (Vpop3MessagesWindow *self)
{
  const char *problem =
      self->keeper != NULL ? vpop3_history_keeper_get_problem (self->keeper) : NULL;

  gtk_label_set_text (self->history_label, problem != NULL ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->history_bar), problem != NULL);
}

static void
on_conversation_selected (Vpop3MessagesWindow *self, GtkListBoxRow *row)
{
  Vpop3Conversation *conversation =
      row != NULL ? g_object_get_data (G_OBJECT (row), "conversation") : NULL;

  if (self->selected != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->selected, self);
      forget_scrolled_back (self);
    }
  g_set_object (&self->selected, conversation);

  g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  g_clear_object (&self->reading_row);
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->search_button), conversation != NULL);
  if (conversation == NULL)
    {
      gtk_list_box_bind_model (self->message_list, NULL, NULL, NULL, NULL);
      gtk_header_bar_set_subtitle (self->header_bar, NULL);
      gtk_stack_set_visible_child_name (self->view_stack, "empty");
    }
  else
    {
      self->shown =
          vpop3_list_slice_new (vpop3_conversation_get_messages (conversation), MESSAGES_SHOWN);
      /* After the list box's own handler: its rows changed. */
      g_signal_connect_swapped (self->shown, "items-changed", G_CALLBACK (on_shown_changed), self);
      gtk_list_box_bind_model (self->message_list, G_LIST_MODEL (self->shown), create_message_row,
                               self, NULL);
      gtk_header_bar_set_subtitle (self->header_bar, vpop3_conversation_get_user (conversation));
      gtk_stack_set_visible_child_name (self->view_stack, "conversation");
      g_signal_connect_swapped (conversation, "notify::unread", G_CALLBACK (mark_selected_read),
                                self);
      vpop3_autoscroll_follow (self->message_scrolled);
      mark_selected_read (self);
      /* The latest page of the history, if memory holds less. */
      if (g_list_model_get_n_items (vpop3_conversation_get_messages (conversation)) <
          VPOP3_CONVERSATION_PAGE)
        show_older (self);
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
  /* The server shows it in the conversation, pending, then what became of it. */
  g_action_group_activate_action (self->actions, "send-message",
                                  g_variant_new ("(ss)", user, text));
  gtk_entry_set_text (self->message_entry, "");
  show_newest (self);
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
  g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  g_clear_object (&self->reading_row);
  forget_scrolled_back (self);
  g_cancellable_cancel (self->searching);
  g_clear_object (&self->searching);
  if (self->keeper != NULL)
    g_signal_handlers_disconnect_by_data (self->keeper, self);
  g_clear_object (&self->keeper);
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

  self->keeper = vpop3_server_get_history_keeper (self->server);
  if (self->keeper != NULL)
    {
      g_object_ref (self->keeper);
      g_signal_connect_swapped (self->keeper, "notify::problem", G_CALLBACK (update_history_bar),
                                self);
    }
  update_history_bar (self);

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
  gtk_widget_class_bind_template_child (widget_class, Vpop3MessagesWindow, history_bar);
  gtk_widget_class_bind_template_child (widget_class, Vpop3MessagesWindow, history_label);
  gtk_widget_class_bind_template_child (widget_class, Vpop3MessagesWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, Vpop3MessagesWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, Vpop3MessagesWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, Vpop3MessagesWindow, message_stack);
  gtk_widget_class_bind_template_child (widget_class, Vpop3MessagesWindow, result_list);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
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
  gtk_search_bar_connect_entry (self->search_bar, GTK_ENTRY (self->search_entry));
  g_object_bind_property (self->search_button, "active", self->search_bar, "search-mode-enabled",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_signal_connect_swapped (self->search_bar, "notify::search-mode-enabled",
                            G_CALLBACK (on_search_mode_changed), self);
  g_signal_connect_swapped (self->message_scrolled, "edge-reached", G_CALLBACK (on_edge_reached),
                            self);
  g_signal_connect_swapped (gtk_scrolled_window_get_vadjustment (self->message_scrolled),
                            "value-changed", G_CALLBACK (on_view_moved), self);
  g_signal_connect_object (self->message_list, "size-allocate",
                           G_CALLBACK (on_message_list_allocated), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect (self, "key-press-event", G_CALLBACK (on_key_press), NULL);
}

Vpop3MessagesWindow *
vpop3_messages_window_new (Vpop3Server *server, GActionGroup *actions)
{
  g_return_val_if_fail (VPOP3_IS_SERVER (server), NULL);
  g_return_val_if_fail (G_IS_ACTION_GROUP (actions), NULL);

  return g_object_new (VPOP3_TYPE_MESSAGES_WINDOW, "server", server, "actions", actions, NULL);
}
