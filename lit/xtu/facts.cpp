// The front end hands its verdicts to the IR: a call to a function whose
// summary says a pointer parameter is not captured in LLVM's sense gets
// captures(address) on that argument (llvm/FrontendFacts.h), when
// the IR arguments are the Clang parameters one to one and the callee has
// no exact body in the module (here: inline functions, linkonce_odr, which
// prove nothing in the IR). LLVM alone cannot show it here: each callee
// stores its pointer in a local struct read by another function. A callee
// with an exact body gets no facts (issue 13): the pass judges that body
// itself (lit/ir/callee-body.ll), and the object moves.
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
__attribute__((noinline)) inline int sum2(int *A, int *B) {
  Pair P{A, B};
  return readPair(P);
}
// Leaks B: only A is marked.
int *G;
__attribute__((noinline)) inline int sumKeep(int *A, int *B) {
  G = B;
  Pair P{A, B};
  return readPair(P);
}
// Returns A: not marked.
__attribute__((noinline)) inline int *pick(int *A) {
  Pair P{A, A};
  return readPair(P) ? A : nullptr;
}
// A class passed by value: its IR arguments are not the Clang parameters
// one to one (the ABI may split or pass it indirectly), so no facts.
struct Two {
  long X, Y;
};
__attribute__((noinline)) inline int byValue(Two T, int *A) {
  Pair P{A, A};
  return readPair(P) + int(T.X);
}
// A class returned by value (possibly through a hidden pointer): no facts.
__attribute__((noinline)) inline Two byResult(int *A) {
  Pair P{A, A};
  return {readPair(P), 0};
}

// The same body, defined exactly here: no facts; LLVM's inference cannot
// show it, the pass's own judgement of the body does.
__attribute__((noinline)) int sum2Exact(int *A, int *B) {
  Pair P{A, B};
  return readPair(P);
}
// Stores its argument into its own pointee: "does not escape", but captured
// in LLVM's sense (the self-pointer of a std::string's small buffer).
struct Self {
  Self *Me;
  int V;
};
__attribute__((noinline)) inline int selfStore(Self *S) {
  S->Me = S;
  return S->V;
}

// CHECK-LABEL: define {{.*}} @main
// CHECK: call {{.*}} @_Z4sum2PiS_(ptr {{[^,]*}}captures(address){{[^,]*}}, ptr {{[^,]*}}captures(address)
// CHECK: call {{.*}} @_Z7sumKeepPiS_(ptr {{[^,]*}}captures(address){{[^,]*}}, ptr noundef nonnull %
// CHECK: call {{.*}} @_Z4pickPi(ptr noundef nonnull %
// CHECK: call {{.*}} @_Z7byValue3TwoPi(i64 {{.*}}, i64 {{.*}}, ptr noundef nonnull %
// CHECK: call {{.*}} @_Z8byResultPi(ptr noundef nonnull %
// CHECK: call {{.*}} @_Z9sum2ExactPiS_(ptr noundef nonnull %{{[^,]*}}, ptr noundef nonnull %
// CHECK: call {{.*}} @_Z9selfStoreP4Self(ptr noundef nonnull %
// OFF-LABEL: define {{.*}} @main
// OFF-NOT: captures(
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
  int *V = new int(5); // MOVED-DAG: facts.cpp:[[@LINE]]:12: remark: 'new' of 4 bytes stays on the heap: passed to 'pick', which may keep it
  R += pick(V) ? 1 : 0;
  R += byValue({6, 7}, V);
  R += byResult(V).X;
  delete V;
  delete W;
  int *U = new int(6); // MOVED-DAG: facts.cpp:[[@LINE]]:12: remark: 'new' of 4 bytes moved to the stack
  R += sum2Exact(U, U);
  delete U;
  Self *S = new Self{nullptr, 1}; // MOVED-DAG: facts.cpp:[[@LINE]]:13: remark: 'new' of 16 bytes stays on the heap: passed to 'selfStore', which may keep it
  R += selfStore(S);
  delete S;
  return R == 3 + 7 + 1 + 16 + 10 + 12 + 1 ? 0 : 1;
}
