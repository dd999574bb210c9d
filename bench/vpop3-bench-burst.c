/* vpop3-bench-burst.c: an initial burst of 100,000 activity-log lines, taken
 * in by the real client, status model, tray and status window (activity log
 * shown) in one GTK process, against vpop3-simulator --log-backlog. Measures
 * how long the lines take to reach the ring and the view, and how long the
 * main loop is ever kept from answering meanwhile (docs/performance.md).
 *
 * Runs under an X server and a session bus (xvfb-run dbus-run-session).
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>

#include "vpop3-log-view.h"
#include "vpop3-simulator-backlog.h"
#include "vpop3-status-window.h"
#include "window-harness.h"

#define DEFAULT_LINES 100000
#define DEFAULT_RUNS  5
/* A hang guard, not a figure: a run that takes this long has failed. */
#define RUN_TIMEOUT_MS 120000
/* The probe: a G_PRIORITY_HIGH timeout this often. */
#define PROBE_INTERVAL_MS 1
/* Lines the simulator sends after the backlog (its recent log): the last
 * backlog line is looked for among this many rows at the end of the view. */
#define VIEW_TAIL_ROWS 64

typedef struct
{
  gboolean window;
  double absorb_ring_ms;
  double absorb_ms; /* ring and (when shown) view */
  double p50_ms;
  double p99_ms;
  double max_ms;
  double cpu_max_ms;   /* the main thread's CPU time within the longest such gap */
  double frame_max_ms; /* longest gap between frame-clock ticks; window only */
  guint n_gaps;
  guint n_frames;
  guint n_ring_changes; /* signals from the ring until the last backlog line was in */
} Run;

typedef struct
{
  Vpop3Client *client;
  Vpop3ActivityLog *log;
  GtkTreeView *tree_view; /* NULL: tray only */
  const char *target;     /* text of the last backlog line */
  Vpop3LogEntry *target_entry;

  gint64 t_login;
  gint64 t_ring;
  gint64 t_view;
  gboolean done;

  gint64 last_probe;
  gint64 last_cpu;
  GArray *gaps; /* gint64 µs between probe dispatches, during the burst */
  gint64 cpu_max;
  gint64 last_tick;
  gint64 frame_max;
  guint n_frames;
  guint n_ring_changes;
} Measure;

/* CPU time of this thread: a gap much longer than it was spent waiting for
 * the processor (other programs), not in our code. */
static gint64
thread_cpu_time (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return (gint64) now.tv_sec * G_USEC_PER_SEC + now.tv_nsec / 1000;
}

static gboolean
view_has_target (Measure *m)
{
  GtkTreeModel *model = gtk_tree_view_get_model (m->tree_view);
  int n;

  if (model == NULL)
    return FALSE;
  n = gtk_tree_model_iter_n_children (model, NULL);
  for (int i = n - 1; i >= 0 && i >= n - VIEW_TAIL_ROWS; i--)
    {
      g_autoptr (Vpop3LogEntry) entry = NULL;
      GtkTreeIter iter;

      if (!gtk_tree_model_iter_nth_child (model, &iter, NULL, i))
        return FALSE;
      gtk_tree_model_get (model, &iter, 0, &entry, -1);
      if (entry == m->target_entry)
        return TRUE;
    }
  return FALSE;
}

static void
check_done (Measure *m, gint64 now)
{
  if (m->done || m->t_ring == 0)
    return;
  if (m->tree_view != NULL && m->t_view == 0)
    {
      if (!view_has_target (m))
        return;
      m->t_view = now;
    }
  m->done = TRUE;
}

/* Every dispatch records the gap since the previous one: with nothing else
 * to do the main loop runs it every ~1 ms, so a longer gap is a stall. */
static gboolean
on_probe (gpointer user_data)
{
  Measure *m = user_data;
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = thread_cpu_time ();

  if (m->t_login != 0 && !m->done)
    {
      gint64 gap = now - MAX (m->last_probe, m->t_login);

      g_array_append_val (m->gaps, gap);
      m->cpu_max = MAX (m->cpu_max, cpu - m->last_cpu);
    }
  m->last_probe = now;
  m->last_cpu = cpu;
  check_done (m, now);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_tick (GtkWidget *widget, GdkFrameClock *clock, gpointer user_data)
{
  Measure *m = user_data;
  gint64 now = g_get_monotonic_time ();

  if (m->t_login != 0 && !m->done && m->last_tick != 0)
    {
      m->frame_max = MAX (m->frame_max, now - MAX (m->last_tick, m->t_login));
      m->n_frames++;
    }
  m->last_tick = now;
  return G_SOURCE_CONTINUE;
}

static void
on_logged_in (Vpop3Client *client, int build, gpointer user_data)
{
  Measure *m = user_data;

  m->t_login = g_get_monotonic_time ();
}

static void
on_log_changed (GListModel *model, guint position, guint removed, guint added, gpointer user_data)
{
  Measure *m = user_data;

  if (m->t_ring != 0)
    return;
  /* How many slices the burst took depends on the machine: a figure, not a test. */
  m->n_ring_changes++;
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr (Vpop3LogEntry) entry = g_list_model_get_item (model, i);

      if (g_str_equal (vpop3_log_entry_get_text (entry), m->target))
        {
          m->t_ring = g_get_monotonic_time ();
          m->target_entry = g_steal_pointer (&entry);
          check_done (m, m->t_ring);
          return;
        }
    }
}

