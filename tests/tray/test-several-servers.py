#!/usr/bin/python3
"""The real applet monitoring two servers given with --server: one postbox
that sums both up, a submenu per server with the original's items and rules,
each server's trouble its own, and a server the user disconnects no longer
counting. Two simulators, read over D-Bus from a fake StatusNotifierWatcher.
Prints TAP.

Usage: test-several-servers.py MONITOR SIMULATOR SCHEMA_DIR ICON_DIR
"""

import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from trayharness import (  # noqa: E402
    APP_ID, CALL_TIMEOUT_MS, WAIT_S, Session, Simulator, Tap, exit_through_menu, is_sanitized,
    visible_windows, vpop3_logins, wait_for, window_exists,
)

from gi.repository import Gio, GLib  # noqa: E402

SERVER_ITEMS = ["WebMail", "Instant Messaging", "VPOP3 Settings", "Status", "Start Connect to…",
                "Shutdown VPOP3 Server", "Disconnect from VPOP3 Server", "Connect to VPOP3 Server"]


def layout(item):
    """The whole menu: [(label, id, visible, enabled, children)], children alike."""
    reply = item.bus.call_sync(
        item.name, item.prop("Menu"), "com.canonical.dbusmenu", "GetLayout",
        GLib.Variant("(iias)", (0, -1, [])), None, Gio.DBusCallFlags.NONE, CALL_TIMEOUT_MS, None,
    )
    _, root = reply.unpack()

    def walk(node):
        out = []
        for item_id, props, children in node[2]:
            label = props.get("label", "").replace("_", "")
            if label:
                out.append((label, item_id, props.get("visible", True),
                            props.get("enabled", True), walk((item_id, props, children))))
        return out

    return walk(root)


def find(entries, prefix):
    return next((e for e in entries if e[0].startswith(prefix)), None)


