/* vpop3-simulator-private.h: what the simulator's own files share.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vpop3-simulator-busy.h"
#include "vpop3-simulator-peer.h"
#include "vpop3-simulator-server.h"
#include "vpop3-simulator-state.h"
#include "vpop3-simulator-users.h"

G_BEGIN_DECLS

/* Vpop3Simulator is implemented in three files: vpop3-simulator-server.c
 * (listening, connections, pushing), vpop3-simulator-dialogue.c (login,
 * burst and commands of one peer) and vpop3-simulator-misbehaviour.c (the
 * ways of being a bad server). */
struct _Vpop3Simulator
{
  GObject parent_instance;

  GSocketService *service;
  guint16 port;
  GPtrArray *peers; /* Vpop3SimulatorPeer, every open connection */
  Vpop3SimulatorUsers *users;
  Vpop3SimulatorState *state;
  Vpop3SimulatorBusy *busy;
  GRand *rand; /* challenges and misbehaviour; the busy scenario has its own */
  int build;
  Vpop3SimulatorScenario scenario;
  Vpop3SimulatorMisbehaviour misbehaviour;
  Vpop3SimulatorDialect dialect;
  double rate;
  guint login_attempts;
  guint connections_accepted;
  guint garbage_source;
  guint log_backlog;           /* older log lines sent before the recent log in each burst */
  gint64 cut_next;             /* bytes after which the next connection is cut; -1: none */
  GHashTable *ending_sessions; /* session id → source id of its delayed "9" */
  char *im_refusal;            /* the -ERR text every IM gets, or NULL: delivered */
};

/* vpop3-simulator-dialogue.c */
gboolean vpop3_simulator_may_see (Vpop3Permissions permissions, Vpop3UpdateType type);
void vpop3_simulator_handle_line (Vpop3Simulator *self, Vpop3SimulatorPeer *peer, const char *line);
/* Cancels a pending ENDSESSION of @id (its "9" is being pushed anyway). */
void vpop3_simulator_forget_ending (Vpop3Simulator *self, const char *id);
void vpop3_simulator_forget_all_endings (Vpop3Simulator *self);

/* vpop3-simulator-server.c */
/* A snapshot of the open connections, safe to walk while some of them close. */
GPtrArray *vpop3_simulator_dup_peers (Vpop3Simulator *self);
void vpop3_simulator_note_command (Vpop3Simulator *self, const char *line);
void vpop3_simulator_note_login (Vpop3Simulator *self, Vpop3SimulatorPeer *peer);
void vpop3_simulator_request_shutdown (Vpop3Simulator *self);
/* Starts or stops the timers by whether anyone is logged in. */
void vpop3_simulator_update_activity (Vpop3Simulator *self);

/* vpop3-simulator-misbehaviour.c */
/* Misbehaves at accept time; TRUE when the connection gets no greeting. */
gboolean vpop3_simulator_misbehave_on_accept (Vpop3Simulator *self, Vpop3SimulatorPeer *peer);
void vpop3_simulator_misbehave_after_login (Vpop3Simulator *self, Vpop3SimulatorPeer *peer);
void vpop3_simulator_update_garbage (Vpop3Simulator *self, gboolean anyone_logged_in);
/* One update line to one peer, now and then after a garbage line. */
void
vpop3_simulator_send_update_line (Vpop3Simulator *self, Vpop3SimulatorPeer *peer, const char *line);

G_END_DECLS
