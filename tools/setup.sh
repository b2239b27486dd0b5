#!/usr/bin/env bash
# One entry point for people and CI: installs what is missing from Debian 12 packages, builds
# (Release) and then runs the viewer (`run`) or the whole test suite (`test`).
#   bash tools/setup.sh run    # set up, build, open the viewer on the built-in atlas
#   bash tools/setup.sh test   # set up, build, run every test through ctest
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-run}"
case "$mode" in run|test|build) ;; *) echo "usage: bash tools/setup.sh run|test|build" >&2; exit 2 ;; esac

packages=(cmake g++ make pkg-config python3-glad
  libglfw3-dev libglm-dev libassimp-dev libimgui-dev libstb-dev nlohmann-json3-dev libcli11-dev
  libmeshoptimizer-dev doctest-dev libegl-dev libegl-mesa0 libgl1-mesa-dri fonts-dejavu-core)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "== installing ${missing[*]}"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

jobs=$(nproc 2>/dev/null || echo 2)
echo "== building (Release) in build/"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$jobs"

case "$mode" in
  test)
    echo "== running the test suite (headless, EGL)"
    cd build && ctest --output-on-failure -j"$jobs"
    ;;
  run)
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
      echo "== no display here: rendering the anterior view to build/anterior.png instead of opening a window"
      exec ./build/psoas-atlas render --view anterior --size 1600x1200 --out build/anterior.png
    fi
    exec ./build/psoas-atlas
    ;;
esac
