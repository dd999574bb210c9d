#!/usr/bin/python3
"""vpop3ctl at the edges a close read found (issue 15): each case is a peer
on 127.0.0.1 that says one unusual thing, or a command line that asks one,
and what vpop3ctl must make of it. Every case failed before its fix.

Prints TAP. Usage: test-edges.py VPOP3CTL
"""

import os
import socket
import subprocess
import sys
import tempfile
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "tray"))
from trayharness import Tap, is_sanitized  # noqa: E402

GREETING = b"+OK VPOP3 Status Server Ready <3.d28.51abf1c9>\r\n"
LOGGED_IN = b"+OK Logged in OK (Build 2886)\r\n"
HANG_GUARD_S = 60


class Peer:
    """One scripted VPOP3 status server: greets, takes the login, sends
    @burst, then answers each command line with @answer(line) — bytes to
    send, or None to close the connection. Keeps every line it received."""

    def __init__(self, burst=b"1Idle\r\n", answer=None, greeting=GREETING):
        self.burst = burst
        self.answer = answer or (lambda line: b"+OK\r\n")
        self.greeting = greeting
        self.received = []
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(4)
        self.port = self.listener.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        try:
            conn, _ = self.listener.accept()
        except OSError:
            return
        with conn:
            conn.sendall(self.greeting)
            pending = b""
            logged_in = False
            while True:
                try:
                    data = conn.recv(65536)
                except OSError:
                    return
                if not data:
                    return
                pending += data
                while b"\n" in pending:
                    line, pending = pending.split(b"\n", 1)
                    line = line.rstrip(b"\r")
                    self.received.append(line)
                    if not logged_in:
                        logged_in = True
                        conn.sendall(LOGGED_IN + self.burst)
                        continue
                    if line == b"QUIT":
                        conn.sendall(b"+OK\r\n")
                        return
                    reply = self.answer(line)
                    if reply is None:
                        return
                    conn.sendall(reply)

    def stop(self):
        self.listener.close()
        self.thread.join(5)


def vpop3ctl(path, port, *args, env_extra=None, cwd=None, user="postmaster"):
    env = dict(os.environ, VPOP3_PASSWORD="admin", G_DEBUG="fatal-criticals")
    env.update(env_extra or {})
    guard = HANG_GUARD_S * (4 if is_sanitized(path) else 1)
    result = subprocess.run(
        [path, "--host", "127.0.0.1", "--port", str(port), "--user", user, *args],
        capture_output=True, env=env, cwd=cwd, timeout=guard)
    return result.returncode, (result.stdout + result.stderr).decode("utf-8", "replace")


def ok_or_show(tap, condition, what, output):
    """tap.ok, and on failure what vpop3ctl printed. Twice under ASan, in
    full runs with a core kept busy, vpop3ctl ended an early exit (a usage
    error, UNKNOWN) with SIGABRT, and only the exit status was kept."""
    if not tap.ok(condition, what):
        for line in output.splitlines()[-60:]:
            print(f"# vpop3ctl: {line}", flush=True)
    return condition


