#!/usr/bin/python3
"""The real applet read over AT-SPI, as a screen reader reads it.

    test-a11y.py MONITOR SIMULATOR SCHEMA_DIR ICON_DIR

Runs the applet from the build tree against the simulator, with GTK's
accessibility bridge on and an accessibility bus of its own (the test starts
at-spi-bus-launcher on the private session bus). It then shows every window
the applet can show and audits each, page by page:

  - the password prompt (no password stored for the server given on the
    command line), then Configure Status Monitor with its error banner (the
    server refused the password typed into the prompt);
  - every parameterless action the applet exports (org.gtk.Actions), but
    those in NO_WINDOW: each must show a window (a browser that cannot start
    gives the error dialog);
  - in each window, every page of a notebook or stack switcher, and every
    dialog a button ending in "…" opens (End Session…), after selecting the
    first row of each table and list so that such buttons are sensitive.

Nothing here names a window or a widget: a new one is audited as it appears.
The checks, per widget that is showing:
  - focusable or actionable: an accessible name in words (not an icon name,
    not empty), or a LABELLED_BY relation to a showing label with text;
  - actionable: focusable too (keyboard-operable), unless an item of a
    focusable container (table cell, list item) or one of GTK's own
    unfocusable title-bar buttons, the only exemption;
  - tables: a name (or label) and a name for every column header;
  - progress bars: a name and a value within their range;
  - Tab, pressed until the focus comes round again, reaches every
    focusable, sensitive, showing control (items of a list or table count
    as their container);
  - a password entry can be shown in clear text by a control that Tab
    reaches, with the space bar, and hidden again;
  - Escape closes every dialog.
Each line names the window, the page, and the widget's role and path
(child indexes from the window), so a failure says what to fix. Prints TAP.
"""

import gettext
import os
import re
import subprocess
import sys
import warnings

# No __pycache__ in the source tree for the modules imported below.
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tray"))
from trayharness import (  # noqa: E402
    APP_ID, CALL_TIMEOUT_MS, Session, Simulator, Tap, wait_for,
)
import atspiharness  # noqa: E402
from atspiharness import children, flush, has, interfaces, name_of, role_of  # noqa: E402
from gi.repository import Gio, GLib  # noqa: E402

HOST = "127.0.0.1"
USER = "postmaster"
GOOD_PASSWORD = "admin"  # the simulator's postmaster
WRONG_PASSWORD = "not-the-password"
# Actions that change the connection or end the applet and show no window.
# Every other parameterless action must show one.
NO_WINDOW = {"quit", "disconnect", "connect"}
APP_PATH = "/" + APP_ID.replace(".", "/")

# An icon name (view-reveal-symbolic) is not words.
ICON_NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)+$")
# GTK's own title-bar buttons, the one exemption: unfocusable by design, named
# in GTK's catalogue.
TITLEBAR_BUTTONS = {gettext.dgettext("gtk30", name)
                    for name in ("Close", "Minimize", "Maximize", "Restore")}

Atspi = None  # imported once the accessibility bus is known


def n_actions(obj):
    # Only what implements Action may be asked for actions.
    if "Action" not in interfaces(obj):
        return 0
    try:
        return obj.get_n_actions()
    except GLib.Error:
        return 0


def action_names(obj):
    with warnings.catch_warnings():
        # Its replacement, get_name, is hidden by Accessible.get_name in Python.
        warnings.simplefilter("ignore", DeprecationWarning)
        return [obj.get_action_name(i) for i in range(n_actions(obj))]


def do_action(obj, wanted=None):
    """Runs the action named @wanted, or the first one."""
    names = action_names(obj)
    index = names.index(wanted) if wanted in names else 0 if names else -1
    if index < 0:
        return False
    try:
        return obj.do_action(index)
    except GLib.Error:
        return False


