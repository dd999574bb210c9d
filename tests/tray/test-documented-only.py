#!/usr/bin/python3
"""The real applet against a server that sends only what the vendor
documents (the log and the connection text, simulator --dialect
documented-only): connected, it must not claim that no mail is waiting,
since no queue counts ever came; it says so in words. Prints TAP.

Usage: test-documented-only.py MONITOR SIMULATOR SCHEMA_DIR ICON_DIR
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from trayharness import (  # noqa: E402
    APP_ID, WAIT_S, Session, Simulator, Tap, exit_through_menu, is_sanitized, wait_for,
)

NOT_REPORTED = "VPOP3: connected; the server does not report its queues"


def main():
    monitor, simulator_path, schema_dir, icon_dir = sys.argv[1:5]
    tap = Tap()
    scale = 3 if is_sanitized(monitor) else 1
    with Session(schema_dir, icon_dir, prefix="vpop3-documented-") as session:
        tap.ok(session.keyring_ready(), "gnome-keyring serves the private bus")
        simulator = Simulator(simulator_path, session.env, extra=("--dialect", "documented-only"))
        applet = None
        try:
            tap.ok(session.store_password(simulator.port).returncode == 0, "password stored")
            applet = session.start_applet(monitor, simulator.port)
            item = session.wait_item()
            if not tap.ok(item is not None, "the applet registers its StatusNotifierItem"):
                return tap.finish()
            tap.ok(wait_for(lambda: item.prop("IconName") == f"{APP_ID}-idle", WAIT_S * scale),
                   "connected: the plain postbox")
            description = wait_for(lambda: (lambda d: d if d == NOT_REPORTED else None)(
                item.prop("IconAccessibleDesc")), WAIT_S * scale)
            tap.ok(description == NOT_REPORTED,
                   f"the words say the queues are not reported ({item.prop('IconAccessibleDesc')})")
            title = item.prop("Title") or ""
            tap.ok("waiting" not in title and "to send" not in title,
                   f"the title claims no counts ({title})")
            code = exit_through_menu(item, item.menu()["Exit Status Monitor"][0], applet,
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
