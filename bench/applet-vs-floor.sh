#!/usr/bin/env bash
# bench/applet-vs-floor.sh [BUILDDIR] [SECONDS]
#
# The applet connected and idle with a full activity-log ring, beside the
# floor (bench/vpop3-floor: GTK 3 + one AppIndicator + a small menu, nothing
# else), both in one real tray (xfce4-panel under Xvfb) at the same time:
# resident memory (VmRSS, and Pss/private from /proc/PID/smaps_rollup, which
# share out the libraries both map), threads, and wake-ups over SECONDS
# (default 60).
#
# Wake-ups are the context switches of all threads (/proc/PID/task/*/status,
# per thread id so that short-lived worker threads count only while they
# lived); when perf can read tracepoints, the system calls and scheduler
# switches over the same window are counted too.
#
# VPOP3_BENCH_SMAPS=DIR keeps both processes' /proc/PID/smaps there, and
# VPOP3_BENCH_LOG_LINES=N changes the number of log lines (default 5000).
# BUILDDIR defaults to build-bench. Without a display or a session bus the
# script starts its own (xvfb-run + dbus-run-session). Lines starting with
# "idle-" are stable for scripts (bench/run-all.sh reads them).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
builddir=$(cd "${1:-$root/build-bench}" && pwd)
seconds=${2:-60}
log_lines=${VPOP3_BENCH_LOG_LINES:-5000}
app_id=io.github.vpop3monitor.Vpop3Monitor

if [[ -z "${DISPLAY:-}" || -z "${DBUS_SESSION_BUS_ADDRESS:-}" ]]; then
  exec xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" \
    dbus-run-session -- "${BASH_SOURCE[0]}" "$builddir" "$seconds"
fi

scratch=$(mktemp -d "${TMPDIR:-/tmp}/vpop3-floor.XXXXXX")
pids=()
keyring_pid=
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup ()
{
  local pid
  exec 3>&- 2>/dev/null || true
  for pid in "${pids[@]}" $keyring_pid; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$scratch"
}
trap cleanup EXIT

export HOME=$scratch/home XDG_CONFIG_HOME=$scratch/config XDG_DATA_HOME=$scratch/data \
  XDG_CACHE_HOME=$scratch/cache XDG_RUNTIME_DIR=$scratch/runtime
mkdir -m 0700 "$HOME" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
mkdir "$XDG_DATA_HOME/icons"
cp -r "$root/data/icons/hicolor" "$XDG_DATA_HOME/icons/"
export NO_AT_BRIDGE=1 GSETTINGS_SCHEMA_DIR=$builddir/data VPOP3_ICON_THEME_PATH=$root/data/icons
export GSETTINGS_BACKEND=memory
# Software rendering without Mesa's first-client costs (see the headless notes).
export LIBGL_ALWAYS_INDIRECT=1

printf 'vpop3-bench-keyring' | gnome-keyring-daemon --unlock --components=secrets >/dev/null
gdbus wait --session --timeout 10 org.freedesktop.secrets
reply=$(gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
  --method org.freedesktop.DBus.GetConnectionUnixProcessID org.freedesktop.secrets)
[[ "$reply" =~ uint32\ ([0-9]+) ]] && keyring_pid=${BASH_REMATCH[1]}

mkdir -p "$XDG_CONFIG_HOME/xfce4/xfconf/xfce-perchannel-xml"
cp "$root/scripts/lib/panel/xfce4-panel.xml" "$XDG_CONFIG_HOME/xfce4/xfconf/xfce-perchannel-xml/"
xfce4-panel >/dev/null 2>&1 &
pids+=($!)
gdbus wait --session --timeout 20 org.kde.StatusNotifierWatcher

"$builddir/bench/vpop3-floor" >"$scratch/floor.out" 2>&1 &
floor=$!
pids+=("$floor")

# The simulator's control channel on a FIFO: fd 3 writes commands, every one
# is answered with a line in sim.out.
mkfifo "$scratch/control"
"$builddir/tools/vpop3-simulator" --port 0 --scenario quiet --control \
  <"$scratch/control" >"$scratch/sim.out" 2>"$scratch/sim.err" &