def labelled_by(obj):
    """The showing labels with text that @obj is LABELLED_BY."""
    labels = []
    try:
        relations = obj.get_relation_set()
    except GLib.Error:
        return labels
    for relation in relations:
        if relation.get_relation_type() != Atspi.RelationType.LABELLED_BY:
            continue
        for i in range(relation.get_n_targets()):
            target = relation.get_target(i)
            if has(target, Atspi.StateType.SHOWING) and name_of(target).strip():
                labels.append(name_of(target).strip())
    return labels


def named_in_words(obj):
    """(ok, what it is called) for the name check."""
    name = name_of(obj).strip()
    if name and not ICON_NAME.match(name):
        return True, f"“{name}”"
    labels = labelled_by(obj)
    if labels:
        return True, f"labelled by “{labels[0]}”"
    return False, f"name “{name}”" if name else "no name"


def selected_name(obj):
    """The name of the item a combo box shows, or None."""
    if "Selection" not in interfaces(obj):
        return None
    try:
        if obj.get_n_selected_children() < 1:
            return None
        return name_of(obj.get_selected_child(0))
    except GLib.Error:
        return None


class Node:
    def __init__(self, obj, path):
        self.obj, self.path = obj, path
        self.role = role_of(obj)

    def describe(self):
        return f"{self.role} {self.path}"


TABLE_ROLES = {"table", "tree table", "tree"}
ITEM_ROLES = {"table cell", "list item", "tree item", "menu item", "check menu item",
              "radio menu item", "table column header", "table row header"}
CONTAINER_ROLES = TABLE_ROLES | {"list", "list box", "menu", "page tab list"}


def walk(window):
    """Every showing object of @window (not the cells of tables: see
    check_table), with its path of child indexes."""
    flush(window)
    nodes = []

    def visit(obj, path):
        for index, child in children(obj):
            if not has(child, Atspi.StateType.SHOWING):
                continue
            node = Node(child, f"{path}/{index}")
            nodes.append(node)
            if node.role not in TABLE_ROLES:
                visit(child, node.path)

    visit(window, "")
    return nodes


def outline(nodes):
    """What a page shows, to tell one page from another."""
    return {(n.path, n.role, name_of(n.obj)) for n in nodes}


def container_of(node, nodes_by_path):
    """The list or table an item belongs to, or None."""
    parts = node.path.split("/")
    for cut in range(len(parts) - 1, 0, -1):
        parent = nodes_by_path.get("/".join(parts[:cut]))
        if parent is not None and parent.role in CONTAINER_ROLES:
            return parent
    return None


LIST_ROLES = {"list", "list box"}


def has_focusable_descendant(node, nodes):
    prefix = node.path + "/"
    return any(n.path.startswith(prefix) and has(n.obj, Atspi.StateType.FOCUSABLE) for n in nodes)


def is_control(node, nodes):
    """Focusable or actionable, and not a container that passes the focus
    on to what it holds (a scrolled window, a paned)."""
    focusable = has(node.obj, Atspi.StateType.FOCUSABLE)
    if not focusable and n_actions(node.obj) == 0:
        return False
    return not (focusable and n_actions(node.obj) == 0 and has_focusable_descendant(node, nodes))


def is_exempt_titlebar_button(node):
    return (node.role == "push button" and not has(node.obj, Atspi.StateType.FOCUSABLE)
            and name_of(node.obj) in TITLEBAR_BUTTONS)


