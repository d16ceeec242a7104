// The profile is written at exit, also on exit() from inside a frame; %p
// in $CLANG_ESCAPE_PROFILE is the process id. A path that cannot be written
// gets one warning on stderr, and the program's output and exit status do
// not change. Without the variable: escape-profile.json in the current
// directory.
//
// RUN: %clangxx -O2 -g %escape -fplugin-arg-escape-profile %s %profile-rt -o %t
// RUN: rm -rf %t.d && mkdir %t.d
// RUN: env CLANG_ESCAPE_PROFILE=%t.d/p-%%p.json sh -c '%t; echo "exit $?"' > %t.out 2> %t.err
// RUN: FileCheck %s --check-prefix=OUT < %t.out
// RUN: count 0 < %t.err
// RUN: ls %t.d | FileCheck %s --check-prefix=LS
// RUN: %python %S/Inputs/sites.py %t.d/p-*.json | FileCheck %s
//
// RUN: env CLANG_ESCAPE_PROFILE=%t.d/no/such/dir/p.json sh -c '%t; echo "exit $?"' > %t.out2 2> %t.err2
// RUN: FileCheck %s --check-prefix=OUT < %t.out2
// RUN: FileCheck %s --check-prefix=WARN < %t.err2
// RUN: cd %t.d && env -u CLANG_ESCAPE_PROFILE sh -c '%t; echo "exit $?"' > %t.out3
// RUN: FileCheck %s --check-prefix=OUT < %t.out3
// RUN: %python %S/Inputs/sites.py %t.d/escape-profile.json | FileCheck %s
//
// OUT: made 3
// OUT-NEXT: exit 3
// LS: p-{{[0-9]+}}.json
// WARN: clang-escape profile: warning: cannot write '{{.*}}/no/such/dir/p.json': No such file or directory
// WARN-NOT: warning
// CHECK: output.cpp:34:{{[0-9]+}} work alloc=3 local=2 later=0 thread=0 never=1 bytes=12
#include <cstdio>
#include <cstdlib>

static inline void opaque(void *P) { asm volatile("" : : "r"(P) : "memory"); }

__attribute__((noinline)) void work(int I) {
  int *P = new int(I); // line 34
  opaque(P);
  if (I == 2) {
    std::printf("made %d\n", I + 1);
    std::fflush(stdout);
    std::exit(3); // P is never freed
  }
  delete P;
}

int main() {
  for (int I = 0; I < 5; ++I)
    work(I);
}
