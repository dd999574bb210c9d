/* vpop3-mailbox.h: one user's mailbox on the server (provisional type "U").
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define VPOP3_TYPE_MAILBOX (vpop3_mailbox_get_type ())
G_DECLARE_FINAL_TYPE (Vpop3Mailbox, vpop3_mailbox, VPOP3, MAILBOX, GObject)

/* Properties: "user" (string, construct-only), "total" and "held" (uint,
 * messages waiting for the user and how many of them are held; notify). */
Vpop3Mailbox *vpop3_mailbox_new (const char *user, guint total, guint held);
/* Takes a later report of the same mailbox; notifies what changed and
 * returns TRUE when anything did. */
gboolean vpop3_mailbox_set_counts (Vpop3Mailbox *self, guint total, guint held);

const char *vpop3_mailbox_get_user (Vpop3Mailbox *self);
guint vpop3_mailbox_get_total (Vpop3Mailbox *self);
guint vpop3_mailbox_get_held (Vpop3Mailbox *self);

/* The order of the mailboxes model: by user name, ignoring case, then byte
 * by byte so that the order is total. */
int vpop3_mailbox_compare_users (const char *a, const char *b);

G_END_DECLS
