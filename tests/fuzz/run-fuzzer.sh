#!/bin/sh
# run-fuzzer.sh FUZZER SEED-DIR SECONDS ARTIFACT-PREFIX [DICTIONARY]
#
# Runs a libFuzzer target for a bounded time over a scratch copy of its seed
# corpus, so that the inputs it finds never land in the source tree. A crash
# is saved as ARTIFACT-PREFIX<kind>-<sha1> and makes the run fail.
set -eu

if [ $# -lt 4 ]; then
  echo "usage: $0 FUZZER SEED-DIR SECONDS ARTIFACT-PREFIX [DICTIONARY]" >&2
  exit 2
fi
fuzzer=$1
seeds=$2
seconds=$3
artifacts=$4
dictionary=${5:-}

work=$(mktemp -d "${TMPDIR:-/tmp}/vpop3-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
cp "$seeds"/* "$work"/

# libFuzzer's own exit codes for a crash or a hang are 77 and 70; 77 would
# read as "skipped" to meson, so a finding must exit 1.
set -- -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 -max_len=4096 \
  -error_exitcode=1 -timeout_exitcode=1 -print_final_stats=1 -artifact_prefix="$artifacts"
if [ -n "$dictionary" ]; then
  set -- "$@" -dict="$dictionary"
fi

status=0
"$fuzzer" "$@" "$work" || status=$?
exit "$status"