def main():
    monitor, simulator_path, schema_dir, icon_dir = sys.argv[1:5]
    tap = Tap()
    scale = 3 if is_sanitized(monitor) else 1
    with Session(schema_dir, icon_dir, prefix="vpop3-several-") as session:
        env = session.env
        tap.ok(session.keyring_ready(), "gnome-keyring serves the private bus")
        first, second = Simulator(simulator_path, env), Simulator(simulator_path, env)
        applet = None
        try:
            for simulator in (first, second):
                tap.ok(simulator.control("out-queue 0 0") == "ok"
                       and simulator.control("inboxes 0 0") == "ok", "simulator: empty queues")
                tap.ok(session.store_password(simulator.port).returncode == 0,
                       f"password for port {simulator.port} in the keyring")
            names = [f"127.0.0.1:{s.port}" for s in (first, second)]
            applet = subprocess.Popen(
                [monitor, "--server", f"postmaster@{names[0]}", "--server", f"postmaster@{names[1]}"],
                env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            item = session.wait_item()
            if not tap.ok(item is not None, "the applet registers one StatusNotifierItem"):
                return tap.finish()

            def icon_is(state):
                return wait_for(lambda: item.prop("IconName") == f"{APP_ID}-{state}", WAIT_S * scale)

            def title_has(*words):
                return wait_for(lambda: all(w in (item.prop("Title") or "") for w in words),
                                WAIT_S * scale)

            tap.ok(icon_is("idle"), "both connected, nothing waiting: idle")
            tap.ok(title_has("VPOP3: 2 servers"), f"title sums up ({item.prop('Title')})")
            tap.ok(len(session.watcher.items) == 1, "one postbox for both servers")

            menu = layout(item)
            top = [e[0] for e in menu if e[2]]
            tap.ok(top[0].startswith("VPOP3: 2 servers") and "Help" in top
                   and "Configure Status Monitor" in top and "Exit Status Monitor" in top,
                   f"top level: summary, Help, Configure Status Monitor, Exit ({top})")
            tap.ok(not any(label in top for label in ("Status", "WebMail", "Connect to VPOP3 Server")),
                   "no server's item at the top level")
            subs = [find(menu, f"VPOP3 {name}:") for name in names]
            tap.ok(all(subs), f"a submenu per server, named with its port ({top})")
            for name, sub in zip(names, subs):
                labels = [c[0] for c in (sub[4] if sub else [])]
                tap.ok(all(label in labels for label in SERVER_ITEMS),
                       f"{name}: the original's items ({labels})")

            # Either server's mail shows on the one postbox.
            second.control("inboxes 5 0")
            tap.ok(icon_is("fat"), "second server has mail waiting: fat")
            first.control("out-queue 3 1")
            tap.ok(icon_is("fat-letter"), "first has mail to send too: fat-letter")
            tap.ok(title_has("3 to send", "5 waiting"), f"title counts both ({item.prop('Title')})")

            # One server's trouble: the cross, and it is named; the other stays.
            first.stop()
            tap.ok(icon_is("disconnected"), "first server gone: the cross")
            tap.ok(title_has(f"{names[0]} not connected"), f"title names it ({item.prop('Title')})")
            sub = wait_for(lambda: (lambda s: s if s and find(s[4], "Connect to VPOP3 Server")[2]
                                    else None)(find(layout(item), f"VPOP3 {names[0]}:")),
                           WAIT_S * scale)
            other = find(layout(item), f"VPOP3 {names[1]}:")
            tap.ok(sub is not None and find(sub[4], "Disconnect from VPOP3 Server")[2]
                   and not find(sub[4], "Status")[2],
                   "first's submenu: Connect and Disconnect while retrying, no Status")
            tap.ok(other is not None and find(other[4], "Status")[2]
                   and not find(other[4], "Connect to VPOP3 Server")[2],
                   "second's submenu unchanged: Status, no Connect")

            # Disconnected by the user, it no longer counts.
            item.click(find(sub[4], "Disconnect from VPOP3 Server")[1])
            tap.ok(icon_is("fat"), "first disconnected by the user: the second's state alone (fat)")

            # Status of the second opens a window.
            windows = visible_windows(env)
            item.click(find(find(layout(item), f"VPOP3 {names[1]}:")[4], "Status")[1])
            tap.ok(wait_for(lambda: visible_windows(env) == windows + 1, WAIT_S * scale),
                   "Status in the second's submenu opens a status window")

            tap.ok(wait_for(lambda: window_exists(f"VPOP3 Status — {names[1]}", env),
                            WAIT_S * scale), "the status window shows the second, and says so")

            # The same over D-Bus, by the server's id: the one window switches.
            windows = visible_windows(env)
            action = subprocess.run(["gapplication", "action", APP_ID, "status-of", "'run1'"],
                                    env=env, capture_output=True, text=True)
            tap.ok(action.returncode == 0
                   and wait_for(lambda: window_exists(f"VPOP3 Status — {names[0]}", env),
                                WAIT_S * scale)
                   and visible_windows(env) == windows,
                   f"status-of 'run1' switches the one status window to the first "
                   f"({action.stderr.strip()})")

            tap.ok(vpop3_logins(second) == 1, "one login on the second server")

            # Nothing of this run was written to the settings.
            settings_file = os.path.join(session.home, "config", "glib-2.0", "settings", "keyfile")
            written = open(settings_file).read() if os.path.exists(settings_file) else ""
            tap.ok("run1" not in written and str(second.port) not in written,
                   "servers for this run only are not stored")

            code = exit_through_menu(item, find(layout(item), "Exit Status Monitor")[1], applet,
                                     seconds=10 * scale)
            tap.ok(code == 0, f"Exit Status Monitor ends the process (exit {code})")
        finally:
            if applet is not None and applet.poll() is None:
                applet.kill()
                applet.wait()
            first.stop()
            second.stop()
    return tap.finish()


if __name__ == "__main__":
    sys.exit(main())
