"""A small reader for gettext .po files: the tests take the expected
translations from the catalogues themselves, never from copies in the test.

Only what msgfmt would compile counts: fuzzy and empty entries are left out.
"""

import ast
import re


def _unquote(text):
    # A .po string is a C string literal; Python's rules are close enough for
    # the escapes xgettext writes (\\n, \\t, \\", \\\\).
    return ast.literal_eval(text)


def entries(path):
    """Every entry of the file, the header and untranslated ones included, as
    dicts: "msgctxt", "msgid", "msgid_plural", "msgstr" or "msgstr[N]", and
    "flags" (a set). Obsolete entries (#~) are left out."""
    found = []
    entry = {}
    field = None

    def finish():
        nonlocal entry, field
        if "msgid" in entry:
            entry.setdefault("flags", set())
            found.append(entry)
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
    return found


def plural_forms(entry):
    """The msgstr[N] of a plural entry, in order."""
    return [entry[k] for k in sorted((k for k in entry if k.startswith("msgstr[")),
                                     key=lambda k: int(k[len("msgstr["):-1]))]


def read(path):
    """{msgid: msgstr} for the singular entries ({context}\\x04{msgid} with a
    context), and {msgid: [msgstr[0], …]} for the plural ones."""
    singular = {}
    plurals = {}
    for entry in entries(path):
        msgid = entry["msgid"]
        if not msgid or "fuzzy" in entry["flags"]:
            continue
        key = msgid
        if "msgctxt" in entry:
            key = entry["msgctxt"] + "\x04" + msgid
        if "msgid_plural" in entry:
            forms = plural_forms(entry)
            if forms and all(forms):
                plurals[key] = forms
        elif entry.get("msgstr"):
            singular[key] = entry["msgstr"]
    return singular, plurals


def format_regex(text):
    """A pattern matching what printf(text, …) makes, each %s a group; None
    when text has no directive (the same rules as test-l10n-windows.c)."""
    pattern = ["^"]
    literal = 0
    i = 0
    directive = False
    while i < len(text):
        if text[i] != "%":
            i += 1
            continue
        pattern.append(re.escape(text[literal:i]))
        i += 1
        if text[i:i + 1] == "%":
            pattern.append("%")
            i += 1
            literal = i
            continue
        spec = re.match(r"(?:[0-9]+\$)?[-+ #0'I]*[0-9*]*(?:\.[0-9*]*)?[hlLqjzt]*(.)?", text[i:])
        conversion = spec.group(1)
        if conversion == "s":
            pattern.append("(.*)")
        elif conversion in ("d", "i", "u"):
            pattern.append("[-+]?[0-9][0-9.,' \u00a0\u202f]*")
        elif conversion in ("x", "X", "o"):
            pattern.append("[0-9a-fA-F]+")
        elif conversion in ("e", "f", "g"):
            pattern.append("[-+]?[0-9][0-9.,eE+-]*")
        elif conversion == "c":
            pattern.append(".")
        else:
            return None
        directive = True
        i += spec.end()
        literal = i
    if not directive:
        return None
    pattern.append(re.escape(text[literal:]) + "$")
    return re.compile("".join(pattern), re.DOTALL)


class Catalogue:
    """What a catalogue can make the applet show: its msgstrs (plural forms
    and those with a context too), and its format msgstrs filled in."""

    def __init__(self, path, data=()):
        self.translations = set()
        self.english = {}
        self.data = set(data)
        singular, plurals = read(path)
        for key, msgstr in singular.items():
            self.translations.add(msgstr)
            self.english[key.split("\x04")[-1]] = msgstr
        for key, forms in plurals.items():
            self.translations.update(forms)
            self.english[key.split("\x04")[-1]] = forms[0]
        self.formats = [regex for regex in map(format_regex, self.translations) if regex]

    def tr(self, msgid):
        return self.english.get(msgid, msgid)

    def is_data(self, text):
        """No letters (numbers, times, counts), or one of the data values."""
        return not any(c.isalpha() for c in text) or text in self.data

    def is_from(self, text, depth=0):
        """text is a msgstr, data, or a format msgstr whose %s arguments are
        from the catalogue in turn."""
        if self.is_data(text) or text in self.translations:
            return True
        if depth >= 4:
            return False
        for regex in self.formats:
            match = regex.match(text)
            if match and all(self.is_from(group, depth + 1) for group in match.groups()):
                return True
        return False
