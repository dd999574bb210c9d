#!/usr/bin/python3
"""What each monitored server costs the applet: resident and private memory
(private: what no other process shares) and idle wake-ups with 1, 2 and 10 servers connected (one simulator each, quiet
scenario), read from /proc. Prints one line of figures per count and a
markdown table; asserts nothing (docs/performance.md, "Several servers").

Usage: several-servers.py MONITOR SIMULATOR SCHEMA_DIR ICON_DIR [SECONDS]
Run it in a session with an X display (bench/run-all.sh starts one).
"""

import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "tray"))
from trayharness import APP_ID, Session, Simulator, spin, wait_for  # noqa: E402

COUNTS = (1, 2, 10)
SETTLE_S = 5


def memory_kib(pid):
    values = {}
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "Threads"):
                values[key] = int(rest.split()[0])
    with open(f"/proc/{pid}/smaps_rollup") as rollup:
        for line in rollup:
            if line.startswith(("Private_Clean:", "Private_Dirty:")):
                values["Private"] = values.get("Private", 0) + int(line.split()[1])
    return values


def context_switches(pid):
    """{thread id: voluntary + involuntary switches}: each is a wake-up."""
    counts = {}
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/status") as status:
                counts[task] = sum(int(line.split()[1]) for line in status if line.startswith(
                    ("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")))
        except FileNotFoundError:
            pass  # a thread that ended meanwhile
    return counts


def switches_since(before, after):
    """Wake-ups between two readings; a thread that came meanwhile counts whole,
    one that ended is lost (GLib's short-lived workers: a few at most)."""
    return sum(count - before.get(task, 0) for task, count in after.items())


def measure(count, monitor, simulator_path, schema_dir, icon_dir, seconds):
    with Session(schema_dir, icon_dir, prefix="vpop3-bench-servers-") as session:
        if not session.keyring_ready():
            raise RuntimeError("no keyring")
        simulators = [Simulator(simulator_path, session.env) for _ in range(count)]
        applet = None
        try:
            args = []
            for simulator in simulators:
                simulator.control("out-queue 0 0")
                simulator.control("inboxes 0 0")
                session.store_password(simulator.port)
                args += ["--server", f"postmaster@127.0.0.1:{simulator.port}"]
            applet = subprocess.Popen([monitor, *args], env=session.env,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            item = session.wait_item()
            if item is None or not wait_for(
                    lambda: item.prop("IconName") == f"{APP_ID}-idle", 120):
                raise RuntimeError(f"{count} servers: never all connected")
            spin(SETTLE_S)
            before = context_switches(applet.pid)
            start = time.monotonic()
            # Only the session's own traffic runs meanwhile: the simulators are
            # quiet, the fake watcher idle.
            spin(seconds)
            elapsed = time.monotonic() - start
            wakeups = switches_since(before, context_switches(applet.pid)) * 60 / elapsed
            figures = memory_kib(applet.pid)
            figures["wakeups_per_min"] = round(wakeups, 1)
            return figures
        finally:
            if applet is not None:
                applet.terminate()
                applet.wait()
            for simulator in simulators:
                simulator.stop()


def main():
    monitor, simulator_path, schema_dir, icon_dir = sys.argv[1:5]
    seconds = float(sys.argv[5]) if len(sys.argv) > 5 else 30
    rows = {}
    for count in COUNTS:
        rows[count] = measure(count, monitor, simulator_path, schema_dir, icon_dir, seconds)
        r = rows[count]
        print(f"servers={count}: rss={r['VmRSS']} private={r['Private']} threads={r['Threads']} "
              f"wakeups_per_min={r['wakeups_per_min']}", flush=True)
    base = rows[COUNTS[0]]
    print()
    # VmRSS for the cost per server: private memory moves by a MiB either way
    # between runs (fonts, pages given back), VmRSS much less.
    print("| servers | VmRSS | private | per extra server (VmRSS) | threads | wake-ups/min |")
    print("|---|---|---|---|---|---|")
    for count in COUNTS:
        r = rows[count]
        extra = "" if count == COUNTS[0] else \
            f"{(r['VmRSS'] - base['VmRSS']) / (count - COUNTS[0]):.0f} KiB"
        print(f"| {count} | {r['VmRSS'] / 1024:.1f} MiB | {r['Private'] / 1024:.1f} MiB | {extra} "
              f"| {r['Threads']} | {r['wakeups_per_min']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
