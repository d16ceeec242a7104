// An array passed to an out-of-line function defined in this unit (an exact
// body) that puts the pointer into a local key struct and hands the key's
// address to a reader: LLVM's inference calls that a capture, the pass
// judges the body itself (lit/ir/callee-body.ll) and the array moves. Two
// levels of such bodies are followed. The twins keep the heap: the callee
// also keeps the pointer in a global, frees it, or returns it. All print
// the same values with and without the pass, and under ASan.
// RUN: %clangxx -O2 %s -o %t.ref
// RUN: %t.ref | FileCheck --check-prefixes=CHECK,REF %s
// RUN: %clangxx -O2 %escape %s -o %t.h2s
// RUN: %t.h2s | FileCheck --check-prefixes=CHECK,H2S %s
// RUN: %clangxx -O2 -fsanitize=address %escape %s -o %t.asan
// RUN: %t.asan | FileCheck --check-prefixes=CHECK,H2S %s
// RUN: %clangxx -O2 %escape -Rpass=escape -Rpass-missed=escape -c %s \
// RUN:   -o /dev/null 2>&1 | FileCheck --check-prefix=REMARK %s
#include "Inputs/count-new.h"

struct Key {
  const int *P;
  int N;
};
__attribute__((noinline)) static long sumKey(const Key *K) {
  long S = 0;
  for (int I = 0; I < K->N; ++I)
    S += K->P[I];
  return S;
}
__attribute__((noinline)) long viaKey(const int *P, int N) {
  Key K{P, N};
  return sumKey(&K);
}
__attribute__((noinline)) long twice(const int *P, int N) {
  return viaKey(P, N) + viaKey(P, N / 2);
}
const int *Kept;
__attribute__((noinline)) long viaKeyKeeps(const int *P, int N) {
  Key K{P, N};
  Kept = K.P;
  return sumKey(&K);
}
__attribute__((noinline)) long viaKeyFrees(int *P, int N) {
  Key K{P, N};
  long S = sumKey(&K);
  delete[] P;
  return S;
}
__attribute__((noinline)) const int *viaKeyReturns(const int *P, int N) {
  Key K{P, N};
  return sumKey(&K) > 0 ? P : nullptr;
}

__attribute__((noinline)) long oneLevel(int N) {
  int *A = new int[16];
  for (int I = 0; I < 16; ++I)
    A[I] = I + N;
  long S = viaKey(A, 16);
  delete[] A;
  return S;
}
// REMARK-DAG: callee-body.cpp:[[#@LINE-7]]:12: remark: 'new[]' of 64 bytes moved to the stack

__attribute__((noinline)) long twoLevels(int N) {
  int *A = new int[16];
  for (int I = 0; I < 16; ++I)
    A[I] = 2 * I + N;
  long S = twice(A, 16);
  delete[] A;
  return S;
}
// REMARK-DAG: callee-body.cpp:[[#@LINE-7]]:12: remark: 'new[]' of 64 bytes moved to the stack

__attribute__((noinline)) long keeps(int N) {
  int *A = new int[16];
  for (int I = 0; I < 16; ++I)
    A[I] = I * N;
  long S = viaKeyKeeps(A, 16);
  delete[] A;
  Kept = nullptr;
  return S;
}
// REMARK-DAG: callee-body.cpp:[[#@LINE-8]]:12: remark: 'new[]' of 64 bytes stays on the heap: passed to 'viaKeyKeeps', whose body here may keep or free it: stored to global 'Kept'

__attribute__((noinline)) long frees(int N) {
  int *A = new int[16];
  for (int I = 0; I < 16; ++I)
    A[I] = I - N;
  return viaKeyFrees(A, 16);
}
// REMARK-DAG: callee-body.cpp:[[#@LINE-5]]:12: remark: 'new[]' of 64 bytes stays on the heap: passed to 'viaKeyFrees', whose body here may keep or free it: freed by 'operator delete[]'

__attribute__((noinline)) long returns(int N) {
  int *A = new int[16];
  for (int I = 0; I < 16; ++I)
    A[I] = I + 3 * N;
  const int *R = viaKeyReturns(A, 16);
  long S = R ? R[5] : -1;
  delete[] A;
  return S;
}
// REMARK-DAG: callee-body.cpp:[[#@LINE-8]]:12: remark: 'new[]' of 64 bytes stays on the heap: passed to 'viaKeyReturns', whose body here may keep or free it: returned

int main(int Argc, char **) {
  long S = 0;
  for (int I = 0; I < 100; ++I)
    S += oneLevel(I + Argc) + twoLevels(I) + keeps(I) + frees(I) + returns(I);
  std::printf("sum %ld\n", S);
  std::printf("heap %lu\n", HeapAllocs);
}
// CHECK: sum 783350
// REF: heap 500
// H2S: heap 300
