/* vpop3-conversations.c
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vpop3-conversations.h"

struct _Vpop3Conversations
{
  GObject parent_instance;

  GListStore *conversations;
  Vpop3HistoryKeeper *keeper; /* NULL: memory only */

  /* The server the history is kept for; host NULL until it is known. */
  char *host;
  guint16 port;
  char *user;
  /* Cancelled when the identity changes: what was asked for the old one is
   * not wanted any more. */
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (Vpop3Conversations, vpop3_conversations, G_TYPE_OBJECT)

enum
{
  SIGNAL_MESSAGE_RECEIVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void reload (Vpop3Conversations *self);

static void
vpop3_conversations_dispose (GObject *object)
{
  Vpop3Conversations *self = VPOP3_CONVERSATIONS (object);

  g_cancellable_cancel (self->cancellable);
  if (self->keeper != NULL)
    g_signal_handlers_disconnect_by_data (self->keeper, self);
  g_clear_object (&self->keeper);
  g_clear_object (&self->conversations);

  G_OBJECT_CLASS (vpop3_conversations_parent_class)->dispose (object);
}

static void
vpop3_conversations_finalize (GObject *object)
{
  Vpop3Conversations *self = VPOP3_CONVERSATIONS (object);

  g_clear_object (&self->cancellable);
  g_free (self->host);
  g_free (self->user);

  G_OBJECT_CLASS (vpop3_conversations_parent_class)->finalize (object);
}

static void
vpop3_conversations_class_init (Vpop3ConversationsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vpop3_conversations_dispose;
  object_class->finalize = vpop3_conversations_finalize;

  signals[SIGNAL_MESSAGE_RECEIVED] =
      g_signal_new ("message-received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 2, VPOP3_TYPE_CONVERSATION, VPOP3_TYPE_INSTANT_MESSAGE);
}

static void
vpop3_conversations_init (Vpop3Conversations *self)
{
  self->conversations = g_list_store_new (VPOP3_TYPE_CONVERSATION);
  self->cancellable = g_cancellable_new ();
}

static gboolean
same_server (Vpop3Conversations *self, const char *host, guint port, const char *user)
{
  return self->host != NULL && g_strcmp0 (self->host, host) == 0 && self->port == port &&
         g_strcmp0 (self->user, user) == 0;
}

static void
on_cleared (Vpop3Conversations *self, const char *host, guint port, const char *user)
{
  /* What the user deleted is gone from the window too. */
  if (host == NULL || same_server (self, host, port, user))
    {
      g_list_store_remove_all (self->conversations);
      reload (self);
    }
}

Vpop3Conversations *
vpop3_conversations_new (Vpop3HistoryKeeper *keeper)
{
  Vpop3Conversations *self;

  g_return_val_if_fail (keeper == NULL || VPOP3_IS_HISTORY_KEEPER (keeper), NULL);

  self = g_object_new (VPOP3_TYPE_CONVERSATIONS, NULL);
  if (keeper != NULL)
    {
      self->keeper = g_object_ref (keeper);
      g_signal_connect_swapped (keeper, "notify::available", G_CALLBACK (reload), self);
      g_signal_connect_swapped (keeper, "cleared", G_CALLBACK (on_cleared), self);
    }
  return self;
}

GListModel *
vpop3_conversations_get_model (Vpop3Conversations *self)
{
  g_return_val_if_fail (VPOP3_IS_CONVERSATIONS (self), NULL);

  return G_LIST_MODEL (self->conversations);
}

Vpop3Conversation *
vpop3_conversations_lookup (Vpop3Conversations *self, const char *user)
{
  g_autofree char *wanted = NULL;
  guint n_items;

  g_return_val_if_fail (VPOP3_IS_CONVERSATIONS (self), NULL);
  g_return_val_if_fail (user != NULL, NULL);

  wanted = g_utf8_casefold (user, -1);
  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->conversations));
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr (Vpop3Conversation) conversation =
          g_list_model_get_item (G_LIST_MODEL (self->conversations), i);
      g_autofree char *name = g_utf8_casefold (vpop3_conversation_get_user (conversation), -1);

      /* The list holds a reference, so the pointer outlives this one. */
      if (g_strcmp0 (name, wanted) == 0)
        return conversation;
    }
  return NULL;
}

