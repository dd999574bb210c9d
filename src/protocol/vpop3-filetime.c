/* vpop3-filetime.c
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "vpop3-filetime.h"

/* A FILETIME counts 100-ns ticks since 1601-01-01 00:00 UTC. */
#define TICKS_PER_MICROSECOND 10

gboolean
vpop3_filetime_parse_hex (const char *hex, guint64 *ticks)
{
  guint64 value = 0;

  g_return_val_if_fail (hex != NULL, FALSE);

  for (int i = 0; i < VPOP3_FILETIME_HEX_LENGTH; i++)
    {
      int digit = g_ascii_xdigit_value (hex[i]);

      if (digit < 0)
        return FALSE;
      value = (value << 4) | (guint64) digit;
    }

  if (ticks != NULL)
    *ticks = value;
  return TRUE;
}

/* Built once: the parser needs it for every log line. */
static GDateTime *
filetime_epoch (void)
{
  static gsize built = 0;
  static GDateTime *epoch;

  if (g_once_init_enter (&built))
    {
      epoch = g_date_time_new_utc (1601, 1, 1, 0, 0, 0);
      g_once_init_leave (&built, 1);
    }
  return epoch;
}

/* 9999-12-30T00:00:00Z, the last time every time zone can show: GDateTime
 * ends with year 9999, and g_date_time_to_local() fails for a time whose
 * local date would be later. A day before the end leaves room for any UTC
 * offset. */
#define FILETIME_LATEST G_GUINT64_CONSTANT (0x24C858CC7CECC000)

GDateTime *
vpop3_filetime_to_date_time (guint64 ticks)
{
  GDateTime *epoch = filetime_epoch ();

  /* Such a time can only be garbage: refused, so that no one has to show it. */
  if (ticks > FILETIME_LATEST)
    return NULL;
  return g_date_time_add (epoch, (GTimeSpan) (ticks / TICKS_PER_MICROSECOND));
}

guint64
vpop3_filetime_from_date_time (GDateTime *time)
{
  GTimeSpan span;

  if (time == NULL)
    return 0;

  span = g_date_time_difference (time, filetime_epoch ());
  if (span < 0)
    return 0;
  return (guint64) span * TICKS_PER_MICROSECOND;
}

void
vpop3_filetime_format_hex (guint64 ticks, char buffer[VPOP3_FILETIME_HEX_LENGTH + 1])
{
  g_snprintf (buffer, VPOP3_FILETIME_HEX_LENGTH + 1, "%016" G_GINT64_MODIFIER "X", ticks);
}
