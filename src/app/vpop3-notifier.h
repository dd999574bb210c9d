/* vpop3-notifier.h: desktop notifications, one per topic, that replace and
 * withdraw themselves.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vpop3-client.h"
#include "vpop3-server.h"

G_BEGIN_DECLS

/* A connection lost for less than this stays quiet. */
#define VPOP3_NOTIFIER_DEFAULT_GRACE_MS (60 * 1000)

#define VPOP3_TYPE_NOTIFIER (vpop3_notifier_get_type ())
G_DECLARE_FINAL_TYPE (Vpop3Notifier, vpop3_notifier, VPOP3, NOTIFIER, GObject)

/* Watches @client and its status, and notifies through @application (which
 * must be registered, and usually owns the notifier: it is held weakly).
 * @settings has the notify-* keys. A connection lost for less than @grace_ms
 * is not notified. All four are the construct-only properties "application",
 * "client", "settings" and "grace-ms". With several servers, the property
 * "server" (construct-only, else NULL) names it in every title, keeps one
 * notification per server and topic, and clicks go to the NAME-of actions
 * with its id. The property "conversations" (construct-only, else NULL)
 * announces instant messages once they are stored, instead of as the status
 * reports them. */
Vpop3Notifier *vpop3_notifier_new (GApplication *application,
                                   Vpop3Client *client,
                                   GSettings *settings,
                                   guint grace_ms);
/* The messages window calls this: while it is open, messages are not notified. */
void vpop3_notifier_set_messages_visible (Vpop3Notifier *self, gboolean visible);
/* The "server" property. */
Vpop3Server *vpop3_notifier_get_server (Vpop3Notifier *self);

G_END_DECLS
