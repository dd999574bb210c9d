#!/usr/bin/python3
"""What scripts/test counts: scripts/lib/count-results.py against crafted meson
test logs, and add_results (scripts/lib/results.sh) against counters that
crash or print garbage. Every way of losing a result must show as a failure,
and skipped TAP checks as skipped.

Usage: test-count-results.py COUNT-RESULTS.py RESULTS.sh"""
import json
import os
import subprocess
import sys
import tempfile

COUNTER, RESULTS_SH = sys.argv[1], sys.argv[2]
PROJECT = "vpop3-monitor"

count = 0
failures = 0


def ok(condition, what, detail=""):
    global count, failures
    count += 1
    print(f"{'ok' if condition else 'not ok'} {count} {what}", flush=True)
    if not condition:
        failures += 1
        for line in str(detail).splitlines():
            print(f"# {line}")


def record(name, result, stdout="", suite="x"):
    """One testlog.json line as meson 1.0 writes it."""
    return json.dumps({"name": f"{PROJECT}:{suite} / {name}", "stdout": stdout,
                       "result": result, "starttime": 0.0, "duration": 0.1,
                       "returncode": 0 if result == "OK" else 1, "env": {},
                       "command": ["/bin/true"]})


def intro(*tests):
    """meson-info/intro-tests.json for (name, protocol, suites) triples."""
    return json.dumps([{"name": name, "protocol": protocol,
                        "suite": [f"{PROJECT}:{s}" for s in suites],
                        "cmd": ["/bin/true"], "depends": []}
                       for name, protocol, suites in tests])


def builddir(tmp, lines=None, tests=None, raw=None):
    """A build tree with meson-logs/testlog.json (LINES joined, or RAW bytes;
    none when both are None) and meson-info/intro-tests.json (TESTS)."""
    top = tempfile.mkdtemp(dir=tmp)
    os.mkdir(os.path.join(top, "meson-logs"))
    os.mkdir(os.path.join(top, "meson-info"))
    log = os.path.join(top, "meson-logs", "testlog.json")
    if raw is not None:
        with open(log, "wb") as f:
            f.write(raw)
    elif lines is not None:
        with open(log, "w", encoding="utf-8") as f:
            f.write("".join(line + "\n" for line in lines))
    if tests is not None:
        with open(os.path.join(top, "meson-info", "intro-tests.json"), "w") as f:
            f.write(intro(*tests))
    return top, log


def count_results(*paths):
    run = subprocess.run([sys.executable, COUNTER, *paths], capture_output=True, text=True)
    return run.stdout.strip(), run.returncode, run.stderr


def expect(what, paths, counts, status):
    out, rc, err = count_results(*paths)
    ok(out == counts and rc == status, f"{what}: prints {counts!r}, exits {status}",
       f"got {out!r}, exit {rc}\n{err}")
    return err


# A TAP stream as GLib and the Python tests print it: 2 checks skipped among 5,
# and lines that only look like skips.
TAP = "\n".join([
    "TAP version 13",
    "# random seed: R02S",
    "ok 1 /client/connect",
    "ok 2 /client/memory # SKIP not under a sanitizer",
    "# ok 3 # SKIP in a comment: not a check",
    "ok 3 the locale # skipped: no locale can be built",
    "    ok 1 # SKIP an indented line is not a check of this program",
    "ok 4 a name with # a hash but no directive",
    "ok 5 # TODO not a skip",
    "1..5",
]) + "\n"


def counter_cases(tmp):
    top, log = builddir(tmp, [record("a", "OK"), record("b", "FAIL"), record("c", "SKIP"),
                              record("d", "TIMEOUT"), record("e", "EXPECTEDFAIL"),
                              record("f", "UNEXPECTEDPASS"), record("g", "ERROR"),
                              record("h", "SOMETHING NEW")])
    expect("each verdict", [log], "2 5 1", 0)

    top, log = builddir(tmp, [record("a", "OK"), "{\"name\": \"cut sh", record("b", "OK")])
    err = expect("a line cut short counts as a failure", [log], "2 1 0", 1)
    ok(":2: not a JSON test record" in err, "and says which line", err)

    top, log = builddir(tmp, [record("a", "OK"), "this is not json", "[1, 2]", "null",
                              json.dumps({"name": "x"}), json.dumps({"result": {"OK": 1}}),
                              json.dumps({"result": None})])
    expect("garbage and records without a usable result: one failure each",
           [log], "1 6 0", 1)

    top, log = builddir(tmp, [record("units", "OK", TAP, "client")],
                        [("units", "tap", ["client"])])
    expect("a passing TAP test with 2 skipped checks: 1 passed, 2 skipped", [log], "1 0 2", 0)

    top, log = builddir(tmp, [record("units", "FAIL", TAP, "client")],
                        [("units", "tap", ["client"])])
    expect("a failing TAP test still shows its skipped checks", [log], "0 1 2", 0)

    top, log = builddir(tmp, [record("units", "SKIP", "ok 1 # SKIP a\nok 2 # SKIP b\n1..2\n")],
                        [("units", "tap", ["x"])])
    expect("a TAP test meson skipped as a whole counts once", [log], "0 0 1", 0)

    top, log = builddir(tmp, [record("script", "OK", TAP)], [("script", "exitcode", ["x"])])
    expect("skip lines of a test that is not TAP are not read as TAP", [log], "1 0 0", 0)

    # meson names a test "project:suite1+suite2 / name" (or "name" alone when
    # the project has one suite); one name can be a TAP test in one suite and
    # not in another.
    top, log = builddir(tmp, [record("tray", "OK", TAP, "l10n"),
                              record("tray", "OK", TAP, "tray+slow"),
                              json.dumps({"name": "solo", "result": "OK", "stdout": TAP})],
                        [("tray", "tap", ["l10n"]), ("tray", "exitcode", ["tray", "slow"]),
                         ("solo", "tap", [])])
    expect("the protocol is found under the names meson gives", [log], "3 0 4", 0)

    top, log = builddir(tmp, [record("units", "OK", TAP)])
    err = expect("skip lines whose protocol cannot be told: a failure", [log], "1 1 0", 1)
    ok("protocol is unknown" in err, "and it says so", err)

    top, log = builddir(tmp, [record("units", "OK", "ok 1\n1..1\n")])
    expect("without skip lines, intro-tests.json is not needed", [log], "1 0 0", 0)

    top, log = builddir(tmp)
    err = expect("a missing log counts as a failure", [log], "0 1 0", 1)
    ok("no test log" in err, "and says so", err)

    top, log = builddir(tmp, [])
    expect("an empty log (no test ran) counts as a failure", [log], "0 1 0", 1)

    top, log = builddir(tmp, raw=record("a", "OK").encode() + b"\n\xff\xfe\n")
    expect("a log that is not UTF-8 counts as a failure", [log], "0 1 0", 1)

    top, log = builddir(tmp)
    os.mkdir(log)
    expect("a log that cannot be read counts as a failure", [log], "0 1 0", 1)

    one = builddir(tmp, [record("a", "OK"), record("b", "SKIP")])[1]
    two = builddir(tmp, [record("units", "OK", TAP)], [("units", "tap", ["x"])])[1]
    expect("several logs are summed", [one, two], "2 0 3", 0)

    out, rc, err = count_results()
    ok(rc == 2 and out == "", "no argument: a usage error, exit 2", f"{out!r} {rc}")


