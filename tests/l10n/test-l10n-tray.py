#!/usr/bin/python3
"""The real applet in German and in French: its tray menu, its notifications
and the windows its menu opens carry the catalogues' translations.

Each language runs twice: LANGUAGE=xx over the C.UTF-8 locale (what a user
with another desktop language gets), and LANG=xx_XX.UTF-8 alone, with that
locale compiled by localedef into a scratch LOCPATH (this machine has only
C locales, and glibc ignores LANGUAGE under plain C). The expected texts come
from po/xx.po. Prints TAP.

Usage: test-l10n-tray.py MONITOR SIMULATOR SCHEMA_DIR ICON_DIR LOCALEDIR PODIR
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

MENU = ["Help", "WebMail", "Instant Messaging", "VPOP3 Settings", "Status", "Start Connect to…",
        "Shutdown VPOP3 Server", "Disconnect from VPOP3 Server", "Configure Status Monitor",
        "Connect to VPOP3 Server", "Exit Status Monitor"]
# Menu item → the title of the window it opens.
WINDOWS = {"Status": "VPOP3 Status", "Instant Messaging": "Instant Messaging",
           "Configure Status Monitor": "Configure Status Monitor"}
# The language's main country, where it is not the language's own code.
COUNTRIES = {"de": "DE", "fr": "FR", "en": "GB"}


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


def run_case(tap, args, lang, how, env_extra):
    monitor, simulator_path, schema_dir, icon_dir, localedir, podir = args
    catalogue, _plurals = pofile.read(os.path.join(podir, f"{lang}.po"))

    def tr(msgid):
        return catalogue.get(msgid, msgid)

    what = f"{lang} ({how})"
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
        store = session.store_password(simulator.port)
        tap.ok(store.returncode == 0, f"{what}: password stored ({store.stderr.strip()})")
        applet = session.start_applet(monitor, simulator.port)
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

        simulator.control("last-poll failed")
        summary = tr("VPOP3's last poll failed")
        tap.ok(bool(wait_for(lambda: summary in session.notifications.summaries())),
               f"{what}: notified as “{summary}” ({session.notifications.summaries()})")

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
    args = sys.argv[1:7]
    tap = Tap()
    locpath = tempfile.mkdtemp(prefix="vpop3-locales-")
    try:
        with open(os.path.join(args[5], "LINGUAS")) as f:
            languages = f.read().split()
        for lang in languages:
            run_case(tap, args, lang, "LANGUAGE over C.UTF-8",
                     {"LANG": "C.UTF-8", "LANGUAGE": lang})
            why_not = make_locale(locpath, lang)
            if why_not is not None:
                tap.count += 1
                print(f"ok {tap.count} # SKIP {lang}: LANG={locale_of(lang)}.UTF-8: {why_not}")
                continue
            run_case(tap, args, lang, f"LANG={locale_of(lang)}.UTF-8",
                     {"LANG": f"{locale_of(lang)}.UTF-8", "LOCPATH": locpath})
    finally:
        shutil.rmtree(locpath, ignore_errors=True)
    return tap.finish()


if __name__ == "__main__":
    sys.exit(main())
