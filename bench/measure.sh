#!/usr/bin/env bash
# Quick side-by-side measurement of bench/programs, in one run: for each
# program (the hand-written stack versions are companions, not programs),
# builds
#   clang  = clang++-22 -O2
#   h2s    = clang++-22 -O2 -fplugin=ClangEscape.so (the one-flag use: the
#            Clang plugin hands its facts to the pass, which transforms)
#   (-t: -fpass-plugin=ClangEscape.so instead, the transformation alone)
#   gcc    = g++ -O2
#   stack  = clang++-22 -O2 of the same code written with stack objects by
#            hand (X_stack.cpp, or the file named by a `// bench-stack: FILE`
#            line), when there is one
# checks that the outputs agree, and prints the best-of-N CPU time, the
# ratios h2s/clang and h2s/stack (the target for converted loops: <= 1.05),
# and the number of heap allocations (malloc/calloc/realloc/aligned_alloc
# calls, counted by an LD_PRELOAD shim; operator new goes through malloc).
# The runs are interleaved (clang, h2s, gcc, stack, clang, h2s, ...) so that
# a busy spell of the machine hits every variant alike. The `code` column
# says `same` when `main`'s machine code is identical in the h2s and stack
# binaries (or, without a stack version, the h2s and clang binaries): any
# time difference between those two is then the machine's noise, and the
# `noise` column gives the spread (worst/best) of clang's own runs.
# `// bench-flags: ...` lines of a program are added to its compiles.
#   bench/measure.sh [-p PLUGIN] [-n RUNS] [-t] [PROGRAM.cpp...]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
plugin="$here/../build/lib/ClangEscape.so"
runs=5
load_flag=-fplugin
while getopts "p:n:t" opt; do
  case $opt in
  t) load_flag=-fpass-plugin ;;
  p) plugin=$OPTARG ;;
  n) runs=$OPTARG ;;
  *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
