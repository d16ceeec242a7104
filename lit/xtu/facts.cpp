// The front end hands its verdicts to the IR: a call to a function whose
// summary says a pointer parameter does not escape gets captures(none) on
// that argument (llvm/FrontendFacts.h), when the IR arguments are the
// Clang parameters one to one. LLVM alone cannot show it here: each callee
// stores its pointer in a local struct read by another function.
// RUN: %clangxx -std=c++17 -O2 -S -emit-llvm %escape %s -o - | FileCheck %s
// RUN: %clangxx -std=c++17 -O2 -S -emit-llvm %escape -fplugin-arg-escape-no-ir-facts %s -o - | FileCheck %s --check-prefix=OFF
// The program computes the same with the objects on the stack.
// RUN: %clangxx -std=c++17 -O2 %escape -Rpass=escape -Rpass-missed=escape %s -o %t 2>&1 | FileCheck %s --check-prefix=MOVED
// RUN: %t
// RUN: %clangxx -std=c++17 -O2 -fsanitize=address %escape %s -o %t.asan && %t.asan
struct Pair {
  int *A;
  int *B;
};
__attribute__((noinline)) static int readPair(const Pair &P) {
  return *P.A + *P.B;
}
__attribute__((noinline)) int sum2(int *A, int *B) {
  Pair P{A, B};
  return readPair(P);
}
// Leaks B: only A is marked.
int *G;
__attribute__((noinline)) int sumKeep(int *A, int *B) {
  G = B;
  Pair P{A, B};
  return readPair(P);
}
// Returns A: not marked.
__attribute__((noinline)) int *pick(int *A) {
  Pair P{A, A};
  return readPair(P) ? A : nullptr;
}
// A class passed by value: its IR arguments are not the Clang parameters
// one to one (the ABI may split or pass it indirectly), so no facts.
struct Two {
  long X, Y;
};
__attribute__((noinline)) int byValue(Two T, int *A) {
  Pair P{A, A};
  return readPair(P) + int(T.X);
}
// A class returned by value (possibly through a hidden pointer): no facts.
__attribute__((noinline)) Two byResult(int *A) {
  Pair P{A, A};
  return {readPair(P), 0};
}

// CHECK-LABEL: define {{.*}} @main
// CHECK: call {{.*}} @_Z4sum2PiS_(ptr {{[^,]*}}captures(none){{[^,]*}}, ptr {{[^,]*}}captures(none)
// CHECK: call {{.*}} @_Z7sumKeepPiS_(ptr {{[^,]*}}captures(none){{[^,]*}}, ptr noundef nonnull %
// CHECK: call {{.*}} @_Z4pickPi(ptr noundef nonnull %
// CHECK: call {{.*}} @_Z7byValue3TwoPi(i64 {{.*}}, i64 {{.*}}, ptr noundef nonnull %
// CHECK: call {{.*}} @_Z8byResultPi(ptr noundef nonnull %
// OFF-LABEL: define {{.*}} @main
// OFF-NOT: captures(none)
// OFF: ret i32
int main() {
  int *X = new int(1); // MOVED-DAG: facts.cpp:[[@LINE]]:12: remark: 'new' of 4 bytes moved to the stack
  int *Y = new int(2); // MOVED-DAG: facts.cpp:[[@LINE]]:12: remark: 'new' of 4 bytes moved to the stack
  int R = sum2(X, Y);
  delete X;
  delete Y;
  int *Z = new int(3); // MOVED-DAG: facts.cpp:[[@LINE]]:12: remark: 'new' of 4 bytes moved to the stack
  int *W = new int(4); // MOVED-DAG: facts.cpp:[[@LINE]]:12: remark: 'new' of 4 bytes stays on the heap: passed to 'sumKeep', which may keep it
  R += sumKeep(Z, W);
  delete Z;
  int *V = new int(5); // MOVED-DAG: facts.cpp:[[@LINE]]:12: remark: 'new' of 4 bytes stays on the heap: passed to 'byResult', which may keep it
  R += pick(V) ? 1 : 0;
  R += byValue({6, 7}, V);
  R += byResult(V).X;
  delete V;
  delete W;
  return R == 3 + 7 + 1 + 16 + 10 ? 0 : 1;
}
