#!/usr/bin/python3
"""vpop3ctl against every hostile peer in hostilecases.py: asserts the exit
code and the message the user reads, that nothing hangs, that a refused login
is never retried, and (outside sanitizer builds) that memory stays bounded.
Prints TAP; with --report, also the table for docs/reliability.md.

Usage: test-hostile-cli.py VPOP3CTL [--report]
"""

import concurrent.futures
import os
import signal
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "tray"))
import hostilecases  # noqa: E402
import hostileservers as hs  # noqa: E402
from trayharness import is_sanitized  # noqa: E402

HANG_GUARD_S = 90  # generous: only a hang may fail on time

NOT_VPOP3 = "is not a VPOP3 status service"
NO_GREETING = "accepted the connection but sent no greeting: it is not a VPOP3 status service"
TOO_LONG = "sent a line longer than 65536 bytes: it is not a VPOP3 status service"

# (case, vpop3ctl command, expected exit code, texts the output must hold,
#  texts it must not hold). Output is stdout and stderr together.
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
]

# Cases whose watch runs are ended by SIGINT after this long.
WATCH_S = 3
# The heavy bursts need more than --timeout 2 to arrive before the settle cap.
SLOW = {"unknown-lines": 30, "many-sessions": 30, "10mb-line": 10}


class Watched:
    """A process with its peak resident memory (VmHWM) and CPU time."""

    def __init__(self, args, env):
        self.process = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, env=env)
        self.hwm_kib = 0
        self.stat_path = f"/proc/{self.process.pid}/status"
        self.sampler = threading.Thread(target=self._sample, daemon=True)
        self.sampler.start()

    def _sample(self):
        while self.process.poll() is None:
            try:
                with open(self.stat_path) as f:
                    for line in f:
                        if line.startswith("VmHWM:"):
                            self.hwm_kib = max(self.hwm_kib, int(line.split()[1]))
            except (OSError, ValueError):
                pass
            time.sleep(0.02)

    def cpu_s(self):
        with open(f"/proc/{self.process.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_case(vpop3ctl, name, command):
    unknown_lines = hostilecases.UNKNOWN_LINES
    if is_sanitized(vpop3ctl):
        unknown_lines = hostilecases.UNKNOWN_LINES_SANITIZED
    what, behaviour = hostilecases.behaviours(unknown_lines)[name]
    server = hs.Server(behaviour)
    timeout = SLOW.get(name, 2)
    args = [vpop3ctl, "--host", "127.0.0.1", "--port", str(server.port), "--user", "postmaster",
            "--password-file", "-", "--timeout", str(timeout), *command.split()]
    env = dict(os.environ, LC_ALL="C.UTF-8", LANGUAGE="", GSETTINGS_SCHEMA_DIR="/nonexistent",
               TZ="UTC")
    env.pop("VPOP3_PASSWORD", None)
    started = time.monotonic()
    watched = Watched(args, env)
    proc = watched.process
    proc.stdin.write(b"admin\n")
    proc.stdin.close()
    out_chunks, err_chunks = [], []
    readers = [threading.Thread(target=lambda s=s, c=c: c.append(s.read()), daemon=True)
               for s, c in ((proc.stdout, out_chunks), (proc.stderr, err_chunks))]
    for reader in readers:
        reader.start()
    cpu = 0.0
    if command.startswith("watch"):
        # watch runs until stopped, reconnecting: stop it as a user would.
        deadline = time.monotonic() + WATCH_S
        while time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        if proc.poll() is None:
            cpu = watched.cpu_s()
            proc.send_signal(signal.SIGINT)
    hung = False
    try:
        # CPU time is read just before the process is reaped.
        end = time.monotonic() + HANG_GUARD_S
        while proc.poll() is None and time.monotonic() < end:
            try:
                cpu = watched.cpu_s()
            except (OSError, IndexError):
                pass
            time.sleep(0.02)
        proc.wait(max(0.1, end - time.monotonic()))
    except subprocess.TimeoutExpired:
        hung = True
        proc.kill()
        proc.wait()
    for reader in readers:
        reader.join(5)
    elapsed = time.monotonic() - started
    server.stop()
    output = (b"".join(out_chunks) + b"".join(err_chunks)).decode("utf-8", "replace")
    return {
        "case": name, "what": what, "command": command, "rc": proc.returncode, "hung": hung,
        "output": output, "stderr": b"".join(err_chunks).decode("utf-8", "replace"),
        "stdout": b"".join(out_chunks).decode("utf-8", "replace"),
        "elapsed": elapsed, "cpu": cpu, "hwm_kib": watched.hwm_kib,
        "connections": server.connections, "logins": server.logins,
    }


def main():
    vpop3ctl = sys.argv[1]
    report = "--report" in sys.argv[2:]
    sanitized = is_sanitized(vpop3ctl)
    if sanitized:
        print(f"# sanitized build: the unknown-lines peer sends "
              f"{hostilecases.UNKNOWN_LINES_SANITIZED:,} lines")
    count = failed = 0

    def ok(condition, what):
        nonlocal count, failed
        count += 1
        if not condition:
            failed += 1
        print(f"{'ok' if condition else 'not ok'} {count} {what}", flush=True)

    # Most cases wait on a timeout or a watch: run them side by side.
    with concurrent.futures.ThreadPoolExecutor(max_workers=6) as pool:
        baseline_job = pool.submit(run_case, vpop3ctl, "im-unknown-user", "status")
        refused_job = pool.submit(run_case, vpop3ctl, "login-refused", "watch")
        closes_job = pool.submit(run_case, vpop3ctl, "closes", "watch")
        jobs = [pool.submit(run_case, vpop3ctl, name, command) for name, command, *_ in CASES]
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
    # everything else.
    ok(refused["rc"] == 3 and refused["logins"] == 1,
       f"login refused: watch exits 3 after one attempt (rc {refused['rc']}, "
       f"{refused['logins']} logins)")
    ok(closes["connections"] >= 2 and "reconnecting in" in closes["output"],
       f"a peer that closes at once: watch retries with back-off ({closes['connections']} "
       f"connections in {WATCH_S} s)")
    ok(closes["connections"] <= 6, "and does not hammer it")

    # Memory stays bounded: the big inputs cost no more than a few MiB over a
    # plain session (sanitizer builds keep freed memory in quarantine: skipped).
    for result in results:
        # Only runs long enough to be sampled; the others end at 64 KiB.
        if result["case"] in ("10mb-line", "unknown-lines"):
            grew = (result["hwm_kib"] - baseline["hwm_kib"]) / 1024
            if sanitized:
                print(f"ok {count + 1} # SKIP memory under a sanitizer ({result['case']})")
                count += 1
            else:
                ok(grew < 8, f"{result['case']} ({result['command']}): peak RSS "
                   f"{result['hwm_kib'] / 1024:.1f} MiB, {grew:+.1f} MiB over a plain session")

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
