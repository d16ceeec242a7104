// Remarks through the Clang plugin (-fplugin=, one flag) and in
// -fsave-optimization-record files.
// RUN: %clangxx -O2 %escape -Rpass=escape -Rpass-missed=escape -c %s -o /dev/null 2>&1 \
// RUN:   | FileCheck %s
// RUN: %clangxx -O2 -fpass-plugin=%plugin -Rpass=escape -Rpass-missed=escape -c %s -o /dev/null 2>&1 \
// RUN:   | FileCheck %s
// RUN: rm -f %t.yaml
// RUN: %clangxx -O2 %escape -fsave-optimization-record -foptimization-record-file=%t.yaml -foptimization-record-passes=escape \
// RUN:   -c %s -o /dev/null
// RUN: FileCheck --check-prefix=YAML %s < %t.yaml
// Without -Rpass there is no remark output.
// RUN: %clangxx -O2 %escape -c %s -o /dev/null 2>&1 | count 0
#include <memory>

struct S {
  int A[16];
};
void sink(S *);
S *G;
__attribute__((noinline)) int get(const S &X) { return X.A[3]; }

int moved(int I) {
  auto P = std::make_unique<S>(); // CHECK: remarks.cpp:[[@LINE]]:12: remark: 'new' (in 'make_unique<S>' at unique_ptr.h:{{[0-9]+}}) of 64 bytes moved to the stack
  P->A[3] = I;
  return get(*P);
}

int passed(int I) {
  S *P = new S(); // CHECK: remarks.cpp:[[@LINE]]:10: remark: 'new' of 64 bytes stays on the heap: passed to 'sink', which may keep it: mark the parameter {{\[\[}}clang::noescape]] (at {{.*}}remarks.cpp:[[@LINE+1]]:3)
  sink(P);
  int R = P->A[0];
  delete P;
  return R;
}

void global() {
  G = new S(); // CHECK: remarks.cpp:[[@LINE]]:7: remark: 'new' of 64 bytes stays on the heap: stored to global 'G'
}

int tooBig() {
  auto P = std::make_unique<int[]>(1000); // CHECK: remarks.cpp:[[@LINE]]:12: remark: 'new[]' (in 'make_unique<int[]>' at unique_ptr.h:{{[0-9]+}}) of 4000 bytes stays on the heap: larger than the stack-slot limit of 1024 bytes
  P[5] = 1;
  return get(*reinterpret_cast<S *>(P.get()));
}

// YAML:      --- !Passed
// YAML-NEXT: Pass:            escape
// YAML-NEXT: Name:            HeapToStack
// YAML:      --- !Missed
// YAML-NEXT: Pass:            escape
// YAML-NEXT: Name:            HeapToStackMissed
// YAML:        - Reason:          'passed to ''sink'', which may keep it
