#!/usr/bin/python3
"""Checks flatpak/<app id>.yml as far as that can be done offline: flatpak-builder
parses it without a warning and reads what we read, the id is the project's app
id, the command is one of the project's installed executables, every source is
a local path that exists or is pinned (git commit, archive sha256), the
finish-args are exactly the narrow set we chose, the runtime and SDK match, the
dependency modules clean up their development files, and the desktop file,
metainfo and icons carry names Flatpak exports for this app id.

Usage: check-flatpak-manifest.py --manifest M --app-id ID --source-root DIR
         --desktop-file F --metainfo F --icons-dir DIR --executables NAME...

Needs flatpak-builder and python3-yaml (scripts/lib/deps.sh installs both):
without them the check fails rather than skips. Nothing here uses the network."""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

# The narrowest set that works; flatpak/README.md says why each one is there.
EXPECTED_FINISH_ARGS = {
    "--share=network",
    "--share=ipc",
    "--socket=wayland",
    "--socket=fallback-x11",
    "--talk-name=org.kde.StatusNotifierWatcher",
}

# Named so that a failure says why the argument must not come back.
FORBIDDEN_FINISH_ARGS = [
    (re.compile(r"^--filesystem"), "no file access: autostart uses the Background portal"),
    (re.compile(r"^--socket=(session|system)-bus$"), "the whole bus is never needed"),
    (re.compile(r"^--socket=x11$"), "X11 only as fallback-x11"),
    (re.compile(r"^--talk-name=org\.freedesktop\.secrets$"),
     "libsecret uses the Secret portal inside a sandbox"),
    (re.compile(r"^--talk-name=org\.freedesktop\.Notifications$"),
     "GNotification uses the Notification portal inside a sandbox"),
    (re.compile(r"^--own-name="), "the tray item registers by object path, owning no name"),
    (re.compile(r"^--device="), "no devices are used"),
]

HEX40 = re.compile(r"^[0-9a-f]{40}$")
HEX64 = re.compile(r"^[0-9a-f]{64}$")
DEV_CLEANUP = ["/include", "/lib/pkgconfig"]

failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL: " + msg)


def ok(msg):
    print("ok: " + msg)


def show_manifest(manifest):
    """flatpak-builder's own reading of the manifest, as JSON. It runs in a
    scratch directory because it creates its state directory in the cwd."""
    builder = shutil.which("flatpak-builder")
    if builder is None:
        fail("flatpak-builder is not installed (scripts/lib/deps.sh lists it in VPOP3_DEPS_TEST)")
        return None
    with tempfile.TemporaryDirectory(prefix="vpop3-flatpak-") as scratch:
        proc = subprocess.run([builder, "--show-manifest", os.path.abspath(manifest)],
                              cwd=scratch, capture_output=True, text=True, timeout=60,
                              check=False)
    if proc.returncode != 0:
        fail(f"flatpak-builder --show-manifest exited {proc.returncode}: {proc.stderr.strip()}")
        return None
    # Unknown properties and source types are only warnings to flatpak-builder,
    # and the property is then silently dropped: treat them as errors.
    if proc.stderr.strip():
        fail("flatpak-builder --show-manifest warned: " + proc.stderr.strip())
    try:
        parsed = json.loads(proc.stdout)
    except json.JSONDecodeError as e:
        fail(f"flatpak-builder --show-manifest printed no JSON: {e}")
        return None
    ok("flatpak-builder --show-manifest parses the manifest")
    return parsed


def without_false(value):
    """flatpak-builder leaves out boolean properties that are false."""
    if isinstance(value, dict):
        return {k: without_false(v) for k, v in value.items() if v is not False}
    if isinstance(value, list):
        return [without_false(v) for v in value]
    return value


def first_difference(ours, theirs, path=""):
    if isinstance(ours, dict) and isinstance(theirs, dict):
        for key in sorted(set(ours) | set(theirs)):
            if key not in theirs:
                return f"{path}/{key}: only in our reading"
            if key not in ours:
                return f"{path}/{key}: only in flatpak-builder's"
            diff = first_difference(ours[key], theirs[key], f"{path}/{key}")
            if diff:
                return diff
        return None
    if isinstance(ours, list) and isinstance(theirs, list):
        if len(ours) != len(theirs):
            return f"{path}: {len(ours)} items here, {len(theirs)} for flatpak-builder"
        for i, (a, b) in enumerate(zip(ours, theirs)):
            diff = first_difference(a, b, f"{path}/{i}")
            if diff:
                return diff
        return None
    if ours != theirs:
        return f"{path}: {ours!r} here, {theirs!r} for flatpak-builder"
    return None


def load_module_file(base_dir, name):
    """A module given as a file name (JSON or YAML), as flatpak-builder allows."""
    import yaml  # checked in main()

    path = os.path.join(base_dir, name)
    if not os.path.isfile(path):
        fail(f"module file {name} does not exist")
        return None, base_dir
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f), os.path.dirname(path)


