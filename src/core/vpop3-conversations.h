/* vpop3-conversations.h: the instant-message history of this run, one
 * conversation per user. The application owns it, so that the Instant
 * Messaging window can be closed and reopened without losing anything.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vpop3-conversation.h"

G_BEGIN_DECLS

#define VPOP3_TYPE_CONVERSATIONS (vpop3_conversations_get_type ())
G_DECLARE_FINAL_TYPE (Vpop3Conversations, vpop3_conversations, VPOP3, CONVERSATIONS, GObject)

Vpop3Conversations *vpop3_conversations_new (void);

/* A GListModel of Vpop3Conversation, the most recently started first. */
GListModel *vpop3_conversations_get_model (Vpop3Conversations *self);
/* User names are not case-sensitive on VPOP3. NULL when there is none. */
Vpop3Conversation *vpop3_conversations_lookup (Vpop3Conversations *self, const char *user);
/* The conversation with @user, started when there is none yet. */
Vpop3Conversation *vpop3_conversations_ensure (Vpop3Conversations *self, const char *user);

/* The arguments of Vpop3Status::message, so that the application can
 * connect it with g_signal_connect_swapped(). @time NULL means now. */
void vpop3_conversations_add_incoming (Vpop3Conversations *self,
                                       GDateTime *time,
                                       const char *from,
                                       const char *text);
/* A message this user sent to @to, stamped now. */
void vpop3_conversations_add_outgoing (Vpop3Conversations *self, const char *to, const char *text);

G_END_DECLS
