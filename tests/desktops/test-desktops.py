#!/usr/bin/python3
"""The applet in a real desktop shell, headless: scripts/lib/desktops/run.py
for the desktops named, in TAP. Skipped as a whole ("1..0 # SKIP", which
meson reads as a skip; an exit status other than 0 would be an error) only
when the shell is not installed; any other trouble is a failure.

Usage: test-desktops.py BUILDDIR NAME…
"""

import os
import shutil
import subprocess
import sys

SOURCE_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# The program each desktop needs, the first thing scripts/desktops would install.
PROGRAMS = {"gnome-wayland": "gnome-shell", "gnome-x11": "gnome-shell", "plasma": "plasmashell",
            "sway": "sway", "xfce": "xfce4-panel"}


def main():
    build, names = sys.argv[1], sys.argv[2:]
    missing = sorted({PROGRAMS[n] for n in names if shutil.which(PROGRAMS[n]) is None})
    if missing:
        print(f"1..0 # SKIP not installed: {' '.join(missing)}", flush=True)
        return 0
    return subprocess.run(
        ["/usr/bin/python3", os.path.join(SOURCE_ROOT, "scripts", "lib", "desktops", "run.py"),
         "--tap", "--build", build, *names]).returncode


if __name__ == "__main__":
    sys.exit(main())
