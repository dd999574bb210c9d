#!/usr/bin/python3
# scripts/lib/count-results.py TESTLOG.json…
#
# Prints "PASSED FAILED SKIPPED" summed over meson's testlog.json files (one
# JSON object per line, in BUILDDIR/meson-logs/).
#
# Each test counts once, by meson's verdict: OK and EXPECTEDFAIL are passed,
# SKIP is skipped, anything else (FAIL, TIMEOUT, ERROR, UNEXPECTEDPASS, and
# whatever a later meson adds) is failed. On top of that, every subtest that a
# TAP test reports as skipped ("ok N … # SKIP reason" in its output) adds one
# to skipped, unless meson skipped the whole test (then it counts once). So a
# passing TAP test with 2 skipped checks counts 1 passed and 2 skipped: the
# closing line says that 2 checks did not run, instead of nothing.
#
# testlog.json does not say which tests speak TAP; BUILDDIR/meson-info/
# intro-tests.json does. It is read only when a test's output has skip lines.
#
# What cannot be counted counts as one failure, with the reason on stderr, and
# the exit status is then 1: a missing or unreadable log (a run that wrote no
# log checked nothing), a line that is not a test record, skip lines whose
# protocol cannot be told. Exit status 2 is a usage error or a bug in here;
# scripts/test counts both as failures.
#
# scripts/lib/count-results.py --failed TESTLOG.json… prints instead, for each
# test that failed, its name, meson's verdict and the end of its output: CI
# shows only the end of a run, and this is what scripts/test prints last.
import json
import os
import re
import sys

PASSED = {"OK", "EXPECTEDFAIL"}
SKIPPED = {"SKIP"}

# As meson's own TAP parser (mtest.TAPParser) reads a test line: "ok" at the
# start, an optional number, a description, then "# SKIP…" in any case.
TAP_SKIP = re.compile(r"ok\s*(?:[0-9]+\s*)?[^#]*#\s*[Ss][Kk][Ii][Pp]\S*\b")


class Totals:
    def __init__(self):
        self.passed = self.failed = self.skipped = 0
        self.problems = 0

    def problem(self, path, what):
        """One thing that could not be counted: a failure, said why."""
        self.failed += 1
        self.problems += 1
        print(f"count-results: {path}: {what}; counted as a failure", file=sys.stderr)


def tap_skips(stdout):
    return sum(1 for line in stdout.splitlines() if TAP_SKIP.match(line.rstrip()))


def split_suite(suite):
    project, _, name = suite.partition(":")
    return project, name


def load_protocols(testlog):
    """Maps the names testlog.json gives tests to their protocol, or None for
    a name that two tests with different protocols share."""
    builddir = os.path.dirname(os.path.dirname(os.path.abspath(testlog)))
    path = os.path.join(builddir, "meson-info", "intro-tests.json")
    with open(path, encoding="utf-8") as f:
        tests = json.load(f)
    protocols = {}

    def add(name, protocol):
        protocols[name] = protocol if protocols.get(name, protocol) == protocol else None

    for test in tests:
        name, protocol, suites = test["name"], test["protocol"], test.get("suite") or []
        # meson names a test "project:suite1+suite2 / name", or just "name"
        # when the project has a single suite (mtest.get_pretty_suite).
        add(name, protocol)
        if suites:
            pretty = split_suite(suites[0])[0]
            joined = "+".join(split_suite(s)[1] for s in suites)
            add(f"{pretty}:{joined} / {name}" if joined else f"{pretty} / {name}", protocol)
    return protocols


def count_log(path, totals):
    try:
        with open(path, encoding="utf-8") as log:
            lines = log.read().splitlines()
    except FileNotFoundError:
        totals.problem(path, "no test log: meson ran no test, or stopped before writing it")
        return
    except (OSError, UnicodeDecodeError) as e:
        totals.problem(path, f"cannot read the test log ({e})")
        return

    protocols = None
    records = 0
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError:
            # A log cut short counts as a failure, not as nothing.
            totals.problem(f"{path}:{number}", "not a JSON test record")
            continue
        result = record.get("result") if isinstance(record, dict) else None
        if not isinstance(result, str):
            totals.problem(f"{path}:{number}", "a test record without a result")
            continue
        records += 1
        if result in SKIPPED:
            totals.skipped += 1
            continue
        if result in PASSED:
            totals.passed += 1
        else:
            totals.failed += 1

        stdout = record.get("stdout")
        skips = tap_skips(stdout) if isinstance(stdout, str) else 0
        if not skips:
            continue
        name = record.get("name")
        if protocols is None:
            try:
                protocols = load_protocols(path)
            except (OSError, ValueError, KeyError, TypeError, AttributeError) as e:
                protocols = {}
                print(f"count-results: {path}: cannot read meson-info/intro-tests.json ({e})",
                      file=sys.stderr)
        protocol = protocols.get(name) if isinstance(name, str) else None
        if protocol == "tap":
            totals.skipped += skips
        elif protocol is None:
            totals.problem(f"{path}:{number}", f"test {name!r} printed {skips} TAP skip line(s) "
                                               "but its protocol is unknown")
        # Any other protocol: meson did not read those lines as TAP, neither do we.

    if records == 0:
        totals.problem(path, "the test log records no test")


def report_failed(paths, tail_lines=25):
    """Name, verdict and the last lines of output of every failed test."""
    for path in paths:
        try:
            with open(path, encoding="utf-8") as log:
                lines = log.read().splitlines()
        except (OSError, UnicodeDecodeError) as e:
            print(f"{path}: cannot read the test log ({e})")
            continue
        for line in lines:
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if not isinstance(record, dict):
                continue
            result = record.get("result")
            if result in PASSED or result in SKIPPED:
                continue
            print(f"FAILED {record.get('name')!s}: {result!s} "
                  f"after {record.get('duration', 0):.1f}s")
            output = "\n".join(str(record.get(key) or "") for key in ("stdout", "stderr"))
            lines = output.strip().splitlines()
            # A failed TAP check may be far from the end: each with the
            # diagnostics that follow it.
            failed_checks = []
            for number, text in enumerate(lines):
                if text.startswith(("not ok", "Bail out!")):
                    failed_checks.append(text)
                    for note in lines[number + 1:number + 6]:
                        if not note.startswith("#"):
                            break
                        failed_checks.append(note)
            if failed_checks:
                print("  its failed checks:")
                for text in failed_checks[:40]:
                    print(f"  | {text}")
            print("  the end of its output:")
            for text in lines[-tail_lines:]:
                print(f"  | {text}")
    return 0


def main(argv):
    if len(argv) >= 2 and argv[1] == "--failed":
        return report_failed(argv[2:])
    if len(argv) < 2:
        print("usage: count-results.py TESTLOG.json…", file=sys.stderr)
        return 2
    totals = Totals()
    for path in argv[1:]:
        count_log(path, totals)
    print(totals.passed, totals.failed, totals.skipped)
    return 1 if totals.problems else 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except Exception:  # a bug in here: exit 2, not the 1 of "counted, with problems"
        import traceback
        traceback.print_exc()
        sys.exit(2)
