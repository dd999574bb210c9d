#!/usr/bin/python3
"""The tray applet end to end: a fake StatusNotifierWatcher on a private bus,
the real vpop3-monitor against the real vpop3-simulator (driven through its
control channel), a fake browser, and gnome-keyring.

Asserts the icon through every state, the menu's items and visibility, and
that menu clicks do what their labels say. Prints TAP.

Usage: test-tray.py MONITOR SIMULATOR SCHEMA_DIR ICON_DIR
"""

import os
import subprocess
import sys


sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from trayharness import (  # noqa: E402
    APP_ID, Item, Session, Simulator, Tap, exit_through_menu, spin, visible_windows, vpop3_logins,
    wait_for, window_exists,
)


def main():
    monitor, simulator_path, schema_dir, icon_dir = sys.argv[1:5]
    tap = Tap()
    session = Session(schema_dir, icon_dir)
    env, bus = session.env, session.bus
    watcher, notifications = session.watcher, session.notifications
    opened = os.path.join(session.scratch, "opened-url")

    # A fake default browser that writes down what it was asked to open.
    browser = os.path.join(session.scratch, "fake-browser")
    with open(browser, "w") as f:
        f.write(f'#!/bin/sh\nprintf "%s" "$1" > "{opened}"\n')
    os.chmod(browser, 0o755)
    with open(os.path.join(session.home, "data/applications/fake-browser.desktop"), "w") as f:
        f.write("[Desktop Entry]\nType=Application\nName=Fake Browser\n"
                f"Exec={browser} %u\nMimeType=x-scheme-handler/http;x-scheme-handler/https;\n")
    with open(os.path.join(session.home, "config/mimeapps.list"), "w") as f:
        f.write("[Default Applications]\nx-scheme-handler/http=fake-browser.desktop\n"
                "x-scheme-handler/https=fake-browser.desktop\n")

    tap.ok(session.keyring_ready(), "gnome-keyring serves the private bus")

    simulator = Simulator(simulator_path, env)
    applet = None
    try:
        tap.ok(simulator.control("out-queue 0 0") == "ok", "simulator: empty out queue")
        tap.ok(simulator.control("inboxes 0 0") == "ok", "simulator: empty inboxes")

        # No password stored yet: the applet starts, stays disconnected and
        # asks for one (in Configure Status Monitor).
        applet = subprocess.Popen(
            [monitor, "--host", "127.0.0.1", "--port", str(simulator.port), "--user", "postmaster"],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        registered = wait_for(lambda: watcher.items)
        if not tap.ok(bool(registered), "the applet registers its StatusNotifierItem"):
            return tap.finish()
        item = Item(bus, *watcher.items[0])

        def icon_is(state):
            return wait_for(lambda: item.prop("IconName") == f"{APP_ID}-{state}") and True

        tap.ok(icon_is("disconnected"), "no password yet: disconnected")
        spin(0.5)
        menu = item.menu()
        tap.ok(menu["Connect to VPOP3 Server"][1] and not menu["Disconnect from VPOP3 Server"][1],
               "not connected: Connect shown, Disconnect hidden")
        tap.ok(not menu["Status"][1] and not menu["Shutdown VPOP3 Server"][1],
               "not connected: Status and Shutdown hidden")
        tap.ok(vpop3_logins(simulator) == 0, "no login attempted without a password")

        # The password in the keyring, as the preferences dialog would store it.
        store = subprocess.run(
            ["secret-tool", "store", "--label=VPOP3 test", "--collection=login", "xdg:schema", APP_ID,
             "host", "127.0.0.1", "port", str(simulator.port), "user", "postmaster"],
            input="admin", text=True, env=env, capture_output=True,
        )
        tap.ok(store.returncode == 0, f"keyring: password stored ({store.stderr.strip()})")
        item.click(menu["Connect to VPOP3 Server"][0])

        tap.ok(icon_is("idle"), "connected with empty queues: idle")
        tap.ok(vpop3_logins(simulator) == 1, "one login for one connection")
        # After the burst the summary carries the server's connection text.
        title = wait_for(lambda: (lambda t: t if t and t.endswith(": Idle") else None)(item.prop("Title"))) or ""
        tap.ok(title.startswith("VPOP3 127.0.0.1: "), f"title carries the summary ({title})")

        menu = item.menu()
        expected = ["Help", "WebMail", "Instant Messaging", "VPOP3 Settings", "Status",
                    "Start Connect to…", "Shutdown VPOP3 Server", "Disconnect from VPOP3 Server",
                    "Configure Status Monitor", "Connect to VPOP3 Server", "Exit Status Monitor"]
        tap.ok(all(label in menu for label in expected), "menu has the original's items")
        tap.ok(title in menu and not menu[title][2], "first menu line: insensitive summary")
        extra = [label for label, (_, shown, enabled) in menu.items()
                 if shown and not enabled and label != title]
        tap.ok(not extra, f"connected: no reason line under the summary ({extra})")
        visible = {label: menu[label][1] for label in expected}
        tap.ok(visible["Disconnect from VPOP3 Server"] and not visible["Connect to VPOP3 Server"],
               "connected: Disconnect shown, Connect hidden")
        tap.ok(visible["Status"] and visible["Shutdown VPOP3 Server"] and visible["Start Connect to…"],
               "connected as administrator: Status, Start Connect to… and Shutdown shown")

        simulator.control("inboxes 5 0")
        tap.ok(icon_is("fat"), "mail waiting for users: fat")
        simulator.control("inboxes 0 0")
        simulator.control("out-queue 3 1")
        tap.ok(icon_is("letter"), "mail waiting to be sent: letter")
        simulator.control("inboxes 2 0")
        tap.ok(icon_is("fat-letter"), "both: fat-letter")
        tap.ok(wait_for(lambda: "3 to send" in (item.prop("Title") or "")), "title counts the out queue")

        # Notifications: one per topic, replaced and withdrawn.
        simulator.control("last-poll failed")
        tap.ok(wait_for(lambda: "VPOP3's last poll failed" in notifications.summaries()),
               "a failed poll is notified")
        shown = len(notifications.shown)
        simulator.control("last-poll ok")
        tap.ok(wait_for(lambda: notifications.closed), "a good poll withdraws that notification")
        simulator.control("message anna Lunch at one?")
        tap.ok(wait_for(lambda: "Message from anna" in notifications.summaries()),
               "an instant message is notified while its window is closed")
        tap.ok(len(notifications.shown) == shown + 1, "nothing else was notified meanwhile")

        def opens(label, expected):
            if os.path.exists(opened):
                os.unlink(opened)
            item.click(menu[label][0])
            url = wait_for(lambda: os.path.exists(opened) and open(opened).read())
            tap.ok(url == expected, f"{label} opens the browser at {expected} ({url})")

        opens("WebMail", "http://127.0.0.1:5108/")
        opens("VPOP3 Settings", "http://127.0.0.1:5108/admin/")
        opens("Help", "https://www.pscs.co.uk/helpdesk/vpop3help/VPOP3_Status_Monitor.htm")

        def window_opens(label, title):
            item.click(menu[label][0])
            found = wait_for(lambda: window_exists(title, env))
            tap.ok(found, f"{label} opens the “{title}” window")

        window_opens("Status", "VPOP3 Status")
        window_opens("Instant Messaging", "Instant Messaging")
        window_opens("Configure Status Monitor", "Configure Status Monitor")
        windows = visible_windows(env)
        item.click(menu["Shutdown VPOP3 Server"][0])
        tap.ok(wait_for(lambda: visible_windows(env) == windows + 1),
               "Shutdown VPOP3 Server asks first (a confirmation appears)")
        spin(0.5)
        tap.ok(simulator.process.poll() is None, "nothing is shut down without an answer")

        simulator.stop()
        tap.ok(icon_is("disconnected"), "simulator gone: disconnected")
        menu = wait_for(lambda: (lambda m: m if m["Disconnect from VPOP3 Server"][1] else None)(item.menu()))
        tap.ok(menu is not None and not menu["Status"][1] and not menu["Shutdown VPOP3 Server"][1],
               "reconnecting: Disconnect shown; Status and Shutdown hidden")
        # Why, on the insensitive line under the summary.
        reasons = wait_for(lambda: [label for label, (_, shown, enabled) in item.menu().items()
                                    if shown and not enabled and not label.startswith("VPOP3 ")])
        tap.ok(bool(reasons), f"not connected: the reason is under the summary ({reasons})")

        # The menu's actions are the application's, reachable over D-Bus too.
        action = subprocess.run(["gapplication", "action", APP_ID, "disconnect"], env=env,
                                capture_output=True, text=True)
        tap.ok(action.returncode == 0, f"gapplication action … disconnect ({action.stderr.strip()})")
        menu = wait_for(lambda: (lambda m: m if m["Connect to VPOP3 Server"][1] else None)(item.menu()))
        tap.ok(menu is not None and not menu["Disconnect from VPOP3 Server"][1],
               "disconnected: Connect shown, Disconnect hidden")

        code = exit_through_menu(item, menu["Exit Status Monitor"][0], applet)
        tap.ok(code == 0, f"Exit Status Monitor ends the process (exit {code})")
    finally:
        if applet is not None and applet.poll() is None:
            applet.kill()
            applet.wait()
        if applet is not None and tap.failed:
            output = applet.stdout.read()
            for line in output.splitlines()[-30:]:
                print(f"# applet: {line}")
        simulator.stop()
        session.close()

    return tap.finish()


if __name__ == "__main__":
    sys.exit(main())
