#!/usr/bin/python3
"""The tray applet end to end: a fake StatusNotifierWatcher on a private bus,
the real vpop3-monitor against the real vpop3-simulator (driven through its
control channel), a fake browser, and gnome-keyring.

Asserts the icon through every state, the menu's items and visibility, and
that menu clicks do what their labels say. Prints TAP.

Usage: test-tray.py MONITOR SIMULATOR SCHEMA_DIR ICON_DIR
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time

import gi

gi.require_version("Gio", "2.0")
from gi.repository import Gio, GLib  # noqa: E402

APP_ID = "io.github.vpop3monitor.Vpop3Monitor"
WAIT_S = 15

WATCHER_XML = """
<node>
  <interface name="org.kde.StatusNotifierWatcher">
    <method name="RegisterStatusNotifierItem"><arg type="s" direction="in"/></method>
    <method name="RegisterStatusNotifierHost"><arg type="s" direction="in"/></method>
    <property name="RegisteredStatusNotifierItems" type="as" access="read"/>
    <property name="IsStatusNotifierHostRegistered" type="b" access="read"/>
    <property name="ProtocolVersion" type="i" access="read"/>
    <signal name="StatusNotifierItemRegistered"><arg type="s"/></signal>
    <signal name="StatusNotifierHostRegistered"/>
  </interface>
</node>
"""


class Tap:
    def __init__(self):
        self.count = 0
        self.failed = 0

    def ok(self, condition, what):
        self.count += 1
        if condition:
            print(f"ok {self.count} {what}", flush=True)
        else:
            self.failed += 1
            print(f"not ok {self.count} {what}", flush=True)
        return condition

    def finish(self):
        print(f"1..{self.count}", flush=True)
        return 1 if self.failed else 0


def spin(seconds=0.05):
    """Runs the main context for a while so D-Bus traffic is handled."""
    context = GLib.MainContext.default()
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        context.iteration(False)
        time.sleep(0.005)


def wait_for(predicate, seconds=WAIT_S):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        value = predicate()
        if value:
            return value
        spin(0.05)
    return predicate()


class Watcher:
    """Owns org.kde.StatusNotifierWatcher and records registrations."""

    def __init__(self, bus):
        self.bus = bus
        self.items = []
        info = Gio.DBusNodeInfo.new_for_xml(WATCHER_XML)
        self.registration = bus.register_object(
            "/StatusNotifierWatcher", info.interfaces[0], self.on_call, self.on_get, None
        )
        self.owner = Gio.bus_own_name_on_connection(
            bus, "org.kde.StatusNotifierWatcher", Gio.BusNameOwnerFlags.NONE, None, None
        )

    def on_call(self, connection, sender, path, interface, method, params, invocation):
        if method == "RegisterStatusNotifierItem":
            (service,) = params.unpack()
            # libayatana passes its object path; the bus name is the sender.
            if service.startswith("/"):
                self.items.append((sender, service))
            else:
                self.items.append((service, "/StatusNotifierItem"))
            connection.emit_signal(
                None, "/StatusNotifierWatcher", "org.kde.StatusNotifierWatcher",
                "StatusNotifierItemRegistered", GLib.Variant("(s)", (service,)),
            )
        invocation.return_value(None)

    def on_get(self, connection, sender, path, interface, name):
        if name == "RegisteredStatusNotifierItems":
            return GLib.Variant("as", [f"{b}{p}" for b, p in self.items])
        if name == "IsStatusNotifierHostRegistered":
            return GLib.Variant("b", True)
        if name == "ProtocolVersion":
            return GLib.Variant("i", 0)
        return None


NOTIFICATIONS_XML = """
<node>
  <interface name="org.freedesktop.Notifications">
    <method name="Notify">
      <arg type="s" direction="in"/><arg type="u" direction="in"/><arg type="s" direction="in"/>
      <arg type="s" direction="in"/><arg type="s" direction="in"/><arg type="as" direction="in"/>
      <arg type="a{sv}" direction="in"/><arg type="i" direction="in"/>
      <arg type="u" direction="out"/>
    </method>
    <method name="CloseNotification"><arg type="u" direction="in"/></method>
    <method name="GetCapabilities"><arg type="as" direction="out"/></method>
    <method name="GetServerInformation">
      <arg type="s" direction="out"/><arg type="s" direction="out"/>
      <arg type="s" direction="out"/><arg type="s" direction="out"/>
    </method>
  </interface>
