"""Shared pieces for the tests and benchmarks that run the real applet on a
private session bus: a fake StatusNotifierWatcher and notification server,
the StatusNotifierItem and its dbusmenu, the simulator's control channel, and
a session (scratch home, private bus, unlocked gnome-keyring).

Used by tests/tray/test-tray.py and by other suites and bench/ scripts, which
add this folder to sys.path.
"""

import base64
import json
import os
import re
import shutil
import stat
import subprocess
import tempfile
import time
import urllib.parse

import gi

gi.require_version("Gio", "2.0")
from gi.repository import Gio, GLib  # noqa: E402

APP_ID = "io.github.vpop3monitor.Vpop3Monitor"
# A safety net for waits on something that must happen, never a measure: an
# applet under ASan on a loaded machine took over 11 s to show its item.
WAIT_S = 60
# D-Bus calls to the applet: as long as GLib's default, for the same reason.
CALL_TIMEOUT_MS = 25000

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
        # time.monotonic() of each registration, in step with items (for bench/).
        self.registered_at = []
        info = Gio.DBusNodeInfo.new_for_xml(WATCHER_XML)
        self.registration = bus.register_object(
            "/StatusNotifierWatcher", info.interfaces[0], self.on_call, self.on_get, None
        )
        self.owner = Gio.bus_own_name_on_connection(
            bus, "org.kde.StatusNotifierWatcher", Gio.BusNameOwnerFlags.NONE, None, None
        )

    def on_call(self, connection, sender, path, interface, method, params, invocation):
        if method == "RegisterStatusNotifierItem":
            self.registered_at.append(time.monotonic())
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
                GLib.VariantType("(v)"), Gio.DBusCallFlags.NONE, CALL_TIMEOUT_MS, None,
            )
        except GLib.Error:
            return None
        return reply.unpack()[0]

    def menu(self):
        """The menu as {label: (id, visible, enabled)} for top-level items."""
        menu_path = self.prop("Menu")
        reply = self.bus.call_sync(
            self.name, menu_path, "com.canonical.dbusmenu", "GetLayout",
            GLib.Variant("(iias)", (0, -1, [])), None, Gio.DBusCallFlags.NONE, CALL_TIMEOUT_MS, None,
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
            None, Gio.DBusCallFlags.NONE, CALL_TIMEOUT_MS, None,
        )


def exit_through_menu(item, item_id, applet, seconds=10):
    """Clicks the menu item @item_id (Exit Status Monitor) and returns the
    applet's exit status, or None if it is still running after @seconds."""
    try:
        item.click(item_id)
    except GLib.Error:
        pass  # the applet may exit before it answers
    try:
        return applet.wait(seconds)
    except subprocess.TimeoutExpired:
        return None


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
        GLib.Variant("(s)", (name,)), GLib.VariantType("(b)"), Gio.DBusCallFlags.NONE, CALL_TIMEOUT_MS, None,
    )
    return reply.unpack()[0]


def simulator_stats(simulator):
    """The simulator's counters (logins, connections, peers) from its "stats" control."""
    reply = simulator.control("stats")
    return {key: int(value) for key, value in (w.split("=", 1) for w in reply.split()[1:])}


def vpop3_logins(simulator):
    """Login attempts the simulator has seen."""
    return simulator_stats(simulator).get("logins", -1)


