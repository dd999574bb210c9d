/* hostile-rusage.c: runs a program and reports how it ended, its peak
 * resident memory and its CPU time, exactly, from wait4().
 *
 *   hostile-rusage REPORT PROGRAM [ARGUMENT…]
 *
 * REPORT gets one line, "status=S maxrss_kib=M cpu_s=C", where S is the exit
 * code, or minus the signal that ended the program (as Python's returncode).
 * SIGINT, SIGTERM and SIGHUP are passed on to the program. Exits 0 once the
 * report is written, whatever the program did.
 *
 * Why not ask the kernel from the test itself: a zombie's /proc/PID/status no
 * longer has VmHWM, sampling it while the program runs can miss the end (or
 * all of a short run), and wait4() in the Python test reports the peak of the
 * big Python process that forked the program, since a child inherits its
 * parent's high-water mark through fork and exec. Forked from this small
 * program instead, the program's own peak is what is reported.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t child;

static void
pass_on (int signum)
{
  if (child > 0)
    kill (child, signum);
}

int
main (int argc, char **argv)
{
  static const int passed[] = { SIGINT, SIGTERM, SIGHUP };
  struct sigaction action;
  struct rusage usage;
  sigset_t blocked, previous;
  FILE *report;
  pid_t pid;
  int status = 0;

  if (argc < 3)
    {
      fprintf (stderr, "usage: %s REPORT PROGRAM [ARGUMENT...]\n", argv[0]);
      return 2;
    }

  /* Held back until the child's pid is known, so that none is lost. */
  sigemptyset (&blocked);
  for (size_t i = 0; i < sizeof passed / sizeof passed[0]; i++)
    sigaddset (&blocked, passed[i]);
  sigprocmask (SIG_BLOCK, &blocked, &previous);

  pid = fork ();
  if (pid < 0)
    {
      perror ("fork");
      return 2;
    }
  if (pid == 0)
    {
      /* Killed with us if the test kills us (a hang guard's SIGKILL). */
      prctl (PR_SET_PDEATHSIG, SIGKILL);
      sigprocmask (SIG_SETMASK, &previous, NULL);
      execvp (argv[2], argv + 2);
      perror (argv[2]);
      _exit (127);
    }

  child = pid;
  memset (&action, 0, sizeof action);
  action.sa_handler = pass_on;
  sigemptyset (&action.sa_mask);
  for (size_t i = 0; i < sizeof passed / sizeof passed[0]; i++)
    sigaction (passed[i], &action, NULL);
  sigprocmask (SIG_SETMASK, &previous, NULL);

  while (wait4 (pid, &status, 0, &usage) < 0)
    {
      if (errno != EINTR)
        {
          perror ("wait4");
          return 2;
        }
    }

  report = fopen (argv[1], "w");
  if (report == NULL)
    {
      perror (argv[1]);
      return 2;
    }
  fprintf (report, "status=%d maxrss_kib=%ld cpu_s=%.3f\n",
           WIFEXITED (status) ? WEXITSTATUS (status) : -WTERMSIG (status), usage.ru_maxrss,
           (double) usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
               (double) usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6);
  return fclose (report) == 0 ? 0 : 2;
}
