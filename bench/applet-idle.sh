#!/usr/bin/env bash
# bench/applet-idle.sh BUILDDIR [SECONDS]
#
# Superseded by bench/applet-vs-floor.sh, which measures the applet idle with
# a full log ring beside the floor program in the same tray; kept so that old
# command lines still work.
exec "$(dirname "${BASH_SOURCE[0]}")/applet-vs-floor.sh" "$@"
