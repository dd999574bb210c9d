/* vpop3-session.h: one active session on the server (Sessions tab).
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "vpop3-update.h"

G_BEGIN_DECLS

#define VPOP3_TYPE_SESSION (vpop3_session_get_type ())
G_DECLARE_FINAL_TYPE (Vpop3Session, vpop3_session, VPOP3, SESSION, GObject)

/* Properties: "id", "session-type", "user", "detail" (strings), "seconds"
 * (age when last reported). */
Vpop3Session *vpop3_session_new_from_update (const Vpop3Update *update);
/* Takes the fields of a later report of the same session; notifies what changed. */
void vpop3_session_update (Vpop3Session *self, const Vpop3Update *update);

const char *vpop3_session_get_id (Vpop3Session *self);
const char *vpop3_session_get_session_type (Vpop3Session *self);
const char *vpop3_session_get_user (Vpop3Session *self);
const char *vpop3_session_get_detail (Vpop3Session *self);
guint vpop3_session_get_seconds (Vpop3Session *self);
/* The age now: the reported age plus the time since that report. */
guint vpop3_session_get_active_seconds (Vpop3Session *self);
/* "h:mm:ss", as the web Status page shows it. */
char *vpop3_format_active_time (guint seconds);

G_END_DECLS
