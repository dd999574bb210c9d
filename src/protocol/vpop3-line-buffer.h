/* vpop3-line-buffer.h: splitting a byte stream into bounded lines.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define VPOP3_LINE_MAX (64 * 1024)

/* Lines end in LF; a CR before the LF is removed. A line longer than the cap
 * is never buffered whole: the buffer reports it once as overlong and drops
 * bytes until the next LF, so an endless line costs at most the cap. */
typedef struct _Vpop3LineBuffer Vpop3LineBuffer;

typedef enum /*< underscore_name=vpop3_line_result >*/
{
  VPOP3_LINE_NONE,     /* need more bytes */
  VPOP3_LINE_COMPLETE, /* *line, *length hold one line (valid until the next call) */
  VPOP3_LINE_OVERLONG, /* a line passed the cap; its rest will be skipped */
} Vpop3LineResult;

Vpop3LineBuffer *vpop3_line_buffer_new (gsize max_line);
void vpop3_line_buffer_free (Vpop3LineBuffer *buffer);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Vpop3LineBuffer, vpop3_line_buffer_free)

/* Appends bytes received. Copies only what cannot be handed out at once. */
void vpop3_line_buffer_push (Vpop3LineBuffer *buffer, const char *bytes, gsize length);
/* Takes the next line, if any. Call until it returns VPOP3_LINE_NONE. */
Vpop3LineResult vpop3_line_buffer_next (Vpop3LineBuffer *buffer, const char **line, gsize *length);
/* Bytes of an unfinished line held (for tests and the memory bound). */
gsize vpop3_line_buffer_pending (Vpop3LineBuffer *buffer);
/* TRUE while the input does not end at a line boundary: bytes are held that
 * were not handed out as lines yet, or an overlong line is being skipped. */
gboolean vpop3_line_buffer_mid_line (Vpop3LineBuffer *buffer);
void vpop3_line_buffer_reset (Vpop3LineBuffer *buffer);

G_END_DECLS
