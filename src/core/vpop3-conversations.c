/* vpop3-conversations.c
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "vpop3-conversations.h"

struct _Vpop3Conversations
{
  GObject parent_instance;

  GListStore *conversations;
};

G_DEFINE_FINAL_TYPE (Vpop3Conversations, vpop3_conversations, G_TYPE_OBJECT)

static void
vpop3_conversations_dispose (GObject *object)
{
  Vpop3Conversations *self = VPOP3_CONVERSATIONS (object);

  g_clear_object (&self->conversations);

  G_OBJECT_CLASS (vpop3_conversations_parent_class)->dispose (object);
}

static void
vpop3_conversations_class_init (Vpop3ConversationsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = vpop3_conversations_dispose;
}

static void
vpop3_conversations_init (Vpop3Conversations *self)
{
  self->conversations = g_list_store_new (VPOP3_TYPE_CONVERSATION);
}

Vpop3Conversations *
vpop3_conversations_new (void)
{
  return g_object_new (VPOP3_TYPE_CONVERSATIONS, NULL);
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

  conversation = vpop3_conversation_new (user);
  g_list_store_insert (self->conversations, 0, conversation);
  return conversation;
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

  message = vpop3_instant_message_new (time, from, text);
  vpop3_conversation_add (vpop3_conversations_ensure (self, from), message);
}

void
vpop3_conversations_add_outgoing (Vpop3Conversations *self, const char *to, const char *text)
{
  g_autoptr (Vpop3InstantMessage) message = NULL;

  g_return_if_fail (VPOP3_IS_CONVERSATIONS (self));
  g_return_if_fail (to != NULL);

  message = vpop3_instant_message_new (NULL, NULL, text);
  vpop3_conversation_add (vpop3_conversations_ensure (self, to), message);
}
