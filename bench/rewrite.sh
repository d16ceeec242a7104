#!/usr/bin/env bash
# Side-by-side measurement of -fplugin-arg-escape-rewrite (source rewrites
# compiled from memory: make_shared into a frame arena, make_unique and
# new/delete to stack objects). For each program, one run builds
#   clang    = clang++-22 -O2
#   pass     = clang++-22 -O2 -fplugin=ClangEscape.so       (heap-to-stack pass)
#   rewrite  = clang++-22 -O2 -fplugin=ClangEscape.so -fplugin-arg-escape-rewrite
#   gcc      = g++ -O2
# checks that the four print the same thing, counts heap allocations
# (bench/alloc_count.c, LD_PRELOAD) and prints the best-of-N wall time and
# its ratio to plain clang++ (< 1 is faster).
#   bench/rewrite.sh [-p PLUGIN] [-n RUNS] [PROGRAM.cpp...]
# Default program: bench/programs/shared_ptr_loop.cpp (make_shared loop).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
plugin="$here/../build/lib/ClangEscape.so"
runs=5
while getopts "p:n:" opt; do
  case $opt in
  p) plugin=$OPTARG ;;
  n) runs=$OPTARG ;;
  *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
progs=("$@")
[ ${#progs[@]} -gt 0 ] || progs=("$here/programs/shared_ptr_loop.cpp")
[ -f "$plugin" ] || { echo "rewrite.sh: no plugin at $plugin (build first)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cc -O2 -shared -fPIC -o "$work/ac.so" "$here/alloc_count.c"

echo "# bench/rewrite.sh -n $runs ${progs[*]##*/}"
echo "# $(date -u +%F) $(uname -m), $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"
echo "# $(clang++-22 --version | head -1); $(g++ --version | head -1)"
printf '| program | build | allocations | best time (s) | time / clang |\n'
printf '|---|---|---:|---:|---:|\n'
status=0
for src in "${progs[@]}"; do
  name=$(basename "$src" .cpp)
  flags=$(sed -n 's#^// bench-flags: ##p' "$src" | head -1)
  # shellcheck disable=SC2086
  {
    clang++-22 -O2 $flags "$src" -o "$work/clang"
    clang++-22 -O2 $flags -fplugin="$plugin" "$src" -o "$work/pass"
    clang++-22 -O2 $flags -fplugin="$plugin" -fplugin-arg-escape-rewrite \
      "$src" -o "$work/rewrite" 2>"$work/remarks"
    g++ -O2 $flags "$src" -o "$work/gcc"
  }
  sed 's#^#  # #' "$work/remarks" | grep 'remark:' >&2 || true
  base=""
  for b in clang pass rewrite gcc; do
    out=$("$work/$b")
    if [ "$b" = clang ]; then ref=$out; elif [ "$out" != "$ref" ]; then
      echo "rewrite.sh: $name/$b prints something else than clang" >&2
      status=1
    fi
    : >"$work/count"
    ALLOC_COUNT_OUT="$work/count" LD_PRELOAD="$work/ac.so" "$work/$b" >/dev/null
    allocs=$(sed -n 's/.*allocs=\([0-9]*\).*/\1/p' "$work/count")
    best=""
    for ((i = 0; i < runs; i++)); do
      t=$( { /usr/bin/time -f %e "$work/$b" >/dev/null; } 2>&1 )
      if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t; fi
    done
    [ -n "$base" ] || base=$best
    ratio=$(awk "BEGIN{printf \"%.2f\", $best / ($base > 0 ? $base : 1)}")
    printf '| %s | %s | %s | %s | %s |\n' "$name" "$b" "$allocs" "$best" "$ratio"
  done
done
exit $status
