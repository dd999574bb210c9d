"""GNOME Shell 43 with the AppIndicator extension, headless: on Wayland
(`--headless --wayland --virtual-monitor`, no X server) or on X11 (Xvfb).

The shell itself answers every check through org.gnome.Shell.Eval, which a
tiny user extension opens for this session only (GNOME 43 has no
--unsafe-mode flag): the indicator's actor in Main.panel.statusArea and the
icon file it shows, its menu open and its items, the titles of the windows.
Clicks come from a Clutter virtual pointer made inside the shell (headless
mutter has no input device).
"""

import json
import os
import subprocess

from common import APP_ID, CALL_TIMEOUT_MS, MENU_LABELS, STATES, Gio, GLib, spin

EXTENSION = "ubuntu-appindicators@ubuntu.com"
UNSAFE = "vpop3-desktops-unsafe@vpop3monitor.github.io"
SIZE = (1280, 800)

# Helpers kept in the shell for the checks; every one returns plain data.
HELPERS = """
global._vpop3 = {
  find() {
    const entry = Object.entries(imports.ui.main.panel.statusArea).find(([key, actor]) =>
      key.startsWith('appindicator-') && actor && actor._indicator &&
      actor._indicator.id === '%(app_id)s');
    return entry ? entry[1] : null;
  },
  indicator() {
    const a = this.find();
    if (!a)
      return null;
    let gicon = a._icon ? a._icon.gicon : null;
    const Gio = imports.gi.Gio;
    if (gicon instanceof Gio.EmblemedIcon)
      gicon = gicon.get_icon();
    const file = gicon && gicon.get_file ? gicon.get_file().get_path() : null;
    const [x, y] = a.get_transformed_position();
    const [w, h] = a.get_transformed_size();
    return {
      shown: a.visible && a.mapped && !!a._icon && a._icon.mapped && w > 0 && h > 0,
      x, y, w, h, file,
      tooltip: a.get_accessible_name ? a.get_accessible_name() : null,
    };
  },
  menu() {
    const a = this.find();
    if (!a)
      return null;
    const box = a.menu.actor;
    const [x, y] = box.get_transformed_position();
    const [w, h] = box.get_transformed_size();
    return {
      open: a.menu.isOpen, x, y, w, h,
      items: a.menu._getMenuItems().filter(i => i.visible && i.label)
        .map(i => i.label.text),
    };
  },
  closeMenu() {
    const a = this.find();
    if (a)
      a.menu.close();
    return true;
  },
  windows() {
    return global.get_window_actors().map(w => {
      const r = w.meta_window.get_frame_rect();
      return { title: w.meta_window.get_title(), x: r.x, y: r.y, w: r.width, h: r.height };
    });
  },
  click(x, y, button) {
    const Clutter = imports.gi.Clutter;
    const GLib = imports.gi.GLib;
    if (!this.pointer)
      this.pointer = Clutter.get_default_backend().get_default_seat()
        .create_virtual_device(Clutter.InputDeviceType.POINTER_DEVICE);
    this.pointer.notify_absolute_motion(GLib.get_monotonic_time(), x, y);
    this.pointer.notify_button(GLib.get_monotonic_time(), button, Clutter.ButtonState.PRESSED);
    this.pointer.notify_button(GLib.get_monotonic_time(), button, Clutter.ButtonState.RELEASED);
    return true;
  },
  // The shell starts in the overview, and tells of the unsafe mode in a
  // banner: neither belongs in the screenshots.
  settle() {
    const main = imports.ui.main;
    if (main.layoutManager._startingUp)
      return false;
    main.overview.hide();
    main.messageTray.getSources().forEach(s => s.destroy());
    return !main.overview.visible && !main.overview.animationInProgress &&
      main.messageTray.getSources().length === 0;
  },
  scale() {
    return imports.gi.St.ThemeContext.get_for_stage(global.stage).scale_factor;
  },
};
true;
""" % {"app_id": APP_ID}


