#!/usr/bin/python3
"""Shows that check-flatpak-manifest.py catches what it claims to: each case
breaks one thing in a copy of the real manifest and expects the checker to fail
with the matching message; the unchanged copy must pass. TAP output.

Usage: test-manifest-checker.py CHECKER -- CHECKER-ARGS...
(the same arguments meson gives the checker; --manifest and --source-root are
replaced by the copy's)."""

import os
import shutil
import subprocess
import sys
import tempfile

# (name, text to find, replacement, message the checker must print)
CASES = [
    ("unknown property", "command: vpop3-monitor", "comand: vpop3-monitor",
     "Unknown property comand"),
    ("other app id", "id: io.github.vpop3monitor.Vpop3Monitor", "id: org.example.Other",
     "is not the meson app id"),
    ("command not installed", "command: vpop3-monitor", "command: vpop3-tray",
     "is none of the project's executables"),
    ("sdk on another branch", "sdk: org.gnome.Sdk", "sdk: org.gnome.Sdk//50",
     "is not on runtime-version"),
    ("file access", "  - --share=network", "  - --share=network\n  - --filesystem=home",
     "no file access"),
    ("keyring daemon", "  - --share=network",
     "  - --share=network\n  - --talk-name=org.freedesktop.secrets", "Secret portal"),
    ("whole session bus", "  - --share=ipc", "  - --socket=session-bus",
     "the whole bus is never needed"),
    ("tray permission missing", "  - --talk-name=org.kde.StatusNotifierWatcher\n", "",
     "missing ['--talk-name=org.kde.StatusNotifierWatcher']"),
    ("git without commit", "        commit: 238c8b02718fa5b4af95ede72beeed762094f4cc\n", "",
     "is not pinned by a 40-hex commit"),
    ("archive without sha256",
     "        sha256: b9cc4a2acd74509435892823607d966d424bd9ad5d0b00938f27240a1bfa878a\n", "",
     "is not pinned by a sha256"),
    ("headers kept", "      - /include\n      - /lib/pkgconfig\n      - /lib/girepository-1.0\n"
     "      - /share/gir-1.0\n    sources:\n      - type: git\n"
     "        url: https://github.com/AyatanaIndicators/libayatana-appindicator.git",
     "      - /lib/girepository-1.0\n      - /share/gir-1.0\n    sources:\n      - type: git\n"
     "        url: https://github.com/AyatanaIndicators/libayatana-appindicator.git",
     "does not clean up ['/include', '/lib/pkgconfig']"),
    ("tests in the sandbox", "    run-tests: false", "    run-tests: true",
     "tests cannot run inside flatpak-builder"),
]


def run(checker, checker_args, manifest_text, workdir, env=None):
    flatpak_dir = os.path.join(workdir, "flatpak")
    os.makedirs(flatpak_dir, exist_ok=True)
    manifest = os.path.join(flatpak_dir, os.path.basename(checker_args["--manifest"]))
    with open(manifest, "w", encoding="utf-8") as f:
        f.write(manifest_text)
    argv = [sys.executable, checker]
    for key, value in checker_args.items():
        if key == "--manifest":
            value = manifest
        elif key == "--source-root":
            value = workdir
        argv += [key] + (value if isinstance(value, list) else [value])
    proc = subprocess.run(argv, capture_output=True, text=True, timeout=60, env=env, check=False)
    return proc.returncode, proc.stdout + proc.stderr


def parse_args(argv):
    """CHECKER -- --key value... (--executables takes the rest)."""
    checker, rest = argv[0], argv[2:]
    args, i = {}, 0
    while i < len(rest):
        key = rest[i]
        if key == "--executables":
            args[key] = rest[i + 1:]
            break
        args[key] = rest[i + 1]
        i += 2
    return checker, args


def main():
    checker, checker_args = parse_args(sys.argv[1:])
    with open(checker_args["--manifest"], encoding="utf-8") as f:
        original = f.read()

    results = []
    with tempfile.TemporaryDirectory(prefix="vpop3-manifest-") as tmp:
        code, out = run(checker, checker_args, original, os.path.join(tmp, "unchanged"))
        results.append(("the unchanged manifest passes", code == 0, out))

        for name, old, new, expected in CASES:
            if old not in original:
                results.append((name, False, f"case text not in the manifest: {old!r}"))
                continue
            text = original.replace(old, new, 1)
            code, out = run(checker, checker_args, text, os.path.join(tmp, name.replace(" ", "-")))
            results.append((f"{name} is caught", code != 0 and expected in out, out))

        # No flatpak-builder on PATH: a failure, not a skip.
        empty = os.path.join(tmp, "empty-path")
        os.makedirs(empty)
        env = dict(os.environ, PATH=empty)
        code, out = run(checker, checker_args, original, os.path.join(tmp, "no-builder"), env)
        results.append(("a missing flatpak-builder fails the check",
                         code != 0 and "flatpak-builder is not installed" in out, out))

    print(f"1..{len(results)}")
    for n, (name, passed, out) in enumerate(results, 1):
        print(f"{'ok' if passed else 'not ok'} {n} - {name}")
        if not passed:
            for line in out.splitlines():
                print("# " + line)
    return 0 if all(p for _, p, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
