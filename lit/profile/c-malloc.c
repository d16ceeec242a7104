// C: malloc, calloc and realloc sites. realloc ends the old block (here in
// its frame: frame-local) and its result is a new object of the realloc
// site (returned: outlived).
//
// RUN: %clang -O2 -g %escape -fplugin-arg-escape-profile %s %profile-rt -o %t
// RUN: rm -f %t.json && env CLANG_ESCAPE_PROFILE=%t.json %t | FileCheck %s --check-prefix=OUT
// RUN: %python %S/Inputs/sites.py %t.json | FileCheck %s
//
// OUT: sum 3
#include <stdio.h>
#include <stdlib.h>

static inline void opaque(void *P) { __asm__ volatile("" : : "r"(P) : "memory"); }

__attribute__((noinline)) int f(int I) {
  int *P = malloc(4 * (I + 1)); // line 16
  opaque(P);
  P[0] = I;
  int R = P[0];
  free(P);
  return R;
}

__attribute__((noinline)) char *g(void) {
  char *P = calloc(8, 2); // line 25
  opaque(P);
  return realloc(P, 64); // line 27
}

int main(void) {
  int S = 0;
  for (int I = 0; I < 3; ++I) {
    S += f(I);
    free(g());
  }
  printf("sum %d\n", S);
  return 0;
}

// CHECK: c-malloc.c:16:{{[0-9]+}} f alloc=3 local=3 later=0 thread=0 never=0 bytes=24
// CHECK: c-malloc.c:25:{{[0-9]+}} g alloc=3 local=3 later=0 thread=0 never=0 bytes=48
// CHECK: c-malloc.c:27:{{[0-9]+}} g alloc=3 local=0 later=3 thread=0 never=0 bytes=192 converted=0 moved= reason=reallocation is not converted
