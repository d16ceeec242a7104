// Frees made inside libstdc++.so are seen: std::thread's state is
// allocated in the caller (inlined from <thread>, so the site is the user's
// line) and deleted by the new thread inside libstdc++.so, through the
// replaced operator delete. Frees of blocks no instrumented site allocated
// are counted apart (untracked_frees).
//
// RUN: %clangxx -O2 -g -pthread %escape -fplugin-arg-escape-profile %s %profile-rt -o %t
// RUN: rm -f %t.json && env CLANG_ESCAPE_PROFILE=%t.json %t | FileCheck %s --check-prefix=OUT
// RUN: %python %S/Inputs/sites.py %t.json | FileCheck %s
// RUN: %python -c "import json,sys; print('untracked', json.load(open(sys.argv[1]))['untracked_frees'] > 0)" %t.json | FileCheck %s --check-prefix=UNTRACKED
//
// OUT: ran 3
// CHECK: library-free.cpp:23:{{[0-9]+}} spawn alloc=3 local=0 later=0 thread=3 never=0
// UNTRACKED: untracked True
#include <cstdio>
#include <sstream>
#include <string>
#include <thread>

int Ran;

__attribute__((noinline)) void spawn() {
  std::thread T([] { ++Ran; }); // line 23
  T.join();
}

__attribute__((noinline)) std::string text(int I) {
  std::ostringstream OS; // its buffer grows inside libstdc++.so
  for (int K = 0; K < 40; ++K)
    OS << static_cast<char>('a' + I);
  return OS.str();
}

int main() {
  for (int I = 0; I < 3; ++I)
    spawn();
  size_t N = 0;
  for (int I = 0; I < 3; ++I)
    N += text(I).size();
  std::printf("ran %d\n", Ran + static_cast<int>(N) - 120);
}
