#!/usr/bin/env bash
# e2e.report_svg: `nn2milp --report-svg` writes an SVG that a real renderer (rsvg-convert,
# librsvg) draws at its declared size: the PNG's IHDR width/height must equal the <svg> width and
# height, and the picture must not be blank. A bad path gives exit 5 and no files at all.
# Usage: report_svg_png_test.sh NN2MILP SOURCE_DIR
set -u
nn2milp=$1 src=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/nn2milp_svg_test.XXXXXX")
trap 'rm -rf "$work"' EXIT
failed=0
ok() { echo "ok   $1"; }
fail() { echo "FAIL $1"; failed=1; }

command -v rsvg-convert >/dev/null || { echo "FAIL rsvg-convert missing (scripts/setup.sh installs librsvg2-bin)"; exit 1; }
"$nn2milp" "$src/tests/models/deep_mlp.onnx" -o "$work/m.mps" --input-bounds=-1:1 --bounds lp \
  --report-svg "$work/m.svg" 2>"$work/log" || { fail "nn2milp exit $?"; cat "$work/log"; exit 1; }
# Declared size: the root element's width and height attributes (whole pixels).
root=$(grep -o '<svg [^>]*>' "$work/m.svg")
w=$(sed -n 's/.* width="\([0-9]*\)".*/\1/p' <<<"$root")
h=$(sed -n 's/.* height="\([0-9]*\)".*/\1/p' <<<"$root")
[[ -n $w && -n $h ]] && ok "declared size ${w}x${h}" || fail "no integer width/height in: $root"
rsvg-convert -o "$work/m.png" "$work/m.svg" 2>"$work/rsvg.log" || { fail "rsvg-convert: $(cat "$work/rsvg.log")"; exit 1; }
# PNG: 8-byte signature, then the IHDR chunk: length(4) "IHDR"(4) width(4, big endian) height(4).
sig=$(od -An -tx1 -N8 "$work/m.png" | tr -d ' \n')
[[ $sig == 89504e470d0a1a0a ]] && ok "PNG signature" || fail "not a PNG: $sig"
ihdr=$(od -An -c -j12 -N4 "$work/m.png" | tr -d ' \n')
[[ $ihdr == IHDR ]] && ok "IHDR chunk first" || fail "first chunk '$ihdr'"
pw=$((16#$(od -An -tx1 -j16 -N4 "$work/m.png" | tr -d ' \n')))
ph=$((16#$(od -An -tx1 -j20 -N4 "$work/m.png" | tr -d ' \n')))
[[ $pw == "$w" && $ph == "$h" ]] && ok "PNG is ${pw}x${ph}" || fail "PNG is ${pw}x${ph}, SVG declares ${w}x${h}"
# Not blank: a white ${w}x${h} image compresses to a few hundred bytes; the drawing to > 10 kB.
size=$(stat -c %s "$work/m.png")
((size > 10000)) && ok "PNG has content ($size bytes)" || fail "PNG is $size bytes: blank?"
# Same bytes on a second run (deterministic), written from another directory.
(cd "$work" && "$nn2milp" "$src/tests/models/deep_mlp.onnx" -o m2.mps --input-bounds=-1:1 --bounds lp \
  --report-svg m2.svg 2>/dev/null)
cmp -s "$work/m.svg" "$work/m2.svg" && ok "deterministic" || fail "two runs differ"

# Unwritable SVG path: exit 5 (file error), neither the SVG nor the model appears.
rc=0
"$nn2milp" "$src/tests/models/deep_mlp.onnx" -o "$work/bad.mps" --input-bounds=-1:1 \
  --report-svg "$work/no_such_dir/r.svg" 2>"$work/err" || rc=$?
[[ $rc == 5 ]] && ok "bad --report-svg path: exit 5" || fail "bad --report-svg path: exit $rc: $(cat "$work/err")"
[[ ! -e $work/bad.mps ]] && ok "no model written" || fail "bad.mps written"
exit $failed
