"""sway 1.7 headless (pixman renderer) with waybar's tray, the applet a
native Wayland client. The whole session runs as the user nobody (sway will
not run as root; run.py starts this process so).

What waybar shows is read from screenshots (grim), the windows from sway's
tree (screenhost.py has the checks). Clicks come from a virtual pointer
(wlpointer.py): sway's own `swaymsg seat seat0 cursor set/press` moves a
cursor that no client sees while the seat has no pointer device.
"""

import glob
import json
import os
import subprocess

import wlpointer
from screenhost import ScreenHost

SIZE = (1280, 800)
BAR_HEIGHT = 30
SWAY_CONFIG = """
output HEADLESS-1 resolution {w}x{h} position 0 0 bg #3c5a78 solid_color
default_border normal
for_window [title="VPOP3 Status"] floating enable
seat seat0 hide_cursor 0
"""
WAYBAR_CONFIG = {
    "layer": "top", "position": "top", "height": BAR_HEIGHT,
    "modules-left": ["sway/workspaces"], "modules-right": ["tray", "clock"],
    "tray": {"icon-size": 22, "spacing": 8}, "clock": {"format": "{:%H:%M}"},
}


class Sway(ScreenHost):
    label = "waybar's tray"
    host_names = {"waybar"}
    applet_env = {"GDK_BACKEND": "wayland"}

    def __init__(self, desk):
        super().__init__(desk, SIZE, (SIZE[0] // 2, 0, SIZE[0] // 2, BAR_HEIGHT))
        self.pointer = None

    def swaymsg(self, *args):
        return subprocess.run(["swaymsg", *args], env=self.env, capture_output=True, text=True)

    def setup(self):
        desk, env = self.desk, self.env
        config = os.path.join(desk.scratch, "sway.conf")
        with open(config, "w") as f:
            f.write(SWAY_CONFIG.format(w=SIZE[0], h=SIZE[1]))
        env.update({"WLR_BACKENDS": "headless", "WLR_RENDERER": "pixman",
                    "WLR_LIBINPUT_NO_DEVICES": "1", "XDG_CURRENT_DESKTOP": "sway",
                    "XDG_SESSION_TYPE": "wayland"})
        runtime = env["XDG_RUNTIME_DIR"]
        sway = desk.spawn("sway", ["sway", "-c", config])
        up = desk.wait(lambda: sway.poll() is None and glob.glob(f"{runtime}/sway-ipc.*.sock")
                       and glob.glob(f"{runtime}/wayland-*.lock"))
        if not desk.check(bool(up), "sway is up (headless, pixman)"):
            return False
        env["SWAYSOCK"] = glob.glob(f"{runtime}/sway-ipc.*.sock")[0]
        env["WAYLAND_DISPLAY"] = os.path.basename(
            glob.glob(f"{runtime}/wayland-*.lock")[0])[:-len(".lock")]
        # Before waybar starts, so that it finds a seat with a pointer.
        self.pointer = wlpointer.VirtualPointer(runtime, env["WAYLAND_DISPLAY"], *SIZE)
        self.park()
        for name, content in (("waybar.json", json.dumps(WAYBAR_CONFIG)),
                              ("waybar.css", "* { font-size: 13px; }\n"
                               "window#waybar { background: #2b2b2b; color: #eeeeee; }\n")):
            with open(os.path.join(desk.scratch, name), "w") as f:
                f.write(content)
        desk.spawn("waybar", ["waybar", "-c", os.path.join(desk.scratch, "waybar.json"),
                              "-s", os.path.join(desk.scratch, "waybar.css")])
        return desk.check(bool(desk.wait(lambda: desk.has_name("org.kde.StatusNotifierWatcher"))),
                          "waybar is up and owns the StatusNotifierWatcher")

    def screenshot_to(self, path):
        return subprocess.run(["grim", path], env=self.env, capture_output=True).returncode == 0

    def click(self, x, y, button):
        self.pointer.click(x, y, button)
        self.park()

    def park(self):
        """The cursor where it covers nothing (it is in the screenshots), and
        always at the same place (the menu is found by what changed)."""
        self.pointer.move(SIZE[0] - 1, SIZE[1] - 1)

    def windows(self):
        tree = self.swaymsg("-t", "get_tree", "-r")
        found = []

        def walk(node):
            if node.get("name") and node.get("type") in ("con", "floating_con"):
                r, deco = node["rect"], node.get("deco_rect", {}).get("height", 0)
                found.append({"title": node["name"], "x": r["x"], "y": r["y"] - deco,
                              "w": r["width"], "h": r["height"] + deco})
            for child in node.get("nodes", []) + node.get("floating_nodes", []):
                walk(child)
        if tree.returncode == 0:
            walk(json.loads(tree.stdout))
        return found

    def close_window(self, title):
        self.swaymsg(f'[title="^{title}$"]', "kill")
        self.desk.wait(lambda: not any(w["title"] == title for w in self.windows()))


def run(desk, _variant):
    host = Sway(desk)
    try:
        if host.setup():
            host.run_checks()
    finally:
        if host.pointer:
            host.pointer.close()
