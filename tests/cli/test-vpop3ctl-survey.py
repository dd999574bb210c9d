#!/usr/bin/python3
"""vpop3ctl survey against the real simulator: our own reading of the
protocol, a server that sends only the documented types, and one that sends
the provisional types in another shape. Prints TAP.

Usage: test-vpop3ctl-survey.py VPOP3CTL VPOP3-SIMULATOR"""

import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ctlsim  # noqa: E402

tap = ctlsim.Tap()

# The quiet office's burst (tools/vpop3-simulator-state.c) after "P", with
# the one mailbox the test adds: type -> lines.
QUIET_BURST = {"0": 7, "1": 1, "2": 1, "3": 1, "4": 1, "5": 1, "7": 1, "8": 2, "H": 1, "P": 1,
               "U": 1}
DOCUMENTED = {"0", "1"}
# How long after the burst a survey that wrongly ended with it (--settle 0)
# would surely have ended: a margin, not a timing expectation.
SETTLED_MARGIN_S = 2


def survey_json(label, result):
    try:
        survey = json.loads(result.out)
    except ValueError:
        tap.ok(False, f"{label}: one JSON object ({result.out[:200]!r}, {result.err!r})")
        return {"types": []}
    tap.ok(result.rc == 0 and result.out.count("\n") == 1,
           f"{label}: exits 0 with one line of JSON (rc {result.rc})")
    tap.ok(sorted(survey) == ["build", "server", "types"],
           f"{label}: the keys are server, build, types ({sorted(survey)})")
    keys = {tuple(sorted(t)) for t in survey.get("types", [])}
    tap.ok(keys == {("count", "invalid", "kind", "longest", "sample", "type")},
           f"{label}: each type has type, kind, count, invalid, longest, sample ({keys})")
    return survey


def by_type(survey):
    return {t["type"]: t for t in survey["types"]}


def no_secret(label, *texts):
    tap.ok(all(ctlsim.PASSWORD not in text for text in texts),
           f"{label}: the password appears in no output")


