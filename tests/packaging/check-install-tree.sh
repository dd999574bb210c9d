#!/usr/bin/env bash
# check-install-tree.sh BUILDDIR APP-ID
#
# `meson install --destdir` into a scratch folder, then every installed file
# is checked as the target system would use it: the executables run, the
# desktop file, metainfo, schema, catalogues, man pages and icons validate,
# and the names that tie them together (desktop id, icon names) match.
# Prints TAP.
set -uo pipefail

builddir=$1
app_id=$2
scratch=$(mktemp -d "${TMPDIR:-/tmp}/vpop3-install.XXXXXX")
compiled=$(mktemp -d "${TMPDIR:-/tmp}/vpop3-schemas.XXXXXX")
trap 'rm -rf "$scratch" "$compiled"' EXIT

count=0
failed=0
ok ()
{
  count=$((count + 1))
  if [[ $1 == 0 ]]; then
    echo "ok $count $2"
  else
    failed=$((failed + 1))
    echo "not ok $count $2"
  fi
}
# check WHAT COMMAND…: runs COMMAND; its output is shown only when it fails.
check ()
{
  local what=$1 output status=0
  shift
  output=$("$@" 2>&1) || status=$?
  ok "$status" "$what"
  if ((status != 0)); then
    printf '%s\n' "$output" | sed 's/^/# /'
  fi
}

status=0
meson install -C "$builddir" --destdir "$scratch" --no-rebuild --quiet >"$scratch.log" 2>&1 || status=$?
ok "$status" "meson install --destdir"
if ((status != 0)); then
  sed 's/^/# /' "$scratch.log"
  rm -f "$scratch.log"
  echo "1..$count"
  exit 1
fi
rm -f "$scratch.log"

prefix=$(meson introspect --buildoptions "$builddir" |
  /usr/bin/python3 -c 'import json,sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"] == "prefix"))')
root=$scratch$prefix
share=$root/share

for program in vpop3-monitor vpop3ctl vpop3-simulator; do
  check "bin/$program is installed and runs (--help)" "$root/bin/$program" --help
done
check "vpop3ctl --version names the version" bash -c "'$root/bin/vpop3ctl' --version | grep -Eq '^vpop3ctl [0-9]+\.[0-9]+\.[0-9]+'"

desktop=$share/applications/$app_id.desktop
check "desktop file validates" desktop-file-validate "$desktop"
check "desktop file: Exec is the installed applet" grep -qx 'Exec=vpop3-monitor' "$desktop"
check "desktop file: X-GNOME-UsesNotifications" grep -qx 'X-GNOME-UsesNotifications=true' "$desktop"

metainfo=$share/metainfo/$app_id.metainfo.xml
check "metainfo validates (appstreamcli --no-net)" appstreamcli validate --no-net "$metainfo"
check "metainfo: launchable is the installed desktop file" \
  grep -q "<launchable type=\"desktop-id\">$app_id.desktop</launchable>" "$metainfo"

schemas=$share/glib-2.0/schemas
check "schema compiles (--strict)" glib-compile-schemas --strict --targetdir="$compiled" "$schemas"
check "gsettings reads the compiled schema" \
  bash -c "gsettings --schemadir '$compiled' list-keys '$app_id' | grep -qx host"

for mo in "$share"/locale/*/LC_MESSAGES/vpop3-monitor.mo; do
  lang=${mo#"$share/locale/"}
  lang=${lang%%/*}
  check "catalogue $lang reads back (msgunfmt)" msgunfmt -o /dev/null "$mo"
done

for page in vpop3-monitor vpop3ctl vpop3-simulator; do
  file=$share/man/man1/$page.1
  check "man page $page.1 renders without warnings" \
    bash -c "out=\$(groff -man -ww -z '$file' 2>&1); [ -z \"\$out\" ] || { echo \"\$out\"; false; }"
done

icons=$share/icons/hicolor
icon=$(sed -n 's/^Icon=//p' "$desktop")
check "the desktop file's icon ($icon) is installed" test -f "$icons/scalable/apps/$icon.svg"
for state in idle fat letter fat-letter disconnected; do
  check "status icon $state is installed" test -f "$icons/scalable/status/$app_id-$state.svg"
  check "symbolic icon $state is installed" \
    test -f "$icons/symbolic/apps/$app_id-$state-symbolic.svg"
done
while IFS= read -r svg; do
  check "${svg#"$icons/"} is well-formed SVG" xmllint --noout "$svg"
done < <(find "$icons" -name '*.svg' | sort)

# Nothing is installed outside the prefix (a package must own every file).
outside=$(find "$scratch" -mindepth 1 \( -type f -o -type l \) ! -path "$root/*" | head -n 5)
ok "$([[ -z "$outside" ]] && echo 0 || echo 1)" "every file is under the prefix $prefix"
[[ -z "$outside" ]] || printf '# %s\n' $outside

echo "1..$count"
((failed == 0))
