// Issue 16 item 1, the honesty rule: -m says what the build does. A
// std::make_shared the front end proves local but the heap-to-stack pass
// leaves on the heap (here: too large for a stack slot and the frame arena)
// gets a second remark at the same place with the pass's reason; a
// new-expression or a make_shared the pass moves gets none. At -O0, where the pass
// does not run, one remark says so.
// RUN: %clangxx -std=c++17 -O2 %m1 -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not="stays on the heap:"
// RUN: %clangxx -std=c++17 -O2 %m1 -fplugin-arg-escape-m-only=sites -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not="stays on the heap:"
// RUN: %clangxx -std=c++17 -O0 %m1 -c %s -o %t.o0 2>&1 | FileCheck --check-prefix=O0 %s --implicit-check-not="stays on the heap:"
// -m turns on location tracking where -g is off: the code is the same.
// RUN: %clangxx -std=c++17 -O2 %escape -S %s -o %t.s
// RUN: %clangxx -std=c++17 -O2 %m1 -S %s -o %t.m.s 2>/dev/null
// RUN: diff %t.s %t.m.s
// Those locations are dropped before code generation (SiteReport.h); the
// ones the user asked for (-Rpass, -g) are kept.
// RUN: %clangxx -std=c++17 -O2 %m1 -S -emit-llvm %s -o - 2>/dev/null | FileCheck --check-prefix=NOLOC %s
// RUN: %clangxx -std=c++17 -O2 %m1 -Rpass-missed=escape -S -emit-llvm %s -o - 2>/dev/null | FileCheck --check-prefix=KEEP %s
// RUN: %clangxx -std=c++17 -O2 %m1 -gline-tables-only -S -emit-llvm %s -o - 2>/dev/null | FileCheck --check-prefix=KEEP %s
// NOLOC: define {{.*}}@_Z6sharedi(
// NOLOC-NOT: !dbg
// NOLOC-NOT: !DILocation(
// KEEP: define {{.*}}@_Z6sharedi({{.*}} !dbg
// KEEP: !DILocation(
// Without code generation, the verdicts alone.
// RUN: %clangxx -std=c++17 -O2 %m1 -fsyntax-only %s 2>&1 | FileCheck --check-prefix=SYNTAX %s --implicit-check-not="stays on the heap:" --implicit-check-not=clang-escape:
#include <memory>

struct P {
  int X, Y;
  P(int X, int Y) : X(X), Y(Y) {}
};
struct Big {
  int X[4096];
  explicit Big(int I) : X{I} {}
};
__attribute__((noinline)) int use(const P *Q) { return Q->X + Q->Y; }
__attribute__((noinline)) int useBig(const Big *B) { return B->X[0]; }

int shared(int I) {
  auto S = std::make_shared<P>(I, 2);
  return use(S.get());
}
// CHECK: honest-m.cpp:[[@LINE-3]]:12: remark: std::make_shared<P>(...) does not escape
// O0: honest-m.cpp:[[@LINE-4]]:12: remark: std::make_shared<P>(...) does not escape
// SYNTAX: honest-m.cpp:[[@LINE-5]]:12: remark: std::make_shared<P>(...) does not escape

int sharedBig(int I) {
  auto S = std::make_shared<Big>(I);
  return useBig(S.get());
}
// CHECK: honest-m.cpp:[[#SHARED:@LINE-3]]:12: remark: std::make_shared<Big>(...) does not escape
// O0: honest-m.cpp:[[@LINE-4]]:12: remark: std::make_shared<Big>(...) does not escape
// SYNTAX: honest-m.cpp:[[@LINE-5]]:12: remark: std::make_shared<Big>(...) does not escape

int moved(int I) {
  P *Q = new P(I, 3);
  int R = use(Q);
  delete Q;
  return R;
}
// CHECK: honest-m.cpp:[[@LINE-5]]:10: remark: new P(I, 3) does not escape
// O0: honest-m.cpp:[[@LINE-6]]:10: remark: new P(I, 3) does not escape

// CHECK: honest-m.cpp:[[#SHARED]]:12: remark: std::make_shared<Big>(...) stays on the heap: larger than {{.+}}
// O0: remark: clang-escape: at -O0 the heap-to-stack pass does not run: every allocation stays on the heap
