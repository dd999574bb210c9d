"""The pieces every desktop run shares: a throw-away session (scratch HOME and
XDG folders, a private session bus and a private system bus, an unlocked
gnome-keyring — tests/tray/trayharness.Session without its fake watcher), the
simulator with its control channel, the applet from a build directory, the
processes each shell needs (all logged to files), and the check lines.

Runs inside the process group that run.py makes for one desktop: whatever is
left behind when it returns is killed with that group.
"""

import os
import subprocess
import sys

SOURCE_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))))
sys.path.insert(0, os.path.join(SOURCE_ROOT, "tests", "tray"))

import gi  # noqa: E402

gi.require_version("Gio", "2.0")
from gi.repository import Gio, GLib  # noqa: E402
from trayharness import (  # noqa: E402
    APP_ID, CALL_TIMEOUT_MS, WAIT_S, Item, Session, Simulator, is_sanitized, spin, wait_for,
)

__all__ = ["APP_ID", "CALL_TIMEOUT_MS", "WAIT_S", "Item", "Gio", "GLib", "spin", "wait_for",
           "Desktop", "STATES", "MENU_LABELS"]

# The states the checks walk through, in order, with the simulator's controls
# that make each (the cross: the simulator is stopped).
STATES = [
    ("idle", ["out-queue 0 0", "inboxes 0 0"]),
    ("letter", ["out-queue 3 1"]),
    ("fat", ["out-queue 0 0", "inboxes 5 0"]),
    ("disconnected", None),
]

# The original's menu items, as an administrator connected sees them.
MENU_LABELS = ["Help", "WebMail", "Instant Messaging", "VPOP3 Settings", "Status",
               "Start Connect to…", "Shutdown VPOP3 Server", "Disconnect from VPOP3 Server",
               "Configure Status Monitor", "Exit Status Monitor"]

SYSTEM_BUS_CONF = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:dir={dir}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


