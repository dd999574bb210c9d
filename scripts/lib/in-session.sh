#!/usr/bin/env bash
# scripts/lib/in-session.sh BUILDDIR [MESON-TEST-ARGS…]
#
# Runs `meson test` for BUILDDIR inside a desktop session made for it: run it
# under `xvfb-run … dbus-run-session --`. The tests get a throwaway HOME and
# XDG directories (GTK, dconf, the keyring and the applet all write there), the
# build tree's compiled GSettings schema, and an unlocked gnome-keyring as the
# Secret Service. Exits with meson's status.
set -euo pipefail

if (($# < 1)); then
  echo "usage: $0 BUILDDIR [MESON-TEST-ARGS…]" >&2
  exit 2
fi
builddir=$(cd "$1" && pwd)
shift

if [[ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ]]; then
  echo "$0: no session bus; run me under dbus-run-session" >&2
  exit 2
fi

scratch=$(mktemp -d "${TMPDIR:-/tmp}/vpop3-session.XXXXXX")
keyring_pid=
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup ()
{
  # The keyring daemon would leave on its own with the bus, but it must not
  # write into the directory while it is being removed.
  if [[ -n "$keyring_pid" ]]; then
    kill "$keyring_pid" 2>/dev/null || true
  fi
  rm -rf "$scratch"
}
trap cleanup EXIT

mkdir -m 0700 "$scratch/home" "$scratch/config" "$scratch/data" "$scratch/cache" "$scratch/runtime"
export HOME="$scratch/home"
export XDG_CONFIG_HOME="$scratch/config"
export XDG_DATA_HOME="$scratch/data"
export XDG_CACHE_HOME="$scratch/cache"
export XDG_RUNTIME_DIR="$scratch/runtime"
# No accessibility bus in a throwaway session: GTK would warn on every start.
export NO_AT_BRIDGE=1
# The build compiles the schema into BUILDDIR/data; the backend stays the
# default one, writing under the throwaway HOME.
export GSETTINGS_SCHEMA_DIR="$builddir/data"
unset GSETTINGS_BACKEND SECRET_BACKEND

# A non-empty password: an empty one makes gnome-keyring prompt or hang. The
# daemon forks, and may take its bus name a moment after the parent returns.
if ! printf 'vpop3-test-keyring' |
  gnome-keyring-daemon --unlock --components=secrets >/dev/null; then
  echo "$0: gnome-keyring-daemon failed to start" >&2
  exit 1
fi
if gdbus wait --session --timeout 10 org.freedesktop.secrets &&
  reply=$(gdbus call --session --dest org.freedesktop.DBus \
  --object-path /org/freedesktop/DBus \
  --method org.freedesktop.DBus.GetConnectionUnixProcessID org.freedesktop.secrets 2>/dev/null); then
  # The reply looks like "(uint32 1234,)".
  if [[ "$reply" =~ uint32\ ([0-9]+) ]]; then
    keyring_pid=${BASH_REMATCH[1]}
  fi
else
  echo "$0: gnome-keyring-daemon does not provide org.freedesktop.secrets" >&2
  exit 1
fi

status=0
meson test -C "$builddir" --print-errorlogs --num-processes 2 "$@" || status=$?
exit "$status"
