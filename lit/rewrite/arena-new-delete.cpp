// -fplugin-arg-escape-rewrite applies the arena form of the new/delete
// rewrite too: variable-size arrays, objects above max-object and objects
// deleted in branches come from a frame arena (of rewrite-arena=8192 bytes
// here, so that the 4 KiB objects fit), whose buffer each iteration reuses
// (destroying the most recent block rolls it back), so the heap allocation
// count (bench/alloc_count.c) falls by the three loop counts. Same output,
// the file on disk untouched. The IR pass is off (no-transform) in both
// builds, so only the rewrite saves allocations.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %clang -O2 -shared -fPIC -o %t/ac.so %srcroot/bench/alloc_count.c
// RUN: cp %s %t/prog.cpp && cksum %t/prog.cpp > %t/before
// RUN: %clangxx -std=c++17 -O2 %escape -fplugin-arg-escape-no-transform %t/prog.cpp -o %t/plain
// RUN: %clangxx -std=c++17 -O2 %escape -fplugin-arg-escape-no-transform -fplugin-arg-escape-rewrite -fplugin-arg-escape-rewrite-arena=8192 %t/prog.cpp -o %t/rewritten 2> %t/remarks
// RUN: FileCheck %s --check-prefix=REMARK < %t/remarks
// RUN: cksum %t/prog.cpp | diff - %t/before
// RUN: env ALLOC_COUNT_OUT=%t/plain.count LD_PRELOAD=%t/ac.so %t/plain > %t/plain.out
// RUN: env ALLOC_COUNT_OUT=%t/rw.count LD_PRELOAD=%t/ac.so %t/rewritten > %t/rw.out
// RUN: diff %t/plain.out %t/rw.out
// RUN: FileCheck %s --check-prefix=OUT < %t/rw.out
// RUN: %python %S/Inputs/fewer.py %t/plain.count %t/rw.count 2900
// Under AddressSanitizer too (with the default 1 KiB arena: the big objects
// take the heap fallback path).
// RUN: %clangxx -std=c++17 -O1 -fsanitize=address %escape -fplugin-arg-escape-no-transform -fplugin-arg-escape-rewrite %t/prog.cpp -o %t/asan 2> /dev/null
// RUN: %t/asan > %t/asan.out
// RUN: diff %t/plain.out %t/asan.out
#include <cstdio>

struct Counter {
  long V;
  explicit Counter(long V) : V(V) {}
  ~Counter() {
    if (V % 500 == 0)
      std::printf("~Counter(%ld)\n", V);
  }
};
struct Big {
  long Cells[512]; // 4 KiB: above max-object, never a stack object
  explicit Big(long S) {
    for (long &C : Cells)
      C = S++;
  }
};

__attribute__((noinline)) long total(const long *A, int N) noexcept {
  long S = 0;
  for (int I = 0; I < N; ++I)
    S += A[I];
  return S;
}

long arrays(int N) {
  long T = 0;
  for (int I = 1; I <= N; ++I) {
    long *A = new long[I % 16 + 1];
    // REMARK: prog.cpp:[[@LINE-1]]:15: remark: new long[I % 16 + 1] rewritten: allocate it in the frame arena 'escape_arena'
    for (int J = 0; J <= I % 16; ++J)
      A[J] = J + I;
    T += total(A, I % 16 + 1);
    delete[] A;
  }
  return T;
}

long big(int N) {
  long T = 0;
  for (int I = 0; I < N; ++I) {
    Big *B = new Big(I);
    // REMARK: prog.cpp:[[@LINE-1]]:14: remark: new Big(I) rewritten: allocate it in the frame arena 'escape_arena'
    T += total(B->Cells, 512);
    delete B;
  }
  return T;
}

__attribute__((noinline)) long peek(const Counter *C) noexcept {
  return C->V;
}

long branches(int N) {
  long T = 0;
  for (int I = 0; I < N; ++I) {
    Counter *C = new Counter(I);
    // REMARK: prog.cpp:[[@LINE-1]]:18: remark: new Counter(I) rewritten: allocate it in the frame arena 'escape_arena' (not a stack object: more than one 'delete C')
    if (I % 2 == 0) {
      T += peek(C);
      delete C; // ~Counter here, before the next statement
      T += 1;
    } else {
      delete C;
      T += 2;
    }
  }
  return T;
}

int main() {
  std::printf("arrays %ld\n", arrays(1000));
  std::printf("big %ld\n", big(1000));
  std::printf("branches %ld\n", branches(1001));
  // OUT: ~Counter(0)
  // OUT-NEXT: ~Counter(500)
  // OUT-NEXT: ~Counter(1000)
  // OUT-NEXT: branches 252001
  return 0;
}
// REMARK-NOT: remark
