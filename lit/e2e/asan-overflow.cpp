// A converted object is still checked by AddressSanitizer: an overflow of a
// stack slot or of a frame-arena object is reported, as it would be on the
// heap.
// RUN: %clangxx -O2 -g -fsanitize=address -fpass-plugin=%plugin -Rpass=escape %s -o %t 2>&1 \
// RUN:   | FileCheck --check-prefix=REMARK %s
// RUN: %t 0 | FileCheck --check-prefix=OK %s
// RUN: not %t 1 2>&1 | FileCheck --check-prefix=SLOT %s
// RUN: not %t 2 2>&1 | FileCheck --check-prefix=ARENA %s
// RUN: env ASAN_OPTIONS=detect_stack_use_after_return=1 not %t 2 2>&1 | FileCheck --check-prefix=ARENA %s
#include <cstdio>
#include <cstdlib>

__attribute__((noinline)) void touch(int *P, int I) { P[I] = I; }
__attribute__((noinline)) int get(const int *P, int I) { return P[I]; }

int main(int Argc, char **Argv) {
  int Mode = std::atoi(Argv[1]);
  int N = 10 + Argc;                  // 11 ints: the arena buffer has 256 bytes
  int *Fixed = new int[16];           // REMARK: asan-overflow.cpp:[[@LINE]]:16: remark: 'new[]' of 64 bytes moved to the stack
  int *Var = new int[N];              // REMARK: asan-overflow.cpp:[[@LINE]]:14: remark: 'new[]' of variable size moved to the frame arena
  for (int I = 0; I < 16; ++I)
    touch(Fixed, I);
  for (int I = 0; I < N; ++I)
    touch(Var, I);
  if (Mode == 1)
    touch(Fixed, 16);                 // SLOT: ERROR: AddressSanitizer: stack-buffer-overflow
  if (Mode == 2)
    touch(Var, N + 1);                // ARENA: ERROR: AddressSanitizer: use-after-poison
  int R = get(Fixed, 3) + get(Var, 4);
  delete[] Var;
  delete[] Fixed;
  std::printf("result %d\n", R);      // OK: result 7
}
