#!/usr/bin/env bash
# Frame rate of the viewer while the model is turned: a private Xvfb, the viewer in a WxH window with
# the built-in atlas, xdotool dragging across the view for SECONDS, then the frame statistics the viewer
# prints with PSOAS_FRAME_STATS (what a moving frame costs, and at which draft size it was drawn).
#   bash bench/viewer_fps.sh [build/psoas-atlas] [WxH] [SECONDS] [ARGS...]
# With FPS_WALK=1 the model is not turned: W plays the walking cycle for SECONDS (and opens the Pose panel
# with its live muscle lengths and plot, as a teacher would see it). FPS_STATS=frames times whole frames
# only (no GL finish between phases: closer to what a user gets, but no phase breakdown).
set -euo pipefail
cd "$(dirname "$0")/.."
exe=$(realpath "${1:-build/psoas-atlas}")
size=${2:-1280x720}
secs=${3:-6}
shift $(( $# < 3 ? $# : 3 ))
for p in xvfb xdotool; do dpkg -s "$p" >/dev/null 2>&1 || { echo "install $p first (apt-get install $p)"; exit 2; }; done
w=${size%x*}
h=${size#*x}
work=$(mktemp -d)
Xvfb :96 -screen 0 "$((w + 200))x$((h + 200))x24" >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p "$work/psoas-atlas"
echo "{\"schema\": 1, \"window\": {\"width\": $w, \"height\": $h, \"maximized\": false}}" > "$work/psoas-atlas/settings.json"
sleep 1
DISPLAY=:96 XDG_CONFIG_HOME="$work" HOME="$work" PSOAS_FRAME_STATS=${FPS_STATS:-1} ${PSOAS_BENCH_WRAP:-} "$exe" "$@" > "$work/out.txt" 2>&1 &
viewer=$!
wid=$(DISPLAY=:96 xdotool search --sync --name "Psoas Atlas" | head -1)
sleep 3  # start-up and the first refined frame
export DISPLAY=:96
if [ "${FPS_WALK:-0}" = 1 ]; then
  xdotool key --window "$wid" w
  sleep "$secs"
  xdotool key --window "$wid" w ctrl+q
  wait "$viewer" || true
  cat "$work/out.txt"
  exit 0
fi
# One xdotool process for the whole drag (a process per step would compete for the CPU): 100 moves a
# second, like a mouse.
chain=(mousemove --window "$wid" $((w / 2)) $((h / 2)) mousedown 1)
for _ in $(seq $((secs * 100))); do chain+=(mousemove_relative -- 2 0 sleep 0.01); done
xdotool "${chain[@]}" mouseup 1
sleep 1
xdotool key --window "$wid" ctrl+q
wait "$viewer" || true
cat "$work/out.txt"
