/* vpop3-conversation.c
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "vpop3-conversation.h"

struct _Vpop3Conversation
{
  GObject parent_instance;

  char *user;
  GListStore *messages;
  guint unread;
};

G_DEFINE_FINAL_TYPE (Vpop3Conversation, vpop3_conversation, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_USER,
  PROP_UNREAD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
vpop3_conversation_dispose (GObject *object)
{
  Vpop3Conversation *self = VPOP3_CONVERSATION (object);

  g_clear_object (&self->messages);

  G_OBJECT_CLASS (vpop3_conversation_parent_class)->dispose (object);
}

static void
vpop3_conversation_finalize (GObject *object)
{
  Vpop3Conversation *self = VPOP3_CONVERSATION (object);

  g_free (self->user);

  G_OBJECT_CLASS (vpop3_conversation_parent_class)->finalize (object);
}

static void
vpop3_conversation_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  Vpop3Conversation *self = VPOP3_CONVERSATION (object);

  switch (prop_id)
    {
    case PROP_USER:
      g_value_set_string (value, self->user);
      break;
    case PROP_UNREAD:
      g_value_set_uint (value, self->unread);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vpop3_conversation_set_property (GObject *object,
                                 guint prop_id,
                                 const GValue *value,
                                 GParamSpec *pspec)
{
  Vpop3Conversation *self = VPOP3_CONVERSATION (object);

  switch (prop_id)
    {
    case PROP_USER:
      self->user = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vpop3_conversation_class_init (Vpop3ConversationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vpop3_conversation_dispose;
  object_class->finalize = vpop3_conversation_finalize;
  object_class->get_property = vpop3_conversation_get_property;
  object_class->set_property = vpop3_conversation_set_property;

  properties[PROP_USER] =
      g_param_spec_string ("user", NULL, NULL, NULL,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNREAD] =
      g_param_spec_uint ("unread", NULL, NULL, 0, G_MAXUINT, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vpop3_conversation_init (Vpop3Conversation *self)
{
  self->messages = g_list_store_new (VPOP3_TYPE_INSTANT_MESSAGE);
}

Vpop3Conversation *
vpop3_conversation_new (const char *user)
{
  g_return_val_if_fail (user != NULL, NULL);

  return g_object_new (VPOP3_TYPE_CONVERSATION, "user", user, NULL);
}

const char *
vpop3_conversation_get_user (Vpop3Conversation *self)
{
  g_return_val_if_fail (VPOP3_IS_CONVERSATION (self), NULL);

  return self->user;
}

GListModel *
vpop3_conversation_get_messages (Vpop3Conversation *self)
{
  g_return_val_if_fail (VPOP3_IS_CONVERSATION (self), NULL);

  return G_LIST_MODEL (self->messages);
}

static void
set_unread (Vpop3Conversation *self, guint unread)
{
  if (self->unread == unread)
    return;
  self->unread = unread;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNREAD]);
}

void
vpop3_conversation_add (Vpop3Conversation *self, Vpop3InstantMessage *message)
{
  guint n_items;

  g_return_if_fail (VPOP3_IS_CONVERSATION (self));
  g_return_if_fail (VPOP3_IS_INSTANT_MESSAGE (message));

  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->messages));
  if (n_items >= VPOP3_CONVERSATION_MAX_MESSAGES)
    g_list_store_splice (self->messages, 0, n_items - VPOP3_CONVERSATION_MAX_MESSAGES + 1, NULL, 0);
  g_list_store_append (self->messages, message);

  if (!vpop3_instant_message_is_outgoing (message))
    set_unread (self, self->unread + 1);
}

guint
vpop3_conversation_get_unread (Vpop3Conversation *self)
{
  g_return_val_if_fail (VPOP3_IS_CONVERSATION (self), 0);

  return self->unread;
}

void
vpop3_conversation_mark_read (Vpop3Conversation *self)
{
  g_return_if_fail (VPOP3_IS_CONVERSATION (self));

  set_unread (self, 0);
}
