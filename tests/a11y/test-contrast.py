#!/usr/bin/python3
"""The colours style.css gives meaning to stay readable in every theme: the
orange and red Last Poll badges (their text on their background) and the
collection and sending bars (the filled part against the empty track and
against the window, and the bar's own text) keep a WCAG 2 contrast ratio of at
least 4.5:1 in Adwaita, Adwaita dark, HighContrast and HighContrastInverse.

Measured on rendered pixels: contrast-probe renders the real status window,
styled by the application's own CSS, in each theme (switched as a desktop
switches it), and tells where the widgets are. The badge's colour is the most
common one in it, its text the pixel that differs most from it; the same for
a bar's text above its trough. Anti-aliasing only lowers what is measured, so
a pass is never flattered. Prints TAP.

Usage: test-contrast.py CONTRAST-PROBE
"""

import collections
import json
import os
import shutil
import subprocess
import sys
import tempfile

import gi

gi.require_version("GdkPixbuf", "2.0")
from gi.repository import GdkPixbuf  # noqa: E402

THEMES = ["Adwaita", "Adwaita:dark", "HighContrast", "HighContrastInverse"]
MINIMUM = 4.5
# The widths at which the bars are sampled: the probe fills both past half
# (45 % and 60 %), so a tenth in is filled and nine tenths in is empty.
FILLED_AT, EMPTY_AT = 0.1, 0.9


def luminance(rgb):
    """WCAG 2 relative luminance of an sRGB colour given as 0-255 values."""
    def linear(c):
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(a, b):
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def hexcolour(rgb):
    return "#%02x%02x%02x" % rgb


class Image:
    def __init__(self, path):
        pixbuf = GdkPixbuf.Pixbuf.new_from_file(path)
        self.data = pixbuf.get_pixels()
        self.stride = pixbuf.get_rowstride()
        self.channels = pixbuf.get_n_channels()

    def at(self, x, y):
        i = y * self.stride + x * self.channels
        return tuple(self.data[i:i + 3])

    def region(self, x0, y0, x1, y1):
        return [self.at(x, y) for y in range(y0, y1) for x in range(x0, x1)]


def mode(pixels):
    return collections.Counter(pixels).most_common(1)[0][0]


def text_on(pixels):
    """(background, text): the commonest colour, and the one most unlike it."""
    background = mode(pixels)
    return background, max(pixels, key=lambda p: ratio(p, background))


def badge(image, rect):
    """The Last Poll badge: its colour and its text's. The rounded corners,
    where the window shows through, are left out."""
    x, y, w, h = rect
    return text_on(image.region(x + 5, y, x + w - 5, y + h))


def bar(image, rect):
    """A progress bar: (fill, track, window, text) colours, or None when no
    trough is found. The trough is the rows, from the bottom up, where the
    filled and the empty columns differ; the fill and the track are their
    commonest colours inside their borders (the first and last rows); the
    text is above."""
    x, y, w, h = rect
    filled, empty = x + int(w * FILLED_AT), x + int(w * EMPTY_AT)
    rows = [r for r in range(y, y + h) if image.at(filled, r) != image.at(empty, r)]
    if not rows:
        return None
    top = rows[0]
    inside = rows[1:-1] if len(rows) > 2 else rows
    fill = mode([image.at(filled, r) for r in inside])
    track = mode([image.at(empty, r) for r in inside])
    window, text = text_on(image.region(x, y, x + w, top))
    return fill, track, window, text


def main():
    probe = sys.argv[1]
    count = 0
    failed = 0

    def ok(condition, what):
        nonlocal count, failed
        count += 1
        if not condition:
            failed += 1
        print(f"{'ok' if condition else 'not ok'} {count} {what}", flush=True)
        return condition

    def check(theme, what, a, b):
        value = ratio(a, b)
        ok(value >= MINIMUM,
           f"{theme}: {what} {hexcolour(a)} on {hexcolour(b)}: {value:.2f}:1 (at least {MINIMUM}:1)")

    outdir = tempfile.mkdtemp(prefix="vpop3-contrast-")
    env = dict(os.environ)
    # The probe switches themes as a desktop does; GTK_THEME would override that.
    env.pop("GTK_THEME", None)
    run = subprocess.run([probe, outdir] + THEMES, env=env, capture_output=True, text=True)
    shots = {}
    for line in run.stdout.splitlines():
        if line.startswith("{"):
            shot = json.loads(line)
            shots[(shot["theme"], shot["state"])] = shot
    if not ok(run.returncode == 0 and len(shots) == 2 * len(THEMES),
              f"the probe rendered every theme in both states (exit {run.returncode})"):
        for line in run.stderr.splitlines()[-30:]:
            print(f"# probe: {line}")
        print(f"1..{count}")
        return 1

    # Each theme really was applied: four different window backgrounds.
    windows = {}
    for theme in THEMES:
        shot = shots[(theme, "partial")]
        measured = bar(Image(shot["png"]), shot["collect_bar"]) if "collect_bar" in shot else None
        windows[theme] = measured and measured[2]
    ok(None not in windows.values() and len(set(windows.values())) == len(THEMES),
       f"each theme draws its own window background "
       f"({', '.join(f'{t} {hexcolour(c) if c else None}' for t, c in windows.items())})")

    for theme in THEMES:
        for state, poll, send in (("partial", "orange Last Poll", "red (direct) sending bar"),
                                  ("failed", "red Last Poll", "green (relay) sending bar")):
            shot = shots[(theme, state)]
            image = Image(shot["png"])
            missing = [w for w in ("last_poll_label", "collect_bar", "send_bar") if w not in shot]
            if not ok(not missing, f"{theme}, {state}: every coloured widget is shown ({missing})"):
                continue

            background, text = badge(image, shot["last_poll_label"])
            window = windows[theme]
            # A badge that is not drawn would measure the theme's own label.
            ok(ratio(background, window) > 1.2,
               f"{theme}: the {poll} is a badge ({hexcolour(background)} on {hexcolour(window)})")
            check(theme, f"{poll} text", text, background)

            bars = [("sending", send, shot["send_bar"])]
            if state == "partial":
                bars.insert(0, ("collection", "blue collection bar", shot["collect_bar"]))
            for short, name, rect in bars:
                measured = bar(image, rect)
                if not ok(measured is not None, f"{theme}: the {name} has a trough"):
                    continue
                fill, track, window, text = measured
                check(theme, f"{name}: filled part against the empty track", fill, track)
                check(theme, f"{name}: filled part against the window", fill, window)
                check(theme, f"{short} bar's text", text, window)

    if failed:
        print(f"# the rendered windows are kept in {outdir}")
    else:
        shutil.rmtree(outdir, ignore_errors=True)
    print(f"1..{count}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