pids+=($!)
exec 3>"$scratch/control"
for _ in $(seq 100); do
  grep -q '^listening on' "$scratch/sim.out" && break
  sleep 0.1
done
port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$scratch/sim.out")
answers () { grep -c -E '^(ok|error)' "$scratch/sim.out" || true; }
# Sends one command and waits for its answer (and every one before it).
control ()
{
  local want
  want=$(($(answers) + 1))
  printf '%s\n' "$1" >&3
  for _ in $(seq 200); do
    [[ $(answers) -ge $want ]] && { tail -n 1 "$scratch/sim.out"; return 0; }
    sleep 0.05
  done
  echo "$0: the simulator did not answer '$1'" >&2
  return 1
}

printf 'admin' | secret-tool store --label="VPOP3 bench" --collection=login xdg:schema "$app_id" \
  host 127.0.0.1 port "$port" user postmaster

"$builddir/src/app/vpop3-monitor" --host 127.0.0.1 --port "$port" --user postmaster \
  >"$scratch/applet.out" 2>&1 &
applet=$!
pids+=("$applet")
for _ in $(seq 100); do
  [[ $(control stats) == *peers=1* ]] && break
  sleep 0.1
done
[[ $(control stats) == *peers=1* ]] || { echo "$0: the applet did not connect" >&2; exit 1; }
sleep 3 # login burst absorbed, menu exported

# Figures from /proc: VmRSS, Pss, private (clean + dirty), threads.
memory ()
{
  local pid=$1 rss pss private threads
  rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$pid/status")
  threads=$(awk '/^Threads/ { print $2 }' "/proc/$pid/status")
  pss=$(awk '/^Pss:/ { print $2 }' "/proc/$pid/smaps_rollup")
  private=$(awk '/^Private_(Clean|Dirty):/ { n += $2 } END { print n }' "/proc/$pid/smaps_rollup")
  echo "$rss $pss $private $threads"
}
read -r empty_rss empty_pss empty_private _ < <(memory "$applet")

# Fill the ring: the simulator sends each line to the applet as VPOP3 would.
start_answers=$(answers)
for i in $(seq "$log_lines"); do
  printf 'log POP3 session %d for user%d: retrieved %d messages (%d bytes) from pop%d.example.com\n' \
    "$i" $((i % 37)) $((i % 9)) $((i * 7919 % 250000)) $((i % 5)) >&3
done
for _ in $(seq 600); do
  [[ $(answers) -ge $((start_answers + log_lines)) ]] && break
  sleep 0.1
done
sleep 5 # the applet has read them and gone back to sleep

switches ()
{
  local task
  for task in /proc/"$1"/task/*; do
    awk -v tid="${task##*/}" '/^(voluntary|nonvoluntary)_ctxt_switches/ { n += $2 }
      END { print tid, n }' "$task/status" 2>/dev/null || true
  done
}
# Prints: all-threads-per-minute main-thread-per-minute threads-seen
wakeups ()
{
  awk -v main="$1" -v seconds="$seconds" '
    NR == FNR { before[$1] = $2; next }
    $1 in before { d = $2 - before[$1]; all += d; if ($1 == main) mine = d; threads++ }
    END { printf "%.1f %.1f %d\n", all * 60 / seconds, mine * 60 / seconds, threads }' "$2" "$3"
}

use_perf=0
perf_pids=()
if perf stat -x, -e raw_syscalls:sys_enter,sched:sched_switch true >/dev/null 2>&1; then
  use_perf=1
fi
switches "$floor" >"$scratch/floor.before"
switches "$applet" >"$scratch/applet.before"
if ((use_perf)); then
  for who in floor applet; do
    pid=${!who}
    perf stat -x, -o "$scratch/$who.perf" -e raw_syscalls:sys_enter,sched:sched_switch \
      -p "$pid" -- sleep "$seconds" >/dev/null 2>&1 &
    perf_pids+=($!)
  done
