"""The checks for a shell that cannot be asked what its tray shows (Plasma,
waybar, xfce4-panel): the tray read from screenshots, the menu from the
dbusmenu calls the host makes and the screen it changes, the windows from
the window manager. A shell's module subclasses ScreenHost and provides
screenshot(), click(), windows() and close_window()."""

import os
import shutil
import subprocess

import pixels
from common import STATES, MenuEvents, spin


class ScreenHost:
    label = "the tray"  # how the check lines name the host's tray
    host_names = set()  # the watcher's process, as /proc/PID/comm names it
    applet_env = {}

    def __init__(self, desk, size, panel):
        """@size: the screen (w, h); @panel: the strip (x, y, w, h) where the
        tray is."""
        self.desk = desk
        self.env = desk.env
        self.size = size
        self.panel = panel
        self.count = 0

    # -- what each shell provides --------------------------------------------

    def screenshot_to(self, path):
        raise NotImplementedError

    def click(self, x, y, button):
        raise NotImplementedError

    def windows(self):
        """[{title, x, y, w, h}] of the windows on screen (frame included)."""
        raise NotImplementedError

    def close_window(self, title):
        raise NotImplementedError

    # -- the checks --------------------------------------------------------------

    def screenshot(self):
        self.count += 1
        path = os.path.join(self.desk.scratch, f"screen-{self.count}.png")
        return path if self.screenshot_to(path) and os.path.exists(path) else None

    def run_checks(self):
        desk = self.desk
        desk.start_simulator()
        desk.start_applet(self.applet_env)
        item = desk.check_registered(self.host_names)
        if item is None:
            return
        desk.wait_icon_name(item, "idle")

        # The same box in two screenshots in a row: hosts fade or slide
        # new icons in.
        last = []

        def postbox():
            screen = self.screenshot()
            box = screen and pixels.find_postbox(screen, self.panel)
            settled = box and last and last[-1] == box
            last.append(box)
            return (screen, box) if settled else None
        found = desk.wait(postbox)
        if not found:
            self.keep("no-postbox")
        if not desk.check(bool(found), f"the postbox is drawn in {self.label}:"
                          f" {'at %d,%d %dx%d' % found[1] if found else 'no red in the panel'}"):
            return
        box = found[1]

        def shows(state):
            screen = self.screenshot()
            name, scores = pixels.classify(screen, box, desk.scratch) if screen else (None, {})
            return (screen, name, scores) if name == state else None
        tray = desk.wait(lambda: shows("idle"))
        before = tray[0] if tray else found[0]
        px, py, _pw, ph = self.panel
        self.crop(before, "tray", box[0] - 100, py, self.size[0] - box[0] + 100, ph, zoom=2)

        menu = desk.wait_menu(item)
        desk.check(menu is not None, "the item's dbusmenu layout holds the original's items")
        cx, cy = box[0] + box[2] // 2, box[1] + box[3] // 2
        events = MenuEvents(self.env["DBUS_SESSION_BUS_ADDRESS"])
        try:
            self.click(cx, cy, 1)
            opened = desk.wait(events.opened)
            after = desk.wait(lambda: (lambda s: s if self.changed(before, s) else None)(
                self.screenshot())) if opened else None
            area = self.changed(before, after) if after else None
            if not area:
                self.keep("no-menu")
            desk.check(bool(opened and area), "left click opens the menu (the host opened the"
                       f" root menu over dbusmenu: {sorted(set(m for m, _ in events.calls))};"
                       f" drawn at {area})")
            if area:
                self.shoot_menu(after, box, area)
            # Closed again (Escape, or a click elsewhere): the screen is as before.
            self.close_menu()
            desk.wait(lambda: not self.changed(before, self.screenshot()))
        finally:
            events.close()

        self.click(cx, cy, 2)
        window = desk.wait(lambda: next((w for w in self.windows()
                                         if w["title"] == "VPOP3 Status"), None))
        if window is None:
            self.keep("no-status-window")
        desk.check(window is not None, "middle click opens the VPOP3 Status window"
                   f" ({[w['title'] for w in self.windows()]})")
        if window:
            spin(1)  # the window's first frame, for the picture only
            self.crop(self.screenshot(), "status", window["x"], window["y"], window["w"],
                      window["h"])
            self.close_window("VPOP3 Status")

        for state, _controls in STATES:
            desk.set_state(state)
            icon_ok = state == "disconnected" or desk.wait_icon_name(item, state)
            result = desk.wait(lambda: shows(state))
            if not result:
                self.keep(f"not-{state}")
                screen = self.screenshot()
                result = (screen,) + pixels.classify(screen, box, desk.scratch)
            desk.check(result[1] == state and icon_ok, f"{state}: {self.label} shows {result[1]}"
                       f" (nearest of our icons; distances {fmt(result[2])})")

    def keep(self, name):
        """A screenshot into the logs, to see what went wrong."""
        screen = self.screenshot()
        if screen:
            shutil.copyfile(screen, os.path.join(self.desk.logdir, f"{name}.png"))

    def close_menu(self):
        self.click(self.size[0] // 2, self.size[1] // 2, 1)

    def changed(self, before, after):
        """The box (x, y, w, h) where @after differs from @before outside the
        panel (whose clock moves), or None."""
        if not before or not after:
            return None
        a, b = pixels.Image(before), pixels.Image(after)
        px, py, pw, ph = self.panel
        xs, ys = [], []
        for y in range(0, min(a.height, b.height), 2):
            if py <= y < py + ph:
                continue
            for x in range(0, min(a.width, b.width), 2):
                if a.rgb(x, y) != b.rgb(x, y):
                    xs.append(x)
                    ys.append(y)
        if len(xs) < 50:  # a menu is more than a blinking cursor
            return None
        return min(xs), min(ys), max(xs) - min(xs) + 2, max(ys) - min(ys) + 2

    def shoot_menu(self, screen, box, area):
        """The open menu with the tray icon it belongs to."""
        left = min(area[0], box[0]) - 16
        top = min(area[1], box[1]) - 8
        right = max(area[0] + area[2], box[0] + box[2]) + 16
        if self.size[0] - right < 200:  # the panel's end, with its clock
            right = self.size[0]
        bottom = max(area[1] + area[3], box[1] + box[3]) + 8
        self.crop(screen, "menu", left, top, right - left, bottom - top)

    def crop(self, screen, name, x, y, w, h, zoom=1):
        if not self.desk.shots or not screen:
            return
        x, y = max(0, int(x)), max(0, int(y))
        w, h = min(int(w), self.size[0] - x), min(int(h), self.size[1] - y)
        argv = ["convert", screen, "-crop", f"{w}x{h}+{x}+{y}", "+repage"]
        if zoom != 1:
            argv += ["-filter", "point", "-resize", f"{zoom * 100}%"]
        subprocess.run(argv + [os.path.join(self.desk.shots, f"{name}.png")], check=True)


def fmt(scores):
    return ", ".join(f"{k} {v:.3f}" for k, v in sorted(scores.items(), key=lambda kv: kv[1]))


class X11Host(ScreenHost):
    """A shell on our Xvfb: screenshots with ImageMagick's import, clicks and
    windows through xdotool (XTEST)."""

    def screenshot_to(self, path):
        return subprocess.run(["import", "-window", "root", path], env=self.env,
                              capture_output=True).returncode == 0

    def xdotool(self, *args):
        return subprocess.run(["xdotool", *args], env=self.env, capture_output=True, text=True)

    def click(self, x, y, button):
        self.xdotool("mousemove", str(int(x)), str(int(y)), "click", str(button))
        # Out of the way: the pointer and the tooltip would cover the icon.
        self.xdotool("mousemove", str(self.size[0] // 2), str(self.size[1] // 2))

    def close_menu(self):
        self.xdotool("key", "Escape")

    def windows(self):
        found = []
        ids = self.xdotool("search", "--onlyvisible", "--name", ".").stdout.split()
        for wid in ids:
            name = self.xdotool("getwindowname", wid).stdout.strip()
            geometry = self.xdotool("getwindowgeometry", "--shell", wid).stdout
            values = dict(line.split("=", 1) for line in geometry.split() if "=" in line)
            try:
                found.append({"title": name, "id": wid, "x": int(values["X"]),
                              "y": int(values["Y"]), "w": int(values["WIDTH"]),
                              "h": int(values["HEIGHT"])})
            except (KeyError, ValueError):
                continue
        return found

    def close_window(self, title):
        # Left open: it covers no panel, and X11 has no polite way to ask.
        pass