</node>
"""


class Notifications:
    """A notification server that records what it is asked to show."""

    def __init__(self, bus):
        self.shown = []  # (id, summary, body)
        self.closed = []
        info = Gio.DBusNodeInfo.new_for_xml(NOTIFICATIONS_XML)
        bus.register_object("/org/freedesktop/Notifications", info.interfaces[0], self.on_call,
                            None, None)
        Gio.bus_own_name_on_connection(bus, "org.freedesktop.Notifications",
                                       Gio.BusNameOwnerFlags.NONE, None, None)

    def on_call(self, connection, sender, path, interface, method, params, invocation):
        if method == "Notify":
            _app, replaces, _icon, summary, body, _actions, _hints, _timeout = params.unpack()
            ident = replaces or len(self.shown) + 1
            self.shown.append((ident, summary, body))
            invocation.return_value(GLib.Variant("(u)", (ident,)))
        elif method == "CloseNotification":
            self.closed.append(params.unpack()[0])
            invocation.return_value(None)
        elif method == "GetCapabilities":
            invocation.return_value(GLib.Variant("(as)", (["body", "actions"],)))
        else:
            invocation.return_value(GLib.Variant("(ssss)", ("fake", "vpop3", "1", "1.2")))

    def summaries(self):
        return [summary for _, summary, _ in self.shown]


class Item:
    def __init__(self, bus, name, path):
        self.bus, self.name, self.path = bus, name, path

    def prop(self, prop):
        try:
            reply = self.bus.call_sync(
                self.name, self.path, "org.freedesktop.DBus.Properties", "Get",
                GLib.Variant("(ss)", ("org.kde.StatusNotifierItem", prop)),
                GLib.VariantType("(v)"), Gio.DBusCallFlags.NONE, 2000, None,
            )
        except GLib.Error:
            return None
        return reply.unpack()[0]

    def menu(self):
        """The menu as {label: (id, visible, enabled)} for top-level items."""
        menu_path = self.prop("Menu")
        reply = self.bus.call_sync(
            self.name, menu_path, "com.canonical.dbusmenu", "GetLayout",
            GLib.Variant("(iias)", (0, -1, [])), None, Gio.DBusCallFlags.NONE, 2000, None,
        )
        _, layout = reply.unpack()
        items = {}
        for child in layout[2]:
            item_id, props, _children = child
            label = props.get("label", "").replace("_", "")
            if label:
                items[label] = (item_id, props.get("visible", True), props.get("enabled", True))
        return items

    def click(self, item_id):
        self.bus.call_sync(
            self.name, self.prop("Menu"), "com.canonical.dbusmenu", "Event",
            GLib.Variant("(isvu)", (item_id, "clicked", GLib.Variant("s", ""), 0)),
            None, Gio.DBusCallFlags.NONE, 2000, None,
        )


def visible_windows(env):
    """How many of the applet's windows are on screen."""
    found = subprocess.run(["xdotool", "search", "--onlyvisible", "--class", "vpop3-monitor"],
                           env=env, capture_output=True, text=True)
    return len(found.stdout.split())


def window_exists(title, env):
    """A mapped X window with exactly this title (xdotool)."""
    found = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", f"^{title}$"],
                           env=env, capture_output=True, text=True)
    return found.returncode == 0 and found.stdout.strip() != ""


def name_has_owner(bus, name):
    reply = bus.call_sync(
        "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "NameHasOwner",
        GLib.Variant("(s)", (name,)), GLib.VariantType("(b)"), Gio.DBusCallFlags.NONE, 2000, None,
    )
    return reply.unpack()[0]


def vpop3_logins(simulator):
    """Login attempts the simulator has seen, from its control channel's stats."""
    reply = simulator.control("stats")
    for word in reply.split():
        if word.startswith("logins="):
            return int(word.split("=", 1)[1])
    return -1


