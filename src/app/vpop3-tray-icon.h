/* vpop3-tray-icon.h: which postbox to show, and the one-line summary.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "vpop3-client.h"
#include "vpop3-server.h"

G_BEGIN_DECLS

/* "<app id>-idle", "-fat", "-letter", "-fat-letter" or "-disconnected",
 * with "-symbolic" appended when asked. Only CONNECTED shows the queues. */
char *vpop3_tray_icon_name (Vpop3ClientState state,
                            gboolean mail_waiting,
                            gboolean mail_to_send,
                            gboolean symbolic);

/* What the icon shows, in words, for screen readers. @queues_reported: the
 * server has sent queue counts at all (without them the idle postbox does
 * not mean "no mail waiting", and the words say so). */
const char *vpop3_tray_icon_description (Vpop3ClientState state,
                                         gboolean mail_waiting,
                                         gboolean mail_to_send,
                                         gboolean queues_reported);

/* "VPOP3 mail.example.com: Idle · 3 to send · 5 waiting". @connection_text
 * may be NULL; a negative count means "not reported". */
char *vpop3_tray_summary (const char *host,
                          Vpop3ClientState state,
                          gboolean reconnecting,
                          const char *connection_text,
                          int out_queue,
                          int inboxes);

/* vpop3_tray_summary() for @server as it is now, under @name. */
char *vpop3_tray_server_summary (Vpop3Server *server, const char *name);

/* With several servers: "VPOP3: 3 servers · b.example not connected · 2 to
 * send · 5 waiting" (or "· 2 not connected" for more than one); the counts
 * sum the connected servers', a negative one meaning none reported. */
char *vpop3_tray_summary_servers (guint n_servers,
                                  guint n_not_connected,
                                  const char *first_not_connected,
                                  int out_queue,
                                  int inboxes);

/* The reason a connection failed, fit for one menu line: the first line of
 * @error's message, shortened to @max_chars characters with an ellipsis.
 * NULL when @error is NULL. */
char *vpop3_tray_reason (const GError *error, guint max_chars);

G_END_DECLS
