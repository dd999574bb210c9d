/* vpop3-conversations.h: a server's instant messages, one conversation per
 * user. The server owns it, so that the Instant Messaging window can be
 * closed and reopened without losing anything; with a history keeper, every
 * message is also written to disk as it comes, and the conversations of
 * earlier runs are there from the start.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vpop3-conversation.h"
#include "vpop3-history-keeper.h"

G_BEGIN_DECLS

#define VPOP3_TYPE_CONVERSATIONS (vpop3_conversations_get_type ())
G_DECLARE_FINAL_TYPE (Vpop3Conversations, vpop3_conversations, VPOP3, CONVERSATIONS, GObject)

/* @keeper: the history, or NULL to keep messages in memory only.
 *
 * Signals:
 *   message-received (Vpop3Conversation *, Vpop3InstantMessage *): a message
 *     arrived and is in its conversation. With a history it is emitted once
 *     the message is on disk (or could not be written: see its save-error),
 *     so that nothing is announced that a crash could lose. */
Vpop3Conversations *vpop3_conversations_new (Vpop3HistoryKeeper *keeper);

/* The server the history is kept for: host, port and user, as the keyring
 * names it. A change starts afresh from that server's history. */
void vpop3_conversations_set_identity (Vpop3Conversations *self,
                                       const char *host,
                                       guint16 port,
                                       const char *user);

/* A GListModel of Vpop3Conversation, the most recent first. */
GListModel *vpop3_conversations_get_model (Vpop3Conversations *self);
/* User names are not case-sensitive on VPOP3. NULL when there is none. */
Vpop3Conversation *vpop3_conversations_lookup (Vpop3Conversations *self, const char *user);
/* The conversation with @user, started when there is none yet. */
Vpop3Conversation *vpop3_conversations_ensure (Vpop3Conversations *self, const char *user);

/* The arguments of Vpop3Status::message, so that the server can connect it
 * with g_signal_connect_swapped(). @time NULL means now. */
void vpop3_conversations_add_incoming (Vpop3Conversations *self,
                                       GDateTime *time,
                                       const char *from,
                                       const char *text);
/* A message this user is sending to @to, stamped now, pending: shown and
 * stored at once. Returns it (owned by its conversation). */
Vpop3InstantMessage *
vpop3_conversations_add_outgoing (Vpop3Conversations *self, const char *to, const char *text);
/* What became of a message sent: in memory and in the history. */
void vpop3_conversations_set_delivery (Vpop3Conversations *self,
                                       Vpop3InstantMessage *message,
                                       Vpop3HistoryDelivery delivery,
                                       const char *reason);

G_END_DECLS