class Auditor:
    def __init__(self, tap, env, applet_pid):
        self.tap, self.env, self.applet_pid = tap, env, applet_pid
        self.seen = set()  # (window, path, role, name) already checked
        self.toggles_checked = set()
        self.focus_events = []
        self.listener = Atspi.EventListener.new(self.on_focus)
        self.listener.register("object:state-changed:focused")

    def on_focus(self, event):
        if event.detail1 == 1:
            self.focus_events.append(event.source)

    # The applet's windows ----------------------------------------------------------

    def app(self):
        desktop = Atspi.get_desktop(0)
        for _i, candidate in children(desktop):
            try:
                if candidate.get_process_id() == self.applet_pid:
                    return candidate
            except GLib.Error:
                continue
        return None

    def windows(self):
        """The applet's showing top-level windows."""
        app = self.app()
        if app is None:
            return []
        return [w for _i, w in children(app) if has(w, Atspi.StateType.SHOWING)]

    def wait_new_windows(self, before):
        """The windows that are showing now and were not in @before."""
        found = wait_for(lambda: [w for w in self.windows() if w not in before])
        return found or []

    def wait_window(self, title):
        return wait_for(lambda: next((w for w in self.windows() if name_of(w) == title), None))

    # Keyboard ---------------------------------------------------------------------

    def key(self, *keys):
        subprocess.run(["xdotool", "key", "--clearmodifiers", *keys], env=self.env, check=True)

    def focus_window(self, window, nodes):
        """Makes @window the active one: without a window manager, only
        grabbing the focus of one of its widgets (GTK then presents it)."""
        if has(window, Atspi.StateType.ACTIVE):
            return True
        for node in nodes:
            if has(node.obj, Atspi.StateType.FOCUSABLE) and has(node.obj, Atspi.StateType.SENSITIVE):
                try:
                    node.obj.grab_focus()
                except GLib.Error:
                    continue
                if wait_for(lambda: has(window, Atspi.StateType.ACTIVE)):
                    return True
        return has(window, Atspi.StateType.ACTIVE)

    def enter_in(self, window, entry):
        """Presses Return in @entry, which activates @window's default button."""
        self.focus_window(window, walk(window))
        entry.grab_focus()
        wait_for(lambda: (self.focus_events and self.focus_events[-1] == entry)
                 or has(entry, Atspi.StateType.FOCUSED))
        self.key("Return")

    def press_and_wait_focus(self, key):
        """Presses @key; returns the object that takes the focus, or None
        when the focus stays where it is."""
        # GTK reports a focus twice, the second report possibly after the key
        # was pressed: what counts is another object than the one focused.
        current = self.focus_events[-1] if self.focus_events else None
        self.key(key)
        if wait_for(lambda: self.focus_events and self.focus_events[-1] != current):
            return self.focus_events[-1]
        return None

    # The checks -----------------------------------------------------------------------

    def first_time(self, where, node):
        key = (where.split(" › ")[0], node.path, node.role, name_of(node.obj))
        if key in self.seen:
            return False
        self.seen.add(key)
        return True

    def check_widgets(self, where, nodes):
        for node in nodes:
            obj = node.obj
            if not self.first_time(where, node):
                continue
            if node.role in TABLE_ROLES:
                self.check_table(where, node)
            elif node.role in LIST_ROLES:
                ok, called = named_in_words(obj)
                self.tap.ok(ok, f"{where}: {node.describe()} has a name or a label ({called})")
            elif node.role == "progress bar":
                self.check_progress(where, node)
            elif node.role == "list item":
                ok, called = named_in_words(obj)
                text = ok or any(n.role == "label" and name_of(n.obj).strip()
                                 for n in nodes if n.path.startswith(node.path + "/"))
                self.tap.ok(text, f"{where}: {node.describe()} has a name or shows a text "
                                  f"({called})")
            elif node.role not in ITEM_ROLES and is_control(node, nodes):
                ok, called = named_in_words(obj)
                self.tap.ok(ok, f"{where}: {node.describe()} has an accessible name in words "
                                f"or a label ({called})")
            if node.role == "combo box" and not labelled_by(obj):
                value = selected_name(obj)
                self.tap.ok(value is None or value != name_of(obj),
                            f"{where}: {node.describe()} says what it chooses, not only its value "
                            f"(name “{name_of(obj)}”, value “{value}”)")

    def check_table(self, where, node):
        obj = node.obj
        ok, called = named_in_words(obj)
        self.tap.ok(ok, f"{where}: {node.describe()} has a name or a label ({called})")
        if "Table" not in interfaces(obj):
            self.tap.ok(False, f"{where}: {node.describe()} implements Table")
            return
        columns = obj.get_n_columns()
        headers = []
        for column in range(columns):
            header = obj.get_column_header(column)
            headers.append(name_of(header).strip() if header is not None else "")
        self.tap.ok(columns > 0 and all(headers),
                    f"{where}: {node.describe()} “{name_of(obj)}” names every column header "
                    f"({headers})")

    def check_progress(self, where, node):
        obj = node.obj
        ok, called = named_in_words(obj)
        self.tap.ok(ok, f"{where}: {node.describe()} has a name or a label ({called})")
        if "Value" not in interfaces(obj):
            self.tap.ok(False, f"{where}: {node.describe()} exposes a value (no Value interface)")
            return
        low, value, high = (obj.get_minimum_value(), obj.get_current_value(),
                            obj.get_maximum_value())
        self.tap.ok(low < high and low <= value <= high,
                    f"{where}: {node.describe()} “{name_of(obj)}” exposes its value "
                    f"({value} in {low}…{high})")

    # Tab ------------------------------------------------------------------------------

    def unit(self, node, nodes_by_path):
        """What Tab has to reach for @node: its list or table, or itself."""
        container = container_of(node, nodes_by_path)
        return container.path if container is not None else node.path

    def node_of(self, obj, window, nodes):
        """The node of @obj, or of its nearest ancestor among @nodes (a combo
        box's button is not among its children), or None."""
        by_object = {n.obj: n for n in nodes}
        while obj is not None and obj != window:
            if obj in by_object:
                return by_object[obj]
            try:
                obj = obj.get_parent()
            except GLib.Error:
                return None
        return None

    def check_tab(self, where, window, nodes):
        nodes_by_path = {n.path: n for n in nodes}
        wanted = {}
        for node in nodes:
            # Actionable counts too: what cannot take the focus is for the mouse only.
            if (is_control(node, nodes) and has(node.obj, Atspi.StateType.SENSITIVE)
                    and not is_exempt_titlebar_button(node)):
                wanted.setdefault(self.unit(node, nodes_by_path), node)
        if not self.tap.ok(self.focus_window(window, nodes),
                           f"{where}: the window takes the keyboard focus"):
            return
        # Tab goes from a control the test gives the focus to, one that is
        # not the last reported (a report that says nothing new would not
        # tell when it arrived).
        last = self.focus_events[-1] if self.focus_events else None
        start_node = next((n for u, n in wanted.items() if u == n.path and n.obj != last
                           and n.role not in TABLE_ROLES
                           and has(n.obj, Atspi.StateType.FOCUSABLE)), None)
        if start_node is None:
            start_node = next((n for n in wanted.values() if n.obj == last), None)
        if start_node is not None and start_node.obj != last:
            start_node.obj.grab_focus()
            if not wait_for(lambda: self.focus_events and self.focus_events[-1] == start_node.obj):
                self.tap.ok(False, f"{where}: {start_node.describe()} takes the focus")
                return
        start_unit = self.unit(start_node, nodes_by_path) if start_node is not None else None
        reached = []
        if list(wanted) == [start_unit]:
            # The only control, and it has the focus: Tab would leave it there.
            reached.append(start_unit)
        elif start_node is not None:
            # Round once, from the control given the focus back to it (the
            # items of a list or table may come one by one). That control
            # counts only once Tab has come back to it.
            for _ in range(3 * len(nodes) + 10):
                focused = self.press_and_wait_focus("Tab")
                if focused is None:
                    break
                node = self.node_of(focused, window, nodes)
                if node is None:
                    break
                unit = self.unit(node, nodes_by_path)
                if unit not in reached:
                    reached.append(unit)
                if focused == start_node.obj:
                    break
        missing = [wanted[u].describe() + f" “{name_of(wanted[u].obj)}”"
                   for u in wanted if u not in reached]
        self.tap.ok(wanted and not missing,
                    f"{where}: Tab reaches every sensitive control ({len(reached)} reached; "
                    f"not reached: {missing})")

    def check_password_toggle(self, where, window, nodes):
        """A password entry can be shown by keyboard: Tab to a check box or
        toggle button, press space, and the entry shows its text; again hides it."""
        entries = [n for n in nodes if n.role == "password text"]
        for entry in entries:
            key = (where.split(" › ")[0], entry.path)
            if key in self.toggles_checked:
                continue
            self.toggles_checked.add(key)
            toggles = [n for n in nodes if n.role in ("check box", "toggle button")
                       and has(n.obj, Atspi.StateType.SENSITIVE)]
            shown_by = None
            for toggle in toggles:
                # Focus the entry, then Tab until the toggle has the focus.
                try:
                    entry.obj.grab_focus()
                except GLib.Error:
                    pass
                if not wait_for(lambda: has(entry.obj, Atspi.StateType.FOCUSED)):
                    continue
                for _ in range(len(nodes)):
                    if has(toggle.obj, Atspi.StateType.FOCUSED):
                        break
                    if self.press_and_wait_focus("Tab") is None:
                        break
                if not has(toggle.obj, Atspi.StateType.FOCUSED):
                    continue
                self.key("space")
                if wait_for(lambda: role_of(entry.obj) == "text"):
                    shown_by = toggle
                    break
                self.key("space")  # not this one: undo it
            self.tap.ok(shown_by is not None,
                        f"{where}: {entry.describe()} can show its text by keyboard "
                        f"(Tab to a control, space)"
                        + (f": {shown_by.describe()} “{name_of(shown_by.obj)}”" if shown_by else ""))
            if shown_by is not None:
                self.key("space")
                self.tap.ok(bool(wait_for(lambda: role_of(entry.obj) == "password text")),
                            f"{where}: space again hides the text of {entry.describe()}")

    # Pages and dialogs ---------------------------------------------------------------

    def select_first_rows(self, nodes):
        """Selects the first row of each table and list that has rows and no
        selection, so that what depends on a selection becomes sensitive."""
        for node in nodes:
            obj = node.obj
            if node.role in TABLE_ROLES and "Table" in interfaces(obj):
                if obj.get_n_rows() > 0 and obj.get_n_selected_rows() == 0:
                    obj.add_row_selection(0)
                    wait_for(lambda: obj.is_row_selected(0))
            elif node.role in ("list", "list box") and "Selection" in interfaces(obj):
                items = [c for _i, c in children(obj) if role_of(c) == "list item"
                         and has(c, Atspi.StateType.SELECTABLE)]
                if items and obj.get_n_selected_children() == 0:
                    obj.select_child(0)
                    wait_for(lambda: obj.get_n_selected_children() > 0)

    def audit(self, window, title=None):
        """Audits @window and its pages, and every dialog it opens."""
        title = title or f"{role_of(window)} “{name_of(window)}”"
        nodes = walk(window)
        self.audit_page(title, window, nodes)
        switchers = [n for n in nodes if n.role in ("radio button", "page tab")]
        for switcher in switchers:
            if has(switcher.obj, Atspi.StateType.CHECKED) or has(switcher.obj,
                                                                  Atspi.StateType.SELECTED):
                continue
            shown = outline(walk(window))
            do_action(switcher.obj, "click")
            # Checked first, the page's widgets a moment later: wait for
            # what was not shown before.
            if not wait_for(lambda: (has(switcher.obj, Atspi.StateType.CHECKED)
                                     or has(switcher.obj, Atspi.StateType.SELECTED))
                            and not outline(walk(window)) <= shown):
                self.tap.ok(False, f"{title}: {switcher.describe()} “{name_of(switcher.obj)}” "
                                   "switches to its page")
                continue
            page = f"{title} › {name_of(switcher.obj)}"
            self.audit_page(page, window, walk(window))

    def audit_page(self, where, window, nodes):
        self.select_first_rows(nodes)
        nodes = walk(window)
        self.check_widgets(where, nodes)
        self.check_tab(where, window, nodes)
        self.check_password_toggle(where, window, nodes)
        # Buttons that open a dialog end in "…" (GNOME's rule).
        for node in nodes:
            if (node.role == "push button" and name_of(node.obj).rstrip().endswith("…")
                    and has(node.obj, Atspi.StateType.SENSITIVE)):
                before = self.windows()
                do_action(node.obj, "click")
                opened = self.wait_new_windows(before)
                if not self.tap.ok(bool(opened), f"{where}: {node.describe()} "
                                                  f"“{name_of(node.obj)}” opens a dialog"):
                    continue
                for dialog in opened:
                    self.audit(dialog, f"{where} › {role_of(dialog)} “{name_of(dialog)}”")
                    self.close_with_escape(dialog, f"{where} › {name_of(node.obj)}")

    def close_with_titlebar(self, window, where):
        button = next((n for n in walk(window) if is_exempt_titlebar_button(n)
                       and name_of(n.obj) == gettext.dgettext("gtk30", "Close")), None)
        if button is not None:
            do_action(button.obj, "click")
        self.tap.ok(bool(wait_for(lambda: window not in self.windows())),
                    f"{where}: the title bar's Close button closes the window")

    def close_with_escape(self, dialog, where):
        nodes = walk(dialog)
        if not self.focus_window(dialog, nodes):
            self.tap.ok(False, f"{where}: the dialog takes the focus to be closed")
            return
        self.key("Escape")
        self.tap.ok(bool(wait_for(lambda: dialog not in self.windows())),
                    f"{where}: Escape closes the dialog")


