#!/usr/bin/python3
"""The message history (issue 14) on the real applet: a message survives SIGKILL.

    test-history-applet.py MONITOR SIMULATOR SCHEMA_DIR ICON_DIR

The applet runs against the simulator on a private session bus (trayharness),
with GTK's accessibility bridge on and an accessibility bus of its own, so that
its Instant Messaging window can be read as a screen reader reads it.

  1. The simulator sends a message; the applet notifies it, which it does only
     once the message is on disk; the applet is killed with SIGKILL at once.
  2. The store, opened read-only with Python's sqlite3: the message is there,
     unread; the directory is 0700 and its files 0600.
  3. The applet starts again on the same HOME. Instant Messaging, opened from
     the tray menu, lists "anna" with the unread badge "1" and shows the
     message; once the window is active, it is marked read, on disk too.
  4. A message the server refuses shows as "Not delivered: <the server's
     text>" with a Send Again button, and is stored as refused.

Waits are for events, with trayharness.WAIT_S (tripled under ASan) as a
safety net. Prints TAP.
"""

import os
import signal
import sqlite3
import stat
import subprocess
import sys

# No __pycache__ in the source tree for the harness.
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from trayharness import (  # noqa: E402
    APP_ID, CALL_TIMEOUT_MS, WAIT_S, Session, Simulator, Tap, is_sanitized, wait_for,
)
import atspiharness  # noqa: E402
from atspiharness import children, flush, has, name_of, role_of  # noqa: E402
from gi.repository import Gio, GLib  # noqa: E402

HOST = "127.0.0.1"
USER = "postmaster"
APP_PATH = "/" + APP_ID.replace(".", "/")
TEXT = "Lunch at one?"
REFUSAL = "User bob is not allowed to receive messages"
REFUSED_TEXT = "Are you there, bob?"

Atspi = None  # imported once the accessibility bus is known


# AT-SPI -------------------------------------------------------------------------------


def showing_descendants(obj):
    found = []

    def visit(node):
        for _i, child in children(node):
            if has(child, Atspi.StateType.SHOWING):
                found.append(child)
                visit(child)

    visit(obj)
    return found


def labels_under(obj):
    """The texts of the showing labels under @obj, in order."""
    return [name_of(n) for n in showing_descendants(obj) if role_of(n) == "label"]


def app_of(pid):
    for _i, candidate in children(Atspi.get_desktop(0)):
        try:
            if candidate.get_process_id() == pid:
                return candidate
        except GLib.Error:
            continue
    return None


def window_named(pid, title):
    app = app_of(pid)
    if app is None:
        return None
    return next((w for _i, w in children(app)
                 if name_of(w) == title and has(w, Atspi.StateType.SHOWING)), None)


def conversation_rows(window):
    """{name: (row, [labels])} for the conversation list's rows: the list
    whose rows hold a single name and, when unread, a badge."""
    flush(window)
    rows = {}
    for node in showing_descendants(window):
        if role_of(node) not in ("list", "list box"):
            continue
        for _i, row in children(node):
            texts = labels_under(row)
            if texts:
                rows.setdefault(texts[0], (row, texts))
    return rows


def unread_badge(window, user):
    row = conversation_rows(window).get(user)
    return None if row is None else (row[1][1:] or [""])[0]


def window_texts(window):
    flush(window)
    return labels_under(window)


# The store ------------------------------------------------------------------------------


def store_path(env):
    return os.path.join(env["XDG_DATA_HOME"], "vpop3-monitor", "history.sqlite")


def stored(env, port, where="1"):
    """The server's stored messages (correspondent, direction, text, read,
    delivery, delivery_reason), read through a read-only connection."""
    uri = "file:" + store_path(env) + "?mode=ro"
    db = None
    try:
        db = sqlite3.connect(uri, uri=True, timeout=WAIT_S)
        rows = db.execute(
            "SELECT correspondent, direction, text, read, delivery, delivery_reason "
            f"FROM messages WHERE host = ? AND port = ? AND user = ? AND {where} ORDER BY id",
            (HOST, port, USER)).fetchall()
    except sqlite3.Error as error:
        return f"sqlite3: {error}"
    finally:
        if db is not None:
            db.close()
    return [(c, d, bytes(t).decode("utf-8", "replace"), r, dl, reason)
            for c, d, t, r, dl, reason in rows]


