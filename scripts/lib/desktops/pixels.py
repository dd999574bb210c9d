"""Reading the tray from a screenshot, for the shells that cannot be asked
what they show (Plasma, waybar, xfce4-panel): where the postbox is, and which
of the applet's icons it is (the nearest of our own SVGs drawn at that size
over the panel's colour)."""

import os
import re
import subprocess

import gi

gi.require_version("GdkPixbuf", "2.0")
from gi.repository import GdkPixbuf  # noqa: E402

from common import APP_ID, SOURCE_ROOT  # noqa: E402

ICONS = os.path.join(SOURCE_ROOT, "data", "icons", "hicolor", "scalable", "status")
STATE_NAMES = ["idle", "letter", "fat", "fat-letter", "disconnected"]
MAX_DISTANCE = 0.2
MAX_RATIO = 0.8


class Image:
    def __init__(self, path=None, pixbuf=None):
        pixbuf = pixbuf or GdkPixbuf.Pixbuf.new_from_file(path)
        self.pixbuf = pixbuf
        self.width, self.height = pixbuf.get_width(), pixbuf.get_height()
        self.channels = pixbuf.get_n_channels()
        self.stride = pixbuf.get_rowstride()
        self.data = pixbuf.get_pixels()

    def rgb(self, x, y):
        i = y * self.stride + x * self.channels
        return self.data[i], self.data[i + 1], self.data[i + 2]

    def rgba(self, x, y):
        i = y * self.stride + x * self.channels
        alpha = self.data[i + 3] if self.channels == 4 else 255
        return self.data[i], self.data[i + 1], self.data[i + 2], alpha


def is_postbox_red(rgb):
    r, g, b = rgb
    return r >= 150 and r > g + 80 and r > b + 80


def find_postbox(path, area):
    """The bounding box (x, y, w, h) of the postbox's red pixels inside
    @area (x, y, w, h) of the screenshot at @path, or None."""
    image = Image(path)
    ax, ay, aw, ah = area
    xs, ys = [], []
    for y in range(max(0, ay), min(image.height, ay + ah)):
        for x in range(max(0, ax), min(image.width, ax + aw)):
            if is_postbox_red(image.rgb(x, y)):
                xs.append(x)
                ys.append(y)
    if len(xs) < 12:  # a few stray pixels of some other red are not an icon
        return None
    return min(xs), min(ys), max(xs) - min(xs) + 1, max(ys) - min(ys) + 1


def classify(path, box, scratch):
    """Which of the applet's icons the screenshot at @path shows around @box
    (the red pixels' box of find_postbox()): (state name, {state: distance}).
    Each icon is drawn at sizes near the box's over the panel's colour and
    searched for near the box (ImageMagick's subimage search); the state
    whose icon fits best is the one shown."""
    image = Image(path)
    x, y, w, h = box
    background = "#%02x%02x%02x" % image.rgb(max(0, x - 3), max(0, y - 2))
    margin = h // 2 + 2
    left, top = max(0, x - margin), max(0, y - margin)
    width = min(image.width - left, w + 2 * margin)
    height = min(image.height - top, h + 2 * margin)
    crop = os.path.join(scratch, "classify-crop.png")
    subprocess.run(["convert", path, "-crop", f"{width}x{height}+{left}+{top}", "+repage",
                    "-alpha", "off", crop], check=True)
    scores = {}
    for state in STATE_NAMES:
        best = float("inf")
        # The postbox fills most of its icon's height.
        for size in range(h, min(height, h * 5 // 4 + 2)):
            icon = os.path.join(scratch, f"classify-{state}-{size}.png")
            subprocess.run(["rsvg-convert", "-w", str(size), "-h", str(size),
                            "-b", background, "-o", icon,
                            os.path.join(ICONS, f"{APP_ID}-{state}.svg")], check=True)
            subprocess.run(["convert", icon, "-alpha", "off", icon], check=True)
            found = subprocess.run(["compare", "-metric", "RMSE", "-dissimilarity-threshold", "1",
                                    "-subimage-search", crop, icon,
                                    "null:"], capture_output=True, text=True)
            match = re.search(r"\(([0-9.e+-]+)\)", found.stderr)
            if match:
                best = min(best, float(match.group(1)))
        scores[state] = best
    # The nearest must be near, and clearly nearer than the next: an empty
    # slot is 0.23 or more from every icon; the icons shown are within 0.17
    # of their own and at most 0.7 times as far as from the next one.
    ranked = sorted(scores.values())
    name = min(scores, key=scores.get)
    if ranked[0] >= MAX_DISTANCE or ranked[0] > MAX_RATIO * ranked[1]:
        name = "none of our icons"
    return name, scores
