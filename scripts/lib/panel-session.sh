#!/usr/bin/env bash
# scripts/lib/panel-session.sh BUILDDIR OUTDIR [several]
#
# Inside `xvfb-run … dbus-run-session --`: a throwaway home with an unlocked
# gnome-keyring holding the demo password, xfce4-panel with a status tray,
# the simulator, and the real applet in that panel. Saves tray-*.png (the
# panel's tray at each postbox state) and menu.png (the open menu) in OUTDIR.
# With "several": two simulators and the applet given both (--server), and
# saves several-menu.png (a server's submenu open) and several-status.png.
set -euo pipefail

builddir=$(cd "$1" && pwd)
outdir=$(mkdir -p "$2" && cd "$2" && pwd)
mode=${3:-}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
app_id=io.github.vpop3monitor.Vpop3Monitor

scratch=$(mktemp -d "${TMPDIR:-/tmp}/vpop3-panel.XXXXXX")
pids=()
cleanup ()
{
  local pid
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
  rm -rf "$scratch"
}
trap cleanup EXIT

export HOME=$scratch/home XDG_CONFIG_HOME=$scratch/config XDG_DATA_HOME=$scratch/data \
  XDG_CACHE_HOME=$scratch/cache XDG_RUNTIME_DIR=$scratch/runtime
mkdir -p -m 0700 "$HOME" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
export NO_AT_BRIDGE=1 GSETTINGS_SCHEMA_DIR=$builddir/data VPOP3_ICON_THEME_PATH=$root/data/icons
# The applet's icons must be found by the panel too.
mkdir -p "$XDG_DATA_HOME/icons"
cp -r "$root/data/icons/hicolor" "$XDG_DATA_HOME/icons/"

wait_for_name ()
{
  local _
  for _ in $(seq 100); do
    if gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
      --method org.freedesktop.DBus.NameHasOwner "$1" 2>/dev/null | grep -q true; then
      return 0
    fi
    sleep 0.1
  done
  echo "panel-session: $1 never appeared on the bus" >&2
  return 1
}

printf 'vpop3-demo-keyring' | gnome-keyring-daemon --unlock --components=secrets >/dev/null
wait_for_name org.freedesktop.secrets

mkdir -p "$XDG_CONFIG_HOME/xfce4/xfconf/xfce-perchannel-xml"
cp "$root/scripts/lib/panel/xfce4-panel.xml" "$XDG_CONFIG_HOME/xfce4/xfconf/xfce-perchannel-xml/"
xfce4-panel >"$scratch/panel.log" 2>&1 &
pids+=($!)
wait_for_name org.kde.StatusNotifierWatcher

# The simulator, driven through its control channel on a fifo.
mkfifo "$scratch/control"
# Created before the simulator starts: the loop below may read it first.
: >"$scratch/sim.out"
exec 3<>"$scratch/control"
"$builddir/tools/vpop3-simulator" --port 0 --scenario quiet --control <&3 >"$scratch/sim.out" 2>&1 &
pids+=($!)
port=
for _ in $(seq 100); do
  port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$scratch/sim.out")
  [[ -n "$port" ]] && break
  sleep 0.1
done
control () { printf '%s\n' "$*" >&3; sleep 0.6; }

printf 'admin' | secret-tool store --label="VPOP3 demo" --collection=login xdg:schema "$app_id" \
  host 127.0.0.1 port "$port" user postmaster

