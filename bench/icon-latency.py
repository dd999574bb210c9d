#!/usr/bin/python3
"""Icon-change latency: from the simulator being told that the out queue
changed to the applet's new icon name arriving on D-Bus.

A private session bus with a fake StatusNotifierWatcher and gnome-keyring
(tests/tray/trayharness.py), the simulator with --control, the real applet.
Then CHANGES times (default 1000) the out queue goes 0 <-> 3, which turns the
icon idle <-> letter; each change waits for the previous icon, so none
coalesce.

For each change, t0 is CLOCK_MONOTONIC right before the control line is
written to the simulator's stdin with one write() (taken after it, t0 can be
late: the woken simulator may run first on a 2-core machine, and then the
whole chain can finish before this process runs again; the write itself
takes microseconds, its median is printed). The simulator's "ok", read
afterwards, only says the update was queued for the peer. t1 is when the applet's NewIcon
signal is dispatched here; the IconName property is then read (untimed) and
must be the expected name. So t1 - t0 spans: the simulator reading its
control line and writing the update to TCP, the applet reading and parsing
it, updating its status and calling app_indicator_set_icon_full(),
libayatana emitting NewIcon, dbus-daemon routing it, and this process's
GDBus thread handing it to the main loop. For scale, the round trip of an
org.freedesktop.DBus.Peer.Ping to the applet (two bus hops there, two back)
is timed too: a signal takes two of those hops.

Usage: icon-latency.py BUILDDIR [CHANGES]   (needs a display; under xvfb-run)
The last line is stable for scripts:
  icon-latency: N changes; p50 X ms; p90 X ms; p99 X ms; max X ms; ping p50 X ms
"""

import math
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "tray"))
from trayharness import APP_ID, Session, Simulator, wait_for  # noqa: E402

from gi.repository import Gio, GLib  # noqa: E402

TIMEOUT_S = 5


def percentile(sorted_values, fraction):
    """Nearest-rank percentile of an already sorted list."""
    rank = math.ceil(fraction * len(sorted_values))
    return sorted_values[max(0, min(len(sorted_values), rank) - 1)]


def ms(seconds):
    return f"{seconds * 1000:.2f} ms"


def main():
    builddir = os.path.abspath(sys.argv[1])
    changes = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    monitor = os.path.join(builddir, "src/app/vpop3-monitor")
    simulator_path = os.path.join(builddir, "tools/vpop3-simulator")

    session = Session(os.path.join(builddir, "data"), os.path.join(ROOT, "data/icons"),
                      prefix="vpop3-latency-")
    simulator = applet = None
    try:
        if not session.keyring_ready():
            sys.exit("icon-latency: gnome-keyring did not start")
        simulator = Simulator(simulator_path, session.env)
        for line in ("out-queue 0 0", "inboxes 0 0"):
            if simulator.control(line) != "ok":
                sys.exit(f"icon-latency: the simulator refused {line}")
        if session.store_password(simulator.port).returncode != 0:
            sys.exit("icon-latency: could not store the password")
        applet = session.start_applet(monitor, simulator.port, stdout=subprocess.DEVNULL)
        item = session.wait_item()
        if item is None:
            sys.exit("icon-latency: the applet did not register")
        idle, letter = f"{APP_ID}-idle", f"{APP_ID}-letter"
        if not wait_for(lambda: item.prop("IconName") == idle):
            sys.exit(f"icon-latency: the applet did not reach {idle}")

        arrivals = []

        target = None
        signals = [0]

        # libayatana may send more than one NewIcon for a change (and one may
        # arrive late): the change has arrived with the first NewIcon after
        # which IconName is the new name.
        def on_new_icon(*_args):
            now = time.monotonic()
            signals[0] += 1
            if not arrivals and item.prop("IconName") == target:
                arrivals.append(now)

        session.bus.signal_subscribe(item.name, "org.kde.StatusNotifierItem", "NewIcon",
                                     item.path, None, Gio.DBusSignalFlags.NONE, on_new_icon)
        context = GLib.MainContext.default()
        latencies = []
        simulator.process.stdin.flush()
        stdin_fd = simulator.process.stdin.fileno()
        writes = []
        for i in range(changes):
            target = letter if i % 2 == 0 else idle
            arrivals.clear()
            command = b"out-queue 3 0\n" if target == letter else b"out-queue 0 0\n"
            # Taken just before the write(): one taken after it can be late,
            # as the woken simulator may run first on a 2-core machine.
            t0 = time.monotonic()
            os.write(stdin_fd, command)
            writes.append(time.monotonic() - t0)
            deadline = t0 + TIMEOUT_S
            # A timeout wakes the loop should the signal never come.
            timer = GLib.timeout_add(TIMEOUT_S * 1000, lambda: False)
            # Blocks in poll() until the signal is dispatched: no sleeping in between.
            while not arrivals and time.monotonic() < deadline:
                context.iteration(True)
            if not arrivals:
                timer = 0  # it fired and removed itself
            if timer:
                GLib.source_remove(timer)
            if simulator.process.stdout.readline().strip() != "ok":
                sys.exit("icon-latency: the simulator did not answer ok")
            if not arrivals:
                sys.exit(f"icon-latency: no NewIcon to {target} within {TIMEOUT_S} s (change {i})")
            latencies.append(arrivals[0] - t0)

        pings = []
        for _ in range(200):
            t0 = time.monotonic()
            session.bus.call_sync(item.name, "/", "org.freedesktop.DBus.Peer", "Ping", None, None,
                                  Gio.DBusCallFlags.NONE, 2000, None)
            pings.append(time.monotonic() - t0)

        latencies.sort()
        pings.sort()
        p50, p90, p99 = (percentile(latencies, f) for f in (0.50, 0.90, 0.99))
        print(f"{changes} icon changes (idle <-> letter), simulator control line written -> "
              f"NewIcon dispatched here:")
        print(f"  min {ms(latencies[0])}, mean {ms(statistics.fmean(latencies))}; "
              f"{signals[0]} NewIcon signals in all")
        writes.sort()
        print(f"  the write() itself: p50 {ms(percentile(writes, 0.5))}")
        print(f"  D-Bus Peer.Ping round trip to the applet: p50 {ms(percentile(pings, 0.5))}, "
              f"p99 {ms(percentile(pings, 0.99))}")
        print(f"icon-latency: {changes} changes; p50 {ms(p50)}; p90 {ms(p90)}; p99 {ms(p99)}; "
              f"max {ms(latencies[-1])}; ping p50 {ms(percentile(pings, 0.5))}")
    finally:
        if applet is not None:
            applet.terminate()
            applet.wait(5)
        if simulator is not None:
            simulator.stop()
        session.close()


if __name__ == "__main__":
    if not os.environ.get("DISPLAY"):
        os.execvp("xvfb-run", ["xvfb-run", "-a", "-s", "-screen 0 1280x800x24 -nolisten tcp",
                               "/usr/bin/python3", *sys.argv])
    main()
