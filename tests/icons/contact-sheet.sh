#!/bin/bash
# contact-sheet.sh ICONS_DIR OUT.png: renders every icon in ICONS_DIR/hicolor at
# 16, 22, 24, 32 and 128 px (plus the 16 px render enlarged 4x, to judge the
# pixel grid) on a light (#f6f5f4) and a dark (#241f31) panel colour, and lays
# them out one icon per row. Symbolic icons are recoloured the way GTK does it:
# dark #2e3436 on the light panel, light #f6f5f4 on the dark one.
# Not run by meson; regenerate docs/icons-contact-sheet.png with it after
# changing the artwork. Needs rsvg-convert (librsvg2-bin) and ImageMagick.
set -euo pipefail

if (($# != 2)); then
  echo "usage: $0 ICONS_DIR OUT.png" >&2
  exit 2
fi
icons=$1
out=$2
app=io.github.vpop3monitor.Vpop3Monitor
states=(idle fat letter fat-letter disconnected)
sizes=(16 22 24 32 128)
light='#f6f5f4'
dark='#241f31'

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

svgs=("$icons/hicolor/scalable/apps/$app.svg")
for state in "${states[@]}"; do
  svgs+=("$icons/hicolor/scalable/status/$app-$state.svg")
done
svgs+=("$icons/hicolor/symbolic/apps/$app-symbolic.svg")
for state in "${states[@]}"; do
  svgs+=("$icons/hicolor/symbolic/apps/$app-$state-symbolic.svg")
done

# cell SVG SIZE BACKGROUND OUT: one icon rendered on a square of panel colour.
cell ()
{
  rsvg-convert -w "$2" -h "$2" -b "$3" -o "$4" "$1"
}

rows=()
n=0
for svg in "${svgs[@]}"; do
  name=$(basename "$svg" .svg)
  name=${name#"$app"}
  label=${name#-}
  label=${label:-app icon}
  tiles=()
  for bg in "$light" "$dark"; do
    src=$svg
    if [[ "$svg" == *-symbolic.svg && "$bg" == "$dark" ]]; then
      src="$tmp/recoloured.svg"
      sed 's/#2e3436/#f6f5f4/g' "$svg" >"$src"
    fi
    for size in "${sizes[@]}"; do
      tile="$tmp/$n-${bg#\#}-$size.png"
      cell "$src" "$size" "$bg" "$tile"
      tiles+=("$tile")
    done
    zoom="$tmp/$n-${bg#\#}-zoom.png"
    cell "$src" 16 "$bg" "$zoom"
    convert "$zoom" -filter point -resize 400% "$zoom"
    tiles+=("$zoom")
  done
  row="$tmp/row-$(printf %02d $n).png"
  convert -background '#c0bfbc' -fill '#241f31' -font DejaVu-Sans -pointsize 13 \
    -size 170x128 -gravity west "label:$label" \
    \( "${tiles[@]}" -background '#c0bfbc' -gravity west -splice 12x0 -gravity center +append \) \
    -gravity center +append "$row"
  rows+=("$row")
  n=$((n + 1))
done

header="$tmp/header.png"
convert -background '#c0bfbc' -fill '#241f31' -font DejaVu-Sans -pointsize 13 \
  -size x24 -gravity west \
  "label:16, 22, 24, 32, 128 px and 16 px enlarged 4x, on $light, then on $dark" "$header"
convert -background '#c0bfbc' "$header" "${rows[@]}" -gravity northwest -splice 0x8 \
  -append -bordercolor '#c0bfbc' -border 12 -depth 8 -strip "$out"
echo "wrote $out"
