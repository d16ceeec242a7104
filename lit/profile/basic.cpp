// The escape profiler on a program with known dynamic behaviour: exact
// per-site counts of allocations, frame-local frees and objects that outlive
// their frame (freed later, by another thread, never). The asm makes each
// pointer opaque, so neither LLVM nor the heap-to-stack pass removes the
// allocations counted here; the pass's reason is recorded with each site.
//
// RUN: %clangxx -O2 -g %escape -fplugin-arg-escape-profile %s %profile-rt -lpthread -o %t
// RUN: rm -f %t.json && env CLANG_ESCAPE_PROFILE=%t.json %t | FileCheck %s --check-prefix=OUT
// RUN: %python %S/Inputs/sites.py %t.json | FileCheck %s
//
// The program's output is its own:
// OUT: sum 119
// OUT-NOT: {{.}}
#include <cstdio>
#include <cstdlib>
#include <pthread.h>

static inline void opaque(void *P) { asm volatile("" : : "r"(P) : "memory"); }

// All frame-local: 10 allocations, each deleted before its frame returns.
__attribute__((noinline)) int local(int I) {
  int *P = new int(I); // line 22
  opaque(P);
  int R = *P;
  delete P;
  return R;
}

// Partly kept: 10 allocations, 3 kept in a global (freed later by main).
int *Kept[3];
__attribute__((noinline)) void partly(int I) {
  int *P = new int(I); // line 32
  opaque(P);
  if (I < 3)
    Kept[I] = P;
  else
    delete P;
}

// All outliving: returned to the caller, which frees them.
__attribute__((noinline)) int *make(int I) {
  int *P = static_cast<int *>(malloc(sizeof(int) * 2)); // line 42
  opaque(P);
  *P = I;
  return P;
}

// Never freed.
__attribute__((noinline)) void leak() {
  char *P = new char[16]; // line 50
  opaque(P);
}

// Freed by another thread while the frame still runs: outlived.
void *freer(void *P) {
  delete static_cast<long *>(P);
  return nullptr;
}
__attribute__((noinline)) void handoff() {
  long *P = new long(7); // line 60
  opaque(P);
  pthread_t T;
  pthread_create(&T, nullptr, freer, P);
  pthread_join(T, nullptr);
}

// Recursion: each invocation is its own frame. Odd levels free their
// object (frame-local), even ones return it to their caller (outlived, even
// though the caller is the same function).
__attribute__((noinline)) int *rec(int N) {
  int *P = new int(N); // line 71
  opaque(P);
  if (N > 0)
    delete rec(N - 1);
  if (N % 2) {
    delete P;
    return nullptr;
  }
  return P;
}

int main() {
  int Sum = 0;
  for (int I = 0; I < 10; ++I)
    Sum += local(I);
  for (int I = 0; I < 10; ++I)
    partly(I);
  for (int I = 0; I < 5; ++I) {
    int *P = make(I);
    Sum += *P;
    free(P);
  }
  for (int I = 0; I < 4; ++I)
    leak();
  handoff();
  delete rec(5);
  for (int *P : Kept) {
    Sum += *P;
    delete P;
  }
  std::printf("sum %d\n", Sum + 61);
  return 0;
}

// CHECK: basic.cpp:22:{{[0-9]+}} local alloc=10 local=10 later=0 thread=0 never=0 bytes=40 converted=0 moved= reason={{.+}}
// CHECK: basic.cpp:32:{{[0-9]+}} partly alloc=10 local=7 later=3 thread=0 never=0 bytes=40 converted=0 moved= reason={{.+}}
// CHECK: basic.cpp:42:{{[0-9]+}} make alloc=5 local=0 later=5 thread=0 never=0 bytes=40 converted=0 moved= reason={{.+}}
// CHECK: basic.cpp:50:{{[0-9]+}} leak alloc=4 local=0 later=0 thread=0 never=4 bytes=64 converted=0 moved= reason={{.+}}
// CHECK: basic.cpp:60:{{[0-9]+}} handoff alloc=1 local=0 later=0 thread=1 never=0 bytes=8 converted=0 moved= reason={{.+}}
// CHECK: basic.cpp:71:{{[0-9]+}} rec alloc=6 local=3 later=3 thread=0 never=0 bytes=24 converted=0 moved= reason={{.+}}
