#!/usr/bin/python3
"""The applet against the hostile peers where it matters to a desktop user:
what the tray shows (icon, title = the menu's summary line), the
notifications, that a refused login is never retried, that it stays alive
and answers on D-Bus, and its memory and CPU time over the big inputs.
Prints TAP, and the figures for docs/reliability.md (memory, CPU) as TAP comments.

Usage: test-hostile-applet.py MONITOR SCHEMA_DIR ICON_DIR
"""

import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "tray"))
import hostilecases  # noqa: E402
import hostileservers as hs  # noqa: E402
from trayharness import (  # noqa: E402
    APP_ID, Session, Tap, is_sanitized, resident_kib, spin, wait_for, window_exists,
)

# Same host as trayharness.start_applet uses.
HOST = "VPOP3 127.0.0.1"


def proc_figures(pid):
    """(RSS KiB, CPU seconds) of a running process."""
    rss = resident_kib(pid)
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return rss, (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main():
    monitor, schema_dir, icon_dir = sys.argv[1:4]
    tap = Tap()
    figures = []
    unknown_lines = hostilecases.UNKNOWN_LINES
    if is_sanitized(monitor):
        unknown_lines = hostilecases.UNKNOWN_LINES_SANITIZED
        print(f"# sanitized build: the unknown-lines peer sends {unknown_lines:,} lines")

    def run(case, seconds, check, before_big=False):
        """Starts the applet against the case's peer; @check(item, session,
        server, applet) asserts, after the applet shows its tray item."""
        _what, behaviour = hostilecases.behaviours(unknown_lines)[case]
        session = Session(schema_dir, icon_dir, prefix="vpop3-hostile-")
        server = hs.Server(behaviour)
        applet = None
        try:
            if not tap.ok(session.keyring_ready() and
                          session.store_password(server.port).returncode == 0,
                          f"{case}: password in the keyring"):
                return
            applet = session.start_applet(monitor, server.port)
            item = session.wait_item()
            if not tap.ok(item is not None, f"{case}: the applet shows its tray item"):
                return
            started = time.monotonic()
            check(item, session, server, applet)
            alive = applet.poll() is None and item.prop("Title") is not None
            tap.ok(alive, f"{case}: the applet is alive and answers on D-Bus")
            rss, cpu = proc_figures(applet.pid) if applet.poll() is None else (0, 0)
            figures.append((case, rss, cpu, time.monotonic() - started))
        finally:
            if applet is not None:
                subprocess.run(["gapplication", "action", APP_ID, "quit"], env=session.env,
                               capture_output=True, timeout=10)
                try:
                    applet.wait(10)
                except subprocess.TimeoutExpired:
                    applet.kill()
                    applet.wait()
                tap.ok(applet.returncode == 0, f"{case}: the applet exits cleanly on quit "
                       f"(status {applet.returncode})")
            server.stop()
            session.close()

    def title_is(item, text, seconds=15):
        return wait_for(lambda: item.prop("Title") == text, seconds)

    def icon_is(item, state, seconds=15):
        return wait_for(lambda: item.prop("IconName") == f"{APP_ID}-{state}", seconds)

    # A peer that is not VPOP3 and speaks first: a cross, "retrying"; the
    # reason is in the status window (opened with --status).
    def not_vpop3(item, session, server, applet):
        tap.ok(title_is(item, f"{HOST}: not connected, retrying"),
               f"not VPOP3: title “{item.prop('Title')}”")
        tap.ok(icon_is(item, "disconnected"), "not VPOP3: the postbox with a cross")
        subprocess.run(["gapplication", "action", APP_ID, "status"], env=session.env,
                       capture_output=True, timeout=10)
        tap.ok(wait_for(lambda: window_exists("VPOP3 Status", session.env), 10),
               "not VPOP3: the status window opens while not connected (where the reason is)")
        spin(3)
        tap.ok(server.connections <= 3,
               f"not VPOP3: retried with back-off ({server.connections} connections in 3 s)")
        tap.ok(not session.notifications.shown,
               "not VPOP3: no notification (it was never connected)")

    run("ssh", 0, not_vpop3)

    # Never a greeting: "connecting…" until the 10 s greeting timeout, then retrying.
    def silent(item, session, server, applet):
        tap.ok(title_is(item, f"{HOST}: connecting…", 5), "silent: “connecting…” at first")
        tap.ok(title_is(item, f"{HOST}: not connected, retrying", 20),
               f"silent: after the greeting timeout, “{item.prop('Title')}”")

    run("silent", 0, silent)

    def refused(item, session, server, applet):
        tap.ok(title_is(item, f"{HOST}: login refused"), "login refused: title says so")
        tap.ok(wait_for(lambda: any("refused" in s for s in session.notifications.summaries())),
               f"login refused: notification {session.notifications.shown}")
        bodies = [body for _, _, body in session.notifications.shown]
        tap.ok(any("Invalid username or password" in b for b in bodies),
               "login refused: the notification quotes the server")
        tap.ok(wait_for(lambda: window_exists("Configure Status Monitor", session.env), 10),
               "login refused: Configure Status Monitor opens")
        spin(3)
        tap.ok(server.logins == 1, f"login refused: never retried ({server.logins} logins)")

    run("login-refused", 0, refused)

    def non_utf8(item, session, server, applet):
        tap.ok(title_is(item, f"{HOST}: Verbindung zu mail.example.com über Modem · 21 to send"),
               f"non-UTF-8: title decoded as Windows-1252 “{item.prop('Title')}”")

    run("non-utf8", 0, non_utf8)

    def escapes(item, session, server, applet):
        title = wait_for(lambda: "Red alert" in (item.prop("Title") or "") and item.prop("Title"))
        tap.ok(bool(title), f"escapes: the title carries the text ({title!r})")
        tap.ok(wait_for(lambda: any("mallory" in s for s in session.notifications.summaries())),
               f"escapes: the message is notified {session.notifications.summaries()}")

    run("escapes", 0, escapes)

    def im_unknown(item, session, server, applet):
        tap.ok(wait_for(lambda: any("nobody-we-know" in s
                                    for s in session.notifications.summaries())),
               f"IM from an unknown user: notified {session.notifications.shown}")

    run("im-unknown-user", 0, im_unknown)

    def big(case, title):
        def check(item, session, server, applet):
            tap.ok(title_is(item, title, 60), f"{case}: title “{item.prop('Title')}”")
            subprocess.run(["gapplication", "action", APP_ID, "status"], env=session.env,
                           capture_output=True, timeout=10)
            tap.ok(wait_for(lambda: window_exists("VPOP3 Status", session.env), 20),
                   f"{case}: the status window opens")
            spin(0.5)
            started = time.monotonic()
            answered = item.prop("Title") is not None
            tap.ok(answered and time.monotonic() - started < 5,
                   f"{case}: answers on D-Bus within 5 s")
        return check

    # The same steps against a well-behaved peer: the memory to compare with.
    run("plain", 0, big("plain", f"{HOST}: Idle · 21 to send"))
    run("10mb-line", 0, big("10mb-line", f"{HOST}: Idle · 21 to send"))
    run("unknown-lines", 0, big("unknown-lines", f"{HOST}: Idle"))
    run("many-sessions", 0, big("many-sessions", f"{HOST}: Connected"))

    for case, rss, cpu, seconds in figures:
        print(f"# {case}: applet RSS {rss / 1024:.1f} MiB, CPU {cpu:.2f} s "
              f"(start to end of the case, {seconds:.1f} s)", flush=True)
    return tap.finish()


if __name__ == "__main__":
    sys.exit(main())
