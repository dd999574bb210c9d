/* test-line-buffer.c: splitting a byte stream into bounded lines (§1: CR LF,
 * bare LF accepted, a cap on the line length without unbounded buffering).
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <glib.h>

#include "vpop3-line-buffer.h"

/* Events are written into a transcript so that whole runs compare with one
 * g_string_equal: "C<length>:<bytes>" per line, "O" per overlong line. */
static void
drain (Vpop3LineBuffer *buffer, GString *transcript)
{
  const char *line = NULL;
  gsize length = 0;
  Vpop3LineResult result;

  while ((result = vpop3_line_buffer_next (buffer, &line, &length)) != VPOP3_LINE_NONE)
    {
      if (result == VPOP3_LINE_COMPLETE)
        {
          g_string_append_printf (transcript, "C%" G_GSIZE_FORMAT ":", length);
          g_string_append_len (transcript, line, (gssize) length);
        }
      else
        {
          g_assert_cmpint (result, ==, VPOP3_LINE_OVERLONG);
          g_string_append_c (transcript, 'O');
        }
    }
}

static void
push_and_drain (Vpop3LineBuffer *buffer, const char *bytes, gsize length, GString *transcript)
{
  vpop3_line_buffer_push (buffer, bytes, length);
  drain (buffer, transcript);
}

static void
assert_transcript (GString *transcript, const char *expected, gsize expected_length)
{
  if (transcript->len != expected_length || memcmp (transcript->str, expected, expected_length))
    g_error ("transcript “%s”, expected “%s”", g_strescape (transcript->str, NULL),
             g_strescape (expected, NULL));
}

static void
test_endings (void)
{
  g_autoptr (Vpop3LineBuffer) buffer = vpop3_line_buffer_new (VPOP3_LINE_MAX);
  g_autoptr (GString) transcript = g_string_new (NULL);
  static const char input[] = "crlf\r\nlf\n\r\n\nin\rside\n\r\r\nunfinished";
  static const char expected[] = "C4:crlfC2:lfC0:C0:C7:in\rsideC1:\r";

  push_and_drain (buffer, input, sizeof input - 1, transcript);
  assert_transcript (transcript, expected, sizeof expected - 1);
  /* "unfinished" waits for its LF. */
  g_assert_cmpuint (vpop3_line_buffer_pending (buffer), ==, strlen ("unfinished"));
  push_and_drain (buffer, "\r\n", 2, transcript);
  g_assert_cmpuint (vpop3_line_buffer_pending (buffer), ==, 0);
  g_assert_true (g_str_has_suffix (transcript->str, "C10:unfinished"));
}

static void
test_nul_preserved (void)
{
  g_autoptr (Vpop3LineBuffer) buffer = vpop3_line_buffer_new (VPOP3_LINE_MAX);
  static const char input[] = "1Id\0le\r\n\0\n";
  const char *line = NULL;
  gsize length = 0;

  vpop3_line_buffer_push (buffer, input, sizeof input - 1);
  g_assert_cmpint (vpop3_line_buffer_next (buffer, &line, &length), ==, VPOP3_LINE_COMPLETE);
  g_assert_cmpuint (length, ==, 6);
  g_assert_cmpmem (line, length, "1Id\0le", 6);
  g_assert_cmpint (vpop3_line_buffer_next (buffer, &line, &length), ==, VPOP3_LINE_COMPLETE);
  g_assert_cmpmem (line, length, "\0", 1);
  g_assert_cmpint (vpop3_line_buffer_next (buffer, &line, &length), ==, VPOP3_LINE_NONE);
}

/* A stream with every awkward case for a cap of 16: CR LF, bare LF, empty
 * lines, a NUL, a line of exactly the cap (with either ending), one over it. */
#define SMALL_CAP 16
static const char stream[] = "001D5566C45837F0\r\n"
                             "1Idle\n"
                             "\r\n"
                             "\n"
                             "421\t2\r\n"
                             "exactly-16-bytes\n"
                             "this line is over the cap\r\n"
                             "after\r\n"
                             "a\0b\r\n"
                             "seventeen bytes!!\n"
                             "\r\r\n"
                             "tail\n";
static const char stream_expected[] = "C16:001D5566C45837F0"
                                      "C5:1Idle"
                                      "C0:"
                                      "C0:"
                                      "C5:421\t2"
                                      "C16:exactly-16-bytes"
                                      "O"
                                      "C5:after"
                                      "C3:a\0b"
                                      "O"
                                      "C1:\r"
                                      "C4:tail";

static void
test_whole_stream (void)
{
  g_autoptr (Vpop3LineBuffer) buffer = vpop3_line_buffer_new (SMALL_CAP);
  g_autoptr (GString) transcript = g_string_new (NULL);

  push_and_drain (buffer, stream, sizeof stream - 1, transcript);
  assert_transcript (transcript, stream_expected, sizeof stream_expected - 1);
  g_assert_cmpuint (vpop3_line_buffer_pending (buffer), ==, 0);
}

