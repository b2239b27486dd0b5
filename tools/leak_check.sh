#!/usr/bin/env bash
# Leak check of the headless paths with valgrind memcheck: a render, a state, refused bad input, and the
# teaching overlays with labels (font atlas, draw lists).
# "definitely lost" blocks fail it, except the driver's own (tests/valgrind.supp explains each entry).
set -euo pipefail
cd "$(dirname "$0")/.."
exe=${1:-build/psoas-atlas}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
vg=(valgrind --quiet --leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite
    --undef-value-errors=no --error-exitcode=9 --suppressions=tests/valgrind.supp --num-callers=40)
atlas=tests/data/test_atlas.json
run() {
  local expect=$1; shift
  set +e; "${vg[@]}" "$exe" "$@" >"$out/log" 2>&1; local rc=$?; set -e
  if [ "$rc" -eq 9 ] || [ "$rc" -ne "$expect" ]; then
    cat "$out/log"; echo "leak check FAILED: $* (exit $rc)"; exit 1
  fi
  echo "no leaks: psoas-atlas $*"
}
run 0 render --quiet --atlas "$atlas" --size 64x48 --ssaa 1 --select cube --out "$out/a.png"
run 0 render --quiet --atlas "$atlas" --state "$out/a.png" --size 64x48 --transparent --out "$out/b.png"
run 3 render --atlas tests/bad_inputs/atlas/missing_mesh.json --out "$out/c.png"
run 3 render --model tests/bad_inputs/model/bad_index.obj --out "$out/d.png"
run 2 render --atlas "$atlas" --size 10x10 --out "$out/e.png"
run 0 render --quiet --atlas tests/data/teaching_atlas.json --size 96x72 --ssaa 1 --attachments all \
  --referral zones --labels parts,areas --clip sagittal:0.3 --out "$out/f.png"
echo "leaks: 6 passed, 0 failed"
