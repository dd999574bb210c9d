#!/usr/bin/python3
"""Connect to VPOP3 Server while the applet retries in the background: the menu
offers it beside Disconnect, and it tries again at once instead of waiting for
the back-off. The back-off is set to an hour (MONITOR is vpop3-monitor-test,
the real application given its back-off at construction), so a reconnect
within the test's safety net can only come from the click.
Prints TAP.

Usage: test-connect-while-retrying.py MONITOR SIMULATOR SCHEMA_DIR ICON_DIR
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from trayharness import (  # noqa: E402
    APP_ID, WAIT_S, Session, Simulator, Tap, exit_through_menu, is_sanitized, vpop3_logins,
    wait_for,
)

HOUR_MS = 3600 * 1000


def main():
    monitor, simulator_path, schema_dir, icon_dir = sys.argv[1:5]
    tap = Tap()
    scale = 3 if is_sanitized(monitor) else 1
    with Session(schema_dir, icon_dir, prefix="vpop3-retry-") as session:
        env = session.env
        tap.ok(session.keyring_ready(), "gnome-keyring serves the private bus")
        simulator = Simulator(simulator_path, env)
        port = simulator.port

        def empty_queues():
            return all(simulator.control(what) == "ok" for what in ("out-queue 0 0", "inboxes 0 0"))

        applet = None
        try:
            tap.ok(empty_queues(), "simulator: empty queues")
            tap.ok(session.store_password(port).returncode == 0, "password stored in the keyring")
            applet = session.start_applet(monitor, port, extra=(f"--backoff={HOUR_MS}:{HOUR_MS}",))
            item = session.wait_item()
            if not tap.ok(item is not None, "the applet registers its StatusNotifierItem"):
                return tap.finish()

            def icon_is(state):
                return wait_for(lambda: item.prop("IconName") == f"{APP_ID}-{state}",
                                WAIT_S * scale)

            def shown(menu, label):
                return menu is not None and menu[label][1] and menu[label][2]

            tap.ok(icon_is("idle"), "connected: idle")
            simulator.stop()
            tap.ok(icon_is("disconnected"), "server gone: the cross")
            menu = wait_for(lambda: (lambda m: m if shown(m, "Connect to VPOP3 Server") else None)(
                item.menu()), WAIT_S * scale)
            tap.ok(shown(menu, "Connect to VPOP3 Server") and shown(menu, "Disconnect from VPOP3 Server"),
                   "retrying: Connect to and Disconnect from VPOP3 Server both offered")

            # Back on the same port; the next retry is an hour away.
            simulator = Simulator(simulator_path, env, extra=("--port", str(port)))
            tap.ok(empty_queues(), "simulator back, empty queues")
            item.click(menu["Connect to VPOP3 Server"][0])
            tap.ok(icon_is("idle"), "Connect to VPOP3 Server retried at once: connected again")
            tap.ok(vpop3_logins(simulator) == 1, "one login for the one retry")
            menu = item.menu()
            tap.ok(not menu["Connect to VPOP3 Server"][1] and menu["Disconnect from VPOP3 Server"][1],
                   "connected: Connect hidden, Disconnect shown")
            code = exit_through_menu(item, menu["Exit Status Monitor"][0], applet,
                                     seconds=10 * scale)
            tap.ok(code == 0, f"Exit Status Monitor ends the process (exit {code})")
        finally:
            if applet is not None and applet.poll() is None:
                applet.kill()
                applet.wait()
            simulator.stop()
    return tap.finish()


if __name__ == "__main__":
    sys.exit(main())
