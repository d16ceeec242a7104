// Inline functions and templates (linkonce_odr) of this translation unit:
// the pass trusts only attributes for them, since another unit's copy may
// be linked. The summaries' "may free" level gives their call arguments
// `nofree` next to `captures(none)`, so sites passed to them move to the
// stack; a callee that deletes its argument gets no `nofree`.
// RUN: %clangxx -O2 -fno-caret-diagnostics %escape -Rpass=escape -Rpass-missed=escape %s -o %t 2>&1 | FileCheck %s
// RUN: %t
// RUN: %clangxx -O2 -fsanitize=address %escape %s -o %t.asan && %t.asan
// Without the facts (the previous behaviour) nothing moves.
// RUN: %clangxx -O2 -fno-caret-diagnostics %escape -fplugin-arg-escape-no-ir-facts -Rpass=escape -Rpass-missed=escape %s -o %t.off 2>&1 | FileCheck %s --check-prefix=OFF
// OFF-NOT: moved to the stack
// clang-format off
struct Box {
  int *P;
};
__attribute__((noinline)) inline int readBox(const Box &B) { return *B.P; }
__attribute__((noinline)) inline int peek(int *P) {
  Box B{P};
  return readBox(B);
}
template <class T> __attribute__((noinline)) int tpeek(T *P) {
  Box B{P};
  return readBox(B);
}
__attribute__((noinline)) inline int peekAndDelete(int *P) {
  Box B{P};
  int R = readBox(B);
  delete P;
  return R;
}
struct Owner {
  int *P;
  ~Owner() { delete P; }
};
__attribute__((noinline)) inline int peekViaOwner(int *P) {
  Owner O{P};
  return *O.P;
}
int f() {
  int *A = new int(1); // CHECK-DAG: nofree-inline.cpp:[[@LINE]]:12: remark: 'new' of 4 bytes moved to the stack
  int R = peek(A);
  delete A;
  int *C = new int(3); // CHECK-DAG: nofree-inline.cpp:[[@LINE]]:12: remark: 'new' of 4 bytes moved to the stack
  R += tpeek(C);
  delete C;
  int *D = new int(2); // CHECK-DAG: nofree-inline.cpp:[[@LINE]]:12: remark: 'new' of 4 bytes stays on the heap: passed to 'peekAndDelete', which may free it
  R += peekAndDelete(D);
  int *E = new int(4); // CHECK-DAG: nofree-inline.cpp:[[@LINE]]:12: remark: 'new' of 4 bytes stays on the heap: passed to 'peekViaOwner', which may free it
  R += peekViaOwner(E);
  return R;
}
int main() { return f() == 10 ? 0 : 1; }
