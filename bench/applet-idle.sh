#!/usr/bin/env bash
# bench/applet-idle.sh BUILDDIR [SECONDS]
#
# The applet connected and idle, in a real tray: its resident memory and how
# often its threads wake up. Run it under Xvfb and a session bus:
#   xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- bench/applet-idle.sh build 60
# Wake-ups are counted as context switches of all the applet's threads
# (/proc/PID/task/*/status), a close stand-in for timer and poll wake-ups.
set -euo pipefail

builddir=$(cd "$1" && pwd)
seconds=${2:-60}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
app_id=io.github.vpop3monitor.Vpop3Monitor

scratch=$(mktemp -d "${TMPDIR:-/tmp}/vpop3-idle.XXXXXX")
pids=()
cleanup ()
{
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$scratch"
}
trap cleanup EXIT

export HOME=$scratch/home XDG_CONFIG_HOME=$scratch/config XDG_DATA_HOME=$scratch/data \
  XDG_CACHE_HOME=$scratch/cache XDG_RUNTIME_DIR=$scratch/runtime
mkdir -p -m 0700 "$HOME" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME/icons" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
cp -r "$root/data/icons/hicolor" "$XDG_DATA_HOME/icons/"
export NO_AT_BRIDGE=1 GSETTINGS_SCHEMA_DIR=$builddir/data VPOP3_ICON_THEME_PATH=$root/data/icons
# Software rendering without Mesa's first-client costs (see the headless notes).
export LIBGL_ALWAYS_INDIRECT=1

printf 'vpop3-bench-keyring' | gnome-keyring-daemon --unlock --components=secrets >/dev/null
mkdir -p "$XDG_CONFIG_HOME/xfce4/xfconf/xfce-perchannel-xml"
cp "$root/scripts/lib/panel/xfce4-panel.xml" "$XDG_CONFIG_HOME/xfce4/xfconf/xfce-perchannel-xml/"
xfce4-panel >/dev/null 2>&1 &
pids+=($!)
sleep 2

"$builddir/tools/vpop3-simulator" --port 0 --scenario quiet >"$scratch/sim.out" 2>&1 &
pids+=($!)
sleep 0.5
port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$scratch/sim.out")
printf 'admin' | secret-tool store --label="VPOP3 bench" --collection=login xdg:schema "$app_id" \
  host 127.0.0.1 port "$port" user postmaster

GSETTINGS_BACKEND=memory "$builddir/src/app/vpop3-monitor" --host 127.0.0.1 --port "$port" \
  --user postmaster >/dev/null 2>&1 &
applet=$!
pids+=("$applet")
sleep 5 # connected, burst absorbed, menu exported

# Context switches per thread id, so that threads that come and go (GLib's
# worker pools) are counted only over the time they lived through.
switches ()
{
  local task
  for task in /proc/"$applet"/task/*; do
    awk -v tid="${task##*/}" '/^(voluntary|nonvoluntary)_ctxt_switches/ { n += $2 }
      END { print tid, n }' "$task/status" 2>/dev/null || true
  done
}
rss_kib () { awk '/^VmRSS/ { print $2 }' /proc/"$applet"/status; }

switches >"$scratch/before"
sleep "$seconds"
switches >"$scratch/after"
awk -v main="$applet" -v seconds="$seconds" -v rss="$(rss_kib)" '
  NR == FNR { before[$1] = $2; next }
  $1 in before { d = $2 - before[$1]; all += d; if ($1 == main) mine = d; threads++ }
  END {
    printf "applet connected and idle for %ds: RSS %d KiB; wake-ups per minute: %.1f main loop, %.1f all %d threads\n",
      seconds, rss, mine * 60 / seconds, all * 60 / seconds, threads
  }' "$scratch/before" "$scratch/after"
