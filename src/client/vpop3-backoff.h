/* vpop3-backoff.h: reconnect delays, exponential with jitter.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define VPOP3_BACKOFF_DEFAULT_INITIAL_MS 2000
#define VPOP3_BACKOFF_DEFAULT_MAX_MS     (5 * 60 * 1000)

/* A plain value: the client owns one and resets it after each good login. */
typedef struct
{
  guint initial_ms;
  guint max_ms;
  guint attempt; /* delays handed out since the last reset */
} Vpop3Backoff;

void vpop3_backoff_init (Vpop3Backoff *backoff, guint initial_ms, guint max_ms);
void vpop3_backoff_reset (Vpop3Backoff *backoff);
/* The delay before the next attempt: initial × 2^attempt, capped at max, then
 * spread by ±25 % (never above max) so that many monitors of one server don't
 * reconnect in step after it restarts. */
guint vpop3_backoff_next_delay (Vpop3Backoff *backoff, GRand *rand);
/* The range vpop3_backoff_next_delay() draws from for delay number @attempt. */
void
vpop3_backoff_bounds (const Vpop3Backoff *backoff, guint attempt, guint *min_ms, guint *max_ms);

G_END_DECLS
