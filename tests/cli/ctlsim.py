"""Shared by the Python tests of vpop3ctl: the real vpop3-simulator (driven
through --control) and vpop3ctl runs against it, with a password that each
test then looks for in every output.

Every wait is for an event (a line, an answer, the end of a process) under a
safety net scaled for sanitizer builds; nothing is timed."""

import os
import signal
import subprocess
import tempfile
import time

# The simulator's account; the password is distinctive so that any leak shows.
USER = "postmaster"
PASSWORD = "Sw0rdf1sh-never-printed"

HANG_GUARD_S = 60


def is_sanitized(path):
    """Whether the program at @path is built with AddressSanitizer."""
    with open(path, "rb") as f:
        return b"__asan_init" in f.read()


class Tap:
    def __init__(self):
        self.count = 0
        self.failed = 0

    def ok(self, condition, what):
        self.count += 1
        if not condition:
            self.failed += 1
        print(f"{'ok' if condition else 'not ok'} {self.count} {what}", flush=True)
        return condition

    def diag(self, text):
        for line in str(text).splitlines():
            print(f"# {line}", flush=True)

    def done(self):
        print(f"1..{self.count}", flush=True)
        return 1 if self.failed else 0


class Simulator:
    """vpop3-simulator on a free port, controlled through its stdin."""

    def __init__(self, path, *extra, scale=1):
        self.scale = scale
        self.process = subprocess.Popen(
            [path, "--port", "0", "--control", "--user", f"{USER}:{PASSWORD}", *extra],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            bufsize=1)
        first = self.process.stdout.readline().strip()
        if not first.startswith("listening on "):
            raise RuntimeError(f"the simulator did not start: {first!r}")
        self.port = int(first.rsplit(":", 1)[1])

    def query(self, line):
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()
        return self.process.stdout.readline().strip()

    def control(self, line):
        answer = self.query(line)
        if not answer.startswith("ok"):
            raise RuntimeError(f"control {line!r}: {answer!r}")
        return answer

    def logins(self):
        answer = self.control("stats")
        fields = dict(word.split("=", 1) for word in answer.split()[1:])
        return int(fields["logins"])

    def stop(self):
        if self.process.poll() is None:
            self.process.stdin.close()
            self.process.terminate()
        try:
            self.process.wait(HANG_GUARD_S * self.scale)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process.stdout.close()
        self.process.stderr.close()


class Result:
    def __init__(self, rc, out, err, elapsed):
        self.rc, self.out, self.err, self.elapsed = rc, out, err, elapsed


def environment():
    env = dict(os.environ, LC_ALL="C.UTF-8", LANGUAGE="", TZ="UTC",
               GSETTINGS_SCHEMA_DIR="/nonexistent", GSETTINGS_BACKEND="memory")
    env.pop("VPOP3_PASSWORD", None)
    return env


def ctl_args(vpop3ctl, port, *args, user=USER):
    return [vpop3ctl, "--host", "127.0.0.1", "--port", str(port), "--user", user,
            "--password-file", "-", *args]


def run(vpop3ctl, port, *args, password=PASSWORD, scale=1, user=USER):
    """Runs vpop3ctl to its end, the password on its standard input."""
    started = time.monotonic()
    process = subprocess.run(ctl_args(vpop3ctl, port, *args, user=user),
                             input=(password + "\n").encode(), capture_output=True,
                             env=environment(), timeout=HANG_GUARD_S * scale * 3)
    return Result(process.returncode, process.stdout.decode("utf-8", "replace"),
                  process.stderr.decode("utf-8", "replace"), time.monotonic() - started)


class Running:
    """vpop3ctl started and left running, with a trace file to follow."""

    def __init__(self, vpop3ctl, port, *args, scale=1):
        fd, self.trace = tempfile.mkstemp(prefix="vpop3ctl-trace-")
        os.close(fd)
        self.scale = scale
        self.process = subprocess.Popen(
            ctl_args(vpop3ctl, port, "--trace", self.trace, *args), stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment())
        self.process.stdin.write((PASSWORD + "\n").encode())
        self.process.stdin.close()
        self.process.stdin = None  # communicate() must not flush it

    def trace_text(self):
        with open(self.trace, encoding="utf-8", errors="replace") as f:
            return f.read()

    def wait_trace(self, needle):
        """Waits until the trace holds @needle; FALSE if vpop3ctl ended first."""
        end = time.monotonic() + HANG_GUARD_S * self.scale
        while needle not in self.trace_text():
            if self.process.poll() is not None or time.monotonic() > end:
                return needle in self.trace_text()
            time.sleep(0.02)
        return True

    def finish(self, sig=None):
        if sig is not None and self.process.poll() is None:
            self.process.send_signal(sig)
        try:
            out, err = self.process.communicate(timeout=HANG_GUARD_S * self.scale)
        except subprocess.TimeoutExpired:
            self.process.kill()
            out, err = self.process.communicate()
        trace = self.trace_text()
        os.unlink(self.trace)
        return Result(self.process.returncode, out.decode("utf-8", "replace"),
                      err.decode("utf-8", "replace"), 0), trace


def closed_port():
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


SIGINT = signal.SIGINT