static Vpop3Conversation *
new_conversation (Vpop3Conversations *self, const char *user)
{
  Vpop3Conversation *conversation = vpop3_conversation_new (user);

  vpop3_conversation_attach_history (conversation, self->keeper, self->host, self->port,
                                     self->user);
  return conversation;
}

Vpop3Conversation *
vpop3_conversations_ensure (Vpop3Conversations *self, const char *user)
{
  g_autoptr (Vpop3Conversation) conversation = NULL;
  Vpop3Conversation *found;

  g_return_val_if_fail (VPOP3_IS_CONVERSATIONS (self), NULL);
  g_return_val_if_fail (user != NULL, NULL);

  found = vpop3_conversations_lookup (self, user);
  if (found != NULL)
    return found;

  conversation = new_conversation (self, user);
  g_list_store_insert (self->conversations, 0, conversation);
  return conversation;
}

/* The history ---------------------------------------------------------------------------- */

/* New messages go to disk: there is a history, it is switched on, and the
 * server is known. */
static gboolean
storing (Vpop3Conversations *self)
{
  return self->keeper != NULL && self->host != NULL &&
         vpop3_history_keeper_get_enabled (self->keeper);
}

/* Unread messages of this run the history does not hold. */
static guint
unread_in_memory_only (Vpop3Conversation *conversation)
{
  GListModel *messages = vpop3_conversation_get_messages (conversation);
  guint n_items = g_list_model_get_n_items (messages);
  guint unread = 0;

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr (Vpop3InstantMessage) message = g_list_model_get_item (messages, i);

      if (!vpop3_instant_message_is_outgoing (message) &&
          !vpop3_instant_message_get_read (message) && vpop3_instant_message_get_id (message) == 0)
        unread++;
    }
  return unread;
}

static void
on_conversations_listed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (Vpop3Conversations) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) stored = NULL;

  stored = vpop3_history_list_conversations_finish (VPOP3_HISTORY (source), result, &error);
  if (stored == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("The conversations could not be read from the history: %s", error->message);
      return;
    }
  for (guint i = 0; i < stored->len; i++)
    {
      const Vpop3HistoryConversation *from_disk = stored->pdata[i];
      Vpop3Conversation *conversation = vpop3_conversations_lookup (self, from_disk->correspondent);

      if (conversation == NULL)
        {
          g_autoptr (Vpop3Conversation) added = new_conversation (self, from_disk->correspondent);

          /* Stored ones are older than those of this run, at the top. */
          g_list_store_append (self->conversations, added);
          conversation = added;
        }
      vpop3_conversation_set_unread (conversation,
                                     from_disk->unread + unread_in_memory_only (conversation));
      vpop3_conversation_set_has_older (conversation, TRUE);
    }
}

/* Brings in the server's conversations from the history. */
static void
reload (Vpop3Conversations *self)
{
  if (self->keeper == NULL || self->host == NULL ||
      !vpop3_history_keeper_get_available (self->keeper))
    return;
  vpop3_history_list_conversations_async (vpop3_history_keeper_get_history (self->keeper),
                                          self->host, self->port, self->user, self->cancellable,
                                          on_conversations_listed, g_object_ref (self));
}

void
vpop3_conversations_set_identity (Vpop3Conversations *self,
                                  const char *host,
                                  guint16 port,
                                  const char *user)
{
  g_return_if_fail (VPOP3_IS_CONVERSATIONS (self));

  if (host == NULL || *host == '\0' || user == NULL || *user == '\0')
    host = user = NULL;
  if (host == NULL ? self->host == NULL : same_server (self, host, port, user))
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_free (self->host);
  self->host = g_strdup (host);
  self->port = port;
  g_free (self->user);
  self->user = g_strdup (user);
  /* Another server's, or another user's, messages are not these. */
  g_list_store_remove_all (self->conversations);
  reload (self);
}

typedef struct
{
  Vpop3Conversations *self;
  Vpop3InstantMessage *message;
  GCancellable *cancellable; /* the identity's, when the message was sent off */
} Storing;

static void
storing_free (Storing *data)
{
  g_object_unref (data->self);
  g_object_unref (data->message);
  g_object_unref (data->cancellable);
  g_free (data);
}

