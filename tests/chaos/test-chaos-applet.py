#!/usr/bin/python3
"""The real applet against a misbehaving simulator, cycle after cycle: dropped
sessions, connections cut in the greeting, the login or the burst, restarts,
garbage, an endless line, refused logins. After every recovery the tray icon
(read over D-Bus from a fake StatusNotifierWatcher) must show the server's
state; the process must stay alive, its resident memory flat, a refused login
must cost exactly one attempt, and no reconnect may come before its back-off
(how late one comes is the machine's load: a figure, not a check). Prints TAP,
and the figures as comments.

The applet's reconnect delays are shortened: MONITOR is vpop3-monitor-test
(tests/common), the real application given its back-off at construction.

Usage: test-chaos-applet.py MONITOR SIMULATOR SCHEMA_DIR ICON_DIR
Environment: VPOP3_CHAOS_SEED, VPOP3_CHAOS_CYCLES (default 50),
VPOP3_CHAOS_SECONDS (run for that long instead: the soak), VPOP3_CHAOS_RSS_EVERY
(default 10).
"""

import os
import random
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tray"))
from trayharness import (  # noqa: E402
    APP_ID, Session, Simulator, Tap, is_sanitized, resident_kib, simulator_stats, spin,
    vpop3_logins, wait_for,
)

BACKOFF_INITIAL_MS = 50
BACKOFF_MAX_MS = 400
# How late after its back-off a reconnect may come: a safety net against one
# that ignores its delay, not a timing (three times longer under ASan, as the
# suite's --timeout-multiplier 3). Lateness is reported as over_max_ms.
LATE_SAFETY_MS = 5000
# Hang guard for every wait (also scaled under ASan).
WAIT_S = 15
# Resident growth allowed between the warm-up and the end. GTK, fontconfig
# and the icon theme settle during the first cycles; after them a leak of a
# connection, a menu rebuild or an icon per cycle passes this within the
# soak's thousands of cycles while allocator noise stays under it.
RSS_GROWTH_MAX_KIB = 4096
GREETING_BYTES = 48
LOGIN_REPLY_BYTES = 31

# name: (weight, login attempts the event and its recovery cost)
EVENTS = {
    "good": (2, 0),
    "drop": (3, 1),
    "cut-greeting": (2, 1),
    "cut-login": (2, 2),
    "cut-burst": (2, 2),
    "restart": (2, 1),
    "garbage": (1, 0),
    "endless": (1, 1),
    "refuse": (1, 2),
}


def backoff_bounds(attempt):
    """vpop3_backoff_bounds() for the applet's test backoff."""
    nominal = BACKOFF_INITIAL_MS
    for _ in range(attempt):
        if nominal >= BACKOFF_MAX_MS:
            break
        nominal *= 2
    nominal = min(nominal, BACKOFF_MAX_MS)
    return nominal * 3 // 4, min(nominal * 5 // 4, BACKOFF_MAX_MS)


