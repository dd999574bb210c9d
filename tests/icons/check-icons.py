#!/usr/bin/python3
"""Checks the pillar-box icons in data/icons: the expected files and no others,
well-formed self-contained SVG, the right viewBox, single-colour symbolic
icons, and renders at tray sizes that tell the states apart.

Usage: check-icons.py ICONS_DIR   (the folder that holds hicolor/)
Needs xmllint (libxml2-utils) and rsvg-convert (librsvg2-bin); standard
library only otherwise, so it runs under /usr/bin/python3 anywhere."""

import configparser
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zlib

APP_ID = "io.github.vpop3monitor.Vpop3Monitor"
STATES = ["idle", "fat", "letter", "fat-letter", "disconnected"]
TRAY_SIZES = [16, 22, 24, 32]
SYMBOLIC_COLOUR = "#2e3436"
SVG_NS = "{http://www.w3.org/2000/svg}"

failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL: " + msg)


def expected_icons():
    """(relative path, kind) for every icon the applet and installer rely on."""
    icons = [(f"hicolor/scalable/apps/{APP_ID}.svg", "app"),
             (f"hicolor/symbolic/apps/{APP_ID}-symbolic.svg", "symbolic")]
    for state in STATES:
        icons.append((f"hicolor/scalable/status/{APP_ID}-{state}.svg", "status"))
        icons.append((f"hicolor/symbolic/apps/{APP_ID}-{state}-symbolic.svg", "symbolic"))
    return icons


INDEX_THEME = "hicolor/index.theme"


def check_index_theme(root, icons):
    """The uninstalled folder is given to tray hosts as IconThemePath; GTK hosts
    (waybar) find nothing there unless hicolor/index.theme lists every folder
    that holds an icon, as a scalable directory."""
    path = os.path.join(root, INDEX_THEME)
    if not os.path.isfile(path):
        fail(f"{INDEX_THEME}: missing (GTK tray hosts show an empty slot)")
        return
    theme = configparser.ConfigParser(interpolation=None)
    theme.optionxform = str
    try:
        theme.read(path, encoding="utf-8")
        listed = [d.strip() for d in theme["Icon Theme"]["Directories"].split(",") if d.strip()]
    except (configparser.Error, KeyError) as error:
        fail(f"{INDEX_THEME}: unreadable: {error}")
        return
    needed = sorted({os.path.dirname(p)[len("hicolor/"):] for p, _ in icons})
    for folder in needed:
        if folder not in listed:
            fail(f"{INDEX_THEME}: Directories does not list {folder}")
        elif theme.get(folder, "Type", fallback="") != "Scalable":
            fail(f"{INDEX_THEME}: [{folder}] is not Type=Scalable")


def check_tree(root, icons):
    # An SVG left behind (or misnamed) would never be installed by meson.build.
    wanted = {path for path, _ in icons}
    found = set()
    for folder, _, files in os.walk(os.path.join(root, "hicolor")):
        for name in files:
            found.add(os.path.relpath(os.path.join(folder, name), root))
    found.discard(INDEX_THEME)
    for path in sorted(wanted - found):
        fail(f"{path}: missing")
    for path in sorted(found - wanted):
        fail(f"{path}: not an expected icon")
    return not (wanted - found)


def colours_in(element):
    """Every paint value the element sets, from attributes and style=""."""
    values = []
    for attr in ("fill", "stroke", "stop-color", "color", "flood-color"):
        if attr in element.attrib:
            values.append((attr, element.attrib[attr].strip()))
    for decl in element.attrib.get("style", "").split(";"):
        if ":" in decl:
            key, value = decl.split(":", 1)
            values.append((key.strip(), value.strip()))
    return values


def check_svg(path, kind):
    name = os.path.basename(path)
    result = subprocess.run(["xmllint", "--noout", path], capture_output=True, text=True)
    if result.returncode != 0:
        fail(f"{name}: xmllint: {result.stderr.strip()}")
        return
    text = open(path, encoding="utf-8").read()
    root = ET.fromstring(text)
    if root.tag != SVG_NS + "svg":
        fail(f"{name}: root element is {root.tag}, not svg")
        return
    size = 128 if kind == "app" else 16
    viewbox = root.attrib.get("viewBox", "").split()
    if [float(v) for v in viewbox] != [0, 0, size, size]:
        fail(f"{name}: viewBox is {viewbox}, want 0 0 {size} {size}")
    # Self-contained and lean: no bitmaps, nothing fetched, no editor metadata.
    for bad in ("inkscape", "sodipodi", "<metadata", "<image", "<script", "@import"):
        if bad in text.lower():
            fail(f"{name}: contains {bad}")
    for element in root.iter():
        for attr, value in element.attrib.items():
            if attr.endswith("href") and not value.startswith("#"):
                fail(f"{name}: external reference {value}")
            for ref in re.findall(r"url\(([^)]*)\)", value):
                if not ref.strip().startswith("#"):
                    fail(f"{name}: external reference {ref}")
    if kind == "symbolic":
        check_symbolic(name, root)