fi
sleep "$seconds"
for job in "${perf_pids[@]}"; do wait "$job" 2>/dev/null || true; done
switches "$floor" >"$scratch/floor.after"
switches "$applet" >"$scratch/applet.after"

perf_rate ()
{
  local file=$1 event=$2
  if [[ -f "$file" ]]; then
    awk -F, -v event="$event" -v seconds="$seconds" '$3 == event { printf "%.1f", $1 * 60 / seconds }' "$file"
  else
    echo n/a
  fi
}

# For finding where the difference lies: VPOP3_BENCH_SMAPS=DIR keeps both
# processes' full /proc/PID/smaps.
if [[ -n "${VPOP3_BENCH_SMAPS:-}" ]]; then
  mkdir -p "$VPOP3_BENCH_SMAPS"
  cp "/proc/$floor/smaps" "$VPOP3_BENCH_SMAPS/floor.smaps"
  cp "/proc/$applet/smaps" "$VPOP3_BENCH_SMAPS/applet.smaps"
fi
read -r f_rss f_pss f_private f_threads < <(memory "$floor")
read -r a_rss a_pss a_private a_threads < <(memory "$applet")
read -r f_wake f_main _ < <(wakeups "$floor" "$scratch/floor.before" "$scratch/floor.after")
read -r a_wake a_main _ < <(wakeups "$applet" "$scratch/applet.before" "$scratch/applet.after")
f_sys=$(perf_rate "$scratch/floor.perf" raw_syscalls:sys_enter)
a_sys=$(perf_rate "$scratch/applet.perf" raw_syscalls:sys_enter)
f_sw=$(perf_rate "$scratch/floor.perf" sched:sched_switch)
a_sw=$(perf_rate "$scratch/applet.perf" sched:sched_switch)

echo "idle-floor: rss=$f_rss pss=$f_pss private=$f_private threads=$f_threads wakeups=$f_wake main=$f_main syscalls=$f_sys switches=$f_sw"
echo "idle-applet: rss=$a_rss pss=$a_pss private=$a_private threads=$a_threads wakeups=$a_wake main=$a_main syscalls=$a_sys switches=$a_sw"
echo "idle-applet-empty-ring: rss=$empty_rss pss=$empty_pss private=$empty_private"
echo
echo "Idle for ${seconds} s in xfce4-panel; the applet connected, $log_lines log lines sent after login:"
echo
mib () { awk -v k="$1" 'BEGIN { printf "%.1f MiB", k / 1024 }'; }
diff_mib () { awk -v a="$1" -v b="$2" 'BEGIN { printf "%+.1f MiB (%+.0f %%)", (a - b) / 1024, (a - b) * 100 / b }'; }
printf '| figure | floor | applet | applet − floor |\n|---|---:|---:|---:|\n'
printf '| VmRSS | %s | %s | %s |\n' "$(mib "$f_rss")" "$(mib "$a_rss")" "$(diff_mib "$a_rss" "$f_rss")"
printf '| Pss | %s | %s | %s |\n' "$(mib "$f_pss")" "$(mib "$a_pss")" "$(diff_mib "$a_pss" "$f_pss")"
printf '| private (clean + dirty) | %s | %s | %s |\n' "$(mib "$f_private")" "$(mib "$a_private")" \
  "$(diff_mib "$a_private" "$f_private")"
printf '| threads | %s | %s | |\n' "$f_threads" "$a_threads"
printf '| wake-ups/min, all threads (ctxsw) | %s | %s | |\n' "$f_wake" "$a_wake"
printf '| wake-ups/min, main thread (ctxsw) | %s | %s | |\n' "$f_main" "$a_main"
printf '| system calls/min (perf) | %s | %s | |\n' "$f_sys" "$a_sys"
printf '| scheduler switches/min (perf) | %s | %s | |\n' "$f_sw" "$a_sw"
echo
echo "Applet before the $log_lines log lines: VmRSS $(mib "$empty_rss"), Pss $(mib "$empty_pss"), private $(mib "$empty_private");" \
  "the full ring added $(diff_mib "$a_private" "$empty_private" | sed 's/ (.*//') private."
