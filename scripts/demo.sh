#!/usr/bin/env bash
# Set-up, build, and the main job on the bundled example: escape remarks on
# the seed's program (examples/seed/escape.cpp), then the program built with
# plain clang++ -O2, with the plugin, and with g++ -O2, side by side.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh >/dev/null
BUILD_DIR=${BUILD_DIR:-build}
PLUGIN="$BUILD_DIR/lib/ClangEscape.so"
SRC=examples/seed/escape.cpp
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

echo "== clang++-22 -O2 -fplugin=$PLUGIN -fplugin-arg-escape-m $SRC"
clang++-22 -std=c++20 -O2 -fplugin="$PLUGIN" -fplugin-arg-escape-m \
  -fno-caret-diagnostics -c "$SRC" -o "$OUT/escape.o" 2>&1
echo
echo "== the same with -fplugin-arg-escape-m=2 (why), for makePtr"
clang++-22 -std=c++20 -O2 -fplugin="$PLUGIN" -fplugin-arg-escape-m=2 \
  -fno-caret-diagnostics -c "$SRC" -o "$OUT/escape.o" 2>&1 |
  awk '/remark: new Big\{\} escapes/{p=1} p&&/remark:/&&!/escapes/{p=0} p'
echo
cc -shared -fPIC -O2 bench/alloc_count.c -o "$OUT/alloc_count.so"
echo "== the program, built three ways, run with the allocation counter"
for V in "plain clang++-22 -O2|clang++-22 -std=c++20 -O2" \
         "clang++-22 -O2 + clang-escape|clang++-22 -std=c++20 -O2 -fplugin=$PLUGIN" \
         "g++ -O2|g++ -std=c++20 -O2"; do
  NAME=${V%%|*}
  CMD=${V#*|}
  $CMD "$SRC" -o "$OUT/prog"
  echo "== $NAME"
  LD_PRELOAD="$OUT/alloc_count.so" ALLOC_COUNT_OUT=/dev/null "$OUT/prog"
done
