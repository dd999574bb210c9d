/* vpop3-bench-parse.c: how fast the client turns a byte stream into updates,
 * against the floor of merely finding the line ends.
 *
 * Builds a realistic stream (mostly activity-log lines, then queue counts,
 * progress and sessions), then times, best of several runs:
 *   (a) a plain memchr() split of the whole buffer;
 *   (b) Vpop3LineBuffer fed in socket-sized chunks, vpop3_update_parse() and
 *       vpop3_update_free() for every line, as the client does.
 * The last line of output is stable for scripts:
 *   parse: N lines/s; memchr split: N lines/s; ratio N.Nx slower
 * Developer tool, not shipped: its output is not translated.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "vpop3-line-buffer.h"
#include "vpop3-update.h"

/* A socket read's worth, like the client's read buffer. */
#define CHUNK_SIZE (64 * 1024)

static const char *const log_texts[] = {
  "Connected to mail.example.com",
  "Collected 3 messages (48211 bytes) from pop.example.com for alice",
  "Sent message to bob@example.org via smtp.example.net",
  "SMTP Server: connection from 192.168.1.20",
  "POP3 Server: user carol logged in from 10.0.0.7",
  "IMAP4 Server: user dave selected INBOX (312 messages)",
  "Housekeeping: deleted 17 old messages from the Deleted Items folder",
  "Spam filter scored a message at 7.2, moved to Junk",
};

static const char *const session_types[] = { "SMTP Server", "POP3 Server", "IMAP4 Server",
                                             "Webmail" };

/* One update of the kind the server sends, in plausible proportions. */
static Vpop3Update *
make_update (GRand *rand, GDateTime *base, guint i)
{
  guint kind = (guint) g_rand_int_range (rand, 0, 100);
  guint n = (guint) g_rand_int_range (rand, 1, 5000);
  Vpop3Update *update;

  if (kind < 70)
    {
      update = vpop3_update_new (VPOP3_UPDATE_LOG);
      update->time = g_date_time_add_seconds (base, i * 0.25);
      update->text = g_strdup (log_texts[n % G_N_ELEMENTS (log_texts)]);
    }
  else if (kind < 86)
    {
      update = vpop3_update_new (kind < 78 ? VPOP3_UPDATE_OUT_QUEUE : VPOP3_UPDATE_INBOXES);
      update->total = n % 300;
      update->held = n % 7 == 0 ? n % 5 : 0;
    }
  else if (kind < 92)
    {
      update = vpop3_update_new (VPOP3_UPDATE_PROGRESS);
      update->collect = n % 3 == 0 ? VPOP3_PROGRESS_IDLE : (int) (n % 101);
      update->send = n % 4 == 0 ? VPOP3_PROGRESS_IDLE : (int) (n % 101);
      update->threads = n % 5;
    }
  else if (kind < 96)
    {
      update = vpop3_update_new (VPOP3_UPDATE_SESSION);
      update->id = g_strdup_printf ("%u", n % 64);
      update->session_type = g_strdup (session_types[n % G_N_ELEMENTS (session_types)]);
      update->user = g_strdup_printf ("user%u (192.168.1.%u)", n % 40, n % 250);
      update->seconds = n;
      update->text = g_strdup (n % 2 ? "RECV DATA" : "IDLE");
    }
  else if (kind < 98)
    {
      update = vpop3_update_new (VPOP3_UPDATE_SESSION_ENDED);
      update->id = g_strdup_printf ("%u", n % 64);
    }
  else
    {
      update = vpop3_update_new (kind == 98 ? VPOP3_UPDATE_CONNECTION : VPOP3_UPDATE_HOUSEKEEPER);
      update->text = g_strdup (n % 2 ? "Idle" : "Collecting mail from pop.example.com");
    }

  return update;
}

static GByteArray *
make_stream (guint n_lines)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (5109);
  g_autoptr (GDateTime) base = g_date_time_new_utc (2026, 11, 2, 8, 0, 0);
  GByteArray *stream = g_byte_array_sized_new (n_lines * 48);

  for (guint i = 0; i < n_lines; i++)
    {
      g_autoptr (Vpop3Update) update = make_update (rand, base, i);
      g_autofree char *line = vpop3_update_format (update);

      if (line == NULL)
        g_error ("update %u of kind %s cannot be formatted", i,
                 vpop3_update_type_to_string (update->type));
      g_byte_array_append (stream, (const guint8 *) line, (guint) strlen (line));
      g_byte_array_append (stream, (const guint8 *) "\r\n", 2);
    }
  return stream;
}

