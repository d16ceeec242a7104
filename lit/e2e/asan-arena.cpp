// A bug in the program stays visible to AddressSanitizer when its object is
// in the frame arena: reading an object of an earlier iteration after its
// delete is reported (the deleted object is poisoned in the bump buffer), and
// so is an overflow into the unused rest of the buffer.
// RUN: %clangxx -O1 -g -fsanitize=address -fpass-plugin=%plugin -Rpass=escape %s -o %t 2>&1 | FileCheck --check-prefix=REMARK %s
// RUN: env ASAN_OPTIONS=detect_stack_use_after_return=1:detect_leaks=0 not %t uaf 2>&1 | FileCheck --check-prefix=UAF %s
// RUN: env ASAN_OPTIONS=detect_stack_use_after_return=1:detect_leaks=0 not %t overflow 2>&1 | FileCheck --check-prefix=OVERFLOW %s
// RUN: env ASAN_OPTIONS=detect_stack_use_after_return=1:detect_leaks=0 %t ok | FileCheck --check-prefix=OK %s
#include <cstdio>
#include <cstring>

struct Node {
  long V[2];
};

__attribute__((noinline)) long run(int N, int Mode) {
  long T = 0;
  Node *Prev = nullptr, *Old = nullptr, *Dead = nullptr;
  for (int I = 0; I < N; ++I) {
    Node *P = new Node{{I, I}};
    if (Prev)
      T += Prev->V[0];
    if (Mode == 1 && Dead)
      T += Dead->V[0]; // deleted in the previous iteration
    if (Mode == 2 && I == 2)
      T += P->V[I]; // one past the end
    delete Old;
    Dead = Old;
    Old = Prev;
    Prev = P;
  }
  delete Old;
  delete Prev;
  return T;
}

int main(int Argc, char **Argv) {
  int Mode = Argc > 1 && !std::strcmp(Argv[1], "uaf")        ? 1
             : Argc > 1 && !std::strcmp(Argv[1], "overflow") ? 2
                                                              : 0;
  std::printf("sum %ld\n", run(6, Mode));
}
// REMARK: asan-arena.cpp:20:15: remark: 'new' of 16 bytes moved to the frame arena (live across loop iterations
// UAF: ERROR: AddressSanitizer: use-after-poison
// UAF: asan-arena.cpp:24:
// OVERFLOW: ERROR: AddressSanitizer: use-after-poison
// OVERFLOW: asan-arena.cpp:26:
// OK: sum 10
