/* vpop3-backoff.c
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "vpop3-backoff.h"

void
vpop3_backoff_init (Vpop3Backoff *backoff, guint initial_ms, guint max_ms)
{
  g_return_if_fail (backoff != NULL);
  g_return_if_fail (initial_ms > 0 && max_ms >= initial_ms);

  backoff->initial_ms = initial_ms;
  backoff->max_ms = max_ms;
  backoff->attempt = 0;
}

void
vpop3_backoff_reset (Vpop3Backoff *backoff)
{
  g_return_if_fail (backoff != NULL);

  backoff->attempt = 0;
}

static guint64
nominal_delay (const Vpop3Backoff *backoff, guint attempt)
{
  guint64 delay = backoff->initial_ms;

  for (guint i = 0; i < attempt && delay < backoff->max_ms; i++)
    delay *= 2;
  return MIN (delay, backoff->max_ms);
}

void
vpop3_backoff_bounds (const Vpop3Backoff *backoff, guint attempt, guint *min_ms, guint *max_ms)
{
  guint64 nominal;

  g_return_if_fail (backoff != NULL);

  nominal = nominal_delay (backoff, attempt);
  if (min_ms != NULL)
    *min_ms = (guint) (nominal * 3 / 4);
  if (max_ms != NULL)
    *max_ms = (guint) MIN (nominal * 5 / 4, backoff->max_ms);
}

guint
vpop3_backoff_next_delay (Vpop3Backoff *backoff, GRand *rand)
{
  guint low, high;

  g_return_val_if_fail (backoff != NULL, 0);
  g_return_val_if_fail (rand != NULL, 0);

  vpop3_backoff_bounds (backoff, backoff->attempt, &low, &high);
  if (backoff->attempt < G_MAXUINT)
    backoff->attempt++;
  return low + (guint) g_rand_int_range (rand, 0, (gint32) (high - low) + 1);
}
