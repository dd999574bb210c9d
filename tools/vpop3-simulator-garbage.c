/* vpop3-simulator-garbage.c: lines a broken server might send.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vpop3-simulator-garbage.h"

#include <string.h>

/* Known types with payloads that break their row, and types that do not exist. */
static const char *const malformed[] = {
  "4abc\t1",
  "4\t",
  "421",
  "5-3\t0",
  "54294967296\t0",
  "2XYZ",
  "201D5566C45837F0",
  "201D5566C45837F00\textra",
  "301D5566C45837F00\tsuperb",
  "301D5566C45837F00",
  "6101\t-\t0",
  "6-\t-",
  "6x\ty\tz",
  "8only\tthree\tfields",
  "8\t\t\t\t",
  "91041\textra",
  "P1111",
  "P11x111",
  "P1111111",
  "M01D5566C45837F00\tnobody",
  "001D5566C45837F",
  "0ZZZZZZZZZZZZZZZZLog line with a bad time stamp",
  "Z",
  "ZZZ top",
  "Xunknown type",
  "?what",
  "\t\t\t",
  "",
  "hello world",
  "OK but no plus",
};

GBytes *
vpop3_simulator_garbage_line (GRand *rand)
{
  GByteArray *bytes;

  if (g_rand_boolean (rand))
    {
      const char *line = malformed[g_rand_int_range (rand, 0, G_N_ELEMENTS (malformed))];

      bytes = g_byte_array_sized_new (strlen (line) + 2);
      g_byte_array_append (bytes, (const guint8 *) line, strlen (line));
    }
  else
    {
      /* Random bytes, NUL and non-UTF-8 included: anything but LF. */
      int length = g_rand_int_range (rand, 1, 200);

      bytes = g_byte_array_sized_new ((guint) length + 2);
      for (int i = 0; i < length; i++)
        {
          guint8 byte;

          do
            byte = (guint8) g_rand_int_range (rand, 0, 256);
          while (byte == '\n' || (i == 0 && (byte == '+' || byte == '-')));
          g_byte_array_append (bytes, &byte, 1);
        }
    }
  g_byte_array_append (bytes, (const guint8 *) "\r\n", 2);
  return g_byte_array_free_to_bytes (bytes);
}

char *
vpop3_simulator_garbage_partial_line (GRand *rand)
{
  static const char *const lines[] = {
    "001D5566C45837F00Retrieving message 2 of 5 from pop.example.com",
    "1Connecting to mail.example.com",
    "412\t1",
    "81041\tPOP3 Server (45)\tjames (192.168.1.40)\t12\tRETR 3",
    "HCompacting message store",
  };
  const char *line = lines[g_rand_int_range (rand, 0, G_N_ELEMENTS (lines))];

  return g_strndup (line, (gsize) g_rand_int_range (rand, 1, (gint32) strlen (line)));
}
