// -fplugin-arg-escape-rewrite compiles the rewritten translation unit
// without touching the file: same output (line numbers included, through
// __LINE__), fewer heap allocations (counted by bench/alloc_count.c), the
// file on disk unchanged, remarks at the original lines. The IR pass is off
// (no-transform) in both builds, so only the rewrite saves allocations.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %clang -O2 -shared -fPIC -o %t/ac.so %srcroot/bench/alloc_count.c
// RUN: cp %s %t/prog.cpp && cksum %t/prog.cpp > %t/before
// RUN: %clangxx -std=c++17 -O2 %escape -fplugin-arg-escape-no-transform %t/prog.cpp -o %t/plain
// RUN: %clangxx -std=c++17 -O2 %escape -fplugin-arg-escape-no-transform -fplugin-arg-escape-rewrite %t/prog.cpp -o %t/rewritten 2> %t/remarks
// RUN: FileCheck %s --check-prefix=REMARK < %t/remarks
// RUN: cksum %t/prog.cpp | diff - %t/before
// RUN: env ALLOC_COUNT_OUT=%t/plain.count LD_PRELOAD=%t/ac.so %t/plain > %t/plain.out
// RUN: env ALLOC_COUNT_OUT=%t/rw.count LD_PRELOAD=%t/ac.so %t/rewritten > %t/rw.out
// RUN: diff %t/plain.out %t/rw.out
// RUN: FileCheck %s --check-prefix=OUT < %t/rw.out
// RUN: %python %S/Inputs/fewer.py %t/plain.count %t/rw.count 3000
// With -m, the sites left alone say why.
// RUN: %clangxx -std=c++17 -O2 %escape -fplugin-arg-escape-m -fplugin-arg-escape-no-transform -fplugin-arg-escape-rewrite -fsyntax-only %t/prog.cpp 2>&1 | FileCheck %s --check-prefix=WHY
#include <cstdio>
#include <memory>

struct Node {
  long A, B;
  Node(long A, long B) : A(A), B(B) {}
};

__attribute__((noinline)) long score(const Node &N) { return N.A * 3 - N.B; }

long shared(int N) {
  long Total = 0;
  for (int I = 0; I < N; ++I) {
    std::shared_ptr<Node> P = std::make_shared<Node>(I, I / 3);
    // REMARK: prog.cpp:[[@LINE-1]]:31: remark: std::make_shared<Node>(...) rewritten: allocate it in the frame arena 'escape_arena'
    std::shared_ptr<Node> Q = P;
    std::weak_ptr<Node> W = Q;
    Total += score(*Q) + Q.use_count() + W.use_count();
  }
  return Total;
}

long unique(int N) {
  long Total = 0;
  for (int I = 0; I < N; ++I) {
    auto P = std::make_unique<Node>(I, 1);
    // REMARK: prog.cpp:[[@LINE-1]]:14: remark: std::make_unique<Node>(...) rewritten: use a stack object: Node P(I, 1)
    Total += score(*P) + P->A;
  }
  return Total;
}

long raw(int N) {
  long Total = 0;
  for (int I = 0; I < N; ++I) {
    Node *P = new Node(I, 2);
    // REMARK: prog.cpp:[[@LINE-1]]:15: remark: new Node(I, 2) rewritten: use a stack object: Node P_obj(I, 2);
    Total += score(*P);
    delete P;
  }
  return Total;
}

long kept(int N) {
  auto P = std::make_unique<Node>(N, 4);
  // WHY: prog.cpp:[[@LINE-1]]:12: remark: std::make_unique<Node>(...) does not escape, but is not rewritten: 'P' is moved
  auto Q = std::move(P);
  return Q->A;
}

int main() {
  std::printf("shared %ld\n", shared(1000));
  std::printf("unique %ld\n", unique(1000));
  std::printf("raw %ld\n", raw(1000));
  std::printf("kept %ld line %d\n", kept(5), __LINE__);
  // OUT: line [[@LINE-1]]
  return 0;
}
// REMARK-NOT: remark
