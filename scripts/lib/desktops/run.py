#!/usr/bin/python3
"""Runs the applet in real desktop shells, headless, one throw-away session
per desktop, and prints one line per check.

  run.py --build DIR [--logs DIR] [--screenshots DIR] [--tap] NAME…

NAME: gnome-wayland gnome-x11 plasma sway xfce. Each desktop runs in a child
process of its own session and process group (sway's as the user nobody:
sway refuses to run as root); when it is done the group is killed, and so is
anything that left it (this process is their subreaper), so that no process
outlives the run. Lines: "ok   NAME: …" / "FAIL NAME: …", or TAP with --tap.
Exits 1 when a check failed.

Used by scripts/desktops and by tests/desktops (the gnome-wayland session).
"""

import argparse
import ctypes
import importlib
import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

DESKTOPS = {
    # name: (module, variant, runs as nobody)
    "gnome-wayland": ("gnome", "wayland", False),
    # The README shows GNOME on Wayland: no screenshots from X11.
    "gnome-x11": ("gnome", "x11", False),
    "plasma": ("plasma", None, False),
    "sway": ("sway", None, True),
    "xfce": ("xfce", None, False),
}
# A hang guard for a whole desktop, never a measure: each takes well under a
# minute; under ASan several times that.
RUN_LIMIT_S = 600
PR_SET_CHILD_SUBREAPER = 36
APPLET_COMPLAINTS = ("WARNING", "CRITICAL", "ERROR", "runtime error", "Sanitizer")


def in_session(args):
    """The child: one desktop, its checks on stdout as "ok|FAIL<TAB>text"."""
    from common import Desktop
    module, variant, _ = DESKTOPS[args.in_session]
    desk = Desktop(args.in_session, args.build, args.logs, args.screenshots)
    try:
        importlib.import_module(module).run(desk, variant)
        if desk.applet is not None:
            status = desk.applet.poll()
            desk.check(status is None, "the applet is still running at the end"
                       + (f" (it ended with status {status})" if status is not None else ""))
    except Exception as error:  # a broken session is a failed check, with its trace in the log
        traceback.print_exc()
        desk.check(False, f"the run stopped: {error!r}")
    finally:
        desk.close()
    if desk.applet is not None:
        # Nothing the shell did made GTK, GLib or a sanitizer complain.
        with open(desk.log_path("applet"), errors="replace") as f:
            complaints = [line.strip() for line in f
                          if any(word in line for word in APPLET_COMPLAINTS)]
        desk.check(not complaints, "the applet logged no warning"
                   + (f": {complaints[:3]}" if complaints else ""))
    return 1 if desk.failed else 0


class Output:
    def __init__(self, tap):
        self.tap = tap
        self.count = 0
        self.failed = 0

    def line(self, name, ok, text):
        self.count += 1
        if not ok:
            self.failed += 1
        if self.tap:
            print(f"{'ok' if ok else 'not ok'} {self.count} {name}: {text}", flush=True)
        else:
            print(f"{'ok  ' if ok else 'FAIL'} {name}: {text}", flush=True)

    def note(self, text):
        print(f"# {text}" if self.tap else text, flush=True)


def survivors(pgid):
    """Processes of the desktop's group or session, and orphans that came to us."""
    from common import group_members
    found = set(group_members(pgid))
    me = os.getpid()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == me and fields[0] != "Z":
                found.add(int(entry))
    return sorted(found)


def reap():
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def comm(pid):
    try:
        with open(f"/proc/{pid}/comm") as f:
            return f.read().strip()
    except OSError:
        return "?"


