/* vpop3-line-buffer.c
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "vpop3-line-buffer.h"

#include <string.h>

struct _Vpop3LineBuffer
{
  GByteArray *data;    /* bytes received and not yet handed out */
  gsize consumed;      /* bytes at the front of @data already handed out */
  gsize scanned;       /* bytes after @consumed known to hold no LF */
  gsize line_start;    /* where the unterminated line at the end of @data begins */
  GArray *overlong_at; /* offsets in @data where a dropped overlong line stood, in order */
  gsize max_line;
  gboolean discarding; /* dropping input up to the LF that ends an overlong line */
};

Vpop3LineBuffer *
vpop3_line_buffer_new (gsize max_line)
{
  Vpop3LineBuffer *buffer;

  g_return_val_if_fail (max_line > 0, NULL);

  buffer = g_new0 (Vpop3LineBuffer, 1);
  buffer->data = g_byte_array_new ();
  buffer->overlong_at = g_array_new (FALSE, FALSE, sizeof (gsize));
  buffer->max_line = max_line;
  return buffer;
}

void
vpop3_line_buffer_free (Vpop3LineBuffer *buffer)
{
  if (buffer == NULL)
    return;
  g_byte_array_unref (buffer->data);
  g_array_unref (buffer->overlong_at);
  g_free (buffer);
}

static void
compact (Vpop3LineBuffer *buffer)
{
  if (buffer->consumed == 0)
    return;
  g_byte_array_remove_range (buffer->data, 0, (guint) buffer->consumed);
  buffer->line_start -= buffer->consumed;
  for (guint i = 0; i < buffer->overlong_at->len; i++)
    g_array_index (buffer->overlong_at, gsize, i) -= buffer->consumed;
  buffer->consumed = 0;
}

void
vpop3_line_buffer_push (Vpop3LineBuffer *buffer, const char *bytes, gsize length)
{
  g_return_if_fail (buffer != NULL);
  g_return_if_fail (bytes != NULL || length == 0);

  /* Lines handed out are valid only until the next call, so their space can go now. */
  compact (buffer);

  while (length > 0)
    {
      const char *lf = memchr (bytes, '\n', length);
      gsize segment = lf != NULL ? (gsize) (lf - bytes) + 1 : length;
      gsize line_part = lf != NULL ? segment - 1 : segment;
      gsize held = buffer->data->len - buffer->line_start;

      if (buffer->discarding)
        {
          if (lf == NULL)
            return;
          buffer->discarding = FALSE;
        }
      else if (held + line_part <= buffer->max_line + 1)
        {
          /* Within the cap (the +1 leaves room for a CR before the LF). */
          g_byte_array_append (buffer->data, (const guint8 *) bytes, (guint) segment);
          if (lf != NULL)
            buffer->line_start = buffer->data->len;
        }
      else
        {
          /* Overlong: forget what we held of it and remember where it stood,
           * so that it is reported in order without ever buffering it. */
          g_byte_array_set_size (buffer->data, (guint) buffer->line_start);
          g_array_append_val (buffer->overlong_at, buffer->line_start);
          if (buffer->scanned > buffer->line_start - buffer->consumed)
            buffer->scanned = buffer->line_start - buffer->consumed;
          if (lf == NULL)
            {
              buffer->discarding = TRUE;
              return;
            }
        }

      bytes += segment;
      length -= segment;
    }
}

Vpop3LineResult
vpop3_line_buffer_next (Vpop3LineBuffer *buffer, const char **line, gsize *length)
{
  const char *start;
  const char *lf;
  gsize available;
  gsize line_length;

  g_return_val_if_fail (buffer != NULL, VPOP3_LINE_NONE);

  if (buffer->overlong_at->len > 0 &&
      g_array_index (buffer->overlong_at, gsize, 0) == buffer->consumed)
    {
      g_array_remove_index (buffer->overlong_at, 0);
      return VPOP3_LINE_OVERLONG;
    }

  available = buffer->data->len - buffer->consumed;
  /* Nothing unscanned (also keeps pointer arithmetic off an empty array's NULL data). */
  if (available == buffer->scanned)
    return VPOP3_LINE_NONE;
  start = (const char *) buffer->data->data + buffer->consumed;
  lf = memchr (start + buffer->scanned, '\n', available - buffer->scanned);
  if (lf == NULL)
    {
      buffer->scanned = available;
      return VPOP3_LINE_NONE;
    }

  line_length = (gsize) (lf - start);
  buffer->consumed += line_length + 1;
  buffer->scanned = 0;
  if (line_length > 0 && start[line_length - 1] == '\r')
    line_length--;

  /* A line of max_line + 1 bytes without a CR got past push(). */
  if (line_length > buffer->max_line)
    return VPOP3_LINE_OVERLONG;

  if (line != NULL)
    *line = start;
  if (length != NULL)
    *length = line_length;
  return VPOP3_LINE_COMPLETE;
}

gsize
vpop3_line_buffer_pending (Vpop3LineBuffer *buffer)
{
  g_return_val_if_fail (buffer != NULL, 0);

  return buffer->data->len - buffer->consumed;
}

gboolean
vpop3_line_buffer_mid_line (Vpop3LineBuffer *buffer)
{
  g_return_val_if_fail (buffer != NULL, FALSE);

  return buffer->discarding || buffer->overlong_at->len > 0 || buffer->data->len > buffer->consumed;
}

void
vpop3_line_buffer_reset (Vpop3LineBuffer *buffer)
{
  g_return_if_fail (buffer != NULL);

  g_byte_array_set_size (buffer->data, 0);
  g_array_set_size (buffer->overlong_at, 0);
  buffer->consumed = 0;
  buffer->scanned = 0;
  buffer->line_start = 0;
  buffer->discarding = FALSE;
}
