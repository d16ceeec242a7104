// Issue 16 item 2: a std::vector grown by push_back in a loop, read and
// dropped in its frame (pugixml's test harness builds its document order
// so). Each reallocation copies the elements into the new buffer; the loop
// then carries the new buffer as begin and the copy loop's last cursor as
// end, both derived from that one allocation, so `end - begin` is an offset
// and every buffer moves (lit/ir/difference-pairs.ll, grow_copy_loop). The
// twin keeps the last buffer's address as an integer and stays on the heap.
// The program prints the same with and without the plugin, and under ASan.
// RUN: %clangxx -std=c++17 -O2 %s -o %t.plain
// RUN: %t.plain | FileCheck --check-prefixes=OUT,PLAIN %s
// RUN: %clangxx -std=c++17 -O2 %escape -Rpass=escape -Rpass-missed=escape -fno-caret-diagnostics %s -o %t.escape 2>%t.rem
// RUN: FileCheck --check-prefix=REMARK %s < %t.rem
// RUN: %t.escape | FileCheck --check-prefixes=OUT,H2S %s
// RUN: %clangxx -std=c++17 -O2 -g -fsanitize=address %escape %s -o %t.asan
// RUN: %t.asan | FileCheck --check-prefixes=OUT,H2S %s
#include <cstdint>
#include <cstdio>
#include <vector>

#include "Inputs/count-new.h"

#define NOINLINE __attribute__((noinline))

// Copied element by element on growth (a user-provided constructor).
struct Item {
  const void *Node = nullptr;
  const void *Attr = nullptr;
  Item() {}
  Item(const void *N, const void *A) : Node(N), Attr(A) {}
};

uintptr_t Kept;
int Anchor;

NOINLINE long grown(int N) {
  std::vector<Item> V;
  V.push_back(Item()); // REMARK-DAG: vector-growth.cpp:[[@LINE]]:5: remark: 'new' (in 'allocate' {{.*}}) of 16 bytes moved to the frame arena
  for (int I = 0; I < N; ++I)
    V.push_back(Item(&Anchor, reinterpret_cast<const void *>(uintptr_t(I)))); // REMARK-DAG: vector-growth.cpp:[[@LINE]]:7: remark: 'new' (in 'allocate' {{.*}}) of variable size moved to the frame arena
  long S = 0;
  for (const Item &X : V)
    S += reinterpret_cast<uintptr_t>(X.Attr) + (X.Node == &Anchor);
  return S + long(V.size());
}

// The twin: the last buffer's address kept as an integer.
NOINLINE long grownKept(int N) {
  std::vector<Item> V;
  V.push_back(Item()); // REMARK-DAG: vector-growth.cpp:[[@LINE]]:5: remark: 'new' (in 'allocate' {{.*}}) of 16 bytes stays on the heap: converted to an integer and stored to global 'Kept'
  for (int I = 0; I < N; ++I)
    V.push_back(Item(nullptr, reinterpret_cast<const void *>(uintptr_t(I)))); // REMARK-DAG: vector-growth.cpp:[[@LINE]]:7: remark: 'new' (in 'allocate' {{.*}}) stays on the heap: converted to an integer and stored to global 'Kept'
  Kept = reinterpret_cast<uintptr_t>(V.data());
  return long(V.size());
}

int main(int Argc, char **) {
  unsigned long Before = HeapAllocs;
  long T = 0;
  for (int R = 0; R < 100; ++R)
    T += grown(3 + Argc + R % 3);
  // OUT: grown 2127
  // PLAIN-SAME: heap 400
  // H2S-SAME: heap 0
  std::printf("grown %ld heap %lu\n", T, HeapAllocs - Before);
  Before = HeapAllocs;
  // OUT: kept 8 1 heap 4
  long K = grownKept(6 + Argc);
  std::printf("kept %ld %d heap %lu\n", K, Kept != 0, HeapAllocs - Before);
}
