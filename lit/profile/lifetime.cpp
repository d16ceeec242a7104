// Max live and the lifetime histogram (format version 2): exact counts.
// An object's lifetime is counted in instrumented heap allocations its
// thread made after it and before freeing it; histogram bucket 0: none,
// bucket I: 2^(I-1) to 2^I - 1 (runtime/Profile.cpp). An object freed by
// another thread is not in the histogram.
//
// RUN: %clangxx -O2 -g %escape -fplugin-arg-escape-profile %s %profile-rt -o %t
// RUN: rm -f %t.json %t.2.json && env CLANG_ESCAPE_PROFILE=%t.json %t
// RUN: %python %S/Inputs/sites.py --lifetimes %t.json | FileCheck %s
//
// Two runs merged by the report: max_live is the maximum over the
// processes (5, not 10), the histograms are summed.
// RUN: env CLANG_ESCAPE_PROFILE=%t.2.json %t
// RUN: %escape-tool profile --format=json %t.json %t.2.json | %python -c "import json,sys; d=json.load(sys.stdin); [print(s['line'], s['max_live'], s['lifetime_histogram']) for s in d['sites']]" | FileCheck %s --check-prefix=MERGED
// RUN: %escape-tool profile --format=html %t.json %t.2.json | FileCheck %s --check-prefix=HTML
#include <cstdio>

static inline void opaque(void *P) { asm volatile("" : : "r"(P) : "memory"); }

// Five objects live at once, then freed: lifetimes 4, 3, 2, 1, 0.
__attribute__((noinline)) void five() {
  int *P[5];
  for (int I = 0; I < 5; ++I) {
    P[I] = new int(I); // line 24
    opaque(P[I]);
  }
  for (int I = 0; I < 5; ++I)
    delete P[I];
}

int *Leak;

int main() {
  int *Long = new int(1); // line 34: freed after the 10 of five(): lifetime 10
  opaque(Long);
  five();
  five();
  delete Long;
  Leak = new int(2); // line 39: never freed, not in the histogram
  opaque(Leak);
  std::printf("done\n");
}

// Two calls of five(): max 5 live, lifetimes 0,1,2,3,4 twice.
// CHECK: lifetime.cpp:24:{{[0-9]+}} five alloc=10 local=10 later=0 thread=0 never=0 {{.*}} max_live=5 lifetimes=[2,2,4,2]
// CHECK: lifetime.cpp:34:{{[0-9]+}} main alloc=1 local=1 later=0 thread=0 never=0 {{.*}} max_live=1 lifetimes=[0,0,0,0,1]
// CHECK: lifetime.cpp:39:{{[0-9]+}} main alloc=1 local=0 later=0 thread=0 never=1 {{.*}} max_live=1 lifetimes=[]

// MERGED-DAG: 24 5 [4, 4, 8, 4]
// MERGED-DAG: 34 1 [0, 0, 0, 0, 2]
// MERGED-DAG: 39 1 []

// HTML: <th>max live</th>
// HTML: lifetime.cpp:24:{{[0-9]+}}</td><td>five</td><td>20</td>{{.*}}<td>5</td><td>0: 4, 1: 4, 2-3: 8, 4-7: 4</td>
