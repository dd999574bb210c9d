#!/usr/bin/python3
"""After a login, nothing built from the password is left in the memory of
the process that logged in: not the clear-text LOGIN line, not the
secret ‖ challenge string or its UTF-16 form hashed for ALOGIN.

The client keeps the password itself for reconnecting (by design, wiped when
replaced); what must not stay behind are the copies made to log in, which
would otherwise linger in freed heap chunks. vpop3ctl watch logs in against
the simulator; once it has, every writable mapping of the process is read
through /proc/PID/mem (the test is its parent, which ptrace rules allow) and
searched. test-wiped.c catches a block freed unwiped at the moment it is
freed; this scan is the end-to-end view, which can miss a block that malloc
has already handed out again.

Prints TAP. Usage: test-login-memory.py VPOP3CTL VPOP3-SIMULATOR
"""

import os
import re
import select
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "tray"))
from trayharness import Tap, is_sanitized  # noqa: E402

# Longer than g_convert()'s first guess at a buffer size, so that a growing
# buffer would have left a copy behind.
PASSWORD = "Zq7-unique-Secret-42-for-the-memory-scan"
USER = "postmaster"
HANG_GUARD_S = 60
MAX_MAPPING = 1 << 32


def writable_mappings(pid):
    with open(f"/proc/{pid}/maps") as maps:
        for line in maps:
            fields = line.split()
            start, end = (int(x, 16) for x in fields[0].split("-"))
            path = fields[5] if len(fields) > 5 else ""
            # Only memory the process wrote: heap, stacks and anonymous
            # mappings (malloc's arenas, ASan's allocator and quarantine).
            # ASan's shadow is a mapping of terabytes, reserved and mostly
            # untouched, that only mirrors the others: left out.
            if ("rw" in fields[1] and not path.startswith("/") and path != "[vvar]"
                    and end - start <= MAX_MAPPING):
                yield start, end


def find_in_memory(pid, patterns):
    """The names of the patterns found anywhere in the process's writable memory."""
    found = set()
    with open(f"/proc/{pid}/mem", "rb", buffering=0) as mem:
        for start, end in writable_mappings(pid):
            # Read in pieces: ASan's shadow mappings are huge and mostly unmapped.
            for offset in range(start, end, 1 << 20):
                try:
                    mem.seek(offset)
                    chunk = mem.read(min(1 << 20, end - offset))
                except OSError:
                    continue
                for name, pattern in patterns.items():
                    if pattern in chunk:
                        found.add(name)
    return found


def wait_for_output(process, wanted, deadline):
    """Reads the process's output until @wanted matches it; False at the deadline."""
    output = b""
    fd = process.stdout.fileno()
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            chunk = os.read(fd, 65536)
            if not chunk:
                return False
            output += chunk
            if re.search(wanted, output):
                return True
    return False


def run(tap, vpop3ctl, simulator_path, method):
    guard = HANG_GUARD_S * (4 if is_sanitized(vpop3ctl) else 1)
    simulator = subprocess.Popen(
        [simulator_path, "--port", "0", "--user", f"{USER}:{PASSWORD}"],
        stdout=subprocess.PIPE, text=True)
    try:
        port = int(simulator.stdout.readline().strip().rsplit(":", 1)[1])
        env = dict(os.environ, LC_ALL="C.UTF-8")
        env.pop("VPOP3_PASSWORD", None)
        watch = subprocess.Popen(
            [vpop3ctl, "--host", "127.0.0.1", "--port", str(port), "--user", USER,
             "--auth", method, "--password-file", "-", "watch"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
        try:
            watch.stdin.write(PASSWORD.encode() + b"\n")
            watch.stdin.close()
            deadline = time.monotonic() + guard
            # The login reply, then a line of the burst after it: by then
            # the login line has been written and its buffers freed.
            logged_in = wait_for_output(watch, rb"logged in[^\n]*\n[^\n]*\n", deadline)
            if not tap.ok(logged_in, f"{method}: vpop3ctl watch logged in"):
                return
            # malloc reuses the first 16 bytes of a freed chunk for its own
            # lists, so each pattern is a part that outlives that; none can
            # match the client's own copy of the password (a string alone).
            patterns = {
                "the LOGIN line": f"{USER[-4:]} {PASSWORD}".encode(),
                "the LOGIN line sent": f"{PASSWORD}\r\n".encode(),
                "secret ‖ challenge": f"{PASSWORD[16:]}<".encode(),
                "the UTF-16 password": PASSWORD[8:].encode("utf-16-le"),
            }
            found = find_in_memory(watch.pid, patterns)
            if found:
                # Freed memory does not clear itself: a second look after the
                # main loop has certainly finished the write tells a copy
                # still on its way out from one left behind.
                time.sleep(1)
                found = find_in_memory(watch.pid, patterns)
            for name in patterns:
                tap.ok(name not in found, f"{method}: {name} is nowhere in the process's memory")
            # The scan can see what it looks for: the client's own copy of
            # the password, kept for reconnecting, is found.
            tap.ok(find_in_memory(watch.pid, {"pw": PASSWORD.encode()}) == {"pw"},
                   f"{method}: the scan finds the password the client keeps")
        finally:
            watch.kill()
            watch.wait()
    finally:
        simulator.kill()
        simulator.wait()


def main():
    vpop3ctl, simulator_path = sys.argv[1:3]
    tap = Tap()
    for method in ("login", "alogin"):
        run(tap, vpop3ctl, simulator_path, method)
    return tap.finish()


if __name__ == "__main__":
    sys.exit(main())