static gboolean
is_done (gpointer data)
{
  return ((Measure *) data)->done;
}

static gboolean
is_disconnected (gpointer data)
{
  return vpop3_client_get_state (data) == VPOP3_CLIENT_STATE_DISCONNECTED;
}

static gboolean
is_drawn (gpointer data)
{
  return GPOINTER_TO_INT (g_object_get_data (data, "bench-drawn"));
}

static gboolean
on_draw (GtkWidget *widget, cairo_t *cr, gpointer user_data)
{
  g_object_set_data (G_OBJECT (widget), "bench-drawn", GINT_TO_POINTER (TRUE));
  return GDK_EVENT_PROPAGATE;
}

static int
compare_gint64 (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static double
percentile_ms (GArray *sorted, double fraction)
{
  guint index;

  if (sorted->len == 0)
    return 0.0;
  index = (guint) (fraction * (sorted->len - 1) + 0.5);
  return g_array_index (sorted, gint64, index) / 1000.0;
}

static gboolean
run_once (guint16 port, guint lines, gboolean window_shown, Run *run)
{
  Vpop3Application *app = harness_app ();
  Vpop3Status *status = harness_status ();
  g_autofree char *target = vpop3_simulator_backlog_text (lines - 1);
  Vpop3StatusWindow *window = NULL;
  Measure m = { 0 };
  guint probe;
  guint tick = 0;
  gulong login_id, log_id;
  gboolean ok;

  vpop3_status_reset (status);
  m.client = vpop3_server_get_client (harness_server ());
  m.log = vpop3_status_get_log (status);
  m.target = target;
  m.gaps = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (window_shown)
    {
      GtkWidget *log_view;

      g_settings_set_boolean (vpop3_application_get_settings (app), "show-activity-log", TRUE);
      window = harness_new_status_window ();
      log_view = harness_child (window, VPOP3_TYPE_STATUS_WINDOW, "log_view");
      m.tree_view = harness_child (log_view, VPOP3_TYPE_LOG_VIEW, "tree_view");
      g_signal_connect_after (window, "draw", G_CALLBACK (on_draw), NULL);
      gtk_window_present (GTK_WINDOW (window));
      if (!test_loop_wait (is_drawn, window, 10000))
        {
          g_printerr ("The status window was never drawn\n");
          return FALSE;
        }
      test_loop_run_for (200);
      tick = gtk_widget_add_tick_callback (GTK_WIDGET (window), on_tick, &m, NULL);
    }

  /* Connected after the view's own handler: the ring is complete when we look. */
  log_id = g_signal_connect_after (m.log, "items-changed", G_CALLBACK (on_log_changed), &m);
  login_id = g_signal_connect (m.client, "logged-in", G_CALLBACK (on_logged_in), &m);
  probe = g_timeout_add_full (G_PRIORITY_HIGH, PROBE_INTERVAL_MS, on_probe, &m, NULL);

  vpop3_client_set_server (m.client, "127.0.0.1", port);
  /* The simulator's default account; in memory only, as the applet keeps it. */
  vpop3_client_set_credentials (m.client, VPOP3_AUTH_ALOGIN, "postmaster", "admin");
  vpop3_client_connect (m.client);
  ok = test_loop_wait (is_done, &m, RUN_TIMEOUT_MS);

  g_source_remove (probe);
  if (tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (window), tick);
  g_signal_handler_disconnect (m.log, log_id);
  g_signal_handler_disconnect (m.client, login_id);

  if (ok)
    {
      /* Correctness, so that a fast wrong answer never counts: the whole ring, in the view. */
      guint n_ring = g_list_model_get_n_items (G_LIST_MODEL (m.log));

      if (n_ring != MIN (lines, vpop3_activity_log_get_limit (m.log)) &&
          n_ring != vpop3_activity_log_get_limit (m.log))
        {
          g_printerr ("The ring holds %u lines\n", n_ring);
          ok = FALSE;
        }
      if (m.tree_view != NULL)
        {
          /* The view may still be catching up with the lines after the backlog. */
          test_loop_run_for (300);
          if (gtk_tree_model_iter_n_children (gtk_tree_view_get_model (m.tree_view), NULL) !=
              (int) g_list_model_get_n_items (G_LIST_MODEL (m.log)))
            {
              g_printerr (
                  "The view shows %d rows, the ring holds %u\n",
                  gtk_tree_model_iter_n_children (gtk_tree_view_get_model (m.tree_view), NULL),
                  g_list_model_get_n_items (G_LIST_MODEL (m.log)));
              ok = FALSE;
            }
          else
            {
              /* Still following the newest line, as before the burst. */
              GtkAdjustment *adjustment =
                  gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (m.tree_view));

              if (gtk_adjustment_get_value (adjustment) +
                      gtk_adjustment_get_page_size (adjustment) <
                  gtk_adjustment_get_upper (adjustment) - 1.0)
                {
                  g_printerr ("The view no longer shows the newest line\n");
                  ok = FALSE;
                }
            }
        }
    }
  else
    g_printerr ("The burst was not absorbed within %d s (ring %s, view %s)\n",
                RUN_TIMEOUT_MS / 1000, m.t_ring != 0 ? "done" : "not done",
                m.t_view != 0 ? "done" : "not done");

  vpop3_client_disconnect (m.client);
  test_loop_wait (is_disconnected, m.client, 10000);
  if (window != NULL)
    gtk_widget_destroy (GTK_WIDGET (window));
  harness_iterate ();

  if (ok)
    {
      g_array_sort (m.gaps, compare_gint64);
      run->window = window_shown;
      run->absorb_ring_ms = (m.t_ring - m.t_login) / 1000.0;
      run->absorb_ms = ((window_shown ? m.t_view : m.t_ring) - m.t_login) / 1000.0;
      run->p50_ms = percentile_ms (m.gaps, 0.50);
      run->p99_ms = percentile_ms (m.gaps, 0.99);
      run->max_ms = m.gaps->len > 0 ? g_array_index (m.gaps, gint64, m.gaps->len - 1) / 1000.0 : 0;
      run->frame_max_ms = m.frame_max / 1000.0;
      run->cpu_max_ms = m.cpu_max / 1000.0;
      run->n_gaps = m.gaps->len;
      run->n_frames = m.n_frames;
      run->n_ring_changes = m.n_ring_changes;
    }
  g_clear_object (&m.target_entry);
  g_array_unref (m.gaps);
  return ok;
}