def main():
    path = os.path.abspath(sys.argv[1])
    tap = Tap()

    # 1. A time at the very end of GDateTime, east of UTC.
    for command in ("status", "watch"):
        peer = Peer(burst=b"224C85A5ED127A980\r\n1Idle\r\n",
                    answer=lambda line: b"+OK\r\n")
        if command == "watch":
            # watch runs until the peer goes: close after the burst is seen.
            peer.answer = lambda line: None
        args = [command] if command == "status" else ["--timeout", "2", command]
        proc = subprocess.Popen(
            [path, "--host", "127.0.0.1", "--port", str(peer.port), "--user", "postmaster",
             *args],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            env=dict(os.environ, VPOP3_PASSWORD="admin", TZ="Asia/Tokyo",
                     G_DEBUG="fatal-criticals"))
        if command == "watch":
            output = b""
            while b"connection: Idle" not in output:
                chunk = proc.stdout.readline()
                if not chunk:
                    break
                output += chunk
            proc.terminate()
            rest, _ = proc.communicate(timeout=HANG_GUARD_S)
            output = (output + rest).decode("utf-8", "replace")
            tap.ok("unknown line: 224C85A5ED127A980" in output and "(null)" not in output,
                   "watch, TZ=Asia/Tokyo: a time past 9999-12-30 is an unknown line")
        else:
            output, _ = proc.communicate(timeout=HANG_GUARD_S)
            output = output.decode("utf-8", "replace")
            tap.ok(proc.returncode == 0 and "Next poll:    not reported" in output
                   and "Connection:   Idle" in output,
                   f"status, TZ=Asia/Tokyo: no critical, the time refused (exit {proc.returncode})")
        peer.stop()

    # 2. A CR kept in the documented rows, shown escaped.
    peer = Peer(burst=b"1Idle\r\r\n001D5566C45837F00first\rsecond\r\n1Busy\r\n",
                answer=lambda line: None)
    proc = subprocess.Popen(
        [path, "--host", "127.0.0.1", "--port", str(peer.port), "--user", "postmaster", "watch"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        env=dict(os.environ, VPOP3_PASSWORD="admin"))
    output = b""
    while b"connection: Busy" not in output:
        chunk = proc.stdout.readline()
        if not chunk:
            break
        output += chunk
    proc.terminate()
    proc.communicate(timeout=HANG_GUARD_S)
    text = output.decode("utf-8", "replace")
    tap.ok("connection: Idle\\x0d" in text, "a connection text ending in CR is kept, shown \\x0d")
    tap.ok("log  first\\x0dsecond" in text, "a log line with a CR inside is kept, shown \\x0d")
    tap.ok("unknown line" not in text, "neither is taken for an unknown line")
    peer.stop()

    # 3. SHUTDOWN, and the server closes without answering.
    peer = Peer(answer=lambda line: None if line == b"SHUTDOWN" else b"+OK\r\n")
    status, output = vpop3ctl(path, peer.port, "shutdown", "--yes")
    tap.ok(status == 0 and "probably shutting down" in output,
           f"shutdown answered by a close: probably shutting down, exit 0 (exit {status})")
    peer.stop()

    # 4. A session id with a space is ended as listed.
    peer = Peer(answer=lambda line: b"+OK Session ended\r\n")
    status, output = vpop3ctl(path, peer.port, "end-session", "a b")
    tap.ok(status == 0 and b"ENDSESSION a b" in peer.received,
           f"end-session “a b” sends ENDSESSION a b (exit {status})")
    peer.stop()

    # 5. A user with a space cannot be sent a message: said before connecting.
    status, output = vpop3ctl(path, 9, "send-message", "John Smith", "hello")
    ok_or_show(tap, status == 2 and "space" in output,
               f"send-message to “John Smith” is a usage error (exit {status})", output)

    # 6. Numbers are decimal; -1 is no port.
    for args, expected in ((["--port", "-1"], "--port"), (["--port", "0x1"], "--port"),
                           (["--timeout", "1e3"], "--timeout"), (["--settle", " 5"], "--settle")):
        env = dict(os.environ, VPOP3_PASSWORD="admin")
        result = subprocess.run([path, "--user", "postmaster", *args, "status"],
                                capture_output=True, env=env, timeout=HANG_GUARD_S)
        text = (result.stdout + result.stderr).decode()
        ok_or_show(tap, result.returncode == 2 and expected in text,
                   f"{' '.join(args)} is a usage error (exit {result.returncode})", text)
    result = subprocess.run([path, "--user", "postmaster", "--warn-queue", "-1", "check"],
                            capture_output=True, env=dict(os.environ, VPOP3_PASSWORD="admin"),
                            timeout=HANG_GUARD_S)
    ok_or_show(tap, result.returncode == 3,
               f"check --warn-queue -1: UNKNOWN (exit {result.returncode})",
               (result.stdout + result.stderr).decode("utf-8", "replace"))

    # 7. A password file whose name has a colon is a file.
    with tempfile.TemporaryDirectory() as scratch:
        with open(os.path.join(scratch, "mail:5109.pw"), "w") as f:
            f.write("admin\n")
        peer = Peer()
        env = dict(os.environ)
        env.pop("VPOP3_PASSWORD", None)
        result = subprocess.run(
            [path, "--host", "127.0.0.1", "--port", str(peer.port), "--user", "postmaster",
             "--password-file", "mail:5109.pw", "status"],
            capture_output=True, env=env, cwd=scratch, timeout=HANG_GUARD_S)
        tap.ok(result.returncode == 0,
               f"--password-file mail:5109.pw is read as a path (exit {result.returncode})")
        peer.stop()

    # 8. A non-ASCII user name under LC_ALL=C reaches the server as UTF-8.
    peer = Peer()
    status, output = vpop3ctl(path, peer.port, "status", env_extra={"LC_ALL": "C"},
                              user="jürgen")
    tap.ok(status == 0 and any(line.startswith("ALOGIN jürgen ".encode())
                               for line in peer.received),
           f"-u jürgen under LC_ALL=C logs in as jürgen (exit {status})")
    peer.stop()

    # 9. One rule for +OK: "+OKAY" is not a greeting.
    peer = Peer(greeting=b"+OKAY <3.d28.51abf1c9>\r\n")
    status, output = vpop3ctl(path, peer.port, "status")
    tap.ok(status == 4 and "not a VPOP3 status service" in output,
           f"a “+OKAY” greeting is not VPOP3 (exit {status})")
    peer.stop()

    return tap.finish()


if __name__ == "__main__":
    sys.exit(main())
