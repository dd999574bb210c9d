"""xfce4-panel 4.18 on Xvfb with its status tray (the systray plugin, an SNI
host), as scripts/screenshots shows it: the panel of
scripts/lib/panel/xfce4-panel.xml at the top, xfconfd for its settings, no
window manager. Read from screenshots, clicked with xdotool (screenhost.py
has the checks)."""

import os
import shutil

from common import SOURCE_ROOT
from screenhost import X11Host

SIZE = (1280, 800)
PANEL = (SIZE[0] // 2, 0, SIZE[0] // 2, 32)
XFCONFD = "/usr/lib/x86_64-linux-gnu/xfce4/xfconf/xfconfd"


class Xfce(X11Host):
    label = "xfce4-panel's status tray"
    # The systray plugin runs inside the panel, or in the panel's plugin wrapper.
    host_names = {"xfce4-panel", "wrapper-2.0", "panel-2-systray"}
    applet_env = {"GDK_BACKEND": "x11"}

    def __init__(self, desk):
        super().__init__(desk, SIZE, PANEL)

    def setup(self):
        desk, env = self.desk, self.env
        desk.start_xvfb("%dx%d" % SIZE)
        env.update({"XDG_CURRENT_DESKTOP": "XFCE", "XDG_SESSION_TYPE": "x11"})
        folder = os.path.join(env["XDG_CONFIG_HOME"], "xfce4", "xfconf", "xfce-perchannel-xml")
        os.makedirs(folder)
        shutil.copy(os.path.join(SOURCE_ROOT, "scripts", "lib", "panel", "xfce4-panel.xml"),
                    folder)
        # The session bus activates nothing (no service folders): the
        # settings daemon is started here.
        desk.spawn("xfconfd", [XFCONFD])
        desk.wait(lambda: desk.has_name("org.xfce.Xfconf"))
        panel = desk.spawn("xfce4-panel", ["xfce4-panel"])
        up = desk.wait(lambda: panel.poll() is None
                       and desk.has_name("org.kde.StatusNotifierWatcher"))
        return desk.check(bool(up), "xfce4-panel is up and its status tray owns the"
                          " StatusNotifierWatcher")


def run(desk, _variant):
    host = Xfce(desk)
    if host.setup():
        host.run_checks()