def all_modules(modules, base_dir, depth=0):
    """(module, the directory its relative paths start from), depth first."""
    for module in modules or []:
        if isinstance(module, str):
            module, mod_dir = load_module_file(base_dir, module)
            if module is None:
                continue
        else:
            mod_dir = base_dir
        yield module, mod_dir, depth
        yield from all_modules(module.get("modules"), mod_dir, depth + 1)


def check_source(module_name, source, base_dir):
    """Each source either exists here or is pinned to exact content."""
    if isinstance(source, str):  # a JSON file of sources
        if not os.path.isfile(os.path.join(base_dir, source)):
            fail(f"{module_name}: source file {source} does not exist")
        return
    kind = source.get("type")
    where = f"{module_name}: {kind} source"
    if kind in ("archive", "file"):
        if "path" in source:
            if not os.path.exists(os.path.join(base_dir, source["path"])):
                fail(f"{where} {source['path']} does not exist")
        elif not HEX64.match(str(source.get("sha256", ""))):
            fail(f"{where} {source.get('url')} is not pinned by a sha256 of 64 hex digits")
        elif not str(source.get("url", "")).startswith("https://"):
            fail(f"{where} {source.get('url')} is not fetched over https")
    elif kind == "git":
        if "path" in source:
            if not os.path.isdir(os.path.join(base_dir, source["path"])):
                fail(f"{where} {source['path']} does not exist")
        elif not HEX40.match(str(source.get("commit", ""))):
            fail(f"{where} {source.get('url')} is not pinned by a 40-hex commit")
        elif not str(source.get("url", "")).startswith("https://"):
            fail(f"{where} {source.get('url')} is not fetched over https")
    elif kind == "dir":
        if not os.path.isdir(os.path.join(base_dir, source.get("path", ""))):
            fail(f"{where} {source.get('path')} does not exist")
    elif kind == "patch":
        paths = source.get("paths") or [source.get("path")]
        for p in paths:
            if not p or not os.path.isfile(os.path.join(base_dir, p)):
                fail(f"{where} {p} does not exist")
    elif kind in ("script", "shell", "inline"):
        pass  # written in the manifest itself
    else:
        fail(f"{where}: a source type this check cannot verify as pinned")


def check_manifest(manifest, args, ours):
    base_dir = os.path.dirname(os.path.abspath(manifest))

    app_id = ours.get("id", ours.get("app-id"))
    if app_id == args.app_id:
        ok(f"id is the meson app id {app_id}")
    else:
        fail(f"id {app_id!r} is not the meson app id {args.app_id!r}")
    if os.path.basename(manifest) != args.app_id + ".yml":
        fail(f"manifest file {os.path.basename(manifest)} is not named after the app id")

    command = ours.get("command")
    if command in args.executables:
        ok(f"command {command} is an installed executable of the project")
    else:
        fail(f"command {command!r} is none of the project's executables {args.executables}")

    runtime, sdk = ours.get("runtime"), ours.get("sdk", "")
    version = str(ours.get("runtime-version", ""))
    if runtime != "org.gnome.Platform" or sdk.split("//")[0] != "org.gnome.Sdk":
        fail(f"runtime {runtime!r} and sdk {sdk!r} are not the GNOME Platform and Sdk")
    if not re.match(r"^[0-9]+$", version):
        fail(f"runtime-version {version!r} is not a stable GNOME runtime branch")
    elif "//" in sdk and sdk.split("//")[1] != version:
        fail(f"sdk {sdk} is not on runtime-version {version}")
    else:
        ok(f"runtime and sdk are both GNOME {version}")

    finish_args = ours.get("finish-args") or []
    for arg in finish_args:
        for pattern, why in FORBIDDEN_FINISH_ARGS:
            if pattern.match(arg):
                fail(f"finish-arg {arg} is not allowed: {why}")
    if len(finish_args) != len(set(finish_args)):
        fail("finish-args repeat an argument")
    if set(finish_args) == EXPECTED_FINISH_ARGS:
        ok("finish-args are exactly " + " ".join(sorted(EXPECTED_FINISH_ARGS)))
    else:
        extra = sorted(set(finish_args) - EXPECTED_FINISH_ARGS)
        missing = sorted(EXPECTED_FINISH_ARGS - set(finish_args))
        fail(f"finish-args differ from the narrow set: extra {extra}, missing {missing}")

    modules = list(all_modules(ours.get("modules"), base_dir))
    if not modules:
        fail("no modules")
        return
    for module, mod_dir, _ in modules:
        name = module.get("name", "?")
        sources = module.get("sources") or []
        if not sources:
            fail(f"module {name} has no sources")
        for source in sources:
            check_source(name, source, mod_dir)
    ok(f"{len(modules)} modules: every source exists here or is pinned")

    # The project itself: the last top-level module, built with meson from here.
    app_module, app_dir, depth = modules[-1]
    if depth != 0 or app_module.get("buildsystem") != "meson":
        fail("the last module is not the project built with meson")
    else:
        if "-Dbuildtype=release" not in (app_module.get("config-opts") or []):
            fail("the project is not configured with -Dbuildtype=release")
        if app_module.get("run-tests"):
            fail("the project's tests cannot run inside flatpak-builder (no session bus or keyring)")
        local = [s for s in app_module.get("sources") or []
                 if isinstance(s, dict) and s.get("type") == "dir"]
        for source in local:
            where = os.path.realpath(os.path.join(app_dir, source.get("path", "")))
            if where != os.path.realpath(args.source_root):
                fail(f"the project's dir source is {where}, not the source root {args.source_root}")
            else:
                ok("the project module builds this source tree")

    for module, _, _ in modules[:-1]:
        cleanup = module.get("cleanup") or []
        if "*" in cleanup:
            continue
        missing = [c for c in DEV_CLEANUP if c not in cleanup]
        if missing:
            fail(f"dependency module {module.get('name')} does not clean up {missing}")
    ok("dependency modules clean up headers and pkg-config files")


