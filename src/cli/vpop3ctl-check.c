/* vpop3ctl-check.c: the monitoring-plugin logic of "vpop3ctl check".
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vpop3ctl-check.h"

#include <glib/gi18n.h>

#include "vpop3-client.h"
#include "vpop3ctl-exit.h"

typedef struct
{
  Vpop3ctlCheckState state;
  guint order; /* keeps problems of equal severity in a fixed order */
  char *text;
} Problem;

static void
problem_clear (gpointer data)
{
  Problem *problem = data;

  g_free (problem->text);
}

static int
severity (Vpop3ctlCheckState state)
{
  switch (state)
    {
    case VPOP3CTL_CHECK_OK:
      return 0;
    case VPOP3CTL_CHECK_UNKNOWN:
      return 1;
    case VPOP3CTL_CHECK_WARNING:
      return 2;
    case VPOP3CTL_CHECK_CRITICAL:
    default:
      return 3;
    }
}

const char *
vpop3ctl_check_state_to_string (Vpop3ctlCheckState state)
{
  switch (state)
    {
    case VPOP3CTL_CHECK_OK:
      return "OK";
    case VPOP3CTL_CHECK_WARNING:
      return "WARNING";
    case VPOP3CTL_CHECK_CRITICAL:
      return "CRITICAL";
    case VPOP3CTL_CHECK_UNKNOWN:
    default:
      return "UNKNOWN";
    }
}

Vpop3ctlCheckState
vpop3ctl_check_state_worst (Vpop3ctlCheckState a, Vpop3ctlCheckState b)
{
  return severity (a) >= severity (b) ? a : b;
}

gboolean
vpop3ctl_check_thresholds_validate (const Vpop3ctlCheckThresholds *thresholds, GError **error)
{
  if (thresholds->warn_queue < VPOP3CTL_CHECK_NO_THRESHOLD ||
      thresholds->crit_queue < VPOP3CTL_CHECK_NO_THRESHOLD)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _ ("queue thresholds cannot be negative"));
      return FALSE;
    }
  if (thresholds->warn_queue != VPOP3CTL_CHECK_NO_THRESHOLD &&
      thresholds->crit_queue != VPOP3CTL_CHECK_NO_THRESHOLD &&
      thresholds->warn_queue > thresholds->crit_queue)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _ ("--warn-queue (%lld) is above --crit-queue (%lld)"),
                   (long long) thresholds->warn_queue, (long long) thresholds->crit_queue);
      return FALSE;
    }
  return TRUE;
}

static void
add_problem (GArray *problems, Vpop3ctlCheckState state, char *text)
{
  Problem problem = { state, problems->len, text };

  g_array_append_val (problems, problem);
}

static int
compare_problems (gconstpointer a, gconstpointer b)
{
  const Problem *pa = a;
  const Problem *pb = b;

  if (pa->state != pb->state)
    return severity (pb->state) - severity (pa->state);
  return (int) pa->order - (int) pb->order;
}

static char *
overview (const Vpop3ctlCheckData *data)
{
  g_autoptr (GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  if (data->connection != NULL)
    g_ptr_array_add (parts, g_strdup (data->connection));
  if (data->has_out_queue)
    {
      g_autofree char *queue = vpop3_format_queue (data->out_queue_total, data->out_queue_held);
      g_ptr_array_add (parts, g_strdup_printf (_ ("out queue %s"), queue));
    }
  if (data->has_inboxes)
    {
      g_autofree char *inboxes = vpop3_format_queue (data->inboxes_total, data->inboxes_held);
      g_ptr_array_add (parts, g_strdup_printf (_ ("inboxes %s"), inboxes));
    }
  if (data->has_last_poll && data->last_poll_result != VPOP3_POLL_RESULT_NONE)
    g_ptr_array_add (parts, g_strdup_printf (_ ("last poll %s"),
                                             vpop3_poll_result_to_string (data->last_poll_result)));
  g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u session",
                                                        "%u sessions", data->sessions),
                                           data->sessions));
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (", ", (char **) parts->pdata);
}

