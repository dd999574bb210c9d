#!/usr/bin/python3
"""The applet against the hostile peers where it matters to a desktop user:
what the tray shows (icon, title = the menu's summary line), the
notifications, that a refused login is never retried, that it stays alive
and answers on D-Bus, and its memory and CPU time over the big inputs.
Prints TAP, and the figures for docs/reliability.md (memory, CPU, and how long
the applet took to answer) as TAP comments.

No check depends on how fast the machine is: every wait is for an event, with
a generous safety net (longer under a sanitizer); the one check that something
does not happen ("never retried") waits out the back-off that would bring it,
plus a margin, and "no notification" is shown through what would cause one.

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
    APP_ID, Item, Session, Tap, is_sanitized, name_has_owner, resident_kib, spin, wait_for,
    window_exists,
)

from gi.repository import Gio, GLib  # noqa: E402  (trayharness has required the versions)

# Same host as trayharness.start_applet uses.
HOST = "VPOP3 127.0.0.1"

# The client's reconnect back-off (src/client/vpop3-backoff.c): the first
# delay is 2 s +/- 25 %.
BACKOFF_FIRST_MIN_S = 1.5
BACKOFF_FIRST_MAX_S = 2.5


def proc_figures(pid):
    """(RSS KiB, CPU seconds) of a running process."""
    rss = resident_kib(pid)
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return rss, (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def flush(context=None):
    """Dispatches everything already queued for the main context (a D-Bus
    call that has arrived, say) without waiting for anything new."""
    context = context or GLib.MainContext.default()
    while context.pending():
        context.iteration(False)


def main():
    monitor, schema_dir, icon_dir = sys.argv[1:4]
    tap = Tap()
    figures = []
    unknown_lines = hostilecases.UNKNOWN_LINES
    sanitized = is_sanitized(monitor)
    # Safety nets only: every wait below ends as soon as its event comes.
    net = 60 * (3 if sanitized else 1)
    if sanitized:
        unknown_lines = hostilecases.UNKNOWN_LINES_SANITIZED
        print(f"# sanitized build: the unknown-lines peer sends {unknown_lines:,} lines; "
              f"safety nets {net} s")

    def prop(item, name, seconds=net):
        """A property of the tray item, or None if the applet does not answer
        within @seconds (trayharness's Item.prop gives up after 2 s, which
        would make "answers" a question of speed)."""
        try:
            reply = item.bus.call_sync(
                item.name, item.path, "org.freedesktop.DBus.Properties", "Get",
                GLib.Variant("(ss)", ("org.kde.StatusNotifierItem", name)),
                GLib.VariantType("(v)"), Gio.DBusCallFlags.NONE, int(seconds * 1000), None,
            )
        except GLib.Error:
            return None
        return reply.unpack()[0]

    def action(session, name):
        """Activates an application action as a second launch would; False if
        the applet does not take it (the checks that follow then fail)."""
        try:
            return subprocess.run(["gapplication", "action", APP_ID, name], env=session.env,
                                  capture_output=True, timeout=net).returncode == 0
        except subprocess.TimeoutExpired:
            return False

    def run(case, check):
        """Starts the applet against the case's peer; @check(item, session,
        server, applet) asserts, after the applet shows its tray item."""
        _what, behaviour = hostilecases.behaviours(unknown_lines)[case]
        session = Session(schema_dir, icon_dir, prefix="vpop3-hostile-")
        server = hs.Server(behaviour)
        applet = None
        try:
            ready = wait_for(lambda: name_has_owner(session.bus, "org.freedesktop.secrets"), net)
            if not tap.ok(ready and session.store_password(server.port).returncode == 0,
                          f"{case}: password in the keyring"):
                return
            launched = time.monotonic()
            applet = session.start_applet(monitor, server.port)
            registered = wait_for(lambda: len(session.watcher.items) > 0, net)
            print(f"# {case}: tray item registered {time.monotonic() - launched:.1f} s "
                  f"after the launch", flush=True)
            if not tap.ok(registered, f"{case}: the applet shows its tray item"):
                return
            item = Item(session.bus, *session.watcher.items[0])
            started = time.monotonic()
            check(item, session, server, applet)
            alive = applet.poll() is None and prop(item, "Title") is not None
            tap.ok(alive, f"{case}: the applet is alive and answers on D-Bus")
            rss, cpu = proc_figures(applet.pid) if applet.poll() is None else (0, 0)
            figures.append((case, rss, cpu, time.monotonic() - started))
        finally:
            if applet is not None:
                action(session, "quit")
                try:
                    applet.wait(net)
                except subprocess.TimeoutExpired:
                    applet.kill()
                    applet.wait()
                tap.ok(applet.returncode == 0, f"{case}: the applet exits cleanly on quit "
                       f"(status {applet.returncode})")
            server.stop()
            session.close()

    def title_is(item, text):
        return wait_for(lambda: prop(item, "Title") == text, net)

    def icon_is(item, state):
        return wait_for(lambda: prop(item, "IconName") == f"{APP_ID}-{state}", net)

    # A peer that is not VPOP3 and speaks first: a cross, "retrying"; the
    # reason is in the status window (opened with --status).
    def not_vpop3(item, session, server, applet):
        tap.ok(title_is(item, f"{HOST}: not connected, retrying"),
               f"not VPOP3: title “{prop(item, 'Title')}”")
        tap.ok(icon_is(item, "disconnected"), "not VPOP3: the postbox with a cross")
        action(session, "status")
        tap.ok(wait_for(lambda: window_exists("VPOP3 Status", session.env), net),
               "not VPOP3: the status window opens while not connected (where the reason is)")
        # The retry must come; when it comes, the peer measures the gap. A
        # slow machine only makes it longer.
        retried = wait_for(lambda: server.connections >= 2, net)
        gap = server.accepted_at[1] - server.accepted_at[0] if retried else 0
        tap.ok(retried and gap >= BACKOFF_FIRST_MIN_S,
               f"not VPOP3: retried with back-off ({gap:.2f} s after the first connection, "
               f"at least {BACKOFF_FIRST_MIN_S} s)")
        # Whatever the first failure notifies is sent before the retry it
        # schedules, on the connection that answers this call: so it is here.
        answered = prop(item, "Title") is not None
        flush()
        tap.ok(answered and not session.notifications.shown,
               f"not VPOP3: no notification after the failure and its retry "
               f"({session.notifications.shown})")
        # The only later one, "lost connection" after a 60 s grace, is armed
        # only after a successful login (src/app/vpop3-notifier.c); this peer
        # never even got a login line, so no grace was ever armed.
        tap.ok(server.logins == 0,
               f"not VPOP3: never logged in ({server.logins} login lines), so the "
               f"lost-connection notification was never armed")

    run("ssh", not_vpop3)

    # Never a greeting: "connecting…" until the 10 s greeting timeout, then
    # retrying (and connecting again after the back-off: either is seen
    # however late the tray item comes).
    def silent(item, session, server, applet):
        tap.ok(title_is(item, f"{HOST}: connecting…"), "silent: “connecting…”")
        tap.ok(title_is(item, f"{HOST}: not connected, retrying"),
               f"silent: after the greeting timeout, “{prop(item, 'Title')}”")

    run("silent", silent)

    def refused(item, session, server, applet):
        seen = title_is(item, f"{HOST}: login refused")
        refused_at = time.monotonic()
        tap.ok(seen, "login refused: title says so")
        tap.ok(wait_for(lambda: any("refused" in s for s in session.notifications.summaries()),
                        net),
               f"login refused: notification {session.notifications.shown}")
        bodies = [body for _, _, body in session.notifications.shown]
        tap.ok(any("Invalid username or password" in b for b in bodies),
               "login refused: the notification quotes the server")
        tap.ok(wait_for(lambda: window_exists("Configure Status Monitor", session.env), net),
               "login refused: Configure Status Monitor opens")
        # A retry would be due at most 2.5 s (the back-off) after the refusal
        # showed. Wait that out, and from then (or from now, once the applet
        # has done its work of opening the window) a margin as long again
        # (three times under a sanitizer) for the retry's login to reach the peer.
        margin = BACKOFF_FIRST_MAX_S * (3 if sanitized else 1)
        spin(max(refused_at + BACKOFF_FIRST_MAX_S, time.monotonic()) + margin - time.monotonic())
        tap.ok(server.logins == 1,
               f"login refused: never retried ({server.logins} logins, "
               f"{time.monotonic() - refused_at:.1f} s after the refusal showed)")

    run("login-refused", refused)

    def non_utf8(item, session, server, applet):
        tap.ok(title_is(item, f"{HOST}: Verbindung zu mail.example.com über Modem · 21 to send"),
               f"non-UTF-8: title decoded as Windows-1252 “{prop(item, 'Title')}”")

    run("non-utf8", non_utf8)

    def escapes(item, session, server, applet):
        title = wait_for(lambda: "Red alert" in (prop(item, "Title") or "") and
                         prop(item, "Title"), net)
        tap.ok(bool(title), f"escapes: the title carries the text ({title!r})")
        tap.ok(wait_for(lambda: any("mallory" in s for s in session.notifications.summaries()),
                        net),
               f"escapes: the message is notified {session.notifications.summaries()}")

    run("escapes", escapes)

    def im_unknown(item, session, server, applet):
        tap.ok(wait_for(lambda: any("nobody-we-know" in s
                                    for s in session.notifications.summaries()), net),
               f"IM from an unknown user: notified {session.notifications.shown}")

    run("im-unknown-user", im_unknown)

    def big(case, title):
        def check(item, session, server, applet):
            tap.ok(title_is(item, title), f"{case}: title “{prop(item, 'Title')}”")
            action(session, "status")
            tap.ok(wait_for(lambda: window_exists("VPOP3 Status", session.env), net),
                   f"{case}: the status window opens")
            # That it answers at all is checked; how fast is a figure.
            asked = time.monotonic()
            answered = prop(item, "Title") is not None
            tap.ok(answered, f"{case}: answers on D-Bus with the status window open "
                   f"(in {time.monotonic() - asked:.2f} s)")
        return check

    # The same steps against a well-behaved peer: the memory to compare with.
    run("plain", big("plain", f"{HOST}: Idle · 21 to send"))
    run("10mb-line", big("10mb-line", f"{HOST}: Idle · 21 to send"))
    run("unknown-lines", big("unknown-lines", f"{HOST}: Idle"))
    run("many-sessions", big("many-sessions", f"{HOST}: Connected"))

    for case, rss, cpu, seconds in figures:
        print(f"# {case}: applet RSS {rss / 1024:.1f} MiB, CPU {cpu:.2f} s "
              f"(start to end of the case, {seconds:.1f} s)", flush=True)
    return tap.finish()


if __name__ == "__main__":
    sys.exit(main())
