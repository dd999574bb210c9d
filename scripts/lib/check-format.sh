#!/usr/bin/env bash
# scripts/lib/check-format.sh [ROOT]
#
# Fails when a C file of the project is not formatted as .clang-format says;
# clang-format's own messages name each file and line. The style test runs it.
# To fix: clang-format -i FILE…
set -euo pipefail

root=$(cd "${1:-$(dirname "${BASH_SOURCE[0]}")/../..}" && pwd)
# shellcheck source=scripts/lib/source-files.sh
source "$(dirname "${BASH_SOURCE[0]}")/source-files.sh"

clang_format=${CLANG_FORMAT:-clang-format}
if ! command -v "$clang_format" >/dev/null 2>&1; then
  echo "clang-format is not installed" >&2
  exit 77 # meson's "skipped"
fi

mapfile -t files < <(
  vpop3_source_files "$root" '*.c' src tools tests bench
  vpop3_source_files "$root" '*.h' src tools tests bench
)
if ((${#files[@]} == 0)); then
  # Finding nothing means the search is broken, not that all is well.
  echo "no C files found under $root" >&2
  exit 1
fi

cd "$root"
if "$clang_format" --style=file --dry-run -Werror "${files[@]}"; then
  echo "${#files[@]} files formatted as .clang-format says"
else
  echo "Some files are not formatted; run: clang-format -i FILE…" >&2
  exit 1
fi
