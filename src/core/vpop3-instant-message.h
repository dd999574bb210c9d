/* vpop3-instant-message.h: one instant message, received or sent.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define VPOP3_TYPE_INSTANT_MESSAGE (vpop3_instant_message_get_type ())
G_DECLARE_FINAL_TYPE (Vpop3InstantMessage, vpop3_instant_message, VPOP3, INSTANT_MESSAGE, GObject)

/* @time NULL means now. @sender is the other user for a received message,
 * NULL for one this user sent. */
Vpop3InstantMessage *
vpop3_instant_message_new (GDateTime *time, const char *sender, const char *text);

GDateTime *vpop3_instant_message_get_time (Vpop3InstantMessage *self);
const char *vpop3_instant_message_get_sender (Vpop3InstantMessage *self);
const char *vpop3_instant_message_get_text (Vpop3InstantMessage *self);
gboolean vpop3_instant_message_is_outgoing (Vpop3InstantMessage *self);

G_END_DECLS
