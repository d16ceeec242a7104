// [[clang::noescape]] on a callee in another translation unit means
// captures(none), but not "does not delete it": by default the allocation
// stays (a callee that frees would crash on a stack object). With
// -mllvm -escape-trust-noescape the annotation is taken to cover both.
// RUN: %clangxx -O2 -c %S/Inputs/noescape-callee.cpp -o %t.callee.o
// RUN: %clangxx -O2 -fpass-plugin=%plugin -Rpass=escape -Rpass-missed=escape %s %t.callee.o \
// RUN:   -o %t.default 2>&1 | FileCheck --check-prefix=DEFAULT %s
// RUN: %t.default | FileCheck --check-prefix=HEAP %s
// RUN: %clangxx -O2 -fpass-plugin=%plugin -mllvm -escape-trust-noescape -Rpass=escape %s \
// RUN:   %t.callee.o -o %t.trust 2>&1 | FileCheck --check-prefix=TRUST %s
// RUN: %t.trust | FileCheck --check-prefix=STACK %s
// Without the annotation even the trusting mode keeps it on the heap.
// RUN: %clangxx -O2 -fpass-plugin=%plugin -mllvm -escape-trust-noescape -DNO_ANNOTATION \
// RUN:   -Rpass-missed=escape %s %t.callee.o -o %t.plain 2>&1 | FileCheck --check-prefix=PLAIN %s
#include "Inputs/count-new.h"

struct S {
  int A[16];
};
#ifdef NO_ANNOTATION
int peek(const S *P);
#else
int peek([[clang::noescape]] const S *P);
#endif

int main() {
  long T = 0;
  for (int I = 0; I < 100; ++I) {
    S *P = new S(); // DEFAULT: noescape.cpp:[[@LINE]]:12: remark: 'new' of 64 bytes stays on the heap: passed to 'peek', which may free it
    P->A[3] = I;    // TRUST: noescape.cpp:[[@LINE-1]]:12: remark: 'new' of 64 bytes moved to the stack
    T += peek(P);   // PLAIN: noescape.cpp:[[@LINE-2]]:12: remark: 'new' of 64 bytes stays on the heap: passed to 'peek', which may keep it: mark the parameter {{\[\[}}clang::noescape]]
    delete P;
  }
  std::printf("allocations: %lu checksum: %ld\n", HeapAllocs, T);
}
// HEAP: allocations: 100 checksum: 4950
// STACK: allocations: 0 checksum: 4950
