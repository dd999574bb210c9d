#!/bin/sh
# check-man-page.sh: checks a manual page.
#
#   check-man-page.sh lint PAGE
#     PAGE formats without a single groff warning, both for print and for an
#     80-column terminal as man(1) shows it, and (when mandoc is installed,
#     as scripts/lib/deps.sh makes sure) mandoc finds nothing, style included.
#
#   check-man-page.sh options PAGE PROGRAM
#     Every long option that "PROGRAM --help" lists appears in PAGE as
#     formatted, and the page's .TH names the version "PROGRAM --version"
#     prints, so that the page cannot drift from the program.
#
# Copyright 2026 The vpop3-monitor authors
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

mode=$1
page=$2
# Option names and version strings are the same in every language; the
# messages around them are not.
LC_ALL=C.UTF-8
export LC_ALL

lint ()
{
  status=0
  for device in "" "-Tutf8 -rLL=78n -rLT=78n"; do
    # shellcheck disable=SC2086 # the device options are words
    warnings=$(groff -man $device -ww -z "$page" 2>&1 >/dev/null) || status=1
    if [ -n "$warnings" ]; then
      printf 'groff %s:\n%s\n' "${device:-(default device)}" "$warnings"
      status=1
    fi
  done
  if command -v mandoc >/dev/null 2>&1; then
    if ! mandoc -T lint -W style "$page"; then
      status=1
    fi
  else
    echo "mandoc is not installed: only groff checked $page"
  fi
  return $status
}

options ()
{
  program=$1
  # An instrumented build must not fail the check over leaks at exit: what is
  # checked here is text.
  ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
  export ASAN_OPTIONS
  help=$("$program" --help)
  formatted=$(groff -man -Tutf8 -rLL=200n -P-cbou "$page" 2>/dev/null)
  long=$(printf '%s\n' "$help" | sed -n 's/^ *\(-[A-Za-z], \)\{0,1\}\(--[A-Za-z0-9][A-Za-z0-9-]*\).*/\2/p' | sort -u)
  if [ -z "$long" ]; then
    echo "no long options found in the output of $program --help"
    return 1
  fi
  status=0
  for option in $long; do
    if printf '%s\n' "$formatted" | grep -Eq -- "(^|[^A-Za-z0-9-])${option}([^A-Za-z0-9-]|\$)"; then
      echo "ok: $option"
    else
      echo "missing from $page: $option"
      status=1
    fi
  done

  # Not every program has --version (the simulator has not).
  if ! printf '%s\n' "$long" | grep -qx -- --version; then
    return $status
  fi
  version=$("$program" --version | awk '{ print $NF }')
  if grep -Eq "^\\.TH .*\"[^\"]* ${version}\"" "$page"; then
    echo "ok: version $version"
  else
    echo "the .TH line of $page does not name version $version:"
    grep '^\.TH' "$page"
    status=1
  fi
  return $status
}

case $mode in
lint) lint ;;
options) options "$3" ;;
*)
  echo "usage: $0 lint PAGE | options PAGE PROGRAM" >&2
  exit 2
  ;;
esac