class Desktop:
    """One desktop's throw-away session. @name is the desktop's name in the
    check lines; @build the build directory; @logdir where every process's
    output goes; @shots where screenshots go (None: none taken)."""

    def __init__(self, name, build, logdir, shots=None):
        self.name = name
        self.build = os.path.abspath(build)
        self.logdir = logdir
        self.shots = shots
        self.failed = 0
        self.processes = []  # (label, Popen), started in this order
        self.monitor = os.path.join(self.build, "src", "app", "vpop3-monitor")
        self.scale = 3 if is_sanitized(self.monitor) else 1
        self.session = Session(os.path.join(self.build, "data"),
                               os.path.join(SOURCE_ROOT, "data", "icons"),
                               prefix=f"vpop3-desktop-{name}-", fakes=False)
        self.scratch = self.session.scratch
        self.env = self.session.env
        self.bus = self.session.bus
        # The shells read their settings from a key file in the scratch home:
        # no dconf service, whose activation would see another HOME.
        self.env["GSETTINGS_BACKEND"] = "keyfile"
        for var in ("DISPLAY", "WAYLAND_DISPLAY", "XAUTHORITY", "SWAYSOCK", "I3SOCK",
                    "DESKTOP_SESSION", "XDG_CURRENT_DESKTOP", "XDG_SESSION_TYPE"):
            self.env.pop(var, None)
        self.env["LANG"] = "C.UTF-8"
        self.env.pop("LANGUAGE", None)
        self.env.pop("LC_ALL", None)
        self.system_bus = None
        self.simulator = None
        self.applet = None

    # -- checks --------------------------------------------------------------

    def check(self, condition, what):
        """One check line for run.py to print; returns @condition."""
        if not condition:
            self.failed += 1
        print(f"{'ok' if condition else 'FAIL'}\t{what}", flush=True)
        return condition

    def wait(self, predicate, seconds=WAIT_S):
        """Polls @predicate until it is true; @seconds is a safety net (longer
        under ASan), never a measure."""
        return wait_for(predicate, seconds * self.scale)

    # -- processes -----------------------------------------------------------

    def log_path(self, label):
        return os.path.join(self.logdir, f"{label}.log")

    def spawn(self, label, argv, env=None, **kwargs):
        """Starts a process of the session, its output in LOGDIR/label.log."""
        log = open(self.log_path(label), "ab")
        process = subprocess.Popen(argv, env=env or self.env, stdin=subprocess.DEVNULL,
                                   stdout=log, stderr=subprocess.STDOUT, **kwargs)
        log.close()
        self.processes.append((label, process))
        return process

    def start_system_bus(self):
        """A private, empty system bus: GNOME and Plasma want one (logind)."""
        folder = os.path.join(self.scratch, "system-bus")
        os.mkdir(folder)
        conf = os.path.join(folder, "bus.conf")
        with open(conf, "w") as f:
            f.write(SYSTEM_BUS_CONF.format(dir=folder))
        process = subprocess.Popen(
            ["dbus-daemon", f"--config-file={conf}", "--nofork", "--print-address=1"],
            env=self.env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=open(self.log_path("system-bus"), "ab"), text=True)
        self.processes.append(("system-bus", process))
        address = process.stdout.readline().strip()
        self.env["DBUS_SYSTEM_BUS_ADDRESS"] = address
        self.system_bus = address
        return address

    def start_xvfb(self, size="1280x800"):
        """An X server of our own; returns its DISPLAY."""
        read, write = os.pipe()
        self.spawn("xvfb", ["Xvfb", "-displayfd", str(write), "-screen", "0", f"{size}x24",
                            "-nolisten", "tcp", "-noreset"], pass_fds=(write,))
        os.close(write)
        number = b""
        with os.fdopen(read, "rb") as pipe:
            number = pipe.readline().strip()
        display = f":{number.decode()}"
        self.env["DISPLAY"] = display
        return display

    def update_activation_environment(self, names):
        """Services the session bus starts get these variables (our HOME, our
        display), as dbus-update-activation-environment would give them."""
        values = {n: self.env[n] for n in names if n in self.env}
        self.bus.call_sync("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                           "UpdateActivationEnvironment", GLib.Variant("(a{ss})", (values,)),
                           None, Gio.DBusCallFlags.NONE, CALL_TIMEOUT_MS, None)

    def bus_name_pid(self, name):
        try:
            reply = self.bus.call_sync(
                "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                "GetConnectionUnixProcessID", GLib.Variant("(s)", (name,)),
                GLib.VariantType("(u)"), Gio.DBusCallFlags.NONE, CALL_TIMEOUT_MS, None)
        except GLib.Error:
            return None
        return reply.unpack()[0]

    def has_name(self, name):
        return self.bus_name_pid(name) is not None

    # -- the simulator and the applet -------------------------------------------

    def start_simulator(self):
        self.simulator = Simulator(os.path.join(self.build, "tools", "vpop3-simulator"), self.env)
        for control in STATES[0][1]:
            self.simulator.control(control)
        return self.simulator

    def start_applet(self, extra_env=None):
        """The applet from the build directory, the simulator's password in
        the keyring (as Configure Status Monitor stores it)."""
        if not self.session.keyring_ready():
            raise RuntimeError("gnome-keyring did not come up on the private bus")
        stored = self.session.store_password(self.simulator.port)
        if stored.returncode != 0:
            raise RuntimeError(f"secret-tool store failed: {stored.stderr}")
        env = dict(self.env)
        env.update(extra_env or {})
        self.applet = self.spawn("applet", [self.monitor, "--host", "127.0.0.1", "--port",
                                            str(self.simulator.port), "--user", "postmaster"],
                                 env=env)
        return self.applet

    def watcher_items(self):
        """The shell's StatusNotifierWatcher's RegisteredStatusNotifierItems."""
        try:
            reply = self.bus.call_sync(
                "org.kde.StatusNotifierWatcher", "/StatusNotifierWatcher",
                "org.freedesktop.DBus.Properties", "Get",
                GLib.Variant("(ss)", ("org.kde.StatusNotifierWatcher",
                                      "RegisteredStatusNotifierItems")),
                GLib.VariantType("(v)"), Gio.DBusCallFlags.NONE, CALL_TIMEOUT_MS, None)
        except GLib.Error:
            return []
        return reply.unpack()[0]

    def applet_item(self):
        """The applet's entry in the shell's watcher as an Item, or None: the
        entry whose bus name belongs to the applet's process."""
        for entry in self.watcher_items():
            # "BUS/PATH" (KDE, waybar, xfce) or "BUS@/PATH" (GNOME's extension).
            slash = entry.find("/")
            name = entry[:slash] if slash >= 0 else entry
            path = entry[slash:] if slash >= 0 else "/StatusNotifierItem"
            name = name.rstrip("@")
            if self.applet is not None and self.bus_name_pid(name) == self.applet.pid:
                return Item(self.bus, name, path)
        return None

    def check_registered(self, host_names):
        """Checks that the applet's item is in the watcher of the shell, whose
        process is one of @host_names (as /proc/PID/comm names it)."""
        item = self.wait(self.applet_item)
        owner = self.bus_name_pid("org.kde.StatusNotifierWatcher")
        comm = process_name(owner)
        found = item.name + item.path if item else (
            f"not found in {self.watcher_items()}, the applet's pid {self.applet.pid}"
            f" {'running' if self.applet.poll() is None else 'ended'}")
        self.check(item is not None and comm in host_names,
                   f"the item is registered with {comm or 'no'} StatusNotifierWatcher"
                   f" (pid {owner}): {found}")
        return item

    def wait_icon_name(self, item, state):
        """Waits until the item's IconName is the one of @state."""
        return bool(self.wait(lambda: item.prop("IconName") == f"{APP_ID}-{state}"))

    def set_state(self, state):
        controls = dict(STATES)[state]
        if controls is None:
            self.simulator.stop()
        else:
            for control in controls:
                self.simulator.control(control)

    def wait_menu(self, item):
        """The item's dbusmenu once it holds every original item, visible
        (the administrator's items come with the connection's first burst)."""
        def full():
            try:
                menu = item.menu()
            except GLib.Error:
                return None
            return menu if all(menu.get(label, (0, False))[1] for label in MENU_LABELS) else None
        return self.wait(full)

    # -- tear-down -----------------------------------------------------------

    def close(self):
        if self.simulator is not None:
            self.simulator.stop()
        for _label, process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
        for _label, process in reversed(self.processes):
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.session.close()


