#!/usr/bin/python3
"""vpop3ctl against every hostile peer in hostilecases.py: asserts the exit
code and the message the user reads, that nothing hangs, that a refused login
is never retried, that a peer that closes at once is retried with back-off,
and (outside sanitizer builds) that memory stays bounded.
Prints TAP; with --report, also the table for docs/reliability.md.

No check depends on how fast the machine is: watch runs are stopped once what
they must print has been printed (or the peer has seen the connections it must
see), one-shot commands run to their end, and vpop3ctl's --timeout is the short
one only where the timeout itself is the behaviour under test.

Usage: test-hostile-cli.py VPOP3CTL [HOSTILE-RUSAGE] [--report]
(HOSTILE-RUSAGE: by default tests/hostile/hostile-rusage of VPOP3CTL's build tree)
"""

import concurrent.futures
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "tray"))
import hostilecases  # noqa: E402
import hostileservers as hs  # noqa: E402
from trayharness import is_sanitized  # noqa: E402

NOT_VPOP3 = "is not a VPOP3 status service"
NO_GREETING = "accepted the connection but sent no greeting: it is not a VPOP3 status service"
TOO_LONG = "sent a line longer than 65536 bytes: it is not a VPOP3 status service"

CASES = [
    ("silent", "status", 4, [NO_GREETING], []),
    ("http", "status", 4, [NO_GREETING], []),
    ("http", "check", 2, ["VPOP3 CRITICAL", NO_GREETING], []),
    ("http-speaks", "status", 4, [NOT_VPOP3 + " (it said “HTTP/1.1 400 Bad Request”)"], []),
    ("tls", "status", 4, [NO_GREETING], []),
    ("ssh", "status", 4, [NOT_VPOP3 + " (it said “SSH-2.0-OpenSSH_9.2p1 Debian-2”)"], []),
    ("binary", "status", 4, [NOT_VPOP3 + " (it said “\\x16\\x03\\x01\ufffd\\x05"], ["\x16"]),
    ("closes", "status", 4, ["closed the connection without a greeting"], []),
    ("deny", "status", 4, ["The server refused access: VPOP3 Server access not allowed!"], []),
    ("greeting-endless", "status", 4, [TOO_LONG], []),
    ("greeting-drip", "status", 4, [NO_GREETING], []),
    ("greeting-10mb", "status", 4, [TOO_LONG], []),
    ("greeting-no-challenge", "status", 1, ["The server sent no login challenge"], []),
    ("greeting-non-utf8", "status", 0, ["Connection:   Idle"], []),
    ("greeting-nul", "status", 0, ["Connection:   Idle"], []),
    ("greeting-escapes", "status", 4,
     [NOT_VPOP3 + " (it said “\\x1b[2J\\x1b]0;owned\\x07Welcome”)"], ["\x1b", "\x07"]),
    ("cr-only", "status", 4, [NO_GREETING], []),
    ("login-refused", "status", 3, ["Login refused: Invalid username or password"], []),
    ("login-refused", "check", 3, ["VPOP3 UNKNOWN - Login refused"], []),
    ("login-reply-drip", "status", 4, ["The server did not answer the login"], []),
    ("login-reply-endless", "status", 4, [TOO_LONG], []),
    ("login-reply-garbage", "status", 1, ["Unexpected reply to the login: HELLO THERE"], []),
    ("unknown-build", "status", 0, ["Build:        not reported", "Connection:   Idle"], []),
    ("non-utf8", "status", 0,
     ["Connection:   Verbindung zu mail.example.com über Modem", "Housekeeper:  Aufräumen\ufffdmit NUL",
      "jürgen", "Nachricht gelöscht \\x81 ÿ", "Out queue:    21"], []),
    ("non-utf8", "status --json", 0, ['"connection":"Verbindung zu mail.example.com über Modem"'], []),
    ("replies", "status", 0, ["Out queue:    21"], []),
    ("replies", "watch", 0, ["unknown line: +OK you never asked", "unknown line: -ERR nor this"], []),
    ("sessions-never-end", "status", 0, ["Sessions:     5", "9600:00:05  IDLE"], []),
    ("many-sessions", "status", 0, ["Sessions:     10000"], []),
    ("out-of-range", "status", 0, ["Out queue:    21 (2)", "Inboxes:      not reported",
                                   "Progress:     not reported"], []),
    ("out-of-range", "watch", 0, ["unknown line: 4-5\t0", "unknown line: 499999999999999999999\t0"],
     []),
    ("filetimes", "watch", 0, ["unknown line: 2FFFFFFFFFFFFFFFF", "connection: Idle"], []),
    ("filetimes", "status", 0, ["Connection:   Idle"], []),
    ("unknown-lines", "status", 0, ["Connection:   Idle"], []),
    ("10mb-line", "status", 0, ["Connection:   Idle", "Out queue:    21"], []),
    ("10mb-line", "watch", 0, ["unknown line: (a line longer than 65536 bytes was dropped)",
                               "connection: Idle"], []),
    ("10mb-no-newline", "status", 1, ["(connection lost)", "closed the connection"], []),
    ("escapes", "watch", 0,
     ["connection: \\x1b]0;owned\\x07\\x1b[31mRed alert\\x1b[0m",
      "message from mallory: \\x1b[2Jcleared your screen"], ["\x1b", "\x07"]),
    ("escapes", "status --json", 0, ['"connection":"\\u001b]0;owned\\u0007'], []),
    ("im-unknown-user", "watch", 0, ["message from nobody-we-know: Hello from nowhere"], []),
    # Per-user mailboxes (provisional type U)
    ("mailbox-long-users", "status", 0, ["  alice  ", "u" * 65000 + "  "], ["v" * 1000]),
    ("mailbox-long-users", "survey --duration 1 --json", 0,
     ['{"type":"U","kind":"provisional","count":2,"invalid":0,"longest":65005,',
      '{"type":"","kind":"unknown","count":1,"invalid":1,"longest":65537,'], ["v" * 1000]),
    ("mailbox-huge-counts", "status --json", 0,
     ['"mailboxes":[{"user":"carol","total":2147483647,"held":2147483647}]'], ["mallory", "oscar"]),
    ("mailbox-huge-counts", "metrics", 0,
     ['vpop3_user_mailbox_messages{server="127.0.0.1:', 'user="carol"} 2147483647',
      'vpop3_unknown_lines_total{server="127.0.0.1:'], ['user="mallory"', 'user="oscar"']),
    ("mailbox-escapes", "status", 0, ["\\x1b]0;owned\\x07mallory\\x1b[2J", 'quote"back\\slash'],
     ["\x1b", "\x07"]),
    ("mailbox-escapes", "status --json", 0,
     ['"user":"\\u001b]0;owned\\u0007mallory\\u001b[2J"', '"user":"quote\\"back\\\\slash"'], []),
    ("mailbox-escapes", "metrics", 0,
     ['user="\\\\x1b]0;owned\\\\x07mallory\\\\x1b[2J"} 3', 'user="quote\\"back\\\\slash"} 1'],
     ["\x1b", "\x07"]),
    ("mailbox-escapes", "survey --json", 0, ['"sample":"U\\\\x1b]0;owned\\\\x07mallory'],
     ["\x1b", "\x07"]),
    ("many-mailboxes", "status", 0, ["  user000000  ", "  user099999  "], []),
    ("many-mailboxes", "metrics", 0, ['user="user099999"} 100000'], []),
]