def resident_kib(pid):
    """A running process's resident memory (VmRSS), in KiB; 0 when it is gone."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def is_sanitized(path):
    """Whether the program at @path is built with AddressSanitizer."""
    with open(path, "rb") as f:
        return b"__asan_init" in f.read()


class Simulator:
    def __init__(self, path, env, extra=()):
        self.process = subprocess.Popen(
            [path, "--port", "0", "--scenario", "quiet", "--control", *extra],
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


class Session:
    """A scratch home, a private session bus with a fake watcher and a fake
    notification server, and an unlocked gnome-keyring on that bus.

    env is the environment to start the applet and the simulator with.
    Call close() at the end (or use it as a context manager).

    fakes=False leaves the watcher and notification names free, for a real
    desktop shell to own (scripts/lib/desktops)."""

    KEYRING_PASSWORD = "vpop3-test-keyring"

    def __init__(self, schema_dir, icon_dir, prefix="vpop3-tray-", keyring=True, fakes=True):
        self.scratch = tempfile.mkdtemp(prefix=prefix)
        self.home = os.path.join(self.scratch, "home")
        for sub in ("config", "data/applications", "cache", "runtime"):
            os.makedirs(os.path.join(self.home, sub), mode=0o700)
        self.env = dict(os.environ)
        self.env.update({
            "HOME": self.home,
            "XDG_CONFIG_HOME": os.path.join(self.home, "config"),
            "XDG_DATA_HOME": os.path.join(self.home, "data"),
            "XDG_CACHE_HOME": os.path.join(self.home, "cache"),
            "XDG_RUNTIME_DIR": os.path.join(self.home, "runtime"),
            "GSETTINGS_SCHEMA_DIR": schema_dir,
            "GSETTINGS_BACKEND": "keyfile",
            "VPOP3_ICON_THEME_PATH": icon_dir,
            "NO_AT_BRIDGE": "1",
            "GIO_USE_VFS": "local",
        })
        # A private session bus: one watcher per bus, and nothing of the caller's.
        self.test_bus = Gio.TestDBus.new(Gio.TestDBusFlags.NONE)
        self.test_bus.up()
        self.env["DBUS_SESSION_BUS_ADDRESS"] = self.test_bus.get_bus_address()
        self.bus = Gio.DBusConnection.new_for_address_sync(
            self.test_bus.get_bus_address(),
            Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT
            | Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION,
            None, None,
        )
        self.watcher = Watcher(self.bus) if fakes else None
        self.notifications = Notifications(self.bus) if fakes else None
        spin(0.2)
        self.keyring = None
        if keyring:
            # A real Secret Service on the private bus, unlocked, as a user's session has.
            self.keyring = subprocess.Popen(
                ["gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets"],
                stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                env=self.env, text=True,
            )
            self.keyring.stdin.write(self.KEYRING_PASSWORD)
            self.keyring.stdin.close()

    def keyring_ready(self):
        return bool(wait_for(lambda: name_has_owner(self.bus, "org.freedesktop.secrets")))

    def store_password(self, port, password="admin", user="postmaster", host="127.0.0.1"):
        """Stores the password as Configure Status Monitor would; returns secret-tool's result."""
        return subprocess.run(
            ["secret-tool", "store", "--label=VPOP3 test", "--collection=login", "xdg:schema",
             APP_ID, "host", host, "port", str(port), "user", user],
            input=password, text=True, env=self.env, capture_output=True,
        )

    def start_applet(self, monitor, port, user="postmaster", extra=(), stdout=subprocess.PIPE):
        """stdout: where its output goes; long runs pass a file, which never fills up."""
        return subprocess.Popen(
            [monitor, "--host", "127.0.0.1", "--port", str(port), "--user", user, *extra],
            env=self.env, stdout=stdout, stderr=subprocess.STDOUT, text=True,
        )

    def wait_item(self, index=0):
        """The index-th StatusNotifierItem registered, or None."""
        if not wait_for(lambda: len(self.watcher.items) > index):
            return None
        return Item(self.bus, *self.watcher.items[index])

    def close(self):
        if self.keyring is not None:
            self.keyring.terminate()
            self.keyring.wait()
        self.bus.close_sync(None)
        self.test_bus.down()
        shutil.rmtree(self.scratch, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


SOURCE_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def backoff_first_retry_max_ms():
    """The longest delay the client can wait before its first reconnect, read
    from the code: vpop3-backoff.h's default initial delay, spread upwards as
    vpop3-backoff.c spreads it. Raises if the code no longer says it that way."""
    with open(os.path.join(SOURCE_ROOT, "src/client/vpop3-backoff.h")) as f:
        initial = re.search(r"#define VPOP3_BACKOFF_DEFAULT_INITIAL_MS\s+(\d+)", f.read())
    with open(os.path.join(SOURCE_ROOT, "src/client/vpop3-backoff.c")) as f:
        spread = re.search(r"\*max_ms = \(guint\) MIN \(nominal \* (\d+) / (\d+),", f.read())
    if initial is None or spread is None:
        raise RuntimeError("vpop3-backoff.[ch] changed: update backoff_first_retry_max_ms()")
    return int(initial.group(1)) * int(spread.group(1)) // int(spread.group(2))


def secret_forms(secret, parts=()):
    """{name: bytes}: @secret as it could be written down — UTF-8, UTF-16,
    base64, hex, percent and JSON escapes — and each of @parts (distinctive
    pieces of it, which survive escapes that the whole does not) in UTF-8 and
    UTF-16."""
    raw = secret.encode("utf-8")
    forms = {
        "UTF-8": raw,
        "UTF-16LE": secret.encode("utf-16-le"),
        "UTF-16BE": secret.encode("utf-16-be"),
        "base64": base64.b64encode(raw),
        "base64url": base64.urlsafe_b64encode(raw),
        "hex": raw.hex().encode(),
        "HEX": raw.hex().upper().encode(),
        "percent": urllib.parse.quote(secret).encode(),
        "percent+": urllib.parse.quote_plus(secret).encode(),
        "JSON": json.dumps(secret)[1:-1].encode(),
    }
    for i, part in enumerate(parts):
        forms[f"part {i + 1} UTF-8"] = part.encode("utf-8")
        forms[f"part {i + 1} UTF-16LE"] = part.encode("utf-16-le")
    return forms


def files_holding(roots, forms):
    """Reads every regular file under @roots (symbolic links not followed).
    Returns (hits, read): hits is a list of (path, form name) for each file
    holding one of @forms ({name: bytes}), read the paths of the files read."""
    hits, read, seen = [], [], set()
    for root in roots:
        for folder, _dirs, names in os.walk(root):
            for name in names:
                path = os.path.join(folder, name)
                try:
                    info = os.lstat(path)
                    if not stat.S_ISREG(info.st_mode) or (info.st_dev, info.st_ino) in seen:
                        continue
                    seen.add((info.st_dev, info.st_ino))
                    with open(path, "rb") as f:
                        data = f.read()
                except OSError:
                    continue  # gone meanwhile, or not readable: nothing written there by us
                read.append(path)
                hits.extend((path, what) for what, form in forms.items() if form in data)
    return hits, read
