/* vpop3-simulator-dialect.c: a server that differs from our reading of the
 * protocol. The other shapes are what a real VPOP3 might plausibly send
 * instead (spaces for TABs, Unix times, a terminator for a separator…);
 * each one is built so that our parser cannot accept it, and the tests
 * check that every such line ends up counted as invalid, never mis-read.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vpop3-simulator-dialect.h"

#include <string.h>

static gint64
unix_time (GDateTime *time)
{
  return time != NULL ? g_date_time_to_unix (time) : 0;
}

static char *
other_shape (const Vpop3Update *update)
{
  switch (update->type)
    {
    case VPOP3_UPDATE_NEXT_POLL: /* Unix seconds, not a FILETIME */
      return g_strdup_printf ("2%" G_GINT64_FORMAT, unix_time (update->time));
    case VPOP3_UPDATE_LAST_POLL:
      return g_strdup_printf ("3%" G_GINT64_FORMAT " %s", unix_time (update->time),
                              vpop3_poll_result_to_string (update->result));
    case VPOP3_UPDATE_OUT_QUEUE: /* spaces for TABs */
      return g_strdup_printf ("4%u %u", update->total, update->held);
    case VPOP3_UPDATE_INBOXES:
      return g_strdup_printf ("5%u %u", update->total, update->held);
    case VPOP3_UPDATE_PROGRESS: /* percent signs, commas */
      return g_strdup_printf ("6%d%%,%d%%,%u", MAX (update->collect, 0), MAX (update->send, 0),
                              update->threads);
    case VPOP3_UPDATE_CONNECTIONS: /* each name ended by a TAB, so the last name is empty */
      {
        GString *out = g_string_new ("7");

        for (char **name = update->names; name != NULL && *name != NULL; name++)
          g_string_append_printf (out, "%s\t", *name);
        if (update->names == NULL || update->names[0] == NULL)
          g_string_append_c (out, '\t');
        return g_string_free (out, FALSE);
      }
    case VPOP3_UPDATE_SESSION: /* commas for TABs */
      return g_strdup_printf ("8%s,%s,%s,%u,%s", update->id, update->session_type,
                              update->user != NULL ? update->user : "", update->seconds,
                              update->text != NULL ? update->text : "");
    case VPOP3_UPDATE_SESSION_ENDED: /* with a reason after the id */
      return g_strdup_printf ("9%s\tended", update->id);
    case VPOP3_UPDATE_HOUSEKEEPER: /* a thread number first */
      return g_strdup_printf ("H1\t%s", update->text != NULL ? update->text : "");
    case VPOP3_UPDATE_MESSAGE: /* "from: text", no time */
      return g_strdup_printf ("M%s: %s", update->user, update->text != NULL ? update->text : "");
    case VPOP3_UPDATE_PERMISSIONS: /* a bit mask in decimal */
      return g_strdup_printf ("P%u", (guint) update->permissions);
    case VPOP3_UPDATE_MAILBOX: /* spaces for TABs */
      return g_strdup_printf ("U%s %u %u", update->user, update->total, update->held);
    case VPOP3_UPDATE_LOG:
    case VPOP3_UPDATE_CONNECTION:
    case VPOP3_UPDATE_UNKNOWN:
    case VPOP3_UPDATE_REPLY:
    default:
      return NULL;
    }
}

char *
vpop3_simulator_dialect_rewrite (Vpop3SimulatorDialect dialect, const char *line)
{
  g_autoptr (Vpop3Update) update = NULL;

  g_return_val_if_fail (line != NULL, NULL);

  if (dialect == VPOP3_SIMULATOR_DIALECT_OURS)
    return g_strdup (line);
  update = vpop3_update_parse (line, strlen (line));
  if (update->type == VPOP3_UPDATE_UNKNOWN || update->type == VPOP3_UPDATE_REPLY ||
      vpop3_update_type_is_documented (update->type))
    return g_strdup (line);
  if (dialect == VPOP3_SIMULATOR_DIALECT_DOCUMENTED_ONLY)
    return NULL;
  return other_shape (update);
}