def main():
    vpop3ctl, simulator_path = sys.argv[1:3]
    scale = 3 if ctlsim.is_sanitized(vpop3ctl) else 1

    # Our reading: every type documented or provisional, none invalid.
    sim = ctlsim.Simulator(simulator_path, scale=scale)
    try:
        sim.control("mailbox 3 1 alice")
        result = ctlsim.run(vpop3ctl, sim.port, "survey", "--duration", "1", "--json", scale=scale)
        table = ctlsim.run(vpop3ctl, sim.port, "survey", "--duration", "1", scale=scale)
    finally:
        sim.stop()
    survey = survey_json("default", result)
    types = by_type(survey)
    tap.ok(survey.get("server") == f"127.0.0.1:{sim.port}" and survey.get("build") == 2886,
           f"default: server and build ({survey.get('server')}, {survey.get('build')})")
    counts = {t: e["count"] for t, e in types.items()}
    tap.ok(counts == QUIET_BURST, f"default: the lines of the burst, by type ({counts})")
    kinds = {t: e["kind"] for t, e in types.items()}
    tap.ok(kinds == {t: "documented" if t in DOCUMENTED else "provisional" for t in QUIET_BURST},
           f"default: 0 and 1 documented, the others provisional ({kinds})")
    tap.ok(all(e["invalid"] == 0 for e in types.values()), "default: no line failed validation")
    tap.ok(types.get("U", {}).get("sample") == "Ualice\\t3\\t1"
           and types.get("U", {}).get("longest") == len("Ualice\t3\t1"),
           f"default: the U sample, TAB escaped, and its length ({types.get('U')})")
    tap.ok(types.get("1", {}).get("sample") == "1Idle", "default: the sample is the line itself")
    lines = table.out.splitlines()
    tap.ok(table.rc == 0 and len(lines) == 3 + len(QUIET_BURST)
           and lines[0] == f"Server: 127.0.0.1 port {sim.port}" and lines[1] == "Build:  2886"
           and lines[2].split() == ["Type", "Kind", "Lines", "Invalid", "Longest", "Sample"],
           f"default: the table has a heading and a row a type ({len(lines)} lines)")
    tap.ok(any(line.split()[:5] == ["U", "provisional", "1", "0", "10"] for line in lines[3:]),
           "default: the table's U row")
    no_secret("default", result.out, result.err, table.out, table.err)

    # Only the documented types.
    sim = ctlsim.Simulator(simulator_path, "--dialect", "documented-only", scale=scale)
    try:
        sim.control("mailbox 3 1 alice")
        result = ctlsim.run(vpop3ctl, sim.port, "survey", "--duration", "1", "--json", scale=scale)
        status = ctlsim.run(vpop3ctl, sim.port, "status", "--json", scale=scale)
    finally:
        sim.stop()
    types = by_type(survey_json("documented-only", result))
    tap.ok({t: (e["kind"], e["count"], e["invalid"]) for t, e in types.items()} ==
           {"0": ("documented", 7, 0), "1": ("documented", 1, 0)},
           f"documented-only: only 0 and 1, documented, valid ({types})")
    try:
        snapshot = json.loads(status.out)
    except ValueError:
        snapshot = {}
    tap.ok(snapshot.get("out_queue", 0) is None and snapshot.get("mailboxes") == []
           and snapshot.get("connection") == "Idle",
           "documented-only: status has the connection, no queue, no mailbox")
    no_secret("documented-only", result.out, result.err)

    # Another shape: every provisional line counted invalid, none read.
    sim = ctlsim.Simulator(simulator_path, "--dialect", "other-shape", scale=scale)
    try:
        sim.control("mailbox 3 1 alice")
        result = ctlsim.run(vpop3ctl, sim.port, "survey", "--duration", "1", "--json", scale=scale)
        status = ctlsim.run(vpop3ctl, sim.port, "status", "--json", scale=scale)
    finally:
        sim.stop()
    types = by_type(survey_json("other-shape", result))
    counts = {t: e["count"] for t, e in types.items()}
    tap.ok(counts == QUIET_BURST, f"other-shape: as many lines of each type ({counts})")
    provisional = {t: e for t, e in types.items() if t not in DOCUMENTED}
    tap.ok(provisional and all(e["invalid"] == e["count"] for e in provisional.values()),
           "other-shape: every provisional line failed validation "
           f"({ {t: (e['count'], e['invalid']) for t, e in provisional.items()} })")
    tap.ok(all(types[t]["invalid"] == 0 for t in DOCUMENTED if t in types),
           "other-shape: the documented lines are still read")
    tap.ok(types.get("U", {}).get("sample") == "Ualice 3 1",
           f"other-shape: the sample shows the shape the server used ({types.get('U')})")
    try:
        snapshot = json.loads(status.out)
    except ValueError:
        snapshot = {}
    misread = [key for key in ("out_queue", "inboxes", "next_poll", "last_poll", "connections",
                               "housekeeper", "permissions") if snapshot.get(key, 0) is not None]
    tap.ok(snapshot.get("connection") == "Idle" and not misread
           and snapshot.get("mailboxes") == [] and snapshot.get("sessions") == [],
           f"other-shape: nothing mis-read into the status (read: {misread})")
    no_secret("other-shape", result.out, result.err)

    # The survey listens after the burst too: a line sent later is counted,
    # and Ctrl+C ends a long survey with what came so far. The trace says
    # when vpop3ctl has a line. With --settle 0 the burst is over as soon as
    # the last line of it is read; SETTLED_MARGIN_S later, a survey that
    # ended with the burst would have ended (the one wait derived from the
    # mechanism it checks, with a generous margin).
    sim = ctlsim.Simulator(simulator_path, scale=scale)
    try:
        running = ctlsim.Running(vpop3ctl, sim.port, "survey", "--json", "--duration", "86400",
                                 "--settle", "0", scale=scale)
        got_burst = running.wait_trace("Housekeeper: mailbox check complete")
        time.sleep(SETTLED_MARGIN_S * scale)
        tap.ok(got_burst and running.process.poll() is None,
               "the survey goes on after the burst has settled")
        sim.control("raw Zlater\tthan the burst")
        got_later = running.wait_trace("< Zlater")
        result, trace = running.finish(ctlsim.SIGINT)
    finally:
        sim.stop()
    types = by_type(survey_json("interrupted", result))
    tap.ok(got_burst and got_later, "a line sent after the burst reaches vpop3ctl")
    tap.ok(types.get("Z") == {"type": "Z", "kind": "unknown", "count": 1, "invalid": 1,
                              "longest": len("Zlater\tthan the burst"),
                              "sample": "Zlater\\tthan the burst"},
           f"it is counted as an unknown type ({types.get('Z')})")
    no_secret("interrupted", result.out, result.err, trace)

    # The busy scenario plays a few users' mailboxes; at this rate its first
    # event is a quarter of an hour away, so the burst is all there is.
    sim = ctlsim.Simulator(simulator_path, "--scenario", "busy", "--rate", "0.001", scale=scale)
    try:
        status = ctlsim.run(vpop3ctl, sim.port, "status", "--json", scale=scale)
    finally:
        sim.stop()
    try:
        mailboxes = json.loads(status.out).get("mailboxes")
    except ValueError:
        mailboxes = None
    tap.ok(mailboxes == [{"user": "james", "total": 1, "held": 0},
                         {"user": "sarah", "total": 2, "held": 0}],
           f"busy scenario: users' mailboxes in the burst ({mailboxes})")

    # A user without the "view per-user queue counts" permission gets no U
    # (nor 5) line: the simulator applies the permission as docs/protocol.md says.
    sim = ctlsim.Simulator(simulator_path, "--user", f"clerk:{ctlsim.PASSWORD}:110111",
                           scale=scale)
    try:
        sim.control("mailbox 3 1 alice")
        result = ctlsim.run(vpop3ctl, sim.port, "survey", "--duration", "1", "--json",
                            user="clerk", scale=scale)
    finally:
        sim.stop()
    types = by_type(survey_json("no per-user permission", result))
    tap.ok(types and "U" not in types and "5" not in types and "4" in types,
           f"no per-user permission: no U line, no 5 line ({sorted(types)})")

    # status lists the mailboxes the survey counts: sorted, empty ones left out.
    sim = ctlsim.Simulator(simulator_path, scale=scale)
    try:
        for line in ("mailbox 3 1 carol", "mailbox 12 0 Alice", "mailbox 1 0 bob",
                     "mailbox 0 0 bob", "mailbox 2 2 Jean Dupont"):
            sim.control(line)
        status = ctlsim.run(vpop3ctl, sim.port, "status", "--json", scale=scale)
        text = ctlsim.run(vpop3ctl, sim.port, "status", scale=scale)
    finally:
        sim.stop()
    try:
        mailboxes = json.loads(status.out).get("mailboxes")
    except ValueError:
        mailboxes = None
    tap.ok(mailboxes == [{"user": "Alice", "total": 12, "held": 0},
                         {"user": "carol", "total": 3, "held": 1},
                         {"user": "Jean Dupont", "total": 2, "held": 2}],
           f"status --json: the mailboxes by user, the emptied one left out ({mailboxes})")
    table = text.out.split("Mailboxes:\n", 1)[-1].splitlines()[:4]
    tap.ok(text.rc == 0 and [row.split() for row in table] ==
           [["User", "Messages", "Held"], ["Alice", "12", "0"], ["carol", "3", "1"],
            ["Jean", "Dupont", "2", "2"]],
           f"status: the mailboxes as a table ({table})")

    # Usage errors.
    for args in (["survey", "--duration", "0"], ["survey", "--duration", "ten"],
                 ["survey", "--duration", "86401"], ["survey", "now"]):
        result = ctlsim.run(vpop3ctl, 1, *args, scale=scale)
        tap.ok(result.rc == 2 and result.out == "",
               f"vpop3ctl {' '.join(args)}: usage error, exit 2 (got {result.rc})")

    # Refused: exit 3 as every command, nothing surveyed.
    sim = ctlsim.Simulator(simulator_path, scale=scale)
    try:
        result = ctlsim.run(vpop3ctl, sim.port, "survey", "--duration", "1", password="wrong",
                            scale=scale)
    finally:
        sim.stop()
    tap.ok(result.rc == 3 and result.out == "", f"login refused: exit 3 (got {result.rc})")
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