/* (a): the floor. Sums line lengths so that the loop cannot be dropped. */
static guint
split_memchr (const GByteArray *stream, gsize *total_length)
{
  const char *cursor = (const char *) stream->data;
  const char *end = cursor + stream->len;
  const char *lf;
  guint lines = 0;

  *total_length = 0;
  while ((lf = memchr (cursor, '\n', (gsize) (end - cursor))) != NULL)
    {
      *total_length += (gsize) (lf - cursor);
      lines++;
      cursor = lf + 1;
    }
  return lines;
}

/* (b): what the client does with every read. Counts unknown lines, which
 * must stay zero: a benchmark of the error path would flatter nobody. */
static guint
split_and_parse (const GByteArray *stream, guint *unknown)
{
  g_autoptr (Vpop3LineBuffer) buffer = vpop3_line_buffer_new (VPOP3_LINE_MAX);
  guint lines = 0;

  *unknown = 0;
  for (gsize offset = 0; offset < stream->len; offset += CHUNK_SIZE)
    {
      const char *line;
      gsize length;

      vpop3_line_buffer_push (buffer, (const char *) stream->data + offset,
                              MIN (CHUNK_SIZE, stream->len - offset));
      while (vpop3_line_buffer_next (buffer, &line, &length) == VPOP3_LINE_COMPLETE)
        {
          Vpop3Update *update = vpop3_update_parse (line, length);

          if (update->type == VPOP3_UPDATE_UNKNOWN)
            (*unknown)++;
          vpop3_update_free (update);
          lines++;
        }
    }
  return lines;
}

int
main (int argc, char *argv[])
{
  int n_lines = 1000000;
  int runs = 5;
  GOptionEntry entries[] = {
    { "lines", 'n', 0, G_OPTION_ARG_INT, &n_lines, "Lines in the stream (1000000)", "N" },
    { "runs", 'r', 0, G_OPTION_ARG_INT, &runs, "Runs of each measurement; the best counts (5)",
      "N" },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GByteArray) stream = NULL;
  gint64 best_split = G_MAXINT64;
  gint64 best_parse = G_MAXINT64;
  double split_rate, parse_rate;

  g_option_context_set_summary (context, "Measures protocol parse throughput.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return EXIT_FAILURE;
    }
  if (n_lines < 1 || runs < 1)
    {
      fprintf (stderr, "--lines and --runs must be at least 1\n");
      return EXIT_FAILURE;
    }

  stream = make_stream ((guint) n_lines);
  printf ("stream: %d lines, %u bytes, %.1f bytes/line; chunks of %d bytes; best of %d runs\n",
          n_lines, stream->len, (double) stream->len / n_lines, CHUNK_SIZE, runs);

  for (int run = 0; run < runs; run++)
    {
      gsize total_length = 0;
      guint unknown = 0;
      gint64 start = g_get_monotonic_time ();
      guint split_lines = split_memchr (stream, &total_length);
      gint64 middle = g_get_monotonic_time ();
      guint parsed_lines = split_and_parse (stream, &unknown);
      gint64 end = g_get_monotonic_time ();

      if (split_lines != (guint) n_lines || parsed_lines != (guint) n_lines || unknown != 0 ||
          total_length == 0)
        {
          fprintf (stderr, "miscounted: split %u, parsed %u, unknown %u of %d lines\n", split_lines,
                   parsed_lines, unknown, n_lines);
          return EXIT_FAILURE;
        }
      best_split = MIN (best_split, MAX (middle - start, 1));
      best_parse = MIN (best_parse, MAX (end - middle, 1));
    }

  split_rate = n_lines * (double) G_USEC_PER_SEC / best_split;
  parse_rate = n_lines * (double) G_USEC_PER_SEC / best_parse;
  printf ("parse: %.0f lines/s; memchr split: %.0f lines/s; ratio %.1fx slower\n", parse_rate,
          split_rate, split_rate / parse_rate);
  return EXIT_SUCCESS;
}
