#!/usr/bin/python3
"""One run of the real applet under valgrind memcheck, for scripts/valgrind:
the simulator, the password in gnome-keyring on a private bus, the applet
connects, opens its status window, and exits through its quit action.

Usage (under Xvfb): VPOP3_MEMCHECK="valgrind …" valgrind-applet.py BUILDDIR
Exits non-zero when the applet did not get through, or when memcheck found
something (its --error-exitcode)."""

import os
import shlex
import subprocess
import sys

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(root, "tests", "tray"))
from trayharness import APP_ID, Session, Simulator, wait_for, window_exists  # noqa: E402

SLOW_S = 240  # everything is some 20-50 times slower under memcheck


def main():
    builddir = sys.argv[1]
    memcheck = shlex.split(os.environ["VPOP3_MEMCHECK"])
    session = Session(os.path.join(builddir, "data"), os.path.join(root, "data", "icons"),
                      prefix="vpop3-valgrind-")
    env = session.env
    simulator = Simulator(os.path.join(builddir, "tools", "vpop3-simulator"), env)
    applet = None
    failures = []
    try:
        if not session.keyring_ready() or session.store_password(simulator.port).returncode:
            failures.append("no keyring")
            return 1
        applet = subprocess.Popen(
            [*memcheck, os.path.join(builddir, "src", "app", "vpop3-monitor"),
             "--host", "127.0.0.1", "--port", str(simulator.port), "--user", "postmaster"],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        item = session.wait_item() if wait_for(lambda: session.watcher.items, SLOW_S) else None
        if item is None:
            failures.append("the applet registered no tray item")
            return 1
        # "VPOP3 host: Idle", maybe followed by " · 3 waiting" and the like.
        title = wait_for(lambda: ": Idle" in (item.prop("Title") or "") and
                         item.prop("Title"), SLOW_S)
        print(f"applet connected: {title!r}" if title else "applet did not connect", flush=True)
        if not title:
            failures.append("not connected")
        subprocess.run(["gapplication", "action", APP_ID, "status"], env=env, timeout=SLOW_S)
        shown = wait_for(lambda: window_exists("VPOP3 Status", env), SLOW_S)
        print("status window shown" if shown else "status window not shown", flush=True)
        if not shown:
            failures.append("no status window")
        subprocess.run(["gapplication", "action", APP_ID, "quit"], env=env, timeout=SLOW_S)
        try:
            applet.wait(SLOW_S)
        except subprocess.TimeoutExpired:
            failures.append("the applet did not exit")
            applet.kill()
            applet.wait()
        output = applet.stdout.read()
        if output.strip():
            print(output, flush=True)
        print(f"applet exit status {applet.returncode}", flush=True)
        if applet.returncode != 0:
            failures.append(f"exit status {applet.returncode}")
    finally:
        if applet is not None and applet.poll() is None:
            applet.kill()
            applet.wait()
        simulator.stop()
        session.close()
        for failure in failures:
            print(f"FAILED: {failure}", flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
