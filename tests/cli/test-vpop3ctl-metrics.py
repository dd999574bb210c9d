#!/usr/bin/python3
"""vpop3ctl metrics against the real simulator, read back with a real
Prometheus parser (prometheus_client's). Prints TAP.

Usage: test-vpop3ctl-metrics.py VPOP3CTL VPOP3-SIMULATOR"""

import json
import math
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ctlsim  # noqa: E402
from prometheus_client.parser import text_string_to_metric_families  # noqa: E402

tap = ctlsim.Tap()


def parse(text):
    """{family name: family}; a text the parser rejects is a failed check."""
    try:
        return {f.name: f for f in text_string_to_metric_families(text)}
    except Exception as error:  # the parser raises ValueError and others
        tap.ok(False, f"the output parses as the Prometheus text format ({error})")
        return {}


def samples(families, name):
    """{frozenset of labels other than server: value} of one family's series."""
    family = families.get(name)
    if family is None:
        return None
    return {frozenset((k, v) for k, v in s.labels.items() if k != "server"): s.value
            for s in family.samples}


def value(families, name, **labels):
    found = samples(families, name)
    if found is None:
        return None
    return found.get(frozenset(labels.items()))


def check_format(label, text, families, server):
    tap.ok(bool(families), f"{label}: parsed, {len(families)} families")
    raw_families = [line.split()[2] for line in text.splitlines() if line.startswith("# TYPE ")]
    helped = [line.split()[2] for line in text.splitlines() if line.startswith("# HELP ")]
    tap.ok(raw_families == helped and len(set(raw_families)) == len(raw_families),
           f"{label}: every family has one HELP and one TYPE ({raw_families})")
    tap.ok(all(f.documentation and f.type in ("gauge", "counter") for f in families.values()),
           f"{label}: every family has a help text and a type the parser read")
    series = [s for f in families.values() for s in f.samples]
    tap.ok(series and all(s.labels.get("server") == server for s in series),
           f"{label}: every series carries server=\"{server}\" ({len(series)} series)")
    tap.ok(all(s.name.startswith("vpop3_") for s in series), f"{label}: every name is vpop3_*")


def no_secret(label, *texts):
    tap.ok(all(ctlsim.PASSWORD not in text for text in texts),
           f"{label}: the password appears in no output")