if [[ "$mode" == several ]]; then
  # A second server, quiet too, and the applet given both for this run.
  mkfifo "$scratch/control2"
  : >"$scratch/sim2.out"
  exec 4<>"$scratch/control2"
  "$builddir/tools/vpop3-simulator" --port 0 --scenario quiet --control <&4 \
    >"$scratch/sim2.out" 2>&1 &
  pids+=($!)
  port2=
  for _ in $(seq 100); do
    port2=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$scratch/sim2.out")
    [[ -n "$port2" ]] && break
    sleep 0.1
  done
  printf 'admin' | secret-tool store --label="VPOP3 demo" --collection=login xdg:schema \
    "$app_id" host 127.0.0.1 port "$port2" user postmaster
  GSETTINGS_BACKEND=memory "$builddir/src/app/vpop3-monitor" \
    --server "postmaster@127.0.0.1:$port" --server "postmaster@127.0.0.1:$port2" \
    >"$scratch/applet.log" 2>&1 &
  pids+=($!)
  sleep 3
  printf '%s\n' "inboxes 5 1" >&3
  printf '%s\n' "out-queue 0 0" >&3
  printf '%s\n' "inboxes 0 0" >&4
  printf '%s\n' "out-queue 3 1" >&4
  sleep 1
  screen_width=$(xdotool getdisplaygeometry | cut -d" " -f1)
  screen_width=${screen_width:-1280}
  # The menu by keyboard: Help, then the first server; its submenu opens to the left.
  xdotool mousemove $((screen_width - 120)) 16 click 3
  sleep 1.5
  xdotool key Down Down Right
  sleep 1
  import -window root -crop "760x360+$((screen_width - 760))+0" +repage "$outdir/several-menu.png"
  xdotool key Escape Escape Escape
  sleep 0.5
  gapplication action "$app_id" status-of "'run2'"
  sleep 2
  # By class, not by title: the title is translated.
  window=$(xdotool search --onlyvisible --class vpop3-monitor | tail -n 1)
  import -window "$window" "$outdir/several-status.png"
  exit 0
fi

GSETTINGS_BACKEND=memory "$builddir/src/app/vpop3-monitor" --host 127.0.0.1 --port "$port" \
  --user postmaster >"$scratch/applet.log" 2>&1 &
pids+=($!)
sleep 3

# The tray: the right end of the panel, enlarged so the postbox can be seen.
screen_width=$(xdotool getdisplaygeometry | cut -d" " -f1)
screen_width=${screen_width:-1280}
shoot_tray ()
{
  import -window root -crop "160x32+$((screen_width - 160))+0" +repage "$scratch/tray.png"
  convert "$scratch/tray.png" -filter point -resize 300% "$outdir/tray-$1.png"
}
control out-queue 0 0
control inboxes 0 0
shoot_tray idle
control inboxes 5 0
shoot_tray fat
control inboxes 0 0
control out-queue 3 1
shoot_tray letter
control inboxes 5 0
shoot_tray fat-letter

# The menu: right-click the postbox (the tray's first icon, left of the clock).
icon_x=$(( screen_width - 160 + 40 ))
for x in $(seq $((screen_width - 150)) 4 $((screen_width - 60))); do
  # The tray icon is the first red thing from the left in the panel's right end.
  colour=$(import -window root -crop "1x1+$x+16" -depth 8 txt:- | tail -n 1 | grep -o '#[0-9A-F]\{6\}' || true)
  if [[ "$colour" =~ ^#([A-F][0-9A-F]|9[0-9A-F])[0-9A-F][0-9A-F][0-9A-F][0-9A-F]$ ]] &&
    ((16#${colour:1:2} > 16#${colour:3:2} + 64)); then
    icon_x=$x
    break
  fi
done
xdotool mousemove "$icon_x" 16 click 3
sleep 1.5
import -window root "$scratch/screen.png"
# As wide as the menu (its labels are longer in some languages): the menu is
# the first thing left of the icon that is not the black root window, on a
# row through its items; at least the 460 pixels the English menu needs.
menu_left=$((screen_width - 460))
menu_x=$(convert "$scratch/screen.png" -crop "${screen_width}x1+0+150" +repage -depth 8 txt:- |
  sed -n 's/^\([0-9]*\),0: .*#\([0-9A-F]\{6\}\).*/\1 \2/p' | awk '$2 != "000000" && !found { print $1; found = 1 }')
if [[ -n "$menu_x" ]] && ((menu_x - 16 < menu_left)); then
  menu_left=$((menu_x > 16 ? menu_x - 16 : 0))
fi
convert "$scratch/screen.png" -crop "$((screen_width - menu_left))x420+${menu_left}+0" +repage \
  "$outdir/menu.png"
xdotool key Escape
sleep 0.5

control quit
sleep 2
shoot_tray disconnected
