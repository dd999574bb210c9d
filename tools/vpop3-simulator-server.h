/* vpop3-simulator-server.h: a stand-in VPOP3 status server for tests and demos.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vpop3-update.h"

G_BEGIN_DECLS

typedef enum /*< underscore_name=vpop3_simulator_scenario >*/
{
  VPOP3_SIMULATOR_SCENARIO_QUIET, /*< nick=quiet >*/
  VPOP3_SIMULATOR_SCENARIO_BUSY,  /*< nick=busy >*/
} Vpop3SimulatorScenario;

/* Ways to be a bad server, so that clients can be tested against them. */
typedef enum /*< underscore_name=vpop3_simulator_misbehaviour >*/
{
  VPOP3_SIMULATOR_MISBEHAVIOUR_NONE,       /*< nick=none >*/
  VPOP3_SIMULATOR_MISBEHAVIOUR_GARBAGE,    /*< nick=garbage >*/
  VPOP3_SIMULATOR_MISBEHAVIOUR_DROP,       /*< nick=drop >*/
  VPOP3_SIMULATOR_MISBEHAVIOUR_DRIP,       /*< nick=drip >*/
  VPOP3_SIMULATOR_MISBEHAVIOUR_NOT_VPOP3,  /*< nick=not-vpop3 >*/
  VPOP3_SIMULATOR_MISBEHAVIOUR_DENY,       /*< nick=deny >*/
  VPOP3_SIMULATOR_MISBEHAVIOUR_REFUSE_ALL, /*< nick=refuse-all >*/
  VPOP3_SIMULATOR_MISBEHAVIOUR_SILENT,     /*< nick=silent >*/
  VPOP3_SIMULATOR_MISBEHAVIOUR_ENDLESS,    /*< nick=endless >*/
} Vpop3SimulatorMisbehaviour;

/* How the provisional update types (all but "0" and "1") go on the wire. */
typedef enum /*< underscore_name=vpop3_simulator_dialect >*/
{
  VPOP3_SIMULATOR_DIALECT_OURS,            /*< nick=provisional >*/
  VPOP3_SIMULATOR_DIALECT_DOCUMENTED_ONLY, /*< nick=documented-only >*/
  VPOP3_SIMULATOR_DIALECT_OTHER_SHAPE,     /*< nick=other-shape >*/
} Vpop3SimulatorDialect;

#define VPOP3_SIMULATOR_DEFAULT_BUILD 2886
#define VPOP3_SIMULATOR_DEFAULT_RATE  2.0

#define VPOP3_TYPE_SIMULATOR (vpop3_simulator_get_type ())
G_DECLARE_FINAL_TYPE (Vpop3Simulator, vpop3_simulator, VPOP3, SIMULATOR, GObject)

/* Signals:
 *   "command-received"   (const char *line)  every line a logged-in peer sent, login lines
 *                                            excluded (decoded to UTF-8)
 *   "shutdown-requested" ()                  after an accepted SHUTDOWN
 *   "peer-logged-in"     (const char *user)  after the login reply and the burst are queued
 * Properties: "peer-count" (read-only, notified when connections open or close). */

Vpop3Simulator *vpop3_simulator_new (void);

void vpop3_simulator_add_user (Vpop3Simulator *sim,
                               const char *name,
                               const char *password,
                               Vpop3Permissions permissions);
/* The user's WebAPI key, for APILOGIN. A name not added yet gets an entry that
 * only APILOGIN can use, with every permission, until vpop3_simulator_add_user(). */
void vpop3_simulator_add_api_key (Vpop3Simulator *sim, const char *name, const char *key);

/* @address is a literal IP address. Port 0 picks any free port. */
gboolean
vpop3_simulator_listen (Vpop3Simulator *sim, const char *address, guint16 port, GError **error);
/* The port last bound (it stays valid after vpop3_simulator_stop(), so a test can listen again). */
guint16 vpop3_simulator_get_port (Vpop3Simulator *sim);

