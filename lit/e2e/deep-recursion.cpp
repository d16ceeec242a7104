// Issue 13 (B): heap-to-stack must not turn a working program into a crashing
// one. Deep recursion with an allocation per level: a 960-byte object at
// 20,000 levels (19 MB if each level's object went to the stack) and
// new long[n] at 40,000 levels (10 MB with a 256-byte frame-arena buffer per
// level). On an 8 MiB stack both run without the plugin, and must run with
// it: the recursive functions get the -escape-max-frame-recursive budget
// (64 bytes), so the array's buffer shrinks to 64 bytes (4 longs per level
// still fit: no heap calls), and the 960-byte object goes to a buffer of the
// outermost activation alone (a recursion guard): the 19,999 levels inside
// it allocate on the heap, and add no stack.
// RUN: %clangxx -O2 %s -o %t.ref
// RUN: bash -c 'ulimit -s 8192 && exec %t.ref' > %t.ref.out
// RUN: FileCheck --check-prefix=REF %s < %t.ref.out
// RUN: %clangxx -O2 %escape %s -o %t.h2s
// RUN: bash -c 'ulimit -s 8192 && exec %t.h2s' > %t.h2s.out
// RUN: FileCheck --check-prefix=H2S %s < %t.h2s.out
// RUN: %clangxx -O2 %escape -fplugin-arg-escape-no-ir-facts %s -o %t.nofacts
// RUN: bash -c 'ulimit -s 8192 && exec %t.nofacts' | FileCheck --check-prefix=H2S %s
// RUN: %clangxx -O2 -fpass-plugin=%plugin %s -o %t.pass
// RUN: bash -c 'ulimit -s 8192 && exec %t.pass' | FileCheck --check-prefix=H2S %s
// RUN: %clangxx -O3 -fpass-plugin=%plugin %s -o %t.o3
// RUN: bash -c 'ulimit -s 8192 && exec %t.o3' | FileCheck --check-prefix=H2S %s
// The remarks say why.
// RUN: %clangxx -O2 %escape -Rpass=escape -Rpass-missed=escape -c %s -o /dev/null 2>&1 | FileCheck --check-prefix=REMARK %s
#include "Inputs/count-new.h"

struct Big {
  long V[120]; // 960 bytes
};

__attribute__((noinline)) long deep(int Depth) {
  if (Depth == 0)
    return 0;
  Big *B = new Big;
  for (int I = 0; I < 120; ++I)
    B->V[I] = Depth + I;
  long R = deep(Depth - 1) + B->V[Depth % 120];
  delete B;
  return R;
}

__attribute__((noinline)) long deepArray(int Depth, int N) {
  if (Depth == 0)
    return 0;
  long *A = new long[N];
  for (int I = 0; I < N; ++I)
    A[I] = Depth * I;
  long R = deepArray(Depth - 1, N) + A[N - 1];
  delete[] A;
  return R;
}

int main(int Argc, char **) {
  unsigned long Before = HeapAllocs;
  long T = deep(20000);
  std::printf("deep: %ld, %lu heap objects\n", T, HeapAllocs - Before);
  Before = HeapAllocs;
  T = deepArray(40000, Argc + 3);
  std::printf("array: %ld, %lu heap objects\n", T, HeapAllocs - Before);
}
// REF: deep: 201198480, 20000 heap objects
// REF: array: 2400060000, 40000 heap objects
// H2S: deep: 201198480, 19999 heap objects
// H2S: array: 2400060000, 0 heap objects
// REMARK-DAG: deep-recursion.cpp:34:12: remark: 'new' of 960 bytes moved to the frame arena (a 960-byte stack buffer), in the outermost activation only: the function may recurse (through 'deep'), and the activations inside it use the heap
// REMARK-DAG: deep-recursion.cpp:45:13: remark: 'new[]' of variable size moved to the frame arena (a 64-byte stack buffer; larger requests stay on the heap)
