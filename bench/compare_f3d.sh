#!/usr/bin/env bash
# Wall time and peak memory of `psoas-atlas render` against Debian's `f3d --output` on the same model
# file at the same resolution (median of RUNS). f3d needs an X display (a private Xvfb here, started
# before timing); psoas-atlas renders through EGL without one.
#   bash bench/compare_f3d.sh [build/psoas-atlas] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
exe=${1:-build/psoas-atlas}
runs=${2:-3}
work=$(mktemp -d)
trap 'kill $xvfb 2>/dev/null || true; rm -rf "$work"' EXIT
for p in f3d xvfb time; do dpkg -s "$p" >/dev/null 2>&1 || { echo "install $p first (apt-get install f3d xvfb time)"; exit 2; }; done

python3 bench/merge_glb_to_obj.py "$work/atlas.obj" models/*.glb
single=models/femur_l.glb
Xvfb :97 -screen 0 1920x1080x24 >/dev/null 2>&1 & xvfb=$!
sleep 1

measure() {  # prints "seconds kilobytes" for the median run
  local results=()
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -o "$work/t" "$@" >/dev/null 2>&1
    results+=("$(cat "$work/t")")
  done
  printf '%s\n' "${results[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p"
}

echo "| model | size | program | wall s | peak MiB |"
echo "|---|---|---|---|---|"
for model in "$work/atlas.obj" "$single"; do
  name=$(basename "$model")
  for size in 1920x1080; do
    read -r ow om < <(measure "$exe" render --model "$model" --size "$size" --ssaa 1 --quiet --out "$work/ours.png")
    read -r ow2 om2 < <(measure "$exe" render --model "$model" --size "$size" --ssaa 2 --quiet --out "$work/ours2.png")
    read -r fw fm < <(DISPLAY=:97 measure f3d "$model" --output "$work/f3d.png" --resolution "${size/x/,}")
    echo "| $name | $size | psoas-atlas (ssaa 1) | $ow | $((om / 1024)) |"
    echo "| $name | $size | psoas-atlas (ssaa 2) | $ow2 | $((om2 / 1024)) |"
    echo "| $name | $size | f3d 1.3.1 | $fw | $((fm / 1024)) |"
  done
done
cp "$work/ours.png" "$work/f3d.png" /tmp/ 2>/dev/null || true
