// A converted program really does fewer heap allocations.
// RUN: %clangxx -O2 %s -o %t.ref && %t.ref | FileCheck --check-prefix=REF %s
// RUN: %clangxx -O2 -fpass-plugin=%plugin %s -o %t.h2s && %t.h2s | FileCheck --check-prefix=H2S %s
// RUN: %clangxx -O1 -fpass-plugin=%plugin %s -o %t.o1 && %t.o1 | FileCheck --check-prefix=H2S %s
// RUN: %clangxx -O3 -fpass-plugin=%plugin %s -o %t.o3 && %t.o3 | FileCheck --check-prefix=O3 %s
#include "Inputs/count-new.h"
#include <memory>
#include <string>
#include <vector>

struct Big {
  int A[64];
};
__attribute__((noinline)) long sum(const Big &B) {
  long T = 0;
  for (int V : B.A)
    T += V;
  return T;
}
__attribute__((noinline)) long sumv(const std::vector<int> &V) {
  long T = 0;
  for (int X : V)
    T += X;
  return T;
}

int main() {
  long T = 0;
  unsigned long Before = HeapAllocs;
  for (int I = 0; I < 1000; ++I) { // make_unique, passed by reference
    auto P = std::make_unique<Big>();
    P->A[I % 64] = I;
    T += sum(*P);
  }
  std::printf("make_unique: %lu\n", HeapAllocs - Before);
  Before = HeapAllocs;
  for (int I = 0; I < 1000; ++I) { // new/delete pair
    Big *P = new Big();
    P->A[I % 64] = I;
    T += sum(*P);
    delete P;
  }
  std::printf("new/delete: %lu\n", HeapAllocs - Before);
  Before = HeapAllocs;
  for (int I = 0; I < 1000; ++I) { // vector<int>(64) temporary
    std::vector<int> V(64, I);
    T += sumv(V);
  }
  std::printf("vector: %lu\n", HeapAllocs - Before);
  Before = HeapAllocs;
  for (int I = 0; I < 1000; ++I) { // new int[n]: the frame arena when n <= 64
    int N = 1 + I % 100;
    int *A = new int[N];
    for (int K = 0; K < N; ++K)
      A[K] = K;
    T += A[N - 1];
    delete[] A;
  }
  std::printf("variable: %lu\n", HeapAllocs - Before);
  Before = HeapAllocs;
  Big *Keep = nullptr;
  for (int I = 0; I < 1000; ++I) { // lives into the next iteration: the
                                    // frame arena's 256-byte buffer holds
                                    // one, so every other one is on the heap
    Big *P = new Big();
    P->A[0] = I;
    if (Keep)
      T += Keep->A[0];
    delete Keep;
    Keep = P;
  }
  delete Keep;
  std::printf("escaping: %lu\n", HeapAllocs - Before);
  std::printf("checksum: %ld\n", T);
}
// REF: make_unique: 1000
// REF: new/delete: 1000
// REF: vector: 1000
// REF: variable: 1000
// REF: escaping: 1000
// REF: checksum: [[SUM:[0-9]+]]
// H2S: make_unique: 0
// H2S: new/delete: 0
// H2S: vector: 0
// 36 of the 100 sizes (65..100 ints) exceed the 256-byte arena buffer.
// H2S: variable: 360
// H2S: escaping: 500
// H2S: checksum: [[SUM:[0-9]+]]
// At -O3 Big's sum() and vector's helpers are not all inlined or inferred;
// only the output and the loop-carried count are pinned down.
// O3: escaping: 500
