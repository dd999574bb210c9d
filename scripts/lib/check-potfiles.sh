#!/usr/bin/env bash
# scripts/lib/check-potfiles.sh [--list] [ROOT]
#
# Fails when po/POTFILES.in misses a file with translatable strings, or names a
# file that does not exist (xgettext would fail on it). Translatable means:
# C code that calls _(), N_(), C_() or NC_(); a .ui file with
# translatable="yes"; a GSettings schema (its summaries and descriptions); a
# .desktop.in or .metainfo.xml.in file.
# With --list it prints the files that should be listed, for updating
# POTFILES.in by hand.
set -euo pipefail

list_only=0
if [[ "${1:-}" == --list ]]; then
  list_only=1
  shift
fi
root=$(cd "${1:-$(dirname "${BASH_SOURCE[0]}")/../..}" && pwd)
# shellcheck source=scripts/lib/source-files.sh
source "$(dirname "${BASH_SOURCE[0]}")/source-files.sh"
cd "$root"

potfiles=po/POTFILES.in
listed=$(sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' "$potfiles" | sort -u)
status=0

while IFS= read -r file; do
  if [[ -n "$file" && ! -f "$file" ]]; then
    echo "$potfiles names $file, which does not exist" >&2
    status=1
  fi
done <<<"$listed"

# Only shipped programs are translated: tests and benchmarks are not.
mapfile -t wanted < <(
  {
    vpop3_source_files . '*.c' src tools |
      while IFS= read -r file; do
        if grep -Eq '(^|[^[:alnum:]_])(N|C|NC)?_[[:space:]]*\(' "$file"; then
          printf '%s\n' "$file"
        fi
      done
    vpop3_source_files . '*.ui' src data |
      while IFS= read -r file; do
        if grep -q 'translatable="yes"' "$file"; then
          printf '%s\n' "$file"
        fi
      done
    vpop3_source_files . '*.gschema.xml' data
    vpop3_source_files . '*.desktop.in' data
    vpop3_source_files . '*.metainfo.xml.in' data
  } | LC_ALL=C sort -u
)
if ((list_only)); then
  printf '%s\n' "${wanted[@]}"
  exit 0
fi

for file in "${wanted[@]}"; do
  if ! grep -qxF -- "$file" <<<"$listed"; then
    echo "$file has translatable strings but is not in $potfiles" >&2
    status=1
  fi
done

if ((status == 0)); then
  echo "$potfiles lists all ${#wanted[@]} files with translatable strings"
fi
exit "$status"
