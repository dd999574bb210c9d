#!/usr/bin/python3
"""vpop3ctl --password-file - on a terminal: it prompts, the password typed
is not echoed, and the terminal gets its echo back afterwards, also when the
user gives up with Ctrl-C at the prompt.

The terminal is a pseudo-terminal the test owns; its settings are read from
the master side. Prints TAP. Usage: test-terminal-prompt.py VPOP3CTL VPOP3-SIMULATOR
"""

import os
import pty
import select
import signal
import subprocess
import sys
import termios
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "tray"))
from trayharness import Tap, is_sanitized  # noqa: E402

PASSWORD = "typed-at-the-terminal-77"
HANG_GUARD_S = 60


def read_until(fd, wanted, deadline):
    """What the terminal showed until @wanted appeared (or the deadline, or the end)."""
    shown = b""
    while wanted not in shown and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # the slave side closed
            break
        if not chunk:
            break
        shown += chunk
    return shown


def echo_is_on(fd):
    return bool(termios.tcgetattr(fd)[3] & termios.ECHO)


def start(vpop3ctl, port):
    master, slave = pty.openpty()
    env = dict(os.environ, LC_ALL="C.UTF-8")
    env.pop("VPOP3_PASSWORD", None)
    process = subprocess.Popen(
        [vpop3ctl, "--host", "127.0.0.1", "--port", str(port), "--user", "postmaster",
         "--password-file", "-", "status"],
        stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True)
    os.close(slave)
    return master, process


def main():
    vpop3ctl, simulator_path = sys.argv[1:3]
    guard = HANG_GUARD_S * (4 if is_sanitized(vpop3ctl) else 1)
    tap = Tap()
    simulator = subprocess.Popen(
        [simulator_path, "--port", "0", "--user", f"postmaster:{PASSWORD}"],
        stdout=subprocess.PIPE, text=True)
    try:
        port = int(simulator.stdout.readline().strip().rsplit(":", 1)[1])

        # Typed and logged in with.
        master, process = start(vpop3ctl, port)
        deadline = time.monotonic() + guard
        shown = read_until(master, b"Password: ", deadline)
        tap.ok(b"Password: " in shown, "a prompt on the terminal")
        tap.ok(not echo_is_on(master), "echo is off while the password is typed")
        os.write(master, PASSWORD.encode() + b"\n")
        shown += read_until(master, b"Connection:", deadline)
        process.wait(timeout=guard)
        shown += read_until(master, b"\0", time.monotonic() + 1)
        tap.ok(process.returncode == 0 and b"Connection:   Idle" in shown,
               f"the typed password logs in (exit {process.returncode})")
        tap.ok(PASSWORD.encode() not in shown, "the password never shows on the terminal")
        tap.ok(echo_is_on(master), "echo is back after the prompt")
        os.close(master)

        # Given up with Ctrl-C at the prompt.
        master, process = start(vpop3ctl, port)
        deadline = time.monotonic() + guard
        shown = read_until(master, b"Password: ", deadline)
        tap.ok(b"Password: " in shown and not echo_is_on(master), "prompting again, echo off")
        os.write(master, b"half")
        process.send_signal(signal.SIGINT)
        process.wait(timeout=guard)
        tap.ok(process.returncode == -signal.SIGINT,
               f"Ctrl-C ends vpop3ctl as a signal does (status {process.returncode})")
        tap.ok(echo_is_on(master), "echo is back after Ctrl-C at the prompt")
        os.close(master)
    finally:
        simulator.kill()
        simulator.wait()
    return tap.finish()


if __name__ == "__main__":
    sys.exit(main())
