#!/usr/bin/python3
"""Launch to a registered icon, the applet beside the floor
(bench/vpop3-floor: GTK 3 + one AppIndicator + a small menu).

One private session bus with a fake StatusNotifierWatcher and an unlocked
gnome-keyring holding the applet's password (tests/tray/trayharness.py), and
the simulator. Then RUNS times (default 20) each, alternating, after one
untimed warm-up launch of each: t0 = CLOCK_MONOTONIC just before
fork/exec (subprocess.Popen); "registered" = the RegisterStatusNotifierItem
call dispatched in the fake watcher; "icon readable" = the first successful
read of the item's IconName property after that. For the applet also
"connected icon" = IconName no longer the disconnected postbox, i.e. keyring
lookup, TCP connect, login and the first state burst done. Each program is
then stopped (SIGTERM) before the next launch.

Usage: launch-time.py BUILDDIR [RUNS]   (needs a display; under xvfb-run)
The last two lines are stable for scripts:
  launch-floor: registered median X ms max X ms; icon median X ms max X ms
  launch-applet: registered median X ms max X ms; icon median X ms max X ms; connected median X ms max X ms
"""

import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "tray"))
from trayharness import APP_ID, Item, Session, Simulator, spin  # noqa: E402

from gi.repository import GLib  # noqa: E402

TIMEOUT_S = 15


def ms(seconds):
    return f"{seconds * 1000:.0f} ms"


def wait(condition):
    """Runs the main loop until condition() holds; returns the time it first did."""
    context = GLib.MainContext.default()
    deadline = time.monotonic() + TIMEOUT_S
    timer = GLib.timeout_add(50, lambda: True)  # wakes the loop to re-check
    try:
        while time.monotonic() < deadline:
            if condition():
                return time.monotonic()
            context.iteration(True)
    finally:
        GLib.source_remove(timer)
    sys.exit("launch-time: timed out")


def launch(session, argv, connected_icon=None):
    watcher = session.watcher
    index = len(watcher.items)
    t0 = time.monotonic()
    process = subprocess.Popen(argv, env=session.env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        # Method calls are dispatched one per iteration: polling between them
        # costs nothing, and registered_at holds the dispatch time itself.
        wait(lambda: len(watcher.items) > index)
        registered = watcher.registered_at[index] - t0
        item = Item(session.bus, *watcher.items[index])
        icon = wait(lambda: item.prop("IconName")) - t0
        connected = None
        if connected_icon is not None:
            connected = wait(lambda: item.prop("IconName") not in (None, connected_icon)) - t0
        return registered, icon, connected
    finally:
        process.terminate()
        process.wait(5)
        # Its bus names must be gone before the next launch (a unique application).
        spin(0.2)


def summary(values):
    return f"median {ms(statistics.median(values))} max {ms(max(values))}"


def main():
    builddir = os.path.abspath(sys.argv[1])
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    monitor = os.path.join(builddir, "src/app/vpop3-monitor")
    floor = os.path.join(builddir, "bench/vpop3-floor")

    session = Session(os.path.join(builddir, "data"), os.path.join(ROOT, "data/icons"),
                      prefix="vpop3-launch-")
    simulator = None
    try:
        if not session.keyring_ready():
            sys.exit("launch-time: gnome-keyring did not start")
        simulator = Simulator(os.path.join(builddir, "tools/vpop3-simulator"), session.env)
        if session.store_password(simulator.port).returncode != 0:
            sys.exit("launch-time: could not store the password")
        applet_argv = [monitor, "--host", "127.0.0.1", "--port", str(simulator.port),
                       "--user", "postmaster"]
        disconnected = f"{APP_ID}-disconnected"
        results = {"floor": [], "applet": []}
        for run in range(runs + 1):
            floor_result = launch(session, [floor])
            applet_result = launch(session, applet_argv, disconnected)
            if run > 0:  # the first is a warm-up: page cache, icon cache, keyring
                results["floor"].append(floor_result)
                results["applet"].append(applet_result)

        lines = []
        for who in ("floor", "applet"):
            registered = [r[0] for r in results[who]]
            icon = [r[1] for r in results[who]]
            line = f"launch-{who}: registered {summary(registered)}; icon {summary(icon)}"
            if who == "applet":
                line += f"; connected {summary([r[2] for r in results[who]])}"
            print(f"{who}, registered after: " + ", ".join(ms(v) for v in registered))
            lines.append(line)
        print("\n".join(lines))
    finally:
        if simulator is not None:
            simulator.stop()
        session.close()


if __name__ == "__main__":
    if not os.environ.get("DISPLAY"):
        os.execvp("xvfb-run", ["xvfb-run", "-a", "-s", "-screen 0 1280x800x24 -nolisten tcp",
                               "/usr/bin/python3", *sys.argv])
    main()