def main():
    vpop3ctl, simulator_path = sys.argv[1:3]
    scale = 3 if ctlsim.is_sanitized(vpop3ctl) else 1

    # The default simulator, with values the test sets.
    sim = ctlsim.Simulator(simulator_path, "--build", "3017", scale=scale)
    server = f"127.0.0.1:{sim.port}"
    try:
        start = math.floor(time.time())
        for line in ("out-queue 21 2", "inboxes 7 1", "mailbox 3 1 alice", "mailbox 5 0 Jean Dupont",
                     "mailbox 4 0 bob", "mailbox 0 0 bob", "last-poll partial"):
            sim.control(line)
        before = math.floor(time.time())
        sim.control("next-poll 600")
        result = ctlsim.run(vpop3ctl, sim.port, "metrics", scale=scale)
        after = math.ceil(time.time())
    finally:
        sim.stop()
    families = parse(result.out)
    tap.ok(result.rc == 0, f"metrics exits 0 (got {result.rc}; stderr {result.err!r})")
    check_format("default simulator", result.out, families, server)
    expected = {
        ("vpop3_up", ()): 1,
        ("vpop3_build_info", (("build", "3017"),)): 1,
        ("vpop3_out_queue_messages", ()): 21,
        ("vpop3_out_queue_held_messages", ()): 2,
        ("vpop3_inbox_messages", ()): 7,
        ("vpop3_inbox_held_messages", ()): 1,
        ("vpop3_sessions", ()): 2,  # the quiet office's two sessions
        ("vpop3_last_poll_result", (("result", "partial"),)): 1,
        ("vpop3_last_poll_result", (("result", "ok"),)): 0,
        ("vpop3_last_poll_result", (("result", "failed"),)): 0,
        ("vpop3_unknown_lines", ()): 0,
        ("vpop3_user_mailbox_messages", (("user", "alice"),)): 3,
        ("vpop3_user_mailbox_messages", (("user", "Jean Dupont"),)): 5,
    }
    for (name, labels), want in expected.items():
        got = value(families, name, **dict(labels))
        tap.ok(got == want, f"{name}{dict(labels) or ''} = {want} (got {got})")
    tap.ok(len(samples(families, "vpop3_user_mailbox_messages") or {}) == 2,
           "an emptied mailbox (bob) is not listed")
    unknown = families.get("vpop3_unknown_lines")
    tap.ok(unknown is not None and unknown.type == "counter" and
           unknown.samples[0].name == "vpop3_unknown_lines_total",
           "vpop3_unknown_lines_total is a counter")
    next_poll = value(families, "vpop3_next_poll_timestamp_seconds")
    tap.ok(next_poll is not None and before + 600 <= next_poll <= after + 600,
           f"next poll is the time the simulator set ({next_poll} in [{before + 600}, "
           f"{after + 600}])")
    last_poll = value(families, "vpop3_last_poll_timestamp_seconds")
    tap.ok(last_poll is not None and start <= last_poll <= after,
           f"last poll is the time the simulator set ({last_poll} in [{start}, {after}])")
    no_secret("default simulator", result.out, result.err)

    # Only the documented types: everything provisional is absent, not 0.
    sim = ctlsim.Simulator(simulator_path, "--dialect", "documented-only", scale=scale)
    try:
        sim.control("mailbox 3 1 alice")
        result = ctlsim.run(vpop3ctl, sim.port, "metrics", scale=scale)
    finally:
        sim.stop()
    families = parse(result.out)
    tap.ok(result.rc == 0, f"documented-only: metrics exits 0 (got {result.rc})")
    check_format("documented-only", result.out, families, f"127.0.0.1:{sim.port}")
    present = sorted(families)
    tap.ok(present == ["vpop3_build_info", "vpop3_unknown_lines", "vpop3_up"],
           f"documented-only: only up, build and the unknown count ({present})")
    tap.ok(value(families, "vpop3_up") == 1 and value(families, "vpop3_unknown_lines") == 0,
           "documented-only: up 1, no unknown line")
    no_secret("documented-only", result.out, result.err)

    # Another shape: nothing mis-read, every provisional line counted unknown.
    sim = ctlsim.Simulator(simulator_path, "--dialect", "other-shape", scale=scale)
    try:
        sim.control("mailbox 3 1 alice")
        result = ctlsim.run(vpop3ctl, sim.port, "metrics", scale=scale)
        survey = ctlsim.run(vpop3ctl, sim.port, "survey", "--duration", "1", "--json",
                            scale=scale)
    finally:
        sim.stop()
    families = parse(result.out)
    check_format("other-shape", result.out, families, f"127.0.0.1:{sim.port}")
    present = sorted(families)
    tap.ok(present == ["vpop3_build_info", "vpop3_unknown_lines", "vpop3_up"],
           f"other-shape: no value read from a line of another shape ({present})")
    try:
        invalid = sum(t["invalid"] for t in json.loads(survey.out)["types"])
    except (ValueError, KeyError, TypeError):
        invalid = None
    got = value(families, "vpop3_unknown_lines")
    # P 2 3 4 5 U 7 H 8 8: the quiet office's provisional lines, each unreadable.
    tap.ok(got == invalid == 10,
           f"other-shape: vpop3_unknown_lines_total counts them all ({got}; the survey "
           f"found {invalid} invalid; 10 sent)")

    # Unreachable and refused: vpop3_up 0, exit 0, so that the collector records it.
    port = ctlsim.closed_port()
    result = ctlsim.run(vpop3ctl, port, "metrics", "--timeout", "5", scale=scale)
    families = parse(result.out)
    tap.ok(result.rc == 0, f"unreachable: exit 0 (got {result.rc})")
    check_format("unreachable", result.out, families, f"127.0.0.1:{port}")
    tap.ok(sorted(families) == ["vpop3_up"] and value(families, "vpop3_up") == 0,
           f"unreachable: vpop3_up 0 alone ({sorted(families)})")
    tap.ok("vpop3ctl:" in result.err, f"unreachable: the reason on stderr ({result.err.strip()!r})")

    sim = ctlsim.Simulator(simulator_path, scale=scale)
    try:
        result = ctlsim.run(vpop3ctl, sim.port, "metrics", password="wrong-password", scale=scale)
        logins = sim.logins()
    finally:
        sim.stop()
    families = parse(result.out)
    tap.ok(result.rc == 0 and value(families, "vpop3_up") == 0 and sorted(families) == ["vpop3_up"],
           f"login refused: vpop3_up 0, exit 0 (rc {result.rc}, {sorted(families)})")
    tap.ok(logins == 1, f"login refused: one attempt only ({logins})")
    tap.ok("wrong-password" not in result.out + result.err, "login refused: no password shown")

    # Usage errors still exit 2, with nothing on stdout for the collector.
    for args in (["metrics", "extra"], ["metrics", "--port", "0"], ["metrics", "--timeout", "x"]):
        result = ctlsim.run(vpop3ctl, 1, *args, scale=scale)
        tap.ok(result.rc == 2 and result.out == "",
               f"vpop3ctl {' '.join(args)}: usage error, exit 2 (got {result.rc}, "
               f"stdout {result.out!r})")
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