def mode_of(path):
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        return None


# The applet --------------------------------------------------------------------------


def send_message(bus, name, to, text):
    bus.call_sync(name, APP_PATH, "org.gtk.Actions", "Activate",
                  GLib.Variant("(sava{sv})", ("send-message", [GLib.Variant("(ss)", (to, text))],
                                              {})),
                  None, Gio.DBusCallFlags.NONE, CALL_TIMEOUT_MS, None)


def main():
    global Atspi
    monitor, simulator_path, schema_dir, icon_dir = sys.argv[1:5]
    tap = Tap()
    scale = 3 if is_sanitized(monitor) else 1

    def wait(predicate, seconds=WAIT_S):
        return wait_for(predicate, seconds * scale)

    session = Session(schema_dir, icon_dir, prefix="vpop3-history-")
    env = session.env
    # The bridge on: NO_AT_BRIDGE=1 (the harness's default) turns it off.
    env.pop("NO_AT_BRIDGE", None)
    launcher = simulator = applet = None
    logs = []

    def start_applet():
        # A file, not a pipe that nobody reads and that would fill up.
        log = open(os.path.join(session.scratch, f"applet-{len(logs) + 1}.log"), "w+")
        logs.append(log)
        return session.start_applet(monitor, simulator.port, user=USER, stdout=log)

    def connected(item):
        return wait(lambda: item.prop("IconName") == f"{APP_ID}-idle")

    try:
        launcher, Atspi = atspiharness.start_bus(session)
        if not tap.ok(Atspi is not None, "the accessibility bus starts"):
            return tap.finish()

        tap.ok(session.keyring_ready(), "gnome-keyring serves the private bus")
        simulator = Simulator(simulator_path, env)
        tap.ok(session.store_password(simulator.port).returncode == 0, "the password is stored")
        # Empty queues: the icon settles on idle once connected.
        simulator.control("out-queue 0 0")
        simulator.control("inboxes 0 0")

        # 1. A message, notified, then SIGKILL at once.
        applet = start_applet()
        item = session.wait_item(0)
        if not tap.ok(item is not None and connected(item), "the applet connects"):
            return tap.finish()
        notifications = session.notifications
        tap.ok(simulator.control(f"message anna {TEXT}") == "ok", "the simulator sends a message")
        notified = wait(lambda: "Message from anna" in notifications.summaries())
        # Nothing in between: whatever the applet does after notifying must
        # not be what saves the message.
        applet.send_signal(signal.SIGKILL)
        applet.wait()
        if not tap.ok(notified, "the message is notified"):
            return tap.finish()
        tap.ok(applet.returncode == -signal.SIGKILL, f"the applet is killed ({applet.returncode})")

        # 2. On disk, unread, owner-only.
        rows = stored(env, simulator.port)
        tap.ok(rows == [("anna", 0, TEXT, 0, 0, None)],
               f"the message is in the store, incoming and unread ({rows})")
        folder = os.path.dirname(store_path(env))
        tap.ok(mode_of(folder) == 0o700, f"the history's folder is 0700 ({oct(mode_of(folder) or 0)})")
        files = sorted(os.listdir(folder))
        modes = {name: oct(mode_of(os.path.join(folder, name)) or 0) for name in files}
        tap.ok("history.sqlite" in files and all(m == "0o600" for m in modes.values()),
               f"its files are 0600 ({modes})")

        # 3. The applet again: the conversation is there, unread.
        applet = start_applet()
        item = session.wait_item(1)
        if not tap.ok(item is not None and connected(item), "the applet starts again and connects"):
            return tap.finish()
        # The pointer away from where the window maps: without a window
        # manager, X gives the focus to the window under the pointer, and an
        # active window marks its conversation read at once.
        geometry = subprocess.run(["xdotool", "getdisplaygeometry"], env=env, check=True,
                                  capture_output=True, text=True).stdout.split()
        subprocess.run(["xdotool", "mousemove", "--sync", str(int(geometry[0]) - 1),
                        str(int(geometry[1]) - 1)], env=env, check=True)
        menu = item.menu()
        item.click(menu["Instant Messaging"][0])
        window = wait(lambda: window_named(applet.pid, "Instant Messaging"))
        if not tap.ok(window is not None, "Instant Messaging opens from the tray menu"):
            return tap.finish()
        tap.ok(not has(window, Atspi.StateType.ACTIVE), "the window is not active (nothing read)")
        badge = wait(lambda: unread_badge(window, "anna") == "1")
        tap.ok(badge, f"the conversation list shows anna with the unread badge “1” "
                      f"({ {k: v[1] for k, v in conversation_rows(window).items()} })")

        # Selected (the only conversation is selected when the window opens),
        # its newest page loaded from the history.
        rows_now = conversation_rows(window)
        if "anna" in rows_now:
            row = rows_now["anna"][0]
            parent = row.get_parent()
            try:
                if not has(row, Atspi.StateType.SELECTED):
                    parent.select_child(row.get_index_in_parent())
            except GLib.Error:
                pass
            tap.ok(bool(wait(lambda: has(row, Atspi.StateType.SELECTED))),
                   "anna's conversation is selected")
        else:
            tap.ok(False, "anna's conversation is selected")
        tap.ok(bool(wait(lambda: TEXT in window_texts(window))),
               f"the message list shows “{TEXT}” ({window_texts(window)})")
        tap.ok(unread_badge(window, "anna") == "1", "still unread while the window is not active")

        # Seen: the window active, the conversation read, in the store too.
        box = window.get_extents(Atspi.CoordType.SCREEN)
        subprocess.run(["xdotool", "mousemove", "--sync", str(box.x + box.width // 2),
                        str(box.y + box.height // 2)], env=env, check=True)
        tap.ok(bool(wait(lambda: has(window, Atspi.StateType.ACTIVE))), "the window becomes active")
        tap.ok(bool(wait(lambda: unread_badge(window, "anna") == "")),
               f"the badge goes once it is read ({unread_badge(window, 'anna')!r})")
        read = [("anna", 0, TEXT, 1, 0, None)]
        tap.ok(wait(lambda: stored(env, simulator.port) == read),
               f"it is marked read in the store ({stored(env, simulator.port)})")

        # 4. A message the server refuses stays, not delivered, with why.
        simulator.control(f"refuse-messages {REFUSAL}")
        send_message(session.bus, item.name, "bob", REFUSED_TEXT)
        refused = wait(lambda: stored(env, simulator.port, "correspondent = 'bob' AND delivery = 3"))
        tap.ok(refused == [("bob", 1, REFUSED_TEXT, 1, 3, REFUSAL)],
               f"a refused message is stored as refused, with the server's text ({refused})")
        rows_now = wait(lambda: (lambda r: r if "bob" in r else None)(conversation_rows(window)))
        if rows_now:
            row = rows_now["bob"][0]
            try:
                row.get_parent().select_child(row.get_index_in_parent())
            except GLib.Error:
                pass
        fate = f"Not delivered: {REFUSAL}"
        tap.ok(bool(wait(lambda: REFUSED_TEXT in window_texts(window)
                         and fate in window_texts(window))),
               f"bob's conversation shows it with “{fate}” ({window_texts(window)})")
        buttons = wait(lambda: [n for n in showing_descendants(window)
                                if role_of(n) == "push button" and "Send Again" in
                                name_of(n).replace("_", "")])
        tap.ok(bool(buttons), "with a Send Again button")
    finally:
        if applet is not None and applet.poll() is None:
            applet.kill()
            applet.wait()
        if simulator is not None:
            simulator.stop()
        for i, log in enumerate(logs):
            if tap.failed:
                log.seek(0)
                for line in log.read().splitlines()[-30:]:
                    print(f"# applet {i + 1}: {line}")
            log.close()
        if launcher is not None:
            launcher.terminate()
            launcher.wait()
        session.close()
    return tap.finish()


if __name__ == "__main__":
    sys.exit(main())
