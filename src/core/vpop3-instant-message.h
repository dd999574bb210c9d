/* vpop3-instant-message.h: one instant message, received or sent, with what
 * became of it: stored in the history or not, and for one sent, whether the
 * server took it.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "vpop3-history.h"

G_BEGIN_DECLS

#define VPOP3_TYPE_INSTANT_MESSAGE (vpop3_instant_message_get_type ())
G_DECLARE_FINAL_TYPE (Vpop3InstantMessage, vpop3_instant_message, VPOP3, INSTANT_MESSAGE, GObject)

/* Time, sender, correspondent and text never change. What does, each with
 * notify:
 *   id (int64)             the history's row id, 0 while not stored
 *   delivery (enum)        Vpop3HistoryDelivery: NONE for a received message,
 *                          PENDING, ACCEPTED, REFUSED or NOT_SENT for a sent one
 *   delivery-reason        the server's refusal, or why it was not sent
 *   save-error (string)    why it could not be stored in the history, or NULL
 *   read (boolean)         a received message the user has seen */

/* @time NULL means now. @sender is the other user for a received message,
 * NULL for one this user sent to @correspondent (for a received one,
 * @correspondent is the sender). */
Vpop3InstantMessage *vpop3_instant_message_new (GDateTime *time,
                                                const char *sender,
                                                const char *correspondent,
                                                const char *text);
/* One loaded from the history. Its text is made displayable: NULs and bytes
 * that are not UTF-8 become U+FFFD. */
Vpop3InstantMessage *vpop3_instant_message_new_from_history (const Vpop3HistoryMessage *stored);

GDateTime *vpop3_instant_message_get_time (Vpop3InstantMessage *self);
const char *vpop3_instant_message_get_sender (Vpop3InstantMessage *self);
const char *vpop3_instant_message_get_correspondent (Vpop3InstantMessage *self);
const char *vpop3_instant_message_get_text (Vpop3InstantMessage *self);
gboolean vpop3_instant_message_is_outgoing (Vpop3InstantMessage *self);

gint64 vpop3_instant_message_get_id (Vpop3InstantMessage *self);
void vpop3_instant_message_set_id (Vpop3InstantMessage *self, gint64 id);
Vpop3HistoryDelivery vpop3_instant_message_get_delivery (Vpop3InstantMessage *self);
const char *vpop3_instant_message_get_delivery_reason (Vpop3InstantMessage *self);
void vpop3_instant_message_set_delivery (Vpop3InstantMessage *self,
                                         Vpop3HistoryDelivery delivery,
                                         const char *reason);
const char *vpop3_instant_message_get_save_error (Vpop3InstantMessage *self);
void vpop3_instant_message_set_save_error (Vpop3InstantMessage *self, const char *error);
gboolean vpop3_instant_message_get_read (Vpop3InstantMessage *self);
void vpop3_instant_message_set_read (Vpop3InstantMessage *self, gboolean read);

/* The message as the history stores it, for the server (host, port, user). */
Vpop3HistoryMessage *vpop3_instant_message_to_history (Vpop3InstantMessage *self,
                                                       const char *host,
                                                       guint16 port,
                                                       const char *user);

G_END_DECLS
