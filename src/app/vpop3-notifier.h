/* vpop3-notifier.h: desktop notifications, one per topic, that replace and
 * withdraw themselves.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vpop3-application.h"

G_BEGIN_DECLS

/* A connection lost for less than this stays quiet. */
#define VPOP3_NOTIFIER_DEFAULT_GRACE_SECONDS 60

#define VPOP3_TYPE_NOTIFIER (vpop3_notifier_get_type ())
G_DECLARE_FINAL_TYPE (Vpop3Notifier, vpop3_notifier, VPOP3, NOTIFIER, GObject)

Vpop3Notifier *vpop3_notifier_new (Vpop3Application *application);
void vpop3_notifier_set_grace_seconds (Vpop3Notifier *self, guint seconds);
/* The messages window calls this: while it is open, messages are not notified. */
void vpop3_notifier_set_messages_visible (Vpop3Notifier *self, gboolean visible);

G_END_DECLS