static void
test_every_split (void)
{
  /* Two pieces, split at every byte boundary, give the same lines. */
  for (gsize split = 0; split <= sizeof stream - 1; split++)
    {
      g_autoptr (Vpop3LineBuffer) buffer = vpop3_line_buffer_new (SMALL_CAP);
      g_autoptr (GString) transcript = g_string_new (NULL);

      push_and_drain (buffer, stream, split, transcript);
      push_and_drain (buffer, stream + split, sizeof stream - 1 - split, transcript);
      assert_transcript (transcript, stream_expected, sizeof stream_expected - 1);
    }
}

static void
test_every_split_undrained (void)
{
  /* The same when the reader only drains after the second piece. */
  for (gsize split = 0; split <= sizeof stream - 1; split++)
    {
      g_autoptr (Vpop3LineBuffer) buffer = vpop3_line_buffer_new (SMALL_CAP);
      g_autoptr (GString) transcript = g_string_new (NULL);

      vpop3_line_buffer_push (buffer, stream, split);
      push_and_drain (buffer, stream + split, sizeof stream - 1 - split, transcript);
      assert_transcript (transcript, stream_expected, sizeof stream_expected - 1);
    }
}

static void
test_byte_at_a_time (void)
{
  g_autoptr (Vpop3LineBuffer) buffer = vpop3_line_buffer_new (SMALL_CAP);
  g_autoptr (GString) transcript = g_string_new (NULL);

  for (gsize i = 0; i < sizeof stream - 1; i++)
    {
      push_and_drain (buffer, stream + i, 1, transcript);
      /* A CR may wait for its LF on top of a full line. */
      g_assert_cmpuint (vpop3_line_buffer_pending (buffer), <=, SMALL_CAP + 1);
    }
  assert_transcript (transcript, stream_expected, sizeof stream_expected - 1);
}

static char *
make_line (gsize length, const char *ending)
{
  gsize ending_length = strlen (ending);
  char *line = g_malloc (length + ending_length + 1);

  memset (line, 'a', length);
  memcpy (line + length, ending, ending_length + 1);
  return line;
}

static void
assert_cap_line (gsize length, const char *ending, gboolean passes)
{
  g_autoptr (Vpop3LineBuffer) buffer = vpop3_line_buffer_new (VPOP3_LINE_MAX);
  g_autofree char *line = make_line (length, ending);
  const char *got = NULL;
  gsize got_length = 0;

  vpop3_line_buffer_push (buffer, line, strlen (line));
  vpop3_line_buffer_push (buffer, "next\r\n", 6);
  if (passes)
    {
      g_assert_cmpint (vpop3_line_buffer_next (buffer, &got, &got_length), ==, VPOP3_LINE_COMPLETE);
      g_assert_cmpmem (got, got_length, line, length);
    }
  else
    {
      g_assert_cmpint (vpop3_line_buffer_next (buffer, &got, &got_length), ==, VPOP3_LINE_OVERLONG);
    }
  /* Either way, the next line arrives intact. */
  g_assert_cmpint (vpop3_line_buffer_next (buffer, &got, &got_length), ==, VPOP3_LINE_COMPLETE);
  g_assert_cmpmem (got, got_length, "next", 4);
  g_assert_cmpint (vpop3_line_buffer_next (buffer, &got, &got_length), ==, VPOP3_LINE_NONE);
}

static void
test_cap (void)
{
  assert_cap_line (VPOP3_LINE_MAX - 1, "\n", TRUE);
  assert_cap_line (VPOP3_LINE_MAX, "\n", TRUE);
  assert_cap_line (VPOP3_LINE_MAX, "\r\n", TRUE);
  assert_cap_line (VPOP3_LINE_MAX + 1, "\n", FALSE);
  assert_cap_line (VPOP3_LINE_MAX + 1, "\r\n", FALSE);
  assert_cap_line (3 * VPOP3_LINE_MAX, "\r\n", FALSE);
}

static void
test_cap_in_chunks (void)
{
  /* The same over-cap line arriving in socket-sized pieces, then a good line. */
  g_autoptr (Vpop3LineBuffer) buffer = vpop3_line_buffer_new (VPOP3_LINE_MAX);
  g_autoptr (GString) transcript = g_string_new (NULL);
  g_autofree char *line = make_line (VPOP3_LINE_MAX + 1, "\r\nnext\r\n");
  gsize total = strlen (line);

  for (gsize offset = 0; offset < total; offset += 1000)
    push_and_drain (buffer, line + offset, MIN (1000, total - offset), transcript);
  assert_transcript (transcript, "OC4:next", 8);
}

