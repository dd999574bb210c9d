/* vpop3-mailboxes-view.h: the Mailboxes tab, how many messages wait in each
 * user's mailbox (the Windows monitor's queue summary viewer).
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VPOP3_TYPE_MAILBOXES_VIEW (vpop3_mailboxes_view_get_type ())
G_DECLARE_FINAL_TYPE (Vpop3MailboxesView, vpop3_mailboxes_view, VPOP3, MAILBOXES_VIEW, GtkBox)

/* Follows @mailboxes, a GListModel of Vpop3Mailbox (vpop3_status_get_mailboxes()),
 * or shows nothing for NULL. */
void vpop3_mailboxes_view_set_mailboxes (Vpop3MailboxesView *self, GListModel *mailboxes);

G_END_DECLS