# vpop3ctl's --timeout where running into it is the behaviour under test: the
# peer never completes what vpop3ctl waits for, so it ends the same way
# whatever the timeout and however slow the machine. These peers say nothing
# (or nothing whole) before the timeout, so they need no time to greet.
TIMEOUT_IS_THE_TEST = {"silent": 2, "http": 2, "tls": 2, "greeting-drip": 2, "cr-only": 2,
                       # the greeting must arrive first: a generous time for it
                       "login-reply-drip": 10}
# Everywhere else --timeout (and the settle cap, which is the same figure) is
# only a safety net: the outcome comes from the peer, and a slow machine must
# not turn it into a timeout. Safety nets are stretched under a sanitizer.
SAFETY_TIMEOUT_S = 60
# Longest wait for a watch run to print what it must, and for any run to end
# after its --timeout; only a hang or a missing line may reach them.
EVENT_WAIT_S = 60
HANG_GUARD_S = 60

# The back-off of the client's reconnects (src/client/vpop3-backoff.c: 2 s,
# doubling, each delay at least 3/4 of its nominal value): the shortest gaps
# between the first connections of a watch run against a peer that closes.
BACKOFF_MIN_GAPS_S = (1.5, 3.0)

# Cases whose peak memory is compared with a plain session's: the big inputs,
# which must cost no more than a few MiB.
MEMORY_CASES = ("10mb-line", "10mb-no-newline", "greeting-10mb", "unknown-lines")
MEMORY_LIMIT_MIB = 8


