/* cli-harness.h: running the real vpop3ctl against the real vpop3-simulator.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "vpop3-simulator-server.h"

G_BEGIN_DECLS

/* A simulator listening on 127.0.0.1, any free port: the vpop3-simulator
 * program, or the same server run inside the test (which can count logins
 * and see the commands, as the program cannot tell). */
typedef struct
{
  GSubprocess *process;  /* the program */
  GDataInputStream *out; /* its stdout: the "listening" line, then control answers */
  GOutputStream *in;     /* its stdin: the control channel */
  char *stderr_path;
  Vpop3Simulator *server; /* in the test process */
  GPtrArray *commands;    /* the lines it received after logins */
  guint16 port;
} Simulator;

/* Starts the simulator with "--port 0 --control --user postmaster:admin" and
 * the given extra arguments (NULL-terminated). */
Simulator *simulator_start (const char *first_arg, ...);
/* A simulator in the test process, with the user postmaster:admin. It
 * serves while the test iterates the main context (ctl_run does). */
Simulator *simulator_new_in_process (Vpop3SimulatorMisbehaviour misbehaviour);
/* Sends one control line and asserts the simulator answers "ok". */
void simulator_control (Simulator *sim, const char *line);
/* Sends one control line and returns the answer line. */
char *simulator_query (Simulator *sim, const char *line);
/* TRUE when the process ended within @timeout_ms (scaled, see harness_scale_ms). */
gboolean simulator_wait_exit (Simulator *sim, guint timeout_ms);
/* Everything the simulator wrote to stderr so far. */
char *simulator_stderr (Simulator *sim);
void simulator_free (Simulator *sim);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Simulator, simulator_free)

typedef struct
{
  Simulator *sim;         /* adds -H 127.0.0.1 -p PORT */
  const char *user;       /* -u USER; "postmaster" when NULL, none when "" */
  const char *password;   /* $VPOP3_PASSWORD; "admin" when NULL, unset when "" */
  const char *stdin_text; /* NULL: an empty standard input */
  const char *const *env; /* more "NAME=VALUE" for its environment, NULL-terminated */
} CtlOptions;

typedef struct
{
  int status; /* exit code; -1 when killed by a signal */
  char *out;
  char *err;
} CtlResult;

void ctl_result_free (CtlResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CtlResult, ctl_result_free)

/* Runs vpop3ctl with the arguments (NULL-terminated) and waits for its end
 * (at most 15 s, scaled; a test failure). */
CtlResult *ctl_run (const CtlOptions *options, const char *first_arg, ...) G_GNUC_NULL_TERMINATED;
CtlResult *ctl_runv (const CtlOptions *options, const char *const *args);

/* Logs the output, for a failing test's log. */
void ctl_result_log (const CtlResult *result);

/* A vpop3ctl run the test follows line by line while it goes, to act on what
 * it printed (a login, an event) instead of at a guessed moment. */
typedef struct _CtlProcess CtlProcess;

/* Starts vpop3ctl as ctl_run() does, without waiting for it. */
CtlProcess *
ctl_spawn (const CtlOptions *options, const char *first_arg, ...) G_GNUC_NULL_TERMINATED;
/* Waits until @count lines of its standard output contain @needle; FALSE
 * when it ended first, or after HARNESS_WAIT_MS (scaled): a safety net. */
gboolean ctl_process_wait_lines (CtlProcess *process, const char *needle, guint count);
/* How many lines of its standard output so far contain @needle. */
guint ctl_process_count_lines (CtlProcess *process, const char *needle);
void ctl_process_send_signal (CtlProcess *process, int signum);
/* Waits for its end as ctl_run() does; frees @process. */
CtlResult *ctl_process_finish (CtlProcess *process);

/* How long a test waits for something that should happen at once, at most:
 * a hang guard (scaled), never a timing expectation. */
#define HARNESS_WAIT_MS 15000

/* @ms times the slowdown of the build under test: 3 under AddressSanitizer
 * (as the suite's --timeout-multiplier 3), times $VPOP3_TEST_TIME_SCALE (a
 * whole number, 1 when unset or invalid), which scripts/valgrind sets:
 * memcheck runs vpop3ctl and the test some 10-50 times slower. For safety
 * nets only: the tests time nothing they assert. */
guint harness_scale_ms (guint ms);

/* A private directory for this test program (removed at exit) and the
 * environment every vpop3ctl run gets: no real keyring, settings or home. */
const char *harness_init (int *argc, char ***argv);
const char *harness_tmpdir (void);

/* A TCP port on 127.0.0.1 where nothing listens. */
guint16 harness_closed_port (void);

/* Fails the test, showing both, when @needle is not in @haystack. */
#define assert_contains(haystack, needle)                                                          \
  G_STMT_START                                                                                     \
  {                                                                                                \
    if (strstr ((haystack), (needle)) == NULL)                                                     \
      g_error ("“%s” not found in “%s”", (needle), (haystack));                                    \
  }                                                                                                \
  G_STMT_END

/* How many logins an in-process simulator has seen (the program cannot tell),
 * and how many connections it accepted. Final once ctl_run() has returned. */
guint simulator_login_attempts (Simulator *sim);
guint simulator_connections (Simulator *sim);

/* Parses @out, which must be one line, as a JSON object. */
JsonObject *ctl_parse_single_object (const char *out, JsonParser **parser_out);

G_END_DECLS
