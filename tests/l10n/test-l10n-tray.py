#!/usr/bin/python3
"""The real applet in one language: its tray menu, its tooltip, its
notifications and the windows its menu opens carry the catalogue's texts.

    test-l10n-tray.py MONITOR SIMULATOR SCHEMA_DIR ICON_DIR LANG HOW PO CATALOGUES

HOW is "language": LANGUAGE=LANG over the C.UTF-8 locale (what a user with
another desktop language gets), or "locale": LANG=LL_CC.UTF-8 alone, with
that locale compiled by localedef into a scratch LOCPATH (this machine has
only C locales, and glibc ignores LANGUAGE under plain C). When the locale
cannot be compiled, the test says so as its only result, a TAP skip, which
meson counts as a skipped test.

PO is the catalogue the texts are checked against, and CATALOGUES where the
applet finds it compiled: BUILDDIR/po, or for the pseudo-language xx (whose
every msgstr is ⟦msgid⟧, see pseudo-catalogue.py) its .mo, put into a scratch
locale directory here. Every text of the menu (submenus too), the tooltip and
the notifications must be a msgstr of PO, a format msgstr filled in with such
texts, or data (see DATA). Prints TAP.
"""

import os
import shutil
import subprocess
import sys
import tempfile


# No __pycache__ in the source tree for the modules imported below.
sys.dont_write_bytecode = True
here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
sys.path.insert(0, os.path.join(here, "..", "tray"))
import pofile  # noqa: E402
from trayharness import (  # noqa: E402
    APP_ID, Session, Simulator, Tap, exit_through_menu, wait_for, window_exists,
)
from gi.repository import Gio, GLib  # noqa: E402

MENU = ["Help", "WebMail", "Instant Messaging", "VPOP3 Settings", "Status", "Start Connect to…",
        "Shutdown VPOP3 Server", "Disconnect from VPOP3 Server", "Configure Status Monitor",
        "Connect to VPOP3 Server", "Exit Status Monitor"]
# Menu item → the title of the window it opens.
WINDOWS = {"Status": "VPOP3 Status", "Instant Messaging": "Instant Messaging",
           "Configure Status Monitor": "Configure Status Monitor"}
# The language's main country, where it is not the language's own code.
COUNTRIES = {"de": "DE", "fr": "FR", "en": "GB"}
HOST = "127.0.0.1"
USER = "postmaster"
# The connections the simulator offers and its connection text (fed below).
CONNECTIONS = ["Dial-up", "Leased line"]
CONNECTION_TEXT = "Online via Leased line"
# Data: what the server and the user said, which no catalogue holds. Only a
# text equal to one of these (or a %s argument equal to one) counts as data.
DATA = [HOST, USER, *CONNECTIONS, CONNECTION_TEXT]


def locale_of(lang):
    return f"{lang}_{COUNTRIES.get(lang, lang.upper())}"


def make_locale(locpath, lang):
    """Compiles xx_XX.UTF-8 into locpath; returns None or why it could not."""
    name = locale_of(lang)
    if not os.path.exists(f"/usr/share/i18n/locales/{name}"):
        return f"no {name} locale source (Debian package locales)"
    made = subprocess.run(["localedef", "-i", name, "-f", "UTF-8",
                           os.path.join(locpath, f"{name}.UTF-8")],
                          capture_output=True, text=True)
    if made.returncode != 0:
        return f"localedef {name}: {made.stderr.strip()}"
    return None


def menu_labels(item):
    """Every label of the menu, submenus included, as the panel gets them
    (with their mnemonic underscores): [(label, visible)]."""
    reply = item.bus.call_sync(
        item.name, item.prop("Menu"), "com.canonical.dbusmenu", "GetLayout",
        GLib.Variant("(iias)", (0, -1, [])), None, Gio.DBusCallFlags.NONE, 2000, None,
    )
    _, layout = reply.unpack()
    labels = []

    def walk(children):
        for _item_id, props, grandchildren in children:
            if props.get("label"):
                labels.append((props["label"], props.get("visible", True)))
            walk(grandchildren)

    walk(layout[2])
    return labels


def foreign(catalogue, texts):
    return [text for text in texts if not catalogue.is_from(text)]


