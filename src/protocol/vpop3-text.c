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

gboolean
vpop3_text_is_utf8 (const char *bytes, gsize length)
{
  g_return_val_if_fail (bytes != NULL || length == 0, FALSE);

  return g_utf8_validate_len (bytes, length, NULL);
}

char *
vpop3_text_encode_windows_1252 (const char *text)
{
  g_autoptr (GString) out = NULL;
  const char *run = text;
  const char *p;

  g_return_val_if_fail (text != NULL, NULL);

  out = g_string_sized_new (strlen (text));
  /* Runs go through iconv; the five bytes it leaves undefined came in as the
   * C1 controls of the same value, and go back as those bytes. */
  for (p = text;; p = g_utf8_next_char (p))
    {
      gunichar c = *p != '\0' ? g_utf8_get_char (p) : 0;

      if (c != 0 && !(c < 0x100 && is_special_byte ((guchar) c)))
        continue;
      if (p > run)
        {
          gsize written = 0;
          g_autofree char *bytes =
              g_convert (run, p - run, "WINDOWS-1252", "UTF-8", NULL, &written, NULL);

          if (bytes == NULL)
            return NULL;
          g_string_append_len (out, bytes, (gssize) written);
        }
      if (c == 0)
        break;
      g_string_append_c (out, (char) c);
      run = g_utf8_next_char (p);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
vpop3_text_decode (const char *bytes, gsize length)
{
  GString *out;
  gsize run_start = 0;

  g_return_val_if_fail (bytes != NULL || length == 0, NULL);

  if (vpop3_text_is_utf8 (bytes, length))
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

static gboolean
is_shown_escaped (gunichar c)
{
  return g_unichar_iscntrl (c) && c != '\n' && c != '\t';
}

gboolean
vpop3_text_has_controls (const char *text)
{
  g_return_val_if_fail (text != NULL, FALSE);

  /* Every control character is below 0xA0: ASCII ones are single bytes, the
   * C1 range is U+0080–U+009F, two bytes starting 0xC2. */
  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    if ((*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7f || (*p == 0xc2 && p[1] < 0xa0))
      return TRUE;
  return FALSE;
}

char *
vpop3_text_escape_controls (const char *text)
{
  g_autofree char *valid = NULL;
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);

  valid = g_utf8_make_valid (text, -1);
  out = g_string_sized_new (strlen (valid));
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_shown_escaped (c))
        g_string_append_printf (out, "\\x%02x", (guint) c);
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}
