#!/usr/bin/env bash
# Compares the -m=2 output of two builds of the plugin, byte for byte, over
# every .cpp of bench/programs and lit and the generated functions of
# bench/scale.py (10,000 and 40,000 statements): a change meant to leave the
# verdicts and explanations alone must print the same.
#
# usage: bench/compare-verdicts.sh OLD_LIBDIR NEW_LIBDIR [OUT_DIR]
#   (each LIBDIR holds ClangEscape.so and ClangEscapeFrontend.so)
set -u
OLD=$(realpath "$1") NEW=$(realpath "$2") OUT=${3:-$(mktemp -d)}
SRC=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$OUT/old" "$OUT/new"
for N in 10000 40000; do
  python3 "$SRC/bench/scale.py" --emit $N > "$OUT/big$N.cpp"
done
{ find "$SRC/bench/programs" "$SRC/lit" -name '*.cpp' | sort
  echo "$OUT/big10000.cpp"; echo "$OUT/big40000.cpp"; } > "$OUT/files"
run() {
  local P=$1 F=$2 D=$3
  local K=${F//\//_}
  clang++-22 -std=c++20 -w -fsyntax-only -I"$SRC/include" -I"$(dirname "$F")" \
    -I"$SRC/lit/tidy/Inputs" -I"$SRC/lit/tool/Inputs/proj/inc" \
    -fplugin="$P/ClangEscape.so" -fplugin-arg-escape-m=2 "$F" > "$D/$K" 2>&1
  echo "rc=$?" >> "$D/$K"
}
export -f run
export SRC
xargs -P 2 -I{} bash -c "run '$OLD' {} '$OUT/old'" < "$OUT/files"
xargs -P 2 -I{} bash -c "run '$NEW' {} '$OUT/new'" < "$OUT/files"
Diff=0
for F in "$OUT"/old/*; do
  if ! cmp -s "$F" "$OUT/new/$(basename "$F")"; then
    echo "differs: $(basename "$F")"
    Diff=$((Diff + 1))
  fi
done
echo "$(wc -l < "$OUT/files") files, $Diff differ;" \
  "$(cat "$OUT"/old/* | grep -c 'remark:') remark lines;" \
  "$(grep -L '^rc=0$' "$OUT"/old/* | wc -l) compiles fail (the same in both)"
[ "$Diff" -eq 0 ]
