"""A small reader for gettext .po files: the tests take the expected
translations from the catalogues themselves, never from copies in the test.

Only what msgfmt would compile counts: fuzzy and empty entries are left out.
"""

import ast


def _unquote(text):
    # A .po string is a C string literal; Python's rules are close enough for
    # the escapes xgettext writes (\\n, \\t, \\", \\\\).
    return ast.literal_eval(text)


def read(path):
    """{msgid: msgstr} for the singular entries ({context}\\x04{msgid} with a
    context), and {msgid: [msgstr[0], …]} for the plural ones."""
    entries = {}
    plurals = {}
    entry = {}
    field = None

    def finish():
        nonlocal entry, field
        msgid = entry.get("msgid")
        if msgid and "fuzzy" not in entry.get("flags", ()):
            key = msgid
            if "msgctxt" in entry:
                key = entry["msgctxt"] + "\x04" + msgid
            if "msgid_plural" in entry:
                forms = [entry[k] for k in sorted(k for k in entry if k.startswith("msgstr["))]
                if forms and all(forms):
                    plurals[key] = forms
            elif entry.get("msgstr"):
                entries[key] = entry["msgstr"]
        entry, field = {}, None

    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.strip()
            if not line:
                finish()
            elif line.startswith("#,"):
                if "msgid" in entry:
                    finish()
                entry.setdefault("flags", set()).update(
                    flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                if field is not None:
                    entry[field] += _unquote(line)
            else:
                keyword, _, value = line.partition(" ")
                if keyword in ("msgctxt", "msgid") and any(k.startswith("msgstr") for k in entry):
                    finish()
                field = keyword
                entry[field] = _unquote(value)
    finish()
    return entries, plurals