static void
on_delivery_stored (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;

  if (!vpop3_history_set_delivery_finish (VPOP3_HISTORY (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("A message's delivery could not be stored: %s", error->message);
}

static void
store_delivery (Vpop3Conversations *self, Vpop3InstantMessage *message)
{
  vpop3_history_set_delivery_async (
      vpop3_history_keeper_get_history (self->keeper), vpop3_instant_message_get_id (message),
      vpop3_instant_message_get_delivery (message),
      vpop3_instant_message_get_delivery_reason (message), NULL, on_delivery_stored, NULL);
}

static void
deliver (Vpop3Conversations *self, Vpop3InstantMessage *message)
{
  Vpop3Conversation *conversation =
      vpop3_conversations_ensure (self, vpop3_instant_message_get_correspondent (message));

  vpop3_conversation_add (conversation, message);
  g_signal_emit (self, signals[SIGNAL_MESSAGE_RECEIVED], 0, conversation, message);
}

static void
on_message_stored (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Storing *data = user_data;
  Vpop3Conversations *self = data->self;
  g_autoptr (GError) error = NULL;
  gint64 id = vpop3_history_append_finish (VPOP3_HISTORY (source), result, &error);

  if (id > 0)
    {
      vpop3_instant_message_set_id (data->message, id);
      vpop3_history_keeper_report_success (self->keeper);
      /* The server answered before the message reached the disk. */
      if (vpop3_instant_message_is_outgoing (data->message) &&
          vpop3_instant_message_get_delivery (data->message) != VPOP3_HISTORY_DELIVERY_PENDING)
        store_delivery (self, data->message);
    }
  else
    {
      /* Kept in memory and shown, with why it is not on disk. */
      vpop3_instant_message_set_save_error (data->message, error->message);
      vpop3_history_keeper_report_failure (self->keeper, error);
    }
  /* An incoming message is announced only now; unless the server changed
   * meanwhile: then it belongs to the one before. */
  if (!vpop3_instant_message_is_outgoing (data->message) &&
      !g_cancellable_is_cancelled (data->cancellable))
    deliver (self, data->message);
  vpop3_history_keeper_release (self->keeper);
  storing_free (data);
}

static void
store (Vpop3Conversations *self, Vpop3InstantMessage *message)
{
  g_autoptr (Vpop3HistoryMessage) stored =
      vpop3_instant_message_to_history (message, self->host, self->port, self->user);
  Storing *data = g_new0 (Storing, 1);

  data->self = g_object_ref (self);
  data->message = g_object_ref (message);
  data->cancellable = g_object_ref (self->cancellable);
  /* A store that could not be opened is tried again first; jobs run in
   * order, so this write waits for that. */
  vpop3_history_keeper_ensure_open (self->keeper);
  vpop3_history_keeper_hold (self->keeper);
  /* Never cancelled: a message on its way to disk must get there. */
  vpop3_history_append_async (vpop3_history_keeper_get_history (self->keeper), stored, NULL,
                              on_message_stored, data);
}

void
vpop3_conversations_add_incoming (Vpop3Conversations *self,
                                  GDateTime *time,
                                  const char *from,
                                  const char *text)
{
  g_autoptr (Vpop3InstantMessage) message = NULL;

  g_return_if_fail (VPOP3_IS_CONVERSATIONS (self));
  g_return_if_fail (from != NULL);

  message = vpop3_instant_message_new (time, from, from, text);
  if (storing (self))
    store (self, message);
  else
    deliver (self, message);
}

Vpop3InstantMessage *
vpop3_conversations_add_outgoing (Vpop3Conversations *self, const char *to, const char *text)
{
  g_autoptr (Vpop3InstantMessage) message = NULL;

  g_return_val_if_fail (VPOP3_IS_CONVERSATIONS (self), NULL);
  g_return_val_if_fail (to != NULL, NULL);

  message = vpop3_instant_message_new (NULL, NULL, to, text);
  vpop3_conversation_add (vpop3_conversations_ensure (self, to), message);
  if (storing (self))
    store (self, message);
  return message;
}

void
vpop3_conversations_set_delivery (Vpop3Conversations *self,
                                  Vpop3InstantMessage *message,
                                  Vpop3HistoryDelivery delivery,
                                  const char *reason)
{
  g_return_if_fail (VPOP3_IS_CONVERSATIONS (self));
  g_return_if_fail (VPOP3_IS_INSTANT_MESSAGE (message));

  vpop3_instant_message_set_delivery (message, delivery, reason);
  /* Not stored yet: on_message_stored writes it once it is. */
  if (vpop3_instant_message_get_id (message) > 0 && self->keeper != NULL &&
      vpop3_history_keeper_get_available (self->keeper))
    store_delivery (self, message);
}
