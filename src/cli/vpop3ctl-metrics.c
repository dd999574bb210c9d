/* vpop3ctl-metrics.c: the status snapshot as Prometheus metrics.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "vpop3ctl-metrics.h"

char *
vpop3ctl_metrics_escape_label (const char *value)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (value != NULL, NULL);

  for (const char *p = value; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\\')
        g_string_append (out, "\\\\");
      else if (c == '"')
        g_string_append (out, "\\\"");
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c < 0x20 || (c >= 0x7f && c < 0xa0) || c == 0x2028 || c == 0x2029)
        g_string_append_printf (out, "\\\\x%02x", c);
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }
  return g_string_free (out, FALSE);
}

typedef struct
{
  GString *out;
  char *server; /* escaped */
} Writer;

/* The names, help texts and types are a documented interface: untranslated. */
static void
family (Writer *writer, const char *name, const char *type, const char *help)
{
  g_string_append_printf (writer->out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* One series; @labels is "" or ",name=\"value\"…" already escaped. */
static void
sample (Writer *writer, const char *name, const char *labels, gint64 value)
{
  g_string_append_printf (writer->out, "%s{server=\"%s\"%s} %" G_GINT64_FORMAT "\n", name,
                          writer->server, labels, value);
}

static void
queue_families (Writer *writer,
                gboolean has,
                guint total,
                guint held,
                const char *name,
                const char *held_name,
                const char *what)
{
  g_autofree char *help = NULL;
  g_autofree char *held_help = NULL;

  if (!has)
    return;
  help = g_strdup_printf ("Messages %s (provisional status type).", what);
  held_help = g_strdup_printf ("Held messages among those %s (provisional status type).", what);
  family (writer, name, "gauge", help);
  sample (writer, name, "", total);
  family (writer, held_name, "gauge", held_help);
  sample (writer, held_name, "", held);
}

static void
poll_families (Writer *writer, Vpop3Status *status)
{
  static const Vpop3PollResult results[] = { VPOP3_POLL_RESULT_OK, VPOP3_POLL_RESULT_PARTIAL,
                                             VPOP3_POLL_RESULT_FAILED };
  GDateTime *time = NULL;
  Vpop3PollResult result = VPOP3_POLL_RESULT_NONE;

  if (vpop3_status_get_last_poll (status, &time, &result))
    {
      if (time != NULL)
        {
          family (writer, "vpop3_last_poll_timestamp_seconds", "gauge",
                  "When VPOP3 last connected to the Internet, in Unix seconds.");
          sample (writer, "vpop3_last_poll_timestamp_seconds", "", g_date_time_to_unix (time));
        }
      family (writer, "vpop3_last_poll_result", "gauge",
              "The outcome of the last poll: 1 for the current result, 0 for the others.");
      for (gsize i = 0; i < G_N_ELEMENTS (results); i++)
        {
          g_autofree char *labels =
              g_strdup_printf (",result=\"%s\"", vpop3_poll_result_to_string (results[i]));

          sample (writer, "vpop3_last_poll_result", labels, result == results[i] ? 1 : 0);
        }
    }
  time = NULL;
  /* "None scheduled" is not a time: left out like a value never sent. */
  if (vpop3_status_get_next_poll (status, &time) && time != NULL)
    {
      family (writer, "vpop3_next_poll_timestamp_seconds", "gauge",
              "When VPOP3 will next connect to the Internet, in Unix seconds.");
      sample (writer, "vpop3_next_poll_timestamp_seconds", "", g_date_time_to_unix (time));
    }
}

/* No "8" line may mean no session, or no right to see any: a count is
 * written when there are sessions, or when a "P" line says this user is an
 * administrator (who would be sent them). */
static gboolean
sessions_known (Vpop3Status *status)
{
  Vpop3Permissions permissions = VPOP3_PERMISSION_NONE;

  return g_list_model_get_n_items (vpop3_status_get_sessions (status)) > 0 ||
         (vpop3_status_get_permissions (status, &permissions) &&
          (permissions & VPOP3_PERMISSION_ALL) == VPOP3_PERMISSION_ALL);
}

static void
mailbox_family (Writer *writer, Vpop3Status *status)
{
  GListModel *mailboxes = vpop3_status_get_mailboxes (status);
  guint n = g_list_model_get_n_items (mailboxes);

  if (n == 0)
    return;
  family (writer, "vpop3_user_mailbox_messages", "gauge",
          "Messages waiting in one user's mailbox (provisional status type U); empty mailboxes "
          "are not listed.");
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (Vpop3Mailbox) mailbox = g_list_model_get_item (mailboxes, i);
      g_autofree char *user = vpop3ctl_metrics_escape_label (vpop3_mailbox_get_user (mailbox));
      g_autofree char *labels = g_strdup_printf (",user=\"%s\"", user);

      sample (writer, "vpop3_user_mailbox_messages", labels, vpop3_mailbox_get_total (mailbox));
    }
}

char *
vpop3ctl_metrics_format (Vpop3Status *status, const char *server)
{
  Writer writer = { g_string_new (NULL), vpop3ctl_metrics_escape_label (server) };
  guint total = 0, held = 0;
  gboolean has;
  int build;

  family (&writer, "vpop3_up", "gauge",
          "1 when the VPOP3 status service answered and accepted the login, else 0.");
  sample (&writer, "vpop3_up", "", status != NULL ? 1 : 0);
  if (status == NULL)
    {
      g_free (writer.server);
      return g_string_free (writer.out, FALSE);
    }

  build = vpop3_status_get_build (status);
  if (build >= 0)
    {
      g_autofree char *labels = g_strdup_printf (",build=\"%d\"", build);

      family (&writer, "vpop3_build_info", "gauge", "The VPOP3 server's build, as a label.");
      sample (&writer, "vpop3_build_info", labels, 1);
    }
  has = vpop3_status_get_out_queue (status, &total, &held);
  queue_families (&writer, has, total, held, "vpop3_out_queue_messages",
                  "vpop3_out_queue_held_messages", "waiting to be sent out");
  has = vpop3_status_get_inboxes (status, &total, &held);
  queue_families (&writer, has, total, held, "vpop3_inbox_messages", "vpop3_inbox_held_messages",
                  "waiting in users' mailboxes");
  if (sessions_known (status))
    {
      family (&writer, "vpop3_sessions", "gauge",
              "Active sessions on the server (provisional status type).");
      sample (&writer, "vpop3_sessions", "",
              g_list_model_get_n_items (vpop3_status_get_sessions (status)));
    }
  poll_families (&writer, status);
  family (&writer, "vpop3_unknown_lines_total", "counter",
          "Lines from the server that vpop3ctl did not understand during this run.");
  sample (&writer, "vpop3_unknown_lines_total", "", vpop3_status_get_unknown_count (status));
  mailbox_family (&writer, status);

  g_free (writer.server);
  return g_string_free (writer.out, FALSE);
}