def process_name(pid):
    if not pid:
        return None
    try:
        with open(f"/proc/{pid}/comm") as f:
            return f.read().strip()
    except OSError:
        return None


def group_members(pgid):
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        # fields[0] is the state, [2] the process group, [3] the session.
        if fields[0] != "Z" and (int(fields[2]) == pgid or int(fields[3]) == pgid):
            found.append(int(entry))
    return found


class MenuEvents:
    """What the host tells the applet's dbusmenu, seen by a monitor
    connection on the session bus: a host opening the menu sends the root
    item (id 0) the event "opened" (Qt's and GNOME's hosts) or asks it
    AboutToShow first (libdbusmenu-gtk's, in waybar)."""

    RULE = "type='method_call',interface='com.canonical.dbusmenu'"

    def __init__(self, address):
        self.calls = []
        self.connection = Gio.DBusConnection.new_for_address_sync(
            address, Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT
            | Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION, None, None)
        self.connection.add_filter(self.on_message)
        self.connection.call_sync(
            "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus.Monitoring",
            "BecomeMonitor", GLib.Variant("(asu)", ([self.RULE], 0)), None,
            Gio.DBusCallFlags.NONE, CALL_TIMEOUT_MS, None)

    def on_message(self, connection, message, incoming):
        # Runs in GDBus's worker thread; a list append is safe there. The
        # calls seen are not ours to answer: they are dropped, the rest (the
        # reply to BecomeMonitor) goes on.
        if incoming and message.get_message_type() == Gio.DBusMessageType.METHOD_CALL:
            if message.get_interface() == "com.canonical.dbusmenu":
                body = message.get_body()
                self.calls.append((message.get_member(), body.unpack() if body else ()))
            return None
        return message

    def opened(self, since=0):
        """Whether the root menu was opened since call number @since."""
        for member, args in self.calls[since:]:
            if member == "AboutToShow" and args[0] == 0:
                return True
            if member == "AboutToShowGroup" and 0 in args[0]:
                return True
            if member == "Event" and args[0] == 0 and args[1] == "opened":
                return True
            if member == "EventGroup" and any(e[0] == 0 and e[1] == "opened" for e in args[0]):
                return True
        return False

    def close(self):
        self.connection.close_sync(None)