static int
compare_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* Best and median of one figure over the runs. */
static void
best_median (const Run *runs, guint n, gsize offset, double *best, double *median)
{
  g_autofree double *values = g_new (double, n);

  for (guint i = 0; i < n; i++)
    values[i] = *(const double *) ((const char *) &runs[i] + offset);
  qsort (values, n, sizeof (double), compare_double);
  *best = values[0];
  *median = values[n / 2];
}

static void
summarize (const char *name, const Run *runs, guint n, double *absorb, double *stall)
{
  double best, median;

  best_median (runs, n, G_STRUCT_OFFSET (Run, absorb_ms), &best, &median);
  printf ("%s: absorbed in %.0f ms best, %.0f ms median\n", name, best, median);
  *absorb = median;
  best_median (runs, n, G_STRUCT_OFFSET (Run, max_ms), &best, &median);
  printf ("%s: longest stall %.1f ms best, %.1f ms median", name, best, median);
  *stall = median;
  best_median (runs, n, G_STRUCT_OFFSET (Run, p99_ms), &best, &median);
  printf ("; p99 gap %.1f ms median", median);
  best_median (runs, n, G_STRUCT_OFFSET (Run, cpu_max_ms), &best, &median);
  printf ("; longest CPU time in one gap %.1f ms median", median);
  if (runs[0].window)
    {
      best_median (runs, n, G_STRUCT_OFFSET (Run, frame_max_ms), &best, &median);
      printf ("; longest frame gap %.1f ms median", median);
    }
  printf ("\n");
}

static void
drop_debug (const char *domain, GLogLevelFlags level, const char *message, gpointer user_data)
{
  if ((level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO)) == 0)
    g_log_default_handler (domain, level, message, user_data);
}

