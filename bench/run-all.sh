#!/usr/bin/env bash
# bench/run-all.sh [BUILDDIR]
#
# Every performance figure in one run, printed as one markdown table with the
# machine it was measured on (docs/performance.md, "All figures in one run"):
#   protocol parse throughput against a memchr split  (bench/vpop3-bench-parse)
#   a burst of 100,000 activity-log lines              (bench/vpop3-bench-burst)
#   the applet idle with a full log ring beside the floor program: memory and
#     wake-ups over 60 s                               (bench/applet-vs-floor.sh)
#   icon-change latency over 1000 changes              (bench/icon-latency.py)
#   launch to a registered icon, applet and floor      (bench/launch-time.py)
# BUILDDIR defaults to build-bench, set up as a release build if missing.
# Starts its own Xvfb and session bus. Takes about three minutes.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

if [[ -z "${VPOP3_RUN_ALL_IN_SESSION:-}" ]]; then
  builddir=${1:-$root/build-bench}
  if [[ ! -f "$builddir/build.ninja" ]]; then
    meson setup "$builddir" "$root" --buildtype=release >/dev/null
  fi
  ninja -C "$builddir" >/dev/null
  builddir=$(cd "$builddir" && pwd)
  export VPOP3_RUN_ALL_IN_SESSION=1
  exec xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" \
    dbus-run-session -- "${BASH_SOURCE[0]}" "$builddir"
fi
builddir=$1

scratch=$(mktemp -d "${TMPDIR:-/tmp}/vpop3-run-all.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

# Runs one benchmark, keeping its whole output; prints its last line matching $2.
run ()
{
  local name=$1 pattern=$2
  shift 2
  echo "running $name: $*" >&2
  if ! "$@" >"$scratch/$name.out" 2>"$scratch/$name.err"; then
    echo "$name failed:" >&2
    tail -n 5 "$scratch/$name.out" "$scratch/$name.err" >&2
  fi
  grep -E "$pattern" "$scratch/$name.out" | tail -n 1 || true
}
# field LINE KEY: the value after "KEY=" in an "idle-…: key=value …" line.
field () { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<"$1"; }
mib () { awk -v k="$1" 'BEGIN { if (k == "") print "?"; else printf "%.1f MiB", k / 1024 }'; }
# pick LINE PERL-REGEX: the part the regex matches after its \K, or "?".
pick () { grep -oP "$2" <<<"$1" | head -n 1 || echo "?"; }
ms='[0-9.]+ ms' 

start=$(date +%s)
parse=$(run parse '^parse:' "$builddir/bench/vpop3-bench-parse")
if [[ -x "$builddir/bench/vpop3-bench-burst" ]]; then
  burst=$(run burst '^burst:' "$builddir/bench/vpop3-bench-burst")
else
  burst="not built"
fi
run idle '^idle-' "$root/bench/applet-vs-floor.sh" "$builddir" 60 >/dev/null
idle_floor=$(grep '^idle-floor:' "$scratch/idle.out" || true)
idle_applet=$(grep '^idle-applet:' "$scratch/idle.out" || true)
idle_empty=$(grep '^idle-applet-empty-ring:' "$scratch/idle.out" || true)
latency=$(run latency '^icon-latency:' /usr/bin/python3 "$root/bench/icon-latency.py" "$builddir" 1000)
run launch '^launch-' /usr/bin/python3 "$root/bench/launch-time.py" "$builddir" 20 >/dev/null
launch_floor=$(grep '^launch-floor:' "$scratch/launch.out" || true)
launch_applet=$(grep '^launch-applet:' "$scratch/launch.out" || true)

parse_rate=$(sed -n 's/^parse: \([^;]*\);.*/\1/p' <<<"$parse")
memchr_rate=$(sed -n 's/.*memchr split: \([^;]*\);.*/\1/p' <<<"$parse")
ratio=$(sed -n 's/.*ratio \(.*\)$/\1/p' <<<"$parse")
buildtype=$(meson introspect --buildoptions "$builddir" 2>/dev/null |
  /usr/bin/python3 -c 'import json, sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"] == "buildtype"))' ||
  echo "?")

echo
echo "Measured $(date -u +%Y-%m-%d) in $(($(date +%s) - start)) s with \`bench/run-all.sh $builddir\`."
# shellcheck source=/dev/null
echo "Machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)," \
  "$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM," \
  "$(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r);" \
  "$(gcc -dumpfullversion 2>/dev/null | sed 's/^/gcc /'), GLib $(pkg-config --modversion glib-2.0)," \
  "GTK $(pkg-config --modversion gtk+-3.0); $buildtype build; load average before:" \
  "$(cut -d ' ' -f 1-3 /proc/loadavg)."
echo
echo "| figure | vpop3-monitor | reference | reproduce |"
echo "|---|---:|---:|---|"
echo "| protocol parse (lines/s) | ${parse_rate:-?} | memchr split ${memchr_rate:-?} (${ratio:-?}) | \`bench/vpop3-bench-parse\` |"
echo "| burst of 100,000 log lines | ${burst#burst: } | | \`bench/vpop3-bench-burst\` |"
echo "| idle, full 5,000-line ring: VmRSS | $(mib "$(field "$idle_applet" rss)") | floor $(mib "$(field "$idle_floor" rss)") | \`bench/applet-vs-floor.sh\` |"
echo "| idle: Pss | $(mib "$(field "$idle_applet" pss)") | floor $(mib "$(field "$idle_floor" pss)") | 〃 |"
echo "| idle: private memory | $(mib "$(field "$idle_applet" private)") | floor $(mib "$(field "$idle_floor" private)") | 〃 |"
echo "| idle: private memory, ring empty | $(mib "$(field "$idle_empty" private)") | | 〃 |"
echo "| idle: wake-ups/min, all threads | $(field "$idle_applet" wakeups) | floor $(field "$idle_floor" wakeups) | 〃 |"
echo "| idle: system calls/min (perf) | $(field "$idle_applet" syscalls) | floor $(field "$idle_floor" syscalls) | 〃 |"
echo "| idle: threads | $(field "$idle_applet" threads) | floor $(field "$idle_floor" threads) | 〃 |"
echo "| icon change, p50 / p90 / p99 / max | $(pick "$latency" "; p50 \K$ms") / $(pick "$latency" "p90 \K$ms") / $(pick "$latency" "p99 \K$ms") / $(pick "$latency" "max \K$ms") | D-Bus ping p50 $(pick "$latency" "ping p50 \K$ms") | \`bench/icon-latency.py\` |"
echo "| launch → icon registered, median / max | $(pick "$launch_applet" "registered median \K$ms") / $(pick "$launch_applet" "registered median $ms max \K$ms") | floor $(pick "$launch_floor" "registered median \K$ms") / $(pick "$launch_floor" "registered median $ms max \K$ms") | \`bench/launch-time.py\` |"
echo "| launch → IconName readable, median | $(pick "$launch_applet" "icon median \K$ms") | floor $(pick "$launch_floor" "icon median \K$ms") | 〃 |"
echo "| launch → connected icon, median / max | $(pick "$launch_applet" "connected median \K$ms") / $(pick "$launch_applet" "connected median $ms max \K$ms") | | 〃 |"
