#!/usr/bin/python3
# scripts/lib/count-results.py TESTLOG.json…
#
# Prints "PASSED FAILED SKIPPED" summed over meson's testlog.json files (one
# JSON object per line). A missing file counts nothing: the caller decides
# what a run that wrote no log means.
import json
import sys

PASSED = {"OK", "EXPECTEDFAIL"}
SKIPPED = {"SKIP"}
# FAIL, UNEXPECTEDPASS, TIMEOUT, ERROR, and anything a later meson adds.

passed = failed = skipped = 0
for path in sys.argv[1:]:
    try:
        with open(path, encoding="utf-8") as log:
            lines = log.readlines()
    except FileNotFoundError:
        continue
    for line in lines:
        line = line.strip()
        if not line:
            continue
        try:
            result = json.loads(line).get("result")
        except (json.JSONDecodeError, AttributeError):
            # A log cut short counts as a failure, not as nothing.
            failed += 1
            continue
        if result in PASSED:
            passed += 1
        elif result in SKIPPED:
            skipped += 1
        else:
            failed += 1

print(passed, failed, skipped)
