// A function that may recurse through code the pass cannot see (here an
// indirect call) gets, for an object over the -escape-max-frame-recursive
// budget, a frame-arena buffer in its outermost activation only: a
// thread-local flag, set while an activation runs, gives the activations
// inside it a 0-byte buffer, so their objects go to the heap. Each outermost
// call moves exactly one object; the flag is clear again after it returns
// and after an exception unwinds through it (the cleanup's resume puts it
// back), so the next outermost call moves its object too.
// RUN: %clangxx -O2 %s -o %t.ref
// RUN: %t.ref | FileCheck --check-prefix=REF %s
// RUN: %clangxx -O2 %escape %s -o %t.h2s
// RUN: %t.h2s | FileCheck --check-prefix=H2S %s
// RUN: %clangxx -O2 %escape -Rpass=escape -c %s -o /dev/null 2>&1 | FileCheck --check-prefix=REMARK %s
// RUN: %clangxx -O2 %escape -Xclang -print-stats -c %s -o /dev/null 2>&1 | FileCheck --check-prefix=STATS %s
// STATS: {{^ *}}1 escape-heap-to-stack{{ +}}- Frame-arena buffers of the outermost activation only, because the function may recurse
// Under AddressSanitizer the budget is 0 and there is no guard: the same
// output, every object on the heap.
// RUN: %clangxx -O1 -fsanitize=address %escape %s -o %t.asan
// RUN: %t.asan | FileCheck --check-prefix=REF %s
#include "Inputs/count-new.h"
#include <stdexcept>

long (*volatile Again)(int);

__attribute__((noinline)) long walk(int N) {
  long *V = new long[32]; // 256 bytes: over the 64-byte budget
  for (int I = 0; I < 32; ++I)
    V[I] = I * N;
  long S = 0;
  try {
    if (N > 1)
      S = Again(N - 1);
    else if (N < 0)
      throw std::runtime_error("deepest level");
  } catch (...) {
    delete[] V;
    throw;
  }
  for (int I = 0; I < 32; ++I)
    S += V[I];
  delete[] V;
  return S;
}

long thrower(int N) { return walk(N == 1 ? -1 : N); }

int main() {
  Again = walk;
  long T = 0;
  unsigned long Before = HeapAllocs;
  for (int R = 0; R < 1000; ++R)
    T += walk(21); // 21 activations: one outermost
  std::printf("walk: %ld, %lu heap objects\n", T, HeapAllocs - Before);
  Again = thrower;
  try {
    walk(5);
  } catch (const std::exception &E) {
    std::printf("caught: %s\n", E.what());
  }
  Again = walk;
  Before = HeapAllocs;
  for (int R = 0; R < 1000; ++R)
    T += walk(21);
  std::printf("again: %ld, %lu heap objects\n", T, HeapAllocs - Before);
}
// REF: walk: 114576000, 21000 heap objects
// REF: caught: deepest level
// REF: again: 229152000, 21000 heap objects
// H2S: walk: 114576000, 20000 heap objects
// H2S: caught: deepest level
// H2S: again: 229152000, 20000 heap objects
// REMARK: recursion-guard.cpp:26:13: remark: 'new[]' of 256 bytes moved to the frame arena (a 256-byte stack buffer), in the outermost activation only: the function may recurse (through an indirect call, which may call back into the module), and the activations inside it use the heap
