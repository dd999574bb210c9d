#!/usr/bin/python3
"""Builds the pseudo-language "xx" the l10n tests run the applet in.

    pseudo-catalogue.py SOURCE_ROOT POT XX_PO XX_MO

Extracts every translatable string of the sources listed in po/POTFILES.in
with xgettext (the keywords of meson's "glib" preset, which po/meson.build
uses) into POT, then writes XX_PO, in which every msgstr is its msgid between
the marks ⟦ and ⟧, and compiles it into XX_MO. Under LANGUAGE=xx, every text
that went through gettext is marked, so that any visible text without the
marks was never marked translatable (or comes from a file missing from
POTFILES.in). The catalogue comes from the sources, not from po/*.po: a string
missing from the translations is marked all the same, and the catalogue
tests (msgcmp against POT) report it instead.
"""

import os
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pofile  # noqa: E402

OPEN, CLOSE = "⟦", "⟧"

# meson's i18n.gettext(preset: 'glib') plus the -k_ its pot target adds.
XGETTEXT_ARGS = [
    "--from-code=UTF-8",
    "--add-comments",
    "--keyword=_",
    "--keyword=N_",
    "--keyword=C_:1c,2",
    "--keyword=NC_:1c,2",
    "--keyword=g_dcgettext:2",
    "--keyword=g_dngettext:2,3",
    "--keyword=g_dpgettext2:2c,3",
    "--flag=N_:1:pass-c-format",
    "--flag=C_:2:pass-c-format",
    "--flag=NC_:2:pass-c-format",
    "--flag=g_dngettext:2:pass-c-format",
    "--flag=g_strdup_printf:1:c-format",
    "--flag=g_string_printf:2:c-format",
    "--flag=g_string_append_printf:2:c-format",
    "--flag=g_error_new:3:c-format",
    "--flag=g_set_error:4:c-format",
    "--flag=g_markup_printf_escaped:1:c-format",
    "--flag=g_log:3:c-format",
    "--flag=g_print:1:c-format",
    "--flag=g_printerr:1:c-format",
    "--flag=g_printf:1:c-format",
    "--flag=g_fprintf:2:c-format",
    "--flag=g_sprintf:2:c-format",
    "--flag=g_snprintf:3:c-format",
]


def quote(text):
    escaped = (text.replace("\\", "\\\\").replace('"', '\\"')
               .replace("\n", "\\n").replace("\t", "\\t"))
    return f'"{escaped}"'


def mark(text):
    """⟦text⟧, with leading and trailing newlines kept outside the marks (msgfmt
    --check wants them on both sides alike)."""
    core = text.strip("\n")
    if not core:
        return text
    start = text.index(core)
    return text[:start] + OPEN + core + CLOSE + text[start + len(core):]


def main():
    root, pot, xx_po, xx_mo = sys.argv[1:5]
    with tempfile.TemporaryDirectory() as scratch:
        # xgettext takes the list without comments or blank lines.
        listed = os.path.join(scratch, "POTFILES")
        with open(os.path.join(root, "po", "POTFILES.in"), encoding="utf-8") as f, \
                open(listed, "w", encoding="utf-8") as out:
            for line in f:
                line = line.split("#", 1)[0].strip()
                if line:
                    out.write(line + "\n")
        subprocess.run(["xgettext", "--package-name=vpop3-monitor", "-f", listed, "-D", root,
                        "-o", pot] + XGETTEXT_ARGS, check=True)

    lines = [
        'msgid ""',
        'msgstr ""',
        '"Project-Id-Version: vpop3-monitor\\n"',
        '"PO-Revision-Date: 2026-01-01 00:00+0000\\n"',
        '"Last-Translator: tests/l10n/pseudo-catalogue.py\\n"',
        '"Language-Team: none\\n"',
        '"Language: xx\\n"',
        '"MIME-Version: 1.0\\n"',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        '"Content-Transfer-Encoding: 8bit\\n"',
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"',
        "",
    ]
    count = 0
    for entry in pofile.entries(pot):
        if not entry["msgid"]:
            continue
        flags = sorted(entry["flags"] - {"fuzzy"})
        if flags:
            lines.append("#, " + ", ".join(flags))
        if "msgctxt" in entry:
            lines.append("msgctxt " + quote(entry["msgctxt"]))
        lines.append("msgid " + quote(entry["msgid"]))
        if "msgid_plural" in entry:
            lines.append("msgid_plural " + quote(entry["msgid_plural"]))
            lines.append("msgstr[0] " + quote(mark(entry["msgid"])))
            lines.append("msgstr[1] " + quote(mark(entry["msgid_plural"])))
        else:
            lines.append("msgstr " + quote(mark(entry["msgid"])))
        lines.append("")
        count += 1
    if count == 0:
        sys.exit(f"{pot}: xgettext found no strings")
    with open(xx_po, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    subprocess.run(["msgfmt", "--check", "-o", xx_mo, xx_po], check=True)


if __name__ == "__main__":
    main()