def run_case(tap, args, env_extra, what):
    monitor, simulator_path, schema_dir, icon_dir, _lang, _how, po, localedir = args
    catalogue = pofile.Catalogue(po, DATA)
    tr = catalogue.tr

    session = Session(schema_dir, icon_dir, prefix="vpop3-l10n-")
    env = session.env
    for name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE", "LANG"):
        env.pop(name, None)
    env.update(env_extra)
    env["VPOP3_LOCALEDIR"] = localedir
    simulator = applet = None
    try:
        tap.ok(session.keyring_ready(), f"{what}: gnome-keyring serves the private bus")
        simulator = Simulator(simulator_path, env)
        # Empty queues: the icon settles on idle once connected.
        simulator.control("out-queue 0 0")
        simulator.control("inboxes 0 0")
        simulator.control("connections " + ",".join(CONNECTIONS))
        simulator.control("connection " + CONNECTION_TEXT)
        store = session.store_password(simulator.port, user=USER, host=HOST)
        tap.ok(store.returncode == 0, f"{what}: password stored ({store.stderr.strip()})")
        applet = session.start_applet(monitor, simulator.port, user=USER)
        item = session.wait_item()
        if not tap.ok(item is not None, f"{what}: the applet registers its StatusNotifierItem"):
            return
        tap.ok(bool(wait_for(lambda: item.prop("IconName") == f"{APP_ID}-idle")),
               f"{what}: connected")
        menu = wait_for(lambda: (lambda m: m if tr("Status") in m else None)(item.menu())) or {}
        missing = [tr(label) for label in MENU if tr(label) not in menu]
        tap.ok(not missing, f"{what}: every menu item is translated (missing: {missing})")
        english = [label for label in MENU if tr(label) != label and label in menu]
        tap.ok(not english, f"{what}: no menu item left in English ({english})")
        tap.ok(tr("Exit Status Monitor") in menu,
               f"{what}: “{tr('Exit Status Monitor')}” in the menu")

        # The connections submenu is filled once the server has listed them.
        tap.ok(bool(wait_for(lambda: set(CONNECTIONS) <= {t for t, _ in menu_labels(item)})),
               f"{what}: the server's connections are in the menu")
        labels = [label for label, _visible in menu_labels(item)]
        tap.ok(len(labels) > len(MENU) and not foreign(catalogue, labels),
               f"{what}: every text of the menu is from the catalogue or data "
               f"(not: {foreign(catalogue, labels)}; all: {labels})")
        # What the panel shows or speaks for the icon itself.
        names = [item.prop("Title"), item.prop("IconAccessibleDesc")]
        tap.ok(all(names) and not foreign(catalogue, names),
               f"{what}: the icon's title and description are from the catalogue or data "
               f"(not: {foreign(catalogue, names)}; all: {names})")

        simulator.control("last-poll failed")
        summary = tr("VPOP3's last poll failed")
        tap.ok(bool(wait_for(lambda: summary in session.notifications.summaries())),
               f"{what}: notified as “{summary}” ({session.notifications.summaries()})")
        shown = [text for _, summary, body in session.notifications.shown
                 for text in (summary, body) if text]
        tap.ok(not foreign(catalogue, shown),
               f"{what}: every notification is from the catalogue or data "
               f"(not: {foreign(catalogue, shown)}; all: {shown})")

        for label, title in WINDOWS.items():
            item.click(menu[tr(label)][0])
            tap.ok(bool(wait_for(lambda: window_exists(tr(title), env))),
                   f"{what}: “{tr(label)}” opens the window “{tr(title)}”")

        code = exit_through_menu(item, menu[tr("Exit Status Monitor")][0], applet)
        tap.ok(code == 0, f"{what}: “{tr('Exit Status Monitor')}” ends the applet (exit {code})")
    finally:
        if applet is not None and applet.poll() is None:
            applet.kill()
            applet.wait()
        if simulator is not None:
            simulator.stop()
        session.close()


def main():
    args = sys.argv[1:9]
    lang, how, catalogues = args[4], args[5], args[7]
    tap = Tap()
    scratch = tempfile.mkdtemp(prefix="vpop3-l10n-locales-")
    try:
        if os.path.isfile(catalogues):
            # A compiled catalogue alone: the applet wants a locale directory.
            messages = os.path.join(scratch, "catalogues", lang, "LC_MESSAGES")
            os.makedirs(messages)
            shutil.copy(catalogues, os.path.join(messages, "vpop3-monitor.mo"))
            args[7] = os.path.join(scratch, "catalogues")
        if how == "language":
            run_case(tap, args, {"LANG": "C.UTF-8", "LANGUAGE": lang}, f"{lang} (LANGUAGE)")
        elif how == "locale":
            why_not = make_locale(scratch, lang)
            if why_not is not None:
                # The only result: meson counts the test as skipped.
                tap.count += 1
                print(f"ok {tap.count} # SKIP LANG={locale_of(lang)}.UTF-8: {why_not}",
                      flush=True)
            else:
                run_case(tap, args, {"LANG": f"{locale_of(lang)}.UTF-8", "LOCPATH": scratch},
                         f"{lang} (LANG={locale_of(lang)}.UTF-8)")
        else:
            sys.exit(f"{how}: neither language nor locale")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return tap.finish()


if __name__ == "__main__":
    sys.exit(main())
