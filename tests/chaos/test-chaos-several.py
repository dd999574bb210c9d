#!/usr/bin/python3
"""The real applet with three servers (--server), each dropping, restarting
and refusing on its own, cycle after cycle: each refusal still costs exactly
one login on that server and is never retried; a drop or restart costs one;
no server's trouble changes another's (its logins and its state in the
menu stay as they were); the one postbox shows the cross while any is down
and comes back when all are. Prints TAP.

The reconnect delays are shortened: MONITOR is vpop3-monitor-test
(tests/common), the real application given its back-off at construction.

Usage: test-chaos-several.py MONITOR SIMULATOR SCHEMA_DIR ICON_DIR
Environment: VPOP3_CHAOS_SEED, VPOP3_CHAOS_CYCLES (default 12).
"""

import os
import random
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tray"))
from trayharness import (  # noqa: E402
    APP_ID, CALL_TIMEOUT_MS, Session, Simulator, Tap, is_sanitized, spin, vpop3_logins, wait_for,
)

from gi.repository import Gio, GLib  # noqa: E402

SERVERS = 3
BACKOFF_INITIAL_MS = 50
BACKOFF_MAX_MS = 400
WAIT_S = 30
EVENTS = ("drop", "restart", "refuse")


def submenu_labels(item):
    """{server name: its submenu's label} from the menu's layout."""
    reply = item.bus.call_sync(
        item.name, item.prop("Menu"), "com.canonical.dbusmenu", "GetLayout",
        GLib.Variant("(iias)", (0, 1, [])), None, Gio.DBusCallFlags.NONE, CALL_TIMEOUT_MS, None,
    )
    _, root = reply.unpack()
    return [props.get("label", "") for _, props, children in root[2]
            if props.get("children-display") == "submenu"]


def main():
    monitor, simulator_path, schema_dir, icon_dir = sys.argv[1:5]
    seed = int(os.environ.get("VPOP3_CHAOS_SEED") or random.randrange(2**32))
    cycles = int(os.environ.get("VPOP3_CHAOS_CYCLES") or 12)
    rng = random.Random(seed)
    print(f"# seed {seed} (replay with VPOP3_CHAOS_SEED={seed})", flush=True)
    tap = Tap()
    slowdown = 3 if is_sanitized(monitor) else 1
    failures = []
    with Session(schema_dir, icon_dir, prefix="vpop3-chaos-several-") as session:
        env = session.env
        tap.ok(session.keyring_ready(), "gnome-keyring serves the private bus")
        simulators = [Simulator(simulator_path, env) for _ in range(SERVERS)]
        ports = [s.port for s in simulators]
        names = [f"127.0.0.1:{port}" for port in ports]
        applet = None
        try:
            for simulator in simulators:
                simulator.control("out-queue 0 0")
                simulator.control("inboxes 0 0")
                session.store_password(simulator.port)
            applet = subprocess.Popen(
                [monitor, f"--backoff={BACKOFF_INITIAL_MS}:{BACKOFF_MAX_MS}",
                 *[a for name in names for a in ("--server", f"postmaster@{name}")]],
                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
            item = session.wait_item()
            if not tap.ok(item is not None, "the applet registers its StatusNotifierItem"):
                return tap.finish()

            def icon_is(state):
                return wait_for(lambda: item.prop("IconName") == f"{APP_ID}-{state}",
                                WAIT_S * slowdown)

            def state_of(index):
                label = next((l for l in submenu_labels(item) if l.startswith(f"VPOP3 {names[index]}:")), "")
                return label.split(": ", 1)[-1]

            def connected(index):
                return wait_for(lambda: state_of(index) == "Idle", WAIT_S * slowdown)

            tap.ok(icon_is("idle") and all(connected(i) for i in range(SERVERS)),
                   "all three connected: idle")

            for cycle in range(1, cycles + 1):
                index = rng.randrange(SERVERS)
                kind = rng.choice(EVENTS)
                what = f"cycle {cycle}: {kind} on {names[index]}"
                others = [i for i in range(SERVERS) if i != index]
                before = {i: vpop3_logins(simulators[i]) for i in others}
                logins = vpop3_logins(simulators[index])
                simulator = simulators[index]
                if kind == "drop":
                    simulator.control("drop")
                    spent_expected = 1
                elif kind == "restart":
                    simulator.stop()
                    if not icon_is("disconnected"):
                        failures.append(f"{what}: no cross while it is down")
                    spin(rng.uniform(0, 0.3))
                    simulator = simulators[index] = Simulator(
                        simulator_path, env, extra=("--port", str(ports[index])))
                    simulator.control("out-queue 0 0")
                    simulator.control("inboxes 0 0")
                    logins = 0
                    spent_expected = 1
                else:
                    simulator.control("misbehave refuse-all")
                    simulator.control("drop")
                    if not wait_for(lambda: vpop3_logins(simulator) > logins, WAIT_S * slowdown):
                        failures.append(f"{what}: no login attempt")
                    if not icon_is("disconnected"):
                        failures.append(f"{what}: a refused login not shown as the cross")
                    # Any retry would come within a few of the longest delays.
                    spin(BACKOFF_MAX_MS * 3 / 1000 * slowdown)
                    refused = vpop3_logins(simulator) - logins
                    if refused != 1:
                        failures.append(f"{what}: {refused} login attempts for one refusal")
                    if "login refused" not in state_of(index):
                        failures.append(f"{what}: its submenu says “{state_of(index)}”")
                    simulator.control("misbehave none")
                    logins = vpop3_logins(simulator)
                    # As a user would: Connect in that server's submenu, by its id here.
                    action = subprocess.run(
                        ["gapplication", "action", APP_ID, "connect-of", f"'run{index + 1}'"],
                        env=env, capture_output=True, text=True)
                    if action.returncode != 0:
                        failures.append(f"{what}: connect-of: {action.stderr.strip()}")
                    spent_expected = 1

                if not connected(index):
                    failures.append(f"{what}: not connected again ({state_of(index)})")
                spent = vpop3_logins(simulator) - logins
                if spent != spent_expected:
                    failures.append(f"{what}: {spent} logins to recover, expected {spent_expected}")
                for i in others:
                    if vpop3_logins(simulators[i]) != before[i]:
                        failures.append(f"{what}: {names[i]} logged in again")
                    if state_of(i) != "Idle":
                        failures.append(f"{what}: {names[i]} shows “{state_of(i)}”")
                if not icon_is("idle"):
                    failures.append(f"{what}: icon {item.prop('IconName')} after recovery")
                if applet.poll() is not None:
                    failures.append(f"{what}: the applet exited ({applet.returncode})")
                if failures:
                    break

            for failure in failures:
                print(f"# {failure}", flush=True)
            tap.ok(not failures, f"{cycles} cycles: each server's trouble its own, one login per "
                                 "refusal, recovery shown")
            tap.ok(applet.poll() is None, "the applet is still running")
        finally:
            if applet is not None and applet.poll() is None:
                applet.terminate()
                applet.wait()
            for simulator in simulators:
                simulator.stop()
    return tap.finish()


if __name__ == "__main__":
    sys.exit(main())
