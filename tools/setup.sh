#!/usr/bin/env bash
# One entry point for people and CI: installs what is missing from Debian 12 packages, builds
# (Release) and then runs the viewer (`run`) or the whole test suite (`test`).
#   bash tools/setup.sh run    # set up, build, open the viewer on the built-in atlas
#   bash tools/setup.sh test   # set up, build, run every test through ctest
#   bash tools/setup.sh sanitize   # the test suite again with ASan + UBSan, then a valgrind leak check
#   bash tools/setup.sh fuzz [S]   # each libFuzzer target for S seconds (default 60)
#   bash tools/setup.sh deb    # set up, build, then the Debian package build/psoas-atlas_<version>_<arch>.deb
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-run}"
case "$mode" in run|test|build|sanitize|fuzz|deb) ;; *) echo "usage: bash tools/setup.sh run|test|build|sanitize|fuzz|deb" >&2; exit 2 ;; esac

packages=(cmake g++ make pkg-config python3-glad
  libglfw3-dev libglm-dev libassimp-dev libimgui-dev libstb-dev zlib1g-dev nlohmann-json3-dev libcli11-dev
  libmeshoptimizer-dev libeigen3-dev libnanoflann-dev doctest-dev libcairo2-dev libegl-dev libegl-mesa0 libgl1-mesa-dri fonts-dejavu-core
  librsvg2-bin)  # rsvg-convert: the PNG icons (cmake/desktop.cmake); without it only the SVG is installed
case "$mode" in
  sanitize) packages+=(valgrind clang-14 libclang-rt-14-dev) ;;
  fuzz) packages+=(clang-14 libclang-rt-14-dev) ;;
  # The validators and MIME tools of tests/desktop_files.sh (it skips without them).
  test) packages+=(appstream desktop-file-utils libxml2-utils shared-mime-info libglib2.0-bin) ;;
  # CPack's dependency detection (CPACK_DEBIAN_PACKAGE_SHLIBDEPS) runs dpkg-shlibdeps.
  deb) packages+=(dpkg-dev) ;;
esac
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
if [ "$mode" = sanitize ] || [ "$mode" = fuzz ]; then
  # One clang build serves both: the test suite under AddressSanitizer + UndefinedBehaviorSanitizer, and the
  # libFuzzer targets (the same sanitizers plus coverage hooks, which the ASan runtime answers in the tests).
  # CI runs `sanitize` then `fuzz`: the second finds the build done.
  echo "== building with clang, AddressSanitizer + UndefinedBehaviorSanitizer and the fuzz targets in build-san/"
  cmake -S . -B build-san -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DPSOAS_SANITIZE=ON -DPSOAS_FUZZ=ON -DPSOAS_BUILD_VIEWER=OFF -DPSOAS_BUILD_MODELGEN=OFF >/dev/null
  cmake --build build-san -j"$jobs"
fi
if [ "$mode" = sanitize ]; then
  cd build-san
  # Leaks are checked by tools/leak_check.sh under valgrind: LeakSanitizer cannot see past llvmpipe's
  # JIT-compiled frames, so it cannot tell the driver's allocations from ours.
  export ASAN_OPTIONS=detect_leaks=0:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  ctest --output-on-failure -j"$jobs"
  cd ..
  echo "== leak check (valgrind memcheck) of the headless paths"
  exec bash tools/leak_check.sh build/psoas-atlas
fi
if [ "$mode" = fuzz ]; then
  seconds="${2:-60}"
  export ASAN_OPTIONS=detect_leaks=0 UBSAN_OPTIONS=halt_on_error=1
  # CI runs are reproducible: a fixed seed and a fixed number of inputs per target (capped by the time
  # limit), so a run fails only for a change in the code. PSOAS_FUZZ_EXPLORE=1 fuzzes freely instead.
  declare -A runs=([fuzz_atlas]=400000 [fuzz_view_state]=400000 [fuzz_png_metadata]=1000000 [fuzz_model]=1500
                   [fuzz_cli_args]=60000 [fuzz_story]=150000)
  for target in fuzz_atlas fuzz_view_state fuzz_png_metadata fuzz_model fuzz_cli_args fuzz_story; do
    # New inputs go to the first directory given: a fresh one, so the committed seeds stay untouched.
    corpus=$(mktemp -d)
    limits=(-seed=1 -runs="${runs[$target]}" "$corpus")
    if [ -n "${PSOAS_FUZZ_EXPLORE:-}" ]; then corpus=build-san/corpus/$target; mkdir -p "$corpus"; limits=("$corpus"); fi
    echo "== $target for up to $seconds s"
    ./build-san/tests/fuzz/$target -max_total_time="$seconds" -max_len=65536 -timeout=20 -print_final_stats=1 \
      "${limits[@]}" tests/fuzz/corpus/$target 2>&1 | grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb)|ERROR|SUMMARY|crash-" || true
    if compgen -G "crash-*" >/dev/null || compgen -G "leak-*" >/dev/null || compgen -G "timeout-*" >/dev/null; then
      echo "$target found a failing input:"; ls crash-* leak-* timeout-* 2>/dev/null || true; exit 1
    fi
  done
  echo "fuzz: 6 passed, 0 failed"
  exit 0
fi
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
  deb)
    echo "== building the Debian package (CPack) in build/"
    cd build && cpack -G DEB
    echo "== install it with: apt install ./build/$(ls -t psoas-atlas_*.deb | head -1)"
    ;;
esac