class Run:
    """vpop3ctl run under hostile-rusage: its output as it arrives, and at
    the end its exit status, exact peak RSS and CPU time."""

    def __init__(self, rusage, args, env):
        fd, self.report_path = tempfile.mkstemp(prefix="vpop3-hostile-rusage-")
        os.close(fd)
        self.process = subprocess.Popen([rusage, self.report_path, *args],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, env=env)
        self.lock = threading.Lock()
        self.out, self.err = [], []
        self.readers = [threading.Thread(target=self._read, args=(stream, chunks), daemon=True)
                        for stream, chunks in ((self.process.stdout, self.out),
                                               (self.process.stderr, self.err))]
        for reader in self.readers:
            reader.start()
        self.rc = None
        self.hwm_kib = 0
        self.cpu = 0.0
        self.hung = False

    def _read(self, stream, chunks):
        while True:
            data = stream.read1(65536)
            if not data:
                return
            with self.lock:
                chunks.append(data)

    def output(self):
        """stdout and stderr so far, decoded."""
        with self.lock:
            return (b"".join(self.out) + b"".join(self.err)).decode("utf-8", "replace")

    def stderr(self):
        with self.lock:
            return b"".join(self.err).decode("utf-8", "replace")

    def stdout(self):
        with self.lock:
            return b"".join(self.out).decode("utf-8", "replace")

    def wait_for(self, predicate, seconds):
        """Waits until @predicate() holds or the process has ended; returns
        whether it holds."""
        end = time.monotonic() + seconds
        while not predicate() and self.process.poll() is None and time.monotonic() < end:
            time.sleep(0.02)
        return predicate()

    def finish(self, seconds):
        """Waits for the end (killing it after @seconds) and reads the report."""
        try:
            self.process.wait(seconds)
        except subprocess.TimeoutExpired:
            self.hung = True
            self.process.kill()  # hostile-rusage's child dies with it
            self.process.wait()
        for reader in self.readers:
            reader.join(10)
        try:
            with open(self.report_path) as f:
                fields = dict(word.split("=", 1) for word in f.read().split())
            self.rc = int(fields["status"])
            self.hwm_kib = int(fields["maxrss_kib"])
            self.cpu = float(fields["cpu_s"])
        except (OSError, KeyError, ValueError):
            pass  # rc stays None: every check on it fails
        os.unlink(self.report_path)


def run_case(vpop3ctl, rusage, name, command, scale, stop_when=None):
    """Runs `vpop3ctl COMMAND` against the case's peer. A watch run is
    stopped with SIGINT, as a user would stop it, once @stop_when(run,
    server) holds; without @stop_when it must end on its own."""
    unknown_lines = hostilecases.UNKNOWN_LINES
    if is_sanitized(vpop3ctl):
        unknown_lines = hostilecases.UNKNOWN_LINES_SANITIZED
    what, behaviour = hostilecases.behaviours(unknown_lines)[name]
    server = hs.Server(behaviour)
    timeout = TIMEOUT_IS_THE_TEST.get(name, SAFETY_TIMEOUT_S * scale)
    args = [vpop3ctl, "--host", "127.0.0.1", "--port", str(server.port), "--user", "postmaster",
            "--password-file", "-", "--timeout", str(timeout), *command.split()]
    env = dict(os.environ, LC_ALL="C.UTF-8", LANGUAGE="", GSETTINGS_SCHEMA_DIR="/nonexistent",
               TZ="UTC")
    env.pop("VPOP3_PASSWORD", None)
    started = time.monotonic()
    run = Run(rusage, args, env)
    run.process.stdin.write(b"admin\n")
    run.process.stdin.close()
    stopped_when_due = None
    if stop_when is not None:
        stopped_when_due = run.wait_for(lambda: stop_when(run, server), EVENT_WAIT_S * scale)
        if run.process.poll() is None:
            run.process.send_signal(signal.SIGINT)
    run.finish(timeout + HANG_GUARD_S * scale)
    elapsed = time.monotonic() - started
    server.stop()
    return {
        "case": name, "what": what, "command": command, "rc": run.rc, "hung": run.hung,
        "output": run.output(), "stderr": run.stderr(), "stdout": run.stdout(),
        "elapsed": elapsed, "cpu": run.cpu, "hwm_kib": run.hwm_kib,
        "connections": server.connections, "accepted_at": list(server.accepted_at),
        "logins": server.logins, "stopped_when_due": stopped_when_due,
    }


def printed_all(texts):
    """A stop condition: every one of @texts is in the output."""
    return lambda run, server: all(text in run.output() for text in texts)


