// -ftime-report shows the Clang plugin's own time, by phase, in a group of
// its own (bench/pass-cost.py --whole reads the total), next to the IR
// passes' lines.
// RUN: %clangxx -O2 -c %m1 -ftime-report %s -o /dev/null 2>&1 | FileCheck %s
// Without -ftime-report: no timer output.
// RUN: %clangxx -O2 -c %m1 %s -o /dev/null 2>&1 | FileCheck --check-prefix=QUIET %s

// CHECK: remark: new int(1) does not escape
// CHECK-DAG: escape::FrontendFactsPass
// CHECK-DAG: escape::HeapToStackPass
// CHECK-DAG: clang-escape (Clang plugin)
// CHECK-DAG: {{[0-9.]+}} ({{.*}}%) {{.*}}clang-escape analysis
// CHECK-DAG: stack assertions
// CHECK-DAG: front-end facts for the pass
// CHECK-DAG: remarks and warnings: analysis
// CHECK-DAG: remarks and warnings: printing
// QUIET-NOT: clang-escape analysis

__attribute__((noinline)) int read(const int *P) { return *P; }
int f() {
  int *P = new int(1);
  int R = read(P);
  delete P;
  return R;
}