def add_results(top, meson_status, counter=None):
    """Runs add_results from results.sh; COUNTER (a shell snippet) replaces
    the real counter. Returns the totals it left and what it printed."""
    script = f'''set -euo pipefail
source "{RESULTS_SH}"
passed=0 failed=0 skipped=0
'''
    if counter is not None:
        script += f'''fake () {{ {counter}; }}
count_results=(fake)
'''
    script += f'''add_results "{top}" {meson_status}
echo "$passed $failed $skipped"
'''
    run = subprocess.run(["bash", "-c", script], capture_output=True, text=True)
    lines = run.stdout.strip().splitlines()
    return (lines[-1] if lines and run.returncode == 0 else f"exit {run.returncode}"), \
        run.stdout + run.stderr


def caller_cases(tmp):
    top, _ = builddir(tmp, [record("units", "OK", TAP, "client"), record("b", "FAIL")],
                      [("units", "tap", ["client"])])
    totals, out = add_results(top, 1)
    ok(totals == "1 1 2", "add_results with the real counter: 1 passed, 1 failed, 2 skipped", out)

    top, _ = builddir(tmp)
    totals, out = add_results(top, 0)
    ok(totals == "0 1 0", "add_results: meson exits 0 but wrote no log: one failure", out)

    cases = [
        ("counts as printed", "echo 3 0 1", 0, "3 0 1"),
        ("the counter crashes, printing nothing", "echo Traceback >&2; return 2", 0, "0 1 0"),
        ("the counter prints two numbers", "echo 3 0", 0, "0 1 0"),
        ("the counter prints words", "echo three passed", 0, "0 1 0"),
        ("the counter prints a second line", "echo 3 0 1; echo 1 0 0", 0, "0 1 0"),
        ("the counter prints 08 (not octal)", "echo 08 0 0", 0, "0 1 0"),
        ("the counter prints a negative count", "echo 3 -1 0", 0, "0 1 0"),
        ("the counter prints counts but exits 1", "echo 3 0 1; return 1", 0, "3 1 1"),
        ("meson fails with no failed test", "echo 5 0 0", 1, "5 1 0"),
        ("meson fails and the log has the failure", "echo 5 2 0", 1, "5 2 0"),
        ("the counter finds no test", "echo 0 0 0", 0, "0 1 0"),
    ]
    top, _ = builddir(tmp)
    for what, counter, status, want in cases:
        totals, out = add_results(top, status, counter)
        ok(totals == want, f"add_results: {what}: {want}", f"got {totals}\n{out}")


def failed_report_cases(tmp):
    """--failed names each failed test with the end of its output, and only
    those: the lines CI shows of a run."""
    long_output = "\n".join(["not ok 3 far from the end", "# why it failed", "ok 4 fine"] +
                            [f"line {n}" for n in range(100)])
    _, log = builddir(tmp, [record("fine", "OK"), record("skipped", "SKIP"),
                            record("broken", "FAIL", long_output),
                            record("hung", "TIMEOUT", "waiting\n")])
    run = subprocess.run([sys.executable, COUNTER, "--failed", log],
                         capture_output=True, text=True)
    out = run.stdout
    ok(run.returncode == 0, "--failed exits 0", run.stderr)
    ok(f"FAILED {PROJECT}:x / broken: FAIL" in out and f"FAILED {PROJECT}:x / hung: TIMEOUT" in out,
       "--failed names both failed tests with meson's verdict", out)
    ok("/ fine" not in out and "/ skipped" not in out, "--failed leaves out passed and skipped tests",
       out)
    ok("line 99" in out and "line 74" not in out and "waiting" in out,
       "--failed shows the last 25 lines of each failed test's output", out)
    ok("| not ok 3 far from the end\n  | # why it failed\n" in out and "| ok 4 fine" not in out,
       "--failed shows a failed TAP check far from the end, with its diagnostics", out)


def main():
    with tempfile.TemporaryDirectory() as tmp:
        counter_cases(tmp)
        caller_cases(tmp)
        failed_report_cases(tmp)
    print(f"1..{count}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
