/* vpop3-conversation.h: the instant messages exchanged with one user: those
 * of this run, and, from the message history, older ones loaded on demand.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vpop3-history-keeper.h"
#include "vpop3-instant-message.h"

G_BEGIN_DECLS

/* The most messages kept in memory: past this the oldest are dropped (they
 * stay in the history, to be loaded again), so months of chat stay bounded. */
#define VPOP3_CONVERSATION_MAX_MESSAGES 1000
/* Messages loaded from the history at a time. */
#define VPOP3_CONVERSATION_PAGE 50

#define VPOP3_TYPE_CONVERSATION (vpop3_conversation_get_type ())
G_DECLARE_FINAL_TYPE (Vpop3Conversation, vpop3_conversation, VPOP3, CONVERSATION, GObject)

/* Properties: "user" (string, construct-only), "unread" (uint), "has-older"
 * (boolean: the history holds older messages than those in memory). */
Vpop3Conversation *vpop3_conversation_new (const char *user);

/* The history the conversation reads and marks, for the server (host, port,
 * user); set by Vpop3Conversations. */
void vpop3_conversation_attach_history (Vpop3Conversation *self,
                                        Vpop3HistoryKeeper *keeper,
                                        const char *host,
                                        guint16 port,
                                        const char *user);

const char *vpop3_conversation_get_user (Vpop3Conversation *self);
/* A GListModel of Vpop3InstantMessage, oldest first. */
GListModel *vpop3_conversation_get_messages (Vpop3Conversation *self);
/* Appends @message; a received one not yet read counts as unread. */
void vpop3_conversation_add (Vpop3Conversation *self, Vpop3InstantMessage *message);
guint vpop3_conversation_get_unread (Vpop3Conversation *self);
/* What the history counts, for a conversation loaded from it. */
void vpop3_conversation_set_unread (Vpop3Conversation *self, guint unread);
/* The user has seen every message: in memory and in the history. */
void vpop3_conversation_mark_read (Vpop3Conversation *self);

gboolean vpop3_conversation_get_has_older (Vpop3Conversation *self);
void vpop3_conversation_set_has_older (Vpop3Conversation *self, gboolean has_older);
/* Loads the page before the oldest message in memory from the history and
 * puts it in front. finish: how many were loaded (0 at the start), or -1. */
void vpop3_conversation_load_older_async (Vpop3Conversation *self,
                                          GCancellable *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer user_data);
int vpop3_conversation_load_older_finish (Vpop3Conversation *self,
                                          GAsyncResult *result,
                                          GError **error);
/* Drops from memory all but the newest @keep messages, once nothing shows
 * the older ones: those the history holds, which load_older brings back.
 * Returns how many it dropped. */
guint vpop3_conversation_forget_older (Vpop3Conversation *self, guint keep);

/* The messages whose text holds @query, case-insensitive, oldest first: from
 * the history, and from memory for those not in it. finish: a GListModel of
 * Vpop3InstantMessage. */
void vpop3_conversation_search_async (Vpop3Conversation *self,
                                      const char *query,
                                      GCancellable *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer user_data);
GListModel *
vpop3_conversation_search_finish (Vpop3Conversation *self, GAsyncResult *result, GError **error);

G_END_DECLS
