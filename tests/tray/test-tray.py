#!/usr/bin/python3
"""The tray applet end to end: a fake StatusNotifierWatcher on a private bus,
the real vpop3-monitor against the real vpop3-simulator (driven through its
control channel), a fake browser, and gnome-keyring.

Asserts the icon through every state, the menu's items and visibility, that
menu clicks do what their labels say, and, at the end, that the password is in
no file of the scratch home and settings, nor in the applet's output, command
line or environment. Prints TAP.

Negative checks ("no login", "nothing shut down") are read after the event
that would come later than the unwanted one, or after a bound taken from the
client's own back-off; safety-net waits are longer under AddressSanitizer.

Usage: test-tray.py MONITOR SIMULATOR SCHEMA_DIR ICON_DIR
"""

import os
import pwd
import secrets
import socket
import subprocess
import sys


sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from trayharness import (  # noqa: E402
    APP_ID, WAIT_S, Item, Session, Simulator, Tap, backoff_first_retry_max_ms, exit_through_menu,
    files_holding, is_sanitized, secret_forms, simulator_stats, spin, visible_windows, vpop3_logins,
    wait_for, window_exists,
)


def scratch_roots(session):
    """The folders to search for the password: the session's scratch tree
    (the applet's, the keyring's and secret-tool's HOME and XDG folders are in
    it), and the test's own HOME and XDG folders when they are throwaway ones,
    as scripts/lib/in-session.sh makes them (never a real home)."""
    roots = [session.scratch]
    outer = [os.environ.get(name) for name in
             ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_RUNTIME_DIR")]
    if os.environ.get("HOME") != pwd.getpwuid(os.getuid()).pw_dir:
        roots += [path for path in outer if path and os.path.isdir(path)]
    return roots


def is_under(path, roots):
    path = os.path.realpath(path)
    return any(os.path.commonpath([path, os.path.realpath(root)]) == os.path.realpath(root)
               for root in roots)


def proc_holds(pid, what, forms):
    """Whether /proc/PID/@what (cmdline, environ) holds one of @forms."""
    try:
        with open(f"/proc/{pid}/{what}", "rb") as f:
            data = f.read()
    except OSError:
        return None
    return [name for name, form in forms.items() if form in data]


def main():
    monitor, simulator_path, schema_dir, icon_dir = sys.argv[1:5]
    tap = Tap()
    scale = 3 if is_sanitized(monitor) else 1

    def wait(predicate, seconds=WAIT_S):
        return wait_for(predicate, seconds * scale)

    # A password met nowhere else, so that finding it in a file means a leak:
    # random, with a space and non-ASCII letters (both allowed in a login).
    token = secrets.token_hex(8)
    password = f"Tray pw {token} ü€"
    forms = secret_forms(password, [token])
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

    # The simulator's own command line carries the password: it is the test's
    # server, not the applet.
    simulator = Simulator(simulator_path, env, extra=["--user", f"postmaster:{password}"])
    applet = None
    output = None
    try:
        tap.ok(simulator.control("out-queue 0 0") == "ok", "simulator: empty out queue")
        tap.ok(simulator.control("inboxes 0 0") == "ok", "simulator: empty inboxes")

        # No password stored yet: the applet starts, stays disconnected and
        # asks for one (in Configure Status Monitor).
        applet = subprocess.Popen(
            [monitor, "--host", "127.0.0.1", "--port", str(simulator.port), "--user", "postmaster"],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        registered = wait(lambda: watcher.items)
        if not tap.ok(bool(registered), "the applet registers its StatusNotifierItem"):
            return tap.finish()
        item = Item(bus, *watcher.items[0])

        def icon_is(state):
            return wait(lambda: item.prop("IconName") == f"{APP_ID}-{state}") and True

        # The state in words too, for a screen reader or a host that shows no
        # icon: in the item's Title and in the icon's accessible description.
        def words_are(state, description, present=(), absent=()):
            def read():
                return item.prop("Title") or "", item.prop("IconAccessibleDesc") or ""

            def holds():
                title, desc = read()
                return (desc == description and all(w in title for w in present)
                        and not any(w in title for w in absent))

            held = wait(holds)
            tap.ok(held, f"{state} in words: Title has {list(present)}, not {list(absent)}; "
                   f"IconAccessibleDesc “{description}” {read()}")

        tap.ok(icon_is("disconnected"), "no password yet: disconnected")
        words_are("disconnected", "VPOP3 status monitor: not connected", ["not connected"])
        # The keyring has answered "none" once the applet asks for one.
        tap.ok(wait(lambda: window_exists("VPOP3 Password", env)),
               "no password in the keyring: the applet asks for one")
        menu = wait(lambda: (lambda m: m if m.get("Connect to VPOP3 Server", (0, False))[1]
                             else None)(item.menu()))
        tap.ok(menu is not None and not menu["Disconnect from VPOP3 Server"][1],
               "not connected: Connect shown, Disconnect hidden")
        tap.ok(menu is not None and not menu["Status"][1] and not menu["Shutdown VPOP3 Server"][1],
               "not connected: Status and Shutdown hidden")
        # A wrong attempt would have started when the keyring answered (a
        # loopback connection is made at once), and a retry after a failed one
        # comes within the first back-off: wait twice that before reading the
        # simulator's counters.
        bound = backoff_first_retry_max_ms() / 1000 * 2 * scale
        spin(bound)
        stats = simulator_stats(simulator)
        tap.ok(stats.get("connections") == 0 and stats.get("logins") == 0,
               f"no connection nor login attempted without a password, {bound:.1f} s on ({stats})")

        # The password in the keyring, as the preferences dialog would store it.
        store = session.store_password(simulator.port, password=password)
        tap.ok(store.returncode == 0, f"keyring: password stored ({store.stderr.strip()})")
        item.click(menu["Connect to VPOP3 Server"][0])

        tap.ok(icon_is("idle"), "connected with empty queues: idle")
        words_are("idle", "VPOP3: no mail waiting", [": Idle"], ["to send", "waiting"])
        tap.ok(vpop3_logins(simulator) == 1, "one login for one connection")
        # After the burst the summary carries the server's connection text.
        title = wait(lambda: (lambda t: t if t and t.endswith(": Idle") else None)(item.prop("Title"))) or ""
        tap.ok(title.startswith("VPOP3 127.0.0.1: "), f"title carries the summary ({title})")

        # The permissions come with the burst, and the menu follows them: wait
        # for the administrator's items rather than read it once.
        def administrator_menu(m):
            shown = {label: props[1] for label, props in m.items()}
            return m if all(shown.get(label) for label in (
                "Disconnect from VPOP3 Server", "Status", "Shutdown VPOP3 Server",
                "Start Connect to…")) and not shown.get("Connect to VPOP3 Server") else None

        menu = wait(lambda: administrator_menu(item.menu())) or item.menu()
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
        words_are("fat", "VPOP3: mail waiting for users", ["5 waiting"], ["to send"])
        simulator.control("inboxes 0 0")
        simulator.control("out-queue 3 1")
        tap.ok(icon_is("letter"), "mail waiting to be sent: letter")
        words_are("letter", "VPOP3: mail waiting to be sent", ["3 to send"], ["waiting"])
        simulator.control("inboxes 2 0")
        tap.ok(icon_is("fat-letter"), "both: fat-letter")
        words_are("fat-letter", "VPOP3: mail waiting for users and mail waiting to be sent",
                  ["3 to send", "2 waiting"])
        tap.ok(wait(lambda: "3 to send" in (item.prop("Title") or "")), "title counts the out queue")

        # Notifications: one per topic, replaced and withdrawn.
        simulator.control("last-poll failed")
        tap.ok(wait(lambda: "VPOP3's last poll failed" in notifications.summaries()),
               "a failed poll is notified")
        shown = len(notifications.shown)
        simulator.control("last-poll ok")
        tap.ok(wait(lambda: notifications.closed), "a good poll withdraws that notification")
        simulator.control("message anna Lunch at one?")
        tap.ok(wait(lambda: "Message from anna" in notifications.summaries()),
               "an instant message is notified while its window is closed")
        tap.ok(len(notifications.shown) == shown + 1, "nothing else was notified meanwhile")

        def opens(label, expected):
            if os.path.exists(opened):
                os.unlink(opened)
            item.click(menu[label][0])
            url = wait(lambda: os.path.exists(opened) and open(opened).read())
            tap.ok(url == expected, f"{label} opens the browser at {expected} ({url})")

        opens("WebMail", "http://127.0.0.1:5108/")
        opens("VPOP3 Settings", "http://127.0.0.1:5108/admin/")
        opens("Help", "https://www.pscs.co.uk/helpdesk/vpop3help/VPOP3_Status_Monitor.htm")

        def window_opens(label, title):
            item.click(menu[label][0])
            found = wait(lambda: window_exists(title, env))
            tap.ok(found, f"{label} opens the “{title}” window")

        window_opens("Status", "VPOP3 Status")
        window_opens("Instant Messaging", "Instant Messaging")
        window_opens("Configure Status Monitor", "Configure Status Monitor")
        windows = visible_windows(env)
        item.click(menu["Shutdown VPOP3 Server"][0])
        tap.ok(wait(lambda: visible_windows(env) == windows + 1),
               "Shutdown VPOP3 Server asks first (a confirmation appears)")
        # A later command on the same connection: the server reads it after
        # any SHUTDOWN sent with the click, and its refusal ("-ERR Unknown
        # connection") brings up an error window. A SHUTDOWN would have made
        # the server stop listening and close the connection before that.
        later = subprocess.run(
            ["gapplication", "action", APP_ID, "connect-now", "'no-such-one'"],
            env=env, capture_output=True, text=True,
        )
        tap.ok(later.returncode == 0 and wait(lambda: visible_windows(env) == windows + 2),
               f"a later command is answered meanwhile (an error window) ({later.stderr.strip()})")
        try:
            socket.create_connection(("127.0.0.1", simulator.port), timeout=5 * scale).close()
            listening = True
        except OSError:
            listening = False
        tap.ok(listening and simulator.process.poll() is None
               and item.prop("IconName") != f"{APP_ID}-disconnected",
               "nothing is shut down without an answer (server listening, applet connected)")

        simulator.stop()
        tap.ok(icon_is("disconnected"), "simulator gone: disconnected")
        words_are("disconnected again", "VPOP3 status monitor: not connected",
                  ["not connected"], ["to send", "waiting"])
        menu = wait(lambda: (lambda m: m if m["Disconnect from VPOP3 Server"][1] else None)(item.menu()))
        tap.ok(menu is not None and not menu["Status"][1] and not menu["Shutdown VPOP3 Server"][1],
               "reconnecting: Disconnect shown; Status and Shutdown hidden")
        # As the original offers it whenever the postbox shows the cross.
        tap.ok(menu is not None and menu["Connect to VPOP3 Server"][1]
               and menu["Connect to VPOP3 Server"][2],
               "reconnecting: Connect to VPOP3 Server shown too, to retry at once")
        # Why, on the insensitive line under the summary.
        reasons = wait(lambda: [label for label, (_, shown, enabled) in item.menu().items()
                                    if shown and not enabled and not label.startswith("VPOP3 ")])
        tap.ok(bool(reasons), f"not connected: the reason is under the summary ({reasons})")

        # The menu's actions are the application's, reachable over D-Bus too.
        action = subprocess.run(["gapplication", "action", APP_ID, "disconnect"], env=env,
                                capture_output=True, text=True)
        tap.ok(action.returncode == 0, f"gapplication action … disconnect ({action.stderr.strip()})")
        menu = wait(lambda: (lambda m: m if m["Connect to VPOP3 Server"][1] else None)(item.menu()))
        tap.ok(menu is not None and not menu["Disconnect from VPOP3 Server"][1],
               "disconnected: Connect shown, Disconnect hidden")

        # The password is not on the applet's command line nor in its environment.
        for what in ("cmdline", "environ"):
            found = proc_holds(applet.pid, what, forms)
            tap.ok(found == [], f"the password is not in the applet's {what} ({found})")

        code = exit_through_menu(item, menu["Exit Status Monitor"][0], applet, seconds=10 * scale)
        tap.ok(code == 0, f"Exit Status Monitor ends the process (exit {code})")
        output = applet.stdout.read()
        leaked = [name for name, form in forms.items() if form in output.encode()]
        tap.ok(not leaked, f"the password is not in the applet's output ({leaked})")

        # Nor in any file: settings (keyfile), caches, autostart, the keyring's
        # folder (its file holds the password encrypted, which matches nothing).
        roots = scratch_roots(session)
        folders = ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_RUNTIME_DIR")
        tap.ok(all(is_under(env[name], roots) for name in folders),
               "the applet's HOME and XDG folders are among those searched")
        keyrings = os.path.join(env["XDG_DATA_HOME"], "keyrings")
        stored = os.path.isdir(keyrings) and [n for n in os.listdir(keyrings)
                                              if n.endswith(".keyring")]
        tap.ok(bool(stored), f"the keyring wrote its file there ({stored})")
        # The search itself finds a planted copy, in a form other than UTF-8.
        canary = os.path.join(session.scratch, "canary")
        with open(canary, "wb") as f:
            f.write(b"x" + password.encode("utf-16-le") + b"x")
        hits, read = files_holding(roots, forms)
        os.unlink(canary)
        for path in read:
            if path != canary:
                print(f"# searched {path}")
        tap.ok((canary, "UTF-16LE") in hits,
               f"the search finds a planted copy ({len(read)} files read)")
        keyfile = os.path.join(env["XDG_CONFIG_HOME"], "glib-2.0", "settings", "keyfile")
        print(f"# settings keyfile {keyfile}: {'searched' if keyfile in read else 'not written'}")
        hits = [hit for hit in hits if hit[0] != canary]
        tap.ok(not hits, f"the password is in no file under {', '.join(roots)} ({hits})")
    finally:
        if applet is not None and applet.poll() is None:
            applet.kill()
            applet.wait()
        if applet is not None and tap.failed:
            if output is None:
                output = applet.stdout.read()
            for line in output.replace(password, "<password>").splitlines()[-30:]:
                print(f"# applet: {line}")
        simulator.stop()
        session.close()

    return tap.finish()


if __name__ == "__main__":
    sys.exit(main())