def main():
    monitor, simulator_path, schema_dir, icon_dir = sys.argv[1:5]
    seed = int(os.environ.get("VPOP3_CHAOS_SEED") or random.randrange(2**32))
    cycles = int(os.environ.get("VPOP3_CHAOS_CYCLES") or 50)
    seconds = float(os.environ.get("VPOP3_CHAOS_SECONDS") or 0)
    rss_every = max(1, int(os.environ.get("VPOP3_CHAOS_RSS_EVERY") or 10))
    rng = random.Random(seed)
    print(f"# seed {seed} (replay with VPOP3_CHAOS_SEED={seed})", flush=True)

    tap = Tap()
    session = Session(schema_dir, icon_dir, prefix="vpop3-chaos-")
    env = session.env
    tap.ok(session.keyring_ready(), "gnome-keyring serves the private bus")

    simulator = Simulator(simulator_path, env)
    port = simulator.port
    applet = output = None
    counts = {name: 0 for name in EVENTS}
    figures = {"delays": 0, "over_max_ms": -1e9, "under_min_ms": -1e9, "refusals": 0,
               "refusal_logins": 0}
    failures = []
    try:
        tap.ok(session.store_password(port).returncode == 0, "password stored in the keyring")
        output = open(os.path.join(session.scratch, "applet.log"), "w+")
        applet = session.start_applet(monitor, port, stdout=output,
                                      extra=(f"--backoff={BACKOFF_INITIAL_MS}:{BACKOFF_MAX_MS}",))
        item = session.wait_item()
        if not tap.ok(item is not None, "the applet registers its StatusNotifierItem"):
            return tap.finish()
        asan = is_sanitized(monitor)
        slowdown = 3 if asan else 1

        state = {"inboxes": 0, "out": 0}

        def set_counts():
            state["inboxes"] = rng.choice((0, 0, rng.randrange(1, 50)))
            state["out"] = rng.choice((0, 0, rng.randrange(1, 50)))
            for what, total in (("inboxes", state["inboxes"]), ("out-queue", state["out"])):
                reply = simulator.control(f"{what} {total} {rng.randrange(0, total + 1)}")
                if reply != "ok":
                    failures.append(f"{what}: {reply}")

        def expected_icon():
            suffix = {(False, False): "idle", (True, False): "fat", (False, True): "letter",
                      (True, True): "fat-letter"}[(state["inboxes"] > 0, state["out"] > 0)]
            return f"{APP_ID}-{suffix}"

        def icon_is(name):
            return wait_for(lambda: item.prop("IconName") == name, WAIT_S * slowdown)

        def start_simulator():
            # The same port as before: the applet's configuration and keyring entry name it.
            return Simulator(simulator_path, env, extra=("--port", str(port)))

        def timed_reconnect(before, start):
            """Milliseconds from @start, taken before the drop was asked for,
            until the simulator has accepted another connection. The applet
            starts its back-off after the drop, so the figure can only be
            longer than the delay, never shorter."""
            while simulator_stats(simulator)["connections"] == before:
                if time.monotonic() - start > WAIT_S * slowdown:
                    return None
                time.sleep(0.002)
            return (time.monotonic() - start) * 1000

        def check_delay(elapsed, attempt, what):
            low, high = backoff_bounds(attempt)
            if elapsed is None:
                failures.append(f"{what}: no reconnect")
                return
            # Both figures are negative while within the bounds.
            figures["delays"] += 1
            figures["over_max_ms"] = max(figures["over_max_ms"], elapsed - high)
            figures["under_min_ms"] = max(figures["under_min_ms"], low - elapsed)
            if elapsed < low:
                failures.append(f"{what}: reconnected after {elapsed:.1f} ms, "
                                f"before the shortest back-off {low} ms")
            elif elapsed > high + LATE_SAFETY_MS * slowdown:
                failures.append(f"{what}: reconnected after {elapsed:.0f} ms, "
                                f"long after the longest back-off {high} ms")

        set_counts()
        tap.ok(icon_is(expected_icon()), "connected: the icon shows the server's state")

        rss_start = rss_max = 0
        started = time.monotonic()
        only = os.environ.get("VPOP3_CHAOS_ONLY")
        names = only.split(",") if only else list(EVENTS)
        weights = [EVENTS[n][0] for n in names]
        # The warm-up runs every kind of event once, so that what is made once
        # and kept (the preferences window a refusal opens, GTK's caches) is
        # in the baseline; then a few more cycles.
        first = rng.sample(names, len(names))
        warm_up = len(names) + (10 if seconds else max(0, min(cycles // 5, 10) - len(names)))
        cycle = 0
        while (time.monotonic() - started < seconds) if seconds else cycle < cycles:
            cycle += 1
            kind = first[cycle - 1] if cycle <= len(first) else rng.choices(names, weights)[0]
            logins = vpop3_logins(simulator)
            if kind == "good":
                pass
            elif kind == "drop":
                before = simulator_stats(simulator)["connections"]
                start = time.monotonic()
                simulator.control("drop")
                check_delay(timed_reconnect(before, start), 0, f"cycle {cycle} drop")
            elif kind.startswith("cut-"):
                if kind == "cut-greeting":
                    cut = rng.randrange(0, GREETING_BYTES)
                elif kind == "cut-login":
                    cut = GREETING_BYTES + rng.randrange(0, LOGIN_REPLY_BYTES)
                else:
                    # Well inside the shortest burst of the quiet scenario (P, counts, log).
                    cut = GREETING_BYTES + LOGIN_REPLY_BYTES + rng.randrange(0, 200)
                simulator.control(f"cut {cut}")
                simulator.control("drop")
            elif kind == "restart":
                simulator.stop()
                if not icon_is(f"{APP_ID}-disconnected"):
                    failures.append(f"cycle {cycle}: not shown disconnected while the server is down")
                time.sleep(rng.uniform(0, 0.5))
                simulator = start_simulator()
                logins = 0
            elif kind == "garbage":
                simulator.control("misbehave garbage")
                for _ in range(rng.randrange(5, 20)):
                    set_counts()
                spin(rng.uniform(0.2, 0.8))
                simulator.control("misbehave none")
            elif kind == "endless":
                simulator.control("misbehave endless")
                spin(0.3)
                simulator.control("misbehave none")
                # The line never ends: nothing after it can arrive; hang up.
                simulator.control("drop")
            elif kind == "refuse":
                simulator.control("misbehave refuse-all")
                simulator.control("drop")
                if not icon_is(f"{APP_ID}-disconnected"):
                    failures.append(f"cycle {cycle}: a refused login not shown as disconnected")
                wait_for(lambda: vpop3_logins(simulator) > logins, WAIT_S * slowdown)
                # Any retry would come within a few of the longest delays.
                spin(BACKOFF_MAX_MS * 3 / 1000)
                refused = vpop3_logins(simulator) - logins
                figures["refusals"] += 1
                figures["refusal_logins"] += refused
                if refused != 1:
                    failures.append(f"cycle {cycle}: {refused} login attempts for one refusal")
                simulator.control("misbehave none")
                # As a user would: Connect from the menu, over D-Bus here.
                action = subprocess.run(["gapplication", "action", APP_ID, "connect"], env=env,
                                        capture_output=True, text=True)
                if action.returncode != 0:
                    failures.append(f"cycle {cycle}: connect action: {action.stderr.strip()}")

            # The icon may already look right before the applet has even noticed
            # a drop: first wait for the logins the recovery takes.
            wait_for(lambda: vpop3_logins(simulator) - logins >= EVENTS[kind][1],
                     WAIT_S * slowdown)
            set_counts()
            if not icon_is(expected_icon()):
                failures.append(f"cycle {cycle} ({kind}): icon {item.prop('IconName')}, "
                                f"expected {expected_icon()}")
            spent = vpop3_logins(simulator) - logins
            if spent != EVENTS[kind][1]:
                failures.append(f"cycle {cycle} ({kind}): {spent} login attempts, "
                                f"expected {EVENTS[kind][1]}")
            if applet.poll() is not None:
                failures.append(f"cycle {cycle} ({kind}): the applet exited ({applet.returncode})")
                break
            counts[kind] += 1
            rss = resident_kib(applet.pid)
            if cycle == warm_up:
                rss_start = rss
            if cycle >= warm_up:
                rss_max = max(rss_max, rss)
            if cycle % rss_every == 0:
                print(f"# rss cycle={cycle} kib={rss} ({kind})", flush=True)
            if failures:
                break

        for failure in failures:
            print(f"# {failure}", flush=True)
        tap.ok(not failures, f"{cycle} cycles: every recovery showed the right icon, "
                             "with the expected login attempts and delays")
        alive = applet.poll() is None
        tap.ok(alive, "the applet is still running")
        rss_end = resident_kib(applet.pid) if alive else 0
        print("# events: " + " ".join(f"{k}={v}" for k, v in counts.items()), flush=True)
        print(f"# figures: seed={seed} cycles={cycle} seconds={time.monotonic() - started:.1f} "
              f"timed_retries={figures['delays']} over_max_ms={figures['over_max_ms']:.1f} "
              f"under_min_ms={figures['under_min_ms']:.1f} refusals={figures['refusals']} "
              f"refusal_logins={figures['refusal_logins']} rss_warm_kib={rss_start} "
              f"rss_end_kib={rss_end} rss_max_kib={rss_max} "
              f"rss_growth_kib={rss_end - rss_start} asan={int(asan)}", flush=True)
        if asan:
            # ASan keeps freed memory in quarantine, so resident size says
            # nothing there (LSan checks leaks): a skip, counted as one.
            tap.count += 1
            print(f"ok {tap.count} resident memory flat # SKIP not comparable under "
                  "AddressSanitizer (LSan checks leaks)", flush=True)
        else:
            tap.ok(rss_end - rss_start < RSS_GROWTH_MAX_KIB,
                   f"resident memory flat: {rss_start} KiB after the warm-up, {rss_end} KiB "
                   "at the end")
    finally:
        if applet is not None and applet.poll() is None:
            applet.terminate()
            try:
                applet.wait(10)
            except subprocess.TimeoutExpired:
                applet.kill()
                applet.wait()
        if applet is not None and tap.failed:
            output.seek(0)
            for line in output.read().splitlines()[-30:]:
                print(f"# applet: {line}")
        simulator.stop()
        session.close()

    return tap.finish()


if __name__ == "__main__":
    sys.exit(main())
