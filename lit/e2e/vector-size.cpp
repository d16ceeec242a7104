// Issue 16 item 2: `std::vector<int> v(n)` filled and summed in the frame.
// Its size arithmetic (`end - begin`, the vectorized loops' trip counts, the
// size sized operator delete receives) converts the buffer's addresses to
// integers only to subtract them: not a capture, so the buffer moves to the
// frame arena (variable size: the heap when it does not fit). Its twins stay
// on the heap: the buffer's address kept as an integer in a global, or the
// vector returned. Every program prints the
// same with and without the plugin, and under AddressSanitizer.
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
const int *Other;
volatile bool Below;

NOINLINE long sum(int N) {
  std::vector<int> V(N); // REMARK-DAG: vector-size.cpp:[[@LINE]]:20: remark: 'new' (in 'allocate' {{.*}}) of variable size moved to the frame arena
  for (int I = 0; I < N; ++I)
    V[I] = I * 3;
  long S = 0;
  for (int X : V)
    S += X;
  return S;
}

NOINLINE long kept(int N) {
  std::vector<int> V(N); // REMARK-DAG: vector-size.cpp:[[@LINE]]:20: remark: 'new' (in 'allocate' {{.*}}) stays on the heap: converted to an integer
  for (int I = 0; I < N; ++I)
    V[I] = I;
  Kept = reinterpret_cast<uintptr_t>(V.data());
  long S = 0;
  for (int X : V)
    S += X;
  return S;
}

// InstCombine turns the integers' comparison into one of the pointers,
// which keeps nothing (an integer compared stays a capture:
// lit/ir/difference.ll).
NOINLINE long compared(int N) {
  std::vector<int> V(N); // REMARK-DAG: vector-size.cpp:[[@LINE]]:20: remark: 'new' (in 'allocate' {{.*}}) of variable size moved to the frame arena
  for (int I = 0; I < N; ++I)
    V[I] = I;
  long S = 0;
  for (int X : V)
    S += X;
  Below = reinterpret_cast<uintptr_t>(V.data()) <
          reinterpret_cast<uintptr_t>(Other);
  return S;
}

NOINLINE std::vector<int> made(int N) {
  std::vector<int> V(N); // REMARK-DAG: vector-size.cpp:[[@LINE]]:20: remark: 'new' (in 'allocate' {{.*}}) stays on the heap: stored to the returned object (sret)
  for (int I = 0; I < N; ++I)
    V[I] = 2 * I;
  return V;
}

int main(int Argc, char **) {
  long T = 0;
  for (int R = 0; R < 100; ++R)
    T += sum(10 + Argc + R % 3) + sum(1000 + Argc);
  std::printf("sum %ld\n", T);
  std::printf("kept %ld %d\n", kept(20 + Argc), Kept != 0);
  int Local = 0;
  Other = &Local;
  std::printf("compared %ld\n", compared(30 + Argc));
  std::vector<int> M = made(40 + Argc);
  long U = 0;
  for (int X : M)
    U += X;
  std::printf("made %ld\n", U);
}
// OUT: sum 150169866
// OUT: kept 210 1
// OUT: compared 465
// OUT: made 1640
