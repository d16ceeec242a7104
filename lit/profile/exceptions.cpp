// Exceptions unwinding through the allocating frame pop it: an object freed
// after the catch in a caller outlived its frame; one freed during the
// unwinding by a destructor of the frame died in it. A frame whose landing
// pad does not catch the exception (catch of another type) is popped too.
//
// RUN: %clangxx -O2 -g %escape -fplugin-arg-escape-profile %s %profile-rt -o %t
// RUN: rm -f %t.json && env CLANG_ESCAPE_PROFILE=%t.json %t | FileCheck %s --check-prefix=OUT
// RUN: %python %S/Inputs/sites.py %t.json | FileCheck %s
//
// OUT: caught 12
#include <cstdio>

static inline void opaque(void *P) { asm volatile("" : : "r"(P) : "memory"); }

int *Pending;

// Freed after the catch in main: outlived (the frame was unwound).
__attribute__((noinline)) void thrower(int I) {
  int *P = new int(I); // line 19
  opaque(P);
  Pending = P;
  if (I >= 0)
    throw I;
}

// Freed by a destructor while the exception unwinds this frame: frame-local.
struct Holder {
  int *P;
  ~Holder() { delete P; }
};
__attribute__((noinline)) void raii(int I) {
  Holder H{new int(I)}; // line 32
  opaque(H.P);
  if (I >= 0)
    throw I;
}

// The exception passes through a catch of another type.
__attribute__((noinline)) void inner(int I) {
  if (I >= 0)
    throw I;
}
int *Pending2;
__attribute__((noinline)) void middle(int I) {
  int *P = new int(I); // line 45
  opaque(P);
  Pending2 = P;
  try {
    inner(I);
  } catch (const char *) {
    std::puts("not this one");
  }
}

int main() {
  int Caught = 0;
  for (int I = 0; I < 4; ++I) {
    try {
      thrower(I);
    } catch (int) {
      ++Caught;
      delete Pending;
    }
    try {
      raii(I);
    } catch (int) {
      ++Caught;
    }
    try {
      middle(I);
    } catch (int) {
      ++Caught;
      delete Pending2;
    }
  }
  std::printf("caught %d\n", Caught);
}

// CHECK: exceptions.cpp:19:{{[0-9]+}} thrower alloc=4 local=0 later=4 thread=0 never=0 bytes=16
// CHECK: exceptions.cpp:32:{{[0-9]+}} raii alloc=4 local=4 later=0 thread=0 never=0 bytes=16
// CHECK: exceptions.cpp:45:{{[0-9]+}} middle alloc=4 local=0 later=4 thread=0 never=0 bytes=16