progs=("$@")
[ ${#progs[@]} -gt 0 ] || progs=("$here"/programs/*.cpp)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cat >"$work/count.c" <<'C'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
static unsigned long Count;
static void *(*RealMalloc)(size_t);
static void *(*RealCalloc)(size_t, size_t);
static void *(*RealRealloc)(void *, size_t);
static void *(*RealAligned)(size_t, size_t);
static char Boot[4096];
static size_t BootUsed;
void *malloc(size_t N) {
  if (!RealMalloc) RealMalloc = dlsym(RTLD_NEXT, "malloc");
  ++Count;
  return RealMalloc(N);
}
void *calloc(size_t N, size_t M) {
  if (!RealCalloc) { /* dlsym itself may calloc */
    void *P = Boot + BootUsed; BootUsed += (N * M + 15) & ~15ul;
    RealCalloc = dlsym(RTLD_NEXT, "calloc");
    return P;
  }
  ++Count;
  return RealCalloc(N, M);
}
void *realloc(void *P, size_t N) {
  if (!RealRealloc) RealRealloc = dlsym(RTLD_NEXT, "realloc");
  ++Count;
  return RealRealloc(P, N);
}
void *aligned_alloc(size_t A, size_t N) {
  if (!RealAligned) RealAligned = dlsym(RTLD_NEXT, "aligned_alloc");
  ++Count;
  return RealAligned(A, N);
}
__attribute__((destructor)) static void report(void) {
  const char *F = getenv("ALLOC_COUNT_FILE");
  FILE *Out = F ? fopen(F, "w") : NULL;
  if (Out) { fprintf(Out, "%lu\n", Count); fclose(Out); }
}
C
cc -O2 -shared -fPIC "$work/count.c" -o "$work/count.so" -ldl

cpu_time() { # binary -> CPU seconds (user + sys) of one run
  # CPU time: less sensitive than wall time to a busy machine.
  { /usr/bin/time -f "%U %S" "$1" >/dev/null; } 2>&1 | tail -1 |
    awk '{printf "%.2f", $1 + $2}'
}
main_code() { # binary -> main's instructions, without addresses
  objdump -d --no-show-raw-insn --disassemble=main "$1" |
    sed -n 's/^ *[0-9a-f]*:\t//p' | sed 's/ *[0-9a-f]* <\([^>]*\)>/ <\1>/'
}
allocs() {
  ALLOC_COUNT_FILE="$work/n" LD_PRELOAD="$work/count.so" "$1" >/dev/null
  cat "$work/n"
}

stack_of() { # program -> its hand-written stack version, or nothing
  local src=$1 dir named
  dir=$(dirname "$src")
  named=$(sed -n 's|^// bench-stack: *\([^ ]*\).*|\1|p' "$src" | head -1)
  if [ -n "$named" ]; then
    echo "$dir/$named"
  elif [ -f "${src%.cpp}_stack.cpp" ]; then
    echo "${src%.cpp}_stack.cpp"
  fi
}
flags_of() { sed -n 's|^// bench-flags: *||p' "$1" | head -1; }

echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(uname -n) $(uname -m), $(nproc) CPUs," \
  "load $(cut -d' ' -f1 /proc/loadavg); best CPU time (user+sys) of $runs interleaved runs"
echo "# $(clang++-22 --version | head -1); $(g++ --version | head -1)"
echo "# plugin: $load_flag=$plugin"
printf "%-22s %7s %7s %7s %7s  %7s %8s %6s %-12s %9s %9s %9s\n" program clang h2s gcc \
  stack h2s/cl h2s/stk noise code allocs:cl h2s gcc
for src in "${progs[@]}"; do
  case $src in *_stack.cpp) continue ;; esac
  grep -qs "bench-stack: $(basename "$src")" "$(dirname "$src")"/*.cpp && continue
  name=$(basename "$src" .cpp)
  # shellcheck disable=SC2046 # word splitting of the flags is intended
  set -- $(flags_of "$src")
  clang++-22 -O2 "$@" "$src" -o "$work/$name.clang"
  clang++-22 -O2 "$@" "$load_flag=$plugin" "$src" -o "$work/$name.h2s"
  g++ -O2 "$@" "$src" -o "$work/$name.gcc"
  variants=(h2s gcc)
  stack=$(stack_of "$src")
  if [ -n "$stack" ]; then
    clang++-22 -O2 "$@" "$stack" -o "$work/$name.stack"
    variants+=(stack)
  fi
  ref=$("$work/$name.clang")
  for v in "${variants[@]}"; do
    if [ "$("$work/$name.$v")" != "$ref" ]; then
      echo "$name: output of $v differs from clang" >&2
      exit 1
    fi
  done
  declare -A best=() worst=()
  for _ in $(seq "$runs"); do
    for v in clang "${variants[@]}"; do
      t=$(cpu_time "$work/$name.$v")
      if [ -z "${best[$v]:-}" ] || awk "BEGIN{exit !($t < ${best[$v]})}"; then best[$v]=$t; fi
      if [ -z "${worst[$v]:-}" ] || awk "BEGIN{exit !($t > ${worst[$v]})}"; then worst[$v]=$t; fi
    done
  done
  tc=${best[clang]} th=${best[h2s]} tg=${best[gcc]} ts=${best[stack]:--}
  same=-
  other=clang
  [ -z "$stack" ] || other=stack
  if [ "$(main_code "$work/$name.h2s")" = "$(main_code "$work/$name.$other")" ]; then
    same="same($other)"
  fi
  noise=$(awk "BEGIN{printf \"%.2f\", (${best[clang]} > 0 ? ${worst[clang]} / ${best[clang]} : 1)}")
  unset best worst
  ratio() {
    if [ "$2" = - ]; then echo -; else awk "BEGIN{printf \"%.2f\", ($2 > 0 ? $1 / $2 : 1)}"; fi
  }
  printf "%-22s %7s %7s %7s %7s  %7s %8s %6s %-12s %9s %9s %9s\n" "$name" "$tc" "$th" "$tg" \
    "$ts" "$(ratio "$th" "$tc")" "$(ratio "$th" "$ts")" "$noise" "$same" \
    "$(allocs "$work/$name.clang")" "$(allocs "$work/$name.h2s")" \
    "$(allocs "$work/$name.gcc")"
done
