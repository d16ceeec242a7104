// Copies that move no address: an inline callee (linkonce_odr, so only the
// front end's facts count) that copies the ints a holder's buffer holds,
// with std::copy_n or memcpy, keeps nothing it loads from the holder: the
// algorithm and memcpy keep no operand (LLVM's memcpy says so too), and
// values of a type without pointers carry no address. The call gets the
// content fact and the holder's malloc'd buffer moves to the frame arena.
// The twin copies a struct that holds a pointer into a global array: it
// keeps the pointer, no fact, the buffer stays on the heap. Every program
// prints the same plain, with the plugin, and under AddressSanitizer.
// RUN: %clangxx -std=c++17 -O2 %s -o %t.plain
// RUN: %t.plain > %t.plain.out
// RUN: FileCheck --check-prefix=OUT %s < %t.plain.out
// RUN: %clangxx -std=c++17 -O2 %escape -Rpass=escape -Rpass-missed=escape -fno-caret-diagnostics %s -o %t.escape 2>%t.rem
// RUN: FileCheck --check-prefix=REM %s < %t.rem
// RUN: %t.escape | diff %t.plain.out -
// RUN: %clangxx -std=c++17 -O2 -g -fsanitize=address %escape %s -o %t.asan
// RUN: %t.asan | diff %t.plain.out -
// RUN: %clangxx -std=c++17 -O2 -S -emit-llvm %escape %s -o - | FileCheck --check-prefix=IR %s
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#define NOINLINE __attribute__((noinline)) inline

struct Buf {
  int *P;
  int N;
};
Buf Kept[1];

NOINLINE int copyInts(const Buf &B, int *Out) {
  std::copy_n(B.P, B.N, Out);
  return Out[B.N - 1];
}
NOINLINE int memcpyInts(const Buf &B, int *Out) {
  std::memcpy(Out, B.P, B.N * sizeof(int));
  return Out[0];
}
// The twin: the struct's values are copied, its pointer with them.
NOINLINE int keepBuf(const Buf &B) {
  std::copy_n(&B, 1, Kept);
  return Kept[0].N;
}
// IR-DAG: call {{.*}}@_Z8copyIntsRK3BufPi(ptr {{.*}}captures(address) "escape-content-nocapture-nofree"
// IR-DAG: call {{.*}}@_Z10memcpyIntsRK3BufPi(ptr {{.*}}captures(address) "escape-content-nocapture-nofree"
// IR-NOT: call {{.*}}@_Z7keepBufRK3Buf(ptr {{.*}}"escape-content-nocapture-nofree"

int run(int N) {
  int Out[64];
  Buf B{static_cast<int *>(std::malloc(N * sizeof(int))), N}; // REM-DAG: copy-facts.cpp:[[@LINE]]:28: remark: 'malloc' of variable size moved to the frame arena
  for (int I = 0; I < N; ++I)
    B.P[I] = I * 3;
  int R = copyInts(B, Out) + memcpyInts(B, Out);
  std::free(B.P);
  return R;
}

int runKept(int N) {
  Buf B{static_cast<int *>(std::malloc(N * sizeof(int))), N}; // REM-DAG: copy-facts.cpp:[[@LINE]]:28: remark: 'malloc' stays on the heap: stored to a local variable passed to 'keepBuf'
  B.P[0] = N;
  int R = keepBuf(B) + Kept[0].P[0];
  Kept[0].P = nullptr;
  std::free(B.P);
  return R;
}

int main(int Argc, char **) {
  std::printf("%d %d\n", run(16 + Argc), runKept(4 + Argc));
}
// OUT: 48 10