Vpop3ctlCheckState
vpop3ctl_check_evaluate (const Vpop3ctlCheckData *data,
                         const Vpop3ctlCheckThresholds *thresholds,
                         char **summary)
{
  g_autoptr (GArray) problems = g_array_new (FALSE, FALSE, sizeof (Problem));
  gboolean has_threshold = thresholds->warn_queue != VPOP3CTL_CHECK_NO_THRESHOLD ||
                           thresholds->crit_queue != VPOP3CTL_CHECK_NO_THRESHOLD;
  Vpop3ctlCheckState state = VPOP3CTL_CHECK_OK;
  g_autoptr (GString) text = g_string_new (NULL);

  g_array_set_clear_func (problems, problem_clear);

  if (has_threshold && !data->has_out_queue)
    add_problem (problems, VPOP3CTL_CHECK_UNKNOWN,
                 g_strdup (_ ("the out queue was never reported (does the user lack the "
                              "permission to view queue counts?)")));
  else if (thresholds->crit_queue != VPOP3CTL_CHECK_NO_THRESHOLD &&
           data->out_queue_total > thresholds->crit_queue)
    add_problem (problems, VPOP3CTL_CHECK_CRITICAL,
                 g_strdup_printf (_ ("out queue %u is over the critical threshold %lld"),
                                  data->out_queue_total, (long long) thresholds->crit_queue));
  else if (thresholds->warn_queue != VPOP3CTL_CHECK_NO_THRESHOLD &&
           data->out_queue_total > thresholds->warn_queue)
    add_problem (problems, VPOP3CTL_CHECK_WARNING,
                 g_strdup_printf (_ ("out queue %u is over the warning threshold %lld"),
                                  data->out_queue_total, (long long) thresholds->warn_queue));

  if (data->has_last_poll && data->last_poll_result == VPOP3_POLL_RESULT_FAILED)
    add_problem (problems, VPOP3CTL_CHECK_CRITICAL, g_strdup (_ ("the last poll failed")));
  else if (data->has_last_poll && data->last_poll_result == VPOP3_POLL_RESULT_PARTIAL)
    add_problem (problems, VPOP3CTL_CHECK_WARNING,
                 g_strdup (_ ("some online tasks of the last poll failed")));

  if (problems->len == 0)
    {
      *summary = overview (data);
      return VPOP3CTL_CHECK_OK;
    }

  g_array_sort (problems, compare_problems);
  for (guint i = 0; i < problems->len; i++)
    {
      const Problem *problem = &g_array_index (problems, Problem, i);

      state = vpop3ctl_check_state_worst (state, problem->state);
      if (i > 0)
        g_string_append (text, ", ");
      g_string_append (text, problem->text);
    }
  *summary = g_string_free (g_steal_pointer (&text), FALSE);
  return state;
}

static void
append_perf (GString *perf, const char *label, guint value, gint64 warn, gint64 crit)
{
  if (perf->len > 0)
    g_string_append_c (perf, ' ');
  g_string_append_printf (perf, "%s=%u;", label, value);
  if (warn != VPOP3CTL_CHECK_NO_THRESHOLD)
    g_string_append_printf (perf, "%" G_GINT64_FORMAT, warn);
  g_string_append_c (perf, ';');
  if (crit != VPOP3CTL_CHECK_NO_THRESHOLD)
    g_string_append_printf (perf, "%" G_GINT64_FORMAT, crit);
  g_string_append (perf, ";0");
}

char *
vpop3ctl_check_perfdata (const Vpop3ctlCheckData *data, const Vpop3ctlCheckThresholds *thresholds)
{
  GString *perf = g_string_new (NULL);

  if (data->has_out_queue)
    {
      append_perf (perf, "out_queue", data->out_queue_total, thresholds->warn_queue,
                   thresholds->crit_queue);
      append_perf (perf, "out_held", data->out_queue_held, VPOP3CTL_CHECK_NO_THRESHOLD,
                   VPOP3CTL_CHECK_NO_THRESHOLD);
    }
  if (data->has_inboxes)
    append_perf (perf, "inboxes", data->inboxes_total, VPOP3CTL_CHECK_NO_THRESHOLD,
                 VPOP3CTL_CHECK_NO_THRESHOLD);
  append_perf (perf, "sessions", data->sessions, VPOP3CTL_CHECK_NO_THRESHOLD,
               VPOP3CTL_CHECK_NO_THRESHOLD);
  return g_string_free (perf, FALSE);
}

Vpop3ctlCheckState
vpop3ctl_check_state_for_error (const GError *error)
{
  if (vpop3ctl_error_is_unreachable (error))
    return VPOP3CTL_CHECK_CRITICAL;
  return VPOP3CTL_CHECK_UNKNOWN;
}

char *
vpop3ctl_check_format_line (Vpop3ctlCheckState state, const char *summary, const char *perfdata)
{
  GString *line = g_string_new ("VPOP3 ");

  g_string_append (line, vpop3ctl_check_state_to_string (state));
  g_string_append (line, " - ");
  /* The plugin output is one line, and "|" starts the performance data. */
  for (const char *p = summary; p != NULL && *p != '\0'; p++)
    {
      if (*p == '|')
        g_string_append_c (line, '/');
      else if (*p == '\n' || *p == '\r')
        g_string_append_c (line, ' ');
      else
        g_string_append_c (line, *p);
    }
  if (perfdata != NULL && *perfdata != '\0')
    {
      g_string_append (line, " | ");
      g_string_append (line, perfdata);
    }
  return g_string_free (line, FALSE);
}
