// Sites the heap-to-stack pass moved are counted as converted (how many
// times the moved code ran); an arena site's heap fallback stays an
// allocation site of its own, with its reason. Profiling changes nothing
// the pass decides: the remarks with and without -fplugin-arg-escape-profile
// are the same.
//
// RUN: %clangxx -O2 -g %escape -fplugin-arg-escape-profile %s %profile-rt -o %t
// RUN: rm -f %t.json && env CLANG_ESCAPE_PROFILE=%t.json %t | FileCheck %s --check-prefix=OUT
// RUN: %python %S/Inputs/sites.py %t.json | FileCheck %s
//
// RUN: %clangxx -O2 -g %escape -Rpass=escape -Rpass-missed=escape -c %s -o /dev/null 2> %t.plain
// RUN: %clangxx -O2 -g %escape -fplugin-arg-escape-profile -Rpass=escape -Rpass-missed=escape -c %s -o /dev/null 2> %t.prof
// RUN: diff %t.plain %t.prof
// RUN: FileCheck %s --check-prefix=REMARKS < %t.prof
//
// OUT: checksum 1377
#include <cstdio>
#include <memory>

struct Particle {
  double Pos[3], Vel[3];
  long Id;
};

__attribute__((noinline)) void step(Particle &P) { P.Pos[0] += P.Vel[0]; }
__attribute__((noinline)) long sum(const int *A, int N) {
  long T = 0;
  for (int I = 0; I < N; ++I)
    T += A[I];
  return T;
}

int main(int Argc, char **) {
  long T = 0;
  for (long I = 0; I < 7; ++I) {
    auto P = std::make_unique<Particle>(); // line 36: moved to the stack
    P->Id = I;
    step(*P);
    T += P->Id;
  }
  // A frame-arena site: 64 ints fit the 256-byte buffer, 100 do not.
  for (int I = 0; I < 5; ++I) {
    int N = I < 3 ? 64 * Argc : 100 * Argc;
    int *A = new int[N]; // line 44
    for (int K = 0; K < N; ++K)
      A[K] = K & 7;
    T += sum(A, N);
    delete[] A;
  }
  std::printf("checksum %ld\n", T);
}

// REMARKS: converted.cpp:36:{{[0-9]+}}: remark: 'new' (in 'make_unique<Particle>' at unique_ptr.h:{{[0-9]+}}) of 56 bytes moved to the stack
// REMARKS: converted.cpp:44:{{[0-9]+}}: remark: 'new[]' of variable size moved to the frame arena

// CHECK: converted.cpp:36:{{[0-9]+}} main alloc=0 local=0 later=0 thread=0 never=0 bytes=0 converted=7 moved=stack reason=
// CHECK: converted.cpp:44:{{[0-9]+}} main alloc=0 local=0 later=0 thread=0 never=0 bytes=0 converted=5 moved=arena reason=
// CHECK: converted.cpp:44:{{[0-9]+}} main alloc=2 local=2 later=0 thread=0 never=0 bytes=800 converted=0 moved=arena-heap reason=the heap fallback of a frame-arena site

// Without the pass (no-transform) the same sites are heap allocations, all
// frame-local: the limit of the unmodified program.
// RUN: %clangxx -O2 -g %escape -fplugin-arg-escape-no-transform -fplugin-arg-escape-profile %s %profile-rt -o %t.nt
// RUN: rm -f %t.nt.json && env CLANG_ESCAPE_PROFILE=%t.nt.json %t.nt | FileCheck %s --check-prefix=OUT
// RUN: %python %S/Inputs/sites.py %t.nt.json | FileCheck %s --check-prefix=NOPASS
// NOPASS: converted.cpp:36:{{[0-9]+}} main alloc=7 local=7 later=0 thread=0 never=0 bytes=392 converted=0 moved= reason=
// NOPASS-NEXT: converted.cpp:44:{{[0-9]+}} main alloc=5 local=5 later=0 thread=0 never=0 bytes=1568 converted=0 moved= reason=
// NOPASS-NOT: main
