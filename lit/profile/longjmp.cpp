// longjmp out of an instrumented frame skips its exit hook; the frame is
// noticed as gone when a frame at or above its depth is entered (each entry
// drops the frames whose return-address slot is not above its own). Until
// then it counts as running: a free in that window is counted frame-local
// although the object outlived its frame (docs/profile.md, Limitations).
//
// RUN: %clangxx -O2 -g %escape -fplugin-arg-escape-profile %s %profile-rt -o %t
// RUN: rm -f %t.json && env CLANG_ESCAPE_PROFILE=%t.json %t | FileCheck %s --check-prefix=OUT
// RUN: %python %S/Inputs/sites.py %t.json | FileCheck %s
//
// OUT: jumps 8
#include <csetjmp>
#include <cstdio>

static inline void opaque(void *P) { asm volatile("" : : "r"(P) : "memory"); }

std::jmp_buf Env;
int *Pending;
int Jumps;

__attribute__((noinline)) void jumperA(int I) {
  int *P = new int(I); // line 22
  opaque(P);
  Pending = P;
  std::longjmp(Env, 1);
}
__attribute__((noinline)) void jumperB(int I) {
  int *P = new int(I); // line 28
  opaque(P);
  Pending = P;
  std::longjmp(Env, 1);
}
__attribute__((noinline)) void later(int I) {
  int *P = new int(I); // line 34
  opaque(P);
  delete P;
}

// Exact: later() is entered where jumperA's frame was, so the object of
// jumperA, freed after it, outlived its frame.
__attribute__((noinline)) void exact(int I) {
  if (setjmp(Env) == 0)
    jumperA(I);
  ++Jumps;
  later(I);
  delete Pending;
}

// The known imprecision: freed before any frame is entered at jumperB's
// depth, jumperB's object counts as frame-local.
__attribute__((noinline)) void window(int I) {
  if (setjmp(Env) == 0)
    jumperB(I);
  ++Jumps;
  delete Pending;
}

int main() {
  for (int I = 0; I < 4; ++I) {
    exact(I);
    window(I);
  }
  std::printf("jumps %d\n", Jumps);
}

// CHECK: longjmp.cpp:22:{{[0-9]+}} jumperA alloc=4 local=0 later=4 thread=0 never=0
// CHECK: longjmp.cpp:28:{{[0-9]+}} jumperB alloc=4 local=4 later=0 thread=0 never=0
// CHECK: longjmp.cpp:34:{{[0-9]+}} later alloc=4 local=4 later=0 thread=0 never=0
