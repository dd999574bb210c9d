/* vpop3ctl-check.h: the monitoring-plugin logic of "vpop3ctl check", as pure functions.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "vpop3-update.h"

G_BEGIN_DECLS

/* The Nagios/Icinga plugin states; the values are the exit codes. */
typedef enum
{
  VPOP3CTL_CHECK_OK = 0,
  VPOP3CTL_CHECK_WARNING = 1,
  VPOP3CTL_CHECK_CRITICAL = 2,
  VPOP3CTL_CHECK_UNKNOWN = 3,
} Vpop3ctlCheckState;

#define VPOP3CTL_CHECK_NO_THRESHOLD (-1)

typedef struct
{
  gint64 warn_queue; /* out-queue total above which the state is WARNING, or -1 */
  gint64 crit_queue; /* … CRITICAL, or -1 */
} Vpop3ctlCheckThresholds;

/* What the server reported after the initial burst. */
typedef struct
{
  const char *connection; /* NULL when not reported */
  gboolean has_out_queue;
  guint out_queue_total;
  guint out_queue_held;
  gboolean has_inboxes;
  guint inboxes_total;
  guint inboxes_held;
  gboolean has_last_poll;
  Vpop3PollResult last_poll_result;
  guint sessions;
} Vpop3ctlCheckData;

/* "OK", "WARNING", "CRITICAL", "UNKNOWN" (never translated: monitoring
 * systems parse them). */
const char *vpop3ctl_check_state_to_string (Vpop3ctlCheckState state);

/* The worse of two states, in the order OK < UNKNOWN < WARNING < CRITICAL
 * (the monitoring plugins' max_state_alt): a real problem outranks an
 * unknown one. */
Vpop3ctlCheckState vpop3ctl_check_state_worst (Vpop3ctlCheckState a, Vpop3ctlCheckState b);

/* FALSE with a message for thresholds that make no sense (negative, or
 * warning above critical). */
gboolean vpop3ctl_check_thresholds_validate (const Vpop3ctlCheckThresholds *thresholds,
                                             GError **error);

/* Evaluates the data; sets @summary to the text after "VPOP3 STATE - ":
 * the problems, worst first, or an overview when all is well. */
Vpop3ctlCheckState vpop3ctl_check_evaluate (const Vpop3ctlCheckData *data,
                                            const Vpop3ctlCheckThresholds *thresholds,
                                            char **summary);

/* Performance data in the plugin guidelines' format, e.g.
 * "out_queue=3;10;50;0 out_held=0;;;0 inboxes=5;;;0 sessions=4;;;0".
 * Values never reported are left out. */
char *vpop3ctl_check_perfdata (const Vpop3ctlCheckData *data,
                               const Vpop3ctlCheckThresholds *thresholds);

/* The state for a failure before any data came: unreachable service
 * CRITICAL, anything else (a refused login…) UNKNOWN. */
Vpop3ctlCheckState vpop3ctl_check_state_for_error (const GError *error);

/* "VPOP3 STATE - summary | perfdata" (without " | …" when @perfdata is
 * NULL or empty). A "|" in the summary would cut it, so it becomes "/". */
char *
vpop3ctl_check_format_line (Vpop3ctlCheckState state, const char *summary, const char *perfdata);

G_END_DECLS