/* The simulator goes with us, even when we are killed. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static GSubprocess *
start_simulator (const char *path, guint lines, guint16 *port, GError **error)
{
  g_autofree char *backlog = g_strdup_printf ("--log-backlog=%u", lines);
  g_autoptr (GSubprocess) simulator = NULL;
  g_autoptr (GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  const char *colon;

  /* The simulator's default account (postmaster); no password on its command line. */
  g_autoptr (GSubprocessLauncher) launcher =
      g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  simulator = g_subprocess_launcher_spawn (launcher, error, path, "--listen", "127.0.0.1", "--port",
                                           "0", backlog, NULL);
  if (simulator == NULL)
    return NULL;
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (simulator));
  line = g_data_input_stream_read_line (out, NULL, NULL, error);
  if (line == NULL || (colon = strrchr (line, ':')) == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s did not say where it listens", path);
      g_subprocess_force_exit (simulator);
      return NULL;
    }
  *port = (guint16) atoi (colon + 1);
  return g_steal_pointer (&simulator);
}

int
main (int argc, char **argv)
{
  int lines = DEFAULT_LINES;
  int n_runs = DEFAULT_RUNS;
  g_autofree char *simulator_path = NULL;
  g_autofree char *only = NULL;
  const GOptionEntry entries[] = {
    { "only", 0, 0, G_OPTION_ARG_STRING, &only, "Run one case: window or tray (for profiling)",
      "CASE" },
    { "lines", 0, 0, G_OPTION_ARG_INT, &lines, "Backlog lines (default 100000)", "N" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &n_runs, "Runs of each case (default 5)", "N" },
    { "simulator", 0, 0, G_OPTION_ARG_FILENAME, &simulator_path,
      "The vpop3-simulator executable (default: this build's)", "PATH" },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) simulator = NULL;
  g_autofree Run *window_runs = NULL;
  g_autofree Run *tray_runs = NULL;
  double absorb, stall_window, stall_tray, tray_absorb;
  guint16 port = 0;

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_ignore_unknown_options (context, TRUE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (lines < 1 || n_runs < 1)
    {
      g_printerr ("--lines and --runs must be at least 1\n");
      return 2;
    }

  /* Runnable straight from the build directory: this build's schema, no dconf. */
  g_setenv ("GSETTINGS_SCHEMA_DIR", VPOP3_BUILD_SCHEMA_DIR, FALSE);
  g_setenv ("SECRET_BACKEND", "file", FALSE);
  g_setenv ("SECRET_FILE_TEST_PASSWORD", "bench-only", FALSE);
  harness_init (&argc, &argv);
  /* g_test_init() makes warnings fatal (the figures would mean nothing after
   * one anyway) and prints debug messages, which would be measured too. */
  g_log_set_debug_enabled (FALSE);
  g_log_set_default_handler (drop_debug, NULL);

  simulator = start_simulator (simulator_path != NULL ? simulator_path : VPOP3_SIMULATOR_PATH,
                               (guint) lines, &port, &error);
  if (simulator == NULL)
    {
      g_printerr ("Could not start the simulator: %s\n", error->message);
      return 1;
    }

  window_runs = g_new0 (Run, n_runs);
  tray_runs = g_new0 (Run, n_runs);
  for (int i = 0; i < n_runs; i++)
    {
      for (int shown = 1; shown >= 0; shown--)
        {
          Run *run = shown ? &window_runs[i] : &tray_runs[i];

          if (only != NULL && !g_str_equal (only, shown ? "window" : "tray"))
            continue;
          if (!run_once (port, (guint) lines, shown, run))
            {
              g_subprocess_force_exit (simulator);
              return 1;
            }
          printf ("run %d, %s: absorbed in %.0f ms (ring %.0f ms, %u ring changes); gaps: p50 "
                  "%.2f ms, p99 %.2f ms, max %.1f ms (%u samples), longest CPU time in one gap "
                  "%.1f ms",
                  i + 1, shown ? "window shown" : "tray only", run->absorb_ms, run->absorb_ring_ms,
                  run->n_ring_changes, run->p50_ms, run->p99_ms, run->max_ms, run->n_gaps,
                  run->cpu_max_ms);
          if (shown)
            printf ("; longest frame gap %.1f ms (%u frames)", run->frame_max_ms, run->n_frames);
          printf ("\n");
          fflush (stdout);
        }
    }

  if (only != NULL)
    {
      g_subprocess_force_exit (simulator);
      return 0;
    }
  summarize ("window shown", window_runs, (guint) n_runs, &absorb, &stall_window);
  summarize ("tray only", tray_runs, (guint) n_runs, &tray_absorb, &stall_tray);
  printf ("burst: %d lines absorbed in %.0f ms; longest stall %.1f ms (window shown), %.1f ms "
          "(tray only)\n",
          lines, absorb, stall_window, stall_tray);

  g_subprocess_force_exit (simulator);
  g_subprocess_wait (simulator, NULL, NULL);
  return 0;
}
