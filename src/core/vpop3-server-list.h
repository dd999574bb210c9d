/* vpop3-server-list.h: the monitored servers, as a GListModel of Vpop3Server.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vpop3-history-keeper.h"
#include "vpop3-server.h"

G_BEGIN_DECLS

#define VPOP3_SERVER_SCHEMA_ID "io.github.vpop3monitor.Vpop3Monitor.Server"

#define VPOP3_TYPE_SERVER_LIST (vpop3_server_list_get_type ())
G_DECLARE_FINAL_TYPE (Vpop3ServerList, vpop3_server_list, VPOP3, SERVER_LIST, GObject)

/* Made from the main settings' "servers" (ids), each server's settings at
 * /io/github/vpop3monitor/Vpop3Monitor/servers/ID/. A configuration of one
 * server from before (host, port, user… in the main schema) moves into a
 * server of its own, losing nothing; with none at all there is one empty
 * server to configure. The servers are made, never connected, here.
 *
 * Construct-only properties: settings (the main ones), backoff-initial-ms and
 * backoff-max-ms (given to every server; 0: the client's default),
 * history-keeper (given to every server; NULL: messages are kept in memory
 * only). */
Vpop3ServerList *vpop3_server_list_new (GSettings *settings);

/* The message history every server writes to, or NULL. */
Vpop3HistoryKeeper *vpop3_server_list_get_history_keeper (Vpop3ServerList *self);

/* A new stored server with default settings, at the end. */
Vpop3Server *vpop3_server_list_add (Vpop3ServerList *self);
/* Forgets @server: out of the list and its settings reset. */
void vpop3_server_list_remove (Vpop3ServerList *self, Vpop3Server *server);
/* NULL when no server has that id. */
Vpop3Server *vpop3_server_list_find (Vpop3ServerList *self, const char *id);

/* For this run only: the list holds exactly these servers, "[USER@]HOST[:PORT]"
 * each, with ids "run1", "run2"… and settings in memory: nothing is written,
 * and the stored list is left alone from then on. FALSE with an
 * error naming the first one that cannot be read, and nothing changed. */
gboolean vpop3_server_list_use_for_this_run (Vpop3ServerList *self,
                                             const char *const *specs,
                                             GError **error);

/* TRUE once vpop3_server_list_use_for_this_run() has been called: no Add. */
gboolean vpop3_server_list_is_for_this_run (Vpop3ServerList *self);

/* Parses "[USER@]HOST[:PORT]" (an IPv6 address in brackets when it has a
 * port); @user is NULL when not given, @port 0. */
gboolean vpop3_server_spec_parse (const char *spec, char **host, guint16 *port, char **user);

G_END_DECLS
