#!/usr/bin/python3
# scripts/lib/suite-targets.py BUILDDIR SUITE
#
# Prints, one per line and relative to BUILDDIR, the ninja targets that the
# tests of SUITE need. scripts/test builds just these in the fuzzing build, so
# that clang does not compile the whole GTK applet a third time. Exits 3 when
# SUITE has no test (scripts/test counts that as a failure: fuzzing that
# vanishes must not go unnoticed), and another non-zero status when meson
# cannot be asked.
import json
import os
import subprocess
import sys

builddir, suite = sys.argv[1], sys.argv[2]


def introspect(what):
    out = subprocess.run(["meson", "introspect", builddir, what],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


# Suites appear either bare ("fuzz") or qualified ("vpop3-monitor:fuzz").
tests = [t for t in introspect("--tests")
         if any(s == suite or s.endswith(":" + suite) for s in t.get("suite", []))]
if not tests:
    print(f"suite-targets.py: {builddir} has no test in suite {suite!r}", file=sys.stderr)
    sys.exit(3)
wanted = {dep for t in tests for dep in t.get("depends", [])}
top = os.path.realpath(builddir)
for target in introspect("--targets"):
    if target["id"] in wanted:
        for filename in target["filename"]:
            print(os.path.relpath(os.path.realpath(filename), top))