/* -1: the login reply carries no "(Build N)". */
void vpop3_simulator_set_build (Vpop3Simulator *sim, int build);
void vpop3_simulator_set_scenario (Vpop3Simulator *sim,
                                   Vpop3SimulatorScenario scenario,
                                   double events_per_second);
void vpop3_simulator_set_seed (Vpop3Simulator *sim, guint32 seed);
/* Each login's burst also carries @lines older activity-log lines (one a
 * second, before the recent log), queued a chunk at a time. 0: none. */
void vpop3_simulator_set_log_backlog (Vpop3Simulator *sim, guint lines);
guint vpop3_simulator_get_log_backlog (Vpop3Simulator *sim);
void vpop3_simulator_set_misbehaviour (Vpop3Simulator *sim,
                                       Vpop3SimulatorMisbehaviour misbehaviour);
Vpop3SimulatorMisbehaviour vpop3_simulator_get_misbehaviour (Vpop3Simulator *sim);
/* Every IM command is answered "-ERR @text" and delivered to nobody, until
 * called with NULL. */
void vpop3_simulator_set_im_refusal (Vpop3Simulator *sim, const char *text);
/* provisional (default): our reading of the protocol; documented-only: only
 * "0" and "1" (and replies); other-shape: the provisional types in a shape
 * our parser cannot accept, for testing what a real server may differ in. */
void vpop3_simulator_set_dialect (Vpop3Simulator *sim, Vpop3SimulatorDialect dialect);
Vpop3SimulatorDialect vpop3_simulator_get_dialect (Vpop3Simulator *sim);
Vpop3SimulatorScenario vpop3_simulator_get_scenario (Vpop3Simulator *sim);
double vpop3_simulator_get_rate (Vpop3Simulator *sim);

/* Applies @update to the server's state and sends it to every logged-in peer
 * allowed to see it. A message ("M") goes to every logged-in peer, a
 * permissions line ("P") too (without changing what they may see); an
 * unknown update is sent as its raw text. */
void vpop3_simulator_push (Vpop3Simulator *sim, const Vpop3Update *update);
/* An instant message to the peers logged in as @to_user (NULL: to all). */
void vpop3_simulator_deliver_message (Vpop3Simulator *sim,
                                      const char *to_user,
                                      const char *from,
                                      const char *text);
/* A raw line (CR LF added) to every logged-in peer. */
void vpop3_simulator_send_raw (Vpop3Simulator *sim, const char *line);
/* Closes every connection abruptly. */
void vpop3_simulator_drop_all (Vpop3Simulator *sim);
/* Closes every connection once what is queued for it has been written, with
 * no goodbye line: a server that goes away between two updates. From a
 * "peer-logged-in" handler, the client gets its whole burst, then the end. */
void vpop3_simulator_hang_up_all (Vpop3Simulator *sim);
/* Stops listening and closes every connection. */
void vpop3_simulator_stop (Vpop3Simulator *sim);
/* For chaos tests: the next connection accepted is closed without a goodbye
 * after @bytes bytes of output, wherever that falls (in the greeting, before
 * or in the login reply, in the burst, mid-line); input after the cut is not
 * read, so a login that arrives too late is not counted. -1 cancels. */
void vpop3_simulator_cut_next_connection (Vpop3Simulator *sim, gint64 bytes);
/* What a client logging in now would be sent after "P" (the burst), not
 * filtered by permissions: for tests that compare a client's state. */
GPtrArray *vpop3_simulator_dup_snapshot (Vpop3Simulator *sim);

guint vpop3_simulator_get_login_attempts (Vpop3Simulator *sim);
guint vpop3_simulator_get_connections_accepted (Vpop3Simulator *sim);
guint vpop3_simulator_get_peer_count (Vpop3Simulator *sim);

G_END_DECLS

#include "vpop3-simulator-enums.h"
