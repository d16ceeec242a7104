// A local struct holding an array, whose address is held by a second local
// passed to an inline (linkonce_odr) callee: the front end's content fact
// on that argument says the callee keeps nothing it loads from the second
// local (&s) -- not what it loads from there ((*pp)->inst, the array). The
// callee keeps the array in a global, so it must stay on the heap. (A rule
// of session 34 read the fact as covering both loads and moved it: the
// program printed a dead frame's bytes.)
// RUN: %clangxx -O2 %s -o %t.ref && %t.ref | FileCheck %s
// RUN: %clangxx -O2 %escape %s -o %t.h2s && %t.h2s | FileCheck %s
// RUN: %clangxx -O2 %escape -Rpass-missed=escape -c %s -o /dev/null 2>&1 | FileCheck --check-prefix=REMARK %s
#include <cstdio>
struct S {
  int *Inst;
  int N;
};
int *G;
__attribute__((noinline)) inline int peek(S *const *PP) {
  G = (*PP)->Inst;
  return (*PP)->N;
}
__attribute__((noinline)) int f(int N) {
  int *A = new int[4];
  // REMARK: key-of-key.cpp:[[#@LINE-1]]:12: remark: 'new[]' of 16 bytes stays on the heap: stored to a local variable whose address escapes
  for (int I = 0; I < 4; ++I)
    A[I] = I + N;
  S Key{A, 4};
  S *T = &Key;
  return peek(&T);
}
__attribute__((noinline)) int clobber(int N) {
  volatile int Buf[64];
  for (int I = 0; I < 64; ++I)
    Buf[I] = -I * N;
  return Buf[3];
}
int main(int Argc, char **) {
  int R = f(Argc);
  clobber(Argc + 7);
  std::printf("%d %d\n", R, G[2]);
}
// CHECK: 4 3