def main():
    args = [arg for arg in sys.argv[1:] if arg != "--report"]
    report = "--report" in sys.argv[1:]
    vpop3ctl = args[0]
    if len(args) > 1:
        rusage = args[1]
    else:
        build = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(vpop3ctl))))
        rusage = os.path.join(build, "tests", "hostile", "hostile-rusage")
    sanitized = is_sanitized(vpop3ctl)
    scale = 3 if sanitized else 1
    if sanitized:
        print(f"# sanitized build: the unknown-lines peer sends "
              f"{hostilecases.UNKNOWN_LINES_SANITIZED:,} lines; safety nets x{scale}")
    count = failed = 0

    def ok(condition, what):
        nonlocal count, failed
        count += 1
        if not condition:
            failed += 1
        print(f"{'ok' if condition else 'not ok'} {count} {what}", flush=True)

    def skip(what, reason):
        nonlocal count
        count += 1
        print(f"ok {count} {what} # SKIP {reason}", flush=True)

    # A peer that closes at once: stopped once it has seen three connections,
    # the first two gaps being the first two back-off delays.
    def closes_retried(run, server):
        return server.connections >= 3

    # Most cases wait on a peer or a timeout: run them side by side.
    with concurrent.futures.ThreadPoolExecutor(max_workers=6) as pool:
        baseline_job = pool.submit(run_case, vpop3ctl, rusage, "im-unknown-user", "status", scale)
        # Must end on its own, after one login; stopped at once if it retries.
        refused_job = pool.submit(run_case, vpop3ctl, rusage, "login-refused", "watch", scale,
                                  lambda run, server: server.logins > 1)
        closes_job = pool.submit(run_case, vpop3ctl, rusage, "closes", "watch", scale,
                                 closes_retried)
        jobs = [pool.submit(run_case, vpop3ctl, rusage, name, command, scale,
                            printed_all(wanted) if command.startswith("watch") else None)
                for name, command, _rc, wanted, _unwanted in CASES]
        results = [job.result() for job in jobs]
        baseline, refused, closes = (baseline_job.result(), refused_job.result(),
                                     closes_job.result())

    for (name, command, rc, wanted, unwanted), result in zip(CASES, results):
        label = f"{name}: vpop3ctl {command}"
        got = result["rc"]
        # SIGINT ends watch with 0, or 130 when the signal wins the race.
        ok(not result["hung"] and (got == rc or (command.startswith("watch") and got == 130)),
           f"{label} exits {rc} (got {got}, {result['elapsed']:.1f} s)")
        for text in wanted:
            ok(text in result["output"], f"{label} says {text!r}")
        for text in unwanted:
            ok(text not in result["output"], f"{label} never prints {text!r}")
        if not command.startswith("watch") and result["stderr"]:
            ok(result["stderr"].count("\n") <= 2, f"{label}: one message, not a flood")

    # A refused login is final: one attempt, even for watch, which retries
    # everything else. Exit status 3 means it ended on its own, not by the
    # SIGINT a retry brings: no later attempt can come.
    ok(not refused["hung"] and refused["rc"] == 3 and refused["logins"] == 1,
       f"login refused: watch exits 3 after one attempt (rc {refused['rc']}, "
       f"{refused['logins']} logins)")
    gaps = [b - a for a, b in zip(closes["accepted_at"], closes["accepted_at"][1:])]
    shown = ", ".join(f"{gap:.2f}" for gap in gaps)
    ok(closes["stopped_when_due"] and closes["connections"] >= 3 and
       closes["output"].count("reconnecting in") >= 2,
       f"a peer that closes at once: watch retries ({closes['connections']} connections, "
       f"stopped with rc {closes['rc']})")
    # Lower bounds hold at any speed: a slow machine only makes gaps longer.
    ok(len(gaps) >= 2 and all(gap >= low for gap, low in zip(gaps, BACKOFF_MIN_GAPS_S)),
       f"and does not hammer it: gaps {shown} s, at least "
       f"{' and '.join(str(low) for low in BACKOFF_MIN_GAPS_S)} s (the growing back-off)")

    # Memory stays bounded: the big inputs cost no more than a few MiB over a
    # plain session. The peaks are exact (wait4 in hostile-rusage), so a
    # missing figure is a failure, never a pass. Sanitizer builds keep freed
    # memory in quarantine and shadow memory on top: skipped there.
    for result in results:
        if result["case"] not in MEMORY_CASES:
            continue
        what = f"{result['case']} ({result['command']}): peak RSS bounded"
        if sanitized:
            skip(what, "memory is not comparable under a sanitizer")
            continue
        grew = (result["hwm_kib"] - baseline["hwm_kib"]) / 1024
        ok(result["hwm_kib"] > 0 and baseline["hwm_kib"] > 0 and grew < MEMORY_LIMIT_MIB,
           f"{what}: {result['hwm_kib'] / 1024:.1f} MiB, {grew:+.1f} MiB over a plain "
           f"session ({baseline['hwm_kib'] / 1024:.1f} MiB), limit +{MEMORY_LIMIT_MIB} MiB")

    if report:
        print(f"# baseline: status of a plain session: peak RSS {baseline['hwm_kib'] / 1024:.1f} MiB")
        for r in results:
            first = r["output"].strip().splitlines()
            shown = " / ".join(line.strip() for line in first[:3])
            print(f"# REPORT {r['case']} | vpop3ctl {r['command']} | exit {r['rc']} | "
                  f"{r['elapsed']:.2f} s | cpu {r['cpu']:.2f} s | peak {r['hwm_kib'] / 1024:.1f} MiB | "
                  f"{shown[:300]}")
    print(f"1..{count}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
