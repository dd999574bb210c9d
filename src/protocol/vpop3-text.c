/* vpop3-text.c
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "vpop3-text.h"

#include <string.h>

/* Bytes that Windows-1252 leaves undefined (iconv refuses them) and NUL.
 * Windows itself maps the five undefined ones to the C1 controls of the same
 * value, so we do too; NUL cannot live in a C string and becomes U+FFFD. */
static gboolean
is_special_byte (guchar byte)
{
  return byte == 0x00 || byte == 0x81 || byte == 0x8d || byte == 0x8f || byte == 0x90 ||
         byte == 0x9d;
}

static void
append_windows_1252_run (GString *out, const char *bytes, gsize length)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *converted = NULL;
  gsize written = 0;

  if (length == 0)
    return;

  converted = g_convert (bytes, length, "UTF-8", "WINDOWS-1252", NULL, &written, &error);
  if (converted != NULL)
    {
      g_string_append_len (out, converted, written);
      return;
    }

  /* Only reachable without a WINDOWS-1252 converter: fall back to Latin-1,
   * which agrees with Windows-1252 outside 0x80–0x9F. */
  for (gsize i = 0; i < length; i++)
    g_string_append_unichar (out, (guchar) bytes[i]);
}

char *
vpop3_text_decode (const char *bytes, gsize length)
{
  GString *out;
  gsize run_start = 0;

  g_return_val_if_fail (bytes != NULL || length == 0, NULL);

  if (g_utf8_validate_len (bytes, length, NULL))
    return g_strndup (bytes, length);

  out = g_string_sized_new (length + length / 2 + 1);
  for (gsize i = 0; i < length; i++)
    {
      guchar byte = (guchar) bytes[i];

      if (!is_special_byte (byte))
        continue;

      append_windows_1252_run (out, bytes + run_start, i - run_start);
      g_string_append_unichar (out, byte == 0 ? 0xfffd : byte);
      run_start = i + 1;
    }
  append_windows_1252_run (out, bytes + run_start, length - run_start);

  return g_string_free (out, FALSE);
}

gboolean
vpop3_text_is_single_line (const char *text)
{
  g_return_val_if_fail (text != NULL, FALSE);

  return strpbrk (text, "\r\n") == NULL;
}
