// Issue 16 item 2: `end - begin` of one of two vectors, chosen at run time
// (`const std::vector<int> &V = C ? A : B`). After inlining, V's begin and
// end are selects (or phis) of both buffers' addresses on one condition,
// so their difference is an offset within whichever buffer was chosen, not
// an address: both buffers move to the frame arena. Their twins stay on the
// heap: the chosen buffer's address kept as an integer in a global, or
// passed as an integer to a function that is not inlined. Every program
// prints the same with and without the plugin, and under AddressSanitizer.
// RUN: %clangxx -std=c++17 -O2 %s -o %t.plain
// RUN: %t.plain > %t.plain.out
// RUN: FileCheck --check-prefix=OUT %s < %t.plain.out
// RUN: %clangxx -std=c++17 -O2 %escape -Rpass=escape -Rpass-missed=escape -fno-caret-diagnostics %s -o %t.escape 2>%t.rem
// RUN: FileCheck --check-prefix=REMARK %s < %t.rem
// RUN: %t.escape | diff %t.plain.out -
// RUN: %clangxx -std=c++17 -O2 -g -fsanitize=address %escape %s -o %t.asan
// RUN: %t.asan | diff %t.plain.out -
#include <cstdint>
#include <cstdio>
#include <vector>

#define NOINLINE __attribute__((noinline))

uintptr_t Kept;

NOINLINE long pick(int N, int M, bool C) {
  std::vector<int> A(N, 1), B(M, 2); // REMARK: vector-select.cpp:[[@LINE]]:{{[0-9]+}}: remark: 'new' (in 'allocate' {{.*}}) of variable size moved to the frame arena
  // REMARK: vector-select.cpp:[[@LINE-1]]:{{[0-9]+}}: remark: 'new' (in 'allocate' {{.*}}) of variable size moved to the frame arena
  const std::vector<int> &V = C ? A : B;
  long S = 0;
  for (int X : V)
    S += X;
  return S + long(V.size());
}

NOINLINE long kept(int N, int M, bool C) {
  std::vector<int> A(N, 1), B(M, 2); // REMARK: vector-select.cpp:[[@LINE]]:{{[0-9]+}}: remark: 'new' (in 'allocate' {{.*}}) stays on the heap: converted to an integer
  const std::vector<int> &V = C ? A : B;
  Kept = reinterpret_cast<uintptr_t>(V.data());
  long S = 0;
  for (int X : V)
    S += X;
  return S + long(V.size());
}

uintptr_t Seen;
NOINLINE void see(uintptr_t P) { Seen = P; }

NOINLINE long passed(int N, int M, bool C) {
  std::vector<int> A(N, 1), B(M, 2); // REMARK: vector-select.cpp:[[@LINE]]:{{[0-9]+}}: remark: 'new' (in 'allocate' {{.*}}) stays on the heap: converted to an integer
  const std::vector<int> &V = C ? A : B;
  see(reinterpret_cast<uintptr_t>(V.data()));
  long S = 0;
  for (int X : V)
    S += X;
  return S + long(V.size());
}

int main(int Argc, char **) {
  long T = 0;
  for (int I = 0; I < 1000; ++I) {
    bool C = (I + Argc) & 1;
    T += pick(8 + (I & 3), 4 + (I & 7) * 40, C);
    T += kept(8, 5, C);
    T += passed(6, 3, C);
  }
  std::printf("%ld %d %d\n", T, Kept != 0, Seen != 0);
  // OUT: 281000 1 1
}
