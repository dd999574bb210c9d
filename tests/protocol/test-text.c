/* test-text.c: decoding what a Windows server sends (§1: UTF-8 when valid,
 * else Windows-1252; never invalid UTF-8).
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <glib.h>

#include "vpop3-text.h"

static char *
decode (const char *bytes)
{
  return vpop3_text_decode (bytes, strlen (bytes));
}

static void
test_utf8_unchanged (void)
{
  const char *const cases[] = {
    "",
    "Connected to mail.example.com",
    "Café — “quoted” €",
    "Straße, Ærø, Łódź, 東京, \xf0\x9f\x93\xae",
    "tab\there",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = decode (cases[i]);

      g_assert_cmpstr (text, ==, cases[i]);
    }
}

static void
test_windows_1252 (void)
{
  const struct
  {
    const char *bytes;
    const char *text;
  } cases[] = {
    { "\x80", "€" },
    { "\xe9", "é" },
    { "\x93quoted\x94", "“quoted”" },
    { "Caf\xe9 \x80 5", "Café € 5" },
    { "\x91single\x92 \x96 \x97 \x85", "‘single’ – — …" },
    { "\xa3\xa9\xb0\xd7\xf7\xff", "£©°×÷ÿ" },
    { "Stra\xdf"
      "e",
      "Straße" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = decode (cases[i].bytes);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_length_is_respected (void)
{
  g_autofree char *text = vpop3_text_decode ("abc\xe9xyz", 3);

  g_assert_cmpstr (text, ==, "abc");
}

static void
test_nul (void)
{
  const char ascii[] = "a\0b";
  /* Valid UTF-8 but with a NUL: decoded as Windows-1252, as the header says. */
  const char utf8[] = "\xc3\xa9\0";
  g_autofree char *text = vpop3_text_decode (ascii, sizeof ascii - 1);
  g_autofree char *mixed = vpop3_text_decode (utf8, sizeof utf8 - 1);
  g_autofree char *only = vpop3_text_decode ("\0", 1);

  g_assert_cmpstr (text, ==,
                   "a\xef\xbf\xbd"
                   "b");
  g_assert_cmpstr (mixed, ==, "Ã©\xef\xbf\xbd");
  g_assert_cmpstr (only, ==, "\xef\xbf\xbd");
}

static void
test_every_byte (void)
{
  /* Every single byte, including the five Windows-1252 leaves undefined. */
  for (guint b = 0; b < 256; b++)
    {
      char byte = (char) b;
      g_autofree char *text = vpop3_text_decode (&byte, 1);

      g_assert_nonnull (text);
      g_assert_true (g_utf8_validate (text, -1, NULL));
      g_assert_cmpuint (g_utf8_strlen (text, -1), ==, 1);
    }
}

static void
test_random_bytes (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (1252);

  for (guint i = 0; i < 20000; i++)
    {
      gsize length = (gsize) g_rand_int_range (rand, 0, 80);
      g_autofree char *bytes = g_malloc (length + 1);
      g_autofree char *text = NULL;

      for (gsize j = 0; j < length; j++)
        bytes[j] = (char) g_rand_int_range (rand, 0, 256);
      bytes[length] = '\0';
      text = vpop3_text_decode (bytes, length);

      g_assert_nonnull (text);
      g_assert_true (g_utf8_validate (text, -1, NULL));
      /* Nothing is dropped: every input byte yields at least one output byte. */
      g_assert_cmpuint (strlen (text), >=, length);
    }
}

static void
test_single_line (void)
{
  g_assert_true (vpop3_text_is_single_line (""));
  g_assert_true (vpop3_text_is_single_line ("Dial-up"));
  g_assert_true (vpop3_text_is_single_line ("with\ttab and spaces"));
  g_assert_true (vpop3_text_is_single_line ("Café €"));
  g_assert_false (vpop3_text_is_single_line ("a\rb"));
  g_assert_false (vpop3_text_is_single_line ("a\nb"));
  g_assert_false (vpop3_text_is_single_line ("trailing\r\n"));
}

/* What the displays show of a CR kept in a log line, or of any control
 * character: \xNN, everything else as it is. */
static void
test_escape_controls (void)
{
  g_autofree char *cr = vpop3_text_escape_controls ("Idle\r");
  g_autofree char *mixed = vpop3_text_escape_controls ("a\x1b[2J\tb\nc\x7f\xc2\x85é");
  g_autofree char *invalid = vpop3_text_escape_controls ("bad \xff");

  g_assert_cmpstr (cr, ==, "Idle\\x0d");
  g_assert_cmpstr (mixed, ==, "a\\x1b[2J\tb\nc\\x7f\\x85é");
  g_assert_cmpstr (invalid, ==, "bad \xef\xbf\xbd");
  g_assert_true (vpop3_text_has_controls ("Idle\r"));
  g_assert_false (vpop3_text_has_controls ("Idle\tnow\n"));

  /* The quick test agrees with the escaping for every code point up to
   * U+00FF, alone and between letters. */
  for (gunichar c = 1; c <= 0xff; c++)
    {
      char utf8[8] = { 0 };
      g_autofree char *between = NULL;
      g_autofree char *escaped = NULL;

      g_unichar_to_utf8 (c, utf8);
      between = g_strconcat ("a", utf8, "b", NULL);
      escaped = vpop3_text_escape_controls (between);
      if (vpop3_text_has_controls (between) != !g_str_equal (escaped, between))
        g_error ("U+%04X: has_controls and escape_controls disagree", c);
    }
}

/* Sending back what came in Windows-1252: every byte but NUL round-trips
 * through decoding and encoding, the five undefined ones included. */
static void
test_encode_windows_1252 (void)
{
  g_autofree char *cafe = vpop3_text_encode_windows_1252 ("Café – “ok” €");

  g_assert_cmpstr (cafe, ==, "Caf\xe9 \x96 \x93ok\x94 \x80");
  g_assert_null (vpop3_text_encode_windows_1252 ("Ω"));
  g_assert_null (vpop3_text_encode_windows_1252 ("\xef\xbf\xbd"));
  for (guint byte = 1; byte <= 0xff; byte++)
    {
      char bytes[2] = { (char) byte, '\0' };
      g_autofree char *decoded = NULL;
      g_autofree char *encoded = NULL;

      if (byte < 0x80)
        continue; /* ASCII is the same either way */
      decoded = vpop3_text_decode (bytes, 1);
      encoded = vpop3_text_encode_windows_1252 (decoded);
      if (encoded == NULL || (guchar) encoded[0] != byte || encoded[1] != '\0')
        g_error ("byte 0x%02X does not come back", byte);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text/utf-8-unchanged", test_utf8_unchanged);
  g_test_add_func ("/text/windows-1252", test_windows_1252);
  g_test_add_func ("/text/length", test_length_is_respected);
  g_test_add_func ("/text/nul", test_nul);
  g_test_add_func ("/text/every-byte", test_every_byte);
  g_test_add_func ("/text/random-bytes", test_random_bytes);
  g_test_add_func ("/text/single-line", test_single_line);
  g_test_add_func ("/text/escape-controls", test_escape_controls);
  g_test_add_func ("/text/encode-windows-1252", test_encode_windows_1252);

  return g_test_run ();
}
