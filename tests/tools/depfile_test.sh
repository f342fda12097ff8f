#!/usr/bin/env bash
# e2e.depfile: `nn2milp --depfile` as GNU Make and Ninja read it. A model with its weights in an
# external data file, both with awkward names (a space, a '#'), a VNN-LIB-free compile with a
# bounds file; then:
#   - the depfile text is exactly "OUT: MODEL WEIGHTS BOUNDS" escaped the Make way;
#   - make -q says the output is up to date, and out of date after touching each input (the
#     model, the external data file, the bounds file), but not after touching an unrelated file;
#   - ninja, with `depfile =`, rebuilds nothing on a second run and exactly once after touching
#     the external data file;
#   - a depfile in a missing directory gives exit 5 and no output file.
# Usage: depfile_test.sh NN2MILP SOURCE_DIR
set -u
nn2milp=$1 src=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/nn2milp_depfile_test.XXXXXX")
trap 'rm -rf "$work"' EXIT
failed=0
ok() { echo "ok   $1"; }
fail() { echo "FAIL $1"; failed=1; }
cd "$work" || exit 1
mkdir "my models"
# surrogate_mlp with every initializer moved into one external file "weights #1.bin".
/usr/bin/python3 - "$src/tests/models/surrogate_mlp.onnx" <<'PY' || { echo "FAIL python"; exit 1; }
import sys, onnx
m = onnx.load(sys.argv[1])
onnx.save_model(m, "my models/net 1.onnx", save_as_external_data=True, all_tensors_to_one_file=True,
                location="weights #1.bin", size_threshold=0)
PY
[[ -f "my models/weights #1.bin" ]] && ok "external data file written" || fail "no external data file"
printf -- '-1 1\n-1 1\n' > 'box $1.txt'
touch unrelated.txt
model="my models/net 1.onnx"
"$nn2milp" "$model" -o out.mps --input-bounds 'box $1.txt' --maximize 0 --depfile out.d 2>log ||
  { fail "nn2milp exit $?: $(cat log)"; exit 1; }
expected='out.mps: my\ models/net\ 1.onnx my\ models/weights\ \#1.bin box\ $$1.txt'
[[ $(cat out.d) == "$expected" ]] && ok "depfile: $(cat out.d)" || fail "depfile is '$(cat out.d)', expected '$expected'"

# GNU Make: the rule has no recipe of its own besides the depfile's prerequisites.
printf 'out.mps:\n\ttrue\ninclude out.d\n' > Makefile
age() { touch -d '2 hours ago' out.mps "my models/net 1.onnx" "my models/weights #1.bin" 'box $1.txt' unrelated.txt; touch -d '1 hour ago' out.mps; }
age
make -q out.mps && ok "make: up to date" || fail "make: out of date right after the build"
for f in "my models/net 1.onnx" "my models/weights #1.bin" 'box $1.txt'; do
  age; touch "$f"
  if make -q out.mps; then fail "make: touching '$f' does not make out.mps stale"; else ok "make: '$f' is a prerequisite"; fi
done
age; touch unrelated.txt
make -q out.mps && ok "make: an unrelated file is not" || fail "make: unrelated.txt makes out.mps stale"

# Ninja reads the depfile after the command runs (no `deps =` line: read at every start).
if command -v ninja >/dev/null; then
  cat > build.ninja <<NINJA
rule nn2milp
  command = "$nn2milp" \$in -o \$out --input-bounds 'box \$\$1.txt' --maximize 0 --depfile \$out.d 2>/dev/null && echo ran >> runs.txt
  depfile = \$out.d
build n.mps: nn2milp my\$ models/net\$ 1.onnx
NINJA
  rm -f runs.txt
  ninja -f build.ninja >ninja.log 2>&1 || fail "ninja: $(cat ninja.log)"
  ninja -f build.ninja >ninja.log 2>&1
  grep -q "no work to do" ninja.log && ok "ninja: nothing to do on the second run" || fail "ninja second run: $(cat ninja.log)"
  sleep 1; touch "my models/weights #1.bin"
  ninja -f build.ninja >ninja.log 2>&1
  [[ $(wc -l <runs.txt) == 2 ]] && ok "ninja: touching the external data re-runs nn2milp" ||
    fail "ninja ran $(wc -l <runs.txt) times: $(cat ninja.log)"
else
  fail "ninja missing (scripts/setup.sh installs ninja-build)"
fi

rc=0
"$nn2milp" "$model" -o bad.mps --input-bounds=-1:1 --depfile no_such_dir/bad.d 2>err || rc=$?
[[ $rc == 5 && ! -e bad.mps ]] && ok "bad --depfile path: exit 5, no output" || fail "bad --depfile path: exit $rc, $(ls)"
exit $failed
