"""KDE Plasma 5.27 on Xvfb: kwin_x11, kded5 (whose statusnotifierwatcher
module is the watcher) and plasmashell with its default layout, whose
bottom panel holds the system tray. Read from screenshots, clicked with
xdotool (screenhost.py has the checks)."""

from screenhost import X11Host

SIZE = (1280, 800)
# The default panel is 44 px high at the bottom; the tray is in its right half.
PANEL = (SIZE[0] // 2, SIZE[1] - 44, SIZE[0] // 2, 44)


class Plasma(X11Host):
    label = "Plasma's system tray"
    host_names = {"kded5"}
    applet_env = {"GDK_BACKEND": "x11"}

    def __init__(self, desk):
        super().__init__(desk, SIZE, PANEL)

    def setup(self):
        desk, env = self.desk, self.env
        desk.start_system_bus()
        desk.start_xvfb("%dx%d" % SIZE)
        env.update({"XDG_CURRENT_DESKTOP": "KDE", "XDG_SESSION_DESKTOP": "KDE",
                    "KDE_FULL_SESSION": "true", "KDE_SESSION_VERSION": "5",
                    "XDG_SESSION_TYPE": "x11", "QT_QPA_PLATFORM": "xcb"})
        desk.update_activation_environment(
            ["HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_RUNTIME_DIR",
             "DISPLAY", "DBUS_SYSTEM_BUS_ADDRESS", "XDG_CURRENT_DESKTOP", "KDE_FULL_SESSION",
             "KDE_SESSION_VERSION", "QT_QPA_PLATFORM"])
        kwin = desk.spawn("kwin", ["kwin_x11", "--replace"])
        desk.spawn("kded5", ["kded5"])
        # The session bus activates nothing (no service folders): plasmashell
        # will not load its shell without the activity manager.
        desk.spawn("kactivitymanagerd",
                   ["/usr/lib/x86_64-linux-gnu/libexec/kactivitymanagerd"])
        desk.spawn("kglobalaccel", ["kglobalaccel5"])
        desk.wait(lambda: desk.has_name("org.kde.ActivityManager"))
        shell = desk.spawn("plasmashell", ["plasmashell", "--no-respawn"])
        up = desk.wait(lambda: kwin.poll() is None and shell.poll() is None
                       and desk.has_name("org.kde.StatusNotifierWatcher")
                       and desk.has_name("org.kde.plasmashell")
                       and desk.has_name("org.kde.KWin"))
        return desk.check(bool(up), "kwin_x11, kded5 and plasmashell are up; kded5 owns the"
                          " StatusNotifierWatcher")


def run(desk, _variant):
    host = Plasma(desk)
    if host.setup():
        host.run_checks()
