/* test-filetime.c: Windows FILETIME as 16 hex digits ↔ GDateTime (§3, §6).
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib.h>

#include "vpop3-filetime.h"

/* 1970-01-01T00:00:00Z in FILETIME ticks. */
#define UNIX_EPOCH_TICKS G_GUINT64_CONSTANT (116444736000000000)

static void
assert_iso8601 (GDateTime *time, const char *expected)
{
  g_autofree char *formatted = NULL;

  g_assert_nonnull (time);
  g_assert_cmpint (g_date_time_get_utc_offset (time), ==, 0);
  formatted = g_date_time_format_iso8601 (time);
  g_assert_cmpstr (formatted, ==, expected);
}

static void
test_vectors (void)
{
  const struct
  {
    const char *hex;
    guint64 ticks;
    const char *iso8601;
    gint64 unix_time;
  } cases[] = {
    { "01D5566C45837F00", G_GUINT64_CONSTANT (0x01D5566C45837F00), "2019-08-19T08:58:30Z",
      1566205110 },
    { "01d5566c45837f00", G_GUINT64_CONSTANT (0x01D5566C45837F00), "2019-08-19T08:58:30Z",
      1566205110 },
    { "01CE6051DF94A000", G_GUINT64_CONSTANT (0x01CE6051DF94A000), "2013-06-03T12:00:00Z",
      1370260800 },
    { "01ce6051df94a000", G_GUINT64_CONSTANT (0x01CE6051DF94A000), "2013-06-03T12:00:00Z",
      1370260800 },
    { "019DB1DED53E8000", UNIX_EPOCH_TICKS, "1970-01-01T00:00:00Z", 0 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint64 ticks = 0;
      g_autoptr (GDateTime) time = NULL;

      g_assert_true (vpop3_filetime_parse_hex (cases[i].hex, &ticks));
      g_assert_cmpuint (ticks, ==, cases[i].ticks);
      time = vpop3_filetime_to_date_time (ticks);
      assert_iso8601 (time, cases[i].iso8601);
      g_assert_cmpint (g_date_time_to_unix (time), ==, cases[i].unix_time);
    }
}

static void
test_epoch_1601 (void)
{
  g_autoptr (GDateTime) time = vpop3_filetime_to_date_time (0);

  assert_iso8601 (time, "1601-01-01T00:00:00Z");
}

static void
test_out_of_range (void)
{
  /* FFFF… is in the year 60056: beyond GDateTime. */
  g_assert_null (vpop3_filetime_to_date_time (G_MAXUINT64));
}

/* The last day GDateTime knows is refused: east of UTC it could not be
 * shown in local time. The day before is the latest time accepted, and it
 * can be shown in every time zone. */
static void
test_latest (void)
{
  const char *const zones[] = { "+14:00", "-12:00", "Asia/Tokyo", "Pacific/Kiritimati" };
  guint64 latest = 0;
  g_autoptr (GDateTime) time = NULL;

  g_assert_true (vpop3_filetime_parse_hex ("24C858CC7CECC000", &latest));
  time = vpop3_filetime_to_date_time (latest);
  assert_iso8601 (time, "9999-12-30T00:00:00Z");
  g_assert_null (vpop3_filetime_to_date_time (latest + 1));
  /* 9999-12-31T23:59:59.999999Z, the very end of GDateTime. */
  g_assert_null (vpop3_filetime_to_date_time (G_GUINT64_CONSTANT (0x24C85A5ED1C03FF6)));
  /* The example the issue came with: a next poll east of UTC. */
  g_assert_null (vpop3_filetime_to_date_time (G_GUINT64_CONSTANT (0x24C85A5ED127A980)));
  for (gsize i = 0; i < G_N_ELEMENTS (zones); i++)
    {
      g_autoptr (GTimeZone) zone = g_time_zone_new_identifier (zones[i]);
      g_autoptr (GDateTime) shown = NULL;

      g_assert_nonnull (zone);
      shown = g_date_time_to_timezone (time, zone);
      g_assert_nonnull (shown);
    }
}

static void
test_parse_invalid (void)
{
  const char *const cases[] = {
    "",
    "01D5566C45837F0",
    "01D5566C45837FG0",
    "-1D5566C45837F00",
    "+1D5566C45837F00",
    " 1D5566C45837F00",
    "0x1D5566C45837F0",
    "01D5566C45837F0 ",
    "01D5566C 45837F0",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint64 ticks = 42;

      if (vpop3_filetime_parse_hex (cases[i], &ticks))
        g_error ("“%s” parsed as a FILETIME", cases[i]);
    }
}

static void
test_format_hex (void)
{
  char buffer[VPOP3_FILETIME_HEX_LENGTH + 1];

  vpop3_filetime_format_hex (G_GUINT64_CONSTANT (0x01d5566c45837f00), buffer);
  g_assert_cmpstr (buffer, ==, "01D5566C45837F00");
  vpop3_filetime_format_hex (0, buffer);
  g_assert_cmpstr (buffer, ==, "0000000000000000");
  vpop3_filetime_format_hex (G_MAXUINT64, buffer);
  g_assert_cmpstr (buffer, ==, "FFFFFFFFFFFFFFFF");
}

static void
test_from_date_time (void)
{
  g_autoptr (GDateTime) utc = g_date_time_new_utc (2019, 8, 19, 8, 58, 30);
  g_autoptr (GTimeZone) cest = g_time_zone_new_offset (2 * 3600);
  /* The same instant seen from UTC+2. */
  g_autoptr (GDateTime) local = g_date_time_new (cest, 2019, 8, 19, 10, 58, 30);
  g_autoptr (GDateTime) with_usec = g_date_time_add (utc, 123456);

  g_assert_cmpuint (vpop3_filetime_from_date_time (utc), ==,
                    G_GUINT64_CONSTANT (0x01D5566C45837F00));
  g_assert_cmpuint (vpop3_filetime_from_date_time (local), ==,
                    G_GUINT64_CONSTANT (0x01D5566C45837F00));
  g_assert_cmpuint (vpop3_filetime_from_date_time (with_usec), ==,
                    G_GUINT64_CONSTANT (0x01D5566C45837F00) + 1234560);
  g_assert_cmpuint (vpop3_filetime_from_date_time (NULL), ==, 0);
}

static void
test_round_trip (void)
{
  /* Whole microseconds survive the trip; the last decimal digit of the
   * ticks (100 ns) is below GDateTime's resolution. */
  g_autoptr (GRand) rand = g_rand_new_with_seed (1601);

  for (guint i = 0; i < 10000; i++)
    {
      guint64 ticks =
          ((guint64) g_rand_int_range (rand, 0, 1 << 30) << 26 | (guint64) g_rand_int (rand) >> 6) /
          10 * 10;
      g_autoptr (GDateTime) time = vpop3_filetime_to_date_time (ticks);
      char hex[VPOP3_FILETIME_HEX_LENGTH + 1];
      guint64 parsed = 0;

      g_assert_nonnull (time);
      g_assert_cmpuint (vpop3_filetime_from_date_time (time), ==, ticks);
      vpop3_filetime_format_hex (ticks, hex);
      g_assert_true (vpop3_filetime_parse_hex (hex, &parsed));
      g_assert_cmpuint (parsed, ==, ticks);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/filetime/vectors", test_vectors);
  g_test_add_func ("/filetime/epoch-1601", test_epoch_1601);
  g_test_add_func ("/filetime/out-of-range", test_out_of_range);
  g_test_add_func ("/filetime/latest", test_latest);
  g_test_add_func ("/filetime/parse-invalid", test_parse_invalid);
  g_test_add_func ("/filetime/format-hex", test_format_hex);
  g_test_add_func ("/filetime/from-date-time", test_from_date_time);
  g_test_add_func ("/filetime/round-trip", test_round_trip);

  return g_test_run ();
}