def check_exports(args):
    """Flatpak exports only files named after the app id; the tray icons are
    looked up by name on the host, so every one of them must qualify."""
    app_id = args.app_id
    desktop = args.desktop_file
    if os.path.basename(desktop) != app_id + ".desktop":
        fail(f"desktop file {os.path.basename(desktop)} is not {app_id}.desktop")
    keys = {}
    with open(desktop, encoding="utf-8") as f:
        for line in f:
            if "=" in line and not line.startswith("#") and "[" not in line.split("=")[0]:
                key, value = line.rstrip("\n").split("=", 1)
                keys.setdefault(key, value)
    if keys.get("Icon") != app_id:
        fail(f"desktop file Icon={keys.get('Icon')!r}, not {app_id}")
    if keys.get("Exec", "").split(" ")[0] not in args.executables:
        fail(f"desktop file Exec={keys.get('Exec')!r} is not a project executable")
    else:
        ok("desktop file is named after the app id, its Icon is the app id")

    metainfo = args.metainfo
    before = len(failures)
    if os.path.basename(metainfo) != app_id + ".metainfo.xml":
        fail(f"metainfo {os.path.basename(metainfo)} is not {app_id}.metainfo.xml")
    root = ET.parse(metainfo).getroot()
    if root.findtext("id") != app_id:
        fail(f"metainfo <id> {root.findtext('id')!r} is not {app_id}")
    launchables = [l.text for l in root.findall("launchable") if l.get("type") == "desktop-id"]
    if launchables != [app_id + ".desktop"]:
        fail(f"metainfo launchable {launchables} is not [{app_id}.desktop]")
    binaries = [b.text for b in root.findall("provides/binary")]
    for binary in binaries:
        if binary not in args.executables:
            fail(f"metainfo provides binary {binary}, which the project does not install")
    if len(failures) == before:
        ok("metainfo id and launchable match the app id")

    icons = []
    for dirpath, _, files in os.walk(args.icons_dir):
        icons += [os.path.relpath(os.path.join(dirpath, f), args.icons_dir)
                  for f in files if f.endswith((".svg", ".png"))]
    if not icons:
        fail(f"no icons under {args.icons_dir}")
    for icon in icons:
        if not os.path.basename(icon).startswith(app_id):
            fail(f"icon {icon} does not start with the app id: Flatpak will not export it")
    app_icon = os.path.join("hicolor", "scalable", "apps", app_id + ".svg")
    if app_icon not in icons:
        fail(f"no application icon {app_icon}")
    else:
        ok(f"{len(icons)} icons, all named after the app id, the application icon among them")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--manifest", required=True)
    parser.add_argument("--app-id", required=True)
    parser.add_argument("--source-root", required=True)
    parser.add_argument("--desktop-file", required=True)
    parser.add_argument("--metainfo", required=True)
    parser.add_argument("--icons-dir", required=True)
    parser.add_argument("--executables", nargs="+", required=True)
    args = parser.parse_args()

    try:
        import yaml
    except ImportError:
        fail("python3-yaml is not installed (scripts/lib/deps.sh lists it in VPOP3_DEPS_TEST)")
        return 1

    with open(args.manifest, encoding="utf-8") as f:
        ours = yaml.safe_load(f)
    if not isinstance(ours, dict):
        fail("the manifest is not a YAML mapping")
        return 1

    theirs = show_manifest(args.manifest)
    if theirs is not None:
        diff = first_difference(without_false(ours), theirs)
        if diff:
            fail("flatpak-builder reads the manifest differently: " + diff)
        else:
            ok("flatpak-builder's JSON equals our reading of the YAML")

    check_manifest(args.manifest, args, ours)
    check_exports(args)

    print(f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