def app_actions(bus, name):
    """{action: (enabled, parameter type)} the applet exports."""
    reply = bus.call_sync(name, APP_PATH, "org.gtk.Actions", "DescribeAll", None,
                          GLib.VariantType("(a{s(bgav)})",), Gio.DBusCallFlags.NONE,
                          CALL_TIMEOUT_MS, None)
    return {action: (enabled, ptype) for action, (enabled, ptype, _state)
            in reply.unpack()[0].items()}


def activate(bus, name, action):
    bus.call_sync(name, APP_PATH, "org.gtk.Actions", "Activate",
                  GLib.Variant("(sava{sv})", (action, [], {})), None, Gio.DBusCallFlags.NONE,
                  CALL_TIMEOUT_MS, None)


def set_text(obj, text):
    if "EditableText" in interfaces(obj):
        obj.set_text_contents(text)


def main():
    global Atspi
    monitor, simulator_path, schema_dir, icon_dir = sys.argv[1:5]
    tap = Tap()
    session = Session(schema_dir, icon_dir, prefix="vpop3-a11y-")
    env = session.env
    # The bridge on: NO_AT_BRIDGE=1 (the harness's default) turns it off.
    env.pop("NO_AT_BRIDGE", None)
    # A browser that cannot start: Help, WebMail and VPOP3 Settings show the
    # error dialog, which is audited too.
    with open(os.path.join(session.home, "data/applications/broken-browser.desktop"), "w") as f:
        f.write("[Desktop Entry]\nType=Application\nName=Broken browser\n"
                "Exec=/nonexistent/vpop3-a11y-browser %u\n"
                "MimeType=x-scheme-handler/http;x-scheme-handler/https;\n")
    with open(os.path.join(session.home, "config/mimeapps.list"), "w") as f:
        f.write("[Default Applications]\nx-scheme-handler/http=broken-browser.desktop\n"
                "x-scheme-handler/https=broken-browser.desktop\n")
    launcher = simulator = applet = applet_log = None
    try:
        launcher, Atspi = atspiharness.start_bus(session)
        if not tap.ok(Atspi is not None, "the accessibility bus starts"):
            return tap.finish()

        tap.ok(session.keyring_ready(), "gnome-keyring serves the private bus")
        simulator = Simulator(simulator_path, env)
        # The settings say the same server as the command line, so that
        # Configure Status Monitor can save the password for it.
        for key, value in (("host", HOST), ("port", str(simulator.port)), ("user", USER)):
            subprocess.run(["gsettings", "set", APP_ID, key, value], env=env, check=True)
        # Empty queues: the icon settles on idle once connected.
        simulator.control("out-queue 0 0")
        simulator.control("inboxes 0 0")
        # No password stored: the applet asks for it.
        # A file, not a pipe that nobody reads and that would fill up.
        applet_log = open(os.path.join(session.scratch, "applet.log"), "w+")
        applet = session.start_applet(monitor, simulator.port, user=USER, stdout=applet_log)
        auditor = Auditor(tap, env, applet.pid)
        item = session.wait_item()
        if not tap.ok(item is not None, "the applet registers its StatusNotifierItem"):
            return tap.finish()

        # The password prompt.
        before = []
        prompts = auditor.wait_new_windows(before)
        if not tap.ok(len(prompts) == 1, f"the applet asks for the password ({len(prompts)} "
                                         "window)"):
            return tap.finish()
        prompt = prompts[0]
        auditor.audit(prompt)
        entry = next((n.obj for n in walk(prompt) if n.role in ("password text", "text")), None)
        set_text(entry, WRONG_PASSWORD)
        auditor.enter_in(prompt, entry)

        # Refused: Configure Status Monitor with the server's words in its banner.
        prefs = wait_for(lambda: [w for w in auditor.windows() if w != prompt and role_of(w) == "dialog"])
        if not tap.ok(bool(prefs), "a refused password opens a dialog"):
            return tap.finish()
        prefs = prefs[0]
        banner = wait_for(lambda: [n for n in walk(prefs) if n.role in ("info bar", "alert")
                                   or "refused" in name_of(n.obj).lower()])
        tap.ok(bool(banner), f"“{name_of(prefs)}” shows the refusal in a banner")
        auditor.audit(prefs)
        # Back to the first page, the password, and Save by keyboard.
        nodes = walk(prefs)
        for node in nodes:
            if node.role == "radio button" and node.path == min(
                    (n.path for n in nodes if n.role == "radio button"), default=None):
                do_action(node.obj, "click")
        nodes = wait_for(lambda: (lambda ns: ns if any(n.role == "password text" for n in ns)
                                  else None)(walk(prefs)))
        entry = next(n.obj for n in nodes if n.role == "password text")
        set_text(entry, GOOD_PASSWORD)
        auditor.enter_in(prefs, entry)
        tap.ok(bool(wait_for(lambda: item.prop("IconName") == f"{APP_ID}-idle")),
               f"saving the right password connects {item.prop('IconName')} {[name_of(w) for w in auditor.windows()]}")

        # Everything the windows can show: connections, progress, the log,
        # a session, a conversation.
        for line in ("connections Dial-up,Leased line", "progress 40 60 0", "log Polled",
                     "session 7\tPOP3\talice\t42\tRETR", "message alice Hello there"):
            simulator.control(line)

        actions = app_actions(session.bus, item.name)
        for action in sorted(actions):
            enabled, ptype = actions[action]
            if action in NO_WINDOW or ptype != "":
                continue
            if not enabled:
                tap.ok(False, f"action {action} is enabled once connected")
                continue
            before = auditor.windows()
            activate(session.bus, item.name, action)
            opened = auditor.wait_new_windows(before)
            if not tap.ok(bool(opened), f"action {action} shows a window (if it is not meant "
                                        "to, add it to NO_WINDOW)"):
                continue
            for window in opened:
                title = f"{action}: {role_of(window)} “{name_of(window)}”"
                auditor.audit(window, title)
                if role_of(window) in ("dialog", "alert"):
                    auditor.close_with_escape(window, title)
                else:
                    # Each action starts from no window: a dialog's parent
                    # is whichever window is active.
                    auditor.close_with_titlebar(window, title)
    finally:
        if applet is not None and applet.poll() is None:
            applet.kill()
            applet.wait()
        if simulator is not None:
            simulator.stop()
        if applet_log is not None:
            applet_log.seek(0)
            for line in applet_log.read().splitlines()[-40:]:
                print(f"# applet: {line}")
            applet_log.close()
        if launcher is not None:
            launcher.terminate()
            launcher.wait()
        session.close()
    return tap.finish()


if __name__ == "__main__":
    sys.exit(main())
