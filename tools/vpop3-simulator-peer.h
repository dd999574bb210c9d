/* vpop3-simulator-peer.h: one client connection of the simulator.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vpop3-update.h"

G_BEGIN_DECLS

/* A client that never reads is dropped once this much output waits for it. */
#define VPOP3_SIMULATOR_PEER_MAX_QUEUED (4 * 1024 * 1024)

#define VPOP3_TYPE_SIMULATOR_PEER (vpop3_simulator_peer_get_type ())
G_DECLARE_FINAL_TYPE (Vpop3SimulatorPeer, vpop3_simulator_peer, VPOP3, SIMULATOR_PEER, GObject)

/* Signals:
 *   "line-received" (const char *line)  a complete line, decoded to UTF-8
 *   "line-too-long" ()                  a line passed VPOP3_LINE_MAX; its rest is skipped
 *   "closed"        ()                  once, when the connection is gone for whatever reason */

Vpop3SimulatorPeer *vpop3_simulator_peer_new (GSocketConnection *connection, gsize max_queued);

/* Starts reading. Lines are ignored (not signalled) when @silent. */
void vpop3_simulator_peer_start (Vpop3SimulatorPeer *self, gboolean silent);

const char *vpop3_simulator_peer_get_address (Vpop3SimulatorPeer *self);
const char *vpop3_simulator_peer_get_challenge (Vpop3SimulatorPeer *self);
void vpop3_simulator_peer_set_challenge (Vpop3SimulatorPeer *self, const char *challenge);

gboolean vpop3_simulator_peer_is_logged_in (Vpop3SimulatorPeer *self);
/* The user as configured on the server (not as typed), or NULL before login. */
const char *vpop3_simulator_peer_get_user (Vpop3SimulatorPeer *self);
Vpop3Permissions vpop3_simulator_peer_get_permissions (Vpop3SimulatorPeer *self);
void vpop3_simulator_peer_set_logged_in (Vpop3SimulatorPeer *self,
                                         const char *user,
                                         Vpop3Permissions permissions);
gboolean vpop3_simulator_peer_is_closed (Vpop3SimulatorPeer *self);

/* Queues @line and CR LF. */
void vpop3_simulator_peer_send_line (Vpop3SimulatorPeer *self, const char *line);
void vpop3_simulator_peer_send_bytes (Vpop3SimulatorPeer *self, const char *bytes, gsize length);

/* Output queued between hold and release leaves in one write (see
 * vpop3_simulator_writer_hold()). */
void vpop3_simulator_peer_hold_output (Vpop3SimulatorPeer *self);
void vpop3_simulator_peer_release_output (Vpop3SimulatorPeer *self);

/* Queues more output; FALSE when it has queued the last of it. */
typedef gboolean (*Vpop3SimulatorPeerRefill) (Vpop3SimulatorPeer *peer, gpointer user_data);
/* Calls @refill now and again whenever everything queued has been written,
 * until it returns FALSE or the connection closes; then @destroy (@user_data).
 * For output too long to queue at once: the memory bound stays. */
void vpop3_simulator_peer_set_refill (Vpop3SimulatorPeer *self,
                                      Vpop3SimulatorPeerRefill refill,
                                      gpointer user_data,
                                      GDestroyNotify destroy);

/* Writes every byte on its own with a few milliseconds between them. */
void vpop3_simulator_peer_set_drip (Vpop3SimulatorPeer *self, gboolean drip);
/* Sends @length bytes of 'x' with no line end, then nothing more, ever: the
 * connection stays open. Output queued later is discarded. */
void vpop3_simulator_peer_start_endless (Vpop3SimulatorPeer *self, guint64 length);
/* After @delay_ms, writes what is queued plus @partial (may be NULL), then
 * closes without a goodbye. */
void
vpop3_simulator_peer_schedule_drop (Vpop3SimulatorPeer *self, guint delay_ms, const char *partial);
void vpop3_simulator_peer_cancel_drop (Vpop3SimulatorPeer *self);
/* After @bytes more bytes of output (what is sent later, not the endless
 * line), closes without a goodbye and reads no further input: the cut falls
 * wherever those bytes end, in the greeting, the login reply or a line. */
void vpop3_simulator_peer_cut_after (Vpop3SimulatorPeer *self, guint64 bytes);

/* Writes what is queued, then closes politely (ignoring further input). */
void vpop3_simulator_peer_close_after_flush (Vpop3SimulatorPeer *self);
/* Closes at once, discarding queued output. */
void vpop3_simulator_peer_close (Vpop3SimulatorPeer *self);

G_END_DECLS
