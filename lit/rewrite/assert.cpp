// ESCAPE_STACK in a build: the analysis half (an error with the -m=2 flow,
// at any -O and without -m) and the heap-to-stack pass half (an error when
// the pass cannot move an allocation stored into a marked variable).
// RUN: not %clangxx -std=c++17 -O2 -I%srcroot/include %escape -fsyntax-only %s 2>&1 | FileCheck %s --check-prefix=FRONT
// RUN: not %clangxx -std=c++17 -O2 -I%srcroot/include %escape -DHUGE -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=PASS
// The rewrite moves make_shared to a frame arena: nothing left to assert.
// RUN: %clangxx -std=c++17 -O2 -I%srcroot/include %escape -fplugin-arg-escape-rewrite -DSHARED -c %s -o %t.o
// A site a first run of the pass refuses and a later one moves (the
// control block's virtual calls made direct once the release is inlined)
// is no error: the error waits for the end of the pipeline.
// RUN: %clangxx -std=c++17 -O2 -I%srcroot/include %escape -DSHARED -Rpass=escape -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=SHARED
// Marked allocations that stay in the frame build quietly, and the pass
// still converts them (the annotation is not a use that keeps them).
// RUN: %clangxx -std=c++17 -O2 -I%srcroot/include %escape -DOK -Rpass=escape -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=OK
// The command-line tool exits 1.
// RUN: %python %srcroot/lit/tool/Inputs/exitcode.py %escape-tool %s -- -std=c++17 -I%srcroot/include > %t.tool 2>&1 || true
// RUN: FileCheck %s --check-prefix=TOOL < %t.tool
#include <escape/Stack.h>
#include <memory>

struct Big {
  int V[4];
};
__attribute__((noinline)) int use(const Big *B) { return B->V[0]; }

#ifdef OK
int ok() {
  ESCAPE_STACK Big *P = new Big{};
  // OK: [[@LINE-1]]:{{[0-9]+}}: remark: 'new' of 16 bytes moved to the stack
  int R = use(P);
  delete P;
  ESCAPE_STACK auto U = std::make_unique<Big>();
  // OK: remark: 'new' (in 'make_unique<Big>'{{.*}}) of 16 bytes moved to the stack
  return R + use(U.get());
}
#elif defined(SHARED)
int shared() {
  ESCAPE_STACK auto P = std::make_shared<Big>();
  // SHARED: [[@LINE-1]]:{{[0-9]+}}: remark: 'new' (in 'allocate'{{.*}}) of 32 bytes moved to the stack
  return use(P.get());
}
// SHARED-NOT: error
#elif defined(HUGE)
struct Huge {
  int V[4096];
};
__attribute__((noinline)) int useHuge(const Huge *H) { return H->V[0]; }
int huge() {
  // The analysis proves it frame-local; the pass cannot move 16 kB.
  ESCAPE_STACK auto P = std::make_shared<Huge>();
  return useHuge(P.get());
}
// PASS: error: {{.*}}'new' is marked ESCAPE_STACK but stays on the heap: {{.*}}larger than
#else
Big *Keep;
int leaks() {
  ESCAPE_STACK Big *P = new Big{};
  // FRONT: assert.cpp:[[@LINE-1]]:21: error: new Big{} escapes to heap, but 'P' is marked escape::stack
  // FRONT: assert.cpp:[[@LINE+2]]:8: note: flow: Keep = P:
  // TOOL: assert.cpp:[[@LINE-3]]:21: error: new Big{} escapes to heap, but 'P' is marked escape::stack
  Keep = P;
  return 0;
}
#endif
// TOOL: exit: 1
