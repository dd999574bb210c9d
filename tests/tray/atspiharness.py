"""Reading the real applet as a screen reader does, for tests/a11y/test-a11y.py
and tests/tray/test-history-applet.py: an accessibility bus of the test's
own on the private session bus (trayharness.Session), and readers that give
an empty answer for an object that went away instead of raising.

Atspi is imported only once the bus is known (start_bus): libatspi reads
AT_SPI_BUS_ADDRESS when it is first imported.
"""

import os
import subprocess

import gi

gi.require_version("Gio", "2.0")
from gi.repository import Gio, GLib  # noqa: E402

from trayharness import CALL_TIMEOUT_MS, name_has_owner, wait_for  # noqa: E402

Atspi = None  # set by start_bus


def start_bus(session):
    """Starts at-spi-bus-launcher on @session's private bus, points the
    session's environment and this process at it and imports Atspi.
    Returns (the launcher, to terminate; the Atspi module, or None if the
    bus did not start)."""
    global Atspi
    launcher = subprocess.Popen(["/usr/libexec/at-spi-bus-launcher"], env=session.env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if not wait_for(lambda: name_has_owner(session.bus, "org.a11y.Bus")):
        return launcher, None
    reply = session.bus.call_sync("org.a11y.Bus", "/org/a11y/bus", "org.a11y.Bus", "GetAddress",
                                  None, GLib.VariantType("(s)"), Gio.DBusCallFlags.NONE,
                                  CALL_TIMEOUT_MS, None)
    address = reply.unpack()[0]
    session.env["AT_SPI_BUS_ADDRESS"] = address
    os.environ["AT_SPI_BUS_ADDRESS"] = address
    gi.require_version("Atspi", "2.0")
    from gi.repository import Atspi as atspi
    Atspi = atspi
    return launcher, Atspi


def role_of(obj):
    try:
        return obj.get_role_name()
    except GLib.Error:
        return "?"


def name_of(obj):
    try:
        return obj.get_name() or ""
    except GLib.Error:
        return ""


def states(obj):
    try:
        return obj.get_state_set()
    except GLib.Error:
        return None


def has(obj, state):
    s = states(obj)
    return s is not None and s.contains(state)


def interfaces(obj):
    try:
        return set(obj.get_interfaces())
    except GLib.Error:
        return set()


def children(obj):
    """[(index, child)] of @obj, leaving out those that cannot be read."""
    try:
        count = obj.get_child_count()
    except GLib.Error:
        return []
    found = []
    for i in range(count):
        try:
            child = obj.get_child_at_index(i)
        except GLib.Error:
            continue
        if child is not None:
            found.append((i, child))
    return found


def flush(window):
    """Handles every event @window's application sent so far: a call that is
    never answered from libatspi's cache, whose reply comes after them, then
    the main loop until nothing is pending. Without it, a page just switched
    to can still read as the one before (the cache lags the events)."""
    try:
        window.get_extents(Atspi.CoordType.SCREEN)
    except GLib.Error:
        pass
    context = GLib.MainContext.default()
    while context.pending():
        context.iteration(False)
