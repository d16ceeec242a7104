#!/usr/bin/env bash
# Differential harness for the heap-to-stack pass: builds every .cpp in the
# given directories with plain clang++ -O2 (the reference) and with the pass
# at each optimization level (and optionally with AddressSanitizer), runs
# them, and compares the outputs. Exits 1 on any difference or failure.
#
#   bench/diff.sh [-p PLUGIN] [-O "1 2 3"] [-a] [-x CXX] DIR...
#     -p  the plugin (default: build/lib/ClangEscape.so next to this script)
#     -O  optimization levels to test with the pass (default "1 2 3")
#     -a  also build with -fsanitize=address and run with
#         ASAN_OPTIONS=detect_stack_use_after_return=1
#     -x  the compiler (default clang++-22, else clang++)
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
plugin="$here/../build/lib/ClangEscape.so"
levels="1 2 3"
asan=0
cxx=$(command -v clang++-22 || command -v clang++)
while getopts "p:O:ax:" opt; do
  case $opt in
  p) plugin=$OPTARG ;;
  O) levels=$OPTARG ;;
  a) asan=1 ;;
  x) cxx=$OPTARG ;;
  *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ $# -gt 0 ] || { echo "usage: $0 [-p plugin] [-O levels] [-a] DIR..." >&2; exit 2; }
[ -f "$plugin" ] || { echo "diff.sh: no plugin at $plugin" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
flags="-std=c++17 -pthread"
fail=0 total=0
run() { # name, binary, output file
  if ! "$2" >"$3" 2>"$3.err"; then
    echo "FAIL $1: exit status $? ($(head -c 300 "$3.err"))"
    return 1
  fi
}
for dir in "$@"; do
  for src in "$dir"/*.cpp; do
    [ -e "$src" ] || continue
    name=$(basename "$src" .cpp)
    total=$((total + 1))
    if ! $cxx -O2 $flags "$src" -o "$work/$name.ref" 2>"$work/$name.cc.err"; then
      echo "FAIL $name: reference build failed"; fail=1; continue
    fi
    run "$name (reference)" "$work/$name.ref" "$work/$name.ref.out" || { fail=1; continue; }
    variants=()
    for o in $levels; do variants+=("O$o:-O$o"); done
    [ $asan = 1 ] && variants+=("asan-O1:-O1 -g -fsanitize=address" "asan-O2:-O2 -g -fsanitize=address")
    ok=1
    for v in "${variants[@]}"; do
      tag=${v%%:*} vflags=${v#*:}
      bin="$work/$name.$tag"
      if ! $cxx $vflags $flags -fpass-plugin="$plugin" "$src" -o "$bin" 2>"$bin.cc.err"; then
        echo "FAIL $name [$tag]: build failed: $(head -c 300 "$bin.cc.err")"; ok=0; continue
      fi
      ASAN_OPTIONS=detect_stack_use_after_return=1:detect_leaks=0 \
        run "$name [$tag]" "$bin" "$bin.out" || { ok=0; continue; }
      if ! cmp -s "$work/$name.ref.out" "$bin.out"; then
        echo "FAIL $name [$tag]: output differs"
        diff "$work/$name.ref.out" "$bin.out" | head -5
        ok=0
      fi
    done
    if [ $ok = 1 ]; then echo "ok   $name (${variants[*]%%:*})"; else fail=1; fi
  done
done
echo "diff.sh: $total program(s), $([ $fail = 0 ] && echo all identical || echo FAILURES)"
exit $fail
