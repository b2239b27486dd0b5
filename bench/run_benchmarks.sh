#!/usr/bin/env bash
# All the numbers in docs/performance.md, with the commands that produce them. Run on an idle machine:
#   bash bench/run_benchmarks.sh [build]
set -euo pipefail
cd "$(dirname "$0")/.."
b=${1:-build}
runs=${RUNS:-3}
median() { sort -n | sed -n "$(( (runs + 1) / 2 ))p"; }

echo "## Machine"
echo; echo "$(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $("$b"/psoas-bench --frames 1 --size 64x64 --ssaa 1 | sed -n 2p)"

echo; echo "## Frame times (three-quarter view, camera turning; median of 15 frames)"
echo; echo '```'; echo "\$ $b/psoas-bench --frames 15 --size 1280x720 --size 1920x1080 --ssaa 1 --ssaa 2 --passes"
"$b"/psoas-bench --frames 15 --size 1280x720 --size 1920x1080 --ssaa 1 --ssaa 2 --passes; echo '```'
echo; echo '```'; echo "\$ $b/psoas-bench --frames 15 --size 1280x720 --size 960x540 --size 640x360 --ssaa 1 --lod 0.5 --passes   # the viewer while moving"
"$b"/psoas-bench --frames 15 --size 1280x720 --size 960x540 --size 640x360 --ssaa 1 --lod 0.5 --passes | grep -E "simplified|ssaa|passes"; echo '```'
echo; echo '```'; echo "\$ $b/psoas-bench --frames 15 --size 1280x720 --ssaa 1 --teaching --passes   # every overlay and label set"
"$b"/psoas-bench --frames 15 --size 1280x720 --ssaa 1 --teaching --passes | grep -E "ssaa|passes|labels"
echo "\$ $b/psoas-bench --frames 15 --size 1280x720 --ssaa 1 --teaching --lod 0.5 --passes"
"$b"/psoas-bench --frames 15 --size 1280x720 --ssaa 1 --teaching --lod 0.5 --passes | grep -E "ssaa|passes|labels"; echo '```'
echo; echo '```'; echo "\$ $b/psoas-bench --frames 30 --size 1280x720 --ssaa 1 --gait --lod 0.5   # the walking cycle plays, camera still"
"$b"/psoas-bench --frames 30 --size 1280x720 --ssaa 1 --gait --lod 0.5 | grep -E "rig|ssaa|posing"; echo '```'

echo; echo "## Scaling with the triangle count (1280x720, SSAA 1)"
echo; echo "| copies | triangles | load ms | frame ms (median) | pick ms |"; echo "|---|---|---|---|---|"
for n in 1 4 16; do
  out=$("$b"/psoas-bench --frames 5 --size 1280x720 --ssaa 1 --copies "$n")
  tris=$(echo "$out" | sed -n 's/.*structures, \([0-9]*\) triangles.*/\1/p')
  load=$(echo "$out" | sed -n 's/^load \([0-9]*\) ms.*/\1/p')
  frame=$(echo "$out" | sed -n 's/.*frame median *\([0-9.]*\) ms.*/\1/p')
  pick=$(echo "$out" | sed -n 's/.*pick median \([0-9.]*\) ms.*/\1/p')
  echo "| $n | $tris | $load | $frame | $pick |"
done

echo; echo "## Headless figures (wall time, median of $runs)"
echo; echo "| command | seconds |"; echo "|---|---|"
for args in "--view anterior --size 1600x1200" "--view anterior --size 1920x1080 --ssaa 1" "--view three_quarter --size 3508x2480 --dpi 300"; do
  t=$(for _ in $(seq $runs); do /usr/bin/time -f %e "$b"/psoas-atlas render -q $args --out /tmp/psoas-bench-fig.png 2>&1 >/dev/null | tail -1; done | median)
  echo "| \`psoas-atlas render $args\` | $t |"
done

if command -v Xvfb >/dev/null; then
  echo; echo "## Viewer cold start (process start to first frame, Xvfb 1400x900, median of $runs)"
  Xvfb :96 -screen 0 1400x900x24 >/dev/null 2>&1 & x=$!; sleep 1
  cfg=$(mktemp -d)
  first=$(for _ in $(seq $runs); do DISPLAY=:96 XDG_CONFIG_HOME=$cfg PSOAS_EXIT_AFTER_FIRST_FRAME=1 "$b"/psoas-atlas | sed -n 's/^first frame after \([0-9]*\) ms/\1/p'; done | median)
  full=$(for _ in $(seq $runs); do DISPLAY=:96 XDG_CONFIG_HOME=$cfg PSOAS_EXIT_AFTER_FIRST_FRAME=1 "$b"/psoas-atlas | sed -n 's/^first full-quality frame after \([0-9]*\) ms/\1/p'; done | median)
  kill $x; rm -rf "$cfg"
  echo; echo "first frame: $first ms; first full-quality (supersampled) frame: $full ms"
fi

if command -v xdotool >/dev/null && command -v Xvfb >/dev/null; then
  echo; echo "## Viewer while the model is turned (bash bench/viewer_fps.sh $b/psoas-atlas 1280x720 6)"
  echo; bash bench/viewer_fps.sh "$b/psoas-atlas" 1280x720 6 | grep -E "moving frames|phases|passes"
  echo; echo "With everything shown (bash bench/viewer_fps.sh $b/psoas-atlas 1280x720 6 bench/everything.json)"
  echo; bash bench/viewer_fps.sh "$b/psoas-atlas" 1280x720 6 "$PWD/bench/everything.json" | grep -E "moving frames|phases|passes"
fi