def run_desktop(name, args, out):
    started = time.monotonic()
    _, _, as_nobody = DESKTOPS[name]
    logs = os.path.join(args.logs, name)
    shutil.rmtree(logs, ignore_errors=True)
    os.makedirs(logs)
    shots = None
    if args.screenshots and name != "gnome-x11":
        shots = tempfile.mkdtemp(prefix=f"vpop3-shots-{name}-")
    argv = [sys.executable, os.path.abspath(__file__), "--in-session", name, "--build",
            os.path.abspath(args.build), "--logs", logs]
    if shots:
        argv += ["--screenshots", shots]
    if as_nobody:
        if os.getuid() == 0:
            nobody = pwd.getpwnam("nobody")
            for folder in (logs, shots):
                if folder:
                    os.chown(folder, nobody.pw_uid, nobody.pw_gid)
            argv = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"] + argv
    stderr = open(os.path.join(logs, "runner.log"), "ab")
    child = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=stderr, text=True, start_new_session=True)
    stderr.close()
    # The guard: past the limit the whole group goes, and the run fails.
    timer = threading.Timer(RUN_LIMIT_S, lambda: os.killpg(child.pid, signal.SIGKILL))
    timer.start()
    checks = failed = 0
    for line in child.stdout:
        verdict, _, text = line.rstrip("\n").partition("\t")
        if verdict in ("ok", "FAIL"):
            checks += 1
            failed += verdict == "FAIL"
            out.line(name, verdict == "ok", text)
    status = child.wait()
    timer.cancel()
    # Whatever is still running belongs to the session: end it, and check
    # that nothing survives.
    left = survivors(child.pid)
    if left:
        out.note(f"{name}: ending what the session left running: "
                 + ", ".join(f"{comm(p)} ({p})" for p in left))
        for pid in left:
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        end = time.monotonic() + 10
        while time.monotonic() < end and any(os.path.exists(f"/proc/{p}") for p in left):
            reap()
            time.sleep(0.1)
        for pid in left:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        reap()
        time.sleep(0.2)
        reap()
    after = survivors(child.pid)
    out.line(name, not after, "no process left after tear-down"
             + (": " + ", ".join(comm(p) for p in after) if after else ""))
    if status != 0 and failed == 0:
        out.line(name, False, f"the session's runner ended with status {status}"
                 f" (see {logs}/runner.log)")
        failed += 1
    if checks == 0:
        out.line(name, False, "no check ran")
        failed += 1
    if shots:
        if failed == 0:
            copy_shots(name, shots, args.screenshots)
        shutil.rmtree(shots, ignore_errors=True)
    if failed or after:
        out.note(f"{name}: logs in {logs}")
    out.note(f"{name}: {checks} checks, {failed} failed, {time.monotonic() - started:.0f} s")
    return failed == 0 and not after


def copy_shots(name, shots, outdir):
    prefix = name.split("-")[0]
    os.makedirs(outdir, exist_ok=True)
    for file in sorted(os.listdir(shots)):
        target = os.path.join(outdir, f"{prefix}-{file}")
        shutil.copyfile(os.path.join(shots, file), target)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default="build")
    parser.add_argument("--logs")
    parser.add_argument("--screenshots")
    parser.add_argument("--tap", action="store_true")
    parser.add_argument("--in-session")
    parser.add_argument("names", nargs="*")
    args = parser.parse_args()
    if args.in_session:
        return in_session(args)
    names = args.names or list(DESKTOPS)
    unknown = [n for n in names if n not in DESKTOPS]
    if unknown:
        parser.error(f"unknown desktop {' '.join(unknown)}; known: {' '.join(DESKTOPS)}")
    if not args.logs:
        args.logs = os.path.join(os.path.abspath(args.build), "meson-logs", "desktops")
    if args.screenshots:
        args.screenshots = os.path.abspath(args.screenshots)
    # Orphans of a session (a daemon that forked away) come to us, not to init.
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    out = Output(args.tap)
    results = {name: run_desktop(name, args, out) for name in names}
    if args.tap:
        print(f"1..{out.count}", flush=True)
    out.note(f"{out.count} checks, {out.failed} failed: "
             + ", ".join(f"{n} {'ok' if ok else 'FAILED'}" for n, ok in results.items()))
    return 1 if out.failed else 0


if __name__ == "__main__":
    sys.exit(main())