class Gnome:
    def __init__(self, desk, wayland, scale=1):
        self.desk = desk
        self.wayland = wayland
        self.scale = scale
        self.shell = None

    def eval(self, code):
        """org.gnome.Shell.Eval: (success, parsed result or error text)."""
        try:
            reply = self.desk.bus.call_sync(
                "org.gnome.Shell", "/org/gnome/Shell", "org.gnome.Shell", "Eval",
                GLib.Variant("(s)", (code,)), GLib.VariantType("(bs)"),
                Gio.DBusCallFlags.NONE, CALL_TIMEOUT_MS, None)
        except GLib.Error as error:
            return False, error.message
        success, text = reply.unpack()
        if not success:
            return False, text
        return True, json.loads(text) if text else None

    def call(self, code):
        success, value = self.eval(code)
        return value if success else None

    def setup(self):
        desk, env = self.desk, self.desk.env
        desk.start_system_bus()
        # The unsafe-mode extension: Eval and the screenshot API for this session.
        folder = os.path.join(env["XDG_DATA_HOME"], "gnome-shell", "extensions", UNSAFE)
        os.makedirs(folder)
        with open(os.path.join(folder, "metadata.json"), "w") as f:
            json.dump({"uuid": UNSAFE, "name": "vpop3 desktops: unsafe mode",
                       "description": "Test sessions only: org.gnome.Shell.Eval.",
                       "shell-version": ["43", "44"]}, f)
        with open(os.path.join(folder, "extension.js"), "w") as f:
            f.write("/* Test sessions only (scripts/desktops): opens Eval. */\n"
                    "function init() {}\n"
                    "function enable() { global.context.unsafe_mode = true; }\n"
                    "function disable() { global.context.unsafe_mode = false; }\n")
        for schema, key, value in (
                ("org.gnome.shell", "disable-user-extensions", "false"),
                ("org.gnome.shell", "enabled-extensions", f"['{EXTENSION}', '{UNSAFE}']"),
                ("org.gnome.shell", "welcome-dialog-last-shown-version", "'999'"),
                ("org.gnome.desktop.interface", "enable-animations", "false"),
                ("org.gnome.desktop.interface", "scaling-factor", str(self.scale))):
            subprocess.run(["gsettings", "set", schema, key, value], env=env, check=True)

        argv = ["gnome-shell", "--sm-disable"]
        if self.wayland:
            env["WAYLAND_DISPLAY"] = f"vpop3-{os.getpid()}"
            argv += ["--headless", "--wayland", "--no-x11", "--wayland-display",
                     env["WAYLAND_DISPLAY"], "--virtual-monitor", "%dx%d" % SIZE]
            env["XDG_SESSION_TYPE"] = "wayland"
        else:
            desk.start_xvfb("%dx%d" % SIZE)
            argv += ["--x11", "--replace"]
            env["XDG_SESSION_TYPE"] = "x11"
        env["XDG_CURRENT_DESKTOP"] = "GNOME"
        desk.update_activation_environment(
            ["HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_RUNTIME_DIR",
             "DISPLAY", "WAYLAND_DISPLAY", "GSETTINGS_BACKEND", "DBUS_SYSTEM_BUS_ADDRESS"])
        self.shell = desk.spawn("gnome-shell", argv)
        # Up when Eval answers (the unsafe extension is enabled after the
        # AppIndicator one) and the watcher is there.
        up = desk.wait(lambda: self.shell.poll() is None and self.eval(HELPERS)[0]
                       and desk.has_name("org.kde.StatusNotifierWatcher"))
        up = up and desk.wait(lambda: self.call("global._vpop3.settle()"))
        return desk.check(bool(up), f"gnome-shell {'Wayland' if self.wayland else 'X11'} is up"
                          " with the AppIndicator extension and Eval, out of the overview")

    def run(self):
        desk = self.desk
        if not self.setup():
            return
        desk.start_simulator()
        extra = {"GDK_BACKEND": "wayland"} if self.wayland else {"GDK_BACKEND": "x11"}
        desk.start_applet(extra)
        item = desk.check_registered({"gnome-shell"})
        if item is None:
            return
        # The icon in the panel, and the very file the shell loaded for it.
        state = desk.wait(lambda: (lambda s: s if s and s["shown"] and s["file"] and
                                   s["file"].endswith(f"{APP_ID}-idle.svg") else None)(
            self.call("global._vpop3.indicator()")))
        last = self.call("global._vpop3.indicator()")
        desk.check(bool(state), f"the icon is shown in the top bar: {describe(last)}")
        if not state:
            return
        self.shoot_tray(state)
        # Left click opens the indicator's menu, holding the original's items.
        menu = desk.wait_menu(item)
        desk.check(menu is not None, "the item's dbusmenu layout holds the original's items")
        cx, cy = state["x"] + state["w"] / 2, state["y"] + state["h"] / 2
        self.call(f"global._vpop3.click({cx}, {cy}, 1)")
        shown = desk.wait(lambda: (lambda m: m if m and m["open"] and all(
            label in m["items"] for label in MENU_LABELS) else None)(
            self.call("global._vpop3.menu()")))
        last = self.call("global._vpop3.menu()")
        desk.check(bool(shown), "left click opens the menu, holding the original's items:"
                   f" {last['items'] if last else None}")
        if shown:
            self.shoot_menu(state, shown)
        self.call("global._vpop3.closeMenu()")
        desk.wait(lambda: not (self.call("global._vpop3.menu()") or {}).get("open"))
        # Middle click: SecondaryActivate, the status window.
        self.call(f"global._vpop3.click({cx}, {cy}, 2)")
        window = desk.wait(lambda: next((w for w in self.call("global._vpop3.windows()") or []
                                         if w["title"] == "VPOP3 Status"), None))
        titles = [w["title"] for w in self.call("global._vpop3.windows()") or []]
        desk.check(window is not None, f"middle click opens the VPOP3 Status window: {titles}")
        if window:
            self.shoot_window(window)
        # The icon follows the state, in the shell.
        for name, _controls in STATES:
            desk.set_state(name)
            ok = desk.wait(lambda: ((self.call("global._vpop3.indicator()") or {}).get("file")
                                    or "").endswith(f"{APP_ID}-{name}.svg"))
            last = self.call("global._vpop3.indicator()")
            desk.check(bool(ok), f"{name}: the top bar shows {os.path.basename(last['file']) if last and last['file'] else None}")

    # -- screenshots -----------------------------------------------------------

    def screenshot(self):
        # What is on screen now may not be drawn yet: a moment for the frame
        # (for the picture only, nothing is asserted on it).
        self.desk.wait(lambda: self.call("global._vpop3.settle()"))
        spin(0.5)
        path = os.path.join(self.desk.scratch, "screen.png")
        reply = self.desk.bus.call_sync(
            "org.gnome.Shell.Screenshot", "/org/gnome/Shell/Screenshot",
            "org.gnome.Shell.Screenshot", "Screenshot", GLib.Variant("(bbs)", (False, False, path)),
            GLib.VariantType("(bs)"), Gio.DBusCallFlags.NONE, CALL_TIMEOUT_MS, None)
        success, used = reply.unpack()
        return used if success else None

    def crop(self, name, x, y, w, h, zoom=1):
        if not self.desk.shots:
            return
        screen = self.screenshot()
        if screen is None:
            return
        x, y = max(0, int(x)), max(0, int(y))
        out = os.path.join(self.desk.shots, f"{name}.png")
        argv = ["convert", screen, "-crop", f"{int(w)}x{int(h)}+{x}+{y}", "+repage"]
        if zoom != 1:
            argv += ["-filter", "point", "-resize", f"{zoom * 100}%"]
        subprocess.run(argv + [out], check=True)

    def shoot_tray(self, state, name="tray"):
        # The right end of the top bar, from a little left of the icon.
        x = max(0, state["x"] - 120 * self.scale)
        self.crop(name, x, 0, SIZE[0] * self.scale - x, state["y"] + state["h"],
                  zoom=2 if self.scale == 1 else 1)

    def shoot_menu(self, state, menu):
        x = min(state["x"], menu["x"]) - 16
        self.crop("menu", x, 0, SIZE[0] * self.scale - x, menu["y"] + menu["h"] + 16)

    def shoot_window(self, window):
        self.crop("status", window["x"], window["y"], window["w"], window["h"])


def describe(state):
    if not state:
        return "no indicator in Main.panel.statusArea"
    return (f"shown={state['shown']} at {state['x']:.0f},{state['y']:.0f}"
            f" {state['w']:.0f}x{state['h']:.0f}, {os.path.basename(state['file'] or 'no file')}")


def run(desk, variant):
    Gnome(desk, wayland=variant == "wayland").run()
