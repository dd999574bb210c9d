#!/usr/bin/python3
"""A catalogue translates every string of the sources.

    test-catalogue.py POT PO

POT is what xgettext extracts from the files of po/POTFILES.in now (built by
pseudo-catalogue.py), PO a language's catalogue. A string of POT that PO lacks,
or has only fuzzy or untranslated, would show in English: each is listed.
Prints TAP.
"""

import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pofile  # noqa: E402


def main():
    pot, po = sys.argv[1:3]
    singular, plurals = pofile.read(po)
    wanted = []
    for entry in pofile.entries(pot):
        if not entry["msgid"]:
            continue
        key = entry["msgid"]
        if "msgctxt" in entry:
            key = entry["msgctxt"] + "\x04" + key
        wanted.append((key, "msgid_plural" in entry))
    missing = [key for key, plural in wanted
               if key not in (plurals if plural else singular)]
    for key in missing:
        print(f"# not translated: “{key.replace(chr(4), ' | ')}”")
    name = os.path.basename(po)
    print(f"{'not ok' if missing or not wanted else 'ok'} 1 {name} translates the "
          f"{len(wanted)} strings of the sources ({len(missing)} missing)")
    print("1..1")
    return 0


if __name__ == "__main__":
    sys.exit(main())