class Simulator:
    def __init__(self, path, env):
        self.process = subprocess.Popen(
            [path, "--port", "0", "--scenario", "quiet", "--control"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, text=True, bufsize=1,
        )
        first = self.process.stdout.readline().strip()
        self.port = int(first.rsplit(":", 1)[1])

    def control(self, line):
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()
        return self.process.stdout.readline().strip()

    def stop(self):
        if self.process.poll() is None:
            try:
                self.control("quit")
            except (BrokenPipeError, ValueError):
                pass
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()


def main():
    monitor, simulator_path, schema_dir, icon_dir = sys.argv[1:5]
    tap = Tap()
    scratch = tempfile.mkdtemp(prefix="vpop3-tray-")
    home = os.path.join(scratch, "home")
    for sub in ("config", "data/applications", "cache", "runtime"):
        os.makedirs(os.path.join(home, sub), mode=0o700)
    opened = os.path.join(scratch, "opened-url")

    # A fake default browser that writes down what it was asked to open.
    browser = os.path.join(scratch, "fake-browser")
    with open(browser, "w") as f:
        f.write(f'#!/bin/sh\nprintf "%s" "$1" > "{opened}"\n')
    os.chmod(browser, 0o755)
    with open(os.path.join(home, "data/applications/fake-browser.desktop"), "w") as f:
        f.write("[Desktop Entry]\nType=Application\nName=Fake Browser\n"
                f"Exec={browser} %u\nMimeType=x-scheme-handler/http;x-scheme-handler/https;\n")
    with open(os.path.join(home, "config/mimeapps.list"), "w") as f:
        f.write("[Default Applications]\nx-scheme-handler/http=fake-browser.desktop\n"
                "x-scheme-handler/https=fake-browser.desktop\n")

    env = dict(os.environ)
    env.update({
        "HOME": home,
        "XDG_CONFIG_HOME": os.path.join(home, "config"),
        "XDG_DATA_HOME": os.path.join(home, "data"),
        "XDG_CACHE_HOME": os.path.join(home, "cache"),
        "XDG_RUNTIME_DIR": os.path.join(home, "runtime"),
        "GSETTINGS_SCHEMA_DIR": schema_dir,
        "GSETTINGS_BACKEND": "keyfile",
        "VPOP3_ICON_THEME_PATH": icon_dir,
        "NO_AT_BRIDGE": "1",
        "GIO_USE_VFS": "local",
    })

    # A private session bus: one watcher per bus, and nothing of the caller's.
    test_bus = Gio.TestDBus.new(Gio.TestDBusFlags.NONE)
    test_bus.up()
    env["DBUS_SESSION_BUS_ADDRESS"] = test_bus.get_bus_address()
    bus = Gio.DBusConnection.new_for_address_sync(
        test_bus.get_bus_address(),
        Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT | Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION,
        None, None,
    )
    watcher = Watcher(bus)
    notifications = Notifications(bus)
    spin(0.2)

    # A real Secret Service on the private bus, unlocked, as a user's session has.
    keyring = subprocess.Popen(
        ["gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets"],
        stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
        text=True,
    )
    keyring.stdin.write("vpop3-test-keyring")
    keyring.stdin.close()
    tap.ok(wait_for(lambda: name_has_owner(bus, "org.freedesktop.secrets")),
           "gnome-keyring serves the private bus")

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

        # The menu's actions are the application's, reachable over D-Bus too.
        action = subprocess.run(["gapplication", "action", APP_ID, "disconnect"], env=env,
                                capture_output=True, text=True)
        tap.ok(action.returncode == 0, f"gapplication action … disconnect ({action.stderr.strip()})")
        menu = wait_for(lambda: (lambda m: m if m["Connect to VPOP3 Server"][1] else None)(item.menu()))
        tap.ok(menu is not None and not menu["Disconnect from VPOP3 Server"][1],
               "disconnected: Connect shown, Disconnect hidden")

        try:
            item.click(menu["Exit Status Monitor"][0])
        except GLib.Error:
            pass  # the applet may exit before it answers
        try:
            code = applet.wait(10)
        except subprocess.TimeoutExpired:
            code = None
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
        keyring.terminate()
        keyring.wait()
        bus.close_sync(None)
        test_bus.down()
        shutil.rmtree(scratch, ignore_errors=True)

    return tap.finish()


if __name__ == "__main__":
    sys.exit(main())
