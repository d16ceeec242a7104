// The frame arena at run time: objects live across loop iterations (a bump
// buffer, then the heap) and constant-size objects above max-object (with a
// large enough -escape-arena-bytes). Same output with and without the pass at
// -O1/-O2/-O3, fewer allocations with it, and AddressSanitizer (with
// stack-use-after-return detection) stays silent.
// RUN: %clangxx -O2 %s -o %t.ref && %t.ref > %t.ref.out
// RUN: FileCheck --check-prefix=REF %s < %t.ref.out
// RUN: %clangxx -O2 -fpass-plugin=%plugin %s -o %t.o2 && %t.o2 > %t.o2.out
// RUN: FileCheck --check-prefix=H2S %s < %t.o2.out
// RUN: %clangxx -O2 -fpass-plugin=%plugin -mllvm -escape-arena-bytes=4096 %s -o %t.big && %t.big > %t.big.out
// RUN: FileCheck --check-prefix=BIG %s < %t.big.out
// RUN: %clangxx -O2 %escape -fplugin-arg-escape-arena=4096 %s -o %t.fplugin && %t.fplugin | diff %t.big.out -
// RUN: %clangxx -O1 -fpass-plugin=%plugin %s -o %t.o1 && %t.o1 | grep checksum | diff <(grep checksum %t.ref.out) -
// RUN: %clangxx -O3 -fpass-plugin=%plugin -mllvm -escape-arena-bytes=4096 %s -o %t.o3 && %t.o3 | grep checksum | diff <(grep checksum %t.ref.out) -
// ASan: converted objects are instrumented stack memory.
// RUN: %clangxx -O2 -g -fsanitize=address -fpass-plugin=%plugin -mllvm -escape-arena-bytes=4096 %s -o %t.asan
// RUN: env ASAN_OPTIONS=detect_stack_use_after_return=1:detect_leaks=0 %t.asan | grep checksum | diff <(grep checksum %t.ref.out) -
// RUN: %clangxx -O1 -g -fsanitize=address -fpass-plugin=%plugin %s -o %t.asan1
// RUN: env ASAN_OPTIONS=detect_stack_use_after_return=1:detect_leaks=0 %t.asan1 | grep checksum | diff <(grep checksum %t.ref.out) -
// The remarks name the placement.
// RUN: %clangxx -O2 -fpass-plugin=%plugin -mllvm -escape-arena-bytes=4096 -Rpass=escape -c %s -o /dev/null 2>&1 | FileCheck --check-prefix=REMARK %s
#include "Inputs/count-new.h"
#include <memory>
#include <stdexcept>

struct Node {
  long V;
  long W;
};
struct Throws {
  long V;
  explicit Throws(long X) : V(X) {
    if (X == 60 || X == 61)
      throw std::runtime_error("ctor");
  }
};

// delete Prev; Prev = new Node: two iterations' objects are live at once.
__attribute__((noinline)) long sliding(int N) {
  long T = 0;
  Node *Prev = nullptr;
  for (int I = 0; I < N; ++I) {
    Node *P = new Node{I, 2L * I};
    if (Prev)
      T += Prev->V + P->W;
    delete Prev;
    Prev = P;
  }
  T += Prev ? Prev->V : 0;
  delete Prev;
  return T;
}

// The same with unique_ptr: the move assignment deletes the old object.
__attribute__((noinline)) long slidingUnique(int N) {
  long T = 0;
  std::unique_ptr<Node> Prev;
  for (int I = 0; I < N; ++I) {
    auto Cur = std::make_unique<Node>();
    Cur->V = (Prev ? Prev->V : 0) + I;
    T += Cur->V;
    Prev = std::move(Cur);
  }
  return T;
}

// A throwing constructor in the loop: unwinding frees the previous object
// through the landing pad; the exception is caught by the caller.
__attribute__((noinline)) long slidingThrows(int N) {
  long T = 0;
  std::unique_ptr<Throws> Prev;
  for (int I = 0; I < N; ++I) {
    auto Cur = std::make_unique<Throws>(I + (Prev ? Prev->V % 2 : 0));
    T += Cur->V;
    Prev = std::move(Cur);
  }
  return T;
}

// 2 KiB, above the 1 KiB slot limit, dying in its iteration.
__attribute__((noinline)) long large(int N) {
  long T = 0;
  for (int I = 0; I < N; ++I) {
    auto Buf = std::make_unique<long[]>(256);
    for (int K = 0; K < 256; ++K)
      Buf[K] = K ^ I;
    T += Buf[I % 256];
  }
  return T;
}

// Recursion: each frame has its own buffer.
__attribute__((noinline)) long recurse(int Depth, int Width) {
  if (Depth == 0)
    return 1;
  long T = 0;
  Node *Prev = nullptr;
  for (int I = 0; I < Width; ++I) {
    Node *P = new Node{Depth * 10L + I, recurse(Depth - 1, Width)};
    if (Prev)
      T += Prev->V * P->W;
    delete Prev;
    Prev = P;
  }
  T += Prev->V;
  delete Prev;
  return T;
}

int main() {
  long T = 0;
  unsigned long Before = HeapAllocs;
  T += sliding(1000);
  std::printf("sliding: %lu\n", HeapAllocs - Before);
  Before = HeapAllocs;
  T += slidingUnique(1000);
  std::printf("unique: %lu\n", HeapAllocs - Before);
  Before = HeapAllocs;
  long Caught = 0;
  for (int R = 0; R < 10; ++R) {
    try {
      T += slidingThrows(100);
    } catch (const std::runtime_error &) {
      ++Caught;
    }
  }
  std::printf("throws: caught %ld\n", Caught);
  Before = HeapAllocs;
  T += large(1000);
  std::printf("large: %lu\n", HeapAllocs - Before);
  Before = HeapAllocs;
  T += recurse(6, 3);
  std::printf("recurse: done\n");
  std::printf("checksum: %ld\n", T);
}
// REF: sliding: 1000
// REF: unique: 1000
// REF: throws: caught 10
// REF: large: 1000
// Two nodes are live at a time: the buffer's free list recycles them.
// H2S: sliding: 0
// H2S: unique: 0
// H2S: throws: caught 10
// The default arena (256 bytes) cannot hold 2 KiB.
// H2S: large: 1000
// BIG: sliding: 0
// BIG: unique: 0
// BIG: throws: caught 10
// BIG: large: 0
// REMARK-DAG: frame-arena.cpp:43:15: remark: 'new' of 16 bytes moved to the frame arena (live across loop iterations: a 4096-byte stack buffer filled by successive objects; the rest stay on the heap)
// REMARK-DAG: frame-arena.cpp:84:16: remark: 'new[]' (in 'make_unique<long[]>' at unique_ptr.h:{{[0-9]+}}) of 2048 bytes moved to the frame arena (a 2048-byte stack buffer; larger than the stack-slot limit of 1024 bytes)
// REMARK-DAG: frame-arena.cpp:59:16: remark: 'new' (in 'make_unique<Node>' at unique_ptr.h:{{[0-9]+}}) of 16 bytes moved to the frame arena (live across loop iterations
// REMARK-DAG: frame-arena.cpp:73:16: remark: 'new' (in 'make_unique<Throws, long>' at unique_ptr.h:{{[0-9]+}}) of 8 bytes moved to the frame arena (live across loop iterations
// REMARK-DAG: frame-arena.cpp:99:15: remark: 'new' of 16 bytes moved to the frame arena (live across loop iterations
