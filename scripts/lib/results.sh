# shellcheck shell=bash
# scripts/lib/results.sh: the totals of scripts/test. Sourced; it defines
#
#   add_results DIR STATUS   adds DIR's meson test log to $passed $failed
#                            $skipped, given meson's exit STATUS
#
# and the counter it runs, count_results (an array, replaced by the harness
# tests to feed it a broken counter). The caller sets the three totals to 0.

results_lib=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
count_results=(/usr/bin/python3 "$results_lib/count-results.py")

# The builds whose runs had failures, for report_failures.
failed_dirs=()

# Every way a run can fail to be counted counts as a failure: meson failing
# without recording a failed test (it could not build, say), the counter
# exiting non-zero (it could not read something, or crashed), the counter
# printing anything but three counts, and a run that counted no test at all.
add_results ()
{
  local out counter_status=0 p=0 f=0 s=0
  out=$("${count_results[@]}" "$1/meson-logs/testlog.json") || counter_status=$?
  # No leading zeros (bash would read them as octal) and at most 9 digits.
  local count='(0|[1-9][0-9]{0,8})'
  if [[ "$out" =~ ^$count\ $count\ $count$ ]]; then
    p=${BASH_REMATCH[1]} f=${BASH_REMATCH[2]} s=${BASH_REMATCH[3]}
  else
    printf '    %s: the counter printed %q, not three counts: one failure\n' "$1" "$out"
    p=0 f=1 s=0
  fi
  if ((counter_status != 0 && f == 0)); then
    printf '    %s: the counter exited %d: one failure\n' "$1" "$counter_status"
    f=1
  fi
  if (($2 != 0 && f == 0)); then
    printf '    %s: meson exited %d with no failed test: one failure\n' "$1" "$2"
    f=1
  fi
  if ((p + f + s == 0)); then
    printf '    %s: no test was run: one failure\n' "$1"
    f=1
  fi
  if ((f > 0)); then
    failed_dirs+=("$1")
  fi
  passed=$((passed + p))
  failed=$((failed + f))
  skipped=$((skipped + s))
  printf '    %s: %d passed, %d failed, %d skipped\n' "$1" "$p" "$f" "$s"
}

# report_failures: names every failed test of the runs counted so far, with the
# end of its output. Printed just above the closing line, because CI shows only
# the end of a run.
report_failures ()
{
  local dir
  for dir in "${failed_dirs[@]}"; do
    printf '\nFailures in %s:\n' "$dir"
    /usr/bin/python3 "$results_lib/count-results.py" --failed \
      "$dir/meson-logs/testlog.json" || true
  done
}
