/* fuzz-update.c: a byte stream from the server, split into lines and parsed.
 *
 * Invariants: nothing crashes or leaks; every text the parser hands out is
 * valid UTF-8; a copy equals its original; and every update the parser
 * accepts formats to a line that parses back to an equal update (the
 * simulator formats what the client parses, so the two must agree).
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "fuzz-common.h"
#include "vpop3-line-buffer.h"
#include "vpop3-update.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_init_logging ();
  return 0;
}

static void
check_texts (const Vpop3Update *update)
{
  FUZZ_CHECK (update->raw != NULL);
  FUZZ_CHECK (fuzz_is_utf8 (update->raw));
  FUZZ_CHECK (fuzz_is_utf8 (update->text));
  FUZZ_CHECK (fuzz_is_utf8 (update->id));
  FUZZ_CHECK (fuzz_is_utf8 (update->session_type));
  FUZZ_CHECK (fuzz_is_utf8 (update->user));
  for (char **name = update->names; name != NULL && *name != NULL; name++)
    FUZZ_CHECK (fuzz_is_utf8 (*name));
}

static void
check_update (const Vpop3Update *update, gboolean round_trip)
{
  g_autoptr (Vpop3Update) copy = vpop3_update_copy (update);
  g_autofree char *line = vpop3_update_format (update);

  check_texts (update);
  FUZZ_CHECK (vpop3_update_equal (update, copy));
  FUZZ_CHECK (vpop3_update_type_to_string (update->type) != NULL);

  if (update->type == VPOP3_UPDATE_UNKNOWN || update->type == VPOP3_UPDATE_REPLY)
    {
      /* Neither has a row to be formatted by. */
      FUZZ_CHECK (line == NULL);
      return;
    }

  if (!round_trip)
    return;

  FUZZ_CHECK (line != NULL);
  FUZZ_CHECK (g_utf8_validate (line, -1, NULL));
  /* Rows 0 and 1 carry a CR as it came (docs/protocol.md); no row a LF. */
  FUZZ_CHECK (strchr (line, '\n') == NULL);
  FUZZ_CHECK (strchr (line, '\r') == NULL || update->type == VPOP3_UPDATE_LOG ||
              update->type == VPOP3_UPDATE_CONNECTION);
  {
    g_autoptr (Vpop3Update) again = vpop3_update_parse (line, strlen (line));
    g_autofree char *line_again = NULL;

    if (!vpop3_update_equal (update, again))
      {
        g_autofree char *escaped = g_strescape (line, NULL);

        fprintf (stderr, "round trip mismatch: “%s” parsed as %s\n", escaped,
                 vpop3_update_type_to_string (again->type));
        abort ();
      }
    /* Formatting is stable: the canonical line formats to itself. */
    line_again = vpop3_update_format (again);
    FUZZ_CHECK (g_strcmp0 (line, line_again) == 0);
  }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (Vpop3LineBuffer) buffer = vpop3_line_buffer_new (VPOP3_LINE_MAX);
  const char *line = NULL;
  gsize length = 0;
  Vpop3LineResult result;

  /* As the client reads it: split into lines, each parsed. */
  vpop3_line_buffer_push (buffer, (const char *) data, size);
  while ((result = vpop3_line_buffer_next (buffer, &line, &length)) != VPOP3_LINE_NONE)
    {
      g_autoptr (Vpop3Update) update = NULL;

      if (result != VPOP3_LINE_COMPLETE)
        continue;
      FUZZ_CHECK (length <= VPOP3_LINE_MAX);
      FUZZ_CHECK (memchr (line, '\n', length) == NULL);
      update = vpop3_update_parse (line, length);
      check_update (update, TRUE);
    }
  FUZZ_CHECK (vpop3_line_buffer_pending (buffer) <= VPOP3_LINE_MAX + 1);

  /* The whole input as one line: LFs inside cannot come from a line reader,
   * so only the checks that hold for any bytes apply. */
  {
    g_autoptr (Vpop3Update) whole = vpop3_update_parse ((const char *) data, size);

    check_update (whole, FALSE);
  }

  return 0;
}