static void
test_endless_line (void)
{
  /* 10 MB without a LF: reported once, never buffered beyond the cap. */
  g_autoptr (Vpop3LineBuffer) buffer = vpop3_line_buffer_new (VPOP3_LINE_MAX);
  g_autoptr (GString) transcript = g_string_new (NULL);
  char chunk[4096];

  memset (chunk, 'x', sizeof chunk);
  for (gsize sent = 0; sent < 10 * 1000 * 1000; sent += sizeof chunk)
    {
      push_and_drain (buffer, chunk, sizeof chunk, transcript);
      g_assert_cmpuint (vpop3_line_buffer_pending (buffer), <=, VPOP3_LINE_MAX);
    }
  assert_transcript (transcript, "O", 1);
  push_and_drain (buffer, "\r\nafter\r\n", 9, transcript);
  assert_transcript (transcript, "OC5:after", 9);
  g_assert_cmpuint (vpop3_line_buffer_pending (buffer), ==, 0);
}

static void
test_reset (void)
{
  g_autoptr (Vpop3LineBuffer) buffer = vpop3_line_buffer_new (SMALL_CAP);
  g_autoptr (GString) transcript = g_string_new (NULL);

  vpop3_line_buffer_push (buffer, "half a li", 9);
  g_assert_cmpuint (vpop3_line_buffer_pending (buffer), ==, 9);
  vpop3_line_buffer_reset (buffer);
  g_assert_cmpuint (vpop3_line_buffer_pending (buffer), ==, 0);
  push_and_drain (buffer, "fresh\n", 6, transcript);
  assert_transcript (transcript, "C5:fresh", 8);

  /* A reset also ends the skipping of an overlong line. */
  g_string_truncate (transcript, 0);
  push_and_drain (buffer, "this line is over the cap", 25, transcript);
  assert_transcript (transcript, "O", 1);
  vpop3_line_buffer_reset (buffer);
  push_and_drain (buffer, "new\n", 4, transcript);
  assert_transcript (transcript, "OC3:new", 7);
}

/* vpop3ctl's --settle waits while a line is still arriving: the buffer says
 * so for a held partial line, for lines not handed out yet, and for the
 * whole of an overlong line being skipped, up to its LF. */
static void
test_mid_line (void)
{
  g_autoptr (Vpop3LineBuffer) buffer = vpop3_line_buffer_new (16);
  g_autoptr (GString) transcript = g_string_new (NULL);
  g_autofree char *long_part = g_strnfill (40, 'x');

  g_assert_false (vpop3_line_buffer_mid_line (buffer));
  vpop3_line_buffer_push (buffer, "one\r\ntw", 7);
  g_assert_true (vpop3_line_buffer_mid_line (buffer));
  drain (buffer, transcript);
  /* "tw" is held. */
  g_assert_true (vpop3_line_buffer_mid_line (buffer));
  push_and_drain (buffer, "o\r\n", 3, transcript);
  g_assert_false (vpop3_line_buffer_mid_line (buffer));

  /* Overlong: nothing is held, yet the line has not ended. */
  push_and_drain (buffer, long_part, strlen (long_part), transcript);
  g_assert_cmpuint (vpop3_line_buffer_pending (buffer), ==, 0);
  g_assert_true (vpop3_line_buffer_mid_line (buffer));
  push_and_drain (buffer, long_part, strlen (long_part), transcript);
  g_assert_true (vpop3_line_buffer_mid_line (buffer));
  push_and_drain (buffer, "\n", 1, transcript);
  g_assert_false (vpop3_line_buffer_mid_line (buffer));
  assert_transcript (transcript, "C3:oneC3:twoO", 13);

  /* An overlong line ended in one push is reported, then done. */
  vpop3_line_buffer_push (buffer, long_part, strlen (long_part));
  vpop3_line_buffer_push (buffer, "\n", 1);
  g_assert_true (vpop3_line_buffer_mid_line (buffer));
  drain (buffer, transcript);
  g_assert_false (vpop3_line_buffer_mid_line (buffer));
  vpop3_line_buffer_push (buffer, "half", 4);
  vpop3_line_buffer_reset (buffer);
  g_assert_false (vpop3_line_buffer_mid_line (buffer));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/line-buffer/endings", test_endings);
  g_test_add_func ("/line-buffer/nul", test_nul_preserved);
  g_test_add_func ("/line-buffer/whole-stream", test_whole_stream);
  g_test_add_func ("/line-buffer/every-split", test_every_split);
  g_test_add_func ("/line-buffer/every-split-undrained", test_every_split_undrained);
  g_test_add_func ("/line-buffer/byte-at-a-time", test_byte_at_a_time);
  g_test_add_func ("/line-buffer/cap", test_cap);
  g_test_add_func ("/line-buffer/cap-in-chunks", test_cap_in_chunks);
  g_test_add_func ("/line-buffer/endless-line", test_endless_line);
  g_test_add_func ("/line-buffer/reset", test_reset);
  g_test_add_func ("/line-buffer/mid-line", test_mid_line);

  return g_test_run ();
}
