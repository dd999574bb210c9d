/* vpop3-filetime.h: Windows FILETIME ↔ GDateTime.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define VPOP3_FILETIME_HEX_LENGTH 16

/* Parses the first 16 characters of @hex as hex digits (either case); FALSE
 * when any of them is not one. The caller checks the field's length. */
gboolean vpop3_filetime_parse_hex (const char *hex, guint64 *ticks);
/* NULL when @ticks is later than 9999-12-30T00:00:00Z: GDateTime ends with
 * year 9999, and such a time could not be shown in every time zone. */
GDateTime *vpop3_filetime_to_date_time (guint64 ticks);
/* 0 for a NULL @time. */
guint64 vpop3_filetime_from_date_time (GDateTime *time);
/* Writes 16 upper-case hex digits and a NUL into @buffer. */
void vpop3_filetime_format_hex (guint64 ticks, char buffer[VPOP3_FILETIME_HEX_LENGTH + 1]);

G_END_DECLS
