#!/usr/bin/env bash
# Compares what two builds of the plugin print when they compile a unit,
# byte for byte: the analysis' -m remarks and the heap-to-stack pass's own
# (-Rpass=escape -Rpass-missed=escape), with `-O2 -c`. A change to what the
# compile emits (not to what the pass decides) must print the same.
#
# usage: bench/compare-pass-remarks.sh OLD_LIBDIR NEW_LIBDIR UNITS [OUT_DIR]
#   (each LIBDIR holds ClangEscape.so and ClangEscapeFrontend.so; UNITS has
#   one unit a line: the source file, then its compiler arguments, as
#   bench/string-linkage.py reads it)
set -u
OLD=$(realpath "$1") NEW=$(realpath "$2") UNITS=$(realpath "$3")
OUT=${4:-$(mktemp -d)}
mkdir -p "$OUT/old" "$OUT/new"
run() {
  local P=$1 D=$2
  shift 2
  local F=$1
  shift
  local K=${F//\//_}
  clang++-22 -w -O2 -c "$F" -o /dev/null "$@" -fplugin="$P/ClangEscape.so" \
    -fplugin-arg-escape-m -Rpass=escape -Rpass-missed=escape > "$D/$K" 2>&1
  echo "rc=$?" >> "$D/$K"
}
export -f run
xargs -P 2 -L 1 bash -c 'run "$@"' _ "$OLD" "$OUT/old" < "$UNITS"
xargs -P 2 -L 1 bash -c 'run "$@"' _ "$NEW" "$OUT/new" < "$UNITS"
N=0 D=0
for F in "$OUT"/old/*; do
  N=$((N + 1))
  cmp -s "$F" "$OUT/new/${F##*/}" || { D=$((D + 1)); echo "differs: ${F##*/}"; }
done
echo "$N units, $D differ; $(cat "$OUT"/old/* | grep -c 'remark:') remark lines" \
  "(old), $(cat "$OUT"/new/* | grep -c 'remark:') (new);" \
  "$(grep -L '^rc=0$' "$OUT"/old/* | wc -l) compiles fail (old)," \
  "$(grep -L '^rc=0$' "$OUT"/new/* | wc -l) (new); in $OUT"
[ "$D" -eq 0 ]