def check_symbolic(name, root):
    # GTK recolours symbolic icons by overriding fill only, so anything that
    # is not a plain #2e3436 fill would keep its colour on a dark panel.
    for element in root.iter():
        tag = element.tag.replace(SVG_NS, "")
        if tag in ("linearGradient", "radialGradient", "pattern", "mask", "filter"):
            fail(f"{name}: uses <{tag}>")
        for attr, value in colours_in(element):
            if attr == "fill" and value.lower() == SYMBOLIC_COLOUR:
                continue
            if attr == "stroke" and value == "none":
                continue
            fail(f"{name}: {attr}={value} (only fill {SYMBOLIC_COLOUR} is allowed)")
        if tag in ("path", "rect", "circle", "ellipse", "polygon") and "fill" not in element.attrib:
            fail(f"{name}: <{tag}> without an explicit fill")


def render(svg, size, out):
    result = subprocess.run(["rsvg-convert", "-w", str(size), "-h", str(size), "-f", "png",
                             "-o", out, svg], capture_output=True, text=True)
    if result.returncode != 0 or result.stderr.strip():
        fail(f"{os.path.basename(svg)} at {size} px: rsvg-convert: {result.stderr.strip()}")
        return None
    return decode_png(out)


def decode_png(path):
    """(width, height, rows of RGBA tuples) for the 8-bit RGBA PNGs rsvg-convert writes."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path}: not a PNG")
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, ctype = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if ctype == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif ctype == b"IDAT":
            idat += chunk
    width, height, depth, colour_type, _, _, interlace = header
    if (depth, colour_type, interlace) != (8, 6, 0):
        raise ValueError(f"{path}: expected 8-bit RGBA, not interlaced")
    raw, stride, bpp = zlib.decompress(idat), width * 4, 4
    rows, prev = [], bytearray(stride)
    for y in range(height):
        ftype = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if ftype == 1:
                line[i] = (line[i] + a) & 0xFF
            elif ftype == 2:
                line[i] = (line[i] + b) & 0xFF
            elif ftype == 3:
                line[i] = (line[i] + (a + b) // 2) & 0xFF
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        rows.append([tuple(line[x * 4:x * 4 + 4]) for x in range(width)])
        prev = line
    return width, height, rows


def opaque_width(rows):
    columns = [x for row in rows for x, px in enumerate(row) if px[3] >= 128]
    return max(columns) - min(columns) + 1 if columns else 0


def white_pixels(rows):
    return sum(1 for row in rows for px in row if px[3] >= 200 and min(px[:3]) >= 230)


def pixels_differing(a, b):
    return sum(1 for ra, rb in zip(a, b) for pa, pb in zip(ra, rb)
               if max(abs(x - y) for x, y in zip(pa, pb)) > 32)


def check_renders(root, icons, tmp):
    renders = {}
    for path, kind in icons:
        svg = os.path.join(root, path)
        sizes = [128] + TRAY_SIZES if kind == "app" else TRAY_SIZES
        for size in sizes:
            out = os.path.join(tmp, f"{os.path.basename(path)}-{size}.png")
            image = render(svg, size, out)
            if image is None:
                continue
            width, height, rows = image
            if (width, height) != (size, size):
                fail(f"{path} at {size} px: rendered {width}x{height}")
            elif sum(1 for row in rows for px in row if px[3] >= 64) < size * size // 8:
                fail(f"{path} at {size} px: almost nothing drawn")
            renders[(path, size)] = rows

    for kind, pattern in (("status", "hicolor/scalable/status/{}-{}.svg"),
                          ("symbolic", "hicolor/symbolic/apps/{}-{}-symbolic.svg")):
        at16 = {state: renders.get((pattern.format(APP_ID, state), 16)) for state in STATES}
        if any(rows is None for rows in at16.values()):
            continue
        # Every pair of states must look different in a 16 px tray.
        for i, first in enumerate(STATES):
            for second in STATES[i + 1:]:
                diff = pixels_differing(at16[first], at16[second])
                print(f"{kind} 16 px: {first} vs {second}: {diff} pixels differ")
                if diff < 8:
                    fail(f"{kind} {first} and {second} look alike at 16 px ({diff} pixels differ)")
        # The design's promises: a fat box is clearly wider than a plain one
        # (measured on the lower half, below any letter).
        for plain, fat in (("idle", "fat"), ("letter", "fat-letter")):
            plain_w, fat_w = opaque_width(at16[plain][8:]), opaque_width(at16[fat][8:])
            print(f"{kind} 16 px: {plain} {plain_w} px wide, {fat} {fat_w} px wide")
            if fat_w < plain_w + 3:
                fail(f"{kind} {fat} is not visibly wider than {plain} at 16 px")
        if kind == "status":
            # ...and the full-colour letter is a white one.
            idle_white = white_pixels(at16["idle"])
            for state in ("letter", "fat-letter"):
                extra = white_pixels(at16[state]) - idle_white
                print(f"status 16 px: {state} has {extra} more white pixels than idle")
                if extra < 15:
                    fail(f"status {state} shows no white letter at 16 px")


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    root = sys.argv[1]
    for tool, package in (("xmllint", "libxml2-utils"), ("rsvg-convert", "librsvg2-bin")):
        if shutil.which(tool) is None:
            print(f"FAIL: {tool} not found; install the Debian package {package}")
            return 1
    icons = expected_icons()
    check_index_theme(root, icons)
    if check_tree(root, icons):
        for path, kind in icons:
            check_svg(os.path.join(root, path), kind)
        with tempfile.TemporaryDirectory() as tmp:
            check_renders(root, icons, tmp)
    if failures:
        print(f"{len(failures)} problem(s) with the icons")
        return 1
    print(f"{len(icons)} icons checked")
    return 0


if __name__ == "__main__":
    sys.exit(main())
