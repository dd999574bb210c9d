/* vpop3-conversation.h: the instant messages exchanged with one user.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vpop3-instant-message.h"

G_BEGIN_DECLS

/* Older messages are dropped past this, so months of chat stay bounded. */
#define VPOP3_CONVERSATION_MAX_MESSAGES 1000

#define VPOP3_TYPE_CONVERSATION (vpop3_conversation_get_type ())
G_DECLARE_FINAL_TYPE (Vpop3Conversation, vpop3_conversation, VPOP3, CONVERSATION, GObject)

/* Properties: "user" (string, construct-only), "unread" (uint). */
Vpop3Conversation *vpop3_conversation_new (const char *user);

const char *vpop3_conversation_get_user (Vpop3Conversation *self);
/* A GListModel of Vpop3InstantMessage, oldest first. */
GListModel *vpop3_conversation_get_messages (Vpop3Conversation *self);
/* Appends @message; a received one counts as unread. */
void vpop3_conversation_add (Vpop3Conversation *self, Vpop3InstantMessage *message);
guint vpop3_conversation_get_unread (Vpop3Conversation *self);
void vpop3_conversation_mark_read (Vpop3Conversation *self);

G_END_DECLS
